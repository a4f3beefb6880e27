//! How long each message handler of the window (`App::update`) holds the UI thread, on a
//! 100,000-member demo station: every handler should fit in one frame (16 ms), writes included.
//! Work a handler hands to a background task is not counted (that is the point of the task);
//! the handler that applies its answer is.
//!
//! `cargo bench --bench update` (the demo database is made once in `target/bench-data/`);
//! `UPDATE_BENCH_MEMBERS=10000` for a smaller station.

use criterion::Criterion;
use hongniang::data::model::MemberStatus;
use hongniang::data::{Db, demo};
use hongniang::gui::screen::{
    detail, home, introductions, pair, register, search, settings, statistics,
};
use hongniang::gui::{App, Indexes, Message, Page, Screen, session};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

/// The demo station, made once; each run works on a copy of it.
fn demo_file(members: u64) -> PathBuf {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&folder).expect("bench folder");
    let path = folder.join(format!("gui-demo-{members}.db"));
    let ready = Db::open(&path)
        .and_then(|db| db.count_members())
        .is_ok_and(|n| n == members);
    if !ready {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let mut db = Db::open(&path).expect("database");
        demo::generate(&mut db, members, 1, today(), &mut |_| {}).expect("demo members");
        db.connection()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint");
    }
    path
}

/// A window on a copy of the station, signed in, with its indexes ready.
struct Station {
    _dir: tempfile::TempDir,
    app: App,
    indexes: Indexes,
}

impl Station {
    fn open(source: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("station.db");
        std::fs::copy(source, &path).expect("copy of the demo");
        let db = Db::open(&path).expect("open the copy");
        let indexes = Indexes::build(&db).expect("indexes");
        let volunteer = db.volunteers().expect("volunteers")[0].id;
        let mut app = App::new(db, path);
        let _ = app.update(Message::Session(session::Message::ChooseDuty(volunteer)));
        let mut station = Self {
            _dir: dir,
            app,
            indexes,
        };
        station.indexes_ready();
        station
    }

    fn indexes_ready(&mut self) {
        let generation = self.app.index_generation();
        let _ = self
            .app
            .update(Message::IndexReady(generation, Ok(self.indexes.clone())));
    }

    fn feed(&mut self, messages: impl IntoIterator<Item = Message>) {
        for message in messages {
            let _ = self.app.update(message);
        }
    }

    /// The 配对 screen on `member`, with their pairing worked out (as its task would).
    fn paired(&mut self, member: i64) {
        self.feed([
            Message::Navigate(Page::Pair),
            Message::Pair(pair::Message::Choose(member)),
        ]);
        let generation = match self.app.screen() {
            Screen::Pair(screen) => screen.generations().1,
            _ => 0,
        };
        let pairing = hongniang::data::pairing::pair(
            self.app.db(),
            &self.indexes.pairing,
            member,
            today(),
            pair::LIMIT,
        )
        .map_err(|e| e.to_string());
        self.feed([Message::Pair(pair::Message::Paired(
            generation,
            Arc::new(pairing),
        ))]);
    }

    /// A member who can be paired, and one of their candidates.
    fn pair_of(&self) -> (i64, i64) {
        let db = self.app.db();
        let search = &self.indexes.search;
        let query = hongniang::data::search::Query {
            status: Some(MemberStatus::Active),
            ..Default::default()
        };
        for &p in search.search(&query, today()).positions.iter().take(200) {
            let id = search.member_id(p);
            if !self.indexes.pairing.contains(id) {
                continue;
            }
            if let Ok(found) =
                hongniang::data::pairing::pair(db, &self.indexes.pairing, id, today(), 5)
                && let Some(first) = found.candidates.first()
            {
                return (id, first.member_id);
            }
        }
        panic!("no pair in the demo")
    }
}

/// The timed message of a case, made from the station and the iteration's number.
type MakeMessage = Box<dyn Fn(&Station, u64) -> Message>;

/// One handler: the messages that bring the window to where it runs (not timed), then the
/// timed message.
struct Case {
    name: &'static str,
    setup: Box<dyn Fn(&mut Station)>,
    message: MakeMessage,
}

fn case(
    name: &'static str,
    setup: impl Fn(&mut Station) + 'static,
    message: impl Fn(&Station, u64) -> Message + 'static,
) -> Case {
    Case {
        name,
        setup: Box::new(setup),
        message: Box::new(message),
    }
}

fn nothing(_: &mut Station) {}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for page in [
        Page::Home,
        Page::Register,
        Page::Members,
        Page::Search,
        Page::Pair,
        Page::Introductions,
        Page::Statistics,
        Page::Settings,
    ] {
        cases.push(case(page.label(), nothing, move |_, _| {
            Message::Navigate(page)
        }));
    }
    cases.extend([
        // 等待介绍 and 回访确认, read in the background: the handler that shows them.
        case(
            "首页:名单到达",
            |s| s.feed([Message::Navigate(Page::Home)]),
            |s, _| {
                let lists = home::Lists::read(s.app.db(), today()).map_err(|e| e.to_string());
                Message::Home(home::Message::ListsReady(lists))
            },
        ),
        case("索引就绪", nothing, |s, _| {
            Message::IndexReady(s.app.index_generation(), Ok(s.indexes.clone()))
        }),
        case(
            "查询:输入",
            |s| s.feed([Message::Navigate(Page::Search)]),
            |_, i| Message::Search(search::Message::Text(format!("王{}", i % 3))),
        ),
        case(
            "查询:结果",
            |s| s.feed([Message::Navigate(Page::Search)]),
            |s, _| {
                let query = hongniang::data::search::Query {
                    text: "王".into(),
                    ..Default::default()
                };
                let results = s.indexes.search.search(&query, today());
                let generation = match s.app.screen() {
                    Screen::Search(screen) => screen.generation(),
                    _ => 0,
                };
                Message::Search(search::Message::Results(generation, results))
            },
        ),
        case(
            "配对:找人",
            |s| s.feed([Message::Navigate(Page::Pair)]),
            |_, i| Message::Pair(pair::Message::QueryChanged(format!("王{}", i % 3))),
        ),
        case(
            "配对:选人",
            |s| s.feed([Message::Navigate(Page::Pair)]),
            |s, _| Message::Pair(pair::Message::Choose(s.pair_of().0)),
        ),
        case(
            "配对:介绍",
            |s| {
                let (member, candidate) = s.pair_of();
                s.paired(member);
                let pick = match s.app.screen() {
                    Screen::Pair(screen) => screen
                        .pairing()
                        .and_then(|p| p.candidates.iter().position(|c| c.member_id == candidate)),
                    _ => None,
                };
                s.feed([
                    Message::Pair(pair::Message::Select(pair::Pick::Fit(pick.unwrap_or(0)))),
                    Message::Pair(pair::Message::Introduce),
                ]);
            },
            |_, _| Message::Pair(pair::Message::Confirm),
        ),
        case(
            "配对:找人结果",
            |s| s.feed([Message::Navigate(Page::Pair)]),
            |s, _| {
                let generation = match s.app.screen() {
                    Screen::Pair(screen) => screen.generations().0,
                    _ => 0,
                };
                let query = hongniang::data::search::Query {
                    text: "王".into(),
                    status: Some(MemberStatus::Active),
                    ..Default::default()
                };
                let search = &s.indexes.search;
                let results = search.search(&query, today());
                let found = results
                    .positions
                    .iter()
                    .take(8)
                    .map(|&p| search.summary(p))
                    .collect();
                Message::Pair(pair::Message::Found(generation, (found, results.len())))
            },
        ),
        case(
            "配对:配对结果",
            |s| {
                let member = s.pair_of().0;
                s.feed([
                    Message::Navigate(Page::Pair),
                    Message::Pair(pair::Message::Choose(member)),
                ]);
            },
            |s, _| {
                let (generation, member) = match s.app.screen() {
                    Screen::Pair(screen) => (screen.generations().1, screen.member_id()),
                    _ => (0, None),
                };
                let pairing = hongniang::data::pairing::pair(
                    s.app.db(),
                    &s.indexes.pairing,
                    member.unwrap_or(0),
                    today(),
                    pair::LIMIT,
                )
                .map_err(|e| e.to_string());
                Message::Pair(pair::Message::Paired(generation, Arc::new(pairing)))
            },
        ),
        case(
            "统计:结果",
            |s| s.feed([Message::Navigate(Page::Statistics)]),
            |s, _| {
                let generation = match s.app.screen() {
                    Screen::Statistics(screen) => screen.generation(),
                    _ => 0,
                };
                let stats = s
                    .app
                    .db()
                    .stats(None, None, today())
                    .map_err(|e| e.to_string());
                Message::Statistics(statistics::Message::Counted(generation, Arc::new(stats)))
            },
        ),
        case(
            "统计:改日期",
            |s| s.feed([Message::Navigate(Page::Statistics)]),
            |_, _| Message::Statistics(statistics::Message::FromChanged("2024-01-01".into())),
        ),
        case(
            "登记:保存",
            |s| {
                s.feed([Message::Navigate(Page::Register)]);
                let unique = s.app.db().count_members().unwrap_or(0);
                let mut typed = vec![
                    (register::Input::Field("name"), format!("测试{unique}")),
                    (register::Input::Birth, "1991-03".to_string()),
                    (register::Input::Height, "165".to_string()),
                    (register::Input::Field("phone"), format!("139{unique:08}")),
                    (register::Input::Field("gender"), "女".to_string()),
                ];
                for (input, text) in typed.drain(..) {
                    s.feed([Message::Register(register::Message::Edit(input, text))]);
                }
                s.feed([Message::Register(register::Message::Toggle(
                    register::Flag::Consent,
                    true,
                ))]);
            },
            |_, _| Message::Register(register::Message::Save),
        ),
        case(
            "会员:打开",
            |s| s.feed([Message::Navigate(Page::Members)]),
            |_, _| Message::Members(hongniang::gui::screen::members::Message::OpenRow(0)),
        ),
        case(
            "会员:显示号码",
            |s| {
                let id = s.pair_of().0;
                s.feed([
                    Message::Navigate(Page::Pair),
                    Message::Pair(pair::Message::OpenMember(id)),
                ]);
            },
            |_, _| Message::Detail(detail::Message::Reveal),
        ),
        case(
            "牵线记录:筛选",
            |s| s.feed([Message::Navigate(Page::Introductions)]),
            |_, _| Message::Introductions(introductions::Message::FromChanged("2024-01-01".into())),
        ),
        case(
            "牵线记录:筛选结果",
            |s| {
                s.feed([
                    Message::Navigate(Page::Introductions),
                    Message::Introductions(introductions::Message::FromChanged(
                        "2024-01-01".into(),
                    )),
                ])
            },
            |s, _| {
                let generation = match s.app.screen() {
                    Screen::Introductions(screen) => screen.generation(),
                    _ => 0,
                };
                let filter = hongniang::data::introductions::Filter {
                    from: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
                    ..Default::default()
                };
                let found = s
                    .app
                    .db()
                    .find_introductions(&filter, 0, introductions::PAGE)
                    .map_err(|e| e.to_string());
                Message::Introductions(introductions::Message::Loaded(generation, Arc::new(found)))
            },
        ),
        case(
            "设置:回访天数",
            |s| {
                s.feed([
                    Message::Navigate(Page::Settings),
                    Message::Settings(settings::Message::Reminders(
                        settings::reminders::Message::FollowUpDaysChanged("21".into()),
                    )),
                ])
            },
            |_, _| {
                Message::Settings(settings::Message::Reminders(
                    settings::reminders::Message::SaveFollowUpDays,
                ))
            },
        ),
    ]);
    cases
}

fn main() {
    let members: u64 = std::env::var("UPDATE_BENCH_MEMBERS")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(100_000);
    let source = demo_file(members);
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let mut station = Station::open(&source);
    let medians: Arc<Mutex<Vec<(&'static str, Duration)>>> = Arc::default();
    let mut group = criterion.benchmark_group(format!("update-{members}"));
    for case in cases() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        group.bench_function(case.name, |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for i in 0..iterations {
                    let _ = station.app.update(Message::Navigate(Page::Home));
                    station.indexes_ready();
                    (case.setup)(&mut station);
                    let message = (case.message)(&station, i);
                    let start = Instant::now();
                    let task = station.app.update(message);
                    let took = start.elapsed();
                    drop(task);
                    total += took;
                    if let Ok(mut seen) = record.lock() {
                        seen.push(took);
                    }
                }
                total
            })
        });
        let mut seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
        seen.sort();
        if let (Some(median), Ok(mut medians)) = (seen.get(seen.len() / 2), medians.lock()) {
            medians.push((case.name, *median));
        }
    }
    group.finish();
    let mut medians = medians.lock().map(|m| m.clone()).unwrap_or_default();
    medians.sort_by_key(|&(_, median)| std::cmp::Reverse(median));
    println!("\nApp::update on {members} members, median per handler, slowest first:");
    for (name, median) in &medians {
        let mark = if *median > Duration::from_millis(16) {
            "  > 16 ms"
        } else {
            ""
        };
        println!("  {name:<16} {:>9.2} ms{mark}", median.as_secs_f64() * 1e3);
    }
    criterion.final_summary();
}
