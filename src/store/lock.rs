//! One process owns a store at a time.
//!
//! The lock is an advisory lock on `<store>/lock`, a file that is never
//! replaced and holds nothing. Who holds the store is recorded beside it in
//! `<store>/holder` (pid, program name, since when; never the command's
//! arguments, which can carry an invitation link), written to a temporary file
//! and renamed into place so a waiting process never reads half a record.
//! A process that finds the store held waits a bounded time for it.

use std::fs::{File, TryLockError};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StoreError;
use super::files::{DATA_DIR, OWNER_ONLY_FILE};

/// The file whose advisory lock is the store's lock.
pub const LOCK_FILE: &str = "lock";
/// The record of who holds the store.
pub const HOLDER_FILE: &str = "holder";
const HOLDER_TEMP_FILE: &str = "holder.tmp";
/// sled's data file, which sled locks for as long as any of its threads runs.
const SLED_DATA_FILE: &str = "db";

/// Who holds a store, as recorded in its holder file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    /// The program's file name, such as `teamdesk`; never its arguments.
    pub program: String,
    pub since: DateTime<Utc>,
}

impl Holder {
    /// This process, now.
    fn current() -> Self {
        let program = std::env::args_os()
            .next()
            .as_deref()
            .map(Path::new)
            .and_then(Path::file_name)
            .map_or_else(
                || "teamdesk".to_owned(),
                |name| name.to_string_lossy().into_owned(),
            );
        Self {
            pid: std::process::id(),
            program,
            since: Utc::now(),
        }
    }

    /// The holder recorded for the store in `dir`, if a readable record is there.
    pub fn recorded(dir: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(dir.join(HOLDER_FILE)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// How a refusal names the holder: which process, and how to recognise it.
    pub fn describe(&self) -> String {
        format!(
            "process {} (`{}`, since {})",
            self.pid,
            self.program,
            self.since.format("%Y-%m-%d %H:%M UTC")
        )
    }

    /// Replaces the record in `dir` in one step: a reader sees the old record or this one.
    fn record(&self, dir: &Path) -> io::Result<()> {
        let temp = dir.join(HOLDER_TEMP_FILE);
        let mut file = File::options()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(OWNER_ONLY_FILE)
            .open(&temp)?;
        serde_json::to_writer(&mut file, self)?;
        file.flush()?;
        std::fs::rename(&temp, dir.join(HOLDER_FILE))
    }
}

/// An exclusive hold on a store, released when dropped (or when the process dies).
#[derive(Debug)]
pub struct StoreLock {
    _file: File,
}

impl StoreLock {
    /// Takes the store in `dir`, waiting up to `wait` for another process to
    /// let go of it, and then for sled's own lock on its data file (a closed
    /// database's background threads keep that one for a moment).
    pub fn acquire(dir: &Path, wait: Duration) -> Result<Self, StoreError> {
        let started = Instant::now();
        let io_error = |error: io::Error| StoreError::from_io(dir, &error);
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(OWNER_ONLY_FILE)
            .open(dir.join(LOCK_FILE))
            .map_err(io_error)?;
        let in_use = |holder| StoreError::Locked {
            path: dir.to_path_buf(),
            holder,
            waited: wait,
        };
        if !wait_for_lock(&file, started, wait).map_err(io_error)? {
            return Err(in_use(Holder::recorded(dir)));
        }
        // Earlier versions wrote the holder, arguments included, into the lock file.
        if file.metadata().map_err(io_error)?.len() > 0 {
            file.set_len(0).map_err(io_error)?;
        }
        record_holder(dir);
        let sled_file = dir.join(DATA_DIR).join(SLED_DATA_FILE);
        if sled_file.exists() {
            let probe = File::open(&sled_file).map_err(io_error)?;
            if !wait_for_lock(&probe, started, wait).map_err(io_error)? {
                return Err(in_use(None));
            }
        }
        Ok(Self { _file: file })
    }
}

/// Records this process as the holder. A holder that cannot be recorded (a
/// full disk) still holds the store; the stale record of an earlier holder is
/// removed so that no one is sent to a process that is gone.
fn record_holder(dir: &Path) {
    if let Err(error) = Holder::current().record(dir) {
        tracing::warn!(
            "cannot record this process as the holder of {}: {error}",
            dir.display()
        );
        for leftover in [HOLDER_TEMP_FILE, HOLDER_FILE] {
            let _ = std::fs::remove_file(dir.join(leftover));
        }
    }
}

/// Tries the lock on `file` until it is taken (`true`) or `wait` has passed
/// since `started` (`false`). The lock itself is released when `file` closes.
fn wait_for_lock(file: &File, started: Instant, wait: Duration) -> io::Result<bool> {
    let mut pause = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(true),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(error)) => return Err(error),
        }
        let waited = started.elapsed();
        if waited >= wait {
            return Ok(false);
        }
        std::thread::sleep(pause.min(wait - waited));
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

/// Whether `dir` holds something a teamdesk wrote while taking a store: a
/// lock file that is empty (or holds an earlier version's holder record), or
/// a holder record.
pub fn written_by_teamdesk(dir: &Path) -> bool {
    let lock_file_is_ours = std::fs::read_to_string(dir.join(LOCK_FILE)).is_ok_and(|text| {
        text.trim().is_empty() || serde_json::from_str::<EarlierHolder>(&text).is_ok()
    });
    lock_file_is_ours || Holder::recorded(dir).is_some()
}

/// The holder record earlier versions kept in the lock file.
#[derive(Deserialize)]
struct EarlierHolder {
    #[serde(rename = "pid")]
    _pid: u32,
    #[serde(rename = "command")]
    _command: String,
}
