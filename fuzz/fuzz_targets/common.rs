//! What the import targets share: the bytes as a file, read, guessed and previewed against an
//! empty station in memory.

use hongniang_core::{Db, import};

pub fn read_and_preview(bytes: &[u8], extension: &str) {
    let folder = std::env::temp_dir().join(format!("hongniang-fuzz-{}", std::process::id()));
    if std::fs::create_dir_all(&folder).is_err() {
        return;
    }
    let path = folder.join(format!("book.{extension}"));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let Ok(table) = import::read(&path) else {
        return;
    };
    // The preview writes nothing: one empty station serves every run.
    STATION.with(|db| {
        let Some(db) = db else { return };
        let mapping = import::Mapping::guess(&table.headers);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
        for consent in [None, Some(import::BookConsent::SignedOnPaper)] {
            if let Ok(preview) = import::preview(db, &table, &mapping, consent, today) {
                let _ = (preview.ready(), preview.rejected(), preview.blocked());
                if !table.faults.is_empty() {
                    assert!(preview.blocked().is_some(), "a file with faults is never importable");
                }
            }
        }
    });
}

thread_local! {
    static STATION: Option<Db> = Db::open_in_memory().ok();
}
