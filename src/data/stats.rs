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

/// The success statistics as an Excel workbook: 年度汇总, 月度明细, 红娘工作量 and 成功名单, with
/// native charts. Figures are written as numbers (not formulas), columns sized for Chinese.
pub fn write_xlsx(stats: &Stats, path: &std::path::Path) -> Result<()> {
    use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| super::error::Error::Stored(e.to_string());
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();

    let years = book.add_worksheet().set_name("年度汇总").map_err(failed)?;
    let header = [
        "年份",
        "新登记(男)",
        "新登记(女)",
        "新登记合计",
        "介绍",
        "见面",
        "交往",
        "登记结婚(对)",
    ];
    for (c, h) in header.iter().enumerate() {
        years
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(failed)?;
        years.set_column_width(c as u16, 14).map_err(failed)?;
    }
    for (r, p) in stats.years.iter().enumerate() {
        let r = r as u32 + 1;
        years.write_string(r, 0, &p.period).map_err(failed)?;
        for (c, n) in [
            p.registered_male,
            p.registered_female,
            p.registered(),
            p.introductions,
            p.meetings,
            p.datings,
            p.marriages,
        ]
        .iter()
        .enumerate()
        {
            years
                .write_number(r, c as u16 + 1, *n as f64)
                .map_err(failed)?;
        }
    }
    if !stats.years.is_empty() {
        let last = stats.years.len() as u32;
        let mut chart = Chart::new(ChartType::Column);
        chart.title().set_name("每年介绍、见面与登记结婚");
        for (column, name) in [(4u16, "介绍"), (5, "见面"), (7, "登记结婚")] {
            chart
                .add_series()
                .set_name(name)
                .set_categories(format!("'年度汇总'!$A$2:$A${}", last + 1).as_str())
                .set_values(
                    format!(
                        "'年度汇总'!${col}$2:${col}${}",
                        last + 1,
                        col = (b'A' + column as u8) as char
                    )
                    .as_str(),
                );
        }
        years.insert_chart(last + 3, 0, &chart).map_err(failed)?;
    }

    let months = book.add_worksheet().set_name("月度明细").map_err(failed)?;
    let header = [
        "月份",
        "新登记(男)",
        "新登记(女)",
        "介绍",
        "见面",
        "交往",
        "登记结婚(对)",
    ];
    for (c, h) in header.iter().enumerate() {
        months
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(failed)?;
        months.set_column_width(c as u16, 14).map_err(failed)?;
    }
    for (r, p) in stats.months.iter().enumerate() {
        let r = r as u32 + 1;
        months.write_string(r, 0, &p.period).map_err(failed)?;
        for (c, n) in [
            p.registered_male,
            p.registered_female,
            p.introductions,
            p.meetings,
            p.datings,
            p.marriages,
        ]
        .iter()
        .enumerate()
        {
            months
                .write_number(r, c as u16 + 1, *n as f64)
                .map_err(failed)?;
        }
    }
    if !stats.months.is_empty() {
        let last = stats.months.len() as u32 + 1;
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name("每月新登记会员(男、女)");
        for (col, name) in [('B', "男"), ('C', "女")] {
            chart
                .add_series()
                .set_name(name)
                .set_categories(format!("'月度明细'!$A$2:$A${last}").as_str())
                .set_values(format!("'月度明细'!${col}$2:${col}${last}").as_str());
        }
        months.insert_chart(1, 8, &chart).map_err(failed)?;
    }

    let people = book
        .add_worksheet()
        .set_name("红娘工作量")
        .map_err(failed)?;
    for (c, h) in ["红娘", "登记会员", "介绍", "登记结婚(对)"]
        .iter()
        .enumerate()
    {
        people
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(failed)?;
        people.set_column_width(c as u16, 14).map_err(failed)?;
    }
    for (r, v) in stats.volunteers.iter().enumerate() {
        let r = r as u32 + 1;
        people.write_string(r, 0, &v.volunteer).map_err(failed)?;
        people
            .write_number(r, 1, v.registrations as f64)
            .map_err(failed)?;
        people
            .write_number(r, 2, v.introductions as f64)
            .map_err(failed)?;
        people
            .write_number(r, 3, v.marriages as f64)
            .map_err(failed)?;
    }
    if !stats.volunteers.is_empty() {
        let last = stats.volunteers.len() as u32 + 1;
        let mut chart = Chart::new(ChartType::Bar);
        chart.title().set_name("各位红娘的介绍与成功对数");
        for (col, name) in [('C', "介绍"), ('D', "登记结婚")] {
            chart
                .add_series()
                .set_name(name)
                .set_categories(format!("'红娘工作量'!$A$2:$A${last}").as_str())
                .set_values(format!("'红娘工作量'!${col}$2:${col}${last}").as_str());
        }
        people.insert_chart(1, 5, &chart).map_err(failed)?;
    }

    let couples = book.add_worksheet().set_name("成功名单").map_err(failed)?;
    for (c, (h, width)) in [
        ("登记结婚日期", 14),
        ("介绍日期", 14),
        ("会员编号", 12),
        ("姓名", 12),
        ("会员编号", 12),
        ("姓名", 12),
        ("红娘", 12),
    ]
    .iter()
    .enumerate()
    {
        couples
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(failed)?;
        couples.set_column_width(c as u16, *width).map_err(failed)?;
    }
    for (r, couple) in stats.couples.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, text) in [
            couple.married_on.to_string(),
            couple.introduced_on.to_string(),
            couple.number_a.clone(),
            couple.name_a.clone(),
            couple.number_b.clone(),
            couple.name_b.clone(),
            couple.volunteer.clone(),
        ]
        .iter()
        .enumerate()
        {
            couples.write_string(r, c as u16, text).map_err(failed)?;
        }
    }
    book.save(path).map_err(failed)
}

/// The same figures as CSV (UTF-8 with BOM, so Excel shows the Chinese): one section after
/// another, each with its title line.
pub fn write_csv(stats: &Stats, path: &std::path::Path) -> Result<()> {
    let failed = |e: csv::Error| super::error::Error::Stored(e.to_string());
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        w.write_record(["年度汇总"]).map_err(failed)?;
        w.write_record([
            "年份",
            "新登记(男)",
            "新登记(女)",
            "介绍",
            "见面",
            "交往",
            "登记结婚(对)",
        ])
        .map_err(failed)?;
        for sections in [(&stats.years, "月度明细"), (&stats.months, "红娘工作量")] {
            for p in sections.0 {
                w.write_record([
                    p.period.clone(),
                    p.registered_male.to_string(),
                    p.registered_female.to_string(),
                    p.introductions.to_string(),
                    p.meetings.to_string(),
                    p.datings.to_string(),
                    p.marriages.to_string(),
                ])
                .map_err(failed)?;
            }
            w.write_record([""]).map_err(failed)?;
            w.write_record([sections.1]).map_err(failed)?;
            if sections.1 == "月度明细" {
                w.write_record([
                    "月份",
                    "新登记(男)",
                    "新登记(女)",
                    "介绍",
                    "见面",
                    "交往",
                    "登记结婚(对)",
                ])
                .map_err(failed)?;
            }
        }
        w.write_record(["红娘", "登记会员", "介绍", "登记结婚(对)"])
            .map_err(failed)?;
        for v in &stats.volunteers {
            w.write_record([
                v.volunteer.clone(),
                v.registrations.to_string(),
                v.introductions.to_string(),
                v.marriages.to_string(),
            ])
            .map_err(failed)?;
        }
        w.write_record([""]).map_err(failed)?;
        w.write_record(["成功名单"]).map_err(failed)?;
        w.write_record([
            "登记结婚日期",
            "介绍日期",
            "会员编号",
            "姓名",
            "会员编号",
            "姓名",
            "红娘",
        ])
        .map_err(failed)?;
        for c in &stats.couples {
            w.write_record([
                c.married_on.to_string(),
                c.introduced_on.to_string(),
                c.number_a.clone(),
                c.name_a.clone(),
                c.number_b.clone(),
                c.name_b.clone(),
                c.volunteer.clone(),
            ])
            .map_err(failed)?;
        }
        w.flush()
            .map_err(|e| super::error::Error::Stored(e.to_string()))?;
    }
    std::fs::write(path, out)
        .map_err(|e| super::error::Error::Stored(format!("{}:{e}", path.display())))
}
