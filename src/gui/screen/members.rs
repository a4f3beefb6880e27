//! 会员: all members, newest first, a page at a time (smooth at 100,000 members). Finding a
//! member by name, pinyin or phone is the 查询 screen's work.

use crate::data::Db;
use crate::data::model::MemberSummary;
use crate::gui::{style, table, widget};
use chrono::NaiveDate;
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element};

pub const PAGE_SIZE: u64 = 30;
/// The box of "到第 … 页".
pub const GOTO_ID: &str = "members_goto";

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
    GotoChanged(String),
    /// Go to the page number typed.
    Goto,
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
    /// The page number typed into "到第 … 页", and whether it could not be used.
    /// `None`: the box shows the current page.
    goto: Option<String>,
    goto_wrong: bool,
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
            goto: None,
            goto_wrong: false,
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
                self.goto = None;
                self.goto_wrong = false;
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
            Message::GotoChanged(typed) => {
                self.goto = Some(typed);
                self.goto_wrong = false;
                Action::None
            }
            Message::Goto => {
                let typed = self.goto.as_deref().unwrap_or_default();
                match crate::data::parse::whole_number(typed) {
                    Ok(Some(page)) if (1..=self.pages()).contains(&u64::from(page)) => {
                        self.page = u64::from(page) - 1;
                        self.goto = None;
                        self.load(db);
                    }
                    Ok(None) => self.goto = None,
                    // Out of range or not a number: the box turns red, the page stays.
                    _ => self.goto_wrong = true,
                }
                Action::None
            }
            Message::NewMember => Action::NewMember,
            Message::Search => Action::Search,
            Message::Import => Action::Import,
        }
    }

    pub fn view(&self, today: NaiveDate) -> Element<'_, Message> {
        let actions = row![
            widget::success("登记新会员", Some(Message::NewMember)),
            widget::secondary("查找会员(查询)", Some(Message::Search)),
            widget::secondary("导入旧登记册…", Some(Message::Import)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(8);

        let empty = if self.error.is_some() {
            ""
        } else {
            "还没有会员。点右上角「登记新会员」开始登记。"
        };
        let table = table::members(
            self.rows.clone(),
            today,
            None,
            Message::OpenRow,
            empty,
            None,
        );

        let pages = self.pages();
        // The box shows the page; typing a number and Enter (or 去) goes there, so the first
        // and the last of 300 pages are one step away.
        let shown = self
            .goto
            .clone()
            .unwrap_or_else(|| (self.page + 1).to_string());
        let pager = row![
            widget::secondary(
                "上一页",
                (self.page > 0).then(|| Message::Page(self.page - 1))
            ),
            row![
                text("第").size(style::TEXT),
                text_input("", &shown)
                    .id(GOTO_ID)
                    .on_input(Message::GotoChanged)
                    .on_submit(Message::Goto)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .width(70)
                    .style(style::input(self.goto_wrong)),
                text(format!("/ {pages} 页(共 {} 位)", self.total)).size(style::TEXT),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
            widget::secondary(
                "下一页",
                (self.page + 1 < pages).then(|| Message::Page(self.page + 1))
            ),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(8);
        let pager = match &self.goto {
            Some(_) => column![
                pager,
                widget::muted(if self.goto_wrong {
                    "请填 1 到最后一页之间的页码"
                } else {
                    "按回车去这一页"
                })
            ]
            .spacing(4),
            None => column![pager],
        };

        let mut printing = row![
            text("打印:").size(style::TEXT),
            widget::date_input(
                "登记日期",
                &self.print_day,
                Message::PrintDayChanged,
                self.print_error.is_some()
            )
            .on_submit(Message::PrintDay),
            widget::secondary("这天登记的表…", Some(Message::PrintDay)),
            widget::secondary("空白登记表…", Some(Message::PrintBlank)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);
        if let Some(error) = &self.print_error {
            printing = printing.push(text(error).size(style::SMALL).color(style::ERROR));
        }

        // No heading: the navigation says where this is, and the rows need the room.
        let mut page = column![actions].spacing(style::SPACING);
        if let Some(error) = &self.error {
            page = page.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        page.push(table)
            .push(pager)
            .push(printing.wrap().vertical_spacing(8))
            .into()
    }
}
