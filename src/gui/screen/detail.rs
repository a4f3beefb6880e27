//! A member's page: everything on their sheet, with their photo, and the timeline of their
//! introductions.

use crate::data::audit::Entry;
use crate::data::introductions::{Introduction, Stage};
use crate::data::model::{Member, MemberStatus};
use crate::data::{Actor, Db};
use crate::gui::{Page, style, widget};
use chrono::NaiveDate;
use iced::widget::{column, container, image, row, text};
use iced::{Alignment, Element, Length, Task};

#[derive(Debug, Clone)]
pub enum Message {
    Edit,
    Back,
    Pair,
    OpenIntroduction(i64),
    /// Show the full phone and WeChat (recorded in the log).
    Reveal,
    /// The member's own data, on their request: choose where to save it.
    ExportOwn,
    ExportTo(Option<std::path::PathBuf>),
    AskDelete,
    ConfirmDelete,
    CancelDelete,
    /// The deletion (the database, then every backup the program keeps) is done.
    Deleted(Result<crate::data::privacy::Erased, String>),
    /// Open the print preview of this member's sheet, card or own data.
    Print(crate::data::print::Job),
    /// A value to check was looked at (待核对 done).
    Checked(i64),
    /// The member signed the 知情同意 today (待补签 ends).
    Signed,
}

/// What the member page asks of the root.
pub enum Action {
    None,
    Run(Task<Message>),
    /// A line for the banner at the top.
    Notice(String),
    Back(Page),
    Print(crate::data::print::Job),
    Pair(i64),
    OpenIntroduction(i64),
    Edit(Box<Member>, Option<Vec<u8>>),
    /// The member's data changed (deleted on request): read the page again, rebuild the
    /// indexes, say so.
    Changed(String),
}

/// What the volunteer is told once a member's data is deleted on request.
fn deleted_words(erased: &crate::data::privacy::Erased) -> String {
    match (erased.remaining(), erased.backups.rewritten) {
        (Some(remaining), _) => format!("已按本人要求删除个人资料。注意:{remaining}"),
        (None, 0) => "已按本人要求删除个人资料".into(),
        (None, n) => format!("已按本人要求删除个人资料,备份文件夹里的 {n} 份备份也已改写"),
    }
}

/// Below this width (logical pixels) of the page the facts stand one to a line.
const NARROW: f32 = 640.0;

pub struct Detail {
    pub member: Member,
    photo: Option<image::Handle>,
    /// Newest first; an error reading them is shown in their place.
    introductions: Result<Vec<Introduction>, String>,
    /// The member's entries of the 操作记录, newest first.
    log: Result<Vec<Entry>, String>,
    /// The contacts in full, once a volunteer asked (and it was recorded).
    revealed: bool,
    /// "Delete this member?" is being asked.
    pub asking_delete: bool,
    /// The deletion is under way (the button waits).
    deleting: bool,
    /// The values an import doubted, still to check.
    checks: Vec<crate::data::checks::Check>,
    /// What 返回 says: the page the member was opened from, where it goes back to as it was.
    pub back_label: &'static str,
}

impl Detail {
    pub fn new(
        member: Member,
        photo: Option<Vec<u8>>,
        introductions: Result<Vec<Introduction>, String>,
        log: Result<Vec<Entry>, String>,
    ) -> Self {
        Self {
            member,
            photo: photo.map(image::Handle::from_bytes),
            introductions,
            log,
            revealed: false,
            asking_delete: false,
            deleting: false,
            checks: Vec::new(),
            back_label: "返回名单",
        }
    }

    /// The page of member `id`, read from the database.
    pub fn open(db: &Db, id: i64) -> crate::data::Result<Self> {
        let member = db.member(id)?;
        let photo = db.photo(id).ok().flatten();
        let introductions = db.introductions(Some(id)).map_err(|e| e.to_string());
        let log = db.audit_of_member(id).map_err(|e| e.to_string());
        let mut page = Self::new(member, photo, introductions, log);
        page.checks = db.checks(Some(id))?;
        Ok(page)
    }

    /// The same member's page read again (something may have changed), 返回 still going where
    /// it went.
    pub fn reread(&self, db: &Db) -> crate::data::Result<Self> {
        let mut fresh = Self::open(db, self.member.id)?;
        fresh.back_label = self.back_label;
        Ok(fresh)
    }

    /// The 操作记录 read again (printing full contacts or own data added to it).
    pub fn reload_log(&mut self, db: &Db) {
        self.log = db
            .audit_of_member(self.member.id)
            .map_err(|e| e.to_string());
    }

    pub fn update(&mut self, message: Message, db: &mut Db, actor: &Actor) -> Action {
        let id = self.member.id;
        match message {
            Message::ExportOwn => {
                let name = format!("{}-个人资料.json", self.member.data.name);
                Action::Run(Task::perform(
                    widget::save_dialog("保存本人资料", name, "JSON", &["json"]),
                    Message::ExportTo,
                ))
            }
            Message::ExportTo(None) => Action::None,
            Message::ExportTo(Some(path)) => {
                let outcome = db.export_own_data(actor, id).and_then(|json| {
                    std::fs::write(&path, json).map_err(|source| crate::data::Error::Folder {
                        path: path.clone(),
                        source,
                    })
                });
                self.reload_log(db);
                Action::Notice(match outcome {
                    Ok(()) => format!("本人资料已保存到 {}", path.display()),
                    Err(error) => error.to_string(),
                })
            }
            Message::AskDelete => {
                self.asking_delete = true;
                Action::None
            }
            Message::CancelDelete => {
                self.asking_delete = false;
                Action::None
            }
            Message::ConfirmDelete => {
                self.asking_delete = false;
                // Rewriting the backups takes a while with many of them: on a connection of
                // its own, so the window keeps answering.
                let Some(path) = db.path() else {
                    return Action::Notice("内存中的数据库不能这样删除".into());
                };
                let actor = actor.clone();
                self.deleting = true;
                Action::Run(Task::perform(
                    crate::gui::jobs::on_own_connection(path, move |db| {
                        db.anonymise_member(&actor, id)
                    }),
                    Message::Deleted,
                ))
            }
            Message::Deleted(result) => {
                self.deleting = false;
                match result {
                    Ok(erased) => Action::Changed(deleted_words(&erased)),
                    Err(error) => Action::Notice(error),
                }
            }
            Message::Reveal => match db.reveal_contact(actor, id) {
                Ok(_) => {
                    self.revealed = true;
                    self.reload_log(db);
                    Action::None
                }
                Err(error) => Action::Notice(error.to_string()),
            },
            Message::Checked(check) => match db.clear_check(actor, check) {
                Ok(()) => Action::Changed("已核对".into()),
                Err(error) => Action::Notice(error.to_string()),
            },
            Message::Signed => match db.record_signature(actor, id, crate::data::today()) {
                Ok(()) => Action::Changed(format!(
                    "已记录{}今天签署知情同意:现在可以配对、打印介绍卡了",
                    self.member.data.name
                )),
                Err(error) => Action::Notice(error.to_string()),
            },
            Message::Back => Action::Back(Page::Members),
            Message::Print(job) => Action::Print(job),
            Message::Pair => Action::Pair(id),
            Message::OpenIntroduction(introduction) => Action::OpenIntroduction(introduction),
            // The form shows every field in full, contacts included: recorded as a showing.
            Message::Edit => match db.reveal_contact(actor, id) {
                Ok(member) => {
                    let photo = db.photo(id).ok().flatten();
                    Action::Edit(Box::new(member), photo)
                }
                Err(error) => Action::Notice(error.to_string()),
            },
        }
    }

    /// The values to check and a signature to record, each with its button; `None` when
    /// there is nothing.
    fn to_check(&self) -> Option<Element<'_, Message>> {
        let pending = !self.member.data.consent && self.member.data.consent_pending;
        if self.checks.is_empty() && !pending {
            return None;
        }
        let mut list = column![].spacing(8);
        if pending {
            list = list.push(
                row![
                    text("知情同意待补签:签字前不给别人看资料、不做介绍。")
                        .size(style::TEXT)
                        .color(style::AMBER)
                        .width(Length::Fill),
                    widget::primary("本人今天已签字", Some(Message::Signed)),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
            );
        }
        for check in &self.checks {
            list = list.push(
                row![
                    text(format!("{}:{}", check.field, check.what))
                        .size(style::TEXT)
                        .width(Length::Fill),
                    widget::secondary("核对无误", Some(Message::Checked(check.id))),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
            );
        }
        if !self.checks.is_empty() {
            list = list.push(widget::muted(
                "值不对的,先点“修改资料”改正,再点“核对无误”。",
            ));
        }
        Some(list.into())
    }

    fn privacy(&self) -> Element<'_, Message> {
        let mut content = column![
            widget::muted("会员本人可以要求查看自己的资料,或删除自己的资料(删除后姓名、联系方式、照片和文字都不再保留,只保留统计用的性别、出生年月、登记日期和牵线经过)。"),
            row![
                widget::secondary("导出本人资料…", Some(Message::ExportOwn)),
                widget::secondary(
                    "打印本人资料…",
                    Some(Message::Print(crate::data::print::Job::OwnData {
                        member: self.member.id
                    }))
                ),
                if self.deleting {
                    widget::danger("正在删除(连同备份)…", None)
                } else {
                    widget::danger("按本人要求删除资料…", Some(Message::AskDelete))
                },
            ]
            .spacing(style::SPACING),
        ]
        .spacing(10);
        if self.asking_delete {
            content = content.push(widget::banner(
                column![
                    text(format!(
                        "确定删除 {} 的个人资料吗?删除后无法恢复(以前的备份里仍有,按备份保留期限自然淘汰)。",
                        self.member.data.name
                    ))
                    .size(style::TEXT),
                    row![
                        widget::danger("确定删除", Some(Message::ConfirmDelete)),
                        widget::secondary("取消", Some(Message::CancelDelete)),
                    ]
                    .spacing(style::SPACING),
                ]
                .spacing(10),
                style::containers::warning_banner,
            ));
        }
        content.into()
    }

    pub fn hide_contacts(&mut self) {
        self.revealed = false;
    }

    pub fn is_revealed(&self) -> bool {
        self.revealed
    }

    fn record(&self) -> Element<'_, Message> {
        let entries = match &self.log {
            Err(error) => return text(error).size(style::TEXT).color(style::ERROR).into(),
            Ok(list) if list.is_empty() => return widget::muted("还没有记录。"),
            Ok(list) => list,
        };
        let mut lines = column![].spacing(4);
        for entry in entries.iter().take(50) {
            lines = lines.push(widget::audit_line(entry, false));
        }
        if entries.len() > 50 {
            lines = lines.push(widget::muted(format!(
                "更早的 {} 条在「设置」的操作记录里。",
                entries.len() - 50
            )));
        }
        lines.into()
    }

    fn timeline(&self) -> Element<'_, Message> {
        let introductions = match &self.introductions {
            Err(error) => return text(error).size(style::TEXT).color(style::ERROR).into(),
            Ok(list) if list.is_empty() => return widget::muted("还没有介绍过。"),
            Ok(list) => list,
        };
        let mut lines = column![].spacing(6);
        for (i, intro) in introductions.iter().enumerate() {
            let (name, number) = intro.partner_of(self.member.id);
            let mut reached = vec![format!("介绍 {}", intro.introduced_on)];
            for (stage, date) in [
                (Stage::Met, intro.met_on),
                (Stage::Dating, intro.dating_on),
                (Stage::Married, intro.married_on),
            ] {
                if let Some(date) = date {
                    reached.push(format!("{} {date}", stage.label()));
                }
            }
            if let Some(date) = intro.ended_on {
                reached.push(format!(
                    "未成 {date}{}",
                    intro
                        .end_reason
                        .map(|r| format!("({})", r.label()))
                        .unwrap_or_default()
                ));
            }
            lines = lines.push(
                iced::widget::button(
                    row![
                        text(format!("{name} {number}"))
                            .size(style::TEXT)
                            .width(Length::FillPortion(2)),
                        text(reached.join(" → "))
                            .size(style::TEXT)
                            .width(Length::FillPortion(5)),
                    ]
                    .spacing(style::SPACING),
                )
                .width(Length::Fill)
                .padding([8, 12])
                .style(style::buttons::row(i % 2 == 1, false))
                .on_press(Message::OpenIntroduction(intro.id)),
            );
        }
        lines.into()
    }

    pub fn view(&self, today: NaiveDate) -> Element<'_, Message> {
        let m = &self.member;
        let d = &m.data;
        // Below this width (large text, a small screen) the facts stand one to a line and the
        // photo under them.
        let body = iced::widget::responsive(move |size| self.body(today, size.width < NARROW));
        column![
            row![
                widget::heading(format!("{} · {}", d.name, m.number)),
                iced::widget::space::horizontal(),
                widget::secondary(self.back_label, Some(Message::Back)),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center),
            // The page's actions on their own line, wrapping on a small screen at large text.
            row![
                widget::primary("修改资料", Some(Message::Edit)),
                widget::secondary(
                    "打印登记表",
                    Some(Message::Print(crate::data::print::Job::Sheet {
                        member: m.id,
                        full_contacts: false,
                    }))
                ),
                widget::secondary(
                    "打印介绍卡",
                    (d.status == MemberStatus::Active && d.consent).then_some(Message::Print(
                        crate::data::print::Job::Card {
                            member: m.id,
                            image: false
                        }
                    ))
                ),
                widget::secondary(
                    "配对",
                    (d.status == MemberStatus::Active && d.consent).then_some(Message::Pair)
                ),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8),
            body,
        ]
        .spacing(style::SPACING)
        .into()
    }

    /// The member's sections; the facts one to a line when `narrow`.
    fn body(&self, today: NaiveDate, narrow: bool) -> Element<'_, Message> {
        let m = &self.member;
        let d = &m.data;
        // The wording of every field (and the masking of contacts) is the printed sheet's.
        let fields: std::collections::HashMap<&str, String> =
            crate::data::print::sheet_fields(d, self.revealed, today)
                .into_iter()
                .collect();
        let f = |labels: &[&'static str]| -> Vec<(&'static str, String)> {
            labels
                .iter()
                .map(|&label| (label, fields.get(label).cloned().unwrap_or_default()))
                .collect()
        };
        let mut basic_fields = f(&["性别", "出生年月", "身高", "体重", "民族", "籍贯"]);
        if let Some((_, birth)) = basic_fields.get_mut(1)
            && d.birth.is_some()
        {
            *birth = format!(
                "{birth}({})",
                fields.get("年龄").cloned().unwrap_or_default()
            );
        }
        basic_fields.extend(f(&[
            "户籍",
            "现居住区",
            "学历",
            "婚姻状况",
            "子女",
            "独生子女",
        ]));
        let basic = facts(narrow, basic_fields);
        let work = facts(
            narrow,
            f(&[
                "职业",
                "工作单位",
                "单位性质",
                "月收入",
                "住房",
                "车",
                "工会会员",
                "兴趣爱好",
            ]),
        );
        let mut contact = column![facts(narrow, f(&["手机", "微信", "登记人"]))].spacing(8);
        if !self.revealed {
            contact = contact.push(
                row![
                    widget::secondary("显示完整号码", Some(Message::Reveal)),
                    widget::muted("为保护个人信息,号码默认隐藏;显示一次会记入操作记录。"),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
            );
        }
        let preferences = facts(
            narrow,
            crate::data::print::preference_fields(d, self.revealed),
        );
        let bookkeeping = facts(narrow, crate::data::print::bookkeeping_fields(m));

        let picture: Element<'_, Message> = match &self.photo {
            Some(handle) => image(handle.clone()).width(220).height(275).into(),
            None => container(text("暂无照片").size(style::TEXT).color(style::MUTED))
                .center_x(220)
                .center_y(275)
                .style(style::containers::photo_frame)
                .into(),
        };
        let intro = if d.self_intro.is_empty() {
            "—"
        } else {
            d.self_intro.as_str()
        };
        let mut sections: Vec<Element<'_, Message>> = Vec::new();
        if let Some(to_check) = self.to_check() {
            sections.push(widget::section("待核对", to_check));
        }
        sections.push(if narrow {
            column![widget::section("基本情况", basic), picture]
                .spacing(style::GAP)
                .into()
        } else {
            row![
                column![widget::section("基本情况", basic)].width(Length::Fill),
                picture
            ]
            .spacing(style::GAP)
            .into()
        });
        sections.extend([
            widget::section("工作、家庭与爱好", work),
            widget::section("自我介绍", text(intro).size(style::TEXT)),
            widget::section("联系方式", contact),
            widget::section("择偶要求", preferences),
            widget::section("登记信息", bookkeeping),
        ]);
        if !d.notes.is_empty() {
            sections.push(widget::section(
                "红娘备注(只给红娘看)",
                column![
                    text(d.notes.as_str()).size(style::TEXT),
                    widget::muted("不印在登记表和介绍卡上,也不给对方看。"),
                ]
                .spacing(6),
            ));
        }
        sections.extend([
            widget::section("牵线记录", self.timeline()),
            widget::section("操作记录", self.record()),
            widget::section("个人信息(本人要求时)", self.privacy()),
        ]);
        widget::sections(sections).into()
    }
}

/// Label–value pairs, two to a line (one when `narrow`).
fn facts<'a, M: 'a>(narrow: bool, items: Vec<(&'a str, String)>) -> Element<'a, M> {
    let mut lines = column![].spacing(8);
    let mut items = items.into_iter().peekable();
    while let Some((label, value)) = items.next() {
        let mut line = row![fact(label, value)].spacing(style::GAP);
        if !narrow && let Some((label, value)) = items.next() {
            line = line.push(fact(label, value));
        }
        lines = lines.push(line);
    }
    lines.into()
}

fn fact<'a, M: 'a>(label: &'a str, value: String) -> Element<'a, M> {
    row![
        text(label)
            .size(style::LABEL)
            .color(style::MUTED)
            .width(style::LABEL_WIDTH),
        text(value).size(style::TEXT)
    ]
    .spacing(8)
    .width(Length::FillPortion(1))
    .into()
}
