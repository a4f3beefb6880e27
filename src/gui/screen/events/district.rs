//! 活动 → an event → 全区联谊: under the event's head. For an event of this station still to
//! come (the station in 全区共享), 邀请其他站点一起办… shares it with the stations typed; for a
//! shared event, where it comes from, this station's badge numbers, how many guests the other
//! stations have, and 与全区同步 (the roster and cards sent, the others' guests and the pairs
//! read back). The rules are the core's and the district crate's. Whatever reaches the server
//! runs on a connection of its own, off the window's thread: the network may take seconds, and
//! the window keeps answering meanwhile (the buttons wait).

use super::Action as PageAction;
use super::event::{Effect, Shown};
use crate::data::Actor;
use crate::data::Db;
use crate::data::model::Gender;
use crate::gui::{jobs, style, widget};
use chrono::NaiveDate;
use iced::widget::{column, row, text, text_input};
use iced::{Alignment, Element, Length, Task};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The box where the stations are typed.
pub const STATIONS_ID: &str = "event-invite-stations";

#[derive(Debug, Clone)]
pub enum Message {
    Invite,
    /// The district's other stations, as the server told them (or why not).
    Known(Result<Vec<(String, String)>, String>),
    InviteCancelled,
    StationsTyped(String),
    InviteYes,
    /// The invitation sent (event id): what to say, or why not.
    Invited(i64, Result<String, String>),
    Sync,
    /// Work with the district started for the event (id): what to say meanwhile.
    Started(i64, String),
    /// The district answered about the event (id): what to say.
    Synced(i64, String),
}

/// The invitation being typed.
#[derive(Default)]
pub struct Shared {
    inviting: bool,
    stations: String,
    /// The district's other stations (code, name), asked when the invitation is opened
    /// (empty when the server could not be reached: the codes are typed all the same).
    known: Vec<(String, String)>,
    /// The database's file, for [`under_way`].
    path: Option<PathBuf>,
}

/// The events (database file, event id) with a call to the district under way in this
/// program. Their buttons wait, and no second call starts: two 邀请 at once would share the
/// event twice. An entry goes when its call's work ends, whether or not its answer is still
/// wanted (the volunteer may have gone to another page).
static UNDER_WAY: Mutex<BTreeSet<(PathBuf, i64)>> = Mutex::new(BTreeSet::new());

fn calls() -> std::sync::MutexGuard<'static, BTreeSet<(PathBuf, i64)>> {
    // Nothing panics while holding it; were it poisoned, the set is still whole.
    UNDER_WAY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A call to the district for one event, under way while this lives.
struct UnderWay(PathBuf, i64);

impl UnderWay {
    /// `None` when the event already has one.
    fn start(path: &Path, event: i64) -> Option<UnderWay> {
        calls()
            .insert((path.to_path_buf(), event))
            .then(|| UnderWay(path.to_path_buf(), event))
    }
}

impl Drop for UnderWay {
    fn drop(&mut self) {
        calls().remove(&(std::mem::take(&mut self.0), self.1));
    }
}

/// Whether the event has a call to the district under way.
fn under_way(path: &Path, event: i64) -> bool {
    calls().contains(&(path.to_path_buf(), event))
}

/// Why a call to the district did not start.
const NO_FILE: &str = "数据库正在换密码,请稍后再和全区联系";
const ALREADY: &str = "这场活动正在和全区联系,请等它有了回音再点";

/// This part's `message` as the events page's.
fn page(message: Message) -> super::Message {
    super::Message::Event(super::event::Message::District(message))
}

/// `work` with the district on a connection of its own to the database, its answer brought
/// back as `answer`; for an `event`, only when no other call for it is under way.
fn in_background<T: Send + 'static>(
    db: &Db,
    event: Option<i64>,
    work: impl FnOnce(&mut Db) -> hongniang_district::Result<T> + Send + 'static,
    answer: impl Fn(Result<T, String>) -> Message + Send + 'static,
) -> Result<Task<super::Message>, &'static str> {
    let path = db.path().ok_or(NO_FILE)?;
    let guard = match event {
        Some(event) => Some(UnderWay::start(&path, event).ok_or(ALREADY)?),
        None => None,
    };
    Ok(jobs::district(path, move |db| {
        let outcome = work(db);
        drop(guard);
        outcome
    })
    .map(move |outcome| page(answer(outcome))))
}

/// What to say of an answer that comes when its event is no longer open (the volunteer went
/// back to the list or to another page): the words are not lost.
pub fn answer_words(message: &Message) -> Option<String> {
    match message {
        Message::Invited(_, Ok(words) | Err(words)) | Message::Synced(_, words) => {
            Some(words.clone())
        }
        _ => None,
    }
}

/// 与全区同步 for one event on a connection of its own: `done` said when it went through,
/// `failed(why)` when not.
fn sync_in_background(
    db: &Db,
    actor: &Actor,
    event: i64,
    done: String,
    failed: impl Fn(String) -> String + Send + 'static,
) -> Result<Task<super::Message>, &'static str> {
    let actor = actor.clone();
    in_background(
        db,
        Some(event),
        move |db| hongniang_district::station::sync_event_station(db, &actor, event),
        move |outcome| Message::Synced(event, outcome.map_or_else(&failed, |()| done.clone())),
    )
}

/// After 互选结果 were confirmed at a 全区联谊 (saying `confirmed`): this station's pairs with
/// other stations' guests go to the district now, on a connection of its own (or at the next
/// sync when it cannot be reached).
pub fn send_confirmed(db: &Db, actor: &Actor, event: i64, confirmed: String) -> Effect {
    let then = confirmed.clone();
    let send = sync_in_background(
        db,
        actor,
        event,
        format!("{confirmed}。和其他站点嘉宾的互选已送到全区:两站都确认后记入牵线记录"),
        move |error| {
            format!("{then}。和其他站点嘉宾的互选还没送到全区({error}),下次全区同步时会送去")
        },
    );
    let send = match send {
        Ok(send) => send,
        Err(why) => {
            return Effect::Changed(Some(format!(
                "{confirmed}。和其他站点嘉宾的互选这次没有送去({why}),下次全区同步时会送去"
            )));
        }
    };
    let meanwhile = Message::Started(
        event,
        format!("{confirmed}。正在把和其他站点嘉宾的互选送到全区……"),
    );
    Effect::Page(PageAction::Run(Task::done(page(meanwhile)).chain(send)))
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
    pub fn new(db: &Db) -> Shared {
        Shared {
            path: db.path(),
            ..Shared::default()
        }
    }

    /// Whether the shown event has a call to the district under way: its buttons wait.
    fn busy(&self, event: i64) -> bool {
        self.path.as_deref().is_some_and(|p| under_way(p, event))
    }

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
                let focus = iced::widget::operation::focus(STATIONS_ID);
                let known = in_background(
                    db,
                    None,
                    |db| hongniang_district::station::stations_to_invite_station(db),
                    Message::Known,
                );
                Effect::Page(PageAction::Run(match known {
                    Ok(known) => Task::batch([focus, known]),
                    Err(_) => focus,
                }))
            }
            // Not reached: the codes are typed all the same (the form says to ask for them).
            Message::Known(known) => {
                self.known = known.unwrap_or_default();
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
                let actor = actor.clone();
                let names = invited.join("、");
                let share = in_background(
                    db,
                    Some(id),
                    move |db| {
                        hongniang_district::station::share_event_station(db, &actor, id, &invited)
                    },
                    move |outcome| {
                        Message::Invited(
                            id,
                            outcome.map(|link| format!(
                                "已改为全区联谊,邀请了 {names}:他们同步后就能报名自己的会员。本站嘉宾的胸牌号是 {}–{}",
                                link.first_badge,
                                link.last_badge()
                            )),
                        )
                    },
                );
                match share {
                    Ok(share) => Effect::Page(PageAction::Run(share)),
                    Err(why) => Effect::Say(why.into()),
                }
            }
            Message::Invited(event, outcome) => match outcome {
                Ok(words) => {
                    if event == id {
                        self.inviting = false;
                        self.stations.clear();
                    }
                    changed(event == id, words)
                }
                // What was typed stays, to be mended.
                Err(error) => Effect::Say(error),
            },
            Message::Sync => {
                let done = if shown.event.matched {
                    "已和全区同步这场活动:其他站点的嘉宾和互选结果已取回"
                } else {
                    "已和全区同步这场活动:本站的名单和心动卡已送去,其他站点的嘉宾已取回"
                };
                let sync = sync_in_background(db, actor, id, done.into(), |error| error);
                match sync {
                    Ok(sync) => Effect::Page(PageAction::Run(sync)),
                    Err(why) => Effect::Say(why.into()),
                }
            }
            Message::Started(event, words) | Message::Synced(event, words) => {
                changed(event == id, words)
            }
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
                        if self.busy(event.id) {
                            widget::secondary("正在和全区同步……", None)
                        } else {
                            widget::secondary("与全区同步", Some(Message::Sync))
                        },
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
                    if self.busy(event.id) {
                        widget::primary("正在邀请……", None)
                    } else {
                        widget::primary("邀请", Some(Message::InviteYes))
                    },
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

/// `words` said, the event read again if it is the one still open (another may be by now).
fn changed(this_event: bool, words: String) -> Effect {
    if this_event {
        Effect::Changed(Some(words))
    } else {
        Effect::Say(words)
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
