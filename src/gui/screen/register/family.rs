//! 登记 › 家长的要求: the family's own wishes, and where they differ from the member's.

use super::inputs::*;
use super::widgets::two;
use super::{Form, Message, NO_REQUIREMENT, NOT_GIVEN};
use crate::data::model::{Education, Hukou, WishesOf};
use crate::data::validate::Field;
use crate::gui::{style, widget};
use iced::Element;
use iced::widget::{column, text};

impl Form {
    /// Where the family's wishes typed here differ from the member's: said under them.
    pub(super) fn conflict_preview(&self) -> Option<Element<'_, Message>> {
        if self.family_conflicts.is_empty() {
            return None;
        }
        Some(
            text(format!(
                "与本人的要求不同:{}",
                self.family_conflicts.join(";")
            ))
            .size(style::TEXT)
            .color(style::AMBER)
            .into(),
        )
    }

    /// The form's family section.
    pub(super) fn family_section<'a>(&'a self, narrow: bool) -> iced::widget::Column<'a, Message> {
        let pair = two(narrow);
        let (family_ages, family_age_error) = self.range(
            Input::FamilyAgeMin,
            Input::FamilyAgeMax,
            "岁",
            Field::FamilyAge,
        );
        let (family_heights, family_height_error) = self.range(
            Input::FamilyHeightMin,
            Input::FamilyHeightMax,
            "厘米",
            Field::FamilyHeight,
        );
        let mut family = column![
            widget::muted(
                "父母(或亲属)的要求和本人不一样时填:配对按本人的要求,家长的要求另列一行给红娘看。"
            ),
            self.choice(
                "谁的要求",
                Input::FamilyBy,
                &WishesOf::ALL.iter().map(|w| w.label()).collect::<Vec<_>>(),
                NOT_GIVEN,
            ),
        ]
        .spacing(style::SPACING);
        if WishesOf::parse(self.value(Input::FamilyBy)).is_some() {
            family = family
                .push(pair(
                    widget::field("年龄", family_ages, family_age_error),
                    widget::field("身高", family_heights, family_height_error),
                ))
                .push(pair(
                    self.choice(
                        "最低学历",
                        Input::FamilyEducation,
                        &Education::ALL.iter().map(|e| e.label()).collect::<Vec<_>>(),
                        NO_REQUIREMENT,
                    ),
                    self.choice(
                        "户籍",
                        Input::FamilyHukou,
                        &[Hukou::Hangzhou.label(), Hukou::Elsewhere.label()],
                        NO_REQUIREMENT,
                    ),
                ))
                .push(self.check("要求对方有房", Flag::FamilyHousing, self.family_housing))
                .push(self.text_field(
                    "家长的其他要求",
                    Input::FamilyOther,
                    "如 希望是独生子女、离家近",
                    None,
                ));
            if let Some(member) = self.conflict_preview() {
                family = family.push(member);
            }
        }

        family
    }
}
