//! 登记 › 照片: the member's photo as the form holds it until the sheet is saved — chosen with
//! the system's file dialog, made small on a worker thread, shown, or removed. Its own state,
//! messages and `update`; the form asks it only what to save.

use crate::data::members::PhotoChange;
use crate::data::photo::{self, PhotoData, PhotoError};
use crate::gui::{keyed, style, widget};
use iced::widget::{column, container, image, text};
use iced::{Alignment, Element, Task};
use std::path::PathBuf;

/// The 选择照片 button, where Tab stops.
pub const PICK_ID: &str = "photo_pick";

#[derive(Debug, Clone)]
pub enum Message {
    Pick,
    Picked(Option<PathBuf>),
    Ready(Result<PhotoData, PhotoError>),
    Remove,
}

/// The photo as the form holds it until saved.
#[derive(Debug, Clone)]
enum Held {
    /// The saved photo (if any) stays as it is.
    Unchanged(Option<image::Handle>),
    New(PhotoData, image::Handle),
    Removed,
}

pub struct Photo {
    held: Held,
    busy: bool,
    error: Option<String>,
}

impl Photo {
    /// The photo saved with the member (none on a new sheet).
    pub fn saved(bytes: Option<Vec<u8>>) -> Self {
        Self {
            held: Held::Unchanged(bytes.map(image::Handle::from_bytes)),
            busy: false,
            error: None,
        }
    }

    /// Acts on `message`; `editing` says whether the sheet is of a saved member (a removal is
    /// then saved as one). Returns the work to run, and whether the photo changed.
    pub fn update(&mut self, message: Message, editing: bool) -> (Task<Message>, bool) {
        match message {
            Message::Pick => {
                self.error = None;
                let pick = async {
                    rfd::AsyncFileDialog::new()
                        .set_title("选择会员照片")
                        .add_filter(
                            "图片",
                            &[
                                "jpg", "jpeg", "png", "bmp", "gif", "webp", "JPG", "JPEG", "PNG",
                            ],
                        )
                        .pick_file()
                        .await
                        .map(|file| file.path().to_path_buf())
                };
                (Task::perform(pick, Message::Picked), false)
            }
            Message::Picked(None) => (Task::none(), false),
            Message::Picked(Some(path)) => {
                self.busy = true;
                let prepare = async move {
                    tokio::task::spawn_blocking(move || photo::prepare_file(&path))
                        .await
                        .unwrap_or_else(|e| Err(PhotoError::Unreadable(e.to_string())))
                };
                (Task::perform(prepare, Message::Ready), false)
            }
            Message::Ready(result) => {
                self.busy = false;
                match result {
                    Ok(photo) => {
                        let handle = image::Handle::from_bytes(photo.image.clone());
                        self.held = Held::New(photo, handle);
                        self.error = None;
                        (Task::none(), true)
                    }
                    Err(error) => {
                        self.error = Some(error.to_string());
                        (Task::none(), false)
                    }
                }
            }
            Message::Remove => {
                self.held = if editing {
                    Held::Removed
                } else {
                    Held::Unchanged(None)
                };
                (Task::none(), true)
            }
        }
    }

    /// The photo chosen on this sheet, to save with a new member.
    pub fn chosen(&self) -> Option<&PhotoData> {
        match &self.held {
            Held::New(photo, _) => Some(photo),
            _ => None,
        }
    }

    /// What saving an edited member does to the saved photo.
    pub fn change(&self) -> PhotoChange<'_> {
        match &self.held {
            Held::Unchanged(_) => PhotoChange::Keep,
            Held::New(photo, _) => PhotoChange::Replace(photo),
            Held::Removed => PhotoChange::Remove,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let handle = match &self.held {
            Held::Unchanged(handle) => handle.as_ref(),
            Held::New(_, handle) => Some(handle),
            Held::Removed => None,
        };
        let picture: Element<'_, Message> = match handle {
            Some(handle) => image(handle.clone()).width(180).height(225).into(),
            None => container(text("暂无照片").size(style::TEXT).color(style::MUTED))
                .center_x(180)
                .center_y(225)
                .style(style::containers::photo_frame)
                .into(),
        };
        let mut content = column![picture]
            .spacing(8)
            .align_x(Alignment::Center)
            .width(200);
        if self.busy {
            content = content.push(text("正在处理照片……").size(style::SMALL));
        } else {
            // In the Tab order like the boxes; Space opens the file dialog.
            let pick = widget::secondary(
                if handle.is_some() {
                    "更换照片"
                } else {
                    "选择照片"
                },
                Some(Message::Pick),
            );
            content = content.push(keyed::keyed(PICK_ID, pick, |key| {
                (key == keyed::Key::Activate).then_some(Message::Pick)
            }));
            if handle.is_some() {
                content = content.push(widget::secondary("删除照片", Some(Message::Remove)));
            }
        }
        if let Some(error) = &self.error {
            content = content.push(text(error).size(style::SMALL).color(style::ERROR));
        }
        content.into()
    }
}
