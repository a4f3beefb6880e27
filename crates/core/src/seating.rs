//! 分区轮转: seating an event of 100–400 guests in zones (or long tables) and rounds. The
//! organiser says how many zones, how many two-seat tables each zone has and how long a round
//! lasts; the men and the women are each sorted by age and dealt into the zones in even shares
//! (so a zone's guests are of an age, and no zone has many more of one gender), then a man and
//! a woman of the same employer are moved apart where a swap with a neighbouring zone allows.
//! In a zone each woman keeps her table and the men move one table on each round, so each guest
//! meets each guest of the other gender in the zone exactly once ([`rotation`]). A guest who
//! comes late is seated in the zone that needs them most, one who does not come is taken out,
//! and only that zone's rotation is written again. The plan keeps only who sits in which zone
//! in which order: the rounds follow from it.

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::events::{self, Attendee};
use super::model::Gender;
use super::now_text;
use super::signin::Actor;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

/// The most zones an event can be divided into.
pub const MAX_ZONES: u32 = 60;
/// The most two-seat tables in one zone.
pub const MAX_TABLES: u32 = 60;
/// The longest round, in minutes.
pub const MAX_MINUTES: u32 = 60;

/// What the organiser sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SeatingSpec {
    pub zones: u32,
    /// Two-seat tables in each zone: a zone seats this many men and this many women.
    pub tables_per_zone: u32,
    pub minutes_per_round: u32,
}

/// A guest as seating sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guest {
    pub id: i64,
    pub gender: Gender,
    /// Year × 12 + month of birth: the smaller, the older.
    pub born: i32,
    pub employer: String,
}

/// One zone: the ids of its men and of its women, in seat order (a woman's place in the list
/// is her table; a man's is the table he starts at).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ZoneSeats {
    pub men: Vec<i64>,
    pub women: Vec<i64>,
}

impl ZoneSeats {
    fn of(&mut self, gender: Gender) -> &mut Vec<i64> {
        match gender {
            Gender::Male => &mut self.men,
            Gender::Female => &mut self.women,
        }
    }

    fn count(&self, gender: Gender) -> usize {
        match gender {
            Gender::Male => self.men.len(),
            Gender::Female => self.women.len(),
        }
    }

    /// Tables the zone needs: the larger of its men and women.
    pub fn tables(&self) -> usize {
        self.men.len().max(self.women.len())
    }
}

/// One table in one round: who sits there, as places in the zone's lists (`None`: the seat is
/// empty this round, its guest waits for the next).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Turn {
    /// From 1.
    pub table: u32,
    pub man: Option<usize>,
    pub woman: Option<usize>,
}

/// The rounds of a zone of `men` and `women`: as many rounds as tables (the larger of the
/// two); the women stay, man `j` sits at table `(j + round) mod tables`. Each man meets each
/// woman exactly once; with more of one gender, each of them rests at most the difference.
pub fn rotation(men: usize, women: usize) -> Vec<Vec<Turn>> {
    let n = men.max(women);
    if men == 0 || women == 0 {
        return Vec::new();
    }
    (0..n)
        .map(|round| {
            (0..n)
                .map(|t| {
                    let j = (t + n - round % n) % n;
                    Turn {
                        table: t as u32 + 1,
                        man: (j < men).then_some(j),
                        woman: (t < women).then_some(t),
                    }
                })
                .collect()
        })
        .collect()
}

/// The table a guest sits at in each round of their zone (`None`: resting that round).
pub fn tables_of(zone: &ZoneSeats, member: i64) -> Vec<Option<u32>> {
    let rounds = rotation(zone.men.len(), zone.women.len());
    let man = zone.men.iter().position(|m| *m == member);
    let woman = zone.women.iter().position(|w| *w == member);
    rounds
        .iter()
        .map(|turns| {
            turns
                .iter()
                .find(|t| (man.is_some() && t.man == man) || (woman.is_some() && t.woman == woman))
                .filter(|t| t.man.is_some() && t.woman.is_some())
                .map(|t| t.table)
        })
        .collect()
}

/// "14:00" + 8 minutes × round: when a round starts, if the event's time begins with a time of
/// day (a full-width colon, as a Chinese keyboard types it, read as one).
pub fn round_time(start_time: &str, minutes: u32, round: usize) -> Option<String> {
    let head: String = start_time
        .trim()
        .chars()
        .map(|c| if c == '\u{ff1a}' { ':' } else { c })
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let start = NaiveTime::parse_from_str(&head, "%H:%M").ok()?;
    let at = start + chrono::Duration::minutes(i64::from(minutes) * round as i64);
    Some(at.format("%H:%M").to_string())
}

/// What an employer is compared by: without spaces, case folded; words that name no employer
/// (无, 自由职业, 个体 …) are none.
pub fn employer_key(employer: &str) -> Option<String> {
    const NONE: [&str; 10] = [
        "",
        "无",
        "暂无",
        "自由职业",
        "个体",
        "个体户",
        "待业",
        "退休",
        "-",
        "—",
    ];
    let key: String = employer
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    (!NONE.contains(&key.as_str())).then_some(key)
}

/// Whether a plan of `spec` can seat `men` and `women`, said in words when not.
pub fn check_spec(spec: SeatingSpec, men: usize, women: usize) -> Result<()> {
    if spec.zones == 0 || spec.zones > MAX_ZONES {
        return refuse(format!("分区数要在 1 到 {MAX_ZONES} 之间"));
    }
    if spec.tables_per_zone == 0 || spec.tables_per_zone > MAX_TABLES {
        return refuse(format!("每区的桌数要在 1 到 {MAX_TABLES} 之间"));
    }
    if spec.minutes_per_round == 0 || spec.minutes_per_round > MAX_MINUTES {
        return refuse(format!("每轮的分钟数要在 1 到 {MAX_MINUTES} 之间"));
    }
    for (count, gender) in [(men, Gender::Male), (women, Gender::Female)] {
        if count == 0 {
            return refuse(format!("还没有{}嘉宾,排不了座位", gender.label()));
        }
        if count < spec.zones as usize {
            return refuse(format!(
                "{}嘉宾只有 {count} 位,分不成 {} 个区(每个区都要有男有女),请少分几个区",
                gender.label(),
                spec.zones
            ));
        }
    }
    let most = men.max(women).div_ceil(spec.zones as usize);
    if most > spec.tables_per_zone as usize {
        let seats = spec.zones * spec.tables_per_zone;
        return refuse(format!(
            "座位不够:男嘉宾 {men} 位、女嘉宾 {women} 位,{} 个区每区 {} 张桌只能坐 {seats} 对,\
             每区要 {most} 张桌。请多分几个区,或每区多摆几张桌",
            spec.zones, spec.tables_per_zone
        ));
    }
    Ok(())
}

/// The zones for `guests`: each gender sorted by age (oldest first) and dealt in even shares,
/// then a man and a woman of the same employer moved apart where a swap allows. The pairs it
/// could not separate are in the second value (man, woman).
pub fn seat(guests: &[Guest], spec: SeatingSpec) -> Result<(Vec<ZoneSeats>, Vec<Clash>)> {
    let mut by_gender: [Vec<&Guest>; 2] = [Vec::new(), Vec::new()];
    for g in guests {
        by_gender[gender_index(g.gender)].push(g);
    }
    check_spec(spec, by_gender[0].len(), by_gender[1].len())?;
    let z = spec.zones as usize;
    let mut zones = vec![ZoneSeats::default(); z];
    for (index, list) in by_gender.iter_mut().enumerate() {
        list.sort_by_key(|g| (g.born, g.id));
        let gender = Gender::ALL[index];
        let (base, extra) = (list.len() / z, list.len() % z);
        let mut next = list.iter();
        for (k, zone) in zones.iter_mut().enumerate() {
            let share = base + usize::from(k < extra);
            zone.of(gender)
                .extend(next.by_ref().take(share).map(|g| g.id));
        }
    }
    let info: HashMap<i64, &Guest> = guests.iter().map(|g| (g.id, g)).collect();
    separate_employers(&mut zones, &info);
    let clashes = clashes(&zones, &info);
    Ok((zones, clashes))
}

fn gender_index(gender: Gender) -> usize {
    match gender {
        Gender::Male => 0,
        Gender::Female => 1,
    }
}

/// A man and a woman of the same employer in one zone: their ids.
pub type Clash = (i64, i64);

/// Per zone and gender, how many guests of each employer.
type EmployerCounts = Vec<[HashMap<String, u32>; 2]>;

fn employer_counts(zones: &[ZoneSeats], info: &HashMap<i64, &Guest>) -> EmployerCounts {
    zones
        .iter()
        .map(|zone| {
            let mut counts: [HashMap<String, u32>; 2] = Default::default();
            for (index, list) in [&zone.men, &zone.women].into_iter().enumerate() {
                for key in list.iter().filter_map(|id| key_of(info, *id)) {
                    *counts[index].entry(key).or_default() += 1;
                }
            }
            counts
        })
        .collect()
}

fn key_of(info: &HashMap<i64, &Guest>, id: i64) -> Option<String> {
    info.get(&id).and_then(|g| employer_key(&g.employer))
}

/// Whether a guest of employer `key` and gender index `side` would meet a colleague in zone
/// counts `zone`.
fn meets_colleague(zone: &[HashMap<String, u32>; 2], side: usize, key: Option<&String>) -> bool {
    key.is_some_and(|k| zone[1 - side].get(k).is_some_and(|n| *n > 0))
}

/// Swaps guests between zones until no man and woman of the same employer share a zone, or no
/// swap helps: each guest meeting a colleague is swapped with the guest of the same gender in
/// the nearest zone (then the closest in age) for whom neither meets a colleague after it.
fn separate_employers(zones: &mut [ZoneSeats], info: &HashMap<i64, &Guest>) {
    let mut counts = employer_counts(zones, info);
    for _pass in 0..3 {
        let mut changed = false;
        for k in 0..zones.len() {
            for side in 0..2 {
                let gender = Gender::ALL[side];
                let mut i = 0;
                while i < zones[k].count(gender) {
                    let id = zones[k].of(gender)[i];
                    let key = key_of(info, id);
                    if meets_colleague(&counts[k], side, key.as_ref())
                        && let Some((l, j)) = swap_partner(zones, &counts, info, k, side, id)
                    {
                        let other = zones[l].of(gender)[j];
                        let other_key = key_of(info, other);
                        zones[k].of(gender)[i] = other;
                        zones[l].of(gender)[j] = id;
                        for (zone, add, remove) in [(k, &other_key, &key), (l, &key, &other_key)] {
                            if let Some(r) = remove
                                && let Some(n) = counts[zone][side].get_mut(r)
                            {
                                *n -= 1;
                            }
                            if let Some(a) = add {
                                *counts[zone][side].entry(a.clone()).or_default() += 1;
                            }
                        }
                        changed = true;
                    }
                    i += 1;
                }
            }
        }
        if !changed {
            break;
        }
    }
    // Each zone's guests in age order again, as they were dealt.
    for zone in zones.iter_mut() {
        for list in [&mut zone.men, &mut zone.women] {
            list.sort_by_key(|id| (info.get(id).map_or(0, |g| g.born), *id));
        }
    }
}

/// The zone and place of a guest of gender `side` to swap `id` of zone `k` with.
fn swap_partner(
    zones: &[ZoneSeats],
    counts: &EmployerCounts,
    info: &HashMap<i64, &Guest>,
    k: usize,
    side: usize,
    id: i64,
) -> Option<(usize, usize)> {
    let gender = Gender::ALL[side];
    let key = key_of(info, id);
    let born = info.get(&id).map_or(0, |g| g.born);
    let mut order: Vec<usize> = (0..zones.len()).filter(|l| *l != k).collect();
    order.sort_by_key(|l| l.abs_diff(k));
    for l in order {
        if meets_colleague(&counts[l], side, key.as_ref()) {
            continue;
        }
        let list = match gender {
            Gender::Male => &zones[l].men,
            Gender::Female => &zones[l].women,
        };
        let best = list
            .iter()
            .enumerate()
            .filter(|(_, other)| {
                let other_key = key_of(info, **other);
                other_key != key && !meets_colleague(&counts[k], side, other_key.as_ref())
            })
            .min_by_key(|(_, other)| {
                info.get(other)
                    .map_or(i32::MAX, |g| g.born.abs_diff(born) as i32)
            });
        if let Some((j, _)) = best {
            return Some((l, j));
        }
    }
    None
}

/// The pairs (man, woman) of the same employer who share a zone.
pub fn clashes(zones: &[ZoneSeats], info: &HashMap<i64, &Guest>) -> Vec<(i64, i64)> {
    let mut found = Vec::new();
    for zone in zones {
        for man in &zone.men {
            let Some(key) = key_of(info, *man) else {
                continue;
            };
            for woman in &zone.women {
                if key_of(info, *woman).as_ref() == Some(&key) {
                    found.push((*man, *woman));
                }
            }
        }
    }
    found
}

/// The zone a guest who came late is best seated in: one with a free table for them and no
/// colleague of the other gender, where their gender is shortest against the other (then the
/// other gender's ages closest to theirs). `None` when every zone is full.
pub fn zone_for(
    zones: &[ZoneSeats],
    info: &HashMap<i64, &Guest>,
    guest: &Guest,
    tables_per_zone: u32,
) -> Option<usize> {
    let side = gender_index(guest.gender);
    let counts = employer_counts(zones, info);
    let key = employer_key(&guest.employer);
    let others_age = |zone: &ZoneSeats| -> i64 {
        let list = match guest.gender {
            Gender::Male => &zone.women,
            Gender::Female => &zone.men,
        };
        let borns: Vec<i64> = list
            .iter()
            .filter_map(|id| info.get(id).map(|g| i64::from(g.born)))
            .collect();
        if borns.is_empty() {
            return 0;
        }
        (borns.iter().sum::<i64>() / borns.len() as i64 - i64::from(guest.born)).abs()
    };
    (0..zones.len())
        .filter(|k| zones[*k].count(guest.gender) < tables_per_zone as usize)
        .min_by_key(|k| {
            let zone = &zones[*k];
            let mine = zone.count(guest.gender) as i64;
            let theirs = zone.count(guest.gender.other()) as i64;
            (
                meets_colleague(&counts[*k], side, key.as_ref()),
                mine - theirs,
                others_age(zone),
                *k,
            )
        })
}

fn refuse<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Refused(message.into()))
}

/// A zone with its guests and rounds, as the organiser and the printouts show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatedZone {
    /// From 1.
    pub number: u32,
    pub men: Vec<Attendee>,
    pub women: Vec<Attendee>,
    pub rounds: Vec<Vec<Turn>>,
}

impl SeatedZone {
    pub fn seats(&self) -> ZoneSeats {
        ZoneSeats {
            men: self.men.iter().map(|a| a.member_id).collect(),
            women: self.women.iter().map(|a| a.member_id).collect(),
        }
    }
}

/// An event's seating plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Seating {
    pub spec: SeatingSpec,
    pub zones: Vec<SeatedZone>,
    /// Guests with a place who are not in the plan (signed up or moved up after it), not
    /// marked 未到.
    pub unseated: Vec<Attendee>,
    /// Guests in the plan who are marked 未到 or no longer hold a place.
    pub absent: Vec<Attendee>,
    /// Badges of a man and a woman of the same employer in one zone ("男 03 与 女 11").
    pub clashes: Vec<String>,
}

impl Seating {
    /// The zone and its place of a guest.
    pub fn zone_of(&self, member: i64) -> Option<&SeatedZone> {
        self.zones.iter().find(|z| {
            z.men.iter().any(|a| a.member_id == member)
                || z.women.iter().any(|a| a.member_id == member)
        })
    }

    /// "3 个区 · 每区 10 张桌 · 每轮 8 分钟 · 最多 10 轮(80 分钟)".
    pub fn summary(&self) -> String {
        let rounds = self.zones.iter().map(|z| z.rounds.len()).max().unwrap_or(0);
        format!(
            "{} 个区 · 每区 {} 张桌 · 每轮 {} 分钟 · 最多 {rounds} 轮(约 {} 分钟)",
            self.spec.zones,
            self.spec.tables_per_zone,
            self.spec.minutes_per_round,
            rounds as u32 * self.spec.minutes_per_round
        )
    }
}

impl Db {
    fn guests_of(&self, event: i64) -> Result<HashMap<i64, Guest>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.member_id, a.gender, m.birth_year * 12 + m.birth_month, m.employer
             FROM event_attendees a JOIN members m ON m.id = a.member_id
             WHERE a.event_id = ?1",
        )?;
        let rows = statement.query_map([event], |r| {
            Ok(Guest {
                id: r.get(0)?,
                gender: r.get(1)?,
                born: r.get(2)?,
                employer: r.get(3)?,
            })
        })?;
        let mut found = HashMap::new();
        for row in rows {
            let guest = row?;
            found.insert(guest.id, guest);
        }
        Ok(found)
    }

    fn seating_spec(&self, event: i64) -> Result<Option<SeatingSpec>> {
        Ok(self
            .conn
            .query_row(
                "SELECT zones, tables_per_zone, minutes_per_round FROM event_seating
                 WHERE event_id = ?1",
                [event],
                |r| {
                    Ok(SeatingSpec {
                        zones: r.get(0)?,
                        tables_per_zone: r.get(1)?,
                        minutes_per_round: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    fn stored_zones(&self, event: i64, zones: u32) -> Result<Vec<ZoneSeats>> {
        let mut found = vec![ZoneSeats::default(); zones as usize];
        let mut statement = self.conn.prepare_cached(
            "SELECT s.zone, s.member_id, a.gender FROM event_seats s
             JOIN event_attendees a ON a.event_id = s.event_id AND a.member_id = s.member_id
             WHERE s.event_id = ?1 ORDER BY s.zone, s.position",
        )?;
        let rows = statement.query_map([event], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Gender>(2)?,
            ))
        })?;
        for row in rows {
            let (zone, member, gender) = row?;
            if let Some(z) = found.get_mut(zone as usize - 1) {
                z.of(gender).push(member);
            }
        }
        Ok(found)
    }

    /// The seating plan of an event, if one was made.
    pub fn seating(&self, event: i64) -> Result<Option<Seating>> {
        let Some(spec) = self.seating_spec(event)? else {
            return Ok(None);
        };
        let zones = self.stored_zones(event, spec.zones)?;
        let attendees: HashMap<i64, Attendee> = self
            .attendees(event)?
            .into_iter()
            .map(|a| (a.member_id, a))
            .collect();
        let seated: std::collections::HashSet<i64> = zones
            .iter()
            .flat_map(|z| z.men.iter().chain(&z.women).copied())
            .collect();
        let guests = self.guests_of(event)?;
        let info: HashMap<i64, &Guest> = guests.iter().map(|(id, g)| (*id, g)).collect();
        let badge = |id: &i64| {
            attendees
                .get(id)
                .map_or_else(|| "—".to_string(), Attendee::badge_text)
        };
        let clashes = clashes(&zones, &info)
            .iter()
            .map(|(m, w)| format!("{} 与 {}", badge(m), badge(w)))
            .collect();
        let list = |ids: &[i64]| -> Vec<Attendee> {
            ids.iter()
                .filter_map(|id| attendees.get(id).cloned())
                .collect()
        };
        let mut unseated: Vec<Attendee> = attendees
            .values()
            .filter(|a| a.takes_part() && !seated.contains(&a.member_id))
            .cloned()
            .collect();
        unseated.sort_by_key(|a| (a.gender == Gender::Female, a.badge));
        let mut absent: Vec<Attendee> = attendees
            .values()
            .filter(|a| !a.takes_part() && seated.contains(&a.member_id))
            .cloned()
            .collect();
        absent.sort_by_key(|a| (a.gender == Gender::Female, a.badge));
        let zones = zones
            .iter()
            .enumerate()
            .map(|(k, z)| SeatedZone {
                number: k as u32 + 1,
                men: list(&z.men),
                women: list(&z.women),
                rounds: rotation(z.men.len(), z.women.len()),
            })
            .collect();
        Ok(Some(Seating {
            spec,
            zones,
            unseated,
            absent,
            clashes,
        }))
    }

    /// Makes (or makes again) the seating plan of an event for the guests who hold a place and
    /// are not marked 未到. Refused in words when the event is over or the plan cannot seat
    /// them (more guests than seats, a zone without a man or a woman).
    pub fn make_seating(
        &mut self,
        actor: &Actor,
        event: i64,
        spec: SeatingSpec,
        today: NaiveDate,
    ) -> Result<Seating> {
        let found = self.event(event)?;
        events::check_places_open(&found, today, "排座位")?;
        let attendees = self.attendees(event)?;
        let guests = self.guests_of(event)?;
        let chosen: Vec<Guest> = attendees
            .iter()
            .filter(|a| a.takes_part())
            .filter_map(|a| guests.get(&a.member_id).cloned())
            .collect();
        let (zones, clashes) = seat(&chosen, spec)?;
        let tx = self.write()?;
        tx.execute("DELETE FROM event_seats WHERE event_id = ?1", [event])?;
        tx.execute(
            "INSERT OR REPLACE INTO event_seating
                (event_id, zones, tables_per_zone, minutes_per_round, made_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                event,
                spec.zones,
                spec.tables_per_zone,
                spec.minutes_per_round,
                now_text()
            ],
        )?;
        write_zones(&tx, event, &zones, None)?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Event,
            None,
            None,
            None,
            &format!(
                "联谊活动“{}”排了座位:{} 位嘉宾分 {} 个区,每区 {} 张桌{}",
                found.data.title,
                chosen.len(),
                spec.zones,
                spec.tables_per_zone,
                if clashes.is_empty() {
                    String::new()
                } else {
                    format!(",{} 对同单位的嘉宾分不开", clashes.len())
                }
            ),
            None,
        )?;
        tx.commit()?;
        self.seating(event)?
            .ok_or_else(|| Error::Refused("座位表没有存上,请再排一次".into()))
    }

    /// One click for a guest whose seat no longer fits: one who came (or moved up) after the
    /// plan is seated in the zone that needs them most; one marked 未到 or cancelled is taken
    /// out. Only that zone's rotation changes. What was done, in words.
    pub fn reseat(
        &mut self,
        actor: &Actor,
        event: i64,
        member: i64,
        today: NaiveDate,
    ) -> Result<String> {
        let found = self.event(event)?;
        events::check_places_open(&found, today, "调整座位")?;
        let Some(spec) = self.seating_spec(event)? else {
            return refuse("这场活动还没有排座位");
        };
        let mut zones = self.stored_zones(event, spec.zones)?;
        let attendees = self.attendees(event)?;
        let attendee = attendees
            .iter()
            .find(|a| a.member_id == member)
            .ok_or_else(|| Error::Refused("这位会员没有报名这场活动".into()))?;
        let guests = self.guests_of(event)?;
        let info: HashMap<i64, &Guest> = guests.iter().map(|(id, g)| (*id, g)).collect();
        let seated_in = zones
            .iter()
            .position(|z| z.men.contains(&member) || z.women.contains(&member));
        let who = format!("{} {}", attendee.badge_text(), attendee.surname_title);
        let (zone, said) = match (seated_in, attendee.takes_part()) {
            (Some(k), false) => {
                if zones[k].count(attendee.gender) == 1 {
                    return refuse(format!(
                        "{who}撤下后第 {} 区就没有{}嘉宾了,这个区没法轮转:请重新排座位",
                        k + 1,
                        attendee.gender.label()
                    ));
                }
                zones[k].of(attendee.gender).retain(|id| *id != member);
                (
                    k,
                    format!("{who}已从第 {} 区撤下,这个区的轮转重排了", k + 1),
                )
            }
            (None, true) => {
                let guest = guests
                    .get(&member)
                    .ok_or_else(|| Error::Refused("找不到这位嘉宾".into()))?;
                if let Some(k) = zone_for(&zones, &info, guest, spec.tables_per_zone) {
                    let list = zones[k].of(attendee.gender);
                    let born = guest.born;
                    let at = list
                        .iter()
                        .position(|id| info.get(id).is_some_and(|g| g.born > born))
                        .unwrap_or(list.len());
                    list.insert(at, member);
                    (k, format!("{who}坐到第 {} 区,这个区的轮转重排了", k + 1))
                } else {
                    // Every zone full: the seat of a guest of the same gender who is not there
                    // (未到, cancelled) is taken, in place.
                    let Some((k, at, gone)) = free_seat(&attendees, &zones, attendee.gender) else {
                        return refuse(format!(
                            "每个区的 {} 张桌都坐满了{}嘉宾,请重新排座位(多分一个区或每区加桌)",
                            spec.tables_per_zone,
                            attendee.gender.label()
                        ));
                    };
                    zones[k].of(attendee.gender)[at] = member;
                    (
                        k,
                        format!(
                            "{who}坐到第 {} 区,顶替没来的 {} 的座位,这个区的轮转不变",
                            k + 1,
                            gone.badge_text()
                        ),
                    )
                }
            }
            (Some(k), true) => return refuse(format!("{who}已经在第 {} 区了", k + 1)),
            (None, false) => {
                return refuse(format!("{who}没有座位,也不需要座位(未到或已取消)"));
            }
        };
        let tx = self.write()?;
        write_zones(&tx, event, &zones, Some(zone))?;
        audit::record(
            &tx,
            actor.volunteer(),
            audit::Kind::Event,
            Some(member),
            None,
            None,
            &format!("联谊活动“{}”调整座位:{said}", found.data.title),
            None,
        )?;
        tx.commit()?;
        Ok(said)
    }
}

/// A seat of `gender` held by a guest who is not there (未到, cancelled): its zone, place and
/// the guest.
fn free_seat<'a>(
    attendees: &'a [Attendee],
    zones: &[ZoneSeats],
    gender: Gender,
) -> Option<(usize, usize, &'a Attendee)> {
    zones.iter().enumerate().find_map(|(k, zone)| {
        let list = match gender {
            Gender::Male => &zone.men,
            Gender::Female => &zone.women,
        };
        list.iter().enumerate().find_map(|(at, id)| {
            attendees
                .iter()
                .find(|a| a.member_id == *id && !a.takes_part())
                .map(|gone| (k, at, gone))
        })
    })
}

/// Writes the seats of every zone, or (`only`) of one zone.
fn write_zones(
    tx: &rusqlite::Transaction<'_>,
    event: i64,
    zones: &[ZoneSeats],
    only: Option<usize>,
) -> Result<()> {
    if let Some(k) = only {
        tx.execute(
            "DELETE FROM event_seats WHERE event_id = ?1 AND zone = ?2",
            params![event, k as u32 + 1],
        )?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO event_seats (event_id, member_id, zone, position) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (k, zone) in zones.iter().enumerate() {
        if only.is_some_and(|o| o != k) {
            continue;
        }
        for list in [&zone.men, &zone.women] {
            for (position, member) in list.iter().enumerate() {
                insert.execute(params![event, member, k as u32 + 1, position as u32])?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_meets_each_once() {
        for (men, women) in [(5, 5), (7, 4), (3, 8), (1, 1), (10, 9)] {
            let mut met = std::collections::HashSet::new();
            for round in rotation(men, women) {
                let mut tables = std::collections::HashSet::new();
                for turn in round {
                    assert!(tables.insert(turn.table));
                    if let (Some(m), Some(w)) = (turn.man, turn.woman) {
                        assert!(met.insert((m, w)), "{men}×{women}: {m} met {w} twice");
                    }
                }
            }
            assert_eq!(met.len(), men * women);
        }
    }

    #[test]
    fn round_times_follow_the_start() {
        assert_eq!(round_time("14:00–17:00", 8, 3).as_deref(), Some("14:24"));
        assert_eq!(round_time("下午两点", 8, 3), None);
        assert_eq!(round_time("14\u{ff1a}30", 10, 1).as_deref(), Some("14:40"));
    }

    fn guests(men: usize, women: usize, employer: impl Fn(usize) -> String) -> Vec<Guest> {
        (0..men + women)
            .map(|i| Guest {
                id: i as i64,
                gender: if i < men {
                    Gender::Male
                } else {
                    Gender::Female
                },
                born: 1990 * 12 + (i % 97) as i32,
                employer: employer(i),
            })
            .collect()
    }

    #[test]
    fn uneven_genders_are_dealt_evenly() {
        let all = guests(203, 197, |i| format!("单位{i}"));
        let spec = SeatingSpec {
            zones: 10,
            tables_per_zone: 21,
            minutes_per_round: 8,
        };
        let (zones, clashes) = seat(&all, spec).unwrap();
        assert!(clashes.is_empty());
        for z in &zones {
            assert!((20..=21).contains(&z.men.len()));
            assert!((19..=20).contains(&z.women.len()));
            assert!(z.tables() <= 21);
        }
    }

    #[test]
    fn colleagues_everywhere_are_said_not_looped_over() {
        // An enterprise's own event: everyone from one employer, no swap can help.
        let all = guests(40, 40, |_| "浙江移动".into());
        let spec = SeatingSpec {
            zones: 4,
            tables_per_zone: 10,
            minutes_per_round: 8,
        };
        let (zones, clashes) = seat(&all, spec).unwrap();
        assert_eq!(zones.iter().map(|z| z.men.len()).sum::<usize>(), 40);
        assert_eq!(clashes.len(), 4 * 10 * 10);
    }

    #[test]
    fn words_for_no_employer_are_none() {
        assert_eq!(employer_key(" 无 "), None);
        assert_eq!(employer_key("浙江 移动").as_deref(), Some("浙江移动"));
    }
}
