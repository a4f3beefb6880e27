//! The real window under Xvfb (Debian's xvfb, installed by .ci/run, which sets
//! HONGNIANG_REQUIRE_XVFB so that CI never skips): which renderer a start draws with, and that a
//! start which died before its first frame leaves the next one drawing in software.

use std::path::Path;
use std::process::Command;

/// Opens the window on a new database in `dir` for `seconds`, with the renderer files in
/// `dir/config` and `env`; true when it was still up at the end (timeout's 124).
fn open_window(dir: &Path, seconds: u32, env: &[(&str, &str)]) -> Option<bool> {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        assert!(
            std::env::var_os("HONGNIANG_REQUIRE_XVFB").is_none(),
            "xvfb-run is missing, and HONGNIANG_REQUIRE_XVFB says it must be there"
        );
        eprintln!("skipped: no xvfb-run (apt install xvfb xauth)");
        return None;
    }
    let status = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1024x768x24", "timeout"])
        .arg(seconds.to_string())
        .arg(env!("CARGO_BIN_EXE_hongniang"))
        .arg("--db")
        .arg(dir.join("station.db"))
        .env("HONGNIANG_CONFIG_DIR", dir.join("config"))
        .env_remove("ICED_BACKEND")
        .env_remove("WGPU_BACKEND")
        .envs(env.iter().copied())
        .status()
        .unwrap();
    Some(status.code() == Some(124))
}

fn read(dir: &Path, file: &str) -> Option<String> {
    std::fs::read_to_string(dir.join("config").join(file))
        .ok()
        .map(|text| text.trim().to_string())
}

#[test]
fn a_start_that_died_before_its_first_frame_opens_the_next_in_software() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("config")).unwrap();
    // What a start with the graphics card leaves behind when the driver kills it.
    std::fs::write(
        dir.path().join("config/renderer-starting"),
        "2026-12-06 09:00:00\n",
    )
    .unwrap();
    let Some(up) = open_window(dir.path(), 12, &[]) else {
        return;
    };
    assert!(up, "the window did not stay up");
    assert_eq!(read(dir.path(), "renderer-starting"), None);
    assert_eq!(
        read(dir.path(), "renderer").as_deref(),
        Some("software-after-failure")
    );
    assert_eq!(
        read(dir.path(), "renderer-last").as_deref(),
        Some("software")
    );
    // And the next start keeps to software without a marker.
    assert_eq!(open_window(dir.path(), 12, &[]), Some(true));
    assert_eq!(read(dir.path(), "renderer-starting"), None);
    assert_eq!(
        read(dir.path(), "renderer-last").as_deref(),
        Some("software")
    );
}

#[test]
fn a_graphics_card_renderer_that_cannot_start_is_replaced_by_software_drawing() {
    let dir = tempfile::tempdir().unwrap();
    // wgpu told to use only Direct3D 12, which Linux does not have: the card's renderer
    // fails to start, as on a PC whose driver refuses it.
    let Some(up) = open_window(dir.path(), 12, &[("WGPU_BACKEND", "dx12")]) else {
        return;
    };
    assert!(up, "the window did not stay up");
    assert_eq!(
        read(dir.path(), "renderer-last").as_deref(),
        Some("software")
    );
    // The start proved itself: no marker is left, and the card is tried again next time.
    assert_eq!(read(dir.path(), "renderer-starting"), None);
    assert_eq!(read(dir.path(), "renderer"), None);
}

#[test]
fn software_drawing_chosen_in_settings_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("config")).unwrap();
    std::fs::write(dir.path().join("config/renderer"), "software\n").unwrap();
    let Some(up) = open_window(dir.path(), 12, &[]) else {
        return;
    };
    assert!(up);
    assert_eq!(
        read(dir.path(), "renderer-last").as_deref(),
        Some("software")
    );
    assert_eq!(read(dir.path(), "renderer").as_deref(), Some("software"));
}
