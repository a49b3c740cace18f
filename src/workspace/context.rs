//! Who is acting on which team, and the small pieces every command shares:
//! resolving the actor and the team, the actor's standings, audit entries and
//! the trial that ends with the clock.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::views::PersonRef;
use super::{Actor, Workspace};
use crate::domain::invitation::day;
use crate::domain::{
    Account, AccountId, Action, AuditAction, AuditEntry, AuditId, DomainError, Email, Membership,
    PersonalPlan, PlanChange, PlanEvent, Role, Standing, Team, TeamId, TeamPlan, authorize,
};
use crate::store::{Reads, Store, Tx, TxError};

/// The actor, the team they act on, and how they stand towards it.
pub(super) struct TeamContext {
    pub actor: Account,
    pub team: Team,
    pub membership: Option<Membership>,
    pub standings: Vec<Standing>,
}

impl TeamContext {
    pub fn authorize(&self, action: Action) -> Result<(), DomainError> {
        authorize(&self.standings, action)
    }

    /// Appends an audit entry for a change the actor made to this team.
    pub fn audit(
        &self,
        tx: &Tx<'_>,
        at: DateTime<Utc>,
        action: AuditAction,
        target: impl Into<String>,
        details: impl Into<String>,
    ) -> Result<(), TxError> {
        audit(
            tx,
            at,
            AuditActor::Account(&self.actor),
            Some(self.team.id),
            action,
            target,
            details,
        )
    }
}

/// An account's standings towards a team: its role there (owner counts as its
/// own standing), plus support when it is staff; outsider when neither.
pub(super) fn standings(
    actor: &Account,
    team: &Team,
    membership: Option<&Membership>,
) -> Vec<Standing> {
    let mut standings = Vec::new();
    if let Some(membership) = membership.filter(|m| m.team == team.id) {
        standings.push(if team.owner == actor.id {
            Standing::Owner
        } else {
            membership.role.standing()
        });
    }
    if actor.is_support() {
        standings.push(Standing::Support);
    }
    if standings.is_empty() {
        standings.push(Standing::Outsider);
    }
    standings
}

impl Workspace {
    /// The account behind an actor.
    pub(super) fn actor_account<R: Reads>(
        &self,
        reads: &R,
        actor: &Actor,
    ) -> Result<Account, R::Fail> {
        match actor {
            Actor::Operator => Err(DomainError::Denied(
                "this needs an acting account: name it with --as EMAIL".into(),
            )
            .into()),
            Actor::Person(email) => reads.account_by_email(email)?.ok_or_else(|| {
                DomainError::not_found(format!(
                    "there is no account with the address {email}: create it with `teamdesk account create`"
                ))
                .into()
            }),
        }
    }

    /// The team an actor means to do `action` on: the one named (by id or
    /// name), else their own. Resolved from committed state before any
    /// transaction starts (sled transactions cannot scan, and plain reads must
    /// not run inside one).
    pub(super) fn team_id_for(
        &self,
        actor: &Actor,
        named: Option<&str>,
        action: Action,
    ) -> Result<TeamId, crate::Error> {
        if let Some(name_or_id) = named {
            return resolve_team(&self.store, name_or_id);
        }
        let account = self.actor_account(&self.store, actor)?;
        if let Some(team) = self.store.team_of(account.id)? {
            return Ok(team);
        }
        if account.is_support() {
            // Staff outside every team: a right they lack is refused as such;
            // a right they hold needs the team named.
            authorize(&[Standing::Support], action)?;
            return Err(DomainError::Invalid(
                "support staff name the team they act on with --team NAME_OR_ID".into(),
            )
            .into());
        }
        Err(DomainError::not_found("you are not in a team").into())
    }

    /// How an actor stands towards the store as a whole, outside any team:
    /// its operator, support staff, or anyone else (an unknown address included).
    fn store_standing(&self, actor: &Actor) -> Result<Standing, crate::Error> {
        Ok(match actor {
            Actor::Operator => Standing::Operator,
            Actor::Person(email) => match self.store.account_by_email(email)? {
                Some(account) if account.is_support() => Standing::Support,
                _ => Standing::Outsider,
            },
        })
    }

    /// Authorises an action on the store as a whole (creating accounts,
    /// export, looking an address up across teams...).
    pub(super) fn authorize_store(
        &self,
        actor: &Actor,
        action: Action,
    ) -> Result<(), crate::Error> {
        Ok(authorize(&[self.store_standing(actor)?], action)?)
    }

    /// Resolves the actor and works out their standings towards a team.
    pub(super) fn team_context<R: Reads>(
        &self,
        reads: &R,
        actor: &Actor,
        team_id: TeamId,
    ) -> Result<TeamContext, R::Fail> {
        let actor = self.actor_account(reads, actor)?;
        let team = live_team(reads, team_id)?;
        let membership = reads.membership(team.id, actor.id)?;
        let standings = standings(&actor, &team, membership.as_ref());
        Ok(TeamContext {
            actor,
            team,
            membership,
            standings,
        })
    }
}

/// A team by id or by name (names are not unique; an ambiguous name asks for the id).
pub(super) fn resolve_team(store: &Store, name_or_id: &str) -> Result<TeamId, crate::Error> {
    if let Ok(id) = Uuid::parse_str(name_or_id.trim()) {
        return Ok(TeamId(id));
    }
    let teams = store.teams_named(name_or_id.trim())?;
    match teams.as_slice() {
        [team] => Ok(team.id),
        [] => Err(DomainError::not_found(format!(
            "there is no team named \"{}\"",
            name_or_id.trim()
        ))
        .into()),
        several => Err(DomainError::Invalid(format!(
            "{} teams are named \"{}\": name one by its id ({})",
            several.len(),
            name_or_id.trim(),
            several
                .iter()
                .map(|t| t.id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into()),
    }
}

/// A team that exists and has not been deleted.
pub(super) fn live_team<R: Reads>(reads: &R, id: TeamId) -> Result<Team, R::Fail> {
    match reads.team(id)? {
        Some(team) if team.deleted.is_none() => Ok(team),
        Some(team) => Err(DomainError::not_found(format!(
            "the team \"{}\" was deleted on {}",
            team.name,
            day(team.deleted.unwrap_or(team.created_at))
        ))
        .into()),
        None => Err(DomainError::not_found(format!("there is no team with id {id}")).into()),
    }
}

/// A person as named in views; accounts are never deleted, so a missing one is damage.
pub(super) fn person_ref<R: Reads>(reads: &R, id: AccountId) -> Result<PersonRef, R::Fail> {
    Ok(match reads.account(id)? {
        Some(account) => PersonRef {
            name: account.name,
            email: account.email.to_string(),
        },
        None => PersonRef {
            name: "(unknown account)".into(),
            email: id.to_string(),
        },
    })
}

/// The people named in one view, each read from the store once: a list of
/// 100,000 invitations names the same few admins over and over.
pub(super) struct People<'a> {
    store: &'a Store,
    known: std::collections::HashMap<AccountId, PersonRef>,
}

impl<'a> People<'a> {
    pub fn new(store: &'a Store) -> Self {
        Self {
            store,
            known: std::collections::HashMap::new(),
        }
    }

    pub fn get(&mut self, id: AccountId) -> Result<PersonRef, crate::Error> {
        if let Some(person) = self.known.get(&id) {
            return Ok(person.clone());
        }
        let person = person_ref(self.store, id)?;
        self.known.insert(id, person.clone());
        Ok(person)
    }
}

/// A member of the team, by address.
pub(super) fn member_by_email<R: Reads>(
    reads: &R,
    team: &Team,
    email: &str,
) -> Result<(Account, Membership), R::Fail> {
    let email = crate::domain::Email::parse(email)?;
    let not_member =
        || DomainError::not_found(format!("{email} is not a member of \"{}\"", team.name));
    let account = reads.account_by_email(&email)?.ok_or_else(not_member)?;
    let membership = reads
        .membership(team.id, account.id)?
        .ok_or_else(not_member)?;
    Ok((account, membership))
}

/// Who an audit entry names as having made the change.
#[derive(Clone, Copy)]
pub(super) enum AuditActor<'a> {
    /// The clock (a trial ending).
    System,
    /// The store's operator (accounts created, imports).
    Operator,
    /// A person with an account.
    Account(&'a Account),
    /// Someone who signed in with an address that has no account yet.
    Address(&'a Email),
}

impl AuditActor<'_> {
    fn id(self) -> Option<AccountId> {
        match self {
            AuditActor::Account(account) => Some(account.id),
            _ => None,
        }
    }

    fn name(self) -> String {
        match self {
            AuditActor::System => "system".to_owned(),
            AuditActor::Operator => "operator".to_owned(),
            AuditActor::Account(account) => account.email.to_string(),
            AuditActor::Address(email) => email.to_string(),
        }
    }
}

/// Appends one audit entry in the same transaction as the change it records.
pub(super) fn audit(
    tx: &Tx<'_>,
    at: DateTime<Utc>,
    actor: AuditActor<'_>,
    team: Option<TeamId>,
    action: AuditAction,
    target: impl Into<String>,
    details: impl Into<String>,
) -> Result<(), TxError> {
    tx.append_audit(&AuditEntry {
        id: AuditId::generate(),
        at,
        actor: actor.id(),
        actor_email: actor.name(),
        team,
        action,
        target: target.into(),
        details: details.into(),
    })
}

impl Workspace {
    /// The team an actor changes something in, once the actor is authorised
    /// for `action`, with a Clinic trial that has ended recorded first.
    /// Callers hold the writer lock.
    pub(super) fn team_for_change(
        &self,
        actor: &Actor,
        named: Option<&str>,
        action: Action,
        now: DateTime<Utc>,
    ) -> Result<TeamId, crate::Error> {
        let team = self.team_id_for(actor, named, action)?;
        // Authorised first: nobody without the right causes any write to the
        // team, the end of its trial included.
        self.team_context(&self.store, actor, team)?
            .authorize(action)?;
        self.settle_due_trial(team, now)?;
        Ok(team)
    }

    /// Records the end of a Clinic trial the first time it is observed
    /// (SPEC §2): the team stays Clinic with a card on file, and otherwise
    /// returns to Pro. Pro has no collaboration tools: session sharing switches
    /// off, templates are kept but hidden, and assistants (a Clinic seat) return
    /// to the free plan, as when removed. Callers hold the writer lock.
    pub(super) fn settle_due_trial(
        &self,
        team_id: TeamId,
        now: DateTime<Utc>,
    ) -> Result<(), crate::Error> {
        let Some(team) = self.store.team(team_id)? else {
            return Ok(());
        };
        let Some(outcome) = team.trial_outcome(now) else {
            return Ok(());
        };
        let assistants: Vec<Membership> = match outcome {
            TeamPlan::Pro => self
                .store
                .members_of(team_id)?
                .into_iter()
                .filter(|m| m.role == Role::Assistant)
                .collect(),
            _ => Vec::new(),
        };
        self.write(now, |tx| {
            let mut team = live_team(tx, team_id)?;
            let details = match outcome {
                TeamPlan::Pro => {
                    team.session_sharing = false;
                    for assistant in &assistants {
                        release_member(tx, &team, assistant.account, now)?;
                    }
                    format!(
                        "the Clinic trial ended without a payment method on file: the team returned to Pro; shared templates are kept but hidden; {} assistant(s) returned to the free plan",
                        assistants.len()
                    )
                }
                _ => "the Clinic trial ended; a payment method is on file, so the team stays on Clinic".to_owned(),
            };
            team.plan = outcome;
            tx.put_team(&team)?;
            audit(tx, now, AuditActor::System, Some(team.id), AuditAction::TrialEnd, team.name.clone(), details)
        })?;
        self.announce(Some(team_id), AuditAction::TrialEnd, now);
        Ok(())
    }
}

/// Takes an account out of a team: membership gone, back on the free plan (R7).
pub(super) fn release_member(
    tx: &Tx<'_>,
    team: &Team,
    account: AccountId,
    now: DateTime<Utc>,
) -> Result<(), TxError> {
    tx.remove_membership(team.id, account)?;
    if let Some(mut account) = tx.account(account)? {
        account.plan = PersonalPlan::Free;
        account.plan_history.push(PlanEvent {
            at: now,
            team: team.id,
            team_name: team.name.clone(),
            change: PlanChange::ReturnedToFree,
        });
        tx.put_account(&account)?;
    }
    Ok(())
}

/// How many members hold each kind of seat: (billable, assistants).
pub(super) fn seat_counts(members: &[Membership]) -> (usize, usize) {
    let assistants = members.iter().filter(|m| m.role == Role::Assistant).count();
    (members.len() - assistants, assistants)
}
