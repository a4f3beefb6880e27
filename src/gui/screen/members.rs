//! 会员: all members, newest first, a page at a time (smooth at 100,000 members), with a
//! simple filter on name, member number or phone.

use crate::data::Db;
use crate::data::model::MemberSummary;
use crate::gui::{style, table, widget};
use chrono::NaiveDate;
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element, Length};

pub const PAGE_SIZE: u64 = 30;
pub const FILTER_ID: &str = "member_filter";

#[derive(Debug, Clone)]
pub enum Message {
    FilterChanged(String),
    ApplyFilter,
    ClearFilter,
    Page(u64),
    OpenRow(usize),
    NewMember,
}

pub enum Action {
    None,
    Open(i64),
    NewMember,
}

pub struct MemberList {
    filter: String,
    /// The filter the rows were loaded with (typing alone does not reload).
    applied: String,
    page: u64,
    rows: Vec<MemberSummary>,
    total: u64,
    error: Option<String>,
}

impl MemberList {
    pub fn new(db: &Db) -> Self {
        let mut list = Self {
            filter: String::new(),
            applied: String::new(),
            page: 0,
            rows: Vec::new(),
            total: 0,
            error: None,
        };
        list.load(db);
        list
    }

    pub fn rows(&self) -> &[MemberSummary] {
        &self.rows
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    fn pages(&self) -> u64 {
        self.total.div_ceil(PAGE_SIZE).max(1)
    }

    /// Reloads the current page (after a save elsewhere, too).
    pub fn load(&mut self, db: &Db) {
        let result = db.count_members(&self.applied).and_then(|total| {
            let pages = total.div_ceil(PAGE_SIZE).max(1);
            self.page = self.page.min(pages - 1);
            Ok((
                total,
                db.list_members(&self.applied, self.page * PAGE_SIZE, PAGE_SIZE)?,
            ))
        });
        match result {
            Ok((total, rows)) => {
                self.total = total;
                self.rows = rows;
                self.error = None;
            }
            Err(error) => self.error = Some(format!("会员名单读取失败:{error}")),
        }
    }

    pub fn update(&mut self, message: Message, db: &Db) -> Action {
        match message {
            Message::FilterChanged(filter) => {
                self.filter = filter;
                Action::None
            }
            Message::ApplyFilter => {
                self.applied = self.filter.trim().to_string();
                self.page = 0;
                self.load(db);
                Action::None
            }
            Message::ClearFilter => {
                self.filter.clear();
                self.applied.clear();
                self.page = 0;
                self.load(db);
                Action::None
            }
            Message::Page(page) => {
                self.page = page;
                self.load(db);
                Action::None
            }
            Message::OpenRow(row) => self
                .rows
                .get(row)
                .map_or(Action::None, |m| Action::Open(m.id)),
            Message::NewMember => Action::NewMember,
        }
    }

    pub fn view(&self, today: NaiveDate) -> Element<'_, Message> {
        let search = row![
            text_input("输入姓名、会员编号或电话号码查找", &self.filter)
                .id(FILTER_ID)
                .on_input(Message::FilterChanged)
                .on_submit(Message::ApplyFilter)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false))
                .width(Length::FillPortion(3)),
            widget::primary("查找", Some(Message::ApplyFilter)),
            widget::secondary(
                "显示全部",
                (!self.applied.is_empty()).then_some(Message::ClearFilter)
            ),
            iced::widget::space::horizontal(),
            widget::success("登记新会员", Some(Message::NewMember)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);

        let summary = if self.applied.is_empty() {
            format!("共 {} 位会员,按登记日期从新到旧排列", self.total)
        } else {
            format!("“{}”:找到 {} 位会员", self.applied, self.total)
        };

        let empty = if self.error.is_some() {
            ""
        } else if self.applied.is_empty() {
            "还没有会员。点右上角「登记新会员」开始登记。"
        } else {
            "没有找到符合的会员。"
        };
        let table = table::members(self.rows.clone(), today, None, Message::OpenRow, empty);

        let pages = self.pages();
        let pager = row![
            widget::secondary("第一页", (self.page > 0).then_some(Message::Page(0))),
            widget::secondary(
                "上一页",
                (self.page > 0).then(|| Message::Page(self.page - 1))
            ),
            text(format!("第 {} / {} 页", self.page + 1, pages)).size(style::TEXT),
            widget::secondary(
                "下一页",
                (self.page + 1 < pages).then(|| Message::Page(self.page + 1))
            ),
            widget::secondary(
                "最后一页",
                (self.page + 1 < pages).then(|| Message::Page(pages - 1))
            ),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);

        let mut page = column![widget::heading("会员名单"), search, widget::muted(summary)]
            .spacing(style::SPACING);
        if let Some(error) = &self.error {
            page = page.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        page.push(table).push(pager).into()
    }
}
