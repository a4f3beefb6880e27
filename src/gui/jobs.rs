//! Work that would hold the window longer than a frame, run off the UI thread: on a connection
//! of its own to the database file (SQLite's WAL lets it read while the window's connection is
//! in use), or on a thread of its own when it reports progress. Each job answers with a
//! message; where several may be under way, the screen numbers them and keeps the last.

use crate::data::{self, Actor, Db, demo};
use crate::gui::Indexes;
use iced::Task;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A number for a job whose answer only counts if it is the newest: one counter for the whole
/// window, so an answer meant for an earlier screen never matches a later one's.
pub fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Runs `work` on a connection of its own to the database file; errors come back as their
/// message.
pub async fn on_own_connection<T: Send + 'static, E: std::fmt::Display>(
    path: PathBuf,
    work: impl FnOnce(&mut Db) -> Result<T, E> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(move || {
        let mut db = Db::open(&path).map_err(|e| e.to_string())?;
        work(&mut db).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// [`on_own_connection`] as a task answering with `message`.
pub fn read<T: Send + 'static, M: Send + 'static>(
    path: PathBuf,
    work: impl FnOnce(&Db) -> data::Result<T> + Send + 'static,
    message: impl Fn(Result<T, String>) -> M + Send + 'static,
) -> Task<M> {
    Task::perform(on_own_connection(path, move |db| work(db)), message)
}

/// Runs `work` on a blocking thread (an index search, no database needed).
pub fn compute<T: Send + 'static, M: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
    message: impl Fn(Option<T>) -> M + Send + 'static,
) -> Task<M> {
    Task::perform(
        async move { tokio::task::spawn_blocking(work).await.ok() },
        message,
    )
}

/// The search and pairing indexes, built from the file.
pub fn indexes<M: Send + 'static>(
    path: PathBuf,
    message: impl Fn(Result<Indexes, String>) -> M + Send + 'static,
) -> Task<M> {
    read(path, Indexes::build, message)
}

/// News from a restore running in the background.
#[derive(Debug, Clone)]
pub enum RestoreEvent {
    Progress(f32),
    /// Where the data from before the restore was saved, or why it failed.
    Done(Result<String, String>),
}

/// Restores `file` into the database at `db_path` on a thread of its own, reporting progress;
/// setting `cancel` stops it with nothing changed.
pub fn restore(
    db_path: PathBuf,
    file: PathBuf,
    cancel: Arc<AtomicBool>,
    actor: Actor,
) -> Task<RestoreEvent> {
    let (sender, receiver) = iced::futures::channel::mpsc::unbounded();
    std::thread::spawn(move || {
        let now = chrono::Local::now().naive_local();
        let result = Db::open(&db_path).and_then(|mut db| {
            db.restore_with_progress(&actor, &file, now, &mut |progress| {
                let _ = sender.unbounded_send(RestoreEvent::Progress(progress));
                !cancel.load(Ordering::Relaxed)
            })
        });
        let _ = sender.unbounded_send(RestoreEvent::Done(
            result
                .map(|saved| {
                    format!(
                        "已从“{}”恢复。恢复前的数据另存在 {}",
                        file.display(),
                        saved.path.display()
                    )
                })
                .map_err(|e| e.to_string()),
        ));
    });
    Task::run(receiver, |event| event)
}

/// Imports the previewed rows on a thread of its own, reporting progress; setting `cancel`
/// stops it with nothing written.
pub fn import(
    db_path: PathBuf,
    preview: Arc<data::import::Preview>,
    duplicates: data::import::Duplicates,
    actor: Actor,
    cancel: Arc<AtomicBool>,
) -> Task<super::screen::import::Message> {
    use super::screen::import::Message;
    let (sender, receiver) = iced::futures::channel::mpsc::unbounded();
    std::thread::spawn(move || {
        let result = Db::open(&db_path).and_then(|mut db| {
            db.import(
                &preview,
                duplicates,
                &actor,
                data::today(),
                &mut |done, total| {
                    let _ = sender.unbounded_send(Message::Progress(done, total));
                    !cancel.load(Ordering::Relaxed)
                },
            )
        });
        let _ = sender.unbounded_send(Message::Finished(result.map_err(|e| e.to_string())));
    });
    Task::run(receiver, |message| message)
}

/// Opens the demo database, filling it with 2000 synthetic members the first time.
pub fn demo<M: Send + 'static>(
    path: PathBuf,
    message: impl Fn(Result<PathBuf, String>) -> M + Send + 'static,
) -> Task<M> {
    let work = async move {
        tokio::task::spawn_blocking(move || {
            let mut db = Db::open(&path).map_err(|e| e.to_string())?;
            if db.count_members().map_err(|e| e.to_string())? == 0 {
                demo::generate(&mut db, 2000, 1, data::today(), &mut |_| {})
                    .map_err(|e| e.to_string())?;
            }
            Ok(path)
        })
        .await
        .map_err(|e| e.to_string())?
    };
    Task::perform(work, message)
}

/// A value handed to a task and back through a message (messages are cloned; the value is
/// taken once).
pub struct Handed<T>(Arc<std::sync::Mutex<Option<T>>>);

impl<T> Clone for Handed<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> std::fmt::Debug for Handed<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Handed")
    }
}

impl<T> Handed<T> {
    pub fn new(value: T) -> Self {
        Self(Arc::new(std::sync::Mutex::new(Some(value))))
    }

    pub fn take(&self) -> Option<T> {
        self.0.lock().ok().and_then(|mut value| value.take())
    }
}

/// What came of encrypting, changing or removing the password: the database (reopened by the
/// core on the new file, or as it was), and the outcome for the volunteer.
pub type Encrypted = (Handed<Db>, Result<String, String>);

/// Encrypts the database with `key` (or removes the encryption) on a thread of its own: the
/// whole file is rewritten, which takes seconds for a large station. The window's connection
/// goes with it (the file is swapped under it) and comes back in the answer.
pub fn encrypt(mut db: Db, actor: Actor, key: Option<String>) -> Task<Encrypted> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || {
                let now = chrono::Local::now().naive_local();
                let outcome = db
                    .set_encryption(&actor, key.as_deref(), now)
                    .map(|backup| {
                        let backup = match backup {
                            Ok(_) => "并已做了一份新的备份".to_string(),
                            Err(error) => format!("但备份失败:{error}"),
                        };
                        match key {
                            Some(_) => format!(
                                "数据库已用新密码加密,{backup}。下次打开程序要输入这个密码。"
                            ),
                            None => format!("已取消数据库加密,{backup}。"),
                        }
                    })
                    .map_err(|e| e.to_string());
                (Handed::new(db), outcome)
            })
            .await
        },
        |done| match done {
            Ok(done) => done,
            // The thread itself failed (it does not panic on any input): nothing to give back.
            Err(error) => (Handed(Arc::default()), Err(error.to_string())),
        },
    )
}

/// Work with the district on a connection of its own to the database file (the network may
/// take seconds): its answer, or why not, in words.
pub fn district<T: Send + 'static>(
    path: PathBuf,
    work: impl FnOnce(&mut Db) -> hongniang_district::Result<T> + Send + 'static,
) -> Task<Result<T, String>> {
    Task::perform(on_own_connection(path, work), |outcome| outcome)
}

/// One sync with the district: what it did in words, or why not.
pub fn district_sync(path: PathBuf, actor: Actor) -> Task<Result<String, String>> {
    district(path, move |db| {
        hongniang_district::station::sync_station(db, &actor).map(|report| report.describe())
    })
}
