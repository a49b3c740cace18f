//! R6: opening an invitation link — the checks with their diagnostic codes,
//! the refused openings kept for support, and acceptance.

use chrono::{DateTime, Utc};

use super::membership::holder;
use crate::billing::PriceList;
use crate::billing::invoice::LineKind;
use crate::billing::ledger::{Biller, BillingAccount, Pricing, personal_credit};
use crate::domain::account::{Account, PersonalPlan, PlanChange, PlanEvent};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::{AuditDetail, FormerPlan};
use crate::domain::change::{AuditBy, Change, Put};
use crate::domain::error::DomainError;
use crate::domain::ids::{AccountId, Fresh, TeamId};
use crate::domain::invitation::{Invitation, InvitationState, RefusedAttempt, refuse_other_team};
use crate::domain::team::{Membership, Role, Team, TeamKind};
use crate::domain::text::{self, Email};

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
    /// The invitation's team's billing account, the seat is billed against.
    pub billing: Option<BillingAccount>,
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
    prices: &PriceList,
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
        None => accept(fresh, opening, prices, now),
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
        let details = AuditDetail::LinkRefused {
            code,
            by: email.clone(),
            unlogged,
        };
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
    prices: &PriceList,
    now: DateTime<Utc>,
) -> Result<Opened, DomainError> {
    let Opening {
        mut invitation,
        email,
        account,
        team,
        name,
        billing,
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
            let account = sign_up(fresh, email, name, now)?;
            change.log(
                AuditBy::account(&account),
                None,
                AuditAction::AccountCreate,
                email.to_string(),
                AuditDetail::SignedUp,
            );
            account
        }
    };
    let (plan_change, former) = plan_on_joining(&account.plan, prices, now)?;
    if let PlanChange::ProCancelledOnJoining { credit, .. } = plan_change {
        account.credit += credit;
    }
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
    if let Some(billing) = &billing {
        let mut biller = Biller {
            pricing: Pricing {
                prices,
                account: billing,
            },
            fresh,
        };
        let holder = holder(&account, invitation.role);
        let joined = biller.seat_change(&team.plan, LineKind::Joined, holder, now.date_naive());
        if let Some(line) = joined {
            change.put(Put::Adjustment(line));
        }
    }
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
            AuditDetail::Joined {
                role: invitation.role,
                plan: former,
                on: now.date_naive(),
            },
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

/// R6: a new person signs up with the invited address as they accept.
fn sign_up(
    fresh: &mut dyn Fresh,
    email: &Email,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Account, DomainError> {
    let name = name.ok_or_else(|| {
        DomainError::Invalid(format!(
            "there is no account for {email} yet: pass --name \"Your Name\" to create it as you join"
        ))
    })?;
    Ok(Account {
        id: AccountId::fresh(fresh),
        email: email.clone(),
        name: text::person_name(name)?,
        plan: PersonalPlan::Free,
        staff: None,
        ssh_keys: Vec::new(),
        created_at: now,
        plan_history: Vec::new(),
        credit: 0,
        payment_method: None,
    })
}

/// R6: what joining does to a personal plan — free becomes Pro through the
/// team; a personal Pro subscription is cancelled and its unused days become
/// credit on the person's own account (no one pays twice).
fn plan_on_joining(
    plan: &PersonalPlan,
    prices: &PriceList,
    now: DateTime<Utc>,
) -> Result<(PlanChange, FormerPlan), DomainError> {
    match *plan {
        PersonalPlan::Free => Ok((PlanChange::UpgradedByTeam, FormerPlan::Free)),
        PersonalPlan::Pro { cycle, since } => {
            let credit = personal_credit(prices, cycle, since, now.date_naive());
            Ok((
                PlanChange::ProCancelledOnJoining {
                    cycle,
                    paid_since: since,
                    credit,
                },
                FormerPlan::Pro { cycle, credit },
            ))
        }
        PersonalPlan::Team => Err(DomainError::refused(
            "this account is already covered by a team",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Cycle;
    use crate::domain::error::DiagnosticCode;
    use crate::domain::ids::Counter;
    use crate::domain::invitation::InvitationStatus;
    use crate::domain::rules::fixtures::{Clinic, account, as_person, now};
    use crate::domain::rules::invitation::{Address, Invited, Issued, invite};
    use crate::domain::team::TeamPlan;
    use chrono::Duration;

    /// A pending invitation of `email` to the clinic, sent by its owner at `now()`.
    fn pending(clinic: &Clinic, email: &str, role: Role) -> Issued {
        let address = Address {
            raw: email,
            parsed: Email::parse(email),
            member: false,
            open: None,
        };
        let (sent, _) = as_person(clinic, &clinic.owner.0, |acting| {
            invite(
                &mut Counter::default(),
                acting,
                &clinic.team,
                role,
                &[address],
                now(),
            )
        })
        .unwrap();
        match sent.into_iter().next() {
            Some(Invited::Sent(issued)) => *issued,
            other => panic!("not sent: {other:?}"),
        }
    }

    fn opening<'a>(issued: &Issued, email: &'a Email, clinic: &Clinic) -> Opening<'a> {
        Opening {
            invitation: issued.invitation.clone(),
            email,
            account: None,
            account_team: None,
            team: Some(clinic.team.clone()),
            revoked_by: None,
            name: Some("Tom"),
            billing: Some(clinic.billing.clone()),
        }
    }

    fn refusal(opened: Opened) -> (Change, DomainError) {
        match opened {
            Opened::Refused { change, error } => (change, error),
            Opened::Accepted { .. } => panic!("accepted"),
        }
    }

    #[test]
    fn opening_a_link_refuses_with_a_diagnostic_code_and_records_it() {
        let clinic = Clinic::new();
        let issued = pending(&clinic, "tom@x.example", Role::Member);
        let tom = Email::parse("tom@x.example").unwrap();
        let fresh = &mut Counter::default();
        let late = now() + Duration::days(31);
        let (change, error) = refusal(
            open_link(fresh, opening(&issued, &tom, &clinic), &clinic.prices, late).unwrap(),
        );
        assert_eq!(error.code(), Some(DiagnosticCode::Expired));
        assert_eq!(change.invitations().next().unwrap().refused_total, 1);

        let ana = Email::parse("ana@x.example").unwrap();
        let (_, error) = refusal(
            open_link(
                fresh,
                opening(&issued, &ana, &clinic),
                &clinic.prices,
                now(),
            )
            .unwrap(),
        );
        assert_eq!(error.code(), Some(DiagnosticCode::EmailMismatch));

        let mut elsewhere = opening(&issued, &tom, &clinic);
        elsewhere.account = Some(account(fresh, "tom@x.example", PersonalPlan::Team));
        let coastal = TeamId(uuid::Uuid::from_u128(999));
        elsewhere.account_team = Some((coastal, "Coastal GP".into()));
        let (change, error) = refusal(open_link(fresh, elsewhere, &clinic.prices, now()).unwrap());
        assert_eq!(error.code(), Some(DiagnosticCode::OtherTeam));
        assert!(error.to_string().contains("Coastal GP"));
        let kept = change.invitations().next().unwrap();
        assert_eq!(
            kept.refused_attempts[0].other_team.as_deref(),
            Some("Coastal GP")
        );

        let mut used = issued.clone();
        used.invitation.state = InvitationState::Accepted {
            account: clinic.member.0.id,
            at: now(),
        };
        let (_, error) = refusal(
            open_link(fresh, opening(&used, &tom, &clinic), &clinic.prices, now()).unwrap(),
        );
        assert_eq!(error.code(), Some(DiagnosticCode::Used));
    }

    #[test]
    fn accepting_moves_membership_plan_and_invitation_together() {
        let clinic = Clinic::new();
        let issued = pending(&clinic, "tom@x.example", Role::Member);
        let tom = Email::parse("tom@x.example").unwrap();
        let fresh = &mut Counter::default();
        let mut pro = opening(&issued, &tom, &clinic);
        pro.account = Some(account(
            fresh,
            "tom@x.example",
            PersonalPlan::Pro {
                cycle: Cycle::Yearly,
                since: now() - Duration::days(40),
            },
        ));
        let Opened::Accepted {
            change,
            account,
            created,
            ..
        } = open_link(fresh, pro, &clinic.prices, now()).unwrap()
        else {
            panic!("refused");
        };
        assert!(!created);
        let joined = change.account(account).unwrap();
        assert_eq!(joined.plan, PersonalPlan::Team);
        assert!(matches!(
            joined.plan_history.last().unwrap().change,
            PlanChange::ProCancelledOnJoining {
                cycle: Cycle::Yearly,
                ..
            }
        ));
        assert!(
            change
                .puts
                .iter()
                .any(|put| matches!(put, Put::Membership(m) if m.account == account))
        );
        let accepted = change.invitations().next().unwrap();
        assert_eq!(accepted.status_at(now()), InvitationStatus::Accepted);

        let mut nameless = opening(&issued, &tom, &clinic);
        nameless.name = None;
        assert_eq!(
            open_link(fresh, nameless, &clinic.prices, now())
                .unwrap_err()
                .exit_code(),
            6
        );
        let Opened::Accepted {
            created,
            change,
            account,
            ..
        } = open_link(
            fresh,
            opening(&issued, &tom, &clinic),
            &clinic.prices,
            now(),
        )
        .unwrap()
        else {
            panic!("refused");
        };
        assert!(created);
        assert_eq!(
            change.account(account).unwrap().plan_history[0].change,
            PlanChange::UpgradedByTeam
        );
    }

    #[test]
    fn an_assistant_link_waits_for_the_clinic_plan() {
        let clinic = Clinic::new();
        let issued = pending(&clinic, "a@x.example", Role::Assistant);
        let email = Email::parse("a@x.example").unwrap();
        let mut back_on_pro = opening(&issued, &email, &clinic);
        back_on_pro.team = Some(Team {
            plan: TeamPlan::Pro,
            ..clinic.team.clone()
        });
        let error =
            open_link(&mut Counter::default(), back_on_pro, &clinic.prices, now()).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("assistants need the Clinic plan")
        );
    }
}
