//! 活动 → an event → 互选结果: the mutual choices, shown to the organiser only, confirmed into
//! introductions (asked first), the result slips printed, and who chose whom as a table.

use super::Action as PageAction;
use super::event::{Effect, Shown};
use crate::data::events::{Attendee, Choice};
use crate::data::model::Gender;
use crate::data::print::EventSheet;
use crate::data::{Actor, Db};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

/// The table is drawn up to this many attendees of each gender (more would not fit a screen).
const MATRIX_MAX: usize = 24;

#[derive(Debug, Clone)]
pub enum Message {
    /// 确认互选结果…: asks first.
    Confirm,
    ConfirmCancelled,
    ConfirmYes,
    OpenIntroduction(i64),
    Print(EventSheet),
}

/// Whether the question before confirming is shown.
#[derive(Default)]
pub struct Results {
    asking_confirm: bool,
}

impl Results {
    /// Another part was chosen: the question goes.
    pub fn stop_asking(&mut self) {
        self.asking_confirm = false;
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
            Message::Confirm => {
                self.asking_confirm = true;
                Effect::None
            }
            Message::ConfirmCancelled => {
                self.asking_confirm = false;
                Effect::None
            }
            Message::ConfirmYes => {
                self.asking_confirm = false;
                let confirmed = match db.confirm_matches(actor, shown.event.id, today) {
                    Ok(confirmed) => confirmed,
                    Err(error) => return Effect::Say(error.to_string()),
                };
                let mut words = format!(
                    "互选结果已确认:记入牵线记录 {} 条(都记为已见面,3天、3周、3个月后首页会提醒回访)",
                    confirmed.introductions.len()
                );
                if !confirmed.skipped.is_empty() {
                    words.push_str(&format!(";没有记入:{}", confirmed.skipped.join(";")));
                }
                if shown.event.shared.is_some() {
                    // At a 全区联谊 the pairs with other stations' guests go to the district.
                    super::district::send_confirmed(db, actor, shown.event.id, words)
                } else {
                    Effect::Changed(Some(words))
                }
            }
            Message::OpenIntroduction(id) => Effect::Page(PageAction::OpenIntroduction(id)),
            Message::Print(sheet) => shown.print(sheet),
        }
    }

    pub fn view<'a>(&'a self, shown: Shown<'a>) -> Element<'a, Message> {
        let present: Vec<&Attendee> = shown.present().collect();
        let mut list = column![widget::muted(
            "只给组织的红娘看。单方面的选择不会告诉对方。"
        )]
        .spacing(6);
        if shown.matches.is_empty() {
            list = list.push(text("还没有互相选中的嘉宾。").size(style::TEXT));
        }
        for m in shown.matches {
            let both = if m.pair.both_more() {
                "双方都想进一步了解"
            } else {
                "互相愿意做朋友"
            };
            let mut line = row![
                text(format!(
                    "{} {} 与 {} {}",
                    m.man.badge_text(),
                    m.man.name,
                    m.woman.badge_text(),
                    m.woman.name
                ))
                .size(style::TEXT)
                .width(Length::Fill),
                widget::muted(both),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center);
            if let Some(id) = m.introduction {
                line = line.push(widget::secondary(
                    "牵线记录 ›",
                    Some(Message::OpenIntroduction(id)),
                ));
            }
            list = list.push(line);
        }
        let mut sections: Vec<Element<'a, Message>> = vec![
            self.confirm_view(shown, &present),
            widget::section(
                if shown.event.shared.is_some() {
                    format!("本站嘉宾之间互选成功 {} 对", shown.matches.len())
                } else {
                    format!("互选成功 {} 对", shown.matches.len())
                },
                list,
            ),
        ];
        if shown.event.shared.is_some() {
            sections.push(remote_matches(shown));
        }
        sections.push(matrix(shown, &present));
        column(sections).spacing(style::GAP).into()
    }

    /// Confirmed (and the slips to print), the question, or the cards still missing.
    fn confirm_view<'a>(&self, shown: Shown<'a>, present: &[&'a Attendee]) -> Element<'a, Message> {
        let missing: Vec<String> = present
            .iter()
            .filter(|a| !a.card_entered)
            .map(|a| a.badge_text())
            .collect();
        let mut top = column![].spacing(8);
        if shown.event.matched {
            top = top.push(widget::banner(
                text(if shown.event.shared.is_some() {
                    "互选结果已确认:本站嘉宾之间的已记入牵线记录,和其他站点嘉宾的两站都确认后记入(见下面)。可以打印每位嘉宾的结果条(只有互相选中的,按号码)。"
                } else {
                    "互选结果已确认,已记入牵线记录。可以打印每位嘉宾的结果条(只有互相选中的,按号码和姓氏)。"
                })
                .size(style::TEXT),
                style::containers::success_banner,
            ));
            top = top.push(widget::primary(
                "打印互选结果条",
                Some(Message::Print(EventSheet::Slips)),
            ));
        } else if self.asking_confirm {
            top = top.push(widget::banner(
                column![
                    text(if shown.event.shared.is_some() {
                        format!(
                            "确认后心动卡不能再改,本站嘉宾之间 {} 对互选成功的会记入牵线记录(已见面);和其他站点嘉宾的选择送到全区,两站都确认后记入牵线记录。确认吗?",
                            shown.matches.len()
                        )
                    } else {
                        format!(
                            "确认后心动卡不能再改,{} 对互选成功的会记入牵线记录(已见面)。确认吗?",
                            shown.matches.len()
                        )
                    })
                    .size(style::TEXT),
                    row![
                        widget::primary("确认互选结果", Some(Message::ConfirmYes)),
                        widget::secondary("再看看", Some(Message::ConfirmCancelled)),
                    ]
                    .spacing(8),
                ]
                .spacing(8),
                style::containers::warning_banner,
            ));
        } else {
            if !missing.is_empty() {
                top = top.push(
                    text(format!(
                        "还有 {} 张心动卡没录:{}",
                        missing.len(),
                        missing.join("、")
                    ))
                    .size(style::TEXT)
                    .color(style::AMBER),
                );
            }
            top = top.push(widget::primary(
                "确认互选结果…",
                (missing.is_empty() && !present.is_empty()).then_some(Message::Confirm),
            ));
        }
        top.into()
    }
}

/// At a 全区联谊: the pairs of this station's guests with other stations' guests, as the
/// district last told them, and where each stands.
fn remote_matches<'a>(shown: Shown<'a>) -> Element<'a, Message> {
    let mut list = column![widget::muted(
        "对方只知道号码;两站都确认互选结果后,记入两站的牵线记录,由两站红娘交换联系方式。"
    )]
    .spacing(6);
    if shown.remote_matches.is_empty() {
        list = list.push(text("还没有(以上次和全区同步为准)。").size(style::TEXT));
    }
    for m in shown.remote_matches {
        let both = if m.row.both_more() {
            "双方都想进一步了解"
        } else {
            "互相愿意做朋友"
        };
        let guest = m.guest.as_ref().map_or_else(
            || crate::data::events::badge_text(m.row.gender, Some(m.row.badge)),
            |g| format!("{} {}", g.badge_text(), g.name),
        );
        let mut line = row![
            text(format!("{guest} 与 {}", m.other_text()))
                .size(style::TEXT)
                .width(Length::Fill),
            widget::muted(format!("{both} · {}", m.state_text())),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);
        if let Some(id) = m.introduction {
            line = line.push(widget::secondary(
                "牵线记录 ›",
                Some(Message::OpenIntroduction(id)),
            ));
        }
        list = list.push(line);
    }
    widget::section(
        format!("和其他站点的嘉宾互选成功 {} 对", shown.remote_matches.len()),
        list,
    )
}

/// Who chose whom: men down, women across; each cell the man's mark / the woman's mark.
fn matrix<'a>(shown: Shown<'a>, present: &[&'a Attendee]) -> Element<'a, Message> {
    let men: Vec<&Attendee> = present
        .iter()
        .copied()
        .filter(|a| a.gender == Gender::Male)
        .collect();
    let women: Vec<&Attendee> = present
        .iter()
        .copied()
        .filter(|a| a.gender == Gender::Female)
        .collect();
    if men.len() > MATRIX_MAX || women.len() > MATRIX_MAX {
        return widget::section(
            "选择表",
            widget::muted(format!(
                "到场人数多(男 {}、女 {}),选择表太大,屏幕上不画;需要时用命令行 hongniang event matches {} --matrix。",
                men.len(),
                women.len(),
                shown.event.id
            )),
        );
    }
    let mark = |from: i64, to: i64| match shown.choices.get(&(from, to)) {
        Some(Choice::More) => "想认识",
        Some(Choice::Friends) => "可做朋友",
        _ => "",
    };
    let cell = |content: String, mutual: bool| -> Element<'a, Message> {
        container(
            text(content)
                .size(style::SMALL)
                .wrapping(text::Wrapping::None),
        )
        .width(Length::Fixed(80.0))
        .padding([4, 2])
        .center_x(Length::Fixed(80.0))
        .style(move |theme: &iced::Theme| {
            if mutual {
                style::containers::success_banner(theme)
            } else {
                style::containers::stripe(true)(theme)
            }
        })
        .into()
    };
    let mut grid = column![
        row(std::iter::once(cell(String::new(), false))
            .chain(women.iter().map(|w| cell(w.badge_text(), false))))
        .spacing(2)
    ]
    .spacing(2);
    for m in &men {
        let cells = std::iter::once(cell(m.badge_text(), false)).chain(women.iter().map(|w| {
            let (a, b) = (
                mark(m.member_id, w.member_id),
                mark(w.member_id, m.member_id),
            );
            // What he marked for her over what she marked for him.
            let marks = match (a.is_empty(), b.is_empty()) {
                (true, true) => String::new(),
                _ => format!("{}\n{}", or_dash(a), or_dash(b)),
            };
            cell(marks, !a.is_empty() && !b.is_empty())
        }));
        grid = grid.push(row(cells).spacing(2));
    }
    widget::section(
        "选择表(每格上一行是男方选的,下一行是女方选的;空着为不了;绿色为互选成功)",
        iced::widget::scrollable(grid).direction(iced::widget::scrollable::Direction::Horizontal(
            iced::widget::scrollable::Scrollbar::default(),
        )),
    )
}

/// A mark of the 选择表, or "—" for 不了 when the other side marked something.
fn or_dash(mark: &str) -> &str {
    if mark.is_empty() { "—" } else { mark }
}
