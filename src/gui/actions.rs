//! How the root answers what its screens ask (their `Action`s) and the news of background
//! work: switching screens, opening the preview, handing the database to a job, rebuilding the
//! indexes. The rules behind each step are the core's.

use super::screen::{
    detail, events, home, import, introductions, members, pair, preview, register, search,
    settings, statistics, welcome,
};
use super::{
    App, Indexes, Leave, Message, Page, RestoreEvent, Screen, Shortcut, demo_path, focus, jobs,
    placeholder_db, session, table,
};
use crate::data::district::RequestAnswer;
use crate::data::{self, Db};
use iced::Task;
use std::path::PathBuf;
use std::sync::Arc;

/// How often the window syncs with the district while it is open.
const DISTRICT_EVERY: std::time::Duration = std::time::Duration::from_secs(30 * 60);

impl App {
    pub(super) fn session_message(&mut self, message: session::Message) -> Task<Message> {
        // A new day with the window open: the pauses ending today end.
        let today = data::today();
        let resumed = matches!(message, session::Message::Tick)
            && today != self.day
            && self.session.is_signed_in()
            && self.resume_paused(today);
        // While the window is open, the district every half hour: requests arrive during the day.
        let district = if matches!(message, session::Message::Tick)
            && self
                .district_started
                .is_some_and(|at| at.elapsed() >= DISTRICT_EVERY)
        {
            self.district_sync_now()
        } else {
            Task::none()
        };
        let (task, event) = self.session.update(message, &self.db, &self.volunteers);
        let task = Task::batch([task.map(Message::Session), district]);
        match event {
            None => {}
            // Back from the lock: the page underneath is as it was, but for the rota, which
            // is the one now on duty's (their own duties, what they may arrange).
            Some(session::Event::SignedIn { was_locked: true }) => {
                if let Screen::Home(page) = &mut self.screen {
                    page.rota = crate::gui::screen::rota::Panel::read(
                        &self.db,
                        self.session.acting(),
                        data::today(),
                    );
                }
            }
            Some(session::Event::SignedIn { was_locked: false }) => self.screen = self.home(),
            Some(session::Event::Locked) => {
                // The next volunteer does not see a number revealed for the last one,
                if let Screen::Detail(detail) = &mut self.screen {
                    detail.hide_contacts();
                }
                // nor a sheet previewed (perhaps with full contacts) for the last one.
                self.preview = None;
                // The list of volunteers may have changed since the start.
                self.volunteers = self.db.volunteers().unwrap_or_default();
            }
        }
        if resumed {
            if let Screen::Home(_) = self.screen {
                self.screen = self.home();
            }
            return Task::batch([task, self.rebuild_index()]);
        }
        task
    }

    pub(super) fn shortcut(&mut self, shortcut: Shortcut) -> Task<Message> {
        if self.session.is_locked() {
            return Task::none();
        }
        match shortcut {
            Shortcut::Escape if self.preview.is_some() => {
                self.update(Message::Print(preview::Message::Close))
            }
            Shortcut::PageUp | Shortcut::PageDown => {
                if self.preview.is_none() {
                    return Task::none();
                }
                let step = if matches!(shortcut, Shortcut::PageUp) {
                    -1
                } else {
                    1
                };
                self.update(Message::Print(preview::Message::Turn(step)))
            }
            Shortcut::Save => match &self.screen {
                Screen::Register(_) if self.preview.is_none() => {
                    self.update(Message::Register(register::Message::Save))
                }
                // The event's form, like the registration form.
                Screen::Events(page) if page.form_open() && self.preview.is_none() => self.update(
                    Message::Events(events::Message::Form(events::form::Message::Save)),
                ),
                _ => Task::none(),
            },
            // 配对's box before a member is chosen: ↑/↓ mark the member Enter chooses.
            Shortcut::Up | Shortcut::Down if matches!(&self.screen, Screen::Pair(p) if p.member_id().is_none()) =>
            {
                let step = if matches!(shortcut, Shortcut::Up) {
                    -1
                } else {
                    1
                };
                Task::batch([
                    self.update(Message::Pair(pair::Message::Move(step))),
                    iced::widget::operation::focus(pair::QUERY_ID),
                ])
            }
            Shortcut::Up | Shortcut::Down | Shortcut::Escape => {
                if !matches!(self.screen, Screen::Search(_)) {
                    return Task::none();
                }
                let message = match shortcut {
                    Shortcut::Up => search::Message::Move(-1),
                    Shortcut::Down => search::Message::Move(1),
                    _ => search::Message::Clear,
                };
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
            }
            Shortcut::ShowFocused => focus::show_focused(),
        }
    }

    pub(super) fn welcome(&mut self, message: welcome::Message) -> Task<Message> {
        let Screen::Welcome(welcome) = &mut self.screen else {
            return Task::none();
        };
        match welcome.update(message, &mut self.db) {
            welcome::Action::None => Task::none(),
            welcome::Action::Started(volunteer) => {
                self.reload_station();
                let sign_in = self.session.sign_in_without_pin(&self.db, volunteer);
                self.screen = self.home();
                Task::batch([sign_in.map(Message::Session), self.rebuild_index()])
            }
            welcome::Action::OpenDemo => {
                jobs::demo(demo_path(&self.main_db_path), Message::DemoReady)
            }
        }
    }

    pub(super) fn restore_event(&mut self, event: RestoreEvent) -> Task<Message> {
        let result = match event {
            RestoreEvent::Progress(progress) => {
                if let Screen::Settings(page) = &mut self.screen {
                    page.restore_progress(progress);
                }
                return Task::none();
            }
            RestoreEvent::Done(result) => result,
        };
        self.job_running = false;
        let restored = result.is_ok();
        if restored {
            self.changed_in_background = true;
            // A database opened read-only (damaged, or changed by hand) can be written again
            // once restored: opened afresh, its notice gone.
            if self.db.read_only().is_some() {
                match Db::open(&self.db_path) {
                    Ok(db) => {
                        self.db = db;
                        self.notice = None;
                    }
                    Err(error) => self.notice = Some(format!("数据库没能重新打开:{error}")),
                }
            }
            // Everything may have changed: volunteers, station, settings. The volunteer who
            // restored stays on duty if the restored data still has them, active.
            let session = std::mem::take(&mut self.session);
            let before = std::mem::take(&mut self.volunteers);
            self.reload_station();
            self.session = session;
            self.session.keep_if_active(&before, &self.volunteers);
            if let Ok(minutes) = self.db.lock_minutes() {
                self.session.set_lock_minutes(minutes);
            }
            self.session
                .set_pin_required(self.db.pin_required().unwrap_or(false));
            self.screen = if self.session.is_signed_in() {
                Screen::Settings(
                    settings::Settings::new(&self.station, &self.db)
                        .with_district_failure(self.district_failure.clone()),
                )
            } else {
                Screen::ChooseDuty
            };
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

    pub(super) fn import(&mut self, message: import::Message) -> Task<Message> {
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
            import::Action::Preview(generation, table, mapping, consent) => jobs::read(
                self.db_path.clone(),
                move |db| {
                    data::import::preview(db, &table, &mapping, consent, data::today())
                        .map(Arc::new)
                },
                move |result| Message::Import(import::Message::Previewed(generation, result)),
            ),
            import::Action::Import(preview, duplicates, cancel) => {
                self.job_running = true;
                jobs::import(
                    self.db_path.clone(),
                    preview,
                    duplicates,
                    self.session.acting().clone(),
                    cancel,
                )
                .map(Message::Import)
            }
        };
        if imported {
            Task::batch([task, self.rebuild_index()])
        } else {
            task
        }
    }

    pub(super) fn print(&mut self, message: preview::Message) -> Task<Message> {
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
                if let Screen::Detail(detail) = &mut self.screen {
                    detail.reload_log(&self.db);
                }
                Task::none()
            }
        }
    }

    pub(super) fn pair(&mut self, message: pair::Message) -> Task<Message> {
        let Screen::Pair(screen) = &mut self.screen else {
            return Task::none();
        };
        let actor = self.session.acting();
        match screen.update(message, &mut self.db, actor, self.indexes.as_ref()) {
            pair::Action::None => Task::none(),
            pair::Action::Run(task) => task.map(Message::Pair),
            pair::Action::OpenMember(id) => {
                self.open_member(id);
                Task::none()
            }
            pair::Action::Introduced(notice, again) => {
                self.notice = Some(notice);
                Task::batch([again.map(Message::Pair), self.rebuild_index()])
            }
        }
    }

    pub(super) fn detail(&mut self, message: detail::Message) -> Task<Message> {
        let actor = self.session.acting().clone();
        let Screen::Detail(detail) = &mut self.screen else {
            return Task::none();
        };
        match detail.update(message, &mut self.db, &actor) {
            detail::Action::None => Task::none(),
            detail::Action::Run(task) => task.map(Message::Detail),
            detail::Action::Notice(notice) => {
                self.notice = Some(notice);
                Task::none()
            }
            detail::Action::Changed(notice) => {
                self.notice = Some(notice);
                self.reload_member();
                self.rebuild_index()
            }
            detail::Action::Back(page) => self.go_back(page),
            detail::Action::Print(job) => self.open_preview(job),
            detail::Action::Pair(id) => self.open_pair(id),
            detail::Action::OpenIntroduction(id) => {
                self.open_introduction(id);
                Task::none()
            }
            detail::Action::Edit(member, photo) => {
                self.screen = Screen::Register(register::Form::edit(&member, photo));
                iced::widget::operation::focus(register::Input::Field("name").id())
            }
        }
    }

    pub(super) fn settings(&mut self, message: settings::Message) -> Task<Message> {
        let actor = self.session.acting().clone();
        let Screen::Settings(page) = &mut self.screen else {
            return Task::none();
        };
        let action = page.update(message, &self.db, &actor);
        // Volunteer names and the database itself show in search results.
        let rebuild = matches!(
            action,
            settings::Action::VolunteersChanged
                | settings::Action::BackToMainDatabase
                | settings::Action::MembersChanged
        );
        match action {
            settings::Action::None | settings::Action::MembersChanged => {}
            settings::Action::StationRenamed(name) => self.station = name,
            settings::Action::VolunteersChanged => {
                self.volunteers = self.db.volunteers().unwrap_or_default();
                if self.on_duty_volunteer().is_none_or(|v| !v.active) {
                    self.session.sign_out();
                    self.screen = Screen::ChooseDuty;
                }
            }
            settings::Action::OnDuty(id) => {
                // Someone else on duty: with their PIN, if they have one.
                return self
                    .session
                    .hand_over(&self.db, id, &self.volunteers)
                    .map(Message::Session);
            }
            settings::Action::TextScale(scale) => self.text_scale = scale,
            settings::Action::LockMinutes(minutes) => self.session.set_lock_minutes(minutes),
            settings::Action::PinRequired(required) => self.session.set_pin_required(required),
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
            // One sync at a time: if one is under way, its answer ends this one's wait too.
            settings::Action::SyncDistrict => return self.district_sync_now(),
            settings::Action::Restore(file, cancel) => {
                self.job_running = true;
                return jobs::restore(self.db_path.clone(), file, cancel, actor)
                    .map(Message::Restore);
            }
            settings::Action::Encryption(_) if self.job_running => {
                page.encryption_done(
                    &self.db,
                    Err("正在导入或恢复数据,请等它完成再设置加密".into()),
                );
            }
            settings::Action::Encryption(key) => {
                // The file is rewritten in the background; the window's connection goes
                // with it, and the window waits.
                let db = std::mem::replace(&mut self.db, placeholder_db());
                self.busy = Some(if key.is_some() {
                    "正在加密数据库,请稍候……"
                } else {
                    "正在取消数据库加密,请稍候……"
                });
                return jobs::encrypt(db, actor, key).map(Message::Encrypted);
            }
        }
        if rebuild {
            self.rebuild_index()
        } else {
            Task::none()
        }
    }

    pub(super) fn database_key(&mut self, message: session::KeyMessage) -> Task<Message> {
        let Screen::DatabaseKey(prompt) = &mut self.screen else {
            return Task::none();
        };
        match prompt.update(message, &self.db_path) {
            Some(db) => {
                self.db = db;
                self.reload_station();
                self.start()
            }
            None => Task::none(),
        }
    }

    pub(super) fn demo_ready(&mut self, result: Result<PathBuf, String>) -> Task<Message> {
        match result.and_then(|path| {
            Db::open(&path)
                .map(|db| (db, path))
                .map_err(|e| e.to_string())
        }) {
            Ok((db, path)) => {
                self.db = db;
                self.db_path = path;
                self.reload_station();
                self.notice =
                    Some("已打开演示数据库:会员都是虚构的。要回到正式数据库,请到「设置」。".into());
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

    /// 首页's 待本人确认, upgrade note, 约见面 and 来电来访.
    fn home_follow_through(&mut self, message: home::Message) -> Task<Message> {
        match message {
            home::Message::AskBook(book) => {
                if let Screen::Home(page) = &mut self.screen {
                    page.book_asked = book;
                }
                Task::none()
            }
            home::Message::ConfirmBook(book) => {
                let actor = self.session.acting().clone();
                match self.db.confirm_book(&actor, &book) {
                    Ok(count) => {
                        self.screen = Screen::Home(home::Home::new(
                            &self.db,
                            self.is_demo(),
                            self.session.acting(),
                            data::today(),
                        ));
                        self.notice = Some(format!(
                            "已记录 {book} 的 {count} 位会员本人确认(登记表上有本人签字)"
                        ));
                        self.rebuild_index()
                    }
                    Err(error) => {
                        self.notice = Some(error.to_string());
                        Task::none()
                    }
                }
            }
            home::Message::Enquiry(message) => {
                let actor = self.session.acting().clone();
                if let Screen::Home(page) = &mut self.screen
                    && let Some(notice) = page.enquiry.update(message, &self.db, &actor)
                {
                    self.notice = Some(notice);
                }
                Task::none()
            }
            home::Message::Rota(message) => {
                let actor = self.session.acting().clone();
                if let Screen::Home(page) = &mut self.screen
                    && let Some(notice) = page.rota.update(message, &mut self.db, &actor)
                {
                    self.notice = Some(notice);
                }
                Task::none()
            }
            home::Message::RevealMeeting(id) => {
                let actor = self.session.acting().clone();
                match self.db.introduction_contacts(&actor, id, true) {
                    Ok(Some(contacts)) => {
                        if let Screen::Home(page) = &mut self.screen {
                            page.meeting_contacts.insert(id, contacts);
                        }
                    }
                    Ok(None) => {}
                    Err(error) => self.notice = Some(error.to_string()),
                }
                Task::none()
            }
            home::Message::DismissUpgradeNotes => {
                if let Err(error) = self.db.dismiss_upgrade_notes() {
                    self.notice = Some(error.to_string());
                }
                if let Screen::Home(page) = &mut self.screen {
                    page.upgrade_notes.clear();
                }
                Task::none()
            }
            _ => Task::none(),
        }
    }

    pub(super) fn home_message(&mut self, message: home::Message) -> Task<Message> {
        match message {
            home::Message::Register => self.open_page(Page::Register),
            home::Message::Members => self.open_page(Page::Members),
            home::Message::Pair => self.open_page(Page::Pair),
            home::Message::OpenIntroduction(id) => {
                self.open_introduction(id);
                Task::none()
            }
            home::Message::OpenMember(id) => {
                self.open_member(id);
                Task::none()
            }
            home::Message::PairMember(id) => self.open_pair(id),
            home::Message::PauseOutOfReach(id) => {
                let actor = self.session.acting().clone();
                let today = data::today();
                match self.db.pause_member(
                    id,
                    data::model::PauseReason::Unreachable,
                    None,
                    &actor,
                    today,
                ) {
                    Ok(()) => {
                        let name = self.db.member(id).map(|m| m.data.name).unwrap_or_default();
                        self.screen = Screen::Home(home::Home::new(
                            &self.db,
                            self.is_demo(),
                            self.session.acting(),
                            today,
                        ));
                        self.notice = Some(format!(
                            "已暂停{name}(联系不上):不会再介绍给别人;联系上了在会员资料里点“恢复在册”"
                        ));
                        self.rebuild_index()
                    }
                    Err(error) => {
                        self.notice = Some(error.to_string());
                        Task::none()
                    }
                }
            }
            message @ (home::Message::AskBook(_)
            | home::Message::ConfirmBook(_)
            | home::Message::DismissUpgradeNotes
            | home::Message::RevealMeeting(_)
            | home::Message::Enquiry(_)
            | home::Message::Rota(_)) => self.home_follow_through(message),
            home::Message::CloseUnanswered(id) => {
                let actor = self.session.acting().clone();
                let closed = self
                    .db
                    .close_unanswered(id, &actor, data::today())
                    .map(|i| format!("已记为未成(对方未答复):{} 与 {}", i.name_a, i.name_b))
                    .map_err(|e| e.to_string());
                let changed = closed.is_ok();
                if changed && matches!(self.screen, Screen::Home(_)) {
                    // Read again (the list, the counts), the words kept below.
                    self.screen = Screen::Home(home::Home::new(
                        &self.db,
                        self.is_demo(),
                        self.session.acting(),
                        data::today(),
                    ));
                }
                if let Screen::Home(page) = &mut self.screen {
                    page.closed = Some(closed);
                }
                if changed {
                    self.rebuild_index()
                } else {
                    Task::none()
                }
            }
            home::Message::ListsReady(lists) => {
                if let Screen::Home(page) = &mut self.screen {
                    page.lists = Some(lists);
                }
                Task::none()
            }
            home::Message::RequestReason(id, reason) => {
                if let Screen::Home(page) = &mut self.screen {
                    page.reasons.insert(id, reason);
                }
                Task::none()
            }
            home::Message::AnswerRequest(id, answer) => {
                let Screen::Home(page) = &mut self.screen else {
                    return Task::none();
                };
                if page.answering.is_some() {
                    return Task::none();
                }
                page.answering = Some(id);
                page.answered = None;
                let reason = page.reasons.get(&id).cloned().unwrap_or_default();
                let actor = self.session.acting().clone();
                jobs::district(self.db_path.clone(), move |db| {
                    hongniang_district::station::answer_station(db, &actor, id, answer, &reason)
                })
                .map(|answered| {
                    Message::Home(home::Message::RequestAnswered(answered.map(|r| {
                        let next = if r.answer == Some(RequestAnswer::Accepted) {
                            "。已记入本站牵线记录;请打电话给对方红娘(留言里有联系方式),交换两人的联系方式"
                        } else {
                            ""
                        };
                        format!("已答复{}站:{}{next}", r.partner_station, r.state_text())
                    })))
                })
            }
            home::Message::RequestAnswered(answered) => {
                if let Screen::Home(page) = &mut self.screen {
                    page.answering = None;
                    page.answered = Some(answered);
                    page.requests = home::requests_to_show(&self.db, data::today());
                }
                Task::none()
            }
            home::Message::CountVisitor(visitor, change) => {
                let actor = self.session.acting().clone();
                let today = data::today();
                match self.db.count_visitor(&actor, today, visitor, change, today) {
                    Ok(day) => {
                        if let Screen::Home(page) = &mut self.screen {
                            page.visitors = (day.singles, day.parents);
                        }
                    }
                    Err(error) => self.notice = Some(error.to_string()),
                }
                Task::none()
            }
        }
    }

    /// A sync with the district ended: 设置 shows it; a failure is kept for when 设置 opens,
    /// and the 全区 pairing reads the mirror again.
    pub(super) fn district_synced(&mut self, outcome: Result<String, String>) -> Task<Message> {
        self.district_syncing = false;
        self.district_failure = outcome.as_ref().err().cloned();
        match &mut self.screen {
            Screen::Settings(page) => page.district_synced(&self.db, &outcome),
            // Requests may have come in or been answered.
            Screen::Home(page) => page.requests = home::requests_to_show(&self.db, data::today()),
            _ => {}
        }
        Task::none()
    }

    pub(super) fn start_backup_done(&mut self, error: Option<String>) -> Task<Message> {
        if let Some(error) = error {
            self.notice = Some(format!("自动备份没有成功:{error}"));
        }
        // The backup's state is new; the rest of the page stays as it is.
        let is_demo = self.is_demo();
        if let Screen::Home(page) = &mut self.screen {
            page.backup_warning = home::Home::backup_warning(&self.db, is_demo);
        }
        Task::none()
    }

    pub(super) fn statistics(&mut self, message: statistics::Message) -> Task<Message> {
        let actor = self.session.acting().clone();
        let Screen::Statistics(screen) = &mut self.screen else {
            return Task::none();
        };
        match screen.update(message, &self.db, &actor) {
            statistics::Action::None => Task::none(),
            statistics::Action::Run(task) => task.map(Message::Statistics),
            statistics::Action::Print(job) => self.open_preview(job),
        }
    }

    pub(super) fn events(&mut self, message: events::Message) -> Task<Message> {
        let actor = self.session.acting().clone();
        let index = self.indexes.as_ref().map(|i| i.search.clone());
        let Screen::Events(screen) = &mut self.screen else {
            // The district's answer for an event, come after the volunteer left 活动.
            if let events::Message::Event(message) = &message
                && let Some(words) = events::answer_words(message)
            {
                // Added to what is said already (a failed backup must not be hidden by it).
                self.notice = Some(match self.notice.take() {
                    Some(said) => format!("{said}\n{words}"),
                    None => words,
                });
            }
            return Task::none();
        };
        match screen.update(
            message,
            &mut self.db,
            &actor,
            index.as_deref(),
            data::today(),
        ) {
            events::Action::None => Task::none(),
            events::Action::Print(job) => self.open_preview(job),
            events::Action::OpenIntroduction(id) => {
                self.open_introduction(id);
                Task::none()
            }
            events::Action::WalkIn(event) => {
                self.walk_in_event = Some(event);
                self.screen =
                    Screen::Register(register::Form::new(data::today(), self.on_duty_volunteer()));
                self.notice = Some("现场登记:保存后这位会员直接报名这场活动。".into());
                iced::widget::operation::focus(register::Input::Field("name").id())
            }
            events::Action::Focus(id) => iced::widget::operation::focus(id),
            events::Action::Run(task) => task.map(Message::Events),
        }
    }

    pub(super) fn introductions_message(
        &mut self,
        message: introductions::Message,
    ) -> Task<Message> {
        let actor = self.session.acting().clone();
        let Screen::Introductions(screen) = &mut self.screen else {
            return Task::none();
        };
        match screen.update(message, &mut self.db, &actor) {
            introductions::Action::None => Task::none(),
            introductions::Action::Run(task) => task.map(Message::Introductions),
            introductions::Action::Back => self.go_back(Page::Introductions),
            introductions::Action::OpenMember(id) => {
                self.open_member(id);
                Task::none()
            }
            // Statuses may have changed (已婚): the pools must know.
            introductions::Action::Changed => self.rebuild_index(),
            introductions::Action::Print(job) => self.open_preview(job),
        }
    }

    pub(super) fn register(&mut self, message: register::Message) -> Task<Message> {
        let actor = self.session.acting().clone();
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
                let saved = format!("已保存:{},会员编号 {}", member.data.name, member.number);
                if let Some(event) = self.walk_in_event.take() {
                    // 现场登记: straight into the event's sign-ups, with the place it got.
                    let today = data::today();
                    let signed = match self.db.sign_up(&actor, event, member.id, true, today) {
                        Ok(signed) => {
                            format!(
                                "{saved}。{}",
                                events::signed_words(&member.data.name, signed)
                            )
                        }
                        Err(error) => format!("{saved},但没能报名这场活动:{error}"),
                    };
                    self.screen = Screen::Events(events::Events::on_event(
                        &self.db,
                        today,
                        event,
                        Some(signed),
                    ));
                    return self.rebuild_index();
                }
                self.notice = Some(saved);
                self.open_member(member.id);
                self.rebuild_index()
            }
        }
    }

    pub(super) fn members(&mut self, message: members::Message) -> Task<Message> {
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

    pub(super) fn index_ready(
        &mut self,
        generation: u64,
        result: Result<Indexes, String>,
    ) -> Task<Message> {
        if generation != self.index_generation {
            return Task::none();
        }
        match result {
            Ok(indexes) => {
                self.indexes = Some(indexes);
                match &mut self.screen {
                    Screen::Pair(screen) => screen
                        .refresh(&self.db, self.indexes.as_ref())
                        .map(Message::Pair),
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

    pub(super) fn search(&mut self, message: search::Message) -> Task<Message> {
        let Screen::Search(screen) = &mut self.screen else {
            return Task::none();
        };
        let index = self.indexes.as_ref().map(|i| i.search.as_ref());
        let action = screen.update(message, &self.db, index, &self.volunteers);
        self.search_action(action)
    }

    pub(super) fn encrypted(&mut self, (db, outcome): jobs::Encrypted) -> Task<Message> {
        self.busy = None;
        // The thread always hands the connection back; if not, open the file again.
        let db = db.take().map_or_else(|| Db::open(&self.db_path), Ok);
        match db {
            Ok(db) => self.db = db,
            Err(error) => {
                self.notice = Some(format!("数据库没能重新打开:{error}"));
                return Task::none();
            }
        }
        if let Screen::Settings(page) = &mut self.screen {
            page.encryption_done(&self.db, outcome);
        }
        // What arrived while the window waited was set aside; the indexes are read afresh.
        self.rebuild_index()
    }
}
