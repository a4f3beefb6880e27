//! Issue 16 on the screens: the worklist of 首页 one click from 配对, 暂停 with a return date,
//! a 回访确认 call and the ID check on the member page, and the other side's contacts on a
//! member page only once both agreed and they were exchanged.

use super::{Station, feed, indexes_ready, person, register, settle, station, ui};
use chrono::{Duration, NaiveDate};
use hongniang::data::introductions::Side;
use hongniang::data::model::{Gender, MemberData, MemberStatus, PauseReason};
use hongniang::data::{Actor, Db};
use hongniang::gui::screen::{detail, home};
use hongniang::gui::{Message, Page, Screen};
use iced_test::selector;

fn registered_on(data: MemberData, on: NaiveDate) -> MemberData {
    MemberData {
        registered_on: Some(on),
        ..data
    }
}

#[test]
fn the_longest_waiting_are_on_the_home_page_one_click_from_pairing() {
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let she = register(
        &path,
        registered_on(
            person("李芳", Gender::Female, 1994, "13800000001"),
            today - Duration::days(40),
        ),
    );
    register(
        &path,
        registered_on(
            person("王强", Gender::Male, 1992, "13800000002"),
            today - Duration::days(100),
        ),
    );
    // Registered three days ago: not yet waiting too long.
    register(
        &path,
        registered_on(
            person("赵磊", Gender::Male, 1993, "13800000003"),
            today - Duration::days(3),
        ),
    );
    indexes_ready(&mut app);
    settle(&mut app, [Message::Navigate(Page::Home)]);
    let mut view = ui(&app);
    assert!(
        view.find("2 位会员等介绍等得最久,点一下就去为他/她配对:")
            .is_ok()
    );
    assert!(view.find("登记后从未介绍,已等 100 天").is_ok());
    assert!(view.find("登记后从未介绍,已等 40 天").is_ok());
    assert!(view.find("登记后从未介绍,已等 3 天").is_err());
    let age = hongniang::data::model::YearMonth::new(1994, 4)
        .unwrap()
        .age_on(today);
    let number = Db::open(&path).unwrap().member(she).unwrap().number;
    view.click(format!("李芳 {number} · 女 {age} 岁").as_str())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let messages: Vec<Message> = view.into_messages().collect();
    assert!(
        messages
            .iter()
            .any(|m| matches!(m, Message::Home(home::Message::PairMember(id)) if *id == she))
    );
    settle(&mut app, messages);
    let Screen::Pair(pair) = app.screen() else {
        panic!("the worklist opens 配对");
    };
    assert_eq!(pair.member_id(), Some(she));
}

fn member_page(app: &mut hongniang::gui::App, id: i64) {
    feed(
        app,
        [
            Message::Navigate(Page::Home),
            Message::Home(home::Message::OpenMember(id)),
        ],
    );
    assert!(matches!(app.screen(), Screen::Detail(_)));
}

fn click(app: &mut hongniang::gui::App, label: &str) {
    let mut view = ui(app);
    view.click(label)
        .unwrap_or_else(|e| panic!("no {label}: {e:?}"));
    let messages: Vec<Message> = view.into_messages().collect();
    settle(app, messages);
}

fn status(
    path: &std::path::Path,
    id: i64,
) -> (MemberStatus, Option<PauseReason>, Option<NaiveDate>) {
    let m = Db::open(path).unwrap().member(id).unwrap();
    (m.data.status, m.data.pause_reason, m.data.pause_until)
}

#[test]
fn a_member_paused_until_a_date_comes_back_by_herself() {
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let back = today + Duration::days(30);
    let she = register(&path, person("李芳", Gender::Female, 1994, "13800000001"));
    member_page(&mut app, she);
    click(&mut app, "暂停介绍…");
    // No reason chosen: said, nothing changed.
    click(&mut app, "确定暂停");
    assert_eq!(app.notice(), Some("请先选暂停的原因"));
    assert_eq!(status(&path, she).0, MemberStatus::Active);
    feed(
        &mut app,
        [
            Message::Detail(detail::Message::PauseReason(PauseReason::Busy)),
            Message::Detail(detail::Message::PauseUntil(back.to_string())),
        ],
    );
    click(&mut app, "确定暂停");
    assert_eq!(
        status(&path, she),
        (MemberStatus::Paused, Some(PauseReason::Busy), Some(back))
    );
    let mut view = ui(&app);
    assert!(
        view.find(format!("状态:暂停(工作忙,到 {back})").as_str())
            .is_ok()
    );
    assert!(view.find("到了那天会自动恢复在册,不用再来改。").is_ok());
    drop(view);
    // The day before she is still paused; on the day she is 在册 again, and the volunteer
    // is told.
    assert!(!app.resume_paused(back - Duration::days(1)));
    assert_eq!(status(&path, she).0, MemberStatus::Paused);
    assert!(app.resume_paused(back));
    assert_eq!(status(&path, she), (MemberStatus::Active, None, None));
    assert_eq!(app.notice(), Some("暂停到期,已自动恢复在册:李芳"));
}

#[test]
fn a_call_and_the_id_check_are_recorded_on_the_member_page() {
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let she = register(&path, person("李芳", Gender::Female, 1994, "13800000001"));
    member_page(&mut app, she);
    assert!(ui(&app).find("身份证:未核验").is_ok());
    click(&mut app, "今天已看过身份证");
    assert!(
        ui(&app)
            .find(format!("身份证:已核验({today},楼老师)").as_str())
            .is_ok()
    );
    let member = Db::open(&path).unwrap().member(she).unwrap();
    assert_eq!(member.identity.id_card.map(|c| c.on), Some(today));
    // She found someone outside the station: the status follows the call.
    click(&mut app, "已有对象");
    assert_eq!(
        status(&path, she),
        (
            MemberStatus::Paused,
            Some(PauseReason::PartnerOutside),
            None
        )
    );
    let mut view = ui(&app);
    assert!(view.find("状态:暂停(已有对象(站外))").is_ok());
    assert!(
        view.find(format!("{today} 已有对象(楼老师)").as_str())
            .is_ok()
    );
    drop(view);
    click(&mut app, "恢复在册");
    assert_eq!(status(&path, she).0, MemberStatus::Active);
}

#[test]
fn the_other_sides_contacts_show_on_a_member_page_only_after_the_exchange() {
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let she = register(&path, person("李芳", Gender::Female, 1994, "13800000001"));
    let he = register(&path, person("王强", Gender::Male, 1992, "13911112222"));
    let mut db = Db::open(&path).unwrap();
    let actor = Actor::terminal();
    let id = db
        .add_introduction(she, he, today, &actor, today)
        .unwrap()
        .id;
    let his = "王强的联系方式:手机 139****2222";
    let look = |app: &mut hongniang::gui::App, expected: bool| {
        member_page(app, she);
        let mut view = ui(app);
        assert_eq!(view.find(his).is_ok(), expected);
        // Never his full number on her page.
        assert!(view.find("13911112222").is_err());
    };
    look(&mut app, false);
    db.agree_to_introduction(id, Side::A, today, &actor, "", today)
        .unwrap();
    look(&mut app, false);
    db.agree_to_introduction(id, Side::B, today, &actor, "", today)
        .unwrap();
    look(&mut app, false);
    db.exchange_contacts(id, today, &actor, "", today).unwrap();
    look(&mut app, true);
}

/// At 特大 in the station's 1024-wide window (tall enough to hold the whole page), the new
/// parts of the member page, 首页 and 配对 keep their words whole; with HONGNIANG_SNAPSHOTS
/// set they are drawn to look at.
#[test]
fn the_new_parts_keep_their_words_whole_at_extra_large() {
    use hongniang::data::model::{FamilyWishes, Hukou, Preferences, WishesOf};
    use hongniang::gui::style::{self, TextScale};
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    let today = hongniang::data::today();
    let she = register(
        &path,
        registered_on(
            MemberData {
                union_member: true,
                family: Some(FamilyWishes {
                    by: WishesOf::Mother,
                    preferences: Preferences {
                        hukou: Some(Hukou::Hangzhou),
                        requires_housing: true,
                        ..Preferences::default()
                    },
                }),
                ..person("李芳", Gender::Female, 1994, "13800000001")
            },
            today - Duration::days(60),
        ),
    );
    register(
        &path,
        registered_on(
            person("王强", Gender::Male, 1992, "13800000002"),
            today - Duration::days(90),
        ),
    );
    app.db()
        .set_setting("text_scale", TextScale::ExtraLarge.code())
        .unwrap();
    // The setting is read when the database is opened.
    app = hongniang::gui::App::new(Db::open(&path).unwrap(), path.clone());
    indexes_ready(&mut app);
    let tall = (1024.0, 4200.0);
    let mut faults = Vec::new();
    settle(&mut app, [Message::Navigate(Page::Home)]);
    let mut view = super::layout::window(&app, tall);
    for label in ["等待介绍", "配对 ›", "登记后从未介绍,已等 60 天"] {
        if let Err(e) = super::layout::shown_whole(&mut view, label, style::TEXT) {
            faults.push(format!("首页: {e}"));
        }
    }
    drop(view);
    super::layout::snapshot(&app, tall, "等待介绍-特大.png");
    member_page(&mut app, she);
    click(&mut app, "暂停介绍…");
    let mut view = super::layout::window(&app, tall);
    for label in [
        "在册与回访",
        "母亲的要求",
        "确定暂停",
        "今天已看过身份证",
        "今天已看过工会会员证",
        "还在找",
        "不再需要(退出)",
        "没联系上",
    ] {
        if let Err(e) = super::layout::shown_whole(&mut view, label, style::TEXT) {
            faults.push(format!("会员资料: {e}"));
        }
    }
    assert!(
        view.find("和本人不同:母亲要求杭州户籍,本人不限;母亲要求有房,本人不限")
            .is_ok()
    );
    drop(view);
    super::layout::snapshot(&app, tall, "会员资料-在册与回访-特大.png");
    settle(&mut app, [Message::Detail(detail::Message::Pair)]);
    settle(
        &mut app,
        [Message::Pair(
            hongniang::gui::screen::pair::Message::Select(hongniang::gui::screen::pair::Pick::Fit(
                0,
            )),
        )],
    );
    let mut view = super::layout::window(&app, tall);
    for label in [
        "注意:李芳的身份证未核验、工会会员证未核验(打开会员资料,看过证件后记一下)",
        "家长和本人的要求不同:母亲要求杭州户籍,本人不限;母亲要求有房,本人不限(配对按本人的要求)",
        "李芳母亲的要求(只供参考,不影响配对)",
        "注意(王强):身份证未核验",
    ] {
        if view.find(label).is_err() {
            faults.push(format!("配对: no “{label}”"));
        }
    }
    drop(view);
    super::layout::snapshot(&app, tall, "配对-特大.png");
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn the_days_before_a_member_is_on_the_worklist_are_set_in_settings() {
    use hongniang::gui::screen::settings;
    let Station {
        mut app,
        _dir,
        path,
    } = station();
    feed(&mut app, [Message::Navigate(Page::Settings)]);
    let mut view = ui(&app);
    view.click(selector::id("waiting_days")).unwrap();
    let messages: Vec<Message> = view.into_messages().collect();
    feed(&mut app, messages);
    feed(
        &mut app,
        [
            Message::Settings(settings::Message::Reminders(
                settings::reminders::Message::WaitingDaysChanged("三十".into()),
            )),
            Message::Settings(settings::Message::Reminders(
                settings::reminders::Message::SaveWaitingDays,
            )),
        ],
    );
    assert!(
        ui(&app)
            .find("“三十”不是天数,请填 1 到 365 之间的整数")
            .is_ok()
    );
    assert_eq!(Db::open(&path).unwrap().waiting_days().unwrap(), 30);
    feed(
        &mut app,
        [
            Message::Settings(settings::Message::Reminders(
                settings::reminders::Message::WaitingDaysChanged("45".into()),
            )),
            Message::Settings(settings::Message::Reminders(
                settings::reminders::Message::SaveWaitingDays,
            )),
        ],
    );
    assert_eq!(Db::open(&path).unwrap().waiting_days().unwrap(), 45);
    assert!(
        ui(&app)
            .find("已保存:上次介绍结束后 45 天没有新介绍,就列在首页的“等待介绍”里")
            .is_ok()
    );
}
