//! 数据库加密: an encrypted station file shows nothing without its password, opens with it,
//! backs up into encrypted copies that restore, and can change or drop its password.

use chrono::NaiveDate;
use hongniang::data::Actor;
use hongniang::data::cipher::{self, is_encrypted};
use hongniang::data::model::{Gender, MemberData, YearMonth};
use hongniang::data::{Db, Error};
use std::path::Path;
use std::process::Command;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn member(name: &str, phone: &str) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(Gender::Female),
        birth: YearMonth::new(1991, 6),
        phone: phone.into(),
        self_intro: "喜欢在西溪湿地拍鸟".into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        ..MemberData::default()
    }
}

fn contains(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    let needle = needle.as_bytes();
    bytes.windows(needle.len()).any(|w| w == needle)
}

fn station(dir: &Path) -> (std::path::PathBuf, Db) {
    let path = dir.join("station.db");
    let mut db = Db::open(&path).unwrap();
    db.set_station_name("爱的填空相亲工作站").unwrap();
    db.insert_member(
        member("欧阳婉清", "13566778899"),
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    (path, db)
}

#[test]
fn an_encrypted_file_shows_nothing_and_needs_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut db) = station(dir.path());
    assert!(!db.is_encrypted());
    db.set_encryption(
        &Actor::terminal(),
        Some("西湖龙井2026"),
        chrono::Local::now().naive_local(),
    )
    .unwrap()
    .unwrap();
    assert!(db.is_encrypted() && is_encrypted(&path));
    // The open connection goes on working.
    assert_eq!(db.count_members().unwrap(), 1);
    db.insert_member(
        member("李芳", "13700001111"),
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    let log = db.audit_log(5).unwrap();
    assert!(log.iter().any(|e| e.summary == "加密了数据库"), "{log:?}");
    drop(db);
    for secret in ["欧阳婉清", "13566778899", "西溪湿地", "李芳", "爱的填空"] {
        assert!(!contains(&path, secret), "{secret} readable in the file");
    }

    cipher::set_key(&path, None);
    assert!(matches!(Db::open(&path), Err(Error::NeedsKey)));
    cipher::set_key(&path, Some("西湖龙井2025"));
    assert!(matches!(Db::open(&path), Err(Error::WrongKey)));
    assert_eq!(Error::WrongKey.to_string(), "数据库密码不对");
    cipher::set_key(&path, Some("西湖龙井2026"));
    let db = Db::open(&path).unwrap();
    assert_eq!(db.count_members().unwrap(), 2);
    let found = db.member_by_number("2024-0001").unwrap();
    assert_eq!(found.data.name, "欧阳婉清");
}

#[test]
fn backups_of_an_encrypted_station_are_encrypted_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut db) = station(dir.path());
    db.set_encryption(
        &Actor::terminal(),
        Some("钱塘江大潮水"),
        chrono::Local::now().naive_local(),
    )
    .unwrap()
    .unwrap();
    let now =
        chrono::NaiveDateTime::parse_from_str("2026-11-21 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    let made = db.backup_now(now).unwrap();
    assert_eq!(made.members, Some(1));
    assert!(is_encrypted(&made.path), "the backup is encrypted too");
    assert!(!contains(&made.path, "欧阳婉清"));
    assert_eq!(
        hongniang::data::backup::check_file(&made.path).unwrap(),
        1,
        "checked with the station's password"
    );

    db.insert_member(
        member("李芳", "13700001111"),
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    assert_eq!(db.count_members().unwrap(), 2);
    let later = now + chrono::Duration::hours(1);
    db.restore_from(&Actor::terminal(), &made.path, later)
        .unwrap();
    assert_eq!(db.count_members().unwrap(), 1, "back to the backup");
    assert!(is_encrypted(&path), "still encrypted after the restore");
    drop(db);
    assert!(!contains(&path, "李芳") && !contains(&path, "欧阳婉清"));
}

#[test]
fn the_password_can_be_changed_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut db) = station(dir.path());
    db.set_encryption(
        &Actor::terminal(),
        Some("first-key"),
        chrono::Local::now().naive_local(),
    )
    .unwrap()
    .unwrap();
    db.set_encryption(
        &Actor::terminal(),
        Some("second-key"),
        chrono::Local::now().naive_local(),
    )
    .unwrap()
    .unwrap();
    drop(db);
    cipher::set_key(&path, Some("first-key"));
    assert!(matches!(Db::open(&path), Err(Error::WrongKey)));
    cipher::set_key(&path, Some("second-key"));
    let mut db = Db::open(&path).unwrap();
    assert!(
        db.audit_log(5)
            .unwrap()
            .iter()
            .any(|e| e.summary == "更换了数据库密码")
    );
    db.set_encryption(&Actor::terminal(), None, chrono::Local::now().naive_local())
        .unwrap()
        .unwrap();
    assert!(!db.is_encrypted());
    drop(db);
    assert!(contains(&path, "欧阳婉清"), "plain again");
    cipher::set_key(&path, None);
    assert_eq!(Db::open(&path).unwrap().count_members().unwrap(), 1);
    assert!(
        cipher::check_new_key("12345", "12345").is_err(),
        "too short"
    );
    assert!(
        cipher::check_new_key("123456", "123457").is_err(),
        "not repeated"
    );
}

#[test]
fn the_command_line_takes_the_password_from_the_environment_never_from_its_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    let run = |args: &[&str], key: Option<&str>, new_key: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hongniang"));
        command
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("HONGNIANG_KEY")
            .env_remove("HONGNIANG_NEW_KEY")
            .stdin(std::process::Stdio::null());
        if let Some(key) = key {
            command.env("HONGNIANG_KEY", key);
        }
        if let Some(key) = new_key {
            command.env("HONGNIANG_NEW_KEY", key);
        }
        command.output().unwrap()
    };
    let said = |output: &std::process::Output| String::from_utf8_lossy(&output.stderr).to_string();
    assert!(
        run(&["demo", "--members", "20"], None, None)
            .status
            .success()
    );
    // A password as an argument is refused (every user of the PC sees the arguments), and
    // nothing changes.
    let argued = run(&["encrypt", "--new-key", "绍兴黄酒-1"], None, None);
    assert!(!argued.status.success());
    assert!(
        said(&argued).contains("不能写在命令行上"),
        "{}",
        said(&argued)
    );
    assert!(!cipher::is_encrypted(&db));
    let argued = run(&["--key", "绍兴黄酒-1", "member", "list"], None, None);
    assert!(
        said(&argued).contains("不能写在命令行上"),
        "{}",
        said(&argued)
    );
    // Without a terminal and without the variable: told how to give it.
    let untold = run(&["encrypt"], None, None);
    assert!(
        said(&untold).contains("HONGNIANG_NEW_KEY"),
        "{}",
        said(&untold)
    );
    assert!(!cipher::is_encrypted(&db));

    let encrypted = run(&["encrypt"], None, Some("绍兴黄酒-1"));
    assert!(encrypted.status.success(), "{}", said(&encrypted));
    assert!(String::from_utf8_lossy(&encrypted.stdout).contains("忘记密码"));
    let locked = run(&["member", "list"], None, None);
    assert!(!locked.status.success());
    assert!(said(&locked).contains("已加密") && said(&locked).contains("HONGNIANG_KEY"));
    let wrong = run(&["member", "list"], Some("绍兴黄酒-2"), None);
    assert!(said(&wrong).contains("密码不对"));
    let listed = run(&["member", "list", "--json"], Some("绍兴黄酒-1"), None);
    assert!(listed.status.success());
    let members: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(members.len(), 20);
    let short = run(&["encrypt"], Some("绍兴黄酒-1"), Some("123"));
    assert!(said(&short).contains("至少"));
    let plain = run(&["decrypt"], Some("绍兴黄酒-1"), None);
    assert!(plain.status.success());
    assert!(run(&["member", "list"], None, None).status.success());
}
