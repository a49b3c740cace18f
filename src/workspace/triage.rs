//! Support triage (R13): the invitations of an address across teams, each
//! with its timeline and next step; and the same for one invitation an
//! admin opens in their own team. Only these reads decode the outbox: an
//! invitation list of 100,000 should not decode 100,000 emails.

use chrono::{DateTime, Utc};

use super::context::People;
use super::views::*;
use super::{Actor, TeamChoice, Workspace};
use crate::Error;
use crate::domain::outbox::{Delivery, OutboxMessage};
use crate::domain::timeline::{TimelineFacts, timeline};
use crate::domain::triage::next_step_in;
use crate::domain::{
    Action, DomainError, Email, Invitation, InvitationId, InvitationState, MessageId, Team, TeamId,
};
use crate::store::Reads;

impl Workspace {
    /// `support lookup`: every invitation of an address across all teams,
    /// newest first.
    pub fn lookup(&self, actor: &Actor, email: &str) -> Result<LookupView, Error> {
        self.authorize_store(actor, Action::LookupAcrossTeams)?;
        let email = Email::parse(email)?;
        let now = self.now();
        let account = self.store.account_by_email(&email)?;
        let current_team = match &account {
            Some(account) => self.store.team_of(account.id)?,
            None => None,
        };
        let mut invitations = self.store.invitations_ever_for(&email)?;
        invitations.sort_by(|a, b| b.sent_at.cmp(&a.sent_at).then(b.id.cmp(&a.id)));
        let mut rows = Vec::with_capacity(invitations.len());
        let mut people = People::new(&self.store);
        for invitation in &invitations {
            let team = self.store.team(invitation.team)?.ok_or_else(|| {
                crate::store::StoreError::Corrupt(format!(
                    "invitation {} is for a missing team",
                    invitation.id
                ))
            })?;
            rows.push(self.triage_row(invitation, &team, current_team, now, &mut people)?);
        }
        let account = match account {
            Some(account) => Some(LookupAccount {
                plan: account.plan.label(),
                team: match current_team {
                    Some(team) => self.store.team(team)?.map(|t| t.name),
                    None => None,
                },
                name: account.name,
            }),
            None => None,
        };
        Ok(LookupView {
            email: email.to_string(),
            account,
            invitations: rows,
        })
    }

    /// `support lookup EMAIL_OR_BEGINNING`. A whole address is looked up as
    /// [`Workspace::lookup`] does, unless nothing is on record for it and
    /// other invited addresses start with it; anything else is the
    /// beginning of an address, matched as the console's Triage tab
    /// matches it, at most `limit` addresses.
    pub fn lookup_or_match(
        &self,
        actor: &Actor,
        query: &str,
        limit: usize,
    ) -> Result<LookupFound, Error> {
        self.authorize_store(actor, Action::LookupAcrossTeams)?;
        let beginning = query.trim().to_lowercase();
        if let Ok(email) = Email::parse(query) {
            let view = self.lookup(actor, email.as_str())?;
            let on_record = view.account.is_some() || !view.invitations.is_empty();
            if on_record || self.store.invited_addresses_ever(&beginning, 1)?.is_empty() {
                return Ok(LookupFound::Address(view));
            }
        } else if beginning.is_empty() {
            return Err(DomainError::Invalid(
                "name an address, or the beginning of one, to look up".into(),
            )
            .into());
        }
        let mut found = self
            .store
            .invited_addresses_ever(&beginning, limit.saturating_add(1))?;
        let more = found.len() > limit;
        found.truncate(limit);
        let addresses = found
            .iter()
            .map(|email| self.lookup(actor, email.as_str()))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(LookupFound::Matches(LookupMatches {
            query: beginning,
            addresses,
            more,
        }))
    }

    /// Support triage: the invitations of every address that starts with
    /// `query` (an exact lookup when `query` is a whole address), at most
    /// `limit` addresses, found through the address index.
    pub fn triage(
        &self,
        actor: &Actor,
        query: &str,
        limit: usize,
    ) -> Result<Vec<TriageRow>, Error> {
        self.authorize_store(actor, Action::LookupAcrossTeams)?;
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows = Vec::new();
        for email in self.store.invited_addresses_ever(&query, limit)? {
            rows.extend(self.lookup(actor, email.as_str())?.invitations);
        }
        Ok(rows)
    }

    /// One invitation of a team with its timeline and next step, for whoever
    /// may view the team's invitations: the detail an admin opens.
    pub fn invitation_trail(
        &self,
        actor: &Actor,
        team: &TeamChoice,
        id: InvitationId,
    ) -> Result<TriageRow, Error> {
        let context = self.read_context(actor, team, Action::ViewInvitations)?;
        let invitation = self
            .store
            .find_invitation(id)?
            .filter(|invitation| invitation.team == context.team.id)
            .ok_or_else(|| {
                DomainError::not_found(format!(
                    "there is no such invitation in \"{}\"",
                    context.team.name
                ))
            })?;
        let current_team = match self.store.account_by_email(&invitation.email)? {
            Some(account) => self.store.team_of(account.id)?,
            None => None,
        };
        let mut people = People::new(&self.store);
        self.triage_row(
            &invitation,
            &context.team,
            current_team,
            self.now(),
            &mut people,
        )
    }

    /// An invitation as triage shows it: its view, its emails, its timeline
    /// and the next step.
    fn triage_row(
        &self,
        invitation: &Invitation,
        team: &Team,
        current_team: Option<TeamId>,
        now: DateTime<Utc>,
        people: &mut People<'_>,
    ) -> Result<TriageRow, Error> {
        let email = self.outbox_message(Some(invitation.message))?;
        let reminder = self.outbox_message(invitation.reminder)?;
        let closed_by = match &invitation.state {
            InvitationState::Pending => None,
            InvitationState::Revoked { by, .. } => Some(people.get(*by)?),
            InvitationState::Accepted { account, .. } => Some(people.get(*account)?),
            // Who resent it is who sent the newer link.
            InvitationState::Superseded { by: newer, .. } => {
                match self.store.find_invitation(*newer)? {
                    Some(newer) => Some(people.get(newer.invited_by)?),
                    None => None,
                }
            }
        };
        let timeline = timeline(TimelineFacts {
            invitation,
            emails: [email.as_ref(), reminder.as_ref()]
                .into_iter()
                .flatten()
                .collect(),
            created_by: people.get(invitation.invited_by)?,
            closed_by,
            now,
        });
        Ok(TriageRow {
            next: next_step_in(team, invitation, email.as_ref(), current_team, now),
            email_queued_at: email.as_ref().map(|message| message.created_at),
            email_delivery: email.as_ref().map(EmailView::of),
            reminder_delivery: reminder.as_ref().map(EmailView::of),
            timeline,
            invitation: self.invitation_view(invitation, &team.name, now, people)?,
        })
    }

    fn outbox_message(&self, id: Option<MessageId>) -> Result<Option<OutboxMessage>, Error> {
        match id {
            Some(id) => Ok(self.store.find_message(id)?),
            None => Ok(None),
        }
    }
}

impl EmailView {
    /// Where `message` stands, in facts.
    pub fn of(message: &OutboxMessage) -> Self {
        Self {
            status: message.delivery.status(),
            reason: match message.delivery {
                Delivery::Failed { reason, .. } => Some(reason),
                _ => None,
            },
            attempts: message.attempts.len(),
            last_reply: message.last_reply().map(str::to_owned),
            deferred_since: message.deferred_since(),
            next_attempt: message.due(),
        }
    }
}
