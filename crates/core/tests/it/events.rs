//! 联谊活动: places and the waiting list, invitations from the pool, check-in, the 心动卡 and the
//! mutual choices that become introductions at 见面, the follow-up calls, what the badges and
//! slips may say, and the event figures of the statistics.

use chrono::NaiveDate;
use hongniang_core::events::{
    self, Answer, Arrival, Choice, EventData, Place, SignedUp, mutual_matches,
};
use hongniang_core::introductions::Stage;
use hongniang_core::model::{Gender, MemberData, MemberStatus, YearMonth};
use hongniang_core::print::{EventSheet, Job};
use hongniang_core::search::{Query, SearchIndex};
use hongniang_core::{Actor, Db, Error};
use std::collections::HashSet;

fn d(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

/// The event is on 14 November 2026.
const EVENT_DAY: (u32, u32) = (11, 14);

fn event_day() -> NaiveDate {
    d(EVENT_DAY.0, EVENT_DAY.1)
}

fn before() -> NaiveDate {
    d(11, 1)
}

fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn member(db: &mut Db, name: &str, gender: Gender, year: i32, n: u32) -> i64 {
    let data = MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(year, 3),
        phone: format!("1390000{n:04}"),
        consent: true,
        registered_on: Some(d(1, 5)),
        ..MemberData::default()
    };
    db.insert_member(data, None, &Actor::terminal(), before())
        .unwrap()
        .id
}

fn event(db: &mut Db, men: u32, women: u32) -> i64 {
    db.create_event(
        &Actor::terminal(),
        &EventData {
            title: "教师专场联谊会".into(),
            on_date: Some(event_day()),
            start_time: "14:00".into(),
            place: "燕子弄工作站".into(),
            theme: "教师".into(),
            places_men: men,
            places_women: women,
            ages_men: (Some(25), Some(40)),
            ages_women: (Some(23), Some(38)),
            ..EventData::default()
        },
    )
    .unwrap()
    .id
}

fn place_of(db: &Db, event: i64, member: i64) -> (Place, Option<u32>, Option<u32>) {
    let a = db
        .attendees(event)
        .unwrap()
        .into_iter()
        .find(|a| a.member_id == member)
        .unwrap();
    (a.place, a.badge, a.waiting_position)
}

fn confirmed(db: &Db, event: i64, gender: Gender) -> u32 {
    db.event(event).unwrap().counts(gender).confirmed
}

#[test]
fn places_fill_then_the_waiting_list_moves_up_on_a_cancellation() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = event(&mut db, 2, 1);
    let men: Vec<i64> = ["王强", "张伟", "刘洋", "陈杰"]
        .iter()
        .enumerate()
        .map(|(i, n)| member(&mut db, n, Gender::Male, 1990, i as u32))
        .collect();
    let woman = member(&mut db, "李芳", Gender::Female, 1993, 10);
    let woman2 = member(&mut db, "赵敏", Gender::Female, 1994, 11);

    let signed: Vec<SignedUp> = men
        .iter()
        .map(|m| db.sign_up(&actor, id, *m, false, before()).unwrap())
        .collect();
    assert_eq!(
        signed,
        [
            SignedUp::Place { badge: 1 },
            SignedUp::Place { badge: 2 },
            SignedUp::Waiting { position: 1 },
            SignedUp::Waiting { position: 2 },
        ]
    );
    assert_eq!(confirmed(&db, id, Gender::Male), 2);
    // The women's list is apart from the men's.
    assert_eq!(
        db.sign_up(&actor, id, woman, false, before()).unwrap(),
        SignedUp::Place { badge: 1 }
    );
    assert_eq!(
        db.sign_up(&actor, id, woman2, false, before()).unwrap(),
        SignedUp::Waiting { position: 1 }
    );
    assert!(refused(db.sign_up(&actor, id, men[0], false, before())).contains("已经报名"));

    // Who would move up is said before the cancellation is asked, by the same rule.
    let moves_up = |db: &Db, member: i64| {
        let event = db.event(id).unwrap();
        let attendees = db.attendees(id).unwrap();
        events::moves_up_on_cancel(&event, &attendees, member).map(|a| a.member_id)
    };
    assert_eq!(moves_up(&db, men[3]), None);
    assert_eq!(moves_up(&db, men[0]), Some(men[2]));
    assert_eq!(moves_up(&db, woman), Some(woman2));
    // A waiting one cancelling moves nobody.
    assert_eq!(
        db.cancel_sign_up(&actor, id, men[3], before())
            .unwrap()
            .moved_up,
        None
    );
    assert_eq!(confirmed(&db, id, Gender::Male), 2);
    // A place given back goes to the first waiting of that gender, with a new badge number.
    let cancelled = db.cancel_sign_up(&actor, id, men[0], before()).unwrap();
    assert_eq!(cancelled.moved_up, Some((men[2], "刘洋".to_string())));
    assert_eq!(place_of(&db, id, men[2]), (Place::Confirmed, Some(3), None));
    assert_eq!(place_of(&db, id, men[0]).0, Place::Cancelled);
    assert_eq!(confirmed(&db, id, Gender::Male), 2);
    // The woman waiting did not move: no woman's place came free.
    assert_eq!(place_of(&db, id, woman2), (Place::Waiting, None, Some(1)));

    // Signing up again after cancelling: the end of the list, and badge 1 is never given again.
    assert_eq!(
        db.sign_up(&actor, id, men[0], false, before()).unwrap(),
        SignedUp::Waiting { position: 1 }
    );
    assert_eq!(
        db.sign_up(&actor, id, men[3], false, before()).unwrap(),
        SignedUp::Waiting { position: 2 }
    );

    // Fewer places than taken is refused; more places move the waiting list up.
    let mut data = db.event(id).unwrap().data;
    data.places_men = 1;
    assert!(refused(db.update_event(&actor, id, &data, before())).contains("名额不能少于 2"));
    data.places_men = 3;
    let moved = db.update_event(&actor, id, &data, before()).unwrap();
    assert_eq!(moved, vec![(men[0], "王强".to_string())]);
    assert_eq!(place_of(&db, id, men[0]), (Place::Confirmed, Some(4), None));
    assert_eq!(place_of(&db, id, men[3]), (Place::Waiting, None, Some(1)));
    assert_eq!(confirmed(&db, id, Gender::Male), 3);
    let event = db.event(id).unwrap();
    assert_eq!(event.balance_text(), "男 3/3(等待 1) · 女 1/1(等待 1)");
}

#[test]
fn only_members_who_fit_may_sign_up() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = event(&mut db, 5, 5);
    let old = member(&mut db, "钱老", Gender::Male, 1970, 1);
    assert!(refused(db.sign_up(&actor, id, old, false, before())).contains("年龄范围(25–40 岁)"));
    let paused = member(&mut db, "孙悦", Gender::Female, 1995, 2);
    db.pause_member(
        paused,
        hongniang_core::model::PauseReason::Busy,
        None,
        &actor,
        before(),
    )
    .unwrap();
    assert!(refused(db.sign_up(&actor, id, paused, false, before())).contains("在册"));
    // Consent withdrawn since (as an import's 待补签 would leave it).
    let no_consent = member(&mut db, "周琳", Gender::Female, 1995, 9);
    db.connection()
        .execute("UPDATE members SET consent = 0 WHERE id = ?1", [no_consent])
        .unwrap();
    assert!(refused(db.sign_up(&actor, id, no_consent, false, before())).contains("知情同意"));
    // After the day nobody signs up; before the day nobody is checked in.
    let fine = member(&mut db, "吴刚", Gender::Male, 1991, 3);
    assert!(refused(db.sign_up(&actor, id, fine, false, d(11, 15))).contains("举行过了"));
    db.sign_up(&actor, id, fine, false, before()).unwrap();
    assert!(
        refused(db.check_in(&actor, id, fine, Some(Arrival::Arrived), before()))
            .contains("当天才能签到")
    );
    assert_eq!(db.event(id).unwrap().counts(Gender::Male).confirmed, 1);
}

#[test]
fn invitations_come_from_the_pool_and_a_call_signs_up() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = event(&mut db, 10, 10);
    let fits = member(&mut db, "王强", Gender::Male, 1990, 1);
    let too_old = member(&mut db, "钱老", Gender::Male, 1970, 2);
    let her = member(&mut db, "李芳", Gender::Female, 1995, 3);
    let married = member(&mut db, "马丽", Gender::Female, 1994, 4);
    let mut m = db.member(married).unwrap();
    m.data.status = MemberStatus::Married;
    db.update_member(
        married,
        m.data,
        hongniang_core::members::PhotoChange::Keep,
        &actor,
        before(),
    )
    .unwrap();
    let index = SearchIndex::build(&db).unwrap();
    let found = db
        .invitation_candidates(id, &index, &Query::default(), before())
        .unwrap();
    let found: HashSet<i64> = found.into_iter().collect();
    assert_eq!(found, HashSet::from([fits, her]));
    assert!(!found.contains(&too_old) && !found.contains(&married));
    // Only women, by 查询's conditions.
    let women = Query {
        gender: Some(Gender::Female),
        ..Query::default()
    };
    assert_eq!(
        db.invitation_candidates(id, &index, &women, before())
            .unwrap(),
        vec![her]
    );
    assert_eq!(db.invite(&actor, id, &[fits, her]).unwrap(), 2);
    // Invited once: not a candidate again, not added twice.
    assert_eq!(db.invite(&actor, id, &[fits]).unwrap(), 0);
    assert!(
        db.invitation_candidates(id, &index, &Query::default(), before())
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        db.record_invitation_call(&actor, id, fits, Answer::NoAnswer, before())
            .unwrap(),
        None
    );
    assert_eq!(
        db.record_invitation_call(&actor, id, fits, Answer::SignedUp, before())
            .unwrap(),
        Some(SignedUp::Place { badge: 1 })
    );
    db.record_invitation_call(&actor, id, her, Answer::Declined, before())
        .unwrap();
    let calls = db.invitations(id).unwrap();
    let of = |m: i64| calls.iter().find(|c| c.member_id == m).unwrap();
    assert_eq!(
        (of(fits).answer, of(fits).calls),
        (Some(Answer::SignedUp), 2)
    );
    assert_eq!(of(her).answer, Some(Answer::Declined));
    assert_eq!(place_of(&db, id, fits).0, Place::Confirmed);
    assert!(db.attendees(id).unwrap().iter().all(|a| a.member_id != her));
    assert!(
        refused(db.record_invitation_call(&actor, id, too_old, Answer::SignedUp, before()))
            .contains("不在")
    );
}

/// Six men and six women checked in, with their cards.
struct Evening {
    db: Db,
    id: i64,
    men: Vec<i64>,
    women: Vec<i64>,
}

const MEN: [&str; 6] = ["王强", "张伟", "刘洋", "陈杰", "杨帆", "黄磊"];
const WOMEN: [&str; 6] = ["李芳", "赵敏", "孙丽", "周静", "吴婷", "郑洁"];

fn evening() -> Evening {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = event(&mut db, 6, 6);
    let men: Vec<i64> = MEN
        .iter()
        .enumerate()
        .map(|(i, n)| member(&mut db, n, Gender::Male, 1990, i as u32))
        .collect();
    let women: Vec<i64> = WOMEN
        .iter()
        .enumerate()
        .map(|(i, n)| member(&mut db, n, Gender::Female, 1994, 20 + i as u32))
        .collect();
    for m in men.iter().chain(&women) {
        db.sign_up(&actor, id, *m, false, before()).unwrap();
        db.check_in(&actor, id, *m, Some(Arrival::Arrived), event_day())
            .unwrap();
    }
    Evening { db, id, men, women }
}

use Choice::{Friends as F, More as M, No as N};

/// The hand-made matrix: row i is man i's card for women 0–5, and woman j's card for men 0–5.
const MEN_CARDS: [[Choice; 6]; 6] = [
    [M, N, F, N, N, N],
    [N, M, N, N, N, N],
    [M, N, N, N, N, N],
    [N, N, N, M, N, F],
    [N, N, N, N, N, N],
    [F, F, F, F, F, F],
];
const WOMEN_CARDS: [[Choice; 6]; 6] = [
    [M, N, M, N, N, N],
    [N, N, N, N, N, M],
    [F, N, N, N, N, F],
    [N, N, N, N, N, M],
    [N, N, N, N, M, N],
    [N, N, N, M, N, N],
];
/// What the matrix gives, by hand: (man, woman, man's choice, woman's choice).
const MUTUAL: [(usize, usize, Choice, Choice); 7] = [
    (0, 0, M, M),
    (0, 2, F, F),
    (2, 0, M, M),
    (3, 5, F, M),
    (5, 1, F, M),
    (5, 2, F, F),
    (5, 3, F, M),
];

fn enter_cards(e: &mut Evening) {
    let actor = Actor::terminal();
    for (i, man) in e.men.iter().enumerate() {
        let card: Vec<(i64, Choice)> = e.women.iter().copied().zip(MEN_CARDS[i]).collect();
        e.db.enter_card(&actor, e.id, *man, &card).unwrap();
    }
    for (j, woman) in e.women.iter().enumerate() {
        let card: Vec<(i64, Choice)> = e.men.iter().copied().zip(WOMEN_CARDS[j]).collect();
        e.db.enter_card(&actor, e.id, *woman, &card).unwrap();
    }
}

#[test]
fn a_six_by_six_matrix_gives_exactly_the_mutual_pairs_which_become_meetings() {
    let mut e = evening();
    let actor = Actor::terminal();
    // Before every card is in, nothing is confirmed.
    assert!(refused(e.db.confirm_matches(&actor, e.id, event_day())).contains("12 张心动卡没录入"));
    enter_cards(&mut e);
    let expected: Vec<(i64, i64, Choice, Choice)> = MUTUAL
        .iter()
        .map(|&(i, j, a, b)| (e.men[i], e.women[j], a, b))
        .collect();
    let found: Vec<(i64, i64, Choice, Choice)> =
        e.db.event_matches(e.id)
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m.pair.man,
                    m.pair.woman,
                    m.pair.man_chose,
                    m.pair.woman_chose,
                )
            })
            .collect();
    let sorted = |mut v: Vec<(i64, i64, Choice, Choice)>| {
        v.sort();
        v
    };
    assert_eq!(sorted(found), sorted(expected.clone()));

    let confirmed = e.db.confirm_matches(&actor, e.id, event_day()).unwrap();
    assert_eq!(confirmed.introductions.len(), 7);
    assert!(confirmed.skipped.is_empty());
    for id in &confirmed.introductions {
        let i = e.db.introduction(*id).unwrap();
        assert_eq!(i.stage, Stage::Met);
        assert_eq!(i.met_on, Some(event_day()));
        assert!(
            i.shares_contacts(),
            "both chose each other: contacts exchanged"
        );
        assert_eq!(i.event.as_ref().map(|s| s.id), Some(e.id));
        assert!(
            expected
                .iter()
                .any(|m| (m.0, Some(m.1)) == (i.member_a, i.member_b))
        );
    }
    // Closed: no card, no check-in changes, no second confirmation.
    assert!(refused(e.db.enter_card(&actor, e.id, e.men[4], &[])).contains("不能再改"));
    assert!(refused(e.db.confirm_matches(&actor, e.id, event_day())).contains("确认过了"));
}

#[test]
fn an_existing_introduction_is_not_made_twice() {
    let mut e = evening();
    let actor = Actor::terminal();
    let earlier =
        e.db.add_introduction(e.men[0], e.women[0], d(10, 1), &actor, event_day())
            .unwrap();
    enter_cards(&mut e);
    let confirmed = e.db.confirm_matches(&actor, e.id, event_day()).unwrap();
    assert_eq!(confirmed.introductions.len(), 6);
    assert_eq!(confirmed.skipped.len(), 1);
    assert!(
        confirmed.skipped[0].contains("男 01与女 01"),
        "{:?}",
        confirmed.skipped
    );
    assert!(confirmed.skipped[0].contains("进行中的牵线"));
    assert_eq!(
        e.db.introduction(earlier.id).unwrap().stage,
        Stage::Introduced
    );
}

#[test]
fn mutual_matching_ignores_one_sided_choices() {
    let men: HashSet<i64> = HashSet::from([1, 2]);
    let choices = [
        (1, 10, Choice::More),
        (10, 1, Choice::Friends),
        (2, 11, Choice::More),
        (11, 2, Choice::No),
        (12, 2, Choice::More),
    ];
    let found = mutual_matches(&choices, &men);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].man, found[0].woman), (1, 10));
    assert!(!found[0].both_more());
}

fn pdf_text(db: &Db, event: i64, sheet: EventSheet, today: NaiveDate) -> String {
    let printout = db
        .print(&Job::Event { event, sheet }, &Actor::terminal(), today)
        .unwrap();
    pdf_extract::extract_text_from_mem(&printout.pdf().unwrap())
        .unwrap()
        .split_whitespace()
        .collect()
}

#[test]
fn badges_and_slips_say_number_and_surname_only_and_slips_only_mutual_choices() {
    let mut e = evening();
    let actor = Actor::terminal();
    enter_cards(&mut e);
    assert!(
        refused(e.db.print(
            &Job::Event {
                event: e.id,
                sheet: EventSheet::Slips
            },
            &actor,
            event_day()
        ))
        .contains("确认互选结果")
    );
    e.db.confirm_matches(&actor, e.id, event_day()).unwrap();
    let badges = pdf_text(&e.db, e.id, EventSheet::Badges, event_day());
    let slips = pdf_text(&e.db, e.id, EventSheet::Slips, event_day());
    for text in [&badges, &slips] {
        for (i, name) in MEN.iter().chain(&WOMEN).enumerate() {
            assert!(!text.contains(name), "full name {name} printed");
            let member =
                e.db.member(if i < 6 { e.men[i] } else { e.women[i - 6] })
                    .unwrap();
            assert!(!text.contains(&member.number), "member number printed");
            assert!(!text.contains(&member.data.phone[7..]), "phone printed");
        }
    }
    assert!(badges.contains("男01") && badges.contains("王先生") && badges.contains("女06"));
    // Man 4 (杨帆) chose nobody and was chosen by 吴婷 (woman 4) alone; 张伟 (man 1) chose 赵敏,
    // who chose 黄磊: their three slips say there is no mutual choice.
    assert_eq!(
        slips.matches("这次没有互相选中的嘉宾").count(),
        3,
        "{slips}"
    );
    // 李芳 (女 01): matched with 男 01 and 男 03.
    let li = slips.split("女01李女士的互选结果").nth(1).unwrap();
    let li = li.split("的互选结果").next().unwrap();
    assert!(
        li.contains("男01王先生") && li.contains("男03刘先生"),
        "{li}"
    );
    assert!(
        !li.contains("男06"),
        "男 06 chose her, she did not choose him: {li}"
    );
}

#[test]
fn the_attendee_list_and_the_call_list_are_for_volunteers() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = event(&mut db, 4, 4);
    let he = member(&mut db, "王强", Gender::Male, 1990, 1);
    let she = member(&mut db, "李芳", Gender::Female, 1994, 2);
    db.invite(&actor, id, &[he, she]).unwrap();
    let calls = pdf_text(&db, id, EventSheet::Calls, before());
    assert!(
        calls.contains("王强") && calls.contains("13900000001"),
        "{calls}"
    );
    let reveals = db
        .audit_log(50)
        .unwrap()
        .iter()
        .filter(|a| a.kind == hongniang_core::audit::Kind::Reveal)
        .count();
    assert_eq!(reveals, 1, "printing full phones is recorded");
    db.sign_up(&actor, id, he, false, before()).unwrap();
    let list = pdf_text(&db, id, EventSheet::Attendees, before());
    assert!(list.contains("王强") && list.contains("男01"));
    assert!(
        !list.contains("13900000001"),
        "the attendee list masks phones"
    );
}

#[test]
fn event_matches_are_called_after_three_days_three_weeks_and_three_months() {
    let mut e = evening();
    let actor = Actor::terminal();
    enter_cards(&mut e);
    e.db.confirm_matches(&actor, e.id, event_day()).unwrap();
    let marks = |db: &Db, today: NaiveDate| -> Vec<&'static str> {
        db.event_follow_ups(today)
            .unwrap()
            .iter()
            .map(|f| f.mark)
            .collect()
    };
    assert!(
        marks(&e.db, d(11, 16)).is_empty(),
        "two days after: nothing yet"
    );
    // Confirming the matches is not a call: each is due.
    assert_eq!(marks(&e.db, d(11, 17)), ["第3天"; 7]);
    assert_eq!(marks(&e.db, d(12, 5)), ["第3周"; 7]);
    let later = NaiveDate::from_ymd_opt(2027, 2, 12).unwrap();
    assert_eq!(marks(&e.db, later), ["第3个月"; 7]);
    assert!(marks(&e.db, d(11, 16)).is_empty());
}

#[test]
fn an_event_follow_up_is_done_by_anything_recorded_after_its_day() {
    use hongniang_core::events::follow_up_due;
    let on = d(11, 14);
    let confirmed = "2026-11-14T21:00:00";
    // Nothing since the confirmation: due from the third day.
    assert_eq!(follow_up_due(on, confirmed, confirmed, d(11, 16)), None);
    assert_eq!(
        follow_up_due(on, confirmed, confirmed, d(11, 17)).map(|f| f.0),
        Some("第3天")
    );
    // A call on the 18th did the 3-day one; the 3-week one comes on 5 December.
    let called = "2026-11-18T10:00:00";
    assert_eq!(follow_up_due(on, confirmed, called, d(12, 4)), None);
    assert_eq!(
        follow_up_due(on, confirmed, called, d(12, 5)),
        Some(("第3周", d(12, 5)))
    );
    // Something recorded before the day (the 16th) does not do the 3-day call.
    let early = "2026-11-16T10:00:00";
    assert_eq!(
        follow_up_due(on, confirmed, early, d(11, 20)).map(|f| f.0),
        Some("第3天")
    );
    // After three months and a call, nothing more.
    let last = "2027-02-13T10:00:00";
    assert_eq!(
        follow_up_due(
            on,
            confirmed,
            last,
            NaiveDate::from_ymd_opt(2027, 6, 1).unwrap()
        ),
        None
    );
}

/// One introduction made of the event's matches.
fn stats_introduction(db: &Db, event: i64) -> i64 {
    db.event_matches(event)
        .unwrap()
        .iter()
        .find_map(|m| m.introduction)
        .unwrap()
}

#[test]
fn the_statistics_count_events_as_counted_by_hand() {
    let mut e = evening();
    let actor = Actor::terminal();
    // Two more signed up: one no-show, one waiting (the places are full).
    let late = member(&mut e.db, "冯刚", Gender::Male, 1991, 40);
    let extra = member(&mut e.db, "何静", Gender::Female, 1995, 41);
    let mut data = e.db.event(e.id).unwrap().data;
    data.places_men = 7;
    e.db.update_event(&actor, e.id, &data, before()).unwrap();
    e.db.sign_up(&actor, e.id, late, false, before()).unwrap();
    e.db.check_in(&actor, e.id, late, Some(Arrival::NoShow), event_day())
        .unwrap();
    e.db.sign_up(&actor, e.id, extra, false, before()).unwrap();
    enter_cards(&mut e);
    e.db.confirm_matches(&actor, e.id, event_day()).unwrap();
    let stats =
        e.db.stats(Some(d(1, 1)), Some(d(12, 31)), d(11, 21))
            .unwrap();
    assert_eq!(stats.events.len(), 1);
    let t = &stats.events_total;
    // By hand: 6 + 6 came, 1 did not (the waiting one is not counted), 7 mutual pairs among
    // men 0, 2, 3, 5 and women 0, 1, 2, 3, 5 → 9 attendees of 12.
    assert_eq!((t.arrived_men, t.arrived_women, t.no_show), (6, 6, 1));
    assert_eq!(t.no_show_rate(), "7.7%");
    assert_eq!((t.matches, t.matched_attendees), (7, 9));
    assert_eq!(t.match_rate(), "75.0%");
    assert_eq!((t.introductions, t.marriages), (7, 0));
    assert_eq!(stats.event_introductions, 7);
    // The events' own funnel: man 4 marked nobody, the other 11 who came marked someone.
    assert_eq!((t.marked, t.dating), (11, 0));
    // One of the pairs goes on to 交往.
    let first = stats_introduction(&e.db, e.id);
    e.db.advance_introduction(first, Stage::Dating, d(11, 20), &actor, "", d(11, 21))
        .unwrap();
    let stats =
        e.db.stats(Some(d(1, 1)), Some(d(12, 31)), d(11, 21))
            .unwrap();
    assert_eq!(
        stats.events_total.funnel(),
        "到场 12 人 → 有心动的 11 人 → 互选成功 9 人(7 对)→ 记入见面 7 对 → 交往 1 对 → 登记结婚 0 对"
    );
    // A period without the event counts nothing of it.
    let stats =
        e.db.stats(Some(d(12, 1)), Some(d(12, 31)), d(12, 21))
            .unwrap();
    assert!(stats.events.is_empty());
    assert_eq!(stats.events_total.arrived(), 0);
    // An event not yet held is not counted.
    let stats = e.db.stats(None, None, d(11, 13)).unwrap();
    assert!(stats.events.is_empty());
}

#[test]
fn a_member_deleted_on_request_loses_their_cards() {
    let mut e = evening();
    enter_cards(&mut e);
    assert!(
        e.db.event_choices(e.id)
            .unwrap()
            .iter()
            .any(|c| c.0 == e.men[0])
    );
    e.db.anonymise_member(&Actor::terminal(), e.men[0]).unwrap();
    let choices = e.db.event_choices(e.id).unwrap();
    assert!(choices.iter().all(|c| c.0 != e.men[0] && c.1 != e.men[0]));
}

#[test]
fn an_event_decades_away_is_a_typing_slip_and_is_refused() {
    let mut db = Db::open_in_memory().unwrap();
    let today = hongniang_core::today();
    let on = |date: NaiveDate| EventData {
        title: "七夕相亲交友活动".into(),
        on_date: Some(date),
        places_men: 10,
        places_women: 10,
        ..EventData::default()
    };
    for far in [
        NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
        NaiveDate::from_ymd_opt(26, 8, 19).unwrap(),
        today + chrono::Months::new(12 * 10 + 1),
        today - chrono::Months::new(12 * 10 + 1),
    ] {
        let message = refused(db.create_event(&Actor::terminal(), &on(far)));
        assert!(message.contains("离今天太远"), "{far}: {message}");
    }
    assert!(db.events().unwrap().is_empty());
    // An event entered afterwards, or planned for next year's 七夕, is fine.
    for near in [
        today - chrono::Months::new(12 * 9),
        today + chrono::Months::new(8),
    ] {
        db.create_event(&Actor::terminal(), &on(near)).unwrap();
    }
    let id = event(&mut db, 5, 5);
    let moved = db.update_event(
        &Actor::terminal(),
        id,
        &on(NaiveDate::from_ymd_opt(9999, 1, 1).unwrap()),
        today,
    );
    assert!(refused(moved).contains("离今天太远"));
}

/// Issue 35's first rules: nothing moves in an event that took place or whose matches are
/// confirmed (no sign-up, cancellation or move-up), and a member 交往 with someone is neither
/// invited nor signed up, said why.
#[test]
fn places_are_closed_once_the_event_took_place_or_was_confirmed() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = event(&mut db, 1, 1);
    let he = member(&mut db, "王强", Gender::Male, 1990, 1);
    let waiting = member(&mut db, "赵磊", Gender::Male, 1991, 2);
    let she = member(&mut db, "李芳", Gender::Female, 1992, 3);
    db.sign_up(&actor, id, he, false, before()).unwrap();
    db.sign_up(&actor, id, waiting, false, before()).unwrap();
    db.sign_up(&actor, id, she, false, before()).unwrap();
    let after = event_day() + chrono::Days::new(1);
    // The day after: no cancellation (and nobody moves up), no sign-up.
    let why = refused(db.cancel_sign_up(&actor, id, he, after));
    assert!(
        why.contains("活动已在 2026-11-14 举行过了,不能再取消报名"),
        "{why}"
    );
    let late = member(&mut db, "孙丽", Gender::Female, 1993, 4);
    let why = refused(db.sign_up(&actor, id, late, false, after));
    assert!(why.contains("不能再报名"), "{why}");
    assert_eq!(place_of(&db, id, waiting).0, Place::Waiting);
    // Confirmed: not even on the day.
    db.check_in(&actor, id, he, Some(Arrival::Arrived), event_day())
        .unwrap();
    db.check_in(&actor, id, she, Some(Arrival::Arrived), event_day())
        .unwrap();
    db.enter_card(&actor, id, he, &[]).unwrap();
    db.enter_card(&actor, id, she, &[]).unwrap();
    db.confirm_matches(&actor, id, event_day()).unwrap();
    let why = refused(db.cancel_sign_up(&actor, id, she, event_day()));
    assert!(why.contains("互选结果已经确认"), "{why}");
    let why = refused(db.sign_up(&actor, id, late, false, event_day()));
    assert!(why.contains("互选结果已经确认"), "{why}");
    // More places on a confirmed event move nobody up.
    let mut data = db.event(id).unwrap().data;
    data.places_men = 2;
    assert!(
        db.update_event(&actor, id, &data, event_day())
            .unwrap()
            .is_empty()
    );
    assert_eq!(place_of(&db, id, waiting).0, Place::Waiting);
}

#[test]
fn a_member_dating_someone_is_neither_invited_nor_signed_up() {
    use hongniang_core::introductions::Side;
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let id = event(&mut db, 5, 5);
    let he = member(&mut db, "郭俊", Gender::Male, 1990, 1);
    let she = member(&mut db, "李芳", Gender::Female, 1992, 2);
    let free = member(&mut db, "赵磊", Gender::Male, 1991, 3);
    let on = d(10, 1);
    let i = db.add_introduction(he, she, on, &actor, before()).unwrap();
    for side in [Side::A, Side::B] {
        db.agree_to_introduction(i.id, side, on, &actor, "", before())
            .unwrap();
    }
    db.exchange_contacts(i.id, on, &actor, "", before())
        .unwrap();
    db.advance_introduction(i.id, Stage::Dating, d(10, 20), &actor, "", before())
        .unwrap();
    let index = SearchIndex::build(&db).unwrap();
    let invited = db
        .invitation_candidates(id, &index, &Query::default(), before())
        .unwrap();
    assert!(invited.contains(&free));
    assert!(
        !invited.contains(&he) && !invited.contains(&she),
        "{invited:?}"
    );
    let why = refused(db.sign_up(&actor, id, he, false, before()));
    assert_eq!(why, "郭俊正在与人交往,不参加联谊活动");
}

/// Issue 35's fourth problem: 互选 gave one man two matches; when one becomes 登记结婚 the other
/// is listed and, on one confirmation, closed as 未成 (已有对象) by his side, unblocked.
#[test]
fn a_marriage_closes_the_other_open_introductions_on_one_confirmation() {
    use hongniang_core::introductions::{EndReason, EndSide, Side};
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let he = member(&mut db, "王强", Gender::Male, 1990, 1);
    let wife = member(&mut db, "李芳", Gender::Female, 1992, 2);
    let other = member(&mut db, "孙丽", Gender::Female, 1993, 3);
    let on = d(10, 1);
    let exchanged = |db: &mut Db, a, b| {
        let i = db.add_introduction(a, b, on, &actor, before()).unwrap();
        for side in [Side::A, Side::B] {
            db.agree_to_introduction(i.id, side, on, &actor, "", before())
                .unwrap();
        }
        db.exchange_contacts(i.id, on, &actor, "", before())
            .unwrap();
        db.advance_introduction(i.id, Stage::Met, on, &actor, "", before())
            .unwrap();
        i.id
    };
    let married = exchanged(&mut db, he, wife);
    let left = exchanged(&mut db, he, other);
    assert!(
        db.other_open_introductions(married).unwrap().is_empty(),
        "only at 交往 or 结婚"
    );
    db.advance_introduction(married, Stage::Married, d(10, 30), &actor, "", before())
        .unwrap();
    let others = db.other_open_introductions(married).unwrap();
    assert_eq!(others.iter().map(|i| i.id).collect::<Vec<_>>(), [left]);
    assert_eq!(
        db.close_other_introductions(married, &actor, before())
            .unwrap(),
        1
    );
    let closed = db.introduction(left).unwrap();
    assert_eq!(closed.stage, Stage::Ended);
    assert_eq!(closed.end_reason, Some(EndReason::HasPartner));
    assert_eq!(closed.end_side, Some(EndSide::A));
    assert!(!db.is_blocked(he, other).unwrap(), "nobody refused anybody");
    assert!(db.other_open_introductions(married).unwrap().is_empty());
}

/// Issue 35's fifth problem: an event's confirmed matches (recorded as agreed and exchanged by
/// the event) stay out of the one-to-one agreement funnel and out of the open day's
/// introductions; the events' own figures count them.
#[test]
fn event_matches_are_counted_apart_from_the_one_to_one_funnel() {
    let mut e = evening();
    let actor = Actor::terminal();
    enter_cards(&mut e);
    // The event day is also an open day at the station.
    e.db.count_visitor(
        &actor,
        event_day(),
        hongniang_core::open_days::Visitor::Single,
        1,
        event_day(),
    )
    .unwrap();
    let confirmed = e.db.confirm_matches(&actor, e.id, event_day()).unwrap();
    assert!(!confirmed.introductions.is_empty());
    let stats = e.db.stats(None, None, event_day()).unwrap();
    assert_eq!(
        stats.agreements.introductions, 0,
        "no one-to-one introduction"
    );
    assert_eq!(stats.agreements.exchanged, 0);
    assert_eq!(
        stats.event_introductions,
        confirmed.introductions.len() as u64,
        "counted with the events"
    );
    let day = e.db.open_day(event_day()).unwrap().unwrap();
    assert_eq!(day.introductions, 0, "not the open day's introductions");
}
