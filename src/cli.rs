//! The command line: a thin front end over `data`, for scripts, tests and benchmarks.
//! With no subcommand the GUI opens.
//!
//! Here: the top-level arguments (`Cli`), the `Command` enum, the errors, opening the
//! database, the actor, and `run`, which hands each command to its group's file in `cli/`:
//! members, search (and pair), intro, print, stats, backup (and restore, encrypt, decrypt),
//! import, follow_up (waiting, reconfirm), events, open_days, district, volunteers and demo.

use crate::data::{self, Actor, Db, Error};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

mod backup;
mod consent;
mod demo;
mod district;
mod district_server;
mod duty;
mod enquiries;
mod event_money;
mod event_signups;
mod event_texts;
mod events;
mod follow_up;
mod import;
mod intro;
mod meetings;
mod members;
mod open_days;
mod print;
mod search;
mod seating;
mod stats;
mod volunteers;
mod yearly;

pub use backup::{BackupArgs, EncryptArgs, RestoreArgs};
pub use district::DistrictCommand;
pub use events::{EventArgs, EventCommand};
pub use follow_up::{ReconfirmArgs, WaitingArgs};
pub use import::{ConsentArg, ImportArgs};
pub use intro::IntroCommand;
pub use members::{AddArgs, MemberCommand};
pub use open_days::OpenDayCommand;
pub use print::PrintCommand;
pub use search::{PairArgs, QueryArgs, SearchArgs};
pub use stats::StatsArgs;
pub use volunteers::VolunteerCommand;

#[derive(Debug, Parser)]
#[command(
    name = "hongniang",
    version,
    about = "红娘工作台:工会相亲工作站的会员登记与配对"
)]
pub struct Cli {
    /// The database file (default: the platform's data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Refused: a password on the command line is seen by every user of the PC (`ps`). The
    /// password of an encrypted database is asked on the terminal, or taken from the
    /// HONGNIANG_KEY environment variable.
    #[arg(long, global = true, hide = true)]
    pub key: Option<String>,
    /// The volunteer doing it, recorded as the author. Where the station has PINs their PIN is
    /// asked on the terminal (or taken from HONGNIANG_PIN); once the station has administrators,
    /// restore, delete, encrypt, decrypt and backup need one.
    #[arg(long, global = true, value_name = "NAME")]
    pub volunteer: Option<String>,
    /// Show full phone numbers and WeChat in member show/list, search and pair (recorded in the
    /// 操作记录, like 显示完整号码 in the window); masked without it.
    #[arg(long, global = true)]
    pub full_contacts: bool,
    /// How the text printed into a file or a pipe is encoded. Without it, on Windows a file
    /// (`… > 名单.txt`) gets UTF-8 with a byte-order mark and CRLF line ends, which Excel and
    /// Notepad open right; a pipe, and every output on Linux, plain UTF-8. A terminal always
    /// shows the text as it is.
    #[arg(long, global = true, value_enum, value_name = "ENCODING")]
    pub encoding: Option<crate::console::Encoding>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the database with synthetic members (for trying the program, tests and benchmarks).
    Demo {
        /// How many members to add.
        #[arg(long, default_value_t = 2000)]
        members: u64,
        /// The same seed gives the same members.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Add, show and list members.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Search members: the same engine as the 查询 screen.
    Search(SearchArgs),
    /// The history of introductions (牵线记录).
    #[command(subcommand)]
    Intro(IntroCommand),
    /// Import an old register (.xlsx, .xls, .ods or .csv in UTF-8 or GBK).
    Import(ImportArgs),
    /// 打印: A4 PDFs of registration sheets, the blank sheet and 介绍卡.
    #[command(subcommand)]
    Print(PrintCommand),
    /// 统计: success statistics for a period, as text, JSON, or an .xlsx/.csv/.pdf file.
    Stats(StatsArgs),
    /// Encrypt the database with a new password, or change its password. The new password is
    /// asked twice on the terminal (or taken from HONGNIANG_NEW_KEY); the current one as for
    /// every command. A forgotten password loses the data.
    Encrypt(EncryptArgs),
    /// Remove the encryption (the current password is asked, or taken from HONGNIANG_KEY).
    Decrypt,
    /// Write a checked copy of the whole database to FILE.
    Backup(BackupArgs),
    /// Replace the database with a backup (the current data is backed up first).
    Restore(RestoreArgs),
    /// 等待介绍: the members waiting longest for an introduction (the worklist of 首页).
    Waiting(WaitingArgs),
    /// 来电来访: calls and visits before registering, and counselling referrals.
    #[command(subcommand)]
    Enquiry(enquiries::EnquiryCommand),
    /// 保存期限: the members kept longer than the period after 退出 or 已婚; --apply erases
    /// their personal data (an administrator's; the statistics keep their counts).
    Retention(consent::RetentionArgs),
    /// 回访确认: the 在册 members nobody has seen or reached for 12 months.
    Reconfirm(ReconfirmArgs),
    /// 年度工作报告: the station's figures for a year (or --from --to) in the union's terms;
    /// -o writes one A4 PDF or a workbook (.xlsx).
    Yearly(yearly::YearlyArgs),
    /// 联谊活动: create an event, invite from the pool, sign up, check in, enter the 心动卡, find
    /// the mutual choices and print badges, lists and result slips.
    #[command(subcommand)]
    Event(EventCommand),
    /// 开放日: count visitors, note the day, list the open days with their figures.
    #[command(subcommand)]
    Openday(OpenDayCommand),
    /// 全区共享: the district pool.
    #[command(subcommand)]
    District(DistrictCommand),
    /// 红娘: list, add, rename, PINs, administrators, deactivate (as in 设置 › 红娘).
    #[command(subcommand)]
    Volunteer(VolunteerCommand),
    /// 配对: the ranked candidates for a member, with the reasons both ways.
    Pair(PairArgs),
}

/// An error for the command line: the message for stderr.
#[derive(Debug)]
pub struct CliError(pub String);

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        match error {
            // On the command line, say how an administrator signs in.
            Error::NotAllowed(_) => CliError(format!(
                "{error}(命令行请加 --volunteer 管理员的名字,再输入其密码)"
            )),
            other => CliError(other.to_string()),
        }
    }
}

impl CliError {
    /// Standard output closed by whoever reads it (`hongniang intro list | head`): a normal
    /// end for a command-line tool, said with no message and a success.
    pub fn closed_pipe() -> Self {
        CliError(String::new())
    }

    pub fn is_closed_pipe(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            return CliError::closed_pipe();
        }
        // A character `--encoding gbk` cannot write says itself which one.
        if let Some(unencodable) = error
            .get_ref()
            .and_then(|e| e.downcast_ref::<crate::console::Unencodable>())
        {
            return CliError(unencodable.to_string());
        }
        CliError(format!("读写失败:{}", crate::data::error::io_words(&error)))
    }
}

impl From<serde_json::Error> for CliError {
    fn from(error: serde_json::Error) -> Self {
        // Writing failed, not the JSON: said as any failed write (a closed pipe, GBK).
        if error.is_io() {
            return CliError::from(std::io::Error::from(error));
        }
        CliError(format!("输出 JSON 失败:{error}"))
    }
}

pub fn database_path(cli_path: Option<PathBuf>) -> Result<PathBuf, CliError> {
    cli_path
        .or_else(Db::default_path)
        .ok_or_else(|| CliError("找不到存放数据的文件夹,请用 --db 指定数据库文件".into()))
}

/// What applies to every subcommand: who is doing it, and whether contacts are shown in full.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub volunteer: Option<String>,
    pub full_contacts: bool,
}

impl Cli {
    pub fn options(&self) -> Options {
        Options {
            volunteer: self.volunteer.clone(),
            full_contacts: self.full_contacts,
        }
    }
}

/// Why a password given as an argument is refused.
pub const ON_THE_COMMAND_LINE: &str = "密码不能写在命令行上(同一台电脑的其他用户能看到命令行);请在提示时输入,或用环境变量给出:数据库密码 HONGNIANG_KEY,新的密码 HONGNIANG_NEW_KEY";

/// A secret from the environment variable `variable`, else typed at the terminal after
/// `prompt` (not echoed); `missing` says how to give it when there is no terminal.
fn secret(variable: &str, prompt: &str, missing: &str) -> Result<String, CliError> {
    use std::io::IsTerminal;
    if let Ok(value) = std::env::var(variable) {
        return Ok(value);
    }
    if !std::io::stdin().is_terminal() && !std::io::stderr().is_terminal() {
        return Err(CliError(missing.into()));
    }
    rpassword::prompt_password(prompt)
        .map_err(|e| CliError(format!("读不到密码:{}", crate::data::error::io_words(&e))))
}

/// The password of the encrypted database at `path`, for a command (the window asks itself).
pub fn database_key(path: &Path) -> Result<Option<String>, CliError> {
    if !data::cipher::is_encrypted(path) {
        return Ok(std::env::var("HONGNIANG_KEY").ok());
    }
    secret(
        "HONGNIANG_KEY",
        "数据库密码:",
        "这个数据库已加密:请在终端上输入密码,或用环境变量 HONGNIANG_KEY 给出",
    )
    .map(Some)
}

/// The actor of a command: the PC's own user when no volunteer is named, otherwise that
/// volunteer signed in with their PIN (from `HONGNIANG_PIN` or asked on the terminal).
fn actor(db: &Db, volunteer: Option<&str>) -> Result<Actor, CliError> {
    let Some(name) = volunteer else {
        return Ok(Actor::terminal());
    };
    let volunteer = db.volunteer_named(name)?;
    if !volunteer.has_pin {
        return Ok(db.sign_in(volunteer.id, "")?);
    }
    let pin = match std::env::var("HONGNIANG_PIN") {
        Ok(pin) => pin,
        Err(_) => {
            use std::io::IsTerminal;
            // The PIN is read from the terminal itself, so a batch on standard input can still be
            // signed; nobody at a terminal (a script, a test) is told how to give it.
            if !std::io::stdin().is_terminal() && !std::io::stderr().is_terminal() {
                return Err(CliError(format!(
                    "红娘“{}”设了 PIN:请在终端上输入,或用环境变量 HONGNIANG_PIN 给出",
                    volunteer.name
                )));
            }
            rpassword::prompt_password(format!("{} 的密码:", volunteer.name))
                .map_err(|e| CliError(format!("读不到密码:{}", crate::data::error::io_words(&e))))?
        }
    };
    Ok(db.sign_in(volunteer.id, &pin)?)
}

/// Runs a subcommand, writing results to `out`.
pub fn run(
    db_path: PathBuf,
    options: &Options,
    command: Command,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    // The district's server is kept without a station's database.
    let command = match command {
        Command::District(DistrictCommand::Server(args)) => {
            return district_server::server(args, out);
        }
        other => other,
    };
    let mut db = open(&db_path)?;
    let actor = actor(&db, options.volunteer.as_deref())?;
    let full = options.full_contacts;
    match command {
        Command::Demo { members, seed } => demo::demo(&mut db, &db_path, members, seed, out)?,
        Command::Member(command) => members::member(&mut db, &actor, full, command, out)?,
        Command::Search(args) => search::search(&db, &actor, full, args, out)?,
        Command::Intro(command) => intro::intro(&mut db, &actor, full, command, out)?,
        Command::Event(command) => events::event(&mut db, &actor, full, command, out)?,
        Command::Openday(command) => open_days::open_day(&mut db, &actor, command, out)?,
        Command::District(command) => district::district(&mut db, &actor, command, out)?,
        Command::Volunteer(command) => volunteers::volunteer(&mut db, &actor, command, out)?,
        Command::Waiting(args) => follow_up::waiting(&db, args, out)?,
        Command::Reconfirm(args) => follow_up::reconfirm(&db, args, out)?,
        Command::Retention(args) => consent::retention(&mut db, &actor, args, out)?,
        Command::Yearly(args) => yearly::yearly(&db, &actor, args, out)?,
        Command::Enquiry(command) => enquiries::enquiry(&db, &actor, command, out)?,
        Command::Pair(args) => search::pair(&db, &actor, full, args, out)?,
        Command::Stats(args) => stats::stats(&db, &actor, args, out)?,
        Command::Print(command) => print::print(&db, &actor, full, command, out)?,
        Command::Encrypt(args) => backup::encrypt(&mut db, &actor, args, out)?,
        Command::Decrypt => backup::decrypt(&mut db, &actor, out)?,
        Command::Backup(args) => backup::backup(&db, &actor, args, out)?,
        Command::Restore(args) => backup::restore(&mut db, &actor, args, out)?,
        Command::Import(args) => import::import(&mut db, &actor, args, out)?,
    }
    Ok(())
}

/// The database of a command, opened; what every command does first is done and said on
/// stderr: a database only to be read, or the pauses that ended by today.
fn open(db_path: &Path) -> Result<Db, CliError> {
    let mut db = Db::open(db_path)?;
    if let Some(why) = db.read_only() {
        // Said first, on stderr: the command may still read (list, show, export, restore).
        eprintln!("注意:{why}(命令行:hongniang restore 备份文件)");
    } else {
        // The pauses that ended by today end, whatever the command (the core's rule; said on
        // stderr so a command's JSON stays clean).
        let resumed = db.resume_paused(data::today())?;
        if !resumed.is_empty() {
            eprintln!("暂停到期,已自动恢复在册:{}", resumed.join("、"));
        }
    }
    Ok(db)
}

/// Asks `question` on the terminal and reads the answer: `y` (or 是) goes ahead. Without a
/// terminal nobody can answer, so it refuses and names `--yes` for `doing`.
fn confirmed(doing: &str, question: &str, out: &mut dyn Write) -> Result<bool, CliError> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(CliError(format!(
            "没有可以确认的终端。确定要{doing},请加 --yes"
        )));
    }
    write!(out, "{question}")?;
    out.flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "是"))
}

pub(crate) fn day(text: Option<&str>) -> Result<chrono::NaiveDate, CliError> {
    match text {
        None => Ok(data::today()),
        Some(text) => data::parse::date_or_message(text).map_err(CliError),
    }
}

/// A list's words for a closed list: "可以是 甲、乙 或 丙".
pub(crate) fn one_of(labels: &[&str]) -> String {
    match labels.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} 或 {last}", rest.join("、")),
        None => String::new(),
    }
}
