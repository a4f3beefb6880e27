//! 设置 → 锁定与管理员: after how many idle minutes the program locks itself, and whether
//! every volunteer must sign in with a PIN (an administrator's choice).

use super::Outcome;
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element};

#[derive(Debug, Clone)]
pub enum Message {
    MinutesChanged(String),
    Save,
    /// 每位红娘都要用密码值班, ticked or not.
    RequirePin(bool),
}

#[derive(Default)]
pub enum Action {
    #[default]
    None,
    /// Minutes before the program locks itself (0 = never).
    LockMinutes(u32),
    PinRequired(bool),
}

pub struct Lock {
    minutes: String,
    pin_required: bool,
}

impl Lock {
    pub fn read(db: &Db) -> Self {
        Self {
            minutes: db.lock_minutes().map(|m| m.to_string()).unwrap_or_default(),
            pin_required: db.pin_required().unwrap_or(false),
        }
    }

    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Outcome<Action> {
        match message {
            Message::RequirePin(on) => Outcome::of(db.set_pin_required(actor, on).map(|()| {
                self.pin_required = on;
                Outcome::then(Action::PinRequired(on)).notice(if on {
                    "已要求每位红娘用密码值班:只点名字不能再值班或解锁"
                } else {
                    "已不再要求每位红娘用密码值班"
                })
            })),
            Message::MinutesChanged(minutes) => {
                self.minutes = minutes;
                Outcome::none()
            }
            Message::Save => Outcome::of(match crate::data::parse::whole_number(&self.minutes) {
                Ok(Some(minutes)) => db.set_lock_minutes(u32::from(minutes)).map(|()| {
                    Outcome::then(Action::LockMinutes(u32::from(minutes))).notice(if minutes == 0 {
                        "已设为不自动锁定".to_string()
                    } else {
                        format!("已保存:{minutes} 分钟没有操作就自动锁定")
                    })
                }),
                _ => Err(crate::data::Error::Refused(format!(
                    "“{}”不是分钟数,请填 0 到 240 之间的整数",
                    self.minutes.trim()
                ))),
            }),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        column![
            row![
                text("超过").size(style::TEXT),
                text_input("10", &self.minutes)
                    .id("lock_minutes")
                    .on_input(Message::MinutesChanged)
                    .on_submit(Message::Save)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .width(80)
                    .style(style::input(false)),
                text("分钟没有操作就自动锁定(0 = 不锁定);随时可按 Ctrl+L 锁定").size(style::TEXT),
                widget::primary("保存", Some(Message::Save)),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center),
            iced::widget::checkbox(self.pin_required)
                .label("每位红娘都要用密码值班(只点名字不能值班或解锁;管理员才能改)")
                .on_toggle(Message::RequirePin)
                .text_size(style::TEXT)
                .size(20),
            widget::muted(
                "锁定后要点名字(设了密码的还要输入密码)才能继续,正在填的登记表不会丢。设了管理员以后,恢复备份、删除会员资料、导出全部数据、设置加密和管理其他红娘只有管理员能做;管理员必须有密码。密码忘了,请管理员在这里给您设一个新的。"
            ),
        ]
        .spacing(10)
        .into()
    }
}
