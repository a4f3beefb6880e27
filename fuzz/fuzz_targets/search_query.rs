//! The search box and a saved query (JSON) on any bytes, over a small demo station: never a
//! panic, and the results are the station's members.
#![no_main]

use hongniang_core::search::{Query, SearchIndex};
use hongniang_core::{Db, demo};
use libfuzzer_sys::fuzz_target;

thread_local! {
    static STATION: Option<(Db, SearchIndex)> = {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
        Db::open_in_memory().ok().and_then(|mut db| {
            demo::generate(&mut db, 300, 1, today, &mut |_| {}).ok()?;
            let index = SearchIndex::build(&db).ok()?;
            Some((db, index))
        })
    };
}

fuzz_target!(|bytes: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
    let typed = Query {
        text: String::from_utf8_lossy(bytes).into_owned(),
        ..Query::default()
    };
    let saved = serde_json::from_slice::<Query>(bytes).ok();
    STATION.with(|station| {
        let Some((db, index)) = station else { return };
        for query in std::iter::once(&typed).chain(saved.as_ref()) {
            let results = index.search(query, today);
            assert!(results.len() <= 300);
            let _ = db;
        }
    });
});
