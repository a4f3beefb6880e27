//! 设置 → 红娘志愿者: each volunteer renamed, stopped or started again, put on duty, given a PIN
//! or made an administrator; and a new volunteer added.

use super::Outcome;
use crate::data::model::Volunteer;
use crate::data::{Actor, Db, Error};
use crate::gui::{style, widget};
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub enum Message {
    NewNameChanged(String),
    Add,
    RenameChanged(i64, String),
    SaveRename(i64),
    SetActive(i64, bool),
    OnDuty(i64),
    PinChanged(i64, String),
    SavePin(i64),
    ClearPin(i64),
    Admin(i64, bool),
}

#[derive(Default)]
pub enum Action {
    #[default]
    None,
    /// A volunteer was added or changed: the root reads them again.
    Changed,
    /// This volunteer is on duty from now (with their PIN, if they have one).
    OnDuty(i64),
}

/// What is typed in the section, not yet saved.
#[derive(Default)]
pub struct Volunteers {
    new_name: String,
    renames: HashMap<i64, String>,
    pins: HashMap<i64, String>,
    /// Why a PIN typed was refused ("密码须是 4 到 8 位数字"), said at its box.
    pin_errors: HashMap<i64, String>,
}

impl Volunteers {
    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Outcome<Action> {
        let done = match message {
            Message::NewNameChanged(name) => {
                self.new_name = name;
                return Outcome::none();
            }
            Message::RenameChanged(id, name) => {
                self.renames.insert(id, name);
                return Outcome::none();
            }
            Message::PinChanged(id, pin) => {
                self.pins.insert(id, pin);
                self.pin_errors.remove(&id);
                return Outcome::none();
            }
            Message::OnDuty(id) => return Outcome::then(Action::OnDuty(id)),
            Message::Add => db.add_volunteer(actor, &self.new_name).map(|volunteer| {
                self.new_name.clear();
                Some(format!("已添加红娘“{}”", volunteer.name))
            }),
            Message::SaveRename(id) => {
                let name = self.renames.get(&id).cloned().unwrap_or_default();
                db.rename_volunteer(actor, id, &name).map(|()| {
                    self.renames.remove(&id);
                    Some(format!("已改名为“{}”", name.trim()))
                })
            }
            Message::SetActive(id, active) => {
                db.set_volunteer_active(actor, id, active).map(|()| None)
            }
            Message::SavePin(id) => {
                let pin = self.pins.get(&id).cloned().unwrap_or_default();
                match db.set_pin(actor, id, &pin) {
                    // Said at the box, where the volunteer is looking; the page stays put.
                    Err(Error::Refused(why)) => {
                        self.pin_errors.insert(id, why);
                        return Outcome::none();
                    }
                    done => done.map(|()| {
                        self.pins.remove(&id);
                        self.pin_errors.remove(&id);
                        Some("密码已设好。以后这位红娘值班或解锁时要输入它。".to_string())
                    }),
                }
            }
            Message::ClearPin(id) => db
                .clear_pin(actor, id)
                .map(|()| Some("密码已取消".to_string())),
            Message::Admin(id, admin) => db.set_admin(actor, id, admin).map(|()| None),
        };
        Outcome::of(done.map(|notice| {
            let changed = Outcome::then(Action::Changed);
            match notice {
                Some(notice) => changed.notice(notice),
                None => changed,
            }
        }))
    }

    pub fn view<'a>(
        &'a self,
        volunteers: &'a [Volunteer],
        on_duty: Option<i64>,
    ) -> Element<'a, Message> {
        let mut people = column![].spacing(10);
        for volunteer in volunteers {
            people = people.push(self.volunteer_line(volunteer, on_duty));
            if volunteer.active {
                people = people.push(self.security_line(volunteer));
            }
        }
        people
            .push(
                row![
                    text_input("新红娘的姓名,如 朱大姐", &self.new_name)
                        .id("new_volunteer")
                        .on_input(Message::NewNameChanged)
                        .on_submit(Message::Add)
                        .size(style::TEXT)
                        .padding(style::INPUT_PADDING)
                        .style(style::input(false))
                        .width(220),
                    widget::primary("添加红娘", Some(Message::Add)),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
            )
            .into()
    }

    /// The name to edit, and stopping, starting or putting on duty.
    fn volunteer_line<'a>(
        &'a self,
        volunteer: &'a Volunteer,
        on_duty: Option<i64>,
    ) -> Element<'a, Message> {
        let name = self
            .renames
            .get(&volunteer.id)
            .map_or(volunteer.name.as_str(), String::as_str);
        let changed = name != volunteer.name;
        let id = volunteer.id;
        let mut line = row![
            text_input("红娘姓名", name)
                .on_input(move |name| Message::RenameChanged(id, name))
                .on_submit(Message::SaveRename(id))
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false))
                .width(220),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);
        if changed {
            line = line.push(widget::primary("保存改名", Some(Message::SaveRename(id))));
        }
        line = if volunteer.active {
            line.push(widget::secondary(
                "停用",
                Some(Message::SetActive(id, false)),
            ))
            .push(if on_duty == Some(id) {
                widget::badge("今天值班")
            } else {
                widget::secondary("设为今天值班", Some(Message::OnDuty(id))).into()
            })
        } else {
            line.push(widget::muted("已停用")).push(widget::secondary(
                "重新启用",
                Some(Message::SetActive(id, true)),
            ))
        };
        line.wrap().vertical_spacing(8).into()
    }

    /// An active volunteer's PIN and whether they are an administrator.
    fn security_line<'a>(&'a self, volunteer: &'a Volunteer) -> Element<'a, Message> {
        let id = volunteer.id;
        let pin = self.pins.get(&id).map_or("", String::as_str);
        // Indented under the name; wraps rather than squeezing a button at large text.
        let mut security = row![
            iced::widget::space().width(24),
            text_input(
                if volunteer.has_pin {
                    "改密码(4–8 位数字)"
                } else {
                    "设密码(4–8 位数字)"
                },
                pin
            )
            .secure(true)
            .on_input(move |pin| Message::PinChanged(id, pin))
            .on_submit(Message::SavePin(id))
            .size(style::TEXT)
            .padding(style::INPUT_PADDING)
            .style(style::input(false))
            .width(200),
            widget::secondary(
                "保存密码",
                (!pin.is_empty()).then_some(Message::SavePin(id))
            ),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);
        if volunteer.has_pin {
            security = security.push(widget::secondary("取消密码", Some(Message::ClearPin(id))));
        }
        let security = security
            .push(
                iced::widget::checkbox(volunteer.is_admin)
                    .label("管理员")
                    .on_toggle(move |admin| Message::Admin(id, admin))
                    .text_size(style::TEXT)
                    .size(20),
            )
            .wrap()
            .vertical_spacing(8);
        // Always a column, the message under the box or not: the box keeps its focus.
        let why = self.pin_errors.get(&id).map(|why| {
            row![
                iced::widget::space().width(24),
                text(why).size(style::TEXT).color(style::ERROR)
            ]
            .into()
        });
        column![security].extend(why).spacing(4).into()
    }
}
