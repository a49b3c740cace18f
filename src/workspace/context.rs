//! Who is acting on which team: resolving the actor and the team, and the
//! actor's standings, worked out by the domain's one `standings` function.

use uuid::Uuid;

use super::views::PersonRef;
use super::{Actor, TeamChoice, Workspace};
use crate::domain::rules::Acting;
use crate::domain::{
    Account, AccountId, Action, DomainError, Email, Membership, Standing, Team, TeamId, authorize,
    policy::{Who, standings},
};
use crate::store::{Reads, Store};

/// The account with the address `email`, or why there is none (exit 4).
pub(super) fn account_named<R: Reads>(reads: &R, email: &Email) -> Result<Account, R::Fail> {
    reads.account_by_email(email)?.ok_or_else(|| {
        DomainError::not_found(format!(
            "there is no account with the address {email}: create it with `teamdesk account create`"
        ))
        .into()
    })
}

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

    /// The actor as the domain's rules take them.
    pub fn acting(&self) -> Acting<'_> {
        Acting {
            account: &self.actor,
            standings: &self.standings,
        }
    }
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
            Actor::Person(email) => account_named(reads, email),
        }
    }

    /// Authorises an action on the store as a whole, outside any team
    /// (creating accounts, export, looking an address up across teams...).
    pub(super) fn authorize_store(
        &self,
        actor: &Actor,
        action: Action,
    ) -> Result<(), crate::Error> {
        let account;
        let who = match actor {
            Actor::Operator => Who::Operator,
            Actor::Person(email) => match self.store.account_by_email(email)? {
                Some(found) => {
                    account = found;
                    Who::Account(&account)
                }
                None => Who::Stranger,
            },
        };
        Ok(authorize(&standings(who, None), action)?)
    }

    /// The team an actor means to do `action` on: their own, or the one they
    /// name. Support staff may name any team, by name or id; anyone else may
    /// name only their own, and naming another gets the refusal a stranger
    /// to it gets, whether or not such a team exists. Resolved from
    /// committed state before any transaction starts (sled transactions
    /// cannot scan).
    pub(super) fn team_id_for(
        &self,
        actor: &Actor,
        choice: &TeamChoice,
        action: Action,
    ) -> Result<TeamId, crate::Error> {
        let account = self.actor_account(&self.store, actor)?;
        let own = self.store.team_of(account.id)?;
        let chosen = match choice {
            TeamChoice::Own => return own_team(&account, own, action),
            TeamChoice::Id(id) if account.is_support() => *id,
            TeamChoice::Named(name_or_id) if account.is_support() => {
                return resolve_team(&self.store, name_or_id);
            }
            TeamChoice::Id(id) => *id,
            TeamChoice::Named(name_or_id) => match own {
                Some(own) if self.names_team(own, name_or_id)? => own,
                _ => return Err(refused_as_stranger(action).into()),
            },
        };
        if account.is_support() || own == Some(chosen) {
            Ok(chosen)
        } else {
            Err(refused_as_stranger(action).into())
        }
    }

    /// Whether `name_or_id` names the team `id`.
    fn names_team(&self, id: TeamId, name_or_id: &str) -> Result<bool, crate::Error> {
        let wanted = name_or_id.trim();
        if Uuid::parse_str(wanted).is_ok_and(|uuid| uuid == id.0) {
            return Ok(true);
        }
        Ok(self
            .store
            .team(id)?
            .is_some_and(|team| team.name.to_lowercase() == wanted.to_lowercase()))
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
        let standings = standings(Who::Account(&actor), Some((&team, membership.as_ref())));
        Ok(TeamContext {
            actor,
            team,
            membership,
            standings,
        })
    }
}

/// The actor's own team, or why they have none to act on.
fn own_team(
    account: &Account,
    own: Option<TeamId>,
    action: Action,
) -> Result<TeamId, crate::Error> {
    match own {
        Some(own) => Ok(own),
        // Staff outside every team: a right they lack is refused as such; a
        // right they hold needs the team named.
        None if account.is_support() => {
            authorize(&[Standing::Support], action)?;
            Err(DomainError::Invalid(
                "support staff name the team they act on with --team NAME_OR_ID".into(),
            )
            .into())
        }
        None => Err(DomainError::not_found("you are not in a team").into()),
    }
}

/// The refusal someone gets for a team they are not in: the policy's, as
/// for any stranger to it, telling nothing of whether the team exists.
fn refused_as_stranger(action: Action) -> DomainError {
    authorize(&[Standing::Outsider], action)
        .err()
        .unwrap_or_else(|| DomainError::not_found("you are not in that team"))
}

/// A team by id or by name, for support staff (names are not unique; an
/// ambiguous name asks for the id).
fn resolve_team(store: &Store, name_or_id: &str) -> Result<TeamId, crate::Error> {
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
    let team = reads
        .team(id)?
        .ok_or_else(|| DomainError::not_found(format!("there is no team with id {id}")))?;
    team.check_live()?;
    Ok(team)
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
