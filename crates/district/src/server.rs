//! The district's server kept by the program (`hongniang district server …`), for its
//! administrator, connected as the database's owner: the schema made or upgraded ([`init`]),
//! a station added with a generated password shown once ([`add_station`]), its password
//! rotated ([`passwd`]), a station taken out with its history kept ([`remove_station`]), the
//! union's figures-only login ([`add_union`]), and what is there ([`status`]). Each step runs
//! in one transaction and refuses in words what it cannot do.

use super::{Error, MIGRATIONS, Result, check_locked, quote_identifier};
use hongniang_core::district::DistrictSettings;
pub use postgres::Client;
use serde::Serialize;

/// Whether `server` names this computer (a socket, localhost, 127.0.0.1 or ::1): only there
/// may the administrator connect without TLS.
pub fn on_this_computer(server: &str) -> Result<bool> {
    use postgres::config::Host;
    let config: postgres::Config = server
        .parse()
        .map_err(|e| Error(format!("服务器“{server}”看不懂:{e}")))?;
    let hosts = config.get_hosts();
    // A hostaddr is where the connection really goes, whatever the host says.
    let addresses_local = config
        .get_hostaddrs()
        .iter()
        .all(|address| address.is_loopback());
    Ok(!hosts.is_empty()
        && addresses_local
        && hosts.iter().all(|h| match h {
            Host::Tcp(name) => ["127.0.0.1", "localhost", "::1"].contains(&name.as_str()),
            #[cfg(unix)]
            Host::Unix(_) => true,
        }))
}

/// Connects as the server's administrator: over TLS checked against the district's
/// certificate (`ca`), or without it only on the server itself. The password (empty: none)
/// never in `server`.
pub fn connect_admin(server: &str, ca: Option<&str>, password: &str) -> Result<Client> {
    if server.contains("password") {
        return Err(Error(
            "服务器的写法里不要放密码(会留在命令记录里):密码在提示时输入,或用 HONGNIANG_DISTRICT_PASSWORD"
                .into(),
        ));
    }
    let password = (!password.is_empty()).then_some(password);
    match ca {
        Some(ca) => {
            let settings = DistrictSettings {
                station: String::new(),
                server: server.to_string(),
                ca_file: ca.to_string(),
            };
            super::station::open(&settings, password)
        }
        None if on_this_computer(server)? => {
            let mut config: postgres::Config = server
                .parse()
                .map_err(|e| Error(format!("服务器“{server}”看不懂:{e}")))?;
            if let Some(password) = password {
                config.password(password);
            }
            Ok(config.connect(postgres::NoTls)?)
        }
        None => Err(Error(
            "从别的电脑管理全区服务器要加密:请用 --ca 给出全区的证书文件(.pem);在服务器本机上可以不用"
                .into(),
        )),
    }
}

/// Characters of a generated password: letters and digits that cannot be read as another
/// (no 0/O, 1/l/I) when it is read out on the phone or copied from paper.
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Length of a generated password: about 116 bits.
const PASSWORD_CHARS: usize = 20;

/// A new random password (from the operating system's generator, through OpenSSL).
pub fn generate_password() -> Result<String> {
    let mut bytes = [0u8; PASSWORD_CHARS * 2];
    openssl::rand::rand_bytes(&mut bytes).map_err(|e| Error(format!("生成密码失败:{e}")))?;
    // Two bytes a character, so the choice among the alphabet is even to within 1/1000.
    Ok(bytes
        .chunks(2)
        .map(|pair| {
            let n = usize::from(u16::from_le_bytes([pair[0], pair[1]]));
            char::from(ALPHABET[n % ALPHABET.len()])
        })
        .collect())
}

/// A string as an SQL literal (`ALTER ROLE … PASSWORD` takes no parameter).
fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The password as PostgreSQL keeps it (a SCRAM-SHA-256 verifier, made here): the password
/// itself never reaches the server, its log or its statistics.
fn verifier(password: &str) -> String {
    quote_literal(&postgres_protocol::password::scram_sha_256(
        password.as_bytes(),
    ))
}

/// The longest role name PostgreSQL keeps whole (NAMEDATALEN − 1), in bytes.
const MAX_ROLE_BYTES: usize = 63;

/// The login role of a station: `hn_s_` and its code.
pub fn station_role(code: &str) -> String {
    format!("hn_s_{code}")
}

/// The login role of a union: `hn_u_` and its name.
pub fn union_role(name: &str) -> String {
    format!("hn_u_{name}")
}

/// What [`init`] did: the schema version before and now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Initialised {
    pub before: usize,
    pub now: usize,
}

fn version(client: &mut Client) -> Result<Option<usize>> {
    let made: bool = client
        .query_one(
            "SELECT to_regclass('public.district_schema') IS NOT NULL",
            &[],
        )?
        .get(0);
    if !made {
        return Ok(None);
    }
    Ok(client
        .query_opt("SELECT version FROM district_schema", &[])?
        .and_then(|row| usize::try_from(row.get::<_, i32>(0)).ok()))
}

/// Makes the schema on an empty database or upgrades it to this program's version, in one
/// transaction; again, nothing changes. A server newer than the program is refused.
pub fn init(admin: &mut Client) -> Result<Initialised> {
    let before = version(admin)?.unwrap_or(0);
    let now = super::migrate(admin)?;
    Ok(Initialised { before, now })
}

fn require_current(client: &mut Client) -> Result<()> {
    match version(client)? {
        Some(v) if v == MIGRATIONS.len() => Ok(()),
        Some(v) => Err(Error(format!(
            "全区服务器的结构是第 {v} 版,这个程序是第 {} 版:请先运行 hongniang district server init",
            MIGRATIONS.len()
        ))),
        None => Err(Error(
            "这个数据库还不是全区服务器:请先运行 hongniang district server init".into(),
        )),
    }
}

/// A station's row: whether it exists and is taken out.
fn station_state(client: &mut Client, code: &str) -> Result<Option<(String, bool)>> {
    Ok(client
        .query_opt(
            "SELECT role::text, removed_at IS NOT NULL FROM stations WHERE code = $1",
            &[&code],
        )?
        .map(|row| (row.get(0), row.get(1))))
}

/// Adds station `code` named `name`: its login role (a member of `hn_station`, creating
/// nothing), a generated password (returned, to be shown once) and its row. Refused for a
/// code already there.
pub fn add_station(admin: &mut Client, code: &str, name: &str) -> Result<String> {
    require_current(admin)?;
    let code = code.trim();
    let name = name.trim();
    if code.is_empty() || code.chars().count() > 16 || code.contains(['-', ' ']) {
        return Err(Error(format!(
            "站点代码“{code}”不行:1 到 16 个字,不能有“-”或空格(它会写在会员编号前面,如 湖滨-2026-0011)"
        )));
    }
    if name.is_empty() {
        return Err(Error("请写上站点的名称,如 湖滨街道工会".into()));
    }
    if let Some((_, removed)) = station_state(admin, code)? {
        return Err(Error(if removed {
            format!("站点 {code} 以前退出过,它的历史还在:请换一个代码")
        } else {
            format!("站点 {code} 已经有了;要换它的密码请用 passwd")
        }));
    }
    let role = station_role(code);
    let password = generate_password()?;
    super::add_station(admin, code, name, &role)?;
    admin.batch_execute(&format!(
        "ALTER ROLE {} LOGIN PASSWORD {}",
        quote_identifier(&role),
        verifier(&password)
    ))?;
    Ok(password)
}

/// A new generated password for station `code` (returned, to be shown once); the old one no
/// longer works, and the station is told so in words at its next sync.
pub fn passwd(admin: &mut Client, code: &str) -> Result<String> {
    require_current(admin)?;
    let Some((role, removed)) = station_state(admin, code.trim())? else {
        return Err(Error(format!("没有站点 {}", code.trim())));
    };
    if removed {
        return Err(Error(format!("站点 {} 已经退出了全区共享", code.trim())));
    }
    let password = generate_password()?;
    // LOGIN too: a station whose adding stopped between its row and its password is set
    // right by a new password.
    admin.batch_execute(&format!(
        "ALTER ROLE {} LOGIN PASSWORD {}",
        quote_identifier(&role),
        verifier(&password)
    ))?;
    Ok(password)
}

/// What taking a station out did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// Its profiles withdrawn from the pool (the others remove them at their next sync).
    pub profiles: u64,
    /// Open requests from or to it, closed as declined.
    pub requests: u64,
}

/// Takes station `code` out, in one transaction: its profiles withdrawn, its open requests
/// declined (站点已退出全区共享), its role unable to log in; its row and its requests' history
/// stay, so the figures keep what it did.
pub fn remove_station(admin: &mut Client, code: &str) -> Result<Removed> {
    require_current(admin)?;
    let code = code.trim();
    let Some((role, removed)) = station_state(admin, code)? else {
        return Err(Error(format!("没有站点 {code}")));
    };
    if removed {
        return Err(Error(format!("站点 {code} 已经退出了全区共享")));
    }
    let mut tx = admin.transaction()?;
    let profiles = tx.execute(
        "UPDATE profiles SET profile = NULL WHERE station = $1 AND profile IS NOT NULL",
        &[&code],
    )?;
    let requests = tx.execute(
        "UPDATE requests SET answer = 'declined', reason = '对方站点已退出全区共享',
                answered_on = current_date
         WHERE answer IS NULL AND (from_station = $1 OR to_station = $1)",
        &[&code],
    )?;
    let quoted = quote_identifier(&role);
    tx.batch_execute(&format!(
        "REVOKE hn_station FROM {quoted}; ALTER ROLE {quoted} NOLOGIN PASSWORD NULL;"
    ))?;
    tx.execute(
        "UPDATE stations SET removed_at = now() WHERE code = $1",
        &[&code],
    )?;
    tx.commit()?;
    Ok(Removed { profiles, requests })
}

/// Adds the union's login `name` (a member of `hn_union`: it reads the district's figures and
/// nothing else); its role and generated password (shown once).
pub fn add_union(admin: &mut Client, name: &str) -> Result<(String, String)> {
    require_current(admin)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 20 || name.contains(' ') {
        return Err(Error(format!(
            "工会的名字“{name}”不行:1 到 20 个字,不能有空格(如 上城区总工会)"
        )));
    }
    let role = union_role(name);
    if role.len() > MAX_ROLE_BYTES {
        return Err(Error(format!(
            "工会的名字“{name}”太长了:登录名最多 {MAX_ROLE_BYTES} 个字节(约 {} 个汉字),请写短一点,如 上城区总工会",
            (MAX_ROLE_BYTES - 5) / 3
        )));
    }
    let (taken, role_exists, unfit): (bool, bool, bool) = {
        let row = admin.query_one(
            "SELECT EXISTS (SELECT 1 FROM unions WHERE name = $1),
                    EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2),
                    EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = $2
                        AND (r.rolsuper OR r.rolbypassrls
                             OR pg_has_role(r.oid, 'hn_station', 'MEMBER')))",
            &[&name, &role],
        )?;
        (row.get(0), row.get(1), row.get(2))
    };
    if taken {
        return Err(Error(format!("工会的登录 {name} 已经有了")));
    }
    if unfit {
        return Err(Error(format!(
            "服务器上已有角色 {role},它是超级用户、不受行级安全限制或是站点的角色,不能给工会用:请换一个名字"
        )));
    }
    let password = generate_password()?;
    let quoted = quote_identifier(&role);
    let mut tx = admin.transaction()?;
    let database: String = tx.query_one("SELECT current_database()::text", &[])?.get(0);
    // Roles are the cluster's: one left by another district's database on it is taken over
    // (with the new password).
    let create = if role_exists {
        format!(
            "ALTER ROLE {quoted} LOGIN PASSWORD {}",
            quote_literal(&password)
        )
    } else {
        format!(
            "CREATE ROLE {quoted} LOGIN PASSWORD {}",
            quote_literal(&password)
        )
    };
    tx.batch_execute(&format!(
        "{create};
         GRANT hn_union TO {quoted};
         REVOKE CREATE, TEMPORARY ON DATABASE {} FROM {quoted};",
        quote_identifier(&database)
    ))?;
    tx.execute(
        "INSERT INTO unions (name, role) VALUES ($1, $2)",
        &[&name, &role],
    )?;
    check_locked(&mut tx)?;
    tx.commit()?;
    Ok((role, password))
}

/// One station as `status` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StationStatus {
    pub code: String,
    pub name: String,
    pub role: String,
    /// Its members in the pool now.
    pub shared: u64,
    /// "2026-12-07 09:30", or none yet.
    pub last_sync: Option<String>,
    pub removed: Option<String>,
}

/// The server as `status` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub version: usize,
    /// This program's version of the schema.
    pub program_version: usize,
    pub stations: Vec<StationStatus>,
    /// The union logins (name, role).
    pub unions: Vec<(String, String)>,
}

/// The schema version, each station with its members shared and last sync, the union logins.
pub fn status(admin: &mut Client) -> Result<Status> {
    let version = version(admin)?.ok_or_else(|| {
        Error("这个数据库还不是全区服务器:请先运行 hongniang district server init".into())
    })?;
    if version < MIGRATIONS.len() {
        return Err(Error(format!(
            "全区服务器的结构是第 {version} 版,这个程序是第 {} 版:请先运行 hongniang district server init 升级",
            MIGRATIONS.len()
        )));
    }
    let stations = admin
        .query(
            "SELECT s.code, s.name, s.role::text,
                (SELECT count(*) FROM profiles p WHERE p.station = s.code
                    AND p.profile IS NOT NULL),
                to_char(s.last_sync AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                to_char(s.removed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
             FROM stations s ORDER BY s.removed_at IS NOT NULL, s.code",
            &[],
        )?
        .iter()
        .map(|row| StationStatus {
            code: row.get(0),
            name: row.get(1),
            role: row.get(2),
            shared: u64::try_from(row.get::<_, i64>(3)).unwrap_or(0),
            last_sync: row.get(4),
            removed: row.get(5),
        })
        .collect();
    let unions = admin
        .query("SELECT name, role::text FROM unions ORDER BY name", &[])?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    Ok(Status {
        version,
        program_version: MIGRATIONS.len(),
        stations,
        unions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_computer_goes_without_tls() {
        assert!(on_this_computer("host=127.0.0.1 dbname=district user=postgres").unwrap());
        assert!(on_this_computer("host=localhost user=postgres").unwrap());
        assert!(!on_this_computer("host=10.0.0.5 user=postgres").unwrap());
        // A hostaddr is where it really goes.
        assert!(!on_this_computer("host=localhost hostaddr=203.0.113.5 user=postgres").unwrap());
    }

    #[test]
    fn generated_passwords_are_long_and_plain_to_read() {
        let a = generate_password().unwrap();
        let b = generate_password().unwrap();
        assert_eq!(a.chars().count(), 20);
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() && !"0O1lI".contains(c))
        );
        assert!(verifier(&a).starts_with("'SCRAM-SHA-256$"));
    }
}
