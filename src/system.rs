//! The operating system's printing and PDF viewer: which printers there are (CUPS's `lpstat`),
//! sending a PDF to one (`lp`; on Windows the PDF program's print verb, watched in the printer's
//! queue), and opening a file in the default program (`xdg-open`, `ShellExecuteEx`). What is
//! said is what happened: a job number from the queue, a program started, or a sentence a
//! volunteer can act on.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
                "这台电脑没有安装打印服务,不能直接打印。请“另存为 PDF”或“用系统程序打开”后再打印。"
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

/// Reads `lpstat -p -d`: "printer NAME is idle…" / "打印机 NAME 目前空闲…" lines and
/// "system default destination: NAME" / "系统默认目标:NAME".
pub fn parse_lpstat(text: &str) -> Printers {
    let mut printers = Printers::default();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["printer" | "打印机", name, ..] => printers.names.push((*name).to_string()),
            _ if ["default destination", "默认目标", "默认目的地"]
                .iter()
                .any(|words| line.contains(words)) =>
            {
                // CUPS's Chinese has a full-width colon.
                let name = line
                    .split_once([':', '\u{ff1a}'])
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

/// What became of a printout sent to the printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printed {
    /// A printer's queue took it: which printer, and the job's number, where the system said.
    Queued {
        printer: Option<String>,
        job: Option<String>,
    },
    /// No queue was seen taking it: the PDF is open in its program, to print from there. What
    /// happened and what to do, in Chinese.
    ByHand(String),
}

impl Printed {
    /// What to tell the volunteer.
    pub fn words(&self) -> String {
        match self {
            Printed::Queued { printer, job } => {
                let printer = match printer {
                    Some(printer) => format!("打印机 {printer}"),
                    None => "默认打印机".into(),
                };
                match job {
                    Some(job) => format!("已发送到{printer}(作业 {job})"),
                    None => format!("已发送到{printer}"),
                }
            }
            Printed::ByHand(words) => words.clone(),
        }
    }
}

/// Sends the PDF at `file` to `printer` (or the default), and says what became of it. Takes up
/// to a minute on Windows (it waits for the printer's queue): call it off the UI thread.
/// `title` is what the printer queue lists.
pub fn print_pdf(file: &Path, printer: Option<&str>, title: &str) -> Result<Printed, String> {
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
        Ok(output) if output.status.success() => {
            let answer = String::from_utf8_lossy(&output.stdout);
            Ok(match parse_lp(&answer, printer) {
                Some((queue, job)) => Printed::Queued {
                    printer: Some(queue),
                    job: Some(job),
                },
                None => Printed::Queued {
                    printer: printer.map(str::to_string),
                    job: None,
                },
            })
        }
        Ok(output) => Err(format!(
            "打印机没有接受这份文件:{}",
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Err(_) => {
            Err("找不到打印命令 lp,这台电脑不能直接打印。请“用系统程序打开”后再打印。".into())
        }
    }
}

/// The job in `lp`'s answer, `request id is HP_LaserJet-123 (1 file(s))` (in Chinese
/// `请求 ID 为 HP_LaserJet-123 (1 个文件)`, in other languages other words): the queue's name
/// and the job, found as the word `QUEUE-NUMBER` (queue names have no spaces), so the language
/// does not matter. `printer`, when one was chosen, is the queue to look for.
pub fn parse_lp(answer: &str, printer: Option<&str>) -> Option<(String, String)> {
    answer
        .split(|c: char| c.is_whitespace() || c == '(' || c == '\u{ff08}')
        .find_map(|word| {
            let (queue, number) = word.rsplit_once('-')?;
            let is_job = !queue.is_empty()
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
                && printer.is_none_or(|p| p == queue);
            is_job.then(|| (queue.to_string(), word.to_string()))
        })
}

/// The longest the print verb's PDF program is given to put a job in a queue.
const QUEUE_PATIENCE_SECONDS: u32 = 30;

/// Windows prints a PDF through its program's print verb (`Start-Process -Verb Print`), which
/// answers before anything is printed; so the script also notes the jobs in the queues before,
/// and watches for a new one (every half second: a one-page job can leave a fast printer's
/// queue within a second). It prints what it saw, one word a line, the printer's name in hex
/// (PowerShell's output code page would garble a Chinese one): `noverb` (the PDF program has
/// no print command), `blind` (the queues cannot be read), `started`, then `job N` and
/// `printer HEX`, or `nojob`. Get-WmiObject where there is no Get-CimInstance (PowerShell 2,
/// Windows 7).
const PRINT_SCRIPT: &str = r#"
$ErrorActionPreference = 'Stop'
function Get-Jobs {
  if (Get-Command Get-CimInstance -ErrorAction SilentlyContinue) {
    @(Get-CimInstance -ClassName Win32_PrintJob)
  } else {
    @(Get-WmiObject -Class Win32_PrintJob)
  }
}
function Hex($text) {
  -join ([Text.Encoding]::UTF8.GetBytes([string]$text) | ForEach-Object { $_.ToString('x2') })
}
$file = $env:HONGNIANG_PRINT_FILE
$document = [IO.Path]::GetFileNameWithoutExtension($file)
$before = @{}
$blind = $false
try {
  foreach ($job in Get-Jobs) { if ($job) { $before[[string]$job.Name] = 1 } }
} catch { $blind = $true }
try {
  $viewer = Start-Process -FilePath $file -Verb Print -PassThru
} catch {
  'noverb'
  exit 0
}
if ($blind) { 'blind' }
'started'
if ($blind) { exit 0 }
$deadline = (Get-Date).AddSeconds([int]$env:HONGNIANG_PRINT_PATIENCE)
while ((Get-Date) -lt $deadline) {
  Start-Sleep -Milliseconds 500
  try {
    $new = @(Get-Jobs | Where-Object { $_ -and -not $before.ContainsKey([string]$_.Name) })
  } catch { $new = @() }
  if ($new.Count -gt 0) {
    $ours = @($new | Where-Object { ([string]$_.Document).Contains($document) })
    if ($ours.Count -gt 0) { $job = $ours[0] } else { $job = $new[0] }
    'job ' + $job.JobId
    'printer ' + (Hex (([string]$job.Name) -replace ',\s*\d+$', ''))
    exit 0
  }
}
'nojob'
"#;

/// What the print script saw.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spooler {
    /// A new job in a printer's queue.
    Job { printer: String, id: String },
    /// The PDF program took the print command, but no new job showed in time.
    NoJob,
    /// The PDF program took the print command; the queues could not be read.
    Blind,
    /// The PDF program has no print command (Edge, for one).
    NoPrintVerb,
    /// The script did not run through: no PowerShell, or it failed.
    NotRun,
}

/// Reads the print script's lines (see [`PRINT_SCRIPT`]).
fn read_spooler(output: &str) -> Spooler {
    let (mut started, mut blind) = (false, false);
    let (mut job, mut printer) = (None, None);
    for line in output.lines() {
        let line = line.trim();
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let rest = rest.trim();
        match word {
            "noverb" => return Spooler::NoPrintVerb,
            "started" => started = true,
            "blind" => blind = true,
            "job" if !rest.is_empty() => job = Some(rest.to_string()),
            "printer" => printer = from_hex(rest),
            _ => {}
        }
    }
    match (job, printer) {
        (Some(id), Some(printer)) if started => Spooler::Job { printer, id },
        _ if started && blind => Spooler::Blind,
        _ if started => Spooler::NoJob,
        _ => Spooler::NotRun,
    }
}

/// A script as PowerShell's `-EncodedCommand` takes it: UTF-16LE in base64. No quoting of its
/// quotes and line ends on the command line can go wrong.
fn encoded_command(script: &str) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes: Vec<u8> = script.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u32, |group, (i, &b)| group | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                text.push(char::from(DIGITS[(group >> (18 - 6 * i)) as usize & 63]));
            } else {
                text.push('=');
            }
        }
    }
    text
}

/// UTF-8 text written as hex digits, two a byte.
fn from_hex(hex: &str) -> Option<String> {
    if !hex.len().is_multiple_of(2) || !hex.is_ascii() {
        return None;
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&hex[at..at + 2], 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes)
        .ok()
        .filter(|name| !name.is_empty())
}

/// Prints with the PDF program's print verb and reports a job only when a queue showed it;
/// otherwise the file is opened, to print by hand, and the volunteer is told why.
fn print_on_windows(file: &Path) -> Result<Printed, String> {
    // The path goes in through the environment: no quoting of the file name can go wrong.
    let mut command = Command::new("powershell");
    command
        .args(["-NoProfile", "-NonInteractive", "-EncodedCommand"])
        .arg(encoded_command(PRINT_SCRIPT))
        .env("HONGNIANG_PRINT_FILE", file)
        .env(
            "HONGNIANG_PRINT_PATIENCE",
            QUEUE_PATIENCE_SECONDS.to_string(),
        );
    without_console_window(&mut command);
    // PowerShell's own start can be slow on an old PC: twice the queue's time in all.
    let patience = Duration::from_secs(2 * u64::from(QUEUE_PATIENCE_SECONDS));
    let spooler = match output_within(&mut command, patience) {
        Ok(output) => read_spooler(&output),
        Err(_) => Spooler::NotRun,
    };
    let (why, after) = match spooler {
        Spooler::Job { printer, id } => {
            return Ok(Printed::Queued {
                printer: Some(printer),
                job: Some(id),
            });
        }
        Spooler::NoJob => (
            format!(
                "打印机还没有收到这份文件(等了 {QUEUE_PATIENCE_SECONDS} 秒)。请看看 PDF 程序有没有提示,打印机是否开着、有纸。"
            ),
            "如果稍后印出来了,就不用再印。",
        ),
        Spooler::Blind => (
            "已交给 PDF 程序打印,但这台电脑看不到打印队列,不知道打印机收到没有。".to_string(),
            "如果已经印出来了,就不用再印。",
        ),
        Spooler::NoPrintVerb => ("这台电脑的 PDF 程序不支持直接打印。".to_string(), ""),
        Spooler::NotRun => (
            "没能直接打印(这台电脑的 PowerShell 没有运行)。".to_string(),
            "",
        ),
    };
    match open(file) {
        Ok(Opened::Shown) => Ok(Printed::ByHand(format!(
            "{why}已用系统程序打开文件,请在那里点“打印”。{after}"
        ))),
        // Nothing printed, and most likely nothing on screen either.
        Ok(Opened::EndedAtOnce(code)) => Err(format!(
            "{why}打开文件的程序也马上退出了(代码 {code}),文件可能没有打开。请“另存为 PDF”,再用 PDF 程序打开它打印。"
        )),
        Err(error) => Err(format!("{why}{error}")),
    }
}

/// Runs `command` with its output read, for at most `patience` (then it is stopped), and
/// returns what it printed by then. The lines are read on a thread of their own, and only
/// for a moment after the end: a program it started that kept the output open holds nothing up.
fn output_within(command: &mut Command, patience: Duration) -> std::io::Result<String> {
    use std::io::BufRead;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn()?;
    let (sender, lines) = std::sync::mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
    }
    if wait_within(&mut child, patience).is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let mut output = String::new();
    while let Ok(line) = lines.recv_timeout(Duration::from_millis(300)) {
        output.push_str(&line);
        output.push('\n');
    }
    Ok(output)
}

/// Waits for `child` to end, for at most `patience`; `None` if it is still running.
fn wait_within(child: &mut Child, patience: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + patience;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Ok(None) | Err(_) => return None,
        }
    }
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

/// What opening a file in the system's program came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// A program shows it: one started and still running (or ended well, having handed the
    /// file to one already open), or an open one took it.
    Shown,
    /// The program Windows started for it ended at once with this error code (under Wine,
    /// winebrowser with no Linux viewer behind it): the file is most likely not on screen.
    EndedAtOnce(u32),
}

impl Opened {
    /// What to tell the volunteer about `file`.
    pub fn words(self, file: &Path) -> String {
        match self {
            Opened::Shown => format!("已用系统程序打开 {}", file.display()),
            Opened::EndedAtOnce(code) => format!(
                "已请系统打开 {},但打开它的程序马上退出了(代码 {code}),可能没有打开。如果没有看到文件,请“另存为 PDF”后自己打开。",
                file.display()
            ),
        }
    }
}

/// Opens `file` in the system's default program: `Ok` only when a program was started (or
/// an open one took the file). Takes up to a few seconds: call it off the UI thread.
pub fn open(file: &Path) -> Result<Opened, String> {
    #[cfg(windows)]
    let opened = shell_open(file).map_err(shell_error_words);
    #[cfg(target_os = "linux")]
    let opened =
        xdg_open(file, Duration::from_secs(XDG_OPEN_PATIENCE_SECONDS)).map(|()| Opened::Shown);
    #[cfg(not(any(windows, target_os = "linux")))]
    let opened = opener::open(file)
        .map(|()| Opened::Shown)
        .map_err(|e| e.to_string());
    opened.map_err(|why| format!("无法用系统程序打开“{}”:{why}", file.display()))
}

/// How long the program Windows started for a file is watched for ending at once.
#[cfg_attr(not(windows), allow(dead_code))]
const VIEWER_PATIENCE_MILLISECONDS: u32 = 2000;

/// Chromium's exit code (Edge, Windows' own PDF viewer, among them) when it handed the file to
/// the browser already running: a success.
#[cfg_attr(not(windows), allow(dead_code))]
const CHROMIUM_HANDED_OVER: u32 = 24;

/// The rule for the program Windows started for a file, by its exit code within
/// [`VIEWER_PATIENCE_MILLISECONDS`] (`None`: still running).
#[cfg_attr(not(windows), allow(dead_code))]
fn viewer_outcome(exit_code: Option<u32>) -> Opened {
    match exit_code {
        None | Some(0) | Some(CHROMIUM_HANDED_OVER) => Opened::Shown,
        Some(code) => Opened::EndedAtOnce(code),
    }
}

/// How long xdg-open is given to fail.
#[cfg(target_os = "linux")]
const XDG_OPEN_PATIENCE_SECONDS: u64 = 5;

/// Opens `file` with `xdg-open` and reads its exit status: the `opener` crate starts it and
/// never looks, so a PC with no program for PDF files seemed to open it. xdg-open ends when
/// it has handed the file over (a desktop's `gio open`), or stays until the program it ran
/// ends (without a desktop): still running after `patience`, it started one.
#[cfg(target_os = "linux")]
fn xdg_open(file: &Path, patience: Duration) -> Result<(), String> {
    xdg_open_with(Command::new("xdg-open").arg(file), patience)
}

#[cfg(target_os = "linux")]
fn xdg_open_with(command: &mut Command, patience: Duration) -> Result<(), String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                "这台电脑没有 xdg-open(xdg-utils 软件包)。请“另存为 PDF”,再自己打开。".to_string()
            }
            _ => crate::data::error::io_words(&e),
        })?;
    match wait_within(&mut child, patience) {
        Some(status) => xdg_open_words(status.code()).map_or(Ok(()), Err),
        None => {
            // The program it started is running; its end is waited for (no zombie) elsewhere.
            std::thread::spawn(move || child.wait());
            Ok(())
        }
    }
}

/// What xdg-open's exit code says (its manual: 1 a wrong command line, 2 no such file, 3 a
/// tool it needs is missing, 4 the opening failed); `None` when it worked.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn xdg_open_words(code: Option<i32>) -> Option<String> {
    match code {
        Some(0) => None,
        Some(2) => Some("找不到这个文件".into()),
        Some(3) => Some("系统缺少打开它所需的程序(xdg-utils 的工具)".into()),
        Some(4) => Some("系统没能打开它,可能没有设置打开这种文件的程序(例如 PDF 阅读器)".into()),
        Some(code) => Some(format!("xdg-open 出错(代码 {code})")),
        None => Some("xdg-open 被中止了".into()),
    }
}

/// ShellExecuteEx with the file's default verb: a failure (no program for .pdf) comes back as
/// its error code; success means a program was started, or an open one took the file (then
/// there is no process handle, and that is fine). The program started is watched for a moment
/// ([`viewer_outcome`]).
#[cfg(windows)]
fn shell_open(file: &Path) -> Result<Opened, u32> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Foundation::{CloseHandle, GetLastError, WAIT_OBJECT_0};
    use windows_sys::Win32::System::Com::{
        COINIT_APARTMENTTHREADED, COINIT_DISABLE_OLE1DDE, CoInitializeEx, CoUninitialize,
    };
    use windows_sys::Win32::System::Threading::{GetExitCodeProcess, WaitForSingleObject};
    use windows_sys::Win32::UI::Shell::{
        SEE_MASK_FLAG_NO_UI, SEE_MASK_NOASYNC, SEE_MASK_NOCLOSEPROCESS, SHELLEXECUTEINFOW,
        ShellExecuteExW,
    };
    use windows_sys::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;
    let path: Vec<u16> = file.as_os_str().encode_wide().chain(Some(0)).collect();
    let mut info = SHELLEXECUTEINFOW {
        cbSize: std::mem::size_of::<SHELLEXECUTEINFOW>() as u32,
        // The process handle says a program started; no Windows dialog of its own (the error is
        // ours to say); NOASYNC as this thread has no message loop.
        fMask: SEE_MASK_NOCLOSEPROCESS | SEE_MASK_FLAG_NO_UI | SEE_MASK_NOASYNC,
        lpFile: path.as_ptr(),
        nShow: SW_SHOWNORMAL,
        ..Default::default()
    };
    // SAFETY: `info` is a SHELLEXECUTEINFOW of the right size whose strings (`path`) live
    // until the call returns; the process handle it gives is waited on, read and closed once.
    // COM is set up for the shell's extensions as its documentation asks, and undone only if
    // this call did it.
    unsafe {
        let com = CoInitializeEx(
            std::ptr::null(),
            (COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE) as u32,
        );
        let started = ShellExecuteExW(&mut info) != 0;
        let error = if started { 0 } else { GetLastError() };
        let mut exit_code = None;
        if !info.hProcess.is_null() {
            if WaitForSingleObject(info.hProcess, VIEWER_PATIENCE_MILLISECONDS) == WAIT_OBJECT_0 {
                let mut code = 0;
                if GetExitCodeProcess(info.hProcess, &mut code) != 0 {
                    exit_code = Some(code);
                }
            }
            CloseHandle(info.hProcess);
        }
        if com >= 0 {
            CoUninitialize();
        }
        if started {
            return Ok(viewer_outcome(exit_code));
        }
        // The old-style code in hInstApp (at most 32) where there is no last error.
        Err(if error != 0 {
            error
        } else {
            info.hInstApp as usize as u32
        })
    }
}

/// ShellExecuteEx's failures (Win32 error codes, and the SE_ERR_ codes of hInstApp) in words.
#[cfg_attr(not(windows), allow(dead_code))]
fn shell_error_words(code: u32) -> String {
    match code {
        2 | 3 => "找不到这个文件".into(),
        5 => "没有权限打开它".into(),
        8 | 14 => "电脑内存不足".into(),
        26 | 32 => "文件正被另一个程序使用".into(),
        // ERROR_NO_ASSOCIATION, SE_ERR_NOASSOC, SE_ERR_ASSOCINCOMPLETE
        1155 | 31 | 27 => {
            "这台电脑没有设置打开这种文件的程序(请装一个 PDF 阅读器,或在“默认应用”里选一个)".into()
        }
        // ERROR_DDE_FAIL, SE_ERR_DDETIMEOUT, SE_ERR_DDEFAIL, SE_ERR_DDEBUSY
        1156 | 28..=30 => "打开它的程序没有回应,请再试一次".into(),
        1157 => "打开它的程序缺少文件,可能需要重新安装".into(),
        1223 => "打开被取消了".into(),
        // ERROR_BAD_EXE_FORMAT: the program is broken, or (Wine) there is none and the file
        // itself was taken for one.
        193 => {
            "没有能打开这种文件的程序,或那个程序已损坏(请装一个 PDF 阅读器,或在“默认应用”里选一个)"
                .into()
        }
        code => format!("系统没能打开它(系统代码 {code})"),
    }
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
        // As CUPS's own translation (locale/cups_zh_CN.po) has it.
        let cups = "打印机 HP_LaserJet 目前空闲。从 2026年11月21日 开始启用\n\
                    打印机 Canon_LBP 目前空闲。从 2026年11月21日 开始启用\n\
                    系统默认目标\u{ff1a}Canon_LBP\n";
        let found = parse_lpstat(cups);
        assert_eq!(found.names, vec!["Canon_LBP", "HP_LaserJet"]);
        assert_eq!(found.default.as_deref(), Some("Canon_LBP"));
        let none = parse_lpstat("lpstat: No destinations added.\nno system default destination\n");
        assert!(none.names.is_empty());
        assert!(Printing::Cups(none).problem().is_some());
    }

    #[test]
    fn lp_s_job_is_found_in_english_chinese_and_other_languages() {
        let english = "request id is HP_LaserJet-123 (1 file(s))\n";
        let job = Some(("HP_LaserJet".to_string(), "HP_LaserJet-123".to_string()));
        assert_eq!(parse_lp(english, None), job);
        assert_eq!(parse_lp(english, Some("HP_LaserJet")), job);
        assert_eq!(
            parse_lp("请求 ID 为 HP_LaserJet-123 (1 个文件)\n", None),
            job
        );
        assert_eq!(
            parse_lp("请求 ID 为 HP_LaserJet-123\u{ff08}1 个文件\u{ff09}", None),
            job
        );
        // German: "Anfrage-ID" is no job; a queue named with a dash is still found.
        assert_eq!(
            parse_lp("Anfrage-ID ist Büro-2-45 (1 Datei(en))", Some("Büro-2")),
            Some(("Büro-2".to_string(), "Büro-2-45".to_string()))
        );
        // A chosen queue: only its job counts.
        assert_eq!(parse_lp(english, Some("Canon")), None);
        // Nothing to read: today's wording stays.
        assert_eq!(parse_lp("", None), None);
        assert_eq!(parse_lp("request id is (1 file(s))", None), None);
        let said = |answer: &str, printer: Option<&str>| {
            match parse_lp(answer, printer) {
                Some((queue, job)) => Printed::Queued {
                    printer: Some(queue),
                    job: Some(job),
                },
                None => Printed::Queued {
                    printer: printer.map(str::to_string),
                    job: None,
                },
            }
            .words()
        };
        assert_eq!(
            said(english, None),
            "已发送到打印机 HP_LaserJet(作业 HP_LaserJet-123)"
        );
        assert_eq!(said("", Some("Canon")), "已发送到打印机 Canon");
        assert_eq!(said("", None), "已发送到默认打印机");
    }

    #[test]
    fn the_print_script_s_lines_say_what_the_queue_saw() {
        let hex: String = "办公室 HP, 二楼"
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect();
        // PowerShell ends its lines in CRLF.
        let seen = format!("started\r\njob 17\r\nprinter {hex}\r\n");
        assert_eq!(
            read_spooler(&seen),
            Spooler::Job {
                printer: "办公室 HP, 二楼".into(),
                id: "17".into()
            }
        );
        assert_eq!(read_spooler("started\nnojob\n"), Spooler::NoJob);
        // Stopped while waiting: the program started, no job seen.
        assert_eq!(read_spooler("started\n"), Spooler::NoJob);
        assert_eq!(read_spooler("blind\nstarted\n"), Spooler::Blind);
        assert_eq!(read_spooler("noverb\n"), Spooler::NoPrintVerb);
        // No PowerShell, an error, or a Wine stub that prints nothing.
        assert_eq!(read_spooler(""), Spooler::NotRun);
        assert_eq!(read_spooler("Get-Jobs : 无效的类\n"), Spooler::NotRun);
        // A job without a readable printer is not claimed.
        assert_eq!(
            read_spooler("started\njob 17\nprinter zz\n"),
            Spooler::NoJob
        );
        assert_eq!(read_spooler("started\njob 17\n"), Spooler::NoJob);
        assert_eq!(from_hex("e4b889"), Some("三".into()));
        assert_eq!(from_hex("e4b8"), None, "half a character");
        assert_eq!(from_hex(""), None);
        let said = Printed::Queued {
            printer: Some("办公室 HP".into()),
            job: Some("17".into()),
        };
        assert_eq!(said.words(), "已发送到打印机 办公室 HP(作业 17)");
    }

    #[test]
    fn the_script_goes_to_powershell_as_base64_of_utf16() {
        // `[Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes('a'))` and so on.
        assert_eq!(encoded_command("a"), "YQA=");
        assert_eq!(encoded_command("ab"), "YQBiAA==");
        assert_eq!(encoded_command("abc"), "YQBiAGMA");
        assert_eq!(encoded_command("张"), "IF8=");
        assert!(PRINT_SCRIPT.contains("-Verb Print -PassThru"));
        assert!(
            !PRINT_SCRIPT.contains('"'),
            "nothing for a command line to unquote"
        );
    }

    #[test]
    fn failures_of_the_system_s_opening_are_said() {
        assert_eq!(xdg_open_words(Some(0)), None);
        assert!(xdg_open_words(Some(4)).unwrap().contains("没能打开"));
        assert!(xdg_open_words(Some(2)).unwrap().contains("找不到"));
        assert!(xdg_open_words(None).is_some());
        assert!(shell_error_words(1155).contains("没有设置打开这种文件的程序"));
        assert!(shell_error_words(31).contains("没有设置打开这种文件的程序"));
        assert_eq!(shell_error_words(2), "找不到这个文件");
        assert_eq!(shell_error_words(9999), "系统没能打开它(系统代码 9999)");
        // The program Windows started: running, ended well, or Edge handing the file to the
        // Edge already open are shown; winebrowser's 1 with no Linux viewer is not.
        assert_eq!(viewer_outcome(None), Opened::Shown);
        assert_eq!(viewer_outcome(Some(0)), Opened::Shown);
        assert_eq!(viewer_outcome(Some(24)), Opened::Shown);
        assert_eq!(viewer_outcome(Some(1)), Opened::EndedAtOnce(1));
        let file = Path::new("C:\\temp\\a.pdf");
        assert_eq!(
            Opened::Shown.words(file),
            "已用系统程序打开 C:\\temp\\a.pdf"
        );
        assert!(
            Opened::EndedAtOnce(1)
                .words(file)
                .contains("马上退出了(代码 1),可能没有打开")
        );
    }

    /// xdg-open stood in for by `sh`: its failure is reported, its staying (running the
    /// program it started) is success, and so is a quick success.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_failing_xdg_open_is_reported_a_lasting_one_is_success() {
        let patience = Duration::from_millis(400);
        let sh = |script: &str| {
            let mut command = Command::new("sh");
            command.args(["-c", script]);
            command
        };
        let failed = xdg_open_with(&mut sh("exit 4"), patience).unwrap_err();
        assert!(failed.contains("没能打开"), "{failed}");
        assert!(xdg_open_with(&mut sh("exit 0"), patience).is_ok());
        let started = Instant::now();
        assert!(xdg_open_with(&mut sh("sleep 3"), patience).is_ok());
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "not waited to its end"
        );
        let missing = xdg_open_with(&mut Command::new("/nonexistent/xdg-open"), patience);
        assert!(missing.unwrap_err().contains("xdg-utils"));
    }

    /// The print script's runner: what was printed by the end, the script stopped at the
    /// deadline, and not held up by a program it started that keeps the output open.
    #[test]
    #[cfg(unix)]
    fn a_script_is_read_until_its_end_or_its_deadline() {
        let sh = |script: &str| {
            let mut command = Command::new("sh");
            command.args(["-c", script]);
            command
        };
        let patience = Duration::from_millis(500);
        let output = output_within(&mut sh("echo started; echo nojob"), patience).unwrap();
        assert_eq!(read_spooler(&output), Spooler::NoJob);
        let started = Instant::now();
        let output = output_within(&mut sh("echo started; sleep 5"), patience).unwrap();
        assert_eq!(output, "started\n");
        // The viewer it started keeps the pipe open: the answer comes all the same.
        let output = output_within(&mut sh("echo noverb; sleep 5 & exit 0"), patience).unwrap();
        assert_eq!(read_spooler(&output), Spooler::NoPrintVerb);
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{:?}",
            started.elapsed()
        );
        assert!(output_within(&mut Command::new("/nonexistent/powershell"), patience).is_err());
    }

    /// By hand on Windows, or under Wine: what 打印 and 用系统程序打开 report for a real PDF.
    /// `cargo test --lib system::tests::what_printing_and_opening_report -- --ignored
    /// --nocapture` (under Wine: the test .exe built with `--no-run`, run with these arguments).
    #[test]
    #[ignore = "prints and opens for real"]
    fn what_printing_and_opening_report() {
        let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
                    2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
                    3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n\
                    trailer<</Root 1 0 R>>\n%%EOF\n";
        let file = write_temporary("试印.pdf", pdf).unwrap();
        let started = Instant::now();
        let printed = print_pdf(&file, None, "红娘工作台打印").map(|p| p.words());
        println!("打印 ({:?}): {printed:?}", started.elapsed());
        let started = Instant::now();
        let opened = open(&file);
        println!("用系统程序打开 ({:?}): {opened:?}", started.elapsed());
        clear_temporary();
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
