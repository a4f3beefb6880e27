//! 择偶要求 as volunteers write them ("25-30岁,身高160以上,本地", "年龄22到29岁", "比她大3-5岁",
//! "本科及以上,未婚,有房") read into the structured requirements that pairing checks. What is
//! read is said in words ("年龄 25–30 岁,身高 160 厘米以上,户籍 杭州") so the volunteer can see it;
//! what cannot be read stays text; doubtful readings (a one-year age range, a height outside
//! 140–210 cm) are listed for checking. The import reads its 择偶要求 column with [`read`], and
//! the registration form offers the same reading of its 其他要求 as a suggestion.

use super::model::{
    Education, FamilyWishes, Gender, Hukou, MaritalStatus, Preferences, YearMonth, range_text,
};
use super::parse;
use super::validate::{AGE_RANGE, HEIGHT_RANGE};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// Heights that are possible but unusual enough to ask about.
pub const USUAL_HEIGHTS: std::ops::RangeInclusive<u16> = 140..=210;

/// What [`read`] found in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// The structured requirements read (`other` is left empty: the caller keeps the text).
    pub preferences: Preferences,
    /// What was read, in words: "年龄 25–30 岁", "身高 160 厘米以上" …
    pub read: Vec<String>,
    /// Readings a volunteer should check, or numbers that could not be used.
    pub doubts: Vec<String>,
}

impl Reading {
    /// "年龄 25–30 岁,身高 160 厘米以上,户籍 杭州"; empty when nothing was read.
    pub fn summary(&self) -> String {
        self.read.join(",")
    }

    /// Whether anything was read.
    pub fn is_empty(&self) -> bool {
        self.read.is_empty()
    }

    /// `into` with what was read written over it (the text of 其他要求 is kept).
    pub fn apply(&self, into: &mut Preferences) {
        let p = &self.preferences;
        if p.age_min.is_some() || p.age_max.is_some() {
            into.age_min = p.age_min;
            into.age_max = p.age_max;
            into.age_relative = p.age_relative;
        }
        if p.height_min.is_some() || p.height_max.is_some() {
            into.height_min = p.height_min;
            into.height_max = p.height_max;
        }
        if p.education_min.is_some() {
            into.education_min = p.education_min;
        }
        if !p.marital_statuses.is_empty() {
            into.marital_statuses.clone_from(&p.marital_statuses);
        }
        if p.hukou.is_some() {
            into.hukou = p.hukou;
        }
        if p.requires_housing {
            into.requires_housing = true;
        }
    }
}

fn regex(pattern: &str) -> Regex {
    // The patterns are constants of this file, tested below; a typo is a programming error.
    Regex::new(pattern).unwrap_or_else(|e| panic!("择偶要求的读法写错了:{e}"))
}

/// `25-30岁`, `年龄22-29`, `年龄在25-35之间`.
static AGE_RANGE_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?:年龄(?:要求)?(?:在)?(\d{2})-(\d{2}))|(?:(\d{2})-(\d{2})岁)"));
/// `30岁以下`, `年龄35以下`, `不超过35岁`.
static AGE_MAX_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?:年龄(?:在)?(\d{2})(?:岁)?以下)|(?:(\d{2})岁以下)|(?:不超过(\d{2})岁)")
});
/// `28岁以上`, `年龄25以上`.
static AGE_MIN_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?:年龄(?:在)?(\d{2})(?:岁)?以上)|(?:(\d{2})岁以上)"));
/// `比她大3-5岁`, `大3岁以下`, `比我小5岁以下`.
static AGE_RELATIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?:比(她|他|我|本人|自己|女方|男方)?)?(大|小)(\d{1,2})(?:-(\d{1,2}))?岁(以下)?")
});
/// `80后`, `90后`, `00后`: born in that decade.
static DECADE_RE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:^|[^\d])([5-9]0|00)后"));

/// A height: `160`, `160cm`, `1米7`, `1米65`, `1.70`, `1.7米`.
const HEIGHT: &str = r"(\d{3}(?:cm)?|1米\d{0,2}|1\.\d{1,2}(?:米|m)?)";
/// A height with its unit, so that it is one without the word 身高.
const HEIGHT_WITH_UNIT: &str = r"(\d{3}cm|1米\d{0,2}|1\.\d{1,2}(?:米|m))";

static HEIGHT_RANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?:身高(?:要求)?(?:在)?{HEIGHT}-{HEIGHT})|(?:{HEIGHT_WITH_UNIT}-{HEIGHT_WITH_UNIT})|(?:(\d{{3}})-{HEIGHT_WITH_UNIT})"
    ))
});
static HEIGHT_MIN_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?:身高(?:要求)?(?:在)?{HEIGHT}以上)|(?:{HEIGHT_WITH_UNIT}以上)"
    ))
});
static HEIGHT_MAX_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?:身高(?:要求)?(?:在)?{HEIGHT}以下)|(?:{HEIGHT_WITH_UNIT}以下)"
    ))
});

const EDUCATION: &str = "(博士|硕士|研究生|本科|大学|大专|专科|高中|中专|技校)";
static EDUCATION_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?:{EDUCATION}(?:学历)?以上)|(?:学历(?:要求)?(?:在)?{EDUCATION})|(?:^{EDUCATION}(?:学历)?$)"
    ))
});

fn education_word(word: &str) -> Option<Education> {
    Some(match word {
        "博士" => Education::Doctorate,
        "硕士" | "研究生" => Education::Master,
        "本科" | "大学" => Education::Bachelor,
        "大专" | "专科" => Education::College,
        "高中" => Education::HighSchool,
        "中专" | "技校" => Education::Vocational,
        _ => return None,
    })
}

/// A clause made regular (it is already half-width): lower case, one kind of dash, "及以上" as
/// "以上", "以内" as "以下", 周岁 as 岁, 厘米/公分 as cm.
fn normalised(clause: &str) -> String {
    let mut text = clause.to_lowercase();
    for (from, to) in [
        ("至少", "最少"),
        ("及以上", "以上"),
        ("或以上", "以上"),
        ("以上学历", "以上"),
        ("及以下", "以下"),
        ("以内", "以下"),
        ("之内", "以下"),
        ("之间", ""),
        ("周岁", "岁"),
        ("厘米", "cm"),
        ("公分", "cm"),
        ("~", "-"),
        ("—", "-"),
        ("–", "-"),
        ("到", "-"),
        ("至", "-"),
    ] {
        text = text.replace(from, to);
    }
    text
}

/// The clauses of a text: volunteers separate wishes with commas, semicolons, full stops, spaces,
/// slashes or new lines (a `.` between digits, as in `1.70`, is a decimal point, not a stop).
fn clauses(text: &str) -> Vec<String> {
    let chars: Vec<char> = parse::to_halfwidth(text).chars().collect();
    let mut clauses = Vec::new();
    let mut clause = String::new();
    for (i, c) in chars.iter().enumerate() {
        let decimal = *c == '.'
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let separator =
            !decimal && (matches!(c, ',' | ';' | '.' | '、' | '/') || c.is_whitespace());
        if separator {
            clauses.push(std::mem::take(&mut clause));
        } else {
            clause.push(*c);
        }
    }
    clauses.push(clause);
    clauses
        .iter()
        .map(|c| normalised(c))
        .filter(|c| !c.is_empty())
        .collect()
}

fn number(m: Option<regex::Match<'_>>) -> Option<u16> {
    m.and_then(|m| m.as_str().parse().ok())
}

/// A height token of [`HEIGHT`] in centimetres.
fn height_of(m: Option<regex::Match<'_>>) -> Option<u16> {
    m.and_then(|m| super::parse::height_cm(m.as_str()))
}

/// A range read from a clause (either end may be open), with the words it was read from.
type Written = (Option<u16>, Option<u16>, String);

/// Reads `text`. `birth` (the member's own birth month) lets "比她大3-5岁" become ages; `gender`
/// (the member's) says whom 她/他 means: in a woman's record "比她大3-5岁" asks for a partner 3–5
/// years older than her, in a man's "比她大3-5岁" says he is 3–5 years older than the partner.
pub fn read(
    text: &str,
    birth: Option<YearMonth>,
    gender: Option<Gender>,
    today: NaiveDate,
) -> Reading {
    let mut reading = Reading::default();
    // The last age and height read win; the marital statuses add up.
    let mut ages: Option<(Written, Option<(i16, i16)>)> = None;
    let mut heights: Option<Written> = None;
    let mut marital: Vec<MaritalStatus> = Vec::new();
    let mut marital_any = false;
    for clause in clauses(text) {
        let clause = clause.as_str();
        if let Some(read) = ages_in(clause, birth, gender, today, &mut reading.doubts) {
            ages = Some(read);
        }
        if let Some(read) = heights_in(clause) {
            heights = Some(read);
        }
        if let Some(level) = education_in(clause) {
            reading.preferences.education_min = Some(level);
        }
        let says_open = says_open(clause);
        hukou_in(clause, says_open, &mut reading.preferences.hukou);
        if marital_open(clause) {
            marital_any = true;
        } else {
            marital_in(clause, &mut marital);
        }
        if asks_housing(clause, says_open) {
            reading.preferences.requires_housing = true;
        }
    }

    if let Some((ages, relative)) = ages {
        take_ages(&mut reading, ages);
        if reading.preferences.age_min.is_some() || reading.preferences.age_max.is_some() {
            reading.preferences.age_relative = relative;
            if let Some(words) = reading.preferences.relative_text()
                && let Some(last) = reading.read.last_mut()
            {
                *last = format!("{last}({words},随年龄变)");
            }
        }
    }
    if let Some(heights) = heights {
        take_heights(&mut reading, heights);
    }
    if let Some(level) = reading.preferences.education_min {
        reading.read.push(format!("学历 {}", level.at_least()));
    }
    if !marital_any && !marital.is_empty() {
        take_marital(&mut reading, &marital);
    }
    if let Some(hukou) = reading.preferences.hukou {
        reading.read.push(format!("户籍 {}", hukou.label()));
    }
    if reading.preferences.requires_housing {
        reading.read.push("要求有房".into());
    }
    reading
}

/// The ages a clause asks for: relative to the member's own age ("比她大3-5岁", a doubt in
/// `doubts` without the birth month), a range, a decade ("90后"), or an upper or lower bound.
fn ages_in(
    clause: &str,
    birth: Option<YearMonth>,
    gender: Option<Gender>,
    today: NaiveDate,
    doubts: &mut Vec<String>,
) -> Option<(Written, Option<(i16, i16)>)> {
    if let Some(c) = AGE_RELATIVE_RE.captures(clause) {
        let own = birth.map(|b| b.age_on(today));
        let Some(own) = own.and_then(|own| u16::try_from(own).ok()) else {
            doubts.push(format!("“{}”要按会员本人的年龄算,但出生年月没有", &c[0]));
            return None;
        };
        let a = number(c.get(3)).unwrap_or(0);
        let b = number(c.get(4));
        let up_to = c.get(5).is_some();
        // "比她大": the one compared is the partner when 她 is the other gender.
        let about_partner = matches!(
            (c.get(1).map(|m| m.as_str()), gender),
            (Some("她" | "女方"), Some(Gender::Male)) | (Some("他" | "男方"), Some(Gender::Female))
        );
        let older = (&c[2] == "大") != about_partner;
        let (near, far) = match (b, up_to) {
            (Some(b), _) => (a.min(b), a.max(b)),
            (None, true) => (0, a),
            (None, false) => (a, a),
        };
        let (from, to) = if older {
            (own.saturating_add(near), own.saturating_add(far))
        } else {
            (own.saturating_sub(far), own.saturating_sub(near))
        };
        let (near, far) = (i16::try_from(near).ok()?, i16::try_from(far).ok()?);
        let offsets = if older { (near, far) } else { (-far, -near) };
        Some(((Some(from), Some(to), c[0].to_string()), Some(offsets)))
    } else if let Some(c) = AGE_RANGE_RE.captures(clause) {
        let from = number(c.get(1).or(c.get(3)));
        let to = number(c.get(2).or(c.get(4)));
        Some(((from, to, c[0].to_string()), None))
    } else if let Some(c) = DECADE_RE.captures(clause) {
        let decade = &c[1];
        let start = match decade {
            "00" => 2000,
            d => 1900 + d.parse::<i32>().unwrap_or(0),
        };
        // Born from January of the decade's first year to December of its last.
        let age = |year: i32, month: u32| {
            YearMonth::new(year, month).and_then(|b| u16::try_from(b.age_on(today)).ok())
        };
        Some((
            (age(start + 9, 12), age(start, 1), format!("{decade}后")),
            None,
        ))
    } else {
        let max = AGE_MAX_RE
            .captures(clause)
            .and_then(|c| number(c.get(1).or(c.get(2)).or(c.get(3))));
        let min = AGE_MIN_RE
            .captures(clause)
            .and_then(|c| number(c.get(1).or(c.get(2))));
        (min.is_some() || max.is_some()).then(|| ((min, max, clause.to_string()), None))
    }
}

/// The heights a clause asks for: a range, or a lower or upper bound.
fn heights_in(clause: &str) -> Option<Written> {
    if let Some(c) = HEIGHT_RANGE_RE.captures(clause) {
        let from = height_of(c.get(1).or(c.get(3)).or(c.get(5)));
        let to = height_of(c.get(2).or(c.get(4)).or(c.get(6)));
        return Some((from, to, c[0].to_string()));
    }
    let min = HEIGHT_MIN_RE
        .captures(clause)
        .and_then(|c| height_of(c.get(1).or(c.get(2))));
    let max = HEIGHT_MAX_RE
        .captures(clause)
        .and_then(|c| height_of(c.get(1).or(c.get(2))));
    (min.is_some() || max.is_some()).then(|| (min, max, clause.to_string()))
}

/// The least education a clause asks for.
fn education_in(clause: &str) -> Option<Education> {
    let c = EDUCATION_RE.captures(clause)?;
    let word = c
        .get(1)
        .or(c.get(2))
        .or(c.get(3))
        .map_or("", |m| m.as_str());
    education_word(word)
}

/// Whether a clause leaves something open ("不限", "无所谓", "也可" …).
fn says_open(clause: &str) -> bool {
    let open = ["不限", "无所谓", "都可", "均可", "不要求", "也可", "也行"];
    open.iter().any(|w| clause.contains(w))
}

/// The hukou a clause asks for, written over `hukou`: 杭州 ("本地", "杭州户口" …), or none
/// again where 外地 is also fine; a clause that does not say leaves it.
fn hukou_in(clause: &str, says_open: bool, hukou: &mut Option<Hukou>) {
    if !["户口", "户籍", "本地", "杭州"]
        .iter()
        .any(|w| clause.contains(w))
    {
        return;
    }
    let hangzhou = [
        "本地",
        "杭州户口",
        "杭州户籍",
        "杭州本地",
        "杭州人",
        "本市户口",
    ];
    if clause.contains("外地") && says_open {
        *hukou = None;
    } else if !says_open && hangzhou.iter().any(|w| clause.contains(w)) {
        *hukou = Some(Hukou::Hangzhou);
    }
}

/// Whether a clause leaves the marital status open ("婚姻不限" …).
fn marital_open(clause: &str) -> bool {
    ["婚姻不限", "婚否不限", "婚史不限", "婚姻状况不限"]
        .iter()
        .any(|w| clause.contains(w))
}

/// The marital statuses a clause accepts, added to `marital`: 未婚 unless refused, and with
/// 离异 or 丧偶 where those are accepted ("离异也可", "接受丧偶" …) and not refused.
fn marital_in(clause: &str, marital: &mut Vec<MaritalStatus>) {
    let accepts = |word: &str| {
        [
            format!("{word}可"),
            format!("{word}也可"),
            format!("{word}亦可"),
            format!("{word}均可"),
            format!("{word}都可"),
            format!("{word}也行"),
            format!("不介意{word}"),
            format!("接受{word}"),
            format!("或{word}"),
        ]
        .iter()
        .any(|w| clause.contains(w.as_str()))
    };
    let refuses = |word: &str| {
        clause.contains(&format!("不要{word}")) || clause.contains(&format!("不接受{word}"))
    };
    if clause.contains("未婚") && !refuses("未婚") {
        marital.push(MaritalStatus::Single);
    }
    if accepts("离异") && !refuses("离异") {
        marital.extend([MaritalStatus::Single, MaritalStatus::Divorced]);
    }
    if accepts("丧偶") && !refuses("丧偶") {
        marital.extend([MaritalStatus::Single, MaritalStatus::Widowed]);
    }
}

/// Whether a clause asks for a home of the partner's own ("有房", not "无房也可" or "不强求").
fn asks_housing(clause: &str, says_open: bool) -> bool {
    clause.contains("有房")
        && !says_open
        && !["无房", "没房", "不一定有房", "不强求"]
            .iter()
            .any(|w| clause.contains(w))
}

/// The ages read into `reading`, said in words; a doubt instead where they are outside 18–80
/// or reversed, and one more where the range is one age only.
fn take_ages(reading: &mut Reading, (from, to, written): Written) {
    let outside = [from, to]
        .iter()
        .flatten()
        .any(|age| !AGE_RANGE.contains(age));
    let reversed = matches!((from, to), (Some(a), Some(b)) if a > b);
    if outside || reversed {
        reading.doubts.push(format!(
            "要求年龄“{written}”不在 18–80 岁之间或前后颠倒,没有读"
        ));
        return;
    }
    if from.is_some() && from == to {
        reading.doubts.push(format!(
            "要求年龄“{written}”只有 {} 岁一个岁数,请核对",
            from.unwrap_or_default()
        ));
    }
    reading.preferences.age_min = from;
    reading.preferences.age_max = to;
    if let Some(text) = range_text(from, to, "岁") {
        reading.read.push(format!("年龄 {text}"));
    }
}

/// The heights read into `reading`, said in words; a doubt instead where they are outside
/// 120–230 cm or reversed, and one more where they are unusual.
fn take_heights(reading: &mut Reading, (from, to, written): Written) {
    let outside = [from, to]
        .iter()
        .flatten()
        .any(|h| !HEIGHT_RANGE.contains(h));
    let reversed = matches!((from, to), (Some(a), Some(b)) if a > b);
    if outside || reversed {
        reading.doubts.push(format!(
            "要求身高“{written}”不在 120–230 厘米之间或前后颠倒,没有读"
        ));
        return;
    }
    if [from, to]
        .iter()
        .flatten()
        .any(|h| !USUAL_HEIGHTS.contains(h))
    {
        reading
            .doubts
            .push(format!("要求身高“{written}”不太常见,请核对"));
    }
    reading.preferences.height_min = from;
    reading.preferences.height_max = to;
    if let Some(text) = range_text(from, to, "厘米") {
        reading.read.push(format!("身高 {text}"));
    }
}

/// The marital statuses read into `reading`, in the list's order, said in words.
fn take_marital(reading: &mut Reading, marital: &[MaritalStatus]) {
    let mut statuses: Vec<MaritalStatus> = MaritalStatus::ALL
        .iter()
        .copied()
        .filter(|s| marital.contains(s))
        .collect();
    statuses.dedup();
    reading.read.push(format!(
        "婚姻 {}",
        statuses
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join("、")
    ));
    reading.preferences.marital_statuses = statuses;
}

/// Where a family asks for something the member does not, or otherwise, one line per
/// requirement: "母亲要求有房,本人不限", "母亲要求年龄 25–30 岁,本人要求年龄 25–35 岁". What
/// the family left 不限 is no conflict (the member's own wish stands, nobody objects), so it is
/// not listed. Empty when they agree. The family's 其他要求 is not compared (it is shown as
/// it is).
pub fn family_conflicts(own: &Preferences, family: &FamilyWishes) -> Vec<String> {
    let by = family.by.label();
    let theirs = &family.preferences;
    let wish = |text: Option<String>| text.map_or("不限".to_string(), |t| format!("要求{t}"));
    let marital = |list: &[MaritalStatus]| {
        (!list.is_empty()).then(|| {
            let mut sorted = list.to_vec();
            sorted.sort();
            sorted
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join("或")
        })
    };
    let mut sorted_own = own.marital_statuses.clone();
    sorted_own.sort();
    let mut sorted_theirs = theirs.marital_statuses.clone();
    sorted_theirs.sort();
    let pairs: [(bool, Option<String>, Option<String>); 6] = [
        (
            (own.age_min, own.age_max) != (theirs.age_min, theirs.age_max),
            range_text(theirs.age_min, theirs.age_max, "岁").map(|t| format!("年龄 {t}")),
            range_text(own.age_min, own.age_max, "岁").map(|t| format!("年龄 {t}")),
        ),
        (
            (own.height_min, own.height_max) != (theirs.height_min, theirs.height_max),
            range_text(theirs.height_min, theirs.height_max, "厘米").map(|t| format!("身高 {t}")),
            range_text(own.height_min, own.height_max, "厘米").map(|t| format!("身高 {t}")),
        ),
        (
            own.education_min != theirs.education_min,
            theirs.education_min.map(Education::at_least),
            own.education_min.map(Education::at_least),
        ),
        (
            sorted_own != sorted_theirs,
            marital(&theirs.marital_statuses),
            marital(&own.marital_statuses),
        ),
        (
            own.hukou != theirs.hukou,
            theirs.hukou.map(|h| format!("{}户籍", h.label())),
            own.hukou.map(|h| format!("{}户籍", h.label())),
        ),
        (
            own.requires_housing != theirs.requires_housing,
            theirs.requires_housing.then(|| "有房".to_string()),
            own.requires_housing.then(|| "有房".to_string()),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(differ, family_wish, _)| *differ && family_wish.is_some())
        .map(|(_, family_wish, own_wish)| {
            format!("{by}{},本人{}", wish(family_wish), wish(own_wish))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn summary(text: &str) -> String {
        read(text, YearMonth::new(1996, 6), Some(Gender::Female), today()).summary()
    }

    #[test]
    fn the_ways_volunteers_write_wishes() {
        for (text, expected) in [
            (
                "25-30岁,身高160以上,本地",
                "年龄 25–30 岁,身高 160 厘米以上,户籍 杭州",
            ),
            ("年龄22到29岁", "年龄 22–29 岁"),
            ("30岁以下", "年龄 30 岁以下"),
            ("28周岁以上", "年龄 28 岁以上"),
            ("年龄在25至35之间", "年龄 25–35 岁"),
            ("比她大3-5岁", "年龄 33–35 岁(比本人大 3–5 岁,随年龄变)"),
            ("比我小5岁以内", "年龄 25–30 岁(比本人小 5 岁以内,随年龄变)"),
            ("身高160以上", "身高 160 厘米以上"),
            ("165cm以上", "身高 165 厘米以上"),
            ("1米7以上", "身高 170 厘米以上"),
            ("身高1.75以上", "身高 175 厘米以上"),
            ("身高165-175", "身高 165–175 厘米"),
            ("本科以上", "学历 本科及以上"),
            ("大专及以上", "学历 大专及以上"),
            ("学历硕士", "学历 硕士及以上"),
            ("杭州户口", "户籍 杭州"),
            ("户口不限", ""),
            ("未婚", "婚姻 未婚"),
            ("离异可", "婚姻 未婚、离异"),
            ("不介意离异", "婚姻 未婚、离异"),
            ("婚姻不限", ""),
            ("有房", "要求有房"),
            ("有无房子都可以", ""),
            ("90后", "年龄 27–36 岁"),
            ("人品好,孝顺", ""),
            (
                "年龄28-35岁;身高170cm以上;本科及以上学历;杭州本地;未婚;有房有车",
                "年龄 28–35 岁,身高 170 厘米以上,学历 本科及以上,婚姻 未婚,户籍 杭州,要求有房",
            ),
            (
                "２５－３０岁，身高１６０以上",
                "年龄 25–30 岁,身高 160 厘米以上",
            ),
        ] {
            assert_eq!(summary(text), expected, "{text}");
        }
    }

    #[test]
    fn she_and_he_are_read_from_the_members_side() {
        let born = YearMonth::new(1990, 6);
        // A man of 36 writing "比她大3-5岁": he is the older one, she 31–33.
        let his = read("比她大3-5岁", born, Some(Gender::Male), today());
        assert_eq!(his.summary(), "年龄 31–33 岁(比本人小 3–5 岁,随年龄变)");
        assert_eq!(his.preferences.age_relative, Some((-5, -3)));
        // A woman of 36: he should be 39–41.
        let hers = read("比她大3-5岁", born, Some(Gender::Female), today());
        assert_eq!(hers.summary(), "年龄 39–41 岁(比本人大 3–5 岁,随年龄变)");
        assert_eq!(hers.preferences.age_relative, Some((3, 5)));
        let mine = read("比我小5岁以内", born, Some(Gender::Male), today());
        assert_eq!(mine.summary(), "年龄 31–36 岁(比本人小 5 岁以内,随年龄变)");
        assert_eq!(mine.preferences.age_relative, Some((-5, 0)));
        // An absolute range read after a relative one wins, and is not relative.
        let later = read("比她大3-5岁,30-35岁", born, Some(Gender::Female), today());
        assert_eq!(later.preferences.age_relative, None);
        // Judged a year later, the relative wish moves with her.
        let next_year = today() + chrono::Months::new(12);
        assert_eq!(
            hers.preferences.ages_on(born, next_year),
            (Some(40), Some(42))
        );
    }

    #[test]
    fn doubtful_readings_are_said() {
        let one_year = read("30-30岁", None, None, today());
        assert_eq!(one_year.preferences.age_min, Some(30));
        assert!(one_year.doubts[0].contains("只有 30 岁一个岁数"));
        let relative = read("比她大3-5岁", None, None, today());
        assert!(relative.is_empty());
        assert!(relative.doubts[0].contains("出生年月没有"));
        let impossible = read("身高300以上", None, None, today());
        assert_eq!(impossible.preferences.height_min, None);
        assert!(!impossible.doubts.is_empty());
        let tall = read("身高215以上", None, None, today());
        assert_eq!(tall.preferences.height_min, Some(215));
        assert!(tall.doubts[0].contains("不太常见"));
    }
}
