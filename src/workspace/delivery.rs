//! Delivering the outbox. Reminders are queued when they fall due; each due
//! email is written from the store as it stands at that moment (its link
//! derived again from the install's key), handed to the transport, and the
//! attempt recorded with an audit line for a final outcome. Nothing of the
//! email is stored, so no working link stays at rest once it is sent.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use lettre::Message;
use lettre::message::{Mailbox, MultiPart};

use super::views::{DeliveryNote, OutboxView};
use super::{Actor, Workspace, apply::apply};
use crate::Error;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::change::{AuditBy, Change};
use crate::domain::invitation::REMINDER_DAYS;
use crate::domain::outbox::{Attempt, AttemptOutcome, Delivery, MessageKind, OutboxMessage};
use crate::domain::outbox::{DeliveryStatus, Settled, Undelivered};
use crate::domain::{
    Action, AuditAction, Invitation, InvitationId, InvitationStatus, MessageId, PersonalPlan, Token,
};
use crate::mail::render::{EmailFacts, EmailKind, JoiningEffect, render};
use crate::mail::transport::Mailer;
use crate::store::{Reads, TxError};

/// What a message comes to when it is about to be sent.
enum Prepared {
    /// The email, ready for the transport.
    Ready(Box<Message>),
    /// It cannot be written as an email (its address, say): refused as an attempt.
    Unsendable(String),
    /// It will not be sent; nothing is attempted.
    Failed(Undelivered),
    Cancelled(InvitationStatus),
}

/// How often the delivery worker looks for due emails when nothing changes.
const WORKER_INTERVAL: std::time::Duration = std::time::Duration::from_secs(20);

/// Delivers the outbox in the background for as long as the process runs:
/// at once, after every change (a new invitation goes out within moments),
/// and every [`WORKER_INTERVAL`] (retries, reminders). It runs on a thread of
/// its own, so slow mail servers and disk syncs never hold up a console.
pub fn start_delivery_worker(workspace: Arc<Workspace>, mailer: Mailer) {
    std::thread::spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(error) => {
                tracing::error!("the delivery worker could not start: {error}");
                return;
            }
        };
        runtime.block_on(async move {
            let mut changes = workspace.subscribe();
            loop {
                if let Err(error) = workspace.deliver_due(&Actor::Operator, &mailer).await {
                    tracing::warn!("delivering the outbox failed: {error}");
                }
                tokio::select! {
                    changed = changes.recv() => {
                        if let Err(tokio::sync::broadcast::error::RecvError::Closed) = changed {
                            return;
                        }
                    }
                    () = tokio::time::sleep(WORKER_INTERVAL) => {}
                }
            }
        });
    });
}

impl Workspace {
    /// `outbox send`, and the delivery worker of the console and the server
    /// (the operator's): queues the reminders now due, then tries every due
    /// message once.
    pub async fn deliver_due(
        &self,
        actor: &Actor,
        mailer: &Mailer,
    ) -> Result<Vec<OutboxView>, Error> {
        self.authorize_store(actor, Action::DeliverMail)?;
        self.link_key()?;
        let _turn = self.delivery.lock().await;
        self.queue_reminders(self.now())?;
        let due = self.store.due_messages(self.now())?;
        let delivered = self.deliver(mailer, &due).await;
        // History moves to the archive once a day, between deliveries.
        if let Err(error) = self.archive_if_due() {
            tracing::warn!("moving history to the archive failed: {error}");
        }
        delivered
    }

    /// Tries at once the emails a command just queued (`invite add`,
    /// `invite resend`), so it can say which went out. Only due messages
    /// are tried: a message queued for later stays queued.
    pub async fn deliver_now(
        &self,
        mailer: &Mailer,
        messages: &[MessageId],
    ) -> Result<Vec<OutboxView>, Error> {
        let _turn = self.delivery.lock().await;
        self.deliver(mailer, messages).await
    }

    /// `outbox list` (the operator's): every message, newest first, or
    /// those with one status.
    pub fn outbox(
        &self,
        actor: &Actor,
        status: Option<DeliveryStatus>,
    ) -> Result<Vec<OutboxView>, Error> {
        self.authorize_store(actor, Action::DeliverMail)?;
        let mut views = Vec::new();
        // Queued emails are never history; any other status may be.
        let messages: Box<dyn Iterator<Item = Result<OutboxMessage, crate::store::StoreError>>> =
            if status == Some(DeliveryStatus::Queued) {
                Box::new(self.store.all::<OutboxMessage>())
            } else {
                Box::new(
                    self.store
                        .messages_ever()?
                        .map(|entry| crate::store::codec::decode(&entry?.1)),
                )
            };
        for message in messages {
            let message = message?;
            if status.is_none_or(|wanted| message.delivery.status() == wanted) {
                views.push(OutboxView::of(&message));
            }
        }
        views.reverse();
        Ok(views)
    }

    /// Tries each message in turn. When the transport cannot be reached at
    /// all, the rest are left queued, untried, and said to be waiting.
    async fn deliver(
        &self,
        mailer: &Mailer,
        messages: &[MessageId],
    ) -> Result<Vec<OutboxView>, Error> {
        let mut views = Vec::with_capacity(messages.len());
        let mut unreachable: Option<String> = None;
        for id in messages {
            let now = self.now();
            let Some(message) = self.store.get::<OutboxMessage>(id.as_bytes())? else {
                continue;
            };
            if !message.is_due(now) {
                continue;
            }
            if let Some(why) = &unreachable {
                let mut view = OutboxView::of(&message);
                view.note.detail = format!("not tried: {why}");
                views.push(view);
                continue;
            }
            let settled = match self.prepare(&message, now)? {
                Prepared::Ready(email) => {
                    let handover = mailer.send(*email, message.id).await;
                    if !handover.reached {
                        unreachable = Some(handover.reply.clone());
                    }
                    self.record_attempt(message, mailer, handover.outcome, handover.reply)?
                }
                Prepared::Unsendable(why) => {
                    self.record_attempt(message, mailer, AttemptOutcome::Refused, why)?
                }
                Prepared::Failed(reason) => self.finish(message, |m, at| m.give_up(reason, at))?,
                Prepared::Cancelled(status) => {
                    self.finish(message, |m, at| m.cancel(status, at))?
                }
            };
            views.push(OutboxView::of(&settled));
        }
        Ok(views)
    }

    /// Reads what the email says from the store as it stands now.
    fn prepare(&self, message: &OutboxMessage, now: DateTime<Utc>) -> Result<Prepared, Error> {
        let invitation = self.store.invitation(message.invitation)?.ok_or_else(|| {
            crate::store::StoreError::Corrupt(format!(
                "outbox message {} carries a missing invitation",
                message.id
            ))
        })?;
        match invitation.status_at(now) {
            InvitationStatus::Pending => {}
            InvitationStatus::Expired => return Ok(Prepared::Failed(Undelivered::LinkExpired)),
            closed => return Ok(Prepared::Cancelled(closed)),
        }
        let token = Token::derive(self.link_key()?, invitation.id);
        if token.hash() != invitation.token_hash {
            return Ok(Prepared::Failed(Undelivered::KeyChanged));
        }
        let link = token.link(&self.settings.base_url);
        let team = self.store.team(invitation.team)?;
        let inviter = self.store.account(invitation.invited_by)?;
        let invitee = self.store.account_by_email(&invitation.email)?;
        let facts = EmailFacts {
            kind: email_kind(message.kind, &invitation),
            language: team.as_ref().map(|t| t.language).unwrap_or_default(),
            team_name: team.as_ref().map_or("", |t| t.name.as_str()),
            inviter_name: inviter.as_ref().map_or("", |a| a.name.as_str()),
            role: invitation.role,
            link: &link,
            expires_at: invitation.expires_at,
            joining: match invitee.map(|a| a.plan) {
                Some(PersonalPlan::Pro { .. }) => JoiningEffect::PersonalProCancelled,
                _ => JoiningEffect::ProThroughTeam,
            },
        };
        let rendered = render(&facts);
        let to = match invitation.email.as_str().parse::<Mailbox>() {
            Ok(to) => to,
            Err(e) => {
                return Ok(Prepared::Unsendable(format!(
                    "not a deliverable address: {e}"
                )));
            }
        };
        let built = Message::builder()
            .from(self.settings.mail_from.clone())
            .to(to)
            .subject(rendered.subject)
            .message_id(Some(format!("<{}@teamdesk>", message.id)))
            .date(now.into())
            .multipart(MultiPart::alternative_plain_html(
                rendered.text,
                rendered.html,
            ));
        Ok(match built {
            Ok(email) => Prepared::Ready(Box::new(email)),
            Err(e) => Prepared::Unsendable(format!("the email cannot be written: {e}")),
        })
    }

    /// Records one attempt and moves the message on; a final outcome is audited.
    fn record_attempt(
        &self,
        message: OutboxMessage,
        mailer: &Mailer,
        outcome: AttemptOutcome,
        reply: String,
    ) -> Result<OutboxMessage, Error> {
        let attempt = Attempt {
            at: self.now(),
            transport: mailer.shown().to_owned(),
            outcome,
            reply,
        };
        self.finish(message, |m, _| {
            m.record(attempt.clone(), crate::sources::jitter())
        })
    }

    /// Moves a message on with `step` at the store's time and writes it,
    /// with an audit line when it reached a final state.
    fn finish(
        &self,
        mut message: OutboxMessage,
        step: impl FnOnce(&mut OutboxMessage, DateTime<Utc>),
    ) -> Result<OutboxMessage, Error> {
        let _writer = self.lock_writer();
        let now = self.now();
        step(&mut message, now);
        let mut change = Change::default();
        let action = message.settled().map(|settled| {
            let action = match settled {
                Settled::Sent { .. } => AuditAction::InviteDelivered,
                Settled::Undelivered { .. } => AuditAction::InviteUndelivered,
            };
            let detail = AuditDetail::Email {
                email: message.kind,
                settled,
            };
            let (team, to) = (Some(message.team), message.to.to_string());
            change.log(AuditBy::System, team, action, to, detail);
            action
        });
        self.write(now, |tx| {
            tx.queue_mail(&message)?;
            apply(tx, &change, &mut self.fresh(now), now)
        })?;
        if let Some(action) = action {
            self.announce(Some(message.team), action, now);
        }
        Ok(message)
    }

    /// Queues a reminder for every pending invitation whose link expires
    /// within [`REMINDER_DAYS`] and whose first email was delivered, once.
    fn queue_reminders(&self, now: DateTime<Utc>) -> Result<(), Error> {
        let candidates = self
            .store
            .awaiting_reminder(now, now + Duration::days(REMINDER_DAYS))?;
        for id in candidates {
            // Most candidates are not due, or their first email is not
            // delivered yet: a read says so, without a durable write each.
            if reminder_wanted(&self.store, id, self.now())?.is_none() {
                continue;
            }
            let _writer = self.lock_writer();
            let now = self.now();
            let queued = self.write(now, |tx| {
                let Some(mut invitation) = reminder_wanted(tx, id, now)? else {
                    return Ok(None);
                };
                let fresh = &mut self.fresh(now);
                let reminder = OutboxMessage::queued(
                    MessageId::fresh(fresh),
                    (invitation.email.clone(), invitation.team, invitation.id),
                    MessageKind::Reminder,
                    now,
                );
                invitation.reminder = Some(reminder.id);
                tx.put_invitation(&invitation)?;
                tx.queue_mail(&reminder)?;
                let mut change = Change::default();
                change.log(
                    AuditBy::System,
                    Some(invitation.team),
                    AuditAction::InviteReminder,
                    invitation.email.to_string(),
                    AuditDetail::ReminderQueued {
                        expires: invitation.expires_at.date_naive(),
                    },
                );
                apply(tx, &change, fresh, now)?;
                Ok::<_, TxError>(Some(invitation.team))
            })?;
            if let Some(team) = queued {
                self.announce(Some(team), AuditAction::InviteReminder, now);
            }
        }
        Ok(())
    }
}

impl OutboxView {
    pub fn of(message: &OutboxMessage) -> Self {
        Self {
            id: message.id,
            to: message.to.to_string(),
            kind: message.kind,
            team: message.team,
            invitation: message.invitation,
            created_at: message.created_at,
            note: DeliveryNote::of(message),
            next_attempt: message.due(),
            attempts: message.attempts.clone(),
        }
    }
}

impl DeliveryNote {
    /// Where a message stands, in a sentence for the command line and logs.
    pub fn of(message: &OutboxMessage) -> Self {
        let last = message.attempts.last();
        let reply = last.map_or("", |attempt| attempt.reply.as_str());
        let detail = match &message.delivery {
            Delivery::Sent { .. } | Delivery::Failed { .. } => message
                .settled()
                .map_or_else(|| "sent".to_owned(), |settled| settled.to_string()),
            Delivery::Queued { due } if last.is_some() => format!(
                "not delivered yet ({reply}); the next try is at {}",
                due.format("%Y-%m-%d %H:%M UTC")
            ),
            Delivery::Queued { .. } => "waiting to be sent".into(),
            Delivery::Cancelled { invitation, .. } => format!(
                "not sent: the invitation was {} before it went out",
                invitation.as_str()
            ),
        };
        Self {
            status: message.delivery.status(),
            detail,
        }
    }
}

fn email_kind(kind: MessageKind, invitation: &Invitation) -> EmailKind {
    match kind {
        MessageKind::Reminder => EmailKind::Reminder,
        MessageKind::Invitation if invitation.replaces.is_some() => EmailKind::Resend,
        MessageKind::Invitation => EmailKind::Invitation,
    }
}

/// The invitation `id`, if its reminder is due at `now` and its first
/// email was delivered: a reminder follows an email that arrived.
fn reminder_wanted<R: Reads>(
    reads: &R,
    id: InvitationId,
    now: DateTime<Utc>,
) -> Result<Option<Invitation>, R::Fail> {
    let Some(invitation) = reads.invitation(id)? else {
        return Ok(None);
    };
    let delivered = reads
        .get::<OutboxMessage>(invitation.message.as_bytes())?
        .is_some_and(|m| m.delivery.status() == DeliveryStatus::Sent);
    Ok((invitation.reminder_due(now) && delivered).then_some(invitation))
}
