//! 活动 → an event → 通知短信: the kind chosen (报名确认, 补上名额, 等待名单, 活动提醒, 互选结果),
//! each guest's text shown to read aloud on the phone (the phone masked), and the list exported
//! for an SMS platform (full phones, recorded). Nothing is sent from the program; the texts are
//! `data::event_messages`'s.

use super::Action as PageAction;
use super::event::{Effect, Shown};
use crate::data::event_messages::{GuestText, TextKind};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{button, column, container, row, text};
use iced::{Element, Length, Task};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum Message {
    Kind(TextKind),
    Export,
    ExportTo(Option<PathBuf>),
}

/// The kind shown and its texts (or why there are none).
pub struct Texts {
    kind: TextKind,
    texts: Result<Vec<GuestText>, String>,
}

impl Default for Texts {
    fn default() -> Self {
        Self {
            kind: TextKind::SignedUp,
            texts: Ok(Vec::new()),
        }
    }
}

impl Texts {
    /// Reads the texts of the kind chosen (when the part is shown, and on a change of kind).
    pub fn read(&mut self, shown: Shown<'_>, db: &Db, today: NaiveDate) {
        self.texts = db
            .event_texts(shown.event.id, self.kind, today)
            .map_err(|e| e.to_string());
    }

    pub fn update(
        &mut self,
        message: Message,
        shown: Shown<'_>,
        db: &mut Db,
        actor: &Actor,
        today: NaiveDate,
    ) -> Effect {
        match message {
            Message::Kind(kind) => {
                self.kind = kind;
                self.read(shown, db, today);
                Effect::None
            }
            Message::Export => {
                let name = format!("{}-{}短信.csv", shown.event.data.title, self.kind.label());
                Effect::Page(PageAction::Run(Task::perform(
                    widget::save_dialog("保存短信名单", name, "CSV", &["csv"]),
                    |path| {
                        super::Message::Event(super::event::Message::Texts(Message::ExportTo(path)))
                    },
                )))
            }
            Message::ExportTo(None) => Effect::None,
            Message::ExportTo(Some(path)) => Effect::Say(
                match db.export_event_texts(actor, shown.event.id, self.kind, &path, today) {
                    Ok(n) => format!(
                        "{n} 条{}短信已导出到 {}(含完整手机号,已记入操作记录)。\
                         可以导入短信平台群发;用完请删除这个文件。",
                        self.kind.label(),
                        path.display()
                    ),
                    Err(error) => error.to_string(),
                },
            ),
        }
    }

    pub fn view<'a>(&'a self, _shown: Shown<'a>) -> Element<'a, Message> {
        let kinds = row(TextKind::ALL.iter().map(|k| {
            button(text(k.label()).size(style::TEXT))
                .padding([6, 12])
                .style(style::buttons::choice(self.kind == *k))
                .on_press(Message::Kind(*k))
                .into()
        }))
        .spacing(6)
        .wrap()
        .vertical_spacing(6);
        let mut head = column![
            widget::muted(
                "程序只写好每位嘉宾的短信,不会自己发送:导出名单(姓名、手机、短信内容)交给短信平台群发,\
                 或打电话时照着念。"
            ),
            kinds,
        ]
        .spacing(8);
        let mut list = column![].spacing(6);
        match &self.texts {
            Err(why) => head = head.push(text(why).size(style::TEXT).color(style::ERROR)),
            Ok(texts) if texts.is_empty() => {
                head = head.push(widget::muted(format!(
                    "现在没有要发“{}”的嘉宾。",
                    self.kind.label()
                )));
            }
            Ok(texts) => {
                head = head.push(row![widget::primary(
                    format!("导出 {} 条短信名单(CSV)…", texts.len()),
                    Some(Message::Export)
                )]);
                for (i, t) in texts.iter().enumerate() {
                    list = list.push(
                        container(
                            column![
                                text(format!(
                                    "{} {} · {} · {} 字",
                                    t.badge,
                                    t.name,
                                    t.masked_phone(),
                                    t.text.chars().count()
                                ))
                                .size(style::TEXT)
                                .color(style::INK),
                                text(&t.text).size(style::TEXT),
                            ]
                            .spacing(2),
                        )
                        .padding([6, 10])
                        .width(Length::Fill)
                        .style(style::containers::stripe(i % 2 == 1)),
                    );
                }
            }
        }
        column![
            widget::section("通知短信", head),
            widget::section(self.kind.label(), list)
        ]
        .spacing(style::GAP)
        .into()
    }
}
