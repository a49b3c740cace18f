//! Views built from records: what reads and commands hand to interfaces.

use chrono::{DateTime, Utc};

use super::Workspace;
use super::context::{People, live_team, person_ref};
use super::views::*;
use crate::Error;
use crate::domain::{
    Account, DomainError, Invitation, InvitationState, Membership, PlanChange, Team, TeamPlan,
    Template,
};
use crate::store::Reads;

impl Workspace {
    pub(super) fn account_view(&self, account: &Account) -> Result<AccountView, Error> {
        let team = match self.store.team_of(account.id)? {
            Some(team_id) => {
                let team = live_team(&self.store, team_id)?;
                let role = self
                    .store
                    .membership(team_id, account.id)?
                    .map(|m| m.role)
                    .ok_or_else(|| DomainError::not_found("the membership is missing"))?;
                Some(TeamRef {
                    id: team.id,
                    owner: team.owner == account.id,
                    name: team.name,
                    role,
                })
            }
            None => None,
        };
        Ok(AccountView {
            id: account.id,
            email: account.email.to_string(),
            name: account.name.clone(),
            plan: account.plan.label(),
            staff: account.staff.map(|_| "support".to_owned()),
            team,
            plan_history: account.plan_history.clone(),
            credit: account.credit,
            payment_method: account.payment_method.as_ref().map(|card| card.describe()),
            card: account.payment_method.clone(),
        })
    }

    pub(super) fn team_view(&self, team: &Team, now: DateTime<Utc>) -> Result<TeamView, Error> {
        let counts = self.store.team_counts(Some(team.id))?;
        // The running period's cycle; a change the owner asked for starts with the next one.
        let cycle = match self.store.billing_account(team.id)? {
            Some(account) => account.period.cycle,
            None => team.cycle,
        };
        Ok(TeamView {
            id: team.id,
            name: team.name.clone(),
            kind: team.kind_at(now),
            trial_days_left: team.trial_days_left(now),
            trial_ends_at: match team.plan {
                TeamPlan::ClinicTrial { ends_at, .. } if now < ends_at => Some(ends_at),
                _ => None,
            },
            owner: person_ref(&self.store, team.owner)?,
            cycle,
            next_cycle: (team.cycle != cycle).then_some(team.cycle),
            session_sharing: team.session_sharing,
            language: team.language,
            members: count(counts.members),
            billable_seats: count(counts.billable_seats),
            assistants: count(counts.assistants),
            created_at: team.created_at,
            billing_effect: None,
        })
    }

    pub(super) fn member_view(
        &self,
        team: &Team,
        membership: &Membership,
    ) -> Result<MemberView, Error> {
        let account = self
            .store
            .account(membership.account)?
            .ok_or_else(|| DomainError::not_found("a member's account is missing"))?;
        let joined_from = account
            .plan_history
            .iter()
            .rev()
            .find(|event| event.team == team.id && event.change != PlanChange::ReturnedToFree)
            .cloned()
            .map(Box::new);
        Ok(MemberView {
            account: account.id,
            name: account.name,
            email: account.email.to_string(),
            role: membership.role,
            owner: team.owner == membership.account,
            billable: membership.role.is_billable(),
            joined_at: membership.joined_at,
            joined_from,
            billing_effect: None,
        })
    }

    pub(super) fn invitation_view(
        &self,
        invitation: &Invitation,
        team_name: &str,
        now: DateTime<Utc>,
        people: &mut People<'_>,
    ) -> Result<InvitationView, Error> {
        let (closed_at, revoked_by) = match &invitation.state {
            InvitationState::Pending => (None, None),
            InvitationState::Revoked { by, at } => (Some(*at), Some(people.get(*by)?)),
            InvitationState::Superseded { at, .. } | InvitationState::Accepted { at, .. } => {
                (Some(*at), None)
            }
        };
        Ok(InvitationView {
            id: invitation.id,
            team: invitation.team,
            team_name: team_name.to_owned(),
            email: invitation.email.to_string(),
            role: invitation.role,
            status: invitation.status_at(now),
            sent_at: invitation.sent_at,
            expires_at: invitation.expires_at,
            invited_by: people.get(invitation.invited_by)?,
            closed_at,
            revoked_by,
            resent_from: invitation.replaces,
            refused_attempts: invitation
                .refused_attempts
                .iter()
                .map(|attempt| RefusalView {
                    at: attempt.at,
                    code: attempt.code,
                    by_email: attempt.by_email.to_string(),
                    other_team: attempt.other_team.clone(),
                })
                .collect(),
            refused_total: invitation.refused_total,
        })
    }

    pub(super) fn template_view(&self, template: &Template) -> Result<TemplateView, Error> {
        Ok(TemplateView {
            name: template.name.clone(),
            body: template.body.clone(),
            version: template.version,
            created_at: template.created_at,
            created_by: person_ref(&self.store, template.created_by)?,
            updated_at: template.updated_at,
            updated_by: person_ref(&self.store, template.updated_by)?,
        })
    }

    pub(super) fn join_view(
        &self,
        account: &Account,
        account_created: bool,
    ) -> Result<JoinView, Error> {
        let view = self.account_view(account)?;
        let team = view
            .team
            .ok_or_else(|| DomainError::not_found("the new membership is missing"))?;
        let plan_change = account
            .plan_history
            .iter()
            .rev()
            .find(|event| event.team == team.id)
            .cloned()
            .ok_or_else(|| DomainError::not_found("the plan change of joining is missing"))?;
        Ok(JoinView {
            team,
            account_created,
            plan_change,
        })
    }
}

/// A counter as a count of things in memory.
pub(super) fn count(counter: u64) -> usize {
    usize::try_from(counter).unwrap_or(usize::MAX)
}
