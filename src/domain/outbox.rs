//! The outbox: one record per email the workspace wants delivered, with every
//! attempt made. A record names its invitation and never holds the email
//! itself: the link inside is derived again when the email goes out, so no
//! working link is ever at rest in the store (R3).
//!
//! Everything here is pure: the retry policy takes the time and the jitter
//! as values.

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Email, InvitationId, InvitationStatus, MessageId, TeamId};

/// Attempts before a message that keeps meeting temporary failures is given up.
pub const MAX_ATTEMPTS: usize = 8;
/// The wait after the first temporary failure; each later one doubles it.
pub const FIRST_RETRY_SECONDS: i64 = 60;
/// The longest wait between two attempts.
pub const LONGEST_RETRY_SECONDS: i64 = 2 * 60 * 60;

/// What an email is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// The email that carries a new link (a first invitation or a resend).
    Invitation,
    /// The reminder sent a few days before a pending link expires.
    Reminder,
}

impl MessageKind {
    fn invitation() -> Self {
        MessageKind::Invitation
    }

    /// The kind in English: `invitation`, `reminder`.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Invitation => "invitation",
            MessageKind::Reminder => "reminder",
        }
    }
}

/// Where a message stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Waiting for its next attempt, due at `due`.
    Queued { due: DateTime<Utc> },
    /// Accepted by the transport.
    Sent { at: DateTime<Utc> },
    /// Never to be sent; the last attempt (if any) holds the server's reply.
    Failed {
        at: DateTime<Utc>,
        reason: Undelivered,
    },
    /// Not sent because its invitation stopped being open first.
    Cancelled {
        at: DateTime<Utc>,
        invitation: InvitationStatus,
    },
}

/// Why a message will never be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Undelivered {
    /// The mail server refused it for good (a 5xx reply).
    Refused,
    /// Temporary failures, [`MAX_ATTEMPTS`] times.
    GaveUp,
    /// Its link can no longer be derived: the install's link key changed
    /// since it was queued.
    KeyChanged,
    /// Its link expired before it could be delivered.
    LinkExpired,
}

/// How a message's delivery ended, as its audit entry keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Settled {
    /// `transport` accepted it, replying `reply`.
    Sent { transport: String, reply: String },
    /// It will never be sent, after `attempts` attempts; `reply` is the
    /// last one's (empty when none was made).
    Undelivered {
        reason: Undelivered,
        attempts: u32,
        reply: String,
    },
}

/// The English sentence: the outbox listing's detail, and the audit log's
/// after the kind of email.
impl fmt::Display for Settled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Settled::Sent { transport, reply } => write!(f, "{transport}: {reply}"),
            Settled::Undelivered {
                reason,
                attempts,
                reply,
            } => match reason {
                Undelivered::Refused => write!(f, "the mail server refused it: {reply}"),
                Undelivered::GaveUp => {
                    write!(f, "gave up after {attempts} attempts; the last: {reply}")
                }
                Undelivered::KeyChanged => f.write_str(
                    "its link can no longer be made (the install's link key changed after it was queued): resend the invitation",
                ),
                Undelivered::LinkExpired => f.write_str(
                    "its link expired before it could be delivered: resend the invitation",
                ),
            },
        }
    }
}

/// The status people filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Queued,
    Sent,
    Failed,
    Cancelled,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "queued",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Cancelled => "cancelled",
        }
    }
}

/// Due at once (the earliest moment there is).
impl Default for Delivery {
    fn default() -> Self {
        Delivery::Queued {
            due: DateTime::<Utc>::UNIX_EPOCH,
        }
    }
}

impl Delivery {
    pub fn status(&self) -> DeliveryStatus {
        match self {
            Delivery::Queued { .. } => DeliveryStatus::Queued,
            Delivery::Sent { .. } => DeliveryStatus::Sent,
            Delivery::Failed { .. } => DeliveryStatus::Failed,
            Delivery::Cancelled { .. } => DeliveryStatus::Cancelled,
        }
    }
}

/// How one attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptOutcome {
    /// The transport accepted the message.
    Delivered,
    /// A temporary failure (no connection, a timeout, a 4xx reply): retried.
    Deferred,
    /// A permanent failure (a 5xx reply): not retried.
    Refused,
}

/// One try at delivering a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    /// The transport as it may be shown: `smtp 127.0.0.1:2525`, `file /path`
    /// (never a credential).
    pub transport: String,
    pub outcome: AttemptOutcome,
    /// The server's reply, or what went wrong, in its own words.
    pub reply: String,
}

/// One email the workspace wants delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: MessageId,
    pub to: Email,
    pub team: TeamId,
    pub invitation: InvitationId,
    /// Exports made before reminders read as invitations.
    #[serde(default = "MessageKind::invitation")]
    pub kind: MessageKind,
    pub created_at: DateTime<Utc>,
    /// Exports made before deliveries were recorded read as queued, due at once.
    #[serde(default)]
    pub delivery: Delivery,
    /// Every attempt, oldest first (at most [`MAX_ATTEMPTS`]).
    #[serde(default)]
    pub attempts: Vec<Attempt>,
}

impl OutboxMessage {
    /// A message due at once.
    pub fn queued(
        id: MessageId,
        (to, team, invitation): (Email, TeamId, InvitationId),
        kind: MessageKind,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            to,
            team,
            invitation,
            kind,
            created_at: now,
            delivery: Delivery::Queued { due: now },
            attempts: Vec::new(),
        }
    }

    /// When its next attempt is due, while it is queued.
    pub fn due(&self) -> Option<DateTime<Utc>> {
        match self.delivery {
            Delivery::Queued { due } => Some(due),
            _ => None,
        }
    }

    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.due().is_some_and(|due| due <= now)
    }

    /// Records an attempt and moves the message on: sent, refused for good,
    /// given up after [`MAX_ATTEMPTS`], or queued again after a backoff
    /// stretched by `jitter` (0 to 1), so that many messages deferred
    /// together do not all retry at the same moment.
    pub fn record(&mut self, attempt: Attempt, jitter: f64) {
        let at = attempt.at;
        let outcome = attempt.outcome;
        self.attempts.push(attempt);
        self.delivery = match outcome {
            AttemptOutcome::Delivered => Delivery::Sent { at },
            AttemptOutcome::Refused => Delivery::Failed {
                at,
                reason: Undelivered::Refused,
            },
            AttemptOutcome::Deferred if self.attempts.len() >= MAX_ATTEMPTS => Delivery::Failed {
                at,
                reason: Undelivered::GaveUp,
            },
            AttemptOutcome::Deferred => Delivery::Queued {
                due: at + retry_delay(self.attempts.len(), jitter),
            },
        };
    }

    /// Ends a message that will not be attempted again for a reason of its own.
    pub fn give_up(&mut self, reason: Undelivered, now: DateTime<Utc>) {
        self.delivery = Delivery::Failed { at: now, reason };
    }

    /// Ends a message whose invitation stopped being open before it went out.
    pub fn cancel(&mut self, invitation: InvitationStatus, now: DateTime<Utc>) {
        self.delivery = Delivery::Cancelled {
            at: now,
            invitation,
        };
    }

    /// How its delivery ended, once it was sent or will never be; `None`
    /// while queued, once cancelled (never tried), and for a message marked
    /// sent without an attempt on record.
    pub fn settled(&self) -> Option<Settled> {
        let last = self.attempts.last();
        match &self.delivery {
            Delivery::Sent { .. } => last.map(|attempt| Settled::Sent {
                transport: attempt.transport.clone(),
                reply: attempt.reply.clone(),
            }),
            Delivery::Failed { reason, .. } => Some(Settled::Undelivered {
                reason: *reason,
                attempts: u32::try_from(self.attempts.len()).unwrap_or(u32::MAX),
                reply: self.last_reply().unwrap_or_default().to_owned(),
            }),
            Delivery::Queued { .. } | Delivery::Cancelled { .. } => None,
        }
    }

    /// The newest attempt's reply, if any.
    pub fn last_reply(&self) -> Option<&str> {
        self.attempts.last().map(|attempt| attempt.reply.as_str())
    }

    /// While queued after temporary failures: when they began (the first
    /// deferred attempt since the last success or refusal).
    pub fn deferred_since(&self) -> Option<DateTime<Utc>> {
        if !matches!(self.delivery, Delivery::Queued { .. }) {
            return None;
        }
        self.attempts
            .iter()
            .rev()
            .take_while(|attempt| attempt.outcome == AttemptOutcome::Deferred)
            .last()
            .map(|attempt| attempt.at)
    }
}

/// The wait before attempt `attempts + 1`: doubling from
/// [`FIRST_RETRY_SECONDS`], at most [`LONGEST_RETRY_SECONDS`], then
/// stretched by up to half again by `jitter`.
pub fn retry_delay(attempts: usize, jitter: f64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1)).unwrap_or(u32::MAX);
    let base = FIRST_RETRY_SECONDS
        .saturating_mul(2_i64.saturating_pow(doublings))
        .min(LONGEST_RETRY_SECONDS);
    let stretch = 1.0 + jitter.clamp(0.0, 1.0) / 2.0;
    // At most 3 hours in seconds: exact in an f64.
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let seconds = (base as f64 * stretch).round() as i64;
    Duration::seconds(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{Counter, Fresh};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 9, 14, 0).unwrap()
    }

    fn message() -> OutboxMessage {
        let fresh: &mut dyn Fresh = &mut Counter::default();
        OutboxMessage::queued(
            MessageId::fresh(fresh),
            (
                Email::parse("tom@x.example").unwrap(),
                TeamId::fresh(fresh),
                InvitationId::fresh(fresh),
            ),
            MessageKind::Invitation,
            now(),
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

    #[test]
    fn a_new_message_is_due_at_once_and_a_delivered_one_is_sent() {
        let mut message = message();
        assert!(message.is_due(now()));
        message.record(attempt(now(), AttemptOutcome::Delivered, "250 OK"), 0.0);
        assert_eq!(message.delivery, Delivery::Sent { at: now() });
        assert!(!message.is_due(now() + Duration::days(1)));
    }

    #[test]
    fn a_permanent_refusal_fails_at_once_with_the_reply_kept() {
        let mut message = message();
        let reply = "550 no such user";
        message.record(attempt(now(), AttemptOutcome::Refused, reply), 0.5);
        assert_eq!(message.delivery.status(), DeliveryStatus::Failed);
        assert_eq!(message.last_reply(), Some(reply));
        assert!(!message.is_due(now() + Duration::days(1)));
    }

    #[test]
    fn temporary_failures_back_off_exponentially_then_give_up() {
        let mut message = message();
        let mut at = now();
        let mut waits = Vec::new();
        for _ in 0..MAX_ATTEMPTS - 1 {
            message.record(
                attempt(at, AttemptOutcome::Deferred, "connection refused"),
                0.0,
            );
            let Delivery::Queued { due } = message.delivery else {
                panic!("still queued")
            };
            assert!(!message.is_due(due - Duration::seconds(1)));
            assert!(message.is_due(due));
            waits.push((due - at).num_seconds());
            at = due;
        }
        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3840]);
        assert_eq!(message.deferred_since(), Some(now()));
        message.record(attempt(at, AttemptOutcome::Deferred, "timed out"), 0.0);
        assert_eq!(
            message.delivery,
            Delivery::Failed {
                at,
                reason: Undelivered::GaveUp
            }
        );
        assert_eq!(message.attempts.len(), MAX_ATTEMPTS);
    }

    #[test]
    fn jitter_stretches_a_wait_by_at_most_half_and_waits_are_capped() {
        assert_eq!(retry_delay(1, 0.0), Duration::seconds(60));
        assert_eq!(retry_delay(1, 1.0), Duration::seconds(90));
        assert_eq!(retry_delay(2, 0.5), Duration::seconds(150));
        assert_eq!(
            retry_delay(40, 0.0),
            Duration::seconds(LONGEST_RETRY_SECONDS)
        );
        assert_eq!(retry_delay(3, 7.0), retry_delay(3, 1.0));
    }
}
