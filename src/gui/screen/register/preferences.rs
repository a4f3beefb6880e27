//! 登记 › 择偶要求: the ranges and ticks, and 其他要求 read into them (按要求填入).

use super::inputs::*;
use super::widgets::two;
use super::{Form, Message, NO_REQUIREMENT};
use crate::data::model::{Education, Gender, Hukou, MaritalStatus, Preferences};
use crate::data::parse;
use crate::data::validate::Field;
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{column, row, text};
use iced::{Alignment, Element};

impl Form {
    /// 按要求填入: what 其他要求 reads as goes into the range boxes and ticks.
    pub(super) fn apply_wishes(&mut self, today: NaiveDate) {
        let reading = self.wishes(today);
        let mut preferences = Preferences {
            marital_statuses: self.pref_marital.clone(),
            requires_housing: self.requires_housing,
            ..Preferences::default()
        };
        reading.apply(&mut preferences);
        let number = |n: Option<u16>| n.map(|n| n.to_string()).unwrap_or_default();
        let p = &reading.preferences;
        if p.age_min.is_some() || p.age_max.is_some() {
            self.values.insert(Input::PrefAgeMin, number(p.age_min));
            self.values.insert(Input::PrefAgeMax, number(p.age_max));
            self.age_relative[0] = super::RelativeAges::of(p);
        }
        if p.height_min.is_some() || p.height_max.is_some() {
            self.values
                .insert(Input::PrefHeightMin, number(p.height_min));
            self.values
                .insert(Input::PrefHeightMax, number(p.height_max));
        }
        if let Some(level) = p.education_min {
            self.values
                .insert(Input::PrefEducation, level.label().to_string());
        }
        if let Some(hukou) = p.hukou {
            self.values
                .insert(Input::PrefHukou, hukou.label().to_string());
        }
        self.pref_marital = preferences.marital_statuses;
        self.requires_housing = preferences.requires_housing;
        self.refresh_conflicts();
        self.dirty = true;
    }

    /// What 其他要求 reads as, with the birth typed on the form for "比她大3岁".
    pub(super) fn wishes(&self, today: NaiveDate) -> crate::data::wishes::Reading {
        crate::data::wishes::read(
            self.value(Input::PrefOther),
            parse::year_month(self.value(Input::Birth)),
            Gender::parse(self.value(Input::Field("gender"))),
            today,
        )
    }

    /// Under 其他要求: what the text reads as, and a button to fill the requirements with it.
    pub(super) fn wishes_suggestion(&self) -> Element<'_, Message> {
        let reading = self.wishes(crate::data::today());
        if reading.is_empty() {
            return iced::widget::space().into();
        }
        let mut said = column![
            text(format!("这段文字读出的要求:{}", reading.summary()))
                .size(style::TEXT)
                .color(style::MUTED)
        ]
        .spacing(6);
        for doubt in &reading.doubts {
            said = said.push(text(doubt.clone()).size(style::SMALL).color(style::AMBER));
        }
        said.push(widget::secondary(
            "按这段文字填入上面的要求",
            Some(Message::ApplyWishes),
        ))
        .into()
    }

    /// The form's preferences section.
    pub(super) fn preferences_section<'a>(
        &'a self,
        narrow: bool,
    ) -> iced::widget::Column<'a, Message> {
        let pair = two(narrow);
        let (ages, age_error) =
            self.range(Input::PrefAgeMin, Input::PrefAgeMax, "岁", Field::PrefAge);
        // "比她大3-5岁" read from 其他要求: said while the boxes still hold its ages.
        let relative = self.relative(0).and_then(|offsets| {
            Preferences {
                age_relative: Some(offsets),
                ..Preferences::default()
            }
            .relative_text()
        });
        let ages: Element<'a, Message> = match relative {
            Some(words) => column![
                ages,
                widget::muted(format!("{words}:按本人年龄每年自动推算"))
            ]
            .spacing(4)
            .into(),
            None => ages.into(),
        };
        let (heights, height_error) = self.range(
            Input::PrefHeightMin,
            Input::PrefHeightMax,
            "厘米",
            Field::PrefHeight,
        );
        let marital = row(MaritalStatus::ALL.iter().map(|status| {
            self.check(
                status.label(),
                Flag::PrefMarital(*status),
                self.pref_marital.contains(status),
            )
        }))
        .spacing(18);
        column![
            pair(
                widget::field("年龄", ages, age_error),
                widget::field("身高", heights, height_error)
            ),
            pair(
                self.choice(
                    "最低学历",
                    Input::PrefEducation,
                    &Education::ALL.iter().map(|e| e.label()).collect::<Vec<_>>(),
                    NO_REQUIREMENT
                ),
                self.choice(
                    "户籍",
                    Input::PrefHukou,
                    &[Hukou::Hangzhou.label(), Hukou::Elsewhere.label()],
                    NO_REQUIREMENT
                ),
            ),
            pair(
                widget::field(
                    "婚姻状况",
                    column![marital, widget::muted("都不勾选 = 不限")].spacing(4),
                    None
                ),
                widget::field(
                    "其他",
                    column![
                        self.check("要求对方有房", Flag::RequiresHousing, self.requires_housing),
                        self.check(
                            "不介绍同单位的人",
                            Flag::ExcludeSameEmployer,
                            self.exclude_same_employer
                        ),
                    ]
                    .spacing(8),
                    None,
                ),
            ),
            self.text_field(
                "其他要求",
                Input::PrefOther,
                "如 不抽烟、希望在杭州工作",
                None
            ),
            self.wishes_suggestion(),
        ]
        .spacing(style::SPACING)
    }

    /// A range of two boxes ("不限 至 不限 岁") and the message at it.
    pub(super) fn range<'a>(
        &'a self,
        a: Input,
        b: Input,
        unit: &'a str,
        field: Field,
    ) -> (iced::widget::Row<'a, Message>, Option<&'a str>) {
        let error = self.error(field);
        let inputs = row![
            self.text_box(a, "不限", error.is_some()),
            text("至").size(style::TEXT),
            self.text_box(b, "不限", error.is_some()),
            text(unit).size(style::TEXT)
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        (inputs, error)
    }
}
