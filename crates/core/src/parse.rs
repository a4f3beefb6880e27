//! Reading what volunteers type: full-width digits, `1990年5月`, phones with spaces or dashes.
//! Shared by the registration form, the JSON input and (later) the import of the old registers.

use super::model::YearMonth;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Full-width digits and punctuation (common with Chinese input methods) to ASCII.
pub fn to_halfwidth(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '。' => '.',
            _ => c,
        })
        .collect()
}

/// `1990-05`, `1990-5`, `1990.5`, `1990/05`, `1990年5月`, `199005`, `1990-05-12` (the day is dropped).
pub fn year_month(text: &str) -> Option<YearMonth> {
    let text = to_halfwidth(text);
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .collect();
    match numbers.as_slice() {
        [compact] if compact.len() == 6 => {
            YearMonth::new(compact[..4].parse().ok()?, compact[4..].parse().ok()?)
        }
        [year, month] | [year, month, _] if year.len() == 4 && month.len() <= 2 => {
            YearMonth::new(year.parse().ok()?, month.parse().ok()?)
        }
        _ => None,
    }
}

// A birth month is written as JSON the way it is typed: the reading lives here, with the rest.
impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        year_month(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("出生年月“{text}”看不懂,请写成 1990-05"))
        })
    }
}

/// `2026-11-21`, `2026/11/21`, `2026.11.21`, `2026年11月21日`.
pub fn date(text: &str) -> Option<NaiveDate> {
    let text = to_halfwidth(text);
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    match numbers.as_slice() {
        [year, month, day] => NaiveDate::from_ymd_opt(i32::try_from(*year).ok()?, *month, *day),
        _ => None,
    }
}

/// A date a volunteer typed for a step, or the message saying it could not be read.
pub fn date_or_message(text: &str) -> Result<NaiveDate, String> {
    date(text).ok_or_else(|| format!("日期“{}”看不懂,请写成 2026-11-21 这样", text.trim()))
}

/// A period typed as two dates, either left empty for "open". A date that cannot be read is
/// left out and named in the message returned with the period.
pub fn period(from: &str, to: &str) -> (Option<NaiveDate>, Option<NaiveDate>, Option<String>) {
    let mut problems = Vec::new();
    let mut day = |typed: &str, what: &str| {
        let typed = typed.trim();
        if typed.is_empty() {
            return None;
        }
        let parsed = date(typed);
        if parsed.is_none() {
            problems.push(format!("{what}“{typed}”看不懂(请写成 2026-01-31),没有使用"));
        }
        parsed
    };
    let (from, to) = (day(from, "开始日期"), day(to, "结束日期"));
    problems.extend(reversed_period(from, to));
    (from, to, (!problems.is_empty()).then(|| problems.join(";")))
}

/// What is wrong with a period whose first day comes after its last (nothing counts in it), or
/// `None` when it is in order or open at either end.
pub fn reversed_period(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Option<String> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => Some(format!(
            "开始日期 {from} 在结束日期 {to} 之后,这段时间是倒过来的,请对调两个日期"
        )),
        _ => None,
    }
}

/// The text is not a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// A whole number, with full-width digits and surrounding spaces allowed; empty is `Ok(None)`.
pub fn whole_number(text: &str) -> Result<Option<u16>, NotANumber> {
    let text = to_halfwidth(text);
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u16>().map(Some).map_err(|_| NotANumber)
}

/// The digits of a phone number, keeping a leading `+`; spaces, dashes and brackets dropped.
pub fn phone_digits(text: &str) -> String {
    to_halfwidth(text)
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

/// `1米65`, `1米6`, `165cm`, `165厘米`, `1.65`, `1.65m`, `165` → centimetres.
pub fn height_cm(text: &str) -> Option<u16> {
    let text = to_halfwidth(text)
        .to_lowercase()
        .replace(' ', "")
        .replace("厘米", "cm")
        .replace("公分", "cm");
    if text.is_empty() {
        return None;
    }
    if let Some((metres, rest)) = text.split_once('米') {
        let metres: u16 = metres.parse().ok()?;
        let rest: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let centimetres: u16 = match rest.len() {
            0 => 0,
            1 => rest.parse::<u16>().ok()? * 10,
            _ => rest.get(..2)?.parse().ok()?,
        };
        return metres.checked_mul(100)?.checked_add(centimetres);
    }
    let number: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let value: f64 = number.parse().ok()?;
    let cm = if value < 3.0 { value * 100.0 } else { value };
    (cm.is_finite() && (0.0..=1000.0).contains(&cm)).then(|| cm.round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reversed_period_is_said_so() {
        let (from, to, problem) = period("2026-01-01", "2025-01-01");
        assert_eq!(from, NaiveDate::from_ymd_opt(2026, 1, 1));
        assert_eq!(to, NaiveDate::from_ymd_opt(2025, 1, 1));
        let problem = problem.unwrap_or_default();
        assert!(problem.contains("倒过来"), "{problem}");
        assert_eq!(period("2025-01-01", "2025-01-01").2, None);
        assert_eq!(period("2026-01-01", "").2, None);
    }

    #[test]
    fn birth_months_in_the_ways_volunteers_write_them() {
        let may_1990 = YearMonth::new(1990, 5);
        for text in [
            "1990-05",
            "1990-5",
            "1990.5",
            "1990/05",
            "1990年5月",
            "199005",
            "1990-05-12",
            "１９９０年５月",
        ] {
            assert_eq!(year_month(text), may_1990, "{text}");
        }
        for text in ["", "1990", "90年5月", "1990-13", "abc", "1990-5-1-2"] {
            assert_eq!(year_month(text), None, "{text}");
        }
    }

    #[test]
    fn dates_and_numbers() {
        assert_eq!(
            date("2026年11月21日"),
            NaiveDate::from_ymd_opt(2026, 11, 21)
        );
        assert_eq!(date("2026-02-30"), None);
        assert_eq!(whole_number(" １６５ "), Ok(Some(165)));
        assert_eq!(whole_number(""), Ok(None));
        assert_eq!(whole_number("165cm"), Err(NotANumber));
        assert_eq!(phone_digits("138 1234-4321"), "13812344321");
    }
}
