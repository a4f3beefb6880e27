//! 设置: station name, volunteers (add, rename, deactivate), who is on duty, text size, how the window is drawn, the
//! weights of the pairing ranking and the days before a follow-up reminder.

use crate::data::backup::{self, BackupFile, BackupStatus};
use crate::data::model::Volunteer;
use crate::data::pairing::{Soft, Weights};
use crate::data::{Actor, Db};
use crate::gui::style::TextScale;
use crate::gui::{renderer, style, widget};
use iced::widget::{column, radio, row, text, text_input};
use iced::{Alignment, Element, Task};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Clone)]
pub enum Message {
    /// 知道了 on the floating note.
    DismissNotice,
    StationNameChanged(String),
    SaveStationName,
    NewVolunteerChanged(String),
    AddVolunteer,
    RenameChanged(i64, String),
    SaveRename(i64),
    SetActive(i64, bool),
    OnDuty(i64),
    TextScale(TextScale),
    BackToMainDatabase,
    Weight(Soft, u8),
    ResetWeights,
    FollowUpDaysChanged(String),
    SaveFollowUpDays,
    WaitingDaysChanged(String),
    SaveWaitingDays,
    BackupNow,
    ChooseBackupFolder,
    BackupFolderChosen(Option<PathBuf>),
    /// Restore from this backup (asks first).
    AskRestore(PathBuf),
    ChooseRestoreFile,
    ConfirmRestore,
    CancelRestoreQuestion,
    /// Stop a restore under way.
    CancelRestoring,
    PinChanged(i64, String),
    SavePin(i64),
    ClearPin(i64),
    Admin(i64, bool),
    LockMinutesChanged(String),
    SaveLockMinutes,
    NewKeyChanged(String),
    NewKeyAgainChanged(String),
    KeyWrittenDown(bool),
    /// Encrypt the database with the new password, or change its password.
    Encrypt,
    Decrypt,
    District(DistrictField, String),
    ChooseDistrictCertificate,
    DistrictCertificateChosen(Option<PathBuf>),
    SaveDistrict,
    SyncDistrict,
    /// 总是用软件绘制 ticked or not.
    SoftwareDrawing(bool),
}

/// A box of 设置 → 全区共享.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictField {
    Station,
    Server,
    Certificate,
    Password,
}

/// What changed, for the root to refresh what it shows.
pub enum Action {
    None,
    StationRenamed(String),
    VolunteersChanged,
    OnDuty(i64),
    TextScale(TextScale),
    BackToMainDatabase,
    /// Minutes before the program locks itself (0 = never).
    LockMinutes(u32),
    /// A file dialog to run.
    Run(Task<Message>),
    /// Start restoring from the file; the flag stops it.
    Restore(PathBuf, Arc<AtomicBool>),
    /// Encrypt with this password (or change it); `None` removes the encryption.
    Encryption(Option<String>),
    /// Sync with the district in the background.
    SyncDistrict,
}

/// The restore being asked about or under way.
enum Restoring {
    Asking {
        file: PathBuf,
        members: u64,
    },
    Running {
        progress: f32,
        cancel: Arc<AtomicBool>,
    },
}

/// Entries of the 操作记录 shown in 设置 (the newest).
const LOG_SHOWN: u64 = 40;

pub struct Settings {
    station_name: String,
    new_volunteer: String,
    renames: HashMap<i64, String>,
    error: Option<String>,
    notice: Option<String>,
    weights: Weights,
    follow_up_days: String,
    /// After how many days since an introduction ended a member is on 首页's 等待介绍.
    waiting_days: String,
    backup_folder: Option<PathBuf>,
    backup_status: Option<BackupStatus>,
    backups: Vec<BackupFile>,
    restoring: Option<Restoring>,
    log: Vec<crate::data::audit::Entry>,
    pins: HashMap<i64, String>,
    lock_minutes: String,
    encrypted: bool,
    new_key: String,
    new_key_again: String,
    key_written_down: bool,
    key_error: Option<String>,
    district: DistrictForm,
    /// This computer's drawing choice (renderer.rs), as last read or saved.
    drawing: renderer::Choice,
}

/// 设置 → 全区共享 as typed, and what the last sync said.
#[derive(Debug, Default)]
struct DistrictForm {
    station: String,
    server: String,
    certificate: String,
    /// Typed to be kept; never shown back (the file holds it).
    password: String,
    /// Whether a password is kept for the station now.
    has_password: bool,
    configured: bool,
    shared: usize,
    received: usize,
    last_sync: Option<crate::data::district::LastSync>,
    /// The last attempt, if it failed (the station works on without the district).
    failure: Option<String>,
    syncing: bool,
}

impl DistrictForm {
    fn read(db: &Db) -> Self {
        let settings = db.district_settings().ok().flatten();
        let mut form = DistrictForm::default();
        if let Some(settings) = settings {
            form.has_password = hongniang_district::station::password(&settings)
                .ok()
                .flatten()
                .is_some();
            form.station = settings.station;
            form.server = settings.server;
            form.certificate = settings.ca_file;
            form.configured = true;
        }
        (form.shared, form.received) = db.district_counts().unwrap_or_default();
        form.last_sync = db.district_last_sync().ok().flatten();
        form
    }
}

impl Settings {
    pub fn new(station_name: &str, db: &Db) -> Self {
        let mut settings = Self {
            station_name: station_name.to_string(),
            new_volunteer: String::new(),
            renames: HashMap::new(),
            error: None,
            notice: None,
            weights: Weights::default(),
            follow_up_days: String::new(),
            waiting_days: String::new(),
            backup_folder: None,
            backup_status: None,
            backups: Vec::new(),
            restoring: None,
            log: db.audit_log(LOG_SHOWN).unwrap_or_default(),
            pins: HashMap::new(),
            lock_minutes: db.lock_minutes().map(|m| m.to_string()).unwrap_or_default(),
            encrypted: db.is_encrypted(),
            new_key: String::new(),
            new_key_again: String::new(),
            key_written_down: false,
            key_error: None,
            district: DistrictForm::read(db),
            drawing: renderer::config_dir().map_or(renderer::Choice::Automatic, |dir| {
                renderer::read(&dir, false).choice
            }),
        };
        settings.reload_backups(db);
        match (db.pairing_weights(), db.follow_up_days(), db.waiting_days()) {
            (Ok(weights), Ok(days), Ok(waiting)) => {
                settings.weights = weights;
                settings.follow_up_days = days.to_string();
                settings.waiting_days = waiting.to_string();
            }
            (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
                settings.error = Some(error.to_string())
            }
        }
        settings
    }

    /// With the failure of the last automatic sync, if it failed.
    pub fn with_district_failure(mut self, failure: Option<String>) -> Self {
        self.district.failure = failure;
        self
    }

    /// Reads the backups folder, the last backup and the backups in it again.
    pub fn reload_backups(&mut self, db: &Db) {
        self.backup_status = db.backup_status().ok();
        match db.backup_folder() {
            Ok(folder) => {
                self.backups = db.backups().unwrap_or_default();
                self.backup_folder = Some(folder);
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    /// How far the restore is (the root forwards it from the background).
    pub fn restore_progress(&mut self, progress: f32) {
        if let Some(Restoring::Running {
            progress: shown, ..
        }) = &mut self.restoring
        {
            *shown = progress;
        }
    }

    /// The restore ended: `Ok` with a message, or the error (nothing changed).
    pub fn restore_finished(&mut self, db: &Db, result: Result<String, String>) {
        self.restoring = None;
        match result {
            Ok(message) => self.notice = Some(message),
            Err(error) => self.error = Some(error),
        }
        self.reload_backups(db);
    }

    pub fn is_restoring(&self) -> bool {
        matches!(self.restoring, Some(Restoring::Running { .. }))
    }

    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Action {
        self.error = None;
        self.notice = None;
        let outcome = match message {
            Message::DismissNotice => return Action::None,
            Message::StationNameChanged(name) => {
                self.station_name = name;
                return Action::None;
            }
            Message::NewVolunteerChanged(name) => {
                self.new_volunteer = name;
                return Action::None;
            }
            Message::RenameChanged(id, name) => {
                self.renames.insert(id, name);
                return Action::None;
            }
            Message::SaveStationName => db.set_station_name(&self.station_name).map(|()| {
                self.station_name = self.station_name.trim().to_string();
                self.notice = Some("站点名称已保存".into());
                Action::StationRenamed(self.station_name.clone())
            }),
            Message::AddVolunteer => {
                db.add_volunteer(actor, &self.new_volunteer)
                    .map(|volunteer| {
                        self.notice = Some(format!("已添加红娘“{}”", volunteer.name));
                        self.new_volunteer.clear();
                        Action::VolunteersChanged
                    })
            }
            Message::SaveRename(id) => {
                let name = self.renames.get(&id).cloned().unwrap_or_default();
                db.rename_volunteer(actor, id, &name).map(|()| {
                    self.renames.remove(&id);
                    self.notice = Some(format!("已改名为“{}”", name.trim()));
                    Action::VolunteersChanged
                })
            }
            Message::SetActive(id, active) => db
                .set_volunteer_active(actor, id, active)
                .map(|()| Action::VolunteersChanged),
            Message::OnDuty(id) => return Action::OnDuty(id),
            Message::TextScale(scale) => db
                .set_setting("text_scale", scale.code())
                .map(|()| Action::TextScale(scale)),
            Message::BackToMainDatabase => return Action::BackToMainDatabase,
            Message::SoftwareDrawing(software) => {
                self.choose_drawing(software);
                return Action::None;
            }
            Message::Weight(part, weight) => {
                let mut weights = self.weights;
                weights.set(part, weight);
                db.set_pairing_weights(&weights).map(|()| {
                    self.weights = weights;
                    Action::None
                })
            }
            Message::ResetWeights => db.set_pairing_weights(&Weights::default()).map(|()| {
                self.weights = Weights::default();
                self.notice = Some("配对权重已恢复默认".into());
                Action::None
            }),
            Message::FollowUpDaysChanged(days) => {
                self.follow_up_days = days;
                return Action::None;
            }
            Message::WaitingDaysChanged(days) => {
                self.waiting_days = days;
                return Action::None;
            }
            Message::PinChanged(id, pin) => {
                self.pins.insert(id, pin);
                return Action::None;
            }
            Message::SavePin(id) => {
                let pin = self.pins.get(&id).cloned().unwrap_or_default();
                db.set_pin(actor, id, &pin).map(|()| {
                    self.pins.remove(&id);
                    self.notice = Some("密码已设好。以后这位红娘值班或解锁时要输入它。".into());
                    Action::VolunteersChanged
                })
            }
            Message::ClearPin(id) => db.clear_pin(actor, id).map(|()| {
                self.notice = Some("密码已取消".into());
                Action::VolunteersChanged
            }),
            Message::Admin(id, admin) => db
                .set_admin(actor, id, admin)
                .map(|()| Action::VolunteersChanged),
            Message::LockMinutesChanged(minutes) => {
                self.lock_minutes = minutes;
                return Action::None;
            }
            Message::NewKeyChanged(key) => {
                self.new_key = key;
                self.key_error = None;
                return Action::None;
            }
            Message::NewKeyAgainChanged(key) => {
                self.new_key_again = key;
                self.key_error = None;
                return Action::None;
            }
            Message::KeyWrittenDown(done) => {
                self.key_written_down = done;
                return Action::None;
            }
            // Asked before the work starts, so the window does not wait for a refusal (the
            // core asks again in the operation).
            Message::Encrypt | Message::Decrypt if !self.may_encrypt(db, actor) => {
                return Action::None;
            }
            Message::Encrypt => {
                if !self.key_written_down {
                    self.key_error = Some("请先把密码抄在纸上锁好,再勾选上面的一项".into());
                    return Action::None;
                }
                return match crate::data::cipher::check_new_key(&self.new_key, &self.new_key_again)
                {
                    Ok(()) => Action::Encryption(Some(self.new_key.clone())),
                    Err(error) => {
                        self.key_error = Some(error.to_string());
                        Action::None
                    }
                };
            }
            Message::Decrypt => return Action::Encryption(None),
            Message::SaveLockMinutes => {
                match crate::data::parse::whole_number(&self.lock_minutes) {
                    Ok(Some(minutes)) => db.set_lock_minutes(u32::from(minutes)).map(|()| {
                        self.notice = Some(if minutes == 0 {
                            "已设为不自动锁定".to_string()
                        } else {
                            format!("已保存:{minutes} 分钟没有操作就自动锁定")
                        });
                        Action::LockMinutes(u32::from(minutes))
                    }),
                    _ => Err(crate::data::Error::Refused(format!(
                        "“{}”不是分钟数,请填 0 到 240 之间的整数",
                        self.lock_minutes.trim()
                    ))),
                }
            }
            Message::BackupNow => {
                let made = db.backup_now(chrono::Local::now().naive_local());
                self.reload_backups(db);
                made.map(|made| {
                    self.notice = Some(format!(
                        "已备份:{}({} 位会员)",
                        made.path.display(),
                        made.members.unwrap_or(0)
                    ));
                    Action::None
                })
            }
            Message::ChooseBackupFolder => {
                return Action::Run(Task::perform(
                    async {
                        rfd::AsyncFileDialog::new()
                            .set_title("选择备份文件夹(可以是U盘或网络盘)")
                            .pick_folder()
                            .await
                            .map(|folder| folder.path().to_path_buf())
                    },
                    Message::BackupFolderChosen,
                ));
            }
            Message::BackupFolderChosen(None) => return Action::None,
            Message::BackupFolderChosen(Some(folder)) => {
                let chosen = db.set_backup_folder(actor, &folder);
                self.reload_backups(db);
                chosen.map(|()| {
                    self.notice = Some(format!("以后备份到 {}", folder.display()));
                    Action::None
                })
            }
            Message::ChooseRestoreFile => {
                return Action::Run(Task::perform(
                    async {
                        rfd::AsyncFileDialog::new()
                            .set_title("选择要恢复的备份文件")
                            .add_filter("红娘工作台数据库", &["db", "sqlite", "DB"])
                            .pick_file()
                            .await
                            .map(|file| file.path().to_path_buf())
                    },
                    |file| match file {
                        Some(file) => Message::AskRestore(file),
                        None => Message::CancelRestoreQuestion,
                    },
                ));
            }
            Message::AskRestore(file) => backup::check_file(&file).map(|members| {
                self.restoring = Some(Restoring::Asking { file, members });
                Action::None
            }),
            Message::CancelRestoreQuestion => {
                if !self.is_restoring() {
                    self.restoring = None;
                }
                return Action::None;
            }
            Message::ConfirmRestore => {
                let Some(Restoring::Asking { file, .. }) = self.restoring.take() else {
                    return Action::None;
                };
                if let Err(error) = db.may(actor, crate::data::Permission::Restore) {
                    self.error = Some(error.to_string());
                    return Action::None;
                }
                let cancel = Arc::new(AtomicBool::new(false));
                self.restoring = Some(Restoring::Running {
                    progress: 0.0,
                    cancel: cancel.clone(),
                });
                return Action::Restore(file, cancel);
            }
            Message::CancelRestoring => {
                if let Some(Restoring::Running { cancel, .. }) = &self.restoring {
                    cancel.store(true, Ordering::Relaxed);
                }
                return Action::None;
            }
            Message::District(field, value) => {
                let form = &mut self.district;
                match field {
                    DistrictField::Station => form.station = value,
                    DistrictField::Server => form.server = value,
                    DistrictField::Certificate => form.certificate = value,
                    DistrictField::Password => form.password = value,
                }
                return Action::None;
            }
            Message::ChooseDistrictCertificate => {
                return Action::Run(Task::perform(
                    async {
                        rfd::AsyncFileDialog::new()
                            .set_title("选择全区管理员给的证书文件")
                            .add_filter("证书", &["pem", "crt", "cer"])
                            .pick_file()
                            .await
                            .map(|file| file.path().to_path_buf())
                    },
                    Message::DistrictCertificateChosen,
                ));
            }
            Message::DistrictCertificateChosen(None) => return Action::None,
            Message::DistrictCertificateChosen(Some(file)) => {
                self.district.certificate = file.display().to_string();
                return Action::None;
            }
            Message::SaveDistrict => {
                match self.save_district(db, actor) {
                    Ok(()) => {
                        self.notice = Some("全区共享的设置已保存;可以点“立即同步”试一下".into())
                    }
                    Err(error) => self.error = Some(error),
                }
                return Action::None;
            }
            Message::SyncDistrict => {
                if self.district.syncing {
                    return Action::None;
                }
                self.district.syncing = true;
                self.district.failure = None;
                return Action::SyncDistrict;
            }
            Message::SaveFollowUpDays => days(&self.follow_up_days).and_then(|days| {
                db.set_follow_up_days(days).map(|()| {
                    self.notice = Some(format!("已保存:超过 {days} 天没有更新就提醒回访"));
                    Action::None
                })
            }),
            Message::SaveWaitingDays => days(&self.waiting_days).and_then(|days| {
                db.set_waiting_days(days).map(|()| {
                    self.notice = Some(format!(
                        "已保存:上次介绍结束后 {days} 天没有新介绍,就列在首页的“等待介绍”里"
                    ));
                    Action::None
                })
            }),
        };
        outcome.unwrap_or_else(|error| {
            self.error = Some(error.to_string());
            Action::None
        })
    }

    pub fn view<'a>(
        &'a self,
        volunteers: &'a [Volunteer],
        on_duty: Option<i64>,
        scale: TextScale,
        db_path: &'a Path,
        is_demo: bool,
    ) -> Element<'a, Message> {
        let station = row![
            text_input("如 爱的填空相亲工作站", &self.station_name)
                .id("station_name")
                .on_input(Message::StationNameChanged)
                .on_submit(Message::SaveStationName)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false)),
            widget::primary("保存名称", Some(Message::SaveStationName)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);

        let mut people = column![].spacing(10);
        for volunteer in volunteers {
            let name = self
                .renames
                .get(&volunteer.id)
                .map_or(volunteer.name.as_str(), String::as_str);
            let changed = name != volunteer.name;
            let id = volunteer.id;
            let mut line = row![
                text_input("红娘姓名", name)
                    .on_input(move |name| Message::RenameChanged(id, name))
                    .on_submit(Message::SaveRename(id))
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false))
                    .width(220),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center);
            if changed {
                line = line.push(widget::primary("保存改名", Some(Message::SaveRename(id))));
            }
            line = if volunteer.active {
                line.push(widget::secondary(
                    "停用",
                    Some(Message::SetActive(id, false)),
                ))
                .push(if on_duty == Some(id) {
                    widget::badge("今天值班")
                } else {
                    widget::secondary("设为今天值班", Some(Message::OnDuty(id))).into()
                })
            } else {
                line.push(widget::muted("已停用")).push(widget::secondary(
                    "重新启用",
                    Some(Message::SetActive(id, true)),
                ))
            };
            if volunteer.active {
                let pin = self.pins.get(&id).map_or("", String::as_str);
                // Indented under the name; wraps rather than squeezing a button at large text.
                let mut security = row![
                    iced::widget::space().width(24),
                    text_input(
                        if volunteer.has_pin {
                            "改密码(4–8 位数字)"
                        } else {
                            "设密码(4–8 位数字)"
                        },
                        pin
                    )
                    .secure(true)
                    .on_input(move |pin| Message::PinChanged(id, pin))
                    .on_submit(Message::SavePin(id))
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false))
                    .width(200),
                    widget::secondary(
                        "保存密码",
                        (!pin.is_empty()).then_some(Message::SavePin(id))
                    ),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center);
                if volunteer.has_pin {
                    security =
                        security.push(widget::secondary("取消密码", Some(Message::ClearPin(id))));
                }
                security = security.push(
                    iced::widget::checkbox(volunteer.is_admin)
                        .label("管理员")
                        .on_toggle(move |admin| Message::Admin(id, admin))
                        .text_size(style::TEXT)
                        .size(20),
                );
                people = people
                    .push(line.wrap().vertical_spacing(8))
                    .push(security.wrap().vertical_spacing(8));
            } else {
                people = people.push(line.wrap().vertical_spacing(8));
            }
        }
        people = people.push(
            row![
                text_input("新红娘的姓名,如 朱大姐", &self.new_volunteer)
                    .id("new_volunteer")
                    .on_input(Message::NewVolunteerChanged)
                    .on_submit(Message::AddVolunteer)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false))
                    .width(220),
                widget::primary("添加红娘", Some(Message::AddVolunteer)),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center),
        );

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
        let mut weights = column![widget::muted(
            "每一项 0 到 5:数字越大,这一项在配对排序里越重要;0 表示不考虑。硬性要求(择偶要求)不受影响。"
        )]
        .spacing(8);
        for part in Soft::ALL {
            let value = self.weights.get(*part);
            weights = weights.push(
                row![
                    text(part.label()).size(style::TEXT).width(220),
                    widget::secondary("－", (value > 0).then(|| Message::Weight(*part, value - 1))),
                    text(value.to_string())
                        .size(style::TEXT + 2.0)
                        .width(36)
                        .center(),
                    widget::secondary(
                        "＋",
                        (value < Weights::MAX).then(|| Message::Weight(*part, value + 1))
                    ),
                    text("●".repeat(value as usize))
                        .size(style::TEXT)
                        .color(style::RED),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
            );
        }
        weights = weights.push(widget::secondary("恢复默认", Some(Message::ResetWeights)));
        let follow_up = days_row(
            "超过",
            ("follow_up_days", "14", &self.follow_up_days),
            Message::FollowUpDaysChanged,
            Message::SaveFollowUpDays,
            "天没有更新的进行中牵线,在首页提醒回访",
        );
        let waiting = days_row(
            "上次介绍结束后",
            ("waiting_days", "30", &self.waiting_days),
            Message::WaitingDaysChanged,
            Message::SaveWaitingDays,
            "天没有新介绍的会员,列在首页的“等待介绍”里",
        );
        let follow_up = column![
            follow_up,
            waiting,
            widget::muted(format!(
                "登记后 {} 天还没介绍过的会员,也列在“等待介绍”里。",
                crate::data::availability::FIRST_INTRODUCTION_DAYS
            )),
        ]
        .spacing(10);

        let backups: Element<'_, Message> = if is_demo {
            widget::muted("演示数据库不做备份,也不能从备份恢复;回到本站正式数据库后再用这里。")
        } else {
            self.backups_view()
        };
        // In the demo, the way back comes first.
        let (demo_first, database_last) = if is_demo {
            (Some(widget::section("数据", database)), None)
        } else {
            (None, Some(widget::section("数据", database)))
        };
        let sections = demo_first.into_iter().chain([
            widget::section("站点名称(显示在窗口标题和打印的表上)", station),
            widget::section("红娘志愿者", people),
            widget::section("文字大小", sizes),
            widget::section("窗口绘制", self.drawing_view()),
            widget::section("配对排序的权重", weights),
            widget::section("回访与等待提醒", follow_up),
            widget::section("数据备份", backups),
            widget::section("锁定与管理员", self.lock_view()),
            widget::section(
                "数据库加密",
                if is_demo {
                    widget::muted("演示数据库不加密。")
                } else {
                    self.encryption_view()
                },
            ),
            widget::section(
                "全区共享",
                if is_demo {
                    widget::muted("演示数据库不参加全区共享。")
                } else {
                    self.district_view()
                },
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

    /// 这台电脑总是用软件绘制 ticked or not: kept for this computer, counted from the next start.
    fn choose_drawing(&mut self, software: bool) {
        let choice = if software {
            renderer::Choice::Software
        } else {
            renderer::Choice::Automatic
        };
        match renderer::config_dir()
            .ok_or_else(|| "找不到本用户的设置文件夹,绘制方式没有地方存".to_string())
            .and_then(|dir| renderer::save_choice(&dir, choice))
        {
            Ok(()) => {
                self.drawing = choice;
                self.notice = Some(if software {
                    "下次打开程序时改用软件绘制".into()
                } else {
                    "下次打开程序时用显卡绘制".into()
                });
            }
            Err(error) => self.error = Some(error),
        }
    }

    /// How the window is drawn, and the choice to draw it in software on this computer.
    fn drawing_view(&self) -> Element<'_, Message> {
        let said = renderer::describe(renderer::this_start(), renderer::drawn());
        let mut part = column![].spacing(8);
        if !said.is_empty() {
            part = part.push(text(said).size(style::TEXT));
        }
        part.push(
            iced::widget::checkbox(self.drawing != renderer::Choice::Automatic)
                .label("这台电脑总是用软件绘制(窗口发黑、花屏或打不开时选)")
                .on_toggle(Message::SoftwareDrawing)
                .text_size(style::TEXT)
                .size(20),
        )
        .push(widget::muted(
            "改了以后,下次打开程序时生效。软件绘制不用显卡,稍慢,但任何电脑都能显示。",
        ))
        .into()
    }

    /// Keeps the district's settings and the password typed (in the user's own file).
    fn save_district(&mut self, db: &Db, actor: &Actor) -> Result<(), String> {
        use hongniang_district::station;
        let form = &self.district;
        db.may(actor, crate::data::Permission::District)
            .map_err(|e| e.to_string())?;
        station::parse_server(&form.server).map_err(|e| e.to_string())?;
        let settings = crate::data::district::DistrictSettings {
            station: form.station.trim().to_string(),
            server: form.server.trim().to_string(),
            ca_file: form.certificate.trim().to_string(),
        };
        crate::data::district::check_station_code(&settings.station).map_err(|e| e.to_string())?;
        let path = station::password_file(&settings.station)
            .ok_or("找不到本用户的设置文件夹,密码没有地方存")?;
        db.set_district_settings(actor, &settings)
            .map_err(|e| e.to_string())?;
        if !form.password.is_empty() {
            station::save_password(&path, &form.password).map_err(|e| e.to_string())?;
        }
        self.district = DistrictForm::read(db);
        Ok(())
    }

    /// A sync ended (started here or automatically): what it did, or why not.
    pub fn district_synced(&mut self, db: &Db, outcome: &Result<String, String>) {
        let failure = outcome.as_ref().err().cloned();
        self.district = DistrictForm::read(db);
        self.district.failure = failure;
        self.log = db.audit_log(LOG_SHOWN).unwrap_or_default();
    }

    fn district_view<'a>(&'a self) -> Element<'a, Message> {
        let form = &self.district;
        let input = |placeholder: &'static str, value: &'a str, field: DistrictField| {
            text_input(placeholder, value)
                .on_input(move |value| Message::District(field, value))
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false))
        };
        let labelled = |label: &'static str, field: Element<'a, Message>| -> Element<'a, Message> {
            row![text(label).size(style::TEXT).width(150), field]
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .into()
        };
        let mut content = column![
            widget::muted(
                "同意“全区共享”的会员,其资料(不含姓名和联系方式)与区里其他工会相亲工作站共享;其他站点的会员可以在 配对 的“全区”里看到。没有网络时本站照常登记、查询、配对和打印。"
            ),
            labelled("站点代码", input("如 湖滨", &form.station, DistrictField::Station).width(200).id("district_station").into()),
            labelled("服务器地址", input("全区管理员给的,如 host=10.0.0.5 dbname=district user=hubin", &form.server, DistrictField::Server).id("district_server").into()),
            labelled(
                "全区证书",
                row![
                    input("全区管理员给的证书文件(.pem),必须选", &form.certificate, DistrictField::Certificate),
                    widget::secondary("选择…", Some(Message::ChooseDistrictCertificate)),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .into()
            ),
            labelled(
                "密码",
                input(
                    if form.has_password { "已保存(要改才填)" } else { "全区管理员给本站的密码" },
                    &form.password,
                    DistrictField::Password,
                )
                .secure(true)
                .on_submit(Message::SaveDistrict)
                .width(280)
                .id("district_password")
                .into()
            ),
        ]
        .spacing(10);
        let mut buttons =
            row![widget::primary("保存设置", Some(Message::SaveDistrict))].spacing(style::SPACING);
        if form.configured {
            buttons = buttons.push(widget::primary(
                if form.syncing {
                    "正在同步……"
                } else {
                    "立即同步"
                },
                (!form.syncing).then_some(Message::SyncDistrict),
            ));
        }
        content = content.push(buttons);
        if form.configured {
            content = content.push(
                text(format!(
                    "本站共享 {} 位会员;本机有其他站点的资料 {} 份",
                    form.shared, form.received
                ))
                .size(style::TEXT),
            );
            content = content.push(match &form.last_sync {
                Some(last) => text(format!(
                    "上次同步:{}({})",
                    last.at.replace('T', " ").get(..16).unwrap_or(&last.at),
                    last.summary
                ))
                .size(style::TEXT),
                None => text("还没有同步过").size(style::TEXT),
            });
        }
        if let Some(failure) = &form.failure {
            content = content.push(
                text(format!("这次没有同步成功:{failure}"))
                    .size(style::TEXT)
                    .color(style::ERROR),
            );
        }
        content
            .push(widget::muted(
                "程序打开时会自动同步一次。密码存在这台电脑本用户的文件里,别的用户读不到;服务器地址里不要写密码。只有管理员可以改这里的设置。",
            ))
            .into()
    }

    fn encryption_view(&self) -> Element<'_, Message> {
        let mut content = column![
            text(if self.encrypted {
                "数据库已加密:每次打开程序要输入数据库密码;备份也用同一个密码加密。"
            } else {
                "数据库没有加密:拿到这台电脑或数据库文件的人能读出会员资料。加密后,每次打开程序要输入数据库密码。"
            })
            .size(style::TEXT),
            text("忘记密码,数据就再也打不开了——谁也无法帮您找回,包括本程序的作者。请把密码抄在纸上,锁在工作站的柜子里。")
                .size(style::TEXT)
                .color(style::RED),
            row![
                text_input(
                    if self.encrypted { "新密码" } else { "密码(至少 6 个字符)" },
                    &self.new_key
                )
                .id("new_key")
                .secure(true)
                .on_input(Message::NewKeyChanged)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .width(240)
                .style(style::input(self.key_error.is_some())),
                text_input("再输一次", &self.new_key_again)
                    .id("new_key_again")
                    .secure(true)
                    .on_input(Message::NewKeyAgainChanged)
                    .on_submit(Message::Encrypt)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .width(240)
                    .style(style::input(self.key_error.is_some())),
            ]
            .spacing(style::SPACING),
            iced::widget::checkbox(self.key_written_down)
                .label("我已把密码抄在纸上,锁好了")
                .on_toggle(Message::KeyWrittenDown)
                .text_size(style::TEXT),
        ]
        .spacing(style::SPACING);
        let ready = self.key_written_down && !self.new_key.is_empty();
        let mut buttons = row![widget::primary(
            if self.encrypted {
                "更换密码"
            } else {
                "加密数据库"
            },
            ready.then_some(Message::Encrypt)
        )]
        .spacing(style::SPACING);
        if self.encrypted {
            buttons = buttons.push(widget::danger("取消加密", Some(Message::Decrypt)));
        }
        content = content.push(buttons);
        if let Some(error) = &self.key_error {
            content = content.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        content
            .push(widget::muted(
                "加密前做的备份没有加密,仍在备份文件夹里;加密后程序会马上做一份加密的备份。只有管理员可以设置加密。",
            ))
            .into()
    }

    /// The encryption changed (or failed): what the root reports back.
    /// Whether `actor` may set the encryption; if not, the reason shows under the password.
    fn may_encrypt(&mut self, db: &Db, actor: &Actor) -> bool {
        match db.may(actor, crate::data::Permission::Encrypt) {
            Ok(()) => true,
            Err(error) => {
                self.key_error = Some(error.to_string());
                false
            }
        }
    }

    pub fn encryption_done(&mut self, db: &Db, result: Result<String, String>) {
        self.encrypted = db.is_encrypted();
        match result {
            Ok(message) => {
                self.notice = Some(message);
                self.new_key.clear();
                self.new_key_again.clear();
                self.key_written_down = false;
                self.key_error = None;
            }
            Err(error) => self.key_error = Some(error),
        }
        self.reload_backups(db);
    }

    fn lock_view(&self) -> Element<'_, Message> {
        column![
            row![
                text("超过").size(style::TEXT),
                text_input("10", &self.lock_minutes)
                    .id("lock_minutes")
                    .on_input(Message::LockMinutesChanged)
                    .on_submit(Message::SaveLockMinutes)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .width(80)
                    .style(style::input(false)),
                text("分钟没有操作就自动锁定(0 = 不锁定);随时可按 Ctrl+L 锁定").size(style::TEXT),
                widget::primary("保存", Some(Message::SaveLockMinutes)),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center),
            widget::muted(
                "锁定后要点名字(设了密码的还要输入密码)才能继续,正在填的登记表不会丢。设了管理员以后,恢复备份、删除会员资料、导出全部数据、设置加密和管理其他红娘只有管理员能做;管理员必须有密码。密码忘了,请管理员在这里给您设一个新的。"
            ),
        ]
        .spacing(10)
        .into()
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

    fn backups_view(&self) -> Element<'_, Message> {
        let folder = self
            .backup_folder
            .as_ref()
            .map_or(String::new(), |f| f.display().to_string());
        let last = match &self.backup_status {
            Some(BackupStatus {
                error: Some(error), ..
            }) => text(format!("上次备份没有成功:{error}"))
                .size(style::TEXT)
                .color(style::ERROR),
            Some(BackupStatus {
                last_at: Some(at), ..
            }) => text(format!("上次备份:{}", at.format("%Y-%m-%d %H:%M"))).size(style::TEXT),
            _ => text("还没有备份过").size(style::TEXT).color(style::ERROR),
        };
        let mut content = column![
            widget::muted(
                "每天第一次打开程序时、以及有改动后关闭程序时,都会自动备份;保留最近 30 天每天一份、最近 12 个月每月一份。每份备份写好后都做完整性检查。"
            ),
            last,
            row![
                text(format!("备份文件夹:{folder}")).size(style::TEXT),
            ],
            row![
                widget::primary("立即备份", (!self.is_restoring()).then_some(Message::BackupNow)),
                widget::secondary("更改备份文件夹…", Some(Message::ChooseBackupFolder)),
                widget::secondary(
                    "从其他文件恢复…",
                    (!self.is_restoring()).then_some(Message::ChooseRestoreFile)
                ),
            ]
            .spacing(style::SPACING),
        ]
        .spacing(10);
        match &self.restoring {
            Some(Restoring::Asking { file, members }) => {
                content = content.push(widget::banner(
                    column![
                        text(format!(
                            "确定用“{}”({members} 位会员)替换现在的全部数据吗?现在的数据会先另存为一份备份。",
                            file.display()
                        ))
                        .size(style::TEXT),
                        row![
                            widget::danger("确定恢复", Some(Message::ConfirmRestore)),
                            widget::secondary("取消", Some(Message::CancelRestoreQuestion)),
                        ]
                        .spacing(style::SPACING),
                    ]
                    .spacing(10),
                    style::containers::warning_banner,
                ));
            }
            Some(Restoring::Running { progress, .. }) => {
                content = content.push(widget::banner(
                    column![
                        text(format!("正在恢复……{:.0}%", progress * 100.0)).size(style::TEXT),
                        iced::widget::progress_bar(0.0..=1.0, *progress).girth(14),
                        widget::secondary("取消恢复", Some(Message::CancelRestoring)),
                    ]
                    .spacing(10),
                    style::containers::warning_banner,
                ));
            }
            None => {}
        }
        if self.backups.is_empty() {
            content = content.push(widget::muted("备份文件夹里还没有备份。"));
        } else {
            content = content.push(text("已有的备份(最新的在前):").size(style::TEXT));
        }
        for (i, b) in self.backups.iter().enumerate() {
            let mut line = row![
                text(b.taken_at.format("%Y-%m-%d %H:%M").to_string())
                    .size(style::TEXT)
                    .width(170),
                text(format!("{:.1} MB", b.size as f64 / 1e6))
                    .size(style::TEXT)
                    .width(100),
                text(
                    b.members
                        .map_or("读不出".to_string(), |m| format!("{m} 位会员"))
                )
                .size(style::TEXT)
                .width(140),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center);
            if backup::is_before_restore(&b.path) {
                line = line.push(widget::muted("(恢复前自动保存)"));
            }
            line = line.push(widget::secondary(
                "从这份恢复…",
                (!self.is_restoring()).then(|| Message::AskRestore(b.path.clone())),
            ));
            content = content.push(line);
            if i == 11 && self.backups.len() > 12 {
                content = content.push(widget::muted(format!(
                    "还有 {} 份更早的备份,可用“从其他文件恢复…”选择。",
                    self.backups.len() - 12
                )));
                break;
            }
        }
        content.into()
    }
}

/// A number of days typed in 设置 (the core checks the range and says it).
fn days(typed: &str) -> crate::data::Result<u32> {
    match crate::data::parse::whole_number(typed) {
        Ok(Some(days)) => Ok(u32::from(days)),
        _ => Err(crate::data::Error::Refused(format!(
            "“{}”不是天数,请填 1 到 365 之间的整数",
            typed.trim()
        ))),
    }
}

/// "超过 [14] 天…… 保存": one setting in days, its box and its button.
fn days_row<'a>(
    before: &'a str,
    (id, placeholder, value): (&'static str, &'a str, &'a str),
    on_input: fn(String) -> Message,
    save: Message,
    after: &'a str,
) -> Element<'a, Message> {
    row![
        text(before).size(style::TEXT),
        text_input(placeholder, value)
            .id(id)
            .on_input(on_input)
            .on_submit(save.clone())
            .size(style::TEXT)
            .padding(style::INPUT_PADDING)
            .width(80)
            .style(style::input(false)),
        text(after).size(style::TEXT),
        widget::primary("保存", Some(save)),
    ]
    .spacing(style::SPACING)
    .align_y(Alignment::Center)
    .wrap()
    .vertical_spacing(8)
    .into()
}
