//! 红娘工作台 (hongniang): member registration, search and pairing for a union matchmaking
//! station. The core is its own crate, `hongniang-core` (here as `data`), which knows nothing of
//! any GUI; `gui` and `cli` are two thin front ends over it; `system` talks to the operating
//! system's printers and viewer; `console` is the terminal of the Windows command line.

pub mod cli;
pub mod console;
pub use hongniang_core as data;
pub mod gui;
pub mod system;
