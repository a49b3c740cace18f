//! R13: what support should do next about an invitation, as a fact each
//! interface words in its own language.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::calendar::days_until;
use super::error::DiagnosticCode;
use super::ids::TeamId;
use super::invitation::{Invitation, InvitationStatus};

/// The next step support should take about one invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NextStep {
    /// Pending: wait, or resend if the email went missing.
    WaitOrResend { days_left: i64 },
    /// They opened the link while in another team.
    LeaveOtherTeam { team: String },
    /// They opened the link signed in with another address.
    SignInAsInvited { signed_in_as: String },
    /// Expired: send a new link.
    Resend,
    /// Revoked: invite again if they should join.
    InviteAgain,
    /// Superseded: the newer invitation is the one that works.
    UseNewer,
    /// Accepted and still in the team.
    Nothing,
    /// Accepted, then left: invite again to bring them back.
    InviteBack,
}

/// The next step for `invitation` at `now`, given the team its address's
/// account is in today (if any). A pending link's newest refused opening
/// says what stands in the way.
pub fn next_step(
    invitation: &Invitation,
    current_team: Option<TeamId>,
    now: DateTime<Utc>,
) -> NextStep {
    match invitation.status_at(now) {
        InvitationStatus::Pending => match invitation.refused_attempts.last() {
            Some(refusal) if refusal.code == DiagnosticCode::OtherTeam => {
                NextStep::LeaveOtherTeam {
                    team: refusal.other_team.clone().unwrap_or_default(),
                }
            }
            Some(refusal) if refusal.code == DiagnosticCode::EmailMismatch => {
                NextStep::SignInAsInvited {
                    signed_in_as: refusal.by_email.to_string(),
                }
            }
            _ => NextStep::WaitOrResend {
                days_left: days_until(now, invitation.expires_at),
            },
        },
        InvitationStatus::Expired => NextStep::Resend,
        InvitationStatus::Revoked => NextStep::InviteAgain,
        InvitationStatus::Superseded => NextStep::UseNewer,
        InvitationStatus::Accepted if current_team == Some(invitation.team) => NextStep::Nothing,
        InvitationStatus::Accepted => NextStep::InviteBack,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{AccountId, Counter, InvitationId};
    use crate::domain::invitation::{InvitationState, RefusedAttempt};
    use crate::domain::team::Role;
    use crate::domain::text::Email;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
    }

    fn pending() -> Invitation {
        let fresh = &mut Counter::default();
        let (team, by) = (TeamId::fresh(fresh), AccountId::fresh(fresh));
        let email = Email::parse("tom@x.example").unwrap();
        let sent = now() - Duration::days(28);
        Invitation::issue(fresh, team, email, Role::Member, by, sent).0
    }

    fn refused(code: DiagnosticCode, other_team: Option<&str>) -> RefusedAttempt {
        RefusedAttempt {
            at: now(),
            code,
            by_email: Email::parse("tom@y.example").unwrap(),
            other_team: other_team.map(str::to_owned),
        }
    }

    #[test]
    fn every_status_has_its_next_step() {
        let invitation = pending();
        assert_eq!(
            next_step(&invitation, None, now()),
            NextStep::WaitOrResend { days_left: 2 }
        );
        assert_eq!(
            next_step(&invitation, None, now() + Duration::days(3)),
            NextStep::Resend
        );
        let by = AccountId(uuid::Uuid::from_u128(9));
        let with_state = |state| Invitation {
            state,
            ..invitation.clone()
        };
        let revoked = with_state(InvitationState::Revoked { by, at: now() });
        assert_eq!(next_step(&revoked, None, now()), NextStep::InviteAgain);
        let newer = InvitationId(uuid::Uuid::from_u128(10));
        let superseded = with_state(InvitationState::Superseded {
            by: newer,
            at: now(),
        });
        assert_eq!(next_step(&superseded, None, now()), NextStep::UseNewer);
        let accepted = with_state(InvitationState::Accepted {
            account: by,
            at: now(),
        });
        assert_eq!(
            next_step(&accepted, Some(invitation.team), now()),
            NextStep::Nothing
        );
        assert_eq!(next_step(&accepted, None, now()), NextStep::InviteBack);
    }

    #[test]
    fn a_refused_opening_says_what_stands_in_the_way() {
        let mut invitation = pending();
        invitation.record_refusal(refused(DiagnosticCode::OtherTeam, Some("Coastal GP")));
        assert_eq!(
            next_step(&invitation, None, now()),
            NextStep::LeaveOtherTeam {
                team: "Coastal GP".into()
            }
        );
        invitation.record_refusal(refused(DiagnosticCode::EmailMismatch, None));
        assert_eq!(
            next_step(&invitation, None, now()),
            NextStep::SignInAsInvited {
                signed_in_as: "tom@y.example".into()
            }
        );
    }
}
