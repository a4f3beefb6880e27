//! Opening the station's SQLite file: where it lives, its pragmas, its migrations; and the
//! small tables (station, settings, volunteers). Members are in `members.rs`.

use super::error::{Error, Result};
use super::schema;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The setting that marks a database the demo filled (so more demo members may follow).
pub(crate) const DEMO_MARK: &str = "demo_database";
/// The demo station's name (`demo::generate` gives it).
pub const DEMO_STATION_NAME: &str = "爱的填空相亲工作站(演示数据)";

/// The file SQLite keeps beside the database at `path` (`-wal`, `-shm`, `-journal`).
pub(crate) fn sidecar_of(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes what SQLite left beside the database at `path`.
pub(crate) fn remove_sidecars(path: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sidecar_of(path, suffix));
    }
}

/// Removes a database file the program made for a moment, with what SQLite put beside it.
pub(crate) fn remove_with_sidecars(path: &Path) {
    let _ = std::fs::remove_file(path);
    remove_sidecars(path);
}

/// Creates `folder` (and its parents) if missing; a folder created here is the PC's user's
/// alone (on Linux and macOS; on Windows the user's own folders already are).
pub(crate) fn private_folder(folder: &Path) -> std::io::Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(folder)
}

/// Makes the file at `path` readable and writable by the PC's user alone: created empty with
/// those rights when missing (SQLite then writes into it), tightened when others could read
/// it. Where the file system has no such rights (a FAT USB stick) nothing is changed.
pub(crate) fn private_file(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        match std::fs::metadata(path) {
            Ok(meta) => {
                if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
                    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
                    for suffix in ["-wal", "-shm"] {
                        let _ = std::fs::set_permissions(
                            sidecar_of(path, suffix),
                            std::fs::Permissions::from_mode(0o600),
                        );
                    }
                }
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map(drop)
                .or_else(|e| match e.kind() {
                    std::io::ErrorKind::AlreadyExists => Ok(()),
                    _ => Err(e),
                }),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

pub struct Db {
    pub(crate) conn: Connection,
    /// Why the file was opened read-only: something is wrong with it (a damaged page,
    /// something in its schema the program did not make), and nothing may be written to it
    /// until it is restored from a backup. `None` normally.
    pub(crate) read_only: Option<String>,
    /// PIN tries made while read-only, when none can be written down (see `signin.rs`).
    pub(crate) uncounted_tries: std::cell::Cell<u32>,
}

/// How long a connection waits for another window's or program's lock.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Db {
    /// Opens (or creates) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            private_folder(folder).map_err(|source| Error::Folder {
                path: folder.to_path_buf(),
                source,
            })?;
            super::error::watch_folder(folder);
        }
        // Readable by the PC's user alone; SQLite gives its -wal and -shm files the same.
        private_file(path).map_err(|source| Error::Folder {
            path: path.to_path_buf(),
            source,
        })?;
        let not_ours = |error| match error {
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                Error::NotADatabase(path.to_path_buf())
            }
            other => other,
        };
        let conn = super::cipher::open_connection(path, None, false)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Looked at before anything is written: a damaged file written to gets worse, and a
        // trigger slipped into the schema runs with the program's every change.
        if let Some(why) = Self::distrust(&conn, path).map_err(not_ours)? {
            // Closed without folding what its WAL holds (from a crash) into the file.
            let _ = conn.set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            );
            drop(conn);
            let conn = super::cipher::open_connection(
                path,
                Some(rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY),
                false,
            )?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            return Ok(Self {
                conn,
                read_only: Some(why),
                uncounted_tries: Default::default(),
            });
        }
        Self::setup(conn, true).map_err(not_ours)
    }

    /// What is wrong with the database of `conn`, in words for the volunteer, or `None`: a page
    /// SQLite's quick check finds damaged, or a table, index, trigger or view that the
    /// program's migrations did not make for the file's schema version.
    fn distrust(conn: &Connection, path: &Path) -> Result<Option<String>> {
        let restore = "请到 设置 › 数据备份 从最近的备份恢复;恢复前程序会把现在的文件另存一份";
        if !passes_quick_check_on_open(conn, path)? {
            return Ok(Some(format!(
                "数据库文件有损坏的地方(快速检查没有通过)。为了不让它坏得更多,程序只读打开:可以查看,不能修改。{restore}"
            )));
        }
        let foreign = schema::foreign_objects(conn)?;
        if !foreign.is_empty() {
            return Ok(Some(format!(
                "数据库里{},不是本程序建的,文件可能被人改过。为了会员资料的安全,程序只读打开,不会执行它:可以查看,不能修改。{restore}",
                foreign.join("、")
            )));
        }
        Ok(None)
    }

    /// Opens this database's file again: read-only as [`Db::open`] leaves a file it distrusts,
    /// or for writing (without the checks, pragmas or migrations: for a restore to replace it).
    pub(crate) fn reopen(&mut self, read_only: bool) -> Result<()> {
        let path = self
            .path()
            .ok_or_else(|| Error::Refused("这个数据库不在文件里".into()))?;
        let flags = read_only.then_some(rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY);
        let conn = super::cipher::open_connection(&path, flags, false)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if !read_only {
            conn.pragma_update(None, "foreign_keys", true)?;
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        self.conn = conn;
        Ok(())
    }

    /// Why the database was opened read-only (see [`Db::open`]), for the window to show; `None`
    /// when it can be written.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?, false)
    }

    fn setup(conn: Connection, wal: bool) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if wal {
            // WAL lets a reader (a second window, a backup) work while the station writes.
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::Sqlite(rusqlite::Error::InvalidQuery));
            }
            // FULL: every commit is on the disk before the program says it is saved, so a
            // power cut (the station PC's usual fault) loses nothing that was reported saved.
            // NORMAL would keep the file consistent but could roll back the last commits.
            // The cost is one disk flush per save (measured: `cargo bench --bench members`).
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        let mut db = Self {
            conn,
            read_only: None,
            uncounted_tries: Default::default(),
        };
        if wal {
            // A file of an older version: kept as it was before it is brought up to date. Should
            // no copy be possible (a full disk), the upgrade still goes ahead: its migrations run
            // in one transaction, and a failure leaves the file as it was.
            let _ = db.copy_before_upgrade(chrono::Local::now().naive_local());
        }
        schema::migrations().to_latest(&mut db.conn)?;
        // A code added to a closed list since the file was last opened: its column takes it.
        super::codes::widen(&db.conn)?;
        Ok(db)
    }

    /// Where the station's database lives when no `--db` is given: the platform's data folder
    /// (`~/.local/share/hongniang`, `%APPDATA%\hongniang\hongniang\data`, `~/Library/Application Support/…`).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("cn", "hongniang", "hongniang")
            .map(|dirs| dirs.data_dir().join("hongniang.db"))
    }

    /// Every change of more than one statement goes through this: a transaction that takes
    /// the write lock when it begins, waiting (the busy timeout) while another window or
    /// program writes. A transaction that reads first and then writes would instead fail at
    /// once with "database is locked" when another writer came in between.
    pub(crate) fn write(&self) -> Result<Transaction<'_>> {
        if let Some(why) = &self.read_only {
            return Err(Error::Refused(format!("没有保存。{why}")));
        }
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The station's name, or `None` on a database that has not been set up yet.
    pub fn station_name(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT name FROM station WHERE id = 1", [], |row| {
                row.get(0)
            })
            .optional()?)
    }

    pub fn set_station_name(&self, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::StationNameEmpty);
        }
        self.conn.execute(
            "INSERT INTO station (id, name) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            [name],
        )?;
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Whether this is a database the demo filled with synthetic members (marked, or named
    /// as the demo station): never backed up, so its made-up people never sit among the
    /// station's backups.
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.setting(DEMO_MARK)?.is_some()
            || self.station_name()?.as_deref() == Some(DEMO_STATION_NAME))
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        put_setting(&self.conn, key, value)
    }
}

/// How long the quick check on opening may take: the whole file up to about 100,000 members
/// (0.8–1.8 s measured there, a 106 MB file; the station's 10,000 take a tenth of it).
/// Beyond, the check is cut short rather than keep a volunteer (and every command line)
/// waiting 8 s at 1,000,000 (1.06 GB); the daily backup's full `integrity_check` of its copy
/// still reads every page.
pub(crate) const QUICK_CHECK_BUDGET: Duration = Duration::from_secs(2);

/// The files quick-checked by this program run, as they were then (path, size, last change): a
/// window's background work opens the database again and again, and a check per opening
/// would cost each of them the same seconds. A file changed since is checked again.
type Seen = (PathBuf, u64, Option<std::time::SystemTime>);
static CHECKED: std::sync::Mutex<Vec<Seen>> = std::sync::Mutex::new(Vec::new());

/// What SQLite's `PRAGMA quick_check` says of the database of `conn` (every page and record
/// well formed, as `integrity_check` without comparing the indexes with their tables, which
/// takes the most time), within `budget`: `Some(false)` damaged (a file too damaged for the
/// check to run is), `None` when the budget ran out first.
pub(crate) fn quick_check(conn: &Connection, budget: Duration) -> Result<Option<bool>> {
    let handle = conn.get_interrupt_handle();
    let (finished, told) = std::sync::mpsc::channel::<()>();
    let timer = std::thread::spawn(move || {
        if told.recv_timeout(budget) == Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
            handle.interrupt();
        }
    });
    let answer = conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0));
    let _ = finished.send(());
    let _ = timer.join();
    match answer {
        Ok(answer) => Ok(Some(answer == "ok")),
        Err(rusqlite::Error::SqliteFailure(e, _)) => match e.code {
            rusqlite::ErrorCode::DatabaseCorrupt => Ok(Some(false)),
            rusqlite::ErrorCode::OperationInterrupted => Ok(None),
            _ => Err(rusqlite::Error::SqliteFailure(e, None).into()),
        },
        Err(error) => Err(error.into()),
    }
}

/// Whether the database at `path` (opened as `conn`) passes the quick check on opening: once
/// per program run and file, within [`QUICK_CHECK_BUDGET`] (a check cut short passes).
fn passes_quick_check_on_open(conn: &Connection, path: &Path) -> Result<bool> {
    let meta = std::fs::metadata(path).ok();
    let key = (
        path.canonicalize().unwrap_or_else(|_| path.to_path_buf()),
        meta.as_ref().map_or(0, |m| m.len()),
        meta.and_then(|m| m.modified().ok()),
    );
    if CHECKED.lock().is_ok_and(|checked| checked.contains(&key)) {
        return Ok(true);
    }
    let sound = quick_check(conn, QUICK_CHECK_BUDGET)?;
    if sound.is_some_and(|sound| !sound) {
        return Ok(false);
    }
    if let Ok(mut checked) = CHECKED.lock() {
        checked.push(key);
    }
    Ok(true)
}

/// Writes a setting through `conn` (a transaction, so that it commits with the change it
/// belongs to).
pub(crate) fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Actor;

    #[test]
    fn station_and_volunteers() {
        let db = Db::open_in_memory().unwrap();
        assert_eq!(db.station_name().unwrap(), None);
        assert!(matches!(
            db.set_station_name("  "),
            Err(Error::StationNameEmpty)
        ));
        db.set_station_name("爱的填空 相亲工作站").unwrap();
        db.set_station_name("爱的填空相亲工作站").unwrap();
        assert_eq!(
            db.station_name().unwrap().as_deref(),
            Some("爱的填空相亲工作站")
        );

        let lou = db.add_volunteer(&Actor::terminal(), " 楼老师 ").unwrap();
        let zhu = db.add_volunteer(&Actor::terminal(), "朱大姐").unwrap();
        assert!(matches!(
            db.add_volunteer(&Actor::terminal(), "楼老师"),
            Err(Error::VolunteerExists(_))
        ));
        assert!(matches!(
            db.rename_volunteer(&Actor::terminal(), zhu.id, "楼老师"),
            Err(Error::VolunteerExists(_))
        ));
        db.rename_volunteer(&Actor::terminal(), zhu.id, "朱阿姨")
            .unwrap();
        db.rename_volunteer(&Actor::terminal(), zhu.id, "朱阿姨")
            .unwrap();
        let log = db.audit_log(5).unwrap();
        let summaries: Vec<&str> = log.iter().map(|e| e.summary.as_str()).collect();
        assert_eq!(
            summaries,
            [
                "红娘“朱大姐”改名为“朱阿姨”",
                "红娘“朱大姐”:新加入",
                "红娘“楼老师”:新加入"
            ],
            "added twice and renamed once, each recorded once"
        );
        db.set_volunteer_active(&Actor::terminal(), lou.id, false)
            .unwrap();
        let names: Vec<(String, bool)> = db
            .volunteers()
            .unwrap()
            .into_iter()
            .map(|v| (v.name, v.active))
            .collect();
        assert_eq!(names, [("朱阿姨".into(), true), ("楼老师".into(), false)]);
        assert!(matches!(
            db.set_volunteer_active(&Actor::terminal(), 99, true),
            Err(Error::VolunteerNotFound)
        ));
    }

    #[test]
    fn the_quick_check_stops_at_its_budget_and_a_check_cut_short_is_not_damage() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT);
             CREATE INDEX t_text ON t (text);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
             INSERT INTO t SELECT i, printf('%.80d', i) FROM n;",
        )
        .unwrap();
        assert_eq!(
            quick_check(&conn, Duration::from_millis(5)).unwrap(),
            None,
            "cut short"
        );
        assert_eq!(
            quick_check(&conn, Duration::from_secs(600)).unwrap(),
            Some(true)
        );
        // The connection is usable after an interrupted check.
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 200000);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, "这不是数据库,只是一段文字。".repeat(100)).unwrap();
        assert!(matches!(Db::open(&path), Err(Error::NotADatabase(_))));
        assert!(
            std::fs::read(&path)
                .unwrap()
                .starts_with("这不是".as_bytes())
        );
    }
}
