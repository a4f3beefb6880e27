//! `hongniang volunteer …`: the station's 红娘 from the command line — list, add, rename, PINs,
//! administrators and deactivation — a thin front end over the core's operations, which check
//! the permissions and keep the 操作记录 themselves (the same as 设置 › 红娘 in the window).

use super::{CliError, secret};
use crate::data::{Actor, Db};
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum VolunteerCommand {
    /// Every volunteer: on duty or deactivated, with or without a PIN, administrator or not.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Adds a volunteer (once the station has administrators, an administrator's task).
    Add { name: String },
    /// Renames a volunteer; their entries in the 操作记录 show the new name from now on.
    Rename { name: String, new_name: String },
    /// Sets or changes a volunteer's PIN (4 to 8 digits): their own, or anyone's for an
    /// administrator. The new PIN is typed twice at the terminal (or taken from
    /// HONGNIANG_NEW_PIN), never written on the command line.
    Pin {
        name: String,
        /// Takes the PIN away instead (not for an administrator).
        #[arg(long)]
        clear: bool,
    },
    /// Makes a volunteer an administrator (they need a PIN first), or with --off no longer.
    Admin {
        name: String,
        #[arg(long)]
        off: bool,
    },
    /// Deactivates a volunteer who stopped coming (never deleted: their name stays on the
    /// members and records they were in charge of).
    Deactivate { name: String },
    /// Puts a deactivated volunteer back on duty.
    Activate { name: String },
    /// 签退: ends today's duty of the volunteer named with --volunteer.
    Signout,
    /// 值班时长: each volunteer's days and hours (this year, or --from --to).
    Hours {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Each duty with its times (of one volunteer with --name), numbered for correct-duty.
    Duties {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
    /// 值班表: a month's rota (this month, or --month 2026-12), one volunteer's with --name.
    Rota {
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Puts a volunteer on the rota for DATE: oneself (--volunteer), or, by an administrator,
    /// the one named with --name; for the open day, or with --event for an event on that day.
    OnDuty {
        date: String,
        /// 全天, 上午, 下午 or 晚上.
        #[arg(long, default_value = "全天")]
        shift: String,
        #[arg(long)]
        event: Option<i64>,
        #[arg(long)]
        name: Option<String>,
    },
    /// Takes a duty still to come off the rota (its number from `rota`).
    OffDuty { id: i64 },
    /// Each volunteer's service in a year (this year, or --from --to): rota, days, hours,
    /// registrations, introductions, couples; -o FILE.pdf prints it for the union.
    Year {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// An administrator's correction of a duty's times (e.g. not signed out), with the reason.
    CorrectDuty {
        id: i64,
        #[arg(long = "in", value_name = "HH:MM")]
        signed_in: String,
        #[arg(long = "out", value_name = "HH:MM")]
        signed_out: String,
        #[arg(long)]
        reason: String,
    },
}

const NEW_PIN: &str = "HONGNIANG_NEW_PIN";

pub fn volunteer(
    db: &mut Db,
    actor: &Actor,
    command: VolunteerCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        VolunteerCommand::Signout => return super::duty::sign_out(db, actor, out),
        VolunteerCommand::Hours { from, to, json } => {
            return super::duty::hours(db, from.as_deref(), to.as_deref(), json, out);
        }
        VolunteerCommand::Duties { name, from, to } => {
            return super::duty::duties(db, name.as_deref(), from.as_deref(), to.as_deref(), out);
        }
        VolunteerCommand::Rota { month, name, json } => {
            return super::duty::rota(db, month.as_deref(), name.as_deref(), json, out);
        }
        VolunteerCommand::OnDuty {
            date,
            shift,
            event,
            name,
        } => {
            return super::duty::on_duty(db, actor, &date, &shift, event, name.as_deref(), out);
        }
        VolunteerCommand::OffDuty { id } => return super::duty::off_duty(db, actor, id, out),
        VolunteerCommand::Year {
            from,
            to,
            output,
            json,
        } => {
            let period = super::duty::period(from.as_deref(), to.as_deref())?;
            return super::duty::year(db, actor, period, output.as_deref(), json, out);
        }
        VolunteerCommand::CorrectDuty {
            id,
            signed_in,
            signed_out,
            reason,
        } => {
            return super::duty::correct(db, actor, id, &signed_in, &signed_out, &reason, out);
        }
        VolunteerCommand::List { json } => {
            let volunteers = db.volunteers()?;
            if json {
                let text = serde_json::to_string_pretty(&volunteers)
                    .map_err(|e| CliError(format!("整理 JSON 失败:{e}")))?;
                writeln!(out, "{text}")?;
            } else if volunteers.is_empty() {
                writeln!(out, "还没有红娘:用 hongniang volunteer add 姓名 添加")?;
            } else {
                for v in &volunteers {
                    let mut marks = vec![if v.active { "值班中" } else { "已停用" }];
                    marks.push(if v.has_pin { "有密码" } else { "无密码" });
                    if v.is_admin {
                        marks.push("管理员");
                    }
                    writeln!(out, "{}\t{}", v.name, marks.join("、"))?;
                }
            }
        }
        VolunteerCommand::Add { name } => {
            let added = db.add_volunteer(actor, &name)?;
            writeln!(out, "已添加红娘“{}”", added.name)?;
        }
        VolunteerCommand::Rename { name, new_name } => {
            let id = db.volunteer_named(&name)?.id;
            db.rename_volunteer(actor, id, &new_name)?;
            writeln!(out, "已把“{}”改名为“{}”", name.trim(), new_name.trim())?;
        }
        VolunteerCommand::Pin { name, clear } => {
            let volunteer = db.volunteer_named(&name)?;
            if clear {
                db.clear_pin(actor, volunteer.id)?;
                writeln!(out, "已取消“{}”的密码", volunteer.name)?;
            } else {
                let pin = new_pin(&volunteer.name)?;
                db.set_pin(actor, volunteer.id, &pin)?;
                writeln!(
                    out,
                    "“{}”的密码已设好;以后用 --volunteer {} 时要输入它",
                    volunteer.name, volunteer.name
                )?;
            }
        }
        VolunteerCommand::Admin { name, off } => {
            let volunteer = db.volunteer_named(&name)?;
            db.set_admin(actor, volunteer.id, !off)?;
            if off {
                writeln!(out, "“{}”不再是管理员", volunteer.name)?;
            } else {
                writeln!(out, "“{}”已设为管理员", volunteer.name)?;
            }
        }
        VolunteerCommand::Deactivate { name } => {
            let volunteer = db.volunteer_named(&name)?;
            db.set_volunteer_active(actor, volunteer.id, false)?;
            writeln!(out, "已停用红娘“{}”", volunteer.name)?;
        }
        VolunteerCommand::Activate { name } => {
            let volunteer = db.volunteer_named(&name)?;
            db.set_volunteer_active(actor, volunteer.id, true)?;
            writeln!(out, "红娘“{}”已恢复值班", volunteer.name)?;
        }
    }
    Ok(())
}

/// The new PIN: HONGNIANG_NEW_PIN, or typed twice at the terminal (the core checks its form).
fn new_pin(name: &str) -> Result<String, CliError> {
    let missing = format!("请在终端上输入“{name}”的新密码,或用环境变量 {NEW_PIN} 给出");
    let pin = secret(
        NEW_PIN,
        &format!("“{name}”的新密码(4 到 8 位数字):"),
        &missing,
    )?;
    if std::env::var(NEW_PIN).is_err() {
        let again = secret(NEW_PIN, "再输一次:", &missing)?;
        if again.trim() != pin.trim() {
            return Err(CliError("两次输入的密码不一样,密码没有改".into()));
        }
    }
    Ok(pin)
}
