//! `hongniang event …`: the command line of 联谊活动, a thin front end over `data::events`.

use super::search::{QueryArgs, query_of, range};
use super::{CliError, day, one_of};
use crate::data::events::{Answer, Arrival, Attendee, Choice, Event, EventData, Place, SignedUp};
use crate::data::model::{Gender, mask_phone};
use crate::data::print::{EventSheet, Job};
use crate::data::{self, Actor, Db};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// A new event.
    Create(EventArgs),
    /// Change an event's details (only what is given changes).
    Edit {
        id: i64,
        #[command(flatten)]
        details: EventArgs,
    },
    /// Every event, the latest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One event: its details, places and gender balance, sign-ups and the calls to make.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// 邀请: put the pool's members who fit the event (and these conditions of 查询) on its
    /// list to call.
    Invite {
        id: i64,
        #[command(flatten)]
        conditions: QueryArgs,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// Only show who would be invited.
        #[arg(long)]
        dry_run: bool,
    },
    /// The answer of a call to an invited member: 报名 (signs up), 不来 or 未接.
    Call {
        id: i64,
        number: String,
        answer: String,
    },
    /// Sign a member up (a place, or the waiting list when the places of their gender are taken).
    Signup {
        id: i64,
        number: String,
        /// Registered on the spot (现场登记).
        #[arg(long)]
        walk_in: bool,
    },
    /// Cancel a sign-up: the first waiting of the same gender takes the place.
    Cancel { id: i64, number: String },
    /// On the day: arrived (default), or --no-show, or --undo.
    Checkin {
        id: i64,
        number: String,
        #[arg(long)]
        no_show: bool,
        #[arg(long, conflicts_with = "no_show")]
        undo: bool,
    },
    /// 心动卡 of one attendee (member number or badge, e.g. 男03): the attendees of the other
    /// gender they marked, by badge number or member number, comma separated. Anyone not named
    /// is 不了; no --more and no --friends enters an empty card.
    Card {
        id: i64,
        attendee: String,
        /// 想进一步了解: e.g. 3,7 or 女03,女07.
        #[arg(long, default_value = "")]
        more: String,
        /// 可以做朋友.
        #[arg(long, default_value = "")]
        friends: String,
        /// Take the card back to not entered.
        #[arg(long, conflicts_with_all = ["more", "friends"])]
        clear: bool,
    },
    /// The mutual choices (for the organiser: the matrix of who chose whom with --matrix).
    Matches {
        id: i64,
        #[arg(long)]
        matrix: bool,
        #[arg(long)]
        json: bool,
    },
    /// Close the cards and record each mutual choice as an introduction at 见面 (at a 全区联谊
    /// the pairs with other stations' guests go to the district, and become introductions
    /// once both stations confirmed).
    Confirm { id: i64 },
    /// 全区联谊: share this station's event with other stations of the district (their codes,
    /// comma separated); they receive it at their next sync and send their own guests.
    Share {
        id: i64,
        #[arg(long, value_delimiter = ',')]
        stations: Vec<String>,
    },
    /// 网上报名导入: the sign-ups of an online form's export (问卷星, 金数据, 腾讯问卷) or a
    /// nomination list, previewed; --yes imports.
    Import(super::event_signups::SignUpImportArgs),
    /// 通知短信: each guest's text of one kind — signed_up (报名确认), moved_up (补上名额),
    /// waiting (等待名单), reminder (活动提醒) or result (互选结果); -o exports the list (姓名,
    /// 手机, 短信内容) for an SMS platform. Nothing is sent.
    Texts {
        id: i64,
        kind: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.csv")]
        output: Option<PathBuf>,
    },
    /// 更正 (an administrator's, after the matches are confirmed): a guest's 心动卡 (--more,
    /// --friends; none: an empty card) or check-in (--arrived, --no-show), with the reason.
    Correct {
        id: i64,
        attendee: String,
        #[arg(long, default_value = "")]
        more: String,
        #[arg(long, default_value = "")]
        friends: String,
        #[arg(long, conflicts_with_all = ["more", "friends", "no_show"])]
        arrived: bool,
        #[arg(long, conflicts_with_all = ["more", "friends"])]
        no_show: bool,
        /// Why (recorded).
        #[arg(long)]
        reason: String,
    },
    /// 合办单位: add a co-organiser (工会, 企业, 女职工委员会, 其他单位) with its places, or
    /// --remove it.
    Partner(super::event_money::PartnerArgs),
    /// 经费: a cost line by source (专项经费, 企业出资, 补贴, 工会经费, 其他), in yuan.
    Cost(super::event_money::CostArgs),
    /// 订单式: the enterprise that asked for the event, for whom, how many (--clear: none).
    Order(super::event_money::OrderArgs),
    /// The partners, money and order of an event.
    Money {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// 分区轮转: seat the guests in zones and rounds (--zones N --tables N [--minutes 8]),
    /// re-seat one guest who came late or is absent (--reseat 男07), or show the plan.
    Seat(super::seating::SeatArgs),
    /// A PDF: calls (邀请电话名单), attendees (签到名单), badges (胸牌), slips (互选结果条),
    /// seating (主持人座位表), seat-slips (嘉宾座位条) or cards (心动卡).
    Print {
        id: i64,
        what: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct EventArgs {
    #[arg(long)]
    title: Option<String>,
    /// YYYY-MM-DD.
    #[arg(long)]
    date: Option<String>,
    /// e.g. 14:00 or 14:00-17:00.
    #[arg(long)]
    time: Option<String>,
    #[arg(long)]
    place: Option<String>,
    /// 专场: 教师, 医护, 新杭州人 …
    #[arg(long)]
    theme: Option<String>,
    /// The organiser (a volunteer's name).
    #[arg(long)]
    organiser: Option<String>,
    /// Places for men.
    #[arg(long)]
    men: Option<u32>,
    /// Places for women.
    #[arg(long)]
    women: Option<u32>,
    /// Age range of the men, e.g. 25-35 ("-" for any).
    #[arg(long, value_name = "A-B")]
    men_age: Option<String>,
    #[arg(long, value_name = "A-B")]
    women_age: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

fn ages(text: &str) -> Result<(Option<u16>, Option<u16>), CliError> {
    if text.trim() == "-" || text.trim() == "不限" {
        return Ok((None, None));
    }
    range(text, "年龄")
}

/// `details` over `base`: what is given replaces it.
fn event_data(db: &Db, base: EventData, details: EventArgs) -> Result<EventData, CliError> {
    let mut data = base;
    if let Some(title) = details.title {
        data.title = title;
    }
    if let Some(date) = details.date {
        data.on_date = Some(day(Some(&date))?);
    }
    if let Some(time) = details.time {
        data.start_time = time;
    }
    if let Some(place) = details.place {
        data.place = place;
    }
    if let Some(theme) = details.theme {
        data.theme = theme;
    }
    if let Some(name) = details.organiser {
        data.organiser_id = Some(db.volunteer_named(&name)?.id);
    }
    if let Some(men) = details.men {
        data.places_men = men;
    }
    if let Some(women) = details.women {
        data.places_women = women;
    }
    if let Some(text) = details.men_age {
        data.ages_men = ages(&text)?;
    }
    if let Some(text) = details.women_age {
        data.ages_women = ages(&text)?;
    }
    if let Some(notes) = details.notes {
        data.notes = notes;
    }
    Ok(data)
}

fn event_line(out: &mut dyn Write, e: &Event) -> Result<(), CliError> {
    writeln!(
        out,
        "{}\t{}\t{}\t{}{}",
        e.id,
        e.data.title,
        e.when_where(),
        e.balance_text(),
        if e.matched { "\t互选已确认" } else { "" }
    )?;
    Ok(())
}

/// An attendee named by member number, or by badge (男03, 3 with `gender`).
fn attendee<'a>(db: &Db, attendees: &'a [Attendee], text: &str) -> Result<&'a Attendee, CliError> {
    if let Some(found) = data::events::find_attendee(attendees, text, None) {
        return Ok(found);
    }
    let member = db.member_by_number(text)?;
    attendees
        .iter()
        .find(|a| a.member_id == member.id)
        .ok_or_else(|| CliError(format!("{}没有报名这场活动", member.data.name)))
}

/// Runs one `event` command.
pub(super) fn event(
    db: &mut Db,
    actor: &Actor,
    full: bool,
    command: EventCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        EventCommand::Create(details) => {
            let data = event_data(db, EventData::default(), details)?;
            let created = db.create_event(actor, &data)?;
            write!(out, "已新建活动 ")?;
            event_line(out, &created)
        }
        EventCommand::Edit { id, details } => {
            let base = db.event(id)?.data;
            let data = event_data(db, base, details)?;
            let moved = db.update_event(actor, id, &data, data::today())?;
            event_line(out, &db.event(id)?)?;
            for (_, name) in moved {
                writeln!(out, "等待名单上的{name}补上了名额")?;
            }
            Ok(())
        }
        EventCommand::List { json } => list(db, json, out),
        EventCommand::Show { id, json } => show(db, actor, full, id, json, out),
        EventCommand::Invite {
            id,
            conditions,
            limit,
            dry_run,
        } => invite(db, actor, id, &conditions, limit, dry_run, out),
        EventCommand::Call { id, number, answer } => call(db, actor, id, &number, &answer, out),
        EventCommand::Signup {
            id,
            number,
            walk_in,
        } => {
            let member = db.member_by_number(&number)?;
            let signed = db.sign_up(actor, id, member.id, walk_in, data::today())?;
            signed_line(out, &member.data.name, signed)
        }
        EventCommand::Cancel { id, number } => {
            // By badge (男03) or member number, as 签到.
            let attendees = db.attendees(id)?;
            let (member, name) = {
                let found = attendee(db, &attendees, &number)?;
                (found.member_id, found.name.clone())
            };
            let cancelled = db.cancel_sign_up(actor, id, member, data::today())?;
            writeln!(out, "已取消{name}的报名")?;
            if let Some((_, name)) = cancelled.moved_up {
                writeln!(out, "等待名单上的{name}补上了名额")?;
            }
            Ok(())
        }
        EventCommand::Checkin {
            id,
            number,
            no_show,
            undo,
        } => check_in(db, actor, id, &number, no_show, undo, out),
        EventCommand::Card {
            id,
            attendee: chooser,
            more,
            friends,
            clear,
        } => {
            if clear {
                clear_card(db, actor, id, &chooser, out)
            } else {
                enter_card(db, actor, id, &chooser, &more, &friends, out)
            }
        }
        EventCommand::Matches { id, matrix, json } => matches(db, id, matrix, json, out),
        EventCommand::Confirm { id } => confirm(db, actor, id, out),
        EventCommand::Share { id, stations } => share(db, actor, id, &stations, out),
        EventCommand::Import(args) => super::event_signups::import_sign_ups(db, actor, args, out),
        EventCommand::Texts { id, kind, output } => {
            super::event_texts::texts(db, actor, id, &kind, output.as_deref(), out)
        }
        EventCommand::Correct {
            id,
            attendee: who,
            more,
            friends,
            arrived,
            no_show,
            reason,
        } => {
            let attendees = db.attendees(id)?;
            let found = attendee(db, &attendees, &who)?.clone();
            if arrived || no_show {
                let arrival = if arrived {
                    Arrival::Arrived
                } else {
                    Arrival::NoShow
                };
                db.correct_arrival(actor, id, found.member_id, arrival, &reason)?;
                writeln!(
                    out,
                    "已更正{}的签到:{}",
                    found.badge_text(),
                    arrival.label()
                )?;
                return Ok(());
            }
            let remote = db.remote_guests(id)?;
            let card = data::events::read_card(&attendees, &remote, &found, &more, &friends)?;
            let marks = data::event_district::local_marks(&card)?;
            let corrected = db.correct_card(actor, id, found.member_id, marks, &reason)?;
            writeln!(
                out,
                "已更正{}的心动卡;新的互选记入牵线 {} 条",
                found.badge_text(),
                corrected.introductions.len()
            )?;
            for why in &corrected.skipped {
                writeln!(out, "没有记入:{why}")?;
            }
            Ok(())
        }
        EventCommand::Partner(args) => super::event_money::partner(db, actor, args, out),
        EventCommand::Cost(args) => super::event_money::cost(db, actor, args, out),
        EventCommand::Order(args) => super::event_money::order(db, actor, args, out),
        EventCommand::Money { id, json } => super::event_money::money(db, id, json, out),
        EventCommand::Seat(args) => super::seating::seat(db, actor, args, out),
        EventCommand::Print { id, what, output } => print(db, actor, id, &what, &output, out),
    }
}

/// `event list`: every event, the latest first.
fn list(db: &Db, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let events = db.events()?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &events)?;
        writeln!(out)?;
    } else {
        writeln!(out, "联谊活动 {} 场", events.len())?;
        for e in &events {
            event_line(out, e)?;
        }
    }
    Ok(())
}

/// `event show`: the details, places and balance, and each attendee with their state.
fn show(
    db: &Db,
    actor: &Actor,
    full: bool,
    id: i64,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let event = db.event(id)?;
    let mut attendees = db.attendees(id)?;
    if !full {
        for a in &mut attendees {
            a.phone = mask_phone(&a.phone);
        }
    } else {
        db.reveal_contacts_of_many(actor, attendees.len(), "命令行的活动报名名单")?;
    }
    if json {
        let value = serde_json::json!({ "event": event, "attendees": attendees });
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)?;
        return Ok(());
    }
    event_line(out, &event)?;
    if let Some(link) = &event.shared {
        let remote = db.remote_guests(id)?;
        writeln!(
            out,
            "{}(其他站点的嘉宾:男 {} 位、女 {} 位,以上次同步为准)",
            link.text(),
            remote.iter().filter(|g| g.gender == Gender::Male).count(),
            remote.iter().filter(|g| g.gender == Gender::Female).count()
        )?;
    }
    for gender in Gender::ALL {
        writeln!(
            out,
            "{}嘉宾 {} 位名额,年龄 {}",
            gender.label(),
            event.data.places(*gender),
            event.data.ages_text(*gender)
        )?;
    }
    if !event.data.notes.is_empty() {
        writeln!(out, "备注:{}", event.data.notes)?;
    }
    writeln!(
        out,
        "邀请 {} 位,还要打电话的 {} 位",
        event.invited, event.to_call
    )?;
    for a in &attendees {
        let state = match (a.place, a.arrival, a.waiting_position) {
            (Place::Waiting, _, Some(n)) => format!("等待名单第 {n} 位"),
            (Place::Confirmed, Some(arrival), _) => arrival.label().to_string(),
            (place, _, _) => place.label().to_string(),
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}岁\t{}\t{}{}{}",
            a.badge_text(),
            a.number,
            a.name,
            a.birth.age_on(event.on_date),
            a.phone,
            state,
            if a.walk_in { "\t现场登记" } else { "" },
            if a.card_entered {
                "\t心动卡已录"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}

/// `event invite`: the pool's members who fit, put on the list to call (or only shown).
fn invite(
    db: &mut Db,
    actor: &Actor,
    id: i64,
    conditions: &QueryArgs,
    limit: usize,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let query = query_of(conditions, None)?;
    let index = data::search::SearchIndex::build(db)?;
    let mut found = db.invitation_candidates(id, &index, &query, data::today())?;
    let total = found.len();
    found.truncate(limit);
    if dry_run {
        writeln!(out, "符合条件的会员 {total} 位(只是看看,没有加入邀请名单):")?;
        for member in &found {
            let m = db.member(*member)?;
            writeln!(out, "{}\t{}", m.number, m.data.name)?;
        }
    } else {
        let added = db.invite(actor, id, &found)?;
        writeln!(
            out,
            "符合条件的会员 {total} 位,加入邀请名单 {added} 位(用 event print {id} calls 打印电话名单)"
        )?;
    }
    Ok(())
}

/// `event call`: the answer of an invited member, and their sign-up when they come.
fn call(
    db: &mut Db,
    actor: &Actor,
    id: i64,
    number: &str,
    answer: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let labels: Vec<&str> = Answer::ALL.iter().map(|a| a.label()).collect();
    let answer = Answer::parse(answer)
        .ok_or_else(|| CliError(format!("“{answer}”看不懂,可以填:{}", one_of(&labels))))?;
    let member = db.member_by_number(number)?;
    let signed = db.record_invitation_call(actor, id, member.id, answer, data::today())?;
    writeln!(
        out,
        "{} {}:{}",
        member.number,
        member.data.name,
        answer.label()
    )?;
    if let Some(signed) = signed {
        signed_line(out, &member.data.name, signed)?;
    }
    Ok(())
}

/// `event checkin`: arrived, did not come (--no-show), or taken back (--undo).
fn check_in(
    db: &mut Db,
    actor: &Actor,
    id: i64,
    number: &str,
    no_show: bool,
    undo: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let attendees = db.attendees(id)?;
    let who = attendee(db, &attendees, number)?.clone();
    let arrival = match (no_show, undo) {
        (_, true) => None,
        (true, _) => Some(Arrival::NoShow),
        _ => Some(Arrival::Arrived),
    };
    db.check_in(actor, id, who.member_id, arrival, data::today())?;
    writeln!(
        out,
        "{} {}:{}",
        who.badge_text(),
        who.name,
        arrival.map_or("撤销签到", Arrival::label)
    )?;
    Ok(())
}

/// `event card --clear`: the 心动卡 of `chooser` back to not entered.
fn clear_card(
    db: &mut Db,
    actor: &Actor,
    id: i64,
    chooser: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let attendees = db.attendees(id)?;
    let who = attendee(db, &attendees, chooser)?.clone();
    db.clear_card(actor, id, who.member_id)?;
    writeln!(out, "已清空{}的心动卡", who.badge_text())?;
    Ok(())
}

/// `event confirm`: the matches into introductions; at a 全区联谊 the pairs with other
/// stations' guests sent to the district at once (or at the next sync).
fn confirm(db: &mut Db, actor: &Actor, id: i64, out: &mut dyn Write) -> Result<(), CliError> {
    let confirmed = db.confirm_matches(actor, id, data::today())?;
    writeln!(
        out,
        "互选结果已确认:记入牵线记录 {} 条(都记为已见面)",
        confirmed.introductions.len()
    )?;
    for skipped in &confirmed.skipped {
        writeln!(out, "没有记入:{skipped}")?;
    }
    if db.event(id)?.shared.is_some() {
        match hongniang_district::station::sync_event_station(db, actor, id) {
            Ok(()) => remote_matches(db, id, out)?,
            Err(error) => writeln!(
                out,
                "和其他站点的嘉宾互选还没送到全区({error});下次全区同步时会送去"
            )?,
        }
    }
    Ok(())
}

/// `event share`: a 全区联谊 with the stations named.
fn share(
    db: &mut Db,
    actor: &Actor,
    id: i64,
    stations: &[String],
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let link = hongniang_district::station::share_event_station(db, actor, id, stations)?;
    writeln!(
        out,
        "已改为全区联谊(全区活动 {}),邀请了 {};本站嘉宾的胸牌号 {}–{}。受邀站点同步后就能报名自己的会员。",
        link.id,
        stations.join("、"),
        link.first_badge,
        link.last_badge()
    )?;
    Ok(())
}

/// `event card`: the 心动卡 of `chooser`, with whom they marked 想进一步了解 and 可以做朋友.
fn enter_card(
    db: &mut Db,
    actor: &Actor,
    id: i64,
    chooser: &str,
    more: &str,
    friends: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let attendees = db.attendees(id)?;
    let who = attendee(db, &attendees, chooser)?.clone();
    let remote = db.remote_guests(id)?;
    let card = data::events::read_card(&attendees, &remote, &who, more, friends)?;
    db.enter_typed_card(actor, id, who.member_id, &card)?;
    writeln!(
        out,
        "已录入{}的心动卡:想进一步了解 {} 位,可以做朋友 {} 位",
        who.badge_text(),
        card.count(Choice::More),
        card.count(Choice::Friends)
    )?;
    Ok(())
}

/// `event matches`: the mutual choices, after the matrix of who chose whom with --matrix.
fn matches(
    db: &Db,
    id: i64,
    matrix: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let matches = db.event_matches(id)?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &matches)?;
        writeln!(out)?;
        return Ok(());
    }
    if matrix {
        choice_matrix(db, id, out)?;
    }
    let shared = db.event(id)?.shared.is_some();
    if shared {
        writeln!(out, "本站嘉宾之间互选成功 {} 对:", matches.len())?;
    } else {
        writeln!(out, "互选成功 {} 对:", matches.len())?;
    }
    for m in &matches {
        writeln!(
            out,
            "{} {}\t{} {}\t{}{}",
            m.man.badge_text(),
            m.man.name,
            m.woman.badge_text(),
            m.woman.name,
            if m.pair.both_more() {
                "双方都想进一步了解"
            } else {
                "互相愿意做朋友"
            },
            m.introduction
                .map(|i| format!("\t牵线 {i}"))
                .unwrap_or_default()
        )?;
    }
    if shared {
        remote_matches(db, id, out)?;
    }
    Ok(())
}

/// At a 全区联谊: the pairs of this station's guests with other stations' guests, as the
/// district last told them.
fn remote_matches(db: &Db, id: i64, out: &mut dyn Write) -> Result<(), CliError> {
    let remote = db.remote_matches(id)?;
    writeln!(out, "和其他站点的嘉宾互选成功 {} 对:", remote.len())?;
    for m in &remote {
        writeln!(
            out,
            "{} {}\t{}\t{}\t{}",
            data::events::badge_text(m.row.gender, Some(m.row.badge)),
            m.guest.as_ref().map_or("", |g| g.name.as_str()),
            m.other_text(),
            if m.row.both_more() {
                "双方都想进一步了解"
            } else {
                "互相愿意做朋友"
            },
            m.state_text()
        )?;
    }
    Ok(())
}

/// The men's choices of the women and the women's of the men, for the attendees who came.
fn choice_matrix(db: &Db, id: i64, out: &mut dyn Write) -> Result<(), CliError> {
    let attendees = db.attendees(id)?;
    let choices = db.event_choices(id)?;
    let present: Vec<&Attendee> = attendees
        .iter()
        .filter(|a| a.arrival == Some(Arrival::Arrived))
        .collect();
    let women: Vec<&&Attendee> = present
        .iter()
        .filter(|a| a.gender == Gender::Female)
        .collect();
    let mark = |from: i64, to: i64| {
        choices
            .iter()
            .find(|c| c.0 == from && c.1 == to)
            .map_or("·", |c| match c.2 {
                Choice::More => "♥",
                Choice::Friends => "○",
                Choice::No => "·",
            })
    };
    writeln!(out, "男选女 / 女选男(♥ 想进一步了解,○ 可以做朋友,· 不了):")?;
    write!(out, "\t")?;
    for w in &women {
        write!(out, "{}\t", w.badge_text())?;
    }
    writeln!(out)?;
    for m in present.iter().filter(|a| a.gender == Gender::Male) {
        write!(out, "{}\t", m.badge_text())?;
        for w in &women {
            write!(
                out,
                "{}/{}\t",
                mark(m.member_id, w.member_id),
                mark(w.member_id, m.member_id)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// `event print`: one of the event's sheets as a PDF.
fn print(
    db: &Db,
    actor: &Actor,
    id: i64,
    what: &str,
    output: &Path,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let sheet = match what.trim() {
        "calls" | "电话" | "邀请电话名单" => EventSheet::Calls,
        "attendees" | "签到" | "签到名单" => EventSheet::Attendees,
        "badges" | "胸牌" => EventSheet::Badges,
        "slips" | "结果条" | "互选结果条" => EventSheet::Slips,
        "seating" | "座位表" | "主持人座位表" => EventSheet::Seating,
        "seat-slips" | "座位条" | "嘉宾座位条" => EventSheet::SeatSlips,
        "cards" | "心动卡" => EventSheet::Cards,
        other => {
            return Err(CliError(format!(
                "“{other}”是什么?可以是 calls(邀请电话名单)、attendees(签到名单)、badges(胸牌)、slips(互选结果条)、\
                 seating(主持人座位表)、seat-slips(嘉宾座位条)或 cards(心动卡)"
            )));
        }
    };
    if output
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("pdf"))
    {
        return Err(CliError(format!("“{}”不是 .pdf 文件名", output.display())));
    }
    let printout = db.print(&Job::Event { event: id, sheet }, actor, data::today())?;
    let bytes = printout.pdf()?;
    crate::data::files::write_private(output, &bytes)?;
    writeln!(
        out,
        "已生成{}:{}({} 页)",
        printout.title,
        output.display(),
        printout.page_count()
    )?;
    Ok(())
}

fn signed_line(out: &mut dyn Write, name: &str, signed: SignedUp) -> Result<(), CliError> {
    match signed {
        SignedUp::Place { badge } => writeln!(out, "{name}报名成功,号码 {badge:02}")?,
        SignedUp::Waiting { position } => writeln!(
            out,
            "名额已满,{name}在等待名单第 {position} 位(有人取消时自动补上)"
        )?,
    }
    Ok(())
}
