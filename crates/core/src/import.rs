//! 导入旧登记册: the paper books typed into spreadsheets (`.xlsx`, `.xls`, `.ods`, `.csv` in
//! UTF-8 or GBK), read row by row the way volunteers typed them (`1990年5月`, `1米65`, `大学本科`
//! …), previewed with each row's problems before anything is written, then imported in one
//! transaction. Rows that cannot be imported are listed with their reason; probable
//! duplicates are skipped or merged, as the volunteer chooses.

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::members::{PhotoChange, insert_prepared, update_prepared};
use super::model::{
    Education, Gender, Hukou, MaritalStatus, MemberData, RegistrantRelation, YearMonth, choices,
    labelled_enum,
};
use super::parse;
use super::signin::Actor;
use super::spreadsheet::{self, Cells, Lines, Refusal};
use super::validate;
use chrono::NaiveDate;
use std::path::Path;

labelled_enum!(
    /// What a column of the spreadsheet holds.
    Target {
        Name = "name" / "姓名",
        Gender = "gender" / "性别",
        Birth = "birth" / "出生年月",
        Height = "height" / "身高",
        Weight = "weight" / "体重",
        Education = "education" / "学历",
        Phone = "phone" / "手机",
        Wechat = "wechat" / "微信",
        Marital = "marital" / "婚姻状况",
        Hukou = "hukou" / "户籍",
        District = "district" / "现居住区",
        NativePlace = "native_place" / "籍贯",
        Ethnicity = "ethnicity" / "民族",
        Occupation = "occupation" / "职业",
        Employer = "employer" / "工作单位",
        Income = "income" / "月收入",
        Housing = "housing" / "住房",
        Hobbies = "hobbies" / "兴趣爱好",
        SelfIntro = "self_intro" / "自我介绍",
        Preferences = "preferences" / "择偶要求",
        RegistrantName = "registrant_name" / "登记人",
        RegistrantRelation = "registrant_relation" / "登记人关系",
        RegistrantPhone = "registrant_phone" / "登记人电话",
        RegisteredOn = "registered_on" / "登记日期",
        Consent = "consent" / "知情同意",
        Book = "book" / "册号",
        Page = "page" / "页码",
        Notes = "notes" / "红娘备注",
    }
);

/// Header words recognised for each target (after removing spaces and punctuation).
const SYNONYMS: &[(Target, &[&str])] = &[
    (Target::Name, &["姓名", "名字", "会员姓名"]),
    (Target::Gender, &["性别"]),
    (
        Target::Birth,
        &[
            "出生年月",
            "出生日期",
            "生日",
            "出生年月日",
            "出生年份",
            "出生",
        ],
    ),
    (Target::Height, &["身高", "身高cm", "身高厘米"]),
    (Target::Weight, &["体重", "体重kg", "体重公斤"]),
    (Target::Education, &["学历", "文化程度", "最高学历"]),
    (
        Target::Phone,
        &[
            "手机",
            "电话",
            "联系电话",
            "手机号",
            "手机号码",
            "联系方式",
            "本人电话",
        ],
    ),
    (Target::Wechat, &["微信", "微信号"]),
    (Target::Marital, &["婚姻状况", "婚姻", "婚否", "婚史"]),
    (Target::Hukou, &["户籍", "户口", "户口所在地", "户籍所在地"]),
    (
        Target::District,
        &["现居住区", "居住区", "住址", "现住址", "居住地", "家庭住址"],
    ),
    (Target::NativePlace, &["籍贯"]),
    (Target::Ethnicity, &["民族"]),
    (Target::Occupation, &["职业", "工作", "岗位", "职务"]),
    (Target::Employer, &["工作单位", "单位", "单位名称"]),
    (Target::Income, &["月收入", "收入"]),
    (Target::Housing, &["住房", "住房情况", "房产"]),
    (Target::Hobbies, &["兴趣爱好", "爱好", "兴趣"]),
    (
        Target::SelfIntro,
        &["自我介绍", "个人介绍", "个人情况", "本人介绍"],
    ),
    (Target::Preferences, &["择偶要求", "择偶条件", "要求"]),
    (
        Target::RegistrantName,
        &["登记人", "家长", "家长姓名", "登记人姓名"],
    ),
    (
        Target::RegistrantPhone,
        &["登记人电话", "家长电话", "家长手机", "父母电话"],
    ),
    (
        Target::RegisteredOn,
        &["登记日期", "登记时间", "日期", "入会日期"],
    ),
    (Target::Consent, &["知情同意", "本人同意", "同意", "签字"]),
    (Target::Book, &["册号", "册", "登记册", "本号"]),
    (Target::Page, &["页码", "页", "页号"]),
    (
        Target::Notes,
        &[
            "红娘备注",
            "备注",
            "说明",
            "备注说明",
            "情况说明",
            "内部备注",
        ],
    ),
    (
        Target::RegistrantRelation,
        &["登记人关系", "与本人关系", "与会员关系", "关系"],
    ),
];

/// The columns whose cells may hold several lines; a line break anywhere else is a sign of a
/// broken file (a quote that swallowed the next rows).
const MULTI_LINE: &[Target] = &[
    Target::SelfIntro,
    Target::Preferences,
    Target::Notes,
    Target::Hobbies,
];

/// No cell of a register is longer (a 自我介绍 of a few thousand characters fits): a longer
/// one is the rest of a file swallowed by a quote, or a spreadsheet built to exhaust memory.
pub const CELL_MAX_CHARS: usize = 5000;
/// A quoted CSV cell spanning more lines than this is a quote left open, not a 自我介绍.
pub const QUOTED_CELL_MAX_LINES: usize = 8;
// The bounds of reading a spreadsheet are the reader's (spreadsheet.rs), shared here.
pub use super::spreadsheet::{
    CELL_READ_MAX_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_SHARED_STRINGS_BYTES,
    MAX_SHEET_PART_BYTES, MAX_TEXT_BYTES, MAX_UNZIPPED_BYTES, column_name,
};
/// A register of 10,000 members is a few MB in any format: a CSV is read whole.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// A header as a register or an online form wrote it, compared by its words alone: without the
/// question number ("1、", "Q3.", "第2题", "(4)"), the polite words ("您的", "请填写") and the
/// marks after it ("*", ":", "(必填)"); half-width, lower case.
pub fn question(header: &str) -> String {
    let text = parse::to_halfwidth(header);
    let mut rest = text.trim();
    if let Some(after) = rest.strip_prefix('第')
        && let Some(end) = after.find('题')
        && after[..end].chars().all(|c| c.is_ascii_digit())
    {
        rest = &after[end + '题'.len_utf8()..];
    }
    let unnumbered = rest
        .trim_start_matches(['Q', 'q', '(', '（'])
        .trim_start_matches(|c: char| c.is_ascii_digit());
    if unnumbered.len() < rest.len() {
        let after = unnumbered.trim_start_matches([')', '）', '、', '.', '．', ':', '：', ' ']);
        if after.len() < unnumbered.len() || unnumbered.is_empty() {
            rest = after;
        }
    }
    let mut key: String = rest
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    for polite in ["请问", "请填写", "请输入", "请选择", "您的", "你的"] {
        if let Some(after) = key.strip_prefix(polite) {
            key = after.to_string();
        }
    }
    for mark in ["必填", "选填"] {
        if let Some(before) = key.strip_suffix(mark) {
            key = before.to_string();
        }
    }
    key
}

fn header_key(text: &str) -> String {
    question(text)
}

/// The target a header names, if it is one of the known words.
pub fn guess(header: &str) -> Option<Target> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    SYNONYMS
        .iter()
        .find(|(_, words)| words.iter().any(|w| header_key(w) == key))
        .map(|(target, _)| *target)
}

/// A spreadsheet read into text: the header row and the rows under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub file_name: String,
    pub headers: Vec<String>,
    /// Each row with its line number in the file (1-based, as a spreadsheet shows it).
    pub rows: Vec<(usize, Vec<String>)>,
    /// What makes the file untrustworthy as read (an unclosed quote, a cell of thousands of
    /// characters), each naming its line: an import with any of these is refused.
    pub faults: Vec<Fault>,
    /// Lines of a CSV where bytes that are not text in its encoding were replaced by `�`: the
    /// rows holding them are not imported (their text is not what was typed).
    pub damaged_lines: Vec<usize>,
}

/// Something that makes a whole file untrustworthy, at the line of the file where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub line: usize,
    /// What is wrong and what to fix, in the volunteer's words (naming the line).
    pub text: String,
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Why a spreadsheet could not be read, in the volunteer's words (the reader's own are English).
const UNREADABLE: &str = "文件可能已损坏、设了打开密码,或其实不是这种格式的表格;可以在表格软件里打开它,另存为 .xlsx 后再导入";

fn refuse(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::Refused(format!("“{}”读不出来:{why}", path.display()))
}

/// Reads the first sheet with data of an `.xlsx`/`.xls`/`.ods` file, or a `.csv` file in
/// UTF-8 (with or without BOM) or GBK/GB18030.
pub fn read(path: &Path) -> Result<Table> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let size = std::fs::metadata(path)
        .map_err(|e| refuse(path, super::error::io_words(&e)))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(refuse(
            path,
            format!(
                "文件有 {} MB,登记册的文件不会这么大(最多 {} MB)。请删掉多余的内容,或分成几个文件再导入",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let mut damaged_lines = Vec::new();
    let (cells, faults) = match extension.as_str() {
        "csv" | "txt" => {
            let bytes =
                std::fs::read(path).map_err(|e| refuse(path, super::error::io_words(&e)))?;
            let decoded = decode(&bytes);
            damaged_lines = decoded.damaged_lines;
            read_csv(&decoded.text).map_err(|r| refusal(path, r))?
        }
        "xlsx" | "xlsm" | "xlsb" => (read_cells(path, extension == "xlsb")?, Vec::new()),
        "ods" => (
            nonempty(
                path,
                spreadsheet::read_ods(path).map_err(|r| refusal(path, r))?,
            )?,
            Vec::new(),
        ),
        "xls" => (read_sheet(path)?, Vec::new()),
        _ => {
            return Err(refuse(path, "只能导入 .xlsx、.xls、.ods 或 .csv 文件"));
        }
    };
    let mut table = into_table(file_name, cells);
    table.faults.extend(faults);
    table.faults.extend(long_cells(&table));
    table.damaged_lines = damaged_lines;
    Ok(table)
}

/// A CSV's text, and the lines where bytes had to be replaced by `�`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub damaged_lines: Vec<usize>,
}

/// Text from bytes: UTF-8 (a BOM is dropped) or GB18030 (a superset of GBK). One stray byte
/// does not make a UTF-8 file GB18030 (which would turn every Chinese header into mojibake):
/// the header rows decide when one reading names more known columns than the other, and
/// otherwise the share of the non-ASCII bytes that are valid UTF-8.
pub fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            damaged_lines: Vec::new(),
        };
    }
    // The lines where UTF-8 reading fails, and how much of the text it reads.
    let (mut valid_non_ascii, mut invalid) = (0usize, 0usize);
    let (mut line, mut damaged_lines) = (1usize, Vec::new());
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        valid_non_ascii += valid.bytes().filter(|b| !b.is_ascii()).count();
        line += valid.bytes().filter(|b| *b == b'\n').count();
        if !chunk.invalid().is_empty() {
            invalid += chunk.invalid().len();
            if damaged_lines.last() != Some(&line) {
                damaged_lines.push(line);
            }
        }
    }
    let header_end = memchr::memchr_iter(b'\n', bytes)
        .nth(HEADER_SEARCH_ROWS - 1)
        .unwrap_or(bytes.len());
    let header = &bytes[..header_end];
    let known = |text: &str| {
        text.lines()
            .map(|l| l.split(',').filter(|h| guess(h).is_some()).count())
            .max()
            .unwrap_or(0)
    };
    let as_utf8 = known(&String::from_utf8_lossy(header));
    let as_gb18030 = known(&encoding_rs::GB18030.decode(header).0);
    let utf8 = if as_utf8 != as_gb18030 {
        as_utf8 > as_gb18030
    } else {
        // Chinese text in GB18030 is almost never valid UTF-8: a file that mostly is, is.
        invalid.saturating_mul(UTF8_SHARE_FOR_A_STRAY_BYTE) <= valid_non_ascii
    };
    if utf8 {
        Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            damaged_lines,
        }
    } else {
        let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
        // GB18030 maps almost every byte sequence; where it does not, the lines are found
        // from the replacement characters.
        let damaged_lines = if had_errors {
            text.lines()
                .enumerate()
                .filter(|(_, l)| l.contains('\u{FFFD}'))
                .map(|(i, _)| i + 1)
                .collect()
        } else {
            Vec::new()
        };
        Decoded {
            text: text.into_owned(),
            damaged_lines,
        }
    }
}

/// How many of the first rows may hold titles above the header row.
const HEADER_SEARCH_ROWS: usize = 10;
/// A file whose non-ASCII bytes are valid UTF-8 at least this many times for each byte that is
/// not is UTF-8 with stray bytes, not GB18030.
const UTF8_SHARE_FOR_A_STRAY_BYTE: usize = 20;

/// The rows with the line each starts on (blank lines are skipped by the reader, and a quoted
/// cell may span lines, so the count of rows is not the line number), and the faults of the
/// file: an unclosed quote, rows swallowed into one cell. Linear in the size of the text.
fn read_csv(text: &str) -> std::result::Result<(Lines, Vec<Fault>), Refusal> {
    let mut faults = Vec::new();
    if let Some(line) = unclosed_quote(text) {
        let lines = text.lines().count();
        faults.push(Fault {
            line,
            text: format!(
                "第 {line} 行有一个引号(\")没有配对:从这一行到文件末尾的 {} 行会被读成一格。请在表格软件里改正这一格(去掉或配上引号)后再导入",
                lines.saturating_sub(line) + 1
            ),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut rows: Lines = Vec::new();
    let mut columns = 0;
    // Every cell costs its place, empty or not: bounded like a spreadsheet's cells.
    let mut cells = 0usize;
    for record in reader.records() {
        let record = record.map_err(|_| Refusal::Unreadable)?;
        // The reader's position is where it started reading, before any blank lines: count
        // the line breaks from there to the record's first character.
        let line = record.position().map_or(rows.len() + 1, |p| {
            let mut start = (p.byte() as usize).min(bytes.len());
            let mut line = p.line() as usize;
            while let Some(b) = bytes.get(start) {
                match b {
                    b'\n' => line += 1,
                    b'\r' => {}
                    _ => break,
                }
                start += 1;
            }
            line
        });
        if rows.is_empty() {
            columns = record.len();
        }
        faults.extend(swallowed_rows(&record, line, columns));
        cells += record.len();
        if rows.len() >= MAX_ROWS || cells > MAX_CELLS {
            return Err(Refusal::TooBig(format!(
                "表格太大:第 {line} 行以后还有内容,超出了登记册的范围(最多 {MAX_ROWS} 行、{MAX_CELLS} 个格子)。请删掉多余的内容,或分成几个文件再导入"
            )));
        }
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok((rows, faults))
}

/// A cell spanning lines that holds what reads as further rows of the file, or more lines than
/// any 自我介绍: a quote opened in it and closed rows later swallowed those rows. Said at the
/// line where the quote opened (the record's line plus the line breaks of the cells before).
fn swallowed_rows(record: &csv::StringRecord, line: usize, columns: usize) -> Option<Fault> {
    let mut opened = line;
    for (i, cell) in record.iter().enumerate() {
        let breaks = cell.matches('\n').count();
        if breaks == 0 {
            continue;
        }
        let rows_inside = cell
            .lines()
            .skip(1)
            .filter(|l| reads_as_a_row(l, columns))
            .count();
        if rows_inside > 0 || breaks + 1 > QUOTED_CELL_MAX_LINES {
            let closed = opened + breaks;
            let what = if rows_inside > 0 {
                format!("中间有 {rows_inside} 行看起来是别的会员的行,会被并进这一格、不被导入")
            } else {
                format!("一格里有 {} 行字,比一段自我介绍还长", breaks + 1)
            };
            return Some(Fault {
                line: opened,
                text: format!(
                    "第 {opened} 行第 {} 列开头的引号(\")到第 {closed} 行才配上:{what}。请在表格软件或记事本里找到第 {opened} 行这一格,去掉多打的引号(或在这一格的末尾补上引号),保存后再导入",
                    column_name(i)
                ),
            });
        }
        opened += breaks;
    }
    None
}

/// A line inside a cell that reads as a row of the register: as many commas as the header has
/// columns, or at least three comma-separated parts of which two read as a gender, a month of
/// birth or a mobile number (rows written without their trailing empty cells are short).
fn reads_as_a_row(text: &str, columns: usize) -> bool {
    let parts: Vec<&str> = text.split(',').collect();
    if parts.len() < 3 {
        return false;
    }
    if columns > 2 && parts.len() + 1 >= columns {
        return true;
    }
    let typical = parts
        .iter()
        .filter(|p| {
            let p = p.trim();
            let digits = parse::phone_digits(p);
            gender(p).is_some()
                || parse::year_month(p).is_some()
                || (digits.len() == 11 && digits.starts_with('1') && digits.len() + 2 >= p.len())
        })
        .count();
    typical >= 2
}

/// The line of a quote that opens a cell and is never closed, read as CSV reads it: a quote
/// opens only at the start of a cell, `""` inside is a quote, and the cell ends at the next
/// lone quote.
fn unclosed_quote(text: &str) -> Option<usize> {
    let mut line = 1;
    let mut opened_at = None;
    let mut at_cell_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (opened_at, c) {
            (Some(_), '"') if chars.peek() == Some(&'"') => {
                chars.next();
            }
            (Some(_), '"') => opened_at = None,
            (None, '"') if at_cell_start => opened_at = Some(line),
            _ => {}
        }
        if c == '\n' {
            line += 1;
        }
        at_cell_start = opened_at.is_none() && matches!(c, ',' | '\n' | '\r');
    }
    opened_at
}

/// Cells longer than any field of a registration.
fn long_cells(table: &Table) -> Vec<Fault> {
    let mut faults = Vec::new();
    for (line, row) in &table.rows {
        for (i, cell) in row.iter().enumerate() {
            let count = cell.chars().count();
            if count > CELL_MAX_CHARS {
                let header = table.headers.get(i).map_or("", String::as_str);
                faults.push(Fault {
                    line: *line,
                    text: format!(
                        "第 {line} 行第 {}{} 列有 {count} 个字,一格最多 {CELL_MAX_CHARS} 字:多半是引号没有配对,后面的行被并进了这一格",
                        column_name(i),
                        if header.is_empty() { String::new() } else { format!("({header})") }
                    ),
                });
            }
        }
    }
    faults
}

/// A cell's text as the register shows it (a whole number without `.0`, a date as a date).
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::DateTime(d) => d
            .as_datetime()
            .map(|d| d.date().to_string())
            .unwrap_or_else(|| cell.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// A spreadsheet's refusal in the volunteer's words.
fn refusal(path: &Path, refusal: Refusal) -> Error {
    match refusal {
        Refusal::Unreadable => refuse(path, UNREADABLE),
        Refusal::TooBig(why) => refuse(path, why),
    }
}

fn nonempty(path: &Path, lines: Lines) -> Result<Lines> {
    if lines.is_empty() {
        return Err(refuse(path, "里面没有数据"));
    }
    Ok(lines)
}

/// An `.xlsx`/`.xlsb` read cell by cell, so that a claimed range (a cell at XFD1048576) costs
/// nothing: only cells with something in them are kept, within the limits of [`Cells`]. The
/// zip is checked first ([`spreadsheet::check_zip`]): calamine holds the shared strings and
/// each cell's text whole.
fn read_cells(path: &Path, xlsb: bool) -> Result<Lines> {
    spreadsheet::check_zip(path).map_err(|r| refusal(path, r))?;
    without_panics(path, || read_cells_checked(path, xlsb))
}

/// calamine asserts on some damaged files instead of returning an error (the fuzzer found an
/// `.xls` whose last sector is short, now refused before by [`spreadsheet::check_xls`]): any
/// other such file is refused as damaged, not a crash.
fn without_panics(path: &Path, read: impl FnOnce() -> Result<Lines>) -> Result<Lines> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(refuse(path, UNREADABLE)))
}

fn read_cells_checked(path: &Path, xlsb: bool) -> Result<Lines> {
    use calamine::Reader;
    let mut cells = Cells::default();
    // The two formats' cell readers are different types with the same methods.
    macro_rules! read_first_sheet_with_data {
        ($format:ty) => {{
            let mut book: $format =
                calamine::open_workbook(path).map_err(|_| refuse(path, UNREADABLE))?;
            for name in book.sheet_names().to_vec() {
                let mut reader = book
                    .worksheet_cells_reader(&name)
                    .map_err(|_| refuse(path, UNREADABLE))?;
                while let Some(cell) = reader.next_cell().map_err(|_| refuse(path, UNREADABLE))? {
                    let (row, column) = cell.get_position();
                    let text = cell_text(&cell.get_value().clone().into());
                    cells
                        .keep(u64::from(row), u64::from(column), text)
                        .map_err(|r| refusal(path, r))?;
                }
                if !cells.is_empty() {
                    break;
                }
            }
        }};
    }
    if xlsb {
        read_first_sheet_with_data!(calamine::Xlsb<_>);
    } else {
        read_first_sheet_with_data!(calamine::Xlsx<_>);
    }
    nonempty(path, cells.into_lines())
}

/// An `.xls` read through calamine's range, once [`spreadsheet::check_xls`] has made sure the
/// ranges calamine sets aside are a register's size (the format itself allows 65,536 × 256 per
/// sheet, and calamine reads every sheet at once).
fn read_sheet(path: &Path) -> Result<Lines> {
    spreadsheet::check_xls(path).map_err(|r| refusal(path, r))?;
    without_panics(path, || read_sheet_checked(path))
}

fn read_sheet_checked(path: &Path) -> Result<Lines> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(path).map_err(|_| refuse(path, UNREADABLE))?;
    let names = workbook.sheet_names().to_vec();
    for name in names {
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        if range.is_empty() {
            continue;
        }
        // The range starts at the first row with data; lines are counted from the sheet's top.
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let mut cells = Cells::default();
        for (i, row) in range.rows().enumerate() {
            for (j, value) in row.iter().enumerate() {
                cells
                    .keep(
                        u64::from(first_row) + i as u64,
                        u64::from(first_column) + j as u64,
                        cell_text(value),
                    )
                    .map_err(|r| refusal(path, r))?;
            }
        }
        if !cells.is_empty() {
            return Ok(cells.into_lines());
        }
    }
    Err(refuse(path, "里面没有数据"))
}

/// The header row is the first one naming at least two known columns (titles above it, like
/// "上城区相亲登记册", are skipped); without one, the first row.
fn into_table(file_name: String, cells: Lines) -> Table {
    let header_at = cells
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|(_, row)| row.iter().filter(|h| guess(h).is_some()).count() >= 2)
        .unwrap_or(0);
    let mut rows = cells.into_iter().skip(header_at);
    let headers = rows
        .next()
        .map(|(_, h)| h.into_iter().map(|h| h.trim().to_string()).collect())
        .unwrap_or_default();
    Table {
        file_name,
        headers,
        rows: rows
            .filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
            .collect(),
        faults: Vec::new(),
        damaged_lines: Vec::new(),
    }
}

/// Which target each column goes to (`None`: not imported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping(pub Vec<Option<Target>>);

impl Mapping {
    /// Guessed from the headers; a target is given to its first column only.
    pub fn guess(headers: &[String]) -> Self {
        let mut taken = Vec::new();
        Mapping(
            headers
                .iter()
                .map(|h| {
                    let target = guess(h).filter(|t| !taken.contains(t));
                    if let Some(t) = target {
                        taken.push(t);
                    }
                    target
                })
                .collect(),
        )
    }

    fn column(&self, target: Target) -> Option<usize> {
        self.0.iter().position(|t| *t == Some(target))
    }
}

pub use super::parse::height_cm;

/// `55`, `55kg`, `55公斤`, `110斤` → kilograms.
pub fn weight_kg(text: &str) -> Option<u16> {
    let text = parse::to_halfwidth(text).to_lowercase().replace(' ', "");
    let number: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let value: f64 = number.parse().ok()?;
    let rest = &text[number.len()..];
    let kg = if rest.starts_with('斤') {
        value / 2.0
    } else {
        value
    };
    (kg.is_finite() && (0.0..=1000.0).contains(&kg)).then(|| kg.round() as u16)
}

/// The birth month, and whether only the year was given (then January is assumed).
/// `1990年5月`, `1990.5`, `1990-05-12`, `1990-05-12 00:00:00`, `199005`, `1990年`, `90年`.
pub fn birth(text: &str) -> Option<(YearMonth, bool)> {
    let text = parse::to_halfwidth(text);
    let text = text.trim();
    let date_part = text.split_whitespace().next().unwrap_or("");
    if let Some(month) = parse::year_month(date_part) {
        return Some((month, false));
    }
    let digits: String = date_part.chars().filter(char::is_ascii_digit).collect();
    let only_digits_and_year = date_part.chars().all(|c| c.is_ascii_digit() || c == '年');
    if !only_digits_and_year {
        return None;
    }
    let year: i32 = match digits.len() {
        4 => digits.parse().ok()?,
        2 => {
            let two: i32 = digits.parse().ok()?;
            if two > 30 { 1900 + two } else { 2000 + two }
        }
        _ => return None,
    };
    YearMonth::new(year, 1).map(|m| (m, true))
}

pub fn gender(text: &str) -> Option<Gender> {
    match parse::to_halfwidth(text).trim().to_lowercase().as_str() {
        "男" | "男性" | "m" | "male" | "先生" => Some(Gender::Male),
        "女" | "女性" | "f" | "female" | "女士" => Some(Gender::Female),
        _ => None,
    }
}

/// `本科`, `大学本科`, `全日制本科`, `研究生`, `大学专科`, `中专/技校` …
pub fn education(text: &str) -> Option<Education> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(exact) = Education::parse(text) {
        return Some(exact);
    }
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    Some(if has(&["博士"]) {
        Education::Doctorate
    } else if has(&["硕士", "研究生"]) {
        Education::Master
    } else if has(&["本科", "学士"]) {
        Education::Bachelor
    } else if has(&["大专", "专科", "高职"]) {
        Education::College
    } else if has(&["中专", "技校", "职高", "中技"]) {
        Education::Vocational
    } else if has(&["高中"]) {
        Education::HighSchool
    } else if has(&["初中", "小学", "文盲"]) {
        Education::JuniorOrBelow
    } else {
        return None;
    })
}

pub fn marital(text: &str) -> Option<MaritalStatus> {
    let text = text.trim();
    if let Some(exact) = MaritalStatus::parse(text) {
        return Some(exact);
    }
    if text.contains("丧偶") {
        Some(MaritalStatus::Widowed)
    } else if text.contains("离") {
        Some(MaritalStatus::Divorced)
    } else if text.contains("未婚") || text.contains("单身") || text == "否" {
        Some(MaritalStatus::Single)
    } else {
        None
    }
}

fn hukou(text: &str) -> Option<Hukou> {
    let text = text.trim();
    if text.is_empty() {
        None
    } else if text.contains("杭州") || text.contains("本地") || text.contains("本市") {
        Some(Hukou::Hangzhou)
    } else {
        Some(Hukou::Elsewhere)
    }
}

/// `上城` → `上城区` when it names one of the districts; anything else is kept as typed.
fn district(text: &str) -> String {
    let text = text.trim();
    choices::DISTRICTS
        .iter()
        .find(|d| !text.is_empty() && (d.starts_with(text) || text.contains(*d)))
        .map_or(text.to_string(), |d| d.to_string())
}

/// Words for a relative, longest first, with the relation they mean.
const KIN_WORDS: &[(&str, RegistrantRelation)] = &[
    ("父亲", RegistrantRelation::Father),
    ("爸爸", RegistrantRelation::Father),
    ("母亲", RegistrantRelation::Mother),
    ("妈妈", RegistrantRelation::Mother),
    ("外公", RegistrantRelation::Relative),
    ("外婆", RegistrantRelation::Relative),
    ("爷爷", RegistrantRelation::Relative),
    ("奶奶", RegistrantRelation::Relative),
    ("阿姨", RegistrantRelation::Relative),
    ("姨妈", RegistrantRelation::Relative),
    ("姨父", RegistrantRelation::Relative),
    ("舅舅", RegistrantRelation::Relative),
    ("舅妈", RegistrantRelation::Relative),
    ("姑姑", RegistrantRelation::Relative),
    ("姑妈", RegistrantRelation::Relative),
    ("姑父", RegistrantRelation::Relative),
    ("叔叔", RegistrantRelation::Relative),
    ("婶婶", RegistrantRelation::Relative),
    ("伯伯", RegistrantRelation::Relative),
    ("伯父", RegistrantRelation::Relative),
    ("伯母", RegistrantRelation::Relative),
    ("表姐", RegistrantRelation::Relative),
    ("表哥", RegistrantRelation::Relative),
    ("表妹", RegistrantRelation::Relative),
    ("表弟", RegistrantRelation::Relative),
    ("堂姐", RegistrantRelation::Relative),
    ("堂哥", RegistrantRelation::Relative),
    ("姐姐", RegistrantRelation::Relative),
    ("哥哥", RegistrantRelation::Relative),
    ("妹妹", RegistrantRelation::Relative),
    ("弟弟", RegistrantRelation::Relative),
    ("嫂子", RegistrantRelation::Relative),
    ("姐夫", RegistrantRelation::Relative),
    ("亲戚", RegistrantRelation::Relative),
    ("亲属", RegistrantRelation::Relative),
    ("家长", RegistrantRelation::Relative),
    ("家属", RegistrantRelation::Relative),
    ("父母", RegistrantRelation::Relative),
    ("朋友", RegistrantRelation::Relative),
    ("同事", RegistrantRelation::Relative),
];

/// One-character words, read only when they stand alone or in brackets ("王秀英(母)"), since
/// they are also parts of names.
const KIN_CHARS: &[(&str, RegistrantRelation)] = &[
    ("父", RegistrantRelation::Father),
    ("爸", RegistrantRelation::Father),
    ("母", RegistrantRelation::Mother),
    ("妈", RegistrantRelation::Mother),
    ("姨", RegistrantRelation::Relative),
    ("舅", RegistrantRelation::Relative),
    ("姑", RegistrantRelation::Relative),
    ("姐", RegistrantRelation::Relative),
    ("哥", RegistrantRelation::Relative),
];

/// Who registered the member, from a 登记人 cell as books have it: "本人", "自己", "母亲",
/// "妈妈", "阿姨", "母亲 王秀英", "王秀英(母)", "母:王秀英", or only a name. The relation, for
/// 其他亲属 the word used, and the name (empty when none was written).
pub fn registrant(text: &str) -> (RegistrantRelation, String, String) {
    let text = parse::to_halfwidth(text).trim().to_string();
    let own = [
        "本人",
        "自己",
        "自填",
        "本人登记",
        "本人自填",
        "自己登记",
        "本人来",
        "自己来",
    ];
    if text.is_empty() || own.contains(&text.as_str()) {
        return (RegistrantRelation::Own, String::new(), String::new());
    }
    let separators = |c: char| " ()[]【】::/,、-".contains(c) || c.is_whitespace();
    let kin_of = |word: &str, relation: RegistrantRelation| {
        if relation == RegistrantRelation::Relative {
            word.to_string()
        } else {
            String::new()
        }
    };
    let name_without = |word: &str| -> String {
        text.replacen(word, " ", 1)
            .split(separators)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("")
    };
    for (word, relation) in KIN_WORDS {
        if text.contains(word) {
            return (*relation, kin_of(word, *relation), name_without(word));
        }
    }
    let parts: Vec<&str> = text.split(separators).filter(|p| !p.is_empty()).collect();
    for (word, relation) in KIN_CHARS {
        if parts.contains(word) {
            let name = parts
                .iter()
                .filter(|p| *p != word)
                .copied()
                .collect::<String>();
            return (*relation, kin_of(word, *relation), name);
        }
    }
    (RegistrantRelation::Relative, String::new(), text)
}

fn yes(text: &str) -> bool {
    let text = parse::to_halfwidth(text).trim().to_lowercase();
    matches!(
        text.as_str(),
        "是" | "已签" | "已签字" | "同意" | "已同意" | "√" | "✓" | "y" | "yes" | "1" | "有"
    )
}

/// What will happen to one row.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Ready to import; notes about what was assumed.
    Ready {
        notes: Vec<String>,
    },
    /// Probably a member already registered (or an earlier row of the file).
    Duplicate {
        /// The existing member's id (`None`: an earlier row of this file).
        existing: Option<i64>,
        description: String,
    },
    Rejected {
        reasons: Vec<String>,
    },
}

/// One row as previewed.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub data: MemberData,
    /// "第 3 册 第 12 页 · 旧登记册.xlsx 第 5 行".
    pub source: String,
    pub outcome: Outcome,
    /// What the 择偶要求 column was read as ("年龄 25–30 岁,身高 160 厘米以上"); empty when
    /// nothing was read.
    pub wishes: String,
    /// Values to check, as (field, what): the member is imported marked 待核对.
    pub checks: Vec<(String, String)>,
}

/// How the members of a book without a 知情同意 column gave their consent: the volunteer says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookConsent {
    /// 纸质登记表上已签字同意: recorded as such, with the book as the source.
    SignedOnPaper,
    /// 待补签: imported, but shown to nobody else until a volunteer records the signature.
    ToSign,
}

impl BookConsent {
    pub const ALL: [BookConsent; 2] = [BookConsent::SignedOnPaper, BookConsent::ToSign];

    pub fn label(self) -> &'static str {
        match self {
            BookConsent::SignedOnPaper => "纸质登记表上已签字同意",
            BookConsent::ToSign => "待补签(签字前不给别人看、不做介绍)",
        }
    }
}

/// Where the consent of the rows comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentFrom {
    /// The file has a 知情同意 column.
    Column,
    /// No column: the volunteer chose.
    Chosen(BookConsent),
    /// No column and no choice yet: the import waits for it.
    ToChoose,
}

/// Every row of the file with what will happen to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub rows: Vec<Row>,
    pub consent: ConsentFrom,
    /// The file's faults ([`Table::faults`] and line breaks where there are none): while there
    /// is any, nothing is imported.
    pub faults: Vec<Fault>,
}

impl Preview {
    pub fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.rows.iter().filter(|r| f(&r.outcome)).count()
    }

    pub fn ready(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Ready { .. }))
    }

    pub fn duplicates(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Duplicate { .. }))
    }

    pub fn rejected(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Rejected { .. }))
    }

    /// Rows that will be imported marked 待核对.
    pub fn to_check(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Ready { .. }) && !r.checks.is_empty())
            .count()
    }

    /// Why nothing can be imported yet, if so.
    pub fn blocked(&self) -> Option<String> {
        if !self.faults.is_empty() {
            return Some(format!(
                "这份文件有 {} 处问题,整份不能导入(以免少了行自己还不知道):{}",
                self.faults.len(),
                self.faults
                    .iter()
                    .map(|f| f.text.as_str())
                    .collect::<Vec<_>>()
                    .join(";")
            ));
        }
        if let Some(why) = self.nothing_readable() {
            return Some(why);
        }
        (self.consent == ConsentFrom::ToChoose).then(|| {
            "这份表格没有“知情同意”一栏:请先选择“纸质登记表上已签字同意”或“待补签”".to_string()
        })
    }
}

impl Preview {
    /// When every row is refused, the file was most likely read wrong (an encoding taken for
    /// another turns the headers into mojibake; headers not recognised leave every row without
    /// a name): said as a failure of the whole file, not as an import of nothing.
    pub fn nothing_readable(&self) -> Option<String> {
        (!self.rows.is_empty() && self.rejected() == self.rows.len()).then(|| {
            format!(
                "全部 {} 行都不能导入,多半是文件的编码或列名不对:请看看认出的列名是不是乱码,“姓名”“性别”“出生年月”这几列认出来没有。列名是乱码时,请在表格软件里把文件另存为 .xlsx(或“CSV UTF-8”)后再导入;列名没认出时,请把表头改成 姓名、性别、出生年月、手机 这样的名字",
                self.rows.len()
            )
        })
    }
}

/// What to do with probable duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicates {
    Skip,
    /// Fill the existing member's empty fields from the row (nothing is overwritten).
    Merge,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub read: usize,
    pub imported: usize,
    pub merged: usize,
    pub skipped_duplicates: usize,
    pub rejected: usize,
    /// Imported with values to check (待核对).
    pub to_check: usize,
    /// Imported waiting for their signature (待补签).
    pub to_sign: usize,
}

impl Summary {
    /// What the import did, in the one wording of the window, the command line and the
    /// 操作记录: "读到 3 行,新登记 2 人,合并到已有会员 0 人,重复跳过 0 行,不能导入 1 行".
    pub fn counts(&self) -> String {
        format!(
            "读到 {} 行,新登记 {} 人,合并到已有会员 {} 人,重复跳过 {} 行,不能导入 {} 行",
            self.read, self.imported, self.merged, self.skipped_duplicates, self.rejected
        )
    }

    /// The members it left for a volunteer: "待核对 1 人、待补签 0 人".
    pub fn to_handle(&self) -> String {
        format!("待核对 {} 人、待补签 {} 人", self.to_check, self.to_sign)
    }

    /// Whether it left any member to check or to sign.
    pub fn leaves_work(&self) -> bool {
        self.to_check + self.to_sign > 0
    }
}

/// What reading one row found besides the data.
#[derive(Default)]
struct Found {
    /// Why the row cannot be imported.
    problems: Vec<String>,
    /// What was assumed.
    notes: Vec<String>,
    /// Values to check: (field, what).
    checks: Vec<(String, String)>,
    /// What 择偶要求 was read as.
    wishes: String,
    /// Line breaks where a field never has them, beyond repair.
    faults: Vec<Fault>,
}

/// The birth as a spreadsheet may have changed it: `1990.10` typed into a cell becomes the
/// number 1990.1, which reads as January.
fn spreadsheet_month(text: &str) -> bool {
    let text = text.trim();
    text.len() == 6 && text.ends_with(".1") && text[..4].chars().all(|c| c.is_ascii_digit())
}

/// A cell of a one-line field. A line break in it: a short cell is joined into one line (and
/// said); a long one is a sign of rows swallowed by a quote, and refuses the file.
fn one_line_cell(
    text: &str,
    target: Target,
    line: usize,
    repaired: &mut Vec<(Target, String)>,
    faults: &mut Vec<Fault>,
) -> String {
    if MULTI_LINE.contains(&target) || !text.contains(['\n', '\r']) {
        return text.to_string();
    }
    let breaks = text.matches('\n').count().max(1);
    if breaks <= 2 && text.chars().count() <= 100 {
        let joined = text
            .split(['\n', '\r'])
            .filter(|p| !p.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        repaired.push((target, joined.clone()));
        joined
    } else {
        faults.push(Fault {
            line,
            text: format!(
                "第 {line} 行“{}”一格里有 {} 行字,这一栏本来只有一行:多半是引号没有配对,后面的行被并进了这一格",
                target.label(),
                breaks + 1
            ),
        });
        String::new()
    }
}

/// Reads one row into the sheet's fields (nothing checked yet).
fn row_data(
    cells: &[String],
    line: usize,
    mapping: &Mapping,
    consent: ConsentFrom,
    today: NaiveDate,
    found: &mut Found,
) -> (MemberData, Option<String>, Option<String>) {
    let cell = |target: Target| -> &str {
        mapping
            .column(target)
            .and_then(|c| cells.get(c))
            .map_or("", |s| s.trim())
    };
    let mut repaired: Vec<(Target, String)> = Vec::new();
    let mut faults = Vec::new();
    let mut one_line =
        |target: Target| one_line_cell(cell(target), target, line, &mut repaired, &mut faults);
    let mut data = MemberData {
        name: one_line(Target::Name),
        ..MemberData::default()
    };
    read_person(&mut one_line, &mut data, found);
    data.hukou = hukou(&one_line(Target::Hukou));
    data.phone = parse::phone_digits(&one_line(Target::Phone));
    data.wechat = one_line(Target::Wechat);
    data.district = district(&one_line(Target::District));
    data.native_place = one_line(Target::NativePlace);
    data.ethnicity = one_line(Target::Ethnicity);
    data.occupation = one_line(Target::Occupation);
    data.employer = one_line(Target::Employer);
    data.income = one_line(Target::Income);
    data.housing = one_line(Target::Housing);
    data.hobbies = cell(Target::Hobbies).to_string();
    data.self_intro = cell(Target::SelfIntro).to_string();
    data.notes = cell(Target::Notes).to_string();
    let wishes = cell(Target::Preferences).to_string();
    if !wishes.is_empty() {
        let reading = super::wishes::read(&wishes, data.birth, data.gender, today);
        reading.apply(&mut data.preferences);
        found.wishes = reading.summary();
        for doubt in reading.doubts {
            found.checks.push(("择偶要求".into(), doubt));
        }
    }
    data.preferences.other = wishes;

    let written = one_line(Target::RegistrantName);
    let relation_cell = one_line(Target::RegistrantRelation);
    let registrant_phone = parse::phone_digits(&one_line(Target::RegistrantPhone));
    data.registrant = registrant_of(written, relation_cell, registrant_phone, found);

    data.registered_on = Some(registered_on(&one_line(Target::RegisteredOn), today, found));
    let consent_cell = matches!(consent, ConsentFrom::Column).then(|| one_line(Target::Consent));
    apply_consent(&mut data, consent, consent_cell, found);
    let book = one_line(Target::Book);
    let page = one_line(Target::Page);
    for (target, joined) in repaired {
        found.notes.push(format!(
            "“{}”一格里有换行,已合成一行:{joined}",
            target.label()
        ));
    }
    found.faults.extend(faults);
    (
        data,
        (!book.is_empty()).then_some(book),
        (!page.is_empty()).then_some(page),
    )
}

/// 性别, 出生年月, 身高, 体重, 学历 and 婚姻状况 of a row: what is not understood is a problem
/// (the first three) or a note, a doubtful value a check.
fn read_person(
    one_line: &mut dyn FnMut(Target) -> String,
    data: &mut MemberData,
    found: &mut Found,
) {
    let text = one_line(Target::Gender);
    data.gender = gender(&text);
    if data.gender.is_none() && !text.is_empty() {
        found.problems.push(format!("性别“{text}”看不懂"));
    }
    let text = one_line(Target::Birth);
    match birth(&text) {
        Some((month, year_only)) => {
            data.birth = Some(month);
            if year_only {
                found.checks.push((
                    "出生年月".into(),
                    format!("只写了出生年份“{text}”,月份按 1 月记"),
                ));
            } else if spreadsheet_month(&text) {
                found.checks.push((
                    "出生年月".into(),
                    format!(
                        "写作“{text}”,按 {} 年 1 月记;表格软件会把“{}0”存成“{text}”,请核对是 1 月还是 10 月",
                        month.year, text
                    ),
                ));
            }
        }
        None if !text.is_empty() => found.problems.push(format!("出生年月“{text}”看不懂")),
        None => {}
    }
    let text = one_line(Target::Height);
    data.height_cm = height_cm(&text);
    match data.height_cm {
        None if !text.is_empty() => found.problems.push(format!("身高“{text}”看不懂")),
        Some(cm) if !super::wishes::USUAL_HEIGHTS.contains(&cm) => found.checks.push((
            "身高".into(),
            format!("“{text}”读成 {cm} 厘米,不在 140–210 厘米之间,请核对"),
        )),
        _ => {}
    }
    let text = one_line(Target::Weight);
    data.weight_kg = weight_kg(&text);
    if data.weight_kg.is_none() && !text.is_empty() {
        found.notes.push(format!("体重“{text}”看不懂,没有导入"));
    }
    let text = one_line(Target::Education);
    data.education = education(&text);
    if data.education.is_none() && !text.is_empty() {
        found.notes.push(format!("学历“{text}”看不懂,没有导入"));
    }
    let text = one_line(Target::Marital);
    data.marital_status = marital(&text);
    if data.marital_status.is_none() && !text.is_empty() {
        found.notes.push(format!("婚姻状况“{text}”看不懂,没有导入"));
    }
}

/// Who registered the member, from the 登记人 cell (or a separate 关系 column) and their phone.
fn registrant_of(
    written: String,
    relation_cell: String,
    registrant_phone: String,
    found: &mut Found,
) -> super::model::Registrant {
    let (mut relation, mut kin, name) = registrant(&written);
    if !relation_cell.is_empty() {
        // A separate 关系 column says the relation; the 登记人 cell is then the name.
        let (r, k, _) = registrant(&relation_cell);
        relation = r;
        kin = k;
        if r == RegistrantRelation::Relative && kin.is_empty() {
            kin = relation_cell.chars().take(10).collect();
        }
    }
    if relation == RegistrantRelation::Own && !registrant_phone.is_empty() && written.is_empty() {
        relation = RegistrantRelation::Relative;
        found
            .notes
            .push("只有登记人电话,没写是谁,按其他亲属记".into());
    } else if relation == RegistrantRelation::Relative && kin.is_empty() && !name.is_empty() {
        found
            .notes
            .push(format!("登记人“{name}”没写是什么关系,按其他亲属记"));
    }
    super::model::Registrant {
        relation,
        kin,
        name: if relation_cell.is_empty() {
            name
        } else {
            written
        },
        phone: registrant_phone,
    }
}

/// The registration date of a row; today when the cell is empty or not understood (said).
fn registered_on(text: &str, today: NaiveDate, found: &mut Found) -> NaiveDate {
    let registered_on = parse::date(text.split_whitespace().next().unwrap_or(""))
        .or_else(|| {
            parse::year_month(text).and_then(|m| NaiveDate::from_ymd_opt(m.year, m.month, 1))
        })
        .filter(|d| *d <= today);
    if registered_on.is_none() && !text.is_empty() {
        found.notes.push(format!("登记日期“{text}”看不懂,按今天记"));
    }
    registered_on.unwrap_or(today)
}

/// The 知情同意 of a row: from its column, or as chosen for a book without one.
fn apply_consent(
    data: &mut MemberData,
    consent: ConsentFrom,
    consent_cell: Option<String>,
    found: &mut Found,
) {
    match consent {
        ConsentFrom::Column => {
            let text = consent_cell.unwrap_or_default();
            data.consent = yes(&text);
            if !data.consent {
                data.consent_pending = true;
                found.notes.push(format!(
                    "知情同意一栏{}:按“待补签”导入,签字前不给别人看",
                    if text.is_empty() {
                        "是空的".to_string()
                    } else {
                        format!("写的是“{text}”")
                    }
                ));
            }
        }
        ConsentFrom::Chosen(BookConsent::SignedOnPaper) => data.consent = true,
        ConsentFrom::Chosen(BookConsent::ToSign) | ConsentFrom::ToChoose => {
            data.consent_pending = true;
        }
    }
}

fn source(table: &Table, line: usize, book: Option<String>, page: Option<String>) -> String {
    let mut parts = Vec::new();
    if let Some(book) = book {
        parts.push(format!(
            "第 {} 册",
            book.trim_start_matches('第').trim_end_matches('册')
        ));
    }
    if let Some(page) = page {
        parts.push(format!(
            "第 {} 页",
            page.trim_start_matches('第').trim_end_matches('页')
        ));
    }
    parts.push(format!("{} 第 {line} 行", table.file_name));
    parts.join(" · ")
}

/// Every row with what will happen to it; nothing is written.
/// `consent` is the volunteer's choice for a book without a 知情同意 column (`None`: not
/// chosen yet; ignored when the file has the column).
pub fn preview(
    db: &Db,
    table: &Table,
    mapping: &Mapping,
    consent: Option<BookConsent>,
    today: NaiveDate,
) -> Result<Preview> {
    let consent = match (mapping.column(Target::Consent), consent) {
        (Some(_), _) => ConsentFrom::Column,
        (None, Some(choice)) => ConsentFrom::Chosen(choice),
        (None, None) => ConsentFrom::ToChoose,
    };
    let mut faults = table.faults.clone();
    let mut rows = Vec::with_capacity(table.rows.len());
    // Earlier ready rows of this file, by phone and by name + birth month.
    let mut phones = std::collections::HashMap::new();
    let mut names = std::collections::HashMap::new();
    for (i, (line, cells)) in table.rows.iter().enumerate() {
        let mut found = Found::default();
        let (mut data, book, page) = row_data(cells, *line, mapping, consent, today, &mut found);
        // The row runs up to the next row's line; a replaced byte in it is somewhere in its text.
        let next = table.rows.get(i + 1).map_or(usize::MAX, |(l, _)| *l);
        if let Some(damaged) = table
            .damaged_lines
            .iter()
            .find(|d| (*line..next).contains(*d))
        {
            found.problems.push(format!(
                "第 {damaged} 行有读不出的字(文件里有一处不是 UTF-8 文字的字节,显示成 �):请在表格软件里改正这一行后再导入它"
            ));
        }
        let source = source(table, *line, book, page);
        if data.consent {
            data.consent_source = format!("纸质登记表已签字({source})");
        }
        faults.append(&mut found.faults);
        let Found {
            mut problems,
            notes,
            checks,
            wishes,
            ..
        } = found;
        let prepared = validate::prepare(data.clone(), today);
        let outcome = match prepared {
            Err(errors) => {
                // "请填写性别" says nothing more when the gender was there but unreadable.
                let unreadable = |field: validate::Field| match field {
                    validate::Field::Gender => problems.iter().any(|p| p.starts_with("性别")),
                    validate::Field::Birth => problems.iter().any(|p| p.starts_with("出生年月")),
                    validate::Field::Height => problems.iter().any(|p| p.starts_with("身高")),
                    _ => false,
                };
                let more: Vec<String> = errors
                    .into_iter()
                    .filter(|e| !unreadable(e.field))
                    .map(|e| e.message)
                    .collect();
                problems.extend(more);
                Outcome::Rejected { reasons: problems }
            }
            Ok(_) if !problems.is_empty() => Outcome::Rejected { reasons: problems },
            Ok(prepared) => {
                let existing = db.find_duplicates(&prepared, None)?;
                let key = (prepared.name.clone(), prepared.birth);
                if let Some(found) = existing.first() {
                    Outcome::Duplicate {
                        existing: Some(found.id),
                        description: format!(
                            "可能已登记:{} {}({})",
                            found.name, found.number, found.birth
                        ),
                    }
                } else if let Some(earlier) = (!prepared.phone.is_empty())
                    .then(|| phones.get(&prepared.phone))
                    .flatten()
                    .or_else(|| names.get(&key))
                {
                    Outcome::Duplicate {
                        existing: None,
                        description: format!("与本文件第 {earlier} 行重复"),
                    }
                } else {
                    if !prepared.phone.is_empty() {
                        phones.insert(prepared.phone.clone(), *line);
                    }
                    names.insert(key, *line);
                    Outcome::Ready { notes }
                }
            }
        };
        rows.push(Row {
            line: *line,
            data,
            source,
            outcome,
            wishes,
            checks,
        });
    }
    Ok(Preview {
        rows,
        consent,
        faults,
    })
}

/// Fills the empty fields of `existing` from `row` (never overwrites what is there).
fn merged(mut existing: MemberData, row: &MemberData) -> MemberData {
    for (to, from) in [
        (&mut existing.wechat, &row.wechat),
        (&mut existing.district, &row.district),
        (&mut existing.native_place, &row.native_place),
        (&mut existing.ethnicity, &row.ethnicity),
        (&mut existing.occupation, &row.occupation),
        (&mut existing.employer, &row.employer),
        (&mut existing.income, &row.income),
        (&mut existing.housing, &row.housing),
        (&mut existing.hobbies, &row.hobbies),
        (&mut existing.self_intro, &row.self_intro),
        (&mut existing.notes, &row.notes),
        (&mut existing.phone, &row.phone),
    ] {
        if to.trim().is_empty() {
            to.clone_from(from);
        }
    }
    if existing.preferences.other.trim().is_empty() {
        existing
            .preferences
            .other
            .clone_from(&row.preferences.other);
    }
    existing.height_cm = existing.height_cm.or(row.height_cm);
    existing.weight_kg = existing.weight_kg.or(row.weight_kg);
    existing.education = existing.education.or(row.education);
    existing.marital_status = existing.marital_status.or(row.marital_status);
    existing.hukou = existing.hukou.or(row.hukou);
    existing
}

impl Db {
    /// Imports the previewed rows in one transaction: the ready ones, and the duplicates as
    /// chosen. `progress(done, total)` is told how far it is; answering `false` cancels and
    /// nothing is written.
    pub fn import(
        &mut self,
        preview: &Preview,
        duplicates: Duplicates,
        actor: &Actor,
        today: NaiveDate,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<Summary> {
        if let Some(why) = preview.blocked() {
            return Err(Error::Refused(why));
        }
        let author = actor.volunteer();
        let mut summary = Summary {
            read: preview.rows.len(),
            imported: 0,
            merged: 0,
            skipped_duplicates: 0,
            rejected: preview.rejected(),
            to_check: 0,
            to_sign: 0,
        };
        let tx = self.write()?;
        let total = preview.rows.len();
        for (done, row) in preview.rows.iter().enumerate() {
            if done % 200 == 0 && !progress(done, total) {
                return Err(Error::Cancelled);
            }
            match (&row.outcome, duplicates) {
                (Outcome::Ready { .. }, _) => {
                    let data =
                        validate::prepare(row.data.clone(), today).map_err(Error::Invalid)?;
                    let id = insert_prepared(&tx, &data, None, author, today)?;
                    tx.execute(
                        "UPDATE members SET source = ?1 WHERE id = ?2",
                        rusqlite::params![row.source, id],
                    )?;
                    audit::record(
                        &tx,
                        author,
                        audit::Kind::Import,
                        Some(id),
                        None,
                        None,
                        &format!("从旧登记册导入:{}", row.source),
                        None,
                    )?;
                    for (field, what) in &row.checks {
                        super::checks::add(&tx, id, field, what, today)?;
                    }
                    summary.to_check += usize::from(!row.checks.is_empty());
                    summary.to_sign += usize::from(data.consent_pending);
                    summary.imported += 1;
                }
                (
                    Outcome::Duplicate {
                        existing: Some(id), ..
                    },
                    Duplicates::Merge,
                ) => {
                    let existing = super::members::member_in(&tx, *id)?.data;
                    let data = validate::prepare(merged(existing.clone(), &row.data), today)
                        .map_err(Error::Invalid)?;
                    update_prepared(&tx, *id, &data, PhotoChange::Keep, author)?;
                    let (changes, what) = audit::diff(&existing, &data);
                    audit::record(
                        &tx,
                        author,
                        audit::Kind::Import,
                        Some(*id),
                        None,
                        None,
                        &format!("旧登记册补充({}):{what}", row.source),
                        Some(&changes),
                    )?;
                    summary.merged += 1;
                }
                (Outcome::Duplicate { .. }, _) => summary.skipped_duplicates += 1,
                (Outcome::Rejected { .. }, _) => {}
            }
        }
        if !progress(total, total) {
            return Err(Error::Cancelled);
        }
        audit::record(
            &tx,
            author,
            audit::Kind::Import,
            None,
            None,
            None,
            &format!("导入旧登记册:{};{}", summary.counts(), summary.to_handle()),
            None,
        )?;
        tx.commit()?;
        Ok(summary)
    }
}

/// The rows that were not imported, as a CSV (UTF-8 with BOM, so Excel shows the Chinese):
/// the line, the reason, then the row as it was.
pub fn write_errors(path: &Path, table: &Table, preview: &Preview) -> Result<usize> {
    // What refuses the whole file comes first, at its line, so the volunteer knows where to look.
    let faults = preview.faults.iter().map(|fault| {
        (
            fault.line,
            format!("整份文件不能导入:{}", fault.text),
            false,
        )
    });
    let rows = preview.rows.iter().filter_map(|row| {
        let reason = match &row.outcome {
            Outcome::Rejected { reasons } => reasons.join(";"),
            Outcome::Duplicate { description, .. } => description.clone(),
            Outcome::Ready { .. } => return None,
        };
        Some((row.line, reason, true))
    });
    write_rows_with_reasons(path, table, faults.chain(rows))
}

/// A CSV of rows of `table` with why each was left out: 行号, 原因, then the row's cells as read
/// (`with_cells` false: the line and reason alone). How many rows it holds.
pub(crate) fn write_rows_with_reasons(
    path: &Path,
    table: &Table,
    rows: impl Iterator<Item = (usize, String, bool)>,
) -> Result<usize> {
    let mut header = vec!["行号".to_string(), "原因".to_string()];
    header.extend(table.headers.iter().cloned());
    let cells: std::collections::HashMap<usize, &Vec<String>> =
        table.rows.iter().map(|(l, c)| (*l, c)).collect();
    let mut records = vec![header];
    for (line, reason, with_cells) in rows {
        let mut record = vec![line.to_string(), reason];
        if with_cells {
            record.extend(cells.get(&line).map_or(Vec::new(), |c| c.to_vec()));
        }
        records.push(record);
    }
    super::csv_file::write(path, &records)?;
    Ok(records.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heights_as_volunteers_typed_them() {
        for (text, cm) in [
            ("1米65", Some(165)),
            ("1米6", Some(160)),
            ("165cm", Some(165)),
            ("165厘米", Some(165)),
            ("1.65", Some(165)),
            ("1.65m", Some(165)),
            ("１６５", Some(165)),
            ("165", Some(165)),
            ("高", None),
            ("", None),
        ] {
            assert_eq!(height_cm(text), cm, "{text}");
        }
        assert_eq!(weight_kg("110斤"), Some(55));
        assert_eq!(weight_kg("55公斤"), Some(55));
    }

    #[test]
    fn births_education_and_the_rest() {
        let ym = |y, m| YearMonth::new(y, m).unwrap();
        assert_eq!(birth("1990年5月"), Some((ym(1990, 5), false)));
        assert_eq!(birth("1990.5"), Some((ym(1990, 5), false)));
        assert_eq!(birth("1990-05-12"), Some((ym(1990, 5), false)));
        assert_eq!(birth("1990-05-12 00:00:00"), Some((ym(1990, 5), false)));
        assert_eq!(birth("90年"), Some((ym(1990, 1), true)));
        assert_eq!(birth("1988"), Some((ym(1988, 1), true)));
        assert_eq!(birth("05年"), Some((ym(2005, 1), true)));
        assert_eq!(birth("八零后"), None);
        assert_eq!(education("全日制本科"), Some(Education::Bachelor));
        assert_eq!(education("大学本科"), Some(Education::Bachelor));
        assert_eq!(education("研究生"), Some(Education::Master));
        assert_eq!(education("大学专科"), Some(Education::College));
        assert_eq!(education("技校"), Some(Education::Vocational));
        assert_eq!(education("小学"), Some(Education::JuniorOrBelow));
        assert_eq!(marital("离婚"), Some(MaritalStatus::Divorced));
        assert_eq!(gender("女性"), Some(Gender::Female));
        assert_eq!(district("上城"), "上城区");
        assert_eq!(guess("联系电话"), Some(Target::Phone));
        assert_eq!(guess(" 出生 日期 "), Some(Target::Birth));
        assert_eq!(guess("身高(cm)"), Some(Target::Height));
    }

    #[test]
    fn gbk_and_bom_are_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,性别\n王芳,女\n");
        assert_eq!(decode(&gbk).text, "姓名,性别\n王芳,女\n");
        assert_eq!(decode("\u{feff}姓名".as_bytes()).text, "姓名");
    }
}
