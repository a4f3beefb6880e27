//! 会员: all members, newest first, a page at a time (smooth at 100,000 members). Finding a
//! member by name, pinyin or phone is the 查询 screen's work.

use crate::data::Db;
use crate::data::model::MemberSummary;
use crate::gui::{style, table, widget};
use chrono::NaiveDate;
use iced::widget::{column, row, text};
use iced::{Alignment, Element};

pub const PAGE_SIZE: u64 = 30;

#[derive(Debug, Clone)]
pub enum Message {
    Page(u64),
    OpenRow(usize),
    NewMember,
    Search,
    Import,
    PrintDayChanged(String),
    PrintDay,
    PrintBlank,
}

pub enum Action {
    None,
    Open(i64),
    NewMember,
    Search,
    Import,
    Print(crate::data::print::Job),
}

pub struct MemberList {
    page: u64,
    rows: Vec<MemberSummary>,
    total: u64,
    error: Option<String>,
    /// The registration day whose sheets to print, as typed.
    print_day: String,
    print_error: Option<String>,
}

impl MemberList {
    pub fn new(db: &Db) -> Self {
        let mut list = Self {
            page: 0,
            rows: Vec::new(),
            total: 0,
            error: None,
            print_day: crate::data::today().to_string(),
            print_error: None,
        };
        list.load(db);
        list
    }

    fn pages(&self) -> u64 {
        self.total.div_ceil(PAGE_SIZE).max(1)
    }

    /// Reads the current page (a page index fetch: a few milliseconds even at the end).
    pub fn load(&mut self, db: &Db) {
        let result = db.count_members().and_then(|total| {
            let pages = total.div_ceil(PAGE_SIZE).max(1);
            self.page = self.page.min(pages - 1);
            Ok((total, db.list_members(self.page * PAGE_SIZE, PAGE_SIZE)?))
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
            Message::Page(page) => {
                self.page = page;
                self.load(db);
                Action::None
            }
            Message::OpenRow(row) => self
                .rows
                .get(row)
                .map_or(Action::None, |m| Action::Open(m.id)),
            Message::PrintDayChanged(day) => {
                self.print_day = day;
                self.print_error = None;
                Action::None
            }
            Message::PrintDay => match crate::data::parse::date_or_message(&self.print_day) {
                Ok(day) => Action::Print(crate::data::print::Job::Day(day)),
                Err(message) => {
                    self.print_error = Some(message);
                    Action::None
                }
            },
            Message::PrintBlank => Action::Print(crate::data::print::Job::Blank),
            Message::NewMember => Action::NewMember,
            Message::Search => Action::Search,
            Message::Import => Action::Import,
        }
    }

    pub fn view(&self, today: NaiveDate) -> Element<'_, Message> {
        let actions = row![
            widget::muted(format!("共 {} 位会员,按登记日期从新到旧排列", self.total)),
            iced::widget::space::horizontal(),
            widget::secondary("导入旧登记册…", Some(Message::Import)),
            widget::secondary("查找会员(查询)", Some(Message::Search)),
            widget::success("登记新会员", Some(Message::NewMember)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);

        let empty = if self.error.is_some() {
            ""
        } else {
            "还没有会员。点右上角「登记新会员」开始登记。"
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

        let mut printing = row![
            text("打印登记表:").size(style::TEXT),
            widget::date_input(
                "登记日期",
                &self.print_day,
                Message::PrintDayChanged,
                self.print_error.is_some()
            )
            .on_submit(Message::PrintDay),
            widget::secondary("打印这天登记的…", Some(Message::PrintDay)),
            widget::secondary("打印空白登记表…", Some(Message::PrintBlank)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);
        if let Some(error) = &self.print_error {
            printing = printing.push(text(error).size(style::SMALL).color(style::ERROR));
        }

        let mut page = column![widget::heading("会员名单"), actions].spacing(style::SPACING);
        if let Some(error) = &self.error {
            page = page.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        page.push(table).push(pager).push(printing).into()
    }
}
