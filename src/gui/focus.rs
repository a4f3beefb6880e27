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

/// Moves the focus and then brings the focused field into view.
pub fn move_focus<T: Send + 'static>(forward: bool) -> Task<T> {
    let moved = if forward {
        operation::focus_next()
    } else {
        operation::focus_previous()
    };
    moved.chain(into_view())
}

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
