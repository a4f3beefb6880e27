//! The member's own yes (本人确认) apart from the registrant's, and the consent to publicity.
//!
//! A parent who registers a daughter signs for the registration; the daughter's own yes to be
//! registered and introduced is a fact of its own ([`MemberData::own_consent_on`]). Until it is
//! recorded she is 待本人确认: kept and searchable, but not paired, introduced, invited or
//! shared — the rule is [`MemberData::withheld`], read by each of those. 首页 lists who waits,
//! with the registrant's phone to call.
//!
//! [`MemberData::own_consent_on`]: crate::model::MemberData::own_consent_on
//! [`MemberData::withheld`]: crate::model::MemberData::withheld

use super::audit::{self, Kind};
use super::db::Db;
use super::error::{Error, Result};
use super::members::member_in;
use super::model::{OwnConsentHow, PublicityName, RegistrantRelation};
use super::signin::Actor;
use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

/// The key under which version 18 left how many members it marked 待本人确认.
const UPGRADE_NOTE: &str = "upgrade_awaiting_own";

/// A member 待本人确认, for 首页's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwaitingOwn {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub registered_on: Option<NaiveDate>,
    pub registrant: RegistrantRelation,
    pub registrant_name: String,
    /// The registrant's phone (to call), and the member's own when the sheet has one.
    pub registrant_phone: String,
    pub phone: String,
    /// The book the member was imported from ("第 3 册 · 旧登记册.xlsx"), empty when typed in
    /// at the station: the bulk 已确认 goes by it ([`Db::confirm_book`]).
    pub book: String,
}

/// The book a member was imported from: their source without its page and line.
pub fn book_of(source: &str) -> String {
    source
        .split(" · ")
        .filter(|part| !(part.starts_with('第') && part.ends_with('页')))
        .map(|part| match part.rfind(" 第 ") {
            Some(at) if part.ends_with('行') => &part[..at],
            _ => part,
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A consent's day (`what` it was), refused in words when in the future or before the
/// registration: the form's rule ([`super::validate::consent_day_problem`]).
fn check_day(
    what: &str,
    on: NaiveDate,
    registered: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<()> {
    match super::validate::consent_day_problem(what, on, registered, today) {
        Some(problem) => Err(Error::Refused(problem)),
        None => Ok(()),
    }
}

impl Db {
    /// The members 待本人确认 (在册 or 暂停), the oldest registration first: at most `limit`,
    /// with the count of all.
    pub fn awaiting_own_consent(&self, limit: usize) -> Result<(Vec<AwaitingOwn>, usize)> {
        const WHERE: &str = "registrant_relation <> 'self' AND own_consent_on IS NULL
             AND status IN ('active', 'paused')";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM members WHERE {WHERE}"),
            [],
            |r| r.get(0),
        )?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT id, number, name, registered_on, registrant_relation, registrant_name,
                    registrant_phone, phone, source
             FROM members WHERE {WHERE}
             ORDER BY registered_on, id LIMIT ?1"
        ))?;
        let rows = statement.query_map([limit as i64], |r| {
            let source: String = r.get(8)?;
            Ok(AwaitingOwn {
                member_id: r.get(0)?,
                number: r.get(1)?,
                name: r.get(2)?,
                registered_on: r.get(3)?,
                registrant: r.get(4)?,
                registrant_name: r.get(5)?,
                registrant_phone: r.get(6)?,
                phone: r.get(7)?,
                book: book_of(&source),
            })
        })?;
        Ok((rows.collect::<rusqlite::Result<_>>()?, total as usize))
    }

    /// The member gave their own yes on `on`, in the way `how` (the volunteer acting heard
    /// it): from now on they may be paired, introduced, invited and shared as they agreed.
    pub fn record_own_consent(
        &mut self,
        actor: &Actor,
        member: i64,
        how: OwnConsentHow,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<()> {
        let by = match actor.volunteer() {
            Some(id) => self.volunteer_name(id)?,
            None => String::new(),
        };
        if how == OwnConsentHow::Phone && by.is_empty() {
            return Err(Error::Refused(
                "电话确认要记下接电话的红娘,现在没有值班的红娘".into(),
            ));
        }
        let tx = self.write()?;
        let found = member_in(&tx, member)?;
        let d = &found.data;
        if d.registrant.relation == RegistrantRelation::Own {
            return Err(Error::Refused(format!(
                "{}是本人登记的,知情同意就是本人的,不用再确认",
                d.name
            )));
        }
        if let Some(given) = d.own_consent_on {
            return Err(Error::Refused(format!(
                "{}已经在 {given} 本人确认过了",
                d.name
            )));
        }
        check_day("本人确认", on, d.registered_on, today)?;
        tx.execute(
            "UPDATE members SET own_consent_on = ?1, own_consent_how = ?2, own_consent_by = ?3,
                 updated_at = ?4, updated_by = ?5
             WHERE id = ?6",
            params![
                on,
                how.code(),
                by,
                super::now_text(),
                actor.volunteer(),
                member
            ],
        )?;
        audit::record(
            &tx,
            actor.volunteer(),
            Kind::Consent,
            Some(member),
            None,
            None,
            &format!(
                "{}本人确认同意登记和介绍({on},{}{})",
                d.name,
                how.label(),
                if by.is_empty() {
                    String::new()
                } else {
                    format!(",{by}经办")
                }
            ),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The imported books with members 待本人确认, and how many wait in each, most first: what
    /// [`Db::confirm_book`] takes.
    pub fn awaiting_books(&self) -> Result<Vec<(String, usize)>> {
        let (all, _) = self.awaiting_own_consent(usize::MAX >> 1)?;
        let mut books: Vec<(String, usize)> = Vec::new();
        for a in all.iter().filter(|a| !a.book.is_empty()) {
            match books.iter_mut().find(|(book, _)| *book == a.book) {
                Some((_, count)) => *count += 1,
                None => books.push((a.book.clone(), 1)),
            }
        }
        books.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(books)
    }

    /// 整册已确认: every member 待本人确认 imported from `book` (see [`book_of`]) signed the
    /// sheet's 本人确认 line, as the volunteer checked in the paper book: recorded as signed on
    /// the day of their registration. How many.
    pub fn confirm_book(&mut self, actor: &Actor, book: &str) -> Result<usize> {
        let book = book.trim();
        if book.is_empty() {
            return Err(Error::Refused(
                "请写明是哪一册(导入时的册号或文件名)".into(),
            ));
        }
        let (awaiting, _) = self.awaiting_own_consent(usize::MAX >> 1)?;
        let chosen: Vec<&AwaitingOwn> = awaiting.iter().filter(|a| a.book == book).collect();
        if chosen.is_empty() {
            return Err(Error::Refused(format!("“{book}”里没有待本人确认的会员")));
        }
        let tx = self.write()?;
        for member in &chosen {
            tx.execute(
                "UPDATE members SET own_consent_on = coalesce(registered_on, ?1),
                     own_consent_how = 'sheet', updated_at = ?2, updated_by = ?3
                 WHERE id = ?4 AND own_consent_on IS NULL",
                params![
                    super::today(),
                    super::now_text(),
                    actor.volunteer(),
                    member.member_id
                ],
            )?;
            audit::record(
                &tx,
                actor.volunteer(),
                Kind::Consent,
                Some(member.member_id),
                None,
                None,
                &format!("{}本人确认:{book} 的登记表上有本人签字", member.name),
                None,
            )?;
        }
        tx.commit()?;
        Ok(chosen.len())
    }

    /// The member said no to being registered (asked for their own yes): 退出, and from that
    /// day the retention period runs.
    pub fn own_consent_refused(&mut self, actor: &Actor, member: i64) -> Result<()> {
        let tx = self.write()?;
        let found = member_in(&tx, member)?;
        if !found.data.awaits_own_consent() {
            return Err(Error::Refused(format!(
                "{}不在待本人确认的名单上",
                found.data.name
            )));
        }
        tx.execute(
            "UPDATE members SET status = 'withdrawn', pause_reason = NULL, pause_until = NULL,
                 district_consent_on = NULL, publicity_consent_on = NULL, publicity_name = NULL,
                 updated_at = ?1, updated_by = ?2
             WHERE id = ?3",
            params![super::now_text(), actor.volunteer(), member],
        )?;
        audit::record(
            &tx,
            actor.volunteer(),
            Kind::Consent,
            Some(member),
            None,
            None,
            &format!("{}本人不同意登记:已退出", found.data.name),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The member agreed on `on` that the station may tell their story, named as `name`
    /// (`Some`), or withdrew that consent (`None`).
    pub fn set_publicity_consent(
        &mut self,
        actor: &Actor,
        member: i64,
        consent: Option<(NaiveDate, PublicityName)>,
        today: NaiveDate,
    ) -> Result<()> {
        let tx = self.write()?;
        let found = member_in(&tx, member)?;
        let d = &found.data;
        let summary = match consent {
            Some((on, name)) => {
                if let Some(why) = d.withheld() {
                    return Err(Error::Refused(format!(
                        "{}{why},先要有本人的同意才能同意宣传",
                        d.name
                    )));
                }
                check_day("同意宣传", on, d.registered_on, today)?;
                format!("{}同意宣传({on},{})", d.name, name.label())
            }
            None if d.publicity_consent_on.is_none() => {
                return Err(Error::Refused(format!("{}没有同意过宣传", d.name)));
            }
            None => format!("{}撤回了宣传的同意", d.name),
        };
        tx.execute(
            "UPDATE members SET publicity_consent_on = ?1, publicity_name = ?2,
                 updated_at = ?3, updated_by = ?4
             WHERE id = ?5",
            params![
                consent.map(|(on, _)| on),
                consent.map(|(_, name)| name.code()),
                super::now_text(),
                actor.volunteer(),
                member
            ],
        )?;
        audit::record(
            &tx,
            actor.volunteer(),
            Kind::Consent,
            Some(member),
            None,
            None,
            &summary,
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// What the last upgrade of the file changed that the station should hear of once ("升级后
    /// 有 12 位由家人代登记的会员待本人确认"), until [`Db::dismiss_upgrade_notes`].
    pub fn upgrade_notes(&self) -> Result<Vec<String>> {
        let mut notes = Vec::new();
        if let Some(count) = self.setting(UPGRADE_NOTE)? {
            notes.push(format!(
                "程序升级后,{count} 位由父母或亲属代为登记的会员标为“待本人确认”:\
                 本人同意前不参加配对、介绍、活动和全区共享。请在首页的名单上逐一联系确认"
            ));
        }
        Ok(notes)
    }

    pub fn dismiss_upgrade_notes(&self) -> Result<()> {
        self.conn
            .execute("DELETE FROM settings WHERE key = ?1", [UPGRADE_NOTE])?;
        Ok(())
    }
}
