//! 互选 speed: `cargo bench --bench events`. The mutual choices of a 联谊活动 of 400 attendees
//! (200 men, 200 women): the pure matching over the cards, and what 互选结果 reads from the
//! database (attendees, cards, matches with badges and names); and 分区轮转, the seating of the
//! 400 in 10 zones (target ≤ 50 ms), pure and from the database.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use hongniang_core::events::{Arrival, Choice, EventData, mutual_matches};
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::seating::{Guest, SeatingSpec, seat};
use hongniang_core::{Actor, Db};
use std::collections::HashSet;
use std::hint::black_box;

const EACH: i64 = 200;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 8, 22).expect("date")
}

/// A deterministic card: attendee `i` marks `marks` of the other gender (a spread that gives
/// some mutual pairs), alternating 想进一步了解 and 可以做朋友.
fn card(i: i64, marks: i64) -> Vec<(i64, Choice)> {
    (0..marks)
        .map(|k| {
            let other = (i * 7 + k * 13) % EACH;
            let choice = if k % 2 == 0 {
                Choice::More
            } else {
                Choice::Friends
            };
            (other, choice)
        })
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .collect()
}

/// Choices among ids 0..200 (men) and 1000..1200 (women).
fn choices(marks: i64) -> (Vec<(i64, i64, Choice)>, HashSet<i64>) {
    let men: HashSet<i64> = (0..EACH).collect();
    let mut all = Vec::new();
    for i in 0..EACH {
        for (w, c) in card(i, marks) {
            all.push((i, 1000 + w, c));
        }
        for (m, c) in card(i + 3, marks) {
            all.push((1000 + i, m, c));
        }
    }
    (all, men)
}

/// An event of 200 men and 200 women who all came, each card entered with 10 marks.
fn event_database() -> (Db, i64) {
    let mut db = Db::open_in_memory().expect("database");
    let actor = Actor::terminal();
    let registered = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
    let id = db
        .create_event(
            &actor,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(day()),
                places_men: EACH as u32,
                places_women: EACH as u32,
                ..EventData::default()
            },
        )
        .expect("event")
        .id;
    let mut ids = [Vec::new(), Vec::new()];
    for (g, gender) in [Gender::Male, Gender::Female].into_iter().enumerate() {
        for i in 0..EACH {
            let data = MemberData {
                name: format!("嘉宾{g}{i:03}"),
                gender: Some(gender),
                birth: YearMonth::new(1992, 3),
                phone: format!("139{g}{i:07}"),
                // Every fifth guest works at one of ten employers: colleagues to keep apart.
                employer: if i % 5 == 0 {
                    format!("单位{}", i % 10)
                } else {
                    format!("单位{g}{i}")
                },
                consent: true,
                registered_on: Some(registered),
                ..MemberData::default()
            };
            let member = db
                .insert_member(data, None, &actor, registered)
                .expect("member")
                .id;
            db.sign_up(&actor, id, member, false, day())
                .expect("sign up");
            db.check_in(&actor, id, member, Some(Arrival::Arrived), day())
                .expect("check in");
            ids[g].push(member);
        }
    }
    for g in 0..2 {
        for i in 0..EACH {
            let marks: Vec<(i64, Choice)> = card(i + 3 * g as i64, 10)
                .into_iter()
                .map(|(other, c)| (ids[1 - g][other as usize], c))
                .collect();
            db.enter_card(&actor, id, ids[g][i as usize], &marks)
                .expect("card");
        }
    }
    (db, id)
}

fn matching(c: &mut Criterion) {
    let mut group = c.benchmark_group("events");
    for marks in [10, 200] {
        let (all, men) = choices(marks);
        group.bench_function(format!("mutual_matches_400_attendees_{marks}_marks"), |b| {
            b.iter(|| black_box(mutual_matches(&all, &men)))
        });
    }
    let (db, id) = event_database();
    group.bench_function("event_matches_400_attendees_from_the_database", |b| {
        b.iter(|| black_box(db.event_matches(id).expect("matches")))
    });
    group.finish();
}

/// 400 guests as seating sees them: ages spread over 15 years, every fifth from one of ten
/// employers.
fn guests() -> Vec<Guest> {
    (0..2 * EACH)
        .map(|i| Guest {
            id: i,
            gender: if i < EACH {
                Gender::Male
            } else {
                Gender::Female
            },
            born: 1985 * 12 + ((i * 37) % 180) as i32,
            employer: if i % 5 == 0 {
                format!("单位{}", i % 10)
            } else {
                format!("单位{i}")
            },
        })
        .collect()
}

fn seating(c: &mut Criterion) {
    let mut group = c.benchmark_group("events");
    let spec = SeatingSpec {
        zones: 10,
        tables_per_zone: 20,
        minutes_per_round: 8,
    };
    let all = guests();
    group.bench_function("seat_400_guests_in_10_zones", |b| {
        b.iter(|| black_box(seat(&all, spec).expect("seating")))
    });
    let (mut db, id) = event_database();
    let actor = Actor::terminal();
    group.bench_function("make_seating_400_guests_from_the_database", |b| {
        b.iter(|| black_box(db.make_seating(&actor, id, spec, day()).expect("seating")))
    });
    group.finish();
}

/// A station of 1,000 members and the 问卷星 export of 2,000 sign-ups for a 七夕 event of 800
/// places each: the first 1,000 rows members (found by phone), the other 1,000 newcomers who
/// ticked the consent (registered), in shuffled submission order.
fn online_sign_ups() -> (Db, i64, hongniang_core::import::Table, tempfile::TempDir) {
    let mut db = Db::open_in_memory().expect("database");
    let actor = Actor::terminal();
    let registered = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
    let mut text = String::from(
        "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、您的姓名,2、您的性别,3、您的出生年月,4、您的手机号码,5、工作单位,6、是否同意《知情同意书》\n",
    );
    for i in 0..2000u32 {
        let gender = if i % 2 == 0 {
            Gender::Male
        } else {
            Gender::Female
        };
        let name = format!("报名{i:04}");
        let phone = format!("1370000{i:04}");
        if i < 1000 {
            db.insert_member(
                MemberData {
                    name: name.clone(),
                    gender: Some(gender),
                    birth: YearMonth::new(1990 + (i % 10) as i32, 1 + i % 12),
                    phone: phone.clone(),
                    consent: true,
                    registered_on: Some(registered),
                    ..MemberData::default()
                },
                None,
                &actor,
                registered,
            )
            .expect("member");
        }
        let minute = (i * 7919) % 2000;
        text.push_str(&format!(
            "{},2026/8/{} {:02}:{:02}:00,60秒,微信,N/A,1.2.3.4,{name},{},{}-{:02},{phone},单位{},同意\n",
            i + 1,
            1 + minute / 600,
            (minute / 60) % 10 + 8,
            minute % 60,
            gender.label(),
            1990 + i % 10,
            1 + i % 12,
            i % 50
        ));
    }
    let id = db
        .create_event(
            &actor,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(day()),
                places_men: 800,
                places_women: 800,
                ..EventData::default()
            },
        )
        .expect("event")
        .id;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("问卷星导出.csv");
    std::fs::write(&path, text).expect("file");
    let table = hongniang_core::import::read(&path).expect("read");
    (db, id, table, dir)
}

fn online_import(c: &mut Criterion) {
    let mut group = c.benchmark_group("events");
    group.sample_size(10);
    let (mut db, id, table, _dir) = online_sign_ups();
    let mapping = hongniang_core::event_import::guess_mapping(&table.headers);
    let actor = Actor::terminal();
    let before = NaiveDate::from_ymd_opt(2026, 8, 10).expect("date");
    group.bench_function("online_sign_ups_2000_rows_preview", |b| {
        b.iter(|| {
            black_box(
                db.import_sign_ups(&actor, id, &table, &mapping, false, before)
                    .expect("preview"),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, matching, seating, online_import);
criterion_main!(benches);
