//! Stable storage under sled's flush.
//!
//! sled 0.34's `flush` writes its log buffers and waits on
//! `sync_file_range`: enough to survive a killed process, not a power cut,
//! because it neither flushes the device's cache nor syncs the file's size
//! and the directory entries of new files. [`Durability::sync`] runs after
//! every flush, before a change is acknowledged, and makes it stable:
//!
//! - `data/db` (sled's log and pages): `fdatasync` on every call, through a
//!   handle kept open for the store's lifetime;
//! - every file in `data/` and `data/blobs/` not seen by an earlier call:
//!   `fsync`, then `fsync` of its folder. This covers `conf` (written once
//!   when the store is made), a snapshot sled has just renamed into place,
//!   and blobs (values too big for a log buffer, which sled writes without
//!   syncing);
//! - once per process, the store directory (its `data/` entry and the
//!   lock), and, when this process made the store, the folder holding it.
//!
//! Files present when the store opens count as unseen, so the first sync of
//! a process covers whatever an earlier process left unsynced.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

const BLOBS_DIR: &str = "blobs";

/// Syncs a store's files to stable storage (see the module docs for what and why).
#[derive(Debug)]
pub struct Durability {
    store_dir: PathBuf,
    /// sled's folder inside the store (`data`, or the archive's).
    sled_dir: &'static str,
    data_file: File,
    synced: Mutex<Synced>,
}

/// What earlier syncs of this process covered.
#[derive(Debug)]
struct Synced {
    /// Files of `data/` and of `data/blobs/` as of the last sync.
    data: BTreeSet<OsString>,
    blobs: BTreeSet<OsString>,
    /// The store directory (and, for a new store, its parent) still needs a sync.
    store_dir_pending: bool,
    created: bool,
}

impl Durability {
    /// Keeps `<sled_dir>/db` open for syncing; `created` says this process
    /// made the store.
    pub fn new(store_dir: &Path, sled_dir: &'static str, created: bool) -> io::Result<Self> {
        let data_file = File::open(store_dir.join(sled_dir).join("db"))?;
        Ok(Self {
            store_dir: store_dir.to_path_buf(),
            sled_dir,
            data_file,
            synced: Mutex::new(Synced {
                data: BTreeSet::new(),
                blobs: BTreeSet::new(),
                store_dir_pending: true,
                created,
            }),
        })
    }

    fn synced(&self) -> MutexGuard<'_, Synced> {
        self.synced
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Puts everything sled has flushed on stable storage.
    pub fn sync(&self) -> io::Result<()> {
        self.data_file.sync_data()?;
        let mut synced = self.synced();
        let data = self.store_dir.join(self.sled_dir);
        // Blobs first: the log that points at a blob is only readable with it.
        sync_new_files(&data.join(BLOBS_DIR), &mut synced.blobs)?;
        sync_new_files(&data, &mut synced.data)?;
        if synced.store_dir_pending {
            sync_path(&self.store_dir)?;
            if synced.created
                && let Some(parent) = self.store_dir.parent()
            {
                // `--db store` names a folder of the working directory.
                let parent = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
                sync_path(parent)?;
            }
            synced.store_dir_pending = false;
        }
        Ok(())
    }
}

/// Syncs each file of `folder` that is not in `seen`, then the folder
/// itself if any was new; `seen` becomes the folder's files now.
fn sync_new_files(folder: &Path, seen: &mut BTreeSet<OsString>) -> io::Result<()> {
    let mut present = BTreeSet::new();
    let mut any_new = false;
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        let name = entry.file_name();
        if !seen.contains(&name) {
            match sync_path(&entry.path()) {
                // sled removes old snapshots and blobs while it runs.
                Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
                other => other?,
            }
            any_new = true;
        }
        present.insert(name);
    }
    if any_new {
        sync_path(folder)?;
    }
    *seen = present;
    Ok(())
}

/// `fsync` of a file or directory by path.
fn sync_path(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()
}
