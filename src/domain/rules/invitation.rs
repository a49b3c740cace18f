//! R2–R6: inviting, resending, revoking, and opening a link.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::Acting;
use crate::domain::account::{Account, PersonalPlan, PlanChange, PlanEvent};
use crate::domain::audit::AuditAction;
use crate::domain::calendar::day;
use crate::domain::change::{AuditBy, Change, Put};
use crate::domain::error::DomainError;
use crate::domain::ids::{AccountId, Fresh, TeamId};
use crate::domain::invitation::{
    Invitation, InvitationState, RefusedAttempt, Token, refuse_other_team,
};
use crate::domain::policy::Action;
use crate::domain::team::{Membership, Role, Team, TeamKind};
use crate::domain::text::{self, Email};

/// A new link: the invitation and the token of its link, shown once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub invitation: Invitation,
    pub token: Token,
}

/// One address of an invite as typed, with what the store knows of it.
#[derive(Debug, Clone)]
pub struct Address<'a> {
    pub raw: &'a str,
    /// The address, or why it is not one.
    pub parsed: Result<Email, DomainError>,
    /// Whether it is already a member of the team.
    pub member: bool,
    /// Its pending (or expired) invitation to the team, if any.
    pub open: Option<Invitation>,
}

/// What became of one address of an invite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invited {
    Sent(Box<Issued>),
    /// Refused for this address only; `email` is the address as typed (trimmed).
    Refused {
        email: String,
        error: DomainError,
    },
}

/// Issues a new invitation and logs it: a first invitation, or a resend.
fn issue(
    fresh: &mut dyn Fresh,
    acting: Acting<'_>,
    team: &Team,
    (email, role): (Email, Role),
    replaces: Option<Invitation>,
    now: DateTime<Utc>,
    change: &mut Change,
) -> Issued {
    let (mut invitation, token) =
        Invitation::issue(fresh, team.id, email, role, acting.account.id, now);
    let (action, what) = match replaces {
        Some(mut old) => {
            invitation.replaces = Some(old.id);
            old.state = InvitationState::Superseded {
                by: invitation.id,
                at: now,
            };
            change.put(Put::Invitation(old));
            (
                AuditAction::InviteResend,
                "new link sent; the previous link no longer works",
            )
        }
        None => (AuditAction::InviteAdd, "invited"),
    };
    change.put(Put::Invitation(invitation.clone())).log(
        acting.by(),
        Some(team.id),
        action,
        invitation.email.to_string(),
        format!(
            "{what} as {}; link valid until {}",
            invitation.role.as_str(),
            day(invitation.expires_at)
        ),
    );
    Issued { invitation, token }
}

/// One address of a bulk invite; a refusal here is this address's alone.
fn check_address(
    team: &Team,
    address: &Address<'_>,
    seen: &mut HashSet<Email>,
) -> Result<Email, DomainError> {
    let email = address.parsed.clone()?;
    if !seen.insert(email.clone()) {
        return Err(DomainError::refused(format!(
            "{email} is listed more than once"
        )));
    }
    if address.member {
        return Err(DomainError::refused(format!(
            "{email} is already a member of \"{}\"",
            team.name
        )));
    }
    if let Some(open) = &address.open {
        return Err(DomainError::refused(format!(
            "{email} already has a pending invitation to \"{}\" (sent {}): resend it instead",
            team.name,
            day(open.sent_at)
        )));
    }
    Ok(email)
}

/// R2: admins invite addresses with a role (`assistant` on Clinic teams only).
/// Each address gets its own result; one bad address never blocks the others.
pub fn invite(
    fresh: &mut dyn Fresh,
    acting: Acting<'_>,
    team: &Team,
    role: Role,
    addresses: &[Address<'_>],
    now: DateTime<Utc>,
) -> Result<(Vec<Invited>, Change), DomainError> {
    acting.authorize(Action::Invite)?;
    if addresses.is_empty() {
        return Err(DomainError::Invalid(
            "name at least one address to invite".into(),
        ));
    }
    if role == Role::Assistant {
        team.require_clinic(now, "inviting assistants")?;
    }
    let mut change = Change::default();
    let mut seen = HashSet::new();
    let results = addresses
        .iter()
        .map(|address| match check_address(team, address, &mut seen) {
            Ok(email) => Invited::Sent(Box::new(issue(
                fresh,
                acting,
                team,
                (email, role),
                None,
                now,
                &mut change,
            ))),
            Err(error) => Invited::Refused {
                email: address.raw.trim().to_owned(),
                error,
            },
        })
        .collect();
    Ok((results, change))
}

/// Why an address has no invitation to resend or revoke, from its newest one.
pub fn no_open_invitation(email: &Email, team: &Team, newest: Option<&Invitation>) -> DomainError {
    let why = match newest.map(|invitation| &invitation.state) {
        Some(InvitationState::Accepted { at, .. }) => format!(" (they accepted on {})", day(*at)),
        Some(InvitationState::Revoked { at, .. }) => {
            format!(" (it was revoked on {}: invite them again)", day(*at))
        }
        _ => String::new(),
    };
    DomainError::not_found(format!(
        "{email} has no pending or expired invitation to \"{}\"{why}",
        team.name
    ))
}

/// R4: admins and support resend a pending or expired invitation: a new link
/// and a new 30 days; the old link stops working. `open` is the address's
/// open invitation, or why there is none (told only to those who may resend).
pub fn resend(
    fresh: &mut dyn Fresh,
    acting: Acting<'_>,
    team: &Team,
    open: Result<Invitation, DomainError>,
    now: DateTime<Utc>,
) -> Result<(Issued, Change), DomainError> {
    acting.authorize(Action::ResendInvitation)?;
    let old = open?;
    if old.role == Role::Assistant {
        team.require_clinic(now, "inviting assistants")?;
    }
    let mut change = Change::default();
    let request = (old.email.clone(), old.role);
    let issued = issue(fresh, acting, team, request, Some(old), now, &mut change);
    Ok((issued, change))
}

/// R5: admins and support revoke a pending invitation; the address may be
/// invited again later.
pub fn revoke(
    acting: Acting<'_>,
    team: &Team,
    open: Result<Invitation, DomainError>,
    now: DateTime<Utc>,
) -> Result<(Invitation, Change), DomainError> {
    acting.authorize(Action::RevokeInvitation)?;
    let mut invitation = open?;
    invitation.state = InvitationState::Revoked {
        by: acting.account.id,
        at: now,
    };
    let mut change = Change::default();
    change.put(Put::Invitation(invitation.clone())).log(
        acting.by(),
        Some(team.id),
        AuditAction::InviteRevoke,
        invitation.email.to_string(),
        "invitation revoked; its link no longer works",
    );
    Ok((invitation, change))
}

/// Someone opening a link, with what the store knows about them and the link.
#[derive(Debug, Clone)]
pub struct Opening<'a> {
    pub invitation: Invitation,
    /// The address they signed in with.
    pub email: &'a Email,
    /// Their account, when the address has one.
    pub account: Option<Account>,
    /// The team their account is in, by id and name.
    pub account_team: Option<(TeamId, String)>,
    /// The invitation's team (`None` when it is missing).
    pub team: Option<Team>,
    /// Who revoked the invitation, by name, if it was revoked.
    pub revoked_by: Option<String>,
    /// The name for a new account (R6: sign-up and acceptance are one step).
    pub name: Option<&'a str>,
}

/// What opening a link came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// Joined: the account (created when `created`) is now in `team`.
    Accepted {
        change: Change,
        team: TeamId,
        account: AccountId,
        created: bool,
    },
    /// Refused with `error`; `change` records the refusal on the invitation
    /// for triage (empty when the refusal has no diagnostic code).
    Refused { change: Change, error: DomainError },
}

/// R6: opening a link. The link's own state first, then the address, then
/// one team at a time; a refusal with a diagnostic code is recorded on the
/// invitation (bounded) for support. Acceptance is all or nothing.
pub fn open_link(
    fresh: &mut dyn Fresh,
    opening: Opening<'_>,
    now: DateTime<Utc>,
) -> Result<Opened, DomainError> {
    let revoker = opening
        .revoked_by
        .clone()
        .unwrap_or_else(|| "an admin".into());
    let mut refusal = opening
        .invitation
        .check_link_usable(now, |_| revoker.clone())
        .and_then(|()| opening.invitation.check_email(opening.email))
        .err();
    let mut other_team = None;
    if refusal.is_none() && opening.account.is_some() {
        match &opening.account_team {
            Some((team, _)) if *team == opening.invitation.team => {
                refusal = Some(DomainError::refused(
                    "you are already a member of this team",
                ));
            }
            Some((_, name)) => {
                refusal = Some(refuse_other_team(name));
                other_team = Some(name.clone());
            }
            None => {}
        }
    }
    match refusal {
        Some(error) => Ok(Opened::Refused {
            change: record_refusal(opening, &error, other_team, now),
            error,
        }),
        None => accept(fresh, opening, now),
    }
}

/// Keeps a refused opening on the invitation, and in the audit log as the
/// invitation's rate limit allows.
fn record_refusal(
    opening: Opening<'_>,
    error: &DomainError,
    other_team: Option<String>,
    now: DateTime<Utc>,
) -> Change {
    let mut change = Change::default();
    let Some(code) = error.code() else {
        return change;
    };
    let email = opening.email;
    let mut invitation = opening.invitation;
    let logged = invitation.record_refusal(RefusedAttempt {
        at: now,
        code,
        by_email: email.clone(),
        other_team,
    });
    if let Some(unlogged) = logged {
        let mut details = format!("{code}: link opened by {email}");
        if unlogged > 0 {
            details.push_str(&format!(
                " ({unlogged} more refused opening(s) of this link since the last entry)"
            ));
        }
        let by = opening
            .account
            .as_ref()
            .map_or(AuditBy::Address(email.clone()), AuditBy::account);
        change.log(
            by,
            Some(invitation.team),
            AuditAction::InviteRefused,
            invitation.email.to_string(),
            details,
        );
    }
    change.put(Put::Invitation(invitation));
    change
}

/// Acceptance: membership, plan change, invitation state and audit together.
fn accept(
    fresh: &mut dyn Fresh,
    opening: Opening<'_>,
    now: DateTime<Utc>,
) -> Result<Opened, DomainError> {
    let Opening {
        mut invitation,
        email,
        account,
        team,
        name,
        ..
    } = opening;
    let team = team.ok_or_else(|| {
        DomainError::not_found(format!("there is no team with id {}", invitation.team))
    })?;
    team.check_live()?;
    if invitation.role == Role::Assistant && team.kind_at(now) != TeamKind::Clinic {
        return Err(DomainError::refused(format!(
            "this invitation is for an assistant, and assistants need the Clinic plan: ask the admin of \"{}\" to upgrade or to invite you as a member",
            team.name
        )));
    }
    let mut change = Change::default();
    let created = account.is_none();
    let mut account = match account {
        Some(account) => account,
        None => {
            let name = name.ok_or_else(|| {
                DomainError::Invalid(format!(
                    "there is no account for {email} yet: pass --name \"Your Name\" to create it as you join"
                ))
            })?;
            let account = Account {
                id: AccountId::fresh(fresh),
                email: email.clone(),
                name: text::person_name(name)?,
                plan: PersonalPlan::Free,
                staff: None,
                ssh_keys: Vec::new(),
                created_at: now,
                plan_history: Vec::new(),
            };
            change.log(
                AuditBy::account(&account),
                None,
                AuditAction::AccountCreate,
                email.to_string(),
                "signed up through an invitation",
            );
            account
        }
    };
    let (plan_change, plan_note) = match account.plan {
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
            return Err(DomainError::refused(
                "this account is already covered by a team",
            ));
        }
    };
    account.plan = PersonalPlan::Team;
    account.plan_history.push(PlanEvent {
        at: now,
        team: team.id,
        team_name: team.name.clone(),
        change: plan_change,
    });
    invitation.state = InvitationState::Accepted {
        account: account.id,
        at: now,
    };
    let seat = if invitation.role.is_billable() {
        format!("seat billed to the owner from {}", day(now))
    } else {
        "assistant: no charge".to_owned()
    };
    change
        .put(Put::Membership(Membership {
            team: team.id,
            account: account.id,
            role: invitation.role,
            joined_at: now,
        }))
        .log(
            AuditBy::account(&account),
            Some(team.id),
            AuditAction::InviteAccept,
            email.to_string(),
            format!(
                "joined as {}; {plan_note}; {seat}",
                invitation.role.as_str()
            ),
        )
        .put(Put::Invitation(invitation));
    let account_id = account.id;
    change.puts.insert(0, Put::Account(account));
    Ok(Opened::Accepted {
        change,
        team: team.id,
        account: account_id,
        created,
    })
}
