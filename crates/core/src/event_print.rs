//! What an event's seating and 心动卡 printouts say (the data `assets/print/event.typ` lays
//! out): the host's sheet of each zone, each guest's own slip of tables per round, and the
//! 心动卡 with the badges of the guests they meet. None of them carries a full name, a member
//! number or a contact: badges and "王先生" only.

use super::db::Db;
use super::error::{Error, Result};
use super::events::{Attendee, Event};
use super::model::Gender;
use super::seating::{SeatedZone, Seating, round_time, tables_of};
use serde_json::{Value as Json, json};

/// The station's words on a 心动卡 about what becomes of it.
pub const CARD_PRIVACY: &str = "本卡只写号码,不写姓名和联系方式。卡片由红娘收回录入后销毁;\
     只有双方互相选中,红娘才会在征得双方同意后转交联系方式。";

/// Badges on a card up to which it is an A6 (four to an A4 sheet), then an A5 (two), then a
/// whole A4 page.
const A6_MOST: usize = 30;
const A5_MOST: usize = 70;

/// "03" of "男 03": what a rotation grid cell shows.
fn number_only(a: &Attendee) -> String {
    a.badge.map_or_else(|| "—".into(), |n| format!("{n:02}"))
}

fn seating_of(db: &Db, event: &Event) -> Result<Seating> {
    db.seating(event.id)?
        .ok_or_else(|| Error::Refused("这场活动还没有排座位:先在“座位”里分区排好,再打印".into()))
}

fn zone_json(event: &Event, seating: &Seating, zone: &SeatedZone) -> Json {
    let tables: Vec<Json> = (0..zone.men.len().max(zone.women.len()))
        .map(|t| {
            json!({
                "table": t + 1,
                "woman": zone.women.get(t).map_or_else(|| "—".into(), Attendee::badge_text),
                "first_man": zone.men.get(t).map_or_else(|| "—".into(), Attendee::badge_text),
            })
        })
        .collect();
    let rounds: Vec<Json> = zone
        .rounds
        .iter()
        .enumerate()
        .map(|(r, turns)| {
            json!({
                "number": r + 1,
                "time": round_time(&event.data.start_time, seating.spec.minutes_per_round, r)
                    .unwrap_or_default(),
                "men": turns.iter().map(|t| match (t.man, t.woman) {
                    (Some(m), Some(_)) => zone.men.get(m).map_or_else(|| "—".into(), number_only),
                    _ => "休".to_string(),
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "number": zone.number,
        "men": zone.men.len(),
        "women": zone.women.len(),
        "tables": tables,
        "rounds": rounds,
    })
}

/// The host's sheets: a page per zone with its tables and the rotation grid.
pub(crate) fn seating_json(db: &Db, event: &Event) -> Result<Json> {
    let seating = seating_of(db, event)?;
    let zones: Vec<Json> = seating
        .zones
        .iter()
        .map(|z| zone_json(event, &seating, z))
        .collect();
    Ok(json!({
        "kind": "seating",
        "summary": seating.summary(),
        "minutes": seating.spec.minutes_per_round,
        "zones": zones,
    }))
}

/// Each seated guest's slip: zone and the table of each round (休 when resting).
pub(crate) fn seat_slips_json(db: &Db, event: &Event) -> Result<Json> {
    let seating = seating_of(db, event)?;
    let mut slips = Vec::new();
    for zone in &seating.zones {
        let seats = zone.seats();
        for a in zone.men.iter().chain(&zone.women) {
            let rounds: Vec<Json> = tables_of(&seats, a.member_id)
                .iter()
                .enumerate()
                .map(|(r, table)| {
                    json!({
                        "number": r + 1,
                        "time": round_time(
                            &event.data.start_time,
                            seating.spec.minutes_per_round,
                            r
                        )
                        .unwrap_or_default(),
                        "table": table.map_or_else(|| "休".to_string(), |t| t.to_string()),
                    })
                })
                .collect();
            slips.push(json!({
                "badge": a.badge_text(),
                "gender": a.gender.label(),
                "title": a.surname_title,
                "zone": zone.number,
                "stays": a.gender == Gender::Female,
                "rounds": rounds,
            }));
        }
    }
    Ok(json!({ "kind": "seat_slips", "minutes": seating.spec.minutes_per_round, "slips": slips }))
}

/// The badges a guest's 心动卡 lists: the other gender of their zone in seat order when the
/// event is seated and they have a seat, else every guest of the other gender with a place
/// (not marked 未到), by badge.
pub fn card_badges<'a>(
    attendees: &'a [Attendee],
    seating: Option<&'a Seating>,
    guest: &Attendee,
) -> Vec<&'a Attendee> {
    let other = guest.gender.other();
    if let Some(zone) = seating.and_then(|s| s.zone_of(guest.member_id)) {
        let list = match other {
            Gender::Male => &zone.men,
            Gender::Female => &zone.women,
        };
        return list.iter().collect();
    }
    let mut all: Vec<&Attendee> = attendees
        .iter()
        .filter(|a| a.gender == other && a.takes_part())
        .collect();
    all.sort_by_key(|a| a.badge);
    all
}

/// The badge numbers a guest's 心动卡 lists, in the card's order: [`card_badges`], and at a
/// 全区联谊 the other stations' guests of the other gender (`remote`, as the last sync showed
/// them) — after the zone's seat order when the guest is seated (the zones are this station's
/// own), else everyone by number, whichever station they came with.
pub fn card_numbers(
    attendees: &[Attendee],
    seating: Option<&Seating>,
    remote: &[super::events::RemoteGuest],
    guest: &Attendee,
) -> Vec<u32> {
    let seated = seating.and_then(|s| s.zone_of(guest.member_id)).is_some();
    let mut numbers: Vec<u32> = card_badges(attendees, seating, guest)
        .iter()
        .filter_map(|a| a.badge)
        .collect();
    let mut theirs: Vec<u32> = remote
        .iter()
        .filter(|g| g.gender == guest.gender.other())
        .map(|g| g.badge)
        .collect();
    if seated {
        theirs.sort_unstable();
        numbers.extend(theirs);
    } else {
        numbers.extend(theirs);
        numbers.sort_unstable();
    }
    numbers
}

/// The 心动卡 of every guest with a place (not marked 未到).
pub(crate) fn cards_json(db: &Db, event: &Event) -> Result<Json> {
    if event.matched {
        return Err(Error::Refused(
            "这场活动的互选结果已经确认,不用再打印心动卡".into(),
        ));
    }
    let attendees = db.attendees(event.id)?;
    let seating = db.seating(event.id)?;
    let remote = db.remote_guests(event.id)?;
    let mut cards = Vec::new();
    let mut most = 0;
    for guest in attendees.iter().filter(|a| a.takes_part()) {
        let badges: Vec<String> = card_numbers(&attendees, seating.as_ref(), &remote, guest)
            .into_iter()
            .map(|n| super::events::badge_text(guest.gender.other(), Some(n)))
            .collect();
        most = most.max(badges.len());
        cards.push(json!({
            "badge": guest.badge_text(),
            "gender": guest.gender.label(),
            "title": guest.surname_title,
            "zone": seating
                .as_ref()
                .and_then(|s| s.zone_of(guest.member_id))
                .map_or(String::new(), |z| format!("第 {} 区", z.number)),
            "others": badges,
        }));
    }
    if cards.is_empty() {
        return Err(Error::Refused("还没有已报名的嘉宾,没有心动卡可打印".into()));
    }
    let size = match most {
        n if n <= A6_MOST => "a6",
        n if n <= A5_MOST => "a5",
        _ => "a4",
    };
    Ok(json!({ "kind": "cards", "size": size, "privacy": CARD_PRIVACY, "cards": cards }))
}
