//! 联谊活动: a group event from the invitation calls to the result slips. An event has places for
//! men and for women and an age range for each; members found in the pool are invited and
//! called; a sign-up takes a place or joins the waiting list of its gender, which moves up by
//! itself when someone cancels; on the day each is checked in (arrived / no-show); afterwards
//! each attendee's 心动卡 is entered, the mutual choices are found, and each becomes an
//! introduction already at 见面 with the event as its source. Every rule is here once; the
//! window and the command line only call it.

use super::audit;
pub use super::codes::{Answer, Arrival, Choice, Funding, PartnerKind, Place};
use super::db::Db;
use super::error::{Error, Result};
use super::introductions::{
    self, Introduction, Stage, StepKind, check_new_pair, write_advance, write_agreement,
    write_start,
};
use super::model::{Gender, MemberStatus, YearMonth};
use super::now_text;
use super::search::{Query, SearchIndex};
use super::signin::Actor;
use chrono::{Duration, NaiveDate};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The most places of one gender an event can have.
pub const MAX_PLACES: u32 = 1000;
/// The follow-up calls after an event match: days after the event, and what they are called.
pub const FOLLOW_UPS: [(i64, &str); 3] = [(3, "第3天"), (21, "第3周"), (90, "第3个月")];

/// An event as the volunteer fills it in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct EventData {
    pub title: String,
    pub on_date: Option<NaiveDate>,
    /// "14:00" or "14:00–17:00"; free text.
    pub start_time: String,
    pub place: String,
    /// 专场: 教师, 医护, 新杭州人 … (empty: open to all).
    pub theme: String,
    pub organiser_id: Option<i64>,
    pub places_men: u32,
    pub places_women: u32,
    pub ages_men: (Option<u16>, Option<u16>),
    pub ages_women: (Option<u16>, Option<u16>),
    pub notes: String,
}

impl EventData {
    pub fn places(&self, gender: Gender) -> u32 {
        match gender {
            Gender::Male => self.places_men,
            Gender::Female => self.places_women,
        }
    }

    pub fn ages(&self, gender: Gender) -> (Option<u16>, Option<u16>) {
        match gender {
            Gender::Male => self.ages_men,
            Gender::Female => self.ages_women,
        }
    }

    /// "25–35 岁", "25 岁以上", "不限".
    pub fn ages_text(&self, gender: Gender) -> String {
        match self.ages(gender) {
            (Some(low), Some(high)) => format!("{low}–{high} 岁"),
            (Some(low), None) => format!("{low} 岁以上"),
            (None, Some(high)) => format!("{high} 岁以下"),
            (None, None) => "不限".to_string(),
        }
    }
}

/// How far from today an event's date may be, in years, before or after.
pub const EVENT_YEARS_AROUND_TODAY: u32 = 10;

/// Checks an event's fields; the date it holds.
pub fn check_event(data: &EventData) -> Result<NaiveDate> {
    if data.title.trim().is_empty() {
        return refuse("请填写活动名称");
    }
    if data.title.trim().chars().count() > 60 {
        return refuse("活动名称太长了(最多 60 个字)");
    }
    let Some(date) = data.on_date else {
        return refuse("请填写活动日期");
    };
    // An event is planned or written down afterwards, never decades away: 9999-12-31 or
    // 0026-08-19 is a slip of the keyboard.
    let today = crate::today();
    let window = chrono::Months::new(12 * EVENT_YEARS_AROUND_TODAY);
    if today
        .checked_sub_months(window)
        .is_some_and(|earliest| date < earliest)
        || today
            .checked_add_months(window)
            .is_some_and(|latest| date > latest)
    {
        return refuse(format!(
            "活动日期 {date} 离今天太远了:只能是今天前后 {EVENT_YEARS_AROUND_TODAY} 年之内,请核对年份"
        ));
    }
    for gender in Gender::ALL {
        let places = data.places(*gender);
        if places > MAX_PLACES {
            return refuse(format!("{}嘉宾名额最多 {MAX_PLACES} 位", gender.label()));
        }
        if let (Some(low), Some(high)) = data.ages(*gender)
            && low > high
        {
            return refuse(format!(
                "{}嘉宾的年龄范围从 {low} 到 {high} 岁,前面的数不能比后面的大",
                gender.label()
            ));
        }
        for age in [data.ages(*gender).0, data.ages(*gender).1]
            .into_iter()
            .flatten()
        {
            if !(18..=80).contains(&age) {
                return refuse(format!("年龄应在 18 到 80 岁之间(填的是 {age})"));
            }
        }
    }
    if data.places_men + data.places_women == 0 {
        return refuse("请填写男女嘉宾的名额");
    }
    Ok(date)
}

/// How many are where, per gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub confirmed: u32,
    pub waiting: u32,
    pub arrived: u32,
    pub no_show: u32,
}

/// One event as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub id: i64,
    pub data: EventData,
    pub on_date: NaiveDate,
    pub organiser_name: Option<String>,
    pub men: Counts,
    pub women: Counts,
    pub invited: u32,
    /// Invited members not called yet, or not reached.
    pub to_call: u32,
    /// The mutual choices were turned into introductions (the cards are closed).
    pub matched: bool,
    /// A 全区联谊: the district's event this is this station's copy of.
    pub shared: Option<SharedLink>,
}

impl Event {
    pub fn counts(&self, gender: Gender) -> Counts {
        match gender {
            Gender::Male => self.men,
            Gender::Female => self.women,
        }
    }

    /// "男 18/20(等待 3) · 女 20/20(等待 7)": the places taken and the gender balance.
    pub fn balance_text(&self) -> String {
        Gender::ALL
            .iter()
            .map(|g| {
                let c = self.counts(*g);
                let waiting = if c.waiting > 0 {
                    format!("(等待 {})", c.waiting)
                } else {
                    String::new()
                };
                format!(
                    "{} {}/{}{waiting}",
                    g.label(),
                    c.confirmed,
                    self.data.places(*g)
                )
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// "2026-08-22(六)14:00 · 燕子弄工作站".
    pub fn when_where(&self) -> String {
        let mut text = format!("{}({})", self.on_date, weekday(self.on_date));
        if !self.data.start_time.trim().is_empty() {
            text.push_str(self.data.start_time.trim());
        }
        if !self.data.place.trim().is_empty() {
            text.push_str(" · ");
            text.push_str(self.data.place.trim());
        }
        text
    }
}

/// 一 … 日.
pub fn weekday(date: NaiveDate) -> &'static str {
    use chrono::Datelike;
    ["一", "二", "三", "四", "五", "六", "日"][date.weekday().num_days_from_monday() as usize]
}

/// An invited member and the last call's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invitation {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub gender: Gender,
    pub birth: YearMonth,
    pub phone: String,
    pub answer: Option<Answer>,
    pub called_on: Option<NaiveDate>,
    pub calls: u32,
}

/// A sign-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    /// "王先生": all that badges and slips say of the name.
    pub surname_title: String,
    pub gender: Gender,
    pub birth: YearMonth,
    pub phone: String,
    pub place: Place,
    /// The badge number, given with the place (never given twice in one event).
    pub badge: Option<u32>,
    pub arrival: Option<Arrival>,
    pub walk_in: bool,
    pub card_entered: bool,
    /// Where on the waiting list (1 = next to move up).
    pub waiting_position: Option<u32>,
}

impl Attendee {
    /// "男 07" / "女 12": the badge as printed.
    pub fn badge_text(&self) -> String {
        badge_text(self.gender, self.badge)
    }

    /// Holds a place and is not marked 未到: seated, given a 心动卡, reminded.
    pub fn takes_part(&self) -> bool {
        self.place == Place::Confirmed && self.arrival != Some(Arrival::NoShow)
    }
}

/// "男 07"; "—" without a number.
pub fn badge_text(gender: Gender, badge: Option<u32>) -> String {
    match badge {
        Some(n) => format!("{} {n:02}", gender.label()),
        None => "—".to_string(),
    }
}

/// A badge as typed ("男03", "男 03", "３", or "3" with `gender` given): the gender it names (or
/// `gender`), the number if it is one, and the text half-width.
fn typed_badge(text: &str, gender: Option<Gender>) -> (Option<Gender>, Option<u32>, String) {
    let text = super::parse::to_halfwidth(text.trim());
    let (gender, digits) = match text.strip_prefix('男') {
        Some(rest) => (Some(Gender::Male), rest.trim()),
        None => match text.strip_prefix('女') {
            Some(rest) => (Some(Gender::Female), rest.trim()),
            None => (gender, text.as_str()),
        },
    };
    let number = digits.parse::<u32>().ok();
    (gender, number, text)
}

/// An attendee named by badge (`男03`, or `3` with `gender` given) or member number, among
/// `attendees`; `None` when nobody is.
pub fn find_attendee<'a>(
    attendees: &'a [Attendee],
    text: &str,
    gender: Option<Gender>,
) -> Option<&'a Attendee> {
    let (gender, badge, text) = typed_badge(text, gender);
    if let (Some(gender), Some(badge)) = (gender, badge)
        && let Some(found) = attendees
            .iter()
            .find(|a| a.gender == gender && a.badge == Some(badge) && a.place == Place::Confirmed)
    {
        return Some(found);
    }
    attendees.iter().find(|a| a.number == text)
}

/// A 心动卡 as typed from the paper card: the badge numbers of the other gender marked
/// 想进一步了解 (`more`) and 可以做朋友 (`friends`), separated by commas, 、 or spaces
/// ("3, 7 12"). Each must be an attendee of the other gender who came — at a 全区联谊 also a
/// guest of another station (`remote`, as the district last showed them).
pub fn read_card(
    attendees: &[Attendee],
    remote: &[RemoteGuest],
    chooser: &Attendee,
    more: &str,
    friends: &str,
) -> Result<Card> {
    let other = match chooser.gender {
        Gender::Male => Gender::Female,
        Gender::Female => Gender::Male,
    };
    let mut card = Card::default();
    for (list, choice) in [(more, Choice::More), (friends, Choice::Friends)] {
        for item in list
            .split([',', ',', '、', ' ', ';', ';', '.', '。'])
            .filter(|s| !s.trim().is_empty())
        {
            let Some(found) = find_attendee(attendees, item, Some(other)) else {
                let guest = match typed_badge(item, Some(other)) {
                    (Some(gender), Some(badge), _) => remote
                        .iter()
                        .find(|g| g.gender == gender && g.badge == badge),
                    _ => None,
                };
                let Some(guest) = guest else {
                    let hint = if remote.is_empty() {
                        ""
                    } else {
                        "(其他站点的嘉宾以上次同步为准,可以先点“与全区同步”)"
                    };
                    return refuse(format!(
                        "“{}”不是到场的{}嘉宾的号码{hint}",
                        item.trim(),
                        other.label()
                    ));
                };
                if guest.gender != other {
                    return refuse(format!(
                        "{}和{}同是{}嘉宾",
                        guest.badge_text(),
                        chooser.badge_text(),
                        chooser.gender.label()
                    ));
                }
                if !guest.arrived {
                    return refuse(format!(
                        "{}没有签到到场(以上次同步为准:{}站签到以后,点“与全区同步”再录)",
                        guest.badge_text(),
                        guest.station
                    ));
                }
                if card.remote.iter().any(|c| c.0 == guest.badge) {
                    return refuse(format!("{}填了两次", guest.badge_text()));
                }
                card.remote.push((guest.badge, choice));
                continue;
            };
            if found.gender != other {
                return refuse(format!(
                    "{}和{}同是{}嘉宾",
                    found.badge_text(),
                    chooser.badge_text(),
                    chooser.gender.label()
                ));
            }
            if found.arrival != Some(Arrival::Arrived) {
                return refuse(format!("{}没有签到到场", found.badge_text()));
            }
            if card.local.iter().any(|c| c.0 == found.member_id) {
                return refuse(format!("{}填了两次", found.badge_text()));
            }
            card.local.push((found.member_id, choice));
        }
    }
    Ok(card)
}

/// What a sign-up got: a place, or a position on the waiting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SignedUp {
    Place { badge: u32 },
    Waiting { position: u32 },
}

/// A cancellation, and who moved up from the waiting list into the place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cancelled {
    pub moved_up: Option<(i64, String)>,
}

/// Two attendees who chose each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Match {
    pub man: i64,
    pub woman: i64,
    pub man_chose: Choice,
    pub woman_chose: Choice,
}

impl Match {
    /// Both want to know more (not only 做朋友).
    pub fn both_more(&self) -> bool {
        self.man_chose == Choice::More && self.woman_chose == Choice::More
    }
}

/// The mutual choices among `choices` (chooser, chosen, choice): every pair where each marked
/// the other 想进一步了解 or 可以做朋友. A choice of one side alone is never in the answer. In the
/// order of the man, then the woman; `men` says who is a man.
pub fn mutual_matches(choices: &[(i64, i64, Choice)], men: &HashSet<i64>) -> Vec<Match> {
    // Each yes as (man, woman, whether the man marked it, the mark), sorted by the pair: a
    // mutual pair is then the man's mark next to the woman's (one sort, no map of every mark).
    let mut marks: Vec<(i64, i64, bool, Choice)> = choices
        .iter()
        .filter(|c| c.2.is_yes())
        .filter_map(|&(from, to, choice)| {
            match (men.contains(&from), men.contains(&to)) {
                (true, false) => Some((from, to, true, choice)),
                (false, true) => Some((to, from, false, choice)),
                // Two men or two women: never a pair.
                _ => None,
            }
        })
        .collect();
    marks.sort_unstable_by_key(|m| (m.0, m.1, m.2));
    marks.dedup_by_key(|m| (m.0, m.1, m.2));
    marks
        .windows(2)
        .filter_map(|w| {
            let (woman_side, man_side) = (w[0], w[1]);
            (woman_side.0 == man_side.0
                && woman_side.1 == man_side.1
                && !woman_side.2
                && man_side.2)
                .then_some(Match {
                    man: man_side.0,
                    woman: man_side.1,
                    man_chose: man_side.3,
                    woman_chose: woman_side.3,
                })
        })
        .collect()
}

/// A match with the two attendees' badges and names, as the organiser and the slips show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchShown {
    pub pair: Match,
    pub man: Attendee,
    pub woman: Attendee,
    /// The introduction made of it, once confirmed.
    pub introduction: Option<i64>,
}

/// What confirming the matches did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confirmed {
    pub introductions: Vec<i64>,
    /// Matches not turned into an introduction, with why ("王强和李芳之间已有一条进行中的牵线").
    pub skipped: Vec<String>,
}

/// An event match's follow-up call that is due.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventFollowUp {
    pub introduction: Introduction,
    pub event_title: String,
    /// "第3天", "第3周", "第3个月".
    pub mark: &'static str,
    pub due_on: NaiveDate,
}

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

fn age_ok(ages: (Option<u16>, Option<u16>), age: i32) -> bool {
    ages.0.is_none_or(|low| age >= i32::from(low))
        && ages.1.is_none_or(|high| age <= i32::from(high))
}

const EVENT_SELECT: &str = "SELECT e.id, e.title, e.on_date, e.start_time, e.place, e.theme,
        e.organiser_id, v.name, e.places_men, e.places_women, e.age_min_men, e.age_max_men,
        e.age_min_women, e.age_max_women, e.notes, e.matched_at IS NOT NULL,
        (SELECT count(*) FROM event_invitations i WHERE i.event_id = e.id),
        (SELECT count(*) FROM event_invitations i WHERE i.event_id = e.id
            AND (i.answer IS NULL OR i.answer = 'no_answer')),
        e.shared_id, e.shared_host, e.shared_first_badge
    FROM events e LEFT JOIN volunteers v ON v.id = e.organiser_id";

fn event_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    let on_date: NaiveDate = row.get(2)?;
    Ok(Event {
        id: row.get(0)?,
        data: EventData {
            title: row.get(1)?,
            on_date: Some(on_date),
            start_time: row.get(3)?,
            place: row.get(4)?,
            theme: row.get(5)?,
            organiser_id: row.get(6)?,
            places_men: row.get(8)?,
            places_women: row.get(9)?,
            ages_men: (row.get(10)?, row.get(11)?),
            ages_women: (row.get(12)?, row.get(13)?),
            notes: row.get(14)?,
        },
        on_date,
        organiser_name: row.get(7)?,
        men: Counts::default(),
        women: Counts::default(),
        matched: row.get(15)?,
        invited: row.get(16)?,
        to_call: row.get(17)?,
        shared: match (row.get(18)?, row.get(19)?, row.get(20)?) {
            (Some(id), Some(host), Some(first_badge)) => Some(SharedLink {
                id,
                host,
                first_badge,
            }),
            _ => None,
        },
    })
}

pub(crate) fn load_event(conn: &rusqlite::Connection, id: i64) -> Result<Event> {
    let mut event = conn
        .prepare_cached(&format!("{EVENT_SELECT} WHERE e.id = ?1"))?
        .query_row([id], event_from_row)
        .optional()?
        .ok_or_else(|| Error::Refused("找不到这场活动".into()))?;
    fill_counts(conn, std::slice::from_mut(&mut event))?;
    Ok(event)
}

fn fill_counts(conn: &rusqlite::Connection, events: &mut [Event]) -> Result<()> {
    let mut statement = conn.prepare_cached(
        "SELECT gender, count(*) FILTER (WHERE place = 'confirmed'),
                count(*) FILTER (WHERE place = 'waiting'),
                count(*) FILTER (WHERE place = 'confirmed' AND arrival IS 'arrived'),
                count(*) FILTER (WHERE place = 'confirmed' AND arrival IS 'no_show')
         FROM event_attendees WHERE event_id = ?1 GROUP BY gender",
    )?;
    for event in events {
        let rows = statement.query_map([event.id], |row| {
            Ok((
                row.get::<_, Gender>(0)?,
                Counts {
                    confirmed: row.get(1)?,
                    waiting: row.get(2)?,
                    arrived: row.get(3)?,
                    no_show: row.get(4)?,
                },
            ))
        })?;
        for row in rows {
            let (gender, counts) = row?;
            match gender {
                Gender::Male => event.men = counts,
                Gender::Female => event.women = counts,
            }
        }
    }
    Ok(())
}

const ATTENDEE_SELECT: &str = "SELECT a.member_id, m.number, m.name, a.gender, m.birth_year,
        m.birth_month, m.phone, a.place, a.badge, a.arrival, a.walk_in, a.card_entered
    FROM event_attendees a JOIN members m ON m.id = a.member_id";

fn attendee_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Attendee> {
    let name: String = row.get(2)?;
    let gender: Gender = row.get(3)?;
    let polite = match gender {
        Gender::Male => "先生",
        Gender::Female => "女士",
    };
    Ok(Attendee {
        member_id: row.get(0)?,
        number: row.get(1)?,
        surname_title: format!("{}{polite}", super::pinyin::surname(&name)),
        name,
        gender,
        birth: YearMonth {
            year: row.get(4)?,
            month: row.get(5)?,
        },
        phone: row.get(6)?,
        place: row.get(7)?,
        badge: row.get(8)?,
        arrival: row.get(9)?,
        walk_in: row.get(10)?,
        card_entered: row.get(11)?,
        waiting_position: None,
    })
}

pub(crate) fn attendees_in(conn: &rusqlite::Connection, event: i64) -> Result<Vec<Attendee>> {
    let mut statement = conn.prepare_cached(&format!(
        "{ATTENDEE_SELECT} WHERE a.event_id = ?1
         ORDER BY a.gender DESC, a.place, a.badge, a.signed_up_at, a.id"
    ))?;
    let mut found: Vec<Attendee> = statement
        .query_map([event], attendee_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for gender in Gender::ALL {
        let mut position = 0;
        for a in found
            .iter_mut()
            .filter(|a| a.gender == *gender && a.place == Place::Waiting)
        {
            position += 1;
            a.waiting_position = Some(position);
        }
    }
    Ok(found)
}

fn attendee_in(conn: &rusqlite::Connection, event: i64, member: i64) -> Result<Option<Attendee>> {
    Ok(conn
        .prepare_cached(&format!(
            "{ATTENDEE_SELECT} WHERE a.event_id = ?1 AND a.member_id = ?2"
        ))?
        .query_row([event, member], attendee_from_row)
        .optional()?)
}

pub(crate) fn log(
    tx: &Transaction<'_>,
    actor: &Actor,
    member: Option<i64>,
    summary: &str,
) -> Result<()> {
    audit::record(
        tx,
        actor.volunteer(),
        audit::Kind::Event,
        member,
        None,
        None,
        summary,
        None,
    )
}

/// The next badge number of `gender` in `event`, counted on the event: a number once given
/// (also to someone who cancelled since) is never handed to a second person.
fn next_badge(tx: &Transaction<'_>, event: i64, gender: Gender) -> Result<u32> {
    let column = match gender {
        Gender::Male => "badges_men",
        Gender::Female => "badges_women",
    };
    let (badge, first): (u32, Option<u32>) = tx.query_row(
        &format!(
            "UPDATE events SET {column} = {column} + 1 WHERE id = ?1
             RETURNING {column}, shared_first_badge"
        ),
        [event],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // A 全区联谊 hands out this station's block of numbers only (a badge is one guest in the
    // whole event).
    if let Some(first) = first
        && badge > first + BADGE_BLOCK - 1
    {
        return refuse(format!(
            "这是全区联谊活动,本站的{}嘉宾号码段 {first}–{} 已经用完",
            gender.label(),
            first + BADGE_BLOCK - 1
        ));
    }
    Ok(badge)
}

fn confirmed_count(tx: &Transaction<'_>, event: i64, gender: Gender) -> Result<u32> {
    Ok(tx.query_row(
        "SELECT count(*) FROM event_attendees WHERE event_id = ?1 AND gender = ?2
            AND place = 'confirmed'",
        params![event, gender],
        |r| r.get(0),
    )?)
}

/// Moves the waiting list of `gender` up into free places, first come first; who moved up.
fn move_up(
    tx: &Transaction<'_>,
    event: &Event,
    gender: Gender,
    today: NaiveDate,
) -> Result<Vec<(i64, String)>> {
    let mut moved = Vec::new();
    // Nobody moves into an event that took place or whose matches are confirmed.
    if check_places_open(event, today, "补位").is_err() {
        return Ok(moved);
    }
    let places = event.data.places(gender);
    while confirmed_count(tx, event.id, gender)? < places {
        let next: Option<(i64, i64, String)> = tx
            .query_row(
                "SELECT a.id, a.member_id, m.name FROM event_attendees a
                 JOIN members m ON m.id = a.member_id
                 WHERE a.event_id = ?1 AND a.gender = ?2 AND a.place = 'waiting'
                 ORDER BY a.signed_up_at, a.id LIMIT 1",
                params![event.id, gender],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((row, member, name)) = next else {
            break;
        };
        // A 全区联谊 whose block of numbers is used up moves nobody up (they stay waiting);
        // the cancellation itself goes through.
        let badge = match next_badge(tx, event.id, gender) {
            Ok(badge) => badge,
            Err(Error::Refused(_)) if event.shared.is_some() => break,
            Err(error) => return Err(error),
        };
        tx.execute(
            "UPDATE event_attendees SET place = 'confirmed', badge = ?1, updated_at = ?2,
                moved_up_at = ?2
             WHERE id = ?3",
            params![badge, now_text(), row],
        )?;
        moved.push((member, name));
    }
    Ok(moved)
}

/// Who of `attendees` would take the place of `member` if that sign-up were cancelled: the
/// next on the waiting list of the same gender, when the one cancelled holds a place and the
/// places would then not be full. The same rule [`Db::cancel_sign_up`] applies, said before it
/// is asked.
pub fn moves_up_on_cancel<'a>(
    event: &Event,
    attendees: &'a [Attendee],
    member: i64,
) -> Option<&'a Attendee> {
    let leaving = attendees.iter().find(|a| a.member_id == member)?;
    if leaving.place != Place::Confirmed {
        return None;
    }
    let gender = leaving.gender;
    let confirmed = attendees
        .iter()
        .filter(|a| a.gender == gender && a.place == Place::Confirmed)
        .count();
    if confirmed.saturating_sub(1) >= event.data.places(gender) as usize {
        return None;
    }
    attendees
        .iter()
        .filter(|a| a.gender == gender && a.place == Place::Waiting)
        .min_by_key(|a| a.waiting_position.unwrap_or(u32::MAX))
}

impl Db {
    /// A new event; its id.
    pub fn create_event(&mut self, actor: &Actor, data: &EventData) -> Result<Event> {
        let date = check_event(data)?;
        let tx = self.write()?;
        let now = now_text();
        tx.execute(
            "INSERT INTO events (title, on_date, start_time, place, theme, organiser_id,
                places_men, places_women, age_min_men, age_max_men, age_min_women, age_max_women,
                notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
            params![
                data.title.trim(),
                date,
                data.start_time.trim(),
                data.place.trim(),
                data.theme.trim(),
                data.organiser_id,
                data.places_men,
                data.places_women,
                data.ages_men.0,
                data.ages_men.1,
                data.ages_women.0,
                data.ages_women.1,
                data.notes.trim(),
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        log(
            &tx,
            actor,
            None,
            &format!("新建联谊活动“{}”({date})", data.title.trim()),
        )?;
        let event = load_event(&tx, id)?;
        tx.commit()?;
        Ok(event)
    }

    /// Changes an event's details. Places cannot go below the places already taken; more
    /// places move the waiting list up. Who moved up.
    pub fn update_event(
        &mut self,
        actor: &Actor,
        id: i64,
        data: &EventData,
        today: NaiveDate,
    ) -> Result<Vec<(i64, String)>> {
        let date = check_event(data)?;
        let tx = self.write()?;
        let before = load_event(&tx, id)?;
        if before.shared.is_some() {
            check_shared_places(data)?;
            check_copy_change(&before, data, today)?;
        }
        for gender in Gender::ALL {
            let taken = before.counts(*gender).confirmed;
            if data.places(*gender) < taken {
                return refuse(format!(
                    "已有 {taken} 位{}嘉宾报上了名,名额不能少于 {taken}(要减少,请先取消报名)",
                    gender.label()
                ));
            }
        }
        tx.execute(
            "UPDATE events SET title = ?1, on_date = ?2, start_time = ?3, place = ?4, theme = ?5,
                organiser_id = ?6, places_men = ?7, places_women = ?8, age_min_men = ?9,
                age_max_men = ?10, age_min_women = ?11, age_max_women = ?12, notes = ?13,
                updated_at = ?14
             WHERE id = ?15",
            params![
                data.title.trim(),
                date,
                data.start_time.trim(),
                data.place.trim(),
                data.theme.trim(),
                data.organiser_id,
                data.places_men,
                data.places_women,
                data.ages_men.0,
                data.ages_men.1,
                data.ages_women.0,
                data.ages_women.1,
                data.notes.trim(),
                now_text(),
                id
            ],
        )?;
        let event = load_event(&tx, id)?;
        // Those on duty for it go with it to its new day (值班表).
        tx.execute(
            "UPDATE duty_rota SET on_date = ?1 WHERE event_id = ?2",
            params![event.on_date, id],
        )?;
        let mut moved = Vec::new();
        for gender in Gender::ALL {
            moved.extend(move_up(&tx, &event, *gender, today)?);
        }
        log(
            &tx,
            actor,
            None,
            &format!("修改了联谊活动“{}”({date})", data.title.trim()),
        )?;
        tx.commit()?;
        Ok(moved)
    }

    /// Every event, the latest date first.
    pub fn events(&self) -> Result<Vec<Event>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{EVENT_SELECT} ORDER BY e.on_date DESC, e.id DESC"
        ))?;
        let mut events: Vec<Event> = statement
            .query_map([], event_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        fill_counts(&self.conn, &mut events)?;
        Ok(events)
    }

    pub fn event(&self, id: i64) -> Result<Event> {
        load_event(&self.conn, id)
    }

    /// The members of the pool who fit the event and `query` (查询's conditions): 在册, with
    /// consent, of a gender the event has places for, in its age range on the day, not yet
    /// invited or signed up. In the search's order.
    pub fn invitation_candidates(
        &self,
        event: i64,
        index: &SearchIndex,
        query: &Query,
        today: NaiveDate,
    ) -> Result<Vec<i64>> {
        let event = self.event(event)?;
        let already: HashSet<i64> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT member_id FROM event_invitations WHERE event_id = ?1
                 UNION SELECT member_id FROM event_attendees WHERE event_id = ?1",
            )?;
            statement
                .query_map([event.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        // Not 交往 with someone (read once: a few, through the stage index).
        let dating: HashSet<i64> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT member_a FROM introductions WHERE stage = 'dating'
                 UNION SELECT member_b FROM introductions
                 WHERE stage = 'dating' AND member_b IS NOT NULL",
            )?;
            statement
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        // 在册, who may be introduced (their own yes too); for a 全区联谊, shared with the
        // district as well.
        let consenting: HashSet<i64> = {
            let mut statement = self.conn.prepare_cached(&format!(
                "SELECT id FROM members WHERE status = 'active' AND {}{}",
                super::model::may_introduce_sql(""),
                if event.shared.is_some() {
                    " AND district_consent_on IS NOT NULL AND consent_pending = 0"
                } else {
                    ""
                }
            ))?;
            statement
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut query = query.clone();
        query.status = Some(MemberStatus::Active);
        let found = index.search(&query, today);
        Ok(found
            .positions
            .iter()
            .map(|&p| index.summary(p))
            .filter(|m| {
                event.data.places(m.gender) > 0
                    && age_ok(event.data.ages(m.gender), m.birth.age_on(event.on_date))
                    && consenting.contains(&m.id)
                    && !dating.contains(&m.id)
                    && !already.contains(&m.id)
            })
            .map(|m| m.id)
            .collect())
    }

    /// Puts members on the event's list to call; how many were new on it.
    pub fn invite(&mut self, actor: &Actor, event: i64, members: &[i64]) -> Result<usize> {
        let tx = self.write()?;
        let found = load_event(&tx, event)?;
        let now = now_text();
        let mut added = 0;
        for member in members {
            added += tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO event_invitations (event_id, member_id, created_at)
                     SELECT ?1, id, ?3 FROM members WHERE id = ?2",
                )?
                .execute(params![event, member, now])?;
        }
        if added > 0 {
            log(
                &tx,
                actor,
                None,
                &format!(
                    "为联谊活动“{}”列了 {added} 位要邀请的会员",
                    found.data.title
                ),
            )?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// The members invited, those still to call first, then in the order of their number.
    pub fn invitations(&self, event: i64) -> Result<Vec<Invitation>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT i.member_id, m.number, m.name, m.gender, m.birth_year, m.birth_month, m.phone,
                    i.answer, i.called_on, i.calls
             FROM event_invitations i JOIN members m ON m.id = i.member_id
             WHERE i.event_id = ?1
             ORDER BY CASE coalesce(i.answer, '') WHEN '' THEN 0 WHEN 'no_answer' THEN 1 ELSE 2 END,
                      m.gender DESC, m.number",
        )?;
        let rows = statement.query_map([event], |row| {
            Ok(Invitation {
                member_id: row.get(0)?,
                number: row.get(1)?,
                name: row.get(2)?,
                gender: row.get(3)?,
                birth: YearMonth {
                    year: row.get(4)?,
                    month: row.get(5)?,
                },
                phone: row.get(6)?,
                answer: row.get(7)?,
                called_on: row.get(8)?,
                calls: row.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records the answer of a call to an invited member; 报名 signs them up at once (a place or
    /// the waiting list).
    pub fn record_invitation_call(
        &mut self,
        actor: &Actor,
        event: i64,
        member: i64,
        answer: Answer,
        today: NaiveDate,
    ) -> Result<Option<SignedUp>> {
        let tx = self.write()?;
        let found = load_event(&tx, event)?;
        let changed = tx.execute(
            "UPDATE event_invitations SET answer = ?1, called_on = ?2, volunteer_id = ?3,
                calls = calls + 1
             WHERE event_id = ?4 AND member_id = ?5",
            params![answer, today, actor.volunteer(), event, member],
        )?;
        if changed == 0 {
            return refuse("这位会员不在这场活动的邀请名单上");
        }
        let signed = match answer {
            Answer::SignedUp => Some(sign_up_in(&tx, &found, member, false, today)?),
            _ => None,
        };
        log(
            &tx,
            actor,
            Some(member),
            &format!("邀请参加联谊活动“{}”:{}", found.data.title, answer.label()),
        )?;
        tx.commit()?;
        Ok(signed)
    }

    /// Signs a member up: a place while there are places of their gender, otherwise the waiting
    /// list. A walk-in is someone registered on the spot.
    pub fn sign_up(
        &mut self,
        actor: &Actor,
        event: i64,
        member: i64,
        walk_in: bool,
        today: NaiveDate,
    ) -> Result<SignedUp> {
        let tx = self.write()?;
        let found = load_event(&tx, event)?;
        let signed = sign_up_in(&tx, &found, member, walk_in, today)?;
        tx.execute(
            "UPDATE event_invitations SET answer = 'signed_up', called_on = coalesce(called_on, ?1)
             WHERE event_id = ?2 AND member_id = ?3",
            params![today, event, member],
        )?;
        let what = match signed {
            SignedUp::Place { badge } => format!("报名成功,{}号", badge),
            SignedUp::Waiting { position } => format!("进入等待名单第 {position} 位"),
        };
        log(
            &tx,
            actor,
            Some(member),
            &format!("报名联谊活动“{}”:{what}", found.data.title),
        )?;
        tx.commit()?;
        Ok(signed)
    }

    /// Cancels a sign-up; the first of the same gender on the waiting list takes the place.
    pub fn cancel_sign_up(
        &mut self,
        actor: &Actor,
        event: i64,
        member: i64,
        today: NaiveDate,
    ) -> Result<Cancelled> {
        let tx = self.write()?;
        let found = load_event(&tx, event)?;
        check_places_open(&found, today, "取消报名")?;
        let Some(attendee) = attendee_in(&tx, event, member)? else {
            return refuse("这位会员没有报名这场活动");
        };
        if attendee.place == Place::Cancelled {
            return refuse(format!("{}的报名已经取消了", attendee.name));
        }
        if attendee.arrival == Some(Arrival::Arrived) {
            return refuse(format!("{}已经签到,不能取消报名", attendee.name));
        }
        tx.execute(
            "UPDATE event_attendees SET place = 'cancelled', arrival = NULL, updated_at = ?1
             WHERE event_id = ?2 AND member_id = ?3",
            params![now_text(), event, member],
        )?;
        let moved_up = move_up(&tx, &found, attendee.gender, today)?
            .into_iter()
            .next();
        let mut summary = format!("取消了联谊活动“{}”的报名", found.data.title);
        if let Some((_, name)) = &moved_up {
            summary.push_str(&format!(",等待名单上的{name}补上"));
        }
        log(&tx, actor, Some(member), &summary)?;
        tx.commit()?;
        Ok(Cancelled { moved_up })
    }

    /// Everyone signed up: men first, then women; places by badge, then the waiting list in its
    /// order, then the cancelled.
    pub fn attendees(&self, event: i64) -> Result<Vec<Attendee>> {
        attendees_in(&self.conn, event)
    }

    /// Checks a member in on the day (arrived, or no-show), or takes it back (`None`).
    pub fn check_in(
        &mut self,
        actor: &Actor,
        event: i64,
        member: i64,
        arrival: Option<Arrival>,
        today: NaiveDate,
    ) -> Result<()> {
        let tx = self.write()?;
        let found = load_event(&tx, event)?;
        if found.on_date > today {
            return refuse(format!("活动在 {} 举行,当天才能签到", found.on_date));
        }
        if found.matched {
            return refuse("互选结果已经确认,签到不能再改");
        }
        let Some(attendee) = attendee_in(&tx, event, member)? else {
            return refuse("这位会员没有报名这场活动");
        };
        if attendee.place != Place::Confirmed {
            return refuse(format!(
                "{}现在是“{}”,只有已报名的嘉宾可以签到",
                attendee.name,
                attendee.place.label()
            ));
        }
        if arrival != Some(Arrival::Arrived) && attendee.card_entered {
            return refuse(format!(
                "{}的心动卡已经录入,先清空心动卡才能改为未到",
                attendee.name
            ));
        }
        tx.execute(
            "UPDATE event_attendees SET arrival = ?1, updated_at = ?2
             WHERE event_id = ?3 AND member_id = ?4",
            params![arrival, now_text(), event, member],
        )?;
        log(
            &tx,
            actor,
            Some(member),
            &format!(
                "联谊活动“{}”签到:{}",
                found.data.title,
                arrival.map_or("撤销签到", Arrival::label)
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Enters (or corrects) `chooser`'s 心动卡: a choice for attendees of the other gender who
    /// came; anyone not named is 不了. An empty card says 不了 to all.
    pub fn enter_card(
        &mut self,
        actor: &Actor,
        event: i64,
        chooser: i64,
        card: &[(i64, Choice)],
    ) -> Result<()> {
        let card = Card {
            local: card.to_vec(),
            remote: Vec::new(),
        };
        self.enter_typed_card(actor, event, chooser, &card)
    }

    /// [`Db::enter_card`] with what [`read_card`] read: at a 全区联谊 also the marks for other
    /// stations' guests, by badge.
    pub fn enter_typed_card(
        &mut self,
        actor: &Actor,
        event: i64,
        chooser: i64,
        card: &Card,
    ) -> Result<()> {
        let tx = self.write()?;
        let found = load_event(&tx, event)?;
        if found.matched {
            return refuse("互选结果已经确认,心动卡不能再改");
        }
        let who = write_card(&tx, event, chooser, &card.local)?;
        write_remote_marks(&tx, &found, &who, &card.remote)?;
        let yes = card.local.iter().filter(|c| c.1.is_yes()).count()
            + card.remote.iter().filter(|c| c.1.is_yes()).count();
        log(
            &tx,
            actor,
            Some(chooser),
            &format!(
                "录入联谊活动“{}”{}的心动卡(选了 {yes} 位)",
                found.data.title,
                who.badge_text()
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Takes a card back to not entered (a card entered for the wrong person).
    pub fn clear_card(&mut self, actor: &Actor, event: i64, chooser: i64) -> Result<()> {
        let tx = self.write()?;
        let found = load_event(&tx, event)?;
        if found.matched {
            return refuse("互选结果已经确认,心动卡不能再改");
        }
        tx.execute(
            "DELETE FROM event_choices WHERE event_id = ?1 AND chooser_id = ?2",
            params![event, chooser],
        )?;
        tx.execute(
            "DELETE FROM event_remote_choices WHERE event_id = ?1 AND chooser_id = ?2",
            params![event, chooser],
        )?;
        tx.execute(
            "UPDATE event_attendees SET card_entered = 0, updated_at = ?1
             WHERE event_id = ?2 AND member_id = ?3",
            params![now_text(), event, chooser],
        )?;
        log(
            &tx,
            actor,
            Some(chooser),
            &format!("清空了联谊活动“{}”的一张心动卡", found.data.title),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every choice marked at the event (chooser, chosen, choice): for the organiser only.
    pub fn event_choices(&self, event: i64) -> Result<Vec<(i64, i64, Choice)>> {
        choices_in(&self.conn, event)
    }

    /// The mutual choices of the event, with the attendees and (once confirmed) the
    /// introductions made of them.
    pub fn event_matches(&self, event: i64) -> Result<Vec<MatchShown>> {
        matches_in(&self.conn, event)
    }

    /// Closes the cards and turns each mutual choice into an introduction at 见面 on the event's
    /// day, both sides agreed and the contacts to be exchanged (each chose the other), with the
    /// event as its source. Every attendee who came must have their card entered (an empty one
    /// for a card not handed in). A pair that cannot be introduced (a pair marked 不再介绍, an
    /// ongoing introduction between them, a member no longer 在册) is skipped and said why.
    pub fn confirm_matches(
        &mut self,
        actor: &Actor,
        event: i64,
        today: NaiveDate,
    ) -> Result<Confirmed> {
        let tx = self.write()?;
        let matches = matches_in(&tx, event)?;
        let found = load_event(&tx, event)?;
        if found.matched {
            return refuse("这场活动的互选结果已经确认过了");
        }
        if found.on_date > today {
            return refuse(format!("活动在 {},结束后才能确认互选结果", found.on_date));
        }
        let missing: Vec<String> = attendees_in(&tx, event)?
            .iter()
            .filter(|a| {
                a.place == Place::Confirmed
                    && a.arrival == Some(Arrival::Arrived)
                    && !a.card_entered
            })
            .map(Attendee::badge_text)
            .collect();
        if !missing.is_empty() {
            return refuse(format!(
                "还有 {} 张心动卡没录入:{}(没交卡的请录入空卡)",
                missing.len(),
                missing.join("、")
            ));
        }
        let volunteer = actor.volunteer();
        let at = now_text();
        let mut confirmed = Confirmed {
            introductions: Vec::new(),
            skipped: Vec::new(),
        };
        for m in &matches {
            match introduce_match(&tx, &found, m, volunteer, &at)? {
                Ok(id) => confirmed.introductions.push(id),
                Err(why) => confirmed.skipped.push(why),
            }
        }
        tx.execute(
            "UPDATE events SET matched_at = ?1, updated_at = ?1 WHERE id = ?2",
            params![at, event],
        )?;
        log(
            &tx,
            actor,
            None,
            &format!(
                "确认了联谊活动“{}”的互选结果:{} 对,记入牵线 {} 条",
                found.data.title,
                matches.len(),
                confirmed.introductions.len()
            ),
        )?;
        tx.commit()?;
        Ok(confirmed)
    }

    /// The follow-up calls due for introductions that came from events: 3 days, 3 weeks and 3
    /// months after the event (see [`follow_up_due`]). The oldest due first.
    pub fn event_follow_ups(&self, today: NaiveDate) -> Result<Vec<EventFollowUp>> {
        let mut due = Vec::new();
        for (introduction, updated_at, matched_at) in self.find_event_introductions()? {
            let Some(event) = introduction.event.clone() else {
                continue;
            };
            let Some((mark, due_on)) = follow_up_due(event.on, &matched_at, &updated_at, today)
            else {
                continue;
            };
            due.push(EventFollowUp {
                introduction,
                event_title: event.title,
                mark,
                due_on,
            });
        }
        due.sort_by_key(|f| (f.due_on, f.introduction.id));
        Ok(due)
    }

    fn find_event_introductions(&self) -> Result<Vec<(Introduction, String, String)>> {
        introductions::event_introductions(&self.conn)
    }
}

/// Checks and writes `chooser`'s 心动卡 (their choices replaced, the card marked entered); the
/// attendee. Only attendees who came choose, and only attendees of the other gender who came.
pub(crate) fn write_card(
    tx: &Transaction<'_>,
    event: i64,
    chooser: i64,
    card: &[(i64, Choice)],
) -> Result<Attendee> {
    let attendees = attendees_in(tx, event)?;
    let present: HashMap<i64, &Attendee> = attendees
        .iter()
        .filter(|a| a.place == Place::Confirmed && a.arrival == Some(Arrival::Arrived))
        .map(|a| (a.member_id, a))
        .collect();
    let Some(who) = present.get(&chooser) else {
        return refuse("只有签到到场的嘉宾才有心动卡");
    };
    let mut seen = HashSet::new();
    for (chosen, _) in card {
        let Some(other) = present.get(chosen) else {
            return refuse("心动卡上只能选到场的嘉宾");
        };
        if other.gender == who.gender {
            return refuse("心动卡上只能选异性嘉宾");
        }
        if !seen.insert(*chosen) {
            return refuse(format!("{}在心动卡上填了两次", other.badge_text()));
        }
    }
    tx.execute(
        "DELETE FROM event_choices WHERE event_id = ?1 AND chooser_id = ?2",
        params![event, chooser],
    )?;
    for (chosen, choice) in card.iter().filter(|c| c.1.is_yes()) {
        tx.prepare_cached(
            "INSERT INTO event_choices (event_id, chooser_id, chosen_id, choice)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![event, chooser, chosen, choice])?;
    }
    tx.execute(
        "UPDATE event_attendees SET card_entered = 1, updated_at = ?1
         WHERE event_id = ?2 AND member_id = ?3",
        params![now_text(), event, chooser],
    )?;
    Ok((*who).clone())
}

/// Makes one mutual choice of `event` an introduction at 见面 on the event's day, both agreed and
/// the contacts exchanged, the event its source; or says why it cannot be ("男 03与女 05:…").
pub(crate) fn introduce_match(
    tx: &Transaction<'_>,
    event: &Event,
    m: &MatchShown,
    volunteer: Option<i64>,
    at: &str,
) -> Result<std::result::Result<i64, String>> {
    if let Err(error) = check_new_pair(tx, m.pair.man, m.pair.woman) {
        return Ok(Err(format!(
            "{}与{}:{error}",
            m.man.badge_text(),
            m.woman.badge_text()
        )));
    }
    let notes = format!("联谊活动“{}”互选", event.data.title);
    let date = event.on_date;
    let id = write_start(tx, m.pair.man, m.pair.woman, date, volunteer, at)?;
    for kind in [StepKind::AgreeA, StepKind::AgreeB, StepKind::Exchange] {
        write_agreement(tx, id, kind, date, volunteer, &notes, at)?;
    }
    write_advance(
        tx,
        id,
        Stage::Introduced,
        Stage::Met,
        date,
        volunteer,
        &notes,
        None,
        at,
    )?;
    tx.execute(
        "UPDATE introductions SET event_id = ?1 WHERE id = ?2",
        params![event.id, id],
    )?;
    audit::record(
        tx,
        volunteer,
        audit::Kind::Introduction,
        Some(m.pair.man),
        Some(m.pair.woman),
        Some(id),
        &format!(
            "{} 与 {}:{notes}成功,记为已见面({date})",
            m.man.name, m.woman.name
        ),
        None,
    )?;
    Ok(Ok(id))
}

/// The follow-up call due for an event match (its mark and day), if any: the latest of 3 days, 3
/// weeks and 3 months after the event (`on`) that has come by `today`, unless something was
/// recorded for the introduction (a step, feedback) on or after that day and after the matches
/// were confirmed (`matched_at`; the introduction last `updated_at`, both as stored).
pub fn follow_up_due(
    on: NaiveDate,
    matched_at: &str,
    updated_at: &str,
    today: NaiveDate,
) -> Option<(&'static str, NaiveDate)> {
    let (days, mark) = FOLLOW_UPS
        .iter()
        .rev()
        .find(|(days, _)| on + Duration::days(*days) <= today)?;
    let due_on = on + Duration::days(*days);
    let updated_on = updated_at
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let done = updated_at > matched_at && updated_on.is_some_and(|u| u >= due_on);
    (!done).then_some((*mark, due_on))
}

/// Places may change (sign-up, cancellation, move-up) only before the event has taken place and
/// while its matches are not confirmed; `what` names the change refused ("报名").
pub fn check_places_open(event: &Event, today: NaiveDate, what: &str) -> Result<()> {
    if event.matched {
        return refuse(format!(
            "这场活动的互选结果已经确认,活动已结束,不能再{what}"
        ));
    }
    if event.on_date < today {
        return refuse(format!("活动已在 {} 举行过了,不能再{what}", event.on_date));
    }
    Ok(())
}

/// Whether `member` is 交往 with someone now (an introduction at that stage).
fn is_dating(conn: &rusqlite::Connection, member: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM introductions WHERE stage = 'dating'
             AND (member_a = ?1 OR member_b = ?1))",
        [member],
        |r| r.get(0),
    )?)
}

/// [`Db::sign_up`] inside its transaction (a call's 报名 signs up too).
pub(crate) fn sign_up_in(
    tx: &Transaction<'_>,
    event: &Event,
    member: i64,
    walk_in: bool,
    today: NaiveDate,
) -> Result<SignedUp> {
    check_places_open(event, today, "报名")?;
    let (name, gender, status, withheld, year, month): (
        String,
        Gender,
        MemberStatus,
        Option<String>,
        i32,
        u32,
    ) = tx
        .query_row(
            "SELECT name, gender, status, consent, registrant_relation, own_consent_on IS NOT NULL,
                 birth_year, birth_month
             FROM members WHERE id = ?1",
            [member],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    super::model::withheld(r.get(3)?, r.get(4)?, r.get(5)?),
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| Error::MemberNotFound(member.to_string()))?;
    if status != MemberStatus::Active {
        return refuse(format!(
            "{name}现在是“{}”,只有在册会员可以报名",
            status.label()
        ));
    }
    if let Some(why) = withheld {
        return refuse(format!("{name}{why},不能报名活动"));
    }
    if is_dating(tx, member)? {
        return refuse(format!("{name}正在与人交往,不参加联谊活动"));
    }
    if event.shared.is_some() && !shares_with_district(tx, member)? {
        return refuse(format!(
            "{name}没有同意全区共享(或知情同意书待补签):全区联谊活动的名单要送到全区服务器,只有同意全区共享的会员能报名"
        ));
    }
    if event.data.places(gender) == 0 {
        return refuse(format!("这场活动没有{}嘉宾的名额", gender.label()));
    }
    let age = YearMonth { year, month }.age_on(event.on_date);
    let ages = event.data.ages(gender);
    if !age_ok(ages, age) {
        return refuse(format!(
            "{name}活动当天 {age} 岁,不在这场活动{}嘉宾的年龄范围({})内",
            gender.label(),
            event.data.ages_text(gender)
        ));
    }
    let existing: Option<Place> = tx
        .query_row(
            "SELECT place FROM event_attendees WHERE event_id = ?1 AND member_id = ?2",
            params![event.id, member],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(place) = existing
        && place != Place::Cancelled
    {
        return refuse(format!("{name}已经报名了({})", place.label()));
    }
    let now = now_text();
    let full = confirmed_count(tx, event.id, gender)? >= event.data.places(gender);
    let (place, badge) = if full {
        (Place::Waiting, None)
    } else {
        (Place::Confirmed, Some(next_badge(tx, event.id, gender)?))
    };
    tx.execute(
        "INSERT INTO event_attendees (event_id, member_id, gender, place, badge, walk_in,
            signed_up_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (event_id, member_id) DO UPDATE SET place = excluded.place,
            badge = excluded.badge, arrival = NULL, walk_in = excluded.walk_in,
            card_entered = 0, signed_up_at = excluded.signed_up_at, updated_at = excluded.updated_at,
            moved_up_at = NULL",
        params![event.id, member, gender, place, badge, walk_in, now],
    )?;
    match badge {
        Some(badge) => Ok(SignedUp::Place { badge }),
        None => {
            let position: u32 = tx.query_row(
                "SELECT count(*) FROM event_attendees WHERE event_id = ?1 AND gender = ?2
                    AND place = 'waiting'",
                params![event.id, gender],
                |r| r.get(0),
            )?;
            Ok(SignedUp::Waiting { position })
        }
    }
}

fn choices_in(conn: &rusqlite::Connection, event: i64) -> Result<Vec<(i64, i64, Choice)>> {
    let mut statement = conn.prepare_cached(
        "SELECT chooser_id, chosen_id, choice FROM event_choices WHERE event_id = ?1",
    )?;
    let rows = statement.query_map([event], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn matches_in(conn: &rusqlite::Connection, event: i64) -> Result<Vec<MatchShown>> {
    let attendees: HashMap<i64, Attendee> = attendees_in(conn, event)?
        .into_iter()
        .map(|a| (a.member_id, a))
        .collect();
    let men: HashSet<i64> = attendees
        .values()
        .filter(|a| a.gender == Gender::Male)
        .map(|a| a.member_id)
        .collect();
    let introductions: HashMap<(i64, i64), i64> = {
        let mut statement = conn.prepare_cached(
            "SELECT member_a, member_b, id FROM introductions WHERE event_id = ?1
                AND member_b IS NOT NULL",
        )?;
        statement
            .query_map([event], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut shown = Vec::new();
    for pair in mutual_matches(&choices_in(conn, event)?, &men) {
        let (Some(man), Some(woman)) = (attendees.get(&pair.man), attendees.get(&pair.woman))
        else {
            continue;
        };
        shown.push(MatchShown {
            pair,
            man: man.clone(),
            woman: woman.clone(),
            introduction: introductions.get(&(pair.man, pair.woman)).copied(),
        });
    }
    shown.sort_by_key(|m| (m.man.badge, m.woman.badge));
    Ok(shown)
}

// 全区联谊 (an event shared by the district's stations): what the event's own rules need of it.
// This station's side of the sharing (its copy, roster, the other stations' guests and pairs)
// is `event_district`'s.

/// The badge numbers of each station at a 全区联谊, per gender: the host 1–200, the second
/// station 201–400 …
pub const BADGE_BLOCK: u32 = 200;
/// The most places of one gender a station has at a 全区联谊 (its block also holds the numbers
/// given again after cancellations).
pub const MAX_SHARED_PLACES: u32 = 150;

/// The district's event this station's copy belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedLink {
    /// The event's id on the district server.
    pub id: i64,
    /// The hosting station's code.
    pub host: String,
    /// This station's first badge number (1, 201, 401 …).
    pub first_badge: u32,
}

impl SharedLink {
    pub fn last_badge(&self) -> u32 {
        self.first_badge + BADGE_BLOCK - 1
    }

    /// "湖滨站主办", or "本站主办" (the host's block is always the first).
    pub fn host_text(&self) -> String {
        if self.first_badge == 1 {
            "本站主办".to_string()
        } else {
            format!("{}站主办", self.host)
        }
    }

    /// "全区联谊 · 湖滨站主办 · 本站胸牌号 201–400".
    pub fn text(&self) -> String {
        format!(
            "全区联谊 · {} · 本站胸牌号 {}–{}",
            self.host_text(),
            self.first_badge,
            self.last_badge()
        )
    }
}

/// A 心动卡 as read ([`super::events::read_card`]): the marks for this station's guests (by
/// member) and, at a 全区联谊, for other stations' guests (by badge).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Card {
    pub local: Vec<(i64, Choice)>,
    pub remote: Vec<(u32, Choice)>,
}

impl Card {
    /// How many were marked `choice`, of this station's guests and the others'.
    pub fn count(&self, choice: Choice) -> usize {
        self.local.iter().filter(|c| c.1 == choice).count()
            + self.remote.iter().filter(|c| c.1 == choice).count()
    }
}

/// Another station's guest at a 全区联谊, as the district shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteGuest {
    pub station: String,
    pub gender: Gender,
    pub badge: u32,
    pub age: u16,
    pub arrived: bool,
}

impl RemoteGuest {
    /// "女 215(南星站)".
    pub fn badge_text(&self) -> String {
        station_badge_text(self.gender, self.badge, &self.station)
    }
}

/// Another station's guest as named at a 全区联谊: "女 215(南星站)".
pub fn station_badge_text(gender: Gender, badge: u32, station: &str) -> String {
    format!("{}({station}站)", badge_text(gender, Some(badge)))
}

/// A 全区联谊's name, day, time and place: an invited station's copy has the host's (they
/// follow at its sync); the host changes them only before the event's day (and the district
/// refuses it once a station confirmed). Refused here when `data` changes them otherwise.
pub fn check_copy_change(before: &Event, data: &EventData, today: NaiveDate) -> Result<()> {
    let Some(link) = &before.shared else {
        return Ok(());
    };
    let same = data.title.trim() == before.data.title
        && data.on_date == Some(before.on_date)
        && data.start_time.trim() == before.data.start_time
        && data.place.trim() == before.data.place;
    if same {
        return Ok(());
    }
    if link.first_badge != 1 {
        return refuse(format!(
            "这是{}的全区联谊:名称、日期、时间和地点由主办站定,这里会随同步更新",
            link.host_text()
        ));
    }
    if before.on_date <= today || before.matched {
        return refuse(
            "全区联谊从活动当天起不能再改名称、日期、时间和地点(其他站点已经按它报名、签到)",
        );
    }
    Ok(())
}

/// A 全区联谊's places: at most [`MAX_SHARED_PLACES`] of each gender per station.
pub fn check_shared_places(data: &EventData) -> Result<()> {
    if data.places_men > MAX_SHARED_PLACES || data.places_women > MAX_SHARED_PLACES {
        return refuse(format!(
            "全区联谊活动每个站点男女各最多 {MAX_SHARED_PLACES} 个名额"
        ));
    }
    Ok(())
}

/// Whether `member` is shared with the district as a 全区联谊's guest must be (the roster goes to
/// the district): 全区共享 agreed and the 知情同意书 not 待补签 — with sign-up's own checks (在册,
/// their own consent), `district::is_shared`'s rule.
pub(crate) fn shares_with_district(tx: &Transaction<'_>, member: i64) -> Result<bool> {
    Ok(tx
        .query_row(
            "SELECT district_consent_on IS NOT NULL AND consent_pending = 0 FROM members
             WHERE id = ?1",
            [member],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

/// Writes `who`'s marks for other stations' guests (by badge), replacing those entered
/// before; each must be a guest of the other gender who came, as the district last showed.
pub(crate) fn write_remote_marks(
    tx: &Transaction<'_>,
    event: &Event,
    who: &Attendee,
    marks: &[(u32, Choice)],
) -> Result<()> {
    if event.shared.is_none() && !marks.is_empty() {
        return refuse("这不是全区联谊活动,心动卡上只能选本站的嘉宾");
    }
    tx.execute(
        "DELETE FROM event_remote_choices WHERE event_id = ?1 AND chooser_id = ?2",
        params![event.id, who.member_id],
    )?;
    for (badge, choice) in marks.iter().filter(|m| m.1.is_yes()) {
        let arrived: Option<bool> = tx
            .query_row(
                "SELECT arrived FROM event_remote_guests
                 WHERE event_id = ?1 AND gender = ?2 AND badge = ?3",
                params![event.id, who.gender.other(), badge],
                |r| r.get(0),
            )
            .optional()?;
        match arrived {
            None => {
                return refuse(format!(
                    "{}不是其他站点到场的嘉宾",
                    badge_text(who.gender.other(), Some(*badge))
                ));
            }
            Some(false) => {
                return refuse(format!(
                    "{}没有签到到场",
                    badge_text(who.gender.other(), Some(*badge))
                ));
            }
            Some(true) => {}
        }
        tx.prepare_cached(
            "INSERT INTO event_remote_choices (event_id, chooser_id, badge, choice)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![event.id, who.member_id, badge, choice])?;
    }
    Ok(())
}
