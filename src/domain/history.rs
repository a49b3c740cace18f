//! What counts as history: records settled long enough ago that only
//! history reads (older audit entries, closed invitations, support
//! timelines, export, doctor) still ask for them. The store moves them out
//! of the working store into its archive, so the records every console
//! opens with stay few; this module only says which ones may go.

use chrono::{DateTime, Duration, Utc};

use super::outbox::{Delivery, OutboxMessage};
use super::{AuditEntry, Invitation, InvitationState};

/// How long a settled record stays in the working store, unless the
/// install's configuration says otherwise: a quarter covers the support
/// questions about a recent invitation and a billing period's audit trail.
pub const HISTORY_AFTER_DAYS: i64 = 90;

/// When a record settled long enough ago becomes history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// How long after settling a record stays in the working store.
    pub keep: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            keep: Duration::days(HISTORY_AFTER_DAYS),
        }
    }
}

impl Retention {
    pub fn days(days: i64) -> Self {
        Self {
            keep: Duration::days(days),
        }
    }

    /// Records that settled at or before this moment are history at `now`.
    pub fn cutoff(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.keep
    }
}

impl Invitation {
    /// When it stopped being open (revoked, superseded or accepted).
    pub fn closed_at(&self) -> Option<DateTime<Utc>> {
        match self.state {
            InvitationState::Pending => None,
            InvitationState::Revoked { at, .. }
            | InvitationState::Superseded { at, .. }
            | InvitationState::Accepted { at, .. } => Some(at),
        }
    }

    /// Whether it is history at `cutoff`: closed by then. An open invitation
    /// is a live offer (it can be resent or revoked) however old it is, so
    /// it never is. Its emails must have settled too (see
    /// [`OutboxMessage::is_history`]); the caller checks those it holds.
    pub fn is_history(&self, cutoff: DateTime<Utc>) -> bool {
        self.closed_at().is_some_and(|at| at <= cutoff)
    }
}

impl OutboxMessage {
    /// When it reached a final state (sent, failed or cancelled); none while queued.
    pub fn settled_at(&self) -> Option<DateTime<Utc>> {
        match self.delivery {
            Delivery::Queued { .. } => None,
            Delivery::Sent { at }
            | Delivery::Failed { at, .. }
            | Delivery::Cancelled { at, .. } => Some(at),
        }
    }

    /// Whether it is history at `cutoff`: settled by then. Only support's
    /// timeline reads a settled email; a queued one is still to be sent.
    pub fn is_history(&self, cutoff: DateTime<Utc>) -> bool {
        self.settled_at().is_some_and(|at| at <= cutoff)
    }
}

impl AuditEntry {
    /// Whether it is history at `cutoff`: written by then.
    pub fn is_history(&self, cutoff: DateTime<Utc>) -> bool {
        self.at <= cutoff
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::Counter;
    use crate::domain::outbox::MessageKind;
    use crate::domain::{AccountId, Email, Role, TeamId};
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, day, 9, 0, 0).unwrap()
    }

    fn pending(sent_at: DateTime<Utc>) -> Invitation {
        let fresh = &mut Counter::default();
        let team = TeamId::fresh(fresh);
        let inviter = AccountId::fresh(fresh);
        let (invitation, _) = Invitation::issue(
            fresh,
            team,
            Email::parse("ana@bondi.example").unwrap(),
            Role::Member,
            inviter,
            sent_at,
        );
        invitation
    }

    #[test]
    fn only_invitations_closed_by_the_cutoff_are_history() {
        let mut invitation = pending(at(1));
        assert!(!invitation.is_history(at(30)), "an open offer stays");
        invitation.state = InvitationState::Revoked {
            by: invitation.invited_by,
            at: at(10),
        };
        assert!(invitation.is_history(at(10)));
        assert!(!invitation.is_history(at(9)));
    }

    #[test]
    fn only_settled_emails_are_history() {
        let invitation = pending(at(1));
        let mut message = OutboxMessage::queued(
            invitation.message,
            (invitation.email.clone(), invitation.team, invitation.id),
            MessageKind::Invitation,
            at(1),
        );
        assert!(!message.is_history(at(30)), "a queued email is still to go");
        message.delivery = Delivery::Sent { at: at(2) };
        assert!(message.is_history(at(2)));
        assert!(!message.is_history(at(1)));
    }

    #[test]
    fn the_cutoff_is_the_retention_before_now() {
        assert_eq!(Retention::days(9).cutoff(at(10)), at(1));
        assert_eq!(Retention::default().keep, Duration::days(90));
    }
}
