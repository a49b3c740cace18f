//! One atomic change: point reads that see its own writes, and writes that
//! keep every index in step with its record.

use std::cell::RefCell;
use std::collections::BTreeMap;

use sled::IVec;
use sled::transaction::{
    ConflictableTransactionError, TransactionalTree, UnabortableTransactionError,
};

use super::derived::{self, Count, Entry, UNKNOWN_NAME};
use super::{Changed, Reads, Record, RecordRef, StoreError, TreeName, codec, keys};
use crate::billing::invoice::Invoice;
use crate::billing::ledger::{Adjustment, BillingAccount};
use crate::domain::outbox::OutboxMessage;
use crate::domain::{
    Account, AccountId, AuditEntry, DomainError, Invitation, InvitationState, Membership, Team,
    TeamId, Template,
};

/// Why a transaction stopped: a storage fault or conflict (retried by sled
/// where it can be), or an abort carrying the refusal.
#[derive(Debug)]
pub enum TxError {
    Storage(UnabortableTransactionError),
    Abort(crate::Error),
}

impl TxError {
    pub(super) fn into_conflictable(self) -> ConflictableTransactionError<crate::Error> {
        match self {
            TxError::Storage(UnabortableTransactionError::Conflict) => {
                ConflictableTransactionError::Conflict
            }
            TxError::Storage(UnabortableTransactionError::Storage(e)) => {
                ConflictableTransactionError::Storage(e)
            }
            TxError::Abort(e) => ConflictableTransactionError::Abort(e),
        }
    }
}

impl From<UnabortableTransactionError> for TxError {
    fn from(error: UnabortableTransactionError) -> Self {
        TxError::Storage(error)
    }
}

impl From<DomainError> for TxError {
    fn from(error: DomainError) -> Self {
        TxError::Abort(error.into())
    }
}

impl From<StoreError> for TxError {
    fn from(error: StoreError) -> Self {
        TxError::Abort(error.into())
    }
}

impl From<crate::Error> for TxError {
    fn from(error: crate::Error) -> Self {
        TxError::Abort(error)
    }
}

/// One atomic change in progress: point reads that see its own writes, and
/// writes that keep every index and team counter in step with its record.
///
/// It offers no scans and no access to the [`Store`]: sled transactions read
/// single keys only, and a plain store read inside one would deadlock. Scan
/// first, then start the transaction.
pub struct Tx<'a> {
    pub(super) trees: &'a [TransactionalTree],
    /// Every record written or removed so far, for the change's event.
    pub(super) changed: RefCell<Vec<Changed>>,
}

impl Reads for Tx<'_> {
    type Fail = TxError;

    fn get_raw(&self, tree: TreeName, key: &[u8]) -> Result<Option<IVec>, TxError> {
        Ok(self.trees[tree.index()].get(key)?)
    }
}

impl Tx<'_> {
    pub(super) fn put_raw(
        &self,
        tree: TreeName,
        key: Vec<u8>,
        value: impl Into<IVec>,
    ) -> Result<(), TxError> {
        self.trees[tree.index()].insert(key, value)?;
        Ok(())
    }

    pub(super) fn remove_raw(&self, tree: TreeName, key: Vec<u8>) -> Result<(), TxError> {
        self.trees[tree.index()].remove(key)?;
        Ok(())
    }

    fn note(&self, record: RecordRef, removed: bool) {
        self.changed.borrow_mut().push(Changed { record, removed });
    }

    fn put<T: Record>(&self, record: &T) -> Result<(), TxError> {
        self.note(record.reference(), false);
        self.put_raw(T::TREE, record.key(), codec::encode(record))
    }

    fn remove<T: Record>(&self, record: &T) -> Result<(), TxError> {
        self.note(record.reference(), true);
        self.remove_raw(T::TREE, record.key())
    }

    /// Moves the index entries of a record from what `before` implied to
    /// what `after` implies: stale keys removed, new or changed ones written.
    pub(super) fn replace_entries(
        &self,
        before: Vec<Entry>,
        after: Vec<Entry>,
    ) -> Result<(), TxError> {
        for old in &before {
            if !after
                .iter()
                .any(|new| new.tree == old.tree && new.key == old.key)
            {
                self.remove_raw(old.tree, old.key.clone())?;
            }
        }
        for new in after {
            if !before.contains(&new) {
                self.put_raw(new.tree, new.key, new.value)?;
            }
        }
        Ok(())
    }

    /// Adds each change to its team counter, once per counter.
    pub(super) fn add_counts(&self, counts: Vec<Count>) -> Result<(), TxError> {
        let mut summed: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
        for (team, counter, delta) in counts {
            *summed
                .entry(keys::team_count(team, counter as u8))
                .or_default() += delta;
        }
        for (key, delta) in summed.into_iter().filter(|(_, delta)| *delta != 0) {
            let now = match self.get_raw(TreeName::TeamCounts, &key)? {
                Some(bytes) => super::counts::decode(&bytes)?,
                None => 0,
            };
            self.put_raw(
                TreeName::TeamCounts,
                key,
                (now + delta).to_be_bytes().to_vec(),
            )?;
        }
        Ok(())
    }

    /// A person's name as rows show it.
    fn name_of(&self, id: AccountId) -> Result<String, TxError> {
        Ok(self
            .account(id)?
            .map_or_else(|| UNKNOWN_NAME.to_owned(), |account| account.name))
    }

    /// The index entries of a membership as the records in this change stand.
    fn membership_entries(&self, membership: &Membership) -> Result<Vec<Entry>, TxError> {
        let account = self.account(membership.account)?;
        let owner = self
            .team(membership.team)?
            .is_some_and(|team| team.owner == membership.account);
        Ok(derived::membership_entries(
            membership,
            account.as_ref().map(|a| (a.name.as_str(), &a.email)),
            owner,
        ))
    }

    /// The index entries of an invitation as the records in this change stand.
    pub(super) fn invitation_entries(
        &self,
        invitation: &Invitation,
    ) -> Result<Vec<Entry>, TxError> {
        let inviter = self.name_of(invitation.invited_by)?;
        let revoker = match invitation.state {
            InvitationState::Revoked { by, .. } => Some(self.name_of(by)?),
            _ => None,
        };
        Ok(derived::invitation_entries(
            invitation,
            &inviter,
            revoker.as_deref(),
        ))
    }

    /// Writes the display row of a member again (their role, or who owns the team, changed).
    fn refresh_member_row(&self, team: TeamId, account: AccountId) -> Result<(), TxError> {
        if let Some(membership) = self.membership(team, account)? {
            let entries = self.membership_entries(&membership)?;
            self.replace_entries(Vec::new(), entries)?;
        }
        Ok(())
    }

    /// Writes an account with its address and key indexes (addresses never
    /// change; keys come and go), and moves its member row should its name
    /// have changed.
    pub fn put_account(&self, account: &Account) -> Result<(), TxError> {
        let before = self.account(account.id)?;
        let membership = match self.team_of(account.id)? {
            Some(team) => self.membership(team, account.id)?,
            None => None,
        };
        let rows_before = match &membership {
            Some(membership) => self.membership_entries(membership)?,
            None => Vec::new(),
        };
        self.replace_entries(
            before
                .as_ref()
                .map(derived::account_entries)
                .unwrap_or_default(),
            derived::account_entries(account),
        )?;
        self.put(account)?;
        if let Some(membership) = &membership {
            let rows_after = self.membership_entries(membership)?;
            self.replace_entries(rows_before, rows_after)?;
        }
        Ok(())
    }

    /// Writes a team and keeps its name index current (a deleted team leaves
    /// it), and the owner flag of its owners' rows.
    pub fn put_team(&self, team: &Team) -> Result<(), TxError> {
        let before = self.team(team.id)?;
        self.replace_entries(
            before
                .as_ref()
                .map(derived::team_entries)
                .unwrap_or_default(),
            derived::team_entries(team),
        )?;
        self.put(team)?;
        match before {
            Some(before) if before.owner == team.owner => Ok(()),
            Some(before) => {
                self.refresh_member_row(team.id, before.owner)?;
                self.refresh_member_row(team.id, team.owner)
            }
            None => self.refresh_member_row(team.id, team.owner),
        }
    }

    /// Writes a membership with its one-team index entry, its display row
    /// and the team's counts.
    pub fn put_membership(&self, membership: &Membership) -> Result<(), TxError> {
        let before = self.membership(membership.team, membership.account)?;
        let (entries_before, counts_before) = match &before {
            Some(before) => (
                self.membership_entries(before)?,
                derived::negated(derived::membership_counts(before)),
            ),
            None => (Vec::new(), Vec::new()),
        };
        self.put(membership)?;
        self.replace_entries(entries_before, self.membership_entries(membership)?)?;
        let mut counts = counts_before;
        counts.extend(derived::membership_counts(membership));
        self.add_counts(counts)
    }

    pub fn remove_membership(&self, team: TeamId, account: AccountId) -> Result<(), TxError> {
        let Some(membership) = self.membership(team, account)? else {
            return Ok(());
        };
        let entries = self.membership_entries(&membership)?;
        self.replace_entries(entries, Vec::new())?;
        self.add_counts(derived::negated(derived::membership_counts(&membership)))?;
        self.remove(&membership)
    }

    /// Writes an invitation with every index entry it implies (address,
    /// token, display row, expiry, reminder) and the team's counts.
    pub fn put_invitation(&self, invitation: &Invitation) -> Result<(), TxError> {
        let before = self.invitation(invitation.id)?;
        let (entries_before, counts_before) = match &before {
            Some(before) => (
                self.invitation_entries(before)?,
                derived::negated(derived::invitation_counts(before)),
            ),
            None => (Vec::new(), Vec::new()),
        };
        self.replace_entries(entries_before, self.invitation_entries(invitation)?)?;
        let mut counts = counts_before;
        counts.extend(derived::invitation_counts(invitation));
        self.add_counts(counts)?;
        self.put(invitation)
    }

    /// Writes a template and its name index (names never change).
    pub fn put_template(&self, template: &Template) -> Result<(), TxError> {
        self.replace_entries(Vec::new(), derived::template_entries(template))?;
        self.put(template)
    }

    pub fn remove_template(&self, template: &Template) -> Result<(), TxError> {
        self.replace_entries(derived::template_entries(template), Vec::new())?;
        self.remove(template)
    }

    pub fn append_audit(&self, entry: &AuditEntry) -> Result<(), TxError> {
        self.put(entry)
    }

    /// Writes an outbox message and keeps the queue of due messages current.
    pub fn queue_mail(&self, message: &OutboxMessage) -> Result<(), TxError> {
        let before = self.get::<OutboxMessage>(message.id.as_bytes())?;
        self.replace_entries(
            before
                .as_ref()
                .map(derived::message_entries)
                .unwrap_or_default(),
            derived::message_entries(message),
        )?;
        self.put(message)
    }

    pub fn put_billing_account(&self, account: &BillingAccount) -> Result<(), TxError> {
        self.put(account)
    }

    pub fn put_adjustment(&self, adjustment: &Adjustment) -> Result<(), TxError> {
        self.put(adjustment)
    }

    pub fn remove_adjustment(&self, adjustment: &Adjustment) -> Result<(), TxError> {
        self.remove(adjustment)
    }

    /// Writes an issued invoice; one per team and period, never rewritten.
    pub fn put_invoice(&self, invoice: &Invoice) -> Result<(), TxError> {
        self.put(invoice)
    }
}
