//! The command line's words for the facts the workspace returns: statuses,
//! next steps, timelines, roles. The console words the same facts in its
//! own catalogues.

use chrono::{DateTime, Utc};

use crate::domain::calendar::{day, days_until, whole_days};
use crate::domain::outbox::{AttemptOutcome, MessageKind, Undelivered};
use crate::domain::timeline::TimelineEvent;
use crate::domain::{InvitationStatus, Role};
use crate::workspace::{InvitationView, NextStep, PersonRef};

fn plural_days(days: i64) -> String {
    if days == 1 {
        "1 day".into()
    } else {
        format!("{days} days")
    }
}

/// A role as the command line writes it: "template manager".
pub fn role(role: Role) -> String {
    role.as_str().replace('_', " ")
}

/// An invitation's status in words (R13): "expired 3 days ago".
pub fn status(view: &InvitationView, now: DateTime<Utc>) -> String {
    let closed = || view.closed_at.map(day).unwrap_or_default();
    match view.status {
        InvitationStatus::Pending => match days_until(now, view.expires_at) {
            0 => "pending · expires today".into(),
            days => format!("pending · expires in {}", plural_days(days)),
        },
        InvitationStatus::Expired => match whole_days(view.expires_at, now) {
            0 => "expired today".into(),
            days => format!("expired {} ago", plural_days(days)),
        },
        InvitationStatus::Revoked => format!(
            "revoked {} by {}",
            closed(),
            view.revoked_by
                .as_ref()
                .map_or("an admin", |p| p.name.as_str())
        ),
        InvitationStatus::Superseded => {
            format!("superseded: a newer link was sent {}", closed())
        }
        InvitationStatus::Accepted => format!("accepted {}", closed()),
    }
}

/// A moment as triage writes it: the time alone on the day of `now`
/// ("09:14 UTC"), else with its date.
pub fn moment(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if at.date_naive() == now.date_naive() {
        at.format("%H:%M UTC").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M UTC").to_string()
    }
}

/// The command that sends an invitation again, for support to copy.
fn resend_command(view: &InvitationView) -> String {
    format!(
        "`teamdesk invite resend {} --team \"{}\"`",
        view.email, view.team_name
    )
}

/// What support should do next, in words (R13).
pub fn next_step(next: &NextStep, view: &InvitationView, now: DateTime<Utc>) -> String {
    match next {
        NextStep::LeaveOtherTeam { team } => format!(
            "they must leave \"{team}\" first (or ask its admin to remove them), then open the link again"
        ),
        NextStep::SignInAsInvited { signed_in_as } => format!(
            "they opened the link signed in as {signed_in_as}: have them sign in as {}, or invite {signed_in_as} instead",
            view.email
        ),
        NextStep::WaitOrResend { days_left } => format!(
            "wait for them to accept (link valid {} more); resend if the email did not arrive",
            plural_days(*days_left)
        ),
        NextStep::AwaitDelivery { queued_at } => format!(
            "queued since {}: the email has not been tried yet and goes out with the next delivery (`teamdesk outbox send`)",
            moment(*queued_at, now)
        ),
        NextStep::MailServerUnreachable {
            since,
            next_attempt,
            reply,
        } => format!(
            "queued: the mail server has been unreachable since {}, retrying (next try {}; last reply: {reply})",
            moment(*since, now),
            moment(*next_attempt, now)
        ),
        NextStep::CheckAddress { reply } => format!(
            "the mail server refused the address: {reply} — check the spelling and invite the right address"
        ),
        NextStep::ResendAfterGivingUp { attempts, reply } => format!(
            "delivery was given up after {attempts} attempts (last reply: {reply}) — once the mail server is reachable, resend: {}",
            resend_command(view)
        ),
        NextStep::ResendAfterKeyChange => format!(
            "the email was never sent: the install's link key changed after it was queued — resend: {}",
            resend_command(view)
        ),
        NextStep::ResendUndelivered => format!(
            "the link expired before its email could be delivered — resend: {}",
            resend_command(view)
        ),
        NextStep::Resend => format!("resend the invitation: {}", resend_command(view)),
        NextStep::InviteAgain => "invite the address again if they should join".into(),
        NextStep::TeamDeleted => format!(
            "nothing to do: \"{}\" was deleted; another team's admin can invite them",
            view.team_name
        ),
        NextStep::UseNewer => {
            "use the newer invitation listed above; this link no longer works".into()
        }
        NextStep::Nothing => "nothing to do: they are in the team".into(),
        NextStep::InviteBack => {
            "they joined and have since left the team: invite them again if they should return"
                .into()
        }
    }
}

fn email_word(email: MessageKind) -> &'static str {
    match email {
        MessageKind::Invitation => "invitation email",
        MessageKind::Reminder => "reminder",
    }
}

/// A person with their address, for support to reach them.
fn person(person: Option<&PersonRef>) -> String {
    person.map_or("someone unknown".to_owned(), |p| {
        format!("{} ({})", p.name, p.email)
    })
}

/// One event of an invitation's timeline, in words.
pub fn timeline_event(event: &TimelineEvent<PersonRef>) -> String {
    match event {
        TimelineEvent::Created {
            by,
            replaces_earlier: false,
        } => format!("invited by {}", person(Some(by))),
        TimelineEvent::Created { by, .. } => {
            format!("resent by {}: replaces an earlier link", person(Some(by)))
        }
        TimelineEvent::Queued { email } => format!("{} queued", email_word(*email)),
        TimelineEvent::Attempt {
            email,
            transport,
            outcome,
            reply,
        } => {
            let email = email_word(*email);
            match outcome {
                AttemptOutcome::Delivered => format!("{email} delivered ({transport}): {reply}"),
                AttemptOutcome::Deferred => {
                    format!("{email} not delivered yet ({transport}): {reply}; to be retried")
                }
                AttemptOutcome::Refused => {
                    format!("{email} refused by the mail server ({transport}): {reply}")
                }
            }
        }
        TimelineEvent::Undelivered {
            email,
            reason,
            attempts,
        } => {
            let email = email_word(*email);
            match reason {
                Undelivered::Refused => format!("{email} failed for good: it will not be retried"),
                Undelivered::GaveUp => format!("{email} given up after {attempts} attempts"),
                Undelivered::KeyChanged => format!(
                    "{email} never sent: the install's link key changed after it was queued"
                ),
                Undelivered::LinkExpired => {
                    format!("{email} never sent: the link expired before it could be delivered")
                }
            }
        }
        TimelineEvent::Cancelled { email, invitation } => format!(
            "{} not sent: the invitation was {} before it went out",
            email_word(*email),
            invitation.as_str()
        ),
        TimelineEvent::Refused {
            code,
            by_email,
            other_team: Some(team),
        } => format!("link opened by {by_email} and refused: {code} (they are in \"{team}\")"),
        TimelineEvent::Refused { code, by_email, .. } => {
            format!("link opened by {by_email} and refused: {code}")
        }
        TimelineEvent::RefusalsNotKept { count } => {
            format!("{count} earlier refused opening(s), no longer kept")
        }
        TimelineEvent::Revoked { by } => format!("revoked by {}", person(by.as_ref())),
        TimelineEvent::Superseded { by } => {
            format!(
                "superseded: a newer link was sent by {}",
                person(by.as_ref())
            )
        }
        TimelineEvent::Accepted { by } => format!("accepted by {}", person(by.as_ref())),
        TimelineEvent::Expired => "expired unused".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DiagnosticCode, InvitationId, TeamId};
    use crate::workspace::{PersonRef, RefusalView};
    use chrono::{Duration, TimeZone};

    fn view(status: InvitationStatus, now: DateTime<Utc>) -> InvitationView {
        InvitationView {
            id: InvitationId(uuid::Uuid::from_u128(1)),
            team: TeamId(uuid::Uuid::from_u128(2)),
            team_name: "Bondi".into(),
            email: "tom@x.example".into(),
            role: Role::Member,
            status,
            sent_at: now - Duration::days(33),
            expires_at: now - Duration::days(3),
            invited_by: PersonRef {
                name: "Olivia".into(),
                email: "olivia@x.example".into(),
            },
            closed_at: None,
            revoked_by: None,
            resent_from: None,
            refused_attempts: Vec::new(),
            refused_total: 0,
        }
    }

    #[test]
    fn an_expired_invitation_says_how_long_ago_and_to_resend() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        let expired = view(InvitationStatus::Expired, now);
        assert_eq!(status(&expired, now), "expired 3 days ago");
        assert!(next_step(&NextStep::Resend, &expired, now).starts_with("resend"));
    }

    #[test]
    fn a_refusal_for_another_team_says_to_leave_it_first() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        let mut pending = view(InvitationStatus::Pending, now);
        pending.expires_at = now + Duration::days(2);
        pending.refused_attempts.push(RefusalView {
            at: now,
            code: DiagnosticCode::OtherTeam,
            by_email: "tom@x.example".into(),
            other_team: Some("Coastal GP".into()),
        });
        assert_eq!(status(&pending, now), "pending · expires in 2 days");
        let next = NextStep::LeaveOtherTeam {
            team: "Coastal GP".into(),
        };
        assert!(next_step(&next, &pending, now).contains("leave \"Coastal GP\""));
    }

    #[test]
    fn every_delivery_step_says_what_happened_and_what_to_do() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        let mut pending = view(InvitationStatus::Pending, now);
        pending.expires_at = now + Duration::days(20);
        let at = |h, m| Utc.with_ymd_and_hms(2026, 11, 26, h, m, 0).unwrap();
        let resend = "`teamdesk invite resend tom@x.example --team \"Bondi\"`";
        let cases = [
            (
                NextStep::MailServerUnreachable {
                    since: at(9, 14),
                    next_attempt: at(12, 16),
                    reply: "421 busy".into(),
                },
                "queued: the mail server has been unreachable since 09:14 UTC, retrying (next try 12:16 UTC; last reply: 421 busy)".to_owned(),
            ),
            (
                NextStep::AwaitDelivery {
                    queued_at: at(9, 14) - Duration::days(1),
                },
                "queued since 2026-11-25 09:14 UTC: the email has not been tried yet and goes out with the next delivery (`teamdesk outbox send`)".to_owned(),
            ),
            (
                NextStep::CheckAddress {
                    reply: "550 no such user".into(),
                },
                "the mail server refused the address: 550 no such user — check the spelling and invite the right address".to_owned(),
            ),
            (
                NextStep::ResendAfterGivingUp {
                    attempts: 8,
                    reply: "timed out".into(),
                },
                format!("delivery was given up after 8 attempts (last reply: timed out) — once the mail server is reachable, resend: {resend}"),
            ),
            (
                NextStep::ResendAfterKeyChange,
                format!("the email was never sent: the install's link key changed after it was queued — resend: {resend}"),
            ),
            (
                NextStep::ResendUndelivered,
                format!("the link expired before its email could be delivered — resend: {resend}"),
            ),
        ];
        for (next, sentence) in cases {
            assert_eq!(next_step(&next, &pending, now), sentence);
        }
    }
}
