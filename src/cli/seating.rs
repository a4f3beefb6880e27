//! `hongniang event seat …`: 分区轮转 on the command line, a thin front end over
//! `data::seating`.

use super::CliError;
use crate::data::events::{Attendee, find_attendee};
use crate::data::seating::{Seating, SeatingSpec, tables_of};
use crate::data::{self, Actor, Db};
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct SeatArgs {
    pub id: i64,
    /// Make (or make again) the plan: how many zones (or long tables).
    #[arg(long)]
    zones: Option<u32>,
    /// Two-seat tables in each zone.
    #[arg(long, requires = "zones")]
    tables: Option<u32>,
    /// Minutes per round.
    #[arg(long, default_value_t = 8)]
    minutes: u32,
    /// One guest (badge, e.g. 男07, or member number) who came late, moved up or is absent:
    /// seated in the zone that needs them, or taken out.
    #[arg(long, conflicts_with = "zones")]
    reseat: Option<String>,
    #[arg(long)]
    json: bool,
}

/// `event seat`: makes the plan, re-seats one guest, or shows the plan.
pub(super) fn seat(
    db: &mut Db,
    actor: &Actor,
    args: SeatArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let id = args.id;
    if let Some(zones) = args.zones {
        let Some(tables) = args.tables else {
            return Err(CliError("请用 --tables 说每区有几张桌".into()));
        };
        let spec = SeatingSpec {
            zones,
            tables_per_zone: tables,
            minutes_per_round: args.minutes,
        };
        db.make_seating(actor, id, spec, data::today())?;
    } else if let Some(text) = args.reseat {
        let attendees = db.attendees(id)?;
        let member = match find_attendee(&attendees, &text, None) {
            Some(found) => found.member_id,
            None => db.member_by_number(&text)?.id,
        };
        let said = db.reseat(actor, id, member, data::today())?;
        writeln!(out, "{said}")?;
    }
    let Some(seating) = db.seating(id)? else {
        return Err(CliError(
            "这场活动还没有排座位:用 --zones 和 --tables 排一次".into(),
        ));
    };
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &seating)?;
        writeln!(out)?;
        return Ok(());
    }
    show(&seating, out)
}

fn badges(list: &[Attendee]) -> String {
    list.iter()
        .map(|a| a.badge_text().replace(' ', ""))
        .collect::<Vec<_>>()
        .join(" ")
}

fn show(seating: &Seating, out: &mut dyn Write) -> Result<(), CliError> {
    writeln!(out, "座位:{}", seating.summary())?;
    for zone in &seating.zones {
        writeln!(
            out,
            "第 {} 区\t男 {} 位:{}\t女 {} 位:{}",
            zone.number,
            zone.men.len(),
            badges(&zone.men),
            zone.women.len(),
            badges(&zone.women)
        )?;
        if let Some(man) = zone.men.first() {
            let tables: Vec<String> = tables_of(&zone.seats(), man.member_id)
                .iter()
                .map(|t| t.map_or("休".into(), |t| t.to_string()))
                .collect();
            writeln!(
                out,
                "\t({} 每轮的桌号:{};女嘉宾坐定不动)",
                man.badge_text(),
                tables.join(" ")
            )?;
        }
    }
    for a in &seating.unseated {
        writeln!(
            out,
            "还没有座位:{} {}(用 --reseat {} 安排)",
            a.badge_text(),
            a.surname_title,
            a.badge_text().replace(' ', "")
        )?;
    }
    for a in &seating.absent {
        writeln!(
            out,
            "未到或已取消,还占着座位:{} {}(用 --reseat {} 撤下)",
            a.badge_text(),
            a.surname_title,
            a.badge_text().replace(' ', "")
        )?;
    }
    for clash in &seating.clashes {
        writeln!(out, "同单位的嘉宾在同一区(分不开):{clash}")?;
    }
    Ok(())
}
