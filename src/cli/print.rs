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
