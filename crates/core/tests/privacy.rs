//! 个人信息: a member's own data goes out as JSON, and deletion on request leaves nothing that
//! identifies them in the database file, while the statistics keep their counts.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::introductions::Stage;
use hongniang_core::model::{
    Gender, MemberData, MemberStatus, Registrant, RegistrantRelation, YearMonth,
};
use hongniang_core::privacy::ANONYMOUS;
use hongniang_core::{Db, photo};

mod common;
use common::agreed;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn deletion_leaves_no_personal_data_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let mut db = Db::open(&path).unwrap();
    let picture = image::RgbImage::from_fn(200, 250, |x, y| image::Rgb([x as u8, y as u8, 7]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let her = MemberData {
        name: "欧阳婉清".into(),
        gender: Some(Gender::Female),
        birth: YearMonth::new(1991, 6),
        phone: "13566778899".into(),
        wechat: "wanqing_ouyang".into(),
        employer: "钱塘江测绘研究院".into(),
        self_intro: "喜欢在西溪湿地拍鸟".into(),
        notes: "母亲说她在灵隐寺附近上班".into(),
        registrant: Registrant {
            relation: RegistrantRelation::Mother,
            kin: String::new(),
            name: "欧阳阿姨".into(),
            phone: "13911112222".into(),
        },
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        ..MemberData::default()
    };
    let her = db
        .insert_member(
            her,
            Some(&photo::prepare(&png).unwrap()),
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let him = MemberData {
        name: "张三".into(),
        gender: Some(Gender::Male),
        birth: YearMonth::new(1990, 2),
        phone: "13800000002".into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        ..MemberData::default()
    };
    let him = db
        .insert_member(him, None, &Actor::terminal(), today())
        .unwrap();
    let intro = db
        .add_introduction(her.id, him.id, today(), &Actor::terminal(), today())
        .unwrap();
    agreed(&mut db, intro.id);
    db.advance_introduction(
        intro.id,
        Stage::Met,
        today(),
        &Actor::terminal(),
        "欧阳婉清说他很幽默",
        today(),
    )
    .unwrap();
    db.set_introduction_feedback(
        intro.id,
        hongniang_core::introductions::Side::A,
        "婉清觉得合适",
    )
    .unwrap();
    // An edit, so the log holds before/after values.
    let mut edited = db.member(her.id).unwrap().data;
    edited.wechat = "wanqing_2".into();
    edited.employer = "西湖区某设计院".into();
    db.update_member(
        her.id,
        edited,
        hongniang_core::members::PhotoChange::Keep,
        &Actor::terminal(),
        today(),
    )
    .unwrap();

    // Her own data, on request.
    let json = db.export_own_data(&Actor::terminal(), her.id).unwrap();
    let exported: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(exported["member"]["name"], "欧阳婉清");
    assert_eq!(exported["introductions"].as_array().unwrap().len(), 1);
    // Nothing of the other side: neither his name nor his number.
    assert!(
        !json.contains("张三") && !json.contains(&him.number),
        "{json}"
    );

    db.anonymise_member(&Actor::terminal(), her.id).unwrap();
    let after = db.member(her.id).unwrap();
    assert_eq!(after.data.name, ANONYMOUS);
    assert_eq!(after.data.status, MemberStatus::Withdrawn);
    assert!(db.photo(her.id).unwrap().is_none());
    // What the statistics count stays.
    assert_eq!(after.data.gender, Some(Gender::Female));
    assert_eq!(after.data.birth, YearMonth::new(1991, 6));
    assert_eq!(
        after.data.registered_on,
        NaiveDate::from_ymd_opt(2024, 3, 5)
    );
    assert_eq!(
        db.introductions(Some(her.id)).unwrap()[0].met_on,
        Some(today())
    );
    drop(db);

    let mut bytes = std::fs::read(&path).unwrap();
    if let Ok(wal) = std::fs::read(path.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    for secret in [
        "欧阳婉清",
        "婉清",
        "13566778899",
        "wanqing",
        "钱塘江测绘研究院",
        "西溪湿地",
        "欧阳阿姨",
        "13911112222",
        "西湖区某设计院",
        "灵隐寺附近",
    ] {
        assert!(!contains(&bytes, secret), "“{secret}” is still in the file");
    }
    // The other member is untouched, and another member whose name contains hers too.
    assert!(contains(&bytes, "张三"));
}

/// A station with one member who will ask to be deleted, and another who stays.
fn station_with_her(path: &std::path::Path) -> (Db, i64) {
    let mut db = Db::open(path).unwrap();
    let her = MemberData {
        name: "欧阳婉清".into(),
        gender: Some(Gender::Female),
        birth: YearMonth::new(1991, 6),
        phone: "13566778899".into(),
        wechat: "wanqing_ouyang".into(),
        self_intro: "喜欢在西溪湿地拍鸟".into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        ..MemberData::default()
    };
    let her = db
        .insert_member(her, None, &Actor::terminal(), today())
        .unwrap();
    let him = MemberData {
        name: "张三".into(),
        gender: Some(Gender::Male),
        birth: YearMonth::new(1989, 1),
        phone: "13700001111".into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        ..MemberData::default()
    };
    db.insert_member(him, None, &Actor::terminal(), today())
        .unwrap();
    (db, her.id)
}

fn at(day: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn holds_her(path: &std::path::Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    ["欧阳婉清", "13566778899", "wanqing_ouyang", "西溪湿地"]
        .iter()
        .any(|text| contains(&bytes, text))
}

#[test]
fn deletion_rewrites_every_backup_the_program_keeps_and_a_restore_deletes_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let (mut db, her) = station_with_her(&path);
    let first = db.backup_now(at(1)).unwrap();
    let second = db.backup_now(at(2)).unwrap();
    // A restore keeps the data before it as a copy, which holds her too.
    let before_restore = db
        .restore_from(&Actor::terminal(), &first.path, at(3))
        .unwrap();
    // And a copy taken away on a USB stick, which the program does not manage.
    let stick = dir.path().join("usb-copy.db");
    std::fs::copy(&second.path, &stick).unwrap();
    for file in [&first.path, &second.path, &before_restore.path, &stick] {
        assert!(holds_her(file), "{} held her before", file.display());
    }

    let erased = db.anonymise_member(&Actor::terminal(), her).unwrap();
    assert_eq!(erased.backups.rewritten, 3, "{erased:?}");
    assert!(erased.backups.failed.is_empty(), "{erased:?}");
    assert_eq!(erased.remaining(), None);
    for file in [&first.path, &second.path, &before_restore.path] {
        assert!(!holds_her(file), "{} still holds her", file.display());
        // Still a good backup, with everyone else in it.
        let copy = Db::open(file).unwrap();
        assert_eq!(copy.count_members().unwrap(), 2);
        assert_eq!(copy.member(her).unwrap().data.name, ANONYMOUS);
    }
    assert!(holds_her(&stick), "outside the program's folder");

    // Restoring the copy from the stick: she is deleted again before anyone sees her, and the
    // deletion stays known for the next restore.
    db.restore_from(&Actor::terminal(), &stick, at(4)).unwrap();
    let back = db.member(her).unwrap();
    assert_eq!(back.data.name, ANONYMOUS);
    assert!(back.data.phone.is_empty());
    assert_eq!(db.count_members().unwrap(), 2);
    drop(db);
    assert!(!holds_her(&path), "not in the database file");
    let wal = path.with_extension("db-wal");
    assert!(!wal.exists() || !holds_her(&wal), "nor in its WAL");
    let mut db = Db::open(&path).unwrap();
    db.restore_from(&Actor::terminal(), &stick, at(5)).unwrap();
    assert_eq!(db.member(her).unwrap().data.name, ANONYMOUS);
}

#[test]
fn a_deletion_while_another_window_reads_says_the_old_text_is_still_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let (mut db, her) = station_with_her(&path);
    // Another window in the middle of a long read.
    let reader = rusqlite::Connection::open(&path).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap();
    let erased = db.anonymise_member(&Actor::terminal(), her).unwrap();
    assert!(erased.left_in_file);
    let said = erased.remaining().unwrap();
    assert!(said.contains("另一个窗口"), "{said}");
    // Once it is done, the next checkpoint clears the file.
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    drop(db);
    assert!(!holds_her(&path));
}
