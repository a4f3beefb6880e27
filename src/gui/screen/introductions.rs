//! 牵线记录: every introduction, filtered by stage, volunteer and date; one opened shows its
//! timeline and takes the next step (A 同意, B 同意, 交换联系方式, 见面, 交往, 登记结婚, 未成 with
//! its reason and side, 撤销上一步) and each side's feedback; the contacts appear only once both
//! agreed and they were exchanged. The rules are the core's: a refused step shows its reason and
//! changes nothing.

use crate::data::introductions::{
    Agreement, Contact, EndReason, EndSide, Filter, Introduction, Side, Stage, Step,
};
use crate::data::model::Volunteer;
use crate::data::{Actor, Db, parse};
use crate::gui::{style, widget};
use chrono::NaiveDate;
use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length};
use std::fmt;
use std::sync::Arc;

pub const PAGE: u64 = 30;
/// Below this width (logical pixels) the list shows 介绍日期, 双方 and 现在 only.
const NARROW: f32 = 720.0;
/// The box that finds one person's introductions by name or member number.
pub const NAME_ID: &str = "history_name";

/// The stage filter: everything, the ongoing ones, or one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageChoice {
    All,
    Ongoing,
    Only(Stage),
}

impl StageChoice {
    fn all() -> Vec<StageChoice> {
        let mut all = vec![StageChoice::All, StageChoice::Ongoing];
        all.extend(Stage::ALL.iter().map(|s| StageChoice::Only(*s)));
        all
    }
}

impl fmt::Display for StageChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StageChoice::All => f.write_str("全部阶段"),
            StageChoice::Ongoing => f.write_str("进行中(介绍、见面、交往)"),
            StageChoice::Only(stage) => f.write_str(stage.label()),
        }
    }
}

/// Who ended an introduction, in the names of its two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideChoice {
    side: EndSide,
    label: String,
}

impl SideChoice {
    fn all(i: &Introduction) -> Vec<SideChoice> {
        EndSide::ALL
            .iter()
            .map(|&side| SideChoice {
                side,
                label: side.describe(&i.name_a, &i.name_b),
            })
            .collect()
    }
}

impl fmt::Display for SideChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolunteerChoice {
    id: Option<i64>,
    name: String,
}

impl fmt::Display for VolunteerChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    /// 知道了 on the floating note.
    DismissNotice,
    Stage(StageChoice),
    Volunteer(VolunteerChoice),
    FromChanged(String),
    ToChanged(String),
    /// Show the boxes of the 介绍 dates.
    ShowDates,
    /// Part of a name, or a member number: the introductions of those members.
    NameChanged(String),
    /// The list read in the background (numbered: only the newest counts).
    Loaded(u64, Arc<Result<(Vec<Introduction>, u64), String>>),
    ClearFilters,
    Page(i64),
    Open(i64),
    Close,
    DateChanged(String),
    NotesChanged(String),
    Advance(Stage),
    /// 确认已登记结婚, after the second look.
    ConfirmMarried,
    CancelMarried,
    Reason(EndReason),
    /// Who ended it.
    EndSide(SideChoice),
    /// A side said yes (A first, then B).
    Agree(Side),
    /// 交换联系方式.
    Exchange,
    /// 显示完整号码 of both sides, once exchanged (recorded in the 操作记录).
    RevealContacts,
    BlockToggled(bool),
    End,
    Undo,
    FeedbackA(String),
    FeedbackB(String),
    SaveFeedback,
    OpenMember(i64),
    /// 做喜报 for a married couple.
    HappyNews,
    /// Now 交往 or married: their other ongoing introductions closed as 未成 (已有对象), or left.
    CloseOthers,
    KeepOthers,
    /// 约见面: arrange, move, cancel, and the feedback after the day.
    Meeting(super::meeting::Message),
}

pub enum Action {
    None,
    Run(iced::Task<Message>),
    /// 返回 on an introduction opened from another page: back there.
    Back,
    OpenMember(i64),
    /// A step was recorded: statuses may have changed.
    Changed,
    /// 做喜报: the preview of the couple's good news.
    Print(crate::data::print::Job),
}

/// The introduction being looked at, with what is being typed for its next step.
struct Opened {
    introduction: Introduction,
    steps: Vec<Step>,
    date: String,
    notes: String,
    reason: Option<EndReason>,
    side: Option<SideChoice>,
    /// Both sides' contacts, once they may be given (masked unless revealed).
    contacts: Option<Vec<Contact>>,
    block: bool,
    feedback_a: String,
    feedback_b: String,
    error: Option<String>,
    /// Where the error is shown: next to what was clicked.
    error_at: Part,
    notice: Option<String>,
    /// 已登记结婚 was clicked: asked again before both members are marked married.
    confirming_marriage: bool,
    meeting: super::meeting::Panel,
    /// After 交往 or 登记结婚: the two's other introductions still going on, offered to close.
    others: Vec<Introduction>,
}

/// The parts of an introduction's page an error can belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Part {
    #[default]
    Top,
    NextStep,
    Undo,
    Feedback,
    Meeting,
}

impl Opened {
    fn load(db: &Db, id: i64) -> Result<Self, String> {
        let introduction = db.introduction(id).map_err(|e| e.to_string())?;
        let steps = db.introduction_steps(id).map_err(|e| e.to_string())?;
        // Masked: no one is named as having seen them.
        let contacts = db
            .introduction_contacts(&Actor::terminal(), id, false)
            .map_err(|e| e.to_string())?;
        let meeting = super::meeting::Panel::load(db, id, crate::data::today())?;
        Ok(Self {
            others: Vec::new(),
            meeting,
            side: None,
            contacts,
            feedback_a: introduction.feedback_a.clone(),
            feedback_b: introduction.feedback_b.clone(),
            introduction,
            steps,
            date: crate::data::today().to_string(),
            notes: String::new(),
            reason: None,
            block: true,
            error: None,
            error_at: Part::Top,
            notice: None,
            confirming_marriage: false,
        })
    }
}

pub struct Introductions {
    stage: StageChoice,
    volunteer: Option<VolunteerChoice>,
    from: String,
    to: String,
    /// A name (or member number) typed to find one person's introductions.
    name: String,
    /// The 介绍 date boxes asked for.
    dates_open: bool,
    /// The newest list asked for; an older answer is dropped.
    loading: u64,
    filter_error: Option<String>,
    page: u64,
    rows: Vec<Introduction>,
    total: u64,
    load_error: Option<String>,
    opened: Option<Opened>,
    /// Opened from another page (a reminder on 首页, a member's page): what 返回 says, and
    /// that it goes back there rather than to the list.
    back: Option<&'static str>,
}

impl Introductions {
    /// The introduction opened, if any: the list and each introduction start at their top.
    pub fn opened_id(&self) -> Option<i64> {
        self.opened.as_ref().map(|o| o.introduction.id)
    }

    pub fn new(db: &Db) -> Self {
        let mut screen = Self {
            stage: StageChoice::All,
            volunteer: None,
            from: String::new(),
            to: String::new(),
            name: String::new(),
            dates_open: false,
            loading: 0,
            filter_error: None,
            page: 0,
            rows: Vec::new(),
            total: 0,
            load_error: None,
            opened: None,
            back: None,
        };
        screen.reload(db);
        screen
    }

    /// The screen with one introduction opened from another page (a member's page or a
    /// reminder); `back` is what its 返回 says.
    pub fn opened(db: &Db, id: i64, back: &'static str) -> Self {
        let mut screen = Self::new(db);
        screen.open(db, id);
        screen.back = Some(back);
        screen
    }

    /// Opened from another page (not from the list of 牵线记录).
    pub fn is_from_elsewhere(&self) -> bool {
        self.back.is_some()
    }

    /// Back on the page: the list (and the opened introduction) read again.
    pub fn returned(&mut self, db: &Db) {
        self.reload(db);
        if let Some(id) = self.opened.as_ref().map(|o| o.introduction.id) {
            self.open(db, id);
        }
    }

    /// The number of the newest list asked for (for tests and benchmarks that answer it).
    pub fn generation(&self) -> u64 {
        self.loading
    }

    pub fn rows(&self) -> &[Introduction] {
        &self.rows
    }

    pub fn opened_introduction(&self) -> Option<&Introduction> {
        self.opened.as_ref().map(|o| &o.introduction)
    }

    /// The error shown for the opened introduction (a refused step).
    pub fn error(&self) -> Option<&str> {
        self.opened.as_ref().and_then(|o| o.error.as_deref())
    }

    fn open(&mut self, db: &Db, id: i64) {
        match Opened::load(db, id) {
            Ok(opened) => self.opened = Some(opened),
            Err(error) => self.load_error = Some(error),
        }
    }

    fn filter(&mut self) -> Filter {
        let (from, to, problem) = parse::period(&self.from, &self.to);
        self.filter_error = problem;
        Filter {
            stage: match self.stage {
                StageChoice::Only(stage) => Some(stage),
                _ => None,
            },
            ongoing: self.stage == StageChoice::Ongoing,
            volunteer_id: self.volunteer.as_ref().and_then(|v| v.id),
            from,
            to,
            member: None,
            name: Some(self.name.clone()),
        }
    }

    fn reload(&mut self, db: &Db) {
        // A newer list supersedes any still being read in the background.
        self.loading = crate::gui::jobs::next_generation();
        let filter = self.filter();
        let found = db
            .find_introductions(&filter, self.page * PAGE, PAGE)
            .map_err(|e| e.to_string());
        self.loaded(Arc::new(found));
    }

    /// The list read again on a connection of its own; its answer is [`Message::Loaded`].
    fn reload_later(&mut self, db: &Db) -> Action {
        let Some(path) = db.path() else {
            self.reload(db);
            return Action::None;
        };
        self.loading = crate::gui::jobs::next_generation();
        let generation = self.loading;
        let filter = self.filter();
        let offset = self.page * PAGE;
        Action::Run(crate::gui::jobs::read(
            path,
            move |db| db.find_introductions(&filter, offset, PAGE),
            move |found| Message::Loaded(generation, Arc::new(found)),
        ))
    }

    fn loaded(&mut self, found: Arc<Result<(Vec<Introduction>, u64), String>>) {
        match found.as_ref() {
            Ok((rows, total)) => {
                self.rows = rows.clone();
                self.total = *total;
                self.load_error = None;
            }
            Err(error) => self.load_error = Some(error.clone()),
        }
    }

    pub fn update(&mut self, message: Message, db: &mut Db, actor: &Actor) -> Action {
        let today = crate::data::today();
        match message {
            Message::Stage(stage) => {
                self.stage = stage;
                self.page = 0;
                self.reload(db);
            }
            Message::Volunteer(choice) => {
                self.volunteer = Some(choice);
                self.page = 0;
                self.reload(db);
            }
            // What is typed (a date, a name) is looked up off the UI thread: counting tens of
            // thousands of introductions takes longer than a keystroke may.
            Message::FromChanged(from) => {
                self.from = from;
                self.page = 0;
                return self.reload_later(db);
            }
            Message::ToChanged(to) => {
                self.to = to;
                self.page = 0;
                return self.reload_later(db);
            }
            Message::ShowDates => self.dates_open = true,
            Message::NameChanged(name) => {
                self.name = name;
                self.page = 0;
                return self.reload_later(db);
            }
            Message::Loaded(generation, found) => {
                if generation == self.loading {
                    self.loaded(found);
                }
            }
            Message::ClearFilters => {
                self.name.clear();
                self.dates_open = false;
                self.stage = StageChoice::All;
                self.volunteer = None;
                self.from.clear();
                self.to.clear();
                self.page = 0;
                self.reload(db);
            }
            Message::Page(delta) => {
                let last = self.total.saturating_sub(1) / PAGE;
                self.page = self.page.saturating_add_signed(delta).min(last);
                self.reload(db);
            }
            Message::Open(id) => self.open(db, id),
            Message::Close if self.back.is_some() => return Action::Back,
            Message::Close => {
                self.opened = None;
                self.reload(db);
            }
            Message::OpenMember(id) => return Action::OpenMember(id),
            message => {
                let Some(opened) = &mut self.opened else {
                    return Action::None;
                };
                return opened.update(message, db, actor, today);
            }
        }
        Action::None
    }

    pub fn view(&self, volunteers: &[Volunteer]) -> Element<'_, Message> {
        let notice = self.opened.as_ref().and_then(|o| o.notice.as_deref());
        widget::with_toast(self.page(volunteers), notice, Message::DismissNotice)
    }

    fn page(&self, volunteers: &[Volunteer]) -> Element<'_, Message> {
        if let Some(opened) = &self.opened {
            return opened.view(self.back.unwrap_or("返回列表"));
        }
        let mut volunteer_choices = vec![VolunteerChoice {
            id: None,
            name: "全部红娘".into(),
        }];
        volunteer_choices.extend(volunteers.iter().map(|v| VolunteerChoice {
            id: Some(v.id),
            name: v.name.clone(),
        }));
        let mut filters = row![
            text_input("姓名或会员编号", &self.name)
                .id(NAME_ID)
                .on_input(Message::NameChanged)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .width(180)
                .style(style::input(false)),
            pick_list(StageChoice::all(), Some(self.stage), Message::Stage)
                .text_size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::pick_list),
            pick_list(
                volunteer_choices,
                Some(self.volunteer.clone().unwrap_or(VolunteerChoice {
                    id: None,
                    name: "全部红娘".into(),
                })),
                Message::Volunteer
            )
            .text_size(style::TEXT)
            .padding(style::INPUT_PADDING)
            .style(style::pick_list),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);
        // The dates of 介绍 fold away until asked for (or set), to leave the rows the room.
        let dates_shown = self.dates_open || !self.from.is_empty() || !self.to.is_empty();
        if !dates_shown {
            filters = filters.push(widget::secondary("按介绍日期…", Some(Message::ShowDates)));
        }
        filters = filters.push(widget::secondary("清除条件", Some(Message::ClearFilters)));
        let mut page = column![filters.wrap().vertical_spacing(8)].spacing(style::SPACING);
        if dates_shown {
            page = page.push(
                row![
                    text("介绍日期").size(style::LABEL),
                    widget::date_input("从 2026-01-01", &self.from, Message::FromChanged, false),
                    text("到").size(style::LABEL),
                    widget::date_input("到 2026-12-31", &self.to, Message::ToChanged, false),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .wrap()
                .vertical_spacing(8),
            );
        }
        for error in [&self.filter_error, &self.load_error].into_iter().flatten() {
            page = page.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        let last = self.total.saturating_sub(1) / PAGE;
        page = page.push(
            row![
                text(format!(
                    "共 {} 条 · 第 {} / {} 页",
                    self.total,
                    self.page + 1,
                    last + 1
                ))
                .size(style::TEXT),
                iced::widget::space::horizontal(),
                widget::secondary("上一页", (self.page > 0).then_some(Message::Page(-1))),
                widget::secondary("下一页", (self.page < last).then_some(Message::Page(1))),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center),
        );
        // A narrow page (large text, a small screen) keeps 介绍日期, 双方 and 现在 on one line.
        let table = iced::widget::responsive(move |size| self.table(size.width < NARROW));
        page.push(table).into()
    }

    fn table(&self, narrow: bool) -> Element<'_, Message> {
        let mut rows = column![].spacing(2);
        rows = rows.push(
            container(line(
                "介绍日期".into(),
                "双方".into(),
                "现在".into(),
                "最后更新".into(),
                "红娘".into(),
                style::INK,
                narrow,
            ))
            .padding([6, 14])
            .style(style::containers::table_header),
        );
        if self.rows.is_empty() {
            rows = rows.push(widget::muted("没有符合条件的牵线记录。"));
        }
        for (i, intro) in self.rows.iter().enumerate() {
            rows = rows.push(
                button(line(
                    intro.introduced_on.to_string(),
                    format!("{} — {}", intro.name_a, intro.name_b),
                    if narrow {
                        stage_word(intro)
                    } else {
                        stage_text(intro)
                    },
                    intro.updated_on.to_string(),
                    intro.volunteer_name.clone().unwrap_or_default(),
                    stage_color(intro.stage),
                    narrow,
                ))
                .width(Length::Fill)
                .padding([7, 14])
                .style(style::buttons::row(i % 2 == 1, false))
                .on_press(Message::Open(intro.id)),
            );
        }
        scrollable(rows).height(Length::Fill).into()
    }
}

/// The list's line; `narrow` leaves out 最后更新 and 红娘.
fn line<'a>(
    date: String,
    pair: String,
    stage: String,
    updated: String,
    volunteer: String,
    stage_color: iced::Color,
    narrow: bool,
) -> Element<'a, Message> {
    let mut line = row![
        text(date).size(style::TEXT).width(110),
        text(pair)
            .size(style::TEXT)
            .width(Length::FillPortion(3))
            .wrapping(text::Wrapping::None),
        text(stage)
            .size(style::TEXT)
            .color(stage_color)
            .width(Length::FillPortion(if narrow { 2 } else { 3 })),
    ]
    .spacing(style::SPACING);
    if !narrow {
        line = line
            .push(text(updated).size(style::TEXT).width(120))
            .push(text(volunteer).size(style::TEXT).width(100));
    }
    line.into()
}

/// "见面" / "未成:失去联系": the stage without its date, for a narrow list.
fn stage_word(intro: &Introduction) -> String {
    match (intro.stage, intro.end_reason) {
        (Stage::Ended, Some(reason)) => format!("未成:{}", reason.label()),
        (stage, _) => stage.label().to_string(),
    }
}

/// "见面(2026-10-05)" / "未成:失去联系(2026-11-01)".
fn stage_text(intro: &Introduction) -> String {
    match (intro.stage, intro.end_reason) {
        (Stage::Ended, Some(reason)) => format!("未成:{}({})", reason.label(), intro.stage_on()),
        (stage, _) => format!("{}({})", stage.label(), intro.stage_on()),
    }
}

fn stage_color(stage: Stage) -> iced::Color {
    match stage {
        Stage::Married => style::GREEN,
        Stage::Ended => style::MUTED,
        _ => style::INK,
    }
}

impl Opened {
    fn update(&mut self, message: Message, db: &mut Db, actor: &Actor, today: NaiveDate) -> Action {
        self.error = None;
        self.notice = None;
        self.error_at = match &message {
            Message::Advance(_)
            | Message::ConfirmMarried
            | Message::End
            | Message::Agree(_)
            | Message::Exchange => Part::NextStep,
            Message::Undo => Part::Undo,
            Message::SaveFeedback => Part::Feedback,
            Message::Meeting(_) => Part::Meeting,
            _ => Part::Top,
        };
        let id = self.introduction.id;
        let date = || parse::date_or_message(&self.date);
        let outcome = match message {
            Message::DateChanged(date) => {
                self.date = date;
                return Action::None;
            }
            Message::NotesChanged(notes) => {
                self.notes = notes;
                return Action::None;
            }
            Message::Reason(reason) => {
                self.reason = Some(reason);
                return Action::None;
            }
            Message::EndSide(side) => {
                self.side = Some(side);
                return Action::None;
            }
            Message::RevealContacts => {
                match db.introduction_contacts(actor, id, true) {
                    Ok(contacts) => self.contacts = contacts,
                    Err(error) => self.error = Some(error.to_string()),
                }
                return Action::None;
            }
            Message::Agree(side) => date().and_then(|date| {
                db.agree_to_introduction(id, side, date, actor, &self.notes, today)
                    .map(|i| format!("已记录:{}同意", i.name_of(side)))
                    .map_err(|e| e.to_string())
            }),
            Message::Exchange => date().and_then(|date| {
                db.exchange_contacts(id, date, actor, &self.notes, today)
                    .map(|_| "已记录:交换联系方式。双方的联系方式见下面".to_string())
                    .map_err(|e| e.to_string())
            }),
            Message::BlockToggled(block) => {
                self.block = block;
                return Action::None;
            }
            Message::FeedbackA(text) => {
                self.feedback_a = text;
                return Action::None;
            }
            Message::FeedbackB(text) => {
                self.feedback_b = text;
                return Action::None;
            }
            Message::Advance(Stage::Married) if !self.confirming_marriage => {
                self.confirming_marriage = true;
                return Action::None;
            }
            Message::CancelMarried => {
                self.confirming_marriage = false;
                return Action::None;
            }
            Message::ConfirmMarried => date().and_then(|date| {
                db.advance_introduction(id, Stage::Married, date, actor, &self.notes, today)
                    .map(|_| format!("已记录:{}", Stage::Married.label()))
                    .map_err(|e| e.to_string())
            }),
            Message::Advance(stage) => date().and_then(|date| {
                db.advance_introduction(id, stage, date, actor, &self.notes, today)
                    .map(|_| format!("已记录:{}", stage.label()))
                    .map_err(|e| e.to_string())
            }),
            Message::End => match (self.reason, &self.side) {
                (None, _) => Err("请先选择未成的原因".to_string()),
                (_, None) => Err("请选择是哪一方结束的".to_string()),
                (Some(reason), Some(side)) => date().and_then(|date| {
                    db.end_introduction(
                        id,
                        (reason, side.side),
                        date,
                        actor,
                        &self.notes,
                        self.block,
                        today,
                    )
                    .map(|_| format!("已记录:未成({})", reason.label()))
                    .map_err(|e| e.to_string())
                }),
            },
            Message::Undo => db
                .undo_introduction_step(id, actor, today)
                .map(|i| format!("已撤销上一步,现在是“{}”", i.stage.label()))
                .map_err(|e| e.to_string()),
            Message::SaveFeedback => db
                .set_introduction_feedbacks(id, &self.feedback_a, &self.feedback_b, actor)
                .map(|_| "反馈已保存".to_string())
                .map_err(|e| e.to_string()),
            Message::KeepOthers => {
                self.others.clear();
                return Action::None;
            }
            Message::CloseOthers => db
                .close_other_introductions(id, actor, today)
                .map(|n| format!("已把另外 {n} 条牵线记为未成(已有对象)"))
                .map_err(|e| e.to_string()),
            Message::HappyNews => {
                return match db.publicity_couple(id) {
                    Ok(_) => Action::Print(crate::data::print::Job::HappyNews {
                        introduction: id,
                        image: false,
                        photo: None,
                    }),
                    Err(error) => {
                        self.error = Some(error.to_string());
                        Action::None
                    }
                };
            }
            Message::Meeting(message) => match self.meeting.update(message, db, actor, id, today) {
                Ok(None) => return Action::None,
                Ok(Some(notice)) => Ok(notice),
                Err(error) => Err(error),
            },
            _ => return Action::None,
        };
        self.after(db, outcome)
    }

    /// After a change: the introduction read again (what was typed in the feedback boxes kept),
    /// and the notice; or the error.
    fn after(&mut self, db: &Db, outcome: Result<String, String>) -> Action {
        let id = self.introduction.id;
        match outcome {
            Ok(notice) => {
                match Opened::load(db, id) {
                    Ok(mut fresh) => {
                        // What was typed in the feedback boxes and not saved yet stays.
                        fresh.feedback_a = std::mem::take(&mut self.feedback_a);
                        fresh.feedback_b = std::mem::take(&mut self.feedback_b);
                        // 交往 or married now: their other introductions are offered to close.
                        fresh.others = db.other_open_introductions(id).unwrap_or_default();
                        *self = fresh;
                    }
                    Err(error) => self.error = Some(error),
                }
                self.notice = Some(notice);
                Action::Changed
            }
            Err(error) => {
                self.error = Some(error);
                Action::None
            }
        }
    }

    fn meeting_count(&self) -> usize {
        self.meeting.count()
    }

    /// The error, when it belongs to `part`.
    fn error_in(&self, part: Part) -> Option<Element<'_, Message>> {
        let message = self.error.as_ref().filter(|_| self.error_at == part)?;
        Some(widget::banner(
            text(message).size(style::TEXT),
            style::containers::error_banner,
        ))
    }

    /// The second look before 已登记结婚: who, and what follows for both.
    fn marriage_question(&self) -> Element<'_, Message> {
        let i = &self.introduction;
        widget::banner(
            column![
                text(format!(
                    "确认 {} 与 {} 已经登记结婚?",
                    i.name_a, i.name_b
                ))
                .size(style::TEXT + 2.0),
                text("确认后两人都标为“已婚”,退出所有配对名单和查询的在册会员;记错了可以用“撤销上一步”恢复。")
                    .size(style::TEXT),
                row![
                    widget::primary("还没有,返回", Some(Message::CancelMarried)),
                    widget::success("确认已登记结婚", Some(Message::ConfirmMarried)),
                ]
                .spacing(style::SPACING)
                .wrap(),
            ]
            .spacing(style::SPACING),
            style::containers::warning_banner,
        )
    }

    fn view(&self, back: &'static str) -> Element<'_, Message> {
        let i = &self.introduction;
        let header = row![
            widget::heading(format!("{} 与 {}", i.name_a, i.name_b)),
            iced::widget::space::horizontal(),
            widget::secondary(back, Some(Message::Close)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);
        let mut sections = vec![self.now_section()];
        if !self.others.is_empty() {
            sections.push(self.others_section());
        }
        sections.push(self.timeline_section());
        if i.stage.is_ongoing() {
            sections.push(self.next_step_section());
        }
        sections.push(self.contacts_section());
        if i.stage.is_ongoing() || self.meeting_count() > 0 {
            sections.push(
                self.meeting
                    .view(
                        i,
                        crate::data::today(),
                        self.error
                            .as_deref()
                            .filter(|_| self.error_at == Part::Meeting),
                    )
                    .map(Message::Meeting),
            );
        }
        let can_undo = i.stage != Stage::Introduced
            || i.a_agreed_on.is_some()
            || i.b_agreed_on.is_some()
            || i.exchanged_on.is_some();
        if can_undo {
            sections.push(self.undo_section());
        }
        sections.push(self.feedback_section());
        column![header, widget::sections(sections)]
            .spacing(style::SPACING)
            .into()
    }

    /// 这条牵线: the stage now, both people's pages, the volunteer and the partner station.
    fn now_section(&self) -> Element<'_, Message> {
        let i = &self.introduction;
        let people = row![
            widget::secondary(
                format!("{} {} 的资料", i.name_a, i.number_a),
                Some(Message::OpenMember(i.member_a))
            ),
            match i.member_b {
                Some(b) => widget::secondary(
                    format!("{} {} 的资料", i.name_b, i.number_b),
                    Some(Message::OpenMember(b)),
                ),
                // Another station's member: no page here, their station follows them.
                None => widget::secondary(format!("{} {}", i.name_b, i.number_b), None),
            },
        ]
        .spacing(style::SPACING)
        .wrap()
        .vertical_spacing(8);
        let mut now = column![
            text(format!("现在:{}", i.stage_text()))
                .size(style::TEXT + 2.0)
                .color(stage_color(i.stage)),
            people,
        ]
        .spacing(style::SPACING);
        if let Some(name) = &i.volunteer_name {
            now = now.push(widget::muted(format!("负责红娘:{name}")));
        }
        if let Some(partner) = &i.partner {
            now = now.push(widget::muted(partner.describe()));
        }
        if i.stage == Stage::Married {
            now = now.push(
                row![
                    widget::secondary("做喜报…", Some(Message::HappyNews)),
                    widget::muted("两人都同意宣传才能做;按各自同意的署名印"),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .wrap()
                .vertical_spacing(8),
            );
        }
        if let Some(error) = self.error_in(Part::Top) {
            now = now.push(error);
        }
        widget::section("这条牵线", now)
    }

    /// The two's other introductions still going on, now that they are 交往 or married.
    fn others_section(&self) -> Element<'_, Message> {
        let i = &self.introduction;
        let mut list = column![
            text(format!(
                "{} 与 {} 已{}。他们另外还有 {} 条进行中的牵线:",
                i.name_a,
                i.name_b,
                if i.stage == Stage::Married {
                    "登记结婚"
                } else {
                    "在交往"
                },
                self.others.len()
            ))
            .size(style::TEXT)
        ]
        .spacing(6);
        for other in &self.others {
            list = list.push(widget::muted(format!(
                "{} 与 {} · {}",
                other.name_a,
                other.name_b,
                other.stage_text()
            )));
        }
        list = list.push(
            row![
                widget::primary("都记为未成(已有对象)", Some(Message::CloseOthers)),
                widget::secondary("先不管", Some(Message::KeepOthers)),
            ]
            .spacing(style::SPACING)
            .wrap()
            .vertical_spacing(8),
        );
        widget::section("另外的牵线", list)
    }

    /// 经过: every step, oldest first.
    fn timeline_section(&self) -> Element<'_, Message> {
        let i = &self.introduction;
        let mut timeline = column![].spacing(6);
        for step in &self.steps {
            let mut line = format!("{}  {}", step.on, step.describe(&i.name_a, &i.name_b));
            if let Some(name) = &step.volunteer_name {
                line.push_str(&format!(" · {name}"));
            }
            if !step.notes.is_empty() && step.kind != crate::data::introductions::StepKind::Undo {
                line.push_str(&format!(" · {}", step.notes));
            }
            timeline = timeline.push(text(line).size(style::TEXT));
        }
        widget::section("经过", timeline)
    }

    /// 下一步, for an ongoing introduction: date and notes, the agreements or the later
    /// stages, and 记为未成.
    fn next_step_section(&self) -> Element<'_, Message> {
        let i = &self.introduction;
        // Inside 介绍: ask A, then B, then give the contacts; meeting only after that.
        let asking =
            i.stage == Stage::Introduced && !i.contacts_exchanged() && !i.before_agreements;
        let step = column![
            row![
                text("日期").size(style::LABEL).width(style::LABEL_WIDTH),
                widget::date_input("2026-11-21", &self.date, Message::DateChanged, false),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            row![
                text("备注").size(style::LABEL).width(style::LABEL_WIDTH),
                text_input("如 在咖啡馆见面,双方印象不错", &self.notes)
                    .on_input(Message::NotesChanged)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false)),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            column![].push(asking.then(|| self.agreement())),
            self.stage_buttons(asking),
            self.end_row(),
        ]
        .spacing(style::SPACING);
        let step = match (self.confirming_marriage, self.error_in(Part::NextStep)) {
            (true, _) => step.push(self.marriage_question()),
            (false, Some(error)) => step.push(error),
            (false, None) => step,
        };
        widget::section("下一步", step)
    }

    /// Who is asked now (A, then B) and the button that records the answer, or 交换联系方式.
    fn agreement(&self) -> Element<'_, Message> {
        let i = &self.introduction;
        let (hint, button): (String, Element<'_, Message>) = match i.agreement() {
            Agreement::AskingA => (
                format!(
                    "先把{}的介绍卡给{}看(不含联系方式)。{}同意了,再问{}。",
                    i.name_b, i.name_a, i.name_a, i.name_b
                ),
                widget::primary(format!("{}同意", i.name_a), Some(Message::Agree(Side::A))).into(),
            ),
            Agreement::AskingB => (
                format!(
                    "{}已同意。现在把{}的介绍卡给{}看。",
                    i.name_a, i.name_a, i.name_b
                ),
                widget::primary(format!("{}同意", i.name_b), Some(Message::Agree(Side::B))).into(),
            ),
            _ => (
                "双方都同意了。点“交换联系方式”,下面就会显示两人的电话和微信,请分别告诉两人。"
                    .to_string(),
                widget::success("交换联系方式", Some(Message::Exchange)).into(),
            ),
        };
        column![text(hint).size(style::TEXT), button]
            .spacing(8)
            .into()
    }

    /// 已见面, 在交往, 已登记结婚: the stages after this one, none while still `asking`.
    fn stage_buttons(&self, asking: bool) -> Element<'_, Message> {
        let i = &self.introduction;
        let next: Vec<Stage> = [Stage::Met, Stage::Dating, Stage::Married]
            .into_iter()
            .filter(|s| *s > i.stage && !asking)
            .collect();
        row(next.into_iter().map(|stage| {
            let label = match stage {
                Stage::Met => "已见面",
                Stage::Dating => "在交往",
                _ => "已登记结婚",
            };
            if stage == Stage::Married {
                widget::success(label, Some(Message::Advance(stage))).into()
            } else {
                widget::primary(label, Some(Message::Advance(stage))).into()
            }
        }))
        .spacing(style::SPACING)
        .wrap()
        .into()
    }

    /// 未成原因, which side ended it, 以后不再推荐 and 记为未成.
    fn end_row(&self) -> Element<'_, Message> {
        let i = &self.introduction;
        row![
            text("未成原因")
                .size(style::LABEL)
                .width(style::LABEL_WIDTH),
            pick_list(EndReason::ALL, self.reason, Message::Reason)
                .placeholder("请选择")
                .text_size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::pick_list),
            pick_list(SideChoice::all(i), self.side.clone(), Message::EndSide)
                .placeholder("哪一方结束的")
                .text_size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::pick_list),
            if i.partner.is_some() {
                // 全区 pairing never suggests a pair introduced once.
                Element::from(widget::muted("全区的这一对以后不再推荐"))
            } else {
                checkbox(self.block)
                    .label("以后不再推荐这一对")
                    .on_toggle(Message::BlockToggled)
                    .text_size(style::TEXT)
                    .size(22)
                    .into()
            },
            widget::danger("记为未成", Some(Message::End)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center)
        .wrap()
        .into()
    }

    /// 联系方式: shown only once exchanged, and never after 未成.
    fn contacts_section(&self) -> Element<'_, Message> {
        let contacts: Element<'_, Message> = match &self.contacts {
            None => widget::muted(if self.introduction.stage == Stage::Ended {
                "这条牵线未成,不再显示双方的联系方式。"
            } else {
                "双方都同意、交换联系方式以后,这里才显示两人的联系方式。"
            }),
            Some(contacts) => {
                let mut list = column![].spacing(6);
                for c in contacts {
                    list = list.push(text(format!("{}:{}", c.name, c.text())).size(style::TEXT));
                }
                list.push(widget::secondary(
                    "显示完整号码",
                    Some(Message::RevealContacts),
                ))
                .into()
            }
        };
        widget::section("联系方式", contacts)
    }

    /// 记错了?: 撤销上一步 and its error.
    fn undo_section(&self) -> Element<'_, Message> {
        let mut undo = column![
            row![
                widget::secondary("撤销上一步", Some(Message::Undo)),
                widget::muted("撤销也会记在经过里;撤销登记结婚会把两人恢复为在册。"),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center)
            .wrap()
        ]
        .spacing(style::SPACING);
        if let Some(error) = self.error_in(Part::Undo) {
            undo = undo.push(error);
        }
        widget::section("记错了?", undo)
    }

    /// 双方反馈: what each side said, saved together.
    fn feedback_section(&self) -> Element<'_, Message> {
        let i = &self.introduction;
        let feedback = column![
            widget::field(
                &i.name_a,
                text_input("这一方怎么说", &self.feedback_a)
                    .on_input(Message::FeedbackA)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false)),
                None,
            ),
            widget::field(
                &i.name_b,
                text_input("这一方怎么说", &self.feedback_b)
                    .on_input(Message::FeedbackB)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false)),
                None,
            ),
            widget::primary("保存反馈", Some(Message::SaveFeedback)),
        ]
        .spacing(style::SPACING);
        let feedback = match self.error_in(Part::Feedback) {
            Some(error) => feedback.push(error),
            None => feedback,
        };
        widget::section("双方反馈(回访记录)", feedback)
    }
}
