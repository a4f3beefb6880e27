//! 牵线记录: an introduction moves 介绍 → 见面 → 交往 → 登记结婚, or ends (未成) from any stage
//! before marriage. Inside 介绍 the contacts are released only when both sides agree: side A
//! (the member paired for) is shown B's 介绍卡 first, B is asked only after A said yes, and the
//! contacts are exchanged (交换联系方式) once both did — each step dated, logged and undoable.
//! Every rule about the steps lives in [`check_agree`], [`check_exchange`], [`check_advance`],
//! [`check_end`] and [`check_undo`]; the database functions below call them inside the
//! transaction that writes the step, so a refused step changes nothing.

use super::audit;
pub use super::codes::{EndReason, EndSide, Stage, StepKind};
use super::db::Db;
use super::error::{Error, Result};
use super::model::{MemberStatus, withheld};
use super::now_text;
use super::signin::Actor;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

impl EndSide {
    /// The side in names: "李芳", "双方", "都不是(如联系不上)".
    pub fn describe(self, name_a: &str, name_b: &str) -> String {
        match self {
            EndSide::A => name_a.to_string(),
            EndSide::B => name_b.to_string(),
            EndSide::Both => "双方".to_string(),
            EndSide::Neither => "都不是(如联系不上)".to_string(),
        }
    }

    /// Whether `side` of the introduction is the one (or one of those) that ended it.
    pub fn includes(self, side: Side) -> bool {
        matches!(
            (self, side),
            (EndSide::Both, _) | (EndSide::A, Side::A) | (EndSide::B, Side::B)
        )
    }
}

/// Where an introduction at 介绍 stands with the two sides' agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// A has been shown B's card; waiting for A's answer.
    AskingA,
    /// A agreed; B is being asked.
    AskingB,
    /// Both agreed; the contacts are to be given.
    BothAgreed,
    /// The contacts were given to both sides.
    Exchanged,
}

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
    /// This station's member the introduction was made for (asked first).
    pub member_a: i64,
    /// The other member: `None` when they belong to another station of the district
    /// ([`Introduction::partner`]).
    pub member_b: Option<i64>,
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
    /// Who ended it (none for introductions ended before sides were recorded).
    pub end_side: Option<EndSide>,
    /// Inside 介绍: A agreed, B agreed, the contacts were exchanged.
    pub a_agreed_on: Option<NaiveDate>,
    pub b_agreed_on: Option<NaiveDate>,
    pub exchanged_on: Option<NaiveDate>,
    /// Recorded before the agreement steps existed (an older version of the program).
    pub before_agreements: bool,
    pub volunteer_name: Option<String>,
    /// The latest date a stage was reached; a next step cannot be dated earlier.
    pub last_step_on: NaiveDate,
    /// What each side said (回访记录).
    pub feedback_a: String,
    pub feedback_b: String,
    /// The day anything was last recorded for it (a step or feedback).
    pub updated_on: NaiveDate,
    /// The 联谊活动 whose mutual choice it came from.
    pub event: Option<EventSource>,
    /// Side B of an introduction across two stations (全区共享): who they are there.
    pub partner: Option<DistrictPartner>,
}

/// Side B of an introduction across two stations: a member of another station, known here by
/// their shared key only; their volunteers follow them, this station follows side A.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictPartner {
    /// "南星-2026-0012".
    pub key: String,
    pub station: String,
    /// The introduction request it came from.
    pub request_id: i64,
    /// How far the other station has recorded it (at the last sync).
    pub stage: Option<Stage>,
}

/// The event an introduction came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSource {
    pub id: i64,
    pub title: String,
    pub on: NaiveDate,
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

    /// Whether the contacts changed hands: recorded, or (an introduction from before these
    /// steps) the two have met.
    pub fn contacts_exchanged(&self) -> bool {
        self.exchanged_on.is_some() || (self.before_agreements && self.met_on.is_some())
    }

    /// Whether each side may be given the other's contacts now: exchanged, and not ended.
    /// The one rule every card, member page and list follows.
    pub fn shares_contacts(&self) -> bool {
        self.contacts_exchanged() && self.stage != Stage::Ended
    }

    pub fn agreement(&self) -> Agreement {
        if self.contacts_exchanged() {
            Agreement::Exchanged
        } else if self.b_agreed_on.is_some() {
            Agreement::BothAgreed
        } else if self.a_agreed_on.is_some() {
            Agreement::AskingB
        } else {
            Agreement::AskingA
        }
    }

    /// Which side of the introduction `member` is.
    pub fn side_of(&self, member: i64) -> Option<Side> {
        if member == self.member_a {
            Some(Side::A)
        } else if Some(member) == self.member_b {
            Some(Side::B)
        } else {
            None
        }
    }

    pub fn name_of(&self, side: Side) -> &str {
        match side {
            Side::A => &self.name_a,
            Side::B => &self.name_b,
        }
    }

    /// Where it stands in words: "介绍 · 等李芳答复", "介绍 · 已交换联系方式", "未成(身高,王强)".
    pub fn stage_text(&self) -> String {
        match self.stage {
            Stage::Introduced => {
                let step = match self.agreement() {
                    Agreement::AskingA => format!("等{}答复", self.name_a),
                    Agreement::AskingB => format!("{}已同意,等{}答复", self.name_a, self.name_b),
                    Agreement::BothAgreed => "双方同意,待交换联系方式".to_string(),
                    Agreement::Exchanged => "已交换联系方式".to_string(),
                };
                format!("介绍 · {step}")
            }
            Stage::Ended => match (self.end_reason, self.end_side) {
                (Some(reason), Some(side)) => format!(
                    "未成({},{})",
                    reason.label(),
                    side.describe(&self.name_a, &self.name_b)
                ),
                (Some(reason), None) => format!("未成({})", reason.label()),
                _ => "未成".to_string(),
            },
            stage => stage.label().to_string(),
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

impl DistrictPartner {
    /// "全区介绍(请求 7):对方是南星站的会员,由南星站红娘跟进;南星站记录到:见面".
    pub fn describe(&self) -> String {
        let station = &self.station;
        let progress = match self.stage {
            Some(stage) => format!("{station}站记录到:{}", stage.label()),
            None => format!("{station}站还没有告知进展"),
        };
        format!(
            "全区介绍(请求 {}):对方是{station}站的会员,由{station}站红娘跟进;{progress}",
            self.request_id
        )
    }
}

/// Which side of an introduction: A is the member it was made for (asked first), B the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
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
    pub side: Option<EndSide>,
    /// For an undo: the kind of the step taken back.
    pub undid: Option<StepKind>,
    pub notes: String,
}

impl StepKind {
    /// The kind in the names of the sides: "李芳同意", "交换联系方式", "未成".
    pub fn describe(self, name_a: &str, name_b: &str) -> String {
        match self {
            StepKind::AgreeA => format!("{name_a}同意"),
            StepKind::AgreeB => format!("{name_b}同意"),
            other => other.label().to_string(),
        }
    }

    /// The date column a step inside 介绍 writes; none for the other kinds.
    fn agreement_column(self) -> Option<&'static str> {
        match self {
            StepKind::AgreeA => Some("a_agreed_on"),
            StepKind::AgreeB => Some("b_agreed_on"),
            StepKind::Exchange => Some("exchanged_on"),
            _ => None,
        }
    }
}

impl Step {
    /// "介绍(先给李芳看王强的介绍卡)" / "李芳同意" / "见面" / "未成(身高,王强)" /
    /// "撤销上一步:交往 → 见面" / "撤销上一步:王强同意", with the names of sides A and B.
    pub fn describe(&self, name_a: &str, name_b: &str) -> String {
        let kind = |kind: StepKind| kind.describe(name_a, name_b);
        match self.kind {
            StepKind::Start => format!("介绍(先给{name_a}看{name_b}的介绍卡)"),
            StepKind::AgreeA | StepKind::AgreeB | StepKind::Exchange => kind(self.kind),
            StepKind::Advance => self.stage.label().to_string(),
            StepKind::End => match (self.reason, self.side) {
                (Some(reason), Some(side)) => {
                    format!("未成({},{})", reason.label(), side.describe(name_a, name_b))
                }
                (Some(reason), None) => format!("未成({})", reason.label()),
                _ => "未成".to_string(),
            },
            StepKind::Undo => match self.undid {
                Some(undid @ (StepKind::AgreeA | StepKind::AgreeB | StepKind::Exchange)) => {
                    format!("撤销上一步:{}", kind(undid))
                }
                _ => format!(
                    "撤销上一步:{} → {}",
                    self.previous.map_or("", Stage::label),
                    self.stage.label()
                ),
            },
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

/// One side's contacts, as given to the other once both agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// `None` for another station's member.
    pub member_id: Option<i64>,
    pub name: String,
    pub phone: String,
    pub wechat: String,
    /// For another station's member: their contacts pass between the two stations'
    /// volunteers, and this says how ("由南星站红娘转交……").
    pub relay: Option<String>,
}

impl Contact {
    /// "手机 138****4321 · 微信 ab****".
    pub fn text(&self) -> String {
        if let Some(relay) = &self.relay {
            return relay.clone();
        }
        let mut parts = Vec::new();
        if !self.phone.is_empty() {
            parts.push(format!("手机 {}", self.phone));
        }
        if !self.wechat.is_empty() {
            parts.push(format!("微信 {}", self.wechat));
        }
        if parts.is_empty() {
            "没有登记手机和微信".to_string()
        } else {
            parts.join(" · ")
        }
    }
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
const ANSWER_KEY: &str = "answer_days";
/// Days a side has to answer whether they agree, before 首页 lists them as 待答复; after twice
/// as many the introduction may be closed as 未成 (对方未答复).
pub const DEFAULT_ANSWER_DAYS: u32 = 7;

/// An agreement asked of one side inside 介绍 and not answered ([`Db::unanswered`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unanswered {
    pub introduction: Introduction,
    /// The side asked: A from the day of the introduction, B from the day A agreed.
    pub side: Side,
    pub asked_on: NaiveDate,
    pub days_waited: i64,
    /// Waited twice the days set: it may be closed as 未成 (对方未答复).
    pub closable: bool,
}

impl Unanswered {
    /// The name of the side that has not answered.
    pub fn name(&self) -> &str {
        match self.side {
            Side::A => &self.introduction.name_a,
            Side::B => &self.introduction.name_b,
        }
    }
}

/// Who is asked in `i`, and since when; `None` when no agreement is awaited (past 介绍, both
/// agreed, or made before the agreement steps).
fn awaited(i: &Introduction) -> Option<(Side, NaiveDate)> {
    if i.stage != Stage::Introduced || i.before_agreements || i.exchanged_on.is_some() {
        return None;
    }
    match (i.a_agreed_on, i.b_agreed_on) {
        (None, _) => Some((Side::A, i.introduced_on)),
        (Some(a), None) => Some((Side::B, a)),
        (Some(_), Some(_)) => None,
    }
}

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
        introduction.member_b,
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
    if current.stage == Stage::Introduced
        && !current.contacts_exchanged()
        && !current.before_agreements
    {
        let waiting_for = match current.agreement() {
            Agreement::AskingA => &current.name_a,
            Agreement::AskingB => &current.name_b,
            _ => {
                return refuse(format!(
                    "双方都同意了:请先记“交换联系方式”,再记“{}”",
                    target.label()
                ));
            }
        };
        return refuse(format!(
            "双方都同意、交换了联系方式以后,才能记“{}”;现在还在等{waiting_for}答复",
            target.label()
        ));
    }
    if target >= Stage::Dating && current.stage < Stage::Dating && context.other_dating {
        return refuse("其中一位会员正在与别人交往,同一时间只能有一段交往");
    }
    Ok(())
}

/// A side's 同意 inside 介绍: A first, B only after A (B is asked once A said yes).
pub fn check_agree(
    current: &Introduction,
    side: Side,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    if current.stage != Stage::Introduced {
        return refuse(format!(
            "这条牵线已经是“{}”,不用再记同意",
            current.stage.label()
        ));
    }
    match (side, current.agreement()) {
        (Side::A, Agreement::AskingA) | (Side::B, Agreement::AskingB) => {}
        (Side::A, _) => return refuse(format!("{}已经同意过了", current.name_a)),
        (Side::B, Agreement::AskingA) => {
            return refuse(format!(
                "先问{}:{}同意以后,才给{}看介绍卡",
                current.name_a, current.name_a, current.name_b
            ));
        }
        (Side::B, _) => return refuse(format!("{}已经同意过了", current.name_b)),
    }
    check_date(current, date, today)
}

/// 交换联系方式: only when both agreed, once.
pub fn check_exchange(current: &Introduction, date: NaiveDate, today: NaiveDate) -> Result<()> {
    if current.stage != Stage::Introduced {
        return refuse(format!(
            "这条牵线已经是“{}”,联系方式已经给过了",
            current.stage.label()
        ));
    }
    match current.agreement() {
        Agreement::AskingA => refuse(format!("{}还没有同意,不能给联系方式", current.name_a)),
        Agreement::AskingB => refuse(format!("{}还没有同意,不能给联系方式", current.name_b)),
        Agreement::Exchanged => refuse("联系方式已经交换过了"),
        Agreement::BothAgreed => check_date(current, date, today),
    }
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
    if current.stage == Stage::Introduced && latest_agreement_step(current).is_none() {
        return refuse("还没有后续步骤可以撤销;不该介绍的话,请记为“未成”");
    }
    Ok(())
}

/// The latest agreement step of an introduction at 介绍 (the one an undo takes back).
fn latest_agreement_step(current: &Introduction) -> Option<StepKind> {
    if current.exchanged_on.is_some() {
        Some(StepKind::Exchange)
    } else if current.b_agreed_on.is_some() {
        Some(StepKind::AgreeB)
    } else if current.a_agreed_on.is_some() {
        Some(StepKind::AgreeA)
    } else {
        None
    }
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
    "SELECT i.id, i.member_a, i.member_b, a.number, coalesce(b.number, i.partner_key),
        a.name, coalesce(b.name, i.partner_name, ''), i.stage,
        i.introduced_on, i.met_on, i.dating_on, i.married_on, i.ended_on, i.end_reason, v.name,
        max(i.introduced_on, coalesce(i.met_on, ''), coalesce(i.dating_on, ''), coalesce(i.married_on, ''),
            coalesce(i.ended_on, ''), coalesce(i.a_agreed_on, ''), coalesce(i.b_agreed_on, ''),
            coalesce(i.exchanged_on, '')),
        i.feedback_a, i.feedback_b, substr(i.updated_at, 1, 10),
        i.end_side, i.a_agreed_on, i.b_agreed_on, i.exchanged_on, i.before_agreements,
        i.event_id, e.title, e.on_date, i.partner_key, i.partner_station, i.request_id,
        r.partner_stage
    FROM introductions i
    JOIN members a ON a.id = i.member_a
    LEFT JOIN members b ON b.id = i.member_b
    LEFT JOIN volunteers v ON v.id = i.volunteer_id
    LEFT JOIN events e ON e.id = i.event_id
    LEFT JOIN district_requests r ON r.id = i.request_id";

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
        end_side: row.get(19)?,
        a_agreed_on: row.get(20)?,
        b_agreed_on: row.get(21)?,
        exchanged_on: row.get(22)?,
        before_agreements: row.get(23)?,
        event: match row.get::<_, Option<i64>>(24)? {
            Some(id) => Some(EventSource {
                id,
                title: row.get(25)?,
                on: row.get(26)?,
            }),
            None => None,
        },
        partner: match (
            row.get::<_, Option<String>>(27)?,
            row.get::<_, Option<i64>>(29)?,
        ) {
            (Some(key), Some(request_id)) => Some(DistrictPartner {
                key,
                station: row.get::<_, Option<String>>(28)?.unwrap_or_default(),
                request_id,
                stage: row.get(30)?,
            }),
            _ => None,
        },
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

pub(crate) fn load(tx: &Transaction<'_>, id: i64) -> Result<Introduction> {
    tx.query_row(
        &format!("{INTRODUCTION_SELECT} WHERE i.id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(Error::IntroductionNotFound)
}

/// The introductions that came from events and are still going on, each with the time it was
/// last updated and the time its event's matches were confirmed.
pub(crate) fn event_introductions(
    conn: &rusqlite::Connection,
) -> Result<Vec<(Introduction, String, String)>> {
    let sql = INTRODUCTION_SELECT.replacen(
        "FROM introductions i",
        ", i.updated_at, coalesce(e.matched_at, '') FROM introductions i",
        1,
    );
    let mut statement = conn.prepare_cached(&format!(
        "{sql} WHERE i.event_id IS NOT NULL AND i.stage IN ('introduced', 'met', 'dating')"
    ))?;
    let rows = statement.query_map([], |row| Ok((from_row(row)?, row.get(31)?, row.get(32)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
    reason: Option<(EndReason, EndSide)>,
    notes: &str,
    statuses_before: Option<(MemberStatus, MemberStatus)>,
    at: &str,
) -> Result<()> {
    record_step_undoing(
        tx,
        id,
        (kind, None),
        (stage, previous),
        date,
        volunteer,
        reason,
        notes,
        statuses_before,
        at,
    )
}

/// [`record_step`] with, for an undo, the kind of step it took back.
#[allow(clippy::too_many_arguments)]
fn record_step_undoing(
    tx: &Transaction<'_>,
    id: i64,
    (kind, undid): (StepKind, Option<StepKind>),
    (stage, previous): (Stage, Option<Stage>),
    date: NaiveDate,
    volunteer: Option<i64>,
    reason: Option<(EndReason, EndSide)>,
    notes: &str,
    statuses_before: Option<(MemberStatus, MemberStatus)>,
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO introduction_steps (introduction_id, kind, stage, previous_stage, on_date, volunteer_id,
             reason, side, undid, notes, status_a_before, status_b_before, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        id,
        kind.code(),
        stage.code(),
        previous.map(Stage::code),
        date,
        volunteer,
        reason.map(|r| r.0.code()),
        reason.map(|r| r.1.code()),
        undid.map(StepKind::code),
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
    insert_start(tx, a, Err(b), date, volunteer, at)
}

/// The other side of a new introduction across two stations.
pub(crate) struct NewPartner<'a> {
    pub key: &'a str,
    pub station: &'a str,
    /// "刘先生(南星站)".
    pub name: &'a str,
    pub request_id: i64,
}

/// A new introduction of this station's `a` and another station's member at 介绍 on `date`,
/// with its first step (the district request it came from); its id.
pub(crate) fn write_district_start(
    tx: &Transaction<'_>,
    a: i64,
    partner: &NewPartner<'_>,
    date: NaiveDate,
    volunteer: Option<i64>,
    at: &str,
) -> Result<i64> {
    insert_start(tx, a, Ok(partner), date, volunteer, at)
}

/// The one insert of a new introduction: side B a member here (`Err(id)`) or another
/// station's (`Ok(partner)`).
fn insert_start(
    tx: &Transaction<'_>,
    a: i64,
    b: std::result::Result<&NewPartner<'_>, i64>,
    date: NaiveDate,
    volunteer: Option<i64>,
    at: &str,
) -> Result<i64> {
    let partner = b.ok();
    tx.prepare_cached(
        "INSERT INTO introductions (member_a, member_b, partner_key, partner_station,
             partner_name, request_id, stage, introduced_on, volunteer_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'introduced', ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        a,
        b.err(),
        partner.map(|p| p.key),
        partner.map(|p| p.station),
        partner.map(|p| p.name),
        partner.map(|p| p.request_id),
        date,
        volunteer,
        at
    ])?;
    let id = tx.last_insert_rowid();
    let notes = if partner.is_some() {
        "全区介绍请求"
    } else {
        ""
    };
    record_step(
        tx,
        id,
        StepKind::Start,
        Stage::Introduced,
        None,
        date,
        volunteer,
        None,
        notes,
        None,
        at,
    )?;
    Ok(id)
}

/// Records in the 操作记录 a step of an introduction written outside this module.
pub(crate) fn log_district_step(
    tx: &Transaction<'_>,
    volunteer: Option<i64>,
    id: i64,
    summary: impl FnOnce(&Introduction) -> String,
) -> Result<Introduction> {
    let introduction = load(tx, id)?;
    log_step(tx, volunteer, &introduction, &summary(&introduction))?;
    Ok(introduction)
}

/// A step inside 介绍 of introduction `id`: a side's 同意 or the exchange of contacts.
pub(crate) fn write_agreement(
    tx: &Transaction<'_>,
    id: i64,
    kind: StepKind,
    date: NaiveDate,
    volunteer: Option<i64>,
    notes: &str,
    at: &str,
) -> Result<()> {
    let Some(column) = kind.agreement_column() else {
        return refuse("这一步不是同意或交换联系方式");
    };
    tx.prepare_cached(&format!(
        "UPDATE introductions SET {column} = ?1 WHERE id = ?2"
    ))?
    .execute(params![date, id])?;
    record_step(
        tx,
        id,
        kind,
        Stage::Introduced,
        Some(Stage::Introduced),
        date,
        volunteer,
        None,
        notes,
        None,
        at,
    )
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

/// Introduction `id` ended (未成) from `from` on `date` for `reason`, ended by `side`; with
/// `block` the pair is not suggested again.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_end(
    tx: &Transaction<'_>,
    id: i64,
    members: (i64, Option<i64>),
    from: Stage,
    (reason, side): (EndReason, EndSide),
    date: NaiveDate,
    volunteer: Option<i64>,
    notes: &str,
    block: bool,
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE introductions SET stage = 'ended', ended_on = ?1, end_reason = ?2, end_side = ?3
         WHERE id = ?4",
    )?
    .execute(params![date, reason.code(), side.code(), id])?;
    if block && let Some(b) = members.1 {
        let (low, high) = pair(members.0, b);
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
        Some((reason, side)),
        notes,
        None,
        at,
    )
}

/// A member's name, status, why they may not be introduced ([`withheld`]) and gender.
fn member_state(
    tx: &Transaction<'_>,
    id: i64,
) -> Result<(String, MemberStatus, Option<String>, String)> {
    tx.query_row(
        "SELECT name, status, consent, registrant_relation, own_consent_on IS NOT NULL, gender
         FROM members WHERE id = ?1",
        [id],
        |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                withheld(row.get(2)?, row.get(3)?, row.get(4)?),
                row.get(5)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(|| Error::MemberNotFound(id.to_string()))
}

/// Whether `a` and `b` may be introduced now: two members of different gender, both 在册 with
/// consent, not marked 不再介绍, without an ongoing introduction between them. Their names.
pub(crate) fn check_new_pair(tx: &Transaction<'_>, a: i64, b: i64) -> Result<(String, String)> {
    if a == b {
        return refuse("不能把会员介绍给自己");
    }
    let (name_a, status_a, consent_a, gender_a) = member_state(tx, a)?;
    let (name_b, status_b, consent_b, gender_b) = member_state(tx, b)?;
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
        if let Some(why) = consent {
            return refuse(format!("{name}{why},不能介绍给别人"));
        }
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
    Ok((name_a, name_b))
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
        check_new_pair(&tx, a, b)?;
        if date > today {
            return refuse("日期不能晚于今天");
        }
        let id = write_start(&tx, a, b, date, volunteer, &now_text())?;
        let introduction = load(&tx, id)?;
        log_step(
            &tx,
            volunteer,
            &introduction,
            &format!(
                "介绍 {} 与 {} 认识({date}):先给{}看{}的介绍卡",
                introduction.name_a, introduction.name_b, introduction.name_a, introduction.name_b
            ),
        )?;
        tx.commit()?;
        Ok(introduction)
    }

    /// Records that `side` agreed to the introduction (A first, then B) on `date`.
    pub fn agree_to_introduction(
        &mut self,
        id: i64,
        side: Side,
        date: NaiveDate,
        actor: &Actor,
        notes: &str,
        today: NaiveDate,
    ) -> Result<Introduction> {
        let volunteer = actor.volunteer();
        let tx = self.write()?;
        let current = load(&tx, id)?;
        check_agree(&current, side, date, today)?;
        let kind = match side {
            Side::A => StepKind::AgreeA,
            Side::B => StepKind::AgreeB,
        };
        write_agreement(&tx, id, kind, date, volunteer, notes, &now_text())?;
        let introduction = load(&tx, id)?;
        let next = match side {
            Side::A => format!(",可以给{}看介绍卡了", introduction.name_b),
            Side::B => ",可以交换联系方式了".to_string(),
        };
        log_step(
            &tx,
            volunteer,
            &introduction,
            &format!(
                "{} 与 {}:{}同意({date}){next}{}",
                introduction.name_a,
                introduction.name_b,
                introduction.name_of(side),
                notes_suffix(notes)
            ),
        )?;
        tx.commit()?;
        Ok(introduction)
    }

    /// Records that both sides were given the other's contacts on `date` (both agreed first).
    pub fn exchange_contacts(
        &mut self,
        id: i64,
        date: NaiveDate,
        actor: &Actor,
        notes: &str,
        today: NaiveDate,
    ) -> Result<Introduction> {
        let volunteer = actor.volunteer();
        let tx = self.write()?;
        let current = load(&tx, id)?;
        check_exchange(&current, date, today)?;
        write_agreement(
            &tx,
            id,
            StepKind::Exchange,
            date,
            volunteer,
            notes,
            &now_text(),
        )?;
        let introduction = load(&tx, id)?;
        log_step(
            &tx,
            volunteer,
            &introduction,
            &format!(
                "{} 与 {}:交换联系方式({date}){}",
                introduction.name_a,
                introduction.name_b,
                notes_suffix(notes)
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
            // The other station's member is that station's to mark 已婚.
            let status_b = match current.member_b {
                Some(b) => member_state(&tx, b)?.1,
                None => MemberStatus::Married,
            };
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

    /// When the two of introduction `id` are 交往 or married: their other introductions still
    /// going on (events' matches among them), to be closed as 未成 (已有对象).
    pub fn other_open_introductions(&self, id: i64) -> Result<Vec<Introduction>> {
        let i = self.introduction(id)?;
        if !matches!(i.stage, Stage::Dating | Stage::Married) {
            return Ok(Vec::new());
        }
        let mut others = Vec::new();
        for member in [Some(i.member_a), i.member_b].into_iter().flatten() {
            for other in self.introductions(Some(member))? {
                if other.id != id
                    && other.stage.is_ongoing()
                    && !others.iter().any(|o: &Introduction| o.id == other.id)
                {
                    others.push(other);
                }
            }
        }
        Ok(others)
    }

    /// Closes [`Db::other_open_introductions`] of `id` as 未成 (已有对象) today, each by the side
    /// who found someone, without blocking the pair (nobody refused anybody). How many.
    pub fn close_other_introductions(
        &mut self,
        id: i64,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<usize> {
        let i = self.introduction(id)?;
        let taken: Vec<i64> = [Some(i.member_a), i.member_b]
            .into_iter()
            .flatten()
            .collect();
        let others = self.other_open_introductions(id)?;
        for other in &others {
            let a = taken.contains(&other.member_a);
            let b = other.member_b.is_some_and(|b| taken.contains(&b));
            let side = match (a, b) {
                (true, true) => EndSide::Both,
                (true, false) => EndSide::A,
                _ => EndSide::B,
            };
            let notes = format!(
                "{} 与 {} 已{}",
                i.name_a,
                i.name_b,
                if i.stage == Stage::Married {
                    "登记结婚"
                } else {
                    "在交往"
                }
            );
            let date = today.max(other.stage_on());
            self.end_introduction(
                other.id,
                (EndReason::HasPartner, side),
                date,
                actor,
                &notes,
                false,
                today,
            )?;
        }
        Ok(others.len())
    }

    /// Records 未成 with its reason and the side that ended it; both members stay in (or
    /// return to) the pool, and unless `block` is false the pair is not suggested again.
    #[allow(clippy::too_many_arguments)]
    pub fn end_introduction(
        &mut self,
        id: i64,
        (reason, side): (EndReason, EndSide),
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
            (reason, side),
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
                "{} 与 {}:未成,{}({}结束,{date}){}",
                introduction.name_a,
                introduction.name_b,
                reason.label(),
                side.describe(&introduction.name_a, &introduction.name_b),
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
        if current.stage == Stage::Introduced
            && let Some(undid) = latest_agreement_step(&current)
            && let Some(column) = undid.agreement_column()
        {
            tx.execute(
                &format!("UPDATE introductions SET {column} = NULL WHERE id = ?1"),
                [id],
            )?;
            let date = today.max(current.last_step_on);
            record_step_undoing(
                &tx,
                id,
                (StepKind::Undo, Some(undid)),
                (Stage::Introduced, Some(Stage::Introduced)),
                date,
                volunteer,
                None,
                "撤销上一步",
                None,
                &now_text(),
            )?;
            let introduction = load(&tx, id)?;
            let what = undid.describe(&current.name_a, &current.name_b);
            log_step(
                &tx,
                volunteer,
                &introduction,
                &format!(
                    "{} 与 {}:撤销上一步,{what}",
                    introduction.name_a, introduction.name_b
                ),
            )?;
            tx.commit()?;
            return Ok(introduction);
        }
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
            "UPDATE introductions SET stage = ?1, end_reason = NULL, end_side = NULL WHERE id = ?2",
            params![previous.code(), id],
        )?;
        if current.stage == Stage::Married {
            let sides = [
                (Some(current.member_a), status_a),
                (current.member_b, status_b),
            ];
            for (member, status) in sides.into_iter().filter_map(|(m, s)| Some((m?, s))) {
                tx.execute(
                    "UPDATE members SET status = ?1, updated_at = ?2, updated_by = ?3 WHERE id = ?4",
                    params![status.unwrap_or(MemberStatus::Active), now_text(), volunteer, member],
                )?;
            }
        }
        if current.stage == Stage::Ended
            && let Some(b) = current.member_b
        {
            let (low, high) = pair(current.member_a, b);
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
            "AND (EXISTS (SELECT 1 FROM members m WHERE m.id IN (i.member_a, i.member_b)
                 AND (instr(m.name, :name) > 0 OR m.number = :name))
                 OR instr(i.partner_name, :name) > 0 OR i.partner_key = :name)"
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
            "SELECT s.kind, s.stage, s.previous_stage, s.on_date, v.name, s.reason, s.notes,
                s.side, s.undid
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
                side: row.get(7)?,
                undid: row.get(8)?,
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
    /// 待答复: the introductions whose asked side has not answered for `days` days or more, the
    /// longest waiting first.
    pub fn unanswered(&self, days: u32, today: NaiveDate) -> Result<Vec<Unanswered>> {
        let sql = format!(
            "{INTRODUCTION_SELECT} WHERE i.stage = 'introduced' AND i.exchanged_on IS NULL
                AND i.before_agreements = 0
             ORDER BY i.introduced_on, i.id"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([], from_row)?;
        let mut found = Vec::new();
        for introduction in rows {
            let introduction = introduction?;
            let Some((side, asked_on)) = awaited(&introduction) else {
                continue;
            };
            let days_waited = (today - asked_on).num_days();
            if days_waited >= i64::from(days) {
                found.push(Unanswered {
                    introduction,
                    side,
                    asked_on,
                    days_waited,
                    closable: days_waited >= 2 * i64::from(days),
                });
            }
        }
        found.sort_by_key(|u| (u.asked_on, u.introduction.id));
        Ok(found)
    }

    /// Closes an introduction whose asked side never answered as 未成 (对方未答复, ended by that
    /// side), once they have waited twice the days set; refused before, or when they did answer.
    pub fn close_unanswered(
        &mut self,
        id: i64,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<Introduction> {
        let days = self.answer_days()?;
        let introduction = self.introduction(id)?;
        let Some((side, asked_on)) = awaited(&introduction) else {
            return refuse("这次介绍没有在等谁答复,不能记为“对方未答复”");
        };
        let waited = (today - asked_on).num_days();
        if waited < 2 * i64::from(days) {
            return refuse(format!(
                "才等了 {waited} 天;等满 {} 天还没有答复,才能记为未成(对方未答复)",
                2 * days
            ));
        }
        let side = match side {
            Side::A => EndSide::A,
            Side::B => EndSide::B,
        };
        self.end_introduction(
            id,
            (EndReason::NoReply, side),
            today,
            actor,
            &format!("问过以后 {waited} 天没有答复"),
            false,
            today,
        )
    }

    pub fn answer_days(&self) -> Result<u32> {
        Ok(self
            .setting(ANSWER_KEY)?
            .and_then(|v| v.parse().ok())
            .filter(|d| (1..=60).contains(d))
            .unwrap_or(DEFAULT_ANSWER_DAYS))
    }

    pub fn set_answer_days(&self, days: u32) -> Result<()> {
        if !(1..=60).contains(&days) {
            return refuse("等待答复的天数应在 1 到 60 之间");
        }
        self.set_setting(ANSWER_KEY, &days.to_string())
    }

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

    /// The contacts the two sides were given, once [`Introduction::shares_contacts`]: none
    /// before both agreed and they were exchanged (nor after 未成). Masked unless `full`; shown
    /// in full, it is recorded in the 操作记录 like every 显示完整号码.
    pub fn introduction_contacts(
        &self,
        actor: &Actor,
        id: i64,
        full: bool,
    ) -> Result<Option<Vec<Contact>>> {
        let introduction = self.introduction(id)?;
        if !introduction.shares_contacts() {
            return Ok(None);
        }
        let mut contacts = Vec::new();
        for member in [Some(introduction.member_a), introduction.member_b]
            .into_iter()
            .flatten()
        {
            let found = if full {
                self.reveal_contact(actor, member)?
            } else {
                self.member(member)?
            };
            let d = &found.data;
            contacts.push(Contact {
                member_id: Some(member),
                relay: None,
                name: d.name.clone(),
                phone: if full {
                    d.phone.clone()
                } else {
                    super::model::mask_phone(&d.phone)
                },
                wechat: if full {
                    d.wechat.clone()
                } else {
                    super::model::mask_wechat(&d.wechat)
                },
            });
        }
        if let Some(partner) = &introduction.partner {
            contacts.push(Contact {
                member_id: None,
                name: introduction.name_b.clone(),
                phone: String::new(),
                wechat: String::new(),
                relay: Some(self.district_relay(partner)?),
            });
        }
        Ok(Some(contacts))
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
        assert_eq!(EndReason::parse("联系不上"), Some(EndReason::Unreachable));
        assert_eq!(EndSide::parse("双方"), Some(EndSide::Both));
        assert!(Stage::Met.is_ongoing() && !Stage::Ended.is_ongoing());
    }
}
