//! What opening the station's database costs before anything is written: SQLite's quick check
//! (a damaged page makes the program open read-only) and the comparison of the schema with the
//! program's own. `cargo bench -p hongniang-core --bench open`; 1,000,000 members too with
//! `HONGNIANG_BENCH_MILLION=1` (the demo generator takes about a minute for them).

use criterion::{Criterion, criterion_group, criterion_main};
use hongniang_core::{Db, demo};
use std::hint::black_box;

fn open(c: &mut Criterion) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let mut sizes = vec![100_000u64];
    if std::env::var_os("HONGNIANG_BENCH_MILLION").is_some() {
        sizes.push(1_000_000);
    }
    for members in sizes {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("bench.db");
        let mut db = Db::open(&path).expect("database");
        demo::generate(&mut db, members, 1, today, &mut |_| {}).expect("demo members");
        let mut group = c.benchmark_group(format!("open_{}k", members / 1000));
        group.sample_size(10);
        // The whole check, as the program would run it with no time limit.
        group.bench_function("quick_check", |b| {
            b.iter(|| {
                let answer: String = db
                    .connection()
                    .query_row("PRAGMA quick_check", [], |r| r.get(0))
                    .expect("quick check");
                assert_eq!(answer, "ok");
                black_box(answer)
            })
        });
        // What the program does at every opening: the bounded check (once per run and file
        // as it is, so this is the first opening's cost only at the first iteration) and the
        // schema's comparison.
        drop(db);
        group.bench_function("open_checked", |b| {
            b.iter(|| black_box(Db::open(&path).expect("open")))
        });
        group.finish();
    }
}

criterion_group!(benches, open);
criterion_main!(benches);
