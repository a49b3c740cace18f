//! Windows on a team's lists: the rows of the display-order indexes, read
//! lazily. The first page of a team of 100,000 is one prefix scan; a window
//! further down skips the rows before it without decoding them.

use chrono::{DateTime, Utc};

use super::merge::{Merged, Run};
use super::rows::{self, InvitationRow, MemberRow, RowState};
use super::{Store, StoreError, TreeName, keys};
use crate::domain::{InvitationStatus, TeamId};

/// Which of a team's invitations a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationFilter {
    /// Every invitation ever sent, history included (opens the archive
    /// when the team has archived invitations).
    All,
    /// Those in the working store: open ones, and those closed within the
    /// retention window. Never opens the archive.
    Current,
    /// Pending or expired.
    Open,
    /// One status; revoked, superseded and accepted include history.
    Status(InvitationStatus),
}

/// A run of rows in list order.
pub type Rows<'a, T> = Box<dyn Iterator<Item = Result<T, StoreError>> + 'a>;

/// Bytes of an `invitation_rows` key before its sort order: team and class.
const ROW_PREFIX: usize = 17;

impl Store {
    /// A team's members in display order (by name, then address).
    pub fn member_rows(&self, team: TeamId) -> Rows<'_, MemberRow> {
        Box::new(
            self.tree(TreeName::MemberRows)
                .scan_prefix(team.as_bytes())
                .map(move |entry| {
                    let (_, value) = entry.map_err(|e| self.fault(e))?;
                    rows::decode("member_rows", &value)
                }),
        )
    }

    /// Up to `limit` members of a team from position `offset`, in display order.
    pub fn members_window(
        &self,
        team: TeamId,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<MemberRow>, StoreError> {
        window(
            self.tree(TreeName::MemberRows)
                .scan_prefix(team.as_bytes())
                .map(|entry| entry.map_err(|e| self.fault(e))),
            offset,
            limit,
            "member_rows",
        )
    }

    /// A team's invitations that `filter` shows, newest first (pending and
    /// expired ones by expiry, newest first: the same order for links made
    /// here, whose expiry follows their sending by 30 days).
    pub fn invitation_rows(
        &self,
        team: TeamId,
        filter: InvitationFilter,
        now: DateTime<Utc>,
    ) -> Result<Rows<'_, InvitationRow>, StoreError> {
        let entries = self.invitation_entries(team, filter, now)?;
        Ok(Box::new(entries.map(|entry| {
            let (_, value) = entry?;
            rows::decode("invitation_rows", &value)
        })))
    }

    /// Up to `limit` of a team's invitations that `filter` shows, from position `offset`.
    pub fn invitations_window(
        &self,
        team: TeamId,
        filter: InvitationFilter,
        now: DateTime<Utc>,
        (offset, limit): (usize, usize),
    ) -> Result<Vec<InvitationRow>, StoreError> {
        window(
            self.invitation_entries(team, filter, now)?,
            offset,
            limit,
            "invitation_rows",
        )
    }

    /// How many of a team's invitations `filter` shows, from the counters.
    pub fn invitations_shown(
        &self,
        team: TeamId,
        filter: InvitationFilter,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let counts = self.team_counts(Some(team))?;
        Ok(match filter {
            InvitationFilter::All => counts.invitations(),
            InvitationFilter::Current => counts
                .invitations()
                .saturating_sub(counts.archived_invitations),
            InvitationFilter::Open => counts.open_invitations,
            InvitationFilter::Status(InvitationStatus::Expired) => {
                self.expired_invitations(team, now)?
            }
            InvitationFilter::Status(InvitationStatus::Pending) => counts
                .open_invitations
                .saturating_sub(self.expired_invitations(team, now)?),
            InvitationFilter::Status(InvitationStatus::Revoked) => counts.revoked_invitations,
            InvitationFilter::Status(InvitationStatus::Superseded) => counts.superseded_invitations,
            InvitationFilter::Status(InvitationStatus::Accepted) => counts.accepted_invitations,
        })
    }

    /// The raw row entries `filter` shows, in list order.
    fn invitation_entries(
        &self,
        team: TeamId,
        filter: InvitationFilter,
        now: DateTime<Utc>,
    ) -> Result<Run<'_>, StoreError> {
        let states: &[RowState] = match filter {
            InvitationFilter::Status(
                status @ (InvitationStatus::Pending | InvitationStatus::Expired),
            ) => {
                return Ok(self.open_rows_by_expiry(team, status, now));
            }
            InvitationFilter::All | InvitationFilter::Current => &RowState::ALL,
            InvitationFilter::Open => &[RowState::Open],
            InvitationFilter::Status(status) => &[RowState::holding(status)],
        };
        let mut runs: Vec<Run<'_>> = states
            .iter()
            .map(|state| self.class_run(self.tree(TreeName::InvitationRows), team, *state))
            .collect();
        let history = filter != InvitationFilter::Current
            && states.iter().any(|state| *state != RowState::Open)
            && self.team_counts(Some(team))?.archived_invitations > 0;
        if history && let Some(archive) = self.history()? {
            for state in states.iter().filter(|state| **state != RowState::Open) {
                runs.push(self.class_run(archive.tree(TreeName::InvitationRows), team, *state));
            }
        }
        Ok(Box::new(Merged::new(runs, ROW_PREFIX, false)))
    }

    fn class_run<'a>(&'a self, tree: &'a sled::Tree, team: TeamId, state: RowState) -> Run<'a> {
        Box::new(
            tree.scan_prefix(keys::invitation_class(team, state.class()))
                .map(move |entry| entry.map_err(|e| self.fault(e))),
        )
    }

    /// Pending or expired rows, found through the expiry index newest expiry first.
    fn open_rows_by_expiry(
        &self,
        team: TeamId,
        status: InvitationStatus,
        now: DateTime<Utc>,
    ) -> Run<'_> {
        let bound = keys::open_expiry_bound(team, now);
        let expiry = self.tree(TreeName::OpenInvitationExpiry);
        let range = match status {
            InvitationStatus::Expired => expiry.range(team.as_bytes().to_vec()..bound),
            _ => expiry.range(bound..keys::after_prefix(team.as_bytes())),
        };
        Box::new(range.rev().map(move |entry| {
            let (key, sent) = entry.map_err(|e| self.fault(e))?;
            let malformed =
                || StoreError::Corrupt("a malformed open_invitation_expiry entry".into());
            let id = keys::trailing_id(&key).ok_or_else(malformed)?;
            let sent = <[u8; 8]>::try_from(sent.as_ref()).map_err(|_| malformed())?;
            let row_key = keys::open_row(team, sent, id);
            let row = self
                .tree(TreeName::InvitationRows)
                .get(&row_key)
                .map_err(|e| self.fault(e))?
                .ok_or_else(|| {
                    StoreError::Corrupt("an open invitation has no invitation_rows entry".into())
                })?;
            Ok((key, row))
        }))
    }
}

/// Skips `offset` entries without decoding them, then decodes up to `limit`.
fn window<T: serde::de::DeserializeOwned>(
    entries: impl Iterator<Item = Result<(sled::IVec, sled::IVec), StoreError>>,
    offset: usize,
    limit: usize,
    what: &str,
) -> Result<Vec<T>, StoreError> {
    let mut rows = Vec::with_capacity(limit.min(1_000));
    for entry in entries.skip(offset).take(limit) {
        let (_, value) = entry?;
        rows.push(rows::decode(what, &value)?);
    }
    Ok(rows)
}
