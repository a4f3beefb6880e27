//! `hongniang district …`: the command line of 全区共享, a thin front end over
//! `data::district` (what is shared) and `hongniang_district` (the server).

use super::search::{SearchArgs, query_of};
use super::{CliError, secret};
use crate::data::district::DistrictSettings;
use crate::data::{Actor, Db};
use chrono::NaiveDate;
use clap::Subcommand;
use hongniang_district::station;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum DistrictCommand {
    /// What this station shares with the district's stations: the members who agreed to
    /// 全区共享 (在册, with the station's 知情同意) and, with --json, their whole profiles as
    /// the other stations would see them (no name, contact, employer, registrant or notes).
    Preview {
        /// The station's code, in front of each member number (湖滨 → 湖滨-2026-0011); the
        /// one set up with `district setup` if not given.
        #[arg(long)]
        station: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Joins the district pool (an administrator's task): the server and the station's code.
    /// The password is asked for (or taken from HONGNIANG_DISTRICT_PASSWORD; empty for none)
    /// and kept in a file only this PC's user can read, never on the command line.
    Setup {
        /// The station's code on the server, in front of its member numbers ("湖滨").
        #[arg(long)]
        station: String,
        /// The server, as given by the district's administrator, without the password:
        /// "host=10.0.0.5 port=5432 dbname=district user=hubin" (always encrypted and
        /// checked; an sslmode other than verify-full is refused).
        #[arg(long)]
        server: String,
        /// The district's certificate (.pem), required: the server's certificate and name are
        /// checked against it before the password is sent.
        #[arg(long, value_name = "FILE")]
        ca: Option<PathBuf>,
    },
    /// Sends this station's changed profiles to the district and receives the others'.
    Sync,
    /// The settings, the last sync, and what is shared and received.
    Status,
    /// Asks another station for an introduction: this station's member (who agreed to
    /// 全区共享) and the other station's member by their number in the pool (南星-2025-0012).
    /// The request waits on the server for that station's volunteers.
    Ask {
        /// The member number here, e.g. 2024-0012.
        number: String,
        /// The other station's member, e.g. 南星-2025-0012 (from `district pair`).
        partner: String,
        /// For the other station's volunteers: who asks and how to call back.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The introduction requests this station sent and received, the open ones first.
    Requests {
        #[arg(long)]
        json: bool,
    },
    /// Answers a request sent to this station, after asking the member: --accept, or
    /// --decline with --reason.
    Answer {
        /// The request's number (from `district requests`).
        id: i64,
        #[arg(long, conflicts_with = "decline", required_unless_present = "decline")]
        accept: bool,
        #[arg(long)]
        decline: bool,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// The district's figures for the district union (per station and in total: members
    /// shared, requests, cross-station introductions and marriages), read with the union's
    /// own role, which sees counts only. The password is asked for (or
    /// HONGNIANG_DISTRICT_PASSWORD).
    Figures {
        /// The server with the union's user: "host=… dbname=district user=union".
        #[arg(long)]
        server: String,
        /// The district's certificate (.pem), required, as for `district setup`.
        #[arg(long, value_name = "FILE")]
        ca: Option<PathBuf>,
        /// Also write them to this Excel file (.xlsx); with --year also a one-page .pdf.
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx|FILE.pdf")]
        output: Option<PathBuf>,
        /// Every station's 年度工作报告 of this year, combined (sent with each station's sync):
        /// a row per station and the district's total.
        #[arg(long, conflicts_with_all = ["from", "to"])]
        year: Option<i32>,
        /// Or the union's own period (YYYY-MM-DD), asked of the stations: each sends it at its
        /// next sync.
        #[arg(long, requires = "to")]
        from: Option<String>,
        #[arg(long, requires = "from")]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The district's server, for its administrator (as the database's owner): init,
    /// add-station, passwd, remove-station, add-union, status.
    Server(super::district_server::ServerArgs),
    /// 全区 search: the other stations' members held here (as of the last sync) with the same
    /// conditions as `search`; each by its station-prefixed number and card fields.
    Search(SearchArgs),
    /// 全区 pairing: a member's candidates among the other stations' members (as of the last
    /// sync), with the same two-way verdicts as `pair`; only the 介绍卡's fields are known.
    Pair {
        /// The member number here, e.g. 2024-0012.
        number: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

const PASSWORD_MISSING: &str = "请在终端上输入全区服务器的密码,或用环境变量 HONGNIANG_DISTRICT_PASSWORD 给出(服务器不要密码时给空值)";

/// Runs one `district` command.
pub(super) fn district(
    db: &mut Db,
    actor: &Actor,
    command: DistrictCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        DistrictCommand::Preview { station, json } => preview(db, station, json, out),
        DistrictCommand::Setup {
            station: code,
            server,
            ca,
        } => setup(db, actor, code, server, ca, out),
        DistrictCommand::Sync => {
            let report = station::sync_station(db, actor)?;
            writeln!(out, "全区同步完成:{}", report.describe())?;
            writeln!(out, "本机现有其他站点的资料 {} 份", db.district_counts()?.1)?;
            Ok(())
        }
        DistrictCommand::Pair {
            number,
            limit,
            json,
        } => pair(db, &number, limit, json, out),
        DistrictCommand::Ask {
            number,
            partner,
            note,
        } => {
            let member = db.member_by_number(&number)?;
            let request = station::ask_station(db, actor, member.id, partner.trim(), &note)?;
            writeln!(
                out,
                "已向{}站请求介绍:{} 与 {}(请求编号 {})。{}的红娘问过本人后会答复,同步后可以看到。",
                request.partner_station,
                request.member_name,
                request.partner_key,
                request.id,
                request.partner_station
            )?;
            Ok(())
        }
        DistrictCommand::Requests { json } => requests(db, json, out),
        DistrictCommand::Answer {
            id,
            accept,
            decline: _,
            reason,
        } => answer(db, actor, id, accept, &reason, out),
        DistrictCommand::Figures {
            server,
            ca,
            output,
            year,
            from,
            to,
            json,
        } => match period_asked(year, from.as_deref(), to.as_deref())? {
            Some(period) => yearly_figures(db, server, ca, output, period, json, out),
            None => figures(server, ca, output, json, out),
        },
        DistrictCommand::Search(args) => search(db, args, out),
        DistrictCommand::Status => status(db, out),
        // Run before a station's database is opened (cli.rs).
        DistrictCommand::Server(args) => super::district_server::server(args, out),
    }
}

/// `district preview`: what this station shares, as the other stations would see it.
fn preview(
    db: &Db,
    station: Option<String>,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let station = match station {
        Some(code) => code.trim().to_string(),
        None => db
            .district_settings()?
            .map_or_else(|| "本站".to_string(), |s| s.station),
    };
    let profiles = db.shared_profiles(&station)?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &profiles)?;
        writeln!(out)?;
    } else {
        for p in &profiles {
            writeln!(
                out,
                "{}\t{}\t{}年{}月\t{}\t{}\t{} 同意",
                p.key,
                p.surname_title,
                p.birth.year,
                p.birth.month,
                p.education.map_or("—", |e| e.label()),
                if p.district.is_empty() {
                    "—"
                } else {
                    &p.district
                },
                p.shared_on
            )?;
        }
        writeln!(out, "共 {} 位会员同意全区共享", profiles.len())?;
    }
    Ok(())
}

/// `district setup`: the station joins the pool; its password is kept in a private file.
fn setup(
    db: &mut Db,
    actor: &Actor,
    code: String,
    server: String,
    ca: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    // Checked before anything is asked or kept.
    db.may(actor, crate::data::Permission::District)?;
    station::parse_server(&server)?;
    let settings = DistrictSettings {
        station: code.trim().to_string(),
        server,
        ca_file: ca.map(|p| p.display().to_string()).unwrap_or_default(),
    };
    crate::data::district::check_station_code(&settings.station)?;
    crate::data::district::check_certificate_file(&settings.ca_file)?;
    let password = secret(
        "HONGNIANG_DISTRICT_PASSWORD",
        "全区服务器给本站的密码:",
        PASSWORD_MISSING,
    )?;
    station::password_file(&settings.station)
        .ok_or_else(|| CliError("找不到本用户的设置文件夹,密码没有地方存".into()))?;
    db.set_district_settings(actor, &settings)?;
    let kept = station::keep_password(&settings.station, &password)?;
    writeln!(
        out,
        "已加入全区共享:站点代码 {};{}",
        settings.station,
        kept.words()
    )?;
    writeln!(out, "现在可以运行 hongniang district sync 同步")?;
    Ok(())
}

/// `district requests`: the requests sent and received, each with its note, answer and
/// introduction.
fn requests(db: &Db, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let requests = db.district_requests()?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &requests)?;
        writeln!(out)?;
        return Ok(());
    }
    if requests.is_empty() {
        writeln!(out, "还没有全区介绍请求")?;
        return Ok(());
    }
    let today = crate::data::today();
    for r in &requests {
        let card = r.partner.as_ref().map_or(String::new(), |p| {
            format!(
                "{} {}岁 {}",
                p.surname_title,
                p.birth.age_on(today),
                p.occupation
            )
        });
        writeln!(
            out,
            "{:>4} {} {} {} ↔ {} {}  {}",
            r.id,
            if r.sent { "发出" } else { "收到" },
            r.asked_on,
            r.member_name,
            r.partner_key,
            card,
            r.state_text()
        )?;
        if !r.note.is_empty() {
            writeln!(out, "       留言:{}", r.note)?;
        }
        if r.answer.is_some() && !r.reason.trim().is_empty() {
            writeln!(out, "       答复:{}", r.reason.trim())?;
        }
        match (r.introduction_id, r.introduction_text()) {
            (Some(introduction), Some(text)) => {
                writeln!(out, "       {text}(intro show {introduction})")?
            }
            (None, Some(text)) => writeln!(out, "       {text}")?,
            _ => {}
        }
    }
    Ok(())
}

/// `district answer`: a request sent here accepted (and recorded as an introduction) or
/// declined.
fn answer(
    db: &mut Db,
    actor: &Actor,
    id: i64,
    accept: bool,
    reason: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::data::district::RequestAnswer;
    let answer = if accept {
        RequestAnswer::Accepted
    } else {
        RequestAnswer::Declined
    };
    let request = station::answer_station(db, actor, id, answer, reason)?;
    writeln!(
        out,
        "已答复{}站:{}",
        request.partner_station,
        request.state_text()
    )?;
    if let Some(introduction) = request.introduction_id {
        writeln!(
            out,
            "已记入本站牵线记录 {introduction}:双方都同意,请与{}站红娘交换联系方式后记“intro exchange {introduction}”",
            request.partner_station
        )?;
    }
    Ok(())
}

/// `district figures`: the district union's counts, read from the server with its own role.
fn figures(
    server: String,
    ca: Option<PathBuf>,
    output: Option<PathBuf>,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::data::district::{FIGURE_COLUMNS, district_total, write_figures_xlsx};
    let mut client = union_client(server, ca)?;
    let stations = hongniang_district::figures(&mut client)?;
    let total = district_total(&stations);
    if let Some(path) = &output {
        let as_of = crate::data::today().format("%Y年%-m月%-d日").to_string();
        write_figures_xlsx(&stations, &as_of, path)?;
    }
    if json {
        let answer = serde_json::json!({ "stations": stations, "total": total });
        serde_json::to_writer_pretty(&mut *out, &answer)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", FIGURE_COLUMNS.join("\t"))?;
        for line in stations.iter().chain(std::iter::once(&total)) {
            let (code, name, counts) = line.cells();
            let counts: Vec<String> = counts.iter().map(u64::to_string).collect();
            writeln!(out, "{code}\t{name}\t{}", counts.join("\t"))?;
        }
        if let Some(path) = &output {
            writeln!(out, "已写入 {}", path.display())?;
        }
    }
    Ok(())
}

/// The union's connection: the server with its user, the certificate, its password.
fn union_client(
    server: String,
    ca: Option<PathBuf>,
) -> Result<hongniang_district::server::Client, CliError> {
    station::parse_server(&server)?;
    let settings = DistrictSettings {
        station: String::new(),
        server,
        ca_file: ca.map(|p| p.display().to_string()).unwrap_or_default(),
    };
    crate::data::district::check_certificate_file(&settings.ca_file)?;
    let password = secret(
        "HONGNIANG_DISTRICT_PASSWORD",
        "全区工会的密码:",
        PASSWORD_MISSING,
    )?;
    Ok(station::open(
        &settings,
        (!password.is_empty()).then_some(&*password),
    )?)
}

/// The period of `district figures`: a year, or from–to; `None`: the pool's figures.
fn period_asked(
    year: Option<i32>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Option<(NaiveDate, NaiveDate)>, CliError> {
    if let (Some(from), Some(to)) = (from, to) {
        return Ok(Some((super::day(Some(from))?, super::day(Some(to))?)));
    }
    let Some(year) = year else {
        return Ok(None);
    };
    crate::data::yearly::year_period(year)
        .map(Some)
        .ok_or_else(|| CliError(format!("年份 {year} 不对")))
}

/// `district figures --year | --from --to`: every station's report of that period and the
/// district's total, as the union reads them, and the stations still to send it.
fn yearly_figures(
    db: &Db,
    server: String,
    ca: Option<PathBuf>,
    output: Option<PathBuf>,
    (from, to): (NaiveDate, NaiveDate),
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::data::yearly::{district_total, period_text, write_district_xlsx};
    let mut client = union_client(server, ca)?;
    let read = hongniang_district::station_reports(&mut client, from, to)?;
    let period = period_text(from, to);
    let Some(total) = district_total(
        &format!("全区合计({} 个站点)", read.reports.len()),
        &read.reports,
    ) else {
        let mut words = read.nothing_yet(from, to);
        if !read.waiting.is_empty() {
            words += &format!("(等 {} 个站点)", read.waiting.len());
        }
        return Err(CliError(words));
    };
    let hongniang_district::PeriodReports {
        reports,
        unreadable,
        waiting,
        ..
    } = read;
    if let Some(path) = &output {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "xlsx" => write_district_xlsx(&reports, &total, path)?,
            "pdf" => {
                let printout = db.print_yearly(&total, crate::data::today())?;
                crate::data::files::write_private(path, &printout.pdf()?)?;
            }
            _ => {
                return Err(CliError(format!(
                    "“{}”要以 .xlsx 或 .pdf 结尾",
                    path.display()
                )));
            }
        }
    }
    if json {
        let answer = serde_json::json!({ "stations": reports, "total": total, "waiting": waiting });
        serde_json::to_writer_pretty(&mut *out, &answer)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{period} 各站报告({} 个站点)", reports.len())?;
    writeln!(
        out,
        "站点	新登记	期末在册	介绍	见面	交往	登记结婚	联谊活动	开放日	来电来访"
    )?;
    for r in reports.iter().chain(std::iter::once(&total)) {
        writeln!(
            out,
            "{}	{}	{}	{}	{}	{}	{}	{}	{}	{}",
            r.station,
            r.registered(),
            r.on_books_at_end,
            r.introductions,
            r.meetings,
            r.datings,
            r.marriages,
            r.events,
            r.open_days,
            r.enquiries
        )?;
    }
    if unreadable > 0 {
        writeln!(out, "另有 {unreadable} 份报告读不懂,没有算进去")?;
    }
    if !waiting.is_empty() {
        writeln!(
            out,
            "还没有送来这一期的站点(下次同步时会送,未算进合计):{}",
            waiting.join("、")
        )?;
    }
    if let Some(path) = &output {
        writeln!(out, "已写入 {}", path.display())?;
    }
    Ok(())
}

/// `district search`: the other stations' members held here, with `search`'s conditions.
fn search(db: &Db, args: SearchArgs, out: &mut dyn Write) -> Result<(), CliError> {
    use crate::data::search::SearchIndex;
    let query = query_of(&args.conditions, args.status.as_ref())?;
    let profiles = db.district_mirror()?;
    let index = SearchIndex::of_profiles(&profiles);
    let today = crate::data::today();
    let results = index.search(&query, today);
    let found: Vec<_> = results
        .positions
        .iter()
        .take(args.limit)
        .filter_map(|&p| {
            let id = index.summary(p).id;
            usize::try_from(id - 1).ok().and_then(|i| profiles.get(i))
        })
        .collect();
    if args.json {
        let answer = serde_json::json!({ "total": results.len(), "profiles": found });
        serde_json::to_writer_pretty(&mut *out, &answer)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "全区找到 {} 位(其他站点同意共享的会员,截至上次同步)",
            results.len()
        )?;
        for p in found {
            writeln!(
                out,
                "{}\t{}\t{}\t{}岁\t{}\t{}\t{}\t{}",
                p.key,
                p.surname_title,
                p.gender.label(),
                p.birth.age_on(today),
                p.height_cm.map(|h| format!("{h}cm")).unwrap_or_default(),
                p.education.map_or("", |e| e.label()),
                p.occupation,
                p.district
            )?;
        }
    }
    Ok(())
}

/// `district status`: the settings, the last sync and the counts shared and received.
fn status(db: &Db, out: &mut dyn Write) -> Result<(), CliError> {
    match db.district_settings()? {
        None => writeln!(out, "本站还没有加入全区共享(hongniang district setup)")?,
        Some(settings) => {
            writeln!(out, "站点代码:{}", settings.station)?;
            writeln!(out, "服务器:{}", settings.server)?;
            if !settings.ca_file.is_empty() {
                writeln!(out, "全区证书:{}", settings.ca_file)?;
            }
            match station::station_password(&settings.station) {
                Ok((_, kept)) => writeln!(out, "{}", kept.words())?,
                Err(error) => writeln!(out, "密码:{error}")?,
            }
            match db.district_last_sync()? {
                Some(last) => writeln!(
                    out,
                    "上次同步:{}({})",
                    last.at.replace('T', " "),
                    last.summary
                )?,
                None => writeln!(out, "上次同步:还没有同步过")?,
            }
            let (shared, received) = db.district_counts()?;
            writeln!(
                out,
                "本站共享:{shared} 位;本机有其他站点的资料 {received} 份"
            )?;
        }
    }
    Ok(())
}

/// `district pair`: a member's candidates among the other stations' members.
fn pair(
    db: &Db,
    number: &str,
    limit: usize,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::data::district::DistrictIndex;
    let member = db.member_by_number(number)?;
    let index = DistrictIndex::build(db)?;
    let today = crate::data::today();
    let found = index.pair_for(db, &member, today, limit)?;
    let p = &found.pairing;
    if json {
        // Each candidate with the profile it names.
        let list = |list: &[crate::data::pairing::Candidate]| -> Result<Vec<_>, CliError> {
            let mut values = Vec::new();
            for c in list {
                let mut value = serde_json::to_value(c)?;
                if let (Some(object), Some(profile)) = (value.as_object_mut(), found.profile(c)) {
                    object.insert("profile".into(), serde_json::to_value(profile)?);
                }
                values.push(value);
            }
            Ok(values)
        };
        let answer = serde_json::json!({
            "pool": p.pool,
            "fit_count": p.fit_count,
            "candidates": list(&p.candidates)?,
            "near_miss_count": p.near_miss_count,
            "near_misses": list(&p.near_misses)?,
        });
        serde_json::to_writer_pretty(&mut *out, &answer)?;
        writeln!(out)?;
        return Ok(());
    }
    if index.is_empty() {
        writeln!(
            out,
            "本机还没有其他站点的资料:请先同步(hongniang district sync)"
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{} {}:全区符合双方要求 {} 人(其他站点可介绍的异性 {} 人)",
        member.number, member.data.name, p.fit_count, p.pool
    )?;
    let print = |out: &mut dyn Write, rank: usize, c: &crate::data::pairing::Candidate| {
        let Some(profile) = found.profile(c) else {
            return Ok::<(), CliError>(());
        };
        writeln!(
            out,
            "{rank:>3}. {} {} {}岁 {} {} {}  匹配度 {}",
            profile.key,
            profile.surname_title,
            profile.birth.age_on(today),
            profile
                .height_cm
                .map(|h| format!("{h}cm"))
                .unwrap_or_default(),
            profile.education.map_or("", |e| e.label()),
            profile.occupation,
            c.score
        )?;
        for check in c.for_member.iter().chain(&c.for_candidate) {
            writeln!(out, "       {}", super::search::check_line(check))?;
        }
        Ok(())
    };
    for (i, c) in p.candidates.iter().enumerate() {
        print(out, i + 1, c)?;
    }
    if p.few_fit() && !p.near_misses.is_empty() {
        writeln!(out, "只差一条的 {} 人:", p.near_miss_count)?;
        for (i, c) in p.near_misses.iter().enumerate() {
            print(out, i + 1, c)?;
        }
    }
    if !crate::data::district::is_shared(&member) {
        writeln!(
            out,
            "注意:{}没有同意全区共享,其他站点看不到本人的资料;向其他站点请求介绍前需要本人同意",
            member.data.name
        )?;
    }
    Ok(())
}

impl From<hongniang_district::Error> for CliError {
    fn from(error: hongniang_district::Error) -> Self {
        CliError(error.0)
    }
}
