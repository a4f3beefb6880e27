//! 打印: every printed page is an A4 PDF whose text (extracted as a reader would) holds what the
//! page must say — and, for the 介绍卡, does not hold what it must not — with the font embedded.

use chrono::NaiveDate;
use hongniang_core::Actor;
use hongniang_core::members::PhotoChange;
use hongniang_core::model::{
    Education, Gender, Hukou, MaritalStatus, MemberData, MemberStatus, OwnConsentHow, Preferences,
    Registrant, RegistrantRelation, YearMonth,
};
use hongniang_core::print::{Job, Printout};
use hongniang_core::{Db, Error, photo};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn photo_png() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(300, 400, |x, y| {
        image::Rgb([(x / 2) as u8, (y / 3) as u8, ((x + y) % 251) as u8])
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

fn her() -> MemberData {
    MemberData {
        name: "欧阳婉清".into(),
        gender: Some(Gender::Female),
        birth: YearMonth::new(1991, 6),
        height_cm: Some(163),
        weight_kg: Some(50),
        ethnicity: "汉族".into(),
        native_place: "浙江绍兴".into(),
        hukou: Some(Hukou::Hangzhou),
        district: "上城区".into(),
        education: Some(Education::Master),
        occupation: "测绘工程师".into(),
        employer: "钱塘江测绘研究院".into(),
        employer_type: "事业单位".into(),
        income: "8000-12000元".into(),
        marital_status: Some(MaritalStatus::Single),
        children: "无".into(),
        housing: "有房无贷".into(),
        has_car: Some(true),
        only_child: Some(false),
        hobbies: "拍鸟、越剧".into(),
        // Markup characters must print as typed; the phone inside the text must not reach a card.
        self_intro: "喜欢在西溪湿地拍鸟 #周末 *越剧* 电话13566778899".into(),
        union_member: true,
        union_name: "上城区总工会".into(),
        phone: "13566778899".into(),
        wechat: "wanqing_ouyang".into(),
        registrant: Registrant {
            relation: RegistrantRelation::Mother,
            kin: String::new(),
            name: "欧阳阿姨".into(),
            phone: "13911112222".into(),
        },
        preferences: Preferences {
            age_min: Some(32),
            age_max: Some(38),
            height_min: Some(172),
            education_min: Some(Education::Bachelor),
            marital_statuses: vec![MaritalStatus::Single],
            requires_housing: true,
            exclude_same_employer: true,
            other: "不抽烟,孝顺父母".into(),
            ..Preferences::default()
        },
        // Her mother asks for a local hukou and a narrower age, the daughter not.
        family: Some(hongniang_core::model::FamilyWishes {
            by: hongniang_core::model::WishesOf::Mother,
            preferences: Preferences {
                age_min: Some(32),
                age_max: Some(36),
                hukou: Some(Hukou::Hangzhou),
                requires_housing: true,
                ..Preferences::default()
            },
        }),
        registered_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        consent: true,
        consent_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        own_consent_on: NaiveDate::from_ymd_opt(2024, 3, 5),
        own_consent_how: Some(OwnConsentHow::Sheet),
        ..MemberData::default()
    }
}

fn station() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("station.db")).unwrap();
    db.set_station_name("爱的填空相亲工作站").unwrap();
    (dir, db)
}

/// The text a PDF reader extracts, without the spaces and line breaks it puts between glyphs.
fn text_of(pdf: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(pdf).unwrap();
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every page is A4 (595.28 × 841.89 pt) and every font is embedded.
fn assert_a4_with_embedded_fonts(pdf: &[u8]) -> usize {
    let document = lopdf::Document::load_mem(pdf).unwrap();
    let pages = document.get_pages();
    for id in pages.values() {
        let page = document.get_dictionary(*id).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let number =
            |o: &lopdf::Object| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap() as f32);
        let (width, height) = (
            number(&media[2]) - number(&media[0]),
            number(&media[3]) - number(&media[1]),
        );
        assert!((width - 595.28).abs() < 0.5, "width {width}");
        assert!((height - 841.89).abs() < 0.5, "height {height}");
    }
    let mut descriptors = 0;
    for object in document.objects.values() {
        if let Ok(dict) = object.as_dict()
            && dict.get(b"Type").and_then(|t| t.as_name()).ok()
                == Some(b"FontDescriptor".as_slice())
        {
            descriptors += 1;
            assert!(
                dict.has(b"FontFile3") || dict.has(b"FontFile2") || dict.has(b"FontFile"),
                "font not embedded: {dict:?}"
            );
        }
    }
    assert!(descriptors > 0, "no font in the PDF");
    pages.len()
}

fn pdf_of(printout: &Printout) -> Vec<u8> {
    printout.pdf().unwrap()
}

#[test]
fn the_sheet_holds_every_field_masked_contacts_and_the_consent_lines() {
    let (_dir, mut db) = station();
    let photo = photo::prepare(&photo_png()).unwrap();
    let her = db
        .insert_member(her(), Some(&photo), &Actor::terminal(), today())
        .unwrap();
    let printout = db
        .print(
            &Job::Sheet {
                member: her.id,
                full_contacts: false,
            },
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let pdf = pdf_of(&printout);
    assert_eq!(assert_a4_with_embedded_fonts(&pdf), 1, "one page");
    assert!(pdf.len() < 300 * 1024, "{} bytes", pdf.len());
    let text = text_of(&pdf);
    for expected in [
        "爱的填空相亲工作站",
        "会员登记表",
        // Her mother registered her: her own signature, and that she gave it.
        "会员本人签名",
        "本人2024-03-05确认",
        her.number.as_str(),
        "欧阳婉清",
        "1991年6月",
        "163厘米",
        "50公斤",
        "汉族",
        "浙江绍兴",
        "杭州",
        "上城区",
        "硕士",
        "未婚",
        "测绘工程师",
        "钱塘江测绘研究院",
        "事业单位",
        "8000-12000元",
        "有房无贷",
        "拍鸟、越剧",
        "#周末*越剧*",
        "是上城区总工会",
        "135****8899",
        "wa****",
        "母亲欧阳阿姨139****2222",
        "32–38岁",
        "172厘米以上",
        "本科及以上",
        "要求有房",
        "不介绍同单位的人",
        "不抽烟,孝顺父母",
        "家长要求",
        "母亲:年龄32–36岁;户籍杭州;要求有房",
        "与本人不同:",
        "知情同意",
        "本人签名",
        "知情同意:已于2024-03-05签署",
        "2024-03-05",
        "同意在全区工会相亲工作站之间共享我的资料(不含姓名和联系方式):未同意",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(!text.contains("wanqing_ouyang"), "WeChat masked");
    assert!(
        !text.contains("13566778899"),
        "the phone typed into the self-introduction is masked too"
    );
    assert!(!text.contains("13911112222"), "registrant phone masked");
    assert!(printout.title.contains("欧阳婉清"));

    // With full contacts the numbers are there, and the reveal is in the log.
    let full = db
        .print(
            &Job::Sheet {
                member: her.id,
                full_contacts: true,
            },
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let text = text_of(&pdf_of(&full));
    assert!(text.contains("13566778899") && text.contains("wanqing_ouyang"));
    assert!(text.contains("13911112222"));
    let log = db.audit_of_member(her.id).unwrap();
    assert!(log.iter().any(|e| e.summary.contains("完整")), "{log:?}");
}

#[test]
fn the_blank_sheet_has_the_labels_and_empty_boxes() {
    let (_dir, db) = station();
    let printout = db.print(&Job::Blank, &Actor::terminal(), today()).unwrap();
    let pdf = pdf_of(&printout);
    assert_eq!(assert_a4_with_embedded_fonts(&pdf), 1);
    let text = text_of(&pdf);
    for expected in [
        "会员登记表",
        "姓名",
        "出生年月",
        "□男□女",
        "□未婚□离异□丧偶",
        "择偶要求",
        "其他要求",
        "照片",
        "本人签名",
        // Every choice field has its boxes; the registrant's own lines.
        "□初中及以下□高中□中专□大专□本科□硕士□博士",
        "□无□有,随自己□有,随对方",
        "□有房无贷□有房有贷□与父母同住□租房□单位宿舍",
        "□机关□事业单位",
        "□3000元以下",
        "□本人□父母□其他亲属",
        "登记人姓名",
        "登记人手机",
        "□博士及以上□不限",
        // The district's consent, a tick of its own.
        "□同意在全区工会相亲工作站之间共享我的资料(不含姓名和联系方式)",
        // Publicity, a tick of its own; how long the data is kept; the member's own line.
        "□同意工作站在喜报、宣传栏、公众号上讲述我们的故事(须双方同意)署名:□全名□只用姓氏□不具名",
        "退出或结婚后本站保存资料3年,期满删除",
        "会员本人签名",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    // A box never stays behind at the end of a line without its label.
    let lines = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    for line in lines.lines() {
        assert!(!line.trim_end().ends_with('□'), "{line:?} in {lines}");
    }
}

#[test]
fn the_card_shows_the_surname_only_and_no_contacts_or_employer() {
    let (_dir, mut db) = station();
    // The station's whole name: the image card's header still takes one line.
    db.set_station_name("上城区总工会“爱的填空”相亲工作站")
        .unwrap();
    let photo = photo::prepare(&photo_png()).unwrap();
    let mut data = her();
    // Someone's WeChat ID in the free text, not the member's own.
    data.self_intro.push_str(",有事加我abc_def9");
    let her = db
        .insert_member(data, Some(&photo), &Actor::terminal(), today())
        .unwrap();
    let card = db
        .print(
            &Job::Card {
                member: her.id,
                image: false,
            },
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let pdf = pdf_of(&card);
    assert_eq!(assert_a4_with_embedded_fonts(&pdf), 1);
    let text = text_of(&pdf);
    for expected in [
        "欧阳女士",
        her.number.as_str(),
        "35岁",
        "163厘米",
        "硕士",
        "测绘工程师",
        "上城区",
        // What a family asks first: 户籍, 婚姻状况, 子女, 住房.
        "杭州",
        "未婚",
        "有房无贷",
        "喜欢在西溪湿地拍鸟",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    for secret in [
        "欧阳婉清",
        "婉清",
        "13566778899",
        "8899",
        "wanqing",
        "钱塘江测绘研究院",
        "13911112222",
        "欧阳阿姨",
        "abc_def9",
    ] {
        assert!(
            !text.contains(secret),
            "{secret:?} leaked into the card: {text}"
        );
    }

    // The PNG for a chat app: a real image, phone-shaped.
    let image = db
        .print(
            &Job::Card {
                member: her.id,
                image: true,
            },
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let lines = pdf_extract::extract_text_from_mem(&pdf_of(&image)).unwrap();
    let header = lines.lines().find(|l| l.contains("介绍卡")).unwrap_or("");
    let header: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        header.starts_with("上城区总工会“爱的填空”相亲工作站·介绍卡"),
        "{lines}"
    );
    let png = image
        .png(0, hongniang_core::print::IMAGE_PIXELS_PER_POINT)
        .unwrap();
    let decoded = image::load_from_memory(&png).unwrap();
    assert!(decoded.width() >= 900, "{}", decoded.width());
    assert!(decoded.height() > decoded.width(), "portrait card");
}

#[test]
fn no_card_for_a_member_off_the_books() {
    let (_dir, mut db) = station();
    let paused = db
        .insert_member(her(), None, &Actor::terminal(), today())
        .unwrap();
    let mut data = paused.data.clone();
    data.status = MemberStatus::Paused;
    db.update_member(
        paused.id,
        data,
        PhotoChange::Keep,
        &Actor::terminal(),
        today(),
    )
    .unwrap();
    let job = Job::Card {
        member: paused.id,
        image: false,
    };
    match db.print(&job, &Actor::terminal(), today()) {
        Err(Error::Refused(message)) => assert!(message.contains("暂停"), "{message}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Their own sheet still prints.
    let sheet = Job::Sheet {
        member: paused.id,
        full_contacts: false,
    };
    assert!(
        text_of(&pdf_of(
            &db.print(&sheet, &Actor::terminal(), today()).unwrap()
        ))
        .contains("欧阳婉清")
    );
}

#[test]
fn a_day_prints_one_sheet_per_member_registered_that_day() {
    let (_dir, mut db) = station();
    let day = NaiveDate::from_ymd_opt(2026, 11, 14).unwrap();
    let names = ["李芳", "王强", "陈静"];
    for (i, name) in names.iter().enumerate() {
        let data = MemberData {
            name: (*name).into(),
            phone: format!("1380000000{i}"),
            registered_on: Some(day),
            consent_on: Some(day),
            own_consent_on: Some(day),
            ..her()
        };
        db.insert_member(data, None, &Actor::terminal(), today())
            .unwrap();
    }
    // Someone registered on another day is not in the batch.
    let other = MemberData {
        name: "赵敏".into(),
        phone: "13800000009".into(),
        registered_on: NaiveDate::from_ymd_opt(2026, 11, 15),
        consent_on: NaiveDate::from_ymd_opt(2026, 11, 15),
        own_consent_on: NaiveDate::from_ymd_opt(2026, 11, 15),
        ..her()
    };
    db.insert_member(other, None, &Actor::terminal(), today())
        .unwrap();
    let printout = db
        .print(&Job::Day(day), &Actor::terminal(), today())
        .unwrap();
    let pdf = pdf_of(&printout);
    assert_eq!(assert_a4_with_embedded_fonts(&pdf), 3);
    let text = text_of(&pdf);
    for name in names {
        assert!(text.contains(name), "missing {name}");
    }
    assert!(!text.contains("赵敏"));
    let empty = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    match db.print(&Job::Day(empty), &Actor::terminal(), today()) {
        Err(Error::Refused(message)) => assert!(message.contains("没有登记"), "{message}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_long_self_introduction_is_printed_whole() {
    let (_dir, mut db) = station();
    // About 600 characters still fit the one page.
    let member = {
        let data = MemberData {
            self_intro: "我是一个热爱生活的人,".repeat(55),
            preferences: Preferences {
                other: "希望对方性格开朗,".repeat(12),
                ..her().preferences
            },
            ..her()
        };
        db.insert_member(data, None, &Actor::terminal(), today())
            .unwrap()
    };
    let job = Job::Sheet {
        member: member.id,
        full_contacts: false,
    };
    let pdf = pdf_of(&db.print(&job, &Actor::terminal(), today()).unwrap());
    assert_eq!(assert_a4_with_embedded_fonts(&pdf), 1, "one page");

    let long = "我是一个热爱生活的人,".repeat(150) + "结尾在这里";
    let data = MemberData {
        self_intro: long,
        phone: "13900000077".into(),
        ..her()
    };
    let member = db
        .insert_member(data, None, &Actor::terminal(), today())
        .unwrap();
    let sheet = db
        .print(
            &Job::Sheet {
                member: member.id,
                full_contacts: false,
            },
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let text = text_of(&pdf_of(&sheet));
    assert!(text.contains("结尾在这里"), "nothing cut off");
}

#[test]
fn the_report_and_own_data_are_pdfs_with_their_figures() {
    let (_dir, mut db) = station();
    let her = db
        .insert_member(her(), None, &Actor::terminal(), today())
        .unwrap();
    let him = MemberData {
        name: "张伟".into(),
        gender: Some(Gender::Male),
        birth: YearMonth::new(1989, 2),
        phone: "13800000002".into(),
        consent: true,
        registered_on: NaiveDate::from_ymd_opt(2025, 1, 8),
        ..MemberData::default()
    };
    let him = db
        .insert_member(him, None, &Actor::terminal(), today())
        .unwrap();
    let introduced = NaiveDate::from_ymd_opt(2025, 12, 20).unwrap();
    let intro = db
        .add_introduction(her.id, him.id, introduced, &Actor::terminal(), today())
        .unwrap();
    let stats = db.stats(None, None, today()).unwrap();
    let report = db
        .print(
            &Job::Report {
                from: None,
                to: None,
            },
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let pdf = pdf_of(&report);
    assert!(assert_a4_with_embedded_fonts(&pdf) >= 1);
    let text = text_of(&pdf);
    for expected in [
        "成功统计报告",
        "在册会员",
        "累计介绍",
        "年度汇总",
        "统计口径",
        "红娘工作量",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    assert_eq!(stats.tiles.introductions, 1);
    assert!(text.contains("2025"), "the year of the introduction");

    let own = db
        .print(
            &Job::OwnData { member: her.id },
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let text = text_of(&pdf_of(&own));
    for expected in [
        "本人资料副本",
        "欧阳婉清",
        "13566778899",
        "2025-12-20",
        "对方",
        "介绍",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(!text.contains("张伟"), "the other side is not named");
    let log = db.audit_of_member(her.id).unwrap();
    assert!(log.iter().any(|e| e.summary.contains("打印了其个人资料")));
    let _ = intro;
}

#[test]
fn a_huge_text_saved_outside_the_form_prints_bounded_in_pages_and_pixels() {
    let (_dir, mut db) = station();
    let member = db
        .insert_member(her(), None, &Actor::terminal(), today())
        .unwrap();
    // Written past the form's rules (by hand, or by an older version): 5 million characters.
    let huge = "护".repeat(5_000_000);
    db.connection()
        .execute(
            "UPDATE members SET occupation = ?1, self_intro = ?1 WHERE id = ?2",
            rusqlite::params![huge, member.id],
        )
        .unwrap();
    let sheet = db
        .print(
            &Job::Sheet {
                member: member.id,
                full_contacts: false,
            },
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    assert!(sheet.page_count() <= 10, "{} pages", sheet.page_count());
    let card = db
        .print(
            &Job::Card {
                member: member.id,
                image: true,
            },
            &Actor::terminal(),
            today(),
        )
        .unwrap();
    let png = card
        .png(0, hongniang_core::print::IMAGE_PIXELS_PER_POINT)
        .unwrap();
    let decoded = image::load_from_memory(&png).unwrap();
    let pixels = f64::from(decoded.width()) * f64::from(decoded.height());
    assert!(
        pixels <= hongniang_core::print::MAX_PIXELS,
        "{pixels} pixels"
    );
    assert!(png.len() < 8 * 1024 * 1024, "{} bytes", png.len());
}
