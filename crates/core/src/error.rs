//! The core's errors. Their `Display` is the Chinese message a volunteer sees.

use super::validate::FieldError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("数据库出错:{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("数据库结构升级失败:{0}")]
    Migration(rusqlite_migration::Error),
    #[error("“{0}”不是红娘工作台的数据库文件,或文件已损坏")]
    NotADatabase(PathBuf),
    #[error("这个数据库由更新版本的红娘工作台创建,请先升级本程序再打开")]
    DatabaseTooNew,
    #[error("无法使用文件夹“{path}”:{source}")]
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
    Photo(#[from] super::photo::PhotoError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

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
