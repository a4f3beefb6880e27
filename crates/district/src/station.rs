//! The station's side of the connection: its settings (in the station's database), its password
//! (in the system's keyring — Windows' Credential Manager, the Secret Service on Linux — or,
//! where there is none, in a file only the PC's user can read; never on the command line or in
//! the database), TLS, and one whole sync as the GUI's button and `hongniang district sync` run
//! it.

use super::{Error, Report, Result};
use hongniang_core::district::DistrictSettings;
use hongniang_core::{Actor, Db};
use openssl::ssl::{SslConnector, SslMethod};
use postgres::config::SslMode;
use postgres::{Client, Config};
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

/// The keyring's service name; the account is the station's code.
const KEYRING_SERVICE: &str = "hongniang-district";

/// Where a station's password is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// In the system's keyring.
    Keyring,
    /// In the user's own file (readable by them alone), and why not in the keyring.
    File { path: PathBuf, why: String },
    /// No password is kept (a server that asks none, or none typed yet).
    Nowhere { why: Option<String> },
}

impl Kept {
    /// Where, in words for 设置 and the command line.
    pub fn words(&self) -> String {
        match self {
            Kept::Keyring => format!("密码存在{}里", keyring_name()),
            Kept::File { path, why } => format!(
                "密码存在 {}(只有本用户可读);没有用{}:{why}",
                path.display(),
                keyring_name()
            ),
            Kept::Nowhere { why: None } => "还没有保存密码".to_string(),
            Kept::Nowhere { why: Some(why) } => format!(
                "{}打不开,本用户的文件里也没有密码:{why}。若以前存进过{},请先让它能打开;否则请重新输入密码",
                keyring_name(),
                keyring_name()
            ),
        }
    }
}

/// The system's keyring by the name its users know.
pub fn keyring_name() -> &'static str {
    if cfg!(windows) {
        "Windows 凭据管理器"
    } else {
        "系统钥匙串(Secret Service)"
    }
}

/// The keyring's entry for `station`, or why it is not used: `HONGNIANG_KEYRING=off`, or a
/// password file named by `HONGNIANG_DISTRICT_PASSWORD_FILE` (the file is then the one place).
fn keyring_entry(station: &str) -> std::result::Result<keyring::Entry, String> {
    if std::env::var_os("HONGNIANG_DISTRICT_PASSWORD_FILE").is_some() {
        return Err("已指定密码文件(HONGNIANG_DISTRICT_PASSWORD_FILE)".into());
    }
    if std::env::var("HONGNIANG_KEYRING").is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
        return Err("已关闭(HONGNIANG_KEYRING=off)".into());
    }
    keyring::Entry::new(KEYRING_SERVICE, station).map_err(|e| keyring_words(&e))
}

/// Why the keyring did not answer, in words.
fn keyring_words(error: &keyring::Error) -> String {
    match error {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            format!("这台电脑的钥匙串打不开({error})")
        }
        other => other.to_string(),
    }
}

/// Puts `password` in the keyring and reads it back: `Err(why)` unless it is there.
fn into_keyring(station: &str, password: &str) -> std::result::Result<(), String> {
    let entry = keyring_entry(station)?;
    entry
        .set_password(password)
        .map_err(|e| keyring_words(&e))?;
    match entry.get_password() {
        Ok(kept) if kept == password => Ok(()),
        Ok(_) => Err("存进去的密码读回来不一样".into()),
        Err(e) => Err(keyring_words(&e)),
    }
}

/// Keeps the station's password: in the keyring where the system has one (the file, if an
/// earlier version or a keyring away left one, then removed), else in the user's own file.
/// An empty password removes it from both.
pub fn keep_password(station: &str, password: &str) -> Result<Kept> {
    let file = password_file(station)
        .ok_or_else(|| Error("找不到本用户的设置文件夹,密码没有地方存".into()))?;
    if password.is_empty() {
        if let Ok(entry) = keyring_entry(station) {
            match entry.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(e) => return Err(Error(format!("钥匙串里的密码删不掉:{}", keyring_words(&e)))),
            }
        }
        save_password(&file, "")?;
        return Ok(Kept::Nowhere { why: None });
    }
    match into_keyring(station, password) {
        Ok(()) => {
            save_password(&file, "")?;
            Ok(Kept::Keyring)
        }
        Err(why) => {
            // The file is newer than anything left in the keyring: it is what is read first.
            save_password(&file, password)?;
            Ok(Kept::File { path: file, why })
        }
    }
}

/// The station's password and where it is kept. A password in the file is the newest (a
/// password kept in the keyring removes the file; one kept while the keyring was away or off
/// writes it): while the keyring answers it is moved there and the file removed, so a station
/// set up before the keyring, or while it was away, keeps connecting. Else the keyring's.
pub fn station_password(station: &str) -> Result<(Option<String>, Kept)> {
    let file = password_file(station);
    let in_file = match &file {
        Some(path) => read_password(path)?,
        None => None,
    };
    let entry = match keyring_entry(station) {
        Ok(entry) => entry,
        Err(why) => {
            return Ok(match (in_file, file) {
                (Some(password), Some(path)) => (Some(password), Kept::File { path, why }),
                _ => (None, Kept::Nowhere { why: Some(why) }),
            });
        }
    };
    if let (Some(password), Some(path)) = (in_file, file) {
        return Ok(match into_keyring(station, &password) {
            Ok(()) => {
                save_password(&path, "")?;
                (Some(password), Kept::Keyring)
            }
            Err(why) => (Some(password), Kept::File { path, why }),
        });
    }
    match entry.get_password() {
        Ok(password) => Ok((Some(password), Kept::Keyring)),
        Err(keyring::Error::NoEntry) => Ok((None, Kept::Nowhere { why: None })),
        Err(e) => Ok((
            None,
            Kept::Nowhere {
                why: Some(keyring_words(&e)),
            },
        )),
    }
}

/// Reads a connection string as a volunteer types it (设置 → 全区共享, `district setup`,
/// 全区统计) and refuses, before any connection, what must not be in it: a password, or an
/// `sslmode` other than `verify-full` (the connection is always encrypted and the server's
/// certificate and name checked: [`open`]).
pub fn parse_server(server: &str) -> Result<Config> {
    parse(server, false)
}

/// [`parse_server`] for a server string saved by an earlier version, whose examples said
/// `sslmode=require`: taken as `verify-full` (what [`open`] does anyway), so that a station
/// that joined then keeps syncing; any other mode is refused as in [`parse_server`].
fn parse_saved(server: &str) -> Result<Config> {
    parse(server, true)
}

fn parse(server: &str, saved: bool) -> Result<Config> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Error(format!(
            "服务器地址“{server}”看不懂({e});请写成 host=10.0.0.5 port=5432 dbname=district user=hubin"
        ))
    };
    let (modes, rest) =
        without_sslmode(server.trim()).ok_or_else(|| unreadable(&"引号没有配对"))?;
    for mode in &modes {
        match mode.as_str() {
            "verify-full" => {}
            "require" if saved => {}
            "disable" | "allow" | "prefer" | "require" | "verify-ca" => {
                return Err(Error(format!(
                    "服务器地址里的 sslmode={mode} 不够安全:连接可能不加密,或不核对对方是不是全区服务器,密码可能被人截获。\
                     请删掉“sslmode={mode}”(程序总是加密,并用全区证书核对服务器),或改成 sslmode=verify-full"
                )));
            }
            other => {
                return Err(Error(format!(
                    "服务器地址里的 sslmode={other} 看不懂:请删掉这一项(程序总是加密,并用全区证书核对服务器)"
                )));
            }
        }
    }
    let config: Config = rest.parse().map_err(|e| unreadable(&e))?;
    if config.get_password().is_some() {
        return Err(Error(
            "服务器地址里不能写密码(别人会看到);密码请在提示时输入,程序存在只有本用户可读的文件里"
                .into(),
        ));
    }
    if config.get_user().is_none() {
        return Err(Error("服务器地址里要写本站的用户名,例如 user=hubin".into()));
    }
    if config
        .get_hosts()
        .iter()
        .any(|host| !matches!(host, postgres::config::Host::Tcp(_)))
    {
        return Err(Error(
            "服务器地址里的 host 要写全区服务器的网络地址(如 host=10.0.0.5),不能写本机的文件夹"
                .into(),
        ));
    }
    Ok(config)
}

/// The `sslmode` values of a connection string (key=value words as libpq reads them, or a
/// `postgresql://` address with `?sslmode=`), and the string without them: the postgres crate
/// knows no `verify-full`, and treats an absent mode as `prefer`. `None` when a quote is not
/// closed.
fn without_sslmode(server: &str) -> Option<(Vec<String>, String)> {
    let mut modes = Vec::new();
    if server.starts_with("postgres://") || server.starts_with("postgresql://") {
        let Some((address, query)) = server.split_once('?') else {
            return Some((modes, server.to_string()));
        };
        let mut kept = Vec::new();
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some((key, value)) if key.eq_ignore_ascii_case("sslmode") => {
                    modes.push(value.to_ascii_lowercase())
                }
                _ => kept.push(pair),
            }
        }
        let rest = if kept.is_empty() {
            address.to_string()
        } else {
            format!("{address}?{}", kept.join("&"))
        };
        return Some((modes, rest));
    }
    // key = value, the value maybe in single quotes, \ escaping the next character.
    let chars: Vec<char> = server.chars().collect();
    let mut rest = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] != '=' && !chars[i].is_whitespace() {
            i += 1;
        }
        let key: String = chars[start..i].iter().collect();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if chars.get(i) != Some(&'=') {
            // Not a key=value word: left for the parser to say so.
            rest.push_str(&chars[start..].iter().collect::<String>());
            break;
        }
        i += 1;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if chars.get(i) == Some(&'\'') {
            i += 1;
            loop {
                match chars.get(i) {
                    None => return None,
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some('\\') => {
                        value.extend(chars.get(i + 1));
                        i += 2;
                    }
                    Some(&c) => {
                        value.push(c);
                        i += 1;
                    }
                }
            }
        } else {
            while i < chars.len() && !chars[i].is_whitespace() {
                if chars[i] == '\\' {
                    i += 1;
                }
                value.extend(chars.get(i));
                i += 1;
            }
        }
        if key == "sslmode" {
            modes.push(value.to_ascii_lowercase());
        } else {
            if !rest.is_empty() {
                rest.push(' ');
            }
            rest.push_str(&chars[start..i.min(chars.len())].iter().collect::<String>());
        }
    }
    Some((modes, rest))
}

/// Connects as the station (or the district union): always encrypted, the server's
/// certificate checked against the district's certificate file and its name against the
/// address (verify-full), and a server that declines TLS refused before the password is sent.
/// Without the certificate file there is no connection.
pub fn open(settings: &DistrictSettings, password: Option<&str>) -> Result<Client> {
    let mut config = parse_saved(&settings.server)?;
    let ca = settings.ca_file.trim();
    if ca.is_empty() {
        return Err(Error(NO_CERTIFICATE.into()));
    }
    if let Some(password) = password {
        config.password(password);
    }
    let reach = config
        .get_connect_timeout()
        .copied()
        .unwrap_or(Duration::from_secs(10));
    config.connect_timeout(reach);
    // The connect timeout covers reaching the server, not what follows; the whole connection
    // (TLS, the password) gets twice as long before it is given up on.
    let deadline = reach.saturating_mul(2);
    // A network that dies under a sync: unanswered data gives up after a minute (Linux), an
    // idle connection is probed after 30 seconds; a statement the server does not finish in two
    // minutes (waiting on a lock, or hung) is cancelled by the server itself. Each unless the
    // administrator's server line says otherwise.
    let said = |key: &str| {
        settings
            .server
            .split_whitespace()
            .any(|pair| pair.split('=').next() == Some(key))
    };
    if !said("tcp_user_timeout") {
        config.tcp_user_timeout(Duration::from_secs(60));
    }
    if !said("keepalives_idle") {
        config.keepalives_idle(Duration::from_secs(30));
    }
    if !said("keepalives_interval") {
        config.keepalives_interval(Duration::from_secs(10));
    }
    if !said("keepalives_retries") {
        config.keepalives_retries(3);
    }
    if !said("options") {
        config.options("-c statement_timeout=120000");
    }
    // Require, never prefer: a server that answers "no TLS" gets no startup message at all.
    config.ssl_mode(SslMode::Require);
    let tls = |e: openssl::error::ErrorStack| Error(format!("加密连接准备不了:{e}"));
    // SslConnector checks the chain (SslVerifyMode::PEER) and, given the host the postgres
    // crate passes, the name or IP address in the certificate.
    let mut builder = SslConnector::builder(SslMethod::tls()).map_err(tls)?;
    builder.set_ca_file(ca).map_err(|e| {
        Error(format!(
            "全区的证书文件 {ca} 用不了({e});请向全区管理员要 .pem 证书文件"
        ))
    })?;
    let connector = MakeTlsConnector::new(builder.build());
    connect_within(config, connector, deadline)
}

/// `config.connect(connector)`, given up on after `deadline`: a server that takes the
/// connection and then says nothing (hung, or another program behind that port) would otherwise
/// hold the sync for ever. The attempt runs on a thread of its own; given up on, it ends when
/// the server closes or answers, and its connection is dropped unused.
fn connect_within(
    config: Config,
    connector: MakeTlsConnector,
    deadline: Duration,
) -> Result<Client> {
    let (sender, answer) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("district-connect".into())
        .spawn(move || {
            // Nobody waits any more after the deadline: the connection goes unused.
            let _ = sender.send(config.connect(connector));
        })
        .map_err(|e| Error(format!("连接全区服务器没能开始:{e}")))?;
    let outcome = match answer.recv_timeout(deadline) {
        Ok(outcome) => outcome,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            return Err(Error(format!(
                "全区服务器 {} 秒没有应答,本站的资料一点也没有发出。可能网络不通、服务器正忙或出了故障,也可能地址或端口不是全区服务器的;本站照常工作,请稍后再同步,或请全区管理员检查服务器",
                deadline.as_secs()
            )));
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            return Err(Error(
                "连接全区服务器时出了意外,本站的资料一点也没有发出;请再同步一次".into(),
            ));
        }
    };
    outcome.map_err(|error| {
        let mut chain = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            chain.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        if chain.contains("does not support TLS") {
            return Error(
                "全区服务器不肯加密连接,密码没有发出。请全区管理员在服务器上打开 TLS(ssl = on)后再同步"
                    .into(),
            );
        }
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            if cause.downcast_ref::<openssl::ssl::Error>().is_some()
                || cause.downcast_ref::<openssl::error::ErrorStack>().is_some()
            {
                let words = &chain;
                return Error(if words.contains("verify") {
                    format!(
                        "全区服务器的证书和本站的全区证书对不上({words}),密码没有发出:可能证书文件不是这个全区的,或者连到的不是全区服务器。请向全区管理员核对服务器地址和证书文件"
                    )
                } else {
                    format!(
                        "和全区服务器的加密连接没有建立起来({words}),密码没有发出;请稍后再同步,或请全区管理员检查服务器的 TLS 设置"
                    )
                });
            }
            source = cause.source();
        }
        Error::from(error)
    })
}

/// Why a station without the district's certificate does not connect.
pub const NO_CERTIFICATE: &str = "还没有全区的证书文件:为了不让密码被截获,程序只用加密并核对过服务器的连接。\
     请向全区管理员要证书文件(.pem),在“全区证书”一栏选上:站点在 设置 → 全区共享,全区工会在 统计 → 全区统计(命令行用 --ca 文件)";

/// The station's settings, or why it cannot sync.
pub fn settings(db: &Db) -> Result<DistrictSettings> {
    db.district_settings()?.ok_or_else(|| {
        Error("本站还没有加入全区共享:请先在 设置 → 全区共享 里填写服务器和站点代码".into())
    })
}

/// The station's password, from the keyring or its file ([`station_password`]).
pub fn password(settings: &DistrictSettings) -> Result<Option<String>> {
    Ok(station_password(&settings.station)?.0)
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
        if self.events_failed > 0 {
            text.push_str(&format!(
                ";{} 场全区联谊没有同步上(打开那场活动,点“与全区同步”看原因)",
                self.events_failed
            ));
        }
        if self.events_joined > 0 {
            text.push_str(&format!(
                ";收到 {} 场全区联谊活动的邀请(在“活动”里)",
                self.events_joined
            ));
        }
        if self.refused > 0 {
            text.push_str(&format!(
                ";另有 {} 份资料不合规(格式不对、太大或站点代码对不上),没有收下,请告诉全区管理员",
                self.refused
            ));
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

/// [`super::events::share_event`] over the station's own connection.
pub fn share_event_station(
    db: &mut Db,
    actor: &Actor,
    event: i64,
    invited: &[String],
) -> Result<hongniang_core::event_district::SharedLink> {
    let (mut client, station) = connect_station(db)?;
    super::events::share_event(db, &mut client, &station, actor, event, invited)
}

/// The district's other stations this one can invite to a 全区联谊 (code, name).
pub fn stations_to_invite_station(db: &Db) -> Result<Vec<(String, String)>> {
    let (mut client, station) = connect_station(db)?;
    super::events::stations_to_invite(&mut client, &station)
}

/// Keeps one 全区联谊 in step with the district now ([`super::events::sync_event`]), then
/// receives the requests its confirmed pairs became (so they are introductions here at once).
pub fn sync_event_station(db: &mut Db, actor: &Actor, event: i64) -> Result<()> {
    let found = db.event(event)?;
    let (mut client, station) = connect_station(db)?;
    // A member who agreed to 全区共享 since the last sync is on the roster: shared first.
    super::push(db, &mut client, &station)?;
    super::events::sync_event(db, &mut client, &station, &found, actor)?;
    super::pull(db, &mut client, &station, actor)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A certificate file for `open` to load (the silent server never gets as far as showing
    /// its own).
    fn some_certificate(dir: &Path) -> PathBuf {
        use openssl::{asn1::Asn1Time, hash::MessageDigest, pkey::PKey, rsa::Rsa, x509};
        let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
        let mut name = x509::X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", "district").unwrap();
        let name = name.build();
        let mut cert = x509::X509Builder::new().unwrap();
        cert.set_subject_name(&name).unwrap();
        cert.set_issuer_name(&name).unwrap();
        cert.set_pubkey(&key).unwrap();
        cert.set_not_before(&Asn1Time::days_from_now(0).unwrap())
            .unwrap();
        cert.set_not_after(&Asn1Time::days_from_now(1).unwrap())
            .unwrap();
        cert.sign(&key, MessageDigest::sha256()).unwrap();
        let path = dir.join("district.pem");
        std::fs::write(&path, cert.build().to_pem().unwrap()).unwrap();
        path
    }

    #[test]
    fn a_server_that_takes_the_connection_and_says_nothing_is_given_up_on() {
        let dir = tempfile::tempdir().unwrap();
        let ca = some_certificate(dir.path());
        // Takes every connection and never answers.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                held.push(stream);
            }
        });
        let settings = DistrictSettings {
            station: "湖滨".into(),
            server: format!(
                "host=127.0.0.1 port={port} dbname=district user=hubin connect_timeout=1"
            ),
            ca_file: ca.display().to_string(),
        };
        let started = std::time::Instant::now();
        let error = open(&settings, Some("secret"))
            .err()
            .expect("no connection");
        let waited = started.elapsed();
        assert!(
            error.to_string().contains("全区服务器 2 秒没有应答"),
            "said: {error}"
        );
        assert!(
            waited >= Duration::from_secs(2) && waited < Duration::from_secs(10),
            "gave up after {waited:?}"
        );
    }
}
