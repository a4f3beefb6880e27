//! CSV files for Excel: UTF-8 with a byte-order mark (without it Excel shows Chinese as
//! garbage), rows of any length, and no cell that a spreadsheet would run as a formula.

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

#[cfg(test)]
mod tests {
    use super::*;

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
