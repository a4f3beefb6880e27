//! The terminal on Windows. The program is built as a window program there (no black console
//! window behind the 红娘工作台 window, from the Start menu or a shortcut), so Windows gives it no
//! console; the command line (`hongniang.exe search …` typed in a terminal) attaches to the
//! terminal it was typed in, and prints there. Elsewhere attaching does nothing: the terminal is
//! there. And [`Output`]: what the command line prints, in the form its reader needs (a file
//! that Excel on Chinese Windows opens right, GBK for an older Excel).

use std::io::{self, Write};

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

/// How the command line's text is written where it goes. Chosen with `--encoding`; without it
/// [`encoding_for`] decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// GBK with Windows line ends (CRLF): for an older Excel, which reads nothing else.
    Gbk,
    /// UTF-8 as it is, lines ending in LF: for other programs, and as on Linux.
    Utf8,
    /// UTF-8 starting with a byte-order mark, with Windows line ends (CRLF): Excel and Notepad
    /// on Chinese Windows show it right.
    Utf8Bom,
}

/// What the standard output is, as far as the choice of [`Encoding`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StdoutKind {
    /// A terminal (a console window): it is shown, never opened by another program.
    Terminal,
    /// A pipe into another program (`… | findstr 王`).
    Pipe,
    /// A file on disk (`… > 名单.txt`).
    File,
    /// Anything else, or not known.
    Unknown,
}

/// The rule: a terminal shows text whatever its bytes, so it gets UTF-8 as it is (the Windows
/// console refuses other bytes); otherwise what `--encoding` chose; without a choice a file gets
/// UTF-8 with a byte-order mark and CRLF (a `名单.txt` or `.csv` that Excel on Chinese Windows
/// opens right), and a pipe gets plain UTF-8, as the program reading it expects.
pub fn encoding_for(kind: StdoutKind, chosen: Option<Encoding>) -> Encoding {
    match (kind, chosen) {
        (StdoutKind::Terminal, _) => Encoding::Utf8,
        (_, Some(chosen)) => chosen,
        (StdoutKind::File, None) => Encoding::Utf8Bom,
        (StdoutKind::Pipe | StdoutKind::Unknown, None) => Encoding::Utf8,
    }
}

/// What the standard output is. Only Windows tells a file apart: a Linux program writes plain
/// UTF-8 into a file, as every other Linux tool does, so there a file is `Unknown`.
pub fn stdout_kind() -> StdoutKind {
    #[cfg(windows)]
    {
        use windows_sys::Win32::Storage::FileSystem::{
            FILE_TYPE_CHAR, FILE_TYPE_DISK, FILE_TYPE_PIPE, GetFileType,
        };
        use windows_sys::Win32::System::Console::{GetStdHandle, STD_OUTPUT_HANDLE};
        // SAFETY: plain Win32 calls on this process's own standard handle; an invalid or
        // missing handle answers FILE_TYPE_UNKNOWN.
        let kind = unsafe { GetFileType(GetStdHandle(STD_OUTPUT_HANDLE)) };
        match kind {
            FILE_TYPE_CHAR => StdoutKind::Terminal,
            FILE_TYPE_PIPE => StdoutKind::Pipe,
            FILE_TYPE_DISK => StdoutKind::File,
            _ => StdoutKind::Unknown,
        }
    }
    #[cfg(not(windows))]
    {
        use std::io::IsTerminal;
        if std::io::stdout().is_terminal() {
            StdoutKind::Terminal
        } else {
            StdoutKind::Unknown
        }
    }
}

/// A character the chosen encoding has no code for: the output stops at the end of the line
/// before it, and the volunteer is told which character, on which line, and what to use instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unencodable {
    pub character: char,
    /// Counted from 1, as an editor shows it.
    pub line: u64,
}

impl std::fmt::Display for Unencodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "第 {} 行的“{}”(U+{:04X})在 GBK 里没有,从这一行起没有写出。\
             请改用 --encoding utf8-bom(Excel 2016 以后的版本和 WPS 都能打开)",
            self.line, self.character, self.character as u32
        )
    }
}

impl std::error::Error for Unencodable {}

/// The command line's standard output in the chosen [`Encoding`]: the BOM once before the
/// first byte, LF turned into CRLF (a CRLF already there is kept as it is), GBK made from the
/// UTF-8 the commands write. GBK goes out a whole line at a time: a character split across two
/// writes is whole by the line's end, and a character GBK lacks stops the output after the
/// last whole line, not halfway through a member. [`Output::finish`] writes the last line.
pub struct Output<W: Write> {
    inner: W,
    encoding: Encoding,
    /// Nothing written yet: the BOM (if any) is still to come.
    at_start: bool,
    /// The last byte taken was a CR, so a LF opening the next write gets no second one.
    after_cr: bool,
    /// GBK: the line taken but not written yet (UTF-8, line ends already CRLF).
    pending: Vec<u8>,
    /// GBK: the number of the line `pending` starts, counted from 1.
    line: u64,
}

impl<W: Write> Output<W> {
    pub fn new(inner: W, encoding: Encoding) -> Self {
        Self {
            inner,
            encoding,
            at_start: true,
            after_cr: false,
            pending: Vec::new(),
            line: 1,
        }
    }

    /// Ends the output: the last line (one without a line end) written, everything flushed.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.pending.is_empty() {
            let bytes = gbk(&self.pending, self.line)?;
            self.inner.write_all(&bytes)?;
            self.pending.clear();
        }
        self.inner.flush()?;
        Ok(self.inner)
    }

    /// `buf` with each LF that has no CR before it made CRLF, and whether it ends in a CR.
    fn with_crlf(&self, buf: &[u8]) -> (Vec<u8>, bool) {
        let mut text = Vec::with_capacity(buf.len() + buf.len() / 16 + 3);
        let mut after_cr = self.after_cr;
        for &byte in buf {
            if byte == b'\n' && !after_cr {
                text.push(b'\r');
            }
            text.push(byte);
            after_cr = byte == b'\r';
        }
        (text, after_cr)
    }
}

/// `text` (UTF-8 starting on line `line`) in GBK, or which character GBK lacks and where.
fn gbk(text: &[u8], line: u64) -> io::Result<Vec<u8>> {
    let text = std::str::from_utf8(text).map_err(|_| not_utf8())?;
    crate::data::csv_file::gbk(text).map_err(|character| {
        let before = text.split(character).next().unwrap_or_default();
        let line = line + before.matches('\n').count() as u64;
        io::Error::new(io::ErrorKind::InvalidData, Unencodable { character, line })
    })
}

/// Bytes that are not UTF-8 given to the output: a mistake of the program, not the volunteer's.
fn not_utf8() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "程序输出了不是 UTF-8 的文字,无法转换编码",
    )
}

// Each write either takes all of `buf` or, failing, changes nothing (as `Write` promises),
// apart from a failure of the file itself halfway.
impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        match self.encoding {
            Encoding::Utf8 => self.inner.write(buf),
            Encoding::Utf8Bom => {
                let (text, after_cr) = self.with_crlf(buf);
                if self.at_start {
                    self.inner.write_all(b"\xEF\xBB\xBF")?;
                    self.at_start = false;
                }
                self.inner.write_all(&text)?;
                self.after_cr = after_cr;
                Ok(buf.len())
            }
            Encoding::Gbk => {
                let (text, after_cr) = self.with_crlf(buf);
                let mut pending = self.pending.clone();
                pending.extend_from_slice(&text);
                let whole_lines = pending
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |at| at + 1);
                let (lines, rest) = pending.split_at(whole_lines);
                let bytes = gbk(lines, self.line)?;
                self.inner.write_all(&bytes)?;
                self.line += lines.iter().filter(|&&b| b == b'\n').count() as u64;
                self.pending = rest.to_vec();
                self.after_cr = after_cr;
                Ok(buf.len())
            }
        }
    }

    /// Flushes what is written; GBK's unfinished line too, as far as its characters are whole
    /// (a prompt waiting for an answer is seen).
    fn flush(&mut self) -> io::Result<()> {
        if self.encoding == Encoding::Gbk && !self.pending.is_empty() {
            let whole = match std::str::from_utf8(&self.pending) {
                Ok(_) => self.pending.len(),
                Err(error) => error.valid_up_to(),
            };
            let bytes = gbk(&self.pending[..whole], self.line)?;
            self.inner.write_all(&bytes)?;
            self.pending.drain(..whole);
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `writes` come to through an [`Output`] in `encoding`.
    fn through(encoding: Encoding, writes: &[&[u8]]) -> io::Result<Vec<u8>> {
        let mut output = Output::new(Vec::new(), encoding);
        for bytes in writes {
            output.write_all(bytes)?;
        }
        output.finish()
    }

    #[test]
    fn a_file_gets_the_bom_and_crlf_a_terminal_and_a_pipe_plain_text() {
        use Encoding::*;
        use StdoutKind::*;
        assert_eq!(encoding_for(File, None), Utf8Bom);
        assert_eq!(encoding_for(Pipe, None), Utf8);
        assert_eq!(encoding_for(Unknown, None), Utf8);
        assert_eq!(encoding_for(Terminal, None), Utf8);
        for chosen in [Gbk, Utf8, Utf8Bom] {
            assert_eq!(encoding_for(File, Some(chosen)), chosen);
            assert_eq!(encoding_for(Pipe, Some(chosen)), chosen);
            assert_eq!(encoding_for(Unknown, Some(chosen)), chosen);
            // The console shows characters, not bytes (and refuses what is not UTF-8).
            assert_eq!(encoding_for(Terminal, Some(chosen)), Utf8);
        }
    }

    #[test]
    fn the_bom_comes_once_before_the_first_byte_and_lines_end_in_crlf() {
        let out = through(Encoding::Utf8Bom, &[b"", "张三\t男\n".as_bytes(), b"b\n\n"]).unwrap();
        assert_eq!(out, "\u{feff}张三\t男\r\nb\r\n\r\n".as_bytes());
        assert!(out.starts_with(b"\xEF\xBB\xBF"));
        // Nothing printed, nothing written: not even the BOM.
        assert_eq!(through(Encoding::Utf8Bom, &[b""]).unwrap(), b"");
    }

    #[test]
    fn a_crlf_already_there_gets_no_second_cr_even_split_across_writes() {
        let out = through(Encoding::Utf8Bom, &[b"a\r\nb\r", b"\nc\n"]).unwrap();
        assert_eq!(out, b"\xEF\xBB\xBFa\r\nb\r\nc\r\n");
        let out = through(Encoding::Gbk, &[b"a\r", b"\n", b"\r\n"]).unwrap();
        assert_eq!(out, b"a\r\n\r\n");
        // A lone CR stays as it is.
        assert_eq!(through(Encoding::Gbk, &[b"a\rb"]).unwrap(), b"a\rb");
    }

    #[test]
    fn utf8_passes_through_unchanged() {
        let out = through(Encoding::Utf8, &["张三\n".as_bytes(), b"a\r\n"]).unwrap();
        assert_eq!(out, "张三\na\r\n".as_bytes());
    }

    #[test]
    fn gbk_of_zhang_san_and_a_character_split_across_two_writes() {
        assert_eq!(
            through(Encoding::Gbk, &["张三\n".as_bytes()]).unwrap(),
            b"\xD5\xC5\xC8\xFD\r\n"
        );
        // 张 is E5 BC A0 in UTF-8: its first byte in one write, the rest in the next.
        let zhang = "张".as_bytes();
        let out = through(Encoding::Gbk, &[&zhang[..1], &zhang[1..], "三".as_bytes()]).unwrap();
        assert_eq!(
            out, b"\xD5\xC5\xC8\xFD",
            "the last line, without a line end, at the finish"
        );
        // Byte by byte, as a writer may hand it over.
        let text = "H2024-0012\t王芳\t女\n";
        let bytes: Vec<&[u8]> = text.as_bytes().chunks(1).collect();
        let out = through(Encoding::Gbk, &bytes).unwrap();
        assert_eq!(
            out,
            crate::data::csv_file::gbk("H2024-0012\t王芳\t女\r\n").unwrap()
        );
    }

    #[test]
    fn gbk_goes_out_a_whole_line_at_a_time() {
        let mut output = Output::new(Vec::new(), Encoding::Gbk);
        output.write_all("王".as_bytes()).unwrap();
        assert_eq!(output.inner, b"", "half a line waits");
        output.write_all("芳\n李".as_bytes()).unwrap();
        assert_eq!(output.inner, b"\xCD\xF5\xB7\xBC\r\n");
        // A flush shows the unfinished line (a prompt), as far as its characters are whole.
        output.write_all(&"四".as_bytes()[..2]).unwrap();
        output.flush().unwrap();
        assert_eq!(output.inner, b"\xCD\xF5\xB7\xBC\r\n\xC0\xEE");
        output.write_all(&"四".as_bytes()[2..]).unwrap();
        assert_eq!(
            output.finish().unwrap(),
            b"\xCD\xF5\xB7\xBC\r\n\xC0\xEE\xCB\xC4"
        );
    }

    #[test]
    fn a_character_gbk_lacks_is_an_error_naming_it_and_its_line() {
        for (lacking, code) in [('𠮷', "U+20BB7"), ('😀', "U+1F600")] {
            let mut output = Output::new(Vec::new(), Encoding::Gbk);
            output.write_all("编号\t姓名\n".as_bytes()).unwrap();
            output.write_all("H2024-0001\t".as_bytes()).unwrap();
            let error = output
                .write_all(format!("{lacking}芳\n").as_bytes())
                .unwrap_err();
            let unencodable = error
                .get_ref()
                .and_then(|e| e.downcast_ref::<Unencodable>())
                .expect("an Unencodable");
            assert_eq!(
                unencodable,
                &Unencodable {
                    character: lacking,
                    line: 2
                }
            );
            let words = unencodable.to_string();
            assert!(
                words.contains(&format!("第 2 行的“{lacking}”({code})")),
                "{words}"
            );
            assert!(words.contains("--encoding utf8-bom"), "{words}");
            // The lines before it are out, none of the line holding it.
            assert_eq!(
                output.inner,
                crate::data::csv_file::gbk("编号\t姓名\r\n").unwrap()
            );
        }
        // Also when it is in the last line, written at the finish.
        let error = through(Encoding::Gbk, &["a\nb\n😀".as_bytes()]).unwrap_err();
        assert!(error.to_string().contains("第 3 行的“😀”"), "{error}");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_not_guessed() {
        assert!(through(Encoding::Gbk, &[b"\xFF\n"]).is_err());
        // Half a character at the very end.
        assert!(through(Encoding::Gbk, &[&"张".as_bytes()[..2]]).is_err());
    }
}
