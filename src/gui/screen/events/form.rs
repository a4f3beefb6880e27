//! 活动 → 新建活动 / 修改活动: an event's form (title, when and where, organiser, places, age
//! ranges, notes), checked as typed and saved by the core.

use crate::data::events::{Event, EventData};
use crate::data::model::Volunteer;
use crate::data::{Actor, Db, parse};
use crate::gui::{keyed, style, widget};
use iced::widget::{column, pick_list, row, text, text_input};
use iced::{Alignment, Element};
use std::fmt;

/// The title's box, where the keyboard is when the form opens.
pub const TITLE_ID: &str = "event_title";
/// The 负责红娘 choice, in the Tab order like a box.
const ORGANISER_ID: &str = "event_organiser";

#[derive(Debug, Clone)]
pub enum Message {
    Field(Field, String),
    Organiser(OrganiserChoice),
    Save,
    Cancel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Date,
    Time,
    Place,
    Theme,
    Men,
    Women,
    MenFrom,
    MenTo,
    WomenFrom,
    WomenTo,
    Notes,
}

impl Field {
    /// The box's id, for the focus and the Tab order.
    pub const fn id(self) -> &'static str {
        match self {
            Field::Title => TITLE_ID,
            Field::Date => "event_date",
            Field::Time => "event_time",
            Field::Place => "event_place",
            Field::Theme => "event_theme",
            Field::Men => "event_men",
            Field::Women => "event_women",
            Field::MenFrom => "event_men_from",
            Field::MenTo => "event_men_to",
            Field::WomenFrom => "event_women_from",
            Field::WomenTo => "event_women_to",
            Field::Notes => "event_notes",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganiserChoice {
    id: Option<i64>,
    name: String,
}

impl AsRef<str> for OrganiserChoice {
    fn as_ref(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for OrganiserChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

pub enum Action {
    None,
    Cancel,
    /// The event is saved; those on the waiting list named moved up into places it gained.
    Saved {
        id: i64,
        moved_up: Vec<String>,
    },
}

/// The boxes of an event's form, as typed.
#[derive(Debug, Clone, Default)]
pub struct Form {
    editing: Option<i64>,
    title: String,
    date: String,
    time: String,
    place: String,
    theme: String,
    organiser: Option<i64>,
    men: String,
    women: String,
    men_from: String,
    men_to: String,
    women_from: String,
    women_to: String,
    notes: String,
    error: Option<String>,
}

impl Form {
    /// A new event's form, organised by `organiser` unless changed.
    pub fn new(organiser: Option<i64>) -> Self {
        Self {
            organiser,
            ..Self::default()
        }
    }

    /// The form of `event`, to change it.
    pub fn edit(event: &Event) -> Self {
        let d = &event.data;
        let n = |v: Option<u16>| v.map(|v| v.to_string()).unwrap_or_default();
        Self {
            editing: Some(event.id),
            title: d.title.clone(),
            date: d.on_date.map(|d| d.to_string()).unwrap_or_default(),
            time: d.start_time.clone(),
            place: d.place.clone(),
            theme: d.theme.clone(),
            organiser: d.organiser_id,
            men: d.places_men.to_string(),
            women: d.places_women.to_string(),
            men_from: n(d.ages_men.0),
            men_to: n(d.ages_men.1),
            women_from: n(d.ages_women.0),
            women_to: n(d.ages_women.1),
            notes: d.notes.clone(),
            error: None,
        }
    }

    fn field(&mut self, field: Field) -> &mut String {
        match field {
            Field::Title => &mut self.title,
            Field::Date => &mut self.date,
            Field::Time => &mut self.time,
            Field::Place => &mut self.place,
            Field::Theme => &mut self.theme,
            Field::Men => &mut self.men,
            Field::Women => &mut self.women,
            Field::MenFrom => &mut self.men_from,
            Field::MenTo => &mut self.men_to,
            Field::WomenFrom => &mut self.women_from,
            Field::WomenTo => &mut self.women_to,
            Field::Notes => &mut self.notes,
        }
    }

    /// The event as typed, or what is wrong with it (the core checks the rest).
    fn data(&self) -> Result<EventData, String> {
        let on_date = if self.date.trim().is_empty() {
            None
        } else {
            Some(parse::date_or_message(&self.date)?)
        };
        let places = |text: &str, who: &str| -> Result<u32, String> {
            match parse::whole_number(text) {
                Ok(v) => Ok(u32::from(v.unwrap_or(0))),
                Err(_) => Err(format!("{who}名额请填数字(填的是“{}”)", text.trim())),
            }
        };
        let age = |text: &str| -> Result<Option<u16>, String> {
            parse::whole_number(text).map_err(|_| format!("年龄请填数字(填的是“{}”)", text.trim()))
        };
        Ok(EventData {
            title: self.title.clone(),
            on_date,
            start_time: self.time.clone(),
            place: self.place.clone(),
            theme: self.theme.clone(),
            organiser_id: self.organiser,
            places_men: places(&self.men, "男嘉宾")?,
            places_women: places(&self.women, "女嘉宾")?,
            ages_men: (age(&self.men_from)?, age(&self.men_to)?),
            ages_women: (age(&self.women_from)?, age(&self.women_to)?),
            notes: self.notes.clone(),
        })
    }

    pub fn update(&mut self, message: Message, db: &mut Db, actor: &Actor) -> Action {
        match message {
            Message::Field(field, value) => {
                *self.field(field) = value;
                self.error = None;
            }
            Message::Organiser(choice) => self.organiser = choice.id,
            Message::Cancel => return Action::Cancel,
            Message::Save => {
                let data = match self.data() {
                    Ok(data) => data,
                    Err(error) => {
                        self.error = Some(error);
                        return Action::None;
                    }
                };
                let saved = match self.editing {
                    None => db.create_event(actor, &data).map(|e| (e.id, Vec::new())),
                    Some(id) => db
                        .update_event(actor, id, &data, crate::data::today())
                        .map(|moved| (id, moved)),
                };
                match saved {
                    Err(error) => self.error = Some(error.to_string()),
                    Ok((id, moved)) => {
                        return Action::Saved {
                            id,
                            moved_up: moved.into_iter().map(|(_, name)| name).collect(),
                        };
                    }
                }
            }
        }
        Action::None
    }

    pub fn view<'a>(&'a self, volunteers: &'a [Volunteer]) -> Element<'a, Message> {
        let organisers: Vec<OrganiserChoice> = std::iter::once(OrganiserChoice {
            id: None,
            name: "(不指定)".into(),
        })
        .chain(
            volunteers
                .iter()
                .filter(|v| v.active)
                .map(|v| OrganiserChoice {
                    id: Some(v.id),
                    name: v.name.clone(),
                }),
        )
        .collect();
        let chosen = organisers.iter().find(|o| o.id == self.organiser).cloned();
        let at = organisers.iter().position(|o| o.id == self.organiser);
        let for_keys = organisers.clone();
        let organiser = keyed::keyed(
            ORGANISER_ID,
            pick_list(organisers, chosen, Message::Organiser)
                .text_size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::pick_list),
            move |key| {
                keyed::step_through(at, &for_keys, key)
                    .map(|i| Message::Organiser(for_keys[i].clone()))
            },
        );
        let ages = |from: &'a str, to: &'a str, f: Field, t: Field| -> Element<'a, Message> {
            row![
                input("", from, f, Some(70.0)),
                text("到").size(style::TEXT),
                input("", to, t, Some(70.0)),
                text("岁(空着为不限)").size(style::TEXT),
            ]
            .spacing(8)
            .align_y(Alignment::Center)
            .wrap()
            .into()
        };
        let places = row![
            text("男").size(style::TEXT),
            input("如 30", &self.men, Field::Men, Some(90.0)),
            text("位   女").size(style::TEXT),
            input("如 30", &self.women, Field::Women, Some(90.0)),
            text("位").size(style::TEXT),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .wrap();
        let mut page = column![
            widget::heading(if self.editing.is_some() {
                "修改活动"
            } else {
                "新建活动"
            }),
            widget::field(
                "活动名称",
                input("如 七夕相亲交友活动", &self.title, Field::Title, None),
                None
            ),
            widget::field(
                "日期",
                row![
                    input("2026-08-22", &self.date, Field::Date, Some(150.0)),
                    input("时间,如 14:00", &self.time, Field::Time, Some(170.0)),
                ]
                .spacing(8)
                .wrap(),
                None
            ),
            widget::field(
                "地点",
                input("如 燕子弄工作站", &self.place, Field::Place, None),
                None
            ),
            widget::field(
                "专场",
                input(
                    "如 教师、医护、新杭州人(空着为不限)",
                    &self.theme,
                    Field::Theme,
                    None
                ),
                None
            ),
            widget::field("负责红娘", organiser, None),
            widget::field("名额", places, None),
            widget::field(
                "男嘉宾年龄",
                ages(&self.men_from, &self.men_to, Field::MenFrom, Field::MenTo),
                None
            ),
            widget::field(
                "女嘉宾年龄",
                ages(
                    &self.women_from,
                    &self.women_to,
                    Field::WomenFrom,
                    Field::WomenTo
                ),
                None
            ),
            widget::field(
                "备注",
                input("如 请穿正装;费用 AA", &self.notes, Field::Notes, None),
                None
            ),
        ]
        .spacing(style::SPACING);
        if let Some(error) = &self.error {
            page = page.push(widget::banner(
                text(error).size(style::TEXT),
                style::containers::error_banner,
            ));
        }
        page = page.push(
            row![
                widget::primary("保存活动", Some(Message::Save)),
                widget::secondary("取消", Some(Message::Cancel)),
            ]
            .spacing(style::SPACING),
        );
        widget::sections(vec![page.into()]).into()
    }
}

/// A box of the form; Enter saves.
fn input<'a>(
    placeholder: &'a str,
    value: &'a str,
    field: Field,
    width: Option<f32>,
) -> Element<'a, Message> {
    let input = text_input(placeholder, value)
        .on_input(move |v| Message::Field(field, v))
        .on_submit(Message::Save)
        .size(style::TEXT)
        .padding(style::INPUT_PADDING)
        .style(style::input(false));
    let input = input.id(field.id());
    match width {
        Some(width) => input.width(width).into(),
        None => input.into(),
    }
}
