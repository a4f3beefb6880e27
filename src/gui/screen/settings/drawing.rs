//! 设置 → 窗口绘制: how the window is drawn now, and the choice to draw it in software on this
//! computer (kept in renderer.rs's file, counted from the next start).

use super::Outcome;
use crate::gui::{renderer, style, widget};
use iced::Element;
use iced::widget::{column, text};

#[derive(Debug, Clone)]
pub enum Message {
    /// 这台电脑总是用软件绘制 ticked or not.
    Software(bool),
}

pub struct Drawing {
    /// This computer's choice, as last read or saved.
    choice: renderer::Choice,
}

impl Drawing {
    /// This computer's choice as kept.
    pub fn read() -> Self {
        Self {
            choice: renderer::config_dir().map_or(renderer::Choice::Automatic, |dir| {
                renderer::read(&dir, false).choice
            }),
        }
    }

    pub fn update(&mut self, message: Message) -> Outcome<()> {
        let Message::Software(software) = message;
        let choice = if software {
            renderer::Choice::Software
        } else {
            renderer::Choice::Automatic
        };
        match renderer::config_dir()
            .ok_or_else(|| "找不到本用户的设置文件夹,绘制方式没有地方存".to_string())
            .and_then(|dir| renderer::save_choice(&dir, choice))
        {
            Ok(()) => {
                self.choice = choice;
                Outcome::said(if software {
                    "下次打开程序时改用软件绘制"
                } else {
                    "下次打开程序时用显卡绘制"
                })
            }
            Err(error) => Outcome::failed(error),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let said = renderer::describe(renderer::this_start(), renderer::drawn());
        let mut part = column![].spacing(8);
        if !said.is_empty() {
            part = part.push(text(said).size(style::TEXT));
        }
        part.push(
            iced::widget::checkbox(self.choice != renderer::Choice::Automatic)
                .label("这台电脑总是用软件绘制(窗口发黑、花屏或打不开时选)")
                .on_toggle(Message::Software)
                .text_size(style::TEXT)
                .size(20),
        )
        .push(widget::muted(
            "改了以后,下次打开程序时生效。软件绘制不用显卡,稍慢,但任何电脑都能显示。",
        ))
        .into()
    }
}
