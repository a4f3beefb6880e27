//! 活动: the station's 联谊活动 and 开放日. An event is created with its places and age ranges,
//! members are invited from the pool and called (报名 / 不来 / 未接), signed up (a place or the
//! waiting list, which moves up by itself), checked in on the day; each 心动卡 is typed in from
//! the paper card as the badge numbers marked; the mutual choices are shown to the organiser and
//! confirmed into introductions; badges, lists and result slips are printed. The 开放日 tab counts
//! the day's visitors and lists the open days with their figures. Every rule is the core's.

use crate::data::events::{
    Answer, Arrival, Attendee, Choice, Event, EventData, Invitation, MatchShown, Place, SignedUp,
};
use crate::data::model::{Gender, MemberSummary, Volunteer, mask_phone};
use crate::data::open_days::{OpenDay, Visitor, YearTotals};
use crate::data::print::{EventSheet, Job};
use crate::data::search::{Query, SearchIndex};
use crate::data::{Actor, Db, parse};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{button, column, container, pick_list, row, text, text_input};
use iced::{Alignment, Element, Length};
use std::collections::HashMap;
use std::fmt;

/// The box that finds a member to sign up.
pub const FIND_ID: &str = "event_find";
/// The first box of a 心动卡.
pub const CARD_ID: &str = "event_card_more";
/// The most members listed when finding one to sign up.
const FOUND_SHOWN: usize = 8;
/// The matrix is drawn up to this many attendees of each gender (more would not fit a screen).
const MATRIX_MAX: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Events,
    OpenDays,
}

/// The parts of an event's page, in the order of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    SignUps,
    Invitations,
    Cards,
    Matches,
}

impl Part {
    const ALL: [Part; 4] = [Part::SignUps, Part::Invitations, Part::Cards, Part::Matches];

    fn label(self) -> &'static str {
        match self {
            Part::SignUps => "报名与签到",
            Part::Invitations => "邀请电话",
            Part::Cards => "录入心动卡",
            Part::Matches => "互选结果",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Date,
    Time,
    Place,
    Theme,
    Men,
    Women,
    MenFrom,
    MenTo,
    WomenFrom,
    WomenTo,
    Notes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganiserChoice {
    id: Option<i64>,
    name: String,
}

impl fmt::Display for OrganiserChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    DismissNotice,
    Tab(Tab),
    New,
    Open(i64),
    Back,
    Edit,
    Field(Field, String),
    Organiser(OrganiserChoice),
    Save,
    CancelForm,
    Part(Part),
    FindChanged(String),
    SignUp(i64),
    CancelSignUp(i64),
    CheckIn(i64, Option<Arrival>),
    WalkIn,
    InviteTextChanged(String),
    Invite,
    Answer(i64, Answer),
    CardFor(i64),
    CardMore(String),
    CardFriends(String),
    SaveCard,
    ClearCard,
    Confirm,
    ConfirmCancelled,
    ConfirmYes,
    Print(EventSheet),
    OpenIntroduction(i64),
    Count(Visitor, i32),
    NoteChanged(String),
    SaveNote,
}

pub enum Action {
    None,
    Print(Job),
    OpenIntroduction(i64),
    /// 现场登记: register a new member, then sign them up for this event.
    WalkIn(i64),
}

/// The boxes of an event's form, as typed.
#[derive(Debug, Clone, Default)]
pub struct Form {
    editing: Option<i64>,
    title: String,
    date: String,
    time: String,
    place: String,
    theme: String,
    organiser: Option<i64>,
    men: String,
    women: String,
    men_from: String,
    men_to: String,
    women_from: String,
    women_to: String,
    notes: String,
    error: Option<String>,
}

impl Form {
    fn from_event(id: Option<i64>, d: &EventData) -> Self {
        let n = |v: Option<u16>| v.map(|v| v.to_string()).unwrap_or_default();
        Self {
            editing: id,
            title: d.title.clone(),
            date: d.on_date.map(|d| d.to_string()).unwrap_or_default(),
            time: d.start_time.clone(),
            place: d.place.clone(),
            theme: d.theme.clone(),
            organiser: d.organiser_id,
            men: d.places_men.to_string(),
            women: d.places_women.to_string(),
            men_from: n(d.ages_men.0),
            men_to: n(d.ages_men.1),
            women_from: n(d.ages_women.0),
            women_to: n(d.ages_women.1),
            notes: d.notes.clone(),
            error: None,
        }
    }

    fn field(&mut self, field: Field) -> &mut String {
        match field {
            Field::Title => &mut self.title,
            Field::Date => &mut self.date,
            Field::Time => &mut self.time,
            Field::Place => &mut self.place,
            Field::Theme => &mut self.theme,
            Field::Men => &mut self.men,
            Field::Women => &mut self.women,
            Field::MenFrom => &mut self.men_from,
            Field::MenTo => &mut self.men_to,
            Field::WomenFrom => &mut self.women_from,
            Field::WomenTo => &mut self.women_to,
            Field::Notes => &mut self.notes,
        }
    }

    /// The event as typed, or what is wrong with it (the core checks the rest).
    fn data(&self) -> Result<EventData, String> {
        let on_date = if self.date.trim().is_empty() {
            None
        } else {
            Some(
                parse::date(&self.date)
                    .ok_or_else(|| format!("日期“{}”看不懂,请写成 2026-08-22", self.date.trim()))?,
            )
        };
        let places = |text: &str, who: &str| -> Result<u32, String> {
            match parse::whole_number(text) {
                Ok(v) => Ok(u32::from(v.unwrap_or(0))),
                Err(_) => Err(format!("{who}名额请填数字(填的是“{}”)", text.trim())),
            }
        };
        let age = |text: &str| -> Result<Option<u16>, String> {
            parse::whole_number(text).map_err(|_| format!("年龄请填数字(填的是“{}”)", text.trim()))
        };
        Ok(EventData {
            title: self.title.clone(),
            on_date,
            start_time: self.time.clone(),
            place: self.place.clone(),
            theme: self.theme.clone(),
            organiser_id: self.organiser,
            places_men: places(&self.men, "男嘉宾")?,
            places_women: places(&self.women, "女嘉宾")?,
            ages_men: (age(&self.men_from)?, age(&self.men_to)?),
            ages_women: (age(&self.women_from)?, age(&self.women_to)?),
            notes: self.notes.clone(),
        })
    }
}

/// One event opened, with everything its parts show.
pub struct Opened {
    pub event: Event,
    pub attendees: Vec<Attendee>,
    pub invitations: Vec<Invitation>,
    pub matches: Vec<MatchShown>,
    choices: HashMap<(i64, i64), Choice>,
    pub part: Part,
    find: String,
    found: Vec<MemberSummary>,
    invite_text: String,
    card_for: Option<i64>,
    card_more: String,
    card_friends: String,
    card_error: Option<String>,
    asking_confirm: bool,
}

impl Opened {
    fn read(db: &Db, id: i64) -> Result<Self, String> {
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
            part: Part::SignUps,
            find: String::new(),
            found: Vec::new(),
            invite_text: String::new(),
            card_for: None,
            card_more: String::new(),
            card_friends: String::new(),
            card_error: None,
            asking_confirm: false,
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
        Ok(())
    }

    fn present(&self) -> impl Iterator<Item = &Attendee> {
        self.attendees
            .iter()
            .filter(|a| a.place == Place::Confirmed && a.arrival == Some(Arrival::Arrived))
    }

    fn attendee(&self, member: i64) -> Option<&Attendee> {
        self.attendees.iter().find(|a| a.member_id == member)
    }

    /// The card of `member` as badge numbers, to edit.
    fn card_text(&self, member: i64, choice: Choice) -> String {
        let mut badges: Vec<u32> = self
            .choices
            .iter()
            .filter(|((from, _), c)| *from == member && **c == choice)
            .filter_map(|((_, to), _)| self.attendee(*to).and_then(|a| a.badge))
            .collect();
        badges.sort_unstable();
        badges
            .iter()
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub struct Events {
    pub tab: Tab,
    pub events: Result<Vec<Event>, String>,
    pub form: Option<Form>,
    pub opened: Option<Opened>,
    pub open_days: Result<Vec<OpenDay>, String>,
    pub years: Vec<YearTotals>,
    pub today_note: String,
    notice: Option<String>,
}

impl Events {
    pub fn new(db: &Db, today: NaiveDate) -> Self {
        let mut page = Self {
            tab: Tab::Events,
            events: Ok(Vec::new()),
            form: None,
            opened: None,
            open_days: Ok(Vec::new()),
            years: Vec::new(),
            today_note: String::new(),
            notice: None,
        };
        page.reload(db, today);
        page
    }

    /// The page opened on one event (from 首页's reminders, or after a walk-in's registration).
    pub fn on_event(db: &Db, today: NaiveDate, id: i64, notice: Option<String>) -> Self {
        let mut page = Self::new(db, today);
        match Opened::read(db, id) {
            Ok(opened) => page.opened = Some(opened),
            Err(error) => page.notice = Some(error),
        }
        if notice.is_some() {
            page.notice = notice;
        }
        page
    }

    fn reload(&mut self, db: &Db, today: NaiveDate) {
        self.events = db.events().map_err(|e| e.to_string());
        self.open_days = db.open_days(None, None).map_err(|e| e.to_string());
        self.years = db.open_day_years(None, None).unwrap_or_default();
        if let Ok(Some(day)) = db.open_day(today) {
            self.today_note = day.notes;
        }
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &mut Db,
        actor: &Actor,
        index: Option<&SearchIndex>,
        today: NaiveDate,
    ) -> Action {
        let said = |result: crate::data::Result<String>| match result {
            Ok(words) => Some(words),
            Err(error) => Some(error.to_string()),
        };
        match message {
            Message::DismissNotice => self.notice = None,
            Message::Tab(tab) => {
                self.tab = tab;
                self.opened = None;
                self.form = None;
            }
            Message::New => {
                self.form = Some(Form {
                    organiser: actor.volunteer(),
                    ..Form::default()
                });
            }
            Message::Edit => {
                if let Some(opened) = &self.opened {
                    self.form = Some(Form::from_event(Some(opened.event.id), &opened.event.data));
                }
            }
            Message::Field(field, value) => {
                if let Some(form) = &mut self.form {
                    *form.field(field) = value;
                    form.error = None;
                }
            }
            Message::Organiser(choice) => {
                if let Some(form) = &mut self.form {
                    form.organiser = choice.id;
                }
            }
            Message::CancelForm => self.form = None,
            Message::Save => {
                let Some(form) = &mut self.form else {
                    return Action::None;
                };
                let data = match form.data() {
                    Ok(data) => data,
                    Err(error) => {
                        form.error = Some(error);
                        return Action::None;
                    }
                };
                let saved = match form.editing {
                    None => db.create_event(actor, &data).map(|e| (e.id, Vec::new())),
                    Some(id) => db.update_event(actor, id, &data).map(|moved| (id, moved)),
                };
                match saved {
                    Err(error) => form.error = Some(error.to_string()),
                    Ok((id, moved)) => {
                        self.form = None;
                        self.reload(db, today);
                        self.open(db, id);
                        let names: Vec<String> = moved.into_iter().map(|(_, n)| n).collect();
                        self.notice = Some(if names.is_empty() {
                            "活动已保存".to_string()
                        } else {
                            format!("活动已保存;等待名单上的{}补上了名额", names.join("、"))
                        });
                    }
                }
            }
            Message::Open(id) => self.open(db, id),
            Message::Back => {
                self.opened = None;
                self.reload(db, today);
            }
            Message::Part(part) => {
                if let Some(opened) = &mut self.opened {
                    opened.part = part;
                    opened.asking_confirm = false;
                }
            }
            Message::FindChanged(text) => {
                let Some(opened) = &mut self.opened else {
                    return Action::None;
                };
                opened.find = text;
                opened.found = match index {
                    Some(index) if opened.find.trim().chars().count() >= 1 => {
                        let query = Query {
                            text: opened.find.clone(),
                            ..Query::default()
                        };
                        index
                            .search(&query, today)
                            .positions
                            .iter()
                            .take(FOUND_SHOWN)
                            .map(|&p| index.summary(p))
                            .collect()
                    }
                    _ => Vec::new(),
                };
            }
            Message::SignUp(member) => {
                let Some(opened) = &mut self.opened else {
                    return Action::None;
                };
                let id = opened.event.id;
                self.notice = said(db.sign_up(actor, id, member, false, today).map(|s| {
                    let name = opened
                        .found
                        .iter()
                        .find(|m| m.id == member)
                        .map(|m| m.name.clone())
                        .unwrap_or_default();
                    signed_words(&name, s)
                }));
                opened.find.clear();
                opened.found.clear();
                self.refresh(db);
            }
            Message::CancelSignUp(member) => {
                let Some(opened) = &self.opened else {
                    return Action::None;
                };
                let id = opened.event.id;
                let name = opened
                    .attendee(member)
                    .map(|a| a.name.clone())
                    .unwrap_or_default();
                self.notice = said(db.cancel_sign_up(actor, id, member).map(
                    |c| match c.moved_up {
                        Some((_, up)) => format!("已取消{name}的报名,等待名单上的{up}补上了名额"),
                        None => format!("已取消{name}的报名"),
                    },
                ));
                self.refresh(db);
            }
            Message::CheckIn(member, arrival) => {
                let Some(opened) = &self.opened else {
                    return Action::None;
                };
                if let Err(error) = db.check_in(actor, opened.event.id, member, arrival, today) {
                    self.notice = Some(error.to_string());
                }
                self.refresh(db);
            }
            Message::WalkIn => {
                if let Some(opened) = &self.opened {
                    return Action::WalkIn(opened.event.id);
                }
            }
            Message::InviteTextChanged(text) => {
                if let Some(opened) = &mut self.opened {
                    opened.invite_text = text;
                }
            }
            Message::Invite => {
                let Some(opened) = &self.opened else {
                    return Action::None;
                };
                let Some(index) = index else {
                    self.notice = Some("会员名单还在整理,请稍等几秒再点".into());
                    return Action::None;
                };
                let query = Query {
                    text: opened.invite_text.clone(),
                    ..Query::default()
                };
                let id = opened.event.id;
                self.notice = said(
                    db.invitation_candidates(id, index, &query, today)
                        .and_then(|found| {
                            let total = found.len();
                            db.invite(actor, id, &found).map(|added| (total, added))
                        })
                        .map(|(total, added)| {
                            if total == 0 {
                                "会员库里没有更多符合这场活动条件(性别、年龄、在册、已同意)的会员了"
                                    .to_string()
                            } else {
                                format!("找到符合条件的会员 {total} 位,已加入邀请名单 {added} 位")
                            }
                        }),
                );
                self.refresh(db);
            }
            Message::Answer(member, answer) => {
                let Some(opened) = &self.opened else {
                    return Action::None;
                };
                let id = opened.event.id;
                let name = opened
                    .invitations
                    .iter()
                    .find(|i| i.member_id == member)
                    .map(|i| i.name.clone())
                    .unwrap_or_default();
                match db.record_invitation_call(actor, id, member, answer, today) {
                    Ok(Some(signed)) => self.notice = Some(signed_words(&name, signed)),
                    Ok(None) => {}
                    Err(error) => self.notice = Some(error.to_string()),
                }
                self.refresh(db);
            }
            Message::CardFor(member) => {
                if let Some(opened) = &mut self.opened {
                    opened.card_for = Some(member);
                    opened.card_more = opened.card_text(member, Choice::More);
                    opened.card_friends = opened.card_text(member, Choice::Friends);
                    opened.card_error = None;
                }
            }
            Message::CardMore(text) => {
                if let Some(opened) = &mut self.opened {
                    opened.card_more = text;
                    opened.card_error = None;
                }
            }
            Message::CardFriends(text) => {
                if let Some(opened) = &mut self.opened {
                    opened.card_friends = text;
                    opened.card_error = None;
                }
            }
            Message::SaveCard => {
                let Some(opened) = &mut self.opened else {
                    return Action::None;
                };
                let Some(chooser) = opened.card_for.and_then(|m| opened.attendee(m)).cloned()
                else {
                    return Action::None;
                };
                let card = crate::data::events::read_card(
                    &opened.attendees,
                    &chooser,
                    &opened.card_more,
                    &opened.card_friends,
                )
                .and_then(|card| {
                    db.enter_card(actor, opened.event.id, chooser.member_id, &card)
                        .map(|()| card)
                });
                match card {
                    Err(error) => opened.card_error = Some(error.to_string()),
                    Ok(card) => {
                        self.notice = Some(format!(
                            "已录入{}的心动卡:想进一步了解 {} 位,可以做朋友 {} 位",
                            chooser.badge_text(),
                            card.iter().filter(|c| c.1 == Choice::More).count(),
                            card.iter().filter(|c| c.1 == Choice::Friends).count()
                        ));
                        // On to the next card not entered, in badge order.
                        let next = opened
                            .present()
                            .filter(|a| !a.card_entered && a.member_id != chooser.member_id)
                            .map(|a| a.member_id)
                            .next();
                        opened.card_for = None;
                        opened.card_more.clear();
                        opened.card_friends.clear();
                        self.refresh(db);
                        if let (Some(next), Some(opened)) = (next, &mut self.opened) {
                            opened.card_for = Some(next);
                        }
                    }
                }
            }
            Message::ClearCard => {
                let Some(opened) = &mut self.opened else {
                    return Action::None;
                };
                if let Some(member) = opened.card_for
                    && let Err(error) = db.clear_card(actor, opened.event.id, member)
                {
                    opened.card_error = Some(error.to_string());
                    return Action::None;
                }
                opened.card_more.clear();
                opened.card_friends.clear();
                self.refresh(db);
            }
            Message::Confirm => {
                if let Some(opened) = &mut self.opened {
                    opened.asking_confirm = true;
                }
            }
            Message::ConfirmCancelled => {
                if let Some(opened) = &mut self.opened {
                    opened.asking_confirm = false;
                }
            }
            Message::ConfirmYes => {
                let Some(opened) = &mut self.opened else {
                    return Action::None;
                };
                opened.asking_confirm = false;
                self.notice = said(db.confirm_matches(actor, opened.event.id, today).map(|c| {
                    let mut words = format!(
                        "互选结果已确认:记入牵线记录 {} 条(都记为已见面,3天、3周、3个月后首页会提醒回访)",
                        c.introductions.len()
                    );
                    if !c.skipped.is_empty() {
                        words.push_str(&format!(";没有记入:{}", c.skipped.join(";")));
                    }
                    words
                }));
                self.refresh(db);
            }
            Message::Print(sheet) => {
                if let Some(opened) = &self.opened {
                    return Action::Print(Job::Event {
                        event: opened.event.id,
                        sheet,
                    });
                }
            }
            Message::OpenIntroduction(id) => return Action::OpenIntroduction(id),
            Message::Count(visitor, change) => {
                if let Err(error) = db.count_visitor(actor, today, visitor, change, today) {
                    self.notice = Some(error.to_string());
                }
                self.reload(db, today);
            }
            Message::NoteChanged(text) => self.today_note = text,
            Message::SaveNote => {
                self.notice = said(
                    db.set_open_day_notes(actor, today, &self.today_note, today)
                        .map(|_| "开放日备注已保存".to_string()),
                );
                self.reload(db, today);
            }
        }
        Action::None
    }

    fn open(&mut self, db: &Db, id: i64) {
        match Opened::read(db, id) {
            Ok(opened) => self.opened = Some(opened),
            Err(error) => self.notice = Some(error),
        }
    }

    fn refresh(&mut self, db: &Db) {
        if let Some(opened) = &mut self.opened
            && let Err(error) = opened.reread(db)
        {
            self.notice = Some(error);
        }
    }

    pub fn view<'a>(
        &'a self,
        volunteers: &'a [Volunteer],
        today: NaiveDate,
    ) -> Element<'a, Message> {
        let content: Element<'a, Message> = if let Some(form) = &self.form {
            form_view(form, volunteers)
        } else if let Some(opened) = &self.opened {
            opened_view(opened, today)
        } else {
            let tabs = row![
                tab_button(
                    "联谊活动",
                    self.tab == Tab::Events,
                    Message::Tab(Tab::Events)
                ),
                tab_button(
                    "开放日",
                    self.tab == Tab::OpenDays,
                    Message::Tab(Tab::OpenDays)
                ),
            ]
            .spacing(8);
            let body = match self.tab {
                Tab::Events => self.list_view(today),
                Tab::OpenDays => self.open_days_view(today),
            };
            column![tabs, body].spacing(style::GAP).into()
        };
        widget::with_toast(content, self.notice.as_deref(), Message::DismissNotice)
    }

    fn list_view<'a>(&'a self, today: NaiveDate) -> Element<'a, Message> {
        let mut sections: Vec<Element<'a, Message>> = vec![
            row![
                widget::heading("联谊活动"),
                iced::widget::space().width(Length::Fill),
                widget::primary("新建活动", Some(Message::New)),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center)
            .into(),
        ];
        match &self.events {
            Err(error) => sections.push(widget::banner(
                text(format!("活动读取失败:{error}")).size(style::TEXT),
                style::containers::error_banner,
            )),
            Ok(events) if events.is_empty() => sections.push(widget::section(
                "还没有活动",
                widget::muted(
                    "点“新建活动”,填上名称、日期、男女名额和年龄范围,就可以从会员库邀请、报名、签到、录入心动卡了。",
                ),
            )),
            Ok(events) => {
                let mut list = column![].spacing(8);
                for (i, e) in events.iter().enumerate() {
                    let arrived = e.men.arrived + e.women.arrived;
                    let state = if e.matched {
                        format!("已举行,到场 {arrived} 位,互选结果已确认")
                    } else if e.on_date > today {
                        format!("还有 {} 天", (e.on_date - today).num_days())
                    } else if e.on_date == today {
                        format!("今天,已签到 {arrived} 位")
                    } else {
                        format!("已举行,到场 {arrived} 位,互选结果还没确认")
                    };
                    list = list.push(
                        button(
                            row![
                                column![
                                    text(&e.data.title).size(style::TEXT),
                                    widget::muted(e.when_where()),
                                ]
                                .spacing(4)
                                .width(Length::FillPortion(3)),
                                column![
                                    text(e.balance_text()).size(style::TEXT),
                                    widget::muted(state),
                                ]
                                .spacing(4)
                                .width(Length::FillPortion(2)),
                            ]
                            .spacing(style::SPACING)
                            .align_y(Alignment::Center),
                        )
                        .width(Length::Fill)
                        .padding([10, 14])
                        .style(style::buttons::row(i % 2 == 1, false))
                        .on_press(Message::Open(e.id)),
                    );
                }
                sections.push(list.into());
            }
        }
        widget::sections(sections).into()
    }

    fn open_days_view<'a>(&'a self, today: NaiveDate) -> Element<'a, Message> {
        let today_figures = self
            .open_days
            .as_ref()
            .ok()
            .and_then(|days| days.iter().find(|d| d.on == today));
        let (singles, parents) = today_figures.map_or((0, 0), |d| (d.singles, d.parents));
        let counter = |label: &'a str, value: u32, visitor: Visitor| -> Element<'a, Message> {
            row![
                text(format!("{label} {value} 人"))
                    .size(style::TEXT)
                    .width(Length::Fixed(190.0)),
                widget::primary("+1", Some(Message::Count(visitor, 1))),
                widget::secondary("-1", (value > 0).then_some(Message::Count(visitor, -1))),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .into()
        };
        let mut sections: Vec<Element<'a, Message>> = vec![widget::section(
            format!("今天({today})的开放日"),
            column![
                widget::muted("来一位点一下 +1(点错了点 -1);首页也有这两个按钮。值班红娘、当天登记和介绍的人数由程序自己算。"),
                counter("单身青年", singles, Visitor::Single),
                counter("家长/亲属", parents, Visitor::Parent),
                row![
                    text_input("今天的备注(如:七夕前人多,来了三位护士)", &self.today_note)
                        .on_input(Message::NoteChanged)
                        .on_submit(Message::SaveNote)
                        .size(style::TEXT)
                        .padding(style::INPUT_PADDING)
                        .style(style::input(false)),
                    widget::secondary("保存备注", Some(Message::SaveNote)),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            ]
            .spacing(style::SPACING),
        )];
        if !self.years.is_empty() {
            let mut years = column![].spacing(6);
            for y in &self.years {
                years = years.push(text(format!(
                    "{} 年:开放日 {} 天,来访单身青年 {} 人、家长/亲属 {} 人,当天登记 {} 位,当天介绍 {} 次",
                    y.year, y.days, y.singles, y.parents, y.registrations, y.introductions
                ))
                .size(style::TEXT));
            }
            sections.push(widget::section("每年合计", years));
        }
        match &self.open_days {
            Err(error) => sections.push(widget::banner(
                text(format!("开放日读取失败:{error}")).size(style::TEXT),
                style::containers::error_banner,
            )),
            Ok(days) if days.is_empty() => {}
            Ok(days) => {
                let mut list = column![].spacing(6);
                for o in days.iter().take(60) {
                    let duty = if o.volunteers.is_empty() {
                        "—".to_string()
                    } else {
                        o.volunteers.join("、")
                    };
                    list = list.push(
                        column![
                            text(format!(
                                "{}({}) 来访 {} 人(单身 {},家长 {}) · 登记 {} · 介绍 {}",
                                o.on,
                                crate::data::events::weekday(o.on),
                                o.visitors(),
                                o.singles,
                                o.parents,
                                o.registrations,
                                o.introductions
                            ))
                            .size(style::TEXT),
                            widget::muted(if o.notes.is_empty() {
                                format!("值班:{duty}")
                            } else {
                                format!("值班:{duty} · {}", o.notes)
                            }),
                        ]
                        .spacing(2),
                    );
                }
                if days.len() > 60 {
                    list = list.push(widget::muted(format!(
                        "只列出最近 60 天,共 {} 天;全部见「统计」的导出。",
                        days.len()
                    )));
                }
                sections.push(widget::section("开放日记录", list));
            }
        }
        widget::sections(sections).into()
    }
}

fn tab_button<'a>(label: &'a str, chosen: bool, message: Message) -> Element<'a, Message> {
    button(text(label).size(style::TEXT).wrapping(text::Wrapping::None))
        .padding(style::BUTTON_PADDING)
        .style(style::buttons::choice(chosen))
        .on_press(message)
        .into()
}

pub fn signed_words(name: &str, signed: SignedUp) -> String {
    match signed {
        SignedUp::Place { badge } => format!("{name}报名成功,号码 {badge:02}"),
        SignedUp::Waiting { position } => {
            format!("名额已满,{name}在等待名单第 {position} 位(有人取消时自动补上)")
        }
    }
}

fn input<'a>(
    placeholder: &'a str,
    value: &'a str,
    field: Field,
    width: Option<f32>,
) -> Element<'a, Message> {
    let input = text_input(placeholder, value)
        .on_input(move |v| Message::Field(field, v))
        .on_submit(Message::Save)
        .size(style::TEXT)
        .padding(style::INPUT_PADDING)
        .style(style::input(false));
    match width {
        Some(width) => input.width(width).into(),
        None => input.into(),
    }
}

fn form_view<'a>(form: &'a Form, volunteers: &'a [Volunteer]) -> Element<'a, Message> {
    let organisers: Vec<OrganiserChoice> = std::iter::once(OrganiserChoice {
        id: None,
        name: "(不指定)".into(),
    })
    .chain(
        volunteers
            .iter()
            .filter(|v| v.active)
            .map(|v| OrganiserChoice {
                id: Some(v.id),
                name: v.name.clone(),
            }),
    )
    .collect();
    let chosen = organisers.iter().find(|o| o.id == form.organiser).cloned();
    let ages = |from: &'a str, to: &'a str, f: Field, t: Field| -> Element<'a, Message> {
        row![
            input("", from, f, Some(70.0)),
            text("到").size(style::TEXT),
            input("", to, t, Some(70.0)),
            text("岁(空着为不限)").size(style::TEXT),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .wrap()
        .into()
    };
    let places = row![
        text("男").size(style::TEXT),
        input("如 30", &form.men, Field::Men, Some(90.0)),
        text("位   女").size(style::TEXT),
        input("如 30", &form.women, Field::Women, Some(90.0)),
        text("位").size(style::TEXT),
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .wrap();
    let mut page = column![
        widget::heading(if form.editing.is_some() {
            "修改活动"
        } else {
            "新建活动"
        }),
        widget::field(
            "活动名称",
            input("如 七夕相亲交友活动", &form.title, Field::Title, None),
            None
        ),
        widget::field(
            "日期",
            row![
                input("2026-08-22", &form.date, Field::Date, Some(150.0)),
                input("时间,如 14:00", &form.time, Field::Time, Some(170.0)),
            ]
            .spacing(8)
            .wrap(),
            None
        ),
        widget::field(
            "地点",
            input("如 燕子弄工作站", &form.place, Field::Place, None),
            None
        ),
        widget::field(
            "专场",
            input(
                "如 教师、医护、新杭州人(空着为不限)",
                &form.theme,
                Field::Theme,
                None
            ),
            None
        ),
        widget::field(
            "负责红娘",
            pick_list(organisers, chosen, Message::Organiser)
                .text_size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::pick_list),
            None
        ),
        widget::field("名额", places, None),
        widget::field(
            "男嘉宾年龄",
            ages(&form.men_from, &form.men_to, Field::MenFrom, Field::MenTo),
            None
        ),
        widget::field(
            "女嘉宾年龄",
            ages(
                &form.women_from,
                &form.women_to,
                Field::WomenFrom,
                Field::WomenTo
            ),
            None
        ),
        widget::field(
            "备注",
            input("如 请穿正装;费用 AA", &form.notes, Field::Notes, None),
            None
        ),
    ]
    .spacing(style::SPACING);
    if let Some(error) = &form.error {
        page = page.push(widget::banner(
            text(error).size(style::TEXT),
            style::containers::error_banner,
        ));
    }
    page = page.push(
        row![
            widget::primary("保存活动", Some(Message::Save)),
            widget::secondary("取消", Some(Message::CancelForm)),
        ]
        .spacing(style::SPACING),
    );
    widget::sections(vec![page.into()]).into()
}

fn opened_view<'a>(o: &'a Opened, today: NaiveDate) -> Element<'a, Message> {
    let e = &o.event;
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
    head = head.push(balance(e));
    let parts = row(Part::ALL
        .iter()
        .map(|p| tab_button(p.label(), o.part == *p, Message::Part(*p))))
    .spacing(8)
    .wrap()
    .vertical_spacing(8);
    let body = match o.part {
        Part::SignUps => sign_ups_view(o, today),
        Part::Invitations => invitations_view(o),
        Part::Cards => cards_view(o, today),
        Part::Matches => matches_view(o),
    };
    widget::sections(vec![head.into(), parts.into(), body]).into()
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

fn sign_ups_view<'a>(o: &'a Opened, today: NaiveDate) -> Element<'a, Message> {
    let e = &o.event;
    let mut find = column![
        row![
            text_input("姓名、拼音、手机号或会员编号", &o.find)
                .id(FIND_ID)
                .on_input(Message::FindChanged)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false)),
            widget::secondary(
                "现场登记新会员",
                (e.on_date >= today).then_some(Message::WalkIn)
            ),
        ]
        .spacing(8)
        .align_y(Alignment::Center),
    ]
    .spacing(6);
    for m in &o.found {
        let already = o
            .attendee(m.id)
            .filter(|a| a.place != Place::Cancelled)
            .map(|a| a.place.label());
        find = find.push(
            row![
                text(format!(
                    "{} {} · {} {} 岁 · {}",
                    m.name,
                    m.number,
                    m.gender.label(),
                    m.birth.age_on(e.on_date),
                    m.status.label()
                ))
                .size(style::TEXT)
                .width(Length::Fill),
                match already {
                    Some(place) => widget::muted(place),
                    None => widget::primary(
                        "报名",
                        (e.on_date >= today).then_some(Message::SignUp(m.id))
                    )
                    .into(),
                },
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
    }
    if e.on_date < today {
        find = find.push(widget::muted("活动已经举行过了,不能再报名。"));
    }
    let mut sections: Vec<Element<'a, Message>> = vec![widget::section("找会员报名", find)];
    let mut prints = row![
        widget::secondary("打印签到名单", Some(Message::Print(EventSheet::Attendees))),
        widget::secondary("打印胸牌", Some(Message::Print(EventSheet::Badges))),
    ]
    .spacing(8);
    if e.on_date > today {
        prints = prints.push(widget::muted(format!(
            "活动当天({})可以在这里签到",
            e.on_date
        )));
    }
    sections.push(prints.wrap().vertical_spacing(8).into());
    for gender in Gender::ALL {
        let people: Vec<&Attendee> = o
            .attendees
            .iter()
            .filter(|a| a.gender == *gender && a.place != Place::Cancelled)
            .collect();
        let mut list = column![].spacing(6);
        if people.is_empty() {
            list = list.push(widget::muted("还没有人报名"));
        }
        for (i, a) in people.iter().enumerate() {
            let state = match (a.place, a.arrival, a.waiting_position) {
                (Place::Waiting, _, Some(n)) => format!("等待名单第 {n} 位"),
                (_, Some(arrival), _) => arrival.label().to_string(),
                _ => "已报名".to_string(),
            };
            let mut actions = row![].spacing(6).align_y(Alignment::Center);
            if a.place == Place::Confirmed && e.on_date <= today && !e.matched {
                actions = actions.push(widget::success(
                    "到场",
                    (a.arrival != Some(Arrival::Arrived))
                        .then_some(Message::CheckIn(a.member_id, Some(Arrival::Arrived))),
                ));
                actions = actions.push(widget::secondary(
                    "未到",
                    (a.arrival != Some(Arrival::NoShow))
                        .then_some(Message::CheckIn(a.member_id, Some(Arrival::NoShow))),
                ));
            }
            if a.arrival.is_none() && e.on_date >= today && !e.matched {
                actions = actions.push(widget::danger(
                    "取消报名",
                    Some(Message::CancelSignUp(a.member_id)),
                ));
            }
            list = list.push(
                container(
                    row![
                        text(if a.place == Place::Waiting {
                            "等待".to_string()
                        } else {
                            a.badge_text()
                        })
                        .size(style::TEXT)
                        .color(style::RED)
                        .width(Length::Fixed(70.0)),
                        column![
                            text(format!(
                                "{} {} · {} 岁{}",
                                a.name,
                                a.number,
                                a.birth.age_on(e.on_date),
                                if a.walk_in { " · 现场登记" } else { "" }
                            ))
                            .size(style::TEXT),
                            widget::muted(format!("{} · {}", mask_phone(&a.phone), state)),
                        ]
                        .spacing(2)
                        .width(Length::Fill),
                        actions,
                    ]
                    .spacing(style::SPACING)
                    .align_y(Alignment::Center),
                )
                .padding([6, 10])
                .style(style::containers::stripe(i % 2 == 1)),
            );
        }
        sections.push(widget::section(
            format!(
                "{}嘉宾({}/{},等待 {})",
                gender.label(),
                e.counts(*gender).confirmed,
                e.data.places(*gender),
                e.counts(*gender).waiting
            ),
            list,
        ));
    }
    column(sections).spacing(style::GAP).into()
}

fn invitations_view<'a>(o: &'a Opened) -> Element<'a, Message> {
    let e = &o.event;
    let find = column![
        widget::muted(format!(
            "从会员库里找:在册、已知情同意、{}。可以再加一个词缩小范围(如 教师、护士、西湖区)。",
            Gender::ALL
                .iter()
                .filter(|g| e.data.places(**g) > 0)
                .map(|g| format!("{}嘉宾 {}", g.label(), e.data.ages_text(*g)))
                .collect::<Vec<_>>()
                .join("、")
        )),
        row![
            text_input("可以不填,如 教师", &o.invite_text)
                .on_input(Message::InviteTextChanged)
                .on_submit(Message::Invite)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false)),
            widget::primary("列出邀请名单", Some(Message::Invite)),
            widget::secondary(
                "打印电话名单",
                (!o.invitations.is_empty()).then_some(Message::Print(EventSheet::Calls))
            ),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(8),
    ]
    .spacing(8);
    let mut list = column![widget::muted(format!(
        "邀请 {} 位,还要打的 {} 位(打完电话点结果;报名的直接进报名名单)",
        e.invited, e.to_call
    ))]
    .spacing(6);
    for (i, inv) in o.invitations.iter().enumerate().take(300) {
        let answered = inv
            .answer
            .map(|a| {
                format!(
                    "{}({})",
                    a.label(),
                    inv.called_on.map(|d| d.to_string()).unwrap_or_default()
                )
            })
            .unwrap_or_else(|| "未打".to_string());
        let open = !matches!(inv.answer, Some(Answer::SignedUp));
        let answer_button = |answer: Answer| -> Element<'a, Message> {
            widget::secondary(
                answer.label(),
                open.then_some(Message::Answer(inv.member_id, answer)),
            )
            .into()
        };
        list = list.push(
            container(
                row![
                    column![
                        text(format!(
                            "{} {} · {} {} 岁",
                            inv.name,
                            inv.number,
                            inv.gender.label(),
                            inv.birth.age_on(e.on_date)
                        ))
                        .size(style::TEXT),
                        widget::muted(format!("{} · {answered}", mask_phone(&inv.phone))),
                    ]
                    .spacing(2)
                    .width(Length::Fill),
                    row![
                        answer_button(Answer::SignedUp),
                        answer_button(Answer::Declined),
                        answer_button(Answer::NoAnswer),
                    ]
                    .spacing(6),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
            )
            .padding([6, 10])
            .style(style::containers::stripe(i % 2 == 1)),
        );
    }
    if o.invitations.len() > 300 {
        list = list.push(widget::muted(
            "只列出前 300 位;打印电话名单里有全部要打的。",
        ));
    }
    column![
        widget::section("邀请", find),
        widget::section("电话名单", list)
    ]
    .spacing(style::GAP)
    .into()
}

fn cards_view<'a>(o: &'a Opened, today: NaiveDate) -> Element<'a, Message> {
    let e = &o.event;
    if e.on_date > today {
        return widget::section(
            "心动卡",
            widget::muted(format!(
                "活动结束后({}起)在这里录入每位到场嘉宾的心动卡。",
                e.on_date
            )),
        );
    }
    let present: Vec<&Attendee> = o.present().collect();
    if present.is_empty() {
        return widget::section(
            "心动卡",
            widget::muted("还没有签到到场的嘉宾:先在“报名与签到”里点“到场”。"),
        );
    }
    let entered = present.iter().filter(|a| a.card_entered).count();
    let mut chooser = column![widget::muted(format!(
        "已录 {entered}/{} 张。点一位嘉宾,照纸上的心动卡填号码;没交卡的录一张空卡。",
        present.len()
    ))]
    .spacing(8);
    for gender in Gender::ALL {
        let buttons =
            present
                .iter()
                .filter(|a| a.gender == *gender)
                .map(|a| -> Element<'a, Message> {
                    let label = if a.card_entered {
                        format!("{} ✓", a.badge_text())
                    } else {
                        a.badge_text()
                    };
                    button(text(label).size(style::TEXT).wrapping(text::Wrapping::None))
                        .padding([6, 10])
                        .style(style::buttons::choice(o.card_for == Some(a.member_id)))
                        .on_press_maybe((!e.matched).then_some(Message::CardFor(a.member_id)))
                        .into()
                });
        chooser = chooser.push(row(buttons).spacing(6).wrap().vertical_spacing(6));
    }
    let mut sections: Vec<Element<'a, Message>> = vec![widget::section("心动卡", chooser)];
    if e.matched {
        sections.push(widget::muted("互选结果已经确认,心动卡不能再改。"));
    }
    if let Some(who) = o.card_for.and_then(|m| o.attendee(m)) {
        let other = match who.gender {
            Gender::Male => "女",
            Gender::Female => "男",
        };
        let mut card = column![
            text(format!(
                "{} {} 的心动卡",
                who.badge_text(),
                who.surname_title
            ))
            .size(style::HEADING - 4.0)
            .color(style::RED),
            widget::muted(format!(
                "填{other}嘉宾的号码,用逗号或空格隔开,如 3, 7, 12。没有填的都算“不了”。"
            )),
            widget::field(
                "想进一步了解",
                text_input("如 3, 7", &o.card_more)
                    .id(CARD_ID)
                    .on_input(Message::CardMore)
                    .on_submit(Message::SaveCard)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(o.card_error.is_some())),
                None
            ),
            widget::field(
                "可以做朋友",
                text_input("如 5", &o.card_friends)
                    .on_input(Message::CardFriends)
                    .on_submit(Message::SaveCard)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(o.card_error.is_some())),
                None
            ),
        ]
        .spacing(style::SPACING);
        if let Some(error) = &o.card_error {
            card = card.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        card = card.push(
            row![
                widget::primary("保存这张心动卡", Some(Message::SaveCard)),
                widget::secondary(
                    "清空(算作没录)",
                    who.card_entered.then_some(Message::ClearCard)
                ),
            ]
            .spacing(8)
            .wrap()
            .vertical_spacing(8),
        );
        sections.push(
            container(card)
                .padding(16)
                .width(Length::Fill)
                .style(style::containers::section)
                .into(),
        );
    }
    column(sections).spacing(style::GAP).into()
}

fn matches_view<'a>(o: &'a Opened) -> Element<'a, Message> {
    let e = &o.event;
    let present: Vec<&Attendee> = o.present().collect();
    let missing: Vec<String> = present
        .iter()
        .filter(|a| !a.card_entered)
        .map(|a| a.badge_text())
        .collect();
    let mut top = column![].spacing(8);
    if e.matched {
        top = top.push(widget::banner(
            text("互选结果已确认,已记入牵线记录。可以打印每位嘉宾的结果条(只有互相选中的,按号码和姓氏)。")
                .size(style::TEXT),
            style::containers::success_banner,
        ));
        top = top.push(widget::primary(
            "打印互选结果条",
            Some(Message::Print(EventSheet::Slips)),
        ));
    } else if o.asking_confirm {
        top = top.push(widget::banner(
            column![
                text(format!(
                    "确认后心动卡不能再改,{} 对互选成功的会记入牵线记录(已见面)。确认吗?",
                    o.matches.len()
                ))
                .size(style::TEXT),
                row![
                    widget::primary("确认互选结果", Some(Message::ConfirmYes)),
                    widget::secondary("再看看", Some(Message::ConfirmCancelled)),
                ]
                .spacing(8),
            ]
            .spacing(8),
            style::containers::warning_banner,
        ));
    } else {
        if !missing.is_empty() {
            top = top.push(
                text(format!(
                    "还有 {} 张心动卡没录:{}",
                    missing.len(),
                    missing.join("、")
                ))
                .size(style::TEXT)
                .color(style::AMBER),
            );
        }
        top = top.push(widget::primary(
            "确认互选结果…",
            (missing.is_empty() && !present.is_empty()).then_some(Message::Confirm),
        ));
    }
    let mut list = column![widget::muted(
        "只给组织的红娘看。单方面的选择不会告诉对方。"
    )]
    .spacing(6);
    if o.matches.is_empty() {
        list = list.push(text("还没有互相选中的嘉宾。").size(style::TEXT));
    }
    for m in &o.matches {
        let both = if m.pair.both_more() {
            "双方都想进一步了解"
        } else {
            "互相愿意做朋友"
        };
        let mut line = row![
            text(format!(
                "{} {}  ♥  {} {}",
                m.man.badge_text(),
                m.man.name,
                m.woman.badge_text(),
                m.woman.name
            ))
            .size(style::TEXT)
            .width(Length::Fill),
            widget::muted(both),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);
        if let Some(id) = m.introduction {
            line = line.push(widget::secondary(
                "牵线记录 ›",
                Some(Message::OpenIntroduction(id)),
            ));
        }
        list = list.push(line);
    }
    let mut sections: Vec<Element<'a, Message>> = vec![
        top.into(),
        widget::section(format!("互选成功 {} 对", o.matches.len()), list),
    ];
    sections.push(matrix(o, &present));
    column(sections).spacing(style::GAP).into()
}

/// Who chose whom: men down, women across; each cell the man's mark / the woman's mark.
fn matrix<'a>(o: &'a Opened, present: &[&'a Attendee]) -> Element<'a, Message> {
    let men: Vec<&Attendee> = present
        .iter()
        .copied()
        .filter(|a| a.gender == Gender::Male)
        .collect();
    let women: Vec<&Attendee> = present
        .iter()
        .copied()
        .filter(|a| a.gender == Gender::Female)
        .collect();
    if men.len() > MATRIX_MAX || women.len() > MATRIX_MAX {
        return widget::section(
            "选择表",
            widget::muted(format!(
                "到场人数多(男 {}、女 {}),选择表太大,屏幕上不画;需要时用命令行 hongniang event matches {} --matrix。",
                men.len(),
                women.len(),
                o.event.id
            )),
        );
    }
    let mark = |from: i64, to: i64| match o.choices.get(&(from, to)) {
        Some(Choice::More) => "♥",
        Some(Choice::Friends) => "○",
        _ => "·",
    };
    let cell = |content: String, mutual: bool| -> Element<'a, Message> {
        container(
            text(content)
                .size(style::SMALL)
                .wrapping(text::Wrapping::None),
        )
        .width(Length::Fixed(62.0))
        .padding([4, 2])
        .center_x(Length::Fixed(62.0))
        .style(move |theme: &iced::Theme| {
            if mutual {
                style::containers::success_banner(theme)
            } else {
                style::containers::stripe(true)(theme)
            }
        })
        .into()
    };
    let mut grid = column![
        row(std::iter::once(cell(String::new(), false))
            .chain(women.iter().map(|w| cell(w.badge_text(), false))))
        .spacing(2)
    ]
    .spacing(2);
    for m in &men {
        let cells = std::iter::once(cell(m.badge_text(), false)).chain(women.iter().map(|w| {
            let (a, b) = (
                mark(m.member_id, w.member_id),
                mark(w.member_id, m.member_id),
            );
            let marks = if a == "·" && b == "·" {
                String::new()
            } else {
                format!("{a}/{b}")
            };
            cell(marks, a != "·" && b != "·")
        }));
        grid = grid.push(row(cells).spacing(2));
    }
    widget::section(
        "选择表(男选女/女选男:♥ 想进一步了解,○ 可以做朋友,· 不了;绿色为互选成功)",
        iced::widget::scrollable(grid).direction(iced::widget::scrollable::Direction::Horizontal(
            iced::widget::scrollable::Scrollbar::default(),
        )),
    )
}
