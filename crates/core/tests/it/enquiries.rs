//! 来电来访: a mother's call is recorded, the daughter's registration with that phone keeps the
//! link and 统计 counts enquiries → registrations; a referral keeps no detail; bad input is
//! refused in words; past the retention period an enquiry that led nowhere loses its names.

use chrono::{Days, NaiveDate};
use hongniang_core::enquiries::{EnquiryHow, EnquiryKind, EnquiryWho, FollowUp, NewEnquiry};
use hongniang_core::model::{Gender, MemberData, Registrant, RegistrantRelation, YearMonth};
use hongniang_core::{Actor, Db, Error};

fn today() -> NaiveDate {
    hongniang_core::today()
}

fn call(phone: &str, asked: &str) -> NewEnquiry {
    NewEnquiry {
        on: today(),
        kind: EnquiryKind::Enquiry,
        who: EnquiryWho::Parent,
        how: EnquiryHow::Phone,
        name: "王阿姨".into(),
        phone: phone.into(),
        asked: asked.into(),
        follow_up: FollowUp::Register,
    }
}

fn refused<T: std::fmt::Debug>(result: hongniang_core::Result<T>) -> String {
    match result {
        Err(Error::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_enquiry_turned_into_a_registration_keeps_the_link() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let e = db
        .add_enquiry(
            &actor,
            &call("139 1234 5678", "女儿 30 岁,能不能来登记"),
            today(),
        )
        .unwrap();
    assert_eq!(e.phone, "13912345678");
    assert_eq!(e.member_id, None);
    // A referral keeps nothing beyond itself.
    let referral = db
        .add_enquiry(
            &actor,
            &NewEnquiry {
                kind: EnquiryKind::Psychology,
                asked: "情绪低落,失恋后".into(),
                ..call("13800000009", "")
            },
            today(),
        )
        .unwrap();
    assert_eq!(
        (
            referral.asked.as_str(),
            referral.phone.as_str(),
            referral.name.as_str()
        ),
        ("", "", "")
    );
    // Bad input, nothing written.
    for (bad, expected) in [
        (
            NewEnquiry {
                on: today() + Days::new(1),
                ..call("13900000001", "")
            },
            "不能晚于今天",
        ),
        (
            NewEnquiry {
                follow_up: FollowUp::CallBack,
                ..call("", "")
            },
            "请留下电话",
        ),
        (call("12345", ""), "电话格式不对"),
    ] {
        let why = refused(db.add_enquiry(&actor, &bad, today()));
        assert!(why.contains(expected), "{why}");
    }
    assert_eq!(db.enquiries(false, 10).unwrap().len(), 2);

    // The daughter registers, her mother's phone as the registrant's.
    let her = db
        .insert_member(
            MemberData {
                name: "王婷".into(),
                gender: Some(Gender::Female),
                birth: YearMonth::new(1996, 3),
                consent: true,
                registrant: Registrant {
                    relation: RegistrantRelation::Mother,
                    kin: String::new(),
                    name: "王阿姨".into(),
                    phone: "13912345678".into(),
                },
                ..MemberData::default()
            },
            None,
            &actor,
            today(),
        )
        .unwrap();
    let linked = db.enquiry(e.id).unwrap();
    assert_eq!(linked.member_id, Some(her.id));
    assert!(
        linked.line().ends_with(&format!("→ 登记({})", her.number)),
        "{}",
        linked.line()
    );
    let counts = db.enquiry_counts(None, None).unwrap();
    assert_eq!(
        (
            counts.enquiries,
            counts.registered,
            counts.from_family,
            counts.referrals
        ),
        (1, 1, 1, 1)
    );
}

#[test]
fn an_old_enquiry_that_led_nowhere_loses_its_names_with_the_retention_erase() {
    let db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let e = db
        .add_enquiry(&actor, &call("13912345678", "问问活动"), today())
        .unwrap();
    db.connection()
        .execute(
            "UPDATE enquiries SET on_date = '2021-01-05' WHERE id = ?1",
            [e.id],
        )
        .unwrap();
    assert_eq!(db.expired_enquiries(today()).unwrap(), 1);
    let (members, enquiries, _) = db.apply_retention(&actor, &[], today()).unwrap();
    assert_eq!((members, enquiries), (0, 1));
    let kept = db.enquiry(e.id).unwrap();
    assert_eq!(
        (kept.name.as_str(), kept.phone.as_str(), kept.asked.as_str()),
        ("", "", "")
    );
    assert_eq!(
        db.enquiry_counts(None, None).unwrap().enquiries,
        1,
        "still counted"
    );
}
