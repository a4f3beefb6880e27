//! `hongniang search` and `hongniang pair`: 查询 and 配对 on the command line, with 查询's
//! conditions (`QueryArgs`) that `event invite` and `district search` share.

use super::CliError;
use crate::data::model::mask_phone;
use crate::data::{self, Actor, Db};
use clap::Args;
use std::io::Write;

/// 查询's conditions on the command line, shared by `search` and `event invite`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Name, pinyin (zxm), phone digits, member number or a word of occupation/employer/self-introduction.
    pub(crate) query: Option<String>,
    /// 男 or 女 (male/female).
    #[arg(long)]
    pub(crate) gender: Option<String>,
    /// Age range, e.g. 28-35 (or 28- / -35).
    #[arg(long, value_name = "A-B")]
    pub(crate) age: Option<String>,
    /// Height range in cm, e.g. 160-175.
    #[arg(long, value_name = "A-B")]
    pub(crate) height: Option<String>,
    /// Minimum education, e.g. 本科.
    #[arg(long)]
    pub(crate) education: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub(crate) conditions: QueryArgs,
    /// 在册, 暂停, 已婚 or 退出.
    #[arg(long)]
    pub(super) status: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub(super) limit: usize,
    #[arg(long)]
    pub(super) json: bool,
}

#[derive(Debug, Args)]
pub struct PairArgs {
    /// The member number, e.g. 2024-0012.
    number: String,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

/// `28-35`, `28-`, `-35` or `30`.
pub(super) fn range(text: &str, what: &str) -> Result<(Option<u16>, Option<u16>), CliError> {
    let bad = || CliError(format!("{what}范围写法不对:“{text}”,应写成 28-35"));
    let number = |part: &str| data::parse::whole_number(part).map_err(|_| bad());
    match text.split_once('-') {
        Some((from, to)) => Ok((number(from)?, number(to)?)),
        None => {
            let value = number(text)?;
            if value.is_none() {
                return Err(bad());
            }
            Ok((value, value))
        }
    }
}

/// 查询's conditions as the command line gives them, with a status when one was asked for.
pub(super) fn query_of(
    args: &QueryArgs,
    status: Option<&String>,
) -> Result<data::search::Query, CliError> {
    use crate::data::model::{Education, Gender, MemberStatus};
    use crate::data::search::Query;
    fn parsed<T>(
        value: Option<&String>,
        parse: fn(&str) -> Option<T>,
        what: &str,
    ) -> Result<Option<T>, CliError> {
        value
            .map(|v| parse(v).ok_or_else(|| CliError(format!("不认识的{what}:“{v}”"))))
            .transpose()
    }
    let (age_min, age_max) = args
        .age
        .as_deref()
        .map(|a| range(a, "年龄"))
        .transpose()?
        .unwrap_or_default();
    let (height_min, height_max) = args
        .height
        .as_deref()
        .map(|h| range(h, "身高"))
        .transpose()?
        .unwrap_or_default();
    let query = Query {
        text: args.query.clone().unwrap_or_default(),
        gender: parsed(args.gender.as_ref(), Gender::parse, "性别")?,
        age_min,
        age_max,
        height_min,
        height_max,
        education_min: parsed(args.education.as_ref(), Education::parse, "学历")?,
        status: parsed(status, MemberStatus::parse, "状态")?,
        ..Query::default()
    };
    Ok(query)
}

/// `search`: the members found, as lines or JSON.
pub(super) fn search(
    db: &Db,
    actor: &Actor,
    full: bool,
    args: SearchArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::data::search::SearchIndex;
    let query = query_of(&args.conditions, args.status.as_ref())?;
    let index = SearchIndex::build(db)?;
    let results = index.search(&query, data::today());
    let mut rows: Vec<_> = results
        .positions
        .iter()
        .take(args.limit)
        .map(|&p| index.summary(p))
        .collect();
    if full {
        db.reveal_contacts_of_many(actor, rows.len(), "命令行的查询结果")?;
    } else {
        for row in &mut rows {
            row.phone = mask_phone(&row.phone);
        }
    }
    if args.json {
        serde_json::to_writer_pretty(
            &mut *out,
            &serde_json::json!({ "total": results.len(), "members": rows }),
        )?;
        writeln!(out)?;
    } else {
        writeln!(out, "找到 {} 位会员", results.len())?;
        for m in &rows {
            writeln!(
                out,
                "{}\t{}\t{}\t{}岁\t{}\t{}\t{}",
                m.number,
                m.name,
                m.gender.label(),
                m.birth.age_on(data::today()),
                m.occupation,
                m.phone,
                m.status.label()
            )?;
        }
    }
    Ok(())
}

/// `pair`: the ranked candidates, the near misses and what widening the wishes would add.
pub(super) fn pair(
    db: &Db,
    actor: &Actor,
    full: bool,
    args: PairArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::data::pairing::{self, Candidate, PairingIndex};
    let PairArgs {
        number,
        limit,
        json,
    } = args;
    let member = db.member_by_number(&number)?;
    let index = PairingIndex::build(db)?;
    let today = data::today();
    let mut pairing = pairing::pair(db, &index, member.id, today, limit)?;
    // The text shows no contacts; only the JSON can.
    if full && json {
        let shown = pairing.candidates.len() + pairing.near_misses.len();
        db.reveal_contacts_of_many(actor, shown, "命令行的配对结果")?;
    } else {
        for candidate in pairing
            .candidates
            .iter_mut()
            .chain(&mut pairing.near_misses)
        {
            if let Some(summary) = &mut candidate.summary {
                summary.phone = mask_phone(&summary.phone);
            }
        }
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &pairing)?;
        writeln!(out)?;
        return Ok(());
    }
    let print = |out: &mut dyn Write, rank: usize, c: &Candidate| -> Result<(), CliError> {
        let Some(s) = &c.summary else { return Ok(()) };
        writeln!(
            out,
            "{rank:>3}. {} {} {}岁 {} {} {}  匹配度 {}",
            s.number,
            s.name,
            s.birth.age_on(today),
            s.height_cm.map(|h| format!("{h}cm")).unwrap_or_default(),
            s.education.map_or("", |e| e.label()),
            s.occupation,
            c.score
        )?;
        for check in c.for_member.iter().chain(&c.for_candidate) {
            writeln!(out, "       {}", check_line(check))?;
        }
        if !c.highlights.is_empty() {
            writeln!(out, "       + {}", c.highlights.join(";"))?;
        }
        Ok(())
    };
    writeln!(
        out,
        "{} {}:符合双方要求 {} 人(可介绍的异性在册会员 {} 人)",
        member.number, member.data.name, pairing.fit_count, pairing.pool
    )?;
    let excluded = pairing.excluded.describe();
    if !excluded.is_empty() {
        writeln!(out, "不推荐:{excluded}")?;
    }
    if pairing.member_busy {
        writeln!(out, "注意:{}目前有进行中的牵线", member.data.name)?;
    }
    for (i, c) in pairing.candidates.iter().enumerate() {
        print(out, i + 1, c)?;
    }
    if pairing.few_fit() && !pairing.near_misses.is_empty() {
        writeln!(
            out,
            "\n差一条要求的 {} 人(前 {} 位):",
            pairing.near_miss_count,
            pairing.near_misses.len()
        )?;
        for (i, c) in pairing.near_misses.iter().enumerate() {
            print(out, i + 1, c)?;
        }
    }
    for w in &pairing.widenings {
        writeln!(out, "{},多 {} 人", w.change, w.more)?;
    }
    Ok(())
}

/// One requirement's verdict as a line: "✓ 她要求170-185cm,他 172 cm", "✗ …(差 3 cm)".
pub(super) fn check_line(check: &crate::data::pairing::Check) -> String {
    format!("{} {}", check.verdict.symbol(), check.full_text())
}
