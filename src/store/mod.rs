//! The sled store: record trees, secondary indexes kept in the same
//! transaction as their records, and durable commits.
//!
//! This is the only module that names sled (and, through [`codec`], bincode).

pub mod archive;
pub mod codec;
mod counts;
pub mod derived;
pub mod doctor;
pub mod dump;
mod durable;
mod error;
pub mod export;
pub mod files;
pub mod import;
pub mod keys;
mod legacy;
pub mod lock;
pub mod merge;
pub mod meta;
mod migrate;
pub mod read_export;
mod reads;
mod rebuild;
mod records;
pub mod rows;
mod tx;
pub mod windows;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sled::transaction::{TransactionError, Transactional, TransactionalTree};
use sled::{IVec, Tree};

use durable::Durability;
pub use error::StoreError;
use files::DATA_DIR;
pub use lock::Holder;
use lock::StoreLock;
pub use migrate::SCHEMA_VERSION;
pub use records::{Changed, Reads, Record, RecordRef};
pub use tx::{Tx, TxError};

/// Whether opening a store may create it. Only commands that create records
/// create a store, so a mistyped path is reported instead of silently
/// becoming a new, empty store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Make the store when the directory is missing or empty.
    CreateIfMissing,
    /// Refuse with "there is no store at PATH" unless a store is there.
    MustExist,
}

/// How to open a store: whether it may be created, and how long to wait for
/// another process that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub mode: OpenMode,
    pub wait: Duration,
    /// The most memory sled's page cache may take (each of the store and
    /// its archive has one).
    pub cache_bytes: u64,
}

impl Opening {
    /// How long a process waits for a store held by another, unless told otherwise.
    pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);
    /// sled's page cache unless told otherwise. sled's own default is 1 GiB;
    /// 32 MiB costs a large store no start-up time and saves most of the
    /// memory a console would otherwise keep (see BENCHMARKS.md).
    pub const DEFAULT_CACHE_BYTES: u64 = 32 * 1024 * 1024;
}

impl From<OpenMode> for Opening {
    fn from(mode: OpenMode) -> Self {
        Self {
            mode,
            wait: Self::DEFAULT_WAIT,
            cache_bytes: Self::DEFAULT_CACHE_BYTES,
        }
    }
}

/// The trees of the store. Record trees hold envelopes; index trees map a
/// lookup key to a record key (or to a compact row, see [`rows`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TreeName {
    Meta,
    Accounts,
    AccountByEmail,
    /// An SSH key's SHA-256 fingerprint → the account it signs in as.
    AccountByKey,
    Teams,
    TeamByName,
    Members,
    MemberTeam,
    /// A team's members in display order, each with its compact row.
    MemberRows,
    Invitations,
    InvitationByEmail,
    /// A team's invitations by state, newest first, each with its compact row.
    InvitationRows,
    /// A team's open invitations by when their link expires.
    OpenInvitationExpiry,
    InvitationByToken,
    Templates,
    TemplateByName,
    Audit,
    Outbox,
    BillingAccounts,
    Adjustments,
    Invoices,
    /// Queued outbox messages by when they are due.
    OutboxDue,
    /// Pending invitations not yet reminded, by when their link expires.
    ReminderDue,
    /// Numbers kept per team (members, seats, invitations by state).
    TeamCounts,
}

impl TreeName {
    pub const ALL: [TreeName; 24] = [
        TreeName::Meta,
        TreeName::Accounts,
        TreeName::AccountByEmail,
        TreeName::AccountByKey,
        TreeName::Teams,
        TreeName::TeamByName,
        TreeName::Members,
        TreeName::MemberTeam,
        TreeName::MemberRows,
        TreeName::Invitations,
        TreeName::InvitationByEmail,
        TreeName::InvitationRows,
        TreeName::OpenInvitationExpiry,
        TreeName::InvitationByToken,
        TreeName::Templates,
        TreeName::TemplateByName,
        TreeName::Audit,
        TreeName::Outbox,
        TreeName::BillingAccounts,
        TreeName::Adjustments,
        TreeName::Invoices,
        TreeName::OutboxDue,
        TreeName::ReminderDue,
        TreeName::TeamCounts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TreeName::Meta => "meta",
            TreeName::Accounts => "accounts",
            TreeName::AccountByEmail => "account_by_email",
            TreeName::AccountByKey => "account_by_key",
            TreeName::Teams => "teams",
            TreeName::TeamByName => "team_by_name",
            TreeName::Members => "members",
            TreeName::MemberTeam => "member_team",
            TreeName::MemberRows => "member_rows",
            TreeName::Invitations => "invitations",
            TreeName::InvitationByEmail => "invitation_by_email",
            TreeName::InvitationRows => "invitation_rows",
            TreeName::OpenInvitationExpiry => "open_invitation_expiry",
            TreeName::InvitationByToken => "invitation_by_token",
            TreeName::Templates => "templates",
            TreeName::TemplateByName => "template_by_name",
            TreeName::Audit => "audit",
            TreeName::Outbox => "outbox",
            TreeName::BillingAccounts => "billing_accounts",
            TreeName::Adjustments => "adjustments",
            TreeName::Invoices => "invoices",
            TreeName::OutboxDue => "outbox_due",
            TreeName::ReminderDue => "reminder_due",
            TreeName::TeamCounts => "team_counts",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// An open store. One process holds it at a time (see [`lock`]).
pub struct Store {
    db: sled::Db,
    trees: Vec<Tree>,
    dir: PathBuf,
    durability: Durability,
    cache_bytes: u64,
    /// History moved out of these trees: opened the first time it is asked for.
    archive: archive::Lazy,
    /// Held while the store is open; dropping it lets another process in.
    _lock: StoreLock,
}

/// Whether `dir` holds a store: sled's own files in `data`.
fn has_data(dir: &Path) -> bool {
    let data = dir.join(DATA_DIR);
    data.join("db").is_file() || data.join("conf").is_file()
}

/// Whether `dir` holds a store, or one whose first opening was cut short
/// (only the lock's files). A folder merely named `data` or a file merely
/// named `lock` is someone else's.
fn holds_store(dir: &Path) -> bool {
    has_data(dir) || lock::written_by_teamdesk(dir)
}

/// Whether `dir` has no entries at all.
fn is_empty_dir(dir: &Path) -> Result<bool, StoreError> {
    let mut entries = std::fs::read_dir(dir).map_err(|e| StoreError::from_io(dir, &e))?;
    Ok(entries.next().is_none())
}

/// Finds out whether `dir` is a store that may be opened, making the
/// directory when `mode` allows; `true` when this call made it.
fn prepare_dir(dir: &Path, mode: OpenMode) -> Result<bool, StoreError> {
    let missing = || StoreError::Missing {
        path: dir.to_path_buf(),
    };
    match std::fs::metadata(dir) {
        Ok(metadata) if !metadata.is_dir() => {
            return Err(StoreError::NotADirectory {
                path: dir.to_path_buf(),
            });
        }
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            if mode == OpenMode::MustExist {
                return Err(missing());
            }
            files::create_owner_only_dir(dir).map_err(|e| StoreError::from_io(dir, &e))?;
            return Ok(true);
        }
        Err(error) => return Err(StoreError::from_io(dir, &error)),
    }
    if !holds_store(dir) && !is_empty_dir(dir)? {
        return Err(StoreError::NotAStore {
            path: dir.to_path_buf(),
        });
    }
    if mode == OpenMode::MustExist && !has_data(dir) {
        return Err(missing());
    }
    Ok(false)
}

impl Store {
    /// Opens the store in `dir`. `opening` says whether a missing store may
    /// be created (in a missing or empty directory) and how long to wait for
    /// a process that holds it.
    ///
    /// Before sled opens, the store is made owner-only (directories 0700,
    /// files 0600) and unfinished sled snapshots are set aside.
    pub fn open(dir: &Path, opening: impl Into<Opening>) -> Result<Self, StoreError> {
        let Opening {
            mode,
            wait,
            cache_bytes,
        } = opening.into();
        let created = prepare_dir(dir, mode)?;
        let io_error = |error: std::io::Error| StoreError::from_io(dir, &error);
        let lock = StoreLock::acquire(dir, wait)?;
        for moved in files::set_aside_unfinished_snapshots(dir, DATA_DIR).map_err(io_error)? {
            tracing::warn!(
                "set aside {}: an unfinished sled snapshot (a crash or a full disk while sled wrote it); sled rebuilds its state from its log",
                moved.display()
            );
        }
        files::restrict_to_owner(dir).map_err(io_error)?;
        let fault = |error| StoreError::from_sled(dir, error);
        let db = sled::Config::new()
            .path(dir.join(DATA_DIR))
            .cache_capacity(cache_bytes)
            .open()
            .map_err(fault)?;
        let trees = TreeName::ALL
            .iter()
            .map(|name| db.open_tree(name.as_str()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(fault)?;
        let store = Self {
            db,
            trees,
            dir: dir.to_path_buf(),
            durability: Durability::new(dir, DATA_DIR, created).map_err(io_error)?,
            cache_bytes,
            archive: archive::Lazy::default(),
            _lock: lock,
        };
        store.check_schema()?;
        store.finish_interrupted_work()?;
        Ok(store)
    }

    /// Checks, without opening or changing anything, that `dir` holds a
    /// store that [`Store::open`] with [`OpenMode::MustExist`] would open.
    pub fn probe(dir: &Path) -> Result<(), StoreError> {
        prepare_dir(dir, OpenMode::MustExist).map(|_| ())
    }

    /// A sled failure on this store, as a sentence naming it.
    fn fault(&self, error: sled::Error) -> StoreError {
        StoreError::from_sled(&self.dir, error)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Finishes work a crash cut short: an import (its store is emptied)
    /// and a move of history (see `archive`).
    fn finish_interrupted_work(&self) -> Result<(), StoreError> {
        self.finish_interrupted_import()?;
        self.finish_interrupted_move()
    }

    fn tree(&self, name: TreeName) -> &Tree {
        &self.trees[name.index()]
    }

    /// Runs `change` as one atomic transaction over every tree, then flushes:
    /// when this returns `Ok` the change is on disk. An `Err` from `change`
    /// aborts it and nothing is written.
    pub fn write<T>(
        &self,
        change: impl Fn(&Tx<'_>) -> Result<T, TxError>,
    ) -> Result<T, crate::Error> {
        self.write_noting(change).map(|(value, _)| value)
    }

    /// [`Store::write`], also returning every record the change wrote or removed.
    pub fn write_noting<T>(
        &self,
        change: impl Fn(&Tx<'_>) -> Result<T, TxError>,
    ) -> Result<(T, Vec<Changed>), crate::Error> {
        let outcome = self
            .trees
            .as_slice()
            .transaction(|trees: &Vec<TransactionalTree>| {
                let tx = Tx {
                    trees,
                    changed: RefCell::new(Vec::new()),
                };
                let value = change(&tx).map_err(TxError::into_conflictable)?;
                Ok((value, tx.changed.into_inner()))
            });
        match outcome {
            Ok(value) => {
                self.flush()?;
                Ok(value)
            }
            Err(TransactionError::Abort(error)) => Err(error),
            Err(TransactionError::Storage(error)) => Err(self.fault(error).into()),
        }
    }

    /// Waits until every write so far is on stable storage: sled's flush,
    /// then the syncs described in `store/durable.rs` (sled's flush alone
    /// survives a killed process, not a power cut).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map_err(|e| self.fault(e))?;
        self.durability
            .sync()
            .map_err(|e| StoreError::from_io(&self.dir, &e))
    }

    /// True when no account, team or other record has been written yet
    /// (an archive holds only what left these trees).
    pub fn is_empty(&self) -> bool {
        TreeName::ALL
            .iter()
            .filter(|&&name| name != TreeName::Meta)
            .all(|&name| self.tree(name).is_empty())
            && !archive::exists(&self.dir)
    }
}

impl Reads for Store {
    type Fail = crate::Error;

    fn get_raw(&self, tree: TreeName, key: &[u8]) -> Result<Option<IVec>, crate::Error> {
        Ok(self.tree(tree).get(key).map_err(|e| self.fault(e))?)
    }
}
