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
        "1. 南星 · 张先生 · {} 岁 · 176 厘米 · 硕士 · 工程师",
        age(1992)
    );
    view.click(title.as_str())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let mut view = ui(&app);
    assert!(view.find("她要求 170 厘米以上,他 176 厘米").is_ok());
    assert!(view.find("南星-2025-0001 · 张先生").is_ok());
    // She did not agree to 全区共享: no request, and why.
    assert!(
        view.find(
            "李芳没有同意全区共享,其他站点看不到本人的资料,不能请求介绍。请本人在登记表上勾选“全区共享”后再请求。"
        )
        .is_ok()
    );
    assert!(view.find("向南星站请求介绍").is_err());

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
    use hongniang::gui::screen::settings::{self, district};
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Settings)]);
    {
        let mut view = ui(&app);
        assert!(view.find("全区共享").is_ok());
        assert!(view.find("立即同步").is_err(), "not before it is set up");
    }
    let typed = |field, value: &str| {
        Message::Settings(settings::Message::District(district::Message::Field(
            field,
            value.into(),
        )))
    };
    feed(
        &mut app,
        [
            typed(district::Field::Station, "湖滨"),
            typed(district::Field::Server, "host=10.0.0.5 dbname=district"),
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

    // Without the district's certificate: refused, what was typed kept.
    feed(
        &mut app,
        [typed(
            district::Field::Server,
            "host=10.0.0.5 dbname=district user=hubin",
        )],
    );
    let mut view = ui(&app);
    view.click("保存设置").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(
        ui(&app)
            .find(
                "请选上全区的证书文件(.pem,向全区管理员要):没有它,程序无法确认连到的是全区服务器,密码可能被截获"
            )
            .is_ok()
    );
    assert_eq!(app.db().district_settings().unwrap(), None);
    // A mode that may send the password in clear text: refused before anything is kept.
    let certificate = _dir.path().join("district.pem");
    std::fs::write(
        &certificate,
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    feed(
        &mut app,
        [
            typed(
                district::Field::Server,
                "host=10.0.0.5 dbname=district user=hubin sslmode=prefer",
            ),
            typed(district::Field::Certificate, certificate.to_str().unwrap()),
        ],
    );
    let mut view = ui(&app);
    view.click("保存设置").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(
        ui(&app)
            .find(
                "服务器地址里的 sslmode=prefer 不够安全:连接可能不加密,或不核对对方是不是全区服务器,密码可能被人截获。\
                 请删掉“sslmode=prefer”(程序总是加密,并用全区证书核对服务器),或改成 sslmode=verify-full"
            )
            .is_ok()
    );
    assert_eq!(app.db().district_settings().unwrap(), None);

    feed(
        &mut app,
        [typed(
            district::Field::Server,
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

/// The test cluster (tools/district-pg) and its certificate, or `None` (skipped; never in CI).
fn server() -> Option<(postgres::Config, String)> {
    match (
        std::env::var("HONGNIANG_PG"),
        std::env::var("HONGNIANG_PG_CA"),
    ) {
        (Ok(config), Ok(ca)) => Some((config.parse().unwrap(), ca)),
        _ => {
            assert!(
                std::env::var_os("HONGNIANG_REQUIRE_PG").is_none(),
                "HONGNIANG_PG / HONGNIANG_PG_CA are not set"
            );
            None
        }
    }
}

#[test]
fn a_request_asked_in_pairing_is_answered_on_the_other_stations_home_page() {
    use hongniang::data::district::DistrictSettings;
    use hongniang::gui::screen::pair;
    use postgres::NoTls;
    let Some((config, ca)) = server() else { return };
    let mut admin = config.connect(NoTls).unwrap();
    admin
        .batch_execute("DROP DATABASE IF EXISTS hn_gui")
        .unwrap();
    admin.batch_execute("CREATE DATABASE hn_gui").unwrap();
    let mut district = config.clone();
    district.dbname("hn_gui");
    let mut district = district.connect(NoTls).unwrap();
    hongniang_district::migrate(&mut district).unwrap();
    hongniang_district::add_station(&mut district, "湖滨", "湖滨街道工会", "gui_hubin").unwrap();
    hongniang_district::add_station(&mut district, "南星", "南星街道工会", "gui_nanxing").unwrap();
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => "127.0.0.1".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let settings = |code: &str, role: &str| DistrictSettings {
        station: code.into(),
        server: format!("host={host} port={port} dbname=hn_gui user={role} sslmode=require"),
        ca_file: ca.clone(),
    };
    let today = hongniang::data::today();
    let shared = |data: MemberData| MemberData {
        district_consent_on: Some(today),
        ..data
    };

    // 湖滨: this window's station, with 李芳 shared; 南星: 王强 shared.
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    register(
        &path,
        shared(person("李芳", Gender::Female, 1994, "13800000001")),
    );
    let mut a = Db::open(&path).unwrap();
    let hubin = settings("湖滨", "gui_hubin");
    a.set_district_settings(&Actor::terminal(), &hubin).unwrap();
    let b_path = _dir.path().join("nanxing.db");
    let mut b = Db::open(&b_path).unwrap();
    b.set_station_name("南星相亲工作站").unwrap();
    b.add_volunteer(&hongniang_core::Actor::terminal(), "陈阿姨")
        .unwrap();
    b.insert_member(
        shared(person("王强", Gender::Male, 1992, "13800000002")),
        None,
        &Actor::terminal(),
        today,
    )
    .unwrap();
    let nanxing = settings("南星", "gui_nanxing");
    b.set_district_settings(&Actor::terminal(), &nanxing)
        .unwrap();
    let sync = |db: &mut Db, s: &DistrictSettings| {
        hongniang_district::station::sync_as(db, &Actor::terminal(), s, None).unwrap()
    };
    sync(&mut b, &nanxing);
    sync(&mut a, &hubin);
    sync(&mut b, &nanxing);
    indexes_ready(&mut app);

    // 湖滨's volunteer finds 王强 in 全区 and asks 南星.
    feed(&mut app, [Message::Navigate(Page::Pair)]);
    let mut view = ui(&app);
    view.click(selector::id(pair::QUERY_ID)).unwrap();
    let _ = view.typewrite("lf");
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let age = |year: i32| YearMonth::new(year, 4).unwrap().age_on(today);
    let mut view = ui(&app);
    view.click(format!("李芳 · 2025-0001 · 女 · {} 岁", age(1994)).as_str())
        .unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    settle(
        &mut app,
        [
            Message::Pair(pair::Message::Scope(pair::Scope::District)),
            Message::Pair(pair::Message::Select(pair::Pick::Fit(0))),
            Message::Pair(pair::Message::RequestNoteChanged(
                "湖滨站 楼老师 0571-87000000".into(),
            )),
        ],
    );
    let mut view = ui(&app);
    view.click("向南星站请求介绍").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let mut view = ui(&app);
    let key = b.shared_profiles("南星").unwrap().remove(0).key;
    assert!(
        view.find(
            format!(
                "已向南星站请求介绍李芳 与 {key}。对方红娘问过本人后会答复,同步后在首页可以看到。"
            )
            .as_str()
        )
        .is_ok()
    );
    drop(view);

    // 南星's window: the request on 首页 after a sync; the volunteer asked 王强, who agrees.
    sync(&mut b, &nanxing);
    let mut other = App::new(Db::open(&b_path).unwrap(), b_path.clone());
    let mut view = ui(&other);
    let title = format!(
        "湖滨站请求介绍:湖滨-2025-0001 李女士 · {} 岁 与 本站 王强",
        age(1994)
    );
    view.find(title.as_str())
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(view.find("留言:湖滨站 楼老师 0571-87000000").is_ok());
    assert!(view.find("等本站答复").is_ok());
    view.click("本人同意介绍").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut other, messages);
    let mut view = ui(&other);
    let said = format!(
        "已答复湖滨站:本站已同意({today})。已记入本站牵线记录;请打电话给对方红娘(留言里有联系方式),交换两人的联系方式"
    );
    view.find(said.as_str()).unwrap_or_else(|e| panic!("{e:?}"));
    // From 首页 to the introduction in 南星's own 牵线记录: the other side is 湖滨's member.
    view.click("打开牵线记录").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut other, messages);
    let mut view = ui(&other);
    view.find("王强 与 李女士(湖滨站)")
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(view.find("现在:介绍 · 双方同意,待交换联系方式").is_ok());
    let request = b.district_requests().unwrap().remove(0).id;
    let followed = format!(
        "全区介绍(请求 {request}):对方是湖滨站的会员,由湖滨站红娘跟进;湖滨站还没有告知进展"
    );
    view.find(followed.as_str())
        .unwrap_or_else(|e| panic!("{e:?}"));
    drop(view);

    // Back at 湖滨, whose window syncs by itself every half hour: not at 29 minutes, at 31.
    use hongniang::gui::session;
    let minutes = |m: u64| std::time::Duration::from_secs(m * 60);
    app.district_sync_started_ago(minutes(29));
    settle(&mut app, [Message::Session(session::Message::Tick)]);
    let sent = a.district_requests().unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].state_text(),
        "等南星站答复",
        "no sync before half an hour"
    );
    app.district_sync_started_ago(minutes(31));
    settle(&mut app, [Message::Session(session::Message::Tick)]);
    let sent = a.district_requests().unwrap();
    assert!(
        sent[0].state_text().starts_with("南星站已同意"),
        "{}",
        sent[0].state_text()
    );
    assert!(sent[0].introduction_id.is_some(), "in 湖滨's 牵线记录 too");
    let last = a.district_last_sync().unwrap().unwrap();
    assert!(last.summary.contains("介绍请求有 1 条新消息"), "{last:?}");

    // The district union reads its figures in 统计 with its own login.
    use hongniang::gui::screen::statistics::{self, UnionField};
    district
        .batch_execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gui_union') THEN
                CREATE ROLE gui_union LOGIN; END IF; END $$; GRANT hn_union TO gui_union;",
        )
        .unwrap();
    settle(&mut other, [Message::Navigate(Page::Statistics)]);
    let union =
        |field, value: &str| Message::Statistics(statistics::Message::Union(field, value.into()));
    // Typed with a weak sslmode: refused before any connection, in words.
    settle(
        &mut other,
        [
            union(
                UnionField::Server,
                &format!("host={host} port={port} dbname=hn_gui user=gui_union sslmode=require"),
            ),
            union(UnionField::Certificate, &ca),
            Message::Statistics(statistics::Message::ReadUnion),
        ],
    );
    assert!(
        ui(&other)
            .find("服务器地址里的 sslmode=require 不够安全:连接可能不加密,或不核对对方是不是全区服务器,密码可能被人截获。请删掉“sslmode=require”(程序总是加密,并用全区证书核对服务器),或改成 sslmode=verify-full")
            .is_ok()
    );
    assert!(ui(&other).find("全区 2 个站点").is_err(), "nothing read");
    settle(
        &mut other,
        [
            union(
                UnionField::Server,
                &format!("host={host} port={port} dbname=hn_gui user=gui_union"),
            ),
            Message::Statistics(statistics::Message::ReadUnion),
        ],
    );
    let mut view = ui(&other);
    assert!(view.find("合计").is_ok());
    assert!(view.find("全区 2 个站点").is_ok());
    assert!(view.find("南星街道工会").is_ok());
    assert!(view.find("导出 Excel(到“文档”文件夹)").is_ok());
    // And each station's 年度工作报告 of this year, sent with its sync, with the district's total.
    let year = chrono::Datelike::year(&hongniang::data::today());
    assert!(view.find(format!("{year}年 各站工作报告").as_str()).is_ok());
    assert!(view.find("全区合计(2 个站点)").is_ok());
    assert!(view.find("导出年度报告 Excel(到“文档”文件夹)").is_ok());
    drop(view);
    // The union's own period in the same boxes as 统计: asked of the stations, both waited for.
    let (from, to) = (format!("{}-12-01", year - 1), format!("{year}-11-30"));
    settle(
        &mut other,
        [
            union(UnionField::From, &from),
            union(UnionField::To, &to),
            Message::Statistics(statistics::Message::ReadUnion),
        ],
    );
    let mut view = ui(&other);
    let asked = format!("还没有站点送来 {from} 至 {to} 的工作报告:已请各站点在下次同步时送来。");
    assert!(view.find(asked.as_str()).is_ok());
}

#[test]
fn searching_the_district_finds_the_other_stations_members_by_their_cards() {
    use hongniang::gui::screen::search;
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    register(&path, person("李芳", Gender::Female, 1994, "13800000001"));
    indexes_ready(&mut app);
    feed(&mut app, [Message::Navigate(Page::Search)]);
    // Nothing synced yet: said so.
    settle(
        &mut app,
        [Message::Search(search::Message::Scope(
            search::Scope::District,
        ))],
    );
    assert!(
        ui(&app)
            .find("本机还没有其他站点的会员资料。到 设置 → 全区共享 点“立即同步”(本站要先加入全区共享)。")
            .is_ok()
    );

    let mut db = Db::open(&path).unwrap();
    let mut nurse = man(3, 160);
    nurse.gender = Gender::Female;
    nurse.surname_title = "王女士".into();
    nurse.occupation = "护士".into();
    let received: Vec<Incoming> = [man(1, 176), man(2, 166), nurse]
        .iter()
        .map(|p| Incoming {
            key: p.key.clone(),
            station: p.station.clone(),
            profile: Some(serde_json::to_string(p).unwrap()),
        })
        .collect();
    db.district_received(&received, "1").unwrap();
    settle(
        &mut app,
        [
            Message::Search(search::Message::Scope(search::Scope::Station)),
            Message::Search(search::Message::Scope(search::Scope::District)),
        ],
    );
    let mut view = ui(&app);
    assert!(
        view.find("全区(其他站点同意共享的,截至上次同步)找到 3 位会员")
            .is_ok()
    );
    drop(view);
    settle(
        &mut app,
        [Message::Search(search::Message::Text("护士".into()))],
    );
    let mut view = ui(&app);
    assert!(
        view.find("全区(其他站点同意共享的,截至上次同步)找到 1 位会员,最符合的在前")
            .is_ok()
    );
    assert!(view.find("王女士").is_ok());
    assert!(view.find("李芳").is_err(), "not this station's own");
    drop(view);
    // A card is not a member of this station: opening it says where to go.
    settle(&mut app, [Message::Search(search::Message::OpenSelected)]);
    assert!(
        ui(&app)
            .find("这是其他站点的会员:到「配对」选本站的会员,在“全区”里看双方的要求,再向对方站点请求介绍")
            .is_ok()
    );
    // Back to 本站: her again.
    settle(
        &mut app,
        [
            Message::Search(search::Message::Text(String::new())),
            Message::Search(search::Message::Scope(search::Scope::Station)),
        ],
    );
    assert!(ui(&app).find("找到 1 位会员").is_ok());
}
