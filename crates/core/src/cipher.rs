//! 数据库加密 (optional): the whole database file encrypted at rest with SQLCipher, so a stolen
//! PC or a copied file shows nothing. The station chooses a password in 设置; it is asked for
//! when the program starts (`--key` or `HONGNIANG_KEY` on the command line).
//!
//! A forgotten password loses the data: nobody, not even the program's authors, can open the
//! file without it. Backups of an encrypted database are encrypted with the same password (made
//! with `VACUUM INTO`: SQLite's backup API refuses encrypted databases).
//!
//! The password of an opened station is kept by the running program only, with the file it
//! opens (every connection — background index builds, backups, restores — needs it), never
//! written anywhere. A backup is opened with the password of the station it came from.

use super::db::{Db, remove_with_sidecars, sidecar_of};
use super::error::{Error, Result};
use super::signin::{Actor, Permission};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::RwLock;

/// The first 16 bytes of every unencrypted SQLite file. SQLCipher files start with a random salt.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Why an encryption was refused while the file is open elsewhere.
const IN_USE: &str = "另一个窗口或程序正开着这个数据库,请先把它关掉再设置加密;数据库保持原样";

/// Shortest password accepted.
pub const MIN_KEY_CHARS: usize = 6;

/// The passwords given in this run, by database file.
static KEYS: RwLock<Vec<(PathBuf, String)>> = RwLock::new(Vec::new());

/// One name per file: symbolic links resolved (as SQLite does) when the file exists.
fn normal(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Remembers the password of the database at `path` (`None`: it has none) for this run.
pub fn set_key(path: &Path, key: Option<&str>) {
    let path = normal(path);
    if let Ok(mut keys) = KEYS.write() {
        keys.retain(|(p, _)| *p != path);
        if let Some(key) = key {
            keys.push((path, key.to_string()));
        }
    }
}

/// The password given for `path`.
fn key_of(path: &Path) -> Option<String> {
    let path = normal(path);
    KEYS.read()
        .ok()?
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, k)| k.clone())
}

/// Every password given in this run: a backup file is opened with its station's.
fn known_keys() -> Vec<String> {
    KEYS.read()
        .map(|keys| keys.iter().map(|(_, k)| k.clone()).collect())
        .unwrap_or_default()
}

/// Whether the file at `path` is an encrypted database: whole pages (SQLCipher writes pages of
/// at least 512 bytes) not starting with SQLite's header. An empty or missing file is not, nor
/// is some other file (a text, a spreadsheet), which is then refused as not a database.
pub fn is_encrypted(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size < 1024 || size % 512 != 0 || file.read_exact(&mut header).is_err() {
        return false;
    }
    &header != PLAIN_HEADER
}

/// Whether a new password is acceptable: the message says why not.
pub fn check_new_key(key: &str, repeated: &str) -> Result<()> {
    if key.chars().count() < MIN_KEY_CHARS {
        return Err(Error::Refused(format!("密码至少要 {MIN_KEY_CHARS} 个字符")));
    }
    if key != repeated {
        return Err(Error::Refused("两次输入的密码不一样".into()));
    }
    Ok(())
}

/// Opens a connection to `path` with the password when the file is encrypted.
/// Opens a connection to `path`, with its password when the file is encrypted: the one given
/// for this file, else (`backup`: a backup of a station opened in this run) any password given
/// in this run that opens it.
pub(crate) fn open_connection(
    path: &Path,
    flags: Option<OpenFlags>,
    backup: bool,
) -> Result<Connection> {
    // SQLCipher registers `sqlcipher_export` for new connections at the end of SQLite's
    // one-time set-up, after other threads may already see it as done: the first connection
    // is made once, the others wait for it.
    static SET_UP: std::sync::Once = std::sync::Once::new();
    SET_UP.call_once(|| {
        let _ = Connection::open_in_memory();
    });
    let open = || -> Result<Connection> {
        Ok(match flags {
            Some(flags) => Connection::open_with_flags(path, flags)?,
            None => Connection::open(path)?,
        })
    };
    if !is_encrypted(path) {
        return open();
    }
    let candidates: Vec<String> = match key_of(path) {
        Some(key) => vec![key],
        None if backup => known_keys(),
        None => Vec::new(),
    };
    if candidates.is_empty() {
        return Err(Error::NeedsKey);
    }
    for key in candidates {
        let conn = open()?;
        // A wrong password is an expected answer, not something for SQLCipher to print.
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        conn.pragma_update(None, "key", &key)?;
        // A wrong password shows as an unreadable file at the first read.
        let readable = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok();
        if readable {
            return Ok(conn);
        }
    }
    Err(Error::WrongKey)
}

impl Db {
    /// Whether this station's file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.path().is_some_and(|p| is_encrypted(&p))
    }

    /// Encrypts the database with `key`, changes its password, or (`None`) removes the
    /// encryption. The data is exported into a new file, checked (same members, integrity),
    /// and only then put in place of the old one; on any failure the old file stays as it was.
    /// The change is recorded in the 操作记录, and a first backup under the new password is
    /// made straight away (its outcome is the answer: the change stands even if it failed).
    /// An administrator's operation once the station has one.
    pub fn set_encryption(
        &mut self,
        actor: &Actor,
        key: Option<&str>,
        now: chrono::NaiveDateTime,
    ) -> Result<Result<super::backup::BackupFile>> {
        self.may(actor, Permission::Encrypt)?;
        // A file opened read-only (damaged, or with something the program did not make) is
        // restored first: encrypting would carry it all into the new file.
        if self.read_only().is_some() {
            return Err(Error::Refused(
                "数据库现在只读打开,不能加密;请先到 设置 › 数据备份 从备份恢复".into(),
            ));
        }
        if let Some(key) = key {
            check_new_key(key, key)?;
        }
        let was_encrypted = self.is_encrypted();
        let path = self
            .path()
            .ok_or_else(|| Error::Refused("内存中的数据库不能加密".into()))?;
        let next = path.with_extension("db-rekey");
        remove_with_sidecars(&next);
        super::db::private_file(&next).map_err(|e| Error::Stored(super::error::io_words(&e)))?;
        // The file is taken for this connection alone (SQLite's exclusive locking mode) until
        // the new one is in its place: another window or program with the database open would
        // keep writing into the old file after the swap, and its commits would be lost. While
        // it is open the lock cannot be had, and the encryption is refused; once the lock is
        // held nobody else can open the file until this is done.
        if let Err(error) = self.lock_alone() {
            self.unlock();
            return Err(error);
        }
        let result = self
            .export_to(&next, key)
            .and_then(|()| {
                super::backup::sync_file(&next)
                    .map_err(|e| Error::Stored(super::error::io_words(&e)))
            })
            .and_then(|()| self.leave_wal());
        if let Err(error) = result {
            remove_with_sidecars(&next);
            self.unlock();
            return Err(error);
        }
        // The old file is now a single file (its WAL folded in and gone) that nobody else has
        // open. Put the new one in its place.
        for sidecar in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(sidecar_of(&path, sidecar));
        }
        if let Err(error) = swap(&mut self.conn, &next, &path) {
            // The old file is untouched: go on with it as it was.
            remove_with_sidecars(&next);
            if self.path().is_some() {
                self.unlock();
            } else {
                *self = Db::open(&path)?;
            }
            return Err(Error::Stored(format!(
                "加密后的文件没能换上(可能另一个程序刚打开了数据库),数据库保持原样:{}",
                super::error::io_words(&error)
            )));
        }
        super::backup::sync_folder_of(&path);
        // From here the file on disk has the new password.
        set_key(&path, key);
        *self = Db::open(&path)?;
        let what = match (was_encrypted, key.is_some()) {
            (false, true) => "加密了数据库",
            (true, true) => "更换了数据库密码",
            (true, false) => "取消了数据库加密",
            (false, false) => "重写了数据库文件(未加密)",
        };
        // The change is made whatever happens to its log entry and the backup.
        let _ = self.record_event(actor, super::audit::Kind::Encryption, None, what);
        Ok(self.backup_now(now))
    }

    /// Takes the database file for this connection alone, or says that another window or
    /// program has it open (after waiting a little for one that is only passing by: a
    /// background count, a backup).
    fn lock_alone(&self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(2))?;
        self.conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        let locked = self.conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;");
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        match locked {
            Ok(()) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                Err(Error::Refused(IN_USE.into()))
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Gives the file back to everyone (after a refused or failed encryption).
    fn unlock(&self) {
        let _ = self.conn.execute_batch("ROLLBACK");
        let _ = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
        let _ = self.conn.pragma_update(None, "locking_mode", "NORMAL");
        // The lock goes at the end of the next read in normal mode.
        let _ = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            });
    }

    /// Folds the WAL into the file and leaves WAL mode (only possible for the one connection
    /// holding the file), checking SQLite's answer: commits left in a WAL would be missing
    /// from the file about to be replaced.
    fn leave_wal(&self) -> Result<()> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(Error::Refused(IN_USE.into()));
        }
        Ok(())
    }

    /// Writes the whole database into a new file at `target`, encrypted with `key` (or plain),
    /// and checks the copy.
    fn export_to(&self, target: &Path, key: Option<&str>) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let members = self.count_members()?;
        let target_text = target.to_string_lossy().to_string();
        self.conn.execute(
            "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
            [target_text.as_str(), key.unwrap_or("")],
        )?;
        let exported = self
            .conn
            .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))
            .and_then(|()| {
                self.conn
                    .execute_batch(&format!("PRAGMA rekeyed.user_version = {version}"))
            });
        let detached = self.conn.execute_batch("DETACH DATABASE rekeyed");
        exported?;
        detached?;
        // Check the copy with the password it will be opened with.
        let copy = Connection::open(target)?;
        if let Some(key) = key {
            copy.pragma_update(None, "key", key)?;
        }
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let copied: i64 = copy.query_row("SELECT count(*) FROM members", [], |r| r.get(0))?;
        if check != "ok" || copied.max(0) as u64 != members {
            return Err(Error::Stored(
                "加密后的副本检查没有通过,数据库保持原样".into(),
            ));
        }
        Ok(())
    }

    /// Copies the encrypted database into `path` (a new file) with `VACUUM INTO`, which keeps
    /// the encryption and password.
    pub(crate) fn vacuum_into(&self, path: &Path) -> Result<()> {
        self.conn
            .execute("VACUUM INTO ?1", [path.to_string_lossy().as_ref()])?;
        Ok(())
    }
}

/// Connections kept open on database files that were replaced (see [`swap`]).
#[cfg(unix)]
static RETIRED: std::sync::Mutex<Vec<Connection>> = std::sync::Mutex::new(Vec::new());

/// Puts the file `next` in place of `path`, whose only connection is `conn` (holding it in
/// exclusive locking mode), and leaves `conn` on an empty database in memory.
///
/// A program that opened the old file while it was locked (its file handle taken, waiting
/// for the lock) would, once the lock went, work on the old file under the new one's name —
/// and SQLite finds a file's WAL by name. On Linux and macOS the old connection therefore
/// keeps its lock for as long as this program runs: such a program waits, then says the
/// database is busy, and writes nothing. Windows refuses to replace a file that another
/// program has open, so there the connection is closed first and the rename fails safely
/// (the old file stays) if anyone opened it meanwhile.
fn swap(conn: &mut Connection, next: &Path, path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::rename(next, path)?;
    let empty = Connection::open_in_memory().map_err(std::io::Error::other)?;
    let old = std::mem::replace(conn, empty);
    #[cfg(unix)]
    {
        match RETIRED.lock() {
            Ok(mut retired) => retired.push(old),
            Err(_) => std::mem::forget(old),
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        if let Err((old, error)) = old.close() {
            *conn = old;
            return Err(std::io::Error::other(error));
        }
        std::fs::rename(next, path)
    }
}
