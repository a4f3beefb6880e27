//! 全区联谊 over the district server (schema version 7, `sql/v7.sql`): a station shares one of
//! its events with others; each invited station gets its own copy at its next sync; each sends
//! its roster and its guests' marks for the other stations' guests, and reads back the others'
//! rosters (badge, gender, age, station) and the mutual pairs across stations that involve its
//! own guests. Once both stations of a pair confirmed, the district makes it an accepted
//! request, which the sync's pull turns into an introduction here (see
//! `hongniang_core::district`). The rules of this station's copy are in
//! `hongniang_core::event_district`.

use crate::{Error, Result};
use hongniang_core::codes::Choice;
use hongniang_core::event_district::{MatchRow, RemoteGuest, SharedEventRow, SharedLink};
use hongniang_core::events::Event;
use hongniang_core::model::Gender;
use hongniang_core::{Actor, Db};
use postgres::{Client, GenericClient};

/// Whether the server knows 全区联谊 (schema version 7 on).
pub(crate) fn has_shared_events(client: &mut impl GenericClient) -> Result<bool> {
    Ok(client
        .query_one(
            "SELECT to_regprocedure('public.confirm_shared_event(bigint)') IS NOT NULL",
            &[],
        )?
        .get(0))
}

fn needs_v7(client: &mut Client) -> Result<()> {
    if has_shared_events(client)? {
        Ok(())
    } else {
        Err(Error(
            "全区服务器还不支持全区联谊:请区里的管理员运行 district server init 升级到第 7 版"
                .into(),
        ))
    }
}

fn gender_code(gender: Gender) -> &'static str {
    match gender {
        Gender::Male => "male",
        Gender::Female => "female",
    }
}

fn gender_of(code: &str) -> Result<Gender> {
    match code {
        "male" => Ok(Gender::Male),
        "female" => Ok(Gender::Female),
        other => Err(Error(format!("全区服务器给了一个认不出的性别“{other}”"))),
    }
}

fn choice_of(code: &str) -> Result<Choice> {
    match Choice::parse(code) {
        Some(choice) if choice.is_yes() => Ok(choice),
        _ => Err(Error(format!("全区服务器给了一个认不出的选择“{code}”"))),
    }
}

fn number(value: i32) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

/// The district's stations this one can invite: code and name (not this one, not removed).
pub fn stations_to_invite(client: &mut Client, station: &str) -> Result<Vec<(String, String)>> {
    needs_v7(client)?;
    Ok(client
        .query(
            "SELECT code, name FROM stations WHERE code <> $1 AND removed_at IS NULL
             ORDER BY code",
            &[&station],
        )?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect())
}

/// Shares this station's event `event` with the stations `invited` (their codes): checked here
/// ([`Db::check_shareable`]), made on the server (this station hosts, badges 1–200), then
/// recorded here. The invited stations receive it at their next sync.
pub fn share_event(
    db: &mut Db,
    client: &mut Client,
    station: &str,
    actor: &Actor,
    event: i64,
    invited: &[String],
) -> Result<SharedLink> {
    let today = hongniang_core::today();
    let found = db.check_shareable(event, today)?;
    let invited: Vec<String> = invited
        .iter()
        .map(|code| code.trim().to_string())
        .filter(|code| !code.is_empty())
        .collect();
    if invited.is_empty() {
        return Err(Error("请至少邀请一个其他站点".into()));
    }
    if invited.len() >= hongniang_core::event_district::MAX_SHARED_STATIONS {
        return Err(Error(format!(
            "一场全区联谊最多 {} 个站点(本站和 {} 个受邀站点)",
            hongniang_core::event_district::MAX_SHARED_STATIONS,
            hongniang_core::event_district::MAX_SHARED_STATIONS - 1
        )));
    }
    needs_v7(client)?;
    let places_men = i32::try_from(found.data.places_men).unwrap_or(i32::MAX);
    let places_women = i32::try_from(found.data.places_women).unwrap_or(i32::MAX);
    let id: i64 = client
        .query_one(
            "SELECT public.share_event($1, $2, $3, $4, $5, $6, $7)",
            &[
                &found.data.title,
                &found.on_date,
                &found.data.start_time,
                &found.data.place,
                &places_men,
                &places_women,
                &invited,
            ],
        )?
        .get(0);
    let link = SharedLink {
        id,
        host: station.to_string(),
        first_badge: 1,
    };
    db.mark_event_shared(actor, event, &link)?;
    Ok(link)
}

/// What keeping the 全区联谊 in step did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventsReport {
    /// Invitations received (a copy of the event made here).
    pub joined: usize,
    /// Events whose roster, marks and pairs were exchanged.
    pub synced: usize,
    /// Events that could not be (the reason is said by 与全区同步 on the event's page).
    pub failed: usize,
}

/// Receives the invitations not yet here and keeps each of this station's 全区联谊 in step
/// ([`sync_event`]). Nothing on a server before version 7.
pub fn sync_events(
    db: &mut Db,
    client: &mut Client,
    station: &str,
    actor: &Actor,
) -> Result<EventsReport> {
    let mut report = EventsReport::default();
    if !has_shared_events(client)? {
        return Ok(report);
    }
    let today = hongniang_core::today();
    let invitations = client.query(
        "SELECT e.id, e.host, e.title, e.held_on, e.start_time, e.place, e.places_men,
                e.places_women, s.first_badge
         FROM shared_events e
         JOIN shared_event_stations s ON s.event_id = e.id AND s.station = $1
         WHERE e.held_on >= $2 ORDER BY e.id",
        &[&station, &today],
    )?;
    for row in &invitations {
        let invitation = SharedEventRow {
            id: row.get(0),
            host: row.get(1),
            title: row.get(2),
            held_on: row.get(3),
            start_time: row.get(4),
            place: row.get(5),
            places_men: number(row.get(6)),
            places_women: number(row.get(7)),
            first_badge: number(row.get(8)),
        };
        if db.join_shared_event(actor, station, &invitation)?.is_some() {
            report.joined += 1;
        }
    }
    // One event that cannot be sent (said on its page by 与全区同步) does not stop the others
    // nor the rest of the sync.
    for event in db.shared_events_to_sync(today)? {
        match sync_event(db, client, station, &event, actor) {
            Ok(()) => report.synced += 1,
            Err(_) => report.failed += 1,
        }
    }
    Ok(report)
}

/// Keeps one 全区联谊 in step: while this station has not confirmed on the server, sends its
/// roster and its guests' marks; once its results are confirmed here, confirms on the server
/// (the pairs across stations both confirmed become requests); then reads the other stations'
/// guests and the pairs involving its own.
pub fn sync_event(
    db: &mut Db,
    client: &mut Client,
    station: &str,
    event: &Event,
    actor: &Actor,
) -> Result<()> {
    let Some(link) = &event.shared else {
        return Ok(());
    };
    let confirmed: Option<bool> = client
        .query_opt(
            "SELECT confirmed_at IS NOT NULL FROM shared_event_stations
             WHERE event_id = $1 AND station = $2",
            &[&link.id, &station],
        )?
        .map(|row| row.get(0));
    let Some(confirmed) = confirmed else {
        return Err(Error(format!(
            "全区服务器上没有本站参加的全区联谊“{}”",
            event.data.title
        )));
    };
    let said = |error: Error| Error(format!("全区联谊“{}”:{error}", event.data.title));
    same_details(db, client, event, link, actor).map_err(said)?;
    if !confirmed {
        send_side(db, client, station, event, link).map_err(said)?;
    }
    read_back(db, client, station, event, link).map_err(said)
}

/// The event's name, day, time and place the same here and on the server: the host's are
/// sent (before the day, while nobody has confirmed); an invited station's copy takes the
/// host's, and so does the host's own when the district refused its change (said in the
/// 操作记录), so that the sync goes on.
fn same_details(
    db: &mut Db,
    client: &mut Client,
    event: &Event,
    link: &SharedLink,
    actor: &Actor,
) -> Result<()> {
    let row = client.query_one(
        "SELECT title, held_on, start_time, place FROM shared_events WHERE id = $1",
        &[&link.id],
    )?;
    let there: (String, chrono::NaiveDate, String, String) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    let here = (
        event.data.title.clone(),
        event.on_date,
        event.data.start_time.clone(),
        event.data.place.clone(),
    );
    if there == here {
        return Ok(());
    }
    if link.first_badge == 1 {
        match client.execute(
            "SELECT public.update_shared_event($1, $2, $3, $4, $5)",
            &[&link.id, &here.0, &here.1, &here.2, &here.3],
        ) {
            Ok(_) => return Ok(()),
            // Refused by the district (a station confirmed, the day has come): the district's
            // stand. A connection that broke keeps the host's change for the next sync.
            Err(error) if error.as_db_error().is_some() => {}
            Err(error) => return Err(error.into()),
        }
    }
    db.shared_event_details(actor, event.id, &there.0, there.1, &there.2, &there.3)?;
    Ok(())
}

/// This station's roster and its guests' marks (those on the roster), in one transaction; and
/// once its results are confirmed here, its confirmation.
fn send_side(
    db: &mut Db,
    client: &mut Client,
    station: &str,
    event: &Event,
    link: &SharedLink,
) -> Result<()> {
    let mut tx = client.transaction()?;
    let roster = db.event_roster(event.id, station)?;
    {
        let roster: Vec<serde_json::Value> = roster
            .iter()
            .map(|g| {
                serde_json::json!({
                    "gender": gender_code(g.gender),
                    "badge": g.badge,
                    "age": g.age,
                    "arrived": g.arrived,
                    "key": g.key,
                })
            })
            .collect();
        tx.execute(
            "SELECT public.send_event_roster($1, $2::text::jsonb)",
            &[&link.id, &serde_json::Value::Array(roster).to_string()],
        )?;
    }
    // The marks of guests on the roster only (one who stopped sharing since is not on it).
    let marks: Vec<serde_json::Value> = db
        .event_marks(event.id)?
        .iter()
        .filter(|m| {
            roster
                .iter()
                .any(|g| g.gender == m.gender && g.badge == m.badge)
        })
        .map(|m| {
            serde_json::json!({
                "gender": gender_code(m.gender),
                "badge": m.badge,
                "chosen": m.chosen,
                "choice": m.choice.code(),
            })
        })
        .collect();
    tx.execute(
        "SELECT public.send_event_choices($1, $2::text::jsonb)",
        &[&link.id, &serde_json::Value::Array(marks).to_string()],
    )?;
    if event.matched {
        tx.execute("SELECT public.confirm_shared_event($1)", &[&link.id])?;
    }
    tx.commit()?;
    Ok(())
}

/// The other stations' guests and the pairs with this station's guests, as the server has
/// them now.
fn read_back(
    db: &mut Db,
    client: &mut Client,
    station: &str,
    event: &Event,
    link: &SharedLink,
) -> Result<()> {
    let guests = client
        .query(
            "SELECT station, gender, badge, age, arrived FROM shared_event_guests
             WHERE event_id = $1 AND station <> $2 ORDER BY gender, badge",
            &[&link.id, &station],
        )?
        .iter()
        .map(|row| {
            Ok(RemoteGuest {
                station: row.get(0),
                gender: gender_of(row.get(1))?,
                badge: number(row.get(2)),
                age: u16::try_from(row.get::<_, i32>(3)).unwrap_or(0),
                arrived: row.get(4),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    db.remote_guests_received(event.id, &guests)?;
    let pairs = client
        .query(
            "SELECT gender, badge, other_station, other_badge, own_choice, other_choice, request
             FROM public.shared_event_matches($1)",
            &[&link.id],
        )?
        .iter()
        .map(|row| {
            Ok(MatchRow {
                gender: gender_of(row.get(0))?,
                badge: number(row.get(1)),
                other_station: row.get(2),
                other_badge: number(row.get(3)),
                own_choice: choice_of(row.get(4))?,
                other_choice: choice_of(row.get(5))?,
                request: row.get(6),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    db.remote_matches_received(event.id, &pairs)?;
    Ok(())
}
