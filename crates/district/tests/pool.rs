//! The district pool against a real PostgreSQL: `tools/district-pg start DIR` makes a
//! throw-away cluster and prints its superuser's connection string; with it in HONGNIANG_PG
//! these tests run (`.ci/run` does so and sets HONGNIANG_REQUIRE_PG, so that CI never skips).
//! Each test works in a database and with roles of its own.

use chrono::NaiveDate;
use hongniang_core::district::DistrictSettings;
use hongniang_core::members::PhotoChange;
use hongniang_core::model::{Gender, MemberData, MemberStatus, YearMonth};
use hongniang_core::{Actor, Db};
use hongniang_district as district;
use postgres::{Client, Config, NoTls};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

/// The server, or `None` (the test is skipped) when none was started.
fn server() -> Option<Config> {
    match std::env::var("HONGNIANG_PG") {
        Ok(config) => Some(config.parse().expect("HONGNIANG_PG is a connection string")),
        Err(_) => {
            assert!(
                std::env::var_os("HONGNIANG_REQUIRE_PG").is_none(),
                "HONGNIANG_PG is not set: start a server with tools/district-pg"
            );
            eprintln!("skipped: no PostgreSQL (HONGNIANG_PG)");
            None
        }
    }
}

struct District {
    config: Config,
    database: String,
    prefix: String,
    /// The district's certificate (the test cluster's own, tools/district-pg).
    ca: String,
}

/// The district's stations as the tests name them.
const STATIONS: [&str; 6] = ["湖滨", "南星", "望江", "紫阳", "清波", "小营"];

impl District {
    /// A fresh database with the schema and the stations 湖滨, 南星 and 望江.
    fn new(config: Config, name: &str) -> District {
        let mut admin = config.connect(NoTls).unwrap();
        let database = format!("hn_{name}");
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {database}"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .unwrap();
        let district = District {
            config,
            database,
            prefix: name.to_string(),
            ca: std::env::var("HONGNIANG_PG_CA")
                .expect("HONGNIANG_PG_CA: tools/district-pg makes DIR/server.crt"),
        };
        let mut admin = district.admin();
        assert_eq!(district::migrate(&mut admin).unwrap(), 7);
        assert_eq!(
            district::migrate(&mut admin).unwrap(),
            7,
            "again: nothing to do"
        );
        for code in ["湖滨", "南星", "望江"] {
            district::add_station(
                &mut admin,
                code,
                &format!("{code}街道工会"),
                &district.role(code),
            )
            .unwrap();
        }
        admin
            .batch_execute(&format!(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{0}') THEN
                    CREATE ROLE {0} LOGIN; END IF; END $$; GRANT hn_union TO {0};",
                district.union_role()
            ))
            .unwrap();
        district
    }

    fn role(&self, code: &str) -> String {
        let n = STATIONS
            .iter()
            .position(|s| *s == code)
            .unwrap_or(STATIONS.len())
            + 1;
        format!("{}_station{n}", self.prefix)
    }

    /// One more station (the first three are there from the start).
    fn add(&self, code: &str) {
        district::add_station(
            &mut self.admin(),
            code,
            &format!("{code}街道工会"),
            &self.role(code),
        )
        .unwrap();
    }

    fn union_role(&self) -> String {
        format!("{}_union", self.prefix)
    }

    /// As a station or the union connects: over TLS, the server's certificate checked against
    /// the district's.
    fn connect_as(&self, user: &str) -> Client {
        let settings = DistrictSettings {
            station: String::new(),
            server: self.server_for(user),
            ca_file: self.ca.clone(),
        };
        district::station::open(&settings, None).unwrap()
    }

    /// The administrator, on the server itself.
    fn admin(&self) -> Client {
        let mut config = self.config.clone();
        config.dbname(&self.database);
        config.connect(NoTls).unwrap()
    }

    /// The server string for `user`, without sslmode (TLS is always required and verified).
    fn server_for(&self, user: &str) -> String {
        let host = match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(host)) => host.clone(),
            _ => "127.0.0.1".into(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        format!(
            "host={host} port={port} dbname={} user={user}",
            self.database
        )
    }

    fn station(&self, code: &str) -> Client {
        self.connect_as(&self.role(code))
    }

    /// What station `code` writes in 设置 → 全区共享 to reach this district (no sslmode: the
    /// connection is always encrypted and checked).
    fn settings(&self, code: &str, ca_file: &str) -> DistrictSettings {
        DistrictSettings {
            station: code.into(),
            server: self.server_for(&self.role(code)),
            ca_file: ca_file.into(),
        }
    }
}

fn member(name: &str, gender: Gender, phone: &str, shared: bool) -> MemberData {
    MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1992, 4),
        phone: phone.into(),
        employer: format!("{name}的单位"),
        self_intro: format!("我是{name},电话 {phone}"),
        notes: format!("{name}的红娘备注"),
        registered_on: NaiveDate::from_ymd_opt(2026, 1, 5),
        consent: true,
        district_consent_on: shared.then(|| NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()),
        ..MemberData::default()
    }
}

/// A station's database with `shared` members who agreed and one who did not; their ids.
fn station_db(path: &std::path::Path, names: &[&str], phone: u32) -> (Db, Vec<(i64, String)>) {
    let mut db = Db::open(path).unwrap();
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let gender = if i % 2 == 0 {
            Gender::Female
        } else {
            Gender::Male
        };
        let saved = db
            .insert_member(
                member(name, gender, &format!("138{:08}", phone + i as u32), true),
                None,
                &Actor::terminal(),
                today(),
            )
            .unwrap();
        ids.push((saved.id, saved.number));
    }
    db.insert_member(
        member("不共享", Gender::Male, &format!("139{phone:08}"), false),
        None,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    (db, ids)
}

fn keys(db: &Db) -> Vec<String> {
    db.district_mirror()
        .unwrap()
        .into_iter()
        .map(|p| p.key)
        .collect()
}

#[test]
fn each_station_sees_exactly_the_others_consented_profiles_and_their_removals() {
    let Some(config) = server() else { return };
    let district = District::new(config, "visibility");
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = station_db(&dir.path().join("a.db"), &["王芳", "张伟"], 1000);
    let (mut b, b_ids) = station_db(&dir.path().join("b.db"), &["李娜", "刘洋", "陈静"], 2000);
    let (mut c, c_ids) = station_db(&dir.path().join("c.db"), &["赵敏"], 3000);
    let mut ca = district.station("湖滨");
    let mut cb = district.station("南星");
    let mut cc = district.station("望江");
    let first = district::sync(&mut a, &mut ca, "湖滨").unwrap();
    assert_eq!((first.sent, first.received), (2, 0));
    district::sync(&mut b, &mut cb, "南星").unwrap();
    district::sync(&mut c, &mut cc, "望江").unwrap();
    let again = district::sync(&mut a, &mut ca, "湖滨").unwrap();
    assert_eq!((again.sent, again.received), (0, 4), "only what changed");

    let mut expected: Vec<String> = b_ids
        .iter()
        .map(|(_, n)| format!("南星-{n}"))
        .chain(c_ids.iter().map(|(_, n)| format!("望江-{n}")))
        .collect();
    expected.sort();
    assert_eq!(keys(&a), expected);
    let seen = serde_json::to_string(&a.district_mirror().unwrap()).unwrap();
    for private in ["李娜", "13800002000", "的单位", "红娘备注", "不共享"] {
        assert!(
            !seen.contains(private),
            "{private} reached another station: {seen}"
        );
    }
    assert!(seen.contains("李女士"));

    // Withdrawn consent and a marriage at 南星, a deletion at 望江: gone from 湖滨 after one
    // sync of each.
    let change = |db: &mut Db, id: i64, f: &dyn Fn(&mut MemberData)| {
        let mut data = db.member(id).unwrap().data;
        f(&mut data);
        db.update_member(id, data, PhotoChange::Keep, &Actor::terminal(), today())
            .unwrap();
    };
    change(&mut b, b_ids[0].0, &|d| d.district_consent_on = None);
    change(&mut b, b_ids[1].0, &|d| d.status = MemberStatus::Married);
    c.anonymise_member(&Actor::terminal(), c_ids[0].0).unwrap();
    let b_sync = district::sync(&mut b, &mut cb, "南星").unwrap();
    assert_eq!(b_sync.withdrawn, 2);
    district::sync(&mut c, &mut cc, "望江").unwrap();
    let a_sync = district::sync(&mut a, &mut ca, "湖滨").unwrap();
    assert_eq!(a_sync.removed, 3);
    assert_eq!(keys(&a), [format!("南星-{}", b_ids[2].1)]);
    // 南星, once it syncs again, sees 湖滨's two (望江's one is gone), never its own.
    assert_eq!(keys(&b).len(), 3, "望江's deletion not yet received");
    district::sync(&mut b, &mut cb, "南星").unwrap();
    assert_eq!(keys(&b).len(), 2);
    assert!(keys(&b).iter().all(|k| k.starts_with("湖滨-")));
}

#[test]
fn a_station_cannot_touch_another_stations_rows_and_the_union_sees_figures_only() {
    let Some(config) = server() else { return };
    let district = District::new(config, "security");
    let dir = tempfile::tempdir().unwrap();
    let (mut b, _) = station_db(&dir.path().join("b.db"), &["李娜"], 2000);
    let mut cb = district.station("南星");
    district::sync(&mut b, &mut cb, "南星").unwrap();

    let mut ca = district.station("湖滨");
    let changed = ca
        .execute(
            "UPDATE profiles SET profile = '{}'::jsonb WHERE station = '南星'",
            &[],
        )
        .unwrap();
    assert_eq!(changed, 0, "湖滨 cannot change 南星's rows");
    let forged = ca.execute(
        "INSERT INTO profiles (key, station, profile) VALUES ('南星-9999', '南星', '{}')",
        &[],
    );
    assert!(forged.is_err(), "湖滨 cannot write as 南星");
    let deleted = ca.execute("DELETE FROM profiles", &[]);
    assert!(deleted.is_err(), "nobody deletes");
    let stations = ca.execute("UPDATE stations SET role = 'x'", &[]);
    assert!(stations.is_err(), "the stations are the administrator's");

    let mut union = district.connect_as(&district.union_role());
    assert!(union.query("SELECT * FROM profiles", &[]).is_err());
    let figures = union
        .query(
            "SELECT station, shared FROM district_figures ORDER BY station",
            &[],
        )
        .unwrap();
    let shared: Vec<(String, i64)> = figures.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert!(shared.contains(&("南星".to_string(), 1)), "{shared:?}");
    assert!(shared.contains(&("湖滨".to_string(), 0)), "{shared:?}");
}

/// 湖滨 (王芳) and 南星 (李娜, 刘洋) synced, and a request of 湖滨 for 王芳 and 刘洋 waiting for
/// 南星's answer: what a station playing 南星 would want to change. The district, 湖滨's and
/// 南星's connections, the request's id and 南星's rows on the server.
fn impersonation_scene(name: &str) -> (District, tempfile::TempDir, i64, String) {
    let Some(config) = server() else {
        panic!("no server")
    };
    let district = District::new(config, name);
    let dir = tempfile::tempdir().unwrap();
    let (mut a, a_ids) = station_db(&dir.path().join("a.db"), &["王芳"], 1000);
    let (mut b, b_ids) = station_db(&dir.path().join("b.db"), &["李娜", "刘洋"], 2000);
    let (mut ca, mut cb) = (district.station("湖滨"), district.station("南星"));
    district::sync(&mut b, &mut cb, "南星").unwrap();
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    let liu_yang = format!("南星-{}", b_ids[1].1);
    let asked = district::ask(
        &mut a,
        &mut ca,
        "湖滨",
        &Actor::terminal(),
        a_ids[0].0,
        &liu_yang,
        "",
    )
    .unwrap();
    let before = nanxing_rows(&district);
    (district, dir, asked.id, before)
}

/// 南星's rows and the requests, as the administrator reads them.
fn nanxing_rows(district: &District) -> String {
    let mut admin = district.admin();
    let rows = admin
        .query(
            "SELECT key || ' ' || coalesce(profile::text, '-') FROM profiles
             WHERE station = '南星' OR key LIKE '南星%' ORDER BY key",
            &[],
        )
        .unwrap();
    let requests = admin
        .query(
            "SELECT id || ' ' || coalesce(answer, '-') FROM requests ORDER BY id",
            &[],
        )
        .unwrap();
    rows.iter()
        .chain(&requests)
        .map(|r| r.get::<_, String>(0))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What 湖滨 tries once it believes it is 南星: change 南星's profiles, write one in its name,
/// take its members out, and accept its own request in 南星's name. None of it may land.
fn try_acting_as_nanxing(client: &mut Client, request: i64) {
    let _ = client.execute(
        "UPDATE profiles SET profile = jsonb_set(profile, '{self_intro}', '\"改了\"')
         WHERE station = '南星'",
        &[],
    );
    let _ = client.execute(
        "UPDATE profiles SET profile = NULL WHERE station = '南星'",
        &[],
    );
    let _ = client.execute(
        "INSERT INTO profiles (key, station, profile)
         VALUES ('南星-2099-0001', '南星', '{\"key\": \"南星-2099-0001\", \"station\": \"南星\"}')",
        &[],
    );
    let _ = client.execute(
        "UPDATE requests SET answer = 'accepted', answered_on = current_date WHERE id = $1",
        &[&request],
    );
}

#[test]
fn the_temporary_table_trick_does_not_make_a_station_another() {
    if server().is_none() {
        return;
    }
    let (district, _dir, request, before) = impersonation_scene("temp_trick");
    let mut hubin = district.station("湖滨");
    let made = hubin.batch_execute(
        "CREATE TEMP TABLE stations (code text, name text, role name);
         INSERT INTO stations VALUES ('南星', 'x', session_user);",
    );
    try_acting_as_nanxing(&mut hubin, request);
    assert_eq!(nanxing_rows(&district), before, "南星's rows untouched");
    let me: Option<String> = hubin
        .query_one("SELECT current_station()", &[])
        .unwrap()
        .get(0);
    assert_eq!(me.as_deref(), Some("湖滨"));
    assert!(made.is_err(), "a station creates no temporary table");
}

#[test]
fn a_station_creates_no_function_view_or_table() {
    if server().is_none() {
        return;
    }
    let (district, _dir, _, _) = impersonation_scene("no_create");
    let mut hubin = district.station("湖滨");
    for statement in [
        "CREATE FUNCTION current_station(x int) RETURNS text LANGUAGE sql AS $$ SELECT '南星' $$",
        "CREATE FUNCTION pg_temp.current_station() RETURNS text LANGUAGE sql AS $$ SELECT '南星' $$",
        "CREATE VIEW mine AS SELECT 1 AS one",
        "CREATE TEMP VIEW mine AS SELECT 1 AS one",
        "CREATE TABLE mine (one int)",
        "CREATE TEMP TABLE mine (one int)",
        "CREATE SCHEMA mine",
    ] {
        assert!(
            hubin.batch_execute(statement).is_err(),
            "refused: {statement}"
        );
    }
    // Nor a station added later, nor the union: the rights are nobody's.
    district.add("紫阳");
    let mut admin = district.admin();
    for role in [district.role("紫阳"), district.union_role()] {
        let rights: bool = admin
            .query_one(
                "SELECT has_database_privilege($1, current_database(), 'CREATE')
                     OR has_database_privilege($1, current_database(), 'TEMPORARY')
                     OR has_schema_privilege($1, 'public', 'CREATE')",
                &[&role],
            )
            .unwrap()
            .get(0);
        assert!(!rights, "{role} can create");
    }
}

#[test]
fn a_search_path_of_its_own_does_not_make_a_station_another() {
    if server().is_none() {
        return;
    }
    let (district, _dir, request, before) = impersonation_scene("search_path");
    // As if 湖滨 had a schema of its own (an administrator gave it one, or an older server let
    // it create one): its current_station() and stations say 南星.
    let role = district.role("湖滨");
    district
        .admin()
        .batch_execute(&format!("CREATE SCHEMA own AUTHORIZATION {role}"))
        .unwrap();
    let mut hubin = district.station("湖滨");
    hubin
        .batch_execute(
            "CREATE FUNCTION own.current_station() RETURNS text LANGUAGE sql
                 AS $$ SELECT '南星'::text $$;
             CREATE TABLE own.stations (code text, name text, role name);
             INSERT INTO own.stations VALUES ('南星', 'x', session_user);
             SET search_path = own, public;",
        )
        .unwrap();
    let me: Option<String> = hubin
        .query_one("SELECT public.current_station()", &[])
        .unwrap()
        .get(0);
    assert_eq!(me.as_deref(), Some("湖滨"));
    try_acting_as_nanxing(&mut hubin, request);
    assert_eq!(nanxing_rows(&district), before, "南星's rows untouched");
}

/// 湖滨's card on the server, as it sent it.
fn hubin_card(district: &District) -> serde_json::Value {
    let text: String = district
        .admin()
        .query_one(
            "SELECT profile::text FROM profiles WHERE station = '湖滨' LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_server_refuses_a_forged_key_and_an_oversized_card() {
    if server().is_none() {
        return;
    }
    let (district, _dir, request, before) = impersonation_scene("forged_card");
    let mut hubin = district.station("湖滨");
    let write = |client: &mut Client, key: &str, station: &str, card: &serde_json::Value| {
        client.execute(
            "INSERT INTO profiles (key, station, profile) VALUES ($1, $2, $3::text::jsonb)
             ON CONFLICT (key) DO UPDATE SET profile = excluded.profile",
            &[&key, &station, &card.to_string()],
        )
    };
    let card = hubin_card(&district);
    let own_key = card["key"].as_str().unwrap().to_string();
    // In its own row, a card that says it is 南星's.
    let mut forged = card.clone();
    forged["key"] = "南星-2022-0014".into();
    forged["station"] = "南星".into();
    assert!(write(&mut hubin, &own_key, "湖滨", &forged).is_err());
    assert!(write(&mut hubin, "湖滨-2022-0014", "湖滨", &forged).is_err());
    forged["station"] = "湖滨".into();
    assert!(write(&mut hubin, &own_key, "湖滨", &forged).is_err());
    // Under 南星's key, whatever the row says.
    assert!(write(&mut hubin, "南星-2022-0014", "湖滨", &forged).is_err());
    assert!(write(&mut hubin, "南星-2022-0014", "南星", &forged).is_err());
    // Not a card at all.
    assert!(write(&mut hubin, &own_key, "湖滨", &serde_json::json!([1, 2])).is_err());
    // A megabyte of self-introduction.
    let mut big = card.clone();
    big["self_intro"] = "我".repeat(350_000).into();
    assert!(write(&mut hubin, &own_key, "湖滨", &big).is_err());
    // Its own card, changed within the rules, is written.
    let mut fine = card.clone();
    fine["self_intro"] = "喜欢爬山".into();
    assert_eq!(write(&mut hubin, &own_key, "湖滨", &fine).unwrap(), 1);
    // A request's note is bounded as a volunteer's is.
    let li_na: String = district
        .admin()
        .query_one(
            "SELECT key FROM profiles WHERE profile ->> 'surname_title' = '李女士'",
            &[],
        )
        .unwrap()
        .get(0);
    let note = hubin.execute(
        "INSERT INTO requests (from_station, from_key, to_station, to_key, note)
         VALUES ('湖滨', $1, '南星', $2, $3)",
        &[&own_key, &li_na, &"长".repeat(501)],
    );
    assert!(note.is_err());
    let _ = request;
    assert_eq!(nanxing_rows(&district), before, "南星's rows untouched");
}

#[test]
fn a_receiving_station_blots_a_card_again_and_refuses_forged_and_oversized_ones() {
    if server().is_none() {
        return;
    }
    let (district, dir, _, _) = impersonation_scene("receiving");
    district.add("望江");
    let (mut c, _) = station_db(&dir.path().join("c.db"), &["赵敏"], 3000);
    let mut cc = district.station("望江");
    district::sync(&mut c, &mut cc, "望江").unwrap();
    // 湖滨's program sends a phone in the self-introduction (the server does not read cards).
    let mut hubin = district.station("湖滨");
    let mut card = hubin_card(&district);
    let own_key = card["key"].as_str().unwrap().to_string();
    card["self_intro"] = "请直接打我电话 13800001111".into();
    hubin
        .execute(
            "UPDATE profiles SET profile = $2::text::jsonb WHERE key = $1",
            &[&own_key, &card.to_string()],
        )
        .unwrap();
    // And, on a server of an earlier version (or an administrator's mistake), a card of
    // 湖滨's that says it is 南星's, and one of 10 MB.
    let mut admin = district.admin();
    admin
        .batch_execute("ALTER TABLE profiles DROP CONSTRAINT profiles_card")
        .unwrap();
    let mut forged = card.clone();
    forged["key"] = "南星-2022-0014".into();
    forged["station"] = "南星".into();
    forged["self_intro"] = "".into();
    let mut big = card.clone();
    big["key"] = "湖滨-2099-0002".into();
    big["self_intro"] = "大".repeat(3_500_000).into();
    for (key, card) in [("湖滨-2099-0001", &forged), ("湖滨-2099-0002", &big)] {
        admin
            .execute(
                "INSERT INTO profiles (key, station, profile) VALUES ($1, '湖滨', $2::text::jsonb)",
                &[&key, &card.to_string()],
            )
            .unwrap();
    }

    let report = district::sync(&mut c, &mut cc, "望江").unwrap();
    assert_eq!(report.refused, 2, "{report:?}");
    assert!(
        report
            .describe()
            .contains("另有 2 份资料不合规(格式不对、太大或站点代码对不上),没有收下"),
        "{}",
        report.describe()
    );
    let mirror = c.district_mirror().unwrap();
    let held = mirror.iter().find(|p| p.key == own_key).unwrap();
    assert_eq!(held.self_intro, "请直接打我电话 ***");
    assert!(
        mirror
            .iter()
            .all(|p| p.key != "南星-2022-0014" && !p.key.ends_with("2099-0002")),
        "{:?}",
        mirror.iter().map(|p| &p.key).collect::<Vec<_>>()
    );
    assert_eq!(mirror.len(), 3, "湖滨's 王芳, 南星's 李娜 and 刘洋");
}

#[test]
fn migrate_refuses_a_server_on_which_a_station_could_act_as_another() {
    if server().is_none() {
        return;
    }
    let district = District::new(server().unwrap(), "relock");
    let mut admin = district.admin();
    // A later version that forgot a function's search_path: refused, nothing kept.
    admin
        .batch_execute(
            "CREATE FUNCTION station_name() RETURNS text LANGUAGE sql
                 AS $$ SELECT name FROM stations WHERE code = current_station() $$",
        )
        .unwrap();
    let refused = district::migrate(&mut admin).unwrap_err().to_string();
    assert!(
        refused.contains("station_name()") && refused.contains("search_path"),
        "{refused}"
    );
    admin.batch_execute("DROP FUNCTION station_name()").unwrap();
    // TEMP given back to everyone: refused until taken back.
    admin
        .batch_execute(&format!(
            "GRANT TEMPORARY ON DATABASE {} TO PUBLIC",
            district.database
        ))
        .unwrap();
    let refused = district::migrate(&mut admin).unwrap_err().to_string();
    assert!(refused.contains("TEMP"), "{refused}");
    let refused = district::add_station(&mut admin, "紫阳", "紫阳街道工会", &district.role("紫阳"))
        .unwrap_err()
        .to_string();
    assert!(refused.contains("TEMP"), "{refused}");
    admin
        .batch_execute(&format!(
            "REVOKE TEMPORARY ON DATABASE {} FROM PUBLIC",
            district.database
        ))
        .unwrap();
    assert_eq!(district::migrate(&mut admin).unwrap(), 7);
}

#[test]
fn a_sync_cut_off_and_done_again_gives_what_one_clean_sync_gives() {
    let Some(config) = server() else { return };
    let district = District::new(config, "resume");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let (mut a, _) = station_db(&path, &["王芳", "张伟", "周敏"], 1000);
    let (mut b, _) = station_db(&dir.path().join("b.db"), &["李娜", "刘洋"], 2000);
    let mut ca = district.station("湖滨");
    let mut cb = district.station("南星");
    // A transaction of someone else's kept open across the syncs holds back every snapshot's
    // xmin (as other districts' work on the same cluster does): pulls overlap, and what they
    // read twice must not be counted as new.
    let mut other = district.admin();
    let mut held = other.transaction().unwrap();
    held.query_one("SELECT pg_current_xact_id()::text", &[])
        .unwrap();
    district::sync(&mut b, &mut cb, "南星").unwrap();

    // The station's file as it was before the sync; the sync reaches the server, then the
    // program is killed before the station records it: the old file is what is left.
    let before = dir.path().join("before.db");
    a.connection()
        .execute("VACUUM INTO ?1", [before.to_str().unwrap()])
        .unwrap();
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    drop(a);
    std::fs::copy(&before, &path).unwrap();
    for sidecar in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{sidecar}", path.display()));
    }
    let mut a = Db::open(&path).unwrap();
    assert!(
        a.district_mirror().unwrap().is_empty(),
        "as before the sync"
    );
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    assert_eq!(
        district::sync(&mut a, &mut ca, "湖滨").unwrap(),
        district::Report::default()
    );
    held.commit().unwrap();

    let rows = |client: &mut Client| -> Vec<(String, Option<String>)> {
        client
            .query("SELECT key, profile::text FROM profiles ORDER BY key", &[])
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
    };
    let server_rows = rows(&mut district.admin());
    assert_eq!(server_rows.len(), 5, "3 of 湖滨, 2 of 南星, each once");
    assert_eq!(keys(&a).len(), 2);

    // A clean district with one sync each holds the same rows.
    let clean = District::new(district.config.clone(), "resume_clean");
    let dir2 = tempfile::tempdir().unwrap();
    let (mut a2, _) = station_db(&dir2.path().join("a.db"), &["王芳", "张伟", "周敏"], 1000);
    let (mut b2, _) = station_db(&dir2.path().join("b.db"), &["李娜", "刘洋"], 2000);
    district::sync(&mut b2, &mut clean.station("南星"), "南星").unwrap();
    district::sync(&mut a2, &mut clean.station("湖滨"), "湖滨").unwrap();
    assert_eq!(rows(&mut clean.admin()), server_rows);
    assert_eq!(a2.district_mirror().unwrap(), a.district_mirror().unwrap());
}

/// The district's certificate of the test cluster (tools/district-pg), or `None` (skipped).
fn certificate() -> Option<String> {
    match std::env::var("HONGNIANG_PG_CA") {
        Ok(path) => Some(path),
        Err(_) => {
            assert!(
                std::env::var_os("HONGNIANG_REQUIRE_PG").is_none(),
                "HONGNIANG_PG_CA is not set: tools/district-pg makes DIR/server.crt"
            );
            None
        }
    }
}

#[test]
fn a_station_syncs_over_tls_checking_the_district_certificate_and_records_it() {
    let Some(config) = server() else { return };
    let Some(ca) = certificate() else { return };
    let district = District::new(config, "tls");
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = station_db(&dir.path().join("a.db"), &["王芳", "张伟"], 1000);

    // Encrypted, and the server's certificate checked against the district's.
    let settings = district.settings("湖滨", &ca);
    let encrypted = |client: &mut Client| -> bool {
        client
            .query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0)
    };
    let mut client = district::station::open(&settings, None).unwrap();
    assert!(encrypted(&mut client));
    // A statement the server cannot finish (a lock, a hang) does not hold the station for
    // ever: the server cancels it after two minutes.
    let limit: String = client
        .query_one("SHOW statement_timeout", &[])
        .unwrap()
        .get(0);
    assert_eq!(limit, "2min");
    drop(client);
    // Written out as libpq's verify-full, the same.
    let full = DistrictSettings {
        server: format!("{} sslmode=verify-full", settings.server),
        ..settings.clone()
    };
    assert!(district::station::parse_server(&full.server).is_ok());
    assert!(encrypted(
        &mut district::station::open(&full, None).unwrap()
    ));
    // A station that joined with an earlier version's "sslmode=require" keeps syncing, now
    // with the certificate checked too.
    let earlier = DistrictSettings {
        server: format!("{} sslmode=require", settings.server),
        ..settings.clone()
    };
    assert!(encrypted(
        &mut district::station::open(&earlier, None).unwrap()
    ));

    // A certificate that is not the district's: refused, in words.
    let other = dir.path().join("other.crt");
    let made = std::process::Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=someone-else", "-keyout"])
        .arg(dir.path().join("other.key"))
        .arg("-out")
        .arg(&other)
        .output()
        .unwrap();
    assert!(made.status.success());
    let wrong = district.settings("湖滨", other.to_str().unwrap());
    let refused = district::station::open(&wrong, None)
        .err()
        .unwrap()
        .to_string();
    assert!(refused.contains("证书和本站的全区证书对不上"), "{refused}");
    // The district's certificate, but the server reached under a name it was not made for.
    let renamed = DistrictSettings {
        server: settings
            .server
            .replace("host=127.0.0.1", "host=district.invalid hostaddr=127.0.0.1"),
        ..settings.clone()
    };
    assert!(renamed.server.contains("hostaddr"), "{}", renamed.server);
    let refused = district::station::open(&renamed, None)
        .err()
        .unwrap()
        .to_string();
    assert!(refused.contains("证书和本站的全区证书对不上"), "{refused}");
    let missing = district.settings("湖滨", "/nonexistent/district.pem");
    let refused = district::station::open(&missing, None)
        .err()
        .unwrap()
        .to_string();
    assert!(
        refused.contains("证书文件 /nonexistent/district.pem 用不了"),
        "{refused}"
    );

    // The whole sync from the settings, recorded in the 操作记录 and as the last sync.
    a.set_district_settings(&Actor::terminal(), &settings)
        .unwrap();
    let report = district::station::sync_as(&mut a, &Actor::terminal(), &settings, None).unwrap();
    assert_eq!(report.sent, 2);
    let last = a.district_last_sync().unwrap().unwrap();
    assert_eq!(last.summary, report.describe());
    let log = a.audit_log(5).unwrap();
    assert!(
        log.iter()
            .any(|e| e.summary == format!("全区同步:{}", report.describe())),
        "{log:?}"
    );
    // Again with nothing new: the last sync says so, the 操作记录 gets no line for it.
    let entries = a.audit_log(100).unwrap().len();
    let nothing = district::station::sync_as(&mut a, &Actor::terminal(), &settings, None).unwrap();
    assert_eq!(nothing, district::Report::default());
    assert_eq!(
        a.district_last_sync().unwrap().unwrap().summary,
        "双方都没有新的变化"
    );
    assert_eq!(a.audit_log(100).unwrap().len(), entries);
    // Once profiles went out under 湖滨, the code stays.
    let renamed = DistrictSettings {
        station: "湖滨站".into(),
        ..settings
    };
    let refused = a
        .set_district_settings(&Actor::terminal(), &renamed)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("代码不能再改"), "{refused}");
}

/// A server that declines TLS, on a port of its own: it answers "N" to the client's request
/// for TLS, then asks for the password in clear text. The connections it saw and every byte
/// it received.
fn declining_server() -> (
    u16,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
    std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
) {
    use std::io::{Read, Write};
    use std::sync::atomic::Ordering;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (seen, kept) = (connections.clone(), received.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            seen.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(3)));
            let take = |stream: &mut std::net::TcpStream, n: usize| -> Option<Vec<u8>> {
                let mut buf = vec![0; n];
                stream.read_exact(&mut buf).ok()?;
                kept.lock().unwrap().extend(&buf);
                Some(buf)
            };
            // SSLRequest: length 8, code 80877103.
            let Some(request) = take(&mut stream, 8) else {
                continue;
            };
            if request[4..] == [0x04, 0xd2, 0x16, 0x2f] {
                let _ = stream.write_all(b"N");
            }
            // A startup message in clear text, if the client goes on: ask for the password.
            let Some(length) = take(&mut stream, 4) else {
                continue;
            };
            let length = u32::from_be_bytes(length.try_into().unwrap()) as usize;
            if take(&mut stream, length.saturating_sub(4)).is_none() {
                continue;
            }
            let _ = stream.write_all(&[b'R', 0, 0, 0, 8, 0, 0, 0, 3]);
            let mut rest = Vec::new();
            let _ = stream.read_to_end(&mut rest);
            kept.lock().unwrap().extend(rest);
        }
    });
    (port, connections, received)
}

#[test]
fn a_server_that_declines_tls_never_receives_the_password() {
    let Some(ca) = certificate() else { return };
    let (port, connections, received) = declining_server();
    for server in [
        format!("host=127.0.0.1 port={port} dbname=district user=hubin"),
        // Saved by an earlier version: still never in clear text.
        format!("host=127.0.0.1 port={port} dbname=district user=hubin sslmode=require"),
    ] {
        let settings = DistrictSettings {
            station: "湖滨".into(),
            server,
            ca_file: ca.clone(),
        };
        let refused = district::station::open(&settings, Some("s3cret-密码"))
            .err()
            .expect("refused")
            .to_string();
        assert!(refused.contains("不肯加密连接"), "{refused}");
    }
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 2);
    let received = received.lock().unwrap().clone();
    let password = "s3cret-密码".as_bytes();
    assert!(
        !received.windows(password.len()).any(|w| w == password),
        "the password reached a server without TLS"
    );
    assert_eq!(received.len(), 16, "two requests for TLS, nothing else");
}

#[test]
fn a_weak_sslmode_or_no_certificate_is_refused_before_any_connection() {
    let (port, connections, _) = declining_server();
    let server = format!("host=127.0.0.1 port={port} dbname=district user=hubin");
    for mode in [
        "disable",
        "allow",
        "prefer",
        "require",
        "verify-ca",
        "bogus",
    ] {
        for written in [
            format!("{server} sslmode={mode}"),
            format!("{server} sslmode = '{mode}'"),
            format!("postgresql://hubin@127.0.0.1:{port}/district?sslmode={mode}"),
        ] {
            let refused = district::station::parse_server(&written)
                .err()
                .unwrap_or_else(|| panic!("{written} accepted"))
                .to_string();
            assert!(refused.contains(&format!("sslmode={mode}")), "{refused}");
        }
    }
    for mode in ["disable", "allow", "prefer", "verify-ca"] {
        let settings = DistrictSettings {
            station: "湖滨".into(),
            server: format!("{server} sslmode={mode}"),
            ca_file: "/nonexistent/district.pem".into(),
        };
        let refused = district::station::open(&settings, Some("pw"))
            .err()
            .unwrap()
            .to_string();
        assert!(refused.contains(&format!("sslmode={mode}")), "{refused}");
    }
    // No certificate: no connection, and joining refused.
    let settings = DistrictSettings {
        station: "湖滨".into(),
        server: server.clone(),
        ca_file: String::new(),
    };
    let refused = district::station::open(&settings, Some("pw"))
        .err()
        .unwrap()
        .to_string();
    assert!(refused.contains("还没有全区的证书文件"), "{refused}");
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "nothing reached the server"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("a.db")).unwrap();
    let refused = db
        .set_district_settings(&Actor::terminal(), &settings)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("请选上全区的证书文件"), "{refused}");
    let not_a_certificate = dir.path().join("notes.txt");
    std::fs::write(&not_a_certificate, "hello").unwrap();
    let refused = db
        .set_district_settings(
            &Actor::terminal(),
            &DistrictSettings {
                ca_file: not_a_certificate.display().to_string(),
                ..settings
            },
        )
        .unwrap_err()
        .to_string();
    assert!(refused.contains("不是证书文件"), "{refused}");
    assert_eq!(db.district_settings().unwrap(), None, "nothing kept");
}

#[test]
fn the_password_file_is_the_users_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("district-湖滨.password");
    assert_eq!(district::station::read_password(&path).unwrap(), None);
    district::station::save_password(&path, "s3cret 密码").unwrap();
    assert_eq!(
        district::station::read_password(&path).unwrap().as_deref(),
        Some("s3cret 密码")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let refused = district::station::read_password(&path)
            .unwrap_err()
            .to_string();
        assert!(refused.contains("别的用户也能读"), "{refused}");
        // Saving again narrows it.
        district::station::save_password(&path, "new").unwrap();
        assert_eq!(
            district::station::read_password(&path).unwrap().as_deref(),
            Some("new")
        );
    }
    district::station::save_password(&path, "").unwrap();
    assert!(!path.exists());
}

#[test]
fn a_server_string_with_a_password_or_without_a_user_is_refused() {
    let refused = district::station::parse_server("host=x user=hubin password=abc")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("不能写密码"), "{refused}");
    let refused = district::station::parse_server("host=x dbname=d")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("用户名"), "{refused}");
    let refused = district::station::parse_server("host=x user='unclosed")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("看不懂"), "{refused}");
    assert!(district::station::parse_server("host=10.0.0.5 dbname=district user=hubin").is_ok());
}

#[test]
fn a_request_is_seen_by_the_two_stations_only_and_answered_by_the_asked_one() {
    use hongniang_core::district::RequestAnswer;
    let Some(config) = server() else { return };
    let district = District::new(config, "requests");
    let dir = tempfile::tempdir().unwrap();
    // 湖滨: 王芳 (she), 张伟 (he); 南星: 李娜, 刘洋 (he), 陈静; 望江: 赵敏 (she). Each also has
    // a man who does not share.
    let (mut a, a_ids) = station_db(&dir.path().join("a.db"), &["王芳", "张伟"], 1000);
    let (mut b, b_ids) = station_db(&dir.path().join("b.db"), &["李娜", "刘洋", "陈静"], 2000);
    let (mut c, c_ids) = station_db(&dir.path().join("c.db"), &["赵敏"], 3000);
    let (mut ca, mut cb, mut cc) = (
        district.station("湖滨"),
        district.station("南星"),
        district.station("望江"),
    );
    for _ in 0..2 {
        district::sync(&mut a, &mut ca, "湖滨").unwrap();
        district::sync(&mut b, &mut cb, "南星").unwrap();
        district::sync(&mut c, &mut cc, "望江").unwrap();
    }
    let actor = Actor::terminal();
    let liu_yang = format!("南星-{}", b_ids[1].1);
    let wang_fang = a_ids[0].0;

    // 湖滨 asks for 王芳 and 南星's 刘洋.
    let asked = district::ask(
        &mut a,
        &mut ca,
        "湖滨",
        &actor,
        wang_fang,
        &liu_yang,
        "湖滨站 楼老师 0571-87000000",
    )
    .unwrap();
    assert!(asked.sent);
    assert_eq!(asked.state_text(), "等南星站答复");
    assert_eq!(asked.partner.as_ref().unwrap().surname_title, "刘先生");
    let again = district::ask(&mut a, &mut ca, "湖滨", &actor, wang_fang, &liu_yang, "")
        .unwrap_err()
        .to_string();
    assert!(again.contains("还在等答复"), "{again}");
    // Not for someone who does not share, nor to a member not in the pool.
    let unshared = a
        .connection()
        .query_row("SELECT id FROM members WHERE name = '不共享'", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
    let refused = district::ask(&mut a, &mut ca, "湖滨", &actor, unshared, &liu_yang, "")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("没有同意全区共享"), "{refused}");
    let refused = district::ask(
        &mut a,
        &mut ca,
        "湖滨",
        &actor,
        wang_fang,
        "南星-2099-0001",
        "",
    )
    .unwrap_err()
    .to_string();
    assert!(refused.contains("本机没有"), "{refused}");

    // Only 南星 receives it; 望江 sees nothing, even asking the server directly.
    district::sync(&mut b, &mut cb, "南星").unwrap();
    district::sync(&mut c, &mut cc, "望江").unwrap();
    let received = b.district_requests().unwrap();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert!(!request.sent);
    assert_eq!(request.member_name, "刘洋");
    assert_eq!(request.partner.as_ref().unwrap().surname_title, "王女士");
    assert_eq!(request.note, "湖滨站 楼老师 0571-87000000");
    assert_eq!(request.state_text(), "等本站答复");
    assert!(c.district_requests().unwrap().is_empty());
    let seen: i64 = cc
        .query_one("SELECT count(*) FROM requests", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 0, "望江's role reads no request of others");

    // 湖滨 cannot answer its own request, nor forge one as 南星, nor change what it asked.
    let forged_answer = ca.execute(
        "UPDATE requests SET answer = 'accepted', answered_on = current_date",
        &[],
    );
    assert!(forged_answer.is_err(), "only the asked station answers");
    let forged_note = ca.execute("UPDATE requests SET note = 'x'", &[]);
    assert!(forged_note.is_err(), "the request's content stays");
    let forged = ca.execute(
        "INSERT INTO requests (from_station, from_key, to_station, to_key)
         VALUES ('南星', $1, '湖滨', '湖滨-x')",
        &[&liu_yang],
    );
    assert!(forged.is_err(), "湖滨 cannot ask as 南星");
    let refused = district::answer(
        &mut a,
        &mut ca,
        "湖滨",
        &actor,
        asked.id,
        RequestAnswer::Accepted,
        "",
    )
    .unwrap_err()
    .to_string();
    assert!(refused.contains("要由南星站答复"), "{refused}");

    // 南星 asks 刘洋, who agrees; answered once only.
    let accepted = district::answer(
        &mut b,
        &mut cb,
        "南星",
        &actor,
        request.id,
        RequestAnswer::Accepted,
        "",
    )
    .unwrap();
    assert!(
        accepted.state_text().starts_with("本站已同意"),
        "{}",
        accepted.state_text()
    );
    let twice = district::answer(
        &mut b,
        &mut cb,
        "南星",
        &actor,
        request.id,
        RequestAnswer::Declined,
        "",
    )
    .unwrap_err()
    .to_string();
    assert!(twice.contains("已经答复过了"), "{twice}");
    let log = b.audit_log(5).unwrap();
    assert!(
        log.iter()
            .any(|e| e.summary.starts_with("答复湖滨站的介绍请求(刘洋 与 湖滨-")),
        "{log:?}"
    );
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    let sent = a.district_request(asked.id).unwrap();
    assert!(
        sent.state_text().starts_with("南星站已同意"),
        "{}",
        sent.state_text()
    );

    // Accepted: each station has the introduction in its own 牵线记录, both sides agreed,
    // side B the other station's member; the contacts pass between the volunteers.
    use hongniang_core::introductions::{Agreement, Stage};
    let at_b = b
        .introduction(
            accepted
                .introduction_id
                .expect("南星 records it on answering"),
        )
        .unwrap();
    assert_eq!(
        (at_b.member_a, at_b.member_b, at_b.name_b.as_str()),
        (b_ids[1].0, None, "王女士(湖滨站)")
    );
    assert_eq!(at_b.agreement(), Agreement::BothAgreed);
    assert_eq!(at_b.partner.as_ref().unwrap().key, asked.member_key);
    let at_a = a
        .introduction(sent.introduction_id.expect("湖滨 records it at the sync"))
        .unwrap();
    assert_eq!(
        (at_a.member_a, at_a.member_b, at_a.name_b.as_str()),
        (wang_fang, None, "刘先生(南星站)")
    );
    assert_eq!(at_a.agreement(), Agreement::BothAgreed);
    assert_eq!(at_a.number_b, liu_yang);
    // Synced again: still one introduction at each.
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    district::sync(&mut b, &mut cb, "南星").unwrap();
    assert_eq!(a.introductions(Some(wang_fang)).unwrap().len(), 1);
    assert_eq!(b.introductions(Some(b_ids[1].0)).unwrap().len(), 1);
    let refused = district::ask(&mut a, &mut ca, "湖滨", &actor, wang_fang, &liu_yang, "")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("进行中的牵线"), "{refused}");

    // Each follows its own member through the same stages, under the same rules.
    let day = chrono::Local::now().date_naive();
    let too_soon = a
        .advance_introduction(at_a.id, Stage::Met, day, &actor, "", day)
        .unwrap_err()
        .to_string();
    assert!(too_soon.contains("交换联系方式"), "{too_soon}");
    let contacts = a.introduction_contacts(&actor, at_a.id, false).unwrap();
    assert_eq!(contacts, None, "nothing before the exchange");
    a.exchange_contacts(at_a.id, day, &actor, "南星站张老师来电", day)
        .unwrap();
    let contacts = a
        .introduction_contacts(&actor, at_a.id, false)
        .unwrap()
        .unwrap();
    assert_eq!(contacts.len(), 2);
    let relay = contacts[1].text();
    assert!(
        contacts[1].member_id.is_none() && relay.contains("两站红娘电话转交"),
        "{relay}"
    );
    for stage in [Stage::Met, Stage::Dating, Stage::Married] {
        a.advance_introduction(at_a.id, stage, day, &actor, "", day)
            .unwrap();
    }
    b.exchange_contacts(at_b.id, day, &actor, "", day).unwrap();
    b.advance_introduction(at_b.id, Stage::Met, day, &actor, "", day)
        .unwrap();
    let a_sync = district::sync(&mut a, &mut ca, "湖滨").unwrap();
    assert_eq!(
        (a_sync.stages, a_sync.withdrawn),
        (1, 1),
        "married: out of the pool"
    );
    let b_sync = district::sync(&mut b, &mut cb, "南星").unwrap();
    assert_eq!(b_sync.stages, 1);
    // Each sees how far the other went; a stage, not a detail.
    let seen = b.introduction(at_b.id).unwrap().partner.unwrap().stage;
    assert_eq!(seen, Some(Stage::Married));
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    let seen = a.introduction(at_a.id).unwrap().partner.unwrap().stage;
    assert_eq!(seen, Some(Stage::Met));
    // Nothing new: nothing told again.
    assert_eq!(district::sync(&mut a, &mut ca, "湖滨").unwrap().stages, 0);
    // A station writes only its own side's stage.
    let forged = cb.execute(
        "UPDATE requests SET from_stage = 'ended' WHERE id = $1",
        &[&asked.id],
    );
    assert!(forged.is_err(), "南星 cannot write 湖滨's side");

    // 张伟 to 望江's 赵敏, declined with a reason.
    let zhao_min = format!("望江-{}", c_ids[0].1);
    let asked = district::ask(&mut a, &mut ca, "湖滨", &actor, a_ids[1].0, &zhao_min, "").unwrap();
    district::sync(&mut c, &mut cc, "望江").unwrap();
    // 张伟 withdraws his 全区共享 consent before 望江 answers: it can no longer accept.
    let mut data = a.member(a_ids[1].0).unwrap().data;
    data.district_consent_on = None;
    a.update_member(a_ids[1].0, data, PhotoChange::Keep, &actor, today())
        .unwrap();
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    district::sync(&mut c, &mut cc, "望江").unwrap();
    assert!(
        c.district_request(asked.id)
            .unwrap()
            .state_text()
            .contains("对方已不在全区共享里"),
        "望江 sees he left the pool"
    );
    assert_eq!(
        c.district_request(asked.id).unwrap().partner,
        None,
        "and keeps no card of his"
    );
    let refused = district::answer(
        &mut c,
        &mut cc,
        "望江",
        &actor,
        asked.id,
        RequestAnswer::Accepted,
        "",
    )
    .unwrap_err()
    .to_string();
    assert!(refused.contains("对方会员已不在全区共享里"), "{refused}");
    district::answer(
        &mut c,
        &mut cc,
        "望江",
        &actor,
        asked.id,
        RequestAnswer::Declined,
        "本人已有对象",
    )
    .unwrap();
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    assert_eq!(
        a.district_request(asked.id).unwrap().state_text(),
        "望江站不同意:本人已有对象"
    );
    assert_eq!(a.district_requests().unwrap().len(), 2);

    // The union's figures: requests and introductions per station, no person.
    let mut union = district.connect_as(&district.union_role());
    let figures: Vec<(String, i64, i64, i64, i64)> = union
        .query(
            "SELECT station, requests_sent, requests_received, introductions, marriages
             FROM district_figures ORDER BY station",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    assert!(
        figures.contains(&("湖滨".into(), 2, 0, 1, 1)),
        "{figures:?}"
    );
    assert!(
        figures.contains(&("南星".into(), 0, 1, 1, 1)),
        "{figures:?}"
    );
    assert!(
        figures.contains(&("望江".into(), 0, 1, 0, 0)),
        "{figures:?}"
    );
    assert!(union.query("SELECT * FROM requests", &[]).is_err());
}

/// A station of a test: its code, database, connection and shared members (ids, numbers).
type Station = (&'static str, Db, Client, Vec<(i64, String)>);

#[test]
fn six_stations_find_each_others_members_and_hand_introductions_round() {
    use hongniang_core::district::{DistrictIndex, RequestAnswer};
    let Some(config) = server() else { return };
    let district = District::new(config, "six");
    for code in &STATIONS[3..] {
        district.add(code);
    }
    let dir = tempfile::tempdir().unwrap();
    // Each station: a woman and a man who share, and one who does not.
    let mut stations: Vec<Station> = STATIONS
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let names = [format!("{code}女"), format!("{code}男")];
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let (db, ids) = station_db(
                &dir.path().join(format!("{i}.db")),
                &names,
                1000 * (i as u32 + 1),
            );
            (*code, db, district.station(code), ids)
        })
        .collect();
    let sync_all = |stations: &mut Vec<Station>| {
        for (code, db, client, _) in stations.iter_mut() {
            district::sync(db, client, code).unwrap();
        }
    };
    sync_all(&mut stations);
    sync_all(&mut stations);
    let actor = Actor::terminal();
    for (code, db, _, ids) in &stations {
        // Exactly the other five stations' ten shared members.
        let mut expected: Vec<String> = stations
            .iter()
            .filter(|(other, ..)| other != code)
            .flat_map(|(other, _, _, ids)| ids.iter().map(move |(_, n)| format!("{other}-{n}")))
            .collect();
        expected.sort();
        assert_eq!(keys(db), expected, "{code}");
        // The woman's 全区 candidates: the five other stations' men.
        let her = db.member(ids[0].0).unwrap();
        let index = DistrictIndex::build(db).unwrap();
        let found = index
            .pair(&her, &[], &Default::default(), today(), 20)
            .unwrap();
        let mut stations_of: Vec<String> = found
            .pairing
            .candidates
            .iter()
            .map(|c| found.profile(c).unwrap().station.clone())
            .collect();
        stations_of.sort();
        let mut others: Vec<String> = STATIONS
            .iter()
            .filter(|s| *s != code)
            .map(|s| s.to_string())
            .collect();
        others.sort();
        assert_eq!(stations_of, others, "{code}");
    }
    // A ring: each station asks the next one for its woman and the next one's man.
    let mut asked = Vec::new();
    for i in 0..STATIONS.len() {
        let next = (i + 1) % STATIONS.len();
        let partner = format!("{}-{}", STATIONS[next], stations[next].3[1].1);
        let (code, db, client, ids) = &mut stations[i];
        let woman = ids[0].0;
        asked.push(
            district::ask(db, client, code, &actor, woman, &partner, "")
                .unwrap()
                .id,
        );
    }
    sync_all(&mut stations);
    // 湖滨's woman goes abroad (暂停) while 南星 asks its man, before 湖滨 syncs again: she is
    // not introduced while away.
    {
        let (_, db, _, ids) = &mut stations[0];
        let mut data = db.member(ids[0].0).unwrap().data;
        data.status = MemberStatus::Paused;
        db.update_member(ids[0].0, data, PhotoChange::Keep, &actor, today())
            .unwrap();
    }
    for (code, db, client, _) in stations.iter_mut() {
        let waiting: Vec<i64> = db
            .district_requests()
            .unwrap()
            .into_iter()
            .filter(|r| !r.sent)
            .map(|r| r.id)
            .collect();
        assert_eq!(waiting.len(), 1, "{code}: only the one asked of it");
        district::answer(
            db,
            client,
            code,
            &actor,
            waiting[0],
            RequestAnswer::Accepted,
            "",
        )
        .unwrap();
    }
    sync_all(&mut stations);
    // Each station now follows two introductions across stations, its woman's and its man's;
    // 湖滨 only its man's, and says why.
    for (i, (code, db, _, ids)) in stations.iter().enumerate() {
        let introductions = db.introductions(None).unwrap();
        assert!(
            introductions
                .iter()
                .all(|i| i.member_b.is_none() && i.partner.is_some())
        );
        let mine: Vec<i64> = introductions.iter().map(|i| i.member_a).collect();
        if i == 0 {
            assert_eq!(mine, [ids[1].0], "{code}");
            let sent = db.district_request(asked[0]).unwrap();
            assert_eq!(sent.answer, Some(RequestAnswer::Accepted));
            assert_eq!(
                sent.introduction_text().unwrap(),
                "没有记入本站牵线记录:湖滨女现在是“暂停”,不在册"
            );
        } else {
            assert_eq!(introductions.len(), 2, "{code}");
            assert!(
                mine.contains(&ids[0].0) && mine.contains(&ids[1].0),
                "{code}"
            );
        }
    }
    let mut union = district.connect_as(&district.union_role());
    let figures = district::figures(&mut union).unwrap();
    assert_eq!(figures.len(), 6);
    assert!(
        figures.iter().all(|f| (
            f.shared,
            f.requests_sent,
            f.requests_received,
            f.introductions
        ) == (if f.station == "湖滨" { 1 } else { 2 }, 1, 1, 2)),
        "{figures:?}"
    );
    let total = hongniang_core::district::district_total(&figures);
    assert_eq!((total.shared, total.introductions), (11, 6));
    assert_eq!(asked.len(), 6);
}

/// What the server said when it refused a statement.
fn server_says(error: &postgres::Error) -> String {
    error
        .as_db_error()
        .map(|e| e.message().to_string())
        .unwrap_or_default()
}

/// A 全区联谊 of 湖滨 (host) and 南星 over the real server: the invitation reaches 南星 only,
/// each station signs up its own members (badges of its own block), the rosters show badge,
/// gender, age and station and never the member, the cards are typed with the other station's
/// badges, and the one mutual pair across the two stations becomes an introduction in both
/// stations' 牵线记录 — counted as the event's — once both confirmed. What a station must not do
/// is refused by the server.
#[test]
fn a_district_event_of_two_stations_ends_in_a_confirmed_cross_station_match() {
    use hongniang_core::events::{Arrival, Choice, EventData, read_card};
    let Some(config) = server() else { return };
    let district = District::new(config, "shared_event");
    let dir = tempfile::tempdir().unwrap();
    // 湖滨: 王芳 (she), 张伟 (he), 不共享 (he, no district consent); 南星: 李娜 (she), 刘洋
    // (he), 陈静 (she); 望江: 赵敏.
    let (mut a, a_ids) = station_db(&dir.path().join("a.db"), &["王芳", "张伟"], 1000);
    let (mut b, b_ids) = station_db(&dir.path().join("b.db"), &["李娜", "刘洋", "陈静"], 2000);
    let (mut c, _) = station_db(&dir.path().join("c.db"), &["赵敏"], 3000);
    let (mut ca, mut cb, mut cc) = (
        district.station("湖滨"),
        district.station("南星"),
        district.station("望江"),
    );
    for _ in 0..2 {
        district::sync(&mut a, &mut ca, "湖滨").unwrap();
        district::sync(&mut b, &mut cb, "南星").unwrap();
        district::sync(&mut c, &mut cc, "望江").unwrap();
    }
    let actor = Actor::terminal();
    let day = hongniang_core::today();
    let unshared = a
        .connection()
        .query_row("SELECT id FROM members WHERE name = '不共享'", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
    let (wang_fang, zhang_wei) = (a_ids[0].0, a_ids[1].0);
    let (li_na, liu_yang, chen_jing) = (b_ids[0].0, b_ids[1].0, b_ids[2].0);

    // 湖滨 makes its event; someone signed up who does not share stops it being shared.
    let event = a
        .create_event(
            &actor,
            &EventData {
                title: "七夕全区联谊".into(),
                on_date: Some(day),
                start_time: "14:00".into(),
                place: "湖滨工作站".into(),
                places_men: 20,
                places_women: 20,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    a.sign_up(&actor, event, unshared, false, day).unwrap();
    let invite = ["南星".to_string()];
    let refused = district::events::share_event(&mut a, &mut ca, "湖滨", &actor, event, &invite)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("不共享没有同意全区共享"), "{refused}");
    a.cancel_sign_up(&actor, event, unshared, day).unwrap();
    let nobody = district::events::share_event(&mut a, &mut ca, "湖滨", &actor, event, &[])
        .unwrap_err()
        .to_string();
    assert!(nobody.contains("至少邀请一个"), "{nobody}");
    let unknown = district::events::share_event(
        &mut a,
        &mut ca,
        "湖滨",
        &actor,
        event,
        &["西湖".to_string()],
    )
    .unwrap_err()
    .to_string();
    assert!(unknown.contains("全区没有站点“西湖”"), "{unknown}");
    let link =
        district::events::share_event(&mut a, &mut ca, "湖滨", &actor, event, &invite).unwrap();
    assert_eq!((link.host.as_str(), link.first_badge), ("湖滨", 1));
    assert_eq!(a.event(event).unwrap().shared, Some(link.clone()));
    // Now only members who share sign up.
    let refused = a
        .sign_up(&actor, event, unshared, false, day)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("没有同意全区共享"), "{refused}");
    a.sign_up(&actor, event, wang_fang, false, day).unwrap();
    a.sign_up(&actor, event, zhang_wei, false, day).unwrap();

    // On its day the host's event keeps its name, day, time and place (the other stations
    // sign up and come by them).
    let mut moved = a.event(event).unwrap().data;
    moved.place = "湖滨工作站二楼".into();
    let refused = a
        .update_event(&actor, event, &moved, day)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("从活动当天起不能再改"), "{refused}");
    // A later event of the host's, changed before its day: the copy follows at its syncs.
    let tomorrow = a
        .create_event(
            &actor,
            &EventData {
                title: "迎新年全区联谊".into(),
                on_date: Some(day + chrono::Duration::days(1)),
                start_time: "14:00".into(),
                place: "湖滨工作站".into(),
                places_men: 10,
                places_women: 10,
                ..EventData::default()
            },
        )
        .unwrap()
        .id;
    district::events::share_event(&mut a, &mut ca, "湖滨", &actor, tomorrow, &invite).unwrap();
    let mut moved = a.event(tomorrow).unwrap().data;
    moved.place = "湖滨工作站二楼".into();
    a.update_event(&actor, tomorrow, &moved, day).unwrap();
    district::sync(&mut a, &mut ca, "湖滨").unwrap();

    // 南星 receives it at its sync, 望江 does not; 南星's badges are 201 on.
    let report = district::sync(&mut b, &mut cb, "南星").unwrap();
    assert_eq!(report.events_joined, 2);
    assert_eq!(
        district::sync(&mut c, &mut cc, "望江")
            .unwrap()
            .events_joined,
        0
    );
    assert!(c.events().unwrap().is_empty());
    let copies = b.events().unwrap();
    assert_eq!(copies.len(), 2);
    let copy = copies.iter().find(|e| e.on_date == day).unwrap();
    assert_eq!(copy.data.title, "七夕全区联谊");
    let later_copy = copies.iter().find(|e| e.on_date > day).unwrap();
    assert_eq!(later_copy.data.place, "湖滨工作站二楼");
    assert_eq!(
        copy.shared
            .as_ref()
            .map(|l| (l.host.as_str(), l.first_badge)),
        Some(("湖滨", 201))
    );
    let b_event = copy.id;
    for member in [li_na, liu_yang, chen_jing] {
        b.sign_up(&actor, b_event, member, false, day).unwrap();
    }
    let badges: Vec<(String, Option<u32>)> = b
        .attendees(b_event)
        .unwrap()
        .iter()
        .map(|x| (x.name.clone(), x.badge))
        .collect();
    assert!(badges.contains(&("刘洋".into(), Some(201))), "{badges:?}");
    assert!(badges.contains(&("李娜".into(), Some(201))), "{badges:?}");
    assert!(badges.contains(&("陈静".into(), Some(202))), "{badges:?}");
    // A change of the host's after 南星 joined reaches the copy at the next syncs.
    let mut later = a.event(tomorrow).unwrap().data;
    later.start_time = "14:30".into();
    a.update_event(&actor, tomorrow, &later, day).unwrap();
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    district::sync(&mut b, &mut cb, "南星").unwrap();
    assert_eq!(b.event(later_copy.id).unwrap().data.start_time, "14:30");
    // The server refuses a change on or after the day, and a move into the past, whatever the
    // host's program says.
    let past = ca
        .execute(
            "SELECT public.update_shared_event($1, '迎新年全区联谊', $2, '14:30', '湖滨工作站')",
            &[
                &a.event(tomorrow).unwrap().shared.unwrap().id,
                &(day - chrono::Duration::days(2)),
            ],
        )
        .unwrap_err();
    assert!(server_says(&past).contains("已经过去的日期"), "{past:?}");
    let on_the_day = ca
        .execute(
            "SELECT public.update_shared_event($1, '七夕全区联谊', $2, '15:00', '湖滨工作站')",
            &[&link.id, &day],
        )
        .unwrap_err();
    assert!(
        server_says(&on_the_day).contains("活动当天起不能再改"),
        "{on_the_day:?}"
    );

    // Everyone comes; both stations send their rosters.
    for m in [wang_fang, zhang_wei] {
        a.check_in(&actor, event, m, Some(Arrival::Arrived), day)
            .unwrap();
    }
    for m in [li_na, liu_yang, chen_jing] {
        b.check_in(&actor, b_event, m, Some(Arrival::Arrived), day)
            .unwrap();
    }
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    district::sync(&mut b, &mut cb, "南星").unwrap();
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    let seen = a.remote_guests(event).unwrap();
    assert_eq!(seen.len(), 3);
    assert!(
        seen.iter()
            .all(|g| g.station == "南星" && g.arrived && g.age > 30)
    );
    // Badge, gender, age and station only: the member's key and the marks are not readable,
    // and 望江 sees nothing of the event.
    let denied = ca
        .query("SELECT member_key FROM shared_event_guests", &[])
        .unwrap_err();
    assert!(
        format!("{denied:?}").contains("permission denied"),
        "{denied:?}"
    );
    assert!(ca.query("SELECT * FROM shared_event_choices", &[]).is_err());
    assert!(
        cc.query("SELECT * FROM shared_events", &[])
            .unwrap()
            .is_empty()
    );
    let not_invited = cc
        .execute(
            "SELECT public.send_event_roster($1, '[]'::jsonb)",
            &[&link.id],
        )
        .unwrap_err();
    assert!(
        server_says(&not_invited).contains("没有受邀"),
        "{not_invited:?}"
    );
    // A badge outside its block, or another station's member, is refused.
    let outside = ca
        .execute(
            "SELECT public.send_event_roster($1, $2::text::jsonb)",
            &[
                &link.id,
                &format!(
                    r#"[{{"gender":"male","badge":250,"age":30,"arrived":true,"key":"湖滨-{}"}}]"#,
                    a_ids[1].1
                ),
            ],
        )
        .unwrap_err();
    assert!(
        server_says(&outside).contains("不在本站的号码段"),
        "{outside:?}"
    );
    let theirs = ca
        .execute(
            "SELECT public.send_event_roster($1, $2::text::jsonb)",
            &[
                &link.id,
                &format!(
                    r#"[{{"gender":"male","badge":5,"age":30,"arrived":true,"key":"南星-{}"}}]"#,
                    b_ids[1].1
                ),
            ],
        )
        .unwrap_err();
    assert!(
        server_says(&theirs).contains("不在全区共享里"),
        "{theirs:?}"
    );

    // The cards: 张伟 (男 02) wants to know 李娜 (女 201) better; 王芳 (女 01) would be friends
    // with 刘洋 (男 201); 李娜 chose 张伟; 刘洋 and 陈静 marked nobody.
    let a_guests = a.attendees(event).unwrap();
    let zhang = a_guests.iter().find(|x| x.member_id == zhang_wei).unwrap();
    let wang = a_guests.iter().find(|x| x.member_id == wang_fang).unwrap();
    let zhang_badge = zhang.badge.unwrap();
    let same = read_card(&a_guests, &seen, zhang, "男201", "")
        .unwrap_err()
        .to_string();
    assert!(same.contains("同是男嘉宾"), "{same}");
    let card = read_card(&a_guests, &seen, zhang, "女201", "").unwrap();
    assert_eq!(card.remote, vec![(201, Choice::More)]);
    a.enter_typed_card(&actor, event, zhang_wei, &card).unwrap();
    let card = read_card(&a_guests, &seen, wang, "", "201").unwrap();
    a.enter_typed_card(&actor, event, wang_fang, &card).unwrap();
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    let b_guests = b.attendees(b_event).unwrap();
    let b_seen = b.remote_guests(b_event).unwrap();
    assert_eq!(b_seen.len(), 2);
    let li = b_guests.iter().find(|x| x.member_id == li_na).unwrap();
    // 张伟 is 男 02: 男 01 went to 不共享 before he cancelled, and a badge is never given twice.
    assert_eq!(zhang_badge, 2);
    let card = read_card(&b_guests, &b_seen, li, "2", "").unwrap();
    b.enter_typed_card(&actor, b_event, li_na, &card).unwrap();
    for m in [liu_yang, chen_jing] {
        b.enter_card(&actor, b_event, m, &[]).unwrap();
    }
    district::sync(&mut b, &mut cb, "南星").unwrap();
    district::sync(&mut a, &mut ca, "湖滨").unwrap();

    // No station learns who marked its guests before it confirmed its own marks: nothing yet.
    assert!(a.remote_matches(event).unwrap().is_empty());
    assert!(b.remote_matches(b_event).unwrap().is_empty());
    // 湖滨 confirms first (its own pairs: none): it sees the one pair, 张伟 and 李娜, waiting
    // for 南星.
    let confirmed = a.confirm_matches(&actor, event, day).unwrap();
    assert!(confirmed.introductions.is_empty());
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    let pairs = a.remote_matches(event).unwrap();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0].guest.as_ref().unwrap().member_id, zhang_wei);
    assert_eq!(pairs[0].other_text(), "女 201(南星站)");
    assert_eq!(pairs[0].state_text(), "等对方站点确认互选结果");
    assert_eq!(pairs[0].row.request, None);
    // A request a station writes itself names no event (nor takes a pair's place).
    let forged = ca
        .execute(
            "INSERT INTO requests (from_station, from_key, to_station, to_key, shared_event)
             VALUES ('湖滨', $1, '南星', $2, $3)",
            &[
                &format!("湖滨-{}", a_ids[1].1),
                &format!("南星-{}", b_ids[0].1),
                &link.id,
            ],
        )
        .unwrap_err();
    assert!(
        format!("{forged:?}").contains("row-level security"),
        "{forged:?}"
    );
    // 南星's copy takes the host's details; it cannot change them itself.
    let mut moved = b.event(b_event).unwrap().data;
    moved.place = "南星工作站".into();
    let refused = b
        .update_event(&actor, b_event, &moved, day)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("由主办站定"), "{refused}");
    // Its roster and marks are closed now.
    let closed = ca
        .execute(
            "SELECT public.send_event_choices($1, '[]'::jsonb)",
            &[&link.id],
        )
        .unwrap_err();
    assert!(server_says(&closed).contains("已经确认"), "{closed:?}");
    // 南星 confirms: the pair becomes an introduction at both stations.
    b.confirm_matches(&actor, b_event, day).unwrap();
    district::sync(&mut b, &mut cb, "南星").unwrap();
    district::sync(&mut a, &mut ca, "湖滨").unwrap();
    for (db, event, member, partner) in [
        (&a, event, zhang_wei, format!("南星-{}", b_ids[0].1)),
        (&b, b_event, li_na, format!("湖滨-{}", a_ids[1].1)),
    ] {
        let pairs = db.remote_matches(event).unwrap();
        assert_eq!(pairs.len(), 1);
        let introduction = pairs[0].introduction.expect("introduced");
        assert_eq!(pairs[0].state_text(), "已记入牵线");
        let found = db.introduction(introduction).unwrap();
        assert_eq!(found.member_a, member);
        assert_eq!(found.partner.as_ref().map(|p| p.key.clone()), Some(partner));
        let event_of: Option<i64> = db
            .connection()
            .query_row(
                "SELECT event_id FROM introductions WHERE id = ?1",
                [introduction],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(event_of, Some(event), "counted as the event's");
        assert!(found.a_agreed_on.is_some() && found.b_agreed_on.is_some());
        // Shown with the event, not among the requests to answer on 首页.
        assert!(db.district_requests_to_show(day).unwrap().is_empty());
    }
    // Each station counts its own guests: 湖滨 two arrived and one pair.
    let figures = a
        .stats(Some(day - chrono::Duration::days(1)), Some(day), day)
        .unwrap();
    let row = &figures.events_total;
    assert_eq!((row.arrived_men, row.arrived_women), (1, 1));
    assert_eq!((row.matches, row.introductions, row.marked), (1, 1, 2));
    // The union counts the pair among the introductions, not among the requests asked.
    let mut union = district.connect_as(&district.union_role());
    let figures = district::figures(&mut union).unwrap();
    let hubin = figures.iter().find(|f| f.station == "湖滨").unwrap();
    assert_eq!(
        (
            hubin.requests_sent,
            hubin.requests_received,
            hubin.introductions
        ),
        (0, 0, 1)
    );
}
