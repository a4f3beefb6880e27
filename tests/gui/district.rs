//! 全区共享 in the window: 配对's 全区 over the other stations' profiles held here, and the
//! station's settings in 设置.

use super::*;
use hongniang::data::district::{Incoming, SharedProfile};
use hongniang::data::model::{Education, Hukou, MaritalStatus, Preferences};

fn man(n: u32, height: u16) -> SharedProfile {
    SharedProfile {
        key: format!("南星-2025-{n:04}"),
        station: "南星".into(),
        surname_title: "张先生".into(),
        gender: Gender::Male,
        birth: YearMonth::new(1992, 4).unwrap(),
        height_cm: Some(height),
        education: Some(Education::Master),
        occupation: "工程师".into(),
        district: "上城区".into(),
        hukou: Some(Hukou::Hangzhou),
        marital_status: Some(MaritalStatus::Single),
        housing: "有房无贷".into(),
        preferences: Preferences::default(),
        self_intro: "喜欢爬山".into(),
        shared_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
    }
}

#[test]
fn pairing_in_the_district_shows_the_other_stations_cards_with_both_verdicts() {
    use hongniang::gui::screen::pair;
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    register(
        &path,
        MemberData {
            preferences: Preferences {
                height_min: Some(170),
                ..Preferences::default()
            },
            ..person("李芳", Gender::Female, 1994, "13800000001")
        },
    );
    // What a sync left here: one man who fits, one too short for her.
    let mut db = Db::open(&path).unwrap();
    let received: Vec<Incoming> = [man(1, 176), man(2, 166)]
        .iter()
        .map(|p| Incoming {
            key: p.key.clone(),
            station: p.station.clone(),
            profile: Some(serde_json::to_string(p).unwrap()),
        })
        .collect();
    db.district_received(&received, "1").unwrap();
    indexes_ready(&mut app);

    feed(&mut app, [Message::Navigate(Page::Pair)]);
    let mut view = ui(&app);
    view.click(selector::id(pair::QUERY_ID)).unwrap();
    let _ = view.typewrite("lf");
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let mut view = ui(&app);
    let age = |year: i32| YearMonth::new(year, 4).unwrap().age_on(today);
    view.click(format!("李芳 · 2025-0001 · 女 · {} 岁", age(1994)).as_str())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let mut view = ui(&app);
    assert!(
        view.find("符合双方要求 0 人(可介绍的异性在册会员 0 人)")
            .is_ok()
    );

    drop(view);
    // The radio 全区(其他站点) (the simulator does not click radios by label).
    settle(
        &mut app,
        [Message::Pair(pair::Message::Scope(pair::Scope::District))],
    );
    let mut view = ui(&app);
    assert!(
        view.find("全区符合双方要求 1 人(其他站点同意共享的异性会员 2 人,截至上次同步)")
            .is_ok()
    );
    assert!(view.find("只差一条要求的(共 1 人)").is_ok());
    let title = format!(
        "1. 南星 · 张先生 · {} 岁 · 176 cm · 硕士 · 工程师",
        age(1992)
    );
    view.click(title.as_str())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let mut view = ui(&app);
    assert!(view.find("她要求 170 cm以上,他 176 cm").is_ok());
    assert!(view.find("南星-2025-0001 · 张先生").is_ok());
    assert!(
        view.find(
            "想介绍的话,请联系南星站的红娘:由他们先问张先生本人的意愿,双方同意后再交换联系方式。"
        )
        .is_ok()
    );

    // Back to 本站.
    drop(view);
    settle(
        &mut app,
        [Message::Pair(pair::Message::Scope(pair::Scope::Station))],
    );
    let mut view = ui(&app);
    assert!(
        view.find("符合双方要求 0 人(可介绍的异性在册会员 0 人)")
            .is_ok()
    );
}

#[test]
fn joining_the_district_in_settings_says_what_is_wrong_and_keeps_what_was_typed() {
    use hongniang::gui::screen::settings::{self, DistrictField};
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Settings)]);
    {
        let mut view = ui(&app);
        assert!(view.find("全区共享").is_ok());
        assert!(view.find("立即同步").is_err(), "not before it is set up");
    }
    let typed =
        |field, value: &str| Message::Settings(settings::Message::District(field, value.into()));
    feed(
        &mut app,
        [
            typed(DistrictField::Station, "湖滨"),
            typed(DistrictField::Server, "host=10.0.0.5 dbname=district"),
        ],
    );
    let mut view = ui(&app);
    view.click("保存设置").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    {
        let mut view = ui(&app);
        assert!(
            view.find("服务器地址里要写本站的用户名,例如 user=hubin")
                .is_ok()
        );
        assert!(view.find("湖滨").is_ok(), "what was typed stays");
    }
    assert_eq!(app.db().district_settings().unwrap(), None);

    feed(
        &mut app,
        [typed(
            DistrictField::Server,
            "host=10.0.0.5 dbname=district user=hubin",
        )],
    );
    let mut view = ui(&app);
    view.click("保存设置").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let mut view = ui(&app);
    assert!(
        view.find("全区共享的设置已保存;可以点“立即同步”试一下")
            .is_ok()
    );
    assert!(view.find("立即同步").is_ok());
    assert!(view.find("还没有同步过").is_ok());
    let saved = app.db().district_settings().unwrap().unwrap();
    assert_eq!(saved.station, "湖滨");
    assert_eq!(saved.server, "host=10.0.0.5 dbname=district user=hubin");
}
