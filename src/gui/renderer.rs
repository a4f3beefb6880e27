//! Which renderer draws the window, chosen so that a start can never stay black.
//!
//! The window normally draws with the graphics card (wgpu: Direct3D 12, Vulkan or OpenGL); iced
//! itself falls back to software drawing (tiny-skia) when the card's renderer reports an error.
//! Some drivers do not report: they abort the program or leave the window black. So before a
//! start with the card a marker file is written, and it is removed once the first frame has
//! been drawn and the window has stayed up a few seconds. A start that finds the marker knows
//! the previous one died before that point: it draws in software, keeps to it, and says so in
//! 设置, where a volunteer's helper can also choose 软件绘制 for good (or try the card again).
//!
//! The choice is the computer's, not the database's: two files in the user's configuration
//! folder (`%APPDATA%\hongniang\hongniang\config` on Windows, `~/.config/hongniang` on Linux),
//! or `HONGNIANG_CONFIG_DIR`; a third notes what drew the last start that stayed up.

use iced::advanced::layout::{self, Layout};
use iced::advanced::renderer::Style;
use iced::advanced::widget::{Tree, Widget};
use iced::{Element, Length, Rectangle, Size, mouse};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

/// The file holding the choice: `software`, `software-after-failure` or absent (automatic).
const CHOICE_FILE: &str = "renderer";
/// Present while a start with the graphics card has not yet shown its first frame.
const MARKER_FILE: &str = "renderer-starting";
/// What drew the last start that stayed up.
const LAST_FILE: &str = "renderer-last";
const SOFTWARE: &str = "software";
const SOFTWARE_AFTER_FAILURE: &str = "software-after-failure";

/// How long the window must stay up after its first frame for the card to count as working:
/// some drivers fail only when the frame is shown.
pub const SETTLE: Duration = Duration::from_secs(3);

/// Why this start draws the way it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// With the graphics card where it starts (the marker is written).
    Automatic,
    /// In software, because 设置 says so.
    SoftwareChosen,
    /// In software, because the previous start with the card died before its first frame.
    SoftwareAfterFailure,
    /// As `ICED_BACKEND` says (a test, or someone who knows): no marker, no choice.
    Environment,
}

impl Start {
    pub fn software(self) -> bool {
        matches!(self, Start::SoftwareChosen | Start::SoftwareAfterFailure)
    }
}

/// What the files say, for `decide`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub environment: bool,
    pub choice: Choice,
    pub marker: bool,
}

/// What 设置 has recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Automatic,
    Software,
    SoftwareAfterFailure,
}

/// The rule, apart from the files: the environment wins; a marker left behind means the card
/// failed; otherwise the recorded choice.
pub fn decide(found: Found) -> Start {
    if found.environment {
        return Start::Environment;
    }
    if found.marker {
        return Start::SoftwareAfterFailure;
    }
    match found.choice {
        Choice::Automatic => Start::Automatic,
        Choice::Software => Start::SoftwareChosen,
        Choice::SoftwareAfterFailure => Start::SoftwareAfterFailure,
    }
}

/// The folder of the choice and the marker.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("HONGNIANG_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("cn", "hongniang", "hongniang")
        .map(|dirs| dirs.config_dir().to_path_buf())
}

/// What the files in `dir` say.
pub fn read(dir: &Path, environment: bool) -> Found {
    let choice = match std::fs::read_to_string(dir.join(CHOICE_FILE)) {
        Ok(text) => match text.trim() {
            SOFTWARE => Choice::Software,
            SOFTWARE_AFTER_FAILURE => Choice::SoftwareAfterFailure,
            _ => Choice::Automatic,
        },
        Err(_) => Choice::Automatic,
    };
    Found {
        environment,
        choice,
        marker: dir.join(MARKER_FILE).exists(),
    }
}

/// Records `choice` in `dir` (made if needed). Automatic removes the file.
pub fn save_choice(dir: &Path, choice: Choice) -> Result<(), String> {
    let words = |e: std::io::Error| {
        format!(
            "无法保存绘制方式({}):{}",
            dir.display(),
            crate::data::error::io_words(&e)
        )
    };
    let path = dir.join(CHOICE_FILE);
    match choice {
        Choice::Automatic => match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(words(e)),
            _ => Ok(()),
        },
        Choice::Software | Choice::SoftwareAfterFailure => {
            std::fs::create_dir_all(dir).map_err(words)?;
            let word = if choice == Choice::Software {
                SOFTWARE
            } else {
                SOFTWARE_AFTER_FAILURE
            };
            std::fs::write(&path, word).map_err(words)
        }
    }
}

/// Decides this start's renderer from the files in `dir` and prepares them: a failure found
/// is recorded (the next starts stay in software until someone chooses otherwise), and a start
/// with the card writes the marker. Problems writing the files change nothing: the start goes
/// on as decided.
pub fn prepare(dir: Option<&Path>, environment: bool) -> Start {
    let Some(dir) = dir else {
        return if environment {
            Start::Environment
        } else {
            Start::Automatic
        };
    };
    let start = decide(read(dir, environment));
    match start {
        Start::SoftwareAfterFailure => {
            let _ = save_choice(dir, Choice::SoftwareAfterFailure);
            let _ = std::fs::remove_file(dir.join(MARKER_FILE));
        }
        Start::Automatic => {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(
                dir.join(MARKER_FILE),
                format!("{}\n", chrono::Local::now().format("%Y-%m-%d %H:%M:%S")),
            );
        }
        Start::SoftwareChosen | Start::Environment => {}
    }
    start
}

/// The start is safe: the marker goes, and what drew is noted (`renderer-last`: `card` or
/// `software`) for whoever looks after the computer, and for `tools/windows-check`.
pub fn confirm(dir: &Path, drawn: Drawn) {
    let _ = std::fs::remove_file(dir.join(MARKER_FILE));
    let _ = std::fs::create_dir_all(dir);
    let word = match drawn {
        Drawn::Card => "card",
        Drawn::Software => "software",
    };
    let _ = std::fs::write(dir.join(LAST_FILE), format!("{word}\n"));
}

/// What drew the last start that stayed up, as `confirm` noted it.
pub fn last_drawn(dir: &Path) -> Option<Drawn> {
    match std::fs::read_to_string(dir.join(LAST_FILE)).ok()?.trim() {
        "card" => Some(Drawn::Card),
        "software" => Some(Drawn::Software),
        _ => None,
    }
}

/// This process's start, decided once before the window opens (`frame::run`).
static START: OnceLock<(Start, Option<PathBuf>)> = OnceLock::new();

/// Decides and records this process's renderer; for software, tells iced through
/// `ICED_BACKEND` before it reads it. Call once, before any thread is started.
pub fn choose_at_start() -> Start {
    let environment = std::env::var_os("ICED_BACKEND").is_some_and(|v| !v.is_empty());
    let dir = config_dir();
    let start = prepare(dir.as_deref(), environment);
    if start.software() {
        // SAFETY: called from `frame::run` before iced, its runtime or any other thread of
        // this program starts; nothing reads the environment concurrently.
        unsafe { std::env::set_var("ICED_BACKEND", "tiny-skia") };
    }
    let _ = START.set((start, dir));
    start
}

/// This process's start, if the window was opened through `choose_at_start`.
pub fn this_start() -> Option<Start> {
    START.get().map(|(start, _)| *start)
}

/// What actually drew the last frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawn {
    Card,
    Software,
}

/// 0 before any frame, else 1 + `Drawn as u8`.
static DRAWN: AtomicU8 = AtomicU8::new(0);

pub fn drawn() -> Option<Drawn> {
    match DRAWN.load(Ordering::Relaxed) {
        1 => Some(Drawn::Card),
        2 => Some(Drawn::Software),
        _ => None,
    }
}

/// Watches, after a start with the card, for the first frame and the few seconds after it.
#[derive(Debug, Default)]
pub struct Watch {
    first_frame: Option<Instant>,
    done: bool,
}

impl Watch {
    /// Whether the app still needs its one-second check: in the window's own process, until
    /// the first frame has stayed up `SETTLE`.
    pub fn pending(&self) -> bool {
        !self.done && this_start().is_some()
    }

    /// The one-second check: once a frame has been drawn and `SETTLE` has passed, the marker
    /// goes, what drew is noted, and the checks stop.
    pub fn check(&mut self, now: Instant) {
        let Some(drawn) = drawn().filter(|_| !self.done) else {
            return;
        };
        let first = *self.first_frame.get_or_insert(now);
        if now.duration_since(first) >= SETTLE {
            if let Some((_, Some(dir))) = START.get() {
                confirm(dir, drawn);
            }
            self.done = true;
        }
    }
}

/// What 设置 says about the drawing, in a sentence.
pub fn describe(start: Option<Start>, drawn: Option<Drawn>) -> String {
    let now = match drawn {
        Some(Drawn::Card) => "现在用显卡绘制窗口。",
        Some(Drawn::Software) => "现在用软件绘制窗口(不用显卡,较慢,但任何电脑都能显示)。",
        None => "",
    };
    let why = match (start, drawn) {
        (Some(Start::SoftwareAfterFailure), _) => {
            "上次用显卡打开时窗口没能显示出来,所以改用了软件绘制,以后也一直这样。"
        }
        (Some(Start::SoftwareChosen), _) => "这是在这里选定的。",
        (Some(Start::Environment), _) => "这是由环境变量 ICED_BACKEND 指定的。",
        (Some(Start::Automatic), Some(Drawn::Software)) => {
            "这台电脑的显卡绘制没能启动,已自动改用软件绘制。"
        }
        _ => "",
    };
    format!("{now}{why}").trim().to_string()
}

/// A one-pixel, invisible widget that notes which renderer drew the frame it is in.
pub struct Probe;

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for Probe {
    fn size(&self) -> Size<Length> {
        Size::new(Length::Fixed(1.0), Length::Fixed(1.0))
    }

    fn layout(
        &mut self,
        _tree: &mut Tree,
        _renderer: &iced::Renderer,
        _limits: &layout::Limits,
    ) -> layout::Node {
        layout::Node::new(Size::new(1.0, 1.0))
    }

    fn draw(
        &self,
        _tree: &Tree,
        renderer: &mut iced::Renderer,
        _theme: &iced::Theme,
        _style: &Style,
        _layout: Layout<'_>,
        _cursor: mouse::Cursor,
        _viewport: &Rectangle,
    ) {
        let drawn = match renderer {
            iced_renderer::fallback::Renderer::Primary(_) => Drawn::Card,
            iced_renderer::fallback::Renderer::Secondary(_) => Drawn::Software,
        };
        DRAWN.store(1 + drawn as u8, Ordering::Relaxed);
    }
}

impl<'a, Message: 'a> From<Probe> for Element<'a, Message> {
    fn from(probe: Probe) -> Self {
        Element::new(probe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(environment: bool, choice: Choice, marker: bool) -> Found {
        Found {
            environment,
            choice,
            marker,
        }
    }

    #[test]
    fn the_rule() {
        assert_eq!(
            decide(found(false, Choice::Automatic, false)),
            Start::Automatic
        );
        assert_eq!(
            decide(found(false, Choice::Automatic, true)),
            Start::SoftwareAfterFailure
        );
        assert_eq!(
            decide(found(false, Choice::Software, false)),
            Start::SoftwareChosen
        );
        assert_eq!(
            decide(found(false, Choice::SoftwareAfterFailure, false)),
            Start::SoftwareAfterFailure
        );
        assert_eq!(
            decide(found(true, Choice::Software, true)),
            Start::Environment
        );
    }

    #[test]
    fn a_start_that_died_before_its_first_frame_makes_the_next_ones_draw_in_software() {
        let dir = tempfile::tempdir().unwrap();
        // A start with the card writes the marker …
        assert_eq!(prepare(Some(dir.path()), false), Start::Automatic);
        assert!(dir.path().join(MARKER_FILE).exists());
        // … and dies (nothing removes it). The next start draws in software and records why.
        assert_eq!(
            prepare(Some(dir.path()), false),
            Start::SoftwareAfterFailure
        );
        assert!(!dir.path().join(MARKER_FILE).exists());
        assert_eq!(read(dir.path(), false).choice, Choice::SoftwareAfterFailure);
        // So does the one after, until someone tries the card again in 设置.
        assert_eq!(
            prepare(Some(dir.path()), false),
            Start::SoftwareAfterFailure
        );
        save_choice(dir.path(), Choice::Automatic).unwrap();
        assert_eq!(prepare(Some(dir.path()), false), Start::Automatic);
        // This time the first frame came: the marker goes, and the card stays.
        confirm(dir.path(), Drawn::Card);
        assert_eq!(last_drawn(dir.path()), Some(Drawn::Card));
        assert_eq!(prepare(Some(dir.path()), false), Start::Automatic);
    }

    #[test]
    fn software_chosen_in_settings_stays_and_writes_no_marker() {
        let dir = tempfile::tempdir().unwrap();
        save_choice(dir.path(), Choice::Software).unwrap();
        assert_eq!(prepare(Some(dir.path()), false), Start::SoftwareChosen);
        assert!(!dir.path().join(MARKER_FILE).exists());
        // A test's ICED_BACKEND is obeyed and leaves the files alone.
        assert_eq!(prepare(Some(dir.path()), true), Start::Environment);
        assert_eq!(read(dir.path(), false).choice, Choice::Software);
    }

    #[test]
    fn a_folder_that_cannot_be_written_still_starts() {
        let file = tempfile::NamedTempFile::new().unwrap();
        // A file where the folder should be: nothing can be written under it.
        let dir = file.path().join("config");
        assert_eq!(prepare(Some(&dir), false), Start::Automatic);
        assert!(
            save_choice(&dir, Choice::Software)
                .unwrap_err()
                .contains("无法保存绘制方式")
        );
    }

    #[test]
    fn the_sentences() {
        assert!(
            describe(Some(Start::SoftwareAfterFailure), Some(Drawn::Software))
                .contains("上次用显卡打开时窗口没能显示出来")
        );
        assert!(describe(Some(Start::Automatic), Some(Drawn::Software)).contains("自动改用"));
        assert_eq!(
            describe(Some(Start::Automatic), Some(Drawn::Card)),
            "现在用显卡绘制窗口。"
        );
    }
}
