//! 设置: station name, volunteers (add, rename, deactivate, PINs), who is on duty, text size, how
//! the window is drawn, the weights of the pairing ranking, the days before a reminder, backups,
//! the lock, encryption, the district and the log.
//!
//! One file per section, each with its state, `Message` and `update`; this page shows them one
//! under another, forwards each its messages and says over the page what a click did.

pub mod backups;
pub mod district;
pub mod drawing;
pub mod duties;
pub mod encryption;
pub mod lock;
pub mod reminders;
pub mod retention;
pub mod station;
pub mod volunteers;
pub mod weights;

use crate::data::model::Volunteer;
use crate::data::{Actor, Db};
use crate::gui::style::TextScale;
use crate::gui::{style, widget};
use iced::widget::{column, radio, row, text};
use iced::{Element, Task};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

#[derive(Debug, Clone)]
pub enum Message {
    /// 知道了 on the floating note.
    DismissNotice,
    Station(station::Message),
    Volunteers(volunteers::Message),
    Duties(duties::Message),
    TextScale(TextScale),
    BackToMainDatabase,
    Drawing(drawing::Message),
    Weights(weights::Message),
    Reminders(reminders::Message),
    Retention(retention::Message),
    Backups(backups::Message),
    Lock(lock::Message),
    Encryption(encryption::Message),
    District(district::Message),
}

/// What changed, for the root to refresh what it shows.
pub enum Action {
    None,
    /// Members were erased (保存期满): the search reads them again.
    MembersChanged,
    StationRenamed(String),
    VolunteersChanged,
    OnDuty(i64),
    TextScale(TextScale),
    BackToMainDatabase,
    /// Minutes before the program locks itself (0 = never).
    LockMinutes(u32),
    /// Every volunteer signs in with a PIN, or not.
    PinRequired(bool),
    /// A file dialog to run.
    Run(Task<Message>),
    /// Start restoring from the file; the flag stops it.
    Restore(PathBuf, Arc<AtomicBool>),
    /// Encrypt with this password (or change it); `None` removes the encryption.
    Encryption(Option<String>),
    /// Sync with the district in the background.
    SyncDistrict,
}

/// What a section's `update` did: what it asks of this page (`action`), and the note or the
/// error to show over the page.
pub struct Outcome<A> {
    action: A,
    notice: Option<String>,
    error: Option<String>,
}

impl<A> Outcome<A> {
    /// `action`, nothing said.
    pub fn then(action: A) -> Self {
        Self {
            action,
            notice: None,
            error: None,
        }
    }

    /// With a note over the page.
    pub fn notice(mut self, notice: impl Into<String>) -> Self {
        self.notice = Some(notice.into());
        self
    }

    /// With `error` over the page, unless something else went wrong already.
    pub fn or_error(mut self, error: String) -> Self {
        self.error.get_or_insert(error);
        self
    }
}

impl<A: Default> Outcome<A> {
    /// Nothing asked, nothing said.
    pub fn none() -> Self {
        Self::then(A::default())
    }

    /// Nothing asked, a note over the page.
    pub fn said(notice: impl Into<String>) -> Self {
        Self::none().notice(notice)
    }

    /// Refused or failed: said over the page.
    pub fn failed(error: impl ToString) -> Self {
        Self::none().or_error(error.to_string())
    }

    /// The outcome, or the error it met.
    pub fn of<E: ToString>(result: Result<Self, E>) -> Self {
        result.unwrap_or_else(Self::failed)
    }
}

/// Entries of the 操作记录 shown in 设置 (the newest).
const LOG_SHOWN: u64 = 40;

pub struct Settings {
    error: Option<String>,
    notice: Option<String>,
    station: station::Station,
    volunteers: volunteers::Volunteers,
    drawing: drawing::Drawing,
    weights: weights::PairingWeights,
    reminders: reminders::Reminders,
    retention: retention::Retention,
    backups: backups::Backups,
    lock: lock::Lock,
    duties: duties::Duties,
    encryption: encryption::Encryption,
    district: district::District,
    log: Vec<crate::data::audit::Entry>,
}

impl Settings {
    pub fn new(station_name: &str, db: &Db) -> Self {
        let mut settings = Self {
            error: None,
            notice: None,
            station: station::Station::new(station_name),
            volunteers: volunteers::Volunteers::default(),
            drawing: drawing::Drawing::read(),
            weights: weights::PairingWeights::default(),
            reminders: reminders::Reminders::default(),
            retention: retention::Retention::read(db),
            backups: backups::Backups::default(),
            lock: lock::Lock::read(db),
            duties: duties::Duties::read(db, crate::data::today()),
            encryption: encryption::Encryption::read(db),
            district: district::District::read(db),
            log: db.audit_log(LOG_SHOWN).unwrap_or_default(),
        };
        settings.reload_backups(db);
        let read = (|| {
            Ok::<_, crate::data::Error>((
                db.pairing_weights()?,
                db.follow_up_days()?,
                db.waiting_days()?,
                db.answer_days()?,
            ))
        })();
        match read {
            Ok((weights, days, waiting, answer)) => {
                settings.weights = weights::PairingWeights::new(weights);
                settings.reminders = reminders::Reminders::new(days, waiting, answer);
            }
            Err(error) => settings.error = Some(error.to_string()),
        }
        settings
    }

    /// With the failure of the last automatic sync, if it failed.
    pub fn with_district_failure(mut self, failure: Option<String>) -> Self {
        self.district = self.district.with_failure(failure);
        self
    }

    /// Reads the backups folder, the last backup and the backups in it again.
    pub fn reload_backups(&mut self, db: &Db) {
        if let Err(error) = self.backups.reload(db) {
            self.error = Some(error);
        }
    }

    /// How far the restore is (the root forwards it from the background).
    pub fn restore_progress(&mut self, progress: f32) {
        self.backups.restore_progress(progress);
    }

    /// The restore ended: `Ok` with a message, or the error (nothing changed).
    pub fn restore_finished(&mut self, db: &Db, result: Result<String, String>) {
        self.backups.restore_finished();
        match result {
            Ok(message) => self.notice = Some(message),
            Err(error) => self.error = Some(error),
        }
        self.reload_backups(db);
    }

    pub fn is_restoring(&self) -> bool {
        self.backups.is_restoring()
    }

    /// A sync ended (started here or automatically): what it did, or why not.
    pub fn district_synced(&mut self, db: &Db, outcome: &Result<String, String>) {
        let failure = outcome.as_ref().err().cloned();
        self.district = district::District::read(db).with_failure(failure);
        self.log = db.audit_log(LOG_SHOWN).unwrap_or_default();
    }

    /// The encryption changed (or failed): what the root reports back.
    pub fn encryption_done(&mut self, db: &Db, result: Result<String, String>) {
        if let Some(notice) = self.encryption.done(db, result) {
            self.notice = Some(notice);
        }
        self.reload_backups(db);
    }

    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Action {
        self.error = None;
        self.notice = None;
        match message {
            Message::DismissNotice => Action::None,
            Message::Station(message) => {
                let outcome = self.station.update(message, db);
                match self.say(outcome) {
                    station::Action::None => Action::None,
                    station::Action::Renamed(name) => Action::StationRenamed(name),
                }
            }
            Message::Volunteers(message) => {
                let outcome = self.volunteers.update(message, db, actor);
                match self.say(outcome) {
                    volunteers::Action::None => Action::None,
                    volunteers::Action::Changed => Action::VolunteersChanged,
                    volunteers::Action::OnDuty(id) => Action::OnDuty(id),
                }
            }
            Message::TextScale(scale) => match db.set_setting("text_scale", scale.code()) {
                Ok(()) => Action::TextScale(scale),
                Err(error) => {
                    self.error = Some(error.to_string());
                    Action::None
                }
            },
            Message::BackToMainDatabase => Action::BackToMainDatabase,
            Message::Drawing(message) => {
                let outcome = self.drawing.update(message);
                self.say(outcome);
                Action::None
            }
            Message::Weights(message) => {
                let outcome = self.weights.update(message, db);
                self.say(outcome);
                Action::None
            }
            Message::Reminders(message) => {
                let outcome = self.reminders.update(message, db);
                self.say(outcome);
                Action::None
            }
            Message::Retention(message) => {
                let outcome = self.retention.update(message, db, actor);
                let erased = self.say(outcome);
                self.log = db.audit_log(LOG_SHOWN).unwrap_or_default();
                if erased {
                    Action::MembersChanged
                } else {
                    Action::None
                }
            }
            Message::Backups(message) => {
                let outcome = self.backups.update(message, db, actor);
                match self.say(outcome) {
                    backups::Action::None => Action::None,
                    backups::Action::Run(task) => Action::Run(task.map(Message::Backups)),
                    backups::Action::Restore(file, cancel) => Action::Restore(file, cancel),
                }
            }
            Message::Duties(message) => {
                let outcome = self.duties.update(message, db, actor);
                self.say(outcome);
                self.log = db.audit_log(LOG_SHOWN).unwrap_or_default();
                Action::None
            }
            Message::Lock(message) => {
                let outcome = self.lock.update(message, db, actor);
                match self.say(outcome) {
                    lock::Action::None => Action::None,
                    lock::Action::LockMinutes(minutes) => Action::LockMinutes(minutes),
                    lock::Action::PinRequired(required) => Action::PinRequired(required),
                }
            }
            Message::Encryption(message) => match self.encryption.update(message, db, actor) {
                encryption::Action::None => Action::None,
                encryption::Action::Encryption(key) => Action::Encryption(key),
            },
            Message::District(message) => {
                let outcome = self.district.update(message, db, actor);
                match self.say(outcome) {
                    district::Action::None => Action::None,
                    district::Action::Run(task) => Action::Run(task.map(Message::District)),
                    district::Action::Sync => Action::SyncDistrict,
                }
            }
        }
    }

    /// Shows what a section said over the page, and gives what it asks.
    fn say<A>(&mut self, outcome: Outcome<A>) -> A {
        self.notice = outcome.notice;
        self.error = outcome.error;
        outcome.action
    }

    pub fn view<'a>(
        &'a self,
        volunteers: &'a [Volunteer],
        on_duty: Option<i64>,
        scale: TextScale,
        db_path: &'a Path,
        is_demo: bool,
    ) -> Element<'a, Message> {
        let sizes = row(TextScale::ALL.iter().map(|option| {
            radio(option.label(), *option, Some(scale), Message::TextScale)
                .text_size(style::TEXT)
                .size(20)
                .into()
        }))
        .spacing(24);

        let mut database =
            column![text(format!("数据库文件:{}", db_path.display())).size(style::TEXT)].spacing(8);
        if is_demo {
            database = database
                .push(widget::muted("现在打开的是演示数据库,里面都是虚构的会员。"))
                .push(widget::primary(
                    "回到本站正式数据库",
                    Some(Message::BackToMainDatabase),
                ));
        }

        let page = column![widget::heading("设置")].spacing(style::GAP);
        // What a demo database has not, said instead of the section.
        let unless_demo = |demo_words: &'static str, section: &dyn Fn() -> Element<'a, Message>| {
            if is_demo {
                widget::muted(demo_words)
            } else {
                section()
            }
        };
        // In the demo, the way back comes first.
        let (demo_first, database_last) = if is_demo {
            (Some(widget::section("数据", database)), None)
        } else {
            (None, Some(widget::section("数据", database)))
        };
        let sections = demo_first.into_iter().chain([
            widget::section(
                "站点名称(显示在窗口标题和打印的表上)",
                self.station.view().map(Message::Station),
            ),
            widget::section(
                "红娘志愿者",
                self.volunteers
                    .view(volunteers, on_duty)
                    .map(Message::Volunteers),
            ),
            widget::section("文字大小", sizes),
            widget::section("窗口绘制", self.drawing.view().map(Message::Drawing)),
            widget::section("配对排序的权重", self.weights.view().map(Message::Weights)),
            widget::section(
                "回访与等待提醒",
                self.reminders.view().map(Message::Reminders),
            ),
            widget::section(
                "资料保存期限",
                self.retention.view().map(Message::Retention),
            ),
            widget::section(
                "数据备份",
                unless_demo(
                    "演示数据库不做备份,也不能从备份恢复;回到本站正式数据库后再用这里。",
                    &|| self.backups.view().map(Message::Backups),
                ),
            ),
            widget::section("锁定与管理员", self.lock.view().map(Message::Lock)),
            widget::section("值班记录", self.duties.view().map(Message::Duties)),
            widget::section(
                "数据库加密",
                unless_demo("演示数据库不加密。", &|| {
                    self.encryption.view().map(Message::Encryption)
                }),
            ),
            widget::section(
                "全区共享",
                unless_demo("演示数据库不参加全区共享。", &|| {
                    self.district.view().map(Message::District)
                }),
            ),
            widget::section("操作记录(最近的在前)", self.log_view()),
        ]);
        let page = page.push(widget::sections(sections.chain(database_last).collect()));
        // What a click did is said over the page, where the eye is, not at its top.
        widget::with_toast(
            widget::with_alert(page, self.error.as_deref(), Message::DismissNotice),
            self.notice.as_deref(),
            Message::DismissNotice,
        )
    }

    fn log_view(&self) -> Element<'_, Message> {
        if self.log.is_empty() {
            return widget::muted("还没有记录。");
        }
        let mut lines = column![widget::muted(
            "登记、修改、导入、牵线、恢复、导出和查看完整号码都会记下是哪位红娘、什么时候、改了什么。每位会员的记录在其资料页。"
        )]
        .spacing(4);
        for entry in &self.log {
            lines = lines.push(widget::audit_line(entry, true));
        }
        lines.into()
    }
}
