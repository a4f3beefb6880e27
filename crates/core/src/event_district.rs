//! 全区联谊: a 联谊活动 shared by the district's stations, this station's side of it. One
//! station hosts and invites others; each keeps its own copy of the event here — its sign-ups,
//! waiting list, calls, check-in and 心动卡 as for any event, so its figures count its own
//! guests — and hands out the badge numbers of its own block (the host 1–200, the next
//! 201–400 …), so that a badge is one guest in the whole event. Of the other stations' guests
//! this station sees what the district shows: badge, gender, age, station and whether they
//! came, never a name. Its guests' marks for those guests go to the district by badge; the
//! district tells it the mutual pairs across stations that involve its guests, and once both
//! stations have confirmed, each pair comes back as an accepted request (an introduction in
//! both stations' 牵线记录). Pairs within this station are introduced here as at any event.
//!
//! The talking to the server is `hongniang-district`'s; the rules of this station's copy are
//! here.

use super::codes::{Arrival, Choice, Place};
use super::db::Db;
use super::error::{Error, Result};
use super::events::{Attendee, Event, attendees_in, load_event, log};
pub use super::events::{
    BADGE_BLOCK, Card, MAX_SHARED_PLACES, RemoteGuest, SharedLink, check_copy_change,
    check_shared_places,
};
use super::model::Gender;
use super::signin::Actor;
use super::{district, now_text};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// The most stations at one 全区联谊 (the host and nine invited).
pub const MAX_SHARED_STATIONS: usize = 10;

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

/// One of this station's guests as sent to the district: badge, gender, age, whether they came,
/// and the member's shared key (which the district never shows another station).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterGuest {
    pub gender: Gender,
    pub badge: u32,
    pub age: u16,
    pub arrived: bool,
    pub key: String,
}

/// A mark of this station's guest (`gender`, `badge`) for another station's guest `chosen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub gender: Gender,
    pub badge: u32,
    pub chosen: u32,
    pub choice: Choice,
}

/// A mutual pair across two stations with this station's guest in it, as the district tells
/// it: the guest's gender and badge, the other's station and badge, the two marks, and the
/// request (the introduction) the pair became once both stations confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchRow {
    pub gender: Gender,
    pub badge: u32,
    pub other_station: String,
    pub other_badge: u32,
    pub own_choice: Choice,
    pub other_choice: Choice,
    pub request: Option<i64>,
}

impl MatchRow {
    /// Both want to know more (not only 做朋友), as [`super::events::Match::both_more`].
    pub fn both_more(&self) -> bool {
        self.own_choice == Choice::More && self.other_choice == Choice::More
    }
}

/// A [`MatchRow`] with this station's guest and the introduction it is in 牵线记录.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemoteMatch {
    pub row: MatchRow,
    pub guest: Option<Attendee>,
    pub introduction: Option<i64>,
}

impl RemoteMatch {
    /// "女 215(南星站)".
    pub fn other_text(&self) -> String {
        super::events::station_badge_text(
            self.row.gender.other(),
            self.row.other_badge,
            &self.row.other_station,
        )
    }

    /// Where the pair stands: "已记入牵线" / "等两站都确认后记入牵线".
    pub fn state_text(&self) -> &'static str {
        match (self.introduction, self.row.request) {
            (Some(_), _) => "已记入牵线",
            (None, Some(_)) => "全区已记下,下次同步后记入牵线",
            (None, None) => "等对方站点确认互选结果",
        }
    }
}

/// A 全区联谊 this station is invited to (or hosts), as the district lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedEventRow {
    pub id: i64,
    pub host: String,
    pub title: String,
    pub held_on: NaiveDate,
    pub start_time: String,
    pub place: String,
    pub places_men: u32,
    pub places_women: u32,
    /// This station's first badge number.
    pub first_badge: u32,
}

/// The marks of a card to correct after the results were confirmed: this station's guests
/// only — the marks for other stations' guests went to the district with the confirmation.
pub fn local_marks(card: &Card) -> Result<&[(i64, Choice)]> {
    if card.remote.is_empty() {
        Ok(&card.local)
    } else {
        refuse("其他站点嘉宾的选择已经随互选结果送到全区,确认后不能再更正")
    }
}

impl Db {
    /// Whether this station's event `event` can be shared with the district's other stations,
    /// said why not: still to come, not shared already, at most [`MAX_SHARED_PLACES`] places
    /// and badges given, and everyone signed up agreed to 全区共享.
    pub fn check_shareable(&self, event: i64, today: NaiveDate) -> Result<Event> {
        let found = load_event(&self.conn, event)?;
        if found.shared.is_some() {
            return refuse("这场活动已经是全区联谊活动了");
        }
        if found.on_date < today || found.matched {
            return refuse("活动已经过了,不能再邀请其他站点");
        }
        check_shared_places(&found.data)?;
        let given: (u32, u32) = self.conn.query_row(
            "SELECT badges_men, badges_women FROM events WHERE id = ?1",
            [event],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if given.0 > BADGE_BLOCK || given.1 > BADGE_BLOCK {
            return refuse(format!(
                "这场活动已经发出了超过 {BADGE_BLOCK} 个号码,不能再改成全区联谊"
            ));
        }
        let unshared: Vec<String> = self
            .conn
            .prepare(
                "SELECT m.name FROM event_attendees a JOIN members m ON m.id = a.member_id
                 WHERE a.event_id = ?1 AND a.place <> 'cancelled'
                   AND (m.district_consent_on IS NULL OR m.consent_pending = 1) ORDER BY a.id",
            )?
            .query_map([event], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !unshared.is_empty() {
            // A few names, then how many: the message must fit where it is said.
            let named = unshared
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("、");
            let who = if unshared.len() > 5 {
                format!("{named}等 {} 位报名的会员", unshared.len())
            } else {
                named
            };
            return refuse(format!(
                "{who}没有同意全区共享:全区联谊的名单要送到全区服务器;请先请他们同意全区共享,或取消他们的报名"
            ));
        }
        Ok(found)
    }

    /// Records that this station's `event` is now the district's event `link` (it hosts).
    pub fn mark_event_shared(
        &mut self,
        actor: &Actor,
        event: i64,
        link: &SharedLink,
    ) -> Result<()> {
        let tx = self.write()?;
        let found = load_event(&tx, event)?;
        tx.execute(
            "UPDATE events SET shared_id = ?1, shared_host = ?2, shared_first_badge = ?3,
                updated_at = ?4 WHERE id = ?5",
            params![link.id, link.host, link.first_badge, now_text(), event],
        )?;
        log(
            &tx,
            actor,
            None,
            &format!(
                "把联谊活动“{}”办成全区联谊(全区活动 {})",
                found.data.title, link.id
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// This station's copy of the district's event `row`, made when first seen: its places
    /// and numbers, the host's date, time and place. The new event's id, or `None` when it
    /// was here already.
    pub fn join_shared_event(
        &mut self,
        actor: &Actor,
        station: &str,
        row: &SharedEventRow,
    ) -> Result<Option<i64>> {
        let tx = self.write()?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM events WHERE shared_id = ?1)",
            [row.id],
            |r| r.get(0),
        )?;
        if known {
            return Ok(None);
        }
        let now = now_text();
        let host = if row.host == station {
            "本站".to_string()
        } else {
            format!("{}站", row.host)
        };
        tx.execute(
            "INSERT INTO events (title, on_date, start_time, place, theme, places_men,
                places_women, badges_men, badges_women, shared_id, shared_host,
                shared_first_badge, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![
                row.title,
                row.held_on,
                row.start_time,
                row.place,
                row.places_men.min(MAX_SHARED_PLACES),
                row.places_women.min(MAX_SHARED_PLACES),
                row.first_badge.saturating_sub(1),
                row.id,
                row.host,
                row.first_badge,
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        log(
            &tx,
            actor,
            None,
            &format!(
                "收到全区联谊活动“{}”({})的邀请,{host}主办",
                row.title, row.held_on
            ),
        )?;
        tx.commit()?;
        Ok(Some(id))
    }

    /// This station's 全区联谊 events still to keep in step with the district: those whose
    /// results are not confirmed here yet, and those of the last 90 days (whose pairs are shown
    /// as the other stations confirm).
    pub fn shared_events_to_sync(&self, today: NaiveDate) -> Result<Vec<Event>> {
        let ids: Vec<i64> = self
            .conn
            .prepare(
                "SELECT id FROM events WHERE shared_id IS NOT NULL
                     AND (matched_at IS NULL OR on_date >= ?1)
                 ORDER BY on_date, id",
            )?
            .query_map([today - chrono::Duration::days(90)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| load_event(&self.conn, id))
            .collect()
    }

    /// The copy of `event` takes the district's name, day, time and place (an invited
    /// station's, after the host changed them; the host's own, when the district refused its
    /// change): those on duty for it go with it to its day, and the 操作记录 says what changed.
    pub fn shared_event_details(
        &mut self,
        actor: &Actor,
        event: i64,
        title: &str,
        on_date: NaiveDate,
        start_time: &str,
        place: &str,
    ) -> Result<()> {
        let tx = self.write()?;
        let before = load_event(&tx, event)?;
        if before.shared.is_none() {
            return refuse("这不是全区联谊活动");
        }
        tx.execute(
            "UPDATE events SET title = ?1, on_date = ?2, start_time = ?3, place = ?4,
                updated_at = ?5
             WHERE id = ?6",
            params![title, on_date, start_time, place, now_text(), event],
        )?;
        tx.execute(
            "UPDATE duty_rota SET on_date = ?1 WHERE event_id = ?2",
            params![on_date, event],
        )?;
        let after = load_event(&tx, event)?;
        log(
            &tx,
            actor,
            None,
            &format!(
                "全区联谊“{}”按全区的安排改为:{}(原来是“{}”{})",
                after.data.title,
                after.when_where(),
                before.data.title,
                before.when_where()
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The guests this station sends the district for `event`: those holding a place and not
    /// marked 未到, who are shared with the district now (anyone else is left off: the
    /// district would not take them), keyed `station-number`.
    pub fn event_roster(&self, event: i64, station: &str) -> Result<Vec<RosterGuest>> {
        let found = load_event(&self.conn, event)?;
        let mut roster = Vec::new();
        for a in attendees_in(&self.conn, event)? {
            let (Some(badge), true) = (a.badge, a.takes_part()) else {
                continue;
            };
            if !district::is_shared(&self.member(a.member_id)?) {
                continue;
            }
            roster.push(RosterGuest {
                gender: a.gender,
                badge,
                age: u16::try_from(a.birth.age_on(found.on_date).clamp(16, 100)).unwrap_or(16),
                arrived: a.arrival == Some(Arrival::Arrived),
                key: format!("{station}-{}", a.number),
            });
        }
        Ok(roster)
    }

    /// This station's guests' marks for other stations' guests at `event`.
    pub fn event_marks(&self, event: i64) -> Result<Vec<Mark>> {
        let mut statement = self.conn.prepare(
            "SELECT a.gender, a.badge, c.badge, c.choice FROM event_remote_choices c
             JOIN event_attendees a ON a.event_id = c.event_id AND a.member_id = c.chooser_id
             WHERE c.event_id = ?1 AND a.place = 'confirmed' AND a.badge IS NOT NULL
             ORDER BY a.gender, a.badge, c.badge",
        )?;
        let rows = statement.query_map([event], |r| {
            Ok(Mark {
                gender: r.get(0)?,
                badge: r.get(1)?,
                chosen: r.get(2)?,
                choice: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// This station's guests' marks for other stations' guests at `event`: (chooser, badge,
    /// mark), as typed (for a card opened again).
    pub fn event_remote_choices(&self, event: i64) -> Result<Vec<(i64, u32, Choice)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT chooser_id, badge, choice FROM event_remote_choices WHERE event_id = ?1
             ORDER BY chooser_id, badge",
        )?;
        let rows = statement.query_map([event], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps the other stations' guests of `event` as the district shows them now.
    pub fn remote_guests_received(&mut self, event: i64, guests: &[RemoteGuest]) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "DELETE FROM event_remote_guests WHERE event_id = ?1",
            [event],
        )?;
        for g in guests {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO event_remote_guests
                    (event_id, station, gender, badge, age, arrived)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                event, g.station, g.gender, g.badge, g.age, g.arrived
            ])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The other stations' guests of `event` (men first, by badge).
    pub fn remote_guests(&self, event: i64) -> Result<Vec<RemoteGuest>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT station, gender, badge, age, arrived FROM event_remote_guests
             WHERE event_id = ?1 ORDER BY gender DESC, badge",
        )?;
        let rows = statement.query_map([event], |r| {
            Ok(RemoteGuest {
                station: r.get(0)?,
                gender: r.get(1)?,
                badge: r.get(2)?,
                age: r.get(3)?,
                arrived: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps the mutual pairs across stations of `event` as the district tells them now.
    pub fn remote_matches_received(&mut self, event: i64, rows: &[MatchRow]) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "DELETE FROM event_remote_matches WHERE event_id = ?1",
            [event],
        )?;
        for m in rows {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO event_remote_matches (event_id, gender, badge,
                    other_station, other_badge, own_choice, other_choice, request_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                event,
                m.gender,
                m.badge,
                m.other_station,
                m.other_badge,
                m.own_choice,
                m.other_choice,
                m.request
            ])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The mutual pairs across stations with this station's guests at `event`, each with the
    /// guest and the introduction it became here.
    pub fn remote_matches(&self, event: i64) -> Result<Vec<RemoteMatch>> {
        let attendees = attendees_in(&self.conn, event)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT m.gender, m.badge, m.other_station, m.other_badge, m.own_choice,
                m.other_choice, m.request_id,
                (SELECT i.id FROM introductions i WHERE i.request_id = m.request_id)
             FROM event_remote_matches m WHERE m.event_id = ?1
             ORDER BY m.gender DESC, m.badge, m.other_badge",
        )?;
        let rows = statement.query_map([event], |r| {
            Ok((
                MatchRow {
                    gender: r.get(0)?,
                    badge: r.get(1)?,
                    other_station: r.get(2)?,
                    other_badge: r.get(3)?,
                    own_choice: r.get(4)?,
                    other_choice: r.get(5)?,
                    request: r.get(6)?,
                },
                r.get::<_, Option<i64>>(7)?,
            ))
        })?;
        let mut matches = Vec::new();
        for row in rows {
            let (row, introduction) = row?;
            let guest = attendees
                .iter()
                .find(|a| {
                    a.gender == row.gender
                        && a.badge == Some(row.badge)
                        && a.place == Place::Confirmed
                })
                .cloned();
            matches.push(RemoteMatch {
                row,
                guest,
                introduction,
            });
        }
        Ok(matches)
    }

    /// The guest of this station in each pair across stations of `event` (`None` for one who
    /// no longer holds the badge): what 统计 counts, without reading the attendees.
    pub fn remote_match_guests(&self, event: i64) -> Result<Vec<Option<i64>>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.member_id FROM event_remote_matches m
             LEFT JOIN event_attendees a ON a.event_id = m.event_id AND a.gender = m.gender
                 AND a.badge = m.badge AND a.place = 'confirmed'
             WHERE m.event_id = ?1",
        )?;
        let rows = statement.query_map([event], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The local event that is this station's copy of the district's event `shared_id`.
    pub fn event_of_shared(&self, shared_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM events WHERE shared_id = ?1",
                [shared_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
