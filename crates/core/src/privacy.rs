//! 个人信息 (PIPL): a member's own data exported on request, and deletion on request as
//! anonymisation — the name, contacts, photo and every free text are gone (from the tables, the
//! log and the file's free pages), while gender, birth month, registration date and the
//! introduction history stay so the statistics keep their counts.

use super::audit::{self, Kind};
use super::db::Db;
use super::error::{Error, Result};
use super::members::member_in;
use super::signin::{Actor, Permission};
use rusqlite::params;
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
        let mut partners = Vec::new();
        for i in &mut introductions {
            let (name, number, feedback) = if i.member_a == member {
                (&mut i.name_b, &mut i.number_b, &mut i.feedback_b)
            } else {
                (&mut i.name_a, &mut i.number_a, &mut i.feedback_a)
            };
            partners.push(std::mem::replace(name, PARTNER.to_string()));
            number.clear();
            feedback.clear();
        }
        let mut record = self.audit_of_member(member)?;
        for entry in &mut record {
            for partner in partners.iter().filter(|p| !p.is_empty()) {
                entry.summary = entry.summary.replace(partner.as_str(), PARTNER);
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

    /// Deletes a member on request by anonymising them: nothing that identifies them is left in
    /// the database file; the counts of the statistics stay. An administrator's operation once
    /// the station has one.
    pub fn anonymise_member(&mut self, actor: &Actor, member: i64) -> Result<()> {
        self.may(actor, Permission::Delete)?;
        let volunteer = actor.volunteer();
        // Freed and rewritten pages are zeroed, so the old text does not linger in the file.
        self.conn.pragma_update(None, "secure_delete", true)?;
        let tx = self.write()?;
        let found = member_in(&tx, member)?;
        let name = found.data.name.clone();
        if name == ANONYMOUS && found.data.phone.is_empty() {
            return Err(Error::Refused("这位会员的资料已经删除".into()));
        }
        tx.execute(
            "UPDATE members SET name = ?1, phone = '', wechat = '', registrant_name = '',
                registrant_kin = '', notes = '', consent_source = '', registrant_phone = '', registrant_relation = 'self', employer = '', occupation = '',
                native_place = '', hobbies = '', self_intro = '', union_name = '', income = '',
                housing = '', children = '', source = '', status = 'withdrawn', district = '',
                ethnicity = '', employer_type = '', height_cm = NULL, weight_kg = NULL,
                education = NULL, hukou = NULL, marital_status = NULL, has_car = NULL,
                only_child = NULL, union_member = 0, updated_at = ?2, updated_by = ?3
             WHERE id = ?4",
            params![ANONYMOUS, super::now_text(), volunteer, member],
        )?;
        tx.execute("DELETE FROM preferences WHERE member_id = ?1", [member])?;
        tx.execute("DELETE FROM photos WHERE member_id = ?1", [member])?;
        tx.execute(
            "UPDATE introductions SET feedback_a = CASE WHEN member_a = ?1 THEN '' ELSE feedback_a END,
                 feedback_b = CASE WHEN member_b = ?1 THEN '' ELSE feedback_b END
             WHERE member_a = ?1 OR member_b = ?1",
            [member],
        )?;
        tx.execute(
            "UPDATE introduction_steps SET notes = '' WHERE introduction_id IN
                (SELECT id FROM introductions WHERE member_a = ?1 OR member_b = ?1)",
            [member],
        )?;
        // The log keeps that things happened, not who this was or what their details were:
        // every entry about the member (or an introduction with them) loses its text.
        tx.execute(
            "UPDATE audit_log SET summary = ?1, changes = NULL
             WHERE member_id = ?2 OR other_member_id = ?2",
            params!["(内容已随会员资料按本人要求删除)", member],
        )?;
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
        // Push the change out of the write-ahead log into the main file and empty the log.
        let _: (i64, i64, i64) = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap_or((0, 0, 0));
        Ok(())
    }
}
