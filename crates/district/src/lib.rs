//! 红娘工作台's district pool (全区共享): each station's consented profiles shared with the
//! district's other stations through a PostgreSQL server, and theirs kept in a read-only
//! mirror on the station's PC. The station works without it; a sync is incremental (only what
//! changed since the last), idempotent and safe to cut off at any point: the server commits a
//! push in one transaction before the station records it, and the station stores a pull in one
//! transaction with where the next one starts.
//!
//! The server's schema is in `sql/` (applied by [`migrate`]); its row-level security lets a
//! station write only its own rows.

use hongniang_core::district::{
    DistrictRequest, Incoming, REQUEST_TEXT_MAX, Received, RequestAnswer, RequestRow,
    StationFigures,
};
use hongniang_core::introductions::Stage;
use hongniang_core::{Actor, Db};
use postgres::{Client, NoTls};

pub mod events;
pub mod server;
pub mod station;

use events::has_shared_events;

/// What went wrong, in words for the volunteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<postgres::Error> for Error {
    fn from(error: postgres::Error) -> Self {
        use postgres::error::SqlState;
        match error.as_db_error() {
            Some(db)
                if [
                    SqlState::INVALID_PASSWORD,
                    SqlState::INVALID_AUTHORIZATION_SPECIFICATION,
                ]
                .contains(db.code()) =>
            {
                Error("全区服务器不认本站的用户名或密码:请在 设置 → 全区共享 里重新输入密码".into())
            }
            Some(db) if db.code() == &SqlState::INSUFFICIENT_PRIVILEGE => Error(format!(
                "全区服务器不允许这个用户这样做(站点只能改本站自己的资料,全区工会只能看统计):{}",
                db.message()
            )),
            Some(db) => Error(format!("全区服务器拒绝了这次操作:{}", db.message())),
            None if error.is_closed() => Error("和全区服务器的连接断了,下次再同步".into()),
            None => Error(format!(
                "连不上全区服务器({error});本站照常工作,网络好了再同步"
            )),
        }
    }
}

impl From<hongniang_core::Error> for Error {
    fn from(error: hongniang_core::Error) -> Self {
        Error(error.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// The server's schema, one script per version, applied in order.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../sql/v1.sql"),
    include_str!("../sql/v2.sql"),
    include_str!("../sql/v3.sql"),
    include_str!("../sql/v4.sql"),
    include_str!("../sql/v5.sql"),
    include_str!("../sql/v6.sql"),
    include_str!("../sql/v7.sql"),
];

/// Connects with a libpq-style connection string ("host=… port=… user=… dbname=…"), not
/// encrypted: for the district's administrator on the server itself (the stations connect
/// with [`station::open`]).
pub fn connect(config: &str) -> Result<Client> {
    Ok(Client::connect(config, NoTls)?)
}

/// Brings the server's schema up to date (as the district's administrator); the version now.
pub fn migrate(admin: &mut Client) -> Result<usize> {
    let mut tx = admin.transaction()?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS district_schema (version integer NOT NULL);
         LOCK TABLE district_schema IN EXCLUSIVE MODE;",
    )?;
    let done: i32 = tx
        .query_opt("SELECT version FROM district_schema", &[])?
        .map_or(0, |row| row.get(0));
    let done = usize::try_from(done).unwrap_or(0);
    if done > MIGRATIONS.len() {
        return Err(Error(format!(
            "全区服务器的结构是第 {done} 版,比这个程序认识的第 {} 版新:请用新版的红娘工作台管理它(这次什么也没改)",
            MIGRATIONS.len()
        )));
    }
    for script in MIGRATIONS.iter().skip(done) {
        tx.batch_execute(script)?;
    }
    // Every run, whatever version the server was at: a later script that forgot a function's
    // search_path or gave a station TEMP or CREATE would let a station act as another again
    // (see sql/v4.sql). Refused before the commit, so nothing of the run is kept.
    check_locked(&mut tx)?;
    tx.execute("DELETE FROM district_schema", &[])?;
    let now = i32::try_from(MIGRATIONS.len()).unwrap_or(i32::MAX);
    tx.execute("INSERT INTO district_schema (version) VALUES ($1)", &[&now])?;
    tx.commit()?;
    Ok(MIGRATIONS.len())
}

/// The search_path every function of the schema runs with (sql/v4.sql): the session's
/// temporary schema last, so nothing a station puts there is read.
const PINNED_SEARCH_PATH: &str = "search_path=pg_catalog, public, pg_temp";

/// Refuses, in words for the administrator, a server on which a station could act as another:
/// a function of `public` (not an extension's) without the pinned search_path, or a station's
/// or the union's role (or PUBLIC, which they are in) able to create anything in the database.
pub(crate) fn check_locked(tx: &mut postgres::Transaction<'_>) -> Result<()> {
    let loose: Vec<String> = tx
        .query(
            "SELECT p.oid::regprocedure::text FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d
                   WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                     AND d.deptype = 'e')
               AND NOT coalesce($1 = ANY (p.proconfig), false)
             ORDER BY 1",
            &[&PINNED_SEARCH_PATH],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect();
    if !loose.is_empty() {
        return Err(Error(format!(
            "全区服务器的函数 {} 没有固定的 search_path,站点可能借此冒充别的站点;\
             请给它加上 SET search_path = pg_catalog, public, pg_temp 再升级(这次什么也没改)",
            loose.join("、")
        )));
    }
    let open: Vec<String> = tx
        .query(
            "SELECT r.rolname::text FROM pg_roles r
             WHERE NOT r.rolsuper
               AND (r.rolname IN ('hn_station', 'hn_union')
                    OR pg_has_role(r.oid, 'hn_station', 'MEMBER')
                    OR pg_has_role(r.oid, 'hn_union', 'MEMBER')
                    OR r.rolname IN (SELECT role FROM public.stations))
               AND (has_database_privilege(r.oid, current_database(), 'CREATE')
                    OR has_database_privilege(r.oid, current_database(), 'TEMPORARY')
                    OR has_schema_privilege(r.oid, 'public', 'CREATE'))
             ORDER BY 1",
            &[],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect();
    if !open.is_empty() {
        return Err(Error(format!(
            "全区服务器上 {} 能建表或建函数(TEMP 或 CREATE 权限),站点可能借此冒充别的站点;\
             请收回(REVOKE CREATE, TEMPORARY ON DATABASE … FROM …;REVOKE CREATE ON SCHEMA public FROM …),\
             并确认它不是从 PUBLIC 得到的,再运行一次(这次什么也没改)",
            open.join("、")
        )));
    }
    Ok(())
}

/// Adds a station (as the administrator): its code, name, and the login role it connects as,
/// member of `hn_station`. The role's password is set apart, never here.
pub fn add_station(admin: &mut Client, code: &str, name: &str, role: &str) -> Result<()> {
    let mut tx = admin.transaction()?;
    let migrated: bool = tx
        .query_one("SELECT to_regclass('district_schema') IS NOT NULL", &[])?
        .get(0);
    let version: Option<i32> = if migrated {
        tx.query_opt("SELECT version FROM district_schema", &[])?
            .map(|row| row.get(0))
    } else {
        None
    };
    if version.and_then(|v| usize::try_from(v).ok()) != Some(MIGRATIONS.len()) {
        return Err(Error(format!(
            "全区服务器的结构不是第 {} 版:请先升级(migrate)再加站点",
            MIGRATIONS.len()
        )));
    }
    let existing = tx.query_opt(
        "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = $1",
        &[&role],
    )?;
    let exists = existing.is_some();
    // Row-level security is all that keeps a station to its own rows.
    if existing.is_some_and(|row| row.get::<_, bool>(0)) {
        return Err(Error(format!(
            "角色 {role} 是超级用户或不受行级安全限制(BYPASSRLS),不能给站点用:请给站点另建一个普通角色"
        )));
    }
    let quoted = quote_identifier(role);
    if !exists {
        tx.batch_execute(&format!("CREATE ROLE {quoted} LOGIN"))?;
    }
    tx.batch_execute(&format!("GRANT hn_station TO {quoted}"))?;
    tx.execute(
        "INSERT INTO stations (code, name, role) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, role = excluded.role",
        &[&code, &name, &role],
    )?;
    // A role made before may hold rights of its own: a station creates nothing (sql/v4.sql).
    let database: String = tx.query_one("SELECT current_database()::text", &[])?.get(0);
    tx.batch_execute(&format!(
        "REVOKE CREATE, TEMPORARY ON DATABASE {} FROM {quoted};
         REVOKE CREATE ON SCHEMA public FROM {quoted};",
        quote_identifier(&database)
    ))?;
    check_locked(&mut tx)?;
    tx.commit()?;
    Ok(())
}

pub(crate) fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// What one sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Profiles of this station sent (new or changed), and taken back.
    pub sent: usize,
    pub withdrawn: usize,
    /// Other stations' profiles received (new or changed), and removed here.
    pub received: usize,
    pub removed: usize,
    /// Introduction requests new or answered since the last sync (sent or received).
    pub requests: usize,
    /// Stages of introductions across two stations told to the district.
    pub stages: usize,
    /// Other stations' cards not kept: malformed, oversized, or not of the station whose row
    /// they came in (hongniang_core::district::received_card).
    pub refused: usize,
    /// 全区联谊 invitations received (a copy made here), and events that could not be kept in
    /// step this time.
    pub events_joined: usize,
    pub events_failed: usize,
}

/// One sync of `db` (station `station`) with the district: sends what changed, then receives
/// what the other stations changed since the last sync.
pub fn sync(db: &mut Db, client: &mut Client, station: &str) -> Result<Report> {
    sync_by(db, client, station, &Actor::terminal())
}

/// [`sync`] started by `actor` (whom the introductions it records are put down to).
pub fn sync_by(db: &mut Db, client: &mut Client, station: &str, actor: &Actor) -> Result<Report> {
    let mut report = push(db, client, station)?;
    // After the push (a roster names shared profiles only) and before the pull (the pairs of
    // an event both stations confirmed come back as requests).
    let events = events::sync_events(db, client, station, actor)?;
    report.events_joined = events.joined;
    report.events_failed = events.failed;
    let (received, requests) = pull(db, client, station, actor)?;
    // For the district's `status` (a server before version 5 has no such function).
    let synced: bool = client
        .query_one(
            "SELECT to_regprocedure('public.station_synced()') IS NOT NULL",
            &[],
        )?
        .get(0);
    if synced {
        client.execute("SELECT public.station_synced()", &[])?;
        send_reports(db, client, station)?;
    }
    report.received = received.changed;
    report.removed = received.removed;
    report.refused = received.refused;
    report.requests = requests;
    Ok(report)
}

/// Sends the station's 年度工作报告 of this year and the last, and of each period the union
/// asked for (figures only, no person) for the union's combined report; each replaces what was
/// sent before for its period.
pub fn send_reports(db: &Db, client: &mut Client, station: &str) -> Result<usize> {
    let today = hongniang_core::today();
    let mut periods = unasked_periods(today);
    for period in asked_periods(client, today)? {
        if !periods.contains(&period) {
            periods.push(period);
        }
    }
    let mut tx = client.transaction()?;
    let upsert = tx.prepare(
        "INSERT INTO station_reports (station, period_from, period_to, report)
         VALUES ($1, $2, $3, $4::text::jsonb)
         ON CONFLICT (station, period_from, period_to)
         DO UPDATE SET report = excluded.report, sent_at = now()",
    )?;
    let mut sent = 0;
    for (from, to) in periods {
        let report = db.yearly_report(from, to, today)?;
        let json = serde_json::to_string(&report)
            .map_err(|e| Error(format!("年度报告写不成 JSON:{e}")))?;
        tx.execute(&upsert, &[&station, &from, &to, &json])?;
        sent += 1;
    }
    tx.commit()?;
    Ok(sent)
}

/// What every sync sends without being asked: this year's report and last year's.
fn unasked_periods(today: chrono::NaiveDate) -> Vec<(chrono::NaiveDate, chrono::NaiveDate)> {
    use chrono::Datelike;
    [today.year() - 1, today.year()]
        .into_iter()
        .filter_map(hongniang_core::yearly::year_period)
        .collect()
}

/// The most periods of the union's a station sends at each sync: the latest asked.
const ASKED_PERIODS: i64 = 12;

/// How long after its end a period asked is still sent: two years.
const ASKED_WITHIN_DAYS: i64 = 731;

/// The periods the union asked for (server version 6 on) that have begun and ended within the
/// last two years, the latest asked first.
fn asked_periods(
    client: &mut Client,
    today: chrono::NaiveDate,
) -> Result<Vec<(chrono::NaiveDate, chrono::NaiveDate)>> {
    if !has_relation(client, "public.report_periods")? {
        return Ok(Vec::new());
    }
    let since = today - chrono::TimeDelta::days(ASKED_WITHIN_DAYS);
    Ok(client
        .query(
            "SELECT period_from, period_to FROM report_periods
             WHERE period_to >= $1 AND period_from <= $2
             ORDER BY asked_at DESC LIMIT $3",
            &[&since, &today, &ASKED_PERIODS],
        )?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect())
}

fn has_relation(client: &mut Client, name: &str) -> Result<bool> {
    Ok(client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name])?
        .get(0))
}

/// The stations' reports of a period as the union reads them.
#[derive(Debug, Clone, Default)]
pub struct PeriodReports {
    /// By station, each named by its code on the server.
    pub reports: Vec<hongniang_core::yearly::YearlyReport>,
    /// Reports that did not read as one (left out).
    pub unreadable: usize,
    /// The stations in the district that have not sent this period yet: "湖滨 湖滨街道工会(上次
    /// 同步 2026-12-05 14:30)".
    pub waiting: Vec<String>,
    /// Whether the period was asked of the stations (a server before version 6 cannot be asked;
    /// this year and the last are sent unasked).
    pub asked: bool,
}

impl PeriodReports {
    /// What the union is told when no station has sent the period `from`–`to` yet.
    pub fn nothing_yet(&self, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
        let period = hongniang_core::yearly::period_text(from, to);
        if self.asked {
            format!("还没有站点送来 {period} 的工作报告:已请各站点在下次同步时送来")
        } else if unasked_periods(hongniang_core::today()).contains(&(from, to)) {
            format!("还没有站点送来 {period} 的工作报告:各站点同步时会送来")
        } else {
            format!(
                "还没有站点送来 {period} 的工作报告;全区服务器还是旧版本,不能向各站要整年以外的期间:请全区管理员运行 hongniang district server init 升级"
            )
        }
    }
}

/// The stations' reports of `from`–`to` as the union reads them (its role reads figures only),
/// by station, and the stations still to send it. A period other than this year or the last is
/// asked of the stations first (server version 6 on): each sends it at its next sync.
pub fn station_reports(
    client: &mut Client,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<PeriodReports> {
    if from > to {
        return Err(Error(format!("期间从 {from} 到 {to}:开始晚于结束")));
    }
    if (to - from).num_days() > 731 {
        return Err(Error(format!(
            "期间从 {from} 到 {to} 超过两年:请分年度查看"
        )));
    }
    let today = hongniang_core::today();
    if from > today {
        return Err(Error(format!(
            "期间从 {from} 开始,还没有到:各站还没有这一期的数字"
        )));
    }
    if to < today - chrono::TimeDelta::days(ASKED_WITHIN_DAYS) {
        return Err(Error(format!(
            "期间到 {to} 就结束了,已超过两年:各站只送两年内结束的期间(整年的报告仍可按年查看)"
        )));
    }
    let asks = has_relation(client, "public.report_periods")?;
    if asks {
        client.execute("SELECT public.ask_report_period($1, $2)", &[&from, &to])?;
    }
    let rows = client.query(
        "SELECT station, report::text FROM station_reports
         WHERE period_from = $1 AND period_to = $2 ORDER BY station",
        &[&from, &to],
    )?;
    let mut read = PeriodReports {
        asked: asks,
        ..PeriodReports::default()
    };
    for row in rows {
        let text: String = row.get(1);
        match serde_json::from_str::<hongniang_core::yearly::YearlyReport>(&text) {
            // Named by its code on the server, whatever the station calls itself.
            Ok(report) => read.reports.push(hongniang_core::yearly::YearlyReport {
                station: row.get(0),
                ..report
            }),
            Err(_) => read.unreadable += 1,
        }
    }
    if asks {
        for row in client.query(
            "SELECT code, name, to_char(last_sync, 'YYYY-MM-DD HH24:MI') FROM report_stations
             ORDER BY code",
            &[],
        )? {
            let code: String = row.get(0);
            if read.reports.iter().any(|r| r.station == code) {
                continue;
            }
            let name: String = row.get(1);
            let last: Option<String> = row.get(2);
            read.waiting.push(match last {
                Some(last) => format!("{code} {name}(上次同步 {last})"),
                None => format!("{code} {name}(还没有同步过)"),
            });
        }
    }
    Ok(read)
}

/// Sends this station's changed profiles and takes back those no longer shared, in one server
/// transaction; recorded on the station only once the server has them.
pub fn push(db: &mut Db, client: &mut Client, station: &str) -> Result<Report> {
    let stages = report_stages(db, client, station)?;
    let outgoing = db.district_outgoing(station)?;
    if outgoing.is_empty() {
        return Ok(Report {
            stages,
            ..Report::default()
        });
    }
    let mut tx = client.transaction()?;
    let upsert = tx.prepare(
        "INSERT INTO profiles (key, station, profile) VALUES ($1, $2, $3::text::jsonb)
         ON CONFLICT (key) DO UPDATE SET profile = excluded.profile",
    )?;
    for (key, json) in &outgoing.changed {
        tx.execute(&upsert, &[key, &station, json])?;
    }
    let take_back = tx.prepare("UPDATE profiles SET profile = NULL WHERE key = $1")?;
    for key in &outgoing.removed {
        tx.execute(&take_back, &[key])?;
    }
    tx.commit()?;
    db.district_sent(&outgoing)?;
    Ok(Report {
        sent: outgoing.changed.len(),
        withdrawn: outgoing.removed.len(),
        stages,
        ..Report::default()
    })
}

/// Tells the district how far this station's side of each introduction across two stations
/// went (its own column of the request only: the server refuses the other's); how many.
fn report_stages(db: &mut Db, client: &mut Client, station: &str) -> Result<usize> {
    let reports = db.district_stages_to_report()?;
    if reports.is_empty() {
        return Ok(0);
    }
    let mut tx = client.transaction()?;
    let asking = tx.prepare(
        "UPDATE requests SET from_stage = $2 WHERE id = $1 AND from_station = $3
             AND answer = 'accepted'",
    )?;
    let asked = tx.prepare(
        "UPDATE requests SET to_stage = $2 WHERE id = $1 AND to_station = $3
             AND answer = 'accepted'",
    )?;
    for report in &reports {
        let statement = if report.sent { &asking } else { &asked };
        tx.execute(
            statement,
            &[&report.request_id, &report.stage.code(), &station],
        )?;
    }
    tx.commit()?;
    db.district_stages_reported(&reports)?;
    Ok(reports.len())
}

/// Receives the other stations' profiles written since the last pull (and their removals),
/// each checked and blotted again before it is kept; then the requests. Reads from the oldest
/// transaction that may still have been running at the last pull, so nothing committed late
/// is missed; what is read twice is stored twice, the same. What was stored, and how many
/// requests were new or changed.
pub fn pull(
    db: &mut Db,
    client: &mut Client,
    station: &str,
    actor: &Actor,
) -> Result<(Received, usize)> {
    let from = db.district_pulled_from()?.unwrap_or_else(|| "0".into());
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let next: String = tx
        .query_one("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", &[])?
        .get(0);
    let rows = tx.query(
        "SELECT key, station, profile::text FROM profiles
         WHERE station <> $1 AND txid >= $2::text::xid8 ORDER BY key",
        &[&station, &from],
    )?;
    // The requests this station sent or was sent (row-level security shows no others), with
    // the 全区联谊 a pair came from on a server that has them.
    let select = if has_shared_events(&mut tx)? {
        REQUEST_SELECT.replace(" FROM requests", ", shared_event FROM requests")
    } else {
        REQUEST_SELECT.to_string()
    };
    let requests = tx
        .query(
            &format!("{select} WHERE txid >= $1::text::xid8 ORDER BY id"),
            &[&from],
        )?
        .iter()
        .map(request_row)
        .collect::<Vec<_>>();
    tx.commit()?;
    let incoming: Vec<Incoming> = rows
        .iter()
        .map(|row| Incoming {
            key: row.get(0),
            station: row.get(1),
            profile: row.get(2),
        })
        .collect();
    // The profiles first: a new request's card is read from the mirror.
    let received = db.district_received(&incoming, &next)?;
    let requests = db.district_requests_received(station, &requests, actor)?;
    Ok((received, requests))
}

const REQUEST_SELECT: &str = "SELECT id, from_station, from_key, to_station, to_key, note,
        asked_on, answer, reason, answered_on, from_stage, to_stage FROM requests";

fn request_row(row: &postgres::Row) -> RequestRow {
    let answer: Option<String> = row.get(7);
    RequestRow {
        id: row.get(0),
        from_station: row.get(1),
        from_key: row.get(2),
        to_station: row.get(3),
        to_key: row.get(4),
        note: row.get(5),
        asked_on: row.get(6),
        answer: answer.as_deref().and_then(RequestAnswer::parse),
        reason: row.get(8),
        answered_on: row.get(9),
        from_stage: stage(row, 10),
        to_stage: stage(row, 11),
        // Read from a server of version 7 on (see `pull`).
        shared_event: if row.len() > 12 { row.get(12) } else { None },
    }
}

fn stage(row: &postgres::Row, i: usize) -> Option<Stage> {
    row.get::<_, Option<String>>(i)
        .as_deref()
        .and_then(Stage::parse)
}

/// Asks the station holding `partner_key` for an introduction of this station's member
/// `member_id`: checked here ([`Db::district_request_check`]), written on the server, then
/// kept here and recorded in the 操作记录. Needs the connection: the request waits on the
/// server for the other station's volunteers.
pub fn ask(
    db: &mut Db,
    client: &mut Client,
    station: &str,
    actor: &Actor,
    member_id: i64,
    partner_key: &str,
    note: &str,
) -> Result<DistrictRequest> {
    let (member_key, partner) = db.district_request_check(station, member_id, partner_key)?;
    let note = note.trim();
    if note.chars().count() > REQUEST_TEXT_MAX {
        return Err(Error(format!("留言太长了(最多 {REQUEST_TEXT_MAX} 个字)")));
    }
    let row = client.query_one(
        &format!(
            "WITH asked AS (INSERT INTO requests (from_station, from_key, to_station, to_key, note)
                 VALUES ($1, $2, $3, $4, $5) RETURNING *)
             {} ",
            REQUEST_SELECT.replace("FROM requests", "FROM asked")
        ),
        &[&station, &member_key, &partner.station, &partner.key, &note],
    )?;
    let row = request_row(&row);
    let id = row.id;
    db.district_requests_received(station, &[row], actor)?;
    let request = db.district_request(id)?;
    db.district_request_logged(
        actor,
        id,
        &format!(
            "向{}站请求介绍:{} 与 {} {}",
            partner.station, request.member_name, partner.key, partner.surname_title
        ),
    )?;
    Ok(request)
}

/// Answers request `id` sent to this station: accepted (the member agreed to be introduced),
/// or declined with a reason; on the server first, then here and in the 操作记录.
pub fn answer(
    db: &mut Db,
    client: &mut Client,
    station: &str,
    actor: &Actor,
    id: i64,
    answer: RequestAnswer,
    reason: &str,
) -> Result<DistrictRequest> {
    let request = db.district_request(id)?;
    if request.sent {
        return Err(Error(format!(
            "这是本站发出的请求,要由{}站答复",
            request.partner_station
        )));
    }
    if request.answer.is_some() {
        return Err(Error(format!(
            "这个请求已经答复过了:{}",
            request.state_text()
        )));
    }
    let reason = reason.trim();
    if reason.chars().count() > REQUEST_TEXT_MAX {
        return Err(Error(format!("理由太长了(最多 {REQUEST_TEXT_MAX} 个字)")));
    }
    let row = client.query_opt(
        &format!(
            "WITH answered AS (UPDATE requests SET answer = $2, reason = $3,
                 answered_on = current_date
                 WHERE id = $1 AND to_station = $4 AND answer IS NULL RETURNING *)
             {}",
            REQUEST_SELECT.replace("FROM requests", "FROM answered")
        ),
        &[&id, &answer.code(), &reason, &station],
    )?;
    let Some(row) = row else {
        return Err(Error(
            "全区服务器上这个请求已经答复过了,或已不在:请先同步再看".into(),
        ));
    };
    db.district_requests_received(station, &[request_row(&row)], actor)?;
    let request = db.district_request(id)?;
    db.district_request_logged(
        actor,
        id,
        &format!(
            "答复{}站的介绍请求({} 与 {}):{}",
            request.partner_station,
            request.member_name,
            request.partner_key,
            request.state_text()
        ),
    )?;
    Ok(request)
}

/// The district's figures, per station (as the district union's role, which reads them and
/// nothing else).
pub fn figures(client: &mut Client) -> Result<Vec<StationFigures>> {
    let rows = client.query(
        "SELECT station, name, shared, requests_sent, requests_received, introductions,
                marriages
         FROM district_figures ORDER BY station",
        &[],
    )?;
    let count = |row: &postgres::Row, i: usize| u64::try_from(row.get::<_, i64>(i)).unwrap_or(0);
    Ok(rows
        .iter()
        .map(|row| StationFigures {
            station: row.get(0),
            name: row.get(1),
            shared: count(row, 2),
            requests_sent: count(row, 3),
            requests_received: count(row, 4),
            introductions: count(row, 5),
            marriages: count(row, 6),
        })
        .collect())
}
