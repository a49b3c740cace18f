//! Commands on the team itself: create, plan, settings, billing details,
//! ownership, deletion.

use chrono::{DateTime, Utc};

use super::super::apply::apply;
use super::super::context::{TeamContext, live_team};
use super::super::{Actor, Applied, CardDetails, Outcome, TeamChoice, TeamSettings, Workspace};
use super::members::member_named;
use crate::Error;
use crate::domain::change::Change;
use crate::domain::rules::membership::not_a_member;
use crate::domain::rules::team_plan::{self, Holdings};
use crate::domain::{Action, AuditAction, Email, Invitation, PaymentMethod, Role, TeamId};
use crate::store::{Reads, Tx, TxError};

impl Workspace {
    pub(super) fn create_team(
        &self,
        actor: &Actor,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.write(now, |tx| {
            let creator = self.actor_account(tx, actor)?;
            let current = match tx.team_of(creator.id)? {
                Some(current) => Some(live_team(tx, current)?),
                None => None,
            };
            let fresh = &mut self.entropy.at(now);
            let (team, change) =
                team_plan::create_team(fresh, creator, current.as_ref(), name, now)?;
            apply(tx, &change, fresh, now)?;
            Ok(team.id)
        })?;
        self.team_applied(team_id, AuditAction::TeamCreate, now)
    }

    /// The team as the outcome of a change made to it.
    fn team_applied(
        &self,
        team_id: TeamId,
        action: AuditAction,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team = live_team(&self.store, team_id)?;
        Ok(Applied {
            outcome: Outcome::Team(self.team_view(&team, now)?),
            team: Some(team_id),
            action,
        })
    }

    /// Runs a rule on the actor's own team and reports the team as the outcome.
    fn change_own_team(
        &self,
        actor: &Actor,
        (permission, action): (Action, AuditAction),
        now: DateTime<Utc>,
        rule: impl Fn(&Tx<'_>, &TeamContext) -> Result<Change, TxError>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, &TeamChoice::Own, permission, now)?;
        self.change_team(actor, team_id, now, |tx, context, _| {
            Ok(((), rule(tx, context)?))
        })?;
        self.team_applied(team_id, action, now)
    }

    pub(super) fn upgrade(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, Error> {
        self.change_own_team(
            actor,
            (Action::ChangePlan, AuditAction::TeamUpgrade),
            now,
            |_, context| {
                Ok(team_plan::upgrade(
                    context.acting(),
                    context.team.clone(),
                    now,
                )?)
            },
        )
    }

    pub(super) fn downgrade(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, &TeamChoice::Own, Action::ChangePlan, now)?;
        let mut assistants = Vec::new();
        for membership in self.store.members_of(team_id)? {
            if membership.role == Role::Assistant
                && let Some(account) = self.store.account(membership.account)?
            {
                assistants.push(format!("{} <{}>", account.name, account.email));
            }
        }
        let templates = self.store.templates_of(team_id)?.len();
        self.change_team(actor, team_id, now, |_, context, _| {
            let team = context.team.clone();
            let change = team_plan::downgrade(context.acting(), team, &assistants, templates)?;
            Ok(((), change))
        })?;
        self.team_applied(team_id, AuditAction::TeamDowngrade, now)
    }

    pub(super) fn change_settings(
        &self,
        actor: &Actor,
        settings: &TeamSettings,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let action = if settings.name.is_some() {
            AuditAction::TeamRename
        } else {
            AuditAction::SessionSharing
        };
        self.change_own_team(
            actor,
            (Action::ChangeSettings, action),
            now,
            |_, context| {
                let team = context.team.clone();
                Ok(team_plan::change_settings(
                    context.acting(),
                    team,
                    settings,
                    now,
                )?)
            },
        )
    }

    pub(super) fn update_billing(
        &self,
        actor: &Actor,
        card: Option<&CardDetails>,
        billing_email: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let card = card
            .map(|c| {
                PaymentMethod::from_entry(&c.brand, &c.last4, c.expiry_month, c.expiry_year, now)
            })
            .transpose()?;
        let billing_email = billing_email.map(Email::parse).transpose()?;
        let applied = self.change_own_team(
            actor,
            (Action::EditBilling, AuditAction::BillingUpdate),
            now,
            |_, context| {
                let team = context.team.clone();
                Ok(team_plan::update_billing(
                    context.acting(),
                    team,
                    card.clone(),
                    billing_email.clone(),
                )?)
            },
        )?;
        Ok(Applied {
            outcome: Outcome::Billing(self.billing(actor)?),
            ..applied
        })
    }

    pub(super) fn transfer_ownership(
        &self,
        actor: &Actor,
        to: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        self.change_own_team(
            actor,
            (Action::TransferOwnership, AuditAction::TransferOwnership),
            now,
            |tx, context| {
                let team = context.team.clone();
                let (email, heir) = member_named(tx, &team, to)?;
                let (heir, seat) = heir.ok_or_else(|| not_a_member(&email, &team))?;
                Ok(team_plan::transfer_ownership(
                    context.acting(),
                    team,
                    &heir,
                    &seat,
                )?)
            },
        )
    }

    pub(super) fn delete_team(
        &self,
        actor: &Actor,
        confirm_name: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, &TeamChoice::Own, Action::DeleteTeam, now)?;
        let mut members = Vec::new();
        for membership in self.store.members_of(team_id)? {
            if let Some(account) = self.store.account(membership.account)? {
                members.push(account);
            }
        }
        let open_invitations: Vec<Invitation> = self
            .store
            .invitations_of(team_id)?
            .into_iter()
            .filter(Invitation::is_open)
            .collect();
        let holdings = Holdings {
            members,
            open_invitations,
            templates: self.store.templates_of(team_id)?,
        };
        let released = holdings.members.len();
        let name = self.change_team(actor, team_id, now, |_, context, _| {
            let team = context.team.clone();
            let name = team.name.clone();
            let change = team_plan::delete_team(
                context.acting(),
                team,
                confirm_name,
                holdings.clone(),
                now,
            )?;
            Ok((name, change))
        })?;
        Ok(Applied {
            outcome: Outcome::TeamDeleted {
                name,
                members_released: released,
            },
            team: Some(team_id),
            action: AuditAction::TeamDelete,
        })
    }
}
