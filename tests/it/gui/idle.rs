//! An idle window costs nothing: once a page is drawn, it asks for no further frame unless
//! something on it changes by itself (a text box's blinking cursor, twice a second). A page
//! that asked for the next frame again and again would keep the processor busy for ever on a
//! station PC left open all day.

use super::*;
use iced::advanced::renderer::Headless;
use iced::window::RedrawRequest;
use iced::{Event, Size, mouse, window};
use iced_runtime::user_interface::{self, State, UserInterface};
use std::time::{Duration, Instant};

/// The soonest a page may ask to be drawn again without being touched: a blinking cursor.
const BLINK: Duration = Duration::from_millis(400);

/// What the page asks for after a frame drawn at `now`.
fn after_a_frame(app: &App, now: Instant) -> RedrawRequest {
    let mut renderer = iced::futures::executor::block_on(iced::Renderer::new(
        style::FONT,
        style::TEXT.into(),
        std::env::var("ICED_TEST_BACKEND").ok().as_deref(),
    ))
    .expect("a headless renderer");
    let mut ui = UserInterface::build(
        app.view(),
        Size::new(1024.0, 768.0),
        user_interface::Cache::default(),
        &mut renderer,
    );
    let mut messages = Vec::new();
    let mut asked = RedrawRequest::Wait;
    // Two frames a second apart, the cursor resting over the page: what the window's loop
    // does when nothing happens.
    for at in [now, now + Duration::from_secs(1)] {
        let (state, _) = ui.update(
            &[Event::Window(window::Event::RedrawRequested(at))],
            mouse::Cursor::Available(iced::Point::new(600.0, 400.0)),
            &mut renderer,
            &mut iced::advanced::clipboard::Null,
            &mut messages,
        );
        ui.draw(
            &mut renderer,
            &iced::Theme::Light,
            &iced::advanced::renderer::Style::default(),
            mouse::Cursor::Available(iced::Point::new(600.0, 400.0)),
        );
        if let State::Updated { redraw_request, .. } = state {
            asked = match redraw_request {
                RedrawRequest::At(when) => RedrawRequest::At(when - (at - now)),
                other => other,
            };
        }
    }
    assert!(
        messages.is_empty(),
        "an idle frame sent {} messages",
        messages.len()
    );
    asked
}

#[test]
fn no_page_asks_to_be_drawn_again_while_nothing_happens() {
    let mut station = station();
    let app = &mut station.app;
    indexes_ready(app);
    let now = Instant::now();
    let mut busy = Vec::new();
    for page in Page::NAVIGATION {
        settle(app, [Message::Navigate(page)]);
        match after_a_frame(app, now) {
            RedrawRequest::Wait => {}
            RedrawRequest::At(when) if when >= now + BLINK => {}
            other => busy.push(format!("{}: {other:?}", page.label())),
        }
    }
    assert!(
        busy.is_empty(),
        "pages that keep asking to be redrawn: {busy:#?}"
    );
}

#[test]
fn the_idle_check_notices_a_page_that_animates() {
    // The same check on a page that asks for every frame (a spinning indicator): it must
    // fail, or the test above proves nothing.
    struct Spinning;
    impl<Message> iced::advanced::Widget<Message, iced::Theme, iced::Renderer> for Spinning {
        fn size(&self) -> Size<iced::Length> {
            Size::new(iced::Length::Fixed(10.0), iced::Length::Fixed(10.0))
        }
        fn layout(
            &mut self,
            _: &mut iced::advanced::widget::Tree,
            _: &iced::Renderer,
            _: &iced::advanced::layout::Limits,
        ) -> iced::advanced::layout::Node {
            iced::advanced::layout::Node::new(Size::new(10.0, 10.0))
        }
        fn draw(
            &self,
            _: &iced::advanced::widget::Tree,
            _: &mut iced::Renderer,
            _: &iced::Theme,
            _: &iced::advanced::renderer::Style,
            _: iced::advanced::Layout<'_>,
            _: mouse::Cursor,
            _: &iced::Rectangle,
        ) {
        }
        fn update(
            &mut self,
            _: &mut iced::advanced::widget::Tree,
            event: &Event,
            _: iced::advanced::Layout<'_>,
            _: mouse::Cursor,
            _: &iced::Renderer,
            _: &mut dyn iced::advanced::Clipboard,
            shell: &mut iced::advanced::Shell<'_, Message>,
            _: &iced::Rectangle,
        ) {
            if let Event::Window(window::Event::RedrawRequested(_)) = event {
                shell.request_redraw();
            }
        }
    }
    let mut renderer = iced::futures::executor::block_on(iced::Renderer::new(
        style::FONT,
        style::TEXT.into(),
        std::env::var("ICED_TEST_BACKEND").ok().as_deref(),
    ))
    .expect("a headless renderer");
    let element: iced::Element<'_, ()> = iced::Element::new(Spinning);
    let mut ui = UserInterface::build(
        element,
        Size::new(100.0, 100.0),
        user_interface::Cache::default(),
        &mut renderer,
    );
    let (state, _) = ui.update(
        &[Event::Window(
            window::Event::RedrawRequested(Instant::now()),
        )],
        mouse::Cursor::Unavailable,
        &mut renderer,
        &mut iced::advanced::clipboard::Null,
        &mut Vec::new(),
    );
    assert!(matches!(
        state,
        State::Updated {
            redraw_request: RedrawRequest::NextFrame,
            ..
        }
    ));
}
