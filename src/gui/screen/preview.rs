//! 打印预览: the pages as they will come out of the printer, shown over the page the volunteer
//! came from (which keeps what was on it), with 打印, 另存为 PDF, 存为图片 (介绍卡) and opening
//! the PDF in the system's viewer.

use crate::data::print::{IMAGE_PIXELS_PER_POINT, Job, Printout};
use crate::data::{self, Actor, Db};
use crate::gui::{jobs, style, widget};
use crate::system::{self, Printed, Printing};
use iced::widget::{checkbox, column, container, image, pick_list, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};
use std::path::PathBuf;

/// Pages are shown at 1.5 pixels per point: an A4 page is 893 pixels wide.
const PREVIEW_PIXELS_PER_POINT: f32 = 1.5;
/// The sizes 放大 and 缩小 step through, as a share of the width that fits (1 = 适合宽度).
const ZOOMS: [f32; 6] = [0.5, 0.75, 1.0, 1.5, 2.0, 3.0];
/// The share [`ZOOMS`] starts at: the page as wide as the room for it.
const FIT: usize = 2;
/// Below this width (logical pixels) the buttons go above the page, which takes the width.
const NARROW: f32 = 900.0;
/// On a wide window, the widest the page is shown when it fits the width.
const FIT_MAX: f32 = 920.0;

/// A laid-out document with its pages as pictures, made off the UI thread.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub printout: Printout,
    pages: Vec<Option<image::Handle>>,
    /// A 介绍卡 (or a 喜报) laid out phone-sized, for 存为图片.
    card_image: Option<Printout>,
    printing: Printing,
}

/// Lays out `job` on its own connection and draws its first page; also asks which printers
/// there are. Public so tests can make what the background task makes.
pub fn prepare(db: &Db, job: &Job, actor: &Actor) -> data::Result<Prepared> {
    let printout = db.print(job, actor, data::today())?;
    let mut pages = vec![None; printout.page_count()];
    if let Some(first) = pages.first_mut() {
        *first = draw(&printout, 0);
    }
    let card_image = match job {
        Job::Card { member, .. } => Some(db.print(
            &Job::Card {
                member: *member,
                image: true,
            },
            actor,
            data::today(),
        )?),
        // 喜报 for WeChat, as the card.
        Job::HappyNews {
            introduction,
            photo,
            ..
        } => Some(db.print(
            &Job::HappyNews {
                introduction: *introduction,
                image: true,
                photo: photo.clone(),
            },
            actor,
            data::today(),
        )?),
        _ => None,
    };
    Ok(Prepared {
        printout,
        pages,
        card_image,
        printing: Printing::detect(),
    })
}

/// One page as a picture for the screen (drawn when first shown: a batch can have hundreds).
fn draw(printout: &Printout, page: usize) -> Option<image::Handle> {
    printout
        .rgba(page, PREVIEW_PIXELS_PER_POINT)
        .map(|(width, height, pixels)| image::Handle::from_rgba(width, height, pixels))
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The pages of `Job` are ready (or why not).
    Ready(Job, Result<Prepared, String>),
    Page(usize),
    /// PgUp / PgDn: the page before or after.
    Turn(i32),
    /// 放大 (+1) or 缩小 (−1) a step.
    Zoom(i32),
    /// 适合宽度: the page as wide as the room for it.
    FitWidth,
    FullContacts(bool),
    ChoosePrinter(String),
    Print,
    /// What became of the printout (numbered: only the last sending's answer counts; `None` if
    /// the sending itself broke down).
    Printed(u64, Option<Result<Printed, String>>),
    SavePdf,
    SavePdfTo(Option<PathBuf>),
    SavePng,
    SavePngTo(Option<PathBuf>),
    OpenInViewer,
    /// The system's viewer started with the file (or why not), for the sending numbered so.
    Opened(u64, Option<Result<(PathBuf, system::Opened), String>>),
    Close,
}

/// What the preview asks the root to do.
pub enum Action {
    None,
    Run(Task<Message>),
    /// Lay out this job again (the volunteer changed an option).
    Prepare(Job),
    Close,
}

pub struct Preview {
    pub job: Job,
    prepared: Option<Result<Prepared, String>>,
    page: usize,
    printer: Option<String>,
    /// What happened last (sent to the printer, saved to …), or what went wrong.
    status: Option<Status>,
    /// The number of the last printout sent to the printer or the viewer.
    sending: u64,
    /// Which of [`ZOOMS`] the page is shown at.
    zoom: usize,
}

/// What the preview says under its buttons.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    /// Under way: the printer or the viewer has not answered yet.
    Waiting(String),
    Done(String),
    /// Not done as asked, but the volunteer can finish it (the PDF is open to print by hand).
    Notice(String),
    Failed(String),
}

impl From<Result<String, String>> for Status {
    fn from(result: Result<String, String>) -> Self {
        result.map_or_else(Status::Failed, Status::Done)
    }
}

impl Preview {
    /// A preview waiting for its pages.
    pub fn new(job: Job) -> Self {
        Self {
            job,
            prepared: None,
            page: 0,
            printer: None,
            status: None,
            sending: 0,
            zoom: FIT,
        }
    }

    /// The page's size as a share of the width that fits (1 = 适合宽度).
    pub fn zoom(&self) -> f32 {
        ZOOMS[self.zoom]
    }

    pub fn is_ready(&self) -> bool {
        matches!(self.prepared, Some(Ok(_)))
    }

    pub fn page_count(&self) -> usize {
        match &self.prepared {
            Some(Ok(prepared)) => prepared.pages.len(),
            _ => 0,
        }
    }

    fn printout(&self) -> Option<&Printout> {
        match &self.prepared {
            Some(Ok(prepared)) => Some(&prepared.printout),
            _ => None,
        }
    }

    fn file_name(&self, extension: &str) -> String {
        let title = self.printout().map_or("打印", |p| p.title.as_str());
        system::safe_file_name(&format!("{title}.{extension}"))
    }

    /// The PDF written into the print folder, for the printer or the viewer.
    fn temporary_pdf(&self) -> Result<PathBuf, String> {
        let printout = self.printout().ok_or("页面还没有准备好")?;
        let pdf = printout.pdf().map_err(|e| e.to_string())?;
        system::write_temporary(&self.file_name("pdf"), &pdf)
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Ready(job, prepared) => {
                if job == self.job {
                    self.ready(prepared);
                }
                Action::None
            }
            Message::Page(page) => {
                self.turn_to(page);
                Action::None
            }
            Message::Turn(step) => {
                let page = (self.page as i64 + i64::from(step)).max(0) as usize;
                self.turn_to(page);
                Action::None
            }
            Message::Zoom(step) => {
                let zoom = (self.zoom as i64 + i64::from(step)).clamp(0, ZOOMS.len() as i64 - 1);
                self.zoom = zoom as usize;
                Action::None
            }
            Message::FitWidth => {
                self.zoom = FIT;
                Action::None
            }
            Message::FullContacts(full) => match self.job {
                Job::Sheet { member, .. } => {
                    self.job = Job::Sheet {
                        member,
                        full_contacts: full,
                    };
                    self.prepared = None;
                    self.status = None;
                    self.sending = 0;
                    Action::Prepare(self.job.clone())
                }
                _ => Action::None,
            },
            Message::ChoosePrinter(name) => {
                self.printer = Some(name);
                Action::None
            }
            Message::Print => self.print(),
            Message::Printed(sending, printed) => {
                if sending == self.sending {
                    self.status = Some(match printed {
                        Some(Ok(printed @ Printed::Queued { .. })) => Status::Done(printed.words()),
                        Some(Ok(printed @ Printed::ByHand(_))) => Status::Notice(printed.words()),
                        Some(Err(error)) => Status::Failed(error),
                        None => Status::Failed("打印时出了错,请再试一次".into()),
                    });
                }
                Action::None
            }
            Message::OpenInViewer => self.open_in_viewer(),
            Message::Opened(sending, opened) => {
                if sending == self.sending {
                    self.status = Some(match opened {
                        Some(Ok((file, opened @ system::Opened::Shown))) => {
                            Status::Done(opened.words(&file))
                        }
                        Some(Ok((file, opened @ system::Opened::EndedAtOnce(_)))) => {
                            Status::Notice(opened.words(&file))
                        }
                        Some(Err(error)) => Status::Failed(error),
                        None => Status::Failed("打开时出了错,请再试一次".into()),
                    });
                }
                Action::None
            }
            Message::SavePdf => Action::Run(Task::perform(
                widget::save_dialog("另存为 PDF", self.file_name("pdf"), "PDF", &["pdf"]),
                Message::SavePdfTo,
            )),
            Message::SavePdfTo(None) | Message::SavePngTo(None) => Action::None,
            Message::SavePdfTo(Some(path)) => {
                self.save_pdf(path);
                Action::None
            }
            Message::SavePng => Action::Run(Task::perform(
                widget::save_dialog("存为图片", self.file_name("png"), "PNG 图片", &["png"]),
                Message::SavePngTo,
            )),
            Message::SavePngTo(Some(path)) => {
                self.save_png(path);
                Action::None
            }
            Message::Close => Action::Close,
        }
    }

    /// The printout of this job is ready (or failed): its first page, and a printer that is
    /// there still chosen.
    fn ready(&mut self, prepared: Result<Prepared, String>) {
        if let Ok(p) = &prepared
            && let Printing::Cups(printers) = &p.printing
            && !self
                .printer
                .as_ref()
                .is_some_and(|chosen| printers.names.contains(chosen))
        {
            self.printer = printers.names.first().cloned();
        }
        self.page = 0;
        self.prepared = Some(prepared);
    }

    /// Shows `page` (the last if past it), drawing it the first time.
    fn turn_to(&mut self, page: usize) {
        self.page = page.min(self.page_count().saturating_sub(1));
        if let Some(Ok(prepared)) = &mut self.prepared
            && let Some(slot) = prepared.pages.get_mut(self.page)
            && slot.is_none()
        {
            *slot = draw(&prepared.printout, self.page);
        }
    }

    /// 打印: the PDF to the chosen printer, in the background.
    fn print(&mut self) -> Action {
        let printing = match &self.prepared {
            Some(Ok(prepared)) => prepared.printing.clone(),
            _ => return Action::None,
        };
        if let Some(problem) = printing.problem() {
            self.status = Some(Status::Failed(problem));
            return Action::None;
        }
        let file = match self.temporary_pdf() {
            Ok(file) => file,
            Err(error) => {
                self.status = Some(Status::Failed(error));
                return Action::None;
            }
        };
        // Windows waits for the printer's queue to show the job: up to half a minute.
        self.status = Some(Status::Waiting(if printing == Printing::Windows {
            "正在交给打印机,等打印机收到(最多半分钟)…".into()
        } else {
            "正在交给打印机…".into()
        }));
        self.sending = jobs::next_generation();
        let (sending, printer) = (self.sending, self.printer.clone());
        Action::Run(jobs::compute(
            move || system::print_pdf(&file, printer.as_deref(), "红娘工作台打印"),
            move |printed| Message::Printed(sending, printed),
        ))
    }

    /// The PDF opened in the system's own program, in the background.
    fn open_in_viewer(&mut self) -> Action {
        let file = match self.temporary_pdf() {
            Ok(file) => file,
            Err(error) => {
                self.status = Some(Status::Failed(error));
                return Action::None;
            }
        };
        self.status = Some(Status::Waiting("正在用系统程序打开…".into()));
        self.sending = jobs::next_generation();
        let sending = self.sending;
        Action::Run(jobs::compute(
            move || system::open(&file).map(|opened| (file, opened)),
            move |opened| Message::Opened(sending, opened),
        ))
    }

    /// 另存为 PDF, the extension added when missing.
    fn save_pdf(&mut self, path: PathBuf) {
        let Some(printout) = self.printout() else {
            return;
        };
        let path = with_extension(path, "pdf");
        self.status = Some(
            printout
                .pdf()
                .map_err(|e| e.to_string())
                .and_then(|pdf| write(&path, &pdf))
                .into(),
        );
    }

    /// The card as a picture (only a card has one).
    fn save_png(&mut self, path: PathBuf) {
        let Some(Ok(Prepared {
            card_image: Some(card),
            ..
        })) = &self.prepared
        else {
            return;
        };
        let path = with_extension(path, "png");
        self.status = Some(
            card.png(0, IMAGE_PIXELS_PER_POINT)
                .map_err(|e| e.to_string())
                .and_then(|png| write(&path, &png))
                .into(),
        );
    }

    pub fn view(&self) -> Element<'_, Message> {
        let title = self.printout().map_or("打印预览".to_string(), |p| {
            format!("打印预览:{}", p.title)
        });
        let body = iced::widget::responsive(move |size| {
            let narrow = size.width < NARROW;
            // Narrow (特大 on 1024×768): the buttons above, the page the whole width.
            let room = if narrow {
                size.width
            } else {
                (size.width - ACTIONS_WIDTH - style::GAP).min(FIT_MAX)
            };
            let pages = self.page_view(room);
            let actions = self.actions(narrow);
            if narrow {
                column![actions, pages].spacing(style::SPACING).into()
            } else {
                row![pages, actions]
                    .spacing(style::GAP)
                    .height(Length::Fill)
                    .into()
            }
        });
        column![widget::heading(title), body]
            .spacing(style::SPACING)
            .into()
    }

    /// The page shown, `room` wide at 适合宽度 and zoomed from there; scrolled both ways.
    fn page_view(&self, room: f32) -> Element<'_, Message> {
        match &self.prepared {
            None => container(widget::muted("正在排版…"))
                .padding(40)
                .width(Length::Fill)
                .into(),
            Some(Err(error)) => {
                container(text(error.as_str()).size(style::TEXT).color(style::ERROR))
                    .padding(20)
                    .into()
            }
            Some(Ok(prepared)) => {
                let width = (room - SCROLLBAR_ROOM).max(100.0) * ZOOMS[self.zoom];
                let page = prepared
                    .pages
                    .get(self.page)
                    .cloned()
                    .flatten()
                    .map(|handle| {
                        container(image(handle).width(Length::Fixed(width - DESK_PADDING * 2.0)))
                            .padding(DESK_PADDING)
                            .style(style::containers::desk)
                    });
                scrollable(column![page])
                    .id(PAGE_ID)
                    .direction(scrollable::Direction::Both {
                        vertical: scrollable::Scrollbar::default(),
                        horizontal: scrollable::Scrollbar::default(),
                    })
                    .width(Length::Fill)
                    .height(Length::Fill)
                    .into()
            }
        }
    }

    /// The buttons: a column beside the page, or lines above it when `narrow`.
    fn actions(&self, narrow: bool) -> Element<'_, Message> {
        let ready = self.is_ready();
        // Where printing is impossible the button is grey and the reason is shown above it.
        // While the printer or the viewer has not answered, a second click would send it twice.
        let waiting = matches!(self.status, Some(Status::Waiting(_)));
        let can_print =
            !waiting && matches!(&self.prepared, Some(Ok(p)) if p.printing.problem().is_none());
        let wide = |button: iced::widget::Button<'static, Message>| -> Element<'static, Message> {
            if narrow {
                button.into()
            } else {
                button.width(Length::Fill).into()
            }
        };
        let mut buttons: Vec<Element<'_, Message>> = Vec::new();
        let count = self.page_count();
        if count > 1 {
            buttons.push(
                row![
                    widget::secondary(
                        "上一页",
                        (self.page > 0).then(|| Message::Page(self.page - 1))
                    ),
                    text(format!("{} / {}", self.page + 1, count)).size(style::TEXT),
                    widget::secondary(
                        "下一页",
                        (self.page + 1 < count).then(|| Message::Page(self.page + 1))
                    ),
                ]
                .spacing(8)
                .align_y(Alignment::Center)
                .into(),
            );
        } else if ready {
            buttons.push(widget::muted("共 1 页,A4"));
        }
        if ready {
            buttons.push(
                row![
                    widget::secondary("缩小", (self.zoom > 0).then_some(Message::Zoom(-1))),
                    widget::secondary(
                        "放大",
                        (self.zoom + 1 < ZOOMS.len()).then_some(Message::Zoom(1))
                    ),
                    widget::secondary("适合宽度", (self.zoom != FIT).then_some(Message::FitWidth)),
                ]
                .spacing(8)
                .into(),
            );
        }
        // Why printing is impossible here (above 打印), and what happened (under the buttons).
        let mut problem: Option<Element<'_, Message>> = None;
        if let Some(Ok(prepared)) = &self.prepared {
            if let Printing::Cups(printers) = &prepared.printing
                && printers.names.len() > 1
            {
                buttons.push(
                    column![
                        widget::muted("打印机"),
                        pick_list(
                            printers.names.clone(),
                            self.printer.clone(),
                            Message::ChoosePrinter
                        )
                        .text_size(style::TEXT)
                        .width(if narrow {
                            Length::Shrink
                        } else {
                            Length::Fill
                        }),
                    ]
                    .into(),
                );
            }
            problem = prepared
                .printing
                .problem()
                .map(|why| text(why).size(style::SMALL).color(style::AMBER).into());
        }
        buttons.push(wide(widget::primary(
            "打印",
            can_print.then_some(Message::Print),
        )));
        buttons.push(wide(widget::secondary(
            "另存为 PDF…",
            ready.then_some(Message::SavePdf),
        )));
        if matches!(self.job, Job::Card { .. }) {
            buttons.push(wide(widget::secondary(
                "存为图片(发微信)…",
                ready.then_some(Message::SavePng),
            )));
        }
        buttons.push(wide(widget::secondary(
            "用系统程序打开",
            (ready && !waiting).then_some(Message::OpenInViewer),
        )));
        if let Job::Sheet { full_contacts, .. } = self.job {
            buttons.push(
                checkbox(full_contacts)
                    .label("印出完整手机号和微信(会记录在操作记录里)")
                    .on_toggle(Message::FullContacts)
                    .text_size(style::SMALL)
                    .into(),
            );
        }
        buttons.push(wide(widget::secondary("关闭预览", Some(Message::Close))));
        let said: Option<Element<'_, Message>> = self.status.as_ref().map(|status| {
            let (words, colour) = match status {
                Status::Waiting(words) => (words, style::MUTED),
                Status::Done(words) => (words, style::GREEN),
                Status::Notice(words) => (words, style::AMBER),
                Status::Failed(words) => (words, style::ERROR),
            };
            text(words.as_str()).size(style::SMALL).color(colour).into()
        });
        if narrow {
            column![
                iced::widget::Row::with_children(buttons)
                    .spacing(8)
                    .align_y(Alignment::Center)
                    .wrap()
                    .vertical_spacing(8),
            ]
            .extend(problem)
            .extend(said)
            .spacing(8)
            .into()
        } else {
            column(problem)
                .extend(buttons)
                .extend(said)
                .spacing(style::SPACING)
                .width(ACTIONS_WIDTH)
                .into()
        }
    }
}

/// The column of buttons beside the page on a wide window.
const ACTIONS_WIDTH: f32 = 270.0;
/// The page's frame and the room its scrollbar takes.
const DESK_PADDING: f32 = 12.0;
const SCROLLBAR_ROOM: f32 = 16.0;
/// The page's scrollable.
pub const PAGE_ID: &str = "preview_page";

/// `path` with `.extension` added when the dialog returned a name without it.
fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    let has = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if has {
        path
    } else {
        let mut name = path.into_os_string();
        name.push(format!(".{extension}"));
        PathBuf::from(name)
    }
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<String, String> {
    crate::data::files::write_private(path, bytes)
        .map(|()| format!("已保存到 {}", path.display()))
        .map_err(|e| {
            format!(
                "保存到“{}”失败:{}",
                path.display(),
                crate::data::error::io_words(&e)
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Green only for a job a printer's queue showed; amber when the PDF is open to print by
    /// hand; the answer to an earlier sending is not taken for the last one's.
    #[test]
    fn only_a_job_seen_in_a_queue_is_said_in_green() {
        let mut preview = Preview::new(Job::Blank);
        let waiting = Status::Waiting("正在交给打印机…".into());
        preview.status = Some(waiting.clone());
        preview.sending = 7;
        let queued = Printed::Queued {
            printer: Some("HP".into()),
            job: Some("12".into()),
        };
        preview.update(Message::Printed(6, Some(Ok(queued.clone()))));
        assert_eq!(preview.status, Some(waiting), "an earlier sending's answer");
        preview.update(Message::Printed(7, Some(Ok(queued))));
        assert_eq!(
            preview.status,
            Some(Status::Done("已发送到打印机 HP(作业 12)".into()))
        );
        let by_hand = Printed::ByHand("打印机还没有收到这份文件…".into());
        preview.update(Message::Printed(7, Some(Ok(by_hand))));
        assert_eq!(
            preview.status,
            Some(Status::Notice("打印机还没有收到这份文件…".into()))
        );
        preview.update(Message::Printed(7, None));
        assert!(matches!(preview.status, Some(Status::Failed(_))));
        preview.update(Message::Opened(7, Some(Err("无法用系统程序打开".into()))));
        assert_eq!(
            preview.status,
            Some(Status::Failed("无法用系统程序打开".into()))
        );
        let file = PathBuf::from("a.pdf");
        preview.update(Message::Opened(
            7,
            Some(Ok((file.clone(), system::Opened::Shown))),
        ));
        assert_eq!(
            preview.status,
            Some(Status::Done("已用系统程序打开 a.pdf".into()))
        );
        let ended = system::Opened::EndedAtOnce(1);
        preview.update(Message::Opened(7, Some(Ok((file, ended)))));
        assert!(matches!(preview.status, Some(Status::Notice(_))));
    }
}
