//! `hongniang event partner|cost|order|money …`: an event's co-organisers, money and 订单式
//! request on the command line, a thin front end over `data::event_partners`.

use super::CliError;
use crate::data::event_partners::{Order, yuan_text};
use crate::data::events::{Funding, PartnerKind};
use crate::data::{Actor, Db};
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct PartnerArgs {
    pub id: i64,
    /// 工会, 企业, 女职工委员会 or 其他单位.
    kind: String,
    name: String,
    /// Places the partner fills.
    #[arg(long, default_value_t = 0)]
    places: u32,
    /// Take this partner out instead.
    #[arg(long)]
    remove: bool,
}

#[derive(Debug, Args)]
pub struct CostArgs {
    pub id: i64,
    /// 专项经费, 企业出资, 补贴, 工会经费 or 其他.
    source: String,
    /// In yuan: 1200 or 1200.50.
    amount: String,
    /// What it paid for.
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Debug, Args)]
pub struct OrderArgs {
    pub id: i64,
    /// The enterprise (or unit) that asked for the event.
    #[arg(long = "by")]
    by: Option<String>,
    /// For whom: 本企业单身青年 ….
    #[arg(long = "for")]
    for_whom: Option<String>,
    #[arg(long)]
    count: Option<u32>,
    /// Not an ordered event after all.
    #[arg(long, conflicts_with_all = ["by", "for_whom", "count"])]
    clear: bool,
}

fn kind_of(text: &str) -> Result<PartnerKind, CliError> {
    PartnerKind::parse(text).ok_or_else(|| {
        CliError(format!(
            "“{text}”是什么单位?可以是 {}",
            PartnerKind::LABELS.join("、")
        ))
    })
}

pub(super) fn partner(
    db: &mut Db,
    actor: &Actor,
    args: PartnerArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if args.remove {
        let found = db
            .event_partners(args.id)?
            .into_iter()
            .find(|p| p.name == args.name.trim())
            .ok_or_else(|| CliError(format!("“{}”不是这场活动的合办单位", args.name)))?;
        db.remove_event_partner(actor, args.id, found.id)?;
        writeln!(out, "已去掉合办单位:{}", found.name)?;
        return Ok(());
    }
    let added = db.add_event_partner(
        actor,
        args.id,
        kind_of(&args.kind)?,
        &args.name,
        args.places,
    )?;
    writeln!(out, "已加合办单位:{}({})", added.name, added.kind.label())?;
    Ok(())
}

pub(super) fn cost(
    db: &mut Db,
    actor: &Actor,
    args: CostArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let source = Funding::parse(&args.source).ok_or_else(|| {
        CliError(format!(
            "“{}”是什么经费?可以是 {}",
            args.source,
            Funding::LABELS.join("、")
        ))
    })?;
    let cost = db.add_event_cost(actor, args.id, source, &args.amount, &args.note)?;
    writeln!(
        out,
        "已记下:{} {}",
        cost.source.label(),
        yuan_text(cost.amount_fen)
    )?;
    Ok(())
}

pub(super) fn order(
    db: &mut Db,
    actor: &Actor,
    args: OrderArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let mut order = if args.clear {
        Order::default()
    } else {
        db.event_order(args.id)?
    };
    if let Some(by) = args.by {
        order.by = by;
    }
    if let Some(for_whom) = args.for_whom {
        order.for_whom = for_whom;
    }
    if args.count.is_some() {
        order.count = args.count;
    }
    db.set_event_order(actor, args.id, &order)?;
    writeln!(
        out,
        "{}",
        if order.is_empty() {
            "已取消订单式活动的记录"
        } else {
            "订单式活动已记下"
        }
    )?;
    Ok(())
}

/// `event money`: the partners, the money and the order of one event.
pub(super) fn money(db: &Db, id: i64, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let partners = db.event_partners(id)?;
    let costs = db.event_costs(id)?;
    let order = db.event_order(id)?;
    if json {
        serde_json::to_writer_pretty(
            &mut *out,
            &serde_json::json!({ "partners": partners, "costs": costs, "order": order }),
        )?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "合办单位 {} 家", partners.len())?;
    for p in &partners {
        writeln!(out, "  {}({})名额 {} 位", p.name, p.kind.label(), p.places)?;
    }
    let total: i64 = costs.iter().map(|c| c.amount_fen).sum();
    writeln!(out, "经费 {} 笔,合计 {}", costs.len(), yuan_text(total))?;
    for c in &costs {
        writeln!(
            out,
            "  {} {} {}",
            c.source.label(),
            yuan_text(c.amount_fen),
            c.note
        )?;
    }
    if !order.is_empty() {
        writeln!(
            out,
            "订单式活动:{}提出,为{},{}",
            order.by,
            order.for_whom,
            order.count.map_or("人数未定".into(), |n| format!("{n} 人"))
        )?;
    }
    Ok(())
}
