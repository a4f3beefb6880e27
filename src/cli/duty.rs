//! `hongniang volunteer signout|hours|duties|correct-duty`: 值班时长 on the command line, a thin
//! front end over `data::duty`. The volunteer is the one named with --volunteer (signed in as
//! every command is).

use super::{CliError, day};
use crate::data::duty::hours_text;
use crate::data::{self, Actor, Db};
use chrono::{Datelike, NaiveDate, NaiveTime};
use std::io::Write;

/// This year, or `from`–`to` typed.
pub(super) fn period(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(NaiveDate, NaiveDate), CliError> {
    let today = data::today();
    let first = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let from = match from {
        Some(text) => day(Some(text))?,
        None => first,
    };
    let to = match to {
        Some(text) => day(Some(text))?,
        None => today,
    };
    Ok((from, to))
}

pub(super) fn sign_out(db: &mut Db, actor: &Actor, out: &mut dyn Write) -> Result<(), CliError> {
    let said = db.sign_out(actor)?;
    writeln!(out, "{said}")?;
    Ok(())
}

pub(super) fn hours(
    db: &Db,
    from: Option<&str>,
    to: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (from, to) = period(from, to)?;
    let hours = db.volunteer_hours(from, to)?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &hours)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{from} 至 {to} 的值班")?;
    for h in &hours {
        writeln!(
            out,
            "{}\t{} 天\t{}{}",
            h.volunteer,
            h.days,
            hours_text(h.minutes),
            if h.open > 0 {
                format!("\t另有 {} 次没有签退(未计时,请管理员更正)", h.open)
            } else {
                String::new()
            }
        )?;
    }
    Ok(())
}

pub(super) fn duties(
    db: &Db,
    name: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (from, to) = period(from, to)?;
    let volunteer = match name {
        Some(name) => Some(db.volunteer_named(name)?.id),
        None => None,
    };
    for d in db.duties(volunteer, from, to)? {
        writeln!(
            out,
            "{}\t{}\t{}\t{}–{}\t{}{}",
            d.id,
            d.on_date,
            d.volunteer,
            d.signed_in.format("%H:%M"),
            d.signed_out
                .map_or("未签退".to_string(), |t| t.format("%H:%M").to_string()),
            hours_text(d.minutes()),
            if d.correction.is_empty() {
                String::new()
            } else {
                format!("\t更正:{}", d.correction)
            }
        )?;
    }
    Ok(())
}

fn time(text: &str) -> Result<NaiveTime, CliError> {
    data::duty::time_typed(text).map_err(CliError)
}

pub(super) fn correct(
    db: &mut Db,
    actor: &Actor,
    id: i64,
    signed_in: &str,
    signed_out: &str,
    reason: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let duty = db.correct_duty(actor, id, time(signed_in)?, time(signed_out)?, reason)?;
    writeln!(
        out,
        "已更正 {} {} 的值班:{}",
        duty.volunteer,
        duty.on_date,
        hours_text(duty.minutes())
    )?;
    Ok(())
}

/// The month typed (2026-12, 2026年12月) or this one.
fn month(text: Option<&str>) -> Result<(NaiveDate, NaiveDate), CliError> {
    let day = match text {
        None => data::today(),
        Some(text) => data::parse::year_month(text)
            .and_then(|m| NaiveDate::from_ymd_opt(m.year, m.month, 1))
            .ok_or_else(|| CliError(format!("月份“{text}”看不懂:写成 2026-12 这样")))?,
    };
    Ok(data::rota::month_of(day))
}

pub(super) fn rota(
    db: &Db,
    month_text: Option<&str>,
    name: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (from, to) = month(month_text)?;
    let volunteer = match name {
        Some(name) => Some(db.volunteer_named(name)?.id),
        None => None,
    };
    let entries = db.rota(volunteer, from, to, data::today())?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &entries)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{} 年 {} 月的值班表", from.year(), from.month())?;
    if entries.is_empty() {
        writeln!(out, "还没有排班")?;
    }
    for e in &entries {
        let came = match e.came {
            Some(true) => "\t已到岗",
            Some(false) => "\t没有签到",
            None => "",
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}{came}",
            e.id,
            e.on_date,
            e.shift.label(),
            e.volunteer,
            e.what()
        )?;
    }
    Ok(())
}

pub(super) fn on_duty(
    db: &mut Db,
    actor: &Actor,
    date: &str,
    shift: &str,
    event: Option<i64>,
    name: Option<&str>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use data::rota::Shift;
    let on_date = day(Some(date))?;
    let shift = Shift::parse(shift).ok_or_else(|| {
        CliError(format!(
            "时段“{shift}”看不懂:可以是 {}",
            super::one_of(Shift::LABELS)
        ))
    })?;
    let volunteer = match (name, actor.volunteer()) {
        (Some(name), _) => db.volunteer_named(name)?.id,
        (None, Some(own)) => own,
        (None, None) => {
            return Err(CliError(
                "给谁排班?用 --volunteer 签到的红娘排自己,或用 --name 写明是哪位红娘".into(),
            ));
        }
    };
    let entry = db.put_on_rota(actor, volunteer, on_date, shift, event, data::today())?;
    writeln!(
        out,
        "已排班:{} {} {} {}(编号 {})",
        entry.volunteer,
        entry.on_date,
        entry.shift.label(),
        entry.what(),
        entry.id
    )?;
    Ok(())
}

pub(super) fn off_duty(
    db: &mut Db,
    actor: &Actor,
    id: i64,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    db.take_off_rota(actor, id, data::today())?;
    writeln!(out, "已取消这条排班")?;
    Ok(())
}

pub(super) fn year(
    db: &Db,
    actor: &Actor,
    (from, to): (NaiveDate, NaiveDate),
    output: Option<&std::path::Path>,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if let Some(path) = output {
        if !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            return Err(CliError(format!("“{}”要以 .pdf 结尾", path.display())));
        }
        let job = data::print::Job::Volunteers { from, to };
        let printout = db.print(&job, actor, data::today())?;
        data::files::write_private(path, &printout.pdf()?)?;
        writeln!(out, "红娘志愿服务记录已写入 {}", path.display())?;
        return Ok(());
    }
    let stats = db.stats(Some(from), Some(to), data::today())?;
    let roll = stats.volunteer_roll();
    if json {
        serde_json::to_writer_pretty(&mut *out, &roll)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{} 的志愿服务", data::yearly::period_text(from, to))?;
    writeln!(out, "红娘\t排班\t到岗\t值班\t时长\t登记\t介绍\t婚姻\t活动")?;
    for v in roll {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            v.volunteer,
            v.duty.rota_days,
            v.duty.rota_days_came,
            v.duty.days,
            hours_text(v.duty.minutes),
            v.registrations,
            v.introductions,
            v.marriages,
            v.duty.events
        )?;
    }
    Ok(())
}
