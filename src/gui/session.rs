//! Who is at the station PC: the volunteer on duty (signed in through the core, with their PIN
//! if they have one), the lock after the idle time, and the password of an encrypted database
//! asked at start. One unit with its own messages and views; the root only hears what changed.

use crate::data::model::Volunteer;
use crate::data::{self, Actor, Db};
use crate::gui::{style, widget};
use iced::widget::{column, container, row, scrollable, text, text_input};
use iced::{Element, Length, Task};
use std::path::Path;
use std::time::Instant;

/// The PIN box of the sign-in panel (and the password box at start).
pub const PIN_ID: &str = "pin";

#[derive(Debug, Clone)]
pub enum Message {
    ChooseDuty(i64),
    PinChanged(String),
    PinSubmit,
    /// The PIN checked in the background (Argon2 takes longer than a frame): the volunteer
    /// signed in, or `None` for a wrong PIN, or why it failed.
    PinChecked(i64, Result<Option<Actor>, String>),
    PinBack,
    /// Lock the program now (Ctrl+L, the 锁定 button, or the idle time).
    Lock,
    /// 签退: the volunteer on duty ends their duty (its hours counted), and the program locks.
    SignOut,
    /// A key or button was pressed: the program is in use.
    Activity,
    /// Every few seconds: time to lock?
    Tick,
    /// Each second while a PIN wait counts down.
    Second,
}

/// What the root must know.
pub enum Event {
    /// A volunteer is on duty now: from the duty choice (show the home page) or from the lock
    /// (the page underneath is back as it was).
    SignedIn { was_locked: bool },
    /// The program locked: hide what the last volunteer was shown.
    Locked,
}

pub struct Session {
    /// The volunteer on duty; `None` before anyone chose.
    actor: Option<Actor>,
    /// Locked: only the sign-in panel shows; the page underneath keeps what was typed.
    locked: bool,
    /// The volunteer whose PIN is being asked, what is typed, and a wrong-PIN message.
    pin_for: Option<i64>,
    pin: String,
    pin_error: Option<String>,
    /// After too many wrong PINs: how many, and when a PIN may be tried again (counted down
    /// on screen each second).
    pin_wait: Option<(u32, Instant)>,
    /// A refusal of the duty choice itself (a deactivated volunteer).
    error: Option<String>,
    last_activity: Instant,
    lock_minutes: u32,
    /// Every volunteer signs in with a PIN (设置 › 锁定): a name alone opens nothing.
    pin_required: bool,
    /// What the last 签退 said ("已签退:今天值班 3 小时 20 分"), on the duty choice.
    signed_out: Option<String>,
}

impl Default for Session {
    fn default() -> Self {
        Self {
            actor: None,
            locked: false,
            pin_for: None,
            pin: String::new(),
            pin_error: None,
            pin_wait: None,
            error: None,
            last_activity: Instant::now(),
            signed_out: None,
            lock_minutes: data::signin::DEFAULT_LOCK_MINUTES,
            pin_required: false,
        }
    }
}

impl Session {
    /// Nobody on duty yet, with the station's lock time.
    pub fn new(lock_minutes: u32) -> Self {
        Self {
            lock_minutes,
            ..Self::default()
        }
    }

    pub fn actor(&self) -> Option<&Actor> {
        self.actor.as_ref()
    }

    /// Who is acting, for the core's operations: the volunteer on duty (nobody before the
    /// first sign-in, when only the first-start page shows).
    pub fn acting(&self) -> &Actor {
        static NOBODY: Actor = Actor::terminal();
        self.actor.as_ref().unwrap_or(&NOBODY)
    }

    pub fn on_duty(&self) -> Option<i64> {
        self.actor.as_ref().and_then(Actor::volunteer)
    }

    pub fn is_signed_in(&self) -> bool {
        self.actor.is_some()
    }

    /// Whether a PIN wait is being counted down (a tick each second is wanted).
    pub fn counting_down(&self) -> bool {
        self.pin_wait.is_some()
    }

    pub fn is_locked(&self) -> bool {
        self.locked
    }

    pub fn set_pin_required(&mut self, required: bool) {
        self.pin_required = required;
    }

    pub fn set_lock_minutes(&mut self, minutes: u32) {
        self.lock_minutes = minutes;
    }

    /// Signs a volunteer without a PIN in (the first volunteer of a new station, the only one
    /// of a station without PINs); one with a PIN is asked for it instead.
    pub fn sign_in_without_pin(&mut self, db: &Db, volunteer: i64) -> Task<Message> {
        self.try_without_pin(db, volunteer).0
    }

    fn try_without_pin(&mut self, db: &Db, volunteer: i64) -> (Task<Message>, Option<Event>) {
        match db.sign_in(volunteer, "") {
            Ok(actor) => (Task::none(), Some(self.signed_in(actor))),
            Err(data::Error::WrongPin) => (self.ask_pin(volunteer), None),
            Err(error) => {
                self.error = Some(error.to_string());
                (Task::none(), None)
            }
        }
    }

    /// Someone else takes over the duty (from 设置): on the lock panel, with their PIN if they
    /// have one (a refusal shows there too).
    pub fn hand_over(
        &mut self,
        db: &Db,
        volunteer: i64,
        volunteers: &[Volunteer],
    ) -> Task<Message> {
        self.locked = true;
        if volunteers.iter().any(|v| v.id == volunteer && v.has_pin) {
            return self.ask_pin(volunteer);
        }
        self.sign_in_without_pin(db, volunteer)
    }

    /// Nobody on duty (another database was opened, or the volunteer on duty was deactivated).
    pub fn sign_out(&mut self) {
        self.actor = None;
        self.locked = false;
        self.forget_pin();
    }

    /// After a restore: the volunteer on duty stays if the restored data has them under the
    /// same number and name, active; otherwise (someone else under that number, say, in a backup
    /// of another station) nobody is on duty and they sign in again.
    pub fn keep_if_active(&mut self, before: &[Volunteer], after: &[Volunteer]) {
        let name = |list: &[Volunteer], id: i64| {
            list.iter()
                .find(|v| v.id == id && v.active)
                .map(|v| v.name.clone())
        };
        let still = self
            .actor
            .as_ref()
            .and_then(Actor::volunteer)
            .is_some_and(|id| name(before, id).is_some() && name(before, id) == name(after, id));
        if !still {
            self.actor = None;
            self.locked = false;
            self.forget_pin();
        }
    }

    fn ask_pin(&mut self, volunteer: i64) -> Task<Message> {
        self.pin_for = Some(volunteer);
        self.pin.clear();
        self.pin_error = None;
        iced::widget::operation::focus(PIN_ID)
    }

    fn forget_pin(&mut self) {
        self.pin_for = None;
        self.pin.clear();
        self.pin_error = None;
        self.pin_wait = None;
    }

    fn signed_in(&mut self, actor: Actor) -> Event {
        self.actor = Some(actor);
        self.forget_pin();
        self.error = None;
        self.last_activity = Instant::now();
        let was_locked = self.locked;
        self.locked = false;
        Event::SignedIn { was_locked }
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &Db,
        volunteers: &[Volunteer],
    ) -> (Task<Message>, Option<Event>) {
        if matches!(message, Message::ChooseDuty(_)) {
            // The last volunteer's 签退 was said; the next one starts afresh.
            self.signed_out = None;
        }
        match message {
            // A volunteer with a PIN is asked for it first (no Argon2 check of an empty PIN).
            Message::ChooseDuty(id) if volunteers.iter().any(|v| v.id == id && v.has_pin) => {
                (self.ask_pin(id), None)
            }
            Message::ChooseDuty(id) => self.try_without_pin(db, id),
            Message::PinChanged(pin) => {
                self.pin = pin;
                (Task::none(), None)
            }
            Message::PinSubmit => {
                let (Some(id), Some(path)) = (self.pin_for, db.path()) else {
                    return (Task::none(), None);
                };
                let pin = self.pin.clone();
                let check =
                    super::jobs::on_own_connection(path, move |db| match db.sign_in(id, &pin) {
                        Ok(actor) => Ok(Some(actor)),
                        Err(data::Error::WrongPin) => Ok(None),
                        Err(error) => Err(error),
                    });
                (
                    Task::perform(check, move |result| Message::PinChecked(id, result)),
                    None,
                )
            }
            Message::PinChecked(id, _) if self.pin_for != Some(id) => (Task::none(), None),
            Message::PinChecked(_, Ok(Some(actor))) => (Task::none(), Some(self.signed_in(actor))),
            Message::PinChecked(_, Ok(None)) => {
                self.pin.clear();
                self.pin_error = Some("密码不对,请再试一次".into());
                (iced::widget::operation::focus(PIN_ID), None)
            }
            Message::PinChecked(id, Err(error)) => {
                // Too many wrong ones: what was typed goes, the wait is said and counted down.
                self.pin.clear();
                self.pin_error = Some(error);
                self.pin_wait = db
                    .pin_wait(id, chrono::Local::now().naive_local())
                    .ok()
                    .flatten()
                    .and_then(|(failures, left)| {
                        Some((failures, Instant::now() + left.to_std().ok()?))
                    });
                (Task::none(), None)
            }
            Message::Second => {
                if self
                    .pin_wait
                    .is_some_and(|(_, until)| Instant::now() >= until)
                {
                    self.pin_wait = None;
                    self.pin_error = None;
                    return (iced::widget::operation::focus(PIN_ID), None);
                }
                (Task::none(), None)
            }
            Message::PinBack => {
                self.forget_pin();
                (Task::none(), None)
            }
            Message::SignOut => {
                let Some(actor) = &self.actor else {
                    return (Task::none(), None);
                };
                self.signed_out = Some(match db.sign_out(actor) {
                    Ok(said) => {
                        let name = volunteers
                            .iter()
                            .find(|v| Some(v.id) == actor.volunteer())
                            .map_or(String::new(), |v| v.name.clone());
                        format!("{name}{said}。谢谢您!")
                    }
                    Err(error) => error.to_string(),
                });
                self.update(Message::Lock, db, volunteers)
            }
            Message::Lock => {
                if self.actor.is_none() {
                    return (Task::none(), None);
                }
                self.locked = true;
                self.forget_pin();
                (Task::none(), Some(Event::Locked))
            }
            Message::Activity => {
                self.last_activity = Instant::now();
                (Task::none(), None)
            }
            Message::Tick => {
                let idle = self.last_activity.elapsed().as_secs();
                if self.lock_minutes > 0
                    && !self.locked
                    && self.actor.is_some()
                    && idle >= u64::from(self.lock_minutes) * 60
                {
                    return self.update(Message::Lock, db, volunteers);
                }
                (Task::none(), None)
            }
        }
    }

    /// The duty choice (at start, or locked), or the PIN panel of the volunteer chosen.
    pub fn view<'a>(
        &'a self,
        station: &'a str,
        volunteers: &'a [Volunteer],
        notice: Option<Element<'a, Message>>,
    ) -> Element<'a, Message> {
        let station = if station.is_empty() {
            "红娘工作台"
        } else {
            station
        };
        if let Some(id) = self.pin_for {
            let name = volunteers
                .iter()
                .find(|v| v.id == id)
                .map_or("", |v| v.name.as_str());
            let mut panel = column![
                text(station).size(style::TITLE),
                text(format!("{name},请输入您的密码,按回车")).size(style::TEXT + 2.0),
                text_input("密码", &self.pin)
                    .id(PIN_ID)
                    .secure(true)
                    .on_input(Message::PinChanged)
                    .on_submit(Message::PinSubmit)
                    .size(style::TITLE)
                    .padding(12)
                    .width(260)
                    .style(style::input(self.pin_error.is_some())),
                row![
                    widget::primary("确定", Some(Message::PinSubmit)),
                    widget::secondary("返回", Some(Message::PinBack)),
                ]
                .spacing(style::SPACING),
            ]
            .spacing(style::GAP)
            .max_width(600);
            if let Some((failures, until)) = self.pin_wait {
                // The seconds left, said again each second.
                let left = until.saturating_duration_since(Instant::now());
                let left = chrono::TimeDelta::seconds(left.as_secs_f64().ceil() as i64);
                panel = panel.push(
                    text(data::signin::wait_message(failures, left))
                        .size(style::TEXT)
                        .color(style::ERROR),
                );
            } else if let Some(error) = &self.pin_error {
                panel = panel.push(text(error).size(style::TEXT).color(style::ERROR));
            }
            return container(panel).center_x(Length::Fill).padding(40).into();
        }
        let mut choices = column![
            text(station).size(style::TITLE),
            text(if self.locked {
                "已锁定。请点您的名字继续。"
            } else {
                "今天是哪位红娘值班?请点您的名字。"
            })
            .size(style::TEXT + 2.0),
        ]
        .spacing(style::GAP)
        .max_width(600);
        // A lock that a name alone opens protects little: said above the names, where it is
        // seen however many there are, with the way to make it hold.
        let without: Vec<&str> = volunteers
            .iter()
            .filter(|v| v.active && !v.has_pin)
            .map(|v| v.name.as_str())
            .collect();
        if self.locked && !self.pin_required && !without.is_empty() {
            choices = choices.push(
                text(format!(
                    "{}点名字就能解锁。要让锁定真正管用,请在 设置 › 红娘志愿者 里给每位红娘设密码,再在 设置 › 锁定 里要求大家用密码值班。",
                    if without.len() == volunteers.iter().filter(|v| v.active).count() {
                        "还没有红娘设密码,".to_string()
                    } else {
                        format!("{}没有设密码,", without.join("、"))
                    }
                ))
                .size(style::TEXT)
                .color(style::AMBER),
            );
        }
        for volunteer in volunteers.iter().filter(|v| v.active) {
            choices = choices.push(
                widget::primary(
                    volunteer.name.as_str(),
                    Some(Message::ChooseDuty(volunteer.id)),
                )
                .width(Length::Fill)
                .padding(16),
            );
        }
        if let Some(error) = &self.error {
            choices = choices.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        if let Some(said) = &self.signed_out {
            choices = choices.push(text(said).size(style::TEXT).color(style::INK));
        }
        if let Some(notice) = notice {
            choices = choices.push(notice);
        }
        scrollable(container(choices).center_x(Length::Fill).padding(40)).into()
    }
}

#[derive(Debug, Clone)]
pub enum KeyMessage {
    Changed(String),
    Submit,
}

/// The database is encrypted: its password is asked before anything else.
#[derive(Debug, Default)]
pub struct DatabaseKey {
    key: String,
    error: Option<String>,
}

impl DatabaseKey {
    /// The database opened with the password typed, or `None` (the message says why).
    pub fn update(&mut self, message: KeyMessage, path: &Path) -> Option<Db> {
        match message {
            KeyMessage::Changed(typed) => {
                self.key = typed;
                self.error = None;
                None
            }
            KeyMessage::Submit => {
                data::cipher::set_key(path, Some(self.key.as_str()));
                match Db::open(path) {
                    Ok(db) => Some(db),
                    Err(problem) => {
                        data::cipher::set_key(path, None);
                        self.key.clear();
                        self.error = Some(match problem {
                            data::Error::WrongKey => "密码不对,请再试一次".to_string(),
                            other => other.to_string(),
                        });
                        None
                    }
                }
            }
        }
    }

    pub fn view(&self) -> Element<'_, KeyMessage> {
        let mut panel = column![
            text("红娘工作台").size(style::TITLE),
            text("这个工作站的数据库已加密。请输入数据库密码,按回车。").size(style::TEXT + 2.0),
            text_input("数据库密码", &self.key)
                .id(PIN_ID)
                .secure(true)
                .on_input(KeyMessage::Changed)
                .on_submit(KeyMessage::Submit)
                .size(style::HEADING)
                .padding(12)
                .width(360)
                .style(style::input(self.error.is_some())),
            widget::primary("打开", Some(KeyMessage::Submit)),
            widget::muted("密码由工作站管理员设置。忘记密码,数据就无法打开。"),
        ]
        .spacing(style::GAP)
        .max_width(640);
        if let Some(error) = &self.error {
            panel = panel.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        container(panel).center_x(Length::Fill).padding(40).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn volunteer(id: i64, name: &str) -> Volunteer {
        Volunteer {
            id,
            name: name.into(),
            active: true,
            has_pin: false,
            is_admin: false,
        }
    }

    #[test]
    fn after_a_restore_only_the_same_volunteer_stays_on_duty() {
        let db = Db::open_in_memory().unwrap();
        let lou = db.add_volunteer(&Actor::terminal(), "楼老师").unwrap().id;
        let mut session = Session::default();
        let _ = session.sign_in_without_pin(&db, lou);
        assert_eq!(session.on_duty(), Some(lou));
        let before = [volunteer(lou, "楼老师")];
        session.keep_if_active(&before, &[volunteer(lou, "楼老师")]);
        assert_eq!(session.on_duty(), Some(lou), "the same person");
        // Another station's backup: someone else under the same number.
        session.keep_if_active(&before, &[volunteer(lou, "朱大姐")]);
        assert_eq!(session.on_duty(), None, "signs in again");
    }
}
