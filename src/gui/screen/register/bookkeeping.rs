//! 登记 › 登记信息: the day, the volunteer in charge, the status and the consents.

use super::inputs::*;
use super::widgets::two;
use super::{Form, Message, NOT_GIVEN};
use crate::data::model::{DISTRICT_CONSENT, MemberStatus, PauseReason, Volunteer};
use crate::data::validate::Field;
use crate::gui::{style, widget};
use iced::Element;
use iced::widget::{column, text};

impl Form {
    /// The form's bookkeeping section.
    pub(super) fn bookkeeping_section<'a>(
        &'a self,
        volunteers: &'a [Volunteer],
        narrow: bool,
    ) -> iced::widget::Column<'a, Message> {
        let pair = two(narrow);
        let mut volunteer_names: Vec<String> = volunteers
            .iter()
            .filter(|v| v.active)
            .map(|v| v.name.clone())
            .collect();
        let current_volunteer = self.value(Input::Volunteer);
        if !current_volunteer.is_empty() && !volunteer_names.iter().any(|n| n == current_volunteer)
        {
            volunteer_names.push(current_volunteer.to_string());
        }
        let volunteer_refs: Vec<&str> = volunteer_names.iter().map(String::as_str).collect();
        column![
            pair(
                self.text_field(
                    "登记日期",
                    Input::RegisteredOn,
                    "如 2026-11-21",
                    Some(Field::RegisteredOn)
                ),
                self.choice("负责红娘", Input::Volunteer, &volunteer_refs, NOT_GIVEN),
            ),
            pair(
                self.choice(
                    "状态",
                    Input::Field("status"),
                    &MemberStatus::ALL
                        .iter()
                        .map(|s| s.label())
                        .collect::<Vec<_>>(),
                    NOT_GIVEN
                ),
                if self.value(Input::Field("status")) == MemberStatus::Paused.label() {
                    self.choice(
                        "暂停原因",
                        Input::Field("pause_reason"),
                        &PauseReason::ALL.iter().map(|r| r.label()).collect::<Vec<_>>(),
                        NOT_GIVEN,
                    )
                } else {
                    iced::widget::space::horizontal().into()
                }
            ),
            if self.value(Input::Field("status")) == MemberStatus::Paused.label() {
                self.text_field(
                    "暂停到(到了这天自动恢复在册;不填则一直暂停)",
                    Input::PauseUntil,
                    "如 2027-03-01",
                    Some(Field::PauseUntil),
                )
            } else {
                iced::widget::space().into()
            },
            column![
                self.check(
                    "会员本人已知情同意:本站保存以上个人信息,并在介绍时向合适的对象出示",
                    Flag::Consent,
                    self.consent
                ),
                self.error(Field::Consent).map_or_else(
                    || -> Element<'a, Message> { iced::widget::space().into() },
                    |message| text(message).size(style::SMALL).color(style::ERROR).into()
                ),
            ]
            .spacing(4),
            if self.consent {
                self.text_field(
                    "同意日期",
                    Input::ConsentOn,
                    "如 2026-11-21",
                    Some(Field::ConsentOn),
                )
            } else if self.consent_pending {
                text("待补签:从旧登记册导入,还没有本人签字的记录。签字前不给别人看、不做介绍;本人签字后勾选上面一项。")
                    .size(style::TEXT)
                    .color(style::AMBER)
                    .into()
            } else {
                iced::widget::space().into()
            },
            column![
                self.check(
                    DISTRICT_CONSENT,
                    Flag::DistrictConsent,
                    self.district_consent_on.is_some()
                ),
                match (self.error(Field::DistrictConsent), self.district_consent_on) {
                    (Some(message), _) => text(message)
                        .size(style::SMALL)
                        .color(style::ERROR)
                        .into(),
                    (None, Some(day)) => widget::muted(format!(
                        "{day} 同意;本人可随时撤回(取消勾选)"
                    )),
                    (None, None) => widget::muted(
                        "不勾选则资料只在本站使用;本人在登记表上勾选同意后才勾这里"
                    ),
                },
            ]
            .spacing(4),
            self.text_field(
                "红娘备注(只给红娘看,不印在登记表和介绍卡上)",
                Input::Field("notes"),
                "如 父母代登记、已电话回访",
                None,
            ),
        ]
        .spacing(style::SPACING)
    }
}
