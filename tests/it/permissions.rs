//! Who may do what on the command line, run as the real binary: once the station has an
//! administrator, delete, restore, encrypt, decrypt and backup need `--volunteer` with an
//! administrator's PIN; everyone's actions are recorded under their name; contacts are masked
//! unless `--full-contacts` is asked for, which is recorded.

use hongniang::data::audit::{Entry, Kind};
use hongniang::data::backup;
use hongniang::data::cipher::{self, is_encrypted};
use hongniang::data::model::{Gender, MemberData, YearMonth};
use hongniang::data::privacy::ANONYMOUS;

use hongniang::data::{Actor, Db};
use std::path::{Path, PathBuf};
use std::process::Output;

/// Every member's full phone, as registered.
const PHONES: [&str; 4] = ["13812344321", "13900001111", "13700002222", "13600003333"];
const KEY: &str = "西湖龙井2026";

use crate::common::{hongniang, stderr, stdout};

/// Someone running a command.
#[derive(Debug, Clone, Copy)]
enum Who {
    /// No `--volunteer`.
    Nobody,
    /// 朱大姐 with her right PIN: not an administrator.
    Zhu,
    /// 楼老师 with a wrong PIN.
    LouWrongPin,
    /// 楼老师 with no PIN given and no terminal to ask on.
    LouNoPin,
    /// 楼老师 with her PIN: the administrator.
    Lou,
}

impl Who {
    fn args(self) -> &'static [&'static str] {
        match self {
            Who::Nobody => &[],
            Who::Zhu => &["--volunteer", "朱大姐"],
            Who::LouWrongPin | Who::LouNoPin | Who::Lou => &["--volunteer", "楼老师"],
        }
    }

    fn pin(self) -> Option<&'static str> {
        match self {
            Who::Nobody | Who::LouNoPin => None,
            Who::Zhu => Some("1357"),
            Who::LouWrongPin => Some("1357"),
            Who::Lou => Some("2468"),
        }
    }

    /// Part of the message with which a refusal names the reason.
    fn refusal(self) -> &'static str {
        match self {
            Who::Nobody | Who::Zhu => "只有管理员可以",
            Who::LouWrongPin => "密码不对",
            Who::LouNoPin => "HONGNIANG_PIN",
            Who::Lou => unreachable!("the administrator is not refused"),
        }
    }
}

/// Runs `args` as `who`, with `env` besides the PIN.
fn run_as(db: &Path, who: Who, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut all: Vec<&str> = who.args().to_vec();
    all.extend_from_slice(args);
    let mut env = env.to_vec();
    if let Some(pin) = who.pin() {
        env.push(("HONGNIANG_PIN", pin));
    }
    hongniang(db, &all, &env, stdin)
}

/// Asserts that everyone but the administrator signed in with her PIN is refused `args` with
/// exit code 1 and the reason, and that `unchanged` still holds after each try.
fn refused_to_all_but_the_administrator(
    db: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    unchanged: &dyn Fn(),
) {
    for who in [Who::Nobody, Who::Zhu, Who::LouWrongPin, Who::LouNoPin] {
        let output = run_as(db, who, args, env, None);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{who:?} {args:?}: {}{}",
            stdout(&output),
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(message.starts_with("错误:"), "{who:?} {args:?}: {message}");
        assert!(
            message.contains(who.refusal()),
            "{who:?} {args:?}: {message}"
        );
        assert!(!message.contains("panicked"), "{message}");
        unchanged();
    }
}

/// Asserts the administrator is allowed `args`.
fn allowed_to_the_administrator(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let output = run_as(db, Who::Lou, args, env, None);
    assert!(
        output.status.success(),
        "{args:?}: {}{}",
        stdout(&output),
        stderr(&output)
    );
    output
}

fn person(name: &str, gender: Gender, birth: (i32, u32), phone: &str) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(birth.0, birth.1),
        phone: phone.into(),
        consent: true,
        registered_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1),
        ..MemberData::default()
    }
}

/// A station file made with the core: 楼老师 (PIN 2468, administrator when `with_admin`),
/// 朱大姐 (PIN 1357) and four members with the phones of [`PHONES`].
struct Station {
    dir: tempfile::TempDir,
    db: PathBuf,
    /// Member numbers of 王芳, 李强, 陈静 and 张伟.
    fang: String,
    qiang: String,
}

impl Station {
    fn new(with_admin: bool) -> Station {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.db");
        let mut db = Db::open(&path).unwrap();
        db.set_station_name("爱的填空相亲工作站").unwrap();
        for (name, pin) in [("楼老师", "2468"), ("朱大姐", "1357")] {
            let id = db.add_volunteer(&Actor::terminal(), name).unwrap().id;
            db.set_pin(&db.sign_in(id, "").unwrap(), id, pin).unwrap();
        }
        let mut fang = person("王芳", Gender::Female, (1990, 5), PHONES[0]);
        fang.wechat = "wangfang_1990".into();
        fang.self_intro = "喜欢西湖边跑步,白天打 13812344321 找我".into();
        let members = [
            fang,
            person("李强", Gender::Male, (1988, 3), PHONES[1]),
            person("陈静", Gender::Female, (1992, 8), PHONES[2]),
            person("张伟", Gender::Male, (1987, 11), PHONES[3]),
        ];
        let mut numbers = Vec::new();
        for member in members {
            let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
            numbers.push(
                db.insert_member(member, None, &Actor::terminal(), today)
                    .unwrap()
                    .number,
            );
        }
        if with_admin {
            let lou = db.volunteer_named("楼老师").unwrap().id;
            db.set_admin(&Actor::terminal(), lou, true).unwrap();
        }
        Station {
            dir,
            db: path,
            fang: numbers[0].clone(),
            qiang: numbers[1].clone(),
        }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Opens the station with the core (with `KEY` if it is encrypted).
    fn open(&self) -> Db {
        if is_encrypted(&self.db) {
            cipher::set_key(&self.db, Some(KEY));
        }
        Db::open(&self.db).unwrap()
    }

    fn entries(&self) -> Vec<Entry> {
        self.open().audit_log(10_000).unwrap()
    }

    fn newest(&self) -> Entry {
        self.entries().remove(0)
    }

    fn member_count(&self) -> u64 {
        self.open().count_members().unwrap()
    }

    /// Members and log as they are now, to compare after a refusal.
    fn snapshot(&self) -> (u64, usize) {
        (self.member_count(), self.entries().len())
    }
}

#[test]
fn only_the_administrator_deletes_a_member() {
    let s = Station::new(true);
    let before = s.snapshot();
    let args = ["member", "delete", s.fang.as_str(), "--yes"];
    refused_to_all_but_the_administrator(&s.db, &args, &[], &|| {
        let db = s.open();
        let fang = db.member_by_number(&s.fang).unwrap();
        assert_eq!(fang.data.name, "王芳", "still named");
        assert_eq!(fang.data.phone, PHONES[0]);
        assert_eq!(s.snapshot(), before);
    });
    let deleted = allowed_to_the_administrator(&s.db, &args, &[]);
    assert!(stdout(&deleted).contains("已删除 王芳 的个人资料"));
    let db = s.open();
    let fang = db.member_by_number(&s.fang).unwrap();
    assert_eq!(fang.data.name, ANONYMOUS);
    assert_eq!(fang.data.phone, "");
    let entry = s.newest();
    assert_eq!(entry.kind, Kind::Delete);
    assert_eq!(entry.volunteer_name.as_deref(), Some("楼老师"));
    assert_eq!(entry.member_id, Some(fang.id));
    assert_eq!(s.entries().len(), before.1 + 1);
}

#[test]
fn only_the_administrator_restores_a_backup() {
    let s = Station::new(true);
    let copy = s.file("copy.db");
    {
        let db = s.open();
        let lou = db.sign_in_by_name("楼老师", "2468").unwrap();
        db.export_database(&lou, &copy).unwrap();
    }
    let in_copy = s.entries().len() - 1; // the copy's own Export entry is not in it
    let mut db = s.open();
    db.insert_member(
        person("赵敏", Gender::Female, (1993, 1), "13500004444"),
        None,
        &Actor::terminal(),
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    )
    .unwrap();
    let backups = db.backup_folder().unwrap();
    drop(db);
    let before = s.snapshot();
    assert_eq!(before.0, 5);
    let args = ["restore", copy.to_str().unwrap(), "--yes"];
    refused_to_all_but_the_administrator(&s.db, &args, &[], &|| {
        assert_eq!(s.snapshot(), before, "nothing restored");
        assert!(
            backup::list(&backups, &s.db).unwrap().is_empty(),
            "not even the copy made before a restore"
        );
    });
    let restored = allowed_to_the_administrator(&s.db, &args, &[]);
    assert!(stdout(&restored).contains("恢复前的数据另存在"));
    assert_eq!(s.member_count(), 4, "back to the copy");
    let entries = s.entries();
    assert_eq!(entries.len(), in_copy + 1);
    assert_eq!(entries[0].kind, Kind::Restore);
    assert_eq!(entries[0].volunteer_name.as_deref(), Some("楼老师"));
    assert_eq!(backup::list(&backups, &s.db).unwrap().len(), 1);
}

#[test]
fn only_the_administrator_encrypts_and_decrypts() {
    let s = Station::new(true);
    let before = s.snapshot();
    let backups = s.open().backup_folder().unwrap();
    refused_to_all_but_the_administrator(
        &s.db,
        &["encrypt"],
        &[("HONGNIANG_NEW_KEY", KEY)],
        &|| {
            assert!(!is_encrypted(&s.db), "still plain");
            assert!(!s.file("station.db-rekey").exists());
            assert!(
                backup::list(&backups, &s.db).unwrap().is_empty(),
                "no backup made"
            );
            assert_eq!(s.snapshot(), before);
        },
    );
    let encrypted =
        allowed_to_the_administrator(&s.db, &["encrypt"], &[("HONGNIANG_NEW_KEY", KEY)]);
    assert!(
        stdout(&encrypted).contains("数据库已加密"),
        "{}",
        stdout(&encrypted)
    );
    assert!(is_encrypted(&s.db));
    let entry = s.newest();
    assert_eq!(entry.kind, Kind::Encryption);
    assert_eq!(entry.summary, "加密了数据库");
    assert_eq!(entry.volunteer_name.as_deref(), Some("楼老师"));
    assert_eq!(s.entries().len(), before.1 + 1);

    let before = s.snapshot();
    let with_key = [("HONGNIANG_KEY", KEY)];
    refused_to_all_but_the_administrator(&s.db, &["decrypt"], &with_key, &|| {
        assert!(is_encrypted(&s.db), "still encrypted");
        assert_eq!(s.snapshot(), before);
    });
    // Changing the password is refused the same way.
    let changed = run_as(
        &s.db,
        Who::Zhu,
        &["encrypt"],
        &[
            ("HONGNIANG_KEY", KEY),
            ("HONGNIANG_NEW_KEY", "钱塘江大潮水"),
        ],
        None,
    );
    assert_eq!(changed.status.code(), Some(1));
    assert!(stderr(&changed).contains("只有管理员可以设置数据库加密"));
    assert_eq!(s.snapshot(), before, "the old password still opens it");

    let decrypted = allowed_to_the_administrator(&s.db, &["decrypt"], &with_key);
    assert!(stdout(&decrypted).contains("已取消数据库加密"));
    assert!(!is_encrypted(&s.db));
    let entry = s.newest();
    assert_eq!(entry.kind, Kind::Encryption);
    assert_eq!(entry.summary, "取消了数据库加密");
    assert_eq!(entry.volunteer_name.as_deref(), Some("楼老师"));
    assert_eq!(s.entries().len(), before.1 + 1);
}

#[test]
fn only_the_administrator_exports_a_backup() {
    let s = Station::new(true);
    let before = s.snapshot();
    let dest = s.file("U盘").join("全部数据.db");
    let args = ["backup", "-o", dest.to_str().unwrap()];
    refused_to_all_but_the_administrator(&s.db, &args, &[], &|| {
        assert!(!dest.exists(), "no file written");
        assert_eq!(s.snapshot(), before);
    });
    let made = allowed_to_the_administrator(&s.db, &args, &[]);
    assert!(stdout(&made).contains("4 位会员"), "{}", stdout(&made));
    assert_eq!(backup::check_file(&dest).unwrap(), 4);
    let entry = s.newest();
    assert_eq!(entry.kind, Kind::Export);
    assert_eq!(entry.volunteer_name.as_deref(), Some("楼老师"));
    assert_eq!(s.entries().len(), before.1 + 1);
}

#[test]
fn a_station_without_an_administrator_lets_the_command_line_do_it_all() {
    let s = Station::new(false);
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let output = hongniang(&s.db, args, env, None);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let entry = s.newest();
        assert_eq!(entry.volunteer_name, None, "{args:?}: recorded unnamed");
        entry.kind
    };
    let copy = s.file("copy.db");
    assert_eq!(
        run(&["backup", "-o", copy.to_str().unwrap()], &[]),
        Kind::Export
    );
    assert_eq!(
        run(&["member", "delete", &s.fang, "--yes"], &[]),
        Kind::Delete
    );
    assert_eq!(
        run(&["restore", copy.to_str().unwrap(), "--yes"], &[]),
        Kind::Restore
    );
    // The copy is back, but a deletion on request stands: she is deleted again on restoring.
    assert_eq!(
        s.open().member_by_number(&s.fang).unwrap().data.name,
        hongniang::data::privacy::ANONYMOUS,
        "deleted again in the restored copy"
    );
    assert_eq!(
        run(&["encrypt"], &[("HONGNIANG_NEW_KEY", KEY)]),
        Kind::Encryption
    );
    assert!(is_encrypted(&s.db));
    assert_eq!(
        run(&["decrypt"], &[("HONGNIANG_KEY", KEY)]),
        Kind::Encryption
    );
    assert!(!is_encrypted(&s.db));
}

#[test]
fn everyday_work_is_recorded_under_the_volunteer_who_signed_in() {
    let s = Station::new(true);
    let intro = ["intro", "add", s.fang.as_str(), s.qiang.as_str()];
    let json = r#"{"name": "孙丽", "gender": "女", "birth": "1994-02", "phone": "13400005555", "consent": true}"#;
    let add = ["member", "add", "--json", "-"];

    // A wrong PIN, or none, and nothing is done.
    let before = s.snapshot();
    for (who, pin) in [(Who::Zhu, Some("2468")), (Who::Zhu, None)] {
        let mut env = Vec::new();
        if let Some(pin) = pin {
            env.push(("HONGNIANG_PIN", pin));
        }
        for (args, stdin) in [(&intro[..], None), (&add[..], Some(json))] {
            let mut all = who.args().to_vec();
            all.extend_from_slice(args);
            let output = hongniang(&s.db, &all, &env, stdin);
            assert_eq!(output.status.code(), Some(1), "{all:?}");
            let expected = if pin.is_some() {
                "密码不对"
            } else {
                "HONGNIANG_PIN"
            };
            assert!(stderr(&output).contains(expected), "{}", stderr(&output));
            assert_eq!(s.snapshot(), before);
        }
    }
    assert!(s.open().introductions(None).unwrap().is_empty());

    let introduced = run_as(&s.db, Who::Zhu, &intro, &[], None);
    assert!(introduced.status.success(), "{}", stderr(&introduced));
    assert!(
        stdout(&introduced).contains("朱大姐"),
        "{}",
        stdout(&introduced)
    );
    let entry = s.newest();
    assert_eq!(entry.kind, Kind::Introduction);
    assert_eq!(entry.volunteer_name.as_deref(), Some("朱大姐"));
    assert_eq!(s.open().introductions(None).unwrap().len(), 1);

    let added = run_as(&s.db, Who::Zhu, &add, &[], Some(json));
    assert!(added.status.success(), "{}", stderr(&added));
    let entry = s.newest();
    assert_eq!(entry.kind, Kind::Create);
    assert_eq!(entry.volunteer_name.as_deref(), Some("朱大姐"));
    assert_eq!(entry.member_name.as_deref(), Some("孙丽"));
    assert_eq!(s.entries().len(), before.1 + 2);
}

/// Asserts that `text` holds no member's full phone.
fn no_full_phone(text: &str, what: &str) {
    for phone in PHONES {
        assert!(!text.contains(phone), "{what} shows {phone}:\n{text}");
    }
}

#[test]
fn contacts_are_masked_everywhere_without_full_contacts() {
    let s = Station::new(true);
    let before = s.snapshot();
    let run = |args: &[&str]| {
        let output = hongniang(&s.db, args, &[], None);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        stdout(&output)
    };

    let show = run(&["member", "show", &s.fang, "--json"]);
    no_full_phone(&show, "member show --json");
    let member: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(member["phone"], "138****4321");
    assert_eq!(member["wechat"], "wa****");
    assert!(!show.contains("wangfang_1990"), "{show}");
    assert!(
        member["self_intro"]
            .as_str()
            .unwrap()
            .starts_with("喜欢西湖边跑步"),
        "the free text stays, without the number: {show}"
    );

    let list = run(&["member", "list", "--json"]);
    no_full_phone(&list, "member list --json");
    let members: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert_eq!(members.len(), 4);
    for masked in ["138****4321", "139****1111", "137****2222", "136****3333"] {
        assert!(
            members.iter().any(|m| m["phone"] == masked),
            "{masked}: {list}"
        );
    }
    let text_list = run(&["member", "list"]);
    no_full_phone(&text_list, "member list");
    assert!(text_list.contains("139****1111"), "{text_list}");

    let search = run(&["search", "王芳", "--json"]);
    no_full_phone(&search, "search --json");
    let found: serde_json::Value = serde_json::from_str(&search).unwrap();
    assert_eq!(found["members"][0]["name"], "王芳");
    assert_eq!(found["members"][0]["phone"], "138****4321");
    let text_search = run(&["search", "王芳"]);
    no_full_phone(&text_search, "search");
    assert!(text_search.contains("138****4321"), "{text_search}");

    let pair = run(&["pair", &s.fang, "--json"]);
    no_full_phone(&pair, "pair --json");
    let pairing: serde_json::Value = serde_json::from_str(&pair).unwrap();
    let phones: Vec<&str> = pairing["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"]["phone"].as_str().unwrap())
        .collect();
    assert!(phones.contains(&"139****1111"), "{pair}");
    assert!(phones.contains(&"136****3333"), "{pair}");

    // The sheet's wording on the terminal, masked the same way.
    let sheet = run(&["member", "show", &s.fang]);
    no_full_phone(&sheet, "member show");
    for label in ["姓名:王芳", "手机:138****4321", "择偶要求:", "会员编号:"] {
        assert!(sheet.contains(label), "{label} missing:\n{sheet}");
    }
    assert!(sheet.contains(&format!("会员编号:{}", s.fang)), "{sheet}");
    assert!(!sheet.contains("wangfang_1990"), "{sheet}");

    assert_eq!(s.snapshot(), before, "masked views record nothing");
}

#[test]
fn full_contacts_are_shown_and_recorded() {
    let s = Station::new(true);
    let fang_id = s.open().member_by_number(&s.fang).unwrap().id;
    let run = |args: &[&str]| {
        let mut all = vec!["--full-contacts"];
        all.extend_from_slice(args);
        let output = run_as(&s.db, Who::Zhu, &all, &[], None);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let entry = s.newest();
        assert_eq!(entry.kind, Kind::Reveal, "{args:?}");
        assert_eq!(entry.volunteer_name.as_deref(), Some("朱大姐"), "{args:?}");
        (stdout(&output), entry)
    };

    let (show, entry) = run(&["member", "show", &s.fang, "--json"]);
    let member: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(member["phone"], PHONES[0]);
    assert_eq!(member["wechat"], "wangfang_1990");
    assert_eq!(entry.member_id, Some(fang_id), "on her record");
    let (sheet, entry) = run(&["member", "show", &s.fang]);
    assert!(sheet.contains(&format!("手机:{}", PHONES[0])), "{sheet}");
    assert_eq!(entry.member_id, Some(fang_id));

    let (list, entry) = run(&["member", "list", "--json"]);
    for phone in PHONES {
        assert!(list.contains(phone), "{phone}: {list}");
    }
    assert_eq!(entry.member_id, None, "one entry for the station");
    assert!(entry.summary.contains("4 位"), "{}", entry.summary);

    let (search, entry) = run(&["search", "王芳", "--json"]);
    assert!(search.contains(PHONES[0]), "{search}");
    assert_eq!(entry.member_id, None);

    let (pair, entry) = run(&["pair", &s.fang, "--json"]);
    assert!(
        pair.contains(PHONES[1]) && pair.contains(PHONES[3]),
        "{pair}"
    );
    assert_eq!(entry.member_id, None);
    assert!(entry.summary.contains("配对"), "{}", entry.summary);
}

#[test]
fn a_batch_with_a_bad_third_member_saves_none() {
    let s = Station::new(true);
    let before = s.snapshot();
    let first = r#"{"name": "孙丽", "gender": "女", "birth": "1994-02", "phone": "13400005555", "consent": true}"#;
    let second = r#"{"name": "周杰", "gender": "男", "birth": "1989-07", "phone": "13300006666", "consent": true}"#;
    for (third, expected) in [
        // Not a valid phone.
        (
            r#"{"name": "吴倩", "gender": "女", "birth": "1995-04", "phone": "12", "consent": true}"#,
            "电话格式",
        ),
        // A field the sheet does not have.
        (
            r#"{"name": "吴倩", "gender": "女", "birth": "1995-04", "nickname": "倩倩"}"#,
            "JSON",
        ),
        // The first one again.
        (first, "重复"),
    ] {
        let batch = format!("[{first}, {second}, {third}]");
        let output = run_as(
            &s.db,
            Who::Zhu,
            &["member", "add", "--json", "-"],
            &[],
            Some(&batch),
        );
        assert_eq!(output.status.code(), Some(1), "{third}");
        let message = stderr(&output);
        assert!(message.contains("第 3 位"), "{message}");
        assert!(message.contains(expected), "{message}");
        assert_eq!(s.snapshot(), before, "{third}: none saved");
        let db = s.open();
        for name in ["孙丽", "周杰"] {
            assert!(
                db.list_members(0, 100)
                    .unwrap()
                    .iter()
                    .all(|m| m.name != name),
                "{name} saved"
            );
        }
    }
}

/// The station's 红娘 from the command line: the same operations and permissions as 设置 ›
/// 红娘. Once there is an administrator, only she adds, deactivates, makes administrators and
/// sets someone else's PIN; each volunteer may change their own PIN; all of it is recorded.
#[test]
fn volunteers_are_managed_from_the_command_line_by_the_administrator() {
    let s = Station::new(true);
    let names = |s: &Station| -> Vec<(String, bool, bool, bool)> {
        s.open()
            .volunteers()
            .unwrap()
            .into_iter()
            .map(|v| (v.name, v.active, v.has_pin, v.is_admin))
            .collect()
    };
    let before = names(&s);
    let new_pin = [("HONGNIANG_NEW_PIN", "8642")];
    // (Two commands tried by everyone: a third wrong PIN in a row would make 楼老师 wait.)
    for args in [
        &["volunteer", "add", "张阿姨"][..],
        &["volunteer", "admin", "朱大姐"],
    ] {
        refused_to_all_but_the_administrator(&s.db, args, &new_pin, &|| {
            assert_eq!(names(&s), before, "{args:?}")
        });
    }
    for args in [
        &["volunteer", "deactivate", "朱大姐"][..],
        &["volunteer", "pin", "楼老师"],
        &["volunteer", "rename", "楼老师", "楼阿姨"],
    ] {
        for who in [Who::Nobody, Who::Zhu] {
            let output = run_as(&s.db, who, args, &new_pin, None);
            assert_eq!(output.status.code(), Some(1), "{who:?} {args:?}");
            assert!(
                stderr(&output).contains(who.refusal()),
                "{}",
                stderr(&output)
            );
            assert_eq!(names(&s), before, "{who:?} {args:?}");
        }
    }
    // 朱大姐 changes her own PIN herself; the new one signs her in, the old one no more.
    let own = run_as(
        &s.db,
        Who::Zhu,
        &["volunteer", "pin", "朱大姐"],
        &new_pin,
        None,
    );
    assert!(own.status.success(), "{}", stderr(&own));
    let db = s.open();
    let zhu = db.volunteer_named("朱大姐").unwrap().id;
    assert!(db.sign_in(zhu, "8642").is_ok());
    assert!(db.sign_in(zhu, "1357").is_err());
    drop(db);

    let lou = |args: &[&str], env: &[(&str, &str)]| {
        let output = allowed_to_the_administrator(&s.db, args, env);
        let entry = s.newest();
        assert_eq!(entry.kind, Kind::Volunteers, "{args:?}");
        assert_eq!(entry.volunteer_name.as_deref(), Some("楼老师"), "{args:?}");
        stdout(&output)
    };
    assert!(lou(&["volunteer", "add", "张阿姨"], &[]).contains("已添加红娘“张阿姨”"));
    lou(&["volunteer", "rename", "张阿姨", "张老师"], &[]);
    lou(
        &["volunteer", "pin", "张老师"],
        &[("HONGNIANG_NEW_PIN", "97531")],
    );
    lou(&["volunteer", "admin", "张老师"], &[]);
    lou(&["volunteer", "deactivate", "朱大姐"], &[]);
    let list = run_as(&s.db, Who::Lou, &["volunteer", "list", "--json"], &[], None);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap().clone();
    assert_eq!(row("张老师")["is_admin"], true);
    assert_eq!(row("张老师")["has_pin"], true);
    assert_eq!(row("朱大姐")["active"], false);
    lou(&["volunteer", "activate", "朱大姐"], &[]);
    assert!(s.open().volunteer_named("朱大姐").unwrap().active);

    // Bad input is said in words, and changes nothing.
    let before = names(&s);
    for (args, env, said) in [
        (
            &["volunteer", "add", "😀😀"][..],
            &[][..],
            "至少要有一个汉字或字母",
        ),
        (&["volunteer", "add", "朱大姐"], &[], "朱大姐"),
        (
            &["volunteer", "rename", "王阿姨", "李阿姨"],
            &[],
            "找不到红娘“王阿姨”",
        ),
        (
            &["volunteer", "pin", "张老师"],
            &[("HONGNIANG_NEW_PIN", "12a4")][..],
            "4 到 8 位数字",
        ),
        (
            &["volunteer", "pin", "张老师", "--clear"],
            &[],
            "管理员必须有密码",
        ),
        (&["volunteer", "pin", "朱大姐"], &[], "HONGNIANG_NEW_PIN"),
    ] {
        let output = run_as(&s.db, Who::Lou, args, env, None);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stdout(&output)
        );
        assert!(
            stderr(&output).contains(said),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(names(&s), before, "{args:?}");
    }
}
