//! 配对: the candidates equal a brute-force oracle written from the rules member by member
//! (mutual hard requirements, exclusions, unknowns), and the explanations read as a volunteer
//! would say them.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::Db;
use hongniang_core::introductions::{EndReason, EndSide};
use hongniang_core::model::{
    Education, Gender, Hukou, MaritalStatus, Member, MemberData, MemberStatus, OwnConsentHow,
    Preferences, Registrant, RegistrantRelation, YearMonth,
};
use hongniang_core::pairing::{self, Criterion, PairingIndex, Verdict, Weights};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::common::agreed;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn maybe<T>(rng: &mut ChaCha8Rng, p: f64, value: impl FnOnce(&mut ChaCha8Rng) -> T) -> Option<T> {
    if rng.random_bool(p) {
        Some(value(rng))
    } else {
        None
    }
}

/// A member with random gaps: every field the rules read may be missing.
fn random_member(rng: &mut ChaCha8Rng, n: usize) -> MemberData {
    let gender = if rng.random_bool(0.5) {
        Gender::Male
    } else {
        Gender::Female
    };
    let age = rng.random_range(22..50);
    let pick =
        |rng: &mut ChaCha8Rng, items: &[&str]| items[rng.random_range(0..items.len())].to_string();
    let education = Education::ALL[rng.random_range(0..Education::ALL.len())];
    let marital = MaritalStatus::ALL[rng.random_range(0..3)];
    let age_min = maybe(rng, 0.8, |rng| rng.random_range(20..40) as u16);
    let age_max = maybe(rng, 0.7, |rng| {
        age_min.unwrap_or(25) + rng.random_range(0..12)
    });
    let height_min = maybe(rng, 0.6, |rng| rng.random_range(150..178) as u16);
    let height_max = maybe(rng, 0.3, |rng| {
        height_min.unwrap_or(160) + rng.random_range(0..25)
    });
    let household = rng.random_range(0..400);
    MemberData {
        name: format!("会员{n}"),
        gender: Some(gender),
        birth: YearMonth::new(2026 - age, rng.random_range(1..=12)),
        height_cm: maybe(rng, 0.85, |rng| {
            if gender == Gender::Male {
                rng.random_range(160..190)
            } else {
                rng.random_range(150..175)
            }
        }),
        education: maybe(rng, 0.85, |_| education),
        marital_status: maybe(rng, 0.85, |_| marital),
        hukou: maybe(rng, 0.8, |rng| {
            if rng.random_bool(0.6) {
                Hukou::Hangzhou
            } else {
                Hukou::Elsewhere
            }
        }),
        district: if rng.random_bool(0.9) {
            pick(rng, &["上城区", "西湖区", "滨江区", "拱墅区"])
        } else {
            String::new()
        },
        employer: if rng.random_bool(0.8) {
            pick(
                rng,
                &["市一医院", "浙江大学", "杭州银行", "海康威视", "区教育局"],
            )
        } else {
            String::new()
        },
        housing: if rng.random_bool(0.8) {
            pick(
                rng,
                &["有房无贷", "有房有贷", "与父母同住", "租房", "单位宿舍"],
            )
        } else {
            String::new()
        },
        hobbies: pick(
            rng,
            &[
                "爬山、摄影",
                "读书,跑步",
                "摄影 旅游",
                "",
                "烹饪、读书、爬山",
            ],
        ),
        phone: format!("138{:08}", n),
        registrant: if rng.random_bool(0.3) {
            Registrant {
                relation: RegistrantRelation::Mother,
                kin: String::new(),
                name: "王阿姨".into(),
                phone: format!("139{:08}", household),
            }
        } else {
            Registrant::default()
        },
        preferences: Preferences {
            age_min,
            age_max,
            height_min,
            height_max,
            education_min: maybe(rng, 0.4, |rng| Education::ALL[rng.random_range(0..5)]),
            marital_statuses: if rng.random_bool(0.4) {
                vec![MaritalStatus::Single]
            } else if rng.random_bool(0.1) {
                vec![MaritalStatus::Single, MaritalStatus::Divorced]
            } else {
                Vec::new()
            },
            hukou: maybe(rng, 0.2, |_| Hukou::Hangzhou),
            requires_housing: rng.random_bool(0.2),
            exclude_same_employer: rng.random_bool(0.2),
            other: String::new(),
            age_relative: None,
        },
        registered_on: NaiveDate::from_ymd_opt(2025, 1, 1 + (n % 28) as u32),
        consent: true,
        // Most whom a mother registered have given their own yes; the others wait (待本人确认).
        own_consent_on: rng
            .random_bool(0.8)
            .then(|| NaiveDate::from_ymd_opt(2025, 2, 1).unwrap()),
        own_consent_how: Some(OwnConsentHow::Sheet),
        status: if rng.random_bool(0.85) {
            MemberStatus::Active
        } else {
            MemberStatus::Paused
        },
        ..MemberData::default()
    }
}

/// What the oracle says one side's requirements make of the other: failed and unknown criteria.
fn oracle_judge(wanter: &MemberData, other: &MemberData) -> (Vec<Criterion>, usize) {
    let p = &wanter.preferences;
    let mut fails = Vec::new();
    let mut unknown = 0;
    if p.age_min.is_some() || p.age_max.is_some() {
        let age = other.birth.unwrap().age_on(today());
        if p.age_min.is_some_and(|m| age < i32::from(m))
            || p.age_max.is_some_and(|m| age > i32::from(m))
        {
            fails.push(Criterion::Age);
        }
    }
    if p.height_min.is_some() || p.height_max.is_some() {
        match other.height_cm {
            None => unknown += 1,
            Some(h) => {
                if p.height_min.is_some_and(|m| h < m) || p.height_max.is_some_and(|m| h > m) {
                    fails.push(Criterion::Height);
                }
            }
        }
    }
    if let Some(min) = p.education_min {
        match other.education {
            None => unknown += 1,
            Some(e) if e < min => fails.push(Criterion::Education),
            Some(_) => {}
        }
    }
    if !p.marital_statuses.is_empty() {
        match other.marital_status {
            None => unknown += 1,
            Some(s) if !p.marital_statuses.contains(&s) => fails.push(Criterion::Marital),
            Some(_) => {}
        }
    }
    if let Some(h) = p.hukou {
        match other.hukou {
            None => unknown += 1,
            Some(o) if o != h => fails.push(Criterion::Hukou),
            Some(_) => {}
        }
    }
    if p.requires_housing {
        if other.housing.trim().is_empty() {
            unknown += 1;
        } else if !other.housing.starts_with("有房") {
            fails.push(Criterion::Housing);
        }
    }
    (fails, unknown)
}

/// How far outside the member's range the other's age / height is.
fn miss(wanter: &MemberData, other: &MemberData, criterion: Criterion) -> i32 {
    let p = &wanter.preferences;
    let off = |v: i32, min: Option<u16>, max: Option<u16>| {
        if let Some(m) = min.filter(|m| v < i32::from(*m)) {
            i32::from(m) - v
        } else if let Some(m) = max.filter(|m| v > i32::from(*m)) {
            v - i32::from(m)
        } else {
            0
        }
    };
    match criterion {
        Criterion::Age => off(other.birth.unwrap().age_on(today()), p.age_min, p.age_max),
        Criterion::Height => off(
            i32::from(other.height_cm.unwrap()),
            p.height_min,
            p.height_max,
        ),
        Criterion::Education => p.education_min.unwrap() as i32 - other.education.unwrap() as i32,
        _ => 0,
    }
}

struct Expected {
    fits: BTreeSet<i64>,
    near: BTreeSet<i64>,
    widened: BTreeMap<Criterion, usize>,
    busy: usize,
    introduced: usize,
    blocked: usize,
    household: usize,
    employer: usize,
}

fn oracle(db: &Db, all: &[Member], member: &Member) -> Expected {
    let history = db.introductions(None).unwrap();
    let busy: HashSet<i64> = history
        .iter()
        .filter(|i| i.stage.is_ongoing() || i.married_on.is_some())
        .flat_map(|i| std::iter::once(i.member_a).chain(i.member_b))
        .collect();
    let introduced: HashSet<i64> = history
        .iter()
        .filter(|i| i.member_a == member.id || i.member_b == Some(member.id))
        .flat_map(|i| std::iter::once(i.member_a).chain(i.member_b))
        .collect();
    let mut expected = Expected {
        fits: BTreeSet::new(),
        near: BTreeSet::new(),
        widened: BTreeMap::new(),
        busy: 0,
        introduced: 0,
        blocked: 0,
        household: 0,
        employer: 0,
    };
    let me = &member.data;
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    for other in all {
        let o = &other.data;
        if o.gender == me.gender || o.status != MemberStatus::Active || o.withheld().is_some() {
            continue;
        }
        if busy.contains(&other.id) {
            expected.busy += 1;
            continue;
        }
        if introduced.contains(&other.id) {
            expected.introduced += 1;
            continue;
        }
        if db.is_blocked(member.id, other.id).unwrap() {
            expected.blocked += 1;
            continue;
        }
        let household = digits(&me.registrant.phone);
        if !household.is_empty() && household == digits(&o.registrant.phone) {
            expected.household += 1;
            continue;
        }
        if !me.employer.is_empty()
            && me.employer == o.employer
            && (me.preferences.exclude_same_employer || o.preferences.exclude_same_employer)
        {
            expected.employer += 1;
            continue;
        }
        let (mine, _) = oracle_judge(me, o);
        let (theirs, _) = oracle_judge(o, me);
        match (mine.len(), theirs.len()) {
            (0, 0) => {
                expected.fits.insert(other.id);
            }
            (1, 0) => {
                expected.near.insert(other.id);
                let widen = match mine[0] {
                    Criterion::Age => miss(me, o, Criterion::Age) <= 2,
                    Criterion::Height => miss(me, o, Criterion::Height) <= 5,
                    Criterion::Education => miss(me, o, Criterion::Education) <= 1,
                    _ => true,
                };
                if widen {
                    *expected.widened.entry(mine[0]).or_default() += 1;
                }
            }
            (0, 1) => {
                expected.near.insert(other.id);
            }
            _ => {}
        }
    }
    expected
}

fn random_station(seed: u64, members: usize) -> (Db, Vec<Member>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut db = Db::open_in_memory().unwrap();
    for n in 0..members {
        let data = random_member(&mut rng, n);
        db.insert_member(data, None, &Actor::terminal(), today())
            .unwrap();
    }
    // Consent is required to register; a member can only lack it in older or imported data.
    db.connection()
        .execute("UPDATE members SET consent = 0 WHERE id % 20 = 7", [])
        .unwrap();
    let all: Vec<Member> = (1..=members as i64)
        .map(|id| db.member(id).unwrap())
        .collect();
    // Some history: introductions at every stage, ended ones with and without a block.
    let date = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let mut made = 0;
    for _ in 0..4000 {
        if made == 120 {
            break;
        }
        let a = &all[rng.random_range(0..all.len())];
        let b = &all[rng.random_range(0..all.len())];
        let Ok(intro) = db.add_introduction(a.id, b.id, date, &Actor::terminal(), today()) else {
            continue;
        };
        made += 1;
        match made % 5 {
            0 => {}
            1 => {
                agreed(&mut db, intro.id);
                db.advance_introduction(
                    intro.id,
                    hongniang_core::introductions::Stage::Met,
                    date,
                    &Actor::terminal(),
                    "",
                    today(),
                )
                .unwrap();
            }
            2 => {
                agreed(&mut db, intro.id);
                let _ = db.advance_introduction(
                    intro.id,
                    hongniang_core::introductions::Stage::Married,
                    date,
                    &Actor::terminal(),
                    "",
                    today(),
                );
            }
            3 => {
                db.end_introduction(
                    intro.id,
                    (EndReason::AgeGap, EndSide::A),
                    date,
                    &Actor::terminal(),
                    "",
                    true,
                    today(),
                )
                .unwrap();
            }
            _ => {
                db.end_introduction(
                    intro.id,
                    (EndReason::Unreachable, EndSide::Neither),
                    date,
                    &Actor::terminal(),
                    "",
                    false,
                    today(),
                )
                .unwrap();
            }
        }
    }
    assert!(made >= 100, "only {made} introductions were possible");
    // Statuses changed (marriages): read everyone again.
    let all = (1..=members as i64)
        .map(|id| db.member(id).unwrap())
        .collect();
    (db, all)
}

#[derive(Debug, Default)]
struct Seen {
    widenings: usize,
    near: usize,
    unknown: usize,
    busy: usize,
    introduced: usize,
    blocked: usize,
    household: usize,
    employer: usize,
}

#[test]
fn candidates_equal_the_oracle() {
    for seed in [1, 2] {
        let (db, all) = random_station(seed, 1200);
        let index = PairingIndex::build(&db).unwrap();
        let weights = Weights::default();
        let mut checked = 0;
        let mut seen = Seen::default();
        for member in all
            .iter()
            .filter(|m| m.data.status == MemberStatus::Active && m.data.withheld().is_none())
            .take(80)
        {
            let exclusions = db.pairing_exclusions(member.id, index.built_at()).unwrap();
            let pairing = index
                .pair(member, &exclusions, &weights, today(), usize::MAX)
                .unwrap();
            let expected = oracle(&db, &all, member);
            let fits: BTreeSet<i64> = pairing.candidates.iter().map(|c| c.member_id).collect();
            let near: BTreeSet<i64> = pairing.near_misses.iter().map(|c| c.member_id).collect();
            assert_eq!(fits, expected.fits, "fits of {}", member.number);
            assert_eq!(pairing.fit_count, expected.fits.len());
            assert_eq!(near, expected.near, "near misses of {}", member.number);
            let widened: BTreeMap<Criterion, usize> = pairing
                .widenings
                .iter()
                .map(|w| (w.criterion, w.more))
                .collect();
            assert_eq!(widened, expected.widened, "widenings of {}", member.number);
            let e = pairing.excluded;
            assert_eq!(
                (
                    e.busy,
                    e.introduced_before,
                    e.blocked,
                    e.same_household,
                    e.same_employer
                ),
                (
                    expected.busy,
                    expected.introduced,
                    expected.blocked,
                    expected.household,
                    expected.employer
                ),
                "exclusions of {}",
                member.number
            );
            // Every fit has no ✗ either way; every near miss exactly one.
            for c in &pairing.candidates {
                assert_eq!(c.fails().count(), 0);
                let unknowns = c
                    .for_member
                    .iter()
                    .chain(&c.for_candidate)
                    .filter(|check| check.verdict == Verdict::Unknown)
                    .count();
                assert_eq!(unknowns, usize::from(c.unknowns));
            }
            for c in &pairing.near_misses {
                assert_eq!(c.fails().count(), 1);
            }
            // Best first.
            assert!(
                pairing
                    .candidates
                    .windows(2)
                    .all(|w| w[0].score >= w[1].score)
            );
            checked += usize::from(!expected.fits.is_empty());
            seen.widenings += pairing.widenings.len();
            seen.near += pairing.near_misses.len();
            seen.unknown += pairing
                .candidates
                .iter()
                .map(|c| usize::from(c.unknowns))
                .sum::<usize>();
            seen.busy += e.busy;
            seen.introduced += e.introduced_before;
            seen.blocked += e.blocked;
            seen.household += e.same_household;
            seen.employer += e.same_employer;
        }
        assert!(checked > 40, "too few members had candidates ({checked})");
        // The data exercised every rule.
        assert!(
            seen.widenings > 0
                && seen.near > 0
                && seen.unknown > 0
                && seen.busy > 0
                && seen.introduced > 0
                && seen.household > 0
                && seen.employer > 0,
            "{seen:?}"
        );
    }
}

#[test]
fn a_limit_keeps_the_best() {
    let (db, all) = random_station(3, 600);
    let index = PairingIndex::build(&db).unwrap();
    let member = all
        .iter()
        .find(|m| {
            m.data.status == MemberStatus::Active
                && m.data.withheld().is_none()
                && pairing::pair(&db, &index, m.id, today(), usize::MAX)
                    .is_ok_and(|p| p.fit_count > 10)
        })
        .expect("a member with more than 10 candidates");
    let everyone = pairing::pair(&db, &index, member.id, today(), usize::MAX).unwrap();
    let top = pairing::pair(&db, &index, member.id, today(), 5).unwrap();
    assert_eq!(top.candidates.len(), 5);
    assert_eq!(top.fit_count, everyone.fit_count);
    assert_eq!(top.candidates, everyone.candidates[..5]);
    assert!(top.candidates.iter().all(|c| c.summary.is_some()));
}

fn person(name: &str, gender: Gender, birth_year: i32) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(birth_year, 3),
        phone: format!("1380000{:04}", name.len() * 97 + birth_year as usize % 1000),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2026, 1, 5),
        ..MemberData::default()
    }
}

#[test]
fn explanations_read_both_ways_with_values() {
    let mut db = Db::open_in_memory().unwrap();
    let she = MemberData {
        height_cm: Some(162),
        education: Some(Education::Bachelor),
        marital_status: Some(MaritalStatus::Single),
        district: "上城区".into(),
        hobbies: "爬山、摄影".into(),
        preferences: Preferences {
            age_min: Some(28),
            age_max: Some(35),
            height_min: Some(170),
            height_max: Some(180),
            education_min: Some(Education::Bachelor),
            requires_housing: true,
            ..Preferences::default()
        },
        ..person("李芳", Gender::Female, 1994)
    };
    let he = MemberData {
        height_cm: Some(175),
        education: Some(Education::Master),
        district: "上城区".into(),
        hobbies: "摄影,读书".into(),
        // Housing left blank: 需问清楚, not a fail.
        preferences: Preferences {
            marital_statuses: vec![MaritalStatus::Single],
            height_min: Some(160),
            ..Preferences::default()
        },
        ..person("王强", Gender::Male, 1995)
    };
    let she = db
        .insert_member(she, None, &Actor::terminal(), today())
        .unwrap();
    let he = db
        .insert_member(he, None, &Actor::terminal(), today())
        .unwrap();
    let index = PairingIndex::build(&db).unwrap();
    let pairing = pairing::pair(&db, &index, she.id, today(), 10).unwrap();
    assert_eq!(pairing.fit_count, 1, "{pairing:#?}");
    let c = &pairing.candidates[0];
    assert_eq!(c.member_id, he.id);
    let texts: Vec<(String, Verdict)> = c
        .for_member
        .iter()
        .map(|c| (c.text.clone(), c.verdict))
        .collect();
    assert_eq!(
        texts,
        [
            ("她要求 28–35 岁,他 31 岁".to_string(), Verdict::Meets),
            (
                "她要求 170–180 厘米,他 175 厘米".to_string(),
                Verdict::Meets
            ),
            ("她要求本科及以上,他硕士".to_string(), Verdict::Meets),
            ("她要求有房,他没填住房".to_string(), Verdict::Unknown),
        ]
    );
    let back: Vec<(String, Verdict)> = c
        .for_candidate
        .iter()
        .map(|c| (c.text.clone(), c.verdict))
        .collect();
    assert_eq!(
        back,
        [
            (
                "他要求 160 厘米以上,她 162 厘米".to_string(),
                Verdict::Meets
            ),
            ("他要求未婚,她未婚".to_string(), Verdict::Meets),
        ]
    );
    assert!(
        c.highlights.contains(&"都住在上城区".to_string()),
        "{:?}",
        c.highlights
    );
    assert!(
        c.highlights.contains(&"共同爱好:摄影".to_string()),
        "{:?}",
        c.highlights
    );
    assert_eq!(c.unknowns, 1);

    // A man 2 cm short of her requirement is a near miss, and widening the height finds him.
    let short = MemberData {
        height_cm: Some(168),
        education: Some(Education::Bachelor),
        housing: "有房无贷".into(),
        ..person("赵磊", Gender::Male, 1993)
    };
    let short = db
        .insert_member(short, None, &Actor::terminal(), today())
        .unwrap();
    let index = PairingIndex::build(&db).unwrap();
    let pairing = pairing::pair(&db, &index, she.id, today(), 10).unwrap();
    assert_eq!(pairing.fit_count, 1);
    assert_eq!(pairing.near_misses.len(), 1);
    let near = &pairing.near_misses[0];
    assert_eq!(near.member_id, short.id);
    let fail = near.fails().next().unwrap();
    assert_eq!(fail.text, "她要求 170–180 厘米,他 168 厘米");
    assert_eq!(fail.short_by.as_deref(), Some("差 2 厘米"));
    assert_eq!(pairing.widenings.len(), 1);
    assert_eq!(pairing.widenings[0].change, "身高放宽 5 厘米");
    assert_eq!(pairing.widenings[0].more, 1);

    // Once introduced, he is out of her pool (and out of everyone's while it goes on).
    let mut db = db;
    db.add_introduction(she.id, he.id, today(), &Actor::terminal(), today())
        .unwrap();
    let pairing = pairing::pair(&db, &index, she.id, today(), 10).unwrap();
    assert_eq!(pairing.fit_count, 0);
    assert_eq!(pairing.excluded.busy, 1);
    assert!(pairing.member_busy);
}

#[test]
fn only_active_consenting_members_are_paired() {
    let mut db = Db::open_in_memory().unwrap();
    let paused = MemberData {
        status: MemberStatus::Paused,
        ..person("钱多", Gender::Female, 1990)
    };
    let paused = db
        .insert_member(paused, None, &Actor::terminal(), today())
        .unwrap();
    let index = PairingIndex::build(&db).unwrap();
    let message = pairing::pair(&db, &index, paused.id, today(), 10)
        .unwrap_err()
        .to_string();
    assert!(message.contains("只有在册会员参加配对"), "{message}");
    // Neither a paused member nor one without consent is in the pool the 配对 box offers.
    let active = db
        .insert_member(
            person("孙静", Gender::Female, 1991),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let unsigned = db
        .insert_member(
            person("周敏", Gender::Female, 1992),
            None,
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    db.connection()
        .execute(
            "UPDATE members SET consent = 0 WHERE id = ?1",
            [unsigned.id],
        )
        .unwrap();
    let index = PairingIndex::build(&db).unwrap();
    assert!(index.contains(active.id));
    assert!(!index.contains(paused.id));
    assert!(!index.contains(unsigned.id));
}

#[test]
fn weights_are_kept_in_settings_and_clamped() {
    let db = Db::open_in_memory().unwrap();
    assert_eq!(db.pairing_weights().unwrap(), Weights::default());
    let mut weights = Weights::default();
    weights.set(hongniang_core::pairing::Soft::Interests, 9);
    assert_eq!(weights.interests, Weights::MAX);
    weights.age = 0;
    db.set_pairing_weights(&weights).unwrap();
    assert_eq!(db.pairing_weights().unwrap(), weights);
}
