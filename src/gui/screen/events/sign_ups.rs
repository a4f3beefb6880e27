//! 活动 → an event → 报名与签到: a member found by name and signed up (a place or the waiting
//! list), a walk-in registered on the spot, sign-ups cancelled, and on the day who came.

use super::event::{Effect, Shown};
use super::{Action as PageAction, signed_words};
use crate::data::events::{Arrival, Attendee, Place};
use crate::data::model::{Gender, MemberSummary, mask_phone};
use crate::data::print::EventSheet;
use crate::data::search::{Query, SearchIndex};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{column, container, row, text, text_input};
use iced::{Alignment, Element, Length};

/// The box that finds a member to sign up.
pub const FIND_ID: &str = "event_find";
/// The most members listed when finding one to sign up.
const FOUND_SHOWN: usize = 8;

#[derive(Debug, Clone)]
pub enum Message {
    FindChanged(String),
    SignUp(i64),
    /// 取消报名 clicked: asked first, naming who moves up.
    CancelSignUp(i64),
    ConfirmCancel(i64),
    KeepSignUp,
    CheckIn(i64, Option<Arrival>),
    WalkIn,
    Print(EventSheet),
}

/// The member being looked for, and those found.
#[derive(Default)]
pub struct SignUps {
    find: String,
    found: Vec<MemberSummary>,
    /// The sign-up whose cancellation is being asked.
    cancelling: Option<i64>,
}

impl SignUps {
    pub fn update(
        &mut self,
        message: Message,
        shown: Shown<'_>,
        db: &mut Db,
        actor: &Actor,
        index: Option<&SearchIndex>,
        today: NaiveDate,
    ) -> Effect {
        let id = shown.event.id;
        match message {
            Message::FindChanged(text) => {
                self.find = text;
                self.found = match index {
                    Some(index) if self.find.trim().chars().count() >= 1 => {
                        let query = Query {
                            text: self.find.clone(),
                            ..Query::default()
                        };
                        index
                            .search(&query, today)
                            .positions
                            .iter()
                            .take(FOUND_SHOWN)
                            .map(|&p| index.summary(p))
                            .collect()
                    }
                    _ => Vec::new(),
                };
                Effect::None
            }
            Message::SignUp(member) => {
                let words = match db.sign_up(actor, id, member, false, today) {
                    Ok(signed) => {
                        let name = self
                            .found
                            .iter()
                            .find(|m| m.id == member)
                            .map(|m| m.name.clone())
                            .unwrap_or_default();
                        // Signed up: the box is cleared for the next name.
                        self.find.clear();
                        self.found.clear();
                        signed_words(&name, signed)
                    }
                    // Refused: what was typed and found stays, to choose another.
                    Err(error) => error.to_string(),
                };
                Effect::Changed(Some(words))
            }
            Message::CancelSignUp(member) => {
                self.cancelling = Some(member);
                Effect::None
            }
            Message::KeepSignUp => {
                self.cancelling = None;
                Effect::None
            }
            Message::ConfirmCancel(member) => {
                self.cancelling = None;
                let name = shown
                    .attendee(member)
                    .map(|a| a.name.clone())
                    .unwrap_or_default();
                Effect::Changed(Some(
                    match db.cancel_sign_up(actor, id, member, crate::data::today()) {
                        Ok(cancelled) => match cancelled.moved_up {
                            Some((_, up)) => {
                                format!("已取消{name}的报名,等待名单上的{up}补上了名额")
                            }
                            None => format!("已取消{name}的报名"),
                        },
                        Err(error) => error.to_string(),
                    },
                ))
            }
            Message::CheckIn(member, arrival) => Effect::Changed(
                db.check_in(actor, id, member, arrival, today)
                    .err()
                    .map(|error| error.to_string()),
            ),
            Message::WalkIn => Effect::Page(PageAction::WalkIn(id)),
            Message::Print(sheet) => shown.print(sheet),
        }
    }

    pub fn view<'a>(&'a self, shown: Shown<'a>, today: NaiveDate) -> Element<'a, Message> {
        let e = shown.event;
        let mut sections: Vec<Element<'a, Message>> =
            vec![widget::section("找会员报名", self.find_view(shown, today))];
        let mut prints = row![
            widget::secondary("打印签到名单", Some(Message::Print(EventSheet::Attendees))),
            widget::secondary("打印胸牌", Some(Message::Print(EventSheet::Badges))),
        ]
        .spacing(8);
        if e.on_date > today {
            prints = prints.push(widget::muted(format!(
                "活动当天({})可以在这里签到",
                e.on_date
            )));
        }
        sections.push(prints.wrap().vertical_spacing(8).into());
        for gender in Gender::ALL {
            sections.push(widget::section(
                format!(
                    "{}嘉宾({}/{},等待 {})",
                    gender.label(),
                    e.counts(*gender).confirmed,
                    e.data.places(*gender),
                    e.counts(*gender).waiting
                ),
                attendees_view(shown, *gender, today, self.cancelling),
            ));
        }
        column(sections).spacing(style::GAP).into()
    }

    /// The box to find a member, and those found, each with 报名 unless already signed up.
    fn find_view<'a>(&'a self, shown: Shown<'a>, today: NaiveDate) -> Element<'a, Message> {
        let e = shown.event;
        let mut find = column![
            row![
                text_input("姓名、拼音、手机号或会员编号", &self.find)
                    .id(FIND_ID)
                    .on_input(Message::FindChanged)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false)),
                widget::secondary(
                    "现场登记新会员",
                    (e.on_date >= today).then_some(Message::WalkIn)
                ),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        ]
        .spacing(6);
        for m in &self.found {
            let already = shown
                .attendee(m.id)
                .filter(|a| a.place != Place::Cancelled)
                .map(|a| a.place.label());
            find = find.push(
                row![
                    text(format!(
                        "{} {} · {} {} 岁 · {}",
                        m.name,
                        m.number,
                        m.gender.label(),
                        m.birth.age_on(e.on_date),
                        m.status.label()
                    ))
                    .size(style::TEXT)
                    .width(Length::Fill),
                    match already {
                        Some(place) => widget::muted(place),
                        None => widget::primary(
                            "报名",
                            (e.on_date >= today).then_some(Message::SignUp(m.id))
                        )
                        .into(),
                    },
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        if e.on_date < today {
            find = find.push(widget::muted("活动已经举行过了,不能再报名。"));
        }
        find.into()
    }
}

/// Those of `gender` signed up, each with their state and what can be done.
fn attendees_view<'a>(
    shown: Shown<'a>,
    gender: Gender,
    today: NaiveDate,
    cancelling: Option<i64>,
) -> Element<'a, Message> {
    let e = shown.event;
    let people: Vec<&Attendee> = shown
        .attendees
        .iter()
        .filter(|a| a.gender == gender && a.place != Place::Cancelled)
        .collect();
    let mut list = column![].spacing(6);
    if people.is_empty() {
        list = list.push(widget::muted("还没有人报名"));
    }
    for (i, a) in people.iter().enumerate() {
        let state = match (a.place, a.arrival, a.waiting_position) {
            (Place::Waiting, _, Some(n)) => format!("等待名单第 {n} 位"),
            (_, Some(arrival), _) => arrival.label().to_string(),
            _ => "已报名".to_string(),
        };
        let mut actions = row![].spacing(6).align_y(Alignment::Center);
        if a.place == Place::Confirmed && e.on_date <= today && !e.matched {
            actions = actions.push(widget::success(
                "到场",
                (a.arrival != Some(Arrival::Arrived))
                    .then_some(Message::CheckIn(a.member_id, Some(Arrival::Arrived))),
            ));
            actions = actions.push(widget::secondary(
                "未到",
                (a.arrival != Some(Arrival::NoShow))
                    .then_some(Message::CheckIn(a.member_id, Some(Arrival::NoShow))),
            ));
        }
        let asked = cancelling == Some(a.member_id);
        if a.arrival.is_none() && e.on_date >= today && !e.matched && !asked {
            actions = actions.push(widget::danger(
                "取消报名",
                Some(Message::CancelSignUp(a.member_id)),
            ));
        }
        list = list.push(
            container(
                row![
                    text(if a.place == Place::Waiting {
                        "等待".to_string()
                    } else {
                        a.badge_text()
                    })
                    .size(style::TEXT)
                    .color(style::RED)
                    .width(Length::Fixed(70.0)),
                    column![
                        text(format!(
                            "{} {} · {} 岁{}",
                            a.name,
                            a.number,
                            a.birth.age_on(e.on_date),
                            if a.walk_in { " · 现场登记" } else { "" }
                        ))
                        .size(style::TEXT),
                        widget::muted(format!("{} · {}", mask_phone(&a.phone), state)),
                    ]
                    .spacing(2)
                    .width(Length::Fill),
                    actions,
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
            )
            .padding([6, 10])
            .style(style::containers::stripe(i % 2 == 1)),
        );
        if asked {
            list = list.push(cancel_question(shown, a));
        }
    }
    list.into()
}

/// "取消王强的报名?等待名单上的刘洋会补上名额。" with 确认取消 and 不取消, under the guest's line: a
/// cancelled place goes to the next waiting guest at once and cannot be given back to them.
fn cancel_question<'a>(shown: Shown<'a>, a: &'a Attendee) -> Element<'a, Message> {
    let up = crate::data::events::moves_up_on_cancel(shown.event, shown.attendees, a.member_id);
    let question = match up {
        Some(up) => format!(
            "取消{}的报名?等待名单上的{}会补上名额(补上后不能退回)。",
            a.name, up.name
        ),
        None => format!("取消{}的报名?", a.name),
    };
    container(
        column![
            text(question).size(style::TEXT),
            row![
                widget::danger("确认取消", Some(Message::ConfirmCancel(a.member_id))),
                widget::secondary("不取消", Some(Message::KeepSignUp)),
            ]
            .spacing(style::SPACING),
        ]
        .spacing(8),
    )
    .padding(12)
    .width(Length::Fill)
    .style(style::containers::dialog)
    .into()
}
