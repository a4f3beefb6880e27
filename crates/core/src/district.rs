//! 全区共享 (the district pool): what this station shares of a member with the other stations
//! of the district, and who is shared. Only members who gave the separate, dated consent
//! ([`crate::model::DISTRICT_CONSENT`]) and are 在册 with the station's own 知情同意; withdrawing
//! that consent, marriage, 暂停, 退出 or a deletion request takes a member out.
//!
//! A shared profile holds a station-prefixed number, the surname, gender, birth month, height,
//! education, occupation, district, hukou, marital status, housing, the requirements and the
//! self-introduction blotted by the 介绍卡's rules — never the full name, phones, WeChat,
//! employer, registrant or the volunteers' notes.

use super::db::Db;
use super::error::Result;
use super::model::{
    Education, Gender, Hukou, MaritalStatus, Member, MemberStatus, Preferences, YearMonth,
};
use super::print::without_identifiers;
use chrono::NaiveDate;
use serde::Serialize;

/// One member as the district's other stations see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedProfile {
    /// The station's code and the member's number there: "湖滨-2026-0011".
    pub key: String,
    pub station: String,
    /// "王女士": all the profile says of the name.
    pub surname_title: String,
    pub gender: Gender,
    pub birth: YearMonth,
    pub height_cm: Option<u16>,
    pub education: Option<Education>,
    pub occupation: String,
    pub district: String,
    pub hukou: Option<Hukou>,
    pub marital_status: Option<MaritalStatus>,
    pub housing: String,
    /// The 择偶要求, with 其他要求 blotted like the self-introduction.
    pub preferences: Preferences,
    pub self_intro: String,
    /// The day the member agreed to share.
    pub shared_on: NaiveDate,
}

/// Whether `member` is shared with the district now: the district consent given, 在册, the
/// station's own 知情同意 signed (not 待补签).
pub fn is_shared(member: &Member) -> bool {
    let d = &member.data;
    d.district_consent_on.is_some()
        && d.consent
        && !d.consent_pending
        && d.status == MemberStatus::Active
}

/// What the district's other stations see of `member`, or `None` when the member is not shared
/// ([`is_shared`]) or lacks what a profile needs (gender, birth month).
pub fn shared_profile(member: &Member, station: &str) -> Option<SharedProfile> {
    if !is_shared(member) {
        return None;
    }
    let d = &member.data;
    let mut preferences = d.preferences.clone();
    preferences.other = without_identifiers(&preferences.other, d);
    Some(SharedProfile {
        key: format!("{station}-{}", member.number),
        station: station.to_string(),
        surname_title: super::print::surname_title(d),
        gender: d.gender?,
        birth: d.birth?,
        height_cm: d.height_cm,
        education: d.education,
        occupation: without_identifiers(&d.occupation, d),
        district: d.district.clone(),
        hukou: d.hukou,
        marital_status: d.marital_status,
        housing: d.housing.clone(),
        preferences,
        self_intro: without_identifiers(&d.self_intro, d),
        shared_on: d.district_consent_on?,
    })
}

impl Db {
    /// The profiles this station shares with the district now, by member number.
    pub fn shared_profiles(&self, station: &str) -> Result<Vec<SharedProfile>> {
        Ok(self
            .members_where(
                "m.district_consent_on IS NOT NULL AND m.status = 'active' AND m.consent = 1
                 AND m.consent_pending = 0",
            )?
            .iter()
            .filter_map(|m| shared_profile(m, station))
            .collect())
    }
}
