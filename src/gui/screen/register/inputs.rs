//! What the form's boxes and ticks are: each text field or single choice an [`Input`] (the
//! member's fields by their key in `fields::MEMBER_FIELDS`), each tick box a [`Flag`], and the
//! values they hold read from and written into a `MemberData` through the table.

use crate::data::fields::{self, Access};
use crate::data::model::{MaritalStatus, MemberData};
use crate::data::validate::Field;

/// The text fields and single choices of the form. The name doubles as the widget id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    /// A text or closed-list field of the sheet, by its key in `fields::MEMBER_FIELDS` (which
    /// is also the widget id): name, phone, occupation, gender, education …
    Field(&'static str),
    Birth,
    Height,
    Weight,
    Car,
    OnlyChild,
    Relation,
    RegistrantName,
    RegistrantKin,
    RegistrantPhone,
    PrefAgeMin,
    PrefAgeMax,
    PrefHeightMin,
    PrefHeightMax,
    PrefEducation,
    PrefHukou,
    PrefOther,
    RegisteredOn,
    ConsentOn,
    Volunteer,
    /// 暂停: the day the member is back.
    PauseUntil,
    /// The family's own 择偶要求: whose, and the requirements.
    FamilyBy,
    FamilyAgeMin,
    FamilyAgeMax,
    FamilyHeightMin,
    FamilyHeightMax,
    FamilyEducation,
    FamilyHukou,
    FamilyOther,
}

impl Input {
    /// The widget id of a text input, used by tests and focus.
    pub fn id(self) -> &'static str {
        match self {
            Input::Field(key) => key,
            Input::Birth => "birth",
            Input::Height => "height",
            Input::Weight => "weight",
            Input::Car => "car",
            Input::OnlyChild => "only_child",
            Input::Relation => "relation",
            Input::RegistrantName => "registrant_name",
            Input::RegistrantKin => "registrant_kin",
            Input::RegistrantPhone => "registrant_phone",
            Input::PrefAgeMin => "pref_age_min",
            Input::PrefAgeMax => "pref_age_max",
            Input::PrefHeightMin => "pref_height_min",
            Input::PrefHeightMax => "pref_height_max",
            Input::PrefEducation => "pref_education",
            Input::PrefHukou => "pref_hukou",
            Input::PrefOther => "pref_other",
            Input::RegisteredOn => "registered_on",
            Input::ConsentOn => "consent_on",
            Input::Volunteer => "volunteer",
            Input::PauseUntil => "pause_until",
            Input::FamilyBy => "family_by",
            Input::FamilyAgeMin => "family_age_min",
            Input::FamilyAgeMax => "family_age_max",
            Input::FamilyHeightMin => "family_height_min",
            Input::FamilyHeightMax => "family_height_max",
            Input::FamilyEducation => "family_education",
            Input::FamilyHukou => "family_hukou",
            Input::FamilyOther => "family_other",
        }
    }
}

/// The text fields of the sheet the form does not show: kept as they were (how an imported
/// member's consent was given).
pub(super) const KEPT_OFF_THE_FORM: &[&str] = &["consent_source"];

/// Every text and closed-list field of the sheet the form edits, by key, with what its box
/// shows for `d` (a choice by its label).
pub(super) fn form_values(d: &MemberData) -> impl Iterator<Item = (&'static str, String)> {
    fields::MEMBER_FIELDS
        .iter()
        .filter_map(move |field| match field.access {
            _ if KEPT_OFF_THE_FORM.contains(&field.key) => None,
            Access::Text(text, _) => Some((field.key, text(d).clone())),
            Access::Choice { label, .. } => {
                Some((field.key, label(d).unwrap_or_default().to_string()))
            }
            _ => None,
        })
}

/// Sets the text and closed-list fields of `data` from the form's boxes.
pub(super) fn set_form_values(data: &mut MemberData, value: impl Fn(&'static str) -> String) {
    for field in fields::MEMBER_FIELDS {
        if KEPT_OFF_THE_FORM.contains(&field.key) {
            continue;
        }
        match field.access {
            Access::Text(_, text) => *text(data) = value(field.key),
            Access::Choice { set, .. } => {
                let chosen = value(field.key);
                // A label the list does not know leaves the field empty, as an empty box does.
                if !set(data, Some(chosen.as_str()).filter(|c| !c.is_empty())) {
                    set(data, None);
                }
            }
            _ => {}
        }
    }
}

/// The label of a text field of the sheet, as the table declares it.
pub(super) fn label_of(key: &str) -> &'static str {
    fields::member_field(key).map_or("", |f| f.label)
}

/// The fields that can carry a message, in the order they stand on the sheet, with the id of
/// the box or choice to focus for each: on save with mistakes, the first one gets the focus.
pub(super) const FIELD_ORDER: [(Field, &str); 22] = [
    (Field::Name, "name"),
    (Field::Gender, "gender"),
    (Field::Birth, "birth"),
    (Field::Height, "height"),
    (Field::Weight, "weight"),
    (Field::Text, "self_intro"),
    (Field::Phone, "phone"),
    (Field::Wechat, "wechat"),
    (Field::RegistrantName, "registrant_name"),
    (Field::RegistrantPhone, "registrant_phone"),
    (Field::PrefAge, "pref_age_min"),
    (Field::PrefHeight, "pref_height_min"),
    (Field::FamilyAge, "family_age_min"),
    (Field::FamilyHeight, "family_height_min"),
    (Field::RegisteredOn, "registered_on"),
    (Field::PauseUntil, "pause_until"),
    (Field::Volunteer, "volunteer"),
    (Field::Consent, Flag::Consent.id()),
    (Field::ConsentOn, "consent_on"),
    (Field::DistrictConsent, Flag::DistrictConsent.id()),
    (Field::OwnConsent, Flag::OwnConsent.id()),
    (Field::Publicity, Flag::Publicity.id()),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    UnionMember,
    Consent,
    DistrictConsent,
    /// 本人确认 (a member registered by someone else).
    OwnConsent,
    /// 同意宣传.
    Publicity,
    RequiresHousing,
    ExcludeSameEmployer,
    PrefMarital(MaritalStatus),
    FamilyHousing,
}

impl Flag {
    /// The widget id of the tick box.
    pub const fn id(self) -> &'static str {
        match self {
            Flag::UnionMember => "union_member",
            Flag::Consent => "consent",
            Flag::DistrictConsent => "district_consent",
            Flag::OwnConsent => "own_consent",
            Flag::Publicity => "publicity",
            Flag::RequiresHousing => "requires_housing",
            Flag::ExcludeSameEmployer => "exclude_same_employer",
            Flag::PrefMarital(MaritalStatus::Single) => "pref_unmarried",
            Flag::PrefMarital(MaritalStatus::Divorced) => "pref_divorced",
            Flag::PrefMarital(MaritalStatus::Widowed) => "pref_widowed",
            Flag::FamilyHousing => "family_housing",
        }
    }
}

/// The boxes of several lines: Enter makes a new line there (Ctrl+S still saves). The
/// member's fields the table declares as text of several lines that are on the form (兴趣爱好,
/// 自我介绍, 红娘备注), and 其他要求.
pub(super) fn multi_line() -> impl Iterator<Item = Input> {
    fields::MEMBER_FIELDS
        .iter()
        .filter(|f| f.text.is_some_and(|(_, lines)| lines) && !KEPT_OFF_THE_FORM.contains(&f.key))
        .map(|f| Input::Field(f.key))
        .chain([Input::PrefOther])
}
