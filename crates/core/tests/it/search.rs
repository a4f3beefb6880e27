//! The search index against a brute-force oracle over the same members, plus the cases a
//! station meets: polyphonic surnames, phones, member numbers, and input taken literally.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::model::{
    Education, Gender, Hukou, MaritalStatus, Member, MemberData, MemberStatus, YearMonth,
};
use hongniang_core::search::{Query, SearchIndex, SortBy};
use hongniang_core::{Db, demo, parse, pinyin};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn all_members(db: &Db) -> Vec<Member> {
    let mut statement = db
        .connection()
        .prepare("SELECT id FROM members ORDER BY registered_on DESC, id DESC")
        .unwrap();
    let ids: Vec<i64> = statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    ids.into_iter().map(|id| db.member(id).unwrap()).collect()
}

/// The rules written the slow, obvious way.
fn oracle(members: &[Member], q: &Query) -> Vec<i64> {
    let text = parse::to_halfwidth(&q.text);
    let text = text.trim();
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    members
        .iter()
        .filter(|m| {
            let d = &m.data;
            let text_ok = text.is_empty() || {
                let non_ascii = !compact.is_ascii();
                let number_like =
                    !compact.is_empty() && compact.chars().all(|c| c.is_ascii_digit() || c == '-');
                let name = !number_like && d.name.contains(&compact);
                let keyword = non_ascii
                    && [&d.occupation, &d.employer, &d.self_intro]
                        .iter()
                        .any(|t| !t.is_empty() && t.contains(&compact));
                let number = !compact.is_empty()
                    && compact.chars().all(|c| c.is_ascii_digit() || c == '-')
                    && m.number.starts_with(&compact);
                let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
                let phone = text
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+'))
                    && digits.len() >= 4
                    && (d.phone.contains(&digits) || d.registrant.phone.contains(&digits));
                let spelled = pinyin::normalize_query(text).is_some_and(|letters| {
                    pinyin::name_spellings(&d.name).iter().any(|s| {
                        let syllables: Vec<&str> = s.iter().map(String::as_str).collect();
                        pinyin::matches(letters.as_bytes(), &syllables)
                    })
                });
                name || keyword || number || phone || spelled
            };
            let age = d.birth.unwrap().age_on(today());
            text_ok
                && q.gender.is_none_or(|g| d.gender == Some(g))
                && q.age_min.is_none_or(|a| age >= i32::from(a))
                && q.age_max.is_none_or(|a| age <= i32::from(a))
                && q.height_min
                    .is_none_or(|h| d.height_cm.is_some_and(|x| x >= h))
                && q.height_max
                    .is_none_or(|h| d.height_cm.is_some_and(|x| x <= h))
                && q.education_min
                    .is_none_or(|e| d.education.is_some_and(|x| x >= e))
                && q.marital_status.is_none_or(|s| d.marital_status == Some(s))
                && q.hukou.is_none_or(|h| d.hukou == Some(h))
                && q.district.as_ref().is_none_or(|x| &d.district == x)
                && q.status.is_none_or(|s| d.status == s)
                && q.volunteer_id.is_none_or(|v| d.volunteer_id == Some(v))
                && q.registered_from
                    .is_none_or(|f| d.registered_on.unwrap() >= f)
                && q.registered_to
                    .is_none_or(|t| d.registered_on.unwrap() <= t)
                && q.has_photo.is_none_or(|p| m.has_photo == p)
                && q.by_relative.is_none_or(|r| {
                    (d.registrant.relation != hongniang_core::model::RegistrantRelation::Own) == r
                })
        })
        .map(|m| m.id)
        .collect()
}

fn found(index: &SearchIndex, q: &Query) -> Vec<i64> {
    index
        .search(q, today())
        .positions
        .iter()
        .map(|&p| index.member_id(p))
        .collect()
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort();
    ids
}

#[test]
fn random_queries_agree_with_the_brute_force_oracle() {
    let mut db = Db::open_in_memory().unwrap();
    demo::generate(&mut db, 3000, 11, today(), &mut |_| {}).unwrap();
    let members = all_members(&db);
    let index = SearchIndex::build(&db).unwrap();
    assert_eq!(index.len(), members.len());
    let volunteers: Vec<i64> = db.volunteers().unwrap().iter().map(|v| v.id).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut non_empty = 0;
    for round in 0..600 {
        let member = &members[rng.random_range(0..members.len())].data;
        let chars: Vec<char> = member.name.chars().collect();
        let text = match rng.random_range(0..10) {
            0 => String::new(),
            1 => {
                let start = rng.random_range(0..chars.len());
                let len = rng.random_range(1..=(chars.len() - start).min(3));
                chars[start..start + len].iter().collect()
            }
            2 => pinyin::name_spellings(&member.name)[0]
                .iter()
                .map(|s| &s[..1])
                .collect(),
            3 => pinyin::name_spellings(&member.name)[0].concat(),
            4 => {
                let phone = if member.phone.is_empty() {
                    &member.registrant.phone
                } else {
                    &member.phone
                };
                phone[phone.len() - 4..].to_string()
            }
            5 => members[rng.random_range(0..members.len())].number[..rng.random_range(4..=9)]
                .to_string(),
            6 => {
                ["护士", "教师", "阿里", "银行", "开朗", "医院"][rng.random_range(0..6)].to_string()
            }
            7 => {
                let s = &pinyin::name_spellings(&member.name)[0];
                format!(
                    "{} {}",
                    s[0],
                    s[1..].iter().map(|x| &x[..1]).collect::<String>()
                )
            }
            8 => [
                "%", "_", "'", "\"", "*", "NEAR(", "OR", "\\", "😀", "王%", "a*", "--",
            ][rng.random_range(0..12)]
            .to_string(),
            _ => ["z", "wang", "li n", "138", "1380", "2026-", "2024-01"][rng.random_range(0..7)]
                .to_string(),
        };
        let mut q = Query {
            text,
            ..Query::default()
        };
        if rng.random_bool(0.4) {
            q.gender = Some(if rng.random_bool(0.5) {
                Gender::Male
            } else {
                Gender::Female
            });
        }
        if rng.random_bool(0.3) {
            let a = rng.random_range(22..45);
            q.age_min = Some(a);
            q.age_max = rng.random_bool(0.7).then(|| a + rng.random_range(0..10));
        }
        if rng.random_bool(0.2) {
            q.height_min = Some(rng.random_range(150..175));
            q.height_max = rng.random_bool(0.5).then(|| rng.random_range(170..190));
        }
        if rng.random_bool(0.2) {
            q.education_min = Some(Education::ALL[rng.random_range(0..Education::ALL.len())]);
        }
        if rng.random_bool(0.15) {
            q.marital_status = Some(MaritalStatus::ALL[rng.random_range(0..3)]);
        }
        if rng.random_bool(0.15) {
            q.hukou = Some(if rng.random_bool(0.5) {
                Hukou::Hangzhou
            } else {
                Hukou::Elsewhere
            });
        }
        if rng.random_bool(0.15) {
            q.district = Some(
                ["上城区", "西湖区", "滨江区", "不存在区"][rng.random_range(0..4)].to_string(),
            );
        }
        if rng.random_bool(0.2) {
            q.status = Some(MemberStatus::ALL[rng.random_range(0..4)]);
        }
        if rng.random_bool(0.15) {
            q.volunteer_id = Some(volunteers[rng.random_range(0..volunteers.len())]);
        }
        if rng.random_bool(0.15) {
            let from = today() - chrono::Duration::days(rng.random_range(0..1800));
            q.registered_from = Some(from);
            q.registered_to = rng
                .random_bool(0.5)
                .then(|| from + chrono::Duration::days(rng.random_range(0..400)));
        }
        if rng.random_bool(0.1) {
            q.by_relative = Some(rng.random_bool(0.5));
        }
        if rng.random_bool(0.05) {
            q.has_photo = Some(false);
        }
        let expected = oracle(&members, &q);
        let got = found(&index, &q);
        assert_eq!(
            sorted(got.clone()),
            sorted(expected.clone()),
            "round {round}: {q:?}"
        );
        if q.text.trim().is_empty() {
            assert_eq!(
                got, expected,
                "without text, newest registration first: {q:?}"
            );
        }
        non_empty += usize::from(!expected.is_empty());
    }
    assert!(
        non_empty > 300,
        "the random queries must mostly find someone ({non_empty})"
    );
}

fn sheet(name: &str, phone: &str) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(Gender::Male),
        birth: YearMonth::new(1985, 3),
        height_cm: Some(175),
        phone: phone.into(),
        consent: true,
        ..MemberData::default()
    }
}

#[test]
fn polyphonic_surnames_and_the_ways_names_are_typed() {
    let mut db = Db::open_in_memory().unwrap();
    let names = [
        "曾志伟",
        "单雄信",
        "解缙",
        "区小明",
        "仇英",
        "朴树",
        "查良镛",
        "欧阳修",
        "张小明",
        "王芳",
        "吕芳",
    ];
    for (i, name) in names.iter().enumerate() {
        db.insert_member(
            sheet(name, &format!("1381234{:04}", 1000 + i)),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    }
    let index = SearchIndex::build(&db).unwrap();
    let names_for = |text: &str| -> Vec<String> {
        index
            .search(
                &Query {
                    text: text.into(),
                    ..Query::default()
                },
                today(),
            )
            .positions
            .iter()
            .map(|&p| index.summary(p).name)
            .collect()
    };
    for (text, name) in [
        ("zzw", "曾志伟"),
        ("zengzhiwei", "曾志伟"),
        ("czw", "曾志伟"),
        ("sxx", "单雄信"),
        ("shanxiongxin", "单雄信"),
        ("xiejin", "解缙"),
        ("oxm", "区小明"),
        ("qiuying", "仇英"),
        ("piaoshu", "朴树"),
        ("zly", "查良镛"),
        ("ouyangxiu", "欧阳修"),
        ("oyx", "欧阳修"),
        ("ZXM", "张小明"),
        ("zhang xm", "张小明"),
        ("lvfang", "吕芳"),
        ("lufang", "吕芳"),
    ] {
        assert!(
            names_for(text).contains(&name.to_string()),
            "{text} should find {name}: {:?}",
            names_for(text)
        );
    }
    // One character, two characters; the exact name ranks first.
    assert!(names_for("明").contains(&"张小明".to_string()));
    assert_eq!(names_for("王芳")[0], "王芳");
    let mut fang = names_for("芳");
    fang.sort();
    assert_eq!(fang, ["吕芳", "王芳"]);
    // Phones: the last four, with spaces or dashes.
    assert_eq!(names_for("1001"), ["单雄信"]);
    assert_eq!(names_for("138-1234-1001"), ["单雄信"]);
    assert!(
        names_for("123").is_empty(),
        "three digits are too few for a phone"
    );
}

#[test]
fn four_digits_that_end_a_phone_rank_above_the_same_digits_inside_one() {
    let mut db = Db::open_in_memory().unwrap();
    // The one whose phone it ends and a registrant's phone ending in it are registered first,
    // so that newest-first would put them last; then five with 4321 inside the number.
    db.insert_member(
        sheet("尾号", "13812344321"),
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    let mut by_mother = sheet("代登记", "");
    by_mother.registrant = hongniang_core::model::Registrant {
        relation: hongniang_core::model::RegistrantRelation::Mother,
        phone: "13700004321".into(),
        ..Default::default()
    };
    db.insert_member(by_mother, None, &Actor::terminal(), today())
        .unwrap();
    for i in 0..5 {
        db.insert_member(
            sheet(&format!("中间{i}"), &format!("1394321{:04}", 5000 + i)),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    }
    let index = SearchIndex::build(&db).unwrap();
    let names: Vec<String> = index
        .search(
            &Query {
                text: "4321".into(),
                ..Query::default()
            },
            today(),
        )
        .positions
        .iter()
        .map(|&p| index.summary(p).name)
        .collect();
    assert_eq!(names.len(), 7);
    let mut ends: Vec<&str> = names[..2].iter().map(String::as_str).collect();
    ends.sort();
    assert_eq!(ends, ["代登记", "尾号"], "{names:?}");
    assert!(
        names[2..].iter().all(|n| n.starts_with("中间")),
        "{names:?}"
    );
}

#[test]
fn what_is_typed_is_taken_literally() {
    let mut db = Db::open_in_memory().unwrap();
    db.insert_member(
        sheet("王芳", "13812341234"),
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    db.insert_member(
        sheet("李_娜", "13812345678"),
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    let index = SearchIndex::build(&db).unwrap();
    let count = |text: &str| {
        index
            .search(
                &Query {
                    text: text.into(),
                    ..Query::default()
                },
                today(),
            )
            .len()
    };
    for text in [
        "%",
        "'",
        "\"",
        "*",
        "NEAR(",
        "OR",
        "\\",
        "😀",
        "王%",
        "' OR 1=1 --",
        "王 OR 李",
        "\u{0}",
    ] {
        assert_eq!(count(text), 0, "{text:?}");
    }
    assert_eq!(count("_"), 1, "an underscore is a character like any other");
    assert_eq!(count("  王芳  "), 1);
    assert_eq!(count("王　芳"), 1, "a full-width space is ignored");
}

#[test]
fn member_numbers_and_sorting() {
    let mut db = Db::open_in_memory().unwrap();
    for (i, name) in ["甲", "乙", "丙"].iter().enumerate() {
        let mut data = sheet(name, &format!("1390000000{i}"));
        data.height_cm = Some(160 + 5 * i as u16);
        data.registered_on = NaiveDate::from_ymd_opt(2026, 1, 1 + i as u32);
        db.insert_member(data, None, &Actor::terminal(), today())
            .unwrap();
    }
    let index = SearchIndex::build(&db).unwrap();
    let numbers = |q: Query| -> Vec<String> {
        index
            .search(&q, today())
            .positions
            .iter()
            .map(|&p| index.summary(p).number)
            .collect()
    };
    assert_eq!(
        numbers(Query {
            text: "2026-0002".into(),
            ..Query::default()
        }),
        ["2026-0002"]
    );
    assert_eq!(
        numbers(Query {
            text: "2026-000".into(),
            ..Query::default()
        })
        .len(),
        3
    );
    assert_eq!(
        numbers(Query::default()),
        ["2026-0003", "2026-0002", "2026-0001"]
    );
    assert_eq!(
        numbers(Query {
            sort: SortBy::Number,
            ..Query::default()
        }),
        ["2026-0001", "2026-0002", "2026-0003"]
    );
    assert_eq!(
        numbers(Query {
            sort: SortBy::Tallest,
            ..Query::default()
        })[0],
        "2026-0003"
    );
}
