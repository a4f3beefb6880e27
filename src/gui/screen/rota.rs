//! 首页 › 值班表: the month's rota (who is on duty on which day, for the open day or an event),
//! the volunteer's own with one click, whether each came; a volunteer puts themselves on (an
//! administrator anyone) and takes a duty still to come off. The rules are the core's
//! (`data::rota`).

use crate::data::rota::{RotaEntry, Shift, month_of};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::{Datelike, NaiveDate, TimeDelta};
use iced::widget::{checkbox, column, container, pick_list, row, text, text_input};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    /// A month back or on.
    Month(i32),
    OnlyMine(bool),
    Day(String),
    Shift(Shift),
    Volunteer(Choice),
    Duty(Choice),
    Add,
    Remove(i64),
}

/// A volunteer or an event in a pick list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: Option<i64>,
    pub name: String,
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

pub struct Panel {
    /// The first day of the month shown.
    month: NaiveDate,
    only_mine: bool,
    entries: Result<Vec<RotaEntry>, String>,
    day: String,
    shift: Shift,
    volunteer: Option<i64>,
    /// The event chosen for the day typed (`None`: the open day).
    event: Option<i64>,
    volunteers: Vec<Choice>,
    /// The events of the day typed, offered beside the open day.
    day_events: Vec<Choice>,
    /// The one on duty may arrange anyone (an administrator, or any while the station has
    /// none), else only themselves.
    arranges_all: bool,
    /// The volunteer on duty when the page was read.
    me: Option<i64>,
    error: Option<String>,
}

/// The next Saturday after `today` (the station's open day).
fn next_saturday(today: NaiveDate) -> NaiveDate {
    let ahead = (i64::from(chrono::Weekday::Sat.num_days_from_monday())
        - i64::from(today.weekday().num_days_from_monday()))
    .rem_euclid(7);
    today + TimeDelta::days(if ahead == 0 { 7 } else { ahead })
}

const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

impl Panel {
    pub fn read(db: &Db, actor: &Actor, today: NaiveDate) -> Self {
        let arranges_all = db
            .may(actor, crate::data::signin::Permission::ManageVolunteers)
            .is_ok();
        let volunteers = db
            .volunteers()
            .unwrap_or_default()
            .into_iter()
            .filter(|v| v.active && (arranges_all || actor.volunteer() == Some(v.id)))
            .map(|v| Choice {
                id: Some(v.id),
                name: v.name,
            })
            .collect();
        let mut panel = Self {
            month: month_of(today).0,
            only_mine: false,
            entries: Ok(Vec::new()),
            day: next_saturday(today).to_string(),
            shift: Shift::Afternoon,
            volunteer: actor.volunteer(),
            event: None,
            volunteers,
            day_events: Vec::new(),
            arranges_all,
            me: actor.volunteer(),
            error: None,
        };
        panel.reload(db, actor, today);
        panel.read_day_events(db);
        panel
    }

    /// The events of the day typed (none while it is not a date).
    fn read_day_events(&mut self, db: &Db) {
        self.day_events = crate::data::parse::date_or_message(&self.day)
            .ok()
            .and_then(|day| db.events_on(day).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|(id, title)| Choice {
                id: Some(id),
                name: format!("活动:{title}"),
            })
            .collect();
    }

    fn reload(&mut self, db: &Db, actor: &Actor, today: NaiveDate) {
        let (from, to) = month_of(self.month);
        let whose = if self.only_mine {
            actor.volunteer()
        } else {
            None
        };
        self.entries = db.rota(whose, from, to, today).map_err(|e| e.to_string());
    }

    /// What a click did: `Some(notice)` when something was written.
    pub fn update(&mut self, message: Message, db: &mut Db, actor: &Actor) -> Option<String> {
        let today = crate::data::today();
        self.error = None;
        match message {
            Message::Month(step) => {
                let moved = if step < 0 {
                    self.month.pred_opt().map(|d| month_of(d).0)
                } else {
                    month_of(self.month).1.succ_opt()
                };
                if let Some(month) = moved {
                    self.month = month;
                }
                self.reload(db, actor, today);
            }
            Message::OnlyMine(mine) => {
                self.only_mine = mine;
                self.reload(db, actor, today);
            }
            Message::Day(day) => {
                self.day = day;
                self.event = None;
                self.read_day_events(db);
            }
            Message::Shift(shift) => self.shift = shift,
            Message::Volunteer(choice) => self.volunteer = choice.id,
            Message::Duty(choice) => self.event = choice.id,
            Message::Add => {
                let Some(volunteer) = self.volunteer else {
                    self.error = Some("请先选是哪位红娘值班".into());
                    return None;
                };
                let day = match crate::data::parse::date_or_message(&self.day) {
                    Ok(day) => day,
                    Err(why) => {
                        self.error = Some(why);
                        return None;
                    }
                };
                match db.put_on_rota(actor, volunteer, day, self.shift, self.event, today) {
                    Ok(entry) => {
                        // The month of the day just arranged, so it is seen.
                        self.month = month_of(entry.on_date).0;
                        self.reload(db, actor, today);
                        return Some(format!(
                            "已排班:{} {} {} {}",
                            entry.volunteer,
                            entry.on_date,
                            entry.shift.label(),
                            entry.what()
                        ));
                    }
                    // What was typed stays.
                    Err(error) => self.error = Some(error.to_string()),
                }
                return None;
            }
            Message::Remove(id) => match db.take_off_rota(actor, id, today) {
                Ok(()) => {
                    self.reload(db, actor, today);
                    return Some("已取消这条排班".into());
                }
                Err(error) => self.error = Some(error.to_string()),
            },
        }
        None
    }

    pub fn view(&self, today: NaiveDate) -> Element<'_, Message> {
        let mut panel = column![
            row![
                widget::secondary("‹ 上个月", Some(Message::Month(-1))),
                text(format!(
                    "{} 年 {} 月",
                    self.month.year(),
                    self.month.month()
                ))
                .size(style::TEXT)
                .color(style::INK),
                widget::secondary("下个月 ›", Some(Message::Month(1))),
                checkbox(self.only_mine)
                    .label("只看我的")
                    .on_toggle_maybe(self.me.map(|_| Message::OnlyMine as fn(bool) -> _))
                    .text_size(style::TEXT)
                    .size(22),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8),
        ]
        .spacing(style::SPACING);
        match &self.entries {
            Err(error) => panel = panel.push(widget::muted(format!("值班表读不出来:{error}"))),
            Ok(entries) if entries.is_empty() => {
                panel = panel.push(widget::muted("这个月还没有排班。"));
            }
            Ok(entries) => {
                for entry in entries {
                    panel = panel.push(self.line(entry, today));
                }
            }
        }
        panel = panel.push(self.form());
        if let Some(error) = &self.error {
            panel = panel.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        widget::section("值班表", panel)
    }

    fn line<'a>(&'a self, entry: &'a RotaEntry, today: NaiveDate) -> Element<'a, Message> {
        let weekday = WEEKDAYS[entry.on_date.weekday().num_days_from_monday() as usize];
        let came = match entry.came {
            Some(true) => "  ✓ 到岗",
            Some(false) => "  没有签到",
            None => "",
        };
        let words = format!(
            "{} 周{weekday} {} {} · {}{came}",
            entry.on_date,
            entry.shift.label(),
            entry.volunteer,
            entry.what()
        );
        let mine = self.me == Some(entry.volunteer_id);
        let words = text(words)
            .size(style::TEXT)
            .color(if mine { style::RED } else { style::INK });
        let mut line = row![container(words).width(Length::Fill)]
            .spacing(8)
            .align_y(Alignment::Center);
        if entry.on_date >= today && (mine || self.arranges_all) {
            line = line.push(widget::secondary("取消", Some(Message::Remove(entry.id))));
        }
        line.into()
    }

    fn form(&self) -> Element<'_, Message> {
        let mut duties = vec![Choice {
            id: None,
            name: "开放日值班".into(),
        }];
        duties.extend(self.day_events.iter().cloned());
        let duty = duties.iter().find(|c| c.id == self.event).cloned();
        let volunteer = self
            .volunteers
            .iter()
            .find(|c| c.id == self.volunteer)
            .cloned();
        row![
            text_input("2026-12-12", &self.day)
                .on_input(Message::Day)
                .on_submit(Message::Add)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .width(Length::Fixed(150.0)),
            pick_list(Shift::ALL, Some(self.shift), Message::Shift)
                .text_size(style::TEXT)
                .padding(6)
                .style(style::pick_list),
            pick_list(self.volunteers.as_slice(), volunteer, Message::Volunteer)
                .placeholder("哪位红娘")
                .text_size(style::TEXT)
                .padding(6)
                .style(style::pick_list),
            pick_list(duties, duty, Message::Duty)
                .text_size(style::TEXT)
                .padding(6)
                .style(style::pick_list),
            widget::primary("排班", Some(Message::Add)),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(8)
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_open_day() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        // Monday 7 → Saturday 12; a Saturday → the one after.
        assert_eq!(next_saturday(day(7)), day(12));
        assert_eq!(next_saturday(day(12)), day(19));
        assert_eq!(next_saturday(day(11)), day(12));
    }
}
