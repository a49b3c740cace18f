//! Commands on memberships: remove, change a role, leave.

use chrono::{DateTime, Utc};

use super::super::{Actor, Applied, Outcome, TeamChoice, Workspace};
use super::billing_in;
use crate::Error;
use crate::domain::rules::membership::{self, Named, Seat};
use crate::domain::{Action, AuditAction, Email, Role, Team, TeamId};
use crate::store::{Reads, TxError};

/// The address typed, and its account and membership when it is a member of `team`.
pub(super) fn member_named<R: Reads>(
    reads: &R,
    team: &Team,
    email: &str,
) -> Result<(Email, Option<Seat>), R::Fail> {
    let email = Email::parse(email)?;
    let Some(account) = reads.account_by_email(&email)? else {
        return Ok((email, None));
    };
    let seat = reads.membership(team.id, account.id)?;
    Ok((email, seat.map(|seat| (account, seat))))
}

impl Workspace {
    /// How many admins a team has, for the last-admin rule.
    fn admin_count(&self, team: TeamId) -> Result<usize, Error> {
        Ok(self
            .store
            .members_of(team)?
            .iter()
            .filter(|m| m.role == Role::Admin)
            .count())
    }

    pub(super) fn remove_member(
        &self,
        actor: &Actor,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, &TeamChoice::Own, Action::RemoveMember, now)?;
        let admins = self.admin_count(team_id)?;
        let (team, removed, effect) =
            self.change_team(actor, team_id, now, |tx, context, fresh| {
                let (email, target) = member_named(tx, &context.team, email)?;
                let account = billing_in(tx, &context.team, now)?;
                let named = Named {
                    email: &email,
                    seat: target.as_ref(),
                };
                let change = membership::remove_member(
                    context.acting(),
                    &context.team,
                    named,
                    admins,
                    &mut self.biller(&account, fresh),
                    now,
                )?;
                let effect = self.effect_of(&change, &account);
                Ok(((context.team.name.clone(), email, effect), change))
            })?;
        Ok(Applied {
            outcome: Outcome::Removed {
                email: removed.to_string(),
                team,
                billing_effect: effect,
            },
            team: Some(team_id),
            action: AuditAction::MemberRemove,
        })
    }

    pub(super) fn change_role(
        &self,
        actor: &Actor,
        email: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, &TeamChoice::Own, Action::ChangeRole, now)?;
        let admins = self.admin_count(team_id)?;
        let (account, effect) = self.change_team(actor, team_id, now, |tx, context, fresh| {
            let (email, target) = member_named(tx, &context.team, email)?;
            let member = target.as_ref().map(|(account, _)| account.id);
            let billing = billing_in(tx, &context.team, now)?;
            let named = Named {
                email: &email,
                seat: target.as_ref(),
            };
            let change = membership::change_role(
                context.acting(),
                &context.team,
                named,
                role,
                admins,
                &mut self.biller(&billing, fresh),
                now,
            )?;
            let effect = self.effect_of(&change, &billing);
            Ok(((member, effect), change))
        })?;
        let team = self.store.team(team_id)?;
        let membership = match account {
            Some(account) => self.store.membership(team_id, account)?,
            None => None,
        };
        let (Some(team), Some(membership)) = (team, membership) else {
            return Err(crate::domain::DomainError::not_found("the member left meanwhile").into());
        };
        let mut view = self.member_view(&team, &membership)?;
        view.billing_effect = Some(Box::new(effect));
        Ok(Applied {
            outcome: Outcome::Member(view),
            team: Some(team_id),
            action: AuditAction::MemberRole,
        })
    }

    pub(super) fn leave(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, &TeamChoice::Own, Action::LeaveTeam, now)?;
        let admins = self.admin_count(team_id)?;
        let (email, team, effect) =
            self.change_team(actor, team_id, now, |tx, context, fresh| {
                let account = billing_in(tx, &context.team, now)?;
                let change = membership::leave(
                    context.acting(),
                    &context.team,
                    context.membership.as_ref(),
                    admins,
                    &mut self.biller(&account, fresh),
                    now,
                )?;
                let effect = self.effect_of(&change, &account);
                let left = (
                    context.actor.email.to_string(),
                    context.team.name.clone(),
                    effect,
                );
                Ok::<_, TxError>((left, change))
            })?;
        Ok(Applied {
            outcome: Outcome::Removed {
                email,
                team,
                billing_effect: effect,
            },
            team: Some(team_id),
            action: AuditAction::MemberLeave,
        })
    }
}
