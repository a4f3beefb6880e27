//! `hongniang district server …`: the district's server kept by the program, for the
//! district's administrator (run as the database's owner; no station database is opened). A
//! thin front end over `hongniang_district::server`.

use super::{CliError, secret};
use clap::{Args, Subcommand};
use hongniang_district::server::{self, Client, Status};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// The server as its owner, without the password: "host=127.0.0.1 dbname=district
    /// user=postgres". The password is asked for (or HONGNIANG_DISTRICT_PASSWORD; empty for
    /// none).
    #[arg(long)]
    server: String,
    /// The district's certificate (.pem): required unless the server is on this computer.
    #[arg(long, value_name = "FILE")]
    ca: Option<PathBuf>,
    #[command(subcommand)]
    command: ServerCommand,
}

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Creates the schema on an empty database, or upgrades it to this program's version (in
    /// one transaction; again, nothing changes).
    Init,
    /// Adds a station: its code (in front of its member numbers) and name; its password is
    /// generated and shown once.
    AddStation { code: String, name: String },
    /// A new password for a station (shown once); the old one stops working.
    Passwd { code: String },
    /// Takes a station out: its members leave the pool, its open requests are closed, its
    /// history stays in the figures.
    RemoveStation {
        code: String,
        /// Without it, only what would happen is said.
        #[arg(long)]
        yes: bool,
    },
    /// Adds the district union's login, which reads the figures and nothing else; its
    /// password is generated and shown once.
    AddUnion { name: String },
    /// The schema version, each station with its members shared and its last sync, the unions.
    Status {
        #[arg(long)]
        json: bool,
    },
}

fn connect(args: &ServerArgs) -> Result<Client, CliError> {
    let password = secret(
        "HONGNIANG_DISTRICT_PASSWORD",
        "全区服务器管理员的密码:",
        "请在终端上输入全区服务器管理员的密码,或用环境变量 HONGNIANG_DISTRICT_PASSWORD 给出(不要密码时给空值)",
    )?;
    let ca = args.ca.as_ref().map(|p| p.display().to_string());
    Ok(server::connect_admin(
        &args.server,
        ca.as_deref(),
        &password,
    )?)
}

fn shown_once(out: &mut dyn Write, who: &str, role: &str, password: &str) -> Result<(), CliError> {
    writeln!(out, "{who}的登录名:{role}")?;
    writeln!(out, "{who}的密码:{password}")?;
    writeln!(
        out,
        "这个密码只显示这一次:请抄下来当面交给对方(不要用微信或邮件发),对方在 设置 → 全区共享 里输入。"
    )?;
    Ok(())
}

/// Runs one `district server` command.
pub(super) fn server(args: ServerArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut client = connect(&args)?;
    match args.command {
        ServerCommand::Init => {
            let done = server::init(&mut client)?;
            if done.before == done.now {
                writeln!(out, "全区服务器的结构已是第 {} 版,没有要改的", done.now)?;
            } else if done.before == 0 {
                writeln!(out, "全区服务器的结构建好了(第 {} 版)", done.now)?;
            } else {
                writeln!(
                    out,
                    "全区服务器的结构从第 {} 版升级到第 {} 版,原有的资料都在",
                    done.before, done.now
                )?;
            }
        }
        ServerCommand::AddStation { code, name } => {
            let password = server::add_station(&mut client, &code, &name)?;
            writeln!(out, "已加站点 {}({})", code.trim(), name.trim())?;
            shown_once(out, "站点", &server::station_role(code.trim()), &password)?;
        }
        ServerCommand::Passwd { code } => {
            let password = server::passwd(&mut client, &code)?;
            writeln!(out, "站点 {} 的密码换好了,旧密码不能再用", code.trim())?;
            shown_once(out, "站点", &server::station_role(code.trim()), &password)?;
        }
        ServerCommand::RemoveStation { code, yes } => {
            if !yes {
                writeln!(
                    out,
                    "站点 {} 退出后:它的会员从全区共享里撤下(其他站点下次同步时删掉),它发出和收到的未答复请求关闭,它不能再登录;它以前的介绍和结婚仍算在全区统计里。确认请加 --yes",
                    code.trim()
                )?;
                return Ok(());
            }
            let removed = server::remove_station(&mut client, &code)?;
            writeln!(
                out,
                "站点 {} 已退出全区共享:撤下会员 {} 位,关闭请求 {} 个;历史留在全区统计里",
                code.trim(),
                removed.profiles,
                removed.requests
            )?;
        }
        ServerCommand::AddUnion { name } => {
            let (role, password) = server::add_union(&mut client, &name)?;
            writeln!(out, "已加全区工会的登录(只能看统计):{}", name.trim())?;
            shown_once(out, "工会", &role, &password)?;
        }
        ServerCommand::Status { json } => {
            let status = server::status(&mut client)?;
            if json {
                serde_json::to_writer_pretty(&mut *out, &status)?;
                writeln!(out)?;
            } else {
                status_lines(&status, out)?;
            }
        }
    }
    Ok(())
}

fn status_lines(status: &Status, out: &mut dyn Write) -> Result<(), CliError> {
    writeln!(
        out,
        "全区服务器结构第 {} 版(本程序第 {} 版);站点 {} 个",
        status.version,
        status.program_version,
        status
            .stations
            .iter()
            .filter(|s| s.removed.is_none())
            .count()
    )?;
    for s in &status.stations {
        let state = match (&s.removed, &s.last_sync) {
            (Some(at), _) => format!("已退出({at})"),
            (None, Some(at)) => format!("上次同步 {at}"),
            (None, None) => "还没有同步过".into(),
        };
        writeln!(
            out,
            "{}\t{}\t{}\t共享会员 {} 位\t{state}",
            s.code, s.name, s.role, s.shared
        )?;
    }
    for (name, role) in &status.unions {
        writeln!(out, "工会登录\t{name}\t{role}")?;
    }
    Ok(())
}
