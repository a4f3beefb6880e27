//! 设置 → 配对排序的权重: how much each soft preference counts in the pairing ranking (0 to 5).

use super::Outcome;
use crate::data::Db;
use crate::data::pairing::{Soft, Weights};
use crate::gui::{style, widget};
use iced::widget::{column, row, text};
use iced::{Alignment, Element};

#[derive(Debug, Clone)]
pub enum Message {
    /// This part weighs this much now.
    Set(Soft, u8),
    Reset,
}

#[derive(Default)]
pub struct PairingWeights {
    weights: Weights,
}

impl PairingWeights {
    pub fn new(weights: Weights) -> Self {
        Self { weights }
    }

    pub fn update(&mut self, message: Message, db: &Db) -> Outcome<()> {
        Outcome::of(match message {
            Message::Set(part, weight) => {
                let mut weights = self.weights;
                weights.set(part, weight);
                db.set_pairing_weights(&weights).map(|()| {
                    self.weights = weights;
                    Outcome::none()
                })
            }
            Message::Reset => db.set_pairing_weights(&Weights::default()).map(|()| {
                self.weights = Weights::default();
                Outcome::said("配对权重已恢复默认")
            }),
        })
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut weights = column![widget::muted(
            "每一项 0 到 5:数字越大,这一项在配对排序里越重要;0 表示不考虑。硬性要求(择偶要求)不受影响。"
        )]
        .spacing(8);
        for part in Soft::ALL {
            let value = self.weights.get(*part);
            weights = weights.push(
                row![
                    text(part.label()).size(style::TEXT).width(220),
                    widget::secondary("－", (value > 0).then(|| Message::Set(*part, value - 1))),
                    text(value.to_string())
                        .size(style::TEXT + 2.0)
                        .width(36)
                        .center(),
                    widget::secondary(
                        "＋",
                        (value < Weights::MAX).then(|| Message::Set(*part, value + 1))
                    ),
                    text("●".repeat(value as usize))
                        .size(style::TEXT)
                        .color(style::RED),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center),
            );
        }
        weights
            .push(widget::secondary("恢复默认", Some(Message::Reset)))
            .into()
    }
}
