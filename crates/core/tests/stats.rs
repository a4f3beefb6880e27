//! 统计 on a hand-built station, counted by hand: a marriage in January of an introduction made in
//! December, a stage taken back, a member deleted on request.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::Db;
use hongniang_core::introductions::Stage;
use hongniang_core::model::{Gender, MemberData, YearMonth};

mod common;
use common::agreed;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 21)
}

fn member(db: &mut Db, name: &str, gender: Gender, on: NaiveDate, volunteer: i64, n: u32) -> i64 {
    let data = MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1992, 6),
        phone: format!("1380000{n:04}"),
        consent: true,
        registered_on: Some(on),
        volunteer_id: Some(volunteer),
        ..MemberData::default()
    };
    db.insert_member(data, None, &Actor::terminal(), today())
        .unwrap()
        .id
}

#[test]
fn figures_equal_the_hand_count() {
    let mut db = Db::open_in_memory().unwrap();
    let lou = db.add_volunteer("楼老师").unwrap().id;
    let zhu = db.add_volunteer("朱大姐").unwrap().id;
    let wang = member(&mut db, "王强", Gender::Male, d(2025, 3, 1), lou, 1);
    let li = member(&mut db, "李芳", Gender::Female, d(2025, 3, 15), lou, 2);
    let zhao = member(&mut db, "赵磊", Gender::Male, d(2025, 12, 1), zhu, 3);
    let sun = member(&mut db, "孙丽", Gender::Female, d(2025, 12, 5), zhu, 4);
    let zhou = member(&mut db, "周敏", Gender::Female, d(2026, 1, 10), zhu, 5);
    let wu = member(&mut db, "吴刚", Gender::Male, d(2026, 2, 1), lou, 6);
    let t = today();

    let first = db
        .add_introduction(wang, li, d(2025, 4, 1), &db.sign_in(lou, "").unwrap(), t)
        .unwrap();
    agreed(&mut db, first.id);
    db.advance_introduction(
        first.id,
        Stage::Met,
        d(2025, 4, 10),
        &Actor::terminal(),
        "",
        t,
    )
    .unwrap();
    agreed(&mut db, first.id);
    db.advance_introduction(
        first.id,
        Stage::Dating,
        d(2025, 5, 1),
        &Actor::terminal(),
        "",
        t,
    )
    .unwrap();
    agreed(&mut db, first.id);
    db.advance_introduction(
        first.id,
        Stage::Married,
        d(2025, 10, 1),
        &Actor::terminal(),
        "",
        t,
    )
    .unwrap();
    // Introduced in December, married in January.
    let second = db
        .add_introduction(zhao, sun, d(2025, 12, 20), &db.sign_in(zhu, "").unwrap(), t)
        .unwrap();
    agreed(&mut db, second.id);
    db.advance_introduction(
        second.id,
        Stage::Met,
        d(2025, 12, 28),
        &Actor::terminal(),
        "",
        t,
    )
    .unwrap();
    agreed(&mut db, second.id);
    db.advance_introduction(
        second.id,
        Stage::Dating,
        d(2026, 1, 5),
        &Actor::terminal(),
        "",
        t,
    )
    .unwrap();
    agreed(&mut db, second.id);
    db.advance_introduction(
        second.id,
        Stage::Married,
        d(2026, 1, 20),
        &Actor::terminal(),
        "",
        t,
    )
    .unwrap();
    // Dating recorded, then taken back: it does not count.
    let third = db
        .add_introduction(wu, zhou, d(2026, 2, 10), &db.sign_in(lou, "").unwrap(), t)
        .unwrap();
    agreed(&mut db, third.id);
    db.advance_introduction(
        third.id,
        Stage::Met,
        d(2026, 2, 20),
        &Actor::terminal(),
        "",
        t,
    )
    .unwrap();
    agreed(&mut db, third.id);
    db.advance_introduction(
        third.id,
        Stage::Dating,
        d(2026, 3, 1),
        &Actor::terminal(),
        "",
        t,
    )
    .unwrap();
    db.undo_introduction_step(third.id, &Actor::terminal(), t)
        .unwrap();
    // Deleted on request: still counted.
    db.anonymise_member(&Actor::terminal(), zhou).unwrap();

    let all = db.stats(None, None, t).unwrap();
    let tiles = &all.tiles;
    assert_eq!(
        tiles.active_members, 1,
        "only 吴刚: four married, 周敏 withdrawn"
    );
    assert_eq!(tiles.registered_this_year, 2);
    assert_eq!((tiles.introductions, tiles.meetings), (3, 3));
    assert_eq!(tiles.dating_now, 0);
    assert_eq!((tiles.couples, tiles.couples_this_year), (2, 1));

    let row = |periods: &[hongniang_core::stats::Period], p: &str| {
        periods
            .iter()
            .find(|r| r.period == p)
            .cloned()
            .unwrap_or_else(|| panic!("no period {p}"))
    };
    let y2025 = row(&all.years, "2025");
    assert_eq!(
        (
            y2025.registered_male,
            y2025.registered_female,
            y2025.introductions,
            y2025.meetings,
            y2025.datings,
            y2025.marriages
        ),
        (2, 2, 2, 2, 1, 1)
    );
    let y2026 = row(&all.years, "2026");
    assert_eq!(
        (
            y2026.registered_male,
            y2026.registered_female,
            y2026.introductions,
            y2026.meetings,
            y2026.datings,
            y2026.marriages
        ),
        (1, 1, 1, 1, 1, 1)
    );
    let january = row(&all.months, "2026-01");
    assert_eq!(
        (
            january.registered_female,
            january.datings,
            january.marriages
        ),
        (1, 1, 1)
    );
    assert!(
        all.months.iter().all(|m| m.period != "2026-03"),
        "the undone dating left no trace"
    );

    let lou_row = all
        .volunteers
        .iter()
        .find(|v| v.volunteer == "楼老师")
        .unwrap();
    assert_eq!(
        (
            lou_row.registrations,
            lou_row.introductions,
            lou_row.marriages
        ),
        (3, 2, 1)
    );
    let zhu_row = all
        .volunteers
        .iter()
        .find(|v| v.volunteer == "朱大姐")
        .unwrap();
    assert_eq!(
        (
            zhu_row.registrations,
            zhu_row.introductions,
            zhu_row.marriages
        ),
        (3, 1, 1)
    );
    assert_eq!(all.couples.len(), 2);
    assert_eq!(all.couples[1].married_on, d(2026, 1, 20));
    let ages: u64 = all.ages.iter().map(|a| a.male + a.female).sum();
    assert_eq!(ages, 1, "age groups count 在册 members");

    // The year 2026 only: the January marriage of the December introduction is in, the
    // introduction itself is not.
    let this_year = db
        .stats(Some(d(2026, 1, 1)), Some(d(2026, 12, 31)), t)
        .unwrap();
    assert_eq!(this_year.tiles.couples, 1);
    assert_eq!(this_year.tiles.introductions, 1);
    assert_eq!(this_year.couples[0].introduced_on, d(2025, 12, 20));
}
