//! The member's own yes (本人确认): a member a parent registered is kept and found, but neither
//! paired, introduced, signed up for an event, carded nor shared with the district until her
//! own consent is recorded; an older database marks such members on upgrade; a book whose
//! sheets were signed is confirmed at once. And retention: who left more than the period ago is
//! listed, then erased with the figures unchanged.

use chrono::NaiveDate;
use hongniang_core::events::EventData;
use hongniang_core::model::{
    Gender, MemberData, MemberStatus, OwnConsentHow, PublicityName, Registrant, RegistrantRelation,
    YearMonth,
};
use hongniang_core::pairing::{PairingIndex, Weights};
use hongniang_core::print::Job;
use hongniang_core::privacy::ANONYMOUS;
use hongniang_core::{Actor, Db, Error, district, schema};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 12, 7)
}

fn person(name: &str, gender: Gender, year: i32, by: RegistrantRelation) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(year, 5),
        phone: if by == RegistrantRelation::Own {
            format!("1380000{:04}", year)
        } else {
            String::new()
        },
        registrant: Registrant {
            relation: by,
            kin: String::new(),
            name: if by == RegistrantRelation::Own {
                String::new()
            } else {
                "王阿姨".into()
            },
            phone: if by == RegistrantRelation::Own {
                String::new()
            } else {
                "13912345678".into()
            },
        },
        consent: true,
        registered_on: Some(d(2026, 11, 2)),
        ..MemberData::default()
    }
}

fn refused<T: std::fmt::Debug>(result: hongniang_core::Result<T>) -> String {
    match result {
        Err(Error::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_member_registered_by_her_mother_waits_for_her_own_yes() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let him = db
        .insert_member(
            person("陈浩", Gender::Male, 1992, RegistrantRelation::Own),
            None,
            &actor,
            today(),
        )
        .unwrap();
    let mut data = person("王婷", Gender::Female, 1994, RegistrantRelation::Mother);
    data.district_consent_on = Some(d(2026, 11, 2));
    let her = db.insert_member(data, None, &actor, today()).unwrap();
    assert!(her.data.awaits_own_consent());
    assert!(!him.data.awaits_own_consent(), "he registered himself");

    // Kept and found …
    let (awaiting, total) = db.awaiting_own_consent(10).unwrap();
    assert_eq!(total, 1);
    assert_eq!(awaiting[0].name, "王婷");
    assert_eq!(
        awaiting[0].registrant_phone, "13912345678",
        "the phone to call"
    );
    // … but shown to nobody.
    let index = PairingIndex::build(&db).unwrap();
    let exclusions = db.pairing_exclusions(him.id, index.built_at()).unwrap();
    let pairing = index
        .pair(&him, &exclusions, &Weights::default(), today(), 50)
        .unwrap();
    assert!(pairing.candidates.iter().all(|c| c.member_id != her.id));
    assert_eq!(pairing.pool, 0, "she is not in his pool");
    let why = refused(index.pair(&her, &exclusions, &Weights::default(), today(), 50));
    assert!(why.contains("待本人确认"), "{why}");
    let why = refused(db.add_introduction(him.id, her.id, today(), &actor, today()));
    assert!(why.contains("王婷还待本人确认(由母亲代为登记)"), "{why}");
    assert!(!district::is_shared(&her), "not shared with the district");
    let event = db
        .create_event(
            &actor,
            &EventData {
                title: "冬至联谊会".into(),
                on_date: Some(today() + chrono::Days::new(10)),
                places_men: 5,
                places_women: 5,
                ..EventData::default()
            },
        )
        .unwrap();
    let why = refused(db.sign_up(&actor, event.id, her.id, false, today()));
    assert!(why.contains("待本人确认"), "{why}");
    let why = refused(db.print(
        &Job::Card {
            member: her.id,
            image: false,
        },
        &actor,
        today(),
    ));
    assert!(why.contains("待本人确认"), "{why}");
    let why = refused(db.set_publicity_consent(
        &actor,
        her.id,
        Some((today(), PublicityName::Surname)),
        today(),
    ));
    assert!(why.contains("先要有本人的同意"), "{why}");

    // Bad days change nothing.
    for (on, expected) in [
        (today() + chrono::Days::new(1), "不能晚于今天"),
        (d(2026, 10, 1), "不能早于登记日期"),
    ] {
        let why = refused(db.record_own_consent(&actor, her.id, OwnConsentHow::Sheet, on, today()));
        assert!(why.contains(expected), "{why}");
        assert!(db.member(her.id).unwrap().data.awaits_own_consent());
    }
    // By phone, someone must have heard it.
    let why =
        refused(db.record_own_consent(&actor, her.id, OwnConsentHow::Phone, today(), today()));
    assert!(why.contains("接电话的红娘"), "{why}");

    // Her own yes, in person: now she is everywhere she agreed to be.
    db.record_own_consent(
        &actor,
        her.id,
        OwnConsentHow::InPerson,
        d(2026, 12, 1),
        today(),
    )
    .unwrap();
    let her = db.member(her.id).unwrap();
    assert_eq!(her.data.own_consent_on, Some(d(2026, 12, 1)));
    assert_eq!(her.data.own_consent_how, Some(OwnConsentHow::InPerson));
    assert_eq!(db.awaiting_own_consent(10).unwrap().1, 0);
    assert!(district::is_shared(&her));
    let index = PairingIndex::build(&db).unwrap();
    let pairing = index
        .pair(&him, &exclusions, &Weights::default(), today(), 50)
        .unwrap();
    assert_eq!(pairing.pool, 1);
    db.sign_up(&actor, event.id, her.id, false, today())
        .unwrap();
    db.print(
        &Job::Card {
            member: her.id,
            image: false,
        },
        &actor,
        today(),
    )
    .unwrap();
    db.add_introduction(him.id, her.id, today(), &actor, today())
        .unwrap();
    let why =
        refused(db.record_own_consent(&actor, her.id, OwnConsentHow::Sheet, today(), today()));
    assert!(why.contains("已经在 2026-12-01 本人确认过了"), "{why}");
    let log = db.audit_of_member(her.id).unwrap();
    assert!(
        log.iter().any(|e| e
            .summary
            .contains("王婷本人确认同意登记和介绍(2026-12-01,本人到站当面确认")),
        "{log:?}"
    );
}

#[test]
fn the_form_keeps_the_own_consent_and_refuses_a_day_out_of_order() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let mut data = person("李娜", Gender::Female, 1995, RegistrantRelation::Father);
    data.own_consent_on = Some(today() + chrono::Days::new(3));
    data.own_consent_how = Some(OwnConsentHow::Sheet);
    match db.insert_member(data.clone(), None, &actor, today()) {
        Err(Error::Invalid(errors)) => assert!(
            errors
                .iter()
                .any(|e| e.message == "本人确认的日期不能晚于今天"),
            "{errors:?}"
        ),
        other => panic!("{other:?}"),
    }
    let saved: i64 = db
        .connection()
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap();
    assert_eq!(saved, 0, "nothing saved");
    // She signed the sheet's 本人确认 line when she came with her father.
    data.own_consent_on = Some(d(2026, 11, 2));
    let saved = db.insert_member(data, None, &actor, today()).unwrap();
    assert!(!saved.data.awaits_own_consent());
    // A member who registered herself has no second yes to keep.
    let mut own = person("赵敏", Gender::Female, 1993, RegistrantRelation::Own);
    own.own_consent_on = Some(d(2026, 11, 2));
    own.own_consent_how = Some(OwnConsentHow::Sheet);
    let own = db.insert_member(own, None, &actor, today()).unwrap();
    assert_eq!(own.data.own_consent_on, None);
}

#[test]
fn an_older_database_marks_members_registered_by_others_and_says_how_many() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        schema::migrations().to_version(&mut conn, 17).unwrap();
        conn.execute_batch(
            "INSERT INTO members (id, number, name, gender, birth_year, birth_month, registered_on,
                 consent, consent_on, status, created_at, updated_at, phone, registrant_relation,
                 registrant_phone, source)
             VALUES
             (1, '2024-0001', '王强', 'male', 1990, 5, '2024-01-05', 1, '2024-01-05', 'active',
              '2024-01-05T09:00:00', '2024-01-05T09:00:00', '13800000001', 'self', '', ''),
             (2, '2024-0002', '李芳', 'female', 1992, 3, '2024-01-05', 1, '2024-01-05', 'active',
              '2024-01-05T09:00:00', '2024-01-05T09:00:00', '', 'mother', '13900000002',
              '第 3 册 · 第 12 页 · 旧登记册.xlsx 第 5 行'),
             (3, '2024-0003', '孙丽', 'female', 1991, 8, '2024-01-06', 1, '2024-01-06', 'active',
              '2024-01-06T09:00:00', '2024-01-06T09:00:00', '', 'father', '13900000003',
              '第 3 册 · 第 13 页 · 旧登记册.xlsx 第 6 行'),
             (4, '2024-0004', '周婷', 'female', 1994, 4, '2024-01-08', 1, '2024-01-08', 'withdrawn',
              '2024-01-08T09:00:00', '2025-02-03T09:00:00', '', 'mother', '13900000004', '');",
        )
        .unwrap();
    }
    let mut db = Db::open(&path).unwrap();
    let notes = db.upgrade_notes().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].contains("2 位由父母或亲属代为登记的会员"),
        "{notes:?}"
    );
    let (awaiting, total) = db.awaiting_own_consent(10).unwrap();
    assert_eq!(total, 2, "the one who left is not asked");
    assert_eq!(awaiting[0].book, "第 3 册 · 旧登记册.xlsx");
    // Who left before this version counts from their last change.
    let left: Option<String> = db
        .connection()
        .query_row("SELECT left_on FROM members WHERE id = 4", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left.as_deref(), Some("2025-02-03"));
    db.dismiss_upgrade_notes().unwrap();
    assert!(db.upgrade_notes().unwrap().is_empty(), "said once");

    // The book's sheets were signed: one confirmation for all of it.
    let actor = Actor::terminal();
    let why = refused(db.confirm_book(&actor, "第 4 册 · 旧登记册.xlsx"));
    assert!(why.contains("没有待本人确认的会员"), "{why}");
    assert_eq!(
        db.confirm_book(&actor, "第 3 册 · 旧登记册.xlsx").unwrap(),
        2
    );
    assert_eq!(db.awaiting_own_consent(10).unwrap().1, 0);
    let her = db.member(2).unwrap();
    assert_eq!(her.data.own_consent_how, Some(OwnConsentHow::Sheet));
    assert_eq!(her.data.own_consent_on, Some(d(2024, 1, 5)));
    let check: String = db
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_member_who_says_no_leaves() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let her = db
        .insert_member(
            person("刘洋", Gender::Female, 1996, RegistrantRelation::Mother),
            None,
            &actor,
            today(),
        )
        .unwrap();
    db.own_consent_refused(&actor, her.id).unwrap();
    let her = db.member(her.id).unwrap();
    assert_eq!(her.data.status, MemberStatus::Withdrawn);
    assert_eq!(db.awaiting_own_consent(10).unwrap().1, 0);
    let left: Option<NaiveDate> = db
        .connection()
        .query_row("SELECT left_on FROM members WHERE id = ?1", [her.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        left,
        Some(hongniang_core::today()),
        "the period runs from today"
    );
}

#[test]
fn retention_lists_who_left_long_ago_and_erases_them_with_the_figures_kept() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let mut ids = Vec::new();
    for (name, year) in [("甲", 1980), ("乙", 1981), ("丙", 1982)] {
        let mut data = person(name, Gender::Female, year, RegistrantRelation::Own);
        data.name = format!("{name}女士");
        data.registered_on = Some(d(2020, 3, 1));
        ids.push(db.insert_member(data, None, &actor, today()).unwrap().id);
    }
    // 甲 left four years ago, 乙 two years ago, 丙 is still here.
    for (id, left) in [(ids[0], "2022-10-01"), (ids[1], "2024-10-01")] {
        db.connection()
            .execute(
                "UPDATE members SET status = 'withdrawn' WHERE id = ?1",
                [id],
            )
            .unwrap();
        db.connection()
            .execute(
                "UPDATE members SET left_on = ?1 WHERE id = ?2",
                rusqlite::params![left, id],
            )
            .unwrap();
    }
    assert_eq!(db.retention_years().unwrap(), 3);
    let why = refused(db.set_retention_years(&actor, 0));
    assert!(why.contains("保存期限须在 1–20 年之间"), "{why}");
    assert_eq!(db.retention_years().unwrap(), 3, "nothing changed");

    let expired = db.expired(today()).unwrap();
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].name, "甲女士");
    assert_eq!(expired[0].kept_until, d(2025, 10, 1));
    // A shorter period brings 乙 in.
    db.set_retention_years(&actor, 2).unwrap();
    let expired = db.expired(today()).unwrap();
    assert_eq!(expired.len(), 2);
    let preview: Vec<i64> = expired.iter().map(|e| e.member_id).collect();
    // 乙 came back between the preview and the confirmation: not erased.
    db.connection()
        .execute(
            "UPDATE members SET status = 'active' WHERE id = ?1",
            [ids[1]],
        )
        .unwrap();
    let before = db.stats(None, None, today()).unwrap();
    let (erased, _, _) = db.apply_retention(&actor, &preview, today()).unwrap();
    assert_eq!(erased, 1);
    assert_eq!(db.member(ids[0]).unwrap().data.name, ANONYMOUS);
    assert_eq!(db.member(ids[1]).unwrap().data.name, "乙女士");
    assert!(db.expired(today()).unwrap().is_empty());
    let after = db.stats(None, None, today()).unwrap();
    assert_eq!(before.years, after.years, "the figures keep their counts");
    assert_eq!(before.ages, after.ages);
    let log = db.audit_of_member(ids[0]).unwrap();
    assert!(
        log.iter()
            .any(|e| e.summary.contains("保存期满删除了个人资料")),
        "{log:?}"
    );
}

/// 喜报: refused while one of the couple has not agreed to publicity, then printed (A5 and a
/// phone-sized PNG) naming each as they allowed; the list of consenting couples exported.
#[test]
fn the_couples_good_news_needs_both_consents() {
    use hongniang_core::introductions::{Side, Stage};
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("station.db")).unwrap();
    let actor = Actor::terminal();
    let mut his = person("陈浩", Gender::Male, 1990, RegistrantRelation::Own);
    his.publicity_consent_on = Some(d(2026, 11, 2));
    his.publicity_name = Some(PublicityName::Full);
    let him = db.insert_member(his, None, &actor, today()).unwrap();
    let her = db
        .insert_member(
            person("王婷", Gender::Female, 1992, RegistrantRelation::Own),
            None,
            &actor,
            today(),
        )
        .unwrap();
    let on = d(2026, 11, 3);
    let i = db
        .add_introduction(her.id, him.id, on, &actor, today())
        .unwrap();
    for side in [Side::A, Side::B] {
        db.agree_to_introduction(i.id, side, on, &actor, "", today())
            .unwrap();
    }
    db.exchange_contacts(i.id, on, &actor, "", today()).unwrap();
    db.advance_introduction(i.id, Stage::Married, d(2026, 12, 1), &actor, "", today())
        .unwrap();
    let job = Job::HappyNews {
        introduction: i.id,
        image: false,
        photo: None,
    };
    let why = refused(db.print(&job, &actor, today()));
    assert!(why.contains("王婷还没有同意"), "{why}");
    assert!(db.publicity_couples().unwrap().is_empty());

    db.set_publicity_consent(
        &actor,
        her.id,
        Some((d(2026, 12, 2), PublicityName::Surname)),
        today(),
    )
    .unwrap();
    let couple = db.publicity_couple(i.id).unwrap();
    assert_eq!(
        (couple.groom.as_str(), couple.bride.as_str()),
        ("陈浩", "王女士")
    );
    let printout = db.print(&job, &actor, today()).unwrap();
    assert_eq!(printout.page_count(), 1);
    assert!(printout.pdf().unwrap().starts_with(b"%PDF"));
    let png = db
        .print(
            &Job::HappyNews {
                introduction: i.id,
                image: true,
                photo: None,
            },
            &actor,
            today(),
        )
        .unwrap()
        .png(0, 2.0)
        .unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let csv = dir.path().join("couples.csv");
    assert_eq!(db.export_publicity_couples(&actor, &csv).unwrap(), 1);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("陈浩,王女士,2026-12-01"), "{text}");
    // She withdraws: no more 喜报.
    db.set_publicity_consent(&actor, her.id, None, today())
        .unwrap();
    assert!(refused(db.publicity_couple(i.id)).contains("王婷还没有同意"));
}
