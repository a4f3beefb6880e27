//! 导入旧登记册: choose the spreadsheet, check which column is which, look at every row's
//! problems before anything is written, then import with progress (cancel leaves nothing
//! half done) and keep the rows that could not come in as a file.

use crate::data::import::{
    self, BookConsent, ConsentFrom, Duplicates, Mapping, Outcome, Preview, Summary, Table, Target,
};
use crate::gui::{style, widget};
use iced::widget::{column, progress_bar, radio, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Rows with something to say listed on the page (the rest are counted; all go to the file).
const LISTED: usize = 300;

/// A column's destination in the pick list ("不导入" = none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice(pub Option<Target>);

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(target) => f.write_str(target.label()),
            None => f.write_str("(不导入)"),
        }
    }
}

fn choices() -> Vec<Choice> {
    std::iter::once(Choice(None))
        .chain(Target::ALL.iter().map(|t| Choice(Some(*t))))
        .collect()
}

#[derive(Debug, Clone)]
pub enum Message {
    /// 知道了 on the floating note.
    DismissNotice,
    Choose,
    Chosen(Option<PathBuf>),
    Read(Result<Arc<Table>, String>),
    Column(usize, Choice),
    Previewed(u64, Result<Arc<Preview>, String>),
    Duplicates(DuplicateChoice),
    Consent(BookConsent),
    Start,
    Progress(usize, usize),
    Finished(Result<Summary, String>),
    Cancel,
    SaveErrors,
    ErrorsFile(Option<PathBuf>),
    Members,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateChoice {
    Skip,
    Merge,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Preview the table with this mapping and consent choice (numbered: only the newest
    /// answer counts).
    Preview(u64, Arc<Table>, Mapping, Option<BookConsent>),
    /// Import the preview; the flag cancels.
    Import(Arc<Preview>, Duplicates, Arc<AtomicBool>),
    Members,
}

enum Stage {
    Choosing,
    Reading,
    Ready,
    Importing {
        done: usize,
        total: usize,
        cancel: Arc<AtomicBool>,
    },
    Done(Summary),
}

pub struct Import {
    stage: Stage,
    table: Option<Arc<Table>>,
    mapping: Mapping,
    preview: Option<Arc<Preview>>,
    generation: u64,
    duplicates: DuplicateChoice,
    /// For a book without a 知情同意 column: the volunteer's answer (none until chosen).
    consent: Option<BookConsent>,
    error: Option<String>,
    notice: Option<String>,
}

impl Default for Import {
    fn default() -> Self {
        Self::new()
    }
}

impl Import {
    pub fn new() -> Self {
        Self {
            stage: Stage::Choosing,
            table: None,
            mapping: Mapping(Vec::new()),
            preview: None,
            generation: 0,
            duplicates: DuplicateChoice::Skip,
            consent: None,
            error: None,
            notice: None,
        }
    }

    pub fn preview(&self) -> Option<&Preview> {
        self.preview.as_deref()
    }

    pub fn is_busy(&self) -> bool {
        matches!(self.stage, Stage::Importing { .. })
    }

    fn ask_preview(&mut self) -> Action {
        let Some(table) = self.table.clone() else {
            return Action::None;
        };
        self.generation += 1;
        // The old preview no longer matches the columns: nothing to import until the new one.
        self.preview = None;
        Action::Preview(self.generation, table, self.mapping.clone(), self.consent)
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Choose => {
                self.error = None;
                Action::Run(Task::perform(
                    widget::open_spreadsheet("选择旧登记册(Excel 或 CSV 文件)"),
                    Message::Chosen,
                ))
            }
            Message::Chosen(None) => Action::None,
            Message::Chosen(Some(path)) => self.read(path),
            Message::Read(result) => self.read_done(result),
            Message::Column(column, Choice(target)) => self.set_column(column, target),
            Message::Previewed(generation, result) => {
                if generation == self.generation {
                    match result {
                        Ok(preview) => self.preview = Some(preview),
                        Err(error) => self.error = Some(error),
                    }
                }
                Action::None
            }
            Message::Duplicates(choice) => {
                self.duplicates = choice;
                Action::None
            }
            Message::Consent(choice) => {
                self.consent = Some(choice);
                self.ask_preview()
            }
            Message::Start => self.start(),
            Message::Progress(done, total) => {
                if let Stage::Importing {
                    done: shown,
                    total: all,
                    ..
                } = &mut self.stage
                {
                    *shown = done;
                    *all = total;
                }
                Action::None
            }
            Message::Finished(result) => {
                match result {
                    Ok(summary) => self.stage = Stage::Done(summary),
                    Err(error) => {
                        self.stage = Stage::Ready;
                        self.error = Some(error);
                    }
                }
                Action::None
            }
            Message::Cancel => {
                if let Stage::Importing { cancel, .. } = &self.stage {
                    cancel.store(true, Ordering::Relaxed);
                }
                Action::None
            }
            Message::SaveErrors => Action::Run(Task::perform(
                widget::save_dialog(
                    "保存没有导入的行",
                    "没有导入的行.csv".into(),
                    "CSV",
                    &["csv"],
                ),
                Message::ErrorsFile,
            )),
            Message::ErrorsFile(None) => Action::None,
            Message::ErrorsFile(Some(path)) => {
                self.save_errors(&path);
                Action::None
            }
            Message::Members => Action::Members,
            Message::DismissNotice => {
                self.notice = None;
                Action::None
            }
        }
    }

    /// Reads the chosen file in the background.
    fn read(&mut self, path: PathBuf) -> Action {
        self.stage = Stage::Reading;
        self.error = None;
        Action::Run(Task::perform(
            async move {
                tokio::task::spawn_blocking(move || {
                    import::read(&path).map(Arc::new).map_err(|e| e.to_string())
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
            },
            Message::Read,
        ))
    }

    /// The file read: guess its columns and check its rows; or back to choosing.
    fn read_done(&mut self, result: Result<Arc<Table>, String>) -> Action {
        match result {
            Err(error) => {
                self.stage = Stage::Choosing;
                self.error = Some(error);
                Action::None
            }
            Ok(table) => {
                self.mapping = Mapping::guess(&table.headers);
                self.table = Some(table);
                self.preview = None;
                self.stage = Stage::Ready;
                self.ask_preview()
            }
        }
    }

    fn set_column(&mut self, column: usize, target: Option<Target>) -> Action {
        if column < self.mapping.0.len() {
            // One column per destination: a column that had it gives it up.
            if target.is_some() {
                for other in self.mapping.0.iter_mut() {
                    if *other == target {
                        *other = None;
                    }
                }
            }
            self.mapping.0[column] = target;
        }
        self.ask_preview()
    }

    fn start(&mut self) -> Action {
        let Some(preview) = self.preview.clone() else {
            return Action::None;
        };
        let cancel = Arc::new(AtomicBool::new(false));
        self.stage = Stage::Importing {
            done: 0,
            total: preview.rows.len(),
            cancel: cancel.clone(),
        };
        self.error = None;
        let duplicates = match self.duplicates {
            DuplicateChoice::Skip => Duplicates::Skip,
            DuplicateChoice::Merge => Duplicates::Merge,
        };
        Action::Import(preview, duplicates, cancel)
    }

    /// Writes the rows that could not come in to `path`.
    fn save_errors(&mut self, path: &std::path::Path) {
        if let (Some(table), Some(preview)) = (&self.table, &self.preview) {
            match import::write_errors(path, table, preview) {
                Ok(n) => self.notice = Some(format!("{n} 行已保存到 {}", path.display())),
                Err(error) => self.error = Some(error.to_string()),
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        widget::with_toast(self.page(), self.notice.as_deref(), Message::DismissNotice)
    }

    fn page(&self) -> Element<'_, Message> {
        let mut page = column![widget::heading("导入旧登记册")].spacing(style::SPACING);
        {
            if let Some(message) = &self.error {
                let look = style::containers::error_banner;
                page = page.push(widget::banner(text(message).size(style::TEXT), look));
            }
        }
        match &self.stage {
            Stage::Choosing => page
                .push(
                    text("把录入电脑的纸质登记册(Excel 的 .xlsx/.xls、WPS 的 .ods,或 .csv,GBK 编码也可以)导进来。导入前会逐行检查,先给您看结果,确认后才写入。")
                        .size(style::TEXT),
                )
                .push(widget::primary("选择文件…", Some(Message::Choose)))
                .into(),
            Stage::Reading => page
                .push(text("正在读取文件……").size(style::TEXT))
                .into(),
            Stage::Importing { done, total, .. } => page
                .push(
                    text(format!("正在导入……{done} / {total} 行"))
                        .size(style::TEXT),
                )
                .push(progress_bar(0.0..=(*total).max(1) as f32, *done as f32).girth(16))
                .push(widget::secondary("取消导入(已导入的也会撤回)", Some(Message::Cancel)))
                .into(),
            Stage::Done(summary) => page
                .push(widget::banner(
                    text(format!(
                        "导入完成:{}。{}",
                        summary.counts(),
                        if summary.leaves_work() {
                            format!("{}:在“会员”页的“待核对”里逐个处理。", summary.to_handle())
                        } else {
                            String::new()
                        }
                    ))
                    .size(style::TEXT),
                    style::containers::success_banner,
                ))
                .push(
                    row![
                        widget::primary("查看会员名单", Some(Message::Members)),
                        widget::secondary("保存没有导入的行…", Some(Message::SaveErrors)),
                        widget::secondary("再导入一个文件", Some(Message::Choose)),
                    ]
                    .spacing(style::SPACING),
                )
                .into(),
            Stage::Ready => page.push(self.ready_view()).into(),
        }
    }

    fn ready_view(&self) -> Element<'_, Message> {
        let Some(table) = &self.table else {
            return column![].into();
        };
        let columns = self.columns_view(table);
        let Some(preview) = &self.preview else {
            return columns
                .push(text("正在逐行检查……").size(style::TEXT))
                .into();
        };
        scrollable(
            column![columns, self.summary_view(preview), problems_view(preview)]
                .spacing(style::GAP)
                .padding(iced::Padding {
                    right: 16.0,
                    ..iced::Padding::ZERO
                }),
        )
        .height(Length::Fill)
        .into()
    }

    /// The file, and each of its columns with where it goes.
    fn columns_view<'a>(&'a self, table: &'a Table) -> iced::widget::Column<'a, Message> {
        let line = widget::column_pickers(
            &table.headers,
            |i| Choice(self.mapping.0.get(i).copied().flatten()),
            choices,
            Message::Column,
        );
        column![
            text(format!(
                "文件:{}({} 行)。请核对每一列导入到哪里:",
                table.file_name,
                table.rows.len()
            ))
            .size(style::TEXT),
            line.wrap(),
        ]
        .spacing(8)
    }

    /// The counts, the file's faults, the consent and duplicate choices and the buttons.
    fn summary_view<'a>(&'a self, preview: &'a Preview) -> Element<'a, Message> {
        let mut summary = column![
            text(format!(
                "可导入 {} 人(其中待核对 {} 人) · 可能重复 {} 行 · 不能导入 {} 行",
                preview.ready(),
                preview.to_check(),
                preview.duplicates(),
                preview.rejected()
            ))
            .size(style::TEXT + 2.0)
            .color(style::INK),
        ]
        .spacing(8);
        if !preview.faults.is_empty() {
            summary = summary.push(faults_view(preview));
        }
        if preview.consent != ConsentFrom::Column {
            let mut choose = column![
                text("表里没有“知情同意”一栏。这本登记册的会员是怎样同意的?").size(style::TEXT)
            ]
            .spacing(8);
            for choice in BookConsent::ALL {
                choose = choose.push(
                    radio(choice.label(), choice, self.consent, Message::Consent)
                        .text_size(style::TEXT),
                );
            }
            summary = summary.push(choose);
        }
        if preview.duplicates() > 0 {
            summary = summary.push(self.duplicates_choice());
        }
        summary = summary.push(self.import_buttons(preview));
        if let Some(why) = preview
            .faults
            .is_empty()
            .then(|| preview.nothing_readable())
            .flatten()
        {
            summary = summary.push(widget::banner(
                text(why).size(style::TEXT),
                style::containers::error_banner,
            ));
        } else if preview.faults.is_empty() && preview.consent == ConsentFrom::ToChoose {
            summary = summary.push(widget::muted("请先在上面选择会员是怎样同意的,才能导入。"));
        }
        summary.into()
    }

    /// 跳过 or 合并 for the rows that may be members already.
    fn duplicates_choice(&self) -> Element<'_, Message> {
        row![
            text("可能重复的行:").size(style::TEXT),
            radio(
                "跳过",
                DuplicateChoice::Skip,
                Some(self.duplicates),
                Message::Duplicates
            )
            .text_size(style::TEXT),
            radio(
                "合并到已有会员(只补空着的项,不覆盖)",
                DuplicateChoice::Merge,
                Some(self.duplicates),
                Message::Duplicates
            )
            .text_size(style::TEXT),
        ]
        .spacing(style::GAP)
        .align_y(Alignment::Center)
        .into()
    }

    /// 导入, 保存没有导入的行 and 换一个文件.
    fn import_buttons(&self, preview: &Preview) -> Element<'_, Message> {
        let importable = preview.blocked().is_none()
            && (preview.ready() > 0
                || (preview.duplicates() > 0 && self.duplicates == DuplicateChoice::Merge));
        row![
            widget::primary(
                format!("导入 {} 人", preview.ready()),
                importable.then_some(Message::Start)
            ),
            widget::secondary(
                "保存没有导入的行…",
                (preview.rejected() + preview.duplicates() + preview.faults.len() > 0)
                    .then_some(Message::SaveErrors)
            ),
            widget::secondary("换一个文件", Some(Message::Choose)),
        ]
        .spacing(style::SPACING)
        .into()
    }
}

/// The faults that stop the whole file (the first 20).
fn faults_view(preview: &Preview) -> Element<'_, Message> {
    let mut faults = column![
        text(format!(
            "这份文件有 {} 处问题,整份不能导入(以免少了行自己还不知道)。请在表格软件里改好后再选这个文件:",
            preview.faults.len()
        ))
        .size(style::TEXT)
    ]
    .spacing(4);
    for fault in preview.faults.iter().take(20) {
        faults = faults.push(text(format!("· {fault}")).size(style::TEXT));
    }
    widget::banner(faults, style::containers::error_banner)
}

/// Each row with something to say (at most `LISTED`): why not, the likely duplicate, or
/// what to check.
fn problems_view(preview: &Preview) -> Element<'_, Message> {
    let mut problems = column![].spacing(4);
    let mut listed = 0;
    for row_ in &preview.rows {
        let (color, what) = match &row_.outcome {
            Outcome::Rejected { reasons } => {
                (style::ERROR, format!("不能导入:{}", reasons.join(";")))
            }
            Outcome::Duplicate { description, .. } => (style::AMBER, description.clone()),
            Outcome::Ready { notes } => {
                let mut said: Vec<String> = row_
                    .checks
                    .iter()
                    .map(|(field, what)| format!("待核对 {field}:{what}"))
                    .collect();
                if !row_.wishes.is_empty() {
                    said.push(format!("择偶要求读成:{}", row_.wishes));
                }
                said.extend(notes.iter().cloned());
                if said.is_empty() {
                    continue;
                }
                let color = if row_.checks.is_empty() {
                    style::MUTED
                } else {
                    style::AMBER
                };
                (color, said.join(";"))
            }
        };
        if listed == LISTED {
            problems = problems.push(widget::muted("……更多的行请用“保存没有导入的行”查看。"));
            break;
        }
        listed += 1;
        problems = problems.push(
            row![
                text(format!("第 {} 行", row_.line))
                    .size(style::TEXT)
                    .width(90),
                text(row_.data.name.clone()).size(style::TEXT).width(110),
                text(what)
                    .size(style::TEXT)
                    .color(color)
                    .width(Length::Fill),
            ]
            .spacing(style::SPACING),
        );
    }
    problems.into()
}
