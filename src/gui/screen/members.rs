//! 会员: all members, newest first, a page at a time (smooth at 100,000 members), with a
//! simple filter on name, member number or phone.

use crate::data::Db;
use crate::data::model::{MemberSummary, mask_phone};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{button, column, container, responsive, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length};

pub const PAGE_SIZE: u64 = 30;
pub const FILTER_ID: &str = "member_filter";

#[derive(Debug, Clone)]
pub enum Message {
    FilterChanged(String),
    ApplyFilter,
    ClearFilter,
    Page(u64),
    Open(i64),
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
            Message::Open(id) => Action::Open(id),
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

        // The columns that fit the width (large text leaves room for fewer), most important kept.
        let table = responsive(move |size| {
            let columns = columns_that_fit(size.width);
            let header = table_row(
                columns.iter().map(|c| c.title.to_string()).collect(),
                &columns,
            );
            let mut table = column![container(header).style(style::containers::table_header)];
            for (index, member) in self.rows.iter().enumerate() {
                let cells = columns.iter().map(|c| (c.value)(member, today)).collect();
                table = table.push(
                    button(table_row(cells, &columns))
                        .padding(0)
                        .width(Length::Fill)
                        .style(style::buttons::row(index % 2 == 1))
                        .on_press(Message::Open(member.id)),
                );
            }
            if self.rows.is_empty() && self.error.is_none() {
                let empty = if self.applied.is_empty() {
                    "还没有会员。点右上角「登记新会员」开始登记。"
                } else {
                    "没有找到符合的会员。"
                };
                table = table.push(container(text(empty).size(style::TEXT)).padding(20));
            }
            scrollable(table).height(Length::Fill).into()
        });

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
        page.push(scrollable(table).height(Length::Fill))
            .push(pager)
            .into()
    }
}

/// A column of the member list: its title, the width its longest usual value needs (logical
/// pixels at standard text size), how important it is (1 = always shown) and its value.
struct Column {
    title: &'static str,
    width: f32,
    rank: u8,
    value: fn(&MemberSummary, NaiveDate) -> String,
}

const COLUMNS: [Column; 12] = [
    Column {
        title: "会员编号",
        width: 110.0,
        rank: 1,
        value: |m, _| m.number.clone(),
    },
    Column {
        title: "姓名",
        width: 80.0,
        rank: 1,
        value: |m, _| m.name.clone(),
    },
    Column {
        title: "性别",
        width: 40.0,
        rank: 1,
        value: |m, _| m.gender.label().to_string(),
    },
    Column {
        title: "年龄",
        width: 40.0,
        rank: 1,
        value: |m, today| m.birth.age_on(today).to_string(),
    },
    Column {
        title: "身高",
        width: 40.0,
        rank: 4,
        value: |m, _| m.height_cm.map(|h| h.to_string()).unwrap_or_default(),
    },
    Column {
        title: "学历",
        width: 90.0,
        rank: 3,
        value: |m, _| {
            m.education
                .map(|e| e.label().to_string())
                .unwrap_or_default()
        },
    },
    Column {
        title: "职业",
        width: 95.0,
        rank: 2,
        value: |m, _| m.occupation.clone(),
    },
    Column {
        title: "现居住区",
        width: 80.0,
        rank: 6,
        value: |m, _| m.district.clone(),
    },
    Column {
        title: "手机",
        width: 110.0,
        rank: 5,
        value: |m, _| mask_phone(&m.phone),
    },
    Column {
        title: "状态",
        width: 40.0,
        rank: 1,
        value: |m, _| m.status.label().to_string(),
    },
    Column {
        title: "负责红娘",
        width: 75.0,
        rank: 7,
        value: |m, _| m.volunteer_name.clone().unwrap_or_default(),
    },
    Column {
        title: "登记日期",
        width: 105.0,
        rank: 8,
        value: |m, _| m.registered_on.to_string(),
    },
];

const CELL_SPACING: f32 = 6.0;
const ROW_PADDING: f32 = 10.0;

/// The most important columns whose widths add up to at most `width`, in display order.
fn columns_that_fit(width: f32) -> Vec<&'static Column> {
    let needed = |columns: &[&Column]| {
        columns.iter().map(|c| c.width + CELL_SPACING).sum::<f32>() + 2.0 * ROW_PADDING + 16.0
    };
    let mut columns: Vec<&Column> = COLUMNS.iter().collect();
    while columns.len() > 1 && needed(&columns) > width {
        let Some(least) = columns
            .iter()
            .enumerate()
            .max_by_key(|(_, c)| c.rank)
            .map(|(i, _)| i)
        else {
            break;
        };
        if columns[least].rank == 1 {
            break;
        }
        columns.remove(least);
    }
    columns
}

fn table_row<'a, M: 'a>(cells: Vec<String>, columns: &[&Column]) -> Element<'a, M> {
    row(cells.into_iter().zip(columns).map(|(cell, column)| {
        text(cell)
            .size(style::TEXT)
            .width(Length::FillPortion(column.width as u16))
            .wrapping(text::Wrapping::None)
            .into()
    }))
    .spacing(CELL_SPACING)
    .padding([8.0, ROW_PADDING])
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_tables_keep_the_important_columns() {
        let titles = |width| {
            columns_that_fit(width)
                .iter()
                .map(|c| c.title)
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(2000.0).len(), 12);
        assert_eq!(
            titles(800.0),
            [
                "会员编号",
                "姓名",
                "性别",
                "年龄",
                "身高",
                "学历",
                "职业",
                "手机",
                "状态"
            ]
        );
        assert_eq!(titles(300.0), ["会员编号", "姓名", "性别", "年龄", "状态"]);
    }
}
