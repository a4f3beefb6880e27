//! Where the main window opens and how large it may be. It opens maximised; the size it has
//! when a volunteer clicks 还原 (restore) is worked out here from the screen's work area (the
//! screen minus the taskbar) in logical pixels, display scaling included, so the whole window,
//! its title bar and its close button stay on a 1024×768 screen or a 1920×1080 one at 150 %.
//!
//! On Windows the work area is asked of the system before the window opens; elsewhere the
//! window manager maximises it, and a window still larger than its screen (no window manager)
//! is shrunk to the screen once it is open (`frame::fit_to_screen`).

use iced::{Point, Size};

/// The size the window would like, in logical pixels: room for 查询's table and 配对's two
/// columns at 标准.
pub const PREFERRED: Size = Size::new(1280.0, 800.0);

/// What the window's frame adds around its inside on Windows 10 and 11, in logical pixels: the
/// title bar (31 with its top border) and the resize borders (8 on the left, right and bottom,
/// invisible but counted in the window's size).
const FRAME: Size = Size::new(16.0, 39.0);

/// The smallest inside the pages are laid out for, in logical pixels, before the text scale.
const SMALLEST: Size = Size::new(900.0, 600.0);

/// The part of the screen a window may use, as the system reports it: in physical pixels, with
/// the monitor's display scale (1.0 at 100 %, 1.5 at 150 %).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorkArea {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub scale: f32,
}

/// Where the window goes when it is not maximised, in logical pixels, before the text scale
/// (iced multiplies the size by it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// The inside of the window.
    pub size: Size,
    /// The top-left corner of the frame, when the work area is known.
    pub position: Option<Point>,
    /// The smallest inside a volunteer can drag it to, in logical pixels (iced does not
    /// multiply this one by the text scale).
    pub min_size: Size,
}

/// The restored window for `area` (when the system said it) and a text scale of `text_scale`:
/// the preferred size where it fits, otherwise as much of the work area as the frame leaves,
/// centred in it.
pub fn placement(area: Option<WorkArea>, text_scale: f32) -> Placement {
    let text_scale = if text_scale.is_finite() && text_scale > 0.0 {
        text_scale
    } else {
        1.0
    };
    let Some(area) = area.filter(|a| a.width > 0.0 && a.height > 0.0) else {
        return Placement {
            size: scaled(PREFERRED, text_scale),
            position: None,
            min_size: SMALLEST,
        };
    };
    let scale = if area.scale.is_finite() && area.scale > 0.0 {
        area.scale
    } else {
        1.0
    };
    // The work area in logical pixels, and the most of it the inside may take.
    let logical = Size::new(area.width / scale, area.height / scale);
    let room = Size::new(
        (logical.width - FRAME.width).max(1.0),
        (logical.height - FRAME.height).max(1.0),
    );
    let inside = Size::new(
        PREFERRED.width.min(room.width),
        PREFERRED.height.min(room.height),
    );
    let outside = Size::new(inside.width + FRAME.width, inside.height + FRAME.height);
    let position = Point::new(
        area.x / scale + ((logical.width - outside.width) / 2.0).max(0.0),
        area.y / scale + ((logical.height - outside.height) / 2.0).max(0.0),
    );
    Placement {
        size: scaled(inside, text_scale),
        position: Some(position),
        // Never more than the window itself: a minimum larger than the screen would push the
        // frame off it again.
        min_size: Size::new(
            SMALLEST.width.min(inside.width),
            SMALLEST.height.min(inside.height),
        ),
    }
}

fn scaled(size: Size, text_scale: f32) -> Size {
    Size::new(size.width / text_scale, size.height / text_scale)
}

/// The primary screen's work area, as Windows reports it (the taskbar left out).
#[cfg(windows)]
pub fn work_area() -> Option<WorkArea> {
    use windows_sys::Win32::Foundation::RECT;
    use windows_sys::Win32::UI::HiDpi::GetDpiForSystem;
    use windows_sys::Win32::UI::WindowsAndMessaging::{SPI_GETWORKAREA, SystemParametersInfoW};
    let mut rect = RECT {
        left: 0,
        top: 0,
        right: 0,
        bottom: 0,
    };
    // SAFETY: SPI_GETWORKAREA writes one RECT into the pointer given, which points at `rect`.
    let answered = unsafe {
        SystemParametersInfoW(
            SPI_GETWORKAREA,
            0,
            (&raw mut rect).cast::<core::ffi::c_void>(),
            0,
        )
    };
    if answered == 0 {
        return None;
    }
    // SAFETY: no arguments; returns 96 where the process is not aware of display scaling.
    let dpi = unsafe { GetDpiForSystem() };
    Some(WorkArea {
        x: rect.left as f32,
        y: rect.top as f32,
        width: (rect.right - rect.left) as f32,
        height: (rect.bottom - rect.top) as f32,
        scale: if dpi == 0 { 1.0 } else { dpi as f32 / 96.0 },
    })
}

/// Elsewhere the window manager keeps the window off the panels.
#[cfg(not(windows))]
pub fn work_area() -> Option<WorkArea> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A screen of `width`×`height` physical pixels at `scale`, with a taskbar of 40 logical
    /// pixels along its bottom (Windows 10's; 48 on Windows 11 makes no difference here).
    fn screen(width: f32, height: f32, scale: f32) -> WorkArea {
        WorkArea {
            x: 0.0,
            y: 0.0,
            width,
            height: height - 40.0 * scale,
            scale,
        }
    }

    /// The window's frame in physical pixels: its corners must lie inside the work area.
    fn frame_on_screen(area: WorkArea, placed: Placement, text_scale: f32) {
        let position = placed
            .position
            .expect("a known work area places the window");
        let inside = Size::new(
            placed.size.width * text_scale,
            placed.size.height * text_scale,
        );
        let left = position.x * area.scale;
        let top = position.y * area.scale;
        let right = (position.x + inside.width + FRAME.width) * area.scale;
        let bottom = (position.y + inside.height + FRAME.height) * area.scale;
        assert!(
            left >= area.x && top >= area.y,
            "{placed:?} starts off {area:?}"
        );
        assert!(
            right <= area.x + area.width + 0.5 && bottom <= area.y + area.height + 0.5,
            "{placed:?} ends at {right}×{bottom}, past {area:?}"
        );
        assert!(placed.min_size.width <= inside.width + 0.01);
        assert!(placed.min_size.height <= inside.height + 0.01);
    }

    #[test]
    fn a_1024_by_768_screen_gets_a_window_inside_its_work_area() {
        let area = screen(1024.0, 768.0, 1.0);
        let placed = placement(Some(area), 1.0);
        assert_eq!(placed.size, Size::new(1008.0, 689.0));
        assert_eq!(placed.position, Some(Point::new(0.0, 0.0)));
        frame_on_screen(area, placed, 1.0);
    }

    #[test]
    fn a_1366_by_768_screen_keeps_the_width_and_loses_height_to_the_taskbar() {
        let area = screen(1366.0, 768.0, 1.0);
        let placed = placement(Some(area), 1.0);
        assert_eq!(placed.size, Size::new(1280.0, 689.0));
        frame_on_screen(area, placed, 1.0);
        // Centred across the width.
        assert_eq!(placed.position, Some(Point::new(35.0, 0.0)));
    }

    #[test]
    fn a_1920_by_1080_screen_at_100_percent_has_room_for_the_preferred_size() {
        let area = screen(1920.0, 1080.0, 1.0);
        let placed = placement(Some(area), 1.0);
        assert_eq!(placed.size, PREFERRED);
        frame_on_screen(area, placed, 1.0);
    }

    #[test]
    fn at_150_percent_a_1920_by_1080_screen_is_a_1280_by_720_one() {
        let area = screen(1920.0, 1080.0, 1.5);
        let placed = placement(Some(area), 1.0);
        assert_eq!(placed.size, Size::new(1264.0, 641.0));
        frame_on_screen(area, placed, 1.0);
    }

    #[test]
    fn the_text_scale_divides_the_size_iced_multiplies_by_it() {
        for (width, height, scale) in [
            (1024.0, 768.0, 1.0),
            (1366.0, 768.0, 1.0),
            (1920.0, 1080.0, 1.0),
            (1920.0, 1080.0, 1.5),
            (1024.0, 768.0, 1.25),
        ] {
            let area = screen(width, height, scale);
            for text_scale in [1.0, 1.2, 1.4] {
                let placed = placement(Some(area), text_scale);
                frame_on_screen(area, placed, text_scale);
            }
        }
    }

    #[test]
    fn a_work_area_away_from_the_corner_is_respected() {
        // The taskbar on the left: the work area starts at x = 60.
        let area = WorkArea {
            x: 60.0,
            y: 0.0,
            width: 964.0,
            height: 768.0,
            scale: 1.0,
        };
        let placed = placement(Some(area), 1.0);
        frame_on_screen(area, placed, 1.0);
        assert_eq!(placed.position.map(|p| p.x), Some(60.0));
    }

    #[test]
    fn without_a_work_area_or_with_nonsense_the_preferred_size_is_asked_for() {
        let unknown = placement(None, 1.4);
        assert_eq!(unknown.position, None);
        assert!((unknown.size.width * 1.4 - PREFERRED.width).abs() < 0.01);
        let nonsense = placement(
            Some(WorkArea {
                x: 0.0,
                y: 0.0,
                width: 0.0,
                height: -5.0,
                scale: f32::NAN,
            }),
            f32::NAN,
        );
        assert_eq!(nonsense.size, PREFERRED);
        let tiny = placement(
            Some(WorkArea {
                x: 0.0,
                y: 0.0,
                width: 640.0,
                height: 480.0,
                scale: 0.0,
            }),
            1.0,
        );
        frame_on_screen(
            WorkArea {
                x: 0.0,
                y: 0.0,
                width: 640.0,
                height: 480.0,
                scale: 1.0,
            },
            tiny,
            1.0,
        );
    }
}
