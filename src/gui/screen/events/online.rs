//! 活动 → an event → 网上报名: the export of an online form (问卷星, 金数据, 腾讯问卷) or a
//! union's nomination list chosen, each column's meaning shown and changeable, the preview of
//! every row (who is found, who is registered, who gets a place or waits, who is left out and
//! why), then the import, and the rows left out saved to a file. The rules are
//! `data::event_import`'s.

use super::Action as PageAction;
use super::event::{Effect, Shown};
use crate::data::event_import::{self, Column, RowResult, SignUpImport};
use crate::data::import::{self, Table};
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{column, container, row, text};
use iced::{Element, Length, Task};
use std::fmt;
use std::path::PathBuf;

/// The most rows listed on screen (the counts cover them all).
const LISTED: usize = 300;

#[derive(Debug, Clone)]
pub enum Message {
    Choose,
    Chosen(Option<PathBuf>),
    Column(usize, Choice),
    Import,
    SaveLeftOut,
    LeftOutFile(Option<PathBuf>),
}

/// A column's meaning in the pick list: one of [`Column`], or 不导入.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice(pub Option<Column>);

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.map_or("不导入", Column::label))
    }
}

fn choices() -> Vec<Choice> {
    std::iter::once(Choice(None))
        .chain(Column::ALL.iter().map(|c| Choice(Some(*c))))
        .collect()
}

/// The file read, its columns, and the last preview or import.
#[derive(Default)]
pub struct Online {
    table: Option<Table>,
    mapping: Vec<Option<Column>>,
    report: Option<SignUpImport>,
    /// Why the file or the import was refused.
    error: Option<String>,
}

impl Online {
    pub fn update(
        &mut self,
        message: Message,
        shown: Shown<'_>,
        db: &mut Db,
        actor: &Actor,
        today: NaiveDate,
    ) -> Effect {
        match message {
            Message::Choose => Effect::Page(PageAction::Run(Task::perform(
                widget::open_spreadsheet("选择网上报名的导出文件(Excel 或 CSV)"),
                |path| super::Message::Event(super::event::Message::Online(Message::Chosen(path))),
            ))),
            Message::Chosen(None) => Effect::None,
            Message::Chosen(Some(path)) => {
                self.report = None;
                match import::read(&path) {
                    Err(error) => {
                        self.table = None;
                        self.error = Some(error.to_string());
                    }
                    Ok(table) => {
                        self.mapping = event_import::guess_mapping(&table.headers);
                        self.table = Some(table);
                        self.preview(shown, db, actor, today);
                    }
                }
                Effect::None
            }
            Message::Column(i, Choice(column)) => {
                if let Some(c) = column {
                    for other in &mut self.mapping {
                        if *other == Some(c) {
                            *other = None;
                        }
                    }
                }
                if let Some(slot) = self.mapping.get_mut(i) {
                    *slot = column;
                }
                self.preview(shown, db, actor, today);
                Effect::None
            }
            Message::Import => {
                let Some(table) = &self.table else {
                    return Effect::None;
                };
                match db.import_sign_ups(actor, shown.event.id, table, &self.mapping, true, today) {
                    Err(error) => {
                        self.error = Some(error.to_string());
                        Effect::None
                    }
                    Ok(report) => {
                        let words = format!("网上报名已导入:{}", report.summary());
                        self.report = Some(report);
                        self.error = None;
                        Effect::Changed(Some(words))
                    }
                }
            }
            Message::SaveLeftOut => Effect::Page(PageAction::Run(Task::perform(
                widget::save_dialog(
                    "保存没有报名的行",
                    "没有报名的行.csv".into(),
                    "CSV",
                    &["csv"],
                ),
                |path| {
                    super::Message::Event(super::event::Message::Online(Message::LeftOutFile(path)))
                },
            ))),
            Message::LeftOutFile(None) => Effect::None,
            Message::LeftOutFile(Some(path)) => {
                let (Some(table), Some(report)) = (&self.table, &self.report) else {
                    return Effect::None;
                };
                Effect::Say(match event_import::write_left_out(&path, table, report) {
                    Ok(n) => format!("没有报名的 {n} 行(含原因)已保存到 {}", path.display()),
                    Err(error) => error.to_string(),
                })
            }
        }
    }

    /// The rows as the import would take them, nothing written.
    fn preview(&mut self, shown: Shown<'_>, db: &mut Db, actor: &Actor, today: NaiveDate) {
        let Some(table) = &self.table else {
            return;
        };
        match db.import_sign_ups(actor, shown.event.id, table, &self.mapping, false, today) {
            Ok(report) => {
                self.report = Some(report);
                self.error = None;
            }
            Err(error) => {
                self.report = None;
                self.error = Some(error.to_string());
            }
        }
    }

    pub fn view<'a>(&'a self, _shown: Shown<'a>) -> Element<'a, Message> {
        let mut intro = column![
            widget::muted(
                "把问卷星、金数据、腾讯问卷导出的 Excel/CSV,或单位工会的推荐名单(姓名、手机、单位)导进来:\
                 按手机号(再按姓名和出生年月)认出会员;不是会员的,表里有“知情同意”一列且勾了同意才登记;\
                 按提交时间先后报名,名额满了进等待名单。先预览,确认后才写入;同一个文件导两次不会重复。"
            ),
            row![widget::primary("选择导出的文件…", Some(Message::Choose))],
        ]
        .spacing(8);
        if let Some(error) = &self.error {
            intro = intro.push(text(error).size(style::TEXT).color(style::ERROR));
        }
        let mut sections = vec![widget::section("网上报名导入", intro)];
        if let Some(table) = &self.table {
            sections.push(widget::section("每一列是什么", self.columns_view(table)));
        }
        if let Some(report) = &self.report {
            sections.push(widget::section(
                if report.written {
                    "导入结果"
                } else {
                    "预览(还没有写入)"
                },
                report_view(report),
            ));
        }
        column(sections).spacing(style::GAP).into()
    }

    fn columns_view<'a>(&'a self, table: &'a Table) -> Element<'a, Message> {
        let line = widget::column_pickers(
            &table.headers,
            |i| Choice(self.mapping.get(i).copied().flatten()),
            choices,
            Message::Column,
        );
        column![
            text(format!(
                "文件:{}({} 行)。序号、来源、IP、所用时间这些不用导入;认错的列在这里改:",
                table.file_name,
                table.rows.len()
            ))
            .size(style::TEXT),
            line.wrap().vertical_spacing(8),
        ]
        .spacing(8)
        .into()
    }
}

/// The counts, the buttons, and each row's fate.
fn report_view(report: &SignUpImport) -> Element<'_, Message> {
    let mut list = column![text(report.summary()).size(style::TEXT)].spacing(6);
    let buttons = if report.written {
        row![widget::secondary(
            "保存没有报名的行…",
            (report.left_out() > 0).then_some(Message::SaveLeftOut)
        )]
    } else {
        let signing = report
            .rows
            .iter()
            .filter(|r| {
                matches!(
                    r.result,
                    RowResult::Place { .. }
                        | RowResult::Waiting { .. }
                        | RowResult::Registered { .. }
                )
            })
            .count();
        row![widget::primary(
            format!("导入({signing} 位)"),
            (signing > 0).then_some(Message::Import)
        )]
    };
    list = list.push(buttons);
    for (i, r) in report.rows.iter().enumerate().take(LISTED) {
        let colour = match r.result {
            RowResult::Skipped { .. } => style::ERROR,
            RowResult::Registered { .. } | RowResult::Waiting { .. } => style::MUTED,
            _ => style::INK,
        };
        list = list.push(
            container(
                row![
                    text(format!("第 {} 行", r.line))
                        .size(style::TEXT)
                        .width(Length::Fixed(90.0)),
                    text(format!("{} {}", r.name, r.phone))
                        .size(style::TEXT)
                        .width(Length::FillPortion(2)),
                    text(r.result.words())
                        .size(style::TEXT)
                        .color(colour)
                        .width(Length::FillPortion(5)),
                ]
                .spacing(8),
            )
            .padding([4, 10])
            .style(style::containers::stripe(i % 2 == 1)),
        );
    }
    if report.rows.len() > LISTED {
        list = list.push(widget::muted(format!(
            "只列出前 {LISTED} 行;没有报名的行可以在导入后保存成文件查看。"
        )));
    }
    list.into()
}
