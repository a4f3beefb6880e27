//! The pages whose work comes in a later version: a plain note instead of an empty screen.

use crate::gui::{style, widget};
use iced::Element;
use iced::widget::{column, text};

pub fn view<'a, M: 'a>(title: &'a str, note: &'a str) -> Element<'a, M> {
    column![widget::heading(title), text(note).size(style::TEXT)]
        .spacing(style::GAP)
        .into()
}
