//! 登记 › 基本情况: name, gender, birth, height and weight, education, marital status …

use super::inputs::*;
use super::widgets::two;
use super::{Form, Message, NOT_GIVEN};
use crate::data::model::{Education, Hukou, choices};
use crate::data::validate::Field;
use crate::gui::style;
use iced::widget::column;

impl Form {
    /// The form's basic section.
    pub(super) fn basic_section<'a>(&'a self, narrow: bool) -> iced::widget::Column<'a, Message> {
        let pair = two(narrow);
        column![
            pair(
                self.text_field("姓名 *", Input::Field("name"), "如 王芳", Some(Field::Name)),
                self.choices(
                    "性别 *",
                    Input::Field("gender"),
                    &["男", "女"],
                    self.error(Field::Gender)
                ),
            ),
            pair(
                self.text_field("出生年月 *", Input::Birth, "如 1990-05", Some(Field::Birth)),
                self.choices(
                    label_of("marital_status"),
                    Input::Field("marital_status"),
                    &["未婚", "离异", "丧偶"],
                    None
                ),
            ),
            pair(
                self.text_field("身高(厘米)", Input::Height, "如 165", Some(Field::Height)),
                self.text_field("体重(公斤)", Input::Weight, "如 55", Some(Field::Weight)),
            ),
            pair(
                self.text_of("ethnicity", "如 汉族", None),
                self.text_of("native_place", "如 浙江杭州", None),
            ),
            pair(
                self.choices(
                    label_of("hukou"),
                    Input::Field("hukou"),
                    Hukou::LABELS,
                    None
                ),
                self.choice(
                    label_of("district"),
                    Input::Field("district"),
                    choices::DISTRICTS,
                    NOT_GIVEN
                ),
            ),
            pair(
                self.choice(
                    label_of("education"),
                    Input::Field("education"),
                    &Education::ALL.iter().map(|e| e.label()).collect::<Vec<_>>(),
                    NOT_GIVEN
                ),
                self.choices("独生子女", Input::OnlyChild, &["是", "否"], None),
            ),
        ]
        .spacing(style::SPACING)
    }
}
