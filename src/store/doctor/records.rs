//! The invariants between records, checked a record at a time: each kind
//! is met whole before the next (accounts, teams, memberships, invitations,
//! templates, audit, outbox, billing), and only compact facts are kept
//! (ids, an address's hash, a team's name), never the records themselves.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::NaiveDate;

use crate::billing::invoice::Invoice;
use crate::billing::ledger::{Adjustment, BillingAccount};
use crate::domain::outbox::{MAX_ATTEMPTS, OutboxMessage};
use crate::domain::records::{CheckedRecord, stored_email};
use crate::domain::template::name_key;
use crate::domain::{
    Account, AccountId, AuditEntry, DomainError, Email, Invitation, InvitationId, InvitationState,
    Membership, PersonalPlan, Role, Team, TeamId, TeamPlan, Template,
};

/// A 128-bit hash of an address: two addresses would share one by chance
/// about once in 10^38 pairs.
pub fn address_hash(email: &Email) -> u128 {
    let mut low = DefaultHasher::new();
    let mut high = DefaultHasher::new();
    0u8.hash(&mut low);
    1u8.hash(&mut high);
    email.as_str().hash(&mut low);
    email.as_str().hash(&mut high);
    (u128::from(high.finish()) << 64) | u128::from(low.finish())
}

/// What the checks keep of an account.
pub struct Person {
    pub email: Email,
    pub name: String,
    plan: PersonalPlan,
}

/// What the checks keep of a team.
pub struct TeamFacts {
    pub name: String,
    pub owner: AccountId,
    deleted: bool,
    pro: bool,
    has_admin: bool,
    owner_role: Option<Role>,
}

/// A reference from one invitation to another, checked once every
/// invitation has been met.
enum InvitationRef {
    Replaces(InvitationId, InvitationId),
    State(InvitationId, InvitationId),
}

/// The checks of every record invariant, fed a record at a time.
#[derive(Default)]
pub struct Checker {
    /// Also report ids met twice (an export's records; a store's keys are unique).
    repeated_ids: bool,
    problems: Vec<String>,
    pub accounts: BTreeMap<AccountId, Person>,
    by_address: HashMap<u128, AccountId>,
    /// Every SSH key's fingerprint met, and whose: a key signs in as one account.
    by_key: HashMap<String, AccountId>,
    pub teams: BTreeMap<TeamId, TeamFacts>,
    team_of: HashMap<AccountId, TeamId>,
    memberships: HashSet<(TeamId, AccountId)>,
    invitation_ids: Vec<InvitationId>,
    invitations_sorted: bool,
    /// In export mode: every invitation id met, to find one met twice.
    invitations_seen: HashSet<InvitationId>,
    invitation_refs: Vec<InvitationRef>,
    tokens: HashSet<u128>,
    open: HashSet<(TeamId, u128)>,
    template_ids: HashSet<crate::domain::TemplateId>,
    template_names: HashSet<(TeamId, String)>,
    audit_ids: HashSet<crate::domain::AuditId>,
    message_ids: HashSet<crate::domain::MessageId>,
    billing_accounts: HashSet<TeamId>,
    invoices: HashSet<(TeamId, NaiveDate)>,
    adjustments: HashSet<crate::domain::ids::AdjustmentId>,
}

fn field_problems<R: CheckedRecord>(record: &R) -> impl Iterator<Item = String> + '_ {
    record
        .field_problems()
        .into_iter()
        .map(move |problem| format!("{}: {problem}", record.label()))
}

impl Checker {
    /// A checker of a store's records, or of an export's (`repeated_ids`).
    pub fn new(repeated_ids: bool) -> Self {
        Self {
            repeated_ids,
            ..Self::default()
        }
    }

    fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    /// Notes `id` and reports it when it was met before (in export mode).
    fn once<K: Eq + Hash>(repeated_ids: bool, seen: &mut HashSet<K>, id: K) -> bool {
        !repeated_ids || seen.insert(id)
    }

    pub fn account(&mut self, account: &Account) {
        if self.repeated_ids && self.accounts.contains_key(&account.id) {
            self.problem(format!("two accounts have the id {}", account.id));
        }
        self.problems.extend(field_problems(account));
        if account.credit < 0 {
            self.problem(format!("{} has a negative credit", account.email));
        }
        if self
            .by_address
            .insert(address_hash(&account.email), account.id)
            .is_some()
        {
            self.problem(format!("two accounts share the address {}", account.email));
        }
        for key in account.keys() {
            let fingerprint = key.fingerprint();
            match self.by_key.insert(fingerprint.to_owned(), account.id) {
                None => {}
                Some(holder) if holder == account.id => self.problem(format!(
                    "{} holds the SSH key {fingerprint} twice",
                    account.email
                )),
                Some(_) => self.problem(format!(
                    "two accounts hold the SSH key {fingerprint}: a key signs in as one account only"
                )),
            }
        }
        self.accounts.insert(
            account.id,
            Person {
                email: account.email.clone(),
                name: account.name.clone(),
                plan: account.plan,
            },
        );
    }

    pub fn team(&mut self, team: &Team) {
        if self.repeated_ids && self.teams.contains_key(&team.id) {
            self.problem(format!("two teams have the id {}", team.id));
        }
        self.problems.extend(field_problems(team));
        self.teams.insert(
            team.id,
            TeamFacts {
                name: team.name.clone(),
                owner: team.owner,
                deleted: team.deleted.is_some(),
                pro: team.plan == TeamPlan::Pro,
                has_admin: false,
                owner_role: None,
            },
        );
    }

    /// One team per account, members only of live teams, covered by the
    /// team, assistants only on Clinic teams.
    pub fn membership(&mut self, membership: &Membership) {
        let pair = (membership.team, membership.account);
        if !Self::once(self.repeated_ids, &mut self.memberships, pair) {
            self.problem(format!(
                "account {} is listed twice as a member of team {}",
                membership.account, membership.team
            ));
        }
        let Some(account) = self.accounts.get(&membership.account) else {
            self.problem(format!(
                "a membership of team {} names a missing account",
                membership.team
            ));
            return;
        };
        let email = account.email.clone();
        let plan = (account.plan != PersonalPlan::Team).then(|| account.plan.label());
        let Some(team) = self.teams.get_mut(&membership.team) else {
            self.problem(format!("{email} is a member of a missing team"));
            return;
        };
        team.has_admin |= membership.role == Role::Admin;
        if team.owner == membership.account {
            team.owner_role = Some(membership.role);
        }
        let (name, deleted, pro) = (team.name.clone(), team.deleted, team.pro);
        if deleted {
            self.problem(format!(
                "{email} is still a member of the deleted team {name}"
            ));
        }
        if let Some(other) = self.team_of.insert(membership.account, membership.team)
            && other != membership.team
        {
            self.problem(format!(
                "{email} is in two teams ({other} and {})",
                membership.team
            ));
        }
        if let Some(plan) = plan {
            self.problem(format!(
                "{email} is in team {name} but pays for plan {plan} personally"
            ));
        }
        if membership.role == Role::Assistant && pro {
            self.problem(format!("{email} is an assistant in the Pro team {name}"));
        }
    }

    /// An invitation's references, its token, and one open invitation per
    /// address and team, to a live team, for someone not already in it.
    pub fn invitation(&mut self, invitation: &Invitation) {
        let id = invitation.id;
        if !Self::once(self.repeated_ids, &mut self.invitations_seen, id) {
            self.problem(format!("two invitations have the id {id}"));
        }
        self.invitation_ids.push(id);
        self.invitations_sorted = false;
        self.problems.extend(field_problems(invitation));
        if !self.accounts.contains_key(&invitation.invited_by) {
            self.problem(format!("invitation {id} was sent by a missing account"));
        }
        if let Some(old) = invitation.replaces {
            self.invitation_refs.push(InvitationRef::Replaces(id, old));
        }
        let state_names_a_record = match invitation.state {
            InvitationState::Pending => true,
            InvitationState::Revoked { by, .. } | InvitationState::Accepted { account: by, .. } => {
                self.accounts.contains_key(&by)
            }
            InvitationState::Superseded { by, .. } => {
                self.invitation_refs.push(InvitationRef::State(id, by));
                true
            }
        };
        if !state_names_a_record {
            self.problem(format!(
                "invitation {id} names a missing record in its state"
            ));
        }
        self.invitation_in_team(invitation);
    }

    fn invitation_in_team(&mut self, invitation: &Invitation) {
        let Some(team) = self.teams.get(&invitation.team) else {
            self.problem(format!(
                "an invitation for {} names a missing team",
                invitation.email
            ));
            return;
        };
        let (name, deleted) = (team.name.clone(), team.deleted);
        if !self.tokens.insert(u128::from_be_bytes(
            invitation.token_hash[..16].try_into().expect("16 bytes"),
        )) {
            self.problem(format!(
                "two invitations share a token (one is for {})",
                invitation.email
            ));
        }
        if !invitation.is_open() {
            return;
        }
        if deleted {
            self.problem(format!(
                "{} has an open invitation to the deleted team {name}",
                invitation.email
            ));
        }
        let address = address_hash(&invitation.email);
        if !self.open.insert((invitation.team, address)) {
            self.problem(format!(
                "{} has two open invitations to team {name}",
                invitation.email
            ));
        }
        let member_of = self
            .by_address
            .get(&address)
            .and_then(|account| self.team_of.get(account));
        if member_of == Some(&invitation.team) {
            self.problem(format!(
                "{} has a pending invitation to team {name} while already a member of it",
                invitation.email
            ));
        }
    }

    /// Whether an invitation with `id` was met (every one has been, by now).
    fn invitation_known(&mut self, id: InvitationId) -> bool {
        if !self.invitations_sorted {
            self.invitation_ids.sort_unstable();
            self.invitations_sorted = true;
        }
        self.invitation_ids.binary_search(&id).is_ok()
    }

    /// Templates of live teams, one name (ignoring case) per team.
    pub fn template(&mut self, template: &Template) {
        if !Self::once(self.repeated_ids, &mut self.template_ids, template.id) {
            self.problem(format!("two templates have the id {}", template.id));
        }
        self.problems.extend(field_problems(template));
        if !(self.accounts.contains_key(&template.created_by)
            && self.accounts.contains_key(&template.updated_by))
        {
            self.problem(format!("template {} names a missing author", template.id));
        }
        match self.teams.get(&template.team) {
            None => self.problem(format!(
                "template {} belongs to a missing team",
                template.name
            )),
            Some(team) if team.deleted => self.problem(format!(
                "template {} survives its deleted team",
                template.name
            )),
            Some(_) => {}
        }
        if !self
            .template_names
            .insert((template.team, name_key(&template.name)))
        {
            self.problem(format!(
                "two templates of one team are named {}",
                template.name
            ));
        }
    }

    pub fn audit(&mut self, entry: &AuditEntry) {
        if !Self::once(self.repeated_ids, &mut self.audit_ids, entry.id) {
            self.problem(format!("two audit entries have the id {}", entry.id));
        }
        self.problems.extend(field_problems(entry));
        if !entry.actor.is_none_or(|id| self.accounts.contains_key(&id)) {
            self.problem(format!("audit entry {} names a missing account", entry.id));
        }
        if !entry.team.is_none_or(|id| self.teams.contains_key(&id)) {
            self.problem(format!("audit entry {} names a missing team", entry.id));
        }
    }

    pub fn message(&mut self, message: &OutboxMessage) {
        if !Self::once(self.repeated_ids, &mut self.message_ids, message.id) {
            self.problem(format!("two outbox messages have the id {}", message.id));
        }
        self.problems.extend(field_problems(message));
        if !self.teams.contains_key(&message.team) {
            self.problem(format!(
                "outbox message {} is for a missing team",
                message.id
            ));
        }
        if !self.invitation_known(message.invitation) {
            self.problem(format!(
                "outbox message {} carries a missing invitation",
                message.id
            ));
        }
    }

    /// R11: one billing account per team, never owing credit.
    pub fn billing_account(&mut self, account: &BillingAccount) {
        if !self.billing_accounts.insert(account.team) {
            self.problem(format!("team {} has two billing accounts", account.team));
        }
        if !self.teams.contains_key(&account.team) {
            self.problem(format!(
                "a billing account is for the missing team {}",
                account.team
            ));
        }
        if account.credit < 0 {
            self.problem(format!(
                "the billing account of team {} owes credit",
                account.team
            ));
        }
    }

    pub fn adjustment(&mut self, adjustment: &Adjustment) {
        if !self.adjustments.insert(adjustment.id) {
            self.problem(format!(
                "two billing adjustments have the id {}",
                adjustment.id
            ));
        }
        if !self.teams.contains_key(&adjustment.team) {
            self.problem(format!(
                "billing adjustment {} is for a missing team",
                adjustment.id
            ));
        }
    }

    /// One invoice per team and period, totals the exact sums of their lines.
    pub fn invoice(&mut self, invoice: &Invoice) {
        if !self.invoices.insert((invoice.team, invoice.period.start)) {
            self.problem(format!(
                "team {} has two invoices for the period from {}",
                invoice.team, invoice.period.start
            ));
        }
        let sum: i64 = invoice.lines.iter().map(|line| line.amount).sum();
        if sum != invoice.total || invoice.total < 0 {
            self.problem(format!(
                "the invoice of team {} from {} totals {} but its lines sum to {sum}",
                invoice.team, invoice.period.start, invoice.total
            ));
        }
        if !self.teams.contains_key(&invoice.team) {
            self.problem(format!(
                "an invoice is for the missing team {}",
                invoice.team
            ));
        }
    }

    /// The checks that needed every record: references between
    /// invitations, owners and admins, accounts covered by no team. Returns
    /// every problem found; the facts stay for the index checks.
    pub fn finish(&mut self) -> Vec<String> {
        let refs = std::mem::take(&mut self.invitation_refs);
        for reference in refs {
            match reference {
                InvitationRef::Replaces(id, old) if !self.invitation_known(old) => {
                    self.problem(format!("invitation {id} replaces a missing invitation"));
                }
                InvitationRef::State(id, by) if !self.invitation_known(by) => {
                    self.problem(format!(
                        "invitation {id} names a missing record in its state"
                    ));
                }
                _ => {}
            }
        }
        let mut late = Vec::new();
        for (id, person) in &self.accounts {
            if person.plan == PersonalPlan::Team && !self.team_of.contains_key(id) {
                late.push(format!(
                    "{} is covered by a team but is in none",
                    person.email
                ));
            }
        }
        for team in self.teams.values().filter(|team| !team.deleted) {
            if !team.has_admin {
                late.push(format!("team {} has no admin", team.name));
            }
            match team.owner_role {
                None => late.push(format!(
                    "the owner of team {} is not a member of it",
                    team.name
                )),
                Some(role) if role != Role::Admin => {
                    late.push(format!("the owner of team {} is not an admin", team.name))
                }
                Some(_) => {}
            }
        }
        self.problems.extend(late);
        std::mem::take(&mut self.problems)
    }

    /// A person's name as rows show it.
    pub fn name_of(&self, id: AccountId) -> &str {
        self.accounts
            .get(&id)
            .map_or(crate::store::derived::UNKNOWN_NAME, |p| p.name.as_str())
    }
}

/// Outbox messages hold an address and the attempts made; a mail server's
/// replies are kept as they came and made safe wherever they are shown.
impl CheckedRecord for OutboxMessage {
    fn label(&self) -> String {
        format!("outbox message {}", self.id)
    }

    fn field_problems(&self) -> Vec<DomainError> {
        let mut problems: Vec<DomainError> =
            stored_email(self.to.as_str()).err().into_iter().collect();
        if self.attempts.len() > MAX_ATTEMPTS {
            problems.push(DomainError::Invalid(format!(
                "it records {} attempts, more than the {MAX_ATTEMPTS} ever made",
                self.attempts.len()
            )));
        }
        problems
    }
}
