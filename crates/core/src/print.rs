//! 打印: A4 pages made in-process as PDF — the member's registration sheet (会员登记表), the blank
//! sheet for hand-filling, the 介绍卡 for the other side of an introduction (also as a PNG image),
//! the sheets of everyone registered on a day, the statistics report and a member's own data.
//!
//! Layout lives in the typst templates of `assets/print/` (editable by anyone who can read a
//! form); this module only gathers the facts, words them once, and hands them to the template as
//! JSON data through `sys.inputs` — never spliced into markup, so a `#` or `*` typed into a
//! member's self-introduction prints as typed. The bundled Noto Sans CJK font is embedded as a
//! subset.

use super::db::Db;
use super::error::{Error, Result};
use super::fields;
use super::masking::{surname_title, without_contacts, without_identifiers};
use super::model::{
    Education, Member, MemberData, MemberStatus, RegistrantRelation, mask_phone, range_text,
};
use super::signin::Actor;
use super::stats::Stats;
use chrono::{Datelike, NaiveDate};
use serde_json::{Value as Json, json};
use std::sync::{Arc, LazyLock};
use typst::diag::{FileError, FileResult, Severity};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

const FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSansCJKsc-Subset.otf");

/// The templates, by the name they import each other under.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "common.typ",
        include_str!("../../../assets/print/common.typ"),
    ),
    ("sheet.typ", include_str!("../../../assets/print/sheet.typ")),
    ("card.typ", include_str!("../../../assets/print/card.typ")),
    (
        "report.typ",
        include_str!("../../../assets/print/report.typ"),
    ),
    (
        "own_data.typ",
        include_str!("../../../assets/print/own_data.typ"),
    ),
    ("event.typ", include_str!("../../../assets/print/event.typ")),
    ("happy.typ", include_str!("../../../assets/print/happy.typ")),
    (
        "yearly.typ",
        include_str!("../../../assets/print/yearly.typ"),
    ),
    (
        "volunteers.typ",
        include_str!("../../../assets/print/volunteers.typ"),
    ),
];

/// The most pixels a page is rendered with (a phone card is about 2 million).
pub const MAX_PIXELS: f64 = 12_000_000.0;
/// The most pages one print job makes (a day of 2,000 registrations would be more than the
/// station ever has); more is refused rather than filling the memory.
pub const MAX_PAGES: usize = 3000;
/// The most characters of one text that reach a page: the longest field of the sheet is 2,000
/// (自我介绍); anything longer (data saved by hand, an older version) is cut with "…".
pub const MAX_PRINTED_CHARS: usize = 2000;

/// Cuts every text in `value` to [`MAX_PRINTED_CHARS`].
fn bounded(value: &mut Json) {
    match value {
        Json::String(text) => {
            if let Some((cut, _)) = text.char_indices().nth(MAX_PRINTED_CHARS) {
                text.truncate(cut);
                text.push('…');
            }
        }
        Json::Array(items) => items.iter_mut().for_each(bounded),
        Json::Object(fields) => fields.values_mut().for_each(bounded),
        _ => {}
    }
}

/// A 介绍卡 image is rendered at 3 pixels per point: about 1,250 pixels wide, sharp on a phone.
pub const IMAGE_PIXELS_PER_POINT: f32 = 3.0;

/// The station's name when none is set.
const DEFAULT_STATION: &str = "相亲工作站";

/// A self-introduction longer than this many characters is printed smaller so the sheet keeps to
/// one page (up to about 600 characters; a longer one continues on a second page, never cut).
const LONG_TEXT: usize = 260;

/// The most sheets printed at once (a day's registrations); more would take minutes to lay out.
pub const MAX_SHEETS: usize = 300;

/// Something to print.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// A member's 会员登记表; phone and WeChat masked unless `full_contacts`.
    Sheet { member: i64, full_contacts: bool },
    /// The form with empty boxes.
    Blank,
    /// The 介绍卡 of a member, as an A4 page or (`image`) a phone-sized card for a PNG.
    Card { member: i64, image: bool },
    /// The sheets of every member registered on a day.
    Day(NaiveDate),
    /// The statistics report for a period.
    Report {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    /// A member's own data, printed for them on request.
    OwnData { member: i64 },
    /// A 联谊活动's printouts.
    Event { event: i64, sheet: EventSheet },
    /// 年度工作报告: the station's figures for a period on one A4 page.
    Yearly { from: NaiveDate, to: NaiveDate },
    /// 红娘志愿服务记录: every volunteer's service over a period, the roll and a page each.
    Volunteers { from: NaiveDate, to: NaiveDate },
    /// 喜报 of a married couple who both agreed to publicity: A5, or (`image`) phone-sized for
    /// WeChat; with the photo in the file, if one is given.
    HappyNews {
        introduction: i64,
        image: bool,
        photo: Option<std::path::PathBuf>,
    },
}

/// What of an event is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSheet {
    /// 邀请电话名单: the members to call, with their full phone (recorded in the 操作记录).
    Calls,
    /// 签到名单 for the organiser: names, numbers, masked phones, a box to tick.
    Attendees,
    /// 胸牌: badge number and surname only, with cut lines.
    Badges,
    /// 互选结果条: each attendee's mutual matches, by number and surname only.
    Slips,
    /// 主持人座位表: a page per zone with its tables and who sits where each round.
    Seating,
    /// 嘉宾座位条: each guest's zone and table per round.
    SeatSlips,
    /// 心动卡: each guest's card with the badges of the other gender they meet, to tick.
    Cards,
}

impl EventSheet {
    pub fn label(self) -> &'static str {
        match self {
            EventSheet::Calls => "邀请电话名单",
            EventSheet::Attendees => "签到名单",
            EventSheet::Badges => "胸牌",
            EventSheet::Slips => "互选结果条",
            EventSheet::Seating => "主持人座位表",
            EventSheet::SeatSlips => "嘉宾座位条",
            EventSheet::Cards => "心动卡",
        }
    }
}

/// A laid-out document: pages to preview, a PDF to save or print, PNG images.
#[derive(Clone)]
pub struct Printout {
    /// What it is, for the window title and file name: "会员登记表 H2024-0012 王倩".
    pub title: String,
    document: Arc<PagedDocument>,
}

impl std::fmt::Debug for Printout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Printout")
            .field("title", &self.title)
            .field("pages", &self.page_count())
            .finish()
    }
}

impl Printout {
    pub fn page_count(&self) -> usize {
        self.document.pages().len()
    }

    /// The PDF file's bytes.
    pub fn pdf(&self) -> Result<Vec<u8>> {
        typst_pdf::pdf(&self.document, &typst_pdf::PdfOptions::default())
            .map_err(|errors| Error::Print(messages(&errors)))
    }

    /// One page as RGBA pixels (`width`, `height`, pixels) at `pixels_per_point` (2.0 ≈ 144 dpi),
    /// or less where the page would need more than [`MAX_PIXELS`] (a card grown very long).
    pub fn rgba(&self, page: usize, pixels_per_point: f32) -> Option<(u32, u32, Vec<u8>)> {
        let page = self.document.pages().get(page)?;
        let area = page.frame.width().to_pt() * page.frame.height().to_pt();
        let wanted = f64::from(pixels_per_point).max(0.01);
        let scale = if area * wanted * wanted > MAX_PIXELS {
            // A little under, for the rounding up to whole pixels.
            (MAX_PIXELS / area.max(1.0)).sqrt() * 0.995
        } else {
            wanted
        };
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(scale),
            render_bleed: false,
        };
        let pixmap = typst_render::render(page, &options);
        let (width, height) = (pixmap.width(), pixmap.height());
        // tiny-skia keeps premultiplied alpha; the pages are opaque, so the bytes are plain RGBA.
        Some((width, height, pixmap.take()))
    }

    /// One page as a PNG file's bytes.
    pub fn png(&self, page: usize, pixels_per_point: f32) -> Result<Vec<u8>> {
        let (width, height, pixels) = self
            .rgba(page, pixels_per_point)
            .ok_or_else(|| Error::Print("没有这一页".into()))?;
        let image = image::RgbaImage::from_raw(width, height, pixels)
            .ok_or_else(|| Error::Print("图片尺寸不对".into()))?;
        let mut bytes = std::io::Cursor::new(Vec::new());
        image
            .write_to(&mut bytes, image::ImageFormat::Png)
            .map_err(|e| Error::Print(e.to_string()))?;
        Ok(bytes.into_inner())
    }
}

impl Db {
    /// Lays out `job`. Printing full contacts and a member's own data are recorded in the log
    /// under `actor`.
    pub fn print(&self, job: &Job, actor: &Actor, today: NaiveDate) -> Result<Printout> {
        let mut photos = Vec::new();
        let (template, title, data) = match job {
            Job::Sheet {
                member,
                full_contacts,
            } => {
                let m = self.member(*member)?;
                if *full_contacts {
                    self.record_event(
                        actor,
                        super::audit::Kind::Reveal,
                        Some(*member),
                        "打印了带完整手机号和微信的登记表",
                    )?;
                }
                photos.push(self.photo(m.id)?);
                let title = format!("会员登记表 {} {}", m.number, m.data.name);
                let sheet = sheet_json(Some(&m), *full_contacts, today);
                ("sheet.typ", title, json!({ "sheets": [sheet] }))
            }
            Job::Blank => (
                "sheet.typ",
                "空白会员登记表".to_string(),
                json!({ "sheets": [sheet_json(None, false, today)] }),
            ),
            Job::Day(day) => {
                let members = self.members_registered_on(*day)?;
                if members.is_empty() {
                    return Err(Error::Refused(format!("{day} 没有登记的会员")));
                }
                if members.len() > MAX_SHEETS {
                    return Err(Error::Refused(format!(
                        "{day} 登记了 {} 人,一次最多打印 {MAX_SHEETS} 份登记表",
                        members.len()
                    )));
                }
                let mut sheets = Vec::new();
                for m in &members {
                    photos.push(self.photo(m.id)?);
                    sheets.push(sheet_json(Some(m), false, today));
                }
                let title = format!("{day} 登记的会员登记表({} 份)", members.len());
                ("sheet.typ", title, json!({ "sheets": sheets }))
            }
            Job::Card { member, image } => {
                let m = self.member(*member)?;
                card_allowed(&m)?;
                photos.push(self.photo(m.id)?);
                let card = card_json(&m, today);
                let title = format!(
                    "介绍卡 {} {}",
                    m.number,
                    card["title"].as_str().unwrap_or("")
                );
                let format = if *image { "image" } else { "a4" };
                ("card.typ", title, json!({ "card": card, "format": format }))
            }
            Job::Report { from, to } => return self.print_report(&self.stats(*from, *to, today)?),
            Job::Yearly { from, to } => {
                let report = self.yearly_report(*from, *to, today)?;
                (
                    "yearly.typ",
                    format!("年度工作报告 {}", report.period_text()),
                    yearly_json(&report),
                )
            }
            Job::Volunteers { from, to } => {
                let stats = self.stats(Some(*from), Some(*to), today)?;
                let period = super::yearly::period_text(*from, *to);
                (
                    "volunteers.typ",
                    format!("红娘志愿服务记录 {period}"),
                    json!({
                        "period": period,
                        "volunteers": stats
                            .volunteer_roll()
                            .into_iter()
                            .map(volunteer_json)
                            .collect::<Vec<_>>(),
                    }),
                )
            }
            Job::OwnData { member } => {
                let own = self.own_data(*member)?;
                self.record_event(
                    actor,
                    super::audit::Kind::Export,
                    Some(*member),
                    "按本人要求打印了其个人资料",
                )?;
                let title = format!("本人资料 {} {}", own.member.number, own.member.data.name);
                ("own_data.typ", title, own_data_json(&own, today))
            }
            Job::Event { event, sheet } => {
                let (title, data) = self.event_json(*event, *sheet, actor)?;
                ("event.typ", title, data)
            }
            Job::HappyNews {
                introduction,
                image,
                photo,
            } => {
                let couple = self.publicity_couple(*introduction)?;
                photos.push(match photo {
                    Some(path) => Some(super::photo::prepare_file(path)?.image),
                    None => None,
                });
                let i = self.introduction(*introduction)?;
                super::audit::record(
                    &self.conn,
                    actor.volunteer(),
                    super::audit::Kind::Export,
                    Some(i.member_a),
                    i.member_b,
                    Some(i.id),
                    &format!(
                        "做了喜报:{} 与 {}(两人都同意宣传)",
                        couple.groom, couple.bride
                    ),
                    None,
                )?;
                let title = format!("喜报 {} 与 {}", couple.groom, couple.bride);
                let format = if *image { "image" } else { "a5" };
                (
                    "happy.typ",
                    title,
                    json!({ "couple": couple, "format": format }),
                )
            }
        };
        self.lay_out(template, title, data, photos, today)
    }

    /// The statistics report of figures already counted (as the 统计 screen and `stats` have).
    pub fn print_report(&self, stats: &Stats) -> Result<Printout> {
        let title = format!("成功统计报告 {}", stats.period_text());
        self.lay_out(
            "report.typ",
            title,
            report_json(stats),
            Vec::new(),
            stats.today,
        )
    }

    /// A yearly report laid out under its own station's name (the district's total, read from
    /// the server, is not this station's and has no job of its own).
    pub fn print_yearly(
        &self,
        report: &super::yearly::YearlyReport,
        today: NaiveDate,
    ) -> Result<Printout> {
        let mut data = yearly_json(report);
        data["station"] = json!(report.station);
        data["printed_on"] = json!(today.format("%Y-%m-%d").to_string());
        bounded(&mut data);
        let title = format!("年度工作报告 {} {}", report.station, report.period_text());
        compile("yearly.typ", title, &data, Vec::new(), today)
    }

    /// Adds the station's name and the day to `data` and lays out `template` with it.
    fn lay_out(
        &self,
        template: &str,
        title: String,
        mut data: Json,
        photos: Vec<Option<Vec<u8>>>,
        today: NaiveDate,
    ) -> Result<Printout> {
        let station = self
            .station_name()?
            .unwrap_or_else(|| DEFAULT_STATION.to_string());
        data["station"] = json!(station);
        data["printed_on"] = json!(today.format("%Y-%m-%d").to_string());
        data["retention"] = json!(super::retention::sentence(self.retention_years()?));
        bounded(&mut data);
        compile(template, title, &data, photos, today)
    }

    /// Every member registered on `day`, by number.
    pub fn members_registered_on(&self, day: NaiveDate) -> Result<Vec<Member>> {
        let mut statement = self
            .conn
            .prepare("SELECT id FROM members WHERE registered_on = ?1 ORDER BY number")?;
        let ids = statement
            .query_map([day.format("%Y-%m-%d").to_string()], |row| {
                row.get::<_, i64>(0)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.into_iter().map(|id| self.member(id)).collect()
    }
}

impl Db {
    /// The title and data of one of an event's printouts.
    fn event_json(&self, id: i64, sheet: EventSheet, actor: &Actor) -> Result<(String, Json)> {
        use super::events::{Arrival, Place};
        let event = self.event(id)?;
        let head = json!({
            "title": event.data.title,
            "when": event.when_where(),
            "theme": event.data.theme,
            "organiser": event.organiser_name.clone().unwrap_or_default(),
        });
        let title = format!("{} {} {}", sheet.label(), event.on_date, event.data.title);
        let age = |birth: super::model::YearMonth| birth.age_on(event.on_date);
        let data = match sheet {
            EventSheet::Calls => {
                let rows: Vec<Json> = self
                    .invitations(id)?
                    .into_iter()
                    .filter(|i| i.answer != Some(super::events::Answer::SignedUp))
                    .filter(|i| i.answer != Some(super::events::Answer::Declined))
                    .map(|i| {
                        json!({
                            "number": i.number,
                            "name": i.name,
                            "gender": i.gender.label(),
                            "age": age(i.birth),
                            "phone": i.phone,
                            "answer": i.answer.map_or(String::new(), |a| {
                                format!("{}({})", a.label(), i.called_on.map(|d| d.to_string()).unwrap_or_default())
                            }),
                        })
                    })
                    .collect();
                if rows.is_empty() {
                    return Err(Error::Refused("邀请名单上没有要打电话的会员了".into()));
                }
                self.reveal_contacts_of_many(
                    actor,
                    rows.len(),
                    &format!("联谊活动“{}”的邀请电话名单", event.data.title),
                )?;
                json!({ "kind": "calls", "rows": rows })
            }
            EventSheet::Attendees => {
                let attendees = self.attendees(id)?;
                let rows = |gender: super::model::Gender| -> Vec<Json> {
                    attendees
                        .iter()
                        .filter(|a| a.gender == gender && a.place == Place::Confirmed)
                        .map(|a| {
                            json!({
                                "badge": a.badge_text(),
                                "name": a.name,
                                "number": a.number,
                                "age": age(a.birth),
                                "phone": super::model::mask_phone(&a.phone),
                                "walk_in": a.walk_in,
                            })
                        })
                        .collect()
                };
                json!({
                    "kind": "attendees",
                    "men": rows(super::model::Gender::Male),
                    "women": rows(super::model::Gender::Female),
                })
            }
            EventSheet::Badges => {
                let badges: Vec<Json> = self
                    .attendees(id)?
                    .iter()
                    .filter(|a| a.place == Place::Confirmed)
                    .map(|a| {
                        json!({
                            "badge": a.badge_text(),
                            "gender": a.gender.label(),
                            "title": a.surname_title,
                        })
                    })
                    .collect();
                json!({ "kind": "badges", "badges": badges })
            }
            EventSheet::Slips => {
                if !event.matched {
                    return Err(Error::Refused(
                        "请先录完心动卡并确认互选结果,再打印互选结果条".into(),
                    ));
                }
                let matches = self.event_matches(id)?;
                // At a 全区联谊 also the pairs with other stations' guests, as the district
                // last told them (their badge and station: their names are not here).
                let remote = self.remote_matches(id)?;
                let slips: Vec<Json> = self
                    .attendees(id)?
                    .iter()
                    .filter(|a| a.place == Place::Confirmed && a.arrival == Some(Arrival::Arrived))
                    .map(|a| {
                        let mut mine: Vec<Json> = matches
                            .iter()
                            .filter_map(|m| {
                                let other = if m.pair.man == a.member_id {
                                    &m.woman
                                } else if m.pair.woman == a.member_id {
                                    &m.man
                                } else {
                                    return None;
                                };
                                Some(json!({
                                    "badge": other.badge_text(),
                                    "title": other.surname_title,
                                    "both_more": m.pair.both_more(),
                                }))
                            })
                            .collect();
                        mine.extend(
                            remote
                                .iter()
                                .filter(|m| m.guest.as_ref().map(|g| g.member_id) == Some(a.member_id))
                                .map(|m| {
                                    json!({
                                        "badge": super::events::badge_text(
                                            m.row.gender.other(),
                                            Some(m.row.other_badge)
                                        ),
                                        "title": format!("{}站嘉宾", m.row.other_station),
                                        "both_more": m.row.both_more(),
                                    })
                                }),
                        );
                        json!({ "badge": a.badge_text(), "title": a.surname_title, "matches": mine })
                    })
                    .collect();
                json!({ "kind": "slips", "slips": slips })
            }
            EventSheet::Seating => super::event_print::seating_json(self, &event)?,
            EventSheet::SeatSlips => super::event_print::seat_slips_json(self, &event)?,
            EventSheet::Cards => super::event_print::cards_json(self, &event)?,
        };
        let mut data = data;
        data["event"] = head;
        Ok((title, data))
    }
}

/// A volunteer's service, the hours in words, for `volunteers.typ`.
fn volunteer_json(v: &super::stats::VolunteerRow) -> Json {
    json!({
        "name": v.volunteer,
        "served": v.served(),
        "rota_days": v.duty.rota_days,
        "rota_days_came": v.duty.rota_days_came,
        "days": v.duty.days,
        "hours": super::duty::hours_text(v.duty.minutes),
        "open": v.duty.open,
        "registrations": v.registrations,
        "introductions": v.introductions,
        "couples": v.marriages,
        "events": v.duty.events,
    })
}

/// The yearly report's figures in four groups, for `yearly.typ`.
fn yearly_json(report: &super::yearly::YearlyReport) -> Json {
    let sections: Vec<Json> = report
        .groups()
        .into_iter()
        .map(|(title, lines)| {
            json!({
                "title": title,
                "lines": lines
                    .iter()
                    .map(|(label, value)| json!({ "label": label, "value": value }))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "period": report.period_text(), "sections": sections })
}

/// A 介绍卡 shows a member to someone else: only for those who consented and are on the books.
fn card_allowed(m: &Member) -> Result<()> {
    if let Some(why) = m.data.withheld() {
        return Err(Error::Refused(format!(
            "{}{why},不能给别人看介绍卡",
            m.data.name
        )));
    }
    if m.data.status != MemberStatus::Active {
        return Err(Error::Refused(format!(
            "{} 现在是“{}”,不再介绍,不能打印介绍卡",
            m.data.name,
            m.data.status.label()
        )));
    }
    Ok(())
}

/// The boxes of a choice on the blank form: "□label" each, kept whole on its line by the
/// template.
fn choices(options: &[&str]) -> Json {
    json!(options.iter().map(|o| format!("□{o}")).collect::<Vec<_>>())
}

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".into()
    } else {
        text.to_string()
    }
}

fn size_for(text: &str) -> f64 {
    match text.chars().count() {
        n if n > LONG_TEXT * 3 => 7.5,
        n if n > LONG_TEXT => 8.5,
        _ => 10.0,
    }
}

/// The wording of every field of a member's sheet, the one place it is written for print: the
/// fields of [`fields::MEMBER_FIELDS`] that are on the sheet, in its order, and the age after
/// the birth.
pub fn sheet_fields(
    d: &MemberData,
    full_contacts: bool,
    today: NaiveDate,
) -> Vec<(&'static str, String)> {
    fields::MEMBER_FIELDS
        .iter()
        .flat_map(|field| field_lines(field, d, full_contacts, today))
        .collect()
}

/// The lines of one section of the member page, worded as on the sheet; the birth with the
/// age in brackets ("1990年5月(35 岁)") instead of a line of its own.
pub fn page_section(
    d: &MemberData,
    full_contacts: bool,
    today: NaiveDate,
    section: fields::Section,
) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    for field in fields::MEMBER_FIELDS
        .iter()
        .filter(|f| f.section == section)
    {
        let mut worded = field_lines(field, d, full_contacts, today);
        if field.key == "birth" && d.birth.is_some() && worded.len() == 2 {
            let age = worded.pop().map(|(_, age)| age).unwrap_or_default();
            if let Some((_, birth)) = worded.first_mut() {
                *birth = format!("{birth}({age})");
            }
        } else if field.key == "birth" {
            worded.truncate(1);
        }
        lines.extend(worded);
    }
    lines
}

/// How the sheet words one field: its line, or lines (the birth and the age), none when it is
/// not on the sheet.
fn field_lines(
    field: &fields::MemberField,
    d: &MemberData,
    full_contacts: bool,
    today: NaiveDate,
) -> Vec<(&'static str, String)> {
    use fields::{Access, Sheet};
    let value = match (field.sheet, field.access) {
        (Sheet::No, _) => return Vec::new(),
        (Sheet::Custom, _) => return custom_sheet_lines(field.key, d, full_contacts, today),
        (Sheet::Contact(mask), Access::Text(get, _)) => {
            let value = get(d);
            if value.is_empty() {
                "—".to_string()
            } else if full_contacts {
                value.clone()
            } else {
                mask(value)
            }
        }
        // A phone typed into a free text is masked with the phone fields.
        (Sheet::FreeText, Access::Text(get, _)) if !full_contacts => {
            or_dash(&without_contacts(get(d), d))
        }
        (_, Access::Text(get, _)) => or_dash(get(d)),
        (Sheet::Unit(unit), Access::Number(get, _)) => {
            get(d).map_or("—".into(), |n| format!("{n} {unit}"))
        }
        (Sheet::YesNo(yes, no), Access::YesNo(get, _)) => {
            get(d).map_or("—".into(), |b| if b { yes } else { no }.to_string())
        }
        (_, Access::Choice { label, .. }) => label(d).unwrap_or("—").to_string(),
        (_, Access::Number(get, _)) => get(d).map_or("—".into(), |n| n.to_string()),
        (_, Access::Day(get, _)) => get(d).map_or("—".into(), |day| day.to_string()),
        (_, Access::YesNo(get, _)) => {
            get(d).map_or("—".into(), |b| if b { "是" } else { "否" }.to_string())
        }
        (_, Access::Flag(get, _)) => if get(d) { "是" } else { "否" }.to_string(),
        (_, Access::Id(..) | Access::Composite) => "—".into(),
    };
    vec![(field.label, value)]
}

/// The lines of a field [`sheet_fields`] words by hand (`Sheet::Custom`); none for a key it
/// does not know, which a test catches.
fn custom_sheet_lines(
    key: &str,
    d: &MemberData,
    full_contacts: bool,
    today: NaiveDate,
) -> Vec<(&'static str, String)> {
    match key {
        "birth" => vec![
            (
                "出生年月",
                d.birth
                    .map_or("—".into(), |b| format!("{}年{}月", b.year, b.month)),
            ),
            (
                "年龄",
                d.birth
                    .map_or("—".into(), |b| format!("{} 岁", b.age_on(today))),
            ),
        ],
        "union_member" => vec![(
            "工会会员",
            if d.union_member {
                format!("是 {}", d.union_name).trim().to_string()
            } else {
                "否".into()
            },
        )],
        "registrant" => vec![("登记人", registrant_text(d, full_contacts))],
        "district_consent_on" => vec![("全区共享", district_consent_text(d))],
        _ => Vec::new(),
    }
}

/// Who registered the member: "本人", "母亲 王秀英 139****0001".
fn registrant_text(d: &MemberData, full_contacts: bool) -> String {
    if d.registrant.relation == RegistrantRelation::Own {
        return "本人".to_string();
    }
    let phone = if full_contacts {
        d.registrant.phone.clone()
    } else {
        mask_phone(&d.registrant.phone)
    };
    let relation = if d.registrant.kin.is_empty() {
        d.registrant.relation.label()
    } else {
        d.registrant.kin.as_str()
    };
    format!("{} {} {}", relation, d.registrant.name, phone)
        .trim()
        .to_string()
}

/// The words of the consent to publicity, on the sheet and the form.
pub const PUBLICITY_CONSENT: &str = "同意工作站在喜报、宣传栏、公众号上讲述我们的故事(须双方同意)";

/// Whether the member agreed to share their profile with the district's stations:
/// "已于 2026-03-02 同意", "未同意".
pub fn district_consent_text(d: &MemberData) -> String {
    match d.district_consent_on {
        Some(day) => format!("已于 {day} 同意"),
        None => "未同意".into(),
    }
}

/// How the member's 知情同意 stands, in the words of the sheet: "已于 2026-03-02 签署",
/// "纸质登记表已签字(第 3 册 第 12 页),2019-05-01 登记", "待补签", "未签署".
pub fn consent_text(d: &MemberData) -> String {
    if d.consent {
        let day = d.consent_on.map(|c| c.to_string()).unwrap_or_default();
        match (d.consent_source.is_empty(), day.is_empty()) {
            (true, true) => "已签署".into(),
            (true, false) => format!("已于 {day} 签署"),
            (false, true) => d.consent_source.clone(),
            (false, false) => format!("{},{day} 登记", d.consent_source),
        }
    } else if d.consent_pending {
        "待补签(签字前不给别人看资料、不做介绍)".into()
    } else {
        "未签署".into()
    }
}

/// The member's own yes when someone else registered them: "本人登记", "已于 2026-12-01 本人确认
/// (本人到站当面确认,楼老师)", "待本人确认(本人同意前不做介绍)".
pub fn own_consent_text(d: &MemberData) -> String {
    if d.registrant.relation == RegistrantRelation::Own {
        return "本人登记".into();
    }
    match d.own_consent_on {
        Some(on) => {
            let mut how = d
                .own_consent_how
                .map(|h| h.label().to_string())
                .unwrap_or_default();
            if !d.own_consent_by.is_empty() {
                how = format!("{how},{}", d.own_consent_by);
            }
            format!("已于 {on} 本人确认({how})")
        }
        None => "待本人确认(本人同意前不做介绍)".into(),
    }
}

/// The consent to publicity: "已于 2026-12-01 同意(只用姓氏(如王女士))", "未同意".
pub fn publicity_text(d: &MemberData) -> String {
    match (d.publicity_consent_on, d.publicity_name) {
        (Some(on), Some(name)) => format!("已于 {on} 同意({})", name.label()),
        (Some(on), None) => format!("已于 {on} 同意"),
        _ => "未同意".into(),
    }
}

/// The wording of a member's bookkeeping: number, dates, volunteer, status, consent, where an
/// imported member came from.
pub fn bookkeeping_fields(m: &Member) -> Vec<(&'static str, String)> {
    let d = &m.data;
    let mut fields = vec![
        ("会员编号", m.number.clone()),
        (
            "登记日期",
            d.registered_on.map_or("—".into(), |r| r.to_string()),
        ),
        (
            "负责红娘",
            or_dash(m.volunteer_name.as_deref().unwrap_or_default()),
        ),
        ("状态", super::availability::status_text(d)),
        ("知情同意", consent_text(d)),
        ("本人确认", own_consent_text(d)),
        ("同意宣传", publicity_text(d)),
        ("最后修改", m.updated_at.replace('T', " ")),
    ];
    if !m.source.is_empty() {
        fields.push(("导入自", m.source.clone()));
    }
    fields
}

/// Who checked the member's documents: "身份证 已核验(2026-11-02,张阿姨);工会会员证 未核验".
pub fn identity_text(m: &Member) -> String {
    m.identity
        .documents(&m.data)
        .into_iter()
        .map(|(document, checked)| match checked {
            Some(c) => format!("{} 已核验({})", document.label(), c.describe()),
            None => format!("{} 未核验", document.label()),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The wording of the 择偶要求 for print.
/// `full_contacts` as for [`sheet_fields`]: without it, numbers and the WeChat name typed into
/// 其他要求 are blotted.
pub fn preference_fields(d: &MemberData, full_contacts: bool) -> Vec<(&'static str, String)> {
    wish_fields(&d.preferences, d, full_contacts)
}

/// The wording of the family's 择偶要求 beside the member's: "母亲的要求" and its lines (no
/// 同单位, which is the member's own choice); `None` when the sheet holds none.
pub fn family_fields(
    d: &MemberData,
    full_contacts: bool,
) -> Option<(String, Vec<(&'static str, String)>)> {
    let family = d.family.as_ref()?;
    let mut fields = wish_fields(&family.preferences, d, full_contacts);
    fields.retain(|(label, _)| *label != "同单位");
    Some((format!("{}的要求", family.by.label()), fields))
}

/// Where the family's wishes differ from the member's own, in the words of the member page
/// and the sheet ("母亲要求有房,本人不限"); empty without family wishes.
pub fn family_conflict_lines(d: &MemberData) -> Vec<String> {
    d.family
        .as_ref()
        .map(|family| super::wishes::family_conflicts(&d.preferences, family))
        .unwrap_or_default()
}

/// The family's wishes in one line for the sheet, only what they ask for, with where it
/// differs from the member's own: "母亲:年龄 25–30 岁;户籍 杭州;要求有房(与本人不同:母亲要求
/// 有房,本人不限)"; empty without family wishes.
pub fn family_summary(d: &MemberData, full_contacts: bool) -> String {
    let (Some(family), Some((_, fields))) = (&d.family, family_fields(d, full_contacts)) else {
        return String::new();
    };
    let asked: Vec<String> = fields
        .into_iter()
        .filter(|(_, value)| value != "不限" && value != "—")
        .map(|(label, value)| match label {
            "住房" => value,
            "其他要求" => format!("另:{value}"),
            _ => format!("{label} {value}"),
        })
        .collect();
    let mut line = format!(
        "{}:{}",
        family.by.label(),
        if asked.is_empty() {
            "不限".to_string()
        } else {
            asked.join(";")
        }
    );
    let conflicts = family_conflict_lines(d);
    if !conflicts.is_empty() {
        line.push_str(&format!("(与本人不同:{})", conflicts.join(";")));
    }
    line
}

fn wish_fields(
    p: &super::model::Preferences,
    d: &MemberData,
    full_contacts: bool,
) -> Vec<(&'static str, String)> {
    let any = || "不限".to_string();
    vec![
        (
            "年龄",
            match (range_text(p.age_min, p.age_max, "岁"), p.relative_text()) {
                (Some(ages), Some(words)) => format!("{ages}({words})"),
                (Some(ages), None) => ages,
                (None, _) => any(),
            },
        ),
        (
            "身高",
            range_text(p.height_min, p.height_max, "厘米").unwrap_or_else(any),
        ),
        (
            "学历",
            p.education_min.map_or_else(any, Education::at_least),
        ),
        (
            "婚姻状况",
            if p.marital_statuses.is_empty() {
                any()
            } else {
                p.marital_statuses
                    .iter()
                    .map(|s| s.label())
                    .collect::<Vec<_>>()
                    .join("、")
            },
        ),
        ("户籍", p.hukou.map_or_else(any, |h| h.label().to_string())),
        (
            "住房",
            if p.requires_housing {
                "要求有房".into()
            } else {
                any()
            },
        ),
        (
            "同单位",
            if p.exclude_same_employer {
                "不介绍同单位的人".into()
            } else {
                "可以介绍同单位的人".into()
            },
        ),
        (
            "其他要求",
            or_dash(&if full_contacts {
                p.other.clone()
            } else {
                without_contacts(&p.other, d)
            }),
        ),
    ]
}

/// The JSON a sheet template reads; `None` is the blank form.
fn sheet_json(member: Option<&Member>, full_contacts: bool, today: NaiveDate) -> Json {
    let Some(m) = member else {
        use super::model::{Education, choices as lists};
        let educations: Vec<&str> = Education::ALL.iter().map(|e| e.label()).collect();
        // A minimum: 高中及以上 … 博士及以上, or none.
        let mut minimum: Vec<String> = Education::ALL[1..]
            .iter()
            .map(|e| format!("□{}", e.label()))
            .collect();
        if let Some(last) = minimum.last_mut() {
            last.push_str(" 及以上");
        }
        minimum.push("□不限".into());
        let mut family = choices(&["父亲", "母亲", "父母", "亲属"]);
        if let Some(list) = family.as_array_mut() {
            list.push(json!("的要求:"));
        }
        let preferences = json!({
            "age": "    至    岁", "height": "    至    厘米", "education": minimum,
            "marital": choices(&["未婚", "离异", "丧偶", "不限"]),
            "hukou": choices(&["杭州", "外地", "不限"]), "housing": choices(&["要求有房", "不限"]),
            "same_employer": choices(&["不介绍同单位的人", "可以介绍"]), "other": "", "other_size": 10.0,
        });
        return json!({
            "blank": true,
            "number": "", "registered_on": "", "name": "", "gender": choices(&["男", "女"]),
            "birth": "    年    月", "height_cm": "        厘米", "weight_kg": "        公斤",
            "ethnicity": "", "native_place": "", "hukou": choices(&["杭州", "外地"]), "district": "",
            "education": choices(&educations), "marital_status": choices(&["未婚", "离异", "丧偶"]),
            "children": choices(lists::CHILDREN), "only_child": choices(&["是", "否"]),
            "housing": choices(lists::HOUSING), "has_car": choices(&["有", "无"]),
            "occupation": "", "employer": "", "employer_type": choices(lists::EMPLOYER_TYPES),
            "income": choices(lists::INCOME_BANDS),
            "union_member": choices(&["是", "否"]), "hobbies": "", "self_intro": "", "intro_size": 10.0,
            "phone": "", "wechat": "", "registrant": choices(&["本人", "父母", "其他亲属"]),
            "volunteer": "", "consent_date": "        年    月    日",
            "consent_note": "",
            "own_line": true,
            "publicity": choices(&[PUBLICITY_CONSENT]),
            "publicity_names": choices(&["全名", "只用姓氏", "不具名"]),
            "district_consent_on": choices(&[super::model::DISTRICT_CONSENT]),
            "preferences": preferences,
            "family": family,
            "family_size": 10.0,
        });
    };
    let d = &m.data;
    let fields: std::collections::HashMap<_, _> =
        sheet_fields(d, full_contacts, today).into_iter().collect();
    let prefs: std::collections::HashMap<_, _> = preference_fields(d, true).into_iter().collect();
    let family = family_summary(d, full_contacts);
    let f = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let p = |k: &str| prefs.get(k).cloned().unwrap_or_default();
    let consent_note = if d.consent || d.consent_pending {
        format!("知情同意:{}", consent_text(d))
    } else {
        "尚未签署知情同意:签字前不做介绍".into()
    };
    let district = format!(
        "{}:{}",
        super::model::DISTRICT_CONSENT,
        district_consent_text(d)
    );
    let preferences = json!({
        "age": p("年龄"), "height": p("身高"), "education": p("学历"), "marital": p("婚姻状况"),
        "hukou": p("户籍"), "housing": p("住房"), "same_employer": p("同单位"),
        "other": if full_contacts { p("其他要求") } else { without_contacts(&p("其他要求"), d) },
        "other_size": size_for(&d.preferences.other),
    });
    // Every field on the sheet under its key, worded as everywhere else.
    let mut sheet = serde_json::Map::new();
    for field in fields::MEMBER_FIELDS {
        if !matches!(field.sheet, fields::Sheet::No) {
            sheet.insert(field.key.into(), json!(f(field.label)));
        }
    }
    let rest = json!({
        "number": m.number,
        "registered_on": d.registered_on.map(|r| r.to_string()).unwrap_or_default(),
        "intro_size": size_for(&d.self_intro),
        "volunteer": m.volunteer_name.clone().unwrap_or_default(),
        "consent_date": "        年    月    日",
        "consent_note": consent_note,
        // Someone else registered the member: a line for her own signature (本人确认), with how
        // it stands when it was given.
        "own_line": d.registrant.relation != RegistrantRelation::Own,
        "own_note": match d.own_consent_on {
            Some(on) => format!("本人 {on} 确认"),
            None => "待本人确认".into(),
        },
        "publicity": format!("{PUBLICITY_CONSENT}:{}", publicity_text(d)),
        "publicity_names": "",
        "district_consent_on": district,
        "preferences": preferences,
        "family_size": size_for(&family),
        "family": or_dash(&family),
    });
    if let Json::Object(rest) = rest {
        sheet.extend(rest);
    }
    Json::Object(sheet)
}

fn card_json(m: &Member, today: NaiveDate) -> Json {
    let d = &m.data;
    let intro = without_identifiers(&d.self_intro, d);
    json!({
        "title": surname_title(d),
        "number": m.number,
        "age": d.birth.map_or("—".into(), |b| format!("{} 岁({}年生)", b.age_on(today), b.year)),
        "height": d.height_cm.map_or("—".into(), |h| format!("{h} 厘米")),
        "education": d.education.map_or("—", |e| e.label()),
        "occupation": or_dash(&without_identifiers(&d.occupation, d)),
        "district": or_dash(&d.district),
        // What a family asks first, beside age and job.
        "marital": d.marital_status.map_or("—", |s| s.label()),
        "children": or_dash(&without_identifiers(&d.children, d)),
        "housing": or_dash(&without_identifiers(&d.housing, d)),
        "hukou": d.hukou.map_or("—", |h| h.label()),
        "self_intro": or_dash(&intro),
        "intro_size": size_for(&intro),
    })
}

fn report_json(stats: &Stats) -> Json {
    json!({
        "range": stats.period_text(),
        "definitions": super::stats::DEFINITIONS,
        "stats": stats,
        "follow_through": stats.follow_through.lines(),
    })
}

fn own_data_json(own: &super::privacy::OwnData, today: NaiveDate) -> Json {
    let m = &own.member;
    let mut fields: Vec<Json> = vec![
        json!(["会员编号", m.number]),
        json!([
            "登记日期",
            m.data
                .registered_on
                .map(|d| d.to_string())
                .unwrap_or_default()
        ]),
        json!(["状态", m.data.status.label()]),
    ];
    fields.extend(
        sheet_fields(&m.data, true, today)
            .into_iter()
            .map(|(k, v)| json!([k, v])),
    );
    fields.push(json!(["知情同意", consent_text(&m.data)]));
    if !m.source.is_empty() {
        fields.push(json!(["资料来源", m.source]));
    }
    let preferences: Vec<Json> = preference_fields(&m.data, true)
        .into_iter()
        .map(|(k, v)| json!([k, v]))
        .collect();
    let introductions: Vec<Json> = own
        .introductions
        .iter()
        .map(|i| {
            let (partner, _) = i.partner_of(m.id);
            let note = match (i.ended_on, i.end_reason) {
                (Some(day), Some(reason)) => format!("{day} 结束:{}", reason.label()),
                (Some(day), None) => format!("{day} 结束"),
                _ => String::new(),
            };
            json!([i.introduced_on.to_string(), partner, i.stage.label(), note])
        })
        .collect();
    let record: Vec<Json> = own
        .record
        .iter()
        .map(|e| {
            json!([
                e.at.replace('T', " "),
                e.volunteer_name.clone().unwrap_or_default(),
                e.summary
            ])
        })
        .collect();
    json!({
        "name": m.data.name, "number": m.number, "fields": fields, "preferences": preferences,
        "introductions": introductions, "record": record,
    })
}

/// Lays out `template` with `data` (and the photos as `photo0`, `photo1` …).
fn compile(
    template: &str,
    title: String,
    data: &Json,
    photos: Vec<Option<Vec<u8>>>,
    today: NaiveDate,
) -> Result<Printout> {
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.to_string().into_value());
    for (i, photo) in photos.into_iter().enumerate() {
        if let Some(bytes) = photo {
            inputs.insert(format!("photo{i}").into(), Bytes::new(bytes).into_value());
        }
    }
    let world = PrintWorld {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        main: file_id(template)?,
        today: Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8),
    };
    let result = typst::compile::<PagedDocument>(&world);
    // The compiler's caches are global: keep only what the next page can reuse.
    typst::comemo::evict(10);
    let document = result
        .output
        .map_err(|errors| Error::Print(messages(&errors)))?;
    if document.pages().len() > MAX_PAGES {
        return Err(Error::Print(format!(
            "内容太多({} 页),请分几次打印",
            document.pages().len()
        )));
    }
    Ok(Printout {
        title,
        document: Arc::new(document),
    })
}

fn messages(diagnostics: &[typst::diag::SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = Font::iter(Bytes::new(FONT)).collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

fn file_id(name: &str) -> Result<FileId> {
    let path = VirtualPath::new(name).map_err(|e| Error::Print(format!("{e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
}

static SOURCES: LazyLock<Vec<Source>> = LazyLock::new(|| {
    TEMPLATES
        .iter()
        .filter_map(|(name, text)| Some(Source::new(file_id(name).ok()?, text.to_string())))
        .collect()
});

struct PrintWorld {
    library: LazyHash<Library>,
    main: FileId,
    today: Option<Datetime>,
}

impl World for PrintWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        SOURCES
            .iter()
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| FileError::Other(Some("模板文件不存在".into())))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.source(id)
            .map(|s| Bytes::from_string(s.text().to_string()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::masking::mask_contacts;

    /// Every field of the sheet is worded, placed on the printed sheet and on the blank one: a
    /// field added to `fields::MEMBER_FIELDS` with a place on the sheet fails here until the
    /// template shows it and, if it is worded by hand, `custom_sheet_lines` words it.
    #[test]
    fn every_field_of_the_sheet_is_worded_and_placed() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let template = TEMPLATES
            .iter()
            .find(|(name, _)| *name == "sheet.typ")
            .map(|(_, text)| *text)
            .unwrap();
        let member = Member {
            id: 1,
            number: "2026-0001".into(),
            data: MemberData::default(),
            volunteer_name: None,
            has_photo: false,
            source: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
            revision: 0,
            identity: crate::model::Identity::default(),
        };
        let filled = sheet_json(Some(&member), false, today);
        let blank = sheet_json(None, false, today);
        let lines: Vec<&str> = sheet_fields(&member.data, false, today)
            .into_iter()
            .map(|(label, _)| label)
            .collect();
        for field in fields::MEMBER_FIELDS {
            if matches!(field.sheet, fields::Sheet::No) {
                continue;
            }
            let key = field.key;
            if matches!(field.sheet, fields::Sheet::Custom) {
                assert!(
                    !custom_sheet_lines(key, &member.data, false, today).is_empty(),
                    "{key} is worded by hand but custom_sheet_lines does not know it"
                );
            } else {
                assert!(lines.contains(&field.label), "{key} has no line: {lines:?}");
            }
            assert!(
                filled.get(key).is_some(),
                "{key} is not in the sheet's data"
            );
            assert!(blank.get(key).is_some(), "{key} is not on the blank sheet");
            assert!(
                template.contains(&format!("s.{key}")),
                "{key} has no place in sheet.typ"
            );
        }
    }

    #[test]
    fn other_wishes_are_masked_like_the_sheets_free_texts() {
        let mut d = MemberData {
            wechat: "fang_hz88".into(),
            ..MemberData::default()
        };
        d.preferences.other = "有意请打13812344321或加微信 fang_hz88".into();
        let other = |full| {
            preference_fields(&d, full)
                .into_iter()
                .find(|(label, _)| *label == "其他要求")
                .map(|(_, value)| value)
                .unwrap_or_default()
        };
        assert!(!other(false).contains("13812344321") && !other(false).contains("fang_hz88"));
        assert!(other(true).contains("13812344321"));
        let mut masked = d.clone();
        mask_contacts(&mut masked);
        assert_eq!(masked.wechat, "fa****");
        assert!(!masked.preferences.other.contains("fang_hz88"));
    }

    fn member(data: MemberData) -> Member {
        Member {
            id: 1,
            number: "2026-0001".into(),
            data,
            volunteer_name: None,
            has_photo: false,
            source: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
            revision: 0,
            identity: Default::default(),
        }
    }

    #[test]
    fn a_card_needs_consent_and_an_active_member() {
        let signed = MemberData {
            name: "王倩".into(),
            consent: true,
            ..MemberData::default()
        };
        assert!(card_allowed(&member(signed.clone())).is_ok());
        let unsigned = MemberData {
            consent: false,
            ..signed.clone()
        };
        assert!(
            matches!(card_allowed(&member(unsigned)), Err(Error::Refused(m)) if m.contains("知情同意"))
        );
        let married = MemberData {
            status: MemberStatus::Married,
            ..signed
        };
        assert!(
            matches!(card_allowed(&member(married)), Err(Error::Refused(m)) if m.contains("已婚"))
        );
    }

    #[test]
    fn markup_typed_by_a_volunteer_is_data_not_code() {
        // A template error would come back as Error::Print; the text goes in as JSON.
        let data = json!({
            "station": "#set page(width: 1cm) *站*", "printed_on": "2026-11-21",
            "sheets": [sheet_json(None, false, NaiveDate::MIN)],
        });
        let printout = compile("sheet.typ", "t".into(), &data, vec![None], NaiveDate::MIN);
        let printout = printout.map_err(|e| e.to_string());
        assert_eq!(printout.map(|p| p.page_count()), Ok(1));
    }
}
