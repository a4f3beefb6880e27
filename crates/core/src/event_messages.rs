//! 通知短信: the texts an event's guests are sent — the sign-up confirmation with time, place
//! and badge, the move-up from the waiting list, the waiting list's place, the reminder before
//! the day, and the result (a match, and the station will call; or none this time, never who).
//! The program writes each guest's text and exports the list (name, phone, text) for an SMS
//! platform, or it is read aloud on the phone; nothing is sent from here. The export shows full
//! phone numbers and is recorded as such.

use super::db::Db;
use super::error::{Error, Result};
use super::events::{Arrival, Attendee, Event, Place, weekday};
use super::model::{labelled_enum, mask_phone};
use super::signin::Actor;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

labelled_enum!(
    /// Which text.
    TextKind {
        SignedUp = "signed_up" / "报名确认",
        MovedUp = "moved_up" / "补上名额",
        Waiting = "waiting" / "等待名单",
        Reminder = "reminder" / "活动提醒",
        Result = "result" / "互选结果",
    }
);

/// One guest's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuestText {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    /// In full: the list is for sending.
    pub phone: String,
    pub badge: String,
    pub text: String,
}

impl GuestText {
    pub fn masked_phone(&self) -> String {
        mask_phone(&self.phone)
    }
}

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

/// "8月22日(六)14:00": the day and time, short.
fn when(event: &Event) -> String {
    use chrono::Datelike;
    let d = event.on_date;
    format!(
        "{}月{}日({}){}",
        d.month(),
        d.day(),
        weekday(d),
        event.data.start_time.trim()
    )
}

/// The place, or nothing.
fn at(event: &Event) -> String {
    let place = event.data.place.trim();
    if place.is_empty() {
        String::new()
    } else {
        format!("在{place}")
    }
}

/// The text of `kind` for one guest (`matches`: their mutual choices, for the result).
pub fn text_for(
    kind: TextKind,
    event: &Event,
    station: &str,
    guest: &Attendee,
    matches: usize,
) -> String {
    let hello = format!("{}您好!", guest.surname_title);
    let badge = guest.badge_text().replace(' ', "");
    let title = &event.data.title;
    let sign = format!("【{station}】");
    match kind {
        TextKind::SignedUp => format!(
            "{hello}您已报名“{title}”:{}{},您的号码是{badge}。不能来请提前告诉我们。{sign}",
            when(event),
            at(event)
        ),
        TextKind::MovedUp => format!(
            "{hello}“{title}”有人取消,您已从等待名单补上:{}{},号码{badge}。不能来请告诉我们。{sign}",
            when(event),
            at(event)
        ),
        TextKind::Waiting => format!(
            "{hello}“{title}”({})名额已满,您在等待名单第{}位,有人取消会马上通知您。{sign}",
            when(event),
            guest.waiting_position.unwrap_or(0)
        ),
        TextKind::Reminder => format!(
            "{hello}提醒您:“{title}”{}{}举行,您的号码是{badge},请准时到场。不能来请告诉我们。{sign}",
            when(event),
            at(event)
        ),
        TextKind::Result if matches > 0 => format!(
            "{hello}“{title}”中有{matches}位嘉宾和您互相选中,红娘会在三天内给您打电话。{sign}"
        ),
        TextKind::Result => {
            format!("{hello}谢谢您参加“{title}”。这次没有互相选中的嘉宾,红娘会继续为您留意。{sign}")
        }
    }
}

impl Db {
    /// The texts of `kind` for the guests they are for: 报名确认 to those with a place who got
    /// it on signing up, 补上名额 to those who moved up, 等待名单 to those waiting, 活动提醒 to
    /// those with a place (until the day), 互选结果 to those who came (after the confirmation).
    pub fn event_texts(
        &self,
        event: i64,
        kind: TextKind,
        today: NaiveDate,
    ) -> Result<Vec<GuestText>> {
        let found = self.event(event)?;
        match kind {
            TextKind::Reminder if found.on_date < today => {
                return refuse(format!("活动已在 {} 举行过了,不用再提醒", found.on_date));
            }
            TextKind::Result if !found.matched => {
                return refuse("互选结果确认之后才能发结果通知");
            }
            TextKind::SignedUp | TextKind::MovedUp | TextKind::Waiting if found.matched => {
                return refuse("这场活动已经结束,不用再发报名的通知");
            }
            _ => {}
        }
        let station = self.station_name()?.unwrap_or_else(|| "红娘工作站".into());
        let moved_up: std::collections::HashSet<i64> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT member_id FROM event_attendees WHERE event_id = ?1
                    AND moved_up_at IS NOT NULL",
            )?;
            statement
                .query_map([event], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut matches: HashMap<i64, usize> = HashMap::new();
        if kind == TextKind::Result {
            // Only the matches made introductions: a pair skipped at the confirmation (不再介绍,
            // a consent withheld) gets no call, so no promise of one.
            for m in self.event_matches(event)? {
                if m.introduction.is_some() {
                    *matches.entry(m.pair.man).or_default() += 1;
                    *matches.entry(m.pair.woman).or_default() += 1;
                }
            }
        }
        let wanted = |a: &Attendee| match kind {
            TextKind::SignedUp => a.place == Place::Confirmed && !moved_up.contains(&a.member_id),
            TextKind::MovedUp => a.place == Place::Confirmed && moved_up.contains(&a.member_id),
            TextKind::Waiting => a.place == Place::Waiting,
            TextKind::Reminder => a.takes_part(),
            TextKind::Result => a.place == Place::Confirmed && a.arrival == Some(Arrival::Arrived),
        };
        Ok(self
            .attendees(event)?
            .iter()
            .filter(|a| wanted(a))
            .map(|a| GuestText {
                member_id: a.member_id,
                number: a.number.clone(),
                name: a.name.clone(),
                phone: a.phone.clone(),
                badge: a.badge_text(),
                text: text_for(
                    kind,
                    &found,
                    &station,
                    a,
                    matches.get(&a.member_id).copied().unwrap_or(0),
                ),
            })
            .collect())
    }

    /// The texts as a CSV for an SMS platform (姓名, 手机, 短信内容; UTF-8 with BOM), recorded as
    /// showing their full phones. How many.
    pub fn export_event_texts(
        &self,
        actor: &Actor,
        event: i64,
        kind: TextKind,
        path: &Path,
        today: NaiveDate,
    ) -> Result<usize> {
        let texts = self.event_texts(event, kind, today)?;
        if texts.is_empty() {
            return refuse(format!("没有要发“{}”的嘉宾", kind.label()));
        }
        let title = self.event(event)?.data.title;
        let mut records = vec![vec![
            "姓名".to_string(),
            "手机".to_string(),
            "号码牌".to_string(),
            "短信内容".to_string(),
        ]];
        records.extend(texts.iter().map(|t| {
            vec![
                t.name.clone(),
                t.phone.clone(),
                t.badge.clone(),
                t.text.clone(),
            ]
        }));
        super::csv_file::write(path, &records)?;
        self.reveal_contacts_of_many(
            actor,
            texts.len(),
            &format!("联谊活动“{title}”的{}短信名单(导出)", kind.label()),
        )?;
        Ok(texts.len())
    }
}
