//! What a volunteer does on the screens, simulated headless with `iced_test`
//! (run with ICED_TEST_BACKEND=tiny-skia on machines without a GPU).

use chrono::NaiveDate;
use hongniang::data::Actor;
use hongniang::data::Db;
use hongniang::data::model::{Gender, MemberData, YearMonth};
use hongniang::data::validate::Field;
use hongniang::gui::screen::register::Input;
use hongniang::gui::{App, Message, Page, Screen, Shortcut, style};
use iced_test::{Simulator, selector};

mod district;
mod events;
mod idle;
mod keyboard;
mod layout;
mod scroll;
mod waiting;

const SAVE: &str = "保存";

struct Station {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    app: App,
}

/// A station with a name and one volunteer, so the app starts on the home page.
fn station() -> Station {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let db = Db::open(&path).unwrap();
    db.set_station_name("爱的填空相亲工作站").unwrap();
    db.add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap();
    let app = App::new(db, path.clone());
    assert!(matches!(app.screen(), Screen::Home(_)));
    Station {
        _dir: dir,
        path,
        app,
    }
}

fn ui(app: &App) -> Simulator<'_, Message> {
    let settings = iced::Settings {
        fonts: vec![style::FONT_BYTES.into()],
        default_font: style::FONT,
        default_text_size: style::TEXT.into(),
        ..iced::Settings::default()
    };
    // Tall enough that the whole form is on screen without scrolling.
    Simulator::with_size(settings, iced::Size::new(1400.0, 3200.0), app.view())
}

fn feed(app: &mut App, messages: impl IntoIterator<Item = Message>) {
    for message in messages {
        let _ = app.update(message);
    }
}

/// Feeds `messages` and runs the background work each one starts (a search, a count, a PIN
/// check, the encryption), feeding its answers back in turn, as the window's runtime does.
/// Only for messages whose work needs no dialog or display.
fn settle(app: &mut App, messages: impl IntoIterator<Item = Message>) {
    let mut queue: std::collections::VecDeque<Message> = messages.into_iter().collect();
    let mut steps = 0;
    while let Some(message) = queue.pop_front() {
        steps += 1;
        assert!(steps < 1000, "the messages never settle");
        queue.extend(answers(app.update(message)));
    }
}

/// The messages a task answers with, once its work is done.
fn answers(task: iced::Task<Message>) -> Vec<Message> {
    use iced::futures::StreamExt;
    let Some(stream) = iced_runtime::task::into_stream(task) else {
        return Vec::new();
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(
        stream
            .filter_map(|action| async move {
                match action {
                    iced_runtime::Action::Output(message) => Some(message),
                    _ => None,
                }
            })
            .collect(),
    )
}

fn type_into(ui: &mut Simulator<'_, Message>, input: Input, text: &str) {
    ui.click(selector::id(input.id()))
        .unwrap_or_else(|e| panic!("no field {}: {e:?}", input.id()));
    let _ = ui.typewrite(text);
}

/// Fills the required fields of a new sheet (all but those in `skip`) and clicks save.
fn fill_and_save(app: &mut App, skip: &[Input]) {
    let mut ui = ui(app);
    for (input, text) in [
        (Input::Field("name"), "王芳"),
        (Input::Birth, "1990-05"),
        (Input::Height, "163"),
        (Input::Field("phone"), "138 1234 4321"),
    ] {
        if !skip.contains(&input) {
            type_into(&mut ui, input, text);
        }
    }
    if !skip.contains(&Input::Field("gender")) {
        ui.click("女").unwrap();
    }
    ui.click("会员本人已知情同意:本站保存以上个人信息,并在介绍时向合适的对象出示")
        .unwrap();
    ui.click(SAVE).unwrap();
    let messages: Vec<Message> = ui.into_messages().collect();
    feed(app, messages);
}

#[test]
fn a_member_typed_into_the_form_is_saved_and_found_in_the_list() {
    let Station {
        mut app,
        path,
        _dir,
    } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    assert!(matches!(app.screen(), Screen::Register(_)));
    fill_and_save(&mut app, &[]);

    let Screen::Detail(detail) = app.screen() else {
        panic!("expected the member's page after saving")
    };
    let number = detail.member.number.clone();
    assert_eq!(detail.member.data.name, "王芳");
    assert_eq!(detail.member.data.gender, Some(Gender::Female));
    assert_eq!(detail.member.data.phone, "13812344321");
    assert_eq!(detail.member.volunteer_name.as_deref(), Some("楼老师"));
    assert!(app.notice().unwrap().contains(&number));

    feed(&mut app, [Message::Navigate(Page::Members)]);
    let mut list = ui(&app);
    assert!(list.find("王芳").is_ok());
    assert!(list.find(number.as_str()).is_ok());
    assert!(
        list.find("138****4321").is_ok(),
        "phones are masked in the list"
    );
    drop(list);

    // It is still there after closing and reopening the program.
    drop(app);
    let reopened = App::new(Db::open(&path).unwrap(), path.clone());
    assert_eq!(
        reopened.db().member_by_number(&number).unwrap().data.name,
        "王芳"
    );
}

/// 同意全区共享 is a tick of its own on the form: dated today when ticked, shown on the member's
/// page.
#[test]
fn the_district_consent_is_ticked_on_the_form_and_dated() {
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    let mut form = ui(&app);
    form.click(hongniang::data::model::DISTRICT_CONSENT)
        .unwrap();
    let messages: Vec<Message> = form.into_messages().collect();
    feed(&mut app, messages);
    fill_and_save(&mut app, &[]);
    let Screen::Detail(detail) = app.screen() else {
        panic!("expected the member's page after saving")
    };
    let today = hongniang::data::today();
    assert_eq!(detail.member.data.district_consent_on, Some(today));
    let mut page = ui(&app);
    assert!(page.find(format!("已于 {today} 同意").as_str()).is_ok());
}

#[test]
fn a_missing_required_field_shows_its_message_and_saves_nothing() {
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    fill_and_save(&mut app, &[Input::Birth]);

    let Screen::Register(form) = app.screen() else {
        panic!("the form must stay open")
    };
    assert_eq!(
        form.errors().iter().map(|e| e.field).collect::<Vec<_>>(),
        [Field::Birth]
    );
    assert_eq!(app.db().count_members().unwrap(), 0);
    let mut view = ui(&app);
    assert!(view.find("请填写出生年月,如 1990-05").is_ok());
    // What was typed is still in the form.
    assert!(view.find("王芳").is_ok());
    assert!(view.find("138 1234 4321").is_ok());
    drop(view);

    // A birth month that cannot be read says so, rather than "please fill in".
    let mut view = ui(&app);
    type_into(&mut view, Input::Birth, "去年");
    view.click(SAVE).unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let Screen::Register(form) = app.screen() else {
        panic!()
    };
    assert!(
        form.errors()[0].message.contains("格式不对"),
        "{:?}",
        form.errors()
    );
    assert_eq!(app.db().count_members().unwrap(), 0);
}

#[test]
fn editing_keeps_the_member_number() {
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    fill_and_save(&mut app, &[]);
    let Screen::Detail(detail) = app.screen() else {
        panic!()
    };
    let number = detail.member.number.clone();

    let mut view = ui(&app);
    view.click("修改资料").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(matches!(app.screen(), Screen::Register(form) if !form.is_new()));

    let mut view = ui(&app);
    type_into(&mut view, Input::Field("occupation"), "护士");
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    // Ctrl+S saves as well as the button.
    feed(&mut app, [Message::Shortcut(Shortcut::Save)]);

    let Screen::Detail(detail) = app.screen() else {
        panic!("expected the member's page after saving")
    };
    assert_eq!(detail.member.number, number);
    assert_eq!(detail.member.data.occupation, "护士");
    assert_eq!(app.db().count_members().unwrap(), 1);
}

#[test]
fn a_member_saved_in_another_window_meanwhile_is_not_overwritten_silently() {
    let Station {
        mut app,
        _dir,
        path,
        ..
    } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    fill_and_save(&mut app, &[]);
    let Screen::Detail(detail) = app.screen() else {
        panic!()
    };
    let id = detail.member.id;
    let mut view = ui(&app);
    view.click("修改资料").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);

    // Meanwhile another window (or the command line) saves a new height.
    let mut other = Db::open(&path).unwrap();
    let read = other.member(id).unwrap();
    let mut theirs = read.data.clone();
    theirs.height_cm = Some(171);
    other
        .update_member(
            read.as_seen(),
            theirs,
            hongniang::data::members::PhotoChange::Keep,
            &hongniang::data::Actor::terminal(),
            chrono::Local::now().date_naive(),
        )
        .unwrap();

    let mut view = ui(&app);
    type_into(&mut view, Input::Field("occupation"), "护士");
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    feed(&mut app, [Message::Shortcut(Shortcut::Save)]);
    // Not saved: the form stays with what was typed, and says what the other window changed.
    let Screen::Register(form) = app.screen() else {
        panic!("the form stays")
    };
    let said = form.save_error().unwrap_or_default().to_string();
    assert!(
        said.contains("又被改过") && said.contains("身高:163 → 171"),
        "{said}"
    );
    assert_eq!(
        form.value(Input::Field("occupation")),
        "护士",
        "what was typed stays"
    );
    assert_eq!(
        form.value(Input::Height),
        "171",
        "their change comes into the form"
    );
    assert!(said.contains("对方的改动已填进表里"), "{said}");
    {
        let mut view = ui(&app);
        assert!(view.find(said.as_str()).is_ok(), "the banner shows it");
    }
    assert_eq!(app.db().member(id).unwrap().data.occupation, "");
    // The next 保存 saves both changes.
    feed(&mut app, [Message::Shortcut(Shortcut::Save)]);
    assert!(matches!(app.screen(), Screen::Detail(_)));
    let saved = app.db().member(id).unwrap().data;
    assert_eq!(saved.occupation, "护士");
    assert_eq!(
        saved.height_cm,
        Some(171),
        "the other window's change is not lost"
    );
}

#[test]
fn leaving_a_form_with_unsaved_changes_asks_first() {
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    let mut view = ui(&app);
    type_into(&mut view, Input::Field("name"), "李娜");
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);

    feed(&mut app, [Message::Navigate(Page::Members)]);
    let mut view = ui(&app);
    assert!(view.find("还没有保存").is_ok());
    view.click("回去继续填写").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(matches!(app.screen(), Screen::Register(_)));
    assert!(ui(&app).find("李娜").is_ok(), "the typed name is kept");

    feed(
        &mut app,
        [Message::Navigate(Page::Members), Message::LeaveConfirmed],
    );
    assert!(matches!(app.screen(), Screen::Members(_)));
}

#[test]
fn a_possible_duplicate_is_shown_before_saving() {
    let Station {
        mut app,
        path,
        _dir,
    } = station();
    let today = hongniang::data::today();
    let existing = MemberData {
        name: "王芳".into(),
        gender: Some(Gender::Female),
        birth: YearMonth::new(1990, 5),
        phone: "13812344321".into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2024, 4, 1),
        ..MemberData::default()
    };
    {
        // Written through a second connection, as another station PC would.
        let mut other = Db::open(&path).unwrap();
        other
            .insert_member(existing, None, &Actor::terminal(), today)
            .unwrap();
    }
    feed(&mut app, [Message::Navigate(Page::Register)]);
    fill_and_save(&mut app, &[]);
    assert!(
        matches!(app.screen(), Screen::Register(_)),
        "not saved until the volunteer decides"
    );
    assert_eq!(app.db().count_members().unwrap(), 1);
    let mut view = ui(&app);
    assert!(view.find("不是同一人,仍然保存").is_ok());
    view.click("不是同一人,仍然保存").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(matches!(app.screen(), Screen::Detail(_)));
    assert_eq!(app.db().count_members().unwrap(), 2);
}

#[test]
fn first_start_asks_for_the_station_and_a_volunteer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut app = App::new(Db::open(&path).unwrap(), path.clone());
    assert!(matches!(app.screen(), Screen::Welcome(_)));
    let mut view = ui(&app);
    view.click("开始使用").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(ui(&app).find("请填写站点名称").is_ok());

    let mut view = ui(&app);
    view.click(selector::id("station")).unwrap();
    let _ = view.typewrite("爱的填空相亲工作站");
    view.click(selector::id("volunteer")).unwrap();
    let _ = view.typewrite("朱大姐");
    view.click("开始使用").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(matches!(app.screen(), Screen::Home(_)));
    assert_eq!(app.title(), "爱的填空相亲工作站 · 红娘工作台 · 值班:朱大姐");
}

#[test]
fn a_photo_is_kept_with_the_member_and_a_bad_file_gets_a_message() {
    use hongniang::data::photo;
    use hongniang::gui::screen::register;
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);

    // What the file dialog hands back goes through the same path as a real pick.
    let dir = tempfile::tempdir().unwrap();
    let not_a_photo = dir.path().join("简历.jpg");
    std::fs::write(&not_a_photo, "这不是照片").unwrap();
    let result = photo::prepare_file(&not_a_photo);
    feed(
        &mut app,
        [Message::Register(register::Message::Photo(
            register::photo::Message::Ready(result),
        ))],
    );
    assert!(
        ui(&app)
            .find("这个文件不是可识别的图片(支持 JPG、PNG、BMP、GIF、WebP)")
            .is_ok()
    );

    let picture = dir.path().join("photo.png");
    image::RgbImage::from_pixel(900, 1200, image::Rgb([180, 140, 120]))
        .save(&picture)
        .unwrap();
    let result = photo::prepare_file(&picture);
    feed(
        &mut app,
        [Message::Register(register::Message::Photo(
            register::photo::Message::Ready(result),
        ))],
    );
    let mut view = ui(&app);
    assert!(view.find("更换照片").is_ok());
    drop(view);
    fill_and_save(&mut app, &[]);
    let Screen::Detail(detail) = app.screen() else {
        panic!("expected the member's page")
    };
    assert!(detail.member.has_photo);
    let stored = app.db().photo(detail.member.id).unwrap().unwrap();
    assert_eq!(image::load_from_memory(&stored).unwrap().height(), 1000);
}

#[test]
fn settings_add_rename_and_deactivate_volunteers() {
    use hongniang::gui::screen::settings;
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Settings)]);
    let mut view = ui(&app);
    view.click(selector::id("new_volunteer")).unwrap();
    let _ = view.typewrite("朱大姐");
    view.click("添加红娘").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(ui(&app).find("已添加红娘“朱大姐”").is_ok());
    let names: Vec<String> = app
        .db()
        .volunteers()
        .unwrap()
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert_eq!(names, ["楼老师", "朱大姐"]);

    let zhu = app.db().volunteers().unwrap()[1].id;
    feed(
        &mut app,
        [
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::RenameChanged(zhu, "朱阿姨".into()),
            )),
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::SaveRename(zhu),
            )),
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::SetActive(zhu, false),
            )),
        ],
    );
    let volunteers = app.db().volunteers().unwrap();
    assert_eq!(
        (volunteers[1].name.as_str(), volunteers[1].active),
        ("朱阿姨", false)
    );

    // The name cannot be taken twice; the message says so and nothing changes.
    feed(
        &mut app,
        [
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::NewNameChanged("楼老师".into()),
            )),
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::Add,
            )),
        ],
    );
    assert!(ui(&app).find("已有名叫“楼老师”的红娘").is_ok());
    assert_eq!(app.db().volunteers().unwrap().len(), 2);
}

#[test]
fn search_as_you_type_and_open_with_enter() {
    use hongniang::gui::Indexes;
    use hongniang::gui::screen::search;
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    fill_and_save(&mut app, &[]);
    let Screen::Detail(detail) = app.screen() else {
        panic!()
    };
    let id = detail.member.id;

    // The index the app builds in the background, built here directly.
    let indexes = Indexes::build(app.db()).unwrap();
    let index = indexes.search.clone();
    let generation = app.index_generation();
    feed(
        &mut app,
        [
            Message::IndexReady(generation, Ok(indexes)),
            Message::Navigate(Page::Search),
        ],
    );
    let mut view = ui(&app);
    view.click(selector::id(search::QUERY_ID)).unwrap();
    let _ = view.typewrite("wf");
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);

    // What the background query answers; an older answer arriving late is dropped.
    let Screen::Search(screen) = app.screen() else {
        panic!("expected the search screen")
    };
    let (latest, query) = (screen.generation(), screen.query().clone());
    let today = hongniang::data::today();
    feed(
        &mut app,
        [
            Message::Search(search::Message::Results(
                latest,
                index.search(&query, today),
            )),
            Message::Search(search::Message::Results(latest - 1, Default::default())),
        ],
    );
    let mut view = ui(&app);
    assert!(view.find("王芳").is_ok(), "the member is in the results");
    assert!(view.find("找到 1 位会员,最符合的在前").is_ok());
    view.click(selector::id(search::QUERY_ID)).unwrap();
    let _ = view.tap_key(iced::keyboard::key::Named::Enter);
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let Screen::Detail(detail) = app.screen() else {
        panic!("Enter opens the member")
    };
    assert_eq!(detail.member.id, id);
}

#[test]
fn conditions_saved_as_a_common_query_come_back() {
    use hongniang::data::model::Gender;
    use hongniang::gui::screen::search;
    let Station { mut app, _dir, .. } = station();
    feed(
        &mut app,
        [
            Message::Navigate(Page::Search),
            Message::Search(search::Message::Choose(search::Choice::Gender, "女".into())),
            Message::Search(search::Message::Typed(search::Typed::AgeMin, "28".into())),
            Message::Search(search::Message::Typed(
                search::Typed::AgeMax,
                "三十五".into(),
            )),
        ],
    );
    // What cannot be read is said, and left out of the query.
    assert!(ui(&app).find("年龄请填数字(这一项暂不计入条件)").is_ok());
    feed(
        &mut app,
        [
            Message::Search(search::Message::Typed(search::Typed::AgeMax, "35".into())),
            Message::Search(search::Message::SaveNameChanged("三十岁左右的女士".into())),
            Message::Search(search::Message::SaveQuery),
            Message::Search(search::Message::ClearConditions),
        ],
    );
    let Screen::Search(screen) = app.screen() else {
        panic!()
    };
    assert_eq!(screen.query().gender, None);
    assert!(ui(&app).find("三十岁左右的女士").is_ok());

    // Reopened later, the saved query is still there and applies its conditions.
    feed(
        &mut app,
        [
            Message::Navigate(Page::Home),
            Message::Navigate(Page::Search),
        ],
    );
    let mut view = ui(&app);
    view.click("三十岁左右的女士").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let Screen::Search(screen) = app.screen() else {
        panic!()
    };
    assert_eq!(
        (
            screen.query().gender,
            screen.query().age_min,
            screen.query().age_max
        ),
        (Some(Gender::Female), Some(28), Some(35))
    );
    assert_eq!(app.db().saved_queries().unwrap().len(), 1);
}

/// A consenting member born in April of `year`, registered on 2025-03-01.
fn person(name: &str, gender: Gender, year: i32, phone: &str) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(year, 4),
        phone: phone.into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2025, 3, 1),
        ..MemberData::default()
    }
}

/// Registers a member through a second connection to the station's database file.
fn register(path: &std::path::Path, data: MemberData) -> i64 {
    let mut db = Db::open(path).unwrap();
    db.insert_member(data, None, &Actor::terminal(), hongniang::data::today())
        .unwrap()
        .id
}

fn indexes_ready(app: &mut App) {
    let indexes = hongniang::gui::Indexes::build(app.db()).unwrap();
    let generation = app.index_generation();
    feed(app, [Message::IndexReady(generation, Ok(indexes))]);
}

#[test]
fn pair_a_member_introduce_and_follow_it_to_marriage() {
    use hongniang::data::model::{Education, MemberStatus, Preferences};
    use hongniang::gui::screen::{introductions, pair};
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let age = |year: i32| YearMonth::new(year, 4).unwrap().age_on(today);
    let she = register(
        &path,
        MemberData {
            height_cm: Some(160),
            education: Some(Education::Bachelor),
            preferences: Preferences {
                age_min: Some(28),
                age_max: Some(38),
                height_min: Some(170),
                ..Preferences::default()
            },
            ..person("李芳", Gender::Female, 1994, "13800000001")
        },
    );
    let he = register(
        &path,
        MemberData {
            height_cm: Some(176),
            education: Some(Education::Master),
            ..person("王强", Gender::Male, 1992, "13800000002")
        },
    );
    // Too short for her: a near miss, not a candidate.
    register(
        &path,
        MemberData {
            height_cm: Some(166),
            ..person("赵磊", Gender::Male, 1993, "13800000003")
        },
    );
    indexes_ready(&mut app);

    // Choose her with the search box of the 配对 screen.
    feed(&mut app, [Message::Navigate(Page::Pair)]);
    let mut view = ui(&app);
    view.click(selector::id(pair::QUERY_ID)).unwrap();
    let _ = view.typewrite("lf");
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let mut view = ui(&app);
    view.click(format!("李芳 · 2025-0001 · 女 · {} 岁", age(1994)).as_str())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);

    // He is listed with the reasons; the one too short is a near miss.
    let mut view = ui(&app);
    assert!(
        view.find("符合双方要求 1 人(可介绍的异性在册会员 2 人)")
            .is_ok()
    );
    assert!(view.find("只差一条要求的会员(共 1 人)").is_ok());
    assert!(
        view.find("不符合:她要求 170 厘米以上,他 166 厘米(差 4 厘米)")
            .is_ok()
    );
    // Words, not ✓ × ? sums: the score is named, and what the marks mean is said above.
    assert!(view.find("匹配度").is_ok());
    assert!(view.find("符合 1 项").is_ok() || view.find("符合 2 项").is_ok());
    view.click(format!("1. 王强 · {} 岁 · 176 厘米 · 硕士 · 职业未填", age(1992)).as_str())
        .unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let mut view = ui(&app);
    assert!(
        view.find(format!("她要求 28–38 岁,他 {} 岁", age(1992)).as_str())
            .is_ok(),
        "the comparison explains"
    );
    view.click("介绍 李芳 和 王强 认识").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let mut view = ui(&app);
    view.click("确认介绍").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    assert!(
        app.notice()
            .is_some_and(|n| n.starts_with("已记录介绍:李芳 与 王强")),
        "{:?}",
        app.notice()
    );
    // He is no longer suggested to her.
    let Screen::Pair(screen) = app.screen() else {
        panic!("still pairing")
    };
    assert_eq!(screen.pairing().unwrap().fit_count, 0);

    // 牵线记录: open it and take it step by step to 登记结婚.
    feed(&mut app, [Message::Navigate(Page::Introductions)]);
    // Found by a name among the introductions; a name of nobody in them finds none.
    let by_name = |app: &mut App, name: &str| {
        // Looked up in the background: the answer is fed back as the window would.
        settle(
            app,
            [Message::Introductions(introductions::Message::NameChanged(
                name.into(),
            ))],
        );
        ui(app).find("李芳 — 王强").is_ok()
    };
    assert!(!by_name(&mut app, "张"));
    assert!(by_name(&mut app, "王强"));
    let mut view = ui(&app);
    view.click("李芳 — 王强").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    // Inside 介绍: she (asked first) sees his card, then he is asked; the contacts are given
    // only after both said yes, and only then can a meeting be recorded.
    assert!(
        ui(&app).find("已见面").is_err(),
        "no meeting before the contacts"
    );
    assert!(
        ui(&app)
            .find("双方都同意、交换联系方式以后,这里才显示两人的联系方式。")
            .is_ok()
    );
    assert!(ui(&app).find("显示完整号码").is_err());
    for button in ["李芳同意", "王强同意", "交换联系方式"] {
        let mut view = ui(&app);
        view.click(button)
            .unwrap_or_else(|e| panic!("no button {button}: {e:?}"));
        let messages: Vec<Message> = view.into_messages().collect();
        feed(&mut app, messages);
        let Screen::Introductions(screen) = app.screen() else {
            panic!()
        };
        assert_eq!(screen.error(), None, "{button}");
    }
    assert!(
        ui(&app).find("显示完整号码").is_ok(),
        "the contacts, once exchanged"
    );
    for button in ["已见面", "在交往", "已登记结婚"] {
        let mut view = ui(&app);
        view.click(button)
            .unwrap_or_else(|e| panic!("no button {button}: {e:?}"));
        let messages: Vec<Message> = view.into_messages().collect();
        feed(&mut app, messages);
        let Screen::Introductions(screen) = app.screen() else {
            panic!()
        };
        assert_eq!(screen.error(), None, "{button}");
    }
    // 登记结婚 takes both out of every pool: it is asked again, by name, and 还没有 changes
    // nothing.
    let dating = |app: &App| {
        let Screen::Introductions(screen) = app.screen() else {
            panic!()
        };
        screen.opened_introduction().unwrap().stage
    };
    assert_eq!(dating(&app), hongniang::data::introductions::Stage::Dating);
    let mut view = ui(&app);
    view.find("确认 李芳 与 王强 已经登记结婚?").unwrap();
    view.click("还没有,返回").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(ui(&app).find("确认已登记结婚").is_err());
    assert_eq!(dating(&app), hongniang::data::introductions::Stage::Dating);
    for button in ["已登记结婚", "确认已登记结婚"] {
        let mut view = ui(&app);
        view.click(button).unwrap();
        let messages: Vec<Message> = view.into_messages().collect();
        feed(&mut app, messages);
    }
    assert!(
        ui(&app).find("现在:登记结婚(").is_ok() || {
            let Screen::Introductions(screen) = app.screen() else {
                panic!()
            };
            screen
                .opened_introduction()
                .is_some_and(|i| i.stage == hongniang::data::introductions::Stage::Married)
        }
    );
    assert_eq!(
        app.db().member(she).unwrap().data.status,
        MemberStatus::Married
    );
    assert_eq!(
        app.db().member(he).unwrap().data.status,
        MemberStatus::Married
    );
    // Both pages say so.
    feed(
        &mut app,
        [Message::Introductions(introductions::Message::OpenMember(
            he,
        ))],
    );
    let mut view = ui(&app);
    assert!(view.find("已婚").is_ok());
    assert!(
        view.find("李芳 2025-0001").is_ok(),
        "his timeline shows her"
    );
}

#[test]
fn follow_up_reminders_and_pairing_weights_are_set_in_settings() {
    use hongniang::data::pairing::{Soft, Weights};
    use hongniang::gui::screen::settings;
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let person = |name: &str, gender: Gender, phone: &str| person(name, gender, 1992, phone);
    let she = register(&path, person("李芳", Gender::Female, "13800000001"));
    let he = register(&path, person("王强", Gender::Male, "13800000002"));
    {
        let mut db = Db::open(&path).unwrap();
        let intro = db
            .add_introduction(
                she,
                he,
                today - chrono::Duration::days(20),
                &Actor::terminal(),
                today,
            )
            .unwrap();
        // Recorded 20 days ago (the program stamps the clock).
        let stamp = format!("{}T09:00:00", today - chrono::Duration::days(20));
        db.connection()
            .execute(
                "UPDATE introductions SET updated_at = ?1 WHERE id = ?2",
                rusqlite::params![stamp, intro.id],
            )
            .unwrap();
    }
    // Due after 14 days (the default): on the home page, 6 days overdue.
    feed(&mut app, [Message::Navigate(Page::Home)]);
    let mut view = ui(&app);
    assert!(
        view.find("1 条进行中的牵线超过 14 天没有更新,请打电话问问进展:")
            .is_ok()
    );
    assert!(view.find("已过 6 天").is_ok());
    drop(view);

    // 30 days in 设置: nothing due any more.
    feed(
        &mut app,
        [
            Message::Navigate(Page::Settings),
            Message::Settings(settings::Message::Reminders(
                settings::reminders::Message::FollowUpDaysChanged("三十".into()),
            )),
            Message::Settings(settings::Message::Reminders(
                settings::reminders::Message::SaveFollowUpDays,
            )),
        ],
    );
    assert!(
        ui(&app)
            .find("“三十”不是天数,请填 1 到 365 之间的整数")
            .is_ok()
    );
    let mut view = ui(&app);
    view.click(selector::id("follow_up_days")).unwrap();
    let _ = view.tap_key(iced::keyboard::key::Named::Backspace);
    let _ = view.tap_key(iced::keyboard::key::Named::Backspace);
    let _ = view.typewrite("30");
    view.click("保存").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert_eq!(app.db().follow_up_days().unwrap(), 30);
    feed(&mut app, [Message::Navigate(Page::Home)]);
    assert!(
        ui(&app)
            .find("没有需要回访的牵线(超过 30 天没有更新的会列在这里)。")
            .is_ok()
    );
    let Screen::Home(home) = app.screen() else {
        panic!()
    };
    assert!(home.follow_ups.as_ref().unwrap().is_empty());

    // Weights: a step up, kept in the database; the maximum stops there.
    feed(
        &mut app,
        [
            Message::Navigate(Page::Settings),
            Message::Settings(settings::Message::Weights(settings::weights::Message::Set(
                Soft::Interests,
                5,
            ))),
        ],
    );
    let mut view = ui(&app);
    view.click("恢复默认").unwrap();
    assert_eq!(app.db().pairing_weights().unwrap().interests, 5);
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert_eq!(app.db().pairing_weights().unwrap(), Weights::default());
}

#[test]
fn back_up_now_and_restore_from_the_list() {
    use hongniang::gui::RestoreEvent;
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    // Never backed up: the home page says so.
    feed(&mut app, [Message::Navigate(Page::Home)]);
    assert!(
        ui(&app)
            .find("还没有备份过数据。请到「设置」点“立即备份”。")
            .is_ok()
    );
    register(
        &path,
        MemberData {
            name: "备份前".into(),
            gender: Some(Gender::Female),
            birth: YearMonth::new(1990, 1),
            phone: "13800000009".into(),
            consent: true,
            ..MemberData::default()
        },
    );
    feed(&mut app, [Message::Navigate(Page::Settings)]);
    let mut view = ui(&app);
    view.click("立即备份").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let mut view = ui(&app);
    assert!(view.find("1 位会员").is_ok(), "the backup is listed");
    drop(view);
    feed(&mut app, [Message::Navigate(Page::Home)]);
    assert!(
        ui(&app)
            .find("还没有备份过数据。请到「设置」点“立即备份”。")
            .is_err()
    );

    // A change after the backup, then restore from the list.
    register(
        &path,
        MemberData {
            name: "备份后".into(),
            gender: Some(Gender::Male),
            birth: YearMonth::new(1990, 1),
            phone: "13800000010".into(),
            consent: true,
            ..MemberData::default()
        },
    );
    assert_eq!(app.db().count_members().unwrap(), 2);
    feed(&mut app, [Message::Navigate(Page::Settings)]);
    let mut view = ui(&app);
    view.click("从这份恢复…").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let mut view = ui(&app);
    assert!(view.find("确定恢复").is_ok(), "it asks first");
    view.click("确定恢复").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    // The restore runs on its own thread; wait for it, then deliver its last word.
    let started = std::time::Instant::now();
    while app.db().count_members().unwrap() != 1 && started.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(app.db().count_members().unwrap(), 1);
    feed(
        &mut app,
        [Message::Restore(RestoreEvent::Done(Ok("已恢复".into())))],
    );
    let Screen::Settings(_) = app.screen() else {
        panic!("back on the settings page")
    };
    let mut view = ui(&app);
    assert!(view.find("已恢复").is_ok());
    assert!(
        view.find("(恢复前自动保存)").is_ok(),
        "the data before is kept"
    );
}

#[test]
fn import_an_old_register_with_a_preview_first() {
    use hongniang::data::import::{self as data_import, Mapping};
    use hongniang::gui::screen::import;
    use std::sync::Arc;
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let csv = path.with_file_name("登记册.csv");
    std::fs::write(
        &csv,
        "姓名,性别,出生年月,身高,手机,册号,页码\n\
         王芳,女,1990年5月,1米63,138 1234 4321,1,2\n\
         李强,男,八零后,175,13900000002,1,2\n\
         张伟,男,1988.3,1.78,13900000003,1,3\n",
    )
    .unwrap();
    feed(&mut app, [Message::Navigate(Page::Members)]);
    let mut view = ui(&app);
    view.click("导入旧登记册…").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(ui(&app).find("选择文件…").is_ok());

    // What the file dialog and the background reading would give.
    let table = Arc::new(data_import::read(&csv).unwrap());
    feed(
        &mut app,
        [Message::Import(import::Message::Read(Ok(table.clone())))],
    );
    let preview = data_import::preview(
        app.db(),
        &table,
        &Mapping::guess(&table.headers),
        None,
        hongniang::data::today(),
    )
    .unwrap();
    feed(
        &mut app,
        [Message::Import(import::Message::Previewed(
            1,
            Ok(Arc::new(preview)),
        ))],
    );
    // No 知情同意 column: nothing can be imported until the volunteer says how they consented.
    let mut view = ui(&app);
    assert!(
        view.find("表里没有“知情同意”一栏。这本登记册的会员是怎样同意的?")
            .is_ok()
    );
    assert!(
        view.find("请先在上面选择会员是怎样同意的,才能导入。")
            .is_ok()
    );
    view.click("导入 2 人").unwrap();
    assert_eq!(
        view.into_messages().count(),
        0,
        "the import button waits for the choice"
    );
    // The radio button "纸质登记表上已签字同意" (its label is not a text the simulator can click).
    settle(
        &mut app,
        [Message::Import(import::Message::Consent(
            data_import::BookConsent::SignedOnPaper,
        ))],
    );
    let mut view = ui(&app);
    assert!(
        view.find("可导入 2 人(其中待核对 0 人) · 可能重复 0 行 · 不能导入 1 行")
            .is_ok()
    );
    assert!(view.find("不能导入:出生年月“八零后”看不懂").is_ok());
    assert_eq!(app.db().count_members().unwrap(), 0, "nothing written yet");
    view.click("导入 2 人").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let started = std::time::Instant::now();
    while app.db().count_members().unwrap() != 2 && started.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(app.db().count_members().unwrap(), 2);
    feed(
        &mut app,
        [Message::Import(import::Message::Finished(Ok(
            hongniang::data::import::Summary {
                read: 3,
                imported: 2,
                merged: 0,
                skipped_duplicates: 0,
                rejected: 1,
                to_check: 0,
                to_sign: 0,
            },
        )))],
    );
    let mut view = ui(&app);
    assert!(
        view.find(
            "导入完成:读到 3 行,新登记 2 人,合并到已有会员 0 人,重复跳过 0 行,不能导入 1 行。"
        )
        .is_ok()
    );
}

#[test]
fn phones_are_hidden_until_asked_and_the_asking_is_recorded() {
    use hongniang::data::audit::Kind;
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    fill_and_save(&mut app, &[]);
    let Screen::Detail(detail) = app.screen() else {
        panic!("the saved member's page")
    };
    let id = detail.member.id;
    let mut view = ui(&app);
    assert!(view.find("138****4321").is_ok(), "masked");
    assert!(view.find("13812344321").is_err());
    assert!(view.find("登记了王芳").is_ok(), "the member's record");
    view.click("显示完整号码").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let mut view = ui(&app);
    assert!(view.find("13812344321").is_ok());
    assert!(view.find("查看了完整的手机号和微信").is_ok());
    let log = app.db().audit_of_member(id).unwrap();
    assert_eq!(log[0].kind, Kind::Reveal);
    assert_eq!(log[0].volunteer_name.as_deref(), Some("楼老师"));
}

#[test]
fn a_member_deleted_on_request_is_anonymised() {
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    fill_and_save(&mut app, &[]);
    let mut view = ui(&app);
    view.click("按本人要求删除资料…").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let mut view = ui(&app);
    assert!(view.find("确定删除").is_ok(), "it asks first");
    view.click("确定删除").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let Screen::Detail(page) = app.screen() else {
        panic!("still on the member page")
    };
    assert_eq!(page.member.data.name, hongniang::data::privacy::ANONYMOUS);
    assert!(page.member.data.phone.is_empty());
    assert_eq!(app.notice(), Some("已按本人要求删除个人资料"));
}

#[test]
fn the_lock_screen_asks_for_the_pin_and_keeps_the_form() {
    use hongniang::gui::screen::settings;
    let Station { mut app, _dir, .. } = station();
    let lou = app.db().volunteers().unwrap()[0].id;
    feed(
        &mut app,
        [
            Message::Navigate(Page::Settings),
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::PinChanged(lou, "12".into()),
            )),
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::SavePin(lou),
            )),
        ],
    );
    assert!(ui(&app).find("密码须是 4 到 8 位数字").is_ok());
    feed(
        &mut app,
        [
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::PinChanged(lou, "2468".into()),
            )),
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::SavePin(lou),
            )),
        ],
    );
    assert!(app.db().check_pin(lou, "2468").unwrap());

    // Half a registration typed, then the volunteer steps away and locks.
    feed(&mut app, [Message::Navigate(Page::Register)]);
    let mut view = ui(&app);
    type_into(&mut view, Input::Field("name"), "赵半填");
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    feed(
        &mut app,
        [Message::Session(hongniang::gui::session::Message::Lock)],
    );
    assert!(app.is_locked());
    let mut view = ui(&app);
    assert!(view.find("已锁定。请点您的名字继续。").is_ok());
    assert!(view.find("赵半填").is_err(), "nothing of the page shows");
    view.click("楼老师").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);

    // A wrong PIN keeps it locked.
    type_pin(&mut app, "1111");
    assert!(app.is_locked());
    assert!(ui(&app).find("密码不对,请再试一次").is_ok());

    type_pin(&mut app, "2468");
    assert!(!app.is_locked());
    let Screen::Register(form) = app.screen() else {
        panic!("back on the form")
    };
    assert!(form.is_dirty(), "what was typed is still there");
    assert!(ui(&app).find("赵半填").is_ok());

    // A second volunteer without a PIN: the lock screen says a name alone opens it.
    app.db()
        .add_volunteer(&hongniang_core::Actor::terminal(), "朱大姐")
        .unwrap();
    feed(
        &mut app,
        [
            Message::Navigate(Page::Settings),
            Message::Session(hongniang::gui::session::Message::Lock),
        ],
    );
    {
        // Said above the names, where it is seen however many volunteers there are.
        let mut view = ui(&app);
        let note = view
            .find("朱大姐没有设密码,点名字就能解锁。要让锁定真正管用,请在 设置 › 红娘志愿者 里给每位红娘设密码,再在 设置 › 锁定 里要求大家用密码值班。")
            .unwrap()
            .bounds();
        let first_name = view.find("楼老师").unwrap().bounds();
        assert!(note.y < first_name.y, "the note is above the names");
    }
    // Three wrong PINs: the wait is said with its seconds, and still said a second later.
    let mut view = ui(&app);
    // The "leave without saving?" of the form left is not over the lock for anyone to answer.
    assert!(view.find("不保存,离开").is_err());
    view.click("楼老师").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    for wrong in ["1111", "2222", "3333"] {
        type_pin(&mut app, wrong);
    }
    assert!(app.counting_down(), "the wait is counted down");
    let said = |app: &App| {
        let mut view = ui(app);
        (25..=30).any(|s| {
            view.find(format!("这位红娘的密码已连续输错 3 次,请 {s} 秒后再试").as_str())
                .is_ok()
        })
    };
    assert!(said(&app));
    feed(
        &mut app,
        [Message::Session(hongniang::gui::session::Message::Second)],
    );
    assert!(said(&app) && app.counting_down());
}

#[test]
fn statistics_show_the_figures_for_a_period() {
    use hongniang::data::introductions::{Side, Stage};
    use hongniang::gui::screen::statistics;
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let person = |name: &str, gender: Gender, phone: &str| person(name, gender, 1992, phone);
    let she = register(&path, person("李芳", Gender::Female, "13800000001"));
    let he = register(&path, person("王强", Gender::Male, "13800000002"));
    {
        let mut db = Db::open(&path).unwrap();
        let intro = db
            .add_introduction(
                she,
                he,
                NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
                &Actor::terminal(),
                today,
            )
            .unwrap();
        let asked = NaiveDate::from_ymd_opt(2025, 4, 2).unwrap();
        for side in [Side::A, Side::B] {
            db.agree_to_introduction(intro.id, side, asked, &Actor::terminal(), "", today)
                .unwrap();
        }
        db.exchange_contacts(intro.id, asked, &Actor::terminal(), "", today)
            .unwrap();
        db.advance_introduction(
            intro.id,
            Stage::Married,
            NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
            &Actor::terminal(),
            "",
            today,
        )
        .unwrap();
    }
    feed(&mut app, [Message::Navigate(Page::Statistics)]);
    assert!(
        ui(&app).find("正在统计……").is_ok(),
        "counted in the background"
    );
    settle(&mut app, [Message::Navigate(Page::Statistics)]);
    let Screen::Statistics(screen) = app.screen() else {
        panic!("the statistics page")
    };
    assert_eq!(screen.stats().unwrap().tiles.couples, 1);
    let mut view = ui(&app);
    assert!(view.find("累计成功对数").is_ok());
    assert!(view.find("登记结婚 1").is_ok(), "the yearly chart");
    drop(view);
    // A period without the marriage.
    settle(
        &mut app,
        [Message::Statistics(statistics::Message::FromChanged(
            "2026-01-01".into(),
        ))],
    );
    let Screen::Statistics(screen) = app.screen() else {
        panic!()
    };
    assert_eq!(screen.stats().unwrap().tiles.couples, 0);
    feed(
        &mut app,
        [Message::Statistics(statistics::Message::FromChanged(
            "明年".into(),
        ))],
    );
    assert!(
        ui(&app)
            .find("开始日期“明年”看不懂(请写成 2026-01-31),没有使用")
            .is_ok()
    );
    // The "save as" window came back without a file (cancelled, or none could open): it is
    // said next to the button, with a way that needs no window.
    feed(
        &mut app,
        [Message::Statistics(statistics::Message::ExportTo(None))],
    );
    let mut view = ui(&app);
    assert!(view.find("存到“红娘工作台导出”").is_ok());
}

#[test]
fn print_a_members_sheet_from_the_preview() {
    use hongniang::data::print::Job;
    use hongniang::gui::screen::preview;
    let Station {
        mut app,
        path,
        _dir,
        ..
    } = station();
    let id = register(&path, person("李芳", Gender::Female, 1993, "13700001111"));
    feed(&mut app, [Message::Navigate(Page::Members)]);
    let mut view = ui(&app);
    view.click("李芳").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(matches!(app.screen(), Screen::Detail(_)));

    let mut view = ui(&app);
    view.click("打印登记表").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let job = Job::Sheet {
        member: id,
        full_contacts: false,
    };
    assert_eq!(app.preview().map(|p| &p.job), Some(&job));
    assert!(
        ui(&app).find("正在排版…").is_ok(),
        "laid out in the background"
    );

    // What the background task makes, handed over as it would be.
    let prepared = preview::prepare(app.db(), &job, &Actor::terminal()).map_err(|e| e.to_string());
    feed(
        &mut app,
        [Message::Print(preview::Message::Ready(job, prepared))],
    );
    let preview = app.preview().unwrap();
    assert!(preview.is_ready());
    assert_eq!(preview.page_count(), 1);
    let mut view = ui(&app);
    assert!(view.find("打印预览:会员登记表 2025-0001 李芳").is_ok());
    assert!(view.find("另存为 PDF…").is_ok());
    assert!(view.find("用系统程序打开").is_ok());
    // The member's page is still underneath: closing the preview goes back to it.
    view.click("关闭预览").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(app.preview().is_none());
    assert!(matches!(app.screen(), Screen::Detail(d) if d.member.id == id));

    // The card offers the image for chat apps; a member without consent has no card button.
    feed(
        &mut app,
        [Message::Detail(
            hongniang::gui::screen::detail::Message::Print(Job::Card {
                member: id,
                image: false,
            }),
        )],
    );
    assert!(ui(&app).find("存为图片(发微信)…").is_ok());
}

#[test]
fn an_encrypted_database_asks_for_its_password_at_start() {
    use hongniang::data::cipher;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let mut db = Db::open(&path).unwrap();
    db.set_station_name("爱的填空相亲工作站").unwrap();
    db.add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap();
    db.set_encryption(
        &Actor::terminal(),
        Some("西湖龙井2026"),
        chrono::Local::now().naive_local(),
    )
    .unwrap()
    .unwrap();
    drop(db);
    cipher::set_key(&path, None);
    assert!(matches!(
        Db::open(&path),
        Err(hongniang::data::Error::NeedsKey)
    ));

    let mut app = App::needs_key(path.clone());
    assert!(matches!(app.screen(), Screen::DatabaseKey(_)));
    let mut view = ui(&app);
    assert!(
        view.find("这个工作站的数据库已加密。请输入数据库密码,按回车。")
            .is_ok()
    );
    view.click(selector::id(hongniang::gui::PIN_ID)).unwrap();
    let _ = view.typewrite("西湖龙井");
    view.click("打开").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(ui(&app).find("密码不对,请再试一次").is_ok());
    assert!(matches!(app.screen(), Screen::DatabaseKey(_)));

    let mut view = ui(&app);
    view.click(selector::id(hongniang::gui::PIN_ID)).unwrap();
    let _ = view.typewrite("西湖龙井2026");
    view.click("打开").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(matches!(app.screen(), Screen::Home(_)), "opened");
    assert_eq!(
        app.db().station_name().unwrap().as_deref(),
        Some("爱的填空相亲工作站")
    );
}

#[test]
fn encrypt_the_database_from_the_settings() {
    let Station {
        mut app,
        path,
        _dir,
        ..
    } = station();
    register(&path, person("李芳", Gender::Female, 1993, "13700001111"));
    feed(&mut app, [Message::Navigate(Page::Settings)]);
    let mut view = ui(&app);
    assert!(view.find("数据库没有加密:拿到这台电脑或数据库文件的人能读出会员资料。加密后,每次打开程序要输入数据库密码。").is_ok());
    view.click(selector::id("new_key")).unwrap();
    let _ = view.typewrite("杭州2026");
    view.click(selector::id("new_key_again")).unwrap();
    let _ = view.typewrite("杭州2027");
    view.click("我已把密码抄在纸上,锁好了").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    // The button comes alive once a password is typed and the tick is set.
    let mut view = ui(&app);
    view.click("加密数据库").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(ui(&app).find("两次输入的密码不一样").is_ok());
    assert!(!app.db().is_encrypted());

    feed(
        &mut app,
        [Message::Settings(
            hongniang::gui::screen::settings::Message::Encryption(
                hongniang::gui::screen::settings::encryption::Message::NewKeyAgainChanged(
                    "杭州2026".into(),
                ),
            ),
        )],
    );
    let mut view = ui(&app);
    view.click("加密数据库").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    let tasks: Vec<_> = messages.into_iter().map(|m| app.update(m)).collect();
    assert!(
        ui(&app).find("正在加密数据库,请稍候……").is_ok(),
        "the window waits while the file is rewritten in the background"
    );
    let done: Vec<Message> = tasks.into_iter().flat_map(answers).collect();
    settle(&mut app, done);
    assert!(app.db().is_encrypted(), "encrypted");
    assert_eq!(app.db().count_members().unwrap(), 1, "and still open");
    let mut view = ui(&app);
    assert!(
        view.find("数据库已加密:每次打开程序要输入数据库密码;备份也用同一个密码加密。")
            .is_ok()
    );
    let raw = std::fs::read(&path).unwrap();
    assert!(!raw.windows("李芳".len()).any(|w| w == "李芳".as_bytes()));
}

#[test]
fn print_the_sheets_of_a_registration_day_page_by_page() {
    use hongniang::gui::screen::{members, preview};
    let Station {
        mut app,
        path,
        _dir,
        ..
    } = station();
    for (name, phone) in [
        ("李芳", "13700001111"),
        ("王芳", "13700002222"),
        ("陈芳", "13700003333"),
    ] {
        register(&path, person(name, Gender::Female, 1993, phone));
    }
    feed(&mut app, [Message::Navigate(Page::Members)]);
    // A date that cannot be read is named, and nothing opens.
    feed(
        &mut app,
        [
            Message::Members(members::Message::PrintDayChanged("三月一号".into())),
            Message::Members(members::Message::PrintDay),
        ],
    );
    assert!(app.preview().is_none());
    assert!(
        ui(&app)
            .find("日期“三月一号”看不懂,请写成 2026-11-21 这样")
            .is_ok()
    );
    feed(
        &mut app,
        [Message::Members(members::Message::PrintDayChanged(
            "2025-03-01".into(),
        ))],
    );
    let mut view = ui(&app);
    view.click("这天登记的表…").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    let job = app.preview().map(|p| p.job.clone()).expect("a preview");
    let prepared = preview::prepare(app.db(), &job, &Actor::terminal()).map_err(|e| e.to_string());
    feed(
        &mut app,
        [Message::Print(preview::Message::Ready(job, prepared))],
    );
    assert_eq!(app.preview().unwrap().page_count(), 3);
    let mut view = ui(&app);
    assert!(view.find("1 / 3").is_ok());
    view.click("下一页").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    assert!(ui(&app).find("2 / 3").is_ok());
    // PgDn and PgUp turn the pages too, and stop at the last and the first.
    feed(
        &mut app,
        [
            Message::Shortcut(Shortcut::PageDown),
            Message::Shortcut(Shortcut::PageDown),
        ],
    );
    assert!(ui(&app).find("3 / 3").is_ok());
    feed(
        &mut app,
        (0..5).map(|_| Message::Shortcut(Shortcut::PageUp)),
    );
    assert!(ui(&app).find("1 / 3").is_ok());
    // 放大 twice and 缩小 once: 适合宽度 comes back to the width that fits.
    let mut view = ui(&app);
    assert!(view.find("适合宽度").is_ok());
    drop(view);
    feed(
        &mut app,
        [
            Message::Print(preview::Message::Zoom(1)),
            Message::Print(preview::Message::Zoom(1)),
            Message::Print(preview::Message::Zoom(-1)),
        ],
    );
    assert_eq!(app.preview().unwrap().zoom(), 1.5);
    feed(&mut app, [Message::Print(preview::Message::FitWidth)]);
    assert_eq!(app.preview().unwrap().zoom(), 1.0);
    feed(&mut app, [Message::Print(preview::Message::Zoom(-9))]);
    assert_eq!(app.preview().unwrap().zoom(), 0.5, "缩小 stops at half");
    // Escape closes the preview and leaves the list as it was.
    feed(&mut app, [Message::Shortcut(Shortcut::Escape)]);
    assert!(app.preview().is_none());
    assert!(matches!(app.screen(), Screen::Members(_)));
}

/// A station whose administrator 楼老师 (PIN 2468) and volunteer 朱大姐 (PIN 1357) sign in
/// with their PINs, with one member and a backup of it.
fn station_with_an_administrator() -> (Station, i64, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let mut db = Db::open(&path).unwrap();
    db.set_station_name("爱的填空相亲工作站").unwrap();
    let lou = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap()
        .id;
    let zhu = db
        .add_volunteer(&hongniang_core::Actor::terminal(), "朱大姐")
        .unwrap()
        .id;
    let as_lou = db.sign_in(lou, "").unwrap();
    db.set_pin(&as_lou, lou, "2468").unwrap();
    db.set_admin(&as_lou, lou, true).unwrap();
    db.set_pin(&as_lou, zhu, "1357").unwrap();
    let member = db
        .insert_member(
            person("李芳", Gender::Female, 1993, "13700001111"),
            None,
            &as_lou,
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        )
        .unwrap()
        .id;
    let copy = dir.path().join("copy.db");
    db.export_database(&as_lou, &copy).unwrap();
    drop(db);
    let app = App::new(Db::open(&path).unwrap(), path.clone());
    assert!(matches!(app.screen(), Screen::ChooseDuty));
    (
        Station {
            _dir: dir,
            path,
            app,
        },
        member,
        copy,
    )
}

/// 会员 › the first row › 按本人要求删除资料… › 确定删除.
fn delete_the_first_member(app: &mut App) {
    use hongniang::gui::screen::{detail, members};
    settle(
        app,
        [
            Message::Navigate(Page::Members),
            Message::Members(members::Message::OpenRow(0)),
            Message::Detail(detail::Message::AskDelete),
            Message::Detail(detail::Message::ConfirmDelete),
        ],
    );
}

/// Clicks a volunteer's name on the duty (or lock) panel and types the PIN.
fn sign_in_with_pin(app: &mut App, name: &str, pin: &str) {
    let mut view = ui(app);
    view.click(name).unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(app, messages);
    type_pin(app, pin);
}

/// Types `pin` into the PIN box and presses Enter; the check runs as the window would run it.
fn type_pin(app: &mut App, pin: &str) {
    let mut view = ui(app);
    view.click(selector::id(hongniang::gui::PIN_ID)).unwrap();
    let _ = view.typewrite(pin);
    let _ = view.tap_key(iced::keyboard::key::Named::Enter);
    let messages: Vec<Message> = view.into_messages().collect();
    settle(app, messages);
}

#[test]
fn only_an_administrator_with_the_right_pin_deletes_restores_or_encrypts_in_the_window() {
    use hongniang::data::audit::Kind;
    use hongniang::gui::screen::settings;
    let (
        Station {
            mut app,
            _dir,
            path,
        },
        member,
        copy,
    ) = station_with_an_administrator();

    // 朱大姐 is on duty with her PIN; she is no administrator.
    sign_in_with_pin(&mut app, "朱大姐", "1357");
    assert!(matches!(app.screen(), Screen::Home(_)), "signed in");
    delete_the_first_member(&mut app);
    assert_eq!(
        app.notice(),
        Some("只有管理员可以删除会员资料;请管理员登录后再做")
    );
    assert_eq!(app.db().member(member).unwrap().data.name, "李芳");

    feed(
        &mut app,
        [
            Message::Navigate(Page::Settings),
            Message::Settings(settings::Message::Backups(
                settings::backups::Message::AskRestore(copy.clone()),
            )),
            Message::Settings(settings::Message::Backups(
                settings::backups::Message::ConfirmRestore,
            )),
        ],
    );
    assert!(
        ui(&app)
            .find("只有管理员可以恢复备份;请管理员登录后再做")
            .is_ok()
    );
    feed(
        &mut app,
        [
            Message::Settings(settings::Message::Encryption(
                settings::encryption::Message::NewKeyChanged("杭州2026".into()),
            )),
            Message::Settings(settings::Message::Encryption(
                settings::encryption::Message::NewKeyAgainChanged("杭州2026".into()),
            )),
            Message::Settings(settings::Message::Encryption(
                settings::encryption::Message::KeyWrittenDown(true),
            )),
            Message::Settings(settings::Message::Encryption(
                settings::encryption::Message::Encrypt,
            )),
        ],
    );
    assert!(
        ui(&app)
            .find("只有管理员可以设置数据库加密;请管理员登录后再做")
            .is_ok()
    );
    assert!(!app.db().is_encrypted());

    // 楼老师 takes over at the lock: a wrong PIN keeps it locked, the right one opens.
    feed(
        &mut app,
        [Message::Session(hongniang::gui::session::Message::Lock)],
    );
    sign_in_with_pin(&mut app, "楼老师", "1111");
    assert!(app.is_locked());
    assert!(ui(&app).find("密码不对,请再试一次").is_ok());
    type_pin(&mut app, "2468");
    assert!(!app.is_locked());
    assert!(app.title().ends_with("值班:楼老师"), "{}", app.title());

    delete_the_first_member(&mut app);
    assert_eq!(app.notice(), Some("已按本人要求删除个人资料"));
    let log = Db::open(&path).unwrap().audit_log(1).unwrap();
    assert_eq!(log[0].kind, Kind::Delete);
    assert_eq!(log[0].volunteer_name.as_deref(), Some("楼老师"));
}

#[test]
fn wishes_typed_into_other_requirements_fill_the_requirements_with_one_click() {
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    feed(
        &mut app,
        [
            Message::Register(hongniang::gui::screen::register::Message::Edit(
                Input::PrefOther,
                "25-30岁,身高160以上,本地,离异可".into(),
            )),
            Message::Register(hongniang::gui::screen::register::Message::Edit(
                Input::Field("notes"),
                "父母代登记".into(),
            )),
        ],
    );
    let mut view = ui(&app);
    assert!(
        view.find("这段文字读出的要求:年龄 25–30 岁,身高 160 厘米以上,婚姻 未婚、离异,户籍 杭州")
            .is_ok()
    );
    view.click("按这段文字填入上面的要求").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    fill_and_save(&mut app, &[]);
    let Screen::Detail(detail) = app.screen() else {
        panic!("the saved member's page")
    };
    let d = &detail.member.data;
    let p = &d.preferences;
    assert_eq!((p.age_min, p.age_max), (Some(25), Some(30)));
    assert_eq!(p.height_min, Some(160));
    assert_eq!(p.hukou, Some(hongniang::data::model::Hukou::Hangzhou));
    assert_eq!(p.marital_statuses.len(), 2);
    assert_eq!(p.other, "25-30岁,身高160以上,本地,离异可", "the text stays");
    assert_eq!(d.notes, "父母代登记");
    let mut view = ui(&app);
    assert!(view.find("红娘备注(只给红娘看)").is_ok());
}

#[test]
fn a_database_with_a_trigger_slipped_in_opens_read_only_and_says_where_to_restore() {
    use hongniang::gui::RestoreEvent;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let db = Db::open(&path).unwrap();
    db.set_station_name("爱的填空相亲工作站").unwrap();
    db.add_volunteer(&hongniang_core::Actor::terminal(), "楼老师")
        .unwrap();
    let at = chrono::Local::now().naive_local();
    let backup = db.backup_now(at).unwrap().path;
    drop(db);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER copy_phone AFTER INSERT ON members
             BEGIN INSERT INTO settings VALUES ('x' || NEW.id, NEW.phone); END;",
        )
        .unwrap();
    let db = Db::open(&path).unwrap();
    assert!(db.read_only().is_some());
    let mut app = App::new(db, path.clone());
    let _ = app.start();
    let notice = app.notice().expect("a notice").to_string();
    assert!(
        notice.contains("触发器“copy_phone”") && notice.contains("设置 › 数据备份"),
        "{notice}"
    );
    assert!(
        matches!(app.screen(), Screen::Home(_)),
        "the data can be seen"
    );
    let mut view = ui(&app);
    assert!(view.find(notice.as_str()).is_ok(), "shown in the window");
    drop(view);
    // Dismissed, the note is gone but the navigation still says the window cannot change.
    feed(&mut app, [Message::DismissNotice]);
    const MARK: &str = "只读打开:不能修改。请到 设置 › 数据备份 恢复";
    assert!(ui(&app).find(MARK).is_ok(), "still marked read-only");

    // Restored (as the window's job does, on its own opening of the file): the window
    // writes again, and the notice is gone.
    Db::open(&path)
        .unwrap()
        .restore_from(
            &Actor::terminal(),
            &backup,
            at + chrono::Duration::seconds(1),
        )
        .unwrap();
    feed(
        &mut app,
        [Message::Restore(RestoreEvent::Done(Ok("已恢复".into())))],
    );
    assert_eq!(app.db().read_only(), None);
    assert_eq!(app.notice(), None);
    assert!(ui(&app).find(MARK).is_err(), "no longer marked");
    app.db().set_lock_minutes(5).unwrap();
}

/// Every text or closed-list field of the sheet (`fields::MEMBER_FIELDS`) has its box, list or
/// buttons on the form (暂停原因 once 暂停 is chosen; how the member herself consented once a
/// parent registered her and she did; the publicity name once publicity is ticked): a
/// field added to the table without a place on the form fails here (the form reads and writes
/// every one through the table, so a place is all a new one needs).
#[test]
fn every_text_or_choice_field_of_the_sheet_has_its_place_on_the_form() {
    use hongniang::data::fields::{Access, MEMBER_FIELDS};
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Register)]);
    let mut view = ui(&app);
    view.click("是工会会员").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    use hongniang::gui::screen::register::{Flag, Message as Form};
    feed(
        &mut app,
        [
            Message::Register(Form::Edit(Input::Field("status"), "暂停".into())),
            // Registered by her mother, her own yes and publicity ticked: how and who show.
            Message::Register(Form::Edit(Input::Relation, "母亲".into())),
            Message::Register(Form::Toggle(Flag::OwnConsent, true)),
            Message::Register(Form::Toggle(Flag::Publicity, true)),
        ],
    );
    let mut view = ui(&app);
    let mut seen = 0;
    for field in MEMBER_FIELDS {
        if !matches!(field.access, Access::Text(..) | Access::Choice { .. }) {
            continue;
        }
        if field.key == "consent_source" {
            // How an imported member's consent was given: kept, not edited on the form.
            continue;
        }
        assert!(
            view.find(selector::id(field.key)).is_ok(),
            "{} ({}) has no place on the form",
            field.key,
            field.label
        );
        seen += 1;
    }
    assert!(seen >= 20, "only {seen} text and choice fields found");
    assert!(view.find(selector::id("no_such_field")).is_err());
}

/// 设置 › 锁定: requiring a PIN of everyone is refused while someone has none (named), then
/// taken; the lock screen no longer says a name alone opens it, and a name alone does not.
#[test]
fn a_pin_can_be_required_of_every_volunteer_from_the_settings() {
    use hongniang::gui::screen::settings;
    let Station { mut app, _dir, .. } = station();
    app.db()
        .add_volunteer(&hongniang_core::Actor::terminal(), "朱大姐")
        .unwrap();
    let volunteers = app.db().volunteers().unwrap();
    let (lou, zhu) = (volunteers[0].id, volunteers[1].id);
    let require = |on| {
        Message::Settings(settings::Message::Lock(
            settings::lock::Message::RequirePin(on),
        ))
    };
    let pin = |id, pin: &str| {
        [
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::PinChanged(id, pin.into()),
            )),
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::SavePin(id),
            )),
        ]
    };
    feed(&mut app, [Message::Navigate(Page::Settings)]);
    feed(&mut app, pin(lou, "2468"));
    feed(&mut app, [require(true)]);
    assert!(
        ui(&app)
            .find("朱大姐还没有密码:先为每位在职的红娘设好密码,再要求大家用密码值班")
            .is_ok()
    );
    assert!(!app.db().pin_required().unwrap());
    feed(&mut app, pin(zhu, "1357"));
    feed(&mut app, [require(true)]);
    assert!(app.db().pin_required().unwrap());
    // A newcomer without a PIN: the lock screen does not offer the name as a way in.
    app.db()
        .add_volunteer(&hongniang_core::Actor::terminal(), "陈阿姨")
        .unwrap();
    feed(
        &mut app,
        [
            Message::Navigate(Page::Home),
            Message::Session(hongniang::gui::session::Message::Lock),
        ],
    );
    let mut view = ui(&app);
    assert!(view.find("陈阿姨没有设密码,点名字就能解锁。要让锁定真正管用,请在 设置 › 红娘志愿者 里给每位红娘设密码,再在 设置 › 锁定 里要求大家用密码值班。").is_err());
    view.click("陈阿姨").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    assert!(app.is_locked(), "a name alone does not unlock");
    assert!(
        ui(&app)
            .find("这台电脑要求每位红娘用密码值班,您还没有密码:请管理员在 设置 › 红娘志愿者 里为您设一个")
            .is_ok()
    );
}

/// 首页 asks for a backup of a station's own database, never of one the demo filled (which is
/// never backed up).
#[test]
fn the_home_page_asks_for_a_backup_of_the_stations_data_only() {
    let warning = "还没有备份过数据。请到「设置」点“立即备份”。";
    let Station { app, _dir, .. } = station();
    assert!(
        ui(&app).find(warning).is_ok(),
        "the station's own, never backed up"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("演示.db");
    let mut db = Db::open(&path).unwrap();
    hongniang::data::demo::generate(&mut db, 20, 3, hongniang::data::today(), &mut |_| {}).unwrap();
    let mut app = App::new(db, path);
    if matches!(app.screen(), Screen::ChooseDuty) {
        let lou = app.db().volunteer_named("楼老师").unwrap().id;
        feed(
            &mut app,
            [Message::Session(
                hongniang::gui::session::Message::ChooseDuty(lou),
            )],
        );
    }
    assert!(matches!(app.screen(), Screen::Home(_)));
    assert!(
        ui(&app).find(warning).is_err(),
        "a demo database is not asked for one"
    );
    // Nobody there has a PIN: the lock screen says so in a word, not by listing everyone.
    feed(
        &mut app,
        [Message::Session(hongniang::gui::session::Message::Lock)],
    );
    assert!(ui(&app).find("还没有红娘设密码,点名字就能解锁。要让锁定真正管用,请在 设置 › 红娘志愿者 里给每位红娘设密码,再在 设置 › 锁定 里要求大家用密码值班。").is_ok());
}

/// 首页's 待答复: the side asked and silent for the days set is listed with how long; after
/// twice as many, 记为未成(对方未答复) closes the introduction there (issue 34).
#[test]
fn an_unanswered_agreement_is_on_the_home_page_and_closed_from_there() {
    let Station {
        mut app,
        path,
        _dir,
        ..
    } = station();
    let he = register(&path, person("王强", Gender::Male, 1990, "13800000001"));
    let she = register(&path, person("李芳", Gender::Female, 1992, "13800000002"));
    let today = hongniang::data::today();
    let asked = today - chrono::Duration::days(15);
    let intro = {
        let mut db = Db::open(&path).unwrap();
        db.add_introduction(he, she, asked, &Actor::terminal(), today)
            .unwrap()
            .id
    };
    feed(&mut app, [Message::Navigate(Page::Home)]);
    let mut view = ui(&app);
    assert!(view.find("王强 与 李芳:等王强答复 15 天").is_ok());
    view.click("记为未成(对方未答复)").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let ended = app.db().introduction(intro).unwrap();
    assert_eq!(
        ended.end_reason,
        Some(hongniang::data::introductions::EndReason::NoReply)
    );
    let mut view = ui(&app);
    assert!(view.find("已记为未成(对方未答复):王强 与 李芳").is_ok());
    assert!(view.find("王强 与 李芳:等王强答复 15 天").is_err());
}

/// 首页's 多次没联系上: a member the last three calls never reached over months is listed, and
/// 暂停(联系不上) pauses her there (issue 34).
#[test]
fn a_member_out_of_reach_is_paused_from_the_home_page() {
    use hongniang::data::availability::CallOutcome;
    use hongniang::data::model::{MemberStatus, PauseReason};
    let Station {
        mut app,
        path,
        _dir,
        ..
    } = station();
    let she = register(&path, person("李芳", Gender::Female, 1992, "13800000002"));
    let today = hongniang::data::today();
    {
        let mut db = Db::open(&path).unwrap();
        for days in [120, 60, 10] {
            db.record_call(
                she,
                CallOutcome::Unreachable,
                today - chrono::Duration::days(days),
                "",
                &Actor::terminal(),
                today,
            )
            .unwrap();
        }
    }
    feed(&mut app, [Message::Navigate(Page::Home)]);
    let mut view = ui(&app);
    assert!(view.find("多次没联系上").is_ok());
    view.click("暂停(联系不上)").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let member = app.db().member(she).unwrap();
    assert_eq!(
        (member.data.status, member.data.pause_reason),
        (MemberStatus::Paused, Some(PauseReason::Unreachable))
    );
    assert!(app.notice().unwrap().starts_with("已暂停李芳(联系不上)"));
    assert!(ui(&app).find("多次没联系上").is_err());
}

/// 首页's 待本人确认: a daughter her mother registered is listed with the mother's phone
/// (masked); her page says why she is not introduced and records her own yes with one click,
/// after which 配对 is offered and she leaves the list (issue 34).
#[test]
fn a_member_registered_by_her_mother_is_confirmed_from_her_page() {
    use hongniang::data::model::{Registrant, RegistrantRelation};
    let Station {
        mut app,
        path,
        _dir,
        ..
    } = station();
    let mut data = person("王婷", Gender::Female, 1994, "");
    data.registrant = Registrant {
        relation: RegistrantRelation::Mother,
        kin: String::new(),
        name: "王阿姨".into(),
        phone: "13912345678".into(),
    };
    let she = register(&path, data);
    feed(&mut app, [Message::Navigate(Page::Home)]);
    let mut view = ui(&app);
    assert!(view.find("待本人确认").is_ok());
    assert!(view.find("2025-03-01 登记 · 联系 母亲 139****5678").is_ok());
    view.click("2025-03-01 登记 · 联系 母亲 139****5678")
        .unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let mut view = ui(&app);
    assert!(
        view.find(
            "待本人确认:由母亲王阿姨代为登记,本人同意前不配对、不介绍、不邀请、不共享。今天本人:"
        )
        .is_ok()
    );
    view.click("到站当面同意").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let member = app.db().member(she).unwrap();
    assert_eq!(
        member.data.own_consent_how,
        Some(hongniang::data::model::OwnConsentHow::InPerson)
    );
    assert_eq!(member.data.own_consent_on, Some(hongniang::data::today()));
    assert!(app.notice().unwrap().starts_with("已记录王婷今天本人确认"));
    assert!(ui(&app).find("到站当面同意").is_err());
    feed(&mut app, [Message::Navigate(Page::Home)]);
    assert!(ui(&app).find("待本人确认").is_err());
}

/// 设置 › 资料保存期限: a period under a year is refused in words; a member who left four years
/// ago is counted, listed on 查看名单, and erased after the question (issue 34).
#[test]
fn members_past_the_retention_period_are_erased_from_the_settings() {
    let Station {
        mut app,
        path,
        _dir,
        ..
    } = station();
    let she = register(&path, person("李芳", Gender::Female, 1962, "13800000002"));
    {
        let db = Db::open(&path).unwrap();
        db.connection()
            .execute(
                "UPDATE members SET status = 'withdrawn' WHERE id = ?1",
                [she],
            )
            .unwrap();
        db.connection()
            .execute(
                "UPDATE members SET left_on = '2021-06-01' WHERE id = ?1",
                [she],
            )
            .unwrap();
    }
    feed(&mut app, [Message::Navigate(Page::Settings)]);
    let mut view = ui(&app);
    assert!(view.find("已保存期满的会员 1 位。").is_ok());
    view.click("查看名单").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let mut view = ui(&app);
    let number = app.db().member(she).unwrap().number;
    assert!(
        view.find(format!(
            "{number} 李芳 · 退出于 2021-06-01 · 保存到 2024-06-01"
        ))
        .is_ok()
    );
    view.click("删除这 1 位的个人资料…").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let mut view = ui(&app);
    view.click("确定删除").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    assert_eq!(
        app.db().member(she).unwrap().data.name,
        hongniang::data::privacy::ANONYMOUS
    );
    let mut view = ui(&app);
    assert!(view.find("现在没有保存期满的会员。").is_ok());
}

/// 约见面 through the window: tomorrow's meeting is on 首页 with both phones masked, 显示号码
/// shows them (recorded); on its day the introduction's page takes both sides' answers, and
/// 记录已见面 moves it to 见面 with the feedback kept (issue 34).
#[test]
fn a_meeting_is_listed_on_the_home_page_and_recorded_with_feedback() {
    use hongniang::data::introductions::Stage;
    use hongniang::data::meetings::Continue;
    use hongniang::gui::screen::{introductions, meeting};
    let Station {
        mut app,
        path,
        _dir,
        ..
    } = station();
    let he = register(&path, person("王强", Gender::Male, 1990, "13800000001"));
    let she = register(&path, person("李芳", Gender::Female, 1992, "13800000002"));
    let today = hongniang::data::today();
    let (intro, meeting_id) = {
        let mut db = Db::open(&path).unwrap();
        let id = crate::common::exchanged(&mut db, he, she, today);
        let m = db
            .arrange_meeting(
                &Actor::terminal(),
                id,
                today + chrono::Days::new(1),
                "14:00",
                "",
                today,
            )
            .unwrap();
        (id, m.id)
    };
    feed(&mut app, [Message::Navigate(Page::Home)]);
    let mut view = ui(&app);
    assert!(view.find("明天 14:00 · 本站 · 王强 与 李芳").is_ok());
    assert!(
        view.find("王强 手机 138****0001;李芳 手机 138****0002")
            .is_ok()
    );
    view.click("显示号码").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    assert!(
        ui(&app)
            .find("王强 手机 13800000001;李芳 手机 13800000002")
            .is_ok()
    );
    // The day comes (moved to today), and the page asks both sides.
    {
        let mut db = Db::open(&path).unwrap();
        db.move_meeting(
            &Actor::terminal(),
            meeting_id,
            (today, "18:30", ""),
            "男方改时间",
            today,
        )
        .unwrap();
    }
    let m = |message| Message::Introductions(introductions::Message::Meeting(message));
    feed(
        &mut app,
        [
            Message::Navigate(Page::Home),
            Message::Home(hongniang::gui::screen::home::Message::OpenIntroduction(
                intro,
            )),
        ],
    );
    assert!(ui(&app).find("见面的日子到了:问问双方,记下来。").is_ok());
    feed(
        &mut app,
        [
            m(meeting::Message::Answer(false, Continue::Yes)),
            m(meeting::Message::Words(false, "印象不错".into())),
            m(meeting::Message::Answer(true, Continue::Yes)),
        ],
    );
    let mut view = ui(&app);
    view.click("记录已见面").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let i = app.db().introduction(intro).unwrap();
    assert_eq!(i.stage, Stage::Met);
    let kept = &app.db().meetings(intro).unwrap()[0];
    assert_eq!(kept.words_a, "印象不错");
    let mut view = ui(&app);
    assert!(view.find("王强 想继续:印象不错").is_ok());
}

/// 首页 › 来电来访: a mother's call typed in a few clicks is saved and listed to call back;
/// a wrong phone is said and what was typed stays (issue 34).
#[test]
fn an_enquiry_is_noted_on_the_home_page() {
    use hongniang::gui::screen::{enquiry, home};
    let Station { mut app, _dir, .. } = station();
    feed(&mut app, [Message::Navigate(Page::Home)]);
    let mut view = ui(&app);
    view.click("记一条来电来访…").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let e = |m| Message::Home(home::Message::Enquiry(m));
    feed(
        &mut app,
        [
            e(enquiry::Message::Name("王阿姨".into())),
            e(enquiry::Message::Phone("1391234".into())),
            e(enquiry::Message::Asked("女儿30岁,怎么登记".into())),
        ],
    );
    let mut view = ui(&app);
    view.click("保存").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let mut view = ui(&app);
    assert!(
        view.find("电话格式不对:手机为 11 位数字(如 138 1234 5678),座机如 0571-87654321")
            .is_ok()
    );
    assert!(
        view.find("女儿30岁,怎么登记").is_ok(),
        "what was typed stays"
    );
    drop(view);
    feed(&mut app, [e(enquiry::Message::Phone("13912345678".into()))]);
    let mut view = ui(&app);
    view.click("保存").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    assert_eq!(app.db().enquiries(true, 10).unwrap().len(), 1);
    let today = hongniang::data::today();
    let mut view = ui(&app);
    assert!(
        view.find(format!(
            "{today} 父母 电话 王阿姨:女儿30岁,怎么登记 → 再联系 · 139****5678"
        ))
        .is_ok()
    );
}

/// 统计 › 成功名单: 导出同意宣传的夫妻 writes the couples who both agreed, named as they allowed,
/// and says so (issue 34).
#[test]
fn the_couples_who_agreed_to_publicity_are_exported_from_statistics() {
    use hongniang::data::introductions::Stage;
    use hongniang::data::model::PublicityName;
    use hongniang::gui::screen::statistics;
    let Station {
        mut app,
        path,
        _dir,
        ..
    } = station();
    let today = hongniang::data::today();
    let consenting = |name: &str, gender, phone: &str, naming| MemberData {
        publicity_consent_on: Some(today),
        publicity_name: Some(naming),
        ..person(name, gender, 1990, phone)
    };
    let he = register(
        &path,
        consenting("王强", Gender::Male, "13800000001", PublicityName::Full),
    );
    let she = register(
        &path,
        consenting(
            "李芳",
            Gender::Female,
            "13800000002",
            PublicityName::Surname,
        ),
    );
    {
        let mut db = Db::open(&path).unwrap();
        let id = crate::common::exchanged(&mut db, he, she, today);
        db.advance_introduction(id, Stage::Married, today, &Actor::terminal(), "", today)
            .unwrap();
    }
    let file = _dir.path().join("couples");
    feed(
        &mut app,
        [
            Message::Navigate(Page::Statistics),
            Message::Statistics(statistics::Message::ExportCouplesTo(Some(file.clone()))),
        ],
    );
    let text = std::fs::read_to_string(file.with_extension("csv")).unwrap();
    assert!(text.contains(&format!("王强,李女士,{today}")), "{text}");
}

/// 签退 beside 锁定: the volunteer's duty ends (its time said on the duty choice) and the
/// program locks; the duty is in the station's hours.
#[test]
fn signing_out_ends_the_duty_and_locks() {
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let mut view = ui(&app);
    view.click("签退").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    assert!(
        ui(&app)
            .find("楼老师已签退:今天值班 0 分钟。谢谢您!")
            .is_ok()
    );
    let db = Db::open(&path).unwrap();
    let today = hongniang::data::today();
    let duties = db.duties(None, today, today).unwrap();
    assert_eq!(duties.len(), 1);
    assert!(duties[0].signed_out.is_some());
}

/// 首页 › 值班表: the volunteer on duty puts themselves on the next open day with one click,
/// sees it in the month's rota, a day gone by is refused in words with what was typed kept,
/// and the duty is taken off again.
#[test]
fn rota_on_the_home_page() {
    use hongniang::gui::screen::{home, rota};
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let mut view = ui(&app);
    view.click("排班").unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    settle(&mut app, messages);
    let db = Db::open(&path).unwrap();
    let today = hongniang::data::today();
    let ahead = db
        .rota(None, today, today + chrono::TimeDelta::days(8), today)
        .unwrap();
    assert_eq!(ahead.len(), 1);
    assert_eq!(ahead[0].volunteer, "楼老师");
    assert_eq!(ahead[0].on_date.format("%a").to_string(), "Sat");
    let said = format!("已排班:楼老师 {} 下午 开放日值班", ahead[0].on_date);
    assert!(ui(&app).find(said.as_str()).is_ok());
    // Yesterday: refused, the day typed stays in its box.
    let yesterday = (today - chrono::TimeDelta::days(1)).to_string();
    feed(
        &mut app,
        [
            Message::Home(home::Message::Rota(rota::Message::Day(yesterday.clone()))),
            Message::Home(home::Message::Rota(rota::Message::Add)),
        ],
    );
    {
        let mut view = ui(&app);
        let refusal = format!("{yesterday} 已经过去了,不能再排班(过去的值班以签到为准)");
        assert!(view.find(refusal.as_str()).is_ok());
        assert!(view.find(yesterday.as_str()).is_ok());
    }
    feed(
        &mut app,
        [Message::Home(home::Message::Rota(rota::Message::Remove(
            ahead[0].id,
        )))],
    );
    assert!(ui(&app).find("已取消这条排班").is_ok());
    assert!(
        db.rota(None, today, today + chrono::TimeDelta::days(8), today)
            .unwrap()
            .is_empty()
    );
}

/// 设置 › 值班记录: today's duty (open since the volunteer chose their name) corrected with its
/// times and a reason; a wrong time or no reason is said at the boxes, nothing written.
#[test]
fn a_duty_corrected_in_settings() {
    use hongniang::gui::screen::settings::{self, duties};
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    settle(&mut app, [Message::Navigate(Page::Settings)]);
    let db = Db::open(&path).unwrap();
    let today = hongniang::data::today();
    let id = db.duties(None, today, today).unwrap()[0].id;
    let duty = |m| Message::Settings(settings::Message::Duties(m));
    feed(
        &mut app,
        [
            duty(duties::Message::Edit(id)),
            duty(duties::Message::SignedIn(id, "00:01".into())),
            duty(duties::Message::SignedOut(id, "25:00".into())),
            duty(duties::Message::Save(id)),
        ],
    );
    assert!(ui(&app).find("时间“25:00”看不懂:写成 09:30 这样").is_ok());
    feed(
        &mut app,
        [
            duty(duties::Message::SignedOut(id, "２３：５９".into())),
            duty(duties::Message::Save(id)),
        ],
    );
    assert!(ui(&app).find("请写明为什么更正(会记入操作记录)").is_ok());
    assert_eq!(db.duties(None, today, today).unwrap()[0].signed_out, None);
    feed(
        &mut app,
        [
            duty(duties::Message::Reason(id, "忘了签退".into())),
            duty(duties::Message::Save(id)),
        ],
    );
    assert!(
        ui(&app)
            .find(format!("已更正 楼老师 {today} 的值班:23 小时 58 分").as_str())
            .is_ok()
    );
    let corrected = &db.duties(None, today, today).unwrap()[0];
    assert_eq!(
        (corrected.minutes(), corrected.correction.as_str()),
        (1438, "忘了签退")
    );
}
