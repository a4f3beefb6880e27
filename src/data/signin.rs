//! 红娘登录: a volunteer may protect their name with a PIN (kept only as an Argon2 hash); some
//! volunteers are administrators, and once a station has one, restoring a backup, deleting a
//! member's data and exporting everything are theirs to do. The program locks itself after the
//! idle time set here.

use super::db::Db;
use super::error::{Error, Result};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rusqlite::{OptionalExtension, params};

const LOCK_KEY: &str = "lock_minutes";
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
}

impl Permission {
    fn what(self) -> &'static str {
        match self {
            Permission::Restore => "恢复备份",
            Permission::Delete => "删除会员资料",
            Permission::ExportAll => "导出全部数据",
            Permission::ManageVolunteers => "管理其他红娘(PIN、停用、管理员)",
            Permission::Encrypt => "设置数据库加密",
        }
    }
}

/// A PIN is 4 to 8 digits (full-width digits are accepted).
fn checked_pin(pin: &str) -> Result<String> {
    let pin: String = super::parse::to_halfwidth(pin).trim().to_string();
    if (4..=8).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) {
        Ok(pin)
    } else {
        Err(Error::Refused("PIN 须是 4 到 8 位数字".into()))
    }
}

impl Db {
    /// Sets (or changes) a volunteer's PIN.
    pub fn set_pin(&self, volunteer: i64, pin: &str) -> Result<()> {
        let pin = checked_pin(pin)?;
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
        Ok(())
    }

    pub fn clear_pin(&self, volunteer: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE volunteers SET pin_hash = NULL WHERE id = ?1",
            [volunteer],
        )?;
        Ok(())
    }

    /// Whether `pin` is the volunteer's PIN; a volunteer without a PIN needs none.
    pub fn check_pin(&self, volunteer: i64, pin: &str) -> Result<bool> {
        let hash: Option<String> = self
            .conn
            .query_row(
                "SELECT pin_hash FROM volunteers WHERE id = ?1",
                [volunteer],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::VolunteerNotFound)?;
        let Some(hash) = hash else { return Ok(true) };
        let typed = super::parse::to_halfwidth(pin);
        Ok(Argon2::default()
            .verify_password(typed.trim().as_bytes(), hash.as_str())
            .is_ok())
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

    /// Makes a volunteer an administrator or not; the last administrator cannot be taken away
    /// by someone else's mistake: at least one stays.
    pub fn set_admin(&self, volunteer: i64, admin: bool) -> Result<()> {
        if !admin && self.is_last_admin(volunteer)? {
            return Err(Error::Refused(
                "至少要有一位管理员;请先设另一位红娘为管理员".into(),
            ));
        }
        let changed = self.conn.execute(
            "UPDATE volunteers SET is_admin = ?1 WHERE id = ?2",
            params![admin, volunteer],
        )?;
        if changed == 0 {
            return Err(Error::VolunteerNotFound);
        }
        Ok(())
    }

    /// Whether the volunteer on duty may do `what`: anyone while the station has no
    /// administrator, otherwise administrators only.
    pub fn may(&self, volunteer: Option<i64>, what: Permission) -> Result<()> {
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
            Some(id) => self
                .conn
                .query_row("SELECT is_admin FROM volunteers WHERE id = ?1", [id], |r| {
                    r.get::<_, bool>(0)
                })
                .optional()?
                .unwrap_or(false),
        };
        if allowed {
            Ok(())
        } else {
            Err(Error::Refused(format!(
                "只有管理员可以{};请管理员登录后再做",
                what.what()
            )))
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

    pub fn set_lock_minutes(&self, minutes: u32) -> Result<()> {
        if minutes > 240 {
            return Err(Error::Refused(
                "自动锁定的时间应在 0(不锁定)到 240 分钟之间".into(),
            ));
        }
        self.set_setting(LOCK_KEY, &minutes.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_hashed_and_checked() {
        let db = Db::open_in_memory().unwrap();
        let lou = db.add_volunteer("楼老师").unwrap().id;
        assert!(db.check_pin(lou, "").unwrap(), "no PIN, none needed");
        assert!(matches!(db.set_pin(lou, "12a4"), Err(Error::Refused(_))));
        assert!(matches!(db.set_pin(lou, "123"), Err(Error::Refused(_))));
        db.set_pin(lou, "２０２６").unwrap();
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
        assert!(db.volunteers().unwrap()[0].has_pin);
        db.clear_pin(lou).unwrap();
        assert!(db.check_pin(lou, "").unwrap());
    }

    #[test]
    fn administrators_guard_restore_delete_and_full_exports() {
        let db = Db::open_in_memory().unwrap();
        let lou = db.add_volunteer("楼老师").unwrap().id;
        let zhu = db.add_volunteer("朱大姐").unwrap().id;
        // No administrator yet: everyone may.
        db.may(Some(zhu), Permission::Restore).unwrap();
        db.set_admin(lou, true).unwrap();
        db.may(Some(lou), Permission::Delete).unwrap();
        let refused = db
            .may(Some(zhu), Permission::Delete)
            .unwrap_err()
            .to_string();
        assert!(refused.contains("只有管理员可以删除会员资料"), "{refused}");
        assert!(db.may(None, Permission::ExportAll).is_err());
        // The last administrator stays one.
        assert!(matches!(db.set_admin(lou, false), Err(Error::Refused(_))));
        db.set_admin(zhu, true).unwrap();
        db.set_admin(lou, false).unwrap();
        assert_eq!(db.lock_minutes().unwrap(), DEFAULT_LOCK_MINUTES);
        db.set_lock_minutes(0).unwrap();
        assert_eq!(db.lock_minutes().unwrap(), 0);
        assert!(db.set_lock_minutes(1000).is_err());
    }
}
