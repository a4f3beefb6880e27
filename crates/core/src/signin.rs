//! 红娘登录: a volunteer may protect their name with a PIN (kept only as an Argon2 hash); some
//! volunteers are administrators, and once a station has one, restoring a backup, deleting a
//! member's data and exporting everything are theirs to do. The program locks itself after the
//! idle time set here.
//!
//! Every operation that changes the data or shows what is private takes an [`Actor`]: who is
//! doing it. An actor naming a volunteer exists only after that volunteer's PIN was checked
//! ([`Db::sign_in`]), so no front end can act in someone's name, or as an administrator, without
//! it; the permission and the 操作记录 entry are the operation's own business, not the caller's.

use super::db::Db;
use super::error::{Error, Result};
use super::model::Volunteer;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rusqlite::{OptionalExtension, params};

const LOCK_KEY: &str = "lock_minutes";
/// Whether every volunteer must sign in with a PIN ("1"), so that the lock holds.
const REQUIRE_PIN_KEY: &str = "require_pin";
/// Minutes without use before the program locks, unless set in 设置 (0 = never).
pub const DEFAULT_LOCK_MINUTES: u32 = 10;

/// What only an administrator may do (once the station has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Restore,
    Delete,
    ExportAll,
    /// Changing another volunteer's PIN, deactivating someone, making administrators.
    ManageVolunteers,
    /// Encrypting the database, changing or removing its password.
    Encrypt,
    /// Joining the district pool: the server, the station's code and its password.
    District,
    /// Changing an event's check-in or 心动卡 after its matches were confirmed.
    CorrectEvent,
}

impl Permission {
    fn what(self) -> &'static str {
        match self {
            Permission::Restore => "恢复备份",
            Permission::Delete => "删除会员资料",
            Permission::ExportAll => "导出全部数据",
            Permission::ManageVolunteers => "管理其他红娘(密码、停用、管理员)",
            Permission::Encrypt => "设置数据库加密",
            Permission::District => "设置全区共享的服务器",
            Permission::CorrectEvent => "更正已确认互选结果的联谊活动",
        }
    }
}

/// Who is doing something: a volunteer who signed in (with their PIN, if they have one), or the
/// PC's own user at a terminal who named nobody. Recorded as the author of every change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    volunteer: Option<i64>,
}

impl Actor {
    /// The PC's own user, naming no volunteer: enough while the station has no administrator;
    /// recorded without a name.
    pub const fn terminal() -> Self {
        Actor { volunteer: None }
    }

    /// A volunteer acting without signing in: only the demo's synthetic history uses it.
    pub(crate) const fn demo_volunteer(volunteer: i64) -> Self {
        Actor {
            volunteer: Some(volunteer),
        }
    }

    /// The volunteer acting, if one signed in.
    pub fn volunteer(&self) -> Option<i64> {
        self.volunteer
    }
}

/// Wrong PINs in a row that are answered at once; after them each try waits.
pub const FREE_TRIES: u32 = 3;

/// How long no PIN is checked after `failures` wrong ones in a row: nothing before
/// [`FREE_TRIES`], then 30 s doubling each time, at most 15 minutes.
fn wait_after(failures: u32) -> Option<chrono::TimeDelta> {
    let over = failures.checked_sub(FREE_TRIES)?;
    let seconds = 30i64.saturating_mul(1 << over.min(10)).min(15 * 60);
    Some(chrono::TimeDelta::seconds(seconds))
}

/// "这位红娘的密码已连续输错 4 次,请 27 秒后再试": the words of a wait, `wait` still to go.
pub fn wait_message(failures: u32, wait: chrono::TimeDelta) -> String {
    let seconds = wait.num_seconds().max(1);
    let wait = if seconds >= 60 {
        format!("{} 分钟", (seconds + 59) / 60)
    } else {
        format!("{seconds} 秒")
    };
    format!("这位红娘的密码已连续输错 {failures} 次,请 {wait}后再试")
}

/// What counting a try found ([`Db::check_pin_at`]).
enum Try {
    /// The volunteer has no PIN: none is needed.
    NoPin,
    /// Nothing that can be a PIN was typed: not a try.
    NotAPin,
    /// Counted as wrong (their `failures` now, and the wait that earns) before the check.
    Counted {
        hash: String,
        failures: u32,
        wait: Option<chrono::TimeDelta>,
    },
}

/// Whether SQLite gave up waiting for another window's or program's lock.
fn is_busy(error: &Error) -> bool {
    matches!(
        error,
        Error::Sqlite(rusqlite::Error::SqliteFailure(e, _))
            if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// The PIN as typed, in half-width digits without spaces (what [`checked_pin`] accepts).
fn pin_of(pin: &str) -> String {
    super::parse::to_halfwidth(pin).trim().to_string()
}

/// A PIN is 4 to 8 digits (full-width digits are accepted).
fn checked_pin(pin: &str) -> Result<String> {
    let pin = pin_of(pin);
    if (4..=8).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) {
        Ok(pin)
    } else {
        Err(Error::Refused("密码须是 4 到 8 位数字".into()))
    }
}

impl Db {
    /// Signs a volunteer in: their PIN is checked (a volunteer without one needs none) and the
    /// answer is the actor that the operations take. A deactivated volunteer cannot sign in.
    pub fn sign_in(&self, volunteer: i64, pin: &str) -> Result<Actor> {
        let active: bool = self
            .conn
            .query_row(
                "SELECT active FROM volunteers WHERE id = ?1",
                [volunteer],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::VolunteerNotFound)?;
        if !active {
            return Err(Error::Refused("这位红娘已停用,不能再值班".into()));
        }
        if self.pin_required()? && !self.pin_and_admin(volunteer)?.0 {
            return Err(Error::Refused(
                "这台电脑要求每位红娘用密码值班,您还没有密码:请管理员在 设置 › 红娘志愿者 里为您设一个".into(),
            ));
        }
        if !self.check_pin(volunteer, pin)? {
            return Err(Error::WrongPin);
        }
        // Who was on duty on a day (开放日's volunteers). A database that cannot be written just
        // now (another program holding it) still lets the volunteer in: the day is recorded at
        // their next sign-in.
        let _ = self.conn.execute(
            "INSERT OR IGNORE INTO duty_days (on_date, volunteer_id) VALUES (?1, ?2)",
            params![super::today(), volunteer],
        );
        // And the duty's start, for its hours (签退 ends it); the same leniency.
        let _ = self.start_duty(volunteer);
        Ok(Actor {
            volunteer: Some(volunteer),
        })
    }

    /// The same volunteer, after their PIN was checked against the data this connection had
    /// then (a restore replaced it): only for the core's own record of that operation.
    pub(crate) fn sign_in_unchecked(&self, volunteer: i64) -> Actor {
        Actor {
            volunteer: Some(volunteer),
        }
    }

    /// The name of volunteer `id`.
    pub fn volunteer_name(&self, id: i64) -> Result<String> {
        self.conn
            .query_row("SELECT name FROM volunteers WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(Error::VolunteerNotFound)
    }

    /// Signs in the volunteer called `name` (as typed on a command line).
    pub fn sign_in_by_name(&self, name: &str, pin: &str) -> Result<Actor> {
        let id = self.volunteer_named(name)?.id;
        self.sign_in(id, pin)
    }

    /// The volunteer called `name` (spaces around it ignored).
    pub fn volunteer_named(&self, name: &str) -> Result<super::model::Volunteer> {
        self.volunteers()?
            .into_iter()
            .find(|v| v.name == name.trim())
            .ok_or_else(|| Error::Refused(format!("找不到红娘“{}”,请先在设置里添加", name.trim())))
    }

    /// Whether a volunteer has a PIN, and whether they are an administrator.
    fn pin_and_admin(&self, volunteer: i64) -> Result<(bool, bool)> {
        self.conn
            .query_row(
                "SELECT pin_hash IS NOT NULL, is_admin FROM volunteers WHERE id = ?1",
                [volunteer],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(Error::VolunteerNotFound)
    }

    /// Sets (or changes) a volunteer's PIN: their own, or anyone's for an administrator.
    pub fn set_pin(&self, actor: &Actor, volunteer: i64, pin: &str) -> Result<()> {
        self.may_manage(actor, volunteer)?;
        let pin = checked_pin(pin)?;
        // The change and its record stand or fall together.
        let tx = self.write()?;
        let hash = Argon2::default()
            .hash_password(pin.as_bytes())
            .map_err(|e| Error::Stored(e.to_string()))?
            .to_string();
        let changed = self.conn.execute(
            "UPDATE volunteers SET pin_hash = ?1 WHERE id = ?2",
            params![hash, volunteer],
        )?;
        if changed == 0 {
            return Err(Error::VolunteerNotFound);
        }
        self.record_volunteer_change(actor, volunteer, "设了新的密码")?;
        Ok(tx.commit()?)
    }

    /// Takes a volunteer's PIN away: their own, or anyone's for an administrator.
    pub fn clear_pin(&self, actor: &Actor, volunteer: i64) -> Result<()> {
        self.may_manage(actor, volunteer)?;
        let (_, admin) = self.pin_and_admin(volunteer)?;
        if admin {
            return Err(Error::Refused(
                "管理员必须有密码:可以换一个新的密码,或先取消其管理员".into(),
            ));
        }
        if self.pin_required()? {
            return Err(Error::Refused(
                "这台电脑要求每位红娘都有密码,不能取消:可以换一个新的密码".into(),
            ));
        }
        let tx = self.write()?;
        self.conn.execute(
            "UPDATE volunteers SET pin_hash = NULL WHERE id = ?1",
            [volunteer],
        )?;
        self.record_volunteer_change(actor, volunteer, "取消了密码")?;
        Ok(tx.commit()?)
    }

    /// A volunteer may change their own PIN; anything about someone else is
    /// [`Permission::ManageVolunteers`].
    pub(crate) fn may_manage(&self, actor: &Actor, volunteer: i64) -> Result<()> {
        if actor.volunteer == Some(volunteer) {
            Ok(())
        } else {
            self.may(actor, Permission::ManageVolunteers)
        }
    }

    pub(crate) fn record_volunteer_change(
        &self,
        actor: &Actor,
        volunteer: i64,
        what: &str,
    ) -> Result<()> {
        let name = self.volunteer_name(volunteer)?;
        self.record_event(
            actor,
            super::audit::Kind::Volunteers,
            None,
            &format!("红娘“{name}”:{what}"),
        )
    }

    /// Whether `pin` is the volunteer's PIN; a volunteer without a PIN needs none.
    /// See [`Db::check_pin_at`].
    pub fn check_pin(&self, volunteer: i64, pin: &str) -> Result<bool> {
        self.check_pin_at(volunteer, pin, chrono::Local::now().naive_local())
    }

    /// Whether `pin` is the volunteer's PIN, at `now`. After [`FREE_TRIES`] wrong PINs in a
    /// row, no PIN of theirs is checked for a while (30 s, doubling with each further wrong
    /// one, at most 15 minutes), so a PIN of four digits cannot be tried through; the count
    /// and the time are kept in the database, so closing the program does not reset them.
    /// The right PIN sets the count back to zero.
    ///
    /// Each try is counted as wrong before its PIN is checked, in a transaction that takes the
    /// write lock first: twenty windows trying at the same moment each count (one after the
    /// other), and a database that another program holds refuses the try rather than check a
    /// PIN it could not count. The right PIN then takes its count back.
    pub fn check_pin_at(
        &self,
        volunteer: i64,
        pin: &str,
        now: chrono::NaiveDateTime,
    ) -> Result<bool> {
        if self.read_only().is_some() {
            return self.check_pin_uncountable(volunteer, pin, now);
        }
        let (hash, failures, wait) = match self.count_try(volunteer, pin, now) {
            Ok(Try::Counted {
                hash,
                failures,
                wait,
            }) => (hash, failures, wait),
            Ok(Try::NoPin) => return Ok(true),
            Ok(Try::NotAPin) => return Ok(false),
            Err(error) if is_busy(&error) => {
                return Err(Error::Refused(
                    "数据库正被另一个窗口或程序使用,这次密码没有核对;请稍后再试".into(),
                ));
            }
            Err(error) => return Err(error),
        };
        let right = Argon2::default()
            .verify_password(pin_of(pin).as_bytes(), hash.as_str())
            .is_ok();
        if right {
            // The count goes back to what it was before this try, then to zero. Should the
            // database refuse just now, the volunteer is still who they said: at worst their
            // next wrong PIN waits sooner.
            let _ = self.conn.execute(
                "UPDATE volunteers SET pin_failures = 0, pin_wait_until = NULL WHERE id = ?1",
                [volunteer],
            );
            return Ok(true);
        }
        match wait {
            Some(wait) => Err(Error::Refused(format!(
                "密码不对。{}",
                wait_message(failures, wait)
            ))),
            None => Ok(false),
        }
    }

    /// [`Db::check_pin_at`] on a database opened read-only ([`Db::read_only`]), where no try
    /// can be written down: the tries are counted in this opening alone, and after
    /// [`FREE_TRIES`] wrong ones no more are checked until the program is opened again (which
    /// checks the whole file first). A wait already in the database still holds.
    fn check_pin_uncountable(
        &self,
        volunteer: i64,
        pin: &str,
        now: chrono::NaiveDateTime,
    ) -> Result<bool> {
        let (hash, failures, wait_until): (Option<String>, u32, Option<String>) = self
            .conn
            .query_row(
                "SELECT pin_hash, pin_failures, pin_wait_until FROM volunteers WHERE id = ?1",
                [volunteer],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(Error::VolunteerNotFound)?;
        let Some(hash) = hash else { return Ok(true) };
        if let Some(until) = wait_until
            .and_then(|t| chrono::NaiveDateTime::parse_from_str(&t, super::TIME_FORMAT).ok())
            .filter(|until| *until > now)
        {
            return Err(Error::Refused(wait_message(failures, until - now)));
        }
        if checked_pin(pin).is_err() {
            return Ok(false);
        }
        let tried = self.uncounted_tries.get();
        if tried >= FREE_TRIES {
            return Err(Error::Refused(
                "密码已输错多次;数据库只读打开时不能再试,请关闭程序后再打开".into(),
            ));
        }
        self.uncounted_tries.set(tried + 1);
        Ok(Argon2::default()
            .verify_password(pin_of(pin).as_bytes(), hash.as_str())
            .is_ok())
    }

    /// How long no PIN of `volunteer` is checked still, at `now`, after how many wrong ones in
    /// a row; `None` when a PIN may be tried. For the window to count the wait down.
    pub fn pin_wait(
        &self,
        volunteer: i64,
        now: chrono::NaiveDateTime,
    ) -> Result<Option<(u32, chrono::TimeDelta)>> {
        let (failures, until): (u32, Option<String>) = self
            .conn
            .query_row(
                "SELECT pin_failures, pin_wait_until FROM volunteers WHERE id = ?1",
                [volunteer],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(Error::VolunteerNotFound)?;
        Ok(until
            .and_then(|t| chrono::NaiveDateTime::parse_from_str(&t, super::TIME_FORMAT).ok())
            .filter(|until| *until > now)
            .map(|until| (failures, until - now)))
    }

    /// Counts a try of `pin` as wrong (with the wait it earns), unless the volunteer has no PIN,
    /// is still waiting, or `pin` cannot be one: all in one immediate transaction.
    fn count_try(&self, volunteer: i64, pin: &str, now: chrono::NaiveDateTime) -> Result<Try> {
        let tx = self.write()?;
        let (hash, failures, wait_until): (Option<String>, u32, Option<String>) = tx
            .query_row(
                "SELECT pin_hash, pin_failures, pin_wait_until FROM volunteers WHERE id = ?1",
                [volunteer],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(Error::VolunteerNotFound)?;
        let Some(hash) = hash else {
            return Ok(Try::NoPin);
        };
        let wait_until = wait_until
            .and_then(|t| chrono::NaiveDateTime::parse_from_str(&t, super::TIME_FORMAT).ok())
            .filter(|until| *until > now);
        if let Some(until) = wait_until {
            return Err(Error::Refused(wait_message(failures, until - now)));
        }
        // Nothing typed yet (a volunteer chosen before the PIN is asked), or something that
        // cannot be a PIN: not a try.
        if checked_pin(pin).is_err() {
            return Ok(Try::NotAPin);
        }
        let failures = failures.saturating_add(1);
        let wait = wait_after(failures);
        tx.execute(
            "UPDATE volunteers SET pin_failures = ?1, pin_wait_until = ?2 WHERE id = ?3",
            params![
                failures,
                wait.map(|w| (now + w).format(super::TIME_FORMAT).to_string()),
                volunteer
            ],
        )?;
        tx.commit()?;
        Ok(Try::Counted {
            hash,
            failures,
            wait,
        })
    }

    /// Whether `volunteer` is an administrator and no other active volunteer is: taking their
    /// role away or deactivating them would leave the station without one.
    pub(crate) fn is_last_admin(&self, volunteer: i64) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT (SELECT is_admin FROM volunteers WHERE id = ?1) = 1
                    AND (SELECT count(*) FROM volunteers WHERE is_admin = 1 AND active = 1 AND id <> ?1) = 0",
                [volunteer],
                |r| r.get::<_, Option<bool>>(0),
            )?
            .unwrap_or(false))
    }

    /// Makes a volunteer an administrator or not (an administrator's decision, once the
    /// station has one); the last administrator cannot be taken away by someone else's
    /// mistake: at least one stays.
    pub fn set_admin(&self, actor: &Actor, volunteer: i64, admin: bool) -> Result<()> {
        self.may(actor, Permission::ManageVolunteers)?;
        // An administrator without a PIN would let anyone act in their name.
        if admin && !self.pin_and_admin(volunteer)?.0 {
            return Err(Error::Refused(
                "管理员必须有密码:请先给这位红娘设好密码,再设为管理员".into(),
            ));
        }
        if !admin && self.is_last_admin(volunteer)? {
            return Err(Error::Refused(
                "至少要有一位管理员;请先设另一位红娘为管理员".into(),
            ));
        }
        let tx = self.write()?;
        let changed = self.conn.execute(
            "UPDATE volunteers SET is_admin = ?1 WHERE id = ?2",
            params![admin, volunteer],
        )?;
        if changed == 0 {
            return Err(Error::VolunteerNotFound);
        }
        self.record_volunteer_change(
            actor,
            volunteer,
            if admin {
                "设为管理员"
            } else {
                "不再是管理员"
            },
        )?;
        Ok(tx.commit()?)
    }

    /// Whether `actor` may do `what`: anyone while the station has no administrator, otherwise
    /// administrators only. The operations call it themselves; a front end may ask it to grey
    /// out a button.
    pub fn may(&self, actor: &Actor, what: Permission) -> Result<()> {
        let volunteer = actor.volunteer;
        let admins: i64 = self.conn.query_row(
            "SELECT count(*) FROM volunteers WHERE is_admin = 1 AND active = 1",
            [],
            |r| r.get(0),
        )?;
        if admins == 0 {
            return Ok(());
        }
        let allowed = match volunteer {
            None => false,
            // Deactivated since signing in: no longer an administrator.
            Some(id) => self
                .conn
                .query_row(
                    "SELECT is_admin AND active FROM volunteers WHERE id = ?1",
                    [id],
                    |r| r.get::<_, bool>(0),
                )
                .optional()?
                .unwrap_or(false),
        };
        if allowed {
            Ok(())
        } else {
            Err(Error::NotAllowed(what.what()))
        }
    }

    /// Minutes without use before the program locks (0 = never).
    pub fn lock_minutes(&self) -> Result<u32> {
        Ok(self
            .setting(LOCK_KEY)?
            .and_then(|v| v.parse().ok())
            .filter(|m| *m <= 240)
            .unwrap_or(DEFAULT_LOCK_MINUTES))
    }

    /// Whether every volunteer must sign in with a PIN.
    pub fn pin_required(&self) -> Result<bool> {
        Ok(self.setting(REQUIRE_PIN_KEY)?.as_deref() == Some("1"))
    }

    /// Every volunteer must sign in with a PIN (`on`), or a name alone will do again: an
    /// administrator's choice ([`Permission::ManageVolunteers`]). Turned on only when every
    /// active volunteer has a PIN, so that nobody on the list is locked out by it.
    pub fn set_pin_required(&self, actor: &Actor, on: bool) -> Result<()> {
        self.may(actor, Permission::ManageVolunteers)?;
        if on {
            let without: Vec<String> = self
                .volunteers()?
                .into_iter()
                .filter(|v| v.active && !v.has_pin)
                .map(|v| v.name)
                .collect();
            if !without.is_empty() {
                return Err(Error::Refused(format!(
                    "{}还没有密码:先为每位在职的红娘设好密码,再要求大家用密码值班",
                    without.join("、")
                )));
            }
        }
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![REQUIRE_PIN_KEY, if on { "1" } else { "0" }],
        )?;
        self.record_event(
            actor,
            super::audit::Kind::Volunteers,
            None,
            if on {
                "要求每位红娘用密码值班"
            } else {
                "不再要求每位红娘用密码值班"
            },
        )?;
        Ok(tx.commit()?)
    }

    pub fn set_lock_minutes(&self, minutes: u32) -> Result<()> {
        if minutes > 240 {
            return Err(Error::Refused(
                "自动锁定的时间应在 0(不锁定)到 240 分钟之间".into(),
            ));
        }
        self.set_setting(LOCK_KEY, &minutes.to_string())
    }
}

/// The volunteers themselves: who they are, added, renamed, on duty or not.
impl Db {
    /// All volunteers, active ones first, then by name.
    pub fn volunteers(&self) -> Result<Vec<Volunteer>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, name, active, pin_hash IS NOT NULL, is_admin FROM volunteers
                 ORDER BY active DESC, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(Volunteer {
                id: row.get(0)?,
                name: row.get(1)?,
                active: row.get(2)?,
                has_pin: row.get(3)?,
                is_admin: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A new volunteer, on duty, without a PIN; recorded. Once the station has administrators
    /// it is theirs to do: [`Permission::ManageVolunteers`].
    pub fn add_volunteer(&self, actor: &Actor, name: &str) -> Result<Volunteer> {
        self.may(actor, Permission::ManageVolunteers)?;
        let name = self.free_volunteer_name(name, None)?;
        let tx = self.write()?;
        self.conn
            .execute("INSERT INTO volunteers (name) VALUES (?1)", [&name])?;
        let id = self.conn.last_insert_rowid();
        self.record_volunteer_change(actor, id, "新加入")?;
        tx.commit()?;
        Ok(Volunteer {
            id,
            name,
            active: true,
            has_pin: false,
            is_admin: false,
        })
    }

    /// Renames a volunteer; recorded, since every entry of theirs in the 操作记录 shows the new
    /// name from now on. Their own name, or anyone's for an administrator.
    pub fn rename_volunteer(&self, actor: &Actor, id: i64, name: &str) -> Result<()> {
        self.may_manage(actor, id)?;
        let name = self.free_volunteer_name(name, Some(id))?;
        let old = self.volunteer_name(id)?;
        if old == name {
            return Ok(());
        }
        let tx = self.write()?;
        self.conn.execute(
            "UPDATE volunteers SET name = ?1 WHERE id = ?2",
            params![name, id],
        )?;
        self.record_event(
            actor,
            super::audit::Kind::Volunteers,
            None,
            &format!("红娘“{old}”改名为“{name}”"),
        )?;
        Ok(tx.commit()?)
    }

    /// A volunteer who stops coming is deactivated, never deleted: their name stays on the
    /// members and records they were in charge of.
    /// Someone else's business: [`Permission::ManageVolunteers`].
    pub fn set_volunteer_active(&self, actor: &Actor, id: i64, active: bool) -> Result<()> {
        self.may(actor, Permission::ManageVolunteers)?;
        if !active && self.is_last_admin(id)? {
            return Err(Error::Refused(
                "这是最后一位管理员,不能停用;请先设另一位红娘为管理员".into(),
            ));
        }
        let tx = self.write()?;
        let changed = self.conn.execute(
            "UPDATE volunteers SET active = ?1 WHERE id = ?2",
            params![active, id],
        )?;
        if changed == 0 {
            return Err(Error::VolunteerNotFound);
        }
        self.record_volunteer_change(actor, id, if active { "恢复值班" } else { "停用" })?;
        Ok(tx.commit()?)
    }

    fn free_volunteer_name(&self, name: &str, except: Option<i64>) -> Result<String> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::VolunteerNameEmpty);
        }
        if !super::validate::has_letter(name) {
            return Err(Error::Refused(
                super::validate::NAME_LETTER_MESSAGE.replace("姓名", "红娘的名字"),
            ));
        }
        let taken: Option<i64> = self
            .conn
            .query_row("SELECT id FROM volunteers WHERE name = ?1", [name], |row| {
                row.get(0)
            })
            .optional()?;
        match taken {
            Some(id) if Some(id) != except => Err(Error::VolunteerExists(name.to_string())),
            _ => Ok(name.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_three_wrong_pins_each_try_waits_longer_and_the_right_one_resets() {
        let db = Db::open_in_memory().unwrap();
        let lou = db.add_volunteer(&Actor::terminal(), "楼老师").unwrap().id;
        let herself = db.sign_in(lou, "").unwrap();
        db.set_pin(&herself, lou, "2468").unwrap();
        let at = |seconds: i64| {
            chrono::NaiveDate::from_ymd_opt(2026, 11, 21)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap()
                + chrono::TimeDelta::seconds(seconds)
        };
        // Nothing typed, or no PIN at all, is not a try.
        assert!(!db.check_pin_at(lou, "", at(0)).unwrap());
        assert!(!db.check_pin_at(lou, "12", at(0)).unwrap());
        assert!(!db.check_pin_at(lou, "1111", at(0)).unwrap());
        assert!(!db.check_pin_at(lou, "2222", at(1)).unwrap());
        // The third wrong one: told to wait 30 s.
        let third = db.check_pin_at(lou, "3333", at(2)).unwrap_err().to_string();
        assert!(
            third.contains("连续输错 3 次") && third.contains("30 秒"),
            "{third}"
        );
        // Within the wait even the right PIN is not checked.
        let waiting = db
            .check_pin_at(lou, "2468", at(20))
            .unwrap_err()
            .to_string();
        assert!(waiting.contains("12 秒"), "{waiting}");
        // The wait left, for the window to count down: 12 s at 20 s, none after 32 s.
        assert_eq!(
            db.pin_wait(lou, at(20)).unwrap(),
            Some((3, chrono::TimeDelta::seconds(12)))
        );
        assert_eq!(db.pin_wait(lou, at(33)).unwrap(), None);
        // After it, a fourth wrong one doubles the wait.
        let fourth = db
            .check_pin_at(lou, "4444", at(40))
            .unwrap_err()
            .to_string();
        assert!(
            fourth.contains("4 次") && fourth.contains("1 分钟"),
            "{fourth}"
        );
        // The right PIN after the wait signs in and starts the count again.
        assert!(db.check_pin_at(lou, "2468", at(101)).unwrap());
        assert!(!db.check_pin_at(lou, "1111", at(102)).unwrap());
        // Many wrong ones wait at most 15 minutes.
        assert_eq!(wait_after(40), Some(chrono::TimeDelta::minutes(15)));
        assert_eq!(wait_after(2), None);
    }

    #[test]
    fn a_pin_required_of_everyone_holds_for_newcomers_and_cannot_be_cleared() {
        let db = Db::open_in_memory().unwrap();
        let lou = db.add_volunteer(&Actor::terminal(), "楼老师").unwrap().id;
        let zhu = db.add_volunteer(&Actor::terminal(), "朱大姐").unwrap().id;
        let lou_on_duty = db.sign_in(lou, "").unwrap();
        db.set_pin(&lou_on_duty, lou, "2468").unwrap();
        // Not while someone would be locked out by it: named.
        let refused = db
            .set_pin_required(&lou_on_duty, true)
            .unwrap_err()
            .to_string();
        assert!(refused.contains("朱大姐还没有密码"), "{refused}");
        assert!(!db.pin_required().unwrap());
        db.set_pin(&lou_on_duty, zhu, "1357").unwrap();
        db.set_pin_required(&lou_on_duty, true).unwrap();
        assert!(db.pin_required().unwrap());
        // A newcomer cannot go on duty by name alone, and a PIN cannot be taken away.
        let chen = db.add_volunteer(&lou_on_duty, "陈阿姨").unwrap().id;
        let no = db.sign_in(chen, "").unwrap_err().to_string();
        assert!(no.contains("要求每位红娘用密码值班"), "{no}");
        let kept = db.clear_pin(&lou_on_duty, zhu).unwrap_err().to_string();
        assert!(kept.contains("不能取消"), "{kept}");
        db.set_pin(&lou_on_duty, chen, "8642").unwrap();
        assert!(db.sign_in(chen, "8642").is_ok());
        // Turned off: a name alone will do again for one without a PIN.
        db.set_pin_required(&lou_on_duty, false).unwrap();
        db.clear_pin(&lou_on_duty, chen).unwrap();
        assert!(db.sign_in(chen, "").is_ok());
    }

    #[test]
    fn the_database_refuses_an_administrator_without_a_pin() {
        let db = Db::open_in_memory().unwrap();
        let lou = db.add_volunteer(&Actor::terminal(), "楼老师").unwrap().id;
        let made = db
            .connection()
            .execute("UPDATE volunteers SET is_admin = 1 WHERE id = ?1", [lou]);
        assert!(
            made.is_err(),
            "no administrator without a PIN, even by hand"
        );
    }

    #[test]
    fn pins_are_hashed_and_checked() {
        let db = Db::open_in_memory().unwrap();
        let lou = db.add_volunteer(&Actor::terminal(), "楼老师").unwrap().id;
        assert!(db.check_pin(lou, "").unwrap(), "no PIN, none needed");
        let herself = db.sign_in(lou, "").unwrap();
        assert_eq!(herself.volunteer(), Some(lou));
        assert!(matches!(
            db.set_pin(&herself, lou, "12a4"),
            Err(Error::Refused(_))
        ));
        assert!(matches!(
            db.set_pin(&herself, lou, "123"),
            Err(Error::Refused(_))
        ));
        db.set_pin(&herself, lou, "２０２６").unwrap();
        let stored: String = db
            .connection()
            .query_row(
                "SELECT pin_hash FROM volunteers WHERE id = ?1",
                [lou],
                |r| r.get(0),
            )
            .unwrap();
        assert!(stored.starts_with("$argon2") && !stored.contains("2026"));
        assert!(db.check_pin(lou, "2026").unwrap());
        assert!(!db.check_pin(lou, "2027").unwrap());
        assert!(matches!(db.sign_in(lou, "2027"), Err(Error::WrongPin)));
        assert!(matches!(db.sign_in(lou, ""), Err(Error::WrongPin)));
        assert_eq!(db.sign_in(lou, "2026").unwrap(), herself);
        assert!(db.volunteers().unwrap()[0].has_pin);
        db.clear_pin(&herself, lou).unwrap();
        assert!(db.check_pin(lou, "").unwrap());
        let log = db.audit_log(5).unwrap();
        assert_eq!(log.len(), 3, "added, PIN set, PIN taken away: {log:?}");
        assert!(
            log.iter()
                .all(|e| e.kind == super::super::audit::Kind::Volunteers)
        );
        assert!(log[0].summary.contains("楼老师") && log[0].summary.contains("取消了密码"));
    }

    #[test]
    fn administrators_guard_restore_delete_and_full_exports() {
        let db = Db::open_in_memory().unwrap();
        let lou = db.add_volunteer(&Actor::terminal(), "楼老师").unwrap().id;
        let zhu = db.add_volunteer(&Actor::terminal(), "朱大姐").unwrap().id;
        let as_lou = db.sign_in(lou, "").unwrap();
        let as_zhu = db.sign_in(zhu, "").unwrap();
        // No administrator yet: everyone may, the terminal too.
        db.may(&as_zhu, Permission::Restore).unwrap();
        db.may(&Actor::terminal(), Permission::Restore).unwrap();
        // An administrator needs a PIN, and keeps one.
        assert!(matches!(
            db.set_admin(&as_zhu, lou, true),
            Err(Error::Refused(_))
        ));
        db.set_pin(&as_lou, lou, "2468").unwrap();
        db.set_admin(&as_zhu, lou, true).unwrap();
        assert!(matches!(db.clear_pin(&as_lou, lou), Err(Error::Refused(_))));
        db.may(&as_lou, Permission::Delete).unwrap();
        let refused = db.may(&as_zhu, Permission::Delete).unwrap_err().to_string();
        assert!(refused.contains("只有管理员可以删除会员资料"), "{refused}");
        assert!(db.may(&Actor::terminal(), Permission::ExportAll).is_err());
        // Only an administrator makes administrators, or touches someone else's PIN.
        assert!(matches!(
            db.set_admin(&as_zhu, zhu, true),
            Err(Error::NotAllowed(_))
        ));
        assert!(matches!(
            db.set_pin(&as_zhu, lou, "1234"),
            Err(Error::NotAllowed(_))
        ));
        assert!(matches!(
            db.set_volunteer_active(&as_zhu, lou, false),
            Err(Error::NotAllowed(_))
        ));
        db.set_pin(&as_zhu, zhu, "1234").unwrap();
        // The last administrator stays one.
        assert!(matches!(
            db.set_admin(&as_lou, lou, false),
            Err(Error::Refused(_))
        ));
        db.set_admin(&as_lou, zhu, true).unwrap();
        db.set_admin(&as_lou, lou, false).unwrap();
        // A deactivated volunteer cannot sign in.
        let as_zhu = db.sign_in(zhu, "1234").unwrap();
        db.set_volunteer_active(&as_zhu, lou, false).unwrap();
        assert!(matches!(db.sign_in(lou, ""), Err(Error::Refused(_))));
        assert_eq!(db.lock_minutes().unwrap(), DEFAULT_LOCK_MINUTES);
        db.set_lock_minutes(0).unwrap();
        assert_eq!(db.lock_minutes().unwrap(), 0);
        assert!(db.set_lock_minutes(1000).is_err());
    }
}
