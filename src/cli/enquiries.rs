//! `hongniang enquiry`: 来电来访 — add one (or a counselling referral), list them, mark a call
//! back done.

use super::{CliError, day, one_of};
use crate::data::enquiries::{EnquiryHow, EnquiryKind, EnquiryWho, FollowUp, NewEnquiry};
use crate::data::{self, Actor, Db};
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum EnquiryCommand {
    /// Record a call or a visit (or, with --kind, a referral to 婚恋指导 / 心理咨询).
    Add {
        /// 本人, 父母, 其他亲属 or 其他.
        #[arg(long, default_value = "父母")]
        who: String,
        /// 电话, 来站 or 微信.
        #[arg(long, default_value = "电话")]
        how: String,
        /// 咨询, 婚恋指导转介 or 心理咨询转介.
        #[arg(long, default_value = "咨询")]
        kind: String,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, default_value = "")]
        phone: String,
        /// What they asked.
        #[arg(long, default_value = "")]
        asked: String,
        /// 登记, 再联系 or 不需要.
        #[arg(long, default_value = "再联系")]
        follow_up: String,
        /// YYYY-MM-DD; today when left out.
        #[arg(long)]
        date: Option<String>,
    },
    /// The enquiries, newest first; --to-call: only those to call back.
    List {
        #[arg(long)]
        to_call: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// A call back was made: what follows now (登记, 再联系 or 不需要).
    Done { id: i64, follow_up: String },
}

fn pick<T: Copy>(
    word: &str,
    what: &str,
    all: &[T],
    label: impl Fn(T) -> &'static str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, CliError> {
    all.iter()
        .copied()
        .find(|v| label(*v) == word.trim())
        .or_else(|| parse(word.trim()))
        .ok_or_else(|| {
            let labels: Vec<&str> = all.iter().map(|v| label(*v)).collect();
            CliError(format!("不认识的{what}“{word}”:可以是 {}", one_of(&labels)))
        })
}

fn follow_up_of(word: &str) -> Result<FollowUp, CliError> {
    pick(
        word,
        "后续",
        FollowUp::ALL,
        FollowUp::label,
        FollowUp::parse,
    )
}

pub(super) fn enquiry(
    db: &Db,
    actor: &Actor,
    command: EnquiryCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        EnquiryCommand::Add {
            who,
            how,
            kind,
            name,
            phone,
            asked,
            follow_up,
            date,
        } => {
            let new = NewEnquiry {
                on: day(date.as_deref())?,
                kind: pick(
                    &kind,
                    "类型",
                    EnquiryKind::ALL,
                    EnquiryKind::label,
                    EnquiryKind::parse,
                )?,
                who: pick(
                    &who,
                    "来人",
                    EnquiryWho::ALL,
                    EnquiryWho::label,
                    EnquiryWho::parse,
                )?,
                how: pick(
                    &how,
                    "方式",
                    EnquiryHow::ALL,
                    EnquiryHow::label,
                    EnquiryHow::parse,
                )?,
                name,
                phone,
                asked,
                follow_up: follow_up_of(&follow_up)?,
            };
            let saved = db.add_enquiry(actor, &new, data::today())?;
            writeln!(out, "已记下第 {} 条:{}", saved.id, saved.line())?;
        }
        EnquiryCommand::List {
            to_call,
            limit,
            json,
        } => {
            let list = db.enquiries(to_call, limit)?;
            if json {
                let mut list = list;
                for e in &mut list {
                    e.phone = data::model::mask_phone(&e.phone);
                }
                serde_json::to_writer_pretty(&mut *out, &list)?;
                writeln!(out)?;
            } else {
                for e in &list {
                    let phone = if e.phone.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", data::model::mask_phone(&e.phone))
                    };
                    writeln!(out, "#{} {}{phone}", e.id, e.line())?;
                }
                if list.is_empty() {
                    writeln!(out, "没有来电来访记录")?;
                }
            }
        }
        EnquiryCommand::Done { id, follow_up } => {
            let follow_up = follow_up_of(&follow_up)?;
            db.set_enquiry_follow_up(actor, id, follow_up)?;
            writeln!(out, "第 {id} 条:{}", follow_up.label())?;
        }
    }
    Ok(())
}
