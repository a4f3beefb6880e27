//! Sync speed against a real PostgreSQL: `tools/district-pg start DIR`, then
//! `HONGNIANG_PG='…' cargo bench -p hongniang-district --bench sync` (skipped without it).
//! Station 湖滨 shares 10,000 members (a demo database, the first 10,000 在册 made shared);
//! 南星 shares none and receives them.
//! - first_sync_10000: 湖滨's first sync (sending all 10,000) and 南星's (receiving them);
//! - incremental_100: 100 of 湖滨's members changed, its sync and 南星's.

use criterion::{Criterion, criterion_group, criterion_main};
use hongniang_core::{Db, demo};
use hongniang_district as district;
use postgres::{Client, Config, NoTls};
use std::time::{Duration, Instant};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

struct Setup {
    admin: Client,
    a: Db,
    b: Db,
    ca: Client,
    cb: Client,
    changed: Vec<i64>,
}

fn setup(config: &Config, dir: &std::path::Path) -> Setup {
    let mut admin = config.connect(NoTls).expect("server");
    admin
        .batch_execute("DROP DATABASE IF EXISTS hn_bench")
        .expect("drop");
    admin
        .batch_execute("CREATE DATABASE hn_bench")
        .expect("create");
    let as_user = |user: &str| {
        let mut config = config.clone();
        config.user(user).dbname("hn_bench");
        config.connect(NoTls).expect("connect")
    };
    let superuser = config.get_user().unwrap_or("postgres").to_string();
    let mut admin = as_user(&superuser);
    district::migrate(&mut admin).expect("migrate");
    district::add_station(&mut admin, "湖滨", "湖滨街道工会", "bench_hubin").expect("station");
    district::add_station(&mut admin, "南星", "南星街道工会", "bench_nanxing").expect("station");

    let mut a = Db::open(&dir.join("a.db")).expect("a");
    demo::generate(&mut a, 16_000, 1, today(), &mut |_| {}).expect("demo");
    a.connection()
        .execute_batch(
            "UPDATE members SET district_consent_on = NULL;
             UPDATE members SET district_consent_on = registered_on, consent = 1,
                 consent_pending = 0
             WHERE id IN (SELECT id FROM members WHERE status = 'active' ORDER BY id
                          LIMIT 10000)",
        )
        .expect("share");
    let shared = a.shared_profiles("湖滨").expect("shared").len();
    eprintln!("湖滨 shares {shared} members");
    let changed = a
        .connection()
        .prepare("SELECT id FROM members WHERE district_consent_on IS NOT NULL LIMIT 100")
        .and_then(|mut s| {
            s.query_map([], |r| r.get(0))?
                .collect::<Result<Vec<i64>, _>>()
        })
        .expect("ids");
    let b = Db::open(&dir.join("b.db")).expect("b");
    Setup {
        admin,
        a,
        b,
        ca: as_user("bench_hubin"),
        cb: as_user("bench_nanxing"),
        changed,
    }
}

/// Back to before any sync: the server's rows gone, both stations' records of syncs gone.
fn reset(s: &mut Setup) {
    s.admin
        .batch_execute("TRUNCATE profiles")
        .expect("truncate");
    for db in [&s.a, &s.b] {
        db.connection()
            .execute_batch(
                "DELETE FROM district_pushed; DELETE FROM district_mirror;
                 DELETE FROM settings WHERE key = 'district_pulled_from'",
            )
            .expect("reset");
    }
}

fn sync(c: &mut Criterion) {
    let Ok(config) = std::env::var("HONGNIANG_PG") else {
        eprintln!("skipped: no PostgreSQL (HONGNIANG_PG; tools/district-pg start DIR)");
        return;
    };
    let config: Config = config.parse().expect("HONGNIANG_PG");
    let dir = tempfile::tempdir().expect("temp");
    let mut s = setup(&config, dir.path());

    let mut group = c.benchmark_group("district_sync");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("first_sync_10000", |bench| {
        bench.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                reset(&mut s);
                let started = Instant::now();
                let sent = district::sync(&mut s.a, &mut s.ca, "湖滨").expect("sync a");
                let got = district::sync(&mut s.b, &mut s.cb, "南星").expect("sync b");
                spent += started.elapsed();
                assert_eq!((sent.sent, got.received), (10_000, 10_000));
            }
            spent
        })
    });
    let mut step = 0;
    group.bench_function("incremental_100", |bench| {
        bench.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                step += 1;
                let change = if step % 2 == 0 { "+ 1" } else { "- 1" };
                for id in &s.changed {
                    s.a.connection()
                        .execute(
                            &format!(
                                "UPDATE members SET height_cm = coalesce(height_cm, 170) {change}
                                 WHERE id = ?1"
                            ),
                            [id],
                        )
                        .expect("change");
                }
                let started = Instant::now();
                let sent = district::sync(&mut s.a, &mut s.ca, "湖滨").expect("sync a");
                let got = district::sync(&mut s.b, &mut s.cb, "南星").expect("sync b");
                spent += started.elapsed();
                assert_eq!(sent.sent, 100);
                assert!(got.received >= 100, "{got:?}");
            }
            spent
        })
    });
    group.finish();
}

criterion_group!(benches, sync);
criterion_main!(benches);
