//! 设置 → 资料保存期限: how many years after 退出 or 已婚 the station keeps a member, and once a
//! year the list of those kept longer, erased on an administrator's confirmation (the same
//! erase as deletion on request; the figures keep their counts).

use super::Outcome;
use crate::data::retention::Expired;
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    YearsChanged(String),
    SaveYears,
    /// Show (or hide) the members past the period.
    Preview(bool),
    /// 删除这些会员的资料…: asked, then confirmed (or taken back).
    AskErase(bool),
    Erase,
}

/// Members shown in the preview; the rest are counted.
const SHOWN: usize = 30;

#[derive(Default)]
pub struct Retention {
    years: String,
    /// The members past the period, as last read (the preview erases exactly these).
    expired: Vec<Expired>,
    /// 来电来访 past the period with no registration.
    enquiries: usize,
    previewing: bool,
    asked: bool,
}

impl Retention {
    pub fn read(db: &Db) -> Self {
        Self {
            years: db
                .retention_years()
                .unwrap_or(crate::data::retention::DEFAULT_YEARS)
                .to_string(),
            expired: db.expired(crate::data::today()).unwrap_or_default(),
            enquiries: db.expired_enquiries(crate::data::today()).unwrap_or(0),
            previewing: false,
            asked: false,
        }
    }

    /// Whether members were erased (the search reads them again).
    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Outcome<bool> {
        match message {
            Message::YearsChanged(years) => {
                self.years = years;
                Outcome::none()
            }
            Message::SaveYears => {
                let years = match crate::data::parse::whole_number(&self.years) {
                    Ok(Some(years)) => u32::from(years),
                    _ => {
                        return Outcome::failed(format!(
                            "“{}”不是年数,请填 1 到 20 之间的整数",
                            self.years.trim()
                        ));
                    }
                };
                match db.set_retention_years(actor, years) {
                    Ok(()) => {
                        *self = Self {
                            previewing: self.previewing,
                            ..Self::read(db)
                        };
                        Outcome::said(format!(
                            "已保存:退出或结婚后保存 {years} 年;登记表上的同意书也这样写"
                        ))
                    }
                    Err(error) => Outcome::failed(error),
                }
            }
            Message::Preview(on) => {
                self.expired = db.expired(crate::data::today()).unwrap_or_default();
                self.previewing = on;
                self.asked = false;
                Outcome::none()
            }
            Message::AskErase(asked) => {
                self.asked = asked;
                Outcome::none()
            }
            Message::Erase => {
                let ids: Vec<i64> = self.expired.iter().map(|e| e.member_id).collect();
                let result = db.apply_retention(actor, &ids, crate::data::today());
                let previewing = self.previewing;
                *self = Self::read(db);
                self.previewing = previewing;
                match result {
                    Ok((count, enquiries, erased)) => {
                        let mut said = format!(
                            "已删除 {count} 位保存期满会员的个人资料(会员编号和统计数字保留),已记入操作记录"
                        );
                        if enquiries > 0 {
                            said.push_str(&format!(
                                ";{enquiries} 条没有登记的来电来访也删除了称呼、电话和内容"
                            ));
                        }
                        if let Some(remaining) = erased.remaining() {
                            said = format!("{said}。{remaining}");
                        }
                        Outcome::then(true).notice(said)
                    }
                    Err(error) => Outcome::failed(error),
                }
            }
        }
    }

    /// The period and, when some are past it, the list and the erase (the core refuses in words
    /// whoever is not an administrator of a station that has them).
    pub fn view(&self) -> Element<'_, Message> {
        let years = row![
            text("会员退出或结婚后,资料保存").size(style::TEXT),
            text_input("3", &self.years)
                .id("retention_years")
                .on_input(Message::YearsChanged)
                .on_submit(Message::SaveYears)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .width(80)
                .style(style::input(false)),
            text("年,期满删除(只留不含姓名的统计数字)").size(style::TEXT),
            widget::primary("保存", Some(Message::SaveYears)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(8);
        let mut page = column![years].spacing(10);
        let count = self.expired.len();
        if count == 0 && self.enquiries == 0 {
            page = page.push(widget::muted("现在没有保存期满的会员。"));
            return page.into();
        }
        if self.enquiries > 0 {
            page = page.push(widget::muted(format!(
                "另有 {} 条超过期限、没有登记的来电来访:删除时一并删去其中的称呼、电话和内容。",
                self.enquiries
            )));
        }
        page = page.push(
            row![
                text(format!("已保存期满的会员 {count} 位。"))
                    .size(style::TEXT)
                    .color(style::AMBER),
                widget::secondary(
                    if self.previewing {
                        "收起名单"
                    } else {
                        "查看名单"
                    },
                    Some(Message::Preview(!self.previewing)),
                ),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8),
        );
        if !self.previewing {
            return page.into();
        }
        for e in self.expired.iter().take(SHOWN) {
            page = page.push(
                text(format!(
                    "{} {} · {}于 {} · 保存到 {}",
                    e.number,
                    e.name,
                    e.status.label(),
                    e.left_on,
                    e.kept_until
                ))
                .size(style::TEXT),
            );
        }
        if count > SHOWN {
            page = page.push(widget::muted(format!("还有 {} 位。", count - SHOWN)));
        }
        let erase: Element<'_, Message> = if self.asked {
            row![
                text(format!(
                    "删除后这 {count} 位的姓名、联系方式、照片和文字都无法恢复。确定吗?"
                ))
                .size(style::TEXT)
                .width(Length::Fill),
                widget::danger("确定删除", Some(Message::Erase)),
                widget::secondary("取消", Some(Message::AskErase(false))),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8)
            .into()
        } else {
            widget::danger(
                format!("删除这 {count} 位的个人资料…"),
                Some(Message::AskErase(true)),
            )
            .into()
        };
        page.push(erase).into()
    }
}
