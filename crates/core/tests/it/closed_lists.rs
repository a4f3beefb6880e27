//! Every code of every closed list can be saved. Each `CHECK (column IN ('…'))` of the schema a
//! new database gets is compared with the codes of the list the program writes into that column
//! (`codes::COLUMNS`); a new CHECK list with no list named there fails here. And a code added to
//! a list after a file was made — here a 未成 reason taken out of the file's CHECK, as an old
//! file would lack it — is taken by that file at its next start, with no migration.

use chrono::NaiveDate;
use hongniang_core::codes::{self, COLUMNS};
use hongniang_core::introductions::{EndReason, EndSide};
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::{Actor, Db};
use std::collections::BTreeMap;

/// The quoted lists of the schema's CHECKs: (table, column) → codes.
fn checks_in(path: &std::path::Path) -> BTreeMap<(String, String), Vec<String>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut statement = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK%'")
        .unwrap();
    let tables: Vec<(String, String)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut found = BTreeMap::new();
    for (table, sql) in tables {
        for list in codes::check_lists(&sql) {
            found.insert((table.clone(), list.column), list.codes);
        }
    }
    found
}

#[test]
fn every_code_of_every_closed_list_fits_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    drop(Db::open(&path).unwrap());
    let checks = checks_in(&path);
    assert!(
        checks.len() >= 20,
        "the schema's CHECK lists were not found: {checks:?}"
    );
    let mut faults = Vec::new();
    for closed in COLUMNS {
        let (table, column) = (closed.table, closed.column);
        match checks.get(&(table.to_string(), column.to_string())) {
            None => faults.push(format!("{table}.{column}: no CHECK list in the schema")),
            Some(allowed) => {
                let codes = (closed.codes)();
                if *allowed != codes {
                    faults.push(format!(
                        "{table}.{column}: the CHECK allows {allowed:?}, the list has {codes:?}"
                    ));
                }
            }
        }
    }
    for (table, column) in checks.keys() {
        if !COLUMNS
            .iter()
            .any(|c| c.table == table && c.column == column)
        {
            faults.push(format!(
                "{table}.{column}: a CHECK list codes::COLUMNS does not name: name its list there"
            ));
        }
    }
    assert!(faults.is_empty(), "{faults:#?}");
}

/// A list is only ever widened: a code the file's CHECK has and the program's list lacks (as
/// an old version's, before its migration renamed it) stays in the CHECK.
#[test]
fn a_check_list_is_widened_never_narrowed() {
    let sql = "CREATE TABLE introductions (end_reason TEXT CHECK (end_reason IN ('declined', 'other')), n INTEGER CHECK (n IN (0, 1)))";
    let widened = codes::generated("introductions", sql);
    let lists = codes::check_lists(&widened);
    assert_eq!(lists.len(), 1, "{widened}");
    assert_eq!(lists[0].column, "end_reason");
    let mut expected: Vec<String> = EndReason::ALL
        .iter()
        .map(|r| r.code().to_string())
        .collect();
    expected.push("declined".into());
    assert_eq!(lists[0].codes, expected);
    assert!(
        widened.ends_with("n INTEGER CHECK (n IN (0, 1)))"),
        "{widened}"
    );
    assert_eq!(codes::generated("introductions", &widened), widened);
    assert_eq!(codes::generated("elsewhere", sql), sql);
}

fn member(db: &mut Db, name: &str, gender: Gender, phone: &str) -> i64 {
    let data = MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1990, 5),
        phone: phone.into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2026, 1, 5),
        ..MemberData::default()
    };
    db.insert_member(data, None, &Actor::terminal(), day(21))
        .unwrap()
        .id
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

#[test]
fn a_code_new_to_its_list_is_taken_at_the_next_start_without_a_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let intro = {
        let mut db = Db::open(&path).unwrap();
        let he = member(&mut db, "王强", Gender::Male, "13800000001");
        let she = member(&mut db, "李芳", Gender::Female, "13800000002");
        db.add_introduction(he, she, day(1), &Actor::terminal(), day(21))
            .unwrap()
            .id
    };
    // The file as an older version left it: 性格/感觉不合适 not yet a reason its CHECK knows.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'introductions'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        let narrowed = sql.replace("'no_spark', ", "");
        assert_ne!(narrowed, sql);
        let version: i64 = conn
            .query_row("PRAGMA schema_version", [], |row| row.get(0))
            .unwrap();
        conn.execute_batch("PRAGMA writable_schema = ON").unwrap();
        conn.execute(
            "UPDATE sqlite_master SET sql = ?1 WHERE name = 'introductions'",
            [&narrowed],
        )
        .unwrap();
        conn.execute_batch(&format!(
            "PRAGMA schema_version = {}; PRAGMA writable_schema = OFF;",
            version + 1
        ))
        .unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let refused = conn.execute(
            "UPDATE introductions SET end_reason = 'no_spark' WHERE id = ?1",
            [intro],
        );
        assert!(
            refused.is_err(),
            "the narrowed CHECK should refuse the code"
        );
    }
    let mut db = Db::open(&path).unwrap();
    assert_eq!(db.read_only(), None, "the older file is trusted as ours");
    let ended = db
        .end_introduction(
            intro,
            (EndReason::NoSpark, EndSide::Both),
            day(20),
            &Actor::terminal(),
            "",
            false,
            day(21),
        )
        .unwrap();
    assert_eq!(ended.end_reason, Some(EndReason::NoSpark));
    let integrity: String = db
        .connection()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(db);
    assert_eq!(
        checks_in(&path)[&("introductions".to_string(), "end_reason".to_string())],
        (COLUMNS
            .iter()
            .find(|c| c.column == "end_reason")
            .unwrap()
            .codes)()
    );
}

/// The attack: a file whose CHECK was edited by hand to take a code of no list (to slip values
/// past the program) is not taken for the program's own — it opens read-only, as any schema
/// changed behind the program's back — and the widening never writes into it.
#[test]
fn a_check_list_edited_by_hand_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    drop(Db::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'introductions'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        let edited = sql.replace("'other'", "'other', 'anything'");
        assert_ne!(edited, sql);
        let version: i64 = conn
            .query_row("PRAGMA schema_version", [], |row| row.get(0))
            .unwrap();
        conn.execute_batch("PRAGMA writable_schema = ON").unwrap();
        conn.execute(
            "UPDATE sqlite_master SET sql = ?1 WHERE name = 'introductions'",
            [&edited],
        )
        .unwrap();
        conn.execute_batch(&format!(
            "PRAGMA schema_version = {}; PRAGMA writable_schema = OFF;",
            version + 1
        ))
        .unwrap();
    }
    let db = Db::open(&path).unwrap();
    let why = db.read_only().expect("opened read-only");
    assert!(why.contains("introductions"), "{why}");
    drop(db);
    // Still as it was edited: nothing written into a file not trusted.
    let checks = checks_in(&path);
    assert!(
        checks[&("introductions".to_string(), "end_reason".to_string())]
            .contains(&"anything".to_string())
    );
}
