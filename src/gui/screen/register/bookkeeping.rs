//! 登记 › 登记信息: the day, the volunteer in charge, the status and the consents.

use super::inputs::*;
use super::widgets::two;
use super::{Form, Message, NOT_GIVEN};
use crate::data::model::{
    DISTRICT_CONSENT, MemberStatus, OwnConsentHow, PauseReason, PublicityName, RegistrantRelation,
    Volunteer,
};
use crate::data::print::PUBLICITY_CONSENT;
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
                    if self.value(Input::Relation) == RegistrantRelation::Own.label() {
                        "会员本人已知情同意:本站保存以上个人信息,并在介绍时向合适的对象出示"
                    } else {
                        "登记人已代为签署知情同意:本站保存以上个人信息,并在介绍时向合适的对象出示"
                    },
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
            self.own_consent_block(two(narrow)),
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
            self.publicity_block(two(narrow)),
            self.text_field(
                "红娘备注(只给红娘看,不印在登记表和介绍卡上)",
                Input::Field("notes"),
                "如 父母代登记、已电话回访",
                None,
            ),
        ]
        .spacing(style::SPACING)
    }

    /// 本人确认, for a member someone else registered: ticked when she signed, came or
    /// called, with how and who heard it; said plainly while it is missing.
    fn own_consent_block<'a>(
        &'a self,
        pair: impl Fn(Element<'a, Message>, Element<'a, Message>) -> Element<'a, Message>,
    ) -> Element<'a, Message> {
        if self.value(Input::Relation) == RegistrantRelation::Own.label() {
            return iced::widget::space().into();
        }
        let labels = |all: &[OwnConsentHow]| all.iter().map(|h| h.label()).collect::<Vec<_>>();
        let mut block = column![self.check(
            "会员本人已确认:本人同意登记、同意工作站为本人介绍对象",
            Flag::OwnConsent,
            self.own_consent_on.is_some()
        )]
        .spacing(4);
        match (self.error(Field::OwnConsent), self.own_consent_on) {
            (Some(message), _) => {
                block = block.push(text(message).size(style::SMALL).color(style::ERROR));
            }
            (None, None) => {
                block = block.push(
                    text("待本人确认:由家人代为登记,本人同意前不配对、不介绍、不邀请、不共享。本人签字、到站或来电同意后勾选。")
                        .size(style::TEXT)
                        .color(style::AMBER),
                );
            }
            (None, Some(day)) => {
                block = block.push(widget::muted(format!("{day} 本人确认")));
            }
        }
        if self.own_consent_on.is_some() {
            block = block.push(pair(
                self.choice(
                    "本人怎样确认的",
                    Input::Field("own_consent_how"),
                    &labels(OwnConsentHow::ALL),
                    NOT_GIVEN,
                ),
                self.text_field(
                    "经办红娘(电话确认时必填)",
                    Input::Field("own_consent_by"),
                    "如 楼老师",
                    None,
                ),
            ));
        }
        block.into()
    }

    /// 同意宣传: a consent of its own, with how the member may be named in a 喜报.
    fn publicity_block<'a>(
        &'a self,
        pair: impl Fn(Element<'a, Message>, Element<'a, Message>) -> Element<'a, Message>,
    ) -> Element<'a, Message> {
        let mut block = column![self.check(
            PUBLICITY_CONSENT,
            Flag::Publicity,
            self.publicity_on.is_some()
        )]
        .spacing(4);
        match (self.error(Field::Publicity), self.publicity_on) {
            (Some(message), _) => {
                block = block.push(text(message).size(style::SMALL).color(style::ERROR));
            }
            (None, None) => {
                block = block.push(widget::muted(
                    "不勾选则不在喜报和宣传中出现;夫妻双方都同意,才能打印喜报",
                ));
            }
            (None, Some(day)) => {
                block = block.push(pair(
                    widget::muted(format!("{day} 同意;本人可随时撤回(取消勾选)")),
                    self.choice(
                        "署名",
                        Input::Field("publicity_name"),
                        &PublicityName::ALL
                            .iter()
                            .map(|n| n.label())
                            .collect::<Vec<_>>(),
                        NOT_GIVEN,
                    ),
                ));
            }
        }
        block.into()
    }
}
