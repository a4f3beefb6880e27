//! 活动 → an event → 录入心动卡: each guest who came chosen by badge, and their paper card typed
//! in as the badge numbers marked (想进一步了解, 可以做朋友); on to the next card after saving.

use super::event::{Effect, Shown};
use crate::data::events::{Attendee, Choice};
use crate::data::model::Gender;
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{button, column, container, row, text, text_input};
use iced::{Element, Length};

/// The first box of a 心动卡.
pub const CARD_ID: &str = "event_card_more";

#[derive(Debug, Clone)]
pub enum Message {
    /// This guest's card, to type in.
    Choose(i64),
    More(String),
    Friends(String),
    Save,
    Clear,
    /// The paper cards, to hand out at the event.
    Print,
    /// After the confirmation: open the cards for an administrator's correction.
    Correct,
    Reason(String),
}

/// The card being typed in, and what is wrong with it.
#[derive(Default)]
pub struct Cards {
    card_for: Option<i64>,
    more: String,
    friends: String,
    error: Option<String>,
    /// Which of the two boxes holds what was refused (想进一步了解, 可以做朋友): only that one
    /// is framed red.
    wrong: (bool, bool),
    /// Correcting a card after the confirmation (an administrator's), and why.
    correcting: bool,
    reason: String,
}

impl Cards {
    /// Which boxes of the card are framed red (想进一步了解, 可以做朋友), after a refusal.
    pub fn wrong_boxes(&self) -> Option<(bool, bool)> {
        self.error.as_ref().map(|_| self.wrong)
    }

    /// Whether a guest's card is open to type in.
    pub fn is_open(&self) -> bool {
        self.card_for.is_some()
    }

    pub fn update(
        &mut self,
        message: Message,
        shown: Shown<'_>,
        db: &mut Db,
        actor: &Actor,
    ) -> Effect {
        match message {
            Message::Choose(member) => {
                self.card_for = Some(member);
                self.more = card_text(shown, member, Choice::More);
                self.friends = card_text(shown, member, Choice::Friends);
                self.error = None;
                Effect::None
            }
            Message::More(text) => {
                self.more = text;
                self.error = None;
                Effect::None
            }
            Message::Friends(text) => {
                self.friends = text;
                self.error = None;
                Effect::None
            }
            Message::Save => self.save(shown, db, actor),
            Message::Print => shown.print(crate::data::print::EventSheet::Cards),
            Message::Correct => {
                self.correcting = true;
                Effect::None
            }
            Message::Reason(text) => {
                self.reason = text;
                Effect::None
            }
            Message::Clear => {
                if let Some(member) = self.card_for
                    && let Err(error) = db.clear_card(actor, shown.event.id, member)
                {
                    self.error = Some(error.to_string());
                    return Effect::None;
                }
                self.more.clear();
                self.friends.clear();
                Effect::Changed(None)
            }
        }
    }

    /// Saves the card typed in and goes on to the next card not entered, in badge order.
    fn save(&mut self, shown: Shown<'_>, db: &mut Db, actor: &Actor) -> Effect {
        let Some(chooser) = self.card_for.and_then(|m| shown.attendee(m)) else {
            return Effect::None;
        };
        let correcting = shown.event.matched;
        let mut made = 0;
        let card = crate::data::events::read_card(
            shown.attendees,
            shown.remote_guests,
            chooser,
            &self.more,
            &self.friends,
        )
        .and_then(|card| {
            if correcting {
                crate::data::event_district::local_marks(&card)
                    .and_then(|marks| {
                        db.correct_card(
                            actor,
                            shown.event.id,
                            chooser.member_id,
                            marks,
                            &self.reason,
                        )
                    })
                    .map(|done| {
                        made = done.introductions.len();
                        card.clone()
                    })
            } else {
                db.enter_typed_card(actor, shown.event.id, chooser.member_id, &card)
                    .map(|()| card)
            }
        });
        match card {
            Err(error) => {
                // Each box read on its own: the one the core refuses is the one to fix (both
                // when the fault is between them, a number in both).
                let read = |more: &str, friends: &str| {
                    crate::data::events::read_card(
                        shown.attendees,
                        shown.remote_guests,
                        chooser,
                        more,
                        friends,
                    )
                    .is_err()
                };
                let (more, friends) = (read(&self.more, ""), read("", &self.friends));
                self.wrong = if more || friends {
                    (more, friends)
                } else {
                    (true, true)
                };
                self.error = Some(error.to_string());
                Effect::None
            }
            Ok(card) => {
                let mut words = format!(
                    "已{}{}的心动卡:想进一步了解 {} 位,可以做朋友 {} 位",
                    if correcting { "更正" } else { "录入" },
                    chooser.badge_text(),
                    card.count(Choice::More),
                    card.count(Choice::Friends)
                );
                if correcting {
                    words.push_str(&format!(";新的互选记入牵线 {made} 条"));
                    self.correcting = false;
                    self.reason.clear();
                    self.card_for = None;
                    self.more.clear();
                    self.friends.clear();
                    return Effect::Changed(Some(words));
                }
                self.card_for = shown
                    .present()
                    .filter(|a| !a.card_entered && a.member_id != chooser.member_id)
                    .map(|a| a.member_id)
                    .next();
                self.more.clear();
                self.friends.clear();
                Effect::Changed(Some(words))
            }
        }
    }

    pub fn view<'a>(&'a self, shown: Shown<'a>, today: NaiveDate) -> Element<'a, Message> {
        let e = shown.event;
        if e.on_date > today {
            return widget::section(
                "心动卡",
                column![
                    widget::muted(format!(
                        "活动前打印纸质心动卡发给嘉宾(排了座位的,卡上只列本区的异性);\
                         活动当天({})起在这里录入每位到场嘉宾交回的卡。",
                        e.on_date
                    )),
                    row![widget::primary("打印心动卡", Some(Message::Print))],
                ]
                .spacing(8),
            );
        }
        let present: Vec<&Attendee> = shown.present().collect();
        if present.is_empty() {
            return widget::section(
                "心动卡",
                widget::muted("还没有签到到场的嘉宾:先在“报名与签到”里点“到场”。"),
            );
        }
        let entered = present.iter().filter(|a| a.card_entered).count();
        let mut chooser = column![widget::muted(format!(
            "已录 {entered}/{} 张。点一位嘉宾,照纸上的心动卡填号码;没交卡的录一张空卡。",
            present.len()
        ))]
        .spacing(8);
        for gender in Gender::ALL {
            let buttons =
                present
                    .iter()
                    .filter(|a| a.gender == *gender)
                    .map(|a| -> Element<'a, Message> {
                        let label = if a.card_entered {
                            format!("{} ✓", a.badge_text())
                        } else {
                            a.badge_text()
                        };
                        button(text(label).size(style::TEXT).wrapping(text::Wrapping::None))
                            .padding([6, 10])
                            .style(style::buttons::choice(self.card_for == Some(a.member_id)))
                            .on_press_maybe(
                                (!e.matched || self.correcting)
                                    .then_some(Message::Choose(a.member_id)),
                            )
                            .into()
                    });
            chooser = chooser.push(row(buttons).spacing(6).wrap().vertical_spacing(6));
        }
        let mut sections: Vec<Element<'a, Message>> = vec![widget::section("心动卡", chooser)];
        if e.matched && !self.correcting {
            sections.push(
                column![
                    widget::muted(
                        "互选结果已经确认,心动卡不能再改。发现录错了,管理员可以更正(写明原因,记入操作记录)。"
                    ),
                    row![widget::secondary("管理员更正心动卡…", Some(Message::Correct))],
                ]
                .spacing(8)
                .into(),
            );
        }
        if let Some(who) = self.card_for.and_then(|m| shown.attendee(m))
            && (!e.matched || self.correcting)
        {
            sections.push(self.card_view(shown, who));
        }
        column(sections).spacing(style::GAP).into()
    }

    /// The card of `who`: the two boxes of badge numbers, saved or cleared.
    fn card_view<'a>(&'a self, shown: Shown<'a>, who: &'a Attendee) -> Element<'a, Message> {
        let other = match who.gender {
            Gender::Male => "女",
            Gender::Female => "男",
        };
        // The badges in the printed card's order: reading the paper down its columns.
        let on_card: Vec<String> = crate::data::event_print::card_numbers(
            shown.attendees,
            shown.seating,
            shown.remote_guests,
            who,
        )
        .iter()
        .map(u32::to_string)
        .collect();
        let mut card = column![
            text(format!(
                "{} {} 的心动卡",
                who.badge_text(),
                who.surname_title
            ))
            .size(style::HEADING - 4.0)
            .color(style::RED),
            widget::muted(format!(
                "填{other}嘉宾的号码,用逗号或空格隔开,如 3, 7, 12。没有填的都算“不了”。"
            )),
            widget::muted(format!(
                "纸卡上的{other}嘉宾号码,按卡上的顺序:{}",
                on_card.join(" ")
            )),
            widget::field(
                "想进一步了解",
                text_input("如 3, 7", &self.more)
                    .id(CARD_ID)
                    .on_input(Message::More)
                    .on_submit(Message::Save)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(self.error.is_some() && self.wrong.0)),
                None
            ),
            widget::field(
                "可以做朋友",
                text_input("如 5", &self.friends)
                    .on_input(Message::Friends)
                    .on_submit(Message::Save)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(self.error.is_some() && self.wrong.1)),
                None
            ),
        ]
        .spacing(style::SPACING);
        if shown.event.matched {
            card = card.push(widget::field(
                "更正原因",
                text_input("如 赵磊的卡录成了空卡", &self.reason)
                    .on_input(Message::Reason)
                    .on_submit(Message::Save)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false)),
                None,
            ));
        }
        if let Some(error) = &self.error {
            card = card.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        card = card.push(
            row![
                widget::primary(
                    if shown.event.matched {
                        "保存更正"
                    } else {
                        "保存这张心动卡"
                    },
                    Some(Message::Save)
                ),
                widget::secondary(
                    "清空(算作没录)",
                    (who.card_entered && !shown.event.matched).then_some(Message::Clear)
                ),
            ]
            .spacing(8)
            .wrap()
            .vertical_spacing(8),
        );
        container(card)
            .padding(16)
            .width(Length::Fill)
            .style(style::containers::section)
            .into()
    }
}

/// The card of `member` as badge numbers, to edit: at a 全区联谊 with the other stations'
/// guests' (so that saving it again keeps them).
fn card_text(shown: Shown<'_>, member: i64, choice: Choice) -> String {
    let mut badges: Vec<u32> = shown
        .choices
        .iter()
        .filter(|((from, _), c)| *from == member && **c == choice)
        .filter_map(|((_, to), _)| shown.attendee(*to).and_then(|a| a.badge))
        .chain(
            shown
                .remote_choices
                .iter()
                .filter(|(from, _, c)| *from == member && *c == choice)
                .map(|(_, badge, _)| *badge),
        )
        .collect();
    badges.sort_unstable();
    badges
        .iter()
        .map(|b| b.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}
