//! Reads: each one authorises the actor, then builds views from committed records.

use chrono::{DateTime, Utc};

use super::context::{People, TeamContext, live_team, person_ref, seat_counts};
use super::views::*;
use super::{Actor, Workspace};
use crate::Error;
use crate::billing::large_team_hint;
use crate::domain::invitation::day;
use crate::domain::{
    Account, Action, DiagnosticCode, DomainError, Email, Invitation, InvitationState,
    InvitationStatus, Membership, PlanChange, Team, TeamId, Template,
};
use crate::store::Reads;

impl Workspace {
    /// The team context for a read, after authorising `action`. A Clinic
    /// trial that ended is recorded in the audit log the first time anyone
    /// looks (SPEC §2).
    fn read_context(
        &self,
        actor: &Actor,
        named: Option<&str>,
        action: Action,
    ) -> Result<TeamContext, Error> {
        let team_id = self.team_id_for(actor, named, action)?;
        let context = self.team_context(&self.store, actor, team_id)?;
        context.authorize(action)?;
        let now = self.now();
        if context.team.trial_outcome(now).is_none() {
            return Ok(context);
        }
        {
            let _writer = self.lock_writer();
            self.settle_due_trial(team_id, now)?;
        }
        self.team_context(&self.store, actor, team_id)
    }

    /// `account show`: the acting account.
    pub fn account(&self, actor: &Actor) -> Result<AccountView, Error> {
        let account = self.actor_account(&self.store, actor)?;
        self.account_view(&account)
    }

    /// `team show`.
    pub fn team(&self, actor: &Actor, named: Option<&str>) -> Result<TeamView, Error> {
        let context = self.read_context(actor, named, Action::ViewTeam)?;
        self.team_view(&context.team, self.now())
    }

    /// `member list`, sorted by name. What a member paid before joining is
    /// billing information: only those who may view billing see it (`joined_from`).
    pub fn members(&self, actor: &Actor, named: Option<&str>) -> Result<Vec<MemberView>, Error> {
        let context = self.read_context(actor, named, Action::ViewTeam)?;
        let sees_billing = context.authorize(Action::ViewBilling).is_ok();
        let mut members = self
            .store
            .members_of(context.team.id)?
            .iter()
            .map(|membership| {
                let mut view = self.member_view(&context.team, membership)?;
                if !sees_billing {
                    view.joined_from = None;
                }
                Ok(view)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        members.sort_by_cached_key(|m| (m.name.to_lowercase(), m.email.clone()));
        Ok(members)
    }

    /// `invite list`, newest first, optionally of one status.
    pub fn invitations(
        &self,
        actor: &Actor,
        named: Option<&str>,
        status: Option<InvitationStatus>,
    ) -> Result<Vec<InvitationView>, Error> {
        let context = self.read_context(actor, named, Action::ViewInvitations)?;
        let now = self.now();
        let mut invitations: Vec<Invitation> = self
            .store
            .invitations_of(context.team.id)?
            .into_iter()
            .filter(|i| status.is_none_or(|wanted| i.status_at(now) == wanted))
            .collect();
        invitations.sort_by(|a, b| b.sent_at.cmp(&a.sent_at).then(b.id.cmp(&a.id)));
        let mut people = People::new(&self.store);
        invitations
            .iter()
            .map(|i| self.invitation_view(i, &context.team.name, now, &mut people))
            .collect()
    }

    /// The context for template reads: every team role, on Clinic teams only.
    fn template_context(&self, actor: &Actor) -> Result<TeamContext, Error> {
        let context = self.read_context(actor, None, Action::UseTemplates)?;
        context
            .team
            .require_clinic(self.now(), "template sharing")?;
        Ok(context)
    }

    /// `template list`, by name.
    pub fn templates(&self, actor: &Actor) -> Result<Vec<TemplateSummary>, Error> {
        let context = self.template_context(actor)?;
        let mut templates = self.store.templates_of(context.team.id)?;
        templates.sort_by_cached_key(|t| t.name.to_lowercase());
        templates
            .into_iter()
            .map(|t| {
                Ok(TemplateSummary {
                    updated_by: person_ref(&self.store, t.updated_by)?,
                    bytes: t.body.len(),
                    name: t.name,
                    version: t.version,
                    updated_at: t.updated_at,
                })
            })
            .collect()
    }

    /// `template show`.
    pub fn template(&self, actor: &Actor, name: &str) -> Result<TemplateView, Error> {
        let context = self.template_context(actor)?;
        let template = self
            .store
            .template_named(context.team.id, name)?
            .ok_or_else(|| {
                DomainError::not_found(format!(
                    "there is no template named \"{}\" in \"{}\"",
                    name.trim(),
                    context.team.name
                ))
            })?;
        self.template_view(&template)
    }

    /// `billing show`: admins only ("only admins can view and manage payments").
    pub fn billing(&self, actor: &Actor) -> Result<BillingView, Error> {
        let context = self.read_context(actor, None, Action::ViewBilling)?;
        let team = &context.team;
        let now = self.now();
        let (billable_seats, assistants) = seat_counts(&self.store.members_of(team.id)?);
        let kind = team.kind_at(now);
        let seat_price = self.settings.prices.seat_price(kind, team.cycle);
        Ok(BillingView {
            team: team.name.clone(),
            kind,
            trial_days_left: team.trial_days_left(now),
            cycle: team.cycle,
            owner: person_ref(&self.store, team.owner)?,
            billable_seats,
            assistants,
            currency: self.settings.prices.currency.clone(),
            seat_price,
            period_total: seat_price * billable_seats as i64,
            payment_method: team.payment_method.as_ref().map(|card| card.describe()),
            billing_email: team.billing_email.clone(),
            hint: large_team_hint(billable_seats).map(str::to_owned),
        })
    }

    /// `support lookup`: every invitation of an address across all teams (R13).
    pub fn lookup(&self, actor: &Actor, email: &str) -> Result<LookupView, Error> {
        self.authorize_store(actor, Action::LookupAcrossTeams)?;
        let email = Email::parse(email)?;
        let now = self.now();
        let account = self.store.account_by_email(&email)?;
        let current_team = match &account {
            Some(account) => self.store.team_of(account.id)?,
            None => None,
        };
        let mut invitations = self.store.invitations_for(&email)?;
        invitations.sort_by(|a, b| b.sent_at.cmp(&a.sent_at).then(b.id.cmp(&a.id)));
        let mut rows = Vec::with_capacity(invitations.len());
        let mut people = People::new(&self.store);
        for invitation in &invitations {
            let team_name = self
                .store
                .team(invitation.team)?
                .map(|t| t.name)
                .unwrap_or_default();
            let view = self.invitation_view(invitation, &team_name, now, &mut people)?;
            let next = next_step(&view, current_team, now);
            // Only triage reads the outbox: an invitation list of 100,000
            // should not decode 100,000 emails.
            let email_queued_at = self
                .store
                .get::<crate::mail::OutboxMessage>(invitation.message.as_bytes())?
                .map(|message| message.created_at);
            rows.push(TriageRow {
                status_text: status_text(&view, now),
                next_step: next.describe(&view),
                next,
                email_queued_at,
                invitation: view,
            });
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

    /// Every action of the policy this actor may take on the team (their own,
    /// or the one named): the console offers only these, and the domain still
    /// checks each one when it is taken.
    pub fn allowed_actions(
        &self,
        actor: &Actor,
        named: Option<&str>,
    ) -> Result<Vec<Action>, Error> {
        let team_id = self.team_id_for(actor, named, Action::ViewTeam)?;
        let context = self.team_context(&self.store, actor, team_id)?;
        Ok(Action::ALL
            .into_iter()
            .filter(|&action| context.authorize(action).is_ok())
            .collect())
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
        for email in self.store.invited_addresses(&query, limit)? {
            rows.extend(self.lookup(actor, email.as_str())?.invitations);
        }
        Ok(rows)
    }

    /// Every account, for the local operator's "act as" picker.
    pub fn accounts(&self, actor: &Actor) -> Result<Vec<AccountSummary>, Error> {
        self.authorize_store(actor, Action::ListAccounts)?;
        let mut accounts = Vec::new();
        for account in self.store.all::<Account>() {
            let account = account?;
            let team = match self.store.team_of(account.id)? {
                Some(team) => self.store.team(team)?.map(|t| t.name),
                None => None,
            };
            accounts.push(AccountSummary {
                email: account.email.to_string(),
                name: account.name,
                plan: account.plan.label(),
                staff: account.staff.is_some(),
                team,
            });
        }
        accounts.sort_by_cached_key(|a| (a.team.is_none(), a.team.clone(), a.name.to_lowercase()));
        Ok(accounts)
    }

    /// `audit`: the newest entries of a team, newest first.
    pub fn audit_log(
        &self,
        actor: &Actor,
        named: Option<&str>,
        limit: usize,
    ) -> Result<Vec<AuditView>, Error> {
        let context = self.read_context(actor, named, Action::ReadAudit)?;
        Ok(self
            .store
            .audit_of(Some(context.team.id), limit)?
            .into_iter()
            .map(|entry| AuditView {
                at: entry.at,
                actor: entry.actor_email,
                action: entry.action,
                target: entry.target,
                details: entry.details,
            })
            .collect())
    }

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
        })
    }

    pub(super) fn team_view(&self, team: &Team, now: DateTime<Utc>) -> Result<TeamView, Error> {
        let members = self.store.members_of(team.id)?;
        let (billable_seats, assistants) = seat_counts(&members);
        Ok(TeamView {
            id: team.id,
            name: team.name.clone(),
            kind: team.kind_at(now),
            trial_days_left: team.trial_days_left(now),
            trial_ends_at: match team.plan {
                crate::domain::TeamPlan::ClinicTrial { ends_at, .. } if now < ends_at => {
                    Some(ends_at)
                }
                _ => None,
            },
            owner: person_ref(&self.store, team.owner)?,
            cycle: team.cycle,
            session_sharing: team.session_sharing,
            members: members.len(),
            billable_seats,
            assistants,
            created_at: team.created_at,
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
            .cloned();
        Ok(MemberView {
            account: account.id,
            name: account.name,
            email: account.email.to_string(),
            role: membership.role,
            owner: team.owner == membership.account,
            billable: membership.role.is_billable(),
            joined_at: membership.joined_at,
            joined_from,
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

/// Days until `deadline`, counting a started day as a whole one.
fn days_left(now: DateTime<Utc>, deadline: DateTime<Utc>) -> i64 {
    let seconds = (deadline - now).num_seconds().max(0);
    (seconds + 86_399) / 86_400
}

/// Whole days from `earlier` to `later`, never negative.
fn days_between(earlier: DateTime<Utc>, later: DateTime<Utc>) -> i64 {
    (later - earlier).num_days().max(0)
}

fn plural_days(days: i64) -> String {
    if days == 1 {
        "1 day".into()
    } else {
        format!("{days} days")
    }
}

/// An invitation's status in words, for triage (R13).
pub fn status_text(view: &InvitationView, now: DateTime<Utc>) -> String {
    match view.status {
        InvitationStatus::Pending => match days_left(now, view.expires_at) {
            0 => "pending · expires today".into(),
            days => format!("pending · expires in {}", plural_days(days)),
        },
        InvitationStatus::Expired => match days_between(view.expires_at, now) {
            0 => "expired today".into(),
            days => format!("expired {} ago", plural_days(days)),
        },
        InvitationStatus::Revoked => format!(
            "revoked {} by {}",
            view.closed_at.map(day).unwrap_or_default(),
            view.revoked_by
                .as_ref()
                .map_or("an admin", |p| p.name.as_str())
        ),
        InvitationStatus::Superseded => format!(
            "superseded: a newer link was sent {}",
            view.closed_at.map(day).unwrap_or_default()
        ),
        InvitationStatus::Accepted => {
            format!("accepted {}", view.closed_at.map(day).unwrap_or_default())
        }
    }
}

/// What support should do next about an invitation (R13).
pub fn next_step(
    view: &InvitationView,
    current_team: Option<TeamId>,
    now: DateTime<Utc>,
) -> NextStep {
    match view.status {
        InvitationStatus::Pending => match view.refused_attempts.last() {
            Some(refusal) if refusal.code == DiagnosticCode::OtherTeam => {
                NextStep::LeaveOtherTeam {
                    team: refusal.other_team.clone().unwrap_or_default(),
                }
            }
            Some(refusal) if refusal.code == DiagnosticCode::EmailMismatch => {
                NextStep::SignInAsInvited {
                    signed_in_as: refusal.by_email.clone(),
                }
            }
            _ => NextStep::WaitOrResend {
                days_left: days_left(now, view.expires_at),
            },
        },
        InvitationStatus::Expired => NextStep::Resend,
        InvitationStatus::Revoked => NextStep::InviteAgain,
        InvitationStatus::Superseded => NextStep::UseNewer,
        InvitationStatus::Accepted if current_team == Some(view.team) => NextStep::Nothing,
        InvitationStatus::Accepted => NextStep::InviteBack,
    }
}

impl NextStep {
    /// The step in words, for the command line.
    pub fn describe(&self, view: &InvitationView) -> String {
        match self {
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
            NextStep::Resend => format!(
                "resend the invitation: `teamdesk invite resend {} --team \"{}\"`",
                view.email, view.team_name
            ),
            NextStep::InviteAgain => "invite the address again if they should join".into(),
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{InvitationId, Role};
    use chrono::{Duration, TimeZone};

    fn view(status: InvitationStatus, now: DateTime<Utc>) -> InvitationView {
        InvitationView {
            id: InvitationId::generate(),
            team: TeamId::generate(),
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
        assert_eq!(status_text(&expired, now), "expired 3 days ago");
        assert_eq!(next_step(&expired, None, now), NextStep::Resend);
        assert!(NextStep::Resend.describe(&expired).starts_with("resend"));
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
        assert_eq!(status_text(&pending, now), "pending · expires in 2 days");
        let next = next_step(&pending, None, now);
        assert_eq!(
            next,
            NextStep::LeaveOtherTeam {
                team: "Coastal GP".into()
            }
        );
        assert!(next.describe(&pending).contains("leave \"Coastal GP\""));
    }
}
