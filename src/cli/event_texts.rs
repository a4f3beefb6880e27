//! `hongniang event texts ID KIND`: each guest's text of one kind (报名确认, 补上名额, 等待名单,
//! 活动提醒, 互选结果), shown with masked phones, or exported for an SMS platform with `-o`.

use super::CliError;
use crate::data::event_messages::TextKind;
use crate::data::{self, Actor, Db};
use std::io::Write;
use std::path::Path;

pub(super) fn texts(
    db: &Db,
    actor: &Actor,
    id: i64,
    kind: &str,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let kind = TextKind::parse(kind).ok_or_else(|| {
        CliError(format!(
            "“{kind}”是什么短信?可以是 {}",
            TextKind::ALL
                .iter()
                .map(|k| format!("{}({})", k.code(), k.label()))
                .collect::<Vec<_>>()
                .join("、")
        ))
    })?;
    if let Some(path) = output {
        let n = db.export_event_texts(actor, id, kind, path, data::today())?;
        writeln!(
            out,
            "{n} 条{}短信已导出到 {}(含完整手机号,已记入操作记录)",
            kind.label(),
            path.display()
        )?;
        return Ok(());
    }
    let texts = db.event_texts(id, kind, data::today())?;
    writeln!(out, "{}短信 {} 条", kind.label(), texts.len())?;
    for t in &texts {
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            t.badge,
            t.name,
            t.masked_phone(),
            t.text
        )?;
    }
    Ok(())
}
