//! `hongniang encrypt`, `decrypt`, `backup` and `restore`: the database as a whole — its
//! password, a checked copy of it, and putting a copy back.

use super::{CliError, ON_THE_COMMAND_LINE, confirmed, secret};
use crate::data::{self, Actor, Db};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct EncryptArgs {
    /// Refused (seen by every user of the PC): the password is asked instead.
    #[arg(long, hide = true)]
    new_key: Option<String>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    file: PathBuf,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

/// `encrypt`: a new password for the database, or a changed one.
pub(super) fn encrypt(
    db: &mut Db,
    actor: &Actor,
    args: EncryptArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if args.new_key.is_some() {
        return Err(CliError(ON_THE_COMMAND_LINE.into()));
    }
    let new_key = new_password()?;
    let changing = db.is_encrypted();
    let backup = db.set_encryption(actor, Some(&new_key), now())?;
    writeln!(
        out,
        "{}。请把密码抄在纸上锁好:忘记密码,数据就再也打不开了。",
        if changing {
            "数据库密码已更换"
        } else {
            "数据库已加密"
        }
    )?;
    backup_outcome(backup, out)?;
    writeln!(out, "以前的备份文件仍是原来的样子(加密前的备份没有加密)。")?;
    Ok(())
}

/// `decrypt`: the encryption taken off.
pub(super) fn decrypt(db: &mut Db, actor: &Actor, out: &mut dyn Write) -> Result<(), CliError> {
    if !db.is_encrypted() {
        writeln!(out, "数据库本来就没有加密。")?;
    } else {
        let backup = db.set_encryption(actor, None, now())?;
        writeln!(out, "已取消数据库加密。")?;
        backup_outcome(backup, out)?;
    }
    Ok(())
}

/// `backup`: a checked copy of the whole database.
pub(super) fn backup(
    db: &Db,
    actor: &Actor,
    args: BackupArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let made = db.export_database(actor, &args.output)?;
    writeln!(
        out,
        "已备份到 {}({} 位会员,{:.1} MB,已通过完整性检查)",
        made.path.display(),
        made.members.unwrap_or(0),
        made.size as f64 / 1e6
    )?;
    Ok(())
}

/// `restore`: the backup checked, the question asked unless --yes, then the data replaced.
pub(super) fn restore(
    db: &mut Db,
    actor: &Actor,
    args: RestoreArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let RestoreArgs { file, yes } = args;
    let file = file.as_path();
    db.may(actor, data::Permission::Restore)?;
    let members = crate::data::backup::check_file(file)?;
    let question = format!(
        "恢复会用“{}”({members} 位会员)替换现在的全部数据;现在的数据会先另存为一份备份。\n确定恢复吗?输入 y 回车确认,其他任意键取消:",
        file.display()
    );
    if !yes && !confirmed("恢复", &question, out)? {
        writeln!(out, "已取消,数据没有改动。")?;
        return Ok(());
    }
    let saved = db.restore_from(actor, file, now())?;
    writeln!(
        out,
        "已从“{}”恢复({members} 位会员)。恢复前的数据另存在 {}",
        file.display(),
        saved.path.display()
    )?;
    Ok(())
}

/// A new database password: HONGNIANG_NEW_KEY, or typed twice at the terminal.
fn new_password() -> Result<String, CliError> {
    let missing = "请在终端上输入新的数据库密码,或用环境变量 HONGNIANG_NEW_KEY 给出";
    let key = secret("HONGNIANG_NEW_KEY", "新的数据库密码(至少 6 个字):", missing)?;
    let again = if std::env::var("HONGNIANG_NEW_KEY").is_ok() {
        key.clone()
    } else {
        secret("HONGNIANG_NEW_KEY", "再输一次:", missing)?
    };
    data::cipher::check_new_key(&key, &again)?;
    Ok(key)
}

fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// What became of the backup made right after the encryption changed.
fn backup_outcome(
    backup: data::Result<data::backup::BackupFile>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match backup {
        Ok(made) => writeln!(out, "已做了一份新的备份:{}", made.path.display())?,
        Err(error) => writeln!(out, "但新的备份没有做成:{error}")?,
    }
    Ok(())
}
