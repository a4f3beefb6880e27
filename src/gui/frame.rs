//! What surrounds every page: the navigation on the left, the notice banner, the "leave
//! without saving?" question, the keyboard and idle subscriptions, the waiting panel while the
//! database is rewritten, and the window that only says why the database could not be opened.

use super::{App, Message, Page, Shortcut, placement, renderer, session, style, widget};
use crate::data::{self, Db};
use iced::widget::{button, column, container, opaque, row, text};
use iced::{Element, Length, Subscription, Task, keyboard, window};
use std::path::PathBuf;

pub fn subscription() -> Subscription<Message> {
    let keys = keyboard::listen().filter_map(|event| match event {
        keyboard::Event::KeyPressed { key, modifiers, .. } => match key.as_ref() {
            keyboard::Key::Character("s") if modifiers.command() => {
                Some(Message::Shortcut(Shortcut::Save))
            }
            keyboard::Key::Character("l") if modifiers.command() => {
                Some(Message::Session(session::Message::Lock))
            }
            // The focus itself moves in the page (`focus::chain`); this brings it into view.
            keyboard::Key::Named(keyboard::key::Named::Tab) => {
                Some(Message::Shortcut(Shortcut::ShowFocused))
            }
            _ => None,
        },
        _ => None,
    });
    // Esc is taken by a focused text box, so these are read before the widgets see them.
    let navigation = iced::event::listen_with(|event, _status, _window| match event {
        iced::Event::Keyboard(keyboard::Event::KeyPressed {
            key: keyboard::Key::Named(named),
            ..
        }) => match named {
            keyboard::key::Named::ArrowUp => Some(Message::Shortcut(Shortcut::Up)),
            keyboard::key::Named::ArrowDown => Some(Message::Shortcut(Shortcut::Down)),
            keyboard::key::Named::Escape => Some(Message::Shortcut(Shortcut::Escape)),
            keyboard::key::Named::PageUp => Some(Message::Shortcut(Shortcut::PageUp)),
            keyboard::key::Named::PageDown => Some(Message::Shortcut(Shortcut::PageDown)),
            _ => None,
        },
        _ => None,
    });
    // Any press counts as use, for the idle lock.
    let activity = iced::event::listen_with(|event, _status, _window| match event {
        iced::Event::Keyboard(keyboard::Event::KeyPressed { .. })
        | iced::Event::Mouse(iced::mouse::Event::ButtonPressed(_))
        | iced::Event::Mouse(iced::mouse::Event::WheelScrolled { .. }) => {
            Some(Message::Session(session::Message::Activity))
        }
        _ => None,
    });
    let tick = iced::time::every(std::time::Duration::from_secs(15))
        .map(|_| Message::Session(session::Message::Tick));
    Subscription::batch([
        keys,
        navigation,
        activity,
        tick,
        iced::window::close_requests().map(Message::CloseRequested),
    ])
}

/// The pages, the current one marked; who is on duty and 锁定 always at the bottom. When the
/// window is too low for every page at large text, the pages scroll and 锁定 stays.
pub fn navigation<'a>(
    current: Option<Page>,
    is_demo: bool,
    read_only: bool,
    on_duty: Option<&'a str>,
) -> Element<'a, Message> {
    let mut pages = column![].spacing(6).padding(iced::Padding {
        right: 4.0,
        ..iced::Padding::ZERO
    });
    for page in Page::NAVIGATION {
        pages = pages.push(
            button(text(page.label()).size(style::TEXT + 1.0))
                .width(Length::Fill)
                .padding([8, 14])
                .style(style::buttons::nav(current == Some(page)))
                .on_press(Message::Navigate(page)),
        );
    }
    let mut nav = column![
        text("红娘工作台")
            .size(style::HEADING - 2.0)
            .color(style::RED),
    ]
    .spacing(10)
    .padding(14)
    .width(style::NAV_WIDTH)
    .height(Length::Fill);
    if is_demo {
        nav = nav.push(widget::muted("演示数据"));
    }
    // Stays in view after the notice is dismissed: every save is refused until a restore.
    if read_only {
        nav = nav.push(
            text("只读打开:不能修改。请到 设置 › 数据备份 恢复")
                .size(style::SMALL)
                .color(style::RED),
        );
    }
    nav = nav.push(
        iced::widget::scrollable(pages)
            .direction(iced::widget::scrollable::Direction::Vertical(
                iced::widget::scrollable::Scrollbar::new()
                    .width(4)
                    .scroller_width(4),
            ))
            .height(Length::Fill),
    );
    if let Some(name) = on_duty {
        // Side by side: at 特大 on a small screen every page of the list stays in view.
        nav = nav.push(widget::muted(format!("值班:{name}"))).push(
            iced::widget::row![
                widget::with_key(
                    button(text("锁定").size(style::SMALL))
                        .width(Length::Fill)
                        .padding([8, 10])
                        .style(style::buttons::secondary)
                        .on_press(Message::Session(session::Message::Lock)),
                    "Ctrl+L",
                ),
                button(text("签退").size(style::SMALL))
                    .width(Length::Fill)
                    .padding([8, 10])
                    .style(style::buttons::secondary)
                    .on_press(Message::Session(session::Message::SignOut)),
            ]
            .spacing(6),
        );
    }
    container(nav)
        .height(Length::Fill)
        .style(style::containers::nav)
        .into()
}

/// What just happened, as a note over the bottom of the page: it moves nothing on the page
/// (so the next click lands where the volunteer aimed) and stays until 知道了 or another page.
pub fn notice(notice: &str) -> Element<'_, Message> {
    widget::toast(notice, Message::DismissNotice)
}

/// The whole window while the database is away being rewritten.
pub fn busy(what: &str) -> Element<'_, Message> {
    container(
        column![
            text(what).size(style::TITLE),
            text("数据较多时需要一两分钟。完成前请不要关闭程序。").size(style::TEXT),
        ]
        .spacing(style::GAP)
        .max_width(640),
    )
    .center(Length::Fill)
    .padding(40)
    .into()
}

/// The "leave without saving?" question, laid over the page.
pub fn leave_dialog<'a>(exit: bool) -> Element<'a, Message> {
    let question = if exit {
        "登记表还没有保存。现在关闭程序,刚才填写的内容会丢失。"
    } else {
        "登记表还没有保存。现在离开,刚才填写的内容会丢失。"
    };
    let dialog = container(
        column![
            text("还没有保存").size(style::HEADING),
            text(question).size(style::TEXT),
            row![
                widget::primary("回去继续填写", Some(Message::LeaveCancelled)),
                // The safe choice is the main (red) button; leaving is the plain one.
                widget::secondary("不保存,离开", Some(Message::LeaveConfirmed)),
            ]
            .spacing(style::SPACING),
        ]
        .spacing(style::GAP),
    )
    .padding(28)
    .max_width(560)
    .style(style::containers::dialog);
    opaque(
        container(dialog)
            .center(Length::Fill)
            .style(style::containers::backdrop),
    )
}

#[derive(Debug, Clone)]
pub struct Close;

/// A window that only says why the database could not be opened.
pub fn failure(settings: iced::Settings, message: String) -> iced::Result {
    eprintln!("错误:{message}");
    iced::application(
        move || message.clone(),
        |_: &mut String, _: Close| -> Task<Close> { iced::exit() },
        failure_view,
    )
    .settings(settings)
    .title("红娘工作台")
    .theme(|_: &String| style::theme())
    .window(window::Settings {
        size: iced::Size::new(800.0, 400.0),
        icon: style::window_icon(),
        ..window::Settings::default()
    })
    .run()
}

#[allow(clippy::ptr_arg)] // the state of this tiny app is the message itself
fn failure_view(message: &String) -> Element<'_, Close> {
    container(
        column![
            text("数据库打不开").size(style::TITLE),
            text(message.as_str()).size(style::TEXT),
            text("请把这段话告诉负责电脑的同志。数据没有被改动。").size(style::TEXT),
            widget::primary("关闭", Some(Close)),
        ]
        .spacing(style::GAP)
        .max_width(700),
    )
    .center(Length::Fill)
    .padding(40)
    .into()
}

/// A window still larger than its screen once open (no window manager maximised it: a bare X
/// server, a kiosk session) is made the size of the screen, so nothing is cut off at the right
/// or the bottom. A maximised window is left alone: on Windows a resize would un-maximise it.
fn fit_to_screen() -> Task<Message> {
    window::latest().then(move |id| {
        let Some(id) = id else {
            return Task::none();
        };
        window::is_maximized(id).then(move |maximized| {
            if maximized {
                return Task::none();
            }
            window::monitor_size(id).then(move |screen| match screen {
                Some(screen)
                    if screen.width < placement::PREFERRED.width
                        || screen.height < placement::PREFERRED.height =>
                {
                    // Unlike the first size, a resize is not multiplied by the text scale.
                    window::resize(
                        id,
                        iced::Size::new(
                            screen.width.min(placement::PREFERRED.width),
                            screen.height.min(placement::PREFERRED.height),
                        ),
                    )
                }
                _ => Task::none(),
            })
        })
    })
}

/// On Linux the window names itself as the desktop entry does (`hongniang.desktop`), so the
/// task bar shows it under 红娘工作台's icon.
fn platform_specific() -> window::settings::PlatformSpecific {
    #[cfg(target_os = "linux")]
    return window::settings::PlatformSpecific {
        application_id: "hongniang".into(),
        ..Default::default()
    };
    #[cfg(not(target_os = "linux"))]
    window::settings::PlatformSpecific::default()
}

/// Opens the window on the database at `db_path`.
pub fn run(db_path: PathBuf) -> iced::Result {
    // First, before any thread: the card, or software drawing if the card failed last time.
    renderer::choose_at_start();
    let settings = iced::Settings {
        fonts: vec![style::FONT_BYTES.into()],
        default_font: style::FONT,
        default_text_size: style::TEXT.into(),
        ..iced::Settings::default()
    };
    let opened = match Db::open(&db_path) {
        Ok(db) => Ok(App::new(db, db_path.clone())),
        Err(data::Error::NeedsKey | data::Error::WrongKey) => Ok(App::needs_key(db_path.clone())),
        Err(error) => Err(error),
    };
    match opened {
        Ok(app) => {
            // It opens maximised; restored, it fits the screen's work area (placement.rs).
            let area = placement::work_area();
            let placed = placement::placement(area, app.scale_factor());
            let window = window::Settings {
                size: placed.size,
                position: placed
                    .position
                    .map_or(window::Position::Default, window::Position::Specific),
                min_size: Some(placed.min_size),
                maximized: true,
                icon: style::window_icon(),
                exit_on_close_request: false,
                platform_specific: platform_specific(),
                ..window::Settings::default()
            };
            let start = std::cell::RefCell::new(Some(app));
            iced::application(
                move || {
                    // Boot runs once; a second call (never made by iced) reopens the database.
                    let mut app = start
                        .borrow_mut()
                        .take()
                        .unwrap_or_else(|| App::reopen(db_path.clone()));
                    let tasks = app.start();
                    // Where the system told the work area, the window was made to fit it.
                    let fit = if area.is_some() {
                        Task::none()
                    } else {
                        fit_to_screen()
                    };
                    (app, Task::batch([tasks, fit]))
                },
                App::update,
                App::view,
            )
            .settings(settings)
            .title(App::title)
            .theme(|_: &App| style::theme())
            .subscription(App::subscription)
            .scale_factor(App::scale_factor)
            .window(window)
            .run()
        }
        Err(error) => failure(settings, error.to_string()),
    }
}
