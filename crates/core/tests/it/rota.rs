//! 值班表: a volunteer puts themselves on duty, an administrator anyone; the refusals in words;
//! a day's rota tells who came; each volunteer's year counts their rota, days, hours and work.

use chrono::{Datelike, NaiveDate, TimeDelta};
use hongniang_core::events::EventData;
use hongniang_core::members::DuplicateCheck;
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::rota::{Shift, month_of};
use hongniang_core::{Actor, Db, Error};

fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn rota_put_on_taken_off_and_who_came() {
    let mut db = Db::open_in_memory().unwrap();
    let terminal = Actor::terminal();
    let lou = db.add_volunteer(&terminal, "楼老师").unwrap().id;
    let zhu = db.add_volunteer(&terminal, "朱大姐").unwrap().id;
    let head = db.add_volunteer(&terminal, "站长").unwrap().id;
    db.set_pin(&terminal, head, "2468").unwrap();
    db.set_admin(&terminal, head, true).unwrap();
    let today = chrono::Local::now().date_naive();
    let saturday = today + TimeDelta::days(6);
    let as_lou = db.sign_in(lou, "").unwrap();
    let as_head = db.sign_in(head, "2468").unwrap();

    // Herself: yes; someone else: only the administrator.
    let own = db
        .put_on_rota(&as_lou, lou, saturday, Shift::Afternoon, None, today)
        .unwrap();
    assert_eq!(own.what(), "开放日值班");
    assert!(matches!(
        db.put_on_rota(&as_lou, zhu, saturday, Shift::Morning, None, today),
        Err(Error::NotAllowed(_))
    ));
    db.put_on_rota(&as_head, zhu, saturday, Shift::Morning, None, today)
        .unwrap();
    // Twice the same day: said, with the shift already there.
    assert!(
        refused(db.put_on_rota(&as_lou, lou, saturday, Shift::Morning, None, today))
            .contains("已经排了下午")
    );
    // A day gone by, more than a year ahead.
    assert!(
        refused(db.put_on_rota(
            &as_lou,
            lou,
            today - TimeDelta::days(1),
            Shift::AllDay,
            None,
            today
        ))
        .contains("已经过去")
    );
    assert!(
        refused(db.put_on_rota(
            &as_lou,
            lou,
            today + TimeDelta::days(400),
            Shift::AllDay,
            None,
            today
        ))
        .contains("一年")
    );
    // An event: on its day only; a second duty the same day for the event is its own.
    let qixi = db
        .create_event(
            &terminal,
            &EventData {
                title: "七夕相亲交友会".into(),
                on_date: Some(saturday),
                places_men: 10,
                places_women: 10,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    assert!(
        refused(db.put_on_rota(
            &as_lou,
            lou,
            today + TimeDelta::days(5),
            Shift::Evening,
            Some(qixi),
            today
        ))
        .contains("请排在活动当天")
    );
    let event_duty = db
        .put_on_rota(&as_lou, lou, saturday, Shift::Evening, Some(qixi), today)
        .unwrap();
    assert_eq!(event_duty.what(), "活动:七夕相亲交友会");
    // The event moved a day on: its duty goes with it; the open day's stays.
    let sunday = saturday + TimeDelta::days(1);
    db.update_event(
        &terminal,
        qixi,
        &EventData {
            title: "七夕相亲交友会".into(),
            on_date: Some(sunday),
            places_men: 10,
            places_women: 10,
            ..EventData::default()
        },
        today,
    )
    .unwrap();
    let moved = db.rota(Some(lou), sunday, sunday, today).unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].event_id, Some(qixi));
    db.update_event(
        &terminal,
        qixi,
        &EventData {
            title: "七夕相亲交友会".into(),
            on_date: Some(saturday),
            places_men: 10,
            places_women: 10,
            ..EventData::default()
        },
        today,
    )
    .unwrap();
    // A deactivated volunteer is not put on.
    db.set_volunteer_active(&as_head, zhu, false).unwrap();
    assert!(
        refused(db.put_on_rota(&as_head, zhu, saturday, Shift::AllDay, Some(qixi), today))
            .contains("已停用")
    );

    // Saturday's rota in the order of the day; her own month.
    let day = db.rota(None, saturday, saturday, today).unwrap();
    let seen: Vec<(&str, Shift)> = day
        .iter()
        .map(|e| (e.volunteer.as_str(), e.shift))
        .collect();
    assert_eq!(
        seen,
        [
            ("朱大姐", Shift::Morning),
            ("楼老师", Shift::Afternoon),
            ("楼老师", Shift::Evening)
        ]
    );
    assert!(day.iter().all(|e| e.came.is_none()));
    let (first, last) = month_of(saturday);
    assert_eq!(db.rota(Some(lou), first, last, today).unwrap().len(), 2);

    // Today: on the rota and signed in (she did, above) — came; 朱大姐 taken off by herself?
    // Not allowed for another; the administrator may.
    db.put_on_rota(&as_lou, lou, today, Shift::AllDay, None, today)
        .unwrap();
    let now = db.rota(None, today, today, today).unwrap();
    assert_eq!(now[0].came, Some(true));
    // Signed in today: the duty is the record now, not taken off.
    assert!(refused(db.take_off_rota(&as_lou, now[0].id, today)).contains("已经签到"));
    let zhus = day[0].id;
    assert!(matches!(
        db.take_off_rota(&as_lou, zhus, today),
        Err(Error::NotAllowed(_))
    ));
    db.take_off_rota(&as_head, zhus, today).unwrap();
    assert_eq!(db.rota(None, saturday, saturday, today).unwrap().len(), 2);
    // Seen a week later, the day is a record: not taken off.
    let later = saturday + TimeDelta::days(7);
    assert!(refused(db.take_off_rota(&as_lou, own.id, later)).contains("记录"));
    assert_eq!(
        db.rota(None, saturday, saturday, later).unwrap()[0].came,
        Some(false)
    );
    assert!(
        db.audit_log(10)
            .unwrap()
            .iter()
            .any(|e| e.summary.contains("取消排班:朱大姐"))
    );
}

#[test]
fn each_volunteers_year() {
    let mut db = Db::open_in_memory().unwrap();
    let terminal = Actor::terminal();
    let lou = db.add_volunteer(&terminal, "楼老师").unwrap().id;
    let chen = db.add_volunteer(&terminal, "陈阿姨").unwrap().id;
    let gone = db.add_volunteer(&terminal, "李大姐").unwrap().id;
    db.set_volunteer_active(&terminal, gone, false).unwrap();
    let today = chrono::Local::now().date_naive();
    let as_lou = db.sign_in(lou, "").unwrap();
    db.put_on_rota(&as_lou, lou, today, Shift::AllDay, None, today)
        .unwrap();
    db.put_on_rota(
        &as_lou,
        lou,
        today + TimeDelta::days(1),
        Shift::AllDay,
        None,
        today,
    )
    .unwrap();
    for (name, gender, n) in [("王芳", Gender::Female, 1), ("张伟", Gender::Male, 2)] {
        db.register_member(
            &as_lou,
            MemberData {
                name: name.into(),
                gender: Some(gender),
                birth: YearMonth::new(1992, 3),
                phone: format!("1390000000{n}"),
                consent: true,
                volunteer_id: Some(lou),
                ..MemberData::default()
            },
            None,
            DuplicateCheck::Check,
            today,
        )
        .unwrap();
    }
    let year = (
        NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap(),
    );
    let stats = db.stats(Some(year.0), Some(year.1), today).unwrap();
    let roll = stats.volunteer_roll();
    // The one who served first; the deactivated one who did nothing left out.
    let names: Vec<&str> = roll.iter().map(|y| y.volunteer.as_str()).collect();
    assert_eq!(names, ["楼老师", "陈阿姨"]);
    let l = &roll[0];
    assert_eq!(
        (
            l.duty.rota_days,
            l.duty.rota_days_came,
            l.duty.days,
            l.registrations,
            l.duty.open
        ),
        (1, 1, 1, 2, 1),
        "tomorrow's duty is not due yet: neither on the roll nor missed"
    );
    assert!(!roll[1].served());
    let _ = chen;
    // Printed: the roll and a page for the one who served, read back.
    let pdf = db
        .print(
            &hongniang_core::print::Job::Volunteers {
                from: year.0,
                to: year.1,
            },
            &as_lou,
            today,
        )
        .unwrap()
        .pdf()
        .unwrap();
    let text: String = pdf_extract::extract_text_from_mem(&pdf)
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(text.contains("红娘志愿服务名册"), "{text}");
    // Two pages (the roll, 楼老师's; 陈阿姨 did nothing): each footer, and her page's title.
    assert_eq!(text.matches("志愿服务记录").count(), 2 + 1, "{text}");
    assert!(
        text.contains("楼老师") && !text.contains("李大姐"),
        "{text}"
    );
}
