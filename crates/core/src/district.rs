//! 全区共享 (the district pool): what this station shares of a member with the other stations
//! of the district, and who is shared. Only members who gave the separate, dated consent
//! ([`crate::model::DISTRICT_CONSENT`]) and are 在册 with the station's own 知情同意; withdrawing
//! that consent, marriage, 暂停, 退出 or a deletion request takes a member out.
//!
//! A shared profile holds a station-prefixed number, the surname, gender, birth month, height,
//! education, occupation, district, hukou, marital status, housing, the requirements and the
//! self-introduction blotted by the 介绍卡's rules — never the full name, phones, WeChat,
//! employer, registrant or the volunteers' notes.

use super::audit::Kind;
pub use super::codes::RequestAnswer;
use super::db::{Db, put_setting};
use super::error::Result;
use super::introductions::{NewPartner, Stage, StepKind};
use super::masking::without_identifiers;
use super::model::{
    Education, Gender, Hukou, MaritalStatus, Member, MemberData, MemberStatus, Preferences,
    YearMonth,
};
use super::pairing::{Candidate, Exclusions, Pairing, PairingIndex, Weights, ask_about};
use super::search::{Row, SearchIndex};
use super::signin::{Actor, Permission};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One member as the district's other stations see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
        && d.withheld().is_none()
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
    let mut profile = SharedProfile {
        key: format!("{station}-{}", member.number),
        station: station.to_string(),
        surname_title: super::masking::surname_title(d),
        gender: d.gender?,
        birth: d.birth?,
        height_cm: d.height_cm,
        education: d.education,
        occupation: d.occupation.clone(),
        district: d.district.clone(),
        hukou: d.hukou,
        marital_status: d.marital_status,
        housing: d.housing.clone(),
        preferences: d.preferences.clone(),
        self_intro: d.self_intro.clone(),
        shared_on: d.district_consent_on?,
    };
    profile.blot_free_texts(d);
    Some(profile)
}

/// The largest card (its JSON, in bytes) a station sends or keeps: a card at the registration
/// form's limits is under 17 KB even in 4-byte characters, usually 1–3 KB. The server holds to
/// the same bound (hongniang-district's sql/v4.sql).
pub const SHARED_PROFILE_MAX_BYTES: usize = 32 * 1024;

impl SharedProfile {
    /// The 介绍卡's rule on every free text of the card: numbers of 7 or more digits (phones,
    /// ID numbers, QQ), WeChat-like IDs and whatever `d` names (the member's name and given
    /// name, the registrant's name, the employer) blotted. The sending station applies it with
    /// its member's data, a receiving one with none (it knows no name), the same rule.
    fn blot_free_texts(&mut self, d: &MemberData) {
        for text in [
            &mut self.occupation,
            &mut self.district,
            &mut self.housing,
            &mut self.self_intro,
            &mut self.preferences.other,
        ] {
            *text = without_identifiers(text, d);
        }
    }
}

/// Why a received card is not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Over [`SHARED_PROFILE_MAX_BYTES`].
    Oversized,
    /// Not a card this version reads.
    Malformed,
    /// Its key or station is not that of the station whose row it came in.
    Forged,
}

/// A card received from the district as this station keeps it: read, checked against the row
/// it came in (the key starts with that station's code, the card names the same key and
/// station), bounded, and blotted again by the card rules — nothing in it is trusted. The JSON
/// to keep, or why it is refused.
pub fn received_card(row: &Incoming, json: &str) -> std::result::Result<String, Refusal> {
    if json.len() > SHARED_PROFILE_MAX_BYTES {
        return Err(Refusal::Oversized);
    }
    let mut card: SharedProfile = serde_json::from_str(json).map_err(|_| Refusal::Malformed)?;
    if !row.key.starts_with(&format!("{}-", row.station))
        || card.key != row.key
        || card.station != row.station
    {
        return Err(Refusal::Forged);
    }
    card.blot_free_texts(&MemberData::default());
    // The form of address is made by the sending program from the surname; anything else in
    // it is no form of address.
    if card.surname_title.chars().count() > 24 {
        return Err(Refusal::Malformed);
    }
    card.surname_title = without_identifiers(&card.surname_title, &MemberData::default());
    serde_json::to_string(&card).map_err(|_| Refusal::Malformed)
}

/// The other stations' cards held here — in the mirror and on the requests — put through
/// [`received_card`] as if received now: blotted again; a refused one leaves the mirror, and
/// the requests but the accepted ones, whose introduction needs it (as when a member leaves
/// the pool). How many were refused.
fn recheck_held_cards(tx: &rusqlite::Transaction<'_>) -> Result<usize> {
    let mut refused = 0;
    let held: Vec<(String, String, String)> = {
        let mut statement = tx.prepare("SELECT key, station, profile FROM district_mirror")?;
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (key, station, json) in held {
        let row = Incoming {
            key,
            station,
            profile: None,
        };
        match received_card(&row, &json) {
            Ok(checked) if checked == json => {}
            Ok(checked) => {
                tx.execute(
                    "UPDATE district_mirror SET profile = ?1 WHERE key = ?2",
                    params![checked, row.key],
                )?;
            }
            Err(_) => {
                refused += 1;
                tx.execute("DELETE FROM district_mirror WHERE key = ?1", [&row.key])?;
            }
        }
    }
    let cards: Vec<(i64, String, String, String, bool)> = {
        let mut statement = tx.prepare(
            "SELECT id, partner_key, partner_station, partner, answer IS 'accepted'
             FROM district_requests WHERE partner IS NOT NULL",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, key, station, json, accepted) in cards {
        let row = Incoming {
            key,
            station,
            profile: None,
        };
        let checked = match received_card(&row, &json) {
            Ok(checked) if checked == json => continue,
            Ok(checked) => Some(checked),
            Err(_) if accepted => continue,
            Err(_) => None,
        };
        tx.execute(
            "UPDATE district_requests SET partner = ?1 WHERE id = ?2",
            params![checked, id],
        )?;
    }
    Ok(refused)
}

/// What a pull stored: cards new or changed here, removed, and refused (see [`received_card`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Received {
    pub changed: usize,
    pub removed: usize,
    pub refused: usize,
}

/// What a sync sends: the profiles new or changed since the last sync (key and JSON), and the
/// keys of members no longer shared (withdrawn, married, 暂停, 退出, deleted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outgoing {
    pub changed: Vec<(String, String)>,
    pub removed: Vec<String>,
}

impl Outgoing {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// One profile received from the district: its key, station, and the profile (`None`: taken
/// out of the pool).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub key: String,
    pub station: String,
    pub profile: Option<String>,
}

/// The setting that holds where the next pull starts (the server's own watermark).
const PULLED_FROM: &str = "district_pulled_from";
const STATION: &str = "district_station";
const SERVER: &str = "district_server";
const CA_FILE: &str = "district_ca_file";
const LAST_SYNC: &str = "district_last_sync";
/// Set once the cards held here were checked by [`received_card`] (see `recheck_held_cards`).
const MIRROR_CHECKED: &str = "district_mirror_checked";

/// How this station reaches the district's server (设置 → 全区共享). The password is not
/// here: it is kept in a file only the PC's user can read (hongniang-district).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DistrictSettings {
    /// The station's code on the server, in front of its member numbers ("湖滨").
    pub station: String,
    /// The server, as a libpq connection string without the password
    /// ("host=10.0.0.5 port=5432 dbname=district user=hubin"); no `sslmode` needed: the
    /// connection is always encrypted and checked (verify-full).
    pub server: String,
    /// The district's certificate (a PEM file) the server's must be signed with, for the
    /// server's address; required (a station without it does not connect).
    pub ca_file: String,
}

/// The station's code as the server takes it: 1–16 characters, no spaces or "-" (the "-"
/// separates it from the member number).
pub fn check_station_code(code: &str) -> Result<()> {
    let count = code.chars().count();
    if count == 0 || count > 16 || code.chars().any(|c| c == '-' || c.is_whitespace()) {
        return Err(super::error::Error::Refused(format!(
            "站点代码“{code}”不能用:请写 1–16 个字,不含空格和“-”,例如“湖滨”"
        )));
    }
    Ok(())
}

/// The district's certificate file as joining the pool needs it: given, readable, and a PEM
/// certificate (the connection checks it against the server's: hongniang-district).
pub fn check_certificate_file(path: &str) -> Result<()> {
    let refuse = |text: String| Err(super::error::Error::Refused(text));
    if path.is_empty() {
        return refuse(
            "请选上全区的证书文件(.pem,向全区管理员要):没有它,程序无法确认连到的是全区服务器,密码可能被截获"
                .into(),
        );
    }
    // A certificate is a few KB; a bundle of a few; more is not one.
    let read = std::fs::File::open(path).and_then(|file| {
        use std::io::Read;
        let mut text = Vec::new();
        file.take(1024 * 1024).read_to_end(&mut text)?;
        Ok(text)
    });
    match read {
        Err(e) => refuse(format!(
            "全区的证书文件 {path} 读不出来({e});请确认文件在那里,或向全区管理员再要一份"
        )),
        Ok(text)
            if !text
                .windows(27)
                .any(|w| w == b"-----BEGIN CERTIFICATE-----") =>
        {
            refuse(format!(
                "{path} 不是证书文件(里面没有“BEGIN CERTIFICATE”);请选全区管理员给的 .pem 证书文件"
            ))
        }
        Ok(_) => Ok(()),
    }
}

/// When the last sync ended and what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastSync {
    /// Local time, `2026-12-03T10:30:00`.
    pub at: String,
    pub summary: String,
}

impl Db {
    /// What the next sync must send, compared with what the last one sent.
    pub fn district_outgoing(&self, station: &str) -> Result<Outgoing> {
        let mut sent: std::collections::HashMap<String, String> = {
            let mut statement = self
                .conn
                .prepare("SELECT key, profile FROM district_pushed")?;
            let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut out = Outgoing::default();
        for profile in self.shared_profiles(station)? {
            let json = serde_json::to_string(&profile)
                .map_err(|e| super::error::Error::Stored(e.to_string()))?;
            if sent.remove(&profile.key).as_ref() != Some(&json) {
                out.changed.push((profile.key, json));
            }
        }
        out.removed = sent.into_keys().collect();
        out.removed.sort();
        Ok(out)
    }

    /// Records that `sent` reached the district (after the server committed it).
    pub fn district_sent(&mut self, sent: &Outgoing) -> Result<()> {
        let tx = self.write()?;
        for (key, json) in &sent.changed {
            tx.execute(
                "INSERT INTO district_pushed (key, profile) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET profile = excluded.profile",
                params![key, json],
            )?;
        }
        for key in &sent.removed {
            tx.execute("DELETE FROM district_pushed WHERE key = ?1", [key])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// How the station reaches the district, once it was set up.
    pub fn district_settings(&self) -> Result<Option<DistrictSettings>> {
        let Some(station) = self.setting(STATION)? else {
            return Ok(None);
        };
        Ok(Some(DistrictSettings {
            station,
            server: self.setting(SERVER)?.unwrap_or_default(),
            ca_file: self.setting(CA_FILE)?.unwrap_or_default(),
        }))
    }

    /// Sets how the station reaches the district (an administrator's task once the station has
    /// one), recorded in the 操作记录. The station's code cannot change once profiles were sent
    /// under it: the other stations know its members by it.
    pub fn set_district_settings(&self, actor: &Actor, settings: &DistrictSettings) -> Result<()> {
        self.may(actor, Permission::District)?;
        let station = settings.station.trim();
        check_station_code(station)?;
        if settings.server.trim().is_empty() {
            return Err(super::error::Error::Refused(
                "请填写全区服务器的地址(如 host=10.0.0.5 dbname=district user=hubin)".into(),
            ));
        }
        check_certificate_file(settings.ca_file.trim())?;
        if let Some(old) = self.setting(STATION)?
            && old != station
        {
            let sent: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM district_pushed", [], |r| r.get(0))?;
            if sent > 0 {
                return Err(super::error::Error::Refused(format!(
                    "本站已用代码“{old}”向全区发出了 {sent} 份资料,其他站点按它认这些会员;代码不能再改"
                )));
            }
        }
        let tx = self.write()?;
        for (key, value) in [
            (STATION, station),
            (SERVER, settings.server.trim()),
            (CA_FILE, settings.ca_file.trim()),
        ] {
            put_setting(&tx, key, value)?;
        }
        super::audit::record(
            &tx,
            actor.volunteer(),
            Kind::District,
            None,
            None,
            None,
            &format!("全区共享设置:站点代码 {station}"),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records that a sync ended (with what it did, in words) as the last sync, and in the
    /// 操作记录 when it `changed` anything (a sync with nothing new, as at every start, is not
    /// worth a line there).
    pub fn district_synced(&mut self, actor: &Actor, summary: &str, changed: bool) -> Result<()> {
        let tx = self.write()?;
        let at = super::now_text();
        put_setting(&tx, LAST_SYNC, &format!("{at}\t{summary}"))?;
        if changed {
            super::audit::record(
                &tx,
                actor.volunteer(),
                Kind::District,
                None,
                None,
                None,
                &format!("全区同步:{summary}"),
                None,
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// When the last sync ended, if one did.
    pub fn district_last_sync(&self) -> Result<Option<LastSync>> {
        Ok(self.setting(LAST_SYNC)?.and_then(|value| {
            let (at, summary) = value.split_once('\t')?;
            Some(LastSync {
                at: at.to_string(),
                summary: summary.to_string(),
            })
        }))
    }

    /// Where the next pull starts (`None`: from the beginning).
    pub fn district_pulled_from(&self) -> Result<Option<String>> {
        self.setting(PULLED_FROM)
    }

    /// Stores what a pull received — the other stations' profiles, or their removal — and
    /// where the next pull starts, in one transaction (a pull cut short leaves the mirror as
    /// it was; received again, a profile is stored again). Each card is checked and blotted
    /// again first ([`received_card`]): a refused one is not kept (the one held before, if
    /// any, stays) and counted. Returns how many profiles were new or changed here, removed,
    /// and refused.
    pub fn district_received(
        &mut self,
        incoming: &[Incoming],
        next_from: &str,
    ) -> Result<Received> {
        let tx = self.write()?;
        let (mut changed, mut removed, mut refused) = (0, 0, 0);
        // Cards kept by a version that did not check them: checked once, the same way.
        let checked: Option<String> = tx
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [MIRROR_CHECKED],
                |r| r.get(0),
            )
            .optional()?;
        if checked.is_none() {
            refused += recheck_held_cards(&tx)?;
            put_setting(&tx, MIRROR_CHECKED, "1")?;
        }
        for row in incoming {
            match &row.profile {
                Some(json) => {
                    let json = match received_card(row, json) {
                        Ok(json) => json,
                        Err(_) => {
                            refused += 1;
                            continue;
                        }
                    };
                    // Read again after a cut-off or an overlapping pull: stored once, counted once.
                    changed += tx.execute(
                        "INSERT INTO district_mirror (key, station, profile) VALUES (?1, ?2, ?3)
                         ON CONFLICT (key) DO UPDATE SET station = excluded.station,
                            profile = excluded.profile
                         WHERE district_mirror.profile IS NOT excluded.profile
                            OR district_mirror.station IS NOT excluded.station",
                        params![row.key, row.station, json],
                    )?
                }
                // Only a station's own member is taken out by its row.
                None if !row.key.starts_with(&format!("{}-", row.station)) => refused += 1,
                None => {
                    removed +=
                        tx.execute("DELETE FROM district_mirror WHERE key = ?1", [&row.key])?;
                    // Left the pool (maybe deleted on request): their card goes from the
                    // requests too, but for the accepted ones, whose introduction needs it.
                    tx.execute(
                        "UPDATE district_requests SET partner = NULL
                         WHERE partner_key = ?1 AND answer IS NOT 'accepted'",
                        [&row.key],
                    )?;
                }
            };
        }
        put_setting(&tx, PULLED_FROM, next_from)?;
        tx.commit()?;
        Ok(Received {
            changed,
            removed,
            refused,
        })
    }

    /// The other stations' shared profiles held here, by key.
    pub fn district_mirror(&self) -> Result<Vec<SharedProfile>> {
        let mut statement = self
            .conn
            .prepare("SELECT profile FROM district_mirror ORDER BY key")?;
        let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
        let mut profiles = Vec::new();
        for json in rows {
            // A profile this version cannot read is left out, not fatal.
            if let Ok(profile) = serde_json::from_str(&json?) {
                profiles.push(profile);
            }
        }
        Ok(profiles)
    }

    /// How many members this station shares now, and how many other stations' profiles are
    /// held here: for 设置 and `district status`, without building or reading the profiles.
    pub fn district_counts(&self) -> Result<(usize, usize)> {
        let shared = self
            .members_where("m.district_consent_on IS NOT NULL")?
            .iter()
            .filter(|m| is_shared(m))
            .count();
        let received: i64 =
            self.conn
                .query_row("SELECT count(*) FROM district_mirror", [], |r| r.get(0))?;
        Ok((shared, usize::try_from(received).unwrap_or(0)))
    }

    /// The profiles this station shares with the district now, by member number.
    pub fn shared_profiles(&self, station: &str) -> Result<Vec<SharedProfile>> {
        Ok(self
            // Those who agreed; is_shared decides the rest.
            .members_where("m.district_consent_on IS NOT NULL")?
            .iter()
            .filter_map(|m| shared_profile(m, station))
            .collect())
    }
}

/// A shared profile's 介绍卡 lines, as the other stations' volunteers see them.
pub fn card_fields(p: &SharedProfile, today: NaiveDate) -> Vec<(&'static str, String)> {
    let or_blank = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    vec![
        ("站点", p.station.clone()),
        ("年龄", format!("{} 岁({})", p.birth.age_on(today), p.birth)),
        (
            "身高",
            p.height_cm.map_or("—".into(), |h| format!("{h} 厘米")),
        ),
        ("学历", p.education.map_or("—".into(), |e| e.label().into())),
        (
            "婚姻",
            p.marital_status.map_or("—".into(), |s| s.label().into()),
        ),
        ("户籍", p.hukou.map_or("—".into(), |h| h.label().into())),
        ("居住区", or_blank(&p.district)),
        ("职业", or_blank(&p.occupation)),
        ("住房", or_blank(&p.housing)),
        ("自我介绍", or_blank(&p.self_intro)),
    ]
}

/// What pairing reads of a shared profile: the 介绍卡's fields and the requirements (no
/// employer, registrant or hobbies: the pool does not hold them).
fn pairing_data(profile: &SharedProfile) -> MemberData {
    MemberData {
        gender: Some(profile.gender),
        birth: Some(profile.birth),
        height_cm: profile.height_cm,
        education: profile.education,
        marital_status: profile.marital_status,
        hukou: profile.hukou,
        district: profile.district.clone(),
        housing: profile.housing.clone(),
        preferences: profile.preferences.clone(),
        ..MemberData::default()
    }
}

/// The other stations' members held here (the mirror), ready for 全区 pairing.
#[derive(Debug, Default)]
pub struct DistrictIndex {
    index: PairingIndex,
    /// Position + 1 is the candidate's id in a [`DistrictPairing`].
    profiles: Vec<SharedProfile>,
}

/// One member's candidates among the other stations' members: the same two-way verdicts as
/// 本站 pairing; a candidate's `member_id` names its profile ([`DistrictPairing::profile`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictPairing {
    pub pairing: Pairing,
    profiles: HashMap<i64, SharedProfile>,
}

impl DistrictPairing {
    /// The shared profile of a candidate of this pairing.
    pub fn profile(&self, candidate: &Candidate) -> Option<&SharedProfile> {
        self.profiles.get(&candidate.member_id)
    }
}

impl DistrictIndex {
    /// Reads the mirror.
    pub fn build(db: &Db) -> Result<Self> {
        Ok(Self::of_profiles(db.district_mirror()?))
    }

    pub fn of_profiles(profiles: Vec<SharedProfile>) -> Self {
        let index = PairingIndex::of_members(
            profiles
                .iter()
                .enumerate()
                .map(|(i, p)| (u32::try_from(i + 1).unwrap_or(u32::MAX), pairing_data(p))),
        );
        DistrictIndex { index, profiles }
    }

    pub fn len(&self) -> usize {
        self.profiles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    /// [`DistrictIndex::pair`] as the station asks it: leaving out whom `member` was already
    /// asked about or introduced to, with the station's weights.
    pub fn pair_for(
        &self,
        db: &Db,
        member: &Member,
        today: NaiveDate,
        limit: usize,
    ) -> Result<DistrictPairing> {
        let asked = db.district_partners_of(member.id)?;
        self.pair(member, &asked, &db.pairing_weights()?, today, limit)
    }

    /// The candidates for local member `member` among the other stations' members, with the
    /// requirements written as text (theirs and the member's) to ask about. Left out: those
    /// `member` was already asked about or introduced to (`asked`, their keys: see
    /// [`Db::district_partners_of`]); nobody for an introduction at their own station, which
    /// keeps those.
    pub fn pair(
        &self,
        member: &Member,
        asked: &[String],
        weights: &Weights,
        today: NaiveDate,
        limit: usize,
    ) -> Result<DistrictPairing> {
        // Most members were asked about nobody: no pass over the mirror then.
        let introduced = if asked.is_empty() {
            Vec::new()
        } else {
            self.profiles
                .iter()
                .enumerate()
                .filter(|(_, p)| asked.contains(&p.key))
                .map(|(i, _)| i as i64 + 1)
                .collect()
        };
        let exclusions = Exclusions {
            introduced,
            ..Exclusions::default()
        };
        let mut pairing = self
            .index
            .pair(member, &exclusions, weights, today, limit)?;
        let she = |gender: Gender| super::pairing::pronoun_of(Some(gender));
        let mut profiles = HashMap::new();
        for candidate in pairing
            .candidates
            .iter_mut()
            .chain(pairing.near_misses.iter_mut())
        {
            let Some(profile) = usize::try_from(candidate.member_id - 1)
                .ok()
                .and_then(|i| self.profiles.get(i))
            else {
                continue;
            };
            if let Some(gender) = member.data.gender {
                candidate
                    .for_member
                    .extend(ask_about(she(gender), &member.data.preferences.other));
            }
            candidate
                .for_candidate
                .extend(ask_about(she(profile.gender), &profile.preferences.other));
            if let Some(family) = &member.data.family {
                candidate.family_for_member = self.index.judge_on_candidate(
                    family.by.label(),
                    &family.preferences,
                    candidate.member_id,
                    today,
                );
            }
            profiles.insert(candidate.member_id, profile.clone());
        }
        Ok(DistrictPairing { pairing, profiles })
    }
}

/// An introduction request between two stations as the server holds it (what a sync or an
/// ask brings back to the station).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: i64,
    pub from_station: String,
    pub from_key: String,
    pub to_station: String,
    pub to_key: String,
    pub note: String,
    pub asked_on: NaiveDate,
    pub answer: Option<RequestAnswer>,
    pub reason: String,
    pub answered_on: Option<NaiveDate>,
    /// How far each station has recorded the introduction since it was accepted.
    pub from_stage: Option<Stage>,
    pub to_stage: Option<Stage>,
    /// The 全区联谊 (the district's event id) whose mutual choice this pair was.
    pub shared_event: Option<i64>,
}

impl SearchIndex {
    /// An index over the other stations' shared profiles (查询's 全区): each found by its
    /// station-prefixed number, its surname and title, occupation and self-introduction, with
    /// the same conditions as 本站's; a position's id is the profile's place in `profiles` + 1.
    pub fn of_profiles(profiles: &[SharedProfile]) -> Self {
        SearchIndex::from_rows(profiles.iter().enumerate().map(|(i, p)| Row {
            id: u32::try_from(i + 1).unwrap_or(u32::MAX),
            number: p.key.clone(),
            name: p.surname_title.clone(),
            gender: p.gender,
            birth: Some(p.birth),
            height_cm: p.height_cm,
            education: p.education,
            marital: p.marital_status,
            hukou: p.hukou,
            district: p.district.clone(),
            occupation: p.occupation.clone(),
            employer: String::new(),
            intro: p.self_intro.clone(),
            phones: [String::new(), String::new()],
            by_relative: false,
            status: MemberStatus::Active,
            volunteer: None,
            registered: p.shared_on,
            has_photo: false,
        }))
    }
}

/// Answered requests stay on 首页 this many days.
pub const REQUESTS_SHOWN_DAYS: i64 = 30;

impl DistrictRequest {
    /// Still on 首页 on `today`: open, or answered at most [`REQUESTS_SHOWN_DAYS`] days before.
    pub fn shown_on(&self, today: NaiveDate) -> bool {
        self.answered_on
            .is_none_or(|on| (today - on).num_days() <= REQUESTS_SHOWN_DAYS)
    }
}

/// An introduction request as this station sees it: one it sent for its member, or one sent
/// to it for its member, with the other member's card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictRequest {
    pub id: i64,
    /// This station asked (else it was asked).
    pub sent: bool,
    /// This station's member (`None` once deleted here).
    pub member_id: Option<i64>,
    pub member_name: String,
    pub member_key: String,
    pub partner_key: String,
    pub partner_station: String,
    /// The other member's card as it was when asked (`None` if not held here).
    pub partner: Option<SharedProfile>,
    /// From the asking station's volunteer: who asks, how to call back.
    pub note: String,
    pub asked_on: NaiveDate,
    pub answer: Option<RequestAnswer>,
    pub reason: String,
    pub answered_on: Option<NaiveDate>,
    /// The introduction it became in this station's 牵线记录 once accepted, and how far it
    /// went here.
    pub introduction_id: Option<i64>,
    pub introduction_stage: Option<Stage>,
    pub contacts_exchanged: bool,
    /// This station's member's status now (`None` once deleted here).
    pub member_status: Option<MemberStatus>,
    /// The other member is in the pool as of the last sync.
    pub partner_shared: bool,
}

/// What this station tells the district of how far an introduction across two stations went
/// (its own side: the asking station's or the asked one's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageReport {
    pub request_id: i64,
    /// This station sent the request (so it writes the asking side's stage).
    pub sent: bool,
    pub stage: Stage,
}

impl DistrictRequest {
    /// Where its introduction stands here: "已记入本站牵线记录,双方都同意了:下一步两站红娘交换
    /// 联系方式" / "已记入本站牵线记录,现在:见面"; `None` before it was accepted.
    pub fn introduction_text(&self) -> Option<String> {
        if self.answer == Some(RequestAnswer::Accepted) && self.introduction_stage.is_none() {
            // Only a member 在册 here is introduced (see accepted_introduction).
            return Some(match self.member_status {
                Some(status) => format!(
                    "没有记入本站牵线记录:{}现在是“{}”,不在册",
                    self.member_name,
                    status.label()
                ),
                None => "没有记入本站牵线记录:本站会员的资料已删除".to_string(),
            });
        }
        let stage = self.introduction_stage?;
        Some(match stage {
            Stage::Introduced if !self.contacts_exchanged => {
                "已记入本站牵线记录,双方都同意了:下一步两站红娘交换联系方式".to_string()
            }
            Stage::Introduced => "已记入本站牵线记录,已交换联系方式".to_string(),
            stage => format!("已记入本站牵线记录,现在:{}", stage.label()),
        })
    }

    /// "等南星站答复", "南星站已同意(2026-12-03)", "本站不同意:……".
    pub fn state_text(&self) -> String {
        let who = if self.sent {
            format!("{}站", self.partner_station)
        } else {
            "本站".to_string()
        };
        match (self.answer, self.answered_on) {
            (None, _) => {
                if self.sent {
                    format!("等{who}答复")
                } else if !self.partner_shared {
                    // The server accepts no more (see sql/v3.sql).
                    "等本站答复:对方已不在全区共享里(可能已暂停、结婚或退出),请选“不同意”"
                        .to_string()
                } else {
                    "等本站答复".to_string()
                }
            }
            (Some(RequestAnswer::Accepted), on) => format!(
                "{who}已同意{}",
                on.map(|d| format!("({d})")).unwrap_or_default()
            ),
            (Some(RequestAnswer::Declined), _) if self.reason.trim().is_empty() => {
                format!("{who}不同意")
            }
            (Some(RequestAnswer::Declined), _) => format!("{who}不同意:{}", self.reason.trim()),
        }
    }
}

/// The longest note or reason a volunteer writes on a request (the server's limit).
pub const REQUEST_TEXT_MAX: usize = 500;

impl Db {
    /// Whether `member_id` of this station may be proposed to the other station's member
    /// `partner_key` (both shared now, of the two genders, no open request between them):
    /// this station's key of the member, and the partner's card.
    pub fn district_request_check(
        &self,
        station: &str,
        member_id: i64,
        partner_key: &str,
    ) -> Result<(String, SharedProfile)> {
        let refuse = |text: String| Err(super::error::Error::Refused(text));
        let member = self.member(member_id)?;
        let Some(mine) = shared_profile(&member, station) else {
            return refuse(format!(
                "{}没有同意全区共享(或现在不在册):其他站点看不到本人的资料,不能向他们请求介绍。先请本人在登记表上勾选“全区共享”",
                member.data.name
            ));
        };
        let partner: Option<String> = self
            .conn
            .query_row(
                "SELECT profile FROM district_mirror WHERE key = ?1",
                [partner_key.trim()],
                |r| r.get(0),
            )
            .optional()?;
        let Some(partner) =
            partner.and_then(|json| serde_json::from_str::<SharedProfile>(&json).ok())
        else {
            return refuse(format!(
                "本机没有“{}”的资料:对方可能已不在全区共享里,请先同步再看",
                partner_key.trim()
            ));
        };
        if partner.gender == mine.gender {
            return refuse(format!(
                "{}和{}性别相同",
                member.data.name, partner.surname_title
            ));
        }
        let open: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM district_requests WHERE answer IS NULL
                AND member_key = ?1 AND partner_key = ?2)",
            params![mine.key, partner.key],
            |r| r.get(0),
        )?;
        if open {
            return refuse(format!(
                "已经为{}向{}站请求过介绍{},还在等答复",
                member.data.name, partner.station, partner.surname_title
            ));
        }
        // An introduction of the two already: going on, or over (not asked for twice).
        let earlier: Option<bool> = self.conn.query_row(
            "SELECT max(stage IN ('introduced', 'met', 'dating')) FROM introductions
                 WHERE member_a = ?1 AND partner_key = ?2",
            params![member_id, partner.key],
            |r| r.get(0),
        )?;
        match earlier {
            Some(true) => {
                return refuse(format!(
                    "{}和{}站的{}已有一条进行中的牵线(见牵线记录)",
                    member.data.name, partner.station, partner.surname_title
                ));
            }
            Some(false) => {
                return refuse(format!(
                    "{}和{}站的{}已经介绍过(见牵线记录),不再重复请求",
                    member.data.name, partner.station, partner.surname_title
                ));
            }
            None => {}
        }
        Ok((mine.key, partner))
    }

    /// Stores requests as the server has them (sent by this station `station` or to it): new
    /// ones with the other member's card from the mirror, answers to known ones. Returns how
    /// many were new or changed here.
    pub fn district_requests_received(
        &mut self,
        station: &str,
        rows: &[RequestRow],
        actor: &Actor,
    ) -> Result<usize> {
        let volunteer = actor.volunteer();
        let tx = self.write()?;
        let mut changed = 0;
        for row in rows {
            let sent = row.from_station == station;
            let (member_key, partner_key, partner_station) = if sent {
                (&row.from_key, &row.to_key, &row.to_station)
            } else {
                (&row.to_key, &row.from_key, &row.from_station)
            };
            let number = member_key
                .strip_prefix(&format!("{station}-"))
                .unwrap_or(member_key);
            let member_id: Option<i64> = tx
                .query_row("SELECT id FROM members WHERE number = ?1", [number], |r| {
                    r.get(0)
                })
                .optional()?;
            let partner: Option<String> = tx
                .query_row(
                    "SELECT profile FROM district_mirror WHERE key = ?1",
                    [partner_key],
                    |r| r.get(0),
                )
                .optional()?;
            let partner_stage = if sent { row.to_stage } else { row.from_stage };
            changed += tx.execute(
                "INSERT INTO district_requests (id, sent, member_id, member_key, partner_key,
                     partner_station, partner, note, asked_on, answer, reason, answered_on,
                     partner_stage, shared_event)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                 ON CONFLICT (id) DO UPDATE SET answer = excluded.answer,
                     reason = excluded.reason, answered_on = excluded.answered_on,
                     partner_stage = excluded.partner_stage
                 WHERE district_requests.answer IS NOT excluded.answer
                     OR district_requests.reason IS NOT excluded.reason
                     OR district_requests.partner_stage IS NOT excluded.partner_stage",
                params![
                    row.id,
                    sent,
                    member_id,
                    member_key,
                    partner_key,
                    partner_station,
                    partner,
                    row.note,
                    row.asked_on,
                    row.answer.map(RequestAnswer::code),
                    row.reason,
                    row.answered_on,
                    partner_stage,
                    row.shared_event
                ],
            )?;
            if row.answer == Some(RequestAnswer::Accepted)
                && let Some(member_id) = member_id
            {
                accepted_introduction(&tx, row, sent, member_id, volunteer)?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The other stations' members `member_id` was asked about or introduced to (their keys):
    /// 全区 pairing does not suggest them again.
    pub fn district_partners_of(&self, member_id: i64) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT partner_key FROM district_requests WHERE member_id = ?1
             UNION SELECT partner_key FROM introductions
             WHERE member_a = ?1 AND partner_key IS NOT NULL",
        )?;
        let keys = statement.query_map([member_id], |r| r.get(0))?;
        Ok(keys.collect::<rusqlite::Result<_>>()?)
    }

    /// How the other station's member's contacts reach this station: through the two
    /// stations' volunteers, with what they wrote on the request.
    pub fn district_relay(
        &self,
        partner: &super::introductions::DistrictPartner,
    ) -> Result<String> {
        let request = self.district_request(partner.request_id)?;
        let words = if request.sent {
            request.reason.trim()
        } else {
            request.note.trim()
        };
        let mut text = format!(
            "{}站的会员,联系方式由两站红娘电话转交,不经过全区服务器",
            partner.station
        );
        if !words.is_empty() {
            let who = if request.sent {
                format!("{}站答复时写", partner.station)
            } else {
                format!("{}站红娘留言", partner.station)
            };
            text.push_str(&format!(";{who}:{words}"));
        }
        Ok(text)
    }

    /// The stages of this station's side of introductions across two stations that the
    /// district does not have yet.
    pub fn district_stages_to_report(&self) -> Result<Vec<StageReport>> {
        let mut statement = self.conn.prepare(
            "SELECT r.id, r.sent, i.stage FROM introductions i
             JOIN district_requests r ON r.id = i.request_id
             WHERE r.reported_stage IS NOT i.stage ORDER BY r.id",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(StageReport {
                request_id: r.get(0)?,
                sent: r.get(1)?,
                stage: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Notes that the district now has these stages.
    pub fn district_stages_reported(&mut self, reports: &[StageReport]) -> Result<()> {
        let tx = self.write()?;
        for report in reports {
            tx.execute(
                "UPDATE district_requests SET reported_stage = ?1 WHERE id = ?2",
                params![report.stage, report.request_id],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records in the 操作记录 what a volunteer did with a request (after the server has it).
    pub fn district_request_logged(&mut self, actor: &Actor, id: i64, what: &str) -> Result<()> {
        let member: Option<i64> = self
            .conn
            .query_row(
                "SELECT member_id FROM district_requests WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let tx = self.write()?;
        super::audit::record(
            &tx,
            actor.volunteer(),
            Kind::District,
            member,
            None,
            None,
            what,
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The requests this station sent or was sent, the open ones first, then the newest. Not
    /// the pairs of a 全区联谊 (shown with their event, in its 互选结果).
    pub fn district_requests(&self) -> Result<Vec<DistrictRequest>> {
        self.requests_where(
            "WHERE r.shared_event IS NULL
             ORDER BY r.answer IS NOT NULL, r.asked_on DESC, r.id DESC",
            None,
        )
    }

    /// The requests worth a look on 首页 on `today`: to answer, waiting for the other station,
    /// and answered in the last [`REQUESTS_SHOWN_DAYS`] days; in `district_requests`' order.
    pub fn district_requests_to_show(&self, today: NaiveDate) -> Result<Vec<DistrictRequest>> {
        Ok(self
            .district_requests()?
            .into_iter()
            .filter(|r| r.shown_on(today))
            .collect())
    }

    /// One request held here.
    pub fn district_request(&self, id: i64) -> Result<DistrictRequest> {
        self.requests_where("WHERE r.id = ?1", Some(id))?
            .pop()
            .ok_or_else(|| super::error::Error::Refused(format!("没有编号为 {id} 的全区介绍请求")))
    }

    /// The requests held here, with `tail` (a condition on `?1` = `id`, or the order).
    fn requests_where(&self, tail: &str, id: Option<i64>) -> Result<Vec<DistrictRequest>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT r.id, r.sent, r.member_id, coalesce(m.name, ''), r.member_key, r.partner_key,
                    r.partner_station, r.partner, r.note, r.asked_on, r.answer, r.reason,
                    r.answered_on, i.id, i.stage, i.exchanged_on IS NOT NULL, m.status,
                    EXISTS (SELECT 1 FROM district_mirror d WHERE d.key = r.partner_key)
             FROM district_requests r LEFT JOIN members m ON m.id = r.member_id
             LEFT JOIN introductions i ON i.request_id = r.id
             {tail}"
        ))?;
        let read = |r: &rusqlite::Row<'_>| {
            let partner: Option<String> = r.get(7)?;
            let answer: Option<String> = r.get(10)?;
            Ok(DistrictRequest {
                id: r.get(0)?,
                sent: r.get(1)?,
                member_id: r.get(2)?,
                member_name: r.get(3)?,
                member_key: r.get(4)?,
                partner_key: r.get(5)?,
                partner_station: r.get(6)?,
                partner: partner.and_then(|json| serde_json::from_str(&json).ok()),
                note: r.get(8)?,
                asked_on: r.get(9)?,
                answer: answer.as_deref().and_then(RequestAnswer::parse),
                reason: r.get(11)?,
                answered_on: r.get(12)?,
                introduction_id: r.get(13)?,
                introduction_stage: r.get(14)?,
                contacts_exchanged: r.get::<_, Option<bool>>(15)?.unwrap_or(false),
                member_status: r.get(16)?,
                partner_shared: r.get(17)?,
            })
        };
        let rows = statement.query_map(rusqlite::params_from_iter(id), read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Records in this station's 牵线记录, once, the introduction an accepted request leads to: side
/// A this station's member (still 在册 here), side B the other station's. Both had agreed by
/// then — the asking station's member before it asked, the asked one's when it accepted — so
/// the next step is the exchange of contacts, through the two stations' volunteers.
fn accepted_introduction(
    tx: &rusqlite::Transaction<'_>,
    row: &RequestRow,
    sent: bool,
    member_id: i64,
    volunteer: Option<i64>,
) -> Result<()> {
    let Some(answered_on) = row.answered_on else {
        return Ok(());
    };
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM introductions WHERE request_id = ?1)",
        [row.id],
        |r| r.get(0),
    )?;
    let status: Option<MemberStatus> = tx
        .query_row(
            "SELECT status FROM members WHERE id = ?1",
            [member_id],
            |r| r.get(0),
        )
        .optional()?;
    if known || status != Some(MemberStatus::Active) {
        return Ok(());
    }
    let (partner_key, partner_station) = if sent {
        (&row.to_key, &row.to_station)
    } else {
        (&row.from_key, &row.from_station)
    };
    let title: Option<String> = tx
        .query_row(
            "SELECT json_extract(partner, '$.surname_title') FROM district_requests
             WHERE id = ?1",
            [row.id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let name = format!(
        "{}({partner_station}站)",
        title.unwrap_or_else(|| partner_key.clone())
    );
    let at = super::now_text();
    let partner = NewPartner {
        key: partner_key,
        station: partner_station,
        name: &name,
        request_id: row.id,
    };
    let id = super::introductions::write_district_start(
        tx,
        member_id,
        &partner,
        row.asked_on,
        volunteer,
        &at,
    )?;
    // A pair of a 全区联谊: both marked each other on their 心动卡; the introduction is the
    // event's (its funnel, not the one-to-one introductions') — when this station's copy of
    // the event is here (it is, unless an old backup was restored).
    if let Some(shared) = row.shared_event {
        let event: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, title FROM events WHERE shared_id = ?1",
                [shared],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let title = match &event {
            Some((event, title)) => {
                tx.execute(
                    "UPDATE introductions SET event_id = ?1 WHERE id = ?2",
                    params![event, id],
                )?;
                title.clone()
            }
            None => format!("全区活动 {shared}"),
        };
        let notes = format!("全区联谊活动“{title}”互选");
        for kind in [StepKind::AgreeA, StepKind::AgreeB] {
            super::introductions::write_agreement(
                tx,
                id,
                kind,
                row.asked_on,
                volunteer,
                &notes,
                &at,
            )?;
        }
        super::introductions::log_district_step(tx, volunteer, id, |i| {
            format!(
                "全区联谊活动“{title}”:{} 与 {}互选,双方都同意,待两站红娘交换联系方式",
                i.name_a, i.name_b
            )
        })?;
        return Ok(());
    }
    let (a_on, a_note, b_note) = if sent {
        (
            row.asked_on,
            "本站请求介绍时本人已同意".to_string(),
            format!("{partner_station}站答复同意"),
        )
    } else {
        (
            answered_on,
            "本站答复同意".to_string(),
            format!("{partner_station}站请求介绍时对方已同意"),
        )
    };
    for (kind, on, notes) in [
        (StepKind::AgreeA, a_on, a_note),
        (StepKind::AgreeB, answered_on, b_note),
    ] {
        super::introductions::write_agreement(tx, id, kind, on, volunteer, &notes, &at)?;
    }
    super::introductions::log_district_step(tx, volunteer, id, |i| {
        format!(
            "全区介绍:{} 与 {}(请求 {},{answered_on}同意),双方都同意,待两站红娘交换联系方式",
            i.name_a, i.name_b, row.id
        )
    })?;
    Ok(())
}

/// One station's line of the district's figures (what the district union sees: counts, never
/// a person).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StationFigures {
    pub station: String,
    pub name: String,
    /// Members shared now.
    pub shared: u64,
    pub requests_sent: u64,
    pub requests_received: u64,
    /// Accepted requests this station was one side of.
    pub introductions: u64,
    pub marriages: u64,
}

/// The district's total: every station's shared members and requests once; an introduction
/// (or marriage) across two stations counts at both, so once here.
pub fn district_total(stations: &[StationFigures]) -> StationFigures {
    let sum = |f: fn(&StationFigures) -> u64| stations.iter().map(f).sum::<u64>();
    StationFigures {
        station: "合计".into(),
        name: format!("全区 {} 个站点", stations.len()),
        shared: sum(|s| s.shared),
        requests_sent: sum(|s| s.requests_sent),
        requests_received: sum(|s| s.requests_received),
        introductions: sum(|s| s.introductions) / 2,
        marriages: sum(|s| s.marriages) / 2,
    }
}

/// The columns of the figures, for the screen, the command line and the workbook alike.
pub const FIGURE_COLUMNS: [&str; 7] = [
    "站点代码",
    "站点",
    "共享会员",
    "发出请求",
    "收到请求",
    "跨站介绍",
    "跨站结婚",
];

impl StationFigures {
    /// The line's cells in [`FIGURE_COLUMNS`]' order (the counts as numbers).
    pub fn cells(&self) -> (String, String, [u64; 5]) {
        (
            self.station.clone(),
            self.name.clone(),
            [
                self.shared,
                self.requests_sent,
                self.requests_received,
                self.introductions,
                self.marriages,
            ],
        )
    }
}

/// The district's figures as an Excel workbook: one sheet, a line per station and the total,
/// on one A4 page.
pub fn write_figures_xlsx(
    stations: &[StationFigures],
    as_of: &str,
    path: &std::path::Path,
) -> Result<()> {
    use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook};
    let failed = super::stats::xlsx_error;
    let mut book = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xEAD7DC))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let plain = Format::new().set_border(FormatBorder::Thin);
    let total = plain.clone().set_bold();
    let sheet = book.add_worksheet().set_name("全区统计").map_err(failed)?;
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_header(format!("&C全区共享统计 · {as_of}"))
        .set_footer("&C第 &P 页,共 &N 页");
    sheet.set_print_fit_to_pages(1, 0);
    for (c, title) in FIGURE_COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *title, &head)
            .map_err(failed)?;
        sheet
            .set_column_width(c as u16, if c == 1 { 24.0 } else { 12.0 })
            .map_err(failed)?;
    }
    let lines = stations
        .iter()
        .map(|s| (s.clone(), &plain))
        .chain(std::iter::once((district_total(stations), &total)));
    for (r, (line, format)) in lines.enumerate() {
        let r = r as u32 + 1;
        let (code, name, counts) = line.cells();
        sheet
            .write_string_with_format(r, 0, &code, format)
            .map_err(failed)?;
        sheet
            .write_string_with_format(r, 1, &name, format)
            .map_err(failed)?;
        for (c, n) in counts.iter().enumerate() {
            sheet
                .write_number_with_format(r, c as u16 + 2, *n as f64, format)
                .map_err(failed)?;
        }
    }
    let bytes = book.save_to_buffer().map_err(failed)?;
    super::files::write_private(path, &bytes).map_err(|source| super::error::Error::Folder {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answered_requests_leave_the_home_page_after_thirty_days() {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let request = |answered_on: Option<NaiveDate>| DistrictRequest {
            id: 1,
            sent: true,
            member_id: Some(1),
            member_name: "林晓燕".into(),
            member_key: "湖滨-2026-0001".into(),
            partner_key: "南星-2026-0002".into(),
            partner_station: "南星".into(),
            partner: None,
            note: String::new(),
            asked_on: day("2026-10-01"),
            answer: answered_on.map(|_| RequestAnswer::Accepted),
            reason: String::new(),
            answered_on,
            introduction_id: None,
            introduction_stage: None,
            contacts_exchanged: false,
            member_status: None,
            partner_shared: true,
        };
        let today = day("2026-12-06");
        assert!(request(None).shown_on(today));
        assert!(request(Some(day("2026-11-06"))).shown_on(today));
        assert!(!request(Some(day("2026-11-05"))).shown_on(today));
    }
}
