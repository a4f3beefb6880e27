//! An `.xls` of any bytes: read and previewed, never a panic, and (run with
//! `-rss_limit_mb=1024`, as `tools/fuzz` does) never more than a gigabyte of memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    common::read_and_preview(bytes, "xls");
});

#[path = "common.rs"]
mod common;
