//! The fault suite: the real program killed (SIGKILL) at random moments of its long writes —
//! demo, import, restore, encryption, backup —, two writers at once, a full database, a backups
//! folder that cannot be written. Each ends with `integrity_check` ok and every committed row
//! present. `HONGNIANG_FAULT_RUNS` sets the kills per operation (3 here; `tools/faults` runs 20).
#![cfg(unix)]

use crate::common::{hongniang, stderr};
use chrono::NaiveDate;
use hongniang::data::model::{Gender, MemberData, YearMonth};
use hongniang::data::{Actor, Db, backup, cipher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "西湖龙井2026";

fn runs() -> usize {
    std::env::var("HONGNIANG_FAULT_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3)
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A small deterministic sequence of moments (no dependency on a random crate).
struct Moments(u64);

impl Moments {
    /// A moment between 2 % and 98 % of `span`.
    fn within(&mut self, span: Duration) -> Duration {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let fraction = 0.02 + 0.96 * ((self.0 >> 11) as f64 / (1u64 << 53) as f64);
        span.mul_f64(fraction)
    }
}

/// The integrity of the database at `path`, opened with `key` if it is encrypted.
fn check(path: &Path, key: Option<&str>) -> (String, i64, Vec<String>) {
    cipher::set_key(
        path,
        if cipher::is_encrypted(path) {
            key
        } else {
            None
        },
    );
    let db = Db::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let conn = db.connection();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let count: i64 = conn
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap();
    let mut statement = conn
        .prepare("SELECT number || ' ' || name FROM members ORDER BY id LIMIT 5")
        .unwrap();
    let first = statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap();
    (integrity, count, first)
}

/// A demo database of `members`, with one member committed by hand: "李已存".
fn demo_station(path: &Path, members: u64) {
    let made = hongniang(
        path,
        &["demo", "--members", &members.to_string()],
        &[],
        None,
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let sheet =
        r#"{"name":"李已存","gender":"女","birth":"1990-05","phone":"13912340000","consent":true}"#;
    let added = hongniang(path, &["member", "add", "--json", "-"], &[], Some(sheet));
    assert!(added.status.success(), "{}", stderr(&added));
}

/// Starts the program on `path` with `args` and the environment `env`, kills it after
/// `after` unless it ended; whether it was killed.
fn kill_after(path: &Path, args: &[&str], env: &[(&str, &str)], after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hongniang"))
        .arg("--db")
        .arg(path)
        .args(args)
        .env_remove("HONGNIANG_KEY")
        .env_remove("HONGNIANG_NEW_KEY")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < after {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    killed
}

/// How long `args` takes when left alone, on a fresh copy made by `prepare`.
fn duration_of(prepare: &dyn Fn(&Path), args: &[&str], env: &[(&str, &str)]) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    prepare(&path);
    let started = Instant::now();
    let output = hongniang(&path, args, env, None);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    started.elapsed()
}

/// Kills `args` at `runs()` moments, each on a fresh station made by `prepare`, then checks the
/// database with `verify`. Returns (runs, killed while running).
fn kill_runs(
    name: &str,
    prepare: &dyn Fn(&Path),
    args: &[&str],
    env: &[(&str, &str)],
    verify: &dyn Fn(&Path),
) -> (usize, usize) {
    let span = duration_of(prepare, args, env);
    let mut moments = Moments(name.len() as u64 * 7919);
    let mut killed = 0;
    for _ in 0..runs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.db");
        prepare(&path);
        if kill_after(&path, args, env, moments.within(span)) {
            killed += 1;
        }
        verify(&path);
    }
    eprintln!(
        "fault suite: {name}: {} runs, {killed} killed while writing, failures: 0 (whole run {:?})",
        runs(),
        span
    );
    (runs(), killed)
}

fn has_the_committed_member(path: &Path, key: Option<&str>) -> i64 {
    let (integrity, count, _) = check(path, key);
    assert_eq!(integrity, "ok", "{}", path.display());
    let db = Db::open(path).unwrap();
    let found: i64 = db
        .connection()
        .query_row(
            "SELECT count(*) FROM members WHERE name = '李已存'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(found, 1, "the member committed before is there");
    count
}

#[test]
fn killed_during_demo_or_import_a_database_keeps_everything_committed() {
    let demo = |path: &Path| demo_station(path, 0);
    kill_runs(
        "demo",
        &demo,
        &["demo", "--members", "6000"],
        &[],
        &|path| {
            let count = has_the_committed_member(path, None);
            assert!(count == 1 || count == 6001, "all or nothing: {count}");
        },
    );

    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("旧登记册.csv");
    let mut text = String::from("姓名,性别,出生年月,手机,身高\n");
    for i in 0..3000 {
        text.push_str(&format!("会员{i},女,1990-05,139{i:08},16{}\n", i % 10));
    }
    std::fs::write(&book, text).unwrap();
    let book = book.to_string_lossy().to_string();
    kill_runs(
        "import",
        &demo,
        &["import", &book, "--consent", "signed"],
        &[],
        &|path| {
            let count = has_the_committed_member(path, None);
            assert!(count == 1 || count == 3001, "all or nothing: {count}");
        },
    );
}

#[test]
fn killed_during_restore_encryption_or_backup_nothing_is_lost() {
    // A backup of 3,000 members to restore over a station of 1 (+ the committed one).
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.db");
    demo_station(&source, 3000);
    let copy = dir.path().join("copy.db");
    let made = hongniang(
        &source,
        &["backup", "-o", copy.to_str().unwrap()],
        &[],
        None,
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let (_, source_count, source_first) = check(&source, None);
    let copy_text = copy.to_string_lossy().to_string();
    let small = |path: &Path| demo_station(path, 1);
    kill_runs(
        "restore",
        &small,
        &["restore", &copy_text, "--yes"],
        &[],
        &|path| {
            let (integrity, count, first) = check(path, None);
            assert_eq!(integrity, "ok");
            assert!(
                count == 2 || (count == source_count && first == source_first),
                "the old data or the backup's, whole: {count}"
            );
        },
    );

    let station = |path: &Path| demo_station(path, 3000);
    kill_runs(
        "encrypt",
        &station,
        &["encrypt"],
        &[("HONGNIANG_NEW_KEY", KEY)],
        &|path| {
            let count = has_the_committed_member(path, Some(KEY));
            assert_eq!(count, 3001, "every member, encrypted or not");
        },
    );

    let out = dir.path().join("usb-backup.db");
    let out_text = out.to_string_lossy().to_string();
    kill_runs(
        "backup",
        &station,
        &["backup", "-o", &out_text],
        &[],
        &|path| {
            assert_eq!(has_the_committed_member(path, None), 3001);
            // The copy is either whole and checked, or not there under its name.
            if out.exists() {
                assert_eq!(backup::check_file(&out).unwrap(), 3001);
                std::fs::remove_file(&out).unwrap();
            }
        },
    );
}

#[test]
fn two_programs_writing_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    demo_station(&path, 0);
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                for i in 0..15 {
                    let sheet = format!(
                        r#"{{"name":"写者{w}号{i}","gender":"男","birth":"1988-03","phone":"137{w}{i:07}","consent":true}}"#
                    );
                    let added = hongniang(&path, &["member", "add", "--json", "-"], &[], Some(&sheet));
                    assert!(added.status.success(), "{}", stderr(&added));
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    assert_eq!(has_the_committed_member(&path, None), 31);
    eprintln!("fault suite: two writers: 30 registrations at once, failures: 0");
}

fn person(name: &str, phone: &str) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(Gender::Female),
        birth: YearMonth::new(1992, 3),
        phone: phone.into(),
        self_intro: "喜欢旅行和摄影,".repeat(60),
        consent: true,
        ..MemberData::default()
    }
}

/// A station in a new folder with the one committed member, "李已存".
fn station_of_one() -> (tempfile::TempDir, PathBuf, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let mut db = Db::open(&path).unwrap();
    db.insert_member(
        person("李已存", "13912340000"),
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    (dir, path, db)
}

#[test]
fn a_full_database_saves_nothing_says_so_and_works_again() {
    let (_dir, path, mut db) = station_of_one();
    // The disk is full a few pages from now (SQLite's page limit stands for the disk).
    let pages: i64 = db
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    db.connection()
        .pragma_update(None, "max_page_count", pages + 3)
        .unwrap();
    let batch: Vec<MemberData> = (0..200)
        .map(|i| person(&format!("会员{i}"), &format!("138{i:08}")))
        .collect();
    let refused = db.register_members(
        &Actor::terminal(),
        batch.clone(),
        hongniang::data::members::DuplicateCheck::Confirmed,
        today(),
    );
    let said = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(said.contains("磁盘已满"), "{said}");
    assert_eq!(db.count_members().unwrap(), 1, "nothing of the batch");
    // Room again: the same batch goes in.
    db.connection()
        .pragma_update(None, "max_page_count", 1_073_741_823i64)
        .unwrap();
    db.register_members(
        &Actor::terminal(),
        batch,
        hongniang::data::members::DuplicateCheck::Confirmed,
        today(),
    )
    .unwrap();
    drop(db);
    assert_eq!(has_the_committed_member(&path, None), 201);
}

#[test]
fn a_backups_folder_that_cannot_be_written_is_said_and_changes_nothing() {
    let (dir, path, db) = station_of_one();
    let folder: PathBuf = dir.path().join("usb");
    db.set_backup_folder(&Actor::terminal(), &folder).unwrap();
    // The stick is pulled out and something else is there under its name.
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, "不是文件夹").unwrap();
    let said = db
        .backup_now(chrono::Local::now().naive_local())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(!said.is_empty() && !said.is_ascii(), "{said}");
    assert!(
        !said.contains("os error") || said.contains("系统代码"),
        "{said}"
    );
    assert!(db.backup_status().unwrap().error.is_some());
    drop(db);
    assert_eq!(has_the_committed_member(&path, None), 1);
}
