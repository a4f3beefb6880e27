//! 分区轮转: an event of 120 guests seated in zones — balanced, ages close, colleagues apart,
//! each pair of a zone meeting once — with the bad plans refused, and a late or absent guest
//! re-seated with one call.

use chrono::NaiveDate;
use hongniang_core::events::{Arrival, EventData};
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::print::{EventSheet, Job};
use hongniang_core::seating::{SeatingSpec, rotation};
use hongniang_core::{Actor, Db, Error};
use std::collections::{HashMap, HashSet};

fn d(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

const EMPLOYERS: [&str; 5] = ["浙江移动", "杭州二中", "市一医院", "", "上城区税务局"];

/// A member; every seventh has an employer of five, the others their own.
fn member(db: &mut Db, gender: Gender, i: u32) -> i64 {
    let g = if gender == Gender::Male { 1 } else { 2 };
    let employer = if i.is_multiple_of(7) {
        EMPLOYERS[(i as usize / 7) % EMPLOYERS.len()].to_string()
    } else {
        format!("单位{g}{i}")
    };
    let data = MemberData {
        name: format!("嘉宾{g}{i:03}"),
        gender: Some(gender),
        birth: YearMonth::new(1985 + (i % 12) as i32, 1 + i % 12),
        employer,
        phone: format!("139{g}{i:07}"),
        consent: true,
        registered_on: Some(d(1, 5)),
        ..MemberData::default()
    };
    db.insert_member(data, None, &Actor::terminal(), d(11, 1))
        .unwrap()
        .id
}

/// An event on 14 November 2026 with `each` men and `each` women signed up.
fn event_with(db: &mut Db, each: u32) -> (i64, Vec<i64>) {
    let actor = Actor::terminal();
    let id = db
        .create_event(
            &actor,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(d(11, 14)),
                start_time: "14:00".into(),
                places_men: each,
                places_women: each,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    let mut members = Vec::new();
    for i in 0..each {
        for gender in [Gender::Male, Gender::Female] {
            let m = member(db, gender, i);
            db.sign_up(&actor, id, m, false, d(11, 1)).unwrap();
            members.push(m);
        }
    }
    (id, members)
}

fn spec(zones: u32, tables: u32) -> SeatingSpec {
    SeatingSpec {
        zones,
        tables_per_zone: tables,
        minutes_per_round: 8,
    }
}

#[test]
fn zones_are_balanced_of_an_age_and_keep_colleagues_apart() {
    let mut db = Db::open_in_memory().unwrap();
    let (id, members) = event_with(&mut db, 60);
    let seating = db
        .make_seating(&Actor::terminal(), id, spec(4, 15), d(11, 1))
        .unwrap();
    assert_eq!(seating.zones.len(), 4);
    let mut seated = HashSet::new();
    for zone in &seating.zones {
        assert_eq!(zone.men.len(), 15, "zone {}", zone.number);
        assert_eq!(zone.women.len(), 15, "zone {}", zone.number);
        for a in zone.men.iter().chain(&zone.women) {
            assert!(seated.insert(a.member_id), "seated twice");
        }
    }
    assert_eq!(seated.len(), members.len());
    // No man and woman of the same employer in one zone (there are 9 of each of the four
    // shared employers among the 120, so the dealing by age alone puts several together).
    assert!(seating.clashes.is_empty(), "{:?}", seating.clashes);
    let employer: HashMap<i64, String> = members
        .iter()
        .map(|m| (*m, db.member(*m).unwrap().data.employer))
        .collect();
    for zone in &seating.zones {
        for man in &zone.men {
            for woman in &zone.women {
                let e = &employer[&man.member_id];
                assert!(
                    e.is_empty() || e != &employer[&woman.member_id],
                    "{e} in zone {}",
                    zone.number
                );
            }
        }
    }
    // Ages close: the oldest zone comes first, the youngest last.
    let born = |zone: usize| -> f64 {
        let z = &seating.zones[zone];
        let all: Vec<f64> = z
            .men
            .iter()
            .chain(&z.women)
            .map(|a| f64::from(a.birth.year * 12 + a.birth.month as i32))
            .collect();
        all.iter().sum::<f64>() / all.len() as f64
    };
    assert!(born(0) < born(3));
    // Every man meets every woman of his zone exactly once, at one table per round.
    for zone in &seating.zones {
        let mut met = HashSet::new();
        for round in &zone.rounds {
            for turn in round {
                if let (Some(m), Some(w)) = (turn.man, turn.woman) {
                    assert!(met.insert((m, w)));
                }
            }
        }
        assert_eq!(met.len(), 15 * 15);
    }
    assert_eq!(db.seating(id).unwrap(), Some(seating));
}

#[test]
fn more_guests_than_seats_and_bad_plans_are_refused_and_nothing_written() {
    let mut db = Db::open_in_memory().unwrap();
    let (id, _) = event_with(&mut db, 20);
    let actor = Actor::terminal();
    let message = refused(db.make_seating(&actor, id, spec(2, 8), d(11, 1)));
    assert!(message.contains("座位不够"), "{message}");
    assert!(message.contains("每区要 10 张桌"), "{message}");
    assert!(refused(db.make_seating(&actor, id, spec(21, 8), d(11, 1))).contains("分不成 21 个区"));
    assert!(refused(db.make_seating(&actor, id, spec(0, 8), d(11, 1))).contains("分区数"));
    assert_eq!(db.seating(id).unwrap(), None);
    // A plan made, then a bad one asked: the first is kept.
    let first = db.make_seating(&actor, id, spec(2, 10), d(11, 1)).unwrap();
    refused(db.make_seating(&actor, id, spec(3, 3), d(11, 1)));
    assert_eq!(db.seating(id).unwrap(), Some(first));
    // An event that took place gets no new plan.
    assert!(refused(db.make_seating(&actor, id, spec(2, 10), d(11, 15))).contains("举行过了"));
}

#[test]
fn a_late_guest_is_seated_and_an_absent_one_taken_out() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let (id, members) = event_with(&mut db, 12);
    db.update_event(
        &actor,
        id,
        &EventData {
            places_men: 14,
            places_women: 14,
            ..db.event(id).unwrap().data
        },
        d(11, 1),
    )
    .unwrap();
    let before = db.make_seating(&actor, id, spec(3, 5), d(11, 1)).unwrap();
    let late = member(&mut db, Gender::Male, 40);
    db.sign_up(&actor, id, late, false, d(11, 14)).unwrap();
    let seating = db.seating(id).unwrap().unwrap();
    assert_eq!(seating.unseated.len(), 1);
    assert_eq!(seating.unseated[0].member_id, late);
    let said = db.reseat(&actor, id, late, d(11, 14)).unwrap();
    assert!(said.contains("坐到第"), "{said}");
    let after = db.seating(id).unwrap().unwrap();
    let zone = after.zone_of(late).unwrap();
    assert_eq!(zone.men.len(), 5);
    assert!(after.unseated.is_empty());
    // Only that zone changed.
    for (old, new) in before.zones.iter().zip(&after.zones) {
        if new.number != zone.number {
            assert_eq!(old.seats(), new.seats());
        }
    }
    // Each man of the zone still meets each woman once.
    let rounds = rotation(zone.men.len(), zone.women.len());
    let pairs: usize = rounds
        .iter()
        .flatten()
        .filter(|t| t.man.is_some() && t.woman.is_some())
        .count();
    assert_eq!(pairs, zone.men.len() * zone.women.len());
    // A guest who does not come is taken out of her zone.
    let absent = members[1];
    db.check_in(&actor, id, absent, Some(Arrival::NoShow), d(11, 14))
        .unwrap();
    let seating = db.seating(id).unwrap().unwrap();
    assert_eq!(seating.absent.len(), 1);
    let said = db.reseat(&actor, id, absent, d(11, 14)).unwrap();
    assert!(said.contains("撤下"), "{said}");
    let seating = db.seating(id).unwrap().unwrap();
    assert!(seating.absent.is_empty());
    assert!(seating.zone_of(absent).is_none());
    // Asked again, it says so.
    assert!(refused(db.reseat(&actor, id, late, d(11, 14))).contains("已经在第"));
}

fn pdf(db: &Db, event: i64, sheet: EventSheet) -> (String, usize) {
    let printout = db
        .print(&Job::Event { event, sheet }, &Actor::terminal(), d(11, 1))
        .unwrap();
    let text = pdf_extract::extract_text_from_mem(&printout.pdf().unwrap())
        .unwrap()
        .split_whitespace()
        .collect();
    (text, printout.page_count())
}

#[test]
fn host_sheets_guest_slips_and_cards_read_back_from_the_pdf() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let (id, _) = event_with(&mut db, 24);
    // Before the plan: the seat sheets say to make one; the cards list every guest of the
    // other gender.
    let message = refused(db.print(
        &Job::Event {
            event: id,
            sheet: EventSheet::Seating,
        },
        &actor,
        d(11, 1),
    ));
    assert!(message.contains("还没有排座位"), "{message}");
    let (cards, _) = pdf(&db, id, EventSheet::Cards);
    assert!(cards.contains("心动卡"));
    assert!(cards.contains("女24"), "all 24 women on a man's card");
    let seating = db.make_seating(&actor, id, spec(3, 8), d(11, 1)).unwrap();
    let (host, pages) = pdf(&db, id, EventSheet::Seating);
    assert_eq!(pages, 3, "a page per zone");
    for zone in 1..=3 {
        assert!(host.contains(&format!("主持人座位表·第{zone}区")), "{host}");
    }
    assert!(host.contains("共8轮"));
    assert!(
        host.contains("14:56"),
        "the 8th round at 14:00 + 7 × 8 minutes"
    );
    // Each guest's slip: their zone; a man's tables in round order.
    let (slips, _) = pdf(&db, id, EventSheet::SeatSlips);
    let zone = &seating.zones[1];
    let man = &zone.men[2];
    let tables: String = (0..8).map(|r| ((2 + r) % 8 + 1).to_string()).collect();
    let slip_of_man = format!(
        "{}{}第2区",
        man.badge_text().replace(' ', ""),
        man.surname_title
    );
    let at = slips.find(&slip_of_man).expect("the man's slip");
    assert!(
        slips[at..].contains(&format!("桌{tables}")),
        "{}",
        &slips[at..at + 400]
    );
    // With the plan, a card lists only the other gender of the guest's zone, in seat order.
    let (cards, _) = pdf(&db, id, EventSheet::Cards);
    let woman = &zone.women[0];
    let card_of_woman = format!(
        "心动卡{}{}·第2区",
        woman.badge_text().replace(' ', ""),
        woman.surname_title
    );
    let at = cards.find(&card_of_woman).expect("the woman's card");
    let men_in_order: Vec<String> = zone
        .men
        .iter()
        .map(|m| m.badge_text().replace(' ', ""))
        .collect();
    let mut from = at;
    for badge in &men_in_order {
        let found = cards[from..]
            .find(badge.as_str())
            .expect("each man of her zone");
        from += found;
    }
    assert!(cards.contains("本卡只写号码"));
    // No card, slip or host sheet names a guest or a phone.
    for text in [&host, &slips, &cards] {
        assert!(!text.contains("嘉宾1"), "a full name printed");
        assert!(!text.contains("1391"), "a phone printed");
    }
}

#[test]
fn a_late_guest_takes_the_seat_of_one_who_did_not_come_when_every_zone_is_full() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let (id, members) = event_with(&mut db, 10);
    db.update_event(
        &actor,
        id,
        &EventData {
            places_men: 10,
            places_women: 10,
            ..db.event(id).unwrap().data
        },
        d(11, 1),
    )
    .unwrap();
    db.make_seating(&actor, id, spec(2, 5), d(11, 1)).unwrap();
    // A man cancels, the next on the waiting list moves up: the zones are full.
    let waiting = member(&mut db, Gender::Male, 30);
    db.sign_up(&actor, id, waiting, false, d(11, 2)).unwrap();
    let gone = members[0];
    let zone_before = db
        .seating(id)
        .unwrap()
        .unwrap()
        .zone_of(gone)
        .unwrap()
        .seats();
    db.cancel_sign_up(&actor, id, gone, d(11, 2)).unwrap();
    let said = db.reseat(&actor, id, waiting, d(11, 2)).unwrap();
    assert!(said.contains("顶替没来的"), "{said}");
    let seating = db.seating(id).unwrap().unwrap();
    assert!(seating.unseated.is_empty() && seating.absent.is_empty());
    let zone = seating.zone_of(waiting).unwrap().seats();
    let at = zone_before.men.iter().position(|m| *m == gone).unwrap();
    assert_eq!(zone.men[at], waiting, "in the same place");
}

#[test]
fn the_last_woman_of_a_zone_is_not_taken_out_leaving_it_without_rounds() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let (id, members) = event_with(&mut db, 2);
    db.make_seating(&actor, id, spec(2, 1), d(11, 1)).unwrap();
    // members: man, woman, man, woman; each zone has one of each.
    let woman = members[1];
    db.cancel_sign_up(&actor, id, woman, d(11, 2)).unwrap();
    let message = refused(db.reseat(&actor, id, woman, d(11, 2)));
    assert!(message.contains("没有女嘉宾了"), "{message}");
    assert!(db.seating(id).unwrap().unwrap().zone_of(woman).is_some());
}
