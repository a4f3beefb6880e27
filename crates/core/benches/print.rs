//! Printing speed and size: `cargo bench --bench print`. A member's registration sheet with an
//! 800×1000 photo laid out and written as PDF (target ≤ 200 ms, ≤ 300 KB), the 介绍卡 as PNG,
//! and the statistics report, on a 2,000-member demo station. Each iteration prints the next of
//! 32 members (each with a photo), so typst's caches cannot answer from the previous one.

use criterion::{Criterion, criterion_group, criterion_main};
use hongniang_core::Actor;
use hongniang_core::members::PhotoChange;
use hongniang_core::print::{IMAGE_PIXELS_PER_POINT, Job};
use hongniang_core::{Db, demo, photo};
use std::hint::black_box;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

/// A camera-like picture: smooth shading with fine grain, which JPEG cannot squeeze much.
fn camera_picture() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(1200, 1600, |x, y| {
        let grain = ((x * 7919 + y * 104_729) % 37) as u8;
        image::Rgb([
            (x / 6) as u8 ^ grain,
            (y / 8) as u8,
            ((x + y) / 12) as u8 ^ (grain / 2),
        ])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .expect("jpeg");
    jpeg
}

fn printing(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("folder");
    let mut db = Db::open(&dir.path().join("station.db")).expect("database");
    demo::generate(&mut db, 2000, 1, today(), &mut |_| {}).expect("demo");
    let members: Vec<i64> = db
        .list_members(0, 200)
        .expect("members")
        .into_iter()
        .filter(|m| m.status == hongniang_core::model::MemberStatus::Active)
        .take(32)
        .map(|m| m.id)
        .collect();
    let prepared = photo::prepare(&camera_picture()).expect("photo");
    for id in &members {
        let full = db.member(*id).expect("member");
        db.update_member(
            *id,
            full.data,
            PhotoChange::Replace(&prepared),
            &Actor::terminal(),
            today(),
        )
        .expect("photo saved");
    }
    let sheet_of = |id: i64| Job::Sheet {
        member: id,
        full_contacts: false,
    };
    let sheet = sheet_of(members[0]);
    let pdf = db
        .print(&sheet, &Actor::terminal(), today())
        .expect("sheet")
        .pdf()
        .expect("pdf");
    println!(
        "sheet with a {} KB photo: {} KB PDF",
        prepared.image.len() / 1024,
        pdf.len() / 1024
    );

    let mut group = c.benchmark_group("print");
    group.sample_size(20);
    let mut next = members.iter().copied().cycle();
    group.bench_function("sheet_pdf_with_photo", |b| {
        b.iter(|| {
            let job = sheet_of(next.next().expect("a member"));
            let printout = db.print(&job, &Actor::terminal(), today()).expect("sheet");
            black_box(printout.pdf().expect("pdf"))
        })
    });
    group.bench_function("card_png", |b| {
        b.iter(|| {
            let card = Job::Card {
                member: next.next().expect("a member"),
                image: true,
            };
            let printout = db.print(&card, &Actor::terminal(), today()).expect("card");
            black_box(printout.png(0, IMAGE_PIXELS_PER_POINT).expect("png"))
        })
    });
    let report = Job::Report {
        from: None,
        to: None,
    };
    group.bench_function("stats_report_pdf", |b| {
        b.iter(|| {
            let printout = db
                .print(&report, &Actor::terminal(), today())
                .expect("report");
            black_box(printout.pdf().expect("pdf"))
        })
    });
    group.finish();
}

criterion_group!(benches, printing);
criterion_main!(benches);
