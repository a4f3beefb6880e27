//! Who is there to be introduced, and who is waiting: 暂停 with a reason and the day the member
//! returns (by themselves, on that day), 回访确认 calls for registrations nobody has seen for a
//! year, the ID and union cards checked, and the worklist of the members waiting longest for an
//! introduction. Each rule is here once; the window and the command line only call it.

use super::audit;
pub use super::codes::CallOutcome;
use super::db::Db;
use super::error::{Error, Result};
use super::introductions::{EndSide, Side};
use super::members::member_in;
use super::model::{Document, Gender, Member, MemberData, MemberStatus, PauseReason, YearMonth};
use super::now_text;
use super::signin::Actor;
use chrono::{Months, NaiveDate};
use rusqlite::params;
use serde::Serialize;
use std::collections::HashMap;

/// `days!("registered_on")`: a date column in a query as days since 1970, read with [`day`].
macro_rules! days {
    ($column:literal) => {
        concat!("CAST(julianday(", $column, ") - 2440587.5 AS INTEGER)")
    };
}

impl CallOutcome {
    /// The status the member has after the call (none: unchanged).
    fn status_after(self) -> Option<MemberStatus> {
        match self {
            CallOutcome::StillLooking => Some(MemberStatus::Active),
            CallOutcome::FoundSomeone => Some(MemberStatus::Paused),
            CallOutcome::Withdraw => Some(MemberStatus::Withdrawn),
            CallOutcome::Unreachable | CallOutcome::Visited => None,
        }
    }
}

/// One recorded call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Call {
    pub on: NaiveDate,
    pub outcome: CallOutcome,
    pub volunteer_name: Option<String>,
    pub notes: String,
}

impl Call {
    /// "2026-11-02 已有对象(楼老师) · 下半年调回杭州".
    pub fn describe(&self) -> String {
        let mut line = format!("{} {}", self.on, self.outcome.label());
        if let Some(by) = &self.volunteer_name {
            line.push_str(&format!("({by})"));
        }
        if !self.notes.is_empty() {
            line.push_str(&format!(" · {}", self.notes));
        }
        line
    }
}

/// A 在册 member nobody has seen or reached for [`RECONFIRM_MONTHS`] months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconfirm {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub gender: Gender,
    /// The last time the station saw or reached the member (registration, a step of one of
    /// their introductions, a call that reached them, a document checked, an event they came
    /// to, an invitation they answered).
    pub last_seen: NaiveDate,
    /// The latest call that did not reach them, after `last_seen`.
    pub last_try: Option<NaiveDate>,
    pub volunteer_name: Option<String>,
}

/// A member waiting for an introduction, for the worklist of 首页.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiting {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub gender: Gender,
    pub birth: YearMonth,
    /// Registered, or their last introduction ended, on this day.
    pub since: NaiveDate,
    pub days: i64,
    /// Registered and never introduced.
    pub never_introduced: bool,
    pub volunteer_name: Option<String>,
    /// The last event they came to (checked in), if any: waiting, but not out of touch.
    pub last_visit: Option<NaiveDate>,
}

/// How long a member has waited, for the worklist and the statistics (without the details
/// the worklist shows of its first page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaitingTime {
    pub member_id: i64,
    pub number: String,
    pub since: NaiveDate,
    pub days: i64,
    pub never_introduced: bool,
}

/// One member's introductions, in short.
#[derive(Debug, Default, Clone)]
struct History {
    last_end: Option<NaiveDate>,
    last_step: Option<NaiveDate>,
    busy: bool,
}

/// Every member's [`History`], by id (member ids are small and dense): a vector, where a map of
/// 700,000 members took most of a second at a million.
#[derive(Default)]
struct Histories(Vec<History>);

impl Histories {
    fn get(&self, id: &i64) -> Option<&History> {
        usize::try_from(*id).ok().and_then(|i| self.0.get(i))
    }

    fn entry(&mut self, id: i64) -> Option<&mut History> {
        let i = usize::try_from(id).ok()?;
        if i >= self.0.len() {
            self.0.resize(i + 1, History::default());
        }
        self.0.get_mut(i)
    }
}

impl Waiting {
    /// "登记后从未介绍,已等 45 天" / "上次介绍结束后已等 120 天".
    pub fn describe(&self) -> String {
        let waited = if self.never_introduced {
            format!("登记后从未介绍,已等 {} 天", self.days)
        } else {
            format!("上次介绍结束后已等 {} 天", self.days)
        };
        match self.last_visit {
            Some(on) => format!("{waited};上次来站 {on}"),
            None => waited,
        }
    }
}

/// Calls in a row that did not reach a member, spread over at least
/// [`UNREACHABLE_SPAN_DAYS`], before 首页 suggests 暂停 (联系不上).
pub const UNREACHABLE_CALLS: usize = 3;
pub const UNREACHABLE_SPAN_DAYS: i64 = 90;

/// A 在册 member the station's last [`UNREACHABLE_CALLS`] calls did not reach, over at least
/// [`UNREACHABLE_SPAN_DAYS`]: to be paused as 联系不上, so that nobody is introduced to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutOfReach {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub first_try: NaiveDate,
    pub last_try: NaiveDate,
}

/// A registration not seen or reached for this long is to be confirmed by a call.
pub const RECONFIRM_MONTHS: u32 = 12;
/// A new member never introduced is on the worklist after this many days.
pub const FIRST_INTRODUCTION_DAYS: i64 = 7;
/// A member whose last introduction ended is on the worklist after the days set in 设置.
pub const DEFAULT_WAITING_DAYS: u32 = 30;
const WAITING_KEY: &str = "waiting_days";
/// From this many introductions ended by a member themselves, the volunteer is told (on the
/// member page and beside a candidate).
pub const DECLINES_NOTABLE: u32 = 3;

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

/// "暂停(工作忙,到 2027-03-01)" / "暂停(已有对象(站外))".
pub fn pause_text(reason: Option<PauseReason>, until: Option<NaiveDate>) -> String {
    match (reason, until) {
        (Some(reason), Some(until)) => format!("暂停({},到 {until})", reason.label()),
        (Some(reason), None) => format!("暂停({})", reason.label()),
        (None, Some(until)) => format!("暂停(到 {until})"),
        (None, None) => "暂停".to_string(),
    }
}

/// A member's status in words: "在册", "暂停(工作忙,到 2027-03-01)".
pub fn status_text(d: &MemberData) -> String {
    match d.status {
        MemberStatus::Paused => pause_text(d.pause_reason, d.pause_until),
        status => status.label().to_string(),
    }
}

/// The rule for a pause's return date lives with the other rules of a registration.
pub use super::validate::check_pause_until;

impl Db {
    /// 暂停: not introduced until `until` (back in the pool by themselves that day) or, without
    /// a date, until a volunteer sets them 在册 again.
    pub fn pause_member(
        &mut self,
        id: i64,
        reason: PauseReason,
        until: Option<NaiveDate>,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<()> {
        check_pause_until(until, today)?;
        let tx = self.write()?;
        let member = member_in(&tx, id)?;
        on_the_books(&member, "只有在册会员可以暂停")?;
        set_status(&tx, id, MemberStatus::Paused, Some(reason), until, actor)?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Edit,
            Some(id),
            None,
            None,
            &format!(
                "状态:{} → {}",
                member.data.status.label(),
                pause_text(Some(reason), until)
            ),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Back to 在册 (the pause ends now).
    pub fn resume_member(&mut self, id: i64, actor: &Actor) -> Result<()> {
        let tx = self.write()?;
        let member = member_in(&tx, id)?;
        if member.data.status != MemberStatus::Paused {
            return refuse(format!(
                "{}现在是“{}”,不是暂停",
                member.data.name,
                member.data.status.label()
            ));
        }
        set_status(&tx, id, MemberStatus::Active, None, None, actor)?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Edit,
            Some(id),
            None,
            None,
            "状态:暂停 → 在册",
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every member whose pause ends on or before `today` is 在册 again (recorded in the log
    /// without a volunteer). The front ends call it when the database is opened and when the
    /// day changes; returns the names of those back.
    pub fn resume_paused(&mut self, today: NaiveDate) -> Result<Vec<String>> {
        let due: Vec<(i64, String, Option<NaiveDate>)> = {
            // `+status`: the pause's own index, not the thousands of 暂停 rows of a large
            // station (every opening of the database runs this).
            let mut statement = self.conn.prepare_cached(
                "SELECT id, name, pause_until FROM members
                 WHERE pause_until IS NOT NULL AND pause_until <= ?1 AND +status = 'paused'",
            )?;
            statement
                .query_map([today], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?
        };
        if due.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.write()?;
        let mut names = Vec::new();
        for (id, name, until) in due {
            tx.execute(
                "UPDATE members SET status = 'active', pause_reason = NULL, pause_until = NULL,
                     updated_at = ?1
                 WHERE id = ?2 AND status = 'paused'",
                params![now_text(), id],
            )?;
            audit::record(
                &tx,
                None,
                audit::Kind::Edit,
                Some(id),
                None,
                None,
                &format!(
                    "状态:暂停 → 在册(暂停到 {} 已到期,自动恢复)",
                    until.map(|d| d.to_string()).unwrap_or_default()
                ),
                None,
            )?;
            names.push(name);
        }
        tx.commit()?;
        Ok(names)
    }

    /// Records a 回访确认 call and what it found; the status follows (还在找 → 在册,
    /// 已有对象 → 暂停(已有对象(站外)), 不再需要 → 退出; 没联系上 changes nothing).
    pub fn record_call(
        &mut self,
        id: i64,
        outcome: CallOutcome,
        date: NaiveDate,
        notes: &str,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<()> {
        if date > today {
            return refuse("回访日期不能晚于今天");
        }
        if notes.chars().count() > 500 {
            return refuse("回访备注太长(最多 500 个字)");
        }
        let tx = self.write()?;
        let member = member_in(&tx, id)?;
        on_the_books(&member, "不用回访确认")?;
        tx.execute(
            "INSERT INTO member_calls (member_id, on_date, outcome, volunteer_id, notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                date,
                outcome.code(),
                actor.volunteer(),
                notes.trim(),
                now_text()
            ],
        )?;
        let mut summary = format!("回访确认({date}):{}", outcome.label());
        if let Some(status) = outcome.status_after() {
            let reason = (status == MemberStatus::Paused).then_some(PauseReason::PartnerOutside);
            if status != member.data.status || reason != member.data.pause_reason {
                set_status(&tx, id, status, reason, None, actor)?;
                summary.push_str(&format!(
                    ";状态:{} → {}",
                    member.data.status.label(),
                    if status == MemberStatus::Paused {
                        pause_text(reason, None)
                    } else {
                        status.label().to_string()
                    }
                ));
            }
        }
        if !notes.trim().is_empty() {
            summary.push_str(&format!(" · {}", notes.trim()));
        }
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Edit,
            Some(id),
            None,
            None,
            &summary,
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A member's calls, newest first.
    pub fn calls(&self, id: i64) -> Result<Vec<Call>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.on_date, c.outcome, v.name, c.notes FROM member_calls c
             LEFT JOIN volunteers v ON v.id = c.volunteer_id
             WHERE c.member_id = ?1 ORDER BY c.on_date DESC, c.id DESC",
        )?;
        let rows = statement.query_map([id], |r| {
            Ok(Call {
                on: r.get(0)?,
                outcome: r.get(1)?,
                volunteer_name: r.get(2)?,
                notes: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// 回访确认: the 在册 members not seen or reached for [`RECONFIRM_MONTHS`] months, the
    /// longest first; at most `limit`, with the count of all. Seen or reached: registered, a
    /// document checked, a call that reached them, a step of one of their introductions, a
    /// check-in at an event, an invitation call they answered.
    pub fn reconfirm_due(&self, today: NaiveDate, limit: usize) -> Result<(Vec<Reconfirm>, usize)> {
        let before = today
            .checked_sub_months(Months::new(RECONFIRM_MONTHS))
            .unwrap_or(today);
        // Lean reads of the whole station (covering indexes), then the details of a page.
        let histories = self.histories()?;
        let mut reached: HashMap<i64, NaiveDate> = HashMap::new();
        let mut tried: HashMap<i64, NaiveDate> = HashMap::new();
        {
            let mut statement = self.conn.prepare_cached(concat!(
                "SELECT member_id, outcome = 'unreachable', ",
                days!("max(on_date)"),
                " FROM member_calls GROUP BY member_id, outcome = 'unreachable'"
            ))?;
            let mut rows = statement.query([])?;
            while let Some(r) = rows.next()? {
                let (member, unreachable) = (r.get(0)?, r.get(1)?);
                let Some(on) = day(r, 2)? else {
                    continue;
                };
                if unreachable {
                    &mut tried
                } else {
                    &mut reached
                }
                .insert(member, on);
            }
        }
        // Coming to the station or answering it is contact too: a check-in at an event, an
        // invitation call answered (yes or no).
        {
            let mut statement = self.conn.prepare_cached(concat!(
                "SELECT a.member_id, ",
                days!("max(e.on_date)"),
                " FROM event_attendees a JOIN events e ON e.id = a.event_id
                 WHERE a.arrival = 'arrived' GROUP BY a.member_id
                 UNION ALL
                 SELECT member_id, ",
                days!("max(called_on)"),
                " FROM event_invitations
                 WHERE answer IN ('signed_up', 'declined') AND called_on IS NOT NULL
                 GROUP BY member_id"
            ))?;
            let mut rows = statement.query([])?;
            while let Some(r) = rows.next()? {
                let member: i64 = r.get(0)?;
                let Some(on) = day(r, 1)? else {
                    continue;
                };
                let seen = reached.entry(member).or_insert(on);
                *seen = (*seen).max(on);
            }
        }
        let mut due: Vec<(NaiveDate, String, i64, Option<NaiveDate>)> = Vec::new();
        let mut statement = self.conn.prepare_cached(concat!(
            "SELECT id, number, ",
            days!("registered_on"),
            ", ",
            days!("id_checked_on"),
            ", ",
            days!("union_checked_on"),
            " FROM members WHERE status = 'active'"
        ))?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let last_seen = [
                day(r, 2)?,
                day(r, 3)?,
                day(r, 4)?,
                reached.get(&id).copied(),
                histories.get(&id).and_then(|h| h.last_step),
            ]
            .into_iter()
            .flatten()
            .max();
            let Some(last_seen) = last_seen else {
                continue;
            };
            if last_seen < before {
                let last_try = tried.get(&id).copied().filter(|t| *t >= last_seen);
                due.push((last_seen, r.get(1)?, id, last_try));
            }
        }
        due.sort();
        let total = due.len();
        let mut page = Vec::new();
        for (last_seen, number, id, last_try) in due.into_iter().take(limit) {
            let (name, gender, _, volunteer_name) = self.waiting_details(id)?;
            page.push(Reconfirm {
                member_id: id,
                number,
                name,
                gender,
                last_seen,
                last_try,
                volunteer_name,
            });
        }
        Ok((page, total))
    }

    /// The 在册 members whose last [`UNREACHABLE_CALLS`] calls all found them 没联系上, the
    /// first and the last at least [`UNREACHABLE_SPAN_DAYS`] apart: 首页 suggests pausing them
    /// (联系不上). The longest out of reach first.
    pub fn out_of_reach(&self) -> Result<Vec<OutOfReach>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.member_id, m.number, m.name, c.outcome = 'unreachable', c.on_date
             FROM member_calls c JOIN members m ON m.id = c.member_id
             WHERE m.status = 'active'
             ORDER BY c.member_id, c.on_date DESC, c.id DESC",
        )?;
        let mut rows = statement.query([])?;
        let mut found = Vec::new();
        // The calls of one member (id, number, name; each call reached or not and its day),
        // newest first, as they come.
        type Calls = (i64, String, String, Vec<(bool, NaiveDate)>);
        let mut current: Option<Calls> = None;
        let mut judge = |(id, number, name, calls): Calls| {
            let last = &calls[..calls.len().min(UNREACHABLE_CALLS)];
            if last.len() == UNREACHABLE_CALLS && last.iter().all(|(unreachable, _)| *unreachable) {
                let (latest, earliest) = (last[0].1, last[UNREACHABLE_CALLS - 1].1);
                if (latest - earliest).num_days() >= UNREACHABLE_SPAN_DAYS {
                    found.push(OutOfReach {
                        member_id: id,
                        number,
                        name,
                        first_try: earliest,
                        last_try: latest,
                    });
                }
            }
        };
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let call = (r.get::<_, bool>(3)?, r.get::<_, NaiveDate>(4)?);
            match &mut current {
                Some((member, _, _, calls)) if *member == id => calls.push(call),
                _ => {
                    if let Some(done) = current.take() {
                        judge(done);
                    }
                    current = Some((id, r.get(1)?, r.get(2)?, vec![call]));
                }
            }
        }
        if let Some(done) = current.take() {
            judge(done);
        }
        found.sort_by_key(|o| (o.first_try, o.member_id));
        Ok(found)
    }

    /// A volunteer looked at the member's ID card (or union card) on `date`.
    pub fn record_identity_check(
        &mut self,
        id: i64,
        document: Document,
        date: NaiveDate,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<()> {
        if date > today {
            return refuse("核验日期不能晚于今天");
        }
        let tx = self.write()?;
        let member = member_in(&tx, id)?;
        if document == Document::UnionCard && !member.data.union_member {
            return refuse(format!(
                "{}没有登记为工会会员,不用核验工会会员证",
                member.data.name
            ));
        }
        let (on, by) = document_columns(document);
        tx.execute(
            &format!(
                "UPDATE members SET {on} = ?1, {by} = ?2, updated_at = ?3, updated_by = ?2
                 WHERE id = ?4"
            ),
            params![date, actor.volunteer(), now_text(), id],
        )?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Check,
            Some(id),
            None,
            None,
            &format!("核验了{}的{}({date})", member.data.name, document.label()),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Takes back a document check recorded by mistake.
    pub fn clear_identity_check(
        &mut self,
        id: i64,
        document: Document,
        actor: &Actor,
    ) -> Result<()> {
        let tx = self.write()?;
        let member = member_in(&tx, id)?;
        let (on, by) = document_columns(document);
        tx.execute(
            &format!(
                "UPDATE members SET {on} = NULL, {by} = NULL, updated_at = ?1, updated_by = ?2
                 WHERE id = ?3"
            ),
            params![now_text(), actor.volunteer(), id],
        )?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Check,
            Some(id),
            None,
            None,
            &format!("撤销了{}的{}核验", member.data.name, document.label()),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// After how many days since their last introduction ended a member is on the worklist.
    pub fn waiting_days(&self) -> Result<u32> {
        Ok(self
            .setting(WAITING_KEY)?
            .and_then(|v| v.parse().ok())
            .filter(|d| (1..=365).contains(d))
            .unwrap_or(DEFAULT_WAITING_DAYS))
    }

    pub fn set_waiting_days(&self, days: u32) -> Result<()> {
        if !(1..=365).contains(&days) {
            return refuse("等待提醒的天数应在 1 到 365 之间");
        }
        self.set_setting(WAITING_KEY, &days.to_string())
    }

    /// The worklist of members waiting for an introduction: 在册, consenting, in no ongoing
    /// introduction, and never introduced since registering [`FIRST_INTRODUCTION_DAYS`] ago,
    /// or with nothing since their last introduction ended [`Db::waiting_days`] ago. The
    /// longest waiting first (never introduced before the others on the same day, then by
    /// member number); at most `limit`, with the count of all.
    pub fn waiting_members(&self, today: NaiveDate, limit: usize) -> Result<(Vec<Waiting>, usize)> {
        let days = i64::from(self.waiting_days()?);
        let due: Vec<WaitingTime> = self
            .all_waiting(today)?
            .into_iter()
            .filter(|w| {
                w.days
                    >= if w.never_introduced {
                        FIRST_INTRODUCTION_DAYS
                    } else {
                        days
                    }
            })
            .collect();
        let total = due.len();
        let mut page = Vec::new();
        for w in due.into_iter().take(limit) {
            let (name, gender, birth, volunteer_name) = self.waiting_details(w.member_id)?;
            page.push(Waiting {
                member_id: w.member_id,
                number: w.number,
                name,
                gender,
                birth,
                since: w.since,
                days: w.days,
                never_introduced: w.never_introduced,
                volunteer_name,
                last_visit: self.last_visit(w.member_id)?,
            });
        }
        Ok((page, total))
    }

    /// Every member who could be introduced and is not in an introduction now (在册,
    /// consenting), with how long they have waited: since registering, or since their last
    /// introduction ended (or, for one taken back to before it ended, began). In the order of
    /// [`Db::waiting_members`].
    pub fn all_waiting(&self, today: NaiveDate) -> Result<Vec<WaitingTime>> {
        let mut all = Vec::new();
        self.each_waiting(true, |id, number, since, never_introduced| {
            all.push(WaitingTime {
                member_id: id,
                number,
                since,
                days: (today - since).num_days().max(0),
                never_introduced,
            });
        })?;
        all.sort_by(|a, b| {
            a.since
                .cmp(&b.since)
                .then(b.never_introduced.cmp(&a.never_introduced))
                .then(a.number.cmp(&b.number))
        });
        Ok(all)
    }

    /// How long each waiting member (as in [`Db::all_waiting`]) has waited, in days, and whether
    /// they were never introduced; in no order, without their numbers (统计's groups: 0.5 s less
    /// at a million members).
    pub fn waited_days(&self, today: NaiveDate) -> Result<Vec<(i64, bool)>> {
        let mut all = Vec::new();
        self.each_waiting(false, |_, _, since, never_introduced| {
            all.push(((today - since).num_days().max(0), never_introduced));
        })?;
        Ok(all)
    }

    /// The waiting members (在册, consenting, not in an introduction now) one by one: id, number
    /// (when `numbers`, else empty), the day they have waited since, never introduced.
    fn each_waiting(
        &self,
        numbers: bool,
        mut each: impl FnMut(i64, String, NaiveDate, bool),
    ) -> Result<()> {
        let histories = self.histories()?;
        // Not 待本人确认: they wait for their own yes, not for an introduction (首页 lists them).
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT id, number, {} FROM members WHERE status = 'active' AND {}",
            days!("registered_on"),
            super::model::may_introduce_sql("")
        ))?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let history = histories.get(&id);
            if history.is_some_and(|h| h.busy) {
                continue;
            }
            let registered = day(r, 2)?;
            let last = history.and_then(|h| h.last_end);
            let Some(since) = [registered, last].into_iter().flatten().max() else {
                continue;
            };
            let number = if numbers { r.get(1)? } else { String::new() };
            each(id, number, since, last.is_none());
        }
        Ok(())
    }

    /// Each member's introductions in one pass: the day the last one ended (or, married or
    /// going on, began), the last step's day, and whether one is going on.
    fn histories(&self) -> Result<Histories> {
        let mut statement = self.conn.prepare_cached(concat!(
            "SELECT member_a, member_b, stage IN ('introduced', 'met', 'dating'), ",
            days!("coalesce(ended_on, married_on, introduced_on)"),
            ", ",
            days!(
                "max(introduced_on, coalesce(a_agreed_on, ''), coalesce(b_agreed_on, ''),
                        coalesce(exchanged_on, ''), coalesce(met_on, ''), coalesce(dating_on, ''),
                        coalesce(married_on, ''), coalesce(ended_on, ''))"
            ),
            " FROM introductions"
        ))?;
        let mut rows = statement.query([])?;
        let mut histories = Histories::default();
        while let Some(r) = rows.next()? {
            let (busy, end, step): (bool, _, _) = (r.get(2)?, day(r, 3)?, day(r, 4)?);
            let sides = [Some(r.get::<_, i64>(0)?), r.get::<_, Option<i64>>(1)?];
            for member in sides.into_iter().flatten() {
                let Some(h) = histories.entry(member) else {
                    continue;
                };
                h.busy |= busy;
                h.last_end = h.last_end.max(end);
                h.last_step = h.last_step.max(step);
            }
        }
        Ok(histories)
    }

    /// What a list shows of one member besides the number.
    /// The day `member` last came to the station: an event they checked in at, or a visit
    /// recorded on their page (来站了).
    fn last_visit(&self, member: i64) -> Result<Option<NaiveDate>> {
        Ok(self.conn.query_row(
            "SELECT max(day) FROM (
                 SELECT e.on_date AS day FROM event_attendees a JOIN events e ON e.id = a.event_id
                 WHERE a.member_id = ?1 AND a.arrival = 'arrived'
                 UNION ALL
                 SELECT on_date FROM member_calls WHERE member_id = ?1 AND outcome = 'visited')",
            [member],
            |r| r.get(0),
        )?)
    }

    fn waiting_details(&self, id: i64) -> Result<(String, Gender, YearMonth, Option<String>)> {
        let mut statement = self.conn.prepare_cached(
            "SELECT m.name, m.gender, m.birth_year, m.birth_month, v.name
             FROM members m LEFT JOIN volunteers v ON v.id = m.volunteer_id WHERE m.id = ?1",
        )?;
        Ok(statement.query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                YearMonth::new(r.get(2)?, r.get(3)?).unwrap_or(YearMonth {
                    year: 1900,
                    month: 1,
                }),
                r.get(4)?,
            ))
        })?)
    }

    /// How many introductions each of `members` ended themselves (their side, or both sides).
    pub fn decline_counts(&self, members: &[i64]) -> Result<HashMap<i64, u32>> {
        let mut counts = HashMap::new();
        let mut statement = self.conn.prepare_cached(
            // Through each side's own index: with `member_a = ?1 OR member_b = ?1` SQLite chose
            // the stage index and read every ended introduction for each candidate (8 ms at
            // 100,000 members, 50 candidates and more per 配对).
            "SELECT member_a, member_b, end_side FROM introductions
             WHERE member_a = ?1 AND stage = 'ended' AND end_side IN ('a', 'b', 'both')
             UNION ALL
             SELECT member_a, member_b, end_side FROM introductions
             WHERE member_b = ?1 AND stage = 'ended' AND end_side IN ('a', 'b', 'both')",
        )?;
        for &member in members {
            let rows = statement.query_map([member], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, EndSide>(2)?))
            })?;
            let mut n = 0;
            for row in rows {
                let (a, side) = row?;
                let mine = if a == member { Side::A } else { Side::B };
                if side.includes(mine) {
                    n += 1;
                }
            }
            if n > 0 {
                counts.insert(member, n);
            }
        }
        Ok(counts)
    }

    /// How many introductions the member ended themselves.
    pub fn declines_of(&self, member: i64) -> Result<u32> {
        Ok(self
            .decline_counts(&[member])?
            .get(&member)
            .copied()
            .unwrap_or(0))
    }
}

/// Refused, saying `why`, unless the member is 在册 or 暂停 (not 已婚, not 退出).
fn on_the_books(member: &Member, why: &str) -> Result<()> {
    if matches!(
        member.data.status,
        MemberStatus::Active | MemberStatus::Paused
    ) {
        return Ok(());
    }
    refuse(format!(
        "{}现在是“{}”,{why}",
        member.data.name,
        member.data.status.label()
    ))
}

/// A date column read for a whole station, given by the query as days since 1970
/// (`days!`): SQLite's counting is much cheaper than parsing a hundred thousand dates one
/// by one.
fn day(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    // 719,163 days from 0001-01-01 to 1970-01-01.
    Ok(row
        .get::<_, Option<i64>>(index)?
        .and_then(|n| i32::try_from(n + 719_163).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt))
}

fn document_columns(document: Document) -> (&'static str, &'static str) {
    match document {
        Document::IdCard => ("id_checked_on", "id_checked_by"),
        Document::UnionCard => ("union_checked_on", "union_checked_by"),
    }
}

/// The member's status (with a pause's reason and date) written, with who changed it.
fn set_status(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    status: MemberStatus,
    reason: Option<PauseReason>,
    until: Option<NaiveDate>,
    actor: &Actor,
) -> Result<()> {
    let changed = tx.execute(
        "UPDATE members SET status = ?1, pause_reason = ?2, pause_until = ?3, updated_at = ?4,
             updated_by = ?5
         WHERE id = ?6",
        params![status, reason, until, now_text(), actor.volunteer(), id],
    )?;
    if changed == 0 {
        return Err(Error::MemberNotFound(id.to_string()));
    }
    Ok(())
}
