//! 活动 → an event → 座位与轮转: the organiser says how many zones, tables per zone and minutes
//! per round, the program seats the guests (`data::seating`); each zone is shown with its
//! guests by badge, those who came late or did not come are re-seated with one click, and the
//! host's sheets, the guests' slips and the 心动卡 are printed from here.

use super::event::{Effect, Shown};
use crate::data::events::Attendee;
use crate::data::model::Gender;
use crate::data::print::EventSheet;
use crate::data::seating::{MAX_TABLES, SeatingSpec};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{column, container, row, text, text_input};
use iced::{Alignment, Element, Length};

/// The tables per zone suggested at first: a round of a dozen meetings is about an hour and a
/// half at 8 minutes.
const SUGGESTED_TABLES: u32 = 12;

#[derive(Debug, Clone)]
pub enum Message {
    Zones(String),
    Tables(String),
    Minutes(String),
    /// Make the plan (again) with the numbers typed.
    Make,
    /// Show the boxes to make the plan again.
    Redo,
    Reseat(i64),
    Print(EventSheet),
}

/// The numbers typed, and what was wrong with them.
#[derive(Default)]
pub struct Seats {
    zones: String,
    tables: String,
    minutes: String,
    /// The boxes are shown over an existing plan.
    redoing: bool,
    error: Option<String>,
}

/// Guests who take a seat: a place, not marked 未到.
fn guests(shown: Shown<'_>, gender: Gender) -> usize {
    shown
        .attendees
        .iter()
        .filter(|a| a.gender == gender && a.takes_part())
        .count()
}

/// Zones and tables that seat everyone with tables of about a dozen.
fn suggestion(men: usize, women: usize) -> (u32, u32) {
    let most = men.max(women).max(1) as u32;
    let fewest = men.min(women).max(1) as u32;
    let zones = most.div_ceil(SUGGESTED_TABLES).clamp(1, fewest);
    (zones, most.div_ceil(zones).min(MAX_TABLES))
}

fn number(text: &str) -> Option<u32> {
    text.trim().parse().ok()
}

impl Seats {
    pub fn update(
        &mut self,
        message: Message,
        shown: Shown<'_>,
        db: &mut Db,
        actor: &Actor,
        today: NaiveDate,
    ) -> Effect {
        let id = shown.event.id;
        match message {
            Message::Zones(text) => self.zones = text,
            Message::Tables(text) => self.tables = text,
            Message::Minutes(text) => self.minutes = text,
            Message::Redo => {
                self.redoing = true;
                self.error = None;
            }
            Message::Make => {
                let (zones, tables) = self.numbers(shown);
                let spec = match (zones, tables, self.minutes_or_default()) {
                    (Some(zones), Some(tables), Some(minutes)) => SeatingSpec {
                        zones,
                        tables_per_zone: tables,
                        minutes_per_round: minutes,
                    },
                    _ => {
                        self.error =
                            Some("分区数、每区桌数和每轮分钟都要填整数,如 4、12、8".into());
                        return Effect::None;
                    }
                };
                return match db.make_seating(actor, id, spec, today) {
                    Ok(seating) => {
                        self.error = None;
                        self.redoing = false;
                        let mut words = format!("座位排好了:{}", seating.summary());
                        if !seating.clashes.is_empty() {
                            words.push_str(&format!(
                                "。有 {} 对同单位的嘉宾实在分不开,见下面",
                                seating.clashes.len()
                            ));
                        }
                        Effect::Changed(Some(words))
                    }
                    Err(error) => {
                        self.error = Some(error.to_string());
                        Effect::None
                    }
                };
            }
            Message::Reseat(member) => {
                return Effect::Changed(Some(match db.reseat(actor, id, member, today) {
                    Ok(said) => said,
                    Err(error) => error.to_string(),
                }));
            }
            Message::Print(sheet) => return shown.print(sheet),
        }
        Effect::None
    }

    /// The zones and tables typed, or suggested where the box is empty.
    fn numbers(&self, shown: Shown<'_>) -> (Option<u32>, Option<u32>) {
        let (zones, tables) =
            suggestion(guests(shown, Gender::Male), guests(shown, Gender::Female));
        let or = |typed: &str, suggested: u32| {
            if typed.trim().is_empty() {
                Some(suggested)
            } else {
                number(typed)
            }
        };
        (or(&self.zones, zones), or(&self.tables, tables))
    }

    fn minutes_or_default(&self) -> Option<u32> {
        if self.minutes.trim().is_empty() {
            Some(8)
        } else {
            number(&self.minutes)
        }
    }

    pub fn view<'a>(&'a self, shown: Shown<'a>) -> Element<'a, Message> {
        let Some(seating) = shown.seating else {
            return widget::section("座位与轮转", self.form(shown));
        };
        let mut plan = column![
            text(seating.summary()).size(style::TEXT),
            widget::muted("女嘉宾坐定不动,男嘉宾每轮往后移一桌;每位嘉宾和本区每位异性聊一轮。"),
            row![
                widget::primary(
                    "打印主持人座位表",
                    Some(Message::Print(EventSheet::Seating))
                ),
                widget::secondary(
                    "打印嘉宾座位条",
                    Some(Message::Print(EventSheet::SeatSlips))
                ),
                widget::secondary("打印心动卡", Some(Message::Print(EventSheet::Cards))),
                widget::secondary("重新排座位…", Some(Message::Redo)),
            ]
            .spacing(8)
            .wrap()
            .vertical_spacing(8),
        ]
        .spacing(8);
        if self.redoing {
            plan = plan.push(self.form(shown));
        }
        let mut sections = vec![widget::section("座位与轮转", plan)];
        if !seating.unseated.is_empty() || !seating.absent.is_empty() {
            sections.push(widget::section("要调整的座位", changes(seating)));
        }
        if !seating.clashes.is_empty() {
            sections.push(widget::banner(
                text(format!(
                    "同单位的男女嘉宾在同一区(人太多,换不开):{}",
                    seating.clashes.join("、")
                ))
                .size(style::TEXT),
                style::containers::warning_banner,
            ));
        }
        let mut zones = column![].spacing(6);
        for (i, zone) in seating.zones.iter().enumerate() {
            zones = zones.push(
                container(
                    column![
                        text(format!(
                            "第 {} 区 · 男 {} 位 · 女 {} 位 · {} 轮",
                            zone.number,
                            zone.men.len(),
                            zone.women.len(),
                            zone.rounds.len()
                        ))
                        .size(style::TEXT)
                        .color(style::INK),
                        widget::muted(badges(&zone.men)),
                        widget::muted(badges(&zone.women)),
                    ]
                    .spacing(2),
                )
                .padding([6, 10])
                .width(Length::Fill)
                .style(style::containers::stripe(i % 2 == 1)),
            );
        }
        sections.push(widget::section("各区嘉宾", zones));
        column(sections).spacing(style::GAP).into()
    }

    /// The three boxes and the button, with the suggestion for this event's guests.
    fn form<'a>(&'a self, shown: Shown<'a>) -> Element<'a, Message> {
        let (men, women) = (guests(shown, Gender::Male), guests(shown, Gender::Female));
        let (zones, tables) = suggestion(men, women);
        let input = |placeholder: String, value: &'a str, on: fn(String) -> Message| {
            text_input(&placeholder, value)
                .on_input(on)
                .on_submit(Message::Make)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .width(Length::Fixed(120.0))
                .style(style::input(self.error.is_some()))
        };
        let mut form = column![
            widget::muted(format!(
                "现在有座位的:男嘉宾 {men} 位,女嘉宾 {women} 位(未到的不排)。人多时分成几个区(或几条长桌),\
                 按年龄相近分区,同单位的男女分开。不填就用建议的数。"
            )),
            widget::field("分区数", input(format!("建议 {zones}"), &self.zones, Message::Zones), None),
            widget::field(
                "每区桌数",
                input(format!("建议 {tables}"), &self.tables, Message::Tables),
                None
            ),
            widget::field("每轮分钟", input("8".into(), &self.minutes, Message::Minutes), None),
        ]
        .spacing(8);
        if let Some(error) = &self.error {
            form = form.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        form.push(
            row![widget::primary(
                "排座位",
                (men > 0 && women > 0).then_some(Message::Make)
            )]
            .align_y(Alignment::Center),
        )
        .into()
    }
}

fn badges(list: &[Attendee]) -> String {
    list.iter()
        .map(|a| a.badge_text().replace(' ', ""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Guests without a seat and seats of guests who are not there, each with its button.
fn changes(seating: &crate::data::seating::Seating) -> Element<'_, Message> {
    let mut list = column![widget::muted(
        "点一下,只重排这位嘉宾所在的那个区;那个区的主持人座位表和座位条要重新打印。"
    )]
    .spacing(6);
    let line = |a: &Attendee, words: &'static str, button: &'static str| -> Element<'_, Message> {
        row![
            text(format!("{} {} · {words}", a.badge_text(), a.surname_title))
                .size(style::TEXT)
                .width(Length::Fill),
            widget::secondary(button, Some(Message::Reseat(a.member_id))),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .into()
    };
    for a in &seating.unseated {
        list = list.push(line(a, "还没有座位(后来报名或补上的)", "安排入座"));
    }
    for a in &seating.absent {
        list = list.push(line(a, "未到或已取消,还占着座位", "撤下座位"));
    }
    list.into()
}
