//! The operating system's printing and PDF viewer: which printers there are (CUPS's `lpstat`),
//! sending a PDF to one (`lp`; on Windows the shell's print verb), and opening a file in the
//! default program (`opener`). Every failure comes back as a sentence a volunteer can act on.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The printers the system offers, the default first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Printers {
    pub names: Vec<String>,
    pub default: Option<String>,
}

/// Whether and how this computer can print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printing {
    /// CUPS is there (Linux, macOS), with these printers (maybe none set up yet).
    Cups(Printers),
    /// Windows: printing goes through the PDF viewer's print command.
    Windows,
    /// Nothing to print with; the reason in Chinese.
    Unavailable(String),
}

impl Printing {
    /// Asks the system. Takes a moment (runs `lpstat`): call it off the UI thread.
    pub fn detect() -> Self {
        if cfg!(windows) {
            return Printing::Windows;
        }
        match Command::new("lpstat").args(["-p", "-d"]).output() {
            Ok(output) => {
                let text = String::from_utf8_lossy(&output.stdout);
                Printing::Cups(parse_lpstat(&text))
            }
            Err(_) => Printing::Unavailable(
                "这台电脑没有安装打印服务(CUPS),不能直接打印。请“另存为 PDF”或“用系统程序打开”后再打印。"
                    .into(),
            ),
        }
    }

    /// Why the 打印 button cannot work, if it cannot.
    pub fn problem(&self) -> Option<String> {
        match self {
            Printing::Cups(printers) if printers.names.is_empty() => Some(
                "还没有设置打印机。请先在系统的“打印机”设置里添加打印机,或“另存为 PDF”。".into(),
            ),
            Printing::Unavailable(reason) => Some(reason.clone()),
            _ => None,
        }
    }
}

/// Reads `lpstat -p -d`: "printer NAME is idle…" / "打印机 NAME 闲置…" lines and
/// "system default destination: NAME".
pub fn parse_lpstat(text: &str) -> Printers {
    let mut printers = Printers::default();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["printer" | "打印机", name, ..] => printers.names.push((*name).to_string()),
            _ if line.contains("default destination") || line.contains("默认目的地") => {
                let name = line
                    .split_once([':', ':'])
                    .map(|(_, name)| name.trim())
                    .filter(|n| !n.is_empty());
                printers.default = name.map(str::to_string);
            }
            _ => {}
        }
    }
    if let Some(default) = &printers.default
        && let Some(at) = printers.names.iter().position(|n| n == default)
    {
        let name = printers.names.remove(at);
        printers.names.insert(0, name);
    }
    printers
}

/// Sends the PDF at `file` to `printer` (or the default). Returns what to tell the volunteer.
/// `title` is what the printer queue lists.
pub fn print_pdf(file: &Path, printer: Option<&str>, title: &str) -> Result<String, String> {
    if cfg!(windows) {
        return print_on_windows(file);
    }
    let mut command = Command::new("lp");
    if let Some(printer) = printer {
        command.args(["-d", printer]);
    }
    // The job title is what the printer queue shows to everyone: no member's name in it.
    command.args(["-t", title]).arg(file);
    match command.output() {
        Ok(output) if output.status.success() => Ok(match printer {
            Some(p) => format!("已发送到打印机 {p}"),
            None => "已发送到默认打印机".into(),
        }),
        Ok(output) => Err(format!(
            "打印机没有接受这份文件:{}",
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Err(_) => {
            Err("找不到打印命令 lp,这台电脑不能直接打印。请“用系统程序打开”后再打印。".into())
        }
    }
}

/// The shell's print verb; when the PDF viewer has none (Edge), the file opens for printing by
/// hand.
fn print_on_windows(file: &Path) -> Result<String, String> {
    // The path goes in through the environment: no quoting of the file name can go wrong.
    let mut command = Command::new("powershell");
    command
        .args([
            "-NoProfile",
            "-NonInteractive",
            "-Command",
            "Start-Process -FilePath $env:HONGNIANG_PRINT_FILE -Verb Print",
        ])
        .env("HONGNIANG_PRINT_FILE", file);
    without_console_window(&mut command);
    let printed = command.output().is_ok_and(|o| o.status.success());
    if printed {
        return Ok("已交给系统打印".into());
    }
    open(file)?;
    Ok("这台电脑的 PDF 程序不支持直接打印,已用它打开文件,请在那里点“打印”。".into())
}

/// PowerShell is a console program: started from the window it would flash a black console
/// window over it. CREATE_NO_WINDOW runs it without one (its output still comes back).
fn without_console_window(command: &mut Command) {
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        command.creation_flags(CREATE_NO_WINDOW);
    }
    #[cfg(not(windows))]
    let _ = command;
}

/// Opens `file` in the system's default program.
pub fn open(file: &Path) -> Result<(), String> {
    opener::open(file).map_err(|e| format!("无法用系统程序打开“{}”:{e}", file.display()))
}

const PRINT_FOLDER_PREFIX: &str = "hongniang-print-";

/// This session's folder of printouts, once made.
static PRINT_FOLDER: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The folder of this session's printouts, for the printer and the viewer to read: made on first
/// use under a random name (so nobody can have put one there first), readable by this user only,
/// and emptied when the program closes (the files hold personal data).
fn print_folder() -> Result<PathBuf, String> {
    let problem =
        |e: std::io::Error| format!("无法写临时文件:{}", crate::data::error::io_words(&e));
    let mut made = PRINT_FOLDER
        .lock()
        .map_err(|_| "无法写临时文件".to_string())?;
    if let Some(folder) = made.as_ref().filter(|f| f.is_dir()) {
        return Ok(folder.clone());
    }
    for _ in 0..8 {
        let folder = std::env::temp_dir().join(format!(
            "{PRINT_FOLDER_PREFIX}{}-{:08x}",
            std::process::id(),
            rand::random::<u32>()
        ));
        #[cfg_attr(not(unix), allow(unused_mut))] // only Unix has the folder's rights to set
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&folder) {
            Ok(()) => {
                *made = Some(folder.clone());
                return Ok(folder);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(problem(e)),
        }
    }
    Err("无法写临时文件:找不到可用的临时文件夹".into())
}

/// Writes `bytes` as `name` into the print folder and returns its path.
/// Where a file goes when no "save as" window could open: 红娘工作台导出 in the user's
/// documents (or home) folder, made if needed.
pub fn exports_folder() -> Result<PathBuf, String> {
    let dirs = directories::UserDirs::new().ok_or("找不到本机用户的文件夹")?;
    let base = dirs
        .document_dir()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dirs.home_dir().to_path_buf());
    let folder = base.join("红娘工作台导出");
    std::fs::create_dir_all(&folder).map_err(|e| {
        format!(
            "无法建立文件夹 {}:{}",
            folder.display(),
            crate::data::error::io_words(&e)
        )
    })?;
    Ok(folder)
}

pub fn write_temporary(name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    let path = print_folder()?.join(safe_file_name(name));
    crate::data::files::write_private(&path, bytes)
        .map_err(|e| format!("无法写临时文件:{}", crate::data::error::io_words(&e)))?;
    Ok(path)
}

/// Removes the print folder (at exit).
pub fn clear_temporary() {
    if let Ok(mut made) = PRINT_FOLDER.lock()
        && let Some(folder) = made.take()
    {
        let _ = std::fs::remove_dir_all(folder);
    }
}

/// Removes print folders left by earlier runs that did not close normally (older than a day,
/// so a second window running now keeps its own).
pub fn clear_leftovers() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    let day = std::time::Duration::from_secs(24 * 3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > day);
        if name.to_string_lossy().starts_with(PRINT_FOLDER_PREFIX) && old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A file name without the characters Windows and Linux refuse.
pub fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lpstat_in_english_and_chinese() {
        let english = "printer HP_LaserJet is idle.  enabled since Mon 01 Jan\n\
                       printer Brother_HL is idle.  enabled since Mon 01 Jan\n\
                       system default destination: Brother_HL\n";
        let found = parse_lpstat(english);
        assert_eq!(found.names, vec!["Brother_HL", "HP_LaserJet"]);
        assert_eq!(found.default.as_deref(), Some("Brother_HL"));
        let chinese =
            "打印机 Canon_LBP 闲置,启用时间始于 2026年11月21日\n系统默认目的地:Canon_LBP\n";
        let found = parse_lpstat(chinese);
        assert_eq!(found.names, vec!["Canon_LBP"]);
        assert_eq!(found.default.as_deref(), Some("Canon_LBP"));
        let none = parse_lpstat("lpstat: No destinations added.\nno system default destination\n");
        assert!(none.names.is_empty());
        assert!(Printing::Cups(none).problem().is_some());
    }

    #[test]
    fn printouts_go_to_one_private_folder_removed_at_exit() {
        let first = write_temporary("a/b.pdf", b"%PDF").unwrap();
        let second = write_temporary("c.pdf", b"%PDF").unwrap();
        let folder = first.parent().unwrap().to_path_buf();
        assert_eq!(second.parent(), Some(folder.as_path()));
        assert_eq!(first.file_name().unwrap(), "a-b.pdf");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        clear_temporary();
        assert!(!folder.exists());
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            safe_file_name("会员登记表 H2024/0012:王"),
            "会员登记表 H2024-0012-王"
        );
    }
}
