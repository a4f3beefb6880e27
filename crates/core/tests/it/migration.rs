//! A station's database from before the agreement steps (schema version 9) opened by this
//! version: every introduction and step kept, the four old end reasons mapped to the coded
//! list (their words kept in the step's notes), the introductions marked as recorded before the
//! agreements, and such an introduction still able to go on to 见面 without an exchange.

use chrono::NaiveDate;
use hongniang_core::introductions::{EndReason, Stage, StepKind};
use hongniang_core::model::MemberStatus;
use hongniang_core::{Actor, Db, Error, schema};
use rusqlite::Connection;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 21)
}

/// Ten members and seven introductions with their steps, as version 9 wrote them.
const OLD_STATION: &str = "
INSERT INTO volunteers (id, name) VALUES (1, '楼老师');
INSERT INTO members (id, number, name, gender, birth_year, birth_month, registered_on, consent,
        consent_on, status, created_at, updated_at, phone, wechat)
VALUES
    (1, '2024-0001', '王强', 'male', 1990, 5, '2024-01-05', 1, '2024-01-05', 'active', '2024-01-05T09:00:00', '2024-01-05T09:00:00', '13800000001', 'wq01'),
    (2, '2024-0002', '李芳', 'female', 1992, 3, '2024-01-05', 1, '2024-01-05', 'active', '2024-01-05T09:00:00', '2024-01-05T09:00:00', '13800000002', 'lf02'),
    (3, '2024-0003', '赵磊', 'male', 1989, 7, '2024-01-06', 1, '2024-01-06', 'active', '2024-01-06T09:00:00', '2024-01-06T09:00:00', '13800000003', ''),
    (4, '2024-0004', '孙丽', 'female', 1991, 8, '2024-01-06', 1, '2024-01-06', 'active', '2024-01-06T09:00:00', '2024-01-06T09:00:00', '13800000004', ''),
    (5, '2024-0005', '张伟', 'male', 1988, 1, '2024-01-07', 1, '2024-01-07', 'active', '2024-01-07T09:00:00', '2024-01-07T09:00:00', '13800000005', ''),
    (6, '2024-0006', '陈静', 'female', 1993, 2, '2024-01-07', 1, '2024-01-07', 'active', '2024-01-07T09:00:00', '2024-01-07T09:00:00', '13800000006', ''),
    (7, '2024-0007', '刘洋', 'male', 1990, 9, '2024-01-08', 1, '2024-01-08', 'active', '2024-01-08T09:00:00', '2024-01-08T09:00:00', '13800000007', ''),
    (8, '2024-0008', '周婷', 'female', 1994, 4, '2024-01-08', 1, '2024-01-08', 'active', '2024-01-08T09:00:00', '2024-01-08T09:00:00', '13800000008', ''),
    (9, '2024-0009', '吴刚', 'male', 1987, 6, '2024-01-09', 1, '2024-01-09', 'married', '2024-01-09T09:00:00', '2024-12-01T09:00:00', '13800000009', ''),
    (10, '2024-0010', '郑敏', 'female', 1990, 10, '2024-01-09', 1, '2024-01-09', 'married', '2024-01-09T09:00:00', '2024-12-01T09:00:00', '13800000010', '');
INSERT INTO member_number_counters (year, last) VALUES (2024, 10);

INSERT INTO introductions (id, member_a, member_b, stage, introduced_on, met_on, dating_on,
        married_on, ended_on, end_reason, volunteer_id, feedback_a, feedback_b, created_at, updated_at)
VALUES
    (1, 1, 2, 'ended', '2024-02-01', NULL, NULL, NULL, '2024-02-10', 'declined', 1, '', '她觉得年龄差太大', '2024-02-01T10:00:00', '2024-02-10T10:00:00'),
    (2, 3, 4, 'ended', '2024-03-01', '2024-03-08', NULL, NULL, '2024-03-20', 'unsuitable', 1, '他说聊不来', '', '2024-03-01T10:00:00', '2024-03-20T10:00:00'),
    (3, 5, 6, 'ended', '2024-04-01', NULL, NULL, NULL, '2024-05-01', 'lost_contact', NULL, '', '', '2024-04-01T10:00:00', '2024-05-01T10:00:00'),
    (4, 1, 4, 'ended', '2024-06-01', NULL, NULL, NULL, '2024-06-05', 'other', 1, '', '', '2024-06-01T10:00:00', '2024-06-05T10:00:00'),
    (5, 7, 8, 'introduced', '2024-07-01', NULL, NULL, NULL, NULL, NULL, 1, '', '', '2024-07-01T10:00:00', '2024-07-01T10:00:00'),
    (6, 3, 6, 'met', '2024-08-01', '2024-08-15', NULL, NULL, NULL, NULL, 1, '', '', '2024-08-01T10:00:00', '2024-09-02T10:00:00'),
    (7, 9, 10, 'married', '2024-09-10', '2024-09-20', '2024-10-01', '2024-12-01', NULL, NULL, 1, '', '', '2024-09-10T10:00:00', '2024-12-01T10:00:00');

INSERT INTO introduction_steps (id, introduction_id, kind, stage, previous_stage, on_date,
        volunteer_id, reason, notes, status_a_before, status_b_before, created_at)
VALUES
    (1, 1, 'start', 'introduced', NULL, '2024-02-01', 1, NULL, '', NULL, NULL, '2024-02-01T10:00:00'),
    (2, 1, 'end', 'ended', 'introduced', '2024-02-10', 1, 'declined', '女方说再考虑', NULL, NULL, '2024-02-10T10:00:00'),
    (3, 2, 'start', 'introduced', NULL, '2024-03-01', 1, NULL, '', NULL, NULL, '2024-03-01T10:00:00'),
    (4, 2, 'advance', 'met', 'introduced', '2024-03-08', 1, NULL, '在咖啡馆', NULL, NULL, '2024-03-08T10:00:00'),
    (5, 2, 'end', 'ended', 'met', '2024-03-20', 1, 'unsuitable', '', NULL, NULL, '2024-03-20T10:00:00'),
    (6, 3, 'start', 'introduced', NULL, '2024-04-01', NULL, NULL, '', NULL, NULL, '2024-04-01T10:00:00'),
    (7, 3, 'end', 'ended', 'introduced', '2024-05-01', NULL, 'lost_contact', '电话停机', NULL, NULL, '2024-05-01T10:00:00'),
    (8, 4, 'start', 'introduced', NULL, '2024-06-01', 1, NULL, '', NULL, NULL, '2024-06-01T10:00:00'),
    (9, 4, 'end', 'ended', 'introduced', '2024-06-05', 1, 'other', '搬去外地', NULL, NULL, '2024-06-05T10:00:00'),
    (10, 5, 'start', 'introduced', NULL, '2024-07-01', 1, NULL, '', NULL, NULL, '2024-07-01T10:00:00'),
    (11, 6, 'start', 'introduced', NULL, '2024-08-01', 1, NULL, '', NULL, NULL, '2024-08-01T10:00:00'),
    (12, 6, 'advance', 'met', 'introduced', '2024-08-15', 1, NULL, '', NULL, NULL, '2024-08-15T10:00:00'),
    (13, 6, 'advance', 'dating', 'met', '2024-09-01', 1, NULL, '', NULL, NULL, '2024-09-01T10:00:00'),
    (14, 6, 'undo', 'met', 'dating', '2024-09-02', 1, NULL, '撤销上一步', NULL, NULL, '2024-09-02T10:00:00'),
    (15, 7, 'start', 'introduced', NULL, '2024-09-10', 1, NULL, '', NULL, NULL, '2024-09-10T10:00:00'),
    (16, 7, 'advance', 'married', 'introduced', '2024-12-01', 1, NULL, '', 'active', 'active', '2024-12-01T10:00:00');
INSERT INTO blocked_pairs (member_a, member_b, reason, created_on)
VALUES (1, 2, '未成:一方不同意', '2024-02-10');
";

/// The database file of a version 9 station, closed.
fn old_station(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("station.db");
    let mut conn = Connection::open(&path).unwrap();
    schema::migrations().to_version(&mut conn, 9).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 9);
    conn.execute_batch(OLD_STATION).unwrap();
    path
}

fn count(db: &Db, table: &str) -> i64 {
    db.connection()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn every_introduction_and_step_survives_with_its_reason_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let path = old_station(dir.path());
    let db = Db::open(&path).unwrap();
    let conn = db.connection();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version as usize, schema::MIGRATIONS.len());
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let fk_problems: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_problems, 0);
    // The steps still belong to the introductions table (not to the one renamed away).
    let parent: String = conn
        .query_row(
            "SELECT \"table\" FROM pragma_foreign_key_list('introduction_steps')
             WHERE \"from\" = 'introduction_id'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(parent, "introductions");

    // Every row kept.
    assert_eq!(count(&db, "introductions"), 7);
    assert_eq!(count(&db, "introduction_steps"), 16);
    assert_eq!(count(&db, "blocked_pairs"), 1);
    assert_eq!(count(&db, "members"), 10);

    let all = db.introductions(None).unwrap();
    assert_eq!(all.len(), 7);
    for i in &all {
        assert!(i.before_agreements, "introduction {} {i:?}", i.id);
        assert_eq!(
            (i.a_agreed_on, i.b_agreed_on, i.exchanged_on),
            (None, None, None)
        );
        assert_eq!(i.end_side, None, "no side was recorded then");
    }
    let by_id = |id: i64| db.introduction(id).unwrap();
    let summary = |id: i64| {
        let i = by_id(id);
        (
            i.stage,
            i.introduced_on,
            i.met_on,
            i.dating_on,
            i.married_on,
            i.ended_on,
            i.end_reason,
        )
    };
    // 一方不同意 → 其他, 见面后不合适 → 性格/感觉不合适, 失去联系 → 联系不上, 其他 stays.
    assert_eq!(
        summary(1),
        (
            Stage::Ended,
            d(2024, 2, 1),
            None,
            None,
            None,
            Some(d(2024, 2, 10)),
            Some(EndReason::Other)
        )
    );
    assert_eq!(
        summary(2),
        (
            Stage::Ended,
            d(2024, 3, 1),
            Some(d(2024, 3, 8)),
            None,
            None,
            Some(d(2024, 3, 20)),
            Some(EndReason::NoSpark)
        )
    );
    assert_eq!(
        summary(3),
        (
            Stage::Ended,
            d(2024, 4, 1),
            None,
            None,
            None,
            Some(d(2024, 5, 1)),
            Some(EndReason::Unreachable)
        )
    );
    assert_eq!(
        summary(4),
        (
            Stage::Ended,
            d(2024, 6, 1),
            None,
            None,
            None,
            Some(d(2024, 6, 5)),
            Some(EndReason::Other)
        )
    );
    assert_eq!(
        summary(5),
        (
            Stage::Introduced,
            d(2024, 7, 1),
            None,
            None,
            None,
            None,
            None
        )
    );
    assert_eq!(
        summary(6),
        (
            Stage::Met,
            d(2024, 8, 1),
            Some(d(2024, 8, 15)),
            None,
            None,
            None,
            None
        )
    );
    assert_eq!(
        summary(7),
        (
            Stage::Married,
            d(2024, 9, 10),
            Some(d(2024, 9, 20)),
            Some(d(2024, 10, 1)),
            Some(d(2024, 12, 1)),
            None,
            None
        )
    );
    let one = by_id(1);
    assert_eq!((one.name_a.as_str(), one.name_b.as_str()), ("王强", "李芳"));
    assert_eq!(one.feedback_b, "她觉得年龄差太大");
    assert_eq!(one.volunteer_name.as_deref(), Some("楼老师"));
    assert_eq!(one.stage_text(), "未成(其他)");
    assert_eq!(by_id(2).feedback_a, "他说聊不来");
    assert_eq!(by_id(3).volunteer_name, None);
    assert!(db.is_blocked(2, 1).unwrap());

    // The steps, their reasons mapped and the old words in the notes.
    let steps = |id: i64| db.introduction_steps(id).unwrap();
    let end_of = |id: i64| steps(id).into_iter().last().unwrap();
    let first_end = end_of(1);
    assert_eq!(
        (
            first_end.kind,
            first_end.reason,
            first_end.side,
            first_end.on
        ),
        (StepKind::End, Some(EndReason::Other), None, d(2024, 2, 10))
    );
    assert_eq!(first_end.notes, "升级前记为“一方不同意” 女方说再考虑");
    assert_eq!(first_end.describe("王强", "李芳"), "未成(其他)");
    let second_end = end_of(2);
    assert_eq!(second_end.reason, Some(EndReason::NoSpark));
    assert_eq!(second_end.notes, "升级前记为“见面后不合适”");
    assert_eq!(steps(2)[1].notes, "在咖啡馆");
    // 失去联系 and 其他 have the same meaning in the new list: the notes stay as they were.
    let third_end = end_of(3);
    assert_eq!(
        (third_end.reason, third_end.notes.as_str()),
        (Some(EndReason::Unreachable), "电话停机")
    );
    let fourth_end = end_of(4);
    assert_eq!(
        (fourth_end.reason, fourth_end.notes.as_str()),
        (Some(EndReason::Other), "搬去外地")
    );
    assert_eq!(
        steps(6).iter().map(|s| s.kind).collect::<Vec<_>>(),
        [
            StepKind::Start,
            StepKind::Advance,
            StepKind::Advance,
            StepKind::Undo
        ]
    );
    assert_eq!(
        steps(6)
            .iter()
            .map(|s| s.describe("赵磊", "陈静"))
            .collect::<Vec<_>>(),
        [
            "介绍(先给赵磊看陈静的介绍卡)",
            "见面",
            "交往",
            "撤销上一步:交往 → 见面"
        ]
    );
    let married = steps(7);
    assert_eq!((married.len(), married[1].stage), (2, Stage::Married));
    assert_eq!(
        (
            db.member(9).unwrap().data.status,
            db.member(10).unwrap().data.status
        ),
        (MemberStatus::Married, MemberStatus::Married)
    );
    // Every step of every introduction, none lost to the rebuilt tables.
    let per_introduction: Vec<usize> = (1..=7).map(|id| steps(id).len()).collect();
    assert_eq!(per_introduction, [2, 3, 2, 2, 1, 4, 2]);

    // Counted in the statistics as ended before the sides were recorded, and left out of the
    // agreement figures (they have no agreement steps).
    let stats = db.stats(None, None, today()).unwrap();
    assert_eq!(stats.agreements.introductions, 0);
    let total = stats.reasons.last().unwrap();
    assert_eq!(
        (
            total.total,
            total.side_unknown,
            total.at_meeting,
            total.at_introduction
        ),
        (4, 4, 1, 3)
    );
    assert!(db.decline_counts(&[1, 2, 3, 4, 5, 6]).unwrap().is_empty());
}

#[test]
fn an_older_introduction_goes_on_to_a_meeting_without_the_exchange() {
    let dir = tempfile::tempdir().unwrap();
    let path = old_station(dir.path());
    let mut db = Db::open(&path).unwrap();
    let t = Actor::terminal();

    // Met before the upgrade: the contacts changed hands then (the old way).
    let met = db.introduction(6).unwrap();
    assert!(met.contacts_exchanged() && met.shares_contacts());
    assert_eq!(
        db.introduction_contacts(&t, 6, false)
            .unwrap()
            .map(|c| c.len()),
        Some(2)
    );
    // Still at 介绍: no contacts yet, but the meeting may be recorded as before.
    let waiting = db.introduction(5).unwrap();
    assert!(!waiting.contacts_exchanged());
    assert_eq!(db.introduction_contacts(&t, 5, false).unwrap(), None);
    let now_met = db
        .advance_introduction(5, Stage::Met, d(2026, 11, 20), &t, "", today())
        .unwrap();
    assert_eq!(
        (now_met.stage, now_met.met_on),
        (Stage::Met, Some(d(2026, 11, 20)))
    );
    assert!(now_met.before_agreements && now_met.exchanged_on.is_none());
    assert!(db.introduction_contacts(&t, 5, false).unwrap().is_some());
    // And on from there, and back.
    db.advance_introduction(6, Stage::Dating, d(2026, 11, 20), &t, "", today())
        .unwrap();
    let back = db.undo_introduction_step(6, &t, today()).unwrap();
    assert_eq!(back.stage, Stage::Met);

    // A new introduction follows the new rule.
    let fresh = db
        .add_introduction(5, 2, d(2026, 11, 20), &t, today())
        .unwrap();
    assert!(!fresh.before_agreements);
    match db.advance_introduction(fresh.id, Stage::Met, d(2026, 11, 21), &t, "", today()) {
        Err(Error::Refused(message)) => assert!(message.contains("交换了联系方式"), "{message}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let stats = db.stats(None, None, today()).unwrap();
    assert_eq!(stats.agreements.introductions, 1);
}
