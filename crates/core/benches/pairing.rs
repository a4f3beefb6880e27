//! Pairing speed: `cargo bench --bench pairing`. For random 在册 members of the demo databases
//! (100,000 and 1,000,000 members with their introduction history, seed 1, kept in
//! `target/bench-data/`), the top 50 candidates with their explanations both ways, as the
//! 配对 screen asks for them: the exclusions read from SQLite, the weights from the settings,
//! the scan of the in-memory pool, and the summaries of the 50 for display.

mod common;

use common::{database, today};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hongniang_core::pairing::{self, PairingIndex};
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Instant;

fn pairing(c: &mut Criterion) {
    let mut group = c.benchmark_group("pairing_top50");
    group.sample_size(20);
    for members in [100_000u64, 1_000_000] {
        let db = database(members);
        let started = Instant::now();
        let index = PairingIndex::build(&db).expect("index");
        eprintln!(
            "{members} members: pool index of {} built in {:.2} s, {:.1} MB",
            index.len(),
            started.elapsed().as_secs_f64(),
            index.heap_bytes() as f64 / 1e6
        );
        // Random 在册 members who may be paired (the same ones every run).
        let ids: Vec<i64> = {
            let mut statement = db
                .connection()
                .prepare(&format!(
                    "SELECT id FROM members WHERE status = 'active' AND {}",
                    hongniang_core::model::may_introduce_sql("")
                ))
                .expect("query");
            statement
                .query_map([], |r| r.get(0))
                .expect("ids")
                .collect::<Result<_, _>>()
                .expect("ids")
        };
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let chosen: Vec<i64> = (0..64)
            .map(|_| ids[rng.random_range(0..ids.len())])
            .collect();
        let mut next = 0;
        group.bench_with_input(BenchmarkId::from_parameter(members), &members, |b, _| {
            b.iter(|| {
                let id = chosen[next % chosen.len()];
                next += 1;
                black_box(pairing::pair(&db, &index, id, today(), 50).expect("pairing"))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pairing);
criterion_main!(benches);
