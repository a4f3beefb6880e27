//! The contacts rule: neither side is given the other's phone or WeChat before both agreed and
//! the volunteer recorded 交换联系方式; shown masked unless asked in full (which is logged);
//! the exchange taken back hides them again; no 见面 is recorded before the exchange.

use chrono::NaiveDate;
use hongniang_core::audit::Kind;
use hongniang_core::introductions::{Contact, EndReason, EndSide, Side, Stage};
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::{Actor, Db, Error};

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

fn today() -> NaiveDate {
    d(21)
}

fn member(db: &mut Db, name: &str, gender: Gender, phone: &str, wechat: &str) -> i64 {
    let data = MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1992, 4),
        phone: phone.into(),
        wechat: wechat.into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2026, 1, 5),
        ..MemberData::default()
    };
    db.insert_member(data, None, &Actor::terminal(), today())
        .unwrap()
        .id
}

fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn reveals(db: &Db) -> usize {
    db.audit_log(1000)
        .unwrap()
        .iter()
        .filter(|e| e.kind == Kind::Reveal)
        .count()
}

struct Station {
    db: Db,
    lou: Actor,
    she: i64,
    he: i64,
    id: i64,
}

/// 李芳 (side A, asked first) introduced to 王强 on the 1st by 楼老师.
fn station() -> Station {
    let mut db = Db::open_in_memory().unwrap();
    let lou = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap()
        .id;
    let lou = db.sign_in(lou, "").unwrap();
    let she = member(&mut db, "李芳", Gender::Female, "13987654321", "lifang_hz");
    let he = member(&mut db, "王强", Gender::Male, "13812345678", "wq1990");
    let id = db
        .add_introduction(she, he, d(1), &lou, today())
        .unwrap()
        .id;
    Station {
        db,
        lou,
        she,
        he,
        id,
    }
}

/// Whether 见面 can be recorded now: refused (with the message) before the exchange.
fn meeting_refused(s: &mut Station) -> String {
    refused(s.db.advance_introduction(s.id, Stage::Met, d(10), &s.lou, "", today()))
}

#[test]
fn no_contacts_before_both_agreed_and_exchanged() {
    let mut s = station();
    let lou = s.lou.clone();
    let none = |s: &Station| {
        assert_eq!(
            s.db.introduction_contacts(&s.lou, s.id, false).unwrap(),
            None
        );
        // Not even asked in full, and such a question reveals (and logs) nothing.
        assert_eq!(
            s.db.introduction_contacts(&s.lou, s.id, true).unwrap(),
            None
        );
        assert_eq!(reveals(&s.db), 0);
    };

    // Only the introduction: A has been shown B's card.
    none(&s);
    assert_eq!(
        s.db.introduction(s.id).unwrap().stage_text(),
        "介绍 · 等李芳答复"
    );
    assert!(meeting_refused(&mut s).contains("等李芳答复"));
    assert!(
        refused(s.db.exchange_contacts(s.id, d(2), &lou, "", today())).contains("李芳还没有同意")
    );
    // B is asked only after A said yes.
    assert!(
        refused(s.db.agree_to_introduction(s.id, Side::B, d(2), &lou, "", today()))
            .contains("先问李芳")
    );

    // A agreed: still nothing for either side.
    s.db.agree_to_introduction(s.id, Side::A, d(2), &lou, "", today())
        .unwrap();
    none(&s);
    assert!(meeting_refused(&mut s).contains("等王强答复"));
    assert!(
        refused(s.db.exchange_contacts(s.id, d(3), &lou, "", today())).contains("王强还没有同意")
    );

    // Both agreed, the exchange not yet recorded: still nothing.
    s.db.agree_to_introduction(s.id, Side::B, d(3), &lou, "", today())
        .unwrap();
    let i = s.db.introduction(s.id).unwrap();
    assert!(!i.contacts_exchanged() && !i.shares_contacts());
    none(&s);
    assert!(meeting_refused(&mut s).contains("交换联系方式"));
    assert_eq!(
        s.db.introduction(s.id).unwrap().stage,
        Stage::Introduced,
        "every refused 见面 changed nothing"
    );

    // Exchanged: both sides' contacts, masked.
    s.db.exchange_contacts(s.id, d(4), &lou, "", today())
        .unwrap();
    let masked = s.db.introduction_contacts(&lou, s.id, false).unwrap();
    assert_eq!(
        masked,
        Some(vec![
            Contact {
                member_id: Some(s.she),
                name: "李芳".into(),
                phone: "139****4321".into(),
                wechat: "li****".into(),
                relay: None,
            },
            Contact {
                member_id: Some(s.he),
                name: "王强".into(),
                phone: "138****5678".into(),
                wechat: "wq****".into(),
                relay: None,
            },
        ])
    );
    assert_eq!(reveals(&s.db), 0, "masked contacts are not a reveal");

    // In full, for the volunteer who calls: each member's showing is in the log.
    let full =
        s.db.introduction_contacts(&lou, s.id, true)
            .unwrap()
            .unwrap();
    assert_eq!(
        full.iter()
            .map(|c| (c.phone.as_str(), c.wechat.as_str()))
            .collect::<Vec<_>>(),
        [("13987654321", "lifang_hz"), ("13812345678", "wq1990")]
    );
    assert_eq!(full[1].text(), "手机 13812345678 · 微信 wq1990");
    assert_eq!(reveals(&s.db), 2);
    for member in [s.she, s.he] {
        let entry = s.db.audit_of_member(member).unwrap().remove(0);
        assert_eq!(entry.kind, Kind::Reveal);
        assert_eq!(entry.volunteer_name.as_deref(), Some("楼老师"));
        assert_eq!(entry.member_id, Some(member));
    }

    // The exchange taken back (recorded by mistake): hidden again, and no 见面.
    let back = s.db.undo_introduction_step(s.id, &lou, today()).unwrap();
    assert_eq!((back.exchanged_on, back.b_agreed_on), (None, Some(d(3))));
    assert_eq!(s.db.introduction_contacts(&lou, s.id, false).unwrap(), None);
    assert_eq!(s.db.introduction_contacts(&lou, s.id, true).unwrap(), None);
    assert_eq!(reveals(&s.db), 2);
    assert!(meeting_refused(&mut s).contains("交换联系方式"));

    // Given again, the meeting can be recorded; the contacts stay shared while it goes on.
    s.db.exchange_contacts(s.id, today(), &lou, "", today())
        .unwrap();
    s.db.advance_introduction(s.id, Stage::Met, today(), &lou, "", today())
        .unwrap();
    assert!(
        s.db.introduction_contacts(&lou, s.id, false)
            .unwrap()
            .is_some()
    );
}

#[test]
fn an_ended_introduction_shares_no_contacts() {
    let mut s = station();
    let lou = s.lou.clone();
    common_exchange(&mut s);
    assert!(
        s.db.introduction_contacts(&lou, s.id, false)
            .unwrap()
            .is_some()
    );
    s.db.end_introduction(
        s.id,
        (EndReason::NoSpark, EndSide::A),
        d(10),
        &lou,
        "",
        true,
        today(),
    )
    .unwrap();
    assert_eq!(s.db.introduction_contacts(&lou, s.id, false).unwrap(), None);
    assert_eq!(s.db.introduction_contacts(&lou, s.id, true).unwrap(), None);
    assert_eq!(reveals(&s.db), 0);
}

#[test]
fn an_introduction_ended_before_the_exchange_never_shared_them() {
    let mut s = station();
    let lou = s.lou.clone();
    s.db.agree_to_introduction(s.id, Side::A, d(2), &lou, "", today())
        .unwrap();
    s.db.end_introduction(
        s.id,
        (EndReason::AgeGap, EndSide::B),
        d(3),
        &lou,
        "",
        true,
        today(),
    )
    .unwrap();
    assert_eq!(s.db.introduction_contacts(&lou, s.id, false).unwrap(), None);
    // Nothing follows an end: no agreement, no exchange.
    refused(s.db.agree_to_introduction(s.id, Side::B, d(4), &lou, "", today()));
    refused(s.db.exchange_contacts(s.id, d(4), &lou, "", today()));
}

/// Both agree and the contacts are exchanged on the 2nd.
fn common_exchange(s: &mut Station) {
    let lou = s.lou.clone();
    s.db.agree_to_introduction(s.id, Side::A, d(2), &lou, "", today())
        .unwrap();
    s.db.agree_to_introduction(s.id, Side::B, d(2), &lou, "", today())
        .unwrap();
    s.db.exchange_contacts(s.id, d(2), &lou, "", today())
        .unwrap();
}
