//! 首页 › 来电来访: a parent's call or a visit before registering noted in a few clicks (who,
//! how, what they asked, what follows), the referrals to counselling, and the ones to call back.

use crate::data::enquiries::{Enquiry, EnquiryHow, EnquiryKind, EnquiryWho, FollowUp, NewEnquiry};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use iced::widget::{column, container, radio, row, text, text_input};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    Open(bool),
    Kind(EnquiryKind),
    Who(EnquiryWho),
    How(EnquiryHow),
    FollowUp(FollowUp),
    Name(String),
    Phone(String),
    Asked(String),
    Save,
    /// A call back done: what came of it.
    Done(i64, FollowUp),
}

/// Those to call back, listed (the oldest wait below them).
const SHOWN: usize = 5;

pub struct Panel {
    open: bool,
    kind: EnquiryKind,
    who: EnquiryWho,
    how: EnquiryHow,
    follow_up: FollowUp,
    name: String,
    phone: String,
    asked: String,
    error: Option<String>,
    to_call: Vec<Enquiry>,
}

impl Panel {
    pub fn read(db: &Db) -> Self {
        Self {
            open: false,
            kind: EnquiryKind::Enquiry,
            who: EnquiryWho::Parent,
            how: EnquiryHow::Phone,
            follow_up: FollowUp::CallBack,
            name: String::new(),
            phone: String::new(),
            asked: String::new(),
            error: None,
            to_call: db.enquiries(true, SHOWN + 1).unwrap_or_default(),
        }
    }

    /// What a click did: `Some(notice)` when something was written.
    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Option<String> {
        self.error = None;
        match message {
            Message::Open(open) => self.open = open,
            Message::Kind(kind) => self.kind = kind,
            Message::Who(who) => self.who = who,
            Message::How(how) => self.how = how,
            Message::FollowUp(follow_up) => self.follow_up = follow_up,
            Message::Name(name) => self.name = name,
            Message::Phone(phone) => self.phone = phone,
            Message::Asked(asked) => self.asked = asked,
            Message::Save => {
                let today = crate::data::today();
                let new = NewEnquiry {
                    on: today,
                    kind: self.kind,
                    who: self.who,
                    how: self.how,
                    name: self.name.clone(),
                    phone: self.phone.clone(),
                    asked: self.asked.clone(),
                    follow_up: self.follow_up,
                };
                match db.add_enquiry(actor, &new, today) {
                    Ok(saved) => {
                        *self = Self::read(db);
                        return Some(format!("已记下:{}", saved.line()));
                    }
                    // What was typed stays.
                    Err(error) => self.error = Some(error.to_string()),
                }
            }
            Message::Done(id, follow_up) => match db.set_enquiry_follow_up(actor, id, follow_up) {
                Ok(()) => {
                    let open = self.open;
                    *self = Self::read(db);
                    self.open = open;
                    return Some(format!("已记下:{}", follow_up.label()));
                }
                Err(error) => self.error = Some(error.to_string()),
            },
        }
        None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut panel = column![].spacing(style::SPACING);
        if self.open {
            panel = panel.push(self.form());
        } else {
            panel = panel.push(
                row![
                    widget::secondary("记一条来电来访…", Some(Message::Open(true))),
                    widget::muted("家长来电、来站打听,或转介婚恋指导、心理咨询"),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .wrap()
                .vertical_spacing(8),
            );
        }
        if let Some(error) = &self.error {
            panel = panel.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        if !self.to_call.is_empty() {
            panel = panel.push(widget::muted("说好再联系的:"));
            for e in self.to_call.iter().take(SHOWN) {
                let line = if e.phone.is_empty() {
                    e.line()
                } else {
                    format!(
                        "{} · {}",
                        e.line(),
                        crate::data::model::mask_phone(&e.phone)
                    )
                };
                panel = panel.push(
                    row![
                        container(text(line).size(style::TEXT)).width(Length::Fill),
                        widget::secondary("不需要了", Some(Message::Done(e.id, FollowUp::Nothing))),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                );
            }
            if self.to_call.len() > SHOWN {
                panel = panel.push(widget::muted(
                    "还有更早说好再联系的:处理完上面这些,会接着列出来。",
                ));
            }
            panel = panel.push(widget::muted(
                "来登记时用同一个电话(本人或登记人),这条就自动连上登记。",
            ));
        }
        widget::section("来电来访", panel)
    }

    fn form(&self) -> Element<'_, Message> {
        let choices = |label: &'static str, items: Vec<Element<'static, Message>>| {
            row![text(label).size(style::LABEL).width(style::LABEL_WIDTH)]
                .extend(items)
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .wrap()
                .vertical_spacing(8)
        };
        let radios = |all: &'static [EnquiryWho], chosen: EnquiryWho| {
            all.iter()
                .map(|v| {
                    radio(v.label(), *v, Some(chosen), Message::Who)
                        .text_size(style::TEXT)
                        .size(20)
                        .into()
                })
                .collect::<Vec<_>>()
        };
        let hows = EnquiryHow::ALL
            .iter()
            .map(|v| {
                radio(v.label(), *v, Some(self.how), Message::How)
                    .text_size(style::TEXT)
                    .size(20)
                    .into()
            })
            .collect();
        let kinds = EnquiryKind::ALL
            .iter()
            .map(|v| {
                radio(v.label(), *v, Some(self.kind), Message::Kind)
                    .text_size(style::TEXT)
                    .size(20)
                    .into()
            })
            .collect();
        let follow_ups = FollowUp::ALL
            .iter()
            .map(|v| {
                radio(v.label(), *v, Some(self.follow_up), Message::FollowUp)
                    .text_size(style::TEXT)
                    .size(20)
                    .into()
            })
            .collect();
        let referral = self.kind != EnquiryKind::Enquiry;
        let mut form = column![
            choices("类型", kinds),
            choices("谁", radios(EnquiryWho::ALL, self.who)),
            choices("方式", hows),
        ]
        .spacing(style::SPACING);
        if referral {
            form = form.push(widget::muted("转介只记这一件事:不记姓名、电话和谈话内容。"));
        } else {
            form = form
                .push(widget::field(
                    "称呼",
                    text_input("如 王阿姨", &self.name)
                        .on_input(Message::Name)
                        .size(style::TEXT)
                        .padding(style::INPUT_PADDING)
                        .style(style::input(false)),
                    None,
                ))
                .push(widget::field(
                    "电话",
                    text_input("再联系时要留", &self.phone)
                        .on_input(Message::Phone)
                        .size(style::TEXT)
                        .padding(style::INPUT_PADDING)
                        .style(style::input(false)),
                    None,
                ))
                .push(widget::field(
                    "问了什么",
                    text_input("如 女儿 30 岁,想了解怎么登记", &self.asked)
                        .on_input(Message::Asked)
                        .size(style::TEXT)
                        .padding(style::INPUT_PADDING)
                        .style(style::input(false)),
                    None,
                ));
        }
        form.push(choices("后续", follow_ups))
            .push(
                row![
                    widget::primary("保存", Some(Message::Save)),
                    widget::secondary("收起", Some(Message::Open(false))),
                ]
                .spacing(style::SPACING),
            )
            .into()
    }
}
