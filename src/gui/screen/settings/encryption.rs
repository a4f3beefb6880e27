//! 设置 → 数据库加密: the database encrypted with a password typed twice and written down, the
//! password changed, or the encryption removed. The work itself runs at the root.

use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use iced::Element;
use iced::widget::{column, row, text, text_input};

#[derive(Debug, Clone)]
pub enum Message {
    NewKeyChanged(String),
    NewKeyAgainChanged(String),
    KeyWrittenDown(bool),
    /// Encrypt the database with the new password, or change its password.
    Encrypt,
    Decrypt,
}

pub enum Action {
    None,
    /// Encrypt with this password (or change it); `None` removes the encryption.
    Encryption(Option<String>),
}

/// The password as typed; what is wrong shows under it, not over the page.
pub struct Encryption {
    encrypted: bool,
    new_key: String,
    new_key_again: String,
    key_written_down: bool,
    key_error: Option<String>,
}

impl Encryption {
    pub fn read(db: &Db) -> Self {
        Self {
            encrypted: db.is_encrypted(),
            new_key: String::new(),
            new_key_again: String::new(),
            key_written_down: false,
            key_error: None,
        }
    }

    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Action {
        match message {
            Message::NewKeyChanged(key) => {
                self.new_key = key;
                self.key_error = None;
            }
            Message::NewKeyAgainChanged(key) => {
                self.new_key_again = key;
                self.key_error = None;
            }
            Message::KeyWrittenDown(done) => self.key_written_down = done,
            // Asked before the work starts, so the window does not wait for a refusal (the
            // core asks again in the operation).
            Message::Encrypt | Message::Decrypt if !self.may_encrypt(db, actor) => {}
            Message::Encrypt => {
                if !self.key_written_down {
                    self.key_error = Some("请先把密码抄在纸上锁好,再勾选上面的一项".into());
                    return Action::None;
                }
                return match crate::data::cipher::check_new_key(&self.new_key, &self.new_key_again)
                {
                    Ok(()) => Action::Encryption(Some(self.new_key.clone())),
                    Err(error) => {
                        self.key_error = Some(error.to_string());
                        Action::None
                    }
                };
            }
            Message::Decrypt => return Action::Encryption(None),
        }
        Action::None
    }

    /// Whether `actor` may set the encryption; if not, the reason shows under the password.
    fn may_encrypt(&mut self, db: &Db, actor: &Actor) -> bool {
        match db.may(actor, crate::data::Permission::Encrypt) {
            Ok(()) => true,
            Err(error) => {
                self.key_error = Some(error.to_string());
                false
            }
        }
    }

    /// The encryption changed (or failed): the note to show over the page, if it worked.
    pub fn done(&mut self, db: &Db, result: Result<String, String>) -> Option<String> {
        self.encrypted = db.is_encrypted();
        match result {
            Ok(message) => {
                self.new_key.clear();
                self.new_key_again.clear();
                self.key_written_down = false;
                self.key_error = None;
                Some(message)
            }
            Err(error) => {
                self.key_error = Some(error);
                None
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut content = column![
            text(if self.encrypted {
                "数据库已加密:每次打开程序要输入数据库密码;备份也用同一个密码加密。"
            } else {
                "数据库没有加密:拿到这台电脑或数据库文件的人能读出会员资料。加密后,每次打开程序要输入数据库密码。"
            })
            .size(style::TEXT),
            text("忘记密码,数据就再也打不开了——谁也无法帮您找回,包括本程序的作者。请把密码抄在纸上,锁在工作站的柜子里。")
                .size(style::TEXT)
                .color(style::RED),
            row![
                text_input(
                    if self.encrypted { "新密码" } else { "密码(至少 6 个字符)" },
                    &self.new_key
                )
                .id("new_key")
                .secure(true)
                .on_input(Message::NewKeyChanged)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .width(240)
                .style(style::input(self.key_error.is_some())),
                text_input("再输一次", &self.new_key_again)
                    .id("new_key_again")
                    .secure(true)
                    .on_input(Message::NewKeyAgainChanged)
                    .on_submit(Message::Encrypt)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .width(240)
                    .style(style::input(self.key_error.is_some())),
            ]
            .spacing(style::SPACING),
            iced::widget::checkbox(self.key_written_down)
                .label("我已把密码抄在纸上,锁好了")
                .on_toggle(Message::KeyWrittenDown)
                .text_size(style::TEXT),
        ]
        .spacing(style::SPACING);
        let ready = self.key_written_down && !self.new_key.is_empty();
        let mut buttons = row![widget::primary(
            if self.encrypted {
                "更换密码"
            } else {
                "加密数据库"
            },
            ready.then_some(Message::Encrypt)
        )]
        .spacing(style::SPACING);
        if self.encrypted {
            buttons = buttons.push(widget::danger("取消加密", Some(Message::Decrypt)));
        }
        content = content.push(buttons);
        if let Some(error) = &self.key_error {
            content = content.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        content
            .push(widget::muted(
                "加密前做的备份没有加密,仍在备份文件夹里;加密后程序会马上做一份加密的备份。只有管理员可以设置加密。",
            ))
            .into()
    }
}
