//! `hongniang intro …`: the history of introductions (牵线记录) — add, agree, exchange,
//! advance, undo, show and list — a thin front end over `data::introductions`.

use super::{CliError, day, one_of};
use crate::data::introductions::{EndReason, EndSide, Introduction, Side, Stage};
use crate::data::{self, Actor, Db};
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum IntroCommand {
    /// Record that two members were introduced: the first (A) is shown the second's 介绍卡
    /// first; the second is asked once A agreed.
    Add {
        number_a: String,
        number_b: String,
        /// YYYY-MM-DD; default today.
        #[arg(long)]
        date: Option<String>,
    },
    /// A side agreed (同意): first A, then B.
    Agree {
        id: i64,
        /// a or b (甲方/乙方), or the member number of that side.
        side: String,
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// 交换联系方式: both agreed and were given the other's contacts.
    Exchange {
        id: i64,
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Move an introduction on: 见面, 交往, 登记结婚, or 未成 (with --reason and --side).
    Advance {
        id: i64,
        stage: String,
        #[arg(long)]
        date: Option<String>,
        /// For 未成: 年龄差距, 身高, 学历/工作, 距离/户籍, 性格/感觉不合适, 已有对象, 家长不同意,
        /// 联系不上, 对方未答复 or 其他.
        #[arg(long)]
        reason: Option<String>,
        /// For 未成: who ended it: a, b (or that side's member number), 双方 or 都不是.
        #[arg(long)]
        side: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// For 未成: do not block the pair from being suggested again.
        #[arg(long)]
        no_block: bool,
    },
    /// 撤销上一步: take back the latest step (itself recorded).
    Undo { id: i64 },
    /// One introduction with its steps, and the contacts once both sides agreed and they were
    /// exchanged (masked unless --full-contacts).
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// All introductions, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// 待答复: the sides asked whether they agree and silent for the days set (设置, 7 by
    /// default), the longest first; with --close ID, closes that one as 未成 (对方未答复) once
    /// it has waited twice as long.
    Unanswered {
        #[arg(long)]
        close: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// The two of introduction ID are 交往 or married: close their other ongoing introductions
    /// as 未成 (已有对象).
    CloseOthers { id: i64 },
    /// 约见面: ID --on DATE [--time] [--place] arranges it; --move M / --cancel M with
    /// --reason; --held M --a 想继续|不想继续 --b … records that they met; alone, today's and
    /// tomorrow's meetings.
    Meet(super::meetings::MeetArgs),
}

/// Runs one `intro` command.
pub(super) fn intro(
    db: &mut Db,
    actor: &Actor,
    full: bool,
    command: IntroCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let today = data::today();
    match command {
        IntroCommand::Meet(args) => super::meetings::meet(db, actor, args, out)?,
        IntroCommand::Agree {
            id,
            side,
            date,
            notes,
        } => {
            let current = db.introduction(id)?;
            let which = side_of(&current, &side).ok_or_else(|| {
                CliError(format!(
                    "“{side}”是哪一方?请写 a({} {})或 b({} {})",
                    current.number_a, current.name_a, current.number_b, current.name_b
                ))
            })?;
            let date = day(date.as_deref())?;
            let introduction = db.agree_to_introduction(id, which, date, actor, &notes, today)?;
            intro_line(out, &introduction)?;
        }
        IntroCommand::Exchange { id, date, notes } => {
            let date = day(date.as_deref())?;
            let introduction = db.exchange_contacts(id, date, actor, &notes, today)?;
            intro_line(out, &introduction)?;
        }
        IntroCommand::Show { id, json } => show(db, actor, full, id, json, out)?,
        IntroCommand::Add {
            number_a,
            number_b,
            date,
        } => {
            let a = db.member_by_number(&number_a)?.id;
            let b = db.member_by_number(&number_b)?.id;
            let introduction = db.add_introduction(a, b, day(date.as_deref())?, actor, today)?;
            intro_line(out, &introduction)?;
        }
        IntroCommand::Advance {
            id,
            stage,
            date,
            reason,
            side,
            notes,
            no_block,
        } => {
            let stage = Stage::parse(&stage).ok_or_else(|| {
                CliError(format!(
                    "不认识的阶段“{stage}”:可以是 见面、交往、登记结婚 或 未成"
                ))
            })?;
            let date = day(date.as_deref())?;
            let introduction = if stage == Stage::Ended {
                let why = ending(db, id, reason.as_deref(), side.as_deref())?;
                db.end_introduction(id, why, date, actor, &notes, !no_block, today)?
            } else {
                db.advance_introduction(id, stage, date, actor, &notes, today)?
            };
            intro_line(out, &introduction)?;
            let others = db.other_open_introductions(id)?;
            if !others.is_empty() {
                writeln!(
                    out,
                    "他们另外还有 {} 条进行中的牵线(用 intro close-others {id} 都记为未成(已有对象)):",
                    others.len()
                )?;
                for other in &others {
                    intro_line(out, other)?;
                }
            }
        }
        IntroCommand::CloseOthers { id } => {
            let n = db.close_other_introductions(id, actor, today)?;
            writeln!(out, "已把另外 {n} 条牵线记为未成(已有对象)")?;
        }
        IntroCommand::Undo { id } => {
            let introduction = db.undo_introduction_step(id, actor, today)?;
            intro_line(out, &introduction)?;
        }
        IntroCommand::Unanswered {
            close: Some(id), ..
        } => {
            let introduction = db.close_unanswered(id, actor, today)?;
            intro_line(out, &introduction)?;
        }
        IntroCommand::Unanswered { close: None, json } => {
            let days = db.answer_days()?;
            let waiting = db.unanswered(days, today)?;
            if json {
                serde_json::to_writer_pretty(&mut *out, &waiting)?;
                writeln!(out)?;
            } else {
                for u in &waiting {
                    writeln!(
                        out,
                        "{}	{} 与 {}	等{}答复 {} 天(自 {}){}",
                        u.introduction.id,
                        u.introduction.name_a,
                        u.introduction.name_b,
                        u.name(),
                        u.days_waited,
                        u.asked_on,
                        if u.closable {
                            "\t可记为未成(对方未答复)"
                        } else {
                            ""
                        }
                    )?;
                }
            }
        }
        IntroCommand::List { json } => {
            let all = db.introductions(None)?;
            if json {
                serde_json::to_writer_pretty(&mut *out, &all)?;
                writeln!(out)?;
            } else {
                for introduction in &all {
                    intro_line(out, introduction)?;
                }
            }
        }
    }
    Ok(())
}

/// One introduction as a line of the list.
fn intro_line(out: &mut dyn Write, i: &Introduction) -> Result<(), CliError> {
    writeln!(
        out,
        "{}\t{} {} — {} {}\t{}\t介绍于 {}\t{}",
        i.id,
        i.number_a,
        i.name_a,
        i.number_b,
        i.name_b,
        i.stage_text(),
        i.introduced_on,
        i.volunteer_name.clone().unwrap_or_default()
    )?;
    Ok(())
}

/// `intro show`: the introduction, its steps and the contacts once exchanged.
fn show(
    db: &Db,
    actor: &Actor,
    full: bool,
    id: i64,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let introduction = db.introduction(id)?;
    let steps = db.introduction_steps(id)?;
    let contacts = db.introduction_contacts(actor, id, full)?;
    if json {
        let value = serde_json::json!({
            "introduction": introduction, "steps": steps, "contacts": contacts,
        });
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)?;
        return Ok(());
    }
    intro_line(out, &introduction)?;
    if let Some(partner) = &introduction.partner {
        writeln!(out, "  {}", partner.describe())?;
    }
    for step in &steps {
        let by = step.volunteer_name.clone().unwrap_or_default();
        let notes = if step.notes.is_empty() {
            String::new()
        } else {
            format!(" · {}", step.notes)
        };
        writeln!(
            out,
            "  {}  {}{notes}\t{by}",
            step.on,
            step.describe(&introduction.name_a, &introduction.name_b)
        )?;
    }
    match contacts {
        None => writeln!(out, "  联系方式:双方都同意、交换以后才显示")?,
        Some(contacts) => {
            for c in contacts {
                writeln!(out, "  {} 的联系方式:{}", c.name, c.text())?;
            }
        }
    }
    Ok(())
}

/// Why and by whom introduction `id` ended (未成), from `--reason` and `--side`.
fn ending(
    db: &Db,
    id: i64,
    reason: Option<&str>,
    side: Option<&str>,
) -> Result<(EndReason, EndSide), CliError> {
    let reasons: Vec<&str> = EndReason::ALL.iter().map(|r| r.label()).collect();
    let reason = reason.ok_or_else(|| {
        CliError(format!(
            "记为未成时请用 --reason 说明原因:{}",
            one_of(&reasons)
        ))
    })?;
    let reason = EndReason::parse(reason).ok_or_else(|| {
        CliError(format!(
            "不认识的原因“{reason}”:可以是 {}",
            one_of(&reasons)
        ))
    })?;
    let current = db.introduction(id)?;
    let sides = format!(
        "a({} {})、b({} {})、双方 或 都不是",
        current.number_a, current.name_a, current.number_b, current.name_b
    );
    let side_text =
        side.ok_or_else(|| CliError(format!("记为未成时请用 --side 说明是哪一方结束的:{sides}")))?;
    let side = match side_of(&current, side_text) {
        Some(Side::A) => EndSide::A,
        Some(Side::B) => EndSide::B,
        None => EndSide::parse(side_text)
            .filter(|s| matches!(s, EndSide::Both | EndSide::Neither))
            .ok_or_else(|| CliError(format!("“{side_text}”是哪一方?可以是 {sides}")))?,
    };
    Ok((reason, side))
}

/// A side of introduction `i`: a/b, 甲方/乙方, or the member number of that side.
fn side_of(i: &Introduction, text: &str) -> Option<Side> {
    match text.trim() {
        "a" | "A" | "甲" | "甲方" => Some(Side::A),
        "b" | "B" | "乙" | "乙方" => Some(Side::B),
        number if number == i.number_a || number == i.name_a => Some(Side::A),
        number if number == i.number_b || number == i.name_b => Some(Side::B),
        _ => None,
    }
}
