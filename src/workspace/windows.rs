//! Reads for lists of any length: the rows a screen shows, the count of the
//! whole list, and every row as a stream (to build a search in the
//! background), authorised exactly as the full reads are.

use serde::Serialize;

use super::{Actor, TeamChoice, Workspace};
use crate::Error;
use crate::domain::Action;
pub use crate::store::rows::{InvitationRow, MemberRow, RowState};
pub use crate::store::windows::InvitationFilter;

/// Part of a list: how many rows the whole list holds, and the rows from
/// `offset` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Window<T> {
    pub total: u64,
    pub offset: usize,
    pub rows: Vec<T>,
    /// The store's time the window was read at, in milliseconds since 1970
    /// (UTC): an open invitation is pending before its `expires_at`.
    pub now: i64,
}

/// A team's invitations by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct InvitationCounts {
    pub pending: u64,
    pub expired: u64,
    pub revoked: u64,
    pub superseded: u64,
    pub accepted: u64,
    /// Of all of them, how many are history kept in the archive.
    pub archived: u64,
}

/// The numbers a team's header shows, from the team's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TeamCountsView {
    pub members: u64,
    pub billable_seats: u64,
    pub assistants: u64,
    pub admins: u64,
    pub template_managers: u64,
    /// Members whose role is member.
    pub member_role: u64,
    /// For those who may view the team's invitations.
    pub invitations: Option<InvitationCounts>,
}

/// Rows read as they are needed.
pub type RowStream<'a, T> = Box<dyn Iterator<Item = Result<T, Error>> + 'a>;

impl Workspace {
    /// Up to `limit` members of a team from position `offset`, in display
    /// order (name, then address), and how many there are: for whoever may
    /// view the team.
    pub fn members_window(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        offset: usize,
        limit: usize,
    ) -> Result<Window<MemberRow>, Error> {
        let context = self.read_context(actor, team, Action::ViewTeam)?;
        let total = self.store.team_counts(Some(context.team.id))?.members;
        Ok(Window {
            total,
            offset,
            rows: self.store.members_window(context.team.id, offset, limit)?,
            now: self.now().timestamp_millis(),
        })
    }

    /// Every member of a team in display order, read as the stream is
    /// consumed (for a search built in the background).
    pub fn member_rows(
        &self,
        actor: &Actor,
        team: &TeamChoice,
    ) -> Result<RowStream<'_, MemberRow>, Error> {
        let context = self.read_context(actor, team, Action::ViewTeam)?;
        Ok(Box::new(
            self.store
                .member_rows(context.team.id)
                .map(|row| row.map_err(Error::from)),
        ))
    }

    /// Up to `limit` of a team's invitations that `filter` shows, from
    /// position `offset`, newest first, and how many `filter` shows in
    /// all: for whoever may view the team's invitations.
    pub fn invitations_window(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        filter: InvitationFilter,
        offset: usize,
        limit: usize,
    ) -> Result<Window<InvitationRow>, Error> {
        let context = self.read_context(actor, team, Action::ViewInvitations)?;
        let now = self.now();
        let team = context.team.id;
        Ok(Window {
            total: self.store.invitations_shown(team, filter, now)?,
            offset,
            rows: self
                .store
                .invitations_window(team, filter, now, (offset, limit))?,
            now: now.timestamp_millis(),
        })
    }

    /// Every invitation of a team that `filter` shows, newest first, read
    /// as the stream is consumed.
    pub fn invitation_rows(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        filter: InvitationFilter,
    ) -> Result<RowStream<'_, InvitationRow>, Error> {
        let context = self.read_context(actor, team, Action::ViewInvitations)?;
        Ok(Box::new(
            self.store
                .invitation_rows(context.team.id, filter, self.now())?
                .map(|row| row.map_err(Error::from)),
        ))
    }

    /// The counts a team's header shows, without reading its members:
    /// invitation counts only for those who may view invitations.
    pub fn team_counts(&self, actor: &Actor, team: &TeamChoice) -> Result<TeamCountsView, Error> {
        let context = self.read_context(actor, team, Action::ViewTeam)?;
        let id = context.team.id;
        let counts = self.store.team_counts(Some(id))?;
        let invitations = if context.authorize(Action::ViewInvitations).is_ok() {
            let expired = self.store.expired_invitations(id, self.now())?;
            Some(InvitationCounts {
                pending: counts.open_invitations.saturating_sub(expired),
                expired,
                revoked: counts.revoked_invitations,
                superseded: counts.superseded_invitations,
                accepted: counts.accepted_invitations,
                archived: counts.archived_invitations,
            })
        } else {
            None
        };
        Ok(TeamCountsView {
            members: counts.members,
            billable_seats: counts.billable_seats,
            assistants: counts.assistants,
            admins: counts.admins,
            template_managers: counts.template_managers,
            member_role: counts.member_role,
            invitations,
        })
    }
}
