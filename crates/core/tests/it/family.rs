//! Parents' wishes beside the child's: where the family asks for something else than the
//! member (what the family leaves open is no conflict); in 配对 the member's own wishes decide
//! who is listed, the family's are a second line of verdicts (the member's family judged on the
//! candidate, the candidate's family judged on the member); free-text wishes are lines to ask
//! about (需问清楚); an unchecked ID is marked on the candidate.

use chrono::NaiveDate;
use hongniang_core::model::{
    Document, Education, FamilyWishes, Gender, Hukou, MaritalStatus, MemberData, Preferences,
    WishesOf, YearMonth,
};
use hongniang_core::pairing::{self, Check, Criterion, PairingIndex, Verdict};
use hongniang_core::wishes::family_conflicts;
use hongniang_core::{Actor, Db};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn family(by: WishesOf, preferences: Preferences) -> FamilyWishes {
    FamilyWishes { by, preferences }
}

#[test]
fn a_parent_asking_for_more_than_the_child() {
    let own = Preferences::default();
    let mother = family(
        WishesOf::Mother,
        Preferences {
            requires_housing: true,
            ..Preferences::default()
        },
    );
    assert_eq!(family_conflicts(&own, &mother), ["母亲要求有房,本人不限"]);

    let parents = family(
        WishesOf::Parents,
        Preferences {
            hukou: Some(Hukou::Hangzhou),
            height_min: Some(170),
            marital_statuses: vec![MaritalStatus::Single],
            ..Preferences::default()
        },
    );
    assert_eq!(
        family_conflicts(&own, &parents),
        [
            "父母要求身高 170 厘米以上,本人不限",
            "父母要求未婚,本人不限",
            "父母要求杭州户籍,本人不限",
        ]
    );
}

#[test]
fn what_the_family_leaves_open_is_no_conflict() {
    // The member asks for more than the family: the member's wish stands and nobody objects,
    // so nothing is listed: the lines are only what the family asks for.
    let own = Preferences {
        education_min: Some(Education::Bachelor),
        requires_housing: true,
        ..Preferences::default()
    };
    let father = family(
        WishesOf::Father,
        Preferences {
            // Something the father does ask for is still listed beside them.
            hukou: Some(Hukou::Hangzhou),
            ..Preferences::default()
        },
    );
    assert_eq!(
        family_conflicts(&own, &father),
        ["父亲要求杭州户籍,本人不限"]
    );
    let open = family(
        WishesOf::Father,
        Preferences {
            other: "人品好就行".into(),
            ..Preferences::default()
        },
    );
    assert!(family_conflicts(&own, &open).is_empty());
}

#[test]
fn both_asking_for_different_things() {
    let own = Preferences {
        age_min: Some(25),
        age_max: Some(35),
        education_min: Some(Education::College),
        marital_statuses: vec![MaritalStatus::Divorced, MaritalStatus::Single],
        ..Preferences::default()
    };
    let mother = family(
        WishesOf::Mother,
        Preferences {
            age_min: Some(25),
            age_max: Some(30),
            education_min: Some(Education::Master),
            marital_statuses: vec![MaritalStatus::Single],
            ..Preferences::default()
        },
    );
    assert_eq!(
        family_conflicts(&own, &mother),
        [
            "母亲要求年龄 25–30 岁,本人要求年龄 25–35 岁",
            "母亲要求硕士及以上,本人要求大专及以上",
            "母亲要求未婚,本人要求未婚或离异",
        ]
    );
}

#[test]
fn no_conflict_when_they_ask_the_same() {
    let own = Preferences {
        age_min: Some(28),
        age_max: Some(35),
        height_min: Some(165),
        hukou: Some(Hukou::Hangzhou),
        requires_housing: true,
        marital_statuses: vec![MaritalStatus::Single, MaritalStatus::Divorced],
        other: "人品好".into(),
        ..Preferences::default()
    };
    let same = family(
        WishesOf::Relative,
        Preferences {
            // The same statuses in another order; other text and the employer are not compared.
            marital_statuses: vec![MaritalStatus::Divorced, MaritalStatus::Single],
            other: "希望对方不抽烟".into(),
            exclude_same_employer: true,
            ..own.clone()
        },
    );
    assert!(family_conflicts(&own, &same).is_empty());
    assert!(
        family_conflicts(
            &Preferences::default(),
            &family(WishesOf::Father, Preferences::default())
        )
        .is_empty()
    );
}

fn lines(checks: &[Check]) -> Vec<(&str, Verdict)> {
    checks
        .iter()
        .map(|c| (c.text.as_str(), c.verdict))
        .collect()
}

fn save(db: &mut Db, data: MemberData) -> i64 {
    db.insert_member(data, None, &Actor::terminal(), today())
        .unwrap()
        .id
}

fn person(name: &str, gender: Gender, year: i32, phone: &str) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(year, 3),
        phone: phone.into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2026, 1, 5),
        ..MemberData::default()
    }
}

#[test]
fn pairing_goes_by_the_members_own_wishes_and_shows_both_families() {
    let mut db = Db::open_in_memory().unwrap();
    // 李芳 asks only for 170 cm and writes a wish as text; her mother (who registered her)
    // wants a man of 30–35 from Hangzhou who owns a home.
    let she = save(
        &mut db,
        MemberData {
            height_cm: Some(162),
            education: Some(Education::Bachelor),
            marital_status: Some(MaritalStatus::Single),
            preferences: Preferences {
                height_min: Some(170),
                other: "希望对方孝顺".into(),
                ..Preferences::default()
            },
            family: Some(family(
                WishesOf::Mother,
                Preferences {
                    age_min: Some(30),
                    age_max: Some(35),
                    hukou: Some(Hukou::Hangzhou),
                    requires_housing: true,
                    other: "希望对方是公务员".into(),
                    ..Preferences::default()
                },
            )),
            ..person("李芳", Gender::Female, 1994, "13900000001")
        },
    );
    // 王强 fits her own wishes, not her mother's (外地, renting); he does not want a smoker,
    // and his father wants a 硕士 who never married.
    let he = save(
        &mut db,
        MemberData {
            height_cm: Some(175),
            education: Some(Education::Bachelor),
            hukou: Some(Hukou::Elsewhere),
            housing: "租房".into(),
            union_member: true,
            union_name: "市总工会".into(),
            preferences: Preferences {
                other: "希望对方不抽烟".into(),
                ..Preferences::default()
            },
            family: Some(family(
                WishesOf::Father,
                Preferences {
                    education_min: Some(Education::Master),
                    marital_statuses: vec![MaritalStatus::Single],
                    other: "希望女方是杭州人".into(),
                    ..Preferences::default()
                },
            )),
            ..person("王强", Gender::Male, 1995, "13900000002")
        },
    );
    // 赵磊 fits her mother's wishes but not her own (165 cm): a near miss, not a candidate.
    let short = save(
        &mut db,
        MemberData {
            height_cm: Some(165),
            hukou: Some(Hukou::Hangzhou),
            housing: "有房无贷".into(),
            ..person("赵磊", Gender::Male, 1993, "13900000003")
        },
    );

    let index = PairingIndex::build(&db).unwrap();
    let pairing = pairing::pair(&db, &index, she, today(), 10).unwrap();
    assert_eq!(pairing.fit_count, 1, "{pairing:#?}");
    assert_eq!(pairing.near_miss_count, 1);
    assert_eq!(pairing.near_misses[0].member_id, short);
    assert_eq!(
        pairing.near_misses[0].fails().next().unwrap().text,
        "她要求 170 厘米以上,他 165 厘米"
    );
    assert_eq!(
        pairing.family_conflicts,
        [
            // Her own 170 cm, which her mother left open, is no conflict.
            "母亲要求年龄 30–35 岁,本人不限",
            "母亲要求杭州户籍,本人不限",
            "母亲要求有房,本人不限",
        ]
    );
    assert_eq!(pairing.member_unchecked, ["身份证未核验"]);

    let c = &pairing.candidates[0];
    assert_eq!(c.member_id, he);
    assert_eq!(c.fails().count(), 0, "her own wishes are met");
    // Her own wishes, with the written one to ask about.
    assert_eq!(
        lines(&c.for_member),
        [
            ("她要求 170 厘米以上,他 175 厘米", Verdict::Meets),
            ("她另有要求:希望对方孝顺", Verdict::Unknown),
        ]
    );
    let ask = c.for_member.last().unwrap();
    assert_eq!(
        (ask.criterion, ask.verdict.label()),
        (Criterion::Other, "需问清楚")
    );
    // His: only the written wish, to ask about.
    assert_eq!(
        lines(&c.for_candidate),
        [("他另有要求:希望对方不抽烟", Verdict::Unknown)]
    );
    // Her mother's wishes judged on him: the second line.
    assert_eq!(
        lines(&c.family_for_member),
        [
            ("母亲要求 30–35 岁,他 31 岁", Verdict::Meets),
            ("母亲要求杭州户籍,他外地户籍", Verdict::Fails),
            ("母亲要求有房,他租房", Verdict::Fails),
            ("母亲另有要求:希望对方是公务员", Verdict::Unknown),
        ]
    );
    // His father's wishes judged on her.
    assert_eq!(
        lines(&c.family_for_candidate),
        [
            ("他父亲要求硕士及以上,她本科", Verdict::Fails),
            ("他父亲要求未婚,她未婚", Verdict::Meets),
            ("他父亲另有要求:希望女方是杭州人", Verdict::Unknown),
        ]
    );
    // Neither his ID card nor his union card has been checked.
    assert_eq!(c.unchecked, ["身份证未核验", "工会会员证未核验"]);
    // The near miss is explained the same way: her mother's wishes are all met by him.
    let near = &pairing.near_misses[0];
    assert_eq!(
        lines(&near.family_for_member),
        [
            ("母亲要求 30–35 岁,他 33 岁", Verdict::Meets),
            ("母亲要求杭州户籍,他杭州户籍", Verdict::Meets),
            ("母亲要求有房,他有房无贷", Verdict::Meets),
            ("母亲另有要求:希望对方是公务员", Verdict::Unknown),
        ]
    );
    assert!(
        near.family_for_candidate.is_empty(),
        "he has no family's wishes"
    );

    // Checked, he is no longer marked.
    let t = Actor::terminal();
    db.record_identity_check(he, Document::UnionCard, today(), &t, today())
        .unwrap();
    let pairing = pairing::pair(&db, &index, she, today(), 10).unwrap();
    assert_eq!(pairing.candidates[0].unchecked, ["身份证未核验"]);
    db.record_identity_check(he, Document::IdCard, today(), &t, today())
        .unwrap();
    db.record_identity_check(she, Document::IdCard, today(), &t, today())
        .unwrap();
    let pairing = pairing::pair(&db, &index, she, today(), 10).unwrap();
    assert!(pairing.candidates[0].unchecked.is_empty());
    assert!(pairing.member_unchecked.is_empty());
}

#[test]
fn from_his_side_the_families_swap_places() {
    let mut db = Db::open_in_memory().unwrap();
    let she = save(
        &mut db,
        MemberData {
            education: Some(Education::Bachelor),
            marital_status: Some(MaritalStatus::Single),
            family: Some(family(
                WishesOf::Mother,
                Preferences {
                    requires_housing: true,
                    ..Preferences::default()
                },
            )),
            ..person("李芳", Gender::Female, 1994, "13900000001")
        },
    );
    let he = save(
        &mut db,
        MemberData {
            housing: "租房".into(),
            family: Some(family(
                WishesOf::Father,
                Preferences {
                    education_min: Some(Education::Master),
                    ..Preferences::default()
                },
            )),
            ..person("王强", Gender::Male, 1995, "13900000002")
        },
    );
    let index = PairingIndex::build(&db).unwrap();
    let pairing = pairing::pair(&db, &index, he, today(), 10).unwrap();
    assert_eq!(pairing.family_conflicts, ["父亲要求硕士及以上,本人不限"]);
    let c = &pairing.candidates[0];
    assert_eq!(c.member_id, she);
    assert_eq!(
        lines(&c.family_for_member),
        [("父亲要求硕士及以上,她本科", Verdict::Fails)]
    );
    assert_eq!(
        lines(&c.family_for_candidate),
        [("她母亲要求有房,他租房", Verdict::Fails)]
    );
}
