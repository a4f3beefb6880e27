//! 活动 → 联谊活动: the station's events, newest first, each with where it stands; a new one
//! started or one opened from here.

use crate::data::Db;
use crate::data::events::Event;
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{button, column, row, text};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    New,
    Open(i64),
}

/// The events as last read, or why they could not be.
pub struct List {
    events: Result<Vec<Event>, String>,
}

impl List {
    pub fn read(db: &Db) -> Self {
        Self {
            events: db.events().map_err(|e| e.to_string()),
        }
    }

    pub fn view(&self, today: NaiveDate) -> Element<'_, Message> {
        let mut sections: Vec<Element<'_, Message>> = vec![
            row![
                widget::heading("联谊活动"),
                iced::widget::space().width(Length::Fill),
                widget::primary("新建活动", Some(Message::New)),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center)
            .into(),
        ];
        match &self.events {
            Err(error) => sections.push(widget::banner(
                text(format!("活动读取失败:{error}")).size(style::TEXT),
                style::containers::error_banner,
            )),
            Ok(events) if events.is_empty() => sections.push(widget::section(
                "还没有活动",
                widget::muted(
                    "点“新建活动”,填上名称、日期、男女名额和年龄范围,就可以从会员库邀请、报名、签到、录入心动卡了。",
                ),
            )),
            Ok(events) => {
                let mut list = column![].spacing(8);
                for (i, e) in events.iter().enumerate() {
                    list = list.push(line(i, e, today));
                }
                sections.push(list.into());
            }
        }
        widget::sections(sections).into()
    }
}

/// One event, the `i`th of the list: what, when and where, its places and where it stands.
fn line(i: usize, e: &Event, today: NaiveDate) -> Element<'_, Message> {
    let arrived = e.men.arrived + e.women.arrived;
    let state = if e.matched {
        format!("已举行,到场 {arrived} 位,互选结果已确认")
    } else if e.on_date > today {
        format!("还有 {} 天", (e.on_date - today).num_days())
    } else if e.on_date == today {
        format!("今天,已签到 {arrived} 位")
    } else {
        format!("已举行,到场 {arrived} 位,互选结果还没确认")
    };
    button(
        row![
            column![
                text(&e.data.title).size(style::TEXT),
                widget::muted(match &e.shared {
                    Some(link) => format!("{} · 全区联谊,{}", e.when_where(), link.host_text()),
                    None => e.when_where(),
                }),
            ]
            .spacing(4)
            .width(Length::FillPortion(3)),
            column![
                text(e.balance_text()).size(style::TEXT),
                widget::muted(state),
            ]
            .spacing(4)
            .width(Length::FillPortion(2)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center),
    )
    .width(Length::Fill)
    .padding([10, 14])
    .style(style::buttons::row(i % 2 == 1, false))
    .on_press(Message::Open(e.id))
    .into()
}
