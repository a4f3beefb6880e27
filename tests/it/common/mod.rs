//! What the tests that run the real binary share.
#![allow(dead_code)] // each test file uses its own part

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The binary on `db` with `args`, inheriting no PIN or password, its output piped.
pub fn command(db: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hongniang"));
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("HONGNIANG_PIN")
        .env_remove("HONGNIANG_KEY")
        .env_remove("HONGNIANG_NEW_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs the binary on `db` with exactly the PIN and passwords of `env` (none inherited).
pub fn hongniang(db: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut command = command(db, args);
    command.envs(env.iter().copied()).stdin(Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// An introduction of `a` and `b` on `on` that both agreed to and whose contacts were given: what a
/// meeting or a marriage needs first. Its id.
pub fn exchanged(db: &mut hongniang::data::Db, a: i64, b: i64, on: chrono::NaiveDate) -> i64 {
    use hongniang::data::introductions::Side;
    let actor = hongniang::data::Actor::terminal();
    let today = hongniang::data::today();
    let i = db.add_introduction(a, b, on, &actor, today).unwrap();
    for side in [Side::A, Side::B] {
        db.agree_to_introduction(i.id, side, on, &actor, "", today)
            .unwrap();
    }
    db.exchange_contacts(i.id, on, &actor, "", today).unwrap();
    i.id
}
