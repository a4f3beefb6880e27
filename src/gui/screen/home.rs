//! 首页: the station at a glance, the things done most on an open day, the members waiting
//! longest for an introduction (one click to 配对), the introductions due for a follow-up call
//! (回访), and the registrations to confirm by a call (回访确认), the longest first.

use crate::data::availability::{OutOfReach, Reconfirm, Waiting};
use crate::data::consent::AwaitingOwn;
use crate::data::district::{DistrictRequest, RequestAnswer};
use crate::data::events::EventFollowUp;
use crate::data::introductions::{Contact, FollowUp, Unanswered};
use crate::data::meetings::Upcoming;
use crate::data::members::MemberCounts;
use crate::data::open_days::Visitor;
use crate::gui::{style, widget};
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    Register,
    Members,
    Pair,
    OpenIntroduction(i64),
    OpenMember(i64),
    /// 配对 for a member of the worklist.
    PairMember(i64),
    /// 待答复: close an introduction whose side never answered as 未成 (对方未答复).
    CloseUnanswered(i64),
    /// 多次没联系上: pause the member as 联系不上.
    PauseOutOfReach(i64),
    /// 待本人确认: the book whose sheets all carry the member's own signature, asked first
    /// (`Some`), then confirmed; `None` takes the question back.
    AskBook(Option<String>),
    ConfirmBook(String),
    /// The upgrade's note was read.
    DismissUpgradeNotes,
    /// 约见面: both phones of a meeting's introduction in full (recorded).
    RevealMeeting(i64),
    /// 来电来访.
    Enquiry(super::enquiry::Message),
    /// 值班表.
    Rota(super::rota::Message),
    /// 等待介绍 and 回访确认, worked out in the background (they read the whole history).
    ListsReady(Result<Lists, String>),
    /// 开放日's counter: one more (or one less, a mistake undone) visitor today.
    CountVisitor(Visitor, i32),
    /// 全区介绍请求: the reason typed for an answer, the answer, and what came of it.
    RequestReason(i64, String),
    AnswerRequest(i64, RequestAnswer),
    RequestAnswered(Result<String, String>),
}

/// The two lists of 首页 that read every member's history: too slow for the UI thread at a
/// large station, so they are worked out on a connection of their own.
#[derive(Debug, Clone)]
pub struct Lists {
    /// 等待介绍: the longest waiting first (at most a page), with the count of all.
    pub waiting: (Vec<Waiting>, usize),
    /// 回访确认: registrations nobody has seen or reached for a year.
    pub reconfirm: (Vec<Reconfirm>, usize),
}

impl Lists {
    pub fn read(db: &crate::data::Db, today: chrono::NaiveDate) -> crate::data::Result<Self> {
        Ok(Self {
            waiting: db.waiting_members(today, SHOWN)?,
            reconfirm: db.reconfirm_due(today, SHOWN)?,
        })
    }
}

/// One line of a list on 首页: a striped button the width of the page.
fn list_row<'a>(
    i: usize,
    content: impl Into<Element<'a, Message>>,
    message: Message,
) -> Element<'a, Message> {
    iced::widget::button(content)
        .width(Length::Fill)
        .padding([10, 14])
        .style(style::buttons::row(i % 2 == 1, false))
        .on_press(message)
        .into()
}

/// Reminders listed on the page; the rest are counted.
const SHOWN: usize = 8;

pub struct Home {
    /// The last backup failed or is old (not shown for the demo database).
    pub backup_warning: Option<String>,
    pub counts: Result<MemberCounts, String>,
    pub follow_ups: Result<Vec<FollowUp>, String>,
    pub follow_up_days: u32,
    /// 待答复: agreements asked and not answered for `answer_days`.
    pub unanswered: Result<Vec<Unanswered>, String>,
    pub answer_days: u32,
    /// What came of closing one as 未成 (对方未答复), or why not.
    pub closed: Option<Result<String, String>>,
    /// 多次没联系上: members the last calls never reached, to pause as 联系不上.
    pub out_of_reach: Result<Vec<OutOfReach>, String>,
    /// 待本人确认: registered by someone else, their own yes not recorded (a page, the count),
    /// and their books with how many wait in each.
    pub awaiting_own: Result<(Vec<AwaitingOwn>, usize), String>,
    pub books: Vec<(String, usize)>,
    /// The book whose 整册已确认 is being asked.
    pub book_asked: Option<String>,
    /// What the last upgrade of the file changed, said once.
    pub upgrade_notes: Vec<String>,
    /// 约见面: today's and tomorrow's, and those whose day passed without feedback; each
    /// introduction's contacts (masked until revealed).
    pub meetings: Result<(Vec<Upcoming>, Vec<Upcoming>), String>,
    pub meeting_contacts: std::collections::HashMap<i64, Vec<Contact>>,
    pub enquiry: super::enquiry::Panel,
    pub rota: super::rota::Panel,
    /// 待核对: members whose imported values or signature a volunteer must still look at.
    pub to_check: Result<(Vec<crate::data::checks::MemberToCheck>, usize), String>,
    /// 等待介绍 and 回访确认: `None` until they arrive from the background.
    pub lists: Option<Result<Lists, String>>,
    /// The lists were asked for (once per page shown).
    pub lists_asked: bool,
    pub waiting_days: u32,
    /// Today's visitors so far: singles, parents.
    pub visitors: (u32, u32),
    /// 活动回访: event matches due for their call at 3 days, 3 weeks, 3 months.
    pub event_follow_ups: Result<Vec<EventFollowUp>, String>,
    /// 全区介绍请求: to answer, waiting, or answered in the last days.
    pub requests: Vec<DistrictRequest>,
    /// The reason typed for each request to answer.
    pub reasons: std::collections::HashMap<i64, String>,
    /// The request whose answer is on its way to the server.
    pub answering: Option<i64>,
    /// What came of the last answer.
    pub answered: Option<Result<String, String>>,
}

/// The requests worth a look on 首页 (the rule is the core's: `DistrictRequest::shown_on`).
pub fn requests_to_show(db: &crate::data::Db, today: chrono::NaiveDate) -> Vec<DistrictRequest> {
    db.district_requests_to_show(today).unwrap_or_default()
}

impl Home {
    /// The last backup failed or is old (never said of a demo database, which is never backed
    /// up: the one beside the station's, or any the demo filled).
    pub fn backup_warning(db: &crate::data::Db, is_demo: bool) -> Option<String> {
        if is_demo || db.is_demo().unwrap_or(false) {
            return None;
        }
        db.backup_status()
            .ok()
            .and_then(|status| status.warning(chrono::Local::now().naive_local()))
    }

    /// The masked contacts of the meetings listed (no one is named as having seen them).
    fn meeting_contacts_of(&mut self, db: &crate::data::Db) {
        let Ok((coming, _)) = &self.meetings else {
            return;
        };
        for u in coming.iter().take(SHOWN) {
            let id = u.meeting.introduction_id;
            if let Ok(Some(contacts)) =
                db.introduction_contacts(&crate::data::Actor::terminal(), id, false)
            {
                self.meeting_contacts.entry(id).or_insert(contacts);
            }
        }
    }

    /// The page as the database has it now.
    pub fn new(
        db: &crate::data::Db,
        is_demo: bool,
        actor: &crate::data::Actor,
        today: chrono::NaiveDate,
    ) -> Self {
        let mut home = Self::read(db, is_demo, actor, today);
        home.meeting_contacts_of(db);
        home
    }

    fn read(
        db: &crate::data::Db,
        is_demo: bool,
        actor: &crate::data::Actor,
        today: chrono::NaiveDate,
    ) -> Self {
        let follow_up_days = db
            .follow_up_days()
            .unwrap_or(crate::data::introductions::DEFAULT_FOLLOW_UP_DAYS);
        let answer_days = db
            .answer_days()
            .unwrap_or(crate::data::introductions::DEFAULT_ANSWER_DAYS);
        Self {
            backup_warning: Self::backup_warning(db, is_demo),
            counts: db.member_counts(today).map_err(|e| e.to_string()),
            follow_ups: db
                .follow_ups(follow_up_days, today)
                .map_err(|e| e.to_string()),
            follow_up_days,
            unanswered: db.unanswered(answer_days, today).map_err(|e| e.to_string()),
            answer_days,
            closed: None,
            out_of_reach: db.out_of_reach().map_err(|e| e.to_string()),
            awaiting_own: db.awaiting_own_consent(SHOWN).map_err(|e| e.to_string()),
            books: db.awaiting_books().unwrap_or_default(),
            book_asked: None,
            upgrade_notes: db.upgrade_notes().unwrap_or_default(),
            meetings: db
                .upcoming_meetings(today, today + chrono::Days::new(1))
                .map_err(|e| e.to_string()),
            meeting_contacts: std::collections::HashMap::new(),
            enquiry: super::enquiry::Panel::read(db),
            rota: super::rota::Panel::read(db, actor, today),
            to_check: db.members_to_check(SHOWN).map_err(|e| e.to_string()),
            lists: None,
            lists_asked: false,
            waiting_days: db
                .waiting_days()
                .unwrap_or(crate::data::availability::DEFAULT_WAITING_DAYS),
            visitors: Self::visitors_of(db, today),
            event_follow_ups: db.event_follow_ups(today).map_err(|e| e.to_string()),
            requests: requests_to_show(db, today),
            reasons: std::collections::HashMap::new(),
            answering: None,
            answered: None,
        }
    }

    /// 全区介绍请求, when there are any.
    fn requests_view(&self, today: chrono::NaiveDate) -> Option<Element<'_, Message>> {
        if self.requests.is_empty() && self.answered.is_none() {
            return None;
        }
        let mut list = column![widget::muted(
            "其他站点请本站问问会员的意愿,或本站发出的请求。同意后,两站的红娘通电话交换联系方式。"
        )]
        .spacing(10);
        match &self.answered {
            Some(Ok(done)) => list = list.push(text(done).size(style::TEXT).color(style::GREEN)),
            Some(Err(error)) => list = list.push(text(error).size(style::TEXT).color(style::ERROR)),
            None => {}
        }
        for r in &self.requests {
            let card = r.partner.as_ref().map_or(r.partner_key.clone(), |p| {
                [
                    format!("{} {}", p.key, p.surname_title),
                    format!("{} 岁", p.birth.age_on(today)),
                    p.height_cm.map_or(String::new(), |h| format!("{h} 厘米")),
                    p.education.map_or(String::new(), |e| e.label().to_string()),
                    p.occupation.clone(),
                ]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ")
            });
            let title = if r.sent {
                format!(
                    "本站请求 {}站:{} 与 {card}",
                    r.partner_station, r.member_name
                )
            } else {
                format!(
                    "{}站请求介绍:{card} 与 本站 {}",
                    r.partner_station, r.member_name
                )
            };
            let mut item = column![
                text(title).size(style::TEXT),
                text(r.state_text())
                    .size(style::SMALL)
                    .color(match r.answer {
                        None => style::AMBER,
                        Some(RequestAnswer::Accepted) => style::GREEN,
                        Some(RequestAnswer::Declined) => style::MUTED,
                    }),
            ]
            .spacing(4);
            if !r.note.is_empty() {
                item = item.push(widget::muted(format!("留言:{}", r.note)));
            }
            if r.answer == Some(RequestAnswer::Accepted) && !r.reason.trim().is_empty() {
                item = item.push(widget::muted(format!("答复时写:{}", r.reason.trim())));
            }
            match (r.introduction_id, r.introduction_text()) {
                (None, Some(why_not)) => {
                    item = item.push(text(why_not).size(style::SMALL).color(style::AMBER));
                }
                (Some(introduction), Some(where_it_is)) => {
                    item = item.push(
                        row![
                            widget::muted(where_it_is),
                            widget::secondary(
                                "打开牵线记录",
                                Some(Message::OpenIntroduction(introduction))
                            ),
                        ]
                        .spacing(style::SPACING)
                        .align_y(Alignment::Center)
                        .wrap()
                        .vertical_spacing(8),
                    );
                }
                _ => {}
            }
            if !r.sent && r.answer.is_none() {
                let id = r.id;
                let busy = self.answering.is_some();
                item = item.push(
                    row![
                        iced::widget::text_input(
                            "给对方红娘的话:不同意的理由,或同意时怎么联系本站",
                            self.reasons.get(&id).map_or("", String::as_str)
                        )
                        .on_input(move |reason| Message::RequestReason(id, reason))
                        .size(style::TEXT)
                        .padding(style::INPUT_PADDING)
                        .style(style::input(false))
                        .width(320),
                        widget::primary(
                            "本人同意介绍",
                            (!busy).then_some(Message::AnswerRequest(id, RequestAnswer::Accepted))
                        ),
                        widget::secondary(
                            "不同意",
                            (!busy).then_some(Message::AnswerRequest(id, RequestAnswer::Declined))
                        ),
                    ]
                    .spacing(style::SPACING)
                    .align_y(Alignment::Center)
                    .wrap()
                    .vertical_spacing(8),
                );
            }
            list = list.push(item);
        }
        Some(widget::section("全区介绍请求", list))
    }

    /// Today's visitor counts as the database has them.
    pub fn visitors_of(db: &crate::data::Db, today: chrono::NaiveDate) -> (u32, u32) {
        match db.open_day(today) {
            Ok(Some(day)) => (day.singles, day.parents),
            _ => (0, 0),
        }
    }

    pub fn view<'a>(
        &'a self,
        station: &'a str,
        on_duty: Option<&'a str>,
        today: chrono::NaiveDate,
    ) -> Element<'a, Message> {
        let greeting = match on_duty {
            Some(name) => format!("{today} · 今天值班:{name}"),
            None => today.to_string(),
        };
        let big = |label: &'a str, message: Message| {
            widget::primary(label, Some(message)).padding([18, 36])
        };
        let mut page = column![
            text(station).size(style::TITLE).color(style::INK),
            widget::muted(greeting),
            self.figures(),
            row![
                big("登记新会员", Message::Register),
                widget::secondary("配对", Some(Message::Pair)).padding([18, 36]),
                widget::secondary("查看会员名单", Some(Message::Members)).padding([18, 36])
            ]
            .spacing(style::GAP)
            .wrap()
            .vertical_spacing(8),
            self.visitors_view(),
            self.enquiry.view().map(Message::Enquiry),
            self.rota.view(today).map(Message::Rota),
        ]
        .spacing(style::GAP + 4.0);
        for note in &self.upgrade_notes {
            page = page.push(widget::banner(
                row![
                    text(note).size(style::TEXT).width(Length::Fill),
                    widget::secondary("知道了", Some(Message::DismissUpgradeNotes)),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
                style::containers::warning_banner,
            ));
        }
        if let Some(warning) = &self.backup_warning {
            page = page.push(widget::banner(
                text(warning).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        if let Some(requests) = self.requests_view(today) {
            page = page.push(requests);
        }
        if let Some(meetings) = self.meetings_view(today) {
            page = page.push(meetings);
        }
        page = page.push(self.waiting_view(today));
        if let Some(unanswered) = self.unanswered_view() {
            page = page.push(unanswered);
        }
        if let Some(out_of_reach) = self.out_of_reach_view() {
            page = page.push(out_of_reach);
        }
        if let Some(awaiting) = self.awaiting_own_view() {
            page = page.push(awaiting);
        }
        page = page.push(self.follow_ups_view());
        if let Some(events) = self.event_follow_ups_view() {
            page = page.push(events);
        }
        if let Some(reconfirm) = self.reconfirm_view() {
            page = page.push(reconfirm);
        }
        if let Some(to_check) = self.to_check_view() {
            page = page.push(to_check);
        }
        iced::widget::scrollable(page.padding(iced::Padding {
            right: 16.0,
            ..iced::Padding::ZERO
        }))
        .height(Length::Fill)
        .into()
    }

    /// The four figures at the top: 会员总数, 在册会员, 本月新登记, 今天新登记.
    fn figures(&self) -> Element<'_, Message> {
        match &self.counts {
            Ok(counts) => row![
                tile("会员总数", counts.total),
                tile("在册会员", counts.active),
                tile("本月新登记", counts.registered_this_month),
                tile("今天新登记", counts.registered_today),
            ]
            .spacing(8)
            .wrap()
            .vertical_spacing(8)
            .into(),
            Err(error) => widget::banner(
                text(format!("统计数字读取失败:{error}")).size(style::TEXT),
                style::containers::error_banner,
            ),
        }
    }

    /// 待答复: the sides asked whether they agree and silent for `answer_days`; after twice as
    /// many a button closes the introduction as 未成 (对方未答复). Nothing when there is none.
    fn unanswered_view(&self) -> Option<Element<'_, Message>> {
        let said = self.closed.as_ref().map(|closed| match closed {
            Ok(words) => text(words.as_str()).size(style::TEXT).color(style::GREEN),
            Err(why) => text(why.as_str()).size(style::TEXT).color(style::ERROR),
        });
        let waiting = match &self.unanswered {
            Err(error) => {
                return Some(widget::banner(
                    text(format!("待答复读取失败:{error}")).size(style::TEXT),
                    style::containers::error_banner,
                ));
            }
            Ok(waiting) if waiting.is_empty() && said.is_none() => return None,
            Ok(waiting) => waiting,
        };
        let mut list = column![widget::muted(format!(
            "问过同不同意、超过 {} 天还没有答复的(等满 {} 天可以记为未成):",
            self.answer_days,
            2 * self.answer_days
        ))]
        .spacing(8);
        for (i, u) in waiting.iter().take(SHOWN).enumerate() {
            let intro = &u.introduction;
            // One text that wraps as a whole: beside the button, at 特大, there is little room.
            let line = text(format!(
                "{} 与 {}:等{}答复 {} 天",
                intro.name_a,
                intro.name_b,
                u.name(),
                u.days_waited
            ))
            .size(style::TEXT)
            .color(if u.closable { style::RED } else { style::AMBER });
            let open = list_row(i, line, Message::OpenIntroduction(intro.id));
            list = list.push(if u.closable {
                row![
                    container(open).width(Length::Fill),
                    widget::secondary(
                        "记为未成(对方未答复)",
                        Some(Message::CloseUnanswered(intro.id))
                    ),
                ]
                .spacing(8)
                .align_y(Alignment::Center)
                .into()
            } else {
                open
            });
        }
        if waiting.len() > SHOWN {
            list = list.push(widget::muted(format!(
                "还有 {} 条,请到「牵线记录」选“介绍”查看。",
                waiting.len() - SHOWN
            )));
        }
        let list = list.extend(said.map(Element::from));
        Some(widget::section("待答复", list))
    }

    /// 多次没联系上: members the last calls never reached over months; 暂停(联系不上) keeps
    /// anyone from being introduced to them. Nothing when there is none.
    fn out_of_reach_view(&self) -> Option<Element<'_, Message>> {
        let members = match &self.out_of_reach {
            Err(error) => {
                return Some(widget::banner(
                    text(format!("多次没联系上的会员读取失败:{error}")).size(style::TEXT),
                    style::containers::error_banner,
                ));
            }
            Ok(members) if members.is_empty() => return None,
            Ok(members) => members,
        };
        let mut list = column![widget::muted(format!(
            "最近 {} 次回访都没联系上、前后超过 {} 天的会员:先暂停,免得介绍给别人;联系上了再恢复在册。",
            crate::data::availability::UNREACHABLE_CALLS,
            crate::data::availability::UNREACHABLE_SPAN_DAYS
        ))]
        .spacing(8);
        for (i, m) in members.iter().take(SHOWN).enumerate() {
            let line = text(format!(
                "{} {} · {} 至 {} 都没联系上",
                m.name, m.number, m.first_try, m.last_try
            ))
            .size(style::TEXT);
            list = list.push(
                row![
                    container(list_row(i, line, Message::OpenMember(m.member_id)))
                        .width(Length::Fill),
                    widget::secondary(
                        "暂停(联系不上)",
                        Some(Message::PauseOutOfReach(m.member_id))
                    ),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        if members.len() > SHOWN {
            list = list.push(widget::muted(format!(
                "还有 {} 位。",
                members.len() - SHOWN
            )));
        }
        Some(widget::section("多次没联系上", list))
    }

    /// 约见面: today's and tomorrow's meetings with both phones (masked; 显示号码 is recorded),
    /// and those whose day passed without their feedback; a row opens the introduction.
    fn meetings_view(&self, today: chrono::NaiveDate) -> Option<Element<'_, Message>> {
        let (coming, overdue) = match &self.meetings {
            Err(error) => {
                return Some(widget::banner(
                    text(format!("约见面读取失败:{error}")).size(style::TEXT),
                    style::containers::error_banner,
                ));
            }
            Ok((coming, overdue)) if coming.is_empty() && overdue.is_empty() => return None,
            Ok(lists) => lists,
        };
        let mut list = column![].spacing(8);
        for (i, u) in coming.iter().take(SHOWN).enumerate() {
            let m = &u.meeting;
            let day = if m.on_date == today {
                "今天"
            } else {
                "明天"
            };
            let time = if m.at_time.is_empty() {
                String::new()
            } else {
                format!(" {}", m.at_time)
            };
            let phones = self
                .meeting_contacts
                .get(&m.introduction_id)
                .map(|contacts| {
                    contacts
                        .iter()
                        .map(|c| format!("{} {}", c.name, c.text()))
                        .collect::<Vec<_>>()
                        .join(";")
                })
                .unwrap_or_default();
            list = list.push(
                row![
                    container(list_row(
                        i,
                        column![
                            text(format!(
                                "{day}{time} · {} · {} 与 {}",
                                m.place, u.name_a, u.name_b
                            ))
                            .size(style::TEXT),
                            widget::muted(phones),
                        ]
                        .spacing(4),
                        Message::OpenIntroduction(m.introduction_id),
                    ))
                    .width(Length::Fill),
                    widget::secondary("显示号码", Some(Message::RevealMeeting(m.introduction_id))),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        if !overdue.is_empty() {
            list = list.push(widget::muted(
                "见面的日子已过、还没记双方反馈的(点开记下见面情况,或改期):",
            ));
            for (i, u) in overdue.iter().take(SHOWN).enumerate() {
                list = list.push(list_row(
                    i,
                    text(format!(
                        "{} 与 {} · 约在 {}",
                        u.name_a,
                        u.name_b,
                        u.meeting.when_and_where()
                    ))
                    .size(style::TEXT),
                    Message::OpenIntroduction(u.meeting.introduction_id),
                ));
            }
        }
        Some(widget::section("约见面", list))
    }

    /// 待本人确认: who waits for their own yes, with the registrant's phone (masked; the member's
    /// page shows it in full, recorded), and a book whose sheets were all signed confirmed at
    /// once after a question.
    fn awaiting_own_view(&self) -> Option<Element<'_, Message>> {
        let (members, total) = match &self.awaiting_own {
            Err(error) => {
                return Some(widget::banner(
                    text(format!("待本人确认的名单读取失败:{error}")).size(style::TEXT),
                    style::containers::error_banner,
                ));
            }
            Ok((_, 0)) => return None,
            Ok((members, total)) => (members, *total),
        };
        let mut list = column![widget::muted(format!(
            "{total} 位会员由父母或亲属代为登记,还没有本人的同意:本人同意前不配对、不介绍、不邀请、不共享。\
             请打电话问本人(或请本人来站签字),点名字在会员资料里记下。"
        ))]
        .spacing(8);
        for (i, m) in members.iter().enumerate() {
            let phone = if m.registrant_phone.is_empty() {
                crate::data::model::mask_phone(&m.phone)
            } else {
                format!(
                    "{} {}",
                    m.registrant.label(),
                    crate::data::model::mask_phone(&m.registrant_phone)
                )
            };
            let registered = m.registered_on.map(|d| d.to_string()).unwrap_or_default();
            list = list.push(list_row(
                i,
                row![
                    text(format!("{} {}", m.name, m.number))
                        .size(style::TEXT)
                        .width(Length::FillPortion(2)),
                    text(format!("{registered} 登记 · 联系 {phone}"))
                        .size(style::TEXT)
                        .width(Length::FillPortion(3)),
                ]
                .spacing(style::SPACING),
                Message::OpenMember(m.member_id),
            ));
        }
        if total > members.len() {
            list = list.push(widget::muted(format!(
                "还有 {} 位。",
                total - members.len()
            )));
        }
        for (book, count) in self.books.iter().take(3) {
            let line: Element<'_, Message> = if self.book_asked.as_deref() == Some(book.as_str()) {
                row![
                    text(format!(
                        "{book} 里这 {count} 位的纸质登记表上,都有会员本人的签字吗?"
                    ))
                    .size(style::TEXT)
                    .width(Length::Fill),
                    widget::primary(
                        "都有,记为本人确认",
                        Some(Message::ConfirmBook(book.clone()))
                    ),
                    widget::secondary("取消", Some(Message::AskBook(None))),
                ]
                .spacing(8)
                .align_y(Alignment::Center)
                .wrap()
                .into()
            } else {
                row![widget::secondary(
                    format!("整册已签字:{book}({count} 位)…"),
                    Some(Message::AskBook(Some(book.clone())))
                ),]
                .into()
            };
            list = list.push(line);
        }
        Some(widget::section("待本人确认", list))
    }

    /// 回访提醒: the ongoing introductions not updated for `follow_up_days`.
    fn follow_ups_view(&self) -> Element<'_, Message> {
        match &self.follow_ups {
            Err(error) => widget::banner(
                text(format!("回访提醒读取失败:{error}")).size(style::TEXT),
                style::containers::error_banner,
            ),
            Ok(due) if due.is_empty() => widget::section(
                "回访提醒",
                widget::muted(format!(
                    "没有需要回访的牵线(超过 {} 天没有更新的会列在这里)。",
                    self.follow_up_days
                )),
            ),
            Ok(due) => {
                let mut list = column![widget::muted(format!(
                    "{} 条进行中的牵线超过 {} 天没有更新,请打电话问问进展:",
                    due.len(),
                    self.follow_up_days
                ))]
                .spacing(8);
                for (i, f) in due.iter().take(SHOWN).enumerate() {
                    let intro = &f.introduction;
                    let overdue = if f.days_overdue == 0 {
                        "今天到期".to_string()
                    } else {
                        format!("已过 {} 天", f.days_overdue)
                    };
                    list = list.push(list_row(
                        i,
                        row![
                            text(format!("{} 与 {}", intro.name_a, intro.name_b))
                                .size(style::TEXT)
                                .width(Length::FillPortion(3)),
                            text(format!("{}({})", intro.stage.label(), intro.stage_on()))
                                .size(style::TEXT)
                                .width(Length::FillPortion(2)),
                            text(format!("上次更新 {}", intro.updated_on))
                                .size(style::TEXT)
                                .width(Length::FillPortion(2)),
                            text(overdue)
                                .size(style::TEXT)
                                .color(style::RED)
                                .width(Length::FillPortion(1)),
                        ]
                        .spacing(style::SPACING),
                        Message::OpenIntroduction(intro.id),
                    ));
                }
                if due.len() > SHOWN {
                    list = list.push(widget::muted(format!(
                        "还有 {} 条,请到「牵线记录」选“进行中”查看。",
                        due.len() - SHOWN
                    )));
                }
                widget::section("回访提醒", list)
            }
        }
    }

    /// 待核对, when imported members still have values or a signature to look at.
    fn to_check_view(&self) -> Option<Element<'_, Message>> {
        match &self.to_check {
            Ok((_, 0)) => None,
            Err(error) => Some(widget::banner(
                text(format!("待核对名单读取失败:{error}")).size(style::TEXT),
                style::containers::error_banner,
            )),
            Ok((members, total)) => {
                let mut list = column![widget::muted(format!(
                    "{total} 位会员从旧登记册导入时有值要核对或待补签,请对照纸质登记册逐个看一下:"
                ))]
                .spacing(8);
                for (i, m) in members.iter().enumerate() {
                    let mut what = m.what.clone();
                    if m.to_sign {
                        what.insert(0, "知情同意待补签".into());
                    }
                    list = list.push(list_row(
                        i,
                        row![
                            text(format!("{} {}", m.name, m.number))
                                .size(style::TEXT)
                                .width(Length::FillPortion(1)),
                            text(what.join(";"))
                                .size(style::TEXT)
                                .width(Length::FillPortion(3)),
                        ]
                        .spacing(style::SPACING),
                        Message::OpenMember(m.member_id),
                    ));
                }
                if *total > members.len() {
                    list = list.push(widget::muted(format!(
                        "还有 {} 位;核对完前面的,后面的会接着列出来。",
                        total - members.len()
                    )));
                }
                Some(widget::section("待核对", list))
            }
        }
    }
}

/// One figure of the top row: the number large, its label below.
fn tile(label: &str, value: u64) -> Element<'_, Message> {
    container(
        column![
            text(value.to_string())
                .size(style::TITLE + 2.0)
                .color(style::RED)
                .wrapping(text::Wrapping::None),
            text(label).size(style::TEXT).wrapping(text::Wrapping::None)
        ]
        .spacing(4)
        .align_x(Alignment::Center),
    )
    .padding(12)
    // Wide enough for "10000" and "本月新登记"; the four fit one line on a 1024 screen
    // at 特大 and wrap below that.
    .center_x(120)
    .style(style::containers::section)
    .into()
}

impl Home {
    /// 开放日's counter: a click for each visitor who comes in.
    fn visitors_view<'a>(&self) -> Element<'a, Message> {
        let (singles, parents) = self.visitors;
        let counter = |label: &'static str, value: u32, visitor: Visitor| -> Element<'a, Message> {
            row![
                text(format!("{label} {value} 人"))
                    .size(style::TEXT)
                    .wrapping(text::Wrapping::None),
                widget::primary("+1", Some(Message::CountVisitor(visitor, 1))),
                widget::secondary(
                    "-1",
                    (value > 0).then_some(Message::CountVisitor(visitor, -1))
                ),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .into()
        };
        container(
            row![
                text("今天来访").size(style::TEXT).color(style::INK),
                counter("单身青年", singles, Visitor::Single),
                counter("家长/亲属", parents, Visitor::Parent),
            ]
            .spacing(style::GAP)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8),
        )
        .padding([8, 14])
        .width(Length::Fill)
        .style(style::containers::section)
        .into()
    }

    /// 活动回访: the matches of 联谊活动 whose 3-day, 3-week or 3-month call is due.
    fn event_follow_ups_view<'a>(&'a self) -> Option<Element<'a, Message>> {
        let due = match &self.event_follow_ups {
            Ok(due) if due.is_empty() => return None,
            Ok(due) => due,
            Err(error) => {
                return Some(widget::banner(
                    text(format!("活动回访读取失败:{error}")).size(style::TEXT),
                    style::containers::error_banner,
                ));
            }
        };
        let mut list = column![widget::muted(format!(
            "{} 对联谊活动上互选成功的嘉宾到了回访的时候(活动后 3 天、3 周、3 个月),打电话问问,记在牵线记录里:",
            due.len()
        ))]
        .spacing(8);
        for (i, f) in due.iter().take(SHOWN).enumerate() {
            let intro = &f.introduction;
            list = list.push(list_row(
                i,
                row![
                    column![
                        text(format!("{} 与 {}", intro.name_a, intro.name_b)).size(style::TEXT),
                        widget::muted(&f.event_title),
                    ]
                    .spacing(2)
                    .width(Length::FillPortion(3)),
                    text(format!("{}回访", f.mark))
                        .size(style::TEXT)
                        .width(Length::FillPortion(1)),
                    text(format!("{} 起", f.due_on))
                        .size(style::TEXT)
                        .color(style::RED)
                        .width(Length::FillPortion(1)),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
                Message::OpenIntroduction(intro.id),
            ));
        }
        if due.len() > SHOWN {
            list = list.push(widget::muted(format!(
                "还有 {} 对;回访记下后,后面的会接着列出来。",
                due.len() - SHOWN
            )));
        }
        Some(widget::section("活动回访", list))
    }

    /// 等待介绍: who has waited longest, each a click from 配对.
    fn waiting_view<'a>(&'a self, today: chrono::NaiveDate) -> Element<'a, Message> {
        let rule = format!(
            "登记后 {} 天还没介绍过的、上次介绍结束后 {} 天没有新介绍的会员会列在这里(天数可在「设置」里改)",
            crate::data::availability::FIRST_INTRODUCTION_DAYS,
            self.waiting_days
        );
        let waiting = match &self.lists {
            None => {
                return widget::section("等待介绍", widget::muted("正在整理等待介绍的名单…"));
            }
            Some(Ok(lists)) => Ok(&lists.waiting),
            Some(Err(error)) => Err(error),
        };
        let (waiting, total) = match waiting {
            Err(error) => {
                return widget::banner(
                    text(format!("等待介绍的名单读取失败:{error}")).size(style::TEXT),
                    style::containers::error_banner,
                );
            }
            Ok((_, 0)) => {
                return widget::section(
                    "等待介绍",
                    widget::muted(format!("没有等得太久的会员。{rule}。")),
                );
            }
            Ok((waiting, total)) => (waiting, *total),
        };
        let mut list = column![widget::muted(format!(
            "{total} 位会员等介绍等得最久,点一下就去为他/她配对:"
        ))]
        .spacing(8);
        for (i, w) in waiting.iter().enumerate() {
            let who = format!(
                "{} {} · {} {} 岁",
                w.name,
                w.number,
                w.gender.label(),
                w.birth.age_on(today)
            );
            list = list.push(list_row(
                i,
                // Two lines, so nothing is squeezed in a small window at large text.
                row![
                    column![
                        text(who).size(style::TEXT),
                        row![
                            text(w.describe())
                                .size(style::TEXT)
                                .color(if w.never_introduced {
                                    style::RED
                                } else {
                                    style::INK
                                }),
                            widget::muted(
                                w.volunteer_name
                                    .as_deref()
                                    .map(|v| format!("红娘 {v}"))
                                    .unwrap_or_default()
                            ),
                        ]
                        .spacing(style::GAP)
                        .wrap()
                        .vertical_spacing(4),
                    ]
                    .spacing(4)
                    .width(Length::Fill),
                    text("配对 ›").size(style::TEXT).color(style::RED),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
                Message::PairMember(w.member_id),
            ));
        }
        if total > waiting.len() {
            list = list.push(widget::muted(format!(
                "还有 {} 位;为前面的介绍后,后面的会接着列出来。",
                total - waiting.len()
            )));
        }
        list = list.push(widget::muted(rule));
        widget::section("等待介绍", list)
    }

    /// 回访确认: registrations not seen or reached for a year, oldest first; `None` when none.
    fn reconfirm_view(&self) -> Option<Element<'_, Message>> {
        let reconfirm = match self.lists.as_ref()? {
            Ok(lists) => Ok(&lists.reconfirm),
            Err(error) => Err(error),
        };
        let (due, total) = match reconfirm {
            Ok((_, 0)) => return None,
            Err(error) => {
                return Some(widget::banner(
                    text(format!("回访确认名单读取失败:{error}")).size(style::TEXT),
                    style::containers::error_banner,
                ));
            }
            Ok((due, total)) => (due, *total),
        };
        let mut list = column![widget::muted(format!(
            "{total} 位在册会员超过 {} 个月没有联系过,请打电话确认是否还在找;打开会员资料记下结果:",
            crate::data::availability::RECONFIRM_MONTHS
        ))]
        .spacing(8);
        for (i, r) in due.iter().enumerate() {
            let tried = r
                .last_try
                .map(|t| format!("{t} 打过没接通"))
                .unwrap_or_default();
            list = list.push(list_row(
                i,
                row![
                    text(format!("{} {} · {}", r.name, r.number, r.gender.label()))
                        .size(style::TEXT)
                        .width(Length::FillPortion(3)),
                    text(format!("上次联系 {}", r.last_seen))
                        .size(style::TEXT)
                        .width(Length::FillPortion(2)),
                    text(tried)
                        .size(style::TEXT)
                        .color(style::AMBER)
                        .width(Length::FillPortion(2)),
                ]
                .spacing(style::SPACING),
                Message::OpenMember(r.member_id),
            ));
        }
        if total > due.len() {
            list = list.push(widget::muted(format!(
                "还有 {} 位;记下前面的回访结果后,后面的会接着列出来。",
                total - due.len()
            )));
        }
        Some(widget::section("回访确认", list))
    }
}
