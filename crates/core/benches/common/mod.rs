//! The demo databases the benchmarks read, kept in `target/bench-data/` between runs.

use hongniang_core::{Db, demo};
use std::path::PathBuf;

pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

/// A database of `members` demo members (seed 1) with their introduction history; made once.
pub fn database(members: u64) -> Db {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&folder).expect("bench folder");
    let path = folder.join(format!("demo-{members}.db"));
    let mut db = Db::open(&path).expect("database");
    let introductions: i64 = db
        .connection()
        .query_row("SELECT count(*) FROM introductions", [], |r| r.get(0))
        .expect("count introductions");
    if db.count_members().expect("count") != members || introductions == 0 {
        drop(db);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        db = Db::open(&path).expect("database");
        demo::generate(&mut db, members, 1, today(), &mut |_| {}).expect("demo members");
    }
    db
}
