//! First start on an empty database: name the station and the first volunteer, or look
//! around in a separate demo database first.

use crate::data::Db;
use crate::gui::{style, widget};
use iced::widget::{column, container, text, text_input};

/// The first box of the first start, where the cursor waits.
pub const STATION_ID: &str = "station";
use iced::{Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    StationChanged(String),
    VolunteerChanged(String),
    Start,
    OpenDemo,
}

pub enum Action {
    None,
    /// The station is set up; the volunteer is on duty.
    Started(i64),
    OpenDemo,
}

#[derive(Default)]
pub struct Welcome {
    station: String,
    volunteer: String,
    error: Option<String>,
    /// Set while the demo database is being made.
    pub demo_busy: bool,
}

impl Welcome {
    pub fn update(&mut self, message: Message, db: &mut Db) -> Action {
        match message {
            Message::StationChanged(value) => self.station = value,
            Message::VolunteerChanged(value) => self.volunteer = value,
            Message::OpenDemo => {
                self.demo_busy = true;
                return Action::OpenDemo;
            }
            Message::Start => {
                if self.station.trim().is_empty() {
                    self.error = Some("请填写站点名称".into());
                } else if self.volunteer.trim().is_empty() {
                    self.error = Some("请填写一位红娘的姓名".into());
                } else {
                    let result = db.set_station_name(&self.station).and_then(|()| {
                        db.add_volunteer(&crate::data::Actor::terminal(), &self.volunteer)
                    });
                    match result {
                        Ok(volunteer) => return Action::Started(volunteer.id),
                        Err(error) => self.error = Some(error.to_string()),
                    }
                }
            }
        }
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let input = |placeholder, value, id: &'static str, on_input: fn(String) -> Message| {
            text_input(placeholder, value)
                .id(id)
                .on_input(on_input)
                .on_submit(Message::Start)
                .size(style::TEXT + 2.0)
                .padding(10)
                .style(style::input(false))
        };
        let mut form = column![
            text("欢迎使用红娘工作台").size(style::TITLE),
            text("第一次使用,请先填写两项,以后可在「设置」里修改。").size(style::TEXT),
            widget::field(
                "站点名称",
                input(
                    "如 爱的填空相亲工作站",
                    &self.station,
                    STATION_ID,
                    Message::StationChanged
                ),
                None
            ),
            widget::field(
                "红娘姓名",
                input(
                    "今天值班的红娘,如 楼老师",
                    &self.volunteer,
                    "volunteer",
                    Message::VolunteerChanged
                ),
                None
            ),
        ]
        .spacing(style::GAP)
        .max_width(640);
        if let Some(error) = &self.error {
            form = form.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        form = form.push(widget::primary("开始使用", Some(Message::Start)));
        form = form.push(iced::widget::rule::horizontal(1));
        form = form.push(
            text("想先看看?演示数据库里有 2000 位虚构的会员,和本站的正式数据分开保存。")
                .size(style::TEXT),
        );
        form = form.push(if self.demo_busy {
            widget::secondary("正在准备演示数据……", None)
        } else {
            widget::secondary("打开演示数据库", Some(Message::OpenDemo))
        });
        container(form).center_x(Length::Fill).padding(40).into()
    }
}
