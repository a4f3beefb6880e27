//! Saving and reading members, their preferences and photos; member numbers; duplicates.

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::fields;
use super::model::{
    Checked, FamilyWishes, Identity, MaritalStatus, Member, MemberData, MemberSummary, Preferences,
    Registrant, WishesOf, YearMonth,
};
use super::now_text;
use super::photo::PhotoData;
use super::signin::Actor;
use super::validate::{self, Field, FieldError};
use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, Row, ToSql, Transaction, named_params, params};

/// `2026-0001`: the registration year and a running number within that year, at least four
/// digits (a fifth appears only past 9,999 registrations in one year).
pub fn format_member_number(year: i32, sequence: i64) -> String {
    format!("{year}-{sequence:04}")
}

/// What a member's row is read from: the fields' own columns (in the order of
/// [`fields::plain_fields`]) after `m.id, m.number`, then the composite fields' and the
/// bookkeeping's, each read by its name.
const MEMBER_EXTRA_COLUMNS: &[(&str, &str)] = &[
    ("m.birth_year", "birth_year"),
    ("m.birth_month", "birth_month"),
    ("m.registrant_relation", "registrant_relation"),
    ("m.registrant_kin", "registrant_kin"),
    ("m.registrant_name", "registrant_name"),
    ("m.registrant_phone", "registrant_phone"),
    ("m.created_at", "created_at"),
    ("m.updated_at", "updated_at"),
    ("m.source", "source"),
    ("m.revision", "revision"),
    ("v.name", "volunteer_name"),
    (
        "EXISTS (SELECT 1 FROM photos ph WHERE ph.member_id = m.id)",
        "has_photo",
    ),
    ("m.id_checked_on", "id_checked_on"),
    ("vi.name", "id_checked_by"),
    ("m.union_checked_on", "union_checked_on"),
    ("vu.name", "union_checked_by"),
    ("p.age_min", "p_age_min"),
    ("p.age_max", "p_age_max"),
    ("p.height_min", "p_height_min"),
    ("p.height_max", "p_height_max"),
    ("p.education_min", "p_education_min"),
    ("p.marital_statuses", "p_marital_statuses"),
    ("p.hukou", "p_hukou"),
    ("p.requires_housing", "p_requires_housing"),
    ("p.exclude_same_employer", "p_exclude_same_employer"),
    ("p.other", "p_other"),
    ("p.age_offset_min", "p_age_offset_min"),
    ("p.age_offset_max", "p_age_offset_max"),
    ("f.relation", "f_relation"),
    ("f.age_min", "f_age_min"),
    ("f.age_max", "f_age_max"),
    ("f.height_min", "f_height_min"),
    ("f.height_max", "f_height_max"),
    ("f.education_min", "f_education_min"),
    ("f.marital_statuses", "f_marital_statuses"),
    ("f.hukou", "f_hukou"),
    ("f.requires_housing", "f_requires_housing"),
    ("f.exclude_same_employer", "f_exclude_same_employer"),
    ("f.other", "f_other"),
    ("f.age_offset_min", "f_age_offset_min"),
    ("f.age_offset_max", "f_age_offset_max"),
];

/// The select list of a whole member, and where each named column of it is.
struct MemberColumns {
    sql: String,
    plain: Vec<&'static fields::MemberField>,
    named: std::collections::HashMap<&'static str, usize>,
}

fn member_columns() -> &'static MemberColumns {
    static COLUMNS: std::sync::OnceLock<MemberColumns> = std::sync::OnceLock::new();
    COLUMNS.get_or_init(|| {
        let plain: Vec<_> = fields::plain_fields().collect();
        let mut list = vec!["m.id".to_string(), "m.number".to_string()];
        list.extend(plain.iter().map(|f| format!("m.{}", f.columns[0].0)));
        let mut named = std::collections::HashMap::new();
        for (expression, name) in MEMBER_EXTRA_COLUMNS {
            named.insert(*name, list.len());
            list.push(format!("{expression} AS {name}"));
        }
        MemberColumns {
            sql: list.join(", "),
            plain,
            named,
        }
    })
}

/// `SELECT` of whole members, to be followed by a `WHERE`.
fn select_members() -> String {
    format!("SELECT {} {MEMBER_FROM}", member_columns().sql)
}

const MEMBER_FROM: &str = "FROM members m
    LEFT JOIN preferences p ON p.member_id = m.id
    LEFT JOIN family_preferences f ON f.member_id = m.id
    LEFT JOIN volunteers v ON v.id = m.volunteer_id
    LEFT JOIN volunteers vi ON vi.id = m.id_checked_by
    LEFT JOIN volunteers vu ON vu.id = m.union_checked_by";

/// The names of a wishes row's columns in [`select_members`]: age_min … other, then the
/// family's relation for `f_`.
const P_COLUMNS: [&str; 12] = [
    "p_age_min",
    "p_age_max",
    "p_height_min",
    "p_height_max",
    "p_education_min",
    "p_marital_statuses",
    "p_hukou",
    "p_requires_housing",
    "p_exclude_same_employer",
    "p_other",
    "p_age_offset_min",
    "p_age_offset_max",
];
const F_COLUMNS: [&str; 12] = [
    "f_age_min",
    "f_age_max",
    "f_height_min",
    "f_height_max",
    "f_education_min",
    "f_marital_statuses",
    "f_hukou",
    "f_requires_housing",
    "f_exclude_same_employer",
    "f_other",
    "f_age_offset_min",
    "f_age_offset_max",
];

/// Preferences read from the ten columns named in `names` ([`P_COLUMNS`], [`F_COLUMNS`]) of a
/// LEFT JOIN.
fn preferences_at(row: &Row<'_>, names: &[&str; 12]) -> rusqlite::Result<Preferences> {
    let at = |i: usize| column_at(names[i]);
    let marital: String = row.get::<_, Option<String>>(at(5))?.unwrap_or_default();
    Ok(Preferences {
        age_min: row.get(at(0))?,
        age_max: row.get(at(1))?,
        height_min: row.get(at(2))?,
        height_max: row.get(at(3))?,
        education_min: row.get(at(4))?,
        marital_statuses: marital
            .split(',')
            .filter_map(MaritalStatus::parse)
            .collect(),
        hukou: row.get(at(6))?,
        requires_housing: row.get::<_, Option<bool>>(at(7))?.unwrap_or(false),
        exclude_same_employer: row.get::<_, Option<bool>>(at(8))?.unwrap_or(false),
        other: row.get::<_, Option<String>>(at(9))?.unwrap_or_default(),
        age_relative: match (row.get(at(10))?, row.get(at(11))?) {
            (Some(low), Some(high)) => Some((low, high)),
            _ => None,
        },
    })
}

/// Where the column called `name` is in [`select_members`]'s rows (past every column, so that
/// reading it fails, if there is no such name).
fn column_at(name: &str) -> usize {
    member_columns()
        .named
        .get(name)
        .copied()
        .unwrap_or(usize::MAX)
}

/// Reads one field from its column at `index`.
fn read_field(
    row: &Row<'_>,
    index: usize,
    field: &fields::MemberField,
    data: &mut MemberData,
) -> rusqlite::Result<()> {
    use fields::Access;
    match field.access {
        Access::Text(_, get) => *get(data) = row.get(index)?,
        Access::Number(_, set) => set(data, row.get(index)?),
        Access::YesNo(_, set) => set(data, row.get(index)?),
        Access::Flag(_, set) => set(data, row.get(index)?),
        Access::Day(_, set) => set(data, row.get(index)?),
        Access::Id(_, set) => set(data, row.get(index)?),
        Access::Choice { set, .. } => {
            let code: Option<String> = row.get(index)?;
            if !set(data, code.as_deref()) {
                return Err(rusqlite::Error::InvalidColumnType(
                    index,
                    field.key.to_string(),
                    rusqlite::types::Type::Text,
                ));
            }
        }
        Access::Composite => {}
    }
    Ok(())
}

/// The value written to a field's column.
fn field_value(field: &fields::MemberField, data: &MemberData) -> rusqlite::types::Value {
    use fields::Access;
    use rusqlite::types::Value;
    let number = |n: Option<i64>| n.map_or(Value::Null, Value::Integer);
    match field.access {
        Access::Text(get, _) => Value::Text(get(data).clone()),
        Access::Number(get, _) => number(get(data).map(i64::from)),
        Access::YesNo(get, _) => number(get(data).map(i64::from)),
        Access::Flag(get, _) => Value::Integer(i64::from(get(data))),
        Access::Day(get, _) => get(data).map_or(Value::Null, |d| Value::Text(d.to_string())),
        Access::Id(get, _) => number(get(data)),
        Access::Choice { get, .. } => get(data).map_or(Value::Null, |c| Value::Text(c.into())),
        Access::Composite => Value::Null,
    }
}

const SUMMARY_COLUMNS: &str = "m.id, m.number, m.name, m.gender, m.birth_year, m.birth_month,
    m.height_cm, m.education, m.occupation, m.district, m.phone, m.status, m.registered_on, v.name";

fn member_from_row(row: &Row<'_>) -> rusqlite::Result<Member> {
    let columns = member_columns();
    let mut data = MemberData::default();
    for (i, field) in columns.plain.iter().enumerate() {
        read_field(row, 2 + i, field, &mut data)?;
    }
    let at = column_at;
    data.birth = YearMonth::new(row.get(at("birth_year"))?, row.get(at("birth_month"))?);
    data.registrant = Registrant {
        relation: row.get(at("registrant_relation"))?,
        kin: row.get(at("registrant_kin"))?,
        name: row.get(at("registrant_name"))?,
        phone: row.get(at("registrant_phone"))?,
    };
    // A member may have no preferences row (LEFT JOIN): that is 不限 everywhere.
    data.preferences = preferences_at(row, &P_COLUMNS)?;
    data.family = match row.get::<_, Option<WishesOf>>(at("f_relation"))? {
        None => None,
        Some(by) => Some(FamilyWishes {
            by,
            preferences: preferences_at(row, &F_COLUMNS)?,
        }),
    };
    // A wish relative to her own age is judged on the day it is read.
    let today = super::today();
    data.preferences.judge_ages(data.birth, today);
    if let Some(family) = &mut data.family {
        family.preferences.judge_ages(data.birth, today);
    }
    Ok(Member {
        id: row.get(0)?,
        number: row.get(1)?,
        data,
        created_at: row.get(at("created_at"))?,
        updated_at: row.get(at("updated_at"))?,
        volunteer_name: row.get(at("volunteer_name"))?,
        has_photo: row.get(at("has_photo"))?,
        source: row.get(at("source"))?,
        revision: row.get(at("revision"))?,
        identity: Identity {
            id_card: checked_at(row, "id_checked_on", "id_checked_by")?,
            union_card: checked_at(row, "union_checked_on", "union_checked_by")?,
        },
    })
}

/// A document's check from its date's and the volunteer's name's columns.
fn checked_at(row: &Row<'_>, on: &str, by: &str) -> rusqlite::Result<Option<Checked>> {
    Ok(row
        .get::<_, Option<NaiveDate>>(column_at(on))?
        .map(|on| Checked {
            on,
            by: row.get(column_at(by)).ok().flatten(),
        }))
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<MemberSummary> {
    Ok(MemberSummary {
        id: row.get(0)?,
        number: row.get(1)?,
        name: row.get(2)?,
        gender: row.get(3)?,
        birth: YearMonth::new(row.get(4)?, row.get(5)?).unwrap_or(YearMonth {
            year: 1900,
            month: 1,
        }),
        height_cm: row.get(6)?,
        education: row.get(7)?,
        occupation: row.get(8)?,
        district: row.get(9)?,
        phone: row.get(10)?,
        status: row.get(11)?,
        registered_on: row.get(12)?,
        volunteer_name: row.get(13)?,
    })
}

/// Whether a save looks for a possible duplicate first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateCheck {
    /// Look, and save nothing if someone with the same phone, or the same name and birth
    /// month, is registered: the front end shows them and asks.
    Check,
    /// The volunteer looked at the possible duplicates and said it is someone else.
    Confirmed,
}

/// What a registration or an edit came to.
#[derive(Debug, Clone)]
pub enum Saved {
    Member(Box<Member>),
    /// Nothing was saved: these may be the same person.
    PossibleDuplicates(Vec<MemberSummary>),
}

impl Saved {
    /// The saved member, or [`Error::PossibleDuplicates`] naming the others.
    pub fn member(self) -> Result<Member> {
        match self {
            Saved::Member(member) => Ok(*member),
            Saved::PossibleDuplicates(found) => Err(duplicates_error(&found)),
        }
    }
}

fn duplicates_error(found: &[MemberSummary]) -> Error {
    Error::PossibleDuplicates(
        found
            .iter()
            .map(|d| format!("{} {}", d.number, d.name))
            .collect::<Vec<_>>()
            .join("、"),
    )
}

/// Which member an edit is for, and the revision of the member it was made from (a form keeps
/// it from when it was filled in; `None`: saved over whatever is there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    pub seen: Option<i64>,
}

impl From<i64> for Target {
    fn from(id: i64) -> Self {
        Target { id, seen: None }
    }
}

impl Member {
    /// An edit of this member as read now: refused if it changes before the save.
    pub fn as_seen(&self) -> Target {
        Target {
            id: self.id,
            seen: Some(self.revision),
        }
    }
}

impl Db {
    /// 会员登记: validates the sheet, looks for possible duplicates (unless confirmed), saves the
    /// member with the next member number of the registration year and records it, all in one
    /// transaction. The photo, if any, is saved with it.
    pub fn register_member(
        &mut self,
        actor: &Actor,
        data: MemberData,
        photo: Option<&PhotoData>,
        check: DuplicateCheck,
        today: NaiveDate,
    ) -> Result<Saved> {
        let data = validate::prepare(data, today).map_err(Error::Invalid)?;
        let tx = self.write()?;
        let found = to_confirm(&tx, &data, None, check)?;
        if !found.is_empty() {
            return Ok(Saved::PossibleDuplicates(found));
        }
        let id = register_in(&tx, actor, &data, photo, today)?;
        tx.commit()?;
        Ok(Saved::Member(Box::new(self.member(id)?)))
    }

    /// Registers several members at once (a JSON batch): all of them or, when any is wrong or
    /// a possible duplicate, none; the error names which one (counting from 1).
    pub fn register_members(
        &mut self,
        actor: &Actor,
        sheets: Vec<MemberData>,
        check: DuplicateCheck,
        today: NaiveDate,
    ) -> Result<Vec<Member>> {
        let tx = self.write()?;
        let mut ids = Vec::with_capacity(sheets.len());
        for (i, data) in sheets.into_iter().enumerate() {
            let position = i + 1;
            let refused = |why: String| {
                Error::Refused(format!("第 {position} 位会员:{why}(这批一位也没有保存)"))
            };
            let data = validate::prepare(data, today)
                .map_err(|errors| refused(Error::Invalid(errors).to_string()))?;
            let found = to_confirm(&tx, &data, None, check)?;
            if !found.is_empty() {
                return Err(refused(duplicates_error(&found).to_string()));
            }
            ids.push(register_in(&tx, actor, &data, None, today)?);
        }
        tx.commit()?;
        ids.into_iter().map(|id| self.member(id)).collect()
    }

    /// Saves a registration without looking for duplicates (the volunteer confirmed, or the
    /// data is known to be new): [`Db::register_member`] with [`DuplicateCheck::Confirmed`].
    pub fn insert_member(
        &mut self,
        data: MemberData,
        photo: Option<&PhotoData>,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<Member> {
        self.register_member(actor, data, photo, DuplicateCheck::Confirmed, today)?
            .member()
    }

    /// Edits a member: validated, checked for a possible duplicate among the others (unless
    /// confirmed), saved with every changed field recorded before and after. The member number
    /// never changes. An edit made from an older reading ([`Target::seen`]) than the member's
    /// now is refused ([`Error::ChangedMeanwhile`], with the latest changes).
    pub fn edit_member(
        &mut self,
        actor: &Actor,
        target: impl Into<Target>,
        data: MemberData,
        photo: PhotoChange<'_>,
        check: DuplicateCheck,
        today: NaiveDate,
    ) -> Result<Saved> {
        let Target { id, seen } = target.into();
        let data = validate::prepare(data, today).map_err(Error::Invalid)?;
        let tx = self.write()?;
        let before = member_in(&tx, id)?;
        if let Some(seen) = seen.filter(|seen| *seen != before.revision) {
            return Err(self.changed_since(&before, seen));
        }
        let before = before.data;
        let found = to_confirm(&tx, &data, Some(id), check)?;
        if !found.is_empty() {
            return Ok(Saved::PossibleDuplicates(found));
        }
        let author = actor.volunteer();
        let photo_note = match photo {
            PhotoChange::Keep => None,
            PhotoChange::Replace(_) => Some("照片已更换"),
            PhotoChange::Remove => Some("照片已删除"),
        };
        update_prepared(&tx, id, &data, photo, author)?;
        let (changes, mut summary) = audit::diff(&before, &data);
        if let Some(note) = photo_note {
            if !summary.is_empty() {
                summary.push(';');
            }
            summary.push_str(note);
        }
        if !summary.is_empty() {
            audit::record(
                &tx,
                author,
                audit::Kind::Edit,
                Some(id),
                None,
                None,
                &summary,
                Some(&changes),
            )?;
        }
        tx.commit()?;
        Ok(Saved::Member(Box::new(self.member(id)?)))
    }

    /// What was done to `member` since revision `seen`: its latest entries of the 操作记录 (one
    /// for each change, as far as they go back), by whom and when.
    fn changed_since(&self, member: &Member, seen: i64) -> Error {
        let newer = (member.revision - seen).clamp(1, 3) as usize;
        let changes = self
            .audit_of_member(member.id)
            .unwrap_or_default()
            .into_iter()
            .filter(|entry| entry.member_id == Some(member.id))
            .take(newer)
            .map(|entry| {
                let when = entry.at.get(5..16).unwrap_or(&entry.at).replace('T', " ");
                let who = entry.volunteer_name.unwrap_or_else(|| "有人".into());
                format!("{who} {when}:{}", entry.summary)
            })
            .collect::<Vec<_>>();
        Error::ChangedMeanwhile {
            changes: if changes.is_empty() {
                "别的窗口保存过".into()
            } else {
                changes.join(";")
            },
            revision: member.revision,
        }
    }

    /// [`Db::edit_member`] without the duplicate check.
    pub fn update_member(
        &mut self,
        id: impl Into<Target>,
        data: MemberData,
        photo: PhotoChange<'_>,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<Member> {
        self.edit_member(actor, id, data, photo, DuplicateCheck::Confirmed, today)?
            .member()
    }

    pub fn member(&self, id: i64) -> Result<Member> {
        member_in(&self.conn, id)
    }

    /// Every member for whom the SQL `condition` (over `m`, the members table) holds, by id.
    pub(crate) fn members_where(&self, condition: &str) -> Result<Vec<Member>> {
        let sql = format!("{} WHERE {condition} ORDER BY m.id", select_members());
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([], member_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn member_by_number(&self, number: &str) -> Result<Member> {
        let number = number.trim();
        let sql = format!("{} WHERE m.number = ?1", select_members());
        self.conn
            .prepare_cached(&sql)?
            .query_row([number], member_from_row)
            .optional()?
            .ok_or_else(|| Error::MemberNotFound(number.to_string()))
    }

    /// One line of the member list.
    pub fn member_summary(&self, id: i64) -> Result<MemberSummary> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM members m LEFT JOIN volunteers v ON v.id = m.volunteer_id
             WHERE m.id = ?1"
        );
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], summary_from_row)
            .optional()?
            .ok_or_else(|| Error::MemberNotFound(id.to_string()))
    }

    /// Summaries of the given members, in the given order (missing ids are left out).
    pub fn member_summaries(&self, ids: &[i64]) -> Result<Vec<MemberSummary>> {
        let mut found = Vec::with_capacity(ids.len());
        for &id in ids {
            match self.member_summary(id) {
                Ok(summary) => found.push(summary),
                Err(Error::MemberNotFound(_)) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(found)
    }

    /// Members newest first (by registration date): a page of `limit` rows from `offset`.
    pub fn list_members(&self, offset: u64, limit: u64) -> Result<Vec<MemberSummary>> {
        let (limit, offset) = (
            limit.min(i64::MAX as u64) as i64,
            offset.min(i64::MAX as u64) as i64,
        );
        // The page's ids come from the covering index alone, so a deep page does not read (or
        // join) every row it skips.
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM members m LEFT JOIN volunteers v ON v.id = m.volunteer_id
             WHERE m.id IN (SELECT id FROM members ORDER BY registered_on DESC, id DESC LIMIT ?1 OFFSET ?2)
             ORDER BY m.registered_on DESC, m.id DESC"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params![limit, offset], summary_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn count_members(&self) -> Result<u64> {
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM members", [], |row| row.get(0))?;
        Ok(count.max(0) as u64)
    }

    /// Members who may be the same person as `data` (already prepared): the same phone, or the
    /// same name and birth month. `except` leaves out the member being edited.
    pub fn find_duplicates(
        &self,
        data: &MemberData,
        except: Option<i64>,
    ) -> Result<Vec<MemberSummary>> {
        duplicates_in(&self.conn, data, except)
    }

    /// The downscaled photo (JPEG bytes), if the member has one.
    pub fn photo(&self, member_id: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT image FROM photos WHERE member_id = ?1",
                [member_id],
                |row| row.get(0),
            )
            .optional()?)
    }

    pub fn thumbnail(&self, member_id: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT thumbnail FROM photos WHERE member_id = ?1",
                [member_id],
                |row| row.get(0),
            )
            .optional()?)
    }
}

/// What to do with a member's photo when saving an edit.
#[derive(Debug, Clone, Copy)]
pub enum PhotoChange<'a> {
    Keep,
    Replace(&'a PhotoData),
    Remove,
}

fn write_photo(tx: &Transaction<'_>, member_id: i64, photo: &PhotoData) -> Result<()> {
    tx.execute(
        "INSERT INTO photos (member_id, image, thumbnail, width, height, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (member_id) DO UPDATE SET image = excluded.image, thumbnail = excluded.thumbnail,
             width = excluded.width, height = excluded.height, updated_at = excluded.updated_at",
        params![member_id, photo.image, photo.thumbnail, photo.width, photo.height, now_text()],
    )?;
    Ok(())
}

fn check_volunteer(tx: &Transaction<'_>, volunteer_id: Option<i64>) -> Result<()> {
    let Some(id) = volunteer_id else {
        return Ok(());
    };
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM volunteers WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(Error::Invalid(vec![FieldError::new(
            Field::Volunteer,
            "找不到这位负责红娘",
        )]))
    }
}

/// Hands out the next number of `year`; the counter only grows, so numbers are never reused.
pub(crate) fn next_member_number(tx: &Transaction<'_>, year: i32) -> Result<String> {
    let sequence: i64 = tx.query_row(
        "INSERT INTO member_number_counters (year, last) VALUES (?1, 1)
         ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        [year],
        |row| row.get(0),
    )?;
    Ok(format_member_number(year, sequence))
}

/// Inserts the `members` and `preferences` rows of already prepared data; returns the row id.
pub(crate) fn insert_row(
    tx: &Transaction<'_>,
    data: &MemberData,
    number: &str,
    now: &str,
    author: Option<i64>,
) -> Result<i64> {
    MemberInsert::new(tx)?.insert(data, number, now, author)
}

/// The two prepared statements that add a member, kept for a bulk load (the demo).
pub(crate) struct MemberInsert<'conn> {
    conn: &'conn rusqlite::Connection,
    members: rusqlite::CachedStatement<'conn>,
    preferences: rusqlite::CachedStatement<'conn>,
}

impl<'conn> MemberInsert<'conn> {
    pub(crate) fn new(tx: &'conn Transaction<'_>) -> Result<Self> {
        static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let sql = SQL.get_or_init(|| {
            let mut names: Vec<&str> = member_values(&MemberData::default())
                .iter()
                .map(|(k, _)| *k)
                .collect();
            names.extend([
                "number",
                "created_at",
                "updated_at",
                "created_by",
                "updated_by",
            ]);
            let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
            format!(
                "INSERT INTO members ({}) VALUES ({})",
                names.join(", "),
                placeholders.join(", ")
            )
        });
        Ok(Self {
            conn: tx,
            members: tx.prepare_cached(sql)?,
            preferences: tx.prepare_cached(PREFERENCES_UPSERT)?,
        })
    }

    pub(crate) fn insert(
        &mut self,
        data: &MemberData,
        number: &str,
        now: &str,
        author: Option<i64>,
    ) -> Result<i64> {
        let values = member_values(data);
        let mut columns: Vec<&dyn ToSql> = values.iter().map(|(_, v)| v as &dyn ToSql).collect();
        columns.extend_from_slice(&[&number as &dyn ToSql, &now, &now, &author, &author]);
        let id = self.members.insert(columns.as_slice())?;
        let preferences = preference_params(id, &data.preferences);
        let refs: Vec<&dyn ToSql> = preferences.iter().map(|v| v.as_ref()).collect();
        self.preferences.execute(refs.as_slice())?;
        if data.family.is_some() {
            write_family(self.conn, id, data.family.as_ref())?;
        }
        Ok(id)
    }
}

/// The `members` columns written from the sheet with their values: every field's own column,
/// then the birth's and the registrant's.
fn member_values(data: &MemberData) -> Vec<(&'static str, rusqlite::types::Value)> {
    use rusqlite::types::Value;
    let birth = data.birth.unwrap_or(YearMonth {
        year: 1900,
        month: 1,
    });
    let r = &data.registrant;
    let mut values: Vec<_> = fields::plain_fields()
        .map(|f| (f.columns[0].0, field_value(f, data)))
        .collect();
    values.extend([
        ("birth_year", Value::Integer(i64::from(birth.year))),
        ("birth_month", Value::Integer(i64::from(birth.month))),
        ("registrant_relation", Value::Text(r.relation.code().into())),
        ("registrant_kin", Value::Text(r.kin.clone())),
        ("registrant_name", Value::Text(r.name.clone())),
        ("registrant_phone", Value::Text(r.phone.clone())),
    ]);
    values
}

/// [`Db::find_duplicates`] through any connection or transaction. Two indexed lookups (an `OR`
/// of the two made SQLite scan every member: 22 s for a 10,000-row import).
pub(crate) fn duplicates_in(
    conn: &rusqlite::Connection,
    data: &MemberData,
    except: Option<i64>,
) -> Result<Vec<MemberSummary>> {
    let (year, month) = data.birth.map_or((0, 0), |b| (b.year, b.month));
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM members m LEFT JOIN volunteers v ON v.id = m.volunteer_id
         WHERE m.id IN (
               SELECT id FROM members WHERE phone = :phone AND phone <> ''
               UNION
               SELECT id FROM members WHERE name = :name AND birth_year = :year AND birth_month = :month)
           AND m.id IS NOT :except
         ORDER BY m.id LIMIT 20"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(
        named_params! {":except": except, ":phone": data.phone, ":name": data.name, ":year": year, ":month": month},
        summary_from_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The possible duplicates a save must show before it goes ahead: none once confirmed.
fn to_confirm(
    tx: &Transaction<'_>,
    data: &MemberData,
    except: Option<i64>,
    check: DuplicateCheck,
) -> Result<Vec<MemberSummary>> {
    match check {
        DuplicateCheck::Check => duplicates_in(tx, data, except),
        DuplicateCheck::Confirmed => Ok(Vec::new()),
    }
}

/// Saves prepared member data and its 登记 entry inside `tx`.
fn register_in(
    tx: &Transaction<'_>,
    actor: &Actor,
    data: &MemberData,
    photo: Option<&PhotoData>,
    today: NaiveDate,
) -> Result<i64> {
    let id = insert_prepared(tx, data, photo, actor.volunteer(), today)?;
    audit::record(
        tx,
        actor.volunteer(),
        audit::Kind::Create,
        Some(id),
        None,
        None,
        &format!("登记了{}", data.name),
        None,
    )?;
    Ok(id)
}

/// Inserts already prepared (validated) member data inside `tx`, with the next member number
/// of its registration year; returns the new id.
pub(crate) fn insert_prepared(
    tx: &Transaction<'_>,
    data: &MemberData,
    photo: Option<&PhotoData>,
    author: Option<i64>,
    today: NaiveDate,
) -> Result<i64> {
    check_volunteer(tx, data.volunteer_id)?;
    let registered_on = data.registered_on.unwrap_or(today);
    let number = next_member_number(tx, registered_on.year())?;
    let id = insert_row(tx, data, &number, &now_text(), author)?;
    if let Some(photo) = photo {
        write_photo(tx, id, photo)?;
    }
    Ok(id)
}

/// Writes already prepared member data over member `id` inside `tx`.
pub(crate) fn update_prepared(
    tx: &Transaction<'_>,
    id: i64,
    data: &MemberData,
    photo: PhotoChange<'_>,
    author: Option<i64>,
) -> Result<()> {
    check_volunteer(tx, data.volunteer_id)?;
    let now = now_text();

    let values = member_values(data);
    let mut columns: Vec<&dyn ToSql> = values.iter().map(|(_, v)| v as &dyn ToSql).collect();
    columns.extend_from_slice(&[&now as &dyn ToSql, &author, &id]);
    let assignments: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, (column, _))| format!("{column} = ?{}", i + 1))
        .collect();
    let n = values.len();
    let sql = format!(
        "UPDATE members SET {}, updated_at = ?{}, updated_by = ?{} WHERE id = ?{}",
        assignments.join(", "),
        n + 1,
        n + 2,
        n + 3
    );
    if tx.execute(&sql, columns.as_slice())? == 0 {
        return Err(Error::MemberNotFound(id.to_string()));
    }
    write_preferences(tx, id, &data.preferences)?;
    write_family(tx, id, data.family.as_ref())?;
    match photo {
        PhotoChange::Keep => {}
        PhotoChange::Replace(photo) => write_photo(tx, id, photo)?,
        PhotoChange::Remove => {
            tx.execute("DELETE FROM photos WHERE member_id = ?1", [id])?;
        }
    }
    Ok(())
}

/// A member read through any connection or transaction.
pub(crate) fn member_in(conn: &rusqlite::Connection, id: i64) -> Result<Member> {
    let sql = format!("{} WHERE m.id = ?1", select_members());
    conn.prepare_cached(&sql)?
        .query_row([id], member_from_row)
        .optional()?
        .ok_or_else(|| Error::MemberNotFound(id.to_string()))
}

pub(crate) fn marital_codes(statuses: &[MaritalStatus]) -> String {
    statuses
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) const PREFERENCES_UPSERT: &str = "INSERT INTO preferences (member_id, age_min, age_max, height_min,
        height_max, education_min, marital_statuses, hukou, requires_housing, exclude_same_employer, other,
        age_offset_min, age_offset_max)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
     ON CONFLICT (member_id) DO UPDATE SET age_min = excluded.age_min, age_max = excluded.age_max,
        height_min = excluded.height_min, height_max = excluded.height_max,
        education_min = excluded.education_min, marital_statuses = excluded.marital_statuses,
        hukou = excluded.hukou, requires_housing = excluded.requires_housing,
        exclude_same_employer = excluded.exclude_same_employer, other = excluded.other,
        age_offset_min = excluded.age_offset_min, age_offset_max = excluded.age_offset_max";

pub(crate) fn preference_params(member_id: i64, p: &Preferences) -> [Box<dyn ToSql + '_>; 13] {
    [
        Box::new(member_id),
        Box::new(p.age_min),
        Box::new(p.age_max),
        Box::new(p.height_min),
        Box::new(p.height_max),
        Box::new(p.education_min),
        Box::new(marital_codes(&p.marital_statuses)),
        Box::new(p.hukou),
        Box::new(p.requires_housing),
        Box::new(p.exclude_same_employer),
        Box::new(p.other.as_str()),
        Box::new(p.age_relative.map(|(low, _)| low)),
        Box::new(p.age_relative.map(|(_, high)| high)),
    ]
}

fn write_preferences(
    tx: &Transaction<'_>,
    member_id: i64,
    preferences: &Preferences,
) -> Result<()> {
    let values = preference_params(member_id, preferences);
    let refs: Vec<&dyn ToSql> = values.iter().map(|v| v.as_ref()).collect();
    tx.prepare_cached(PREFERENCES_UPSERT)?
        .execute(refs.as_slice())?;
    Ok(())
}

/// The family's 择偶要求 of member `id`: written, or removed when there are none.
fn write_family(tx: &rusqlite::Connection, id: i64, family: Option<&FamilyWishes>) -> Result<()> {
    let Some(family) = family else {
        tx.prepare_cached("DELETE FROM family_preferences WHERE member_id = ?1")?
            .execute([id])?;
        return Ok(());
    };
    let values = preference_params(id, &family.preferences);
    let mut refs: Vec<&dyn ToSql> = values.iter().map(|v| v.as_ref()).collect();
    refs.push(&family.by);
    tx.prepare_cached(
        "INSERT INTO family_preferences (member_id, age_min, age_max, height_min, height_max,
            education_min, marital_statuses, hukou, requires_housing, exclude_same_employer, other,
            age_offset_min, age_offset_max, relation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (member_id) DO UPDATE SET age_min = excluded.age_min,
            age_max = excluded.age_max, height_min = excluded.height_min,
            height_max = excluded.height_max, education_min = excluded.education_min,
            marital_statuses = excluded.marital_statuses, hukou = excluded.hukou,
            requires_housing = excluded.requires_housing,
            exclude_same_employer = excluded.exclude_same_employer, other = excluded.other,
            age_offset_min = excluded.age_offset_min, age_offset_max = excluded.age_offset_max,
            relation = excluded.relation",
    )?
    .execute(refs.as_slice())?;
    Ok(())
}

/// Headline figures for the home page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemberCounts {
    pub total: u64,
    pub active: u64,
    pub registered_today: u64,
    pub registered_this_month: u64,
}

impl Db {
    pub fn member_counts(&self, today: NaiveDate) -> Result<MemberCounts> {
        let month_start = today.with_day(1).unwrap_or(today);
        // Four indexed counts rather than one scan of every row.
        let count_where = |condition: &str, value: &dyn ToSql| -> Result<i64> {
            let sql = format!("SELECT count(*) FROM members WHERE {condition}");
            Ok(self
                .conn
                .prepare_cached(&sql)?
                .query_row([value], |row| row.get(0))?)
        };
        let total: i64 = self
            .conn
            .query_row("SELECT count(*) FROM members", [], |row| row.get(0))?;
        let active = count_where("status = ?1", &"active")?;
        let registered_today = count_where("registered_on = ?1", &today)?;
        let registered_this_month = count_where("registered_on >= ?1", &month_start)?;
        let count = |n: i64| n.max(0) as u64;
        Ok(MemberCounts {
            total: count(total),
            active: count(active),
            registered_today: count(registered_today),
            registered_this_month: count(registered_this_month),
        })
    }
}
