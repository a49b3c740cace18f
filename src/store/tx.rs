//! One atomic change: point reads that see its own writes, and writes that
//! keep every index in step with its record.

use sled::IVec;
use sled::transaction::{
    ConflictableTransactionError, TransactionalTree, UnabortableTransactionError,
};

use super::{Reads, Record, StoreError, TreeName, codec, keys};
use crate::billing::invoice::Invoice;
use crate::billing::ledger::{Adjustment, BillingAccount};
use crate::domain::outbox::OutboxMessage;
use crate::domain::template::name_key;
use crate::domain::{
    Account, AccountId, AuditEntry, DomainError, Invitation, Membership, Team, TeamId, Template,
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
/// writes that keep every index in step with its record.
///
/// It offers no scans and no access to the [`Store`]: sled transactions read
/// single keys only, and a plain store read inside one would deadlock. Scan
/// first, then start the transaction.
pub struct Tx<'a> {
    pub(super) trees: &'a [TransactionalTree],
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

    fn remove_raw(&self, tree: TreeName, key: Vec<u8>) -> Result<(), TxError> {
        self.trees[tree.index()].remove(key)?;
        Ok(())
    }

    fn put<T: Record>(&self, record: &T) -> Result<(), TxError> {
        self.put_raw(T::TREE, record.key(), codec::encode(record))
    }

    /// Writes an account and its address index (addresses never change).
    pub fn put_account(&self, account: &Account) -> Result<(), TxError> {
        self.put(account)?;
        self.put_raw(
            TreeName::AccountByEmail,
            account.email.as_str().as_bytes().to_vec(),
            account.id.as_bytes().to_vec(),
        )
    }

    /// Writes a team and keeps its name index current; a deleted team leaves the index.
    pub fn put_team(&self, team: &Team) -> Result<(), TxError> {
        if let Some(before) = self.team(team.id)? {
            self.remove_raw(TreeName::TeamByName, keys::team_name(&before.name, team.id))?;
        }
        if team.deleted.is_none() {
            self.put_raw(
                TreeName::TeamByName,
                keys::team_name(&team.name, team.id),
                Vec::new(),
            )?;
        }
        self.put(team)
    }

    /// Writes a membership and the account's one-team index entry.
    pub fn put_membership(&self, membership: &Membership) -> Result<(), TxError> {
        self.put(membership)?;
        self.put_raw(
            TreeName::MemberTeam,
            membership.account.as_bytes().to_vec(),
            membership.team.as_bytes().to_vec(),
        )
    }

    pub fn remove_membership(&self, team: TeamId, account: AccountId) -> Result<(), TxError> {
        self.remove_raw(TreeName::Members, keys::membership(team, account))?;
        self.remove_raw(TreeName::MemberTeam, account.as_bytes().to_vec())
    }

    /// Writes an invitation and its address, team, token and reminder indexes.
    pub fn put_invitation(&self, invitation: &Invitation) -> Result<(), TxError> {
        let before = self.invitation(invitation.id)?;
        if let Some(expires_at) = before.as_ref().and_then(Invitation::awaits_reminder) {
            self.remove_raw(
                TreeName::ReminderDue,
                keys::timed(expires_at, invitation.id.as_bytes()),
            )?;
        }
        if let Some(expires_at) = invitation.awaits_reminder() {
            self.put_raw(
                TreeName::ReminderDue,
                keys::timed(expires_at, invitation.id.as_bytes()),
                Vec::new(),
            )?;
        }
        self.put(invitation)?;
        self.put_raw(
            TreeName::InvitationByEmail,
            keys::email_invitation(&invitation.email, invitation.id),
            Vec::new(),
        )?;
        self.put_raw(
            TreeName::InvitationByTeam,
            keys::team_invitation(invitation.team, invitation.id),
            Vec::new(),
        )?;
        self.put_raw(
            TreeName::InvitationByToken,
            invitation.token_hash.to_vec(),
            invitation.id.as_bytes().to_vec(),
        )
    }

    /// Writes a template and its name index (names never change).
    pub fn put_template(&self, template: &Template) -> Result<(), TxError> {
        self.put(template)?;
        self.put_raw(
            TreeName::TemplateByName,
            keys::template_name(template.team, &name_key(&template.name)),
            template.id.as_bytes().to_vec(),
        )
    }

    pub fn remove_template(&self, template: &Template) -> Result<(), TxError> {
        self.remove_raw(TreeName::Templates, template.key())?;
        self.remove_raw(
            TreeName::TemplateByName,
            keys::template_name(template.team, &name_key(&template.name)),
        )
    }

    pub fn append_audit(&self, entry: &AuditEntry) -> Result<(), TxError> {
        self.put(entry)
    }

    /// Writes an outbox message and keeps the queue of due messages current.
    pub fn queue_mail(&self, message: &OutboxMessage) -> Result<(), TxError> {
        let before = self.get::<OutboxMessage>(message.id.as_bytes())?;
        if let Some(due) = before.as_ref().and_then(OutboxMessage::due) {
            self.remove_raw(TreeName::OutboxDue, keys::timed(due, message.id.as_bytes()))?;
        }
        if let Some(due) = message.due() {
            self.put_raw(
                TreeName::OutboxDue,
                keys::timed(due, message.id.as_bytes()),
                Vec::new(),
            )?;
        }
        self.put(message)
    }

    pub fn put_billing_account(&self, account: &BillingAccount) -> Result<(), TxError> {
        self.put(account)
    }

    pub fn put_adjustment(&self, adjustment: &Adjustment) -> Result<(), TxError> {
        self.put(adjustment)
    }

    pub fn remove_adjustment(&self, adjustment: &Adjustment) -> Result<(), TxError> {
        self.remove_raw(TreeName::Adjustments, adjustment.key())
    }

    /// Writes an issued invoice; one per team and period, never rewritten.
    pub fn put_invoice(&self, invoice: &Invoice) -> Result<(), TxError> {
        self.put(invoice)
    }
}
