//! R13: everything that happened to one invitation, oldest first, as typed
//! events that each interface words in its own language. Built from the
//! records the workspace read, with the people they name already looked up
//! (`P`), so that it stays pure.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::error::DiagnosticCode;
use super::invitation::{Invitation, InvitationState, InvitationStatus};
use super::outbox::{AttemptOutcome, Delivery, MessageKind, OutboxMessage, Undelivered};
use super::text::Email;

/// One thing that happened to an invitation; `P` names a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum TimelineEvent<P> {
    /// The link was made: by an invite, or by a resend that replaced an earlier link.
    Created {
        by: P,
        replaces_earlier: bool,
    },
    /// An email carrying the link was queued: its own, or the reminder.
    Queued {
        email: MessageKind,
    },
    /// One try at delivering an email, in the transport's own words.
    Attempt {
        email: MessageKind,
        transport: String,
        outcome: AttemptOutcome,
        reply: String,
    },
    /// An email that will never be sent, after `attempts` tries.
    Undelivered {
        email: MessageKind,
        reason: Undelivered,
        attempts: usize,
    },
    /// An email not sent because the invitation closed first.
    Cancelled {
        email: MessageKind,
        invitation: InvitationStatus,
    },
    /// Someone opened the link and was refused; for `INV-OTHER-TEAM`, the
    /// team they are in.
    Refused {
        code: DiagnosticCode,
        by_email: Email,
        other_team: Option<String>,
    },
    /// Refused openings older than the ones kept (the record is bounded).
    RefusalsNotKept {
        count: u32,
    },
    Revoked {
        by: Option<P>,
    },
    /// A resend replaced it; `by` is who resent it.
    Superseded {
        by: Option<P>,
    },
    Accepted {
        by: Option<P>,
    },
    /// Its 30 days passed while it was still pending.
    Expired,
}

/// An event and when it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEntry<P> {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub event: TimelineEvent<P>,
}

/// What a timeline is built from: the invitation, the emails on record for
/// it, and the people it names, already looked up.
#[derive(Debug, Clone)]
pub struct TimelineFacts<'a, P> {
    pub invitation: &'a Invitation,
    /// Its own email and its reminder, as far as the outbox holds them.
    pub emails: Vec<&'a OutboxMessage>,
    /// Who made the link.
    pub created_by: P,
    /// Who revoked it, resent it, or accepted it.
    pub closed_by: Option<P>,
    pub now: DateTime<Utc>,
}

/// The invitation's timeline, oldest first; events of the same moment keep
/// the order in which they happen (a link before its email, an attempt
/// before the verdict it led to).
pub fn timeline<P>(facts: TimelineFacts<'_, P>) -> Vec<TimelineEntry<P>> {
    let TimelineFacts {
        invitation,
        emails,
        created_by,
        closed_by,
        now,
    } = facts;
    let mut entries = vec![TimelineEntry {
        at: invitation.sent_at,
        event: TimelineEvent::Created {
            by: created_by,
            replaces_earlier: invitation.replaces.is_some(),
        },
    }];
    for message in emails {
        entries.extend(email_events(message));
    }
    entries.extend(refusal_events(invitation));
    if let Some(at) = expired_while_pending(invitation, now) {
        entries.push(TimelineEntry {
            at,
            event: TimelineEvent::Expired,
        });
    }
    entries.extend(closing_event(&invitation.state, closed_by));
    entries.sort_by_key(|entry| entry.at);
    entries
}

/// An email's life: queued, every attempt, and how it ended if it did not go out.
fn email_events<P>(message: &OutboxMessage) -> Vec<TimelineEntry<P>> {
    let email = message.kind;
    let mut events = vec![TimelineEntry {
        at: message.created_at,
        event: TimelineEvent::Queued { email },
    }];
    events.extend(message.attempts.iter().map(|attempt| TimelineEntry {
        at: attempt.at,
        event: TimelineEvent::Attempt {
            email,
            transport: attempt.transport.clone(),
            outcome: attempt.outcome,
            reply: attempt.reply.clone(),
        },
    }));
    match message.delivery {
        Delivery::Failed { at, reason } => events.push(TimelineEntry {
            at,
            event: TimelineEvent::Undelivered {
                email,
                reason,
                attempts: message.attempts.len(),
            },
        }),
        Delivery::Cancelled { at, invitation } => events.push(TimelineEntry {
            at,
            event: TimelineEvent::Cancelled { email, invitation },
        }),
        Delivery::Queued { .. } | Delivery::Sent { .. } => {}
    }
    events
}

/// The refused openings kept, after a note of how many older ones were not.
fn refusal_events<P>(invitation: &Invitation) -> Vec<TimelineEntry<P>> {
    let kept = &invitation.refused_attempts;
    let kept_count = u32::try_from(kept.len()).unwrap_or(u32::MAX);
    let not_kept = invitation.refused_total.saturating_sub(kept_count);
    let mut events = Vec::with_capacity(kept.len() + 1);
    if let (Some(oldest), 1..) = (kept.first(), not_kept) {
        events.push(TimelineEntry {
            at: oldest.at,
            event: TimelineEvent::RefusalsNotKept { count: not_kept },
        });
    }
    events.extend(kept.iter().map(|refusal| TimelineEntry {
        at: refusal.at,
        event: TimelineEvent::Refused {
            code: refusal.code,
            by_email: refusal.by_email.clone(),
            other_team: refusal.other_team.clone(),
        },
    }));
    events
}

/// When its window closed, if that happened by `now` while it was still
/// pending (before any revocation, resend or acceptance).
fn expired_while_pending(invitation: &Invitation, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let closed_at = match invitation.state {
        InvitationState::Pending => None,
        InvitationState::Revoked { at, .. }
        | InvitationState::Superseded { at, .. }
        | InvitationState::Accepted { at, .. } => Some(at),
    };
    let expires_at = invitation.expires_at;
    (expires_at <= now && closed_at.is_none_or(|closed| closed >= expires_at)).then_some(expires_at)
}

fn closing_event<P>(state: &InvitationState, by: Option<P>) -> Option<TimelineEntry<P>> {
    let (at, event) = match *state {
        InvitationState::Pending => return None,
        InvitationState::Revoked { at, .. } => (at, TimelineEvent::Revoked { by }),
        InvitationState::Superseded { at, .. } => (at, TimelineEvent::Superseded { by }),
        InvitationState::Accepted { at, .. } => (at, TimelineEvent::Accepted { by }),
    };
    Some(TimelineEntry { at, event })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{AccountId, Counter, InvitationId, MessageId, TeamId};
    use crate::domain::invitation::{REFUSALS_KEPT, RefusedAttempt};
    use crate::domain::outbox::Attempt;
    use crate::domain::team::Role;
    use chrono::{Duration, TimeZone};

    fn sent() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 14, 0).unwrap()
    }

    fn minutes(n: i64) -> DateTime<Utc> {
        sent() + Duration::minutes(n)
    }

    fn invitation() -> Invitation {
        let fresh = &mut Counter::default();
        let (team, by) = (TeamId::fresh(fresh), AccountId::fresh(fresh));
        let email = Email::parse("tom@x.example").unwrap();
        Invitation::issue(fresh, team, email, Role::Member, by, sent()).0
    }

    fn email_of(invitation: &Invitation, kind: MessageKind, at: DateTime<Utc>) -> OutboxMessage {
        let id = match kind {
            MessageKind::Invitation => invitation.message,
            MessageKind::Reminder => MessageId(uuid::Uuid::from_u128(77)),
        };
        OutboxMessage::queued(
            id,
            (invitation.email.clone(), invitation.team, invitation.id),
            kind,
            at,
        )
    }

    fn attempt(at: DateTime<Utc>, outcome: AttemptOutcome, reply: &str) -> Attempt {
        Attempt {
            at,
            transport: "smtp 127.0.0.1:2525".into(),
            outcome,
            reply: reply.into(),
        }
    }

    fn build(
        invitation: &Invitation,
        emails: &[&OutboxMessage],
        closed_by: Option<&'static str>,
        now: DateTime<Utc>,
    ) -> Vec<TimelineEntry<&'static str>> {
        timeline(TimelineFacts {
            invitation,
            emails: emails.to_vec(),
            created_by: "Olivia",
            closed_by,
            now,
        })
    }

    fn events<P: Clone>(entries: &[TimelineEntry<P>]) -> Vec<TimelineEvent<P>> {
        entries.iter().map(|entry| entry.event.clone()).collect()
    }

    #[test]
    fn a_delivered_invitation_reads_created_queued_delivered() {
        let invitation = invitation();
        let mut email = email_of(&invitation, MessageKind::Invitation, sent());
        email.record(
            attempt(minutes(1), AttemptOutcome::Delivered, "250 OK"),
            0.0,
        );
        let entries = build(&invitation, &[&email], None, minutes(2));
        assert_eq!(
            events(&entries),
            [
                TimelineEvent::Created {
                    by: "Olivia",
                    replaces_earlier: false
                },
                TimelineEvent::Queued {
                    email: MessageKind::Invitation
                },
                TimelineEvent::Attempt {
                    email: MessageKind::Invitation,
                    transport: "smtp 127.0.0.1:2525".into(),
                    outcome: AttemptOutcome::Delivered,
                    reply: "250 OK".into(),
                },
            ]
        );
        assert_eq!(entries[2].at, minutes(1));
    }

    #[test]
    fn every_undelivered_reason_ends_its_email_after_its_attempts() {
        for (reason, tries) in [
            (Undelivered::Refused, 1),
            (Undelivered::GaveUp, 8),
            (Undelivered::KeyChanged, 0),
            (Undelivered::LinkExpired, 2),
        ] {
            let invitation = invitation();
            let mut email = email_of(&invitation, MessageKind::Invitation, sent());
            for n in 0..tries {
                email.attempts.push(attempt(
                    minutes(n),
                    AttemptOutcome::Deferred,
                    "connection refused",
                ));
            }
            email.give_up(reason, minutes(tries));
            let entries = build(&invitation, &[&email], None, minutes(60));
            assert_eq!(entries.len(), 2 + tries as usize + 1, "{reason:?}");
            assert_eq!(
                entries.last().unwrap().event,
                TimelineEvent::Undelivered {
                    email: MessageKind::Invitation,
                    reason,
                    attempts: tries as usize
                }
            );
        }
    }

    #[test]
    fn queued_deferred_sent_and_cancelled_emails_each_tell_their_story() {
        let invitation = invitation();
        let queued = email_of(&invitation, MessageKind::Invitation, sent());
        assert_eq!(build(&invitation, &[&queued], None, minutes(5)).len(), 2);

        let mut deferred = queued.clone();
        deferred.record(
            attempt(minutes(1), AttemptOutcome::Deferred, "421 busy"),
            0.0,
        );
        let entries = build(&invitation, &[&deferred], None, minutes(5));
        assert!(matches!(
            &entries[2].event,
            TimelineEvent::Attempt { outcome: AttemptOutcome::Deferred, reply, .. } if reply == "421 busy"
        ));

        let mut revoked = invitation.clone();
        revoked.state = InvitationState::Revoked {
            by: AccountId(uuid::Uuid::from_u128(5)),
            at: minutes(3),
        };
        let mut cancelled = queued.clone();
        cancelled.cancel(InvitationStatus::Revoked, minutes(4));
        let entries = build(&revoked, &[&cancelled], Some("Priya"), minutes(5));
        assert_eq!(
            events(&entries)[2..],
            [
                TimelineEvent::Revoked { by: Some("Priya") },
                TimelineEvent::Cancelled {
                    email: MessageKind::Invitation,
                    invitation: InvitationStatus::Revoked
                },
            ]
        );
    }

    #[test]
    fn a_resend_says_it_replaces_an_earlier_link_and_its_reminder_follows_its_email() {
        let mut resent = invitation();
        resent.replaces = Some(InvitationId(uuid::Uuid::from_u128(99)));
        let mut email = email_of(&resent, MessageKind::Invitation, sent());
        email.record(
            attempt(minutes(1), AttemptOutcome::Delivered, "250 OK"),
            0.0,
        );
        let reminder_at = resent.expires_at - Duration::days(3);
        let mut reminder = email_of(&resent, MessageKind::Reminder, reminder_at);
        reminder.record(
            attempt(reminder_at, AttemptOutcome::Refused, "550 mailbox full"),
            0.0,
        );
        let entries = build(&resent, &[&email, &reminder], None, reminder_at);
        assert_eq!(
            entries[0].event,
            TimelineEvent::Created {
                by: "Olivia",
                replaces_earlier: true
            }
        );
        let reminder_events: Vec<_> = events(&entries)[3..].to_vec();
        assert_eq!(
            reminder_events,
            [
                TimelineEvent::Queued {
                    email: MessageKind::Reminder
                },
                TimelineEvent::Attempt {
                    email: MessageKind::Reminder,
                    transport: "smtp 127.0.0.1:2525".into(),
                    outcome: AttemptOutcome::Refused,
                    reply: "550 mailbox full".into(),
                },
                TimelineEvent::Undelivered {
                    email: MessageKind::Reminder,
                    reason: Undelivered::Refused,
                    attempts: 1
                },
            ]
        );
    }

    fn refusal(at: DateTime<Utc>, code: DiagnosticCode) -> RefusedAttempt {
        RefusedAttempt {
            at,
            code,
            by_email: Email::parse("tom@y.example").unwrap(),
            other_team: (code == DiagnosticCode::OtherTeam).then(|| "Coastal GP".to_owned()),
        }
    }

    /// Every diagnostic code is shown as recorded. `INV-UNKNOWN` never is in
    /// practice (an unknown link names no invitation to record it on), but a
    /// record holding one still reads as a refusal.
    #[test]
    fn every_refused_opening_is_listed_with_its_code_and_who_tried() {
        let codes = [
            DiagnosticCode::Expired,
            DiagnosticCode::Revoked,
            DiagnosticCode::Superseded,
            DiagnosticCode::Used,
            DiagnosticCode::EmailMismatch,
            DiagnosticCode::OtherTeam,
            DiagnosticCode::Unknown,
        ];
        let mut invitation = invitation();
        for (n, code) in codes.into_iter().enumerate() {
            invitation.record_refusal(refusal(minutes(10 + n as i64), code));
        }
        let entries = build(&invitation, &[], None, minutes(60));
        let refused: Vec<_> = entries
            .iter()
            .filter_map(|entry| match &entry.event {
                TimelineEvent::Refused {
                    code,
                    by_email,
                    other_team,
                } => Some((*code, by_email.as_str().to_owned(), other_team.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(refused.len(), codes.len());
        for ((code, by, team), wanted) in refused.into_iter().zip(codes) {
            assert_eq!(code, wanted);
            assert_eq!(by, "tom@y.example");
            assert_eq!(team.is_some(), wanted == DiagnosticCode::OtherTeam);
        }
    }

    #[test]
    fn refused_openings_no_longer_kept_are_counted_before_the_oldest_kept() {
        let mut invitation = invitation();
        for n in 0..REFUSALS_KEPT as i64 + 5 {
            invitation.record_refusal(refusal(minutes(n), DiagnosticCode::EmailMismatch));
        }
        let entries = build(&invitation, &[], None, minutes(600));
        assert_eq!(
            entries[1],
            TimelineEntry {
                at: minutes(5),
                event: TimelineEvent::RefusalsNotKept { count: 5 }
            }
        );
        assert_eq!(entries.len(), 2 + REFUSALS_KEPT);
    }

    #[test]
    fn expiry_is_shown_when_it_passed_while_pending_and_before_any_closing() {
        let invitation = invitation();
        let expires = invitation.expires_at;
        let before = build(&invitation, &[], None, expires - Duration::seconds(1));
        assert!(!events(&before).contains(&TimelineEvent::Expired));
        let after = build(&invitation, &[], None, expires + Duration::days(2));
        assert_eq!(
            after.last().unwrap(),
            &TimelineEntry {
                at: expires,
                event: TimelineEvent::Expired
            }
        );
        // Resent after it expired: expired, then superseded.
        let newer = InvitationId(uuid::Uuid::from_u128(50));
        let mut superseded = invitation.clone();
        superseded.state = InvitationState::Superseded {
            by: newer,
            at: expires + Duration::days(1),
        };
        let entries = build(&superseded, &[], Some("Priya"), expires + Duration::days(2));
        assert_eq!(
            events(&entries)[1..],
            [
                TimelineEvent::Expired,
                TimelineEvent::Superseded { by: Some("Priya") }
            ]
        );
        // Accepted in time: no expiry, whenever it is looked at.
        let mut accepted = invitation;
        accepted.state = InvitationState::Accepted {
            account: AccountId(uuid::Uuid::from_u128(6)),
            at: minutes(30),
        };
        let entries = build(&accepted, &[], Some("Tom"), expires + Duration::days(40));
        assert_eq!(
            events(&entries)[1..],
            [TimelineEvent::Accepted { by: Some("Tom") }]
        );
    }

    #[test]
    fn a_timeline_serialises_each_event_with_its_time_and_kind() {
        let invitation = invitation();
        let mut email = email_of(&invitation, MessageKind::Invitation, sent());
        email.record(
            attempt(minutes(1), AttemptOutcome::Refused, "550 no such user"),
            0.0,
        );
        let json = serde_json::to_value(build(&invitation, &[&email], None, minutes(2))).unwrap();
        assert_eq!(
            json[0],
            serde_json::json!({
                "at": "2026-11-02T09:14:00Z",
                "event": "created",
                "by": "Olivia",
                "replaces_earlier": false
            })
        );
        assert_eq!(
            json[2],
            serde_json::json!({
                "at": "2026-11-02T09:15:00Z",
                "event": "attempt",
                "email": "invitation",
                "transport": "smtp 127.0.0.1:2525",
                "outcome": "refused",
                "reply": "550 no such user"
            })
        );
        assert_eq!(json[3]["event"], "undelivered");
        assert_eq!(json[3]["reason"], "refused");
    }
}
