//! 红娘工作台 (hongniang): member registration, search and pairing for a union matchmaking
//! station. `data` is the core; `gui` and `cli` are two thin front ends over it;
//! `system` talks to the operating system's printers and viewer.

pub mod cli;
pub mod data;
pub mod gui;
pub mod system;
