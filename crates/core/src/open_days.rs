//! 开放日: the days the station receives visitors. Each has two counters (singles who came
//! themselves, parents or relatives who came for a child) pressed on 首页 as visitors arrive,
//! and notes; the volunteers on duty come from who signed in that day, the registrations and
//! introductions from their own dates. A day becomes an open day when it is first counted or
//! noted.

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::model::labelled_enum;
use super::now_text;
use super::signin::Actor;
use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

labelled_enum!(
    /// Who came to the station.
    Visitor {
        Single = "single" / "单身青年",
        Parent = "parent" / "家长/亲属",
    }
);

/// One open day and its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenDay {
    pub on: NaiveDate,
    pub singles: u32,
    pub parents: u32,
    /// The volunteers who signed in that day, by name.
    pub volunteers: Vec<String>,
    /// Members registered that day.
    pub registrations: u32,
    /// Introductions made that day.
    pub introductions: u32,
    pub notes: String,
}

impl OpenDay {
    pub fn visitors(&self) -> u32 {
        self.singles + self.parents
    }
}

/// A year's open days added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct YearTotals {
    pub year: i32,
    pub days: u32,
    pub singles: u32,
    pub parents: u32,
    pub registrations: u32,
    pub introductions: u32,
}

/// The most one counter button can count in a day (a slip of the hand stops there).
pub const MAX_VISITORS: u32 = 10_000;

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

const DAY_SELECT: &str = "SELECT o.on_date, o.singles, o.parents, o.notes,
        (SELECT group_concat(name, '、') FROM (SELECT v.name FROM duty_days d
            JOIN volunteers v ON v.id = d.volunteer_id WHERE d.on_date = o.on_date ORDER BY v.name)),
        (SELECT count(*) FROM members m WHERE m.registered_on = o.on_date),
        (SELECT count(*) FROM introductions i
         WHERE i.introduced_on = o.on_date AND i.event_id IS NULL)
    FROM open_days o";

fn day_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<OpenDay> {
    let volunteers: Option<String> = row.get(4)?;
    Ok(OpenDay {
        on: row.get(0)?,
        singles: row.get(1)?,
        parents: row.get(2)?,
        notes: row.get(3)?,
        volunteers: volunteers
            .map(|v| v.split('、').map(str::to_string).collect())
            .unwrap_or_default(),
        registrations: row.get(5)?,
        introductions: row.get(6)?,
    })
}

impl Db {
    /// Counts a visitor on `day` (`change` +1, or −1 to take back a press); the day's figures.
    pub fn count_visitor(
        &mut self,
        actor: &Actor,
        day: NaiveDate,
        visitor: Visitor,
        change: i32,
        today: NaiveDate,
    ) -> Result<OpenDay> {
        if day > today {
            return refuse("开放日的日期不能晚于今天");
        }
        let column = match visitor {
            Visitor::Single => "singles",
            Visitor::Parent => "parents",
        };
        let tx = self.write()?;
        let now = now_text();
        tx.execute(
            "INSERT OR IGNORE INTO open_days (on_date, updated_at) VALUES (?1, ?2)",
            params![day, now],
        )?;
        let current: u32 = tx.query_row(
            &format!("SELECT {column} FROM open_days WHERE on_date = ?1"),
            [day],
            |r| r.get(0),
        )?;
        let next = i64::from(current) + i64::from(change);
        if next < 0 {
            return refuse(format!("{}的人数已经是 0 了", visitor.label()));
        }
        if next > i64::from(MAX_VISITORS) {
            return refuse(format!("一天最多记 {MAX_VISITORS} 人"));
        }
        tx.execute(
            &format!("UPDATE open_days SET {column} = ?1, updated_at = ?2 WHERE on_date = ?3"),
            params![next, now, day],
        )?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::OpenDay,
            None,
            None,
            None,
            &format!(
                "开放日 {day}:{}{}1 人,共 {next} 人",
                visitor.label(),
                if change >= 0 { "+" } else { "-" }
            ),
            None,
        )?;
        let day = load_day(&tx, day)?;
        tx.commit()?;
        Ok(day)
    }

    /// Records `day` as an open day (if it is not one yet) with `notes`.
    pub fn set_open_day_notes(
        &mut self,
        actor: &Actor,
        day: NaiveDate,
        notes: &str,
        today: NaiveDate,
    ) -> Result<OpenDay> {
        if day > today {
            return refuse("开放日的日期不能晚于今天");
        }
        if notes.chars().count() > 2000 {
            return refuse("备注太长了(最多 2000 字)");
        }
        let tx = self.write()?;
        let now = now_text();
        tx.execute(
            "INSERT INTO open_days (on_date, notes, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (on_date) DO UPDATE SET notes = excluded.notes,
                updated_at = excluded.updated_at",
            params![day, notes.trim(), now],
        )?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::OpenDay,
            None,
            None,
            None,
            &format!("记录开放日 {day} 的备注"),
            None,
        )?;
        let day = load_day(&tx, day)?;
        tx.commit()?;
        Ok(day)
    }

    /// One open day, if `day` is one.
    pub fn open_day(&self, day: NaiveDate) -> Result<Option<OpenDay>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{DAY_SELECT} WHERE o.on_date = ?1"))?
            .query_row([day], day_from_row)
            .optional()?)
    }

    /// The open days between `from` and `to` (both included, either open), the latest first.
    pub fn open_days(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<OpenDay>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{DAY_SELECT} WHERE (?1 IS NULL OR o.on_date >= ?1) AND (?2 IS NULL OR o.on_date <= ?2)
             ORDER BY o.on_date DESC"
        ))?;
        let rows = statement.query_map(params![from, to], day_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The open days between `from` and `to` added up per year, the latest year first.
    pub fn open_day_years(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<YearTotals>> {
        let mut years: Vec<YearTotals> = Vec::new();
        for day in self.open_days(from, to)? {
            let year = day.on.year();
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearTotals {
                    year,
                    ..YearTotals::default()
                });
            }
            if let Some(y) = years.last_mut() {
                y.days += 1;
                y.singles += day.singles;
                y.parents += day.parents;
                y.registrations += day.registrations;
                y.introductions += day.introductions;
            }
        }
        Ok(years)
    }
}

fn load_day(conn: &rusqlite::Connection, day: NaiveDate) -> Result<OpenDay> {
    conn.prepare_cached(&format!("{DAY_SELECT} WHERE o.on_date = ?1"))?
        .query_row([day], day_from_row)
        .optional()?
        .ok_or_else(|| Error::Refused(format!("{day} 不是开放日")))
}
