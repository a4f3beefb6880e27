//! 统计: the headline figures, the yearly and monthly counts as bar charts, each volunteer's
//! work and the couples, for a chosen period; exported to Excel or CSV. The figures come from
//! `data::stats`, the same as the command line and the export.

use crate::data::district::{FIGURE_COLUMNS, StationFigures, district_total};
use crate::data::stats::{Period, Stats};
use crate::data::{Actor, Db, parse};
use crate::gui::style::chart;
use crate::gui::{jobs, style, widget};
use iced::widget::{column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};
use std::path::PathBuf;
use std::sync::Arc;

/// A headline figure's box: wide enough for six digits and "本年成功对数" on one line; the
/// boxes wrap to more lines in a narrow window.
const TILE_WIDTH: f32 = 130.0;

#[derive(Debug, Clone)]
pub enum Message {
    /// 知道了 on the floating note.
    DismissNotice,
    FromChanged(String),
    ToChanged(String),
    ThisYear,
    AllTime,
    Export,
    ExportTo(Option<PathBuf>),
    /// The couples who both agreed to publicity, as a CSV file (for the 喜报 board).
    ExportCouples,
    ExportCouplesTo(Option<PathBuf>),
    /// Export into the documents folder, without a "save as" window.
    ExportToFolder,
    /// The report with charts, as a print preview (打印 or 另存为 PDF from there).
    Report,
    /// 年度工作报告 for the union: one A4 page for the period (this year when none is given).
    Yearly,
    /// 红娘志愿服务记录 of the period (the year when none is given), printed.
    Volunteers,
    /// The figures counted in the background (numbered: only the newest counts).
    Counted(u64, Arc<Result<Stats, String>>),
    /// 全区统计 for the district union: the server and password typed, read, exported.
    Union(UnionField, String),
    ReadUnion,
    UnionRead(Result<UnionFigures, String>),
    ExportUnion,
    /// The stations' 年度工作报告 of the year read, as a workbook in the documents folder.
    ExportUnionYearly,
}

/// A box of 全区统计.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionField {
    Server,
    Certificate,
    Password,
    /// The period of the stations' reports (this year when empty), as in 统计.
    From,
    To,
}

/// What one reading of 全区统计 brings: the pool's figures, and the stations' reports of the
/// period asked (or why they could not be read), with how many were unreadable.
#[derive(Debug, Clone)]
pub struct UnionFigures {
    pub stations: Vec<StationFigures>,
    pub period: (chrono::NaiveDate, chrono::NaiveDate),
    pub yearly: Result<YearlyRead, String>,
}

/// The stations' 年度工作报告 of a year as read, their total (summed once, when read; none
/// without a report) and how many could not be read.
#[derive(Debug, Clone)]
pub struct YearlyRead {
    pub reports: Vec<crate::data::yearly::YearlyReport>,
    pub total: Option<Box<crate::data::yearly::YearlyReport>>,
    pub unreadable: usize,
    /// The stations that have not sent the period yet (they will at their next sync).
    pub waiting: Vec<String>,
    /// What to say while no station has sent it.
    pub nothing_yet: String,
}

/// 全区统计 as typed and read (the password is not kept: typed each time).
#[derive(Debug, Default)]
struct Union {
    server: String,
    certificate: String,
    password: String,
    from: String,
    to: String,
    reading: bool,
    figures: Option<Result<UnionFigures, String>>,
}

pub enum Action {
    None,
    Run(Task<Message>),
    Print(crate::data::print::Job),
}

pub struct Statistics {
    from: String,
    to: String,
    /// The newest count asked for; the figures shown stay until its answer comes.
    counting: u64,
    /// `None` until the first count arrives.
    stats: Option<Arc<Result<Stats, String>>>,
    error: Option<String>,
    notice: Option<String>,
    /// The "save as" window came back without a file.
    no_file_chosen: bool,
    union: Union,
}

impl Statistics {
    /// The page, with its first count under way.
    pub fn new(db: &Db) -> (Self, Task<Message>) {
        let mut screen = Self {
            from: String::new(),
            to: String::new(),
            counting: 0,
            stats: None,
            error: None,
            notice: None,
            no_file_chosen: false,
            union: Union::default(),
        };
        let count = screen.reload(db);
        (screen, count)
    }

    /// The number of the newest count asked for.
    pub fn generation(&self) -> u64 {
        self.counting
    }

    pub fn stats(&self) -> Option<&Stats> {
        self.stats.as_deref().and_then(|s| s.as_ref().ok())
    }

    /// Counts the period as typed, off the UI thread (a second at a million members).
    fn reload(&mut self, db: &Db) -> Task<Message> {
        let (from, to, problem) = parse::period(&self.from, &self.to);
        self.error = problem;
        self.counting = jobs::next_generation();
        let generation = self.counting;
        let Some(path) = db.path() else {
            return Task::none();
        };
        jobs::read(
            path,
            move |db| db.stats(from, to, crate::data::today()),
            move |stats| Message::Counted(generation, Arc::new(stats)),
        )
    }

    pub fn update(&mut self, message: Message, db: &Db, actor: &Actor) -> Action {
        self.notice = None;
        match message {
            Message::DismissNotice => {}
            Message::Union(field, value) => match field {
                UnionField::Server => self.union.server = value,
                UnionField::Certificate => self.union.certificate = value,
                UnionField::Password => self.union.password = value,
                UnionField::From => self.union.from = value,
                UnionField::To => self.union.to = value,
            },
            Message::ReadUnion if !self.union.reading => return Action::Run(self.read_union()),
            Message::ReadUnion => {}
            Message::UnionRead(figures) => {
                self.union.reading = false;
                self.union.figures = Some(figures);
            }
            Message::ExportUnionYearly => self.export_union_yearly(),
            Message::ExportUnion => self.export_union(),
            Message::FromChanged(from) => {
                self.from = from;
                return Action::Run(self.reload(db));
            }
            Message::ToChanged(to) => {
                self.to = to;
                return Action::Run(self.reload(db));
            }
            Message::ThisYear => {
                let today = crate::data::today();
                self.from = format!("{}-01-01", chrono::Datelike::year(&today));
                self.to = today.to_string();
                return Action::Run(self.reload(db));
            }
            Message::AllTime => {
                self.from.clear();
                self.to.clear();
                return Action::Run(self.reload(db));
            }
            Message::Counted(generation, stats) => {
                if generation == self.counting {
                    self.stats = Some(stats);
                }
            }
            Message::Report => {
                if let Some(stats) = self.stats() {
                    return Action::Print(crate::data::print::Job::Report {
                        from: stats.from,
                        to: stats.to,
                    });
                }
            }
            Message::Yearly | Message::Volunteers => {
                if let Some(stats) = self.stats() {
                    use chrono::Datelike;
                    let year = crate::data::yearly::year_period(stats.today.year());
                    if let (Some(from), Some(to)) = (
                        stats.from.or(year.map(|y| y.0)),
                        stats.to.or(year.map(|y| y.1)),
                    ) {
                        return Action::Print(if matches!(message, Message::Yearly) {
                            crate::data::print::Job::Yearly { from, to }
                        } else {
                            crate::data::print::Job::Volunteers { from, to }
                        });
                    }
                }
            }
            Message::Export => {
                return Action::Run(Task::perform(
                    async {
                        rfd::AsyncFileDialog::new()
                            .set_title("导出成功统计")
                            .set_file_name("成功统计.xlsx")
                            .add_filter("Excel", &["xlsx"])
                            .add_filter("CSV", &["csv"])
                            .save_file()
                            .await
                            .map(|file| file.path().to_path_buf())
                    },
                    Message::ExportTo,
                ));
            }
            // Cancelled, or no "save as" window could open on this PC: say so where the
            // button is, with a way that needs no window.
            Message::ExportTo(None) => self.no_file_chosen = true,
            Message::ExportToFolder => match crate::system::exports_folder() {
                Ok(folder) => {
                    let name = match self.stats() {
                        Some(stats) => format!(
                            "成功统计-{}至{}.xlsx",
                            stats.from.map_or("最早".to_string(), |d| d.to_string()),
                            stats.to.unwrap_or(stats.today)
                        ),
                        None => "成功统计.xlsx".to_string(),
                    };
                    return self.update(Message::ExportTo(Some(folder.join(name))), db, actor);
                }
                Err(error) => self.error = Some(error),
            },
            Message::ExportTo(Some(path)) => self.export_to(path, db, actor),
            Message::ExportCouples => {
                return Action::Run(Task::perform(
                    widget::save_dialog(
                        "导出同意宣传的夫妻",
                        "同意宣传的夫妻.csv".to_string(),
                        "CSV",
                        &["csv"],
                    ),
                    Message::ExportCouplesTo,
                ));
            }
            Message::ExportCouplesTo(None) => {}
            Message::ExportCouplesTo(Some(path)) => {
                let path = path.with_extension("csv");
                match db.export_publicity_couples(actor, &path) {
                    Ok(count) => {
                        self.notice = Some(format!("已导出 {count} 对到 {}", path.display()))
                    }
                    Err(error) => self.error = Some(error.to_string()),
                }
            }
        }
        Action::None
    }

    /// The stations' 年度工作报告 read for the union, as its workbook in the documents folder.
    fn export_union_yearly(&mut self) {
        if let Some(Ok(UnionFigures {
            period: (from, to),
            yearly: Ok(read),
            ..
        })) = &self.union.figures
        {
            let period = crate::data::yearly::period_text(*from, *to);
            let written = crate::system::exports_folder().and_then(|folder| {
                let path = folder.join(format!("全区年度报告-{}.xlsx", period.replace(' ', "")));
                let total = read
                    .total
                    .as_ref()
                    .ok_or_else(|| format!("还没有站点送来 {period} 的报告"))?;
                crate::data::yearly::write_district_xlsx(&read.reports, total.as_ref(), &path)
                    .map(|()| path)
                    .map_err(|e| e.to_string())
            });
            match written {
                Ok(path) => self.notice = Some(format!("已导出到 {}", path.display())),
                Err(error) => self.error = Some(error),
            }
        }
    }

    /// The pool's figures read for the union, as a workbook in the documents folder.
    fn export_union(&mut self) {
        if let Some(Ok(UnionFigures { stations, .. })) = &self.union.figures {
            let today = crate::data::today();
            let written = crate::system::exports_folder().and_then(|folder| {
                let path = folder.join(format!("全区统计-{today}.xlsx"));
                let as_of = today.format("%Y年%-m月%-d日").to_string();
                crate::data::district::write_figures_xlsx(stations, &as_of, &path)
                    .map(|()| path)
                    .map_err(|e| e.to_string())
            });
            match written {
                Ok(path) => self.notice = Some(format!("已导出到 {}", path.display())),
                Err(error) => self.error = Some(error),
            }
        }
    }

    /// Reads 全区统计 with the login typed, off the UI thread; the password is not kept.
    fn read_union(&mut self) -> Task<Message> {
        self.union.reading = true;
        let settings = crate::data::district::DistrictSettings {
            station: String::new(),
            server: self.union.server.trim().to_string(),
            ca_file: self.union.certificate.trim().to_string(),
        };
        let password = std::mem::take(&mut self.union.password);
        let period = union_period(&self.union.from, &self.union.to);
        jobs::compute(
            move || {
                use hongniang_district::station;
                let password = (!password.is_empty()).then_some(password);
                // Typed here, not saved by an earlier version: read as the command
                // line reads it (a weak sslmode refused before any connection).
                let mut client = station::parse_server(&settings.server)
                    .and_then(|_| station::open(&settings, password.as_deref()))
                    .map_err(|e| e.to_string())?;
                let stations =
                    hongniang_district::figures(&mut client).map_err(|e| e.to_string())?;
                let yearly = period.clone().and_then(|(from, to)| {
                    let read = hongniang_district::station_reports(&mut client, from, to)
                        .map_err(|e| e.to_string())?;
                    let nothing_yet = read.nothing_yet(from, to);
                    let hongniang_district::PeriodReports {
                        reports,
                        unreadable,
                        waiting,
                        ..
                    } = read;
                    let total = crate::data::yearly::district_total(
                        &format!("全区合计({} 个站点)", reports.len()),
                        &reports,
                    )
                    .map(Box::new);
                    Ok(YearlyRead {
                        reports,
                        total,
                        unreadable,
                        waiting,
                        nothing_yet,
                    })
                });
                Ok(UnionFigures {
                    stations,
                    period: period.unwrap_or_else(|_| this_year()),
                    yearly,
                })
            },
            |read| Message::UnionRead(read.unwrap_or_else(|| Err("读取没有完成".into()))),
        )
    }

    /// Writes the figures shown to `path` (a workbook unless it ends in .csv).
    fn export_to(&mut self, path: PathBuf, db: &Db, actor: &Actor) {
        self.no_file_chosen = false;
        // The figures are shared with the page, which changes its messages below.
        let shown = self.stats.clone();
        if let Some(Ok(stats)) = shown.as_deref() {
            // A name typed without .csv is a workbook.
            let csv = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let xlsx = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            let path = if csv || xlsx {
                path
            } else {
                // Added, not replaced: "成功统计2025.06" stays itself.
                let mut name = path.clone().into_os_string();
                name.push(".xlsx");
                PathBuf::from(name)
            };
            let written = db.export_stats(actor, stats, &path);
            match written {
                Ok(()) => self.notice = Some(format!("已导出到 {}", path.display())),
                Err(error) => self.error = Some(error.to_string()),
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        widget::with_toast(self.page(), self.notice.as_deref(), Message::DismissNotice)
    }

    fn page(&self) -> Element<'_, Message> {
        let period = row![
            text("统计期间:从").size(style::TEXT),
            widget::date_input("最早", &self.from, Message::FromChanged, false),
            text("到").size(style::TEXT),
            widget::date_input("今天", &self.to, Message::ToChanged, false),
            widget::secondary("本年", Some(Message::ThisYear)),
            widget::secondary("全部", Some(Message::AllTime)),
            widget::secondary("PDF 报告(打印)…", Some(Message::Report)),
            widget::secondary("年度工作报告…", Some(Message::Yearly)),
            widget::secondary("红娘志愿服务记录…", Some(Message::Volunteers)),
            widget::primary("导出 Excel / CSV…", Some(Message::Export)),
        ]
        .spacing(style::SPACING)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(8);
        let mut page = column![widget::heading("成功统计"), period].spacing(style::SPACING);
        if self.no_file_chosen {
            page = page.push(
                row![
                    text("没有导出:没有选好保存的位置。如果刚才没有出现选择窗口,可以直接存到“文档”里的“红娘工作台导出”文件夹:")
                        .size(style::TEXT),
                    widget::secondary("存到“红娘工作台导出”", Some(Message::ExportToFolder)),
                ]
                .spacing(style::SPACING)
                .align_y(Alignment::Center)
                .wrap()
                .vertical_spacing(6),
            );
        }
        {
            if let Some(message) = &self.error {
                let look = style::containers::error_banner;
                page = page.push(widget::banner(text(message).size(style::TEXT), look));
            }
        }
        let stats = match self.stats.as_deref() {
            None => return page.push(widget::muted("正在统计……")).into(),
            Some(Ok(stats)) => stats,
            // A reversed period: the banner above already says so.
            Some(Err(message))
                if self
                    .error
                    .as_deref()
                    .is_some_and(|shown| shown.contains(message.as_str())) =>
            {
                return page.into();
            }
            Some(Err(error)) => {
                return page
                    .push(text(format!("统计读取失败:{error}")).size(style::TEXT))
                    .into();
            }
        };
        page.push(widget::sections(vec![
            tiles(stats),
            widget::section("介绍后双方是否同意(同意交换率)", funnel(stats)),
            widget::section("未成的原因(按阶段、按哪一方)", reasons(stats)),
            widget::section("在册会员已等介绍多久(今天)", waiting(stats)),
            widget::section("每年介绍、见面与登记结婚", years(stats)),
            widget::section("最近 12 个月新登记会员(男、女)", months(stats)),
            widget::section("在册会员年龄分布", ages(stats)),
            widget::section("各位红娘的工作", volunteers(stats)),
            widget::section("成功名单(最近的在前)", couples(stats)),
            widget::section("联谊活动与开放日", events_view(stats)),
            widget::section("本人同意与跟进", follow_through(stats)),
            widget::section("全区统计(全区工会用)", self.union_view()),
        ]))
        .into()
    }

    /// 全区统计: read with the district union's own login (counts only), and exported.
    fn union_view<'a>(&'a self) -> Element<'a, Message> {
        let u = &self.union;
        let input = |placeholder: &'static str, value: &'a str, field: UnionField| {
            iced::widget::text_input(placeholder, value)
                .on_input(move |v| Message::Union(field, v))
                .size(style::TEXT)
                .padding(style::INPUT_PADDING)
                .style(style::input(false))
        };
        let mut content = column![
            widget::muted(
                "全区工会用自己的账号读取各站点的数字(共享会员、介绍请求、跨站介绍和结婚),看不到任何人的资料。密码每次输入,不保存。"
            ),
            input(
                "服务器地址,如 host=10.0.0.5 dbname=district user=union",
                &u.server,
                UnionField::Server
            ),
            row![
                input("全区证书文件(.pem),必须选", &u.certificate, UnionField::Certificate),
                input("密码", &u.password, UnionField::Password)
                    .secure(true)
                    .on_submit(Message::ReadUnion)
                    .width(220),
                widget::primary(
                    if u.reading { "正在读取……" } else { "读取全区统计" },
                    (!u.reading && !u.server.trim().is_empty()).then_some(Message::ReadUnion)
                ),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center),
            row![
                text("各站报告的期间:从").size(style::TEXT),
                widget::date_input("今年 1 月 1 日", &u.from, |v| Message::Union(UnionField::From, v), false)
                    .on_submit(Message::ReadUnion),
                text("到").size(style::TEXT),
                widget::date_input("今年 12 月 31 日", &u.to, |v| Message::Union(UnionField::To, v), false)
                    .on_submit(Message::ReadUnion),
                widget::muted("不是整年的期间,各站下次同步时送来"),
            ]
            .spacing(style::SPACING)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(8),
        ]
        .spacing(10);
        match &u.figures {
            None => {}
            Some(Err(error)) => {
                content = content.push(text(error).size(style::TEXT).color(style::ERROR));
            }
            Some(Ok(UnionFigures {
                stations,
                period,
                yearly,
            })) => {
                let cell = |value: String, bold: bool| {
                    text(value)
                        .size(style::TEXT)
                        .color(if bold { style::RED } else { style::INK })
                        .width(Length::FillPortion(1))
                };
                let mut table = column![
                    row(FIGURE_COLUMNS.iter().map(|c| text(*c)
                        .size(style::SMALL)
                        .color(style::MUTED)
                        .width(Length::FillPortion(1))
                        .into()))
                    .spacing(8)
                ]
                .spacing(4);
                let total = district_total(stations);
                for (line, bold) in stations
                    .iter()
                    .map(|s| (s, false))
                    .chain(std::iter::once((&total, true)))
                {
                    let (code, name, counts) = line.cells();
                    let mut r = row![cell(code, bold), cell(name, bold)].spacing(8);
                    for n in counts {
                        r = r.push(cell(n.to_string(), bold));
                    }
                    table = table.push(r);
                }
                content = content.push(table).push(widget::secondary(
                    "导出 Excel(到“文档”文件夹)",
                    Some(Message::ExportUnion),
                ));
                content = content.push(yearly_view(*period, yearly));
            }
        }
        content.into()
    }
}

/// This year, the period 全区统计 reads when none is typed.
fn this_year() -> (chrono::NaiveDate, chrono::NaiveDate) {
    let today = crate::data::today();
    crate::data::yearly::year_period(chrono::Datelike::year(&today)).unwrap_or((today, today))
}

/// The period typed for 全区统计's reports (this year's first or last day where empty).
fn union_period(from: &str, to: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate), String> {
    let (first, last) = this_year();
    let day = |typed: &str, empty| match typed.trim() {
        "" => Ok(empty),
        typed => crate::data::parse::date_or_message(typed),
    };
    Ok((day(from, first)?, day(to, last)?))
}

/// The waiting stations, in words.
fn waiting_words(waiting: &[String]) -> Option<String> {
    (!waiting.is_empty()).then(|| {
        format!(
            "还没有送来这一期的站点(下次同步时会送,未算进合计):{}",
            waiting.join("、")
        )
    })
}

/// The stations' reports of `period` as the union read them, a row each and the total.
fn yearly_view(
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    yearly: &Result<YearlyRead, String>,
) -> Element<'_, Message> {
    let read = match yearly {
        Err(error) => return text(error).size(style::TEXT).color(style::ERROR).into(),
        Ok(read) => read,
    };
    let period = crate::data::yearly::period_text(from, to);
    let Some(total) = &read.total else {
        let mut said = column![widget::muted(format!("{}。", read.nothing_yet))].spacing(4);
        if let Some(words) = waiting_words(&read.waiting) {
            said = said.push(widget::muted(words));
        }
        return said.into();
    };
    const COLUMNS: [&str; 9] = [
        "站点",
        "新登记",
        "期末在册",
        "介绍",
        "见面",
        "交往",
        "登记结婚",
        "联谊活动",
        "开放日",
    ];
    let cell = |value: String, bold: bool| {
        text(value)
            .size(style::TEXT)
            .color(if bold { style::RED } else { style::INK })
            .width(Length::FillPortion(1))
    };
    let mut table = column![
        widget::heading(format!("{period} 各站工作报告")),
        row(COLUMNS.iter().enumerate().map(|(i, c)| text(*c)
            .size(style::SMALL)
            .color(style::MUTED)
            .width(Length::FillPortion(if i == 0 { 2 } else { 1 }))
            .into()))
        .spacing(8)
    ]
    .spacing(4);
    for (r, bold) in read
        .reports
        .iter()
        .map(|r| (r, false))
        .chain(std::iter::once((total.as_ref(), true)))
    {
        let values = [
            r.registered(),
            r.on_books_at_end,
            r.introductions,
            r.meetings,
            r.datings,
            r.marriages,
            r.events,
            r.open_days,
        ];
        let mut line = row![cell(r.station.clone(), bold).width(Length::FillPortion(2))].spacing(8);
        for v in values {
            line = line.push(cell(v.to_string(), bold));
        }
        table = table.push(line);
    }
    if read.unreadable > 0 {
        table = table.push(widget::muted(format!(
            "另有 {} 份报告读不懂,没有算进去。",
            read.unreadable
        )));
    }
    if let Some(words) = waiting_words(&read.waiting) {
        table = table.push(widget::muted(words));
    }
    table
        .push(widget::secondary(
            "导出年度报告 Excel(到“文档”文件夹)",
            Some(Message::ExportUnionYearly),
        ))
        .into()
}

/// The headline figures, one box each.
fn tiles(stats: &Stats) -> Element<'_, Message> {
    let t = &stats.tiles;
    let tile = |label: &'static str, value: u64| -> Element<'_, Message> {
        container(
            column![
                text(value.to_string()).size(style::TITLE).color(style::RED),
                text(label).size(style::SMALL)
            ]
            .spacing(2)
            .align_x(Alignment::Center),
        )
        .padding(12)
        .center_x(TILE_WIDTH)
        .style(style::containers::section)
        .into()
    };
    row![
        tile("在册会员", t.active_members),
        tile("本年新登记", t.registered_this_year),
        tile("累计介绍", t.introductions),
        tile("累计见面", t.meetings),
        tile("交往中", t.dating_now),
        tile("累计成功对数", t.couples),
        tile("本年成功对数", t.couples_this_year),
    ]
    .spacing(style::SPACING)
    .wrap()
    .vertical_spacing(style::SPACING)
    .into()
}

/// Introductions, meetings and marriages, year by year.
fn years(stats: &Stats) -> Element<'_, Message> {
    bars(
        &stats.years,
        &[
            ("介绍", |p: &Period| p.introductions, chart::INTRODUCED),
            ("见面", |p: &Period| p.meetings, chart::MET),
            ("登记结婚", |p: &Period| p.marriages, chart::MARRIED),
        ],
    )
}

/// Men and women registered in each of the last 12 months.
fn months(stats: &Stats) -> Element<'_, Message> {
    let recent: Vec<Period> = stats.months.iter().rev().take(12).rev().cloned().collect();
    bars(
        &recent,
        &[
            ("新登记(男)", |p: &Period| p.registered_male, chart::MALE),
            (
                "新登记(女)",
                |p: &Period| p.registered_female,
                chart::FEMALE,
            ),
        ],
    )
}

/// Active members by age group, men and women.
fn ages(stats: &Stats) -> Element<'_, Message> {
    groups(
        stats
            .ages
            .iter()
            .map(|a| {
                (
                    a.group.clone(),
                    vec![
                        (a.male, chart::MALE, format!("男 {}", a.male)),
                        (a.female, chart::FEMALE, format!("女 {}", a.female)),
                    ],
                )
            })
            .collect(),
    )
}

/// "值班 12 天 · 30 小时", and what needs a look: "排了班没来 1 天", "2 次没签退".
fn duty_words(duty: &crate::data::rota::DutyFigures) -> String {
    let mut words = format!(
        "值班 {} 天 · {}",
        duty.days,
        crate::data::duty::hours_text(duty.minutes)
    );
    let missed = duty.rota_days.saturating_sub(duty.rota_days_came);
    if missed > 0 {
        words += &format!(" · 排了班没来 {missed} 天");
    }
    if duty.open > 0 {
        words += &format!(" · {} 次没签退", duty.open);
    }
    words
}

/// Each volunteer's introductions, marriages, registrations and duty.
fn volunteers(stats: &Stats) -> Element<'_, Message> {
    groups(
        stats
            .volunteers
            .iter()
            .map(|v| {
                (
                    v.volunteer.clone(),
                    vec![
                        (
                            v.introductions,
                            chart::INTRODUCED,
                            format!("介绍 {}", v.introductions),
                        ),
                        (
                            v.marriages,
                            chart::MARRIED,
                            format!("成功 {} 对 · 登记 {} 人", v.marriages, v.registrations),
                        ),
                        (v.duty.days, chart::MET, duty_words(&v.duty)),
                    ],
                )
            })
            .collect(),
    )
}

/// The couples married, newest first (30 at most).
fn couples(stats: &Stats) -> Element<'_, Message> {
    let mut couples = column![
        iced::widget::row![
            widget::secondary("导出同意宣传的夫妻(CSV)…", Some(Message::ExportCouples)),
            widget::muted("只有两人都同意宣传的,按各自同意的署名"),
        ]
        .spacing(style::SPACING)
        .align_y(iced::Alignment::Center)
        .wrap()
        .vertical_spacing(8)
    ]
    .spacing(2);
    for c in stats.couples.iter().rev().take(30) {
        couples = couples.push(
            text(format!(
                "{}  {}({}) 与 {}({}) · 介绍于 {} · {}",
                c.married_on,
                c.name_a,
                c.number_a,
                c.name_b,
                c.number_b,
                c.introduced_on,
                c.volunteer
            ))
            .size(style::SMALL),
        );
    }
    if stats.couples.len() > 30 {
        couples = couples.push(widget::muted(format!(
            "共 {} 对,完整名单请导出 Excel。",
            stats.couples.len()
        )));
    }
    couples.into()
}

/// How far the introductions asked first went: agreed by one side, both, contacts exchanged.
fn funnel(stats: &Stats) -> Element<'_, Message> {
    let a = &stats.agreements;
    if a.introductions == 0 {
        return widget::muted("这段时间没有按“先问双方、再交换联系方式”记录的介绍。");
    }
    column![
        groups(vec![(
            "介绍".into(),
            vec![
                (
                    a.introductions,
                    chart::INTRODUCED,
                    format!("介绍 {}", a.introductions)
                ),
                (
                    a.first_agreed,
                    chart::FIRST_AGREED,
                    format!("第一方同意 {}", a.first_agreed)
                ),
                (
                    a.both_agreed,
                    chart::MET,
                    format!("双方同意 {}", a.both_agreed)
                ),
                (
                    a.exchanged,
                    chart::MARRIED,
                    format!("交换联系方式 {}", a.exchanged)
                ),
            ],
        )]),
        text(format!(
            "同意交换率(交换联系方式 ÷ 介绍):{}{}",
            a.exchange_rate()
                .map_or("—".to_string(), |r| format!("{r:.1}%")),
            if a.waiting_answer > 0 {
                format!(";其中 {} 次还在等答复", a.waiting_answer)
            } else {
                String::new()
            }
        ))
        .size(style::TEXT),
    ]
    .spacing(8)
    .into()
}

/// Why introductions ended: by stage and by side.
fn reasons(stats: &Stats) -> Element<'_, Message> {
    if stats.reasons.is_empty() {
        return widget::muted("这段时间没有未成的介绍。");
    }
    let mut table = column![
        row![
            text("原因")
                .size(style::SMALL)
                .width(Length::FillPortion(3)),
            text("合计")
                .size(style::SMALL)
                .width(Length::FillPortion(1)),
            text("什么时候")
                .size(style::SMALL)
                .width(Length::FillPortion(4)),
            text("谁提出的")
                .size(style::SMALL)
                .width(Length::FillPortion(5)),
        ]
        .spacing(8)
    ]
    .spacing(4);
    for r in &stats.reasons {
        table = table.push(
            row![
                text(r.reason.as_str())
                    .size(style::SMALL)
                    .width(Length::FillPortion(3)),
                text(r.total.to_string())
                    .size(style::SMALL)
                    .color(style::RED)
                    .width(Length::FillPortion(1)),
                text(format!(
                    "介绍后 {} · 见面后 {} · 交往中 {}",
                    r.at_introduction, r.at_meeting, r.at_dating
                ))
                .size(style::SMALL)
                .width(Length::FillPortion(4)),
                text(sides_in_words(r))
                    .size(style::SMALL)
                    .width(Length::FillPortion(5)),
            ]
            .spacing(8),
        );
    }
    table.into()
}

/// How long active members have waited for an introduction, never introduced or not.
fn waiting(stats: &Stats) -> Element<'_, Message> {
    groups(
        stats
            .waiting
            .iter()
            .map(|w| {
                (
                    w.group.clone(),
                    vec![
                        (
                            w.never_introduced,
                            chart::MARRIED,
                            format!("从未介绍 {}", w.never_introduced),
                        ),
                        (
                            w.introduced_before,
                            chart::INTRODUCED,
                            format!("介绍过 {}", w.introduced_before),
                        ),
                    ],
                )
            })
            .collect(),
    )
}

/// 联谊活动 in the period (one line each and the total) and the open days' yearly totals.
/// 本人同意与跟进: the core's sentences, one a line.
fn follow_through(stats: &Stats) -> Element<'_, Message> {
    iced::widget::Column::with_children(
        stats
            .follow_through
            .lines()
            .into_iter()
            .map(|line| text(line).size(style::TEXT).into()),
    )
    .spacing(8)
    .into()
}

fn events_view(stats: &crate::data::stats::Stats) -> Element<'_, Message> {
    let cell = |value: String, portion: u16| {
        text(value)
            .size(style::SMALL)
            .width(Length::FillPortion(portion))
    };
    let line = |e: &crate::data::stats::EventRow, total: bool| -> Element<'_, Message> {
        let title = match (total, e.on_date) {
            (true, _) => format!("合计 {} 场", stats.events.len()),
            (false, Some(on)) => format!("{on} {}", e.title),
            (false, None) => e.title.clone(),
        };
        row![
            cell(title, 4),
            cell(format!("{} / {}", e.arrived_men, e.arrived_women), 2),
            cell(format!("{}({})", e.no_show, e.no_show_rate()), 2),
            cell(format!("{} 对({})", e.matches, e.match_rate()), 2),
            cell(format!("{} / {}", e.introductions, e.marriages), 2),
        ]
        .spacing(8)
        .into()
    };
    let mut page = column![].spacing(6);
    if stats.events.is_empty() {
        page = page.push(widget::muted("这段时间没有举行联谊活动。"));
    } else {
        page = page.push(
            row![
                cell("活动".into(), 4),
                cell("到场男/女".into(), 2),
                cell("未到".into(), 2),
                cell("互选成功".into(), 2),
                cell("介绍/结婚".into(), 2),
            ]
            .spacing(8),
        );
        for e in &stats.events {
            page = page.push(line(e, false));
        }
        page = page.push(line(&stats.events_total, true));
        page = page.push(
            text(format!(
                "联谊活动自己的漏斗(不计入一对一介绍的同意率):{}",
                stats.events_total.funnel()
            ))
            .size(style::TEXT),
        );
        page = page.push(widget::muted(format!(
            "未到后面括号里是爽约率(未到 ÷(到场 + 未到)),互选成功是对数,括号里是互选成功率(至少和一位嘉宾互选成功的到场人数 ÷ 到场人数)。来自联谊活动的介绍共 {} 次,其中 {} 对已登记结婚。",
            stats.event_introductions, stats.event_marriages
        )));
    }
    for y in &stats.event_money {
        let sources: Vec<String> = crate::data::events::Funding::ALL
            .iter()
            .zip(&y.by_source)
            .filter(|(_, fen)| **fen > 0)
            .map(|(f, fen)| {
                format!(
                    "{} {}",
                    f.label(),
                    crate::data::event_partners::yuan_text(*fen)
                )
            })
            .collect();
        page = page.push(
            text(format!(
                "{} 年联谊活动 {} 场(有合办单位的 {} 场,企业订单式 {} 场):{}{}{}",
                y.year,
                y.events,
                y.with_partners,
                y.ordered,
                if y.total_fen == 0 {
                    "没有记经费".to_string()
                } else {
                    format!(
                        "经费合计 {}",
                        crate::data::event_partners::yuan_text(y.total_fen)
                    )
                },
                if sources.is_empty() {
                    String::new()
                } else {
                    format!("({})", sources.join("、"))
                },
                y.per_guest().map(|p| format!(",{p}")).unwrap_or_default()
            ))
            .size(style::TEXT),
        );
    }
    if stats.open_days.is_empty() {
        page = page.push(widget::muted(
            "这段时间没有记下开放日(首页的“今天来访”按钮会记)。",
        ));
    }
    for y in &stats.open_days {
        page = page.push(
            text(format!(
                "{} 年开放日 {} 天:来访单身青年 {} 人、家长/亲属 {} 人,当天登记 {} 位,当天介绍 {} 次",
                y.year, y.days, y.singles, y.parents, y.registrations, y.introductions
            ))
            .size(style::TEXT),
        );
    }
    page.into()
}

/// A horizontal bar of `value` out of `max`, with its label.
fn bar<'a>(value: u64, max: u64, color: iced::Color, label: String) -> Element<'a, Message> {
    let portion = ((value as f64 / max as f64) * 1000.0).round() as u16;
    let filled = container(iced::widget::space().height(14))
        .width(Length::FillPortion(portion.max(1)))
        .style(move |_| container::Style {
            background: Some(iced::Background::Color(color)),
            ..container::Style::default()
        });
    let rest =
        iced::widget::space().width(Length::FillPortion(1000u16.saturating_sub(portion).max(1)));
    row![
        row![
            if value == 0 {
                iced::widget::space().width(Length::FillPortion(1)).into()
            } else {
                Element::from(filled)
            },
            rest
        ]
        .width(Length::FillPortion(3)),
        text(label).size(style::SMALL).width(Length::FillPortion(2)),
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}

type Series = (&'static str, fn(&Period) -> u64, iced::Color);

/// For each period, one bar per series, all on the same scale.
fn bars<'a>(periods: &[Period], series: &[Series]) -> Element<'a, Message> {
    if periods.is_empty() {
        return widget::muted("这段时间没有数据。");
    }
    let rows = periods
        .iter()
        .map(|p| {
            let values = series
                .iter()
                .map(|(label, value, color)| (value(p), *color, format!("{label} {}", value(p))))
                .collect();
            (p.period.clone(), values)
        })
        .collect();
    scrollable(groups(rows)).height(Length::Shrink).into()
}

/// One bar: its value, colour and label.
type Bar = (u64, iced::Color, String);

/// One labelled group of bars per row, all on one scale.
fn groups<'a>(rows: Vec<(String, Vec<Bar>)>) -> Element<'a, Message> {
    let max = rows
        .iter()
        .flat_map(|(_, values)| values.iter().map(|(value, _, _)| *value))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut chart = column![].spacing(4);
    for (name, values) in rows {
        let mut lines = column![].spacing(2);
        for (value, color, label) in values {
            lines = lines.push(bar(value, max, color, label));
        }
        chart = chart
            .push(row![text(name).size(style::SMALL).width(100), lines].spacing(style::SPACING));
    }
    chart.into()
}

/// Who ended the introductions of one reason, in words, the sides nobody named left out:
/// "男方 139", "女方 2 · 双方 1".
fn sides_in_words(r: &crate::data::stats::ReasonRow) -> String {
    let said: Vec<String> = [
        ("男方", r.by_man),
        ("女方", r.by_woman),
        ("双方", r.by_both),
        ("都不是", r.by_neither),
        ("未记录", r.side_unknown),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(who, n)| format!("{who} {n}"))
    .collect();
    if said.is_empty() {
        "—".to_string()
    } else {
        said.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use crate::data::stats::ReasonRow;

    #[test]
    fn who_ended_them_is_said_in_words_without_the_empty_sides() {
        let row = ReasonRow {
            by_man: 139,
            ..ReasonRow::default()
        };
        assert_eq!(super::sides_in_words(&row), "男方 139");
        let row = ReasonRow {
            by_woman: 2,
            by_both: 1,
            side_unknown: 4,
            ..ReasonRow::default()
        };
        assert_eq!(super::sides_in_words(&row), "女方 2 · 双方 1 · 未记录 4");
        assert_eq!(super::sides_in_words(&ReasonRow::default()), "—");
    }
}
