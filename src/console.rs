//! The terminal on Windows. The program is built as a window program there (no black console
//! window behind the 红娘工作台 window, from the Start menu or a shortcut), so Windows gives it no
//! console; the command line (`hongniang.exe search …` typed in a terminal) attaches to the
//! terminal it was typed in, and prints there. Elsewhere these do nothing: the terminal is there.

/// Before anything is printed for the command line: on Windows, write into the terminal that
/// started the program. Output already sent to a file or a pipe (`… > 名单.txt`) stays there.
/// Without a terminal (started from a shortcut) nothing happens and nothing is shown.
pub fn attach_to_terminal() {
    #[cfg(windows)]
    {
        use windows_sys::Win32::Storage::FileSystem::{
            FILE_TYPE_DISK, FILE_TYPE_PIPE, GetFileType,
        };
        use windows_sys::Win32::System::Console::{
            ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_OUTPUT_HANDLE,
        };
        // SAFETY: plain Win32 calls on this process's own standard handle; a failure (no
        // terminal, or one attached already) changes nothing and is fine to ignore.
        unsafe {
            let kind = GetFileType(GetStdHandle(STD_OUTPUT_HANDLE));
            if kind != FILE_TYPE_PIPE && kind != FILE_TYPE_DISK {
                AttachConsole(ATTACH_PARENT_PROCESS);
            }
        }
    }
}
