//! 年度工作报告: the station's year agrees with its own 统计 of the same period (a demo station
//! with two years of history), its own counts (how members came, 在册 at the end, duty) are as
//! counted by hand, and its PDF and workbook read back.

use chrono::NaiveDate;
use hongniang_core::model::{Gender, MemberData, MemberStatus, YearMonth};
use hongniang_core::print::Job;
use hongniang_core::{Actor, Db, demo};

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

#[test]
fn the_year_agrees_with_the_statistics_of_the_same_period() {
    let mut db = Db::open_in_memory().unwrap();
    let today = d(2026, 11, 21);
    demo::generate(&mut db, 800, 7, today, &mut |_| {}).unwrap();
    for (from, to) in [
        (d(2026, 1, 1), d(2026, 12, 31)),
        (d(2025, 1, 1), d(2025, 12, 31)),
        (d(2025, 7, 1), d(2026, 6, 30)),
    ] {
        let report = db.yearly_report(from, to, today).unwrap();
        let stats = db.stats(Some(from), Some(to), today).unwrap();
        let sum = |f: &dyn Fn(&hongniang_core::stats::Period) -> u64| -> u64 {
            stats.years.iter().map(f).sum()
        };
        assert_eq!(report.registered_men, sum(&|p| p.registered_male));
        assert_eq!(report.registered_women, sum(&|p| p.registered_female));
        assert_eq!(
            report.by_source.iter().map(|f| f.value).sum::<u64>(),
            report.registered(),
            "every registration came some way"
        );
        assert_eq!(report.introductions, sum(&|p| p.introductions));
        assert_eq!(report.introductions, stats.tiles.introductions);
        assert_eq!(report.meetings, sum(&|p| p.meetings));
        assert_eq!(report.datings, sum(&|p| p.datings));
        assert_eq!(report.marriages, sum(&|p| p.marriages));
        assert_eq!(report.marriages, stats.tiles.couples);
        assert_eq!(report.both_agreed, stats.agreements.both_agreed);
        assert_eq!(report.ended, stats.reasons.last().unwrap().total);
        assert_eq!(
            report.ended_reasons.iter().map(|f| f.value).sum::<u64>(),
            report.ended
        );
        assert_eq!(report.events, stats.events.len() as u64);
        assert_eq!(report.event_guests, stats.events_total.arrived());
        assert_eq!(report.event_matches, stats.events_total.matches);
        assert_eq!(
            report.visitors_single,
            stats
                .open_days
                .iter()
                .map(|y| u64::from(y.singles))
                .sum::<u64>()
        );
        assert_eq!(report.enquiries, stats.follow_through.enquiries.enquiries);
    }
    // A year of the demo has something in every part.
    let year = db
        .yearly_report(d(2026, 1, 1), d(2026, 12, 31), today)
        .unwrap();
    assert!(year.registered() > 0 && year.introductions > 0 && year.events > 0);
    assert!(year.open_days > 0 && year.volunteers_on_duty > 0);
    // Refused: a period the wrong way round.
    assert!(
        db.yearly_report(d(2026, 12, 31), d(2026, 1, 1), today)
            .is_err()
    );
}

#[test]
fn its_own_counts_by_hand_and_the_pdf_and_workbook() {
    let mut db = Db::open_in_memory().unwrap();
    db.set_station_name("爱的填空相亲工作站").unwrap();
    let actor = Actor::terminal();
    let lou = db.add_volunteer(&actor, "楼老师").unwrap().id;
    db.sign_in(lou, "").unwrap();
    let member = |name: &str, gender: Gender, on: NaiveDate, phone: &str| MemberData {
        name: name.into(),
        gender: Some(gender),
        birth: YearMonth::new(1992, 4),
        phone: phone.into(),
        consent: true,
        registered_on: Some(on),
        ..MemberData::default()
    };
    let today = d(2026, 12, 7);
    // Two registered in 2026, one in 2025 who married in 2026 (not 在册 at the end of 2026,
    // 在册 at the end of 2025).
    db.insert_member(
        member("王芳", Gender::Female, d(2026, 3, 1), "13900000001"),
        None,
        &actor,
        today,
    )
    .unwrap();
    db.insert_member(
        member("张伟", Gender::Male, d(2026, 5, 1), "13900000002"),
        None,
        &actor,
        today,
    )
    .unwrap();
    let old = db
        .insert_member(
            member("李娜", Gender::Female, d(2025, 6, 1), "13900000003"),
            None,
            &actor,
            today,
        )
        .unwrap();
    let mut data = old.data.clone();
    data.status = MemberStatus::Married;
    db.update_member(
        old.id,
        data,
        hongniang_core::members::PhotoChange::Keep,
        &actor,
        today,
    )
    .unwrap();
    let year = db
        .yearly_report(d(2026, 1, 1), d(2026, 12, 31), today)
        .unwrap();
    assert_eq!((year.registered_men, year.registered_women), (1, 1));
    assert_eq!(year.by_source[0].value, 2, "到站登记");
    assert_eq!(year.on_books_at_end, 2);
    assert_eq!((year.volunteers_on_duty, year.duty_days), (1, 1));
    assert_eq!(year.period_text(), "2026年");
    let last = db
        .yearly_report(d(2025, 1, 1), d(2025, 12, 31), today)
        .unwrap();
    assert_eq!(last.on_books_at_end, 1);

    let printout = db
        .print(
            &Job::Yearly {
                from: d(2026, 1, 1),
                to: d(2026, 12, 31),
            },
            &actor,
            today,
        )
        .unwrap();
    assert_eq!(printout.page_count(), 1);
    let text: String = pdf_extract::extract_text_from_mem(&printout.pdf().unwrap())
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(text.contains("年度工作报告"), "{text}");
    assert!(text.contains("新登记会员2"), "{text}");
    assert!(!text.contains("王芳"), "no person is named");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("年度报告.xlsx");
    year.write_xlsx(&path).unwrap();
    use calamine::{DataType, Reader};
    let mut book = calamine::open_workbook_auto(&path).unwrap();
    let sheet = book.worksheet_range("年度报告").unwrap();
    let rows: Vec<(String, f64)> = sheet
        .rows()
        .skip(2)
        .map(|r| (r[0].to_string(), r[1].get_float().unwrap_or(-1.0)))
        .collect();
    assert_eq!(rows[0], ("新登记会员".to_string(), 2.0));
    assert_eq!(rows.len(), year.lines().len());
}
