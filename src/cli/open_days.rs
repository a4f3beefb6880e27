//! `hongniang openday …`: the command line of 开放日 — count the visitors, note the day, list
//! the open days with their figures — a thin front end over `data::open_days`.

use super::{CliError, day};
use crate::data::open_days::Visitor;
use crate::data::{self, Actor, Db};
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum OpenDayCommand {
    /// Count a visitor: single (单身青年) or parent (家长/亲属); --undo takes a press back.
    Count {
        who: String,
        /// YYYY-MM-DD; default today.
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        undo: bool,
    },
    /// The notes of an open day (it becomes one if it was not).
    Note {
        notes: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// One open day's figures (default today).
    Show {
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The open days, the latest first, and the totals per year.
    List {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub(super) fn open_day(
    db: &mut Db,
    actor: &Actor,
    command: OpenDayCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let today = data::today();
    let show = |out: &mut dyn Write, o: &data::open_days::OpenDay| -> Result<(), CliError> {
        writeln!(
            out,
            "{}\t来访 {} 人(单身青年 {},家长/亲属 {})\t登记 {}\t介绍 {}\t值班:{}{}",
            o.on,
            o.visitors(),
            o.singles,
            o.parents,
            o.registrations,
            o.introductions,
            if o.volunteers.is_empty() {
                "—".to_string()
            } else {
                o.volunteers.join("、")
            },
            if o.notes.is_empty() {
                String::new()
            } else {
                format!("\t{}", o.notes)
            }
        )?;
        Ok(())
    };
    match command {
        OpenDayCommand::Count { who, date, undo } => {
            let visitor = match who.trim() {
                "single" | "单身" | "单身青年" | "本人" => Visitor::Single,
                "parent" | "家长" | "亲属" | "家长/亲属" => Visitor::Parent,
                other => {
                    return Err(CliError(format!(
                        "“{other}”是谁?可以是 single(单身青年)或 parent(家长/亲属)"
                    )));
                }
            };
            let date = day(date.as_deref())?;
            let change = if undo { -1 } else { 1 };
            let o = db.count_visitor(actor, date, visitor, change, today)?;
            show(out, &o)?;
        }
        OpenDayCommand::Note { notes, date } => {
            let date = day(date.as_deref())?;
            let o = db.set_open_day_notes(actor, date, &notes, today)?;
            show(out, &o)?;
        }
        OpenDayCommand::Show { date, json } => {
            let date = day(date.as_deref())?;
            let o = db.open_day(date)?;
            if json {
                serde_json::to_writer_pretty(&mut *out, &o)?;
                writeln!(out)?;
            } else {
                match o {
                    Some(o) => show(out, &o)?,
                    None => writeln!(out, "{date} 还没有记为开放日")?,
                }
            }
        }
        OpenDayCommand::List { from, to, json } => {
            let from = from.map(|f| day(Some(&f))).transpose()?;
            let to = to.map(|t| day(Some(&t))).transpose()?;
            if let (Some(from), Some(to)) = (from, to)
                && from > to
            {
                return Err(CliError(format!(
                    "开始日期 {from} 晚于结束日期 {to},请把两个日期对调"
                )));
            }
            let days = db.open_days(from, to)?;
            let years = db.open_day_years(from, to)?;
            if json {
                let value = serde_json::json!({ "days": days, "years": years });
                serde_json::to_writer_pretty(&mut *out, &value)?;
                writeln!(out)?;
                return Ok(());
            }
            writeln!(out, "开放日 {} 天", days.len())?;
            for o in &days {
                show(out, o)?;
            }
            for y in &years {
                writeln!(
                    out,
                    "{} 年:开放日 {} 天,来访单身青年 {} 人、家长/亲属 {} 人,当天登记 {},当天介绍 {}",
                    y.year, y.days, y.singles, y.parents, y.registrations, y.introductions
                )?;
            }
        }
    }
    Ok(())
}
