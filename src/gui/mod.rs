//! The iced front end. The root owns the database and switches screens; each screen lives in
//! `screen/` with its own messages. Nothing here holds a rule of the station: that is `data`.

mod focus;
pub mod screen;
pub mod style;
pub mod table;
pub mod widget;

use crate::data::model::Volunteer;
use crate::data::pairing::PairingIndex;
use crate::data::search::{SavedQuery, SearchIndex};
use crate::data::{self, Actor, Db, backup, demo};
use iced::widget::{button, column, container, opaque, row, scrollable, stack, text};
use iced::{Alignment, Element, Length, Subscription, Task, keyboard, window};
use screen::{
    detail, history, home, import, members, pair, preview, register, search, settings, statistics,
    welcome,
};
use std::path::PathBuf;
use std::sync::Arc;
use style::TextScale;

/// The PIN box of the sign-in panel.
pub const PIN_ID: &str = "pin";

/// The pages of the navigation, in the order of the station's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Register,
    Members,
    Search,
    Pair,
    Introductions,
    Statistics,
    Settings,
}

impl Page {
    const NAVIGATION: [Page; 8] = [
        Page::Home,
        Page::Register,
        Page::Members,
        Page::Search,
        Page::Pair,
        Page::Introductions,
        Page::Statistics,
        Page::Settings,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Page::Home => "首页",
            Page::Register => "登记",
            Page::Members => "会员",
            Page::Search => "查询",
            Page::Pair => "配对",
            Page::Introductions => "牵线记录",
            Page::Statistics => "统计",
            Page::Settings => "设置",
        }
    }
}

#[allow(clippy::large_enum_variant)] // one screen exists at a time; boxing buys nothing
pub enum Screen {
    /// The database is encrypted: its password is asked before anything else.
    DatabaseKey {
        key: String,
        error: Option<String>,
    },
    Welcome(welcome::Welcome),
    ChooseDuty,
    Home(home::Home),
    Register(register::Form),
    Members(members::MemberList),
    Search(search::Search),
    Detail(detail::Detail),
    Settings(settings::Settings),
    Pair(pair::Pair),
    History(history::History),
    Import(import::Import),
    Statistics(statistics::Statistics),
}

/// The in-memory indexes built from the database in the background: the search and the
/// pairing pool.
#[derive(Debug, Clone)]
pub struct Indexes {
    pub search: Arc<SearchIndex>,
    pub pairing: Arc<PairingIndex>,
}

impl Indexes {
    pub fn build(db: &Db) -> data::Result<Self> {
        Ok(Self {
            search: Arc::new(SearchIndex::build(db)?),
            pairing: Arc::new(PairingIndex::build(db)?),
        })
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Navigate(Page),
    Welcome(welcome::Message),
    Home(home::Message),
    Register(register::Message),
    Members(members::Message),
    Search(search::Message),
    Detail(detail::Message),
    /// New indexes, built in the background (numbered: only the newest counts).
    IndexReady(u64, Result<Indexes, String>),
    Pair(pair::Message),
    History(history::Message),
    Import(import::Message),
    Statistics(statistics::Message),
    /// The print preview.
    Print(preview::Message),
    /// News from a restore running in the background.
    Restore(RestoreEvent),
    /// The automatic backup at start finished (an error message if it failed).
    StartBackupDone(Option<String>),
    Settings(settings::Message),
    ChooseDuty(i64),
    DemoReady(Result<PathBuf, String>),
    Shortcut(Shortcut),
    CloseRequested(window::Id),
    /// Lock the program now (Ctrl+L, the 锁定 button, or the idle time).
    Lock,
    /// A key or button was pressed: the program is in use.
    Activity,
    /// Every few seconds: time to lock?
    Tick,
    PinChanged(String),
    PinSubmit,
    /// The password of an encrypted database, typed at start.
    DatabaseKeyChanged(String),
    DatabaseKeySubmit,
    PinBack,
    /// The answer to "leave without saving?".
    LeaveConfirmed,
    LeaveCancelled,
    DismissNotice,
}

#[derive(Debug, Clone)]
pub enum RestoreEvent {
    Progress(f32),
    /// Where the data from before the restore was saved, or why it failed.
    Done(Result<String, String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    Save,
    FocusNext,
    FocusPrevious,
    Up,
    Down,
    Escape,
}

/// Where the volunteer wanted to go when the form had unsaved changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leave {
    To(Page),
    Cancel,
    Exit(window::Id),
}

pub struct App {
    db: Db,
    db_path: PathBuf,
    /// The station's own database, to come back to from the demo.
    main_db_path: PathBuf,
    station: String,
    volunteers: Vec<Volunteer>,
    /// The volunteer on duty, signed in (with their PIN, if they have one); `None` before.
    actor: Option<Actor>,
    text_scale: TextScale,
    screen: Screen,
    notice: Option<String>,
    leave_prompt: Option<Leave>,
    search_index: Option<Arc<SearchIndex>>,
    pairing_index: Option<Arc<PairingIndex>>,
    index_generation: u64,
    /// Locked: only the sign-in panel shows; the page underneath keeps what was typed.
    locked: bool,
    /// The volunteer whose PIN is being asked, what is typed, and a wrong-PIN message.
    pin_for: Option<i64>,
    pin: String,
    pin_error: Option<String>,
    last_activity: std::time::Instant,
    lock_minutes: u32,
    saved_queries: Vec<SavedQuery>,
    /// An import or a restore is running on its own thread: stay on its page until it ends.
    job_running: bool,
    /// Written through another connection (an import, a restore): worth a backup on exit.
    changed_in_background: bool,
    /// 打印预览, shown over the page it was opened from (which keeps its state).
    preview: Option<preview::Preview>,
}

impl App {
    /// The app on an opened database: the first-start page on an empty one, otherwise the
    /// choice of the volunteer on duty.
    pub fn new(db: Db, db_path: PathBuf) -> Self {
        let mut app = Self {
            db,
            main_db_path: db_path.clone(),
            db_path,
            station: String::new(),
            volunteers: Vec::new(),
            actor: None,
            text_scale: TextScale::Standard,
            screen: Screen::ChooseDuty,
            notice: None,
            leave_prompt: None,
            search_index: None,
            pairing_index: None,
            index_generation: 0,
            locked: false,
            pin_for: None,
            pin: String::new(),
            pin_error: None,
            last_activity: std::time::Instant::now(),
            lock_minutes: data::signin::DEFAULT_LOCK_MINUTES,
            job_running: false,
            changed_in_background: false,
            saved_queries: Vec::new(),
            preview: None,
        };
        app.reload_station();
        app
    }

    /// The app on an encrypted database whose password was not given: it asks for it first.
    pub fn needs_key(db_path: PathBuf) -> Self {
        #[allow(clippy::expect_used)] // only fails when out of memory
        let db = Db::open_in_memory().expect("an in-memory database");
        let mut app = Self::new(db, db_path);
        app.screen = Screen::DatabaseKey {
            key: String::new(),
            error: None,
        };
        app
    }

    /// What starts in the background once the window is up: the indexes and the day's backup
    /// (nothing while the database's password is still being asked).
    pub fn start(&mut self) -> Task<Message> {
        crate::system::clear_leftovers();
        if matches!(self.screen, Screen::DatabaseKey { .. }) {
            return iced::widget::operation::focus(PIN_ID);
        }
        Task::batch([self.rebuild_index(), self.backup_at_start()])
    }

    /// Opens the database again (if iced ever boots twice); on failure, says so on an empty
    /// in-memory database rather than crash.
    fn reopen(db_path: PathBuf) -> Self {
        match Db::open(&db_path) {
            Ok(db) => Self::new(db, db_path),
            Err(error) => {
                #[allow(clippy::expect_used)] // only fails when out of memory
                let db = Db::open_in_memory().expect("an in-memory database");
                let mut app = Self::new(db, db_path);
                app.notice = Some(format!("数据库打不开:{error}"));
                app
            }
        }
    }

    fn reload_station(&mut self) {
        self.station = self.db.station_name().ok().flatten().unwrap_or_default();
        self.volunteers = self.db.volunteers().unwrap_or_default();
        self.saved_queries = self.db.saved_queries().unwrap_or_default();
        self.search_index = None;
        self.pairing_index = None;
        self.text_scale = TextScale::from_code(
            &self
                .db
                .setting("text_scale")
                .ok()
                .flatten()
                .unwrap_or_default(),
        );
        self.actor = None;
        self.locked = false;
        self.pin_for = None;
        self.lock_minutes = self
            .db
            .lock_minutes()
            .unwrap_or(data::signin::DEFAULT_LOCK_MINUTES);
        let active: Vec<&Volunteer> = self.volunteers.iter().filter(|v| v.active).collect();
        self.screen = if self.station.is_empty() || active.is_empty() {
            Screen::Welcome(welcome::Welcome::default())
        } else if let [only] = active.as_slice()
            && !only.has_pin
        {
            self.actor = self.db.sign_in(only.id, "").ok();
            self.home()
        } else {
            Screen::ChooseDuty
        };
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The print preview, when one is open.
    pub fn preview(&self) -> Option<&preview::Preview> {
        self.preview.as_ref()
    }

    /// Opens the print preview of `job`; its pages are laid out in the background.
    fn open_preview(&mut self, job: data::print::Job) -> Task<Message> {
        self.preview = Some(preview::Preview::new(job.clone()));
        self.prepare_preview(job)
    }

    fn prepare_preview(&self, job: data::print::Job) -> Task<Message> {
        let path = self.db_path.clone();
        let actor = self.acting().clone();
        let for_message = job.clone();
        Task::perform(
            on_own_connection(path, move |db| preview::prepare(db, &job, &actor)),
            move |prepared| Message::Print(preview::Message::Ready(for_message.clone(), prepared)),
        )
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn title(&self) -> String {
        let duty = self
            .on_duty_volunteer()
            .map(|v| format!(" · 值班:{}", v.name))
            .unwrap_or_default();
        if self.station.is_empty() {
            "红娘工作台".to_string()
        } else {
            format!("{} · 红娘工作台{duty}", self.station)
        }
    }

    pub fn scale_factor(&self) -> f32 {
        self.text_scale.factor()
    }

    fn on_duty(&self) -> Option<i64> {
        self.actor.as_ref().and_then(Actor::volunteer)
    }

    /// Who is acting, for the core's operations: the volunteer on duty (nobody before the
    /// first sign-in, when only the first-start page shows).
    fn acting(&self) -> &Actor {
        static NOBODY: Actor = Actor::terminal();
        self.actor.as_ref().unwrap_or(&NOBODY)
    }

    fn on_duty_volunteer(&self) -> Option<&Volunteer> {
        self.on_duty()
            .and_then(|id| self.volunteers.iter().find(|v| v.id == id))
    }

    fn home(&self) -> Screen {
        let today = data::today();
        let days = self
            .db
            .follow_up_days()
            .unwrap_or(data::introductions::DEFAULT_FOLLOW_UP_DAYS);
        let backup_warning = if self.is_demo() {
            None
        } else {
            self.db
                .backup_status()
                .ok()
                .and_then(|status| status.warning(chrono::Local::now().naive_local()))
        };
        Screen::Home(home::Home {
            backup_warning,
            counts: self.db.member_counts(today).map_err(|e| e.to_string()),
            follow_ups: self.db.follow_ups(days, today).map_err(|e| e.to_string()),
            follow_up_days: days,
        })
    }

    fn is_demo(&self) -> bool {
        self.db_path != self.main_db_path
    }

    fn open_page(&mut self, page: Page) -> Task<Message> {
        self.screen = match page {
            Page::Home => self.home(),
            Page::Register => {
                Screen::Register(register::Form::new(data::today(), self.on_duty_volunteer()))
            }
            Page::Members => Screen::Members(members::MemberList::new(&self.db)),
            Page::Settings => Screen::Settings(settings::Settings::new(&self.station, &self.db)),
            Page::Search => Screen::Search(search::Search::new()),
            Page::Pair => Screen::Pair(pair::Pair::new()),
            Page::Introductions => Screen::History(history::History::new(&self.db)),
            Page::Statistics => Screen::Statistics(statistics::Statistics::new(&self.db)),
        };
        match page {
            Page::Register => iced::widget::operation::focus(register::Input::Name.id()),
            Page::Pair => iced::widget::operation::focus(pair::QUERY_ID),
            Page::Search => {
                let first = match &mut self.screen {
                    Screen::Search(screen) => screen.refresh(),
                    _ => search::Action::None,
                };
                Task::batch([
                    iced::widget::operation::focus(search::QUERY_ID),
                    self.search_action(first),
                ])
            }
            _ => Task::none(),
        }
    }

    fn open_member(&mut self, id: i64) {
        match self.db.member(id) {
            Ok(member) => {
                let photo = self.db.photo(id).ok().flatten();
                let introductions = self.db.introductions(Some(id)).map_err(|e| e.to_string());
                let log = self.db.audit_of_member(id).map_err(|e| e.to_string());
                self.screen =
                    Screen::Detail(detail::Detail::new(member, photo, introductions, log));
            }
            Err(error) => self.notice = Some(error.to_string()),
        }
    }

    /// Carries out what the search screen asked for.
    fn search_action(&mut self, action: search::Action) -> Task<Message> {
        match action {
            search::Action::None => Task::none(),
            search::Action::Search(generation, query) => {
                let Some(index) = self.search_index.clone() else {
                    return Task::none();
                };
                let today = data::today();
                Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || index.search(&query, today))
                            .await
                            .unwrap_or_default()
                    },
                    move |results| Message::Search(search::Message::Results(generation, results)),
                )
            }
            search::Action::Open(id) => {
                self.open_member(id);
                Task::none()
            }
            search::Action::SaveQuery(name, query) => {
                match self.db.save_query(&name, &query) {
                    Ok(all) => {
                        self.saved_queries = all;
                        if let Screen::Search(screen) = &mut self.screen {
                            screen.saved();
                        }
                        self.notice = Some(format!("已保存常用查询“{}”", name.trim()));
                    }
                    Err(error) => self.notice = Some(error.to_string()),
                }
                Task::none()
            }
            search::Action::DeleteSaved(name) => {
                match self.db.delete_saved_query(&name) {
                    Ok(all) => self.saved_queries = all,
                    Err(error) => self.notice = Some(error.to_string()),
                }
                Task::none()
            }
        }
    }

    /// Builds a new search index in the background from a second connection to the file.
    pub fn rebuild_index(&mut self) -> Task<Message> {
        self.index_generation += 1;
        let generation = self.index_generation;
        let path = self.db_path.clone();
        Task::perform(on_own_connection(path, Indexes::build), move |result| {
            Message::IndexReady(generation, result)
        })
    }

    /// The automatic backup when the window closes, if anything changed (never of the demo).
    fn backup_on_exit(&mut self) {
        if self.is_demo() {
            return;
        }
        let occasion = backup::Occasion::Exit {
            changed: self.db.changed_since_open() || self.changed_in_background,
        };
        // A failure is recorded in the settings; the home page warns at the next start.
        let _ = self
            .db
            .automatic_backup(chrono::Local::now().naive_local(), occasion);
    }

    /// The automatic backup at start (at most once a day), from a second connection in the
    /// background.
    pub fn backup_at_start(&self) -> Task<Message> {
        if self.is_demo() || self.station.is_empty() {
            return Task::none();
        }
        let path = self.db_path.clone();
        Task::perform(
            async move {
                on_own_connection(path, |db| {
                    db.automatic_backup(chrono::Local::now().naive_local(), backup::Occasion::Start)
                })
                .await
                .err()
            },
            Message::StartBackupDone,
        )
    }

    /// The generation the next `IndexReady` must carry (for tests that build the index).
    pub fn index_generation(&self) -> u64 {
        self.index_generation
    }

    fn form_is_dirty(&self) -> bool {
        matches!(&self.screen, Screen::Register(form) if form.is_dirty())
    }

    /// Leaves the form, or asks first when it has unsaved changes.
    fn leave(&mut self, leave: Leave) -> Task<Message> {
        if self.form_is_dirty() {
            self.leave_prompt = Some(leave);
            return Task::none();
        }
        self.do_leave(leave)
    }

    fn do_leave(&mut self, leave: Leave) -> Task<Message> {
        match leave {
            Leave::To(page) => self.open_page(page),
            Leave::Exit(id) => {
                self.backup_on_exit();
                crate::system::clear_temporary();
                window::close(id)
            }
            Leave::Cancel => {
                let editing = match &self.screen {
                    Screen::Register(form) => form.editing_id(),
                    _ => None,
                };
                match editing {
                    Some(id) => {
                        self.open_member(id);
                        Task::none()
                    }
                    None => self.open_page(Page::Home),
                }
            }
        }
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        // Who acts in this message (a sign-in below changes it for the next one).
        let actor = self.acting().clone();
        match message {
            Message::Navigate(page) => {
                if self.actor.is_none() && !matches!(self.screen, Screen::Welcome(_)) {
                    return Task::none();
                }
                if self.job_running {
                    self.notice =
                        Some("正在导入或恢复数据,请等它完成(或点“取消”)再离开这一页。".into());
                    return Task::none();
                }
                self.notice = None;
                self.preview = None;
                self.leave(Leave::To(page))
            }
            Message::LeaveConfirmed => match self.leave_prompt.take() {
                Some(leave) => self.do_leave(leave),
                None => Task::none(),
            },
            Message::LeaveCancelled => {
                self.leave_prompt = None;
                Task::none()
            }
            Message::DismissNotice => {
                self.notice = None;
                Task::none()
            }
            Message::CloseRequested(id) => self.leave(Leave::Exit(id)),
            Message::ChooseDuty(id) => {
                let needs_pin = self.volunteers.iter().any(|v| v.id == id && v.has_pin);
                if needs_pin {
                    self.pin_for = Some(id);
                    self.pin.clear();
                    self.pin_error = None;
                    return iced::widget::operation::focus(PIN_ID);
                }
                match self.db.sign_in(id, "") {
                    Ok(actor) => self.sign_in(actor),
                    Err(error) => self.notice = Some(error.to_string()),
                }
                Task::none()
            }
            Message::DatabaseKeyChanged(typed) => {
                if let Screen::DatabaseKey { key, error } = &mut self.screen {
                    *key = typed;
                    *error = None;
                }
                Task::none()
            }
            Message::DatabaseKeySubmit => {
                let Screen::DatabaseKey { key, error } = &mut self.screen else {
                    return Task::none();
                };
                data::cipher::set_key(&self.db_path, Some(key.as_str()));
                match Db::open(&self.db_path) {
                    Ok(db) => {
                        self.db = db;
                        self.reload_station();
                        self.start()
                    }
                    Err(problem) => {
                        data::cipher::set_key(&self.db_path, None);
                        key.clear();
                        *error = Some(match problem {
                            data::Error::WrongKey => "密码不对,请再试一次".to_string(),
                            other => other.to_string(),
                        });
                        Task::none()
                    }
                }
            }
            Message::PinChanged(pin) => {
                self.pin = pin;
                Task::none()
            }
            Message::PinSubmit => {
                let Some(id) = self.pin_for else {
                    return Task::none();
                };
                match self.db.sign_in(id, &self.pin) {
                    Ok(actor) => self.sign_in(actor),
                    Err(data::Error::WrongPin) => {
                        self.pin.clear();
                        self.pin_error = Some("PIN 不对,请再试一次".into());
                    }
                    Err(error) => self.pin_error = Some(error.to_string()),
                }
                Task::none()
            }
            Message::PinBack => {
                self.pin_for = None;
                self.pin.clear();
                self.pin_error = None;
                Task::none()
            }
            Message::Lock => {
                if self.actor.is_some() {
                    self.locked = true;
                    // The next volunteer does not see a number revealed for the last one.
                    if let Screen::Detail(detail) = &mut self.screen {
                        detail.hide_contacts();
                    }
                    // Nor a sheet previewed (perhaps with full contacts) for the last one.
                    self.preview = None;
                    self.pin_for = None;
                    self.pin.clear();
                    self.pin_error = None;
                    // The list of volunteers may have changed since the start.
                    self.volunteers = self.db.volunteers().unwrap_or_default();
                }
                Task::none()
            }
            Message::Activity => {
                self.last_activity = std::time::Instant::now();
                Task::none()
            }
            Message::Tick => {
                let idle = self.last_activity.elapsed().as_secs();
                if self.lock_minutes > 0
                    && !self.locked
                    && self.actor.is_some()
                    && idle >= u64::from(self.lock_minutes) * 60
                {
                    return self.update(Message::Lock);
                }
                Task::none()
            }
            Message::Shortcut(_) if self.locked => Task::none(),
            Message::Shortcut(Shortcut::Escape) if self.preview.is_some() => {
                self.update(Message::Print(preview::Message::Close))
            }
            Message::Shortcut(shortcut) => match shortcut {
                Shortcut::Save => match &self.screen {
                    Screen::Register(_) if self.preview.is_none() => {
                        self.update(Message::Register(register::Message::Save))
                    }
                    _ => Task::none(),
                },
                Shortcut::Up | Shortcut::Down | Shortcut::Escape => {
                    let message = match shortcut {
                        Shortcut::Up => search::Message::Move(-1),
                        Shortcut::Down => search::Message::Move(1),
                        _ => search::Message::Clear,
                    };
                    if matches!(self.screen, Screen::Search(_)) {
                        let task = self.update(Message::Search(message));
                        let fraction = match &self.screen {
                            Screen::Search(screen) => screen.selected_fraction(),
                            _ => 0.0,
                        };
                        Task::batch([
                            task,
                            iced::widget::operation::focus(search::QUERY_ID),
                            iced::widget::operation::snap_to(
                                table::RESULTS_ID,
                                iced::widget::operation::RelativeOffset {
                                    x: None,
                                    y: Some(fraction),
                                },
                            ),
                        ])
                    } else {
                        Task::none()
                    }
                }
                Shortcut::FocusNext => focus::move_focus(true),
                Shortcut::FocusPrevious => focus::move_focus(false),
            },
            Message::Welcome(message) => {
                let Screen::Welcome(welcome) = &mut self.screen else {
                    return Task::none();
                };
                match welcome.update(message, &mut self.db) {
                    welcome::Action::None => Task::none(),
                    welcome::Action::Started(volunteer) => {
                        self.reload_station();
                        self.actor = self.db.sign_in(volunteer, "").ok();
                        self.screen = self.home();
                        self.rebuild_index()
                    }
                    welcome::Action::OpenDemo => {
                        let path = demo_path(&self.main_db_path);
                        Task::perform(make_demo(path), Message::DemoReady)
                    }
                }
            }
            Message::DemoReady(result) => {
                match result.and_then(|path| {
                    Db::open(&path)
                        .map(|db| (db, path))
                        .map_err(|e| e.to_string())
                }) {
                    Ok((db, path)) => {
                        self.db = db;
                        self.db_path = path;
                        self.reload_station();
                        self.notice = Some(
                            "已打开演示数据库:会员都是虚构的。要回到正式数据库,请到「设置」。"
                                .into(),
                        );
                    }
                    Err(error) => {
                        if let Screen::Welcome(welcome) = &mut self.screen {
                            welcome.demo_busy = false;
                        }
                        self.notice = Some(format!("演示数据库没有打开:{error}"));
                    }
                }
                self.rebuild_index()
            }
            Message::Home(message) => match message {
                home::Message::Register => self.open_page(Page::Register),
                home::Message::Members => self.open_page(Page::Members),
                home::Message::Pair => self.open_page(Page::Pair),
                home::Message::OpenIntroduction(id) => {
                    self.screen = Screen::History(history::History::opened(&self.db, id));
                    Task::none()
                }
            },
            Message::StartBackupDone(error) => {
                if let Some(error) = error {
                    self.notice = Some(format!("自动备份没有成功:{error}"));
                }
                if let Screen::Home(_) = self.screen {
                    self.screen = self.home();
                }
                Task::none()
            }
            Message::Restore(RestoreEvent::Progress(progress)) => {
                if let Screen::Settings(page) = &mut self.screen {
                    page.restore_progress(progress);
                }
                Task::none()
            }
            Message::Restore(RestoreEvent::Done(result)) => {
                let restored = result.is_ok();
                self.job_running = false;
                if restored {
                    self.changed_in_background = true;
                    // Everything may have changed: volunteers, station, settings.
                    // The volunteer who restored stays on duty if the restored data still
                    // has them, active.
                    let actor = self.actor.take();
                    let locked = self.locked;
                    self.reload_station();
                    self.locked = locked;
                    if let Some(actor) = actor
                        && self
                            .volunteers
                            .iter()
                            .any(|v| Some(v.id) == actor.volunteer() && v.active)
                    {
                        self.actor = Some(actor);
                    }
                    if self.actor.is_some() {
                        self.screen =
                            Screen::Settings(settings::Settings::new(&self.station, &self.db));
                    }
                }
                if let Screen::Settings(page) = &mut self.screen {
                    page.restore_finished(&self.db, result);
                } else if let Err(error) = result {
                    self.notice = Some(error);
                }
                if restored {
                    self.rebuild_index()
                } else {
                    Task::none()
                }
            }
            Message::Import(message) => {
                // A finished import changed the members, whichever page is shown now.
                let imported = matches!(message, import::Message::Finished(Ok(_)));
                if matches!(message, import::Message::Finished(_)) {
                    self.job_running = false;
                }
                if imported {
                    self.changed_in_background = true;
                }
                let Screen::Import(screen) = &mut self.screen else {
                    return if imported {
                        self.rebuild_index()
                    } else {
                        Task::none()
                    };
                };
                let task = match screen.update(message) {
                    import::Action::None => Task::none(),
                    import::Action::Run(task) => task.map(Message::Import),
                    import::Action::Members => self.open_page(Page::Members),
                    import::Action::Preview(generation, table, mapping) => {
                        let path = self.db_path.clone();
                        Task::perform(
                            on_own_connection(path, move |db| {
                                data::import::preview(db, &table, &mapping, data::today())
                                    .map(Arc::new)
                            }),
                            move |result| {
                                Message::Import(import::Message::Previewed(generation, result))
                            },
                        )
                    }
                    import::Action::Import(preview, duplicates, cancel) => {
                        self.job_running = true;
                        import_task(
                            self.db_path.clone(),
                            preview,
                            duplicates,
                            actor.clone(),
                            cancel,
                        )
                    }
                };
                if imported {
                    Task::batch([task, self.rebuild_index()])
                } else {
                    task
                }
            }
            Message::Statistics(message) => {
                let Screen::Statistics(screen) = &mut self.screen else {
                    return Task::none();
                };
                match screen.update(message, &self.db, &actor) {
                    statistics::Action::None => Task::none(),
                    statistics::Action::Run(task) => task.map(Message::Statistics),
                    statistics::Action::Print(job) => self.open_preview(job),
                }
            }
            Message::Print(message) => {
                let Some(preview) = &mut self.preview else {
                    return Task::none();
                };
                match preview.update(message) {
                    preview::Action::None => Task::none(),
                    preview::Action::Run(task) => task.map(Message::Print),
                    preview::Action::Prepare(job) => self.prepare_preview(job),
                    preview::Action::Close => {
                        self.preview = None;
                        // Printing full contacts or own data wrote to the member's 操作记录.
                        if let Screen::Detail(detail) = &self.screen {
                            let id = detail.member.id;
                            self.open_member(id);
                        }
                        Task::none()
                    }
                }
            }
            Message::Pair(message) => {
                let Screen::Pair(screen) = &mut self.screen else {
                    return Task::none();
                };
                match screen.update(
                    message,
                    &self.db,
                    self.search_index.as_deref(),
                    self.pairing_index.as_deref(),
                ) {
                    pair::Action::None => Task::none(),
                    pair::Action::OpenMember(id) => {
                        self.open_member(id);
                        Task::none()
                    }
                    pair::Action::Introduce {
                        member,
                        candidate,
                        date,
                    } => match self.db.add_introduction(
                        member,
                        candidate,
                        date,
                        &actor,
                        data::today(),
                    ) {
                        Ok(introduction) => {
                            self.notice = Some(format!(
                                "已记录介绍:{} 与 {}({})。以后的进展请到「牵线记录」登记。",
                                introduction.name_a,
                                introduction.name_b,
                                introduction.introduced_on
                            ));
                            if let Screen::Pair(screen) = &mut self.screen {
                                screen.introduced(&self.db, self.pairing_index.as_deref());
                            }
                            self.rebuild_index()
                        }
                        Err(error) => {
                            if let Screen::Pair(screen) = &mut self.screen {
                                screen.refused(error.to_string());
                            }
                            Task::none()
                        }
                    },
                }
            }
            Message::History(message) => {
                let Screen::History(screen) = &mut self.screen else {
                    return Task::none();
                };
                match screen.update(message, &mut self.db, &actor) {
                    history::Action::None => Task::none(),
                    history::Action::OpenMember(id) => {
                        self.open_member(id);
                        Task::none()
                    }
                    // Statuses may have changed (已婚): the pools must know.
                    history::Action::Changed => self.rebuild_index(),
                }
            }
            Message::Register(message) => {
                let Screen::Register(form) = &mut self.screen else {
                    return Task::none();
                };
                match form.update(
                    message,
                    &mut self.db,
                    &self.volunteers,
                    &actor,
                    data::today(),
                ) {
                    register::Action::None => Task::none(),
                    register::Action::Run(task) => task.map(Message::Register),
                    register::Action::Cancel => self.leave(Leave::Cancel),
                    register::Action::Print(job) => self.open_preview(job),
                    register::Action::Saved(member) => {
                        self.notice = Some(format!(
                            "已保存:{},会员编号 {}",
                            member.data.name, member.number
                        ));
                        self.open_member(member.id);
                        self.rebuild_index()
                    }
                }
            }
            Message::Members(message) => {
                let Screen::Members(list) = &mut self.screen else {
                    return Task::none();
                };
                match list.update(message, &self.db) {
                    members::Action::None => Task::none(),
                    members::Action::Open(id) => {
                        self.open_member(id);
                        Task::none()
                    }
                    members::Action::NewMember => self.open_page(Page::Register),
                    members::Action::Search => self.open_page(Page::Search),
                    members::Action::Import => {
                        self.screen = Screen::Import(import::Import::new());
                        Task::none()
                    }
                    members::Action::Print(job) => self.open_preview(job),
                }
            }
            Message::IndexReady(generation, result) => {
                if generation != self.index_generation {
                    return Task::none();
                }
                match result {
                    Ok(indexes) => {
                        self.search_index = Some(indexes.search);
                        self.pairing_index = Some(indexes.pairing);
                        match &mut self.screen {
                            Screen::Pair(screen) => {
                                screen.refresh(&self.db, self.pairing_index.as_deref());
                                Task::none()
                            }
                            Screen::Search(screen) => {
                                let action = screen.index_replaced();
                                self.search_action(action)
                            }
                            _ => Task::none(),
                        }
                    }
                    Err(error) => {
                        self.notice = Some(format!("查询准备失败:{error}"));
                        Task::none()
                    }
                }
            }
            Message::Search(message) => {
                let Screen::Search(screen) = &mut self.screen else {
                    return Task::none();
                };
                let action = match message {
                    search::Message::ApplySaved(i) => match self.saved_queries.get(i) {
                        Some(saved) => screen.apply(saved),
                        None => search::Action::None,
                    },
                    search::Message::DeleteSaved(i) => match self.saved_queries.get(i) {
                        Some(saved) => search::Action::DeleteSaved(saved.name.clone()),
                        None => search::Action::None,
                    },
                    message => {
                        screen.update(message, self.search_index.as_deref(), &self.volunteers)
                    }
                };
                self.search_action(action)
            }
            Message::Detail(message) => {
                let Screen::Detail(detail) = &mut self.screen else {
                    return Task::none();
                };
                match message {
                    detail::Message::ExportOwn => {
                        let name = format!("{}-个人资料.json", detail.member.data.name);
                        Task::perform(
                            widget::save_dialog("保存本人资料", name, "JSON", &["json"]),
                            |path| Message::Detail(detail::Message::ExportTo(path)),
                        )
                    }
                    detail::Message::ExportTo(None) => Task::none(),
                    detail::Message::ExportTo(Some(path)) => {
                        let id = detail.member.id;
                        self.notice = Some(
                            match self.db.export_own_data(&actor, id).and_then(|json| {
                                std::fs::write(&path, json).map_err(|source| data::Error::Folder {
                                    path: path.clone(),
                                    source,
                                })
                            }) {
                                Ok(()) => format!("本人资料已保存到 {}", path.display()),
                                Err(error) => error.to_string(),
                            },
                        );
                        self.open_member(id);
                        Task::none()
                    }
                    detail::Message::AskDelete => {
                        detail.asking_delete = true;
                        Task::none()
                    }
                    detail::Message::CancelDelete => {
                        detail.asking_delete = false;
                        Task::none()
                    }
                    detail::Message::ConfirmDelete => {
                        let id = detail.member.id;
                        detail.asking_delete = false;
                        match self.db.anonymise_member(&actor, id) {
                            Ok(()) => {
                                self.notice = Some("已按本人要求删除个人资料".into());
                                self.open_member(id);
                                return self.rebuild_index();
                            }
                            Err(error) => self.notice = Some(error.to_string()),
                        }
                        Task::none()
                    }
                    detail::Message::Reveal => {
                        let id = detail.member.id;
                        match self.db.reveal_contact(&actor, id) {
                            Ok(_) => detail
                                .revealed(self.db.audit_of_member(id).map_err(|e| e.to_string())),
                            Err(error) => self.notice = Some(error.to_string()),
                        }
                        Task::none()
                    }
                    detail::Message::Back => self.open_page(Page::Members),
                    detail::Message::Print(job) => self.open_preview(job),
                    detail::Message::Pair => {
                        let id = detail.member.id;
                        self.screen = Screen::Pair(pair::Pair::for_member(
                            &self.db,
                            self.pairing_index.as_deref(),
                            id,
                        ));
                        Task::none()
                    }
                    detail::Message::OpenIntroduction(id) => {
                        self.screen = Screen::History(history::History::opened(&self.db, id));
                        Task::none()
                    }
                    detail::Message::Edit => {
                        let member = detail.member.clone();
                        let photo = self.db.photo(member.id).ok().flatten();
                        self.screen = Screen::Register(register::Form::edit(&member, photo));
                        iced::widget::operation::focus(register::Input::Name.id())
                    }
                }
            }
            Message::Settings(message) => {
                let Screen::Settings(page) = &mut self.screen else {
                    return Task::none();
                };
                let action = page.update(message, &self.db, &actor);
                // Volunteer names and the database itself show in search results.
                let rebuild = matches!(
                    action,
                    settings::Action::VolunteersChanged | settings::Action::BackToMainDatabase
                );
                match action {
                    settings::Action::None => {}
                    settings::Action::StationRenamed(name) => self.station = name,
                    settings::Action::VolunteersChanged => {
                        self.volunteers = self.db.volunteers().unwrap_or_default();
                        if self.on_duty_volunteer().is_none_or(|v| !v.active) {
                            self.actor = None;
                            self.screen = Screen::ChooseDuty;
                        }
                    }
                    settings::Action::OnDuty(id) => {
                        // Someone else on duty: with their PIN, if they have one.
                        if self.volunteers.iter().any(|v| v.id == id && v.has_pin) {
                            self.locked = true;
                            self.pin_for = Some(id);
                            self.pin.clear();
                            self.pin_error = None;
                            return iced::widget::operation::focus(PIN_ID);
                        }
                        match self.db.sign_in(id, "") {
                            Ok(actor) => self.actor = Some(actor),
                            Err(error) => self.notice = Some(error.to_string()),
                        }
                    }
                    settings::Action::TextScale(scale) => self.text_scale = scale,
                    settings::Action::LockMinutes(minutes) => self.lock_minutes = minutes,
                    settings::Action::BackToMainDatabase => match Db::open(&self.main_db_path) {
                        Ok(db) => {
                            self.db = db;
                            self.db_path = self.main_db_path.clone();
                            self.reload_station();
                            self.notice = Some("已回到本站正式数据库".into());
                        }
                        Err(error) => self.notice = Some(error.to_string()),
                    },
                    settings::Action::Run(task) => return task.map(Message::Settings),
                    settings::Action::Restore(file, cancel) => {
                        if let Err(error) = self.db.may(&actor, data::Permission::Restore) {
                            page.restore_finished(&self.db, Err(error.to_string()));
                            return Task::none();
                        }
                        self.job_running = true;
                        return restore_task(self.db_path.clone(), file, cancel, actor.clone());
                    }
                    settings::Action::Encryption(_) if self.job_running => {
                        page.encryption_done(
                            &self.db,
                            Err("正在导入或恢复数据,请等它完成再设置加密".into()),
                        );
                        return Task::none();
                    }
                    settings::Action::Encryption(key) => {
                        let now = chrono::Local::now().naive_local();
                        let result = self
                            .db
                            .set_encryption(&actor, key.as_deref(), now)
                            .map(|backup| {
                                let backup = match backup {
                                    Ok(_) => "并已做了一份新的备份".to_string(),
                                    Err(error) => format!("但备份失败:{error}"),
                                };
                                match key {
                                    Some(_) => format!(
                                        "数据库已用新密码加密,{backup}。下次打开程序要输入这个密码。"
                                    ),
                                    None => format!("已取消数据库加密,{backup}。"),
                                }
                            })
                            .map_err(|e| e.to_string());
                        page.encryption_done(&self.db, result);
                        return Task::none();
                    }
                }
                if rebuild {
                    self.rebuild_index()
                } else {
                    Task::none()
                }
            }
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let keys = keyboard::listen().filter_map(|event| match event {
            keyboard::Event::KeyPressed { key, modifiers, .. } => match key.as_ref() {
                keyboard::Key::Character("s") if modifiers.command() => {
                    Some(Message::Shortcut(Shortcut::Save))
                }
                keyboard::Key::Character("l") if modifiers.command() => Some(Message::Lock),
                keyboard::Key::Named(keyboard::key::Named::Tab) if modifiers.shift() => {
                    Some(Message::Shortcut(Shortcut::FocusPrevious))
                }
                keyboard::Key::Named(keyboard::key::Named::Tab) => {
                    Some(Message::Shortcut(Shortcut::FocusNext))
                }
                _ => None,
            },
            _ => None,
        });
        // Esc is taken by a focused text box, so these are read before the widgets see them.
        let navigation = iced::event::listen_with(|event, _status, _window| match event {
            iced::Event::Keyboard(keyboard::Event::KeyPressed {
                key: keyboard::Key::Named(named),
                ..
            }) => match named {
                keyboard::key::Named::ArrowUp => Some(Message::Shortcut(Shortcut::Up)),
                keyboard::key::Named::ArrowDown => Some(Message::Shortcut(Shortcut::Down)),
                keyboard::key::Named::Escape => Some(Message::Shortcut(Shortcut::Escape)),
                _ => None,
            },
            _ => None,
        });
        // Any press counts as use, for the idle lock.
        let activity = iced::event::listen_with(|event, _status, _window| match event {
            iced::Event::Keyboard(keyboard::Event::KeyPressed { .. })
            | iced::Event::Mouse(iced::mouse::Event::ButtonPressed(_))
            | iced::Event::Mouse(iced::mouse::Event::WheelScrolled { .. }) => {
                Some(Message::Activity)
            }
            _ => None,
        });
        let tick = iced::time::every(std::time::Duration::from_secs(15)).map(|_| Message::Tick);
        Subscription::batch([
            keys,
            navigation,
            activity,
            tick,
            window::close_requests().map(Message::CloseRequested),
        ])
    }

    pub fn view(&self) -> Element<'_, Message> {
        if self.locked {
            return self.overlay(self.duty_view());
        }
        let today = data::today();
        let content: Element<'_, Message> = match &self.screen {
            Screen::DatabaseKey { key, error } => return database_key_view(key, error.as_deref()),
            Screen::Welcome(welcome) => return self.overlay(welcome.view().map(Message::Welcome)),
            Screen::ChooseDuty => return self.overlay(self.duty_view()),
            Screen::Home(home) => home
                .view(
                    &self.station,
                    self.on_duty_volunteer().map(|v| v.name.as_str()),
                    today,
                )
                .map(Message::Home),
            Screen::Register(form) => form.view(&self.volunteers).map(Message::Register),
            Screen::Members(list) => list.view(today).map(Message::Members),
            Screen::Search(screen) => screen
                .view(
                    self.search_index.as_deref(),
                    &self.volunteers,
                    &self.saved_queries,
                    today,
                )
                .map(Message::Search),
            Screen::Detail(detail) => detail.view(today).map(Message::Detail),
            Screen::Pair(screen) => screen.view(today).map(Message::Pair),
            Screen::Import(screen) => screen.view().map(Message::Import),
            Screen::Statistics(screen) => screen.view().map(Message::Statistics),
            Screen::History(screen) => screen.view(&self.volunteers).map(Message::History),
            Screen::Settings(page) => page
                .view(
                    &self.volunteers,
                    self.on_duty(),
                    self.text_scale,
                    &self.db_path,
                    self.is_demo(),
                )
                .map(Message::Settings),
        };
        let mut main = column![]
            .spacing(style::SPACING)
            .padding(style::PAGE_PADDING)
            .height(Length::Fill);
        if let Some(notice) = &self.notice {
            main = main.push(self.notice_view(notice));
        }
        main = match &self.preview {
            Some(preview) => main.push(preview.view().map(Message::Print)),
            None => main.push(content),
        };
        self.overlay(row![self.navigation(), main].into())
    }

    fn current_page(&self) -> Option<Page> {
        match &self.screen {
            Screen::Home(_) => Some(Page::Home),
            Screen::Register(form) if form.is_new() => Some(Page::Register),
            Screen::Register(_) | Screen::Members(_) | Screen::Detail(_) | Screen::Import(_) => {
                Some(Page::Members)
            }
            Screen::Settings(_) => Some(Page::Settings),
            Screen::Search(_) => Some(Page::Search),
            Screen::Pair(_) => Some(Page::Pair),
            Screen::Statistics(_) => Some(Page::Statistics),
            Screen::History(_) => Some(Page::Introductions),
            Screen::Welcome(_) | Screen::ChooseDuty | Screen::DatabaseKey { .. } => None,
        }
    }

    fn navigation(&self) -> Element<'_, Message> {
        let current = self.current_page();
        let mut nav = column![
            text("红娘工作台")
                .size(style::HEADING - 2.0)
                .color(style::RED),
            widget::muted(if self.is_demo() { "演示数据" } else { "" }),
        ]
        .spacing(10)
        .padding(14)
        .width(style::NAV_WIDTH);
        for page in Page::NAVIGATION {
            nav = nav.push(
                button(text(page.label()).size(style::TEXT + 1.0))
                    .width(Length::Fill)
                    .padding([12, 16])
                    .style(style::buttons::nav(current == Some(page)))
                    .on_press(Message::Navigate(page)),
            );
        }
        if let Some(volunteer) = self.on_duty_volunteer() {
            nav = nav
                .push(iced::widget::space::vertical())
                .push(widget::muted(format!("值班:{}", volunteer.name)))
                .push(
                    button(text("锁定 (Ctrl+L)").size(style::SMALL))
                        .width(Length::Fill)
                        .padding([8, 10])
                        .style(style::buttons::secondary)
                        .on_press(Message::Lock),
                );
        }
        container(nav)
            .height(Length::Fill)
            .style(style::containers::nav)
            .into()
    }

    fn notice_view<'a>(&'a self, notice: &'a str) -> Element<'a, Message> {
        widget::banner(
            row![
                text(notice).size(style::TEXT).width(Length::Fill),
                widget::secondary("知道了", Some(Message::DismissNotice))
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center),
            style::containers::success_banner,
        )
    }

    /// Signs `actor` in: on duty from now on, and the lock (if any) lifted.
    fn sign_in(&mut self, actor: Actor) {
        self.actor = Some(actor);
        self.pin_for = None;
        self.pin.clear();
        self.pin_error = None;
        self.last_activity = std::time::Instant::now();
        if self.locked {
            self.locked = false;
        } else {
            self.screen = self.home();
        }
    }

    pub fn is_locked(&self) -> bool {
        self.locked
    }

    fn duty_view(&self) -> Element<'_, Message> {
        let station = if self.station.is_empty() {
            "红娘工作台"
        } else {
            &self.station
        };
        if let Some(id) = self.pin_for {
            let name = self
                .volunteers
                .iter()
                .find(|v| v.id == id)
                .map_or("", |v| v.name.as_str());
            let mut panel = column![
                text(station).size(style::TITLE),
                text(format!("{name},请输入您的 PIN,按回车")).size(style::TEXT + 2.0),
                iced::widget::text_input("PIN", &self.pin)
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
            if let Some(error) = &self.pin_error {
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
        for volunteer in self.volunteers.iter().filter(|v| v.active) {
            choices = choices.push(
                widget::primary(
                    volunteer.name.as_str(),
                    Some(Message::ChooseDuty(volunteer.id)),
                )
                .width(Length::Fill)
                .padding(16),
            );
        }
        if let Some(notice) = &self.notice {
            choices = choices.push(self.notice_view(notice));
        }
        scrollable(container(choices).center_x(Length::Fill).padding(40)).into()
    }

    /// Adds the "leave without saving?" question on top of the page when it is asked.
    fn overlay<'a>(&'a self, base: Element<'a, Message>) -> Element<'a, Message> {
        let Some(leave) = self.leave_prompt else {
            return base;
        };
        let question = match leave {
            Leave::Exit(_) => "登记表还没有保存。现在关闭程序,刚才填写的内容会丢失。",
            _ => "登记表还没有保存。现在离开,刚才填写的内容会丢失。",
        };
        let dialog = container(
            column![
                text("还没有保存").size(style::HEADING),
                text(question).size(style::TEXT),
                row![
                    widget::primary("回去继续填写", Some(Message::LeaveCancelled)),
                    widget::danger("不保存,离开", Some(Message::LeaveConfirmed)),
                ]
                .spacing(style::SPACING),
            ]
            .spacing(style::GAP),
        )
        .padding(28)
        .max_width(560)
        .style(style::containers::dialog);
        stack![
            base,
            opaque(
                container(dialog)
                    .center(Length::Fill)
                    .style(style::containers::backdrop)
            )
        ]
        .into()
    }
}

/// Restores `file` into the database at `db_path` on a thread of its own, reporting progress;
/// setting `cancel` stops it with nothing changed.
fn restore_task(
    db_path: PathBuf,
    file: PathBuf,
    cancel: Arc<std::sync::atomic::AtomicBool>,
    actor: Actor,
) -> Task<Message> {
    let (sender, receiver) = iced::futures::channel::mpsc::unbounded();
    std::thread::spawn(move || {
        let now = chrono::Local::now().naive_local();
        let result = Db::open(&db_path).and_then(|mut db| {
            db.restore_with_progress(&actor, &file, now, &mut |progress| {
                let _ = sender.unbounded_send(RestoreEvent::Progress(progress));
                !cancel.load(std::sync::atomic::Ordering::Relaxed)
            })
        });
        let _ = sender.unbounded_send(RestoreEvent::Done(
            result
                .map(|saved| {
                    format!(
                        "已从“{}”恢复。恢复前的数据另存在 {}",
                        file.display(),
                        saved.path.display()
                    )
                })
                .map_err(|e| e.to_string()),
        ));
    });
    Task::run(receiver, Message::Restore)
}

/// Imports the previewed rows on a thread of its own, reporting progress; setting `cancel`
/// stops it with nothing written.
fn import_task(
    db_path: PathBuf,
    preview: Arc<data::import::Preview>,
    duplicates: data::import::Duplicates,
    actor: Actor,
    cancel: Arc<std::sync::atomic::AtomicBool>,
) -> Task<Message> {
    let (sender, receiver) = iced::futures::channel::mpsc::unbounded();
    std::thread::spawn(move || {
        let result = Db::open(&db_path).and_then(|mut db| {
            db.import(
                &preview,
                duplicates,
                &actor,
                data::today(),
                &mut |done, total| {
                    let _ = sender.unbounded_send(import::Message::Progress(done, total));
                    !cancel.load(std::sync::atomic::Ordering::Relaxed)
                },
            )
        });
        let _ = sender.unbounded_send(import::Message::Finished(result.map_err(|e| e.to_string())));
    });
    Task::run(receiver, Message::Import)
}

/// The demo database lives beside the station's own, never in it.
pub fn demo_path(main: &std::path::Path) -> PathBuf {
    main.with_file_name("hongniang-demo.db")
}

/// Runs `work` off the UI thread on a connection of its own to the database file (SQLite's WAL
/// lets it read while the window's connection is in use); errors come back as their message.
async fn on_own_connection<T: Send + 'static>(
    path: PathBuf,
    work: impl FnOnce(&Db) -> data::Result<T> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(move || {
        Db::open(&path)
            .and_then(|db| work(&db))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Opens the demo database, filling it with 2000 synthetic members the first time.
async fn make_demo(path: PathBuf) -> Result<PathBuf, String> {
    tokio::task::spawn_blocking(move || {
        let mut db = Db::open(&path).map_err(|e| e.to_string())?;
        if db.count_members().map_err(|e| e.to_string())? == 0 {
            demo::generate(&mut db, 2000, 1, data::today(), &mut |_| {})
                .map_err(|e| e.to_string())?;
        }
        Ok(path)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Opens the window on the database at `db_path`.
pub fn run(db_path: PathBuf) -> iced::Result {
    let opened = Db::open(&db_path);
    let settings = iced::Settings {
        default_font: style::FONT,
        default_text_size: style::TEXT.into(),
        fonts: vec![style::FONT_BYTES.into()],
        ..iced::Settings::default()
    };
    let opened = match opened {
        Ok(db) => Ok(App::new(db, db_path.clone())),
        Err(data::Error::NeedsKey | data::Error::WrongKey) => Ok(App::needs_key(db_path.clone())),
        Err(error) => Err(error),
    };
    match opened {
        Ok(app) => {
            // iced multiplies the window size by the app's scale, so a station that chose large
            // text still gets a window that fits its screen; it opens maximised anyway.
            let scale = app.scale_factor();
            let window = window::Settings {
                size: iced::Size::new(1280.0 / scale, 800.0 / scale),
                min_size: Some(iced::Size::new(900.0 / scale, 600.0 / scale)),
                maximized: true,
                exit_on_close_request: false,
                ..window::Settings::default()
            };
            let start = std::cell::RefCell::new(Some(app));
            iced::application(
                move || {
                    // Boot runs once; a second call (never made by iced) reopens the database.
                    let mut app = start
                        .borrow_mut()
                        .take()
                        .unwrap_or_else(|| App::reopen(db_path.clone()));
                    let tasks = app.start();
                    (app, tasks)
                },
                App::update,
                App::view,
            )
            .settings(settings)
            .title(App::title)
            .theme(|_: &App| style::theme())
            .subscription(App::subscription)
            .scale_factor(App::scale_factor)
            .window(window)
            .run()
        }
        Err(error) => failure::run(settings, error.to_string()),
    }
}

/// The question for the password of an encrypted database, at start.
fn database_key_view<'a>(key: &'a str, error: Option<&'a str>) -> Element<'a, Message> {
    let mut panel = column![
        text("红娘工作台").size(style::TITLE),
        text("这个工作站的数据库已加密。请输入数据库密码,按回车。").size(style::TEXT + 2.0),
        iced::widget::text_input("数据库密码", key)
            .id(PIN_ID)
            .secure(true)
            .on_input(Message::DatabaseKeyChanged)
            .on_submit(Message::DatabaseKeySubmit)
            .size(style::HEADING)
            .padding(12)
            .width(360)
            .style(style::input(error.is_some())),
        widget::primary("打开", Some(Message::DatabaseKeySubmit)),
        widget::muted("密码由工作站管理员设置。忘记密码,数据就无法打开。"),
    ]
    .spacing(style::GAP)
    .max_width(640);
    if let Some(error) = error {
        panel = panel.push(text(error).size(style::TEXT).color(style::ERROR));
    }
    container(panel).center_x(Length::Fill).padding(40).into()
}

/// A window that only says why the database could not be opened.
mod failure {
    use super::{style, widget};
    use iced::widget::{column, container, text};
    use iced::{Element, Length, Task};

    #[derive(Debug, Clone)]
    pub struct Close;

    pub fn run(settings: iced::Settings, message: String) -> iced::Result {
        eprintln!("错误:{message}");
        iced::application(
            move || message.clone(),
            |_: &mut String, _: Close| -> Task<Close> { iced::exit() },
            view,
        )
        .settings(settings)
        .title("红娘工作台")
        .theme(|_: &String| style::theme())
        .window_size((800.0, 400.0))
        .run()
    }

    #[allow(clippy::ptr_arg)] // the state of this tiny app is the message itself
    fn view(message: &String) -> Element<'_, Close> {
        container(
            column![
                text("数据库打不开").size(style::TITLE),
                text(message.as_str()).size(style::TEXT),
                text("请把这段话告诉负责电脑的同志。数据没有被改动。").size(style::TEXT),
                widget::primary("关闭", Some(Close)),
            ]
            .spacing(style::GAP)
            .max_width(700),
        )
        .center(Length::Fill)
        .padding(40)
        .into()
    }
}
