//! 开放日: the visitor counters, the volunteers on duty from their sign-in, the day's
//! registrations and introductions, and the yearly totals counted by hand.

use chrono::NaiveDate;
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::open_days::Visitor;
use hongniang_core::{Actor, Db, Error};

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn member(db: &mut Db, name: &str, gender: Gender, registered: NaiveDate, n: u32) -> i64 {
    let data = MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1992, 3),
        phone: format!("1380000{n:04}"),
        consent: true,
        registered_on: Some(registered),
        ..MemberData::default()
    };
    db.insert_member(
        data,
        None,
        &Actor::terminal(),
        registered.max(d(2026, 12, 1)),
    )
    .unwrap()
    .id
}

#[test]
fn an_open_day_counts_its_visitors_and_takes_back_a_slip() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let day = d(2026, 11, 7);
    let today = d(2026, 11, 7);
    assert_eq!(db.open_day(day).unwrap(), None);
    for _ in 0..3 {
        db.count_visitor(&actor, day, Visitor::Single, 1, today)
            .unwrap();
    }
    db.count_visitor(&actor, day, Visitor::Parent, 1, today)
        .unwrap();
    let after = db
        .count_visitor(&actor, day, Visitor::Single, -1, today)
        .unwrap();
    assert_eq!((after.singles, after.parents, after.visitors()), (2, 1, 3));
    // Never below zero, never in the future.
    db.count_visitor(&actor, day, Visitor::Parent, -1, today)
        .unwrap();
    match db.count_visitor(&actor, day, Visitor::Parent, -1, today) {
        Err(Error::Refused(message)) => assert!(message.contains("已经是 0")),
        other => panic!("{other:?}"),
    }
    assert!(
        db.count_visitor(&actor, d(2026, 11, 8), Visitor::Single, 1, today)
            .is_err()
    );
    let noted = db
        .set_open_day_notes(&actor, day, "七夕前的开放日,人多", today)
        .unwrap();
    assert_eq!((noted.singles, noted.parents), (2, 0));
    assert_eq!(noted.notes, "七夕前的开放日,人多");
}

#[test]
fn open_days_take_duty_registrations_and_introductions_from_their_own_records() {
    let mut db = Db::open_in_memory().unwrap();
    db.set_station_name("爱的填空").unwrap();
    let lou = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap()
        .id;
    let zhu = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "朱大姐")
        .unwrap()
        .id;
    let today = hongniang_core::today();
    // Signing in records the day on duty (today: the sign-in's own day).
    db.sign_in(lou, "").unwrap();
    db.sign_in(zhu, "").unwrap();
    db.sign_in(lou, "").unwrap();
    let actor = Actor::terminal();
    db.count_visitor(&actor, today, Visitor::Single, 1, today)
        .unwrap();
    let a = member(&mut db, "王强", Gender::Male, today, 1);
    let b = member(&mut db, "李芳", Gender::Female, today, 2);
    member(
        &mut db,
        "张伟",
        Gender::Male,
        today - chrono::Duration::days(1),
        3,
    );
    db.add_introduction(a, b, today, &actor, today).unwrap();
    let day = db.open_day(today).unwrap().unwrap();
    assert_eq!(day.volunteers, ["朱大姐", "楼老师"]);
    assert_eq!((day.registrations, day.introductions), (2, 1));
}

#[test]
fn the_yearly_totals_add_up_the_open_days_as_counted_by_hand() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let today = d(2026, 12, 1);
    let days = [
        (d(2025, 3, 8), 4, 2),
        (d(2025, 10, 1), 6, 3),
        (d(2026, 2, 14), 10, 5),
        (d(2026, 8, 19), 7, 0),
        (d(2026, 11, 7), 1, 1),
    ];
    for (day, singles, parents) in days {
        for _ in 0..singles {
            db.count_visitor(&actor, day, Visitor::Single, 1, today)
                .unwrap();
        }
        for _ in 0..parents {
            db.count_visitor(&actor, day, Visitor::Parent, 1, today)
                .unwrap();
        }
    }
    member(&mut db, "王强", Gender::Male, d(2026, 2, 14), 1);
    member(&mut db, "李芳", Gender::Female, d(2026, 2, 14), 2);
    member(&mut db, "张伟", Gender::Male, d(2026, 2, 15), 3);
    let years = db.open_day_years(None, None).unwrap();
    let rows: Vec<(i32, u32, u32, u32, u32)> = years
        .iter()
        .map(|y| (y.year, y.days, y.singles, y.parents, y.registrations))
        .collect();
    assert_eq!(rows, [(2026, 3, 18, 6, 2), (2025, 2, 10, 5, 0)]);
    // The statistics of 2026 hold only that year, in the export's table too.
    let stats = db
        .stats(Some(d(2026, 1, 1)), Some(d(2026, 12, 31)), today)
        .unwrap();
    assert_eq!(stats.open_days.len(), 1);
    assert_eq!(stats.open_days[0].days, 3);
    assert_eq!(stats.open_days[0].singles + stats.open_days[0].parents, 24);
    let listed = db.open_days(Some(d(2026, 8, 1)), None).unwrap();
    assert_eq!(
        listed.iter().map(|o| o.on).collect::<Vec<_>>(),
        [d(2026, 11, 7), d(2026, 8, 19)]
    );
}
