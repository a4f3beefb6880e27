//! 约见面: arranged after the exchange (never on a day gone), listed for today and tomorrow,
//! moved or cancelled with a reason, and after the day recorded with each side's feedback as
//! the introduction's 见面.

use chrono::{Days, NaiveDate};
use hongniang_core::introductions::Stage;
use hongniang_core::meetings::{AT_THE_STATION, Continue, Feedback, MeetingState};
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::{Actor, Db, Error};

use crate::common::agreed;

fn today() -> NaiveDate {
    hongniang_core::today()
}

fn member(db: &mut Db, name: &str, gender: Gender, phone: &str) -> i64 {
    let data = MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1991, 5),
        phone: phone.into(),
        consent: true,
        registered_on: Some(today() - Days::new(60)),
        ..MemberData::default()
    };
    db.insert_member(data, None, &Actor::terminal(), today())
        .unwrap()
        .id
}

fn refused<T: std::fmt::Debug>(result: hongniang_core::Result<T>) -> String {
    match result {
        Err(Error::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_meeting_is_arranged_moved_and_held_with_both_sides_feedback() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let he = member(&mut db, "王强", Gender::Male, "13800000001");
    let she = member(&mut db, "李芳", Gender::Female, "13800000002");
    let on = today() - Days::new(10);
    let i = db.add_introduction(he, she, on, &actor, today()).unwrap();
    let tomorrow = today() + Days::new(1);
    // Not before both agreed and were given the contacts.
    let why = refused(db.arrange_meeting(&actor, i.id, tomorrow, "14:00", "", today()));
    assert!(why.contains("交换了联系方式以后,才能约见面"), "{why}");
    agreed(&mut db, i.id);
    // Not on a day gone.
    let why = refused(db.arrange_meeting(&actor, i.id, today() - Days::new(1), "", "", today()));
    assert!(why.contains("已经过去了"), "{why}");
    assert!(db.meetings(i.id).unwrap().is_empty(), "nothing written");

    let m = db
        .arrange_meeting(&actor, i.id, tomorrow, "14:00", "", today())
        .unwrap();
    assert_eq!(m.place, AT_THE_STATION, "the station by default");
    let why = refused(db.arrange_meeting(&actor, i.id, tomorrow, "", "", today()));
    assert!(why.contains("改期"), "one planned at a time: {why}");
    let (coming, overdue) = db.upcoming_meetings(today(), tomorrow).unwrap();
    assert_eq!(coming.len(), 1);
    assert!(overdue.is_empty());
    assert_eq!(
        (coming[0].name_a.as_str(), coming[0].name_b.as_str()),
        ("王强", "李芳")
    );

    // Before its day nobody has met.
    let feedback = |answer, words: &str| Feedback {
        answer,
        words: words.into(),
    };
    let why = refused(db.meeting_held(
        &actor,
        m.id,
        feedback(Continue::Yes, ""),
        feedback(Continue::Yes, ""),
        today(),
    ));
    assert!(why.contains("还没到日子"), "{why}");
    // Moved to today, with its reason.
    let why = refused(db.move_meeting(&actor, m.id, (today(), "18:30", "湖滨银泰"), " ", today()));
    assert!(why.contains("改期的原因"), "{why}");
    let moved = db
        .move_meeting(
            &actor,
            m.id,
            (today(), "18:30", "湖滨银泰"),
            "女方加班",
            today(),
        )
        .unwrap();
    assert_eq!(
        moved.when_and_where(),
        format!("{} 18:30 · 湖滨银泰", today())
    );

    let i = db
        .meeting_held(
            &actor,
            m.id,
            feedback(Continue::Yes, "聊得来"),
            feedback(Continue::No, "性格不太合适"),
            today(),
        )
        .unwrap();
    assert_eq!(i.stage, Stage::Met);
    assert_eq!(i.met_on, Some(today()));
    let kept = &db.meetings(i.id).unwrap()[0];
    assert_eq!(kept.state, MeetingState::Held);
    assert_eq!(kept.feedback_b, Some(Continue::No));
    assert_eq!(kept.words_b, "性格不太合适");
    assert_eq!(db.meetings_held(None, None).unwrap(), 1);
    let log = db.audit_of_member(she).unwrap();
    assert!(
        log.iter()
            .any(|e| e.summary.contains("李芳不想继续(性格不太合适)")),
        "{log:?}"
    );
    let why = refused(db.meeting_held(
        &actor,
        m.id,
        feedback(Continue::Yes, ""),
        feedback(Continue::Yes, ""),
        today(),
    ));
    assert!(why.contains("已经是“已见面”"), "{why}");
}

#[test]
fn a_cancelled_meeting_keeps_its_reason_and_frees_the_day() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let he = member(&mut db, "赵磊", Gender::Male, "13800000003");
    let she = member(&mut db, "陈静", Gender::Female, "13800000004");
    let i = db
        .add_introduction(he, she, today() - Days::new(3), &actor, today())
        .unwrap();
    agreed(&mut db, i.id);
    let m = db
        .arrange_meeting(&actor, i.id, today() + Days::new(2), "", "", today())
        .unwrap();
    let why = refused(db.cancel_meeting(&actor, m.id, ""));
    assert!(why.contains("原因"), "{why}");
    db.cancel_meeting(&actor, m.id, "男方出差").unwrap();
    let kept = &db.meetings(i.id).unwrap()[0];
    assert_eq!(
        (kept.state, kept.reason.as_str()),
        (MeetingState::Cancelled, "男方出差")
    );
    // Another can be arranged now.
    db.arrange_meeting(&actor, i.id, today() + Days::new(5), "", "", today())
        .unwrap();
    // A meeting whose day passed without feedback is listed apart.
    db.connection()
        .execute(
            "UPDATE meetings SET on_date = ?1 WHERE state = 'planned'",
            [today() - Days::new(2)],
        )
        .unwrap();
    let (coming, overdue) = db
        .upcoming_meetings(today(), today() + Days::new(1))
        .unwrap();
    assert!(coming.is_empty());
    assert_eq!(overdue.len(), 1);
}
