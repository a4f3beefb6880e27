//! 查询: one box and the conditions; results appear as the volunteer types. The query runs
//! off the UI thread on the search index; a result that arrives after a newer keystroke is
//! dropped. ↑/↓ choose a row, Enter opens it, Esc clears.

use crate::data::model::{
    Education, Gender, Hukou, MaritalStatus, MemberStatus, Volunteer, choices,
};
use crate::data::search::{Query, Results, SavedQuery, SearchIndex, SortBy};
use crate::data::{Db, parse};
use crate::gui::{style, table, widget};
use chrono::NaiveDate;
use iced::widget::{
    button, column, container, pick_list, responsive, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length};
use std::sync::Arc;

pub const QUERY_ID: &str = "search_query";
/// What the box matches, said in the box.
const SEARCH_HINT: &str = "姓名、拼音(如 zxm)、会员编号、职业,或手机号的几位数字";
pub const PAGE_SIZE: usize = 30;
const ANY: &str = "不限";

/// A condition field typed as text (numbers and dates), kept as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Typed {
    AgeMin,
    AgeMax,
    HeightMin,
    HeightMax,
    RegisteredFrom,
    RegisteredTo,
}

/// A condition chosen from a list; the value is the label shown ("不限" for any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Gender,
    Education,
    Marital,
    Hukou,
    District,
    Status,
    Volunteer,
    HasPhoto,
    ByRelative,
}

#[derive(Debug, Clone)]
pub enum Message {
    Text(String),
    Typed(Typed, String),
    Choose(Choice, String),
    Sort(SortBy),
    Results(u64, Results),
    Move(i32),
    OpenSelected,
    OpenRow(usize),
    Page(usize),
    Clear,
    ClearConditions,
    SaveNameChanged(String),
    SaveQuery,
    ApplySaved(usize),
    DeleteSaved(usize),
    /// Show or fold the conditions.
    ToggleConditions(bool),
    /// 本站 or 全区 (the other stations' shared members, as of the last sync).
    Scope(Scope),
    /// The 全区 index, read from the mirror in the background.
    DistrictIndex(Result<Arc<SearchIndex>, String>),
}

pub use crate::gui::widget::Scope;

pub enum Action {
    None,
    /// Run this query (numbered, so late answers can be recognised), in this index instead of
    /// the station's when given (全区).
    Search(u64, Query, Option<Arc<SearchIndex>>),
    /// Read the 全区 index from the mirror.
    LoadDistrict,
    Open(i64),
    /// A line for the banner at the top.
    Notice(String),
    /// Scroll the table to the chosen row (after coming back).
    ShowSelected,
}

#[derive(Default)]
pub struct Search {
    query: Query,
    typed: std::collections::HashMap<Typed, String>,
    generation: u64,
    results: Option<Results>,
    selected: usize,
    save_name: String,
    /// 常用查询: the station's saved sets of conditions.
    saved: Vec<SavedQuery>,
    problems: Vec<&'static str>,
    /// Coming back to the page: the next answer keeps the chosen row instead of the first.
    keep_place: bool,
    /// The conditions shown in full (`true`) or folded to one line (`false`); `None`: open
    /// when the window is tall enough to leave room for the results.
    conditions_open: Option<bool>,
    scope: Scope,
    /// The 全区 index once read (`Err`: why it could not be).
    district: Option<Result<Arc<SearchIndex>, String>>,
}

/// Below this height (logical pixels) the conditions start folded, so that the results keep
/// at least eight rows on screen.
const TALL: f32 = 800.0;
/// From this width the line above the results has room for the keys' hint.
const WIDE: f32 = 760.0;
/// On a short page the open conditions take at most this share of its height and scroll on
/// their own, so that the results keep at least five rows in sight.
const CONDITIONS_SHARE: f32 = 0.3;

fn yes_no(value: Option<bool>, yes: &'static str, no: &'static str) -> &'static str {
    match value {
        None => ANY,
        Some(true) => yes,
        Some(false) => no,
    }
}

impl Search {
    pub fn new(db: &Db) -> Self {
        Self {
            saved: db.saved_queries().unwrap_or_default(),
            ..Self::default()
        }
    }

    /// The number of the newest query asked for.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn query(&self) -> &Query {
        &self.query
    }

    /// Forgets results that point into an index that is being replaced, and asks again.
    pub fn index_replaced(&mut self) -> Action {
        self.results = None;
        self.refresh()
    }

    /// Back on the page after a member was opened from it: the same query asked again (the
    /// member may have changed), with the same row chosen.
    pub fn returned(&mut self) -> Action {
        self.keep_place = true;
        self.refresh()
    }

    /// Asks for the current query again.
    pub fn refresh(&mut self) -> Action {
        self.generation += 1;
        match self.scope {
            Scope::Station => Action::Search(self.generation, self.query.clone(), None),
            Scope::District => match &self.district {
                Some(Ok(index)) => {
                    Action::Search(self.generation, self.query.clone(), Some(index.clone()))
                }
                Some(Err(_)) => Action::None,
                None => Action::LoadDistrict,
            },
        }
    }

    /// The index the page shows: the station's, or the 全区 one.
    fn shown<'a>(&'a self, station: Option<&'a SearchIndex>) -> Option<&'a SearchIndex> {
        match self.scope {
            Scope::Station => station,
            Scope::District => self.district.as_ref().and_then(|d| d.as_deref().ok()),
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &Db,
        index: Option<&SearchIndex>,
        volunteers: &[Volunteer],
    ) -> Action {
        let index = self.shown(index);
        match message {
            Message::Scope(scope) => {
                self.scope = scope;
                self.results = None;
                self.selected = 0;
                // Read afresh each time: a sync may have brought more.
                if scope == Scope::District {
                    self.district = None;
                }
                self.refresh()
            }
            Message::DistrictIndex(index) => {
                self.district = Some(index);
                self.refresh()
            }
            Message::Text(text) => {
                self.query.text = text;
                self.refresh()
            }
            Message::Typed(field, value) => {
                self.typed.insert(field, value);
                self.read_typed();
                self.refresh()
            }
            Message::Choose(choice, label) => {
                self.choose(choice, &label, volunteers);
                self.refresh()
            }
            Message::Sort(sort) => {
                self.query.sort = sort;
                self.refresh()
            }
            Message::Results(generation, results) => {
                // An answer to an older query is dropped: a newer one is on its way.
                if generation != self.generation {
                    return Action::None;
                }
                let kept = std::mem::take(&mut self.keep_place);
                self.selected = if kept {
                    self.selected.min(results.len().saturating_sub(1))
                } else {
                    0
                };
                self.results = Some(results);
                if kept {
                    Action::ShowSelected
                } else {
                    Action::None
                }
            }
            Message::Move(step) => {
                if let Some(results) = &self.results
                    && !results.is_empty()
                {
                    let last = results.len() as i64 - 1;
                    self.selected =
                        (self.selected as i64 + i64::from(step)).clamp(0, last) as usize;
                }
                Action::None
            }
            Message::Page(page) => {
                self.selected = page * PAGE_SIZE;
                Action::None
            }
            Message::OpenSelected => self.open(self.selected, index),
            Message::OpenRow(row) => self.open(self.page() * PAGE_SIZE + row, index),
            Message::Clear => {
                self.query.text.clear();
                self.refresh()
            }
            Message::ClearConditions => {
                self.query = Query {
                    text: std::mem::take(&mut self.query.text),
                    ..Query::default()
                };
                self.typed.clear();
                self.problems.clear();
                self.refresh()
            }
            Message::SaveNameChanged(name) => {
                self.save_name = name;
                Action::None
            }
            Message::ToggleConditions(open) => {
                self.conditions_open = Some(open);
                Action::None
            }
            Message::SaveQuery => match db.save_query(&self.save_name, &self.query) {
                Ok(all) => {
                    self.saved = all;
                    let name = std::mem::take(&mut self.save_name);
                    Action::Notice(format!("已保存常用查询“{}”", name.trim()))
                }
                Err(error) => Action::Notice(error.to_string()),
            },
            Message::ApplySaved(i) => match self.saved.get(i).cloned() {
                Some(saved) => self.apply(&saved),
                None => Action::None,
            },
            Message::DeleteSaved(i) => {
                let Some(name) = self.saved.get(i).map(|s| s.name.clone()) else {
                    return Action::None;
                };
                match db.delete_saved_query(&name) {
                    Ok(all) => {
                        self.saved = all;
                        Action::None
                    }
                    Err(error) => Action::Notice(error.to_string()),
                }
            }
        }
    }

    /// Puts a saved query in place.
    fn apply(&mut self, saved: &SavedQuery) -> Action {
        self.query = saved.query.clone();
        self.typed.clear();
        let number = |n: Option<u16>| n.map(|n| n.to_string()).unwrap_or_default();
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        self.typed.insert(Typed::AgeMin, number(self.query.age_min));
        self.typed.insert(Typed::AgeMax, number(self.query.age_max));
        self.typed
            .insert(Typed::HeightMin, number(self.query.height_min));
        self.typed
            .insert(Typed::HeightMax, number(self.query.height_max));
        self.typed
            .insert(Typed::RegisteredFrom, date(self.query.registered_from));
        self.typed
            .insert(Typed::RegisteredTo, date(self.query.registered_to));
        self.save_name = saved.name.clone();
        self.problems.clear();
        self.refresh()
    }

    /// Where the chosen row is within its page, from 0.0 (top) to 1.0 (bottom).
    pub fn selected_fraction(&self) -> f32 {
        let on_page = self.results.as_ref().map_or(1, |r| {
            r.len()
                .saturating_sub(self.page() * PAGE_SIZE)
                .min(PAGE_SIZE)
        });
        if on_page <= 1 {
            0.0
        } else {
            (self.selected % PAGE_SIZE) as f32 / (on_page - 1) as f32
        }
    }

    fn page(&self) -> usize {
        self.selected / PAGE_SIZE
    }

    fn open(&self, row: usize, index: Option<&SearchIndex>) -> Action {
        if self.scope == Scope::District {
            return Action::Notice(
                "这是其他站点的会员:到「配对」选本站的会员,在“全区”里看双方的要求,再向对方站点请求介绍".into(),
            );
        }
        match (
            index,
            self.results.as_ref().and_then(|r| r.positions.get(row)),
        ) {
            (Some(index), Some(&position)) if (position as usize) < index.len() => {
                Action::Open(index.member_id(position))
            }
            _ => Action::None,
        }
    }

    fn typed(&self, field: Typed) -> &str {
        self.typed.get(&field).map_or("", String::as_str)
    }

    /// Reads the typed conditions; what cannot be read is named and left out (not guessed).
    fn read_typed(&mut self) {
        self.problems.clear();
        let mut number =
            |field: Typed, what: &'static str| match parse::whole_number(self.typed(field)) {
                Ok(value) => value,
                Err(_) => {
                    self.problems.push(what);
                    None
                }
            };
        let age_min = number(Typed::AgeMin, "年龄请填数字");
        let age_max = number(Typed::AgeMax, "年龄请填数字");
        let height_min = number(Typed::HeightMin, "身高请填数字(厘米)");
        let height_max = number(Typed::HeightMax, "身高请填数字(厘米)");
        let mut date = |field: Typed| {
            let text = self.typed(field).trim().to_string();
            let value = parse::date(&text);
            if value.is_none() && !text.is_empty() {
                self.problems.push("日期请写成 2026-11-21");
            }
            value
        };
        let registered_from = date(Typed::RegisteredFrom);
        let registered_to = date(Typed::RegisteredTo);
        self.problems.dedup();
        self.query.age_min = age_min;
        self.query.age_max = age_max;
        self.query.height_min = height_min;
        self.query.height_max = height_max;
        self.query.registered_from = registered_from;
        self.query.registered_to = registered_to;
    }

    fn choose(&mut self, choice: Choice, label: &str, volunteers: &[Volunteer]) {
        let any = label == ANY;
        let q = &mut self.query;
        match choice {
            Choice::Gender => q.gender = Gender::parse(label),
            Choice::Education => {
                q.education_min = Education::ALL
                    .iter()
                    .copied()
                    .find(|e| e.at_least() == label)
            }
            Choice::Marital => q.marital_status = MaritalStatus::parse(label),
            Choice::Hukou => q.hukou = Hukou::parse(label),
            Choice::District => q.district = (!any).then(|| label.to_string()),
            Choice::Status => q.status = MemberStatus::parse(label),
            Choice::Volunteer => {
                q.volunteer_id = volunteers.iter().find(|v| v.name == label).map(|v| v.id)
            }
            Choice::HasPhoto => q.has_photo = (!any).then_some(label == "有照片"),
            Choice::ByRelative => q.by_relative = (!any).then_some(label == "亲属代登记"),
        }
    }

    fn selected_label(&self, choice: Choice, volunteers: &[Volunteer]) -> String {
        let q = &self.query;
        let label = match choice {
            Choice::Gender => q.gender.map(|g| g.label().to_string()),
            Choice::Education => q.education_min.map(Education::at_least),
            Choice::Marital => q.marital_status.map(|m| m.label().to_string()),
            Choice::Hukou => q.hukou.map(|h| h.label().to_string()),
            Choice::District => q.district.clone(),
            Choice::Status => q.status.map(|s| s.label().to_string()),
            Choice::Volunteer => q
                .volunteer_id
                .and_then(|id| volunteers.iter().find(|v| v.id == id))
                .map(|v| v.name.clone()),
            Choice::HasPhoto => Some(yes_no(q.has_photo, "有照片", "没有照片").to_string()),
            Choice::ByRelative => Some(yes_no(q.by_relative, "亲属代登记", "本人登记").to_string()),
        };
        label.unwrap_or_else(|| ANY.to_string())
    }

    fn options(choice: Choice, volunteers: &[Volunteer]) -> Vec<String> {
        let mut options = vec![ANY.to_string()];
        let labels: Vec<String> = match choice {
            Choice::Gender => Gender::ALL.iter().map(|g| g.label().to_string()).collect(),
            Choice::Education => Education::ALL.iter().map(|e| e.at_least()).collect(),
            Choice::Marital => MaritalStatus::ALL
                .iter()
                .map(|m| m.label().to_string())
                .collect(),
            Choice::Hukou => Hukou::ALL.iter().map(|h| h.label().to_string()).collect(),
            Choice::District => choices::DISTRICTS.iter().map(|d| d.to_string()).collect(),
            Choice::Status => MemberStatus::ALL
                .iter()
                .map(|s| s.label().to_string())
                .collect(),
            Choice::Volunteer => volunteers.iter().map(|v| v.name.clone()).collect(),
            Choice::HasPhoto => vec!["有照片".into(), "没有照片".into()],
            Choice::ByRelative => vec!["亲属代登记".into(), "本人登记".into()],
        };
        options.extend(labels);
        options
    }

    fn pick<'a>(
        &'a self,
        label: &'a str,
        choice: Choice,
        volunteers: &'a [Volunteer],
    ) -> Element<'a, Message> {
        let list = pick_list(
            Self::options(choice, volunteers),
            Some(self.selected_label(choice, volunteers)),
            move |value| Message::Choose(choice, value),
        )
        .text_size(style::TEXT)
        .padding([6, 8])
        .style(style::pick_list);
        row![text(label).size(style::TEXT), list]
            .spacing(6)
            .align_y(Alignment::Center)
            .into()
    }

    fn range<'a>(
        &'a self,
        label: &'a str,
        from: Typed,
        to: Typed,
        width: f32,
    ) -> Element<'a, Message> {
        let input = |field: Typed| {
            text_input(ANY, self.typed(field))
                .on_input(move |value| Message::Typed(field, value))
                .size(style::TEXT)
                .padding([6, 8])
                .width(width)
                .style(style::input(false))
        };
        row![
            text(label).size(style::TEXT),
            input(from),
            text("至").size(style::TEXT),
            input(to)
        ]
        .spacing(6)
        .align_y(Alignment::Center)
        .into()
    }

    /// The conditions in force, each as a short label ("女", "25–30 岁", "本科及以上"), for
    /// the folded line.
    fn active_conditions(&self, volunteers: &[Volunteer]) -> Vec<String> {
        let q = &self.query;
        let range = |min: Option<u16>, max: Option<u16>, unit: &str| match (min, max) {
            (None, None) => None,
            (Some(a), Some(b)) => Some(format!("{a}–{b} {unit}")),
            (Some(a), None) => Some(format!("{a} {unit}以上")),
            (None, Some(b)) => Some(format!("{b} {unit}以下")),
        };
        let mut active = Vec::new();
        active.extend(q.gender.map(|g| g.label().to_string()));
        active.extend(range(q.age_min, q.age_max, "岁"));
        active.extend(range(q.height_min, q.height_max, "厘米").map(|h| format!("身高 {h}")));
        active.extend(q.education_min.map(Education::at_least));
        active.extend(q.marital_status.map(|m| m.label().to_string()));
        active.extend(q.hukou.map(|h| format!("户籍{}", h.label())));
        active.extend(q.district.clone());
        active.extend(q.status.map(|s| s.label().to_string()));
        for choice in [Choice::Volunteer, Choice::HasPhoto, Choice::ByRelative] {
            let label = self.selected_label(choice, volunteers);
            if label != ANY {
                active.push(match choice {
                    Choice::Volunteer => format!("红娘 {label}"),
                    _ => label,
                });
            }
        }
        match (q.registered_from, q.registered_to) {
            (None, None) => {}
            (from, to) => active.push(format!(
                "{} {}–{}",
                if self.scope == Scope::District {
                    "共享于"
                } else {
                    "登记于"
                },
                from.map(|d| d.to_string()).unwrap_or_default(),
                to.map(|d| d.to_string()).unwrap_or_default()
            )),
        }
        active
    }

    /// The conditions in full, with the 常用查询.
    fn conditions_panel<'a>(&'a self, volunteers: &'a [Volunteer]) -> Element<'a, Message> {
        let conditions = column![
            row![
                self.pick("性别", Choice::Gender, volunteers),
                self.range("年龄", Typed::AgeMin, Typed::AgeMax, 64.0),
                self.range("身高", Typed::HeightMin, Typed::HeightMax, 64.0),
                self.pick("学历", Choice::Education, volunteers),
                self.pick("婚姻", Choice::Marital, volunteers),
                self.pick("户籍", Choice::Hukou, volunteers),
                self.pick("现居住区", Choice::District, volunteers),
                self.pick("状态", Choice::Status, volunteers),
                self.pick("负责红娘", Choice::Volunteer, volunteers),
                self.pick("照片", Choice::HasPhoto, volunteers),
                self.pick("登记人", Choice::ByRelative, volunteers),
                self.range(
                    if self.scope == Scope::District {
                        "共享日期"
                    } else {
                        "登记日期"
                    },
                    Typed::RegisteredFrom,
                    Typed::RegisteredTo,
                    130.0
                ),
                row![
                    text("排序").size(style::TEXT),
                    pick_list(&SortBy::ALL[..], Some(self.query.sort), Message::Sort)
                        .text_size(style::TEXT)
                        .padding([6, 8])
                        .style(style::pick_list)
                ]
                .spacing(6)
                .align_y(Alignment::Center),
                widget::secondary("清除条件", Some(Message::ClearConditions)),
            ]
            .spacing(style::GAP)
            .wrap()
            .vertical_spacing(10),
        ]
        .spacing(10);

        let mut favourites = row![text("常用查询").size(style::TEXT)]
            .spacing(8)
            .align_y(Alignment::Center);
        for (i, entry) in self.saved.iter().enumerate() {
            favourites = favourites.push(
                row![
                    button(text(entry.name.as_str()).size(style::TEXT))
                        .padding([6, 12])
                        .style(style::buttons::choice(false))
                        .on_press(Message::ApplySaved(i)),
                    button(text("删除").size(style::SMALL))
                        .padding([6, 8])
                        .style(style::buttons::secondary)
                        .on_press(Message::DeleteSaved(i)),
                ]
                .spacing(2),
            );
        }
        favourites = favourites.push(
            text_input("给这组条件起个名字", &self.save_name)
                .id("saved_query_name")
                .on_input(Message::SaveNameChanged)
                .on_submit(Message::SaveQuery)
                .size(style::TEXT)
                .padding([6, 8])
                .width(180)
                .style(style::input(false)),
        );
        favourites = favourites.push(widget::secondary(
            "保存为常用查询",
            Some(Message::SaveQuery),
        ));
        let mut panel =
            column![conditions, favourites.wrap().vertical_spacing(8)].spacing(style::SPACING);
        if !self.problems.is_empty() {
            panel = panel.push(
                text(format!("{}(这一项暂不计入条件)", self.problems.join(";")))
                    .size(style::TEXT)
                    .color(style::ERROR),
            );
        }
        container(panel)
            .padding(12)
            .width(Length::Fill)
            .style(style::containers::section)
            .into()
    }

    /// The conditions folded into one line: what is in force, and the way to change it.
    fn conditions_line<'a>(&'a self, active: Vec<String>) -> Element<'a, Message> {
        let mut line = row![].spacing(8).align_y(Alignment::Center);
        if active.is_empty() {
            line = line.push(widget::muted(if self.query.text.trim().is_empty() {
                "没有条件:列出全部会员"
            } else {
                "没有其他条件:只按输入的字查找"
            }));
        } else {
            line = line.push(text("条件").size(style::TEXT));
            for label in active {
                line = line.push(
                    container(text(label).size(style::TEXT))
                        .padding([4, 10])
                        .style(style::containers::chip),
                );
            }
            line = line.push(widget::secondary(
                "清除条件",
                Some(Message::ClearConditions),
            ));
        }
        if !self.problems.is_empty() {
            line = line.push(
                text(format!("{}(这一项暂不计入条件)", self.problems.join(";")))
                    .size(style::TEXT)
                    .color(style::ERROR),
            );
        }
        line.wrap().vertical_spacing(6).into()
    }

    pub fn view<'a>(
        &'a self,
        index: Option<&'a SearchIndex>,
        volunteers: &'a [Volunteer],
        today: NaiveDate,
    ) -> Element<'a, Message> {
        let index = self.shown(index);
        responsive(move |size| {
            let open = self.conditions_open.unwrap_or(size.height >= TALL);
            self.layout(index, volunteers, today, open, size)
        })
        .into()
    }

    fn layout<'a>(
        &'a self,
        index: Option<&'a SearchIndex>,
        volunteers: &'a [Volunteer],
        today: NaiveDate,
        open: bool,
        size: iced::Size,
    ) -> Element<'a, Message> {
        let wide = size.width >= WIDE;
        let active = self.active_conditions(volunteers);
        let count = active.len();
        let toggle = if open {
            "收起条件 ▲".to_string()
        } else if count == 0 {
            "按条件查找 ▼".to_string()
        } else {
            format!("修改条件({count} 项)▼")
        };
        let query_box = row![
            text_input(SEARCH_HINT, &self.query.text)
                .id(QUERY_ID)
                .on_input(Message::Text)
                .on_submit(Message::OpenSelected)
                .size(style::TEXT + 2.0)
                .padding(10)
                .style(style::input(false)),
            widget::with_key(
                widget::secondary(
                    "清空",
                    (!self.query.text.is_empty()).then_some(Message::Clear)
                ),
                "Esc"
            ),
            widget::secondary(toggle, Some(Message::ToggleConditions(!open))),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);

        let scopes = widget::scope_choice(self.scope, Message::Scope);
        let mut page = column![query_box].spacing(style::SPACING);
        page = if open && size.height < TALL {
            // A short page: 本站/全区 goes with the conditions, which scroll on their own.
            let panel = column![scopes, self.conditions_panel(volunteers)].spacing(style::SPACING);
            page.push(
                container(scrollable(panel).height(Length::Shrink))
                    .max_height(size.height * CONDITIONS_SHARE),
            )
        } else if open {
            page.push(scopes).push(self.conditions_panel(volunteers))
        } else {
            page.push(scopes).push(self.conditions_line(active))
        };

        if let Some(Err(error)) = &self.district
            && self.scope == Scope::District
        {
            return page
                .push(widget::banner(
                    text(error).size(style::TEXT),
                    style::containers::error_banner,
                ))
                .into();
        }
        let (Some(index), Some(results)) = (index, &self.results) else {
            return page.push(widget::muted("正在准备查询……")).into();
        };
        if self.scope == Scope::District && index.is_empty() {
            return page
                .push(widget::banner(
                    text(widget::NO_DISTRICT_YET).size(style::TEXT),
                    style::containers::warning_banner,
                ))
                .into();
        }
        let total = results.len();
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let current = self.page().min(pages - 1);
        let rows: Vec<_> = results
            .positions
            .iter()
            .skip(current * PAGE_SIZE)
            .take(PAGE_SIZE)
            .filter(|&&p| (p as usize) < index.len())
            .map(|&p| index.summary(p))
            .collect();
        let whose = if self.scope == Scope::District {
            "全区(其他站点同意共享的,截至上次同步)"
        } else {
            ""
        };
        let summary = if self.query.text.trim().is_empty() {
            format!("{whose}找到 {total} 位会员")
        } else {
            format!("{whose}找到 {total} 位会员,最符合的在前")
        };
        let selected_row =
            (self.selected / PAGE_SIZE == current).then_some(self.selected % PAGE_SIZE);
        let pager = row![
            widget::secondary("上一页", (current > 0).then(|| Message::Page(current - 1))),
            text(format!("第 {} / {} 页", current + 1, pages)).size(style::TEXT),
            widget::secondary(
                "下一页",
                (current + 1 < pages).then(|| Message::Page(current + 1))
            ),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center);
        // The keys' hint only where there is room for it beside the pages.
        let mut status = row![text(summary).size(style::TEXT)]
            .spacing(style::SPACING)
            .align_y(Alignment::Center);
        if wide {
            status = status.push(widget::muted("↑↓ 选择,回车打开"));
        }
        page.push(
            row![status, iced::widget::space::horizontal(), pager]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
        )
        .push(table::members_titled(
            rows,
            today,
            selected_row,
            Message::OpenRow,
            "没有找到符合的会员。",
            crate::data::search::phone_query(&self.query.text),
            if self.scope == Scope::District {
                &[("登记日期", "共享日期")]
            } else {
                &[]
            },
        ))
        .height(Length::Fill)
        .into()
    }
}
