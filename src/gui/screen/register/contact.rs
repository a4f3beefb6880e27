//! 登记 › 联系方式与登记人: the contacts and who registered the member (本人, a parent …).

use super::inputs::*;
use super::widgets::two;
use super::{Form, Message};
use crate::data::model::RegistrantRelation;
use crate::data::validate::Field;
use crate::gui::style;
use iced::widget::column;

impl Form {
    /// The form's contact section.
    pub(super) fn contact_section<'a>(&'a self, narrow: bool) -> iced::widget::Column<'a, Message> {
        let pair = two(narrow);
        let relative = self.value(Input::Relation) != RegistrantRelation::Own.label();
        let mut contact = column![
            pair(
                self.text_field(
                    "手机 *",
                    Input::Field("phone"),
                    "如 138 1234 5678",
                    Some(Field::Phone)
                ),
                self.text_of("wechat", "微信号", Some(Field::Wechat)),
            ),
            self.choices(
                "登记人",
                Input::Relation,
                &["本人", "父亲", "母亲", "其他亲属"],
                None
            ),
        ]
        .spacing(style::SPACING);
        if self.value(Input::Relation) == RegistrantRelation::Relative.label() {
            contact = contact.push(self.text_field(
                "是会员的什么人",
                Input::RegistrantKin,
                "如 阿姨、舅舅、姐姐",
                None,
            ));
        }
        if relative {
            contact = contact.push(pair(
                self.text_field(
                    "登记人姓名(可不填)",
                    Input::RegistrantName,
                    "如 王阿姨",
                    Some(Field::RegistrantName),
                ),
                self.text_field(
                    "登记人电话",
                    Input::RegistrantPhone,
                    "如 139 0000 1111",
                    Some(Field::RegistrantPhone),
                ),
            ));
        }

        contact
    }
}
