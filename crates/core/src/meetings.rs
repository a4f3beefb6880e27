//! 约见面: once the contacts are exchanged, the volunteer arranges the first meeting — the
//! day, the time and the place (the station itself by default). 首页 lists today's and
//! tomorrow's; it can be moved or cancelled with a reason; after its day the volunteer records
//! that they met with each side's feedback (想继续 / 不想继续 and their words), which is the
//! introduction's step 见面.
//!
//! The rules are [`check_arrange`] and [`check_held`]; the functions below call them inside the
//! transaction that writes, so a refused change changes nothing.

use super::audit;
pub use super::codes::{Continue, MeetingState};
use super::db::Db;
use super::error::{Error, Result};
use super::introductions::{Introduction, Stage};
use super::signin::Actor;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

/// Where a meeting is when nothing else is said.
pub const AT_THE_STATION: &str = "本站";

/// One meeting of an introduction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    pub id: i64,
    pub introduction_id: i64,
    pub on_date: NaiveDate,
    /// "14:00"; free text, may be empty.
    pub at_time: String,
    pub place: String,
    pub state: MeetingState,
    /// Why it was moved (the last time) or cancelled.
    pub reason: String,
    /// Each side's answer after the meeting, with their words.
    pub feedback_a: Option<Continue>,
    pub words_a: String,
    pub feedback_b: Option<Continue>,
    pub words_b: String,
}

impl Meeting {
    /// "2026-12-08 14:00 · 本站".
    pub fn when_and_where(&self) -> String {
        let time = if self.at_time.is_empty() {
            String::new()
        } else {
            format!(" {}", self.at_time)
        };
        format!("{}{time} · {}", self.on_date, self.place)
    }
}

/// A side's answer after the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feedback {
    pub answer: Continue,
    pub words: String,
}

/// A planned meeting with the two names, for 首页.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Upcoming {
    pub meeting: Meeting,
    pub name_a: String,
    pub name_b: String,
}

/// A meeting may be arranged for `i` on `date`: the contacts exchanged (or an introduction
/// from before the agreement steps), still going on, not on a day gone, no other meeting
/// planned.
pub fn check_arrange(
    i: &Introduction,
    date: NaiveDate,
    today: NaiveDate,
    planned: bool,
) -> Result<()> {
    if !i.stage.is_ongoing() {
        return refuse(format!("这条牵线已经是“{}”,不能再约见面", i.stage.label()));
    }
    if i.stage == Stage::Introduced && !i.contacts_exchanged() && !i.before_agreements {
        return refuse("双方都同意、交换了联系方式以后,才能约见面");
    }
    if date < today {
        return refuse(format!(
            "见面日期 {date} 已经过去了:约见面请选今天或以后的日子"
        ));
    }
    if date > today + chrono::Days::new(366) {
        return refuse("见面日期在一年以后,请核对年份");
    }
    if planned {
        return refuse("这条牵线已经约了一次见面:要换时间请用“改期”");
    }
    Ok(())
}

/// That they met may be recorded: the meeting planned and its day come.
pub fn check_held(m: &Meeting, today: NaiveDate) -> Result<()> {
    if m.state != MeetingState::Planned {
        return refuse(format!("这次见面已经是“{}”", m.state.label()));
    }
    if m.on_date > today {
        return refuse(format!(
            "约在 {} 见面,还没到日子:见面以后再记反馈",
            m.on_date
        ));
    }
    Ok(())
}

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

const COLUMNS: &str = "id, introduction_id, on_date, at_time, place, state, reason, feedback_a,
    words_a, feedback_b, words_b";

fn meeting_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: r.get(0)?,
        introduction_id: r.get(1)?,
        on_date: r.get(2)?,
        at_time: r.get(3)?,
        place: r.get(4)?,
        state: r.get(5)?,
        reason: r.get(6)?,
        feedback_a: r.get(7)?,
        words_a: r.get(8)?,
        feedback_b: r.get(9)?,
        words_b: r.get(10)?,
    })
}

fn load(tx: &Transaction<'_>, id: i64) -> Result<Meeting> {
    tx.query_row(
        &format!("SELECT {COLUMNS} FROM meetings WHERE id = ?1"),
        [id],
        meeting_of,
    )
    .optional()?
    .ok_or_else(|| Error::Refused("找不到这次约见".into()))
}

fn log(tx: &Transaction<'_>, actor: &Actor, i: &Introduction, summary: &str) -> Result<()> {
    audit::record(
        tx,
        actor.volunteer(),
        audit::Kind::Introduction,
        Some(i.member_a),
        i.member_b,
        Some(i.id),
        summary,
        None,
    )
}

/// A place as typed: the station when left empty; one line of at most 60 characters.
fn place_of(place: &str) -> Result<String> {
    let place = place.trim();
    if place.chars().count() > 60 {
        return refuse("见面地点太长(最多 60 个字)");
    }
    if place.chars().any(char::is_control) {
        return refuse("见面地点只能写一行");
    }
    Ok(if place.is_empty() {
        AT_THE_STATION.into()
    } else {
        place.into()
    })
}

fn time_of(time: &str) -> Result<String> {
    let time = time.trim();
    if time.chars().count() > 20 || time.chars().any(char::is_control) {
        return refuse("见面时间请写成 14:00 或 下午两点");
    }
    Ok(time.to_string())
}

impl Db {
    /// The meetings of introduction `id`, the first first.
    pub fn meetings(&self, introduction: i64) -> Result<Vec<Meeting>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM meetings WHERE introduction_id = ?1 ORDER BY on_date, id"
        ))?;
        let rows = statement.query_map([introduction], meeting_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// 约见面: introduction `id`'s meeting on `date` at `time` in `place` (the station when
    /// empty).
    pub fn arrange_meeting(
        &mut self,
        actor: &Actor,
        id: i64,
        date: NaiveDate,
        time: &str,
        place: &str,
        today: NaiveDate,
    ) -> Result<Meeting> {
        let (time, place) = (time_of(time)?, place_of(place)?);
        let tx = self.write()?;
        let i = super::introductions::load(&tx, id)?;
        let planned: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM meetings WHERE introduction_id = ?1 AND state = 'planned')",
            [id],
            |r| r.get(0),
        )?;
        check_arrange(&i, date, today, planned)?;
        let now = super::now_text();
        tx.execute(
            "INSERT INTO meetings (introduction_id, on_date, at_time, place, volunteer_id,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![id, date, time, place, actor.volunteer(), now],
        )?;
        let meeting = load(&tx, tx.last_insert_rowid())?;
        log(
            &tx,
            actor,
            &i,
            &format!(
                "{} 与 {}:约见面 {}",
                i.name_a,
                i.name_b,
                meeting.when_and_where()
            ),
        )?;
        tx.commit()?;
        Ok(meeting)
    }

    /// 改期: the planned meeting `meeting` moves to `date` (`time`, `place`), for `reason`.
    pub fn move_meeting(
        &mut self,
        actor: &Actor,
        meeting: i64,
        (date, time, place): (NaiveDate, &str, &str),
        reason: &str,
        today: NaiveDate,
    ) -> Result<Meeting> {
        let (time, place) = (time_of(time)?, place_of(place)?);
        let reason = reason.trim();
        if reason.is_empty() {
            return refuse("请写上改期的原因,如“女方加班”");
        }
        let tx = self.write()?;
        let before = load(&tx, meeting)?;
        if before.state != MeetingState::Planned {
            return refuse(format!("这次见面已经是“{}”,不能改期", before.state.label()));
        }
        let i = super::introductions::load(&tx, before.introduction_id)?;
        check_arrange(&i, date, today, false)?;
        tx.execute(
            "UPDATE meetings SET on_date = ?1, at_time = ?2, place = ?3, reason = ?4,
                 updated_at = ?5 WHERE id = ?6",
            params![date, time, place, reason, super::now_text(), meeting],
        )?;
        let after = load(&tx, meeting)?;
        log(
            &tx,
            actor,
            &i,
            &format!(
                "{} 与 {}:见面改期 {} → {}({reason})",
                i.name_a,
                i.name_b,
                before.when_and_where(),
                after.when_and_where()
            ),
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// 取消见面, for `reason`.
    pub fn cancel_meeting(&mut self, actor: &Actor, meeting: i64, reason: &str) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return refuse("请写上取消见面的原因");
        }
        let tx = self.write()?;
        let m = load(&tx, meeting)?;
        if m.state != MeetingState::Planned {
            return refuse(format!("这次见面已经是“{}”", m.state.label()));
        }
        let i = super::introductions::load(&tx, m.introduction_id)?;
        tx.execute(
            "UPDATE meetings SET state = 'cancelled', reason = ?1, updated_at = ?2 WHERE id = ?3",
            params![reason, super::now_text(), meeting],
        )?;
        log(
            &tx,
            actor,
            &i,
            &format!(
                "{} 与 {}:取消了 {} 的见面({reason})",
                i.name_a,
                i.name_b,
                m.when_and_where()
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// They met: each side's feedback is kept with the meeting, and the introduction takes the
    /// step 见面 on the meeting's day (when it is still at 介绍). What the answers suggest is
    /// for the volunteer: a 不想继续 is said, the introduction is not ended by it.
    pub fn meeting_held(
        &mut self,
        actor: &Actor,
        meeting: i64,
        a: Feedback,
        b: Feedback,
        today: NaiveDate,
    ) -> Result<Introduction> {
        for words in [&a.words, &b.words] {
            if words.chars().count() > 500 {
                return refuse("反馈太长(每边最多 500 个字)");
            }
        }
        let m = {
            let tx = self.write()?;
            let m = load(&tx, meeting)?;
            check_held(&m, today)?;
            let i = super::introductions::load(&tx, m.introduction_id)?;
            tx.execute(
                "UPDATE meetings SET state = 'held', feedback_a = ?1, words_a = ?2,
                     feedback_b = ?3, words_b = ?4, updated_at = ?5 WHERE id = ?6",
                params![
                    a.answer.code(),
                    a.words.trim(),
                    b.answer.code(),
                    b.words.trim(),
                    super::now_text(),
                    meeting
                ],
            )?;
            let said = |name: &str, f: &Feedback| {
                let words = f.words.trim();
                if words.is_empty() {
                    format!("{name}{}", f.answer.label())
                } else {
                    format!("{name}{}({words})", f.answer.label())
                }
            };
            log(
                &tx,
                actor,
                &i,
                &format!(
                    "{} 与 {}:{} 见了面;{};{}",
                    i.name_a,
                    i.name_b,
                    m.on_date,
                    said(&i.name_a, &a),
                    said(&i.name_b, &b)
                ),
            )?;
            tx.commit()?;
            m
        };
        let i = self.introduction(m.introduction_id)?;
        if i.stage == Stage::Introduced {
            return self.advance_introduction(
                i.id,
                Stage::Met,
                m.on_date,
                actor,
                "约见面后记录",
                today,
            );
        }
        Ok(i)
    }

    /// The planned meetings from `from` to `to`, the earliest first (首页: today and tomorrow),
    /// and those whose day has passed without their feedback (`overdue`).
    pub fn upcoming_meetings(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(Vec<Upcoming>, Vec<Upcoming>)> {
        let mut statement = self.conn.prepare_cached(
            "SELECT mt.id, mt.introduction_id, mt.on_date, mt.at_time, mt.place, mt.state,
                    mt.reason, mt.feedback_a, mt.words_a, mt.feedback_b, mt.words_b,
                    a.name, coalesce(b.name, i.partner_name, '')
             FROM meetings mt JOIN introductions i ON i.id = mt.introduction_id
             JOIN members a ON a.id = i.member_a LEFT JOIN members b ON b.id = i.member_b
             WHERE mt.state = 'planned' AND mt.on_date <= ?2
             ORDER BY mt.on_date, mt.at_time, mt.id",
        )?;
        let rows = statement.query_map(params![from, to], |r| {
            Ok(Upcoming {
                meeting: meeting_of(r)?,
                name_a: r.get(11)?,
                name_b: r.get(12)?,
            })
        })?;
        let all: Vec<Upcoming> = rows.collect::<rusqlite::Result<_>>()?;
        let (coming, overdue) = all.into_iter().partition(|u| u.meeting.on_date >= from);
        Ok((coming, overdue))
    }

    /// How many meetings were held between `from` and `to` (both included).
    pub fn meetings_held(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<u64> {
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM meetings WHERE state = 'held'
               AND (?1 IS NULL OR on_date >= ?1) AND (?2 IS NULL OR on_date <= ?2)",
            params![from, to],
            |r| r.get(0),
        )?;
        Ok(count as u64)
    }
}
