//! `hongniang stats`: 统计, the success statistics of a period as text, JSON, or an
//! .xlsx/.csv/.pdf file.

use super::CliError;
use crate::data::{self, Actor, Db};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct StatsArgs {
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
}

/// `stats`: the figures of the period, or the file they were written to.
pub(super) fn stats(
    db: &Db,
    actor: &Actor,
    args: StatsArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let StatsArgs {
        from,
        to,
        json,
        output,
    } = args;
    let day = |text: Option<String>, what: &str| -> Result<Option<chrono::NaiveDate>, CliError> {
        text.map(|t| {
            crate::data::parse::date(&t)
                .ok_or_else(|| CliError(format!("{what}“{t}”看不懂,请写成 2026-01-31")))
        })
        .transpose()
    };
    let figures = db.stats(day(from, "开始日期")?, day(to, "结束日期")?, data::today())?;
    if let Some(path) = output {
        db.export_stats(actor, &figures, &path)?;
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
    for line in figures.follow_through.lines() {
        writeln!(out, "{line}")?;
    }
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
