//! One process owns a store at a time. The lock file records who holds it so a
//! second process can say which process that is.

use std::fs::{File, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StoreError;

/// Who holds a store, as written into its lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub command: String,
    pub since: DateTime<Utc>,
}

impl Holder {
    pub fn describe(&self) -> String {
        format!(
            "process {} (`{}`, since {})",
            self.pid,
            self.command,
            self.since.format("%Y-%m-%d %H:%M UTC")
        )
    }
}

/// An exclusive lock on a store, released when dropped (or when the process dies).
#[derive(Debug)]
pub struct StoreLock {
    _file: File,
}

impl StoreLock {
    pub fn acquire(path: &Path, store_dir: &Path) -> Result<Self, StoreError> {
        let mut file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| StoreError::Unavailable(format!("cannot open {}: {e}", path.display())))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut written = String::new();
                let holder = file
                    .read_to_string(&mut written)
                    .ok()
                    .and_then(|_| serde_json::from_str::<Holder>(&written).ok());
                return Err(StoreError::Locked {
                    path: store_dir.to_path_buf(),
                    holder,
                });
            }
            Err(TryLockError::Error(e)) => {
                return Err(StoreError::Unavailable(format!(
                    "cannot lock {}: {e}",
                    path.display()
                )));
            }
        }
        let holder = Holder {
            pid: std::process::id(),
            command: std::env::args()
                .map(|arg| {
                    if arg.contains(' ') {
                        format!("{arg:?}")
                    } else {
                        arg
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
            since: Utc::now(),
        };
        let text = serde_json::to_string(&holder).expect("the holder always serialises");
        let mut write = || -> std::io::Result<()> {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(text.as_bytes())?;
            file.sync_data()
        };
        write().map_err(|e| StoreError::Unavailable(format!("cannot write the lock file: {e}")))?;
        Ok(Self { _file: file })
    }
}
