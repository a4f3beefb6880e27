//! `hongniang district server …` against a real PostgreSQL (tools/district-pg, which asks a
//! password of every role but the superuser in the database `hn_passwords`): the schema made
//! and made again, a newer server refused, an upgrade from version 3 with its data kept,
//! stations added with generated passwords, synced, a password rotated (the old one refused in
//! words), a station taken out (its members gone from the others' mirrors, its history in the
//! figures), and the union's login reading the figures and nothing else.

use chrono::NaiveDate;
use hongniang_core::district::DistrictSettings;
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::{Actor, Db};
use hongniang_district::{self as district, server};
use postgres::{Client, Config, NoTls};

fn config() -> Option<Config> {
    match std::env::var("HONGNIANG_PG") {
        Ok(config) => Some(config.parse().expect("HONGNIANG_PG is a connection string")),
        Err(_) => {
            assert!(
                std::env::var_os("HONGNIANG_REQUIRE_PG").is_none(),
                "HONGNIANG_PG is not set: start a server with tools/district-pg"
            );
            eprintln!("skipped: no PostgreSQL (HONGNIANG_PG)");
            None
        }
    }
}

/// A fresh database `name` and its owner's (the superuser's) connection.
fn fresh(config: &Config, name: &str) -> Client {
    let mut root = config.connect(NoTls).unwrap();
    root.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
    root.batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let mut config = config.clone();
    config.dbname(name);
    config.connect(NoTls).unwrap()
}

/// What a station (or the union) writes to reach the district: the server without a password.
fn settings(config: &Config, database: &str, code: &str, user: &str) -> DistrictSettings {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => "127.0.0.1".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    DistrictSettings {
        station: code.into(),
        server: format!("host={host} port={port} dbname={database} user={user}"),
        ca_file: std::env::var("HONGNIANG_PG_CA").expect("HONGNIANG_PG_CA"),
    }
}

fn station_db(path: &std::path::Path, names: &[&str], phone: u32) -> Db {
    let mut db = Db::open(path).unwrap();
    for (i, name) in names.iter().enumerate() {
        db.insert_member(
            MemberData {
                name: (*name).into(),
                gender: Some(if i % 2 == 0 {
                    Gender::Female
                } else {
                    Gender::Male
                }),
                birth: YearMonth::new(1992, 4),
                phone: format!("138{:08}", phone + i as u32),
                // Registered this year, whenever the test runs (the yearly report counts them).
                registered_on: Some(hongniang_core::today()),
                consent: true,
                district_consent_on: Some(hongniang_core::today()),
                ..MemberData::default()
            },
            None,
            &Actor::terminal(),
            hongniang_core::today(),
        )
        .unwrap();
    }
    db
}

fn sync(
    db: &mut Db,
    settings: &DistrictSettings,
    password: &str,
) -> district::Result<district::Report> {
    district::station::sync_as(db, &Actor::terminal(), settings, Some(password))
}

#[test]
fn the_district_set_up_grown_rotated_and_pruned_by_the_program() {
    let Some(config) = config() else { return };
    let database = "hn_passwords";
    let mut admin = fresh(&config, database);

    // init: made on the empty database, then nothing to do; a newer server is refused.
    let made = server::init(&mut admin).unwrap();
    assert_eq!((made.before, made.now), (0, 7));
    let again = server::init(&mut admin).unwrap();
    assert_eq!((again.before, again.now), (7, 7));
    admin
        .batch_execute("UPDATE district_schema SET version = 9")
        .unwrap();
    let newer = server::init(&mut admin).unwrap_err().to_string();
    assert!(newer.contains("比这个程序认识的第 7 版新"), "{newer}");
    admin
        .batch_execute("UPDATE district_schema SET version = 7")
        .unwrap();

    // Two stations, each with a generated password shown once.
    let pw_hubin = server::add_station(&mut admin, "湖滨", "湖滨街道工会").unwrap();
    let pw_nanxing = server::add_station(&mut admin, "南星", "南星街道工会").unwrap();
    assert_eq!(pw_hubin.len(), 20);
    assert_ne!(pw_hubin, pw_nanxing);
    let twice = server::add_station(&mut admin, "湖滨", "湖滨")
        .unwrap_err()
        .to_string();
    assert!(twice.contains("已经有了"), "{twice}");
    let bad = server::add_station(&mut admin, "湖-滨", "湖滨")
        .unwrap_err()
        .to_string();
    assert!(bad.contains("不能有“-”"), "{bad}");

    let dir = tempfile::tempdir().unwrap();
    let mut hubin = station_db(&dir.path().join("a.db"), &["王芳", "张伟"], 1000);
    let mut nanxing = station_db(&dir.path().join("b.db"), &["李娜", "刘洋", "陈静"], 2000);
    let at_hubin = settings(&config, database, "湖滨", &server::station_role("湖滨"));
    let at_nanxing = settings(&config, database, "南星", &server::station_role("南星"));
    sync(&mut hubin, &at_hubin, &pw_hubin).unwrap();
    sync(&mut nanxing, &at_nanxing, &pw_nanxing).unwrap();
    sync(&mut hubin, &at_hubin, &pw_hubin).unwrap();
    assert_eq!(hubin.district_mirror().unwrap().len(), 3);
    // A station writes only its own yearly report: 湖滨 cannot put one in 南星's name, nor
    // read 南星's.
    let mut as_hubin = district::station::open(&at_hubin, Some(&pw_hubin)).unwrap();
    assert!(
        as_hubin
            .execute(
                "INSERT INTO station_reports (station, period_from, period_to, report)
                 VALUES ('南星', '2020-01-01', '2020-12-31', '{}'::jsonb)",
                &[],
            )
            .is_err()
    );
    let seen: i64 = as_hubin
        .query_one(
            "SELECT count(*) FROM station_reports WHERE station = '南星'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(seen, 0);
    drop(as_hubin);
    // The wrong password: said in words.
    let wrong = sync(&mut hubin, &at_hubin, "abc").unwrap_err().to_string();
    assert!(wrong.contains("不认本站的用户名或密码"), "{wrong}");

    let status = server::status(&mut admin).unwrap();
    assert_eq!(status.version, 7);
    let shared: Vec<(String, u64, bool)> = status
        .stations
        .iter()
        .map(|s| (s.code.clone(), s.shared, s.last_sync.is_some()))
        .collect();
    assert_eq!(
        shared,
        [("南星".to_string(), 3, true), ("湖滨".to_string(), 2, true)]
    );

    // A new password for 湖滨: the old one is refused in words, the new one works.
    let rotated = server::passwd(&mut admin, "湖滨").unwrap();
    assert_ne!(rotated, pw_hubin);
    let old = sync(&mut hubin, &at_hubin, &pw_hubin)
        .unwrap_err()
        .to_string();
    assert!(old.contains("重新输入密码"), "{old}");
    sync(&mut hubin, &at_hubin, &rotated).unwrap();

    // A request from 南星 to 湖滨 waits; then 南星 is taken out.
    let asked = hubin.district_mirror().unwrap()[0].key.clone();
    let mut as_nanxing = district::station::open(&at_nanxing, Some(&pw_nanxing)).unwrap();
    let own: String = as_nanxing
        .query_one(
            "SELECT key FROM profiles WHERE station = '南星' AND profile IS NOT NULL LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    let hubin_key: String = as_nanxing
        .query_one(
            "SELECT key FROM profiles WHERE station = '湖滨' LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    as_nanxing
        .execute(
            "INSERT INTO requests (from_station, from_key, to_station, to_key, note)
             VALUES ('南星', $1, '湖滨', $2, '南星的红娘')",
            &[&own, &hubin_key],
        )
        .unwrap();
    drop(as_nanxing);
    assert!(asked.starts_with("南星-"));
    let removed = server::remove_station(&mut admin, "南星").unwrap();
    assert_eq!((removed.profiles, removed.requests), (3, 1));
    let closed: String = admin
        .query_one("SELECT answer FROM requests", &[])
        .unwrap()
        .get(0);
    assert_eq!(closed, "declined");
    // 湖滨's next sync removes 南星's members; 南星 can no longer log in.
    let pruned = sync(&mut hubin, &at_hubin, &rotated).unwrap();
    assert_eq!(pruned.removed, 3);
    assert!(hubin.district_mirror().unwrap().is_empty());
    assert!(sync(&mut nanxing, &at_nanxing, &pw_nanxing).is_err());
    let status = server::status(&mut admin).unwrap();
    assert!(
        status
            .stations
            .iter()
            .any(|s| s.code == "南星" && s.removed.is_some())
    );

    // The union's login reads the figures (南星's history among them) and nothing else.
    let (role, password) = server::add_union(&mut admin, "上城区总工会").unwrap();
    let mut union =
        district::station::open(&settings(&config, database, "", &role), Some(&password)).unwrap();
    let figures = district::figures(&mut union).unwrap();
    let nanxing_figures = figures.iter().find(|f| f.station == "南星").unwrap();
    assert_eq!(nanxing_figures.requests_sent, 1, "its history stays");
    assert!(union.query("SELECT * FROM profiles", &[]).is_err());
    assert!(union.query("SELECT * FROM stations", &[]).is_err());
    assert!(server::add_union(&mut admin, "上城区总工会").is_err());
    // Twenty Chinese characters make a login PostgreSQL would cut: refused in words.
    let long = server::add_union(&mut admin, "上城区总工会上城区总工会上城区总工会上城")
        .unwrap_err()
        .to_string();
    assert!(long.contains("太长了"), "{long}");

    // Each sync sent the station's 年度工作报告: the union's combined report holds 湖滨's year
    // exactly as 湖滨 counts it, 南星's last one, and their total.
    use chrono::Datelike;
    let year = hongniang_core::today().year();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
    let read = district::station_reports(&mut union, first, last).unwrap();
    let reports = read.reports;
    assert_eq!(read.unreadable, 0);
    // 南星 is out of the district: not waited for.
    assert!(read.waiting.is_empty(), "{:?}", read.waiting);
    assert_eq!(
        reports
            .iter()
            .map(|r| r.station.as_str())
            .collect::<Vec<_>>(),
        ["南星", "湖滨"]
    );
    let own = hubin
        .yearly_report(first, last, hongniang_core::today())
        .unwrap();
    assert_eq!(
        reports[1],
        hongniang_core::yearly::YearlyReport {
            station: "湖滨".into(),
            ..own
        }
    );
    let total = hongniang_core::yearly::district_total("全区", &reports).unwrap();
    assert_eq!(
        total.registered(),
        reports[0].registered() + reports[1].registered()
    );
    // The union's workbook: a sheet per group of figures, a row per station and the total.
    let book_path = dir.path().join("全区年度报告.xlsx");
    hongniang_core::yearly::write_district_xlsx(&reports, &total, &book_path).unwrap();
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&book_path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["登记", "介绍与结果", "联谊活动与开放日", "来电来访与值班"]
    );
    let registrations = book.worksheet_range("登记").unwrap();
    let cell = |r: u32, c: u32| registrations.get_value((r, c)).map(|v| v.to_string());
    assert_eq!(cell(0, 1).as_deref(), Some("新登记会员"));
    assert_eq!(cell(3, 0).as_deref(), Some("全区"));
    assert_eq!(
        cell(3, 1).as_deref(),
        Some("5"),
        "2 + 3 registered this year"
    );

    // The union's own period (its working year, December to November): asked of the
    // stations, 湖滨 waited for until its next sync, then its report as 湖滨 counts it.
    let (from, to) = (
        NaiveDate::from_ymd_opt(year - 1, 12, 1).unwrap(),
        NaiveDate::from_ymd_opt(year, 11, 30).unwrap(),
    );
    let asked = district::station_reports(&mut union, from, to).unwrap();
    assert!(asked.reports.is_empty());
    assert_eq!(asked.waiting.len(), 1);
    assert!(asked.waiting[0].starts_with("湖滨 "), "{:?}", asked.waiting);
    sync(&mut hubin, &at_hubin, &rotated).unwrap();
    let sent = district::station_reports(&mut union, from, to).unwrap();
    assert!(sent.waiting.is_empty());
    let own = hubin
        .yearly_report(from, to, hongniang_core::today())
        .unwrap();
    assert_eq!(
        sent.reports,
        [hongniang_core::yearly::YearlyReport {
            station: "湖滨".into(),
            ..own
        }]
    );
    // A reversed period or more than two years: refused in words, nothing asked.
    assert!(district::station_reports(&mut union, to, from).is_err());
    let long = district::station_reports(&mut union, first - chrono::TimeDelta::days(800), last)
        .unwrap_err()
        .to_string();
    assert!(long.contains("超过两年"), "{long}");
    let ahead = hongniang_core::today() + chrono::TimeDelta::days(40);
    let early = district::station_reports(&mut union, ahead, ahead + chrono::TimeDelta::days(30))
        .unwrap_err()
        .to_string();
    assert!(early.contains("还没有到"), "{early}");
    // The union asks periods (through the function only) and reads figures; it writes no
    // report, no station's row and no time of its own.
    assert!(union.execute("DELETE FROM report_periods", &[]).is_err());
    assert!(
        union
            .execute(
                "INSERT INTO report_periods (period_from, period_to, asked_at)
                 VALUES ('2026-01-01', '2026-01-31', now() + interval '9 years')",
                &[]
            )
            .is_err()
    );
    assert!(
        union
            .execute("UPDATE station_reports SET report = '{}'::jsonb", &[])
            .is_err()
    );
}

#[test]
fn an_upgrade_from_version_3_keeps_the_data() {
    let Some(config) = config() else { return };
    let mut admin = fresh(&config, "hn_upgrade");
    for script in [
        include_str!("../sql/v1.sql"),
        include_str!("../sql/v2.sql"),
        include_str!("../sql/v3.sql"),
    ] {
        admin.batch_execute(script).unwrap();
    }
    admin
        .batch_execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'old_hubin') THEN
                 CREATE ROLE old_hubin LOGIN; END IF; END $$;
             GRANT hn_station TO old_hubin;
             CREATE TABLE district_schema (version integer NOT NULL);
             INSERT INTO district_schema VALUES (3);
             INSERT INTO stations (code, name, role) VALUES ('湖滨', '湖滨街道工会', 'old_hubin');
             INSERT INTO profiles (key, station, profile)
                 VALUES ('湖滨-2026-0001', '湖滨', '{\"key\": \"湖滨-2026-0001\", \"station\": \"湖滨\"}');",
        )
        .unwrap();
    let upgraded = server::init(&mut admin).unwrap();
    assert_eq!((upgraded.before, upgraded.now), (3, 7));
    let kept: i64 = admin
        .query_one(
            "SELECT count(*) FROM profiles WHERE profile IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(kept, 1);
    let status = server::status(&mut admin).unwrap();
    assert_eq!(status.stations.len(), 1);
    assert_eq!(status.stations[0].shared, 1);
}
