//! The two sides of the invite benchmark: a real workspace inviting through
//! the one door, and a bare sled database committing a transaction of the
//! same key and value sizes over as many trees, then flushing and syncing
//! sled's data file to stable storage.

use std::collections::BTreeMap;
use std::sync::Arc;

use sled::transaction::{ConflictableTransactionError, Transactional, TransactionalTree};
use teamdesk::domain::{Cycle, Role};
use teamdesk::sources::ManualClock;
use teamdesk::store::{OpenMode, Store, TreeName};
use teamdesk::workspace::{Actor, Command, InviteResult, NewPlan, Outcome, Settings, Workspace};

use super::{fixture_now, scratch_dir};

const OWNER: &str = "olivia.owner@bondi-gp.example";
const TEAM: &str = "Bondi Family Practice";

/// A scratch store with one Pro team whose owner invites fresh addresses.
pub struct InviteBench {
    workspace: Option<Workspace>,
    dir: tempfile::TempDir,
    owner: Actor,
    next: u64,
}

fn open(dir: &std::path::Path) -> Workspace {
    Workspace::open(
        dir,
        OpenMode::CreateIfMissing,
        Arc::new(ManualClock::new(fixture_now())),
        Settings::default(),
    )
    .expect("open the scratch store")
}

impl InviteBench {
    pub fn new(label: &str) -> Self {
        let dir = scratch_dir(label);
        let workspace = open(dir.path());
        workspace
            .execute(
                &Actor::Operator,
                Command::CreateAccount {
                    email: OWNER.into(),
                    name: "Olivia Owner".into(),
                    plan: NewPlan::Pro(Cycle::Monthly),
                    staff: None,
                },
            )
            .expect("create the owner");
        let owner = Actor::person(OWNER).expect("a valid address");
        workspace
            .execute(&owner, Command::CreateTeam { name: TEAM.into() })
            .expect("create the team");
        Self {
            workspace: Some(workspace),
            dir,
            owner,
            next: 0,
        }
    }

    fn workspace(&self) -> &Workspace {
        self.workspace.as_ref().expect("the workspace is open")
    }

    /// Fresh addresses, all of one length so every invite writes the same sizes.
    fn addresses(&mut self, count: usize) -> Vec<String> {
        (0..count)
            .map(|_| {
                self.next += 1;
                format!("invitee{:09}@patients.example", self.next)
            })
            .collect()
    }

    /// One `invite add` of `count` fresh addresses: one command, one
    /// transaction, durable when it returns. Panics unless every address
    /// was invited, so a refusal can never pass for a fast invite.
    pub fn invite(&mut self, count: usize) {
        let emails = self.addresses(count);
        let outcome = self
            .workspace()
            .execute(
                &self.owner,
                Command::Invite {
                    emails,
                    role: Role::Member,
                },
            )
            .expect("invite");
        let Outcome::Invited(results) = outcome else {
            panic!("invite answered {outcome:?}");
        };
        assert!(
            results.len() == count
                && results
                    .iter()
                    .all(|r| matches!(r, InviteResult::Invited(_))),
            "an address was refused: {results:?}"
        );
    }

    /// Every entry written by the next single invite, found by reading every
    /// tree of the store before and after it.
    pub fn layout_of_one_invite(&mut self) -> Vec<Write> {
        let before = self.snapshot();
        self.invite(1);
        let after = self.snapshot();
        let mut writes = Vec::new();
        for (tree, entries) in &after {
            let old = &before[tree];
            for (key, value) in entries {
                if old.get(key) != Some(value) {
                    writes.push(Write {
                        tree: *tree,
                        key_len: key.len(),
                        value_len: value.len(),
                    });
                }
            }
            assert!(
                old.keys().all(|key| entries.contains_key(key)),
                "an invite removed an entry from {}",
                tree.as_str()
            );
        }
        writes
    }

    /// Closes the workspace, reads every tree raw, and opens it again.
    fn snapshot(&mut self) -> BTreeMap<TreeNameKey, BTreeMap<Vec<u8>, Vec<u8>>> {
        drop(self.workspace.take());
        let store =
            Store::open(self.dir.path(), OpenMode::MustExist).expect("reopen the scratch store");
        let mut trees = BTreeMap::new();
        for tree in TreeName::ALL {
            let entries = store
                .entries(tree)
                .map(|entry| {
                    let (key, value) = entry.expect("read an entry");
                    (key.to_vec(), value.to_vec())
                })
                .collect();
            trees.insert(TreeNameKey(tree), entries);
        }
        drop(store);
        self.workspace = Some(open(self.dir.path()));
        trees
    }
}

/// `TreeName` in tree order, as a map key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeNameKey(pub TreeName);

impl TreeNameKey {
    fn position(self) -> usize {
        TreeName::ALL
            .iter()
            .position(|&t| t == self.0)
            .expect("every tree is listed")
    }

    pub fn as_str(self) -> &'static str {
        self.0.as_str()
    }
}

impl PartialOrd for TreeNameKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TreeNameKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.position().cmp(&other.position())
    }
}

/// One entry an invite writes: which tree, and the key and value sizes.
#[derive(Debug, Clone, Copy)]
pub struct Write {
    pub tree: TreeNameKey,
    pub key_len: usize,
    pub value_len: usize,
}

/// A plain sled database with the store's 15 trees, committing transactions
/// of a given layout, flushing and `fdatasync`ing sled's data file after
/// each: the floor under a change that survives a power cut.
pub struct BareTx {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    layout: Vec<Write>,
    filler: Vec<u8>,
    next: u64,
    /// sled's data file, kept open to sync it after each flush.
    data_file: std::fs::File,
    _dir: tempfile::TempDir,
}

impl BareTx {
    pub fn new(label: &str, layout: Vec<Write>) -> Self {
        let dir = scratch_dir(label);
        let db = sled::Config::new()
            .path(dir.path().join("data"))
            .open()
            .expect("open the bare sled database");
        let trees = TreeName::ALL
            .iter()
            .map(|name| db.open_tree(name.as_str()).expect("open a tree"))
            .collect();
        let longest = layout.iter().map(|w| w.value_len).max().unwrap_or(0);
        let data_file =
            std::fs::File::open(dir.path().join("data").join("db")).expect("open sled's data file");
        Self {
            db,
            trees,
            layout,
            filler: (0..longest).map(|i| (i * 31 % 251) as u8).collect(),
            next: 0,
            data_file,
            _dir: dir,
        }
    }

    /// One transaction writing `invites` invites' worth of entries (fresh
    /// keys of the measured lengths, counter first so they append like the
    /// store's time-ordered ids), then one flush and one `fdatasync`.
    pub fn commit(&mut self, invites: usize) {
        let first = self.next;
        self.next += invites as u64;
        let keys: Vec<(usize, Vec<u8>, usize)> = (first..self.next)
            .flat_map(|n| {
                self.layout.iter().enumerate().map(move |(slot, w)| {
                    let mut key = n.to_be_bytes().to_vec();
                    key.resize(w.key_len.max(8), slot as u8);
                    key.truncate(w.key_len);
                    (w.tree.position(), key, w.value_len)
                })
            })
            .collect();
        self.trees
            .as_slice()
            .transaction(|trees: &Vec<TransactionalTree>| {
                for (tree, key, value_len) in &keys {
                    trees[*tree].insert(key.as_slice(), &self.filler[..*value_len])?;
                }
                Ok::<_, ConflictableTransactionError<()>>(())
            })
            .expect("commit the bare transaction");
        self.db.flush().expect("flush the bare database");
        self.data_file
            .sync_data()
            .expect("sync the bare database's data file");
    }
}
