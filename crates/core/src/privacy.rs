//! 个人信息 (PIPL): a member's own data exported on request, and deletion on request as
//! anonymisation — the name, contacts, photo and every free text are gone (from the tables, the
//! log and the file's free pages), while gender, birth month, registration date and the
//! introduction history stay so the statistics keep their counts.

use super::audit::{self, Kind};
use super::db::Db;
use super::error::{Error, Result};
use super::fields::{self, Erase};
use super::members::member_in;
use super::signin::{Actor, Permission};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// How the other side of an introduction is named in a member's own export.
const PARTNER: &str = "对方";

/// The name an anonymised member is shown under.
pub const ANONYMOUS: &str = "已删除会员";

/// Everything the station holds about one member, for them to take away.
#[derive(Debug, Serialize)]
pub struct OwnData {
    pub exported_at: String,
    pub station: Option<String>,
    pub member: super::model::Member,
    pub introductions: Vec<super::introductions::Introduction>,
    pub record: Vec<audit::Entry>,
}

impl Db {
    /// A member's own data as pretty JSON; the export is recorded.
    pub fn export_own_data(&self, actor: &Actor, member: i64) -> Result<String> {
        let data = self.own_data(member)?;
        let json = serde_json::to_string_pretty(&data).map_err(|e| Error::Stored(e.to_string()))?;
        self.record_event(
            actor,
            Kind::Export,
            Some(member),
            "按本人要求导出了其个人资料",
        )?;
        Ok(json)
    }

    /// Everything about a member for themselves (JSON export and the printed copy); the people
    /// they were introduced to appear as "对方". Reading it records nothing.
    pub fn own_data(&self, member: i64) -> Result<OwnData> {
        // Only this member's side: the people they were introduced to are named "对方".
        let mut introductions = self.introductions(Some(member))?;
        // Everything that names someone she was introduced to or asked about, local or at
        // another station: names, member numbers, the other stations' keys and their "朱先生".
        let mut partners = Vec::new();
        for i in &mut introductions {
            let (name, number, feedback) = if i.member_a == member {
                (&mut i.name_b, &mut i.number_b, &mut i.feedback_b)
            } else {
                (&mut i.name_a, &mut i.number_a, &mut i.feedback_a)
            };
            partners.push(std::mem::replace(name, PARTNER.to_string()));
            partners.push(std::mem::take(number));
            feedback.clear();
        }
        partners.extend(self.requested_partners(member)?);
        partners.retain(|p| !p.trim().is_empty());
        // The longest first: "南星-2026-0101" before a "2026-0101" it contains.
        partners.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        partners.dedup();
        let mut record = self.audit_of_member(member)?;
        for entry in &mut record {
            for partner in &partners {
                entry.summary = entry.summary.replace(partner.as_str(), PARTNER);
            }
            // "南星-2026-0101 朱先生" became "对方 对方": once is enough.
            for doubled in ["对方 对方", "对方对方"] {
                while entry.summary.contains(doubled) {
                    entry.summary = entry.summary.replace(doubled, PARTNER);
                }
            }
            if entry.member_id != Some(member) {
                entry.changes = None;
                entry.member_name = None;
            }
        }
        Ok(OwnData {
            exported_at: super::now_text(),
            station: self.station_name()?,
            member: self.member(member)?,
            introductions,
            record,
        })
    }

    /// The other stations' members `member` was asked about or for (their keys and how they
    /// are named, "朱先生(南星站)"), from the district requests.
    fn requested_partners(&self, member: i64) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare(
            "SELECT partner_key, coalesce(partner, '') FROM district_requests WHERE member_id = ?1",
        )?;
        let rows = statement.query_map([member], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut found = Vec::new();
        for row in rows {
            let (key, partner): (String, String) = row?;
            // "朱先生(南星站)" is named in the log as "朱先生" too.
            if let Some((title, _)) = partner.split_once('(') {
                found.push(title.to_string());
            }
            found.push(key);
            found.push(partner);
        }
        Ok(found)
    }

    /// Deletes a member on request by anonymising them: nothing that identifies them is left in
    /// the database file; the counts of the statistics stay. The deletion is recorded
    /// (`erasures`) so that a restore applies it again, and carried into every backup this
    /// program keeps in the backups folder (each rewritten and checked). The answer says what
    /// could not be done at once: the old text left in the file until another window closes,
    /// a backup that could not be rewritten (a restore of it still removes the member).
    /// An administrator's operation once the station has one.
    pub fn anonymise_member(&mut self, actor: &Actor, member: i64) -> Result<Erased> {
        self.may(actor, Permission::Delete)?;
        let volunteer = actor.volunteer();
        // Freed and rewritten pages are zeroed, so the old text does not linger in the file.
        self.conn.pragma_update(None, "secure_delete", true)?;
        let tx = self.write()?;
        let found = member_in(&tx, member)?;
        if found.data.name == ANONYMOUS && found.data.phone.is_empty() {
            return Err(Error::Refused("这位会员的资料已经删除".into()));
        }
        erase_in(&tx, member, &found.number, volunteer)?;
        audit::record(
            &tx,
            volunteer,
            Kind::Delete,
            Some(member),
            None,
            None,
            "按本人要求删除了个人资料(只保留统计用的性别、出生年月、登记日期和牵线经过)",
            None,
        )?;
        tx.commit()?;
        let mut erased = Erased::default();
        // Push the change out of the write-ahead log into the main file and empty the log. A
        // reader (another window) in the middle of a read keeps the old pages in use: wait a
        // little for it, then say so rather than claim the file is clean.
        if !self.fold_wal_within(std::time::Duration::from_secs(3)) {
            erased.left_in_file = true;
        }
        erased.backups = self.erase_from_backups(&[(member, found.number)]);
        Ok(erased)
    }

    /// Folds the WAL into the file and empties it, trying for `patience`; whether it could.
    pub(crate) fn fold_wal_within(&self, patience: std::time::Duration) -> bool {
        let started = std::time::Instant::now();
        loop {
            let busy = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    r.get::<_, i64>(0)
                });
            match busy {
                Ok(0) => return true,
                _ if started.elapsed() >= patience => return false,
                _ => std::thread::sleep(std::time::Duration::from_millis(100)),
            }
        }
    }

    /// The members deleted on request, as (id, member number).
    pub(crate) fn erasures(&self) -> Result<Vec<(i64, String)>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT member_id, number FROM erasures ORDER BY member_id")?;
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// What a deletion on request could not finish at once ([`Db::anonymise_member`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    /// Another window was reading: the old text stays in the database file until it closes
    /// (the next checkpoint overwrites it).
    pub left_in_file: bool,
    /// How many backups were rewritten, and the ones that could not be (with why).
    pub backups: super::backup::Rewritten,
}

impl Erased {
    /// A line for the volunteer about what is still to happen, if anything.
    pub fn remaining(&self) -> Option<String> {
        let mut lines = Vec::new();
        if self.left_in_file {
            lines.push("另一个窗口正在读数据库:旧内容要等它关闭后才从文件中清除".to_string());
        }
        if !self.backups.failed.is_empty() {
            lines.push(format!(
                "有 {} 份备份没能改写({});从这些备份恢复时,程序会再删除一次",
                self.backups.failed.len(),
                self.backups
                    .failed
                    .iter()
                    .map(|(path, why)| format!(
                        "{}:{why}",
                        path.file_name()
                            .map(|n| n.to_string_lossy())
                            .unwrap_or_default()
                    ))
                    .collect::<Vec<_>>()
                    .join(";")
            ));
        }
        (!lines.is_empty()).then(|| lines.join("。"))
    }
}

/// The `UPDATE` that empties a member's row, from what [`fields::MEMBER_FIELDS`] and
/// [`fields::BOOKKEEPING_COLUMNS`] say of each column: `?1` the anonymous name, `?2` the time,
/// `?3` the volunteer, `?4` and `?5` the member's id and number.
fn erase_sql() -> String {
    let columns = fields::MEMBER_FIELDS
        .iter()
        .flat_map(|f| f.columns.iter().map(move |c| (f, c)))
        .map(|(f, (column, erase))| (*column, *erase, f.access))
        .chain(
            fields::BOOKKEEPING_COLUMNS
                .iter()
                .map(|(column, erase)| (*column, *erase, fields::Access::Composite)),
        );
    let mut assignments = Vec::new();
    for (column, erase, access) in columns {
        let value = match (erase, access) {
            (Erase::Keep, _) => continue,
            (Erase::Anonymous, _) => "?1",
            (Erase::To(literal), _) => literal,
            (Erase::Blank, fields::Access::Text(..) | fields::Access::Composite) => "''",
            (Erase::Blank, fields::Access::Flag(..)) => "0",
            (Erase::Blank, _) => "NULL",
        };
        assignments.push(format!("{column} = {value}"));
    }
    format!(
        "UPDATE members SET {}, updated_at = ?2, updated_by = ?3 WHERE id = ?4 AND number = ?5",
        assignments.join(", ")
    )
}

/// Removes everything that identifies member `member` (numbered `number`) through `conn` (the
/// station's transaction, or a backup's): the same for both. Nothing when the member is not
/// there.
pub(crate) fn erase_in(
    conn: &rusqlite::Connection,
    member: i64,
    number: &str,
    volunteer: Option<i64>,
) -> Result<()> {
    let found: Option<[String; 4]> = conn
        .query_row(
            "SELECT name, phone, wechat, registrant_phone FROM members WHERE id = ?1 AND number = ?2",
            params![member, number],
            |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
        )
        .optional()?;
    let Some(found) = found else {
        return Ok(());
    };
    let changed = conn.execute(
        &erase_sql(),
        params![ANONYMOUS, super::now_text(), volunteer, member, number],
    )?;
    if changed == 0 {
        return Ok(());
    }
    // Her wishes (and her family's for her), her photo, the values an import asked to check.
    for table in [
        "preferences",
        "family_preferences",
        "photos",
        "member_checks",
    ] {
        conn.execute(
            &format!("DELETE FROM {table} WHERE member_id = ?1"),
            [member],
        )?;
    }
    // What they marked on 心动卡 and what was marked of them; the events keep that they came.
    conn.execute(
        "DELETE FROM event_choices WHERE chooser_id = ?1 OR chosen_id = ?1",
        [member],
    )?;
    erase_linked_free_texts(conn, member)?;
    // An introduction has two sides: hers loses its words, the other side keeps theirs but
    // without her name or contacts in them.
    conn.execute(
        "UPDATE introductions SET feedback_a = CASE WHEN member_a = ?1 THEN '' ELSE feedback_a END,
             feedback_b = CASE WHEN member_b = ?1 THEN '' ELSE feedback_b END
         WHERE member_a = ?1 OR member_b = ?1",
        [member],
    )?;
    for identifier in found_identifiers(&found) {
        conn.execute(
            "UPDATE introductions SET feedback_a = replace(feedback_a, ?2, ?3),
                 feedback_b = replace(feedback_b, ?2, ?3)
             WHERE (member_a = ?1 OR member_b = ?1)
                 AND (instr(feedback_a, ?2) > 0 OR instr(feedback_b, ?2) > 0)",
            params![member, identifier, "对方"],
        )?;
    }
    // Her words after a meeting go; the other side's, the place and the reasons lose her name.
    conn.execute(
        "UPDATE meetings SET
             words_a = CASE WHEN i.member_a = ?1 THEN '' ELSE words_a END,
             words_b = CASE WHEN i.member_b = ?1 THEN '' ELSE words_b END
         FROM introductions i WHERE i.id = meetings.introduction_id
             AND (i.member_a = ?1 OR i.member_b = ?1)",
        [member],
    )?;
    for identifier in found_identifiers(&found) {
        for column in ["words_a", "words_b", "place", "reason"] {
            conn.execute(
                &format!(
                    "UPDATE meetings SET {column} = replace({column}, ?2, ?3)
                     WHERE introduction_id IN
                         (SELECT id FROM introductions WHERE member_a = ?1 OR member_b = ?1)
                       AND instr({column}, ?2) > 0"
                ),
                params![member, identifier, "对方"],
            )?;
        }
    }
    conn.execute(
        "UPDATE introduction_steps SET notes = '' WHERE introduction_id IN
            (SELECT id FROM introductions WHERE member_a = ?1 OR member_b = ?1)",
        [member],
    )?;
    // The card last sent to the district: kept by its key only, so that the next sync still
    // takes it back from the other stations.
    conn.execute(
        "UPDATE district_pushed SET profile = '' WHERE substr(key, -length(?1) - 1) = '-' || ?1",
        [number],
    )?;
    // The log keeps that things happened, not who this was or what their details were:
    // every entry about the member (or an introduction with them) loses its text.
    conn.execute(
        "UPDATE audit_log SET summary = ?1, changes = NULL
         WHERE member_id = ?2 OR other_member_id = ?2",
        params!["(内容已随会员资料删除)", member],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO erasures (member_id, number, requested_at) VALUES (?1, ?2, ?3)",
        params![member, number, super::now_text()],
    )?;
    Ok(())
}

/// What names her in the other side's words: her name and contacts (ones too short to be sure
/// of, like an anonymised name or a two-letter WeChat, are left alone).
fn found_identifiers(found: &[String; 4]) -> Vec<&str> {
    let [name, contacts @ ..] = found;
    let name = (name != ANONYMOUS && name.chars().count() >= 2).then_some(name.as_str());
    name.into_iter()
        .chain(contacts.iter().map(String::as_str).filter(|c| c.len() >= 5))
        .collect()
}

/// Empties every free text of every row that belongs to `member` through a column referencing
/// `members(id)`, found in the schema itself so that a table or column added later is erased
/// too: a free text is a TEXT column whose default is '' (the schema's convention; coded and
/// dated columns have none): the member's own row among them. The introductions (two sides)
/// are erased by [`erase_in`] itself.
fn erase_linked_free_texts(conn: &rusqlite::Connection, member: i64) -> Result<()> {
    let own = ("members".to_string(), "id".to_string());
    for (table, link) in std::iter::once(own).chain(member_links(conn)?) {
        if table == "introductions" {
            continue;
        }
        let columns = free_texts(conn, &table)?;
        if columns.is_empty() {
            continue;
        }
        let set = columns
            .iter()
            .map(|c| format!("\"{c}\" = ''"))
            .collect::<Vec<_>>()
            .join(", ");
        conn.execute(
            &format!("UPDATE \"{table}\" SET {set} WHERE \"{link}\" = ?1"),
            [member],
        )?;
    }
    Ok(())
}

/// Every (table, column) whose column references `members(id)`.
pub(crate) fn member_links(conn: &rusqlite::Connection) -> Result<Vec<(String, String)>> {
    let mut statement = conn.prepare(
        "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f.\"table\" = 'members' ORDER BY m.name, f.\"from\"",
    )?;
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The free-text columns of `table`: TEXT with the default ''.
pub(crate) fn free_texts(conn: &rusqlite::Connection, table: &str) -> Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT name FROM pragma_table_info(?1)
         WHERE upper(type) = 'TEXT' AND dflt_value = '''''' ORDER BY cid",
    )?;
    let rows = statement.query_map([table], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
