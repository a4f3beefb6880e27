//! 全区共享: who is shared with the district's stations, and what of them.

use chrono::NaiveDate;
use hongniang_core::district::{SharedProfile, shared_profile};
use hongniang_core::members::PhotoChange;
use hongniang_core::model::{
    Education, Gender, Hukou, MaritalStatus, MemberData, MemberStatus, OwnConsentHow, Preferences,
    Registrant, RegistrantRelation, YearMonth,
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
        own_consent_on: NaiveDate::from_ymd_opt(2024, 3, 9),
        own_consent_how: Some(OwnConsentHow::InPerson),
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

#[test]
fn a_sync_sends_only_what_changed_and_takes_back_who_left() {
    use hongniang_core::district::Incoming;
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let a = db
        .insert_member(her("13800000001"), None, &actor, today())
        .unwrap();
    let mut other = her("13800000002");
    other.name = "李娜".into();
    let b = db.insert_member(other, None, &actor, today()).unwrap();

    let first = db.district_outgoing("湖滨").unwrap();
    assert_eq!(first.changed.len(), 2);
    assert!(first.removed.is_empty());
    db.district_sent(&first).unwrap();
    assert!(
        db.district_outgoing("湖滨").unwrap().is_empty(),
        "nothing new"
    );

    // A change of what is shared is sent again; a change of what is not (the phone) is not.
    let mut data = db.member(a.id).unwrap().data;
    data.height_cm = Some(165);
    data.phone = "13800000009".into();
    db.update_member(a.id, data, PhotoChange::Keep, &actor, today())
        .unwrap();
    let changed = db.district_outgoing("湖滨").unwrap();
    assert_eq!(changed.changed.len(), 1);
    assert!(changed.changed[0].1.contains("165"));
    db.district_sent(&changed).unwrap();
    let mut data = db.member(a.id).unwrap().data;
    data.phone = "13800000008".into();
    db.update_member(a.id, data, PhotoChange::Keep, &actor, today())
        .unwrap();
    assert!(db.district_outgoing("湖滨").unwrap().is_empty());

    // Withdrawn: taken back.
    let mut data = db.member(b.id).unwrap().data;
    data.district_consent_on = None;
    db.update_member(b.id, data, PhotoChange::Keep, &actor, today())
        .unwrap();
    let gone = db.district_outgoing("湖滨").unwrap();
    assert!(gone.changed.is_empty());
    assert_eq!(gone.removed, [format!("湖滨-{}", b.number)]);
    db.district_sent(&gone).unwrap();
    assert!(db.district_outgoing("湖滨").unwrap().is_empty());

    // What the other stations share is kept as received, removals included, with the watermark.
    let profile = db.shared_profiles("南星").unwrap().remove(0);
    let json = serde_json::to_string(&profile).unwrap();
    let received = [Incoming {
        key: profile.key.clone(),
        station: "南星".into(),
        profile: Some(json.clone()),
    }];
    let counts = |db: &mut Db, rows: &[Incoming], next: &str| {
        let r = db.district_received(rows, next).unwrap();
        (r.changed, r.removed, r.refused)
    };
    assert_eq!(counts(&mut db, &received, "100"), (1, 0, 0));
    // Read again (an overlapping pull): the same, and nothing counted as new.
    assert_eq!(counts(&mut db, &received, "100"), (0, 0, 0));
    assert_eq!(
        db.district_mirror().unwrap(),
        std::slice::from_ref(&profile)
    );
    assert_eq!(db.district_pulled_from().unwrap().as_deref(), Some("100"));
    let removal = [Incoming {
        key: profile.key,
        station: "南星".into(),
        profile: None,
    }];
    assert_eq!(counts(&mut db, &removal, "120"), (0, 1, 0));
    assert_eq!(counts(&mut db, &removal, "120"), (0, 0, 0));
    assert!(db.district_mirror().unwrap().is_empty());
    assert_eq!(db.district_pulled_from().unwrap().as_deref(), Some("120"));
}

#[test]
fn a_received_card_is_checked_and_blotted_again_and_refused_when_it_breaks_the_rules() {
    use hongniang_core::district::{Incoming, Refusal, SHARED_PROFILE_MAX_BYTES, received_card};
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("a.db")).unwrap();
    let row = |card: &SharedProfile, station: &str| Incoming {
        key: card.key.clone(),
        station: station.into(),
        profile: Some(serde_json::to_string(card).unwrap()),
    };
    let json = |card: &SharedProfile| serde_json::to_string(card).unwrap();

    // A sending program that did not blot: blotted here, every free text.
    let mut loud = man_of("湖滨", 1, 1990, Some(175), 40);
    loud.self_intro = "请直接打我电话 13800001111,微信 zhang_1990".into();
    loud.preferences.other = "先加 QQ 123456789".into();
    loud.occupation = "工程师 138 0000 1111".into();
    loud.housing = "有房,身份证 330102199001011234".into();
    loud.surname_title = "张13800001111".into();
    let kept: SharedProfile =
        serde_json::from_str(&received_card(&row(&loud, "湖滨"), &json(&loud)).unwrap()).unwrap();
    assert_eq!(kept.self_intro, "请直接打我电话 ***,微信 ***");
    assert_eq!(kept.preferences.other, "先加 QQ ***");
    assert_eq!(kept.occupation, "工程师 ***");
    assert_eq!(kept.housing, "有房,身份证 ***");
    assert_eq!(kept.surname_title, "张***");

    // Its key says another station's member, in the row of 湖滨: refused.
    let mut forged = man_of("南星", 14, 1990, Some(175), 40);
    assert_eq!(
        received_card(&row(&forged, "湖滨"), &json(&forged)),
        Err(Refusal::Forged)
    );
    // The row's key is 湖滨's but the card inside says 南星's.
    let mut inside = row(&forged, "湖滨");
    inside.key = "湖滨-2026-0014".into();
    assert_eq!(received_card(&inside, &json(&forged)), Err(Refusal::Forged));
    forged.station = "湖滨".into();
    assert_eq!(
        received_card(&row(&forged, "湖滨"), &json(&forged)),
        Err(Refusal::Forged)
    );
    // Oversized, and not a card.
    let mut big = man_of("湖滨", 2, 1990, Some(175), 40);
    big.self_intro = "大".repeat(SHARED_PROFILE_MAX_BYTES / 3 + 1);
    assert_eq!(
        received_card(&row(&big, "湖滨"), &json(&big)),
        Err(Refusal::Oversized)
    );
    let fine = man_of("湖滨", 3, 1990, Some(175), 40);
    assert_eq!(
        received_card(&row(&fine, "湖滨"), "{\"key\": \"湖滨-2026-0003\"}"),
        Err(Refusal::Malformed)
    );
    assert_eq!(
        received_card(&row(&fine, "湖滨"), &json(&fine)),
        Ok(json(&fine)),
        "a card within the rules is kept as it came"
    );

    // A pull with all of them: two kept (one blotted), three refused and counted; a removal
    // of another station's member in 湖滨's row is refused too.
    let removal = Incoming {
        key: "南星-2026-0014".into(),
        station: "湖滨".into(),
        profile: None,
    };
    let received = db
        .district_received(
            &[
                row(&loud, "湖滨"),
                row(&forged, "湖滨"),
                row(&big, "湖滨"),
                row(&fine, "湖滨"),
                inside,
                removal,
            ],
            "1",
        )
        .unwrap();
    assert_eq!(
        (received.changed, received.removed, received.refused),
        (2, 0, 4)
    );
    let mirror = db.district_mirror().unwrap();
    assert_eq!(mirror.len(), 2);
    assert!(mirror.iter().all(|p| !p.self_intro.contains("1380000")));
}

#[test]
fn cards_kept_by_an_earlier_version_are_checked_once_at_the_next_pull() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("a.db")).unwrap();
    // As a version that trusted cards left them: one with a phone, one of 南星 in 湖滨's row,
    // and a request that copied the first.
    let mut loud = man_of("湖滨", 1, 1990, Some(175), 40);
    loud.self_intro = "请直接打我电话 13800001111".into();
    let forged = man_of("南星", 14, 1990, Some(175), 40);
    for (card, station) in [(&loud, "湖滨"), (&forged, "湖滨")] {
        db.connection()
            .execute(
                "INSERT INTO district_mirror (key, station, profile) VALUES (?1, ?2, ?3)",
                [&card.key, station, &serde_json::to_string(card).unwrap()],
            )
            .unwrap();
    }
    db.connection()
        .execute(
            "INSERT INTO district_requests (id, sent, member_key, partner_key, partner_station,
                 partner, note, asked_on, reason)
             VALUES (7, 1, '南星-2026-0001', ?1, '湖滨', ?2, '', '2026-11-01', '')",
            [&loud.key, &serde_json::to_string(&loud).unwrap()],
        )
        .unwrap();
    let received = db.district_received(&[], "5").unwrap();
    assert_eq!(received.refused, 1);
    let mirror = db.district_mirror().unwrap();
    assert_eq!(mirror.len(), 1);
    assert_eq!(mirror[0].self_intro, "请直接打我电话 ***");
    let request = db.district_request(7).unwrap();
    assert_eq!(request.partner.unwrap().self_intro, "请直接打我电话 ***");
    // Once: the next pull does not count them again.
    assert_eq!(db.district_received(&[], "6").unwrap().refused, 0);
}

/// A man of another station as the district shares him.
fn man_of(
    station: &str,
    n: u32,
    birth_year: i32,
    height: Option<u16>,
    wants_age_max: u16,
) -> SharedProfile {
    SharedProfile {
        key: format!("{station}-2026-{n:04}"),
        station: station.into(),
        surname_title: "张先生".into(),
        gender: Gender::Male,
        birth: YearMonth::new(birth_year, 3).unwrap(),
        height_cm: height,
        education: Some(Education::Master),
        occupation: "工程师".into(),
        district: "上城区".into(),
        hukou: Some(Hukou::Hangzhou),
        marital_status: Some(MaritalStatus::Single),
        housing: "有房无贷".into(),
        preferences: Preferences {
            age_max: Some(wants_age_max),
            ..Preferences::default()
        },
        self_intro: String::new(),
        shared_on: today(),
    }
}

#[test]
fn district_pairing_judges_the_other_stations_members_both_ways() {
    use hongniang_core::district::DistrictIndex;
    let mut db = Db::open_in_memory().unwrap();
    // She is 35 and wants a man of 32–38 with a bachelor's degree or more; also 170 cm or more.
    let mut data = her("13566778899");
    data.preferences.height_min = Some(170);
    let her = db
        .insert_member(data, None, &Actor::terminal(), today())
        .unwrap();
    let her = db.member(her.id).unwrap();
    let fits = man_of("南星", 1, 1990, Some(178), 40);
    let too_short = man_of("南星", 2, 1990, Some(165), 40);
    let wants_younger = man_of("望江", 3, 1990, Some(180), 30);
    let height_unknown = man_of("望江", 4, 1991, None, 40);
    // Two of hers failed: neither a candidate nor a near miss.
    let too_young = man_of("望江", 5, 2000, Some(160), 40);
    let mut woman = man_of("望江", 6, 1990, Some(165), 40);
    woman.gender = Gender::Female;
    let index = DistrictIndex::of_profiles(vec![
        fits.clone(),
        too_short.clone(),
        wants_younger.clone(),
        height_unknown.clone(),
        too_young,
        woman,
    ]);
    let pairing = index
        .pair(&her, &[], &Default::default(), today(), 20)
        .unwrap();
    let keys = |list: &[hongniang_core::pairing::Candidate]| -> Vec<String> {
        let mut keys: Vec<String> = list
            .iter()
            .map(|c| pairing.profile(c).unwrap().key.clone())
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(pairing.pairing.pool, 5, "the men of the other stations");
    assert_eq!(
        keys(&pairing.pairing.candidates),
        [fits.key.clone(), height_unknown.key.clone()]
    );
    assert_eq!(
        keys(&pairing.pairing.near_misses),
        [too_short.key.clone(), wants_younger.key.clone()]
    );
    // The verdicts name the side: hers on him, his on her.
    let near = &pairing.pairing.near_misses;
    let short = near
        .iter()
        .find(|c| pairing.profile(c).unwrap().key == too_short.key)
        .unwrap();
    assert_eq!(short.fails().count(), 1);
    assert!(
        short
            .for_member
            .iter()
            .any(|c| c.verdict == hongniang_core::pairing::Verdict::Fails)
    );
    let younger = near
        .iter()
        .find(|c| pairing.profile(c).unwrap().key == wants_younger.key)
        .unwrap();
    assert!(
        younger
            .for_candidate
            .iter()
            .any(|c| c.verdict == hongniang_core::pairing::Verdict::Fails)
    );
    // Her 其他要求 is still a line to ask about.
    let best = &pairing.pairing.candidates[0];
    assert!(
        best.for_member.iter().any(|c| c.text.contains("不抽烟")),
        "{:?}",
        best.for_member
    );
    assert_eq!(pairing.profile(best).unwrap().station, "南星");

    // The mirror as a sync leaves it gives the same.
    let received: Vec<_> = [&fits, &too_short]
        .iter()
        .map(|p| hongniang_core::district::Incoming {
            key: p.key.clone(),
            station: p.station.clone(),
            profile: Some(serde_json::to_string(p).unwrap()),
        })
        .collect();
    db.district_received(&received, "1").unwrap();
    let index = DistrictIndex::build(&db).unwrap();
    assert_eq!(index.len(), 2);
    let pairing = index
        .pair(&her, &[], &Default::default(), today(), 20)
        .unwrap();
    let asked = [fits.key.clone()];
    assert_eq!(keys(&pairing.pairing.candidates), asked);
    // Once asked about or introduced, not suggested again.
    let pairing = index
        .pair(&her, &asked, &Default::default(), today(), 20)
        .unwrap();
    assert!(pairing.pairing.candidates.is_empty());
    assert_eq!(pairing.pairing.excluded.introduced_before, 1);
}

#[test]
fn district_search_takes_the_same_conditions_as_the_stations_own() {
    use hongniang_core::search::{Query, SearchIndex};
    let mut tall = man_of("南星", 1, 1990, Some(180), 40);
    tall.occupation = "软件工程师".into();
    let short = man_of("南星", 2, 1995, Some(165), 40);
    let mut woman = man_of("望江", 3, 1993, Some(162), 40);
    woman.gender = Gender::Female;
    woman.surname_title = "李女士".into();
    woman.occupation = "护士".into();
    let profiles = vec![tall.clone(), short.clone(), woman.clone()];
    let index = SearchIndex::of_profiles(&profiles);
    let keys = |query: Query| -> Vec<String> {
        let mut keys: Vec<String> = index
            .search(&query, today())
            .positions
            .iter()
            .map(|&p| profiles[(index.summary(p).id - 1) as usize].key.clone())
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(Query {
            gender: Some(Gender::Male),
            height_min: Some(175),
            ..Query::default()
        }),
        [tall.key.clone()]
    );
    assert_eq!(
        keys(Query {
            age_max: Some(33),
            ..Query::default()
        }),
        [short.key.clone(), woman.key.clone()]
    );
    assert_eq!(
        keys(Query {
            text: "护士".into(),
            ..Query::default()
        }),
        [woman.key.clone()]
    );
    assert_eq!(
        keys(Query {
            text: "李".into(),
            ..Query::default()
        }),
        [woman.key.clone()]
    );
    assert_eq!(keys(Query::default()).len(), 3);
}
