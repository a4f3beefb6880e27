//! 红娘工作台's district pool (全区共享): each station's consented profiles shared with the
//! district's other stations through a PostgreSQL server, and theirs kept in a read-only
//! mirror on the station's PC. The station works without it; a sync is incremental (only what
//! changed since the last), idempotent and safe to cut off at any point: the server commits a
//! push in one transaction before the station records it, and the station stores a pull in one
//! transaction with where the next one starts.
//!
//! The server's schema is in `sql/` (applied by [`migrate`]); its row-level security lets a
//! station write only its own rows.

use hongniang_core::Db;
use hongniang_core::district::Incoming;
use postgres::{Client, NoTls};

pub mod station;

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
                "全区服务器不允许本站这样做(只能改本站自己的资料):{}",
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
const MIGRATIONS: &[&str] = &[include_str!("../sql/v1.sql")];

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
    for script in MIGRATIONS.iter().skip(done) {
        tx.batch_execute(script)?;
    }
    tx.execute("DELETE FROM district_schema", &[])?;
    let now = i32::try_from(MIGRATIONS.len()).unwrap_or(i32::MAX);
    tx.execute("INSERT INTO district_schema (version) VALUES ($1)", &[&now])?;
    tx.commit()?;
    Ok(MIGRATIONS.len())
}

/// Adds a station (as the administrator): its code, name, and the login role it connects as,
/// member of `hn_station`. The role's password is set apart, never here.
pub fn add_station(admin: &mut Client, code: &str, name: &str, role: &str) -> Result<()> {
    let mut tx = admin.transaction()?;
    let exists = tx
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role])?
        .is_some();
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
    tx.commit()?;
    Ok(())
}

fn quote_identifier(name: &str) -> String {
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
}

/// One sync of `db` (station `station`) with the district: sends what changed, then receives
/// what the other stations changed since the last sync.
pub fn sync(db: &mut Db, client: &mut Client, station: &str) -> Result<Report> {
    let mut report = push(db, client, station)?;
    let (received, removed) = pull(db, client, station)?;
    report.received = received;
    report.removed = removed;
    Ok(report)
}

/// Sends this station's changed profiles and takes back those no longer shared, in one server
/// transaction; recorded on the station only once the server has them.
pub fn push(db: &mut Db, client: &mut Client, station: &str) -> Result<Report> {
    let outgoing = db.district_outgoing(station)?;
    if outgoing.is_empty() {
        return Ok(Report::default());
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
        ..Report::default()
    })
}

/// Receives the other stations' profiles written since the last pull (and their removals).
/// Reads from the oldest transaction that may still have been running at the last pull, so
/// nothing committed late is missed; what is read twice is stored twice, the same.
pub fn pull(db: &mut Db, client: &mut Client, station: &str) -> Result<(usize, usize)> {
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
    tx.commit()?;
    let incoming: Vec<Incoming> = rows
        .iter()
        .map(|row| Incoming {
            key: row.get(0),
            station: row.get(1),
            profile: row.get(2),
        })
        .collect();
    Ok(db.district_received(&incoming, &next)?)
}
