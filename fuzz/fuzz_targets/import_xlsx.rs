//! A spreadsheet of any bytes (.xlsx, .xls, .ods by the first byte): read and previewed, never
//! a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let extension = match bytes.first().map(|b| b % 3) {
        Some(0) => "xlsx",
        Some(1) => "xls",
        _ => "ods",
    };
    common::read_and_preview(bytes.get(1..).unwrap_or_default(), extension);
});

#[path = "common.rs"]
mod common;
