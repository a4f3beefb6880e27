//! 统计: the success figures the station reports to the district union, counted from the data
//! with one set of definitions (also in the README):
//!
//! - a **registration** counts on the member's registration date (登记日期);
//! - an **introduction** on its 介绍 date;
//! - a **meeting**, a **dating** and a **marriage** on the date that stage was reached — a stage
//!   taken back with 撤销上一步 loses its date and no longer counts;
//! - a **couple married** counts once (one introduction reaching 登记结婚), in the year of its
//!   登记结婚 date, whatever the year of the introduction;
//! - members deleted on request (anonymised) still count: their registration, gender, birth month
//!   and history stay;
//! - **agreement** (同意与交换联系方式): of the introductions begun in the period and recorded
//!   with the agreement steps, how many the first side agreed to, both, and how many had their
//!   contacts exchanged (the consent-to-exchange rate is exchanged ÷ introductions);
//! - **why introductions ended** (未成原因): those ended in the period, by reason, by the stage
//!   they ended at (介绍, 见面, 交往) and by the side that ended it (男方, 女方, 双方, 都不是);
//! - **waiting** (等待时间): the 在册 members not in an introduction on the day of the report,
//!   by the days since they registered (never introduced) or their last introduction ended;
//! - **events** (联谊活动): those held in the period (their date in it and not after the day of
//!   the report); attendees are those checked in as arrived, no-shows those marked 未到; the
//!   no-show rate is no-shows ÷ (arrived + no-shows); the mutual-match rate is the attendees in
//!   at least one mutual choice ÷ attendees; introductions and marriages from events count on
//!   their own 介绍 and 登记结婚 dates, like all others;
//! - **open days** (开放日): the days counted in the period, with their visitors (单身青年,
//!   家长/亲属), the members registered and the introductions made on those days, per year.

use super::db::Db;
use super::error::{Error, Result};
use super::introductions::{EndReason, EndSide, Stage};
use super::signin::Actor;

/// The definitions above in the words printed on the report (统计口径).
pub const DEFINITIONS: &[&str] = &[
    "新登记:按会员的登记日期计。",
    "介绍:按介绍日期计。",
    "见面、交往、登记结婚:按达到该阶段的日期计;用“撤销上一步”撤回的阶段不计。",
    "成功对数:每一对登记结婚的只计一次,计入登记结婚日期所在的年份,不论是哪一年介绍的。",
    "按本人要求删除资料的会员仍计入统计(只保留性别、出生年月、登记日期和牵线记录)。",
    "同意与交换联系方式:统计期内开始、有同意记录的介绍中,先问的一方同意、双方同意、已交换联系方式的条数(不含联谊活动互选成的介绍,那些计入联谊活动);交换率 = 已交换 ÷ 介绍。",
    "未成原因:按未成日期计,分原因、结束时的阶段(介绍、见面、交往)和结束的一方(男方、女方、双方、都不是)。",
    "等待时间:统计当天在册、不在牵线中的会员,从登记(从未介绍)或上次介绍结束算起的天数。",
    "联谊活动:活动日期在统计期内且已举行的;到场人数按签到计,爽约率 = 未到 ÷(到场 + 未到),互选成功率 = 至少有一位互选对象的到场嘉宾 ÷ 到场嘉宾;来自活动的介绍和登记结婚按各自日期计。",
    "开放日:统计期内记录了的开放日,来访人数按首页的计数,登记和介绍按当天的日期计(介绍不含联谊活动的互选)。",
];
use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use rust_xlsxwriter::ChartType;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The headline figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tiles {
    /// 在册会员 now.
    pub active_members: u64,
    /// 本年新登记.
    pub registered_this_year: u64,
    /// 累计介绍, 累计见面 (in the chosen period).
    pub introductions: u64,
    pub meetings: u64,
    /// 交往中 now.
    pub dating_now: u64,
    /// 累计成功对数 (in the chosen period), 本年成功对数.
    pub couples: u64,
    pub couples_this_year: u64,
}

/// One year or one month of the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `2026` or `2026-03`.
    pub period: String,
    pub registered_male: u64,
    pub registered_female: u64,
    pub introductions: u64,
    pub meetings: u64,
    pub datings: u64,
    pub marriages: u64,
}

impl Period {
    pub fn registered(&self) -> u64 {
        self.registered_male + self.registered_female
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VolunteerRow {
    pub volunteer_id: i64,
    pub volunteer: String,
    pub active: bool,
    /// Members in their charge (负责红娘) registered in the period.
    pub registrations: u64,
    pub introductions: u64,
    pub marriages: u64,
    /// Their rota, days and hours on duty, events organised.
    #[serde(flatten)]
    pub duty: super::rota::DutyFigures,
}

impl Stats {
    /// 红娘志愿服务名册: the active volunteers and any other who served in the period, the
    /// most hours on duty first, then the most days.
    pub fn volunteer_roll(&self) -> Vec<&VolunteerRow> {
        let mut roll: Vec<&VolunteerRow> = self
            .volunteers
            .iter()
            .filter(|v| v.active || v.served())
            .collect();
        roll.sort_by(|a, b| {
            b.duty
                .minutes
                .cmp(&a.duty.minutes)
                .then(b.duty.days.cmp(&a.duty.days))
                .then(a.volunteer.cmp(&b.volunteer))
        });
        roll
    }
}

impl VolunteerRow {
    /// Whether anything was recorded for them in the period.
    pub fn served(&self) -> bool {
        self.registrations
            + self.introductions
            + self.duty.rota_days
            + self.duty.days
            + self.duty.events
            > 0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgeRow {
    /// `25–29岁`.
    pub group: String,
    pub male: u64,
    pub female: u64,
}

/// A couple married through the station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Couple {
    pub married_on: NaiveDate,
    pub introduced_on: NaiveDate,
    pub number_a: String,
    pub name_a: String,
    pub number_b: String,
    pub name_b: String,
    pub volunteer: String,
}

/// 同意与交换联系方式 of the introductions begun in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Agreements {
    /// Begun in the period with the agreement steps recorded (not from an older version).
    pub introductions: u64,
    pub first_agreed: u64,
    pub both_agreed: u64,
    pub exchanged: u64,
    /// Of those, how many are still waiting for an answer now.
    pub waiting_answer: u64,
}

impl Agreements {
    /// The consent-to-exchange rate in per cent (none without introductions).
    pub fn exchange_rate(&self) -> Option<f64> {
        (self.introductions > 0).then(|| 100.0 * self.exchanged as f64 / self.introductions as f64)
    }
}

/// One reason introductions ended for, counted by stage and side.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReasonRow {
    pub reason: String,
    pub total: u64,
    /// At 介绍 (before meeting), at 见面, while 交往.
    pub at_introduction: u64,
    pub at_meeting: u64,
    pub at_dating: u64,
    pub by_man: u64,
    pub by_woman: u64,
    pub by_both: u64,
    pub by_neither: u64,
    /// Ended before the sides were recorded.
    pub side_unknown: u64,
}

/// 在册 members waiting for so many days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WaitingRow {
    /// `31–90天`.
    pub group: String,
    pub never_introduced: u64,
    pub introduced_before: u64,
}

/// Groups of the waiting time (days, both ends included).
const WAITING_GROUPS: &[(i64, i64, &str)] = &[
    (0, 30, "30天以内"),
    (31, 90, "31–90天"),
    (91, 180, "91–180天"),
    (181, 365, "181–365天"),
    (366, i64::MAX, "一年以上"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub today: NaiveDate,
    pub tiles: Tiles,
    pub years: Vec<Period>,
    pub months: Vec<Period>,
    pub volunteers: Vec<VolunteerRow>,
    /// 在册 members by age group and gender (on `today`).
    pub ages: Vec<AgeRow>,
    pub couples: Vec<Couple>,
    pub agreements: Agreements,
    /// Every reason of the list, in its order, and a total row last.
    pub reasons: Vec<ReasonRow>,
    pub waiting: Vec<WaitingRow>,
    /// 联谊活动 held in the period, one row each (oldest first), and their total.
    pub events: Vec<EventRow>,
    pub events_total: EventRow,
    /// Introductions and marriages in the period that came from events.
    pub event_introductions: u64,
    pub event_marriages: u64,
    /// 开放日 per year in the period, the earliest first.
    pub open_days: Vec<super::open_days::YearTotals>,
    /// The events' partners and money per year (活动经费), the earliest first.
    pub event_money: Vec<super::event_partners::MoneyYear>,
    /// The member's own consent, the meetings, the answers and the enquiries of the period.
    pub follow_through: FollowThrough,
}

/// 本人同意与跟进: how the station follows a registration and an introduction through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FollowThrough {
    /// Registered in the period by someone else (a parent), and of them those whose own yes
    /// is recorded.
    pub registered_by_others: u64,
    pub own_consent_given: u64,
    /// 在册 or 暂停 members 待本人确认 now.
    pub awaiting_own_now: u64,
    /// Meetings held in the period, and those arranged (held, planned or cancelled).
    pub meetings_held: u64,
    pub meetings_arranged: u64,
    /// Introductions of the period answered by A (from the introduction) and by B (from A's
    /// yes), and the days they took on average, in tenths of a day.
    pub answers_a: u64,
    pub answer_days_a_tenths: u64,
    pub answers_b: u64,
    pub answer_days_b_tenths: u64,
    pub enquiries: super::enquiries::EnquiryCounts,
}

impl FollowThrough {
    /// "83%" of those registered by someone else who gave their own yes; "—" with none.
    pub fn own_consent_rate(&self) -> String {
        percent(self.own_consent_given, self.registered_by_others)
    }

    /// The figures in sentences, as 统计, the command line and the report say them.
    pub fn lines(&self) -> Vec<String> {
        let e = &self.enquiries;
        vec![
            format!(
                "由家人代为登记 {} 位,其中本人已确认 {} 位(本人同意率 {});现在待本人确认 {} 位",
                self.registered_by_others,
                self.own_consent_given,
                self.own_consent_rate(),
                self.awaiting_own_now
            ),
            format!(
                "约见面 {} 次,已见面并记下双方反馈 {} 次",
                self.meetings_arranged, self.meetings_held
            ),
            format!(
                "先问的一方平均 {}答复({} 次),另一方平均 {}答复({} 次)",
                Self::answer_days(self.answers_a, self.answer_days_a_tenths),
                self.answers_a,
                Self::answer_days(self.answers_b, self.answer_days_b_tenths),
                self.answers_b
            ),
            format!(
                "来电来访 {} 次(电话 {}、来站 {}、微信 {};家人打听 {}),之后登记 {} 位({});转介婚恋指导、心理咨询 {} 次",
                e.enquiries,
                e.by_phone,
                e.visits,
                e.wechat,
                e.from_family,
                e.registered,
                percent(e.registered, e.enquiries),
                e.referrals
            ),
        ]
    }

    /// "2.5 天"; "—" with no answer.
    pub fn answer_days(count: u64, tenths: u64) -> String {
        if count == 0 {
            "—".into()
        } else {
            format!("{}.{} 天", tenths / 10, tenths % 10)
        }
    }
}

/// The figures of [`FollowThrough`] for the period `from`–`to`.
fn follow_through(
    db: &Db,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<FollowThrough> {
    let period = "(?1 IS NULL OR {d} >= ?1) AND (?2 IS NULL OR {d} <= ?2)";
    let within = |column: &str| period.replace("{d}", column);
    let (registered_by_others, own_consent_given): (i64, i64) = db.conn.query_row(
        &format!(
            "SELECT count(*), count(own_consent_on) FROM members
             WHERE registrant_relation <> 'self' AND {}",
            within("registered_on")
        ),
        rusqlite::params![from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let awaiting_own_now: i64 = db.conn.query_row(
        "SELECT count(*) FROM members WHERE registrant_relation <> 'self'
             AND own_consent_on IS NULL AND status IN ('active', 'paused')",
        [],
        |r| r.get(0),
    )?;
    let (meetings_held, meetings_arranged): (i64, i64) = db.conn.query_row(
        &format!(
            "SELECT count(*) FILTER (WHERE state = 'held'), count(*) FROM meetings WHERE {}",
            within("on_date")
        ),
        rusqlite::params![from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let answers = |days: &str, answered: &str| -> Result<(u64, u64)> {
        let (count, tenths): (i64, Option<f64>) = db.conn.query_row(
            &format!(
                "SELECT count(*), avg({days}) * 10 FROM introductions
                 WHERE before_agreements = 0 AND {answered} IS NOT NULL AND {}",
                within("introduced_on")
            ),
            rusqlite::params![from, to],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((count as u64, tenths.unwrap_or(0.0).round().max(0.0) as u64))
    };
    let (answers_a, answer_days_a_tenths) = answers(
        "julianday(a_agreed_on) - julianday(introduced_on)",
        "a_agreed_on",
    )?;
    let (answers_b, answer_days_b_tenths) = answers(
        "julianday(b_agreed_on) - julianday(a_agreed_on)",
        "b_agreed_on",
    )?;
    Ok(FollowThrough {
        registered_by_others: registered_by_others as u64,
        own_consent_given: own_consent_given as u64,
        awaiting_own_now: awaiting_own_now as u64,
        meetings_held: meetings_held as u64,
        meetings_arranged: meetings_arranged as u64,
        answers_a,
        answer_days_a_tenths,
        answers_b,
        answer_days_b_tenths,
        enquiries: db.enquiry_counts(from, to)?,
    })
}

/// One event's figures (or the total of all).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventRow {
    /// The event's title (`合计` for the total).
    pub title: String,
    pub on_date: Option<NaiveDate>,
    pub theme: String,
    pub arrived_men: u64,
    pub arrived_women: u64,
    pub no_show: u64,
    /// Attendees who came and marked at least one guest on their 心动卡.
    pub marked: u64,
    /// Attendees in at least one mutual choice; mutual pairs.
    pub matched_attendees: u64,
    pub matches: u64,
    /// Introductions made of the event's matches (whenever; each begins at 见面), those that
    /// reached 交往, and those married.
    pub introductions: u64,
    pub dating: u64,
    pub marriages: u64,
}

impl EventRow {
    pub fn arrived(&self) -> u64 {
        self.arrived_men + self.arrived_women
    }

    /// 爽约率: no-shows ÷ (arrived + no-shows).
    pub fn no_show_rate(&self) -> String {
        percent(self.no_show, self.arrived() + self.no_show)
    }

    /// 互选成功率: attendees in a mutual choice ÷ attendees.
    pub fn match_rate(&self) -> String {
        percent(self.matched_attendees, self.arrived())
    }

    /// The events' own funnel, apart from the one-to-one introductions: "到场 120 人 → 有心动的
    /// 98 人 → 互选成功 40 人(22 对)→ 记入见面 21 对 → 交往 6 对 → 登记结婚 1 对".
    pub fn funnel(&self) -> String {
        format!(
            "到场 {} 人 → 有心动的 {} 人 → 互选成功 {} 人({} 对)→ 记入见面 {} 对 → 交往 {} 对 → 登记结婚 {} 对",
            self.arrived(),
            self.marked,
            self.matched_attendees,
            self.matches,
            self.introductions,
            self.dating,
            self.marriages
        )
    }
}

/// Age groups of the distribution: under 25, five-year groups, 50 and over.
const AGE_GROUPS: &[(i32, i32, &str)] = &[
    (0, 24, "25岁以下"),
    (25, 29, "25–29岁"),
    (30, 34, "30–34岁"),
    (35, 39, "35–39岁"),
    (40, 44, "40–44岁"),
    (45, 49, "45–49岁"),
    (50, 200, "50岁及以上"),
];

/// Dates are compared as the `YYYY-MM-DD` text SQLite holds (no parsing per row: a million
/// members and their history are counted in well under a second).
fn inside(day: Option<&str>, lo: &str, hi: &str) -> bool {
    day.is_some_and(|d| d.len() >= 10 && d.is_ascii() && d >= lo && d <= hi)
}

/// The year (`2026`) or month (`2026-03`) a date falls in, as a fixed-size key.
fn period_of<'m>(
    map: &'m mut BTreeMap<[u8; 7], Period>,
    day: &str,
    monthly: bool,
) -> &'m mut Period {
    let width = if monthly { 7 } else { 4 };
    let mut key = [0u8; 7];
    key[..width].copy_from_slice(&day.as_bytes()[..width]);
    map.entry(key).or_insert_with(|| Period {
        period: day[..width].to_string(),
        ..Period::default()
    })
}

/// A set of member ids, one bit each (ids are small and dense).
#[derive(Default)]
struct Bits(Vec<u64>);

impl Bits {
    fn insert(&mut self, id: i64) {
        let Ok(id) = usize::try_from(id) else {
            return;
        };
        if id / 64 >= self.0.len() {
            self.0.resize(id / 64 + 1, 0);
        }
        self.0[id / 64] |= 1 << (id % 64);
    }

    fn contains(&self, id: i64) -> bool {
        usize::try_from(id)
            .ok()
            .and_then(|id| self.0.get(id / 64).map(|word| word & (1 << (id % 64)) != 0))
            .unwrap_or(false)
    }
}

impl Stats {
    /// The period counted: "2025-01-01 至 2025-12-31", "2025-01-01 起", "至 2025-12-31", "全部".
    pub fn period_text(&self) -> String {
        match (self.from, self.to) {
            (None, None) => "全部".into(),
            (Some(f), None) => format!("{f} 起"),
            (None, Some(t)) => format!("至 {t}"),
            (Some(f), Some(t)) => format!("{f} 至 {t}"),
        }
    }
}

/// A count read from SQLite (an integer, never negative).
fn count(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<u64> {
    Ok(row.get::<_, i64>(i)?.max(0) as u64)
}

fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    match row.get_ref(i)? {
        rusqlite::types::ValueRef::Text(t) => Ok(std::str::from_utf8(t).ok()),
        _ => Ok(None),
    }
}

impl Db {
    /// The statistics of the period `from`–`to` (both days included; `None` = open). One pass
    /// over the members and one over the introductions (a second at a million members).
    pub fn stats(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Stats> {
        if let Some(problem) = crate::parse::reversed_period(from, to) {
            return Err(Error::Refused(problem));
        }
        let window = Window::new(from, to, today);
        let mut tally = Tally::default();
        let (ages, men) = tally_members(self, &window, today, &mut tally)?;
        tally_introductions(self, &window, &mut tally)?;
        let volunteers = volunteer_rows(self, &tally.per_volunteer, &window, today)?;
        let (agreements, reasons) = agreements_and_reasons(self, &window, &men)?;
        let waiting = waiting_rows(self, today)?;
        let couples = married_couples(self, &window)?;
        let (events, events_total) = self.event_rows(&window.lo, &window.hi, today)?;
        let event_money = self.event_money(&window.lo, &window.hi, &today.to_string())?;
        let (event_introductions, event_marriages) = event_figures(self, &window)?;
        let mut open_days = self.open_day_years(from, to)?;
        open_days.reverse();
        let follow_through = follow_through(self, from, to)?;
        Ok(Stats {
            follow_through,
            event_money,
            events,
            events_total,
            event_introductions,
            event_marriages,
            open_days,
            from,
            to,
            today,
            tiles: tally.tiles,
            years: tally.years.into_values().collect(),
            months: tally.months.into_values().collect(),
            volunteers,
            ages,
            couples,
            agreements,
            reasons,
            waiting,
        })
    }
}

/// The days the figures count, as the `YYYY-MM-DD` text SQLite holds: the period asked for
/// (`lo`–`hi`), and this year up to the day of the report.
struct Window {
    lo: String,
    hi: String,
    year_lo: String,
    year_hi: String,
}

impl Window {
    fn new(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Self {
        Window {
            lo: from.map_or("0000-00-00".to_string(), |d| d.to_string()),
            hi: to.map_or("9999-99-99".to_string(), |d| d.to_string()),
            year_lo: format!("{:04}-01-01", today.year()),
            year_hi: today.to_string(),
        }
    }

    /// Whether `day` is in the period.
    fn holds(&self, day: Option<&str>) -> bool {
        inside(day, &self.lo, &self.hi)
    }

    /// Whether `day` is in this year, not after the day of the report.
    fn this_year(&self, day: Option<&str>) -> bool {
        inside(day, &self.year_lo, &self.year_hi)
    }
}

/// What the passes over the members and the introductions count: the headline figures, the
/// years and months of the period, and each volunteer's (registrations, introductions,
/// marriages).
#[derive(Default)]
struct Tally {
    tiles: Tiles,
    years: BTreeMap<[u8; 7], Period>,
    months: BTreeMap<[u8; 7], Period>,
    per_volunteer: HashMap<i64, (u64, u64, u64)>,
}

/// The pass over the members: 在册 and registered this year, the registrations of the period
/// (by year, month and volunteer), and the 在册 by age group. Also the men, by id (one bit
/// each), for the side an introduction was ended by: a join of every introduction with its
/// member took 2.3 s at a million members.
fn tally_members(
    db: &Db,
    window: &Window,
    today: NaiveDate,
    tally: &mut Tally,
) -> Result<(Vec<AgeRow>, Bits)> {
    let mut ages: Vec<AgeRow> = AGE_GROUPS
        .iter()
        .map(|(_, _, label)| AgeRow {
            group: label.to_string(),
            male: 0,
            female: 0,
        })
        .collect();
    let mut statement = db.conn.prepare(
        "SELECT registered_on, gender = 'male', status = 'active', birth_year, birth_month,
                volunteer_id, id
         FROM members",
    )?;
    let mut men = Bits::default();
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let registered = text(row, 0)?;
        let male: bool = row.get(1)?;
        if male {
            men.insert(row.get(6)?);
        }
        let active: bool = row.get(2)?;
        if active {
            tally.tiles.active_members += 1;
            let (year, month): (i32, u32) = (row.get(3)?, row.get(4)?);
            let mut age = today.year() - year;
            if today.month() < month {
                age -= 1;
            }
            if let Some(group) = AGE_GROUPS
                .iter()
                .position(|(lo, hi, _)| (*lo..=*hi).contains(&age))
            {
                if male {
                    ages[group].male += 1;
                } else {
                    ages[group].female += 1;
                }
            }
        }
        if window.this_year(registered) {
            tally.tiles.registered_this_year += 1;
        }
        if let Some(day) = registered.filter(|_| window.holds(registered)) {
            for (map, monthly) in [(&mut tally.years, false), (&mut tally.months, true)] {
                let p = period_of(map, day, monthly);
                if male {
                    p.registered_male += 1;
                } else {
                    p.registered_female += 1;
                }
            }
            if let Some(v) = row.get::<_, Option<i64>>(5)? {
                tally.per_volunteer.entry(v).or_default().0 += 1;
            }
        }
    }
    Ok((ages, men))
}

/// The pass over the introductions: the introductions, meetings, datings and marriages of the
/// period (in all, by year, month and volunteer), those dating now and married this year.
fn tally_introductions(db: &Db, window: &Window, tally: &mut Tally) -> Result<()> {
    let mut statement = db.conn.prepare(
        "SELECT introduced_on, met_on, dating_on, married_on, stage = 'dating', volunteer_id
         FROM introductions",
    )?;
    let tiles = &mut tally.tiles;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let introduced = text(row, 0)?;
        let met = text(row, 1)?;
        let dating = text(row, 2)?;
        let married = text(row, 3)?;
        let volunteer: Option<i64> = row.get(5)?;
        if row.get::<_, bool>(4)? {
            tiles.dating_now += 1;
        }
        if window.this_year(married) {
            tiles.couples_this_year += 1;
        }
        for (day, kind) in [(introduced, 0), (met, 1), (dating, 2), (married, 3)] {
            let Some(day) = day.filter(|_| window.holds(day)) else {
                continue;
            };
            match kind {
                0 => tiles.introductions += 1,
                1 => tiles.meetings += 1,
                3 => tiles.couples += 1,
                _ => {}
            }
            for (map, monthly) in [(&mut tally.years, false), (&mut tally.months, true)] {
                let p = period_of(map, day, monthly);
                match kind {
                    0 => p.introductions += 1,
                    1 => p.meetings += 1,
                    2 => p.datings += 1,
                    _ => p.marriages += 1,
                }
            }
            if let Some(v) = volunteer {
                let entry = tally.per_volunteer.entry(v).or_default();
                match kind {
                    0 => entry.1 += 1,
                    3 => entry.2 += 1,
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

/// Every volunteer's row (in the list's order), from the tally's figures.
fn volunteer_rows(
    db: &Db,
    per_volunteer: &HashMap<i64, (u64, u64, u64)>,
    window: &Window,
    today: NaiveDate,
) -> Result<Vec<VolunteerRow>> {
    let mut duty = db.duty_figures(&window.lo, &window.hi, today)?;
    Ok(db
        .volunteers()?
        .into_iter()
        .map(|v| {
            let (registrations, introductions, marriages) =
                per_volunteer.get(&v.id).copied().unwrap_or_default();
            VolunteerRow {
                volunteer_id: v.id,
                duty: duty.remove(&v.id).unwrap_or_default(),
                volunteer: v.name,
                active: v.active,
                registrations,
                introductions,
                marriages,
            }
        })
        .collect())
}

impl ReasonRow {
    /// One more introduction ended, after meeting (`met`) or while dating, by `side` (A a man
    /// when `a_is_man`).
    fn count(&mut self, met: bool, dating: bool, side: Option<EndSide>, a_is_man: bool) {
        self.total += 1;
        if dating {
            self.at_dating += 1;
        } else if met {
            self.at_meeting += 1;
        } else {
            self.at_introduction += 1;
        }
        match side {
            None => self.side_unknown += 1,
            Some(EndSide::Both) => self.by_both += 1,
            Some(EndSide::Neither) => self.by_neither += 1,
            Some(EndSide::A) if a_is_man => self.by_man += 1,
            Some(EndSide::B) if !a_is_man => self.by_man += 1,
            Some(_) => self.by_woman += 1,
        }
    }
}

/// 同意与交换联系方式 of the introductions begun in the period, and 未成原因 of those ended in
/// it: every reason of the list, in its order, and the total last.
fn agreements_and_reasons(
    db: &Db,
    window: &Window,
    men: &Bits,
) -> Result<(Agreements, Vec<ReasonRow>)> {
    let mut agreements = Agreements::default();
    let mut reasons: Vec<ReasonRow> = EndReason::ALL
        .iter()
        .map(|r| ReasonRow {
            reason: r.label().to_string(),
            ..ReasonRow::default()
        })
        .collect();
    let mut total = ReasonRow {
        reason: "合计".to_string(),
        ..ReasonRow::default()
    };
    let mut statement = db.conn.prepare(
        "SELECT i.introduced_on, i.before_agreements, i.a_agreed_on IS NOT NULL,
                i.b_agreed_on IS NOT NULL, i.exchanged_on IS NOT NULL, i.stage,
                i.ended_on, i.end_reason, i.end_side, i.met_on IS NOT NULL,
                i.dating_on IS NOT NULL, i.member_a, i.event_id IS NOT NULL
         FROM introductions i",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let stage: Stage = row.get(5)?;
        // The one-to-one funnel: an event's mutual choices are recorded as agreed and
        // exchanged by the event itself, and are counted apart (the events' figures).
        let from_event: bool = row.get(12)?;
        if window.holds(text(row, 0)?) && !row.get::<_, bool>(1)? && !from_event {
            let (a, b, exchanged): (bool, bool, bool) = (row.get(2)?, row.get(3)?, row.get(4)?);
            agreements.introductions += 1;
            agreements.first_agreed += u64::from(a);
            agreements.both_agreed += u64::from(b);
            agreements.exchanged += u64::from(exchanged);
            agreements.waiting_answer += u64::from(stage == Stage::Introduced && !b);
        }
        if stage != Stage::Ended || !window.holds(text(row, 6)?) {
            continue;
        }
        let reason = row
            .get::<_, Option<EndReason>>(7)?
            .unwrap_or(EndReason::Other);
        let side: Option<EndSide> = row.get(8)?;
        let (met, dating): (bool, bool) = (row.get(9)?, row.get(10)?);
        let a_is_man = men.contains(row.get(11)?);
        let position = EndReason::ALL
            .iter()
            .position(|r| *r == reason)
            .unwrap_or(0);
        for line in [&mut reasons[position], &mut total] {
            line.count(met, dating, side, a_is_man);
        }
    }
    reasons.push(total);
    Ok((agreements, reasons))
}

/// 等待时间: the 在册 members not in an introduction on `today`, by the days they waited.
fn waiting_rows(db: &Db, today: NaiveDate) -> Result<Vec<WaitingRow>> {
    let mut waiting: Vec<WaitingRow> = WAITING_GROUPS
        .iter()
        .map(|(_, _, label)| WaitingRow {
            group: label.to_string(),
            ..WaitingRow::default()
        })
        .collect();
    for (days, never_introduced) in db.waited_days(today)? {
        if let Some(group) = WAITING_GROUPS
            .iter()
            .position(|(lo, hi, _)| (*lo..=*hi).contains(&days))
        {
            if never_introduced {
                waiting[group].never_introduced += 1;
            } else {
                waiting[group].introduced_before += 1;
            }
        }
    }
    Ok(waiting)
}

/// The couples married in the period, in the order of their 登记结婚.
fn married_couples(db: &Db, window: &Window) -> Result<Vec<Couple>> {
    let mut statement = db.conn.prepare_cached(
        "SELECT i.married_on, i.introduced_on, a.number, a.name,
                coalesce(b.number, i.partner_key), coalesce(b.name, i.partner_name, ''),
                coalesce(v.name, '')
         FROM introductions i
         JOIN members a ON a.id = i.member_a
         LEFT JOIN members b ON b.id = i.member_b
         LEFT JOIN volunteers v ON v.id = i.volunteer_id
         WHERE i.stage = 'married' AND i.married_on BETWEEN ?1 AND ?2
         ORDER BY i.married_on, i.id",
    )?;
    let rows = statement.query_map(params![window.lo, window.hi], |r| {
        Ok(Couple {
            married_on: r.get(0)?,
            introduced_on: r.get(1)?,
            number_a: r.get(2)?,
            name_a: r.get(3)?,
            number_b: r.get(4)?,
            name_b: r.get(5)?,
            volunteer: r.get(6)?,
        })
    })?;
    let mut couples = Vec::new();
    for row in rows {
        couples.push(row?);
    }
    Ok(couples)
}

/// The introductions and marriages of the period that came from events.
fn event_figures(db: &Db, window: &Window) -> Result<(u64, u64)> {
    Ok(db.conn.query_row(
        "SELECT coalesce(sum(introduced_on BETWEEN ?1 AND ?2), 0),
                coalesce(sum(stage = 'married' AND married_on BETWEEN ?1 AND ?2), 0)
         FROM introductions WHERE event_id IS NOT NULL",
        params![window.lo, window.hi],
        |r| Ok((count(r, 0)?, count(r, 1)?)),
    )?)
}

impl Db {
    /// The events held between `lo` and `hi` (and not after `today`), each counted, and the
    /// total.
    fn event_rows(
        &self,
        lo: &str,
        hi: &str,
        today: NaiveDate,
    ) -> Result<(Vec<EventRow>, EventRow)> {
        let mut statement = self.conn.prepare_cached(
            "SELECT e.id, e.title, e.on_date, e.theme,
                (SELECT count(*) FROM event_attendees a WHERE a.event_id = e.id
                    AND a.place = 'confirmed' AND a.arrival = 'arrived' AND a.gender = 'male'),
                (SELECT count(*) FROM event_attendees a WHERE a.event_id = e.id
                    AND a.place = 'confirmed' AND a.arrival = 'arrived' AND a.gender = 'female'),
                (SELECT count(*) FROM event_attendees a WHERE a.event_id = e.id
                    AND a.place = 'confirmed' AND a.arrival = 'no_show'),
                (SELECT count(*) FROM introductions i WHERE i.event_id = e.id),
                (SELECT count(*) FROM introductions i WHERE i.event_id = e.id AND i.stage = 'married'),
                (SELECT count(*) FROM introductions i WHERE i.event_id = e.id
                    AND i.dating_on IS NOT NULL),
                (SELECT count(DISTINCT c.chooser_id) FROM
                    (SELECT event_id, chooser_id FROM event_choices
                     UNION ALL SELECT event_id, chooser_id FROM event_remote_choices) c
                    JOIN event_attendees a ON a.event_id = c.event_id AND a.member_id = c.chooser_id
                    WHERE c.event_id = e.id AND a.place = 'confirmed' AND a.arrival = 'arrived')
             FROM events e
             WHERE e.on_date BETWEEN ?1 AND ?2 AND e.on_date <= ?3
             ORDER BY e.on_date, e.id",
        )?;
        let rows = statement.query_map(params![lo, hi, today], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                EventRow {
                    title: r.get(1)?,
                    on_date: r.get(2)?,
                    theme: r.get(3)?,
                    arrived_men: count(r, 4)?,
                    arrived_women: count(r, 5)?,
                    no_show: count(r, 6)?,
                    introductions: count(r, 7)?,
                    marriages: count(r, 8)?,
                    dating: count(r, 9)?,
                    marked: count(r, 10)?,
                    ..EventRow::default()
                },
            ))
        })?;
        let mut events = Vec::new();
        let mut total = EventRow {
            title: "合计".to_string(),
            ..EventRow::default()
        };
        for row in rows {
            let (id, mut row) = row?;
            let matches = self.event_matches(id)?;
            // At a 全区联谊 also the pairs of this station's guests with other stations'
            // (each station counts its own guests).
            let remote = self.remote_match_guests(id)?;
            let matched: std::collections::HashSet<i64> = matches
                .iter()
                .flat_map(|m| [m.pair.man, m.pair.woman])
                .chain(remote.iter().flatten().copied())
                .collect();
            row.matches = (matches.len() + remote.len()) as u64;
            row.matched_attendees = matched.len() as u64;
            total.arrived_men += row.arrived_men;
            total.arrived_women += row.arrived_women;
            total.no_show += row.no_show;
            total.matched_attendees += row.matched_attendees;
            total.matches += row.matches;
            total.introductions += row.introductions;
            total.dating += row.dating;
            total.marked += row.marked;
            total.marriages += row.marriages;
            events.push(row);
        }
        Ok((events, total))
    }
}

/// A cell of an exported table: text, or a figure (written as a number, not text or formula).
enum Cell {
    Text(String),
    Number(u64),
    /// An Excel date shown as 2026年5月3日 (ISO in the CSV).
    Date(NaiveDate),
    /// An amount in fen, written as yuan with two decimals (a number in Excel).
    Money(i64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Money(fen) => format!("{}.{:02}", fen / 100, fen % 100),
        }
    }
}

/// A native Excel chart over columns of a table (`series`: column index, name and colour),
/// beside it.
struct ChartSpec {
    kind: rust_xlsxwriter::ChartType,
    title: &'static str,
    series: &'static [(u16, &'static str, u32)],
}

// The printed report's colours (assets/print/report.typ), so paper and workbook agree.
const INTRO: u32 = 0x9aa9c2;
const MEET: u32 = 0xe0a458;
const MARRY: u32 = 0xb83b5e;
const MALE: u32 = 0x4a7ab5;
const FEMALE: u32 = 0xd0607e;

/// One exported table: a sheet of the workbook, a section of the CSV.
struct Table {
    name: &'static str,
    /// Column titles with their widths (set by hand: `autofit` makes Chinese columns too narrow).
    header: &'static [(&'static str, f64)],
    rows: Vec<Vec<Cell>>,
    chart: Option<ChartSpec>,
}

fn period_rows(periods: &[Period], with_total: bool) -> Vec<Vec<Cell>> {
    periods
        .iter()
        .map(|p| {
            let mut row = vec![
                Cell::Text(p.period.clone()),
                Cell::Number(p.registered_male),
                Cell::Number(p.registered_female),
            ];
            if with_total {
                row.push(Cell::Number(p.registered()));
            }
            row.extend([p.introductions, p.meetings, p.datings, p.marriages].map(Cell::Number));
            row
        })
        .collect()
}

/// The tables both exports hold: 年度汇总, 月度明细, 红娘工作量, 成功名单, 同意与交换, 未成原因,
/// 等待时间, 联谊活动, 活动经费, 开放日.
fn tables(stats: &Stats) -> [Table; 10] {
    [
        years_table(stats),
        months_table(stats),
        volunteers_table(stats),
        couples_table(stats),
        agreements_table(stats),
        reasons_table(stats),
        waiting_table(stats),
        events_table(stats),
        money_table(stats),
        open_days_table(stats),
    ]
}

/// 年度汇总: the period's years, with the registrations' total and a chart of introductions,
/// meetings and marriages.
fn years_table(stats: &Stats) -> Table {
    Table {
        name: "年度汇总",
        header: &[
            ("年份", 14.0),
            ("新登记(男)", 14.0),
            ("新登记(女)", 14.0),
            ("新登记合计", 14.0),
            ("介绍", 14.0),
            ("见面", 14.0),
            ("交往", 14.0),
            ("登记结婚(对)", 14.0),
        ],
        rows: period_rows(&stats.years, true),
        chart: Some(ChartSpec {
            kind: ChartType::Column,
            title: "每年介绍、见面与登记结婚",
            series: &[
                (4, "介绍", INTRO),
                (5, "见面", MEET),
                (7, "登记结婚", MARRY),
            ],
        }),
    }
}

/// 月度明细: the period's months, with a chart of the registrations by gender.
fn months_table(stats: &Stats) -> Table {
    Table {
        name: "月度明细",
        header: &[
            ("月份", 14.0),
            ("新登记(男)", 14.0),
            ("新登记(女)", 14.0),
            ("介绍", 14.0),
            ("见面", 14.0),
            ("交往", 14.0),
            ("登记结婚(对)", 14.0),
        ],
        rows: period_rows(&stats.months, false),
        chart: Some(ChartSpec {
            kind: ChartType::Line,
            title: "每月新登记会员(男、女)",
            series: &[(1, "男", MALE), (2, "女", FEMALE)],
        }),
    }
}

/// 红娘工作量: each volunteer's registrations, introductions and marriages, charted.
fn volunteers_table(stats: &Stats) -> Table {
    Table {
        name: "红娘工作量",
        header: &[
            ("红娘", 14.0),
            ("登记会员", 14.0),
            ("介绍", 14.0),
            ("登记结婚(对)", 14.0),
            ("排班(天)", 10.0),
            ("到岗(天)", 10.0),
            ("值班(天)", 10.0),
            ("值班时长", 14.0),
        ],
        rows: stats
            .volunteers
            .iter()
            .map(|v| {
                vec![
                    Cell::Text(v.volunteer.clone()),
                    Cell::Number(v.registrations),
                    Cell::Number(v.introductions),
                    Cell::Number(v.marriages),
                    Cell::Number(v.duty.rota_days),
                    Cell::Number(v.duty.rota_days_came),
                    Cell::Number(v.duty.days),
                    Cell::Text(super::duty::hours_text(v.duty.minutes)),
                ]
            })
            .collect(),
        chart: Some(ChartSpec {
            kind: ChartType::Bar,
            title: "各位红娘的介绍与成功对数",
            series: &[(2, "介绍", INTRO), (3, "登记结婚", MARRY)],
        }),
    }
}

/// 成功名单: the couples married in the period.
fn couples_table(stats: &Stats) -> Table {
    Table {
        name: "成功名单",
        header: &[
            ("登记结婚日期", 16.0),
            ("介绍日期", 16.0),
            ("会员编号", 12.0),
            ("姓名", 12.0),
            ("会员编号", 12.0),
            ("姓名", 12.0),
            ("红娘", 12.0),
        ],
        rows: stats
            .couples
            .iter()
            .map(|c| {
                let mut row = vec![Cell::Date(c.married_on), Cell::Date(c.introduced_on)];
                row.extend(
                    [
                        c.number_a.clone(),
                        c.name_a.clone(),
                        c.number_b.clone(),
                        c.name_b.clone(),
                        c.volunteer.clone(),
                    ]
                    .map(Cell::Text),
                );
                row
            })
            .collect(),
        chart: None,
    }
}

/// 同意与交换: the agreement steps of the introductions begun in the period.
fn agreements_table(stats: &Stats) -> Table {
    Table {
        name: "同意与交换",
        header: &[("项目", 30.0), ("条数", 12.0), ("占介绍", 12.0)],
        rows: agreement_rows(&stats.agreements),
        chart: None,
    }
}

/// 未成原因: by reason, stage and side, the total last.
fn reasons_table(stats: &Stats) -> Table {
    Table {
        name: "未成原因",
        header: &[
            ("原因", 18.0),
            ("合计", 8.0),
            ("介绍后", 10.0),
            ("见面后", 10.0),
            ("交往中", 10.0),
            ("男方", 8.0),
            ("女方", 8.0),
            ("双方", 8.0),
            ("都不是", 8.0),
            ("未记录", 8.0),
        ],
        rows: stats
            .reasons
            .iter()
            .map(|r| {
                let mut row = vec![Cell::Text(r.reason.clone())];
                row.extend(
                    [
                        r.total,
                        r.at_introduction,
                        r.at_meeting,
                        r.at_dating,
                        r.by_man,
                        r.by_woman,
                        r.by_both,
                        r.by_neither,
                        r.side_unknown,
                    ]
                    .map(Cell::Number),
                );
                row
            })
            .collect(),
        chart: None,
    }
}

/// 等待时间: the 在册 members by the days they have waited, charted.
fn waiting_table(stats: &Stats) -> Table {
    Table {
        name: "等待时间",
        header: &[("已等", 14.0), ("从未介绍", 12.0), ("介绍过", 12.0)],
        rows: stats
            .waiting
            .iter()
            .map(|w| {
                vec![
                    Cell::Text(w.group.clone()),
                    Cell::Number(w.never_introduced),
                    Cell::Number(w.introduced_before),
                ]
            })
            .collect(),
        chart: Some(ChartSpec {
            kind: ChartType::Column,
            title: "在册会员已等待的天数",
            series: &[(1, "从未介绍", MARRY), (2, "介绍过", INTRO)],
        }),
    }
}

/// 联谊活动: each event held in the period and their total.
fn events_table(stats: &Stats) -> Table {
    Table {
        name: "联谊活动",
        header: &[
            ("活动", 26.0),
            ("日期", 16.0),
            ("专场", 10.0),
            ("到场(男)", 10.0),
            ("到场(女)", 10.0),
            ("未到", 8.0),
            ("爽约率", 8.0),
            ("有心动的(人)", 12.0),
            ("互选成功(人)", 12.0),
            ("互选成功率", 10.0),
            ("互选对数", 10.0),
            ("记入见面(对)", 12.0),
            ("交往(对)", 10.0),
            ("登记结婚(对)", 12.0),
        ],
        rows: stats
            .events
            .iter()
            .chain(std::iter::once(&stats.events_total))
            .map(|e| {
                vec![
                    Cell::Text(e.title.clone()),
                    e.on_date.map_or(Cell::Text(String::new()), Cell::Date),
                    Cell::Text(e.theme.clone()),
                    Cell::Number(e.arrived_men),
                    Cell::Number(e.arrived_women),
                    Cell::Number(e.no_show),
                    Cell::Text(e.no_show_rate()),
                    Cell::Number(e.marked),
                    Cell::Number(e.matched_attendees),
                    Cell::Text(e.match_rate()),
                    Cell::Number(e.matches),
                    Cell::Number(e.introductions),
                    Cell::Number(e.dating),
                    Cell::Number(e.marriages),
                ]
            })
            .collect(),
        chart: None,
    }
}

/// 开放日: the open days of each year, their visitors, registrations and introductions.
/// 活动经费: per year, the events, those with partners and those asked for by an enterprise,
/// the money by source and in all, the guests who came.
fn money_table(stats: &Stats) -> Table {
    Table {
        name: "活动经费",
        header: &[
            ("年份", 10.0),
            ("活动(场)", 10.0),
            ("有合办单位(场)", 14.0),
            ("订单式(场)", 12.0),
            ("专项经费(元)", 14.0),
            ("企业出资(元)", 14.0),
            ("补贴(元)", 12.0),
            ("工会经费(元)", 14.0),
            ("其他(元)", 12.0),
            ("合计(元)", 14.0),
            ("到场嘉宾(人)", 12.0),
        ],
        rows: stats
            .event_money
            .iter()
            .map(|y| {
                let mut row = vec![
                    Cell::Text(y.year.to_string()),
                    Cell::Number(y.events),
                    Cell::Number(y.with_partners),
                    Cell::Number(y.ordered),
                ];
                row.extend(y.by_source.iter().map(|fen| Cell::Money(*fen)));
                row.push(Cell::Money(y.total_fen));
                row.push(Cell::Number(y.attendees));
                row
            })
            .collect(),
        chart: None,
    }
}

fn open_days_table(stats: &Stats) -> Table {
    Table {
        name: "开放日",
        header: &[
            ("年份", 10.0),
            ("开放日(天)", 12.0),
            ("来访单身青年", 14.0),
            ("来访家长/亲属", 14.0),
            ("当天登记", 10.0),
            ("当天介绍", 10.0),
        ],
        rows: stats
            .open_days
            .iter()
            .map(|y| {
                let mut row = vec![Cell::Text(y.year.to_string())];
                row.extend(
                    [
                        y.days,
                        y.singles,
                        y.parents,
                        y.registrations,
                        y.introductions,
                    ]
                    .map(|n| Cell::Number(u64::from(n))),
                );
                row
            })
            .collect(),
        chart: None,
    }
}

/// "78.5%" of `part` in `whole`; "—" without a whole.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "—".to_string()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn agreement_rows(a: &Agreements) -> Vec<Vec<Cell>> {
    [
        ("介绍(有同意记录)", a.introductions),
        ("先问的一方同意", a.first_agreed),
        ("双方同意", a.both_agreed),
        ("已交换联系方式", a.exchanged),
        ("现在仍在等答复", a.waiting_answer),
    ]
    .into_iter()
    .map(|(label, n)| {
        vec![
            Cell::Text(label.to_string()),
            Cell::Number(n),
            Cell::Text(percent(n, a.introductions)),
        ]
    })
    .collect()
}

/// The kinds of file the statistics are exported to, by the file name's extension.
pub const EXPORT_EXTENSIONS: [&str; 3] = ["xlsx", "csv", "pdf"];

impl Db {
    /// 导出成功统计: the figures already counted written to `path` as .xlsx (with charts), .csv or
    /// .pdf (the report), chosen by its extension; recorded in the 操作记录.
    pub fn export_stats(&self, actor: &Actor, stats: &Stats, path: &std::path::Path) -> Result<()> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "xlsx" => write_xlsx(stats, path)?,
            "csv" => write_csv(stats, path)?,
            "pdf" => {
                let pdf = self.print_report(stats)?.pdf()?;
                super::files::write_private(path, &pdf).map_err(|source| Error::Folder {
                    path: path.to_path_buf(),
                    source,
                })?;
            }
            _ => {
                return Err(Error::Refused("只能导出 .xlsx、.csv 或 .pdf 文件".into()));
            }
        }
        self.record_event(
            actor,
            super::audit::Kind::Export,
            None,
            &format!("导出成功统计到 {}", path.display()),
        )
    }
}

/// A workbook that could not be written, in words.
pub(crate) fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> Error {
    Error::Stored(match error {
        rust_xlsxwriter::XlsxError::IoError(e) => super::error::io_words(&e),
        other => format!("Excel 文件没能写成({other})"),
    })
}

/// The success statistics as an Excel workbook: 年度汇总, 月度明细, 红娘工作量 and 成功名单, with
/// native charts. Figures are written as numbers (not formulas), columns sized for Chinese.
pub fn write_xlsx(stats: &Stats, path: &std::path::Path) -> Result<()> {
    use rust_xlsxwriter::{
        Chart, ChartFormat, ChartLine, ChartSolidFill, Color, ExcelDateTime, Format, FormatAlign,
        FormatBorder, Workbook,
    };
    let failed = xlsx_error;
    let mut book = Workbook::new();
    // The quickest deflate: a station's list of couples saves in half the time, the file a
    // little larger.
    book.set_zip_compression_level(1);
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xEAD7DC))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let plain = Format::new().set_border(FormatBorder::Thin);
    let date = plain.clone().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let money = plain.clone().set_num_format("#,##0.00");
    let period = stats.period_text();
    for table in tables(stats) {
        let sheet = book.add_worksheet().set_name(table.name).map_err(failed)?;
        let mut width_px = 0.0;
        for (c, (title, width)) in table.header.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *title, &head)
                .map_err(failed)?;
            sheet.set_column_width(c as u16, *width).map_err(failed)?;
            // Excel's pixels for a column `width` characters wide (the default font).
            width_px += (width * 7.0 + 5.0).trunc();
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(t) => sheet.write_string_with_format(r, c, t, &plain),
                    Cell::Number(n) => sheet.write_number_with_format(r, c, *n as f64, &plain),
                    Cell::Money(fen) => {
                        sheet.write_number_with_format(r, c, *fen as f64 / 100.0, &money)
                    }
                    Cell::Date(d) => {
                        let day = ExcelDateTime::from_ymd(
                            d.year().clamp(1900, 9999) as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .map_err(failed)?;
                        sheet.write_datetime_with_format(r, c, &day, &date)
                    }
                }
                .map_err(failed)?;
            }
        }
        if let (Some(spec), false) = (&table.chart, table.rows.is_empty()) {
            let last = table.rows.len() as u32 + 1;
            // Chinese sheet names are quoted in the ranges, or Excel does not find them.
            let range = |column: u16| {
                let letter = (b'A' + column as u8) as char;
                format!("'{}'!${letter}$2:${letter}${last}", table.name)
            };
            let mut chart = Chart::new(spec.kind);
            chart.title().set_name(spec.title);
            for (column, name, colour) in spec.series {
                let colour = Color::RGB(*colour);
                let mut look = ChartFormat::new();
                if spec.kind == ChartType::Line {
                    look.set_line(ChartLine::new().set_color(colour).set_width(2.0));
                } else {
                    look.set_solid_fill(ChartSolidFill::new().set_color(colour));
                }
                chart
                    .add_series()
                    .set_name(*name)
                    .set_categories(range(0).as_str())
                    .set_values(range(*column).as_str())
                    .set_format(&mut look);
            }
            // Wide enough for five years of months; a bar per volunteer of readable height.
            let (w, h) = match spec.kind {
                ChartType::Line => (640, 320),
                ChartType::Bar => (480, (80 + 26 * table.rows.len() as u32).clamp(288, 720)),
                _ => (480, 288),
            };
            chart.set_width(w).set_height(h);
            // Beside the table (one empty column between), from its first row: on the table's
            // first page, never split or alone on a page of its own.
            sheet
                .insert_chart(1, table.header.len() as u16 + 1, &chart)
                .map_err(failed)?;
            width_px += 64.0 + f64::from(w);
        }
        // On paper: A4, one page wide (landscape when the sheet is wider than a portrait page
        // takes at about 100%), the header row on every page, the sheet's name and the page
        // number at the foot.
        sheet.set_paper_size(9);
        if width_px > 820.0 {
            sheet.set_landscape();
        }
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0).map_err(failed)?;
        sheet.set_print_center_horizontally(true);
        sheet.set_header(format!(
            "&L成功统计 · {}&R{}",
            period.replace('&', "&&"),
            "红娘工作台"
        ));
        sheet.set_footer("&L&A&R第 &P 页,共 &N 页");
    }
    let bytes = book.save_to_buffer().map_err(failed)?;
    super::files::write_private(path, &bytes).map_err(|source| Error::Folder {
        path: path.to_path_buf(),
        source,
    })
}

/// The same tables as CSV (UTF-8 with BOM, so Excel shows the Chinese): one after another,
/// each with its title line.
pub fn write_csv(stats: &Stats, path: &std::path::Path) -> Result<()> {
    let mut records: Vec<Vec<String>> = Vec::new();
    for (i, table) in tables(stats).into_iter().enumerate() {
        if i > 0 {
            records.push(vec![String::new()]);
        }
        records.push(vec![table.name.to_string()]);
        records.push(table.header.iter().map(|(t, _)| t.to_string()).collect());
        records.extend(
            table
                .rows
                .iter()
                .map(|row| row.iter().map(Cell::text).collect()),
        );
    }
    super::csv_file::write(path, &records)
}
