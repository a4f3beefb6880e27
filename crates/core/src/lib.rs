//! The station's data and rules: plain Rust over SQLite. Nothing here knows about the GUI.

pub mod audit;
pub mod availability;
pub mod backup;
pub mod checks;
pub mod cipher;
pub mod codes;
pub mod consent;
pub mod csv_file;
pub mod db;
pub mod demo;
pub mod district;
pub mod duty;
pub mod enquiries;
pub mod error;
pub mod event_corrections;
pub mod event_district;
pub mod event_import;
pub mod event_messages;
pub mod event_partners;
pub mod event_print;
pub mod events;
pub mod fields;
pub mod files;
pub mod import;
mod interner;
pub mod introductions;
pub mod masking;
pub mod meetings;
pub mod members;
pub mod model;
pub mod open_days;
pub mod pairing;
pub mod parse;
pub mod photo;
pub mod pinyin;
pub mod print;
pub mod privacy;
pub mod publicity;
pub mod retention;
pub mod rota;
pub mod schema;
pub mod search;
pub mod seating;
pub mod signin;
pub mod spreadsheet;
pub mod stats;
pub mod validate;
pub mod wishes;
pub mod yearly;

pub use db::Db;
pub use error::{Error, Result};
pub use signin::{Actor, Permission};

/// How a moment is stored in the database: `2026-11-21T09:30:00`.
pub(crate) const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// Now on the station PC, as stored in the database.
pub(crate) fn now_text() -> String {
    chrono::Local::now().format(TIME_FORMAT).to_string()
}

/// Today's date on the station PC.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
