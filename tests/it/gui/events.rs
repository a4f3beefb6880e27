//! Issue 17 on the screens: a 联谊活动 from its form to the matches (sign-up by finding a member,
//! a walk-in registered on the spot, check-in, the 心动卡 typed in, the mutual matches confirmed
//! into introductions), and 首页's visitor counter.

use super::{
    Station, answers, feed, fill_and_save, indexes_ready, person, register, settle, station, ui,
};
use hongniang::data::Db;
use hongniang::data::events::{Arrival, Choice, Place};
use hongniang::data::introductions::Stage;
use hongniang::data::model::Gender;
use hongniang::gui::screen::events::{
    self, CARD_ID, FIND_ID, Field, Part, cards, event, form, sign_ups,
};
use hongniang::gui::{App, Message, Page, Screen};
use iced_test::selector;

fn ev(message: events::Message) -> Message {
    Message::Events(message)
}

/// The opened event of the 活动 page.
fn opened(app: &App) -> &events::Opened {
    let Screen::Events(page) = app.screen() else {
        panic!("expected the 活动 page");
    };
    page.opened.as_ref().expect("an event opened")
}

/// Clicks `label` on the screen and feeds what it said back in.
fn click(app: &mut App, label: &str) {
    let mut view = ui(app);
    view.click(label)
        .unwrap_or_else(|e| panic!("no “{label}” to click: {e:?}"));
    let messages: Vec<Message> = view.into_messages().collect();
    settle(app, messages);
}

fn member_of(app: &App, name: &str) -> i64 {
    opened(app)
        .attendees
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("{name} is not signed up"))
        .member_id
}

#[test]
fn an_event_from_its_form_to_the_confirmed_matches() {
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let men = [("王强", "13800000001"), ("赵磊", "13800000002")];
    let women = [("李芳", "13800000011"), ("陈静", "13800000012")];
    for (name, phone) in men {
        register(&path, person(name, Gender::Male, 1992, phone));
    }
    for (name, phone) in women {
        register(&path, person(name, Gender::Female, 1994, phone));
    }
    indexes_ready(&mut app);

    // The form: typed in, saved, and the event opens.
    settle(&mut app, [Message::Navigate(Page::Events)]);
    click(&mut app, "新建活动");
    let today_text = today.to_string();
    for (field, value) in [
        (Field::Title, "七夕相亲交友活动"),
        (Field::Date, today_text.as_str()),
        (Field::Time, "14:00"),
        (Field::Place, "燕子弄工作站"),
        (Field::Men, "3"),
        (Field::Women, "2"),
        (Field::MenFrom, "25"),
        (Field::MenTo, "45"),
    ] {
        feed(
            &mut app,
            [ev(events::Message::Form(form::Message::Field(
                field,
                value.into(),
            )))],
        );
    }
    click(&mut app, "保存活动");
    assert_eq!(opened(&app).event.data.title, "七夕相亲交友活动");
    assert!(ui(&app).find("男女人数一样").is_ok());

    // Sign-up: a name typed in the box finds the member, 报名 gives the place and the badge.
    for (name, _) in men.iter().chain(&women) {
        let mut view = ui(&app);
        view.click(selector::id(FIND_ID)).unwrap();
        let _ = view.typewrite(name);
        let messages: Vec<Message> = view.into_messages().collect();
        settle(&mut app, messages);
        click(&mut app, "报名");
    }
    // A refused sign-up (王强 is already signed up) keeps the name typed and what it found.
    {
        let mut view = ui(&app);
        view.click(selector::id(FIND_ID)).unwrap();
        let _ = view.typewrite("王强");
        let messages: Vec<Message> = view.into_messages().collect();
        settle(&mut app, messages);
    }
    let qiang = member_of(&app, "王强");
    settle(
        &mut app,
        [ev(events::Message::Event(event::Message::SignUps(
            sign_ups::Message::SignUp(qiang),
        )))],
    );
    assert!(
        ui(&app).find("已报名").is_ok(),
        "the member found is still listed after the refusal"
    );
    settle(
        &mut app,
        [ev(events::Message::Event(event::Message::SignUps(
            sign_ups::Message::FindChanged(String::new()),
        )))],
    );
    // One place is left for a man; the third woman goes on the waiting list.
    assert_eq!(opened(&app).event.counts(Gender::Male).confirmed, 2);
    assert_eq!(opened(&app).event.counts(Gender::Female).confirmed, 2);
    let mut view = ui(&app);
    assert!(view.find("男嘉宾 2/3 位").is_ok());
    assert!(view.find("女嘉宾 2/2 位").is_ok());
    drop(view);

    // A walk-in: registered on the spot, and signed up for the event on saving.
    click(&mut app, "现场登记新会员");
    assert!(matches!(app.screen(), Screen::Register(_)));
    fill_and_save(&mut app, &[]);
    let walk_in = opened(&app)
        .attendees
        .iter()
        .find(|a| a.name == "王芳")
        .expect("the walk-in is signed up")
        .clone();
    assert!(walk_in.walk_in);
    assert_eq!(walk_in.place, Place::Waiting, "the women's places are full");
    let Screen::Events(page) = app.screen() else {
        panic!()
    };
    assert!(page.notice().unwrap().contains("等待名单第 1 位"));

    // 取消报名 asks first, naming who would move up; 不取消 leaves everything as it was.
    let jing = member_of(&app, "陈静");
    let cancel = |member| {
        ev(events::Message::Event(event::Message::SignUps(
            sign_ups::Message::CancelSignUp(member),
        )))
    };
    settle(&mut app, [cancel(jing)]);
    assert!(
        ui(&app)
            .find("取消陈静的报名?等待名单上的王芳会补上名额(补上后不能退回)。")
            .is_ok()
    );
    let place_of = |app: &App, id: i64| {
        opened(app)
            .attendees
            .iter()
            .find(|a| a.member_id == id)
            .unwrap()
            .place
    };
    assert_eq!(
        place_of(&app, jing),
        Place::Confirmed,
        "nothing done before the answer"
    );
    click(&mut app, "不取消");
    assert_eq!(place_of(&app, jing), Place::Confirmed);
    assert!(ui(&app).find("确认取消").is_err());
    // 王芳 waiting: cancelled on 确认取消, nobody moves.
    settle(&mut app, [cancel(walk_in.member_id)]);
    assert!(ui(&app).find("取消王芳的报名?").is_ok());
    click(&mut app, "确认取消");
    assert_eq!(place_of(&app, walk_in.member_id), Place::Cancelled);
    assert_eq!(place_of(&app, jing), Place::Confirmed);

    // The day: everyone who has a place came, 赵磊 did not.
    let (qiang, lei) = (member_of(&app, "王强"), member_of(&app, "赵磊"));
    let (fang, jing) = (member_of(&app, "李芳"), member_of(&app, "陈静"));
    for (who, arrival) in [
        (qiang, Arrival::Arrived),
        (lei, Arrival::NoShow),
        (fang, Arrival::Arrived),
        (jing, Arrival::Arrived),
    ] {
        feed(
            &mut app,
            [ev(events::Message::Event(event::Message::SignUps(
                sign_ups::Message::CheckIn(who, Some(arrival)),
            )))],
        );
    }
    assert_eq!(opened(&app).event.counts(Gender::Male).arrived, 1);

    // The cards: 王强 wants to know 李芳 better and would be friends with 陈静; 李芳 marks
    // him back; 陈静 marks nobody (an empty card).
    click(&mut app, "录入心动卡");
    assert_eq!(opened(&app).part, Part::Cards);
    let badge = |app: &App, id: i64| {
        opened(app)
            .attendees
            .iter()
            .find(|a| a.member_id == id)
            .unwrap()
            .badge
            .unwrap()
    };
    let (fang_badge, jing_badge, qiang_badge) =
        (badge(&app, fang), badge(&app, jing), badge(&app, qiang));
    click(&mut app, &format!("男 {qiang_badge:02}"));
    let mut view = ui(&app);
    view.click(selector::id(CARD_ID)).unwrap();
    let _ = view.typewrite(&fang_badge.to_string());
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    feed(
        &mut app,
        [ev(events::Message::Event(event::Message::Cards(
            cards::Message::Friends(jing_badge.to_string()),
        )))],
    );
    // Saved: the next guest's card is open, the keyboard in its first box.
    let mut window = super::scroll::Window::new(&app, (1400.0, 3200.0));
    window.send(
        &mut app,
        ev(events::Message::Event(event::Message::Cards(
            cards::Message::Save,
        ))),
    );
    assert_eq!(
        window.focused(&app),
        Some(format!("{:?}", iced::widget::Id::new(CARD_ID))),
        "the next card's box has the keyboard"
    );
    // A badge nobody wears is refused with the message, and nothing is saved.
    click(&mut app, &format!("女 {fang_badge:02}"));
    feed(
        &mut app,
        [ev(events::Message::Event(event::Message::Cards(
            cards::Message::More("99".into()),
        )))],
    );
    click(&mut app, "保存这张心动卡");
    assert!(ui(&app).find("“99”不是到场的男嘉宾的号码").is_ok());
    assert_eq!(
        opened(&app).card_faults(),
        Some((true, false)),
        "only the box with 99 is framed red"
    );
    feed(
        &mut app,
        [ev(events::Message::Event(event::Message::Cards(
            cards::Message::More(format!("男{qiang_badge}")),
        )))],
    );
    click(&mut app, "保存这张心动卡");
    click(&mut app, &format!("女 {jing_badge:02}"));
    click(&mut app, "保存这张心动卡");
    assert!(
        opened(&app)
            .attendees
            .iter()
            .filter(|a| a.arrival == Some(Arrival::Arrived))
            .all(|a| a.card_entered)
    );

    // The matches: only the mutual pair; 王强's one-sided mark for 陈静 is not shown.
    click(&mut app, "互选结果");
    assert_eq!(opened(&app).matches.len(), 1);
    let mut view = ui(&app);
    assert!(view.find("互选成功 1 对").is_ok());
    assert!(
        view.find(format!("男 {qiang_badge:02} 王强 与 女 {fang_badge:02} 李芳").as_str())
            .is_ok()
    );
    assert!(view.find("双方都想进一步了解").is_ok());
    drop(view);
    let db = Db::open(&path).unwrap();
    let choices = db.event_choices(opened(&app).event.id).unwrap();
    assert!(choices.contains(&(qiang, jing, Choice::Friends)));
    assert!(!choices.iter().any(|c| c.0 == jing));

    // Confirmed after a second look: an introduction at 见面 with the event as its source.
    click(&mut app, "确认互选结果…");
    click(&mut app, "再看看");
    assert!(!opened(&app).event.matched);
    click(&mut app, "确认互选结果…");
    click(&mut app, "确认互选结果");
    assert!(opened(&app).event.matched);
    let id = opened(&app).matches[0]
        .introduction
        .expect("the match became an introduction");
    let intro = db.introduction(id).unwrap();
    assert_eq!(intro.stage, Stage::Met);
    assert_eq!(
        intro.event.as_ref().map(|e| e.title.as_str()),
        Some("七夕相亲交友活动")
    );
    assert!(ui(&app).find("打印互选结果条").is_ok());
    click(&mut app, "牵线记录 ›");
    assert!(matches!(app.screen(), Screen::Introductions(_)));
}

#[test]
fn the_home_page_counts_todays_visitors() {
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    settle(&mut app, [Message::Navigate(Page::Home)]);
    assert!(ui(&app).find("单身青年 0 人").is_ok());
    click(&mut app, "+1");
    click(&mut app, "+1");
    assert!(ui(&app).find("单身青年 2 人").is_ok());
    // A click too many is undone.
    click(&mut app, "-1");
    let day = Db::open(&path).unwrap().open_day(today).unwrap().unwrap();
    assert_eq!((day.singles, day.parents), (1, 0));
    // The 活动 page's 开放日 tab shows the same day.
    settle(&mut app, [Message::Navigate(Page::Events)]);
    click(&mut app, "开放日");
    assert!(ui(&app).find("单身青年 1 人").is_ok());
}

/// 座位与轮转 on the screen: the numbers typed, a plan refused in words (the boxes keep what
/// was typed), a plan made, a late guest seated with one click.
#[test]
fn an_event_seated_from_its_page() {
    use hongniang::data::events::EventData;
    use hongniang::gui::screen::events::seating;
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let actor = hongniang::data::Actor::terminal();
    let mut db = Db::open(&path).unwrap();
    let id = db
        .create_event(
            &actor,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(today + chrono::Duration::days(10)),
                start_time: "14:00".into(),
                places_men: 7,
                places_women: 6,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    let mut men = Vec::new();
    for i in 0..7 {
        for gender in [Gender::Male, Gender::Female] {
            if gender == Gender::Female && i == 6 {
                continue;
            }
            let m = register(
                &path,
                person(
                    &format!("嘉宾{}{i}", gender.label()),
                    gender,
                    1990 + i,
                    &format!("13800{i:03}{:03}", u8::from(gender == Gender::Male)),
                ),
            );
            db.sign_up(&actor, id, m, false, today).unwrap();
            if gender == Gender::Male {
                men.push(m);
            }
        }
    }
    // The seventh man signs up after the plan is made (the places were 6 then).
    db.cancel_sign_up(&actor, id, men[6], today).unwrap();
    drop(db);
    settle(
        &mut app,
        [
            Message::Navigate(Page::Events),
            ev(events::Message::List(events::list::Message::Open(id))),
            ev(events::Message::Event(event::Message::Part(Part::Seating))),
        ],
    );
    assert!(ui(&app).find("现在有座位的:男嘉宾 6 位,女嘉宾 6 位(未到的不排)。人多时分成几个区(或几条长桌),按年龄相近分区,同单位的男女分开。不填就用建议的数。").is_ok());
    let seat = |m: seating::Message| ev(events::Message::Event(event::Message::Seating(m)));
    feed(
        &mut app,
        [
            seat(seating::Message::Zones("2".into())),
            seat(seating::Message::Tables("2".into())),
        ],
    );
    click(&mut app, "排座位");
    assert!(opened(&app).seating.is_none(), "nothing written");
    assert!(
        ui(&app)
            .find("座位不够:男嘉宾 6 位、女嘉宾 6 位,2 个区每区 2 张桌只能坐 4 对,每区要 3 张桌。请多分几个区,或每区多摆几张桌")
            .is_ok()
    );
    feed(&mut app, [seat(seating::Message::Tables("4".into()))]);
    click(&mut app, "排座位");
    let plan = opened(&app).seating.clone().expect("a plan");
    assert_eq!(plan.zones.len(), 2);
    assert!(
        plan.zones
            .iter()
            .all(|z| z.men.len() == 3 && z.women.len() == 3)
    );
    assert!(ui(&app).find("打印主持人座位表").is_ok());

    // A late guest: listed with one button that seats him.
    let mut db = Db::open(&path).unwrap();
    db.sign_up(&actor, id, men[6], false, today).unwrap();
    drop(db);
    settle(
        &mut app,
        [
            ev(events::Message::Event(event::Message::Back)),
            ev(events::Message::List(events::list::Message::Open(id))),
            ev(events::Message::Event(event::Message::Part(Part::Seating))),
        ],
    );
    click(&mut app, "安排入座");
    let plan = opened(&app).seating.clone().expect("a plan");
    assert!(plan.unseated.is_empty());
    assert!(plan.zone_of(men[6]).is_some());
}

/// 网上报名 on the screen: a 问卷星 export chosen, its columns shown (one changed by hand), the
/// preview listing each row, then the import.
#[test]
fn online_sign_ups_previewed_and_imported_from_the_page() {
    use hongniang::data::events::EventData;
    use hongniang::gui::screen::events::online;
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let actor = hongniang::data::Actor::terminal();
    register(&path, person("王强", Gender::Male, 1990, "13900000001"));
    let mut db = Db::open(&path).unwrap();
    let id = db
        .create_event(
            &actor,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(today + chrono::Duration::days(10)),
                places_men: 5,
                places_women: 5,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    drop(db);
    let file = _dir.path().join("问卷星导出.csv");
    std::fs::write(
        &file,
        "序号,提交答卷时间,所用时间,来源,1、您的姓名,2、您的性别,3、出生年月,4、联系方式,5、是否同意《知情同意书》\n\
         1,2026/8/1 10:00:00,60秒,微信,王强,男,1990-04,13900000001,同意\n\
         2,2026/8/1 11:00:00,60秒,微信,陈静,女,1995-03,13711110003,同意\n\
         3,2026/8/1 12:00:00,60秒,微信,周杰,男,1991-02,13711110006,不同意\n",
    )
    .unwrap();
    let on = |m: online::Message| ev(events::Message::Event(event::Message::Online(m)));
    settle(
        &mut app,
        [
            Message::Navigate(Page::Events),
            ev(events::Message::List(events::list::Message::Open(id))),
            ev(events::Message::Event(event::Message::Part(Part::Online))),
            on(online::Message::Chosen(Some(file))),
        ],
    );
    let mut view = ui(&app);
    assert!(view.find("预览(还没有写入)").is_ok());
    assert!(
        view.find("没有导入:不是本站会员,没有勾选同意知情同意书,不能登记")
            .is_ok()
    );
    drop(view);
    assert!(
        opened(&app).attendees.is_empty(),
        "the preview writes nothing"
    );
    // The birth column taken out by hand: 陈静 can no longer be registered.
    settle(
        &mut app,
        [on(online::Message::Column(6, online::Choice(None)))],
    );
    assert!(ui(&app).find("导入(1 位)").is_ok());
    settle(
        &mut app,
        [on(online::Message::Column(
            6,
            online::Choice(Some(hongniang::data::event_import::Column::Birth)),
        ))],
    );
    click(&mut app, "导入(2 位)");
    let names: Vec<String> = opened(&app)
        .attendees
        .iter()
        .map(|a| a.name.clone())
        .collect();
    assert_eq!(names, ["王强", "陈静"]);
    assert!(ui(&app).find("导入结果").is_ok());
}

/// 通知短信 and 合办与经费 on the screen: the texts of the guests listed, a bad amount refused
/// in words with the amount kept, a partner and a cost added.
#[test]
fn texts_and_money_from_the_event_page() {
    use hongniang::data::events::{EventData, Funding};
    use hongniang::gui::screen::events::{money, texts};
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let actor = hongniang::data::Actor::terminal();
    let wang = register(&path, person("王强", Gender::Male, 1990, "13900000001"));
    let mut db = Db::open(&path).unwrap();
    let id = db
        .create_event(
            &actor,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(today + chrono::Duration::days(10)),
                start_time: "14:00".into(),
                places_men: 5,
                places_women: 5,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    db.sign_up(&actor, id, wang, false, today).unwrap();
    drop(db);
    settle(
        &mut app,
        [
            Message::Navigate(Page::Events),
            ev(events::Message::List(events::list::Message::Open(id))),
            ev(events::Message::Event(event::Message::Part(Part::Texts))),
        ],
    );
    assert!(ui(&app).find("导出 1 条短信名单(CSV)…").is_ok());
    let expected = Db::open(&path)
        .unwrap()
        .event_texts(
            id,
            hongniang::data::event_messages::TextKind::SignedUp,
            today,
        )
        .unwrap()
        .remove(0)
        .text;
    assert!(expected.starts_with("王先生您好!您已报名“七夕相亲交友活动”"));
    assert!(ui(&app).find(expected.as_str()).is_ok());
    settle(
        &mut app,
        [ev(events::Message::Event(event::Message::Texts(
            texts::Message::Kind(hongniang::data::event_messages::TextKind::Waiting),
        )))],
    );
    assert!(ui(&app).find("现在没有要发“等待名单”的嘉宾。").is_ok());

    let m = |m: money::Message| ev(events::Message::Event(event::Message::Money(m)));
    settle(
        &mut app,
        [
            ev(events::Message::Event(event::Message::Part(Part::Money))),
            m(money::Message::PartnerName("上城区教育工会".into())),
            m(money::Message::PartnerPlaces("20".into())),
            m(money::Message::AddPartner),
            m(money::Message::Source(Funding::Special)),
            m(money::Message::Amount("八千".into())),
            m(money::Message::AddCost),
        ],
    );
    assert!(ui(&app).find("上城区教育工会(工会) · 名额 20 位").is_ok());
    assert!(
        ui(&app)
            .find("金额“八千”看不懂:请写成 1200 或 1200.50(元)")
            .is_ok()
    );
    let db = Db::open(&path).unwrap();
    assert!(db.event_costs(id).unwrap().is_empty());
    drop(db);
    settle(
        &mut app,
        [
            m(money::Message::Amount("8000".into())),
            m(money::Message::AddCost),
        ],
    );
    assert!(ui(&app).find("专项经费 8,000 元").is_ok());
}

/// After the confirmation the cards are closed; 管理员更正心动卡… opens one, with the reason,
/// and the new mutual choice becomes an introduction.
#[test]
fn a_card_corrected_after_the_confirmation() {
    use hongniang::data::events::{Arrival, EventData};
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let actor = hongniang::data::Actor::terminal();
    let zhao = register(&path, person("赵磊", Gender::Male, 1990, "13900000002"));
    let chen = register(&path, person("陈静", Gender::Female, 1993, "13900000012"));
    let mut db = Db::open(&path).unwrap();
    let id = db
        .create_event(
            &actor,
            &EventData {
                title: "七夕相亲交友活动".into(),
                on_date: Some(today),
                places_men: 5,
                places_women: 5,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    for m in [zhao, chen] {
        db.sign_up(&actor, id, m, false, today).unwrap();
        db.check_in(&actor, id, m, Some(Arrival::Arrived), today)
            .unwrap();
    }
    db.enter_card(&actor, id, zhao, &[]).unwrap();
    db.enter_card(&actor, id, chen, &[(zhao, Choice::More)])
        .unwrap();
    db.confirm_matches(&actor, id, today).unwrap();
    drop(db);
    let card = |m: cards::Message| ev(events::Message::Event(event::Message::Cards(m)));
    settle(
        &mut app,
        [
            Message::Navigate(Page::Events),
            ev(events::Message::List(events::list::Message::Open(id))),
            ev(events::Message::Event(event::Message::Part(Part::Cards))),
        ],
    );
    click(&mut app, "管理员更正心动卡…");
    settle(
        &mut app,
        [
            card(cards::Message::Choose(zhao)),
            card(cards::Message::More("1".into())),
        ],
    );
    // Without a reason: said, nothing changed.
    click(&mut app, "保存更正");
    assert!(ui(&app).find("请写明为什么更正(会记入操作记录)").is_ok());
    assert!(opened(&app).matches.is_empty());
    settle(
        &mut app,
        [card(cards::Message::Reason("赵磊的卡录成了空卡".into()))],
    );
    click(&mut app, "保存更正");
    assert_eq!(opened(&app).matches.len(), 1);
    assert!(opened(&app).matches[0].introduction.is_some());
}

/// 全区联谊 on the screens (issue 35): this station's copy of another station's event shows
/// where it comes from, its block of badge numbers and the other stations' guests; a 心动卡
/// marks another station's guest by badge; 互选结果 lists the pairs with other stations' guests.
/// An event of this station still to come offers to invite other stations.
#[test]
fn a_district_event_shows_its_stations_and_takes_their_badges() {
    use hongniang::data::district::DistrictSettings;
    use hongniang::data::event_district::{MatchRow, SharedEventRow};
    use hongniang::data::events::{EventData, RemoteGuest};
    use hongniang::gui::screen::events::district;
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let actor = hongniang::data::Actor::terminal();
    let qiang = register(&path, person("王强", Gender::Male, 1992, "13800000001"));
    let fang = register(&path, person("李芳", Gender::Female, 1994, "13800000011"));
    let mut db = Db::open(&path).unwrap();
    db.connection()
        .execute("UPDATE members SET district_consent_on = '2026-01-05'", [])
        .unwrap();
    // In 全区共享 (only its settings: nothing here connects).
    let ca = _dir.path().join("district.pem");
    std::fs::write(
        &ca,
        "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    db.set_district_settings(
        &actor,
        &DistrictSettings {
            station: "试点".into(),
            server: "host=127.0.0.1 port=1 dbname=district user=shidian".into(),
            ca_file: ca.display().to_string(),
        },
    )
    .unwrap();
    let id = db
        .join_shared_event(
            &actor,
            "试点",
            &SharedEventRow {
                id: 7,
                host: "南星".into(),
                title: "七夕全区联谊".into(),
                held_on: today,
                start_time: "14:00".into(),
                place: "南星工作站".into(),
                places_men: 20,
                places_women: 20,
                first_badge: 201,
            },
        )
        .unwrap()
        .expect("a new copy");
    for m in [qiang, fang] {
        db.sign_up(&actor, id, m, false, today).unwrap();
        db.check_in(&actor, id, m, Some(Arrival::Arrived), today)
            .unwrap();
    }
    let guest = |gender, badge| RemoteGuest {
        station: "南星".into(),
        gender,
        badge,
        age: 31,
        arrived: true,
    };
    db.remote_guests_received(id, &[guest(Gender::Male, 1), guest(Gender::Female, 1)])
        .unwrap();
    db.remote_matches_received(
        id,
        &[MatchRow {
            gender: Gender::Female,
            badge: 201,
            other_station: "南星".into(),
            other_badge: 1,
            own_choice: Choice::More,
            other_choice: Choice::Friends,
            request: None,
        }],
    )
    .unwrap();
    let plain = db
        .create_event(
            &actor,
            &EventData {
                title: "本站小型联谊".into(),
                on_date: Some(today),
                places_men: 5,
                places_women: 5,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    drop(db);

    settle(
        &mut app,
        [
            Message::Navigate(Page::Events),
            ev(events::Message::List(events::list::Message::Open(id))),
        ],
    );
    {
        let mut view = ui(&app);
        assert!(
            view.find("全区联谊 · 南星站主办 · 本站胸牌号 201–400")
                .is_ok()
        );
        assert!(view.find("与全区同步").is_ok());
        assert!(
            view.find(
                "其他站点(南星)的嘉宾:男 1 位、女 1 位(以上次同步为准;只知道号码、性别、年龄)"
            )
            .is_ok()
        );
        assert!(view.find("邀请其他站点一起办(全区联谊)…").is_err());
    }
    // 与全区同步 runs off the window's thread: while the district is asked, the button waits
    // and a second click is refused in words …
    let district_says =
        |m: district::Message| ev(events::Message::Event(event::Message::District(m)));
    let notice = |app: &App| {
        let Screen::Events(page) = app.screen() else {
            panic!("expected the 活动 page")
        };
        page.notice().unwrap_or_default().to_string()
    };
    let call = app.update(district_says(district::Message::Sync));
    {
        let mut view = ui(&app);
        assert!(view.find("正在和全区同步……").is_ok());
        assert!(view.find("与全区同步").is_err());
    }
    let again = app.update(district_says(district::Message::Sync));
    assert!(answers(again).is_empty());
    assert_eq!(notice(&app), "这场活动正在和全区联系,请等它有了回音再点");
    // … its answer, here that the server cannot be reached, is said and the button is back …
    settle(&mut app, answers(call));
    let said = notice(&app);
    assert!(
        !said.is_empty() && !said.starts_with("已和全区同步") && !said.starts_with("这场活动"),
        "the unreachable server said in words: {said}"
    );
    assert!(ui(&app).find("与全区同步").is_ok());
    // … also when the volunteer went back to the list meanwhile.
    settle(&mut app, [ev(events::Message::DismissNotice)]);
    let call = app.update(district_says(district::Message::Sync));
    settle(&mut app, [ev(events::Message::Event(event::Message::Back))]);
    assert_eq!(notice(&app), "");
    settle(&mut app, answers(call));
    assert_eq!(notice(&app), said, "the answer said over the list");
    settle(
        &mut app,
        [ev(events::Message::List(events::list::Message::Open(id)))],
    );
    // 王强 holds 男 201; his card marks 南星's 女 01.
    assert_eq!(
        opened(&app)
            .attendees
            .iter()
            .map(|a| a.badge)
            .collect::<Vec<_>>(),
        [Some(201), Some(201)]
    );
    let card = |m: cards::Message| ev(events::Message::Event(event::Message::Cards(m)));
    settle(
        &mut app,
        [
            ev(events::Message::Event(event::Message::Part(Part::Cards))),
            card(cards::Message::Choose(qiang)),
            card(cards::Message::More("女1".into())),
            card(cards::Message::Save),
        ],
    );
    let marks = Db::open(&path).unwrap().event_marks(id).unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!((marks[0].badge, marks[0].chosen), (201, 1));
    // Opened again and saved as it is: the mark for 南星's guest is in the box, and stays.
    settle(
        &mut app,
        [
            card(cards::Message::Choose(qiang)),
            card(cards::Message::Save),
        ],
    );
    let marks = Db::open(&path).unwrap().event_marks(id).unwrap();
    assert_eq!(
        marks.len(),
        1,
        "the card opened again kept its mark for 女 01"
    );
    // A badge nobody has is refused in words, the card kept.
    settle(
        &mut app,
        [
            card(cards::Message::Choose(fang)),
            card(cards::Message::More("男2".into())),
            card(cards::Message::Save),
        ],
    );
    assert!(
        ui(&app)
            .find("“男2”不是到场的男嘉宾的号码(其他站点的嘉宾以上次同步为准,可以先点“与全区同步”)")
            .is_ok()
    );
    // 互选结果: the pair with 南星's guest, waiting for both stations.
    settle(
        &mut app,
        [ev(events::Message::Event(event::Message::Part(
            Part::Matches,
        )))],
    );
    {
        let mut view = ui(&app);
        assert!(view.find("和其他站点的嘉宾互选成功 1 对").is_ok());
        assert!(view.find("女 201 李芳 与 男 01(南星站)").is_ok());
        assert!(view.find("互相愿意做朋友 · 等对方站点确认互选结果").is_ok());
    }

    // This station's own event, still to come, offers to invite other stations.
    settle(
        &mut app,
        [
            ev(events::Message::Event(event::Message::Back)),
            ev(events::Message::List(events::list::Message::Open(plain))),
        ],
    );
    click(&mut app, "邀请其他站点一起办(全区联谊)…");
    settle(
        &mut app,
        [ev(events::Message::Event(event::Message::District(
            district::Message::StationsTyped("南星、望江".into()),
        )))],
    );
    let mut view = ui(&app);
    assert!(view.find("邀请").is_ok());
    assert!(view.find("南星、望江").is_ok());
}
