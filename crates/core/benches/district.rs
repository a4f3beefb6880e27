//! 全区 pairing speed: `cargo bench --bench district`. A mirror of 100,000 other stations'
//! profiles (the 100,000-member demo database, every member made shared, as another station
//! would send them), and the top 50 candidates for random members of this station with both
//! sides' verdicts, as `district pair` and the 配对 screen's 全区 ask for them.

mod common;

use common::{database, today};
use criterion::{Criterion, criterion_group, criterion_main};
use hongniang_core::Db;
use hongniang_core::district::DistrictIndex;
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Instant;

fn district_pairing(c: &mut Criterion) {
    let db = database(100_000);
    // The other stations' profiles: a copy of the demo where everyone agreed to share.
    let folder = tempfile::tempdir().expect("temp");
    let copy = folder.path().join("district.db");
    db.connection()
        .execute("VACUUM INTO ?1", [copy.to_str().expect("path")])
        .expect("copy");
    let other = Db::open(&copy).expect("copy");
    other
        .connection()
        .execute_batch(
            "UPDATE members SET status = 'active', consent = 1, consent_pending = 0,
                 own_consent_on = coalesce(own_consent_on, registered_on),
                 own_consent_how = coalesce(own_consent_how, 'sheet'),
                 district_consent_on = registered_on",
        )
        .expect("share everyone");
    let profiles = other.shared_profiles("南星").expect("profiles");
    let started = Instant::now();
    let index = DistrictIndex::of_profiles(profiles);
    eprintln!(
        "mirror of {} profiles indexed in {:.2} s",
        index.len(),
        started.elapsed().as_secs_f64()
    );
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
    let chosen: Vec<_> = (0..64)
        .map(|_| {
            db.member(ids[rng.random_range(0..ids.len())])
                .expect("member")
        })
        .collect();
    let weights = db.pairing_weights().expect("weights");
    let mut next = 0;
    let mut group = c.benchmark_group("district_pairing_top50");
    group.sample_size(20);
    group.bench_function("100000", |b| {
        b.iter(|| {
            let member = &chosen[next % chosen.len()];
            next += 1;
            black_box(
                index
                    .pair(member, &[], &weights, today(), 50)
                    .expect("pairing"),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, district_pairing);
criterion_main!(benches);
