//! `hongniang intro meet`: 约见面 from the command line — arrange, move, cancel, record that
//! they met with each side's answer, and list today's and tomorrow's meetings.

use super::{CliError, day};
use crate::data::meetings::{Continue, Feedback, Meeting};
use crate::data::{self, Actor, Db};
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct MeetArgs {
    /// The introduction: arrange its meeting (with --on), or show its meetings.
    id: Option<i64>,
    /// YYYY-MM-DD: the day of the meeting (arranging or moving); today or later.
    #[arg(long)]
    on: Option<String>,
    /// "14:00" or "下午两点".
    #[arg(long, default_value = "")]
    time: String,
    /// Where; 本站 when left out.
    #[arg(long, default_value = "")]
    place: String,
    /// 改期: the meeting (its number in the list) moves to --on (--time, --place), --reason.
    #[arg(long = "move", value_name = "MEETING")]
    move_to: Option<i64>,
    /// 取消: the meeting is cancelled, --reason.
    #[arg(long, value_name = "MEETING")]
    cancel: Option<i64>,
    #[arg(long, default_value = "")]
    reason: String,
    /// 见了面: the meeting happened; --a and --b give each side's answer.
    #[arg(long, value_name = "MEETING")]
    held: Option<i64>,
    /// A's answer after the meeting: 想继续 or 不想继续.
    #[arg(long, value_name = "想继续|不想继续")]
    a: Option<String>,
    #[arg(long, default_value = "")]
    a_words: String,
    #[arg(long, value_name = "想继续|不想继续")]
    b: Option<String>,
    #[arg(long, default_value = "")]
    b_words: String,
    #[arg(long)]
    json: bool,
}

fn answer(word: Option<&str>, side: &str, words: &str) -> Result<Feedback, CliError> {
    let word =
        word.ok_or_else(|| CliError(format!("请用 --{side} 写明这一方想继续还是不想继续")))?;
    let answer = match word.trim() {
        "想继续" | "继续" => Continue::Yes,
        "不想继续" | "不继续" => Continue::No,
        other => Continue::parse(other)
            .ok_or_else(|| CliError(format!("“{other}”:请写 想继续 或 不想继续")))?,
    };
    Ok(Feedback {
        answer,
        words: words.to_string(),
    })
}

fn line(out: &mut dyn Write, m: &Meeting) -> Result<(), CliError> {
    let mut text = format!("#{} {} · {}", m.id, m.when_and_where(), m.state.label());
    if !m.reason.is_empty() {
        text.push_str(&format!("({})", m.reason));
    }
    writeln!(out, "{text}")?;
    Ok(())
}

/// `intro meet`.
pub(super) fn meet(
    db: &mut Db,
    actor: &Actor,
    args: MeetArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let today = data::today();
    if let Some(meeting) = args.move_to {
        let on = day(args.on.as_deref())?;
        let m = db.move_meeting(
            actor,
            meeting,
            (on, &args.time, &args.place),
            &args.reason,
            today,
        )?;
        writeln!(out, "见面已改到 {}", m.when_and_where())?;
        return Ok(());
    }
    if let Some(meeting) = args.cancel {
        db.cancel_meeting(actor, meeting, &args.reason)?;
        writeln!(out, "已取消第 {meeting} 次约见")?;
        return Ok(());
    }
    if let Some(meeting) = args.held {
        let a = answer(args.a.as_deref(), "a", &args.a_words)?;
        let b = answer(args.b.as_deref(), "b", &args.b_words)?;
        let i = db.meeting_held(actor, meeting, a, b, today)?;
        writeln!(
            out,
            "已记录 {} 与 {} 见了面:现在是“{}”",
            i.name_a,
            i.name_b,
            i.stage.label()
        )?;
        return Ok(());
    }
    match (args.id, args.on) {
        (Some(id), Some(on)) => {
            let on = day(Some(&on))?;
            let m = db.arrange_meeting(actor, id, on, &args.time, &args.place, today)?;
            write!(out, "已约见面:")?;
            line(out, &m)?;
        }
        (Some(id), None) => {
            let meetings = db.meetings(id)?;
            if args.json {
                serde_json::to_writer_pretty(&mut *out, &meetings)?;
                writeln!(out)?;
            } else if meetings.is_empty() {
                writeln!(out, "这条牵线还没有约过见面(用 --on 约)")?;
            } else {
                for m in &meetings {
                    line(out, m)?;
                }
            }
        }
        (None, _) => {
            let (coming, overdue) = db.upcoming_meetings(today, today + chrono::Days::new(1))?;
            if args.json {
                serde_json::to_writer_pretty(
                    &mut *out,
                    &serde_json::json!({ "coming": coming, "overdue": overdue }),
                )?;
                writeln!(out)?;
                return Ok(());
            }
            writeln!(out, "今天和明天的约见 {} 次:", coming.len())?;
            for u in &coming {
                write!(out, "  {} 与 {} · ", u.name_a, u.name_b)?;
                line(out, &u.meeting)?;
            }
            if !overdue.is_empty() {
                writeln!(out, "见面日已过、还没记反馈的 {} 次:", overdue.len())?;
                for u in &overdue {
                    write!(out, "  {} 与 {} · ", u.name_a, u.name_b)?;
                    line(out, &u.meeting)?;
                }
            }
        }
    }
    Ok(())
}
