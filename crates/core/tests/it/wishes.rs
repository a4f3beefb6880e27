//! The wishes parser on any text: it never panics, and never reads a requirement the text does
//! not contain.

use chrono::NaiveDate;
use hongniang_core::model::{Gender, YearMonth};
use hongniang_core::wishes;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// Pieces volunteers write, and noise, to make texts close to real ones.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("25-30岁".to_string()),
        Just("身高160以上".to_string()),
        Just("本地".to_string()),
        Just("本科以上".to_string()),
        Just("离异可".to_string()),
        Just("有房".to_string()),
        Just("比她大3-5岁".to_string()),
        Just("90后".to_string()),
        Just("不限".to_string()),
        Just("人品好".to_string()),
        Just("无房也可".to_string()),
        (10u32..400).prop_map(|n| n.to_string()),
        "[0-9一-龥,;、。 ~\\-\\.米岁cm以上下后]{0,12}",
        any::<String>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..6).prop_map(|pieces| pieces.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_reads_what_is_not_written(text in text(), year in 1950i32..2008, month in 1u32..=12) {
        let reading = wishes::read(&text, YearMonth::new(year, month), if month % 2 == 0 { Some(Gender::Female) } else { Some(Gender::Male) }, today());
        let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
        let p = &reading.preferences;
        if p.age_min.is_some() || p.age_max.is_some() {
            prop_assert!(has(&["岁", "年龄", "后"]), "age from {text:?}");
        }
        if p.height_min.is_some() || p.height_max.is_some() {
            prop_assert!(has(&["身高", "cm", "CM", "厘米", "公分", "米", "m"]), "height from {text:?}");
        }
        if p.education_min.is_some() {
            prop_assert!(has(&["博士", "硕士", "研究生", "本科", "大学", "大专", "专科", "高中", "中专", "技校"]), "education from {text:?}");
        }
        if p.hukou.is_some() {
            prop_assert!(has(&["本地", "杭州", "本市"]), "hukou from {text:?}");
        }
        if !p.marital_statuses.is_empty() {
            prop_assert!(has(&["未婚", "离异", "丧偶"]), "marital from {text:?}");
        }
        if p.requires_housing {
            prop_assert!(text.contains("有房"), "housing from {text:?}");
        }
        // What is read is said, and is within the form's own limits.
        prop_assert_eq!(reading.is_empty(), reading.summary().is_empty());
        for age in [p.age_min, p.age_max].into_iter().flatten() {
            prop_assert!((18..=80).contains(&age));
        }
        for height in [p.height_min, p.height_max].into_iter().flatten() {
            prop_assert!((120..=230).contains(&height));
        }
    }
}

/// "比她大3-5岁" is kept as offsets from her own age: saved and read back it is still relative,
/// ages written a year ago are judged again on reading (by the member's page and by 配对), and
/// a year on the same wish asks for a year older.
#[test]
fn a_relative_wish_is_judged_on_the_day() {
    use hongniang_core::model::{MemberData, Preferences};
    use hongniang_core::pairing::{PairingIndex, Weights};
    use hongniang_core::{Actor, Db};
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let now = hongniang_core::today();
    let born = YearMonth::new(1990, 5);
    let reading = wishes::read("比她大3-5岁", born, Some(Gender::Female), now);
    let mut preferences = Preferences::default();
    reading.apply(&mut preferences);
    let own = born.unwrap().age_on(now) as u16;
    let person = |name: &str, gender, birth, phone: &str, preferences| MemberData {
        name: name.into(),
        gender: Some(gender),
        birth,
        phone: phone.into(),
        consent: true,
        preferences,
        ..MemberData::default()
    };
    let her = db
        .insert_member(
            person("王婷", Gender::Female, born, "13800000001", preferences),
            None,
            &actor,
            now,
        )
        .unwrap();
    let him = db
        .insert_member(
            person(
                "陈浩",
                Gender::Male,
                YearMonth::new(1986, 5),
                "13800000002",
                Preferences::default(),
            ),
            None,
            &actor,
            now,
        )
        .unwrap();
    let read = db.member(her.id).unwrap().data.preferences;
    assert_eq!(read.age_relative, Some((3, 5)));
    assert_eq!((read.age_min, read.age_max), (Some(own + 3), Some(own + 5)));
    // The ages as written three years ago, as an older version would have left them.
    db.connection()
        .execute(
            "UPDATE preferences SET age_min = age_min - 3, age_max = age_max - 3 WHERE member_id = ?1",
            [her.id],
        )
        .unwrap();
    let read = db.member(her.id).unwrap().data.preferences;
    assert_eq!(
        (read.age_min, read.age_max),
        (Some(own + 3), Some(own + 5)),
        "judged today"
    );
    let index = PairingIndex::build(&db).unwrap();
    let her = db.member(her.id).unwrap();
    let exclusions = db.pairing_exclusions(her.id, index.built_at()).unwrap();
    let pairing = index
        .pair(&her, &exclusions, &Weights::default(), now, 10)
        .unwrap();
    let his_age = YearMonth::new(1986, 5).unwrap().age_on(now) as u16;
    let fits = (own + 3..=own + 5).contains(&his_age);
    assert_eq!(
        pairing.candidates.iter().any(|c| c.member_id == him.id),
        fits,
        "he is {his_age}, she asks {}–{}",
        own + 3,
        own + 5
    );
    // A year on, the same wish asks for a partner a year older.
    let next_year = now + chrono::Months::new(12);
    assert_eq!(
        read.ages_on(born, next_year),
        (Some(own + 4), Some(own + 6))
    );
}
