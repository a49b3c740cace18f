//! Commands on invitations: invite, resend, revoke, and opening a link.

use chrono::{DateTime, Utc};

use super::super::apply::apply;
use super::super::context::People;
use super::super::views::{BillingEffect, InviteResult, SentLink};
use super::super::{Actor, Applied, Outcome, TeamChoice, Workspace};
use super::billing_in;
use crate::Error;
use crate::billing::ledger::{Pricing, cost_of_joining};
use crate::domain::rules::invitation::{
    self as rules, Address, Invited, Issued, no_open_invitation,
};
use crate::domain::rules::joining::{Opened, Opening, open_link};
use crate::domain::{
    Action, AuditAction, DomainError, Email, Invitation, InvitationId, InvitationState,
    InvitationStatus, Role, TeamId, Token,
};
use crate::store::{Reads, Tx, TxError};

impl Workspace {
    /// The pending (or expired) invitation of an address to a team, if any.
    fn open_invitation(&self, team: TeamId, email: &Email) -> Result<Option<Invitation>, Error> {
        Ok(self
            .store
            .invitations_for(email)?
            .into_iter()
            .find(|i| i.team == team && i.is_open()))
    }

    /// The open invitation an admin or support means, or the refusal saying
    /// why there is none (given only after the actor is authorised).
    fn open_invitation_of(
        &self,
        team_id: TeamId,
        email: &str,
    ) -> Result<Result<Invitation, DomainError>, Error> {
        let email = match Email::parse(email) {
            Ok(email) => email,
            Err(invalid) => return Ok(Err(invalid)),
        };
        if let Some(open) = self.open_invitation(team_id, &email)? {
            return Ok(Ok(open));
        }
        let team = super::super::context::live_team(&self.store, team_id)?;
        let newest = self
            .store
            .invitations_ever_for(&email)?
            .into_iter()
            .filter(|i| i.team == team_id)
            .max_by_key(|i| i.sent_at);
        Ok(Err(no_open_invitation(&email, &team, newest.as_ref())))
    }

    /// Queues the email of a new link and says what was sent (with what the
    /// address joining would add to the next invoice, for a new invitation).
    fn send(
        &self,
        tx: &Tx<'_>,
        issued: &Issued,
        billing_effect: Option<BillingEffect>,
        now: DateTime<Utc>,
    ) -> Result<SentLink, TxError> {
        let link = self.queue_invitation_email(tx, issued, now)?;
        Ok(SentLink {
            email: issued.invitation.email.to_string(),
            role: issued.invitation.role,
            link,
            expires_at: issued.invitation.expires_at,
            billing_effect,
            message: issued.invitation.message,
            delivery: None,
        })
    }

    pub(super) fn invite(
        &self,
        actor: &Actor,
        emails: &[String],
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, &TeamChoice::Own, Action::Invite, now)?;
        let mut addresses = Vec::with_capacity(emails.len());
        for raw in emails {
            let parsed = Email::parse(raw);
            let open = match &parsed {
                Ok(email) => self.open_invitation(team_id, email)?,
                Err(_) => None,
            };
            addresses.push(Address {
                raw,
                parsed,
                member: false,
                open,
            });
        }
        let results = self.change_team(actor, team_id, now, |tx, context, fresh| {
            let mut addresses = addresses.clone();
            for address in &mut addresses {
                if let Ok(email) = &address.parsed
                    && let Some(account) = tx.account_by_email(email)?
                {
                    address.member = tx.team_of(account.id)? == Some(team_id);
                }
            }
            let (invited, change) = rules::invite(
                fresh,
                context.acting(),
                &context.team,
                role,
                &addresses,
                now,
            )?;
            let account = billing_in(tx, &context.team, now)?;
            let pricing = Pricing {
                prices: &self.settings.prices,
                account: &account,
            };
            let billable = role.is_billable();
            let cost = cost_of_joining(pricing, &context.team.plan, billable, now.date_naive());
            let effect = self.effect(i64::from(billable), cost, &account);
            let results = invited
                .iter()
                .map(|result| self.invite_result(tx, result, Some(effect.clone()), now))
                .collect::<Result<Vec<_>, TxError>>()?;
            Ok((results, change))
        })?;
        Ok(Applied {
            outcome: Outcome::Invited(results),
            team: Some(team_id),
            action: AuditAction::InviteAdd,
        })
    }

    pub(super) fn resend(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, team, Action::ResendInvitation, now)?;
        let open = self.open_invitation_of(team_id, email)?;
        let sent = self.change_team(actor, team_id, now, |tx, context, fresh| {
            let (issued, change) =
                rules::resend(fresh, context.acting(), &context.team, open.clone(), now)?;
            Ok((self.send(tx, &issued, None, now)?, change))
        })?;
        Ok(Applied {
            outcome: Outcome::Resent(sent),
            team: Some(team_id),
            action: AuditAction::InviteResend,
        })
    }

    pub(super) fn resend_expired(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, team, Action::ResendInvitation, now)?;
        let mut expired: Vec<InvitationId> = self
            .store
            .expired_invitations_of(team_id, now)?
            .into_iter()
            .map(|i| i.id)
            .collect();
        expired.sort();
        let results = self.change_team(actor, team_id, now, |tx, context, fresh| {
            // Read again inside the change: each must still be expired.
            let mut still_expired = Vec::with_capacity(expired.len());
            for id in &expired {
                if let Some(invitation) = tx.invitation(*id)?
                    && invitation.status_at(now) == InvitationStatus::Expired
                {
                    still_expired.push(invitation);
                }
            }
            let (resent, change) =
                rules::resend_expired(fresh, context.acting(), &context.team, still_expired, now)?;
            let results = resent
                .iter()
                .map(|result| self.invite_result(tx, result, None, now))
                .collect::<Result<Vec<_>, TxError>>()?;
            Ok((results, change))
        })?;
        Ok(Applied {
            outcome: Outcome::ResentExpired(results),
            team: Some(team_id),
            action: AuditAction::InviteResend,
        })
    }

    /// One address's result: its link sent, or why it was refused.
    fn invite_result(
        &self,
        tx: &Tx<'_>,
        result: &Invited,
        billing_effect: Option<BillingEffect>,
        now: DateTime<Utc>,
    ) -> Result<InviteResult, TxError> {
        Ok(match result {
            Invited::Sent(issued) => {
                InviteResult::Invited(self.send(tx, issued, billing_effect, now)?)
            }
            Invited::Refused { email, error } => InviteResult::Refused {
                email: email.clone(),
                error: error.to_string(),
                exit_code: error.exit_code(),
            },
        })
    }

    pub(super) fn revoke(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, team, Action::RevokeInvitation, now)?;
        let open = self.open_invitation_of(team_id, email)?;
        let (team_name, invitation) = self.change_team(actor, team_id, now, |_, context, _| {
            let (invitation, change) =
                rules::revoke(context.acting(), &context.team, open.clone(), now)?;
            Ok(((context.team.name.clone(), invitation), change))
        })?;
        let view =
            self.invitation_view(&invitation, &team_name, now, &mut People::new(&self.store))?;
        Ok(Applied {
            outcome: Outcome::Revoked(view),
            team: Some(team_id),
            action: AuditAction::InviteRevoke,
        })
    }

    /// R6. A refused opening is recorded on the invitation (for support)
    /// even though the command fails; acceptance itself is all or nothing.
    pub(super) fn join(
        &self,
        actor: &Actor,
        link: &str,
        name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let Actor::Person(email) = actor else {
            return Err(DomainError::Denied(
                "opening an invitation link needs the address you sign in with: pass --as EMAIL"
                    .into(),
            )
            .into());
        };
        let token_hash = Token::from_link(link)?.hash();
        // The invitation's team first catches up with the clock (a trial's
        // end, a new period's invoice), so the seat is billed in the right period.
        if let Some((invitation, archived)) = self.store.invitation_ever_by_token(&token_hash)? {
            // A link of an invitation moved to the archive is opened
            // again: it comes back, so the refusal is recorded on it.
            if archived {
                self.store.restore_invitation(invitation.id)?;
            }
            self.settle(invitation.team, now)?;
        }
        let opened = self.write(now, |tx| {
            let invitation = tx
                .invitation_by_token(&token_hash)?
                .ok_or(DomainError::UnknownLink)?;
            let opening = self.opening(tx, invitation, (email, name), now)?;
            let team = opening.invitation.team;
            let fresh = &mut self.fresh(now);
            let opened = open_link(fresh, opening, &self.settings.prices, now)?;
            let change = match &opened {
                Opened::Accepted { change, .. } | Opened::Refused { change, .. } => change,
            };
            apply(tx, change, fresh, now)?;
            Ok((team, opened))
        })?;
        match opened {
            (
                _,
                Opened::Accepted {
                    team,
                    account,
                    created,
                    ..
                },
            ) => {
                let account = self
                    .store
                    .account(account)?
                    .ok_or_else(|| DomainError::not_found("the new account is missing"))?;
                Ok(Applied {
                    outcome: Outcome::Joined(self.join_view(&account, created)?),
                    team: Some(team),
                    action: AuditAction::InviteAccept,
                })
            }
            (team, Opened::Refused { error, .. }) => {
                self.announce(Some(team), AuditAction::InviteRefused, now);
                Err(error.into())
            }
        }
    }

    /// What the rule of R6 needs to know about someone opening `invitation`.
    fn opening<'a>(
        &self,
        tx: &Tx<'_>,
        invitation: Invitation,
        (email, name): (&'a Email, Option<&'a str>),
        now: DateTime<Utc>,
    ) -> Result<Opening<'a>, TxError> {
        let account = tx.account_by_email(email)?;
        let account_team = match &account {
            Some(account) => match tx.team_of(account.id)? {
                Some(team) => {
                    let name = tx.team(team)?.map(|t| t.name).unwrap_or_default();
                    Some((team, name))
                }
                None => None,
            },
            None => None,
        };
        let revoked_by = match &invitation.state {
            InvitationState::Revoked { by, .. } => tx.account(*by)?.map(|a| a.name),
            _ => None,
        };
        let team = tx.team(invitation.team)?;
        let billing = match &team {
            Some(team) => Some(billing_in(tx, team, now)?),
            None => None,
        };
        Ok(Opening {
            team,
            billing,
            invitation,
            email,
            account,
            account_team,
            revoked_by,
            name,
        })
    }
}
