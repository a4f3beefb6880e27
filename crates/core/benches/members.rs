//! Member list and registration speed at the sizes a station reaches: `cargo bench --bench members`.
//! The database is made by the `demo` generator (100,000 members, seed 1) in a temporary folder.

use criterion::{Criterion, criterion_group, criterion_main};
use hongniang_core::Actor;
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::{Db, demo};
use std::hint::black_box;

const MEMBERS: u64 = 100_000;
const PAGE: u64 = 30;

fn members(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("bench.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let mut db = Db::open(&path).expect("database");
    demo::generate(&mut db, MEMBERS, 1, today, &mut |_| {}).expect("demo members");
    let last_page = MEMBERS / PAGE;

    let mut group = c.benchmark_group("members_100k");
    group.bench_function("list_first_page", |b| {
        b.iter(|| black_box(db.list_members(0, PAGE).expect("list")))
    });
    group.bench_function("list_middle_page", |b| {
        b.iter(|| black_box(db.list_members(last_page / 2 * PAGE, PAGE).expect("list")))
    });
    group.bench_function("list_last_page", |b| {
        b.iter(|| black_box(db.list_members(last_page * PAGE, PAGE).expect("list")))
    });
    group.bench_function("count_all", |b| {
        b.iter(|| black_box(db.count_members().expect("count")))
    });
    group.bench_function("home_counts", |b| {
        b.iter(|| black_box(db.member_counts(today).expect("counts")))
    });
    group.bench_function("open_member", |b| {
        b.iter(|| black_box(db.member_by_number("2024-0100").expect("member")))
    });
    // 首页's lists, worked out from the whole history each time the page opens.
    group.bench_function("waiting_worklist", |b| {
        b.iter(|| black_box(db.waiting_members(today, 8).expect("waiting")))
    });
    group.bench_function("reconfirm_list", |b| {
        b.iter(|| black_box(db.reconfirm_due(today, 8).expect("reconfirm")))
    });
    // What every opening of the database does first (nobody's pause ends: the usual case).
    group.bench_function("resume_paused_none_due", |b| {
        b.iter(|| black_box(db.resume_paused(today).expect("resume")))
    });
    // One new member each time (a new name and phone), through the whole registration.
    let mut n = 0u32;
    let mut register_one = |db: &mut Db| {
        n += 1;
        let sheet = MemberData {
            name: format!("测试{n}"),
            gender: Some(Gender::Female),
            birth: YearMonth::new(1990, 5),
            phone: format!("139{:08}", n),
            consent: true,
            ..MemberData::default()
        };
        db.insert_member(sheet, None, &Actor::terminal(), today)
            .expect("insert")
    };
    group.bench_function("register_one_member", |b| {
        b.iter(|| black_box(register_one(&mut db)))
    });
    // The same with SQLite's synchronous = NORMAL: the cost of FULL's flush at each commit.
    db.connection()
        .pragma_update(None, "synchronous", "NORMAL")
        .expect("pragma");
    group.bench_function("register_one_member_synchronous_normal", |b| {
        b.iter(|| black_box(register_one(&mut db)))
    });
    group.finish();
}

criterion_group!(benches, members);
criterion_main!(benches);
