//! What several of the core's tests need.

use chrono::NaiveDate;
use hongniang_core::introductions::{Side, Stage};
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::{Actor, Db};

/// A consenting guest for an event's tests, born March 1992, phone 1390000 and `n`, registered
/// on 5 January 2026 (saved on 1 November).
pub fn guest(db: &mut Db, name: &str, gender: Gender, n: u32) -> i64 {
    let d = |month, day| NaiveDate::from_ymd_opt(2026, month, day).unwrap();
    db.insert_member(
        MemberData {
            name: name.into(),
            gender: Some(gender),
            birth: YearMonth::new(1992, 3),
            phone: format!("1390000{n:04}"),
            consent: true,
            registered_on: Some(d(1, 5)),
            ..MemberData::default()
        },
        None,
        &Actor::terminal(),
        d(11, 1),
    )
    .unwrap()
    .id
}

/// Both sides agreed and were given the contacts (on the day of the introduction), unless done
/// already: what a meeting needs first.
pub fn agreed(db: &mut Db, id: i64) {
    let i = db.introduction(id).unwrap();
    if i.stage != Stage::Introduced || i.contacts_exchanged() {
        return;
    }
    let (on, actor) = (i.introduced_on, Actor::terminal());
    if i.a_agreed_on.is_none() {
        db.agree_to_introduction(id, Side::A, on, &actor, "", on)
            .unwrap();
    }
    if i.b_agreed_on.is_none() {
        db.agree_to_introduction(id, Side::B, on, &actor, "", on)
            .unwrap();
    }
    db.exchange_contacts(id, on, &actor, "", on).unwrap();
}
