//! 登记: the registration form, new or edit, with the preferences on the same screen,
//! grouped like the paper sheet. Validation comes from `data::validate`; this screen only
//! turns typed text into a `MemberData` and shows the messages next to the fields.

use crate::data::fields::{self, Access};
use crate::data::members::{DuplicateCheck, PhotoChange, Saved};
use crate::data::model::{
    DISTRICT_CONSENT, Education, FamilyWishes, Gender, Hukou, MaritalStatus, Member, MemberData,
    MemberStatus, MemberSummary, PauseReason, Preferences, Registrant, RegistrantRelation,
    Volunteer, WishesOf, choices,
};
use crate::data::photo::{self, PhotoData};
use crate::data::validate::{self, Field, FieldError};
use crate::data::{Actor, Db, parse};
use crate::gui::{focus, keyed, style, widget};
use chrono::NaiveDate;
use iced::widget::{
    checkbox, column, container, image, pick_list, responsive, row, text, text_input,
};
use iced::{Alignment, Element, Length, Task};
use std::collections::HashMap;
use std::path::PathBuf;

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
const KEPT_OFF_THE_FORM: &[&str] = &["consent_source"];

/// Every text and closed-list field of the sheet the form edits, by key, with what its box
/// shows for `d` (a choice by its label).
fn form_values(d: &MemberData) -> impl Iterator<Item = (&'static str, String)> {
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
fn set_form_values(data: &mut MemberData, value: impl Fn(&'static str) -> String) {
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
fn label_of(key: &str) -> &'static str {
    fields::member_field(key).map_or("", |f| f.label)
}

/// The fields that can carry a message, in the order they stand on the sheet, with the id of
/// the box or choice to focus for each: on save with mistakes, the first one gets the focus.
const FIELD_ORDER: [(Field, &str); 20] = [
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
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    UnionMember,
    Consent,
    DistrictConsent,
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
            Flag::RequiresHousing => "requires_housing",
            Flag::ExcludeSameEmployer => "exclude_same_employer",
            Flag::PrefMarital(MaritalStatus::Single) => "pref_unmarried",
            Flag::PrefMarital(MaritalStatus::Divorced) => "pref_divorced",
            Flag::PrefMarital(MaritalStatus::Widowed) => "pref_widowed",
            Flag::FamilyHousing => "family_housing",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Edit(Input, String),
    Toggle(Flag, bool),
    PickPhoto,
    PhotoPicked(Option<PathBuf>),
    PhotoReady(Result<PhotoData, photo::PhotoError>),
    RemovePhoto,
    Save,
    SaveDespiteDuplicates,
    DismissDuplicates,
    /// Fill the requirements with what 其他要求 was read as.
    ApplyWishes,
    Cancel,
    /// The blank form (new sheet) or the saved member's sheet (editing).
    Print,
}

/// What the form asks the root to do.
pub enum Action {
    None,
    Run(Task<Message>),
    Saved(Box<Member>),
    Cancel,
    Print(crate::data::print::Job),
}

/// The photo as the form holds it until saved.
#[derive(Debug, Clone)]
enum Photo {
    /// The saved photo (if any) stays as it is.
    Unchanged(Option<image::Handle>),
    New(PhotoData, image::Handle),
    Removed,
}

/// Below this width (logical pixels) the sheet shows one field to a line.
const NARROW: f32 = 900.0;
const NOT_GIVEN: &str = "(不填)";
const NO_REQUIREMENT: &str = "不限";

pub struct Form {
    /// The saved member as read, when editing: the save is made from this reading, and what
    /// the volunteer changed is what differs from it.
    editing: Option<Box<Member>>,
    values: HashMap<Input, String>,
    union_member: bool,
    consent: bool,
    /// Carried through an edit: 待补签 and how an imported member consented.
    consent_pending: bool,
    consent_source: String,
    /// 同意全区共享: the day it was given (kept through an edit; today when ticked).
    district_consent_on: Option<NaiveDate>,
    requires_housing: bool,
    exclude_same_employer: bool,
    pref_marital: Vec<MaritalStatus>,
    family_housing: bool,
    /// What the family's wishes hold that the form does not show (marital statuses, same
    /// employer), kept through an edit.
    family_rest: Preferences,
    /// [`crate::data::wishes::family_conflicts`] of the sheet as typed.
    family_conflicts: Vec<String>,
    photo: Photo,
    photo_busy: bool,
    photo_error: Option<String>,
    errors: Vec<FieldError>,
    save_error: Option<String>,
    duplicates: Vec<MemberSummary>,
    dirty: bool,
}

impl Form {
    /// An empty sheet; the volunteer on duty is preselected as the one in charge.
    pub fn new(today: NaiveDate, on_duty: Option<&Volunteer>) -> Self {
        let mut values = HashMap::new();
        values.insert(Input::Relation, RegistrantRelation::Own.label().to_string());
        values.insert(
            Input::Field("status"),
            MemberStatus::Active.label().to_string(),
        );
        values.insert(Input::RegisteredOn, today.to_string());
        if let Some(volunteer) = on_duty {
            values.insert(Input::Volunteer, volunteer.name.clone());
        }
        Self {
            editing: None,
            values,
            union_member: false,
            consent: false,
            consent_pending: false,
            consent_source: String::new(),
            district_consent_on: None,
            requires_housing: false,
            exclude_same_employer: false,
            pref_marital: Vec::new(),
            family_housing: false,
            family_rest: Preferences::default(),
            family_conflicts: Vec::new(),
            photo: Photo::Unchanged(None),
            photo_busy: false,
            photo_error: None,
            errors: Vec::new(),
            save_error: None,
            duplicates: Vec::new(),
            dirty: false,
        }
    }

    /// The sheet of a saved member, for editing.
    pub fn edit(member: &Member, photo: Option<Vec<u8>>) -> Self {
        let d = &member.data;
        let p = &d.preferences;
        let number = |n: Option<u16>| n.map(|n| n.to_string()).unwrap_or_default();
        let label = |l: Option<&'static str>| l.unwrap_or_default().to_string();
        let yes_no = |b: Option<bool>, yes: &str, no: &str| {
            b.map(|b| if b { yes } else { no }.to_string())
                .unwrap_or_default()
        };
        let family = d.family.clone();
        let f = family
            .as_ref()
            .map(|f| f.preferences.clone())
            .unwrap_or_default();
        let mut values = HashMap::from([
            (
                Input::Birth,
                d.birth.map(|b| b.to_string()).unwrap_or_default(),
            ),
            (Input::Height, number(d.height_cm)),
            (Input::Weight, number(d.weight_kg)),
            (Input::Car, yes_no(d.has_car, "有", "无")),
            (Input::OnlyChild, yes_no(d.only_child, "是", "否")),
            (Input::Relation, d.registrant.relation.label().to_string()),
            (Input::RegistrantName, d.registrant.name.clone()),
            (Input::RegistrantKin, d.registrant.kin.clone()),
            (Input::RegistrantPhone, d.registrant.phone.clone()),
            (Input::PrefAgeMin, number(p.age_min)),
            (Input::PrefAgeMax, number(p.age_max)),
            (Input::PrefHeightMin, number(p.height_min)),
            (Input::PrefHeightMax, number(p.height_max)),
            (
                Input::PrefEducation,
                label(p.education_min.map(Education::label)),
            ),
            (Input::PrefHukou, label(p.hukou.map(Hukou::label))),
            (Input::PrefOther, p.other.clone()),
            (
                Input::RegisteredOn,
                d.registered_on.map(|r| r.to_string()).unwrap_or_default(),
            ),
            (
                Input::ConsentOn,
                d.consent_on.map(|c| c.to_string()).unwrap_or_default(),
            ),
            (
                Input::Volunteer,
                member.volunteer_name.clone().unwrap_or_default(),
            ),
            (
                Input::PauseUntil,
                d.pause_until.map(|u| u.to_string()).unwrap_or_default(),
            ),
            (Input::FamilyAgeMin, number(f.age_min)),
            (Input::FamilyAgeMax, number(f.age_max)),
            (Input::FamilyHeightMin, number(f.height_min)),
            (Input::FamilyHeightMax, number(f.height_max)),
            (
                Input::FamilyEducation,
                label(f.education_min.map(Education::label)),
            ),
            (Input::FamilyHukou, label(f.hukou.map(Hukou::label))),
            (Input::FamilyOther, f.other.clone()),
        ]);
        for (key, value) in form_values(d) {
            values.insert(Input::Field(key), value);
        }
        if let Some(family) = &family {
            values.insert(Input::FamilyBy, family.by.label().to_string());
        }
        let mut form = Self {
            editing: Some(Box::new(member.clone())),
            values,
            union_member: d.union_member,
            consent: d.consent,
            consent_pending: d.consent_pending,
            consent_source: d.consent_source.clone(),
            district_consent_on: d.district_consent_on,
            requires_housing: p.requires_housing,
            exclude_same_employer: p.exclude_same_employer,
            pref_marital: p.marital_statuses.clone(),
            family_housing: f.requires_housing,
            family_rest: Preferences {
                marital_statuses: f.marital_statuses.clone(),
                exclude_same_employer: f.exclude_same_employer,
                ..Preferences::default()
            },
            photo: Photo::Unchanged(photo.map(image::Handle::from_bytes)),
            ..Self::new(NaiveDate::MIN, None)
        };
        form.refresh_conflicts();
        form
    }

    /// Unsaved changes that leaving would lose.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn editing_id(&self) -> Option<i64> {
        self.editing.as_ref().map(|read| read.id)
    }

    /// Why the last save did not go through, as the banner above the form says it.
    pub fn save_error(&self) -> Option<&str> {
        self.save_error.as_deref()
    }

    pub fn is_new(&self) -> bool {
        self.editing.is_none()
    }

    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    pub fn value(&self, input: Input) -> &str {
        self.values.get(&input).map_or("", String::as_str)
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &mut Db,
        volunteers: &[Volunteer],
        actor: &Actor,
        today: NaiveDate,
    ) -> Action {
        match message {
            Message::Edit(input, value) => {
                let value = if value == NOT_GIVEN || value == NO_REQUIREMENT {
                    String::new()
                } else {
                    value
                };
                self.values.insert(input, value);
                self.dirty = true;
                self.recheck(volunteers, today);
                Action::None
            }
            Message::ApplyWishes => {
                self.apply_wishes(today);
                Action::None
            }
            Message::Toggle(flag, on) => {
                self.toggle(flag, on, volunteers, today);
                Action::None
            }
            Message::PickPhoto => {
                self.photo_error = None;
                Action::Run(Task::perform(
                    async {
                        rfd::AsyncFileDialog::new()
                            .set_title("选择会员照片")
                            .add_filter(
                                "图片",
                                &[
                                    "jpg", "jpeg", "png", "bmp", "gif", "webp", "JPG", "JPEG",
                                    "PNG",
                                ],
                            )
                            .pick_file()
                            .await
                            .map(|file| file.path().to_path_buf())
                    },
                    Message::PhotoPicked,
                ))
            }
            Message::PhotoPicked(None) => Action::None,
            Message::PhotoPicked(Some(path)) => {
                self.photo_busy = true;
                Action::Run(Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || photo::prepare_file(&path))
                            .await
                            .unwrap_or_else(|e| Err(photo::PhotoError::Unreadable(e.to_string())))
                    },
                    Message::PhotoReady,
                ))
            }
            Message::PhotoReady(result) => {
                self.photo_busy = false;
                match result {
                    Ok(photo) => {
                        let handle = image::Handle::from_bytes(photo.image.clone());
                        self.photo = Photo::New(photo, handle);
                        self.photo_error = None;
                        self.dirty = true;
                    }
                    Err(error) => self.photo_error = Some(error.to_string()),
                }
                Action::None
            }
            Message::RemovePhoto => {
                self.photo = if self.editing.is_some() {
                    Photo::Removed
                } else {
                    Photo::Unchanged(None)
                };
                self.dirty = true;
                Action::None
            }
            Message::Save => {
                let action = self.save(db, volunteers, actor, today, DuplicateCheck::Check);
                self.show_first_error(action)
            }
            Message::SaveDespiteDuplicates => {
                let action = self.save(db, volunteers, actor, today, DuplicateCheck::Confirmed);
                self.show_first_error(action)
            }
            Message::DismissDuplicates => {
                self.duplicates.clear();
                Action::None
            }
            Message::Cancel => Action::Cancel,
            Message::Print => Action::Print(match &self.editing {
                Some(read) => crate::data::print::Job::Sheet {
                    member: read.id,
                    full_contacts: false,
                },
                None => crate::data::print::Job::Blank,
            }),
        }
    }

    /// After a save that found mistakes: the first one (in the order of the sheet) gets the
    /// focus, and the page scrolls to it.
    fn show_first_error(&self, action: Action) -> Action {
        if !matches!(action, Action::None) {
            return action;
        }
        match FIELD_ORDER
            .iter()
            .find(|(field, _)| self.errors.iter().any(|e| e.field == *field))
        {
            Some((_, id)) => Action::Run(focus::show(id)),
            None => action,
        }
    }

    /// Once mistakes are shown, each message goes as soon as its field is put right (and
    /// changes if it is wrong in another way); no new messages appear before the next save.
    fn recheck(&mut self, volunteers: &[Volunteer], today: NaiveDate) {
        self.refresh_conflicts();
        if self.errors.is_empty() {
            return;
        }
        let now = self.mistakes(volunteers, today);
        self.errors = self
            .errors
            .iter()
            .filter_map(|shown| now.iter().find(|e| e.field == shown.field).cloned())
            .collect();
    }

    /// Where the family's wishes as typed differ from the member's (read once per change, not
    /// on every frame).
    fn refresh_conflicts(&mut self) {
        let (data, _) = self.to_data(&[]);
        self.family_conflicts = data.family.as_ref().map_or_else(Vec::new, |family| {
            crate::data::wishes::family_conflicts(&data.preferences, family)
        });
    }

    /// Every mistake of the sheet as typed: what cannot be read, then the core's rules.
    fn mistakes(&self, volunteers: &[Volunteer], today: NaiveDate) -> Vec<FieldError> {
        let (data, mut errors) = self.to_data(volunteers);
        if let Err(more) = validate::prepare(data, today) {
            for error in more {
                if !errors.iter().any(|e| e.field == error.field) {
                    errors.push(error);
                }
            }
        }
        errors
    }

    /// Saves through the core's registration (or edit): validated, checked for a possible
    /// duplicate, recorded. Nothing is written when anything is wrong, and nothing typed is
    /// cleared: the messages appear next to the fields, the possible duplicates in their panel.
    fn save(
        &mut self,
        db: &mut Db,
        volunteers: &[Volunteer],
        actor: &Actor,
        today: NaiveDate,
        check: DuplicateCheck,
    ) -> Action {
        self.save_error = None;
        let (data, parse_errors) = self.to_data(volunteers);
        if !parse_errors.is_empty() {
            // A field that could not be read keeps its own message ("格式不对"), not "请填写";
            // the core's rules name the other fields.
            self.errors = self.mistakes(volunteers, today);
            self.duplicates.clear();
            return Action::None;
        }
        let result = match (&self.editing, &self.photo) {
            (None, photo) => {
                let photo = match photo {
                    Photo::New(photo, _) => Some(photo),
                    _ => None,
                };
                db.register_member(actor, data, photo, check, today)
            }
            (Some(read), photo) => {
                let change = match photo {
                    Photo::Unchanged(_) => PhotoChange::Keep,
                    Photo::New(photo, _) => PhotoChange::Replace(photo),
                    Photo::Removed => PhotoChange::Remove,
                };
                db.edit_member(actor, read.as_seen(), data, change, check, today)
            }
        };
        match result {
            Ok(Saved::Member(member)) => {
                self.errors.clear();
                self.duplicates.clear();
                self.dirty = false;
                Action::Saved(member)
            }
            Ok(Saved::PossibleDuplicates(found)) => {
                self.errors.clear();
                self.duplicates = found;
                Action::None
            }
            Err(crate::data::Error::Invalid(errors)) => {
                self.errors = errors;
                self.duplicates.clear();
                Action::None
            }
            Err(error @ crate::data::Error::ChangedMeanwhile { .. }) => {
                // Another window saved this member meanwhile: its changes come into the form
                // where this volunteer changed nothing, theirs stay where they typed; the
                // message says which, and the next 保存 saves the merged sheet.
                let merged = self.take_their_changes(db);
                self.save_error = Some(format!("{error}。{merged}"));
                Action::None
            }
            Err(error) => {
                self.save_error = Some(format!("没有保存:{error}"));
                Action::None
            }
        }
    }

    /// After another window saved the member: every field this volunteer left as it was read
    /// takes the saved value; a field both changed keeps what was typed here. The form then
    /// stands on the member as saved now. Says what happened, for the banner.
    fn take_their_changes(&mut self, db: &Db) -> String {
        let Some(read) = &self.editing else {
            return String::new();
        };
        let Ok(now) = db.member(read.id) else {
            return "你填写的内容都还在".into();
        };
        let base = Form::edit(read, None);
        let theirs = Form::edit(&now, None);
        let mut both = 0;
        for (input, saved) in &theirs.values {
            let read = base.value(*input);
            let mine = self.value(*input);
            if mine == read {
                self.values.insert(*input, saved.clone());
            } else if saved != read && saved != mine {
                both += 1;
            }
        }
        for (mine, read, saved) in [
            (
                &mut self.union_member,
                base.union_member,
                theirs.union_member,
            ),
            (&mut self.consent, base.consent, theirs.consent),
            (
                &mut self.requires_housing,
                base.requires_housing,
                theirs.requires_housing,
            ),
            (
                &mut self.exclude_same_employer,
                base.exclude_same_employer,
                theirs.exclude_same_employer,
            ),
        ] {
            if *mine == read {
                *mine = saved;
            }
        }
        if self.pref_marital == base.pref_marital {
            self.pref_marital = theirs.pref_marital;
        }
        if self.district_consent_on == base.district_consent_on {
            self.district_consent_on = theirs.district_consent_on;
        }
        self.consent_pending = theirs.consent_pending;
        self.consent_source = theirs.consent_source;
        self.editing = Some(Box::new(now));
        if both == 0 {
            "对方的改动已填进表里,你改过的地方保留你填的;请核对后再按“保存”".into()
        } else {
            format!("对方的改动已填进表里;你们都改过的 {both} 处保留你填的,请核对后再按“保存”")
        }
    }

    /// Reads the typed text into a sheet; what cannot be read becomes a field message.
    fn to_data(&self, volunteers: &[Volunteer]) -> (MemberData, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut number = |input: Input, field: Field, message: &str| match parse::whole_number(
            self.value(input),
        ) {
            Ok(value) => value,
            Err(parse::NotANumber) => {
                if !errors.iter().any(|e: &FieldError| e.field == field) {
                    errors.push(FieldError::new(field, message));
                }
                None
            }
        };
        let height_cm = number(Input::Height, Field::Height, "身高请填写数字(厘米),如 165");
        let weight_kg = number(Input::Weight, Field::Weight, "体重请填写数字(公斤),如 55");
        let age_min = number(
            Input::PrefAgeMin,
            Field::PrefAge,
            "要求年龄请填写数字,如 25",
        );
        let age_max = number(
            Input::PrefAgeMax,
            Field::PrefAge,
            "要求年龄请填写数字,如 32",
        );
        let height_min = number(
            Input::PrefHeightMin,
            Field::PrefHeight,
            "要求身高请填写数字(厘米)",
        );
        let height_max = number(
            Input::PrefHeightMax,
            Field::PrefHeight,
            "要求身高请填写数字(厘米)",
        );

        let family_numbers = [
            (
                Input::FamilyAgeMin,
                Field::FamilyAge,
                "家长要求的年龄请填写数字,如 25",
            ),
            (
                Input::FamilyAgeMax,
                Field::FamilyAge,
                "家长要求的年龄请填写数字,如 32",
            ),
            (
                Input::FamilyHeightMin,
                Field::FamilyHeight,
                "家长要求的身高请填写数字(厘米)",
            ),
            (
                Input::FamilyHeightMax,
                Field::FamilyHeight,
                "家长要求的身高请填写数字(厘米)",
            ),
        ]
        .map(|(input, field, message)| number(input, field, message));

        let birth_text = self.value(Input::Birth);
        let birth = parse::year_month(birth_text);
        if birth.is_none() && !birth_text.trim().is_empty() {
            errors.push(FieldError::new(
                Field::Birth,
                "出生年月格式不对,请写成 1990-05 或 1990年5月",
            ));
        }
        let mut date = |input: Input, field: Field| {
            let text = self.value(input);
            if text.trim().is_empty() {
                return None;
            }
            parse::date_or_message(text)
                .map_err(|message| errors.push(FieldError::new(field, message)))
                .ok()
        };
        let registered_on = date(Input::RegisteredOn, Field::RegisteredOn);
        let consent_on = date(Input::ConsentOn, Field::ConsentOn);
        let pause_until = date(Input::PauseUntil, Field::PauseUntil);
        let family = WishesOf::parse(self.value(Input::FamilyBy)).map(|by| FamilyWishes {
            by,
            preferences: Preferences {
                age_min: family_numbers[0],
                age_max: family_numbers[1],
                height_min: family_numbers[2],
                height_max: family_numbers[3],
                education_min: Education::parse(self.value(Input::FamilyEducation)),
                hukou: Hukou::parse(self.value(Input::FamilyHukou)),
                requires_housing: self.family_housing,
                other: self.value(Input::FamilyOther).to_string(),
                ..self.family_rest.clone()
            },
        });

        let volunteer_name = self.value(Input::Volunteer);
        let volunteer_id = volunteers
            .iter()
            .find(|v| v.name == volunteer_name)
            .map(|v| v.id);
        let yes_no = |input: Input, yes: &str| match self.value(input) {
            "" => None,
            value => Some(value == yes),
        };
        let mut data = MemberData {
            birth,
            height_cm,
            weight_kg,
            has_car: yes_no(Input::Car, "有"),
            only_child: yes_no(Input::OnlyChild, "是"),
            union_member: self.union_member,
            registrant: Registrant {
                relation: RegistrantRelation::parse(self.value(Input::Relation))
                    .unwrap_or(RegistrantRelation::Own),
                kin: self.value(Input::RegistrantKin).to_string(),
                name: self.value(Input::RegistrantName).to_string(),
                phone: self.value(Input::RegistrantPhone).to_string(),
            },
            preferences: Preferences {
                age_min,
                age_max,
                height_min,
                height_max,
                education_min: Education::parse(self.value(Input::PrefEducation)),
                marital_statuses: self.pref_marital.clone(),
                hukou: Hukou::parse(self.value(Input::PrefHukou)),
                requires_housing: self.requires_housing,
                exclude_same_employer: self.exclude_same_employer,
                other: self.value(Input::PrefOther).to_string(),
            },
            registered_on,
            volunteer_id,
            consent: self.consent,
            consent_on,
            consent_source: self.consent_source.clone(),
            consent_pending: self.consent_pending,
            district_consent_on: self.district_consent_on,
            pause_until,
            family,
            ..MemberData::default()
        };
        set_form_values(&mut data, |key| self.value(Input::Field(key)).to_string());
        (data, errors)
    }

    /// 按要求填入: what 其他要求 reads as goes into the range boxes and ticks.
    fn apply_wishes(&mut self, today: NaiveDate) {
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

    /// A tick box ticked or cleared.
    fn toggle(&mut self, flag: Flag, on: bool, volunteers: &[Volunteer], today: NaiveDate) {
        match flag {
            Flag::UnionMember => self.union_member = on,
            Flag::Consent => {
                self.consent = on;
                if on && self.value(Input::ConsentOn).is_empty() {
                    self.values.insert(Input::ConsentOn, today.to_string());
                }
            }
            Flag::DistrictConsent => {
                self.district_consent_on = if on {
                    self.district_consent_on.or(Some(today))
                } else {
                    None
                };
            }
            Flag::RequiresHousing => self.requires_housing = on,
            Flag::ExcludeSameEmployer => self.exclude_same_employer = on,
            Flag::FamilyHousing => self.family_housing = on,
            Flag::PrefMarital(status) => {
                self.pref_marital.retain(|s| *s != status);
                if on {
                    self.pref_marital.push(status);
                    self.pref_marital.sort();
                }
            }
        }
        self.dirty = true;
        self.recheck(volunteers, today);
    }

    fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// What 其他要求 reads as, with the birth typed on the form for "比她大3岁".
    fn wishes(&self, today: NaiveDate) -> crate::data::wishes::Reading {
        crate::data::wishes::read(
            self.value(Input::PrefOther),
            parse::year_month(self.value(Input::Birth)),
            Gender::parse(self.value(Input::Field("gender"))),
            today,
        )
    }

    /// Under 其他要求: what the text reads as, and a button to fill the requirements with it.
    fn wishes_suggestion(&self) -> Element<'_, Message> {
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

    fn text_field<'a>(
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
    fn text_of<'a>(
        &'a self,
        key: &'static str,
        placeholder: &'a str,
        field: Option<Field>,
    ) -> Element<'a, Message> {
        self.text_field(label_of(key), Input::Field(key), placeholder, field)
    }

    fn text_box<'a>(
        &'a self,
        input: Input,
        placeholder: &'a str,
        has_error: bool,
    ) -> Element<'a, Message> {
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
    fn choice<'a>(
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
    fn choices<'a>(
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

    /// Where the family's wishes typed here differ from the member's: said under them.
    fn conflict_preview(&self) -> Option<Element<'_, Message>> {
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

    fn check<'a>(&'a self, label: &'a str, flag: Flag, on: bool) -> Element<'a, Message> {
        let tick = checkbox(on)
            .label(label)
            .on_toggle(move |value| Message::Toggle(flag, value))
            .text_size(style::TEXT)
            .size(22);
        keyed::keyed(flag.id(), tick, move |key| {
            (key == keyed::Key::Activate).then_some(Message::Toggle(flag, !on))
        })
    }

    pub fn view<'a>(&'a self, volunteers: &'a [Volunteer]) -> Element<'a, Message> {
        let title = match &self.editing {
            None => "登记新会员".to_string(),
            Some(read) => format!("修改会员资料 · {}", read.number),
        };

        let mut top = column![
            widget::heading(title),
            // The form's actions on a line of their own, wrapping at large text on a small
            // screen (beside a member's long title they were pushed out of the window).
            row![
                widget::secondary(
                    if self.editing.is_some() {
                        "打印登记表(已保存的)"
                    } else {
                        "打印空白登记表"
                    },
                    Some(Message::Print)
                ),
                widget::secondary("取消", Some(Message::Cancel)),
                widget::primary("保存 (Ctrl+S)", Some(Message::Save)),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8)
        ]
        .spacing(style::SPACING);
        if !self.errors.is_empty() {
            top = top.push(widget::banner(
                text(format!(
                    "还有 {} 处需要修改,请看红字提示。没有保存,已填的内容都还在。",
                    self.errors.len()
                ))
                .size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        if let Some(error) = &self.save_error {
            top = top.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        if !self.duplicates.is_empty() {
            top = top.push(self.duplicates_view());
        }
        column![
            top,
            responsive(move |size| self.sheet(volunteers, size.width < NARROW))
        ]
        .spacing(style::SPACING)
        .into()
    }

    /// The sheet itself, grouped like the paper form.
    fn sheet<'a>(&'a self, volunteers: &'a [Volunteer], narrow: bool) -> Element<'a, Message> {
        let basic = self.basic_section(narrow);
        let work = self.work_section(narrow);
        let contact = self.contact_section(narrow);
        let preferences = self.preferences_section(narrow);
        let family = self.family_section(narrow);
        let bookkeeping = self.bookkeeping_section(volunteers, narrow);

        let photo_box = self.photo_view();
        let first: Element<'a, Message> = if narrow {
            column![widget::section("基本情况", basic), photo_box]
                .spacing(style::GAP)
                .into()
        } else {
            row![
                column![widget::section("基本情况", basic)].width(Length::Fill),
                photo_box
            ]
            .spacing(style::GAP)
            .into()
        };
        widget::sections(vec![
            first,
            widget::section("工作、家庭与爱好", work),
            widget::section("联系方式与登记人", contact),
            widget::section("择偶要求", preferences),
            widget::section("家长的要求", family),
            widget::section("登记信息", bookkeeping),
        ])
        .id(crate::gui::focus::PAGE_SCROLL)
        .into()
    }

    /// The form's basic section.
    fn basic_section<'a>(&'a self, narrow: bool) -> iced::widget::Column<'a, Message> {
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

    /// The form's work section.
    fn work_section<'a>(&'a self, narrow: bool) -> iced::widget::Column<'a, Message> {
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

    /// The form's contact section.
    fn contact_section<'a>(&'a self, narrow: bool) -> iced::widget::Column<'a, Message> {
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

    /// The form's preferences section.
    fn preferences_section<'a>(&'a self, narrow: bool) -> iced::widget::Column<'a, Message> {
        let pair = two(narrow);
        let (ages, age_error) =
            self.range(Input::PrefAgeMin, Input::PrefAgeMax, "岁", Field::PrefAge);
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

    /// The form's family section.
    fn family_section<'a>(&'a self, narrow: bool) -> iced::widget::Column<'a, Message> {
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

    /// The form's bookkeeping section.
    fn bookkeeping_section<'a>(
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

    /// A range of two boxes ("不限 至 不限 岁") and the message at it.
    fn range<'a>(
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

    fn duplicates_view(&self) -> Element<'_, Message> {
        let mut list = column![
            text("可能已经登记过:以下会员的手机号相同,或姓名和出生年月相同。请核对是不是同一人。")
                .size(style::TEXT)
        ]
        .spacing(6);
        for member in &self.duplicates {
            list = list.push(
                text(format!(
                    "{}  {}  {}  {}  {}  登记于 {}",
                    member.number,
                    member.name,
                    member.gender.label(),
                    member.birth,
                    crate::data::model::mask_phone(&member.phone),
                    member.registered_on
                ))
                .size(style::TEXT),
            );
        }
        list = list.push(
            row![
                // The safe choice is the main button.
                widget::primary("返回修改", Some(Message::DismissDuplicates)),
                widget::secondary("不是同一人,仍然保存", Some(Message::SaveDespiteDuplicates)),
            ]
            .spacing(style::SPACING),
        );
        widget::banner(list, style::containers::warning_banner)
    }

    fn photo_view(&self) -> Element<'_, Message> {
        let handle = match &self.photo {
            Photo::Unchanged(handle) => handle.as_ref(),
            Photo::New(_, handle) => Some(handle),
            Photo::Removed => None,
        };
        let picture: Element<'_, Message> = match handle {
            Some(handle) => image(handle.clone()).width(180).height(225).into(),
            None => container(text("暂无照片").size(style::TEXT).color(style::MUTED))
                .center_x(180)
                .center_y(225)
                .style(style::containers::photo_frame)
                .into(),
        };
        let mut content = column![picture]
            .spacing(8)
            .align_x(Alignment::Center)
            .width(200);
        if self.photo_busy {
            content = content.push(text("正在处理照片……").size(style::SMALL));
        } else {
            content = content.push(widget::secondary(
                if handle.is_some() {
                    "更换照片"
                } else {
                    "选择照片"
                },
                Some(Message::PickPhoto),
            ));
            if handle.is_some() {
                content = content.push(widget::secondary("删除照片", Some(Message::RemovePhoto)));
            }
        }
        if let Some(error) = &self.photo_error {
            content = content.push(text(error).size(style::SMALL).color(style::ERROR));
        }
        content.into()
    }
}

/// Two fields to a line, or one under the other when the window is narrow (large text).
fn two<'a>(
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
