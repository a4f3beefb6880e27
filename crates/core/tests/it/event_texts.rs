//! 通知短信: each guest's text of each kind, to the guests it is for, the list exported for an
//! SMS platform (recorded), and the result never naming the other side.

use chrono::NaiveDate;
use hongniang_core::event_messages::TextKind;
use hongniang_core::events::{Arrival, Choice, EventData};
use hongniang_core::model::Gender;
use hongniang_core::{Actor, Db, Error};

fn d(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

use super::common::guest as member;

#[test]
fn each_guest_gets_the_text_for_them() {
    let mut db = Db::open_in_memory().unwrap();
    db.set_station_name("爱的填空相亲工作站").unwrap();
    let actor = Actor::terminal();
    let id = db
        .create_event(
            &actor,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(d(11, 14)),
                start_time: "14:00".into(),
                place: "燕子弄工作站".into(),
                places_men: 2,
                places_women: 2,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    let men = [
        member(&mut db, "王强", Gender::Male, 1),
        member(&mut db, "赵磊", Gender::Male, 2),
    ];
    let women = [
        member(&mut db, "李芳", Gender::Female, 11),
        member(&mut db, "陈静", Gender::Female, 12),
        member(&mut db, "孙丽", Gender::Female, 13),
    ];
    for m in men.iter().chain(&women) {
        db.sign_up(&actor, id, *m, false, d(11, 1)).unwrap();
    }
    let waiting = db.event_texts(id, TextKind::Waiting, d(11, 2)).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        waiting[0].text,
        "孙女士您好!“七夕相亲交友活动”(11月14日(六)14:00)名额已满,您在等待名单第1位,有人取消会马上通知您。【爱的填空相亲工作站】"
    );
    // 李芳 cancels: 孙丽 moves up and gets the move-up text, not the sign-up one.
    db.cancel_sign_up(&actor, id, women[0], d(11, 2)).unwrap();
    let signed = db.event_texts(id, TextKind::SignedUp, d(11, 2)).unwrap();
    let names: Vec<&str> = signed.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["王强", "赵磊", "陈静"]);
    assert_eq!(
        signed[0].text,
        "王先生您好!您已报名“七夕相亲交友活动”:11月14日(六)14:00在燕子弄工作站,您的号码是男01。不能来请提前告诉我们。【爱的填空相亲工作站】"
    );
    let moved = db.event_texts(id, TextKind::MovedUp, d(11, 2)).unwrap();
    assert_eq!(moved.len(), 1);
    assert!(moved[0].text.contains("已从等待名单补上") && moved[0].text.contains("女03"));
    assert!(
        db.event_texts(id, TextKind::Waiting, d(11, 2))
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        db.event_texts(id, TextKind::Reminder, d(11, 13))
            .unwrap()
            .len(),
        4
    );
    // The result waits for the confirmation.
    assert!(matches!(
        db.event_texts(id, TextKind::Result, d(11, 14)),
        Err(Error::Refused(_))
    ));

    // The list for the SMS platform: full phones, recorded.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("短信.csv");
    assert_eq!(
        db.export_event_texts(&actor, id, TextKind::SignedUp, &path, d(11, 2))
            .unwrap(),
        3
    );
    let csv = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    assert!(csv.contains("姓名,手机,号码牌,短信内容"));
    assert!(csv.contains("13900000001"));
    assert!(
        db.audit_log(5)
            .unwrap()
            .iter()
            .any(|e| e.summary.contains("报名确认短信名单"))
    );

    // The evening: 王强 and 陈静 choose each other; 赵磊 and 孙丽 no one.
    let present = [men[0], men[1], women[1], women[2]];
    for m in present {
        db.check_in(&actor, id, m, Some(Arrival::Arrived), d(11, 14))
            .unwrap();
    }
    db.enter_card(&actor, id, men[0], &[(women[1], Choice::More)])
        .unwrap();
    db.enter_card(&actor, id, women[1], &[(men[0], Choice::Friends)])
        .unwrap();
    for m in [men[1], women[2]] {
        db.enter_card(&actor, id, m, &[]).unwrap();
    }
    db.confirm_matches(&actor, id, d(11, 14)).unwrap();
    let results = db.event_texts(id, TextKind::Result, d(11, 15)).unwrap();
    assert_eq!(results.len(), 4);
    let of = |name: &str| {
        results
            .iter()
            .find(|t| t.name == name)
            .unwrap()
            .text
            .clone()
    };
    assert!(of("王强").contains("有1位嘉宾和您互相选中"));
    assert!(!of("王强").contains("陈"), "the match is not named");
    assert!(of("赵磊").contains("这次没有互相选中"));
    // After the event nothing about sign-ups is sent.
    assert!(db.event_texts(id, TextKind::SignedUp, d(11, 15)).is_err());
}
