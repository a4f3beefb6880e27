//! Files the program writes for the volunteer that hold personal data — a member's own data, a
//! registration sheet with its contacts, the rows not imported, statistics, printouts — are
//! readable by the PC's user alone, whatever the umask: on Linux and macOS mode 0600, also when
//! the file was there before with wider rights. (Windows keeps files in the user's own folders
//! private by the folder's rights; a FAT USB stick has no rights to set, and is left as it is.)

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path`, replacing what was there, readable and writable by this user alone.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    // The mode above applies only to a new file: an old one keeps its rights unless changed.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o077 != 0 {
            // A file system without rights (FAT) refuses; the data is written all the same.
            let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
        }
    }
    file.write_all(bytes)?;
    file.flush()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn new_and_old_files_are_readable_by_their_owner_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.json");
        write_private(&new, b"{}").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), 0o600);

        let old = dir.path().join("old.csv");
        std::fs::write(&old, "a much longer text that must not be left behind").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&old, b"short").unwrap();
        assert_eq!(mode(&old), 0o600);
        assert_eq!(std::fs::read(&old).unwrap(), b"short");
    }
}
