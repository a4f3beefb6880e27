//! 活动 → one event: its head (what, when, where, the gender balance) and its parts in the order
//! of the work: 报名与签到, 邀请电话, 网上报名, 座位与轮转, 录入心动卡, 互选结果, 通知短信 and 合办与经费. Each
//! part owns what is typed in it; the event as read is lent to them, and read again when one
//! changes it.

use super::{
    Action as PageAction, calls, cards, district, money, online, results, seating, sign_ups,
    tab_button, texts,
};
use crate::data::event_district::RemoteMatch;
use crate::data::events::{
    Arrival, Attendee, Choice, Event, Invitation, MatchShown, Place, RemoteGuest,
};
use crate::data::model::Gender;
use crate::data::print::{EventSheet, Job};
use crate::data::search::SearchIndex;
use crate::data::seating::Seating;
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element};
use std::collections::HashMap;

/// The parts of an event's page, in the order of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    SignUps,
    Invitations,
    Online,
    Seating,
    Cards,
    Matches,
    Texts,
    Money,
}

impl Part {
    const ALL: [Part; 8] = [
        Part::SignUps,
        Part::Invitations,
        Part::Online,
        Part::Seating,
        Part::Cards,
        Part::Matches,
        Part::Texts,
        Part::Money,
    ];

    fn label(self) -> &'static str {
        match self {
            Part::SignUps => "报名与签到",
            Part::Invitations => "邀请电话",
            Part::Online => "网上报名",
            Part::Seating => "座位与轮转",
            Part::Cards => "录入心动卡",
            Part::Matches => "互选结果",
            Part::Texts => "通知短信",
            Part::Money => "合办与经费",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Back,
    Edit,
    Part(Part),
    SignUps(sign_ups::Message),
    Calls(calls::Message),
    Online(online::Message),
    Seating(seating::Message),
    Cards(cards::Message),
    Results(results::Message),
    Texts(texts::Message),
    Money(money::Message),
    District(district::Message),
}

/// What the opened event asks of the 活动 page.
pub enum Action {
    None,
    /// Back to the list of events.
    Back,
    /// The event's form, to change it.
    Edit,
    /// Say this over the page.
    Say(String),
    /// Say this (if anything) and put the keyboard in the box with this id.
    Focus(Option<String>, &'static str),
    /// For the root.
    Page(PageAction),
}

/// What a part of the event's page asks of it.
pub enum Effect {
    None,
    /// Say this over the page; nothing changed.
    Say(String),
    /// Something changed: the event is read again, after saying this (if anything).
    Changed(Option<String>),
    /// For the root.
    Page(PageAction),
}

/// The event as read, lent to its parts.
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    pub event: &'a Event,
    pub attendees: &'a [Attendee],
    pub invitations: &'a [Invitation],
    pub matches: &'a [MatchShown],
    /// Who chose whom on the 心动卡 (chooser, chosen).
    pub choices: &'a HashMap<(i64, i64), Choice>,
    /// The zones and rounds, once made.
    pub seating: Option<&'a Seating>,
    /// At a 全区联谊: the other stations' guests and the pairs with them (the last sync's).
    pub remote_guests: &'a [RemoteGuest],
    pub remote_matches: &'a [RemoteMatch],
    /// This station's guests' marks for them (chooser, badge, mark).
    pub remote_choices: &'a [(i64, u32, Choice)],
}

impl<'a> Shown<'a> {
    /// Those who have a place and came.
    pub fn present(self) -> impl Iterator<Item = &'a Attendee> {
        self.attendees
            .iter()
            .filter(|a| a.place == Place::Confirmed && a.arrival == Some(Arrival::Arrived))
    }

    pub fn attendee(self, member: i64) -> Option<&'a Attendee> {
        self.attendees.iter().find(|a| a.member_id == member)
    }

    /// This sheet of the event, to print.
    pub fn print(self, sheet: EventSheet) -> Effect {
        Effect::Page(PageAction::Print(Job::Event {
            event: self.event.id,
            sheet,
        }))
    }
}

/// One event opened, with everything its parts show.
pub struct Opened {
    pub event: Event,
    pub attendees: Vec<Attendee>,
    pub invitations: Vec<Invitation>,
    pub matches: Vec<MatchShown>,
    choices: HashMap<(i64, i64), Choice>,
    pub seating: Option<Seating>,
    pub remote_guests: Vec<RemoteGuest>,
    pub remote_matches: Vec<RemoteMatch>,
    remote_choices: Vec<(i64, u32, Choice)>,
    /// This station's code in 全区共享 (`None`: not in it).
    station: Option<String>,
    pub part: Part,
    sign_ups: sign_ups::SignUps,
    calls: calls::Calls,
    online: online::Online,
    seats: seating::Seats,
    cards: cards::Cards,
    results: results::Results,
    texts: texts::Texts,
    money: money::Money,
    district: district::Shared,
}

impl Opened {
    pub fn read(db: &Db, id: i64) -> Result<Self, String> {
        let fail = |e: crate::data::Error| e.to_string();
        Ok(Self {
            event: db.event(id).map_err(fail)?,
            attendees: db.attendees(id).map_err(fail)?,
            invitations: db.invitations(id).map_err(fail)?,
            matches: db.event_matches(id).map_err(fail)?,
            choices: db
                .event_choices(id)
                .map_err(fail)?
                .into_iter()
                .map(|(a, b, c)| ((a, b), c))
                .collect(),
            seating: db.seating(id).map_err(fail)?,
            remote_guests: db.remote_guests(id).map_err(fail)?,
            remote_matches: db.remote_matches(id).map_err(fail)?,
            remote_choices: db.event_remote_choices(id).map_err(fail)?,
            station: db.district_settings().map_err(fail)?.map(|s| s.station),
            part: Part::SignUps,
            sign_ups: sign_ups::SignUps::default(),
            calls: calls::Calls::default(),
            online: online::Online::default(),
            seats: seating::Seats::default(),
            cards: cards::Cards::default(),
            results: results::Results::default(),
            texts: texts::Texts::default(),
            money: money::Money::default(),
            district: district::Shared::new(db),
        })
    }

    /// Read again after a change, staying on the same part.
    fn reread(&mut self, db: &Db) -> Result<(), String> {
        let fresh = Self::read(db, self.event.id)?;
        self.event = fresh.event;
        self.attendees = fresh.attendees;
        self.invitations = fresh.invitations;
        self.matches = fresh.matches;
        self.choices = fresh.choices;
        self.seating = fresh.seating;
        self.remote_guests = fresh.remote_guests;
        self.remote_matches = fresh.remote_matches;
        self.remote_choices = fresh.remote_choices;
        self.station = fresh.station;
        Ok(())
    }

    /// Which boxes of the 心动卡 being typed are framed red, after a refusal.
    pub fn card_faults(&self) -> Option<(bool, bool)> {
        self.cards.wrong_boxes()
    }

    fn shown(&self) -> Shown<'_> {
        Shown {
            event: &self.event,
            attendees: &self.attendees,
            invitations: &self.invitations,
            matches: &self.matches,
            choices: &self.choices,
            seating: self.seating.as_ref(),
            remote_guests: &self.remote_guests,
            remote_matches: &self.remote_matches,
            remote_choices: &self.remote_choices,
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &mut Db,
        actor: &Actor,
        index: Option<&SearchIndex>,
        today: NaiveDate,
    ) -> Action {
        // Built from the fields, not by `self.shown()`, so a part can be borrowed mutably
        // beside it.
        let shown = Shown {
            event: &self.event,
            attendees: &self.attendees,
            invitations: &self.invitations,
            matches: &self.matches,
            choices: &self.choices,
            seating: self.seating.as_ref(),
            remote_guests: &self.remote_guests,
            remote_matches: &self.remote_matches,
            remote_choices: &self.remote_choices,
        };
        let effect = match message {
            Message::Back => return Action::Back,
            Message::Edit => return Action::Edit,
            Message::Part(part) => {
                self.part = part;
                self.results.stop_asking();
                match part {
                    Part::Texts => self.texts.read(shown, db, today),
                    Part::Money => self.money.refresh(shown.event.id, db),
                    _ => {}
                }
                return Action::None;
            }
            Message::SignUps(message) => self
                .sign_ups
                .update(message, shown, db, actor, index, today),
            Message::Calls(message) => self.calls.update(message, shown, db, actor, index, today),
            Message::Online(message) => self.online.update(message, shown, db, actor, today),
            Message::Seating(message) => self.seats.update(message, shown, db, actor, today),
            Message::Cards(message) => {
                // After a guest is chosen or a card saved, the keyboard is in the card's first
                // box: the next paper card is typed straight away.
                let then_type = matches!(message, cards::Message::Choose(_) | cards::Message::Save);
                let effect = self.cards.update(message, shown, db, actor);
                if then_type && self.cards.is_open() {
                    return match self.act(effect, db) {
                        Action::Say(words) => Action::Focus(Some(words), cards::CARD_ID),
                        Action::None => Action::Focus(None, cards::CARD_ID),
                        other => other,
                    };
                }
                effect
            }
            Message::Results(message) => self.results.update(message, shown, db, actor, today),
            Message::Texts(message) => self.texts.update(message, shown, db, actor, today),
            Message::Money(message) => self.money.update(message, shown, db, actor),
            Message::District(message) => self.district.update(message, shown, db, actor),
        };
        self.act(effect, db)
    }

    /// What a part's `effect` comes to for the page.
    fn act(&mut self, effect: Effect, db: &Db) -> Action {
        match effect {
            Effect::None => Action::None,
            Effect::Say(words) => Action::Say(words),
            Effect::Changed(words) => match self.reread(db) {
                Err(error) => Action::Say(error),
                Ok(()) => words.map_or(Action::None, Action::Say),
            },
            Effect::Page(action) => Action::Page(action),
        }
    }

    pub fn view(&self, today: NaiveDate) -> Element<'_, Message> {
        let parts = row(Part::ALL
            .iter()
            .map(|p| tab_button(p.label(), self.part == *p, Message::Part(*p))))
        .spacing(8)
        .wrap()
        .vertical_spacing(8);
        let shown = self.shown();
        let body = match self.part {
            Part::SignUps => self.sign_ups.view(shown, today).map(Message::SignUps),
            Part::Invitations => self.calls.view(shown).map(Message::Calls),
            Part::Online => self.online.view(shown).map(Message::Online),
            Part::Seating => self.seats.view(shown).map(Message::Seating),
            Part::Cards => self.cards.view(shown, today).map(Message::Cards),
            Part::Matches => self.results.view(shown).map(Message::Results),
            Part::Texts => self.texts.view(shown).map(Message::Texts),
            Part::Money => self.money.view(shown).map(Message::Money),
        };
        let mut sections = vec![head(&self.event)];
        if let Some(shared) = self.district.view(shown, self.station.as_deref(), today) {
            sections.push(shared.map(Message::District));
        }
        sections.extend([parts.into(), body]);
        widget::sections(sections).into()
    }
}

/// What, when and where, the facts and the balance.
fn head(e: &Event) -> Element<'_, Message> {
    let mut head = column![
        row![
            widget::secondary("‹ 返回活动列表", Some(Message::Back)),
            widget::secondary("修改活动", Some(Message::Edit)),
        ]
        .spacing(8)
        .wrap()
        .vertical_spacing(8),
        text(&e.data.title).size(style::TITLE).color(style::INK),
        text(e.when_where()).size(style::TEXT),
    ]
    .spacing(8);
    let mut facts = vec![format!(
        "男嘉宾 {} · 女嘉宾 {}",
        e.data.ages_text(Gender::Male),
        e.data.ages_text(Gender::Female)
    )];
    if !e.data.theme.is_empty() {
        facts.insert(0, format!("{}专场", e.data.theme));
    }
    if let Some(name) = &e.organiser_name {
        facts.push(format!("负责红娘 {name}"));
    }
    head = head.push(widget::muted(facts.join(" · ")));
    if !e.data.notes.is_empty() {
        head = head.push(widget::muted(format!("备注:{}", e.data.notes)));
    }
    head.push(balance(e)).into()
}

/// The gender balance: places taken of each, the waiting lists, who came.
fn balance<'a>(e: &Event) -> Element<'a, Message> {
    let tile = |gender: Gender| -> Element<'a, Message> {
        let c = e.counts(gender);
        let places = e.data.places(gender);
        let mut lines = vec![format!(
            "{}嘉宾 {}/{} 位",
            gender.label(),
            c.confirmed,
            places
        )];
        if c.waiting > 0 {
            lines.push(format!("等待名单 {} 位", c.waiting));
        }
        if c.arrived + c.no_show > 0 {
            lines.push(format!("到场 {} · 未到 {}", c.arrived, c.no_show));
        }
        container(text(lines.join("\n")).size(style::TEXT))
            .padding([8, 14])
            .style(if c.confirmed >= places && places > 0 {
                style::containers::success_banner
            } else {
                style::containers::section
            })
            .into()
    };
    let (men, women) = (e.counts(Gender::Male), e.counts(Gender::Female));
    let gap = i64::from(men.confirmed) - i64::from(women.confirmed);
    let words = match gap {
        0 => "男女人数一样".to_string(),
        g if g > 0 => format!("男嘉宾多 {g} 位"),
        g => format!("女嘉宾多 {} 位", -g),
    };
    row![
        tile(Gender::Male),
        tile(Gender::Female),
        text(words).size(style::TEXT)
    ]
    .spacing(style::SPACING)
    .align_y(Alignment::Center)
    .wrap()
    .vertical_spacing(8)
    .into()
}
