//! 配对: for one member, the candidates who fit their 择偶要求 *and* whose 择偶要求 they fit,
//! ranked by soft closeness, each explained criterion by criterion in both directions.
//!
//! The pool is every 在册 member of the other gender who consented, minus those in an ongoing
//! introduction (or married through one), those already introduced to this member, pairs marked
//! 不再介绍, the same household (same registrant phone) and, when the member asked for it, the
//! same employer. A requirement the other side left blank is never a silent fail: it is
//! [`Verdict::Unknown`] (需问清楚) and the candidate stays in the list.
//!
//! [`PairingIndex`] holds the pool as compact profiles in memory (built from the database like
//! the search index), so one member is paired against a million in tens of milliseconds.

use super::db::Db;
use super::error::{Error, Result};
use super::interner::{Interner, UNKNOWN, code};
use super::model::{
    Education, Gender, Hukou, MaritalStatus, Member, MemberData, MemberStatus, MemberSummary,
    Preferences, YearMonth, labelled_enum,
};
use super::parse;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Fewer fitting candidates than this, and the near misses are worth showing.
pub const FEW: usize = 20;

labelled_enum!(
    /// A hard requirement of 择偶要求.
    Criterion {
        Age = "age" / "年龄",
        Height = "height" / "身高",
        Education = "education" / "学历",
        Marital = "marital" / "婚姻状况",
        Hukou = "hukou" / "户籍",
        Housing = "housing" / "住房",
        Other = "other" / "其他要求",
    }
);

impl Criterion {
    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    fn from_bit(bits: u8) -> Option<Criterion> {
        Criterion::ALL.iter().copied().find(|c| c.bit() == bits)
    }
}

labelled_enum!(
    /// A part of the soft ranking; each has a weight a volunteer can change in 设置.
    Soft {
        Age = "age" / "年龄接近要求的中间",
        Height = "height" / "身高接近要求的中间",
        Education = "education" / "学历相当",
        District = "district" / "住得近(同一区)",
        Hukou = "hukou" / "户籍相符",
        Housing = "housing" / "有自有住房",
        Interests = "interests" / "共同爱好",
        Marital = "marital" / "婚史相当",
    }
);

/// How much each part of the soft ranking counts, 0 (not at all) to [`Weights::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    pub age: u8,
    pub height: u8,
    pub education: u8,
    pub district: u8,
    pub hukou: u8,
    pub housing: u8,
    pub interests: u8,
    pub marital: u8,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            age: 3,
            height: 2,
            education: 2,
            district: 1,
            hukou: 1,
            housing: 1,
            interests: 2,
            marital: 2,
        }
    }
}

impl Weights {
    pub const MAX: u8 = 5;

    pub fn get(&self, part: Soft) -> u8 {
        match part {
            Soft::Age => self.age,
            Soft::Height => self.height,
            Soft::Education => self.education,
            Soft::District => self.district,
            Soft::Hukou => self.hukou,
            Soft::Housing => self.housing,
            Soft::Interests => self.interests,
            Soft::Marital => self.marital,
        }
    }

    pub fn set(&mut self, part: Soft, weight: u8) {
        let weight = weight.min(Self::MAX);
        match part {
            Soft::Age => self.age = weight,
            Soft::Height => self.height = weight,
            Soft::Education => self.education = weight,
            Soft::District => self.district = weight,
            Soft::Hukou => self.hukou = weight,
            Soft::Housing => self.housing = weight,
            Soft::Interests => self.interests = weight,
            Soft::Marital => self.marital = weight,
        }
    }
}

const WEIGHTS_KEY: &str = "pairing_weights";

impl Db {
    /// The ranking weights set in 设置 (the defaults until changed).
    pub fn pairing_weights(&self) -> Result<Weights> {
        Ok(self
            .setting(WEIGHTS_KEY)?
            .and_then(|json| serde_json::from_str::<Weights>(&json).ok())
            .map(|mut w| {
                for part in Soft::ALL {
                    w.set(*part, w.get(*part));
                }
                w
            })
            .unwrap_or_default())
    }

    pub fn set_pairing_weights(&self, weights: &Weights) -> Result<()> {
        let json = serde_json::to_string(weights).map_err(|e| Error::Stored(e.to_string()))?;
        self.set_setting(WEIGHTS_KEY, &json)
    }

    /// Who cannot be suggested to `member_id`, read fresh from the introduction history.
    /// `since` is when the pool was read ([`PairingIndex::built_at`]): members married after
    /// it are still in the pool and must be left out here.
    pub fn pairing_exclusions(&self, member_id: i64, since: &str) -> Result<Exclusions> {
        let mut exclusions = Exclusions::default();
        let mut statement = self.conn.prepare_cached(
            "SELECT member_a, member_b FROM introductions
             WHERE stage IN ('introduced', 'met', 'dating')
             UNION ALL
             SELECT member_a, member_b FROM introductions
             WHERE stage = 'married' AND updated_at >= ?1",
        )?;
        let mut rows = statement.query([since])?;
        while let Some(row) = rows.next()? {
            // Side B is no member here in an introduction across two stations.
            let (a, b): (i64, Option<i64>) = (row.get(0)?, row.get(1)?);
            if a == member_id || b == Some(member_id) {
                exclusions.member_busy = true;
            }
            exclusions.busy.extend(std::iter::once(a).chain(b));
        }
        let mut statement = self.conn.prepare_cached(
            "SELECT member_b FROM introductions WHERE member_a = ?1 AND member_b IS NOT NULL
             UNION SELECT member_a FROM introductions WHERE member_b = ?1",
        )?;
        exclusions.introduced = statement
            .query_map([member_id], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut statement = self.conn.prepare_cached(
            "SELECT member_b FROM blocked_pairs WHERE member_a = ?1
             UNION SELECT member_a FROM blocked_pairs WHERE member_b = ?1",
        )?;
        exclusions.blocked = statement
            .query_map([member_id], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(exclusions)
    }
}

/// Members who cannot be suggested, from the introduction history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exclusions {
    /// Everyone in an ongoing introduction, or married through one since the pool was read.
    pub busy: Vec<i64>,
    /// Everyone ever introduced to this member.
    pub introduced: Vec<i64>,
    /// Pairs with this member marked 不再介绍.
    pub blocked: Vec<i64>,
    /// The member is in an ongoing introduction.
    pub member_busy: bool,
}

/// Why pool members were left out, counted once each under the first reason that applies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Excluded {
    pub busy: usize,
    pub introduced_before: usize,
    pub blocked: usize,
    pub same_household: usize,
    pub same_employer: usize,
}

impl Excluded {
    /// "正在牵线 12 人 · 介绍过 3 人 …" (only the non-zero reasons).
    pub fn describe(&self) -> String {
        [
            ("正在牵线或已结婚", self.busy),
            ("以前介绍过", self.introduced_before),
            ("标记为不再介绍", self.blocked),
            ("同一家庭", self.same_household),
            ("同一单位", self.same_employer),
        ]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| format!("{label} {n} 人"))
        .collect::<Vec<_>>()
        .join(" · ")
    }
}

/// ✓, ✗ or ?.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Meets,
    Fails,
    Unknown,
}

impl Verdict {
    pub fn symbol(self) -> &'static str {
        match self {
            Verdict::Meets => "✓",
            Verdict::Fails => "✗",
            Verdict::Unknown => "?",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Meets => "符合",
            Verdict::Fails => "不符合",
            Verdict::Unknown => "需问清楚",
        }
    }
}

/// One requirement of one side, judged against the other side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub criterion: Criterion,
    pub verdict: Verdict,
    /// "她要求 170–180 cm,他 175 cm".
    pub text: String,
    /// For a fail that can be measured: "差 2 岁".
    pub short_by: Option<String>,
}

impl Check {
    /// The text with how far it is missed: "她要求 170 cm以上,他 166 cm(差 4 cm)".
    pub fn full_text(&self) -> String {
        match &self.short_by {
            Some(short) => format!("{}({short})", self.text),
            None => self.text.clone(),
        }
    }
}

/// One suggested partner, explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub member_id: i64,
    /// Filled in by [`pair`] from the database.
    pub summary: Option<MemberSummary>,
    /// 0–100: the soft closeness, less a little for each unknown.
    pub score: u8,
    /// The member's requirements, judged on the candidate.
    pub for_member: Vec<Check>,
    /// The candidate's requirements, judged on the member.
    pub for_candidate: Vec<Check>,
    /// What speaks for the pair ("都在上城区", "共同爱好:爬山、摄影").
    pub highlights: Vec<String>,
    pub unknowns: u8,
    /// The member's family's own 择偶要求 (a parent's), judged on the candidate: a second
    /// line beside the member's; not used for the fit or the ranking.
    pub family_for_member: Vec<Check>,
    /// The candidate's family's 择偶要求, judged on the member.
    pub family_for_candidate: Vec<Check>,
    /// What is not yet checked about the candidate ("身份证未核验").
    pub unchecked: Vec<&'static str>,
    /// How many introductions the candidate ended themselves.
    pub declines: u32,
}

impl Candidate {
    /// The failing checks (none for a candidate who fits).
    pub fn fails(&self) -> impl Iterator<Item = &Check> {
        self.for_member
            .iter()
            .chain(&self.for_candidate)
            .filter(|c| c.verdict == Verdict::Fails)
    }
}

/// "年龄放宽 2 岁,多 37 人".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Widening {
    pub criterion: Criterion,
    /// "年龄放宽 2 岁".
    pub change: String,
    pub more: usize,
}

/// The answer for one member.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pairing {
    pub member_id: i64,
    /// Members of the other gender in the pool before the exclusions.
    pub pool: usize,
    pub excluded: Excluded,
    /// How many fit both ways (the list holds the best `limit`).
    pub fit_count: usize,
    pub candidates: Vec<Candidate>,
    /// Those failing exactly one requirement (either side's), best first.
    pub near_miss_count: usize,
    pub near_misses: Vec<Candidate>,
    /// How many more would fit if the member asked for less, one requirement at a time.
    pub widenings: Vec<Widening>,
    /// The member is already in an ongoing introduction.
    pub member_busy: bool,
    /// Where the member's family asks for something else than the member
    /// ("母亲要求有房,本人不限").
    pub family_conflicts: Vec<String>,
    /// What is not yet checked about the member.
    pub member_unchecked: Vec<&'static str>,
}

impl Pairing {
    pub fn few_fit(&self) -> bool {
        self.fit_count < FEW
    }
}

/// An interned text of the member that no pool member shares.
const UNMATCHED: u32 = u32::MAX;
const WANTS_HOUSING: u8 = 1;
const WANTS_OTHER_EMPLOYER: u8 = 2;

const HOUSING_UNKNOWN: u8 = 0;
const HOUSING_OWN: u8 = 1;
const HOUSING_PARENTS: u8 = 2;
const HOUSING_OTHER: u8 = 3;

/// What meets 要求有房: a home of the member's own — 有房无贷, 有房有贷 and the free texts that say
/// the same (自有住房, 有房子但有贷款, 名下有房, 已购房, 有婚房). The parents' home does not
/// (父母有房, 与父母同住, 住家里), nor no home (无房, 租房, 单位宿舍, 准备买房); whatever the text
/// does not clearly say is not an own home either. An empty field is unknown (需问清楚).
fn housing_level(text: &str) -> u8 {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let any = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if text.is_empty() {
        HOUSING_UNKNOWN
    } else if any(&[
        "无房",
        "没有房",
        "没房",
        "无自有",
        "没有自有",
        "暂无",
        "租",
        "宿舍",
        "准备买",
        "打算买",
        "计划买",
        "准备购",
        "打算购",
        "计划购",
        "未购",
        "没买",
        "还没",
        "无住房",
    ]) {
        HOUSING_OTHER
    } else if any(&[
        "本人有房",
        "自己有房",
        "名下有房",
        "自有",
        "自购",
        "本人名下",
    ]) {
        HOUSING_OWN
    } else if any(&["父母", "爸妈", "家里", "家人", "老家", "长辈"]) {
        HOUSING_PARENTS
    } else if any(&[
        "有房",
        "有住房",
        "有婚房",
        "已购",
        "已买",
        "买了房",
        "房产",
        "套房",
    ]) {
        HOUSING_OWN
    } else {
        HOUSING_OTHER
    }
}

/// A member's 择偶要求, compact. 0 / [`UNKNOWN`] / empty mask = 不限.
#[derive(Debug, Clone, Copy)]
struct Wants {
    age_min: u8,
    age_max: u8,
    /// Centimetres minus 100.
    height_min: u8,
    height_max: u8,
    education_min: u8,
    marital: u8,
    hukou: u8,
    flags: u8,
}

fn small(value: Option<u16>, offset: u16) -> u8 {
    value.map_or(0, |v| v.saturating_sub(offset).clamp(1, 255) as u8)
}

impl Wants {
    fn new(p: &Preferences) -> Self {
        Self {
            age_min: small(p.age_min, 0),
            age_max: small(p.age_max, 0),
            height_min: small(p.height_min, 100),
            height_max: small(p.height_max, 100),
            education_min: code(p.education_min, Education::ALL),
            marital: p
                .marital_statuses
                .iter()
                .map(|s| 1u8 << code(Some(*s), MaritalStatus::ALL))
                .fold(0, |a, b| a | b),
            hukou: code(p.hukou, Hukou::ALL),
            flags: if p.requires_housing { WANTS_HOUSING } else { 0 }
                | if p.exclude_same_employer {
                    WANTS_OTHER_EMPLOYER
                } else {
                    0
                },
        }
    }
}

/// One member as pairing sees them.
#[derive(Debug, Clone, Copy)]
struct Profile {
    id: u32,
    /// year × 12 + month − 1.
    birth: u32,
    /// Centimetres minus 100; 0 = not given.
    height: u8,
    gender: u8,
    education: u8,
    marital: u8,
    hukou: u8,
    housing: u8,
    housing_text: u32,
    district: u32,
    employer: u32,
    household: u32,
    hobbies_start: u32,
    hobbies_len: u8,
    wants: Wants,
}

fn birth_months(birth: YearMonth) -> u32 {
    birth.year.max(0) as u32 * 12 + birth.month.saturating_sub(1)
}

fn today_months(today: NaiveDate) -> u32 {
    today.year().max(0) as u32 * 12 + today.month0()
}

/// The interests in a 兴趣爱好 field: 爬山、摄影,读书 → [爬山, 摄影, 读书].
fn hobby_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| {
        matches!(
            c,
            '、' | ',' | '\u{ff0c}' | ';' | '\u{ff1b}' | '/' | '。' | '.'
        ) || c.is_whitespace()
    })
    .map(str::trim)
    .filter(|w| !w.is_empty())
}

/// The pool of candidates, in memory: every 在册, consenting member, by gender, sorted by id.
#[derive(Debug, Default)]
pub struct PairingIndex {
    /// When the pool was read (local time, as `updated_at` is written).
    built_at: String,
    /// Indexed by gender code.
    pools: [Vec<Profile>; 2],
    hobbies: Vec<u32>,
    texts: Interner,
}

/// Interns the member's texts into the index (while building) or only looks them up (for the
/// member being paired, who may not be in the pool).
enum Texts<'a> {
    Build(&'a mut Interner),
    Lookup(&'a Interner),
}

impl Texts<'_> {
    fn id(&mut self, text: &str) -> u32 {
        let text = text.trim();
        if text.is_empty() {
            return 0;
        }
        match self {
            Texts::Build(interner) => interner.intern(text),
            Texts::Lookup(interner) => interner.get(text).unwrap_or(UNMATCHED),
        }
    }
}

fn profile(id: u32, data: &MemberData, texts: &mut Texts<'_>, hobbies: &mut Vec<u32>) -> Profile {
    let start = hobbies.len();
    let mut words: Vec<u32> = hobby_words(&data.hobbies).map(|w| texts.id(w)).collect();
    words.sort_unstable();
    words.dedup();
    words.truncate(u8::MAX as usize);
    hobbies.extend(&words);
    let registrant_phone = parse::phone_digits(&data.registrant.phone);
    Profile {
        id,
        birth: data.birth.map_or(0, birth_months),
        height: small(data.height_cm, 100),
        gender: code(data.gender, Gender::ALL),
        education: code(data.education, Education::ALL),
        marital: code(data.marital_status, MaritalStatus::ALL),
        hukou: code(data.hukou, Hukou::ALL),
        housing: housing_level(&data.housing),
        housing_text: texts.id(&data.housing),
        district: texts.id(&data.district),
        employer: texts.id(&data.employer),
        // Household: the same parent or relative registered both.
        household: if registrant_phone.is_empty() {
            0
        } else {
            texts.id(&format!("☎{registrant_phone}"))
        },
        hobbies_start: start as u32,
        hobbies_len: words.len() as u8,
        wants: Wants::new(&data.preferences),
    }
}

/// What one side's requirements say about the other: bit masks of [`Criterion`].
#[derive(Debug, Clone, Copy, Default)]
struct Judgement {
    fails: u8,
    unknown: u8,
}

/// The age the other side is short of (−) or over (+) the range, 0 inside it.
fn outside(value: i32, min: u8, max: u8) -> i32 {
    if min > 0 && value < i32::from(min) {
        value - i32::from(min)
    } else if max > 0 && value > i32::from(max) {
        value - i32::from(max)
    } else {
        0
    }
}

#[inline]
fn judge(wants: &Wants, other: &Profile, now: u32) -> Judgement {
    let mut j = Judgement::default();
    if wants.age_min > 0 || wants.age_max > 0 {
        let age = (now.saturating_sub(other.birth) / 12) as i32;
        if outside(age, wants.age_min, wants.age_max) != 0 {
            j.fails |= Criterion::Age.bit();
        }
    }
    if wants.height_min > 0 || wants.height_max > 0 {
        if other.height == 0 {
            j.unknown |= Criterion::Height.bit();
        } else if outside(i32::from(other.height), wants.height_min, wants.height_max) != 0 {
            j.fails |= Criterion::Height.bit();
        }
    }
    if wants.education_min != UNKNOWN {
        if other.education == UNKNOWN {
            j.unknown |= Criterion::Education.bit();
        } else if other.education < wants.education_min {
            j.fails |= Criterion::Education.bit();
        }
    }
    if wants.marital != 0 {
        if other.marital == UNKNOWN {
            j.unknown |= Criterion::Marital.bit();
        } else if wants.marital & (1 << other.marital) == 0 {
            j.fails |= Criterion::Marital.bit();
        }
    }
    if wants.hukou != UNKNOWN {
        if other.hukou == UNKNOWN {
            j.unknown |= Criterion::Hukou.bit();
        } else if other.hukou != wants.hukou {
            j.fails |= Criterion::Hukou.bit();
        }
    }
    if wants.flags & WANTS_HOUSING != 0 {
        if other.housing == HOUSING_UNKNOWN {
            j.unknown |= Criterion::Housing.bit();
        } else if other.housing != HOUSING_OWN {
            j.fails |= Criterion::Housing.bit();
        }
    }
    j
}

const EXCLUDED_NONE: u8 = 0;
const EXCLUDED_BLOCKED: u8 = 1;
const EXCLUDED_INTRODUCED: u8 = 2;
const EXCLUDED_BUSY: u8 = 3;

/// How far a wider requirement reaches: 2 years, 5 cm, one education level.
const WIDEN_AGE: i32 = 2;
const WIDEN_HEIGHT: i32 = 5;

/// A pool member found: score, unknowns, position in the pool.
type Ranked = (u8, u8, u32);

/// What one pass over the pool found (see [`PairingIndex::scan`]).
struct Scan {
    counts: Excluded,
    /// Fitting both ways; missing by one requirement.
    fits: Vec<Ranked>,
    near: Vec<Ranked>,
    /// By criterion: how many more a wider requirement of the member's would bring in.
    widened: [usize; Criterion::ALL.len()],
}

/// The member's gender, where the member may be paired: 在册, consenting, gender known.
fn may_pair(member: &Member) -> Result<Gender> {
    if member.data.status != MemberStatus::Active {
        return Err(Error::Refused(format!(
            "{}现在是“{}”,只有在册会员参加配对",
            member.data.name,
            member.data.status.label()
        )));
    }
    if let Some(why) = member.data.withheld() {
        return Err(Error::Refused(format!(
            "{}{why},不能配对",
            member.data.name
        )));
    }
    member
        .data
        .gender
        .ok_or_else(|| Error::Refused(format!("{}没有填性别,无法配对", member.data.name)))
}

/// The exclusions from the history, by position in the `pool` (a later reason wins, so the
/// order below sets the priority: busy > introduced > blocked).
fn excluded_positions(pool: &[Profile], exclusions: &Exclusions) -> Vec<u8> {
    let mut excluded = vec![EXCLUDED_NONE; pool.len()];
    for (ids, reason) in [
        (&exclusions.blocked, EXCLUDED_BLOCKED),
        (&exclusions.introduced, EXCLUDED_INTRODUCED),
        (&exclusions.busy, EXCLUDED_BUSY),
    ] {
        for &other in ids {
            if let Ok(other) = u32::try_from(other)
                && let Ok(position) = pool.binary_search_by_key(&other, |p| p.id)
            {
                excluded[position] = reason;
            }
        }
    }
    excluded
}

/// The best `limit` of `list`: the highest score first, then the fewest unknowns, then the
/// higher member id.
fn best(mut list: Vec<Ranked>, pool: &[Profile], limit: usize) -> Vec<Ranked> {
    let order = |a: &Ranked, b: &Ranked| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(pool[b.2 as usize].id.cmp(&pool[a.2 as usize].id))
    };
    if list.len() > limit && limit > 0 {
        list.select_nth_unstable_by(limit - 1, order);
    }
    list.truncate(limit);
    list.sort_unstable_by(order);
    list
}

/// The wider requirements that would bring more in, in the criteria's order.
fn widenings(widened: &[usize; Criterion::ALL.len()]) -> Vec<Widening> {
    Criterion::ALL
        .iter()
        .filter(|c| widened[**c as usize] > 0)
        .map(|&criterion| Widening {
            criterion,
            change: widening_text(criterion),
            more: widened[criterion as usize],
        })
        .collect()
}

impl PairingIndex {
    /// Reads the pool from the database (one query).
    pub fn build(db: &Db) -> Result<Self> {
        let mut index = PairingIndex {
            built_at: super::now_text(),
            ..PairingIndex::default()
        };
        index.texts.intern("");
        let today = super::today();
        let mut statement = db.connection().prepare(&format!(
            "SELECT m.id, m.gender, m.birth_year, m.birth_month, m.height_cm, m.education,
                    m.marital_status, m.hukou, m.district, m.employer, m.housing, m.hobbies,
                    m.registrant_phone, p.age_min, p.age_max, p.height_min, p.height_max,
                    p.education_min, p.marital_statuses, p.hukou, p.requires_housing,
                    p.exclude_same_employer, p.age_offset_min, p.age_offset_max
             FROM members m LEFT JOIN preferences p ON p.member_id = m.id
             WHERE m.status = 'active' AND {}
             ORDER BY m.id",
            super::model::may_introduce_sql("m")
        ))?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let marital: Option<String> = row.get(18)?;
            let mut data = MemberData {
                gender: Some(row.get(1)?),
                birth: YearMonth::new(row.get(2)?, row.get(3)?),
                height_cm: row.get(4)?,
                education: row.get(5)?,
                marital_status: row.get(6)?,
                hukou: row.get(7)?,
                district: row.get(8)?,
                employer: row.get(9)?,
                housing: row.get(10)?,
                hobbies: row.get(11)?,
                registrant: super::model::Registrant {
                    phone: row.get(12)?,
                    ..Default::default()
                },
                preferences: Preferences {
                    age_min: row.get(13)?,
                    age_max: row.get(14)?,
                    height_min: row.get(15)?,
                    height_max: row.get(16)?,
                    education_min: row.get(17)?,
                    marital_statuses: marital
                        .unwrap_or_default()
                        .split(',')
                        .filter_map(MaritalStatus::parse)
                        .collect(),
                    hukou: row.get(19)?,
                    requires_housing: row.get::<_, Option<bool>>(20)?.unwrap_or(false),
                    exclude_same_employer: row.get::<_, Option<bool>>(21)?.unwrap_or(false),
                    other: String::new(),
                    age_relative: match (row.get(22)?, row.get(23)?) {
                        (Some(low), Some(high)) => Some((low, high)),
                        _ => None,
                    },
                },
                ..MemberData::default()
            };
            // A wish relative to her own age: judged on the day the pool is read.
            data.preferences.judge_ages(data.birth, today);
            let id =
                u32::try_from(id).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, id))?;
            index.add(id, &data);
        }
        index.finish();
        Ok(index)
    }

    /// A pool of other members than the station's own (the district's profiles), by ids of
    /// the caller's choosing, given in increasing order.
    pub(crate) fn of_members(members: impl IntoIterator<Item = (u32, MemberData)>) -> Self {
        let mut index = PairingIndex {
            built_at: super::now_text(),
            ..PairingIndex::default()
        };
        index.texts.intern("");
        for (id, data) in members {
            index.add(id, &data);
        }
        index.finish();
        index
    }

    fn add(&mut self, id: u32, data: &MemberData) {
        let p = profile(
            id,
            data,
            &mut Texts::Build(&mut self.texts),
            &mut self.hobbies,
        );
        if let Some(pool) = self.pools.get_mut(p.gender as usize) {
            pool.push(p);
        }
    }

    fn finish(&mut self) {
        for pool in &mut self.pools {
            pool.shrink_to_fit();
        }
        self.hobbies.shrink_to_fit();
    }

    /// When the pool was read from the database.
    pub fn built_at(&self) -> &str {
        &self.built_at
    }

    /// Whether the member is in the pool (在册 and consenting).
    pub fn contains(&self, member: i64) -> bool {
        u32::try_from(member).is_ok_and(|id| {
            self.pools
                .iter()
                .any(|pool| pool.binary_search_by_key(&id, |p| p.id).is_ok())
        })
    }

    /// Members in the pool (both genders).
    pub fn len(&self) -> usize {
        self.pools.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Memory held (approximate, from capacities).
    pub fn heap_bytes(&self) -> usize {
        self.pools
            .iter()
            .map(|p| p.capacity() * std::mem::size_of::<Profile>())
            .sum::<usize>()
            + self.hobbies.capacity() * 4
            + self.texts.heap_bytes()
    }

    fn hobbies_of(&self, p: &Profile) -> &[u32] {
        let start = p.hobbies_start as usize;
        self.hobbies
            .get(start..start + p.hobbies_len as usize)
            .unwrap_or_default()
    }

    fn text(&self, id: u32) -> &str {
        self.texts
            .strings
            .get(id as usize)
            .map_or("", String::as_str)
    }

    /// The candidates for `member` (who must be 在册 and consenting), the best `limit` of
    /// them explained, with near misses and what a wider requirement would give.
    pub fn pair(
        &self,
        member: &Member,
        exclusions: &Exclusions,
        weights: &Weights,
        today: NaiveDate,
        limit: usize,
    ) -> Result<Pairing> {
        let gender = may_pair(member)?;
        let id = u32::try_from(member.id).unwrap_or(u32::MAX);
        let mut own_hobbies = Vec::new();
        let me = profile(
            id,
            &member.data,
            &mut Texts::Lookup(&self.texts),
            &mut own_hobbies,
        );
        let other_gender = match gender {
            Gender::Male => Gender::Female,
            Gender::Female => Gender::Male,
        };
        let pool = &self.pools[code(Some(other_gender), Gender::ALL) as usize];
        let now = today_months(today);
        let excluded = excluded_positions(pool, exclusions);
        let scan = self.scan(&me, &own_hobbies, pool, &excluded, weights, now);
        let explain = |list: Vec<Ranked>| self.explain(&me, &own_hobbies, pool, list, now);
        Ok(Pairing {
            member_id: member.id,
            pool: pool.len(),
            excluded: scan.counts,
            fit_count: scan.fits.len(),
            candidates: explain(best(scan.fits, pool, limit)),
            near_miss_count: scan.near.len(),
            near_misses: explain(best(scan.near, pool, limit)),
            widenings: widenings(&scan.widened),
            member_busy: exclusions.member_busy,
            family_conflicts: Vec::new(),
            member_unchecked: Vec::new(),
        })
    }

    /// One pass over the `pool` for `me`: who is left out and why, who fits both ways, who
    /// misses by one requirement, and how many more each wider requirement of `me`'s would
    /// bring in.
    fn scan(
        &self,
        me: &Profile,
        own_hobbies: &[u32],
        pool: &[Profile],
        excluded: &[u8],
        weights: &Weights,
        now: u32,
    ) -> Scan {
        let mut scan = Scan {
            counts: Excluded::default(),
            fits: Vec::new(),
            near: Vec::new(),
            widened: [0usize; Criterion::ALL.len()],
        };
        let counts = &mut scan.counts;
        let other_employer = me.wants.flags & WANTS_OTHER_EMPLOYER != 0;
        for (position, other) in pool.iter().enumerate() {
            match excluded[position] {
                EXCLUDED_BUSY => {
                    counts.busy += 1;
                    continue;
                }
                EXCLUDED_INTRODUCED => {
                    counts.introduced_before += 1;
                    continue;
                }
                EXCLUDED_BLOCKED => {
                    counts.blocked += 1;
                    continue;
                }
                _ => {}
            }
            if me.household != 0 && me.household == other.household {
                counts.same_household += 1;
                continue;
            }
            if me.employer != 0
                && me.employer == other.employer
                && (other_employer || other.wants.flags & WANTS_OTHER_EMPLOYER != 0)
            {
                counts.same_employer += 1;
                continue;
            }
            let mine = judge(&me.wants, other, now);
            let theirs = judge(&other.wants, me, now);
            let failed = mine.fails.count_ones() + theirs.fails.count_ones();
            if failed > 1 {
                continue;
            }
            let unknowns = (mine.unknown.count_ones() + theirs.unknown.count_ones()) as u8;
            let score = self.score(me, own_hobbies, other, weights, now, unknowns);
            if failed == 0 {
                scan.fits.push((score, unknowns, position as u32));
                continue;
            }
            scan.near.push((score, unknowns, position as u32));
            // Only the member's own requirement failed: would asking for less bring them in?
            if let Some(criterion) = Criterion::from_bit(mine.fails)
                && self.within_widening(criterion, &me.wants, other, now)
            {
                scan.widened[criterion as usize] += 1;
            }
        }
        scan
    }

    /// The candidates of `list` (ranked, by position in the `pool`) with the checks both ways
    /// and what they have in common with `me`.
    fn explain(
        &self,
        me: &Profile,
        own_hobbies: &[u32],
        pool: &[Profile],
        list: Vec<Ranked>,
        now: u32,
    ) -> Vec<Candidate> {
        list.into_iter()
            .map(|(score, unknowns, position)| {
                let other = &pool[position as usize];
                Candidate {
                    member_id: i64::from(other.id),
                    summary: None,
                    score,
                    for_member: self.checks(me, other, now),
                    for_candidate: self.checks(other, me, now),
                    highlights: self.highlights(me, own_hobbies, other),
                    unknowns,
                    family_for_member: Vec::new(),
                    family_for_candidate: Vec::new(),
                    unchecked: Vec::new(),
                    declines: 0,
                }
            })
            .collect()
    }

    fn within_widening(
        &self,
        criterion: Criterion,
        wants: &Wants,
        other: &Profile,
        now: u32,
    ) -> bool {
        match criterion {
            Criterion::Age => {
                let age = (now.saturating_sub(other.birth) / 12) as i32;
                outside(age, wants.age_min, wants.age_max).abs() <= WIDEN_AGE
            }
            Criterion::Height => {
                outside(i32::from(other.height), wants.height_min, wants.height_max).abs()
                    <= WIDEN_HEIGHT
            }
            Criterion::Education => {
                i32::from(other.education) + 1 >= i32::from(wants.education_min)
            }
            Criterion::Marital | Criterion::Hukou | Criterion::Housing => true,
            // Never judged, so never failed.
            Criterion::Other => false,
        }
    }

    /// 0–100: the weighted soft closeness, less 5 for each requirement left unknown.
    fn score(
        &self,
        me: &Profile,
        mine: &[u32],
        other: &Profile,
        weights: &Weights,
        now: u32,
        unknowns: u8,
    ) -> u8 {
        let mut total = 0u32;
        let mut weight_sum = 0u32;
        for part in Soft::ALL {
            let weight = u32::from(weights.get(*part));
            if weight == 0 {
                continue;
            }
            let value = match part {
                Soft::Age => (age_closeness(me, other, now) + age_closeness(other, me, now)) / 2,
                Soft::Height => (height_closeness(me, other) + height_closeness(other, me)) / 2,
                Soft::Education => {
                    if me.education == UNKNOWN || other.education == UNKNOWN {
                        30
                    } else {
                        100u32.saturating_sub(25 * me.education.abs_diff(other.education) as u32)
                    }
                }
                Soft::District => {
                    if me.district == 0 || other.district == 0 {
                        30
                    } else if me.district == other.district {
                        100
                    } else {
                        0
                    }
                }
                Soft::Hukou => (hukou_closeness(me, other) + hukou_closeness(other, me)) / 2,
                Soft::Housing => (housing_value(other.housing) + housing_value(me.housing)) / 2,
                Soft::Interests => {
                    let theirs = self.hobbies_of(other);
                    if mine.is_empty() || theirs.is_empty() {
                        20
                    } else {
                        match shared(mine, theirs).count() {
                            0 => 0,
                            1 => 60,
                            2 => 85,
                            _ => 100,
                        }
                    }
                }
                Soft::Marital => (marital_closeness(me, other) + marital_closeness(other, me)) / 2,
            };
            total += weight * value;
            weight_sum += weight;
        }
        let closeness = total.checked_div(weight_sum).unwrap_or(50);
        closeness.saturating_sub(5 * u32::from(unknowns)).min(100) as u8
    }

    /// What speaks for the pair. The member's hobbies (`mine`) are looked up, not in the index.
    fn highlights(&self, me: &Profile, mine: &[u32], other: &Profile) -> Vec<String> {
        let mut lines = Vec::new();
        if me.district != 0 && me.district == other.district {
            lines.push(format!("都住在{}", self.text(me.district)));
        }
        let common: Vec<&str> = shared(mine, self.hobbies_of(other))
            .map(|id| self.text(id))
            .collect();
        if !common.is_empty() {
            lines.push(format!("共同爱好:{}", common.join("、")));
        }
        if me.education != UNKNOWN && me.education == other.education {
            lines.push(format!(
                "学历相同({})",
                Education::ALL[me.education as usize].label()
            ));
        }
        lines
    }

    /// `wanter`'s requirements, criterion by criterion, judged on `other` with the values.
    fn checks(&self, wanter: &Profile, other: &Profile, now: u32) -> Vec<Check> {
        self.checks_by(pronoun(wanter.gender), &wanter.wants, other, now)
    }

    /// A pool member by id (either gender).
    fn pool_profile(&self, id: i64) -> Option<&Profile> {
        let id = u32::try_from(id).ok()?;
        self.pools.iter().find_map(|pool| {
            pool.binary_search_by_key(&id, |p| p.id)
                .ok()
                .map(|i| &pool[i])
        })
    }

    /// Requirements other than the ones pairing goes by (a family's), said by `who`
    /// ("母亲", "她母亲"), judged on pool member `other`; with their 其他要求 as a line to ask
    /// about. Empty when `other` is not in the pool.
    pub fn judge_on_candidate(
        &self,
        who: &str,
        wishes: &Preferences,
        other: i64,
        today: NaiveDate,
    ) -> Vec<Check> {
        let Some(other) = self.pool_profile(other) else {
            return Vec::new();
        };
        let mut checks = self.checks_by(who, &Wants::new(wishes), other, today_months(today));
        checks.extend(ask_about(who, &wishes.other));
        checks
    }

    /// The same, judged on `member` (who is paired, and may not be in the pool).
    pub fn judge_on_member(
        &self,
        who: &str,
        wishes: &Preferences,
        member: &Member,
        today: NaiveDate,
    ) -> Vec<Check> {
        let me = profile(
            u32::MAX,
            &member.data,
            &mut Texts::Lookup(&self.texts),
            &mut Vec::new(),
        );
        let mut checks = self.checks_by(who, &Wants::new(wishes), &me, today_months(today));
        checks.extend(ask_about(who, &wishes.other));
        checks
    }

    /// Requirements `w` of `she`, judged on `other`.
    fn checks_by(&self, she: &str, w: &Wants, other: &Profile, now: u32) -> Vec<Check> {
        let he = pronoun(other.gender);
        let mut checks = Vec::new();
        let mut add =
            |criterion: Criterion, verdict: Verdict, text: String, short_by: Option<String>| {
                checks.push(Check {
                    criterion,
                    verdict,
                    text,
                    short_by,
                })
            };
        if w.age_min > 0 || w.age_max > 0 {
            let age = (now.saturating_sub(other.birth) / 12) as i32;
            let off = outside(age, w.age_min, w.age_max);
            add(
                Criterion::Age,
                if off == 0 {
                    Verdict::Meets
                } else {
                    Verdict::Fails
                },
                format!(
                    "{she}要求{},{he} {age} 岁",
                    range_text(w.age_min, w.age_max, 0, "岁")
                ),
                (off != 0).then(|| format!("差 {} 岁", off.abs())),
            );
        }
        if w.height_min > 0 || w.height_max > 0 {
            let range = range_text(w.height_min, w.height_max, 100, "厘米");
            if other.height == 0 {
                add(
                    Criterion::Height,
                    Verdict::Unknown,
                    format!("{she}要求{range},{he}没填身高"),
                    None,
                );
            } else {
                let off = outside(i32::from(other.height), w.height_min, w.height_max);
                add(
                    Criterion::Height,
                    if off == 0 {
                        Verdict::Meets
                    } else {
                        Verdict::Fails
                    },
                    format!(
                        "{she}要求{range},{he} {} 厘米",
                        u16::from(other.height) + 100
                    ),
                    (off != 0).then(|| format!("差 {} 厘米", off.abs())),
                );
            }
        }
        if let Some(min) = Education::ALL.get(w.education_min as usize) {
            match Education::ALL.get(other.education as usize) {
                None => add(
                    Criterion::Education,
                    Verdict::Unknown,
                    format!("{she}要求{},{he}没填学历", min.at_least()),
                    None,
                ),
                Some(theirs) => add(
                    Criterion::Education,
                    if theirs >= min {
                        Verdict::Meets
                    } else {
                        Verdict::Fails
                    },
                    format!("{she}要求{},{he}{}", min.at_least(), theirs.label()),
                    (theirs < min).then(|| format!("差 {} 级", *min as u8 - *theirs as u8)),
                ),
            }
        }
        if w.marital != 0 {
            let accepted: Vec<&str> = MaritalStatus::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| w.marital & (1 << i) != 0)
                .map(|(_, s)| s.label())
                .collect();
            let wish = if accepted.len() == 1 {
                format!("{she}要求{}", accepted[0])
            } else {
                format!("{she}接受{}", accepted.join("或"))
            };
            match MaritalStatus::ALL.get(other.marital as usize) {
                None => add(
                    Criterion::Marital,
                    Verdict::Unknown,
                    format!("{wish},{he}没填婚姻状况"),
                    None,
                ),
                Some(theirs) => add(
                    Criterion::Marital,
                    if w.marital & (1 << other.marital) != 0 {
                        Verdict::Meets
                    } else {
                        Verdict::Fails
                    },
                    format!("{wish},{he}{}", theirs.label()),
                    None,
                ),
            }
        }
        if let Some(wanted) = Hukou::ALL.get(w.hukou as usize) {
            match Hukou::ALL.get(other.hukou as usize) {
                None => add(
                    Criterion::Hukou,
                    Verdict::Unknown,
                    format!("{she}要求{}户籍,{he}没填户籍", wanted.label()),
                    None,
                ),
                Some(theirs) => add(
                    Criterion::Hukou,
                    if theirs == wanted {
                        Verdict::Meets
                    } else {
                        Verdict::Fails
                    },
                    format!("{she}要求{}户籍,{he}{}户籍", wanted.label(), theirs.label()),
                    None,
                ),
            }
        }
        if w.flags & WANTS_HOUSING != 0 {
            if other.housing == HOUSING_UNKNOWN {
                add(
                    Criterion::Housing,
                    Verdict::Unknown,
                    format!("{she}要求有房,{he}没填住房"),
                    None,
                );
            } else {
                add(
                    Criterion::Housing,
                    if other.housing == HOUSING_OWN {
                        Verdict::Meets
                    } else {
                        Verdict::Fails
                    },
                    format!("{she}要求有房,{he}{}", self.text(other.housing_text)),
                    None,
                );
            }
        }
        checks
    }
}

/// 其他要求 as a line to ask about (需问清楚): "她另有要求:希望对方不抽烟".
pub fn ask_about(who: &str, other: &str) -> Option<Check> {
    let other = other.trim();
    (!other.is_empty()).then(|| Check {
        criterion: Criterion::Other,
        verdict: Verdict::Unknown,
        text: format!("{who}另有要求:{other}"),
        short_by: None,
    })
}

/// 他 or 她 for a member of `gender`.
pub(crate) fn pronoun_of(gender: Option<Gender>) -> &'static str {
    pronoun(code(gender, Gender::ALL))
}

fn pronoun(gender: u8) -> &'static str {
    match Gender::ALL.get(gender as usize) {
        Some(Gender::Male) => "他",
        Some(Gender::Female) => "她",
        None => "对方",
    }
}

/// " 28–35 岁", " 170 cm 以上", " 35 岁以下".
fn range_text(min: u8, max: u8, offset: u16, unit: &str) -> String {
    let value = |v: u8| u16::from(v) + offset;
    match (min > 0, max > 0) {
        (true, true) => format!(" {}–{} {unit}", value(min), value(max)),
        (true, false) => format!(" {} {unit}以上", value(min)),
        (false, true) => format!(" {} {unit}以下", value(max)),
        (false, false) => "不限".to_string(),
    }
}

fn widening_text(criterion: Criterion) -> String {
    match criterion {
        Criterion::Age => format!("年龄放宽 {WIDEN_AGE} 岁"),
        Criterion::Height => format!("身高放宽 {WIDEN_HEIGHT} 厘米"),
        Criterion::Education => "学历降低一级".to_string(),
        Criterion::Marital => "婚姻状况不限".to_string(),
        Criterion::Hukou => "户籍不限".to_string(),
        Criterion::Housing => "不要求有房".to_string(),
        Criterion::Other => "其他要求不限".to_string(),
    }
}

/// Ids in both sorted lists.
fn shared<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    a.iter()
        .copied()
        .filter(move |x| b.binary_search(x).is_ok())
}

/// The middle of a range; with one end only, a little inside it; `None` without either.
fn middle(min: u8, max: u8, inside: i32) -> Option<i32> {
    match (min > 0, max > 0) {
        (true, true) => Some((i32::from(min) + i32::from(max)) / 2),
        (true, false) => Some(i32::from(min) + inside),
        (false, true) => Some(i32::from(max) - inside),
        (false, false) => None,
    }
}

/// How close `other`'s age is to what `wanter` asked for (or to `wanter`'s own age).
fn age_closeness(wanter: &Profile, other: &Profile, now: u32) -> u32 {
    let age = (now.saturating_sub(other.birth) / 12) as i32;
    let target = middle(wanter.wants.age_min, wanter.wants.age_max, 2)
        .unwrap_or((now.saturating_sub(wanter.birth) / 12) as i32);
    100u32.saturating_sub(12 * age.abs_diff(target))
}

fn height_closeness(wanter: &Profile, other: &Profile) -> u32 {
    if other.height == 0 {
        return 30;
    }
    match middle(wanter.wants.height_min, wanter.wants.height_max, 5) {
        None => 70,
        Some(target) => 100u32.saturating_sub(6 * i32::from(other.height).abs_diff(target)),
    }
}

fn hukou_closeness(wanter: &Profile, other: &Profile) -> u32 {
    if other.hukou == UNKNOWN {
        30
    } else if wanter.wants.hukou != UNKNOWN {
        if wanter.wants.hukou == other.hukou {
            100
        } else {
            0
        }
    } else if wanter.hukou == other.hukou {
        100
    } else {
        60
    }
}

fn housing_value(level: u8) -> u32 {
    match level {
        HOUSING_OWN => 100,
        HOUSING_PARENTS => 60,
        HOUSING_OTHER => 30,
        _ => 30,
    }
}

fn marital_closeness(wanter: &Profile, other: &Profile) -> u32 {
    if other.marital == UNKNOWN || wanter.marital == UNKNOWN {
        30
    } else if wanter.marital == other.marital || wanter.wants.marital & (1 << other.marital) != 0 {
        100
    } else {
        50
    }
}

/// Pairs `member_id` with the candidates in `index`: loads the member, the exclusions and the
/// weights from `db`, and the candidates' summaries for display.
pub fn pair(
    db: &Db,
    index: &PairingIndex,
    member_id: i64,
    today: NaiveDate,
    limit: usize,
) -> Result<Pairing> {
    let member = db.member(member_id)?;
    let exclusions = db.pairing_exclusions(member_id, index.built_at())?;
    let weights = db.pairing_weights()?;
    let mut pairing = index.pair(&member, &exclusions, &weights, today, limit)?;
    let mut summaries: HashMap<i64, MemberSummary> = db
        .member_summaries(
            &pairing
                .candidates
                .iter()
                .chain(&pairing.near_misses)
                .map(|c| c.member_id)
                .collect::<Vec<_>>(),
        )?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let ids: Vec<i64> = pairing
        .candidates
        .iter()
        .chain(&pairing.near_misses)
        .map(|c| c.member_id)
        .collect();
    let declines = db.decline_counts(&ids)?;
    let she = pronoun_of;
    for candidate in pairing
        .candidates
        .iter_mut()
        .chain(pairing.near_misses.iter_mut())
    {
        candidate.summary = summaries.remove(&candidate.member_id);
        candidate.declines = declines.get(&candidate.member_id).copied().unwrap_or(0);
        // The wishes written as text, and the families', from the candidate's record.
        let other = db.member(candidate.member_id)?;
        candidate.unchecked = other.identity.missing(&other.data);
        candidate.for_member.extend(ask_about(
            she(member.data.gender),
            &member.data.preferences.other,
        ));
        candidate.for_candidate.extend(ask_about(
            she(other.data.gender),
            &other.data.preferences.other,
        ));
        if let Some(family) = &member.data.family {
            candidate.family_for_member = index.judge_on_candidate(
                family.by.label(),
                &family.preferences,
                candidate.member_id,
                today,
            );
        }
        if let Some(family) = &other.data.family {
            candidate.family_for_candidate = index.judge_on_member(
                &format!("{}{}", she(other.data.gender), family.by.label()),
                &family.preferences,
                &member,
                today,
            );
        }
    }
    pairing.member_unchecked = member.identity.missing(&member.data);
    if let Some(family) = &member.data.family {
        pairing.family_conflicts =
            super::wishes::family_conflicts(&member.data.preferences, family);
    }
    Ok(pairing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hobbies_split_on_chinese_and_latin_separators() {
        let words: Vec<&str> = hobby_words("爬山、摄影\u{ff0c}读书; 跑步 /  ").collect();
        assert_eq!(words, ["爬山", "摄影", "读书", "跑步"]);
    }

    #[test]
    fn housing_levels() {
        assert_eq!(housing_level("有房无贷"), HOUSING_OWN);
        assert_eq!(housing_level("有房有贷"), HOUSING_OWN);
        assert_eq!(housing_level("与父母同住"), HOUSING_PARENTS);
        assert_eq!(housing_level("租房"), HOUSING_OTHER);
        assert_eq!(housing_level("没有房"), HOUSING_OTHER);
        assert_eq!(housing_level("无自有住房"), HOUSING_OTHER);
        assert_eq!(housing_level("自有住房"), HOUSING_OWN);
        assert_eq!(housing_level(" "), HOUSING_UNKNOWN);
        // The parents' home is not the member's own.
        assert_eq!(housing_level("父母有房"), HOUSING_PARENTS);
        assert_eq!(housing_level("住父母家里"), HOUSING_PARENTS);
        assert_eq!(housing_level("父母有房,本人无房"), HOUSING_OTHER);
        assert_eq!(housing_level("本人有房,父母也有一套"), HOUSING_OWN);
        assert_eq!(housing_level("有房子但有贷款"), HOUSING_OWN);
        assert_eq!(housing_level("名下有房 一套"), HOUSING_OWN);
        assert_eq!(housing_level("已购房"), HOUSING_OWN);
        assert_eq!(housing_level("无房"), HOUSING_OTHER);
        assert_eq!(housing_level("单位宿舍"), HOUSING_OTHER);
        assert_eq!(housing_level("准备买房"), HOUSING_OTHER);
        assert_eq!(housing_level("有车"), HOUSING_OTHER);
        // Every choice of the form reads as meant.
        for (choice, level) in crate::model::choices::HOUSING.iter().zip([
            HOUSING_OWN,
            HOUSING_OWN,
            HOUSING_PARENTS,
            HOUSING_OTHER,
            HOUSING_OTHER,
        ]) {
            assert_eq!(housing_level(choice), level, "{choice}");
        }
    }

    #[test]
    fn ranges_read_naturally() {
        assert_eq!(range_text(28, 35, 0, "岁"), " 28–35 岁");
        assert_eq!(range_text(70, 0, 100, "厘米"), " 170 厘米以上");
        assert_eq!(range_text(0, 35, 0, "岁"), " 35 岁以下");
    }
}
