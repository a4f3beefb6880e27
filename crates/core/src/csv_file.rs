//! CSV files for Excel: UTF-8 with a byte-order mark (without it Excel shows Chinese as
//! garbage), rows of any length.

use super::error::{Error, Result};
use std::path::Path;

pub fn write(path: &Path, records: &[Vec<String>]) -> Result<()> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        for record in records {
            writer
                .write_record(record)
                .map_err(|e| Error::Stored(e.to_string()))?;
        }
        writer.flush().map_err(|e| Error::Stored(e.to_string()))?;
    }
    std::fs::write(path, out).map_err(|e| Error::Stored(format!("{}:{e}", path.display())))
}
