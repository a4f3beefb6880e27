//! A registration done with the keyboard alone (Tab, arrows, Space, letters, Enter), and
//! 返回 that comes back to the search as it was left.

use super::*;
use iced::keyboard::Key;
use iced::keyboard::key::Named;
use iced_test::selector::Target;

/// The id of the field that has the focus.
fn focused(ui: &mut Simulator<'_, Message>) -> Option<String> {
    match ui.find(selector::is_focused()) {
        Ok(Target::Focusable { id: Some(id), .. } | Target::TextInput { id: Some(id), .. }) => {
            Some(format!("{id:?}"))
        }
        _ => None,
    }
}

/// A fresh window on the app, with Tab pressed `tabs` times from nothing focused.
fn tabbed(app: &App, tabs: usize) -> Simulator<'_, Message> {
    let mut ui = ui(app);
    for _ in 0..tabs {
        ui.tap_key(Key::Named(Named::Tab));
    }
    ui
}

/// The fields in the order Tab visits them (by id), once round.
fn tab_order(app: &App) -> Vec<String> {
    let mut ui = ui(app);
    let mut order: Vec<String> = Vec::new();
    for _ in 0..200 {
        ui.tap_key(Key::Named(Named::Tab));
        let Some(id) = focused(&mut ui) else { break };
        if order.first() == Some(&id) {
            break;
        }
        order.push(id);
    }
    order
}

fn id_name(id: &str) -> String {
    let id: &'static str = Box::leak(id.to_string().into_boxed_str());
    format!("{:?}", iced::widget::Id::new(id))
}

#[test]
fn a_whole_registration_by_keyboard_is_saved_and_found_again() {
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    let order = tab_order(&app);
    let position = |id: &str| {
        order
            .iter()
            .position(|o| *o == id_name(id))
            .unwrap_or_else(|| panic!("Tab never reaches {id}: {order:?}"))
    };
    // Every choice is on the way, in the order of the sheet.
    let reading = [
        "name",
        "gender",
        "birth",
        "marital_status",
        "height",
        "weight",
        "ethnicity",
        "native_place",
        "hukou",
        "district",
        "education",
        "only_child",
        // The photo beside 基本情况: after its last field.
        "photo_pick",
        "occupation",
        "phone",
        "relation",
        "pref_age_min",
        "pref_education",
        "registered_on",
        "volunteer",
        "status",
        "consent",
        "notes",
    ];
    let positions: Vec<usize> = reading.iter().map(|id| position(id)).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "Tab goes out of reading order: {order:?}"
    );

    // Each step: Tab to the field from the top, check it has the focus, press keys.
    let step = |app: &mut App, id: &str, keys: &dyn Fn(&mut Simulator<'_, Message>)| {
        let tabs = position(id) + 1;
        let messages: Vec<Message> = {
            let mut ui = tabbed(app, tabs);
            assert_eq!(focused(&mut ui), Some(id_name(id)), "Tab ×{tabs}");
            keys(&mut ui);
            ui.into_messages().collect()
        };
        feed(app, messages);
    };
    step(&mut app, "name", &|ui| {
        ui.typewrite("林晓燕");
    });
    // 性别: → chooses the first (男), → again the next (女).
    step(&mut app, "gender", &|ui| {
        ui.tap_key(Key::Named(Named::ArrowRight));
    });
    step(&mut app, "gender", &|ui| {
        ui.tap_key(Key::Named(Named::ArrowRight));
    });
    step(&mut app, "birth", &|ui| {
        ui.typewrite("1992-03");
    });
    // 婚姻状况: Space chooses the first, 未婚.
    step(&mut app, "marital_status", &|ui| {
        ui.tap_key(Key::Named(Named::Space));
    });
    step(&mut app, "height", &|ui| {
        ui.typewrite("160");
    });
    // 户籍: the letter h jumps to 杭州.
    step(&mut app, "hukou", &|ui| {
        ui.tap_key(Key::Character("h".into()));
    });
    // 现居住区, a drop-down: ↓ from "(不填)" to the first district.
    step(&mut app, "district", &|ui| {
        ui.tap_key(Key::Named(Named::ArrowDown));
    });
    // 学历: b for 本科.
    step(&mut app, "education", &|ui| {
        ui.tap_key(Key::Character("b".into()));
    });
    step(&mut app, "phone", &|ui| {
        ui.typewrite("13900001111");
    });
    // Saved before the consent: the message is there, and the focus goes to it.
    step(&mut app, "phone", &|ui| {
        ui.tap_key(Key::Named(Named::Enter));
    });
    let Screen::Register(form) = app.screen() else {
        panic!("not saved without the consent")
    };
    assert_eq!(
        form.errors().iter().map(|e| e.field).collect::<Vec<_>>(),
        [Field::Consent]
    );
    step(&mut app, "consent", &|ui| {
        ui.tap_key(Key::Named(Named::Space));
    });
    // The message went with the tick.
    let Screen::Register(form) = app.screen() else {
        panic!()
    };
    assert!(form.errors().is_empty(), "{:?}", form.errors());
    step(&mut app, "phone", &|ui| {
        ui.tap_key(Key::Named(Named::Enter));
    });

    let Screen::Detail(detail) = app.screen() else {
        panic!("saved: the member's page")
    };
    let d = &detail.member.data;
    assert_eq!(d.name, "林晓燕");
    assert_eq!(d.gender, Some(Gender::Female));
    assert_eq!(d.birth, Some(YearMonth::new(1992, 3).unwrap()));
    assert_eq!(
        d.marital_status,
        Some(hongniang::data::model::MaritalStatus::Single)
    );
    assert_eq!(d.height_cm, Some(160));
    assert_eq!(d.hukou, Some(hongniang::data::model::Hukou::Hangzhou));
    assert_eq!(d.district, "上城区");
    assert_eq!(
        d.education,
        Some(hongniang::data::model::Education::Bachelor)
    );
    assert!(d.consent);
    let number = detail.member.number.clone();

    // Found again in 查询 by the last four digits of the phone.
    indexes_ready(&mut app);
    settle(&mut app, [Message::Navigate(Page::Search)]);
    settle(
        &mut app,
        [Message::Search(
            hongniang::gui::screen::search::Message::Text("1111".into()),
        )],
    );
    assert!(ui(&app).find(number.as_str()).is_ok());
}

#[test]
fn back_from_a_member_returns_to_the_same_search_page_and_row() {
    use hongniang::gui::screen::search;
    let Station { app, path, _dir } = station();
    drop(app);
    for i in 0..70 {
        let mut data = person(
            &format!("张{}", ["一", "二", "三", "四", "五", "六", "七"][i % 7]),
            if i % 2 == 0 {
                Gender::Female
            } else {
                Gender::Male
            },
            1985 + (i % 10) as i32,
            &format!("1380000{:04}", i),
        );
        data.occupation = "教师".into();
        register(&path, data);
    }
    let mut app = App::new(Db::open(&path).unwrap(), path.clone());
    indexes_ready(&mut app);
    settle(&mut app, [Message::Navigate(Page::Search)]);
    settle(
        &mut app,
        [
            Message::Search(search::Message::Text("教师".into())),
            Message::Search(search::Message::Choose(search::Choice::Gender, "女".into())),
            Message::Search(search::Message::Page(1)),
            Message::Search(search::Message::Move(2)),
        ],
    );
    let before = |app: &App| {
        let Screen::Search(screen) = app.screen() else {
            panic!("on 查询")
        };
        (screen.query().clone(), screen.selected_fraction())
    };
    let (query, fraction) = before(&app);
    assert_eq!(query.gender, Some(Gender::Female));
    settle(&mut app, [Message::Search(search::Message::OpenSelected)]);
    let Screen::Detail(detail) = app.screen() else {
        panic!("the member opened")
    };
    let opened = detail.member.id;
    let mut view = ui(&app);
    view.click("返回查询结果").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let (again, fraction_again) = before(&app);
    assert_eq!(again, query, "the same text and conditions");
    assert_eq!(fraction_again, fraction, "the same row on the same page");
    // Enter opens the same member again.
    settle(&mut app, [Message::Search(search::Message::OpenSelected)]);
    let Screen::Detail(detail) = app.screen() else {
        panic!()
    };
    assert_eq!(detail.member.id, opened);

    // Through the navigation too: 查询 comes back as it was left.
    settle(&mut app, [Message::Navigate(Page::Home)]);
    settle(&mut app, [Message::Navigate(Page::Search)]);
    assert_eq!(before(&app).0, query);
}

/// 配对's box: the first member found is marked, ↓ marks the next, Enter in the box chooses the
/// one marked.
#[test]
fn the_pairing_box_is_chosen_from_with_arrows_and_enter() {
    let Station {
        mut app,
        _dir,
        path,
        ..
    } = station();
    register(&path, person("王芳", Gender::Female, 1992, "13800000001"));
    register(&path, person("王静", Gender::Female, 1993, "13800000002"));
    indexes_ready(&mut app);
    settle(&mut app, [Message::Navigate(Page::Pair)]);
    {
        let mut ui = ui(&app);
        ui.click(selector::id(hongniang::gui::screen::pair::QUERY_ID))
            .unwrap();
        let _ = ui.typewrite("王");
        let messages: Vec<Message> = ui.into_messages().collect();
        settle(&mut app, messages);
    }
    assert!(
        ui(&app)
            .find("找到 2 位:点一位会员开始配对(或用 ↑↓ 选、回车确定)")
            .is_ok()
    );
    settle(&mut app, [Message::Shortcut(Shortcut::Down)]);
    settle(&mut app, [Message::Shortcut(Shortcut::Down)]);
    let messages: Vec<Message> = {
        let mut ui = ui(&app);
        ui.click(selector::id(hongniang::gui::screen::pair::QUERY_ID))
            .unwrap();
        ui.tap_key(Key::Named(Named::Enter));
        ui.into_messages().collect()
    };
    settle(&mut app, messages);
    let Screen::Pair(pair) = app.screen() else {
        panic!("on 配对");
    };
    let chosen = pair.member_id().expect("a member chosen with Enter");
    settle(
        &mut app,
        [Message::Pair(
            hongniang::gui::screen::pair::Message::ChangeMember,
        )],
    );
    // Enter straight away chooses the first found.
    let messages: Vec<Message> = {
        let mut ui = ui(&app);
        ui.click(selector::id(hongniang::gui::screen::pair::QUERY_ID))
            .unwrap();
        let _ = ui.typewrite("王");
        ui.into_messages().collect()
    };
    settle(&mut app, messages);
    let messages: Vec<Message> = {
        let mut ui = ui(&app);
        ui.click(selector::id(hongniang::gui::screen::pair::QUERY_ID))
            .unwrap();
        ui.tap_key(Key::Named(Named::Enter));
        ui.into_messages().collect()
    };
    settle(&mut app, messages);
    let Screen::Pair(pair) = app.screen() else {
        panic!("on 配对");
    };
    assert!(pair.member_id().is_some());
    assert_ne!(
        pair.member_id(),
        Some(chosen),
        "↓↓ had marked the other one"
    );
}

/// 新建活动 by keyboard: the title has the keyboard when the form opens, 负责红娘 is in the Tab
/// order after the boxes before it, and Ctrl+S saves the event like 登记's form.
#[test]
fn a_new_event_is_typed_and_saved_from_the_keyboard() {
    use hongniang::gui::screen::events::{self, Field, form, list};
    let Station { mut app, _dir, .. } = station();
    settle(&mut app, [Message::Navigate(Page::Events)]);
    let mut window = super::scroll::Window::new(&app, (1400.0, 3200.0));
    window.send(
        &mut app,
        Message::Events(events::Message::List(list::Message::New)),
    );
    assert_eq!(window.focused(&app), Some(id_name(form::TITLE_ID)));
    let order = tab_order(&app);
    let at = |id: &str| order.iter().position(|o| *o == id_name(id));
    assert!(
        at(form::TITLE_ID).is_some() && at("event_organiser") > at(form::TITLE_ID),
        "负责红娘 not in the Tab order after the title: {order:?}"
    );
    let today = hongniang::data::today().to_string();
    for (field, value) in [
        (Field::Title, "七夕相亲交友活动"),
        (Field::Date, today.as_str()),
        (Field::Men, "10"),
        (Field::Women, "10"),
    ] {
        feed(
            &mut app,
            [Message::Events(events::Message::Form(
                form::Message::Field(field, value.into()),
            ))],
        );
    }
    settle(&mut app, [Message::Shortcut(Shortcut::Save)]);
    let Screen::Events(page) = app.screen() else {
        panic!("on 活动");
    };
    assert!(!page.form_open(), "Ctrl+S saved and closed the form");
    assert_eq!(
        page.opened.as_ref().map(|o| o.event.data.title.as_str()),
        Some("七夕相亲交友活动")
    );
}

/// 自我介绍 takes several lines: Enter makes a new one there, and Ctrl+S typed in the box saves
/// the sheet as from any other box.
#[test]
fn a_long_text_takes_several_lines_and_ctrl_s_saves_from_it() {
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    fill_and_save(&mut app, &[]);
    let mut view = ui(&app);
    view.click("修改资料").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let messages: Vec<Message> = {
        let mut view = ui(&app);
        view.click(selector::id(Input::Field("self_intro").id()))
            .unwrap();
        let _ = view.typewrite("喜欢旅行");
        view.tap_key(Key::Named(Named::Enter));
        let _ = view.typewrite("周末爬山");
        view.into_messages().collect()
    };
    feed(&mut app, messages);
    let Screen::Register(form) = app.screen() else {
        panic!("on the form");
    };
    assert_eq!(form.value(Input::Field("self_intro")), "喜欢旅行\n周末爬山");
    assert!(!form.is_new(), "Enter made a line, it did not save");
    // Ctrl+S in the box of several lines.
    let messages: Vec<Message> = {
        let mut view = ui(&app);
        view.click(selector::id(Input::Field("self_intro").id()))
            .unwrap();
        let ctrl_s = iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
            key: Key::Character("s".into()),
            modified_key: Key::Character("s".into()),
            physical_key: iced::keyboard::key::Physical::Code(iced::keyboard::key::Code::KeyS),
            location: iced::keyboard::Location::Standard,
            modifiers: iced::keyboard::Modifiers::CTRL,
            text: Some("s".into()),
            repeat: false,
        });
        let _ = view.simulate([ctrl_s]);
        view.into_messages().collect()
    };
    feed(&mut app, messages);
    let Screen::Detail(detail) = app.screen() else {
        panic!("Ctrl+S in the box saved the sheet");
    };
    assert_eq!(detail.member.data.self_intro, "喜欢旅行\n周末爬山");
}

/// A choice that reveals fields (状态 暂停 → 暂停原因, 暂停到) puts them right after itself in
/// the Tab order: the next Tab goes into what appeared, and nothing before it moves.
#[test]
fn fields_a_choice_reveals_come_right_after_it_in_the_tab_order() {
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    let before = tab_order(&app);
    feed(
        &mut app,
        [Message::Register(
            hongniang::gui::screen::register::Message::Edit(Input::Field("status"), "暂停".into()),
        )],
    );
    let after = tab_order(&app);
    let at = |order: &[String], id: &str| order.iter().position(|o| *o == id_name(id));
    let status = at(&after, "status").expect("状态 in the Tab order");
    assert_eq!(
        at(&before, "status"),
        Some(status),
        "nothing before it moved"
    );
    assert_eq!(at(&after, "pause_reason"), Some(status + 1));
    assert_eq!(at(&after, Input::PauseUntil.id()), Some(status + 2));
    assert_eq!(&before[..=status], &after[..=status]);
}
