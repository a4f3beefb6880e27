//! Small building blocks shared by the screens: labelled fields, buttons, headings, banners.

use super::style;
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length};

pub fn heading<'a, M: 'a>(label: impl text::IntoFragment<'a>) -> Element<'a, M> {
    text(label).size(style::HEADING).color(style::INK).into()
}

pub fn muted<'a, M: 'a>(label: impl text::IntoFragment<'a>) -> Element<'a, M> {
    text(label).size(style::SMALL).color(style::MUTED).into()
}

fn styled_button<'a, M: Clone + 'a>(
    label: impl text::IntoFragment<'a>,
    on_press: Option<M>,
    style: fn(&iced::Theme, button::Status) -> button::Style,
) -> button::Button<'a, M> {
    // A label never wraps inside its button: the button keeps the width of its words, and the
    // rows that hold buttons wrap to a second line instead.
    button(text(label).size(style::TEXT).wrapping(text::Wrapping::None))
        .padding(style::BUTTON_PADDING)
        .style(style)
        .on_press_maybe(on_press)
}

pub fn primary<'a, M: Clone + 'a>(
    label: impl text::IntoFragment<'a>,
    on_press: Option<M>,
) -> button::Button<'a, M> {
    styled_button(label, on_press, style::buttons::primary)
}

pub fn secondary<'a, M: Clone + 'a>(
    label: impl text::IntoFragment<'a>,
    on_press: Option<M>,
) -> button::Button<'a, M> {
    styled_button(label, on_press, style::buttons::secondary)
}

pub fn danger<'a, M: Clone + 'a>(
    label: impl text::IntoFragment<'a>,
    on_press: Option<M>,
) -> button::Button<'a, M> {
    styled_button(label, on_press, style::buttons::danger)
}

pub fn success<'a, M: Clone + 'a>(
    label: impl text::IntoFragment<'a>,
    on_press: Option<M>,
) -> button::Button<'a, M> {
    styled_button(label, on_press, style::buttons::success)
}

/// A label on the left, the input on the right, and the field's message (if any) below it.
pub fn field<'a, M: 'a>(
    label: &'a str,
    input: impl Into<Element<'a, M>>,
    error: Option<&'a str>,
) -> Element<'a, M> {
    let line = row![
        text(label)
            .size(style::LABEL)
            .width(style::LABEL_WIDTH)
            .color(style::INK),
        container(input).width(Length::Fill)
    ]
    .spacing(8)
    .align_y(Alignment::Center);
    match error {
        None => line.into(),
        Some(message) => column![
            line,
            row![
                iced::widget::space().width(style::LABEL_WIDTH + 8.0),
                text(message).size(style::SMALL).color(style::ERROR)
            ]
        ]
        .spacing(2)
        .into(),
    }
}

/// A note that floats over the bottom of `base` with a 知道了 button; the page under it does
/// not move. Clicks on the note do not reach the page below it.
pub fn with_toast<'a, M: Clone + 'a>(
    base: impl Into<Element<'a, M>>,
    notice: Option<&'a str>,
    dismiss: M,
) -> Element<'a, M> {
    over(base, notice, dismiss, style::containers::toast)
}

/// Like [`with_toast`], for something that went wrong: the note is red.
pub fn with_alert<'a, M: Clone + 'a>(
    base: impl Into<Element<'a, M>>,
    error: Option<&'a str>,
    dismiss: M,
) -> Element<'a, M> {
    over(base, error, dismiss, style::containers::alert)
}

fn over<'a, M: Clone + 'a>(
    base: impl Into<Element<'a, M>>,
    note: Option<&'a str>,
    dismiss: M,
    look: fn(&iced::Theme) -> container::Style,
) -> Element<'a, M> {
    // Always a stack, the note on top or not: the page keeps its place in the widget tree, so
    // a note appearing or going leaves its scroll and focus where they were.
    iced::widget::Stack::new()
        .push(base)
        .extend(note.map(|note| floating(note, dismiss, look)))
        .into()
}

/// The floating note of [`with_toast`], as a layer the size of the page.
pub fn toast<'a, M: Clone + 'a>(notice: &'a str, dismiss: M) -> Element<'a, M> {
    floating(notice, dismiss, style::containers::toast)
}

fn floating<'a, M: Clone + 'a>(
    notice: &'a str,
    dismiss: M,
    look: fn(&iced::Theme) -> container::Style,
) -> Element<'a, M> {
    let note = container(
        row![
            text(notice)
                .size(style::TEXT)
                .color(style::PAPER)
                .width(Length::Fill),
            button(text("知道了").size(style::TEXT))
                .padding(style::BUTTON_PADDING)
                .style(style::buttons::on_toast)
                .on_press(dismiss),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center),
    )
    .padding([12, 18])
    .max_width(720)
    .style(look);
    container(iced::widget::opaque(note))
        .align_bottom(Length::Fill)
        .center_x(Length::Fill)
        .padding(16)
        .into()
}

/// A titled box grouping fields like a section of the paper sheet.
pub fn section<'a, M: 'a>(
    title: impl text::IntoFragment<'a>,
    content: impl Into<Element<'a, M>>,
) -> Element<'a, M> {
    container(
        column![
            text(title).size(style::HEADING - 4.0).color(style::RED),
            content.into()
        ]
        .spacing(style::SPACING),
    )
    .padding(16)
    .width(Length::Fill)
    .style(style::containers::section)
    .into()
}

pub fn banner<'a, M: 'a>(
    content: impl Into<Element<'a, M>>,
    look: fn(&iced::Theme) -> container::Style,
) -> Element<'a, M> {
    container(content)
        .padding([10, 16])
        .width(Length::Fill)
        .style(look)
        .into()
}

/// A page's sections one under the other, scrolling when taller than the window, with room
/// on the right for the scrollbar.
pub fn sections<'a, M: 'a>(sections: Vec<Element<'a, M>>) -> scrollable::Scrollable<'a, M> {
    scrollable(column(sections).spacing(style::GAP).padding(iced::Padding {
        right: 16.0,
        ..iced::Padding::ZERO
    }))
    .height(Length::Fill)
}

/// One entry of the 操作记录: when, who, what kind, and the line (with the member's name in
/// front when the list is not a member's own).
pub fn audit_line<'a, M: 'a>(
    entry: &crate::data::audit::Entry,
    with_member: bool,
) -> Element<'a, M> {
    let at: String = entry.at.replace('T', " ").chars().take(16).collect();
    let who = entry
        .member_name
        .as_deref()
        .filter(|_| with_member)
        .map(|n| format!("{n}:"))
        .unwrap_or_default();
    row![
        text(at).size(style::SMALL).width(150),
        text(entry.volunteer_name.clone().unwrap_or_default())
            .size(style::SMALL)
            .width(80),
        text(entry.kind.label()).size(style::SMALL).width(120),
        text(format!("{who}{}", entry.summary)).size(style::SMALL),
    ]
    .spacing(style::SPACING)
    .into()
}

/// A small labelled mark (e.g. 今天值班) that is not a button.
pub fn badge<'a, M: 'a>(label: &'a str) -> Element<'a, M> {
    container(text(label).size(style::TEXT))
        .padding([8, 14])
        .style(style::containers::success_banner)
        .into()
}

/// A box for a date (`2026-11-21`), as wide as a date; red-bordered when `wrong`.
pub fn date_input<'a, M: Clone + 'a>(
    placeholder: &'a str,
    value: &'a str,
    on_input: impl Fn(String) -> M + 'a,
    wrong: bool,
) -> iced::widget::TextInput<'a, M> {
    iced::widget::text_input(placeholder, value)
        .on_input(on_input)
        .size(style::TEXT)
        .padding(style::INPUT_PADDING)
        .width(150)
        .style(style::input(wrong))
}

/// The system's "open" dialog for a spreadsheet (.xlsx, .xls, .ods, .csv); the chosen path,
/// `None` when cancelled.
pub async fn open_spreadsheet(title: &'static str) -> Option<std::path::PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter("表格", &["xlsx", "xls", "ods", "csv", "XLSX", "XLS", "CSV"])
        .pick_file()
        .await
        .map(|file| file.path().to_path_buf())
}

/// The system's "save as" dialog with one file type; the chosen path, `None` when cancelled.
pub async fn save_dialog(
    title: &'static str,
    file_name: String,
    filter: &'static str,
    extensions: &'static [&'static str],
) -> Option<std::path::PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(filter, extensions)
        .save_file()
        .await
        .map(|file| file.path().to_path_buf())
}

/// Whose members a page looks through: this station's, or the other stations' shared
/// members held since the last sync (全区).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Station,
    District,
}

/// What 全区 says before the first sync brought anything.
pub const NO_DISTRICT_YET: &str =
    "本机还没有其他站点的会员资料。到 设置 → 全区共享 点“立即同步”(本站要先加入全区共享)。";

/// "在哪里找: ○本站 ○全区(其他站点)", for 配对 and 查询.
pub fn scope_choice<'a, M: Clone + 'a>(
    scope: Scope,
    on_choose: impl Fn(Scope) -> M + Copy + 'a,
) -> Element<'a, M> {
    row![
        text("在哪里找:").size(style::TEXT),
        iced::widget::radio("本站", Scope::Station, Some(scope), on_choose)
            .text_size(style::TEXT)
            .size(20),
        iced::widget::radio("全区(其他站点)", Scope::District, Some(scope), on_choose)
            .text_size(style::TEXT)
            .size(20),
    ]
    .spacing(24)
    .align_y(Alignment::Center)
    .wrap()
    .vertical_spacing(8)
    .into()
}

/// `content` (a button) with its keyboard key said when the mouse rests on it ("快捷键:Ctrl+S"):
/// the label stays plain words, the key is there for who wants it.
pub fn with_key<'a, M: 'a>(content: impl Into<Element<'a, M>>, key: &'a str) -> Element<'a, M> {
    iced::widget::tooltip(
        content,
        container(text(format!("快捷键:{key}")).size(style::SMALL))
            .padding([4, 8])
            .style(style::containers::dialog),
        iced::widget::tooltip::Position::Bottom,
    )
    .into()
}

/// A spreadsheet's columns side by side, each its header (or 第 N 列) over a pick list of what
/// it holds: the mapping of the register import and of the online sign-ups.
pub fn column_pickers<'a, C, M>(
    headers: &'a [String],
    chosen: impl Fn(usize) -> C,
    choices: impl Fn() -> Vec<C>,
    on_pick: impl Fn(usize, C) -> M + Copy + 'a,
) -> iced::widget::Row<'a, M>
where
    C: std::fmt::Display + PartialEq + Clone + 'a,
    M: Clone + 'a,
{
    let mut line = row![].spacing(style::SPACING);
    for (i, header) in headers.iter().enumerate() {
        line = line.push(
            column![
                text(if header.is_empty() {
                    format!("第 {} 列", i + 1)
                } else {
                    header.clone()
                })
                .size(style::SMALL)
                .color(style::MUTED),
                iced::widget::pick_list(choices(), Some(chosen(i)), move |c| on_pick(i, c))
                    .text_size(style::TEXT)
                    .padding(6)
                    .style(style::pick_list),
            ]
            .spacing(2),
        );
    }
    line
}
