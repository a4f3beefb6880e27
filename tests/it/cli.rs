//! The command line, run as the real binary.

use crate::common::stderr;
use std::process::Output;

fn hongniang(db: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    crate::common::hongniang(db, args, &[], stdin)
}

/// A demo station of `members` synthetic members (the same for the same `seed`) in `db`.
fn demo(db: &std::path::Path, members: u32, seed: u32) {
    let made = hongniang(
        db,
        &[
            "demo",
            "--members",
            &members.to_string(),
            "--seed",
            &seed.to_string(),
        ],
        None,
    );
    assert!(made.status.success(), "{}", stderr(&made));
}

#[test]
fn demo_then_list_counts_every_member() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = hongniang(&db, &["demo", "--members", "750", "--seed", "3"], None);
    assert!(demo.status.success(), "{}", stderr(&demo));

    let list = hongniang(&db, &["member", "list", "--json"], None);
    assert!(list.status.success(), "{}", stderr(&list));
    let members: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(members.len(), 750);
    let first = &members[0];
    for key in [
        "number",
        "name",
        "gender",
        "birth",
        "status",
        "registered_on",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert!(["male", "female"].contains(&first["gender"].as_str().unwrap()));

    let limited = hongniang(&db, &["member", "list", "--json", "--limit", "5"], None);
    let members: Vec<serde_json::Value> = serde_json::from_slice(&limited.stdout).unwrap();
    assert_eq!(members.len(), 5);

    // The same seed gives the same members.
    let again = dir.path().join("again.db");
    hongniang(&again, &["demo", "--members", "750", "--seed", "3"], None);
    let list_again = hongniang(&again, &["member", "list", "--json"], None);
    assert_eq!(list.stdout, list_again.stdout);
}

/// `demo` writes synthetic members only into a new file named with `--db`: never into the
/// default database, nor into a station's own (which keeps every member it had).
#[test]
fn the_demo_refuses_a_stations_own_database_and_the_default_one() {
    let dir = tempfile::tempdir().unwrap();
    let without_db = std::process::Command::new(env!("CARGO_BIN_EXE_hongniang"))
        .args(["demo", "--members", "10"])
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .unwrap();
    assert!(!without_db.status.success());
    assert!(
        stderr(&without_db).contains("--db"),
        "{}",
        stderr(&without_db)
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing was made"
    );

    let db = dir.path().join("station.db");
    let json = r#"{"name": "王芳", "gender": "女", "birth": "1990-05", "phone": "13812344321", "consent": true}"#;
    let add = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
    assert!(add.status.success(), "{}", stderr(&add));
    let demo = hongniang(&db, &["demo", "--members", "10"], None);
    assert!(!demo.status.success());
    assert!(
        stderr(&demo).contains("正式数据库(已有 1 位会员)"),
        "{}",
        stderr(&demo)
    );
    let list = hongniang(&db, &["member", "list"], None);
    let listed = String::from_utf8_lossy(&list.stdout).to_string();
    assert_eq!(listed.lines().count(), 1, "her only: {listed}");
    assert!(listed.contains("王芳"), "{listed}");
}

/// A wrong value in a JSON sheet is named in Chinese, with what may be written instead.
#[test]
fn wrong_values_in_json_are_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    for (json, said) in [
        (
            r#"{"name": "丙", "gender": "女士", "birth": "1990-05", "phone": "13800000003", "consent": true}"#,
            "“女士”看不懂,可以填:男、女(或 male、female)",
        ),
        (
            r#"{"name": "丙", "gender": "女", "birth": "九零年", "phone": "13800000003", "consent": true}"#,
            "出生年月“九零年”看不懂,请写成 1990-05",
        ),
        (
            r#"{"name": "丙", "gender": "女", "birth": "1990-05", "height_cm": "高", "consent": true}"#,
            "“height_cm”应填数字,不加引号,如 163",
        ),
        (
            r#"{"name": "丙", "gender": "女", "birth": "1990-05", "consent": "是"}"#,
            "“consent”应填 true 或 false",
        ),
        (r#"{"name": "丙", "gender": "女""#, "JSON 没有写完"),
        (r#"{"name": "丙" "gender": "女"}"#, "JSON 格式有误:第 1 行"),
    ] {
        let add = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
        assert!(!add.status.success());
        assert!(stderr(&add).contains(said), "{}", stderr(&add));
        assert!(
            !stderr(&add).contains("invalid") && !stderr(&add).contains("expected"),
            "{}",
            stderr(&add)
        );
    }
}

#[test]
fn add_then_show_a_member_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    let json = r#"{"name": "王芳", "gender": "女", "birth": "1990-05", "height_cm": 163,
                   "education": "bachelor", "occupation": "护士", "phone": "138 1234 4321", "consent": true,
                   "preferences": {"age_min": 28, "age_max": 36, "marital_statuses": ["single"]}}"#;
    let add = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
    assert!(add.status.success(), "{}", stderr(&add));
    let saved: Vec<serde_json::Value> = serde_json::from_slice(&add.stdout).unwrap();
    let number = saved[0]["number"].as_str().unwrap().to_string();
    assert!(number.ends_with("-0001"), "{number}");

    let show = hongniang(&db, &["member", "show", &number, "--json"], None);
    assert!(show.status.success(), "{}", stderr(&show));
    let member: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(member["name"], "王芳");
    assert_eq!(member["gender"], "female");
    assert_eq!(member["phone"], "138****4321", "masked like every list");
    assert_eq!(member["preferences"]["marital_statuses"][0], "single");
    let full = hongniang(
        &db,
        &["member", "show", &number, "--json", "--full-contacts"],
        None,
    );
    let member: serde_json::Value = serde_json::from_slice(&full.stdout).unwrap();
    assert_eq!(member["phone"], "13812344321");

    // The same person again is refused unless the volunteer says it is someone else.
    let again = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
    assert!(!again.status.success());
    assert!(stderr(&again).contains("重复"), "{}", stderr(&again));
    let forced = hongniang(
        &db,
        &["member", "add", "--json", "-", "--allow-duplicates"],
        Some(json),
    );
    assert!(forced.status.success(), "{}", stderr(&forced));
}

#[test]
fn bad_input_gives_a_message_and_a_failing_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    for (input, expected) in [
        ("{not json", "JSON"),
        (
            r#"{"name": "王芳", "gender": "女", "birth": "1990-05", "nickname": "芳芳"}"#,
            "JSON",
        ),
        (r#"{"name": "王芳", "gender": "unknown"}"#, "JSON"),
        (
            r#"{"name": "王芳", "gender": "女", "birth": "1990-05", "phone": "13812344321"}"#,
            "知情同意",
        ),
        (
            r#"{"name": "王芳", "gender": "女", "birth": "1990-05", "phone": "12", "consent": true}"#,
            "电话格式",
        ),
    ] {
        let output = hongniang(&db, &["member", "add", "--json", "-"], Some(input));
        assert!(!output.status.success(), "{input}");
        assert!(
            stderr(&output).contains(expected),
            "{input}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    }
    let missing = hongniang(
        &db,
        &["member", "add", "--json", "/no/such/file.json"],
        None,
    );
    assert!(!missing.status.success());
    let unknown = hongniang(&db, &["member", "show", "2099-0001"], None);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("找不到会员"));
    let list = hongniang(&db, &["member", "list", "--json"], None);
    assert_eq!(
        serde_json::from_slice::<Vec<serde_json::Value>>(&list.stdout)
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.txt");
    std::fs::write(&db, "会员名单(手写)\n".repeat(200)).unwrap();
    let output = hongniang(&db, &["member", "list"], None);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("不是红娘工作台的数据库"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&db).unwrap(),
        "会员名单(手写)\n".repeat(200)
    );
}

#[test]
fn search_finds_by_text_and_conditions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    let json = r#"[{"name": "曾小芳", "gender": "女", "birth": "1990-05", "height_cm": 162, "occupation": "护士",
                    "phone": "13812344321", "consent": true},
                   {"name": "王强", "gender": "男", "birth": "1985-01", "height_cm": 178, "occupation": "教师",
                    "phone": "13900001111", "consent": true}]"#;
    let add = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
    assert!(add.status.success(), "{}", stderr(&add));
    let found = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["search", "--json"];
        all.extend_from_slice(args);
        let output = hongniang(&db, &all, None);
        assert!(output.status.success(), "{}", stderr(&output));
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        value["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(found(&["zxf"]), ["曾小芳"]);
    assert_eq!(found(&["4321"]), ["曾小芳"]);
    assert_eq!(found(&["护士"]), ["曾小芳"]);
    assert_eq!(found(&["--gender", "男"]), ["王强"]);
    assert_eq!(found(&["--height", "170-190"]), ["王强"]);
    assert!(found(&["%"]).is_empty());
    let bad = hongniang(&db, &["search", "--age", "老"], None);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("年龄范围"), "{}", stderr(&bad));
}

#[test]
fn introductions_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    let json = r#"[{"name": "王强", "gender": "男", "birth": "1988-03", "phone": "13800000001", "consent": true,
                    "registered_on": "2026-01-02"},
                   {"name": "李芳", "gender": "女", "birth": "1990-05", "phone": "13800000002", "consent": true,
                    "registered_on": "2026-01-03"}]"#;
    assert!(
        hongniang(&db, &["member", "add", "--json", "-"], Some(json))
            .status
            .success()
    );
    let run = |args: &[&str]| hongniang(&db, args, None);
    let add = run(&[
        "intro",
        "add",
        "2026-0001",
        "2026-0002",
        "--date",
        "2026-02-01",
    ]);
    assert!(add.status.success(), "{}", stderr(&add));
    let early = run(&["intro", "advance", "1", "见面", "--date", "2026-02-08"]);
    assert!(
        stderr(&early).contains("交换了联系方式"),
        "{}",
        stderr(&early)
    );
    for step in [
        &["intro", "agree", "1", "a", "--date", "2026-02-02"][..],
        &["intro", "agree", "1", "b", "--date", "2026-02-03"],
        &["intro", "exchange", "1", "--date", "2026-02-03"],
    ] {
        let done = run(step);
        assert!(done.status.success(), "{}", stderr(&done));
    }
    assert!(
        run(&["intro", "advance", "1", "见面", "--date", "2026-02-08"])
            .status
            .success()
    );
    let back = run(&["intro", "advance", "1", "介绍", "--date", "2026-02-09"]);
    assert!(!back.status.success());
    assert!(stderr(&back).contains("撤销上一步"), "{}", stderr(&back));
    let no_reason = run(&["intro", "advance", "1", "未成"]);
    assert!(stderr(&no_reason).contains("--reason"));
    assert!(
        run(&["intro", "advance", "1", "交往", "--date", "2026-03-01"])
            .status
            .success()
    );
    assert!(
        run(&["intro", "advance", "1", "登记结婚", "--date", "2026-06-01"])
            .status
            .success()
    );
    let list = run(&["intro", "list", "--json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(all[0]["stage"], "married");
    assert_eq!(all[0]["married_on"], "2026-06-01");
    let member = run(&["member", "show", "2026-0002", "--json"]);
    let member: serde_json::Value = serde_json::from_slice(&member.stdout).unwrap();
    assert_eq!(member["status"], "married");
    assert!(!run(&["intro", "advance", "9", "见面"]).status.success());
}

#[test]
fn pair_lists_ranked_candidates_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = hongniang(&db, &["demo", "--members", "800", "--seed", "4"], None);
    assert!(demo.status.success(), "{}", stderr(&demo));
    let active = hongniang(
        &db,
        &[
            "search", "--status", "在册", "--gender", "女", "--json", "--limit", "30",
        ],
        None,
    );
    let found: serde_json::Value = serde_json::from_slice(&active.stdout).unwrap();
    let numbers: Vec<String> = found["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["number"].as_str().unwrap().to_string())
        .collect();
    let mut paired = 0;
    for number in &numbers {
        let out = hongniang(&db, &["pair", number, "--limit", "5", "--json"], None);
        assert!(out.status.success(), "{}", stderr(&out));
        let pairing: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let candidates = pairing["candidates"].as_array().unwrap();
        assert!(candidates.len() <= 5);
        assert!(pairing["fit_count"].as_u64().unwrap() >= candidates.len() as u64);
        let scores: Vec<u64> = candidates
            .iter()
            .map(|c| c["score"].as_u64().unwrap())
            .collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        for c in candidates {
            assert_eq!(c["summary"]["gender"], "male");
            for check in c["for_member"].as_array().unwrap() {
                assert_ne!(check["verdict"], "fails");
                assert!(check["text"].as_str().unwrap().starts_with("她"));
            }
        }
        paired += usize::from(!candidates.is_empty());
    }
    assert!(
        paired > 10,
        "only {paired} of {} had candidates",
        numbers.len()
    );

    // The text form explains each line.
    let text = hongniang(&db, &["pair", &numbers[0], "--limit", "3"], None);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("符合双方要求"), "{text}");

    let unknown = hongniang(&db, &["pair", "1999-9999"], None);
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("找不到会员“1999-9999”"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    let demo = hongniang(&db, &["demo", "--members", "120"], None);
    assert!(demo.status.success(), "{}", stderr(&demo));
    let copy = dir.path().join("copy.db");
    let out = hongniang(&db, &["backup", "-o", copy.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("120 位会员"));

    let more = hongniang(&db, &["demo", "--members", "30", "--seed", "9"], None);
    assert!(more.status.success());
    // Without a terminal and without --yes it refuses rather than wait for an answer.
    let refused = hongniang(&db, &["restore", copy.to_str().unwrap()], Some(""));
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("--yes"), "{}", stderr(&refused));
    let list = hongniang(&db, &["member", "list", "--json", "--limit", "1000"], None);
    let members: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(members.len(), 150, "nothing changed");

    let restored = hongniang(&db, &["restore", copy.to_str().unwrap(), "--yes"], None);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert!(String::from_utf8_lossy(&restored.stdout).contains("恢复前的数据另存在"));
    let list = hongniang(&db, &["member", "list", "--json", "--limit", "1000"], None);
    let members: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(members.len(), 120);

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let bad = hongniang(&db, &["restore", junk.to_str().unwrap(), "--yes"], None);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("不能用来恢复"), "{}", stderr(&bad));
}

#[test]
fn stats_xlsx_holds_the_same_figures_as_the_json() {
    use calamine::{Data, DataType, Reader};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    demo(&db, 1500, 6);
    let json = hongniang(&db, &["stats", "--json"], None);
    assert!(json.status.success(), "{}", stderr(&json));
    let figures: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let xlsx = dir.path().join("统计.xlsx");
    let made = hongniang(&db, &["stats", "-o", xlsx.to_str().unwrap()], None);
    assert!(made.status.success(), "{}", stderr(&made));

    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "年度汇总",
            "月度明细",
            "红娘工作量",
            "成功名单",
            "同意与交换",
            "未成原因",
            "等待时间",
            "联谊活动",
            "活动经费",
            "开放日"
        ]
    );
    // The new sheets hold the figures of the JSON too: the agreement funnel and the reasons.
    let agreements = book.worksheet_range("同意与交换").unwrap();
    for (row, key) in [(1, "introductions"), (2, "first_agreed"), (4, "exchanged")] {
        assert_eq!(
            agreements.get_value((row, 1)).cloned(),
            Some(Data::Float(
                figures["agreements"][key].as_u64().unwrap() as f64
            )),
            "{key}"
        );
    }
    let reasons = book.worksheet_range("未成原因").unwrap();
    let listed = figures["reasons"].as_array().unwrap();
    assert!(listed.last().unwrap()["total"].as_u64().unwrap() > 0);
    for (i, reason) in listed.iter().enumerate() {
        let row = i as u32 + 1;
        assert_eq!(
            reasons.get_value((row, 1)).cloned(),
            Some(Data::Float(reason["total"].as_u64().unwrap() as f64)),
            "{}",
            reason["reason"]
        );
    }
    let years = book.worksheet_range("年度汇总").unwrap();
    let expected = figures["years"].as_array().unwrap();
    assert!(!expected.is_empty());
    for (i, year) in expected.iter().enumerate() {
        let row = i as u32 + 1;
        let cell = |c: u32| years.get_value((row, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(
            cell(0),
            Data::String(year["period"].as_str().unwrap().to_string())
        );
        for (c, key) in [
            (4, "introductions"),
            (5, "meetings"),
            (6, "datings"),
            (7, "marriages"),
        ] {
            assert_eq!(
                cell(c),
                Data::Float(year[key].as_u64().unwrap() as f64),
                "{key} of {}",
                year["period"]
            );
        }
    }
    let couples = book.worksheet_range("成功名单").unwrap();
    assert_eq!(
        couples.height() - 1,
        figures["couples"].as_array().unwrap().len(),
        "one line per couple"
    );
    // The dates are Excel dates (shown as 2025年5月3日), not text.
    let first = &figures["couples"][0];
    for (c, key) in [(0, "married_on"), (1, "introduced_on")] {
        let cell = couples.get_value((1, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(
            cell.as_datetime().map(|d| d.date().to_string()),
            first[key].as_str().map(str::to_string),
            "{key}: {cell:?}"
        );
    }
    assert_eq!(
        figures["tiles"]["couples"].as_u64().unwrap() as usize,
        figures["couples"].as_array().unwrap().len()
    );

    let csv = dir.path().join("统计.csv");
    assert!(
        hongniang(&db, &["stats", "-o", csv.to_str().unwrap()], None)
            .status
            .success()
    );
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn print_commands_write_pdfs_and_png_and_refuse_bad_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    demo(&db, 60, 3);
    let list = hongniang(&db, &["member", "list", "--json", "--limit", "100"], None);
    let members: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    let active = members
        .iter()
        .find(|m| m["status"] == "active")
        .expect("an active member");
    let number = active["number"].as_str().unwrap();
    let name = active["name"].as_str().unwrap();
    let registered = active["registered_on"].as_str().unwrap();
    let out = |file: &str| dir.path().join(file).to_str().unwrap().to_string();

    for (args, file) in [
        (vec!["print", "sheet", number], "sheet.pdf"),
        (vec!["print", "blank"], "blank.pdf"),
        (vec!["print", "card", number], "card.pdf"),
        (vec!["print", "card", number], "card.png"),
        (vec!["print", "day", registered], "day.pdf"),
        (vec!["stats"], "report.pdf"),
        (vec!["member", "export", number], "own.pdf"),
    ] {
        let path = out(file);
        let mut all = args.clone();
        all.extend(["-o", path.as_str()]);
        let made = hongniang(&db, &all, None);
        assert!(made.status.success(), "{all:?}: {}", stderr(&made));
        let bytes = std::fs::read(&path).unwrap();
        if file.ends_with(".png") {
            assert!(bytes.starts_with(b"\x89PNG"), "{file}");
        } else {
            assert!(bytes.starts_with(b"%PDF-"), "{file}");
        }
    }
    let sheet = std::fs::read(out("sheet.pdf")).unwrap();
    let text: String = pdf_extract::extract_text_from_mem(&sheet)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains(name) && text.contains(number), "{text}");

    let wrong = hongniang(
        &db,
        &["print", "sheet", number, "-o", &out("sheet.docx")],
        None,
    );
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains(".pdf"), "{}", stderr(&wrong));
    let unknown = hongniang(
        &db,
        &["print", "card", "1999-9999", "-o", &out("x.pdf")],
        None,
    );
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("找不到会员"),
        "{}",
        stderr(&unknown)
    );
    let bad_day = hongniang(&db, &["print", "day", "昨天", "-o", &out("x.pdf")], None);
    assert!(stderr(&bad_day).contains("看不懂"), "{}", stderr(&bad_day));
}

#[test]
fn import_asks_how_a_book_consented_and_lists_what_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    let csv = dir.path().join("第三册.csv");
    std::fs::write(
        &csv,
        "姓名,性别,出生年月,手机,登记人,择偶要求,备注\n\
         王芳,女,1990.1,13800000001,本人,\"25-30岁,身高160以上,本地\",父母代登记\n\
         李强,男,1988-05,13800000002,母亲 王秀英,年龄22到29岁,\n",
    )
    .unwrap();
    let file = csv.to_str().unwrap();
    let unchosen = hongniang(&db, &["import", file], None);
    assert!(!unchosen.status.success());
    assert!(
        stderr(&unchosen).contains("没有“知情同意”一栏"),
        "{}",
        stderr(&unchosen)
    );

    let dry = hongniang(
        &db,
        &["import", file, "--consent", "signed", "--dry-run"],
        None,
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    let said = crate::common::stdout(&dry);
    assert!(
        said.contains("择偶要求读成:年龄 25–30 岁,身高 160 厘米以上,户籍 杭州"),
        "{said}"
    );
    assert!(said.contains("待核对 出生年月"), "{said}");

    let done = hongniang(&db, &["import", file, "--consent", "signed"], None);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(
        crate::common::stdout(&done).contains("待核对 1 人、待补签 0 人"),
        "{}",
        crate::common::stdout(&done)
    );
    let checks = hongniang(&db, &["member", "checks", "--json"], None);
    let checks: serde_json::Value = serde_json::from_slice(&checks.stdout).unwrap();
    let id = checks["checks"][0]["id"].as_i64().unwrap();
    assert_eq!(checks["checks"][0]["member_name"], "王芳");
    let checked = hongniang(&db, &["member", "checked", &id.to_string()], None);
    assert!(checked.status.success(), "{}", stderr(&checked));
    let again = hongniang(&db, &["member", "checks"], None);
    assert!(crate::common::stdout(&again).starts_with("待核对 0 项"));

    // A stray quote: refused, nothing written.
    let broken = dir.path().join("坏.csv");
    std::fs::write(
        &broken,
        "姓名,性别,出生年月,手机,知情同意\n\
         \"赵丽,女,1993-07,13800000005,是\n\
         孙杰,男,1989-11,13800000006,是\n",
    )
    .unwrap();
    let refused = hongniang(&db, &["import", broken.to_str().unwrap()], None);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("引号"), "{}", stderr(&refused));
    let list = hongniang(&db, &["member", "list", "--json"], None);
    let members: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(members.len(), 2, "only the first book's two");
}

#[test]
fn an_event_from_the_invitation_to_the_matches_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    let json = r#"[{"name": "王强", "gender": "男", "birth": "1990-03", "phone": "13800000001", "consent": true, "registered_on": "2026-01-02"},
                   {"name": "张伟", "gender": "男", "birth": "1991-03", "phone": "13800000002", "consent": true, "registered_on": "2026-01-02"},
                   {"name": "刘洋", "gender": "男", "birth": "1992-03", "phone": "13800000003", "consent": true, "registered_on": "2026-01-02"},
                   {"name": "李芳", "gender": "女", "birth": "1993-05", "phone": "13800000004", "consent": true, "registered_on": "2026-01-03"},
                   {"name": "赵敏", "gender": "女", "birth": "1994-05", "phone": "13800000005", "consent": true, "registered_on": "2026-01-03"}]"#;
    let added = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
    assert!(added.status.success(), "{}", stderr(&added));
    let run = |args: &[&str]| {
        let output = hongniang(&db, args, None);
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).to_string(),
            stderr(&output),
        )
    };
    let today = chrono::Local::now().date_naive().to_string();
    let (ok, out, err) = run(&[
        "event",
        "create",
        "--title",
        "新杭州人专场",
        "--date",
        &today,
        "--men",
        "2",
        "--women",
        "2",
        "--men-age",
        "20-40",
        "--women-age",
        "20-40",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("男 0/2 · 女 0/2"), "{out}");
    let (ok, out, _) = run(&["event", "invite", "1", "--gender", "女"]);
    assert!(ok && out.contains("加入邀请名单 2 位"), "{out}");
    let (ok, out, _) = run(&["event", "call", "1", "2026-0004", "报名"]);
    assert!(ok && out.contains("号码 01"), "{out}");
    let (ok, _, err) = run(&["event", "call", "1", "2026-0005", "也许"]);
    assert!(!ok && err.contains("报名、不来 或 未接"), "{err}");
    for number in ["2026-0001", "2026-0002", "2026-0005"] {
        let (ok, _, err) = run(&["event", "signup", "1", number]);
        assert!(ok, "{err}");
    }
    let (_, out, _) = run(&["event", "signup", "1", "2026-0003"]);
    assert!(out.contains("等待名单第 1 位"), "{out}");
    let (_, out, _) = run(&["event", "cancel", "1", "2026-0002"]);
    assert!(out.contains("刘洋补上了名额"), "{out}");
    for badge in ["男01", "男03", "女01", "女02"] {
        let (ok, _, err) = run(&["event", "checkin", "1", badge]);
        assert!(ok, "{badge}: {err}");
    }
    let (ok, _, err) = run(&["event", "confirm", "1"]);
    assert!(!ok && err.contains("4 张心动卡没录入"), "{err}");
    for (who, more) in [
        ("男01", "1"),
        ("男03", "1,2"),
        ("女01", "男01"),
        ("女02", ""),
    ] {
        let (ok, _, err) = run(&["event", "card", "1", who, "--more", more]);
        assert!(ok, "{who}: {err}");
    }
    let (_, out, _) = run(&["event", "matches", "1", "--matrix"]);
    assert!(out.contains("互选成功 1 对"), "{out}");
    assert!(out.contains("男 01 王强\t女 01 李芳"), "{out}");
    let (ok, out, err) = run(&["event", "confirm", "1"]);
    assert!(ok && out.contains("记入牵线记录 1 条"), "{out}{err}");
    let (_, out, _) = run(&["intro", "list", "--json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(out.as_bytes()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["stage"], "met");
    assert_eq!(all[0]["event"]["title"], "新杭州人专场");
    let slips = dir.path().join("slips.pdf");
    let (ok, out, err) = run(&[
        "event",
        "print",
        "1",
        "slips",
        "-o",
        slips.to_str().unwrap(),
    ]);
    assert!(ok && out.contains("1 页"), "{out}{err}");
    // The figures of the day: an open day counted from the command line.
    assert!(run(&["openday", "count", "single"]).0);
    assert!(run(&["openday", "count", "parent"]).0);
    let (_, out, _) = run(&["openday", "list"]);
    assert!(out.contains("来访 2 人(单身青年 1,家长/亲属 1)"), "{out}");
    let (_, out, _) = run(&["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["events_total"]["matches"], 1);
    assert_eq!(stats["events_total"]["arrived_men"], 2);
}

#[test]
fn a_reversed_period_is_refused_not_counted_as_zeros() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    demo(&db, 50, 2);
    let reversed = hongniang(
        &db,
        &["stats", "--from", "2026-01-01", "--to", "2025-01-01"],
        None,
    );
    assert!(!reversed.status.success());
    assert!(
        stderr(&reversed).contains("倒过来"),
        "{}",
        stderr(&reversed)
    );
    assert!(reversed.stdout.is_empty());
    let same_day = hongniang(
        &db,
        &["stats", "--from", "2025-01-01", "--to", "2025-01-01"],
        None,
    );
    assert!(same_day.status.success(), "{}", stderr(&same_day));
}

/// `hongniang intro list | head`: the reader closing the pipe ends the listing quietly.
#[test]
fn a_closed_pipe_is_a_normal_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    demo(&db, 400, 2);
    for args in [&["intro", "list"][..], &["member", "list", "--json"][..]] {
        let mut child = crate::common::command(&db, args)
            .stdin(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // The reader goes away before the first line.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

/// The workbook on paper, as LibreOffice prints it (`soffice --headless --convert-to pdf`):
/// A4, each sheet one page wide with its header row on every page, the wide sheets landscape,
/// the sheet's name at the foot of each page; a few pages, not 19. Needs LibreOffice Calc
/// (Debian's libreoffice-calc-nogui, installed by .ci/run, which sets HONGNIANG_REQUIRE_SOFFICE
/// so that CI never skips it).
#[test]
fn the_statistics_workbook_prints_well() {
    use std::process::Command;
    let required = std::env::var_os("HONGNIANG_REQUIRE_SOFFICE").is_some();
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(!required, "soffice (LibreOffice) is not installed");
        eprintln!("skipped: soffice (LibreOffice) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    demo(&db, 2000, 6);
    let json = hongniang(&db, &["stats", "--json"], None);
    let figures: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let xlsx = dir.path().join("统计.xlsx");
    let made = hongniang(&db, &["stats", "-o", xlsx.to_str().unwrap()], None);
    assert!(made.status.success(), "{}", stderr(&made));
    let profile = format!("file://{}/lo", dir.path().display());
    let converted = Command::new("soffice")
        .args(["--headless", "--norestore"])
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(converted.status.success(), "{}", stderr(&converted));
    let pdf = std::fs::read(dir.path().join("统计.pdf")).unwrap();
    let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf).unwrap();
    let sheets = [
        "年度汇总",
        "月度明细",
        "红娘工作量",
        "成功名单",
        "同意与交换",
        "未成原因",
        "等待时间",
        "联谊活动",
        "活动经费",
        "开放日",
    ];
    // Each page's foot names its sheet; each sheet's pages, in order.
    let mut per_sheet = std::collections::BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        let text: String = page.chars().filter(|c| !c.is_whitespace()).collect();
        let sheet = sheets
            .iter()
            .rev()
            .find(|s| text.contains(&format!("{s}第")))
            .unwrap_or_else(|| panic!("page {} names no sheet: {text}", i + 1));
        per_sheet.entry(*sheet).or_insert_with(Vec::new).push(text);
    }
    let couples = figures["couples"].as_array().unwrap().len();
    for sheet in sheets {
        let pages = per_sheet.get(sheet).map_or(0, Vec::len);
        let most = match sheet {
            "月度明细" => 2,
            // About 45 couples a page.
            "成功名单" => couples / 40 + 1,
            _ => 1,
        };
        assert!(
            (1..=most).contains(&pages),
            "{sheet}: {pages} pages (at most {most})"
        );
    }
    // The header row again on the second page of the list of couples.
    if let Some(second) = per_sheet["成功名单"].get(1) {
        assert!(second.contains("登记结婚日期介绍日期"), "{second}");
    }
    // Dates as the Chinese date format.
    let first: String = figures["couples"][0]["married_on"].as_str().unwrap().into();
    let (y, m, d) = (&first[0..4], &first[5..7], &first[8..10]);
    let chinese = format!(
        "{y}年{}月{}日",
        m.trim_start_matches('0'),
        d.trim_start_matches('0')
    );
    assert!(
        per_sheet["成功名单"][0].contains(&chinese),
        "{chinese} not in {}",
        per_sheet["成功名单"][0]
    );
    // A4, landscape for the wide sheets (年度汇总 with its chart, 联谊活动).
    let sizes = page_sizes(&pdf);
    assert_eq!(sizes.len(), pages.len());
    let mut page = 0;
    for sheet in sheets {
        for _ in 0..per_sheet[sheet].len() {
            let (w, h) = sizes[page];
            let (short, long) = (w.min(h), w.max(h));
            assert!(
                (short - 595.0).abs() < 2.0 && (long - 842.0).abs() < 2.0,
                "{sheet}: {w}×{h}"
            );
            if ["年度汇总", "联谊活动"].contains(&sheet) {
                assert!(w > h, "{sheet} is landscape");
            }
            if ["成功名单", "开放日"].contains(&sheet) {
                assert!(h > w, "{sheet} is portrait");
            }
            page += 1;
        }
    }
}

/// Each page's width and height in points, as poppler's `pdfinfo` reads them.
fn page_sizes(pdf: &[u8]) -> Vec<(f32, f32)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pages.pdf");
    std::fs::write(&path, pdf).unwrap();
    let info = std::process::Command::new("pdfinfo")
        .args(["-f", "1", "-l", "9999"])
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils) runs");
    // "Page    3 size: 841.89 x 595.304 pts (A4)"
    String::from_utf8_lossy(&info.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .filter_map(|l| {
            let size = l.split(" size: ").nth(1)?;
            let mut numbers = size.split_whitespace();
            let w = numbers.next()?.parse().ok()?;
            numbers.next();
            let h = numbers.next()?.parse().ok()?;
            Some((w, h))
        })
        .collect()
}

#[test]
fn district_preview_lists_only_who_agreed_without_names_or_contacts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    let json = r#"[
        {"name": "王芳", "gender": "女", "birth": "1990-05", "phone": "13812344321", "consent": true,
         "district_consent_on": "2026-01-05", "registered_on": "2026-01-05", "self_intro": "我是王芳"},
        {"name": "李娜", "gender": "女", "birth": "1992-03", "phone": "13812345555", "consent": true}
    ]"#;
    let add = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
    assert!(add.status.success(), "{}", stderr(&add));
    let preview = hongniang(
        &db,
        &["district", "preview", "--station", "湖滨", "--json"],
        None,
    );
    assert!(preview.status.success(), "{}", stderr(&preview));
    let profiles: Vec<serde_json::Value> = serde_json::from_slice(&preview.stdout).unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0]["surname_title"], "王女士");
    assert!(
        profiles[0]["key"]
            .as_str()
            .unwrap()
            .starts_with("湖滨-2026-")
    );
    let text = crate::common::stdout(&preview);
    for secret in ["王芳", "13812344321", "李娜"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let plain = hongniang(&db, &["district", "preview"], None);
    assert!(crate::common::stdout(&plain).contains("共 1 位会员同意全区共享"));
}

/// Every file a command writes with a person's data — their own data, a sheet with full
/// contacts, a 介绍卡 image, the statistics, the rows not imported, a backup — can be read by
/// the PC's user alone, even under the usual umask 022 that would make it readable by all.
#[cfg(unix)]
#[test]
fn personal_data_files_are_written_for_their_owner_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    demo(&db, 40, 5);
    let run = |args: &[&str]| {
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg("umask 022 && exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_hongniang"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("HONGNIANG_PIN")
            .env_remove("HONGNIANG_KEY")
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    };
    let list = hongniang(&db, &["member", "list", "--json", "--limit", "1"], None);
    let members: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    let number = members[0]["number"].as_str().unwrap().to_string();
    let file = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let book = file("第一册.csv");
    std::fs::write(
        &book,
        "姓名,性别,出生年月,手机\n赵敏,女,1991-02,13800000011\n钱多,男,出生不详,13800000012\n",
    )
    .unwrap();
    run(&["member", "export", &number, "-o", &file("own.json")]);
    run(&["member", "export", &number, "-o", &file("own.pdf")]);
    run(&[
        "--full-contacts",
        "print",
        "sheet",
        &number,
        "-o",
        &file("sheet.pdf"),
    ]);
    run(&["print", "card", &number, "-o", &file("card.png")]);
    for kind in ["xlsx", "csv", "pdf"] {
        run(&["stats", "-o", &file(&format!("统计.{kind}"))]);
    }
    run(&[
        "import",
        &book,
        "--consent",
        "signed",
        "--dry-run",
        "--errors",
        &file("未导入.csv"),
    ]);
    run(&["backup", "-o", &file("备份.db")]);
    for name in [
        "own.json",
        "own.pdf",
        "sheet.pdf",
        "card.png",
        "统计.xlsx",
        "统计.csv",
        "统计.pdf",
        "未导入.csv",
        "备份.db",
    ] {
        let path = dir.path().join(name);
        let mode = std::fs::metadata(&path)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}: {:o}", mode & 0o777);
    }
}

/// A station file with a trigger slipped in (`sqlite3 station.db "CREATE TRIGGER …"`) is read
/// but never written from the command line: each command says why first, a change is refused
/// with that reason, and the trigger never runs.
#[test]
fn a_database_with_a_foreign_trigger_is_read_only_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    demo(&db, 20, 2);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER keep_phone AFTER UPDATE ON members BEGIN
                 INSERT INTO settings (key, value) VALUES ('kept-' || new.id, old.phone);
             END;",
        )
        .unwrap();
    }
    let list = hongniang(&db, &["member", "list", "--json", "--limit", "1"], None);
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(stderr(&list).contains("keep_phone"), "{}", stderr(&list));
    assert!(
        stderr(&list).contains("hongniang restore"),
        "{}",
        stderr(&list)
    );
    let members: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    let number = members[0]["number"].as_str().unwrap();
    let pause = hongniang(
        &db,
        &["member", "pause", number, "--reason", "工作忙"],
        None,
    );
    assert_eq!(pause.status.code(), Some(1));
    assert!(stderr(&pause).contains("没有保存"), "{}", stderr(&pause));
    assert!(stderr(&pause).contains("keep_phone"), "{}", stderr(&pause));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM settings WHERE key LIKE 'kept-%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 0, "the trigger never ran");
}

/// `--encoding` for Excel: `utf8-bom` is the list as UTF-8 after a byte-order mark with CRLF,
/// `gbk` the same list in GBK (张三 is D5 C5 C8 FD), and a character GBK lacks stops it with a
/// message naming the character. Without the option, Linux writes plain UTF-8 into a file too.
#[test]
fn encoding_for_excel_bom_crlf_and_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    demo(&db, 60, 4);
    let json = r#"{"name": "张三", "gender": "男", "birth": "1990-05", "occupation": "厨师",
                   "phone": "138 1234 4321", "consent": true}"#;
    let add = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
    assert!(add.status.success(), "{}", stderr(&add));

    let plain = hongniang(&db, &["member", "list"], None);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let text = crate::common::stdout(&plain);
    assert!(text.contains("张三") && !text.contains('\r'), "{text}");
    let crlf = text.replace('\n', "\r\n");

    let bom = hongniang(&db, &["--encoding", "utf8-bom", "member", "list"], None);
    assert!(bom.status.success(), "{}", stderr(&bom));
    assert_eq!(&bom.stdout[..3], b"\xEF\xBB\xBF");
    assert_eq!(bom.stdout[3..], *crlf.as_bytes());

    let gbk = hongniang(&db, &["member", "list", "--encoding", "gbk"], None);
    assert!(gbk.status.success(), "{}", stderr(&gbk));
    assert_eq!(gbk.stdout, hongniang::data::csv_file::gbk(&crlf).unwrap());
    let zhang_san = b"\xD5\xC5\xC8\xFD";
    assert!(gbk.stdout.windows(4).any(|w| w == zhang_san));
    assert!(!gbk.stdout.starts_with(b"\xEF\xBB\xBF"), "GBK has no BOM");
    // JSON too: the same bytes, only encoded.
    let json_gbk = hongniang(
        &db,
        &["--encoding", "gbk", "member", "list", "--json"],
        None,
    );
    let json_plain = hongniang(&db, &["member", "list", "--json"], None);
    let expected = crate::common::stdout(&json_plain).replace('\n', "\r\n");
    assert_eq!(
        json_gbk.stdout,
        hongniang::data::csv_file::gbk(&expected).unwrap()
    );

    // Redirected into a file without the option: on Linux plain UTF-8, as every Linux tool.
    let file = dir.path().join("名单.txt");
    let status = crate::common::command(&db, &["member", "list"])
        .stdout(std::fs::File::create(&file).unwrap())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read(&file).unwrap(), plain.stdout);

    // A character GBK lacks: the list stops before its line, and the message names it.
    let json = r#"{"name": "吉田", "gender": "女", "birth": "1992-03", "occupation": "𠮷野家店员",
                   "phone": "139 1234 5678", "consent": true}"#;
    let add = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
    assert!(add.status.success(), "{}", stderr(&add));
    let refused = hongniang(&db, &["--encoding", "gbk", "member", "list"], None);
    assert!(!refused.status.success());
    let said = stderr(&refused);
    // The newest member is listed first: nothing is written.
    assert!(
        said.contains("第 1 行的“𠮷”(U+20BB7)在 GBK 里没有,从这一行起没有写出"),
        "{said}"
    );
    assert!(said.contains("--encoding utf8-bom"), "{said}");
    assert_eq!(refused.stdout, b"");
    let fine = hongniang(&db, &["--encoding", "utf8-bom", "member", "list"], None);
    assert!(fine.status.success(), "{}", stderr(&fine));
    assert!(crate::common::stdout(&fine).contains("𠮷野家店员\t"));
}

/// The reasons an introduction ends and a pause has are written out for the volunteer in the
/// command's help and in the README: both say exactly the lists' labels, in their order, so a
/// reason added to the list cannot be missing from either.
#[test]
fn the_reasons_in_the_help_and_the_readme_are_the_lists_own() {
    use hongniang::data::introductions::EndReason;
    use hongniang::data::model::PauseReason;
    let ends: Vec<&str> = EndReason::ALL.iter().map(|r| r.label()).collect();
    let pauses: Vec<&str> = PauseReason::ALL.iter().map(|r| r.label()).collect();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&format!("[--reason {} --side", ends.join("|"))),
        "README's intro advance line should list {ends:?}"
    );
    assert!(
        readme.contains(&format!(
            "member pause NUMBER --reason {} ",
            pauses.join("|")
        )),
        "README's member pause line should list {pauses:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let help = hongniang(&db, &["intro", "advance", "--help"], None);
    // clap wraps the help's lines: compare without the line breaks and indentation.
    let help: String = String::from_utf8_lossy(&help.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let (last, first) = ends.split_last().unwrap();
    assert!(
        help.contains(&format!("{} or {last}", first.join(", "))),
        "intro advance --help should list {ends:?}: {help}"
    );
}

/// A date the program cannot read is told in the same words wherever it is typed: the core's
/// `parse::date_or_message` (the window's form and event form use it too).
#[test]
fn a_date_not_understood_is_told_in_one_wording_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    demo(&db, 20, 1);
    let members = hongniang_core::Db::open(&db)
        .unwrap()
        .list_members(0, 2)
        .unwrap();
    let (a, b) = (members[0].number.as_str(), members[1].number.as_str());
    let said = "日期“三月一号”看不懂,请写成 2026-11-21 这样";
    for args in [
        &["print", "day", "三月一号", "-o", "x.pdf"][..],
        &["member", "signed", a, "--on", "三月一号"][..],
        &["intro", "add", a, b, "--date", "三月一号"][..],
    ] {
        let out = hongniang(&db, args, None);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains(said), "{args:?}: {}", stderr(&out));
    }
}

/// `intro unanswered` lists 待答复 with how long, and `--close ID` closes one as 未成
/// (对方未答复) once it waited twice the days set; before that it is refused in words.
#[test]
fn unanswered_agreements_are_listed_and_closed_on_the_command_line() {
    use hongniang_core::model::Gender;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let (intro, fresh, name) = {
        let mut core = hongniang_core::Db::open(&db).unwrap();
        let today = hongniang_core::today();
        let mut add = |name: &str, gender: Gender, phone: &str| {
            let data = hongniang_core::model::MemberData {
                name: name.into(),
                gender: Some(gender),
                birth: hongniang_core::model::YearMonth::new(1991, 5),
                phone: phone.into(),
                consent: true,
                registered_on: Some(today),
                ..Default::default()
            };
            core.insert_member(data, None, &hongniang_core::Actor::terminal(), today)
                .unwrap()
                .id
        };
        let (he, she) = (
            add("王强", Gender::Male, "13800000001"),
            add("李芳", Gender::Female, "13800000002"),
        );
        let (he2, she2) = (
            add("赵磊", Gender::Male, "13800000003"),
            add("陈静", Gender::Female, "13800000004"),
        );
        let mut introduce = |a, b, days| {
            core.add_introduction(
                a,
                b,
                today - chrono::Duration::days(days),
                &hongniang_core::Actor::terminal(),
                today,
            )
            .unwrap()
            .id
        };
        (
            introduce(he, she, 20),
            introduce(he2, she2, 9),
            "王强".to_string(),
        )
    };
    let listed = hongniang(&db, &["intro", "unanswered"], None);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let text = crate::common::stdout(&listed);
    assert!(
        text.contains(&format!("等{name}答复 20 天")) && text.contains("可记为未成(对方未答复)"),
        "{text}"
    );
    let early = hongniang(
        &db,
        &["intro", "unanswered", "--close", &fresh.to_string()],
        None,
    );
    assert!(!early.status.success());
    assert!(stderr(&early).contains("才等了 9 天"), "{}", stderr(&early));
    let closed = hongniang(
        &db,
        &["intro", "unanswered", "--close", &intro.to_string()],
        None,
    );
    assert!(closed.status.success(), "{}", stderr(&closed));
    let ended = hongniang_core::Db::open(&db)
        .unwrap()
        .introduction(intro)
        .unwrap();
    assert_eq!(
        ended.end_reason,
        Some(hongniang_core::introductions::EndReason::NoReply)
    );
}

/// `member add` with a mother as registrant leaves the daughter 待本人确认: `pair` refuses her,
/// `member consent --list` names her with the mother's phone, `--own 当面` records her yes (a
/// day in the future refused, nothing changed), and `pair` then takes her. `retention` lists
/// nobody on a new station and refuses a period under a year.
#[test]
fn a_daughter_registered_by_her_mother_is_confirmed_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    let json = r#"{"name": "王婷", "gender": "女", "birth": "1994-05", "consent": true,
                   "registrant": {"relation": "mother", "name": "王阿姨", "phone": "13912345678"}}"#;
    let add = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
    assert!(add.status.success(), "{}", stderr(&add));
    let saved: Vec<serde_json::Value> = serde_json::from_slice(&add.stdout).unwrap();
    let number = saved[0]["number"].as_str().unwrap().to_string();
    assert_eq!(saved[0]["own_consent_on"], serde_json::Value::Null);

    let pair = hongniang(&db, &["pair", &number], None);
    assert!(!pair.status.success());
    assert!(
        stderr(&pair).contains("王婷还待本人确认(由母亲代为登记),不能配对"),
        "{}",
        stderr(&pair)
    );
    let list = hongniang(&db, &["member", "consent", "--list"], None);
    let text = String::from_utf8_lossy(&list.stdout).to_string();
    assert!(text.contains("待本人确认 1 位"), "{text}");
    assert!(
        text.contains("王婷") && text.contains("母亲 13912345678"),
        "{text}"
    );

    let early = hongniang(
        &db,
        &[
            "member",
            "consent",
            &number,
            "--own",
            "当面",
            "--on",
            "2099-01-01",
        ],
        None,
    );
    assert!(!early.status.success());
    assert!(
        stderr(&early).contains("不能晚于今天"),
        "{}",
        stderr(&early)
    );
    let bad = hongniang(
        &db,
        &["member", "consent", &number, "--own", "托人带话"],
        None,
    );
    assert!(
        stderr(&bad).contains("可以是 签字、当面 或 电话"),
        "{}",
        stderr(&bad)
    );
    let list = hongniang(&db, &["member", "consent", "--list", "--json"], None);
    let waiting: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(waiting.len(), 1, "nothing changed");

    let own = hongniang(&db, &["member", "consent", &number, "--own", "当面"], None);
    assert!(own.status.success(), "{}", stderr(&own));
    assert!(String::from_utf8_lossy(&own.stdout).contains("本人到站当面确认"));
    let show = hongniang(&db, &["member", "show", &number, "--json"], None);
    let member: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(member["own_consent_how"], "in_person");
    let pair = hongniang(&db, &["pair", &number], None);
    assert!(pair.status.success(), "{}", stderr(&pair));

    let retention = hongniang(&db, &["retention"], None);
    assert!(
        String::from_utf8_lossy(&retention.stdout).contains("退出或结婚后 3 年。已到期的会员 0 位"),
        "{}",
        String::from_utf8_lossy(&retention.stdout)
    );
    let short = hongniang(&db, &["retention", "--years", "0"], None);
    assert!(!short.status.success());
    assert!(
        stderr(&short).contains("保存期限须在 1–20 年之间"),
        "{}",
        stderr(&short)
    );
}

/// `intro meet`: a day gone is refused in words, tomorrow's meeting is listed, moved to today
/// with a reason, and recorded with both answers as 见面.
#[test]
fn a_meeting_is_arranged_and_recorded_on_the_command_line() {
    use hongniang_core::model::Gender;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let today = hongniang_core::today();
    let intro = {
        let mut core = hongniang_core::Db::open(&db).unwrap();
        let actor = hongniang_core::Actor::terminal();
        let mut add = |name: &str, gender: Gender, phone: &str| {
            let data = hongniang_core::model::MemberData {
                name: name.into(),
                gender: Some(gender),
                birth: hongniang_core::model::YearMonth::new(1991, 5),
                phone: phone.into(),
                consent: true,
                registered_on: Some(today),
                ..Default::default()
            };
            core.insert_member(data, None, &actor, today).unwrap().id
        };
        let (he, she) = (
            add("王强", Gender::Male, "13800000001"),
            add("李芳", Gender::Female, "13800000002"),
        );
        crate::common::exchanged(&mut core, he, she, today).to_string()
    };
    let yesterday = (today - chrono::Days::new(1)).to_string();
    let tomorrow = (today + chrono::Days::new(1)).to_string();
    let past = hongniang(&db, &["intro", "meet", &intro, "--on", &yesterday], None);
    assert!(!past.status.success());
    assert!(stderr(&past).contains("已经过去了"), "{}", stderr(&past));
    let made = hongniang(
        &db,
        &[
            "intro", "meet", &intro, "--on", &tomorrow, "--time", "14:00",
        ],
        None,
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let list = hongniang(&db, &["intro", "meet"], None);
    let text = String::from_utf8_lossy(&list.stdout).to_string();
    assert!(
        text.contains(&format!("王强 与 李芳 · #1 {tomorrow} 14:00 · 本站 · 已约")),
        "{text}"
    );
    let moved = hongniang(
        &db,
        &[
            "intro",
            "meet",
            "--move",
            "1",
            "--on",
            &today.to_string(),
            "--reason",
            "改到今天",
        ],
        None,
    );
    assert!(moved.status.success(), "{}", stderr(&moved));
    let held = hongniang(
        &db,
        &[
            "intro",
            "meet",
            "--held",
            "1",
            "--a",
            "想继续",
            "--b",
            "不想继续",
            "--b-words",
            "不来电",
        ],
        None,
    );
    assert!(held.status.success(), "{}", stderr(&held));
    assert!(
        String::from_utf8_lossy(&held.stdout).contains("现在是“见面”"),
        "{}",
        String::from_utf8_lossy(&held.stdout)
    );
    let shown = hongniang(&db, &["intro", "meet", &intro, "--json"], None);
    let meetings: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(meetings[0]["state"], "held");
    assert_eq!(meetings[0]["words_b"], "不来电");
}

/// `enquiry add|list|done`: a mother's call is listed to call back (phone masked), an unknown
/// word is refused with the list, and the daughter's registration with that phone links it.
#[test]
fn an_enquiry_from_the_command_line_is_linked_when_the_daughter_registers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");
    let add = hongniang(
        &db,
        &[
            "enquiry",
            "add",
            "--who",
            "父母",
            "--phone",
            "13912345678",
            "--asked",
            "女儿想登记",
        ],
        None,
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let bad = hongniang(&db, &["enquiry", "add", "--how", "写信"], None);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("可以是 电话、来站 或 微信"),
        "{}",
        stderr(&bad)
    );
    let list = hongniang(&db, &["enquiry", "list", "--to-call"], None);
    let text = String::from_utf8_lossy(&list.stdout).to_string();
    assert!(text.contains("女儿想登记 → 再联系 · 139****5678"), "{text}");
    let json = r#"{"name": "王婷", "gender": "女", "birth": "1996-03", "consent": true,
                   "registrant": {"relation": "mother", "phone": "13912345678"}}"#;
    let member = hongniang(&db, &["member", "add", "--json", "-"], Some(json));
    assert!(member.status.success(), "{}", stderr(&member));
    let list = hongniang(&db, &["enquiry", "list", "--json"], None);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert!(all[0]["member_number"].is_string(), "{all:?}");
    let to_call = hongniang(&db, &["enquiry", "list", "--to-call"], None);
    assert!(
        String::from_utf8_lossy(&to_call.stdout).contains("没有来电来访记录"),
        "registered: no longer to call"
    );
}

/// `event cancel ID 男01`: by badge, as the README documents (issue 35's third problem).
#[test]
fn a_sign_up_is_cancelled_by_badge_on_the_command_line() {
    use hongniang_core::model::Gender;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let today = hongniang_core::today();
    let event = {
        let mut core = hongniang_core::Db::open(&db).unwrap();
        let actor = hongniang_core::Actor::terminal();
        let data = hongniang_core::model::MemberData {
            name: "王强".into(),
            gender: Some(Gender::Male),
            birth: hongniang_core::model::YearMonth::new(1991, 5),
            phone: "13800000001".into(),
            consent: true,
            registered_on: Some(today),
            ..Default::default()
        };
        let he = core.insert_member(data, None, &actor, today).unwrap().id;
        let event = core
            .create_event(
                &actor,
                &hongniang_core::events::EventData {
                    title: "冬至联谊会".into(),
                    on_date: Some(today + chrono::Days::new(7)),
                    places_men: 5,
                    places_women: 5,
                    ..Default::default()
                },
            )
            .unwrap()
            .id;
        core.sign_up(&actor, event, he, false, today).unwrap();
        event.to_string()
    };
    let cancel = hongniang(&db, &["event", "cancel", &event, "男01"], None);
    assert!(cancel.status.success(), "{}", stderr(&cancel));
    assert!(String::from_utf8_lossy(&cancel.stdout).contains("已取消王强的报名"));
}
