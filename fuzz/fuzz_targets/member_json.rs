//! `member add --json` on any bytes: a sheet or a batch read as the command line reads it,
//! validated and saved into a station in memory; a batch is all or nothing.
#![no_main]

use hongniang_core::members::DuplicateCheck;
use hongniang_core::model::MemberData;
use hongniang_core::{Actor, Db, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
    let Ok(mut db) = Db::open_in_memory() else {
        return;
    };
    let sheets: Vec<MemberData> = match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Array(items)) => {
            match items
                .into_iter()
                .map(serde_json::from_value)
                .collect::<Result<Vec<MemberData>, _>>()
            {
                Ok(sheets) => sheets,
                Err(_) => return,
            }
        }
        Ok(one) => match serde_json::from_value(one) {
            Ok(sheet) => vec![sheet],
            Err(_) => return,
        },
        Err(_) => return,
    };
    for sheet in &sheets {
        let _ = validate::prepare(sheet.clone(), today);
    }
    let count = sheets.len() as u64;
    match db.register_members(&Actor::terminal(), sheets, DuplicateCheck::Confirmed, today) {
        Ok(saved) => assert_eq!(saved.len() as u64, count),
        Err(_) => assert_eq!(db.count_members().unwrap_or(0), 0, "a refused batch saves none"),
    }
});
