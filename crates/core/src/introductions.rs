//! 牵线记录: an introduction moves 介绍 → 见面 → 交往 → 登记结婚, or ends (未成) from any stage
//! before marriage. Every rule about those steps lives in [`check_advance`], [`check_end`] and
//! [`check_undo`]; the database functions below call them inside the transaction that writes
//! the step, so a refused step changes nothing.

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::model::{MemberStatus, labelled_enum};
use super::now_text;
use super::signin::Actor;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

labelled_enum!(
    /// In order: later stages compare greater. `Ended` (未成) is apart from the order.
    Stage {
        Introduced = "introduced" / "介绍",
        Met = "met" / "见面",
        Dating = "dating" / "交往",
        Married = "married" / "登记结婚",
        Ended = "ended" / "未成",
    }
);

labelled_enum!(EndReason {
    Declined = "declined" / "一方不同意",
    Unsuitable = "unsuitable" / "见面后不合适",
    LostContact = "lost_contact" / "失去联系",
    Other = "other" / "其他",
});

impl Stage {
    /// Whether the introduction is still going on (not married, not ended).
    pub fn is_ongoing(self) -> bool {
        !matches!(self, Stage::Married | Stage::Ended)
    }

    fn date_column(self) -> &'static str {
        match self {
            Stage::Introduced => "introduced_on",
            Stage::Met => "met_on",
            Stage::Dating => "dating_on",
            Stage::Married => "married_on",
            Stage::Ended => "ended_on",
        }
    }
}

/// One introduction as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Introduction {
    pub id: i64,
    pub member_a: i64,
    pub member_b: i64,
    pub number_a: String,
    pub number_b: String,
    pub name_a: String,
    pub name_b: String,
    pub stage: Stage,
    pub introduced_on: NaiveDate,
    pub met_on: Option<NaiveDate>,
    pub dating_on: Option<NaiveDate>,
    pub married_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
    pub volunteer_name: Option<String>,
    /// The latest date a stage was reached; a next step cannot be dated earlier.
    pub last_step_on: NaiveDate,
    /// What each side said (回访记录).
    pub feedback_a: String,
    pub feedback_b: String,
    /// The day anything was last recorded for it (a step or feedback).
    pub updated_on: NaiveDate,
}

impl Introduction {
    /// The name of the other side of the introduction, seen from `member`.
    pub fn partner_of(&self, member: i64) -> (&str, &str) {
        if member == self.member_a {
            (&self.name_b, &self.number_b)
        } else {
            (&self.name_a, &self.number_a)
        }
    }

    /// The date of the stage it is at now.
    pub fn stage_on(&self) -> NaiveDate {
        match self.stage {
            Stage::Introduced => Some(self.introduced_on),
            Stage::Met => self.met_on,
            Stage::Dating => self.dating_on,
            Stage::Married => self.married_on,
            Stage::Ended => self.ended_on,
        }
        .unwrap_or(self.last_step_on)
    }
}

/// Which side of an introduction feedback is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

/// One recorded step of an introduction (the timeline).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub kind: StepKind,
    pub stage: Stage,
    pub previous: Option<Stage>,
    pub on: NaiveDate,
    pub volunteer_name: Option<String>,
    pub reason: Option<EndReason>,
    pub notes: String,
}

labelled_enum!(StepKind {
    Start = "start" / "介绍",
    Advance = "advance" / "推进",
    End = "end" / "未成",
    Undo = "undo" / "撤销上一步",
});

impl Step {
    /// "见面" / "未成(失去联系)" / "撤销上一步:交往 → 见面".
    pub fn describe(&self) -> String {
        match self.kind {
            StepKind::Start => "介绍".to_string(),
            StepKind::Advance => self.stage.label().to_string(),
            StepKind::End => match self.reason {
                Some(reason) => format!("未成({})", reason.label()),
                None => "未成".to_string(),
            },
            StepKind::Undo => format!(
                "撤销上一步:{} → {}",
                self.previous.map_or("", Stage::label),
                self.stage.label()
            ),
        }
    }
}

/// Which introductions the 牵线记录 screen shows. `None` = any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub stage: Option<Stage>,
    /// Only those still going on (介绍, 见面, 交往).
    pub ongoing: bool,
    pub volunteer_id: Option<i64>,
    /// On the 介绍 date.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub member: Option<i64>,
    /// Part of either member's name, or either's member number in full ("李芳", "2025-0001").
    pub name: Option<String>,
}

/// An ongoing introduction nobody has followed up for a while.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    pub introduction: Introduction,
    /// The day the follow-up was due (last update + the days set in 设置).
    pub due_on: NaiveDate,
    pub days_overdue: i64,
}

/// What else the rules need to know about the two members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// Either member is already 交往 in another introduction.
    pub other_dating: bool,
}

const FOLLOW_UP_KEY: &str = "follow_up_days";
pub const DEFAULT_FOLLOW_UP_DAYS: u32 = 14;

/// Records a step of `introduction` in the 操作记录 of both members.
fn log_step(
    tx: &Transaction<'_>,
    volunteer: Option<i64>,
    introduction: &Introduction,
    summary: &str,
) -> Result<()> {
    audit::record(
        tx,
        volunteer,
        audit::Kind::Introduction,
        Some(introduction.member_a),
        Some(introduction.member_b),
        Some(introduction.id),
        summary,
        None,
    )
}

fn notes_suffix(notes: &str) -> String {
    let notes = notes.trim();
    if notes.is_empty() {
        String::new()
    } else {
        format!(" · {notes}")
    }
}

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

/// Moving forward to `target` on `date`. Stages may be skipped (a couple may be reported as
/// dating without the meeting having been recorded), never taken backwards.
pub fn check_advance(
    current: &Introduction,
    target: Stage,
    date: NaiveDate,
    today: NaiveDate,
    context: Context,
) -> Result<()> {
    if target == Stage::Ended {
        return refuse("结束请用“未成”,并选择原因");
    }
    if !current.stage.is_ongoing() {
        return refuse(format!(
            "这条牵线已经是“{}”,不能再往下走",
            current.stage.label()
        ));
    }
    if target <= current.stage {
        return refuse(format!(
            "现在是“{}”,不能改回“{}”;如果记错了,请用“撤销上一步”",
            current.stage.label(),
            target.label()
        ));
    }
    check_date(current, date, today)?;
    if target >= Stage::Dating && current.stage < Stage::Dating && context.other_dating {
        return refuse("其中一位会员正在与别人交往,同一时间只能有一段交往");
    }
    Ok(())
}

/// Ending (未成) from any stage before 登记结婚.
pub fn check_end(current: &Introduction, date: NaiveDate, today: NaiveDate) -> Result<()> {
    match current.stage {
        Stage::Married => refuse("已经登记结婚,不能再记为未成"),
        Stage::Ended => refuse("这条牵线已经是“未成”"),
        _ => check_date(current, date, today),
    }
}

/// Taking back the latest step: possible unless only the introduction itself was recorded.
pub fn check_undo(current: &Introduction) -> Result<()> {
    if current.stage == Stage::Introduced {
        return refuse("还没有后续步骤可以撤销;不该介绍的话,请记为“未成”");
    }
    Ok(())
}

fn check_date(current: &Introduction, date: NaiveDate, today: NaiveDate) -> Result<()> {
    if date > today {
        return refuse("日期不能晚于今天");
    }
    if date < current.last_step_on {
        return refuse(format!(
            "日期不能早于上一步的日期({})",
            current.last_step_on
        ));
    }
    Ok(())
}

const INTRODUCTION_SELECT: &str =
    "SELECT i.id, i.member_a, i.member_b, a.number, b.number, a.name, b.name, i.stage,
        i.introduced_on, i.met_on, i.dating_on, i.married_on, i.ended_on, i.end_reason, v.name,
        max(i.introduced_on, coalesce(i.met_on, ''), coalesce(i.dating_on, ''), coalesce(i.married_on, ''),
            coalesce(i.ended_on, '')), i.feedback_a, i.feedback_b, substr(i.updated_at, 1, 10)
    FROM introductions i
    JOIN members a ON a.id = i.member_a
    JOIN members b ON b.id = i.member_b
    LEFT JOIN volunteers v ON v.id = i.volunteer_id";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Introduction> {
    let stage: String = row.get(7)?;
    let reason: Option<String> = row.get(13)?;
    let introduced_on: NaiveDate = row.get(8)?;
    Ok(Introduction {
        id: row.get(0)?,
        member_a: row.get(1)?,
        member_b: row.get(2)?,
        number_a: row.get(3)?,
        number_b: row.get(4)?,
        name_a: row.get(5)?,
        name_b: row.get(6)?,
        stage: Stage::parse(&stage).unwrap_or(Stage::Introduced),
        introduced_on,
        met_on: row.get(9)?,
        dating_on: row.get(10)?,
        married_on: row.get(11)?,
        ended_on: row.get(12)?,
        end_reason: reason.as_deref().and_then(EndReason::parse),
        volunteer_name: row.get(14)?,
        last_step_on: row
            .get::<_, Option<NaiveDate>>(15)?
            .unwrap_or(introduced_on),
        feedback_a: row.get(16)?,
        feedback_b: row.get(17)?,
        updated_on: row
            .get::<_, Option<NaiveDate>>(18)
            .ok()
            .flatten()
            .unwrap_or(introduced_on),
    })
}

fn load(tx: &Transaction<'_>, id: i64) -> Result<Introduction> {
    tx.query_row(
        &format!("{INTRODUCTION_SELECT} WHERE i.id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(Error::IntroductionNotFound)
}

fn pair(a: i64, b: i64) -> (i64, i64) {
    (a.min(b), a.max(b))
}

// The writers below are the one way an introduction's rows are written: by the operations of
// `impl Db` (after their rules are checked) and by the demo's history. `at` is the time stamp
// of the rows (now, or a demo step's own day).

/// One step row, and the introduction marked as updated at `at`.
#[allow(clippy::too_many_arguments)] // one step row: every column is an argument
fn record_step(
    tx: &Transaction<'_>,
    id: i64,
    kind: StepKind,
    stage: Stage,
    previous: Option<Stage>,
    date: NaiveDate,
    volunteer: Option<i64>,
    reason: Option<EndReason>,
    notes: &str,
    statuses_before: Option<(MemberStatus, MemberStatus)>,
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO introduction_steps (introduction_id, kind, stage, previous_stage, on_date, volunteer_id,
             reason, notes, status_a_before, status_b_before, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        kind.code(),
        stage.code(),
        previous.map(Stage::code),
        date,
        volunteer,
        reason.map(EndReason::code),
        notes.trim(),
        statuses_before.map(|s| s.0),
        statuses_before.map(|s| s.1),
        at
    ])?;
    tx.prepare_cached("UPDATE introductions SET updated_at = ?1 WHERE id = ?2")?
        .execute(params![at, id])?;
    Ok(())
}

/// A new introduction of `a` and `b` at 介绍 on `date`, with its first step; its id.
pub(crate) fn write_start(
    tx: &Transaction<'_>,
    a: i64,
    b: i64,
    date: NaiveDate,
    volunteer: Option<i64>,
    at: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO introductions (member_a, member_b, stage, introduced_on, volunteer_id, created_at, updated_at)
         VALUES (?1, ?2, 'introduced', ?3, ?4, ?5, ?5)",
    )?
    .execute(params![a, b, date, volunteer, at])?;
    let id = tx.last_insert_rowid();
    record_step(
        tx,
        id,
        StepKind::Start,
        Stage::Introduced,
        None,
        date,
        volunteer,
        None,
        "",
        None,
        at,
    )?;
    Ok(id)
}

/// Introduction `id` moved from `from` to `target` on `date`; a skipped stage is dated the
/// same day. `statuses_before` are the members' statuses before 登记结婚 (for an undo).
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_advance(
    tx: &Transaction<'_>,
    id: i64,
    from: Stage,
    target: Stage,
    date: NaiveDate,
    volunteer: Option<i64>,
    notes: &str,
    statuses_before: Option<(MemberStatus, MemberStatus)>,
    at: &str,
) -> Result<()> {
    for stage in Stage::ALL
        .iter()
        .copied()
        .filter(|s| *s > from && *s <= target && *s != Stage::Ended)
    {
        tx.prepare_cached(&format!(
            "UPDATE introductions SET {} = ?1 WHERE id = ?2",
            stage.date_column()
        ))?
        .execute(params![date, id])?;
    }
    tx.prepare_cached("UPDATE introductions SET stage = ?1 WHERE id = ?2")?
        .execute(params![target.code(), id])?;
    record_step(
        tx,
        id,
        StepKind::Advance,
        target,
        Some(from),
        date,
        volunteer,
        None,
        notes,
        statuses_before,
        at,
    )
}

/// Introduction `id` ended (未成) from `from` on `date` for `reason`; with `block` the pair is
/// not suggested again.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_end(
    tx: &Transaction<'_>,
    id: i64,
    members: (i64, i64),
    from: Stage,
    reason: EndReason,
    date: NaiveDate,
    volunteer: Option<i64>,
    notes: &str,
    block: bool,
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE introductions SET stage = 'ended', ended_on = ?1, end_reason = ?2 WHERE id = ?3",
    )?
    .execute(params![date, reason.code(), id])?;
    if block {
        let (low, high) = pair(members.0, members.1);
        tx.prepare_cached(
            "INSERT OR IGNORE INTO blocked_pairs (member_a, member_b, reason, created_on) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![low, high, format!("未成:{}", reason.label()), date])?;
    }
    record_step(
        tx,
        id,
        StepKind::End,
        Stage::Ended,
        Some(from),
        date,
        volunteer,
        Some(reason),
        notes,
        None,
        at,
    )
}

fn member_state(tx: &Transaction<'_>, id: i64) -> Result<(String, MemberStatus, bool, String)> {
    tx.query_row(
        "SELECT name, status, consent, gender FROM members WHERE id = ?1",
        [id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )
    .optional()?
    .ok_or_else(|| Error::MemberNotFound(id.to_string()))
}

impl Db {
    /// Records that `a` and `b` were introduced to each other on `date`.
    pub fn add_introduction(
        &mut self,
        a: i64,
        b: i64,
        date: NaiveDate,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<Introduction> {
        let volunteer = actor.volunteer();
        let tx = self.write()?;
        if a == b {
            return refuse("不能把会员介绍给自己");
        }
        let (name_a, status_a, consent_a, gender_a) = member_state(&tx, a)?;
        let (name_b, status_b, consent_b, gender_b) = member_state(&tx, b)?;
        if gender_a == gender_b {
            return refuse(format!("{name_a}和{name_b}性别相同"));
        }
        for (name, status, consent) in [
            (&name_a, status_a, consent_a),
            (&name_b, status_b, consent_b),
        ] {
            if status != MemberStatus::Active {
                return refuse(format!(
                    "{name}现在是“{}”,只有在册会员可以介绍",
                    status.label()
                ));
            }
            if !consent {
                return refuse(format!("{name}还没有知情同意,不能介绍给别人"));
            }
        }
        if date > today {
            return refuse("日期不能晚于今天");
        }
        let (low, high) = pair(a, b);
        let blocked: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM blocked_pairs WHERE member_a = ?1 AND member_b = ?2)",
            [low, high],
            |r| r.get(0),
        )?;
        if blocked {
            return refuse(format!("{name_a}和{name_b}已标记为不再介绍"));
        }
        let ongoing: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM introductions WHERE stage NOT IN ('married', 'ended')
                AND ((member_a = ?1 AND member_b = ?2) OR (member_a = ?2 AND member_b = ?1)))",
            [a, b],
            |r| r.get(0),
        )?;
        if ongoing {
            return refuse(format!("{name_a}和{name_b}之间已有一条进行中的牵线"));
        }
        let id = write_start(&tx, a, b, date, volunteer, &now_text())?;
        let introduction = load(&tx, id)?;
        log_step(
            &tx,
            volunteer,
            &introduction,
            &format!(
                "介绍 {} 与 {} 认识({date})",
                introduction.name_a, introduction.name_b
            ),
        )?;
        tx.commit()?;
        Ok(introduction)
    }

    /// Moves an introduction forward to `target` (not 未成: see [`Db::end_introduction`]).
    /// 登记结婚 sets both members to 已婚.
    pub fn advance_introduction(
        &mut self,
        id: i64,
        target: Stage,
        date: NaiveDate,
        actor: &Actor,
        notes: &str,
        today: NaiveDate,
    ) -> Result<Introduction> {
        let volunteer = actor.volunteer();
        let tx = self.write()?;
        let current = load(&tx, id)?;
        let other_dating: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM introductions WHERE id <> ?1 AND stage = 'dating'
                AND (member_a IN (?2, ?3) OR member_b IN (?2, ?3)))",
            params![id, current.member_a, current.member_b],
            |r| r.get(0),
        )?;
        check_advance(&current, target, date, today, Context { other_dating })?;
        let mut before = None;
        if target == Stage::Married {
            let (_, status_a, _, _) = member_state(&tx, current.member_a)?;
            let (_, status_b, _, _) = member_state(&tx, current.member_b)?;
            before = Some((status_a, status_b));
            tx.execute(
                "UPDATE members SET status = 'married', updated_at = ?1, updated_by = ?2 WHERE id IN (?3, ?4)",
                params![now_text(), volunteer, current.member_a, current.member_b],
            )?;
        }
        write_advance(
            &tx,
            id,
            current.stage,
            target,
            date,
            volunteer,
            notes,
            before,
            &now_text(),
        )?;
        let introduction = load(&tx, id)?;
        log_step(
            &tx,
            volunteer,
            &introduction,
            &format!(
                "{} 与 {}:{}({date}){}",
                introduction.name_a,
                introduction.name_b,
                target.label(),
                notes_suffix(notes)
            ),
        )?;
        tx.commit()?;
        Ok(introduction)
    }

    /// Records 未成 with its reason; both members stay in (or return to) the pool, and unless
    /// `block` is false the pair is not suggested again.
    #[allow(clippy::too_many_arguments)]
    pub fn end_introduction(
        &mut self,
        id: i64,
        reason: EndReason,
        date: NaiveDate,
        actor: &Actor,
        notes: &str,
        block: bool,
        today: NaiveDate,
    ) -> Result<Introduction> {
        let volunteer = actor.volunteer();
        let tx = self.write()?;
        let current = load(&tx, id)?;
        check_end(&current, date, today)?;
        write_end(
            &tx,
            id,
            (current.member_a, current.member_b),
            current.stage,
            reason,
            date,
            volunteer,
            notes,
            block,
            &now_text(),
        )?;
        let introduction = load(&tx, id)?;
        log_step(
            &tx,
            volunteer,
            &introduction,
            &format!(
                "{} 与 {}:未成,{}({date}){}",
                introduction.name_a,
                introduction.name_b,
                reason.label(),
                notes_suffix(notes)
            ),
        )?;
        tx.commit()?;
        Ok(introduction)
    }

    /// 撤销上一步: goes back to the stage before the latest step, itself recorded as a step.
    /// Taking back 登记结婚 restores both members' statuses; taking back 未成 lifts the block it set.
    pub fn undo_introduction_step(
        &mut self,
        id: i64,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<Introduction> {
        let volunteer = actor.volunteer();
        let tx = self.write()?;
        let current = load(&tx, id)?;
        check_undo(&current)?;
        let (previous, status_a, status_b): (String, Option<MemberStatus>, Option<MemberStatus>) =
            tx.query_row(
                "SELECT previous_stage, status_a_before, status_b_before FROM introduction_steps
             WHERE introduction_id = ?1 AND kind IN ('advance', 'end') AND stage = ?2
             ORDER BY id DESC LIMIT 1",
                params![id, current.stage.code()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
        let previous = Stage::parse(&previous).unwrap_or(Stage::Introduced);
        // Dates of the stages after the one returned to no longer hold.
        for stage in Stage::ALL.iter().copied().filter(|s| *s > previous) {
            tx.execute(
                &format!(
                    "UPDATE introductions SET {} = NULL WHERE id = ?1",
                    stage.date_column()
                ),
                [id],
            )?;
        }
        tx.execute(
            "UPDATE introductions SET stage = ?1, end_reason = NULL WHERE id = ?2",
            params![previous.code(), id],
        )?;
        if current.stage == Stage::Married {
            for (member, status) in [(current.member_a, status_a), (current.member_b, status_b)] {
                tx.execute(
                    "UPDATE members SET status = ?1, updated_at = ?2, updated_by = ?3 WHERE id = ?4",
                    params![status.unwrap_or(MemberStatus::Active), now_text(), volunteer, member],
                )?;
            }
        }
        if current.stage == Stage::Ended {
            let (low, high) = pair(current.member_a, current.member_b);
            tx.execute(
                "DELETE FROM blocked_pairs WHERE member_a = ?1 AND member_b = ?2",
                [low, high],
            )?;
        }
        let date = today.max(current.last_step_on);
        record_step(
            &tx,
            id,
            StepKind::Undo,
            previous,
            Some(current.stage),
            date,
            volunteer,
            None,
            "撤销上一步",
            None,
            &now_text(),
        )?;
        let introduction = load(&tx, id)?;
        log_step(
            &tx,
            volunteer,
            &introduction,
            &format!(
                "{} 与 {}:撤销上一步,{} → {}",
                introduction.name_a,
                introduction.name_b,
                current.stage.label(),
                previous.label()
            ),
        )?;
        tx.commit()?;
        Ok(introduction)
    }

    pub fn introduction(&self, id: i64) -> Result<Introduction> {
        self.conn
            .query_row(
                &format!("{INTRODUCTION_SELECT} WHERE i.id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or(Error::IntroductionNotFound)
    }

    /// Introductions, newest first; only those of `member` when given.
    pub fn introductions(&self, member: Option<i64>) -> Result<Vec<Introduction>> {
        let sql = format!(
            "{INTRODUCTION_SELECT} WHERE ?1 IS NULL OR i.member_a = ?1 OR i.member_b = ?1
             ORDER BY i.introduced_on DESC, i.id DESC"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([member], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Introductions matching `filter`, newest first: the page of `limit` from `offset`, and
    /// how many match in all.
    pub fn find_introductions(
        &self,
        filter: &Filter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Introduction>, u64)> {
        let name = filter
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        // The name's condition only when a name is given: the list's usual query stays as fast
        // as before.
        let by_name = if name.is_some() {
            "AND EXISTS (SELECT 1 FROM members m WHERE m.id IN (i.member_a, i.member_b)
                 AND (instr(m.name, :name) > 0 OR m.number = :name))"
        } else {
            "AND :name IS NULL"
        };
        let condition = format!(
            "(:stage IS NULL OR i.stage = :stage)
            AND (:ongoing = 0 OR i.stage IN ('introduced', 'met', 'dating'))
            AND (:volunteer IS NULL OR i.volunteer_id = :volunteer)
            AND (:from IS NULL OR i.introduced_on >= :from)
            AND (:to IS NULL OR i.introduced_on <= :to)
            AND (:member IS NULL OR i.member_a = :member OR i.member_b = :member)
            {by_name}"
        );
        let values = rusqlite::named_params! {
            ":stage": filter.stage.map(Stage::code),
            ":ongoing": filter.ongoing,
            ":volunteer": filter.volunteer_id,
            ":from": filter.from,
            ":to": filter.to,
            ":member": filter.member,
            ":name": name,
        };
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM introductions i WHERE {condition}"
            ))?
            .query_row(values, |r| r.get(0))?;
        let sql = format!(
            "{INTRODUCTION_SELECT} WHERE i.id IN (SELECT i.id FROM introductions i WHERE {condition}
                ORDER BY i.introduced_on DESC, i.id DESC LIMIT :limit OFFSET :offset)
             ORDER BY i.introduced_on DESC, i.id DESC"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut values = values.to_vec();
        let (limit, offset) = (
            limit.min(i64::MAX as u64) as i64,
            offset.min(i64::MAX as u64) as i64,
        );
        values.push((":limit", &limit));
        values.push((":offset", &offset));
        let rows = statement.query_map(values.as_slice(), from_row)?;
        Ok((rows.collect::<Result<_, _>>()?, total.max(0) as u64))
    }

    /// Every recorded step of an introduction, in order.
    pub fn introduction_steps(&self, id: i64) -> Result<Vec<Step>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT s.kind, s.stage, s.previous_stage, s.on_date, v.name, s.reason, s.notes
             FROM introduction_steps s LEFT JOIN volunteers v ON v.id = s.volunteer_id
             WHERE s.introduction_id = ?1 ORDER BY s.id",
        )?;
        let rows = statement.query_map([id], |row| {
            Ok(Step {
                kind: row.get(0)?,
                stage: row.get(1)?,
                previous: row.get(2)?,
                on: row.get(3)?,
                volunteer_name: row.get(4)?,
                reason: row.get(5)?,
                notes: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Notes what one side said about the introduction (replaces the earlier note).
    pub fn set_introduction_feedback(
        &mut self,
        id: i64,
        side: Side,
        text: &str,
    ) -> Result<Introduction> {
        let column = match side {
            Side::A => "feedback_a",
            Side::B => "feedback_b",
        };
        let changed = self.conn.execute(
            &format!("UPDATE introductions SET {column} = ?1, updated_at = ?2 WHERE id = ?3"),
            params![text.trim(), now_text(), id],
        )?;
        if changed == 0 {
            return Err(Error::IntroductionNotFound);
        }
        self.introduction(id)
    }

    /// Notes what both sides said, in one transaction, and records it in the log.
    pub fn set_introduction_feedbacks(
        &mut self,
        id: i64,
        feedback_a: &str,
        feedback_b: &str,
        actor: &Actor,
    ) -> Result<Introduction> {
        let volunteer = actor.volunteer();
        let tx = self.write()?;
        let current = load(&tx, id)?;
        let (a, b) = (feedback_a.trim(), feedback_b.trim());
        if a == current.feedback_a && b == current.feedback_b {
            return Ok(current);
        }
        tx.execute(
            "UPDATE introductions SET feedback_a = ?1, feedback_b = ?2, updated_at = ?3 WHERE id = ?4",
            params![a, b, now_text(), id],
        )?;
        log_step(
            &tx,
            volunteer,
            &current,
            &format!("{} 与 {}:记录了双方反馈", current.name_a, current.name_b),
        )?;
        let introduction = load(&tx, id)?;
        tx.commit()?;
        Ok(introduction)
    }

    /// Ongoing introductions with nothing recorded for `days` days, the longest overdue first.
    pub fn follow_ups(&self, days: u32, today: NaiveDate) -> Result<Vec<FollowUp>> {
        let latest = today - chrono::Duration::days(i64::from(days));
        let sql = format!(
            "{INTRODUCTION_SELECT} WHERE i.stage IN ('introduced', 'met', 'dating')
                AND substr(i.updated_at, 1, 10) <= ?1
             ORDER BY i.updated_at, i.id"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([latest], from_row)?;
        let mut found = Vec::new();
        for introduction in rows {
            let introduction = introduction?;
            let due_on = introduction.updated_on + chrono::Duration::days(i64::from(days));
            found.push(FollowUp {
                days_overdue: (today - due_on).num_days(),
                due_on,
                introduction,
            });
        }
        Ok(found)
    }

    /// After how many days without news an ongoing introduction is due for a follow-up.
    pub fn follow_up_days(&self) -> Result<u32> {
        Ok(self
            .setting(FOLLOW_UP_KEY)?
            .and_then(|v| v.parse().ok())
            .filter(|d| (1..=365).contains(d))
            .unwrap_or(DEFAULT_FOLLOW_UP_DAYS))
    }

    pub fn set_follow_up_days(&self, days: u32) -> Result<()> {
        if !(1..=365).contains(&days) {
            return refuse("回访提醒的天数应在 1 到 365 之间");
        }
        self.set_setting(FOLLOW_UP_KEY, &days.to_string())
    }

    pub fn is_blocked(&self, a: i64, b: i64) -> Result<bool> {
        let (low, high) = pair(a, b);
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM blocked_pairs WHERE member_a = ?1 AND member_b = ?2)",
            [low, high],
            |r| r.get(0),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_ordered_and_read_in_both_languages() {
        assert!(
            Stage::Introduced < Stage::Met
                && Stage::Met < Stage::Dating
                && Stage::Dating < Stage::Married
        );
        assert_eq!(Stage::parse("交往"), Some(Stage::Dating));
        assert_eq!(Stage::parse("married"), Some(Stage::Married));
        assert_eq!(EndReason::parse("失去联系"), Some(EndReason::LostContact));
        assert!(Stage::Met.is_ongoing() && !Stage::Ended.is_ongoing());
    }
}
