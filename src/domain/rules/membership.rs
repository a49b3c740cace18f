//! R7 and R8: removing members, leaving, changing roles; the owner and the
//! last admin stay.

use chrono::{DateTime, Utc};

use super::Acting;
use crate::billing::invoice::{LineKind, SeatHolder};
use crate::billing::ledger::Biller;
use crate::domain::account::{Account, PersonalPlan, PlanChange, PlanEvent};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::change::{Change, Delete, Put};
use crate::domain::error::DomainError;
use crate::domain::policy::Action;
use crate::domain::team::{Membership, Role, Team};
use crate::domain::text::Email;

/// A member as the rules see them: their account and their membership.
pub type Seat = (Account, Membership);

/// The refusal for an address that is no member of the team.
pub fn not_a_member(email: &Email, team: &Team) -> DomainError {
    DomainError::not_found(format!("{email} is not a member of \"{}\"", team.name))
}

/// R7: a team never loses its last admin (`admins` counted before the change).
pub fn refuse_losing_last_admin(
    admins: usize,
    team: &Team,
    leaving: &Membership,
) -> Result<(), DomainError> {
    if leaving.role == Role::Admin && admins <= 1 {
        return Err(DomainError::refused(format!(
            "\"{}\" has one admin left: make someone else admin first",
            team.name
        )));
    }
    Ok(())
}

/// Takes an account out of a team: membership gone, back on the free plan,
/// its seat no longer billed (R7).
pub fn release(team: &Team, mut account: Account, now: DateTime<Utc>) -> Change {
    account.plan = PersonalPlan::Free;
    account.plan_history.push(PlanEvent {
        at: now,
        team: team.id,
        team_name: team.name.clone(),
        change: PlanChange::ReturnedToFree,
    });
    let mut change = Change::default();
    change
        .delete(Delete::Membership {
            team: team.id,
            account: account.id,
        })
        .put(Put::Account(account));
    change
}

/// A member named by address: the address as typed, and their seat when
/// the address is a member of the team.
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    pub email: &'a Email,
    pub seat: Option<&'a Seat>,
}

/// How invoices name a member's seat.
pub fn holder(account: &Account, role: Role) -> SeatHolder {
    SeatHolder {
        account: account.id,
        name: account.name.clone(),
        role,
    }
}

/// R7: an admin removes a member; never the owner, never the last admin.
/// The seat stops being billed that day: its unused days are credited.
pub fn remove_member(
    acting: Acting<'_>,
    team: &Team,
    named: Named<'_>,
    admins: usize,
    biller: &mut Biller<'_>,
    now: DateTime<Utc>,
) -> Result<Change, DomainError> {
    acting.authorize(Action::RemoveMember)?;
    let (member, membership) = named.seat.ok_or_else(|| not_a_member(named.email, team))?;
    if member.id == team.owner {
        return Err(DomainError::refused(
            "the team owner cannot be removed: the owner transfers ownership to another admin first",
        ));
    }
    refuse_losing_last_admin(admins, team, membership)?;
    let details = AuditDetail::Removed {
        role: membership.role,
    };
    let target = member.email.to_string();
    let mut change = release(team, member.clone(), now);
    let seat = holder(member, membership.role);
    if let Some(credit) = biller.seat_change(&team.plan, LineKind::Left, seat, now.date_naive()) {
        change.put(Put::Adjustment(credit));
    }
    change.log(
        acting.by(),
        Some(team.id),
        AuditAction::MemberRemove,
        target,
        details,
    );
    Ok(change)
}

/// R7: any member but the owner leaves, unless they are the last admin.
pub fn leave(
    acting: Acting<'_>,
    team: &Team,
    membership: Option<&Membership>,
    admins: usize,
    biller: &mut Biller<'_>,
    now: DateTime<Utc>,
) -> Result<Change, DomainError> {
    acting.authorize(Action::LeaveTeam)?;
    let membership =
        membership.ok_or_else(|| DomainError::not_found("you are not a member of this team"))?;
    refuse_losing_last_admin(admins, team, membership)?;
    let mut change = release(team, acting.account.clone(), now);
    let seat = holder(acting.account, membership.role);
    if let Some(credit) = biller.seat_change(&team.plan, LineKind::Left, seat, now.date_naive()) {
        change.put(Put::Adjustment(credit));
    }
    change.log(
        acting.by(),
        Some(team.id),
        AuditAction::MemberLeave,
        acting.account.email.to_string(),
        AuditDetail::Left,
    );
    Ok(change)
}

/// R8: an admin changes a member's role (`assistant` on Clinic teams only);
/// the owner and the last admin stay admins. The same role again changes
/// nothing. A seat that becomes an assistant's stops being billed that day;
/// an assistant's that becomes billable is billed from that day.
pub fn change_role(
    acting: Acting<'_>,
    team: &Team,
    named: Named<'_>,
    role: Role,
    admins: usize,
    biller: &mut Biller<'_>,
    now: DateTime<Utc>,
) -> Result<Change, DomainError> {
    acting.authorize(Action::ChangeRole)?;
    let (member, membership) = named.seat.ok_or_else(|| not_a_member(named.email, team))?;
    if membership.role == role {
        return Ok(Change::default());
    }
    if membership.role == Role::Admin {
        refuse_losing_last_admin(admins, team, membership)?;
        if member.id == team.owner {
            return Err(DomainError::refused(
                "the team owner cannot be demoted: the owner transfers ownership to another admin first",
            ));
        }
    }
    if role == Role::Assistant {
        team.require_clinic(now, "assistants")?;
    }
    let before = membership.role;
    let mut change = Change::default();
    let billed = match (before.is_billable(), role.is_billable()) {
        (true, false) => Some((LineKind::Left, before)),
        (false, true) => Some((LineKind::Joined, role)),
        _ => None,
    };
    if let Some((kind, seat_role)) = billed {
        let seat = holder(member, seat_role);
        if let Some(line) = biller.seat_change(&team.plan, kind, seat, now.date_naive()) {
            change.put(Put::Adjustment(line));
        }
    }
    change
        .put(Put::Membership(Membership {
            role,
            ..membership.clone()
        }))
        .log(
            acting.by(),
            Some(team.id),
            AuditAction::MemberRole,
            member.email.to_string(),
            AuditDetail::RoleChanged {
                from: before,
                to: role,
            },
        );
    Ok(change)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Standing;
    use crate::domain::rules::fixtures::{Clinic, as_person, billed, now};

    fn named(seat: &Seat) -> Named<'_> {
        Named {
            email: &seat.0.email,
            seat: Some(seat),
        }
    }

    #[test]
    fn only_admins_remove_members_and_change_roles() {
        let clinic = Clinic::new();
        let mo = &clinic.member;
        for (standing, person) in clinic.people() {
            let removed = as_person(&clinic, person, |acting| {
                billed(&clinic, |biller| {
                    remove_member(acting, &clinic.team, named(mo), 2, biller, now())
                })
            });
            let changed = as_person(&clinic, person, |acting| {
                let role = Role::TemplateManager;
                billed(&clinic, |biller| {
                    change_role(acting, &clinic.team, named(mo), role, 2, biller, now())
                })
            });
            let allowed = matches!(standing, Standing::Owner | Standing::Admin);
            assert_eq!(removed.is_ok(), allowed, "{standing:?} removing");
            assert_eq!(changed.is_ok(), allowed, "{standing:?} changing a role");
            if !allowed {
                assert_eq!(removed.unwrap_err().exit_code(), 3);
            }
        }
    }

    #[test]
    fn a_removed_member_returns_to_free_and_the_seat_stops() {
        let clinic = Clinic::new();
        let mo = &clinic.member;
        let change = as_person(&clinic, &clinic.admin.0, |acting| {
            billed(&clinic, |biller| {
                remove_member(acting, &clinic.team, named(mo), 2, biller, now())
            })
        })
        .unwrap();
        let released = change.account(mo.0.id).expect("the account is written");
        assert_eq!(released.plan, PersonalPlan::Free);
        assert_eq!(
            released.plan_history.last().unwrap().change,
            PlanChange::ReturnedToFree
        );
        assert!(change.deletes.contains(&Delete::Membership {
            team: clinic.team.id,
            account: mo.0.id
        }));
        assert_eq!(change.audit[0].action, AuditAction::MemberRemove);
    }

    #[test]
    fn a_billable_seat_removed_or_made_an_assistant_is_credited_and_an_assistant_made_a_member_charged()
     {
        let clinic = Clinic::new();
        let (mo, ash) = (&clinic.member, &clinic.assistant);
        let removed = as_person(&clinic, &clinic.owner.0, |acting| {
            billed(&clinic, |biller| {
                remove_member(acting, &clinic.team, named(mo), 2, biller, now())
            })
        })
        .unwrap();
        let credit = removed.adjustments().next().expect("a credit line");
        assert_eq!(credit.line.kind, LineKind::Left);
        assert!(credit.line.amount < 0);
        let promoted = as_person(&clinic, &clinic.owner.0, |acting| {
            billed(&clinic, |biller| {
                change_role(
                    acting,
                    &clinic.team,
                    named(ash),
                    Role::Member,
                    2,
                    biller,
                    now(),
                )
            })
        })
        .unwrap();
        let charge = promoted.adjustments().next().expect("a charge line");
        assert_eq!(
            (charge.line.kind, charge.line.amount > 0),
            (LineKind::Joined, true)
        );
        let gone_assistant = as_person(&clinic, &clinic.owner.0, |acting| {
            billed(&clinic, |biller| {
                remove_member(acting, &clinic.team, named(ash), 2, biller, now())
            })
        })
        .unwrap();
        assert_eq!(
            gone_assistant.adjustments().count(),
            0,
            "assistants are free"
        );
    }

    #[test]
    fn the_owner_is_never_removed_or_demoted() {
        let clinic = Clinic::new();
        let owner = &clinic.owner;
        let removal = as_person(&clinic, &clinic.admin.0, |acting| {
            billed(&clinic, |biller| {
                remove_member(acting, &clinic.team, named(owner), 2, biller, now())
            })
        });
        assert!(
            removal
                .unwrap_err()
                .to_string()
                .contains("cannot be removed")
        );
        let demotion = as_person(&clinic, &clinic.admin.0, |acting| {
            let role = Role::Member;
            billed(&clinic, |biller| {
                change_role(acting, &clinic.team, named(owner), role, 2, biller, now())
            })
        });
        assert!(
            demotion
                .unwrap_err()
                .to_string()
                .contains("cannot be demoted")
        );
    }

    #[test]
    fn the_last_admin_stays() {
        let clinic = Clinic::new();
        let adam = &clinic.admin;
        let demotion = as_person(&clinic, &clinic.owner.0, |acting| {
            let role = Role::Member;
            billed(&clinic, |biller| {
                change_role(acting, &clinic.team, named(adam), role, 1, biller, now())
            })
        });
        assert!(demotion.unwrap_err().to_string().contains("one admin left"));
        let leaving = as_person(&clinic, &adam.0, |acting| {
            billed(&clinic, |biller| {
                leave(acting, &clinic.team, Some(&adam.1), 1, biller, now())
            })
        });
        assert_eq!(leaving.unwrap_err().exit_code(), 5);
    }

    #[test]
    fn everyone_but_the_owner_may_leave() {
        let clinic = Clinic::new();
        for (standing, person) in clinic.people() {
            let left = as_person(&clinic, person, |acting| {
                billed(&clinic, |biller| {
                    leave(
                        acting,
                        &clinic.team,
                        clinic.membership_of(person),
                        2,
                        biller,
                        now(),
                    )
                })
            });
            match standing {
                Standing::Owner => assert!(left.unwrap_err().to_string().contains("transfer")),
                Standing::Support | Standing::Outsider => {
                    assert_eq!(left.unwrap_err().exit_code(), 4)
                }
                _ => assert_eq!(left.unwrap().audit[0].action, AuditAction::MemberLeave),
            }
        }
    }

    #[test]
    fn assistants_need_the_clinic_plan_and_the_same_role_changes_nothing() {
        let clinic = Clinic::pro();
        let mo = &clinic.member;
        let to_assistant = as_person(&clinic, &clinic.owner.0, |acting| {
            let role = Role::Assistant;
            billed(&clinic, |biller| {
                change_role(acting, &clinic.team, named(mo), role, 2, biller, now())
            })
        });
        assert!(
            to_assistant
                .unwrap_err()
                .to_string()
                .contains("Clinic plan")
        );
        let same = as_person(&clinic, &clinic.owner.0, |acting| {
            billed(&clinic, |biller| {
                change_role(
                    acting,
                    &clinic.team,
                    named(mo),
                    Role::Member,
                    2,
                    biller,
                    now(),
                )
            })
        });
        assert_eq!(same.unwrap(), Change::default());
    }
}
