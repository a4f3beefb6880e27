//! `hongniang member …`: add, show, list, export, delete, the checks, pauses, calls, identity
//! checks and signatures of one member at a time.

use super::{CliError, confirmed, day, one_of};
use crate::data::members::DuplicateCheck;
use crate::data::model::{MemberData, mask_phone};
use crate::data::{self, Actor, Db, Error};
use clap::{Args, Subcommand};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

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
    },
    /// Delete a member on their request: anonymised, the statistics keep their counts.
    Delete {
        number: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// 待核对: the values an import doubted, with their numbers (for `member checked`), and the
    /// members waiting for their signature (待补签).
    Checks {
        #[arg(long)]
        json: bool,
    },
    /// A value to check was looked at (and corrected with 修改 where wrong): the check is done.
    Checked { id: i64 },
    /// 暂停: not introduced for a while; back by themselves on --until.
    Pause {
        number: String,
        /// 恋爱中, 出国或在外地, 工作忙, 已有对象(站外), 联系不上 or 其他.
        #[arg(long)]
        reason: String,
        /// YYYY-MM-DD: the day they are 在册 again (none: until `member resume`).
        #[arg(long)]
        until: Option<String>,
    },
    /// Back to 在册 from 暂停.
    Resume { number: String },
    /// 回访确认: a call to check the registration is still wanted, and what it found.
    Call {
        number: String,
        /// 还在找, 已有对象, 不再需要(退出), 没联系上, or 来站了 (the member came in: no call,
        /// but seen).
        outcome: String,
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// 身份核验: the ID card (身份证) or union card (工会会员证) was checked.
    Identity {
        number: String,
        /// 身份证 or 工会会员证 (id_card / union_card).
        document: String,
        #[arg(long)]
        date: Option<String>,
        /// Take back a check recorded by mistake.
        #[arg(long)]
        undo: bool,
    },
    /// 本人确认 and publicity: the member's own yes (--own 签字|当面|电话), a refusal, a book
    /// whose sheets were signed (--book), the consent to publicity; --list: who waits.
    Consent(super::consent::ConsentArgs),
    /// A member waiting for their signature (待补签) signed the 知情同意.
    Signed {
        number: String,
        /// YYYY-MM-DD; today when left out.
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// JSON file with the member(s), or `-` for standard input.
    #[arg(long, value_name = "FILE|-")]
    json: String,
    /// Save even when a member with the same phone, or the same name and birth month, exists.
    #[arg(long)]
    allow_duplicates: bool,
}

/// Runs one `member` command.
pub(super) fn member(
    db: &mut Db,
    actor: &Actor,
    full: bool,
    command: MemberCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        MemberCommand::Add(args) => add_members(db, actor, full, args, out),
        MemberCommand::Show { number, json } => show(db, actor, full, &number, json, out),
        MemberCommand::Export { number, output } => export(db, actor, &number, &output, out),
        MemberCommand::Delete { number, yes } => delete(db, actor, &number, yes, out),
        MemberCommand::Checks { json } => checks(db, json, out),
        MemberCommand::Checked { id } => {
            db.clear_check(actor, id)?;
            writeln!(out, "已核对(第 {id} 项)")?;
            Ok(())
        }
        MemberCommand::Pause {
            number,
            reason,
            until,
        } => pause(db, actor, &number, &reason, until.as_deref(), out),
        MemberCommand::Resume { number } => {
            let member = db.member_by_number(&number)?;
            db.resume_member(member.id, actor)?;
            writeln!(out, "{} {}:在册", member.number, member.data.name)?;
            Ok(())
        }
        MemberCommand::Call {
            number,
            outcome,
            date,
            notes,
        } => call(db, actor, &number, &outcome, date.as_deref(), &notes, out),
        MemberCommand::Identity {
            number,
            document,
            date,
            undo,
        } => identity(db, actor, &number, &document, date.as_deref(), undo, out),
        MemberCommand::Signed { number, on } => {
            let member = db.member_by_number(&number)?;
            let on = match on {
                None => data::today(),
                Some(text) => data::parse::date_or_message(&text).map_err(CliError)?,
            };
            db.record_signature(actor, member.id, on)?;
            writeln!(out, "已记录 {} 于 {on} 补签知情同意", member.data.name)?;
            Ok(())
        }
        MemberCommand::List { json, limit } => list_members(db, actor, full, json, limit, out),
        MemberCommand::Consent(args) => super::consent::consent(db, actor, args, out),
    }
}

/// `member show`: the registration sheet's fields, the wishes, the family's, the bookkeeping,
/// the identity checks, the declines and the calls; or the member as JSON.
fn show(
    db: &Db,
    actor: &Actor,
    full: bool,
    number: &str,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let mut member = db.member_by_number(number)?;
    if full {
        member = db.reveal_contact(actor, member.id)?;
    }
    if json {
        if !full {
            data::masking::mask_contacts(&mut member.data);
        }
        serde_json::to_writer_pretty(&mut *out, &member)?;
        writeln!(out)?;
        return Ok(());
    }
    let d = &member.data;
    writeln!(out, "{} {}", member.number, d.name)?;
    let today = data::today();
    for (label, value) in data::print::sheet_fields(d, full, today) {
        writeln!(out, "  {label}:{value}")?;
    }
    writeln!(out, "  择偶要求:")?;
    for (label, value) in data::print::preference_fields(d, full) {
        writeln!(out, "    {label}:{value}")?;
    }
    if let Some((title, fields)) = data::print::family_fields(d, full) {
        writeln!(out, "  {title}:")?;
        for (label, value) in fields {
            writeln!(out, "    {label}:{value}")?;
        }
        for conflict in data::print::family_conflict_lines(d) {
            writeln!(out, "    与本人不同:{conflict}")?;
        }
    }
    for (label, value) in data::print::bookkeeping_fields(&member) {
        writeln!(out, "  {label}:{value}")?;
    }
    writeln!(out, "  身份核验:{}", data::print::identity_text(&member))?;
    let declines = db.declines_of(member.id)?;
    if declines > 0 {
        writeln!(out, "  本人结束过的介绍:{declines} 次")?;
    }
    for call in db.calls(member.id)? {
        writeln!(out, "  回访:{}", call.describe())?;
    }
    Ok(())
}

/// `member export`: the member's own data, as JSON or a PDF to hand them.
fn export(
    db: &Db,
    actor: &Actor,
    number: &str,
    output: &Path,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let member = db.member_by_number(number)?;
    let is_pdf = output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf {
        let job = crate::data::print::Job::OwnData { member: member.id };
        let pdf = db.print(&job, actor, data::today())?.pdf()?;
        data::files::write_private(output, &pdf)?;
    } else {
        let json = db.export_own_data(actor, member.id)?;
        data::files::write_private(output, json.as_bytes())?;
    }
    writeln!(
        out,
        "已把 {} 的个人资料导出到 {}",
        member.data.name,
        output.display()
    )?;
    Ok(())
}

/// `member delete`: the member anonymised on their request, after the question unless --yes.
fn delete(
    db: &mut Db,
    actor: &Actor,
    number: &str,
    yes: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let member = db.member_by_number(number)?;
    // Asked before the question, so nobody confirms what they may not do.
    db.may(actor, data::Permission::Delete)?;
    let question = format!(
        "删除后 {} 的姓名、联系方式、照片和文字都无法恢复(统计数字保留)。确定吗?输入 y 回车确认:",
        member.data.name
    );
    if !yes && !confirmed("删除", &question, out)? {
        writeln!(out, "已取消,资料没有改动。")?;
        return Ok(());
    }
    let erased = db.anonymise_member(actor, member.id)?;
    writeln!(
        out,
        "已删除 {} 的个人资料(会员编号 {} 保留作统计)",
        member.data.name, member.number
    )?;
    if erased.backups.rewritten > 0 {
        writeln!(
            out,
            "备份文件夹里的 {} 份备份也已改写,不再含有这位会员的资料。",
            erased.backups.rewritten
        )?;
    }
    if let Some(remaining) = erased.remaining() {
        writeln!(out, "注意:{remaining}。")?;
    }
    Ok(())
}

/// `member checks`: the values to check and how many wait for their signature.
fn checks(db: &Db, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let checks = db.checks(None)?;
    let (_, to_sign) = db.checks_outstanding()?;
    if json {
        serde_json::to_writer_pretty(
            &mut *out,
            &serde_json::json!({ "checks": checks, "to_sign": to_sign }),
        )?;
        writeln!(out)?;
    } else {
        writeln!(out, "待核对 {} 项,待补签 {to_sign} 位", checks.len())?;
        for c in &checks {
            writeln!(
                out,
                "{}\t{}\t{}\t{}:{}",
                c.id, c.member_number, c.member_name, c.field, c.what
            )?;
        }
    }
    Ok(())
}

/// `member pause`: 暂停 with a reason, until a day or until `member resume`.
fn pause(
    db: &mut Db,
    actor: &Actor,
    number: &str,
    reason: &str,
    until: Option<&str>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use data::model::PauseReason;
    let member = db.member_by_number(number)?;
    let reasons: Vec<&str> = PauseReason::ALL.iter().map(|r| r.label()).collect();
    let reason = PauseReason::parse(reason).ok_or_else(|| {
        CliError(format!(
            "不认识的暂停原因“{reason}”:可以是 {}",
            one_of(&reasons)
        ))
    })?;
    let until = until.map(|d| day(Some(d))).transpose()?;
    db.pause_member(member.id, reason, until, actor, data::today())?;
    writeln!(
        out,
        "{} {}:{}",
        member.number,
        member.data.name,
        data::availability::pause_text(Some(reason), until)
    )?;
    Ok(())
}

/// `member call`: 回访确认, the call and what it found.
fn call(
    db: &mut Db,
    actor: &Actor,
    number: &str,
    outcome: &str,
    date: Option<&str>,
    notes: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use data::availability::CallOutcome;
    let member = db.member_by_number(number)?;
    let outcomes: Vec<&str> = CallOutcome::ALL.iter().map(|o| o.label()).collect();
    let outcome = CallOutcome::parse(outcome)
        .or_else(|| (outcome.trim() == "不再需要").then_some(CallOutcome::Withdraw))
        .ok_or_else(|| {
            CliError(format!(
                "不认识的回访结果“{outcome}”:可以是 {}",
                one_of(&outcomes)
            ))
        })?;
    let date = day(date)?;
    db.record_call(member.id, outcome, date, notes, actor, data::today())?;
    let after = db.member(member.id)?;
    writeln!(
        out,
        "已记录回访:{} {} {date} {};现在是“{}”",
        member.number,
        member.data.name,
        outcome.label(),
        after.data.status.label()
    )?;
    Ok(())
}

/// `member identity`: 身份核验 recorded, or taken back with --undo.
fn identity(
    db: &mut Db,
    actor: &Actor,
    number: &str,
    document: &str,
    date: Option<&str>,
    undo: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use data::model::Document;
    let member = db.member_by_number(number)?;
    let document = Document::parse(document)
        .or_else(|| (document.trim() == "工会证").then_some(Document::UnionCard))
        .ok_or_else(|| {
            CliError(format!(
                "“{document}”是什么证件?可以是 身份证 或 工会会员证"
            ))
        })?;
    if undo {
        db.clear_identity_check(member.id, document, actor)?;
        writeln!(
            out,
            "已撤销 {} 的{}核验",
            member.data.name,
            document.label()
        )?;
    } else {
        let date = day(date)?;
        db.record_identity_check(member.id, document, date, actor, data::today())?;
        writeln!(
            out,
            "已记录:{date} 核验了 {} 的{}",
            member.data.name,
            document.label()
        )?;
    }
    Ok(())
}

/// `member add`: the members of a JSON file (or standard input) registered and shown back.
fn add_members(
    db: &mut Db,
    actor: &Actor,
    full: bool,
    args: AddArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let text = if args.json == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        text
    } else {
        std::fs::read_to_string(&args.json).map_err(|e| {
            CliError(format!(
                "无法读取 {}:{}",
                args.json,
                crate::data::error::io_words(&e)
            ))
        })?
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| CliError(json_syntax_problem(&e)))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        single => vec![single],
    };
    let sheets: Vec<MemberData> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            serde_path_to_error::deserialize(item).map_err(|e| {
                CliError(format!(
                    "第 {} 位会员的 JSON 有误:{}",
                    i + 1,
                    json_value_problem(&e)
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let check = if args.allow_duplicates {
        DuplicateCheck::Confirmed
    } else {
        DuplicateCheck::Check
    };
    let mut saved = db
        .register_members(actor, sheets, check, data::today())
        .map_err(|error| match error {
            Error::Refused(why) if check == DuplicateCheck::Check && why.contains("重复") => {
                CliError(format!("{why};确认不是同一人时加 --allow-duplicates"))
            }
            other => other.into(),
        })?;
    if full {
        db.reveal_contacts_of_many(actor, saved.len(), "命令行登记的回显")?;
    } else {
        for member in &mut saved {
            data::masking::mask_contacts(&mut member.data);
        }
    }
    serde_json::to_writer_pretty(&mut *out, &saved)?;
    writeln!(out)?;
    Ok(())
}

/// Where a JSON text stops being JSON, in Chinese.
fn json_syntax_problem(error: &serde_json::Error) -> String {
    match error.classify() {
        serde_json::error::Category::Eof => "JSON 没有写完(可能缺少结尾的 } 或 ])".to_string(),
        _ => format!(
            "JSON 格式有误:第 {} 行第 {} 个字附近(请检查引号、逗号和括号)",
            error.line(),
            error.column()
        ),
    }
}

/// What is wrong with one field of a member's JSON, in Chinese, naming the field. The core's
/// own messages (a closed list, a birth month) are already Chinese and are kept; serde's
/// English ones are put in words a volunteer reads.
fn json_value_problem(error: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let field = error.path().to_string();
    let inner = error.inner().to_string();
    let at = |what: &str| format!("“{field}”{what}");
    if let Some(missing) = inner
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        return format!("缺少“{missing}”");
    }
    if inner.starts_with("invalid type") || inner.starts_with("invalid value") {
        let expected = inner.rsplit("expected ").next().unwrap_or_default();
        return if ["u8", "u16", "u32", "u64", "i32", "i64", "f64"]
            .iter()
            .any(|number| expected.starts_with(number))
        {
            at("应填数字,不加引号,如 163")
        } else if expected.starts_with("a boolean") {
            at("应填 true 或 false")
        } else if expected.contains("string") {
            at("应填文字,加引号")
        } else {
            at("的值不对")
        };
    }
    if !inner.is_ascii() {
        return if field == "." {
            inner
        } else {
            at(&format!(":{inner}"))
        };
    }
    at("的值不对")
}

/// `member list`: every member, newest first, a page at a time.
fn list_members(
    db: &Db,
    actor: &Actor,
    full: bool,
    json: bool,
    limit: Option<u64>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    const PAGE: u64 = 10_000;
    let total = limit.unwrap_or(u64::MAX);
    let mut offset = 0;
    if full {
        // Recorded before anything is shown, so a list cut short is recorded too.
        let shown = total.min(db.count_members()?);
        db.reveal_contacts_of_many(actor, shown as usize, "命令行的会员名单")?;
    }
    if json {
        write!(out, "[")?;
    }
    while offset < total {
        let mut page = db.list_members(offset, PAGE.min(total - offset))?;
        for (i, member) in page.iter_mut().enumerate() {
            if !full {
                member.phone = mask_phone(&member.phone);
            }
            if json {
                if offset + i as u64 > 0 {
                    write!(out, ",")?;
                }
                write!(out, "\n  ")?;
                serde_json::to_writer(&mut *out, member)?;
            } else {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    member.number,
                    member.name,
                    member.gender.label(),
                    member.birth,
                    member.occupation,
                    member.phone,
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
