//! The core's integration tests as one binary: one link of SQLCipher and OpenSSL instead of one
//! per file. Each subject is a module; `common` holds what several share.

mod audit;
mod availability;
mod books;
mod closed_lists;
mod common;
mod concurrency;
mod consent;
mod contacts;
mod district;
mod duty;
mod enquiries;
mod event_corrections;
mod event_district;
mod event_import;
mod event_money;
mod event_texts;
mod events;
mod family;
mod fields;
mod import;
mod introductions;
mod meetings;
mod migration;
mod open_days;
mod operations;
mod pairing;
mod print;
mod privacy;
mod rota;
mod search;
mod seating;
mod stats;
mod storage;
mod wishes;
mod yearly;
