//! Every command: validate, authorise, apply in one transaction with its audit
//! entry, then build the outcome from what was committed.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::context::{
    AuditActor, People, TeamContext, audit, live_team, member_by_email, release_member,
};
use super::views::{InviteResult, SentLink};
use super::{Actor, Applied, CardDetails, Command, NewPlan, Outcome, Workspace};
use crate::Error;
use crate::domain::invitation::{day, refuse_other_team};
use crate::domain::team::CLINIC_TRIAL_DAYS;
use crate::domain::{
    Account, AccountId, Action, AuditAction, DomainError, Email, Invitation, InvitationState,
    Membership, PaymentMethod, PersonalPlan, PlanChange, PlanEvent, RefusedAttempt, Role, Staff,
    Team, TeamId, TeamKind, TeamPlan, Template, TemplateId, Token, text,
};
use crate::mail::{InvitationEmail, OutboxMessage};
use crate::store::{Reads, Tx, TxError};

impl Workspace {
    pub(super) fn apply(
        &self,
        actor: &Actor,
        command: Command,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        match command {
            Command::CreateAccount {
                email,
                name,
                plan,
                staff,
            } => self.create_account(actor, &email, &name, plan, staff, now),
            Command::CreateTeam { name } => self.create_team(actor, &name, now),
            Command::UpgradeTeam => self.upgrade(actor, now),
            Command::DowngradeTeam => self.downgrade(actor, now),
            Command::RenameTeam { name } => self.rename(actor, &name, now),
            Command::SetSessionSharing { on } => self.set_session_sharing(actor, on, now),
            Command::UpdateBilling {
                card,
                billing_email,
            } => self.update_billing(actor, card.as_ref(), billing_email.as_deref(), now),
            Command::TransferOwnership { to } => self.transfer_ownership(actor, &to, now),
            Command::DeleteTeam { confirm_name } => self.delete_team(actor, &confirm_name, now),
            Command::RemoveMember { email } => self.remove_member(actor, &email, now),
            Command::ChangeRole { email, role } => self.change_role(actor, &email, role, now),
            Command::LeaveTeam => self.leave(actor, now),
            Command::Invite { emails, role } => self.invite(actor, &emails, role, now),
            Command::ResendInvitation { team, email } => {
                self.resend(actor, team.as_deref(), &email, now)
            }
            Command::RevokeInvitation { team, email } => {
                self.revoke(actor, team.as_deref(), &email, now)
            }
            Command::Join { link, name } => self.join(actor, &link, name.as_deref(), now),
            Command::AddTemplate { name, body } => self.add_template(actor, &name, &body, now),
            Command::EditTemplate {
                name,
                body,
                based_on,
            } => self.edit_template(actor, &name, &body, based_on, now),
            Command::RemoveTemplate { name } => self.remove_template(actor, &name, now),
        }
    }

    /// The team context inside a change (the team comes from `team_for_change`).
    fn change_context(
        &self,
        tx: &Tx<'_>,
        actor: &Actor,
        team: TeamId,
    ) -> Result<TeamContext, TxError> {
        self.team_context(tx, actor, team)
    }

    /// Runs a change on the actor's own team and reports the team as the outcome.
    fn change_own_team(
        &self,
        actor: &Actor,
        (permission, action): (Action, AuditAction),
        now: DateTime<Utc>,
        change: impl Fn(&Tx<'_>, &mut TeamContext) -> Result<String, TxError>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, None, permission, now)?;
        self.write(now, |tx| {
            let mut context = self.change_context(tx, actor, team_id)?;
            context.authorize(permission)?;
            let details = change(tx, &mut context)?;
            tx.put_team(&context.team)?;
            context.audit(tx, now, action, context.team.name.clone(), details)
        })?;
        let team = live_team(&self.store, team_id)?;
        Ok(Applied {
            outcome: Outcome::Team(self.team_view(&team, now)?),
            team: Some(team_id),
            action,
        })
    }

    fn create_account(
        &self,
        actor: &Actor,
        email: &str,
        name: &str,
        plan: NewPlan,
        staff: Option<Staff>,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        self.authorize_store(actor, Action::CreateAccount)?;
        let account = Account {
            id: AccountId::generate(),
            email: Email::parse(email)?,
            name: text::person_name(name)?,
            plan: match plan {
                NewPlan::Free => PersonalPlan::Free,
                NewPlan::Pro(cycle) => PersonalPlan::Pro { cycle, since: now },
            },
            staff,
            ssh_keys: Vec::new(),
            created_at: now,
            plan_history: Vec::new(),
        };
        self.write(now, |tx| {
            if tx.account_by_email(&account.email)?.is_some() {
                return Err(DomainError::refused(format!(
                    "an account with the address {} already exists",
                    account.email
                ))
                .into());
            }
            tx.put_account(&account)?;
            let details = match staff {
                Some(Staff::Support) => "support staff account".to_owned(),
                None => format!("plan {}", account.plan.label()),
            };
            audit(
                tx,
                now,
                AuditActor::Operator,
                None,
                AuditAction::AccountCreate,
                account.email.to_string(),
                details,
            )
        })?;
        Ok(Applied {
            outcome: Outcome::Account(self.account_view(&account)?),
            team: None,
            action: AuditAction::AccountCreate,
        })
    }

    fn create_team(&self, actor: &Actor, name: &str, now: DateTime<Utc>) -> Result<Applied, Error> {
        let name = text::team_name(name)?;
        let team_id = self.write(now, |tx| {
            let mut creator = self.actor_account(tx, actor)?;
            if let Some(current) = tx.team_of(creator.id)? {
                let current = live_team(tx, current)?;
                return Err(DomainError::refused(format!(
                    "you are already in the team \"{}\" and can be in one team at a time: leave it before creating another",
                    current.name
                ))
                .into());
            }
            let PersonalPlan::Pro { cycle, .. } = creator.plan else {
                return Err(DomainError::refused(
                    "only accounts on the Pro plan can create a team: you are on the free plan; upgrade to Pro first",
                )
                .into());
            };
            let team = Team {
                id: TeamId::generate(),
                name: name.clone(),
                owner: creator.id,
                plan: TeamPlan::Pro,
                cycle,
                session_sharing: false,
                trial_used: false,
                payment_method: None,
                billing_email: None,
                created_at: now,
                deleted: None,
            };
            tx.put_team(&team)?;
            tx.put_membership(&Membership {
                team: team.id,
                account: creator.id,
                role: Role::Admin,
                joined_at: now,
            })?;
            creator.plan = PersonalPlan::Team;
            creator.plan_history.push(PlanEvent {
                at: now,
                team: team.id,
                team_name: team.name.clone(),
                change: PlanChange::MovedToTeam { cycle },
            });
            tx.put_account(&creator)?;
            audit(
                tx,
                now,
                AuditActor::Account(&creator),
                Some(team.id),
                AuditAction::TeamCreate,
                team.name.clone(),
                format!(
                    "Pro team created; {} billing runs through the owner's account",
                    cycle.as_str()
                ),
            )?;
            Ok(team.id)
        })?;
        let team = live_team(&self.store, team_id)?;
        Ok(Applied {
            outcome: Outcome::Team(self.team_view(&team, now)?),
            team: Some(team_id),
            action: AuditAction::TeamCreate,
        })
    }

    fn upgrade(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, Error> {
        self.change_own_team(
            actor,
            (Action::ChangePlan, AuditAction::TeamUpgrade),
            now,
            |_, context| {
                let team = &mut context.team;
                if team.plan != TeamPlan::Pro {
                    return Err(DomainError::refused(format!(
                        "\"{}\" is already on the Clinic plan",
                        team.name
                    ))
                    .into());
                }
                if team.trial_used {
                    team.plan = TeamPlan::Clinic;
                    return Ok("upgraded to Clinic (the free trial was used before)".into());
                }
                let ends_at = now + Duration::days(CLINIC_TRIAL_DAYS);
                team.plan = TeamPlan::ClinicTrial {
                    started_at: now,
                    ends_at,
                };
                team.trial_used = true;
                Ok(format!(
                    "upgraded to Clinic: free trial until {}",
                    day(ends_at)
                ))
            },
        )
    }

    fn downgrade(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, None, Action::ChangePlan, now)?;
        let mut assistants = Vec::new();
        for membership in self.store.members_of(team_id)? {
            if membership.role == Role::Assistant
                && let Some(account) = self.store.account(membership.account)?
            {
                assistants.push(format!("{} <{}>", account.name, account.email));
            }
        }
        let templates = self.store.templates_of(team_id)?.len();
        self.change_own_team(actor, (Action::ChangePlan, AuditAction::TeamDowngrade), now, |_, context| {
            let team = &mut context.team;
            if team.plan == TeamPlan::Pro {
                return Err(DomainError::refused(format!("\"{}\" is already on the Pro plan", team.name)).into());
            }
            if !assistants.is_empty() {
                return Err(DomainError::refused(format!(
                    "\"{}\" cannot return to Pro while it has assistants ({}): change their role or remove them first",
                    team.name,
                    assistants.join(", ")
                ))
                .into());
            }
            team.plan = TeamPlan::Pro;
            team.session_sharing = false;
            Ok(format!(
                "downgraded to Pro; session sharing off; {templates} shared template(s) kept but hidden until the team is Clinic again"
            ))
        })
    }

    fn rename(&self, actor: &Actor, name: &str, now: DateTime<Utc>) -> Result<Applied, Error> {
        let name = text::team_name(name)?;
        self.change_own_team(
            actor,
            (Action::ChangeSettings, AuditAction::TeamRename),
            now,
            |_, context| {
                let before = std::mem::replace(&mut context.team.name, name.clone());
                Ok(format!("renamed from \"{before}\""))
            },
        )
    }

    fn set_session_sharing(
        &self,
        actor: &Actor,
        on: bool,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        self.change_own_team(
            actor,
            (Action::ChangeSettings, AuditAction::SessionSharing),
            now,
            |_, context| {
                context.team.require_clinic(now, "session sharing")?;
                context.team.session_sharing = on;
                Ok(format!("session sharing {}", if on { "on" } else { "off" }))
            },
        )
    }

    fn update_billing(
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
        if card.is_none() && billing_email.is_none() {
            return Err(
                DomainError::Invalid("name a card or a billing email to change".into()).into(),
            );
        }
        let applied = self.change_own_team(
            actor,
            (Action::EditBilling, AuditAction::BillingUpdate),
            now,
            |_, context| {
                let mut changed = Vec::new();
                if let Some(card) = &card {
                    changed.push(format!("payment method {}", card.describe()));
                    context.team.payment_method = Some(card.clone());
                }
                if let Some(email) = &billing_email {
                    changed.push(format!("billing email {email}"));
                    context.team.billing_email = Some(email.to_string());
                }
                Ok(changed.join("; "))
            },
        )?;
        Ok(Applied {
            outcome: Outcome::Billing(self.billing(actor)?),
            ..applied
        })
    }

    fn transfer_ownership(
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
                let (heir, membership) = member_by_email(tx, &context.team, to)?;
                if heir.id == context.actor.id {
                    return Err(DomainError::refused(format!(
                        "you already own \"{}\"",
                        context.team.name
                    ))
                    .into());
                }
                if membership.role != Role::Admin {
                    return Err(DomainError::refused(format!(
                        "ownership can go only to another admin: make {} an admin first",
                        heir.email
                    ))
                    .into());
                }
                context.team.owner = heir.id;
                Ok(format!(
                    "ownership passed from {} to {}; payments now run through {}'s account",
                    context.actor.email, heir.email, heir.name
                ))
            },
        )
    }

    fn delete_team(
        &self,
        actor: &Actor,
        confirm_name: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, None, Action::DeleteTeam, now)?;
        let members = self.store.members_of(team_id)?;
        let open_invitations: Vec<Invitation> = self
            .store
            .invitations_of(team_id)?
            .into_iter()
            .filter(Invitation::is_open)
            .collect();
        let templates = self.store.templates_of(team_id)?;
        let (name, released) = self.write(now, |tx| {
            let mut context = self.change_context(tx, actor, team_id)?;
            context.authorize(Action::DeleteTeam)?;
            let team = &mut context.team;
            if confirm_name != team.name {
                return Err(DomainError::Invalid(format!(
                    "to delete the team, type its name exactly: \"{}\"",
                    team.name
                ))
                .into());
            }
            for membership in &members {
                release_member(tx, team, membership.account, now)?;
            }
            for invitation in &open_invitations {
                let mut invitation = invitation.clone();
                invitation.state = InvitationState::Revoked { by: context.actor.id, at: now };
                tx.put_invitation(&invitation)?;
            }
            for template in &templates {
                tx.remove_template(template)?;
            }
            team.deleted = Some(now);
            tx.put_team(team)?;
            audit(
                tx,
                now,
                AuditActor::Account(&context.actor),
                Some(team.id),
                AuditAction::TeamDelete,
                team.name.clone(),
                format!(
                    "team deleted: {} member(s) returned to free, {} pending invitation(s) revoked, {} template(s) deleted",
                    members.len(),
                    open_invitations.len(),
                    templates.len()
                ),
            )?;
            Ok((team.name.clone(), members.len()))
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

    fn remove_member(
        &self,
        actor: &Actor,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, None, Action::RemoveMember, now)?;
        let admins = self.admin_count(team_id)?;
        let (team, removed) = self.write(now, |tx| {
            let context = self.change_context(tx, actor, team_id)?;
            context.authorize(Action::RemoveMember)?;
            let (member, membership) = member_by_email(tx, &context.team, email)?;
            if member.id == context.team.owner {
                return Err(DomainError::refused(
                    "the team owner cannot be removed: the owner transfers ownership to another admin first",
                )
                .into());
            }
            refuse_losing_last_admin(admins, &context.team, &membership)?;
            release_member(tx, &context.team, member.id, now)?;
            context.audit(
                tx,
                now,
                AuditAction::MemberRemove,
                member.email.to_string(),
                format!("removed ({}); back on the free plan; seat no longer billed", membership.role.as_str()),
            )?;
            Ok((context.team, member.email))
        })?;
        Ok(Applied {
            outcome: Outcome::Removed {
                email: removed.to_string(),
                team: team.name,
            },
            team: Some(team.id),
            action: AuditAction::MemberRemove,
        })
    }

    fn change_role(
        &self,
        actor: &Actor,
        email: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, None, Action::ChangeRole, now)?;
        let admins = self.admin_count(team_id)?;
        let (team, account) = self.write(now, |tx| {
            let context = self.change_context(tx, actor, team_id)?;
            context.authorize(Action::ChangeRole)?;
            let (member, mut membership) = member_by_email(tx, &context.team, email)?;
            if membership.role == role {
                return Ok((context.team, member.id));
            }
            if membership.role == Role::Admin {
                refuse_losing_last_admin(admins, &context.team, &membership)?;
                if member.id == context.team.owner {
                    return Err(DomainError::refused(
                        "the team owner cannot be demoted: the owner transfers ownership to another admin first",
                    )
                    .into());
                }
            }
            if role == Role::Assistant {
                context.team.require_clinic(now, "assistants")?;
            }
            let before = membership.role;
            membership.role = role;
            tx.put_membership(&membership)?;
            context.audit(
                tx,
                now,
                AuditAction::MemberRole,
                member.email.to_string(),
                format!("role {} → {}", before.as_str(), role.as_str()),
            )?;
            Ok((context.team, member.id))
        })?;
        let membership = self
            .store
            .membership(team.id, account)?
            .ok_or_else(|| DomainError::not_found("the member left meanwhile"))?;
        Ok(Applied {
            outcome: Outcome::Member(self.member_view(&team, &membership)?),
            team: Some(team.id),
            action: AuditAction::MemberRole,
        })
    }

    fn leave(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, None, Action::LeaveTeam, now)?;
        let admins = self.admin_count(team_id)?;
        let context = self.write(now, |tx| {
            let context = self.change_context(tx, actor, team_id)?;
            context.authorize(Action::LeaveTeam)?;
            let membership = context
                .membership
                .clone()
                .ok_or_else(|| DomainError::not_found("you are not a member of this team"))?;
            refuse_losing_last_admin(admins, &context.team, &membership)?;
            release_member(tx, &context.team, context.actor.id, now)?;
            context.audit(
                tx,
                now,
                AuditAction::MemberLeave,
                context.actor.email.to_string(),
                "left the team; back on the free plan; seat no longer billed",
            )?;
            Ok(context)
        })?;
        Ok(Applied {
            outcome: Outcome::Removed {
                email: context.actor.email.to_string(),
                team: context.team.name,
            },
            team: Some(context.team.id),
            action: AuditAction::MemberLeave,
        })
    }

    fn invite(
        &self,
        actor: &Actor,
        emails: &[String],
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        if emails.is_empty() {
            return Err(DomainError::Invalid("name at least one address to invite".into()).into());
        }
        let team_id = self.team_for_change(actor, None, Action::Invite, now)?;
        let mut addresses = Vec::with_capacity(emails.len());
        for raw in emails {
            let address = match Email::parse(raw) {
                Ok(email) => {
                    let open = self.open_invitation(team_id, &email)?;
                    Ok((email, open))
                }
                Err(invalid) => Err(invalid),
            };
            addresses.push((raw.trim(), address));
        }
        let results = self.write(now, |tx| {
            let context = self.change_context(tx, actor, team_id)?;
            context.authorize(Action::Invite)?;
            if role == Role::Assistant {
                context.team.require_clinic(now, "inviting assistants")?;
            }
            let mut seen = HashSet::new();
            let mut results = Vec::with_capacity(addresses.len());
            for (raw, address) in &addresses {
                let sent = match address {
                    Ok((email, open)) => {
                        self.invite_one(tx, &context, email, open.as_ref(), role, &mut seen, now)
                    }
                    Err(invalid) => Err(invalid.clone().into()),
                };
                results.push(match sent {
                    Ok(sent) => InviteResult::Invited(sent),
                    Err(TxError::Abort(Error::Domain(refusal))) => InviteResult::Refused {
                        email: (*raw).to_owned(),
                        error: refusal.to_string(),
                        exit_code: refusal.exit_code(),
                    },
                    Err(other) => return Err(other),
                });
            }
            Ok(results)
        })?;
        Ok(Applied {
            outcome: Outcome::Invited(results),
            team: Some(team_id),
            action: AuditAction::InviteAdd,
        })
    }

    /// One address of an invite; a refusal here is reported for this address only.
    #[allow(clippy::too_many_arguments)]
    fn invite_one(
        &self,
        tx: &Tx<'_>,
        context: &TeamContext,
        email: &Email,
        open: Option<&Invitation>,
        role: Role,
        seen: &mut HashSet<Email>,
        now: DateTime<Utc>,
    ) -> Result<SentLink, TxError> {
        let team = &context.team;
        if !seen.insert(email.clone()) {
            return Err(DomainError::refused(format!("{email} is listed more than once")).into());
        }
        if let Some(account) = tx.account_by_email(email)?
            && tx.team_of(account.id)? == Some(team.id)
        {
            return Err(DomainError::refused(format!(
                "{email} is already a member of \"{}\"",
                team.name
            ))
            .into());
        }
        if let Some(open) = open {
            return Err(DomainError::refused(format!(
                "{email} already has a pending invitation to \"{}\" (sent {}): resend it instead",
                team.name,
                day(open.sent_at)
            ))
            .into());
        }
        let token = Token::generate();
        let invitation =
            Invitation::new(team.id, email.clone(), role, &token, context.actor.id, now);
        self.send_invitation(tx, context, &invitation, &token, now)
    }

    /// Stores an invitation, queues its email, and audits it; returns the link.
    fn send_invitation(
        &self,
        tx: &Tx<'_>,
        context: &TeamContext,
        invitation: &Invitation,
        token: &Token,
        now: DateTime<Utc>,
    ) -> Result<SentLink, TxError> {
        let link = token.link(&self.settings.base_url);
        let is_resend = invitation.replaces.is_some();
        let email = InvitationEmail {
            team_name: &context.team.name,
            inviter_name: &context.actor.name,
            role: invitation.role,
            link: &link,
            expires_at: invitation.expires_at,
            is_resend,
        };
        tx.put_invitation(invitation)?;
        tx.queue_mail(&OutboxMessage {
            id: invitation.message,
            to: invitation.email.clone(),
            subject: email.subject(),
            body: email.body(),
            created_at: now,
            team: context.team.id,
            invitation: Some(invitation.id),
        })?;
        let (action, what) = if is_resend {
            (
                AuditAction::InviteResend,
                "new link sent; the previous link no longer works",
            )
        } else {
            (AuditAction::InviteAdd, "invited")
        };
        context.audit(
            tx,
            now,
            action,
            invitation.email.to_string(),
            format!(
                "{what} as {}; link valid until {}",
                invitation.role.as_str(),
                day(invitation.expires_at)
            ),
        )?;
        Ok(SentLink {
            email: invitation.email.to_string(),
            role: invitation.role,
            link,
            expires_at: invitation.expires_at,
        })
    }

    /// The pending (or expired) invitation of an address to a team, if any.
    fn open_invitation(&self, team: TeamId, email: &Email) -> Result<Option<Invitation>, Error> {
        Ok(self
            .store
            .invitations_for(email)?
            .into_iter()
            .find(|i| i.team == team && i.is_open()))
    }

    /// The open invitation support or an admin means, or the refusal saying
    /// why there is none. The refusal is only shown after authorisation.
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
        let team = live_team(&self.store, team_id)?;
        let last = self
            .store
            .invitations_for(&email)?
            .into_iter()
            .filter(|i| i.team == team_id)
            .max_by_key(|i| i.sent_at);
        let why = match last.map(|i| i.state) {
            Some(InvitationState::Accepted { at, .. }) => {
                format!(" (they accepted on {})", day(at))
            }
            Some(InvitationState::Revoked { at, .. }) => {
                format!(" (it was revoked on {}: invite them again)", day(at))
            }
            _ => String::new(),
        };
        Ok(Err(DomainError::not_found(format!(
            "{email} has no pending or expired invitation to \"{}\"{why}",
            team.name
        ))))
    }

    /// How many admins a team has, for the last-admin rule.
    fn admin_count(&self, team: TeamId) -> Result<usize, Error> {
        Ok(self
            .store
            .members_of(team)?
            .iter()
            .filter(|m| m.role == Role::Admin)
            .count())
    }

    fn resend(
        &self,
        actor: &Actor,
        team: Option<&str>,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, team, Action::ResendInvitation, now)?;
        let open = self.open_invitation_of(team_id, email)?;
        let sent = self.write(now, |tx| {
            let context = self.change_context(tx, actor, team_id)?;
            context.authorize(Action::ResendInvitation)?;
            let mut old = open.clone()?;
            if old.role == Role::Assistant {
                context.team.require_clinic(now, "inviting assistants")?;
            }
            let token = Token::generate();
            let mut renewed = Invitation::new(
                context.team.id,
                old.email.clone(),
                old.role,
                &token,
                context.actor.id,
                now,
            );
            renewed.replaces = Some(old.id);
            old.state = InvitationState::Superseded {
                by: renewed.id,
                at: now,
            };
            tx.put_invitation(&old)?;
            self.send_invitation(tx, &context, &renewed, &token, now)
        })?;
        Ok(Applied {
            outcome: Outcome::Resent(sent),
            team: Some(team_id),
            action: AuditAction::InviteResend,
        })
    }

    fn revoke(
        &self,
        actor: &Actor,
        team: Option<&str>,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, team, Action::RevokeInvitation, now)?;
        let open = self.open_invitation_of(team_id, email)?;
        let (team, invitation) = self.write(now, |tx| {
            let context = self.change_context(tx, actor, team_id)?;
            context.authorize(Action::RevokeInvitation)?;
            let mut invitation = open.clone()?;
            invitation.state = InvitationState::Revoked {
                by: context.actor.id,
                at: now,
            };
            tx.put_invitation(&invitation)?;
            context.audit(
                tx,
                now,
                AuditAction::InviteRevoke,
                invitation.email.to_string(),
                "invitation revoked; its link no longer works",
            )?;
            Ok((context.team, invitation))
        })?;
        Ok(Applied {
            outcome: Outcome::Revoked(self.invitation_view(
                &invitation,
                &team.name,
                now,
                &mut People::new(&self.store),
            )?),
            team: Some(team.id),
            action: AuditAction::InviteRevoke,
        })
    }

    /// R6. A refused attempt is recorded on the invitation (for support) even
    /// though the command fails; acceptance itself is all-or-nothing.
    fn join(
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
        let attempt = self.write(now, |tx| {
            let Some(mut invitation) = tx.invitation_by_token(&token_hash)? else {
                return Err(DomainError::UnknownLink.into());
            };
            let existing = tx.account_by_email(email)?;
            let (refusal, other_team) =
                self.join_refusal(tx, &invitation, email, existing.as_ref(), now)?;
            if let Some(refusal) = refusal {
                if let Some(code) = refusal.code() {
                    let logged = invitation.record_refusal(RefusedAttempt {
                        at: now,
                        code,
                        by_email: email.clone(),
                        other_team,
                    });
                    tx.put_invitation(&invitation)?;
                    if let Some(unlogged) = logged {
                        let mut details = format!("{code}: link opened by {email}");
                        if unlogged > 0 {
                            details.push_str(&format!(
                                " ({unlogged} more refused opening(s) of this link since the last entry)"
                            ));
                        }
                        audit(
                            tx,
                            now,
                            existing
                                .as_ref()
                                .map_or(AuditActor::Address(email), AuditActor::Account),
                            Some(invitation.team),
                            AuditAction::InviteRefused,
                            invitation.email.to_string(),
                            details,
                        )?;
                    }
                }
                return Ok(Err((invitation.team, refusal)));
            }
            self.accept(tx, invitation, email, existing, name, now)
                .map(Ok)
        })?;
        match attempt {
            Ok((team_id, account_created)) => {
                let account = self
                    .store
                    .account_by_email(email)?
                    .ok_or_else(|| DomainError::not_found("the new account is missing"))?;
                Ok(Applied {
                    outcome: Outcome::Joined(self.join_view(&account, account_created)?),
                    team: Some(team_id),
                    action: AuditAction::InviteAccept,
                })
            }
            Err((team, refusal)) => {
                self.announce(Some(team), AuditAction::InviteRefused, now);
                Err(refusal.into())
            }
        }
    }

    /// Why this account may not accept this invitation now, if it may not:
    /// the link's own state first, then the address, then one team at a time.
    fn join_refusal(
        &self,
        tx: &Tx<'_>,
        invitation: &Invitation,
        email: &Email,
        existing: Option<&Account>,
        now: DateTime<Utc>,
    ) -> Result<(Option<DomainError>, Option<String>), TxError> {
        let revoked_by = match &invitation.state {
            InvitationState::Revoked { by, .. } => tx.account(*by)?.map(|a| a.name),
            _ => None,
        };
        let usable = invitation.check_link_usable(now, |_| {
            revoked_by.clone().unwrap_or_else(|| "an admin".into())
        });
        if let Err(refusal) = usable.and_then(|()| invitation.check_email(email)) {
            return Ok((Some(refusal), None));
        }
        let Some(account) = existing else {
            return Ok((None, None));
        };
        match tx.team_of(account.id)? {
            Some(team) if team == invitation.team => Ok((
                Some(DomainError::refused(
                    "you are already a member of this team",
                )),
                None,
            )),
            Some(other) => {
                let other = tx.team(other)?.map(|t| t.name).unwrap_or_default();
                Ok((Some(refuse_other_team(&other)), Some(other)))
            }
            None => Ok((None, None)),
        }
    }

    /// Acceptance: membership, plan change, invitation state and audit move together.
    fn accept(
        &self,
        tx: &Tx<'_>,
        mut invitation: Invitation,
        email: &Email,
        existing: Option<Account>,
        name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(TeamId, bool), TxError> {
        let team = live_team(tx, invitation.team)?;
        if invitation.role == Role::Assistant && team.kind_at(now) != TeamKind::Clinic {
            return Err(DomainError::refused(format!(
                "this invitation is for an assistant, and assistants need the Clinic plan: ask the admin of \"{}\" to upgrade or to invite you as a member",
                team.name
            ))
            .into());
        }
        let created = existing.is_none();
        let mut account = match existing {
            Some(account) => account,
            None => {
                let name = name.ok_or_else(|| {
                    DomainError::Invalid(format!(
                        "there is no account for {email} yet: pass --name \"Your Name\" to create it as you join"
                    ))
                })?;
                Account {
                    id: AccountId::generate(),
                    email: email.clone(),
                    name: text::person_name(name)?,
                    plan: PersonalPlan::Free,
                    staff: None,
                    ssh_keys: Vec::new(),
                    created_at: now,
                    plan_history: Vec::new(),
                }
            }
        };
        let (change, plan_note) = match account.plan {
            PersonalPlan::Free => (
                PlanChange::UpgradedByTeam,
                "free plan upgraded to Pro, covered by the team".to_owned(),
            ),
            PersonalPlan::Pro { cycle, since } => (
                PlanChange::ProCancelledOnJoining {
                    cycle,
                    paid_since: since,
                },
                format!(
                    "personal Pro ({}) subscription cancelled today",
                    cycle.as_str()
                ),
            ),
            PersonalPlan::Team => {
                return Err(
                    DomainError::refused("this account is already covered by a team").into(),
                );
            }
        };
        account.plan = PersonalPlan::Team;
        account.plan_history.push(PlanEvent {
            at: now,
            team: team.id,
            team_name: team.name.clone(),
            change,
        });
        tx.put_account(&account)?;
        if created {
            audit(
                tx,
                now,
                AuditActor::Account(&account),
                None,
                AuditAction::AccountCreate,
                email.to_string(),
                "signed up through an invitation",
            )?;
        }
        tx.put_membership(&Membership {
            team: team.id,
            account: account.id,
            role: invitation.role,
            joined_at: now,
        })?;
        invitation.state = InvitationState::Accepted {
            account: account.id,
            at: now,
        };
        tx.put_invitation(&invitation)?;
        let seat = if invitation.role.is_billable() {
            format!("seat billed to the owner from {}", day(now))
        } else {
            "assistant: no charge".to_owned()
        };
        audit(
            tx,
            now,
            AuditActor::Account(&account),
            Some(team.id),
            AuditAction::InviteAccept,
            email.to_string(),
            format!(
                "joined as {}; {plan_note}; {seat}",
                invitation.role.as_str()
            ),
        )?;
        Ok((team.id, created))
    }

    fn add_template(
        &self,
        actor: &Actor,
        name: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let name = text::template_name(name)?;
        text::template_body(body)?;
        self.change_template(actor, AuditAction::TemplateAdd, now, |tx, context| {
            if let Some(existing) = tx.template_named(context.team.id, &name)? {
                return Err(DomainError::refused(format!(
                    "a template named \"{}\" already exists in \"{}\" (names ignore case)",
                    existing.name, context.team.name
                ))
                .into());
            }
            let template = Template {
                id: TemplateId::generate(),
                team: context.team.id,
                name: name.clone(),
                body: body.to_owned(),
                version: 1,
                created_by: context.actor.id,
                created_at: now,
                updated_by: context.actor.id,
                updated_at: now,
            };
            tx.put_template(&template)?;
            Ok((template, format!("version 1, {} bytes", body.len())))
        })
    }

    fn edit_template(
        &self,
        actor: &Actor,
        name: &str,
        body: &str,
        based_on: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        text::template_body(body)?;
        self.change_template(actor, AuditAction::TemplateEdit, now, |tx, context| {
            let mut template = find_template(tx, &context.team, name)?;
            let before = template.version;
            template.edit(
                based_on.unwrap_or(before),
                body.to_owned(),
                context.actor.id,
                now,
            )?;
            tx.put_template(&template)?;
            let details = format!(
                "version {before} → {}, {} bytes",
                template.version,
                body.len()
            );
            Ok((template, details))
        })
    }

    fn remove_template(
        &self,
        actor: &Actor,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let applied =
            self.change_template(actor, AuditAction::TemplateRemove, now, |tx, context| {
                let template = find_template(tx, &context.team, name)?;
                tx.remove_template(&template)?;
                let details = format!("deleted at version {}", template.version);
                Ok((template, details))
            })?;
        let Outcome::Template(removed) = applied.outcome else {
            unreachable!("change_template reports the template")
        };
        Ok(Applied {
            outcome: Outcome::TemplateRemoved { name: removed.name },
            ..applied
        })
    }

    /// A template change on the actor's Clinic team by someone who may manage templates.
    fn change_template(
        &self,
        actor: &Actor,
        action: AuditAction,
        now: DateTime<Utc>,
        change: impl Fn(&Tx<'_>, &TeamContext) -> Result<(Template, String), TxError>,
    ) -> Result<Applied, Error> {
        let team_id = self.team_for_change(actor, None, Action::ManageTemplates, now)?;
        let (team, template) = self.write(now, |tx| {
            let context = self.change_context(tx, actor, team_id)?;
            context.authorize(Action::ManageTemplates)?;
            context.team.require_clinic(now, "template sharing")?;
            let (template, details) = change(tx, &context)?;
            context.audit(tx, now, action, template.name.clone(), details)?;
            Ok((context.team.id, template))
        })?;
        Ok(Applied {
            outcome: Outcome::Template(self.template_view(&template)?),
            team: Some(team),
            action,
        })
    }
}

fn find_template(tx: &Tx<'_>, team: &Team, name: &str) -> Result<Template, TxError> {
    tx.template_named(team.id, name)?.ok_or_else(|| {
        DomainError::not_found(format!(
            "there is no template named \"{}\" in \"{}\"",
            name.trim(),
            team.name
        ))
        .into()
    })
}

/// R7: a team never loses its last admin (`admins` counted before the change).
fn refuse_losing_last_admin(
    admins: usize,
    team: &Team,
    leaving: &Membership,
) -> Result<(), DomainError> {
    if leaving.role != Role::Admin {
        return Ok(());
    }
    if admins <= 1 {
        return Err(DomainError::refused(format!(
            "\"{}\" has one admin left: make someone else admin first",
            team.name
        )));
    }
    Ok(())
}
