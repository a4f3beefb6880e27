//! 操作记录: each kind of change leaves an entry with the volunteer, the time and what changed.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::Db;
use hongniang_core::audit::Kind;
use hongniang_core::introductions::{EndReason, EndSide, Stage};
use hongniang_core::members::PhotoChange;
use hongniang_core::model::{Gender, MemberData, MemberStatus, YearMonth};

use crate::common::agreed;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn person(name: &str, gender: Gender, phone: &str) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1990, 5),
        height_cm: Some(163),
        phone: phone.into(),
        consent: true,
        registered_on: Some(today()),
        ..MemberData::default()
    }
}

#[test]
fn every_kind_of_change_is_logged_with_who_and_what() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("station.db")).unwrap();
    let lou = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap()
        .id;
    let she = db
        .insert_member(
            person("李芳", Gender::Female, "13800000001"),
            None,
            &db.sign_in(lou, "").unwrap(),
            today(),
        )
        .unwrap();
    let he = db
        .insert_member(
            person("王强", Gender::Male, "13800000002"),
            None,
            &db.sign_in(lou, "").unwrap(),
            today(),
        )
        .unwrap();
    let log = db.audit_of_member(she.id).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, Kind::Create);
    assert_eq!(log[0].volunteer_name.as_deref(), Some("楼老师"));
    assert_eq!(log[0].summary, "登记了李芳");

    // An edit: each changed field before and after; contact values stay out of the line.
    let mut changed = she.data.clone();
    changed.height_cm = Some(165);
    changed.status = MemberStatus::Paused;
    changed.phone = "13800000009".into();
    db.update_member(
        she.id,
        changed,
        PhotoChange::Keep,
        &db.sign_in(lou, "").unwrap(),
        today(),
    )
    .unwrap();
    let edit = &db.audit_of_member(she.id).unwrap()[0];
    assert_eq!(edit.kind, Kind::Edit);
    assert!(edit.summary.contains("身高:163 → 165"), "{}", edit.summary);
    assert!(
        edit.summary.contains("状态:在册 → 暂停"),
        "{}",
        edit.summary
    );
    assert!(edit.summary.contains("手机已修改") && !edit.summary.contains("13800000009"));
    let changes: serde_json::Value =
        serde_json::from_str(edit.changes.as_deref().unwrap()).unwrap();
    assert_eq!(changes["height_cm"], serde_json::json!([163, 165]));
    assert_eq!(
        changes["phone"],
        serde_json::json!(["13800000001", "13800000009"])
    );
    // Saving without a change writes nothing.
    let again = db.member(she.id).unwrap().data;
    db.update_member(
        she.id,
        again.clone(),
        PhotoChange::Keep,
        &db.sign_in(lou, "").unwrap(),
        today(),
    )
    .unwrap();
    assert_eq!(db.audit_of_member(she.id).unwrap().len(), 2);

    // Introduction steps appear on both members' records.
    let mut active = again;
    active.status = MemberStatus::Active;
    db.update_member(
        she.id,
        active,
        PhotoChange::Keep,
        &db.sign_in(lou, "").unwrap(),
        today(),
    )
    .unwrap();
    let intro = db
        .add_introduction(
            she.id,
            he.id,
            today(),
            &db.sign_in(lou, "").unwrap(),
            today(),
        )
        .unwrap();
    agreed(&mut db, intro.id);
    db.advance_introduction(
        intro.id,
        Stage::Met,
        today(),
        &db.sign_in(lou, "").unwrap(),
        "在咖啡馆",
        today(),
    )
    .unwrap();
    db.undo_introduction_step(intro.id, &db.sign_in(lou, "").unwrap(), today())
        .unwrap();
    db.end_introduction(
        intro.id,
        (EndReason::AgeGap, EndSide::A),
        today(),
        &db.sign_in(lou, "").unwrap(),
        "",
        true,
        today(),
    )
    .unwrap();
    let his = db.audit_of_member(he.id).unwrap();
    let lines: Vec<&str> = his
        .iter()
        .filter(|e| e.kind == Kind::Introduction)
        .map(|e| e.summary.as_str())
        .collect();
    assert_eq!(lines.len(), 7, "{lines:?}");
    assert!(lines[0].contains("未成,年龄差距"));
    assert!(lines[1].contains("撤销上一步,见面 → 介绍"));
    assert!(lines[2].contains("见面(2026-11-21) · 在咖啡馆"));
    assert_eq!(
        db.audit_of_member(she.id)
            .unwrap()
            .iter()
            .filter(|e| e.kind == Kind::Introduction)
            .count(),
        7
    );

    // Showing a full phone number is logged.
    let shown = db
        .reveal_contact(&db.sign_in(lou, "").unwrap(), he.id)
        .unwrap();
    assert_eq!(shown.data.phone, "13800000002");
    assert_eq!(db.audit_of_member(he.id).unwrap()[0].kind, Kind::Reveal);

    // A restore and an export are on the station's log.
    let copy = dir.path().join("copy.db");
    db.export_database(&Actor::terminal(), &copy).unwrap();
    db.restore_from(
        &Actor::terminal(),
        &copy,
        chrono::Local::now().naive_local(),
    )
    .unwrap();
    let all = db.audit_log(100).unwrap();
    assert_eq!(all[0].kind, Kind::Restore);
    assert!(all.len() >= 10);
}

#[test]
fn an_import_logs_each_member_and_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("station.db")).unwrap();
    let csv = dir.path().join("册.csv");
    std::fs::write(
        &csv,
        "姓名,性别,出生年月,手机,册号,页码\n陈静,女,1993-08,13700000001,2,5\n",
    )
    .unwrap();
    let table = hongniang_core::import::read(&csv).unwrap();
    let mapping = hongniang_core::import::Mapping::guess(&table.headers);
    let preview = hongniang_core::import::preview(
        &db,
        &table,
        &mapping,
        Some(hongniang_core::import::BookConsent::SignedOnPaper),
        today(),
    )
    .unwrap();
    db.import(
        &preview,
        hongniang_core::import::Duplicates::Skip,
        &Actor::terminal(),
        today(),
        &mut |_, _| true,
    )
    .unwrap();
    let log = db.audit_log(10).unwrap();
    assert_eq!(log[0].kind, Kind::Import);
    assert!(
        log[0]
            .summary
            .starts_with("导入旧登记册:读到 1 行,新登记 1")
    );
    assert_eq!(log[1].member_name.as_deref(), Some("陈静"));
    assert!(
        log[1].summary.contains("第 2 册 · 第 5 页"),
        "{}",
        log[1].summary
    );
}
