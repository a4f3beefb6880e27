//! 更正: after an event's matches are confirmed its check-in and cards are closed; a mistake
//! found later (a card typed for the wrong badge, a guest marked 未到 who came) is corrected by
//! an administrator, with a reason, in the 操作记录. A corrected card that makes a new mutual
//! choice makes its introduction as the confirmation did; one that would undo a choice already
//! in 牵线记录 is refused until that introduction is ended there (its history is the station's).

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::events::{
    Arrival, Choice, Event, Place, attendees_in, introduce_match, matches_in, write_card,
};
use super::now_text;
use super::signin::{Actor, Permission};
use rusqlite::{Transaction, params};
use serde::Serialize;
use std::collections::HashSet;

/// What a correction did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Corrected {
    /// Introductions made of the mutual choices the correction made.
    pub introductions: Vec<i64>,
    /// New mutual choices not made introductions, with why.
    pub skipped: Vec<String>,
}

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

/// A mutual choice: (man, woman), its introduction, and its badges in words.
type Pair = ((i64, i64), Option<i64>, String);

/// The pairs (man, woman) of the mutual choices and their introductions still going on (one
/// ended — 未成 — no longer holds a correction back).
fn pairs(tx: &Transaction<'_>, event: i64) -> Result<Vec<Pair>> {
    let mut ended = tx.prepare_cached("SELECT stage = 'ended' FROM introductions WHERE id = ?1")?;
    let mut found = Vec::new();
    for m in matches_in(tx, event)? {
        let going_on = match m.introduction {
            Some(id) => (!ended.query_row([id], |r| r.get::<_, bool>(0))?).then_some(id),
            None => None,
        };
        found.push((
            (m.pair.man, m.pair.woman),
            going_on,
            format!("{}与{}", m.man.badge_text(), m.woman.badge_text()),
        ));
    }
    Ok(found)
}

impl Db {
    /// Who may correct, why, and that there is something confirmed to correct.
    fn correction_allowed(&self, actor: &Actor, event: i64, reason: &str) -> Result<Event> {
        self.may(actor, Permission::CorrectEvent)?;
        if reason.trim().is_empty() {
            return refuse("请写明为什么更正(会记入操作记录)");
        }
        let found = self.event(event)?;
        if !found.matched {
            return refuse("这场活动的互选结果还没有确认,直接在“录入心动卡”或签到里改就可以");
        }
        Ok(found)
    }

    /// Corrects `chooser`'s 心动卡 after the confirmation: new mutual choices become
    /// introductions; a choice already made an introduction cannot be undone here.
    pub fn correct_card(
        &mut self,
        actor: &Actor,
        event: i64,
        chooser: i64,
        card: &[(i64, Choice)],
        reason: &str,
    ) -> Result<Corrected> {
        let found = self.correction_allowed(actor, event, reason)?;
        let title = &found.data.title;
        let tx = self.write()?;
        let before = pairs(&tx, event)?;
        let who = write_card(&tx, event, chooser, card)?;
        let after: HashSet<(i64, i64)> = pairs(&tx, event)?.into_iter().map(|p| p.0).collect();
        if let Some((_, Some(id), names)) = before
            .iter()
            .find(|(pair, introduction, _)| introduction.is_some() && !after.contains(pair))
        {
            return refuse(format!(
                "这样更正后{names}不再互选,可他们已记入牵线记录(第 {id} 条):请先在牵线记录里结束那条,再更正心动卡"
            ));
        }
        let had: HashSet<(i64, i64)> = before.iter().map(|p| p.0).collect();
        let mut corrected = Corrected {
            introductions: Vec::new(),
            skipped: Vec::new(),
        };
        let at = now_text();
        for m in matches_in(&tx, event)?
            .iter()
            .filter(|m| !had.contains(&(m.pair.man, m.pair.woman)))
        {
            match introduce_match(&tx, &found, m, actor.volunteer(), &at)? {
                Ok(id) => corrected.introductions.push(id),
                Err(why) => corrected.skipped.push(why),
            }
        }
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Event,
            Some(chooser),
            None,
            None,
            &format!(
                "管理员更正了联谊活动“{title}”(互选结果已确认){}的心动卡:选了 {} 位,新的互选记入牵线 {} 条;原因:{}",
                who.badge_text(),
                card.iter().filter(|c| c.1.is_yes()).count(),
                corrected.introductions.len(),
                reason.trim()
            ),
            None,
        )?;
        tx.commit()?;
        Ok(corrected)
    }

    /// Corrects a guest's check-in after the confirmation. One marked 未到 who came may then have
    /// their card corrected; one who came and is now 未到 loses their card, unless a choice of
    /// theirs is already an introduction.
    pub fn correct_arrival(
        &mut self,
        actor: &Actor,
        event: i64,
        member: i64,
        arrival: Arrival,
        reason: &str,
    ) -> Result<()> {
        let title = self.correction_allowed(actor, event, reason)?.data.title;
        let tx = self.write()?;
        let Some(attendee) = attendees_in(&tx, event)?
            .into_iter()
            .find(|a| a.member_id == member)
        else {
            return refuse("这位会员没有报名这场活动");
        };
        if attendee.place != Place::Confirmed {
            return refuse(format!(
                "{}是“{}”,不是有名额的嘉宾",
                attendee.name,
                attendee.place.label()
            ));
        }
        if attendee.arrival == Some(arrival) {
            return refuse(format!("{}已经是“{}”了", attendee.name, arrival.label()));
        }
        if arrival != Arrival::Arrived {
            if let Some((_, Some(id), names)) = pairs(&tx, event)?
                .into_iter()
                .find(|((m, w), id, _)| id.is_some() && (*m == member || *w == member))
            {
                return refuse(format!(
                    "{names}已因这场活动记入牵线记录(第 {id} 条):请先在牵线记录里结束那条,再改为未到"
                ));
            }
            tx.execute(
                "DELETE FROM event_choices WHERE event_id = ?1 AND chooser_id = ?2",
                params![event, member],
            )?;
        }
        tx.execute(
            "UPDATE event_attendees SET arrival = ?1, card_entered = 0, updated_at = ?2
             WHERE event_id = ?3 AND member_id = ?4",
            params![arrival, now_text(), event, member],
        )?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Event,
            Some(member),
            None,
            None,
            &format!(
                "管理员更正了联谊活动“{title}”(互选结果已确认){}的签到:{};原因:{}",
                attendee.badge_text(),
                arrival.label(),
                reason.trim()
            ),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }
}
