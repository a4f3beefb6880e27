//! 设置: station name, volunteers (add, rename, deactivate), who is on duty, text size.

use crate::data::Db;
use crate::data::model::Volunteer;
use crate::gui::style::TextScale;
use crate::gui::{style, widget};
use iced::widget::{column, radio, row, text, text_input};
use iced::{Alignment, Element};
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone)]
pub enum Message {
    StationNameChanged(String),
    SaveStationName,
    NewVolunteerChanged(String),
    AddVolunteer,
    RenameChanged(i64, String),
    SaveRename(i64),
    SetActive(i64, bool),
    OnDuty(i64),
    TextScale(TextScale),
    BackToMainDatabase,
}

/// What changed, for the root to refresh what it shows.
pub enum Action {
    None,
    StationRenamed(String),
    VolunteersChanged,
    OnDuty(i64),
    TextScale(TextScale),
    BackToMainDatabase,
}

pub struct Settings {
    station_name: String,
    new_volunteer: String,
    renames: HashMap<i64, String>,
    error: Option<String>,
    notice: Option<String>,
}

impl Settings {
    pub fn new(station_name: &str) -> Self {
        Self {
            station_name: station_name.to_string(),
            new_volunteer: String::new(),
            renames: HashMap::new(),
            error: None,
            notice: None,
        }
    }

    pub fn update(&mut self, message: Message, db: &Db) -> Action {
        self.error = None;
        self.notice = None;
        let outcome = match message {
            Message::StationNameChanged(name) => {
                self.station_name = name;
                return Action::None;
            }
            Message::NewVolunteerChanged(name) => {
                self.new_volunteer = name;
                return Action::None;
            }
            Message::RenameChanged(id, name) => {
                self.renames.insert(id, name);
                return Action::None;
            }
            Message::SaveStationName => db.set_station_name(&self.station_name).map(|()| {
                self.station_name = self.station_name.trim().to_string();
                self.notice = Some("站点名称已保存".into());
                Action::StationRenamed(self.station_name.clone())
            }),
            Message::AddVolunteer => db.add_volunteer(&self.new_volunteer).map(|volunteer| {
                self.notice = Some(format!("已添加红娘“{}”", volunteer.name));
                self.new_volunteer.clear();
                Action::VolunteersChanged
            }),
            Message::SaveRename(id) => {
                let name = self.renames.get(&id).cloned().unwrap_or_default();
                db.rename_volunteer(id, &name).map(|()| {
                    self.renames.remove(&id);
                    self.notice = Some(format!("已改名为“{}”", name.trim()));
                    Action::VolunteersChanged
                })
            }
            Message::SetActive(id, active) => db
                .set_volunteer_active(id, active)
                .map(|()| Action::VolunteersChanged),
            Message::OnDuty(id) => return Action::OnDuty(id),
            Message::TextScale(scale) => db
                .set_setting("text_scale", scale.code())
                .map(|()| Action::TextScale(scale)),
            Message::BackToMainDatabase => return Action::BackToMainDatabase,
        };
        outcome.unwrap_or_else(|error| {
            self.error = Some(error.to_string());
            Action::None
        })
    }

    pub fn view<'a>(
        &'a self,
        volunteers: &'a [Volunteer],
        on_duty: Option<i64>,
        scale: TextScale,
        db_path: &'a Path,
        is_demo: bool,
    ) -> Element<'a, Message> {
        let station = row![
            text_input("如 爱的填空相亲工作站", &self.station_name)
                .id("station_name")
                .on_input(Message::StationNameChanged)
                .on_submit(Message::SaveStationName)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false)),
            widget::primary("保存名称", Some(Message::SaveStationName)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);

        let mut people = column![].spacing(10);
        for volunteer in volunteers {
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
            people = people.push(line);
        }
        people = people.push(
            row![
                text_input("新红娘的姓名,如 朱大姐", &self.new_volunteer)
                    .id("new_volunteer")
                    .on_input(Message::NewVolunteerChanged)
                    .on_submit(Message::AddVolunteer)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false))
                    .width(220),
                widget::primary("添加红娘", Some(Message::AddVolunteer)),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center),
        );

        let sizes = row(TextScale::ALL.iter().map(|option| {
            radio(option.label(), *option, Some(scale), Message::TextScale)
                .text_size(style::TEXT)
                .size(20)
                .into()
        }))
        .spacing(24);

        let mut database =
            column![text(format!("数据库文件:{}", db_path.display())).size(style::TEXT)].spacing(8);
        if is_demo {
            database = database
                .push(widget::muted("现在打开的是演示数据库,里面都是虚构的会员。"))
                .push(widget::primary(
                    "回到本站正式数据库",
                    Some(Message::BackToMainDatabase),
                ));
        }

        let mut page = column![widget::heading("设置")].spacing(style::GAP);
        if let Some(error) = &self.error {
            page = page.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        if let Some(notice) = &self.notice {
            page = page.push(widget::banner(
                text(notice).size(style::TEXT),
                style::containers::success_banner,
            ));
        }
        page.push(widget::sections(vec![
            widget::section("站点名称(显示在窗口标题和打印的表上)", station),
            widget::section("红娘志愿者", people),
            widget::section("文字大小", sizes),
            widget::section("数据", database),
        ]))
        .into()
    }
}
