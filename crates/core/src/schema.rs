//! The versioned database schema. Migrations only ever move forward; a new version is a new
//! entry at the end of [`MIGRATIONS`], never an edit of an old one.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// Version 1: the station, its volunteers, members with their preferences and photos.
const V1: &str = r#"
CREATE TABLE station (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
);

-- Small program settings (text size, last volunteer on duty …) as key/value.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE volunteers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
);

-- The last member number handed out per year, so a number is never given twice,
-- even after a member is deleted.
CREATE TABLE member_number_counters (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

CREATE TABLE members (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    gender              TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    birth_year          INTEGER NOT NULL,
    birth_month         INTEGER NOT NULL CHECK (birth_month BETWEEN 1 AND 12),
    height_cm           INTEGER,
    weight_kg           INTEGER,
    ethnicity           TEXT NOT NULL DEFAULT '',
    native_place        TEXT NOT NULL DEFAULT '',
    hukou               TEXT CHECK (hukou IN ('hangzhou', 'elsewhere')),
    district            TEXT NOT NULL DEFAULT '',
    education           TEXT CHECK (education IN ('junior_or_below', 'high_school', 'vocational',
                                                  'college', 'bachelor', 'master', 'doctorate')),
    occupation          TEXT NOT NULL DEFAULT '',
    employer            TEXT NOT NULL DEFAULT '',
    employer_type       TEXT NOT NULL DEFAULT '',
    income              TEXT NOT NULL DEFAULT '',
    marital_status      TEXT CHECK (marital_status IN ('single', 'divorced', 'widowed')),
    children            TEXT NOT NULL DEFAULT '',
    housing             TEXT NOT NULL DEFAULT '',
    has_car             INTEGER CHECK (has_car IN (0, 1)),
    only_child          INTEGER CHECK (only_child IN (0, 1)),
    hobbies             TEXT NOT NULL DEFAULT '',
    self_intro          TEXT NOT NULL DEFAULT '',
    union_member        INTEGER NOT NULL DEFAULT 0 CHECK (union_member IN (0, 1)),
    union_name          TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    wechat              TEXT NOT NULL DEFAULT '',
    registrant_relation TEXT NOT NULL DEFAULT 'self'
                        CHECK (registrant_relation IN ('self', 'father', 'mother', 'relative')),
    registrant_name     TEXT NOT NULL DEFAULT '',
    registrant_phone    TEXT NOT NULL DEFAULT '',
    registered_on       TEXT NOT NULL,
    volunteer_id        INTEGER REFERENCES volunteers(id),
    consent             INTEGER NOT NULL CHECK (consent IN (0, 1)),
    consent_on          TEXT,
    status              TEXT NOT NULL DEFAULT 'active'
                        CHECK (status IN ('active', 'paused', 'married', 'withdrawn')),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    created_by          INTEGER REFERENCES volunteers(id),
    updated_by          INTEGER REFERENCES volunteers(id)
);
CREATE INDEX members_newest ON members (registered_on DESC, id DESC);
CREATE INDEX members_phone ON members (phone) WHERE phone <> '';
CREATE INDEX members_registrant_phone ON members (registrant_phone) WHERE registrant_phone <> '';
CREATE INDEX members_name_birth ON members (name, birth_year, birth_month);
CREATE INDEX members_volunteer ON members (volunteer_id);

-- 择偶要求: one row per member. NULL / empty means 不限.
CREATE TABLE preferences (
    member_id               INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    age_min                 INTEGER,
    age_max                 INTEGER,
    height_min              INTEGER,
    height_max              INTEGER,
    education_min           TEXT,
    marital_statuses        TEXT NOT NULL DEFAULT '',   -- comma-separated codes
    hukou                   TEXT,
    requires_housing        INTEGER NOT NULL DEFAULT 0,
    exclude_same_employer   INTEGER NOT NULL DEFAULT 0,
    other                   TEXT NOT NULL DEFAULT ''
);

-- A downscaled copy and a thumbnail, both JPEG; never a path to the original file.
CREATE TABLE photos (
    member_id   INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    image       BLOB NOT NULL,
    thumbnail   BLOB NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
);
"#;

/// Version 2: members by status, for the home page counts and the search conditions.
const V2: &str = "CREATE INDEX members_status ON members (status);";

/// Version 3: the history of introductions (牵线记录), step by step, and pairs not to suggest.
const V3: &str = r#"
CREATE TABLE introductions (
    id              INTEGER PRIMARY KEY,
    member_a        INTEGER NOT NULL REFERENCES members(id),
    member_b        INTEGER NOT NULL REFERENCES members(id),
    stage           TEXT NOT NULL CHECK (stage IN ('introduced', 'met', 'dating', 'married', 'ended')),
    -- The date each stage was reached (statistics count on these).
    introduced_on   TEXT NOT NULL,
    met_on          TEXT,
    dating_on       TEXT,
    married_on      TEXT,
    ended_on        TEXT,
    end_reason      TEXT CHECK (end_reason IN ('declined', 'unsuitable', 'lost_contact', 'other')),
    volunteer_id    INTEGER REFERENCES volunteers(id),
    feedback_a      TEXT NOT NULL DEFAULT '',
    feedback_b      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (member_a <> member_b)
);
CREATE INDEX introductions_member_a ON introductions (member_a);
CREATE INDEX introductions_member_b ON introductions (member_b);
CREATE INDEX introductions_stage ON introductions (stage);

-- Every step, including the ones taken back (撤销上一步), in order.
CREATE TABLE introduction_steps (
    id                  INTEGER PRIMARY KEY,
    introduction_id     INTEGER NOT NULL REFERENCES introductions(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('start', 'advance', 'end', 'undo')),
    stage               TEXT NOT NULL,
    previous_stage      TEXT,
    on_date             TEXT NOT NULL,
    volunteer_id        INTEGER REFERENCES volunteers(id),
    reason              TEXT,
    notes               TEXT NOT NULL DEFAULT '',
    -- Member statuses before a 登记结婚, so that taking it back restores them.
    status_a_before     TEXT,
    status_b_before     TEXT,
    created_at          TEXT NOT NULL
);
CREATE INDEX introduction_steps_introduction ON introduction_steps (introduction_id);

-- Pairs a volunteer decided not to suggest again (member_a < member_b).
CREATE TABLE blocked_pairs (
    member_a    INTEGER NOT NULL REFERENCES members(id),
    member_b    INTEGER NOT NULL REFERENCES members(id),
    reason      TEXT NOT NULL DEFAULT '',
    created_on  TEXT NOT NULL,
    PRIMARY KEY (member_a, member_b),
    CHECK (member_a < member_b)
) WITHOUT ROWID;
"#;

/// Version 4: what pairing reads for every member straight from indexes: the members of the
/// ongoing introductions (and of those married since its pool was built), and the pairs
/// blocked from either side.
const V4: &str = "
DROP INDEX introductions_stage;
CREATE INDEX introductions_stage_members ON introductions (stage, updated_at, member_a, member_b);
CREATE INDEX blocked_pairs_member_b ON blocked_pairs (member_b);
";

/// Version 5: where an imported member came from (册号, 页码, file and line).
const V5: &str = "ALTER TABLE members ADD COLUMN source TEXT NOT NULL DEFAULT '';";

/// Version 6: the log of every change (操作记录).
const V6: &str = "
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    volunteer_id    INTEGER REFERENCES volunteers(id),
    kind            TEXT NOT NULL,
    member_id       INTEGER,
    other_member_id INTEGER,
    introduction_id INTEGER,
    summary         TEXT NOT NULL DEFAULT '',
    changes         TEXT
);
CREATE INDEX audit_log_member ON audit_log (member_id) WHERE member_id IS NOT NULL;
CREATE INDEX audit_log_other_member ON audit_log (other_member_id) WHERE other_member_id IS NOT NULL;
";

/// Version 7: volunteers' PINs (Argon2 hashes) and the administrator role.
const V7: &str = "
ALTER TABLE volunteers ADD COLUMN pin_hash TEXT;
ALTER TABLE volunteers ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1));
";

/// Version 8: what the paper books bring: the registrant's kin word, the volunteers' internal
/// notes, how consent was given (or that it is still to be signed), and the values an import
/// doubted, to be checked by a volunteer (待核对).
const V8: &str = "
ALTER TABLE members ADD COLUMN registrant_kin TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN consent_source TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN consent_pending INTEGER NOT NULL DEFAULT 0
    CHECK (consent_pending IN (0, 1));
CREATE TABLE member_checks (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    field       TEXT NOT NULL,
    what        TEXT NOT NULL,
    created_on  TEXT NOT NULL
);
CREATE INDEX member_checks_member ON member_checks (member_id);
CREATE INDEX members_to_sign ON members (id) WHERE consent_pending = 1 AND consent = 0;
";

/// Version 9: each member's revision, counted up by SQLite on every change of their row (every
/// edit, status change, consent, deletion request writes it), so a save made from an older
/// reading of the sheet is noticed: two windows editing one member. Wrong PINs counted per
/// volunteer, with the time before which no PIN is checked. An administrator without a PIN
/// (possible in databases made before the rule) protected nothing — anyone could sign in as
/// them — and is no longer one; the database itself now refuses such an administrator. Every
/// deletion on request (`erasures`, filled from the log for earlier ones), so that a backup
/// restored later has them applied again before anyone sees it.
const V9: &str = "
ALTER TABLE members ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER members_revision AFTER UPDATE ON members
    WHEN NEW.revision = OLD.revision
BEGIN
    UPDATE members SET revision = OLD.revision + 1 WHERE id = NEW.id;
END;
ALTER TABLE volunteers ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE volunteers ADD COLUMN pin_wait_until TEXT;
UPDATE volunteers SET is_admin = 0 WHERE is_admin = 1 AND pin_hash IS NULL;
CREATE TRIGGER admin_has_pin_insert BEFORE INSERT ON volunteers
    WHEN NEW.is_admin = 1 AND NEW.pin_hash IS NULL
BEGIN
    SELECT RAISE(ABORT, 'an administrator needs a PIN');
END;
CREATE TRIGGER admin_has_pin_update BEFORE UPDATE ON volunteers
    WHEN NEW.is_admin = 1 AND NEW.pin_hash IS NULL
BEGIN
    SELECT RAISE(ABORT, 'an administrator needs a PIN');
END;
CREATE TABLE erasures (
    member_id       INTEGER PRIMARY KEY,
    number          TEXT NOT NULL,
    requested_at    TEXT NOT NULL
);
INSERT OR IGNORE INTO erasures (member_id, number, requested_at)
    SELECT a.member_id, m.number, a.at FROM audit_log a JOIN members m ON m.id = a.member_id
    WHERE a.kind = 'delete';
";

/// Version 10: introductions as a station runs them (issue 16). Inside 介绍, side A (the member
/// paired for) is shown B's card first; B is asked only after A agreed; the contacts change
/// hands when both said yes: each of the three dated. Introductions recorded before (v9 and
/// older) have no such records: `before_agreements` says so. The reasons an introduction ends
/// are the coded list stations count, with the side that ended it; the earlier four are mapped
/// (一方不同意 → 其他, 见面后不合适 → 性格/感觉不合适, 失去联系 → 联系不上) and their words kept
/// in the step's notes. Both tables are rebuilt for their CHECKs, children first so that no
/// step is cascaded away. A member's 暂停 has a reason and the day they return; 回访确认 calls
/// are kept; identity documents checked; the parents' own 择偶要求 beside the member's.
const V10: &str = r#"
CREATE TABLE introductions_v10 (
    id              INTEGER PRIMARY KEY,
    member_a        INTEGER NOT NULL REFERENCES members(id),
    member_b        INTEGER NOT NULL REFERENCES members(id),
    stage           TEXT NOT NULL CHECK (stage IN ('introduced', 'met', 'dating', 'married', 'ended')),
    introduced_on   TEXT NOT NULL,
    a_agreed_on     TEXT,
    b_agreed_on     TEXT,
    exchanged_on    TEXT,
    before_agreements INTEGER NOT NULL DEFAULT 0 CHECK (before_agreements IN (0, 1)),
    met_on          TEXT,
    dating_on       TEXT,
    married_on      TEXT,
    ended_on        TEXT,
    end_reason      TEXT CHECK (end_reason IN ('age_gap', 'height', 'education_work', 'distance_hukou',
                                               'no_spark', 'has_partner', 'parents_object',
                                               'unreachable', 'other')),
    end_side        TEXT CHECK (end_side IN ('a', 'b', 'both', 'neither')),
    volunteer_id    INTEGER REFERENCES volunteers(id),
    feedback_a      TEXT NOT NULL DEFAULT '',
    feedback_b      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (member_a <> member_b)
);
INSERT INTO introductions_v10 (id, member_a, member_b, stage, introduced_on, before_agreements,
        met_on, dating_on, married_on, ended_on, end_reason, volunteer_id, feedback_a, feedback_b,
        created_at, updated_at)
    SELECT id, member_a, member_b, stage, introduced_on, 1, met_on, dating_on, married_on, ended_on,
        CASE WHEN end_reason IS NULL THEN NULL WHEN end_reason = 'unsuitable' THEN 'no_spark'
            WHEN end_reason = 'lost_contact' THEN 'unreachable' ELSE 'other' END,
        volunteer_id, feedback_a, feedback_b, created_at, updated_at
    FROM introductions;

CREATE TABLE introduction_steps_v10 (
    id                  INTEGER PRIMARY KEY,
    introduction_id     INTEGER NOT NULL REFERENCES introductions_v10(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('start', 'agree_a', 'agree_b', 'exchange',
                                                      'advance', 'end', 'undo')),
    stage               TEXT NOT NULL,
    previous_stage      TEXT,
    on_date             TEXT NOT NULL,
    volunteer_id        INTEGER REFERENCES volunteers(id),
    reason              TEXT,
    side                TEXT,
    -- For an undo: the kind of the step it took back.
    undid               TEXT,
    notes               TEXT NOT NULL DEFAULT '',
    status_a_before     TEXT,
    status_b_before     TEXT,
    created_at          TEXT NOT NULL
);
INSERT INTO introduction_steps_v10 (id, introduction_id, kind, stage, previous_stage, on_date,
        volunteer_id, reason, notes, status_a_before, status_b_before, created_at)
    SELECT id, introduction_id, kind, stage, previous_stage, on_date, volunteer_id,
        CASE WHEN reason IS NULL THEN NULL WHEN reason = 'unsuitable' THEN 'no_spark'
            WHEN reason = 'lost_contact' THEN 'unreachable' ELSE 'other' END,
        CASE reason WHEN 'declined' THEN trim('升级前记为“一方不同意” ' || notes)
            WHEN 'unsuitable' THEN trim('升级前记为“见面后不合适” ' || notes)
            ELSE notes END,
        status_a_before, status_b_before, created_at
    FROM introduction_steps;
DROP TABLE introduction_steps;
DROP TABLE introductions;
ALTER TABLE introductions_v10 RENAME TO introductions;
ALTER TABLE introduction_steps_v10 RENAME TO introduction_steps;
CREATE INDEX introductions_member_a ON introductions (member_a);
CREATE INDEX introductions_member_b ON introductions (member_b);
CREATE INDEX introductions_stage_members ON introductions (stage, updated_at, member_a, member_b);
CREATE INDEX introduction_steps_introduction ON introduction_steps (introduction_id);

ALTER TABLE members ADD COLUMN pause_reason TEXT
    CHECK (pause_reason IN ('dating', 'abroad', 'busy', 'partner_outside', 'other'));
ALTER TABLE members ADD COLUMN pause_until TEXT;
CREATE INDEX members_pause_until ON members (pause_until) WHERE pause_until IS NOT NULL;
ALTER TABLE members ADD COLUMN id_checked_on TEXT;
ALTER TABLE members ADD COLUMN id_checked_by INTEGER REFERENCES volunteers(id);
ALTER TABLE members ADD COLUMN union_checked_on TEXT;
ALTER TABLE members ADD COLUMN union_checked_by INTEGER REFERENCES volunteers(id);

-- 回访确认: a call to check a registration is still wanted, and what it found.
CREATE TABLE member_calls (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    on_date         TEXT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('still_looking', 'found_someone', 'withdraw',
                                                     'unreachable')),
    volunteer_id    INTEGER REFERENCES volunteers(id),
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX member_calls_member ON member_calls (member_id, on_date);

-- The 择偶要求 of a parent (or relative) who registered the member, beside the member's own.
CREATE TABLE family_preferences (
    member_id               INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    relation                TEXT NOT NULL CHECK (relation IN ('father', 'mother', 'parents', 'relative')),
    age_min                 INTEGER,
    age_max                 INTEGER,
    height_min              INTEGER,
    height_max              INTEGER,
    education_min           TEXT,
    marital_statuses        TEXT NOT NULL DEFAULT '',
    hukou                   TEXT,
    requires_housing        INTEGER NOT NULL DEFAULT 0,
    exclude_same_employer   INTEGER NOT NULL DEFAULT 0,
    other                   TEXT NOT NULL DEFAULT ''
);
"#;

/// v11: covering indexes for 首页's lists (等待介绍, 回访确认) and the statistics' waiting
/// time, which read every 在册 member: the members' columns they need, without the rows.
const V11: &str = r#"
CREATE INDEX members_pool ON members
    (status, consent, registered_on, number, id_checked_on, union_checked_on);
CREATE INDEX member_calls_outcome ON member_calls (member_id, outcome, on_date);
"#;

/// v12: 联谊活动 (group events: invitations, sign-ups with places and a waiting list, check-in,
/// the 心动卡 of mutual choice, the introductions that came of it), 开放日 (open days with their
/// visitor counts) and the days each volunteer signed in (who was on duty).
const V12: &str = r#"
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    on_date         TEXT NOT NULL,
    start_time      TEXT NOT NULL DEFAULT '',
    place           TEXT NOT NULL DEFAULT '',
    theme           TEXT NOT NULL DEFAULT '',
    organiser_id    INTEGER REFERENCES volunteers(id),
    places_men      INTEGER NOT NULL CHECK (places_men BETWEEN 0 AND 1000),
    places_women    INTEGER NOT NULL CHECK (places_women BETWEEN 0 AND 1000),
    age_min_men     INTEGER,
    age_max_men     INTEGER,
    age_min_women   INTEGER,
    age_max_women   INTEGER,
    notes           TEXT NOT NULL DEFAULT '',
    -- The last badge number handed out to each gender (a printed badge is never given twice).
    badges_men      INTEGER NOT NULL DEFAULT 0,
    badges_women    INTEGER NOT NULL DEFAULT 0,
    -- When the mutual choices were turned into introductions (the cards are then closed).
    matched_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX events_date ON events (on_date);

-- 邀请: members found in the pool for an event, to be called; the answer of the last call.
CREATE TABLE event_invitations (
    event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    answer          TEXT CHECK (answer IN ('signed_up', 'declined', 'no_answer')),
    called_on       TEXT,
    volunteer_id    INTEGER REFERENCES volunteers(id),
    calls           INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (event_id, member_id)
) WITHOUT ROWID;

-- 报名: a place (confirmed), the waiting list (in the order of sign-up) or cancelled; the
-- badge number is given with the place; arrival is recorded on the day.
CREATE TABLE event_attendees (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    gender          TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    place           TEXT NOT NULL CHECK (place IN ('confirmed', 'waiting', 'cancelled')),
    badge           INTEGER,
    arrival         TEXT CHECK (arrival IN ('arrived', 'no_show')),
    walk_in         INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
    card_entered    INTEGER NOT NULL DEFAULT 0 CHECK (card_entered IN (0, 1)),
    signed_up_at    TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (event_id, member_id)
);
CREATE INDEX event_attendees_member ON event_attendees (member_id);

-- 心动卡: what one attendee marked for one of the other gender (不了 is no row).
CREATE TABLE event_choices (
    event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    chooser_id      INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    chosen_id       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    choice          TEXT NOT NULL CHECK (choice IN ('more', 'friends')),
    PRIMARY KEY (event_id, chooser_id, chosen_id)
) WITHOUT ROWID;

ALTER TABLE introductions ADD COLUMN event_id INTEGER REFERENCES events(id);
CREATE INDEX introductions_event ON introductions (event_id) WHERE event_id IS NOT NULL;

-- 开放日: a day the station received visitors, with its counters and notes.
CREATE TABLE open_days (
    on_date         TEXT PRIMARY KEY,
    singles         INTEGER NOT NULL DEFAULT 0 CHECK (singles >= 0),
    parents         INTEGER NOT NULL DEFAULT 0 CHECK (parents >= 0),
    notes           TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
) WITHOUT ROWID;

-- The days each volunteer signed in: who was on duty.
CREATE TABLE duty_days (
    on_date         TEXT NOT NULL,
    volunteer_id    INTEGER NOT NULL REFERENCES volunteers(id),
    PRIMARY KEY (on_date, volunteer_id)
) WITHOUT ROWID;
"#;

/// Issue 18: the member's consent to share their profile with the district's stations, dated.
const V13: &str = "ALTER TABLE members ADD COLUMN district_consent_on TEXT;";

/// 开放日's figures count each day's introductions: without this index every open day read all
/// the introductions (0.29 s for 53 days at 100,000 members, 5 s at 1,000,000).
const V14: &str = "CREATE INDEX introductions_introduced_on ON introductions (introduced_on);";

/// 全区共享's two tables on the station PC: what this station last sent of each of its shared
/// members (so a sync sends only what changed, and takes back who left), and the other
/// stations' shared profiles as last received (read-only here).
const V15: &str = r#"
CREATE TABLE district_pushed (
    key             TEXT PRIMARY KEY,
    profile         TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE district_mirror (
    key             TEXT PRIMARY KEY,
    station         TEXT NOT NULL,
    profile         TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// 全区共享's introduction requests, as this station knows them: those it sent and those sent
/// to it, kept from the server's (whose id they carry) with the other member's card as it was
/// when asked.
const V16: &str = r#"
CREATE TABLE district_requests (
    id              INTEGER PRIMARY KEY,
    sent            INTEGER NOT NULL CHECK (sent IN (0, 1)),
    member_id       INTEGER REFERENCES members(id) ON DELETE SET NULL,
    member_key      TEXT NOT NULL,
    partner_key     TEXT NOT NULL,
    partner_station TEXT NOT NULL,
    partner         TEXT,
    note            TEXT NOT NULL DEFAULT '',
    asked_on        TEXT NOT NULL,
    answer          TEXT CHECK (answer IN ('accepted', 'declined')),
    reason          TEXT NOT NULL DEFAULT '',
    answered_on     TEXT,
    outcome         TEXT CHECK (outcome IN ('married', 'ended'))
);
CREATE INDEX district_requests_member ON district_requests (member_id);
"#;

/// Version 17: an introduction across two stations of the district (issue 18). When another
/// station accepts a request (or this one accepts another's), each records it in its own
/// 牵线记录: side A is this station's member, side B the other station's, who is no member
/// here: `member_b` stays empty and the partner's key, station and how to name them
/// ("刘先生(南星站)") are kept instead, with the request it came from. Rebuilt (children first,
/// as in version 10) because `member_b` loses its NOT NULL. The station also keeps how far
/// the other station says it went (`partner_stage`) and what it last told the district of its
/// own side (`reported_stage`).
const V17: &str = r#"
CREATE TABLE introductions_v17 (
    id              INTEGER PRIMARY KEY,
    member_a        INTEGER NOT NULL REFERENCES members(id),
    member_b        INTEGER REFERENCES members(id),
    stage           TEXT NOT NULL CHECK (stage IN ('introduced', 'met', 'dating', 'married', 'ended')),
    introduced_on   TEXT NOT NULL,
    a_agreed_on     TEXT,
    b_agreed_on     TEXT,
    exchanged_on    TEXT,
    before_agreements INTEGER NOT NULL DEFAULT 0 CHECK (before_agreements IN (0, 1)),
    met_on          TEXT,
    dating_on       TEXT,
    married_on      TEXT,
    ended_on        TEXT,
    end_reason      TEXT CHECK (end_reason IN ('age_gap', 'height', 'education_work', 'distance_hukou',
                                               'no_spark', 'has_partner', 'parents_object',
                                               'unreachable', 'other')),
    end_side        TEXT CHECK (end_side IN ('a', 'b', 'both', 'neither')),
    volunteer_id    INTEGER REFERENCES volunteers(id),
    feedback_a      TEXT NOT NULL DEFAULT '',
    feedback_b      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    event_id        INTEGER REFERENCES events(id),
    partner_key     TEXT,
    partner_station TEXT,
    partner_name    TEXT,
    request_id      INTEGER UNIQUE,
    CHECK (member_a <> member_b),
    CHECK ((member_b IS NULL) = (partner_key IS NOT NULL)),
    CHECK ((partner_key IS NULL) = (request_id IS NULL))
);
INSERT INTO introductions_v17 (id, member_a, member_b, stage, introduced_on, a_agreed_on,
        b_agreed_on, exchanged_on, before_agreements, met_on, dating_on, married_on, ended_on,
        end_reason, end_side, volunteer_id, feedback_a, feedback_b, created_at, updated_at,
        event_id)
    SELECT id, member_a, member_b, stage, introduced_on, a_agreed_on, b_agreed_on, exchanged_on,
        before_agreements, met_on, dating_on, married_on, ended_on, end_reason, end_side,
        volunteer_id, feedback_a, feedback_b, created_at, updated_at, event_id
    FROM introductions;

CREATE TABLE introduction_steps_v17 (
    id                  INTEGER PRIMARY KEY,
    introduction_id     INTEGER NOT NULL REFERENCES introductions_v17(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('start', 'agree_a', 'agree_b', 'exchange',
                                                      'advance', 'end', 'undo')),
    stage               TEXT NOT NULL,
    previous_stage      TEXT,
    on_date             TEXT NOT NULL,
    volunteer_id        INTEGER REFERENCES volunteers(id),
    reason              TEXT,
    side                TEXT,
    undid               TEXT,
    notes               TEXT NOT NULL DEFAULT '',
    status_a_before     TEXT,
    status_b_before     TEXT,
    created_at          TEXT NOT NULL
);
INSERT INTO introduction_steps_v17 SELECT id, introduction_id, kind, stage, previous_stage,
        on_date, volunteer_id, reason, side, undid, notes, status_a_before, status_b_before,
        created_at
    FROM introduction_steps;
DROP TABLE introduction_steps;
DROP TABLE introductions;
ALTER TABLE introductions_v17 RENAME TO introductions;
ALTER TABLE introduction_steps_v17 RENAME TO introduction_steps;
CREATE INDEX introductions_member_a ON introductions (member_a);
CREATE INDEX introductions_member_b ON introductions (member_b);
CREATE INDEX introductions_stage_members ON introductions (stage, updated_at, member_a, member_b);
CREATE INDEX introductions_event ON introductions (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX introductions_introduced_on ON introductions (introduced_on);
CREATE INDEX introduction_steps_introduction ON introduction_steps (introduction_id);

ALTER TABLE district_requests ADD COLUMN partner_stage TEXT
    CHECK (partner_stage IN ('introduced', 'met', 'dating', 'married', 'ended'));
ALTER TABLE district_requests ADD COLUMN reported_stage TEXT
    CHECK (reported_stage IN ('introduced', 'met', 'dating', 'married', 'ended'));
"#;

/// Version 18: the member's own consent and the end of keeping (issue 34). A member registered
/// by someone else (a parent) gives their own yes (`own_consent_*`); until then they are
/// 待本人确认. Members already registered by a parent are so from this version on: how many is
/// kept in `settings` for 首页 to say once. Publicity is a consent of its own. `left_on`: the
/// day a member became 已婚 or 退出, set by SQLite whatever changed the status (a volunteer, a
/// marriage, an import), so that the retention period counts from it; members who had left
/// before this version count from their last change. A wish relative to the member's own age
/// ("比她大3-5岁") is kept as offsets (`age_offset_*`) and judged on the day. 约见面: the
/// meetings arranged after the exchange, with each side's feedback. 来电来访: enquiries before a
/// registration and counselling referrals.
const V18: &str = r#"
ALTER TABLE members ADD COLUMN own_consent_on TEXT;
ALTER TABLE members ADD COLUMN own_consent_how TEXT
    CHECK (own_consent_how IN ('sheet', 'in_person', 'phone'));
ALTER TABLE members ADD COLUMN own_consent_by TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN publicity_consent_on TEXT;
ALTER TABLE members ADD COLUMN publicity_name TEXT
    CHECK (publicity_name IN ('full', 'surname', 'anonymous'));
ALTER TABLE members ADD COLUMN left_on TEXT;
ALTER TABLE preferences ADD COLUMN age_offset_min INTEGER;
ALTER TABLE preferences ADD COLUMN age_offset_max INTEGER;
ALTER TABLE family_preferences ADD COLUMN age_offset_min INTEGER;
ALTER TABLE family_preferences ADD COLUMN age_offset_max INTEGER;
UPDATE members SET left_on = substr(updated_at, 1, 10) WHERE status IN ('married', 'withdrawn');
CREATE INDEX members_awaiting_own ON members (registered_on, id)
    WHERE registrant_relation <> 'self' AND own_consent_on IS NULL;
CREATE INDEX members_left_on ON members (left_on) WHERE left_on IS NOT NULL;
CREATE TRIGGER members_left AFTER UPDATE OF status ON members
    WHEN (NEW.status IN ('married', 'withdrawn')) <> (OLD.status IN ('married', 'withdrawn'))
BEGIN
    UPDATE members SET left_on = CASE WHEN NEW.status IN ('married', 'withdrawn')
        THEN date('now', 'localtime') END WHERE id = NEW.id;
END;
CREATE TRIGGER members_left_at_entry AFTER INSERT ON members
    WHEN NEW.status IN ('married', 'withdrawn') AND NEW.left_on IS NULL
BEGIN
    UPDATE members SET left_on = date('now', 'localtime') WHERE id = NEW.id;
END;
CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    introduction_id INTEGER NOT NULL REFERENCES introductions(id),
    on_date         TEXT NOT NULL,
    at_time         TEXT NOT NULL DEFAULT '',
    place           TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'held', 'cancelled')),
    reason          TEXT NOT NULL DEFAULT '',
    feedback_a      TEXT CHECK (feedback_a IN ('continue', 'stop')),
    words_a         TEXT NOT NULL DEFAULT '',
    feedback_b      TEXT CHECK (feedback_b IN ('continue', 'stop')),
    words_b         TEXT NOT NULL DEFAULT '',
    volunteer_id    INTEGER REFERENCES volunteers(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX meetings_introduction ON meetings (introduction_id);
CREATE INDEX meetings_planned ON meetings (on_date) WHERE state = 'planned';
CREATE TABLE enquiries (
    id              INTEGER PRIMARY KEY,
    on_date         TEXT NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'enquiry'
                    CHECK (kind IN ('enquiry', 'counselling', 'psychology')),
    who             TEXT NOT NULL CHECK (who IN ('person', 'parent', 'relative', 'other')),
    how             TEXT NOT NULL CHECK (how IN ('phone', 'visit', 'wechat')),
    name            TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    asked           TEXT NOT NULL DEFAULT '',
    follow_up       TEXT NOT NULL CHECK (follow_up IN ('register', 'call_back', 'none')),
    member_id       INTEGER REFERENCES members(id),
    volunteer_id    INTEGER REFERENCES volunteers(id),
    created_at      TEXT NOT NULL
);
CREATE INDEX enquiries_on_date ON enquiries (on_date);
CREATE INDEX enquiries_phone ON enquiries (phone) WHERE member_id IS NULL AND phone <> '';
CREATE INDEX enquiries_member ON enquiries (member_id) WHERE member_id IS NOT NULL;
CREATE TRIGGER members_from_enquiry AFTER INSERT ON members
BEGIN
    UPDATE enquiries SET member_id = NEW.id
    WHERE member_id IS NULL AND kind = 'enquiry' AND phone <> ''
      AND phone IN (NEW.phone, NEW.registrant_phone);
END;
INSERT INTO settings (key, value)
    SELECT 'upgrade_awaiting_own', count(*) FROM members
    WHERE registrant_relation <> 'self' AND status IN ('active', 'paused')
    HAVING count(*) > 0;
"#;

/// Version 19: an event's seating plan (issue 35): how many zones, two-seat tables per zone and
/// minutes per round, and each guest's zone and place in it (the rounds follow from the order).
const V19: &str = r#"
CREATE TABLE event_seating (
    event_id          INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    zones             INTEGER NOT NULL CHECK (zones > 0),
    tables_per_zone   INTEGER NOT NULL CHECK (tables_per_zone > 0),
    minutes_per_round INTEGER NOT NULL CHECK (minutes_per_round > 0),
    made_at           TEXT NOT NULL
);
CREATE TABLE event_seats (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id),
    zone      INTEGER NOT NULL CHECK (zone > 0),
    position  INTEGER NOT NULL,
    PRIMARY KEY (event_id, member_id)
);
CREATE INDEX event_seats_zone ON event_seats (event_id, zone, position);
"#;

/// Version 20: an event's partners and money, and the move-ups (issue 35). Co-organisers
/// (unions, enterprises, a 女职工委员会) with their places; the cost by source (in fen); an
/// enterprise's 订单式 request (who asked, for whom, how many); `moved_up_at`: when a guest on
/// the waiting list got a place, so the text telling them says so.
const V20: &str = r#"
ALTER TABLE event_attendees ADD COLUMN moved_up_at TEXT;
ALTER TABLE events ADD COLUMN ordered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN ordered_for TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN ordered_count INTEGER;
CREATE TABLE event_partners (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('union', 'enterprise', 'women', 'other')),
    name       TEXT NOT NULL,
    places     INTEGER NOT NULL DEFAULT 0 CHECK (places BETWEEN 0 AND 2000),
    created_at TEXT NOT NULL
);
CREATE INDEX event_partners_event ON event_partners (event_id);
CREATE TABLE event_costs (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    source     TEXT NOT NULL CHECK (source IN ('special', 'enterprise', 'subsidy', 'union', 'other')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 100000000000),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX event_costs_event ON event_costs (event_id);
"#;

/// Version 21: 值班时长 (issue 36): each duty from signing in to signing out, corrected by an
/// administrator with a reason.
const V21: &str = r#"
CREATE TABLE duty_hours (
    id            INTEGER PRIMARY KEY,
    volunteer_id  INTEGER NOT NULL REFERENCES volunteers(id),
    on_date       TEXT NOT NULL,
    signed_in_at  TEXT NOT NULL,
    signed_out_at TEXT,
    corrected_by  INTEGER REFERENCES volunteers(id),
    correction    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX duty_hours_day ON duty_hours (on_date, volunteer_id);
"#;

/// Version 22: 值班表 (issue 36): who is on duty on which day, for the open day or an event.
const V22: &str = r#"
CREATE TABLE duty_rota (
    id            INTEGER PRIMARY KEY,
    on_date       TEXT NOT NULL,
    shift         TEXT NOT NULL CHECK (shift IN ('all_day', 'morning', 'afternoon', 'evening')),
    volunteer_id  INTEGER NOT NULL REFERENCES volunteers(id),
    event_id      INTEGER REFERENCES events(id),
    created_by    INTEGER REFERENCES volunteers(id),
    created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX duty_rota_once ON duty_rota (on_date, volunteer_id, coalesce(event_id, 0));
"#;

/// Version 23: 全区联谊 (issue 35): an event shared by the district's stations. This station's
/// copy links to the district's event (its id there, the host's code, this station's first
/// badge number); the other stations' guests as the district shows them (badge, gender, age,
/// station: never a name); this station's guests' marks for them; and the mutual pairs across
/// stations that involve this station's guests.
const V23: &str = r#"
ALTER TABLE events ADD COLUMN shared_id INTEGER;
ALTER TABLE events ADD COLUMN shared_host TEXT;
ALTER TABLE events ADD COLUMN shared_first_badge INTEGER;
CREATE UNIQUE INDEX events_shared ON events (shared_id) WHERE shared_id IS NOT NULL;
CREATE TABLE event_remote_guests (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    station   TEXT NOT NULL,
    gender    TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    badge     INTEGER NOT NULL,
    age       INTEGER NOT NULL,
    arrived   INTEGER NOT NULL CHECK (arrived IN (0, 1)),
    PRIMARY KEY (event_id, gender, badge)
) WITHOUT ROWID;
CREATE TABLE event_remote_choices (
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    chooser_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    badge      INTEGER NOT NULL,
    choice     TEXT NOT NULL CHECK (choice IN ('more', 'friends')),
    PRIMARY KEY (event_id, chooser_id, badge)
) WITHOUT ROWID;
-- The 全区联谊 an accepted request came from (its pair is shown with the event, not on 首页).
ALTER TABLE district_requests ADD COLUMN shared_event INTEGER;
CREATE TABLE event_remote_matches (
    event_id      INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    gender        TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    badge         INTEGER NOT NULL,
    other_station TEXT NOT NULL,
    other_badge   INTEGER NOT NULL,
    own_choice    TEXT NOT NULL CHECK (own_choice IN ('more', 'friends')),
    other_choice  TEXT NOT NULL CHECK (other_choice IN ('more', 'friends')),
    request_id    INTEGER,
    PRIMARY KEY (event_id, gender, badge, other_badge)
) WITHOUT ROWID;
"#;

pub const MIGRATIONS: &[M<'static>] = &[
    M::up(V1),
    M::up(V2),
    M::up(V3),
    M::up(V4),
    M::up(V5),
    M::up(V6),
    M::up(V7),
    M::up(V8),
    M::up(V9),
    M::up(V10),
    M::up(V11),
    M::up(V12),
    M::up(V13),
    M::up(V14),
    M::up(V15),
    M::up(V16),
    M::up(V17),
    M::up(V18),
    M::up(V19),
    M::up(V20),
    M::up(V21),
    M::up(V22),
    M::up(V23),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

/// A database's tables, indexes, triggers and views, by (type, name), with their SQL with its
/// runs of spaces made one. SQLite's own statistics tables (`ANALYZE`) are left out.
type Objects = std::collections::BTreeMap<(String, String), String>;

fn objects(conn: &Connection) -> rusqlite::Result<Objects> {
    let mut statement = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_master
         WHERE NOT (type = 'table' AND name IN ('sqlite_stat1', 'sqlite_stat2', 'sqlite_stat3',
             'sqlite_stat4', 'sqlite_sequence'))",
    )?;
    let rows = statement.query_map([], |r| {
        let (type_, name): (String, String) = (r.get(0)?, r.get(1)?);
        let sql: String = r.get(2)?;
        // A closed list's CHECK holds the codes of the program's list, whichever version
        // wrote it (see `codes::widen`).
        let sql = if type_ == "table" {
            super::codes::generated(&name, &sql)
        } else {
            sql
        };
        Ok((
            (type_, name),
            sql.split_whitespace().collect::<Vec<_>>().join(" "),
        ))
    })?;
    rows.collect()
}

/// What the program's own migrations make at `version`: a new database in memory brought
/// to it.
fn objects_at(version: usize) -> rusqlite::Result<Objects> {
    let mut conn = Connection::open_in_memory()?;
    if version > 0 {
        migrations()
            .to_version(&mut conn, version)
            .map_err(|_| rusqlite::Error::InvalidQuery)?;
    }
    objects(&conn)
}

/// What the schema of `conn` has that the program's own migrations did not make for its
/// schema version (or lacks, or has changed), in words ("多了一个触发器“x”"); empty when it is
/// exactly the program's. A trigger or a view slipped into a file (a backup edited with
/// `sqlite3`) runs with every change the program makes: such a file is never used. A file
/// from a newer version is not judged here (its migrations refuse it).
pub fn foreign_objects(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let Ok(version) = usize::try_from(version) else {
        return Ok(vec!["结构版本号不对".into()]);
    };
    if version > MIGRATIONS.len() {
        return Ok(Vec::new());
    }
    let found = objects(conn)?;
    let expected = objects_at(version)?;
    let kind = |kind: &str| match kind {
        "table" => "表",
        "index" => "索引",
        "trigger" => "触发器",
        "view" => "视图",
        _ => "对象",
    };
    let mut differences = Vec::new();
    for ((type_, name), sql) in &found {
        match expected.get(&(type_.clone(), name.clone())) {
            None => differences.push(format!("多了一个{}“{name}”", kind(type_))),
            Some(ours) if ours != sql => differences.push(format!("{}“{name}”被改过", kind(type_))),
            Some(_) => {}
        }
    }
    for (type_, name) in expected.keys() {
        if !found.contains_key(&(type_.clone(), name.clone())) {
            differences.push(format!("少了{}“{name}”", kind(type_)));
        }
    }
    Ok(differences)
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }

    #[test]
    fn every_version_is_its_own_schema_and_an_added_trigger_is_not() {
        for version in 0..=super::MIGRATIONS.len() {
            let mut conn = super::Connection::open_in_memory().unwrap();
            if version > 0 {
                super::migrations().to_version(&mut conn, version).unwrap();
            }
            assert_eq!(
                super::foreign_objects(&conn).unwrap(),
                Vec::<String>::new(),
                "v{version}"
            );
        }
        let mut conn = super::Connection::open_in_memory().unwrap();
        super::migrations().to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER keep AFTER UPDATE ON members BEGIN SELECT 1; END;
             CREATE VIEW everyone AS SELECT name, phone FROM members;
             DROP INDEX members_phone;",
        )
        .unwrap();
        assert_eq!(
            super::foreign_objects(&conn).unwrap(),
            [
                "多了一个触发器“keep”",
                "多了一个视图“everyone”",
                "少了索引“members_phone”"
            ]
        );
    }
}
