//! 年度报告: a station's figures for a period (a year by default) in the union's terms —
//! registrations by gender and by how they came, members 在册 at the end, introductions and how
//! far they went, the couples, those that ended and why, events and their guests and mutual
//! matches, open days and their visitors, enquiries, the volunteers on duty. Every figure that
//! 统计 also shows is taken from the same [`Db::stats`] of the same period, so the two never
//! disagree; the rest are counted here. Printed on one A4 page and a sheet of the workbook.

use super::db::Db;
use super::error::{Error, Result};
use super::stats::Stats;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One figure: what it counts, and the count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: u64,
}

/// A station's year (or, summed, the district's: [`district_total`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearlyReport {
    pub station: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub registered_men: u64,
    pub registered_women: u64,
    /// How the period's registrations came: 到站登记, 旧登记册导入, 网上报名, 活动现场登记.
    pub by_source: Vec<Figure>,
    /// Members 在册 (or 暂停) at the end of the period: registered by then, not yet 已婚 or 退出.
    pub on_books_at_end: u64,
    pub introductions: u64,
    /// Of the introductions begun in the period with the agreement steps, both agreed.
    pub both_agreed: u64,
    pub meetings: u64,
    pub datings: u64,
    pub marriages: u64,
    pub ended: u64,
    /// The reasons of those ended, those that occurred.
    pub ended_reasons: Vec<Figure>,
    pub events: u64,
    pub event_guests: u64,
    pub event_matches: u64,
    pub open_days: u64,
    pub visitors_single: u64,
    pub visitors_parents: u64,
    pub enquiries: u64,
    /// Volunteers who signed in on a day of the period, and their days in all.
    pub volunteers_on_duty: u64,
    pub duty_days: u64,
    /// Their time on duty, signed in to signed out (days not signed out count nothing).
    #[serde(default)]
    pub duty_hours: u64,
}

impl YearlyReport {
    pub fn registered(&self) -> u64 {
        self.registered_men + self.registered_women
    }

    /// "2026年" for a whole year, else "2026-03-01 至 2026-08-31".
    pub fn period_text(&self) -> String {
        period_text(self.from, self.to)
    }

    /// Every figure in the order the report and the sheet give them.
    pub fn lines(&self) -> Vec<(String, u64)> {
        let mut lines = vec![
            ("新登记会员".to_string(), self.registered()),
            ("  其中男".to_string(), self.registered_men),
            ("  其中女".to_string(), self.registered_women),
        ];
        lines.extend(
            self.by_source
                .iter()
                .map(|f| (format!("  {}", f.label), f.value)),
        );
        lines.extend([
            ("期末在册会员(含暂停)".to_string(), self.on_books_at_end),
            ("介绍".to_string(), self.introductions),
            ("  双方都同意".to_string(), self.both_agreed),
            ("见面".to_string(), self.meetings),
            ("交往".to_string(), self.datings),
            ("登记结婚(对)".to_string(), self.marriages),
            ("未成".to_string(), self.ended),
        ]);
        lines.extend(
            self.ended_reasons
                .iter()
                .map(|f| (format!("  {}", f.label), f.value)),
        );
        lines.extend([
            ("联谊活动(场)".to_string(), self.events),
            ("  到场嘉宾".to_string(), self.event_guests),
            ("  互选成功(对)".to_string(), self.event_matches),
            ("开放日(天)".to_string(), self.open_days),
            ("  来访单身青年".to_string(), self.visitors_single),
            ("  来访家长/亲属".to_string(), self.visitors_parents),
            ("来电来访".to_string(), self.enquiries),
            ("值班红娘(人)".to_string(), self.volunteers_on_duty),
            ("  值班(人·天)".to_string(), self.duty_days),
            ("  值班时长(小时)".to_string(), self.duty_hours),
        ]);
        lines
    }
}

/// The calendar year `year`, first day to last (`None` for a year chrono cannot hold).
pub fn year_period(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// "2026年" for a whole year, else "2026-03-01 至 2026-08-31".
pub fn period_text(from: NaiveDate, to: NaiveDate) -> String {
    if year_period(from.year()) == Some((from, to)) {
        format!("{}年", from.year())
    } else {
        format!("{from} 至 {to}")
    }
}

/// The report's four groups of figures: each its title, the label of its first line and of the
/// first line after it.
const GROUPS: [(&str, &str, Option<&str>); 4] = [
    ("登记", "新登记会员", Some("介绍")),
    ("介绍与结果", "介绍", Some("联谊活动(场)")),
    ("联谊活动与开放日", "联谊活动(场)", Some("来电来访")),
    ("来电来访与值班", "来电来访", None),
];

impl YearlyReport {
    /// [`Self::lines`] in the report's four groups (登记, 介绍与结果, 联谊活动与开放日, 来电来访与值
    /// 班), as the page and the union's workbook show them.
    pub fn groups(&self) -> Vec<(&'static str, Vec<(String, u64)>)> {
        let lines = self.lines();
        let at = |label: &str| lines.iter().position(|(l, _)| l == label);
        GROUPS
            .iter()
            .map(|(title, from, to)| {
                let start = at(from).unwrap_or(0);
                let end = to.and_then(at).unwrap_or(lines.len()).max(start);
                (*title, lines[start..end].to_vec())
            })
            .collect()
    }

    /// The report as a workbook of one sheet, 年度报告 (指标, 数值), for the union.
    pub fn write_xlsx(&self, path: &std::path::Path) -> Result<()> {
        use rust_xlsxwriter::{Format, FormatBorder, Workbook};
        let failed = |e: rust_xlsxwriter::XlsxError| {
            Error::Refused(format!("{} 写不进去:{e}", path.display()))
        };
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("年度报告").map_err(failed)?;
        let head = Format::new().set_bold().set_border(FormatBorder::Thin);
        let plain = Format::new().set_border(FormatBorder::Thin);
        sheet
            .write_string_with_format(
                0,
                0,
                format!("{} 年度工作报告 {}", self.station, self.period_text()),
                &Format::new().set_bold(),
            )
            .map_err(failed)?;
        sheet
            .write_string_with_format(1, 0, "指标", &head)
            .map_err(failed)?;
        sheet
            .write_string_with_format(1, 1, "数值", &head)
            .map_err(failed)?;
        for (i, (label, value)) in self.lines().iter().enumerate() {
            let r = i as u32 + 2;
            sheet
                .write_string_with_format(r, 0, label, &plain)
                .map_err(failed)?;
            sheet
                .write_number_with_format(r, 1, *value as f64, &plain)
                .map_err(failed)?;
        }
        sheet.set_column_width(0, 26.0).map_err(failed)?;
        sheet.set_column_width(1, 12.0).map_err(failed)?;
        let bytes = book.save_to_buffer().map_err(failed)?;
        super::files::write_private(path, &bytes).map_err(|source| Error::Folder {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// Adds `figures` into `into`, by label, keeping the order they first came in.
fn add_figures(into: &mut Vec<Figure>, figures: &[Figure]) {
    for f in figures {
        match into.iter_mut().find(|g| g.label == f.label) {
            Some(g) => g.value = g.value.saturating_add(f.value),
            None => into.push(f.clone()),
        }
    }
}

/// The district's year: every station's report of one period summed (named `name`).
pub fn district_total(name: &str, reports: &[YearlyReport]) -> Option<YearlyReport> {
    let first = reports.first()?;
    let mut total = YearlyReport {
        station: name.to_string(),
        by_source: Vec::new(),
        ended_reasons: Vec::new(),
        ..first.clone()
    };
    // Figures sent by stations: a bad one cannot overflow the total.
    macro_rules! add {
        ($r:ident: $($field:ident),+) => {
            $(total.$field = total.$field.saturating_add($r.$field);)+
        };
    }
    for r in &reports[1..] {
        add!(r: registered_men, registered_women, on_books_at_end, introductions, both_agreed,
            meetings, datings, marriages, ended, events, event_guests, event_matches, open_days,
            visitors_single, visitors_parents, enquiries, volunteers_on_duty, duty_days,
            duty_hours);
    }
    for r in reports {
        add_figures(&mut total.by_source, &r.by_source);
        add_figures(&mut total.ended_reasons, &r.ended_reasons);
    }
    Some(total)
}

/// The district's workbook: a sheet for each group of figures (登记, 介绍与结果, 联谊活动与开放日,
/// 来电来访与值班), a row for each station and the district's total, A4 landscape.
pub fn write_district_xlsx(
    reports: &[YearlyReport],
    total: &YearlyReport,
    path: &std::path::Path,
) -> Result<()> {
    use rust_xlsxwriter::{Format, FormatBorder, Workbook};
    let failed =
        |e: rust_xlsxwriter::XlsxError| Error::Refused(format!("{} 写不进去:{e}", path.display()));
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let plain = Format::new().set_border(FormatBorder::Thin);
    let bold = plain.clone().set_bold();
    let mut book = Workbook::new();
    // Each row's figures by label, read once; the total's labels cover every station's
    // (reasons, sources).
    let rows: Vec<(&str, std::collections::HashMap<String, u64>, &Format)> = reports
        .iter()
        .map(|r| (r, &plain))
        .chain(std::iter::once((total, &bold)))
        .map(|(r, format)| (r.station.as_str(), r.lines().into_iter().collect(), format))
        .collect();
    for (name, lines) in total.groups() {
        let sheet = book.add_worksheet().set_name(name).map_err(failed)?;
        sheet.set_landscape().set_paper_size(9);
        sheet
            .write_string_with_format(0, 0, "站点", &head)
            .map_err(failed)?;
        sheet.set_column_width(0, 24.0).map_err(failed)?;
        for (c, (label, _)) in lines.iter().enumerate() {
            let c = c as u16 + 1;
            sheet
                .write_string_with_format(0, c, label.trim(), &head)
                .map_err(failed)?;
            sheet.set_column_width(c, 11.0).map_err(failed)?;
        }
        for (r, (station, values, format)) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            sheet
                .write_string_with_format(r, 0, *station, format)
                .map_err(failed)?;
            for (c, (label, _)) in lines.iter().enumerate() {
                let value = values.get(label).copied().unwrap_or(0);
                sheet
                    .write_number_with_format(r, c as u16 + 1, value as f64, format)
                    .map_err(failed)?;
            }
        }
    }
    let bytes = book.save_to_buffer().map_err(failed)?;
    super::files::write_private(path, &bytes).map_err(|source| Error::Folder {
        path: path.to_path_buf(),
        source,
    })
}

fn sum(stats: &Stats, f: impl Fn(&super::stats::Period) -> u64) -> u64 {
    stats.years.iter().map(f).sum()
}

impl Db {
    /// The station's report for `from`–`to` (both days included).
    pub fn yearly_report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<YearlyReport> {
        if from > to {
            return Err(Error::Refused(format!(
                "开始日期 {from} 晚于结束日期 {to},请对调"
            )));
        }
        let stats = self.stats(Some(from), Some(to), today)?;
        let (lo, hi) = (from.to_string(), to.to_string());
        let count = |sql: &str| -> Result<u64> {
            Ok(self
                .conn
                .query_row(sql, rusqlite::params![lo, hi], |r| r.get::<_, i64>(0))
                .map(|n| u64::try_from(n).unwrap_or(0))?)
        };
        let in_period = "registered_on BETWEEN ?1 AND ?2";
        let online = count(&format!(
            "SELECT count(*) FROM members WHERE {in_period} AND source LIKE '网上报名表%'"
        ))?;
        let walk_in = count(&format!(
            "SELECT count(*) FROM members WHERE {in_period} AND id IN
                (SELECT member_id FROM event_attendees WHERE walk_in = 1)"
        ))?;
        let imported = count(&format!(
            "SELECT count(*) FROM members WHERE {in_period} AND source <> ''
                AND source NOT LIKE '网上报名表%'"
        ))?;
        let registered_men = sum(&stats, |p| p.registered_male);
        let registered_women = sum(&stats, |p| p.registered_female);
        let at_station =
            (registered_men + registered_women).saturating_sub(online + walk_in + imported);
        let figure = |label: &str, value: u64| Figure {
            label: label.to_string(),
            value,
        };
        let on_books_at_end = count(
            "SELECT count(*) FROM members WHERE registered_on <= ?2
                AND (left_on IS NULL OR left_on > ?2)",
        )?;
        let duty_days = count("SELECT count(*) FROM duty_days WHERE on_date BETWEEN ?1 AND ?2")?;
        let volunteers_on_duty = count(
            "SELECT count(DISTINCT volunteer_id) FROM duty_days WHERE on_date BETWEEN ?1 AND ?2",
        )?;
        let total_reasons = stats.reasons.last();
        let duty_minutes: u64 = self
            .volunteer_hours(from, to)?
            .iter()
            .map(|h| h.minutes)
            .sum();
        Ok(YearlyReport {
            station: self.station_name()?.unwrap_or_default(),
            from,
            to,
            registered_men,
            registered_women,
            by_source: vec![
                figure("到站登记", at_station),
                figure("旧登记册导入", imported),
                figure("网上报名", online),
                figure("活动现场登记", walk_in),
            ],
            on_books_at_end,
            introductions: sum(&stats, |p| p.introductions),
            both_agreed: stats.agreements.both_agreed,
            meetings: sum(&stats, |p| p.meetings),
            datings: sum(&stats, |p| p.datings),
            marriages: sum(&stats, |p| p.marriages),
            ended: total_reasons.map_or(0, |r| r.total),
            ended_reasons: stats
                .reasons
                .iter()
                .take(stats.reasons.len().saturating_sub(1))
                .filter(|r| r.total > 0)
                .map(|r| figure(&r.reason, r.total))
                .collect(),
            events: stats.events.len() as u64,
            event_guests: stats.events_total.arrived(),
            event_matches: stats.events_total.matches,
            open_days: stats.open_days.iter().map(|y| u64::from(y.days)).sum(),
            visitors_single: stats.open_days.iter().map(|y| u64::from(y.singles)).sum(),
            visitors_parents: stats.open_days.iter().map(|y| u64::from(y.parents)).sum(),
            enquiries: stats.follow_through.enquiries.enquiries,
            volunteers_on_duty,
            duty_days,
            duty_hours: (duty_minutes + 30) / 60,
        })
    }
}
