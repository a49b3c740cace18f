//! History reads: the working store first, then the archive, one record
//! once. Only these open the archive, and only when the working store
//! cannot answer alone.

use super::Archive;
use crate::domain::invitation::TokenHash;
use crate::domain::outbox::OutboxMessage;
use crate::domain::{AuditEntry, Email, Invitation, InvitationId, MessageId, TeamId};
use crate::store::merge::{Merged, Run};
use crate::store::{Record, Store, StoreError, TreeName, codec, keys};

impl Archive {
    /// The records an index of the archive leads to from `prefix`.
    fn follow(&self, index: TreeName, prefix: &[u8]) -> Result<Vec<Invitation>, StoreError> {
        let mut found = Vec::new();
        for entry in self.tree(index).scan_prefix(prefix) {
            let (key, value) = entry.map_err(|e| self.fault(e))?;
            let id = match index {
                TreeName::InvitationByToken => <[u8; 16]>::try_from(value.as_ref()).ok(),
                _ => keys::trailing_id(&key),
            }
            .ok_or_else(|| {
                StoreError::Corrupt(format!("a malformed archived {} entry", index.as_str()))
            })?;
            if let Some(invitation) = self.get::<Invitation>(&id)? {
                found.push(invitation);
            }
        }
        Ok(found)
    }
}

impl Store {
    /// An invitation wherever it is kept.
    pub fn find_invitation(&self, id: InvitationId) -> Result<Option<Invitation>, StoreError> {
        self.find(id.as_bytes())
    }

    /// An outbox message wherever it is kept.
    pub fn find_message(&self, id: MessageId) -> Result<Option<OutboxMessage>, StoreError> {
        self.find(id.as_bytes())
    }

    fn find<T: Record>(&self, key: &[u8]) -> Result<Option<T>, StoreError> {
        if let Some(bytes) = self.tree(T::TREE).get(key).map_err(|e| self.fault(e))? {
            return codec::decode(&bytes).map(Some);
        }
        match self.history()? {
            Some(archive) => archive.get(key),
            None => Ok(None),
        }
    }

    /// Every invitation ever sent to an address, across all teams, history included.
    pub fn invitations_ever_for(&self, email: &Email) -> Result<Vec<Invitation>, StoreError> {
        let mut found = self.invitations_for(email)?;
        if let Some(archive) = self.history()? {
            for invitation in
                archive.follow(TreeName::InvitationByEmail, &keys::email_prefix(email))?
            {
                if !found.iter().any(|i| i.id == invitation.id) {
                    found.push(invitation);
                }
            }
        }
        Ok(found)
    }

    /// The invitation a link's token belongs to, and whether it is history
    /// (archived): a closed link opened again long after still says why.
    pub fn invitation_ever_by_token(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<(Invitation, bool)>, StoreError> {
        if let Some(id) = self
            .tree(TreeName::InvitationByToken)
            .get(hash)
            .map_err(|e| self.fault(e))?
        {
            let id = <[u8; 16]>::try_from(id.as_ref()).map_err(|_| {
                StoreError::Corrupt("an index entry for a token is not an id".into())
            })?;
            return Ok(self
                .find_invitation(InvitationId::from_bytes(id))?
                .map(|invitation| (invitation, false)));
        }
        match self.history()? {
            Some(archive) => Ok(archive
                .follow(TreeName::InvitationByToken, hash)?
                .into_iter()
                .next()
                .map(|invitation| (invitation, true))),
            None => Ok(None),
        }
    }

    /// Up to `limit` distinct invited addresses starting with `prefix`, in
    /// order, history included.
    pub fn invited_addresses_ever(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<Email>, StoreError> {
        let mut runs: Vec<Run<'_>> =
            vec![self.address_run(self.tree(TreeName::InvitationByEmail), prefix)];
        if let Some(archive) = self.history()? {
            runs.push(self.address_run(archive.tree(TreeName::InvitationByEmail), prefix));
        }
        self.distinct_addresses(Merged::new(runs, 0, false), limit)
    }

    fn address_run<'a>(&'a self, tree: &'a sled::Tree, prefix: &str) -> Run<'a> {
        Box::new(
            tree.scan_prefix(prefix.as_bytes())
                .map(move |entry| entry.map_err(|e| self.fault(e))),
        )
    }

    /// The newest `limit` audit entries of a team (or of no team), newest
    /// first, history included: the archive is opened only when the
    /// working store holds fewer and the team has archived entries.
    pub fn audit_ever_of(
        &self,
        team: Option<TeamId>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let recent = self.audit_of(team, limit)?;
        if recent.len() >= limit || self.team_counts(team)?.archived_audit == 0 {
            return Ok(recent);
        }
        let Some(archive) = self.history()? else {
            return Ok(recent);
        };
        let prefix = keys::team_or_nil(team);
        let runs: Vec<Run<'_>> = vec![
            Box::new(
                self.tree(TreeName::Audit)
                    .scan_prefix(prefix)
                    .rev()
                    .map(|entry| entry.map_err(|e| self.fault(e))),
            ),
            Box::new(
                archive
                    .tree(TreeName::Audit)
                    .scan_prefix(prefix)
                    .rev()
                    .map(|entry| entry.map_err(|e| self.fault(e))),
            ),
        ];
        Merged::new(runs, 0, true)
            .take(limit)
            .map(|entry| codec::decode(&entry?.1))
            .collect()
    }

    /// Every outbox message, history included, in key order.
    pub fn messages_ever(&self) -> Result<Merged<'_>, StoreError> {
        self.records_ever(TreeName::Outbox)
    }

    /// Every entry of a record tree, the archive's after the working
    /// store's in one key order, each record once.
    pub fn records_ever(&self, tree: TreeName) -> Result<Merged<'_>, StoreError> {
        let mut runs: Vec<Run<'_>> = vec![Box::new(
            self.tree(tree)
                .iter()
                .map(|entry| entry.map_err(|e| self.fault(e))),
        )];
        if super::TREES.contains(&tree)
            && let Some(archive) = self.history()?
        {
            runs.push(Box::new(
                archive
                    .tree(tree)
                    .iter()
                    .map(|entry| entry.map_err(|e| self.fault(e))),
            ));
        }
        Ok(Merged::new(runs, 0, false))
    }
}
