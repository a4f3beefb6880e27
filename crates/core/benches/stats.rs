//! Statistics speed: `cargo bench --bench stats`. All the figures of the 统计 screen and the
//! .xlsx export, over the demo databases with their introduction history (seed 1, kept in
//! `target/bench-data/`).

mod common;

use common::{database, today};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hongniang_core::stats;
use std::hint::black_box;

fn statistics(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("folder");
    let mut group = c.benchmark_group("stats");
    group.sample_size(10);
    for members in [100_000u64, 1_000_000] {
        let db = database(members);
        group.bench_with_input(BenchmarkId::new("figures", members), &members, |b, _| {
            b.iter(|| black_box(db.stats(None, None, today()).expect("stats")))
        });
        let file = dir.path().join(format!("stats-{members}.xlsx"));
        group.bench_with_input(
            BenchmarkId::new("figures_and_xlsx", members),
            &members,
            |b, _| {
                b.iter(|| {
                    let figures = db.stats(None, None, today()).expect("stats");
                    stats::write_xlsx(&figures, &file).expect("xlsx");
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, statistics);
criterion_main!(benches);
