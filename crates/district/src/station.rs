//! The station's side of the connection: its settings (in the station's database), its password
//! (in a file only the PC's user can read, never on the command line or in the database), TLS,
//! and one whole sync as the GUI's button and `hongniang district sync` run it.

use super::{Error, Report, Result};
use hongniang_core::district::DistrictSettings;
use hongniang_core::{Actor, Db};
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};
use postgres_openssl::MakeTlsConnector;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the station's password for the district lives: `HONGNIANG_DISTRICT_PASSWORD_FILE`,
/// else the user's own configuration folder (`~/.config/hongniang/` on Linux,
/// `%APPDATA%\hongniang\` on Windows), one file per station code.
pub fn password_file(station: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HONGNIANG_DISTRICT_PASSWORD_FILE") {
        return Some(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("", "", "hongniang")?;
    Some(
        dirs.config_dir()
            .join(format!("district-{station}.password")),
    )
}

/// Keeps `password` in `path`, readable and writable by the PC's user only; an empty password
/// removes the file (a server that asks none).
pub fn save_password(path: &Path, password: &str) -> Result<()> {
    let words = |e: std::io::Error| Error(format!("密码文件 {} 写不进去:{e}", path.display()));
    if password.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(words(e)),
            _ => Ok(()),
        };
    }
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(words)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(words)?;
    #[cfg(unix)]
    {
        // An older file keeps its mode on open: narrowed here too.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(words)?;
    }
    use std::io::Write;
    file.write_all(password.as_bytes()).map_err(words)?;
    file.sync_all().map_err(words)
}

/// The password kept in `path` (`None` when there is no file). Refused when others than the
/// PC's user could read it, as ssh does with a key.
pub fn read_password(path: &Path) -> Result<Option<String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error(format!("密码文件 {} 读不出来:{e}", path.display()))),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| Error(format!("密码文件 {} 读不出来:{e}", path.display())))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(Error(format!(
                "密码文件 {} 别的用户也能读,不安全,没有使用。请改为只有本用户可读(chmod 600),或在设置里重新输入密码",
                path.display()
            )));
        }
    }
    Ok(Some(text.trim_end_matches(['\r', '\n']).to_string()))
}

/// Reads a connection string and refuses what must not be in it (a password).
pub fn parse_server(server: &str) -> Result<Config> {
    let config: Config = server.trim().parse().map_err(|e| {
        Error(format!(
            "服务器地址“{server}”看不懂({e});请写成 host=10.0.0.5 port=5432 dbname=district user=hubin"
        ))
    })?;
    if config.get_password().is_some() {
        return Err(Error(
            "服务器地址里不能写密码(别人会看到);密码请在提示时输入,程序存在只有本用户可读的文件里"
                .into(),
        ));
    }
    if config.get_user().is_none() {
        return Err(Error("服务器地址里要写本站的用户名,例如 user=hubin".into()));
    }
    Ok(config)
}

/// Connects as the station, encrypted unless the server string says `sslmode=disable`: with
/// the district's certificate file the server's certificate and name are checked.
pub fn open(settings: &DistrictSettings, password: Option<&str>) -> Result<Client> {
    let mut config = parse_server(&settings.server)?;
    if let Some(password) = password {
        config.password(password);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    if config.get_ssl_mode() == SslMode::Disable {
        return Ok(config.connect(NoTls)?);
    }
    let tls = |e: openssl::error::ErrorStack| Error(format!("加密连接准备不了:{e}"));
    let mut builder = SslConnector::builder(SslMethod::tls()).map_err(tls)?;
    let ca = settings.ca_file.trim();
    if ca.is_empty() {
        builder.set_verify(SslVerifyMode::NONE);
    } else {
        builder.set_ca_file(ca).map_err(|e| {
            Error(format!(
                "全区的证书文件 {ca} 用不了({e});请向全区管理员要 .pem 证书文件"
            ))
        })?;
    }
    let mut connector = MakeTlsConnector::new(builder.build());
    if ca.is_empty() {
        connector.set_callback(|connect, _| {
            connect.set_verify_hostname(false);
            Ok(())
        });
    }
    Ok(config.connect(connector)?)
}

/// The station's settings, or why it cannot sync.
pub fn settings(db: &Db) -> Result<DistrictSettings> {
    db.district_settings()?.ok_or_else(|| {
        Error("本站还没有加入全区共享:请先在 设置 → 全区共享 里填写服务器和站点代码".into())
    })
}

/// The station's password, from its file.
pub fn password(settings: &DistrictSettings) -> Result<Option<String>> {
    match password_file(&settings.station) {
        Some(path) => read_password(&path),
        None => Ok(None),
    }
}

/// One whole sync, as a volunteer starts it: the settings and password, the connection, the
/// sync, and its record in the 操作记录.
pub fn sync_station(db: &mut Db, actor: &Actor) -> Result<Report> {
    let (mut client, station) = connect_station(db)?;
    sync_over(db, &mut client, &station, actor)
}

/// The same with the settings and password given.
pub fn sync_as(
    db: &mut Db,
    actor: &Actor,
    settings: &DistrictSettings,
    password: Option<&str>,
) -> Result<Report> {
    let mut client = open(settings, password)?;
    sync_over(db, &mut client, &settings.station, actor)
}

fn sync_over(db: &mut Db, client: &mut Client, station: &str, actor: &Actor) -> Result<Report> {
    let report = super::sync_by(db, client, station, actor)?;
    db.district_synced(actor, &report.describe(), report != Report::default())?;
    Ok(report)
}

impl Report {
    /// "发出 3 份、收回 1 份;收到 20 份、移除 2 份".
    pub fn describe(&self) -> String {
        if *self == Report::default() {
            return "双方都没有新的变化".into();
        }
        let mut text = format!(
            "发出 {} 份、收回 {} 份;收到其他站 {} 份、移除 {} 份",
            self.sent, self.withdrawn, self.received, self.removed
        );
        if self.requests > 0 {
            text.push_str(&format!(";介绍请求有 {} 条新消息", self.requests));
        }
        if self.stages > 0 {
            text.push_str(&format!(";告知全区 {} 条跨站牵线的进展", self.stages));
        }
        text
    }
}

/// The connection as the station, from its settings and password.
pub fn connect_station(db: &Db) -> Result<(Client, String)> {
    let settings = settings(db)?;
    let password = password(&settings)?;
    Ok((open(&settings, password.as_deref())?, settings.station))
}

/// [`super::ask`] over the station's own connection.
pub fn ask_station(
    db: &mut Db,
    actor: &Actor,
    member_id: i64,
    partner_key: &str,
    note: &str,
) -> Result<hongniang_core::district::DistrictRequest> {
    let (mut client, station) = connect_station(db)?;
    super::ask(
        db,
        &mut client,
        &station,
        actor,
        member_id,
        partner_key,
        note,
    )
}

/// [`super::answer`] over the station's own connection.
pub fn answer_station(
    db: &mut Db,
    actor: &Actor,
    id: i64,
    answer: hongniang_core::district::RequestAnswer,
    reason: &str,
) -> Result<hongniang_core::district::DistrictRequest> {
    let (mut client, station) = connect_station(db)?;
    super::answer(db, &mut client, &station, actor, id, answer, reason)
}
