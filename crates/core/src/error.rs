//! The core's errors. Their `Display` is the Chinese message a volunteer sees.

use super::fields::FieldError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", sqlite_words(.0))]
    Sqlite(rusqlite::Error),
    /// An I/O error of SQLite's (a write, the `-shm` file growing …) on a disk that turned out
    /// to be full: SQLite says 磁盘已满 itself only for some of its writes.
    #[error("磁盘已满,没有保存;请清理出磁盘空间后再试(代码 {0})")]
    DiskFull(i32),
    #[error("数据库结构升级失败:{}", migration_words(.0))]
    Migration(rusqlite_migration::Error),
    #[error("“{0}”不是红娘工作台的数据库文件,或文件已损坏")]
    NotADatabase(PathBuf),
    #[error("这个数据库由更新版本的红娘工作台创建,请先升级本程序再打开")]
    DatabaseTooNew,
    #[error("无法使用“{}”:{}", .path.display(), io_words(.source))]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("填写有误:{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(";"))]
    Invalid(Vec<FieldError>),
    #[error("找不到会员“{0}”")]
    MemberNotFound(String),
    #[error("找不到这位红娘")]
    VolunteerNotFound,
    #[error("红娘名字不能为空")]
    VolunteerNameEmpty,
    #[error("已有名叫“{0}”的红娘")]
    VolunteerExists(String),
    #[error("站点名称不能为空")]
    StationNameEmpty,
    /// A step of an introduction the rules do not allow; nothing was changed.
    #[error("{0}")]
    Refused(String),
    /// Nothing saved: someone with the same phone, or the same name and birth month, is
    /// registered (their numbers and names).
    #[error("可能与已登记的会员重复({0}),没有保存")]
    PossibleDuplicates(String),
    /// An edit made from an older reading of the member: someone else saved in between. Nothing
    /// was saved; `revision` is the member's now (to save over it knowingly).
    #[error("这位会员的资料在你打开以后又被改过({changes}),你的修改没有保存")]
    ChangedMeanwhile { changes: String, revision: i64 },
    #[error("密码不对")]
    WrongPin,
    /// An administrator's operation asked by someone else, once the station has administrators.
    #[error("只有管理员可以{0};请管理员登录后再做")]
    NotAllowed(&'static str),
    #[error("找不到这条牵线记录")]
    IntroductionNotFound,
    #[error("请给这个常用查询起个名字")]
    QueryNameEmpty,
    #[error("已取消,数据没有改动")]
    Cancelled,
    #[error("保存失败:{0}")]
    Stored(String),
    #[error("这个数据库已加密,请输入数据库密码")]
    NeedsKey,
    #[error("数据库密码不对")]
    WrongKey,
    #[error("生成打印页面失败:{0}")]
    Print(String),
    #[error(transparent)]
    Photo(#[from] PhotoError),
}

/// Why a photo cannot be kept (`photo::prepare_file`).
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("照片文件太大({0} MB),请选择 40 MB 以内的照片")]
    FileTooLarge(u64),
    #[error("照片尺寸太大({0}×{1} 像素),请选择小一些的照片")]
    TooManyPixels(u32, u32),
    #[error("这个文件不是可识别的图片(支持 JPG、PNG、BMP、GIF、WebP)")]
    NotAnImage,
    #[error("无法读取照片文件:{0}")]
    Unreadable(String),
    #[error("照片无法保存:{0}")]
    Encode(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        match &error {
            rusqlite::Error::SqliteFailure(failure, _)
                if failure.code == rusqlite::ErrorCode::SystemIoFailure && disk_full() =>
            {
                Error::DiskFull(failure.extended_code)
            }
            _ => Error::Sqlite(error),
        }
    }
}

/// The folders of the databases opened by this program, where an I/O error is checked for a
/// full disk ([`disk_full`]).
static FOLDERS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Remembers `folder` as one the program's database lives in.
pub(crate) fn watch_folder(folder: &std::path::Path) {
    if let Ok(mut folders) = FOLDERS.lock()
        && !folders.iter().any(|f| f == folder)
    {
        folders.push(folder.to_path_buf());
    }
}

/// Whether the disk of a database folder (or of the temporary files) is full: asked when
/// SQLite reports an I/O error, since a full disk shows as one when SQLite's shared-memory
/// file cannot grow (code 4874) and in other writes. A probe of 256 KiB is written and removed:
/// what the system answers is the disk's own word (ENOSPC on Linux and macOS, ERROR_DISK_FULL
/// on Windows).
fn disk_full() -> bool {
    let mut folders = FOLDERS.lock().map(|f| f.clone()).unwrap_or_default();
    folders.push(std::env::temp_dir());
    folders
        .iter()
        .any(|folder| full_at(&folder.join(format!(".hongniang-space-{}", std::process::id()))))
}

/// Whether writing 256 KiB at `probe` fails for lack of space (the file is removed).
pub(crate) fn full_at(probe: &std::path::Path) -> bool {
    let written = std::fs::write(probe, vec![0u8; 256 * 1024]);
    if probe.is_file() {
        let _ = std::fs::remove_file(probe);
    }
    matches!(written, Err(e) if e.kind() == std::io::ErrorKind::StorageFull)
}

impl From<rusqlite_migration::Error> for Error {
    fn from(error: rusqlite_migration::Error) -> Self {
        match error {
            rusqlite_migration::Error::MigrationDefinition(
                rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
            ) => Error::DatabaseTooNew,
            other => Error::Migration(other),
        }
    }
}

/// What went wrong in SQLite, in the words a volunteer reads (SQLite's own messages are
/// English). The code stays at the end for whoever helps the station.
pub fn sqlite_words(error: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as Code;
    let rusqlite::Error::SqliteFailure(failure, _) = error else {
        return match error {
            rusqlite::Error::QueryReturnedNoRows => "数据库里没有找到这一项".into(),
            rusqlite::Error::InvalidPath(path) => {
                format!("数据库文件的位置“{}”不能用", path.display())
            }
            _ => "数据库读写出错(程序内部的问题,请把这句话告诉维护程序的人)".into(),
        };
    };
    // SQLite's READONLY_DBMOVED: the file was replaced under the connection, which is what an
    // encryption (or a restore in another window) does; not a read-only file.
    if failure.extended_code == 1032 {
        return format!(
            "数据库正在加密,请稍后再试;若加密已经完成,请关闭程序再打开(代码 {})",
            failure.extended_code
        );
    }
    if failure.code == Code::SystemIoFailure && disk_full() {
        return format!(
            "磁盘已满,没有保存;请清理出磁盘空间后再试(代码 {})",
            failure.extended_code
        );
    }
    let what = match failure.code {
        Code::DatabaseBusy | Code::DatabaseLocked => {
            "数据库正被另一个窗口或程序使用,等了一会儿还没轮到;请稍后再试一次"
        }
        Code::CannotOpen => "打不开数据库文件:文件夹不存在、没有权限,或在只读的位置",
        Code::ReadOnly => "数据库文件只能读不能写(请检查文件的权限,或是否放在只读的U盘、光盘上)",
        Code::PermissionDenied => "没有权限使用数据库文件",
        Code::DiskFull => "磁盘已满,没有保存;请清理出磁盘空间后再试",
        Code::SystemIoFailure => "读写磁盘出错(磁盘、U盘或网络盘可能有问题),没有保存",
        Code::DatabaseCorrupt | Code::NotADatabase => {
            "数据库文件已损坏,或不是红娘工作台的数据库;请从备份恢复"
        }
        Code::TooBig => "内容太长,数据库存不下",
        Code::OutOfMemory => "电脑内存不足",
        Code::ConstraintViolation => "这项改动不符合数据库的规则(例如重复的编号),没有保存",
        Code::FileLockingProtocolFailed => {
            "数据库文件不能加锁(网络盘上可能不行),请把数据库放在本机磁盘上"
        }
        Code::OperationInterrupted => "操作被中断,没有保存",
        Code::SchemaChanged => "数据库的结构刚被另一个程序改过,请再试一次",
        _ => "数据库出错",
    };
    format!("{what}(代码 {})", failure.extended_code)
}

fn migration_words(error: &rusqlite_migration::Error) -> String {
    match error {
        rusqlite_migration::Error::RusqliteError { err, .. } => sqlite_words(err),
        _ => "数据库的结构版本不对".into(),
    }
}

/// A file or folder problem, in Chinese (the system's own message is English on most PCs).
pub fn io_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind as Kind;
    let what = match error.kind() {
        Kind::NotFound => "找不到这个文件或文件夹",
        Kind::PermissionDenied => "没有权限(文件可能是只读的,或属于另一个用户)",
        Kind::AlreadyExists => "已经有同名的文件",
        Kind::StorageFull => "磁盘已满",
        Kind::ReadOnlyFilesystem => "这个位置只能读不能写(只读的U盘或光盘?)",
        Kind::IsADirectory => "这是一个文件夹,不是文件",
        Kind::NotADirectory => "路径中有一段不是文件夹",
        Kind::DirectoryNotEmpty => "文件夹不是空的",
        Kind::InvalidFilename => "文件名不能用(太长或含有不允许的字符)",
        Kind::FileTooLarge => "文件太大",
        Kind::ResourceBusy => "文件正被另一个程序使用",
        Kind::BrokenPipe => "输出已被关闭",
        Kind::Interrupted => "被中断了",
        Kind::InvalidData | Kind::UnexpectedEof => "文件内容不完整或已损坏",
        Kind::OutOfMemory => "电脑内存不足",
        _ => "读写文件出错",
    };
    match error.raw_os_error() {
        Some(code) => format!("{what}(系统代码 {code})"),
        None => what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn a_full_disk_is_told_by_the_system_s_own_word() {
        // /dev/full answers every write with ENOSPC, as a full disk does.
        assert!(super::full_at(std::path::Path::new("/dev/full")));
        let dir = tempfile::tempdir().unwrap();
        let probe = dir.path().join("probe");
        assert!(!super::full_at(&probe));
        assert!(!probe.exists(), "the probe is removed");
    }

    #[test]
    fn a_file_replaced_during_an_encryption_is_not_called_read_only() {
        let moved = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(1032),
            Some("attempt to write a readonly database".into()),
        );
        let said = super::Error::from(moved).to_string();
        assert!(said.contains("数据库正在加密,请稍后再试"), "{said}");
        assert!(!said.contains("只能读不能写"), "{said}");
    }
}
