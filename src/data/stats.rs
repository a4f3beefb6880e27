//! 统计: the success figures the station reports to the district union, counted from the data
//! with one set of definitions (also in the README):
//!
//! - a **registration** counts on the member's registration date (登记日期);
//! - an **introduction** on its 介绍 date;
//! - a **meeting**, a **dating** and a **marriage** on the date that stage was reached — a stage
//!   taken back with 撤销上一步 loses its date and no longer counts;
//! - a **couple married** counts once (one introduction reaching 登记结婚), in the year of its
//!   登记结婚 date, whatever the year of the introduction;
//! - members deleted on request (anonymised) still count: their registration, gender, birth month
//!   and history stay.

use super::db::Db;
use super::error::Result;
use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use serde::Serialize;

/// The headline figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tiles {
    /// 在册会员 now.
    pub active_members: u64,
    /// 本年新登记.
    pub registered_this_year: u64,
    /// 累计介绍, 累计见面 (in the chosen period).
    pub introductions: u64,
    pub meetings: u64,
    /// 交往中 now.
    pub dating_now: u64,
    /// 累计成功对数 (in the chosen period), 本年成功对数.
    pub couples: u64,
    pub couples_this_year: u64,
}

/// One year or one month of the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `2026` or `2026-03`.
    pub period: String,
    pub registered_male: u64,
    pub registered_female: u64,
    pub introductions: u64,
    pub meetings: u64,
    pub datings: u64,
    pub marriages: u64,
}

impl Period {
    pub fn registered(&self) -> u64 {
        self.registered_male + self.registered_female
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VolunteerRow {
    pub volunteer: String,
    pub registrations: u64,
    pub introductions: u64,
    pub marriages: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgeRow {
    /// `25–29岁`.
    pub group: String,
    pub male: u64,
    pub female: u64,
}

/// A couple married through the station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Couple {
    pub married_on: NaiveDate,
    pub introduced_on: NaiveDate,
    pub number_a: String,
    pub name_a: String,
    pub number_b: String,
    pub name_b: String,
    pub volunteer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub today: NaiveDate,
    pub tiles: Tiles,
    pub years: Vec<Period>,
    pub months: Vec<Period>,
    pub volunteers: Vec<VolunteerRow>,
    /// 在册 members by age group and gender (on `today`).
    pub ages: Vec<AgeRow>,
    pub couples: Vec<Couple>,
}

/// Age groups of the distribution: under 25, five-year groups, 50 and over.
const AGE_GROUPS: &[(i32, i32, &str)] = &[
    (0, 24, "25岁以下"),
    (25, 29, "25–29岁"),
    (30, 34, "30–34岁"),
    (35, 39, "35–39岁"),
    (40, 44, "40–44岁"),
    (45, 49, "45–49岁"),
    (50, 200, "50岁及以上"),
];

impl Db {
    /// The statistics of the period `from`–`to` (both days included; `None` = open).
    pub fn stats(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Stats> {
        let lo = from.map_or("0000-00-00".to_string(), |d| d.to_string());
        let hi = to.map_or("9999-99-99".to_string(), |d| d.to_string());
        let conn = &self.conn;
        let count = |sql: &str, values: &[&dyn rusqlite::ToSql]| -> Result<u64> {
            Ok(conn
                .prepare_cached(sql)?
                .query_row(values, |r| r.get::<_, i64>(0))?
                .max(0) as u64)
        };
        let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let in_range = "BETWEEN ?1 AND ?2";
        let tiles = Tiles {
            active_members: count("SELECT count(*) FROM members WHERE status = 'active'", &[])?,
            registered_this_year: count(
                "SELECT count(*) FROM members WHERE registered_on BETWEEN ?1 AND ?2",
                &[&year_start, &today],
            )?,
            introductions: count(
                &format!("SELECT count(*) FROM introductions WHERE introduced_on {in_range}"),
                &[&lo, &hi],
            )?,
            meetings: count(
                &format!("SELECT count(*) FROM introductions WHERE met_on {in_range}"),
                &[&lo, &hi],
            )?,
            dating_now: count(
                "SELECT count(*) FROM introductions WHERE stage = 'dating'",
                &[],
            )?,
            couples: count(
                &format!("SELECT count(*) FROM introductions WHERE married_on {in_range}"),
                &[&lo, &hi],
            )?,
            couples_this_year: count(
                "SELECT count(*) FROM introductions WHERE married_on BETWEEN ?1 AND ?2",
                &[&year_start, &today],
            )?,
        };
        let years = self.periods(4, &lo, &hi)?;
        let months = self.periods(7, &lo, &hi)?;

        let mut volunteers = Vec::new();
        {
            let mut statement = conn.prepare_cached(
                "SELECT v.name,
                    (SELECT count(*) FROM members m WHERE m.volunteer_id = v.id
                        AND m.registered_on BETWEEN ?1 AND ?2),
                    (SELECT count(*) FROM introductions i WHERE i.volunteer_id = v.id
                        AND i.introduced_on BETWEEN ?1 AND ?2),
                    (SELECT count(*) FROM introductions i WHERE i.volunteer_id = v.id
                        AND i.married_on BETWEEN ?1 AND ?2)
                 FROM volunteers v ORDER BY v.id",
            )?;
            let rows = statement.query_map(params![lo, hi], |r| {
                Ok(VolunteerRow {
                    volunteer: r.get(0)?,
                    registrations: r.get::<_, i64>(1)?.max(0) as u64,
                    introductions: r.get::<_, i64>(2)?.max(0) as u64,
                    marriages: r.get::<_, i64>(3)?.max(0) as u64,
                })
            })?;
            for row in rows {
                volunteers.push(row?);
            }
        }

        let mut ages: Vec<AgeRow> = AGE_GROUPS
            .iter()
            .map(|(_, _, label)| AgeRow {
                group: label.to_string(),
                male: 0,
                female: 0,
            })
            .collect();
        {
            let mut statement = conn.prepare_cached(
                "SELECT gender, birth_year, birth_month, count(*) FROM members
                 WHERE status = 'active' GROUP BY gender, birth_year, birth_month",
            )?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                let gender: String = row.get(0)?;
                let (year, month): (i32, u32) = (row.get(1)?, row.get(2)?);
                let n = row.get::<_, i64>(3)?.max(0) as u64;
                let mut age = today.year() - year;
                if today.month() < month {
                    age -= 1;
                }
                if let Some(group) = AGE_GROUPS
                    .iter()
                    .position(|(lo, hi, _)| (*lo..=*hi).contains(&age))
                {
                    if gender == "male" {
                        ages[group].male += n;
                    } else {
                        ages[group].female += n;
                    }
                }
            }
        }

        let mut couples = Vec::new();
        {
            let mut statement = conn.prepare_cached(
                "SELECT i.married_on, i.introduced_on, a.number, a.name, b.number, b.name,
                        coalesce(v.name, '')
                 FROM introductions i
                 JOIN members a ON a.id = i.member_a
                 JOIN members b ON b.id = i.member_b
                 LEFT JOIN volunteers v ON v.id = i.volunteer_id
                 WHERE i.married_on BETWEEN ?1 AND ?2
                 ORDER BY i.married_on, i.id",
            )?;
            let rows = statement.query_map(params![lo, hi], |r| {
                Ok(Couple {
                    married_on: r.get(0)?,
                    introduced_on: r.get(1)?,
                    number_a: r.get(2)?,
                    name_a: r.get(3)?,
                    number_b: r.get(4)?,
                    name_b: r.get(5)?,
                    volunteer: r.get(6)?,
                })
            })?;
            for row in rows {
                couples.push(row?);
            }
        }
        Ok(Stats {
            from,
            to,
            today,
            tiles,
            years,
            months,
            volunteers,
            ages,
            couples,
        })
    }

    /// Counts by year (`width` 4) or month (`width` 7) of each kind of event in the range.
    fn periods(&self, width: usize, lo: &str, hi: &str) -> Result<Vec<Period>> {
        let mut by_period: std::collections::BTreeMap<String, Period> = Default::default();
        let mut add = |sql: &str, apply: &dyn Fn(&mut Period, u64, &str)| -> Result<()> {
            let mut statement = self.conn.prepare_cached(sql)?;
            let mut rows = statement.query(params![width as i64, lo, hi])?;
            while let Some(row) = rows.next()? {
                let period: String = row.get(0)?;
                let extra: String = row.get(1)?;
                let n = row.get::<_, i64>(2)?.max(0) as u64;
                let entry = by_period.entry(period.clone()).or_insert_with(|| Period {
                    period,
                    ..Period::default()
                });
                apply(entry, n, &extra);
            }
            Ok(())
        };
        add(
            "SELECT substr(registered_on, 1, ?1), gender, count(*) FROM members
             WHERE registered_on BETWEEN ?2 AND ?3 GROUP BY 1, 2",
            &|p, n, gender| {
                if gender == "male" {
                    p.registered_male += n
                } else {
                    p.registered_female += n
                }
            },
        )?;
        for (column, apply) in [
            (
                "introduced_on",
                (&|p: &mut Period, n: u64, _: &str| p.introductions += n)
                    as &dyn Fn(&mut Period, u64, &str),
            ),
            ("met_on", &|p: &mut Period, n: u64, _: &str| p.meetings += n),
            ("dating_on", &|p: &mut Period, n: u64, _: &str| {
                p.datings += n
            }),
            ("married_on", &|p: &mut Period, n: u64, _: &str| {
                p.marriages += n
            }),
        ] {
            add(
                &format!(
                    "SELECT substr({column}, 1, ?1), '', count(*) FROM introductions
                     WHERE {column} BETWEEN ?2 AND ?3 GROUP BY 1"
                ),
                apply,
            )?;
        }
        Ok(by_period.into_values().collect())
    }
}
