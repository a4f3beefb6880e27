//! How long the station keeps a member who left: a period after 退出 or 已婚 (设置, 3 years by
//! default, never under one), then their personal data is erased by the same erase as deletion
//! on request ([`crate::privacy`]): the figures keep their counts (gender, birth month, dates,
//! the introductions' course), nothing names them any more. Once a year an administrator looks
//! at the list and confirms it.

use super::audit::{self, Kind};
use super::db::Db;
use super::error::{Error, Result};
use super::model::MemberStatus;
use super::privacy::{Erased, erase_in};
use super::signin::{Actor, Permission};
use chrono::{Months, NaiveDate};
use serde::Serialize;

const KEY: &str = "retention_years";
pub const DEFAULT_YEARS: u32 = 3;
/// The shortest and the longest period the setting takes.
pub const YEARS: std::ops::RangeInclusive<u32> = 1..=20;

/// An enquiry past the period (`?1` the cutoff): no registration came of it, and it still
/// holds a name, a phone or what was asked.
const EXPIRED_ENQUIRY: &str = "member_id IS NULL AND on_date <= ?1
    AND (name <> '' OR phone <> '' OR asked <> '')";

/// A member past the period, as the preview lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expired {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub status: MemberStatus,
    pub left_on: NaiveDate,
    /// The day the period ended.
    pub kept_until: NaiveDate,
}

/// The consent text's sentence on keeping, for the sheet and the form.
pub fn sentence(years: u32) -> String {
    format!("退出或结婚后本站保存资料 {years} 年,期满删除(只留不含姓名的统计数字)")
}

impl Db {
    pub fn retention_years(&self) -> Result<u32> {
        Ok(self
            .setting(KEY)?
            .and_then(|v| v.parse().ok())
            .filter(|years| YEARS.contains(years))
            .unwrap_or(DEFAULT_YEARS))
    }

    /// Sets the period; an administrator's, recorded.
    pub fn set_retention_years(&self, actor: &Actor, years: u32) -> Result<()> {
        self.may(actor, Permission::Delete)?;
        if !YEARS.contains(&years) {
            return Err(Error::Refused(format!(
                "保存期限须在 {}–{} 年之间",
                YEARS.start(),
                YEARS.end()
            )));
        }
        let before = self.retention_years()?;
        self.set_setting(KEY, &years.to_string())?;
        if before != years {
            self.record_event(
                actor,
                Kind::Retention,
                None,
                &format!("会员退出或结婚后的保存期限由 {before} 年改为 {years} 年"),
            )?;
        }
        Ok(())
    }

    /// The members who left (退出, 已婚) more than the period ago and are not erased yet, the
    /// longest gone first.
    pub fn expired(&self, today: NaiveDate) -> Result<Vec<Expired>> {
        let years = self.retention_years()?;
        let Some(cutoff) = self.cutoff(today)? else {
            return Ok(Vec::new());
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT id, number, name, status, left_on FROM members
             WHERE left_on IS NOT NULL AND left_on <= ?1 AND status IN ('married', 'withdrawn')
               AND id NOT IN (SELECT member_id FROM erasures)
             ORDER BY left_on, id",
        )?;
        let rows = statement.query_map([cutoff], |r| {
            let left_on: NaiveDate = r.get(4)?;
            Ok(Expired {
                member_id: r.get(0)?,
                number: r.get(1)?,
                name: r.get(2)?,
                status: r.get(3)?,
                left_on,
                kept_until: left_on
                    .checked_add_months(Months::new(years * 12))
                    .unwrap_or(left_on),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The 来电来访 older than the period that led to no registration and still name someone.
    pub fn expired_enquiries(&self, today: NaiveDate) -> Result<usize> {
        let Some(cutoff) = self.cutoff(today)? else {
            return Ok(0);
        };
        let count: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM enquiries WHERE {EXPIRED_ENQUIRY}"),
            [cutoff],
            |r| r.get(0),
        )?;
        Ok(count as usize)
    }

    fn cutoff(&self, today: NaiveDate) -> Result<Option<NaiveDate>> {
        let years = self.retention_years()?;
        Ok(today.checked_sub_months(Months::new(years * 12)))
    }

    /// Erases the members of `preview` (what [`Db::expired`] listed and the administrator
    /// confirmed) that are still past the period today: each recorded in the 操作记录 and
    /// carried into the backups; and the 来电来访 past it lose their names, phones and words.
    /// How many members, how many enquiries, and what could not be finished at once.
    pub fn apply_retention(
        &self,
        actor: &Actor,
        preview: &[i64],
        today: NaiveDate,
    ) -> Result<(usize, usize, Erased)> {
        self.may(actor, Permission::Delete)?;
        let years = self.retention_years()?;
        let due = self.expired(today)?;
        let enquiries = self.expired_enquiries(today)?;
        // Only who is both shown and still due: a member who came back since the preview
        // (在册 again) is not erased by it.
        let chosen: Vec<&Expired> = due
            .iter()
            .filter(|e| preview.contains(&e.member_id))
            .collect();
        if chosen.is_empty() && enquiries == 0 {
            return Err(Error::Refused("名单上没有到期要删除的会员".into()));
        }
        self.conn.pragma_update(None, "secure_delete", true)?;
        let tx = self.write()?;
        for e in &chosen {
            erase_in(&tx, e.member_id, &e.number, actor.volunteer())?;
            audit::record(
                &tx,
                actor.volunteer(),
                Kind::Retention,
                Some(e.member_id),
                None,
                None,
                &format!(
                    "保存期满删除了个人资料:{}于 {} {},已保存 {years} 年(统计数字保留)",
                    e.number,
                    e.left_on,
                    match e.status {
                        MemberStatus::Married => "结婚",
                        _ => "退出",
                    }
                ),
                None,
            )?;
        }
        if let Some(cutoff) = self.cutoff(today)?
            && enquiries > 0
        {
            tx.execute(
                &format!(
                    "UPDATE enquiries SET name = '', phone = '', asked = '' WHERE {EXPIRED_ENQUIRY}"
                ),
                [cutoff],
            )?;
            audit::record(
                &tx,
                actor.volunteer(),
                Kind::Retention,
                None,
                None,
                None,
                &format!(
                    "保存期满删除了 {enquiries} 条没有登记的来电来访里的称呼、电话和内容(已保存 {years} 年)"
                ),
                None,
            )?;
        }
        tx.commit()?;
        let mut erased = Erased::default();
        if !self.fold_wal_within(std::time::Duration::from_secs(3)) {
            erased.left_in_file = true;
        }
        let members: Vec<(i64, String)> = chosen
            .iter()
            .map(|e| (e.member_id, e.number.clone()))
            .collect();
        erased.backups = self.erase_from_backups(&members);
        Ok((chosen.len(), enquiries, erased))
    }
}
