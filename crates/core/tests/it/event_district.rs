//! 全区联谊, this station's side (issue 35): the copy of another station's event, its block of
//! badge numbers, who may sign up, the other stations' badges on a 心动卡, and what a copy may
//! not change. The server's side is tested against PostgreSQL in `crates/district/tests/pool.rs`.

use chrono::{Duration, NaiveDate};
use hongniang_core::event_district::{SharedEventRow, check_copy_change, local_marks};
use hongniang_core::events::{Arrival, Choice, RemoteGuest, read_card};
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::{Actor, Db, Error};

fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn today() -> NaiveDate {
    hongniang_core::today()
}

fn member(db: &mut Db, name: &str, gender: Gender, shared: bool) -> i64 {
    db.insert_member(
        MemberData {
            name: name.into(),
            gender: Some(gender),
            birth: YearMonth::new(1993, 5),
            phone: format!("139{:08}", name.chars().map(u32::from).sum::<u32>()),
            consent: true,
            registered_on: NaiveDate::from_ymd_opt(2026, 1, 5),
            district_consent_on: shared.then(|| NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()),
            ..MemberData::default()
        },
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap()
    .id
}

/// 南星's event as this station (the second invited, badges 201–400) receives it.
fn copy(db: &mut Db, places: u32) -> i64 {
    db.join_shared_event(
        &Actor::terminal(),
        "试点",
        &SharedEventRow {
            id: 3,
            host: "南星".into(),
            title: "七夕全区联谊".into(),
            held_on: today(),
            start_time: "14:00".into(),
            place: "南星工作站".into(),
            places_men: places,
            places_women: places,
            first_badge: 201,
        },
    )
    .unwrap()
    .expect("made")
}

#[test]
fn a_copy_hands_out_its_block_and_takes_only_members_who_share() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = copy(&mut db, 1);
    // Received once: a second sync makes no second copy.
    assert!(
        db.join_shared_event(
            &actor,
            "试点",
            &SharedEventRow {
                id: 3,
                host: "南星".into(),
                title: "七夕全区联谊".into(),
                held_on: today(),
                start_time: String::new(),
                place: String::new(),
                places_men: 1,
                places_women: 1,
                first_badge: 201,
            },
        )
        .unwrap()
        .is_none()
    );
    let qiang = member(&mut db, "王强", Gender::Male, true);
    let lei = member(&mut db, "赵磊", Gender::Male, true);
    let alone = member(&mut db, "孙浩", Gender::Male, false);
    assert!(refused(db.sign_up(&actor, id, alone, false, today())).contains("没有同意全区共享"));
    // Agreed, but the 知情同意书 still to be signed again (待补签): not shared, not signed up.
    let pending = member(&mut db, "周密", Gender::Male, true);
    db.connection()
        .execute(
            "UPDATE members SET consent_pending = 1 WHERE id = ?1",
            [pending],
        )
        .unwrap();
    assert!(refused(db.sign_up(&actor, id, pending, false, today())).contains("待补签"));
    db.sign_up(&actor, id, qiang, false, today()).unwrap();
    db.sign_up(&actor, id, lei, false, today()).unwrap();
    let badges: Vec<Option<u32>> = db.attendees(id).unwrap().iter().map(|a| a.badge).collect();
    assert_eq!(badges, [Some(201), None], "赵磊 waits");

    // The block used up (as after 199 numbers given again): a cancellation still goes
    // through, nobody moves up into a number outside the block.
    db.connection()
        .execute("UPDATE events SET badges_men = 400 WHERE id = ?1", [id])
        .unwrap();
    let cancelled = db.cancel_sign_up(&actor, id, qiang, today()).unwrap();
    assert_eq!(cancelled.moved_up, None);
    let waiting = db.attendees(id).unwrap();
    assert!(
        waiting
            .iter()
            .all(|a| a.badge.is_none() || a.member_id == qiang)
    );
    // A sign-up for the free place is refused in words.
    let more = member(&mut db, "钱程", Gender::Male, true);
    let words = refused(db.sign_up(&actor, id, more, false, today()));
    assert!(words.contains("号码段 201–400 已经用完"), "{words}");
}

#[test]
fn a_card_marks_other_stations_guests_who_came_and_a_copy_keeps_the_hosts_details() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = copy(&mut db, 10);
    let qiang = member(&mut db, "王强", Gender::Male, true);
    let fang = member(&mut db, "李芳", Gender::Female, true);
    for m in [qiang, fang] {
        db.sign_up(&actor, id, m, false, today()).unwrap();
        db.check_in(&actor, id, m, Some(Arrival::Arrived), today())
            .unwrap();
    }
    let guest = |gender, badge, arrived| RemoteGuest {
        station: "南星".into(),
        gender,
        badge,
        age: 30,
        arrived,
    };
    db.remote_guests_received(
        id,
        &[
            guest(Gender::Female, 3, true),
            guest(Gender::Female, 4, false),
            guest(Gender::Male, 5, true),
        ],
    )
    .unwrap();
    let remote = db.remote_guests(id).unwrap();
    let attendees = db.attendees(id).unwrap();
    let he = attendees.iter().find(|a| a.member_id == qiang).unwrap();
    // 李芳 (女 201, this station's) and 南星's 女 03 who came; 女 04 did not (yet), 男 05 is a man.
    let card = read_card(&attendees, &remote, he, "201 女3", "").unwrap();
    assert_eq!(card.local, vec![(fang, Choice::More)]);
    assert_eq!(card.remote, vec![(3, Choice::More)]);
    assert!(
        read_card(&attendees, &remote, he, "4", "")
            .unwrap_err()
            .to_string()
            .contains("没有签到到场")
    );
    assert!(
        read_card(&attendees, &remote, he, "男5", "")
            .unwrap_err()
            .to_string()
            .contains("同是男嘉宾")
    );
    let words = read_card(&attendees, &remote, he, "9", "")
        .unwrap_err()
        .to_string();
    assert!(words.contains("与全区同步"), "{words}");
    // The printed 心动卡 lists the other stations' guests with this station's, by number.
    let printout = db
        .print(
            &hongniang_core::print::Job::Event {
                event: id,
                sheet: hongniang_core::print::EventSheet::Cards,
            },
            &actor,
            today(),
        )
        .unwrap();
    let text: String = pdf_extract::extract_text_from_mem(&printout.pdf().unwrap())
        .unwrap()
        .split_whitespace()
        .collect();
    let his = &text[text.find("男201").expect("his card")..];
    let his = &his[..his.find("本卡只写号码").expect("the card's end")];
    for badge in ["女03", "女04", "女201"] {
        assert!(his.contains(badge), "{badge} on his card: {his}");
    }
    assert!(!his.contains("男05"), "{his}");
    db.enter_typed_card(&actor, id, qiang, &card).unwrap();
    let marks = db.event_marks(id).unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!((marks[0].badge, marks[0].chosen), (201, 3));
    // A mark for a badge the district does not show is refused by the core as well.
    let mut forged = card.clone();
    forged.remote.push((77, Choice::Friends));
    assert!(
        refused(db.enter_typed_card(&actor, id, qiang, &forged)).contains("不是其他站点到场的嘉宾")
    );
    // A correction after the confirmation cannot change the marks that went to the district.
    assert!(
        local_marks(&card)
            .unwrap_err()
            .to_string()
            .contains("不能再更正")
    );
    // Clearing the card clears those marks too.
    db.clear_card(&actor, id, qiang).unwrap();
    assert!(db.event_marks(id).unwrap().is_empty());

    // The host's name, day, time and place are not changed here; the places are.
    let event = db.event(id).unwrap();
    let mut data = event.data.clone();
    data.places_men = 12;
    check_copy_change(&event, &data, today()).unwrap();
    db.update_event(&actor, id, &data, today()).unwrap();
    data.on_date = Some(today() + Duration::days(1));
    assert!(refused(db.update_event(&actor, id, &data, today())).contains("南星站主办的全区联谊"));
    data.on_date = Some(today());
    data.places_women = 151;
    assert!(refused(db.update_event(&actor, id, &data, today())).contains("最多 150 个名额"));
    // The copy follows the host at sync.
    db.shared_event_details(
        &actor,
        id,
        "七夕全区联谊",
        today(),
        "14:30",
        "南星工作站二楼",
    )
    .unwrap();
    assert_eq!(db.event(id).unwrap().data.place, "南星工作站二楼");
}

#[test]
fn an_event_with_members_who_do_not_share_is_not_shared_and_says_whom() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = db
        .create_event(
            &actor,
            &hongniang_core::events::EventData {
                title: "迎新年联谊会".into(),
                on_date: Some(today()),
                places_men: 20,
                places_women: 20,
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    for i in 0..7 {
        let m = member(&mut db, &format!("会员{i}"), Gender::Male, false);
        db.sign_up(&actor, id, m, false, today()).unwrap();
    }
    let words = refused(db.check_shareable(id, today()));
    assert!(
        words.starts_with("会员0、会员1、会员2、会员3、会员4等 7 位报名的会员没有同意全区共享"),
        "{words}"
    );
    let past = db
        .create_event(
            &actor,
            &hongniang_core::events::EventData {
                title: "秋季联谊".into(),
                on_date: Some(today() - Duration::days(3)),
                places_men: 5,
                places_women: 5,
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    assert!(refused(db.check_shareable(past, today())).contains("已经过了"));
}

/// The result slips of a 全区联谊 list the pairs with other stations' guests too (their badge
/// and station), so a guest whose one pair is across stations is told.
#[test]
fn result_slips_name_the_pairs_with_other_stations_guests() {
    use hongniang_core::event_district::MatchRow;
    use hongniang_core::print::{EventSheet, Job};
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = copy(&mut db, 10);
    let qiang = member(&mut db, "王强", Gender::Male, true);
    db.sign_up(&actor, id, qiang, false, today()).unwrap();
    db.check_in(&actor, id, qiang, Some(Arrival::Arrived), today())
        .unwrap();
    db.enter_card(&actor, id, qiang, &[]).unwrap();
    db.confirm_matches(&actor, id, today()).unwrap();
    db.remote_matches_received(
        id,
        &[MatchRow {
            gender: Gender::Male,
            badge: 201,
            other_station: "南星".into(),
            other_badge: 3,
            own_choice: Choice::More,
            other_choice: Choice::More,
            request: Some(12),
        }],
    )
    .unwrap();
    let printout = db
        .print(
            &Job::Event {
                event: id,
                sheet: EventSheet::Slips,
            },
            &actor,
            today(),
        )
        .unwrap();
    let text: String = pdf_extract::extract_text_from_mem(&printout.pdf().unwrap())
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(text.contains("男201"), "{text}");
    assert!(text.contains("女03"), "{text}");
    assert!(text.contains("南星站嘉宾"), "{text}");
}
