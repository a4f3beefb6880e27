//! `hongniang import`: an old register (.xlsx, .xls, .ods or .csv) read, previewed row by row
//! and imported, a thin front end over `data::import`.

use super::CliError;
use crate::data::import::{self, BookConsent, ConsentFrom, Duplicates, Mapping, Outcome};
use crate::data::{self, Actor, Db};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    file: PathBuf,
    /// Only show what would happen; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write the rows not imported, with their reasons, to this CSV file.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Fill the empty fields of members already registered instead of skipping the row.
    #[arg(long)]
    merge: bool,
    /// For a file without a 知情同意 column: were the paper sheets signed, or are the
    /// signatures still to come? Required for such a file.
    #[arg(long, value_enum)]
    consent: Option<ConsentArg>,
}

/// How the members of a book without a 知情同意 column consented.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ConsentArg {
    /// 纸质登记表上已签字同意.
    Signed,
    /// 待补签: not shown to others until the signature is recorded.
    ToSign,
}

/// `import`: the columns recognised, what becomes of each row, then the rows written (or,
/// with --dry-run, only counted).
pub(super) fn import(
    db: &mut Db,
    actor: &Actor,
    args: ImportArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let consent = args.consent.map(|c| match c {
        ConsentArg::Signed => BookConsent::SignedOnPaper,
        ConsentArg::ToSign => BookConsent::ToSign,
    });
    let table = import::read(&args.file)?;
    let mapping = Mapping::guess(&table.headers);
    columns(&table, &mapping, out)?;
    let today = data::today();
    let preview = import::preview(db, &table, &mapping, consent, today)?;
    rows(&preview, out)?;
    if let Some(path) = &args.errors {
        let written = import::write_errors(path, &table, &preview)?;
        writeln!(out, "没有导入的 {written} 行已写到 {}", path.display())?;
    }
    let choice = if args.merge {
        Duplicates::Merge
    } else {
        Duplicates::Skip
    };
    if args.dry_run {
        writeln!(
            out,
            "试导入(没有写入):读到 {} 行,可导入 {}(其中待核对 {}),可能重复 {},不能导入 {}",
            preview.rows.len(),
            preview.ready(),
            preview.to_check(),
            preview.duplicates(),
            preview.rejected()
        )?;
        return match preview.blocked() {
            Some(why) => Err(CliError(why)),
            None => Ok(()),
        };
    }
    let summary = db.import(&preview, choice, actor, today, &mut |_, _| true)?;
    writeln!(out, "{};{}", summary.counts(), summary.to_handle())?;
    if summary.leaves_work() {
        writeln!(out, "用 `hongniang member checks` 查看要核对的会员。")?;
    }
    Ok(())
}

/// The columns recognised, each with the field it fills, and those left out.
fn columns(table: &import::Table, mapping: &Mapping, out: &mut dyn Write) -> Result<(), CliError> {
    let used: Vec<String> = table
        .headers
        .iter()
        .zip(&mapping.0)
        .filter_map(|(h, t)| t.map(|t| format!("{h}→{}", t.label())))
        .collect();
    writeln!(out, "识别的列:{}", used.join("、"))?;
    let ignored: Vec<&String> = table
        .headers
        .iter()
        .zip(&mapping.0)
        .filter(|(h, t)| t.is_none() && !h.is_empty())
        .map(|(h, _)| h)
        .collect();
    if !ignored.is_empty() {
        writeln!(
            out,
            "不导入的列:{}",
            ignored
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("、")
        )?;
    }
    Ok(())
}

/// How the consent is read, the file's faults, and each row that is refused, a possible
/// duplicate, or imported with something to say.
fn rows(preview: &import::Preview, out: &mut dyn Write) -> Result<(), CliError> {
    match preview.consent {
        ConsentFrom::Chosen(choice) => {
            writeln!(out, "表里没有“知情同意”一列:按“{}”导入。", choice.label())?
        }
        ConsentFrom::ToChoose => writeln!(
            out,
            "表里没有“知情同意”一列:请用 --consent signed(纸质登记表上已签字同意)或 --consent to-sign(待补签)说明。"
        )?,
        ConsentFrom::Column => {}
    }
    for fault in &preview.faults {
        writeln!(out, "文件有问题:{fault}")?;
    }
    for row in &preview.rows {
        match &row.outcome {
            Outcome::Rejected { reasons } => {
                writeln!(out, "第 {} 行 不能导入:{}", row.line, reasons.join(";"))?
            }
            Outcome::Duplicate { description, .. } => {
                writeln!(out, "第 {} 行 {}:{description}", row.line, row.data.name)?
            }
            Outcome::Ready { notes } => {
                let mut said: Vec<String> = notes.clone();
                if !row.wishes.is_empty() {
                    said.push(format!("择偶要求读成:{}", row.wishes));
                }
                said.extend(
                    row.checks
                        .iter()
                        .map(|(field, what)| format!("待核对 {field}:{what}")),
                );
                if !said.is_empty() {
                    writeln!(
                        out,
                        "第 {} 行 {}:{}",
                        row.line,
                        row.data.name,
                        said.join(";")
                    )?;
                }
            }
        }
    }
    Ok(())
}
