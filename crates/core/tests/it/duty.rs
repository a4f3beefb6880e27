//! 值班时长: signing in starts a duty, 签退 ends it, a day not signed out counts nothing until an
//! administrator corrects it with a reason (recorded), and the hours reach the yearly report.

use chrono::{Datelike, NaiveDate, NaiveTime};
use hongniang_core::duty::hours_text;
use hongniang_core::{Actor, Db, Error};

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn duty_from_sign_in_to_sign_out_corrected_with_a_reason() {
    let db = Db::open_in_memory().unwrap();
    let terminal = Actor::terminal();
    let lou = db.add_volunteer(&terminal, "楼老师").unwrap().id;
    let today = chrono::Local::now().date_naive();
    let as_lou = db.sign_in(lou, "").unwrap();
    // Locked and opened again: the same duty.
    db.sign_in(lou, "").unwrap();
    let duties = db.duties(Some(lou), today, today).unwrap();
    assert_eq!(duties.len(), 1);
    assert_eq!(duties[0].signed_out, None);
    let said = db.sign_out(&as_lou).unwrap();
    assert!(said.starts_with("已签退:今天值班"), "{said}");
    assert!(matches!(db.sign_out(&as_lou), Err(Error::Refused(_))));
    assert!(matches!(db.sign_out(&terminal), Err(Error::Refused(_))));
    // Back in the afternoon and forgot to sign out: counted nothing, listed as open.
    db.sign_in(lou, "").unwrap();
    let hours = db.volunteer_hours(today, today).unwrap();
    assert_eq!((hours[0].days, hours[0].open), (1, 1));
    // The morning corrected: 09:00–12:30.
    let morning = db.duties(Some(lou), today, today).unwrap()[0].id;
    assert!(matches!(
        db.correct_duty(&as_lou, morning, t(9, 0), t(12, 30), " "),
        Err(Error::Refused(_))
    ));
    assert!(matches!(
        db.correct_duty(&as_lou, morning, t(12, 30), t(9, 0), "忘了签退"),
        Err(Error::Refused(_))
    ));
    let corrected = db
        .correct_duty(&as_lou, morning, t(9, 0), t(12, 30), "忘了签退")
        .unwrap();
    assert_eq!(corrected.minutes(), 210);
    assert_eq!(hours_text(corrected.minutes()), "3 小时 30 分");
    assert!(
        db.audit_log(3)
            .unwrap()
            .iter()
            .any(|e| e.summary.contains("更正了楼老师") && e.summary.contains("忘了签退"))
    );
    let hours = db.volunteer_hours(today, today).unwrap();
    assert_eq!(hours[0].minutes, 210);
    let year = db
        .yearly_report(
            NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap(),
            today,
        )
        .unwrap();
    assert_eq!(year.duty_hours, 4, "3.5 hours, rounded");
}
