//! 网上报名导入: the exports of 问卷星 (CSV in GBK), 金数据 (.xlsx) and 腾讯问卷 (CSV in UTF-8),
//! each with its own header style, previewed and imported twice into an event; a nomination
//! list without a consent column; and the files refused whole.

use chrono::NaiveDate;
use hongniang_core::event_import::{self, Column, RowResult, SignUpImport};
use hongniang_core::events::{EventData, Place};
use hongniang_core::import;
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::{Actor, Db, Error};
use std::path::{Path, PathBuf};

fn d(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

/// The day the files are imported; the event is on 22 August.
fn today() -> NaiveDate {
    d(8, 10)
}

fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A station with two members already registered, and a 七夕 event of three places each.
fn station() -> (Db, i64) {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    for (name, gender, year, month, phone) in [
        ("王强", Gender::Male, 1990, 5, "13900000001"),
        ("李芳", Gender::Female, 1993, 7, "13900000002"),
    ] {
        db.insert_member(
            MemberData {
                name: name.into(),
                gender: Some(gender),
                birth: YearMonth::new(year, month),
                phone: phone.into(),
                consent: true,
                registered_on: Some(d(1, 5)),
                ..MemberData::default()
            },
            None,
            &actor,
            d(1, 5),
        )
        .unwrap();
    }
    let id = db
        .create_event(
            &actor,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(d(8, 22)),
                start_time: "14:00".into(),
                places_men: 3,
                places_women: 3,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    (db, id)
}

/// The people who filled in the form, in the file's order (not the order of submission):
/// name, gender, birth, phone, employer, consent, submitted.
const PEOPLE: [(&str, &str, &str, &str, &str, &str, &str); 7] = [
    // 李芳 is a member, found by name and birth month (she gave a new phone).
    (
        "李芳",
        "女",
        "1993-07",
        "13711110002",
        "杭州二中",
        "同意",
        "2026/8/2 09:15:00",
    ),
    // 王强 is a member, found by phone.
    (
        "王强",
        "男",
        "1990年5月",
        "139 0000 0001",
        "浙江移动",
        "同意",
        "2026/8/1 20:01:10",
    ),
    (
        "陈静",
        "女",
        "1995-03",
        "13711110003",
        "市一医院",
        "同意",
        "2026/8/1 08:30:00",
    ),
    (
        "赵敏",
        "女",
        "1994-11",
        "13711110004",
        "上城区税务局",
        "同意",
        "2026/8/1 12:00:00",
    ),
    // The fourth woman by submission time: the waiting list.
    (
        "孙丽",
        "女",
        "1996-01",
        "13711110005",
        "银泰",
        "同意",
        "2026/8/3 10:00:00",
    ),
    // Did not tick the consent: not registered.
    (
        "周杰",
        "男",
        "1991-02",
        "13711110006",
        "阿里",
        "不同意",
        "2026/8/1 09:00:00",
    ),
    // The same phone as 陈静's, submitted later: the second is left out.
    (
        "陈静",
        "女",
        "1995-03",
        "13711110003",
        "市一医院",
        "同意",
        "2026/8/4 10:00:00",
    ),
];

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

/// 问卷星's CSV (GBK): 序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP, then "1、您的姓名" ….
fn wenjuanxing(dir: &Path) -> PathBuf {
    let mut text = String::from(
        "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、您的姓名,2、您的性别,3、您的出生年月,4、您的手机号码,5、工作单位,6、是否同意《爱的填空相亲工作站知情同意书》\n",
    );
    for (i, (name, gender, birth, phone, employer, consent, at)) in PEOPLE.iter().enumerate() {
        text.push_str(&format!(
            "{},{at},120秒,微信,N/A,115.192.1.{i}(浙江-杭州),{name},{gender},{birth},{phone},{employer},{consent}\n",
            i + 1
        ));
    }
    let path = dir.join("问卷星_七夕报名_导出.csv");
    std::fs::write(&path, gbk(&text)).unwrap();
    path
}

/// 金数据's .xlsx: 序号, the fields by their titles, then 提交人, 提交时间, 修改时间, 填写设备 ….
fn jinshuju(dir: &Path) -> PathBuf {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let headers = [
        "序号",
        "姓名",
        "性别",
        "出生日期",
        "手机",
        "工作单位",
        "我已阅读并同意知情同意书",
        "提交人",
        "提交时间",
        "修改时间",
        "填写设备",
        "操作系统",
        "浏览器",
        "填写地区",
        "IP",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (name, gender, birth, phone, employer, consent, at)) in PEOPLE.iter().enumerate() {
        let r = i as u32 + 1;
        let at = at.replace('/', "-");
        let consent = if *consent == "同意" { "同意" } else { "" };
        for (c, v) in [
            (i + 1).to_string(),
            name.to_string(),
            gender.to_string(),
            birth.to_string(),
            phone.to_string(),
            employer.to_string(),
            consent.to_string(),
            "匿名".to_string(),
            at.clone(),
            at,
            "手机".to_string(),
            "iOS".to_string(),
            "微信".to_string(),
            "浙江省杭州市".to_string(),
            format!("115.192.1.{i}"),
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(r, c as u16, v).unwrap();
        }
    }
    let path = dir.join("金数据-七夕报名.xlsx");
    book.save(&path).unwrap();
    path
}

/// 腾讯问卷's CSV (UTF-8 with BOM): 编号, 开始答题时间, 结束答题时间, 答题时长, 地理位置 …, then
/// "1.您的姓名:" ….
fn tencent(dir: &Path) -> PathBuf {
    let mut text = String::from(
        "\u{feff}编号,开始答题时间,结束答题时间,答题时长,地理位置国家和地区,省,市,1.您的姓名:,2.性别:,3.出生年月:,4.手机号:,5.工作单位:,6.您是否同意《知情同意书》:\n",
    );
    for (i, (name, gender, birth, phone, employer, consent, at)) in PEOPLE.iter().enumerate() {
        let at = at.replace('/', "-");
        text.push_str(&format!(
            "{},{at},{at},95,中国,浙江省,杭州市,{name},{gender},{birth},{phone},{employer},{consent}\n",
            i + 1
        ));
    }
    let path = dir.join("腾讯问卷_七夕.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn member_count(db: &Db) -> u64 {
    db.count_members().unwrap()
}

fn result_of<'a>(report: &'a SignUpImport, name: &str) -> &'a RowResult {
    &report.rows.iter().find(|r| r.name == name).unwrap().result
}

fn preview_import_and_import_again(file: PathBuf) {
    let (mut db, id) = station();
    let actor = Actor::terminal();
    let table = import::read(&file).unwrap();
    let mapping = event_import::guess_mapping(&table.headers);
    for column in [
        Column::Name,
        Column::Gender,
        Column::Birth,
        Column::Phone,
        Column::Employer,
        Column::Consent,
        Column::Submitted,
    ] {
        assert!(
            mapping.contains(&Some(column)),
            "{}: {column} not found in {:?}",
            table.file_name,
            table.headers
        );
    }
    let members_before = member_count(&db);
    let preview = db
        .import_sign_ups(&actor, id, &table, &mapping, false, today())
        .unwrap();
    assert!(!preview.written);
    assert!(
        db.attendees(id).unwrap().is_empty(),
        "a preview writes nothing"
    );
    assert_eq!(member_count(&db), members_before);

    let done = db
        .import_sign_ups(&actor, id, &table, &mapping, true, today())
        .unwrap();
    assert_eq!(
        done.rows, preview.rows,
        "the preview said what the import did"
    );
    // Submission order: 陈静 (8-1 08:30), 赵敏 (12:00), 王强 (20:01), 李芳 (8-2), 孙丽 (8-3).
    let order: Vec<&str> = done.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        order,
        ["陈静", "周杰", "赵敏", "王强", "李芳", "孙丽", "陈静"]
    );
    assert!(matches!(
        result_of(&done, "王强"),
        RowResult::Place { new: false, .. }
    ));
    assert!(matches!(
        result_of(&done, "李芳"),
        RowResult::Place { new: false, .. }
    ));
    assert!(matches!(
        result_of(&done, "赵敏"),
        RowResult::Place { new: true, .. }
    ));
    assert!(matches!(
        result_of(&done, "孙丽"),
        RowResult::Waiting {
            new: true,
            position: 1,
            ..
        }
    ));
    match result_of(&done, "周杰") {
        RowResult::Skipped { why } => assert!(why.contains("没有勾选同意"), "{why}"),
        other => panic!("{other:?}"),
    }
    match &done.rows[6].result {
        RowResult::Skipped { why } => assert!(why.contains("同一个手机号"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(member_count(&db), members_before + 3, "陈静, 赵敏, 孙丽");
    let attendees = db.attendees(id).unwrap();
    let placed = |g: Gender| {
        attendees
            .iter()
            .filter(|a| a.gender == g && a.place == Place::Confirmed)
            .count()
    };
    assert_eq!((placed(Gender::Male), placed(Gender::Female)), (1, 3));
    // A newcomer carries where her consent came from.
    let zhao = attendees.iter().find(|a| a.name == "赵敏").unwrap();
    let member = db.member(zhao.member_id).unwrap();
    assert!(member.data.consent);
    assert_eq!(member.data.consent_on, Some(d(8, 1)));
    assert!(member.data.consent_source.contains("勾选同意"));
    assert_eq!(member.data.employer, "上城区税务局");

    // The rows not imported, in a file, with their reasons.
    let left = file.with_file_name("没有导入的行.csv");
    assert_eq!(
        event_import::write_left_out(&left, &table, &done).unwrap(),
        2
    );
    let text = String::from_utf8(std::fs::read(&left).unwrap()).unwrap();
    assert!(text.contains("没有勾选同意") && text.contains("周杰"));

    // The same file again adds nothing.
    let again = db
        .import_sign_ups(&actor, id, &table, &mapping, true, today())
        .unwrap();
    assert_eq!(db.attendees(id).unwrap(), attendees);
    assert_eq!(member_count(&db), members_before + 3);
    assert!(
        again.rows.iter().all(|r| matches!(
            r.result,
            RowResult::Already { .. } | RowResult::Skipped { .. }
        )),
        "{:?}",
        again.rows
    );
}

#[test]
fn wenjuanxing_csv_in_gbk() {
    let dir = tempfile::tempdir().unwrap();
    preview_import_and_import_again(wenjuanxing(dir.path()));
}

#[test]
fn jinshuju_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    preview_import_and_import_again(jinshuju(dir.path()));
}

#[test]
fn tencent_csv() {
    let dir = tempfile::tempdir().unwrap();
    preview_import_and_import_again(tencent(dir.path()));
}

#[test]
fn a_parent_filling_in_registers_awaiting_own_consent_and_does_not_sign_up() {
    let (mut db, id) = station();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报名.csv");
    std::fs::write(
        &path,
        "序号,提交答卷时间,1、姓名,2、性别,3、出生年月,4、手机,5、填表人,6、是否同意知情同意书\n\
         1,2026/8/1 10:00:00,吴婷,女,1995-06,13711119999,母亲,同意\n",
    )
    .unwrap();
    let table = import::read(&path).unwrap();
    let mapping = event_import::guess_mapping(&table.headers);
    let done = db
        .import_sign_ups(&Actor::terminal(), id, &table, &mapping, true, today())
        .unwrap();
    match &done.rows[0].result {
        RowResult::Registered { why, .. } => assert!(why.contains("待本人确认"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(db.attendees(id).unwrap().is_empty());
}

#[test]
fn a_nomination_list_without_consent_signs_up_members_and_lists_the_others() {
    let (mut db, id) = station();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("市一医院工会推荐名单.csv");
    std::fs::write(
        &path,
        "姓名,手机,单位\n王强,13900000001,浙江移动\n郑洁,13711118888,市一医院\n",
    )
    .unwrap();
    let table = import::read(&path).unwrap();
    let mapping = event_import::guess_mapping(&table.headers);
    assert_eq!(
        mapping,
        [
            Some(Column::Name),
            Some(Column::Phone),
            Some(Column::Employer)
        ]
    );
    let done = db
        .import_sign_ups(&Actor::terminal(), id, &table, &mapping, true, today())
        .unwrap();
    assert!(matches!(done.rows[0].result, RowResult::Place { .. }));
    match &done.rows[1].result {
        RowResult::Skipped { why } => assert!(why.contains("没有“知情同意”这一列"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn files_for_another_day_a_past_event_or_without_names_are_refused_whole() {
    let (mut db, id) = station();
    let actor = Actor::terminal();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报名.csv");
    std::fs::write(
        &path,
        "序号,提交答卷时间,1、姓名,2、手机,3、报名场次,4、是否同意知情同意书\n\
         1,2026/8/1 10:00:00,王强,13900000001,8月22日下午场,同意\n\
         2,2026/8/1 11:00:00,陈静,13711110003,8月15日下午场,同意\n",
    )
    .unwrap();
    let table = import::read(&path).unwrap();
    let mapping = event_import::guess_mapping(&table.headers);
    let message = refused(db.import_sign_ups(&actor, id, &table, &mapping, true, today()));
    assert!(message.contains("第 3 行报的是 2026-08-15"), "{message}");
    assert!(db.attendees(id).unwrap().is_empty());
    // Mapped by hand without the 场次 column, the rows go in.
    let mut without = mapping.clone();
    without[4] = None;
    assert!(
        db.import_sign_ups(&actor, id, &table, &without, false, today())
            .is_ok()
    );
    // No name column.
    let mut nameless = mapping.clone();
    nameless[2] = None;
    assert!(
        refused(db.import_sign_ups(&actor, id, &table, &nameless, false, today()))
            .contains("找不到“姓名”")
    );
    // After the event.
    let message = refused(db.import_sign_ups(&actor, id, &table, &without, true, d(8, 23)));
    assert!(message.contains("举行过了"), "{message}");
    assert!(db.attendees(id).unwrap().is_empty());
}

#[test]
fn a_newcomer_out_of_the_events_range_is_said_registered_and_a_corrected_row_counts() {
    let (mut db, id) = station();
    let actor = Actor::terminal();
    let mut data = db.event(id).unwrap().data;
    data.ages_women = (Some(25), Some(35));
    db.update_event(&actor, id, &data, today()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报名.csv");
    std::fs::write(
        &path,
        "序号,提交答卷时间,1、姓名,2、性别,3、出生年月,4、手机,5、是否同意知情同意书\n\
         1,2026/8/1 10:00:00,吴婷,女,1975-06,13711119999,同意\n\
         2,2026/8/1 11:00:00,郑洁,女,1996-06,13711118888,\n\
         3,2026/8/1 12:00:00,郑洁,女,1996-06,13711118888,同意\n",
    )
    .unwrap();
    let table = import::read(&path).unwrap();
    let mapping = event_import::guess_mapping(&table.headers);
    let done = db
        .import_sign_ups(&actor, id, &table, &mapping, true, today())
        .unwrap();
    // 吴婷 is registered (her consent and data kept) but too old for the evening: said so.
    match &done.rows[0].result {
        RowResult::Registered { why, .. } => assert!(why.contains("年龄范围"), "{why}"),
        other => panic!("{other:?}"),
    }
    // 郑洁 first forgot the tick, then sent the form again: the second one counts.
    assert!(matches!(done.rows[1].result, RowResult::Skipped { .. }));
    assert!(
        matches!(done.rows[2].result, RowResult::Place { new: true, .. }),
        "{:?}",
        done.rows[2]
    );
}
