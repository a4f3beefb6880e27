//! Spreadsheets read within bounds. A register is at most tens of thousands of rows and a few
//! dozen columns, so a file that claims more (a cell at XFD1048576, a column repeated 16,000
//! times, a zip part that inflates to gigabytes, a declared range of 4 billion rows) is refused
//! with the reason before it is held in memory. `.ods` is read here row by row; `.xlsx` and
//! `.xls` are checked here and then read by calamine (the `.xlsx` cell by cell).

use std::collections::BTreeMap;
use std::io::{BufReader, Read};
use std::path::Path;

/// A register has a few dozen columns (about 60 at most); a sheet claiming more is refused
/// before it is read.
pub const MAX_COLUMNS: usize = 200;
/// Five times the members a station has after years (about 10,000): refused beyond.
pub const MAX_ROWS: usize = 50_000;
/// Cells with something in them, over the whole sheet: 10,000 members × 60 columns is 600,000.
pub const MAX_CELLS: usize = 2_000_000;
/// A cell longer than this is refused while the spreadsheet is read (memory); one longer than
/// [`CELL_MAX_CHARS`](super::import::CELL_MAX_CHARS) is read and then refuses the import as a fault naming its line.
pub const CELL_READ_MAX_CHARS: usize = 50_000;
/// All the text kept from a sheet (10,000 members with long 自我介绍 are some tens of MB).
pub const MAX_TEXT_BYTES: usize = 128 * 1024 * 1024;
/// Any one part of an `.xlsx`/`.ods` (a sheet's XML) once unzipped.
pub const MAX_SHEET_PART_BYTES: u64 = 128 * 1024 * 1024;
/// An `.xlsx`'s shared strings once unzipped (calamine holds them all in memory).
pub const MAX_SHARED_STRINGS_BYTES: u64 = 64 * 1024 * 1024;
/// All the parts of an `.xlsx`/`.ods` once unzipped: inflating this much takes a few seconds.
pub const MAX_UNZIPPED_BYTES: u64 = 512 * 1024 * 1024;

/// `A`, `B` … `Z`, `AA`: a column as a spreadsheet names it.
pub fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        name.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    name.iter().rev().collect()
}

/// Why a spreadsheet was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a readable file of its kind (damaged, encrypted, another format).
    Unreadable,
    /// Readable, but beyond what a register holds: the reason, in the volunteer's words.
    TooBig(String),
}

/// Rows of cells, each with its line (1-based, as a spreadsheet shows it).
pub type Lines = Vec<(usize, Vec<String>)>;

const MB: u64 = 1024 * 1024;

/// The cells with something in them, kept within [`MAX_CELLS`] and [`MAX_TEXT_BYTES`].
#[derive(Default)]
pub struct Cells {
    rows: BTreeMap<u32, Vec<(u32, String)>>,
    count: usize,
    text_bytes: usize,
}

impl Cells {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Keeps one cell (0-based row and column), or says why the sheet is too big for a register.
    pub fn keep(&mut self, row: u64, column: u64, text: String) -> Result<(), Refusal> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let place = |row: u64, column: u64| {
            format!(
                "第 {} 行第 {} 列",
                row.saturating_add(1),
                column_name(usize::try_from(column).unwrap_or(usize::MAX).min(1 << 20))
            )
        };
        if column >= MAX_COLUMNS as u64 || row >= MAX_ROWS as u64 {
            return Err(Refusal::TooBig(format!(
                "表格太大:{}还有内容“{}”,超出了登记册的范围(最多 {MAX_COLUMNS} 列、{MAX_ROWS} 行)。请删掉表格右边或下面多余的内容后再导入",
                place(row, column),
                text.chars().take(20).collect::<String>()
            )));
        }
        if text.chars().count() > CELL_READ_MAX_CHARS {
            return Err(too_long(&place(row, column)));
        }
        self.count += 1;
        if self.count > MAX_CELLS {
            return Err(Refusal::TooBig(format!(
                "表格太大:第 {} 行以后还有内容,有内容的格子已超过 {MAX_CELLS} 个,登记册用不了这么多。请删掉多余的行、列,或分成几个文件再导入",
                row + 1
            )));
        }
        self.text_bytes += text.len();
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(Refusal::TooBig(format!(
                "表格里的字太多:到第 {} 行已超过 {} MB,登记册用不了这么多。请删掉多余的内容,或分成几个文件再导入",
                row + 1,
                MAX_TEXT_BYTES as u64 / MB
            )));
        }
        // Both bounded by MAX_ROWS and MAX_COLUMNS above.
        self.rows
            .entry(row as u32)
            .or_default()
            .push((column as u32, text));
        Ok(())
    }

    /// The rows in order, each as wide as its last cell with something in it.
    pub fn into_lines(self) -> Lines {
        self.rows
            .into_iter()
            .map(|(row, mut values)| {
                values.sort_by_key(|(c, _)| *c);
                let width = values.last().map_or(0, |(c, _)| *c as usize + 1);
                let mut line = vec![String::new(); width];
                for (c, text) in values {
                    line[c as usize] = text;
                }
                (row as usize + 1, line)
            })
            .collect()
    }
}

fn too_long(place: &str) -> Refusal {
    Refusal::TooBig(format!(
        "单元格文字超过 {CELL_READ_MAX_CHARS} 字:{place}一格里的字比任何登记项都长得多。请删掉或缩短这一格后再导入"
    ))
}

/// An `.xlsx`/`.xlsb`/`.ods` is a zip: every part is inflated once, counting, and the file is
/// refused when one part (the shared strings, a sheet) or all of them together inflate beyond
/// what a register needs. A few hundred megabytes at most, so this takes seconds at worst, and
/// what calamine then holds in memory is bounded by these sizes.
pub fn check_zip(path: &Path) -> Result<(), Refusal> {
    let file = std::fs::File::open(path).map_err(|_| Refusal::Unreadable)?;
    let mut archive =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|_| Refusal::Unreadable)?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|_| Refusal::Unreadable)?;
        let shared = part
            .name()
            .map_err(|_| Refusal::Unreadable)?
            .to_ascii_lowercase()
            .ends_with("sharedstrings.xml");
        let limit = if shared {
            MAX_SHARED_STRINGS_BYTES
        } else {
            MAX_SHEET_PART_BYTES
        };
        let size = std::io::copy(&mut (&mut part).take(limit + 1), &mut std::io::sink())
            .map_err(|_| Refusal::Unreadable)?;
        if size > limit {
            return Err(Refusal::TooBig(if shared {
                format!(
                    "表格里的文字太多:解压后超过 {} MB,登记册用不了这么多。请删掉多余的内容,或分成几个文件再导入",
                    limit / MB
                )
            } else {
                format!(
                    "表格太大:其中一部分解压后超过 {} MB,登记册用不了这么多。请删掉多余的行、列或工作表,或分成几个文件再导入",
                    limit / MB
                )
            }));
        }
        total += size;
        if total > MAX_UNZIPPED_BYTES {
            return Err(Refusal::TooBig(format!(
                "表格太大:解压后超过 {} MB,登记册用不了这么多。请删掉多余的工作表或内容,或分成几个文件再导入",
                MAX_UNZIPPED_BYTES / MB
            )));
        }
    }
    Ok(())
}

/// An `.ods` read row by row from its `content.xml`: the first sheet with something in it.
/// Repeated rows and columns (`number-rows-repeated`, `number-columns-repeated`, how
/// LibreOffice writes the empty space before a far cell) cost nothing unless they hold text.
pub fn read_ods(path: &Path) -> Result<Lines, Refusal> {
    use quick_xml::events::Event;
    check_zip(path)?;
    let file = std::fs::File::open(path).map_err(|_| Refusal::Unreadable)?;
    let mut archive =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|_| Refusal::Unreadable)?;
    let content = archive
        .by_name("content.xml")
        .map_err(|_| Refusal::Unreadable)?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut sheet = Sheet::default();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| Refusal::Unreadable)?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => sheet = Sheet::default(),
                "table:table-row" => sheet.start_row(repeats(&e, "table:number-rows-repeated")),
                "table:table-cell" | "table:covered-table-cell" => {
                    sheet.cell = Some(OdsCell::from(&e));
                }
                "office:annotation" => sheet.annotations += 1,
                "text:p" | "text:h" => sheet.paragraph(),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "table:table-row" => {
                    sheet.start_row(repeats(&e, "table:number-rows-repeated"));
                    sheet.end_row()?;
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    sheet.cell = Some(OdsCell::from(&e));
                    sheet.end_cell()?;
                }
                "text:s" => {
                    let spaces = repeats(&e, "text:c").min(CELL_READ_MAX_CHARS as u64 + 1);
                    sheet.push(&" ".repeat(spaces as usize))?;
                }
                "text:tab" => sheet.push("\t")?,
                "text:line-break" => sheet.push("\n")?,
                "text:p" | "text:h" => sheet.paragraph(),
                _ => {}
            },
            Event::Text(t) => sheet.push(&t)?,
            Event::CData(t) => sheet.push(&t)?,
            Event::GeneralRef(r) => {
                if let Some(text) = quick_xml::escape::resolve_xml_entity(&r) {
                    sheet.push(text)?;
                } else if let Ok(Some(c)) = r.resolve_char_ref() {
                    sheet.push(c.encode_utf8(&mut [0; 4]))?;
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => sheet.end_cell()?,
                "table:table-row" => sheet.end_row()?,
                "office:annotation" => sheet.annotations = sheet.annotations.saturating_sub(1),
                "table:table" if !sheet.cells.is_empty() => break,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(sheet.cells.into_lines())
}

/// `number-rows-repeated` and the like: at least 1, as the format says when absent.
fn repeats(e: &quick_xml::events::BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn attribute(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| a.value.into_owned())
}

/// One `.ods` sheet being read: where the reader is, and the cells kept so far.
#[derive(Default)]
struct Sheet {
    cells: Cells,
    row: u64,
    column: u64,
    row_repeats: u64,
    row_cells: Vec<(u64, String)>,
    cell: Option<OdsCell>,
    /// Inside a comment (`office:annotation`): its text is not the cell's.
    annotations: usize,
}

/// A cell being read: how often it repeats, its typed value, its shown text.
struct OdsCell {
    repeats: u64,
    value: Option<String>,
    text: String,
    paragraphs: usize,
}

impl OdsCell {
    fn from(e: &quick_xml::events::BytesStart<'_>) -> Self {
        let kind = attribute(e, "office:value-type").unwrap_or_default();
        // A number as stored (a phone kept as a number shows as 1.38E+10); a date as a date.
        let value = match kind.as_str() {
            "float" => attribute(e, "office:value").map(|v| match v.parse::<f64>() {
                Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
                _ => v,
            }),
            "date" => attribute(e, "office:date-value").map(|d| d.chars().take(10).collect()),
            _ => None,
        };
        OdsCell {
            repeats: repeats(e, "table:number-columns-repeated"),
            value,
            text: String::new(),
            paragraphs: 0,
        }
    }
}

impl Sheet {
    fn start_row(&mut self, repeats: u64) {
        self.row_repeats = repeats;
        self.column = 0;
        self.row_cells.clear();
    }

    fn paragraph(&mut self) {
        if self.annotations > 0 {
            return;
        }
        if let Some(cell) = &mut self.cell {
            if cell.paragraphs > 0 {
                cell.text.push('\n');
            }
            cell.paragraphs += 1;
        }
    }

    fn push(&mut self, text: &str) -> Result<(), Refusal> {
        if self.annotations > 0 {
            return Ok(());
        }
        let Some(cell) = &mut self.cell else {
            return Ok(());
        };
        cell.text.push_str(text);
        // Checked in bytes while reading (cheap), in characters when kept.
        if cell.text.len() > CELL_READ_MAX_CHARS * 4 {
            return Err(too_long(&format!(
                "第 {} 行第 {} 列",
                self.row + 1,
                column_name(self.column.min(1 << 20) as usize)
            )));
        }
        Ok(())
    }

    fn end_cell(&mut self) -> Result<(), Refusal> {
        let Some(cell) = self.cell.take() else {
            return Ok(());
        };
        let text = cell.value.unwrap_or(cell.text);
        if !text.trim().is_empty() {
            let end = self.column.saturating_add(cell.repeats);
            if end > MAX_COLUMNS as u64 {
                // Refused with the first column beyond the register's width.
                return self
                    .cells
                    .keep(self.row, self.column.max(MAX_COLUMNS as u64), text);
            }
            for column in self.column..end {
                self.row_cells.push((column, text.clone()));
            }
        }
        self.column = self.column.saturating_add(cell.repeats);
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), Refusal> {
        if !self.row_cells.is_empty() {
            // A repeated row with text is kept as often as it repeats, within the limits.
            for k in 0..self.row_repeats {
                for (column, text) in &self.row_cells {
                    self.cells
                        .keep(self.row.saturating_add(k), *column, text.clone())?;
                }
            }
        }
        self.row = self.row.saturating_add(self.row_repeats);
        self.row_cells.clear();
        Ok(())
    }
}

/// An `.xls` (a compound file whose `Workbook` stream is a list of BIFF records) checked before
/// calamine reads it, since calamine reads every sheet at once and sets aside room for each
/// sheet's declared range and for the rectangle around its cells. Refused when those add up
/// to more than [`MAX_CELLS`] over all the sheets (and every sheet record that points into the
/// stream counts, as calamine reads each).
pub fn check_xls(path: &Path) -> Result<(), Refusal> {
    // A compound file is whole sectors (512 or 4,096 bytes, as its header says); calamine fails
    // an assertion, a panic, on a last sector cut short.
    let mut header = [0u8; 512];
    let mut opened = std::fs::File::open(path).map_err(|_| Refusal::Unreadable)?;
    opened
        .read_exact(&mut header)
        .map_err(|_| Refusal::Unreadable)?;
    let sector = match u16::from_le_bytes([header[30], header[31]]) {
        9 => 512,
        12 => 4096,
        _ => return Err(Refusal::Unreadable),
    };
    let length = opened.metadata().map_err(|_| Refusal::Unreadable)?.len();
    if length % sector != 0 {
        return Err(Refusal::Unreadable);
    }
    let mut file = cfb::open(path).map_err(|_| Refusal::Unreadable)?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or(Refusal::Unreadable)?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .map_err(|_| Refusal::Unreadable)?
        .take(MAX_SHEET_PART_BYTES)
        .read_to_end(&mut stream)
        .map_err(|_| Refusal::Unreadable)?;
    // The sheets' positions (BoundSheet8), read from the workbook's own records.
    let mut starts = vec![0usize];
    for (kind, data) in Records::from(&stream, 0) {
        if kind == 0x0085 {
            // calamine indexes the record and the stream without checking (a panic):
            // a sheet record too short or pointing past the stream is a damaged file.
            let start = match data {
                [a, b, c, d, _, _, _, _, ..] => u32::from_le_bytes([*a, *b, *c, *d]) as usize,
                _ => return Err(Refusal::Unreadable),
            };
            if start > stream.len() {
                return Err(Refusal::Unreadable);
            }
            starts.push(start);
        }
        if kind == 0x000A {
            break;
        }
    }
    let shared = shared_string_sizes(&stream)?;
    let (mut claimed, mut text) = (0u64, 0u64);
    for start in starts {
        let extent = sheet_extent(&stream, start, &shared);
        text = text.saturating_add(extent.text);
        if text > MAX_TEXT_BYTES as u64 {
            return Err(Refusal::TooBig(format!(
                "表格里的字太多:各格引用的文字合起来超过 {} MB,登记册用不了这么多。请删掉多余的内容,在表格软件里另存为 .xlsx 后再导入",
                MAX_TEXT_BYTES as u64 / MB
            )));
        }
        claimed = claimed.saturating_add(extent.area());
        if claimed > MAX_CELLS as u64 {
            return Err(Refusal::TooBig(format!(
                "表格太大:{},登记册最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列。请删掉多余的内容或工作表,在表格软件里另存为 .xlsx 后再导入",
                extent.describe()
            )));
        }
    }
    Ok(())
}

/// BIFF records from a position: (type, data), ending at the stream's end or a broken record.
struct Records<'a> {
    stream: &'a [u8],
    at: usize,
}

impl<'a> Records<'a> {
    fn from(stream: &'a [u8], at: usize) -> Self {
        Records { stream, at }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let header = self.stream.get(self.at..self.at.checked_add(4)?)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = u16::from_le_bytes([header[2], header[3]]) as usize;
        let data = self.stream.get(self.at + 4..self.at + 4 + len)?;
        self.at += 4 + len;
        Some((kind, data))
    }
}

/// What one sheet of an `.xls` makes calamine hold: its declared range, its cells' rectangle,
/// and the text of the shared strings its cells copy.
#[derive(Default)]
struct Extent {
    declared: (u64, u64),
    first: Option<(u64, u64)>,
    last: (u64, u64),
    text: u64,
}

impl Extent {
    fn area(&self) -> u64 {
        let (rows, columns) = self.declared;
        let declared = rows.saturating_mul(columns);
        let cells = self.first.map_or(0, |(r, c)| {
            (self.last.0 - r + 1).saturating_mul(self.last.1 - c + 1)
        });
        declared.saturating_add(cells)
    }

    fn cell(&mut self, row: u64, column: u64) {
        let (r, c) = self.first.unwrap_or((row, column));
        self.first = Some((r.min(row), c.min(column)));
        self.last = (self.last.0.max(row), self.last.1.max(column));
    }

    fn describe(&self) -> String {
        match self.first {
            Some(_) if self.declared.0.saturating_mul(self.declared.1) < self.area() / 2 => {
                format!(
                    "第 {} 行第 {} 列还有内容",
                    self.last.0 + 1,
                    column_name(self.last.1 as usize)
                )
            }
            _ => format!(
                "文件声明的范围有 {} 行 × {} 列",
                self.declared.0, self.declared.1
            ),
        }
    }
}

/// The most bytes each string of the shared string table (SST) takes in memory once read,
/// walked as calamine walks it: the table's record and its CONTINUE records, a string's
/// characters running on into the next CONTINUE after a one-byte flag. calamine copies the
/// string for every cell that uses it, so 27 MB of cells using one 8,000-character string
/// would be 16 GB. A table calamine would stop on (or index past) refuses the file.
fn shared_string_sizes(stream: &[u8]) -> Result<Vec<u64>, Refusal> {
    let mut records = Records::from(stream, 0).skip_while(|(kind, _)| *kind != 0x00FC);
    let Some((_, first)) = records.next() else {
        return Ok(Vec::new());
    };
    let mut segments: std::collections::VecDeque<&[u8]> = records
        .take_while(|(kind, _)| *kind == 0x003C)
        .map(|(_, data)| data)
        .collect();
    let mut data = first.get(8..).ok_or(Refusal::Unreadable)?;
    // Moves on to the next CONTINUE when the current one is used up.
    fn next<'a>(segments: &mut std::collections::VecDeque<&'a [u8]>, data: &mut &'a [u8]) -> bool {
        match segments.pop_front() {
            Some(segment) => {
                *data = segment;
                true
            }
            None => false,
        }
    }
    let mut sizes = Vec::new();
    while !data.is_empty() || next(&mut segments, &mut data) {
        let [low, high, flags, rest @ ..] = data else {
            if data.is_empty() {
                sizes.push(0);
                continue;
            }
            return Err(Refusal::Unreadable);
        };
        let count = u16::from_le_bytes([*low, *high]) as usize;
        let mut wide = flags & 0x1 != 0;
        let (rich, extended) = (flags & 0x8 != 0, flags & 0x4 != 0);
        data = rest;
        let mut skip = 0usize;
        if rich {
            let [a, b, rest @ ..] = data else {
                return Err(Refusal::Unreadable);
            };
            skip += u16::from_le_bytes([*a, *b]) as usize * 4;
            data = rest;
        }
        if extended {
            let [a, b, c, d, rest @ ..] = data else {
                return Err(Refusal::Unreadable);
            };
            skip = skip.saturating_add(i32::from_le_bytes([*a, *b, *c, *d]) as usize);
            data = rest;
        }
        // UTF-16 units become at most 3 bytes of UTF-8, Latin-1 ones at most 2.
        sizes.push(count as u64 * 3);
        let mut left = count;
        loop {
            let width = if wide { 2 } else { 1 };
            let here = left.min(data.len() / width);
            data = &data[here * width..];
            left -= here;
            if left == 0 {
                break;
            }
            if !next(&mut segments, &mut data) {
                return Err(Refusal::Unreadable);
            }
            let [flag, rest @ ..] = data else {
                return Err(Refusal::Unreadable);
            };
            wide = flag & 0x1 != 0;
            data = rest;
        }
        while skip > 0 {
            if data.is_empty() && !next(&mut segments, &mut data) {
                return Err(Refusal::Unreadable);
            }
            let here = skip.min(data.len());
            data = &data[here..];
            skip -= here;
        }
    }
    Ok(sizes)
}

/// The extent of the sheet whose records start at `start`, read as calamine reads them.
fn sheet_extent(stream: &[u8], start: usize, shared: &[u64]) -> Extent {
    let mut extent = Extent::default();
    let u16_at = |d: &[u8], i: usize| {
        d.get(i..i + 2)
            .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]) as u64)
    };
    let u32_at = |d: &[u8], i: usize| {
        d.get(i..i + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64)
    };
    let mut bofs = 0;
    for (kind, data) in Records::from(stream, start) {
        match kind {
            0x0809 => bofs += 1,
            0x000A => {
                bofs -= 1;
                if bofs <= 0 {
                    break;
                }
            }
            // DIMENSIONS: calamine reserves room for (last - first + 1) rows × columns, in
            // 32-bit arithmetic that wraps when last < first: either way, what it claims.
            0x0200 => {
                let (first_row, last_row, first_column, last_column) = match data.len() {
                    10 => (
                        u16_at(data, 0),
                        u16_at(data, 2),
                        u16_at(data, 4),
                        u16_at(data, 6),
                    ),
                    14 | 16 => (
                        u32_at(data, 0),
                        u32_at(data, 4),
                        u16_at(data, 8),
                        u16_at(data, 10),
                    ),
                    _ => continue,
                };
                let first_column = if first_column > 0xFF || last_column < first_column {
                    0
                } else {
                    first_column
                };
                let span = |first: u64, last: u64| {
                    if last >= 1 {
                        (last - 1).wrapping_sub(first).wrapping_add(1) & 0xFFFF_FFFF
                    } else {
                        1
                    }
                };
                let rows = if last_row >= 1 && last_column >= 1 {
                    span(first_row, last_row)
                } else {
                    1
                };
                let columns = if last_row >= 1 && last_column >= 1 {
                    span(first_column, last_column)
                } else {
                    1
                };
                let area = rows.saturating_mul(columns);
                if area > extent.declared.0.saturating_mul(extent.declared.1) {
                    extent.declared = (rows, columns);
                }
            }
            // Cells with a value: NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if data.len() >= 4 => {
                extent.cell(u16_at(data, 0), u16_at(data, 2));
                if kind == 0x00FD {
                    let index = u32_at(data, 6) as usize;
                    extent.text = extent
                        .text
                        .saturating_add(shared.get(index).copied().unwrap_or(0));
                }
            }
            // MULRK: a row's run of numbers from a first column.
            0x00BD if data.len() >= 6 => {
                let row = u16_at(data, 0);
                let first = u16_at(data, 2);
                let count = (data.len() as u64 - 6) / 6;
                extent.cell(row, first);
                extent.cell(row, first + count.max(1) - 1);
                extent.cell(row, u16_at(data, data.len() - 2));
            }
            _ => {}
        }
    }
    extent
}
