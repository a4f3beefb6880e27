//! 活动 → an event → 邀请电话: the members who fit the event listed from the pool (a word may
//! narrow it), called, and each answer recorded (报名 signs them up).

use super::event::{Effect, Shown};
use super::signed_words;
use crate::data::events::Answer;
use crate::data::model::{Gender, mask_phone};
use crate::data::print::EventSheet;
use crate::data::search::{Query, SearchIndex};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{column, container, row, text, text_input};
use iced::{Alignment, Element, Length};

/// The most invitations listed on screen (the printed list has them all).
const LISTED: usize = 300;

#[derive(Debug, Clone)]
pub enum Message {
    TextChanged(String),
    Invite,
    Answer(i64, Answer),
    Print(EventSheet),
}

/// The word typed to narrow the invitations.
#[derive(Default)]
pub struct Calls {
    text: String,
}

impl Calls {
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
            Message::TextChanged(text) => {
                self.text = text;
                Effect::None
            }
            Message::Invite => {
                let Some(index) = index else {
                    return Effect::Say("会员名单还在整理,请稍等几秒再点".into());
                };
                let query = Query {
                    text: self.text.clone(),
                    ..Query::default()
                };
                let invited =
                    db.invitation_candidates(id, index, &query, today)
                        .and_then(|found| {
                            let total = found.len();
                            db.invite(actor, id, &found).map(|added| (total, added))
                        });
                Effect::Changed(Some(match invited {
                    Ok((0, _)) => {
                        "会员库里没有更多符合这场活动条件(性别、年龄、在册、已同意)的会员了"
                            .to_string()
                    }
                    Ok((total, added)) => {
                        format!("找到符合条件的会员 {total} 位,已加入邀请名单 {added} 位")
                    }
                    Err(error) => error.to_string(),
                }))
            }
            Message::Answer(member, answer) => {
                let name = shown
                    .invitations
                    .iter()
                    .find(|i| i.member_id == member)
                    .map(|i| i.name.clone())
                    .unwrap_or_default();
                Effect::Changed(
                    match db.record_invitation_call(actor, id, member, answer, today) {
                        Ok(Some(signed)) => Some(signed_words(&name, signed)),
                        Ok(None) => None,
                        Err(error) => Some(error.to_string()),
                    },
                )
            }
            Message::Print(sheet) => shown.print(sheet),
        }
    }

    pub fn view<'a>(&'a self, shown: Shown<'a>) -> Element<'a, Message> {
        let e = shown.event;
        let find = column![
            widget::muted(format!(
                "从会员库里找:在册、已知情同意、{}。可以再加一个词缩小范围(如 教师、护士、西湖区)。",
                Gender::ALL
                    .iter()
                    .filter(|g| e.data.places(**g) > 0)
                    .map(|g| format!("{}嘉宾 {}", g.label(), e.data.ages_text(*g)))
                    .collect::<Vec<_>>()
                    .join("、")
            )),
            row![
                text_input("可以不填,如 教师", &self.text)
                    .on_input(Message::TextChanged)
                    .on_submit(Message::Invite)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false)),
                widget::primary("列出邀请名单", Some(Message::Invite)),
                widget::secondary(
                    "打印电话名单",
                    (!shown.invitations.is_empty()).then_some(Message::Print(EventSheet::Calls))
                ),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8),
        ]
        .spacing(8);
        column![
            widget::section("邀请", find),
            widget::section("电话名单", list_view(shown))
        ]
        .spacing(style::GAP)
        .into()
    }
}

/// Those invited, each with the answer so far and the answers to record.
fn list_view(shown: Shown<'_>) -> Element<'_, Message> {
    let e = shown.event;
    let mut list = column![widget::muted(format!(
        "邀请 {} 位,还要打的 {} 位(打完电话点结果;报名的直接进报名名单)",
        e.invited, e.to_call
    ))]
    .spacing(6);
    for (i, inv) in shown.invitations.iter().enumerate().take(LISTED) {
        let answered = inv
            .answer
            .map(|a| {
                format!(
                    "{}({})",
                    a.label(),
                    inv.called_on.map(|d| d.to_string()).unwrap_or_default()
                )
            })
            .unwrap_or_else(|| "未打".to_string());
        let open = !matches!(inv.answer, Some(Answer::SignedUp));
        let answer_button = |answer: Answer| -> Element<'_, Message> {
            widget::secondary(
                answer.label(),
                open.then_some(Message::Answer(inv.member_id, answer)),
            )
            .into()
        };
        list = list.push(
            container(
                row![
                    column![
                        text(format!(
                            "{} {} · {} {} 岁",
                            inv.name,
                            inv.number,
                            inv.gender.label(),
                            inv.birth.age_on(e.on_date)
                        ))
                        .size(style::TEXT),
                        widget::muted(format!("{} · {answered}", mask_phone(&inv.phone))),
                    ]
                    .spacing(2)
                    .width(Length::Fill),
                    row![
                        answer_button(Answer::SignedUp),
                        answer_button(Answer::Declined),
                        answer_button(Answer::NoAnswer),
                    ]
                    .spacing(6),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
            )
            .padding([6, 10])
            .style(style::containers::stripe(i % 2 == 1)),
        );
    }
    if shown.invitations.len() > LISTED {
        list = list.push(widget::muted(
            "只列出前 300 位;打印电话名单里有全部要打的。",
        ));
    }
    list.into()
}
