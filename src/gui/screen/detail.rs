//! A member's page: everything on their sheet, with their photo, the family's wishes beside
//! their own, whether they are there to be introduced (暂停, 回访确认 calls, the ID checked), and
//! the timeline of their introductions.

use crate::data::audit::Entry;
use crate::data::availability::{Call, CallOutcome};
use crate::data::fields::Section;
use crate::data::introductions::{Introduction, Stage};
use crate::data::model::{Document, Member, MemberStatus, OwnConsentHow, PauseReason};
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
    /// 待本人确认: the member's own yes, given today in this way (the volunteer on duty heard
    /// it); or their no (退出), asked first.
    OwnConsent(OwnConsentHow),
    AskOwnRefused(bool),
    OwnRefused,
    /// 暂停介绍…: the reason and the return date are asked.
    AskPause,
    PauseReason(PauseReason),
    PauseUntil(String),
    ConfirmPause,
    CancelPause,
    /// 恢复在册 before the pause's date (or of a pause without one).
    Resume,
    CallNotes(String),
    /// A 回访确认 call and what it found.
    RecordCall(CallOutcome),
    /// The ID card (or union card) was looked at today.
    CheckDocument(Document),
    /// A check recorded by mistake is taken back.
    UndoDocument(Document),
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
    /// The 回访确认 calls, newest first.
    calls: Result<Vec<Call>, String>,
    /// How many introductions the member ended themselves (their side or both).
    declines: u32,
    /// The partner's contacts (masked) of each introduction whose contacts were exchanged.
    partner_contacts: std::collections::HashMap<i64, String>,
    /// 暂停 being asked: the reason chosen and the return date typed.
    pausing: Option<(Option<PauseReason>, String)>,
    /// 本人不同意… was pressed: the second button is shown.
    own_refused_asked: bool,
    call_notes: String,
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
            calls: Ok(Vec::new()),
            declines: 0,
            partner_contacts: Default::default(),
            pausing: None,
            own_refused_asked: false,
            call_notes: String::new(),
        }
    }

    /// The page of member `id`, read from the database.
    pub fn open(db: &Db, id: i64) -> crate::data::Result<Self> {
        let member = db.member(id)?;
        let photo = db.photo(id).ok().flatten();
        let introductions = db.introductions(Some(id)).map_err(|e| e.to_string());
        let log = db.audit_of_member(id).map_err(|e| e.to_string());
        // The other side's contacts only where both agreed and they were exchanged (the core's
        // rule, Introduction::shares_contacts); masked, so nothing is recorded.
        let partner_contacts = introductions
            .as_ref()
            .map(|list| {
                list.iter()
                    .filter(|intro| intro.shares_contacts())
                    .filter_map(|intro| {
                        let contacts = db
                            .introduction_contacts(&Actor::terminal(), intro.id, false)
                            .ok()
                            .flatten()?;
                        let partner = contacts.into_iter().find(|c| c.member_id != Some(id))?;
                        Some((intro.id, partner.text()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut page = Self::new(member, photo, introductions, log);
        page.checks = db.checks(Some(id))?;
        page.calls = db.calls(id).map_err(|e| e.to_string());
        page.declines = db.declines_of(id).unwrap_or(0);
        page.partner_contacts = partner_contacts;
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
            Message::ExportTo(Some(path)) => self.export_own_data(&path, db, actor),
            Message::AskDelete => {
                self.asking_delete = true;
                Action::None
            }
            Message::CancelDelete => {
                self.asking_delete = false;
                Action::None
            }
            Message::ConfirmDelete => self.delete(db, actor),
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
            Message::OwnConsent(how) => {
                let today = crate::data::today();
                match db.record_own_consent(actor, id, how, today, today) {
                    Ok(()) => Action::Changed(format!(
                        "已记录{}今天本人确认({}):现在可以配对、介绍了",
                        self.member.data.name,
                        how.label()
                    )),
                    Err(error) => Action::Notice(error.to_string()),
                }
            }
            Message::AskOwnRefused(asked) => {
                self.own_refused_asked = asked;
                Action::None
            }
            Message::OwnRefused => {
                self.own_refused_asked = false;
                match db.own_consent_refused(actor, id) {
                    Ok(()) => Action::Changed(format!(
                        "{}本人不同意登记:已退出,不再介绍",
                        self.member.data.name
                    )),
                    Err(error) => Action::Notice(error.to_string()),
                }
            }
            Message::AskPause => {
                self.pausing = Some((None, String::new()));
                Action::None
            }
            Message::PauseReason(reason) => {
                if let Some((chosen, _)) = &mut self.pausing {
                    *chosen = Some(reason);
                }
                Action::None
            }
            Message::PauseUntil(until) => {
                if let Some((_, typed)) = &mut self.pausing {
                    *typed = until;
                }
                Action::None
            }
            Message::CancelPause => {
                self.pausing = None;
                Action::None
            }
            Message::ConfirmPause => self.pause(db, actor),
            Message::Resume => match db.resume_member(id, actor) {
                Ok(()) => {
                    Action::Changed(format!("{}已恢复在册,可以配对了", self.member.data.name))
                }
                Err(error) => Action::Notice(error.to_string()),
            },
            Message::CallNotes(notes) => {
                self.call_notes = notes;
                Action::None
            }
            Message::RecordCall(outcome) => self.record_call(outcome, db, actor),
            Message::CheckDocument(document) => {
                let today = crate::data::today();
                match db.record_identity_check(id, document, today, actor, today) {
                    Ok(()) => Action::Changed(format!("已记下今天核验了{}", document.label())),
                    Err(error) => Action::Notice(error.to_string()),
                }
            }
            Message::UndoDocument(document) => match db.clear_identity_check(id, document, actor) {
                Ok(()) => Action::Changed(format!("已撤销{}的核验记录", document.label())),
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

    /// The member's own data, on their request, written to `path` (and recorded in the log).
    fn export_own_data(&mut self, path: &std::path::Path, db: &mut Db, actor: &Actor) -> Action {
        let outcome = db.export_own_data(actor, self.member.id).and_then(|json| {
            crate::data::files::write_private(path, json.as_bytes()).map_err(|source| {
                crate::data::Error::Folder {
                    path: path.to_path_buf(),
                    source,
                }
            })
        });
        self.reload_log(db);
        Action::Notice(match outcome {
            Ok(()) => format!("本人资料已保存到 {}", path.display()),
            Err(error) => error.to_string(),
        })
    }

    /// 删除 confirmed: the member's data goes, from the database and every backup.
    fn delete(&mut self, db: &mut Db, actor: &Actor) -> Action {
        self.asking_delete = false;
        // Rewriting the backups takes a while with many of them: on a connection of
        // its own, so the window keeps answering.
        let Some(path) = db.path() else {
            return Action::Notice("内存中的数据库不能这样删除".into());
        };
        let actor = actor.clone();
        let id = self.member.id;
        self.deleting = true;
        Action::Run(Task::perform(
            crate::gui::jobs::on_own_connection(path, move |db| db.anonymise_member(&actor, id)),
            Message::Deleted,
        ))
    }

    /// 暂停 confirmed, with the reason chosen and the return date typed (if any).
    fn pause(&mut self, db: &mut Db, actor: &Actor) -> Action {
        let Some((reason, until)) = &self.pausing else {
            return Action::None;
        };
        let Some(reason) = *reason else {
            return Action::Notice("请先选暂停的原因".into());
        };
        let until = match until.trim() {
            "" => None,
            typed => match crate::data::parse::date_or_message(typed) {
                Ok(date) => Some(date),
                Err(message) => return Action::Notice(format!("暂停到哪天:{message}")),
            },
        };
        let today = crate::data::today();
        match db.pause_member(self.member.id, reason, until, actor, today) {
            Ok(()) => Action::Changed(format!(
                "{}已{},这段时间不会出现在配对里",
                self.member.data.name,
                crate::data::availability::pause_text(Some(reason), until)
            )),
            Err(error) => Action::Notice(error.to_string()),
        }
    }

    /// A 回访确认 call made today, with the notes typed.
    fn record_call(&mut self, outcome: CallOutcome, db: &mut Db, actor: &Actor) -> Action {
        let today = crate::data::today();
        match db.record_call(
            self.member.id,
            outcome,
            today,
            &self.call_notes,
            actor,
            today,
        ) {
            Ok(()) if outcome == CallOutcome::Visited => Action::Changed(format!(
                "已记下{}今天来站了:回访确认从今天重新算",
                self.member.data.name
            )),
            Ok(()) => Action::Changed(format!(
                "已记下今天给{}的回访:{}",
                self.member.data.name,
                outcome.label()
            )),
            Err(error) => Action::Notice(error.to_string()),
        }
    }

    /// The values to check and a signature to record, each with its button; `None` when
    /// there is nothing.
    fn to_check(&self) -> Option<Element<'_, Message>> {
        let d = &self.member.data;
        let pending = !d.consent && d.consent_pending;
        let own = d.awaits_own_consent()
            && matches!(d.status, MemberStatus::Active | MemberStatus::Paused);
        if self.checks.is_empty() && !pending && !own {
            return None;
        }
        let mut list = column![].spacing(8);
        if own {
            list = list.push(self.own_consent_line());
        }
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

    /// 待本人确认: who registered the member, and the ways her own yes is recorded today.
    fn own_consent_line(&self) -> Element<'_, Message> {
        let d = &self.member.data;
        let registrant = if d.registrant.name.is_empty() {
            d.registrant.relation.label().to_string()
        } else {
            format!("{}{}", d.registrant.relation.label(), d.registrant.name)
        };
        let refuse: Element<'_, Message> = if self.own_refused_asked {
            row![
                widget::danger("本人不同意,退出", Some(Message::OwnRefused)),
                widget::secondary("取消", Some(Message::AskOwnRefused(false))),
            ]
            .spacing(8)
            .into()
        } else {
            widget::secondary("本人不同意…", Some(Message::AskOwnRefused(true))).into()
        };
        column![
            text(format!(
                "待本人确认:由{registrant}代为登记,本人同意前不配对、不介绍、不邀请、不共享。今天本人:"
            ))
            .size(style::TEXT)
            .color(style::AMBER),
            row![
                widget::primary(
                    "在登记表上签了字",
                    Some(Message::OwnConsent(OwnConsentHow::Sheet))
                ),
                widget::secondary(
                    "到站当面同意",
                    Some(Message::OwnConsent(OwnConsentHow::InPerson))
                ),
                widget::secondary(
                    "电话里同意",
                    Some(Message::OwnConsent(OwnConsentHow::Phone))
                ),
                refuse,
            ]
            .spacing(8)
            .wrap()
            .vertical_spacing(8),
        ]
        .spacing(8)
        .into()
    }

    /// Whether the member is there to be introduced: 暂停 (with the way back), the 回访确认
    /// calls and the ID and union cards checked.
    fn availability(&self) -> Element<'_, Message> {
        let d = &self.member.data;
        let status = crate::data::availability::status_text(d);
        let mut status_line = row![text(format!("状态:{status}")).size(style::TEXT)]
            .spacing(style::SPACING)
            .align_y(Alignment::Center);
        match d.status {
            MemberStatus::Active if self.pausing.is_none() => {
                status_line =
                    status_line.push(widget::secondary("暂停介绍…", Some(Message::AskPause)));
            }
            MemberStatus::Paused => {
                status_line = status_line.push(widget::primary("恢复在册", Some(Message::Resume)));
            }
            _ => {}
        }
        let mut content = column![status_line.wrap().vertical_spacing(8)].spacing(12);
        if d.status == MemberStatus::Paused && d.pause_until.is_some() {
            content = content.push(widget::muted("到了那天会自动恢复在册,不用再来改。"));
        }
        if let Some((reason, until)) = &self.pausing {
            content = content.push(widget::banner(
                column![
                    row![
                        text("暂停的原因").size(style::TEXT),
                        iced::widget::pick_list(PauseReason::ALL, *reason, Message::PauseReason)
                            .placeholder("请选择")
                            .text_size(style::TEXT)
                            .padding(style::INPUT_PADDING)
                            .style(style::pick_list),
                        text("暂停到").size(style::TEXT),
                        widget::date_input("2027-03-01", until, Message::PauseUntil, false),
                    ]
                    .spacing(style::SPACING)
                    .align_y(Alignment::Center)
                    .wrap()
                    .vertical_spacing(8),
                    widget::muted("填了日期,到那天自动恢复在册;不填就一直暂停,直到点“恢复在册”。"),
                    row![
                        widget::primary("确定暂停", Some(Message::ConfirmPause)),
                        widget::secondary("取消", Some(Message::CancelPause)),
                    ]
                    .spacing(style::SPACING),
                ]
                .spacing(10),
                style::containers::warning_banner,
            ));
        }
        for (document, checked) in self.member.identity.documents(d) {
            let line: Element<'_, Message> = match checked {
                Some(checked) => row![
                    text(format!(
                        "{}:已核验({})",
                        document.label(),
                        checked.describe()
                    ))
                    .size(style::TEXT),
                    widget::secondary("撤销", Some(Message::UndoDocument(document))),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .into(),
                None => row![
                    text(format!("{}:未核验", document.label()))
                        .size(style::TEXT)
                        .color(style::AMBER),
                    widget::secondary(
                        format!("今天已看过{}", document.label()),
                        Some(Message::CheckDocument(document))
                    ),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .wrap()
                .vertical_spacing(8)
                .into(),
            };
            content = content.push(line);
        }
        if matches!(d.status, MemberStatus::Active | MemberStatus::Paused) {
            let outcomes = CallOutcome::ALL
                .iter()
                .filter(|outcome| **outcome != CallOutcome::Visited)
                .map(|&outcome| {
                    widget::secondary(outcome.label(), Some(Message::RecordCall(outcome))).into()
                });
            content = content.push(
                column![
                    text("记一次回访电话(问问是否还在找):").size(style::TEXT),
                    iced::widget::text_input(
                        "备注(可不填),例如:下半年工作调回杭州",
                        &self.call_notes
                    )
                    .on_input(Message::CallNotes)
                    .size(style::TEXT)
                    .padding(style::INPUT_PADDING)
                    .style(style::input(false)),
                    row(outcomes)
                        .spacing(style::SPACING)
                        .wrap()
                        .vertical_spacing(8),
                    widget::muted(
                        "还在找 → 在册;已有对象 → 暂停;不再需要 → 退出;没联系上 → 不变。"
                    ),
                    row![
                        widget::secondary(
                            "今天来站了",
                            Some(Message::RecordCall(CallOutcome::Visited))
                        ),
                        widget::muted(
                            "本人来站(开放日、来坐坐)也算联系上了,回访确认从今天重新算。"
                        ),
                    ]
                    .spacing(style::SPACING)
                    .align_y(Alignment::Center)
                    .wrap()
                    .vertical_spacing(8),
                ]
                .spacing(8),
            );
        }
        match &self.calls {
            Err(error) => content = content.push(text(error).size(style::TEXT).color(style::ERROR)),
            Ok(calls) if calls.is_empty() => {}
            Ok(calls) => {
                let mut list = column![widget::muted("回访电话:")].spacing(4);
                for call in calls.iter().take(10) {
                    list = list.push(text(call.describe()).size(style::TEXT));
                }
                content = content.push(list);
            }
        }
        content.into()
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
            .spacing(style::SPACING)
            // At 特大 the three do not fit on one line: the red one goes to the next, whole.
            .wrap()
            .vertical_spacing(8),
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
        if self.declines > 0 {
            let notable = self.declines >= crate::data::availability::DECLINES_NOTABLE;
            lines = lines.push(
                text(format!(
                    "{}自己结束过 {} 次介绍(本人不同意或觉得不合适){}",
                    self.member.data.name,
                    self.declines,
                    if notable {
                        ":介绍前可以先问问本人最在意什么"
                    } else {
                        ""
                    }
                ))
                .size(style::TEXT)
                .color(if notable { style::AMBER } else { style::MUTED }),
            );
        }
        for (i, intro) in introductions.iter().enumerate() {
            let (name, number) = intro.partner_of(self.member.id);
            // Still at 介绍: where the agreement stands; past it, when contacts were given.
            let mut reached = if intro.stage == Stage::Introduced {
                vec![format!("{}({})", intro.stage_text(), intro.introduced_on)]
            } else {
                let mut reached = vec![format!("介绍 {}", intro.introduced_on)];
                reached.extend(intro.exchanged_on.map(|d| format!("交换联系方式 {d}")));
                reached
            };
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
                reached.push(format!("{} {date}", intro.stage_text()));
            }
            let mut steps = column![text(reached.join(" → ")).size(style::TEXT)].spacing(4);
            if let Some(contacts) = self.partner_contacts.get(&intro.id) {
                steps = steps.push(widget::muted(format!("{name}的联系方式:{contacts}")));
            }
            lines = lines.push(
                iced::widget::button(
                    row![
                        text(format!("{name} {number}"))
                            .size(style::TEXT)
                            .width(Length::FillPortion(2)),
                        container(steps).width(Length::FillPortion(5)),
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
                    (d.status == MemberStatus::Active && d.withheld().is_none()).then_some(
                        Message::Print(crate::data::print::Job::Card {
                            member: m.id,
                            image: false
                        })
                    )
                ),
                widget::secondary(
                    "配对",
                    (d.status == MemberStatus::Active && d.withheld().is_none())
                        .then_some(Message::Pair)
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
        // The wording of every field (and the masking of contacts) is the printed sheet's; the
        // sections are the fields' own (`fields::MEMBER_FIELDS`).
        let section = |section| {
            facts(
                narrow,
                crate::data::print::page_section(d, self.revealed, today, section),
            )
        };
        let basic = section(Section::Basic);
        let work = section(Section::Work);
        let mut contact = column![section(Section::Contact)].spacing(8);
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
        let family = crate::data::print::family_fields(d, self.revealed).map(|(title, fields)| {
            let mut content = column![facts(narrow, fields)].spacing(8);
            let conflicts = crate::data::print::family_conflict_lines(d);
            if conflicts.is_empty() {
                content = content.push(widget::muted("和本人的要求一致。"));
            } else {
                content = content.push(
                    text(format!("和本人不同:{}", conflicts.join(";")))
                        .size(style::TEXT)
                        .color(style::AMBER),
                );
                content = content.push(widget::muted(
                    "配对按本人的要求;家长的要求在配对里另列一行,介绍前和家长、本人都说清楚。",
                ));
            }
            (title, content)
        });
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
            let d = &self.member.data;
            let title = if self.checks.is_empty() && (d.consent || !d.consent_pending) {
                "待本人确认"
            } else {
                "待核对"
            };
            sections.push(widget::section(title, to_check));
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
            // Beside the phone: the call to record, whether the member is there to introduce.
            widget::section("在册与回访", self.availability()),
            widget::section("择偶要求", preferences),
        ]);
        if let Some((title, content)) = family {
            sections.push(widget::section(title, content));
        }
        sections.push(widget::section("登记信息", bookkeeping));
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
