//! Writing what a rule decided: every record of a [`Change`] and its audit
//! lines in one transaction, the invitation emails of new links queued with
//! them, and the store's newest change time moved to the change's.

use chrono::{DateTime, Utc};

use super::Workspace;
use crate::Error;
use crate::domain::change::{Change, Delete, Put};
use crate::domain::outbox::{MessageKind, OutboxMessage};
use crate::domain::rules::invitation::Issued;
use crate::domain::{AuditEntry, AuditId, Fresh};
use crate::store::{Tx, TxError};

impl Workspace {
    /// Runs a change at `now` as one durable transaction that also records
    /// `now` as the store's newest change time, and the newest id it gave out.
    pub(super) fn write<T>(
        &self,
        now: DateTime<Utc>,
        change: impl Fn(&Tx<'_>) -> Result<T, TxError>,
    ) -> Result<T, Error> {
        let (value, changed) = self.store.write_noting(|tx| {
            let value = change(tx)?;
            tx.record_change(now, self.entropy.last())?;
            Ok(value)
        })?;
        self.note_changed(changed);
        Ok(value)
    }

    /// Queues the email that carries a new link and returns the link, to
    /// be shown once. The outbox keeps only the invitation's id: the link is
    /// derived again when the email goes out.
    pub(super) fn queue_invitation_email(
        &self,
        tx: &Tx<'_>,
        issued: &Issued,
        now: DateTime<Utc>,
    ) -> Result<String, TxError> {
        let invitation = &issued.invitation;
        tx.queue_mail(&OutboxMessage::queued(
            invitation.message,
            (invitation.email.clone(), invitation.team, invitation.id),
            MessageKind::Invitation,
            now,
        ))?;
        Ok(issued.token.link(&self.settings.base_url))
    }
}

/// Writes every record of `change` and appends its audit lines, stamped `now`.
pub(super) fn apply(
    tx: &Tx<'_>,
    change: &Change,
    fresh: &mut dyn Fresh,
    now: DateTime<Utc>,
) -> Result<(), TxError> {
    for delete in &change.deletes {
        match delete {
            Delete::Membership { team, account } => tx.remove_membership(*team, *account)?,
            Delete::Template(template) => tx.remove_template(template)?,
            Delete::Adjustment(adjustment) => tx.remove_adjustment(adjustment)?,
        }
    }
    for put in &change.puts {
        match put {
            Put::Account(account) => tx.put_account(account)?,
            Put::Team(team) => tx.put_team(team)?,
            Put::Membership(membership) => tx.put_membership(membership)?,
            Put::Invitation(invitation) => tx.put_invitation(invitation)?,
            Put::Template(template) => tx.put_template(template)?,
            Put::BillingAccount(account) => tx.put_billing_account(account)?,
            Put::Adjustment(adjustment) => tx.put_adjustment(adjustment)?,
            Put::Invoice(invoice) => tx.put_invoice(invoice)?,
        }
    }
    for note in &change.audit {
        tx.append_audit(&AuditEntry {
            id: AuditId::fresh(fresh),
            at: now,
            actor: note.by.id(),
            actor_email: note.by.name(),
            team: note.team,
            action: note.action,
            target: note.target.clone(),
            details: note.details.clone(),
        })?;
    }
    Ok(())
}
