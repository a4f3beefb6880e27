//! Tab and Shift+Tab move through the fields (text boxes and the choices of `keyed`); when the
//! next field is outside the visible part of a long page (the registration sheet), the page
//! scrolls to show it. The same for a field focused on purpose (the first wrong one on save).

use iced::advanced::widget::operation::{Focusable, Operation, Outcome, Scrollable};
use iced::advanced::widget::{Id, operate};
use iced::widget::operation::{self, AbsoluteOffset};
use iced::{Rectangle, Task, Vector};

/// The id of a page's main scrollable that should follow the focus.
pub const PAGE_SCROLL: &str = "page_scroll";
/// Space kept above or below the field when scrolling to it.
const MARGIN: f32 = 60.0;

/// Focuses the field with `id` and brings it into view.
pub fn show<T: Send + 'static>(id: &'static str) -> Task<T> {
    operation::focus(id).chain(into_view())
}

/// Scrolls the page so that the focused field is visible.
fn into_view<T: Send + 'static>() -> Task<T> {
    operate(FocusedField::default()).then(|offset: Option<f32>| match offset {
        Some(y) => operation::scroll_to(
            PAGE_SCROLL,
            AbsoluteOffset {
                x: None,
                y: Some(y),
            },
        ),
        None => Task::none(),
    })
}

/// Finds the page scrollable and the focused field; answers the scroll offset that shows the
/// field, or `None` when it is already visible (or there is nothing to do).
#[derive(Default)]
struct FocusedField {
    viewport: Option<(Rectangle, Vector)>,
    focused: Option<Rectangle>,
}

impl Operation<Option<f32>> for FocusedField {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<Option<f32>>)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        id: Option<&Id>,
        bounds: Rectangle,
        _content: Rectangle,
        translation: Vector,
        _state: &mut dyn Scrollable,
    ) {
        if id == Some(&Id::new(PAGE_SCROLL)) {
            self.viewport = Some((bounds, translation));
        }
    }

    fn focusable(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        if state.is_focused() {
            self.focused = Some(bounds);
        }
    }

    fn finish(&self) -> Outcome<Option<f32>> {
        let (Some((view, scrolled)), Some(field)) = (self.viewport, self.focused) else {
            return Outcome::Some(None);
        };
        // Field positions are laid out as if unscrolled; `scrolled.y` is how far the page is down.
        let top = field.y - view.y;
        let bottom = top + field.height;
        let offset = if top < scrolled.y {
            Some((top - MARGIN).max(0.0))
        } else if bottom > scrolled.y + view.height {
            Some(bottom - view.height + MARGIN)
        } else {
            None
        };
        Outcome::Some(offset)
    }
}

/// The page, with Tab and Shift+Tab moving the focus through its text boxes and choices in
/// reading order. Done here, in the widget tree, so that it works wherever the page is drawn
/// (the window and the headless tests alike); the window then scrolls the focused field into
/// view through the keyboard subscription (`Shortcut::ShowFocused`), which still sees the key.
pub fn chain<'a, M: 'a>(content: impl Into<iced::Element<'a, M>>) -> iced::Element<'a, M> {
    iced::Element::new(Chain {
        content: content.into(),
    })
}

/// Scrolls the page so that the field that has the focus is visible (after Tab).
pub fn show_focused<T: Send + 'static>() -> Task<T> {
    into_view()
}

struct Chain<'a, M> {
    content: iced::Element<'a, M>,
}

impl<M> iced::advanced::Widget<M, iced::Theme, iced::Renderer> for Chain<'_, M> {
    fn children(&self) -> Vec<iced::advanced::widget::Tree> {
        vec![iced::advanced::widget::Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut iced::advanced::widget::Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> iced::Size<iced::Length> {
        self.content.as_widget().size()
    }

    fn layout(
        &mut self,
        tree: &mut iced::advanced::widget::Tree,
        renderer: &iced::Renderer,
        limits: &iced::advanced::layout::Limits,
    ) -> iced::advanced::layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn draw(
        &self,
        tree: &iced::advanced::widget::Tree,
        renderer: &mut iced::Renderer,
        theme: &iced::Theme,
        style: &iced::advanced::renderer::Style,
        layout: iced::advanced::Layout<'_>,
        cursor: iced::mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
    }

    fn operate(
        &mut self,
        tree: &mut iced::advanced::widget::Tree,
        layout: iced::advanced::Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut iced::advanced::widget::Tree,
        event: &iced::Event,
        layout: iced::advanced::Layout<'_>,
        cursor: iced::mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn iced::advanced::Clipboard,
        shell: &mut iced::advanced::Shell<'_, M>,
        viewport: &Rectangle,
    ) {
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
        if shell.is_event_captured() {
            return;
        }
        let iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
            key: iced::keyboard::Key::Named(iced::keyboard::key::Named::Tab),
            modifiers,
            ..
        }) = event
        else {
            return;
        };
        let mut operation: Box<dyn Operation<()>> = if modifiers.shift() {
            Box::new(iced::advanced::widget::operation::focusable::focus_previous::<()>())
        } else {
            Box::new(iced::advanced::widget::operation::focusable::focus_next::<()>())
        };
        // An operation may come in steps (count the fields, then move); run them all.
        loop {
            self.content.as_widget_mut().operate(
                &mut tree.children[0],
                layout,
                renderer,
                operation.as_mut(),
            );
            match operation.finish() {
                Outcome::Chain(next) => operation = next,
                _ => break,
            }
        }
        shell.request_redraw();
        // Not captured: the window's subscription sees the Tab too, and scrolls to the field.
    }

    fn mouse_interaction(
        &self,
        tree: &iced::advanced::widget::Tree,
        layout: iced::advanced::Layout<'_>,
        cursor: iced::mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> iced::mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut iced::advanced::widget::Tree,
        layout: iced::advanced::Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<iced::advanced::overlay::Element<'b, M, iced::Theme, iced::Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}
