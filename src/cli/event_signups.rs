//! `hongniang event import ID FILE`: an online form's sign-ups (问卷星, 金数据, 腾讯问卷) or a
//! workplace union's nomination list, previewed, then (`--yes`) imported. A thin front end over
//! `data::event_import`.

use super::CliError;
use crate::data::event_import::{self, Column};
use crate::data::{self, Actor, Db, import};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SignUpImportArgs {
    pub id: i64,
    /// The exported .xlsx/.xls/.csv.
    pub file: PathBuf,
    /// What a column holds when the guess is wrong: its number (from 1) = 姓名, 性别, 出生年月,
    /// 手机, 工作单位, 学历, 身高, 知情同意, 填表人, 提交时间, 活动日期, or 不导入. May be repeated.
    #[arg(long = "column", value_name = "N=WHAT")]
    columns: Vec<String>,
    /// Import (without it, only the preview is shown: nothing is written).
    #[arg(long)]
    yes: bool,
    /// Write the rows not signed up, with why, to this CSV.
    #[arg(long, value_name = "FILE.csv")]
    left_out: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

fn set_column(mapping: &mut [Option<Column>], text: &str) -> Result<(), CliError> {
    let (number, what) = text
        .split_once('=')
        .ok_or_else(|| CliError(format!("“{text}”要写成 列号=内容,如 5=手机")))?;
    let index = number
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=mapping.len()).contains(n))
        .ok_or_else(|| {
            CliError(format!(
                "列号“{number}”不对:这个文件有 {} 列,从 1 数起",
                mapping.len()
            ))
        })?;
    let what = what.trim();
    let column = if what == "不导入" || what == "-" {
        None
    } else {
        Some(Column::parse(what).ok_or_else(|| {
            CliError(format!(
                "“{what}”是什么?可以是 {} 或 不导入",
                Column::LABELS.join("、")
            ))
        })?)
    };
    if let Some(c) = column {
        for other in mapping.iter_mut() {
            if *other == Some(c) {
                *other = None;
            }
        }
    }
    mapping[index - 1] = column;
    Ok(())
}

/// `event import`: the columns, each row's fate, then the import when asked.
pub(super) fn import_sign_ups(
    db: &mut Db,
    actor: &Actor,
    args: SignUpImportArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let table = import::read(&args.file)?;
    let mut mapping = event_import::guess_mapping(&table.headers);
    for text in &args.columns {
        set_column(&mut mapping, text)?;
    }
    let report = db.import_sign_ups(actor, args.id, &table, &mapping, args.yes, data::today())?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(out, "“{}”的列:", table.file_name)?;
        for (i, (header, column)) in table.headers.iter().zip(&mapping).enumerate() {
            writeln!(
                out,
                "  第 {} 列 {header} → {}",
                i + 1,
                column.map_or("不导入", Column::label)
            )?;
        }
        for row in &report.rows {
            writeln!(
                out,
                "第 {} 行\t{}\t{}\t{}",
                row.line,
                row.name,
                row.phone,
                row.result.words()
            )?;
        }
        writeln!(out, "{}", report.summary())?;
        if !args.yes {
            writeln!(out, "只是预览,什么都没有写入;确认无误后加 --yes 导入")?;
        }
    }
    if let Some(path) = args.left_out {
        let n = event_import::write_left_out(&path, &table, &report)?;
        writeln!(out, "没有报名的 {n} 行(含原因)写在:{}", path.display())?;
    }
    Ok(())
}
