//! 网上报名导入: an event's sign-ups from the Excel/CSV exports of online forms (问卷星, 金数据,
//! 腾讯问卷, a WeChat mini-program) or a workplace union's nomination list (姓名, 手机, 单位).
//! The headers are read the way the forms write them ("1、您的姓名", "Q3.手机号码:", "提交答卷时
//! 间"), each column's meaning guessed and changeable; each row is matched to a member by phone,
//! then by name and birth month; a newcomer is registered only when the form has a consent
//! column and they ticked it (filled in by a parent: registered 待本人确认 and not signed up);
//! then each is signed up in the order the forms were submitted, with the places and the
//! waiting list of [`events`]. The same run is the preview (rolled back) and the import
//! (committed), so what the preview says is what the import does. A second import of the same
//! file adds nothing: everyone in it is already on the list.

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::events::{self, Place, SignedUp};
use super::import::{self, Table};
use super::members::insert_prepared;
use super::model::{MemberData, Registrant, RegistrantRelation, labelled_enum, mask_phone};
use super::parse;
use super::signin::Actor;
use super::validate;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

labelled_enum!(
    /// What a column of an online sign-up export holds.
    Column {
        Name = "name" / "姓名",
        Gender = "gender" / "性别",
        Birth = "birth" / "出生年月",
        Phone = "phone" / "手机",
        Employer = "employer" / "工作单位",
        Education = "education" / "学历",
        Height = "height" / "身高",
        Consent = "consent" / "知情同意",
        FilledBy = "filled_by" / "填表人",
        Submitted = "submitted" / "提交时间",
        EventDate = "event_date" / "活动日期",
    }
);

pub use super::import::question;

/// The meaning of a header, if it is one a sign-up form asks.
pub fn guess(header: &str) -> Option<Column> {
    let key = question(header);
    let has = |word: &str| key.contains(word);
    if key.is_empty() {
        return None;
    }
    if (has("提交") && has("时间")) || key == "结束答题时间" || key == "填写时间" {
        return Some(Column::Submitted);
    }
    if has("同意") {
        return Some(Column::Consent);
    }
    if has("场次") || has("活动日期") || key == "报名活动" {
        return Some(Column::EventDate);
    }
    if has("填表人") || has("填写人") || has("报名人身份") || has("为谁报名") {
        return Some(Column::FilledBy);
    }
    let rules: [(&[&str], Column); 7] = [
        (&["姓名", "名字"], Column::Name),
        (&["性别"], Column::Gender),
        (&["出生", "生日"], Column::Birth),
        (&["手机", "电话", "联系方式"], Column::Phone),
        (&["单位"], Column::Employer),
        (&["学历"], Column::Education),
        (&["身高"], Column::Height),
    ];
    rules
        .iter()
        .find(|(words, _)| words.iter().any(|w| has(w)))
        .map(|(_, column)| *column)
}

/// Each column's meaning guessed from the headers; a meaning is given to its first column only.
pub fn guess_mapping(headers: &[String]) -> Vec<Option<Column>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let column = guess(h).filter(|c| !taken.contains(c));
            if let Some(c) = column {
                taken.push(c);
            }
            column
        })
        .collect()
}

/// "2026/8/1 14:03:22", "2026-08-01 14:03", "2026年8月1日 14:03:22", a date alone.
pub fn submitted_at(text: &str) -> Option<NaiveDateTime> {
    let text = parse::to_halfwidth(text);
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (date, time) = match numbers.as_slice() {
        [y, m, d, rest @ ..] => (
            NaiveDate::from_ymd_opt(i32::try_from(*y).ok()?, *m, *d)?,
            rest.to_vec(),
        ),
        _ => return None,
    };
    let (h, min, s) = match time.as_slice() {
        [] => (0, 0, 0),
        [h, m] => (*h, *m, 0),
        [h, m, s, ..] => (*h, *m, *s),
        [_] => return None,
    };
    date.and_hms_opt(h, min, s)
}

/// An online form's yes to the consent question: "同意", "我已阅读并同意", "是", "√" — not
/// "不同意".
pub fn consents(text: &str) -> bool {
    let text = parse::to_halfwidth(text).trim().to_string();
    if text.contains("不同意") || text.contains("否") {
        return false;
    }
    text.contains("同意")
        || matches!(
            text.to_lowercase().as_str(),
            "是" | "√" | "✓" | "y" | "yes" | "1" | "已阅读"
        )
}

/// What became (or would become) of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum RowResult {
    /// Signed up with a place.
    Place {
        number: String,
        new: bool,
        badge: String,
    },
    /// On the waiting list.
    Waiting {
        number: String,
        new: bool,
        position: u32,
    },
    /// On the event's list already (an earlier import, a call): nothing done.
    Already { number: String, what: String },
    /// Registered, not signed up (filled in by a parent: 待本人确认).
    Registered { number: String, why: String },
    /// Nothing written for this row.
    Skipped { why: String },
}

impl RowResult {
    /// In words, for the preview and the summary.
    pub fn words(&self) -> String {
        let new = |n: bool| if n { "新登记," } else { "" };
        match self {
            RowResult::Place {
                number,
                new: n,
                badge,
            } => {
                format!("{}报名,号码 {badge}({number})", new(*n))
            }
            RowResult::Waiting {
                number,
                new: n,
                position,
            } => format!("{}名额已满,等待名单第 {position} 位({number})", new(*n)),
            RowResult::Already { number, what } => format!("已在名单上:{what}({number})"),
            RowResult::Registered { number, why } => format!("已登记({number}),没有报名:{why}"),
            RowResult::Skipped { why } => format!("没有导入:{why}"),
        }
    }

    /// Whether the row belongs in the file of rows not imported.
    pub fn left_out(&self) -> bool {
        matches!(
            self,
            RowResult::Registered { .. } | RowResult::Skipped { .. }
        )
    }
}

/// One row of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowReport {
    /// The line in the file (as a spreadsheet numbers it).
    pub line: usize,
    pub name: String,
    /// Masked.
    pub phone: String,
    /// As the form wrote it.
    pub submitted: String,
    pub result: RowResult,
}

/// What an import did (or, previewed, would do), the rows in submission order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignUpImport {
    pub rows: Vec<RowReport>,
    /// False for a preview: nothing was written.
    pub written: bool,
}

impl SignUpImport {
    fn count(&self, f: impl Fn(&RowResult) -> bool) -> usize {
        self.rows.iter().filter(|r| f(&r.result)).count()
    }

    /// "报名 120 位(新登记 30 位),等待 8 位,已在名单 0 位,登记未报名 1 位,没有导入 3 行".
    pub fn summary(&self) -> String {
        let places = self.count(|r| matches!(r, RowResult::Place { .. }));
        let waiting = self.count(|r| matches!(r, RowResult::Waiting { .. }));
        let new = self.count(|r| {
            matches!(
                r,
                RowResult::Place { new: true, .. } | RowResult::Waiting { new: true, .. }
            ) || matches!(r, RowResult::Registered { .. })
        });
        format!(
            "共 {} 行:报名 {places} 位,等待 {waiting} 位,其中新登记会员 {new} 位;已在名单上 {} 位;登记了没报名 {} 位;没有导入 {} 行",
            self.rows.len(),
            self.count(|r| matches!(r, RowResult::Already { .. })),
            self.count(|r| matches!(r, RowResult::Registered { .. })),
            self.count(|r| matches!(r, RowResult::Skipped { .. })),
        )
    }

    /// Rows not signed up (registered only, or nothing written).
    pub fn left_out(&self) -> usize {
        self.count(RowResult::left_out)
    }
}

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

/// A row's cells by meaning.
struct Cells<'a> {
    mapping: &'a [Option<Column>],
    cells: &'a [String],
}

impl Cells<'_> {
    fn get(&self, column: Column) -> &str {
        self.mapping
            .iter()
            .position(|c| *c == Some(column))
            .and_then(|i| self.cells.get(i))
            .map_or("", |s| s.trim())
    }
}

/// The whole file refused before any row is read: faults, missing columns, a row for another
/// event's date.
fn check_file(table: &Table, mapping: &[Option<Column>], on_date: NaiveDate) -> Result<()> {
    if let Some(fault) = table.faults.first() {
        return refuse(format!("这份文件不能导入:{fault}"));
    }
    if table.rows.is_empty() {
        return refuse("文件里只有表头,没有报名的行");
    }
    let has = |c: Column| mapping.contains(&Some(c));
    if !has(Column::Name) {
        return refuse("找不到“姓名”这一列:请在列的对应里指出哪一列是姓名");
    }
    if !has(Column::Phone) && !has(Column::Birth) {
        return refuse("找不到“手机”或“出生年月”这一列:至少要有一列才能认出是哪位会员");
    }
    if has(Column::EventDate) {
        for (line, cells) in &table.rows {
            let row = Cells { mapping, cells };
            let text = row.get(Column::EventDate);
            if let Some(date) = event_date_in(text, on_date)
                && date != on_date
            {
                return refuse(format!(
                    "第 {line} 行报的是 {date} 的活动(“{text}”),这场活动在 {on_date}:\
                     是不是选错了文件或活动?什么都没有导入"
                ));
            }
        }
    }
    Ok(())
}

/// The date a 场次 cell names: "2026-08-22", "2026年8月22日下午场", or "8月22日" in the event's
/// year.
fn event_date_in(text: &str, on_date: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    if let Some(date) = submitted_at(text) {
        return Some(date.date());
    }
    let text = parse::to_halfwidth(text);
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    match numbers.as_slice() {
        [m, d, ..] if text.contains('月') => NaiveDate::from_ymd_opt(on_date.year(), *m, *d),
        _ => None,
    }
}

/// The rows in the order the forms were submitted (rows without a readable time after, in the
/// file's order).
fn in_submission_order<'a>(
    table: &'a Table,
    mapping: &[Option<Column>],
) -> Vec<&'a (usize, Vec<String>)> {
    let mut rows: Vec<&(usize, Vec<String>)> = table.rows.iter().collect();
    rows.sort_by_key(|(line, cells)| {
        let row = Cells { mapping, cells };
        (
            submitted_at(row.get(Column::Submitted)).unwrap_or(NaiveDateTime::MAX),
            *line,
        )
    });
    rows
}

/// The member a row names: by phone (the name must agree), then by name and birth month.
fn find_member(
    tx: &Transaction<'_>,
    name: &str,
    phone: &str,
    birth: Option<super::model::YearMonth>,
) -> Result<std::result::Result<Option<(i64, String)>, String>> {
    if !phone.is_empty() {
        let mut statement =
            tx.prepare_cached("SELECT id, number, name FROM members WHERE phone = ?1")?;
        let found: Vec<(i64, String, String)> = statement
            .query_map([phone], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some((id, number, _)) = found.iter().find(|(_, _, n)| n == name) {
            return Ok(Ok(Some((*id, number.clone()))));
        }
        if let Some((_, number, other)) = found.first() {
            return Ok(Err(format!(
                "手机号是会员{other}({number})的,表里的姓名却是{name}:请核对后手工报名"
            )));
        }
    }
    let Some(birth) = birth else {
        return Ok(Ok(None));
    };
    let mut statement = tx.prepare_cached(
        "SELECT id, number FROM members WHERE name = ?1 AND birth_year = ?2 AND birth_month = ?3",
    )?;
    let found: Vec<(i64, String)> = statement
        .query_map(params![name, birth.year, birth.month], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    match found.as_slice() {
        [] => Ok(Ok(None)),
        [(id, number)] => Ok(Ok(Some((*id, number.clone())))),
        many => Ok(Err(format!(
            "有 {} 位会员叫{name}、出生年月相同,认不出是哪一位:请手工报名",
            many.len()
        ))),
    }
}

/// What a newcomer's row registers, or why it cannot.
fn newcomer(
    table: &Table,
    line: usize,
    row: &Cells<'_>,
    has_consent_column: bool,
    today: NaiveDate,
) -> std::result::Result<MemberData, String> {
    if !has_consent_column {
        return Err(
            "不是本站会员,表里又没有“知情同意”这一列,不能替他登记:请本人到站登记或电话确认后再报名"
                .into(),
        );
    }
    if !consents(row.get(Column::Consent)) {
        return Err("不是本站会员,没有勾选同意知情同意书,不能登记".into());
    }
    let submitted = row.get(Column::Submitted);
    let consent_on = submitted_at(submitted)
        .map(|t| t.date())
        .filter(|d| *d <= today)
        .unwrap_or(today);
    let filled_by = row.get(Column::FilledBy);
    let relation =
        if filled_by.is_empty() || filled_by.contains("本人") || filled_by.contains("自己") {
            RegistrantRelation::Own
        } else if filled_by.contains("父") && !filled_by.contains("母") {
            RegistrantRelation::Father
        } else if filled_by.contains("母") {
            RegistrantRelation::Mother
        } else {
            import::registrant(filled_by).0
        };
    let mut data = MemberData {
        name: row.get(Column::Name).to_string(),
        gender: import::gender(row.get(Column::Gender)),
        birth: import::birth(row.get(Column::Birth)).map(|(b, _)| b),
        phone: row.get(Column::Phone).to_string(),
        employer: row.get(Column::Employer).to_string(),
        education: import::education(row.get(Column::Education)),
        height_cm: import::height_cm(row.get(Column::Height)),
        consent: true,
        consent_on: Some(consent_on),
        consent_source: format!(
            "网上报名表“{}”第 {line} 行勾选同意{}",
            table.file_name,
            if submitted.is_empty() {
                String::new()
            } else {
                format!("(提交于 {submitted})")
            }
        ),
        // Registered online the day the form was sent.
        registered_on: Some(consent_on),
        ..MemberData::default()
    };
    if relation != RegistrantRelation::Own {
        data.registrant = Registrant {
            relation,
            kin: String::new(),
            name: String::new(),
            phone: String::new(),
        };
    }
    validate::prepare(data, today).map_err(|errors| {
        format!(
            "不是本站会员,登记不全:{}",
            errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(";")
        )
    })
}

impl Db {
    /// Previews (`write` false: everything rolled back) or imports the sign-ups of `table`
    /// into `event`, its columns read by `mapping`. Refused in words, nothing written: a file
    /// with faults or without a name column, a row naming another event's date, an event that
    /// took place or was confirmed.
    pub fn import_sign_ups(
        &mut self,
        actor: &Actor,
        event: i64,
        table: &Table,
        mapping: &[Option<Column>],
        write: bool,
        today: NaiveDate,
    ) -> Result<SignUpImport> {
        let found = self.event(event)?;
        events::check_places_open(&found, today, "导入报名")?;
        check_file(table, mapping, found.on_date)?;
        let has_consent_column = mapping.contains(&Some(Column::Consent));
        let author = actor.volunteer();
        let tx = self.write()?;
        let mut rows = Vec::new();
        let mut phones: HashMap<String, usize> = HashMap::new();
        for (line, cells) in in_submission_order(table, mapping) {
            let row = Cells { mapping, cells };
            let name = row.get(Column::Name).to_string();
            let phone = parse::phone_digits(row.get(Column::Phone));
            let mut report = RowReport {
                line: *line,
                name: name.clone(),
                phone: mask_phone(&phone),
                submitted: row.get(Column::Submitted).to_string(),
                result: RowResult::Skipped { why: String::new() },
            };
            report.result = if name.is_empty() {
                RowResult::Skipped {
                    why: "没有填姓名".into(),
                }
            } else if let Some(first) = (!phone.is_empty())
                .then(|| phones.get(&phone).copied())
                .flatten()
            {
                RowResult::Skipped {
                    why: format!("和第 {first} 行是同一个手机号,只按先提交的那一次报名"),
                }
            } else {
                let birth = import::birth(row.get(Column::Birth)).map(|(b, _)| b);
                match find_member(&tx, &name, &phone, birth)? {
                    Err(why) => RowResult::Skipped { why },
                    Ok(Some((member, number))) => {
                        sign_up_row(&tx, &found, member, number, false, author, today)?
                    }
                    Ok(None) => match newcomer(table, *line, &row, has_consent_column, today) {
                        Err(why) => RowResult::Skipped { why },
                        Ok(data) => {
                            let member = insert_prepared(&tx, &data, None, author, today)?;
                            let number: String = tx.query_row(
                                "SELECT number FROM members WHERE id = ?1",
                                [member],
                                |r| r.get(0),
                            )?;
                            tx.execute(
                                "UPDATE members SET source = ?1 WHERE id = ?2",
                                params![data.consent_source, member],
                            )?;
                            audit::record(
                                &tx,
                                author,
                                audit::Kind::Import,
                                Some(member),
                                None,
                                None,
                                &format!("网上报名登记:{}", data.consent_source),
                                None,
                            )?;
                            match data.withheld() {
                                Some(why) => RowResult::Registered {
                                    number,
                                    why: format!("{why},本人确认后才能报名"),
                                },
                                None => {
                                    match sign_up_row(
                                        &tx,
                                        &found,
                                        member,
                                        number.clone(),
                                        true,
                                        author,
                                        today,
                                    )? {
                                        // Registered all the same: said so, not "nothing
                                        // written".
                                        RowResult::Skipped { why } => {
                                            RowResult::Registered { number, why }
                                        }
                                        signed => signed,
                                    }
                                }
                            }
                        }
                    },
                }
            };
            // Only a row that counted holds its phone: a later, corrected submission of a row
            // left out (no consent ticked, a name typo) is still read.
            if !phone.is_empty() && !matches!(report.result, RowResult::Skipped { .. }) {
                phones.entry(phone).or_insert(*line);
            }
            rows.push(report);
        }
        let report = SignUpImport {
            rows,
            written: write,
        };
        if write {
            audit::record(
                &tx,
                author,
                audit::Kind::Event,
                None,
                None,
                None,
                &format!(
                    "从“{}”导入联谊活动“{}”的报名:{}",
                    table.file_name,
                    found.data.title,
                    report.summary()
                ),
                None,
            )?;
            tx.commit()?;
        }
        Ok(report)
    }
}

/// Signs one member of a row up, or says why not (already on the list, the event's rules).
fn sign_up_row(
    tx: &Transaction<'_>,
    event: &events::Event,
    member: i64,
    number: String,
    new: bool,
    author: Option<i64>,
    today: NaiveDate,
) -> Result<RowResult> {
    let existing: Option<(Place, Option<u32>, super::model::Gender)> = tx
        .query_row(
            "SELECT place, badge, gender FROM event_attendees WHERE event_id = ?1 AND member_id = ?2",
            params![event.id, member],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((place, badge, gender)) = existing {
        let what = match place {
            Place::Cancelled => "取消过报名,不再自动报名(要报名请在活动页手工报名)".to_string(),
            Place::Confirmed => format!("已报名,号码 {}", events::badge_text(gender, badge)),
            Place::Waiting => "在等待名单上".to_string(),
        };
        return Ok(RowResult::Already { number, what });
    }
    match events::sign_up_in(tx, event, member, false, today) {
        Err(Error::Refused(why)) => Ok(RowResult::Skipped { why }),
        Err(other) => Err(other),
        Ok(signed) => {
            tx.execute(
                "UPDATE event_invitations SET answer = 'signed_up', called_on = coalesce(called_on, ?1)
                 WHERE event_id = ?2 AND member_id = ?3",
                params![today, event.id, member],
            )?;
            let gender: super::model::Gender =
                tx.query_row("SELECT gender FROM members WHERE id = ?1", [member], |r| {
                    r.get(0)
                })?;
            let result = match signed {
                SignedUp::Place { badge } => RowResult::Place {
                    number,
                    new,
                    badge: events::badge_text(gender, Some(badge)),
                },
                SignedUp::Waiting { position } => RowResult::Waiting {
                    number,
                    new,
                    position,
                },
            };
            audit::record(
                tx,
                author,
                audit::Kind::Event,
                Some(member),
                None,
                None,
                &format!(
                    "网上报名导入联谊活动“{}”:{}",
                    event.data.title,
                    result.words()
                ),
                None,
            )?;
            Ok(result)
        }
    }
}

/// The rows not signed up, as a CSV (UTF-8 with BOM): the line, what happened, then the row as
/// it was. How many rows it holds.
pub fn write_left_out(path: &Path, table: &Table, report: &SignUpImport) -> Result<usize> {
    import::write_rows_with_reasons(
        path,
        table,
        report
            .rows
            .iter()
            .filter(|r| r.result.left_out())
            .map(|r| (r.line, r.result.words(), true)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_as_the_forms_write_them() {
        for (header, column) in [
            ("1、您的姓名", Some(Column::Name)),
            ("Q2.性别", Some(Column::Gender)),
            ("3.出生年月:", Some(Column::Birth)),
            ("4、手机号码*", Some(Column::Phone)),
            ("第5题 工作单位(必填)", Some(Column::Employer)),
            ("提交答卷时间", Some(Column::Submitted)),
            ("提交时间", Some(Column::Submitted)),
            ("结束答题时间", Some(Column::Submitted)),
            ("开始答题时间", None),
            ("所用时间", None),
            ("来源", None),
            ("序号", None),
            ("6、是否同意《知情同意书》", Some(Column::Consent)),
            ("7、填表人", Some(Column::FilledBy)),
            ("报名场次", Some(Column::EventDate)),
            ("(8)最高学历", Some(Column::Education)),
        ] {
            assert_eq!(guess(header), column, "{header}");
        }
    }

    #[test]
    fn submission_times_and_consents() {
        let t = |y, m, d, h, mi, s| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, mi, s)
                .unwrap()
        };
        assert_eq!(
            submitted_at("2026/8/1 14:03:22"),
            Some(t(2026, 8, 1, 14, 3, 22))
        );
        assert_eq!(
            submitted_at("2026-08-01 14:03"),
            Some(t(2026, 8, 1, 14, 3, 0))
        );
        assert_eq!(submitted_at("八月一日"), None);
        assert!(consents("A.同意"));
        assert!(consents("我已阅读并同意"));
        assert!(!consents("不同意"));
        assert!(!consents(""));
    }
}
