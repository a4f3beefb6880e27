//! `hongniang district …` against a real PostgreSQL (tools/district-pg; `.ci/run` starts one
//! and sets HONGNIANG_REQUIRE_PG so that CI never skips): two stations join, sync, and see
//! each other's shared members.

use crate::common::{hongniang, stderr, stdout};
use postgres::{Config, NoTls};

/// The test cluster's superuser connection and the district's certificate, or `None`.
fn server() -> Option<(Config, String)> {
    match (
        std::env::var("HONGNIANG_PG"),
        std::env::var("HONGNIANG_PG_CA"),
    ) {
        (Ok(config), Ok(ca)) => Some((config.parse().expect("a connection string"), ca)),
        _ => {
            assert!(
                std::env::var_os("HONGNIANG_REQUIRE_PG").is_none(),
                "HONGNIANG_PG / HONGNIANG_PG_CA are not set: start a server with tools/district-pg"
            );
            eprintln!("skipped: no PostgreSQL (HONGNIANG_PG)");
            None
        }
    }
}

struct Station {
    db: std::path::PathBuf,
    password_file: std::path::PathBuf,
}

impl Station {
    fn run(&self, args: &[&str], password: Option<&str>) -> std::process::Output {
        let file = self.password_file.to_str().unwrap();
        let mut env = vec![("HONGNIANG_DISTRICT_PASSWORD_FILE", file)];
        if let Some(password) = password {
            env.push(("HONGNIANG_DISTRICT_PASSWORD", password));
        }
        hongniang(&self.db, args, &env, None)
    }
}

#[test]
fn two_stations_join_sync_and_see_each_others_shared_members() {
    let Some((config, ca)) = server() else { return };
    let mut admin = config.connect(NoTls).unwrap();
    admin
        .batch_execute("DROP DATABASE IF EXISTS hn_cli")
        .unwrap();
    admin.batch_execute("CREATE DATABASE hn_cli").unwrap();
    let mut district = config.clone();
    district.dbname("hn_cli");
    let mut district = district.connect(NoTls).unwrap();
    hongniang_district::migrate(&mut district).unwrap();
    hongniang_district::add_station(&mut district, "湖滨", "湖滨街道工会", "cli_hubin").unwrap();
    hongniang_district::add_station(&mut district, "南星", "南星街道工会", "cli_nanxing").unwrap();
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => "127.0.0.1".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let server = |role: &str| format!("host={host} port={port} dbname=hn_cli user={role}");

    let dir = tempfile::tempdir().unwrap();
    let station = |name: &str, seed: &str| {
        let db = dir.path().join(format!("{name}.db"));
        let demo = hongniang(&db, &["demo", "--members", "80", "--seed", seed], &[], None);
        assert!(demo.status.success(), "{}", stderr(&demo));
        Station {
            db,
            password_file: dir.path().join(format!("{name}.password")),
        }
    };
    let a = station("a", "1");
    let b = station("b", "2");

    // Not set up yet: said, nothing done.
    let early = a.run(&["district", "sync"], None);
    assert_eq!(early.status.code(), Some(1));
    assert!(
        stderr(&early).contains("还没有加入全区共享"),
        "{}",
        stderr(&early)
    );

    // A password in the server string is refused before anything is kept.
    let with_password = format!("{} password=abc", server("cli_hubin"));
    let refused = a.run(
        &[
            "district",
            "setup",
            "--station",
            "湖滨",
            "--server",
            &with_password,
        ],
        Some("pw"),
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("不能写密码"),
        "{}",
        stderr(&refused)
    );
    assert!(!a.password_file.exists());
    // Without the district's certificate, or with a mode that may send the password in clear
    // text or to any server: refused in words, before the password is asked for or kept.
    let refused = a.run(
        &[
            "district",
            "setup",
            "--station",
            "湖滨",
            "--server",
            &server("cli_hubin"),
        ],
        Some("pw"),
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("请选上全区的证书文件"),
        "{}",
        stderr(&refused)
    );
    for mode in ["disable", "prefer", "require"] {
        let weak = format!("{} sslmode={mode}", server("cli_hubin"));
        let refused = a.run(
            &[
                "district",
                "setup",
                "--station",
                "湖滨",
                "--server",
                &weak,
                "--ca",
                &ca,
            ],
            Some("pw"),
        );
        assert_eq!(refused.status.code(), Some(1));
        assert!(
            stderr(&refused).contains(&format!("sslmode={mode} 不够安全")),
            "{}",
            stderr(&refused)
        );
    }
    assert!(!a.password_file.exists());
    let status = a.run(&["district", "status"], None);
    assert!(stdout(&status).contains("还没有加入全区共享"));

    let setup = |s: &Station, code: &str, role: &str| {
        let out = s.run(
            &[
                "district",
                "setup",
                "--station",
                code,
                "--server",
                &server(role),
                "--ca",
                &ca,
            ],
            Some("pw"),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains(&format!("站点代码 {code}")),
            "{}",
            stdout(&out)
        );
    };
    setup(&a, "湖滨", "cli_hubin");
    assert_eq!(std::fs::read_to_string(&a.password_file).unwrap(), "pw");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&a.password_file).unwrap().permissions();
        assert_eq!(mode.mode() & 0o777, 0o600);
    }
    setup(&b, "南星", "cli_nanxing");

    let shared = |s: &Station| {
        let out = s.run(&["district", "preview", "--json"], None);
        let profiles: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        profiles
    };
    let from_a = shared(&a);
    let from_b = shared(&b);
    assert!(!from_a.is_empty() && !from_b.is_empty());
    assert!(from_a[0]["key"].as_str().unwrap().starts_with("湖滨-"));

    let sync = |s: &Station| {
        let out = s.run(&["district", "sync"], None);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let first = sync(&a);
    assert!(
        first.contains(&format!("发出 {} 份", from_a.len())),
        "{first}"
    );
    let second = sync(&b);
    assert!(
        second.contains(&format!("收到其他站 {} 份", from_a.len())),
        "{second}"
    );
    let again = sync(&a);
    assert!(
        again.contains(&format!("收到其他站 {} 份", from_b.len())),
        "{again}"
    );
    assert!(sync(&a).contains("双方都没有新的变化"));

    // 全区 pairing over what the sync brought: B's members only, as their cards show them.
    let number = from_a[0]["key"]
        .as_str()
        .unwrap()
        .trim_start_matches("湖滨-")
        .to_string();
    let paired = a.run(&["district", "pair", &number, "--json"], None);
    assert!(paired.status.success(), "{}", stderr(&paired));
    let answer: serde_json::Value = serde_json::from_slice(&paired.stdout).unwrap();
    let gender = &from_a[0]["gender"];
    let others = from_b.iter().filter(|p| &p["gender"] != gender).count();
    assert_eq!(answer["pool"], others);
    for c in answer["candidates"].as_array().unwrap() {
        assert_eq!(c["profile"]["station"], "南星");
        assert!(c["profile"].get("name").is_none() && c["profile"].get("phone").is_none());
    }
    // 全区 search over the same: every one of B's shared members, by their cards.
    let found = a.run(&["district", "search", "--json", "--limit", "1000"], None);
    assert!(found.status.success(), "{}", stderr(&found));
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(found["total"], from_b.len());
    let women = stdout(&a.run(&["district", "search", "--gender", "女"], None));
    let count = from_b
        .iter()
        .filter(|p| p["gender"] == "女" || p["gender"] == "female")
        .count();
    assert!(women.contains(&format!("全区找到 {count} 位")), "{women}");
    let text = stdout(&a.run(&["district", "pair", &number], None));
    assert!(text.contains("全区符合双方要求"), "{text}");

    // A request from 湖滨 for this member to one of 南星's, answered by 南星.
    let partner = from_b.iter().find(|p| &p["gender"] != gender).unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    let asked = a.run(
        &[
            "district",
            "ask",
            &number,
            &partner,
            "--note",
            "湖滨站 楼老师 0571-87000000",
        ],
        None,
    );
    assert!(asked.status.success(), "{}", stderr(&asked));
    assert!(
        stdout(&asked).contains("已向南星站请求介绍"),
        "{}",
        stdout(&asked)
    );
    sync(&b);
    let listed = b.run(&["district", "requests", "--json"], None);
    let requests: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["sent"], false);
    assert_eq!(requests[0]["partner_key"], from_a[0]["key"]);
    let id = requests[0]["id"].to_string();
    let text = stdout(&b.run(&["district", "requests"], None));
    assert!(
        text.contains("收到") && text.contains("等本站答复"),
        "{text}"
    );
    assert!(text.contains("留言:湖滨站 楼老师 0571-87000000"), "{text}");
    let neither = b.run(&["district", "answer", &id], None);
    assert_eq!(neither.status.code(), Some(2), "--accept or --decline");
    let answered = b.run(&["district", "answer", &id, "--accept"], None);
    assert!(answered.status.success(), "{}", stderr(&answered));
    assert!(
        stdout(&answered).contains("已答复湖滨站:本站已同意"),
        "{}",
        stdout(&answered)
    );
    assert!(
        stdout(&answered).contains("已记入本站牵线记录"),
        "{}",
        stdout(&answered)
    );
    sync(&a);
    let text = stdout(&a.run(&["district", "requests"], None));
    assert!(
        text.contains("发出") && text.contains("南星站已同意"),
        "{text}"
    );
    // 湖滨 follows its side in its own 牵线记录 to the wedding, and tells the district.
    let listed = a.run(&["district", "requests", "--json"], None);
    let requests: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    let introduction = requests[0]["introduction_id"].to_string();
    assert!(
        text.contains(&format!(
            "已记入本站牵线记录,双方都同意了:下一步两站红娘交换联系方式(intro show {introduction})"
        )),
        "{text}"
    );
    let shown = stdout(&a.run(&["intro", "show", &introduction], None));
    assert!(shown.contains("(南星站)"), "{shown}");
    for step in [
        vec!["intro", "exchange", &introduction],
        vec!["intro", "advance", &introduction, "见面"],
        vec!["intro", "advance", &introduction, "登记结婚"],
    ] {
        let done = a.run(&step, None);
        assert!(done.status.success(), "{step:?}: {}", stderr(&done));
    }
    sync(&a);

    // The district union's figures, with its own role: counts per station and in total.
    district
        .batch_execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cli_union') THEN
                CREATE ROLE cli_union LOGIN; END IF; END $$; GRANT hn_union TO cli_union;",
        )
        .unwrap();
    let book = dir.path().join("全区统计.xlsx");
    let figures = a.run(
        &[
            "district",
            "figures",
            "--server",
            &server("cli_union"),
            "--ca",
            &ca,
            "-o",
            book.to_str().unwrap(),
        ],
        Some(""),
    );
    assert!(figures.status.success(), "{}", stderr(&figures));
    let text = stdout(&figures);
    let line = |code: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{code}\t")))
            .unwrap_or_else(|| panic!("{code} in {text}"))
            .split('\t')
            .skip(2)
            .map(|n| n.parse::<usize>().unwrap())
            .collect::<Vec<_>>()
    };
    // The married member left the pool at 湖滨's sync.
    assert_eq!(line("湖滨"), [from_a.len() - 1, 1, 0, 1, 1]);
    assert_eq!(line("南星"), [from_b.len(), 0, 1, 1, 1]);
    assert_eq!(line("合计"), [from_a.len() + from_b.len() - 1, 1, 1, 1, 1]);
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = workbook.worksheet_range("全区统计").unwrap();
    assert_eq!(sheet.get_value((0, 5)).unwrap().to_string(), "跨站介绍");
    assert_eq!(sheet.get_value((3, 0)).unwrap().to_string(), "合计");
    assert_eq!(sheet.get_value((3, 5)).unwrap().to_string(), "1");
    assert_eq!(sheet.get_value((3, 6)).unwrap().to_string(), "1");
    // Every station's 年度工作报告 of this year, combined, as the union reads it: the same
    // figures as each station's own `yearly`.
    use chrono::Datelike;
    let year = hongniang::data::today().year().to_string();
    let pdf = dir.path().join("全区年度报告.pdf");
    let yearly = a.run(
        &[
            "district",
            "figures",
            "--server",
            &server("cli_union"),
            "--ca",
            &ca,
            "--year",
            &year,
            "-o",
            pdf.to_str().unwrap(),
        ],
        Some(""),
    );
    assert!(yearly.status.success(), "{}", stderr(&yearly));
    let combined = stdout(&yearly);
    let own = stdout(&a.run(&["yearly", "--year", &year], None));
    let registered = |text: &str| -> String {
        text.lines()
            .find_map(|l| l.strip_prefix("新登记会员\t"))
            .unwrap_or_else(|| panic!("{text}"))
            .to_string()
    };
    let hubin_line = combined
        .lines()
        .find(|l| l.starts_with("湖滨\t"))
        .unwrap_or_else(|| panic!("{combined}"));
    assert_eq!(
        hubin_line.split('\t').nth(1),
        Some(registered(&own).as_str())
    );
    assert!(combined.contains("全区合计(2 个站点)"), "{combined}");
    assert!(std::fs::metadata(&pdf).unwrap().len() > 1000);
    // A station's role reads no figures.
    let refused = a.run(
        &[
            "district",
            "figures",
            "--server",
            &server("cli_hubin"),
            "--ca",
            &ca,
        ],
        Some(""),
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("全区服务器"),
        "{}",
        stderr(&refused)
    );

    let status = stdout(&b.run(&["district", "status"], None));
    assert!(status.contains("站点代码:南星"), "{status}");
    assert!(
        status.contains(&format!("本机有其他站点的资料 {} 份", from_a.len())),
        "{status}"
    );
    assert!(status.contains("上次同步:2"), "{status}");
}

/// `district server …` as the district's administrator runs it on the server: the schema made
/// (and again: nothing to do), a station added with its password shown once, the status,
/// a station taken out only with --yes, and no unencrypted connection from another computer.
#[test]
fn the_district_server_kept_from_the_command_line() {
    let Some((config, _ca)) = server() else {
        return;
    };
    let mut root = config.connect(NoTls).unwrap();
    root.batch_execute("DROP DATABASE IF EXISTS hn_cli_server WITH (FORCE)")
        .unwrap();
    root.batch_execute("CREATE DATABASE hn_cli_server").unwrap();
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => "127.0.0.1".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let owner = format!("host={host} port={port} dbname=hn_cli_server user=postgres");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let run = |args: &[&str]| {
        let mut all = vec!["district", "server", "--server", owner.as_str()];
        all.extend_from_slice(args);
        hongniang(&db, &all, &[("HONGNIANG_DISTRICT_PASSWORD", "")], None)
    };
    let made = run(&["init"]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(
        stdout(&made).contains("建好了(第 7 版)"),
        "{}",
        stdout(&made)
    );
    assert!(stdout(&run(&["init"])).contains("已是第 7 版,没有要改的"));
    let added = run(&["add-station", "湖滨", "湖滨街道工会"]);
    assert!(added.status.success(), "{}", stderr(&added));
    let text = stdout(&added);
    assert!(text.contains("站点的登录名:hn_s_湖滨"), "{text}");
    assert!(text.contains("只显示这一次"), "{text}");
    let password = text
        .lines()
        .find_map(|l| l.strip_prefix("站点的密码:"))
        .unwrap();
    assert_eq!(password.len(), 20);
    let status = stdout(&run(&["status"]));
    assert!(
        status.contains("湖滨\t湖滨街道工会\thn_s_湖滨\t共享会员 0 位\t还没有同步过"),
        "{status}"
    );
    let asked = run(&["remove-station", "湖滨"]);
    assert!(stdout(&asked).contains("确认请加 --yes"));
    assert!(
        stdout(&run(&["status"])).contains("还没有同步过"),
        "nothing done"
    );
    let removed = run(&["remove-station", "湖滨", "--yes"]);
    assert!(
        stdout(&removed).contains("已退出全区共享"),
        "{}",
        stderr(&removed)
    );
    // The station's database was never opened: the server is kept without one.
    assert!(!db.exists());
    // From another computer, TLS is required.
    let remote = hongniang(
        &db,
        &[
            "district",
            "server",
            "--server",
            "host=10.0.0.5 dbname=district user=postgres",
            "status",
        ],
        &[("HONGNIANG_DISTRICT_PASSWORD", "")],
        None,
    );
    assert_eq!(remote.status.code(), Some(1));
    assert!(stderr(&remote).contains("请用 --ca"), "{}", stderr(&remote));
}
