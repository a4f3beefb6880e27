//! 配对: choose a member, see who fits them and whom they fit (ranked, with the reasons both
//! ways), compare the two side by side with photos, and record the introduction.

use crate::data::district::{DistrictIndex, DistrictPairing, SharedProfile};
use crate::data::model::{Education, Member, MemberStatus, MemberSummary, Preferences};
use crate::data::pairing::{self, Candidate, Check, Pairing, PairingIndex, Verdict};
use crate::data::search::{Query, SearchIndex};
use crate::data::{Actor, Db, parse};
use crate::gui::{Indexes, jobs, style, widget};
use chrono::NaiveDate;
use iced::widget::{
    button, column, container, image, responsive, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};
use std::sync::Arc;

pub const QUERY_ID: &str = "pair_query";
/// Candidates listed (the best of them); the count of all is shown.
pub const LIMIT: usize = 50;
/// Below this width the comparison goes under the list instead of beside it.
const NARROW: f32 = 1000.0;
/// Below this height (of the page) the member's card is folded to a few lines, its notices
/// behind one button, so that the candidates keep most of the window.
const SHORT: f32 = 800.0;
/// The scrollable of the candidates (or the one opened) when they are shown one at a time.
const LIST_ID: &str = "pair_list";

#[derive(Debug, Clone)]
pub enum Message {
    QueryChanged(String),
    /// The members found for the box (numbered: only the newest counts).
    /// The members found (the first few) and how many in all.
    Found(u64, (Vec<MemberSummary>, usize)),
    Choose(i64),
    /// ↑/↓ in the box: the member found above or below is the one Enter chooses.
    Move(i32),
    /// Enter in the box: the member marked (the first found, unless moved).
    ChooseMarked,
    /// The pairing worked out in the background (numbered: only the newest counts).
    Paired(u64, Arc<Result<Pairing, String>>),
    ChangeMember,
    /// The member's notices, folded or in full.
    ToggleNotes,
    /// How far down the candidate list is.
    ListScrolled(f32),
    Select(Pick),
    Deselect,
    Introduce,
    DateChanged(String),
    Confirm,
    CancelIntroduce,
    OpenMember(i64),
    /// 本站 or 全区 (the other stations' members, as of the last sync).
    Scope(Scope),
    DistrictPaired(u64, Arc<Result<DistrictPairing, String>>),
    /// The note for the other station's volunteers, as typed.
    RequestNoteChanged(String),
    /// Ask the chosen 全区 candidate's station for an introduction.
    AskDistrict,
    /// The server has the request (what to say), or why not.
    DistrictAsked(Result<String, String>),
}

pub use crate::gui::widget::Scope;

/// A candidate of the list or of the near misses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Fit(usize),
    Near(usize),
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// An introduction was recorded (the line for the banner, and the pairing asked again):
    /// the pools must know.
    Introduced(String, Task<Message>),
    OpenMember(i64),
}

/// What the words of the candidate list mean, said once above it.
const LEGEND: &str = "符合:满足这一方的要求 · 需问清楚:资料里没填,见面前问一问 · 匹配度(满分 100):双方要求都符合之外,两人的年龄、学历、住得远近等有多相近,越高越合适";

/// How many of the members the box finds are listed to choose from.
const SHOWN: usize = 8;

/// The members the box finds who can be paired: 在册 and consenting (the pool), the first
/// [`SHOWN`], and how many there are in all.
fn found(search: &SearchIndex, pool: &PairingIndex, text: String) -> (Vec<MemberSummary>, usize) {
    let query = Query {
        text,
        status: Some(MemberStatus::Active),
        ..Query::default()
    };
    let results = search.search(&query, crate::data::today());
    let pooled: Vec<u32> = results
        .positions
        .iter()
        .copied()
        .filter(|&p| pool.contains(search.member_id(p)))
        .collect();
    let shown = pooled
        .iter()
        .take(SHOWN)
        .map(|&p| search.summary(p))
        .collect();
    (shown, pooled.len())
}

struct Person {
    member: Member,
    photo: Option<image::Handle>,
}

impl Person {
    fn load(db: &Db, id: i64) -> Result<Self, String> {
        let member = db.member(id).map_err(|e| e.to_string())?;
        let photo = db
            .thumbnail(id)
            .ok()
            .flatten()
            .map(image::Handle::from_bytes);
        Ok(Self { member, photo })
    }
}

/// The 介绍 being confirmed: its date as typed.
struct Confirming {
    date: String,
}

#[derive(Default)]
pub struct Pair {
    query: String,
    /// The number of the newest search of the box, and of the newest pairing asked for.
    searches: u64,
    pairings: u64,
    found: Vec<MemberSummary>,
    /// How many the box found in all (more than are listed).
    found_total: usize,
    /// Which of `found` Enter chooses.
    marked: usize,
    member: Option<Person>,
    /// `None` while it is worked out.
    pairing: Option<Arc<Result<Pairing, String>>>,
    selected: Option<Pick>,
    compared: Option<Person>,
    confirming: Option<Confirming>,
    error: Option<String>,
    scope: Scope,
    /// The 全区 pairing (`None` while it is worked out) and the candidate chosen in it.
    district: Option<Arc<Result<DistrictPairing, String>>>,
    district_pick: Option<Pick>,
    /// The note for the other station's volunteers (who asks, how to call back).
    request_note: String,
    /// A request being sent, or what came of the last one.
    asking: bool,
    asked: Option<Result<String, String>>,
    /// The member's notices (ID unchecked, the family's different wishes …) shown in full when
    /// the window is short and they are folded.
    notes_open: bool,
    /// How far down the candidate list was when one was opened, to come back to it.
    list_offset: f32,
}

impl Pair {
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens the screen on a member (from their page).
    pub fn for_member(db: &Db, indexes: Option<&Indexes>, id: i64) -> (Self, Task<Message>) {
        let mut screen = Self::new();
        let task = screen.choose(db, indexes, id);
        (screen, task)
    }

    /// The numbers of the newest search of the box and of the newest pairing asked for.
    pub fn generations(&self) -> (u64, u64) {
        (self.searches, self.pairings)
    }

    pub fn member_id(&self) -> Option<i64> {
        self.member.as_ref().map(|p| p.member.id)
    }

    pub fn pairing(&self) -> Option<&Pairing> {
        self.pairing.as_deref().and_then(|p| p.as_ref().ok())
    }

    fn choose(&mut self, db: &Db, indexes: Option<&Indexes>, id: i64) -> Task<Message> {
        self.error = None;
        self.selected = None;
        self.compared = None;
        self.confirming = None;
        match Person::load(db, id) {
            Ok(person) => self.member = Some(person),
            Err(error) => {
                self.error = Some(error);
                return Task::none();
            }
        }
        self.pairing = None;
        self.scope = Scope::Station;
        self.district = None;
        self.district_pick = None;
        self.refresh(db, indexes)
    }

    /// Pairs the chosen member with the other stations' members held here, on a connection
    /// of its own (the mirror is read fresh: a sync may have just brought more).
    fn pair_district(&mut self, db: &Db) -> Task<Message> {
        let (Some(id), Some(path)) = (self.member_id(), db.path()) else {
            return Task::none();
        };
        self.pairings = jobs::next_generation();
        let generation = self.pairings;
        self.district = None;
        self.district_pick = None;
        jobs::read(
            path,
            move |db| {
                let index = DistrictIndex::build(db)?;
                let member = db.member(id)?;
                index.pair_for(db, &member, crate::data::today(), LIMIT)
            },
            move |result| Message::DistrictPaired(generation, Arc::new(result)),
        )
    }

    fn district_pairing(&self) -> Option<&DistrictPairing> {
        self.district.as_deref().and_then(|p| p.as_ref().ok())
    }

    fn district_candidate(&self, pick: Pick) -> Option<(&Candidate, &SharedProfile)> {
        let found = self.district_pairing()?;
        let candidate = match pick {
            Pick::Fit(i) => found.pairing.candidates.get(i),
            Pick::Near(i) => found.pairing.near_misses.get(i),
        }?;
        Some((candidate, found.profile(candidate)?))
    }

    /// Pairs the chosen member again (after an introduction, or with a new index), on a
    /// connection of its own: the exclusions are read fresh from the history.
    pub fn refresh(&mut self, db: &Db, indexes: Option<&Indexes>) -> Task<Message> {
        let Some(id) = self.member_id() else {
            return Task::none();
        };
        self.pairings = jobs::next_generation();
        let generation = self.pairings;
        let (Some(indexes), Some(path)) = (indexes, db.path()) else {
            self.pairing = Some(Arc::new(Err("正在准备配对数据,请稍候……".to_string())));
            return Task::none();
        };
        let index = indexes.pairing.clone();
        jobs::read(
            path,
            move |db| pairing::pair(db, &index, id, crate::data::today(), LIMIT),
            move |result| Message::Paired(generation, Arc::new(result)),
        )
    }

    /// The pairing arrived: the same candidate stays chosen if still listed.
    fn paired(&mut self, pairing: Arc<Result<Pairing, String>>) {
        self.pairing = Some(pairing);
        let compared = self.compared.as_ref().map(|p| p.member.id);
        self.selected = compared.and_then(|id| self.position_of(id));
        if self.selected.is_none() {
            self.compared = None;
        }
    }

    fn position_of(&self, id: i64) -> Option<Pick> {
        let pairing = self.pairing()?;
        if let Some(i) = pairing.candidates.iter().position(|c| c.member_id == id) {
            return Some(Pick::Fit(i));
        }
        pairing
            .near_misses
            .iter()
            .position(|c| c.member_id == id)
            .map(Pick::Near)
    }

    fn candidate(&self, pick: Pick) -> Option<&Candidate> {
        let pairing = self.pairing()?;
        match pick {
            Pick::Fit(i) => pairing.candidates.get(i),
            Pick::Near(i) => pairing.near_misses.get(i),
        }
    }

    /// The introduction was recorded: pair again (the candidate has left the pool).
    fn introduced(&mut self, db: &Db, indexes: Option<&Indexes>) -> Task<Message> {
        self.confirming = None;
        self.selected = None;
        self.compared = None;
        self.refresh(db, indexes)
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &mut Db,
        actor: &Actor,
        indexes: Option<&Indexes>,
    ) -> Action {
        match message {
            Message::QueryChanged(query) => return self.search(query, indexes),
            Message::Found(generation, (found, total)) => {
                if generation == self.searches {
                    self.found = found;
                    self.found_total = total;
                    self.marked = 0;
                }
            }
            Message::Choose(id) => return Action::Run(self.choose(db, indexes, id)),
            Message::Move(step) => {
                let last = self.found.len().saturating_sub(1) as i64;
                self.marked = (self.marked as i64 + i64::from(step)).clamp(0, last) as usize;
            }
            Message::ChooseMarked => {
                if let Some(id) = self.found.get(self.marked).map(|s| s.id) {
                    return Action::Run(self.choose(db, indexes, id));
                }
            }
            Message::Paired(generation, pairing) => {
                if generation == self.pairings {
                    self.paired(pairing);
                }
            }
            // A fresh start: the box empty and ready for the next name.
            Message::ChangeMember => {
                *self = Self {
                    searches: self.searches,
                    pairings: self.pairings,
                    ..Self::default()
                };
                return Action::Run(iced::widget::operation::focus(QUERY_ID));
            }
            Message::Select(pick) if self.scope == Scope::District => {
                self.district_pick = Some(pick);
                self.asked = None;
            }
            Message::RequestNoteChanged(note) => self.request_note = note,
            Message::AskDistrict => return self.ask_district(db, actor),
            Message::DistrictAsked(asked) => {
                self.asking = false;
                self.asked = Some(asked);
            }
            Message::Deselect if self.scope == Scope::District => self.district_pick = None,
            Message::ToggleNotes => self.notes_open = !self.notes_open,
            Message::ListScrolled(offset) => {
                if self.compared.is_none() {
                    self.list_offset = offset;
                }
            }
            // The one opened starts at its top, where its 介绍 button is.
            Message::Select(pick) => {
                self.select(pick, db);
                return Action::Run(scroll_list_to(0.0));
            }
            // Back to the list where it was left.
            Message::Deselect => {
                self.selected = None;
                self.compared = None;
                self.confirming = None;
                self.error = None;
                return Action::Run(scroll_list_to(self.list_offset));
            }
            Message::Introduce => {
                self.error = None;
                self.confirming = Some(Confirming {
                    date: crate::data::today().to_string(),
                });
            }
            Message::DateChanged(date) => {
                if let Some(confirming) = &mut self.confirming {
                    confirming.date = date;
                }
            }
            Message::CancelIntroduce => {
                self.confirming = None;
                self.error = None;
            }
            Message::Confirm => return self.confirm(db, actor, indexes),
            Message::OpenMember(id) => return Action::OpenMember(id),
            Message::Scope(scope) => {
                self.scope = scope;
                self.selected = None;
                self.compared = None;
                self.confirming = None;
                return match scope {
                    Scope::District => Action::Run(self.pair_district(db)),
                    Scope::Station => Action::Run(self.refresh(db, indexes)),
                };
            }
            Message::DistrictPaired(generation, found) => {
                if generation == self.pairings {
                    self.district = Some(found);
                }
            }
        }
        Action::None
    }

    /// The name or number typed: look it up in the background (only the newest counts).
    fn search(&mut self, query: String, indexes: Option<&Indexes>) -> Action {
        self.query = query;
        self.searches = jobs::next_generation();
        let generation = self.searches;
        match indexes {
            Some(indexes) if !self.query.trim().is_empty() => {
                let (search, pool) = (indexes.search.clone(), indexes.pairing.clone());
                let text = self.query.clone();
                Action::Run(jobs::compute(
                    move || found(&search, &pool, text),
                    move |list| Message::Found(generation, list.unwrap_or_default()),
                ))
            }
            _ => {
                self.found.clear();
                self.found_total = 0;
                Action::None
            }
        }
    }

    /// 全区: ask the partner's station to introduce the chosen candidate (once at a time).
    fn ask_district(&mut self, db: &Db, actor: &Actor) -> Action {
        let partner = self
            .district_pick
            .and_then(|p| self.district_candidate(p))
            .map(|(_, partner)| partner.key.clone());
        let (Some(member), Some(key), Some(path)) = (self.member_id(), partner, db.path()) else {
            return Action::None;
        };
        if self.asking {
            return Action::None;
        }
        self.asking = true;
        self.asked = None;
        let (note, actor) = (self.request_note.clone(), actor.clone());
        Action::Run(
            jobs::district(path, move |db| {
                hongniang_district::station::ask_station(db, &actor, member, &key, &note)
            })
            .map(|asked| {
                Message::DistrictAsked(asked.map(|r| {
                    format!(
                        "已向{}站请求介绍{} 与 {}。对方红娘问过本人后会答复,同步后在首页可以看到。",
                        r.partner_station, r.member_name, r.partner_key
                    )
                }))
            }),
        )
    }

    /// A candidate of this station chosen: their sheet beside the member's.
    fn select(&mut self, pick: Pick, db: &Db) {
        self.confirming = None;
        self.error = None;
        if let Some(id) = self.candidate(pick).map(|c| c.member_id) {
            match Person::load(db, id) {
                Ok(person) => {
                    self.selected = Some(pick);
                    self.compared = Some(person);
                }
                Err(error) => self.error = Some(error),
            }
        }
    }

    /// 确认介绍: record the introduction on the date typed, then pair again.
    fn confirm(&mut self, db: &mut Db, actor: &Actor, indexes: Option<&Indexes>) -> Action {
        let (Some(member), Some(candidate), Some(confirming)) =
            (self.member_id(), &self.compared, &self.confirming)
        else {
            return Action::None;
        };
        let today = crate::data::today();
        let recorded = parse::date_or_message(&confirming.date).and_then(|date| {
            db.add_introduction(member, candidate.member.id, date, actor, today)
                .map_err(|e| e.to_string())
        });
        match recorded {
            Ok(introduction) => {
                let notice = format!(
                    "已记录介绍:{} 与 {}({})。以后的进展请到「牵线记录」登记。",
                    introduction.name_a, introduction.name_b, introduction.introduced_on
                );
                // The candidate has left the pool: pair again.
                Action::Introduced(notice, self.introduced(db, indexes))
            }
            Err(message) => {
                self.error = Some(message);
                Action::None
            }
        }
    }

    pub fn view(&self, today: NaiveDate) -> Element<'_, Message> {
        let Some(person) = &self.member else {
            return self.chooser(today);
        };
        responsive(move |size| self.paired_view(person, today, size.height < SHORT)).into()
    }

    /// The page for a chosen member: the member's card (folded when `short`), the scope, the
    /// candidates and the one opened.
    fn paired_view<'a>(
        &'a self,
        person: &'a Person,
        today: NaiveDate,
        short: bool,
    ) -> Element<'a, Message> {
        let m = &person.member;
        // The buttons follow the name, and move to a second line when the line is full.
        let header = row![
            widget::heading(format!("配对 · {} {}", m.data.name, m.number)),
            widget::secondary("查看资料", Some(Message::OpenMember(m.id))),
            widget::secondary("换一位会员", Some(Message::ChangeMember)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(8);
        let scopes = widget::scope_choice(self.scope, Message::Scope);
        // On a short window the member's notices are folded behind one button, beside the
        // scope (said how many, in amber, so that they are not missed).
        let notes = match self.pairing.as_deref() {
            Some(Ok(pairing)) => member_notes(pairing, &m.data.name),
            None | Some(Err(_)) => Vec::new(),
        };
        let folded = short && !notes.is_empty();
        let scopes: Element<'a, Message> = if folded {
            let label = if self.notes_open {
                "收起注意事项".to_string()
            } else {
                format!("注意事项 {} 条(点开看)", notes.len())
            };
            row![
                scopes,
                button(text(label).size(style::TEXT).color(style::AMBER))
                    .padding([4, 10])
                    .style(style::buttons::secondary)
                    .on_press(Message::ToggleNotes),
            ]
            .spacing(style::GAP)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8)
            .into()
        } else {
            scopes
        };
        let shown = if folded && !self.notes_open {
            Vec::new()
        } else {
            notes
        };
        let mut page = column![
            header,
            self.member_card(person, today, short, shown),
            scopes
        ]
        .spacing(style::SPACING);
        if self.scope == Scope::District {
            return page.push(self.district_view(today)).into();
        }
        if let Some(error) = &self.error
            && self.confirming.is_none()
        {
            page = page.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        match self.pairing.as_deref() {
            None => page = page.push(widget::muted("正在配对……")),
            Some(Err(message)) => {
                page = page.push(widget::banner(
                    text(message).size(style::TEXT),
                    style::containers::warning_banner,
                ))
            }
            Some(Ok(pairing)) => {
                page = page.push(responsive(move |size| {
                    let list = self.list(pairing, today, short);
                    let compare = self.comparison(today);
                    if size.width < NARROW {
                        // One at a time: the list, or the chosen candidate with a way back.
                        let shown = if self.compared.is_some() {
                            column![
                                widget::secondary("← 返回候选名单", Some(Message::Deselect)),
                                compare
                            ]
                            .spacing(style::SPACING)
                        } else {
                            column![list]
                        };
                        scrollable(shown.padding(iced::Padding {
                            right: 16.0,
                            ..iced::Padding::ZERO
                        }))
                        .id(LIST_ID)
                        .on_scroll(|viewport| Message::ListScrolled(viewport.absolute_offset().y))
                        .height(Length::Fill)
                        .into()
                    } else {
                        side_by_side(list, compare)
                    }
                }))
            }
        }
        page.into()
    }

    fn chooser(&self, today: NaiveDate) -> Element<'_, Message> {
        let mut found = column![].spacing(8);
        for (i, s) in self.found.iter().enumerate() {
            found = found.push(
                button(
                    text(
                        [
                            s.name.clone(),
                            s.number.clone(),
                            s.gender.label().to_string(),
                            format!("{} 岁", s.birth.age_on(today)),
                            s.occupation.clone(),
                            s.district.clone(),
                        ]
                        .into_iter()
                        .filter(|part| !part.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · "),
                    )
                    .size(style::TEXT),
                )
                .width(Length::Fill)
                .padding([12, 16])
                // The one Enter chooses is marked, as a chosen row elsewhere.
                .style(style::buttons::row(false, i == self.marked))
                .on_press(Message::Choose(s.id)),
            );
        }
        if self.found_total > self.found.len() {
            found = found.push(widget::muted(format!(
                "还有 {} 位没有列出:请多输入几个字(如全名、出生年份或手机号后四位)缩小范围。",
                self.found_total - self.found.len()
            )));
        }
        if !self.found.is_empty() {
            found = column![
                widget::muted(format!(
                    "找到 {} 位:点一位会员开始配对(或用 ↑↓ 选、回车确定)",
                    self.found_total
                )),
                found
            ]
            .spacing(8);
        }
        if self.found.is_empty() && !self.query.trim().is_empty() {
            found = found.push(widget::muted(
                "没有找到可以配对的会员(在册、已知情同意)。可以换个写法,或到「查询」里找。",
            ));
        }
        let mut page = column![
            widget::heading("配对"),
            text("先选一位会员:输入姓名、拼音首字母、手机后四位或会员编号。").size(style::TEXT),
            text_input("如 王芳、wf、4321、2024-0012", &self.query)
                .id(QUERY_ID)
                .on_input(Message::QueryChanged)
                .on_submit(Message::ChooseMarked)
                .size(style::TEXT + 2.0)
                .padding(12)
                .style(style::input(false)),
            found,
        ]
        .spacing(style::GAP)
        .max_width(760);
        if let Some(error) = &self.error {
            page = page.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        page.into()
    }

    /// The chosen member's card: the facts, the wishes, how many fit, and `notes` (the
    /// member's notices as shown: none while they are folded); without the photo when `short`.
    fn member_card<'a>(
        &'a self,
        person: &'a Person,
        today: NaiveDate,
        short: bool,
        notes: Vec<(String, bool)>,
    ) -> Element<'a, Message> {
        let d = &person.member.data;
        let facts = [
            d.gender.map(|g| g.label().to_string()),
            d.birth.map(|b| format!("{} 岁", b.age_on(today))),
            d.height_cm.map(|h| format!("{h} 厘米")),
            d.education.map(|e| e.label().to_string()),
            (!d.occupation.is_empty()).then(|| d.occupation.clone()),
            (!d.district.is_empty()).then(|| d.district.clone()),
            d.marital_status.map(|s| s.label().to_string()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        let mut about = column![
            text(facts).size(style::TEXT),
            text(format!("择偶要求:{}", wishes(&d.preferences)))
                .size(style::TEXT)
                .color(style::MUTED),
        ]
        .spacing(6)
        .width(Length::Fill);
        if let Some(Ok(pairing)) = self.pairing.as_deref() {
            let mut summary = format!(
                "符合双方要求 {} 人(可介绍的异性在册会员 {} 人)",
                pairing.fit_count, pairing.pool
            );
            if pairing.fit_count > pairing.candidates.len() {
                summary.push_str(&format!(",按匹配度列出前 {} 位", pairing.candidates.len()));
            }
            about = about.push(
                text(summary)
                    .size(style::TEXT)
                    .color(if pairing.fit_count == 0 {
                        style::RED
                    } else {
                        style::GREEN
                    }),
            );
        }
        for (note, warning) in notes {
            about = about.push(if warning {
                text(note).size(style::TEXT).color(style::AMBER).into()
            } else {
                widget::muted(note)
            });
        }
        if short {
            return container(about)
                .padding([8, 14])
                .width(Length::Fill)
                .style(style::containers::section)
                .into();
        }
        container(
            row![photo(&person.photo, 96.0), about]
                .spacing(style::GAP)
                .align_y(Alignment::Center),
        )
        .padding(14)
        .width(Length::Fill)
        .style(style::containers::section)
        .into()
    }

    fn list<'a>(
        &'a self,
        pairing: &'a Pairing,
        today: NaiveDate,
        short: bool,
    ) -> Element<'a, Message> {
        let mut list = column![].spacing(8);
        let widenings: Option<Element<'a, Message>> = (!pairing.widenings.is_empty()).then(|| {
            let mut widen = column![
                text(format!(
                    "{}的要求放宽一些,能多出这些人:",
                    self.member_name()
                ))
                .size(style::TEXT)
            ]
            .spacing(4);
            for w in &pairing.widenings {
                widen =
                    widen.push(text(format!("· {},多 {} 人", w.change, w.more)).size(style::TEXT));
            }
            container(widen)
                .padding(12)
                .width(Length::Fill)
                .style(style::containers::warning_banner)
                .into()
        });
        // Few fit: what a wider requirement gives is the first thing to talk about; on a short
        // window it is said in a line, the box under the candidates keeping them in sight.
        let mut widenings = widenings;
        if pairing.few_fit() && widenings.is_some() {
            if short {
                list = list.push(
                    text(format!(
                        "{}的要求放宽一些能多出人选,见名单最后",
                        self.member_name()
                    ))
                    .size(style::TEXT)
                    .color(style::AMBER),
                );
            } else if let Some(box_) = widenings.take() {
                list = list.push(box_);
            }
        }
        if pairing.candidates.is_empty() {
            list = list.push(widget::banner(
                text("目前没有双方要求都符合的会员。下面列出只差一条要求的人。").size(style::TEXT),
                style::containers::warning_banner,
            ));
        }
        // What the words mean: above the list, or under it on a short window.
        if !pairing.candidates.is_empty() && !short {
            list = list.push(widget::muted(LEGEND));
        }
        for (i, candidate) in pairing.candidates.iter().enumerate() {
            list = list.push(self.candidate_row(Pick::Fit(i), i + 1, candidate, today));
        }
        if pairing.few_fit() && !pairing.near_misses.is_empty() {
            list = list.push(
                text(format!(
                    "只差一条要求的会员(共 {} 人)",
                    pairing.near_miss_count
                ))
                .size(style::HEADING - 4.0)
                .color(style::RED),
            );
            for (i, candidate) in pairing.near_misses.iter().enumerate() {
                list = list.push(self.candidate_row(Pick::Near(i), i + 1, candidate, today));
            }
        }
        if let Some(box_) = widenings {
            list = list.push(box_);
        }
        if !pairing.candidates.is_empty() && short {
            list = list.push(widget::muted(LEGEND));
        }
        list.into()
    }

    fn member_name(&self) -> &str {
        self.member
            .as_ref()
            .map_or("", |p| p.member.data.name.as_str())
    }

    fn candidate_row<'a>(
        &'a self,
        pick: Pick,
        rank: usize,
        c: &'a Candidate,
        today: NaiveDate,
    ) -> Element<'a, Message> {
        let Some(s) = &c.summary else {
            return column![].into();
        };
        let title = format!(
            "{rank}. {} · {}",
            s.name,
            details(s.birth, s.height_cm, s.education, &s.occupation, today)
        );
        let second = verdicts_line(pick, c, self.member_name(), &s.name);
        let mut lines = column![text(title).size(style::TEXT), second].spacing(4);
        if let Some(notes) = candidate_notes(c, None) {
            lines = lines.push(text(notes).size(style::SMALL).color(style::AMBER));
        }
        candidate_button(lines, c.score, rank, self.selected == Some(pick), pick)
    }

    fn comparison(&self, today: NaiveDate) -> Element<'_, Message> {
        let (Some(me), Some(other), Some(pick)) = (&self.member, &self.compared, self.selected)
        else {
            return nothing_chosen("点左边的一位候选人,这里会并排显示两人的情况和双方的要求。");
        };
        let Some(candidate) = self.candidate(pick) else {
            return column![].into();
        };
        let mine = &me.member.data.name;
        let theirs = &other.member.data.name;
        let mut checks = column![
            text(format!("{mine}的要求"))
                .size(style::TEXT + 1.0)
                .color(style::RED),
            check_lines(&candidate.for_member, mine),
            text(format!("{theirs}的要求"))
                .size(style::TEXT + 1.0)
                .color(style::RED),
            check_lines(&candidate.for_candidate, theirs),
        ]
        .spacing(8);
        // The families' wishes: a second line, not used for the fit.
        for (family, judged, whose) in [
            (&me.member.data.family, &candidate.family_for_member, mine),
            (
                &other.member.data.family,
                &candidate.family_for_candidate,
                theirs,
            ),
        ] {
            if let Some(family) = family {
                checks = checks.push(
                    text(format!(
                        "{whose}{}的要求(只供参考,不影响配对)",
                        family.by.label()
                    ))
                    .size(style::TEXT + 1.0)
                    .color(style::MUTED),
                );
                checks = checks.push(check_lines(judged, family.by.label()));
            }
        }
        if let Some(notes) = candidate_notes(candidate, Some(theirs)) {
            checks = checks.push(text(notes).size(style::TEXT).color(style::AMBER));
        }
        if !candidate.highlights.is_empty() {
            checks = checks.push(
                text(format!("加分:{}", candidate.highlights.join(";")))
                    .size(style::TEXT)
                    .color(style::GREEN),
            );
        }
        checks = checks.push(
            text(format!("匹配度 {}(满分 100)", candidate.score))
                .size(style::TEXT)
                .color(style::MUTED),
        );
        let action: Element<'_, Message> = match &self.confirming {
            None => widget::primary(
                format!("介绍 {mine} 和 {theirs} 认识"),
                Some(Message::Introduce),
            )
            .padding([14, 28])
            .into(),
            Some(confirming) => {
                let mut confirm = column![
                    text(format!("确认:把 {theirs} 介绍给 {mine}?")).size(style::TEXT + 1.0),
                    widget::muted(format!(
                        "先给{mine}看{theirs}的介绍卡;{mine}同意了再问{theirs};两人都同意后,才在「牵线记录」里交换联系方式。"
                    )),
                    row![
                        text("介绍日期").size(style::LABEL),
                        widget::date_input(
                            "2026-11-21",
                            &confirming.date,
                            Message::DateChanged,
                            self.error.is_some()
                        )
                        .on_submit(Message::Confirm),
                    ]
                    .spacing(style::SPACING)
                    .align_y(Alignment::Center),
                    row![
                        widget::primary("确认介绍", Some(Message::Confirm)),
                        widget::secondary("取消", Some(Message::CancelIntroduce)),
                    ]
                    .spacing(style::SPACING),
                ]
                .spacing(style::SPACING);
                if let Some(error) = &self.error {
                    confirm = confirm.push(text(error).size(style::TEXT).color(style::ERROR));
                }
                container(confirm)
                    .padding(14)
                    .width(Length::Fill)
                    .style(style::containers::dialog)
                    .into()
            }
        };
        container(
            column![
                action,
                checks,
                row![profile(me, today), profile(other, today)].spacing(style::GAP),
            ]
            .spacing(style::GAP),
        )
        .padding(16)
        .width(Length::Fill)
        .style(style::containers::section)
        .into()
    }
}

impl Pair {
    /// 全区: the other stations' candidates, as their 介绍卡s show them, and the chosen one's
    /// verdicts both ways.
    fn district_view(&self, today: NaiveDate) -> Element<'_, Message> {
        let found = match self.district.as_deref() {
            None => return widget::muted("正在全区配对……"),
            Some(Err(message)) => {
                return widget::banner(
                    text(message).size(style::TEXT),
                    style::containers::warning_banner,
                );
            }
            Some(Ok(found)) => found,
        };
        let p = &found.pairing;
        if p.pool == 0 {
            return widget::banner(
                text(widget::NO_DISTRICT_YET).size(style::TEXT),
                style::containers::warning_banner,
            );
        }
        responsive(move |size| {
            let list = self.district_list(found, today);
            let chosen = self.district_chosen(today);
            if size.width < NARROW {
                scrollable(
                    column![list, chosen]
                        .spacing(style::GAP)
                        .padding(iced::Padding {
                            right: 16.0,
                            ..iced::Padding::ZERO
                        }),
                )
                .height(Length::Fill)
                .into()
            } else {
                side_by_side(list, chosen)
            }
        })
        .into()
    }

    fn district_list<'a>(
        &'a self,
        found: &'a DistrictPairing,
        today: NaiveDate,
    ) -> Element<'a, Message> {
        let p = &found.pairing;
        let mine = self.member_name();
        let mut list = column![
            text(format!(
                "全区符合双方要求 {} 人(其他站点同意共享的异性会员 {} 人,截至上次同步)",
                p.fit_count, p.pool
            ))
            .size(style::TEXT)
            .color(if p.fit_count == 0 { style::RED } else { style::GREEN }),
            widget::muted("其他站点的会员只显示介绍卡上的内容(姓氏、年龄、身高、学历、职业等),没有姓名和联系方式。"),
        ]
        .spacing(8);
        let row_of = |pick: Pick, rank: usize, c: &'a Candidate, profile: &'a SharedProfile| {
            let title = format!(
                "{rank}. {} · {} · {}",
                profile.station,
                profile.surname_title,
                details(
                    profile.birth,
                    profile.height_cm,
                    profile.education,
                    &profile.occupation,
                    today
                )
            );
            let second = verdicts_line(pick, c, mine, &profile.surname_title);
            let lines = column![text(title).size(style::TEXT), second].spacing(4);
            candidate_button(lines, c.score, rank, self.district_pick == Some(pick), pick)
        };
        for (i, c) in p.candidates.iter().enumerate() {
            if let Some(profile) = found.profile(c) {
                list = list.push(row_of(Pick::Fit(i), i + 1, c, profile));
            }
        }
        if p.few_fit() && !p.near_misses.is_empty() {
            list = list.push(
                text(format!("只差一条要求的(共 {} 人)", p.near_miss_count))
                    .size(style::HEADING - 4.0)
                    .color(style::RED),
            );
            for (i, c) in p.near_misses.iter().enumerate() {
                if let Some(profile) = found.profile(c) {
                    list = list.push(row_of(Pick::Near(i), i + 1, c, profile));
                }
            }
        }
        list.into()
    }

    fn district_chosen(&self, today: NaiveDate) -> Element<'_, Message> {
        let mine = self.member_name();
        let Some((c, profile)) = self
            .district_pick
            .and_then(|pick| self.district_candidate(pick))
        else {
            return nothing_chosen("点一位候选人,这里会显示双方的要求是否符合。");
        };
        let theirs = &profile.surname_title;
        let mut facts =
            column![text(format!("{} · {}", profile.key, theirs)).size(style::TEXT + 2.0)]
                .spacing(4);
        for (label, value) in crate::data::district::card_fields(profile, today) {
            facts = facts.push(
                row![
                    text(label).size(style::SMALL).color(style::MUTED).width(72),
                    text(value).size(style::TEXT),
                ]
                .spacing(6),
            );
        }
        container(
            column![
                text(format!("{mine}的要求"))
                    .size(style::TEXT + 1.0)
                    .color(style::RED),
                check_lines(&c.for_member, mine),
                text(format!("{theirs}的要求"))
                    .size(style::TEXT + 1.0)
                    .color(style::RED),
                check_lines(&c.for_candidate, theirs),
                facts,
                self.ask_view(profile),
            ]
            .spacing(8),
        )
        .padding(16)
        .width(Length::Fill)
        .style(style::containers::section)
        .into()
    }
}

impl Pair {
    /// 请求介绍: the note for the other station's volunteers and the button, or what came of
    /// the request.
    fn ask_view<'a>(&'a self, profile: &'a SharedProfile) -> Element<'a, Message> {
        let mine = self.member_name();
        let mut content = column![widget::muted(format!(
            "想介绍的话,向{}站请求:由他们的红娘先问{}本人的意愿,同意后两站的红娘通电话交换联系方式(联系方式不经过全区服务器)。",
            profile.station, profile.surname_title
        ))]
        .spacing(8);
        let shared = self
            .member
            .as_ref()
            .is_some_and(|p| crate::data::district::is_shared(&p.member));
        if !shared {
            return content
                .push(
                    text(format!(
                        "{mine}没有同意全区共享,其他站点看不到本人的资料,不能请求介绍。请本人在登记表上勾选“全区共享”后再请求。"
                    ))
                    .size(style::TEXT)
                    .color(style::AMBER),
                )
                .into();
        }
        content = content.push(
            text_input("给对方红娘的留言:谁在问、怎么回电话", &self.request_note)
                .id("request_note")
                .on_input(Message::RequestNoteChanged)
                .on_submit(Message::AskDistrict)
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false)),
        );
        content = content.push(widget::primary(
            if self.asking {
                "正在发出请求……".to_string()
            } else {
                format!("向{}站请求介绍", profile.station)
            },
            (!self.asking).then_some(Message::AskDistrict),
        ));
        match &self.asked {
            Some(Ok(done)) => {
                content = content.push(text(done).size(style::TEXT).color(style::GREEN))
            }
            Some(Err(error)) => {
                content = content.push(text(error).size(style::TEXT).color(style::ERROR))
            }
            None => {}
        }
        content.into()
    }
}

/// The candidates beside the chosen one, each scrolling on its own (a wide window).
fn side_by_side<'a>(
    list: Element<'a, Message>,
    chosen: Element<'a, Message>,
) -> Element<'a, Message> {
    let pane = |content: Element<'a, Message>, portion| {
        scrollable(container(content).padding(iced::Padding {
            right: 14.0,
            ..iced::Padding::ZERO
        }))
        .width(Length::FillPortion(portion))
        .height(Length::Fill)
    };
    row![pane(list, 9), pane(chosen, 11)]
        .spacing(style::GAP)
        .into()
}

/// What the volunteer should know about a candidate before introducing: the ID not yet
/// checked, and many introductions ended by the candidate; `None` when nothing.
fn candidate_notes(c: &Candidate, who: Option<&str>) -> Option<String> {
    let mut notes: Vec<String> = c.unchecked.iter().map(|u| u.to_string()).collect();
    if c.declines >= crate::data::availability::DECLINES_NOTABLE {
        notes.push(format!("自己结束过 {} 次介绍", c.declines));
    }
    let who = who.map(|w| format!("({w})")).unwrap_or_default();
    (!notes.is_empty()).then(|| format!("注意{who}:{}", notes.join(";")))
}

/// "符合 4 项 · 需问清楚 1 项" for one side's requirements.
fn tally<'a>(label: &str, checks: &[Check]) -> Element<'a, Message> {
    let count = |v: Verdict| checks.iter().filter(|c| c.verdict == v).count();
    let mut line = row![
        text(format!("{label}:"))
            .size(style::SMALL)
            .color(style::MUTED)
    ]
    .spacing(6);
    if checks.is_empty() {
        return line.push(text("不限").size(style::SMALL)).into();
    }
    let meets = count(Verdict::Meets);
    if meets > 0 {
        line = line.push(
            text(format!("符合 {meets} 项"))
                .size(style::SMALL)
                .color(style::GREEN),
        );
    }
    let unknown = count(Verdict::Unknown);
    if unknown > 0 {
        line = line.push(
            text(format!("需问清楚 {unknown} 项"))
                .size(style::SMALL)
                .color(style::AMBER),
        );
    }
    line.into()
}

/// The right-hand pane before a candidate is chosen: what to do.
fn nothing_chosen(hint: &str) -> Element<'_, Message> {
    container(text(hint).size(style::TEXT).color(style::MUTED))
        .padding(20)
        .width(Length::Fill)
        .style(style::containers::section)
        .into()
}

/// A candidate's age, height, education and occupation for the list: "31 岁 · 172 cm · 本科 · 教师".
fn details(
    birth: crate::data::model::YearMonth,
    height_cm: Option<u16>,
    education: Option<Education>,
    occupation: &str,
    today: NaiveDate,
) -> String {
    format!(
        "{} 岁 · {} · {} · {}",
        birth.age_on(today),
        height_cm.map_or("身高未填".to_string(), |h| format!("{h} 厘米")),
        education.map_or("学历未填", |e| e.label()),
        if occupation.is_empty() {
            "职业未填"
        } else {
            occupation
        }
    )
}

/// A candidate's second line in the list: the requirement a near miss fails, or how both
/// sides' requirements come out for one who fits.
fn verdicts_line<'a>(
    pick: Pick,
    c: &'a Candidate,
    mine: &str,
    theirs: &str,
) -> Element<'a, Message> {
    match pick {
        Pick::Near(_) => text(
            c.fails()
                .next()
                .map_or(String::new(), |f| format!("不符合:{}", f.full_text())),
        )
        .size(style::SMALL)
        .color(style::RED)
        .into(),
        Pick::Fit(_) => row![
            tally(&format!("{mine}的要求"), &c.for_member),
            tally(&format!("{theirs}的要求"), &c.for_candidate),
        ]
        .spacing(style::GAP)
        // The second side under the first where the list is narrow, never squeezed.
        .wrap()
        .vertical_spacing(2)
        .into(),
    }
}

/// A candidate's row in the list: its lines and the 匹配度, chosen by a click.
fn candidate_button<'a>(
    lines: iced::widget::Column<'a, Message>,
    score: u8,
    rank: usize,
    chosen: bool,
    pick: Pick,
) -> Element<'a, Message> {
    button(
        row![
            lines.width(Length::Fill),
            column![
                text("匹配度").size(style::SMALL).color(style::MUTED),
                text(format!("{score}"))
                    .size(style::HEADING)
                    .color(style::RED),
            ]
            .align_x(Alignment::Center),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center),
    )
    .width(Length::Fill)
    .padding([10, 14])
    .style(style::buttons::row(rank.is_multiple_of(2), chosen))
    .on_press(Message::Select(pick))
    .into()
}

/// One side's requirements, one line each, marked 符合 / 不符合 / 需问清楚.
fn check_lines<'a>(checks: &'a [Check], name: &str) -> Element<'a, Message> {
    if checks.is_empty() {
        return text(format!("{name}对这些条件没有提具体要求"))
            .size(style::TEXT)
            .color(style::MUTED)
            .into();
    }
    let mut lines = column![].spacing(4);
    for check in checks {
        let (mark, color, line) = match check.verdict {
            Verdict::Meets => ("符合", style::GREEN, check.text.clone()),
            Verdict::Fails => ("不符合", style::RED, check.full_text()),
            Verdict::Unknown => ("需问清楚", style::AMBER, check.text.clone()),
        };
        lines = lines.push(
            row![
                text(mark).size(style::TEXT).color(color).width(80),
                text(line)
                    .size(style::TEXT)
                    .color(if check.verdict == Verdict::Meets {
                        style::INK
                    } else {
                        color
                    }),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
        );
    }
    lines.into()
}

fn photo<'a>(handle: &Option<image::Handle>, width: f32) -> Element<'a, Message> {
    let height = width * 1.25;
    match handle {
        Some(handle) => image(handle.clone()).width(width).height(height).into(),
        None => container(text("无照片").size(style::SMALL).color(style::MUTED))
            .center_x(width)
            .center_y(height)
            .style(style::containers::photo_frame)
            .into(),
    }
}

/// One side of the comparison: photo and the facts that matter for a match.
fn profile(person: &Person, today: NaiveDate) -> Element<'_, Message> {
    let d = &person.member.data;
    let or_blank = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let lines = [
        (
            "年龄",
            d.birth
                .map_or("—".into(), |b| format!("{} 岁({})", b.age_on(today), b)),
        ),
        (
            "身高",
            d.height_cm.map_or("—".into(), |h| format!("{h} 厘米")),
        ),
        ("学历", d.education.map_or("—".into(), |e| e.label().into())),
        (
            "婚姻",
            d.marital_status.map_or("—".into(), |s| s.label().into()),
        ),
        ("户籍", d.hukou.map_or("—".into(), |h| h.label().into())),
        ("居住区", or_blank(&d.district)),
        ("职业", or_blank(&d.occupation)),
        ("住房", or_blank(&d.housing)),
        ("爱好", or_blank(&d.hobbies)),
    ];
    let mut facts = column![
        text(format!("{} · {}", d.name, person.member.number))
            .size(style::TEXT + 2.0)
            .color(style::INK),
    ]
    .spacing(4);
    for (label, value) in lines {
        facts = facts.push(
            row![
                text(label).size(style::SMALL).color(style::MUTED).width(56),
                text(value).size(style::TEXT),
            ]
            .spacing(6),
        );
    }
    column![photo(&person.photo, 96.0), facts]
        .spacing(8)
        .width(Length::FillPortion(1))
        .into()
}

/// The member's 择偶要求 in one line.
fn wishes(p: &Preferences) -> String {
    use crate::data::model::range_text as range;
    let parts: Vec<String> = [
        range(p.age_min, p.age_max, "岁"),
        range(p.height_min, p.height_max, "厘米"),
        p.education_min.map(Education::at_least),
        (!p.marital_statuses.is_empty()).then(|| {
            p.marital_statuses
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join("或")
        }),
        p.hukou.map(|h| format!("{}户籍", h.label())),
        p.requires_housing.then(|| "要求有房".to_string()),
        p.exclude_same_employer.then(|| "不要同单位".to_string()),
        (!p.other.trim().is_empty()).then(|| p.other.trim().to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "不限".to_string()
    } else {
        parts.join(" · ")
    }
}

/// Scrolls the candidates (shown one at a time) to `offset` from their top.
fn scroll_list_to(offset: f32) -> Task<Message> {
    iced::widget::operation::scroll_to(
        LIST_ID,
        iced::widget::operation::AbsoluteOffset {
            x: None,
            y: Some(offset),
        },
    )
}

/// The member's notices for the card: (the words, whether a warning in amber).
fn member_notes(pairing: &Pairing, name: &str) -> Vec<(String, bool)> {
    let mut notes = Vec::new();
    let excluded = pairing.excluded.describe();
    if !excluded.is_empty() {
        notes.push((format!("不再推荐:{excluded}"), false));
    }
    if !pairing.member_unchecked.is_empty() {
        notes.push((
            format!(
                "注意:{name}的{}(打开会员资料,看过证件后记一下)",
                pairing.member_unchecked.join("、")
            ),
            true,
        ));
    }
    if !pairing.family_conflicts.is_empty() {
        notes.push((
            format!(
                "家长和本人的要求不同:{}(配对按本人的要求)",
                pairing.family_conflicts.join(";")
            ),
            true,
        ));
    }
    if pairing.member_busy {
        notes.push((
            format!("注意:{name}目前有进行中的牵线,请先到「牵线记录」看看进展"),
            true,
        ));
    }
    notes
}
