//! 登记 › 工作、家庭与爱好: work, income, housing, family and interests.

use super::inputs::*;
use super::widgets::two;
use super::{Form, Message, NOT_GIVEN};
use crate::data::model::choices;
use crate::data::validate::Field;
use crate::gui::{style, widget};
use iced::Alignment;
use iced::widget::{column, row};

impl Form {
    /// The form's work section.
    pub(super) fn work_section<'a>(&'a self, narrow: bool) -> iced::widget::Column<'a, Message> {
        let pair = two(narrow);
        column![
            pair(
                self.text_of("occupation", "如 护士", None),
                self.text_of("employer", "如 杭州市第一人民医院", None),
            ),
            pair(
                self.choice(
                    label_of("employer_type"),
                    Input::Field("employer_type"),
                    choices::EMPLOYER_TYPES,
                    NOT_GIVEN
                ),
                self.choice(
                    label_of("income"),
                    Input::Field("income"),
                    choices::INCOME_BANDS,
                    NOT_GIVEN
                ),
            ),
            pair(
                self.choice(
                    label_of("housing"),
                    Input::Field("housing"),
                    choices::HOUSING,
                    NOT_GIVEN
                ),
                self.choices("车", Input::Car, &["有", "无"], None),
            ),
            pair(
                self.choice(
                    label_of("children"),
                    Input::Field("children"),
                    choices::CHILDREN,
                    NOT_GIVEN
                ),
                widget::field(
                    "工会",
                    row![
                        self.check("是工会会员", Flag::UnionMember, self.union_member),
                        if self.union_member {
                            self.text_box(
                                Input::Field("union_name"),
                                "所在工会,如 上城区总工会",
                                false,
                            )
                        } else {
                            iced::widget::space::horizontal().into()
                        }
                    ]
                    .spacing(12)
                    .align_y(Alignment::Center),
                    None,
                ),
            ),
            self.text_of("hobbies", "如 旅游、看书、羽毛球", None),
            self.text_of(
                "self_intro",
                "性格、生活习惯、对未来的打算……",
                Some(Field::Text)
            ),
        ]
        .spacing(style::SPACING)
    }
}
