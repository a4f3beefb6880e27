//! 导入旧登记册: a messy spreadsheet written here gives exactly the expected imported, duplicate
//! and rejected rows; GBK CSV; merge; cancel; the error file; and no input makes a parser panic.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::import::{self, Duplicates, Mapping, Outcome, Target};
use hongniang_core::model::{Education, Gender, Hukou, MaritalStatus, MemberData, YearMonth};
use hongniang_core::{Db, Error, parse};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};

/// The preview of `table` with its columns guessed, the book's consent signed on paper.
fn signed_on_paper(db: &Db, table: &import::Table) -> import::Preview {
    import::preview(
        db,
        table,
        &Mapping::guess(&table.headers),
        Some(import::BookConsent::SignedOnPaper),
        today(),
    )
    .unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

const HEADERS: [&str; 12] = [
    "姓名",
    "性别",
    "出生年月",
    "身高",
    "学历",
    "联系电话",
    "婚姻状况",
    "户籍",
    "工作单位",
    "择偶要求",
    "册号",
    "页码",
];

/// The old register as a volunteer typed it: a title row, then the headers, then rows.
fn messy_register(dir: &Path) -> PathBuf {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_string(0, 0, "上城区“爱的填空”相亲登记册(2016)")
        .unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let rows: [[&str; 12]; 10] = [
        // 3: fine, typed the usual ways
        [
            "王芳",
            "女",
            "1990年5月",
            "1米65",
            "大学本科",
            "138 1234 4321",
            "未婚",
            "杭州",
            "市一医院",
            "30-35岁,本科以上",
            "3",
            "12",
        ],
        // 4: fine, other ways
        [
            "李娜",
            "女性",
            "1990.5",
            "165cm",
            "全日制本科",
            "139-0000-0002",
            "离异",
            "外地",
            "",
            "",
            "3",
            "12",
        ],
        // 5: only the birth year: imported, with a note
        [
            "张伟",
            "男",
            "90年",
            "1.75",
            "研究生",
            "13900000003",
            "",
            "",
            "",
            "",
            "3",
            "13",
        ],
        // 6: no name
        [
            "",
            "男",
            "1988-03",
            "170",
            "高中",
            "13900000004",
            "",
            "",
            "",
            "",
            "3",
            "13",
        ],
        // 7: gender not readable
        [
            "赵六",
            "未知",
            "1988-03",
            "170",
            "",
            "13900000005",
            "",
            "",
            "",
            "",
            "3",
            "14",
        ],
        // 8: birth not readable
        [
            "钱七",
            "男",
            "八零后",
            "170",
            "",
            "13900000006",
            "",
            "",
            "",
            "",
            "3",
            "14",
        ],
        // 9: phone not a phone
        [
            "孙八", "男", "1985-02", "172", "", "12345", "", "", "", "", "4", "1",
        ],
        // 10: already registered (same phone as 周九)
        [
            "周九",
            "男",
            "1987-09",
            "178",
            "本科",
            "13800000009",
            "未婚",
            "杭州",
            "浙江大学",
            "",
            "4",
            "2",
        ],
        // 11: the same person as line 3 again
        [
            "王芳",
            "女",
            "1990-05",
            "165",
            "本科",
            "13812344321",
            "未婚",
            "",
            "",
            "",
            "4",
            "3",
        ],
        // 12: birth written by Excel as a date (filled below)
        [
            "吴十",
            "男",
            "",
            "180",
            "硕士",
            "13900000010",
            "未婚",
            "杭州",
            "",
            "",
            "4",
            "4",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(2 + r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    // A phone typed as a number, a birth date as an Excel date.
    sheet.write_number(4, 5, 13900000003.0).unwrap();
    let date = ExcelDateTime::from_ymd(1992, 7, 15).unwrap();
    sheet
        .write_datetime_with_format(11, 2, &date, &Format::new().set_num_format("yyyy-mm-dd"))
        .unwrap();
    // An empty line between, then nothing: skipped.
    let path = dir.join("旧登记册.xlsx");
    workbook.save(&path).unwrap();
    path
}

fn station(dir: &Path) -> Db {
    let mut db = Db::open(&dir.join("station.db")).unwrap();
    let zhou = MemberData {
        name: "周九".into(),
        gender: Some(Gender::Male),
        birth: YearMonth::new(1987, 9),
        phone: "13800000009".into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2025, 1, 2),
        ..MemberData::default()
    };
    db.insert_member(zhou, None, &Actor::terminal(), today())
        .unwrap();
    db
}

#[test]
fn a_messy_register_gives_exactly_the_expected_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = station(dir.path());
    let table = import::read(&messy_register(dir.path())).unwrap();
    assert_eq!(table.headers[0], "姓名", "the title row is skipped");
    let mapping = Mapping::guess(&table.headers);
    assert_eq!(mapping.0[5], Some(Target::Phone));
    assert_eq!(mapping.0[10], Some(Target::Book));
    let preview = import::preview(
        &db,
        &table,
        &mapping,
        Some(hongniang_core::import::BookConsent::SignedOnPaper),
        today(),
    )
    .unwrap();
    let by_line = |line: usize| {
        &preview
            .rows
            .iter()
            .find(|r| r.line == line)
            .unwrap_or_else(|| panic!("line {line}"))
            .outcome
    };
    for line in [3, 4, 5, 12] {
        assert!(
            matches!(by_line(line), Outcome::Ready { .. }),
            "line {line}: {:?}",
            by_line(line)
        );
    }
    let row5 = preview.rows.iter().find(|r| r.line == 5).unwrap();
    assert_eq!(row5.checks.len(), 1, "a year without a month is to check");
    assert!(row5.checks[0].1.contains("只写了出生年份"));
    let reasons = |line| match by_line(line) {
        Outcome::Rejected { reasons } => reasons.join(";"),
        other => panic!("line {line} not rejected: {other:?}"),
    };
    assert!(reasons(6).contains("请填写姓名"));
    assert!(reasons(7).contains("性别“未知”看不懂"));
    assert!(reasons(8).contains("出生年月“八零后”看不懂"));
    assert!(reasons(9).contains("手机"), "{}", reasons(9));
    let Outcome::Duplicate {
        existing,
        description,
    } = by_line(10)
    else {
        panic!()
    };
    assert!(existing.is_some() && description.contains("周九"));
    let Outcome::Duplicate {
        existing,
        description,
    } = by_line(11)
    else {
        panic!()
    };
    assert_eq!(
        (existing, description.as_str()),
        (&None, "与本文件第 3 行重复")
    );
    assert_eq!(
        (preview.ready(), preview.duplicates(), preview.rejected()),
        (4, 2, 4)
    );
    assert_eq!(
        preview.consent,
        import::ConsentFrom::Chosen(import::BookConsent::SignedOnPaper)
    );

    // The rows not imported go to a file, with their reasons, readable by Excel.
    let errors = dir.path().join("errors.csv");
    assert_eq!(import::write_errors(&errors, &table, &preview).unwrap(), 6);
    let written = std::fs::read(&errors).unwrap();
    assert!(written.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(written[3..].to_vec()).unwrap();
    assert!(text.starts_with("行号,原因,姓名"), "{text}");
    assert!(
        text.contains("\n8,出生年月“八零后”看不懂\n")
            || text.contains("\n8,出生年月“八零后”看不懂,"),
        "{text}"
    );

    let summary = db
        .import(
            &preview,
            Duplicates::Skip,
            &Actor::terminal(),
            today(),
            &mut |_, _| true,
        )
        .unwrap();
    assert_eq!(
        (
            summary.read,
            summary.imported,
            summary.merged,
            summary.skipped_duplicates,
            summary.rejected
        ),
        (10, 4, 0, 2, 4)
    );
    assert_eq!(db.count_members().unwrap(), 5);
    let find = |name: &str| {
        let id = db
            .connection()
            .query_row("SELECT id FROM members WHERE name = ?1", [name], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap();
        db.member(id).unwrap()
    };
    let wang = find("王芳");
    assert_eq!(wang.data.height_cm, Some(165));
    assert_eq!(wang.data.education, Some(Education::Bachelor));
    assert_eq!(wang.data.phone, "13812344321");
    assert_eq!(wang.data.hukou, Some(Hukou::Hangzhou));
    assert_eq!(wang.data.marital_status, Some(MaritalStatus::Single));
    assert_eq!(wang.data.preferences.other, "30-35岁,本科以上");
    assert_eq!(wang.source, "第 3 册 · 第 12 页 · 旧登记册.xlsx 第 3 行");
    assert_eq!(
        find("李娜").data.marital_status,
        Some(MaritalStatus::Divorced)
    );
    let zhang = find("张伟");
    assert_eq!(zhang.data.birth, YearMonth::new(1990, 1));
    assert_eq!(zhang.data.height_cm, Some(175));
    assert_eq!(zhang.data.education, Some(Education::Master));
    assert_eq!(zhang.data.phone, "13900000003");
    assert_eq!(find("吴十").data.birth, YearMonth::new(1992, 7));
}

#[test]
fn duplicates_can_be_merged_into_the_existing_member() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = station(dir.path());
    let table = import::read(&messy_register(dir.path())).unwrap();
    let preview = signed_on_paper(&db, &table);
    let summary = db
        .import(
            &preview,
            Duplicates::Merge,
            &Actor::terminal(),
            today(),
            &mut |_, _| true,
        )
        .unwrap();
    assert_eq!(
        (summary.imported, summary.merged, summary.skipped_duplicates),
        (4, 1, 1)
    );
    let zhou = db.member(1).unwrap();
    // Empty fields filled, nothing overwritten.
    assert_eq!(zhou.data.employer, "浙江大学");
    assert_eq!(zhou.data.height_cm, Some(178));
    assert_eq!(zhou.data.birth, YearMonth::new(1987, 9));
    assert_eq!(zhou.number, "2025-0001");
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = station(dir.path());
    let table = import::read(&messy_register(dir.path())).unwrap();
    let preview = signed_on_paper(&db, &table);
    let result = db.import(
        &preview,
        Duplicates::Skip,
        &Actor::terminal(),
        today(),
        &mut |done, total| done < total,
    );
    assert!(matches!(result, Err(Error::Cancelled)));
    assert_eq!(db.count_members().unwrap(), 1);
}

#[test]
fn gbk_csv_with_a_consent_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = station(dir.path());
    let text = "姓名,性别,出生日期,手机,知情同意,登记日期\n\
                陈静,女,1993/08/02,13700000001,是,2019-05-04\n\
                林峰,男,1991-01,13700000002,,2019-05-04\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let path = dir.path().join("登记册.csv");
    std::fs::write(&path, &gbk).unwrap();
    let table = import::read(&path).unwrap();
    assert_eq!(
        table.headers,
        ["姓名", "性别", "出生日期", "手机", "知情同意", "登记日期"]
    );
    let preview = signed_on_paper(&db, &table);
    assert_eq!(preview.consent, import::ConsentFrom::Column);
    assert_eq!(
        (preview.ready(), preview.rejected()),
        (2, 0),
        "a row without consent comes in waiting for the signature"
    );
    db.import(
        &preview,
        Duplicates::Skip,
        &Actor::terminal(),
        today(),
        &mut |_, _| true,
    )
    .unwrap();
    let chen = db.member(2).unwrap();
    assert_eq!(chen.data.name, "陈静");
    assert_eq!(
        chen.number, "2019-0001",
        "numbered by the registration year"
    );
    assert_eq!(chen.data.registered_on, NaiveDate::from_ymd_opt(2019, 5, 4));
    assert!(chen.data.consent && chen.data.consent_source.starts_with("纸质登记表已签字"));
    let lin = db.member(3).unwrap();
    assert!(
        !lin.data.consent && lin.data.consent_pending,
        "林峰 waits for his signature"
    );
}

#[test]
fn files_that_cannot_be_read_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let word = dir.path().join("登记册.docx");
    std::fs::write(&word, "x").unwrap();
    let message = import::read(&word).unwrap_err().to_string();
    assert!(message.contains("只能导入"), "{message}");
    let broken = dir.path().join("坏的.xlsx");
    std::fs::write(&broken, "not a zip").unwrap();
    let message = import::read(&broken).unwrap_err().to_string();
    assert!(message.contains("读不出来"), "{message}");
    // In the volunteer's words, with what to do; not the reader's English.
    assert!(message.contains("另存为 .xlsx"), "{message}");
    assert!(
        !message.contains("zip") && !message.contains("Zip"),
        "{message}"
    );
    let missing = dir.path().join("不在了.csv");
    let message = import::read(&missing).unwrap_err().to_string();
    assert!(message.contains("找不到这个文件"), "{message}");
}

proptest! {
    #[test]
    fn no_input_makes_a_field_parser_panic(text in "\\PC{0,24}") {
        let _ = import::height_cm(&text);
        let _ = import::weight_kg(&text);
        let _ = import::birth(&text);
        let _ = import::education(&text);
        let _ = import::marital(&text);
        let _ = import::gender(&text);
        let _ = import::guess(&text);
        let _ = parse::year_month(&text);
        let _ = parse::date(&text);
        let _ = parse::whole_number(&text);
        let _ = parse::phone_digits(&text);
    }

    #[test]
    fn digit_heavy_inputs_do_not_panic(text in "[0-9０-９.米年月cmCM斤kg -]{0,16}") {
        let _ = import::height_cm(&text);
        let _ = import::weight_kg(&text);
        let _ = import::birth(&text);
        let _ = parse::year_month(&text);
        let _ = parse::date(&text);
    }

    #[test]
    fn any_bytes_decode(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = import::decode(&bytes);
    }
}

#[test]
fn line_numbers_are_the_file_s_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("空行.csv");
    std::fs::write(
        &path,
        "姓名,性别,出生年月,手机\n\n王芳,女,1990-05,13800000001\n\"李\n娜\",女,1990-05,13800000002\n张伟,男,看不懂,13800000003\n",
    )
    .unwrap();
    let table = import::read(&path).unwrap();
    let lines: Vec<usize> = table.rows.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [3, 4, 6]);

    // A sheet whose first rows are empty: lines are counted from the top of the sheet.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["姓名", "性别", "出生年月", "手机"].iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    for (c, v) in ["王芳", "女", "1990-05", "13800000001"].iter().enumerate() {
        sheet.write_string(4, c as u16, *v).unwrap();
    }
    let xlsx = dir.path().join("下移.xlsx");
    workbook.save(&xlsx).unwrap();
    let table = import::read(&xlsx).unwrap();
    assert_eq!(table.rows[0].0, 5, "the fifth row as Excel shows it");
}

/// A book row whose cells are formulas (a name `=cmd|'/c calc'!A1`, a phone `+1+1`) comes back
/// in the file of rows not imported as text, never as something Excel or WPS would run.
#[test]
fn the_rows_not_imported_never_carry_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let db = station(dir.path());
    let path = dir.path().join("登记册.csv");
    std::fs::write(
        &path,
        "姓名,性别,出生日期,手机\n\
         \"=cmd|'/c calc'!A1\",女,八零后,+1+1\n\
         @SUM(A1),男,1990-05,-2+3\n",
    )
    .unwrap();
    let table = import::read(&path).unwrap();
    let preview = signed_on_paper(&db, &table);
    assert_eq!(preview.rejected(), 2);
    let errors = dir.path().join("errors.csv");
    assert_eq!(import::write_errors(&errors, &table, &preview).unwrap(), 2);
    let written = std::fs::read(&errors).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&written[3..]);
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    for formula in ["=cmd|'/c calc'!A1", "+1+1", "@SUM(A1)", "-2+3"] {
        assert!(
            cells.contains(&format!("'{formula}")),
            "{formula} not kept as text: {cells:?}"
        );
    }
    assert!(
        !cells
            .iter()
            .any(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r'])),
        "{cells:?}"
    );
}

/// The register of the audit: ten columns, twenty members, each row written only as far as its
/// last filled cell (no trailing commas), as WPS and hand-edited files have them.
fn twenty_rows() -> Vec<String> {
    let mut lines =
        vec!["姓名,性别,出生年月,手机,学历,身高,婚姻状况,户籍,工作单位,备注".to_string()];
    for i in 1..=20 {
        let gender = if i % 2 == 0 { "女" } else { "男" };
        lines.push(format!("会员{i},{gender},1990-05,139{i:08}"));
    }
    lines
}

/// The lines (1-based) of `lines` joined with `end`, read and previewed; the errors file too.
fn read_lines(dir: &Path, lines: &[String], end: &str) -> (import::Table, import::Preview, String) {
    let path = dir.join("登记册.csv");
    std::fs::write(&path, lines.join(end) + end).unwrap();
    let table = import::read(&path).unwrap();
    let db = Db::open_in_memory().unwrap();
    let preview = signed_on_paper(&db, &table);
    let errors = dir.join("没有导入的行.csv");
    import::write_errors(&errors, &table, &preview).unwrap();
    let errors = String::from_utf8(std::fs::read(&errors).unwrap()).unwrap();
    (table, preview, errors)
}

/// Refused as a whole: the fault names the line where the quote opened, in Chinese with what
/// to do, the rows-not-imported file has it at that line, and an import writes nothing.
fn assert_refused_at(dir: &Path, lines: &[String], end: &str, opened: usize) {
    let (_, preview, errors) = read_lines(dir, lines, end);
    assert!(
        preview.faults.iter().any(|f| f.line == opened
            && f.text.contains(&format!("第 {opened} 行"))
            && f.text.contains("引号")
            && f.text.contains("再导入")),
        "the quote opened on line {opened}: {:?}",
        preview.faults
    );
    let why = preview.blocked().unwrap_or_default();
    assert!(why.contains("整份不能导入"), "{why}");
    assert!(
        errors
            .lines()
            .any(|l| l.starts_with(&format!("{opened},")) && l.contains("引号")),
        "the rows-not-imported file says where: {errors}"
    );
    let mut db = Db::open(&dir.join("station.db")).unwrap();
    let result = db.import(
        &preview,
        Duplicates::Skip,
        &Actor::terminal(),
        today(),
        &mut |_, _| true,
    );
    assert!(matches!(result, Err(Error::Refused(_))), "{result:?}");
    assert_eq!(db.count_members().unwrap(), 0, "nothing half-read");
}

/// 4 of 20 rows vanished into one member's notes: a quote opened in 备注 on line 5 and closed
/// four lines later, on rows written without trailing commas.
#[test]
fn a_quote_closed_rows_later_swallows_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = twenty_rows();
    lines[4] = format!("{},,,,,,\"开始", lines[4]);
    lines[8] = format!("{}结束\"", lines[8]);
    assert_refused_at(dir.path(), &lines, "\n", 5);
}

#[test]
fn the_same_with_windows_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = twenty_rows();
    lines[4] = format!("{},,,,,,\"开始", lines[4]);
    lines[8] = format!("{}结束\"", lines[8]);
    assert_refused_at(dir.path(), &lines, "\r\n", 5);
}

/// A quote typed at the start of a one-line column (出生年月) and closed two rows later: short
/// enough that the old reader joined it into one line and imported it, losing the rows.
#[test]
fn a_quote_in_a_middle_column_swallows_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = twenty_rows();
    lines[6] = lines[6].replace(",1990-05,", ",\"1990-05,");
    lines[8] = lines[8].replace(",1990-05,", ",1990-05\",");
    assert_refused_at(dir.path(), &lines, "\n", 7);
}

#[test]
fn a_quote_never_closed_swallows_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = twenty_rows();
    lines[10] = format!("{},,,,,,\"还没写完", lines[10]);
    assert_refused_at(dir.path(), &lines, "\n", 11);
}

/// A quoted cell running over a dozen lines of plain words (no row-like line in it) is still a
/// quote left open, not a 自我介绍.
#[test]
fn a_quoted_cell_of_many_lines_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = twenty_rows();
    lines[2] = format!("{},,,,,,\"第一段", lines[2]);
    for (i, line) in lines.iter_mut().enumerate().take(15).skip(3) {
        *line = format!("第{i}段的话");
    }
    lines[15] = "最后一段\"".to_string();
    assert_refused_at(dir.path(), &lines, "\n", 3);
}

/// What a quote is for: a two-line 备注 (and one with a comma in it) is imported as written.
#[test]
fn a_two_line_note_in_quotes_still_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = twenty_rows();
    lines[3] = format!("{},,,,,,\"喜欢旅游,爬山\n周末常去西湖边跑步\"", lines[3]);
    let (table, preview, _) = read_lines(dir.path(), &lines, "\n");
    assert!(preview.faults.is_empty(), "{:?}", preview.faults);
    assert_eq!(table.rows.len(), 20);
    assert_eq!(preview.ready(), 20);
    let row = preview.rows.iter().find(|r| r.line == 4).unwrap();
    assert_eq!(row.data.notes, "喜欢旅游,爬山\n周末常去西湖边跑步");
    assert!(preview.blocked().is_none(), "{:?}", preview.blocked());
}

/// One stray byte in a UTF-8 file used to make the whole file GB18030: mojibake headers, all
/// 20 rows "请填写姓名". Now the file stays UTF-8 and only the row with the byte is held back.
#[test]
fn one_bad_byte_leaves_a_utf8_file_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let lines = twenty_rows();
    let mut bytes = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut line = line.clone().into_bytes();
        if i == 6 {
            // 会员6's name gets a byte from another encoding in its middle.
            line.insert(3, 0xB7);
        }
        bytes.extend(line);
        bytes.push(b'\n');
    }
    let path = dir.path().join("登记册.csv");
    std::fs::write(&path, &bytes).unwrap();
    let table = import::read(&path).unwrap();
    assert_eq!(table.headers[0], "姓名", "{:?}", table.headers);
    assert_eq!(table.damaged_lines, [7]);
    let db = Db::open_in_memory().unwrap();
    let preview = signed_on_paper(&db, &table);
    assert_eq!((preview.ready(), preview.rejected()), (19, 1));
    let held = preview.rows.iter().find(|r| r.line == 7).unwrap();
    match &held.outcome {
        Outcome::Rejected { reasons } => {
            assert!(
                reasons.iter().any(|r| r.contains("读不出的字")),
                "{reasons:?}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(preview.blocked().is_none(), "{:?}", preview.blocked());
}

/// A real GB18030 file (with a character outside GBK, 𠮷, four bytes there) still reads.
#[test]
fn a_gb18030_file_still_imports() {
    let dir = tempfile::tempdir().unwrap();
    let text = twenty_rows().join("\n").replace("会员3,", "王𠮷,") + "\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    let path = dir.path().join("登记册.csv");
    std::fs::write(&path, &bytes).unwrap();
    let table = import::read(&path).unwrap();
    assert_eq!(table.headers[0], "姓名");
    assert!(table.damaged_lines.is_empty());
    let db = Db::open_in_memory().unwrap();
    let preview = signed_on_paper(&db, &table);
    assert_eq!(preview.ready(), 20);
    assert!(preview.rows.iter().any(|r| r.data.name == "王𠮷"));
}

/// Every row refused is a file read wrong, and said so: the import is refused as a whole with
/// the probable cause, so the command line exits non-zero and the window shows a failure.
#[test]
fn a_file_whose_every_row_is_refused_fails_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = twenty_rows()
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                "name,sex,born,mobile".into()
            } else {
                l
            }
        })
        .collect();
    let (_, preview, _) = read_lines(dir.path(), &lines, "\n");
    assert_eq!(preview.rejected(), 20);
    let why = preview.nothing_readable().unwrap_or_default();
    assert!(why.contains("编码或列名"), "{why}");
    assert_eq!(preview.blocked(), Some(why));
    let mut db = Db::open(&dir.path().join("station.db")).unwrap();
    let result = db.import(
        &preview,
        Duplicates::Skip,
        &Actor::terminal(),
        today(),
        &mut |_, _| true,
    );
    assert!(matches!(result, Err(Error::Refused(_))), "{result:?}");
}

// Spreadsheet bombs: each built here, small on disk, refused with the reason in Chinese
// instead of taking gigabytes (the audit's figures: 3.2 GB abort, 6.3 GB, 8.1 GB, 2.2 GB,
// 1.15 GB). Each comes with a small file of the same shape that reads, so that a refusal is
// the limit's and not a file the reader cannot open.

/// A zip of `parts`, deflated at the fastest level (the tests build some large parts).
fn write_zip(path: &Path, parts: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// An `.ods` whose only sheet has the rows `rows` (already `table:table-row` elements).
fn write_ods(path: &Path, rows: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="登记册">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    write_zip(
        path,
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            // calamine (which read .ods before) refuses a file without its manifest.
            (
                "META-INF/manifest.xml",
                br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
            ),
            ("content.xml", content.as_bytes()),
        ],
    );
}

fn ods_text_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

const ODS_HEADER_ROW: &str = concat!(
    "<table:table-row>",
    r#"<table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>"#,
    r#"<table:table-cell office:value-type="string"><text:p>性别</text:p></table:table-cell>"#,
    r#"<table:table-cell office:value-type="string"><text:p>出生年月</text:p></table:table-cell>"#,
    r#"<table:table-cell office:value-type="string"><text:p>手机</text:p></table:table-cell>"#,
    r#"<table:table-cell office:value-type="string"><text:p>备注</text:p></table:table-cell>"#,
    "</table:table-row>"
);

fn refusal(path: &Path) -> String {
    match import::read(path) {
        Err(e) => e.to_string(),
        Ok(table) => panic!("read: {} rows", table.rows.len()),
    }
}

#[test]
fn an_ods_reads_row_by_row_as_libreoffice_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("登记册.ods");
    let rows = format!(
        "{ODS_HEADER_ROW}<table:table-row table:number-rows-repeated=\"2\"><table:table-cell table:number-columns-repeated=\"5\"/></table:table-row>\
         <table:table-row>{}{}<table:table-cell office:value-type=\"date\" office:date-value=\"1990-05-12T00:00:00\"><text:p>90/5/12</text:p></table:table-cell>\
         <table:table-cell office:value-type=\"float\" office:value=\"13800000001\"><text:p>1.38E+10</text:p></table:table-cell>\
         <table:table-cell office:value-type=\"string\"><office:annotation><text:p>批注不是内容</text:p></office:annotation><text:p>喜欢&amp;<text:s text:c=\"2\"/>旅游</text:p><text:p>第二段</text:p></table:table-cell>\
         <table:table-cell table:number-columns-repeated=\"1000\"/></table:table-row>\
         <table:table-row table:number-rows-repeated=\"2\">{}{}<table:table-cell table:number-columns-repeated=\"2\" office:value-type=\"string\"><text:p>同</text:p></table:table-cell></table:table-row>\
         <table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>",
        ods_text_cell("王芳"),
        ods_text_cell("女"),
        ods_text_cell("李娜"),
        ods_text_cell("女"),
    );
    write_ods(&path, &rows);
    let table = import::read(&path).unwrap();
    assert_eq!(table.headers, ["姓名", "性别", "出生年月", "手机", "备注"]);
    assert_eq!(
        table.rows,
        [
            (
                4,
                vec![
                    "王芳".to_string(),
                    "女".into(),
                    "1990-05-12".into(),
                    "13800000001".into(),
                    "喜欢&  旅游\n第二段".into()
                ]
            ),
            (
                5,
                vec!["李娜".into(), "女".into(), "同".into(), "同".into()]
            ),
            (
                6,
                vec!["李娜".into(), "女".into(), "同".into(), "同".into()]
            ),
        ]
    );
}

/// LibreOffice saves one far cell as runs of repeated empty cells and rows before it: calamine
/// expanded them (an abort at a 3.2 GB allocation from a 9.5 KB file).
#[test]
fn an_ods_with_one_far_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("远处一格.ods");
    let rows = format!(
        "{ODS_HEADER_ROW}<table:table-row table:number-rows-repeated=\"999999\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>\
         <table:table-row><table:table-cell table:number-columns-repeated=\"99\"/>{}</table:table-row>",
        ods_text_cell("x")
    );
    write_ods(&path, &rows);
    assert!(std::fs::metadata(&path).unwrap().len() < 10_000);
    let message = refusal(&path);
    assert!(message.contains("表格太大"), "{message}");
    assert!(message.contains("第 1000001 行第 CV 列"), "{message}");
    assert!(message.contains("超出了登记册的范围"), "{message}");
}

/// A hand-made `.ods` of under a kilobyte: one row of text repeated 900,000 times, a
/// hundred columns wide (6.3 GB before).
#[test]
fn an_ods_of_repeated_rows_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("重复.ods");
    let rows = format!(
        "{ODS_HEADER_ROW}<table:table-row table:number-rows-repeated=\"900000\"><table:table-cell table:number-columns-repeated=\"100\" office:value-type=\"string\"><text:p>王芳</text:p></table:table-cell></table:table-row>"
    );
    write_ods(&path, &rows);
    assert!(std::fs::metadata(&path).unwrap().len() < 2_000);
    let message = refusal(&path);
    assert!(message.contains("表格太大"), "{message}");
    assert!(message.contains("以后还有内容"), "{message}");
}

/// The parts of an `.xlsx` with one sheet, `sheet` being the `<sheetData>` contents and
/// `shared` the `<sst>` contents (no shared strings part when `None`).
fn write_xlsx_parts(path: &Path, sheet: &[u8], shared: Option<&[u8]>) {
    let sheet_xml = [
        &br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#[..],
        sheet,
        b"</sheetData></worksheet>",
    ]
    .concat();
    let shared_xml = shared.map(|s| {
        [
            &br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#[..],
            s,
            b"</sst>",
        ]
        .concat()
    });
    let mut parts: Vec<(&str, &[u8])> = vec![
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", &sheet_xml),
    ];
    if let Some(shared) = &shared_xml {
        parts.push(("xl/sharedStrings.xml", shared));
    }
    write_zip(path, &parts);
}

/// A row of inline strings, in the columns from A.
fn xlsx_row(row: usize, cells: &[&str]) -> String {
    let mut xml = format!(r#"<row r="{row}">"#);
    for (i, text) in cells.iter().enumerate() {
        xml += &format!(
            r#"<c r="{}{row}" t="inlineStr"><is><t>{text}</t></is></c>"#,
            import::column_name(i)
        );
    }
    xml + "</row>"
}

const XLSX_HEADER: [&str; 4] = ["姓名", "性别", "出生年月", "手机"];

/// A CSV is bounded like a spreadsheet: 60 MB of `1,1,1,…` would be 30 million cells.
#[test]
fn a_csv_of_too_many_cells_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("太多.csv");
    let mut text = String::from("姓名,性别,出生年月,手机\n");
    let row = "1,".repeat(99) + "1\n";
    for _ in 0..import::MAX_CELLS / 100 + 1 {
        text.push_str(&row);
    }
    std::fs::write(&path, text).unwrap();
    let message = refusal(&path);
    assert!(message.contains("表格太大"), "{message}");
    assert!(message.contains("第 20001 行以后还有内容"), "{message}");
}

#[test]
fn a_hand_made_xlsx_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("手写.xlsx");
    let sheet = xlsx_row(1, &XLSX_HEADER)
        + &xlsx_row(2, &["王芳", "女", "1990-05", "13800000001"])
        + r#"<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c></row>"#;
    write_xlsx_parts(
        &path,
        sheet.as_bytes(),
        Some("<si><t>李娜</t></si><si><t>女</t></si>".as_bytes()),
    );
    let table = import::read(&path).unwrap();
    assert_eq!(table.headers, XLSX_HEADER);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[1], (3, vec!["李娜".to_string(), "女".into()]));
}

/// A million rows of a hundred cells was 8.1 GB and 86 s: a sheet with more cells than a
/// register is refused when the count passes the limit, naming the row.
#[test]
fn an_xlsx_of_too_many_cells_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("百列.xlsx");
    let mut sheet = xlsx_row(1, &XLSX_HEADER).into_bytes();
    for r in 2..=import::MAX_CELLS / 100 + 2 {
        sheet.extend_from_slice(format!(r#"<row r="{r}">"#).as_bytes());
        for _ in 0..100 {
            sheet.extend_from_slice(b"<c><v>1</v></c>");
        }
        sheet.extend_from_slice(b"</row>");
    }
    write_xlsx_parts(&path, &sheet, None);
    let message = refusal(&path);
    assert!(message.contains("表格太大"), "{message}");
    assert!(message.contains("以后还有内容"), "{message}");
}

/// One cell of 1.5 GB of text in a 1.5 MB file took 6.3 GB before it was refused. A cell
/// beyond the limit is refused; a sheet that inflates beyond its limit is refused before
/// calamine holds any of it.
#[test]
fn an_xlsx_with_a_huge_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("一格.xlsx");
    let long = "很".repeat(import::CELL_READ_MAX_CHARS + 1);
    let sheet = xlsx_row(1, &XLSX_HEADER) + &xlsx_row(2, &["王芳", "女", "1990-05", &long]);
    write_xlsx_parts(&path, sheet.as_bytes(), None);
    let message = refusal(&path);
    assert!(message.contains("单元格文字超过"), "{message}");
    assert!(message.contains("第 2 行第 D 列"), "{message}");

    let path = dir.path().join("解压炸弹.xlsx");
    let mut sheet = xlsx_row(1, &XLSX_HEADER).into_bytes();
    sheet.extend_from_slice(br#"<row r="2"><c r="A2" t="inlineStr"><is><t>"#);
    sheet.resize(
        sheet.len() + import::MAX_SHEET_PART_BYTES as usize + 1,
        b'A',
    );
    sheet.extend_from_slice(b"</t></is></c></row>");
    write_xlsx_parts(&path, &sheet, None);
    drop(sheet);
    assert!(std::fs::metadata(&path).unwrap().len() < 2_000_000);
    let message = refusal(&path);
    assert!(message.contains("表格太大"), "{message}");
    assert!(message.contains("解压后超过 128 MB"), "{message}");
}

/// 1.6 MB of shared strings took 2.2 GB: shared strings that inflate beyond their limit are
/// refused unread, and one long string used by thousands of cells stops at the text limit.
#[test]
fn an_xlsx_with_too_many_shared_strings_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("共享.xlsx");
    let sheet = xlsx_row(1, &XLSX_HEADER);
    let mut shared = Vec::new();
    while shared.len() as u64 <= import::MAX_SHARED_STRINGS_BYTES {
        shared.extend_from_slice(b"<si><t>x</t></si>");
    }
    write_xlsx_parts(&path, sheet.as_bytes(), Some(&shared));
    drop(shared);
    let message = refusal(&path);
    assert!(message.contains("文字太多"), "{message}");
    assert!(message.contains("解压后超过 64 MB"), "{message}");

    let path = dir.path().join("同一句.xlsx");
    let long = "很".repeat(import::CELL_MAX_CHARS * 8);
    let mut sheet = xlsx_row(1, &XLSX_HEADER).into_bytes();
    for r in 2..3000 {
        sheet.extend_from_slice(
            format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#).as_bytes(),
        );
    }
    write_xlsx_parts(
        &path,
        &sheet,
        Some(format!("<si><t>{long}</t></si>").as_bytes()),
    );
    let message = refusal(&path);
    assert!(message.contains("字太多"), "{message}");
    assert!(message.contains("MB"), "{message}");
}

/// An `.xls`: a compound file whose `Workbook` stream holds the globals (BOF, one BOUNDSHEET
/// per entry of `sheets` pointing at the sheet, EOF) and one sheet (BOF, DIMENSIONS of
/// `rows` × `columns`, a NUMBER in each of `cells`, EOF).
fn write_xls(path: &Path, sheets: usize, rows: u32, columns: u16, cells: &[(u16, u16, f64)]) {
    let mut dimensions = 0u32.to_le_bytes().to_vec();
    dimensions.extend_from_slice(&rows.to_le_bytes());
    dimensions.extend_from_slice(&0u16.to_le_bytes());
    dimensions.extend_from_slice(&columns.to_le_bytes());
    dimensions.extend_from_slice(&0u16.to_le_bytes());
    let mut records = vec![(0x0200, dimensions)];
    for (row, column, value) in cells {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&column.to_le_bytes());
        data.extend_from_slice(&0u16.to_le_bytes());
        data.extend_from_slice(&value.to_le_bytes());
        records.push((0x0203, data));
    }
    write_xls_records(path, sheets, &[], &records);
}

/// An `.xls` of the given records: `globals` after the BOUNDSHEETs, `sheet` inside the sheet's
/// BOF and EOF.
fn write_xls_records(
    path: &Path,
    sheets: usize,
    globals: &[(u16, Vec<u8>)],
    sheet: &[(u16, Vec<u8>)],
) {
    use std::io::Write;
    fn record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
    }
    let bof = |kind: u16| {
        let mut data = vec![];
        data.extend_from_slice(&0x0600u16.to_le_bytes());
        data.extend_from_slice(&kind.to_le_bytes());
        data.extend_from_slice(&[0; 12]);
        data
    };
    let boundsheet = |at: u32, i: usize| {
        let name = format!("S{i}");
        let mut data = at.to_le_bytes().to_vec();
        data.extend_from_slice(&[0, 0, name.len() as u8, 0]);
        data.extend_from_slice(name.as_bytes());
        data
    };
    // The globals' length does not depend on where the sheet is: measure it with 0 first.
    let write_globals = |at: u32| {
        let mut out = Vec::new();
        record(&mut out, 0x0809, &bof(0x0005));
        for i in 0..sheets {
            record(&mut out, 0x0085, &boundsheet(at, i));
        }
        for (kind, data) in globals {
            record(&mut out, *kind, data);
        }
        record(&mut out, 0x000A, &[]);
        out
    };
    let at = write_globals(0).len() as u32;
    let mut stream = write_globals(at);
    record(&mut stream, 0x0809, &bof(0x0010));
    for (kind, data) in sheet {
        record(&mut stream, *kind, data);
    }
    record(&mut stream, 0x000A, &[]);
    let mut file = cfb::create(path).unwrap();
    let mut workbook = file.create_stream("/Workbook").unwrap();
    workbook.write_all(&stream).unwrap();
    drop(workbook);
    // A small stream, as Excel writes (its summary): calamine refuses a file whose root has
    // no mini stream ("EmptyRootDir"), which a large Workbook stream alone leaves it.
    let mut summary = file.create_stream("/\u{5}SummaryInformation").unwrap();
    summary.write_all(&[0; 64]).unwrap();
    drop(summary);
    file.flush().unwrap();
}

/// An `.xls` whose `rows` × `columns` cells all use one shared string of `length` ASCII
/// characters (calamine copies the string for every cell).
fn write_xls_shared(path: &Path, rows: u16, columns: u16, length: u16) {
    let mut sst = 1u32.to_le_bytes().to_vec();
    sst.extend_from_slice(&1u32.to_le_bytes());
    sst.extend_from_slice(&length.to_le_bytes());
    sst.push(0);
    sst.extend(std::iter::repeat_n(b'a', length as usize));
    let mut cells = Vec::new();
    for row in 0..rows {
        for column in 0..columns {
            let mut data = row.to_le_bytes().to_vec();
            data.extend_from_slice(&column.to_le_bytes());
            data.extend_from_slice(&0u16.to_le_bytes());
            data.extend_from_slice(&0u32.to_le_bytes());
            cells.push((0x00FD, data));
        }
    }
    write_xls_records(path, 1, &[(0x00FC, sst)], &cells);
}

#[test]
fn a_hand_made_xls_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("手写.xls");
    write_xls(&path, 1, 2, 2, &[(0, 0, 1990.0), (1, 1, 13800000001.0)]);
    let table = import::read(&path).unwrap();
    assert_eq!(table.headers, ["1990"]);
    assert_eq!(table.rows, [(2, vec![String::new(), "13800000001".into()])]);
}

/// The fuzzer's find: an `.xls` whose last sector is cut short made calamine fail an
/// assertion (a panic, exit 101). Refused as damaged instead.
#[test]
fn an_xls_with_a_short_last_sector_is_refused_not_a_crash() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/files/xls-short-sector.xls");
    let message = refusal(&path);
    assert!(message.contains("读不出来"), "{message}");
}

/// A 5.6 KB `.xls` needed 1.15 GB: calamine sets aside room for every sheet's declared range
/// and the rectangle around its cells, and reads all sheets at once.
#[test]
fn an_xls_claiming_a_huge_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("范围.xls");
    write_xls(&path, 1, 65_536, 256, &[(0, 0, 1.0), (65_535, 255, 2.0)]);
    // A compound file is made of 4 KB sectors: a few of them.
    assert!(std::fs::metadata(&path).unwrap().len() < 30_000);
    let message = refusal(&path);
    assert!(message.contains("表格太大"), "{message}");

    // Forty sheet records pointing at one modest sheet add up the same way.
    let path = dir.path().join("四十张.xls");
    write_xls(&path, 40, 1000, 100, &[(0, 0, 1.0)]);
    let message = refusal(&path);
    assert!(message.contains("表格太大"), "{message}");
    // One of them reads.
    let path = dir.path().join("一张.xls");
    write_xls(&path, 1, 1000, 100, &[(0, 0, 1.0), (1, 0, 2.0)]);
    assert_eq!(import::read(&path).unwrap().rows.len(), 1);
}

/// Cells of an `.xls` that all use one long shared string: calamine copies it for each, so
/// 20,000 cells of an 8,000-character string would hold 160 MB (and 1.9 million of them, in a
/// 27 MB file, 15 GB). Refused by the text they would copy; a few of them read.
#[test]
fn an_xls_whose_cells_copy_a_long_shared_string_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("共享.xls");
    write_xls_shared(&path, 1000, 20, 8000);
    let message = refusal(&path);
    assert!(message.contains("字太多"), "{message}");
    let path = dir.path().join("几格.xls");
    write_xls_shared(&path, 3, 2, 8000);
    let table = import::read(&path).unwrap();
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[0].1[1], "a".repeat(8000));
}

/// Writes the small files of each shape to `fuzz/seeds/` for `tools/fuzz` (run by hand:
/// `cargo test -p hongniang-core --test it -- --ignored import::write_fuzz_seeds`).
#[test]
#[ignore]
fn write_fuzz_seeds() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    let rows = format!(
        "{ODS_HEADER_ROW}<table:table-row>{}{}<table:table-cell office:value-type=\"float\" office:value=\"13800000001\"><text:p>1</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"3\"/></table:table-row><table:table-row table:number-rows-repeated=\"5\"><table:table-cell/></table:table-row>",
        ods_text_cell("王芳"),
        ods_text_cell("女")
    );
    write_ods(&seeds.join("book.ods"), &rows);
    write_xls(
        &seeds.join("book.xls"),
        1,
        3,
        2,
        &[(0, 0, 1990.0), (1, 1, 13800000001.0), (2, 0, 1.5)],
    );
    let sheet = xlsx_row(1, &XLSX_HEADER)
        + r#"<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>"#;
    write_xlsx_parts(
        &seeds.join("book.xlsx"),
        sheet.as_bytes(),
        Some("<si><t>李娜</t></si><si><t>女</t></si>".as_bytes()),
    );
}

/// Writes the `.ods` and `.xls` bombs at the audit's sizes to `$HONGNIANG_BOMBS` for measuring
/// the command line with `/usr/bin/time -v` (run by hand, with `--ignored write_bombs`).
#[test]
#[ignore]
fn write_bombs() {
    let Ok(dir) = std::env::var("HONGNIANG_BOMBS") else {
        return;
    };
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    write_ods(
        &dir.join("far-cell.ods"),
        &format!(
            "{ODS_HEADER_ROW}<table:table-row table:number-rows-repeated=\"999999\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"99\"/>{}</table:table-row>",
            ods_text_cell("x")
        ),
    );
    write_ods(
        &dir.join("repeated-rows.ods"),
        &format!(
            "{ODS_HEADER_ROW}<table:table-row table:number-rows-repeated=\"900000\"><table:table-cell table:number-columns-repeated=\"100\" office:value-type=\"string\"><text:p>王芳</text:p></table:table-cell></table:table-row>"
        ),
    );
    write_xls(
        &dir.join("range.xls"),
        1,
        65_536,
        256,
        &[(0, 0, 1.0), (65_535, 255, 2.0)],
    );
    write_xls_shared(&dir.join("shared.xls"), 65_000, 30, 8000);
}
