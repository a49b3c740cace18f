//! R2–R5: inviting, resending and revoking. Opening a link (R6) is in
//! [`super::joining`].

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::Acting;
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::calendar::day;
use crate::domain::change::{Change, Put};
use crate::domain::error::DomainError;
use crate::domain::ids::Fresh;
use crate::domain::invitation::{Invitation, InvitationState, InvitationStatus, Token};
use crate::domain::policy::Action;
use crate::domain::team::{Role, Team};
use crate::domain::text::Email;

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
    let (role, until) = (invitation.role, invitation.expires_at.date_naive());
    let (action, details) = match replaces {
        Some(mut old) => {
            invitation.replaces = Some(old.id);
            old.state = InvitationState::Superseded {
                by: invitation.id,
                at: now,
            };
            change.put(Put::Invitation(old));
            (
                AuditAction::InviteResend,
                AuditDetail::Resent { role, until },
            )
        }
        None => (AuditAction::InviteAdd, AuditDetail::Invited { role, until }),
    };
    change.put(Put::Invitation(invitation.clone())).log(
        acting.by(),
        Some(team.id),
        action,
        invitation.email.to_string(),
        details,
    );
    Issued { invitation, token }
}

/// One address of a bulk invite; a refusal here is this address's alone.
fn check_address(
    team: &Team,
    address: &Address<'_>,
    seen: &mut HashSet<Email>,
    now: DateTime<Utc>,
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
        let standing = match open.status_at(now) {
            InvitationStatus::Expired => {
                format!("an invitation that expired on {}", day(open.expires_at))
            }
            _ => format!("a pending invitation (sent {})", day(open.sent_at)),
        };
        return Err(DomainError::refused(format!(
            "{email} already has {standing} to \"{}\": resend it instead",
            team.name
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
        .map(
            |address| match check_address(team, address, &mut seen, now) {
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
            },
        )
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

/// R4 for a whole team: every expired invitation gets a new link, in one
/// change. An invitation that cannot be resent (an assistant's, once the
/// team is no longer Clinic) is refused alone.
pub fn resend_expired(
    fresh: &mut dyn Fresh,
    acting: Acting<'_>,
    team: &Team,
    expired: Vec<Invitation>,
    now: DateTime<Utc>,
) -> Result<(Vec<Invited>, Change), DomainError> {
    acting.authorize(Action::ResendInvitation)?;
    let mut change = Change::default();
    let results = expired
        .into_iter()
        .map(|old| {
            if old.role == Role::Assistant
                && let Err(error) = team.require_clinic(now, "inviting assistants")
            {
                return Invited::Refused {
                    email: old.email.to_string(),
                    error,
                };
            }
            let request = (old.email.clone(), old.role);
            let issued = issue(fresh, acting, team, request, Some(old), now, &mut change);
            Invited::Sent(Box::new(issued))
        })
        .collect();
    Ok((results, change))
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
        AuditDetail::Revoked,
    );
    Ok((invitation, change))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Account;
    use crate::domain::ids::Counter;
    use crate::domain::invitation::InvitationStatus;
    use crate::domain::policy::Standing;
    use crate::domain::rules::fixtures::{Clinic, as_person, now};
    use chrono::Duration;

    fn address(raw: &str) -> Address<'_> {
        Address {
            raw,
            parsed: Email::parse(raw),
            member: false,
            open: None,
        }
    }

    fn invite_as(
        clinic: &Clinic,
        person: &Account,
        role: Role,
        addresses: &[Address<'_>],
    ) -> Result<(Vec<Invited>, Change), DomainError> {
        as_person(clinic, person, |acting| {
            invite(
                &mut Counter::default(),
                acting,
                &clinic.team,
                role,
                addresses,
                now(),
            )
        })
    }

    /// A pending invitation of `email` to the clinic, sent by its owner at `now()`.
    fn pending(clinic: &Clinic, email: &str) -> Issued {
        let (sent, _) =
            invite_as(clinic, &clinic.owner.0, Role::Member, &[address(email)]).unwrap();
        match sent.into_iter().next() {
            Some(Invited::Sent(issued)) => *issued,
            other => panic!("not sent: {other:?}"),
        }
    }

    #[test]
    fn only_admins_invite() {
        let clinic = Clinic::new();
        for (standing, person) in clinic.people() {
            let invited = invite_as(&clinic, person, Role::Member, &[address("tom@x.example")]);
            let allowed = matches!(standing, Standing::Owner | Standing::Admin);
            assert_eq!(invited.is_ok(), allowed, "{standing:?}");
        }
    }

    #[test]
    fn each_address_gets_its_own_result_and_one_bad_address_blocks_none() {
        let clinic = Clinic::new();
        let mut member = address("mo@bondi.example");
        member.member = true;
        let mut open = address("pia@x.example");
        open.open = Some(pending(&clinic, "pia@x.example").invitation);
        let addresses = [
            address("tom@x.example"),
            address("not an address"),
            address("TOM@x.example"),
            member,
            open,
            address("ana@x.example"),
        ];
        let (results, change) =
            invite_as(&clinic, &clinic.admin.0, Role::Member, &addresses).unwrap();
        let refused: Vec<String> = results
            .iter()
            .filter_map(|result| match result {
                Invited::Refused { error, .. } => Some(error.to_string()),
                Invited::Sent(_) => None,
            })
            .collect();
        assert_eq!(refused.len(), 4, "{refused:?}");
        assert!(refused[0].contains("not a valid email address"));
        assert!(refused[1].contains("listed more than once"));
        assert!(refused[2].contains("already a member"));
        assert!(refused[3].contains("resend it instead"));
        assert_eq!(change.invitations().count(), 2);
        assert_eq!(change.audit.len(), 2);
    }

    #[test]
    fn a_link_is_valid_for_thirty_days_and_only_its_hash_is_kept() {
        let clinic = Clinic::new();
        let issued = pending(&clinic, "tom@x.example");
        assert_eq!(issued.invitation.token_hash, issued.token.hash());
        assert_eq!(
            issued.invitation.expires_at,
            now() + Duration::days(crate::domain::invitation::LINK_VALID_DAYS)
        );
    }

    #[test]
    fn assistants_are_invited_only_to_clinic_teams() {
        let pro = Clinic::pro();
        let refused = invite_as(
            &pro,
            &pro.owner.0,
            Role::Assistant,
            &[address("a@x.example")],
        );
        assert!(refused.unwrap_err().to_string().contains("Clinic plan"));
    }

    #[test]
    fn a_resend_supersedes_the_old_link_and_support_may_resend_and_revoke() {
        let clinic = Clinic::new();
        let old = pending(&clinic, "tom@x.example").invitation;
        for (standing, person) in clinic.people() {
            let resent = as_person(&clinic, person, |acting| {
                resend(
                    &mut Counter::default(),
                    acting,
                    &clinic.team,
                    Ok(old.clone()),
                    now(),
                )
            });
            let revoked = as_person(&clinic, person, |acting| {
                revoke(acting, &clinic.team, Ok(old.clone()), now())
            });
            let allowed = matches!(
                standing,
                Standing::Owner | Standing::Admin | Standing::Support
            );
            assert_eq!(resent.is_ok(), allowed, "{standing:?} resending");
            assert_eq!(revoked.is_ok(), allowed, "{standing:?} revoking");
        }
        let (issued, change) = as_person(&clinic, &clinic.support, |acting| {
            resend(
                &mut Counter::default(),
                acting,
                &clinic.team,
                Ok(old.clone()),
                now(),
            )
        })
        .unwrap();
        assert_eq!(issued.invitation.replaces, Some(old.id));
        let superseded = change.invitations().find(|i| i.id == old.id).unwrap();
        assert_eq!(superseded.status_at(now()), InvitationStatus::Superseded);
        let (revoked, _) = as_person(&clinic, &clinic.admin.0, |acting| {
            revoke(acting, &clinic.team, Ok(old.clone()), now())
        })
        .unwrap();
        assert_eq!(revoked.status_at(now()), InvitationStatus::Revoked);
    }
}
