//! 个人信息: a member's own data goes out as JSON, and deletion on request leaves nothing that
//! identifies them in the database file, while the statistics keep their counts.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::introductions::Stage;
use hongniang_core::model::{
    Gender, MemberData, MemberStatus, OwnConsentHow, Registrant, RegistrantRelation, YearMonth,
};
use hongniang_core::privacy::ANONYMOUS;
use hongniang_core::{Db, photo};

use crate::common::agreed;

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
        own_consent_on: NaiveDate::from_ymd_opt(2024, 3, 8),
        own_consent_how: Some(OwnConsentHow::Phone),
        own_consent_by: "楼老师".into(),
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
        own_consent_on: NaiveDate::from_ymd_opt(2024, 3, 8),
        own_consent_how: Some(OwnConsentHow::Phone),
        own_consent_by: "楼老师".into(),
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

    // Asked about a member of another station: that station's key and his "朱先生" are
    // logged with her.
    db.connection()
        .execute(
            "INSERT INTO district_requests (sent, member_id, member_key, partner_key,
                 partner_station, partner, asked_on)
             VALUES (1, ?1, 'QB-2024-0001', '南星-2026-0101', '南星', '朱先生(南星站)', '2026-11-20')",
            [her.id],
        )
        .unwrap();
    let request = db.connection().last_insert_rowid();
    db.district_request_logged(
        &Actor::terminal(),
        request,
        "全区介绍请求:欧阳婉清 与 南星-2026-0101 朱先生",
    )
    .unwrap();

    // Her own data, on request.
    let json = db.export_own_data(&Actor::terminal(), her.id).unwrap();
    let exported: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(exported["member"]["name"], "欧阳婉清");
    assert_eq!(exported["introductions"].as_array().unwrap().len(), 1);
    // Nothing of the other side: neither his name nor his number; nor, for the member of
    // another station, his station's key or his 朱先生 — every one is 对方.
    assert!(
        !json.contains("张三") && !json.contains(&him.number),
        "{json}"
    );
    assert!(
        !json.contains("南星-2026-0101") && !json.contains("朱先生"),
        "{json}"
    );
    assert!(json.contains("全区介绍请求:欧阳婉清 与 对方"), "{json}");

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
        own_consent_on: NaiveDate::from_ymd_opt(2024, 3, 8),
        own_consent_how: Some(OwnConsentHow::Phone),
        own_consent_by: "楼老师".into(),
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
        own_consent_on: NaiveDate::from_ymd_opt(2024, 3, 8),
        own_consent_how: Some(OwnConsentHow::Phone),
        own_consent_by: "楼老师".into(),
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

/// Every TEXT column of every table of the database at `conn` (read from its schema, so a
/// table or column added later is searched too) that still holds one of `secrets`, as
/// `table.column: secret`.
fn texts_holding(conn: &rusqlite::Connection, secrets: &[&str]) -> Vec<String> {
    let mut columns = Vec::new();
    let mut tables = conn
        .prepare(
            "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
             WHERE m.type = 'table' AND upper(c.type) = 'TEXT' ORDER BY m.name, c.cid",
        )
        .unwrap();
    for row in tables
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
    {
        columns.push(row.unwrap());
    }
    assert!(columns.len() > 100, "read the schema: {}", columns.len());
    let mut found = Vec::new();
    for (table, column) in &columns {
        for secret in secrets {
            let held: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM \"{table}\" WHERE instr(\"{column}\", ?1) > 0"),
                    [secret],
                    |r| r.get(0),
                )
                .unwrap();
            if held > 0 {
                found.push(format!("{table}.{column}: {secret}"));
            }
        }
    }
    found
}

#[test]
fn deletion_leaves_her_in_no_text_column_of_any_table_nor_of_the_backups() {
    use hongniang_core::availability::CallOutcome;
    use hongniang_core::events::EventData;
    use hongniang_core::introductions::{EndReason, EndSide, Side};
    use hongniang_core::model::{FamilyWishes, Preferences, WishesOf};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let mut db = Db::open(&path).unwrap();
    db.set_station_name("湖滨站").unwrap();
    let terminal = Actor::terminal();
    // A phone typed into a note: her mother's, as families write them anywhere.
    let typed = "13700009999";
    let secrets = [
        "欧阳婉清",
        "13566778899",
        "wanqing_ouyang",
        typed,
        "13911112222",
    ];
    let her = MemberData {
        name: "欧阳婉清".into(),
        gender: Some(Gender::Female),
        birth: YearMonth::new(1991, 6),
        phone: "13566778899".into(),
        wechat: "wanqing_ouyang".into(),
        native_place: format!("欧阳婉清老家,电话{typed}"),
        district: format!("上城区(欧阳婉清){typed}"),
        occupation: format!("护士 {typed}"),
        employer: format!("欧阳婉清所在医院 {typed}"),
        employer_type: format!("事业单位 {typed}"),
        income: format!("面议 {typed}"),
        children: format!("无 {typed}"),
        housing: format!("有房 {typed}"),
        hobbies: format!("拍鸟,找欧阳婉清请打 {typed}"),
        self_intro: format!("我是欧阳婉清,微信 wanqing_ouyang,电话 {typed}"),
        union_member: true,
        union_name: format!("欧阳婉清单位工会 {typed}"),
        ethnicity: "汉".into(),
        notes: format!("母亲说有事打 {typed}"),
        consent_source: format!("欧阳婉清本人签字 {typed}"),
        registrant: Registrant {
            relation: RegistrantRelation::Mother,
            kin: format!("欧阳婉清的母亲 {typed}"),
            name: "欧阳婉清妈妈".into(),
            phone: "13911112222".into(),
        },
        preferences: Preferences {
            other: format!("对方要能接受欧阳婉清值夜班,先打 {typed}"),
            ..Preferences::default()
        },
        family: Some(FamilyWishes {
            by: WishesOf::Mother,
            preferences: Preferences {
                other: format!("男方家长请直接打 {typed} 找欧阳婉清妈妈"),
                ..Preferences::default()
            },
        }),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        own_consent_on: NaiveDate::from_ymd_opt(2024, 3, 8),
        own_consent_how: Some(OwnConsentHow::Phone),
        own_consent_by: "楼老师".into(),
        ..MemberData::default()
    };
    let her = db.insert_member(her, None, &terminal, today()).unwrap();
    let man = |name: &str, phone: &str| MemberData {
        name: name.into(),
        gender: Some(Gender::Male),
        birth: YearMonth::new(1989, 1),
        phone: phone.into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        own_consent_on: NaiveDate::from_ymd_opt(2024, 3, 8),
        own_consent_how: Some(OwnConsentHow::Phone),
        own_consent_by: "楼老师".into(),
        ..MemberData::default()
    };
    let him = db
        .insert_member(man("张三", "13800000002"), None, &terminal, today())
        .unwrap();
    let other = db
        .insert_member(man("李四", "13800000003"), None, &terminal, today())
        .unwrap();
    // An edit: the log keeps before and after.
    let mut edited = db.member(her.id).unwrap().data;
    edited.wechat = "wanqing_ouyang_2".into();
    db.update_member(
        her.id,
        edited,
        hongniang_core::members::PhotoChange::Keep,
        &terminal,
        today(),
    )
    .unwrap();
    // A 回访 call.
    db.record_call(
        her.id,
        CallOutcome::StillLooking,
        today(),
        &format!("欧阳婉清妈妈接的,说以后打 {typed}"),
        &terminal,
        today(),
    )
    .unwrap();
    // An introduction step by step, with notes and both sides' feedback naming her.
    let intro = db
        .add_introduction(her.id, him.id, today(), &terminal, today())
        .unwrap();
    let on = today();
    db.agree_to_introduction(
        intro.id,
        Side::A,
        on,
        &terminal,
        &format!("婉清同意,{typed}"),
        on,
    )
    .unwrap();
    db.agree_to_introduction(intro.id, Side::B, on, &terminal, "张三同意", on)
        .unwrap();
    db.exchange_contacts(intro.id, on, &terminal, &format!("给了张三 {typed}"), on)
        .unwrap();
    db.advance_introduction(
        intro.id,
        Stage::Met,
        on,
        &terminal,
        &format!("欧阳婉清说他很幽默 {typed}"),
        on,
    )
    .unwrap();
    db.set_introduction_feedback(intro.id, Side::A, &format!("欧阳婉清:合适 {typed}"))
        .unwrap();
    db.set_introduction_feedback(
        intro.id,
        Side::B,
        "张三:欧阳婉清人很好,电话13566778899我记下了",
    )
    .unwrap();
    // Another, ended and blocked.
    let ended = db
        .add_introduction(her.id, other.id, today(), &terminal, today())
        .unwrap();
    db.end_introduction(
        ended.id,
        (EndReason::Other, EndSide::A),
        on,
        &terminal,
        &format!("欧阳婉清不想见,妈妈 {typed}"),
        true,
        on,
    )
    .unwrap();
    // An event she signed up for.
    let event = db
        .create_event(
            &terminal,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(today() + chrono::Days::new(30)),
                places_men: 10,
                places_women: 10,
                ..EventData::default()
            },
        )
        .unwrap();
    db.sign_up(&terminal, event.id, her.id, false, today())
        .unwrap();
    // A request from another station of the district for her, with its note.
    db.district_requests_received(
        "湖滨",
        &[hongniang_core::district::RequestRow {
            id: 7,
            from_station: "南星".into(),
            from_key: "南星-2024-0001".into(),
            to_station: "湖滨".into(),
            to_key: format!("湖滨-{}", her.number),
            note: format!("我们的会员想认识欧阳婉清,她妈妈说打 {typed}"),
            asked_on: today(),
            answer: None,
            reason: String::new(),
            answered_on: None,
            from_stage: None,
            to_stage: None,
            shared_event: None,
        }],
        &terminal,
    )
    .unwrap();
    // A value an import asked to check (import writes these; no other operation does).
    db.connection()
        .execute(
            "INSERT INTO member_checks (member_id, field, what, created_on)
             VALUES (?1, '手机', ?2, '2026-11-21')",
            rusqlite::params![her.id, format!("手机号 {typed} 位数不对")],
        )
        .unwrap();
    let before = texts_holding(db.connection(), &secrets);
    for place in [
        "members.notes",
        "preferences.other",
        "family_preferences.other",
        "member_calls.notes",
        "introduction_steps.notes",
        "introductions.feedback_b",
        "district_requests.note",
        "member_checks.what",
        "audit_log.changes",
    ] {
        assert!(
            before.iter().any(|f| f.starts_with(&format!("{place}:"))),
            "{place} was filled: {before:?}"
        );
    }
    let first = db.backup_now(at(1)).unwrap();
    let second = db.backup_now(at(2)).unwrap();

    let erased = db.anonymise_member(&terminal, her.id).unwrap();
    assert_eq!(erased.backups.rewritten, 2, "{erased:?}");
    assert_eq!(
        texts_holding(db.connection(), &secrets),
        Vec::<String>::new()
    );
    for backup in [&first.path, &second.path] {
        let copy = rusqlite::Connection::open(backup).unwrap();
        assert_eq!(
            texts_holding(&copy, &secrets),
            Vec::<String>::new(),
            "{}",
            backup.display()
        );
    }
    // The rest stays: the other members, the introductions, the event and its sign-up.
    assert_eq!(db.member(him.id).unwrap().data.name, "张三");
    assert_eq!(db.introductions(Some(her.id)).unwrap().len(), 2);
    assert!(
        db.introduction(intro.id)
            .unwrap()
            .feedback_b
            .starts_with("张三:")
    );
}
