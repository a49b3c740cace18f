//! The sled store: record trees, secondary indexes kept in the same
//! transaction as their records, and durable commits.
//!
//! This is the only module that names sled (and, through [`codec`], bincode).

pub mod codec;
pub mod doctor;
pub mod dump;
mod durable;
mod error;
pub mod files;
pub mod keys;
mod legacy;
pub mod lock;
pub mod meta;
mod records;
mod tx;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sled::transaction::{TransactionError, Transactional, TransactionalTree};
use sled::{IVec, Tree};

use crate::billing::invoice::Invoice;
use crate::billing::ledger::Adjustment;
use chrono::{DateTime, Utc};

use crate::domain::outbox::OutboxMessage;
use crate::domain::{
    AuditEntry, Email, Invitation, InvitationId, Membership, MessageId, Team, TeamId, Template,
};
use durable::Durability;
pub use error::StoreError;
use files::DATA_DIR;
pub use lock::Holder;
use lock::StoreLock;
pub use records::{Reads, Record};
pub use tx::{Tx, TxError};

/// The layout version of the whole store, kept in the `meta` tree.
pub const SCHEMA_VERSION: u32 = 2;
const SCHEMA_KEY: &[u8] = b"schema";

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
}

impl Opening {
    /// How long a process waits for a store held by another, unless told otherwise.
    pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);
}

impl From<OpenMode> for Opening {
    fn from(mode: OpenMode) -> Self {
        Self {
            mode,
            wait: Self::DEFAULT_WAIT,
        }
    }
}

/// The trees of the store. Record trees hold envelopes; index trees map a
/// lookup key to a record key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreeName {
    Meta,
    Accounts,
    AccountByEmail,
    Teams,
    TeamByName,
    Members,
    MemberTeam,
    Invitations,
    InvitationByEmail,
    InvitationByTeam,
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
}

impl TreeName {
    pub const ALL: [TreeName; 20] = [
        TreeName::Meta,
        TreeName::Accounts,
        TreeName::AccountByEmail,
        TreeName::Teams,
        TreeName::TeamByName,
        TreeName::Members,
        TreeName::MemberTeam,
        TreeName::Invitations,
        TreeName::InvitationByEmail,
        TreeName::InvitationByTeam,
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
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TreeName::Meta => "meta",
            TreeName::Accounts => "accounts",
            TreeName::AccountByEmail => "account_by_email",
            TreeName::Teams => "teams",
            TreeName::TeamByName => "team_by_name",
            TreeName::Members => "members",
            TreeName::MemberTeam => "member_team",
            TreeName::Invitations => "invitations",
            TreeName::InvitationByEmail => "invitation_by_email",
            TreeName::InvitationByTeam => "invitation_by_team",
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
        let Opening { mode, wait } = opening.into();
        let created = prepare_dir(dir, mode)?;
        let io_error = |error: std::io::Error| StoreError::from_io(dir, &error);
        let lock = StoreLock::acquire(dir, wait)?;
        for moved in files::set_aside_unfinished_snapshots(dir).map_err(io_error)? {
            tracing::warn!(
                "set aside {}: an unfinished sled snapshot (a crash or a full disk while sled wrote it); sled rebuilds its state from its log",
                moved.display()
            );
        }
        files::restrict_to_owner(dir).map_err(io_error)?;
        let fault = |error| StoreError::from_sled(dir, error);
        let db = sled::Config::new()
            .path(dir.join(DATA_DIR))
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
            durability: Durability::new(dir, created).map_err(io_error)?,
            _lock: lock,
        };
        store.check_schema()?;
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

    fn check_schema(&self) -> Result<(), StoreError> {
        let meta = self.tree(TreeName::Meta);
        match meta.get(SCHEMA_KEY).map_err(|e| self.fault(e))? {
            None => {
                meta.insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())
                    .map_err(|e| self.fault(e))?;
                self.flush()
            }
            Some(bytes) => {
                let found = <[u8; 4]>::try_from(bytes.as_ref())
                    .map(u32::from_be_bytes)
                    .map_err(|_| StoreError::Corrupt("the schema version is unreadable".into()))?;
                if found > SCHEMA_VERSION {
                    Err(StoreError::NewerStore {
                        path: self.dir.clone(),
                        detail: format!("format {found}; this one reads up to {SCHEMA_VERSION}"),
                    })
                } else if found == 1 {
                    self.index_deliveries()?;
                    meta.insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())
                        .map_err(|e| self.fault(e))?;
                    self.flush()
                } else if found < SCHEMA_VERSION {
                    Err(StoreError::Corrupt(format!(
                        "unknown schema version {found}"
                    )))
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Schema 2 indexes the outbox by when messages are due and pending
    /// invitations by when they expire: builds both from the records of a
    /// schema-1 store. Rerunning it (after a crash) writes the same entries.
    fn index_deliveries(&self) -> Result<(), StoreError> {
        let fault = |e| self.fault(e);
        for message in self.all::<OutboxMessage>() {
            let message = message?;
            if let Some(due) = message.due() {
                self.tree(TreeName::OutboxDue)
                    .insert(keys::timed(due, message.id.as_bytes()), Vec::new())
                    .map_err(fault)?;
            }
        }
        for invitation in self.all::<Invitation>() {
            let invitation = invitation?;
            if let Some(expires_at) = invitation.awaits_reminder() {
                self.tree(TreeName::ReminderDue)
                    .insert(
                        keys::timed(expires_at, invitation.id.as_bytes()),
                        Vec::new(),
                    )
                    .map_err(fault)?;
            }
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
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
        let outcome = self
            .trees
            .as_slice()
            .transaction(|trees: &Vec<TransactionalTree>| {
                change(&Tx { trees }).map_err(TxError::into_conflictable)
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

    fn scan_values<T: Record>(&self, tree: TreeName, prefix: &[u8]) -> Result<Vec<T>, StoreError> {
        self.tree(tree)
            .scan_prefix(prefix)
            .map(|entry| codec::decode(&entry.map_err(|e| self.fault(e))?.1))
            .collect()
    }

    /// Follows an index whose keys end in a record id to the records.
    fn follow_index<T: Record>(
        &self,
        index: TreeName,
        prefix: &[u8],
    ) -> Result<Vec<T>, StoreError> {
        let mut records = Vec::new();
        for entry in self.tree(index).scan_prefix(prefix) {
            let (key, _) = entry.map_err(|e| self.fault(e))?;
            let id = keys::trailing_id(&key).ok_or_else(|| {
                StoreError::Corrupt(format!("a malformed {} key", index.as_str()))
            })?;
            let bytes = self
                .tree(T::TREE)
                .get(id)
                .map_err(|e| self.fault(e))?
                .ok_or_else(|| {
                    StoreError::Corrupt(format!(
                        "{} points at a missing {}",
                        index.as_str(),
                        T::KIND
                    ))
                })?;
            let record = codec::decode(&bytes)?;
            records.push(record);
        }
        Ok(records)
    }

    /// A team's memberships, in the order members joined the store.
    pub fn members_of(&self, team: TeamId) -> Result<Vec<Membership>, StoreError> {
        self.scan_values(TreeName::Members, team.as_bytes())
    }

    pub fn invitations_of(&self, team: TeamId) -> Result<Vec<Invitation>, StoreError> {
        self.follow_index(TreeName::InvitationByTeam, team.as_bytes())
    }

    /// Every invitation ever sent to an address, across all teams.
    pub fn invitations_for(&self, email: &Email) -> Result<Vec<Invitation>, StoreError> {
        self.follow_index(TreeName::InvitationByEmail, &keys::email_prefix(email))
    }

    /// Up to `limit` distinct invited addresses starting with `prefix`, in order.
    pub fn invited_addresses(&self, prefix: &str, limit: usize) -> Result<Vec<Email>, StoreError> {
        let mut addresses: Vec<Email> = Vec::new();
        for entry in self
            .tree(TreeName::InvitationByEmail)
            .scan_prefix(prefix.as_bytes())
        {
            let (key, _) = entry.map_err(|e| self.fault(e))?;
            let Some(end) = key.iter().position(|&b| b == 0) else {
                return Err(StoreError::Corrupt(
                    "a malformed invitation_by_email key".into(),
                ));
            };
            let address = std::str::from_utf8(&key[..end])
                .ok()
                .and_then(|text| Email::parse(text).ok())
                .ok_or_else(|| {
                    StoreError::Corrupt("an unreadable address in invitation_by_email".into())
                })?;
            if addresses.last() != Some(&address) {
                if addresses.len() == limit {
                    break;
                }
                addresses.push(address);
            }
        }
        Ok(addresses)
    }

    /// Queued outbox messages due by `now`, the longest-waiting first.
    pub fn due_messages(&self, now: DateTime<Utc>) -> Result<Vec<MessageId>, StoreError> {
        self.timed_ids(TreeName::OutboxDue, None, now)
            .map(|ids| ids.into_iter().map(MessageId::from_bytes).collect())
    }

    /// Pending, not yet reminded invitations whose link expires after
    /// `after` and by `until`.
    pub fn awaiting_reminder(
        &self,
        after: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<InvitationId>, StoreError> {
        self.timed_ids(TreeName::ReminderDue, Some(after), until)
            .map(|ids| ids.into_iter().map(InvitationId::from_bytes).collect())
    }

    /// The ids of a [`keys::timed`] index between two moments (`after`
    /// excluded, `until` included).
    fn timed_ids(
        &self,
        index: TreeName,
        after: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
    ) -> Result<Vec<[u8; 16]>, StoreError> {
        let start = after.map_or([0; 8], |after| {
            keys::instant(after + chrono::Duration::milliseconds(1))
        });
        let end = keys::instant(until + chrono::Duration::milliseconds(1));
        self.tree(index)
            .range(start..end)
            .map(|entry| {
                let (key, _) = entry.map_err(|e| self.fault(e))?;
                keys::trailing_id(&key).ok_or_else(|| {
                    StoreError::Corrupt(format!("a malformed {} key", index.as_str()))
                })
            })
            .collect()
    }

    /// A team's adjustments not yet on an invoice, oldest period first.
    pub fn adjustments_of(&self, team: TeamId) -> Result<Vec<Adjustment>, StoreError> {
        self.scan_values(TreeName::Adjustments, team.as_bytes())
    }

    /// A team's issued invoices, newest first, at most `limit`.
    pub fn invoices_of(&self, team: TeamId, limit: usize) -> Result<Vec<Invoice>, StoreError> {
        self.tree(TreeName::Invoices)
            .scan_prefix(team.as_bytes())
            .rev()
            .take(limit)
            .map(|entry| codec::decode(&entry.map_err(|e| self.fault(e))?.1))
            .collect()
    }

    pub fn templates_of(&self, team: TeamId) -> Result<Vec<Template>, StoreError> {
        self.scan_values(TreeName::Templates, team.as_bytes())
    }

    /// Live teams whose name equals `name`, ignoring case.
    pub fn teams_named(&self, name: &str) -> Result<Vec<Team>, StoreError> {
        self.follow_index(TreeName::TeamByName, &keys::team_name_prefix(name))
    }

    /// The newest `limit` audit entries of a team (or of no team), newest first.
    pub fn audit_of(
        &self,
        team: Option<TeamId>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        self.tree(TreeName::Audit)
            .scan_prefix(keys::team_or_nil(team))
            .rev()
            .take(limit)
            .map(|entry| codec::decode(&entry.map_err(|e| self.fault(e))?.1))
            .collect()
    }

    /// Every record of one kind, in key order.
    pub fn all<T: Record>(&self) -> impl Iterator<Item = Result<T, StoreError>> + '_ {
        self.tree(T::TREE)
            .iter()
            .map(|entry| codec::decode(&entry.map_err(|e| self.fault(e))?.1))
    }

    /// Every raw entry of a tree, for checks of the indexes themselves.
    pub fn entries(
        &self,
        tree: TreeName,
    ) -> impl Iterator<Item = Result<(IVec, IVec), StoreError>> + '_ {
        self.tree(tree)
            .iter()
            .map(|entry| entry.map_err(|e| self.fault(e)))
    }

    /// True when no account, team or other record has been written yet.
    pub fn is_empty(&self) -> bool {
        TreeName::ALL
            .iter()
            .filter(|&&name| name != TreeName::Meta)
            .all(|&name| self.tree(name).is_empty())
    }
}

impl Reads for Store {
    type Fail = crate::Error;

    fn get_raw(&self, tree: TreeName, key: &[u8]) -> Result<Option<IVec>, crate::Error> {
        Ok(self.tree(tree).get(key).map_err(|e| self.fault(e))?)
    }
}
