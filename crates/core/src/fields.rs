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
    /// 本人确认 (its day, how, who heard it).
    OwnConsent,
    /// 同意宣传.
    Publicity,
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

// ---------------------------------------------------------------------------------------------
// A member's fields, declared once.

use super::model::{
    Education, Gender, Hukou, MaritalStatus, MemberData, MemberStatus, OwnConsentHow, PauseReason,
    PublicityName, mask_phone, mask_wechat,
};
use chrono::NaiveDate;

/// How a field is reached in [`MemberData`] (and so read from and written to its column).
#[derive(Clone, Copy)]
pub enum Access {
    /// A text of one column.
    Text(
        fn(&MemberData) -> &String,
        fn(&mut MemberData) -> &mut String,
    ),
    /// A whole number (centimetres, kilograms), empty when not known.
    Number(
        fn(&MemberData) -> Option<u16>,
        fn(&mut MemberData, Option<u16>),
    ),
    /// 是/否 or 有/无, empty when not known.
    YesNo(
        fn(&MemberData) -> Option<bool>,
        fn(&mut MemberData, Option<bool>),
    ),
    /// A box that is ticked or not.
    Flag(fn(&MemberData) -> bool, fn(&mut MemberData, bool)),
    Day(
        fn(&MemberData) -> Option<NaiveDate>,
        fn(&mut MemberData, Option<NaiveDate>),
    ),
    /// A volunteer's id.
    Id(
        fn(&MemberData) -> Option<i64>,
        fn(&mut MemberData, Option<i64>),
    ),
    /// One of a closed list, stored as its code. The setter takes a code and says whether it
    /// knew it.
    Choice {
        get: fn(&MemberData) -> Option<&'static str>,
        set: fn(&mut MemberData, Option<&str>) -> bool,
        /// The chosen one's label.
        label: fn(&MemberData) -> Option<&'static str>,
        labels: &'static [&'static str],
    },
    /// Several columns or rows of another table, read and written by hand in `members` (birth,
    /// registrant, the wishes).
    Composite,
}

/// What deletion on request does to a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erase {
    /// Emptied: `''` for a text, `NULL` for a number, a choice or a day, `0` for a box.
    Blank,
    /// Set to this SQL literal (`'withdrawn'`).
    To(&'static str),
    /// Replaced by the anonymous name.
    Anonymous,
    /// Kept: counted in the figures (gender, birth, dates, who registered) and naming nobody.
    Keep,
}

/// How the sheet (printed, the member page, `member show`) words a field.
#[derive(Debug, Clone, Copy)]
pub enum Sheet {
    /// Not a line of the sheet.
    No,
    /// The text or the choice's label, — when empty.
    Plain,
    /// A free text: a phone or WeChat typed into it is masked with the contacts.
    FreeText,
    /// A number with its unit: "163 厘米".
    Unit(&'static str),
    /// The words for yes and no: ("有", "无").
    YesNo(&'static str, &'static str),
    /// A contact, masked by this unless the full numbers are asked for.
    Contact(fn(&str) -> String),
    /// Worded by hand in `print` (birth with the age, the registrant, the union, the district
    /// consent): a field added with `Custom` fails a test until it is.
    Custom,
}

/// Where the member page shows a field of the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Not in a section (the name is the heading, the introduction a box of its own, the
    /// bookkeeping its own list).
    None,
    /// 基本情况.
    Basic,
    /// 工作与生活.
    Work,
    /// 联系方式.
    Contact,
}

/// One field of a member's sheet.
#[derive(Clone, Copy)]
pub struct MemberField {
    /// Its name in [`MemberData`], in JSON and in the 操作记录's changes.
    pub key: &'static str,
    pub label: &'static str,
    /// Its columns of `members`, each with what deletion on request does to it; none for what
    /// lives in a table of its own (the wishes).
    pub columns: &'static [(&'static str, Erase)],
    pub access: Access,
    /// The longest text allowed (in characters) and whether it may have several lines; `None`
    /// where the field has a rule of its own (name, phone, WeChat) or is no text.
    pub text: Option<(usize, bool)>,
    /// A phone or WeChat: masked everywhere unless asked for, never on a card.
    pub contact: bool,
    pub sheet: Sheet,
    pub section: Section,
}

impl MemberField {
    /// The field's text, for a text field.
    pub fn text_of<'a>(&self, data: &'a MemberData) -> Option<&'a String> {
        match self.access {
            Access::Text(get, _) => Some(get(data)),
            _ => None,
        }
    }
}

/// The longest free text (self-introduction, wishes, notes), in characters.
pub const TEXT_MAX_CHARS: usize = 2000;

macro_rules! text {
    ($field:ident) => {
        Access::Text(|d| &d.$field, |d| &mut d.$field)
    };
}

macro_rules! choice {
    ($field:ident, $type:ident) => {
        Access::Choice {
            get: |d| d.$field.map(|v| v.code()),
            label: |d| d.$field.map(|v| v.label()),
            set: |d, code| {
                d.$field = code.and_then($type::parse);
                code.is_none() || d.$field.is_some()
            },
            labels: $type::LABELS,
        }
    };
}

const fn field(
    key: &'static str,
    label: &'static str,
    columns: &'static [(&'static str, Erase)],
    access: Access,
) -> MemberField {
    MemberField {
        key,
        label,
        columns,
        access,
        text: None,
        contact: false,
        sheet: Sheet::No,
        section: Section::None,
    }
}

impl MemberField {
    const fn sheet(mut self, sheet: Sheet, section: Section) -> Self {
        self.sheet = sheet;
        self.section = section;
        self
    }

    const fn text(mut self, max: usize, lines: bool) -> Self {
        self.text = Some((max, lines));
        self
    }

    const fn contact(mut self) -> Self {
        self.contact = true;
        self
    }
}

use Erase::{Blank, Keep};

/// Every field of [`MemberData`], in the order the sheet, the member page and `member show`
/// list them. The SQL column list, the row
/// reading, the writing, the tidying and length limits, the erase list, the 操作记录's labels,
/// the sheet's wording and the member page's sections all come from here; the tests check that
/// it names every key of the JSON and every column of `members`.
pub static MEMBER_FIELDS: &[MemberField] = &[
    field("name", "姓名", &[("name", Erase::Anonymous)], text!(name))
        .sheet(Sheet::Plain, Section::None),
    field(
        "gender",
        "性别",
        &[("gender", Keep)],
        choice!(gender, Gender),
    )
    .sheet(Sheet::Plain, Section::Basic),
    field(
        "birth",
        "出生年月",
        &[("birth_year", Keep), ("birth_month", Keep)],
        Access::Composite,
    )
    .sheet(Sheet::Custom, Section::Basic),
    field(
        "height_cm",
        "身高",
        &[("height_cm", Blank)],
        Access::Number(|d| d.height_cm, |d, v| d.height_cm = v),
    )
    .sheet(Sheet::Unit("厘米"), Section::Basic),
    field(
        "weight_kg",
        "体重",
        &[("weight_kg", Blank)],
        Access::Number(|d| d.weight_kg, |d, v| d.weight_kg = v),
    )
    .sheet(Sheet::Unit("公斤"), Section::Basic),
    field(
        "ethnicity",
        "民族",
        &[("ethnicity", Blank)],
        text!(ethnicity),
    )
    .text(20, false)
    .sheet(Sheet::Plain, Section::Basic),
    field(
        "native_place",
        "籍贯",
        &[("native_place", Blank)],
        text!(native_place),
    )
    .text(50, false)
    .sheet(Sheet::Plain, Section::Basic),
    field("hukou", "户籍", &[("hukou", Blank)], choice!(hukou, Hukou))
        .sheet(Sheet::Plain, Section::Basic),
    field(
        "district",
        "现居住区",
        &[("district", Blank)],
        text!(district),
    )
    .text(50, false)
    .sheet(Sheet::Plain, Section::Basic),
    field(
        "education",
        "学历",
        &[("education", Blank)],
        choice!(education, Education),
    )
    .sheet(Sheet::Plain, Section::Basic),
    field(
        "marital_status",
        "婚姻状况",
        &[("marital_status", Blank)],
        choice!(marital_status, MaritalStatus),
    )
    .sheet(Sheet::Plain, Section::Basic),
    field("children", "子女", &[("children", Blank)], text!(children))
        .text(50, false)
        .sheet(Sheet::Plain, Section::Basic),
    field(
        "only_child",
        "独生子女",
        &[("only_child", Blank)],
        Access::YesNo(|d| d.only_child, |d, v| d.only_child = v),
    )
    .sheet(Sheet::YesNo("是", "否"), Section::Basic),
    field(
        "occupation",
        "职业",
        &[("occupation", Blank)],
        text!(occupation),
    )
    .text(50, false)
    .sheet(Sheet::Plain, Section::Work),
    field(
        "employer",
        "工作单位",
        &[("employer", Blank)],
        text!(employer),
    )
    .text(100, false)
    .sheet(Sheet::Plain, Section::Work),
    field(
        "employer_type",
        "单位性质",
        &[("employer_type", Blank)],
        text!(employer_type),
    )
    .text(20, false)
    .sheet(Sheet::Plain, Section::Work),
    field("income", "月收入", &[("income", Blank)], text!(income))
        .text(30, false)
        .sheet(Sheet::Plain, Section::Work),
    field("housing", "住房", &[("housing", Blank)], text!(housing))
        .text(50, false)
        .sheet(Sheet::Plain, Section::Work),
    field(
        "has_car",
        "车",
        &[("has_car", Blank)],
        Access::YesNo(|d| d.has_car, |d, v| d.has_car = v),
    )
    .sheet(Sheet::YesNo("有", "无"), Section::Work),
    field(
        "union_member",
        "工会会员",
        &[("union_member", Blank)],
        Access::Flag(|d| d.union_member, |d, v| d.union_member = v),
    )
    .sheet(Sheet::Custom, Section::Work),
    field("hobbies", "兴趣爱好", &[("hobbies", Blank)], text!(hobbies))
        .text(500, true)
        .sheet(Sheet::FreeText, Section::Work),
    field(
        "self_intro",
        "自我介绍",
        &[("self_intro", Blank)],
        text!(self_intro),
    )
    .text(TEXT_MAX_CHARS, true)
    .sheet(Sheet::FreeText, Section::None),
    field("phone", "手机", &[("phone", Blank)], text!(phone))
        .contact()
        .sheet(Sheet::Contact(mask_phone), Section::Contact),
    field("wechat", "微信", &[("wechat", Blank)], text!(wechat))
        .contact()
        .sheet(Sheet::Contact(mask_wechat), Section::Contact),
    field(
        "registrant",
        "登记人",
        &[
            ("registrant_relation", Erase::To("'self'")),
            ("registrant_kin", Blank),
            ("registrant_name", Blank),
            ("registrant_phone", Blank),
        ],
        Access::Composite,
    )
    .sheet(Sheet::Custom, Section::Contact),
    field(
        "district_consent_on",
        "同意全区共享",
        &[("district_consent_on", Keep)],
        Access::Day(|d| d.district_consent_on, |d, v| d.district_consent_on = v),
    )
    .sheet(Sheet::Custom, Section::Contact),
    field(
        "own_consent_on",
        "本人确认日期",
        &[("own_consent_on", Keep)],
        Access::Day(|d| d.own_consent_on, |d, v| d.own_consent_on = v),
    ),
    field(
        "own_consent_how",
        "本人确认方式",
        &[("own_consent_how", Keep)],
        choice!(own_consent_how, OwnConsentHow),
    ),
    field(
        "own_consent_by",
        "本人确认经办",
        &[("own_consent_by", Blank)],
        text!(own_consent_by),
    )
    .text(20, false),
    field(
        "publicity_consent_on",
        "同意宣传",
        &[("publicity_consent_on", Blank)],
        Access::Day(
            |d| d.publicity_consent_on,
            |d, v| d.publicity_consent_on = v,
        ),
    ),
    field(
        "publicity_name",
        "宣传署名",
        &[("publicity_name", Blank)],
        choice!(publicity_name, PublicityName),
    ),
    field(
        "union_name",
        "工会名称",
        &[("union_name", Blank)],
        text!(union_name),
    )
    .text(100, false),
    field("preferences", "择偶要求", &[], Access::Composite),
    field(
        "registered_on",
        "登记日期",
        &[("registered_on", Keep)],
        Access::Day(|d| d.registered_on, |d, v| d.registered_on = v),
    ),
    field(
        "volunteer_id",
        "负责红娘",
        &[("volunteer_id", Keep)],
        Access::Id(|d| d.volunteer_id, |d, v| d.volunteer_id = v),
    ),
    field(
        "consent",
        "知情同意",
        &[("consent", Keep)],
        Access::Flag(|d| d.consent, |d, v| d.consent = v),
    ),
    field(
        "consent_on",
        "同意日期",
        &[("consent_on", Keep)],
        Access::Day(|d| d.consent_on, |d, v| d.consent_on = v),
    ),
    field(
        "consent_source",
        "同意方式",
        &[("consent_source", Blank)],
        text!(consent_source),
    )
    .text(300, true),
    field(
        "consent_pending",
        "待补签",
        &[("consent_pending", Keep)],
        Access::Flag(|d| d.consent_pending, |d, v| d.consent_pending = v),
    ),
    field(
        "status",
        "状态",
        &[("status", Erase::To("'withdrawn'"))],
        Access::Choice {
            get: |d| Some(d.status.code()),
            label: |d| Some(d.status.label()),
            set: |d, code| match code.and_then(MemberStatus::parse) {
                Some(status) => {
                    d.status = status;
                    true
                }
                None => false,
            },
            labels: MemberStatus::LABELS,
        },
    ),
    field(
        "pause_reason",
        "暂停原因",
        &[("pause_reason", Keep)],
        choice!(pause_reason, PauseReason),
    ),
    field(
        "pause_until",
        "暂停到",
        &[("pause_until", Keep)],
        Access::Day(|d| d.pause_until, |d, v| d.pause_until = v),
    ),
    field("family", "家长的择偶要求", &[], Access::Composite),
    field("notes", "红娘备注", &[("notes", Blank)], text!(notes)).text(TEXT_MAX_CHARS, true),
];

/// The field called `key` in JSON.
pub fn member_field(key: &str) -> Option<&'static MemberField> {
    MEMBER_FIELDS.iter().find(|f| f.key == key)
}

/// The fields stored in one column each of `members`, read and written the same way:
/// everything but the composite ones.
pub fn plain_fields() -> impl Iterator<Item = &'static MemberField> {
    MEMBER_FIELDS
        .iter()
        .filter(|f| !matches!(f.access, Access::Composite) && f.columns.len() == 1)
}

/// The columns of `members` that hold no field of the sheet: the program's bookkeeping.
pub const BOOKKEEPING_COLUMNS: &[(&str, Erase)] = &[
    ("id", Keep),
    ("number", Keep),
    ("source", Blank),
    ("created_at", Keep),
    ("updated_at", Keep),
    ("created_by", Keep),
    ("updated_by", Keep),
    ("revision", Keep),
    ("id_checked_on", Keep),
    ("id_checked_by", Keep),
    ("union_checked_on", Keep),
    ("union_checked_by", Keep),
    // The day the member left (退出, 已婚), set by SQLite: the retention period counts from it.
    ("left_on", Keep),
];
