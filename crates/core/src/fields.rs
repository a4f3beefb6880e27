//! The fields of a member's sheet as the rules and their messages name them: [`Field`] and the
//! message at one, [`FieldError`]. A leaf: the errors, the validation and the front ends all
//! name fields through it.

use serde::Serialize;

/// The fields of the sheet that can carry a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Gender,
    Birth,
    Height,
    Weight,
    Phone,
    Wechat,
    RegistrantName,
    RegistrantPhone,
    Consent,
    ConsentOn,
    /// 同意全区共享.
    DistrictConsent,
    RegisteredOn,
    Volunteer,
    PrefAge,
    PrefHeight,
    /// 暂停: the day the member returns.
    PauseUntil,
    /// The family's 择偶要求 (age and height ranges).
    FamilyAge,
    FamilyHeight,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

impl FieldError {
    pub fn new(field: Field, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}
