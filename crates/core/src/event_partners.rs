//! 合办与经费: who organises an event with the station (unions, enterprises, a 女职工委员会) and
//! the places each brings; what it cost and where the money came from (专项经费, 企业出资, 补贴,
//! 工会经费); an enterprise's 订单式 request (who asked, for whom, how many). Recorded at any time
//! (the money is often settled after the day), each change in the 操作记录; summed per year in
//! 统计 ([`Db::event_money`]).

use super::audit;
use super::db::Db;
use super::error::{Error, Result};
use super::events::{Funding, PartnerKind};
use super::now_text;
use super::parse;
use super::signin::Actor;
use rusqlite::params;
use serde::Serialize;

/// The most one cost line can be: ¥10,000,000 (a typing slip beyond).
pub const MAX_YUAN: i64 = 10_000_000;

/// A co-organiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partner {
    pub id: i64,
    pub kind: PartnerKind,
    pub name: String,
    /// Places the partner fills (0: not said).
    pub places: u32,
}

/// A cost line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cost {
    pub id: i64,
    pub source: Funding,
    /// In fen (1/100 yuan).
    pub amount_fen: i64,
    pub note: String,
}

/// An enterprise's 订单式 request: who asked, for whom, how many guests.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Order {
    pub by: String,
    pub for_whom: String,
    pub count: Option<u32>,
}

impl Order {
    pub fn is_empty(&self) -> bool {
        self.by.trim().is_empty() && self.for_whom.trim().is_empty() && self.count.is_none()
    }
}

/// "1,234.50 元", "800 元".
pub fn yuan_text(fen: i64) -> String {
    let yuan = fen / 100;
    let cents = fen % 100;
    let digits = yuan.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if cents == 0 {
        format!("{grouped} 元")
    } else {
        format!("{grouped}.{cents:02} 元")
    }
}

/// An amount as typed: "1200", "1,200", "1200.5", "1200元", "¥1200" → fen; refused in words.
pub fn parse_yuan(text: &str) -> Result<i64> {
    let cleaned: String = parse::to_halfwidth(text)
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '¥' | '￥' | '元'))
        .collect();
    let refuse = || {
        Error::Refused(format!(
            "金额“{}”看不懂:请写成 1200 或 1200.50(元)",
            text.trim()
        ))
    };
    if cleaned.is_empty() {
        return Err(Error::Refused("请填写金额(元)".into()));
    }
    let (whole, cents) = match cleaned.split_once('.') {
        Some((w, c)) if c.len() <= 2 && c.chars().all(|d| d.is_ascii_digit()) => {
            (w, format!("{c:0<2}"))
        }
        Some(_) => return Err(refuse()),
        None => (cleaned.as_str(), "00".to_string()),
    };
    if whole.is_empty() || !whole.chars().all(|d| d.is_ascii_digit()) || whole.len() > 9 {
        return Err(refuse());
    }
    let yuan: i64 = whole.parse().map_err(|_| refuse())?;
    if yuan > MAX_YUAN {
        return Err(Error::Refused(format!(
            "金额 {} 太大了,一笔最多 {}",
            yuan_text(yuan * 100),
            yuan_text(MAX_YUAN * 100)
        )));
    }
    Ok(yuan * 100 + cents.parse::<i64>().map_err(|_| refuse())?)
}

/// The money of one year's events.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MoneyYear {
    pub year: i32,
    pub events: u64,
    /// Events with a partner; events asked for by an enterprise (订单式).
    pub with_partners: u64,
    pub ordered: u64,
    /// Per source, in [`Funding::ALL`]'s order, in fen.
    pub by_source: Vec<i64>,
    pub total_fen: i64,
    /// Guests who came to the year's events.
    pub attendees: u64,
}

impl MoneyYear {
    /// "每位到场嘉宾约 45 元", or nothing without attendees or money.
    pub fn per_guest(&self) -> Option<String> {
        (self.attendees > 0 && self.total_fen > 0).then(|| {
            let fen = self.total_fen / self.attendees as i64;
            format!("每位到场嘉宾约 {}", yuan_text(fen / 100 * 100))
        })
    }
}

fn log(tx: &rusqlite::Transaction<'_>, actor: &Actor, summary: &str) -> Result<()> {
    audit::record(
        tx,
        actor.volunteer(),
        audit::Kind::Event,
        None,
        None,
        None,
        summary,
        None,
    )
}

impl Db {
    /// An event's co-organisers, in the order added.
    pub fn event_partners(&self, event: i64) -> Result<Vec<Partner>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, kind, name, places FROM event_partners WHERE event_id = ?1 ORDER BY id",
        )?;
        Ok(statement
            .query_map([event], |r| {
                Ok(Partner {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    name: r.get(2)?,
                    places: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a co-organiser; refused without a name, or with one already there.
    pub fn add_event_partner(
        &mut self,
        actor: &Actor,
        event: i64,
        kind: PartnerKind,
        name: &str,
        places: u32,
    ) -> Result<Partner> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::Refused("请填写合办单位的名称".into()));
        }
        if name.chars().count() > 60 {
            return Err(Error::Refused("单位名称太长了(最多 60 个字)".into()));
        }
        if places > 2000 {
            return Err(Error::Refused("一家单位的名额最多 2000 位".into()));
        }
        let found = self.event(event)?;
        if self.event_partners(event)?.iter().any(|p| p.name == name) {
            return Err(Error::Refused(format!(
                "“{name}”已经是这场活动的合办单位了"
            )));
        }
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO event_partners (event_id, kind, name, places, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![event, kind, name, places, now_text()],
        )?;
        let id = tx.last_insert_rowid();
        log(
            &tx,
            actor,
            &format!(
                "联谊活动“{}”加了合办单位:{}({}),名额 {places} 位",
                found.data.title,
                name,
                kind.label()
            ),
        )?;
        tx.commit()?;
        Ok(Partner {
            id,
            kind,
            name: name.to_string(),
            places,
        })
    }

    pub fn remove_event_partner(&mut self, actor: &Actor, event: i64, partner: i64) -> Result<()> {
        let found = self.event(event)?;
        let tx = self.write()?;
        let name: String = tx
            .query_row(
                "DELETE FROM event_partners WHERE id = ?1 AND event_id = ?2 RETURNING name",
                params![partner, event],
                |r| r.get(0),
            )
            .map_err(|_| Error::Refused("找不到这家合办单位".into()))?;
        log(
            &tx,
            actor,
            &format!("联谊活动“{}”去掉了合办单位:{name}", found.data.title),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// An event's cost lines, in the order added.
    pub fn event_costs(&self, event: i64) -> Result<Vec<Cost>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, source, amount_fen, note FROM event_costs WHERE event_id = ?1 ORDER BY id",
        )?;
        Ok(statement
            .query_map([event], |r| {
                Ok(Cost {
                    id: r.get(0)?,
                    source: r.get(1)?,
                    amount_fen: r.get(2)?,
                    note: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a cost line: the amount as typed (元), its source and what it paid for.
    pub fn add_event_cost(
        &mut self,
        actor: &Actor,
        event: i64,
        source: Funding,
        amount: &str,
        note: &str,
    ) -> Result<Cost> {
        let fen = parse_yuan(amount)?;
        let note = note.trim();
        if note.chars().count() > 100 {
            return Err(Error::Refused("用途写得太长了(最多 100 个字)".into()));
        }
        let found = self.event(event)?;
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO event_costs (event_id, source, amount_fen, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![event, source, fen, note, now_text()],
        )?;
        let id = tx.last_insert_rowid();
        log(
            &tx,
            actor,
            &format!(
                "联谊活动“{}”记了经费:{} {}{}",
                found.data.title,
                source.label(),
                yuan_text(fen),
                if note.is_empty() {
                    String::new()
                } else {
                    format!("({note})")
                }
            ),
        )?;
        tx.commit()?;
        Ok(Cost {
            id,
            source,
            amount_fen: fen,
            note: note.to_string(),
        })
    }

    pub fn remove_event_cost(&mut self, actor: &Actor, event: i64, cost: i64) -> Result<()> {
        let found = self.event(event)?;
        let tx = self.write()?;
        let (source, fen): (Funding, i64) = tx
            .query_row(
                "DELETE FROM event_costs WHERE id = ?1 AND event_id = ?2
                 RETURNING source, amount_fen",
                params![cost, event],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|_| Error::Refused("找不到这笔经费".into()))?;
        log(
            &tx,
            actor,
            &format!(
                "联谊活动“{}”删去了一笔经费:{} {}",
                found.data.title,
                source.label(),
                yuan_text(fen)
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The 订单式 request of an event (empty when none).
    pub fn event_order(&self, event: i64) -> Result<Order> {
        Ok(self.conn.query_row(
            "SELECT ordered_by, ordered_for, ordered_count FROM events WHERE id = ?1",
            [event],
            |r| {
                Ok(Order {
                    by: r.get(0)?,
                    for_whom: r.get(1)?,
                    count: r.get(2)?,
                })
            },
        )?)
    }

    /// Records (or, empty, clears) an enterprise's 订单式 request.
    pub fn set_event_order(&mut self, actor: &Actor, event: i64, order: &Order) -> Result<()> {
        let by = order.by.trim();
        if !order.is_empty() && by.is_empty() {
            return Err(Error::Refused("请填写是哪家单位提出的(订单式活动)".into()));
        }
        if by.chars().count() > 60 || order.for_whom.trim().chars().count() > 60 {
            return Err(Error::Refused("单位或对象写得太长了(最多 60 个字)".into()));
        }
        if order.count.is_some_and(|n| n > 2000) {
            return Err(Error::Refused("人数最多 2000 位".into()));
        }
        let found = self.event(event)?;
        let tx = self.write()?;
        tx.execute(
            "UPDATE events SET ordered_by = ?1, ordered_for = ?2, ordered_count = ?3,
                updated_at = ?4 WHERE id = ?5",
            params![by, order.for_whom.trim(), order.count, now_text(), event],
        )?;
        log(
            &tx,
            actor,
            &if order.is_empty() {
                format!("联谊活动“{}”不再记为订单式活动", found.data.title)
            } else {
                format!(
                    "联谊活动“{}”记为订单式活动:{by}提出,为{},{}人",
                    found.data.title,
                    order.for_whom.trim(),
                    order.count.map_or("人数未定".into(), |n| n.to_string())
                )
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The money of the events held from `lo` to `hi` (dates as text, inclusive) and by `today`,
    /// per year.
    pub fn event_money(&self, lo: &str, hi: &str, today: &str) -> Result<Vec<MoneyYear>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT CAST(substr(e.on_date, 1, 4) AS INTEGER),
                (SELECT count(*) FROM event_partners p WHERE p.event_id = e.id) > 0,
                e.ordered_by <> '',
                (SELECT count(*) FROM event_attendees a WHERE a.event_id = e.id
                    AND a.place = 'confirmed' AND a.arrival = 'arrived'),
                e.id
             FROM events e
             WHERE e.on_date BETWEEN ?1 AND ?2 AND e.on_date <= ?3
             ORDER BY e.on_date",
        )?;
        let rows: Vec<(i32, bool, bool, u32, i64)> = statement
            .query_map(params![lo, hi, today], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut years: Vec<MoneyYear> = Vec::new();
        for (year, partners, ordered, attendees, id) in rows {
            if years.last().is_none_or(|y| y.year != year) {
                years.push(MoneyYear {
                    year,
                    by_source: vec![0; Funding::ALL.len()],
                    ..MoneyYear::default()
                });
            }
            let Some(line) = years.last_mut() else {
                continue;
            };
            line.events += 1;
            line.with_partners += u64::from(partners);
            line.ordered += u64::from(ordered);
            line.attendees += u64::from(attendees);
            for cost in self.event_costs(id)? {
                let at = Funding::ALL
                    .iter()
                    .position(|f| *f == cost.source)
                    .unwrap_or(0);
                line.by_source[at] += cost.amount_fen;
                line.total_fen += cost.amount_fen;
            }
        }
        Ok(years)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_typed() {
        assert_eq!(parse_yuan("1200").unwrap(), 120_000);
        assert_eq!(parse_yuan("1,200.5元").unwrap(), 120_050);
        assert_eq!(parse_yuan("¥ 80").unwrap(), 8_000);
        assert_eq!(parse_yuan("１２００").unwrap(), 120_000);
        assert!(parse_yuan("一千二").is_err());
        assert!(parse_yuan("12.345").is_err());
        assert!(parse_yuan("-5").is_err());
        assert!(parse_yuan("99999999").is_err());
        assert_eq!(yuan_text(123_450), "1,234.50 元");
        assert_eq!(yuan_text(80_000), "800 元");
        assert_eq!(yuan_text(0), "0 元");
    }
}
