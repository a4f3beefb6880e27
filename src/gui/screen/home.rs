//! 首页: the station at a glance and the two things done most on an open day.

use crate::data::members::MemberCounts;
use crate::gui::{style, widget};
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    Register,
    Members,
}

pub struct Home {
    pub counts: Result<MemberCounts, String>,
}

impl Home {
    pub fn view<'a>(
        &'a self,
        station: &'a str,
        on_duty: Option<&'a str>,
        today: chrono::NaiveDate,
    ) -> Element<'a, Message> {
        let greeting = match on_duty {
            Some(name) => format!("{today} · 今天值班:{name}"),
            None => today.to_string(),
        };
        let tile = |label: &'a str, value: u64| -> Element<'a, Message> {
            container(
                column![
                    text(value.to_string())
                        .size(style::TITLE + 6.0)
                        .color(style::RED),
                    text(label).size(style::TEXT)
                ]
                .spacing(4)
                .align_x(Alignment::Center),
            )
            .padding(18)
            .width(Length::FillPortion(1))
            .style(style::containers::section)
            .into()
        };
        let figures: Element<'a, Message> = match &self.counts {
            Ok(counts) => row![
                tile("会员总数", counts.total),
                tile("在册会员", counts.active),
                tile("本月新登记", counts.registered_this_month),
                tile("今天新登记", counts.registered_today),
            ]
            .spacing(style::GAP)
            .into(),
            Err(error) => widget::banner(
                text(format!("统计数字读取失败:{error}")).size(style::TEXT),
                style::containers::error_banner,
            ),
        };
        let big = |label: &'a str, message: Message| {
            widget::primary(label, Some(message)).padding([18, 36])
        };
        column![
            text(station).size(style::TITLE).color(style::INK),
            widget::muted(greeting),
            figures,
            row![
                big("登记新会员", Message::Register),
                widget::secondary("查看会员名单", Some(Message::Members)).padding([18, 36])
            ]
            .spacing(style::GAP),
        ]
        .spacing(style::GAP + 4.0)
        .into()
    }
}
