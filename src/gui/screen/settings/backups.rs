//! 设置 → 数据备份: the last backup, the folder, backing up now, and restoring from a backup
//! (asked first; the restore itself runs at the root, which reports its progress here).

use super::Outcome;
use crate::data::backup::{self, BackupFile, BackupStatus};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use iced::widget::{column, row, text};
use iced::{Alignment, Element, Task};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Clone)]
pub enum Message {
    BackupNow,
    ChooseFolder,
    FolderChosen(Option<PathBuf>),
    /// Restore from this backup (asks first).
    AskRestore(PathBuf),
    ChooseRestoreFile,
    ConfirmRestore,
    CancelRestoreQuestion,
    /// Stop a restore under way.
    CancelRestoring,
}

#[derive(Default)]
pub enum Action {
    #[default]
    None,
    /// A file dialog to run.
    Run(Task<Message>),
    /// Start restoring from the file; the flag stops it.
    Restore(PathBuf, Arc<AtomicBool>),
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

/// The folder and the backups in it, as last read.
#[derive(Default)]
pub struct Backups {
    folder: Option<PathBuf>,
    status: Option<BackupStatus>,
    backups: Vec<BackupFile>,
    restoring: Option<Restoring>,
}

impl Backups {
    /// Reads the backups folder, the last backup and the backups in it again; `Err` with what
    /// went wrong reading the folder.
    pub fn reload(&mut self, db: &Db) -> Result<(), String> {
        self.status = db.backup_status().ok();
        match db.backup_folder() {
            Ok(folder) => {
                self.backups = db.backups().unwrap_or_default();
                self.folder = Some(folder);
                Ok(())
            }
            Err(error) => Err(error.to_string()),
        }
    }

    /// Reads again, with what went wrong reading added to `outcome`.
    fn reloaded<A>(&mut self, db: &Db, outcome: Outcome<A>) -> Outcome<A> {
        match self.reload(db) {
            Ok(()) => outcome,
            Err(error) => outcome.or_error(error),
        }
    }

    /// How far the restore is.
    pub fn restore_progress(&mut self, progress: f32) {
        if let Some(Restoring::Running {
            progress: shown, ..
        }) = &mut self.restoring
        {
            *shown = progress;
        }
    }

    /// The restore ended, either way.
    pub fn restore_finished(&mut self) {
        self.restoring = None;
    }

    pub fn is_restoring(&self) -> bool {
        matches!(self.restoring, Some(Restoring::Running { .. }))
    }

    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Outcome<Action> {
        match message {
            Message::BackupNow => {
                let made = db.backup_now(chrono::Local::now().naive_local());
                let said = Outcome::of(made.map(|made| {
                    Outcome::said(format!(
                        "已备份:{}({} 位会员)",
                        made.path.display(),
                        made.members.unwrap_or(0)
                    ))
                }));
                self.reloaded(db, said)
            }
            Message::ChooseFolder => Outcome::then(Action::Run(Task::perform(
                async {
                    rfd::AsyncFileDialog::new()
                        .set_title("选择备份文件夹(可以是U盘或网络盘)")
                        .pick_folder()
                        .await
                        .map(|folder| folder.path().to_path_buf())
                },
                Message::FolderChosen,
            ))),
            Message::FolderChosen(None) => Outcome::none(),
            Message::FolderChosen(Some(folder)) => {
                let chosen = db
                    .set_backup_folder(actor, &folder)
                    .map(|()| Outcome::said(format!("以后备份到 {}", folder.display())));
                self.reloaded(db, Outcome::of(chosen))
            }
            Message::ChooseRestoreFile => Outcome::then(Action::Run(Task::perform(
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
            ))),
            Message::AskRestore(file) => Outcome::of(backup::check_file(&file).map(|members| {
                self.restoring = Some(Restoring::Asking { file, members });
                Outcome::none()
            })),
            Message::CancelRestoreQuestion => {
                if !self.is_restoring() {
                    self.restoring = None;
                }
                Outcome::none()
            }
            Message::ConfirmRestore => {
                let Some(Restoring::Asking { file, .. }) = self.restoring.take() else {
                    return Outcome::none();
                };
                if let Err(error) = db.may(actor, crate::data::Permission::Restore) {
                    return Outcome::failed(error);
                }
                let cancel = Arc::new(AtomicBool::new(false));
                self.restoring = Some(Restoring::Running {
                    progress: 0.0,
                    cancel: cancel.clone(),
                });
                Outcome::then(Action::Restore(file, cancel))
            }
            Message::CancelRestoring => {
                if let Some(Restoring::Running { cancel, .. }) = &self.restoring {
                    cancel.store(true, Ordering::Relaxed);
                }
                Outcome::none()
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let folder = self
            .folder
            .as_ref()
            .map_or(String::new(), |f| f.display().to_string());
        let last = match &self.status {
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
                widget::secondary("更改备份文件夹…", Some(Message::ChooseFolder)),
                widget::secondary(
                    "从其他文件恢复…",
                    (!self.is_restoring()).then_some(Message::ChooseRestoreFile)
                ),
            ]
            .spacing(style::SPACING),
        ]
        .spacing(10);
        if let Some(restoring) = self.restoring_view() {
            content = content.push(restoring);
        }
        if self.backups.is_empty() {
            content = content.push(widget::muted("备份文件夹里还没有备份。"));
        } else {
            content = content.push(text("已有的备份(最新的在前):").size(style::TEXT));
        }
        for (i, b) in self.backups.iter().enumerate() {
            content = content.push(self.backup_line(b));
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

    /// The question before a restore, or how far it is.
    fn restoring_view(&self) -> Option<Element<'_, Message>> {
        match &self.restoring {
            Some(Restoring::Asking { file, members }) => Some(widget::banner(
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
            )),
            Some(Restoring::Running { progress, .. }) => Some(widget::banner(
                column![
                    text(format!("正在恢复……{:.0}%", progress * 100.0)).size(style::TEXT),
                    iced::widget::progress_bar(0.0..=1.0, *progress).girth(14),
                    widget::secondary("取消恢复", Some(Message::CancelRestoring)),
                ]
                .spacing(10),
                style::containers::warning_banner,
            )),
            None => None,
        }
    }

    /// One backup: when, how big, how many members, and restoring from it.
    fn backup_line<'a>(&self, b: &'a BackupFile) -> Element<'a, Message> {
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
        line.push(widget::secondary(
            "从这份恢复…",
            (!self.is_restoring()).then(|| Message::AskRestore(b.path.clone())),
        ))
        .into()
    }
}
