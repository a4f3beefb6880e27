//! 设置 → 回访与等待提醒: after how many days 首页 reminds of a follow-up, after how many days
//! without a new introduction a member is on 首页's 等待介绍, and after how many days without an
//! answer an agreement asked is on 首页's 待答复.

use super::Outcome;
use crate::data::Db;
use crate::gui::{style, widget};
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element};

#[derive(Debug, Clone)]
pub enum Message {
    FollowUpDaysChanged(String),
    SaveFollowUpDays,
    WaitingDaysChanged(String),
    SaveWaitingDays,
    AnswerDaysChanged(String),
    SaveAnswerDays,
}

/// The two numbers of days as typed.
#[derive(Default)]
pub struct Reminders {
    follow_up_days: String,
    /// After how many days since an introduction ended a member is on 首页's 等待介绍.
    waiting_days: String,
    /// After how many days an agreement asked and not answered is on 首页's 待答复.
    answer_days: String,
}

impl Reminders {
    pub fn new(follow_up_days: u32, waiting_days: u32, answer_days: u32) -> Self {
        Self {
            follow_up_days: follow_up_days.to_string(),
            waiting_days: waiting_days.to_string(),
            answer_days: answer_days.to_string(),
        }
    }

    pub fn update(&mut self, message: Message, db: &Db) -> Outcome<()> {
        match message {
            Message::FollowUpDaysChanged(days) => {
                self.follow_up_days = days;
                Outcome::none()
            }
            Message::WaitingDaysChanged(days) => {
                self.waiting_days = days;
                Outcome::none()
            }
            Message::AnswerDaysChanged(days) => {
                self.answer_days = days;
                Outcome::none()
            }
            Message::SaveAnswerDays => Outcome::of(days(&self.answer_days).and_then(|days| {
                db.set_answer_days(days).map(|()| {
                    Outcome::said(format!(
                        "已保存:问过同不同意 {days} 天没有答复,就列在首页的“待答复”里;{} 天可以记为未成",
                        2 * days
                    ))
                })
            })),
            Message::SaveFollowUpDays => Outcome::of(days(&self.follow_up_days).and_then(|days| {
                db.set_follow_up_days(days)
                    .map(|()| Outcome::said(format!("已保存:超过 {days} 天没有更新就提醒回访")))
            })),
            Message::SaveWaitingDays => Outcome::of(days(&self.waiting_days).and_then(|days| {
                db.set_waiting_days(days).map(|()| {
                    Outcome::said(format!(
                        "已保存:上次介绍结束后 {days} 天没有新介绍,就列在首页的“等待介绍”里"
                    ))
                })
            })),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let follow_up = days_row(
            "超过",
            ("follow_up_days", "14", &self.follow_up_days),
            Message::FollowUpDaysChanged,
            Message::SaveFollowUpDays,
            "天没有更新的进行中牵线,在首页提醒回访",
        );
        let waiting = days_row(
            "上次介绍结束后",
            ("waiting_days", "30", &self.waiting_days),
            Message::WaitingDaysChanged,
            Message::SaveWaitingDays,
            "天没有新介绍的会员,列在首页的“等待介绍”里",
        );
        let answer = days_row(
            "问过同不同意",
            ("answer_days", "7", &self.answer_days),
            Message::AnswerDaysChanged,
            Message::SaveAnswerDays,
            "天没有答复,列在首页的“待答复”里(满两倍天数可记为未成)",
        );
        column![
            follow_up,
            waiting,
            answer,
            widget::muted(format!(
                "登记后 {} 天还没介绍过的会员,也列在“等待介绍”里。",
                crate::data::availability::FIRST_INTRODUCTION_DAYS
            )),
        ]
        .spacing(10)
        .into()
    }
}

/// A number of days typed in 设置 (the core checks the range and says it).
fn days(typed: &str) -> crate::data::Result<u32> {
    match crate::data::parse::whole_number(typed) {
        Ok(Some(days)) => Ok(u32::from(days)),
        _ => Err(crate::data::Error::Refused(format!(
            "“{}”不是天数,请填 1 到 365 之间的整数",
            typed.trim()
        ))),
    }
}

/// "超过 [14] 天…… 保存": one setting in days, its box and its button.
fn days_row<'a>(
    before: &'a str,
    (id, placeholder, value): (&'static str, &'a str, &'a str),
    on_input: fn(String) -> Message,
    save: Message,
    after: &'a str,
) -> Element<'a, Message> {
    row![
        text(before).size(style::TEXT),
        text_input(placeholder, value)
            .id(id)
            .on_input(on_input)
            .on_submit(save.clone())
            .size(style::TEXT)
            .padding(style::INPUT_PADDING)
            .width(80)
            .style(style::input(false)),
        text(after).size(style::TEXT),
        widget::primary("保存", Some(save)),
    ]
    .spacing(style::SPACING)
    .align_y(Alignment::Center)
    .wrap()
    .vertical_spacing(8)
    .into()
}
