//! `hongniang waiting` and `hongniang reconfirm`: the follow-up lists — the members waiting
//! longest for an introduction (the worklist of 首页), and those due a call to reconfirm
//! (回访确认).

use super::CliError;
use crate::data::{self, Db};
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct WaitingArgs {
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ReconfirmArgs {
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

/// `waiting`: 等待介绍, the longest waiting first.
pub(super) fn waiting(db: &Db, args: WaitingArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (list, total) = db.waiting_members(data::today(), args.limit)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &list)?;
        writeln!(out)?;
    } else {
        writeln!(out, "等待介绍的会员 {total} 位(等得最久的在前):")?;
        for w in &list {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                w.number,
                w.name,
                w.gender.label(),
                w.describe(),
                w.volunteer_name.clone().unwrap_or_default()
            )?;
        }
    }
    Ok(())
}

/// `reconfirm`: 回访确认, the members nobody has seen or reached for a year.
pub(super) fn reconfirm(db: &Db, args: ReconfirmArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (list, total) = db.reconfirm_due(data::today(), args.limit)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &list)?;
        writeln!(out)?;
    } else {
        writeln!(out, "需要回访确认的会员 {total} 位(一年以上没有联系):")?;
        for r in &list {
            let tried = r
                .last_try
                .map(|d| format!("\t{d} 打过电话,没联系上"))
                .unwrap_or_default();
            writeln!(
                out,
                "{}\t{}\t上次联系 {}{tried}",
                r.number, r.name, r.last_seen
            )?;
        }
    }
    Ok(())
}
