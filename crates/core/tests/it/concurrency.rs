//! Two windows, the command line and background work on one database file: nothing committed
//! anywhere is lost, a writer waits for another instead of failing, and a save made on stale
//! data is refused with what the other volunteer changed.

use chrono::{NaiveDate, NaiveDateTime};
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::{Actor, Db, Error, cipher};
use std::path::Path;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

fn person(name: &str, gender: Gender, phone: &str) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1990, 5),
        height_cm: Some(165),
        phone: phone.into(),
        consent: true,
        registered_on: Some(today()),
        ..MemberData::default()
    }
}

fn add(db: &mut Db, name: &str, gender: Gender, phone: &str) -> i64 {
    db.insert_member(
        person(name, gender, phone),
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap()
    .id
}

fn members_in(path: &Path) -> i64 {
    let db = Db::open(path).unwrap();
    db.connection()
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn encryption_is_refused_while_another_window_has_the_file_open_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hongniang.db");
    let mut first = Db::open(&path).unwrap();
    add(&mut first, "李芳", Gender::Female, "13800000001");
    // A second window, open and idle.
    let mut second = Db::open(&path).unwrap();
    assert_eq!(second.count_members().unwrap(), 1);

    let refused = first.set_encryption(&Actor::terminal(), Some("西湖龙井2026"), now());
    match refused {
        Err(Error::Refused(why)) => assert!(why.contains("另一个窗口"), "{why}"),
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
    assert!(!cipher::is_encrypted(&path), "the file stays as it was");
    // Both windows go on working on the one file.
    add(&mut second, "王强", Gender::Male, "13800000002");
    add(&mut first, "张敏", Gender::Female, "13800000003");
    assert_eq!(first.count_members().unwrap(), 3);
    assert_eq!(second.count_members().unwrap(), 3);

    // Once the other window is closed, the encryption goes through with everything in it.
    drop(second);
    first
        .set_encryption(&Actor::terminal(), Some("西湖龙井2026"), now())
        .unwrap()
        .unwrap();
    assert!(cipher::is_encrypted(&path));
    assert_eq!(first.count_members().unwrap(), 3);
    add(&mut first, "赵磊", Gender::Male, "13800000004");
    drop(first);
    assert_eq!(members_in(&path), 4);
}

#[test]
fn a_program_writing_during_the_encryption_keeps_every_commit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hongniang.db");
    let mut db = Db::open(&path).unwrap();
    add(&mut db, "李芳", Gender::Female, "13800000001");
    // Another program registers one member after another, opening the file each time (as
    // the command line does), while the station encrypts.
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        let mut saved = 0;
        for i in 0..40 {
            std::thread::sleep(std::time::Duration::from_millis(5));
            cipher::set_key(&writer_path, None);
            let opened = Db::open(&writer_path).or_else(|_| {
                cipher::set_key(&writer_path, Some("西湖龙井2026"));
                Db::open(&writer_path)
            });
            let Ok(mut other) = opened else { continue };
            let phone = format!("139{i:08}");
            if other
                .insert_member(
                    person(&format!("会员{i}"), Gender::Male, &phone),
                    None,
                    &Actor::terminal(),
                    today(),
                )
                .is_ok()
            {
                saved += 1;
            }
        }
        saved
    });
    let mut outcome = Err(Error::Cancelled);
    for _ in 0..20 {
        outcome = db
            .set_encryption(&Actor::terminal(), Some("西湖龙井2026"), now())
            .map(|_| ());
        if outcome.is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let saved = writer.join().unwrap();
    drop(db);
    if outcome.is_ok() {
        cipher::set_key(&path, Some("西湖龙井2026"));
    }
    assert_eq!(members_in(&path), 1 + saved, "every commit is in the file");
}

/// A change made on the station's database, by name.
type Step = Box<dyn Fn(&mut Db) -> Result<(), Error>>;

/// Another program holds the write lock for `hold` from when this returns.
fn hold_the_write_lock(path: &Path, hold: std::time::Duration) -> std::thread::JoinHandle<()> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    std::thread::spawn(move || {
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    })
}

#[test]
fn a_change_waits_for_another_writer_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hongniang.db");
    let mut db = Db::open(&path).unwrap();
    let she = add(&mut db, "李芳", Gender::Female, "13800000001");
    let he = add(&mut db, "王强", Gender::Male, "13800000002");
    let third = add(&mut db, "张敏", Gender::Female, "13800000003");
    let volunteer = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap();
    let hold = std::time::Duration::from_millis(800);

    // Every kind of change of more than one statement, each while another program writes.
    let steps: Vec<(&str, Step)> = vec![
        (
            "介绍",
            Box::new(move |db: &mut Db| {
                db.add_introduction(she, he, today(), &Actor::terminal(), today())
                    .map(|_| ())
            }),
        ),
        (
            "删除会员资料",
            Box::new(move |db: &mut Db| db.anonymise_member(&Actor::terminal(), third).map(|_| ())),
        ),
        (
            "红娘改名",
            Box::new(move |db: &mut Db| {
                db.rename_volunteer(&Actor::terminal(), volunteer.id, "楼阿姨")
            }),
        ),
        (
            "停用红娘",
            Box::new(move |db: &mut Db| {
                db.set_volunteer_active(&Actor::terminal(), volunteer.id, false)
            }),
        ),
    ];
    for (what, step) in steps {
        // This connection has read just before (a deferred transaction would start from it).
        db.count_members().unwrap();
        let other = hold_the_write_lock(&path, hold);
        let started = std::time::Instant::now();
        let outcome = step(&mut db);
        assert!(outcome.is_ok(), "{what}: {:?}", outcome.err());
        assert!(
            started.elapsed() >= hold / 2,
            "{what} waited for the other writer"
        );
        other.join().unwrap();
    }
    assert_eq!(db.introductions(Some(she)).unwrap().len(), 1);
}

#[test]
fn a_save_from_an_older_reading_is_refused_with_the_other_change() {
    use hongniang_core::members::PhotoChange;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hongniang.db");
    let mut first = Db::open(&path).unwrap();
    let mut second = Db::open(&path).unwrap();
    let zhu = second
        .add_volunteer(&hongniang_core::Actor::terminal(), "朱大姐")
        .unwrap();
    let zhu = second.sign_in(zhu.id, "").unwrap();
    let id = add(&mut first, "李芳", Gender::Female, "13800000001");

    // Both windows open her sheet.
    let read_here = first.member(id).unwrap();
    let read_there = second.member(id).unwrap();
    // The other window saves a new height.
    let mut theirs = read_there.data.clone();
    theirs.height_cm = Some(170);
    second
        .update_member(
            read_there.as_seen(),
            theirs,
            PhotoChange::Keep,
            &zhu,
            today(),
        )
        .unwrap();
    // This one saves a new phone from its older reading: refused, saying what changed.
    let mut mine = read_here.data.clone();
    mine.phone = "13900000009".into();
    let refused = first.update_member(
        read_here.as_seen(),
        mine.clone(),
        PhotoChange::Keep,
        &Actor::terminal(),
        today(),
    );
    let revision = match refused {
        Err(Error::ChangedMeanwhile { changes, revision }) => {
            assert!(changes.contains("朱大姐"), "{changes}");
            assert!(changes.contains("身高:165 → 170"), "{changes}");
            revision
        }
        other => panic!("expected a refusal, got {:?}", other.map(|m| m.data.phone)),
    };
    let now_saved = first.member(id).unwrap();
    assert_eq!(now_saved.data.height_cm, Some(170));
    assert_eq!(
        now_saved.data.phone, "13800000001",
        "nothing of the stale save"
    );

    // Saved again knowingly (over the revision it was told of): it stands.
    let target = hongniang_core::members::Target {
        id,
        seen: Some(revision),
    };
    first
        .update_member(target, mine, PhotoChange::Keep, &Actor::terminal(), today())
        .unwrap();
    assert_eq!(second.member(id).unwrap().data.phone, "13900000009");
}

/// A volunteer with PIN 2468 in a new station database at `path`; their id.
fn volunteer_with_pin(path: &Path) -> i64 {
    let db = Db::open(path).unwrap();
    let lou = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap()
        .id;
    let herself = db.sign_in(lou, "").unwrap();
    db.set_pin(&herself, lou, "2468").unwrap();
    lou
}

fn pin_failures(path: &Path, volunteer: i64) -> i64 {
    Db::open(path)
        .unwrap()
        .connection()
        .query_row(
            "SELECT pin_failures FROM volunteers WHERE id = ?1",
            [volunteer],
            |r| r.get(0),
        )
        .unwrap()
}

/// What a try was told: whether its PIN was checked (a wrong PIN, said at once or with the
/// wait it earned) or refused unchecked (waiting, or the database busy).
fn was_checked(answer: &Result<bool, Error>) -> bool {
    match answer {
        Ok(right) => !right,
        Err(Error::Refused(why)) => why.starts_with("密码不对"),
        Err(_) => false,
    }
}

#[test]
fn wrong_pins_tried_at_the_same_moment_are_each_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hongniang.db");
    let lou = volunteer_with_pin(&path);
    // Twenty windows (each its own connection) try a wrong PIN at the same moment.
    let start = std::sync::Arc::new(std::sync::Barrier::new(20));
    let tries: Vec<_> = (0..20)
        .map(|i| {
            let (path, start) = (path.clone(), start.clone());
            std::thread::spawn(move || {
                let db = Db::open(&path).unwrap();
                start.wait();
                db.check_pin(lou, &format!("{:04}", 1000 + i))
            })
        })
        .collect();
    let answers: Vec<_> = tries.into_iter().map(|t| t.join().unwrap()).collect();
    let checked = answers.iter().filter(|a| was_checked(a)).count();
    // Every PIN that was checked was counted first; once three were wrong the rest wait.
    assert_eq!(
        pin_failures(&path, lou),
        checked as i64,
        "counted as checked: {answers:?}"
    );
    assert_eq!(
        checked,
        hongniang_core::signin::FREE_TRIES as usize,
        "{answers:?}"
    );
    for unchecked in answers.iter().filter(|a| !was_checked(a)) {
        let why = unchecked.as_ref().unwrap_err().to_string();
        assert!(why.contains("连续输错 3 次"), "{why}");
    }
}

#[test]
fn wrong_pins_against_a_held_write_lock_are_refused_unchecked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hongniang.db");
    let lou = volunteer_with_pin(&path);
    let db = Db::open(&path).unwrap();
    // Another program holds the write lock while thirty PINs are tried, the right one among
    // them (from thirty windows at once, so the test waits the busy time once). Had any been
    // checked, the right one would have signed in.
    let other = hold_the_write_lock(&path, std::time::Duration::from_secs(12));
    let tries: Vec<_> = (0..30)
        .map(|i| {
            let path = path.clone();
            let pin = if i == 29 {
                "2468".to_string()
            } else {
                format!("{:04}", 3000 + i)
            };
            std::thread::spawn(move || Db::open(&path).unwrap().check_pin(lou, &pin))
        })
        .collect();
    for t in tries {
        let answer = t.join().unwrap();
        assert!(!was_checked(&answer), "checked uncounted: {answer:?}");
        let why = answer.unwrap_err().to_string();
        assert!(
            why.contains("密码没有核对") && why.contains("请稍后再试"),
            "{why}"
        );
    }
    other.join().unwrap();
    assert_eq!(pin_failures(&path, lou), 0, "nothing was tried");
    assert!(
        db.check_pin(lou, "2468").unwrap(),
        "the right PIN afterwards"
    );
}
