//! 值班时长: a volunteer's duty from signing in (choosing their name, [`Db::sign_in`]) to signing
//! out (签退), in hours; a day never signed out counts nothing until an administrator corrects
//! it, with a reason, in the 操作记录. Summed per volunteer for a period (their year, the station's
//! 年度工作报告).

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::signin::{Actor, Permission};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// One duty: its day, when signed in and out (`None`: not signed out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duty {
    pub id: i64,
    pub volunteer_id: i64,
    pub volunteer: String,
    pub on_date: NaiveDate,
    pub signed_in: NaiveTime,
    pub signed_out: Option<NaiveTime>,
    /// Why an administrator corrected it (empty: as signed).
    pub correction: String,
}

impl Duty {
    /// Minutes on duty; none while not signed out.
    pub fn minutes(&self) -> u64 {
        self.signed_out
            .map(|out| u64::try_from((out - self.signed_in).num_minutes()).unwrap_or(0))
            .unwrap_or(0)
    }
}

/// A volunteer's duty over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VolunteerHours {
    pub volunteer_id: i64,
    pub volunteer: String,
    pub days: u64,
    pub minutes: u64,
    /// Duties not signed out (not counted until corrected).
    pub open: u64,
}

/// "3 小时 20 分".
pub fn hours_text(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} 分钟"),
        (h, 0) => format!("{h} 小时"),
        (h, m) => format!("{h} 小时 {m} 分"),
    }
}

/// A time of day as a volunteer types it: "09:30", "9:30", with full-width digits or colon too.
pub fn time_typed(text: &str) -> std::result::Result<NaiveTime, String> {
    let typed = super::parse::to_halfwidth(text).replace('：', ":");
    NaiveTime::parse_from_str(typed.trim(), "%H:%M")
        .map_err(|_| format!("时间“{}”看不懂:写成 09:30 这样", text.trim()))
}

fn time_of(text: &str) -> Option<NaiveTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(|t| t.time())
}

fn now_local() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

impl Db {
    /// Starts a duty for `volunteer` today unless one is open (a lock and unlock, a second
    /// sign-in, go on with the same).
    pub(crate) fn start_duty(&self, volunteer: i64) -> Result<()> {
        let now = now_local();
        self.conn.execute(
            "INSERT INTO duty_hours (volunteer_id, on_date, signed_in_at)
             SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM duty_hours
                 WHERE volunteer_id = ?1 AND on_date = ?2 AND signed_out_at IS NULL)",
            params![
                volunteer,
                now.date(),
                now.format("%Y-%m-%dT%H:%M:%S").to_string()
            ],
        )?;
        Ok(())
    }

    /// 签退: ends the volunteer's duty of today; the day's time on duty in words.
    pub fn sign_out(&self, actor: &Actor) -> Result<String> {
        let Some(volunteer) = actor.volunteer() else {
            return Err(Error::Refused("没有值班的红娘,不用签退".into()));
        };
        let now = now_local();
        let tx = self.write()?;
        let closed = tx.execute(
            "UPDATE duty_hours SET signed_out_at = ?1
             WHERE volunteer_id = ?2 AND on_date = ?3 AND signed_out_at IS NULL",
            params![
                now.format("%Y-%m-%dT%H:%M:%S").to_string(),
                volunteer,
                now.date()
            ],
        )?;
        if closed == 0 {
            return Err(Error::Refused("今天还没有签到,不用签退".into()));
        }
        let day = now.date().to_string();
        let today = duties_in(&tx, Some(volunteer), &day, &day)?;
        let minutes: u64 = today.iter().map(Duty::minutes).sum();
        let words = format!("已签退:今天值班 {}", hours_text(minutes));
        audit::record(
            &tx,
            Some(volunteer),
            audit::Kind::Volunteers,
            None,
            None,
            None,
            &words,
            None,
        )?;
        tx.commit()?;
        Ok(words)
    }

    /// The duties from `from` to `to`, of one volunteer or all, by day.
    pub fn duties(
        &self,
        volunteer: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Duty>> {
        duties_in(&self.conn, volunteer, &from.to_string(), &to.to_string())
    }

    /// Each volunteer's days and time on duty from `from` to `to`.
    pub fn volunteer_hours(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<VolunteerHours>> {
        self.hours_between(&from.to_string(), &to.to_string())
    }

    /// [`Db::volunteer_hours`] between two days as the database writes them (`lo` may be
    /// "0000-00-00" and `hi` "9999-99-99": all time).
    pub(crate) fn hours_between(&self, lo: &str, hi: &str) -> Result<Vec<VolunteerHours>> {
        let mut found: Vec<VolunteerHours> = Vec::new();
        // By day (the order they are read in): a new day of a volunteer is a day more.
        let mut last_day: std::collections::HashMap<i64, NaiveDate> = Default::default();
        for duty in duties_in(&self.conn, None, lo, hi)? {
            let at = match found
                .iter()
                .position(|h| h.volunteer_id == duty.volunteer_id)
            {
                Some(at) => at,
                None => {
                    found.push(VolunteerHours {
                        volunteer_id: duty.volunteer_id,
                        volunteer: duty.volunteer.clone(),
                        days: 0,
                        minutes: 0,
                        open: 0,
                    });
                    found.len() - 1
                }
            };
            let line = &mut found[at];
            if last_day.insert(duty.volunteer_id, duty.on_date) != Some(duty.on_date) {
                line.days += 1;
            }
            line.minutes += duty.minutes();
            line.open += u64::from(duty.signed_out.is_none());
        }
        found.sort_by(|a, b| {
            b.minutes
                .cmp(&a.minutes)
                .then(a.volunteer.cmp(&b.volunteer))
        });
        Ok(found)
    }

    /// An administrator's correction of a duty's times (the same day), with the reason.
    pub fn correct_duty(
        &self,
        actor: &Actor,
        duty: i64,
        signed_in: NaiveTime,
        signed_out: NaiveTime,
        reason: &str,
    ) -> Result<Duty> {
        self.may(actor, Permission::ManageVolunteers)?;
        if reason.trim().is_empty() {
            return Err(Error::Refused("请写明为什么更正(会记入操作记录)".into()));
        }
        if signed_out <= signed_in {
            return Err(Error::Refused(format!(
                "签退时间 {} 要晚于签到时间 {}",
                signed_out.format("%H:%M"),
                signed_in.format("%H:%M")
            )));
        }
        let tx = self.write()?;
        let on_date: NaiveDate = tx
            .query_row(
                "SELECT on_date FROM duty_hours WHERE id = ?1",
                [duty],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::Refused("找不到这次值班".into()))?;
        let at = |t: NaiveTime| on_date.and_time(t).format("%Y-%m-%dT%H:%M:%S").to_string();
        tx.execute(
            "UPDATE duty_hours SET signed_in_at = ?1, signed_out_at = ?2, corrected_by = ?3,
                correction = ?4 WHERE id = ?5",
            params![
                at(signed_in),
                at(signed_out),
                actor.volunteer(),
                reason.trim(),
                duty
            ],
        )?;
        let day = on_date.to_string();
        let corrected = duties_in(&tx, None, &day, &day)?
            .into_iter()
            .find(|d| d.id == duty)
            .ok_or_else(|| Error::Refused("找不到这次值班".into()))?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Volunteers,
            None,
            None,
            None,
            &format!(
                "更正了{} {} 的值班时间:{}–{}({});原因:{}",
                corrected.volunteer,
                on_date,
                signed_in.format("%H:%M"),
                signed_out.format("%H:%M"),
                hours_text(corrected.minutes()),
                reason.trim()
            ),
            None,
        )?;
        tx.commit()?;
        Ok(corrected)
    }
}

fn duties_in(
    conn: &rusqlite::Connection,
    volunteer: Option<i64>,
    from: &str,
    to: &str,
) -> Result<Vec<Duty>> {
    let mut statement = conn.prepare_cached(
        "SELECT d.id, d.volunteer_id, v.name, d.on_date, d.signed_in_at, d.signed_out_at,
                d.correction
         FROM duty_hours d JOIN volunteers v ON v.id = d.volunteer_id
         WHERE d.on_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.volunteer_id = ?3)
         ORDER BY d.on_date, d.signed_in_at, d.id",
    )?;
    let rows = statement.query_map(params![from, to, volunteer], |r| {
        let signed_in: String = r.get(4)?;
        let signed_out: Option<String> = r.get(5)?;
        Ok(Duty {
            id: r.get(0)?,
            volunteer_id: r.get(1)?,
            volunteer: r.get(2)?,
            on_date: r.get(3)?,
            signed_in: time_of(&signed_in).unwrap_or(NaiveTime::MIN),
            signed_out: signed_out.as_deref().and_then(time_of),
            correction: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_typed() {
        assert_eq!(
            time_typed(" 9:30 "),
            Ok(NaiveTime::from_hms_opt(9, 30, 0).unwrap())
        );
        assert_eq!(
            time_typed("１７：０５"),
            Ok(NaiveTime::from_hms_opt(17, 5, 0).unwrap())
        );
        assert!(time_typed("下午").unwrap_err().contains("09:30"));
        assert!(time_typed("25:00").is_err());
    }

    #[test]
    fn hours_in_words() {
        assert_eq!(hours_text(200), "3 小时 20 分");
        assert_eq!(hours_text(120), "2 小时");
        assert_eq!(hours_text(45), "45 分钟");
    }
}
