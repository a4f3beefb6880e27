//! `hongniang demo`: synthetic members for trying the program, tests and benchmarks.

use super::CliError;
use crate::data::{self, Db, demo};
use std::io::Write;
use std::path::Path;

/// Adds `members` synthetic members (the same `seed`, the same members), with a progress bar.
pub(super) fn demo(
    db: &mut Db,
    db_path: &Path,
    members: u64,
    seed: u64,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let bar = indicatif::ProgressBar::new(members);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 位会员 {elapsed_precise}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    demo::generate(db, members, seed, data::today(), &mut |done| {
        bar.set_position(done)
    })?;
    bar.finish_and_clear();
    writeln!(out, "已添加 {members} 位演示会员到 {}", db_path.display())?;
    Ok(())
}
