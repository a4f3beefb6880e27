//! `hongniang member consent` and `hongniang retention`: the member's own yes (本人确认), the
//! bulk 已确认 of a signed book, publicity; and the list of members kept past the retention
//! period, erased with `--apply`.

use super::{CliError, confirmed, day};
use crate::data::model::{OwnConsentHow, PublicityName};
use crate::data::{self, Actor, Db};
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ConsentArgs {
    /// The member's number; left out with --list or --book.
    number: Option<String>,
    /// The member's own yes: 签字 (on the sheet's 本人确认 line), 当面 (at the station) or
    /// 电话 (to the volunteer giving --volunteer).
    #[arg(long, value_name = "签字|当面|电话")]
    own: Option<String>,
    /// YYYY-MM-DD: the day the consent was given; today when left out.
    #[arg(long)]
    on: Option<String>,
    /// The member said no to being registered: 退出.
    #[arg(long)]
    refused: bool,
    /// 整册已确认: every member 待本人确认 imported from this book, as `--list` names it
    /// ("第 3 册 · 旧登记册.xlsx"), signed the sheet's 本人确认 line.
    #[arg(long)]
    book: Option<String>,
    /// 同意宣传 (the couple's 喜报), named as 全名, 姓氏 or 不具名.
    #[arg(long, value_name = "全名|姓氏|不具名")]
    publicity: Option<String>,
    /// Take the publicity consent back.
    #[arg(long)]
    withdraw_publicity: bool,
    /// The members 待本人确认, with the registrant's phone to call and their book.
    #[arg(long)]
    list: bool,
    #[arg(long)]
    json: bool,
}

fn own_how(word: &str) -> Result<OwnConsentHow, CliError> {
    let how = match word.trim() {
        "签字" | "签名" => Some(OwnConsentHow::Sheet),
        "当面" | "到站" => Some(OwnConsentHow::InPerson),
        "电话" => Some(OwnConsentHow::Phone),
        other => OwnConsentHow::parse(other),
    };
    how.ok_or_else(|| {
        CliError(format!(
            "不认识的确认方式“{word}”:可以是 签字、当面 或 电话"
        ))
    })
}

fn publicity_name(word: &str) -> Result<PublicityName, CliError> {
    let name = match word.trim() {
        "全名" => Some(PublicityName::Full),
        "姓氏" | "只用姓氏" => Some(PublicityName::Surname),
        "不具名" | "匿名" => Some(PublicityName::Anonymous),
        other => PublicityName::parse(other),
    };
    name.ok_or_else(|| CliError(format!("不认识的署名“{word}”:可以是 全名、姓氏 或 不具名")))
}

/// `member consent`.
pub(super) fn consent(
    db: &mut Db,
    actor: &Actor,
    args: ConsentArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if args.list {
        return list(db, args.json, out);
    }
    if let Some(book) = &args.book {
        let count = db.confirm_book(actor, book)?;
        writeln!(
            out,
            "已记录 {book} 的 {count} 位会员本人确认(登记表上有本人签字)"
        )?;
        return Ok(());
    }
    let Some(number) = &args.number else {
        return Err(CliError(
            "请给出会员编号(或用 --list 看待本人确认的名单,--book 整册确认)".into(),
        ));
    };
    let member = db.member_by_number(number)?;
    let today = data::today();
    let on = day(args.on.as_deref())?;
    let name = &member.data.name;
    let mut done = false;
    if let Some(word) = &args.own {
        let how = own_how(word)?;
        db.record_own_consent(actor, member.id, how, on, today)?;
        writeln!(out, "已记录 {name} 于 {on} 本人确认({})", how.label())?;
        done = true;
    }
    if args.refused {
        db.own_consent_refused(actor, member.id)?;
        writeln!(out, "{name} 本人不同意登记:已退出")?;
        done = true;
    }
    if let Some(word) = &args.publicity {
        let naming = publicity_name(word)?;
        db.set_publicity_consent(actor, member.id, Some((on, naming)), today)?;
        writeln!(out, "已记录 {name} 于 {on} 同意宣传({})", naming.label())?;
        done = true;
    }
    if args.withdraw_publicity {
        db.set_publicity_consent(actor, member.id, None, today)?;
        writeln!(out, "{name} 撤回了宣传的同意")?;
        done = true;
    }
    if !done {
        let m = db.member(member.id)?;
        writeln!(out, "{} {name}", m.number)?;
        writeln!(out, "  知情同意:{}", data::print::consent_text(&m.data))?;
        writeln!(out, "  本人确认:{}", data::print::own_consent_text(&m.data))?;
        writeln!(
            out,
            "  全区共享:{}",
            data::print::district_consent_text(&m.data)
        )?;
        writeln!(out, "  同意宣传:{}", data::print::publicity_text(&m.data))?;
    }
    Ok(())
}

fn list(db: &Db, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let (awaiting, total) = db.awaiting_own_consent(usize::MAX >> 1)?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &awaiting)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "待本人确认 {total} 位(由父母或亲属代为登记,本人同意前不做介绍):"
    )?;
    for a in &awaiting {
        let registered = a.registered_on.map(|d| d.to_string()).unwrap_or_default();
        let phone = if a.registrant_phone.is_empty() {
            a.phone.clone()
        } else {
            format!("{} {}", a.registrant.label(), a.registrant_phone)
        };
        let book = if a.book.is_empty() {
            String::new()
        } else {
            format!(" · {}", a.book)
        };
        writeln!(
            out,
            "  {} {} 登记于 {registered} · 联系 {phone}{book}",
            a.number, a.name
        )?;
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// Erase the members listed (after a confirmation; --yes to skip it). An administrator's.
    #[arg(long)]
    apply: bool,
    /// Set the period first: whole years after 退出 or 已婚 (1–20).
    #[arg(long)]
    years: Option<u32>,
    #[arg(long)]
    yes: bool,
    #[arg(long)]
    json: bool,
}

/// `retention`: who is kept past the period, and (`--apply`) their erasure.
pub(super) fn retention(
    db: &mut Db,
    actor: &Actor,
    args: RetentionArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if let Some(years) = args.years {
        db.set_retention_years(actor, years)?;
    }
    let today = data::today();
    let years = db.retention_years()?;
    let expired = db.expired(today)?;
    let enquiries = db.expired_enquiries(today)?;
    if args.json && !args.apply {
        serde_json::to_writer_pretty(&mut *out, &expired)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "保存期限:退出或结婚后 {years} 年。已到期的会员 {} 位:",
        expired.len()
    )?;
    for e in &expired {
        writeln!(
            out,
            "  {} {} {}于 {},保存到 {}",
            e.number,
            e.name,
            e.status.label(),
            e.left_on,
            e.kept_until
        )?;
    }
    if enquiries > 0 {
        writeln!(
            out,
            "另有 {enquiries} 条超过期限、没有登记的来电来访(称呼、电话和内容一并删除)。"
        )?;
    }
    if !args.apply || (expired.is_empty() && enquiries == 0) {
        if !expired.is_empty() || enquiries > 0 {
            writeln!(out, "用 --apply 删除他们的个人资料(统计数字保留)。")?;
        }
        return Ok(());
    }
    db.may(actor, data::Permission::Delete)?;
    let question = format!(
        "删除这 {} 位会员的姓名、联系方式、照片和文字,无法恢复(统计数字保留)。输入 y 回车确认:",
        expired.len()
    );
    if !args.yes && !confirmed("删除", &question, out)? {
        writeln!(out, "已取消,资料没有改动。")?;
        return Ok(());
    }
    let ids: Vec<i64> = expired.iter().map(|e| e.member_id).collect();
    let (count, enquiries, erased) = db.apply_retention(actor, &ids, today)?;
    writeln!(
        out,
        "已删除 {count} 位保存期满会员的个人资料(会员编号保留作统计)"
    )?;
    if enquiries > 0 {
        writeln!(
            out,
            "另有 {enquiries} 条没有登记的来电来访,删除了其中的称呼、电话和内容"
        )?;
    }
    if let Some(remaining) = erased.remaining() {
        writeln!(out, "{remaining}")?;
    }
    Ok(())
}
