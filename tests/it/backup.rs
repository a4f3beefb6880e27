//! 备份与恢复: a round trip gives back everything, damaged or foreign files are refused without
//! changing anything, automatic backups happen when they should and old ones are pruned, and a
//! program killed in the middle of a long write leaves a consistent database.

use chrono::{NaiveDate, NaiveDateTime};
use hongniang::data::Actor;
use hongniang::data::backup::{self, Occasion};
use hongniang::data::introductions::Stage;
use hongniang::data::model::{Gender, MemberData, YearMonth};
use hongniang::data::photo;
use hongniang::data::{Db, Error, demo};
use std::path::Path;
use std::process::{Command, Stdio};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// Everything a backup must carry, as comparable text.
fn fingerprint(db: &Db) -> Vec<String> {
    let conn = db.connection();
    let mut all = Vec::new();
    for sql in [
        "SELECT id || number || name || phone || status FROM members ORDER BY id",
        "SELECT member_id || length(image) || hex(substr(image, 1, 64)) FROM photos ORDER BY member_id",
        "SELECT id || member_a || member_b || stage || coalesce(married_on, '') FROM introductions ORDER BY id",
        "SELECT count(*) FROM introduction_steps",
        "SELECT member_a || '-' || member_b FROM blocked_pairs ORDER BY 1",
        "SELECT name FROM station",
    ] {
        let mut statement = conn.prepare(sql).unwrap();
        let rows = statement
            .query_map([], |r| r.get::<_, rusqlite::types::Value>(0))
            .unwrap();
        for row in rows {
            all.push(format!("{:?}", row.unwrap()));
        }
    }
    all
}

fn station(dir: &Path) -> Db {
    let mut db = Db::open(&dir.join("station.db")).unwrap();
    demo::generate(&mut db, 400, 2, today(), &mut |_| {}).unwrap();
    // Filled by the demo, then a station's own database (named, the demo's mark gone): a demo
    // database itself is never backed up automatically.
    db.connection()
        .execute("DELETE FROM settings WHERE key = 'demo_database'", [])
        .unwrap();
    db.set_station_name("爱的填空相亲工作站").unwrap();
    assert!(!db.is_demo().unwrap());
    let picture = image::RgbImage::from_fn(300, 400, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let prepared = photo::prepare(&png).unwrap();
    let data = MemberData {
        name: "有照片".into(),
        gender: Some(Gender::Female),
        birth: YearMonth::new(1991, 2),
        phone: "13912345678".into(),
        consent: true,
        registered_on: Some(today()),
        ..MemberData::default()
    };
    db.insert_member(data, Some(&prepared), &Actor::terminal(), today())
        .unwrap();
    db
}

#[test]
fn backup_then_restore_gives_back_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = station(dir.path());
    let before = fingerprint(&db);
    assert!(
        before.iter().any(|l| l.contains("married")),
        "history included"
    );
    let copy = dir.path().join("copy.db");
    let made = db.export_database(&Actor::terminal(), &copy).unwrap();
    assert_eq!(made.members, Some(401));
    assert_eq!(backup::check_file(&copy).unwrap(), 401);

    // Changes after the backup: a new member, a marriage taken back, a renamed station.
    db.set_station_name("改过的名字").unwrap();
    let married = db
        .introductions(None)
        .unwrap()
        .into_iter()
        .find(|i| i.stage == Stage::Married)
        .unwrap();
    db.undo_introduction_step(married.id, &Actor::terminal(), today())
        .unwrap();
    assert_ne!(fingerprint(&db), before);

    let saved = db
        .restore_from(&Actor::terminal(), &copy, at("2026-11-21 10:00"))
        .unwrap();
    assert_eq!(fingerprint(&db), before, "the backup came back whole");
    assert!(saved.path.to_string_lossy().contains("before-restore"));
    // The data from before the restore is itself kept.
    let previous = Db::open(&saved.path).unwrap();
    assert_eq!(
        previous.station_name().unwrap().as_deref(),
        Some("改过的名字")
    );
    // The restored database works: photos read, members can be added.
    let with_photo = db.find_duplicates(
        &MemberData {
            phone: "13912345678".into(),
            ..MemberData::default()
        },
        None,
    );
    let id = with_photo.unwrap()[0].id;
    assert!(db.photo(id).unwrap().is_some());
}

#[test]
fn damaged_or_foreign_files_are_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = station(dir.path());
    let before = fingerprint(&db);

    let good = dir.path().join("good.db");
    db.export_database(&Actor::terminal(), &good).unwrap();
    // Damage: flip bytes in the middle of the file.
    let mut bytes = std::fs::read(&good).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 4096] {
        *b ^= 0x5a;
    }
    let damaged = dir.path().join("damaged.db");
    std::fs::write(&damaged, &bytes).unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "这不是数据库").unwrap();
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let missing = dir.path().join("missing.db");

    for (file, expected) in [
        (&damaged, "损坏"),
        (&text, "不是数据库文件"),
        (&foreign, "不是红娘工作台"),
        (&missing, "找不到"),
    ] {
        match db.restore_from(&Actor::terminal(), file, at("2026-11-21 10:00")) {
            Err(Error::Refused(message)) => {
                assert!(message.contains(expected), "{file:?}: {message}")
            }
            other => panic!("{file:?} was not refused: {other:?}"),
        }
        assert_eq!(fingerprint(&db), before, "{file:?} changed the database");
    }
}

#[test]
fn two_databases_backed_up_into_one_folder_keep_their_backups_apart() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("backups");
    let first = station(dir.path());
    first
        .set_backup_folder(&Actor::terminal(), &shared)
        .unwrap();
    let other_path = dir.path().join("湖滨站.db");
    let other = Db::open(&other_path).unwrap();
    other.set_station_name("湖滨站").unwrap();
    other
        .set_backup_folder(&Actor::terminal(), &shared)
        .unwrap();

    // The first database's backup today does not stand for the other's.
    first
        .automatic_backup(at("2026-11-21 08:30"), Occasion::Start)
        .unwrap()
        .unwrap();
    let made = other
        .automatic_backup(at("2026-11-21 09:00"), Occasion::Start)
        .unwrap()
        .expect("the other database's first backup is made");
    assert!(
        made.path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("hongniang-湖滨站-2026-11-21"),
        "{:?}",
        made.path
    );
    // Each lists (and would restore from) its own only.
    let listed: Vec<_> = other
        .backups()
        .unwrap()
        .into_iter()
        .map(|b| b.path)
        .collect();
    assert_eq!(listed, std::slice::from_ref(&made.path));
    assert_eq!(first.backups().unwrap().len(), 1);
    assert_ne!(first.backups().unwrap()[0].path, made.path);
    assert_eq!(backup::list(&shared, &other_path).unwrap().len(), 1);
    // Pruning one never deletes the other's.
    for day in 1..=40 {
        other
            .automatic_backup(
                at("2026-11-21 18:00") + chrono::Duration::days(day),
                Occasion::Start,
            )
            .unwrap();
    }
    assert_eq!(first.backups().unwrap().len(), 1);
}

#[test]
fn automatic_backups_once_a_day_on_exit_after_changes_and_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let db = station(dir.path());
    let folder = db.backup_folder().unwrap();
    assert_eq!(folder, dir.path().join("hongniang-backups"));
    assert_eq!(db.backup_status().unwrap().last_at, None);

    let first = db
        .automatic_backup(at("2026-11-21 08:30"), Occasion::Start)
        .unwrap();
    assert!(first.is_some());
    // A second start the same day makes none; an exit without changes none; with changes one.
    assert!(
        db.automatic_backup(at("2026-11-21 14:00"), Occasion::Start)
            .unwrap()
            .is_none()
    );
    assert!(
        db.automatic_backup(at("2026-11-21 17:00"), Occasion::Exit { changed: false })
            .unwrap()
            .is_none()
    );
    assert!(
        db.automatic_backup(at("2026-11-21 17:00"), Occasion::Exit { changed: true })
            .unwrap()
            .is_some()
    );
    let status = db.backup_status().unwrap();
    assert_eq!(status.last_at, Some(at("2026-11-21 17:00")));
    assert_eq!(status.warning(at("2026-11-22 09:00")), None);

    // Fifty days of daily backups: thirty days and the months before are kept.
    for day in 1..=50 {
        let now = at("2026-11-21 18:00") + chrono::Duration::days(day);
        db.automatic_backup(now, Occasion::Start).unwrap();
    }
    // A copy saved before a restore is never pruned.
    let before = folder.join("hongniang-station-2026-11-01_090000-before-restore.db");
    std::fs::copy(&db.backups().unwrap()[0].path, &before).unwrap();
    db.automatic_backup(at("2027-01-11 18:00"), Occasion::Start)
        .unwrap();
    assert!(before.exists());
    let all = db.backups().unwrap();
    assert!(
        all.iter().any(|b| b.path == before),
        "listed as this database's"
    );
    let kept: Vec<_> = all
        .into_iter()
        .filter(|b| !backup::is_before_restore(&b.path))
        .collect();
    assert!(kept.len() >= 30 && kept.len() <= 32, "{}", kept.len());
    assert!(kept.iter().all(|b| b.members == Some(401) && b.size > 0));

    // A chosen folder (a USB stick) is used from then on; one that cannot be written is refused.
    let stick = dir.path().join("usb");
    db.set_backup_folder(&Actor::terminal(), &stick).unwrap();
    db.backup_now(at("2027-02-01 09:00")).unwrap();
    assert_eq!(db.backups().unwrap().len(), 1);
    let file_in_the_way = dir.path().join("a-file");
    std::fs::write(&file_in_the_way, "x").unwrap();
    assert!(
        db.set_backup_folder(&Actor::terminal(), &file_in_the_way.join("sub"))
            .is_err()
    );
}

#[test]
fn pruning_deletes_only_the_files_the_program_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let db = station(dir.path());
    let folder = db.backup_folder().unwrap();
    // Backups of an earlier version (no list yet), and a copy the volunteer keeps on purpose,
    // named like a backup with words after it.
    let first = db.backup_now(at("2025-01-01 09:00")).unwrap();
    std::fs::remove_file(folder.join("hongniang-station-backups.txt")).unwrap();
    let own = folder.join("hongniang-station-2020-01-01_000000 手工保留的重要副本.db");
    std::fs::copy(&first.path, &own).unwrap();
    // The first backup of this version lists the earlier one (its exact name), not hers.
    db.backup_now(at("2025-01-02 09:00")).unwrap();
    let list = std::fs::read_to_string(folder.join("hongniang-station-backups.txt")).unwrap();
    assert!(
        list.contains("hongniang-station-2025-01-01_090000.db"),
        "{list}"
    );
    assert!(!list.contains("手工保留"), "{list}");
    // A copy brought in later under a backup's exact name is not the program's either.
    let brought = folder.join("hongniang-station-2020-02-02_000000.db");
    std::fs::copy(&first.path, &brought).unwrap();

    // Two years of daily backups.
    for day in 1..=730 {
        let now = at("2025-01-02 18:00") + chrono::Duration::days(day);
        db.backup_now(now).unwrap();
    }
    assert!(own.exists(), "her own copy is never pruned");
    assert!(
        brought.exists(),
        "a file the program did not write is never pruned"
    );
    assert!(!first.path.exists(), "the program's own old backups are");
    let list = std::fs::read_to_string(folder.join("hongniang-station-backups.txt")).unwrap();
    let listed = list.lines().filter(|l| !l.starts_with('#')).count();
    let ours = db
        .backups()
        .unwrap()
        .into_iter()
        .filter(|b| b.path != own && b.path != brought)
        .count();
    assert_eq!(listed, ours, "the list follows what is there");
    assert!(ours <= backup::KEEP_DAYS + backup::KEEP_MONTHS);
}

#[test]
fn a_failed_backup_is_remembered_for_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    let db = station(dir.path());
    let blocked = dir.path().join("blocked");
    db.set_backup_folder(&Actor::terminal(), &blocked).unwrap();
    // The folder disappears and a file takes its place (a USB stick pulled out, say).
    std::fs::remove_dir_all(&blocked).unwrap();
    std::fs::write(&blocked, "x").unwrap();
    assert!(db.backup_now(at("2026-11-21 09:00")).is_err());
    let status = db.backup_status().unwrap();
    assert!(status.error.is_some());
    assert!(
        status
            .warning(at("2026-11-21 09:01"))
            .unwrap()
            .starts_with("上次备份没有成功")
    );
}

#[test]
fn killed_in_the_middle_of_a_long_write_the_database_stays_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    // A demo database (the demo writes into no other), then one committed member.
    assert!(
        Command::new(env!("CARGO_BIN_EXE_hongniang"))
            .arg("--db")
            .arg(&path)
            .args(["demo", "--members", "0"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let add = Command::new(env!("CARGO_BIN_EXE_hongniang"))
        .arg("--db")
        .arg(&path)
        .args(["member", "add", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut add = add;
        add.stdin
            .take()
            .unwrap()
            .write_all(
                r#"{"name":"先登记的","gender":"female","birth":"1990-05","phone":"13800001111","consent":true}"#
                    .as_bytes(),
            )
            .unwrap();
        assert!(add.wait().unwrap().success());
    }
    // A long write (a quarter of a million demo members and their history in one
    // transaction), killed with SIGKILL while under way.
    let mut long = Command::new(env!("CARGO_BIN_EXE_hongniang"))
        .arg("--db")
        .arg(&path)
        .args(["demo", "--members", "250000"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Two seconds in (the whole run takes a minute in a debug build), while it writes.
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert!(
        long.try_wait().unwrap().is_none(),
        "still writing when killed"
    );
    long.kill().unwrap(); // SIGKILL on Unix
    let status = long.wait().unwrap();
    assert!(!status.success(), "the write was interrupted");

    let db = Db::open(&path).unwrap();
    let check: String = db
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // All or nothing: the committed member is there, none of the interrupted ones.
    assert_eq!(db.count_members().unwrap(), 1);
    assert_eq!(db.member(1).unwrap().data.name, "先登记的");
}

#[test]
fn a_cancelled_restore_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = Db::open(&dir.path().join("big.db")).unwrap();
    demo::generate(&mut big, 3000, 7, today(), &mut |_| {}).unwrap();
    let copy = dir.path().join("big-copy.db");
    big.export_database(&Actor::terminal(), &copy).unwrap();
    drop(big);

    let mut db = station(dir.path());
    let before = fingerprint(&db);
    let mut calls = 0;
    let result = db.restore_with_progress(
        &Actor::terminal(),
        &copy,
        at("2026-11-21 10:00"),
        &mut |fraction| {
            calls += 1;
            assert!((0.0..=1.0).contains(&fraction));
            calls < 2
        },
    );
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert_eq!(calls, 2);
    assert_eq!(fingerprint(&db), before, "nothing of the half copy is left");
    let check: String = db
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // And the same restore, not cancelled, goes through.
    db.restore_with_progress(
        &Actor::terminal(),
        &copy,
        at("2026-11-21 10:05"),
        &mut |_| true,
    )
    .unwrap();
    assert_eq!(db.count_members().unwrap(), 3000);
}

/// A database the demo filled is never backed up: not at start, not on exit, not before an
/// upgrade — its made-up members never sit among a station's backups.
#[test]
fn a_demo_database_is_never_backed_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("演示.db");
    let mut db = Db::open(&path).unwrap();
    demo::generate(&mut db, 30, 7, today(), &mut |_| {}).unwrap();
    assert!(db.is_demo().unwrap());
    assert_eq!(
        db.automatic_backup(at("2026-11-21 08:30"), Occasion::Start)
            .unwrap(),
        None
    );
    assert_eq!(
        db.automatic_backup(at("2026-11-21 18:30"), Occasion::Exit { changed: true })
            .unwrap(),
        None
    );
    assert!(
        !dir.path().join("hongniang-backups").exists(),
        "no backups folder made"
    );
    // A station's own database is (the same call, the same day).
    let own = dir.path().join("station.db");
    let station = Db::open(&own).unwrap();
    station.set_station_name("湖滨站").unwrap();
    assert!(!station.is_demo().unwrap());
    assert!(
        station
            .automatic_backup(at("2026-11-21 08:30"), Occasion::Start)
            .unwrap()
            .is_some()
    );
}
