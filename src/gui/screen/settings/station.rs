//! 设置 → 站点名称: the name shown in the window's title and on printed sheets.

use super::Outcome;
use crate::data::Db;
use crate::gui::{style, widget};
use iced::widget::{row, text_input};
use iced::{Alignment, Element};

#[derive(Debug, Clone)]
pub enum Message {
    NameChanged(String),
    Save,
}

#[derive(Default)]
pub enum Action {
    #[default]
    None,
    /// The station's new name, saved.
    Renamed(String),
}

pub struct Station {
    name: String,
}

impl Station {
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
        }
    }

    pub fn update(&mut self, message: Message, db: &Db) -> Outcome<Action> {
        match message {
            Message::NameChanged(name) => {
                self.name = name;
                Outcome::none()
            }
            Message::Save => Outcome::of(db.set_station_name(&self.name).map(|()| {
                self.name = self.name.trim().to_string();
                Outcome::then(Action::Renamed(self.name.clone())).notice("站点名称已保存")
            })),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        row![
            text_input("如 爱的填空相亲工作站", &self.name)
                .id("station_name")
                .on_input(Message::NameChanged)
                .on_submit(Message::Save)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false)),
            widget::primary("保存名称", Some(Message::Save)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center)
        .into()
    }
}
