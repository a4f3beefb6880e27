//! The member as the registration sheet describes it, with the closed lists of the sheet
//! (gender, education, marital status …) as enums that carry their Chinese label and a stable
//! English code (used in the database and in JSON).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An enum whose values have a stable English `code` and a Chinese `label`.
/// Serialised as the code; deserialised from either the code or the label.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal / $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The labels in order, for a choice on a form.
            pub const LABELS: &'static [&'static str] = &[$($label),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Accepts the English code or the Chinese label.
            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|v| v.code() == text || v.label() == text)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(d)?;
                // Said in Chinese: the command line shows it to a volunteer as it is.
                Self::parse(&text).ok_or_else(|| {
                    let labels: Vec<&str> = Self::ALL.iter().map(|v| v.label()).collect();
                    let codes: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                    serde::de::Error::custom(format!(
                        "“{}”看不懂,可以填:{}(或 {})", text, labels.join("、"), codes.join("、")
                    ))
                })
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::parse(text).ok_or_else(|| rusqlite::types::FromSqlError::Other(
                    format!("unknown {} code '{}'", stringify!($name), text).into(),
                ))
            }
        }
    };
}

/// Shared with the other closed lists of the core (introduction stages, end reasons …).
pub(crate) use labelled_enum;

labelled_enum!(Gender { Male = "male" / "男", Female = "female" / "女" });

impl Gender {
    /// The other gender: who a guest meets at an event.
    pub fn other(self) -> Gender {
        match self {
            Gender::Male => Gender::Female,
            Gender::Female => Gender::Male,
        }
    }
}

labelled_enum!(
    /// Ordered from lowest to highest, so `>=` compares levels.
    Education {
        JuniorOrBelow = "junior_or_below" / "初中及以下",
        HighSchool = "high_school" / "高中",
        Vocational = "vocational" / "中专",
        College = "college" / "大专",
        Bachelor = "bachelor" / "本科",
        Master = "master" / "硕士",
        Doctorate = "doctorate" / "博士",
    }
);

impl Education {
    /// The level as a minimum ("大专及以上"); the lowest reads "初中及以上", not "初中及以下及以上".
    pub fn at_least(self) -> String {
        format!("{}及以上", self.label().trim_end_matches("及以下"))
    }
}

labelled_enum!(MaritalStatus {
    Single = "single" / "未婚",
    Divorced = "divorced" / "离异",
    Widowed = "widowed" / "丧偶",
});

labelled_enum!(Hukou { Hangzhou = "hangzhou" / "杭州", Elsewhere = "elsewhere" / "外地" });

labelled_enum!(MemberStatus {
    Active = "active" / "在册",
    Paused = "paused" / "暂停",
    Married = "married" / "已婚",
    Withdrawn = "withdrawn" / "退出",
});

labelled_enum!(
    /// Why a member is 暂停 (not introduced for a while).
    PauseReason {
        Dating = "dating" / "恋爱中",
        Abroad = "abroad" / "出国或在外地",
        Busy = "busy" / "工作忙",
        PartnerOutside = "partner_outside" / "已有对象(站外)",
        Unreachable = "unreachable" / "联系不上",
        Other = "other" / "其他",
    }
);

labelled_enum!(
    /// Whose 择偶要求 stand beside the member's own.
    WishesOf {
        Father = "father" / "父亲",
        Mother = "mother" / "母亲",
        Parents = "parents" / "父母",
        Relative = "relative" / "亲属",
    }
);

/// The 择偶要求 of a parent (or relative), often not the member's own: 母亲要求有房, the
/// daughter wrote 不限. Pairing goes by the member's; these are shown beside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyWishes {
    pub by: WishesOf,
    #[serde(default)]
    pub preferences: Preferences,
}

labelled_enum!(RegistrantRelation {
    Own = "self" / "本人",
    Father = "father" / "父亲",
    Mother = "mother" / "母亲",
    Relative = "relative" / "其他亲属",
});

labelled_enum!(
    /// How a member registered by someone else gave their own yes (本人确认).
    OwnConsentHow {
        Sheet = "sheet" / "本人在登记表上签字",
        InPerson = "in_person" / "本人到站当面确认",
        Phone = "phone" / "本人电话确认",
    }
);

labelled_enum!(
    /// How a member who agreed to publicity may be named in the station's 喜报.
    PublicityName {
        Full = "full" / "可用全名",
        Surname = "surname" / "只用姓氏(如王女士)",
        Anonymous = "anonymous" / "不具名",
    }
);

/// Suggested values for the free-text fields of the sheet. The GUI offers them in lists;
/// the database keeps whatever text was chosen or imported.
pub mod choices {
    pub const DISTRICTS: &[&str] = &[
        "上城区",
        "拱墅区",
        "西湖区",
        "滨江区",
        "萧山区",
        "余杭区",
        "临平区",
        "钱塘区",
        "富阳区",
        "临安区",
        "桐庐县",
        "淳安县",
        "建德市",
        "杭州市外",
    ];
    pub const EMPLOYER_TYPES: &[&str] = &[
        "机关",
        "事业单位",
        "国有企业",
        "民营企业",
        "外资企业",
        "个体经营",
        "自由职业",
        "其他",
    ];
    pub const INCOME_BANDS: &[&str] = &[
        "3000元以下",
        "3000-5000元",
        "5000-8000元",
        "8000-12000元",
        "12000-20000元",
        "20000元以上",
    ];
    pub const HOUSING: &[&str] = &["有房无贷", "有房有贷", "与父母同住", "租房", "单位宿舍"];
    pub const CHILDREN: &[&str] = &["无", "有,随自己", "有,随对方"];
}

/// A year and month of birth (the sheet asks for 出生年月, not the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1900..=2100).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// Completed years of age on `today` (a birthday in the current month counts as reached).
    pub fn age_on(self, today: NaiveDate) -> i32 {
        let mut age = today.year() - self.year;
        if today.month() < self.month {
            age -= 1;
        }
        age
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Who came to the station to register the member: often a parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Registrant {
    pub relation: RegistrantRelation,
    /// For 其他亲属, the word the book used ("阿姨", "舅舅", "姐姐"); empty otherwise.
    pub kin: String,
    /// May be empty: a parent often leaves only "母亲" and a phone.
    pub name: String,
    pub phone: String,
}

impl Default for Registrant {
    fn default() -> Self {
        Self {
            relation: RegistrantRelation::Own,
            kin: String::new(),
            name: String::new(),
            phone: String::new(),
        }
    }
}

/// 择偶要求. `None` or an empty list means 不限 (no requirement).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Preferences {
    pub age_min: Option<u16>,
    pub age_max: Option<u16>,
    /// A wish relative to the member's own age ("比她大3-5岁": the partner 3 to 5 years older,
    /// `(3, 5)`; "比我小5岁以内": `(-5, 0)`): kept as these offsets and judged on the day, so
    /// that `age_min`/`age_max` follow the member's age ([`Preferences::judge_ages`]).
    pub age_relative: Option<(i16, i16)>,
    pub height_min: Option<u16>,
    pub height_max: Option<u16>,
    pub education_min: Option<Education>,
    /// Acceptable marital statuses of the partner; empty = 不限.
    pub marital_statuses: Vec<MaritalStatus>,
    pub hukou: Option<Hukou>,
    /// The partner should own a home (有房).
    pub requires_housing: bool,
    /// Do not suggest people from the member's own employer.
    pub exclude_same_employer: bool,
    pub other: String,
}

impl Preferences {
    /// The ages asked for on `today` by a member born `own`: a relative wish from the member's
    /// age that day, else the ages as written.
    pub fn ages_on(&self, own: Option<YearMonth>, today: NaiveDate) -> (Option<u16>, Option<u16>) {
        match (self.age_relative, own) {
            (Some((low, high)), Some(own)) => {
                let age = own.age_on(today);
                let at = |offset: i16| u16::try_from(age + i32::from(offset)).ok();
                (at(low), at(high))
            }
            _ => (self.age_min, self.age_max),
        }
    }

    /// Sets `age_min`/`age_max` to [`Preferences::ages_on`] `today`: done wherever wishes are
    /// read, so that everything judging or showing them sees the day's ages.
    pub fn judge_ages(&mut self, own: Option<YearMonth>, today: NaiveDate) {
        (self.age_min, self.age_max) = self.ages_on(own, today);
    }

    /// The relative wish in words: "比本人大 3–5 岁", "比本人小 5 岁以内", "与本人同岁".
    pub fn relative_text(&self) -> Option<String> {
        let (low, high) = self.age_relative?;
        Some(match (low, high) {
            (0, 0) => "与本人同岁".into(),
            (0, h) if h > 0 => format!("比本人大 {h} 岁以内"),
            (l, 0) if l < 0 => format!("比本人小 {} 岁以内", -l),
            (l, h) if l > 0 => {
                if l == h {
                    format!("比本人大 {l} 岁")
                } else {
                    format!("比本人大 {l}–{h} 岁")
                }
            }
            (l, h) if h < 0 => {
                if l == h {
                    format!("比本人小 {} 岁", -h)
                } else {
                    format!("比本人小 {}–{} 岁", -h, -l)
                }
            }
            (l, h) => format!("比本人小 {} 到大 {h} 岁", -l),
        })
    }
}

/// The words of the consent to share a profile with the district's stations, as the sheet, the
/// form and the command line say them.
pub const DISTRICT_CONSENT: &str = "同意在全区工会相亲工作站之间共享我的资料(不含姓名和联系方式)";

/// Everything a volunteer enters for a member: the registration sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MemberData {
    pub name: String,
    pub gender: Option<Gender>,
    pub birth: Option<YearMonth>,
    pub height_cm: Option<u16>,
    pub weight_kg: Option<u16>,
    pub ethnicity: String,
    pub native_place: String,
    pub hukou: Option<Hukou>,
    pub district: String,
    pub education: Option<Education>,
    pub occupation: String,
    pub employer: String,
    pub employer_type: String,
    pub income: String,
    pub marital_status: Option<MaritalStatus>,
    pub children: String,
    pub housing: String,
    pub has_car: Option<bool>,
    pub only_child: Option<bool>,
    pub hobbies: String,
    pub self_intro: String,
    pub union_member: bool,
    pub union_name: String,
    pub phone: String,
    pub wechat: String,
    pub registrant: Registrant,
    pub preferences: Preferences,
    pub registered_on: Option<NaiveDate>,
    pub volunteer_id: Option<i64>,
    /// Signed the 知情同意.
    pub consent: bool,
    pub consent_on: Option<NaiveDate>,
    /// How the consent was given when not on the station's own form: "纸质登记表已签字(第 3 册
    /// 第 12 页)" for an imported book.
    pub consent_source: String,
    /// 待补签: registered from a book without a recorded signature. Such a member is kept but
    /// shown to nobody else (no card, not in others' pairing) until the signature is recorded.
    pub consent_pending: bool,
    /// 同意在全区工会相亲工作站之间共享我的资料(不含姓名和联系方式): the day it was given, a consent
    /// of its own beside the station's 知情同意; `None` while not given or after it is withdrawn.
    pub district_consent_on: Option<NaiveDate>,
    /// 本人确认: a member registered by someone else (a parent) gives their own yes to be
    /// registered and introduced; until then they are 待本人确认 — kept and searchable, not
    /// paired, introduced, invited or shared ([`MemberData::withheld`]). Empty for a member
    /// who registered themselves: their 知情同意 is their own.
    pub own_consent_on: Option<NaiveDate>,
    pub own_consent_how: Option<OwnConsentHow>,
    /// The volunteer who heard the member's yes (on the phone, at the station).
    pub own_consent_by: String,
    /// 同意宣传: the day the member agreed that the station may tell their story (the couple's
    /// 喜报), and how they may be named; `None` while not given or after it is withdrawn.
    pub publicity_consent_on: Option<NaiveDate>,
    pub publicity_name: Option<PublicityName>,
    pub status: MemberStatus,
    /// With 暂停: why, and the day the member is back in the pool by themselves (none: until a
    /// volunteer sets 在册 again). Empty for every other status.
    pub pause_reason: Option<PauseReason>,
    pub pause_until: Option<NaiveDate>,
    /// A parent's (or relative's) own 择偶要求, when they differ from the member's.
    pub family: Option<FamilyWishes>,
    /// 红娘备注: the volunteers' internal notes ("父母代登记", "已电话回访"). Never printed on a
    /// card or sheet, never shown to the other side.
    pub notes: String,
}

impl Default for MemberData {
    fn default() -> Self {
        Self {
            name: String::new(),
            gender: None,
            birth: None,
            height_cm: None,
            weight_kg: None,
            ethnicity: String::new(),
            native_place: String::new(),
            hukou: None,
            district: String::new(),
            education: None,
            occupation: String::new(),
            employer: String::new(),
            employer_type: String::new(),
            income: String::new(),
            marital_status: None,
            children: String::new(),
            housing: String::new(),
            has_car: None,
            only_child: None,
            hobbies: String::new(),
            self_intro: String::new(),
            union_member: false,
            union_name: String::new(),
            phone: String::new(),
            wechat: String::new(),
            registrant: Registrant::default(),
            preferences: Preferences::default(),
            registered_on: None,
            volunteer_id: None,
            consent: false,
            consent_on: None,
            consent_source: String::new(),
            consent_pending: false,
            district_consent_on: None,
            own_consent_on: None,
            own_consent_how: None,
            own_consent_by: String::new(),
            publicity_consent_on: None,
            publicity_name: None,
            status: MemberStatus::Active,
            pause_reason: None,
            pause_until: None,
            family: None,
            notes: String::new(),
        }
    }
}

impl MemberData {
    /// 待本人确认: registered by someone else, the member's own yes not yet recorded.
    pub fn awaits_own_consent(&self) -> bool {
        self.registrant.relation != RegistrantRelation::Own && self.own_consent_on.is_none()
    }

    /// Why the member may not be shown to others, paired, introduced, invited or shared now
    /// ("还没有知情同意", "还待本人确认(由母亲代为登记)"); `None` when they may. Status aside.
    pub fn withheld(&self) -> Option<String> {
        withheld(
            self.consent,
            self.registrant.relation,
            self.own_consent_on.is_some(),
        )
    }
}

/// [`MemberData::withheld`] from the three columns it reads, for a query that reads only them.
pub fn withheld(consent: bool, registrant: RegistrantRelation, own: bool) -> Option<String> {
    if !consent {
        Some("还没有知情同意".into())
    } else if registrant != RegistrantRelation::Own && !own {
        Some(format!("还待本人确认(由{}代为登记)", registrant.label()))
    } else {
        None
    }
}

/// [`MemberData::withheld`] as an SQL condition on `members` (named `alias`, or unnamed with
/// `""`): true for the members who may be shown, paired and introduced.
pub fn may_introduce_sql(alias: &str) -> String {
    let a = if alias.is_empty() {
        String::new()
    } else {
        format!("{alias}.")
    };
    format!(
        "({a}consent = 1 AND ({a}registrant_relation = 'self' OR {a}own_consent_on IS NOT NULL))"
    )
}

/// A saved member: the sheet plus what the program assigns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub id: i64,
    pub number: String,
    #[serde(flatten)]
    pub data: MemberData,
    pub volunteer_name: Option<String>,
    pub has_photo: bool,
    /// Where an imported member came from ("第 3 册 第 12 页 · 旧登记册.xlsx 第 5 行").
    pub source: String,
    pub created_at: String,
    pub updated_at: String,
    /// Counted up on every change of the member (see [`crate::members::Target`]).
    #[serde(skip)]
    pub revision: i64,
    /// Who checked the ID card and the union card, and when.
    pub identity: Identity,
}

/// One document a volunteer looked at: when, and who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub on: NaiveDate,
    pub by: Option<String>,
}

/// 身份核验: the ID card (every member) and the union card (union members).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub id_card: Option<Checked>,
    pub union_card: Option<Checked>,
}

impl Checked {
    /// "2026-11-02,张阿姨" (the day alone when nobody was on duty).
    pub fn describe(&self) -> String {
        match &self.by {
            Some(by) => format!("{},{by}", self.on),
            None => self.on.to_string(),
        }
    }
}

impl Identity {
    /// The documents to check for `data` — the ID card of everyone, the union card of union
    /// members — each with its check, if done.
    pub fn documents(&self, data: &MemberData) -> Vec<(Document, Option<&Checked>)> {
        let mut documents = vec![(Document::IdCard, self.id_card.as_ref())];
        if data.union_member {
            documents.push((Document::UnionCard, self.union_card.as_ref()));
        }
        documents
    }

    /// What is still to be checked for `data`: "身份证未核验", "工会会员证未核验"; none when done.
    pub fn missing(&self, data: &MemberData) -> Vec<&'static str> {
        self.documents(data)
            .into_iter()
            .filter(|(_, checked)| checked.is_none())
            .map(|(document, _)| match document {
                Document::IdCard => "身份证未核验",
                Document::UnionCard => "工会会员证未核验",
            })
            .collect()
    }
}

labelled_enum!(
    /// A document a volunteer checks.
    Document {
        IdCard = "id_card" / "身份证",
        UnionCard = "union_card" / "工会会员证",
    }
);

/// One line of the member list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberSummary {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub gender: Gender,
    pub birth: YearMonth,
    pub height_cm: Option<u16>,
    pub education: Option<Education>,
    pub occupation: String,
    pub district: String,
    pub phone: String,
    pub status: MemberStatus,
    pub registered_on: NaiveDate,
    pub volunteer_name: Option<String>,
}

/// A volunteer matchmaker (红娘).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Volunteer {
    pub id: i64,
    pub name: String,
    pub active: bool,
    /// Signs in with a PIN.
    pub has_pin: bool,
    /// May restore backups, delete members' data and export everything.
    pub is_admin: bool,
}

/// A range of 择偶要求 in words: `28–35 岁`, `170 cm以上`, `35 岁以下`; `None` for 不限.
pub fn range_text(min: Option<u16>, max: Option<u16>, unit: &str) -> Option<String> {
    match (min, max) {
        (None, None) => None,
        (Some(a), None) => Some(format!("{a} {unit}以上")),
        (None, Some(b)) => Some(format!("{b} {unit}以下")),
        (Some(a), Some(b)) => Some(format!("{a}–{b} {unit}")),
    }
}

/// `138****4321`: a mobile number (11 digits or more) shows only its first three and last four
/// digits; a shorter one (a local landline, `87654321`) only its last four (`****4321`), so that
/// most of it stays hidden either way.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 8 {
        return "*".repeat(digits.len());
    }
    let tail: String = digits[digits.len() - 4..].iter().collect();
    if digits.len() < 11 {
        return format!("****{tail}");
    }
    let head: String = digits[..3].iter().collect();
    format!("{head}****{tail}")
}

/// The phone as a search result shows it when `typed` digits found it: the usual mask
/// ([`mask_phone`]) when they are its last four (already visible) or not in it; otherwise the
/// digits typed shown in place and every other digit hidden, so the volunteer sees why the
/// member was found without the number being given away.
pub fn mask_phone_showing(phone: &str, typed: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    let typed: String = typed.chars().filter(|c| c.is_ascii_digit()).collect();
    let shown = mask_phone(phone);
    if typed.len() < 4 || digits.ends_with(&typed) {
        return shown;
    }
    match digits.find(&typed) {
        None => shown,
        Some(start) => digits
            .char_indices()
            .map(|(i, c)| {
                if (start..start + typed.len()).contains(&i) {
                    c
                } else {
                    '*'
                }
            })
            .collect(),
    }
}

/// `ab****`: a WeChat ID shows only its first two characters.
pub fn mask_wechat(wechat: &str) -> String {
    if wechat.is_empty() {
        String::new()
    } else {
        format!("{}****", wechat.chars().take(2).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_accept_code_or_label() {
        assert_eq!(Education::parse("本科"), Some(Education::Bachelor));
        assert_eq!(Education::parse("bachelor"), Some(Education::Bachelor));
        assert_eq!(Education::parse("大学"), None);
        assert!(Education::Master > Education::Bachelor);
        let json = serde_json::to_string(&Gender::Female).unwrap();
        assert_eq!(json, "\"female\"");
        let back: Gender = serde_json::from_str("\"女\"").unwrap();
        assert_eq!(back, Gender::Female);
    }

    #[test]
    fn age_counts_completed_years() {
        let birth = YearMonth::new(1990, 5).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(birth.age_on(day(2026, 4, 30)), 35);
        assert_eq!(birth.age_on(day(2026, 5, 1)), 36);
    }

    #[test]
    fn phones_are_masked() {
        assert_eq!(mask_phone("13812344321"), "138****4321");
        assert_eq!(mask_phone("0571-8765 4321"), "057****4321");
        assert_eq!(mask_phone("123"), "***");
        assert_eq!(
            mask_phone("87654321"),
            "****4321",
            "a landline keeps only four"
        );
    }

    #[test]
    fn a_phone_found_by_its_middle_digits_shows_them() {
        // The last four are visible anyway: the usual mask.
        assert_eq!(mask_phone_showing("13812344321", "4321"), "138****4321");
        // Digits from the middle are shown where they are, everything else hidden.
        assert_eq!(mask_phone_showing("13812344321", "1234"), "***1234****");
        assert_eq!(mask_phone_showing("13812344321", "8123 4"), "**81234****");
        // Too short, or not in this phone (a registrant's phone matched): the usual mask.
        assert_eq!(mask_phone_showing("13812344321", "123"), "138****4321");
        assert_eq!(mask_phone_showing("13812344321", "9999"), "138****4321");
    }
}
