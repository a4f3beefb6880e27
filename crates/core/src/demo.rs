//! Synthetic members for newcomers, tests and benchmarks: realistic Hangzhou profiles,
//! the same for the same seed. Never used on the station's real database unless asked.

use super::db::Db;
use super::error::{Error, Result};
use super::events::{Answer, Arrival, Choice, Confirmed, EventData, Place};
use super::introductions::{self, EndReason, EndSide, Stage, StepKind};
use super::members::{MemberInsert, format_member_number};
use super::model::{
    Education, Gender, Hukou, MaritalStatus, MemberData, MemberStatus, Preferences, Registrant,
    RegistrantRelation, YearMonth, choices,
};
use super::now_text;
use super::open_days::Visitor;
use super::signin::Actor;
use chrono::{Datelike, Duration, NaiveDate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{HashMap, HashSet};

use super::db::DEMO_MARK;
pub use super::db::DEMO_STATION_NAME;

/// Whether synthetic members may go into `db`: one the demo made (marked, or named as the demo
/// station), or an empty one with no station of its own. A station's real database — with a
/// name or with members — is refused, with what to do instead.
pub fn check_may_fill(db: &Db) -> Result<()> {
    let name = db.station_name()?;
    if db.setting(DEMO_MARK)?.is_some() || name.as_deref() == Some(DEMO_STATION_NAME) {
        return Ok(());
    }
    let members = db.count_members()?;
    if members == 0 && name.is_none() {
        return Ok(());
    }
    let whose = name.map_or_else(|| "本站".to_string(), |n| format!("“{n}”"));
    Err(Error::Refused(format!(
        "这是{whose}的正式数据库(已有 {members} 位会员),虚构的演示会员不能写进去。请另指一个新文件,例如:hongniang --db 演示.db demo"
    )))
}
const DEMO_VOLUNTEERS: &[&str] = &["楼老师", "朱大姐", "陈阿姨", "王老师", "李大姐", "张师傅"];

/// Surnames with rough weights (per mille), including the polyphonic and compound ones the
/// search must handle.
const SURNAMES: &[(&str, u32)] = &[
    ("王", 72),
    ("李", 72),
    ("张", 68),
    ("刘", 54),
    ("陈", 60),
    ("杨", 32),
    ("黄", 25),
    ("赵", 20),
    ("吴", 28),
    ("周", 26),
    ("徐", 24),
    ("孙", 15),
    ("马", 12),
    ("朱", 16),
    ("胡", 16),
    ("郭", 10),
    ("何", 10),
    ("高", 10),
    ("林", 12),
    ("罗", 8),
    ("郑", 10),
    ("梁", 6),
    ("谢", 7),
    ("宋", 6),
    ("唐", 6),
    ("许", 8),
    ("韩", 5),
    ("冯", 5),
    ("邓", 5),
    ("曹", 5),
    ("彭", 4),
    ("曾", 5),
    ("肖", 4),
    ("田", 4),
    ("董", 4),
    ("袁", 4),
    ("潘", 5),
    ("于", 3),
    ("蒋", 6),
    ("蔡", 4),
    ("余", 4),
    ("杜", 3),
    ("叶", 6),
    ("程", 3),
    ("苏", 3),
    ("魏", 3),
    ("吕", 3),
    ("丁", 3),
    ("任", 2),
    ("沈", 7),
    ("姚", 3),
    ("卢", 2),
    ("姜", 2),
    ("崔", 2),
    ("钟", 2),
    ("谭", 2),
    ("陆", 4),
    ("汪", 3),
    ("范", 2),
    ("金", 4),
    ("石", 2),
    ("方", 3),
    ("俞", 3),
    ("楼", 2),
    ("钱", 3),
    ("应", 2),
    ("单", 1),
    ("解", 1),
    ("区", 1),
    ("仇", 1),
    ("朴", 1),
    ("查", 1),
    ("欧阳", 1),
    ("诸葛", 1),
    ("上官", 1),
    ("司马", 1),
];

const GIVEN_MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "洋", "晨", "阳",
    "昊", "博", "文", "志", "海", "峰", "建", "晓", "东", "子", "一", "天", "佳", "泽", "睿", "轩",
    "喆", "堃", "犇", "昇",
];
const GIVEN_FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "颖", "琳", "倩",
    "佳", "怡", "欣", "悦", "晶", "洁", "萍", "红", "蕾", "露", "瑶", "璐", "雯", "梦", "思", "雨",
    "诗", "晓", "丹", "青", "月", "小", "子", "一", "淼", "玥", "珺", "瑾", "琪", "涵", "可", "语",
];

/// (occupation, employers, employer type, lowest usual education)
const JOBS: &[(&str, &[&str], &str, Education)] = &[
    (
        "护士",
        &[
            "浙江大学医学院附属第一医院",
            "杭州市第一人民医院",
            "浙江省人民医院",
            "上城区社区卫生服务中心",
        ],
        "事业单位",
        Education::College,
    ),
    (
        "医生",
        &["浙江大学医学院附属第二医院", "杭州市中医院", "浙江省中医院"],
        "事业单位",
        Education::Master,
    ),
    (
        "小学教师",
        &["杭州市天长小学", "杭州市胜利小学", "上城区实验小学"],
        "事业单位",
        Education::Bachelor,
    ),
    (
        "中学教师",
        &["杭州第四中学", "杭州高级中学", "杭州市建兰中学"],
        "事业单位",
        Education::Bachelor,
    ),
    (
        "幼儿园教师",
        &["杭州市娃哈哈幼儿园", "上城区紫阳幼儿园"],
        "事业单位",
        Education::College,
    ),
    (
        "公务员",
        &[
            "上城区人民政府",
            "杭州市税务局",
            "湖滨街道办事处",
            "南星街道办事处",
        ],
        "机关",
        Education::Bachelor,
    ),
    (
        "软件工程师",
        &["阿里巴巴", "网易(杭州)", "海康威视", "蚂蚁集团", "大华股份"],
        "民营企业",
        Education::Bachelor,
    ),
    (
        "产品经理",
        &["阿里巴巴", "网易(杭州)", "有赞科技"],
        "民营企业",
        Education::Bachelor,
    ),
    (
        "会计",
        &["浙江天健会计师事务所", "杭州联华华商集团", "物产中大集团"],
        "国有企业",
        Education::College,
    ),
    (
        "银行职员",
        &[
            "杭州银行",
            "中国工商银行杭州分行",
            "浙商银行",
            "杭州联合银行",
        ],
        "国有企业",
        Education::Bachelor,
    ),
    (
        "电力工程师",
        &["国网杭州供电公司", "杭州地铁集团"],
        "国有企业",
        Education::Bachelor,
    ),
    (
        "销售",
        &["杭州娃哈哈集团", "银泰百货", "吉利汽车销售公司", "农夫山泉"],
        "民营企业",
        Education::HighSchool,
    ),
    (
        "设计师",
        &["中国美术学院风景建筑设计研究总院", "杭州某广告公司"],
        "民营企业",
        Education::Bachelor,
    ),
    (
        "律师",
        &["浙江天册律师事务所", "国浩律师(杭州)事务所"],
        "民营企业",
        Education::Master,
    ),
    (
        "客服专员",
        &["中国移动杭州分公司", "中国电信杭州分公司"],
        "国有企业",
        Education::College,
    ),
    (
        "厨师",
        &["杭州酒家", "楼外楼", "知味观"],
        "国有企业",
        Education::Vocational,
    ),
    (
        "公交司机",
        &["杭州公交集团"],
        "国有企业",
        Education::HighSchool,
    ),
    (
        "社区工作者",
        &["清波街道社区", "望江街道社区", "紫阳街道社区"],
        "事业单位",
        Education::College,
    ),
    (
        "个体经营",
        &["自营服装店", "自营餐饮店", "自营茶叶店"],
        "个体经营",
        Education::JuniorOrBelow,
    ),
    (
        "快递员",
        &["顺丰速运", "中通快递"],
        "民营企业",
        Education::JuniorOrBelow,
    ),
    (
        "研究员",
        &["浙江大学", "之江实验室", "西湖大学"],
        "事业单位",
        Education::Doctorate,
    ),
    (
        "工人",
        &["杭州汽轮机厂", "杭氧集团", "西子电梯"],
        "国有企业",
        Education::Vocational,
    ),
];

const HOBBIES: &[&str] = &[
    "旅游",
    "看书",
    "爬山",
    "游泳",
    "羽毛球",
    "跑步",
    "摄影",
    "烹饪",
    "听音乐",
    "看电影",
    "瑜伽",
    "书法",
    "下棋",
    "钓鱼",
    "养花",
    "唱歌",
    "跳舞",
    "骑行",
    "追剧",
    "逛西湖",
];
const TRAITS: &[&str] = &[
    "性格开朗",
    "为人踏实",
    "性格温和",
    "孝顺父母",
    "工作稳定",
    "爱好运动",
    "喜欢安静",
    "有责任心",
];
const WISHES: &[&str] = &[
    "希望找一个真诚善良、有共同语言的人。",
    "希望对方孝顺、有上进心,一起组建温暖的家。",
    "想找一位性格合得来、愿意长期相处的伴侣。",
    "希望对方脾气好,生活习惯健康。",
    "希望找个顾家、懂得体贴的人。",
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    &items[items.len() - 1].0
}

/// A normally distributed number (Box–Muller).
fn normal(rng: &mut ChaCha8Rng, mean: f64, sd: f64) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random();
    mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn phone(rng: &mut ChaCha8Rng) -> String {
    let prefix = *pick(rng, &["13", "15", "17", "18", "19"]);
    format!("{prefix}{:09}", rng.random_range(0..1_000_000_000u32))
}

/// Who a demo member is: gender, age, name and build.
struct Person {
    gender: Gender,
    /// Years from the registration to `today`.
    years_since: f64,
    age: i32,
    birth: Option<YearMonth>,
    surname: &'static str,
    name: String,
    height: u16,
    weight: u16,
}

/// A demo member's education, work, district, marital status, income and housing.
struct Situation {
    education: Education,
    occupation: &'static str,
    /// The employers usual for the occupation (the member's is drawn later).
    employers: &'static [&'static str],
    employer_type: &'static str,
    district: &'static str,
    marital_status: MaritalStatus,
    income: &'static str,
    housing: &'static str,
}

/// One synthetic member registered on `registered_on` (ages counted on `today`). The parts
/// are drawn in a fixed order (the same seed, the same members).
fn member(
    rng: &mut ChaCha8Rng,
    registered_on: NaiveDate,
    today: NaiveDate,
    volunteers: &[i64],
) -> MemberData {
    let person = person(rng, registered_on, today);
    let situation = situation(rng, person.age);
    let (relation, registrant) = registrant(rng, person.surname);
    let (hobbies, self_intro) = hobbies_and_self_intro(rng);
    let preferences = preferences(rng, &person, &situation);
    let status = status(rng, person.years_since);
    let union_member = rng.random_bool(0.6);
    let Situation {
        education,
        occupation,
        employers,
        employer_type,
        district,
        marital_status,
        income,
        housing,
    } = situation;

    MemberData {
        name: person.name,
        gender: Some(person.gender),
        birth: person.birth,
        height_cm: Some(person.height),
        weight_kg: Some(person.weight),
        ethnicity: if rng.random_bool(0.97) {
            "汉族".into()
        } else {
            pick(rng, &["回族", "满族", "畲族", "土家族"]).to_string()
        },
        native_place: pick(
            rng,
            &[
                "浙江杭州",
                "浙江绍兴",
                "浙江宁波",
                "浙江温州",
                "浙江金华",
                "安徽",
                "江西",
                "江苏",
                "河南",
                "湖南",
            ],
        )
        .to_string(),
        hukou: Some(if rng.random_bool(0.65) {
            Hukou::Hangzhou
        } else {
            Hukou::Elsewhere
        }),
        district: district.to_string(),
        education: Some(education),
        occupation: occupation.to_string(),
        employer: pick(rng, employers).to_string(),
        employer_type: employer_type.to_string(),
        income: income.to_string(),
        marital_status: Some(marital_status),
        children: if marital_status == MaritalStatus::Single {
            "无".into()
        } else {
            pick(rng, choices::CHILDREN).to_string()
        },
        housing: housing.to_string(),
        has_car: Some(rng.random_bool(0.55)),
        only_child: Some(rng.random_bool(0.6)),
        hobbies,
        self_intro,
        union_member,
        union_name: if union_member {
            format!("{}工会", pick(rng, employers))
        } else {
            String::new()
        },
        phone: if relation != RegistrantRelation::Own && rng.random_bool(0.3) {
            String::new()
        } else {
            phone(rng)
        },
        wechat: if rng.random_bool(0.6) {
            format!("wx_{:08}", rng.random_range(0..100_000_000u32))
        } else {
            String::new()
        },
        registrant,
        preferences,
        registered_on: Some(registered_on),
        volunteer_id: (!volunteers.is_empty()).then(|| *pick(rng, volunteers)),
        consent: true,
        consent_on: Some(registered_on),
        status,
        ..MemberData::default()
    }
}

/// The personal part: gender, age (22–60 today, most between 26 and 38; at least 18 when
/// registering), name, height and weight.
fn person(rng: &mut ChaCha8Rng, registered_on: NaiveDate, today: NaiveDate) -> Person {
    let gender = if rng.random_bool(0.52) {
        Gender::Female
    } else {
        Gender::Male
    };
    let years_since = (today - registered_on).num_days() as f64 / 365.25;
    let min_age = (18.0 + years_since).ceil().max(22.0) as i32;
    let age = (normal(rng, 32.0, 7.0).round() as i32).clamp(min_age, 60);
    let birth_month: u32 = rng.random_range(1..=12);
    let birth_year = today.year() - age - i32::from(birth_month > today.month());

    let surname = *weighted(rng, SURNAMES);
    let pool = if gender == Gender::Male {
        GIVEN_MALE
    } else {
        GIVEN_FEMALE
    };
    let mut name = surname.to_string();
    name.push_str(pick::<&str>(rng, pool));
    if rng.random_bool(0.75) {
        name.push_str(pick::<&str>(rng, pool));
    }

    let (height_mean, height_sd, bounds) = if gender == Gender::Male {
        (172.0, 6.0, (155.0, 195.0))
    } else {
        (160.0, 5.0, (148.0, 180.0))
    };
    let height = normal(rng, height_mean, height_sd)
        .clamp(bounds.0, bounds.1)
        .round() as u16;
    let bmi = normal(rng, if gender == Gender::Male { 23.0 } else { 20.5 }, 2.0).clamp(17.0, 30.0);
    let weight = (bmi * (f64::from(height) / 100.0).powi(2)).round() as u16;
    Person {
        gender,
        years_since,
        age,
        birth: YearMonth::new(birth_year, birth_month),
        surname,
        name,
        height,
        weight,
    }
}

/// The work part: education, a job that fits it, the district, the marital status (by age),
/// the income (by education) and the housing (by age).
fn situation(rng: &mut ChaCha8Rng, age: i32) -> Situation {
    let education = *weighted(
        rng,
        &[
            (Education::JuniorOrBelow, 3),
            (Education::HighSchool, 7),
            (Education::Vocational, 6),
            (Education::College, 22),
            (Education::Bachelor, 45),
            (Education::Master, 14),
            (Education::Doctorate, 3),
        ],
    );
    let fitting: Vec<_> = JOBS.iter().filter(|job| job.3 <= education).collect();
    let (occupation, employers, employer_type, _) = **pick(rng, &fitting);
    let district = *weighted(
        rng,
        &[
            ("上城区", 30),
            ("拱墅区", 15),
            ("西湖区", 14),
            ("滨江区", 10),
            ("萧山区", 8),
            ("余杭区", 8),
            ("临平区", 4),
            ("钱塘区", 4),
            ("富阳区", 2),
            ("临安区", 1),
            ("桐庐县", 1),
            ("建德市", 1),
            ("杭州市外", 2),
        ],
    );
    let marital_status = match age {
        ..30 => *weighted(
            rng,
            &[(MaritalStatus::Single, 97), (MaritalStatus::Divorced, 3)],
        ),
        30..40 => *weighted(
            rng,
            &[
                (MaritalStatus::Single, 82),
                (MaritalStatus::Divorced, 16),
                (MaritalStatus::Widowed, 2),
            ],
        ),
        _ => *weighted(
            rng,
            &[
                (MaritalStatus::Single, 45),
                (MaritalStatus::Divorced, 47),
                (MaritalStatus::Widowed, 8),
            ],
        ),
    };
    let income_level = (education as usize)
        .saturating_sub(1)
        .min(choices::INCOME_BANDS.len() - 1);
    let income = choices::INCOME_BANDS
        [(income_level + rng.random_range(0..2)).min(choices::INCOME_BANDS.len() - 1)];
    let housing = if age < 28 {
        *pick(rng, &["与父母同住", "租房", "有房有贷"])
    } else {
        *pick(rng, choices::HOUSING)
    };
    Situation {
        education,
        occupation,
        employers,
        employer_type,
        district,
        marital_status,
        income,
        housing,
    }
}

/// Who registered the member: mostly the member, else a parent or a relative (with a phone).
fn registrant(rng: &mut ChaCha8Rng, surname: &str) -> (RegistrantRelation, Registrant) {
    let relation = *weighted(
        rng,
        &[
            (RegistrantRelation::Own, 70),
            (RegistrantRelation::Mother, 20),
            (RegistrantRelation::Father, 8),
            (RegistrantRelation::Relative, 2),
        ],
    );
    let registrant = match relation {
        RegistrantRelation::Own => Registrant::default(),
        relation => Registrant {
            relation,
            kin: if relation == RegistrantRelation::Relative {
                "阿姨".into()
            } else {
                String::new()
            },
            name: format!(
                "{surname}{}",
                match relation {
                    RegistrantRelation::Father => "先生",
                    RegistrantRelation::Mother => "阿姨",
                    _ => "女士",
                }
            ),
            phone: phone(rng),
        },
    };
    (relation, registrant)
}

/// Two or three hobbies (each once, joined with 、) and a self-introduction of two different
/// traits and a wish.
fn hobbies_and_self_intro(rng: &mut ChaCha8Rng) -> (String, String) {
    let mut hobbies: Vec<&str> = (0..rng.random_range(2..4))
        .map(|_| *pick(rng, HOBBIES))
        .collect();
    // Each hobby once (the draws stay the same, so the data does too).
    let mut seen = HashSet::new();
    hobbies.retain(|hobby| seen.insert(*hobby));
    // Two different traits (the same number of draws as ever, so the data stays the same).
    let first = rng.random_range(0..TRAITS.len());
    let mut second = rng.random_range(0..TRAITS.len());
    if second == first {
        second = (first + 1) % TRAITS.len();
    }
    let self_intro = format!(
        "{},{}。{}",
        TRAITS[first],
        TRAITS[second],
        pick(rng, WISHES)
    );
    (hobbies.join("、"), self_intro)
}

/// The wishes part: the partner's age and height around the member's own (men asking for
/// younger and shorter, women for older and taller), then education, marital status, hukou,
/// employer and a common 其他要求.
fn preferences(rng: &mut ChaCha8Rng, person: &Person, situation: &Situation) -> Preferences {
    let (age, height) = (person.age, person.height);
    let preferences = if person.gender == Gender::Male {
        let height_min: u16 = rng.random_range(150..=160);
        Preferences {
            age_min: Some((age - rng.random_range(5..10)).max(18) as u16),
            age_max: Some((age + rng.random_range(0..3)).min(80) as u16),
            height_min: Some(height_min),
            // Never a range like 160–160 cm: at least 5 cm wide.
            height_max: rng
                .random_bool(0.5)
                .then(|| height.clamp(160, 180).max(height_min + 5)),
            ..Preferences::default()
        }
    } else {
        Preferences {
            age_min: Some((age - rng.random_range(0..3)).max(18) as u16),
            age_max: Some((age + rng.random_range(3..9)).min(80) as u16),
            height_min: Some((height + rng.random_range(3..12)).clamp(160, 185)),
            height_max: rng.random_bool(0.3).then_some(190),
            requires_housing: rng.random_bool(0.3),
            ..Preferences::default()
        }
    };
    Preferences {
        education_min: rng.random_bool(0.5).then_some(match situation.education {
            Education::JuniorOrBelow | Education::HighSchool => Education::JuniorOrBelow,
            Education::Vocational | Education::College => Education::HighSchool,
            _ => Education::College,
        }),
        marital_statuses: if situation.marital_status == MaritalStatus::Single
            && rng.random_bool(0.7)
        {
            vec![MaritalStatus::Single]
        } else {
            Vec::new()
        },
        hukou: rng.random_bool(0.2).then_some(Hukou::Hangzhou),
        exclude_same_employer: rng.random_bool(0.1),
        other: if rng.random_bool(0.3) {
            "希望对方不抽烟".into()
        } else {
            String::new()
        },
        ..preferences
    }
}

/// The member's status now: older registrations have more often married or left.
fn status(rng: &mut ChaCha8Rng, years_since: f64) -> MemberStatus {
    if years_since > 2.0 {
        *weighted(
            rng,
            &[
                (MemberStatus::Active, 70),
                (MemberStatus::Paused, 6),
                (MemberStatus::Married, 14),
                (MemberStatus::Withdrawn, 10),
            ],
        )
    } else {
        *weighted(
            rng,
            &[
                (MemberStatus::Active, 92),
                (MemberStatus::Paused, 5),
                (MemberStatus::Married, 1),
                (MemberStatus::Withdrawn, 2),
            ],
        )
    }
}

/// Adds `count` synthetic members registered over the five years before `today`, oldest first,
/// in one transaction. Sets up a demo station name and volunteers on an empty database.
/// `progress` is called with the number done so far, every few thousand members.
pub fn generate(
    db: &mut Db,
    count: u64,
    seed: u64,
    today: NaiveDate,
    progress: &mut dyn FnMut(u64),
) -> Result<()> {
    check_may_fill(db)?;
    db.set_setting(DEMO_MARK, "1")?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    if db.station_name()?.is_none() {
        db.set_station_name(DEMO_STATION_NAME)?;
    }
    if db.volunteers()?.is_empty() {
        for name in DEMO_VOLUNTEERS {
            db.add_volunteer(&Actor::terminal(), name)?;
        }
    }
    let volunteers: Vec<i64> = db
        .volunteers()?
        .into_iter()
        .filter(|v| v.active)
        .map(|v| v.id)
        .collect();
    // A bulk load: a large page cache, and the secondary indexes of the member and history tables rebuilt
    // once at the end instead of updated a million times (same transaction, so all or nothing).
    let cache_size: i64 = db
        .conn
        .query_row("PRAGMA cache_size", [], |row| row.get(0))?;
    db.conn.pragma_update(None, "cache_size", -262_144)?;
    let result = generate_in_transaction(db, count, &mut rng, today, &volunteers, progress);
    db.conn.pragma_update(None, "cache_size", cache_size)?;
    result?;
    // The events are written step by step through the program's own rules, a few thousand
    // small transactions: without waiting for the disk each time (synthetic data; a crash
    // midway leaves a demo database to make again).
    let synchronous: i64 = db
        .conn
        .query_row("PRAGMA synchronous", [], |row| row.get(0))?;
    db.conn.pragma_update(None, "synchronous", "OFF")?;
    let result = events_and_open_days(db, &mut rng, today, &volunteers);
    db.conn.pragma_update(None, "synchronous", synchronous)?;
    result
}

/// A member who may come to an event: id, gender, birth month and registration day.
type Guest = (i64, Gender, YearMonth, NaiveDate);

/// The ages the demo's events are for, men's and women's.
const EVENT_AGES_MEN: (u16, u16) = (25, 40);
const EVENT_AGES_WOMEN: (u16, u16) = (23, 38);

/// Every other past event a 专场 (title, theme, place); the others named for their season.
const THEMED_EVENTS: &[(&str, &str, &str)] = &[
    ("教师专场联谊", "教师", "工作站活动室"),
    ("医护专场联谊", "医护", "区职工服务中心"),
    ("新杭州人专场", "新杭州人", "区职工服务中心"),
];

/// A seasonal event's title and place, by its day.
fn seasonal_event(on: NaiveDate) -> (&'static str, &'static str) {
    match on.month() {
        3..=5 => ("春季联谊会", "工作站活动室"),
        6 | 7 => ("夏日联谊会", "湖滨步行街职工之家"),
        8 => ("七夕相亲交友活动", "湖滨步行街职工之家"),
        9..=11 => ("秋季户外联谊", "西溪湿地"),
        _ => ("冬季联谊会", "工作站活动室"),
    }
}

/// The Saturday of `day`'s week.
fn saturday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday())) + Duration::days(5)
}

/// One of the volunteers, drawn (the terminal when there are none).
fn someone(rng: &mut ChaCha8Rng, volunteers: &[i64]) -> Actor {
    if volunteers.is_empty() {
        Actor::terminal()
    } else {
        Actor::demo_volunteer(*pick(rng, volunteers))
    }
}

/// Past 联谊活动 (one a quarter over the last two years, through sign-up, check-in, the 心动卡
/// and the confirmed matches; matches of events more than three months ago ended since, the
/// latest ones still at 见面), one coming up in three weeks with its invitation calls and
/// sign-ups so far (a waiting list for women), and the open days of the last year (the
/// Saturdays) with their visitors and the volunteers on duty.
fn events_and_open_days(
    db: &mut Db,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
    volunteers: &[i64],
) -> Result<()> {
    let mut pool = event_guests(db)?;
    pool.shuffle(rng);
    let mut events = Events {
        today,
        volunteers,
        pool,
        busy: HashSet::new(),
    };
    for k in (0..8).rev() {
        events.past_event(db, rng, k)?;
    }
    events.next_event(db, rng)?;
    open_days(db, rng, today, volunteers)
}

/// Who may come to an event: 在册, consenting, not in an ongoing introduction; by id.
fn event_guests(db: &Db) -> Result<Vec<Guest>> {
    let mut statement = db.conn.prepare(&format!(
        "SELECT id, gender, birth_year, birth_month, registered_on FROM members m
         WHERE status = 'active' AND {} AND registered_on IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM introductions i
               WHERE i.stage NOT IN ('married', 'ended')
                 AND (i.member_a = m.id OR i.member_b = m.id))
         ORDER BY id",
        super::model::may_introduce_sql("m")
    ))?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            YearMonth {
                year: r.get(2)?,
                month: r.get(3)?,
            },
            r.get(4)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The demo's events as they are written, one after another.
struct Events<'v> {
    today: NaiveDate,
    volunteers: &'v [i64],
    /// Who may come, in a random order (drawn again after each event's sign-ups).
    pool: Vec<Guest>,
    /// Members with an event introduction still going on: not signed up again.
    busy: HashSet<i64>,
}

impl Events<'_> {
    fn someone(&self, rng: &mut ChaCha8Rng) -> Actor {
        someone(rng, self.volunteers)
    }

    /// The first `wanted` of the pool of `gender` not busy, registered by `by` and of `ages`
    /// on the event's day `on`.
    fn fitting(
        &self,
        (gender, ages): (Gender, (u16, u16)),
        on: NaiveDate,
        by: NaiveDate,
        wanted: usize,
    ) -> Vec<i64> {
        self.pool
            .iter()
            .filter(|(id, g, birth, registered)| {
                *g == gender
                    && *registered <= by
                    && !self.busy.contains(id)
                    && (i32::from(ages.0)..=i32::from(ages.1)).contains(&birth.age_on(on))
            })
            .take(wanted)
            .map(|m| m.0)
            .collect()
    }

    /// The past event `k` quarters before the last one: made, signed up for, held, and what
    /// became of its matches.
    fn past_event(&mut self, db: &mut Db, rng: &mut ChaCha8Rng, k: usize) -> Result<()> {
        let today = self.today;
        let on = saturday(today - Duration::days(45 + 91 * k as i64 + rng.random_range(0..14)));
        let (title, theme, place) = if k % 2 == 1 {
            THEMED_EVENTS[(k / 2) % THEMED_EVENTS.len()]
        } else {
            let (title, place) = seasonal_event(on);
            (title, "", place)
        };
        let places = rng.random_range(15..=30);
        let organiser = self.someone(rng);
        let data = EventData {
            title: title.to_string(),
            on_date: Some(on),
            start_time: "14:00–17:00".into(),
            place: place.into(),
            theme: theme.into(),
            organiser_id: organiser.volunteer(),
            places_men: places,
            places_women: places,
            ages_men: (Some(EVENT_AGES_MEN.0), Some(EVENT_AGES_MEN.1)),
            ages_women: (Some(EVENT_AGES_WOMEN.0), Some(EVENT_AGES_WOMEN.1)),
            notes: String::new(),
        };
        let event = db.create_event(&organiser, &data)?;
        // Sign-ups one to three weeks before, a few more than the places (a waiting list).
        let signed = on - Duration::days(rng.random_range(7..21));
        for (gender, ages) in [
            (Gender::Male, EVENT_AGES_MEN),
            (Gender::Female, EVENT_AGES_WOMEN),
        ] {
            let wanted = places as usize + rng.random_range(0..4);
            for member in self.fitting((gender, ages), on, signed, wanted) {
                db.sign_up(&self.someone(rng), event.id, member, false, signed)?;
            }
        }
        self.pool.shuffle(rng);
        let confirmed = hold_event(db, rng, event.id, on, &organiser)?;
        self.after_event(db, rng, confirmed.introductions, on, &organiser)
    }

    /// What became of an event's matches (`introductions`): those of the latest event still
    /// going on (one each); of the events long past about one in three went on to dating and
    /// most of those to marriage; the others ended a few weeks after.
    fn after_event(
        &mut self,
        db: &mut Db,
        rng: &mut ChaCha8Rng,
        introductions: Vec<i64>,
        on: NaiveDate,
        organiser: &Actor,
    ) -> Result<()> {
        let today = self.today;
        let days_ago = (today - on).num_days();
        let mut going_on = Vec::new();
        for id in introductions {
            let introduction = db.introduction(id)?;
            // Events introduce two members of this station.
            let (a, b) = (
                introduction.member_a,
                introduction.member_b.unwrap_or_default(),
            );
            let free = !self.busy.contains(&a) && !self.busy.contains(&b);
            if free && (days_ago < 90 || (days_ago > 300 && rng.random_bool(0.3))) {
                self.busy.extend([a, b]);
                going_on.push(id);
                continue;
            }
            let (reason, side) = ending(rng, true, 3);
            let ended = later(rng, on, 7..60, today);
            db.end_introduction(id, (reason, side), ended, organiser, "", true, today)?;
        }
        if days_ago > 300 {
            for id in going_on {
                let dating = later(rng, on, 20..60, today);
                db.advance_introduction(id, Stage::Dating, dating, organiser, "", today)?;
                let wedding = dating + Duration::days(rng.random_range(150..300));
                if wedding <= today && rng.random_bool(0.7) {
                    db.advance_introduction(id, Stage::Married, wedding, organiser, "", today)?;
                }
            }
        }
        Ok(())
    }

    /// The next event, in three weeks: invitation calls made, sign-ups so far.
    fn next_event(&self, db: &mut Db, rng: &mut ChaCha8Rng) -> Result<()> {
        let today = self.today;
        let on = saturday(today + Duration::days(21));
        let organiser = self.someone(rng);
        let places = 30;
        let next = db.create_event(
            &organiser,
            &EventData {
                title: "迎新年联谊会".into(),
                on_date: Some(on),
                start_time: "14:00–17:00".into(),
                place: "工作站活动室".into(),
                theme: String::new(),
                organiser_id: organiser.volunteer(),
                places_men: places,
                places_women: places,
                ages_men: (Some(EVENT_AGES_MEN.0), Some(EVENT_AGES_MEN.1)),
                ages_women: (Some(EVENT_AGES_WOMEN.0), Some(EVENT_AGES_WOMEN.1)),
                notes: "请带一张近照,现场有茶点".into(),
            },
        )?;
        for (gender, ages, wanted) in [
            (Gender::Male, EVENT_AGES_MEN, 40),
            (Gender::Female, EVENT_AGES_WOMEN, 55),
        ] {
            let invited = self.fitting((gender, ages), on, today, wanted);
            db.invite(&organiser, next.id, &invited)?;
            for member in invited {
                let answer = match rng.random_range(0..100) {
                    0..60 => Answer::SignedUp,
                    60..80 => Answer::Declined,
                    _ => Answer::NoAnswer,
                };
                db.record_invitation_call(&self.someone(rng), next.id, member, answer, today)?;
            }
        }
        Ok(())
    }
}

/// An event's day `on`: most of those with a place come, and the 心动卡 of those who came (a
/// few yeses each) give the matches, confirmed the day after.
fn hold_event(
    db: &mut Db,
    rng: &mut ChaCha8Rng,
    event: i64,
    on: NaiveDate,
    organiser: &Actor,
) -> Result<Confirmed> {
    let attendees = db.attendees(event)?;
    for a in attendees.iter().filter(|a| a.place == Place::Confirmed) {
        let arrival = if rng.random_bool(0.86) {
            Arrival::Arrived
        } else {
            Arrival::NoShow
        };
        db.check_in(organiser, event, a.member_id, Some(arrival), on)?;
    }
    let arrived: Vec<(i64, Gender)> = db
        .attendees(event)?
        .iter()
        .filter(|a| a.arrival == Some(Arrival::Arrived))
        .map(|a| (a.member_id, a.gender))
        .collect();
    for &(chooser, gender) in &arrived {
        let card: Vec<(i64, Choice)> = arrived
            .iter()
            .filter(|(_, g)| *g != gender)
            .map(|&(other, _)| {
                let roll = rng.random_range(0..100);
                let choice = match roll {
                    0..6 => Choice::More,
                    6..10 => Choice::Friends,
                    _ => Choice::No,
                };
                (other, choice)
            })
            .collect();
        db.enter_card(organiser, event, chooser, &card)?;
    }
    db.confirm_matches(organiser, event, on + Duration::days(1))
}

/// Open days: the Saturdays of the last year, with their visitors and the volunteers on duty.
fn open_days(
    db: &mut Db,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
    volunteers: &[i64],
) -> Result<()> {
    let mut day = today - Duration::days(364);
    while day <= today {
        if day.weekday() == chrono::Weekday::Sat {
            let singles = rng.random_range(4..25);
            let parents = rng.random_range(2..15);
            let actor = someone(rng, volunteers);
            db.count_visitor(&actor, day, Visitor::Single, singles, today)?;
            db.count_visitor(&actor, day, Visitor::Parent, parents, today)?;
            for _ in 0..2 {
                if let Some(volunteer) = someone(rng, volunteers).volunteer() {
                    on_duty(db, day, volunteer)?;
                }
            }
        }
        day += Duration::days(1);
    }
    // The next four Saturdays' rota: two volunteers each, in turn.
    let mut turn = volunteers.iter().cycle();
    let mut day = today + Duration::days(1);
    for _ in 0..4 {
        while day.weekday() != chrono::Weekday::Sat {
            day += Duration::days(1);
        }
        for _ in 0..2 {
            if let Some(volunteer) = turn.next() {
                db.conn.execute(
                    "INSERT OR IGNORE INTO duty_rota (on_date, shift, volunteer_id, created_at)
                     VALUES (?1, 'afternoon', ?2, ?3)",
                    rusqlite::params![day, volunteer, format!("{today}T09:00:00")],
                )?;
            }
        }
        day += Duration::days(1);
    }
    Ok(())
}

/// A volunteer on the rota of an open day gone by, who came: signed in at 13:30 and out
/// between 16:30 and 17:25 (told by the day and the volunteer, so the demo's other figures
/// stay as they were).
fn on_duty(db: &Db, day: NaiveDate, volunteer: i64) -> Result<()> {
    db.conn.execute(
        "INSERT OR IGNORE INTO duty_days (on_date, volunteer_id) VALUES (?1, ?2)",
        rusqlite::params![day, volunteer],
    )?;
    let added = db.conn.execute(
        "INSERT OR IGNORE INTO duty_rota (on_date, shift, volunteer_id, created_at)
         VALUES (?1, 'afternoon', ?2, ?3)",
        rusqlite::params![day, volunteer, format!("{day}T09:00:00")],
    )?;
    if added > 0 {
        let minutes = 30 + (i64::from(day.ordinal()) * 7 + volunteer * 13) % 56;
        db.conn.execute(
            "INSERT INTO duty_hours (volunteer_id, on_date, signed_in_at, signed_out_at)
             VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                volunteer,
                day,
                format!("{day}T13:30:00"),
                format!("{day}T{:02}:{:02}:00", 16 + minutes / 60, minutes % 60)
            ],
        )?;
    }
    Ok(())
}

fn generate_in_transaction(
    db: &mut Db,
    count: u64,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
    volunteers: &[i64],
    progress: &mut dyn FnMut(u64),
) -> Result<()> {
    let tx = db.write()?;
    let indexes: Vec<(String, String)> = {
        let mut statement = tx.prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND sql IS NOT NULL
               AND tbl_name IN ('members', 'preferences', 'introductions', 'introduction_steps')",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (name, _) in &indexes {
        tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    let mut counters: HashMap<i32, i64> = {
        let mut statement = tx.prepare("SELECT year, last FROM member_number_counters")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let first_day = today - Duration::days(5 * 365);
    let span = (today - first_day).num_days().max(1) as u64;
    let now = now_text();
    let mut insert = MemberInsert::new(&tx)?;
    let mut briefs = Vec::with_capacity(count.min(10_000_000) as usize);
    for index in 0..count {
        // Spread evenly over the five years, oldest first, so numbers follow the dates.
        let day = first_day + Duration::days((index * span / count.max(1)) as i64);
        let data = member(rng, day, today, volunteers);
        let counter = counters.entry(day.year()).or_insert(0);
        *counter += 1;
        let number = format_member_number(day.year(), *counter);
        let id = insert.insert(&data, &number, &now, None)?;
        briefs.push(Brief {
            id,
            female: data.gender == Some(Gender::Female),
            status: data.status,
            registered_on: day,
        });
        if index % 5000 == 4999 {
            progress(index + 1);
        }
    }
    drop(insert);
    {
        let mut statement = tx.prepare(
            "INSERT INTO member_number_counters (year, last) VALUES (?1, ?2)
             ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)",
        )?;
        for (year, last) in &counters {
            statement.execute((year, last))?;
        }
    }
    history(&tx, rng, &briefs, today, volunteers)?;
    for (_, sql) in &indexes {
        tx.execute_batch(sql)?;
    }
    // With the indexes back: what the demo adds to the history (each reads it by member).
    // 约见面: each 见面 was a meeting at the station with both wanting to go on (one side not,
    // where it ended); those exchanged and not met yet meet today, tomorrow or the day after.
    tx.execute_batch(
        "INSERT INTO meetings (introduction_id, on_date, at_time, place, state, feedback_a,
             feedback_b, created_at, updated_at)
         SELECT id, met_on, '14:00', '本站', 'held', 'continue',
             CASE WHEN stage = 'ended' THEN 'stop' ELSE 'continue' END,
             met_on || 'T10:00:00', met_on || 'T10:00:00'
         FROM introductions WHERE met_on IS NOT NULL AND partner_key IS NULL;",
    )?;
    tx.execute(
        "INSERT INTO meetings (introduction_id, on_date, at_time, place, created_at, updated_at)
         SELECT id, date(?1, '+' || (id % 3) || ' days'),
             CASE id % 2 WHEN 0 THEN '14:00' ELSE '19:00' END,
             CASE id % 4 WHEN 0 THEN '湖滨银泰一楼咖啡馆' ELSE '本站' END,
             ?1 || 'T09:00:00', ?1 || 'T09:00:00'
         FROM introductions
         WHERE stage = 'introduced' AND exchanged_on IS NOT NULL AND partner_key IS NULL",
        [today],
    )?;
    // 来电来访: a parent's call a week before each registration by a parent this past year
    // (linked), some calls that led nowhere yet, and a few referrals.
    tx.execute(
        "INSERT INTO enquiries (on_date, kind, who, how, name, phone, asked, follow_up, member_id,
             created_at)
         SELECT date(registered_on, '-7 days'), 'enquiry', 'parent',
             CASE id % 3 WHEN 0 THEN 'visit' WHEN 1 THEN 'phone' ELSE 'wechat' END,
             registrant_name, registrant_phone, '想给孩子登记,问要带什么', 'register', id,
             date(registered_on, '-7 days') || 'T10:00:00'
         FROM members
         WHERE registrant_relation <> 'self' AND registrant_phone <> ''
           AND registered_on >= date(?1, '-365 days')",
        [today],
    )?;
    tx.execute(
        "INSERT INTO enquiries (on_date, kind, who, how, name, phone, asked, follow_up, created_at)
         SELECT date(?1, '-' || (id % 60) || ' days'),
             CASE id % 11 WHEN 0 THEN 'counselling' WHEN 1 THEN 'psychology' ELSE 'enquiry' END,
             CASE id % 2 WHEN 0 THEN 'parent' ELSE 'person' END, 'phone',
             CASE WHEN id % 11 IN (0, 1) THEN '' ELSE '张阿姨' END,
             CASE WHEN id % 11 IN (0, 1) THEN '' ELSE '1370000' || printf('%04d', id % 10000) END,
             CASE WHEN id % 11 IN (0, 1) THEN '' ELSE '问七夕活动什么时候报名' END,
             CASE WHEN id % 11 IN (0, 1) OR id % 3 = 0 THEN 'none' ELSE 'call_back' END,
             ?1 || 'T10:00:00'
         FROM members WHERE id % 97 = 5",
        [today],
    )?;
    // Who left did so when they married (their introduction's day), else about a year after
    // registering: the retention list has its share of them.
    tx.execute(
        "UPDATE members SET left_on = min(?1, coalesce(
             (SELECT max(i.married_on) FROM introductions i
              WHERE (i.member_a = members.id OR i.member_b = members.id) AND i.married_on IS NOT NULL),
             date(registered_on, '+' || (200 + id % 400) || ' days')))
         WHERE status IN ('married', 'withdrawn')",
        [today],
    )?;
    // Most members a parent registered came in themselves soon after and signed the sheet's
    // 本人确认 line; about half of those registered in the last three months and not yet
    // introduced are still 待本人确认 (首页 lists them).
    tx.execute(
        "UPDATE members SET own_consent_on = registered_on,
             own_consent_how = CASE id % 3 WHEN 0 THEN 'in_person' ELSE 'sheet' END
         WHERE registrant_relation <> 'self'
           AND NOT (status = 'active' AND registered_on >= ?1 AND (id * 7907) % 100 < 50
               AND NOT EXISTS (SELECT 1 FROM introductions i
                   WHERE i.member_a = members.id OR i.member_b = members.id))",
        [today - chrono::Days::new(90)],
    )?;
    // About half of the 在册 members also agreed to share their profile with the district's
    // stations when they registered (chosen by number, so the draws above stay the same).
    tx.execute(
        &format!(
            "UPDATE members SET district_consent_on = registered_on
             WHERE {} AND status = 'active' AND (id * 7919) % 100 < 45",
            super::model::may_introduce_sql("")
        ),
        [],
    )?;
    tx.commit()?;
    progress(count);
    Ok(())
}

/// What the history needs to know of a demo member.
struct Brief {
    id: i64,
    female: bool,
    status: MemberStatus,
    registered_on: NaiveDate,
}

/// The stages an introduction reached, with their dates, and how it ended.
struct Story {
    reached: Vec<(Stage, NaiveDate)>,
    /// Of the steps inside 介绍 (A 同意, B 同意, 交换联系方式), how many were taken: all three
    /// before a meeting.
    agreed: usize,
    ended: Option<(EndReason, EndSide, NaiveDate)>,
}

/// Why an introduction ended, and who ended it, as stations see it: before a meeting mostly
/// age, height, work or distance, said by the side asked (A, or B once A agreed); after
/// meeting mostly 感觉不合适, from either side or both.
fn ending(rng: &mut ChaCha8Rng, met: bool, agreed: usize) -> (EndReason, EndSide) {
    if !met {
        let reason = *weighted(
            rng,
            &[
                (EndReason::AgeGap, 18),
                (EndReason::Height, 14),
                (EndReason::EducationWork, 16),
                (EndReason::DistanceHukou, 12),
                (EndReason::NoSpark, 10),
                (EndReason::HasPartner, 8),
                (EndReason::ParentsObject, 10),
                (EndReason::Unreachable, 6),
                (EndReason::Other, 6),
            ],
        );
        let side = match (reason, agreed) {
            (EndReason::Unreachable, _) => EndSide::Neither,
            (_, 0) => EndSide::A,
            _ => EndSide::B,
        };
        return (reason, side);
    }
    let reason = *weighted(
        rng,
        &[
            (EndReason::NoSpark, 50),
            (EndReason::ParentsObject, 10),
            (EndReason::DistanceHukou, 8),
            (EndReason::EducationWork, 8),
            (EndReason::HasPartner, 6),
            (EndReason::Unreachable, 10),
            (EndReason::Other, 8),
        ],
    );
    let side = if reason == EndReason::Unreachable {
        EndSide::Neither
    } else {
        *weighted(
            rng,
            &[(EndSide::A, 40), (EndSide::B, 40), (EndSide::Both, 20)],
        )
    };
    (reason, side)
}

/// A day `range` days after `day`; one that would fall after today falls between `day` and today
/// instead, spread over those days (not all on today).
fn later(
    rng: &mut ChaCha8Rng,
    day: NaiveDate,
    range: std::ops::Range<i64>,
    today: NaiveDate,
) -> NaiveDate {
    let days = rng.random_range(range);
    let room = (today - day).num_days().max(0);
    day + Duration::days(if days > room { days % (room + 1) } else { days })
}

/// The stages an introduction started on `start` reached: 见面 for a roll (of 100) at or above
/// `thresholds.0`, 交往 too at or above `thresholds.1`; dated days to weeks apart, never after `today`.
fn stages(
    rng: &mut ChaCha8Rng,
    start: NaiveDate,
    today: NaiveDate,
    thresholds: (u32, u32),
) -> Vec<(Stage, NaiveDate)> {
    let mut reached = vec![(Stage::Introduced, start)];
    let roll = rng.random_range(0..100);
    if roll >= thresholds.0 {
        let met = later(rng, start, 2..20, today);
        reached.push((Stage::Met, met));
        if roll >= thresholds.1 {
            let dating = later(rng, met, 5..40, today);
            reached.push((Stage::Dating, dating));
        }
    }
    reached
}

/// A realistic introduction history for the demo members: the married members as couples
/// (介绍 → 见面 → 交往 → 登记结婚 over months), a few percent of the active ones in an ongoing
/// introduction (each in one at most), and about one ended introduction for every two members,
/// most of them 未成 after the introduction or the first meeting.
fn history(
    tx: &rusqlite::Transaction<'_>,
    rng: &mut ChaCha8Rng,
    members: &[Brief],
    today: NaiveDate,
    volunteers: &[i64],
) -> Result<()> {
    let history = History {
        tx,
        today,
        volunteers,
    };
    // The pairs introduced so far (man, woman): never twice.
    let mut paired: HashSet<(i64, i64)> = HashSet::new();
    history.couples(rng, members, &mut paired)?;
    history.ongoing(rng, members, &mut paired)?;
    history.ended(rng, members, &mut paired)
}

/// The members `kept`, men first and women second, in the order given.
fn by_sex(members: &[Brief], kept: impl Fn(&Brief) -> bool) -> [Vec<&Brief>; 2] {
    let mut by_sex: [Vec<&Brief>; 2] = [Vec::new(), Vec::new()];
    for m in members.iter().filter(|m| kept(m)) {
        by_sex[usize::from(m.female)].push(m);
    }
    by_sex
}

/// The demo's introduction history as it is written.
struct History<'a, 'c> {
    tx: &'a rusqlite::Transaction<'c>,
    today: NaiveDate,
    volunteers: &'a [i64],
}

impl History<'_, '_> {
    /// The introduction of `a` and `b` with its `story`, written by the same functions as real
    /// introductions, step by step.
    fn record(&self, rng: &mut ChaCha8Rng, a: &Brief, b: &Brief, story: Story) -> Result<()> {
        let (tx, volunteers) = (self.tx, self.volunteers);
        let volunteer = (!volunteers.is_empty()).then(|| *pick(rng, volunteers));
        let stamp = |date: NaiveDate| format!("{date}T10:00:00");
        let mut steps = story.reached.iter();
        let Some(&(_, start)) = steps.next() else {
            return Ok(());
        };
        let id = introductions::write_start(tx, a.id, b.id, start, volunteer, &stamp(start))?;
        // The agreement steps between the introduction and the next step (or its end).
        let next = story
            .reached
            .get(1)
            .map(|(_, d)| *d)
            .or(story.ended.map(|(_, _, d)| d))
            .unwrap_or(self.today)
            .max(start);
        let kinds = [StepKind::AgreeA, StepKind::AgreeB, StepKind::Exchange];
        for (k, kind) in kinds.into_iter().take(story.agreed).enumerate() {
            let date = start + Duration::days((next - start).num_days() * (k as i64 + 1) / 4);
            introductions::write_agreement(tx, id, kind, date, volunteer, "", &stamp(date))?;
        }
        let mut stage = Stage::Introduced;
        for &(target, date) in steps {
            let before =
                (target == Stage::Married).then_some((MemberStatus::Active, MemberStatus::Active));
            introductions::write_advance(
                tx,
                id,
                stage,
                target,
                date,
                volunteer,
                "",
                before,
                &stamp(date),
            )?;
            stage = target;
        }
        if let Some((reason, side, date)) = story.ended {
            introductions::write_end(
                tx,
                id,
                (a.id, Some(b.id)),
                stage,
                (reason, side),
                date,
                volunteer,
                "",
                true,
                &stamp(date),
            )?;
        }
        Ok(())
    }

    /// Couples: the married members, woman with man, in random order; from the introduction
    /// to the wedding registration 4 to 18 months.
    fn couples(
        &self,
        rng: &mut ChaCha8Rng,
        members: &[Brief],
        paired: &mut HashSet<(i64, i64)>,
    ) -> Result<()> {
        let mut married = by_sex(members, |m| m.status == MemberStatus::Married);
        for list in &mut married {
            list.shuffle(rng);
        }
        for (he, she) in married[0].iter().zip(&married[1]) {
            let met_earliest = he.registered_on.max(she.registered_on);
            let wedding = later(rng, met_earliest, 150..700, self.today);
            let start = wedding - Duration::days(rng.random_range(120..540));
            let start = start.max(met_earliest);
            if start >= wedding || (wedding - start).num_days() < 30 {
                continue;
            }
            let span = (wedding - start).num_days();
            let met = start + Duration::days(rng.random_range(3..=(span / 6).max(3)));
            let dating = met + Duration::days(rng.random_range(7..=(span / 3).max(7)));
            let dating = dating.min(wedding);
            paired.insert((he.id, she.id));
            self.record(
                rng,
                he,
                she,
                Story {
                    reached: vec![
                        (Stage::Introduced, start),
                        (Stage::Met, met.min(dating)),
                        (Stage::Dating, dating),
                        (Stage::Married, wedding),
                    ],
                    agreed: 3,
                    ended: None,
                },
            )?;
        }
        Ok(())
    }

    /// Ongoing: a few percent of the active members, each in one introduction at most.
    fn ongoing(
        &self,
        rng: &mut ChaCha8Rng,
        members: &[Brief],
        paired: &mut HashSet<(i64, i64)>,
    ) -> Result<()> {
        let today = self.today;
        let mut active = by_sex(members, |m| m.status == MemberStatus::Active);
        for list in &mut active {
            list.shuffle(rng);
        }
        let ongoing = active[0].len().min(active[1].len()) * 3 / 100;
        for (he, she) in active[0].iter().zip(&active[1]).take(ongoing) {
            let registered = he.registered_on.max(she.registered_on);
            let start = (today - Duration::days(rng.random_range(2..150))).max(registered);
            // Half have met, one in five are dating.
            let reached = stages(rng, start, today, (50, 80));
            // Those still at 介绍 are somewhere in the asking.
            let agreed = if reached.len() > 1 {
                3
            } else {
                rng.random_range(0..=3)
            };
            paired.insert((he.id, she.id));
            self.record(
                rng,
                he,
                she,
                Story {
                    reached,
                    agreed,
                    ended: None,
                },
            )?;
        }
        Ok(())
    }

    /// Ended: about one for every two members, among those not married.
    fn ended(
        &self,
        rng: &mut ChaCha8Rng,
        members: &[Brief],
        paired: &mut HashSet<(i64, i64)>,
    ) -> Result<()> {
        let today = self.today;
        let single = by_sex(members, |m| m.status != MemberStatus::Married);
        if single[0].is_empty() || single[1].is_empty() {
            return Ok(());
        }
        for _ in 0..members.len() / 2 {
            let he = *pick(rng, &single[0]);
            let she = *pick(rng, &single[1]);
            if !paired.insert((he.id, she.id)) {
                continue;
            }
            let registered = he.registered_on.max(she.registered_on);
            let days = (today - registered).num_days();
            if days < 20 {
                continue;
            }
            // Most of them over by now: started at least two months ago where possible.
            let latest_start = if days > 90 { days - 60 } else { days - 14 };
            let start = registered + Duration::days(rng.random_range(0..latest_start));
            // Half ended before meeting, one in seven after dating a while.
            let reached = stages(rng, start, today, (50, 85));
            let last = reached.last().map_or(start, |(_, d)| *d);
            let met = reached.len() > 1;
            // Before a meeting: A said no, or B did after A agreed.
            let agreed = if met { 3 } else { rng.random_range(0..=1) };
            let (reason, side) = ending(rng, met, agreed);
            let ended = later(rng, last, 3..60, today);
            self.record(
                rng,
                he,
                she,
                Story {
                    reached,
                    agreed,
                    ended: Some((reason, side, ended)),
                },
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Actor;
    use crate::validate;

    #[test]
    fn the_demo_never_goes_into_a_stations_own_database() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        // A station with its name (members or not) is refused, and keeps what it had.
        for members in [0, 1] {
            let mut db = Db::open_in_memory().unwrap();
            db.set_station_name("上城区爱的填空相亲工作站").unwrap();
            let mut rng = ChaCha8Rng::seed_from_u64(1);
            for _ in 0..members {
                let data = member(&mut rng, today, today, &[]);
                db.insert_member(data, None, &Actor::terminal(), today)
                    .unwrap();
            }
            let refused = generate(&mut db, 50, 1, today, &mut |_| {}).unwrap_err();
            assert!(
                matches!(&refused, Error::Refused(m) if m.contains("正式数据库") && m.contains("--db")),
                "{refused}"
            );
            assert_eq!(db.count_members().unwrap(), members);
        }
        // Members without a station name: refused too.
        let mut db = Db::open_in_memory().unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        db.insert_member(
            member(&mut rng, today, today, &[]),
            None,
            &Actor::terminal(),
            today,
        )
        .unwrap();
        assert!(generate(&mut db, 5, 1, today, &mut |_| {}).is_err());
        // An empty database becomes a demo one, which takes more demo members later.
        let mut demo = Db::open_in_memory().unwrap();
        generate(&mut demo, 30, 1, today, &mut |_| {}).unwrap();
        generate(&mut demo, 20, 2, today, &mut |_| {}).unwrap();
        assert_eq!(demo.count_members().unwrap(), 50);
    }

    #[test]
    fn demo_members_are_valid_and_deterministic() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut again = ChaCha8Rng::seed_from_u64(7);
        for i in 0..2000 {
            let day = today - Duration::days(i % 1825);
            let data = member(&mut rng, day, today, &[1, 2]);
            assert_eq!(data, member(&mut again, day, today, &[1, 2]));
            let age = data.birth.unwrap().age_on(today);
            assert!((22..=60).contains(&age), "{age}");
            assert!(data.birth.unwrap().age_on(day) >= 18);
            let prepared = validate::prepare(data.clone(), today)
                .unwrap_or_else(|e| panic!("{data:?}: {e:?}"));
            assert_eq!(prepared.name, data.name);
            // No hobby twice, no range of one value (160–160 cm).
            let hobbies: Vec<&str> = data.hobbies.split('、').collect();
            let distinct: HashSet<&&str> = hobbies.iter().collect();
            assert_eq!(distinct.len(), hobbies.len(), "{}", data.hobbies);
            let p = &data.preferences;
            if let (Some(lo), Some(hi)) = (p.height_min, p.height_max) {
                assert!(hi >= lo + 5, "{lo}–{hi} cm");
            }
            if let (Some(lo), Some(hi)) = (p.age_min, p.age_max) {
                assert!(hi > lo, "{lo}–{hi} 岁");
            }
        }
    }

    #[test]
    fn generate_numbers_members_by_year_without_reuse() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let mut db = Db::open_in_memory().unwrap();
        let mut calls = 0;
        generate(&mut db, 300, 1, today, &mut |_| calls += 1).unwrap();
        assert_eq!(db.count_members().unwrap(), 300);
        assert!(calls >= 1);
        assert_eq!(
            db.station_name().unwrap().as_deref(),
            Some(DEMO_STATION_NAME)
        );
        generate(&mut db, 300, 2, today, &mut |_| {}).unwrap();
        let distinct: i64 = db
            .connection()
            .query_row("SELECT count(DISTINCT number) FROM members", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(distinct, 600);
        let newest = &db.list_members(0, 1).unwrap()[0];
        assert!(newest.number.starts_with("2026-"), "{}", newest.number);
    }

    #[test]
    fn the_demo_history_follows_the_rules() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let mut db = Db::open_in_memory().unwrap();
        generate(&mut db, 3000, 5, today, &mut |_| {}).unwrap();
        let all = db.introductions(None).unwrap();
        let count = |stage: Stage| all.iter().filter(|i| i.stage == stage).count();
        let (married, ended) = (count(Stage::Married), count(Stage::Ended));
        let ongoing = all.iter().filter(|i| i.stage.is_ongoing()).count();
        assert!(
            married > 50 && ended > 1000 && ongoing > 20,
            "{married} {ended} {ongoing}"
        );
        // Weddings spread over the years, not piled on today.
        let mut weddings: HashMap<NaiveDate, usize> = HashMap::new();
        for day in all.iter().filter_map(|i| i.married_on) {
            *weddings.entry(day).or_default() += 1;
        }
        let busiest = weddings.values().max().copied().unwrap_or(0);
        assert!(busiest <= 4, "{busiest} weddings on one day");
        assert!(weddings.get(&today).copied().unwrap_or(0) <= 2);
        let mut ends: HashMap<NaiveDate, usize> = HashMap::new();
        for day in all.iter().filter_map(|i| i.ended_on) {
            *ends.entry(day).or_default() += 1;
        }
        assert!(ends.get(&today).copied().unwrap_or(0) <= 10, "{ends:?}");
        let mut busy = HashSet::new();
        for i in &all {
            let a = db.member(i.member_a).unwrap();
            let b = db.member(i.member_b.unwrap()).unwrap();
            assert_ne!(a.data.gender, b.data.gender);
            // Dates in order, after both registrations, not in the future.
            let dates: Vec<NaiveDate> = [
                Some(i.introduced_on),
                i.met_on,
                i.dating_on,
                i.married_on,
                i.ended_on,
            ]
            .into_iter()
            .flatten()
            .collect();
            assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{i:?}");
            assert!(dates.iter().all(|d| *d <= today));
            assert!(
                i.introduced_on
                    >= a.data
                        .registered_on
                        .unwrap()
                        .max(b.data.registered_on.unwrap())
            );
            match i.stage {
                Stage::Married => {
                    assert_eq!(a.data.status, MemberStatus::Married);
                    assert_eq!(b.data.status, MemberStatus::Married);
                }
                Stage::Ended => {
                    assert!(i.end_reason.is_some());
                    assert!(db.is_blocked(i.member_a, i.member_b.unwrap()).unwrap());
                }
                _ => {
                    assert_eq!(a.data.status, MemberStatus::Active);
                    assert_eq!(b.data.status, MemberStatus::Active);
                    assert!(
                        busy.insert(i.member_a) && busy.insert(i.member_b.unwrap()),
                        "one ongoing each"
                    );
                }
            }
            let steps = db.introduction_steps(i.id).unwrap();
            assert_eq!(steps.last().unwrap().stage, i.stage);
        }
        // Events through the program's own steps: the past ones held with their matches
        // confirmed, the next one with its sign-ups and a waiting list; a year of open days.
        let events = db.events().unwrap();
        assert_eq!(events.len(), 9);
        let (past, coming): (Vec<_>, Vec<_>) = events.iter().partition(|e| e.on_date <= today);
        assert_eq!(coming.len(), 1);
        assert!(
            coming[0].women.waiting > 0 && coming[0].invited > 0,
            "{coming:?}"
        );
        for e in &past {
            assert!(
                e.matched && e.men.arrived > 0 && e.women.arrived > 0,
                "{e:?}"
            );
            assert!(e.men.no_show + e.women.no_show > 0, "{e:?}");
            assert_eq!(
                e.data.on_date.map(|d| d.weekday()),
                Some(chrono::Weekday::Sat)
            );
        }
        let figures = db.stats(None, None, today).unwrap();
        let total = &figures.events_total;
        assert!(
            total.matches > 5 && total.introductions == total.matches,
            "{total:?}"
        );
        let share = total.matched_attendees as f64 / total.arrived() as f64;
        assert!((0.05..0.35).contains(&share), "{share}");
        let open_days: u32 = figures.open_days.iter().map(|y| y.days).sum();
        assert!((52..=53).contains(&open_days), "{open_days}");
        // A demo marriage can be taken back like a real one.
        let wedding = all.iter().find(|i| i.stage == Stage::Married).unwrap();
        db.undo_introduction_step(wedding.id, &Actor::terminal(), today)
            .unwrap();
        assert_eq!(
            db.member(wedding.member_a).unwrap().data.status,
            MemberStatus::Active
        );
    }
}
