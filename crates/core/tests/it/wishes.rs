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
