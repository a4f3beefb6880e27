//! The program's integration tests as one binary (one link of iced, SQLCipher and OpenSSL
//! instead of one per file): the command line as a real process, the window's screens through
//! `iced_test` (`gui`), the real window under Xvfb (`window`), backups, encryption, permissions
//! and the fault suite. `common` holds what several share.

mod backup;
mod cipher;
mod cli;
mod common;
mod district;
mod faults;
mod gui;
mod permissions;
mod window;
