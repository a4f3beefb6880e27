//! Choices that the keyboard reaches: a row of choice buttons, a drop-down or a tick box,
//! wrapped so that Tab stops on it like on a text box, a blue frame shows it has the focus,
//! and ←/→ (or ↑/↓) choose the previous or next option, Space chooses (or ticks), and a
//! letter jumps to the next option starting with it (the pinyin initial for Chinese labels).

use super::style;
use iced::advanced::layout::{self, Layout};
use iced::advanced::renderer;
use iced::advanced::widget::operation::{Focusable, Operation};
use iced::advanced::widget::{Id, Tree, Widget, tree};
use iced::advanced::{Clipboard, Shell, mouse};
use iced::keyboard::{self, key::Named};
use iced::{Border, Color, Element, Event, Length, Rectangle, Size};

/// What a key asks of the choice that has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Previous,
    Next,
    /// Space: choose (a tick box: tick or untick).
    Activate,
    /// A letter typed (lowercase).
    Letter(char),
}

/// Wraps `content` (which still takes the mouse as before); `on_key` turns a key pressed while
/// it has the focus into a message, or `None` to ignore the key.
pub fn keyed<'a, M: 'a>(
    id: &'static str,
    content: impl Into<Element<'a, M>>,
    on_key: impl Fn(Key) -> Option<M> + 'a,
) -> Element<'a, M> {
    Element::new(Keyed {
        id: Id::new(id),
        content: content.into(),
        on_key: Box::new(on_key),
    })
}

/// The option `key` moves to among `count` options whose first letters are `initials`, from
/// `current` (`None`: nothing chosen yet). `None` when the key changes nothing.
pub fn step(current: Option<usize>, count: usize, initials: &[char], key: Key) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match (key, current) {
        (Key::Previous, Some(0)) => None,
        (Key::Previous, Some(i)) => Some(i - 1),
        (Key::Previous, None) => Some(count - 1),
        (Key::Next, Some(i)) if i + 1 < count => Some(i + 1),
        (Key::Next, Some(_)) => None,
        (Key::Next, None) | (Key::Activate, None) => Some(0),
        (Key::Activate, Some(_)) => None,
        (Key::Letter(letter), current) => {
            let start = current.map_or(0, |i| i + 1);
            (0..count)
                .map(|offset| (start + offset) % count)
                .find(|&i| initials.get(i) == Some(&letter))
                .filter(|&i| Some(i) != current)
        }
    }
}

/// [`step`] through `labels`: their pinyin initials are worked out only when a letter was
/// typed, not each time the page is drawn.
pub fn step_through<S: AsRef<str>>(
    current: Option<usize>,
    labels: &[S],
    key: Key,
) -> Option<usize> {
    let initials = match key {
        Key::Letter(_) => initials(labels),
        _ => Vec::new(),
    };
    step(current, labels.len(), &initials, key)
}

/// The letter a volunteer would type for each of `labels` (the pinyin initial for Chinese).
pub fn initials<S: AsRef<str>>(labels: &[S]) -> Vec<char> {
    labels
        .iter()
        .map(|label| crate::data::pinyin::first_letter(label.as_ref()).unwrap_or(' '))
        .collect()
}

struct Keyed<'a, M> {
    id: Id,
    content: Element<'a, M>,
    on_key: Box<dyn Fn(Key) -> Option<M> + 'a>,
}

#[derive(Debug, Default)]
struct State {
    focused: bool,
}

impl Focusable for State {
    fn is_focused(&self) -> bool {
        self.focused
    }

    fn focus(&mut self) {
        self.focused = true;
    }

    fn unfocus(&mut self) {
        self.focused = false;
    }
}

/// Room between the content and the focus frame.
const FRAME_GAP: f32 = 3.0;

impl<M> Widget<M, iced::Theme, iced::Renderer> for Keyed<'_, M> {
    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::default())
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let child = self
            .content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits);
        layout::Node::with_children(child.size(), vec![child])
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        let state = tree.state.downcast_mut::<State>();
        operation.focusable(Some(&self.id), layout.bounds(), state);
        operation.traverse(&mut |operation| {
            if let Some(child) = layout.children().next() {
                self.content.as_widget_mut().operate(
                    &mut tree.children[0],
                    child,
                    renderer,
                    operation,
                );
            }
        });
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, M>,
        viewport: &Rectangle,
    ) {
        // A click inside gives the focus (so the arrows work after a click too); a click
        // elsewhere takes it away, as a text box does.
        if let Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)) = event {
            let state = tree.state.downcast_mut::<State>();
            let inside = cursor.is_over(layout.bounds());
            if state.focused != inside {
                state.focused = inside;
                shell.request_redraw();
            }
        }
        if let Some(child) = layout.children().next() {
            self.content.as_widget_mut().update(
                &mut tree.children[0],
                event,
                child,
                cursor,
                renderer,
                clipboard,
                shell,
                viewport,
            );
        }
        if shell.is_event_captured() || !tree.state.downcast_ref::<State>().focused {
            return;
        }
        let Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event else {
            return;
        };
        if modifiers.command() || modifiers.alt() {
            return;
        }
        let key = match key.as_ref() {
            keyboard::Key::Named(Named::ArrowLeft | Named::ArrowUp) => Key::Previous,
            keyboard::Key::Named(Named::ArrowRight | Named::ArrowDown) => Key::Next,
            keyboard::Key::Named(Named::Space) => Key::Activate,
            keyboard::Key::Character(c) => match c.chars().next() {
                Some(letter) if letter.is_ascii_alphanumeric() => {
                    Key::Letter(letter.to_ascii_lowercase())
                }
                _ => return,
            },
            _ => return,
        };
        if let Some(message) = (self.on_key)(key) {
            shell.publish(message);
        }
        shell.capture_event();
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &iced::Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        if let Some(child) = layout.children().next() {
            self.content.as_widget().draw(
                &tree.children[0],
                renderer,
                theme,
                style,
                child,
                cursor,
                viewport,
            );
        }
        if tree.state.downcast_ref::<State>().focused {
            use iced::advanced::Renderer as _;
            renderer.fill_quad(
                renderer::Quad {
                    bounds: layout.bounds().expand(FRAME_GAP),
                    border: Border {
                        color: style::FOCUS,
                        width: 3.0,
                        radius: 6.0.into(),
                    },
                    ..renderer::Quad::default()
                },
                Color::TRANSPARENT,
            );
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        layout
            .children()
            .next()
            .map_or_else(mouse::Interaction::default, |child| {
                self.content.as_widget().mouse_interaction(
                    &tree.children[0],
                    child,
                    cursor,
                    viewport,
                    renderer,
                )
            })
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: iced::Vector,
    ) -> Option<iced::advanced::overlay::Element<'b, M, iced::Theme, iced::Renderer>> {
        let child = layout.children().next()?;
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            child,
            renderer,
            viewport,
            translation,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_space_and_letters_move_through_the_options() {
        let initials = ['n', 'n', 'b']; // 男, 女 (nü), 不限
        assert_eq!(step(None, 3, &initials, Key::Next), Some(0));
        assert_eq!(step(None, 3, &initials, Key::Activate), Some(0));
        assert_eq!(step(None, 3, &initials, Key::Previous), Some(2));
        assert_eq!(step(Some(0), 3, &initials, Key::Next), Some(1));
        assert_eq!(step(Some(2), 3, &initials, Key::Next), None);
        assert_eq!(step(Some(0), 3, &initials, Key::Previous), None);
        assert_eq!(step(Some(1), 3, &initials, Key::Activate), None);
        // A letter cycles through the options starting with it.
        assert_eq!(step(None, 3, &initials, Key::Letter('n')), Some(0));
        assert_eq!(step(Some(0), 3, &initials, Key::Letter('n')), Some(1));
        assert_eq!(step(Some(1), 3, &initials, Key::Letter('n')), Some(0));
        assert_eq!(step(Some(0), 3, &initials, Key::Letter('x')), None);
        assert_eq!(step(None, 0, &[], Key::Next), None);
    }

    #[test]
    fn initials_are_pinyin_for_chinese_labels() {
        assert_eq!(
            initials(&["男", "杭州", "本科", "Abc", "(不填)"]),
            ['n', 'h', 'b', 'a', ' ']
        );
    }
}
