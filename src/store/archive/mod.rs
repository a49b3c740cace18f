//! The archive: history moved out of the working store.
//!
//! sled 0.34 builds its page table for the whole file when it opens, so the
//! time and memory a store costs before its first read grow with everything
//! it ever held. Audit entries, closed invitations and settled emails past
//! the retention window (see [`crate::domain::history`]) therefore move to a
//! second sled database in the store's folder (`archive/`, owner-only like
//! the rest), opened only when history is asked for: older audit entries,
//! closed invitations, support timelines, `export` and `doctor`.
//!
//! The archive holds each moved record under the same key as before, with
//! the indexes history reads need (address, token, display rows). Readers
//! look in the working store first and in the archive after, and treat a
//! record found in both as one (the working store's copy wins): a move
//! copies first and deletes after, so a crash between the two leaves a
//! record twice, never nowhere; see `moves` for how it is finished.

mod moves;
mod reads;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use sled::Tree;
use sled::transaction::{TransactionError, Transactional, TransactionalTree};

use super::durable::Durability;
use super::{Record, Store, StoreError, TreeName, codec, files};
pub use moves::Swept;

/// sled's folder of the archive, inside the store's.
pub const ARCHIVE_DIR: &str = "archive";

/// The trees an archive keeps: the records that become history and the
/// indexes history reads follow.
pub const TREES: [TreeName; 7] = [
    TreeName::Meta,
    TreeName::Invitations,
    TreeName::InvitationByEmail,
    TreeName::InvitationByToken,
    TreeName::InvitationRows,
    TreeName::Audit,
    TreeName::Outbox,
];

/// Whether the store in `store_dir` has an archive (anything was ever moved).
pub fn exists(store_dir: &Path) -> bool {
    let dir = store_dir.join(ARCHIVE_DIR);
    dir.join("db").is_file() || dir.join("conf").is_file()
}

/// An open archive.
pub struct Archive {
    db: sled::Db,
    /// By [`TreeName`] index; `None` for trees an archive does not keep.
    trees: Vec<Option<Tree>>,
    store_dir: PathBuf,
    durability: Durability,
}

/// The archive of a store, opened the first time it is needed.
#[derive(Default)]
pub struct Lazy {
    archive: OnceLock<Archive>,
    opening: Mutex<()>,
}

impl Archive {
    /// Opens (or, when `create`, makes) the archive of the store in
    /// `store_dir`, whose lock the caller holds.
    fn open(store_dir: &Path, cache_bytes: u64) -> Result<Self, StoreError> {
        let io_error = |error: std::io::Error| StoreError::from_io(store_dir, &error);
        let created = !exists(store_dir);
        for moved in
            files::set_aside_unfinished_snapshots(store_dir, ARCHIVE_DIR).map_err(io_error)?
        {
            tracing::warn!(
                "set aside {}: an unfinished sled snapshot of the archive",
                moved.display()
            );
        }
        let path = store_dir.join(ARCHIVE_DIR);
        files::create_owner_only_dir(&path).map_err(io_error)?;
        let fault = |error| StoreError::from_sled(store_dir, error);
        let db = sled::Config::new()
            .path(&path)
            .cache_capacity(cache_bytes)
            .open()
            .map_err(fault)?;
        let mut trees: Vec<Option<Tree>> = vec![None; TreeName::ALL.len()];
        for name in TREES {
            trees[name as usize] = Some(db.open_tree(name.as_str()).map_err(fault)?);
        }
        files::restrict_to_owner(&path).map_err(io_error)?;
        let durability = Durability::new(store_dir, ARCHIVE_DIR, created).map_err(io_error)?;
        Ok(Self {
            db,
            trees,
            store_dir: store_dir.to_path_buf(),
            durability,
        })
    }

    fn fault(&self, error: sled::Error) -> StoreError {
        StoreError::from_sled(&self.store_dir, error)
    }

    pub(crate) fn tree(&self, name: TreeName) -> &Tree {
        self.trees[name as usize]
            .as_ref()
            .expect("only the archive's own trees are asked for")
    }

    /// Waits until everything written is on stable storage (as [`Store::flush`]).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map_err(|e| self.fault(e))?;
        self.durability
            .sync()
            .map_err(|e| StoreError::from_io(&self.store_dir, &e))
    }

    /// Runs `change` atomically over the archive's trees (given by
    /// [`TreeName`] index, `None` where the archive keeps none), then flushes.
    fn write(
        &self,
        change: impl Fn(
            &[Option<&TransactionalTree>],
        ) -> Result<(), sled::transaction::UnabortableTransactionError>,
    ) -> Result<(), StoreError> {
        let kept: Vec<&Tree> = TREES.iter().map(|&name| self.tree(name)).collect();
        let outcome = kept
            .as_slice()
            .transaction(|trees: &Vec<TransactionalTree>| {
                let mut by_name: Vec<Option<&TransactionalTree>> = vec![None; TreeName::ALL.len()];
                for (name, tree) in TREES.iter().zip(trees) {
                    by_name[*name as usize] = Some(tree);
                }
                change(&by_name)?;
                Ok::<_, sled::transaction::ConflictableTransactionError<()>>(())
            });
        match outcome {
            Ok(()) => self.flush(),
            Err(TransactionError::Abort(())) => Ok(()),
            Err(TransactionError::Storage(error)) => Err(self.fault(error)),
        }
    }

    /// One record by its key.
    pub fn get<T: Record>(&self, key: &[u8]) -> Result<Option<T>, StoreError> {
        match self.tree(T::TREE).get(key).map_err(|e| self.fault(e))? {
            Some(bytes) => Ok(Some(codec::decode(&bytes)?)),
            None => Ok(None),
        }
    }

    /// Every record of one kind, in key order.
    pub fn all<T: Record>(&self) -> impl Iterator<Item = Result<T, StoreError>> + '_ {
        self.tree(T::TREE)
            .iter()
            .map(|entry| codec::decode(&entry.map_err(|e| self.fault(e))?.1))
    }

    /// Every raw entry of one of its trees.
    pub fn entries(
        &self,
        tree: TreeName,
    ) -> impl Iterator<Item = Result<(sled::IVec, sled::IVec), StoreError>> + '_ {
        self.tree(tree)
            .iter()
            .map(|entry| entry.map_err(|e| self.fault(e)))
    }

    /// How many entries one of its trees holds.
    pub fn len(&self, tree: TreeName) -> usize {
        self.tree(tree).len()
    }
}

impl Store {
    /// The archive, opened the first time history is asked for; `None`
    /// when nothing was ever moved (no archive is made just to be read).
    pub fn history(&self) -> Result<Option<&Archive>, StoreError> {
        self.archive(false)
    }

    /// The archive, made when there is none yet (to move history into it).
    fn archive_to_write(&self) -> Result<&Archive, StoreError> {
        self.archive(true)?
            .ok_or_else(|| StoreError::Corrupt("the archive could not be made".into()))
    }

    fn archive(&self, create: bool) -> Result<Option<&Archive>, StoreError> {
        if let Some(archive) = self.archive.archive.get() {
            return Ok(Some(archive));
        }
        let _opening = self
            .archive
            .opening
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(archive) = self.archive.archive.get() {
            return Ok(Some(archive));
        }
        if !create && !exists(&self.dir) {
            return Ok(None);
        }
        let archive = Archive::open(&self.dir, self.cache_bytes)?;
        Ok(Some(self.archive.archive.get_or_init(|| archive)))
    }

    /// Whether the archive is open in this process (for tests of what opens it).
    pub fn history_is_open(&self) -> bool {
        self.archive.archive.get().is_some()
    }
}
