//! Every code of every closed list can be saved. Each `CHECK (column IN ('…'))` of the schema a
//! new database gets is compared with the codes of the list the program writes into that column:
//! a code added to a list (a new 未成 reason) without the migration that lets its column take it
//! fails here, not when a volunteer saves; and a new CHECK list with no list named here fails too.

use hongniang_core::Db;
use hongniang_core::{availability, district, events, introductions, model};
use std::collections::BTreeMap;

/// The codes of a `labelled_enum!` list.
macro_rules! codes {
    ($list:ty) => {
        <$list>::ALL
            .iter()
            .map(|v| v.code())
            .collect::<Vec<&'static str>>()
    };
}

/// What the program writes into each column that has a CHECK list.
fn written() -> BTreeMap<(&'static str, &'static str), Vec<&'static str>> {
    use introductions::Stage;
    BTreeMap::from([
        (("members", "gender"), codes!(model::Gender)),
        (("members", "hukou"), codes!(model::Hukou)),
        (("members", "education"), codes!(model::Education)),
        (("members", "marital_status"), codes!(model::MaritalStatus)),
        (
            ("members", "registrant_relation"),
            codes!(model::RegistrantRelation),
        ),
        (("members", "status"), codes!(model::MemberStatus)),
        (("members", "pause_reason"), codes!(model::PauseReason)),
        (
            ("member_calls", "outcome"),
            codes!(availability::CallOutcome),
        ),
        (("family_preferences", "relation"), codes!(model::WishesOf)),
        (("event_invitations", "answer"), codes!(events::Answer)),
        (("event_attendees", "gender"), codes!(model::Gender)),
        (("event_attendees", "place"), codes!(events::Place)),
        (("event_attendees", "arrival"), codes!(events::Arrival)),
        // Only the yeses are stored: 不了 is the absence of a row.
        (
            ("event_choices", "choice"),
            events::Choice::ALL
                .iter()
                .filter(|choice| choice.is_yes())
                .map(|choice| choice.code())
                .collect(),
        ),
        (
            ("district_requests", "answer"),
            codes!(district::RequestAnswer),
        ),
        // How a cross-station introduction ended: the two final stages.
        (
            ("district_requests", "outcome"),
            vec![Stage::Married.code(), Stage::Ended.code()],
        ),
        (("district_requests", "partner_stage"), codes!(Stage)),
        (("district_requests", "reported_stage"), codes!(Stage)),
        (("introductions", "stage"), codes!(Stage)),
        (
            ("introductions", "end_reason"),
            codes!(introductions::EndReason),
        ),
        (
            ("introductions", "end_side"),
            codes!(introductions::EndSide),
        ),
        (
            ("introduction_steps", "kind"),
            codes!(introductions::StepKind),
        ),
    ])
}

/// The quoted lists of the schema's CHECKs: (table, column) → codes. Lists of numbers (the 0/1
/// of a yes-or-no column) are not closed lists of codes.
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
        let mut rest = sql.as_str();
        while let Some(at) = rest.find("CHECK") {
            rest = &rest[at + "CHECK".len()..];
            let inside = rest.trim_start().trim_start_matches('(').trim_start();
            let Some((column, list)) = inside.split_once(" IN ") else {
                continue;
            };
            let column = column.trim();
            // Not a list (`CHECK (birth_month BETWEEN 1 AND 12)`): the IN found is a later one's.
            if !column
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                continue;
            }
            let list = list.trim_start().trim_start_matches('(');
            let Some(end) = list.find(')') else {
                continue;
            };
            let codes: Vec<String> = list[..end]
                .split(',')
                .map(str::trim)
                .filter(|c| c.starts_with('\''))
                .map(|c| c.trim_matches('\'').to_string())
                .collect();
            if !codes.is_empty() {
                found.insert((table.clone(), column.to_string()), codes);
            }
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
    let written = written();
    let mut faults = Vec::new();
    for ((table, column), codes) in &written {
        match checks.get(&(table.to_string(), column.to_string())) {
            None => faults.push(format!("{table}.{column}: no CHECK list in the schema")),
            Some(allowed) => {
                for code in codes {
                    if !allowed.iter().any(|a| a == code) {
                        faults.push(format!(
                            "{table}.{column}: the code '{code}' would be refused (the CHECK allows {allowed:?}): add a migration"
                        ));
                    }
                }
                for code in allowed {
                    if !codes.contains(&code.as_str()) {
                        faults.push(format!(
                            "{table}.{column}: the CHECK allows '{code}', which no list has"
                        ));
                    }
                }
            }
        }
    }
    for (table, column) in checks.keys() {
        if !written.contains_key(&(table.as_str(), column.as_str())) {
            faults.push(format!(
                "{table}.{column}: a CHECK list this test does not know: name its list in written()"
            ));
        }
    }
    assert!(faults.is_empty(), "{faults:#?}");
}
