//! The rules a registration must meet before it is saved, with the Chinese message shown next
//! to the field. The form, the command line and the import all go through [`prepare`].

use super::model::{
    MemberData, MemberStatus, OwnConsentHow, Preferences, PublicityName, RegistrantRelation,
};
use super::parse;
use chrono::{Datelike, NaiveDate};

pub const HEIGHT_RANGE: std::ops::RangeInclusive<u16> = 120..=230;
pub const WEIGHT_RANGE: std::ops::RangeInclusive<u16> = 30..=200;
pub const AGE_RANGE: std::ops::RangeInclusive<u16> = 18..=80;
const NAME_MAX_CHARS: usize = 20;
use super::fields::{self, TEXT_MAX_CHARS};

pub use super::fields::{Field, FieldError};

/// The rule for a pause's return date: after today, within five years.
pub fn check_pause_until(until: Option<NaiveDate>, today: NaiveDate) -> super::error::Result<()> {
    use super::error::Error;
    use chrono::Months;
    match until {
        Some(until) if until <= today => Err(Error::Refused(
            "暂停到哪天:应在今天以后(到了那天会自动恢复在册)".into(),
        )),
        Some(until)
            if today
                .checked_add_months(Months::new(60))
                .is_some_and(|most| until > most) =>
        {
            Err(Error::Refused("暂停到哪天:最长五年,请核对年份".into()))
        }
        _ => Ok(()),
    }
}

/// Tidies the data (trims text, strips phone punctuation, fills the consent date) and checks
/// every rule. Returns the tidied data, or every problem found (not only the first).
pub fn prepare(mut data: MemberData, today: NaiveDate) -> Result<MemberData, Vec<FieldError>> {
    normalize(&mut data, today);
    let errors = check(&data, today);
    if errors.is_empty() {
        Ok(data)
    } else {
        Err(errors)
    }
}

/// Windows line ends (a CSV cell, a pasted text) become plain ones; spaces around go.
fn tidy(text: &mut String) {
    if text.contains('\r') {
        *text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        *text = trimmed.to_string();
    }
}

fn normalize(data: &mut MemberData, today: NaiveDate) {
    // Every text field of the sheet, then the texts inside the composite ones.
    for field in fields::MEMBER_FIELDS {
        if let fields::Access::Text(_, get) = field.access {
            tidy(get(data));
        }
    }
    tidy(&mut data.registrant.name);
    tidy(&mut data.registrant.kin);
    tidy(&mut data.preferences.other);
    data.phone = parse::phone_digits(&data.phone);
    data.registrant.phone = parse::phone_digits(&data.registrant.phone);
    if data.registrant.relation == RegistrantRelation::Own {
        // The member registered themselves: no separate registrant to keep.
        data.registrant.name.clear();
        data.registrant.phone.clear();
    }
    if data.registrant.relation != RegistrantRelation::Relative {
        data.registrant.kin.clear();
    }
    if data.registered_on.is_none() {
        data.registered_on = Some(today);
    }
    if data.consent && data.consent_on.is_none() {
        data.consent_on = data.registered_on;
    }
    if !data.consent {
        data.consent_on = None;
    } else {
        data.consent_pending = false;
    }
    if data.registrant.relation == RegistrantRelation::Own {
        // Their 知情同意 is their own: no second yes to record.
        data.own_consent_on = None;
        data.own_consent_how = None;
        data.own_consent_by.clear();
    } else if data.own_consent_on.is_none() {
        data.own_consent_how = None;
        data.own_consent_by.clear();
    }
    if data.publicity_consent_on.is_none() {
        data.publicity_name = None;
    } else if data.publicity_name.is_none() {
        // Agreed without saying how to be named: the most careful way.
        data.publicity_name = Some(PublicityName::Anonymous);
    }
    if !data.union_member {
        data.union_name.clear();
    }
    if data.status != MemberStatus::Paused {
        // Only a pause has a reason and a return date.
        data.pause_reason = None;
        data.pause_until = None;
    }
    if let Some(family) = &mut data.family {
        let other = family
            .preferences
            .other
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        family.preferences.other = other.trim().to_string();
        if family.preferences == Preferences::default() {
            // Nothing asked for beyond the member's own: no second line to show.
            data.family = None;
        }
    }
}

fn check(data: &MemberData, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut error = |field, message: &str| errors.push(FieldError::new(field, message));
    // In the order of the sheet, so that the first mistake is the first one shown.
    for part in [
        check_person,
        check_contacts,
        check_consent_and_dates,
        check_characters,
        check_wishes,
        check_pause,
        check_lengths,
    ] {
        part(data, today, &mut error);
    }
    errors
}

/// Name, gender, birth, height and weight.
fn check_person(data: &MemberData, today: NaiveDate, error: &mut dyn FnMut(Field, &str)) {
    if data.name.is_empty() {
        error(Field::Name, "请填写姓名");
    } else if data.name.chars().count() > NAME_MAX_CHARS {
        error(Field::Name, "姓名太长(最多 20 个字)");
    } else if !has_letter(&data.name) {
        error(Field::Name, NAME_LETTER_MESSAGE);
    }
    if data.gender.is_none() {
        error(Field::Gender, "请选择性别");
    }
    match data.birth {
        None => error(Field::Birth, "请填写出生年月,如 1990-05"),
        Some(birth) => {
            let age = birth.age_on(today);
            if age < i32::from(*AGE_RANGE.start()) || age > i32::from(*AGE_RANGE.end()) {
                error(
                    Field::Birth,
                    &format!("年龄须在 18–80 岁之间(按此出生年月为 {age} 岁)"),
                );
            }
        }
    }
    if let Some(height) = data.height_cm
        && !HEIGHT_RANGE.contains(&height)
    {
        error(Field::Height, "身高须在 120–230 厘米之间");
    }
    if let Some(weight) = data.weight_kg
        && !WEIGHT_RANGE.contains(&weight)
    {
        error(Field::Weight, "体重须在 30–200 公斤之间");
    }
}

/// The phones (one at least) and WeChat.
fn check_contacts(data: &MemberData, _today: NaiveDate, error: &mut dyn FnMut(Field, &str)) {
    if !data.phone.is_empty() && !is_phone(&data.phone) {
        error(Field::Phone, PHONE_FORMAT_MESSAGE);
    }
    let relative = data.registrant.relation != RegistrantRelation::Own;
    if relative && !data.registrant.phone.is_empty() && !is_phone(&data.registrant.phone) {
        error(Field::RegistrantPhone, PHONE_FORMAT_MESSAGE);
    }
    if data.phone.is_empty() && (!relative || data.registrant.phone.is_empty()) {
        let message = if relative {
            "请至少填写会员本人或登记人的一个电话"
        } else {
            "请填写手机号"
        };
        error(Field::Phone, message);
    }
    if data.wechat.chars().count() > 40 {
        error(Field::Wechat, "微信号太长");
    }
}

/// The 知情同意, the district consent and their dates, the registration date.
fn check_consent_and_dates(
    data: &MemberData,
    today: NaiveDate,
    error: &mut dyn FnMut(Field, &str),
) {
    if !data.consent && !data.consent_pending {
        error(Field::Consent, "须经会员本人知情同意才能登记,请勾选");
    }
    if let Some(registered) = data.registered_on {
        if registered > today {
            error(Field::RegisteredOn, "登记日期不能晚于今天");
        } else if registered < EARLIEST_DATE {
            error(Field::RegisteredOn, "登记日期须在 2000 年以后,请核对年份");
        } else if let Some(birth) = data.birth
            && (registered.year(), registered.month()) < (birth.year, birth.month)
        {
            error(Field::RegisteredOn, "登记日期早于出生年月,请核对");
        }
    }
    if let Some(shared_on) = data.district_consent_on {
        if !data.consent {
            error(
                Field::DistrictConsent,
                "全区共享要在本人签署本站的知情同意之后才能勾选",
            );
        } else if shared_on > today {
            error(Field::DistrictConsent, "全区共享的同意日期不能晚于今天");
        }
    }
    check_own_consent(data, today, error);
    if let Some(on) = data.publicity_consent_on {
        if let Some(problem) = consent_day_problem("同意宣传", on, data.registered_on, today) {
            error(Field::Publicity, &problem);
        } else if data.withheld().is_some() {
            error(
                Field::Publicity,
                "同意宣传要在本人知情同意(及本人确认)之后才能勾选",
            );
        }
    }
    if let Some(consent_on) = data.consent_on {
        if consent_on > today {
            error(Field::ConsentOn, "同意日期不能晚于今天");
        } else if data
            .registered_on
            .is_some_and(|registered| consent_on < registered)
        {
            error(Field::ConsentOn, "同意日期不能早于登记日期");
        }
    }
}

/// What is wrong with the day `on` a consent (`what`: "本人确认", "同意宣传") was given: not in
/// the future, not before the registration. The form and the member page's buttons both ask.
pub(crate) fn consent_day_problem(
    what: &str,
    on: NaiveDate,
    registered: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<String> {
    if on > today {
        return Some(format!("{what}的日期不能晚于今天"));
    }
    registered
        .filter(|registered| on < *registered)
        .map(|registered| format!("{what}的日期不能早于登记日期({registered})"))
}

/// 本人确认: not in the future, not before the registration, how and (on the phone) who heard it.
fn check_own_consent(data: &MemberData, today: NaiveDate, error: &mut dyn FnMut(Field, &str)) {
    let Some(on) = data.own_consent_on else {
        return;
    };
    if let Some(problem) = consent_day_problem("本人确认", on, data.registered_on, today) {
        error(Field::OwnConsent, &problem);
    } else if data.own_consent_how.is_none() {
        error(Field::OwnConsent, "请选择本人是怎样确认的:签字、当面或电话");
    } else if data.own_consent_how == Some(OwnConsentHow::Phone) && data.own_consent_by.is_empty() {
        error(Field::OwnConsent, "电话确认请写上接电话的红娘");
    }
}

/// Line breaks and invisible control characters where they do not belong.
fn check_characters(data: &MemberData, _today: NaiveDate, error: &mut dyn FnMut(Field, &str)) {
    for (label, text, field, lines) in text_fields(data) {
        if let Some(bad) = text.chars().find(|c| !allowed_char(*c, lines)) {
            // A carriage return never stays: the tidying made it a line break.
            let what = if bad == '\n' {
                "换行"
            } else {
                "看不见的控制字符(常是从网页或聊天软件复制来的)"
            };
            error(
                field,
                &format!(
                    "{label}里有{what}(U+{:04X}),请删掉后重新输入",
                    u32::from(bad)
                ),
            );
        }
    }
}

/// The age and height ranges of the member's and the family's wishes.
fn check_wishes(data: &MemberData, _today: NaiveDate, error: &mut dyn FnMut(Field, &str)) {
    let mut ranges = vec![(&data.preferences, "", Field::PrefAge, Field::PrefHeight)];
    if let Some(family) = &data.family {
        ranges.push((
            &family.preferences,
            family.by.label(),
            Field::FamilyAge,
            Field::FamilyHeight,
        ));
    }
    for (pref, whose, age_field, height_field) in ranges {
        if [pref.age_min, pref.age_max]
            .iter()
            .any(|v| v.is_some_and(|age| !AGE_RANGE.contains(&age)))
        {
            error(age_field, &format!("{whose}要求年龄须在 18–80 岁之间"));
        }
        if let (Some(from), Some(to)) = (pref.age_min, pref.age_max)
            && from > to
        {
            error(age_field, &format!("{whose}要求年龄:起始不能大于截止"));
        }
        if [pref.height_min, pref.height_max]
            .iter()
            .any(|v| v.is_some_and(|h| !HEIGHT_RANGE.contains(&h)))
        {
            error(
                height_field,
                &format!("{whose}要求身高须在 120–230 厘米之间"),
            );
        }
        if let (Some(from), Some(to)) = (pref.height_min, pref.height_max)
            && from > to
        {
            error(height_field, &format!("{whose}要求身高:起始不能大于截止"));
        }
    }
}

/// The return day of a pause.
fn check_pause(data: &MemberData, today: NaiveDate, error: &mut dyn FnMut(Field, &str)) {
    if data.status == MemberStatus::Paused
        && let Err(refused) = check_pause_until(data.pause_until, today)
    {
        error(Field::PauseUntil, &refused.to_string());
    }
}

/// The registrant's name and every free text within their limits.
fn check_lengths(data: &MemberData, _today: NaiveDate, error: &mut dyn FnMut(Field, &str)) {
    if data.registrant.name.chars().count() > NAME_MAX_CHARS {
        error(Field::RegistrantName, "登记人姓名太长(最多 20 个字)");
    } else if !data.registrant.name.is_empty() && !has_letter(&data.registrant.name) {
        error(Field::RegistrantName, NAME_LETTER_MESSAGE);
    }
    for (label, text, max, _) in text_limits(data) {
        let count = text.chars().count();
        if count > max {
            error(
                Field::Text,
                &format!("{label}太长:{count} 个字,最多 {max} 个字"),
            );
        }
    }
}

/// What a name without a single 汉字 or letter (digits, emoji or punctuation only) is told.
pub const NAME_LETTER_MESSAGE: &str = "姓名里至少要有一个汉字或字母(不能只有数字、符号或表情)";

/// Whether a person's name has at least one letter: a 汉字, or a letter of any alphabet
/// (Latin, a minority's script). "😀😀", "123" or "…" is a slip of the keyboard, not a name.
pub fn has_letter(name: &str) -> bool {
    name.chars().any(char::is_alphabetic)
}

/// The earliest registration or consent date accepted: the program's stations began long after;
/// an earlier one is a typing mistake (0001-01-01, a year 1900 from a spreadsheet).
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// Whether `c` may stand in a text of the sheet: no control characters (NUL, escape, …), no
/// characters that reorder or hide text (right-to-left overrides and isolates, direction marks,
/// zero-width spaces, the byte-order mark), and line breaks only in the texts of several lines.
fn allowed_char(c: char, lines: bool) -> bool {
    if c == '\n' || c == '\t' {
        return lines;
    }
    !(c.is_control()
        || matches!(c,
            '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
            | '\u{061C}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'))
}

/// Every text of the sheet with its label, the field its message goes to, and whether it may
/// hold several lines.
fn text_fields(data: &MemberData) -> Vec<(&'static str, &str, Field, bool)> {
    let mut all = vec![
        ("姓名", data.name.as_str(), Field::Name, false),
        ("微信号", data.wechat.as_str(), Field::Wechat, false),
        (
            "登记人姓名",
            data.registrant.name.as_str(),
            Field::RegistrantName,
            false,
        ),
    ];
    for (label, text, _, lines) in text_limits(data) {
        all.push((label, text, Field::Text, lines));
    }
    all
}

/// Every free text of the sheet with its limit in characters and whether it may have several
/// lines (name, WeChat and the registrant's name are checked with their own fields). A book's
/// cell or a pasted text longer than this is almost always a mistake: the rest of a file
/// swallowed by a stray quote, a page pasted twice.
pub fn text_limits(data: &MemberData) -> Vec<(&'static str, &str, usize, bool)> {
    let mut all: Vec<_> = fields::MEMBER_FIELDS
        .iter()
        .filter_map(|f| {
            let (max, lines) = f.text?;
            Some((f.label, f.text_of(data)?.as_str(), max, lines))
        })
        .collect();
    all.extend([
        (
            "其他要求",
            data.preferences.other.as_str(),
            TEXT_MAX_CHARS,
            true,
        ),
        ("登记人关系", data.registrant.kin.as_str(), 10, false),
        (
            "家长的其他要求",
            data.family
                .as_ref()
                .map_or("", |f| f.preferences.other.as_str()),
            TEXT_MAX_CHARS,
            true,
        ),
    ]);
    all
}

pub(crate) const PHONE_FORMAT_MESSAGE: &str =
    "电话格式不对:手机为 11 位数字(如 138 1234 5678),座机如 0571-87654321";

/// A mainland mobile (11 digits, 1[3-9]…), a landline with area code (0 + 9–11 digits) or a
/// local landline (7–8 digits), optionally with +86. Expects [`parse::phone_digits`] output.
pub fn is_phone(digits: &str) -> bool {
    let digits = digits.strip_prefix("+86").unwrap_or(digits);
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let bytes = digits.as_bytes();
    match bytes.first() {
        Some(b'1') => bytes.len() == 11 && (b'3'..=b'9').contains(&bytes[1]),
        Some(b'0') => (10..=12).contains(&bytes.len()),
        Some(_) => (7..=8).contains(&bytes.len()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Gender, YearMonth};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    fn valid() -> MemberData {
        MemberData {
            name: " 王芳 ".into(),
            gender: Some(Gender::Female),
            birth: YearMonth::new(1990, 5),
            phone: "138 1234-4321".into(),
            consent: true,
            ..MemberData::default()
        }
    }

    fn fields(data: MemberData) -> Vec<Field> {
        prepare(data, today())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_complete_sheet_is_tidied() {
        let data = prepare(valid(), today()).unwrap();
        assert_eq!(data.name, "王芳");
        assert_eq!(data.phone, "13812344321");
        assert_eq!(data.registered_on, Some(today()));
        assert_eq!(data.consent_on, Some(today()));
    }

    #[test]
    fn required_fields_are_all_reported() {
        let errors = prepare(MemberData::default(), today()).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::Name,
                Field::Gender,
                Field::Birth,
                Field::Phone,
                Field::Consent
            ]
        );
        assert!(errors.iter().all(|e| !e.message.is_empty()));
    }

    #[test]
    fn ranges() {
        assert_eq!(
            fields(MemberData {
                height_cm: Some(119),
                ..valid()
            }),
            [Field::Height]
        );
        assert!(
            prepare(
                MemberData {
                    height_cm: Some(230),
                    ..valid()
                },
                today()
            )
            .is_ok()
        );
        assert_eq!(
            fields(MemberData {
                birth: YearMonth::new(2009, 1),
                ..valid()
            }),
            [Field::Birth]
        );
        assert!(
            prepare(
                MemberData {
                    birth: YearMonth::new(2008, 11),
                    ..valid()
                },
                today()
            )
            .is_ok()
        );
        assert_eq!(
            fields(MemberData {
                birth: YearMonth::new(1945, 1),
                ..valid()
            }),
            [Field::Birth]
        );
        let mut data = valid();
        data.preferences.age_min = Some(35);
        data.preferences.age_max = Some(30);
        data.preferences.height_min = Some(100);
        assert_eq!(fields(data), [Field::PrefAge, Field::PrefHeight]);
    }

    #[test]
    fn phones() {
        for ok in ["13812344321", "+8613812344321", "057187654321", "87654321"] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in ["1381234432", "12812344321", "12345", "abc", ""] {
            assert!(!is_phone(bad), "{bad}");
        }
        assert_eq!(
            fields(MemberData {
                phone: "1381234".into(),
                ..valid()
            }),
            [Field::Phone]
        );
    }

    #[test]
    fn a_parent_may_give_only_their_own_phone() {
        let mut data = MemberData {
            phone: String::new(),
            ..valid()
        };
        data.registrant.relation = RegistrantRelation::Mother;
        // A mother often leaves no name, only "母亲" and her phone.
        assert_eq!(fields(data.clone()), [Field::Phone]);
        data.registrant.phone = "139-0000-1111".into();
        let data = prepare(data, today()).unwrap();
        assert_eq!(data.registrant.phone, "13900001111");
    }

    #[test]
    fn every_text_has_a_limit() {
        let data = MemberData {
            occupation: "工".repeat(51),
            notes: "注".repeat(2001),
            ..valid()
        };
        let errors = prepare(data, today()).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "职业太长:51 个字,最多 50 个字",
                "红娘备注太长:2001 个字,最多 2000 个字"
            ]
        );
    }

    #[test]
    fn a_signature_to_come_is_allowed_only_when_marked() {
        let pending = MemberData {
            consent: false,
            consent_pending: true,
            ..valid()
        };
        assert!(prepare(pending.clone(), today()).is_ok());
        let signed = prepare(
            MemberData {
                consent: true,
                ..pending
            },
            today(),
        )
        .unwrap();
        assert!(!signed.consent_pending, "signing ends 待补签");
    }

    #[test]
    fn dates_before_2000_before_birth_or_consent_before_registration_are_refused() {
        let at = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for (registered, consent, field, said) in [
            (at(1, 1, 1), None, Field::RegisteredOn, "2000 年以后"),
            (at(1999, 12, 31), None, Field::RegisteredOn, "2000 年以后"),
            (at(2026, 11, 22), None, Field::RegisteredOn, "晚于今天"),
            (
                at(2024, 3, 5),
                at(1900, 1, 1),
                Field::ConsentOn,
                "早于登记日期",
            ),
            (
                at(2024, 3, 5),
                at(2024, 3, 4),
                Field::ConsentOn,
                "早于登记日期",
            ),
        ] {
            let mut data = valid();
            data.registered_on = registered;
            data.consent_on = consent;
            let errors = prepare(data, today()).unwrap_err();
            assert!(
                errors
                    .iter()
                    .any(|e| e.field == field && e.message.contains(said)),
                "{registered:?} {consent:?}: {errors:?}"
            );
        }
        // Registered before being born (a birth typed wrong, or the date).
        let mut data = valid();
        data.birth = YearMonth::new(2005, 6);
        data.registered_on = at(2005, 5, 1);
        let errors = prepare(data, today()).unwrap_err();
        assert!(
            errors.iter().any(|e| e.message.contains("早于出生年月")),
            "{errors:?}"
        );
        // Consent recorded later than registration (补签) is fine, and so is 2000-01-01.
        let mut data = valid();
        data.registered_on = at(2000, 1, 1);
        data.consent_on = at(2024, 3, 5);
        assert!(prepare(data, today()).is_ok());
    }

    #[test]
    fn a_name_needs_a_letter_and_a_birth_a_sane_year() {
        for name in ["😀😀", "123", "……", "·", "👨‍👩‍👧"] {
            let mut data = valid();
            data.name = name.into();
            let errors = prepare(data, today()).unwrap_err();
            assert!(
                errors
                    .iter()
                    .any(|e| e.field == Field::Name && e.message == NAME_LETTER_MESSAGE),
                "{name:?}: {errors:?}"
            );
        }
        for name in ["王芳", "Anna", "阿依古丽·买买提", "李2", "Ömer"] {
            let mut data = valid();
            data.name = name.into();
            assert!(prepare(data, today()).is_ok(), "{name}");
        }
        let mut data = valid();
        data.registrant.relation = RegistrantRelation::Mother;
        data.registrant.name = "🙂".into();
        data.registrant.phone = "13900000001".into();
        let errors = prepare(data, today()).unwrap_err();
        assert!(
            errors.iter().any(|e| e.field == Field::RegistrantName),
            "{errors:?}"
        );
        // Births before 1930 and after today are outside the ages a station registers.
        for (year, month) in [(1929, 12), (1, 1), (9999, 12), (2026, 12)] {
            let mut data = valid();
            data.birth = YearMonth::new(year, month);
            let errors = prepare(data, today()).unwrap_err();
            assert!(
                errors.iter().any(|e| e.field == Field::Birth),
                "{year}-{month}: {errors:?}"
            );
        }
    }

    #[test]
    fn control_and_direction_characters_are_refused_line_breaks_only_in_long_texts() {
        for name in [
            "\u{202E}女士",
            "王\0芳",
            "王\n芳",
            "王\u{200B}芳",
            "\u{FEFF}王芳x",
            "王\u{1B}[31m芳",
        ] {
            let mut data = valid();
            data.name = name.into();
            let errors = prepare(data, today()).unwrap_err();
            assert!(
                errors
                    .iter()
                    .any(|e| e.field == Field::Name && e.message.contains("姓名里有")),
                "{name:?}: {errors:?}"
            );
        }
        let mut data = valid();
        data.occupation = "护士\u{202E}".into();
        assert!(
            prepare(data, today()).unwrap_err()[0]
                .message
                .contains("职业里有")
        );
        // A self-introduction of several lines (Windows line ends too) is fine.
        let mut data = valid();
        data.self_intro = "喜欢爬山。\r\n也喜欢看书。\n周末做志愿者。".into();
        data.preferences.other = "不抽烟\n不喝酒".into();
        let data = prepare(data, today()).unwrap();
        assert_eq!(data.self_intro, "喜欢爬山。\n也喜欢看书。\n周末做志愿者。");
        // Chinese, emoji with joiners and full-width punctuation are ordinary text.
        let mut data = valid();
        data.name = "欧阳·娜娜".into();
        data.hobbies = "跑步🏃‍♀️、烘焙".into();
        assert!(prepare(data, today()).is_ok());
    }
}
