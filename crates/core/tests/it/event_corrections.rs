//! 更正: after the confirmation, check-in and cards are an administrator's to correct, with a
//! reason in the 操作记录; a corrected card's new mutual choice becomes an introduction, and a
//! choice already in 牵线记录 is not undone from here.

use chrono::NaiveDate;
use hongniang_core::events::{Arrival, Choice, EventData};
use hongniang_core::model::Gender;
use hongniang_core::{Actor, Db, Error};

fn d(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Refused(message)) => message,
        Err(Error::NotAllowed(what)) => format!("只有管理员可以{what}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

use super::common::guest as member;

#[test]
fn an_administrator_corrects_a_confirmed_event_with_a_reason() {
    let mut db = Db::open_in_memory().unwrap();
    let terminal = Actor::terminal();
    let lou = db.add_volunteer(&terminal, "楼老师").unwrap().id;
    let zhu = db.add_volunteer(&terminal, "朱大姐").unwrap().id;
    let as_lou = db.sign_in(lou, "").unwrap();
    db.set_pin(&as_lou, lou, "2468").unwrap();
    db.set_admin(&as_lou, lou, true).unwrap();
    let admin = db.sign_in(lou, "2468").unwrap();
    let helper = db.sign_in(zhu, "").unwrap();
    let id = db
        .create_event(
            &terminal,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(d(11, 14)),
                places_men: 3,
                places_women: 3,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    let (wang, zhao, li, chen) = (
        member(&mut db, "王强", Gender::Male, 1),
        member(&mut db, "赵磊", Gender::Male, 2),
        member(&mut db, "李芳", Gender::Female, 11),
        member(&mut db, "陈静", Gender::Female, 12),
    );
    let late = member(&mut db, "孙丽", Gender::Female, 13);
    for m in [wang, zhao, li, chen, late] {
        db.sign_up(&helper, id, m, false, d(11, 1)).unwrap();
    }
    for m in [wang, zhao, li, chen] {
        db.check_in(&helper, id, m, Some(Arrival::Arrived), d(11, 14))
            .unwrap();
    }
    db.check_in(&helper, id, late, Some(Arrival::NoShow), d(11, 14))
        .unwrap();
    // 王强 and 李芳 chose each other; 赵磊's card was typed as empty by mistake.
    db.enter_card(&helper, id, wang, &[(li, Choice::More)])
        .unwrap();
    db.enter_card(&helper, id, li, &[(wang, Choice::More)])
        .unwrap();
    db.enter_card(&helper, id, zhao, &[]).unwrap();
    db.enter_card(&helper, id, chen, &[(zhao, Choice::Friends)])
        .unwrap();
    let confirmed = db.confirm_matches(&helper, id, d(11, 14)).unwrap();
    assert_eq!(confirmed.introductions.len(), 1);

    // The volunteer cannot change the card any more; the administrator can, with a reason.
    assert!(
        refused(db.enter_card(&helper, id, zhao, &[(chen, Choice::More)])).contains("已经确认")
    );
    assert!(
        refused(db.correct_card(&helper, id, zhao, &[(chen, Choice::More)], "录错了"))
            .contains("管理员")
    );
    assert!(
        refused(db.correct_card(&admin, id, zhao, &[(chen, Choice::More)], " ")).contains("为什么")
    );
    let corrected = db
        .correct_card(
            &admin,
            id,
            zhao,
            &[(chen, Choice::More)],
            "赵磊的卡录成了空卡",
        )
        .unwrap();
    assert_eq!(corrected.introductions.len(), 1, "赵磊 and 陈静 now match");
    assert_eq!(db.event_matches(id).unwrap().len(), 2);
    assert!(
        db.audit_log(5)
            .unwrap()
            .iter()
            .any(|e| e.summary.contains("管理员更正") && e.summary.contains("赵磊的卡录成了空卡"))
    );
    // Undoing a choice already in 牵线记录 is refused, nothing changed.
    let message = refused(db.correct_card(&admin, id, wang, &[], "试试"));
    assert!(message.contains("已记入牵线记录"), "{message}");
    assert_eq!(db.event_matches(id).unwrap().len(), 2);
    // 孙丽 did come after all: corrected to 到场, then her card.
    db.correct_arrival(&admin, id, late, Arrival::Arrived, "签到时漏勾了")
        .unwrap();
    db.correct_card(&admin, id, late, &[(wang, Choice::Friends)], "补录孙丽的卡")
        .unwrap();
    assert_eq!(
        db.event_matches(id).unwrap().len(),
        2,
        "one-sided: no match"
    );
    // 王强 is in an introduction: he cannot be made 未到 from here.
    assert!(
        refused(db.correct_arrival(&admin, id, wang, Arrival::NoShow, "试试"))
            .contains("已因这场活动记入牵线")
    );
    // Once that introduction is ended (as the refusal says), the correction goes through.
    let first = confirmed.introductions[0];
    db.end_introduction(
        first,
        (
            hongniang_core::introductions::EndReason::Other,
            hongniang_core::introductions::EndSide::Both,
        ),
        d(11, 20),
        &admin,
        "卡片录错,两人没有互选",
        false,
        d(11, 20),
    )
    .unwrap();
    db.correct_card(&admin, id, wang, &[], "王强的卡录错了")
        .unwrap();
    let stats = db.stats(Some(d(1, 1)), Some(d(12, 31)), d(11, 20)).unwrap();
    assert_eq!(stats.events_total.arrived(), 5);
    assert_eq!(
        stats.events_total.introductions, 2,
        "the ended one stays counted"
    );
}
