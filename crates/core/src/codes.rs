//! The closed lists the database stores, and the columns that hold them. Each list is a
//! `labelled_enum!` (its code, its Chinese label, its serde and SQL); the lists of the member's
//! sheet are in [`crate::model`], the others are declared here and used from their concept's
//! module (`introductions::Stage`, `events::Place` …). Each column that holds a list has a
//! `CHECK (column IN ('…'))` in the schema; that list is generated from the codes: when a code is
//! added to a list (a new 未成 reason), the next start widens the column's CHECK to take it —
//! no migration to write, no table to rebuild ([`widen`]).

use super::model::{
    Education, Gender, Hukou, MaritalStatus, MemberStatus, OwnConsentHow, PauseReason,
    PublicityName, RegistrantRelation, WishesOf, labelled_enum,
};
use rusqlite::{Connection, Transaction, TransactionBehavior, params};

// 牵线记录 (`introductions`)

labelled_enum!(
    /// In order: later stages compare greater. `Ended` (未成) is apart from the order.
    Stage {
        Introduced = "introduced" / "介绍",
        Met = "met" / "见面",
        Dating = "dating" / "交往",
        Married = "married" / "登记结婚",
        Ended = "ended" / "未成",
    }
);

labelled_enum!(
    /// Why an introduction ended (未成), as stations count it.
    EndReason {
        AgeGap = "age_gap" / "年龄差距",
        Height = "height" / "身高",
        EducationWork = "education_work" / "学历/工作",
        DistanceHukou = "distance_hukou" / "距离/户籍",
        NoSpark = "no_spark" / "性格/感觉不合适",
        HasPartner = "has_partner" / "已有对象",
        ParentsObject = "parents_object" / "家长不同意",
        Unreachable = "unreachable" / "联系不上",
        NoReply = "no_reply" / "对方未答复",
        Other = "other" / "其他",
    }
);

labelled_enum!(
    /// Who ended it: one side, both, or neither (联系不上 …).
    EndSide {
        A = "a" / "甲方",
        B = "b" / "乙方",
        Both = "both" / "双方",
        Neither = "neither" / "都不是",
    }
);

// 约见面 (`meetings`)

labelled_enum!(
    /// Where an arranged meeting stands.
    MeetingState {
        Planned = "planned" / "已约",
        Held = "held" / "已见面",
        Cancelled = "cancelled" / "已取消",
    }
);

labelled_enum!(
    /// A side's answer after a meeting.
    Continue {
        Yes = "continue" / "想继续",
        No = "stop" / "不想继续",
    }
);

// 来电来访 (`enquiries`)

labelled_enum!(
    /// An enquiry, or a referral the station made.
    EnquiryKind {
        Enquiry = "enquiry" / "咨询",
        Counselling = "counselling" / "婚恋指导转介",
        Psychology = "psychology" / "心理咨询转介",
    }
);

labelled_enum!(
    /// Who called or came.
    EnquiryWho {
        Person = "person" / "本人",
        Parent = "parent" / "父母",
        Relative = "relative" / "其他亲属",
        Other = "other" / "其他",
    }
);

labelled_enum!(
    /// How they came to the station.
    EnquiryHow {
        Phone = "phone" / "电话",
        Visit = "visit" / "来站",
        Wechat = "wechat" / "微信",
    }
);

labelled_enum!(
    /// What follows an enquiry.
    FollowUp {
        Register = "register" / "登记",
        CallBack = "call_back" / "再联系",
        Nothing = "none" / "不需要",
    }
);

labelled_enum!(StepKind {
    Start = "start" / "介绍",
    AgreeA = "agree_a" / "甲方同意",
    AgreeB = "agree_b" / "乙方同意",
    Exchange = "exchange" / "交换联系方式",
    Advance = "advance" / "推进",
    End = "end" / "未成",
    Undo = "undo" / "撤销上一步",
});

// 联谊活动 (`events`)

labelled_enum!(
    /// What an invited member said when called.
    Answer {
        SignedUp = "signed_up" / "报名",
        Declined = "declined" / "不来",
        NoAnswer = "no_answer" / "未接",
    }
);

labelled_enum!(
    /// Where a sign-up stands.
    Place {
        Confirmed = "confirmed" / "已报名",
        Waiting = "waiting" / "等待名单",
        Cancelled = "cancelled" / "已取消",
    }
);

labelled_enum!(
    /// Checked in on the day.
    Arrival {
        Arrived = "arrived" / "已到场",
        NoShow = "no_show" / "未到",
    }
);

labelled_enum!(
    /// What a 心动卡 says of one attendee of the other gender; 不了 is the default.
    Choice {
        More = "more" / "想进一步了解",
        Friends = "friends" / "可以做朋友",
        No = "no" / "不了",
    }
);

labelled_enum!(
    /// Who organises an event with the station (合办).
    PartnerKind {
        Union = "union" / "工会",
        Enterprise = "enterprise" / "企业",
        Women = "women" / "女职工委员会",
        Other = "other" / "其他单位",
    }
);

labelled_enum!(
    /// Where an event's money came from.
    Funding {
        Special = "special" / "专项经费",
        Enterprise = "enterprise" / "企业出资",
        Subsidy = "subsidy" / "补贴",
        Union = "union" / "工会经费",
        Other = "other" / "其他",
    }
);

// 回访确认 (`availability`)

labelled_enum!(
    /// What a 回访确认 call found; 来站了 is no call: the member came to the station and was seen.
    CallOutcome {
        StillLooking = "still_looking" / "还在找",
        FoundSomeone = "found_someone" / "已有对象",
        Withdraw = "withdraw" / "不再需要(退出)",
        Unreachable = "unreachable" / "没联系上",
        Visited = "visited" / "来站了",
    }
);

// 全区 requests (`district`)

labelled_enum!(RequestAnswer {
    Accepted = "accepted" / "同意",
    Declined = "declined" / "不同意",
});

labelled_enum!(
    /// The part of a day a volunteer is on duty (值班表, `rota`).
    Shift {
        AllDay = "all_day" / "全天",
        Morning = "morning" / "上午",
        Afternoon = "afternoon" / "下午",
        Evening = "evening" / "晚上",
    }
);

/// A column that holds a closed list: the codes it may take are `codes()`.
pub struct ClosedColumn {
    pub table: &'static str,
    pub column: &'static str,
    pub codes: fn() -> Vec<&'static str>,
}

/// The codes of a `labelled_enum!` list, as a `fn` for [`ClosedColumn::codes`].
macro_rules! all_codes {
    ($list:ty) => {
        || <$list>::ALL.iter().map(|v| v.code()).collect()
    };
}

const fn closed(
    table: &'static str,
    column: &'static str,
    codes: fn() -> Vec<&'static str>,
) -> ClosedColumn {
    ClosedColumn {
        table,
        column,
        codes,
    }
}

/// Every column of the database that holds a closed list, with its list. A new such column is
/// named here (a test fails on a CHECK list that is not).
pub const COLUMNS: &[ClosedColumn] = &[
    closed("members", "gender", all_codes!(Gender)),
    closed("members", "hukou", all_codes!(Hukou)),
    closed("members", "education", all_codes!(Education)),
    closed("members", "marital_status", all_codes!(MaritalStatus)),
    closed(
        "members",
        "registrant_relation",
        all_codes!(RegistrantRelation),
    ),
    closed("members", "status", all_codes!(MemberStatus)),
    closed("members", "pause_reason", all_codes!(PauseReason)),
    closed("members", "own_consent_how", all_codes!(OwnConsentHow)),
    closed("members", "publicity_name", all_codes!(PublicityName)),
    closed("member_calls", "outcome", all_codes!(CallOutcome)),
    closed("family_preferences", "relation", all_codes!(WishesOf)),
    closed("event_invitations", "answer", all_codes!(Answer)),
    closed("event_attendees", "gender", all_codes!(Gender)),
    closed("event_attendees", "place", all_codes!(Place)),
    closed("event_attendees", "arrival", all_codes!(Arrival)),
    closed("event_partners", "kind", all_codes!(PartnerKind)),
    closed("event_costs", "source", all_codes!(Funding)),
    closed("duty_rota", "shift", all_codes!(Shift)),
    closed("event_remote_guests", "gender", all_codes!(Gender)),
    closed("event_remote_matches", "gender", all_codes!(Gender)),
    closed("event_remote_choices", "choice", yes_codes),
    closed("event_remote_matches", "own_choice", yes_codes),
    closed("event_remote_matches", "other_choice", yes_codes),
    // Only the yeses are stored: 不了 is the absence of a row.
    closed("event_choices", "choice", || {
        Choice::ALL
            .iter()
            .filter(|choice| choice.is_yes())
            .map(|choice| choice.code())
            .collect()
    }),
    closed("district_requests", "answer", all_codes!(RequestAnswer)),
    // How a cross-station introduction ended: the two final stages.
    closed("district_requests", "outcome", || {
        vec![Stage::Married.code(), Stage::Ended.code()]
    }),
    closed("district_requests", "partner_stage", all_codes!(Stage)),
    closed("district_requests", "reported_stage", all_codes!(Stage)),
    closed("introductions", "stage", all_codes!(Stage)),
    closed("introductions", "end_reason", all_codes!(EndReason)),
    closed("introductions", "end_side", all_codes!(EndSide)),
    closed("introduction_steps", "kind", all_codes!(StepKind)),
    closed("meetings", "state", all_codes!(MeetingState)),
    closed("meetings", "feedback_a", all_codes!(Continue)),
    closed("meetings", "feedback_b", all_codes!(Continue)),
    closed("enquiries", "kind", all_codes!(EnquiryKind)),
    closed("enquiries", "who", all_codes!(EnquiryWho)),
    closed("enquiries", "how", all_codes!(EnquiryHow)),
    closed("enquiries", "follow_up", all_codes!(FollowUp)),
];

/// The codes of the two yeses (不了 is stored as no row).
fn yes_codes() -> Vec<&'static str> {
    Choice::ALL
        .iter()
        .filter(|choice| choice.is_yes())
        .map(|choice| choice.code())
        .collect()
}

impl Choice {
    /// Either of the two yeses.
    pub fn is_yes(self) -> bool {
        !matches!(self, Choice::No)
    }
}

/// A `CHECK (column IN ('a', 'b'))` found in a table's SQL: the column, its quoted codes, and
/// where the list's inside (between its parentheses) is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckList {
    pub column: String,
    pub codes: Vec<String>,
    inside: std::ops::Range<usize>,
}

/// The closed lists of `sql` (a `CREATE TABLE` as `sqlite_master` keeps it). Lists of numbers
/// (the 0/1 of a yes-or-no column) and other checks (`birth_month BETWEEN 1 AND 12`) are not
/// closed lists and are left out.
pub fn check_lists(sql: &str) -> Vec<CheckList> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = sql[from..].find("CHECK") {
        let start = from + at + "CHECK".len();
        from = start;
        let Some(list) = list_after(sql, start) else {
            continue;
        };
        from = list.inside.end;
        found.push(list);
    }
    found
}

/// `(column IN ('a', 'b'` read from `at` (just after a `CHECK`), or `None` when what follows is
/// not a closed list.
fn list_after(sql: &str, at: usize) -> Option<CheckList> {
    let skip_space = |i: usize| {
        i + sql[i..]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(sql.len() - i)
    };
    let mut i = skip_space(at);
    i = i + sql[i..].strip_prefix('(').map(|_| 1)?;
    i = skip_space(i);
    let name_end = i + sql[i..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(sql.len() - i);
    let column = &sql[i..name_end];
    if column.is_empty() {
        return None;
    }
    i = skip_space(name_end);
    i += sql[i..].strip_prefix("IN").map(|_| 2)?;
    i = skip_space(i);
    i += sql[i..].strip_prefix('(').map(|_| 1)?;
    let end = i + sql[i..].find(')')?;
    let codes: Vec<String> = sql[i..end]
        .split(',')
        .map(str::trim)
        .map(|code| code.strip_prefix('\'').and_then(|c| c.strip_suffix('\'')))
        .collect::<Option<Vec<&str>>>()?
        .into_iter()
        .map(str::to_string)
        .collect();
    Some(CheckList {
        column: column.to_string(),
        codes,
        inside: i..end,
    })
}

/// `sql` of `table` with each closed list's CHECK holding the codes of its list in [`COLUMNS`]
/// (and any code of its own the list lacks); unchanged when it already does.
pub fn generated(table: &str, sql: &str) -> String {
    let mut out = sql.to_string();
    // From the end, so that the places found stay right as the text changes.
    for list in check_lists(sql).into_iter().rev() {
        let Some(closed) = COLUMNS
            .iter()
            .find(|c| c.table == table && c.column == list.column)
        else {
            continue;
        };
        let mut codes: Vec<&str> = (closed.codes)();
        // A code the file's list has and the program's has not (renamed by an old migration
        // that has not run yet) stays: a list is only ever widened.
        for code in &list.codes {
            if !codes.contains(&code.as_str()) {
                codes.push(code);
            }
        }
        if codes
            .iter()
            .copied()
            .eq(list.codes.iter().map(String::as_str))
        {
            continue;
        }
        let quoted: Vec<String> = codes.iter().map(|code| format!("'{code}'")).collect();
        out.replace_range(list.inside.clone(), &quoted.join(", "));
    }
    out
}

/// Brings every table's closed-list CHECKs to the codes of today's lists, as SQLite's own
/// documentation describes for a change that leaves the stored rows as they are (a CHECK that
/// takes more): the table's SQL is rewritten in `sqlite_master` in one transaction and the
/// schema's version moved on, so every connection reads it again. A new SQL that SQLite would
/// not read is never written. Returns the tables changed (none on a database already up to
/// date, the usual start).
pub(crate) fn widen(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let tables: Vec<(String, String)> = {
        let mut statement = conn.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK%'",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut changed = Vec::new();
    for (table, sql) in tables {
        let new = generated(&table, &sql);
        if new != sql {
            // Read by SQLite on its own first: a table whose new SQL it could not read would
            // make the whole file unreadable.
            Connection::open_in_memory()?.execute_batch(&new)?;
            changed.push((table, new));
        }
    }
    if changed.is_empty() {
        return Ok(Vec::new());
    }
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA schema_version", [], |row| row.get(0))?;
    tx.pragma_update(None, "writable_schema", true)?;
    for (table, sql) in &changed {
        tx.execute(
            "UPDATE sqlite_master SET sql = ?1 WHERE type = 'table' AND name = ?2",
            params![sql, table],
        )?;
    }
    tx.pragma_update(None, "schema_version", version + 1)?;
    tx.pragma_update(None, "writable_schema", false)?;
    tx.commit()?;
    Ok(changed.into_iter().map(|(table, _)| table).collect())
}
