//! Every parser of a typed or imported field on any text: never a panic, and what they accept
//! stays in range.
#![no_main]

use hongniang_core::{import, parse, search, wishes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
    if let Some(month) = parse::year_month(&text) {
        assert!((1..=12).contains(&month.month), "{month:?}");
    }
    let _ = parse::date(&text);
    let _ = parse::date_or_message(&text);
    let _ = parse::period(&text, &text);
    let _ = parse::whole_number(&text);
    let _ = parse::phone_digits(&text);
    let _ = parse::to_halfwidth(&text);
    let _ = search::phone_query(&text);
    let _ = import::height_cm(&text);
    let _ = import::weight_kg(&text);
    let _ = import::birth(&text);
    let _ = import::gender(&text);
    let _ = import::education(&text);
    let _ = import::marital(&text);
    let _ = import::registrant(&text);
    let _ = import::guess(&text);
    let birth = hongniang_core::model::YearMonth::new(1990, 5);
    for gender in [
        None,
        Some(hongniang_core::model::Gender::Female),
        Some(hongniang_core::model::Gender::Male),
    ] {
        let reading = wishes::read(&text, birth, gender, today);
        let _ = reading.summary();
    }
});
