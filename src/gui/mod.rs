//! The iced front end. The root owns the database and the indexes and switches screens; each
//! screen lives in `screen/` with its own messages and `update -> Action`; who is on duty is
//! `session`; work longer than a frame is `jobs`. Nothing here holds a rule of the station:
//! that is the core (`data`).

mod actions;
mod focus;
mod frame;
pub mod jobs;
pub mod keyed;
mod placement;
pub mod renderer;
pub mod screen;
pub mod session;
pub mod style;
pub mod table;
pub mod widget;

use crate::data::model::Volunteer;
use crate::data::pairing::PairingIndex;
use crate::data::search::SearchIndex;
use crate::data::{self, Db, backup};
pub use frame::run;
use iced::widget::row;
use iced::{Element, Length, Subscription, Task, window};
pub use jobs::RestoreEvent;
use screen::{
    detail, events, home, import, introductions, members, pair, preview, register, search,
    settings, statistics, welcome,
};
pub use session::PIN_ID;
use std::path::PathBuf;
use std::sync::Arc;
use style::TextScale;

/// The pages of the navigation, in the order of the station's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Register,
    Members,
    Search,
    Pair,
    Introductions,
    Events,
    Statistics,
    Settings,
}

impl Page {
    /// The navigation's pages, top to bottom.
    pub const NAVIGATION: [Page; 9] = [
        Page::Home,
        Page::Register,
        Page::Members,
        Page::Search,
        Page::Pair,
        Page::Introductions,
        Page::Events,
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
            Page::Events => "活动",
            Page::Statistics => "统计",
            Page::Settings => "设置",
        }
    }
}

#[allow(clippy::large_enum_variant)] // one screen exists at a time; boxing buys nothing
pub enum Screen {
    /// The database is encrypted: its password is asked before anything else.
    DatabaseKey(session::DatabaseKey),
    Welcome(welcome::Welcome),
    ChooseDuty,
    Home(home::Home),
    Register(register::Form),
    Members(members::MemberList),
    Search(search::Search),
    Detail(detail::Detail),
    Settings(settings::Settings),
    Pair(pair::Pair),
    Introductions(introductions::Introductions),
    Import(import::Import),
    Statistics(statistics::Statistics),
    Events(events::Events),
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
    /// Sign-in, PIN and lock.
    Session(session::Message),
    /// The password of an encrypted database, typed at start.
    DatabaseKey(session::KeyMessage),
    Welcome(welcome::Message),
    Home(home::Message),
    Register(register::Message),
    Members(members::Message),
    Search(search::Message),
    Detail(detail::Message),
    /// New indexes, built in the background (numbered: only the newest counts).
    IndexReady(u64, Result<Indexes, String>),
    Pair(pair::Message),
    Introductions(introductions::Message),
    Import(import::Message),
    Statistics(statistics::Message),
    Events(events::Message),
    /// The print preview.
    Print(preview::Message),
    /// News from a restore running in the background.
    Restore(RestoreEvent),
    /// The automatic backup at start finished (an error message if it failed).
    StartBackupDone(Option<String>),
    /// A sync with the district ended: what it did, or why not.
    DistrictSynced(Result<String, String>),
    Settings(settings::Message),
    DemoReady(Result<PathBuf, String>),
    /// The database came back from being encrypted (or decrypted) in the background.
    Encrypted(jobs::Encrypted),
    Shortcut(Shortcut),
    CloseRequested(window::Id),
    /// The answer to "leave without saving?".
    LeaveConfirmed,
    LeaveCancelled,
    DismissNotice,
    /// The one-second check after a start with the graphics card.
    RendererCheck(std::time::Instant),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    Save,
    /// After Tab: scroll the field that got the focus into view.
    ShowFocused,
    Up,
    Down,
    Escape,
    /// PgUp / PgDn: the print preview's page before or after.
    PageUp,
    PageDown,
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
    session: session::Session,
    text_scale: TextScale,
    screen: Screen,
    notice: Option<String>,
    leave_prompt: Option<Leave>,
    indexes: Option<Indexes>,
    index_generation: u64,
    /// An import or a restore is running on its own thread: stay on its page until it ends.
    job_running: bool,
    /// The database is being rewritten (encrypted) in the background: the window waits.
    busy: Option<&'static str>,
    /// Written through another connection (an import, a restore): worth a backup on exit.
    changed_in_background: bool,
    /// 打印预览, shown over the page it was opened from (which keeps its state).
    preview: Option<preview::Preview>,
    /// The pages a member or an introduction was opened from, the newest last: 返回 goes
    /// back to them as they were.
    behind: Vec<Screen>,
    /// Pages left through the navigation, kept as they were to come back to.
    kept: Kept,
    /// The day the paused members were last brought back (暂停到 that day): checked again
    /// when the day changes with the window open.
    day: chrono::NaiveDate,
    /// 现场登记 for this event: the member registered next is signed up for it.
    walk_in_event: Option<i64>,
    /// Why the last sync with the district failed, for 设置 (the station works on).
    district_failure: Option<String>,
    /// A sync under way, and when the last one started (the next comes half an hour later).
    district_syncing: bool,
    district_started: Option<std::time::Instant>,
    /// Whether the graphics card has shown the first frame and stayed up (renderer.rs).
    renderer_watch: renderer::Watch,
}

/// 查询, 配对, 牵线记录 and 会员 as the volunteer left them: the query, conditions, page and
/// chosen row; the member being paired; the filters.
#[derive(Default)]
struct Kept {
    search: Option<search::Search>,
    pair: Option<pair::Pair>,
    introductions: Option<introductions::Introductions>,
    members: Option<members::MemberList>,
}

/// How deep 返回 remembers (member → introduction → member …).
const BEHIND_MAX: usize = 12;

/// What 返回 says on a page opened from `screen`.
fn back_label(screen: &Screen) -> &'static str {
    match screen {
        Screen::Home(_) => "返回首页",
        Screen::Search(_) => "返回查询结果",
        Screen::Pair(_) => "返回配对",
        Screen::Introductions(_) => "返回牵线记录",
        Screen::Detail(_) => "返回会员资料",
        _ => "返回名单",
    }
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
            session: session::Session::default(),
            text_scale: TextScale::Standard,
            screen: Screen::ChooseDuty,
            notice: None,
            leave_prompt: None,
            indexes: None,
            index_generation: 0,
            job_running: false,
            busy: None,
            changed_in_background: false,
            preview: None,
            behind: Vec::new(),
            kept: Kept::default(),
            day: data::today(),
            walk_in_event: None,
            district_failure: None,
            district_syncing: false,
            district_started: None,
            renderer_watch: renderer::Watch::default(),
        };
        app.reload_station();
        app
    }

    /// The app on an encrypted database whose password was not given: it asks for it first.
    pub fn needs_key(db_path: PathBuf) -> Self {
        let mut app = Self::new(placeholder_db(), db_path);
        app.screen = Screen::DatabaseKey(session::DatabaseKey::default());
        app
    }

    /// What starts in the background once the window is up: the indexes and the day's backup
    /// (nothing while the database's password is still being asked).
    pub fn start(&mut self) -> Task<Message> {
        crate::system::clear_leftovers();
        if matches!(self.screen, Screen::DatabaseKey(_)) {
            return iced::widget::operation::focus(PIN_ID);
        }
        // The first start: the cursor waits in the station's name.
        let first = match self.screen {
            Screen::Welcome(_) => iced::widget::operation::focus(welcome::STATION_ID),
            _ => Task::none(),
        };
        Task::batch([
            first,
            self.rebuild_index(),
            self.backup_at_start(),
            self.ask_home_lists(),
            self.district_sync_at_start(),
        ])
    }

    /// Once the window is up, a sync with the district when the station joined one, and every
    /// half hour after (on the 15-second tick); a failure (no network) only shows in 设置 →
    /// 全区共享.
    fn district_sync_at_start(&mut self) -> Task<Message> {
        self.district_sync_now()
    }

    /// As if the last sync with the district had started `ago` (the tests' clock: the next
    /// tick syncs once half an hour has passed).
    #[doc(hidden)]
    pub fn district_sync_started_ago(&mut self, ago: std::time::Duration) {
        self.district_started = std::time::Instant::now().checked_sub(ago);
    }

    fn district_sync_now(&mut self) -> Task<Message> {
        // The demo database never joins (设置 says so); one sync at a time.
        if self.is_demo()
            || self.district_syncing
            || !matches!(self.db.district_settings(), Ok(Some(_)))
        {
            return Task::none();
        }
        self.district_syncing = true;
        self.district_started = Some(std::time::Instant::now());
        jobs::district_sync(self.db_path.clone(), self.session.acting().clone())
            .map(Message::DistrictSynced)
    }

    /// Opens the database again (if iced ever boots twice); on failure, says so on an empty
    /// in-memory database rather than crash.
    fn reopen(db_path: PathBuf) -> Self {
        match Db::open(&db_path) {
            Ok(db) => Self::new(db, db_path),
            Err(error) => {
                let mut app = Self::new(placeholder_db(), db_path);
                app.notice = Some(format!("数据库打不开:{error}"));
                app
            }
        }
    }

    /// Reads the station (name, volunteers, settings) from the database just opened; nobody is
    /// on duty yet, unless the station has one volunteer without a PIN.
    fn reload_station(&mut self) {
        self.station = self.db.station_name().ok().flatten().unwrap_or_default();
        self.volunteers = self.db.volunteers().unwrap_or_default();
        self.indexes = None;
        // Another database: nothing of the last one's pages comes back.
        self.behind.clear();
        self.kept = Kept::default();
        self.text_scale = TextScale::from_code(
            &self
                .db
                .setting("text_scale")
                .ok()
                .flatten()
                .unwrap_or_default(),
        );
        let lock_minutes = self
            .db
            .lock_minutes()
            .unwrap_or(data::signin::DEFAULT_LOCK_MINUTES);
        self.session = session::Session::new(lock_minutes);
        self.session
            .set_pin_required(self.db.pin_required().unwrap_or(false));
        self.resume_paused(data::today());
        // A database opened read-only (damaged, or with something in it the program did not
        // make) says so first, and where to restore it from.
        if let Some(why) = self.db.read_only() {
            self.notice = Some(why.to_string());
        }
        let active: Vec<&Volunteer> = self.volunteers.iter().filter(|v| v.active).collect();
        self.screen = if self.station.is_empty() || active.is_empty() {
            Screen::Welcome(welcome::Welcome::default())
        } else if let [only] = active.as_slice()
            && !only.has_pin
        {
            let _ = self.session.sign_in_without_pin(&self.db, only.id);
            self.home()
        } else {
            Screen::ChooseDuty
        };
    }

    /// The members whose 暂停 ends by `today` are 在册 again (the core's rule); the volunteer
    /// is told who. Returns whether anyone came back (the indexes are then out of date).
    pub fn resume_paused(&mut self, today: chrono::NaiveDate) -> bool {
        self.day = today;
        match self.db.resume_paused(today) {
            Ok(names) if names.is_empty() => false,
            Ok(names) => {
                self.notice = Some(format!("暂停到期,已自动恢复在册:{}", names.join("、")));
                true
            }
            Err(error) => {
                self.notice = Some(format!("暂停到期的会员没能恢复在册:{error}"));
                false
            }
        }
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn preview(&self) -> Option<&preview::Preview> {
        self.preview.as_ref()
    }

    /// Whether a PIN wait is counted down on screen (a tick each second).
    pub fn counting_down(&self) -> bool {
        self.session.counting_down()
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn is_locked(&self) -> bool {
        self.session.is_locked()
    }

    /// The generation the next `IndexReady` must carry (for tests that build the index).
    pub fn index_generation(&self) -> u64 {
        self.index_generation
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

    fn on_duty_volunteer(&self) -> Option<&Volunteer> {
        let id = self.session.on_duty()?;
        self.volunteers.iter().find(|v| v.id == id)
    }

    fn is_demo(&self) -> bool {
        self.db_path != self.main_db_path
    }

    fn home(&self) -> Screen {
        Screen::Home(home::Home::new(
            &self.db,
            self.is_demo(),
            self.session.acting(),
            data::today(),
        ))
    }

    /// A page of the navigation: 查询, 配对, 牵线记录 and 会员 come back as they were left.
    fn open_page(&mut self, page: Page) -> Task<Message> {
        // The way back ends here; the pages on it are kept to come back to.
        let left = std::mem::replace(&mut self.screen, Screen::ChooseDuty);
        let behind = std::mem::take(&mut self.behind);
        for screen in behind.into_iter().chain([left]) {
            self.keep(screen);
        }
        let kept = match page {
            Page::Search => self.kept.search.take().map(Screen::Search),
            Page::Pair => self.kept.pair.take().map(Screen::Pair),
            Page::Introductions => self.kept.introductions.take().map(Screen::Introductions),
            Page::Members => self.kept.members.take().map(Screen::Members),
            _ => None,
        };
        if let Some(screen) = kept {
            return self.restore(screen);
        }
        let mut task = Task::none();
        self.screen = match page {
            Page::Home => self.home(),
            Page::Register => {
                Screen::Register(register::Form::new(data::today(), self.on_duty_volunteer()))
            }
            Page::Members => Screen::Members(members::MemberList::new(&self.db)),
            Page::Settings => Screen::Settings(
                settings::Settings::new(&self.station, &self.db)
                    .with_district_failure(self.district_failure.clone()),
            ),
            Page::Search => Screen::Search(search::Search::new(&self.db)),
            Page::Pair => Screen::Pair(pair::Pair::new()),
            Page::Introductions => {
                Screen::Introductions(introductions::Introductions::new(&self.db))
            }
            Page::Events => Screen::Events(events::Events::new(&self.db, data::today())),
            Page::Statistics => {
                let (screen, count) = statistics::Statistics::new(&self.db);
                task = count.map(Message::Statistics);
                Screen::Statistics(screen)
            }
        };
        let focus = match page {
            Page::Register => iced::widget::operation::focus(register::Input::Field("name").id()),
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
        };
        Task::batch([task, focus])
    }

    /// Keeps a page that is being left, to come back to as it was.
    fn keep(&mut self, screen: Screen) {
        match screen {
            Screen::Search(screen) => self.kept.search = Some(screen),
            Screen::Pair(screen) => self.kept.pair = Some(screen),
            Screen::Introductions(screen) if !screen.is_from_elsewhere() => {
                self.kept.introductions = Some(screen)
            }
            Screen::Members(screen) => self.kept.members = Some(screen),
            _ => {}
        }
    }

    /// Opens `screen` from the current page, which 返回 comes back to (a form or a dialog-like
    /// page is not returned to).
    fn drill_into(&mut self, screen: Screen) {
        let left = std::mem::replace(&mut self.screen, screen);
        if matches!(
            left,
            Screen::Home(_)
                | Screen::Search(_)
                | Screen::Pair(_)
                | Screen::Introductions(_)
                | Screen::Members(_)
                | Screen::Detail(_)
        ) {
            if self.behind.len() == BEHIND_MAX {
                self.behind.remove(0);
            }
            self.behind.push(left);
        }
    }

    /// 返回: the page this one was opened from, as it was (read again: something may have
    /// changed); `fallback` when there is none.
    fn go_back(&mut self, fallback: Page) -> Task<Message> {
        match self.behind.pop() {
            Some(screen) => self.restore(screen),
            None => self.open_page(fallback),
        }
    }

    /// Puts a page back on screen, brought up to date.
    fn restore(&mut self, screen: Screen) -> Task<Message> {
        match screen {
            Screen::Search(mut screen) => {
                let ask = screen.returned();
                self.screen = Screen::Search(screen);
                Task::batch([
                    iced::widget::operation::focus(search::QUERY_ID),
                    self.search_action(ask),
                ])
            }
            Screen::Pair(mut screen) => {
                let task = screen.refresh(&self.db, self.indexes.as_ref());
                self.screen = Screen::Pair(screen);
                task.map(Message::Pair)
            }
            Screen::Introductions(mut screen) => {
                screen.returned(&self.db);
                self.screen = Screen::Introductions(screen);
                Task::none()
            }
            Screen::Members(mut screen) => {
                screen.load(&self.db);
                self.screen = Screen::Members(screen);
                Task::none()
            }
            Screen::Detail(page) => {
                self.screen = Screen::Detail(page.reread(&self.db).unwrap_or(page));
                Task::none()
            }
            Screen::Home(_) => {
                self.screen = self.home();
                Task::none()
            }
            other => {
                self.screen = other;
                Task::none()
            }
        }
    }

    /// A member's page, opened from the current page (which 返回 comes back to).
    fn open_member(&mut self, id: i64) {
        match detail::Detail::open(&self.db, id) {
            Ok(mut page) => {
                page.back_label = match &self.screen {
                    // From a form (just saved), 返回 goes where the form was opened from.
                    Screen::Register(_) => self.behind.last().map_or("返回名单", back_label),
                    screen => back_label(screen),
                };
                self.drill_into(Screen::Detail(page));
            }
            Err(error) => self.notice = Some(error.to_string()),
        }
    }

    /// The member's page read again in place (after a change on it).
    fn reload_member(&mut self) {
        let Screen::Detail(page) = &self.screen else {
            return;
        };
        match page.reread(&self.db) {
            Ok(fresh) => self.screen = Screen::Detail(fresh),
            Err(error) => self.notice = Some(error.to_string()),
        }
    }

    /// An introduction opened from the current page (a reminder, a member's timeline).
    fn open_introduction(&mut self, id: i64) {
        let back = back_label(&self.screen);
        let screen = introductions::Introductions::opened(&self.db, id, back);
        self.drill_into(Screen::Introductions(screen));
    }

    fn open_pair(&mut self, id: i64) -> Task<Message> {
        let (screen, task) = pair::Pair::for_member(&self.db, self.indexes.as_ref(), id);
        self.drill_into(Screen::Pair(screen));
        task.map(Message::Pair)
    }

    /// Opens the print preview of `job`; its pages are laid out in the background.
    fn open_preview(&mut self, job: data::print::Job) -> Task<Message> {
        self.preview = Some(preview::Preview::new(job.clone()));
        self.prepare_preview(job)
    }

    fn prepare_preview(&self, job: data::print::Job) -> Task<Message> {
        let actor = self.session.acting().clone();
        let for_message = job.clone();
        jobs::read(
            self.db_path.clone(),
            move |db| preview::prepare(db, &job, &actor),
            move |prepared| Message::Print(preview::Message::Ready(for_message.clone(), prepared)),
        )
    }

    /// Carries out what the search screen asked for.
    fn search_action(&mut self, action: search::Action) -> Task<Message> {
        match action {
            search::Action::None => Task::none(),
            search::Action::Search(generation, query, district) => {
                let Some(index) =
                    district.or_else(|| self.indexes.as_ref().map(|i| i.search.clone()))
                else {
                    return Task::none();
                };
                let today = data::today();
                jobs::compute(
                    move || index.search(&query, today),
                    move |results| {
                        Message::Search(search::Message::Results(
                            generation,
                            results.unwrap_or_default(),
                        ))
                    },
                )
            }
            search::Action::LoadDistrict => jobs::read(
                self.db_path.clone(),
                |db| {
                    Ok(std::sync::Arc::new(data::search::SearchIndex::of_profiles(
                        &db.district_mirror()?,
                    )))
                },
                |index| Message::Search(search::Message::DistrictIndex(index)),
            ),
            search::Action::Open(id) => {
                self.open_member(id);
                Task::none()
            }
            search::Action::Notice(notice) => {
                self.notice = Some(notice);
                Task::none()
            }
            search::Action::ShowSelected => {
                let fraction = match &self.screen {
                    Screen::Search(screen) => screen.selected_fraction(),
                    _ => 0.0,
                };
                iced::widget::operation::snap_to(
                    table::RESULTS_ID,
                    iced::widget::operation::RelativeOffset {
                        x: None,
                        y: Some(fraction),
                    },
                )
            }
        }
    }

    /// Builds new indexes in the background from a second connection to the file.
    pub fn rebuild_index(&mut self) -> Task<Message> {
        self.index_generation += 1;
        let generation = self.index_generation;
        jobs::indexes(self.db_path.clone(), move |result| {
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
        // A read-only database is not backed up: a damaged or changed copy is no backup.
        if self.is_demo() || self.station.is_empty() || self.db.read_only().is_some() {
            return Task::none();
        }
        jobs::read(
            self.db_path.clone(),
            |db| db.automatic_backup(chrono::Local::now().naive_local(), backup::Occasion::Start),
            |result| Message::StartBackupDone(result.err()),
        )
    }

    /// Leaves the form, or asks first when it has unsaved changes.
    fn leave(&mut self, leave: Leave) -> Task<Message> {
        if matches!(&self.screen, Screen::Register(form) if form.is_dirty()) {
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
        if self.busy.is_some() && !matches!(message, Message::Encrypted(_)) {
            // The database is away being rewritten; nothing else until it is back.
            return Task::none();
        }
        let task = match message {
            Message::Navigate(page) => {
                if !self.session.is_signed_in() && !matches!(self.screen, Screen::Welcome(_)) {
                    return Task::none();
                }
                if self.job_running {
                    self.notice =
                        Some("正在导入或恢复数据,请等它完成(或点“取消”)再离开这一页。".into());
                    return Task::none();
                }
                self.notice = None;
                self.preview = None;
                self.walk_in_event = None;
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
            Message::RendererCheck(now) => {
                self.renderer_watch.check(now);
                Task::none()
            }
            Message::CloseRequested(id) => self.leave(Leave::Exit(id)),
            Message::Session(message) => self.session_message(message),
            Message::DatabaseKey(message) => self.database_key(message),
            Message::Shortcut(shortcut) => self.shortcut(shortcut),
            Message::Welcome(message) => self.welcome(message),
            Message::DemoReady(result) => self.demo_ready(result),
            Message::Home(message) => self.home_message(message),
            Message::StartBackupDone(error) => self.start_backup_done(error),
            Message::DistrictSynced(outcome) => self.district_synced(outcome),
            Message::Restore(event) => self.restore_event(event),
            Message::Import(message) => self.import(message),
            Message::Statistics(message) => self.statistics(message),
            Message::Events(message) => self.events(message),
            Message::Print(message) => self.print(message),
            Message::Pair(message) => self.pair(message),
            Message::Introductions(message) => self.introductions_message(message),
            Message::Register(message) => self.register(message),
            Message::Members(message) => self.members(message),
            Message::IndexReady(generation, result) => self.index_ready(generation, result),
            Message::Search(message) => self.search(message),
            Message::Detail(message) => self.detail(message),
            Message::Settings(message) => self.settings(message),
            Message::Encrypted(done) => self.encrypted(done),
        };
        Task::batch([task, self.ask_home_lists()])
    }

    /// 首页 just shown: its lists that read the whole history are asked from the background
    /// (once for each time the page is shown).
    fn ask_home_lists(&mut self) -> Task<Message> {
        let Screen::Home(page) = &mut self.screen else {
            return Task::none();
        };
        if page.lists_asked {
            return Task::none();
        }
        page.lists_asked = true;
        let today = data::today();
        jobs::read(
            self.db_path.clone(),
            move |db| home::Lists::read(db, today),
            |lists| Message::Home(home::Message::ListsReady(lists)),
        )
    }

    pub fn subscription(&self) -> Subscription<Message> {
        // After a start with the graphics card, a check each second until it has proved itself.
        let watch = if self.renderer_watch.pending() {
            iced::time::every(std::time::Duration::from_secs(1)).map(Message::RendererCheck)
        } else {
            Subscription::none()
        };
        // A PIN wait on the lock or duty screen, counted down each second.
        let countdown = if self.session.counting_down() {
            iced::time::every(std::time::Duration::from_secs(1))
                .map(|_| Message::Session(session::Message::Second))
        } else {
            Subscription::none()
        };
        Subscription::batch([frame::subscription(), watch, countdown])
    }

    pub fn view(&self) -> Element<'_, Message> {
        // Under every page, a pixel that notes which renderer drew it (renderer.rs).
        iced::widget::stack![self.page_view(), renderer::Probe].into()
    }

    fn page_view(&self) -> Element<'_, Message> {
        if let Some(busy) = self.busy {
            return frame::busy(busy);
        }
        let notice = self.notice.as_deref().map(frame::notice);
        if self.session.is_locked() {
            // Only the sign-in panel: not even the "leave without saving?" question, which a
            // passer-by could answer for the volunteer (it is asked again after the unlock).
            return focus::chain(self.duty_view(notice));
        }
        let today = data::today();
        let content: Element<'_, Message> = match &self.screen {
            Screen::DatabaseKey(prompt) => {
                return focus::chain(prompt.view().map(Message::DatabaseKey));
            }
            Screen::Welcome(welcome) => return self.overlay(welcome.view().map(Message::Welcome)),
            Screen::ChooseDuty => return self.overlay(self.duty_view(notice)),
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
                    self.indexes.as_ref().map(|i| i.search.as_ref()),
                    &self.volunteers,
                    today,
                )
                .map(Message::Search),
            Screen::Detail(detail) => detail.view(today).map(Message::Detail),
            Screen::Pair(screen) => screen.view(today).map(Message::Pair),
            Screen::Import(screen) => screen.view().map(Message::Import),
            Screen::Statistics(screen) => screen.view().map(Message::Statistics),
            Screen::Events(screen) => screen.view(&self.volunteers, today).map(Message::Events),
            Screen::Introductions(screen) => {
                screen.view(&self.volunteers).map(Message::Introductions)
            }
            Screen::Settings(page) => page
                .view(
                    &self.volunteers,
                    self.session.on_duty(),
                    self.text_scale,
                    &self.db_path,
                    self.is_demo(),
                )
                .map(Message::Settings),
        };
        let page = match &self.preview {
            Some(preview) => preview.view().map(Message::Print),
            None => content,
        };
        // Keyed by the page shown: another page (or another member's, another event's) is laid
        // out afresh, at its top; the same page after an action keeps its scroll and focus.
        let page = iced::widget::keyed_column([(self.page_key(), page)]);
        let page = iced::widget::container(page)
            .padding(style::PAGE_PADDING)
            .width(Length::Fill)
            .height(Length::Fill);
        // Always a stack, with or without the notice on top: the page keeps its place in the
        // widget tree, so a notice appearing leaves its scroll and focus where they were.
        let main: Element<'_, Message> =
            iced::widget::Stack::new().push(page).extend(notice).into();
        let navigation = frame::navigation(
            self.current_page(),
            self.is_demo(),
            self.db.read_only().is_some(),
            self.on_duty_volunteer().map(|v| v.name.as_str()),
        );
        self.overlay(row![navigation, main].into())
    }

    fn duty_view<'a>(&'a self, notice: Option<Element<'a, Message>>) -> Element<'a, Message> {
        // The notice's 知道了 is a root message; the panel's own are the session's.
        let panel = self
            .session
            .view(&self.station, &self.volunteers, None)
            .map(Message::Session);
        iced::widget::Stack::new().push(panel).extend(notice).into()
    }

    /// Which page is on screen, as the widget tree should tell pages apart.
    fn page_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        std::mem::discriminant(&self.screen).hash(&mut hasher);
        match &self.screen {
            Screen::Detail(detail) => detail.member.id.hash(&mut hasher),
            Screen::Register(form) => form.editing_id().hash(&mut hasher),
            Screen::Pair(pair) => pair.member_id().hash(&mut hasher),
            Screen::Events(events) => events.view_key().hash(&mut hasher),
            Screen::Introductions(list) => list.opened_id().hash(&mut hasher),
            _ => {}
        }
        self.preview.is_some().hash(&mut hasher);
        hasher.finish()
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
            Screen::Events(_) => Some(Page::Events),
            Screen::Introductions(_) => Some(Page::Introductions),
            Screen::Welcome(_) | Screen::ChooseDuty | Screen::DatabaseKey(_) => None,
        }
    }

    /// Adds the "leave without saving?" question on top of the page when it is asked.
    /// Every page is also where Tab moves the focus (`focus::chain`).
    fn overlay<'a>(&'a self, base: Element<'a, Message>) -> Element<'a, Message> {
        // The question goes on top of the page, which stays where it is in the widget tree:
        // 回去继续填写 finds the sheet as it was, scrolled and focused.
        let dialog = self
            .leave_prompt
            .map(|leave| frame::leave_dialog(matches!(leave, Leave::Exit(_))));
        let page: Element<'a, Message> =
            iced::widget::Stack::new().push(base).extend(dialog).into();
        focus::chain(page)
    }
}

/// An empty database in memory: the window's connection while the real one is away (being
/// encrypted) or could not be opened.
fn placeholder_db() -> Db {
    #[allow(clippy::expect_used)] // only fails when out of memory
    Db::open_in_memory().expect("an in-memory database")
}

/// The demo database lives beside the station's own, never in it.
pub fn demo_path(main: &std::path::Path) -> PathBuf {
    main.with_file_name("hongniang-demo.db")
}
