//! The command line: a thin front end over `data`, for scripts, tests and benchmarks.
//! With no subcommand the GUI opens.

use crate::data::{self, Db, Error, demo, model::MemberData};
use clap::{Args, Parser, Subcommand};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

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
    /// The password of an encrypted database (better given as the HONGNIANG_KEY environment
    /// variable, which other users of the PC cannot see).
    #[arg(long, global = true, env = "HONGNIANG_KEY", hide_env_values = true)]
    pub key: Option<String>,
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
    Import {
        file: PathBuf,
        /// Only show what would happen; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the rows not imported, with their reasons, to this CSV file.
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
        /// Fill the empty fields of members already registered instead of skipping the row.
        #[arg(long)]
        merge: bool,
        #[arg(long)]
        volunteer: Option<String>,
    },
    /// 打印: A4 PDFs of registration sheets, the blank sheet and 介绍卡.
    #[command(subcommand)]
    Print(PrintCommand),
    /// 统计: success statistics for a period, as text, JSON, or an .xlsx/.csv/.pdf file.
    Stats {
        /// YYYY-MM-DD (included).
        #[arg(long)]
        from: Option<String>,
        /// YYYY-MM-DD (included).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
        /// Write FILE.xlsx (with charts), FILE.csv or FILE.pdf (a report with charts).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Encrypt the database with a new password, or change its password (give the current one
    /// with --key). A forgotten password loses the data.
    Encrypt {
        /// The new password (at least 6 characters).
        #[arg(long, env = "HONGNIANG_NEW_KEY", hide_env_values = true)]
        new_key: String,
    },
    /// Remove the encryption (give the current password with --key).
    Decrypt,
    /// Write a checked copy of the whole database to FILE.
    Backup {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Replace the database with a backup (the current data is backed up first).
    Restore {
        file: PathBuf,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// 配对: the ranked candidates for a member, with the reasons both ways.
    Pair {
        /// The member number, e.g. 2024-0012.
        number: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PrintCommand {
    /// A member's 会员登记表 (phone and WeChat masked unless --full-contacts).
    Sheet {
        number: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
        /// Print the full phone numbers and WeChat (recorded in the log).
        #[arg(long)]
        full_contacts: bool,
        #[arg(long)]
        volunteer: Option<String>,
    },
    /// The registration sheet with empty boxes, for filling in by hand.
    Blank {
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// A member's 介绍卡 for the other side of an introduction, as PDF or PNG image.
    Card {
        number: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf|FILE.png")]
        output: PathBuf,
    },
    /// The sheets of every member registered on a day (YYYY-MM-DD).
    Day {
        day: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum IntroCommand {
    /// Record that two members were introduced.
    Add {
        number_a: String,
        number_b: String,
        #[arg(long)]
        volunteer: Option<String>,
        /// YYYY-MM-DD; default today.
        #[arg(long)]
        date: Option<String>,
    },
    /// Move an introduction on: 见面, 交往, 登记结婚, or 未成 (with --reason).
    Advance {
        id: i64,
        stage: String,
        #[arg(long)]
        date: Option<String>,
        /// For 未成: 一方不同意, 见面后不合适, 失去联系 or 其他.
        #[arg(long)]
        reason: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// For 未成: do not block the pair from being suggested again.
        #[arg(long)]
        no_block: bool,
        #[arg(long)]
        volunteer: Option<String>,
    },
    /// 撤销上一步: take back the latest step (itself recorded).
    Undo {
        id: i64,
        #[arg(long)]
        volunteer: Option<String>,
    },
    /// All introductions, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Name, pinyin (zxm), phone digits, member number or a word of occupation/employer/self-introduction.
    query: Option<String>,
    /// 男 or 女 (male/female).
    #[arg(long)]
    gender: Option<String>,
    /// Age range, e.g. 28-35 (or 28- / -35).
    #[arg(long, value_name = "A-B")]
    age: Option<String>,
    /// Height range in cm, e.g. 160-175.
    #[arg(long, value_name = "A-B")]
    height: Option<String>,
    /// Minimum education, e.g. 本科.
    #[arg(long)]
    education: Option<String>,
    /// 在册, 暂停, 已婚 or 退出.
    #[arg(long)]
    status: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add members from JSON (one object or an array), from a file or `-` for standard input.
    Add(AddArgs),
    /// Show one member by member number.
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// List members, newest first.
    List {
        #[arg(long)]
        json: bool,
        #[arg(long)]
        limit: Option<u64>,
    },
    /// A member's own data (their request under PIPL), as JSON.
    Export {
        number: String,
        /// FILE.json (machine-readable) or FILE.pdf (to hand to the member).
        #[arg(short = 'o', long = "output", value_name = "FILE.json|FILE.pdf")]
        output: PathBuf,
        #[arg(long)]
        volunteer: Option<String>,
    },
    /// Delete a member on their request: anonymised, the statistics keep their counts.
    Delete {
        number: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        volunteer: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// JSON file with the member(s), or `-` for standard input.
    #[arg(long, value_name = "FILE|-")]
    json: String,
    /// The volunteer on duty, recorded as the author.
    #[arg(long)]
    volunteer: Option<String>,
    /// Save even when a member with the same phone, or the same name and birth month, exists.
    #[arg(long)]
    allow_duplicates: bool,
}

/// An error for the command line: the message for stderr.
#[derive(Debug)]
pub struct CliError(pub String);

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        CliError(error.to_string())
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> Self {
        CliError(format!("读写失败:{error}"))
    }
}

impl From<serde_json::Error> for CliError {
    fn from(error: serde_json::Error) -> Self {
        CliError(format!("输出 JSON 失败:{error}"))
    }
}

pub fn database_path(cli_path: Option<PathBuf>) -> Result<PathBuf, CliError> {
    cli_path
        .or_else(Db::default_path)
        .ok_or_else(|| CliError("找不到存放数据的文件夹,请用 --db 指定数据库文件".into()))
}

/// Runs a subcommand, writing results to `out`.
pub fn run(db_path: PathBuf, command: Command, out: &mut dyn Write) -> Result<(), CliError> {
    let mut db = Db::open(&db_path)?;
    match command {
        Command::Demo { members, seed } => {
            let bar = indicatif::ProgressBar::new(members);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} 位会员 {elapsed_precise}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            demo::generate(&mut db, members, seed, data::today(), &mut |done| {
                bar.set_position(done)
            })?;
            bar.finish_and_clear();
            writeln!(out, "已添加 {members} 位演示会员到 {}", db_path.display())?;
        }
        Command::Member(MemberCommand::Add(args)) => add_members(&mut db, args, out)?,
        Command::Member(MemberCommand::Show { number, json }) => {
            let member = db.member_by_number(&number)?;
            if json {
                serde_json::to_writer_pretty(&mut *out, &member)?;
                writeln!(out)?;
            } else {
                let d = &member.data;
                writeln!(
                    out,
                    "{} {} {}",
                    member.number,
                    d.name,
                    d.gender.map_or("", |g| g.label())
                )?;
                for (label, value) in [
                    (
                        "出生年月",
                        d.birth.map(|b| b.to_string()).unwrap_or_default(),
                    ),
                    (
                        "身高",
                        d.height_cm.map(|h| format!("{h} cm")).unwrap_or_default(),
                    ),
                    (
                        "学历",
                        d.education
                            .map(|e| e.label().to_string())
                            .unwrap_or_default(),
                    ),
                    ("职业", d.occupation.clone()),
                    ("现居住区", d.district.clone()),
                    ("手机", d.phone.clone()),
                    ("状态", d.status.label().to_string()),
                    (
                        "负责红娘",
                        member.volunteer_name.clone().unwrap_or_default(),
                    ),
                    (
                        "登记日期",
                        d.registered_on.map(|r| r.to_string()).unwrap_or_default(),
                    ),
                ] {
                    writeln!(out, "  {label}:{value}")?;
                }
            }
        }
        Command::Member(MemberCommand::Export {
            number,
            output,
            volunteer,
        }) => {
            let member = db.member_by_number(&number)?;
            let author = volunteer_id(&db, volunteer.as_deref())?;
            let is_pdf = output
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            if is_pdf {
                let job = crate::data::print::Job::OwnData { member: member.id };
                let pdf = db.print(&job, author, data::today())?.pdf()?;
                std::fs::write(&output, pdf)?;
            } else {
                let json = db.export_own_data(member.id, author)?;
                std::fs::write(&output, json)?;
            }
            writeln!(
                out,
                "已把 {} 的个人资料导出到 {}",
                member.data.name,
                output.display()
            )?;
        }
        Command::Member(MemberCommand::Delete {
            number,
            yes,
            volunteer,
        }) => {
            let member = db.member_by_number(&number)?;
            let author = volunteer_id(&db, volunteer.as_deref())?;
            let question = format!(
                "删除后 {} 的姓名、联系方式、照片和文字都无法恢复(统计数字保留)。确定吗?输入 y 回车确认:",
                member.data.name
            );
            if !yes && !confirmed("删除", &question, out)? {
                writeln!(out, "已取消,资料没有改动。")?;
                return Ok(());
            }
            db.anonymise_member(member.id, author)?;
            writeln!(
                out,
                "已删除 {} 的个人资料(会员编号 {} 保留作统计)",
                member.data.name, member.number
            )?;
        }
        Command::Member(MemberCommand::List { json, limit }) => {
            list_members(&db, json, limit, out)?
        }
        Command::Search(args) => search(&db, args, out)?,
        Command::Intro(command) => intro(&mut db, command, out)?,
        Command::Pair {
            number,
            limit,
            json,
        } => pair(&db, &number, limit, json, out)?,
        Command::Stats {
            from,
            to,
            json,
            output,
        } => stats(&db, from, to, json, output, out)?,
        Command::Print(command) => print(&db, command, out)?,
        Command::Encrypt { new_key } => {
            data::cipher::check_new_key(&new_key, &new_key)?;
            let changing = db.is_encrypted();
            db.set_encryption(Some(&new_key), None)?;
            writeln!(
                out,
                "{}。请把密码抄在纸上锁好:忘记密码,数据就再也打不开了。",
                if changing {
                    "数据库密码已更换"
                } else {
                    "数据库已加密"
                }
            )?;
            writeln!(out, "以前的备份文件仍是原来的样子(加密前的备份没有加密)。")?;
        }
        Command::Decrypt => {
            if !db.is_encrypted() {
                writeln!(out, "数据库本来就没有加密。")?;
            } else {
                db.set_encryption(None, None)?;
                writeln!(out, "已取消数据库加密。")?;
            }
        }
        Command::Backup { output } => {
            let made = db.backup_to(&output)?;
            db.record_event(
                None,
                crate::data::audit::Kind::Export,
                None,
                &format!("整个数据库备份到 {}", made.path.display()),
            )?;
            writeln!(
                out,
                "已备份到 {}({} 位会员,{:.1} MB,已通过完整性检查)",
                made.path.display(),
                made.members.unwrap_or(0),
                made.size as f64 / 1e6
            )?;
        }
        Command::Restore { file, yes } => restore(&mut db, &file, yes, out)?,
        Command::Import {
            file,
            dry_run,
            errors,
            merge,
            volunteer,
        } => import(
            &mut db,
            &file,
            dry_run,
            errors.as_deref(),
            merge,
            volunteer,
            out,
        )?,
    }
    Ok(())
}

fn add_members(db: &mut Db, args: AddArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let text = if args.json == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        text
    } else {
        std::fs::read_to_string(&args.json)
            .map_err(|e| CliError(format!("无法读取 {}:{e}", args.json)))?
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| CliError(format!("JSON 格式有误:{e}")))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        single => vec![single],
    };
    let sheets: Vec<MemberData> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            serde_json::from_value(item)
                .map_err(|e| CliError(format!("第 {} 位会员的 JSON 有误:{e}", i + 1)))
        })
        .collect::<Result<_, _>>()?;
    let author = volunteer_id(db, args.volunteer.as_deref())?;
    let today = data::today();
    let mut saved = Vec::new();
    for (i, sheet) in sheets.into_iter().enumerate() {
        let position = i + 1;
        let prepared = data::validate::prepare(sheet.clone(), today).map_err(|errors| {
            CliError(format!(
                "第 {position} 位会员未保存:{}",
                Error::Invalid(errors)
            ))
        })?;
        let duplicates = db.find_duplicates(&prepared, None)?;
        if !duplicates.is_empty() && !args.allow_duplicates {
            let names: Vec<String> = duplicates
                .iter()
                .map(|d| format!("{} {}", d.number, d.name))
                .collect();
            return Err(CliError(format!(
                "第 {position} 位会员未保存:可能与已登记的会员重复({});确认不是同一人时加 --allow-duplicates",
                names.join("、")
            )));
        }
        saved.push(db.insert_member(sheet, None, author, today)?);
    }
    serde_json::to_writer_pretty(&mut *out, &saved)?;
    writeln!(out)?;
    Ok(())
}

fn list_members(
    db: &Db,
    json: bool,
    limit: Option<u64>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    const PAGE: u64 = 10_000;
    let total = limit.unwrap_or(u64::MAX);
    let mut offset = 0;
    if json {
        write!(out, "[")?;
    }
    while offset < total {
        let page = db.list_members(offset, PAGE.min(total - offset))?;
        for (i, member) in page.iter().enumerate() {
            if json {
                if offset + i as u64 > 0 {
                    write!(out, ",")?;
                }
                write!(out, "\n  ")?;
                serde_json::to_writer(&mut *out, member)?;
            } else {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    member.number,
                    member.name,
                    member.gender.label(),
                    member.birth,
                    member.occupation,
                    member.status.label()
                )?;
            }
        }
        if (page.len() as u64) < PAGE.min(total - offset) {
            break;
        }
        offset += page.len() as u64;
    }
    if json {
        writeln!(out, "\n]")?;
    }
    Ok(())
}

/// `28-35`, `28-`, `-35` or `30`.
fn range(text: &str, what: &str) -> Result<(Option<u16>, Option<u16>), CliError> {
    let bad = || CliError(format!("{what}范围写法不对:“{text}”,应写成 28-35"));
    let number = |part: &str| data::parse::whole_number(part).map_err(|_| bad());
    match text.split_once('-') {
        Some((from, to)) => Ok((number(from)?, number(to)?)),
        None => {
            let value = number(text)?;
            if value.is_none() {
                return Err(bad());
            }
            Ok((value, value))
        }
    }
}

fn search(db: &Db, args: SearchArgs, out: &mut dyn Write) -> Result<(), CliError> {
    use crate::data::model::{Education, Gender, MemberStatus};
    use crate::data::search::{Query, SearchIndex};
    fn parsed<T>(
        value: Option<&String>,
        parse: fn(&str) -> Option<T>,
        what: &str,
    ) -> Result<Option<T>, CliError> {
        value
            .map(|v| parse(v).ok_or_else(|| CliError(format!("不认识的{what}:“{v}”"))))
            .transpose()
    }
    let (age_min, age_max) = args
        .age
        .as_deref()
        .map(|a| range(a, "年龄"))
        .transpose()?
        .unwrap_or_default();
    let (height_min, height_max) = args
        .height
        .as_deref()
        .map(|h| range(h, "身高"))
        .transpose()?
        .unwrap_or_default();
    let query = Query {
        text: args.query.unwrap_or_default(),
        gender: parsed(args.gender.as_ref(), Gender::parse, "性别")?,
        age_min,
        age_max,
        height_min,
        height_max,
        education_min: parsed(args.education.as_ref(), Education::parse, "学历")?,
        status: parsed(args.status.as_ref(), MemberStatus::parse, "状态")?,
        ..Query::default()
    };
    let index = SearchIndex::build(db)?;
    let results = index.search(&query, data::today());
    let rows: Vec<_> = results
        .positions
        .iter()
        .take(args.limit)
        .map(|&p| index.summary(p))
        .collect();
    if args.json {
        serde_json::to_writer_pretty(
            &mut *out,
            &serde_json::json!({ "total": results.len(), "members": rows }),
        )?;
        writeln!(out)?;
    } else {
        writeln!(out, "找到 {} 位会员", results.len())?;
        for m in &rows {
            writeln!(
                out,
                "{}\t{}\t{}\t{}岁\t{}\t{}\t{}",
                m.number,
                m.name,
                m.gender.label(),
                m.birth.age_on(data::today()),
                m.occupation,
                crate::data::model::mask_phone(&m.phone),
                m.status.label()
            )?;
        }
    }
    Ok(())
}

fn import(
    db: &mut Db,
    file: &Path,
    dry_run: bool,
    errors: Option<&Path>,
    merge: bool,
    volunteer: Option<String>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::data::import::{self, Duplicates, Mapping, Outcome};
    let author = volunteer_id(db, volunteer.as_deref())?;
    let table = import::read(file)?;
    let mapping = Mapping::guess(&table.headers);
    let used: Vec<String> = table
        .headers
        .iter()
        .zip(&mapping.0)
        .filter_map(|(h, t)| t.map(|t| format!("{h}→{}", t.label())))
        .collect();
    writeln!(out, "识别的列:{}", used.join("、"))?;
    let ignored: Vec<&String> = table
        .headers
        .iter()
        .zip(&mapping.0)
        .filter(|(h, t)| t.is_none() && !h.is_empty())
        .map(|(h, _)| h)
        .collect();
    if !ignored.is_empty() {
        writeln!(
            out,
            "不导入的列:{}",
            ignored
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("、")
        )?;
    }
    let today = data::today();
    let preview = import::preview(db, &table, &mapping, today)?;
    if preview.consent_assumed {
        writeln!(
            out,
            "表里没有“知情同意”一列:按纸质登记表已由本人签字同意处理。"
        )?;
    }
    for row in &preview.rows {
        match &row.outcome {
            Outcome::Rejected { reasons } => {
                writeln!(out, "第 {} 行 不能导入:{}", row.line, reasons.join(";"))?
            }
            Outcome::Duplicate { description, .. } => {
                writeln!(out, "第 {} 行 {}:{description}", row.line, row.data.name)?
            }
            Outcome::Ready { notes } if !notes.is_empty() => writeln!(
                out,
                "第 {} 行 {}:{}",
                row.line,
                row.data.name,
                notes.join(";")
            )?,
            Outcome::Ready { .. } => {}
        }
    }
    if let Some(path) = errors {
        let written = import::write_errors(path, &table, &preview)?;
        writeln!(out, "没有导入的 {written} 行已写到 {}", path.display())?;
    }
    let choice = if merge {
        Duplicates::Merge
    } else {
        Duplicates::Skip
    };
    if dry_run {
        writeln!(
            out,
            "试导入(没有写入):读到 {} 行,可导入 {},可能重复 {},不能导入 {}",
            preview.rows.len(),
            preview.ready(),
            preview.duplicates(),
            preview.rejected()
        )?;
        return Ok(());
    }
    let summary = db.import(&preview, choice, author, today, &mut |_, _| true)?;
    writeln!(
        out,
        "读到 {} 行:导入 {},合并到已有会员 {},重复跳过 {},不能导入 {}",
        summary.read,
        summary.imported,
        summary.merged,
        summary.skipped_duplicates,
        summary.rejected
    )?;
    Ok(())
}

/// `print sheet|blank|card|day`: writes the PDF (or the card's PNG) and says what it wrote.
fn print(db: &Db, command: PrintCommand, out: &mut dyn Write) -> Result<(), CliError> {
    use crate::data::print::Job;
    let extension = |path: &std::path::Path| {
        path.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    };
    let pdf_only = |path: &std::path::Path| {
        if extension(path) == "pdf" {
            Ok(())
        } else {
            Err(CliError(format!("“{}”不是 .pdf 文件名", path.display())))
        }
    };
    let today = data::today();
    let (printout, output, png) = match command {
        PrintCommand::Sheet {
            number,
            output,
            full_contacts,
            volunteer,
        } => {
            pdf_only(&output)?;
            let member = db.member_by_number(&number)?;
            let author = volunteer_id(db, volunteer.as_deref())?;
            let job = Job::Sheet {
                member: member.id,
                full_contacts,
            };
            (db.print(&job, author, today)?, output, false)
        }
        PrintCommand::Blank { output } => {
            pdf_only(&output)?;
            (db.print(&Job::Blank, None, today)?, output, false)
        }
        PrintCommand::Card { number, output } => {
            let png = match extension(&output).as_str() {
                "png" => true,
                "pdf" => false,
                _ => {
                    return Err(CliError(format!(
                        "“{}”:介绍卡只能存成 .pdf 或 .png",
                        output.display()
                    )));
                }
            };
            let member = db.member_by_number(&number)?;
            let job = Job::Card {
                member: member.id,
                image: png,
            };
            (db.print(&job, None, today)?, output, png)
        }
        PrintCommand::Day { day, output } => {
            pdf_only(&output)?;
            let date = crate::data::parse::date(&day)
                .ok_or_else(|| CliError(format!("日期“{day}”看不懂,请写成 2026-01-31")))?;
            (db.print(&Job::Day(date), None, today)?, output, false)
        }
    };
    let bytes = if png {
        printout.png(0, crate::data::print::IMAGE_PIXELS_PER_POINT)?
    } else {
        printout.pdf()?
    };
    std::fs::write(&output, &bytes)?;
    writeln!(
        out,
        "已生成{}:{}({} 页,{} KB)",
        printout.title,
        output.display(),
        printout.page_count(),
        bytes.len().div_ceil(1024)
    )?;
    Ok(())
}

fn stats(
    db: &Db,
    from: Option<String>,
    to: Option<String>,
    json: bool,
    output: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::data::stats;
    let day = |text: Option<String>, what: &str| -> Result<Option<chrono::NaiveDate>, CliError> {
        text.map(|t| {
            crate::data::parse::date(&t)
                .ok_or_else(|| CliError(format!("{what}“{t}”看不懂,请写成 2026-01-31")))
        })
        .transpose()
    };
    let figures = db.stats(day(from, "开始日期")?, day(to, "结束日期")?, data::today())?;
    if let Some(path) = output {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "xlsx" => stats::write_xlsx(&figures, &path)?,
            "csv" => stats::write_csv(&figures, &path)?,
            "pdf" => std::fs::write(&path, db.print_report(&figures)?.pdf()?)?,
            _ => {
                return Err(CliError("只能导出 .xlsx、.csv 或 .pdf 文件".into()));
            }
        }
        db.record_event(
            None,
            crate::data::audit::Kind::Export,
            None,
            &format!("导出成功统计到 {}", path.display()),
        )?;
        writeln!(out, "已导出到 {}", path.display())?;
        return Ok(());
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &figures)?;
        writeln!(out)?;
        return Ok(());
    }
    let t = &figures.tiles;
    writeln!(
        out,
        "在册会员 {} · 本年新登记 {} · 累计介绍 {} · 累计见面 {} · 交往中 {} · 累计成功 {} 对 · 本年成功 {} 对",
        t.active_members,
        t.registered_this_year,
        t.introductions,
        t.meetings,
        t.dating_now,
        t.couples,
        t.couples_this_year
    )?;
    writeln!(out, "年份	新登记	介绍	见面	交往	登记结婚")?;
    for p in &figures.years {
        writeln!(
            out,
            "{}	{}	{}	{}	{}	{}",
            p.period,
            p.registered(),
            p.introductions,
            p.meetings,
            p.datings,
            p.marriages
        )?;
    }
    Ok(())
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

fn restore(db: &mut Db, file: &Path, yes: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let members = crate::data::backup::check_file(file)?;
    let question = format!(
        "恢复会用“{}”({members} 位会员)替换现在的全部数据;现在的数据会先另存为一份备份。\n确定恢复吗?输入 y 回车确认,其他任意键取消:",
        file.display()
    );
    if !yes && !confirmed("恢复", &question, out)? {
        writeln!(out, "已取消,数据没有改动。")?;
        return Ok(());
    }
    let saved = db.restore_from(file, chrono::Local::now().naive_local())?;
    writeln!(
        out,
        "已从“{}”恢复({members} 位会员)。恢复前的数据另存在 {}",
        file.display(),
        saved.path.display()
    )?;
    Ok(())
}

fn pair(
    db: &Db,
    number: &str,
    limit: usize,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::data::pairing::{self, Candidate, PairingIndex};
    let member = db.member_by_number(number)?;
    let index = PairingIndex::build(db)?;
    let today = data::today();
    let pairing = pairing::pair(db, &index, member.id, today, limit)?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &pairing)?;
        writeln!(out)?;
        return Ok(());
    }
    let print = |out: &mut dyn Write, rank: usize, c: &Candidate| -> Result<(), CliError> {
        let Some(s) = &c.summary else { return Ok(()) };
        writeln!(
            out,
            "{rank:>3}. {} {} {}岁 {} {} {}  匹配度 {}",
            s.number,
            s.name,
            s.birth.age_on(today),
            s.height_cm.map(|h| format!("{h}cm")).unwrap_or_default(),
            s.education.map_or("", |e| e.label()),
            s.occupation,
            c.score
        )?;
        for check in c.for_member.iter().chain(&c.for_candidate) {
            let short = check
                .short_by
                .as_deref()
                .map(|s| format!("({s})"))
                .unwrap_or_default();
            writeln!(
                out,
                "       {} {}{short}",
                check.verdict.symbol(),
                check.text
            )?;
        }
        if !c.highlights.is_empty() {
            writeln!(out, "       + {}", c.highlights.join(";"))?;
        }
        Ok(())
    };
    writeln!(
        out,
        "{} {}:符合双方要求 {} 人(可介绍的异性在册会员 {} 人)",
        member.number, member.data.name, pairing.fit_count, pairing.pool
    )?;
    let excluded = pairing.excluded.describe();
    if !excluded.is_empty() {
        writeln!(out, "不推荐:{excluded}")?;
    }
    if pairing.member_busy {
        writeln!(out, "注意:{}目前有进行中的牵线", member.data.name)?;
    }
    for (i, c) in pairing.candidates.iter().enumerate() {
        print(out, i + 1, c)?;
    }
    if pairing.few_fit() && !pairing.near_misses.is_empty() {
        writeln!(
            out,
            "\n差一条要求的 {} 人(前 {} 位):",
            pairing.near_miss_count,
            pairing.near_misses.len()
        )?;
        for (i, c) in pairing.near_misses.iter().enumerate() {
            print(out, i + 1, c)?;
        }
    }
    for w in &pairing.widenings {
        writeln!(out, "{},多 {} 人", w.change, w.more)?;
    }
    Ok(())
}

/// The id of the volunteer called `name`, if one is given.
fn volunteer_id(db: &Db, name: Option<&str>) -> Result<Option<i64>, CliError> {
    let Some(name) = name else { return Ok(None) };
    let volunteer = db.volunteers()?.into_iter().find(|v| v.name == name.trim());
    volunteer
        .map(|v| Some(v.id))
        .ok_or_else(|| CliError(format!("找不到红娘“{name}”,请先在设置里添加")))
}

fn day(text: Option<&str>) -> Result<chrono::NaiveDate, CliError> {
    match text {
        None => Ok(data::today()),
        Some(text) => data::parse::date(text)
            .ok_or_else(|| CliError(format!("日期写法不对:“{text}”,应写成 2026-11-21"))),
    }
}

fn intro(db: &mut Db, command: IntroCommand, out: &mut dyn Write) -> Result<(), CliError> {
    use crate::data::introductions::{EndReason, Introduction, Stage};
    let today = data::today();
    let print = |out: &mut dyn Write, i: &Introduction| -> Result<(), CliError> {
        let reason = i
            .end_reason
            .map(|r| format!("({})", r.label()))
            .unwrap_or_default();
        writeln!(
            out,
            "{}\t{} {} — {} {}\t{}{}\t介绍于 {}\t{}",
            i.id,
            i.number_a,
            i.name_a,
            i.number_b,
            i.name_b,
            i.stage.label(),
            reason,
            i.introduced_on,
            i.volunteer_name.clone().unwrap_or_default()
        )?;
        Ok(())
    };
    match command {
        IntroCommand::Add {
            number_a,
            number_b,
            volunteer,
            date,
        } => {
            let volunteer = volunteer_id(db, volunteer.as_deref())?;
            let a = db.member_by_number(&number_a)?.id;
            let b = db.member_by_number(&number_b)?.id;
            let introduction =
                db.add_introduction(a, b, day(date.as_deref())?, volunteer, today)?;
            print(out, &introduction)?;
        }
        IntroCommand::Advance {
            id,
            stage,
            date,
            reason,
            notes,
            no_block,
            volunteer,
        } => {
            let volunteer = volunteer_id(db, volunteer.as_deref())?;
            let stage = Stage::parse(&stage).ok_or_else(|| {
                CliError(format!(
                    "不认识的阶段“{stage}”:可以是 见面、交往、登记结婚 或 未成"
                ))
            })?;
            let date = day(date.as_deref())?;
            let introduction = if stage == Stage::Ended {
                let reason = reason
                    .as_deref()
                    .ok_or_else(|| CliError("记为未成时请用 --reason 说明原因".into()))?;
                let reason = EndReason::parse(reason).ok_or_else(|| {
                    CliError(format!(
                        "不认识的原因“{reason}”:可以是 一方不同意、见面后不合适、失去联系 或 其他"
                    ))
                })?;
                db.end_introduction(id, reason, date, volunteer, &notes, !no_block, today)?
            } else {
                db.advance_introduction(id, stage, date, volunteer, &notes, today)?
            };
            print(out, &introduction)?;
        }
        IntroCommand::Undo { id, volunteer } => {
            let volunteer = volunteer_id(db, volunteer.as_deref())?;
            let introduction = db.undo_introduction_step(id, volunteer, today)?;
            print(out, &introduction)?;
        }
        IntroCommand::List { json } => {
            let all = db.introductions(None)?;
            if json {
                serde_json::to_writer_pretty(&mut *out, &all)?;
                writeln!(out)?;
            } else {
                for introduction in &all {
                    print(out, introduction)?;
                }
            }
        }
    }
    Ok(())
}
