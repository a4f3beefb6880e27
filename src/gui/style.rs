//! Sizes, colours and named style functions: one place for how the program looks.
//! Built for retired volunteers: large text, high contrast, labelled buttons.

use iced::widget::{button, container, text_input};
use iced::{Background, Border, Color, Font, Shadow, Theme, border, color};

pub const FONT_NAME: &str = "Noto Sans CJK SC";
pub const FONT: Font = Font::with_name(FONT_NAME);
pub const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Subset.otf");

/// The program's icon: a white heart on the station's red (also the .exe's icon on Windows).
pub const ICON_BYTES: &[u8] = include_bytes!("../../assets/icon.png");

/// The window's icon, from [`ICON_BYTES`].
pub fn window_icon() -> Option<iced::window::Icon> {
    iced::window::icon::from_file_data(ICON_BYTES, None).ok()
}

/// Text sizes in logical pixels; the whole UI is scaled by the text-size setting.
pub const TEXT: f32 = 17.0;
pub const SMALL: f32 = 16.0;
pub const LABEL: f32 = 17.0;
pub const HEADING: f32 = 24.0;
pub const TITLE: f32 = 30.0;

pub const SPACING: f32 = 12.0;
pub const GAP: f32 = 20.0;
/// 25, with the navigation's 150: the page's left edge at 175 logical pixels, a whole pixel at every
/// text size (×1.2 = 210, ×1.4 = 245). At 24 it fell at 243.6 at 特大, and the software renderer
/// left one-pixel slivers of earlier frames along it.
pub const PAGE_PADDING: f32 = 25.0;
pub const INPUT_PADDING: f32 = 8.0;
pub const BUTTON_PADDING: [f32; 2] = [10.0, 18.0];
pub const LABEL_WIDTH: f32 = 96.0;
/// With [`PAGE_PADDING`], where the page starts: keep their sum a multiple of 5.
pub const NAV_WIDTH: f32 = 150.0;

pub const INK: Color = color!(0x1a1a1a);
pub const MUTED: Color = color!(0x4a4a4a);
pub const PAPER: Color = color!(0xffffff);
pub const PANEL: Color = color!(0xf3efe8);
pub const LINE: Color = color!(0x8a8a8a);
/// The station's red, dark enough for white text on it (contrast > 7:1).
pub const RED: Color = color!(0x9b1c1c);
pub const RED_LIGHT: Color = color!(0xfbe9e7);
pub const GREEN: Color = color!(0x1b5e20);
pub const GREEN_LIGHT: Color = color!(0xe6f4e7);
pub const ERROR: Color = color!(0xb00020);
/// Things to ask about (需问清楚): dark amber, readable on white.
pub const AMBER: Color = color!(0x8a5300);
pub const WARNING_LIGHT: Color = color!(0xfff4d6);
pub const FOCUS: Color = color!(0x0b57d0);

/// The colours of 统计's bars: the series of one chart told apart at a glance, also by the
/// colour-blind (blue, orange, purple of the Okabe–Ito palette beside the station's red).
pub mod chart {
    use iced::{Color, color};

    pub const INTRODUCED: Color = color!(0x2b6cb0);
    pub const MET: Color = color!(0xe69f00);
    pub const MARRIED: Color = super::RED;
    pub const FIRST_AGREED: Color = color!(0xcc79a7);
    pub const MALE: Color = INTRODUCED;
    pub const FEMALE: Color = super::RED;
    /// Every chart's series, in order (checked to differ enough in the tests).
    pub const CHARTS: &[&[Color]] = &[
        &[INTRODUCED, MET, MARRIED],
        &[MALE, FEMALE],
        &[INTRODUCED, FIRST_AGREED, MET, MARRIED],
        &[MARRIED, INTRODUCED],
    ];
}

pub fn theme() -> Theme {
    Theme::custom(
        "红娘工作台",
        iced::theme::Palette {
            background: PAPER,
            text: INK,
            primary: RED,
            success: GREEN,
            warning: color!(0xa15c00),
            danger: ERROR,
        },
    )
}

/// How much larger than standard the text is drawn (设置 → 文字大小).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextScale {
    #[default]
    Standard,
    Large,
    ExtraLarge,
}

impl TextScale {
    pub const ALL: [TextScale; 3] = [TextScale::Standard, TextScale::Large, TextScale::ExtraLarge];

    pub fn factor(self) -> f32 {
        match self {
            TextScale::Standard => 1.0,
            TextScale::Large => 1.2,
            TextScale::ExtraLarge => 1.4,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TextScale::Standard => "标准",
            TextScale::Large => "大",
            TextScale::ExtraLarge => "特大",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            TextScale::Standard => "standard",
            TextScale::Large => "large",
            TextScale::ExtraLarge => "extra_large",
        }
    }

    pub fn from_code(code: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or_default()
    }
}

impl std::fmt::Display for TextScale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

pub mod buttons {
    use super::*;

    fn filled(background: Color, text: Color, status: button::Status) -> button::Style {
        let background = match status {
            button::Status::Hovered | button::Status::Pressed => darken(background, 0.15),
            button::Status::Disabled => color!(0xb8b8b8),
            button::Status::Active => background,
        };
        button::Style {
            background: Some(Background::Color(background)),
            text_color: text,
            border: border::rounded(6),
            shadow: Shadow::default(),
            snap: true,
        }
    }

    pub fn primary(_theme: &Theme, status: button::Status) -> button::Style {
        filled(RED, Color::WHITE, status)
    }

    pub fn success(_theme: &Theme, status: button::Status) -> button::Style {
        filled(GREEN, Color::WHITE, status)
    }

    pub fn danger(_theme: &Theme, status: button::Status) -> button::Style {
        filled(ERROR, Color::WHITE, status)
    }

    /// A plain bordered button for secondary actions.
    pub fn secondary(_theme: &Theme, status: button::Status) -> button::Style {
        let background = match status {
            button::Status::Hovered | button::Status::Pressed => PANEL,
            _ => PAPER,
        };
        button::Style {
            background: Some(Background::Color(background)),
            text_color: if status == button::Status::Disabled {
                LINE
            } else {
                INK
            },
            border: Border {
                color: LINE,
                width: 1.5,
                radius: 6.0.into(),
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }

    /// The 知道了 of a floating note: white on the note's dark ground.
    pub fn on_toast(_theme: &Theme, status: button::Status) -> button::Style {
        let background = match status {
            button::Status::Hovered | button::Status::Pressed => color!(0x505050),
            _ => color!(0x3a3a3a),
        };
        button::Style {
            background: Some(Background::Color(background)),
            text_color: Color::WHITE,
            border: Border {
                color: Color::WHITE,
                width: 1.5,
                radius: 6.0.into(),
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }

    /// A navigation entry; `selected` marks the current page.
    pub fn nav(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
        move |_theme, status| {
            let (background, text) = if selected {
                (RED, Color::WHITE)
            } else if matches!(status, button::Status::Hovered | button::Status::Pressed) {
                (RED_LIGHT, INK)
            } else {
                (PANEL, INK)
            };
            button::Style {
                background: Some(Background::Color(background)),
                text_color: text,
                border: border::rounded(6),
                shadow: Shadow::default(),
                snap: true,
            }
        }
    }

    /// One option of a choice shown as buttons; the chosen one is filled.
    pub fn choice(chosen: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
        move |theme, status| {
            if chosen {
                primary(theme, status)
            } else {
                secondary(theme, status)
            }
        }
    }

    /// A row of a list that opens something when clicked; `selected` marks the keyboard choice.
    pub fn row(striped: bool, selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
        move |_theme, status| {
            let background = match status {
                _ if selected => color!(0xf6d6d2),
                button::Status::Hovered | button::Status::Pressed => RED_LIGHT,
                _ if striped => color!(0xf7f5f1),
                _ => PAPER,
            };
            button::Style {
                background: Some(Background::Color(background)),
                text_color: INK,
                border: if selected {
                    Border {
                        color: RED,
                        width: 2.0,
                        radius: 0.0.into(),
                    }
                } else {
                    Border::default()
                },
                shadow: Shadow::default(),
                snap: true,
            }
        }
    }
}

pub mod containers {
    use super::*;

    pub fn nav(_theme: &Theme) -> container::Style {
        container::Style::default().background(PANEL)
    }

    /// The grey desk a previewed page lies on.
    pub fn desk(_theme: &Theme) -> container::Style {
        container::Style::default().background(color!(0xd6d3ce))
    }

    /// A line of a list that is not clicked as a whole: every other one shaded.
    pub fn stripe(striped: bool) -> impl Fn(&Theme) -> container::Style {
        move |_theme| {
            container::Style::default().background(if striped { color!(0xf7f5f1) } else { PAPER })
        }
    }

    pub fn section(_theme: &Theme) -> container::Style {
        container::Style::default()
            .background(PAPER)
            .border(Border {
                color: color!(0xc9c2b6),
                width: 1.0,
                radius: 8.0.into(),
            })
    }

    pub fn header(_theme: &Theme) -> container::Style {
        container::Style::default()
            .background(RED)
            .color(Color::WHITE)
    }

    pub fn error_banner(_theme: &Theme) -> container::Style {
        container::Style::default()
            .background(RED_LIGHT)
            .color(ERROR)
            .border(Border {
                color: ERROR,
                width: 1.5,
                radius: 6.0.into(),
            })
    }

    pub fn warning_banner(_theme: &Theme) -> container::Style {
        container::Style::default()
            .background(WARNING_LIGHT)
            .color(INK)
            .border(Border {
                color: color!(0xa15c00),
                width: 1.5,
                radius: 6.0.into(),
            })
    }

    pub fn success_banner(_theme: &Theme) -> container::Style {
        container::Style::default()
            .background(GREEN_LIGHT)
            .color(GREEN)
            .border(Border {
                color: GREEN,
                width: 1.5,
                radius: 6.0.into(),
            })
    }

    /// A floating note: white text on near-black, with a shadow so it reads as lying on top.
    pub fn toast(_theme: &Theme) -> container::Style {
        container::Style::default()
            .background(color!(0x262626))
            .color(PAPER)
            .border(border::rounded(8))
            .shadow(Shadow {
                color: Color {
                    a: 0.35,
                    ..Color::BLACK
                },
                offset: iced::Vector::new(0.0, 3.0),
                blur_radius: 12.0,
            })
    }

    /// A floating note of something that went wrong: white on the error red.
    pub fn alert(theme: &Theme) -> container::Style {
        toast(theme).background(ERROR)
    }

    /// A condition in force, shown as a small tag.
    pub fn chip(_theme: &Theme) -> container::Style {
        container::Style::default()
            .background(RED_LIGHT)
            .color(INK)
            .border(Border {
                color: RED,
                width: 1.0,
                radius: 12.0.into(),
            })
    }

    pub fn dialog(_theme: &Theme) -> container::Style {
        container::Style::default()
            .background(PAPER)
            .border(Border {
                color: INK,
                width: 2.0,
                radius: 10.0.into(),
            })
    }

    pub fn backdrop(_theme: &Theme) -> container::Style {
        container::Style::default().background(Color {
            a: 0.55,
            ..Color::BLACK
        })
    }

    pub fn table_header(_theme: &Theme) -> container::Style {
        container::Style::default().background(color!(0xe4ddd1))
    }

    pub fn photo_frame(_theme: &Theme) -> container::Style {
        container::Style::default()
            .background(PANEL)
            .border(Border {
                color: LINE,
                width: 1.0,
                radius: 4.0.into(),
            })
    }
}

/// Text inputs with a clear border, a thicker blue one when focused, red when in error.
pub fn input(has_error: bool) -> impl Fn(&Theme, text_input::Status) -> text_input::Style {
    move |theme, status| {
        let base = text_input::default(theme, status);
        let border_color = match status {
            text_input::Status::Focused { .. } => FOCUS,
            _ if has_error => ERROR,
            _ => LINE,
        };
        let width = if matches!(status, text_input::Status::Focused { .. }) || has_error {
            2.0
        } else {
            1.5
        };
        text_input::Style {
            border: Border {
                color: border_color,
                width,
                radius: 4.0.into(),
            },
            placeholder: color!(0x6b6b6b),
            value: INK,
            ..base
        }
    }
}

/// A box of several lines looks like the one-line boxes: the same borders, focus and error.
pub fn editor(
    has_error: bool,
) -> impl Fn(&Theme, iced::widget::text_editor::Status) -> iced::widget::text_editor::Style {
    use iced::widget::text_editor::Status;
    move |theme, status| {
        let base = iced::widget::text_editor::default(theme, status);
        let focused = matches!(status, Status::Focused { .. });
        iced::widget::text_editor::Style {
            border: Border {
                color: if focused {
                    FOCUS
                } else if has_error {
                    ERROR
                } else {
                    LINE
                },
                width: if focused || has_error { 2.0 } else { 1.5 },
                radius: 4.0.into(),
            },
            placeholder: color!(0x6b6b6b),
            value: INK,
            ..base
        }
    }
}

/// Drop-down lists look like the text inputs: white with a clear border.
pub fn pick_list(
    _theme: &Theme,
    status: iced::widget::pick_list::Status,
) -> iced::widget::pick_list::Style {
    let hovered = matches!(
        status,
        iced::widget::pick_list::Status::Hovered | iced::widget::pick_list::Status::Opened { .. }
    );
    iced::widget::pick_list::Style {
        background: Background::Color(PAPER),
        text_color: INK,
        placeholder_color: color!(0x6b6b6b),
        handle_color: INK,
        border: Border {
            color: if hovered { FOCUS } else { LINE },
            width: 1.5,
            radius: 4.0.into(),
        },
    }
}

fn darken(color: Color, amount: f32) -> Color {
    Color {
        r: color.r * (1.0 - amount),
        g: color.g * (1.0 - amount),
        b: color.b * (1.0 - amount),
        a: color.a,
    }
}

#[cfg(test)]
mod tests {
    /// The "redmean" distance of two colours, 0–765: below about 250 two bars side by side look
    /// alike (#1a1a1a and #8a5300, the 介绍 and 见面 bars of before, are 209 apart).
    fn distance(a: iced::Color, b: iced::Color) -> f32 {
        let (a, b) = (a.into_rgba8(), b.into_rgba8());
        let mean = (f32::from(a[0]) + f32::from(b[0])) / 2.0;
        let d = |i: usize| f32::from(a[i]) - f32::from(b[i]);
        ((2.0 + mean / 256.0) * d(0).powi(2)
            + 4.0 * d(1).powi(2)
            + (2.0 + (255.0 - mean) / 256.0) * d(2).powi(2))
        .sqrt()
    }

    #[test]
    fn the_series_of_a_chart_are_told_apart() {
        assert!(distance(super::INK, super::AMBER) < 250.0);
        for chart in super::chart::CHARTS {
            for (i, a) in chart.iter().enumerate() {
                for b in &chart[i + 1..] {
                    let apart = distance(*a, *b);
                    assert!(apart >= 250.0, "{a:?} {b:?}: {apart}");
                }
            }
        }
    }
    #[test]
    fn the_window_icon_is_read() {
        assert!(super::window_icon().is_some());
    }
}
