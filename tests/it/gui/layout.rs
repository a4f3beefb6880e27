//! Every page at every text size on the station's screens: what must stay on screen and
//! usable (the rows of 查询, 锁定, every button's whole label), found in the laid-out window.
//! With `HONGNIANG_SNAPSHOTS=dir` set, each page is also drawn to `dir` as a PNG to look at
//! (only those whose file names contain `HONGNIANG_SNAPSHOTS_OF`, when that is set too).

use super::*;
use hongniang::gui::style::TextScale;
use iced::{Rectangle, Size};
use iced_test::selector::Candidate;

/// Physical window sizes: the station's old screen, a common laptop, a large screen.
const WINDOWS: [(f32, f32); 3] = [(1024.0, 768.0), (1366.0, 768.0), (1920.0, 1080.0)];

fn settings() -> iced::Settings {
    iced::Settings {
        fonts: vec![style::FONT_BYTES.into()],
        default_font: style::FONT,
        default_text_size: style::TEXT.into(),
        ..iced::Settings::default()
    }
}

/// The window as iced lays it out: physical pixels divided by the text scale.
pub(super) fn window(app: &App, (width, height): (f32, f32)) -> Simulator<'_, Message> {
    let scale = app.scale_factor();
    Simulator::with_size(
        settings(),
        Size::new(width / scale, height / scale),
        app.view(),
    )
}

/// Everything written on screen: each text, where it is laid out and what of it is visible.
fn texts(ui: &mut Simulator<'_, Message>) -> Vec<(String, Rectangle, Option<Rectangle>)> {
    let mut found = Vec::new();
    let _ = ui.find(|candidate: Candidate<'_>| -> Option<()> {
        if let Candidate::Text {
            content,
            bounds,
            visible_bounds,
            ..
        } = candidate
        {
            found.push((content.to_string(), bounds, visible_bounds));
        }
        None
    });
    found
}

/// The width `label` takes at text size `size` when nothing squeezes it.
fn natural_width(label: &str, size: f32) -> f32 {
    let element: iced::Element<'_, ()> = iced::widget::text(label.to_string())
        .size(size)
        .wrapping(iced::widget::text::Wrapping::None)
        .into();
    let mut ui = Simulator::with_size(settings(), Size::new(4000.0, 200.0), element);
    ui.find(label).map(|t| t.bounds().width).unwrap_or(0.0)
}

/// Whether `label` (written at text size `size`) is on screen in full: laid out at its
/// natural width, not squeezed, not scrolled or cut away.
pub(super) fn shown_whole(
    ui: &mut Simulator<'_, Message>,
    label: &str,
    size: f32,
) -> Result<(), String> {
    let natural = natural_width(label, size);
    let all = texts(ui);
    let Some((_, bounds, visible)) = all.iter().find(|(text, _, _)| text == label) else {
        return Err(format!("“{label}” is not on the page"));
    };
    if bounds.width + 0.5 < natural {
        return Err(format!(
            "“{label}” is squeezed to {:.0} of {natural:.0} px",
            bounds.width
        ));
    }
    match visible {
        Some(v) if v.width + 0.5 >= bounds.width && v.height + 0.5 >= bounds.height => Ok(()),
        _ => Err(format!("“{label}” is cut off or out of sight: {visible:?}")),
    }
}

/// How many of `labels` are on screen in full (table rows are counted by member number).
fn rows_in_sight(ui: &mut Simulator<'_, Message>, labels: &[String]) -> usize {
    texts(ui)
        .iter()
        .filter(|(text, bounds, visible)| {
            labels.contains(text)
                && visible.is_some_and(|v| v.height + 0.5 >= bounds.height && v.width > 0.0)
        })
        .count()
}

pub(super) fn snapshot(app: &App, size: (f32, f32), name: &str) {
    let Ok(dir) = std::env::var("HONGNIANG_SNAPSHOTS") else {
        return;
    };
    // HONGNIANG_SNAPSHOTS_OF=会员-1024 draws only the pictures whose names contain it.
    if std::env::var("HONGNIANG_SNAPSHOTS_OF").is_ok_and(|part| !name.contains(&part)) {
        return;
    }
    let mut ui = window(app, size);
    let path = std::path::Path::new(&dir).join(name);
    let _ = std::fs::remove_file(&path);
    let _ = ui
        .snapshot(&hongniang::gui::style::theme())
        .and_then(|shot| shot.matches_image(&path));
}

/// Checks, in every window size, that each of `labels` (at the standard text size) is on the
/// screen `app` shows in full; a fault per miss, named after `name`; a picture when asked.
fn check_whole(app: &App, scale: TextScale, name: &str, labels: &[&str], faults: &mut Vec<String>) {
    for size in WINDOWS {
        let at = format!("{name} at {}×{} {}", size.0, size.1, scale.label());
        let mut ui = window(app, size);
        for label in labels {
            if let Err(e) = shown_whole(&mut ui, label, style::TEXT) {
                faults.push(format!("{at}: {e}"));
            }
        }
        drop(ui);
        snapshot(
            app,
            size,
            &format!("{name}-{}x{}-{}.png", size.0, size.1, scale.code()),
        );
    }
}

/// A station of 10,000 demo members, the volunteer on duty, the indexes built, at `scale`.
fn demo_station(scale: TextScale) -> Station {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let mut db = Db::open(&path).unwrap();
    // The demo fills an empty database first (never a station's own), then the station is
    // given its name and its one volunteer.
    hongniang::data::demo::generate(&mut db, 10_000, 7, hongniang::data::today(), &mut |_| {})
        .unwrap();
    db.set_station_name("爱的填空相亲工作站").unwrap();
    for volunteer in db.volunteers().unwrap() {
        if volunteer.name != "楼老师" {
            db.set_volunteer_active(&Actor::terminal(), volunteer.id, false)
                .unwrap();
        }
    }
    db.set_setting("text_scale", scale.code()).unwrap();
    let mut app = App::new(db, path.clone());
    indexes_ready(&mut app);
    Station {
        _dir: dir,
        path,
        app,
    }
}

#[test]
fn every_page_keeps_its_tools_at_every_text_size_and_window() {
    let mut faults = Vec::new();
    for scale in TextScale::ALL {
        let mut station = demo_station(scale);
        let app = &mut station.app;
        assert_eq!(app.scale_factor(), scale.factor());
        let newest: Vec<String> = app
            .db()
            .list_members(0, 30)
            .unwrap()
            .into_iter()
            .map(|m| m.number)
            .collect();
        for page in Page::NAVIGATION {
            settle(app, [Message::Navigate(page)]);
            for size in WINDOWS {
                let at = format!(
                    "{} at {}×{} {}",
                    page.label(),
                    size.0,
                    size.1,
                    scale.label()
                );
                let mut ui = window(app, size);
                // The navigation: every page and 锁定, whatever the size.
                for label in ["锁定", "值班:楼老师"] {
                    shown_whole(&mut ui, label, style::SMALL)
                        .unwrap_or_else(|e| faults.push(format!("{at}: {e}")));
                }
                let must_show: &[&str] = match page {
                    Page::Register => &["保存", "取消", "姓名 *", "性别 *"],
                    Page::Members => &["登记新会员", "查找会员(查询)", "导入旧登记册…", "下一页"],
                    Page::Search => &["清空", "下一页"],
                    Page::Statistics => &["导出 Excel / CSV…", "PDF 报告(打印)…", "本年"],
                    Page::Settings => &["保存名称", "停用", "保存密码"],
                    Page::Events => &["新建活动", "联谊活动", "开放日"],
                    _ => &[],
                };
                for label in must_show {
                    shown_whole(&mut ui, label, style::TEXT)
                        .unwrap_or_else(|e| faults.push(format!("{at}: {e}")));
                }
                if page == Page::Search {
                    let rows = rows_in_sight(&mut ui, &newest);
                    if rows < 8 {
                        faults.push(format!("{at}: only {rows} result rows in sight"));
                    }
                }
                if page == Page::Introductions {
                    let rows = texts(&mut ui)
                        .iter()
                        .filter(|(text, bounds, visible)| {
                            text.contains(" — ")
                                && visible.is_some_and(|v| v.height + 0.5 >= bounds.height)
                        })
                        .count();
                    if rows < 8 {
                        faults.push(format!("{at}: only {rows} introductions in sight"));
                    }
                }
                if page == Page::Members {
                    let rows = rows_in_sight(&mut ui, &newest);
                    if rows < 8 {
                        faults.push(format!("{at}: only {rows} member rows in sight"));
                    }
                }
                drop(ui);
                // With the conditions open: still at least 5 rows in sight.
                if page == Page::Search {
                    let toggle = hongniang::gui::screen::search::Message::ToggleConditions;
                    settle(app, [Message::Search(toggle(true))]);
                    let mut ui = window(app, size);
                    let rows = rows_in_sight(&mut ui, &newest);
                    if rows < 5 {
                        faults.push(format!(
                            "{at}: with the conditions open only {rows} rows in sight"
                        ));
                    }
                    for label in ["收起条件 ▲", "下一页"] {
                        shown_whole(&mut ui, label, style::TEXT)
                            .unwrap_or_else(|e| faults.push(format!("{at}, conditions open: {e}")));
                    }
                    drop(ui);
                    snapshot(
                        app,
                        size,
                        &format!("查询条件-{}x{}-{}.png", size.0, size.1, scale.code()),
                    );
                    settle(app, [Message::Search(toggle(false))]);
                }
                snapshot(
                    app,
                    size,
                    &format!(
                        "{}-{}x{}-{}.png",
                        page.label(),
                        size.0,
                        size.1,
                        scale.code()
                    ),
                );
            }
        }
        // The import's first step, and the print preview of the blank sheet over 会员.
        use hongniang::gui::screen::members;
        settle(
            app,
            [
                Message::Navigate(Page::Members),
                Message::Members(members::Message::Import),
            ],
        );
        assert!(matches!(app.screen(), Screen::Import(_)));
        check_whole(app, scale, "导入", &["选择文件…"], &mut faults);
        settle(
            app,
            [
                Message::Navigate(Page::Members),
                Message::Members(members::Message::PrintBlank),
            ],
        );
        assert!(
            app.preview().is_some_and(|p| p.is_ready()),
            "the preview is laid out"
        );
        check_whole(
            app,
            scale,
            "打印预览",
            &["打印", "另存为 PDF…", "用系统程序打开", "关闭预览", "放大"],
            &mut faults,
        );
        // On the station's screen the page takes the width there is, not a thumbnail.
        for size in WINDOWS.into_iter().filter(|(w, _)| *w < 1100.0) {
            let mut ui = window(app, size);
            let width = size.0 / app.scale_factor();
            let page_id = iced::widget::Id::new(hongniang::gui::screen::preview::PAGE_ID);
            let mut found = None;
            let _ = ui.find(|candidate: Candidate<'_>| -> Option<()> {
                if let Candidate::Scrollable {
                    id: Some(id),
                    bounds,
                    content_bounds,
                    ..
                } = candidate
                    && *id == page_id
                {
                    found = Some((bounds, content_bounds));
                }
                None
            });
            match found {
                Some((bounds, content))
                    if content.width >= 0.9 * (width - bounds.x - style::PAGE_PADDING) => {}
                other => faults.push(format!(
                    "打印预览 at {}×{} {}: the page is not the width there is: {other:?} in {width}",
                    size.0,
                    size.1,
                    scale.label()
                )),
            }
        }
        // A member's page, opened from 查询, and an introduction opened from its timeline.
        settle(
            app,
            [
                Message::Navigate(Page::Search),
                Message::Search(hongniang::gui::screen::search::Message::OpenRow(0)),
            ],
        );
        assert!(matches!(app.screen(), Screen::Detail(_)), "a member opened");
        check_whole(
            app,
            scale,
            "会员资料",
            &[
                "返回查询结果",
                "修改资料",
                "打印登记表",
                "打印介绍卡",
                "配对",
            ],
            &mut faults,
        );
        // Further down the page (scrolled to): the red button whole, not cut at the right edge.
        for size in WINDOWS {
            let label = "按本人要求删除资料…";
            let natural = natural_width(label, style::TEXT);
            let mut ui = window(app, size);
            let width = size.0 / app.scale_factor();
            match texts(&mut ui)
                .into_iter()
                .find(|(text, _, _)| text == label)
            {
                Some((_, bounds, _))
                    if bounds.width + 0.5 >= natural && bounds.x + bounds.width <= width => {}
                found => faults.push(format!(
                    "会员资料 at {}×{} {}: “{label}” cut: {found:?} in {width}",
                    size.0,
                    size.1,
                    scale.label()
                )),
            }
        }
        // 配对 for that member (the candidates worked out), and an introduction opened.
        settle(
            app,
            [Message::Detail(
                hongniang::gui::screen::detail::Message::Pair,
            )],
        );
        assert!(matches!(app.screen(), Screen::Pair(p) if p.pairing().is_some()));
        check_whole(
            app,
            scale,
            "配对会员",
            &["查看资料", "换一位会员"],
            &mut faults,
        );
        // At least three candidates in sight, whatever the member's card says above them.
        for size in WINDOWS {
            let mut ui = window(app, size);
            let candidates = texts(&mut ui)
                .into_iter()
                .filter(|(text, bounds, visible)| {
                    text.split_once(". ")
                        .is_some_and(|(rank, _)| rank.parse::<u32>().is_ok())
                        && visible.is_some_and(|v| v.height + 0.5 >= bounds.height)
                })
                .count();
            if candidates < 3 {
                faults.push(format!(
                    "配对 at {}×{} {}: {candidates} candidates in sight",
                    size.0,
                    size.1,
                    scale.label()
                ));
            }
        }
        // Folded on the short window, the member's notices open with one click.
        if scale == TextScale::ExtraLarge {
            let notices = |app: &App| {
                let mut ui = window(app, WINDOWS[0]);
                texts(&mut ui)
                    .into_iter()
                    .filter(|(text, _, _)| text.starts_with("不再推荐:"))
                    .count()
            };
            assert_eq!(
                notices(app),
                0,
                "the notices are folded at 特大 on 1024×768"
            );
            let toggle = hongniang::gui::screen::pair::Message::ToggleNotes;
            settle(app, [Message::Pair(toggle.clone())]);
            assert_eq!(notices(app), 1, "the notices open");
            settle(app, [Message::Pair(toggle)]);
        }
        settle(app, [Message::Navigate(Page::Introductions)]);
        let first = match app.screen() {
            Screen::Introductions(h) => h.rows()[0].id,
            _ => panic!("on 牵线记录"),
        };
        settle(
            app,
            [Message::Introductions(
                hongniang::gui::screen::introductions::Message::Open(first),
            )],
        );
        check_whole(app, scale, "一条牵线", &["返回列表"], &mut faults);
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn the_first_start_keeps_its_buttons_at_every_text_size_and_window() {
    let mut faults = Vec::new();
    for scale in TextScale::ALL {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let db = Db::open(&path).unwrap();
        db.set_setting("text_scale", scale.code()).unwrap();
        let app = App::new(db, path);
        assert!(matches!(app.screen(), Screen::Welcome(_)));
        check_whole(
            &app,
            scale,
            "欢迎",
            &["开始使用", "打开演示数据库"],
            &mut faults,
        );
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}
