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
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| CliError(format!("时间“{text}”看不懂:写成 09:30 这样")))
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
