//! 全区共享: who is shared with the district's stations, and what of them.

use chrono::NaiveDate;
use hongniang_core::district::{SharedProfile, shared_profile};
use hongniang_core::members::PhotoChange;
use hongniang_core::model::{
    Education, Gender, Hukou, MaritalStatus, MemberData, MemberStatus, Preferences, Registrant,
    RegistrantRelation, YearMonth,
};
use hongniang_core::{Actor, Db};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

/// A member with every kind of private detail, some of them typed into the free texts too.
fn her(phone: &str) -> MemberData {
    MemberData {
        name: "欧阳婉清".into(),
        gender: Some(Gender::Female),
        birth: YearMonth::new(1991, 6),
        height_cm: Some(163),
        hukou: Some(Hukou::Hangzhou),
        district: "上城区".into(),
        education: Some(Education::Master),
        occupation: "钱塘江测绘研究院测绘工程师".into(),
        employer: "钱塘江测绘研究院".into(),
        marital_status: Some(MaritalStatus::Single),
        housing: "有房无贷".into(),
        self_intro: "我是婉清,喜欢拍鸟。电话13566778899,微信 wanqing_ouyang,妈妈欧阳阿姨也可以联系"
            .into(),
        phone: phone.into(),
        wechat: "wanqing_ouyang".into(),
        registrant: Registrant {
            relation: RegistrantRelation::Mother,
            kin: String::new(),
            name: "欧阳阿姨".into(),
            phone: "13911112222".into(),
        },
        preferences: Preferences {
            age_min: Some(32),
            age_max: Some(38),
            education_min: Some(Education::Bachelor),
            other: "不抽烟,可加我 abc_def9 详聊".into(),
            ..Preferences::default()
        },
        notes: "父母代登记,备用电话 13700001111".into(),
        registered_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        consent: true,
        district_consent_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        ..MemberData::default()
    }
}

#[test]
fn a_shared_profile_holds_no_name_contact_employer_registrant_or_notes() {
    let mut db = Db::open_in_memory().unwrap();
    let member = db
        .insert_member(her("13566778899"), None, &Actor::terminal(), today())
        .unwrap();
    let profiles = db.shared_profiles("湖滨").unwrap();
    assert_eq!(profiles.len(), 1);
    let p: &SharedProfile = &profiles[0];
    assert_eq!(p.key, format!("湖滨-{}", member.number));
    assert_eq!(p.surname_title, "欧阳女士");
    assert_eq!(p.birth, YearMonth::new(1991, 6).unwrap());
    assert_eq!(p.education, Some(Education::Master));
    assert_eq!(p.shared_on, NaiveDate::from_ymd_opt(2024, 3, 5).unwrap());
    assert!(p.self_intro.contains("喜欢拍鸟"), "{}", p.self_intro);
    assert_eq!(p.preferences.age_min, Some(32));
    let json = serde_json::to_string(p).unwrap();
    for secret in [
        "欧阳婉清",
        "婉清",
        "13566778899",
        "8899",
        "wanqing",
        "钱塘江测绘研究院",
        "欧阳阿姨",
        "13911112222",
        "abc_def9",
        "父母代登记",
        "13700001111",
    ] {
        assert!(
            !json.contains(secret),
            "{secret:?} in the shared profile: {json}"
        );
    }
}

#[test]
fn only_members_who_agreed_and_are_in_the_pool_are_shared() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let shared = |db: &Db| -> Vec<String> {
        db.shared_profiles("湖滨")
            .unwrap()
            .into_iter()
            .map(|p| p.key)
            .collect()
    };
    let mut numbers = Vec::new();
    for (i, phone) in ["13800000001", "13800000002", "13800000003", "13800000004"]
        .iter()
        .enumerate()
    {
        let mut data = her(phone);
        data.name = format!("会员{i}");
        let saved = db.insert_member(data, None, &actor, today()).unwrap();
        numbers.push((saved.id, saved.number));
    }
    let mut without = her("13800000005");
    without.name = "没同意".into();
    without.district_consent_on = None;
    db.insert_member(without, None, &actor, today()).unwrap();
    assert_eq!(
        shared(&db).len(),
        4,
        "the one without the district consent is not shared"
    );

    // Withdrawn, paused, married: out; the fourth stays.
    let change = |db: &mut Db, id: i64, f: &dyn Fn(&mut MemberData)| {
        let mut data = db.member(id).unwrap().data;
        f(&mut data);
        db.update_member(id, data, PhotoChange::Keep, &Actor::terminal(), today())
            .unwrap();
    };
    change(&mut db, numbers[0].0, &|d| d.district_consent_on = None);
    change(&mut db, numbers[1].0, &|d| d.status = MemberStatus::Paused);
    change(&mut db, numbers[2].0, &|d| d.status = MemberStatus::Married);
    assert_eq!(shared(&db), [format!("湖滨-{}", numbers[3].1)]);

    // A deletion request: out.
    db.anonymise_member(&actor, numbers[3].0).unwrap();
    assert!(shared(&db).is_empty());

    // The rule itself, for a member read from the database.
    let kept = db.member(numbers[1].0).unwrap();
    assert!(shared_profile(&kept, "湖滨").is_none());
}
