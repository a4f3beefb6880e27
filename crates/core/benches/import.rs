//! Import speed: `cargo bench --bench import`. A register of 10,000 rows typed the ways the old
//! books are (`1990年5月`, `1米65`, `大学本科`, phones with spaces), as `.xlsx`, read, previewed
//! (every row checked, duplicates looked up) and imported in one transaction into a station
//! database that already holds 10,000 members.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hongniang_core::Actor;
use hongniang_core::import::{self, Duplicates, Mapping};
use hongniang_core::{Db, demo};
use std::hint::black_box;

const ROWS: u32 = 10_000;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

fn register(path: &std::path::Path) {
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    let given = ["芳", "娜", "伟", "强", "静", "磊", "敏", "军", "丽", "洋"];
    let educations = ["大学本科", "全日制本科", "大专", "研究生", "高中", "中专"];
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in [
        "姓名",
        "性别",
        "出生年月",
        "身高",
        "学历",
        "联系电话",
        "婚姻状况",
        "工作单位",
        "册号",
        "页码",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for r in 1..=ROWS {
        let i = r as usize;
        let row = [
            format!(
                "{}{}{}",
                surnames[i % 10],
                given[(i / 10) % 10],
                given[(i / 100) % 10]
            ),
            if i.is_multiple_of(2) { "女" } else { "男" }.to_string(),
            format!("{}年{}月", 1975 + i / 1000, 1 + i % 12),
            format!("1米{}", 55 + i % 30),
            educations[i % educations.len()].to_string(),
            format!("139 {:04} {:04}", i / 10_000, i % 10_000),
            if i.is_multiple_of(7) {
                "离异"
            } else {
                "未婚"
            }
            .to_string(),
            "上城区某单位".to_string(),
            format!("{}", 1 + i / 100),
            format!("{}", 1 + i % 100),
        ];
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r, c as u16, cell).expect("cell");
        }
    }
    workbook.save(path).expect("register");
}

fn import_bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("folder");
    let file = dir.path().join("register.xlsx");
    register(&file);
    let station = dir.path().join("station.db");
    {
        let mut db = Db::open(&station).expect("db");
        demo::generate(&mut db, 10_000, 1, today(), &mut |_| {}).expect("demo");
        db.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("checkpoint");
    }
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("xlsx_10000_rows", |b| {
        b.iter_batched(
            || {
                let copy = dir.path().join("copy.db");
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
                }
                std::fs::copy(&station, &copy).expect("copy");
                Db::open(&copy).expect("open copy")
            },
            |mut db| {
                let table = import::read(&file).expect("read");
                let mapping = Mapping::guess(&table.headers);
                let preview = import::preview(
                    &db,
                    &table,
                    &mapping,
                    Some(hongniang_core::import::BookConsent::SignedOnPaper),
                    today(),
                )
                .expect("preview");
                let summary = db
                    .import(
                        &preview,
                        Duplicates::Skip,
                        &Actor::terminal(),
                        today(),
                        &mut |_, _| true,
                    )
                    .expect("import");
                // Every row in (a few may match demo members by name and birth month).
                assert_eq!(summary.imported + summary.skipped_duplicates, ROWS as usize);
                assert!(summary.imported > 9_900, "{summary:?}");
                black_box(summary)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, import_bench);
criterion_main!(benches);
