//! Reads of committed records in the working store: prefix scans of a
//! group (a team's members, an address's invitations), index walks and the
//! time-ordered queues. History moved to the archive is read through
//! [`super::archive`].

use chrono::{DateTime, Utc};

use sled::IVec;

use super::{Record, Store, StoreError, TreeName, codec, keys};
use crate::billing::invoice::Invoice;
use crate::billing::ledger::Adjustment;
use crate::domain::{
    AuditEntry, Email, Invitation, InvitationId, Membership, MessageId, Team, TeamId, Template,
};

impl Store {
    pub(super) fn scan_values<T: Record>(
        &self,
        tree: TreeName,
        prefix: &[u8],
    ) -> Result<Vec<T>, StoreError> {
        self.tree(tree)
            .scan_prefix(prefix)
            .map(|entry| codec::decode(&entry.map_err(|e| self.fault(e))?.1))
            .collect()
    }

    /// Follows an index whose keys end in a record id to the records.
    pub(super) fn follow_index<T: Record>(
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

    /// A team's invitations in the working store (open ones, and those
    /// closed too recently to be history), by state, newest first.
    pub fn invitations_of(&self, team: TeamId) -> Result<Vec<Invitation>, StoreError> {
        self.rows_to_invitations(team.as_bytes())
    }

    /// A team's open (pending or expired) invitations, newest first.
    pub fn open_invitations_of(&self, team: TeamId) -> Result<Vec<Invitation>, StoreError> {
        self.rows_to_invitations(&keys::invitation_class(team, 0))
    }

    /// The invitations whose `invitation_rows` start with `prefix`, in row order.
    fn rows_to_invitations(&self, prefix: &[u8]) -> Result<Vec<Invitation>, StoreError> {
        let mut found = Vec::new();
        for entry in self.tree(TreeName::InvitationRows).scan_prefix(prefix) {
            let (_, value) = entry.map_err(|e| self.fault(e))?;
            let row: super::rows::InvitationRow = super::rows::decode("invitation_rows", &value)?;
            let bytes = self
                .tree(TreeName::Invitations)
                .get(row.id.as_bytes())
                .map_err(|e| self.fault(e))?
                .ok_or_else(|| {
                    StoreError::Corrupt("invitation_rows points at a missing invitation".into())
                })?;
            found.push(codec::decode(&bytes)?);
        }
        Ok(found)
    }

    /// A team's open invitations whose link expired by `now`, by expiry.
    pub fn expired_invitations_of(
        &self,
        team: TeamId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Invitation>, StoreError> {
        let mut found = Vec::new();
        let end = keys::open_expiry_bound(team, now);
        for entry in self
            .tree(TreeName::OpenInvitationExpiry)
            .range(team.as_bytes().to_vec()..end)
        {
            let (key, _) = entry.map_err(|e| self.fault(e))?;
            let id = keys::trailing_id(&key).ok_or_else(|| {
                StoreError::Corrupt("a malformed open_invitation_expiry key".into())
            })?;
            let bytes = self
                .tree(TreeName::Invitations)
                .get(id)
                .map_err(|e| self.fault(e))?
                .ok_or_else(|| {
                    StoreError::Corrupt(
                        "open_invitation_expiry points at a missing invitation".into(),
                    )
                })?;
            found.push(codec::decode(&bytes)?);
        }
        Ok(found)
    }

    /// Every invitation in the working store sent to an address, across all teams.
    pub fn invitations_for(&self, email: &Email) -> Result<Vec<Invitation>, StoreError> {
        self.follow_index(TreeName::InvitationByEmail, &keys::email_prefix(email))
    }

    /// Up to `limit` distinct invited addresses starting with `prefix`, in order.
    pub fn invited_addresses(&self, prefix: &str, limit: usize) -> Result<Vec<Email>, StoreError> {
        let entries = self
            .tree(TreeName::InvitationByEmail)
            .scan_prefix(prefix.as_bytes())
            .map(|entry| entry.map_err(|e| self.fault(e)));
        self.distinct_addresses(entries, limit)
    }

    /// The first `limit` distinct addresses of `invitation_by_email` entries in key order.
    pub(super) fn distinct_addresses(
        &self,
        entries: impl Iterator<Item = Result<(IVec, IVec), StoreError>>,
        limit: usize,
    ) -> Result<Vec<Email>, StoreError> {
        let mut addresses: Vec<Email> = Vec::new();
        for entry in entries {
            let (key, _) = entry?;
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
    pub(super) fn timed_ids(
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
}
