//! Commands on the team itself: create, plan, settings, billing details,
//! ownership, deletion.

use chrono::{DateTime, Utc};

use super::super::apply::apply;
use super::super::context::{TeamContext, live_team};
use super::super::{
    Actor, Applied, BillingEffect, BillingRequest, Outcome, TeamChoice, TeamSettings, Workspace,
};
use super::billing_in;
use super::members::member_named;
use crate::Error;
use crate::domain::change::Change;
use crate::domain::rules::billing::{self, BillingChange};
use crate::domain::rules::membership::not_a_member;
use crate::domain::rules::team_plan::{self, Downgrade, Holdings};
use crate::domain::{Action, AuditAction, Invitation, TeamId};
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
            let fresh = &mut self.fresh(now);
            let prices = &self.settings.prices;
            let (team, change) =
                team_plan::create_team(fresh, (creator, current.as_ref()), name, prices, now)?;
            apply(tx, &change, fresh, now)?;
            Ok(team.id)
        })?;
        // The first period starts today: its invoice (the owner's seat) is issued now.
        self.settle(team_id, now)?;
        self.team_applied(team_id, AuditAction::TeamCreate, now)
    }

    /// The team as the outcome of a change made to it.
    fn team_applied(
        &self,
        team_id: TeamId,
        action: AuditAction,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        self.team_applied_with(team_id, action, None, now)
    }

    /// The team as the outcome of a change to its plan, with what the
    /// change did to its next invoice.
    fn team_applied_with(
        &self,
        team_id: TeamId,
        action: AuditAction,
        billing_effect: Option<BillingEffect>,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team = live_team(&self.store, team_id)?;
        let mut view = self.team_view(&team, now)?;
        view.billing_effect = billing_effect;
        Ok(Applied {
            outcome: Outcome::Team(view),
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
        let team_id = self.team_for_change(actor, &TeamChoice::Own, Action::ChangePlan, now)?;
        let (seats, _) = self.seats_of(team_id)?;
        let effect = self.change_team(actor, team_id, now, |tx, context, fresh| {
            let account = billing_in(tx, &context.team, now)?;
            let mut biller = self.biller(&account, fresh);
            let team = context.team.clone();
            let change = team_plan::upgrade(context.acting(), team, &seats, &mut biller, now)?;
            Ok((self.effect_of(&change, &account), change))
        })?;
        self.team_applied_with(team_id, AuditAction::TeamUpgrade, Some(effect), now)
    }

    pub(super) fn downgrade(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, &TeamChoice::Own, Action::ChangePlan, now)?;
        let (seats, assistant_accounts) = self.seats_of(team_id)?;
        let assistants: Vec<String> = assistant_accounts
            .iter()
            .map(|account| format!("{} <{}>", account.name, account.email))
            .collect();
        let templates = self.store.templates_of(team_id)?.len();
        let effect = self.change_team(actor, team_id, now, |tx, context, fresh| {
            let account = billing_in(tx, &context.team, now)?;
            let mut biller = self.biller(&account, fresh);
            let holding = Downgrade {
                assistants: &assistants,
                templates,
                seats: &seats,
            };
            let team = context.team.clone();
            let change = team_plan::downgrade(context.acting(), team, holding, &mut biller, now)?;
            Ok((self.effect_of(&change, &account), change))
        })?;
        self.team_applied_with(team_id, AuditAction::TeamDowngrade, Some(effect), now)
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
        request: &BillingRequest,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let change = BillingChange {
            card: request
                .card
                .as_ref()
                .map(|card| card.to_payment_method(now))
                .transpose()?,
            billing_email: request
                .billing_email
                .as_deref()
                .map(crate::domain::text::billing_email)
                .transpose()?,
            cycle: request.cycle,
        };
        let applied = self.change_own_team(
            actor,
            (Action::EditBilling, AuditAction::BillingUpdate),
            now,
            |tx, context| {
                let account = billing_in(tx, &context.team, now)?;
                let team = context.team.clone();
                Ok(billing::update_billing(
                    context.acting(),
                    team,
                    &account,
                    change.clone(),
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
        let open_invitations: Vec<Invitation> = self.store.open_invitations_of(team_id)?;
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
