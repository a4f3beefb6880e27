//! `hongniang yearly`: the station's 年度工作报告 for a year (or a period), as text, JSON, one A4
//! PDF or a workbook for the union. A thin front end over `data::yearly`.

use super::{CliError, day};
use crate::data::print::Job;
use crate::data::{self, Actor, Db};
use chrono::Datelike;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct YearlyArgs {
    /// The year (this year if no period is given).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    year: Option<i32>,
    /// Or a period: YYYY-MM-DD.
    #[arg(long, requires = "to")]
    from: Option<String>,
    #[arg(long, requires = "from")]
    to: Option<String>,
    /// Write it to a .pdf (one A4 page) or .xlsx (the sheet 年度报告).
    #[arg(short = 'o', long = "output", value_name = "FILE.pdf|FILE.xlsx")]
    output: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

pub(super) fn yearly(
    db: &Db,
    actor: &Actor,
    args: YearlyArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let today = data::today();
    let (from, to) = match (&args.from, &args.to) {
        (Some(from), Some(to)) => (day(Some(from))?, day(Some(to))?),
        _ => {
            let year = args.year.unwrap_or(today.year());
            data::yearly::year_period(year).ok_or_else(|| CliError(format!("年份 {year} 不对")))?
        }
    };
    let report = db.yearly_report(from, to, today)?;
    if let Some(path) = &args.output {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "pdf" => {
                let printout = db.print(&Job::Yearly { from, to }, actor, today)?;
                crate::data::files::write_private(path, &printout.pdf()?)?;
            }
            "xlsx" => report.write_xlsx(path)?,
            _ => {
                return Err(CliError(format!(
                    "“{}”要以 .pdf 或 .xlsx 结尾",
                    path.display()
                )));
            }
        }
        writeln!(
            out,
            "年度工作报告 {} 已写入 {}",
            report.period_text(),
            path.display()
        )?;
        return Ok(());
    }
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} 年度工作报告 {}",
        report.station,
        report.period_text()
    )?;
    for (label, value) in report.lines() {
        writeln!(out, "{label}\t{value}")?;
    }
    Ok(())
}
