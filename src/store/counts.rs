//! The numbers kept per team (`team_counts`), read without scanning the
//! records they count: a header or a billing summary of a team of 100,000
//! reads a handful of keys.

use chrono::{DateTime, Utc};

use super::derived::Counter;
use super::{Store, StoreError, TreeName, keys};
use crate::domain::TeamId;

/// A counter's value from its bytes (a big-endian signed number, so that
/// drift below zero shows in `doctor` instead of wrapping).
pub fn decode(bytes: &[u8]) -> Result<i64, StoreError> {
    <[u8; 8]>::try_from(bytes)
        .map(i64::from_be_bytes)
        .map_err(|_| StoreError::Corrupt("a team counter is unreadable".into()))
}

/// What a team's counters say, history included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TeamCounts {
    pub members: u64,
    pub billable_seats: u64,
    pub assistants: u64,
    pub admins: u64,
    pub template_managers: u64,
    /// Members whose role is member.
    pub member_role: u64,
    /// Pending or expired.
    pub open_invitations: u64,
    pub revoked_invitations: u64,
    pub superseded_invitations: u64,
    pub accepted_invitations: u64,
    /// Of all the above invitations, how many are in the archive.
    pub archived_invitations: u64,
    pub archived_audit: u64,
}

impl TeamCounts {
    fn set(&mut self, counter: Counter, value: u64) {
        let slot = match counter {
            Counter::Members => &mut self.members,
            Counter::BillableSeats => &mut self.billable_seats,
            Counter::Assistants => &mut self.assistants,
            Counter::OpenInvitations => &mut self.open_invitations,
            Counter::RevokedInvitations => &mut self.revoked_invitations,
            Counter::SupersededInvitations => &mut self.superseded_invitations,
            Counter::AcceptedInvitations => &mut self.accepted_invitations,
            Counter::ArchivedInvitations => &mut self.archived_invitations,
            Counter::ArchivedAudit => &mut self.archived_audit,
            Counter::Admins => &mut self.admins,
            Counter::TemplateManagers => &mut self.template_managers,
            Counter::MemberRole => &mut self.member_role,
        };
        *slot = value;
    }

    /// Every invitation of the team ever sent.
    pub fn invitations(&self) -> u64 {
        self.open_invitations
            + self.revoked_invitations
            + self.superseded_invitations
            + self.accepted_invitations
    }
}

impl Store {
    /// A team's counters (or those of no team: archived audit entries).
    pub fn team_counts(&self, team: Option<TeamId>) -> Result<TeamCounts, StoreError> {
        let mut counts = TeamCounts::default();
        for entry in self
            .tree(TreeName::TeamCounts)
            .scan_prefix(keys::team_or_nil(team))
        {
            let (key, value) = entry.map_err(|e| self.fault(e))?;
            let counter = key.get(16).and_then(|&byte| Counter::from_byte(byte));
            if let (Some(counter), 17) = (counter, key.len()) {
                // Drift below zero reads as none; `doctor` names it.
                counts.set(counter, u64::try_from(decode(&value)?).unwrap_or(0));
            }
        }
        Ok(counts)
    }

    /// How many of a team's open invitations have expired at `now`: one
    /// range scan of the expiry index over the expired ones only.
    pub fn expired_invitations(&self, team: TeamId, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let start = team.as_bytes().to_vec();
        let end = keys::open_expiry_bound(team, now);
        let mut expired = 0;
        for entry in self.tree(TreeName::OpenInvitationExpiry).range(start..end) {
            entry.map_err(|e| self.fault(e))?;
            expired += 1;
        }
        Ok(expired)
    }
}
