//! 统计 on a hand-built station, counted by hand: a marriage in January of an introduction made in
//! December, a stage taken back, a member deleted on request; and the agreement funnel, why
//! introductions ended (by stage and side) and how long members have waited.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::Db;
use hongniang_core::introductions::{EndReason, EndSide, Side, Stage};
use hongniang_core::model::{Gender, MemberData, YearMonth};

use crate::common::agreed;

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
    let lou = db.add_volunteer(&Actor::terminal(), "楼老师").unwrap().id;
    let zhu = db.add_volunteer(&Actor::terminal(), "朱大姐").unwrap().id;
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

/// A member registered on `on`.
fn person(db: &mut Db, name: &str, gender: Gender, on: NaiveDate) -> i64 {
    let n = db.count_members().unwrap() as u32 + 100;
    let data = MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1992, 6),
        phone: format!("1390000{n:04}"),
        consent: true,
        registered_on: Some(on),
        ..MemberData::default()
    };
    db.insert_member(data, None, &Actor::terminal(), today())
        .unwrap()
        .id
}

#[test]
fn agreements_reasons_and_waiting_equal_the_hand_count() {
    let mut db = Db::open_in_memory().unwrap();
    let t = today();
    let actor = Actor::terminal();
    let early = d(2025, 1, 10);
    // A pair of members for each introduction: side A first.
    let pair = |db: &mut Db, n: &str, a: Gender| {
        let b = if a == Gender::Male {
            Gender::Female
        } else {
            Gender::Male
        };
        (
            person(db, &format!("甲{n}"), a, early),
            person(db, &format!("乙{n}"), b, early),
        )
    };
    let start = |db: &mut Db, (a, b): (i64, i64), on: NaiveDate| -> i64 {
        db.add_introduction(a, b, on, &Actor::terminal(), t)
            .unwrap()
            .id
    };
    let agree = |db: &mut Db, id: i64, side: Side, on: NaiveDate| {
        db.agree_to_introduction(id, side, on, &Actor::terminal(), "", t)
            .unwrap();
    };
    let end = |db: &mut Db, id: i64, reason: EndReason, side: EndSide, on: NaiveDate| {
        db.end_introduction(id, (reason, side), on, &Actor::terminal(), "", true, t)
            .unwrap();
    };
    let advance = |db: &mut Db, id: i64, stage: Stage, on: NaiveDate| {
        db.advance_introduction(id, stage, on, &Actor::terminal(), "", t)
            .unwrap();
    };

    // I1 (A a man): introduced, nobody answered yet.
    let p = pair(&mut db, "1", Gender::Male);
    start(&mut db, p, d(2026, 11, 1));
    // I2 (A a woman): A agreed, B not yet.
    let p = pair(&mut db, "2", Gender::Female);
    let i2 = start(&mut db, p, d(2026, 10, 1));
    agree(&mut db, i2, Side::A, d(2026, 10, 2));
    // I3 (A a man): both agreed, contacts not yet given.
    let p = pair(&mut db, "3", Gender::Male);
    let i3 = start(&mut db, p, d(2026, 9, 1));
    agree(&mut db, i3, Side::A, d(2026, 9, 2));
    agree(&mut db, i3, Side::B, d(2026, 9, 3));
    // I4 (A a woman): exchanged, met, ended by her (A) on 2026-07-01: 性格/感觉不合适 at 见面.
    let p = pair(&mut db, "4", Gender::Female);
    let i4 = start(&mut db, p, d(2026, 6, 1));
    agreed(&mut db, i4);
    advance(&mut db, i4, Stage::Met, d(2026, 6, 10));
    end(&mut db, i4, EndReason::NoSpark, EndSide::A, d(2026, 7, 1));
    // I5 (A a man): exchanged, dating, ended by both on 2026-08-20: 已有对象 while 交往.
    let p = pair(&mut db, "5", Gender::Male);
    let i5 = start(&mut db, p, d(2026, 3, 1));
    agreed(&mut db, i5);
    advance(&mut db, i5, Stage::Dating, d(2026, 3, 20));
    end(
        &mut db,
        i5,
        EndReason::HasPartner,
        EndSide::Both,
        d(2026, 8, 20),
    );
    // I6 (A a man): A agreed, B (the woman) said no on 2026-02-05: 年龄差距 at 介绍.
    let p = pair(&mut db, "6", Gender::Male);
    let i6 = start(&mut db, p, d(2026, 2, 1));
    agree(&mut db, i6, Side::A, d(2026, 2, 2));
    end(&mut db, i6, EndReason::AgeGap, EndSide::B, d(2026, 2, 5));
    // I7 (A a woman): nobody answered, 联系不上 on 2026-11-11, by neither.
    let p = pair(&mut db, "7", Gender::Female);
    let i7 = start(&mut db, p, d(2026, 4, 1));
    end(
        &mut db,
        i7,
        EndReason::Unreachable,
        EndSide::Neither,
        d(2026, 11, 11),
    );
    // I8 (A a woman): she agreed, B (the man) said no on 2026-09-01: 身高 at 介绍.
    let p = pair(&mut db, "8", Gender::Female);
    let i8 = start(&mut db, p, d(2026, 5, 1));
    agree(&mut db, i8, Side::A, d(2026, 5, 2));
    end(&mut db, i8, EndReason::Height, EndSide::B, d(2026, 9, 1));
    // I9 (A a man): introduced in 2025, ended by him (A) on 2026-01-10: 年龄差距 at 介绍.
    let p = pair(&mut db, "9", Gender::Male);
    let i9 = start(&mut db, p, d(2025, 12, 1));
    end(&mut db, i9, EndReason::AgeGap, EndSide::A, d(2026, 1, 10));
    // I10 (A a man): exchanged and married on 2026-10-01 (both members leave the pool).
    let p = pair(&mut db, "10", Gender::Male);
    let i10 = start(&mut db, p, d(2026, 1, 15));
    agreed(&mut db, i10);
    advance(&mut db, i10, Stage::Married, d(2026, 10, 1));
    // I11: as an older version recorded it (no agreement steps, no side): met, then ended on
    // 2026-03-01 for 其他.
    let p = pair(&mut db, "11", Gender::Male);
    let i11 = start(&mut db, p, d(2026, 2, 10));
    agreed(&mut db, i11);
    advance(&mut db, i11, Stage::Met, d(2026, 2, 20));
    end(&mut db, i11, EndReason::Other, EndSide::A, d(2026, 3, 1));
    db.connection()
        .execute(
            "UPDATE introductions SET before_agreements = 1, a_agreed_on = NULL,
                b_agreed_on = NULL, exchanged_on = NULL, end_side = NULL WHERE id = ?1",
            [i11],
        )
        .unwrap();
    // I12: introduced and ended in 2025 (其他, both): outside the year.
    let p = pair(&mut db, "12", Gender::Male);
    let i12 = start(&mut db, p, d(2025, 3, 1));
    end(&mut db, i12, EndReason::Other, EndSide::Both, d(2025, 4, 1));
    // Never introduced, registered 30, 31, 365 and 366 days before the report; and two who
    // do not wait: one 暂停, one still to sign the consent (待补签).
    person(&mut db, "新30", Gender::Male, d(2026, 10, 22));
    person(&mut db, "新31", Gender::Female, d(2026, 10, 21));
    person(&mut db, "新365", Gender::Female, d(2025, 11, 21));
    person(&mut db, "新366", Gender::Male, d(2025, 11, 20));
    let paused = person(&mut db, "停", Gender::Female, d(2026, 1, 5));
    db.pause_member(
        paused,
        hongniang_core::model::PauseReason::Busy,
        None,
        &actor,
        t,
    )
    .unwrap();
    let unsigned = MemberData {
        name: "待签".into(),
        gender: Some(Gender::Male),
        birth: YearMonth::new(1990, 1),
        phone: "13700000001".into(),
        consent: false,
        consent_pending: true,
        registered_on: Some(d(2026, 1, 5)),
        ..MemberData::default()
    };
    db.insert_member(unsigned, None, &actor, t).unwrap();

    let year = db
        .stats(Some(d(2026, 1, 1)), Some(d(2026, 12, 31)), t)
        .unwrap();

    // 同意与交换, of the introductions begun in 2026 with the agreement steps (I1–I8, I10:
    // 9; not I9 of 2025, not I11 of the older version):
    //   first side agreed: I2, I3, I4, I5, I6, I8, I10 = 7
    //   both agreed:       I3, I4, I5, I10 = 4
    //   exchanged:         I4, I5, I10 = 3      → 3 ÷ 9 = 33.3 %
    //   still waiting for an answer (at 介绍, B not yet agreed): I1, I2 = 2
    let a = year.agreements;
    assert_eq!(
        (
            a.introductions,
            a.first_agreed,
            a.both_agreed,
            a.exchanged,
            a.waiting_answer
        ),
        (9, 7, 4, 3, 2)
    );
    let rate = a.exchange_rate().unwrap();
    assert!((rate - 100.0 / 3.0).abs() < 1e-9, "{rate}");

    // 未成原因, of those ended in 2026 (I4–I9, I11: 7; not I12 of 2025):
    //   stage  介绍后: I6, I7, I8, I9 = 4;  见面后: I4, I11 = 2;  交往中: I5 = 1
    //   side   男方: I8 (B, a man), I9 (A, a man) = 2;  女方: I4 (A, a woman), I6 (B, a woman) = 2
    //          双方: I5 = 1;  都不是: I7 = 1;  未记录: I11 = 1
    // Reason by reason (total, 介绍后, 见面后, 交往中, 男方, 女方, 双方, 都不是, 未记录):
    let counted = |r: &hongniang_core::stats::ReasonRow| {
        [
            r.total,
            r.at_introduction,
            r.at_meeting,
            r.at_dating,
            r.by_man,
            r.by_woman,
            r.by_both,
            r.by_neither,
            r.side_unknown,
        ]
    };
    let expected: [(&str, [u64; 9]); 11] = [
        ("年龄差距", [2, 2, 0, 0, 1, 1, 0, 0, 0]), // I6 (woman), I9 (man)
        ("身高", [1, 1, 0, 0, 1, 0, 0, 0, 0]),     // I8
        ("学历/工作", [0; 9]),
        ("距离/户籍", [0; 9]),
        ("性格/感觉不合适", [1, 0, 1, 0, 0, 1, 0, 0, 0]), // I4
        ("已有对象", [1, 0, 0, 1, 0, 0, 1, 0, 0]),        // I5
        ("家长不同意", [0; 9]),
        ("联系不上", [1, 1, 0, 0, 0, 0, 0, 1, 0]), // I7
        ("对方未答复", [0; 9]),
        ("其他", [1, 0, 1, 0, 0, 0, 0, 0, 1]), // I11
        ("合计", [7, 4, 2, 1, 2, 2, 1, 1, 1]),
    ];
    assert_eq!(
        year.reasons
            .iter()
            .map(|r| (r.reason.as_str(), counted(r)))
            .collect::<Vec<_>>(),
        expected
    );

    // 等待时间 on 2026-11-21, of the 在册 members in no introduction now (not I1–I3's six, not
    // I10's married couple, not 停 or 待签), by days since registering or the last end:
    //   30天以内:  新30 (30 days, never);            I7's two (10 days)
    //   31–90天:   新31 (31 days, never);            I8's two (81 days)
    //   91–180天:  —                                 I4's two (143), I5's two (93)
    //   181–365天: 新365 (365 days, never);          I6's (289), I9's (315), I11's (265) two each
    //   一年以上:  新366 (366 days, never);          I12's two (599 days)
    let waiting: Vec<(&str, u64, u64)> = year
        .waiting
        .iter()
        .map(|w| (w.group.as_str(), w.never_introduced, w.introduced_before))
        .collect();
    assert_eq!(
        waiting,
        [
            ("30天以内", 1, 2),
            ("31–90天", 1, 2),
            ("91–180天", 0, 4),
            ("181–365天", 1, 6),
            ("一年以上", 1, 2),
        ]
    );

    // Over all time: I9 and I12 join the agreements (neither had any answer) and I12 the
    // reasons (其他, both); the waiting is the same (counted on the day of the report).
    let all = db.stats(None, None, t).unwrap();
    let a = all.agreements;
    assert_eq!(
        (
            a.introductions,
            a.first_agreed,
            a.both_agreed,
            a.exchanged,
            a.waiting_answer
        ),
        (11, 7, 4, 3, 2)
    );
    let other = all.reasons.iter().find(|r| r.reason == "其他").unwrap();
    assert_eq!(counted(other), [2, 1, 1, 0, 0, 0, 1, 0, 1]);
    assert_eq!(
        counted(all.reasons.last().unwrap()),
        [8, 5, 2, 1, 2, 2, 2, 1, 1]
    );
    assert_eq!(all.waiting, year.waiting);
}
