//! 活动 → 开放日: today's visitors counted (+1 / -1) with a note, the yearly totals and the open
//! days with their figures.

use crate::data::open_days::{OpenDay, Visitor, YearTotals};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    Count(Visitor, i32),
    NoteChanged(String),
    SaveNote,
}

pub enum Action {
    None,
    /// Something was counted or kept: the page is read again, after saying this (if anything).
    Changed(Option<String>),
}

pub struct OpenDays {
    days: Result<Vec<OpenDay>, String>,
    years: Vec<YearTotals>,
    today_note: String,
}

impl Default for OpenDays {
    fn default() -> Self {
        Self {
            days: Ok(Vec::new()),
            years: Vec::new(),
            today_note: String::new(),
        }
    }
}

impl OpenDays {
    /// Reads the open days again (today's note too, once today has one).
    pub fn reload(&mut self, db: &Db, today: NaiveDate) {
        self.days = db.open_days(None, None).map_err(|e| e.to_string());
        self.years = db.open_day_years(None, None).unwrap_or_default();
        if let Ok(Some(day)) = db.open_day(today) {
            self.today_note = day.notes;
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &mut Db,
        actor: &Actor,
        today: NaiveDate,
    ) -> Action {
        match message {
            Message::Count(visitor, change) => Action::Changed(
                db.count_visitor(actor, today, visitor, change, today)
                    .err()
                    .map(|error| error.to_string()),
            ),
            Message::NoteChanged(text) => {
                self.today_note = text;
                Action::None
            }
            Message::SaveNote => Action::Changed(Some(
                match db.set_open_day_notes(actor, today, &self.today_note, today) {
                    Ok(_) => "开放日备注已保存".to_string(),
                    Err(error) => error.to_string(),
                },
            )),
        }
    }

    pub fn view(&self, today: NaiveDate) -> Element<'_, Message> {
        let mut sections: Vec<Element<'_, Message>> = vec![self.today_view(today)];
        if !self.years.is_empty() {
            let mut years = column![].spacing(6);
            for y in &self.years {
                years = years.push(text(format!(
                    "{} 年:开放日 {} 天,来访单身青年 {} 人、家长/亲属 {} 人,当天登记 {} 位,当天介绍 {} 次",
                    y.year, y.days, y.singles, y.parents, y.registrations, y.introductions
                ))
                .size(style::TEXT));
            }
            sections.push(widget::section("每年合计", years));
        }
        match &self.days {
            Err(error) => sections.push(widget::banner(
                text(format!("开放日读取失败:{error}")).size(style::TEXT),
                style::containers::error_banner,
            )),
            Ok(days) if days.is_empty() => {}
            Ok(days) => sections.push(widget::section("开放日记录", days_view(days))),
        }
        widget::sections(sections).into()
    }

    /// Today's counters and note.
    fn today_view(&self, today: NaiveDate) -> Element<'_, Message> {
        let today_figures = self
            .days
            .as_ref()
            .ok()
            .and_then(|days| days.iter().find(|d| d.on == today));
        let (singles, parents) = today_figures.map_or((0, 0), |d| (d.singles, d.parents));
        let counter = |label: &'static str, value: u32, visitor: Visitor| -> Element<'_, Message> {
            row![
                text(format!("{label} {value} 人"))
                    .size(style::TEXT)
                    .width(Length::Fixed(190.0)),
                widget::primary("+1", Some(Message::Count(visitor, 1))),
                widget::secondary("-1", (value > 0).then_some(Message::Count(visitor, -1))),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .into()
        };
        widget::section(
            format!("今天({today})的开放日"),
            column![
                widget::muted("来一位点一下 +1(点错了点 -1);首页也有这两个按钮。值班红娘、当天登记和介绍的人数由程序自己算。"),
                counter("单身青年", singles, Visitor::Single),
                counter("家长/亲属", parents, Visitor::Parent),
                row![
                    text_input("今天的备注(如:七夕前人多,来了三位护士)", &self.today_note)
                        .on_input(Message::NoteChanged)
                        .on_submit(Message::SaveNote)
                        .size(style::TEXT)
                        .padding(style::INPUT_PADDING)
                        .style(style::input(false)),
                    widget::secondary("保存备注", Some(Message::SaveNote)),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            ]
            .spacing(style::SPACING),
        )
    }
}

/// The open days, newest first (60 at most).
fn days_view(days: &[OpenDay]) -> Element<'_, Message> {
    let mut list = column![].spacing(6);
    for o in days.iter().take(60) {
        let duty = if o.volunteers.is_empty() {
            "—".to_string()
        } else {
            o.volunteers.join("、")
        };
        list = list.push(
            column![
                text(format!(
                    "{}({}) 来访 {} 人(单身 {},家长 {}) · 登记 {} · 介绍 {}",
                    o.on,
                    crate::data::events::weekday(o.on),
                    o.visitors(),
                    o.singles,
                    o.parents,
                    o.registrations,
                    o.introductions
                ))
                .size(style::TEXT),
                widget::muted(if o.notes.is_empty() {
                    format!("值班:{duty}")
                } else {
                    format!("值班:{duty} · {}", o.notes)
                }),
            ]
            .spacing(2),
        );
    }
    if days.len() > 60 {
        list = list.push(widget::muted(format!(
            "只列出最近 60 天,共 {} 天;全部见「统计」的导出。",
            days.len()
        )));
    }
    list.into()
}
