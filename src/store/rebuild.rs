//! Building indexes and team counters again from the records alone: every
//! one for the migration of a schema 1 or 2 store and as the last step of
//! `import` (which writes records only), the SSH key index alone for a
//! schema 3 store. Entries are written one by one outside transactions and
//! flushed once; the caller marks the work done only after that, so a
//! crash midway is followed by the same build again.

use std::collections::HashMap;

use super::derived::{self, Count, Counter, Entry, INDEXES, UNKNOWN_NAME};
use super::{Store, StoreError, TreeName, keys};
use crate::domain::outbox::OutboxMessage;
use crate::domain::{
    Account, AccountId, Invitation, InvitationState, Membership, Team, TeamId, Template,
};

/// Writes index entries as they are worked out, one insert each: sled
/// keeps a batch's whole write in memory well after it is applied (an
/// import of 100,000 members and as many invitations peaked at 650–730 MB
/// with batches of 20,000 entries, and stays under 200 MB without).
struct Writer<'a> {
    store: &'a Store,
}

impl Writer<'_> {
    fn add(&self, entries: Vec<Entry>) -> Result<(), StoreError> {
        for entry in entries {
            self.store
                .tree(entry.tree)
                .insert(entry.key, entry.value)
                .map_err(|e| self.store.fault(e))?;
        }
        Ok(())
    }
}

/// Names of people, read once each: rows name a team's few inviters over and over.
struct Names<'a> {
    store: &'a Store,
    known: HashMap<AccountId, String>,
}

impl Names<'_> {
    fn of(&mut self, id: AccountId) -> Result<String, StoreError> {
        if let Some(name) = self.known.get(&id) {
            return Ok(name.clone());
        }
        let name = self
            .store
            .get_account(id)?
            .map_or_else(|| UNKNOWN_NAME.to_owned(), |account| account.name);
        self.known.insert(id, name.clone());
        Ok(name)
    }

    /// The index entries of an invitation, with the names its row shows.
    pub fn invitation_entries(
        &mut self,
        invitation: &Invitation,
    ) -> Result<Vec<Entry>, StoreError> {
        let inviter = self.of(invitation.invited_by)?;
        let revoker = match invitation.state {
            InvitationState::Revoked { by, .. } => Some(self.of(by)?),
            _ => None,
        };
        Ok(derived::invitation_entries(
            invitation,
            &inviter,
            revoker.as_deref(),
        ))
    }
}

impl Store {
    pub(super) fn get_account(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        match self
            .tree(TreeName::Accounts)
            .get(id.as_bytes())
            .map_err(|e| self.fault(e))?
        {
            Some(bytes) => super::codec::decode(&bytes).map(Some),
            None => Ok(None),
        }
    }

    /// Clears the SSH key index, then writes it again from the accounts.
    pub(super) fn rebuild_key_index(&self) -> Result<(), StoreError> {
        self.tree(TreeName::AccountByKey)
            .clear()
            .map_err(|e| self.fault(e))?;
        let writer = Writer { store: self };
        for account in self.all::<Account>() {
            let mut entries = derived::account_entries(&account?);
            entries.retain(|entry| entry.tree == TreeName::AccountByKey);
            writer.add(entries)?;
        }
        self.flush()
    }

    /// Clears every index and counter, then writes each again from the
    /// records of the working store (and counts those of the archive).
    pub(super) fn rebuild_derived(&self) -> Result<(), StoreError> {
        for tree in INDEXES.into_iter().chain([TreeName::TeamCounts]) {
            self.tree(tree).clear().map_err(|e| self.fault(e))?;
        }
        let writer = Writer { store: self };
        let mut counts: HashMap<(Option<TeamId>, Counter), i64> = HashMap::new();
        let mut count = |changes: Vec<Count>| {
            for (team, counter, delta) in changes {
                *counts.entry((team, counter)).or_default() += delta;
            }
        };
        for account in self.all::<Account>() {
            writer.add(derived::account_entries(&account?))?;
        }
        let mut owners = HashMap::new();
        for team in self.all::<Team>() {
            let team = team?;
            writer.add(derived::team_entries(&team))?;
            owners.insert(team.id, team.owner);
        }
        for membership in self.all::<Membership>() {
            let membership = membership?;
            let holder = self.get_account(membership.account)?;
            let owner = owners.get(&membership.team) == Some(&membership.account);
            writer.add(derived::membership_entries(
                &membership,
                holder.as_ref().map(|a| (a.name.as_str(), &a.email)),
                owner,
            ))?;
            count(derived::membership_counts(&membership));
        }
        let mut names = Names {
            store: self,
            known: HashMap::new(),
        };
        for invitation in self.all::<Invitation>() {
            let invitation = invitation?;
            writer.add(names.invitation_entries(&invitation)?)?;
            count(derived::invitation_counts(&invitation));
        }
        for template in self.all::<Template>() {
            writer.add(derived::template_entries(&template?))?;
        }
        for message in self.all::<OutboxMessage>() {
            writer.add(derived::message_entries(&message?))?;
        }
        if let Some(archive) = self.history()? {
            for invitation in archive.all::<Invitation>() {
                let invitation = invitation?;
                count(derived::invitation_counts(&invitation));
                count(vec![(
                    Some(invitation.team),
                    Counter::ArchivedInvitations,
                    1,
                )]);
            }
            for entry in archive.all::<crate::domain::AuditEntry>() {
                count(vec![(entry?.team, Counter::ArchivedAudit, 1)]);
            }
        }
        writer.add(
            counts
                .into_iter()
                .filter(|(_, value)| *value != 0)
                .map(|((team, counter), value)| Entry {
                    tree: TreeName::TeamCounts,
                    key: keys::team_count(team, counter as u8),
                    value: value.to_be_bytes().to_vec(),
                })
                .collect(),
        )?;
        self.flush()
    }
}
