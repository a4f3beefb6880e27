//! The database: migrations, pragmas, member numbers, saving and reading members.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::members::PhotoChange;
use hongniang_core::model::{
    Education, Gender, MaritalStatus, MemberData, RegistrantRelation, YearMonth,
};
use hongniang_core::validate::Field;
use hongniang_core::{Db, Error, photo, schema};
use rusqlite::Connection;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn sheet(name: &str, phone: &str) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(Gender::Female),
        birth: YearMonth::new(1990, 5),
        height_cm: Some(163),
        education: Some(Education::Bachelor),
        occupation: "护士".into(),
        phone: phone.into(),
        consent: true,
        ..MemberData::default()
    }
}

#[test]
fn a_new_file_gets_wal_foreign_keys_and_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/folder/station.db");
    let db = Db::open(&path).unwrap();
    let conn = db.connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    // Every commit reaches the disk before it is reported (a power cut loses nothing saved).
    let synchronous: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(synchronous, 2, "synchronous = FULL");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version as usize, schema::MIGRATIONS.len());
}

#[test]
fn migrations_run_from_every_earlier_version() {
    for start in 0..schema::MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            schema::migrations().to_version(&mut conn, start).unwrap();
            if start >= 1 {
                // Data written by the version-1 schema must survive every later migration.
                conn.execute_batch(
                    "INSERT INTO station (id, name) VALUES (1, '旧站');
                     INSERT INTO volunteers (name) VALUES ('楼老师');
                     INSERT INTO members (number, name, gender, birth_year, birth_month, registered_on,
                        consent, created_at, updated_at, phone)
                     VALUES ('2020-0001', '旧会员', 'female', 1990, 5, '2020-01-02', 1, 'x', 'x', '13812344321');
                     INSERT INTO member_number_counters (year, last) VALUES (2020, 1);",
                )
                .unwrap();
            }
        }
        let db = Db::open(&path).unwrap();
        let check: String = db
            .connection()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let fk_problems: i64 = db
            .connection()
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk_problems, 0);
        if start >= 1 {
            let member = db.member_by_number("2020-0001").unwrap();
            assert_eq!(member.data.name, "旧会员");
        }
        // The file as it was before the upgrade is kept among the backups (the new database,
        // version 0, has nothing to keep); opening it again, up to date, makes no second copy.
        let copies = || -> Vec<std::path::PathBuf> {
            std::fs::read_dir(dir.path().join("hongniang-backups"))
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|e| e.path())
                        .filter(|p| p.to_string_lossy().contains("-before-upgrade-v"))
                        .collect()
                })
                .unwrap_or_default()
        };
        drop(db);
        let db = Db::open(&path).unwrap();
        let found = copies();
        if start == 0 {
            assert!(found.is_empty(), "a new database got a copy: {found:?}");
            continue;
        }
        assert_eq!(found.len(), 1, "from version {start}: {found:?}");
        let name = found[0].file_name().unwrap().to_string_lossy().to_string();
        assert!(
            name.starts_with("hongniang-old-")
                && name.ends_with(&format!("-before-upgrade-v{start}.db")),
            "{name}"
        );
        let copy = Connection::open(&found[0]).unwrap();
        let version: i64 = copy
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, start, "the copy is the file as it was");
        let kept: String = copy
            .query_row(
                "SELECT name FROM members WHERE number = '2020-0001'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, "旧会员");
        // On the folder's list (pruned by age, rewritten on a deletion), and listed as a backup.
        let list = std::fs::read_to_string(
            dir.path()
                .join("hongniang-backups/hongniang-old-backups.txt"),
        )
        .unwrap();
        assert!(list.lines().any(|line| line == name), "{list}");
        assert!(db.backups().unwrap().iter().any(|b| b.path == found[0]));
    }
}

#[test]
fn a_database_from_a_newer_program_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    assert!(matches!(Db::open(&path), Err(Error::DatabaseTooNew)));
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn member_numbers_are_unique_per_year_and_never_reused() {
    let mut db = Db::open_in_memory().unwrap();
    let first = db
        .insert_member(
            sheet("王芳", "13800000001"),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let second = db
        .insert_member(
            sheet("李娜", "13800000002"),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let mut old = sheet("张敏", "13800000003");
    old.registered_on = NaiveDate::from_ymd_opt(2025, 3, 1);
    let older = db
        .insert_member(old, None, &Actor::terminal(), today())
        .unwrap();
    assert_eq!(first.number, "2026-0001");
    assert_eq!(second.number, "2026-0002");
    assert_eq!(older.number, "2025-0001");

    // Even after a member is gone, their number is not handed out again.
    db.connection()
        .execute("DELETE FROM members WHERE id = ?1", [second.id])
        .unwrap();
    let third = db
        .insert_member(
            sheet("赵静", "13800000004"),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    assert_eq!(third.number, "2026-0003");

    // The database itself refuses a duplicate number.
    let clash = db.connection().execute(
        "UPDATE members SET number = '2026-0001' WHERE id = ?1",
        [third.id],
    );
    assert!(clash.is_err());
}

#[test]
fn a_member_round_trips_with_preferences_and_the_author() {
    let mut db = Db::open_in_memory().unwrap();
    let lou = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap();
    let mut data = sheet("王芳", "138 0000 0001");
    data.registrant.relation = RegistrantRelation::Mother;
    data.registrant.name = "王妈妈".into();
    data.registrant.phone = "13900000000".into();
    data.volunteer_id = Some(lou.id);
    data.preferences.age_min = Some(28);
    data.preferences.age_max = Some(36);
    data.preferences.marital_statuses = vec![MaritalStatus::Single, MaritalStatus::Divorced];
    data.preferences.education_min = Some(Education::College);
    let saved = db
        .insert_member(data, None, &db.sign_in(lou.id, "").unwrap(), today())
        .unwrap();
    let read = db.member_by_number(&saved.number).unwrap();
    assert_eq!(read, saved);
    assert_eq!(read.data.phone, "13800000001");
    assert_eq!(read.volunteer_name.as_deref(), Some("楼老师"));
    assert_eq!(
        read.data.preferences.marital_statuses,
        [MaritalStatus::Single, MaritalStatus::Divorced]
    );
    assert_eq!(read.data.consent_on, Some(today()));
    let author: Option<i64> = db
        .connection()
        .query_row(
            "SELECT created_by FROM members WHERE id = ?1",
            [saved.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(author, Some(lou.id));
}

#[test]
fn invalid_sheets_are_not_saved() {
    let mut db = Db::open_in_memory().unwrap();
    let mut data = sheet("王芳", "13800000001");
    data.consent = false;
    data.height_cm = Some(300);
    match db.insert_member(data, None, &Actor::terminal(), today()) {
        Err(Error::Invalid(errors)) => {
            let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
            assert_eq!(fields, [Field::Height, Field::Consent]);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    let mut data = sheet("王芳", "13800000001");
    data.volunteer_id = Some(42);
    assert!(matches!(
        db.insert_member(data, None, &Actor::terminal(), today()),
        Err(Error::Invalid(_))
    ));
    assert_eq!(db.count_members().unwrap(), 0);
    let counters: i64 = db
        .connection()
        .query_row("SELECT count(*) FROM member_number_counters", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(counters, 0, "a refused save must not use up a number");
}

#[test]
fn editing_keeps_the_number_and_photos_live_in_the_database() {
    let mut db = Db::open_in_memory().unwrap();
    let png = {
        let picture = image::RgbImage::from_pixel(1200, 1600, image::Rgb([200, 120, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let prepared = photo::prepare(&png).unwrap();
    let saved = db
        .insert_member(
            sheet("王芳", "13800000001"),
            Some(&prepared),
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    assert!(saved.has_photo);
    assert_eq!(db.photo(saved.id).unwrap().unwrap(), prepared.image);
    assert!(db.thumbnail(saved.id).unwrap().unwrap().len() < prepared.image.len());

    let mut changed = saved.data.clone();
    changed.occupation = "护士长".into();
    let edited = db
        .update_member(
            saved.id,
            changed.clone(),
            PhotoChange::Keep,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    assert_eq!(edited.number, saved.number);
    assert_eq!(edited.data.occupation, "护士长");
    assert!(edited.has_photo);
    let removed = db
        .update_member(
            saved.id,
            changed,
            PhotoChange::Remove,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    assert!(!removed.has_photo);
    assert!(matches!(
        db.update_member(
            999,
            sheet("无", "13800000009"),
            PhotoChange::Keep,
            &Actor::terminal(),
            today(),
        ),
        Err(Error::MemberNotFound(_))
    ));
}

#[test]
fn duplicates_by_phone_or_by_name_and_birth_month() {
    let mut db = Db::open_in_memory().unwrap();
    let first = db
        .insert_member(
            sheet("王芳", "13800000001"),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let same_phone =
        hongniang_core::validate::prepare(sheet("王芳芳", "138-0000-0001"), today()).unwrap();
    assert_eq!(
        db.find_duplicates(&same_phone, None).unwrap()[0].number,
        first.number
    );
    let same_name =
        hongniang_core::validate::prepare(sheet("王芳", "13911112222"), today()).unwrap();
    assert_eq!(db.find_duplicates(&same_name, None).unwrap().len(), 1);
    let other =
        hongniang_core::validate::prepare(sheet("王芳", "13911112222"), today()).map(|mut d| {
            d.birth = YearMonth::new(1991, 5);
            d
        });
    assert!(
        db.find_duplicates(&other.unwrap(), None)
            .unwrap()
            .is_empty()
    );
    // Editing a member does not warn about the member itself.
    assert!(
        db.find_duplicates(&same_name, Some(first.id))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_list_is_newest_first_and_paged() {
    let mut db = Db::open_in_memory().unwrap();
    for (i, name) in ["王芳", "李娜", "张_敏", "赵%静"].iter().enumerate() {
        let mut data = sheet(name, &format!("1380000000{i}"));
        data.registered_on = NaiveDate::from_ymd_opt(2026, 1, 1 + i as u32);
        db.insert_member(data, None, &Actor::terminal(), today())
            .unwrap();
    }
    let names: Vec<String> = db
        .list_members(0, 10)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["赵%静", "张_敏", "李娜", "王芳"]);
    assert_eq!(db.list_members(1, 2).unwrap()[0].name, "张_敏");
}

#[test]
fn a_saved_member_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let number = {
        let mut db = Db::open(&path).unwrap();
        db.insert_member(
            sheet("王芳", "13800000001"),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap()
        .number
    };
    let db = Db::open(&path).unwrap();
    assert_eq!(db.member_by_number(&number).unwrap().data.name, "王芳");
}

#[test]
fn what_sqlite_and_the_system_say_reaches_the_volunteer_in_chinese() {
    use rusqlite::ffi;
    let failure = |code: i32, english: &str| {
        Error::from(rusqlite::Error::SqliteFailure(
            ffi::Error::new(code),
            Some(english.into()),
        ))
        .to_string()
    };
    for (code, english, chinese) in [
        (ffi::SQLITE_BUSY, "database is locked", "另一个窗口或程序"),
        (ffi::SQLITE_FULL, "database or disk is full", "磁盘已满"),
        (
            ffi::SQLITE_CANTOPEN,
            "unable to open database file",
            "打不开数据库文件",
        ),
        (
            ffi::SQLITE_READONLY,
            "attempt to write a readonly database",
            "只能读不能写",
        ),
        (
            ffi::SQLITE_CORRUPT,
            "database disk image is malformed",
            "已损坏",
        ),
        (ffi::SQLITE_IOERR, "disk I/O error", "读写磁盘出错"),
    ] {
        let said = failure(code, english);
        assert!(said.contains(chinese), "{said}");
        assert!(!said.contains(english), "{said}");
        assert!(!said.is_ascii());
    }
    // A real one: a database "inside" a file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("笔记.txt");
    std::fs::write(&file, "不是文件夹").unwrap();
    let said = Db::open(&file.join("hongniang.db"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        said.contains("不是文件夹") || said.contains("已经有同名"),
        "{said}"
    );
    assert!(
        !said.contains("Not a directory") && !said.contains("File exists"),
        "{said}"
    );
}

#[test]
fn an_administrator_without_a_pin_from_an_older_database_is_no_longer_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrations().to_version(&mut conn, 8).unwrap();
        conn.execute_batch(
            "INSERT INTO volunteers (name, is_admin) VALUES ('楼老师', 1);
             INSERT INTO volunteers (name) VALUES ('朱大姐');",
        )
        .unwrap();
    }
    let db = Db::open(&path).unwrap();
    let volunteers = db.volunteers().unwrap();
    assert!(volunteers.iter().all(|v| !v.is_admin), "{volunteers:?}");
    // So nobody signs in as an administrator without a PIN: the station has none now.
    let zhu = volunteers.iter().find(|v| v.name == "朱大姐").unwrap();
    let zhu = db.sign_in(zhu.id, "").unwrap();
    db.may(&zhu, hongniang_core::Permission::Restore).unwrap();
}

#[cfg(unix)]
#[test]
fn the_database_its_wal_and_its_backups_are_the_pc_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data/hongniang.db");
    let mut db = Db::open(&path).unwrap();
    db.insert_member(
        sheet("王芳", "13812344321"),
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&dir.path().join("data/hongniang.db-wal")), 0o600);
    assert_eq!(
        mode(&dir.path().join("data")),
        0o700,
        "a folder made for it"
    );
    let backup = db
        .backup_now(today().and_hms_opt(9, 30, 0).unwrap())
        .unwrap();
    assert_eq!(mode(&backup.path), 0o600);
    assert_eq!(mode(backup.path.parent().unwrap()), 0o700);
    drop(db);
    // A database left readable by others (made by an older version) is tightened on opening.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _db = Db::open(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
}

/// 同意全区共享: a consent of its own, dated, only after the station's own; withdrawn by
/// clearing it; recorded in the 操作记录 like any change of the sheet.
#[test]
fn the_district_consent_is_dated_needs_the_stations_and_can_be_withdrawn() {
    let mut db = Db::open_in_memory().unwrap();
    let mut data = sheet("王芳", "13800000001");
    data.district_consent_on = Some(today());
    let saved = db
        .insert_member(data, None, &Actor::terminal(), today())
        .unwrap();
    let read = db.member_by_number(&saved.number).unwrap();
    assert_eq!(read.data.district_consent_on, Some(today()));

    let mut later = read.data.clone();
    later.district_consent_on = today().succ_opt();
    match db.update_member(
        saved.id,
        later,
        PhotoChange::Keep,
        &Actor::terminal(),
        today(),
    ) {
        Err(Error::Invalid(errors)) => {
            assert_eq!(errors[0].field, Field::DistrictConsent);
            assert!(
                errors[0].message.contains("晚于今天"),
                "{}",
                errors[0].message
            );
        }
        other => panic!("expected a validation error, got {other:?}"),
    }

    let mut withdrawn = read.data.clone();
    withdrawn.district_consent_on = None;
    db.update_member(
        saved.id,
        withdrawn,
        PhotoChange::Keep,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    assert_eq!(db.member(saved.id).unwrap().data.district_consent_on, None);
    let log = db.audit_of_member(saved.id).unwrap();
    assert!(
        log.iter().any(|e| e.summary.contains("同意全区共享")),
        "{log:?}"
    );

    // Not without the station's own consent (a member still 待补签).
    let mut pending = sheet("李娜", "13800000002");
    pending.consent = false;
    pending.consent_pending = true;
    pending.district_consent_on = Some(today());
    match db.insert_member(pending, None, &Actor::terminal(), today()) {
        Err(Error::Invalid(errors)) => {
            assert_eq!(errors[0].field, Field::DistrictConsent, "{errors:?}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// What a database file holds, to compare before and after: its schema and its members.
fn snapshot(path: &std::path::Path) -> String {
    let conn =
        Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let schema: String = conn
        .query_row(
            "SELECT group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), char(10))
             FROM (SELECT * FROM sqlite_master ORDER BY type, name)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let members: String = conn
        .query_row(
            "SELECT group_concat(id || ' ' || name || ' ' || phone || ' ' || notes, char(10))
             FROM (SELECT * FROM members ORDER BY id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    format!("{schema}\n{members}")
}

/// A station with two members and a backup of them, into which `extra` (SQL, as someone with
/// `sqlite3` would add) is written.
fn station_and_tampered_backup(dir: &std::path::Path, extra: &str) -> (Db, std::path::PathBuf) {
    let mut db = Db::open(&dir.join("station.db")).unwrap();
    for (name, phone) in [("李芳", "13800000001"), ("王敏", "13800000002")] {
        db.insert_member(sheet(name, phone), None, &Actor::terminal(), today())
            .unwrap();
    }
    let at = today().and_hms_opt(9, 0, 0).unwrap();
    let backup = db.backup_now(at).unwrap().path;
    Connection::open(&backup)
        .unwrap()
        .execute_batch(extra)
        .unwrap();
    (db, backup)
}

/// The trigger of the attack: a deletion on request said "已删除" and the phone stayed.
const KEEPS_THE_PHONE: &str = "CREATE TRIGGER keep_phone AFTER UPDATE OF phone ON members
    WHEN NEW.phone = '' BEGIN UPDATE members SET notes = OLD.phone WHERE id = NEW.id; END;";

#[test]
fn a_backup_with_a_trigger_or_a_view_the_program_did_not_make_is_not_restored() {
    for (extra, named) in [
        (KEEPS_THE_PHONE, "多了一个触发器“keep_phone”"),
        (
            "CREATE VIEW phones AS SELECT name, phone FROM members;",
            "多了一个视图“phones”",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (mut db, backup) = station_and_tampered_backup(dir.path(), extra);
        db.insert_member(
            sheet("赵丽", "13800000003"),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
        let path = dir.path().join("station.db");
        let before = snapshot(&path);
        let at = today().and_hms_opt(10, 0, 0).unwrap();
        let refused = db
            .restore_from(&Actor::terminal(), &backup, at)
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains(named) && refused.contains("不是本程序建的"),
            "{refused}"
        );
        assert_eq!(snapshot(&path), before, "nothing changed");
        assert_eq!(db.count_members().unwrap(), 3);
        assert!(hongniang_core::backup::check_file(&backup).is_err());
    }
}

#[test]
fn a_station_database_with_a_trigger_added_opens_read_only_until_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let (db, backup) = station_and_tampered_backup(dir.path(), "");
    let her: i64 = db
        .connection()
        .query_row("SELECT id FROM members WHERE name = '李芳'", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(db);
    Connection::open(&path)
        .unwrap()
        .execute_batch(KEEPS_THE_PHONE)
        .unwrap();
    let before = std::fs::read(&path).unwrap();

    let mut db = Db::open(&path).unwrap();
    let why = db.read_only().expect("opened read-only").to_string();
    assert!(
        why.contains("多了一个触发器“keep_phone”") && why.contains("设置 › 数据备份"),
        "{why}"
    );
    // What the trigger would have kept: a deletion is refused, in words, and nothing written.
    let refused = db.anonymise_member(&Actor::terminal(), her).unwrap_err();
    assert!(refused.to_string().contains("只读"), "{refused}");
    assert_eq!(db.count_members().unwrap(), 2, "the data can be read");
    drop(db);
    assert!(std::fs::read(&path).unwrap() == before, "nothing written");

    // Restored from the backup: the file as it was is kept, the trigger is gone.
    let mut db = Db::open(&path).unwrap();
    let at = today().and_hms_opt(10, 0, 0).unwrap();
    let kept = db.restore_from(&Actor::terminal(), &backup, at).unwrap();
    assert!(kept.path.is_file());
    assert_eq!(db.read_only(), None);
    db.anonymise_member(&Actor::terminal(), her).unwrap();
    drop(db);
    let db = Db::open(&path).unwrap();
    assert_eq!(db.read_only(), None);
    let notes: String = db
        .connection()
        .query_row(
            "SELECT notes || phone FROM members WHERE id = ?1",
            [her],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(notes, "");
}

#[test]
fn a_database_with_a_damaged_page_opens_read_only_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let mut db = Db::open(&path).unwrap();
    hongniang_core::demo::generate(&mut db, 500, 1, today(), &mut |_| {}).unwrap();
    let root: i64 = db
        .connection()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'members'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(db);
    // A last change still in the WAL, as a power cut leaves it.
    let crash = Connection::open(&path).unwrap();
    crash
        .set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .unwrap();
    crash
        .execute("INSERT INTO settings VALUES ('power_cut', '1')", [])
        .unwrap();
    drop(crash);
    let wal = path.with_extension("db-wal");
    let wal_bytes = std::fs::read(&wal).unwrap();
    assert!(!wal_bytes.is_empty());
    // The members' first page, overwritten (a bad sector, a USB stick pulled out).
    let mut bytes = std::fs::read(&path).unwrap();
    let page = (root as usize - 1) * 4096;
    bytes[page..page + 64].fill(0x5a);
    std::fs::write(&path, &bytes).unwrap();
    let quick: String =
        Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .unwrap_or_else(|e| e.to_string());
    assert_ne!(quick, "ok", "the page is damaged");

    let db = Db::open(&path).unwrap();
    let why = db.read_only().expect("opened read-only").to_string();
    assert!(
        why.contains("损坏") && why.contains("设置 › 数据备份"),
        "{why}"
    );
    let refused = db.set_lock_minutes(5).err().map(|e| e.to_string());
    assert!(refused.is_some(), "a change is refused");
    let mut db = db;
    let saved = db.insert_member(
        sheet("赵丽", "13800000009"),
        None,
        &Actor::terminal(),
        today(),
    );
    assert!(saved.is_err());
    drop(db);
    // (Compared as a whole: a difference would print megabytes.)
    assert!(std::fs::read(&path).unwrap() == bytes, "nothing written");
    assert!(
        std::fs::read(&wal).unwrap() == wal_bytes,
        "the WAL kept as it was"
    );
}
