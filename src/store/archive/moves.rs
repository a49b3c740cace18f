//! Moving history into the archive, and an invitation back out of it.
//!
//! A move of a batch, each step durable before the next:
//!
//! 1. the working store notes the batch as pending (`meta`);
//! 2. the archive takes a copy of each record with its archive indexes;
//! 3. one transaction of the working store deletes the records and their
//!    indexes, counts them as archived, and clears the note.
//!
//! A crash before 3 leaves the records in both stores (readers take the
//! working store's copy); opening the store finds the note and runs 2 and 3
//! again, which write the same bytes. Bringing an invitation back (its
//! link is opened again) runs the other way: the working store takes it
//! and notes it, the archive drops it, the note is cleared.

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::outbox::OutboxMessage;
use crate::domain::{AuditEntry, AuditId, Invitation, InvitationId, MessageId, Team, TeamId};
use crate::store::derived::{self, Counter, Entry};
use crate::store::rows::{self, InvitationRow, RowState};
use crate::store::{Reads, Record, Store, StoreError, TreeName, Tx, TxError, codec, keys};

/// The note of a move in progress, in the working store's `meta`.
const PENDING_KEY: &[u8] = b"archive_pending";
/// Records moved in one batch: one archive transaction, one of the store.
pub const BATCH: usize = 1_000;

/// One record a move names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Item {
    Invitation(InvitationId),
    Message(MessageId),
    Audit(Option<TeamId>, AuditId),
}

/// A move that has begun and not yet finished.
#[derive(Debug, Serialize, Deserialize)]
pub(super) enum Pending {
    ToArchive(Vec<Item>),
    ToStore(Vec<Item>),
}

/// The records step 2 of a move copied, for step 3 to delete.
#[derive(Default)]
pub(super) struct Copied {
    invitations: Vec<Invitation>,
    messages: Vec<OutboxMessage>,
    audit: Vec<AuditEntry>,
}

/// What a sweep moved into the archive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Swept {
    pub invitations: usize,
    pub messages: usize,
    pub audit_entries: usize,
}

impl Swept {
    fn add(&mut self, other: Swept) {
        self.invitations += other.invitations;
        self.messages += other.messages;
        self.audit_entries += other.audit_entries;
    }

    pub fn is_empty(&self) -> bool {
        *self == Swept::default()
    }
}

/// A storage failure of a store-level step (a transaction's abort carries
/// the workspace's error type).
fn as_store_error(error: crate::Error) -> StoreError {
    match error {
        crate::Error::Store(error) => error,
        other => StoreError::Corrupt(other.to_string()),
    }
}

/// The archive's share of a record's index entries.
fn kept_in_archive(entries: Vec<Entry>) -> Vec<Entry> {
    entries
        .into_iter()
        .filter(|entry| super::TREES.contains(&entry.tree))
        .collect()
}

impl Tx<'_> {
    /// Takes an invitation out of the working store's trees, counting it as archived.
    fn unlist_invitation(&self, invitation: &Invitation) -> Result<(), TxError> {
        self.replace_entries(self.invitation_entries(invitation)?, Vec::new())?;
        self.add_counts(vec![(
            Some(invitation.team),
            Counter::ArchivedInvitations,
            1,
        )])?;
        self.remove_raw(TreeName::Invitations, invitation.key())
    }

    /// Puts an archived invitation back with its indexes, no longer archived.
    fn relist_invitation(&self, invitation: &Invitation) -> Result<(), TxError> {
        self.replace_entries(Vec::new(), self.invitation_entries(invitation)?)?;
        self.add_counts(vec![(
            Some(invitation.team),
            Counter::ArchivedInvitations,
            -1,
        )])?;
        self.put_raw(
            TreeName::Invitations,
            invitation.key(),
            codec::encode(invitation),
        )
    }
}

impl Store {
    fn pending(&self) -> Result<Option<Pending>, StoreError> {
        match self
            .tree(TreeName::Meta)
            .get(PENDING_KEY)
            .map_err(|e| self.fault(e))?
        {
            Some(bytes) => rows::decode("pending archive move", &bytes).map(Some),
            None => Ok(None),
        }
    }

    pub(super) fn note_pending(&self, pending: &Pending) -> Result<(), StoreError> {
        self.tree(TreeName::Meta)
            .insert(PENDING_KEY, rows::encode(pending))
            .map_err(|e| self.fault(e))?;
        self.flush()
    }

    /// Finishes a move a crash cut short (see the module docs); run on open.
    pub(in crate::store) fn finish_interrupted_move(&self) -> Result<(), StoreError> {
        match self.pending()? {
            None => Ok(()),
            Some(Pending::ToArchive(items)) => {
                tracing::warn!("finishing a move into the archive that was cut short");
                self.copy_then_delete(&items).map(|_| ())
            }
            Some(Pending::ToStore(items)) => {
                tracing::warn!("finishing a move out of the archive that was cut short");
                self.drop_from_archive(&items)?;
                self.clear_pending()
            }
        }
    }

    fn clear_pending(&self) -> Result<(), StoreError> {
        self.tree(TreeName::Meta)
            .remove(PENDING_KEY)
            .map_err(|e| self.fault(e))?;
        self.flush()
    }

    /// Moves everything that is history at `cutoff` into the archive, a
    /// batch at a time, each batch under `writer` (the lock every change
    /// of the store takes), so changes go on between batches.
    pub fn archive_history(
        &self,
        cutoff: DateTime<Utc>,
        writer: &Mutex<()>,
    ) -> Result<Swept, StoreError> {
        let mut swept = Swept::default();
        let mut batch = Vec::new();
        let mut flush_batch = |batch: &mut Vec<Item>| -> Result<(), StoreError> {
            if batch.is_empty() {
                return Ok(());
            }
            let _writer = writer.lock().unwrap_or_else(|p| p.into_inner());
            swept.add(self.move_to_archive(cutoff, batch)?);
            batch.clear();
            Ok(())
        };
        let mut teams: Vec<Option<TeamId>> = vec![None];
        for team in self.all::<Team>() {
            teams.push(Some(team?.id));
        }
        for team in &teams {
            if let Some(team) = team {
                self.invitations_due(*team, cutoff, &mut batch, &mut flush_batch)?;
            }
            self.audit_due(*team, cutoff, &mut batch, &mut flush_batch)?;
        }
        for message in self.all::<OutboxMessage>() {
            let message = message?;
            if message.is_history(cutoff) {
                batch.push(Item::Message(message.id));
                if batch.len() >= BATCH {
                    flush_batch(&mut batch)?;
                }
            }
        }
        flush_batch(&mut batch)?;
        Ok(swept)
    }

    /// Adds a team's closed invitations that are history to `batch`, oldest
    /// first, stopping in each state at the first sent after `cutoff`.
    fn invitations_due(
        &self,
        team: TeamId,
        cutoff: DateTime<Utc>,
        batch: &mut Vec<Item>,
        flush: &mut impl FnMut(&mut Vec<Item>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let cutoff_ms = rows::millis(cutoff);
        for state in [RowState::Revoked, RowState::Superseded, RowState::Accepted] {
            let prefix = keys::invitation_class(team, state.class());
            for entry in self
                .tree(TreeName::InvitationRows)
                .scan_prefix(prefix)
                .rev()
            {
                let (_, value) = entry.map_err(|e| self.fault(e))?;
                let row: InvitationRow = rows::decode("invitation_rows", &value)?;
                if row.sent_at > cutoff_ms {
                    break;
                }
                if row.closed_at.is_some_and(|at| at <= cutoff_ms) {
                    batch.push(Item::Invitation(row.id));
                    if batch.len() >= BATCH {
                        flush(batch)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Adds a team's audit entries written by `cutoff` to `batch`, oldest first.
    fn audit_due(
        &self,
        team: Option<TeamId>,
        cutoff: DateTime<Utc>,
        batch: &mut Vec<Item>,
        flush: &mut impl FnMut(&mut Vec<Item>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for entry in self
            .tree(TreeName::Audit)
            .scan_prefix(keys::team_or_nil(team))
        {
            let (_, value) = entry.map_err(|e| self.fault(e))?;
            let entry: AuditEntry = codec::decode(&value)?;
            if !entry.is_history(cutoff) {
                break;
            }
            batch.push(Item::Audit(entry.team, entry.id));
            if batch.len() >= BATCH {
                flush(batch)?;
            }
        }
        Ok(())
    }

    /// Moves one batch, after checking again (under the writer lock) that
    /// each record is still history; an invitation takes its settled emails
    /// along, and stays while one of them is still to be sent.
    fn move_to_archive(&self, cutoff: DateTime<Utc>, batch: &[Item]) -> Result<Swept, StoreError> {
        let mut items = Vec::with_capacity(batch.len());
        for item in batch {
            match *item {
                Item::Invitation(id) => {
                    let Some(invitation) = self.get_hot::<Invitation>(id.as_bytes())? else {
                        continue;
                    };
                    let emails = [Some(invitation.message), invitation.reminder];
                    let mut settled = Vec::new();
                    let mut waiting = false;
                    for id in emails.into_iter().flatten() {
                        match self.get_hot::<OutboxMessage>(id.as_bytes())? {
                            Some(message) if message.settled_at().is_none() => waiting = true,
                            Some(_) => settled.push(Item::Message(id)),
                            None => {}
                        }
                    }
                    if invitation.is_history(cutoff) && !waiting {
                        items.push(*item);
                        items.extend(settled);
                    }
                }
                Item::Message(id) => {
                    if self
                        .get_hot::<OutboxMessage>(id.as_bytes())?
                        .is_some_and(|m| m.is_history(cutoff))
                        && !items.contains(item)
                    {
                        items.push(*item);
                    }
                }
                Item::Audit(..) => items.push(*item),
            }
        }
        if items.is_empty() {
            return Ok(Swept::default());
        }
        self.note_pending(&Pending::ToArchive(items.clone()))?;
        self.copy_then_delete(&items)
    }

    /// A record of the working store, by key.
    fn get_hot<T: Record>(&self, key: &[u8]) -> Result<Option<T>, StoreError> {
        match self.tree(T::TREE).get(key).map_err(|e| self.fault(e))? {
            Some(bytes) => Ok(Some(codec::decode(&bytes)?)),
            None => Ok(None),
        }
    }

    /// The name rows give a person (as the working store's transactions do).
    fn row_name(&self, id: crate::domain::AccountId) -> Result<String, StoreError> {
        Ok(self
            .get_hot::<crate::domain::Account>(id.as_bytes())?
            .map_or_else(|| derived::UNKNOWN_NAME.to_owned(), |a| a.name))
    }

    /// The archive's index entries of an invitation.
    fn archive_entries(&self, invitation: &Invitation) -> Result<Vec<Entry>, StoreError> {
        let inviter = self.row_name(invitation.invited_by)?;
        let revoker = match invitation.state {
            crate::domain::InvitationState::Revoked { by, .. } => Some(self.row_name(by)?),
            _ => None,
        };
        Ok(kept_in_archive(derived::invitation_entries(
            invitation,
            &inviter,
            revoker.as_deref(),
        )))
    }

    /// Steps 2 and 3 of a move: copies what is still in the working store
    /// into the archive, then deletes it here and clears the note.
    fn copy_then_delete(&self, items: &[Item]) -> Result<Swept, StoreError> {
        let copied = self.copy_to_archive(items)?;
        self.delete_copied(&copied)
    }

    /// Step 2 of a move: the archive takes a copy of each record the
    /// working store still holds, with its archive indexes.
    pub(super) fn copy_to_archive(&self, items: &[Item]) -> Result<Copied, StoreError> {
        let archive = self.archive_to_write()?;
        let mut copies: Vec<Entry> = Vec::new();
        let mut copied = Copied::default();
        for item in items {
            let (tree, key) = item_key(item);
            let Some(bytes) = self.tree(tree).get(&key).map_err(|e| self.fault(e))? else {
                continue;
            };
            match item {
                Item::Invitation(_) => {
                    let invitation: Invitation = codec::decode(&bytes)?;
                    copies.extend(self.archive_entries(&invitation)?);
                    copied.invitations.push(invitation);
                }
                Item::Message(_) => copied.messages.push(codec::decode(&bytes)?),
                Item::Audit(..) => copied.audit.push(codec::decode(&bytes)?),
            }
            copies.push(Entry {
                tree,
                key,
                value: bytes.to_vec(),
            });
        }
        archive.write(|trees| {
            for copy in &copies {
                let tree = trees[copy.tree as usize].expect("an archive tree");
                tree.insert(copy.key.as_slice(), copy.value.as_slice())?;
            }
            Ok(())
        })?;
        Ok(copied)
    }

    /// Step 3 of a move: one transaction deletes the copied records and
    /// their indexes here, counts them as archived and clears the note.
    fn delete_copied(&self, copied: &Copied) -> Result<Swept, StoreError> {
        self.write(|tx| {
            for invitation in &copied.invitations {
                tx.unlist_invitation(invitation)?;
            }
            for message in &copied.messages {
                tx.replace_entries(derived::message_entries(message), Vec::new())?;
                tx.remove_raw(TreeName::Outbox, message.key())?;
            }
            for entry in &copied.audit {
                tx.add_counts(vec![(entry.team, Counter::ArchivedAudit, 1)])?;
                tx.remove_raw(TreeName::Audit, entry.key())?;
            }
            tx.remove_raw(TreeName::Meta, PENDING_KEY.to_vec())
        })
        .map_err(as_store_error)?;
        Ok(Swept {
            invitations: copied.invitations.len(),
            messages: copied.messages.len(),
            audit_entries: copied.audit.len(),
        })
    }

    /// Brings an archived invitation back into the working store (its link
    /// was opened again, and the refusal is recorded on it); false when
    /// the archive does not hold it.
    pub fn restore_invitation(&self, id: InvitationId) -> Result<bool, crate::Error> {
        let Some(archive) = self.history()? else {
            return Ok(false);
        };
        let Some(invitation) = archive.get::<Invitation>(id.as_bytes())? else {
            return Ok(false);
        };
        let pending = rows::encode(&Pending::ToStore(vec![Item::Invitation(id)]));
        self.write(|tx| {
            if tx.invitation(id)?.is_none() {
                tx.relist_invitation(&invitation)?;
            }
            tx.put_raw(TreeName::Meta, PENDING_KEY.to_vec(), pending.clone())
        })?;
        self.drop_from_archive(&[Item::Invitation(id)])?;
        self.clear_pending()?;
        Ok(true)
    }

    /// Deletes records and their archive indexes from the archive.
    fn drop_from_archive(&self, items: &[Item]) -> Result<(), StoreError> {
        let Some(archive) = self.history()? else {
            return Ok(());
        };
        let mut doomed = Vec::new();
        for item in items {
            let (tree, key) = item_key(item);
            if let Item::Invitation(id) = item
                && let Some(invitation) = archive.get::<Invitation>(id.as_bytes())?
            {
                doomed.extend(self.archive_entries(&invitation)?);
            }
            doomed.push(Entry {
                tree,
                key,
                value: Vec::new(),
            });
        }
        archive.write(|trees| {
            for entry in &doomed {
                let tree = trees[entry.tree as usize].expect("an archive tree");
                tree.remove(entry.key.as_slice())?;
            }
            Ok(())
        })
    }
}

/// Where a record a move names is kept.
fn item_key(item: &Item) -> (TreeName, Vec<u8>) {
    match *item {
        Item::Invitation(id) => (TreeName::Invitations, id.as_bytes().to_vec()),
        Item::Message(id) => (TreeName::Outbox, id.as_bytes().to_vec()),
        Item::Audit(team, id) => (TreeName::Audit, keys::audit(team, id.as_bytes())),
    }
}
