//! 登记: the registration form, new or edit, with the preferences on the same screen,
//! grouped like the paper sheet. Validation comes from `data::validate`; this screen only
//! turns typed text into a `MemberData` and shows the messages next to the fields.

use crate::data::members::{DuplicateCheck, Saved};
use crate::data::model::{
    Education, FamilyWishes, Hukou, MaritalStatus, Member, MemberData, MemberStatus, MemberSummary,
    OwnConsentHow, Preferences, PublicityName, Registrant, RegistrantRelation, Volunteer, WishesOf,
};
use crate::data::validate::{self, Field, FieldError};
use crate::data::{Actor, Db, parse};
use crate::gui::{focus, style, widget};
use chrono::NaiveDate;
use iced::widget::{column, responsive, row, text, text_editor};
use iced::{Alignment, Element, Length, Task};
use std::collections::HashMap;

mod basic;
mod bookkeeping;
mod contact;
mod family;
mod inputs;
pub mod photo;
mod preferences;
mod widgets;
mod work;

use inputs::*;
pub use inputs::{Flag, Input};

#[derive(Debug, Clone)]
pub enum Message {
    Edit(Input, String),
    /// Typing in a box of several lines (自我介绍, 兴趣爱好, 其他要求, 红娘备注).
    EditLines(Input, text_editor::Action),
    Toggle(Flag, bool),
    Photo(photo::Message),
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

/// A relative age wish as the form holds it: the offsets, and the ages they gave in the boxes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RelativeAges {
    pub offsets: (i16, i16),
    pub shown: [String; 2],
}

impl RelativeAges {
    pub fn of(p: &Preferences) -> Option<Self> {
        let number = |n: Option<u16>| n.map(|n| n.to_string()).unwrap_or_default();
        p.age_relative.map(|offsets| Self {
            offsets,
            shown: [number(p.age_min), number(p.age_max)],
        })
    }
}

/// The age boxes of the member's wishes, then of the family's.
const AGE_BOXES: [(Input, Input); 2] = [
    (Input::PrefAgeMin, Input::PrefAgeMax),
    (Input::FamilyAgeMin, Input::FamilyAgeMax),
];

/// Below this width (logical pixels) the sheet shows one field to a line.
const NARROW: f32 = 900.0;
const NOT_GIVEN: &str = "(不填)";
const NO_REQUIREMENT: &str = "不限";

pub struct Form {
    /// The saved member as read, when editing: the save is made from this reading, and what
    /// the volunteer changed is what differs from it.
    editing: Option<Box<Member>>,
    values: HashMap<Input, String>,
    /// The boxes of several lines, holding the same text as `values` (with the cursor).
    editors: HashMap<Input, text_editor::Content>,
    union_member: bool,
    consent: bool,
    /// Carried through an edit: 待补签 and how an imported member consented.
    consent_pending: bool,
    consent_source: String,
    /// 同意全区共享: the day it was given (kept through an edit; today when ticked).
    district_consent_on: Option<NaiveDate>,
    /// 本人确认 and 同意宣传: their days, the same way (how and who are boxes of the sheet).
    own_consent_on: Option<NaiveDate>,
    publicity_on: Option<NaiveDate>,
    requires_housing: bool,
    exclude_same_employer: bool,
    pref_marital: Vec<MaritalStatus>,
    family_housing: bool,
    /// What the family's wishes hold that the form does not show (marital statuses, same
    /// employer), kept through an edit.
    family_rest: Preferences,
    /// A wish relative to the member's age ("比她大3-5岁") and the ages it showed in the boxes:
    /// kept while the boxes still show them, dropped once the volunteer types other ages. The
    /// member's own, then the family's.
    age_relative: [Option<RelativeAges>; 2],
    /// [`crate::data::wishes::family_conflicts`] of the sheet as typed.
    family_conflicts: Vec<String>,
    photo: photo::Photo,
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
        let mut form = Self {
            editing: None,
            values,
            editors: HashMap::new(),
            union_member: false,
            consent: false,
            consent_pending: false,
            consent_source: String::new(),
            district_consent_on: None,
            own_consent_on: None,
            publicity_on: None,
            requires_housing: false,
            exclude_same_employer: false,
            pref_marital: Vec::new(),
            family_housing: false,
            family_rest: Preferences::default(),
            age_relative: [None, None],
            family_conflicts: Vec::new(),
            photo: photo::Photo::saved(None),
            errors: Vec::new(),
            save_error: None,
            duplicates: Vec::new(),
            dirty: false,
        };
        form.sync_editors();
        form
    }

    /// The boxes of several lines show what `values` holds (after the sheet was filled or
    /// taken over from another window).
    fn sync_editors(&mut self) {
        self.editors = multi_line()
            .map(|input| (input, text_editor::Content::with_text(self.value(input))))
            .collect();
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
            editors: HashMap::new(),
            union_member: d.union_member,
            consent: d.consent,
            consent_pending: d.consent_pending,
            consent_source: d.consent_source.clone(),
            district_consent_on: d.district_consent_on,
            own_consent_on: d.own_consent_on,
            publicity_on: d.publicity_consent_on,
            requires_housing: p.requires_housing,
            exclude_same_employer: p.exclude_same_employer,
            pref_marital: p.marital_statuses.clone(),
            family_housing: f.requires_housing,
            family_rest: Preferences {
                marital_statuses: f.marital_statuses.clone(),
                exclude_same_employer: f.exclude_same_employer,
                ..Preferences::default()
            },
            age_relative: [
                RelativeAges::of(p),
                family
                    .as_ref()
                    .and_then(|f| RelativeAges::of(&f.preferences)),
            ],
            photo: photo::Photo::saved(photo),
            ..Self::new(NaiveDate::MIN, None)
        };
        form.refresh_conflicts();
        form.sync_editors();
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
                if let Some(editor) = self.editors.get_mut(&input) {
                    *editor = text_editor::Content::with_text(&value);
                }
                self.values.insert(input, value);
                self.dirty = true;
                self.recheck(volunteers, today);
                Action::None
            }
            Message::EditLines(input, action) => {
                let Some(editor) = self.editors.get_mut(&input) else {
                    return Action::None;
                };
                let edit = action.is_edit();
                editor.perform(action);
                if edit {
                    let typed = editor.text();
                    let typed = typed.strip_suffix('\n').unwrap_or(&typed).to_string();
                    self.values.insert(input, typed);
                    self.dirty = true;
                    self.recheck(volunteers, today);
                }
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
            Message::Photo(message) => {
                let (task, changed) = self.photo.update(message, self.editing.is_some());
                self.dirty |= changed;
                Action::Run(task.map(Message::Photo))
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
        let result = match &self.editing {
            None => db.register_member(actor, data, self.photo.chosen(), check, today),
            Some(read) => db.edit_member(
                actor,
                read.as_seen(),
                data,
                self.photo.change(),
                check,
                today,
            ),
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
        for (mine, read, saved) in [
            (
                &mut self.district_consent_on,
                base.district_consent_on,
                theirs.district_consent_on,
            ),
            (
                &mut self.own_consent_on,
                base.own_consent_on,
                theirs.own_consent_on,
            ),
            (
                &mut self.publicity_on,
                base.publicity_on,
                theirs.publicity_on,
            ),
        ] {
            if *mine == read {
                *mine = saved;
            }
        }
        self.consent_pending = theirs.consent_pending;
        self.consent_source = theirs.consent_source;
        self.editing = Some(Box::new(now));
        self.sync_editors();
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
                age_relative: self.relative(1),
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
                age_relative: self.relative(0),
            },
            registered_on,
            volunteer_id,
            consent: self.consent,
            consent_on,
            consent_source: self.consent_source.clone(),
            consent_pending: self.consent_pending,
            district_consent_on: self.district_consent_on,
            own_consent_on: self.own_consent_on,
            publicity_consent_on: self.publicity_on,
            pause_until,
            family,
            ..MemberData::default()
        };
        set_form_values(&mut data, |key| self.value(Input::Field(key)).to_string());
        (data, errors)
    }

    /// The relative age wish `which` (0 the member's, 1 the family's) while its boxes still show
    /// the ages it gave.
    pub(super) fn relative(&self, which: usize) -> Option<(i16, i16)> {
        let relative = self.age_relative[which].as_ref()?;
        let (min, max) = AGE_BOXES[which];
        (relative.shown[0] == self.value(min).trim() && relative.shown[1] == self.value(max).trim())
            .then_some(relative.offsets)
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
            Flag::OwnConsent => {
                self.own_consent_on = on.then(|| self.own_consent_on.unwrap_or(today));
                let how = Input::Field("own_consent_how");
                if on && self.value(how).is_empty() {
                    self.values
                        .insert(how, OwnConsentHow::Sheet.label().to_string());
                }
                let by = Input::Field("own_consent_by");
                if on && self.value(by).is_empty() {
                    let volunteer = self.value(Input::Volunteer).to_string();
                    self.values.insert(by, volunteer);
                }
            }
            Flag::Publicity => {
                self.publicity_on = on.then(|| self.publicity_on.unwrap_or(today));
                let naming = Input::Field("publicity_name");
                if on && self.value(naming).is_empty() {
                    self.values
                        .insert(naming, PublicityName::Surname.label().to_string());
                }
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
                widget::with_key(widget::primary("保存", Some(Message::Save)), "Ctrl+S"),
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

        let photo_box = self.photo.view().map(Message::Photo);
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
}
