//! A CSV register of any bytes: read, previewed against a station, never a panic, and a file
//! with faults never importable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    common::read_and_preview(bytes, "csv");
});

#[path = "common.rs"]
mod common;
