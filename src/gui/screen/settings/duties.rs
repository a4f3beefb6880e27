//! 设置 → 值班记录: the last weeks' duties, signed in to signed out, those never signed out
//! first; an administrator corrects a duty's times with a reason (recorded in the 操作记录).
//! The rule is the core's (`data::duty`).

use super::Outcome;
use crate::data::duty::{Duty, hours_text, time_typed};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::{NaiveDate, TimeDelta};
use iced::widget::{column, container, row, text, text_input};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    /// 更正… opens a duty's boxes, or closes them.
    Edit(i64),
    SignedIn(i64, String),
    SignedOut(i64, String),
    Reason(i64, String),
    Save(i64),
}

/// What is typed for duty `id`, if it is the one being corrected.
fn typed(editing: &mut Option<(i64, Typed)>, id: i64) -> Option<&mut Typed> {
    match editing {
        Some((at, typed)) if *at == id => Some(typed),
        _ => None,
    }
}

/// How far back the duties are listed.
const DAYS_SHOWN: i64 = 31;

/// What is typed for a duty being corrected.
#[derive(Debug, Default)]
struct Typed {
    signed_in: String,
    signed_out: String,
    reason: String,
}

pub struct Duties {
    duties: Vec<Duty>,
    editing: Option<(i64, Typed)>,
    /// Why the correction typed was refused, said at its boxes.
    error: Option<String>,
}

impl Duties {
    pub fn read(db: &Db, today: NaiveDate) -> Self {
        let mut duties = db
            .duties(None, today - TimeDelta::days(DAYS_SHOWN), today)
            .unwrap_or_default();
        // The newest first, those never signed out before all.
        duties.reverse();
        duties.sort_by_key(|d| d.signed_out.is_some());
        Self {
            duties,
            editing: None,
            error: None,
        }
    }

    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Outcome<()> {
        match message {
            Message::Edit(id) => {
                self.error = None;
                if matches!(&self.editing, Some((at, _)) if *at == id) {
                    self.editing = None;
                } else if let Some(duty) = self.duties.iter().find(|d| d.id == id) {
                    self.editing = Some((
                        id,
                        Typed {
                            signed_in: duty.signed_in.format("%H:%M").to_string(),
                            signed_out: duty
                                .signed_out
                                .map(|t| t.format("%H:%M").to_string())
                                .unwrap_or_default(),
                            reason: String::new(),
                        },
                    ));
                }
            }
            Message::SignedIn(id, value) => {
                if let Some(t) = typed(&mut self.editing, id) {
                    t.signed_in = value;
                }
            }
            Message::SignedOut(id, value) => {
                if let Some(t) = typed(&mut self.editing, id) {
                    t.signed_out = value;
                }
            }
            Message::Reason(id, value) => {
                if let Some(t) = typed(&mut self.editing, id) {
                    t.reason = value;
                }
            }
            Message::Save(id) => {
                let Some(t) = typed(&mut self.editing, id) else {
                    return Outcome::none();
                };
                let times = time_typed(&t.signed_in).and_then(|i| {
                    if t.signed_out.trim().is_empty() {
                        Err("请填签退的时间".to_string())
                    } else {
                        time_typed(&t.signed_out).map(|o| (i, o))
                    }
                });
                let corrected = times.and_then(|(signed_in, signed_out)| {
                    db.correct_duty(actor, id, signed_in, signed_out, &t.reason)
                        .map_err(|e| e.to_string())
                });
                match corrected {
                    Ok(duty) => {
                        *self = Self::read(db, crate::data::today());
                        return Outcome::said(format!(
                            "已更正 {} {} 的值班:{}",
                            duty.volunteer,
                            duty.on_date,
                            hours_text(duty.minutes())
                        ));
                    }
                    // What was typed stays, the reason said at the boxes.
                    Err(why) => self.error = Some(why),
                }
            }
        }
        Outcome::none()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut list = column![widget::muted(
            "选名字值班就开始计时,点“签退”结束。忘了签退的那天不计时,请管理员在这里填上时间并写明原因(记入操作记录)。"
        )]
        .spacing(8);
        if self.duties.is_empty() {
            return list
                .push(widget::muted("最近一个月还没有值班记录。"))
                .into();
        }
        for duty in &self.duties {
            list = list.push(self.line(duty));
            if let Some((id, typed)) = &self.editing
                && *id == duty.id
            {
                list = list.push(self.form(*id, typed));
            }
        }
        list.into()
    }

    fn line<'a>(&'a self, duty: &'a Duty) -> Element<'a, Message> {
        let (out, color) = match duty.signed_out {
            Some(out) => (
                format!("{}({})", out.format("%H:%M"), hours_text(duty.minutes())),
                style::INK,
            ),
            None if duty.on_date == crate::data::today() => {
                ("值班中,还没有签退".to_string(), style::INK)
            }
            None => ("没有签退,未计时".to_string(), style::ERROR),
        };
        let mut words = format!(
            "{} {} {}–{out}",
            duty.on_date,
            duty.volunteer,
            duty.signed_in.format("%H:%M")
        );
        if !duty.correction.is_empty() {
            words += &format!(" · 已更正:{}", duty.correction);
        }
        row![
            container(text(words).size(style::TEXT).color(color)).width(Length::Fill),
            widget::secondary("更正…", Some(Message::Edit(duty.id))),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .into()
    }

    fn form<'a>(&'a self, id: i64, typed: &'a Typed) -> Element<'a, Message> {
        let time = |placeholder: &'static str, value: &'a str, on: fn(i64, String) -> Message| {
            text_input(placeholder, value)
                .on_input(move |v| on(id, v))
                .on_submit(Message::Save(id))
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .width(90)
                .style(style::input(self.error.is_some()))
        };
        let mut form = column![
            row![
                text("签到").size(style::TEXT),
                time("09:00", &typed.signed_in, Message::SignedIn),
                text("签退").size(style::TEXT),
                time("12:00", &typed.signed_out, Message::SignedOut),
                text_input("更正的原因(必填,记入操作记录)", &typed.reason)
                    .on_input(move |v| Message::Reason(id, v))
                    .on_submit(Message::Save(id))
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .width(Length::Fill)
                    .style(style::input(self.error.is_some())),
                widget::primary("保存更正", Some(Message::Save(id))),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8),
        ]
        .spacing(4)
        .padding(iced::Padding {
            left: 24.0,
            ..iced::Padding::ZERO
        });
        if let Some(error) = &self.error {
            form = form.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        form.into()
    }
}
