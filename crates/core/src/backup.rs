//! 备份与恢复: copies of the station's database made with SQLite's online backup API, each
//! checked with `PRAGMA integrity_check` before it counts; automatic ones at start (at most once a
//! day) and on exit after changes, kept as the last 30 days and the last 12 months; restoring
//! one after saving the current data first, and refusing a file that is damaged or not ours.

use super::db::{Db, remove_sidecars, remove_with_sidecars};
use super::error::{Error, Result};
use super::now_text;
use super::schema;
use super::signin::{Actor, Permission};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const FOLDER_KEY: &str = "backup_folder";
const LAST_AT_KEY: &str = "last_backup_at";
const LAST_ERROR_KEY: &str = "last_backup_error";
const PREFIX: &str = "hongniang-";
const STAMP: &str = "%Y-%m-%d_%H%M%S";
const BEFORE_RESTORE: &str = "-before-restore";
/// The copy made before a newer version brings an older database up to date: `-before-upgrade-v3`.
const BEFORE_UPGRADE: &str = "-before-upgrade-v";
/// Daily backups kept, and monthly ones.
pub const KEEP_DAYS: usize = 30;
pub const KEEP_MONTHS: usize = 12;
/// After this many days without a backup the home page warns.
pub const WARN_AFTER_DAYS: i64 = 7;

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    /// From the file name (the program's clock when it was made).
    pub taken_at: NaiveDateTime,
    pub size: u64,
    /// Members in it; `None` when the file cannot be read.
    pub members: Option<u64>,
}

/// What the settings remember of the last automatic or manual backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupStatus {
    pub last_at: Option<NaiveDateTime>,
    /// The last attempt failed, with this message.
    pub error: Option<String>,
}

impl BackupStatus {
    /// A warning for the home page: the last backup failed, or is older than a week, or
    /// there has never been one.
    pub fn warning(&self, now: NaiveDateTime) -> Option<String> {
        if let Some(error) = &self.error {
            return Some(format!(
                "上次备份没有成功:{error}。请到「设置」检查备份文件夹。"
            ));
        }
        match self.last_at {
            None => Some("还没有备份过数据。请到「设置」点“立即备份”。".to_string()),
            Some(at) if (now - at).num_days() >= WARN_AFTER_DAYS => Some(format!(
                "已经 {} 天没有备份了(上次 {})。请到「设置」点“立即备份”。",
                (now - at).num_days(),
                at.format("%Y-%m-%d %H:%M")
            )),
            Some(_) => None,
        }
    }
}

/// Why an automatic backup is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occasion {
    /// At start: only if there is none from today.
    Start,
    /// On exit: only if something changed since the program opened the database.
    Exit { changed: bool },
}

/// Writes the file's contents through to the disk. Opened for writing: Windows refuses to
/// flush a file opened only for reading (access denied), and every backup failed there.
pub(crate) fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

/// Writes a folder's entries (a file just renamed into it) through to the disk, where the
/// system allows it (Linux, macOS; Windows makes renames durable itself).
pub(crate) fn sync_folder_of(path: &Path) {
    #[cfg(unix)]
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::File::open(folder).and_then(|f| f.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Folder {
        path: path.to_path_buf(),
        source,
    }
}

/// How the backups of the database at `db` begin: `hongniang-` for the usual `hongniang.db`
/// (as they always were), `hongniang-{name}-` for a database with another file name, so that
/// two databases backed up into one folder never see each other's backups.
fn prefix_for(db: Option<&Path>) -> String {
    match db.and_then(|p| p.file_stem()).and_then(|s| s.to_str()) {
        None | Some("hongniang") => PREFIX.to_string(),
        Some(stem) => format!("{PREFIX}{stem}-"),
    }
}

fn file_name(prefix: &str, at: NaiveDateTime, suffix: &str) -> String {
    format!("{prefix}{}{suffix}.db", at.format(STAMP))
}

/// When a backup file of the database whose backups begin with `prefix` was made, from its
/// name (`hongniang-2026-11-21_093000[-…].db`); `None` for any other file.
fn taken_at(prefix: &str, path: &Path) -> Option<NaiveDateTime> {
    let name = path.file_name()?.to_str()?;
    let stamp = name.strip_prefix(prefix)?.strip_suffix(".db")?;
    let stamp = stamp.get(..17)?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok()
}

/// The list of the backup files this program wrote into a folder for one database (one name a
/// line): pruning deletes only files on it, so a file of the volunteer's own is never touched,
/// however it is named. `hongniang-backups.txt` for `hongniang.db`, `hongniang-{name}-backups.txt`
/// for another database.
fn manifest_path(folder: &Path, prefix: &str) -> PathBuf {
    folder.join(format!("{prefix}backups.txt"))
}

const MANIFEST_HEAD: &str = "# 红娘工作台在这个文件夹里写的备份(每行一个文件名)。清理旧备份时,程序只删除这里列出的文件;请不要修改或删除这个文件。";

/// Whether `name` is exactly a name this program gives a backup of the database whose backups
/// begin with `prefix` (`hongniang-2026-11-21_093000.db`, or `…-before-restore.db`).
fn is_backup_name(prefix: &str, name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(prefix)
        .and_then(|r| r.strip_suffix(".db"))
    else {
        return false;
    };
    let (stamp, suffix) = rest.split_at(rest.len().min(17));
    NaiveDateTime::parse_from_str(stamp, STAMP).is_ok()
        && (suffix.is_empty() || suffix == BEFORE_RESTORE)
}

/// The backups this program wrote into `folder` for the database with `prefix`. A folder
/// without the list yet (backups made by an earlier version) gets one naming the files whose
/// names are exactly the program's; a file with anything more in its name is never adopted.
fn written_here(folder: &Path, prefix: &str) -> std::io::Result<HashSet<String>> {
    let path = manifest_path(folder, prefix);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let mut names: Vec<String> = match std::fs::read_dir(folder) {
                Ok(entries) => entries
                    .flatten()
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|name| is_backup_name(prefix, name))
                    .collect(),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
                Err(error) => return Err(error),
            };
            names.sort();
            write_manifest(folder, prefix, &names)?;
            Ok(names.into_iter().collect())
        }
        Err(error) => Err(error),
    }
}

fn write_manifest(folder: &Path, prefix: &str, names: &[String]) -> std::io::Result<()> {
    let mut text = String::from(MANIFEST_HEAD);
    text.push('\n');
    for name in names {
        text.push_str(name);
        text.push('\n');
    }
    let path = manifest_path(folder, prefix);
    let partial = path.with_extension("txt-partial");
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, &path)
}

/// The list `written` of `folder` with `add` on it and `removed` taken off, written.
fn update_manifest(
    folder: &Path,
    prefix: &str,
    mut written: HashSet<String>,
    add: &str,
    removed: &[String],
) -> std::io::Result<()> {
    written.insert(add.to_string());
    let mut names: Vec<String> = written
        .into_iter()
        .filter(|n| !removed.contains(n))
        .collect();
    names.sort();
    write_manifest(folder, prefix, &names)
}

/// What a deletion on request did to the backups ([`Db::anonymise_member`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rewritten {
    /// Backups that held the member and were rewritten without them (and checked).
    pub rewritten: usize,
    /// Backups that could not be rewritten, with why; a restore of one removes the member again.
    pub failed: Vec<(PathBuf, String)>,
}

/// Brings the database of `conn` (a backup, a copy to restore) to today's schema and erases
/// `members` (id, number) from it in one transaction, freed pages zeroed.
fn erase_all(conn: &mut Connection, members: &[(i64, String)]) -> Result<()> {
    conn.pragma_update(None, "secure_delete", true)?;
    schema::migrations().to_latest(conn)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for (id, number) in members {
        super::privacy::erase_in(&tx, *id, number, None)?;
    }
    Ok(tx.commit()?)
}

/// Removes `members` (id, number) from the backup at `path`, in place: brought to today's
/// schema, erased in one transaction with freed pages zeroed, rebuilt (`VACUUM`), checked —
/// integrity, the members' rows, and their phone and WeChat no longer anywhere in the file's
/// bytes (unless someone else there has the same). Whether the file held any of them.
fn erase_in_file(path: &Path, members: &[(i64, String)]) -> Result<bool> {
    let mut conn = super::cipher::open_connection(path, None, true)?;
    conn.busy_timeout(super::db::BUSY_TIMEOUT)?;
    // A trigger slipped into the file would run with the erasure (and could keep what it
    // erases): such a file is not touched.
    let foreign = schema::foreign_objects(&conn)?;
    if !foreign.is_empty() {
        return Err(Error::Stored(format!(
            "备份里{},不是本程序建的,没有改写",
            foreign.join("、")
        )));
    }
    let mut contacts = Vec::new();
    let mut held = false;
    for (id, number) in members {
        let found: Option<(String, String, String)> = conn
            .query_row(
                "SELECT name, phone, wechat FROM members WHERE id = ?1 AND number = ?2",
                rusqlite::params![id, number],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((name, phone, wechat)) = found
            && (name != super::privacy::ANONYMOUS || !phone.is_empty())
        {
            held = true;
            contacts.extend([phone, wechat].into_iter().filter(|c| c.len() >= 5));
        }
    }
    if !held {
        return Ok(false);
    }
    erase_all(&mut conn, members)?;
    conn.execute_batch("VACUUM")?;
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let mut left = 0i64;
    for (id, number) in members {
        left += conn.query_row(
            "SELECT count(*) FROM members WHERE id = ?1 AND number = ?2 AND (name <> ?3 OR phone <> '')",
            rusqlite::params![id, number, super::privacy::ANONYMOUS],
            |r| r.get::<_, i64>(0),
        )?;
    }
    let mut shared = Vec::new();
    for contact in &contacts {
        let others: i64 = conn.query_row(
            "SELECT count(*) FROM members WHERE phone = ?1 OR registrant_phone = ?1 OR wechat = ?1",
            [contact],
            |r| r.get(0),
        )?;
        if others > 0 {
            shared.push(contact.clone());
        }
    }
    conn.close().map_err(|(_, e)| Error::from(e))?;
    if check != "ok" || left != 0 {
        return Err(Error::Stored("改写后的检查没有通过".into()));
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    for contact in contacts.iter().filter(|c| !shared.contains(c)) {
        if bytes
            .windows(contact.len())
            .any(|w| w == contact.as_bytes())
        {
            return Err(Error::Stored("改写后文件里仍有这位会员的联系方式".into()));
        }
    }
    sync_file(path).map_err(|e| io_error(path, e))?;
    Ok(true)
}

/// A copy of the data saved just before a restore (kept until a volunteer deletes it).
pub fn is_before_restore(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(&format!("{BEFORE_RESTORE}.db")))
}

/// Checks that `path` is a sound database of this program (not damaged, not someone else's,
/// not from a newer version, nothing in its schema the program did not make) and returns how
/// many members it holds.
pub fn check_file(path: &Path) -> Result<u64> {
    let refuse = |why: &str| Error::Refused(format!("“{}”不能用来恢复:{why}", path.display()));
    if !path.is_file() {
        return Err(refuse("找不到这个文件"));
    }
    let conn = super::cipher::open_connection(
        path,
        Some(OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX),
        true,
    )
    .map_err(|error| match error {
        Error::NeedsKey | Error::WrongKey => {
            refuse("它是加密的,密码与现在数据库的不同(或现在的数据库没有加密)")
        }
        _ => refuse("文件打不开"),
    })?;
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(|_| refuse("不是数据库文件,或文件已损坏"))?;
    if check != "ok" {
        return Err(refuse("文件已损坏(完整性检查没有通过)"));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|_| refuse("文件已损坏"))?;
    if version > schema::MIGRATIONS.len() as i64 {
        return Err(refuse("它来自更新版本的红娘工作台,请先升级本程序"));
    }
    let ours: bool = conn
        .query_row(
            "SELECT count(*) = 2 FROM sqlite_master WHERE type = 'table' AND name IN ('members', 'station')",
            [],
            |row| row.get(0),
        )
        .map_err(|_| refuse("文件已损坏"))?;
    if !ours || version == 0 {
        return Err(refuse("这不是红娘工作台的数据库或备份"));
    }
    // Only what the program's own migrations make: a trigger added to a backup would run with
    // every change made after the restore (keeping a deleted member's phone, copying phones
    // elsewhere).
    let foreign = schema::foreign_objects(&conn).map_err(|_| refuse("文件已损坏"))?;
    if !foreign.is_empty() {
        return Err(refuse(&format!(
            "备份里{},不是本程序建的;没有恢复,现在的数据没有改动",
            foreign.join("、")
        )));
    }
    let members: i64 = conn
        .query_row("SELECT count(*) FROM members", [], |row| row.get(0))
        .map_err(|_| refuse("会员表读不出来"))?;
    Ok(members.max(0) as u64)
}

/// The backups of the database at `db` in `folder`, newest first (files named by this program
/// for that database only; [`Db::backups`] for the database's own folder).
pub fn list(folder: &Path, db: &Path) -> Result<Vec<BackupFile>> {
    list_with(folder, &prefix_for(Some(db)))
}

fn list_with(folder: &Path, prefix: &str) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(io_error(folder, error)),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(at) = taken_at(prefix, &path) else {
            continue;
        };
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        found.push(BackupFile {
            members: members_in(&path),
            path,
            taken_at: at,
            size,
        });
    }
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(found)
}

fn members_in(path: &Path) -> Option<u64> {
    let conn =
        super::cipher::open_connection(path, Some(OpenFlags::SQLITE_OPEN_READ_ONLY), true).ok()?;
    conn.query_row("SELECT count(*) FROM members", [], |row| {
        row.get::<_, i64>(0)
    })
    .ok()
    .map(|n| n.max(0) as u64)
}

/// Which of `backups` (newest first) to keep: the newest of each of the last [`KEEP_DAYS`]
/// days that have one, and of each of the last [`KEEP_MONTHS`] months.
pub fn to_keep(backups: &[BackupFile]) -> HashSet<PathBuf> {
    let mut keep = HashSet::new();
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut months: Vec<(i32, u32)> = Vec::new();
    for backup in backups {
        let day = backup.taken_at.date();
        if !days.contains(&day) && days.len() < KEEP_DAYS {
            days.push(day);
            keep.insert(backup.path.clone());
        }
        let month = (chrono::Datelike::year(&day), chrono::Datelike::month(&day));
        if !months.contains(&month) && months.len() < KEEP_MONTHS {
            months.push(month);
            keep.insert(backup.path.clone());
        }
    }
    keep
}

impl Db {
    /// Before a newer version of the program brings the database of an older one up to date
    /// (its migrations), a copy of it as it was goes into its backups folder
    /// (`hongniang-2026-12-02_081500-before-upgrade-v8.db`): should anything about the upgrade
    /// be wrong, the station can go back. On the folder's list like every backup, so it is
    /// rewritten when a member is deleted on request and pruned by age like the others; made and
    /// checked as every backup is ([`Db::backup_to`]), so an encrypted database's copy keeps its
    /// encryption. A new database or one
    /// already up to date gets none. Returns where the copy went.
    pub(crate) fn copy_before_upgrade(&self, now: NaiveDateTime) -> Result<Option<PathBuf>> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version <= 0 || version >= schema::MIGRATIONS.len() as i64 {
            return Ok(None);
        }
        if self.path().is_none() || self.is_demo()? {
            return Ok(None);
        }
        // The chosen folder (a USB stick that may not be in), else the one beside the database.
        let beside = self.folder_beside();
        let chosen = self.backup_folder().unwrap_or_else(|_| beside.clone());
        match self.copy_before_upgrade_into(&chosen, version, now) {
            Ok(dest) => Ok(Some(dest)),
            Err(_) if chosen != beside => self
                .copy_before_upgrade_into(&beside, version, now)
                .map(Some),
            Err(error) => Err(error),
        }
    }

    fn copy_before_upgrade_into(
        &self,
        folder: &Path,
        version: i64,
        now: NaiveDateTime,
    ) -> Result<PathBuf> {
        let prefix = self.backup_prefix();
        super::db::private_folder(folder).map_err(|e| io_error(folder, e))?;
        let written = written_here(folder, &prefix).map_err(|e| io_error(folder, e))?;
        let name = file_name(&prefix, now, &format!("{BEFORE_UPGRADE}{version}"));
        let made = self.backup_to(&folder.join(&name))?;
        update_manifest(folder, &prefix, written, &name, &[]).map_err(|e| io_error(folder, e))?;
        Ok(made.path)
    }

    /// Where this database lives (`None` in memory).
    pub fn path(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }

    /// This database's backups in its backups folder, newest first.
    pub fn backups(&self) -> Result<Vec<BackupFile>> {
        list_with(&self.backup_folder()?, &self.backup_prefix())
    }

    fn backup_prefix(&self) -> String {
        prefix_for(self.path().as_deref())
    }

    /// The backups folder: the one chosen in settings, or `backups` beside the database.
    pub fn backup_folder(&self) -> Result<PathBuf> {
        if let Some(folder) = self.setting(FOLDER_KEY)?.filter(|f| !f.trim().is_empty()) {
            return Ok(PathBuf::from(folder));
        }
        Ok(self.folder_beside())
    }

    /// The backups folder unless one is chosen: `hongniang-backups` beside the database.
    fn folder_beside(&self) -> PathBuf {
        self.path()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default()
            .join("hongniang-backups")
    }

    /// Chooses the backups folder (created if needed; it must be writable). Every member's data
    /// goes there, so it is [`Permission::ExportAll`]; recorded.
    pub fn set_backup_folder(&self, actor: &Actor, folder: &Path) -> Result<()> {
        self.may(actor, Permission::ExportAll)?;
        super::db::private_folder(folder).map_err(|e| io_error(folder, e))?;
        let probe = folder.join(".hongniang-write-test");
        std::fs::write(&probe, b"ok").map_err(|e| io_error(folder, e))?;
        let _ = std::fs::remove_file(&probe);
        self.set_setting(FOLDER_KEY, &folder.to_string_lossy())?;
        self.record_event(
            actor,
            super::audit::Kind::Export,
            None,
            &format!("以后的备份存到 {}", folder.display()),
        )
    }

    pub fn backup_status(&self) -> Result<BackupStatus> {
        Ok(BackupStatus {
            last_at: self
                .setting(LAST_AT_KEY)?
                .and_then(|at| NaiveDateTime::parse_from_str(&at, super::TIME_FORMAT).ok()),
            error: self.setting(LAST_ERROR_KEY)?.filter(|e| !e.is_empty()),
        })
    }

    /// 导出全部数据: a checked copy of the whole database written to `dest` (a USB stick, say),
    /// for an administrator once the station has one; recorded.
    pub fn export_database(&self, actor: &Actor, dest: &Path) -> Result<BackupFile> {
        self.may(actor, Permission::ExportAll)?;
        let made = self.backup_to(dest)?;
        self.record_event(
            actor,
            super::audit::Kind::Export,
            None,
            &format!("整个数据库备份到 {}", made.path.display()),
        )?;
        Ok(made)
    }

    /// Writes a copy of the whole database to `dest` with the online backup API, checks it,
    /// and only then puts it in place (a failed copy never replaces a good file).
    pub(crate) fn backup_to(&self, dest: &Path) -> Result<BackupFile> {
        if let Some(folder) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            super::db::private_folder(folder).map_err(|e| io_error(folder, e))?;
        }
        let partial = dest.with_extension("db-partial");
        let _ = std::fs::remove_file(&partial);
        // The copy holds every member's data: the PC's user's alone, like the database.
        super::db::private_file(&partial).map_err(|e| io_error(&partial, e))?;
        let result = self.copy_to(&partial).and_then(|()| check_file(&partial));
        remove_sidecars(&partial);
        let members = match result {
            Ok(members) => members,
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                return Err(match error {
                    Error::Refused(_) => Error::Stored("备份写出后检查没有通过".into()),
                    other => other,
                });
            }
        };
        // On the disk itself before it takes the backup's name (a power cut must not leave a
        // backup that is only half written under a good name).
        sync_file(&partial).map_err(|e| io_error(&partial, e))?;
        std::fs::rename(&partial, dest).map_err(|e| io_error(dest, e))?;
        sync_folder_of(dest);
        Ok(BackupFile {
            path: dest.to_path_buf(),
            taken_at: chrono::Local::now().naive_local(),
            size: std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0),
            members: Some(members),
        })
    }

    /// The online backup into a new file, which is then switched to a plain rollback journal so
    /// that it is one self-contained file (no `-wal`/`-shm` beside it).
    /// An encrypted database is copied with `VACUUM INTO` instead (the backup API refuses
    /// encrypted databases), which keeps its encryption and password.
    fn copy_to(&self, path: &Path) -> Result<()> {
        let dest = if self.is_encrypted() {
            self.vacuum_into(path)?;
            super::cipher::open_connection(path, None, true)?
        } else {
            let mut dest = Connection::open(path)?;
            {
                let copy = rusqlite::backup::Backup::new(&self.conn, &mut dest)?;
                copy.run_to_completion(1024, std::time::Duration::from_millis(10), None)?;
            }
            dest
        };
        let _: String = dest.query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0))?;
        dest.close().map_err(|(_, e)| Error::from(e))
    }

    /// A backup into the backups folder now, then the old ones pruned; the outcome is
    /// remembered for the settings and the home page.
    pub fn backup_now(&self, now: NaiveDateTime) -> Result<BackupFile> {
        self.backup_named(now, "")
    }

    fn backup_named(&self, now: NaiveDateTime, suffix: &str) -> Result<BackupFile> {
        let outcome = self.backup_folder().and_then(|folder| {
            let prefix = self.backup_prefix();
            super::db::private_folder(&folder).map_err(|e| io_error(&folder, e))?;
            // The list is read (or, the first time, made) before the new file is there.
            let written = written_here(&folder, &prefix).map_err(|e| io_error(&folder, e))?;
            let name = file_name(&prefix, now, suffix);
            let made = self.backup_to(&folder.join(&name))?;
            // Pruned: only files this program wrote (on the list); the copies saved before a
            // restore never; the one just made is kept.
            let all: Vec<BackupFile> = list_with(&folder, &prefix)?
                .into_iter()
                .filter(|b| !is_before_restore(&b.path))
                .filter(|b| {
                    b.path
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| written.contains(n) || n == name)
                })
                .collect();
            let mut keep = to_keep(&all);
            keep.insert(made.path.clone());
            let mut removed = Vec::new();
            for old in all.iter().filter(|b| !keep.contains(&b.path)) {
                if std::fs::remove_file(&old.path).is_ok()
                    && let Some(n) = old.path.file_name().and_then(|n| n.to_str())
                {
                    removed.push(n.to_string());
                }
            }
            update_manifest(&folder, &prefix, written, &name, &removed)
                .map_err(|e| io_error(&folder, e))?;
            Ok(made)
        });
        match &outcome {
            Ok(_) => {
                self.set_setting(LAST_AT_KEY, &now.format(super::TIME_FORMAT).to_string())?;
                self.set_setting(LAST_ERROR_KEY, "")?;
            }
            Err(error) => self.set_setting(LAST_ERROR_KEY, &error.to_string())?,
        }
        outcome
    }

    /// The automatic backup: at start when there is none from today, on exit when something
    /// changed. `None` when none was needed.
    pub fn automatic_backup(
        &self,
        now: NaiveDateTime,
        occasion: Occasion,
    ) -> Result<Option<BackupFile>> {
        let needed = match occasion {
            Occasion::Start => !self
                .backups()?
                .iter()
                .any(|b| b.taken_at.date() == now.date()),
            Occasion::Exit { changed } => changed,
        };
        // The demo's made-up members are never kept among the station's backups.
        if !needed || self.is_demo()? {
            return Ok(None);
        }
        self.backup_now(now).map(Some)
    }

    /// Replaces the whole database with the backup at `file` (checked first); the current
    /// data is saved as a backup beforehand, whose file is returned. The backups folder and
    /// the backup record stay as they are now.
    pub fn restore_from(
        &mut self,
        actor: &Actor,
        file: &Path,
        now: NaiveDateTime,
    ) -> Result<BackupFile> {
        self.restore_with_progress(actor, file, now, &mut |_| true)
    }

    /// [`Db::restore_from`], telling `progress` how far it is (0.0–1.0) after each step; when
    /// `progress` answers `false` the restore stops and the database is left as it was
    /// (SQLite rolls the unfinished copy back).
    /// An administrator's operation once the station has one.
    pub fn restore_with_progress(
        &mut self,
        actor: &Actor,
        file: &Path,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(f32) -> bool,
    ) -> Result<BackupFile> {
        self.may(actor, Permission::Restore)?;
        check_file(file)?;
        // Who restored, by name: the restored data may not have them (or has someone else
        // under their number).
        let restorer = match actor.volunteer() {
            Some(id) => Some((id, self.volunteer_name(id)?)),
            None => None,
        };
        let chosen_folder = self.setting(FOLDER_KEY)?;
        let distrusted = self.read_only().is_some();
        let saved = if distrusted {
            self.keep_as_it_is(now)?
        } else {
            self.backup_named(now, BEFORE_RESTORE)?
        };
        let prepared = self.prepared_for_restore(file)?;
        if distrusted {
            // Opened read-only because something is wrong with it: written again only to be
            // replaced, page by page (nothing of its schema runs).
            if let Err(error) = self.reopen(false) {
                remove_with_sidecars(&prepared);
                return Err(error);
            }
        }
        let copied = self.copy_in(&prepared, progress);
        remove_with_sidecars(&prepared);
        if let Err(error) = copied {
            if distrusted {
                let _ = self.reopen(true);
            }
            return Err(error);
        }
        self.read_only = None;
        self.after_restore(file, now, chosen_folder, restorer, saved)
    }

    /// A database opened read-only ([`Db::read_only`]) kept as it is, with its WAL, in the
    /// backups folder as the copy before a restore: it could not be copied and checked as a
    /// backup is (it is damaged, or not only the program's), and nothing of it is lost.
    fn keep_as_it_is(&self, now: NaiveDateTime) -> Result<BackupFile> {
        let path = self
            .path()
            .ok_or_else(|| Error::Refused("这个数据库不在文件里".into()))?;
        let folder = self.backup_folder()?;
        let prefix = self.backup_prefix();
        super::db::private_folder(&folder).map_err(|e| io_error(&folder, e))?;
        let written = written_here(&folder, &prefix).map_err(|e| io_error(&folder, e))?;
        let name = file_name(&prefix, now, BEFORE_RESTORE);
        let dest = folder.join(&name);
        for suffix in ["", "-wal"] {
            let from = super::db::sidecar_of(&path, suffix);
            let to = super::db::sidecar_of(&dest, suffix);
            if suffix.is_empty() || from.is_file() {
                super::db::private_file(&to).map_err(|e| io_error(&to, e))?;
                std::fs::copy(&from, &to).map_err(|e| io_error(&to, e))?;
                sync_file(&to).map_err(|e| io_error(&to, e))?;
            }
        }
        sync_folder_of(&dest);
        update_manifest(&folder, &prefix, written, &name, &[]).map_err(|e| io_error(&folder, e))?;
        Ok(BackupFile {
            size: std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0),
            path: dest,
            taken_at: now,
            members: None,
        })
    }

    /// Copies the prepared backup at `prepared` over this database, telling `progress`.
    fn copy_in(&mut self, prepared: &Path, progress: &mut dyn FnMut(f32) -> bool) -> Result<()> {
        use rusqlite::backup::{Backup, StepResult};
        {
            let source = super::cipher::open_connection(
                prepared,
                Some(OpenFlags::SQLITE_OPEN_READ_ONLY),
                true,
            )?;
            let copy = Backup::new(&source, &mut self.conn).map_err(|_| {
                Error::Refused(
                    "这份备份与现在的数据库加密方式不同(例如加密前做的备份),不能直接恢复;请先在设置里取消加密,恢复后再加密".into(),
                )
            })?;
            loop {
                match copy.step(256)? {
                    StepResult::Done => break,
                    StepResult::Busy | StepResult::Locked => {
                        std::thread::sleep(std::time::Duration::from_millis(50))
                    }
                    _ => {}
                }
                let p = copy.progress();
                let fraction = if p.pagecount > 0 {
                    1.0 - p.remaining as f32 / p.pagecount as f32
                } else {
                    0.0
                };
                if !progress(fraction) {
                    return Err(Error::Cancelled);
                }
            }
        }
        Ok(())
    }

    /// The settings kept across a restore, and its record.
    fn after_restore(
        &mut self,
        file: &Path,
        now: NaiveDateTime,
        chosen_folder: Option<String>,
        restorer: Option<(i64, String)>,
        saved: BackupFile,
    ) -> Result<BackupFile> {
        schema::migrations().to_latest(&mut self.conn)?;
        match chosen_folder {
            Some(chosen) => self.set_setting(FOLDER_KEY, &chosen)?,
            None => {
                self.conn
                    .execute("DELETE FROM settings WHERE key = ?1", [FOLDER_KEY])?;
            }
        }
        self.set_setting(LAST_AT_KEY, &now.format(super::TIME_FORMAT).to_string())?;
        self.set_setting(LAST_ERROR_KEY, "")?;
        self.set_setting(
            "last_restore",
            &format!("{} 从 {}", now_text(), file.display()),
        )?;
        // Recorded under the restorer if the restored data knows them by the same number and
        // name, otherwise by name in the line (the data has been replaced either way).
        let (recorded_as, by) = match &restorer {
            Some((id, name)) if self.volunteer_name(*id).ok().as_ref() == Some(name) => {
                (self.sign_in_unchecked(*id), String::new())
            }
            Some((_, name)) => (Actor::terminal(), format!("(由{name}恢复)")),
            None => (Actor::terminal(), String::new()),
        };
        self.record_event(
            &recorded_as,
            super::audit::Kind::Restore,
            None,
            &format!(
                "从备份“{}”恢复{by};恢复前的数据另存为 {}",
                file.display(),
                saved.path.display()
            ),
        )?;
        Ok(saved)
    }

    /// Removes `members` from every backup this program keeps in the backups folder for this
    /// database (the ones on its list, the copies saved before a restore among them).
    pub(crate) fn erase_from_backups(&self, members: &[(i64, String)]) -> Rewritten {
        let mut outcome = Rewritten::default();
        let Ok(folder) = self.backup_folder() else {
            return outcome;
        };
        if !folder.is_dir() {
            return outcome;
        }
        let prefix = self.backup_prefix();
        let written = match written_here(&folder, &prefix) {
            Ok(written) => written,
            Err(error) => {
                outcome
                    .failed
                    .push((folder.clone(), super::error::io_words(&error)));
                return outcome;
            }
        };
        let mut files: Vec<PathBuf> = written
            .iter()
            .map(|name| folder.join(name))
            .filter(|path| path.is_file())
            .collect();
        files.sort();
        for file in files {
            match erase_in_file(&file, members) {
                Ok(true) => outcome.rewritten += 1,
                Ok(false) => {}
                Err(error) => outcome.failed.push((file, error.to_string())),
            }
        }
        outcome
    }

    /// A copy of the backup at `file` beside the database, brought to today's schema, with
    /// every deletion on request known here applied again (and recorded in it): what a
    /// restore copies in, so nobody ever sees a member who asked to be deleted.
    fn prepared_for_restore(&self, file: &Path) -> Result<PathBuf> {
        let erasures = self.erasures()?;
        let prepared = match self.path() {
            Some(path) => path.with_extension("db-restoring"),
            None => {
                std::env::temp_dir().join(format!("hongniang-restoring-{}.db", std::process::id()))
            }
        };
        remove_with_sidecars(&prepared);
        super::db::private_file(&prepared).map_err(|e| io_error(&prepared, e))?;
        std::fs::copy(file, &prepared).map_err(|e| io_error(&prepared, e))?;
        let result = (|| -> Result<()> {
            let mut conn = super::cipher::open_connection(&prepared, None, true)?;
            erase_all(&mut conn, &erasures)?;
            conn.close().map_err(|(_, e)| Error::from(e))
        })();
        if let Err(error) = result {
            remove_with_sidecars(&prepared);
            return Err(error);
        }
        Ok(prepared)
    }

    /// Whether this connection has written anything since it was opened.
    pub fn changed_since_open(&self) -> bool {
        self.conn.total_changes() > 0
    }

    /// The last restore, as recorded ("2026-11-21T09:30:00 从 …").
    pub fn last_restore(&self) -> Result<Option<String>> {
        self.setting("last_restore")
            .map(|r| r.filter(|r| !r.is_empty()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn names_carry_the_time() {
        let when = at("2026-11-21 09:30");
        let name = file_name(PREFIX, when, "-before-restore");
        assert_eq!(name, "hongniang-2026-11-21_093000-before-restore.db");
        assert_eq!(taken_at(PREFIX, Path::new(&name)), Some(when));
        assert_eq!(taken_at(PREFIX, Path::new("notes.db")), None);
        // Another database's backups carry its name, and are not this one's (nor the reverse).
        let other = prefix_for(Some(Path::new("/station/湖滨站.db")));
        assert_eq!(other, "hongniang-湖滨站-");
        assert_eq!(prefix_for(Some(Path::new("/x/hongniang.db"))), PREFIX);
        let theirs = file_name(&other, when, "");
        assert_eq!(theirs, "hongniang-湖滨站-2026-11-21_093000.db");
        assert_eq!(taken_at(&other, Path::new(&theirs)), Some(when));
        assert_eq!(taken_at(PREFIX, Path::new(&theirs)), None);
        assert_eq!(taken_at(&other, Path::new(&name)), None);
    }

    #[test]
    fn thirty_days_and_twelve_months_are_kept() {
        // Two backups a day for 500 days, newest first.
        let start = at("2025-07-01 08:00");
        let mut all: Vec<BackupFile> = (0..1000)
            .map(|i| {
                let taken_at = start + chrono::Duration::hours(12 * i);
                BackupFile {
                    path: PathBuf::from(file_name(PREFIX, taken_at, "")),
                    taken_at,
                    size: 0,
                    members: None,
                }
            })
            .collect();
        all.reverse();
        let keep = to_keep(&all);
        let newest = &all[0];
        assert!(keep.contains(&newest.path));
        let days: HashSet<NaiveDate> = all
            .iter()
            .filter(|b| keep.contains(&b.path))
            .map(|b| b.taken_at.date())
            .collect();
        // 30 days plus the older months' newest backups (12 months, some inside the 30 days).
        assert!(
            keep.len() >= KEEP_DAYS && keep.len() <= KEEP_DAYS + KEEP_MONTHS,
            "{}",
            keep.len()
        );
        assert_eq!(days.len(), keep.len(), "one per day at most");
        // The oldest kept is about a year back, not more.
        let oldest = all
            .iter()
            .filter(|b| keep.contains(&b.path))
            .map(|b| b.taken_at)
            .min()
            .unwrap();
        assert!((newest.taken_at - oldest).num_days() < 370);
        assert!((newest.taken_at - oldest).num_days() > 300);
    }

    #[test]
    fn the_home_page_warns_when_backups_are_old_or_failed() {
        let now = at("2026-11-21 10:00");
        let recent = BackupStatus {
            last_at: Some(at("2026-11-20 18:00")),
            error: None,
        };
        assert_eq!(recent.warning(now), None);
        let old = BackupStatus {
            last_at: Some(at("2026-11-10 18:00")),
            error: None,
        };
        assert!(
            old.warning(now)
                .unwrap()
                .starts_with("已经 10 天没有备份了")
        );
        let never = BackupStatus {
            last_at: None,
            error: None,
        };
        assert!(never.warning(now).is_some());
        let failed = BackupStatus {
            last_at: Some(at("2026-11-21 09:00")),
            error: Some("磁盘已满".into()),
        };
        assert!(failed.warning(now).unwrap().contains("磁盘已满"));
    }
}
