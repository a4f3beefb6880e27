//! The station's paper books as volunteers type them: a register written here with each of the
//! ways a book has it (registrant words, notes, wishes, `1990.10` turned into a number, a stray
//! quote, a sparse sheet, an over-long cell), read from .csv (UTF-8 and GBK) and .xlsx.

use chrono::NaiveDate;
use hongniang_core::import::{self, BookConsent, Duplicates, Mapping, Outcome, Preview, Table};
use hongniang_core::model::{Education, Hukou, MaritalStatus, RegistrantRelation};
use hongniang_core::print::Job;
use hongniang_core::{Actor, Db};
use std::path::Path;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

const HEADERS: [&str; 14] = [
    "册号",
    "页码",
    "姓名",
    "性别",
    "出生年月",
    "身高",
    "学历",
    "婚姻状况",
    "手机",
    "登记人",
    "登记人电话",
    "择偶要求",
    "备注",
    "登记日期",
];

/// Twenty-two more ways of writing wishes, with what each must be read as.
const WISHES: [(&str, &str); 22] = [
    ("年龄22到29岁", "年龄 22–29 岁"),
    ("30岁以下", "年龄 30 岁以下"),
    ("28周岁以上", "年龄 28 岁以上"),
    ("年龄在25至35之间", "年龄 25–35 岁"),
    ("身高160以上", "身高 160 厘米以上"),
    ("165cm以上", "身高 165 厘米以上"),
    ("1米7以上", "身高 170 厘米以上"),
    ("身高1.75以上", "身高 175 厘米以上"),
    ("身高165-175", "身高 165–175 厘米"),
    ("本科以上", "学历 本科及以上"),
    ("大专及以上", "学历 大专及以上"),
    ("学历硕士", "学历 硕士及以上"),
    ("杭州户口", "户籍 杭州"),
    ("本地", "户籍 杭州"),
    ("户口不限", ""),
    ("未婚", "婚姻 未婚"),
    ("离异可", "婚姻 未婚、离异"),
    ("不介意离异", "婚姻 未婚、离异"),
    ("有房", "要求有房"),
    ("90后", "年龄 27–36 岁"),
    ("人品好,孝顺父母", ""),
    (
        "25-30岁,身高160以上,本地",
        "年龄 25–30 岁,身高 160 厘米以上,户籍 杭州",
    ),
];

/// The register's rows as text, the way a spreadsheet saves them as CSV (`1990.10` already
/// turned into `1990.1`).
fn rows() -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<&str>> = vec![
        vec![
            "3",
            "12",
            "王芳",
            "女",
            "1990.1",
            "160",
            "本科",
            "未婚",
            "13800000001",
            "本人",
            "",
            "25-30岁,身高160以上,本地",
            "父母代登记",
            "2019-05-01",
        ],
        vec![
            "3",
            "13",
            "李强",
            "男",
            "1988年5月",
            "175",
            "大专",
            "离异",
            "13800000002",
            "母亲",
            "",
            "年龄22到29岁",
            "已电话回访",
            "2019-05-01",
        ],
        vec![
            "3",
            "14",
            "张敏",
            "女",
            "1992-03",
            "158",
            "硕士",
            "未婚",
            "13800000003",
            "母亲 王秀英",
            "13900000003",
            "30岁以下,本科以上",
            "性格开朗",
            "2019-05-02",
        ],
        vec![
            "3",
            "15",
            "陈伟",
            "男",
            "1991",
            "180",
            "本科",
            "未婚",
            "13800000004",
            "王秀英(母)",
            "",
            "比我小2-5岁",
            "",
            "2019-05-02",
        ],
        vec![
            "3",
            "16",
            "赵丽",
            "女",
            "1993-07",
            "135",
            "高中",
            "未婚",
            "13800000005",
            "阿姨",
            "13900000005",
            "",
            "",
            "2019-05-03",
        ],
        vec![
            "3",
            "17",
            "孙杰",
            "男",
            "1989-11",
            "172",
            "本科",
            "未婚",
            "13800000006",
            "自己",
            "",
            "30-30岁",
            "",
            "2019-05-03",
        ],
        vec![
            "3",
            "18",
            "周燕",
            "女",
            "1994-02",
            "165",
            "本科",
            "未婚",
            "13800000007",
            "爸爸",
            "",
            "1米7以上,大专及以上,杭州户口,离异可,有房",
            "",
            "2019-05-04",
        ],
    ];
    let names: Vec<String> = (0..WISHES.len()).map(|i| format!("会员{i:02}")).collect();
    let phones: Vec<String> = (0..WISHES.len())
        .map(|i| format!("137{:08}", i + 1))
        .collect();
    for (i, (wish, _)) in WISHES.iter().enumerate() {
        rows.push(vec![
            "4",
            "1",
            &names[i],
            "女",
            "1996-06",
            "162",
            "本科",
            "未婚",
            &phones[i],
            "本人",
            "",
            wish,
            "",
            "2020-01-01",
        ]);
    }
    rows.into_iter()
        .map(|r| r.into_iter().map(str::to_string).collect())
        .collect()
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADERS).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// The register as an .xlsx with numbers where a spreadsheet keeps numbers: the birth month
/// `1990.10` typed into a cell is the number 1990.1, heights and phones are numbers.
fn write_xlsx(path: &Path, rows: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let numeric = matches!(c, 4 | 5 | 8) && cell.parse::<f64>().is_ok();
            if numeric {
                sheet
                    .write_number(r as u32 + 1, c as u16, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn station() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("station.db")).unwrap();
    (dir, db)
}

fn preview_of(db: &Db, table: &Table) -> Preview {
    import::preview(
        db,
        table,
        &Mapping::guess(&table.headers),
        Some(BookConsent::SignedOnPaper),
        today(),
    )
    .unwrap()
}

/// The previewed rows imported, duplicates skipped, by the PC's own user.
fn import_all(db: &mut Db, preview: &Preview) -> hongniang_core::Result<import::Summary> {
    db.import(
        preview,
        Duplicates::Skip,
        &Actor::terminal(),
        today(),
        &mut |_, _| true,
    )
}

/// The text of a printed PDF, without the spaces the extraction puts between characters.
fn printed(db: &Db, job: &Job) -> String {
    let printout = db.print(job, &Actor::terminal(), today()).unwrap();
    pdf_extract::extract_text_from_mem(&printout.pdf().unwrap())
        .unwrap()
        .split_whitespace()
        .collect()
}

fn row<'a>(preview: &'a Preview, name: &str) -> &'a import::Row {
    preview
        .rows
        .iter()
        .find(|r| r.data.name == name)
        .unwrap_or_else(|| panic!("no row for {name}"))
}

/// Every value of the register as a person reading the book would write it down.
fn check_the_register(table: &Table) {
    assert!(table.faults.is_empty(), "{:?}", table.faults);
    let (_dir, mut db) = station();
    let preview = preview_of(&db, table);
    assert!(preview.blocked().is_none(), "{:?}", preview.blocked());
    assert_eq!(preview.ready(), rows().len(), "every row comes in");

    let wang = row(&preview, "王芳");
    assert_eq!(wang.data.registrant.relation, RegistrantRelation::Own);
    assert_eq!(wang.data.notes, "父母代登记");
    assert_eq!(wang.data.self_intro, "", "备注 is not the 自我介绍");
    assert_eq!(wang.data.preferences.age_min, Some(25));
    assert_eq!(wang.data.preferences.age_max, Some(30));
    assert_eq!(wang.data.preferences.height_min, Some(160));
    assert_eq!(wang.data.preferences.hukou, Some(Hukou::Hangzhou));
    assert_eq!(
        wang.data.preferences.other, "25-30岁,身高160以上,本地",
        "the text is kept"
    );
    assert_eq!(wang.wishes, "年龄 25–30 岁,身高 160 厘米以上,户籍 杭州");
    assert_eq!(wang.data.birth.map(|b| (b.year, b.month)), Some((1990, 1)));
    assert!(
        wang.checks
            .iter()
            .any(|(f, w)| f == "出生年月" && w.contains("10 月")),
        "1990.1 may be October: {:?}",
        wang.checks
    );

    let li = row(&preview, "李强");
    assert_eq!(li.data.registrant.relation, RegistrantRelation::Mother);
    assert_eq!(li.data.registrant.name, "", "母亲 is not a name");
    assert_eq!(li.data.notes, "已电话回访");
    assert_eq!(
        (li.data.preferences.age_min, li.data.preferences.age_max),
        (Some(22), Some(29))
    );
    assert!(li.checks.is_empty(), "{:?}", li.checks);

    let zhang = row(&preview, "张敏");
    assert_eq!(zhang.data.registrant.relation, RegistrantRelation::Mother);
    assert_eq!(zhang.data.registrant.name, "王秀英");
    assert_eq!(zhang.data.registrant.phone, "13900000003");
    assert_eq!(zhang.data.preferences.age_max, Some(30));
    assert_eq!(
        zhang.data.preferences.education_min,
        Some(Education::Bachelor)
    );

    let chen = row(&preview, "陈伟");
    assert_eq!(chen.data.registrant.relation, RegistrantRelation::Mother);
    assert_eq!(chen.data.registrant.name, "王秀英");
    assert!(
        chen.checks.iter().any(|(f, _)| f == "出生年月"),
        "a year without a month is to check"
    );
    // Born 1991 (January assumed): 35 on 2026-12-01; 2–5 years younger.
    assert_eq!(
        (chen.data.preferences.age_min, chen.data.preferences.age_max),
        (Some(30), Some(33))
    );

    let zhao = row(&preview, "赵丽");
    assert_eq!(zhao.data.registrant.relation, RegistrantRelation::Relative);
    assert_eq!(zhao.data.registrant.kin, "阿姨");
    assert!(
        zhao.checks.iter().any(|(f, _)| f == "身高"),
        "135 cm is to check"
    );

    let sun = row(&preview, "孙杰");
    assert_eq!(sun.data.registrant.relation, RegistrantRelation::Own);
    assert!(
        sun.checks
            .iter()
            .any(|(f, w)| f == "择偶要求" && w.contains("一个岁数")),
        "{:?}",
        sun.checks
    );

    let zhou = row(&preview, "周燕");
    assert_eq!(zhou.data.registrant.relation, RegistrantRelation::Father);
    let p = &zhou.data.preferences;
    assert_eq!(p.height_min, Some(170));
    assert_eq!(p.education_min, Some(Education::College));
    assert_eq!(p.hukou, Some(Hukou::Hangzhou));
    assert_eq!(
        p.marital_statuses,
        [MaritalStatus::Single, MaritalStatus::Divorced]
    );
    assert!(p.requires_housing);

    for (i, (wish, expected)) in WISHES.iter().enumerate() {
        let member = row(&preview, &format!("会员{i:02}"));
        assert_eq!(member.wishes, *expected, "{wish}");
        assert_eq!(member.data.preferences.other, *wish);
    }

    // Imported: the checks are kept, the consent is the paper sheet's, nothing of a note is
    // printed on a card or a sheet.
    let summary = import_all(&mut db, &preview).unwrap();
    assert_eq!(summary.imported, rows().len());
    assert_eq!(summary.to_check, 4, "王芳, 陈伟, 赵丽, 孙杰");
    let checks = db.checks(None).unwrap();
    assert!(checks.iter().any(|c| c.member_name == "王芳"));
    let wang = db.member_by_number("2019-0001").unwrap();
    assert!(wang.data.consent);
    assert!(
        wang.data.consent_source.contains("第 3 册 · 第 12 页"),
        "{}",
        wang.data.consent_source
    );
    for (job, name) in [
        (
            Job::Card {
                member: wang.id,
                image: false,
            },
            "card",
        ),
        (
            Job::Sheet {
                member: wang.id,
                full_contacts: true,
            },
            "sheet",
        ),
    ] {
        let text = printed(&db, &job);
        assert!(!text.contains("父母代登记"), "a note on the {name}: {text}");
        assert!(!text.contains("其他亲属本人"), "{name}: {text}");
    }
    let text = printed(
        &db,
        &Job::Sheet {
            member: db.member_by_number("2019-0002").unwrap().id,
            full_contacts: true,
        },
    );
    assert!(!text.contains("已电话回访"), "{text}");
    assert!(text.contains("母亲"), "{text}");
}

#[test]
fn a_register_as_utf8_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("第三册.csv");
    std::fs::write(&path, csv_text(&rows())).unwrap();
    check_the_register(&import::read(&path).unwrap());
}

#[test]
fn a_register_as_gbk_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("第三册.csv");
    let text = csv_text(&rows());
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    std::fs::write(&path, &gbk).unwrap();
    check_the_register(&import::read(&path).unwrap());
}

#[test]
fn a_register_as_xlsx_with_numeric_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("第三册.xlsx");
    write_xlsx(&path, &rows());
    check_the_register(&import::read(&path).unwrap());
}

#[test]
fn a_stray_quote_refuses_the_file_and_imports_nothing() {
    let mut rows = Vec::new();
    for i in 0..2000 {
        rows.push(vec![
            "5".to_string(),
            "1".into(),
            format!("会员{i}"),
            "女".into(),
            "1995-01".into(),
            "160".into(),
            "本科".into(),
            "未婚".into(),
            format!("136{i:08}"),
            "本人".into(),
            String::new(),
            String::new(),
            String::new(),
            "2020-01-01".into(),
        ]);
    }
    let mut text = csv_text(&rows);
    // Row 5's occupation-free text gets a quote typed at its start and never closed.
    text = text.replacen("会员3,", "\"会员3,", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("坏文件.csv");
    std::fs::write(&path, &text).unwrap();
    let table = import::read(&path).unwrap();
    assert!(
        table
            .faults
            .iter()
            .any(|f| f.text.contains("第 5 行有一个引号")),
        "{:?}",
        table.faults
    );
    let (_dir, mut db) = station();
    let preview = preview_of(&db, &table);
    assert!(preview.blocked().is_some());
    let refused = import_all(&mut db, &preview).unwrap_err();
    assert!(refused.to_string().contains("不能导入"), "{refused}");
    assert_eq!(
        db.member_counts(today()).unwrap().total,
        0,
        "nothing half-read"
    );
}

#[test]
fn a_quote_closed_rows_later_is_found_too() {
    let mut text = csv_text(&rows());
    // A quote opened in 王芳's notes and closed in 张敏's: 李强 disappears into the cell.
    text = text.replacen("父母代登记", "\"父母代登记", 1);
    text = text.replacen("性格开朗", "性格开朗\"", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("坏文件.csv");
    std::fs::write(&path, &text).unwrap();
    let table = import::read(&path).unwrap();
    let (_dir, db) = station();
    let preview = preview_of(&db, &table);
    assert!(
        preview.blocked().is_some(),
        "rows swallowed into one cell must be said: {:?}",
        preview.faults
    );
}

#[test]
fn a_cell_of_six_thousand_characters_is_refused() {
    let mut rows = rows();
    rows[1][12] = "很".repeat(6000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("长.xlsx");
    write_xlsx(&path, &rows);
    let table = import::read(&path).unwrap();
    assert!(
        table.faults.iter().any(|f| f.text.contains("6000 个字")),
        "{:?}",
        table.faults
    );
}

#[test]
fn a_huge_sparse_sheet_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("稀疏.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 10_000);
    let error = import::read(&path).unwrap_err().to_string();
    assert!(error.contains("超出了登记册的范围"), "{error}");
    assert!(error.contains("XFD"), "{error}");
}

#[test]
fn a_book_without_consent_waits_for_the_choice_and_to_sign_hides_the_member() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("第三册.csv");
    std::fs::write(&path, csv_text(&rows())).unwrap();
    let table = import::read(&path).unwrap();
    let (_dir, mut db) = station();
    let mapping = Mapping::guess(&table.headers);
    let unchosen = import::preview(&db, &table, &mapping, None, today()).unwrap();
    assert!(unchosen.blocked().unwrap().contains("知情同意"));
    assert!(import_all(&mut db, &unchosen).is_err());
    let to_sign =
        import::preview(&db, &table, &mapping, Some(BookConsent::ToSign), today()).unwrap();
    assert!(
        to_sign
            .rows
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Ready { .. }))
    );
    let summary = import_all(&mut db, &to_sign).unwrap();
    assert_eq!(summary.to_sign, rows().len());
    let wang = db.member_by_number("2019-0001").unwrap();
    assert!(!wang.data.consent && wang.data.consent_pending);
    // Shown to nobody: no card; the sheet says so.
    let card = db.print(
        &Job::Card {
            member: wang.id,
            image: false,
        },
        &Actor::terminal(),
        today(),
    );
    assert!(card.is_err());
    let text = printed(
        &db,
        &Job::Sheet {
            member: wang.id,
            full_contacts: false,
        },
    );
    assert!(text.contains("知情同意:待补签"), "{text}");
    // The signature recorded: shown again.
    db.record_signature(&Actor::terminal(), wang.id, today())
        .unwrap();
    let wang = db.member(wang.id).unwrap();
    assert!(wang.data.consent && !wang.data.consent_pending);
    assert!(
        db.print(
            &Job::Card {
                member: wang.id,
                image: false
            },
            &Actor::terminal(),
            today()
        )
        .is_ok()
    );
}

#[test]
fn checks_are_cleared_one_by_one_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("第三册.csv");
    std::fs::write(&path, csv_text(&rows())).unwrap();
    let table = import::read(&path).unwrap();
    let (_dir, mut db) = station();
    let preview = preview_of(&db, &table);
    import_all(&mut db, &preview).unwrap();
    let (members, total) = db.members_to_check(10).unwrap();
    assert_eq!(total, 4);
    assert_eq!(members[0].name, "王芳");
    let first = db.checks(None).unwrap()[0].clone();
    db.clear_check(&Actor::terminal(), first.id).unwrap();
    assert!(db.clear_check(&Actor::terminal(), first.id).is_err());
    assert_eq!(db.members_to_check(10).unwrap().1, 3);
    let log = db.audit_of_member(first.member_id).unwrap();
    assert!(log.iter().any(|e| e.summary.starts_with("核对了")));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Whatever a CSV holds (quotes, line breaks, GBK halves, any text under the register's
    /// headers), reading and previewing it answers without a panic, and a file with faults is
    /// never importable.
    #[test]
    fn no_csv_panics_the_reader_or_the_preview(
        body in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("\"".to_string()),
                proptest::strategy::Just(",".to_string()),
                proptest::strategy::Just("\n".to_string()),
                proptest::strategy::Just("\r\n".to_string()),
                proptest::strategy::Just("1990.1".to_string()),
                proptest::strategy::Just("母亲 王秀英".to_string()),
                proptest::strategy::Just("25-30岁,身高160以上".to_string()),
                "[^\u{0}]{0,8}",
            ],
            0..60,
        ),
        raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("任意.csv");
        let mut bytes = HEADERS.join(",").into_bytes();
        bytes.push(b'\n');
        bytes.extend(body.concat().into_bytes());
        bytes.extend(raw);
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(table) = import::read(&path) {
            let db = Db::open(&dir.path().join("station.db")).unwrap();
            let preview = preview_of(&db, &table);
            if !preview.faults.is_empty() {
                proptest::prop_assert!(preview.blocked().is_some());
            }
        }
    }
}
