//! 操作记录: every change to the station's data — a member registered, edited (with each field
//! before and after), imported, an introduction step, a restore, an export, a phone number
//! shown — with the volunteer on duty and the time. Written in the same transaction as the
//! change itself, so the record and the change stand or fall together.

use super::db::Db;
use super::error::Result;
use super::model::{Member, MemberData, labelled_enum};
use super::now_text;
use super::signin::Actor;
use rusqlite::{Connection, params};
use serde::Serialize;
use serde_json::Value;

labelled_enum!(Kind {
    Create = "create" / "登记",
    Edit = "edit" / "修改",
    Import = "import" / "导入",
    Introduction = "introduction" / "牵线",
    Restore = "restore" / "恢复备份",
    Export = "export" / "导出",
    Reveal = "reveal" / "查看完整联系方式",
    Delete = "delete" / "删除",
    Encryption = "encryption" / "数据库加密",
    Volunteers = "volunteers" / "红娘管理",
    Check = "check" / "核对",
    Event = "event" / "联谊活动",
    OpenDay = "open_day" / "开放日",
    District = "district" / "全区共享",
    Consent = "consent" / "本人同意",
    Retention = "retention" / "保存期满删除",
    Enquiry = "enquiry" / "来电来访",
});

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: i64,
    /// `2026-11-21T09:30:00`.
    pub at: String,
    pub volunteer_name: Option<String>,
    pub kind: Kind,
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    /// What happened, in a line ("身高:163 → 165;状态:在册 → 暂停").
    pub summary: String,
    /// The values before and after, as JSON (`{"height_cm": [163, 165]}`), for the record.
    pub changes: Option<String>,
}

/// The label of a field of the sheet as JSON names it.
fn field_label(key: &str) -> &str {
    super::fields::member_field(key).map_or(key, |f| f.label)
}

fn shown(value: &Value) -> String {
    match value {
        Value::Null => "(空)".to_string(),
        Value::String(s) if s.is_empty() => "(空)".to_string(),
        Value::String(s) => {
            // Codes of the closed lists read as their labels.
            let labels = [
                super::model::Gender::parse(s).map(|v| v.label()),
                super::model::Education::parse(s).map(|v| v.label()),
                super::model::MaritalStatus::parse(s).map(|v| v.label()),
                super::model::Hukou::parse(s).map(|v| v.label()),
                super::model::MemberStatus::parse(s).map(|v| v.label()),
                super::model::PauseReason::parse(s).map(|v| v.label()),
            ];
            labels
                .into_iter()
                .flatten()
                .next()
                .map_or_else(|| s.clone(), str::to_string)
        }
        Value::Bool(true) => "是".to_string(),
        Value::Bool(false) => "否".to_string(),
        other => other.to_string(),
    }
}

/// The fields that differ between two versions of a sheet: `{"field": [before, after]}` and a
/// readable line. Contact fields are named but their values are not written in the line.
pub fn diff(before: &MemberData, after: &MemberData) -> (Value, String) {
    let (Ok(Value::Object(old)), Ok(Value::Object(new))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return (Value::Null, String::new());
    };
    let mut changes = serde_json::Map::new();
    let mut lines = Vec::new();
    for (key, new_value) in &new {
        let old_value = old.get(key).unwrap_or(&Value::Null);
        if old_value == new_value {
            continue;
        }
        changes.insert(
            key.clone(),
            Value::Array(vec![old_value.clone(), new_value.clone()]),
        );
        let label = field_label(key);
        lines.push(match key.as_str() {
            "phone" | "wechat" | "registrant" => format!("{label}已修改"),
            "preferences" | "self_intro" | "hobbies" | "notes" => format!("{label}已修改"),
            _ => format!("{label}:{} → {}", shown(old_value), shown(new_value)),
        });
    }
    (Value::Object(changes), lines.join(";"))
}

/// Writes one entry through `conn` (a transaction, so it commits with the change).
#[allow(clippy::too_many_arguments)] // one column each
pub(crate) fn record(
    conn: &Connection,
    volunteer: Option<i64>,
    kind: Kind,
    member: Option<i64>,
    other_member: Option<i64>,
    introduction: Option<i64>,
    summary: &str,
    changes: Option<&Value>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, volunteer_id, kind, member_id, other_member_id, introduction_id,
             summary, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            now_text(),
            volunteer,
            kind.code(),
            member,
            other_member,
            introduction,
            summary,
            changes.map(Value::to_string)
        ],
    )?;
    Ok(())
}

const SELECT: &str = "SELECT a.id, a.at, v.name, a.kind, a.member_id, m.name, a.summary, a.changes
    FROM audit_log a
    LEFT JOIN volunteers v ON v.id = a.volunteer_id
    LEFT JOIN members m ON m.id = a.member_id";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        at: row.get(1)?,
        volunteer_name: row.get(2)?,
        kind: row.get(3)?,
        member_id: row.get(4)?,
        member_name: row.get(5)?,
        summary: row.get(6)?,
        changes: row.get(7)?,
    })
}

impl Db {
    /// The entries about one member (their own and the introductions they were part of),
    /// newest first.
    pub fn audit_of_member(&self, member: i64) -> Result<Vec<Entry>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE a.member_id = ?1 OR a.other_member_id = ?1 ORDER BY a.id DESC"
        ))?;
        let rows = statement.query_map([member], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The latest `limit` entries of the whole station, newest first.
    pub fn audit_log(&self, limit: u64) -> Result<Vec<Entry>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!("{SELECT} ORDER BY a.id DESC LIMIT ?1"))?;
        let rows = statement.query_map([limit.min(i64::MAX as u64) as i64], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records something done outside a change of the data (an export, a restore), in the
    /// operation's own module; front ends go through the operations.
    pub(crate) fn record_event(
        &self,
        actor: &Actor,
        kind: Kind,
        member: Option<i64>,
        summary: &str,
    ) -> Result<()> {
        record(
            &self.conn,
            actor.volunteer(),
            kind,
            member,
            None,
            None,
            summary,
            None,
        )
    }

    /// A member's full phone and WeChat, for a volunteer who needs to call: the showing is
    /// recorded.
    pub fn reveal_contact(&self, actor: &Actor, member: i64) -> Result<Member> {
        let found = self.member(member)?;
        self.record_event(
            actor,
            Kind::Reveal,
            Some(member),
            "查看了完整的手机号和微信",
        )?;
        Ok(found)
    }

    /// Full contacts of many members at once (a command line's `--full-contacts` over a list):
    /// one entry saying how many and where.
    pub fn reveal_contacts_of_many(&self, actor: &Actor, count: usize, place: &str) -> Result<()> {
        self.record_event(
            actor,
            Kind::Reveal,
            None,
            &format!("查看了{place}中 {count} 位会员的完整手机号和微信"),
        )
    }
}
