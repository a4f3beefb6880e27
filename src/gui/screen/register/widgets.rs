//! The boxes, choices and ticks the sections of the sheet are made of, each labelled as
//! `fields::MEMBER_FIELDS` declares it and showing its message under it.

use super::inputs::*;
use super::{Form, Message, NO_REQUIREMENT};
use crate::data::validate::Field;
use crate::gui::{keyed, style, widget};
use iced::widget::{checkbox, column, pick_list, row, text, text_editor, text_input};
use iced::{Element, Length};

impl Form {
    pub(super) fn text_field<'a>(
        &'a self,
        label: &'a str,
        input: Input,
        placeholder: &'a str,
        field: Option<Field>,
    ) -> Element<'a, Message> {
        let error = field.and_then(|f| self.error(f));
        widget::field(
            label,
            self.text_box(input, placeholder, error.is_some()),
            error,
        )
    }

    /// The box of a text field of the sheet, labelled as the table declares it.
    pub(super) fn text_of<'a>(
        &'a self,
        key: &'static str,
        placeholder: &'a str,
        field: Option<Field>,
    ) -> Element<'a, Message> {
        self.text_field(label_of(key), Input::Field(key), placeholder, field)
    }

    pub(super) fn text_box<'a>(
        &'a self,
        input: Input,
        placeholder: &'a str,
        has_error: bool,
    ) -> Element<'a, Message> {
        if let Some(editor) = self.editors.get(&input) {
            return text_editor(editor)
                .id(input.id())
                .placeholder(placeholder)
                .on_action(move |action| Message::EditLines(input, action))
                // Ctrl+S saves here too, whatever the system's keyboard sends with it.
                .key_binding(|press| {
                    let save = matches!(press.status, text_editor::Status::Focused { .. })
                        && press.modifiers.command()
                        && press.key.to_latin(press.physical_key) == Some('s');
                    if save {
                        Some(text_editor::Binding::Custom(Message::Save))
                    } else {
                        text_editor::Binding::from_key_press(press)
                    }
                })
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .min_height(96)
                .style(style::editor(has_error))
                .into();
        }
        text_input(placeholder, self.value(input))
            .id(input.id())
            .on_input(move |value| Message::Edit(input, value))
            .on_submit(Message::Save)
            .size(style::TEXT)
            .padding(style::INPUT_PADDING)
            .style(style::input(has_error))
            .into()
    }

    /// A drop-down list of `options`; `empty` ("(不填)" or "不限") clears the choice.
    pub(super) fn choice<'a>(
        &'a self,
        label: &'a str,
        input: Input,
        options: &[&str],
        empty: &'static str,
    ) -> Element<'a, Message> {
        let mut all: Vec<String> = vec![empty.to_string()];
        all.extend(options.iter().map(|o| o.to_string()));
        let current = self.value(input);
        let selected = (!current.is_empty()).then(|| current.to_string());
        let at = if current.is_empty() {
            Some(0)
        } else {
            all.iter().position(|o| o == current)
        };
        let for_keys = all.clone();
        let list = pick_list(all, selected, move |value| Message::Edit(input, value))
            .placeholder(if empty == NO_REQUIREMENT {
                NO_REQUIREMENT
            } else {
                "请选择"
            })
            .text_size(style::TEXT)
            .padding(style::INPUT_PADDING)
            .style(style::pick_list)
            .width(Length::Fill);
        let list = keyed::keyed(input.id(), list, move |key| {
            keyed::step_through(at, &for_keys, key)
                .map(|i| Message::Edit(input, for_keys[i].clone()))
        });
        widget::field(label, list, None)
    }

    /// A row of large buttons for a short closed list (性别, 婚姻状况 …); clicking the chosen
    /// one again clears it.
    pub(super) fn choices<'a>(
        &'a self,
        label: &'a str,
        input: Input,
        options: &'static [&'static str],
        error: Option<&'a str>,
    ) -> Element<'a, Message> {
        let current = self.value(input);
        let at = options.iter().position(|o| *o == current);
        let buttons = row(options.iter().map(|option| {
            let chosen = *option == current;
            let value = if chosen {
                String::new()
            } else {
                option.to_string()
            };
            iced::widget::button(text(*option).size(style::TEXT))
                .padding([6, 18])
                .style(style::buttons::choice(chosen))
                .on_press(Message::Edit(input, value))
                .into()
        }))
        .spacing(8);
        let buttons = keyed::keyed(input.id(), buttons, move |key| {
            keyed::step_through(at, options, key)
                .map(|i| Message::Edit(input, options[i].to_string()))
        });
        widget::field(label, buttons, error)
    }

    pub(super) fn check<'a>(
        &'a self,
        label: &'a str,
        flag: Flag,
        on: bool,
    ) -> Element<'a, Message> {
        let tick = checkbox(on)
            .label(label)
            .on_toggle(move |value| Message::Toggle(flag, value))
            .text_size(style::TEXT)
            .size(22);
        keyed::keyed(flag.id(), tick, move |key| {
            (key == keyed::Key::Activate).then_some(Message::Toggle(flag, !on))
        })
    }
}

/// Two fields to a line, or one under the other when the window is narrow (large text).
pub(super) fn two<'a>(
    narrow: bool,
) -> impl Fn(Element<'a, Message>, Element<'a, Message>) -> Element<'a, Message> {
    move |a, b| {
        if narrow {
            column![a, b].spacing(style::SPACING).into()
        } else {
            row![a, b].spacing(style::GAP).into()
        }
    }
}
