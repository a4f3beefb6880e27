//! Every rule of the introduction history, the refused steps included, and what each step does
//! to the two members.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::introductions::{EndReason, EndSide, Filter, Side, Stage};
use hongniang_core::model::{Gender, MemberData, MemberStatus, YearMonth};
use hongniang_core::{Db, Error};

use crate::common::agreed;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, d).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn member(db: &mut Db, name: &str, gender: Gender, phone: &str) -> i64 {
    let data = MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1990, 5),
        phone: phone.into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2026, 1, 5),
        ..MemberData::default()
    };
    db.insert_member(data, None, &Actor::terminal(), today())
        .unwrap()
        .id
}

struct Couple {
    db: Db,
    he: i64,
    she: i64,
}

fn couple() -> Couple {
    let mut db = Db::open_in_memory().unwrap();
    let he = member(&mut db, "王强", Gender::Male, "13800000001");
    let she = member(&mut db, "李芳", Gender::Female, "13800000002");
    Couple { db, he, she }
}

fn status(db: &Db, id: i64) -> MemberStatus {
    db.member(id).unwrap().data.status
}

fn steps(db: &Db) -> i64 {
    db.connection()
        .query_row("SELECT count(*) FROM introduction_steps", [], |r| r.get(0))
        .unwrap()
}

fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn forward_to_marriage_sets_both_members_married() {
    let Couple { mut db, he, she } = couple();
    let intro = db
        .add_introduction(he, she, day(1), &Actor::terminal(), today())
        .unwrap();
    assert_eq!(intro.stage, Stage::Introduced);
    agreed(&mut db, intro.id);
    let met = db
        .advance_introduction(
            intro.id,
            Stage::Met,
            day(5),
            &Actor::terminal(),
            "在西湖边见面",
            today(),
        )
        .unwrap();
    assert_eq!((met.stage, met.met_on), (Stage::Met, Some(day(5))));
    agreed(&mut db, intro.id);
    db.advance_introduction(
        intro.id,
        Stage::Dating,
        day(12),
        &Actor::terminal(),
        "",
        today(),
    )
    .unwrap();
    agreed(&mut db, intro.id);
    let married = db
        .advance_introduction(
            intro.id,
            Stage::Married,
            day(30),
            &Actor::terminal(),
            "",
            today(),
        )
        .unwrap();
    assert_eq!(married.stage, Stage::Married);
    assert_eq!(married.married_on, Some(day(30)));
    assert_eq!(
        (status(&db, he), status(&db, she)),
        (MemberStatus::Married, MemberStatus::Married)
    );
    assert_eq!(
        steps(&db),
        7,
        "介绍, 双方同意, 交换联系方式, 见面, 交往, 登记结婚"
    );
}

#[test]
fn a_skipped_stage_is_dated_with_the_step() {
    let Couple { mut db, he, she } = couple();
    let intro = db
        .add_introduction(he, she, day(1), &Actor::terminal(), today())
        .unwrap();
    agreed(&mut db, intro.id);
    let dating = db
        .advance_introduction(
            intro.id,
            Stage::Dating,
            day(9),
            &Actor::terminal(),
            "",
            today(),
        )
        .unwrap();
    assert_eq!(
        (dating.met_on, dating.dating_on),
        (Some(day(9)), Some(day(9)))
    );
}

#[test]
fn refused_steps_change_nothing() {
    let Couple { mut db, he, she } = couple();
    let intro = db
        .add_introduction(he, she, day(1), &Actor::terminal(), today())
        .unwrap();
    agreed(&mut db, intro.id);
    db.advance_introduction(
        intro.id,
        Stage::Dating,
        day(9),
        &Actor::terminal(),
        "",
        today(),
    )
    .unwrap();
    let before = (db.introduction(intro.id).unwrap(), steps(&db));

    assert!(
        refused(db.advance_introduction(
            intro.id,
            Stage::Met,
            day(10),
            &Actor::terminal(),
            "",
            today()
        ))
        .contains("撤销上一步")
    );
    refused(db.advance_introduction(
        intro.id,
        Stage::Dating,
        day(10),
        &Actor::terminal(),
        "",
        today(),
    ));
    refused(db.advance_introduction(
        intro.id,
        Stage::Ended,
        day(10),
        &Actor::terminal(),
        "",
        today(),
    ));
    assert!(
        refused(db.advance_introduction(
            intro.id,
            Stage::Married,
            day(8),
            &Actor::terminal(),
            "",
            today()
        ))
        .contains("早于")
    );
    assert!(
        refused(db.advance_introduction(
            intro.id,
            Stage::Married,
            today().succ_opt().unwrap(),
            &Actor::terminal(),
            "",
            today(),
        ))
        .contains("晚于今天")
    );
    assert!(matches!(
        db.advance_introduction(999, Stage::Met, day(10), &Actor::terminal(), "", today()),
        Err(Error::IntroductionNotFound)
    ));
    assert_eq!((db.introduction(intro.id).unwrap(), steps(&db)), before);
    assert_eq!(status(&db, he), MemberStatus::Active);
}

#[test]
fn nothing_follows_marriage_or_an_end() {
    let Couple { mut db, he, she } = couple();
    let intro = db
        .add_introduction(he, she, day(1), &Actor::terminal(), today())
        .unwrap();
    agreed(&mut db, intro.id);
    db.advance_introduction(
        intro.id,
        Stage::Married,
        day(20),
        &Actor::terminal(),
        "",
        today(),
    )
    .unwrap();
    agreed(&mut db, intro.id);
    refused(db.advance_introduction(
        intro.id,
        Stage::Married,
        day(21),
        &Actor::terminal(),
        "",
        today(),
    ));
    assert!(
        refused(db.end_introduction(
            intro.id,
            (EndReason::Other, EndSide::B),
            day(21),
            &Actor::terminal(),
            "",
            true,
            today()
        ))
        .contains("登记结婚")
    );

    let mut other = Db::open_in_memory().unwrap();
    let a = member(&mut other, "张伟", Gender::Male, "13900000001");
    let b = member(&mut other, "赵敏", Gender::Female, "13900000002");
    let ended = other
        .add_introduction(a, b, day(1), &Actor::terminal(), today())
        .unwrap();
    other
        .end_introduction(
            ended.id,
            (EndReason::AgeGap, EndSide::A),
            day(2),
            &Actor::terminal(),
            "",
            true,
            today(),
        )
        .unwrap();
    agreed(&mut other, ended.id);
    refused(other.advance_introduction(
        ended.id,
        Stage::Met,
        day(3),
        &Actor::terminal(),
        "",
        today(),
    ));
    refused(other.end_introduction(
        ended.id,
        (EndReason::AgeGap, EndSide::A),
        day(3),
        &Actor::terminal(),
        "",
        true,
        today(),
    ));
}

#[test]
fn an_end_keeps_both_in_the_pool_and_blocks_the_pair_by_default() {
    let Couple { mut db, he, she } = couple();
    let intro = db
        .add_introduction(he, she, day(1), &Actor::terminal(), today())
        .unwrap();
    agreed(&mut db, intro.id);
    db.advance_introduction(
        intro.id,
        Stage::Met,
        day(3),
        &Actor::terminal(),
        "",
        today(),
    )
    .unwrap();
    let ended = db
        .end_introduction(
            intro.id,
            (EndReason::NoSpark, EndSide::Both),
            day(4),
            &Actor::terminal(),
            "性格不合",
            true,
            today(),
        )
        .unwrap();
    assert_eq!(
        (ended.stage, ended.end_reason, ended.ended_on),
        (Stage::Ended, Some(EndReason::NoSpark), Some(day(4)))
    );
    assert_eq!(
        (status(&db, he), status(&db, she)),
        (MemberStatus::Active, MemberStatus::Active)
    );
    assert!(db.is_blocked(she, he).unwrap());
    assert!(
        refused(db.add_introduction(she, he, day(10), &Actor::terminal(), today()))
            .contains("不再介绍")
    );

    // Taken back, the introduction is at 见面 again and the block is lifted.
    let back = db
        .undo_introduction_step(intro.id, &Actor::terminal(), today())
        .unwrap();
    assert_eq!(
        (back.stage, back.ended_on, back.end_reason),
        (Stage::Met, None, None)
    );
    assert!(!db.is_blocked(he, she).unwrap());

    // Without blocking, the pair may be introduced again later.
    db.end_introduction(
        intro.id,
        (EndReason::Unreachable, EndSide::Neither),
        day(6),
        &Actor::terminal(),
        "",
        false,
        today(),
    )
    .unwrap();
    assert!(!db.is_blocked(he, she).unwrap());
    db.add_introduction(he, she, day(20), &Actor::terminal(), today())
        .unwrap();
}

#[test]
fn taking_back_a_marriage_restores_the_members() {
    let Couple { mut db, he, she } = couple();
    let intro = db
        .add_introduction(he, she, day(1), &Actor::terminal(), today())
        .unwrap();
    agreed(&mut db, intro.id);
    db.advance_introduction(
        intro.id,
        Stage::Dating,
        day(5),
        &Actor::terminal(),
        "",
        today(),
    )
    .unwrap();
    agreed(&mut db, intro.id);
    db.advance_introduction(
        intro.id,
        Stage::Married,
        day(25),
        &Actor::terminal(),
        "",
        today(),
    )
    .unwrap();
    let back = db
        .undo_introduction_step(intro.id, &Actor::terminal(), today())
        .unwrap();
    assert_eq!(
        (back.stage, back.married_on, back.dating_on),
        (Stage::Dating, None, Some(day(5)))
    );
    assert_eq!(
        (status(&db, he), status(&db, she)),
        (MemberStatus::Active, MemberStatus::Active)
    );
    // The undo is itself a recorded step: start, the three agreement steps, dating, married, undo.
    assert_eq!(steps(&db), 7);
    let back = db
        .undo_introduction_step(intro.id, &Actor::terminal(), today())
        .unwrap();
    assert_eq!(
        (back.stage, back.met_on, back.dating_on),
        (Stage::Introduced, None, None)
    );
    // Then the steps inside 介绍, latest first: the exchange, B's 同意, A's 同意.
    for undone in ["exchanged_on", "b_agreed_on", "a_agreed_on"] {
        let back = db
            .undo_introduction_step(intro.id, &Actor::terminal(), today())
            .unwrap();
        let dates = (back.a_agreed_on, back.b_agreed_on, back.exchanged_on);
        match undone {
            "exchanged_on" => assert_eq!(dates, (Some(day(1)), Some(day(1)), None)),
            "b_agreed_on" => assert_eq!(dates, (Some(day(1)), None, None)),
            _ => assert_eq!(dates, (None, None, None)),
        }
    }
    assert!(
        refused(db.undo_introduction_step(intro.id, &Actor::terminal(), today()))
            .contains("没有后续步骤")
    );
}

#[test]
fn only_one_dating_at_a_time_per_member() {
    let Couple { mut db, he, she } = couple();
    let other = member(&mut db, "陈静", Gender::Female, "13800000003");
    let first = db
        .add_introduction(he, she, day(1), &Actor::terminal(), today())
        .unwrap();
    let second = db
        .add_introduction(he, other, day(2), &Actor::terminal(), today())
        .unwrap();
    agreed(&mut db, first.id);
    db.advance_introduction(
        first.id,
        Stage::Dating,
        day(3),
        &Actor::terminal(),
        "",
        today(),
    )
    .unwrap();
    agreed(&mut db, second.id);
    assert!(
        refused(db.advance_introduction(
            second.id,
            Stage::Dating,
            day(4),
            &Actor::terminal(),
            "",
            today()
        ))
        .contains("交往")
    );
    // Meeting someone else is still possible.
    agreed(&mut db, second.id);
    db.advance_introduction(
        second.id,
        Stage::Met,
        day(4),
        &Actor::terminal(),
        "",
        today(),
    )
    .unwrap();
}

#[test]
fn who_may_be_introduced() {
    let Couple { mut db, he, she } = couple();
    let brother = member(&mut db, "王刚", Gender::Male, "13800000004");
    assert!(
        refused(db.add_introduction(he, he, day(1), &Actor::terminal(), today())).contains("自己")
    );
    assert!(
        refused(db.add_introduction(he, brother, day(1), &Actor::terminal(), today()))
            .contains("性别相同")
    );
    refused(db.add_introduction(
        he,
        she,
        today().succ_opt().unwrap(),
        &Actor::terminal(),
        today(),
    ));
    db.add_introduction(he, she, day(1), &Actor::terminal(), today())
        .unwrap();
    assert!(
        refused(db.add_introduction(she, he, day(2), &Actor::terminal(), today()))
            .contains("进行中")
    );
    let paused = member(&mut db, "周婷", Gender::Female, "13800000005");
    db.connection()
        .execute(
            "UPDATE members SET status = 'paused' WHERE id = ?1",
            [paused],
        )
        .unwrap();
    assert!(
        refused(db.add_introduction(brother, paused, day(2), &Actor::terminal(), today()))
            .contains("暂停")
    );
    assert!(matches!(
        db.add_introduction(brother, 4242, day(2), &Actor::terminal(), today()),
        Err(Error::MemberNotFound(_))
    ));
    assert_eq!(db.introductions(Some(he)).unwrap().len(), 1);
}

#[test]
fn the_history_is_filtered_by_stage_volunteer_date_and_name() {
    let mut db = Db::open_in_memory().unwrap();
    let lou = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap()
        .id;
    let zhu = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "朱大姐")
        .unwrap()
        .id;
    let he1 = member(&mut db, "王强", Gender::Male, "13800000001");
    let she1 = member(&mut db, "李芳", Gender::Female, "13800000002");
    let he2 = member(&mut db, "赵磊", Gender::Male, "13800000003");
    let she2 = member(&mut db, "孙丽", Gender::Female, "13800000004");
    let first = db
        .add_introduction(he1, she1, day(2), &db.sign_in(lou, "").unwrap(), today())
        .unwrap();
    let second = db
        .add_introduction(he2, she2, day(20), &db.sign_in(zhu, "").unwrap(), today())
        .unwrap();
    agreed(&mut db, first.id);
    db.advance_introduction(
        first.id,
        Stage::Met,
        day(5),
        &db.sign_in(lou, "").unwrap(),
        "",
        today(),
    )
    .unwrap();
    let find = |db: &Db, filter: Filter| -> Vec<i64> {
        let (found, total) = db.find_introductions(&filter, 0, 50).unwrap();
        assert_eq!(found.len() as u64, total);
        found.iter().map(|i| i.id).collect()
    };
    assert_eq!(find(&db, Filter::default()), [second.id, first.id]);
    let met = Filter {
        stage: Some(Stage::Met),
        ..Filter::default()
    };
    assert_eq!(find(&db, met), [first.id]);
    let by_zhu = Filter {
        volunteer_id: Some(zhu),
        ..Filter::default()
    };
    assert_eq!(find(&db, by_zhu), [second.id]);
    let late = Filter {
        from: Some(day(10)),
        to: Some(day(31)),
        ..Filter::default()
    };
    assert_eq!(find(&db, late), [second.id]);
    let of_she1 = Filter {
        member: Some(she1),
        ..Filter::default()
    };
    assert_eq!(find(&db, of_she1), [first.id]);
    // By part of a name or a member number, either side; blank is no filter.
    let named = |name: &str| Filter {
        name: Some(name.into()),
        ..Filter::default()
    };
    assert_eq!(find(&db, named("孙")), [second.id]);
    assert_eq!(find(&db, named("王强")), [first.id]);
    let number = db.member(he2).unwrap().number;
    assert_eq!(find(&db, named(&number)), [second.id]);
    assert_eq!(find(&db, named("  ")), [second.id, first.id]);
    assert!(find(&db, named("张")).is_empty());
    db.end_introduction(
        second.id,
        (EndReason::AgeGap, EndSide::A),
        day(21),
        &Actor::terminal(),
        "",
        true,
        today(),
    )
    .unwrap();
    let ongoing = Filter {
        ongoing: true,
        ..Filter::default()
    };
    assert_eq!(find(&db, ongoing), [first.id]);
    // Paging: one per page, the total stays.
    let (page, total) = db.find_introductions(&Filter::default(), 1, 1).unwrap();
    assert_eq!((page[0].id, total), (first.id, 2));
}

#[test]
fn the_timeline_shows_every_step_including_undo_and_feedback() {
    let mut c = couple();
    let lou =
        c.db.add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
            .unwrap()
            .id;
    let intro =
        c.db.add_introduction(
            c.he,
            c.she,
            day(1),
            &c.db.sign_in(lou, "").unwrap(),
            today(),
        )
        .unwrap();
    agreed(&mut c.db, intro.id);
    agreed(&mut c.db, intro.id);
    c.db.advance_introduction(
        intro.id,
        Stage::Met,
        day(3),
        &c.db.sign_in(lou, "").unwrap(),
        "在咖啡馆见面",
        today(),
    )
    .unwrap();
    agreed(&mut c.db, intro.id);
    c.db.advance_introduction(
        intro.id,
        Stage::Dating,
        day(9),
        &Actor::terminal(),
        "",
        today(),
    )
    .unwrap();
    c.db.undo_introduction_step(intro.id, &c.db.sign_in(lou, "").unwrap(), today())
        .unwrap();
    let steps = c.db.introduction_steps(intro.id).unwrap();
    let described: Vec<String> = steps.iter().map(|s| s.describe("王强", "李芳")).collect();
    assert_eq!(
        described,
        [
            "介绍(先给王强看李芳的介绍卡)",
            "王强同意",
            "李芳同意",
            "交换联系方式",
            "见面",
            "交往",
            "撤销上一步:交往 → 见面"
        ]
    );
    assert_eq!(steps[4].notes, "在咖啡馆见面");
    assert_eq!(steps[4].volunteer_name.as_deref(), Some("楼老师"));
    let with_feedback =
        c.db.set_introduction_feedback(intro.id, Side::B, " 她觉得他很稳重 ")
            .unwrap();
    assert_eq!(with_feedback.feedback_b, "她觉得他很稳重");
    assert_eq!(
        with_feedback.partner_of(c.she),
        ("王强", with_feedback.number_a.as_str())
    );
    assert!(matches!(
        c.db.set_introduction_feedback(9999, Side::A, "x"),
        Err(Error::IntroductionNotFound)
    ));
}

#[test]
fn follow_ups_are_due_after_the_set_days_oldest_first() {
    let mut db = Db::open_in_memory().unwrap();
    assert_eq!(db.follow_up_days().unwrap(), 14);
    db.set_follow_up_days(10).unwrap();
    assert_eq!(db.follow_up_days().unwrap(), 10);
    assert!(matches!(db.set_follow_up_days(0), Err(Error::Refused(_))));
    let ids: Vec<i64> = (0..6)
        .map(|n| {
            member(
                &mut db,
                &format!("会员{n}"),
                if n % 2 == 0 {
                    Gender::Male
                } else {
                    Gender::Female
                },
                &format!("1380000000{n}"),
            )
        })
        .collect();
    let old = db
        .add_introduction(ids[0], ids[1], day(1), &Actor::terminal(), today())
        .unwrap();
    let older = db
        .add_introduction(ids[2], ids[3], day(1), &Actor::terminal(), today())
        .unwrap();
    let fresh = db
        .add_introduction(ids[4], ids[5], day(1), &Actor::terminal(), today())
        .unwrap();
    // The program stamps updates with the clock; set them as if recorded on those days.
    for (id, updated) in [
        (old.id, "2026-11-01T10:00:00"),
        (older.id, "2026-10-20T09:00:00"),
        (fresh.id, "2026-11-18T09:00:00"),
    ] {
        db.connection()
            .execute(
                "UPDATE introductions SET updated_at = ?1 WHERE id = ?2",
                rusqlite::params![updated, id],
            )
            .unwrap();
    }
    let due = db.follow_ups(10, today()).unwrap();
    let listed: Vec<(i64, i64)> = due
        .iter()
        .map(|f| (f.introduction.id, f.days_overdue))
        .collect();
    assert_eq!(listed, [(older.id, 22), (old.id, 10)]);
    // Ended introductions need no follow-up.
    db.end_introduction(
        older.id,
        (EndReason::Unreachable, EndSide::Neither),
        today(),
        &Actor::terminal(),
        "",
        false,
        today(),
    )
    .unwrap();
    let due = db.follow_ups(10, today()).unwrap();
    assert_eq!(due.len(), 1);
}

/// 待答复: a side asked and silent for the days set (7) is listed, A from the introduction's
/// day, B from the day A agreed; after twice as many it may be closed as 未成 (对方未答复, ended
/// by that side), not before (issue 34).
#[test]
fn an_agreement_not_answered_is_listed_then_may_be_closed() {
    use hongniang_core::introductions::DEFAULT_ANSWER_DAYS;
    let Couple { mut db, he, she } = couple();
    let on = |day: u32| NaiveDate::from_ymd_opt(2026, 10, day).unwrap();
    let intro = db
        .add_introduction(he, she, on(1), &Actor::terminal(), on(1))
        .unwrap();
    let days = db.answer_days().unwrap();
    assert_eq!(days, DEFAULT_ANSWER_DAYS);
    assert!(
        db.unanswered(days, on(7)).unwrap().is_empty(),
        "six days: not yet"
    );
    let listed = db.unanswered(days, on(8)).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].side,
            listed[0].name(),
            listed[0].days_waited,
            listed[0].closable
        ),
        (Side::A, "王强", 7, false)
    );
    assert!(
        refused(db.close_unanswered(intro.id, &Actor::terminal(), on(8))).contains("等满 14 天")
    );
    // A agrees on the 10th: now B is waited for, from that day.
    db.agree_to_introduction(intro.id, Side::A, on(10), &Actor::terminal(), "", on(10))
        .unwrap();
    assert!(db.unanswered(days, on(16)).unwrap().is_empty());
    let listed = db.unanswered(days, on(24)).unwrap();
    assert_eq!(
        (listed[0].side, listed[0].asked_on, listed[0].closable),
        (Side::B, on(10), true)
    );
    let closed = db
        .close_unanswered(intro.id, &Actor::terminal(), on(24))
        .unwrap();
    assert_eq!(closed.stage, Stage::Ended);
    assert_eq!(closed.end_reason, Some(EndReason::NoReply));
    assert_eq!(closed.end_side, Some(EndSide::B));
    assert!(db.unanswered(days, on(24)).unwrap().is_empty());
    // The days are the station's: 1 to 60.
    assert!(refused(db.set_answer_days(0)).contains("1 到 60"));
    db.set_answer_days(3).unwrap();
    assert_eq!(db.answer_days().unwrap(), 3);
}
