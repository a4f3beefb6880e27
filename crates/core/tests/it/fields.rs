//! A member's fields are declared once, in `fields::MEMBER_FIELDS`: these tests fail when a
//! field is added somewhere without the table knowing it — a key of the JSON (so of
//! `MemberData`) the table does not name, a column of `members` that is neither a field's nor
//! the bookkeeping's, a field whose column the schema lacks — and prove that what the table
//! drives (reading, writing, erasing) covers every field.

use hongniang_core::Db;
use hongniang_core::fields::{self, Access, Erase, MEMBER_FIELDS};
use hongniang_core::model::MemberData;
use std::collections::BTreeSet;

#[test]
fn every_key_of_a_members_json_is_a_declared_field_and_back() {
    let json = serde_json::to_value(MemberData::default()).unwrap();
    let keys: BTreeSet<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let declared: BTreeSet<&str> = MEMBER_FIELDS.iter().map(|f| f.key).collect();
    assert_eq!(
        keys, declared,
        "MemberData's fields and fields::MEMBER_FIELDS differ"
    );
    assert_eq!(declared.len(), MEMBER_FIELDS.len(), "a key declared twice");
}

#[test]
fn every_column_of_members_belongs_to_a_field_or_the_bookkeeping() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("station.db")).unwrap();
    let mut statement = db
        .connection()
        .prepare("SELECT name FROM pragma_table_info('members')")
        .unwrap();
    let in_schema: BTreeSet<String> = statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let declared: BTreeSet<String> = MEMBER_FIELDS
        .iter()
        .flat_map(|f| f.columns.iter())
        .chain(fields::BOOKKEEPING_COLUMNS.iter())
        .map(|(column, _)| column.to_string())
        .collect();
    let undeclared: Vec<_> = in_schema.difference(&declared).collect();
    assert!(
        undeclared.is_empty(),
        "columns of members no field declares (add them to fields::MEMBER_FIELDS, saying what deletion does): {undeclared:?}"
    );
    let missing: Vec<_> = declared.difference(&in_schema).collect();
    assert!(
        missing.is_empty(),
        "fields whose column no migration made: {missing:?}"
    );
}

#[test]
fn every_field_has_its_columns_or_is_worded_by_hand() {
    for field in MEMBER_FIELDS {
        match field.access {
            // The wishes live in tables of their own; birth and registrant in several columns.
            Access::Composite => {}
            _ => assert_eq!(field.columns.len(), 1, "{} needs one column", field.key),
        }
        if field.contact {
            assert!(
                field
                    .columns
                    .iter()
                    .all(|(_, erase)| *erase == Erase::Blank),
                "{}: a contact is always erased on request",
                field.key
            );
        }
    }
}
