//! 来电来访: who called or came before registering (a parent, the person), how, what they
//! asked and what follows (登记 / 再联系 / 不需要), and the counselling referrals the station
//! makes (婚恋指导, 心理咨询) — those with no detail beyond the referral. A registration with the
//! phone of an enquiry keeps the link (SQLite's trigger `members_from_enquiry`, whatever
//! registered her: the form, a JSON batch, an import), so that 统计 counts enquiries →
//! registrations.

use super::audit;
pub use super::codes::{EnquiryHow, EnquiryKind, EnquiryWho, FollowUp};
use super::db::Db;
use super::error::{Error, Result};
use super::signin::Actor;
use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

/// An enquiry as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEnquiry {
    pub on: NaiveDate,
    pub kind: EnquiryKind,
    pub who: EnquiryWho,
    pub how: EnquiryHow,
    /// As they gave it ("王阿姨"); may be empty.
    pub name: String,
    pub phone: String,
    /// What they asked; nothing for a referral.
    pub asked: String,
    pub follow_up: FollowUp,
}

/// A saved enquiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enquiry {
    pub id: i64,
    pub on: NaiveDate,
    pub kind: EnquiryKind,
    pub who: EnquiryWho,
    pub how: EnquiryHow,
    pub name: String,
    pub phone: String,
    pub asked: String,
    pub follow_up: FollowUp,
    /// The member registered from it.
    pub member_id: Option<i64>,
    pub member_number: Option<String>,
    pub volunteer_name: Option<String>,
}

impl Enquiry {
    /// "2026-12-07 母亲 电话 王阿姨:问女儿能不能登记 → 登记(2026-0301)".
    pub fn line(&self) -> String {
        let mut line = format!("{} {} {}", self.on, self.who.label(), self.how.label());
        if self.kind != EnquiryKind::Enquiry {
            line.push_str(&format!(" · {}", self.kind.label()));
        }
        if !self.name.is_empty() {
            line.push_str(&format!(" {}", self.name));
        }
        if !self.asked.is_empty() {
            line.push_str(&format!(":{}", self.asked));
        }
        line.push_str(&format!(" → {}", self.follow_up.label()));
        if let Some(number) = &self.member_number {
            line.push_str(&format!("({number})"));
        }
        line
    }
}

/// The enquiries of a period, counted for 统计.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EnquiryCounts {
    pub enquiries: u64,
    /// Of them, how many were followed by a registration (linked).
    pub registered: u64,
    pub by_phone: u64,
    pub visits: u64,
    pub wechat: u64,
    /// From a parent or another relative.
    pub from_family: u64,
    /// Counselling referrals (婚恋指导, 心理咨询).
    pub referrals: u64,
}

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

const SELECT: &str = "SELECT e.id, e.on_date, e.kind, e.who, e.how, e.name, e.phone, e.asked,
        e.follow_up, e.member_id, m.number, v.name
     FROM enquiries e LEFT JOIN members m ON m.id = e.member_id
     LEFT JOIN volunteers v ON v.id = e.volunteer_id";

fn enquiry_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Enquiry> {
    Ok(Enquiry {
        id: r.get(0)?,
        on: r.get(1)?,
        kind: r.get(2)?,
        who: r.get(3)?,
        how: r.get(4)?,
        name: r.get(5)?,
        phone: r.get(6)?,
        asked: r.get(7)?,
        follow_up: r.get(8)?,
        member_id: r.get(9)?,
        member_number: r.get(10)?,
        volunteer_name: r.get(11)?,
    })
}

impl Db {
    /// Records an enquiry (or a referral). A referral keeps nothing beyond itself: what was
    /// asked is not kept.
    pub fn add_enquiry(&self, actor: &Actor, e: &NewEnquiry, today: NaiveDate) -> Result<Enquiry> {
        if e.on > today {
            return refuse("日期不能晚于今天");
        }
        if e.on < today - chrono::Days::new(366) {
            return refuse("日期在一年以前,请核对");
        }
        let name = e.name.trim();
        let phone = super::parse::phone_digits(&e.phone);
        let referral = e.kind != EnquiryKind::Enquiry;
        let asked = if referral { "" } else { e.asked.trim() };
        if name.chars().count() > 20 {
            return refuse("称呼太长(最多 20 个字)");
        }
        if !phone.is_empty() && !super::validate::is_phone(&phone) {
            return refuse(super::validate::PHONE_FORMAT_MESSAGE);
        }
        if asked.chars().count() > 300 {
            return refuse("问的事太长(最多 300 个字)");
        }
        if e.follow_up == FollowUp::CallBack && phone.is_empty() && !referral {
            return refuse("要再联系,请留下电话");
        }
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO enquiries (on_date, kind, who, how, name, phone, asked, follow_up,
                 volunteer_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                e.on,
                e.kind.code(),
                e.who.code(),
                e.how.code(),
                if referral { "" } else { name },
                if referral { "" } else { phone.as_str() },
                asked,
                e.follow_up.code(),
                actor.volunteer(),
                super::now_text()
            ],
        )?;
        let id = tx.last_insert_rowid();
        // Already registered with this phone: linked at once.
        if !referral && !phone.is_empty() {
            tx.execute(
                "UPDATE enquiries SET member_id =
                     (SELECT id FROM members WHERE phone = ?1 OR registrant_phone = ?1
                      ORDER BY id DESC LIMIT 1)
                 WHERE id = ?2",
                params![phone, id],
            )?;
        }
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Enquiry,
            None,
            None,
            None,
            &format!(
                "记了一条{}:{}{}",
                e.kind.label(),
                e.who.label(),
                e.how.label()
            ),
            None,
        )?;
        tx.commit()?;
        self.enquiry(id)
    }

    pub fn enquiry(&self, id: i64) -> Result<Enquiry> {
        self.conn
            .query_row(&format!("{SELECT} WHERE e.id = ?1"), [id], enquiry_of)
            .map_err(|_| Error::Refused(format!("找不到第 {id} 条来电来访")))
    }

    /// The enquiries, newest first (at most `limit`); `to_call` keeps only those to call back
    /// (再联系) and not registered since.
    pub fn enquiries(&self, to_call: bool, limit: usize) -> Result<Vec<Enquiry>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE (?1 = 0 OR (e.follow_up = 'call_back' AND e.member_id IS NULL))
             ORDER BY e.on_date DESC, e.id DESC LIMIT ?2"
        ))?;
        let rows = statement.query_map(params![to_call, limit as i64], enquiry_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The follow-up changed (called back: 登记 / 不需要).
    pub fn set_enquiry_follow_up(&self, actor: &Actor, id: i64, follow_up: FollowUp) -> Result<()> {
        let before = self.enquiry(id)?;
        self.conn.execute(
            "UPDATE enquiries SET follow_up = ?1 WHERE id = ?2",
            params![follow_up.code(), id],
        )?;
        self.record_event(
            actor,
            audit::Kind::Enquiry,
            before.member_id,
            &format!(
                "来电来访({}):{} → {}",
                before.on,
                before.follow_up.label(),
                follow_up.label()
            ),
        )
    }

    /// The enquiries of `from`–`to` (both included, open when `None`), counted.
    pub fn enquiry_counts(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<EnquiryCounts> {
        Ok(self.conn.query_row(
            "SELECT count(*) FILTER (WHERE kind = 'enquiry'),
                    count(*) FILTER (WHERE kind = 'enquiry' AND member_id IS NOT NULL),
                    count(*) FILTER (WHERE kind = 'enquiry' AND how = 'phone'),
                    count(*) FILTER (WHERE kind = 'enquiry' AND how = 'visit'),
                    count(*) FILTER (WHERE kind = 'enquiry' AND how = 'wechat'),
                    count(*) FILTER (WHERE kind = 'enquiry' AND who IN ('parent', 'relative')),
                    count(*) FILTER (WHERE kind <> 'enquiry')
             FROM enquiries
             WHERE (?1 IS NULL OR on_date >= ?1) AND (?2 IS NULL OR on_date <= ?2)",
            params![from, to],
            |r| {
                let n = |i: usize| r.get::<_, i64>(i).map(|v| v as u64);
                Ok(EnquiryCounts {
                    enquiries: n(0)?,
                    registered: n(1)?,
                    by_phone: n(2)?,
                    visits: n(3)?,
                    wechat: n(4)?,
                    from_family: n(5)?,
                    referrals: n(6)?,
                })
            },
        )?)
    }
}
