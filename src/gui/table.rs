//! The table of members shared by the member list and the search results: the columns that
//! fit the window (large text leaves room for fewer; the most important stay), a row per
//! member that opens it, the selected row marked.

use crate::data::model::{MemberSummary, mask_phone, mask_phone_showing};
use crate::gui::style;
use chrono::NaiveDate;
use iced::widget::{button, column, container, responsive, row, scrollable, text};
use iced::{Element, Length};

/// The table: `open(i)` is the message for clicking row `i`; `empty` is shown with no rows.
/// The id of the results table's scrollable (to keep the keyboard choice in view).
pub const RESULTS_ID: &str = "results_table";

/// `phone_typed`: digits typed into the search box; the phone column is then kept at any width
/// and shows the digits that matched.
pub fn members<'a, M: Clone + 'a>(
    rows: Vec<MemberSummary>,
    today: NaiveDate,
    selected: Option<usize>,
    open: impl Fn(usize) -> M + 'a,
    empty: &'a str,
    phone_typed: Option<String>,
) -> Element<'a, M> {
    members_titled(rows, today, selected, open, empty, phone_typed, &[])
}

/// [`members`] with some columns' titles said otherwise (`(title, instead)`): 全区's 登记日期
/// is the day the member agreed to share.
pub fn members_titled<'a, M: Clone + 'a>(
    rows: Vec<MemberSummary>,
    today: NaiveDate,
    selected: Option<usize>,
    open: impl Fn(usize) -> M + 'a,
    empty: &'a str,
    phone_typed: Option<String>,
    titles: &'a [(&'static str, &'static str)],
) -> Element<'a, M> {
    responsive(move |size| {
        let columns = columns_that_fit(size.width, phone_typed.is_some());
        let title = |c: &Column| {
            titles
                .iter()
                .find(|(t, _)| *t == c.title)
                .map_or(c.title, |(_, instead)| *instead)
                .to_string()
        };
        let header = table_row(columns.iter().map(|c| title(c)).collect(), &columns);
        let mut table = column![container(header).style(style::containers::table_header)];
        for (index, member) in rows.iter().enumerate() {
            let cells = columns
                .iter()
                .map(|c| match &phone_typed {
                    Some(typed) if c.title == PHONE => mask_phone_showing(&member.phone, typed),
                    _ => (c.value)(member, today),
                })
                .collect();
            table = table.push(
                button(table_row(cells, &columns))
                    .padding(0)
                    .width(Length::Fill)
                    .style(style::buttons::row(index % 2 == 1, selected == Some(index)))
                    .on_press(open(index)),
            );
        }
        if rows.is_empty() && !empty.is_empty() {
            table = table.push(container(text(empty).size(style::TEXT)).padding(20));
        }
        scrollable(table).id(RESULTS_ID).height(Length::Fill).into()
    })
    .into()
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
        title: PHONE,
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

const PHONE: &str = "手机";
const CELL_SPACING: f32 = 6.0;
const ROW_PADDING: f32 = 10.0;

/// The most important columns whose widths add up to at most `width`, in display order; with
/// `phone_first` (digits were searched for) the phone is one of the most important.
fn columns_that_fit(width: f32, phone_first: bool) -> Vec<&'static Column> {
    let rank = |c: &Column| {
        if phone_first && c.title == PHONE {
            1
        } else {
            c.rank
        }
    };
    let needed = |columns: &[&Column]| {
        columns.iter().map(|c| c.width + CELL_SPACING).sum::<f32>() + 2.0 * ROW_PADDING + 16.0
    };
    let mut columns: Vec<&Column> = COLUMNS.iter().collect();
    while columns.len() > 1 && needed(&columns) > width {
        let Some(least) = columns
            .iter()
            .enumerate()
            .max_by_key(|(_, c)| rank(c))
            .map(|(i, _)| i)
        else {
            break;
        };
        if rank(columns[least]) == 1 {
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
    .padding([6.0, ROW_PADDING])
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_tables_keep_the_important_columns() {
        let titles = |width| {
            columns_that_fit(width, false)
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
        // Digits searched for: the phone stays, where it was.
        let narrow: Vec<_> = columns_that_fit(300.0, true)
            .iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(narrow, ["会员编号", "姓名", "性别", "年龄", "手机", "状态"]);
    }
}
