//! 喜报: a married couple's good news for the station's board and its WeChat account — only
//! when both agreed to publicity ([`MemberData::publicity_consent_on`]), each named as they
//! allowed (全名, 王女士, or only 新郎 / 新娘), the day, and a photo when one is given.
//!
//! [`MemberData::publicity_consent_on`]: crate::model::MemberData::publicity_consent_on

use super::db::Db;
use super::error::{Error, Result};
use super::introductions::Stage;
use super::model::{Gender, MemberData, PublicityName};
use chrono::NaiveDate;
use serde::Serialize;

/// A couple who both agreed, as they may be named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicityCouple {
    pub introduction_id: i64,
    pub married_on: NaiveDate,
    /// The groom's and the bride's names as they allowed.
    pub groom: String,
    pub bride: String,
}

/// How `d` may be named in the station's publicity: the name, "王女士", or the role only.
pub fn named(d: &MemberData) -> String {
    let role = match d.gender {
        Some(Gender::Male) => "新郎",
        _ => "新娘",
    };
    match d.publicity_name.unwrap_or(PublicityName::Anonymous) {
        PublicityName::Full => d.name.clone(),
        PublicityName::Surname => super::masking::surname_title(d),
        PublicityName::Anonymous => role.to_string(),
    }
}

impl Db {
    /// The couple of introduction `id` as a 喜报 may name them: refused, in words, unless they
    /// married and both agreed to publicity.
    pub fn publicity_couple(&self, id: i64) -> Result<PublicityCouple> {
        let i = self.introduction(id)?;
        let Some(b) = i.member_b else {
            return Err(Error::Refused(
                "对方是另一个站的会员:喜报请两站红娘商量后各自准备".into(),
            ));
        };
        let married_on = match (i.stage, i.married_on) {
            (Stage::Married, Some(on)) => on,
            _ => {
                return Err(Error::Refused(format!(
                    "{} 与 {} 还没有登记结婚,不能做喜报",
                    i.name_a, i.name_b
                )));
            }
        };
        let (a, b) = (self.member(i.member_a)?, self.member(b)?);
        let missing: Vec<&str> = [&a, &b]
            .into_iter()
            .filter(|m| m.data.publicity_consent_on.is_none())
            .map(|m| m.data.name.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(Error::Refused(format!(
                "喜报要两人都同意宣传:{}还没有同意(在会员资料的“修改资料”里勾选)",
                missing.join("和")
            )));
        }
        let (groom, bride) = if a.data.gender == Some(Gender::Male) {
            (&a, &b)
        } else {
            (&b, &a)
        };
        Ok(PublicityCouple {
            introduction_id: id,
            married_on,
            groom: named(&groom.data),
            bride: named(&bride.data),
        })
    }

    /// [`Db::publicity_couples`] as a CSV file for Excel, recorded in the 操作记录.
    pub fn export_publicity_couples(
        &self,
        actor: &super::signin::Actor,
        path: &std::path::Path,
    ) -> Result<usize> {
        let couples = self.publicity_couples()?;
        let mut rows = vec![vec![
            "牵线编号".to_string(),
            "新郎".into(),
            "新娘".into(),
            "登记结婚日期".into(),
        ]];
        rows.extend(couples.iter().map(|c| {
            vec![
                c.introduction_id.to_string(),
                c.groom.clone(),
                c.bride.clone(),
                c.married_on.to_string(),
            ]
        }));
        super::csv_file::write(path, &rows)?;
        self.record_event(
            actor,
            super::audit::Kind::Export,
            None,
            &format!("导出了两人都同意宣传的夫妻名单({} 对)", couples.len()),
        )?;
        Ok(couples.len())
    }

    /// Every married couple who both agreed to publicity, the latest first.
    pub fn publicity_couples(&self) -> Result<Vec<PublicityCouple>> {
        let ids: Vec<i64> = {
            let mut statement = self.conn.prepare(
                "SELECT i.id FROM introductions i
                 JOIN members a ON a.id = i.member_a JOIN members b ON b.id = i.member_b
                 WHERE i.stage = 'married' AND a.publicity_consent_on IS NOT NULL
                   AND b.publicity_consent_on IS NOT NULL
                 ORDER BY i.married_on DESC, i.id DESC",
            )?;
            statement
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        ids.into_iter()
            .map(|id| self.publicity_couple(id))
            .collect()
    }
}
