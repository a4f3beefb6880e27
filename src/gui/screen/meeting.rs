//! 约见面 on an introduction's page: the meetings so far; the form to arrange one (the day, the
//! time, the place — the station by default) once the contacts are exchanged; 改期 and 取消 with
//! a reason; and after the day, each side's 想继续 / 不想继续 with their words (记录已见面).

use crate::data::introductions::{Introduction, Stage};
use crate::data::meetings::{AT_THE_STATION, Continue, Feedback, Meeting, MeetingState};
use crate::data::{Actor, Db, parse};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{column, radio, row, text, text_input};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    Date(String),
    Time(String),
    Place(String),
    Arrange,
    /// 改期… or 取消… on the planned meeting: the reason (and for 改期 the new day) is asked.
    Ask(Asked),
    Reason(String),
    Confirm,
    /// Each side's answer and words after the meeting.
    Answer(bool, Continue),
    Words(bool, String),
    Held,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    None,
    Move,
    Cancel,
}

pub struct Panel {
    meetings: Vec<Meeting>,
    date: String,
    time: String,
    place: String,
    asked: Asked,
    reason: String,
    /// A's answer and words, then B's.
    answers: [(Option<Continue>, String); 2],
}

impl Panel {
    pub fn load(db: &Db, introduction: i64, today: NaiveDate) -> Result<Self, String> {
        Ok(Self {
            meetings: db.meetings(introduction).map_err(|e| e.to_string())?,
            date: (today + chrono::Days::new(1)).to_string(),
            time: String::new(),
            place: AT_THE_STATION.to_string(),
            asked: Asked::None,
            reason: String::new(),
            answers: Default::default(),
        })
    }

    pub fn count(&self) -> usize {
        self.meetings.len()
    }

    fn planned(&self) -> Option<&Meeting> {
        self.meetings
            .iter()
            .find(|m| m.state == MeetingState::Planned)
    }

    /// What a click did: `Ok(Some(notice))` when something was recorded (the page reads the
    /// introduction again), `Ok(None)` for typing, `Err` said at the panel.
    pub fn update(
        &mut self,
        message: Message,
        db: &mut Db,
        actor: &Actor,
        introduction: i64,
        today: NaiveDate,
    ) -> Result<Option<String>, String> {
        match message {
            Message::Date(date) => self.date = date,
            Message::Time(time) => self.time = time,
            Message::Place(place) => self.place = place,
            Message::Reason(reason) => self.reason = reason,
            Message::Ask(asked) => {
                self.asked = asked;
                if let (Asked::Move, Some(m)) = (asked, self.planned()) {
                    (self.date, self.time, self.place) =
                        (m.on_date.to_string(), m.at_time.clone(), m.place.clone());
                }
            }
            Message::Answer(b, answer) => self.answers[usize::from(b)].0 = Some(answer),
            Message::Words(b, words) => self.answers[usize::from(b)].1 = words,
            Message::Arrange => {
                let date = parse::date_or_message(&self.date)?;
                let m = db
                    .arrange_meeting(actor, introduction, date, &self.time, &self.place, today)
                    .map_err(|e| e.to_string())?;
                return Ok(Some(format!("已约见面:{}", m.when_and_where())));
            }
            Message::Confirm => {
                let Some(m) = self.planned() else {
                    return Ok(None);
                };
                let id = m.id;
                return match self.asked {
                    Asked::Move => {
                        let date = parse::date_or_message(&self.date)?;
                        let m = db
                            .move_meeting(
                                actor,
                                id,
                                (date, &self.time, &self.place),
                                &self.reason,
                                today,
                            )
                            .map_err(|e| e.to_string())?;
                        Ok(Some(format!("见面已改到 {}", m.when_and_where())))
                    }
                    Asked::Cancel => {
                        db.cancel_meeting(actor, id, &self.reason)
                            .map_err(|e| e.to_string())?;
                        Ok(Some("已取消这次见面".into()))
                    }
                    Asked::None => Ok(None),
                };
            }
            Message::Held => {
                let Some(m) = self.planned() else {
                    return Ok(None);
                };
                let id = m.id;
                let feedback = |(answer, words): &(Option<Continue>, String)| {
                    answer.map(|answer| Feedback {
                        answer,
                        words: words.clone(),
                    })
                };
                let (Some(a), Some(b)) = (feedback(&self.answers[0]), feedback(&self.answers[1]))
                else {
                    return Err("请先选好双方“想继续”还是“不想继续”".into());
                };
                let stops = a.answer == Continue::No || b.answer == Continue::No;
                db.meeting_held(actor, id, a, b, today)
                    .map_err(|e| e.to_string())?;
                return Ok(Some(if stops {
                    "已记录见面和双方反馈。有一方不想继续:请在“下一步”记为未成".into()
                } else {
                    "已记录见面和双方反馈".into()
                }));
            }
        }
        Ok(None)
    }

    pub fn view<'a>(
        &'a self,
        i: &'a Introduction,
        today: NaiveDate,
        error: Option<&'a str>,
    ) -> Element<'a, Message> {
        let mut panel = column![].spacing(style::SPACING);
        for m in &self.meetings {
            panel = panel.push(meeting_line(m, i));
        }
        let may_arrange = i.stage.is_ongoing()
            && (i.contacts_exchanged() || i.before_agreements || i.stage != Stage::Introduced);
        match self.planned() {
            Some(m) if m.on_date <= today => panel = panel.push(self.feedback_form(i)),
            Some(_) => panel = panel.push(self.change_row()),
            None if may_arrange => {
                panel = panel.push(self.arrange_form("约见面", Message::Arrange))
            }
            None if self.meetings.is_empty() && i.stage.is_ongoing() => {
                panel = panel.push(widget::muted(
                    "双方都同意、交换联系方式以后,在这里约见面的日子和地点。",
                ));
            }
            None => {}
        }
        if let Some(error) = error {
            panel = panel.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        widget::section("约见面", panel)
    }

    /// 日期, 时间, 地点 and the button.
    fn arrange_form<'a>(&'a self, label: &'a str, on_press: Message) -> Element<'a, Message> {
        let boxes = row![
            text("日期").size(style::LABEL),
            widget::date_input("2026-12-08", &self.date, Message::Date, false),
            text("时间").size(style::LABEL),
            text_input("如 14:00", &self.time)
                .on_input(Message::Time)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .width(120)
                .style(style::input(false)),
            text("地点").size(style::LABEL),
            text_input(AT_THE_STATION, &self.place)
                .on_input(Message::Place)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .width(Length::Fixed(220.0))
                .style(style::input(false)),
            widget::primary(label, Some(on_press)),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(8);
        boxes.into()
    }

    /// 改期… and 取消见面… before the day, with the reason asked.
    fn change_row(&self) -> Element<'_, Message> {
        let reason = || {
            text_input("原因,如 女方加班", &self.reason)
                .on_input(Message::Reason)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false))
        };
        match self.asked {
            Asked::None => row![
                widget::secondary("改期…", Some(Message::Ask(Asked::Move))),
                widget::secondary("取消见面…", Some(Message::Ask(Asked::Cancel))),
            ]
            .spacing(8)
            .wrap()
            .into(),
            Asked::Move => column![
                self.arrange_form("确认改期", Message::Confirm),
                row![
                    reason(),
                    widget::secondary("不改了", Some(Message::Ask(Asked::None)))
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            ]
            .spacing(8)
            .into(),
            Asked::Cancel => row![
                reason(),
                widget::danger("确认取消见面", Some(Message::Confirm)),
                widget::secondary("不取消", Some(Message::Ask(Asked::None))),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8)
            .into(),
        }
    }

    /// After the day: each side's 想继续 / 不想继续 and words, and 记录已见面.
    fn feedback_form<'a>(&'a self, i: &'a Introduction) -> Element<'a, Message> {
        let side = |b: bool, name: &'a str| -> Element<'a, Message> {
            let (answer, words) = &self.answers[usize::from(b)];
            row![
                text(name).size(style::TEXT).width(Length::Fixed(120.0)),
                radio(Continue::Yes.label(), Continue::Yes, *answer, move |a| {
                    Message::Answer(b, a)
                })
                .text_size(style::TEXT)
                .size(20),
                radio(Continue::No.label(), Continue::No, *answer, move |a| {
                    Message::Answer(b, a)
                })
                .text_size(style::TEXT)
                .size(20),
                text_input("怎么说的", words)
                    .on_input(move |w| Message::Words(b, w))
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false)),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8)
            .into()
        };
        column![
            text("见面的日子到了:问问双方,记下来。").size(style::TEXT),
            side(false, &i.name_a),
            side(true, &i.name_b),
            row![
                widget::primary("记录已见面", Some(Message::Held)),
                widget::secondary("改期…", Some(Message::Ask(Asked::Move))),
                widget::secondary("取消见面…", Some(Message::Ask(Asked::Cancel))),
            ]
            .spacing(8)
            .wrap()
            .vertical_spacing(8),
        ]
        .push((self.asked != Asked::None).then(|| self.change_row()))
        .spacing(style::SPACING)
        .into()
    }
}

/// One meeting: when and where, how it stands, the reason or the answers.
fn meeting_line<'a>(m: &'a Meeting, i: &'a Introduction) -> Element<'a, Message> {
    let mut line = format!("{} · {}", m.when_and_where(), m.state.label());
    if !m.reason.is_empty() {
        line.push_str(&format!("({})", m.reason));
    }
    let mut lines = column![text(line).size(style::TEXT)].spacing(4);
    if m.state == MeetingState::Held {
        for (name, answer, words) in [
            (&i.name_a, m.feedback_a, &m.words_a),
            (&i.name_b, m.feedback_b, &m.words_b),
        ] {
            let answer = answer.map(|a| a.label()).unwrap_or("—");
            let words = if words.is_empty() {
                String::new()
            } else {
                format!(":{words}")
            };
            lines = lines.push(widget::muted(format!("{name} {answer}{words}")));
        }
    }
    lines.into()
}
