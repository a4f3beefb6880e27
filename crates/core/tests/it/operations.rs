//! Who may do what: once a station has an administrator, each administrator's operation refuses
//! everyone else by itself (and changes nothing), while an administrator's call succeeds and
//! leaves exactly one 操作记录 entry under their name. Everyday operations are open to every
//! volunteer and recorded under whoever did them.

use chrono::{NaiveDate, NaiveDateTime};
use hongniang_core::audit::{Entry, Kind};
use hongniang_core::members::{DuplicateCheck, PhotoChange, Saved};
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::privacy::ANONYMOUS;
use hongniang_core::{Actor, Db, Error, backup, cipher};
use std::path::{Path, PathBuf};

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

/// A station file with 楼老师 (administrator, PIN 2468), 朱大姐 (PIN 1357, not an
/// administrator) and two members, 王芳 and 李强.
struct Station {
    _dir: tempfile::TempDir,
    path: PathBuf,
    db: Db,
    lou: i64,
    zhu: i64,
    fang: i64,
    qiang: i64,
}

impl Station {
    fn new() -> Station {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("station.db");
        let mut db = Db::open(&path).unwrap();
        db.set_station_name("爱的填空相亲工作站").unwrap();
        let lou = db
            .add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
            .unwrap()
            .id;
        let zhu = db
            .add_volunteer(&hongniang_core::Actor::terminal(), "朱大姐")
            .unwrap()
            .id;
        db.set_pin(&db.sign_in(lou, "").unwrap(), lou, "2468")
            .unwrap();
        db.set_pin(&db.sign_in(zhu, "").unwrap(), zhu, "1357")
            .unwrap();
        let fang = db
            .insert_member(
                person("王芳", Gender::Female, "13812344321"),
                None,
                &Actor::terminal(),
                today(),
            )
            .unwrap()
            .id;
        let qiang = db
            .insert_member(
                person("李强", Gender::Male, "13900001111"),
                None,
                &Actor::terminal(),
                today(),
            )
            .unwrap()
            .id;
        // Nobody is an administrator yet, so the terminal may make the first one.
        db.set_admin(&Actor::terminal(), lou, true).unwrap();
        Station {
            _dir: dir,
            path,
            db,
            lou,
            zhu,
            fang,
            qiang,
        }
    }

    fn admin(&self) -> Actor {
        self.db.sign_in(self.lou, "2468").unwrap()
    }

    fn helper(&self) -> Actor {
        self.db.sign_in(self.zhu, "1357").unwrap()
    }

    fn folder(&self) -> &Path {
        self._dir.path()
    }

    fn entries(&self) -> usize {
        self.db.audit_log(100_000).unwrap().len()
    }

    fn newest(&self) -> Entry {
        self.db.audit_log(1).unwrap().remove(0)
    }

    /// Asserts that exactly one entry was written since there were `before`, of `kind`, by
    /// `who`; returns it.
    fn one_new_entry(&self, before: usize, kind: Kind, who: &str) -> Entry {
        assert_eq!(self.entries(), before + 1, "{:?}", self.db.audit_log(5));
        let entry = self.newest();
        assert_eq!(entry.kind, kind, "{entry:?}");
        assert_eq!(entry.volunteer_name.as_deref(), Some(who), "{entry:?}");
        entry
    }
}

fn not_allowed<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(error @ Error::NotAllowed(_)) => error.to_string(),
        other => panic!("expected NotAllowed, got {other:?}"),
    }
}

#[test]
fn only_an_administrator_deletes_a_members_data() {
    let mut s = Station::new();
    let before = s.entries();
    for actor in [s.helper(), Actor::terminal()] {
        let refused = not_allowed(s.db.anonymise_member(&actor, s.fang));
        assert!(refused.contains("只有管理员可以删除会员资料"), "{refused}");
    }
    let fang = s.db.member(s.fang).unwrap();
    assert_eq!(fang.data.name, "王芳", "still named");
    assert_eq!(fang.data.phone, "13812344321");
    assert_eq!(s.entries(), before, "nothing recorded");

    s.db.anonymise_member(&s.admin(), s.fang).unwrap();
    assert_eq!(s.db.member(s.fang).unwrap().data.name, ANONYMOUS);
    let entry = s.one_new_entry(before, Kind::Delete, "楼老师");
    assert_eq!(entry.member_id, Some(s.fang));
}

#[test]
fn only_an_administrator_restores_a_backup() {
    let mut s = Station::new();
    let copy = s.folder().join("copy.db");
    // The copy holds the log as it was before the copy's own entry.
    let in_copy = s.entries();
    s.db.export_database(&s.admin(), &copy).unwrap();
    s.db.insert_member(
        person("陈静", Gender::Female, "13700002222"),
        None,
        &s.helper(),
        today(),
    )
    .unwrap();
    let before = s.entries();
    for actor in [s.helper(), Actor::terminal()] {
        let refused = not_allowed(s.db.restore_from(&actor, &copy, now()));
        assert!(refused.contains("只有管理员可以恢复备份"), "{refused}");
    }
    assert_eq!(s.db.count_members().unwrap(), 3, "nothing restored");
    assert_eq!(s.entries(), before);
    let folder = s.db.backup_folder().unwrap();
    assert!(
        backup::list(&folder, &s.path).unwrap().is_empty(),
        "not even the copy made before a restore"
    );

    let saved = s.db.restore_from(&s.admin(), &copy, now()).unwrap();
    assert!(backup::is_before_restore(&saved.path));
    assert_eq!(s.db.count_members().unwrap(), 2, "back to the copy");
    // The restored log is the copy's, plus the one entry of the restore.
    s.one_new_entry(in_copy, Kind::Restore, "楼老师");
}

#[test]
fn only_an_administrator_encrypts_changes_the_password_or_decrypts() {
    let mut s = Station::new();
    let folder = s.db.backup_folder().unwrap();
    let before = s.entries();
    for actor in [s.helper(), Actor::terminal()] {
        let refused = not_allowed(s.db.set_encryption(&actor, Some("西湖龙井2026"), now()));
        assert!(
            refused.contains("只有管理员可以设置数据库加密"),
            "{refused}"
        );
    }
    assert!(!s.db.is_encrypted() && !cipher::is_encrypted(&s.path));
    assert!(
        backup::list(&folder, &s.path).unwrap().is_empty(),
        "no backup made"
    );
    assert_eq!(s.entries(), before);

    let made =
        s.db.set_encryption(&s.admin(), Some("西湖龙井2026"), now())
            .unwrap()
            .unwrap();
    assert!(s.db.is_encrypted() && cipher::is_encrypted(&made.path));
    let entry = s.one_new_entry(before, Kind::Encryption, "楼老师");
    assert_eq!(entry.summary, "加密了数据库");

    // Once encrypted, neither a new password nor none is anyone else's to choose.
    let before = s.entries();
    not_allowed(s.db.set_encryption(&s.helper(), Some("钱塘江大潮水"), now()));
    not_allowed(s.db.set_encryption(&s.helper(), None, now()));
    assert!(s.db.is_encrypted());
    assert_eq!(s.entries(), before);
    cipher::set_key(&s.path, Some("西湖龙井2026"));
    assert_eq!(
        Db::open(&s.path).unwrap().count_members().unwrap(),
        2,
        "the password is unchanged"
    );

    s.db.set_encryption(&s.admin(), None, now())
        .unwrap()
        .unwrap();
    assert!(!cipher::is_encrypted(&s.path));
    let entry = s.one_new_entry(before, Kind::Encryption, "楼老师");
    assert_eq!(entry.summary, "取消了数据库加密");
}

#[test]
fn only_an_administrator_exports_the_whole_database() {
    let s = Station::new();
    let dest = s.folder().join("U盘").join("全部数据.db");
    let before = s.entries();
    for actor in [s.helper(), Actor::terminal()] {
        let refused = not_allowed(s.db.export_database(&actor, &dest));
        assert!(refused.contains("只有管理员可以导出全部数据"), "{refused}");
    }
    assert!(!dest.exists(), "no file written");
    assert!(!dest.parent().unwrap().exists(), "no folder made either");
    assert_eq!(s.entries(), before);

    let made = s.db.export_database(&s.admin(), &dest).unwrap();
    assert_eq!(made.members, Some(2));
    assert_eq!(backup::check_file(&dest).unwrap(), 2);
    s.one_new_entry(before, Kind::Export, "楼老师");
}

#[test]
fn only_an_administrator_chooses_the_backup_folder() {
    let s = Station::new();
    let default = s.db.backup_folder().unwrap();
    let chosen = s.folder().join("移动硬盘");
    let before = s.entries();
    for actor in [s.helper(), Actor::terminal()] {
        let refused = not_allowed(s.db.set_backup_folder(&actor, &chosen));
        assert!(refused.contains("只有管理员可以导出全部数据"), "{refused}");
    }
    assert_eq!(s.db.backup_folder().unwrap(), default, "setting unchanged");
    assert!(!chosen.exists());
    assert_eq!(s.entries(), before);

    s.db.set_backup_folder(&s.admin(), &chosen).unwrap();
    assert_eq!(s.db.backup_folder().unwrap(), chosen);
    s.one_new_entry(before, Kind::Export, "楼老师");
}

#[test]
fn only_an_administrator_manages_other_volunteers() {
    let s = Station::new();
    let before = s.entries();
    let helper = s.helper();
    not_allowed(s.db.set_pin(&helper, s.lou, "1111"));
    not_allowed(s.db.clear_pin(&helper, s.lou));
    not_allowed(s.db.set_admin(&helper, s.zhu, true));
    not_allowed(s.db.set_volunteer_active(&helper, s.lou, false));
    assert!(s.db.check_pin(s.lou, "2468").unwrap(), "PIN unchanged");
    let volunteers = s.db.volunteers().unwrap();
    assert!(volunteers.iter().all(|v| v.active && v.has_pin));
    assert_eq!(
        volunteers
            .iter()
            .filter(|v| v.is_admin)
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["楼老师"]
    );
    assert_eq!(s.entries(), before);

    // Her own PIN is hers to change, recorded under her name.
    s.db.set_pin(&helper, s.zhu, "9753").unwrap();
    s.one_new_entry(before, Kind::Volunteers, "朱大姐");
    assert!(s.db.check_pin(s.zhu, "9753").unwrap());

    let admin = s.admin();
    type Step<'a> = (&'a str, &'a dyn Fn() -> Result<(), Error>);
    let steps: [Step; 5] = [
        ("设了新的密码", &|| {
            s.db.set_pin(&admin, s.zhu, "1357")
        }),
        ("设为管理员", &|| s.db.set_admin(&admin, s.zhu, true)),
        ("停用", &|| {
            s.db.set_volunteer_active(&admin, s.zhu, false)
        }),
        ("不再是管理员", &|| {
            s.db.set_admin(&admin, s.zhu, false)
        }),
        ("取消了密码", &|| s.db.clear_pin(&admin, s.zhu)),
    ];
    for (what, step) in steps {
        let before = s.entries();
        step().unwrap();
        let entry = s.one_new_entry(before, Kind::Volunteers, "楼老师");
        assert_eq!(entry.summary, format!("红娘“朱大姐”:{what}"));
    }
}

/// An administrator without a PIN would let anyone act in their name: a volunteer becomes one
/// only with a PIN, and an administrator's PIN cannot be taken away (only changed).
#[test]
fn an_administrator_always_has_a_pin() {
    let s = Station::new();
    let admin = s.admin();
    let wang = s.db.add_volunteer(&s.admin(), "王老师").unwrap().id;
    let before = s.entries();
    let refused = s.db.set_admin(&admin, wang, true).unwrap_err().to_string();
    assert!(refused.contains("管理员必须有密码"), "{refused}");
    assert!(s.db.clear_pin(&admin, s.lou).is_err());
    assert!(s.db.check_pin(s.lou, "2468").unwrap());
    assert_eq!(s.entries(), before, "nothing recorded for what was refused");
}

#[test]
fn a_wrong_pin_or_a_deactivated_volunteer_cannot_sign_in() {
    let s = Station::new();
    assert!(matches!(s.db.sign_in(s.lou, "1357"), Err(Error::WrongPin)));
    assert!(matches!(s.db.sign_in(s.lou, ""), Err(Error::WrongPin)));
    assert_eq!(Error::WrongPin.to_string(), "密码不对");
    assert!(matches!(
        s.db.sign_in_by_name("楼老师", "0000"),
        Err(Error::WrongPin)
    ));
    assert!(matches!(
        s.db.sign_in(999, "2468"),
        Err(Error::VolunteerNotFound)
    ));
    assert_eq!(s.admin().volunteer(), Some(s.lou));

    s.db.set_volunteer_active(&s.admin(), s.zhu, false).unwrap();
    match s.db.sign_in(s.zhu, "1357") {
        Err(Error::Refused(why)) => assert!(why.contains("停用"), "{why}"),
        other => panic!("a deactivated volunteer signed in: {other:?}"),
    }
}

#[test]
fn a_station_without_an_administrator_lets_anyone_do_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("station.db")).unwrap();
    let zhu = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "朱大姐")
        .unwrap()
        .id;
    let fang = db
        .insert_member(
            person("王芳", Gender::Female, "13812344321"),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap()
        .id;
    let copy = dir.path().join("copy.db");
    db.export_database(&Actor::terminal(), &copy).unwrap();
    assert_eq!(db.newest_entry().volunteer_name, None, "recorded unnamed");
    let helper = db.sign_in(zhu, "").unwrap();
    db.set_backup_folder(&helper, &dir.path().join("备份"))
        .unwrap();
    db.anonymise_member(&helper, fang).unwrap();
    assert_eq!(db.newest_entry().volunteer_name.as_deref(), Some("朱大姐"));
    db.restore_from(&Actor::terminal(), &copy, now()).unwrap();
    assert_eq!(db.newest_entry().kind, Kind::Restore);
    db.set_encryption(&helper, Some("西湖龙井2026"), now())
        .unwrap()
        .unwrap();
    assert_eq!(db.newest_entry().kind, Kind::Encryption);
}

trait Newest {
    fn newest_entry(&self) -> Entry;
}

impl Newest for Db {
    fn newest_entry(&self) -> Entry {
        self.audit_log(1).unwrap().remove(0)
    }
}

#[test]
fn everyday_operations_are_anyones_and_recorded_under_their_name() {
    let mut s = Station::new();
    let helper = s.helper();

    // 登记 and 修改.
    let before = s.entries();
    let jing =
        s.db.register_member(
            &helper,
            person("陈静", Gender::Female, "13700002222"),
            None,
            DuplicateCheck::Check,
            today(),
        )
        .unwrap()
        .member()
        .unwrap();
    let entry = s.one_new_entry(before, Kind::Create, "朱大姐");
    assert_eq!(entry.member_id, Some(jing.id));
    let mut taller = jing.data.clone();
    taller.height_cm = Some(168);
    let before = s.entries();
    s.db.edit_member(
        &helper,
        jing.id,
        taller,
        PhotoChange::Keep,
        DuplicateCheck::Check,
        today(),
    )
    .unwrap()
    .member()
    .unwrap();
    let entry = s.one_new_entry(before, Kind::Edit, "朱大姐");
    assert!(
        entry.summary.contains("身高:165 → 168"),
        "{}",
        entry.summary
    );

    let before = s.entries();
    s.db.register_members(
        &helper,
        vec![person("赵敏", Gender::Female, "13600003333")],
        DuplicateCheck::Check,
        today(),
    )
    .unwrap();
    s.one_new_entry(before, Kind::Create, "朱大姐");

    // 牵线: one entry, on both members' records.
    let before = s.entries();
    s.db.add_introduction(s.fang, s.qiang, today(), &helper, today())
        .unwrap();
    s.one_new_entry(before, Kind::Introduction, "朱大姐");
    for member in [s.fang, s.qiang] {
        assert_eq!(
            s.db.audit_of_member(member).unwrap()[0].kind,
            Kind::Introduction
        );
    }

    // Full contacts of one member, and of a list.
    let before = s.entries();
    let shown = s.db.reveal_contact(&helper, s.fang).unwrap();
    assert_eq!(shown.data.phone, "13812344321");
    let entry = s.one_new_entry(before, Kind::Reveal, "朱大姐");
    assert_eq!(entry.member_id, Some(s.fang));
    let before = s.entries();
    s.db.reveal_contacts_of_many(&helper, 2, "查询结果")
        .unwrap();
    let entry = s.one_new_entry(before, Kind::Reveal, "朱大姐");
    assert_eq!(entry.member_id, None);
    assert!(entry.summary.contains("2 位"), "{}", entry.summary);

    // A member's own data on their request, and the statistics.
    let before = s.entries();
    let own = s.db.export_own_data(&helper, s.fang).unwrap();
    assert!(own.contains("王芳"));
    let entry = s.one_new_entry(before, Kind::Export, "朱大姐");
    assert_eq!(entry.member_id, Some(s.fang));
    let figures = s.db.stats(None, None, today()).unwrap();
    let csv = s.folder().join("统计.csv");
    let before = s.entries();
    s.db.export_stats(&helper, &figures, &csv).unwrap();
    assert!(csv.is_file());
    s.one_new_entry(before, Kind::Export, "朱大姐");
}

#[test]
fn a_possible_duplicate_is_not_saved_until_confirmed() {
    let mut s = Station::new();
    let before = (s.db.count_members().unwrap(), s.entries());
    // Someone else with 王芳's phone.
    let same_phone = person("王小芳", Gender::Female, "138 1234 4321");
    match s
        .db
        .register_member(
            &s.helper(),
            same_phone.clone(),
            None,
            DuplicateCheck::Check,
            today(),
        )
        .unwrap()
    {
        Saved::PossibleDuplicates(found) => {
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].id, s.fang);
        }
        Saved::Member(member) => panic!("saved {member:?}"),
    }
    assert_eq!(
        (s.db.count_members().unwrap(), s.entries()),
        before,
        "nothing written"
    );
    // The same name and birth month is a possible duplicate too.
    let namesake = person("王芳", Gender::Female, "13500005555");
    assert!(matches!(
        s.db.register_member(&s.helper(), namesake, None, DuplicateCheck::Check, today()),
        Ok(Saved::PossibleDuplicates(_))
    ));

    let saved =
        s.db.register_member(
            &s.helper(),
            same_phone,
            None,
            DuplicateCheck::Confirmed,
            today(),
        )
        .unwrap()
        .member()
        .unwrap();
    assert_eq!(saved.data.name, "王小芳");
    assert_eq!(s.db.count_members().unwrap(), before.0 + 1);
    s.one_new_entry(before.1, Kind::Create, "朱大姐");
}

#[test]
fn a_batch_is_saved_whole_or_not_at_all() {
    let mut s = Station::new();
    let before = (s.db.count_members().unwrap(), s.entries());
    let mut invalid = person("孙丽", Gender::Female, "12");
    invalid.consent = true;
    let batch = vec![
        person("陈静", Gender::Female, "13700002222"),
        person("赵敏", Gender::Female, "13600003333"),
        invalid,
    ];
    match s
        .db
        .register_members(&s.helper(), batch, DuplicateCheck::Check, today())
    {
        Err(Error::Refused(why)) => {
            assert!(why.contains("第 3 位"), "{why}");
            assert!(why.contains("一位也没有保存"), "{why}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!((s.db.count_members().unwrap(), s.entries()), before);

    // A batch whose 3rd is the 1st again (same phone) is refused the same way.
    let batch = vec![
        person("陈静", Gender::Female, "13700002222"),
        person("赵敏", Gender::Female, "13600003333"),
        person("陈晶", Gender::Female, "13700002222"),
    ];
    match s
        .db
        .register_members(&s.helper(), batch, DuplicateCheck::Check, today())
    {
        Err(Error::Refused(why)) => assert!(why.contains("第 3 位") && why.contains("重复")),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!((s.db.count_members().unwrap(), s.entries()), before);

    // The numbers handed out inside the refused batches were not used up.
    let next =
        s.db.insert_member(
            person("陈静", Gender::Female, "13700002222"),
            None,
            &s.helper(),
            today(),
        )
        .unwrap();
    assert_eq!(next.number, "2026-0003");
}

/// An administrator who signed in before being deactivated keeps none of the permissions
/// (`Db::may` once counted only active administrators but accepted any with `is_admin`).
#[test]
fn a_deactivated_administrator_loses_the_permissions() {
    let mut s = Station::new();
    let wang = s.db.add_volunteer(&s.admin(), "王老师").unwrap().id;
    let as_wang = s.db.sign_in(wang, "").unwrap();
    s.db.set_pin(&as_wang, wang, "8642").unwrap();
    s.db.set_admin(&s.admin(), wang, true).unwrap();
    s.db.set_volunteer_active(&s.admin(), wang, false).unwrap();
    not_allowed(s.db.anonymise_member(&as_wang, s.fang));
    assert_eq!(s.db.member(s.fang).unwrap().data.name, "王芳");
}

/// A restore by an administrator the backup does not know (made one after it was taken) still
/// completes and is recorded, by name in the line; an administrator it does know, by number.
#[test]
fn a_restore_by_someone_the_backup_does_not_know_is_recorded_by_name() {
    let mut s = Station::new();
    let early = s.folder().join("early.db");
    s.db.export_database(&s.admin(), &early).unwrap();
    let wang = s.db.add_volunteer(&s.admin(), "王老师").unwrap().id;
    let as_wang = s.db.sign_in(wang, "").unwrap();
    s.db.set_pin(&as_wang, wang, "8642").unwrap();
    s.db.set_admin(&s.admin(), wang, true).unwrap();
    let as_wang = s.db.sign_in(wang, "8642").unwrap();

    s.db.restore_from(&as_wang, &early, now()).unwrap();
    assert!(
        s.db.volunteers().unwrap().iter().all(|v| v.id != wang),
        "the backup is from before 王老师"
    );
    let entry = s.db.audit_log(1).unwrap().remove(0);
    assert_eq!(entry.kind, Kind::Restore);
    assert_eq!(entry.volunteer_name, None);
    assert!(
        entry.summary.contains("(由王老师恢复)"),
        "{}",
        entry.summary
    );

    s.db.restore_from(&s.admin(), &early, now()).unwrap();
    let entry = s.db.audit_log(1).unwrap().remove(0);
    assert_eq!(entry.volunteer_name.as_deref(), Some("楼老师"));
}
