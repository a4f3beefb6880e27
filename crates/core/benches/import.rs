//! Import speed: `cargo bench --bench import`. Registers of 10,000 and 100,000 rows typed the
//! ways the old books are (`1990年5月`, `1米65`, `大学本科`, phones with spaces, 登记人 "母亲 王秀英",
//! 备注, 择偶要求 "25-30岁,身高160以上,本地"), as `.xlsx` and as `.csv`, read, previewed (every row
//! checked, wishes read, duplicates looked up) and imported in one transaction into a station
//! database that already holds 10,000 members.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hongniang_core::Actor;
use hongniang_core::import::{self, BookConsent, Duplicates, Mapping};
use hongniang_core::{Db, demo};
use std::hint::black_box;
use std::path::Path;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

const HEADERS: [&str; 13] = [
    "姓名",
    "性别",
    "出生年月",
    "身高",
    "学历",
    "联系电话",
    "婚姻状况",
    "工作单位",
    "登记人",
    "择偶要求",
    "备注",
    "册号",
    "页码",
];

fn register(rows: usize) -> Vec<Vec<String>> {
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    let given = ["芳", "娜", "伟", "强", "静", "磊", "敏", "军", "丽", "洋"];
    let educations = ["大学本科", "全日制本科", "大专", "研究生", "高中", "中专"];
    let registrants = ["本人", "母亲", "母亲 王秀英", "爸爸", "阿姨", "自己"];
    let wishes = [
        "25-30岁,身高160以上,本地",
        "年龄22到29岁",
        "30岁以下,本科以上",
        "1米7以上,大专及以上,杭州户口,离异可,有房",
        "人品好,孝顺",
        "",
    ];
    (1..=rows)
        .map(|i| {
            vec![
                format!(
                    "{}{}{}{}",
                    surnames[i % 10],
                    given[(i / 10) % 10],
                    given[(i / 100) % 10],
                    if i < 10_000 {
                        ""
                    } else {
                        given[(i / 10_000) % 10]
                    }
                ),
                if i.is_multiple_of(2) { "女" } else { "男" }.to_string(),
                format!("{}年{}月", 1975 + (i / 1000) % 30, 1 + i % 12),
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
                registrants[i % registrants.len()].to_string(),
                wishes[i % wishes.len()].to_string(),
                if i.is_multiple_of(3) {
                    "父母代登记"
                } else {
                    ""
                }
                .to_string(),
                format!("{}", 1 + i / 100),
                format!("{}", 1 + i % 100),
            ]
        })
        .collect()
}

fn write_xlsx(path: &Path, rows: &[Vec<String>]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet
                    .write_string(r as u32 + 1, c as u16, cell)
                    .expect("cell");
            }
        }
    }
    workbook.save(path).expect("register");
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut writer = csv::Writer::from_path(path).expect("csv");
    writer.write_record(HEADERS).expect("header");
    for row in rows {
        writer.write_record(row).expect("row");
    }
    writer.flush().expect("flush");
}

fn import_bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("folder");
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
    for rows in [10_000, 100_000] {
        let register = register(rows);
        for format in ["csv", "xlsx"] {
            let file = dir.path().join(format!("register-{rows}.{format}"));
            if format == "csv" {
                write_csv(&file, &register);
            } else {
                write_xlsx(&file, &register);
            }
            group.bench_function(format!("{format}_{rows}_rows"), |b| {
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
                        assert!(table.faults.is_empty(), "{:?}", table.faults);
                        let mapping = Mapping::guess(&table.headers);
                        let preview = import::preview(
                            &db,
                            &table,
                            &mapping,
                            Some(BookConsent::SignedOnPaper),
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
                        // Every row in or a duplicate (names and birth months repeat).
                        assert_eq!(
                            summary.imported + summary.skipped_duplicates + summary.rejected,
                            rows
                        );
                        assert!(summary.imported > rows / 2, "{summary:?}");
                        black_box(summary)
                    },
                    BatchSize::PerIteration,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, import_bench);
criterion_main!(benches);
