//! 合办与经费: partners with their places, cost lines by source, an enterprise's 订单式
//! request, the bad amounts refused, and the year's money in 统计 as summed by hand.

use chrono::NaiveDate;
use hongniang_core::event_partners::{Order, yuan_text};
use hongniang_core::events::{Arrival, EventData, Funding, PartnerKind};
use hongniang_core::model::{Gender, MemberData, YearMonth};
use hongniang_core::{Actor, Db, Error};

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn event(db: &mut Db, title: &str, on: NaiveDate) -> i64 {
    db.create_event(
        &Actor::terminal(),
        &EventData {
            title: title.into(),
            on_date: Some(on),
            places_men: 10,
            places_women: 10,
            ..EventData::default()
        },
    )
    .unwrap()
    .id
}

#[test]
fn partners_costs_and_orders_summed_per_year() {
    let mut db = Db::open_in_memory().unwrap();
    let actor = Actor::terminal();
    let qixi = event(&mut db, "七夕相亲交友会", d(2026, 8, 22));
    let spring = event(&mut db, "春季联谊", d(2026, 4, 18));
    let last_year = event(&mut db, "迎新年联谊会", d(2025, 12, 27));
    // Partners: a union and an enterprise with their places; the same name twice refused.
    db.add_event_partner(&actor, qixi, PartnerKind::Union, "上城区教育工会", 20)
        .unwrap();
    db.add_event_partner(
        &actor,
        qixi,
        PartnerKind::Enterprise,
        "浙江移动杭州分公司",
        15,
    )
    .unwrap();
    assert!(
        refused(db.add_event_partner(&actor, qixi, PartnerKind::Union, "上城区教育工会", 5))
            .contains("已经是")
    );
    assert!(
        refused(db.add_event_partner(&actor, qixi, PartnerKind::Other, "  ", 5)).contains("名称")
    );
    let partners = db.event_partners(qixi).unwrap();
    assert_eq!(partners.len(), 2);
    assert_eq!(
        (partners[1].kind, partners[1].places),
        (PartnerKind::Enterprise, 15)
    );
    // Money: typed as volunteers type it; a bad amount refused, nothing written.
    db.add_event_cost(&actor, qixi, Funding::Special, "8,000", "场地和茶点")
        .unwrap();
    db.add_event_cost(&actor, qixi, Funding::Enterprise, "4500.50元", "")
        .unwrap();
    assert!(
        refused(db.add_event_cost(&actor, qixi, Funding::Subsidy, "八百", "")).contains("看不懂")
    );
    db.add_event_cost(&actor, spring, Funding::Union, "1200", "")
        .unwrap();
    db.add_event_cost(&actor, last_year, Funding::Special, "3000", "")
        .unwrap();
    let costs = db.event_costs(qixi).unwrap();
    assert_eq!(costs.len(), 2);
    db.remove_event_cost(&actor, qixi, costs[1].id).unwrap();
    db.add_event_cost(&actor, qixi, Funding::Enterprise, "4000", "")
        .unwrap();
    // 订单式: the enterprise asked for it.
    db.set_event_order(
        &actor,
        qixi,
        &Order {
            by: "浙江移动杭州分公司".into(),
            for_whom: "本企业单身青年".into(),
            count: Some(30),
        },
    )
    .unwrap();
    assert_eq!(db.event_order(qixi).unwrap().count, Some(30));
    assert!(
        refused(db.set_event_order(
            &actor,
            spring,
            &Order {
                by: String::new(),
                for_whom: "单身青年".into(),
                count: None
            }
        ))
        .contains("哪家单位")
    );
    // Two guests came to the 七夕 evening.
    for (i, gender) in [Gender::Male, Gender::Female].into_iter().enumerate() {
        let m = db
            .insert_member(
                MemberData {
                    name: format!("嘉宾{i}"),
                    gender: Some(gender),
                    birth: YearMonth::new(1992, 3),
                    phone: format!("1390000000{i}"),
                    consent: true,
                    registered_on: Some(d(2026, 1, 5)),
                    ..MemberData::default()
                },
                None,
                &actor,
                d(2026, 1, 5),
            )
            .unwrap()
            .id;
        db.sign_up(&actor, qixi, m, false, d(2026, 8, 1)).unwrap();
        db.check_in(&actor, qixi, m, Some(Arrival::Arrived), d(2026, 8, 22))
            .unwrap();
    }
    // By hand: 2026 — 2 events, 1 with partners, 1 ordered; 专项 8,000, 企业 4,000, 工会 1,200;
    // 13,200 in all; 2 guests. 2025 — 1 event, 专项 3,000.
    let stats = db
        .stats(Some(d(2025, 1, 1)), Some(d(2026, 12, 31)), d(2026, 12, 1))
        .unwrap();
    let years = &stats.event_money;
    assert_eq!(years.len(), 2);
    let y2026 = &years[1];
    assert_eq!(y2026.year, 2026);
    assert_eq!(
        (y2026.events, y2026.with_partners, y2026.ordered),
        (2, 1, 1)
    );
    assert_eq!(y2026.by_source, [800_000, 400_000, 0, 120_000, 0]);
    assert_eq!(yuan_text(y2026.total_fen), "13,200 元");
    assert_eq!(y2026.attendees, 2);
    assert_eq!(
        y2026.per_guest().as_deref(),
        Some("每位到场嘉宾约 6,600 元")
    );
    assert_eq!(years[0].by_source[0], 300_000);
    // Each change is in the 操作记录.
    let log = db.audit_log(20).unwrap();
    assert!(
        log.iter()
            .any(|e| e.summary.contains("合办单位:上城区教育工会"))
    );
    assert!(
        log.iter()
            .any(|e| e.summary.contains("订单式活动:浙江移动杭州分公司提出"))
    );
}
