//! The station's password in the system's keyring (the Secret Service here: CI starts
//! gnome-keyring on a session bus of its own and sets HONGNIANG_REQUIRE_KEYRING=1), the user's
//! own file where there is none, and the move from the file into the keyring that keeps a station
//! set up before it connecting. One test in its own binary: it sets the process's environment.

use hongniang_district::station::{Kept, keep_password, password_file, station_password};

#[test]
fn the_password_in_the_keyring_the_file_as_fallback_and_the_move_between() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test of this binary; nothing else reads the environment meanwhile.
    unsafe {
        std::env::set_var("XDG_CONFIG_HOME", home.path());
        std::env::remove_var("HONGNIANG_DISTRICT_PASSWORD_FILE");
        std::env::set_var("HONGNIANG_KEYRING", "off");
    }
    // A code of its own, so a run never meets another's entry.
    let station = format!("测{}", std::process::id());
    let file = password_file(&station).unwrap();
    assert!(file.starts_with(home.path()));

    // The keyring turned off: the file, and the reason said.
    let kept = keep_password(&station, "pw-file").unwrap();
    assert!(matches!(&kept, Kept::File { why, .. } if why.contains("HONGNIANG_KEYRING=off")));
    assert!(kept.words().contains("只有本用户可读"), "{}", kept.words());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "pw-file");

    unsafe { std::env::remove_var("HONGNIANG_KEYRING") };
    let (password, kept) = station_password(&station).unwrap();
    assert_eq!(password.as_deref(), Some("pw-file"), "it keeps connecting");
    match kept {
        Kept::Keyring => {
            // Moved: in the keyring, the file gone.
            assert!(!file.exists());
            let again = station_password(&station).unwrap();
            assert_eq!(
                (again.0.as_deref(), again.1),
                (Some("pw-file"), Kept::Keyring)
            );
            assert_eq!(keep_password(&station, "pw-new").unwrap(), Kept::Keyring);
            assert!(!file.exists());
            assert_eq!(
                station_password(&station).unwrap().0.as_deref(),
                Some("pw-new")
            );
            // Changed while the keyring was off: the file is the newer, read first and moved.
            unsafe { std::env::set_var("HONGNIANG_KEYRING", "off") };
            assert!(matches!(
                keep_password(&station, "pw-while-off").unwrap(),
                Kept::File { .. }
            ));
            unsafe { std::env::remove_var("HONGNIANG_KEYRING") };
            assert_eq!(
                station_password(&station).unwrap(),
                (Some("pw-while-off".to_string()), Kept::Keyring)
            );
            assert!(!file.exists());
            // Taken away: from the keyring too.
            keep_password(&station, "").unwrap();
            assert_eq!(station_password(&station).unwrap().0, None);
            // The keyring turned off again: nothing left behind in a file either.
            unsafe { std::env::set_var("HONGNIANG_KEYRING", "off") };
            assert_eq!(station_password(&station).unwrap().0, None);
        }
        Kept::File { why, .. } => {
            // No Secret Service answers on this machine: the file stays, the reason said.
            assert!(
                std::env::var("HONGNIANG_REQUIRE_KEYRING").is_err(),
                "CI has a Secret Service running, yet the keyring was not used: {why}"
            );
            assert!(!why.is_empty());
            assert!(file.exists());
            eprintln!("no keyring here ({why}): the file fallback was tested");
        }
        Kept::Nowhere { .. } => panic!("the password was lost"),
    }
}
