//! Teams and their plans: R1 (creating a team), SPEC §2 (upgrades, the
//! Clinic trial, downgrades), R8 (ownership, deletion) and R10 (settings).

use chrono::{DateTime, Duration, Utc};

use super::Acting;
use super::membership::release;
use crate::billing::PriceList;
use crate::billing::invoice::SeatHolder;
use crate::billing::ledger::{Biller, BillingAccount, personal_credit};
use crate::domain::account::{Account, PersonalPlan, PlanChange, PlanEvent};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::{AuditDetail, count};
use crate::domain::change::{AuditBy, Change, Delete, Put};
use crate::domain::error::DomainError;
use crate::domain::ids::{Fresh, TeamId};
use crate::domain::invitation::{Invitation, InvitationState};
use crate::domain::policy::Action;
use crate::domain::team::{
    CLINIC_TRIAL_DAYS, Language, Membership, Role, Team, TeamKind, TeamPlan,
};
use crate::domain::template::Template;
use crate::domain::text;

/// A change to the team record itself, logged under the team's name.
pub(super) fn team_change(
    acting: Acting<'_>,
    team: Team,
    action: AuditAction,
    details: AuditDetail,
) -> Change {
    let mut change = Change::default();
    change
        .log(
            acting.by(),
            Some(team.id),
            action,
            team.name.clone(),
            details,
        )
        .put(Put::Team(team));
    change
}

/// R1: a Pro account in no team creates a Pro team; it becomes its owner and
/// admin, and its personal subscription becomes the team's.
pub fn create_team(
    fresh: &mut dyn Fresh,
    (mut creator, current_team): (Account, Option<&Team>),
    name: &str,
    prices: &PriceList,
    now: DateTime<Utc>,
) -> Result<(Team, Change), DomainError> {
    let name = text::team_name(name)?;
    if let Some(current) = current_team {
        return Err(DomainError::refused(format!(
            "you are already in the team \"{}\" and can be in one team at a time: leave it before creating another",
            current.name
        )));
    }
    let PersonalPlan::Pro { cycle, since } = creator.plan else {
        return Err(DomainError::refused(
            "only accounts on the Pro plan can create a team: you are on the free plan; upgrade to Pro first",
        ));
    };
    let team = Team {
        id: TeamId::fresh(fresh),
        name,
        owner: creator.id,
        plan: TeamPlan::Pro,
        cycle,
        session_sharing: false,
        trial_used: false,
        payment_method: None,
        billing_email: None,
        created_at: now,
        deleted: None,
        language: Language::default(),
    };
    // The team pays for the owner's seat from today: the personal plan's
    // unused days become credit on the owner's own account.
    let credit = personal_credit(prices, cycle, since, now.date_naive());
    creator.plan = PersonalPlan::Team;
    creator.credit += credit;
    creator.plan_history.push(PlanEvent {
        at: now,
        team: team.id,
        team_name: team.name.clone(),
        change: PlanChange::MovedToTeam { cycle, credit },
    });
    let mut change = Change::default();
    change
        .put(Put::Team(team.clone()))
        .put(Put::BillingAccount(BillingAccount::open(
            team.id, now, cycle,
        )))
        .put(Put::Membership(Membership {
            team: team.id,
            account: creator.id,
            role: Role::Admin,
            joined_at: now,
        }))
        .log(
            AuditBy::account(&creator),
            Some(team.id),
            AuditAction::TeamCreate,
            team.name.clone(),
            AuditDetail::TeamCreated { cycle },
        )
        .put(Put::Account(creator));
    Ok((team, change))
}

/// §2: Pro → Clinic, with a 14-day free trial (billed at the Pro rate) the
/// first time; later upgrades go straight to Clinic, billed from that day.
pub fn upgrade(
    acting: Acting<'_>,
    mut team: Team,
    seats: &[SeatHolder],
    biller: &mut Biller<'_>,
    now: DateTime<Utc>,
) -> Result<Change, DomainError> {
    acting.authorize(Action::ChangePlan)?;
    if team.plan != TeamPlan::Pro {
        return Err(DomainError::refused(format!(
            "\"{}\" is already on the Clinic plan",
            team.name
        )));
    }
    let mut change = Change::default();
    let details = if team.trial_used {
        team.plan = TeamPlan::Clinic;
        let rates = (TeamKind::Pro, TeamKind::Clinic);
        for line in biller.rate_change(seats, rates, now.date_naive()) {
            change.put(Put::Adjustment(line));
        }
        AuditDetail::UpgradedAfterTrial
    } else {
        let ends_at = now + Duration::days(CLINIC_TRIAL_DAYS);
        team.plan = TeamPlan::ClinicTrial {
            started_at: now,
            ends_at,
        };
        team.trial_used = true;
        AuditDetail::TrialStarted {
            until: ends_at.date_naive(),
        }
    };
    change.absorb(team_change(acting, team, AuditAction::TeamUpgrade, details));
    Ok(change)
}

/// What a downgrade looks at: the assistants in the way (as `"Name
/// <address>"`), how many templates go hidden, and the seats billed.
#[derive(Debug, Clone, Copy)]
pub struct Downgrade<'a> {
    pub assistants: &'a [String],
    pub templates: usize,
    pub seats: &'a [SeatHolder],
}

/// §2: Clinic → Pro, refused while assistants are present; templates are
/// kept but hidden, session sharing goes off, and seats are billed at the
/// Pro rate from that day (a trial was billed at it already).
pub fn downgrade(
    acting: Acting<'_>,
    mut team: Team,
    holding: Downgrade<'_>,
    biller: &mut Biller<'_>,
    now: DateTime<Utc>,
) -> Result<Change, DomainError> {
    let Downgrade {
        assistants,
        templates,
        seats,
    } = holding;
    acting.authorize(Action::ChangePlan)?;
    if team.plan == TeamPlan::Pro {
        return Err(DomainError::refused(format!(
            "\"{}\" is already on the Pro plan",
            team.name
        )));
    }
    if !assistants.is_empty() {
        return Err(DomainError::refused(format!(
            "\"{}\" cannot return to Pro while it has assistants ({}): change their role or remove them first",
            team.name,
            assistants.join(", ")
        )));
    }
    let mut change = Change::default();
    if team.plan == TeamPlan::Clinic {
        let rates = (TeamKind::Clinic, TeamKind::Pro);
        for line in biller.rate_change(seats, rates, now.date_naive()) {
            change.put(Put::Adjustment(line));
        }
    }
    team.plan = TeamPlan::Pro;
    team.session_sharing = false;
    let details = AuditDetail::Downgraded {
        templates: count(templates),
    };
    change.absorb(team_change(
        acting,
        team,
        AuditAction::TeamDowngrade,
        details,
    ));
    Ok(change)
}

/// §2: a Clinic trial that has ended, recorded the first time it is seen:
/// the team stays Clinic with a card on file, and otherwise returns to Pro —
/// session sharing off, templates kept but hidden, assistants (a Clinic seat)
/// back on the free plan as when removed. Staying on Clinic bills the seats
/// at the Clinic rate from the day the trial ended. `None` while no trial has
/// ended.
pub fn settle_trial(
    mut team: Team,
    (assistants, seats): (Vec<Account>, &[SeatHolder]),
    biller: &mut Biller<'_>,
    now: DateTime<Utc>,
) -> Option<Change> {
    let outcome = team.trial_outcome(now)?;
    let TeamPlan::ClinicTrial { ends_at, .. } = team.plan else {
        return None;
    };
    let mut change = Change::default();
    let details = match outcome {
        TeamPlan::Pro => {
            team.session_sharing = false;
            let released = assistants.len();
            for assistant in assistants {
                change.absorb(release(&team, assistant, now));
            }
            AuditDetail::TrialEndedOnPro {
                assistants: count(released),
            }
        }
        _ => {
            let rates = (TeamKind::Pro, TeamKind::Clinic);
            for line in biller.rate_change(seats, rates, ends_at.date_naive()) {
                change.put(Put::Adjustment(line));
            }
            AuditDetail::TrialEndedOnClinic
        }
    };
    team.plan = outcome;
    change
        .log(
            AuditBy::System,
            Some(team.id),
            AuditAction::TrialEnd,
            team.name.clone(),
            details,
        )
        .put(Put::Team(team));
    Some(change)
}

/// R10: the settings an admin changes at once (any of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub name: Option<String>,
    pub session_sharing: Option<bool>,
    /// The language of the team's invitation emails.
    pub language: Option<Language>,
}

/// R10: rename the team, switch session sharing (Clinic only) and choose
/// its emails' language, in one change.
pub fn change_settings(
    acting: Acting<'_>,
    mut team: Team,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<Change, DomainError> {
    acting.authorize(Action::ChangeSettings)?;
    let name = settings.name.as_deref().map(text::team_name).transpose()?;
    if name.is_none() && settings.session_sharing.is_none() && settings.language.is_none() {
        return Err(DomainError::Invalid(
            "name a setting to change: the team's name, session sharing or email language".into(),
        ));
    }
    if settings.session_sharing.is_some() {
        team.require_clinic(now, "session sharing")?;
    }
    let mut change = Change::default();
    if let Some(name) = name {
        let before = std::mem::replace(&mut team.name, name);
        change.log(
            acting.by(),
            Some(team.id),
            AuditAction::TeamRename,
            team.name.clone(),
            AuditDetail::Renamed { from: before },
        );
    }
    if let Some(on) = settings.session_sharing {
        team.session_sharing = on;
        change.log(
            acting.by(),
            Some(team.id),
            AuditAction::SessionSharing,
            team.name.clone(),
            AuditDetail::SessionSharing { on },
        );
    }
    if let Some(language) = settings.language {
        team.language = language;
        change.log(
            acting.by(),
            Some(team.id),
            AuditAction::TeamLanguage,
            team.name.clone(),
            AuditDetail::EmailLanguage { language },
        );
    }
    change.put(Put::Team(team));
    Ok(change)
}

/// R8: the owner passes ownership to another admin.
pub fn transfer_ownership(
    acting: Acting<'_>,
    mut team: Team,
    heir: &Account,
    heir_membership: &Membership,
) -> Result<Change, DomainError> {
    acting.authorize(Action::TransferOwnership)?;
    if heir.id == acting.account.id {
        return Err(DomainError::refused(format!(
            "you already own \"{}\"",
            team.name
        )));
    }
    if heir_membership.role != Role::Admin {
        return Err(DomainError::refused(format!(
            "ownership can go only to another admin: make {} an admin first",
            heir.email
        )));
    }
    team.owner = heir.id;
    let details = AuditDetail::OwnershipPassed {
        from: acting.account.email.clone(),
        to: heir.email.clone(),
        to_name: heir.name.clone(),
    };
    Ok(team_change(
        acting,
        team,
        AuditAction::TransferOwnership,
        details,
    ))
}

/// What a team holds when its owner deletes it.
#[derive(Debug, Clone, Default)]
pub struct Holdings {
    pub members: Vec<Account>,
    pub open_invitations: Vec<Invitation>,
    pub templates: Vec<Template>,
}

/// R8: the owner deletes the team, typing its name in full: members return
/// to free, pending invitations are revoked, templates deleted; the record
/// stays as a tombstone so old links and the audit log can still name it.
pub fn delete_team(
    acting: Acting<'_>,
    mut team: Team,
    confirm_name: &str,
    holdings: Holdings,
    now: DateTime<Utc>,
) -> Result<Change, DomainError> {
    acting.authorize(Action::DeleteTeam)?;
    if confirm_name != team.name {
        return Err(DomainError::Invalid(format!(
            "to delete the team, type its name exactly: \"{}\"",
            team.name
        )));
    }
    let details = AuditDetail::TeamDeleted {
        members: count(holdings.members.len()),
        invitations: count(holdings.open_invitations.len()),
        templates: count(holdings.templates.len()),
    };
    let mut change = Change::default();
    for member in holdings.members {
        change.absorb(release(&team, member, now));
    }
    for mut invitation in holdings.open_invitations {
        invitation.state = InvitationState::Revoked {
            by: acting.account.id,
            at: now,
        };
        change.put(Put::Invitation(invitation));
    }
    for template in holdings.templates {
        change.delete(Delete::Template(template));
    }
    team.deleted = Some(now);
    change.absorb(team_change(acting, team, AuditAction::TeamDelete, details));
    Ok(change)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::invoice::LineKind;
    use crate::domain::account::Cycle;
    use crate::domain::ids::Counter;
    use crate::domain::policy::Standing;
    use crate::domain::rules::fixtures::{Clinic, account, as_person, billed, now};
    use crate::domain::team::PaymentMethod;

    fn seats(clinic: &Clinic) -> Vec<SeatHolder> {
        [
            &clinic.owner,
            &clinic.admin,
            &clinic.member,
            &clinic.assistant,
        ]
        .into_iter()
        .map(|(account, seat)| crate::domain::rules::membership::holder(account, seat.role))
        .collect()
    }

    #[test]
    fn only_a_pro_account_in_no_team_creates_a_team() {
        let fresh = &mut Counter::default();
        let pro = account(
            fresh,
            "paul@pro.example",
            PersonalPlan::Pro {
                cycle: Cycle::Yearly,
                since: now(),
            },
        );
        let prices = PriceList::default();
        let creating = |who: Account, current| {
            create_team(
                &mut Counter::default(),
                (who, current),
                " Coastal GP ",
                &prices,
                now(),
            )
        };
        let (team, change) = creating(pro.clone(), None).unwrap();
        assert_eq!(team.name, "Coastal GP");
        assert_eq!(team.owner, pro.id);
        assert_eq!(team.cycle, Cycle::Yearly);
        assert_eq!(team.plan, TeamPlan::Pro);
        let owner = change.account(pro.id).unwrap();
        assert_eq!(owner.plan, PersonalPlan::Team);
        // The yearly plan paid today is taken over whole: all of it is credited.
        assert_eq!(
            owner.credit,
            prices.seat_price(TeamKind::Pro, Cycle::Yearly)
        );
        assert!(
            change
                .puts
                .iter()
                .any(|put| matches!(put, Put::BillingAccount(a) if a.team == team.id))
        );
        let free = account(fresh, "fay@free.example", PersonalPlan::Free);
        let refusal = creating(free, None).unwrap_err();
        assert!(refusal.to_string().contains("Pro plan"));
        let clinic = Clinic::new();
        let refusal = creating(pro, Some(&clinic.team)).unwrap_err();
        assert!(refusal.to_string().contains("one team at a time"));
    }

    #[test]
    fn admins_change_the_plan_and_the_first_upgrade_starts_a_trial() {
        let clinic = Clinic::pro();
        for (standing, person) in clinic.people() {
            let upgraded = as_person(&clinic, person, |acting| {
                billed(&clinic, |biller| {
                    upgrade(acting, clinic.team.clone(), &[], biller, now())
                })
            });
            let allowed = matches!(standing, Standing::Owner | Standing::Admin);
            assert_eq!(upgraded.is_ok(), allowed, "{standing:?}");
        }
        let mut fresh_team = clinic.team.clone();
        fresh_team.trial_used = false;
        let seats = seats(&clinic);
        let change = as_person(&clinic, &clinic.owner.0, |acting| {
            billed(&clinic, |biller| {
                upgrade(acting, fresh_team, &seats, biller, now())
            })
        })
        .unwrap();
        let team = change.team().unwrap();
        assert_eq!(team.trial_days_left(now()), Some(CLINIC_TRIAL_DAYS));
        assert_eq!(team.kind_at(now()), TeamKind::Clinic);
        assert_eq!(
            change.adjustments().count(),
            0,
            "a trial is billed at the Pro rate"
        );
        // Upgrading again after the trial was used bills Clinic from today, per billed seat.
        let again = as_person(&clinic, &clinic.owner.0, |acting| {
            billed(&clinic, |biller| {
                upgrade(acting, clinic.team.clone(), &seats, biller, now())
            })
        })
        .unwrap();
        assert_eq!(again.adjustments().count(), 3);
        assert!(
            again
                .adjustments()
                .all(|a| a.line.kind == LineKind::PriceChanged && a.line.amount > 0)
        );
    }

    #[test]
    fn downgrading_is_refused_while_assistants_are_present() {
        let clinic = Clinic::new();
        let refusal = as_person(&clinic, &clinic.owner.0, |acting| {
            let holding = Downgrade {
                assistants: &["Ash <ash@bondi.example>".into()],
                templates: 0,
                seats: &[],
            };
            billed(&clinic, |biller| {
                downgrade(acting, clinic.team.clone(), holding, biller, now())
            })
        })
        .unwrap_err();
        assert!(refusal.to_string().contains("Ash <ash@bondi.example>"));
        let seats = seats(&clinic);
        let change = as_person(&clinic, &clinic.owner.0, |acting| {
            let holding = Downgrade {
                assistants: &[],
                templates: 3,
                seats: &seats,
            };
            billed(&clinic, |biller| {
                downgrade(acting, clinic.team.clone(), holding, biller, now())
            })
        })
        .unwrap();
        assert_eq!(change.team().unwrap().plan, TeamPlan::Pro);
        assert!(
            change.adjustments().all(|a| a.line.amount < 0),
            "Pro costs less from today"
        );
        assert_eq!(
            change.audit[0].details,
            AuditDetail::Downgraded { templates: 3 }
        );
    }

    #[test]
    fn a_trial_without_a_card_returns_to_pro_and_releases_the_assistants() {
        let mut clinic = Clinic::new();
        clinic.team.session_sharing = true;
        clinic.team.plan = TeamPlan::ClinicTrial {
            started_at: now(),
            ends_at: now() + Duration::days(CLINIC_TRIAL_DAYS),
        };
        let before_end = now() + Duration::days(13);
        let settle = |team: Team, assistants, at| {
            billed(&clinic, |biller| {
                settle_trial(team, (assistants, &seats(&clinic)), biller, at)
            })
        };
        assert!(settle(clinic.team.clone(), Vec::new(), before_end).is_none());
        let ended = now() + Duration::days(14);
        let assistant = clinic.assistant.0.clone();
        let change = settle(clinic.team.clone(), vec![assistant.clone()], ended).unwrap();
        assert_eq!(
            change.adjustments().count(),
            0,
            "back to Pro: the rate stays"
        );
        let team = change.team().unwrap();
        assert_eq!(team.plan, TeamPlan::Pro);
        assert!(!team.session_sharing);
        assert_eq!(
            change.account(assistant.id).unwrap().plan,
            PersonalPlan::Free
        );
        assert_eq!(change.audit[0].by, AuditBy::System);
        let with_card = Team {
            payment_method: Some(PaymentMethod {
                brand: "visa".into(),
                last4: "4242".into(),
                expiry_month: 12,
                expiry_year: 2030,
            }),
            ..clinic.team.clone()
        };
        let kept = settle(with_card, Vec::new(), ended).unwrap();
        assert_eq!(kept.team().unwrap().plan, TeamPlan::Clinic);
        let raised = kept
            .adjustments()
            .map(|a| a.line.clone())
            .collect::<Vec<_>>();
        assert_eq!(raised.len(), 3, "each billed seat moves to the Clinic rate");
        assert!(raised.iter().all(|line| line.from == ended.date_naive()));
    }

    #[test]
    fn settings_change_together_and_session_sharing_needs_clinic() {
        let clinic = Clinic::new();
        let all = Settings {
            name: Some("Bondi GP".into()),
            session_sharing: Some(true),
            language: Some(Language::Pl),
        };
        let change = as_person(&clinic, &clinic.admin.0, |acting| {
            change_settings(acting, clinic.team.clone(), &all, now())
        })
        .unwrap();
        let team = change.team().unwrap();
        assert_eq!(
            (team.name.as_str(), team.session_sharing, team.language),
            ("Bondi GP", true, Language::Pl)
        );
        assert_eq!(change.audit.len(), 3);
        let pro = Clinic::pro();
        let refusal = as_person(&pro, &pro.owner.0, |acting| {
            change_settings(acting, pro.team.clone(), &all, now())
        })
        .unwrap_err();
        assert!(refusal.to_string().contains("Clinic plan"));
        let member = as_person(&clinic, &clinic.member.0, |acting| {
            change_settings(acting, clinic.team.clone(), &all, now())
        });
        assert_eq!(member.unwrap_err().exit_code(), 3);
    }

    #[test]
    fn only_the_owner_transfers_ownership_and_only_to_another_admin() {
        let clinic = Clinic::new();
        let (adam, adam_seat) = &clinic.admin;
        for (standing, person) in clinic.people() {
            let moved = as_person(&clinic, person, |acting| {
                transfer_ownership(acting, clinic.team.clone(), adam, adam_seat)
            });
            assert_eq!(moved.is_ok(), standing == Standing::Owner, "{standing:?}");
        }
        let (mo, mo_seat) = &clinic.member;
        let refusal = as_person(&clinic, &clinic.owner.0, |acting| {
            transfer_ownership(acting, clinic.team.clone(), mo, mo_seat)
        })
        .unwrap_err();
        assert!(refusal.to_string().contains("only to another admin"));
    }

    #[test]
    fn only_the_owner_deletes_the_team_typing_its_name() {
        let clinic = Clinic::new();
        let holdings = || Holdings {
            members: vec![clinic.member.0.clone()],
            ..Holdings::default()
        };
        for (standing, person) in clinic.people() {
            let deleted = as_person(&clinic, person, |acting| {
                delete_team(acting, clinic.team.clone(), "Bondi", holdings(), now())
            });
            assert_eq!(deleted.is_ok(), standing == Standing::Owner, "{standing:?}");
        }
        let mistyped = as_person(&clinic, &clinic.owner.0, |acting| {
            delete_team(acting, clinic.team.clone(), "bondi", holdings(), now())
        });
        assert_eq!(mistyped.unwrap_err().exit_code(), 6);
        let change = as_person(&clinic, &clinic.owner.0, |acting| {
            delete_team(acting, clinic.team.clone(), "Bondi", holdings(), now())
        })
        .unwrap();
        assert_eq!(change.team().unwrap().deleted, Some(now()));
        assert_eq!(
            change.account(clinic.member.0.id).unwrap().plan,
            PersonalPlan::Free
        );
    }
}
