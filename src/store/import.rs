//! `import`, a record at a time, into an empty store.
//!
//! Records are written as they are read, straight into their trees (a
//! record whose key is taken already is a repeated id); then every index
//! and counter is built from them and the whole store is checked as
//! `doctor` checks it. Only if nothing is wrong is the import kept: a
//! refused one is cleared away, leaving the store empty. Until it is kept,
//! a note in `meta` says an import is under way, and a store opened with
//! that note (a crash midway) is emptied, so half an import is never seen.

use std::collections::HashSet;

use super::dump::{DUMP_FORMAT, OLDEST_DUMP_FORMAT};
use super::{Record, Store, StoreError, TreeName, codec, doctor};
use crate::billing::invoice::Invoice;
use crate::billing::ledger::{Adjustment, BillingAccount};
use crate::domain::outbox::OutboxMessage;
use crate::domain::{
    Account, AuditEntry, AuditId, Invitation, Membership, Team, Template, TemplateId,
    ids::AdjustmentId,
};

const IMPORT_KEY: &[u8] = b"import_unfinished";

/// Why an import was refused: its problems, the first named in full.
#[derive(Debug)]
pub enum ImportFailure {
    Refused(Vec<String>),
    Store(StoreError),
}

impl From<StoreError> for ImportFailure {
    fn from(error: StoreError) -> Self {
        ImportFailure::Store(error)
    }
}

/// How much an import restored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub accounts: usize,
    pub teams: usize,
    pub invitations: usize,
    pub templates: usize,
    /// The newest audit entry's id, so later ids come after it.
    pub newest_audit: u128,
}

/// An import under way into one store.
pub struct Importer<'a> {
    store: &'a Store,
    format: Option<u32>,
    problems: Vec<String>,
    audit_ids: Vec<AuditId>,
    template_ids: HashSet<TemplateId>,
    adjustment_ids: HashSet<AdjustmentId>,
    imported: Imported,
}

impl Store {
    /// Empties a store an import was cut short in (see the module docs).
    pub(super) fn finish_interrupted_import(&self) -> Result<(), StoreError> {
        if self
            .tree(TreeName::Meta)
            .get(IMPORT_KEY)
            .map_err(|e| self.fault(e))?
            .is_some()
        {
            tracing::warn!(
                "an import into {} was cut short: the store is emptied",
                self.dir.display()
            );
            self.clear_records()?;
        }
        Ok(())
    }

    /// Removes every record, index and counter (the store's clock and
    /// schema stay), and the import's note.
    fn clear_records(&self) -> Result<(), StoreError> {
        for tree in TreeName::ALL.into_iter().filter(|t| *t != TreeName::Meta) {
            self.tree(tree).clear().map_err(|e| self.fault(e))?;
        }
        self.tree(TreeName::Meta)
            .remove(IMPORT_KEY)
            .map_err(|e| self.fault(e))?;
        self.flush()
    }
}

impl<'a> Importer<'a> {
    /// Starts an import into `store`, which must be empty.
    pub fn begin(store: &'a Store) -> Result<Self, StoreError> {
        store
            .tree(TreeName::Meta)
            .insert(IMPORT_KEY, &[1u8])
            .map_err(|e| store.fault(e))?;
        store.flush()?;
        Ok(Self {
            store,
            format: None,
            problems: Vec::new(),
            audit_ids: Vec::new(),
            template_ids: HashSet::new(),
            adjustment_ids: HashSet::new(),
            imported: Imported::default(),
        })
    }

    pub fn format(&mut self, format: u32) {
        self.format = Some(format);
    }

    /// Writes a record under its key; a key already taken is reported as `repeated`.
    fn put<T: Record>(
        &mut self,
        record: &T,
        repeated: impl FnOnce() -> String,
    ) -> Result<(), StoreError> {
        if self.write(record)? {
            self.problems.push(repeated());
        }
        Ok(())
    }

    /// Writes a record under its key; true when the key was taken already.
    fn write<T: Record>(&mut self, record: &T) -> Result<bool, StoreError> {
        let old = self
            .store
            .tree(T::TREE)
            .insert(record.key(), codec::encode(record))
            .map_err(|e| self.store.fault(e))?;
        Ok(old.is_some())
    }

    pub fn account(&mut self, account: &Account) -> Result<(), StoreError> {
        self.imported.accounts += 1;
        self.put(account, || {
            format!("two accounts have the id {}", account.id)
        })
    }

    pub fn team(&mut self, team: &Team) -> Result<(), StoreError> {
        self.imported.teams += 1;
        self.put(team, || format!("two teams have the id {}", team.id))
    }

    pub fn membership(&mut self, membership: &Membership) -> Result<(), StoreError> {
        self.put(membership, || {
            format!(
                "account {} is listed twice as a member of team {}",
                membership.account, membership.team
            )
        })
    }

    pub fn invitation(&mut self, invitation: &Invitation) -> Result<(), StoreError> {
        self.imported.invitations += 1;
        self.put(invitation, || {
            format!("two invitations have the id {}", invitation.id)
        })
    }

    pub fn template(&mut self, template: &Template) -> Result<(), StoreError> {
        self.imported.templates += 1;
        // Keys hold the team too: ids are compared on their own.
        if !self.template_ids.insert(template.id) {
            self.problems
                .push(format!("two templates have the id {}", template.id));
        }
        self.write(template).map(|_| ())
    }

    pub fn audit(&mut self, entry: &AuditEntry) -> Result<(), StoreError> {
        self.audit_ids.push(entry.id);
        self.imported.newest_audit = self.imported.newest_audit.max(entry.id.0.as_u128());
        // Keys hold the team too: ids are compared once all are read.
        self.write(entry).map(|_| ())
    }

    pub fn message(&mut self, message: &OutboxMessage) -> Result<(), StoreError> {
        self.put(message, || {
            format!("two outbox messages have the id {}", message.id)
        })
    }

    pub fn billing_account(&mut self, account: &BillingAccount) -> Result<(), StoreError> {
        self.put(account, || {
            format!("team {} has two billing accounts", account.team)
        })
    }

    pub fn adjustment(&mut self, adjustment: &Adjustment) -> Result<(), StoreError> {
        if !self.adjustment_ids.insert(adjustment.id) {
            self.problems.push(format!(
                "two billing adjustments have the id {}",
                adjustment.id
            ));
        }
        self.write(adjustment).map(|_| ())
    }

    pub fn invoice(&mut self, invoice: &Invoice) -> Result<(), StoreError> {
        self.put(invoice, || {
            format!(
                "team {} has two invoices for the period from {}",
                invoice.team, invoice.period.start
            )
        })
    }

    /// Keeps the import if everything in it holds, else clears it away.
    pub fn finish(mut self) -> Result<Imported, ImportFailure> {
        match self.check() {
            Ok(()) => {
                self.store
                    .tree(TreeName::Meta)
                    .remove(IMPORT_KEY)
                    .map_err(|e| self.store.fault(e))?;
                self.store.flush()?;
                Ok(self.imported)
            }
            Err(failure) => {
                self.store.clear_records()?;
                Err(failure)
            }
        }
    }

    /// Clears away what was written so far (the input could not be read).
    pub fn abandon(self) -> Result<(), StoreError> {
        self.store.clear_records()
    }

    /// The format, ids met twice, then every invariant `doctor` checks on
    /// the records as written, with their indexes built.
    fn check(&mut self) -> Result<(), ImportFailure> {
        match self.format {
            Some(format) if (OLDEST_DUMP_FORMAT..=DUMP_FORMAT).contains(&format) => {}
            found => {
                return Err(ImportFailure::Refused(vec![format!(
                    "this export has format {}; this teamdesk reads formats {OLDEST_DUMP_FORMAT} to {DUMP_FORMAT}",
                    found.map_or_else(|| "none".to_owned(), |f| f.to_string())
                )]));
            }
        }
        self.audit_ids.sort_unstable();
        for pair in self.audit_ids.windows(2) {
            if pair[0] == pair[1] {
                self.problems
                    .push(format!("two audit entries have the id {}", pair[0]));
            }
        }
        self.audit_ids = Vec::new();
        if !self.problems.is_empty() {
            return Err(ImportFailure::Refused(std::mem::take(&mut self.problems)));
        }
        self.store.rebuild_derived()?;
        let report = doctor::examine(self.store)?;
        if report.is_sound() {
            Ok(())
        } else {
            Err(ImportFailure::Refused(report.problems))
        }
    }
}
