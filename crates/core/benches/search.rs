//! Search speed: `cargo bench --bench search`. Databases made by the `demo` generator
//! (seed 1) with 100,000 and 1,000,000 members are kept in `target/bench-data/` between runs.
//! Each size measures the index's queries and, as the baseline, a plain SQLite `LIKE '%…%'`
//! scan of the same names.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hongniang_core::model::{Education, Gender, MemberStatus};
use hongniang_core::search::{Query, SearchIndex};
mod common;

use common::{database, today};
use std::hint::black_box;
use std::time::Instant;

fn queries() -> Vec<(&'static str, Query)> {
    let text = |t: &str| Query {
        text: t.into(),
        ..Query::default()
    };
    vec![
        ("name_1_char", text("芳")),
        ("name_2_chars", text("王芳")),
        ("name_3_chars", text("张小明")),
        ("pinyin_initials", text("zxm")),
        ("pinyin_full", text("wangfang")),
        ("phone_last_4", text("4321")),
        (
            "conditions_only",
            Query {
                gender: Some(Gender::Female),
                age_min: Some(28),
                age_max: Some(32),
                education_min: Some(Education::Bachelor),
                status: Some(MemberStatus::Active),
                ..Query::default()
            },
        ),
        (
            "text_and_conditions",
            Query {
                text: "护士".into(),
                gender: Some(Gender::Female),
                age_min: Some(25),
                age_max: Some(35),
                ..Query::default()
            },
        ),
    ]
}

fn search(c: &mut Criterion) {
    for members in [100_000u64, 1_000_000] {
        let db = database(members);
        let started = Instant::now();
        let index = SearchIndex::build(&db).expect("index");
        eprintln!(
            "{members} members: index built in {:.2} s, {:.1} MB",
            started.elapsed().as_secs_f64(),
            index.heap_bytes() as f64 / 1_048_576.0
        );
        let mut group = c.benchmark_group(format!("search_{}k", members / 1000));
        if members >= 1_000_000 {
            group.sample_size(20);
        }
        for (name, query) in queries() {
            let found = index.search(&query, today()).len();
            eprintln!("  {name}: {found} results");
            group.bench_with_input(BenchmarkId::new("index", name), &query, |b, q| {
                b.iter(|| black_box(index.search(q, today())))
            });
        }
        for (name, pattern) in [
            ("name_1_char", "%芳%"),
            ("name_2_chars", "%王芳%"),
            ("phone_last_4", "%4321%"),
        ] {
            let column = if name.starts_with("phone") {
                "phone"
            } else {
                "name"
            };
            let sql = format!("SELECT id FROM members WHERE {column} LIKE ?1");
            group.bench_function(BenchmarkId::new("sqlite_like", name), |b| {
                b.iter(|| {
                    let mut statement = db.connection().prepare_cached(&sql).expect("sql");
                    let ids: Vec<i64> = statement
                        .query_map([pattern], |r| r.get(0))
                        .expect("query")
                        .map(|r| r.unwrap_or(0))
                        .collect();
                    black_box(ids)
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
