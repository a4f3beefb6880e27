//! 活动 → an event → 全区联谊: under the event's head. For an event of this station still to
//! come (the station in 全区共享), 邀请其他站点一起办… shares it with the stations typed; for a
//! shared event, where it comes from, this station's badge numbers, how many guests the other
//! stations have, and 与全区同步 (the roster and cards sent, the others' guests and the pairs
//! read back). The rules are the core's and the district crate's.

use super::event::{Effect, Shown};
use crate::data::Actor;
use crate::data::Db;
use crate::data::model::Gender;
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element, Length};

/// The box where the stations are typed.
pub const STATIONS_ID: &str = "event-invite-stations";

#[derive(Debug, Clone)]
pub enum Message {
    Invite,
    InviteCancelled,
    StationsTyped(String),
    InviteYes,
    Sync,
}

/// The invitation being typed.
#[derive(Default)]
pub struct Shared {
    inviting: bool,
    stations: String,
    /// The district's other stations (code, name), asked when the invitation is opened
    /// (empty when the server could not be reached: the codes are typed all the same).
    known: Vec<(String, String)>,
}

/// The station codes typed: separated by commas, 、 or spaces.
fn codes(typed: &str) -> Vec<String> {
    typed
        .split([',', ',', '、', ' ', ';', ';'])
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .map(str::to_string)
        .collect()
}

impl Shared {
    pub fn update(
        &mut self,
        message: Message,
        shown: Shown<'_>,
        db: &mut Db,
        actor: &Actor,
    ) -> Effect {
        let id = shown.event.id;
        match message {
            Message::Invite => {
                self.inviting = true;
                self.known =
                    hongniang_district::station::stations_to_invite_station(db).unwrap_or_default();
                Effect::None
            }
            Message::InviteCancelled => {
                self.inviting = false;
                Effect::None
            }
            Message::StationsTyped(typed) => {
                self.stations = typed;
                Effect::None
            }
            Message::InviteYes => {
                let invited = codes(&self.stations);
                match hongniang_district::station::share_event_station(db, actor, id, &invited) {
                    Ok(link) => {
                        self.inviting = false;
                        self.stations.clear();
                        Effect::Changed(Some(format!(
                            "已改为全区联谊,邀请了 {}:他们同步后就能报名自己的会员。本站嘉宾的胸牌号是 {}–{}",
                            invited.join("、"),
                            link.first_badge,
                            link.last_badge()
                        )))
                    }
                    // What was typed stays, to be mended.
                    Err(error) => Effect::Say(error.to_string()),
                }
            }
            Message::Sync => match hongniang_district::station::sync_event_station(db, actor, id) {
                Ok(()) => Effect::Changed(Some(if shown.event.matched {
                    "已和全区同步这场活动:其他站点的嘉宾和互选结果已取回".into()
                } else {
                    "已和全区同步这场活动:本站的名单和心动卡已送去,其他站点的嘉宾已取回".into()
                })),
                Err(error) => Effect::Say(error.to_string()),
            },
        }
    }

    /// `None` when there is nothing to show: an event not shared at a station not in 全区共享,
    /// or one gone by.
    pub fn view<'a>(
        &'a self,
        shown: Shown<'a>,
        station: Option<&'a str>,
        today: NaiveDate,
    ) -> Option<Element<'a, Message>> {
        let event = shown.event;
        if let Some(link) = &event.shared {
            let count = |gender: Gender| {
                shown
                    .remote_guests
                    .iter()
                    .filter(|g| g.gender == gender)
                    .count()
            };
            let stations: std::collections::BTreeSet<&str> = shown
                .remote_guests
                .iter()
                .map(|g| g.station.as_str())
                .collect();
            let others = if stations.is_empty() {
                "其他站点的嘉宾:同步后可以看到".to_string()
            } else {
                format!(
                    "其他站点({})的嘉宾:男 {} 位、女 {} 位(以上次同步为准;只知道号码、性别、年龄)",
                    stations.into_iter().collect::<Vec<_>>().join("、"),
                    count(Gender::Male),
                    count(Gender::Female)
                )
            };
            return Some(
                column![
                    row![
                        text(link.text()).size(style::TEXT).color(style::INK),
                        widget::secondary("与全区同步", Some(Message::Sync)),
                    ]
                    .spacing(style::SPACING)
                    .align_y(Alignment::Center)
                    .wrap()
                    .vertical_spacing(8),
                    widget::muted(others),
                ]
                .spacing(6)
                .into(),
            );
        }
        if station.is_none() || event.on_date < today || event.matched {
            return None;
        }
        if !self.inviting {
            return Some(
                widget::secondary("邀请其他站点一起办(全区联谊)…", Some(Message::Invite)).into(),
            );
        }
        let known = if self.known.is_empty() {
            "请向全区管理员问清其他站点的代码。".to_string()
        } else {
            format!(
                "全区的其他站点:{}",
                self.known
                    .iter()
                    .map(|(code, name)| format!("{code}({name})"))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        };
        Some(
            column![
                widget::muted(
                    "受邀站点同步后会收到这场活动,各自报名、签到和录入自己的会员;只有同意全区共享的会员能参加。"
                ),
                widget::muted(known),
                row![
                    text_input("站点代码,几个用顿号分开", &self.stations)
                        .id(STATIONS_ID)
                        .on_input(Message::StationsTyped)
                        .on_submit(Message::InviteYes)
                        .size(style::TEXT)
                        .padding(style::INPUT_PADDING)
                        .width(Length::Fixed(360.0)),
                    widget::primary("邀请", Some(Message::InviteYes)),
                    widget::secondary("取消", Some(Message::InviteCancelled)),
                ]
                .spacing(8)
                .align_y(Alignment::Center)
                .wrap()
                .vertical_spacing(8),
            ]
            .spacing(6)
            .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn station_codes_are_read_with_any_separator() {
        assert_eq!(
            super::codes(" 南星、望江,清波  小营,"),
            ["南星", "望江", "清波", "小营"]
        );
        assert!(super::codes(" 、 ").is_empty());
    }
}
