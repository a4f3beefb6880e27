//! Nothing moves under the mouse: a window whose widget state lives on between updates, as the
//! real window's does (a `UserInterface` rebuilt from its cache after each message), scrolled
//! with the wheel; after an action the page is where it was. A page opened anew starts at its
//! top, not at the offset the page before it had.

use super::*;
use hongniang::gui::screen::settings;
use hongniang::gui::style::TextScale;
use iced::advanced::widget::Id;
use iced::advanced::widget::operation::{Operation, Scrollable};
use iced::{Point, Rectangle, Size, Vector, mouse};
use iced_runtime::user_interface::{Cache, UserInterface};

/// A window at 1024×768 whose widget state (scroll, focus) survives between messages.
pub(super) struct Window {
    renderer: iced::Renderer,
    cache: Option<Cache>,
    size: Size,
}

impl Window {
    pub(super) fn new(app: &App, (width, height): (f32, f32)) -> Self {
        // The simulator loads the program's font once for the process.
        drop(layout::window(app, (width, height)));
        let renderer = iced::futures::executor::block_on(
            <iced::Renderer as iced::advanced::renderer::Headless>::new(
                style::FONT,
                style::TEXT.into(),
                std::env::var("ICED_TEST_BACKEND").ok().as_deref(),
            ),
        )
        .expect("a headless renderer");
        let scale = app.scale_factor();
        Self {
            renderer,
            cache: Some(Cache::default()),
            size: Size::new(width / scale, height / scale),
        }
    }

    /// Lays the page out again from the cache, runs `f` on it, and keeps the cache.
    fn with_ui<T>(
        &mut self,
        app: &App,
        f: impl FnOnce(
            &mut UserInterface<'_, Message, iced::Theme, iced::Renderer>,
            &mut iced::Renderer,
        ) -> T,
    ) -> T {
        let cache = self.cache.take().unwrap_or_default();
        let mut ui = UserInterface::build(app.view(), self.size, cache, &mut self.renderer);
        let out = f(&mut ui, &mut self.renderer);
        self.cache = Some(ui.into_cache());
        out
    }

    /// Turns the wheel `lines` lines down over the middle of the page; the messages it makes
    /// are fed to the app.
    pub(super) fn wheel(&mut self, app: &mut App, lines: f32) {
        let at = Point::new(self.size.width * 0.6, self.size.height * 0.6);
        let events = [
            iced::Event::Mouse(mouse::Event::CursorMoved { position: at }),
            iced::Event::Mouse(mouse::Event::WheelScrolled {
                delta: mouse::ScrollDelta::Lines { x: 0.0, y: -lines },
            }),
        ];
        let messages = self.with_ui(app, |ui, renderer| {
            let mut messages = Vec::new();
            let _ = ui.update(
                &events,
                mouse::Cursor::Available(at),
                renderer,
                &mut iced::advanced::clipboard::Null,
                &mut messages,
            );
            messages
        });
        settle(app, messages);
    }

    /// Feeds `message` to the app and carries out what it asks as the runtime would: the
    /// widget operations (focus, scroll) on this window, the messages back to the app.
    pub(super) fn send(&mut self, app: &mut App, message: Message) {
        use iced::futures::StreamExt;
        let task = app.update(message);
        let Some(stream) = iced_runtime::task::into_stream(task) else {
            return;
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let actions: Vec<iced_runtime::Action<Message>> = runtime.block_on(stream.collect());
        for action in actions {
            match action {
                iced_runtime::Action::Output(message) => self.send(app, message),
                iced_runtime::Action::Widget(mut operation) => self.with_ui(app, |ui, renderer| {
                    loop {
                        ui.operate(renderer, operation.as_mut());
                        match operation.finish() {
                            iced::advanced::widget::operation::Outcome::Chain(next) => {
                                operation = next;
                            }
                            _ => break,
                        }
                    }
                }),
                _ => {}
            }
        }
    }

    /// The id of the widget that has the keyboard, if any.
    pub(super) fn focused(&mut self, app: &App) -> Option<String> {
        self.with_ui(app, |ui, renderer| {
            let mut found = Focused::default();
            ui.operate(renderer, &mut found);
            found.id
        })
    }

    /// How far down the page's main scrollable (the largest on screen) is.
    pub(super) fn offset(&mut self, app: &App) -> f32 {
        self.with_ui(app, |ui, renderer| {
            let mut found = Largest::default();
            ui.operate(renderer, &mut found);
            found.best.map_or(0.0, |(_, translation)| translation.y)
        })
    }
}

/// The id of the focused widget.
#[derive(Default)]
struct Focused {
    id: Option<String>,
}

impl Operation for Focused {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn focusable(
        &mut self,
        id: Option<&Id>,
        _bounds: Rectangle,
        state: &mut dyn iced::advanced::widget::operation::Focusable,
    ) {
        if state.is_focused() {
            self.id = id.map(|id| format!("{id:?}"));
        }
    }
}

/// The largest scrollable of the page and how far it is scrolled.
#[derive(Default)]
struct Largest {
    best: Option<(f32, Vector)>,
}

impl Operation for Largest {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        bounds: Rectangle,
        _content: Rectangle,
        translation: Vector,
        _state: &mut dyn Scrollable,
    ) {
        let area = bounds.width * bounds.height;
        if self.best.is_none_or(|(best, _)| area > best) {
            self.best = Some((area, translation));
        }
    }
}

/// 设置 at 特大 on 1024×768, scrolled down to the volunteers: a PIN of two digits is refused at
/// its box, and the page stays where it was (the mouse stays over the same buttons).
#[test]
fn a_refused_pin_is_said_at_its_box_and_the_page_stays_put() {
    let mut station = station();
    let app = &mut station.app;
    settle(
        app,
        [
            Message::Navigate(Page::Settings),
            Message::Settings(settings::Message::TextScale(TextScale::ExtraLarge)),
        ],
    );
    let mut window = Window::new(app, (1024.0, 768.0));
    window.wheel(app, 6.0);
    let before = window.offset(app);
    assert!(before > 50.0, "the page did not scroll: {before}");
    let id = app.db().volunteers().unwrap()[0].id;
    settle(
        app,
        [
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::PinChanged(id, "12".into()),
            )),
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::SavePin(id),
            )),
        ],
    );
    assert_eq!(
        window.offset(app),
        before,
        "the page moved after the refusal"
    );
    // Said at the box, not in a note over the page.
    let mut ui = layout::window(app, (1024.0, 768.0));
    assert!(ui.find("密码须是 4 到 8 位数字").is_ok());
    drop(ui);
    assert_eq!(app.notice(), None);
    // A PIN that is right: the note floats over the page, which stays where it was.
    settle(
        app,
        [
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::PinChanged(id, "2468".into()),
            )),
            Message::Settings(settings::Message::Volunteers(
                settings::volunteers::Message::SavePin(id),
            )),
        ],
    );
    assert_eq!(window.offset(app), before, "the page moved after the save");
}

/// A member's page scrolled to its bottom, then one of her introductions, or 牵线记录 from the
/// navigation: each opens at its top (its header and newest introductions in sight), not at the member page's offset; the same
/// from a scrolled 设置 to 活动, and back to the member's page.
#[test]
fn a_page_opened_anew_starts_at_its_top() {
    let mut station = station();
    let she = register(
        &station.path,
        person("李芳", Gender::Female, 1992, "13800000002"),
    );
    // Her introductions, one ended after another: long lists on both pages.
    let introduction = {
        let mut db = Db::open(&station.path).unwrap();
        let today = hongniang::data::today();
        let mut last = 0;
        for n in 0..16 {
            let he = db
                .insert_member(
                    person(
                        &format!("王强{n}"),
                        Gender::Male,
                        1990,
                        &format!("138000001{n:02}"),
                    ),
                    None,
                    &Actor::terminal(),
                    today,
                )
                .unwrap()
                .id;
            last = db
                .add_introduction(she, he, today, &Actor::terminal(), today)
                .unwrap()
                .id;
            if n < 15 {
                db.end_introduction(
                    last,
                    (
                        hongniang::data::introductions::EndReason::NoSpark,
                        hongniang::data::introductions::EndSide::Both,
                    ),
                    today,
                    &Actor::terminal(),
                    "",
                    false,
                    today,
                )
                .unwrap();
            }
        }
        last
    };
    let app = &mut station.app;
    settle(
        app,
        [
            Message::Navigate(Page::Settings),
            Message::Settings(settings::Message::TextScale(TextScale::ExtraLarge)),
            Message::Navigate(Page::Members),
            Message::Members(hongniang::gui::screen::members::Message::OpenRow(0)),
        ],
    );
    assert!(matches!(app.screen(), Screen::Detail(_)));
    let mut window = Window::new(app, (1024.0, 768.0));
    window.wheel(app, 40.0);
    assert!(
        window.offset(app) > 50.0,
        "the member's page did not scroll"
    );
    // The introduction opened from the member's page, then 牵线记录 from the navigation.
    settle(
        app,
        [Message::Detail(
            hongniang::gui::screen::detail::Message::OpenIntroduction(introduction),
        )],
    );
    assert!(matches!(app.screen(), Screen::Introductions(_)));
    assert_eq!(window.offset(app), 0.0, "the introduction opened scrolled");
    settle(app, [Message::Navigate(Page::Members)]);
    settle(
        app,
        [Message::Members(
            hongniang::gui::screen::members::Message::OpenRow(1),
        )],
    );
    window.wheel(app, 40.0);
    assert!(
        window.offset(app) > 50.0,
        "the member's page did not scroll"
    );
    settle(app, [Message::Navigate(Page::Introductions)]);
    assert_eq!(window.offset(app), 0.0, "牵线记录 opened scrolled");

    settle(app, [Message::Navigate(Page::Settings)]);
    window.wheel(app, 40.0);
    assert!(window.offset(app) > 50.0, "设置 did not scroll");
    settle(app, [Message::Navigate(Page::Events)]);
    assert_eq!(window.offset(app), 0.0, "活动 opened scrolled");
}
