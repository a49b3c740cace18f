//! R13: what support should do next about an invitation, as a fact each
//! interface words in its own language.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::calendar::days_until;
use super::error::DiagnosticCode;
use super::ids::TeamId;
use super::invitation::{Invitation, InvitationStatus};
use super::outbox::{Delivery, OutboxMessage, Undelivered};
use super::team::Team;

/// The next step support should take about one invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NextStep {
    /// Pending: wait, or resend if the email went missing.
    WaitOrResend { days_left: i64 },
    /// Pending, its email queued and not tried yet: it goes out with the
    /// next delivery.
    AwaitDelivery { queued_at: DateTime<Utc> },
    /// Pending, its email queued again after temporary failures: the mail
    /// server has been unreachable since `since`, and it is retried.
    MailServerUnreachable {
        since: DateTime<Utc>,
        next_attempt: DateTime<Utc>,
        reply: String,
    },
    /// The mail server refused the address for good: the address is likely
    /// wrong, so invite the right one.
    CheckAddress { reply: String },
    /// Delivery was given up after every retry failed: once the mail server
    /// is reachable, resend.
    ResendAfterGivingUp { attempts: usize, reply: String },
    /// The email was never sent because the install's link key changed: resend.
    ResendAfterKeyChange,
    /// The link expired before its email could be delivered: resend.
    ResendUndelivered,
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
    /// The team was deleted: nothing can be done with this invitation.
    TeamDeleted,
}

/// The next step for `invitation` at `now`, given the outbox record of its
/// email (when there is one) and the team its address's account is in
/// today (if any).
///
/// While it is open, a refused opening says most: whoever opened the link
/// has it, however it reached them, so what stands in their way comes
/// first. Then its email: a refusal by the mail server, delivery given up,
/// or an email still waiting explains why nobody has used the link. A link
/// delivered and unused leaves waiting (or resending).
pub fn next_step(
    invitation: &Invitation,
    email: Option<&OutboxMessage>,
    current_team: Option<TeamId>,
    now: DateTime<Utc>,
) -> NextStep {
    match invitation.status_at(now) {
        InvitationStatus::Pending => refusal_step(invitation)
            .or_else(|| email.and_then(|email| delivery_step(email, true)))
            .unwrap_or(NextStep::WaitOrResend {
                days_left: days_until(now, invitation.expires_at),
            }),
        InvitationStatus::Expired => email
            .and_then(|email| delivery_step(email, false))
            .unwrap_or(NextStep::Resend),
        InvitationStatus::Revoked => NextStep::InviteAgain,
        InvitationStatus::Superseded => NextStep::UseNewer,
        InvitationStatus::Accepted if current_team == Some(invitation.team) => NextStep::Nothing,
        InvitationStatus::Accepted => NextStep::InviteBack,
    }
}

/// As [`next_step`], for an invitation of `team`: nothing is left to do
/// about an invitation to a team that was deleted.
pub fn next_step_in(
    team: &Team,
    invitation: &Invitation,
    email: Option<&OutboxMessage>,
    current_team: Option<TeamId>,
    now: DateTime<Utc>,
) -> NextStep {
    if team.deleted.is_some() {
        return NextStep::TeamDeleted;
    }
    next_step(invitation, email, current_team, now)
}

/// What the newest refused opening of a pending link says stands in the way.
fn refusal_step(invitation: &Invitation) -> Option<NextStep> {
    let refusal = invitation.refused_attempts.last()?;
    match refusal.code {
        DiagnosticCode::OtherTeam => Some(NextStep::LeaveOtherTeam {
            team: refusal.other_team.clone().unwrap_or_default(),
        }),
        DiagnosticCode::EmailMismatch => Some(NextStep::SignInAsInvited {
            signed_in_as: refusal.by_email.to_string(),
        }),
        _ => None,
    }
}

/// What the invitation's email says to do, when it did not simply go out.
/// A link that has expired (`pending` false) needs a resend whatever
/// happened, unless the address itself was refused.
fn delivery_step(email: &OutboxMessage, pending: bool) -> Option<NextStep> {
    let reply = || email.last_reply().unwrap_or_default().to_owned();
    match &email.delivery {
        Delivery::Failed { reason, .. } => Some(match reason {
            Undelivered::Refused => NextStep::CheckAddress { reply: reply() },
            Undelivered::GaveUp => NextStep::ResendAfterGivingUp {
                attempts: email.attempts.len(),
                reply: reply(),
            },
            Undelivered::KeyChanged => NextStep::ResendAfterKeyChange,
            Undelivered::LinkExpired => NextStep::ResendUndelivered,
        }),
        Delivery::Queued { .. } if !pending => Some(NextStep::ResendUndelivered),
        Delivery::Queued { due } => Some(match email.deferred_since() {
            Some(since) => NextStep::MailServerUnreachable {
                since,
                next_attempt: *due,
                reply: reply(),
            },
            None => NextStep::AwaitDelivery {
                queued_at: email.created_at,
            },
        }),
        Delivery::Sent { .. } | Delivery::Cancelled { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{AccountId, Counter, InvitationId};
    use crate::domain::invitation::{InvitationState, RefusedAttempt};
    use crate::domain::outbox::{Attempt, AttemptOutcome, MAX_ATTEMPTS, MessageKind};
    use crate::domain::team::Role;
    use crate::domain::text::Email;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
    }

    fn sent() -> DateTime<Utc> {
        now() - Duration::days(28)
    }

    fn pending() -> Invitation {
        let fresh = &mut Counter::default();
        let (team, by) = (TeamId::fresh(fresh), AccountId::fresh(fresh));
        let email = Email::parse("tom@x.example").unwrap();
        Invitation::issue(fresh, team, email, Role::Member, by, sent()).0
    }

    fn refused(code: DiagnosticCode, other_team: Option<&str>) -> RefusedAttempt {
        RefusedAttempt {
            at: now(),
            code,
            by_email: Email::parse("tom@y.example").unwrap(),
            other_team: other_team.map(str::to_owned),
        }
    }

    /// The invitation's email, queued when the link was made.
    fn email_of(invitation: &Invitation) -> OutboxMessage {
        OutboxMessage::queued(
            invitation.message,
            (invitation.email.clone(), invitation.team, invitation.id),
            MessageKind::Invitation,
            invitation.sent_at,
        )
    }

    fn attempt(minutes: i64, outcome: AttemptOutcome, reply: &str) -> Attempt {
        Attempt {
            at: sent() + Duration::minutes(minutes),
            transport: "smtp 127.0.0.1:2525".into(),
            outcome,
            reply: reply.into(),
        }
    }

    /// The email of `invitation` after `attempts`, ended for `reason` when given.
    fn email_after(
        invitation: &Invitation,
        attempts: &[Attempt],
        reason: Option<Undelivered>,
    ) -> OutboxMessage {
        let mut email = email_of(invitation);
        for attempt in attempts {
            email.record(attempt.clone(), 0.0);
        }
        if let Some(reason) = reason {
            email.give_up(reason, sent() + Duration::hours(1));
        }
        email
    }

    #[test]
    fn an_invitation_to_a_deleted_team_leaves_nothing_to_do() {
        let clinic = crate::domain::rules::fixtures::Clinic::new();
        let mut team = clinic.team.clone();
        let invitation = Invitation {
            team: team.id,
            ..pending()
        };
        assert_eq!(
            next_step_in(&team, &invitation, None, None, now()),
            next_step(&invitation, None, None, now())
        );
        team.deleted = Some(now());
        for state in [
            InvitationState::Pending,
            InvitationState::Revoked {
                by: team.owner,
                at: now(),
            },
        ] {
            let closed = Invitation {
                state,
                ..invitation.clone()
            };
            assert_eq!(
                next_step_in(&team, &closed, None, None, now()),
                NextStep::TeamDeleted
            );
        }
    }

    #[test]
    fn every_status_has_its_next_step() {
        let invitation = pending();
        assert_eq!(
            next_step(&invitation, None, None, now()),
            NextStep::WaitOrResend { days_left: 2 }
        );
        assert_eq!(
            next_step(&invitation, None, None, now() + Duration::days(3)),
            NextStep::Resend
        );
        let by = AccountId(uuid::Uuid::from_u128(9));
        let with_state = |state| Invitation {
            state,
            ..invitation.clone()
        };
        let revoked = with_state(InvitationState::Revoked { by, at: now() });
        assert_eq!(
            next_step(&revoked, None, None, now()),
            NextStep::InviteAgain
        );
        let newer = InvitationId(uuid::Uuid::from_u128(10));
        let superseded = with_state(InvitationState::Superseded {
            by: newer,
            at: now(),
        });
        assert_eq!(
            next_step(&superseded, None, None, now()),
            NextStep::UseNewer
        );
        let accepted = with_state(InvitationState::Accepted {
            account: by,
            at: now(),
        });
        assert_eq!(
            next_step(&accepted, None, Some(invitation.team), now()),
            NextStep::Nothing
        );
        assert_eq!(
            next_step(&accepted, None, None, now()),
            NextStep::InviteBack
        );
    }

    #[test]
    fn a_refused_opening_says_what_stands_in_the_way() {
        let mut invitation = pending();
        invitation.record_refusal(refused(DiagnosticCode::OtherTeam, Some("Coastal GP")));
        assert_eq!(
            next_step(&invitation, None, None, now()),
            NextStep::LeaveOtherTeam {
                team: "Coastal GP".into()
            }
        );
        invitation.record_refusal(refused(DiagnosticCode::EmailMismatch, None));
        assert_eq!(
            next_step(&invitation, None, None, now()),
            NextStep::SignInAsInvited {
                signed_in_as: "tom@y.example".into()
            }
        );
    }

    /// Each code is refused on a link in the state that gives it; the next
    /// step follows from that state (or, for the two codes a pending link
    /// gives, from what stood in the way). `INV-UNKNOWN` names no invitation,
    /// so no invitation ever records it: one that did would change nothing.
    #[test]
    fn every_diagnostic_code_leads_to_its_next_step() {
        let by = AccountId(uuid::Uuid::from_u128(9));
        let newer = InvitationId(uuid::Uuid::from_u128(10));
        let late = now() + Duration::days(3);
        let cases = [
            (
                DiagnosticCode::Expired,
                InvitationState::Pending,
                late,
                NextStep::Resend,
            ),
            (
                DiagnosticCode::Revoked,
                InvitationState::Revoked { by, at: sent() },
                now(),
                NextStep::InviteAgain,
            ),
            (
                DiagnosticCode::Superseded,
                InvitationState::Superseded {
                    by: newer,
                    at: sent(),
                },
                now(),
                NextStep::UseNewer,
            ),
            (
                DiagnosticCode::Used,
                InvitationState::Accepted {
                    account: by,
                    at: sent(),
                },
                now(),
                NextStep::InviteBack,
            ),
            (
                DiagnosticCode::EmailMismatch,
                InvitationState::Pending,
                now(),
                NextStep::SignInAsInvited {
                    signed_in_as: "tom@y.example".into(),
                },
            ),
            (
                DiagnosticCode::OtherTeam,
                InvitationState::Pending,
                now(),
                NextStep::LeaveOtherTeam {
                    team: "Coastal GP".into(),
                },
            ),
            (
                DiagnosticCode::Unknown,
                InvitationState::Pending,
                now(),
                NextStep::WaitOrResend { days_left: 2 },
            ),
        ];
        for (code, state, at, wanted) in cases {
            let mut invitation = Invitation { state, ..pending() };
            let team = (code == DiagnosticCode::OtherTeam).then_some("Coastal GP");
            invitation.record_refusal(refused(code, team));
            let delivered = email_after(
                &invitation,
                &[attempt(1, AttemptOutcome::Delivered, "250 OK")],
                None,
            );
            assert_eq!(
                next_step(&invitation, Some(&delivered), None, at),
                wanted,
                "{code}"
            );
        }
    }

    #[test]
    fn every_delivery_state_of_a_pending_link_has_its_next_step() {
        let invitation = pending();
        let deferred = |minutes| attempt(minutes, AttemptOutcome::Deferred, "connection refused");
        let refused_550 = attempt(1, AttemptOutcome::Refused, "550 no such user");
        let gave_up: Vec<Attempt> = (0..MAX_ATTEMPTS as i64)
            .map(|n| deferred(n * 200))
            .collect();
        let deferred_twice = email_after(&invitation, &[deferred(1), deferred(3)], None);
        let retry_at = deferred_twice.due().unwrap();
        let cases = [
            (
                email_of(&invitation),
                NextStep::AwaitDelivery { queued_at: sent() },
            ),
            (
                deferred_twice,
                NextStep::MailServerUnreachable {
                    since: sent() + Duration::minutes(1),
                    next_attempt: retry_at,
                    reply: "connection refused".into(),
                },
            ),
            (
                email_after(
                    &invitation,
                    &[attempt(1, AttemptOutcome::Delivered, "250 OK")],
                    None,
                ),
                NextStep::WaitOrResend { days_left: 2 },
            ),
            (
                email_after(&invitation, &[refused_550], None),
                NextStep::CheckAddress {
                    reply: "550 no such user".into(),
                },
            ),
            (
                email_after(&invitation, &gave_up, None),
                NextStep::ResendAfterGivingUp {
                    attempts: MAX_ATTEMPTS,
                    reply: "connection refused".into(),
                },
            ),
            (
                email_after(&invitation, &[], Some(Undelivered::KeyChanged)),
                NextStep::ResendAfterKeyChange,
            ),
        ];
        for (email, wanted) in cases {
            let status = email.delivery.status();
            assert_eq!(
                next_step(&invitation, Some(&email), None, now()),
                wanted,
                "{status:?}"
            );
        }
    }

    #[test]
    fn an_expired_link_is_resent_whatever_its_email_did_unless_the_address_was_refused() {
        let invitation = pending();
        let late = now() + Duration::days(3);
        let refused_550 = attempt(1, AttemptOutcome::Refused, "550 no such user");
        let delivered = attempt(1, AttemptOutcome::Delivered, "250 OK");
        let deferred = attempt(1, AttemptOutcome::Deferred, "connection refused");
        let cases = [
            (
                email_after(&invitation, &[delivered], None),
                NextStep::Resend,
            ),
            (email_of(&invitation), NextStep::ResendUndelivered),
            (
                email_after(&invitation, std::slice::from_ref(&deferred), None),
                NextStep::ResendUndelivered,
            ),
            (
                email_after(&invitation, &[deferred], Some(Undelivered::LinkExpired)),
                NextStep::ResendUndelivered,
            ),
            (
                email_after(&invitation, &[], Some(Undelivered::KeyChanged)),
                NextStep::ResendAfterKeyChange,
            ),
            (
                email_after(&invitation, &[refused_550], None),
                NextStep::CheckAddress {
                    reply: "550 no such user".into(),
                },
            ),
        ];
        for (email, wanted) in cases {
            assert_eq!(next_step(&invitation, Some(&email), None, late), wanted);
        }
    }

    #[test]
    fn a_closed_invitation_whose_email_was_cancelled_follows_its_state() {
        let by = AccountId(uuid::Uuid::from_u128(9));
        let revoked = Invitation {
            state: InvitationState::Revoked { by, at: now() },
            ..pending()
        };
        let mut cancelled = email_of(&revoked);
        cancelled.cancel(InvitationStatus::Revoked, now());
        assert_eq!(
            next_step(&revoked, Some(&cancelled), None, now()),
            NextStep::InviteAgain
        );
    }

    /// Whoever opened the link has it, however it reached them: what stood
    /// in their way says more than how its email fared.
    #[test]
    fn a_refused_opening_outranks_the_delivery_before_it() {
        let mut invitation = pending();
        let delivered = email_after(
            &invitation,
            &[attempt(1, AttemptOutcome::Delivered, "250 OK")],
            None,
        );
        let given_up = email_after(&invitation, &[], Some(Undelivered::KeyChanged));
        invitation.record_refusal(refused(DiagnosticCode::OtherTeam, Some("Coastal GP")));
        let leave = NextStep::LeaveOtherTeam {
            team: "Coastal GP".into(),
        };
        assert_eq!(next_step(&invitation, Some(&delivered), None, now()), leave);
        assert_eq!(next_step(&invitation, Some(&given_up), None, now()), leave);
    }

    #[test]
    fn next_steps_serialise_with_their_kind_and_facts() {
        let step = NextStep::MailServerUnreachable {
            since: now(),
            next_attempt: now() + Duration::minutes(2),
            reply: "connection refused".into(),
        };
        assert_eq!(
            serde_json::to_value(step).unwrap(),
            serde_json::json!({
                "kind": "mail_server_unreachable",
                "since": "2026-11-26T12:00:00Z",
                "next_attempt": "2026-11-26T12:02:00Z",
                "reply": "connection refused"
            })
        );
        assert_eq!(
            serde_json::to_value(NextStep::CheckAddress {
                reply: "550 no".into()
            })
            .unwrap(),
            serde_json::json!({ "kind": "check_address", "reply": "550 no" })
        );
    }
}
