//! 待核对: values an import doubted (a birth month a spreadsheet may have turned from 10 into 1,
//! a year without a month, an unusual height, a one-year age requirement …), kept beside the
//! member until a volunteer confirms or corrects them, and 待补签: members imported from a book
//! whose signature is still to be recorded.

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::members::member_in;
use super::signin::Actor;
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde::Serialize;

/// One value to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub id: i64,
    pub member_id: i64,
    pub member_number: String,
    pub member_name: String,
    /// The field of the sheet: "出生年月", "身高", "择偶要求" …
    pub field: String,
    /// What to check, in a sentence.
    pub what: String,
    pub created_on: NaiveDate,
}

/// Adds a check for `member` inside a transaction of the change that doubted the value.
pub(crate) fn add(
    conn: &Connection,
    member: i64,
    field: &str,
    what: &str,
    today: NaiveDate,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO member_checks (member_id, field, what, created_on) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![member, field, what, today])?;
    Ok(())
}

impl Db {
    /// The values still to check, oldest first: of one member, or of everyone.
    pub fn checks(&self, member: Option<i64>) -> Result<Vec<Check>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.id, c.member_id, m.number, m.name, c.field, c.what, c.created_on
             FROM member_checks c JOIN members m ON m.id = c.member_id
             WHERE ?1 IS NULL OR c.member_id = ?1
             ORDER BY c.created_on, c.id",
        )?;
        let rows = statement.query_map([member], |r| {
            Ok(Check {
                id: r.get(0)?,
                member_id: r.get(1)?,
                member_number: r.get(2)?,
                member_name: r.get(3)?,
                field: r.get(4)?,
                what: r.get(5)?,
                created_on: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// How many values are still to check, and how many members wait for their signature.
    pub fn checks_outstanding(&self) -> Result<(usize, usize)> {
        let checks: i64 = self
            .conn
            .query_row("SELECT count(*) FROM member_checks", [], |r| r.get(0))?;
        let pending: i64 = self.conn.query_row(
            "SELECT count(*) FROM members WHERE consent_pending = 1 AND consent = 0",
            [],
            |r| r.get(0),
        )?;
        Ok((checks as usize, pending as usize))
    }

    /// A volunteer looked at the value (and corrected it in 修改 if it was wrong): the check is
    /// done, and the log says who did it.
    pub fn clear_check(&mut self, actor: &Actor, check: i64) -> Result<()> {
        let tx = self.write()?;
        let found: Option<(i64, String, String)> = tx
            .query_row(
                "SELECT member_id, field, what FROM member_checks WHERE id = ?1",
                [check],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .ok();
        let Some((member, field, what)) = found else {
            return Err(Error::Refused("这一项已经核对过了".into()));
        };
        tx.execute("DELETE FROM member_checks WHERE id = ?1", [check])?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Check,
            Some(member),
            None,
            None,
            &format!("核对了{field}:{what}"),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The member signed the 知情同意 on `on` (待补签 ends): from now on they may be shown to
    /// others and introduced.
    pub fn record_signature(&mut self, actor: &Actor, member: i64, on: NaiveDate) -> Result<()> {
        if on > super::today() {
            return Err(Error::Refused("签字日期不能晚于今天".into()));
        }
        let tx = self.write()?;
        let found = member_in(&tx, member)?;
        if found.data.consent {
            return Err(Error::Refused(format!(
                "{}已经签署了知情同意",
                found.data.name
            )));
        }
        tx.execute(
            "UPDATE members SET consent = 1, consent_on = ?1, consent_pending = 0,
                 consent_source = '', updated_at = ?2, updated_by = ?3
             WHERE id = ?4",
            params![on, super::now_text(), actor.volunteer(), member],
        )?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Edit,
            Some(member),
            None,
            None,
            &format!("{}补签了知情同意({on})", found.data.name),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// A member with something to check, for the 待核对 worklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberToCheck {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    /// "出生年月:…" for each value to check.
    pub what: Vec<String>,
    /// 待补签.
    pub to_sign: bool,
}

impl Db {
    /// The members with values to check or a signature to record, the oldest registration
    /// first; at most `limit`, with the count of all.
    pub fn members_to_check(&self, limit: usize) -> Result<(Vec<MemberToCheck>, usize)> {
        // Both lists through their indexes (member_checks_member, members_to_sign), not a scan
        // of every member: the home page asks on every visit.
        const TO_CHECK: &str = "SELECT member_id FROM member_checks
             UNION SELECT id FROM members WHERE consent_pending = 1 AND consent = 0";
        let total: i64 =
            self.conn
                .query_row(&format!("SELECT count(*) FROM ({TO_CHECK})"), [], |r| {
                    r.get(0)
                })?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT m.id, m.number, m.name, m.consent = 0 AND m.consent_pending = 1,
                    (SELECT group_concat(c.field || ':' || c.what, char(10))
                     FROM member_checks c WHERE c.member_id = m.id)
             FROM members m
             WHERE m.id IN ({TO_CHECK})
             ORDER BY m.registered_on, m.id
             LIMIT ?1"
        ))?;
        let rows = statement.query_map([limit as i64], |r| {
            let what: Option<String> = r.get(4)?;
            Ok(MemberToCheck {
                member_id: r.get(0)?,
                number: r.get(1)?,
                name: r.get(2)?,
                to_sign: r.get(3)?,
                what: what
                    .map(|w| w.lines().map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok((rows.collect::<std::result::Result<_, _>>()?, total as usize))
    }
}
