//! `hongniang print …`: the A4 PDFs of registration sheets, the blank sheet and 介绍卡 (or the
//! card as a PNG image).

use super::CliError;
use crate::data::{self, Actor, Db};
use clap::Subcommand;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum PrintCommand {
    /// A member's 会员登记表 (phone and WeChat masked unless --full-contacts).
    Sheet {
        number: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// The registration sheet with empty boxes, for filling in by hand.
    Blank {
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// A member's 介绍卡 for the other side of an introduction, as PDF or PNG image.
    Card {
        number: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf|FILE.png")]
        output: PathBuf,
    },
    /// 喜报 of a married couple (by introduction), only when both agreed to publicity: A5 PDF,
    /// or a PNG for WeChat; with --photo, the couple's photo on it.
    Happy {
        introduction: i64,
        #[arg(long, value_name = "FILE.jpg|FILE.png")]
        photo: Option<PathBuf>,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf|FILE.png")]
        output: PathBuf,
    },
    /// The couples who both agreed to publicity (names as they allow), as text or a CSV file.
    Couples {
        #[arg(short = 'o', long = "output", value_name = "FILE.csv")]
        output: Option<PathBuf>,
    },
    /// The sheets of every member registered on a day (YYYY-MM-DD).
    Day {
        day: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
}

/// `print sheet|blank|card|day`: writes the PDF (or the card's PNG) and says what it wrote.
pub(super) fn print(
    db: &Db,
    actor: &Actor,
    full_contacts: bool,
    command: PrintCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::data::print::Job;
    let extension = |path: &std::path::Path| {
        path.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    };
    let pdf_only = |path: &std::path::Path| {
        if extension(path) == "pdf" {
            Ok(())
        } else {
            Err(CliError(format!("“{}”不是 .pdf 文件名", path.display())))
        }
    };
    let today = data::today();
    let (printout, output, png) = match command {
        PrintCommand::Sheet { number, output } => {
            pdf_only(&output)?;
            let member = db.member_by_number(&number)?;
            let job = Job::Sheet {
                member: member.id,
                full_contacts,
            };
            (db.print(&job, actor, today)?, output, false)
        }
        PrintCommand::Blank { output } => {
            pdf_only(&output)?;
            (db.print(&Job::Blank, actor, today)?, output, false)
        }
        PrintCommand::Card { number, output } => {
            let png = match extension(&output).as_str() {
                "png" => true,
                "pdf" => false,
                _ => {
                    return Err(CliError(format!(
                        "“{}”:介绍卡只能存成 .pdf 或 .png",
                        output.display()
                    )));
                }
            };
            let member = db.member_by_number(&number)?;
            let job = Job::Card {
                member: member.id,
                image: png,
            };
            (db.print(&job, actor, today)?, output, png)
        }
        PrintCommand::Happy {
            introduction,
            photo,
            output,
        } => {
            let png = match extension(&output).as_str() {
                "png" => true,
                "pdf" => false,
                _ => {
                    return Err(CliError(format!(
                        "“{}”:喜报只能存成 .pdf 或 .png",
                        output.display()
                    )));
                }
            };
            let job = Job::HappyNews {
                introduction,
                image: png,
                photo,
            };
            (db.print(&job, actor, today)?, output, png)
        }
        PrintCommand::Couples { output } => return couples(db, actor, output, out),
        PrintCommand::Day { day, output } => {
            pdf_only(&output)?;
            let date = crate::data::parse::date_or_message(&day).map_err(CliError)?;
            (db.print(&Job::Day(date), actor, today)?, output, false)
        }
    };
    let bytes = if png {
        printout.png(0, crate::data::print::IMAGE_PIXELS_PER_POINT)?
    } else {
        printout.pdf()?
    };
    data::files::write_private(&output, &bytes)?;
    writeln!(
        out,
        "已生成{}:{}({} 页,{} KB)",
        printout.title,
        output.display(),
        printout.page_count(),
        bytes.len().div_ceil(1024)
    )?;
    Ok(())
}

/// `print couples`: the couples who may be named in publicity, on the terminal or as CSV.
fn couples(
    db: &Db,
    actor: &Actor,
    output: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let couples = db.publicity_couples()?;
    let Some(path) = output else {
        writeln!(out, "两人都同意宣传的夫妻 {} 对:", couples.len())?;
        for c in &couples {
            writeln!(
                out,
                "  #{} {} 与 {} · {} 登记结婚",
                c.introduction_id, c.groom, c.bride, c.married_on
            )?;
        }
        return Ok(());
    };
    db.export_publicity_couples(actor, &path)?;
    writeln!(out, "已导出 {} 对到 {}", couples.len(), path.display())?;
    Ok(())
}
