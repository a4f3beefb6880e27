//! 值班表: who is on duty when — a station's open days (and ordinary station days) and its
//! events, each a volunteer, a day and a part of it. A volunteer puts themselves on or off; an
//! administrator (where the station has one) arranges anyone. A past day is a record: kept, and
//! told whether the volunteer came (signed in that day). Each volunteer can read their own month
//! ([`month_of`]); each volunteer's duty in a period ([`DutyFigures`]) joins their work in 统计
//! and is printed for the union's recognition (红娘志愿服务记录).

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::signin::Actor;
use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

pub use super::codes::Shift;

/// How far ahead a rota is made: a year.
const AHEAD_DAYS: i64 = 366;

/// One volunteer on duty on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotaEntry {
    pub id: i64,
    pub on_date: NaiveDate,
    pub shift: Shift,
    pub volunteer_id: i64,
    pub volunteer: String,
    /// The event it is for; `None`: the station's open day.
    pub event_id: Option<i64>,
    pub event_title: Option<String>,
    /// For a day gone by (or today): whether the volunteer signed in that day.
    pub came: Option<bool>,
}

impl RotaEntry {
    /// "开放日值班" or "活动:七夕联谊会".
    pub fn what(&self) -> String {
        match &self.event_title {
            Some(title) => format!("活动:{title}"),
            None => "开放日值班".to_string(),
        }
    }
}

/// The first and last day of `day`'s month.
pub fn month_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = day.with_day(1).unwrap_or(day);
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    let last = next.and_then(|n| n.pred_opt()).unwrap_or(first);
    (first, last)
}

impl Db {
    /// The rota from `from` to `to`, of one volunteer or all, by day and part of the day.
    pub fn rota(
        &self,
        volunteer: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<RotaEntry>> {
        read_rota(
            &self.conn,
            None,
            volunteer,
            (&from.to_string(), &to.to_string()),
            today,
        )
    }

    /// The events held on `day`, by title: a duty that day can be for one of them.
    pub fn events_on(&self, day: NaiveDate) -> Result<Vec<(i64, String)>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, title FROM events WHERE on_date = ?1 ORDER BY id")?;
        let rows = statement.query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Puts `volunteer` on duty on `on_date` (for `event`, on its day, or the open day): a
    /// volunteer themselves, anyone by an administrator. Refused in words: a day gone by or more
    /// than a year ahead, a volunteer no longer active, an event on another day, the same duty
    /// twice.
    pub fn put_on_rota(
        &mut self,
        actor: &Actor,
        volunteer: i64,
        on_date: NaiveDate,
        shift: Shift,
        event: Option<i64>,
        today: NaiveDate,
    ) -> Result<RotaEntry> {
        self.may_manage(actor, volunteer)?;
        let (name, active): (String, bool) = self
            .conn
            .query_row(
                "SELECT name, active FROM volunteers WHERE id = ?1",
                [volunteer],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::Refused("找不到这位红娘".into()))?;
        if !active {
            return Err(Error::Refused(format!("红娘“{name}”已停用,不能排班")));
        }
        if on_date < today {
            return Err(Error::Refused(format!(
                "{on_date} 已经过去了,不能再排班(过去的值班以签到为准)"
            )));
        }
        if (on_date - today).num_days() > AHEAD_DAYS {
            return Err(Error::Refused(format!(
                "{on_date} 太远了:值班表最多排到一年以后"
            )));
        }
        if let Some(event) = event {
            let (title, day): (String, NaiveDate) = self
                .conn
                .query_row(
                    "SELECT title, on_date FROM events WHERE id = ?1",
                    [event],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| Error::Refused("找不到这场活动".into()))?;
            if day != on_date {
                return Err(Error::Refused(format!(
                    "活动“{title}”在 {day},不是 {on_date}:请排在活动当天"
                )));
            }
        }
        let tx = self.write()?;
        let taken: Option<String> = tx
            .query_row(
                "SELECT shift FROM duty_rota WHERE on_date = ?1 AND volunteer_id = ?2
                     AND coalesce(event_id, 0) = coalesce(?3, 0)",
                params![on_date, volunteer, event],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(shift) = taken {
            let shift = Shift::parse(&shift).map(Shift::label).unwrap_or("");
            return Err(Error::Refused(format!(
                "{name} {on_date} 已经排了{shift}的值班;要改时段请先取消那一条"
            )));
        }
        tx.execute(
            "INSERT INTO duty_rota (on_date, shift, volunteer_id, event_id, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                on_date,
                shift,
                volunteer,
                event,
                actor.volunteer(),
                super::now_text()
            ],
        )?;
        let id = tx.last_insert_rowid();
        let entry = rota_entry(&tx, id, today)?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Volunteers,
            None,
            None,
            None,
            &format!(
                "排班:{} {} {} {}",
                entry.volunteer,
                entry.on_date,
                entry.shift.label(),
                entry.what()
            ),
            None,
        )?;
        tx.commit()?;
        Ok(entry)
    }

    /// Takes a duty off the rota: the volunteer themselves or an administrator, and only a day
    /// still to come (a day gone by is the record of who was asked).
    pub fn take_off_rota(&mut self, actor: &Actor, id: i64, today: NaiveDate) -> Result<()> {
        let volunteer = rota_entry(&self.conn, id, today)?.volunteer_id;
        self.may_manage(actor, volunteer)?;
        let tx = self.write()?;
        // Read again inside the transaction: another window may have changed it meanwhile.
        let entry = rota_entry(&tx, id, today)?;
        if entry.on_date < today {
            return Err(Error::Refused(format!(
                "{} 已经过去了:过去的值班表是记录,不能取消",
                entry.on_date
            )));
        }
        if entry.came == Some(true) {
            return Err(Error::Refused(format!(
                "{} 今天已经签到值班了:这条排班是记录,不能取消",
                entry.volunteer
            )));
        }
        if tx.execute("DELETE FROM duty_rota WHERE id = ?1", [id])? != 1 {
            return Err(Error::Refused("找不到这条值班安排".into()));
        }
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Volunteers,
            None,
            None,
            None,
            &format!(
                "取消排班:{} {} {} {}",
                entry.volunteer,
                entry.on_date,
                entry.shift.label(),
                entry.what()
            ),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }
}

fn rota_entry(conn: &rusqlite::Connection, id: i64, today: NaiveDate) -> Result<RotaEntry> {
    read_rota(conn, Some(id), None, ("0000-00-00", "9999-99-99"), today)?
        .pop()
        .ok_or_else(|| Error::Refused("找不到这条值班安排".into()))
}

/// The rota's entries: the one `id`, or those of `volunteer` (or all) in `period`.
fn read_rota(
    conn: &rusqlite::Connection,
    id: Option<i64>,
    volunteer: Option<i64>,
    (from, to): (&str, &str),
    today: NaiveDate,
) -> Result<Vec<RotaEntry>> {
    let mut statement = conn.prepare_cached(
        "SELECT r.id, r.on_date, r.shift, r.volunteer_id, v.name, r.event_id, e.title,
                EXISTS (SELECT 1 FROM duty_days d
                        WHERE d.on_date = r.on_date AND d.volunteer_id = r.volunteer_id)
         FROM duty_rota r JOIN volunteers v ON v.id = r.volunteer_id
              LEFT JOIN events e ON e.id = r.event_id
         WHERE (?4 IS NOT NULL AND r.id = ?4
                OR ?4 IS NULL AND r.on_date BETWEEN ?1 AND ?2
                   AND (?3 IS NULL OR r.volunteer_id = ?3))
         ORDER BY r.on_date,
                  CASE r.shift WHEN 'all_day' THEN 0 WHEN 'morning' THEN 1
                               WHEN 'afternoon' THEN 2 ELSE 3 END,
                  r.event_id IS NOT NULL, v.name, r.id",
    )?;
    let rows = statement.query_map(params![from, to, volunteer, id], |r| {
        let on_date: NaiveDate = r.get(1)?;
        let signed_in: bool = r.get(7)?;
        Ok(RotaEntry {
            id: r.get(0)?,
            on_date,
            shift: r.get(2)?,
            volunteer_id: r.get(3)?,
            volunteer: r.get(4)?,
            event_id: r.get(5)?,
            event_title: r.get(6)?,
            // Today: told only once they came (they may still come).
            came: match on_date.cmp(&today) {
                std::cmp::Ordering::Less => Some(signed_in),
                std::cmp::Ordering::Equal => signed_in.then_some(true),
                std::cmp::Ordering::Greater => None,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A volunteer's duty over a period: the days on the rota and of those the days they came,
/// the days signed in and the time from signing in to signing out, and the events they
/// organised. With their registrations, introductions and couples (counted by 统计's rules)
/// it makes their year in [`crate::stats::VolunteerRow`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DutyFigures {
    pub rota_days: u64,
    pub rota_days_came: u64,
    pub days: u64,
    pub minutes: u64,
    /// Duties not signed out (their time not counted).
    pub open: u64,
    pub events: u64,
}

impl Db {
    /// Each volunteer's [`DutyFigures`] between two days as the database writes them (`lo`
    /// may be "0000-00-00", `hi` "9999-99-99").
    /// Days still to come count nothing: a rota day not yet due is not missed, an event not yet
    /// held not organised (as 统计 and the yearly report count events).
    pub(crate) fn duty_figures(
        &self,
        lo: &str,
        hi: &str,
        today: NaiveDate,
    ) -> Result<std::collections::HashMap<i64, DutyFigures>> {
        let today = today.to_string();
        let hi = hi.min(today.as_str());
        let mut figures: std::collections::HashMap<i64, DutyFigures> = Default::default();
        for hours in self.hours_between(lo, hi)? {
            let f = figures.entry(hours.volunteer_id).or_default();
            f.minutes = hours.minutes;
            f.open = hours.open;
        }
        type Field = fn(&mut DutyFigures) -> &mut u64;
        let counts: [(&str, Field); 4] = [
            (
                "SELECT volunteer_id, count(DISTINCT on_date) FROM duty_rota
                 WHERE on_date BETWEEN ?1 AND ?2 GROUP BY volunteer_id",
                |f| &mut f.rota_days,
            ),
            (
                "SELECT r.volunteer_id, count(DISTINCT r.on_date) FROM duty_rota r
                 JOIN duty_days d ON d.on_date = r.on_date AND d.volunteer_id = r.volunteer_id
                 WHERE r.on_date BETWEEN ?1 AND ?2 GROUP BY r.volunteer_id",
                |f| &mut f.rota_days_came,
            ),
            (
                "SELECT volunteer_id, count(*) FROM duty_days
                 WHERE on_date BETWEEN ?1 AND ?2 GROUP BY volunteer_id",
                |f| &mut f.days,
            ),
            (
                "SELECT organiser_id, count(*) FROM events
                 WHERE on_date BETWEEN ?1 AND ?2 AND organiser_id IS NOT NULL
                 GROUP BY organiser_id",
                |f| &mut f.events,
            ),
        ];
        for (sql, field) in counts {
            let mut statement = self.conn.prepare_cached(sql)?;
            let rows = statement.query_map(params![lo, hi], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })?;
            for row in rows {
                let (id, count) = row?;
                *field(figures.entry(id).or_default()) = u64::try_from(count).unwrap_or(0);
            }
        }
        Ok(figures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            month_of(day(2026, 12, 7)),
            (day(2026, 12, 1), day(2026, 12, 31))
        );
        assert_eq!(
            month_of(day(2028, 2, 29)),
            (day(2028, 2, 1), day(2028, 2, 29))
        );
    }
}
