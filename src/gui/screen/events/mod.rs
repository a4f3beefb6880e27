//! 活动: the station's 联谊活动 and 开放日. An event is created with its places and age ranges,
//! members are invited from the pool and called (报名 / 不来 / 未接), signed up (a place or the
//! waiting list, which moves up by itself), checked in on the day; each 心动卡 is typed in from
//! the paper card as the badge numbers marked; the mutual choices are shown to the organiser and
//! confirmed into introductions; badges, lists and result slips are printed. The 开放日 tab counts
//! the day's visitors and lists the open days with their figures. Every rule is the core's.
//!
//! One file per sub-screen: the list, the form, the opened event and its four parts, the open
//! days. This page keeps which one shows and forwards each its messages.

pub mod calls;
pub mod cards;
pub mod district;
pub mod event;
pub mod form;
pub mod list;
pub mod money;
pub mod online;
pub mod open_days;
pub mod results;
pub mod seating;
pub mod sign_ups;
pub mod texts;

pub use cards::CARD_ID;
pub use event::{Opened, Part};
pub use form::{Field, Form};
pub use sign_ups::FIND_ID;

use crate::data::events::SignedUp;
use crate::data::model::Volunteer;
use crate::data::print::Job;
use crate::data::search::SearchIndex;
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::Element;
use iced::widget::{button, column, row, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Events,
    OpenDays,
}

#[derive(Debug, Clone)]
pub enum Message {
    DismissNotice,
    Tab(Tab),
    List(list::Message),
    Form(form::Message),
    Event(event::Message),
    OpenDays(open_days::Message),
}

pub enum Action {
    None,
    Print(Job),
    OpenIntroduction(i64),
    /// 现场登记: register a new member, then sign them up for this event.
    WalkIn(i64),
    /// Put the keyboard in this box (the new event's title, the next 心动卡).
    Focus(&'static str),
    /// Run this (a file dialog) and bring back what it says.
    Run(iced::Task<Message>),
}

/// The words of an answer from the district in `message` (see [`district::answer_words`]).
pub fn answer_words(message: &event::Message) -> Option<String> {
    match message {
        event::Message::District(message) => district::answer_words(message),
        _ => None,
    }
}

pub struct Events {
    pub tab: Tab,
    list: list::List,
    /// An event's form, over the rest while it is open.
    form: Option<Form>,
    pub opened: Option<Opened>,
    open_days: open_days::OpenDays,
    notice: Option<String>,
}

impl Events {
    /// Which of the page's views is shown (the list or open days, an event and its part, the
    /// form): a different one starts at its top.
    pub fn view_key(&self) -> (Tab, Option<(i64, Part)>, bool) {
        (
            self.tab,
            self.opened.as_ref().map(|o| (o.event.id, o.part)),
            self.form.is_some(),
        )
    }

    pub fn new(db: &Db, today: NaiveDate) -> Self {
        let mut page = Self {
            tab: Tab::Events,
            list: list::List::read(db),
            form: None,
            opened: None,
            open_days: open_days::OpenDays::default(),
            notice: None,
        };
        page.open_days.reload(db, today);
        page
    }

    /// The page opened on one event (from 首页's reminders, or after a walk-in's registration).
    pub fn on_event(db: &Db, today: NaiveDate, id: i64, notice: Option<String>) -> Self {
        let mut page = Self::new(db, today);
        page.open(db, id);
        if notice.is_some() {
            page.notice = notice;
        }
        page
    }

    fn reload(&mut self, db: &Db, today: NaiveDate) {
        self.list = list::List::read(db);
        self.open_days.reload(db, today);
    }

    /// Whether the event's form is open (Ctrl+S saves it).
    pub fn form_open(&self) -> bool {
        self.form.is_some()
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
        match message {
            Message::DismissNotice => self.notice = None,
            Message::Tab(tab) => {
                self.tab = tab;
                self.opened = None;
                self.form = None;
            }
            Message::List(list::Message::New) => {
                self.form = Some(Form::new(actor.volunteer()));
                return Action::Focus(form::TITLE_ID);
            }
            Message::List(list::Message::Open(id)) => self.open(db, id),
            Message::Form(message) => {
                let Some(form) = &mut self.form else {
                    return Action::None;
                };
                match form.update(message, db, actor) {
                    form::Action::None => {}
                    form::Action::Cancel => self.form = None,
                    form::Action::Saved { id, moved_up } => {
                        self.form = None;
                        self.reload(db, today);
                        self.open(db, id);
                        self.notice = Some(if moved_up.is_empty() {
                            "活动已保存".to_string()
                        } else {
                            format!("活动已保存;等待名单上的{}补上了名额", moved_up.join("、"))
                        });
                    }
                }
            }
            Message::Event(message) => {
                let Some(opened) = &mut self.opened else {
                    // The district's answer for an event no longer open is said all the same,
                    // and the list read again (an invitation makes the event 全区联谊).
                    if let Some(words) = answer_words(&message) {
                        self.notice = Some(words);
                        self.reload(db, today);
                    }
                    return Action::None;
                };
                match opened.update(message, db, actor, index, today) {
                    event::Action::None => {}
                    event::Action::Back => {
                        self.opened = None;
                        self.reload(db, today);
                    }
                    event::Action::Edit => self.form = Some(Form::edit(&opened.event)),
                    event::Action::Say(words) => self.notice = Some(words),
                    event::Action::Focus(words, id) => {
                        if words.is_some() {
                            self.notice = words;
                        }
                        return Action::Focus(id);
                    }
                    event::Action::Page(action) => return action,
                }
            }
            Message::OpenDays(message) => match self.open_days.update(message, db, actor, today) {
                open_days::Action::None => {}
                open_days::Action::Changed(words) => {
                    if words.is_some() {
                        self.notice = words;
                    }
                    self.reload(db, today);
                }
            },
        }
        Action::None
    }

    fn open(&mut self, db: &Db, id: i64) {
        match Opened::read(db, id) {
            Ok(opened) => self.opened = Some(opened),
            Err(error) => self.notice = Some(error),
        }
    }

    pub fn view<'a>(
        &'a self,
        volunteers: &'a [Volunteer],
        today: NaiveDate,
    ) -> Element<'a, Message> {
        let content: Element<'a, Message> = if let Some(form) = &self.form {
            form.view(volunteers).map(Message::Form)
        } else if let Some(opened) = &self.opened {
            opened.view(today).map(Message::Event)
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
                Tab::Events => self.list.view(today).map(Message::List),
                Tab::OpenDays => self.open_days.view(today).map(Message::OpenDays),
            };
            column![tabs, body].spacing(style::GAP).into()
        };
        widget::with_toast(content, self.notice.as_deref(), Message::DismissNotice)
    }
}

/// A tab of the page or of an event's parts.
fn tab_button<'a, M: Clone + 'a>(label: &'a str, chosen: bool, message: M) -> Element<'a, M> {
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
