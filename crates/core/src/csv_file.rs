//! CSV files for Excel: UTF-8 with a byte-order mark (without it Excel shows Chinese as
//! garbage), rows of any length, and no cell that a spreadsheet would run as a formula; and
//! text in GBK for the older Excel that reads nothing else.

use super::error::{Error, Result};
use std::borrow::Cow;
use std::path::Path;

pub fn write(path: &Path, records: &[Vec<String>]) -> Result<()> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        for record in records {
            let cells: Vec<Cow<'_, str>> = record.iter().map(|cell| neutralised(cell)).collect();
            writer
                .write_record(cells.iter().map(|cell| cell.as_bytes()))
                .map_err(|_| Error::Stored("整理 CSV 内容失败".into()))?;
        }
        writer
            .flush()
            .map_err(|e| Error::Stored(super::error::io_words(&e)))?;
    }
    super::files::write_private(path, &out)
        .map_err(|e| Error::Stored(format!("{}:{}", path.display(), super::error::io_words(&e))))
}

/// A cell that Excel, WPS or LibreOffice would read as a formula (it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return — a member named `=cmd|'/c calc'!A1`, say) gets a
/// `'` in front, so it is shown as the text it is; every other cell is written as it is.
pub fn neutralised(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// `text` in GBK (Windows' code page 936), for an older Excel that reads a file in the PC's own
/// encoding only. A character GBK has no code for (𠮷, an emoji) is the error, never a silent
/// `?`: the caller says which one.
pub fn gbk(text: &str) -> std::result::Result<Vec<u8>, char> {
    use encoding_rs::EncoderResult;
    let mut encoder = encoding_rs::GBK.new_encoder();
    let mut bytes = Vec::new();
    let mut rest = text;
    loop {
        let room = encoder
            .max_buffer_length_from_utf8_without_replacement(rest.len())
            .unwrap_or(rest.len());
        bytes.reserve(room);
        let (result, read) =
            encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut bytes, true);
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => return Ok(bytes),
            EncoderResult::OutputFull => continue,
            EncoderResult::Unmappable(character) => return Err(character),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_has_the_common_characters_and_names_the_first_it_lacks() {
        assert_eq!(gbk("张三\r\n").unwrap(), b"\xD5\xC5\xC8\xFD\r\n");
        assert_eq!(gbk("").unwrap(), b"");
        assert_eq!(gbk("H2024-0012 王芳 女").unwrap().len(), 18);
        assert_eq!(gbk("吉𠮷祥😀"), Err('𠮷'));
        assert_eq!(gbk("好😀"), Err('😀'));
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_written_as_text() {
        for formula in [
            "=cmd|'/c calc'!A1",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralised(formula), format!("'{formula}"));
        }
        for plain in [
            "王芳",
            "2026-11-21",
            "13812344321",
            "a=b",
            "",
            "'已经是文本",
        ] {
            assert_eq!(neutralised(plain), plain);
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write(
            &path,
            &[vec!["姓名".into()], vec!["=HYPERLINK(\"http://x\")".into()]],
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
        assert!(!text.lines().any(|l| l.starts_with('=')), "{text}");
    }
}
