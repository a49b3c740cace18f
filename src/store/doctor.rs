//! `doctor`: checks every invariant the rules promise, on a whole store.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

use serde::Serialize;

use super::dump::Dump;
use super::{Store, StoreError, TreeName, keys};
use crate::domain::outbox::MAX_ATTEMPTS;
use crate::domain::outbox::OutboxMessage;
use crate::domain::records::{CheckedRecord, stored_email};
use crate::domain::template::name_key;
use crate::domain::{
    AccountId, DomainError, Email, InvitationState, PersonalPlan, Role, Team, TeamId, TeamPlan,
};

/// What `doctor` looked at and what it found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub accounts: usize,
    pub teams: usize,
    pub memberships: usize,
    pub invitations: usize,
    pub templates: usize,
    pub audit_entries: usize,
    pub problems: Vec<String>,
}

impl Report {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks records and indexes of an open store.
pub fn examine(store: &Store) -> Result<Report, StoreError> {
    let dump = Dump::load(store)?;
    let mut problems = check_records(&dump);
    problems.extend(check_indexes(store, &dump)?);
    Ok(Report {
        accounts: dump.accounts.len(),
        teams: dump.teams.len(),
        memberships: dump.memberships.len(),
        invitations: dump.invitations.len(),
        templates: dump.templates.len(),
        audit_entries: dump.audit.len(),
        problems,
    })
}

/// Every problem of the records themselves (no index involved), so an export
/// can be checked before it is imported: repeated ids first, then fields no
/// command would have written, then broken invariants between records.
pub fn check_records(dump: &Dump) -> Vec<String> {
    let mut problems = repeated_ids(dump);
    problems.extend(field_problems(&dump.accounts));
    problems.extend(field_problems(&dump.teams));
    problems.extend(field_problems(&dump.invitations));
    problems.extend(field_problems(&dump.templates));
    problems.extend(field_problems(&dump.audit));
    problems.extend(field_problems(&dump.outbox));
    problems.extend(check_references(dump));
    problems.extend(check_relations(dump));
    problems.extend(check_billing(dump));
    problems
}

/// R11: one billing account per team, invoices whose totals are the exact
/// sums of their lines and never negative, one invoice per team and period,
/// credit never below zero, and every billing record for a team that exists.
fn check_billing(dump: &Dump) -> Vec<String> {
    let teams: HashSet<_> = dump.teams.iter().map(|t| t.id).collect();
    let mut problems = repeated(dump.billing_accounts.iter().map(|a| a.team), |team| {
        format!("team {team} has two billing accounts")
    });
    problems.extend(repeated(
        dump.invoices.iter().map(|i| (i.team, i.period.start)),
        |(team, start)| format!("team {team} has two invoices for the period from {start}"),
    ));
    problems.extend(repeated(dump.adjustments.iter().map(|a| a.id), |id| {
        format!("two billing adjustments have the id {id}")
    }));
    for account in &dump.billing_accounts {
        if !teams.contains(&account.team) {
            problems.push(format!(
                "a billing account is for the missing team {}",
                account.team
            ));
        }
        if account.credit < 0 {
            problems.push(format!(
                "the billing account of team {} owes credit",
                account.team
            ));
        }
    }
    for invoice in &dump.invoices {
        let sum: i64 = invoice.lines.iter().map(|line| line.amount).sum();
        if sum != invoice.total || invoice.total < 0 {
            problems.push(format!(
                "the invoice of team {} from {} totals {} but its lines sum to {sum}",
                invoice.team, invoice.period.start, invoice.total
            ));
        }
        if !teams.contains(&invoice.team) {
            problems.push(format!(
                "an invoice is for the missing team {}",
                invoice.team
            ));
        }
    }
    for adjustment in &dump.adjustments {
        if !teams.contains(&adjustment.team) {
            problems.push(format!(
                "billing adjustment {} is for a missing team",
                adjustment.id
            ));
        }
    }
    for account in &dump.accounts {
        if account.credit < 0 {
            problems.push(format!("{} has a negative credit", account.email));
        }
    }
    problems
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

fn field_problems<R: CheckedRecord>(records: &[R]) -> impl Iterator<Item = String> + '_ {
    records.iter().flat_map(|record| {
        record
            .field_problems()
            .into_iter()
            .map(move |problem| format!("{}: {problem}", record.label()))
    })
}

/// One problem per key met again, worded by `describe`.
fn repeated<K: Copy + Eq + Hash>(
    keys: impl IntoIterator<Item = K>,
    describe: impl Fn(K) -> String,
) -> Vec<String> {
    let mut seen = HashSet::new();
    keys.into_iter()
        .filter(|&key| !seen.insert(key))
        .map(describe)
        .collect()
}

/// A record whose id is taken twice would silently replace the other on
/// import (a team renamed, a second address reaching one account).
fn repeated_ids(dump: &Dump) -> Vec<String> {
    let mut problems = repeated(dump.accounts.iter().map(|a| a.id), |id| {
        format!("two accounts have the id {id}")
    });
    problems.extend(repeated(dump.teams.iter().map(|t| t.id), |id| {
        format!("two teams have the id {id}")
    }));
    problems.extend(repeated(
        dump.memberships.iter().map(|m| (m.team, m.account)),
        |(team, account)| format!("account {account} is listed twice as a member of team {team}"),
    ));
    problems.extend(repeated(dump.invitations.iter().map(|i| i.id), |id| {
        format!("two invitations have the id {id}")
    }));
    problems.extend(repeated(dump.templates.iter().map(|t| t.id), |id| {
        format!("two templates have the id {id}")
    }));
    problems.extend(repeated(dump.audit.iter().map(|e| e.id), |id| {
        format!("two audit entries have the id {id}")
    }));
    problems.extend(repeated(dump.outbox.iter().map(|m| m.id), |id| {
        format!("two outbox messages have the id {id}")
    }));
    problems
}

/// Every account, team and invitation a record names exists (none is ever
/// deleted: a deleted team keeps its record).
fn check_references(dump: &Dump) -> Vec<String> {
    let accounts: HashSet<_> = dump.accounts.iter().map(|a| a.id).collect();
    let teams: HashSet<_> = dump.teams.iter().map(|t| t.id).collect();
    let invitations: HashSet<_> = dump.invitations.iter().map(|i| i.id).collect();
    let mut problems = Vec::new();
    for invitation in &dump.invitations {
        let id = invitation.id;
        if !accounts.contains(&invitation.invited_by) {
            problems.push(format!("invitation {id} was sent by a missing account"));
        }
        if !invitation
            .replaces
            .is_none_or(|old| invitations.contains(&old))
        {
            problems.push(format!("invitation {id} replaces a missing invitation"));
        }
        let state_names_a_record = match invitation.state {
            InvitationState::Pending => true,
            InvitationState::Revoked { by, .. } | InvitationState::Accepted { account: by, .. } => {
                accounts.contains(&by)
            }
            InvitationState::Superseded { by, .. } => invitations.contains(&by),
        };
        if !state_names_a_record {
            problems.push(format!(
                "invitation {id} names a missing record in its state"
            ));
        }
    }
    for template in &dump.templates {
        if !(accounts.contains(&template.created_by) && accounts.contains(&template.updated_by)) {
            problems.push(format!("template {} names a missing author", template.id));
        }
    }
    for entry in &dump.audit {
        if !entry.actor.is_none_or(|id| accounts.contains(&id)) {
            problems.push(format!("audit entry {} names a missing account", entry.id));
        }
        if !entry.team.is_none_or(|id| teams.contains(&id)) {
            problems.push(format!("audit entry {} names a missing team", entry.id));
        }
    }
    for message in &dump.outbox {
        if !teams.contains(&message.team) {
            problems.push(format!(
                "outbox message {} is for a missing team",
                message.id
            ));
        }
        if !invitations.contains(&message.invitation) {
            problems.push(format!(
                "outbox message {} carries a missing invitation",
                message.id
            ));
        }
    }
    problems
}

/// The invariants between records: one team per account, an admin owner in
/// every team, one open invitation per address and team, unique template names.
fn check_relations(dump: &Dump) -> Vec<String> {
    let mut problems = Vec::new();
    let teams: HashMap<_, _> = dump.teams.iter().map(|t| (t.id, t)).collect();
    let mut account_by_email = HashMap::new();
    for account in &dump.accounts {
        if account_by_email
            .insert(&account.email, account.id)
            .is_some()
        {
            problems.push(format!("two accounts share the address {}", account.email));
        }
    }
    let team_of_account = check_memberships(dump, &teams, &mut problems);
    check_owners(dump, &mut problems);
    check_invitations(
        dump,
        &teams,
        |email| {
            account_by_email
                .get(email)
                .and_then(|id| team_of_account.get(id))
                .copied()
        },
        &mut problems,
    );
    check_templates(dump, &teams, &mut problems);
    problems
}

/// One team per account, members only of live teams, covered by the team,
/// assistants only on Clinic teams. Returns each member's team.
fn check_memberships(
    dump: &Dump,
    teams: &HashMap<TeamId, &Team>,
    problems: &mut Vec<String>,
) -> HashMap<AccountId, TeamId> {
    let accounts: HashMap<_, _> = dump.accounts.iter().map(|a| (a.id, a)).collect();
    let mut team_of_account = HashMap::new();
    for membership in &dump.memberships {
        let Some(account) = accounts.get(&membership.account) else {
            problems.push(format!(
                "a membership of team {} names a missing account",
                membership.team
            ));
            continue;
        };
        let Some(team) = teams.get(&membership.team) else {
            problems.push(format!("{} is a member of a missing team", account.email));
            continue;
        };
        if team.deleted.is_some() {
            problems.push(format!(
                "{} is still a member of the deleted team {}",
                account.email, team.name
            ));
        }
        if let Some(other) = team_of_account.insert(membership.account, membership.team)
            && other != membership.team
        {
            problems.push(format!(
                "{} is in two teams ({other} and {})",
                account.email, membership.team
            ));
        }
        if account.plan != PersonalPlan::Team {
            problems.push(format!(
                "{} is in team {} but pays for plan {} personally",
                account.email,
                team.name,
                account.plan.label()
            ));
        }
        if membership.role == Role::Assistant && team.plan == TeamPlan::Pro {
            problems.push(format!(
                "{} is an assistant in the Pro team {}",
                account.email, team.name
            ));
        }
    }
    for account in &dump.accounts {
        if account.plan == PersonalPlan::Team && !team_of_account.contains_key(&account.id) {
            problems.push(format!(
                "{} is covered by a team but is in none",
                account.email
            ));
        }
    }
    team_of_account
}

/// Every live team has an admin, and its owner is one.
fn check_owners(dump: &Dump, problems: &mut Vec<String>) {
    let mut members_by_team: HashMap<_, Vec<_>> = HashMap::new();
    for membership in &dump.memberships {
        members_by_team
            .entry(membership.team)
            .or_default()
            .push(membership);
    }
    for team in dump.teams.iter().filter(|t| t.deleted.is_none()) {
        let members = members_by_team.get(&team.id).map_or(&[][..], Vec::as_slice);
        if !members.iter().any(|m| m.role == Role::Admin) {
            problems.push(format!("team {} has no admin", team.name));
        }
        match members.iter().find(|m| m.account == team.owner) {
            None => problems.push(format!(
                "the owner of team {} is not a member of it",
                team.name
            )),
            Some(owner) if owner.role != Role::Admin => {
                problems.push(format!("the owner of team {} is not an admin", team.name))
            }
            Some(_) => {}
        }
    }
}

/// One token per invitation; one open invitation per address and team, to
/// a live team, for someone not already in it (`team_of` gives an address's team).
fn check_invitations(
    dump: &Dump,
    teams: &HashMap<TeamId, &Team>,
    team_of: impl Fn(&Email) -> Option<TeamId>,
    problems: &mut Vec<String>,
) {
    let mut open_invitations = HashSet::new();
    let mut tokens = HashSet::new();
    for invitation in &dump.invitations {
        let Some(team) = teams.get(&invitation.team) else {
            problems.push(format!(
                "an invitation for {} names a missing team",
                invitation.email
            ));
            continue;
        };
        if !tokens.insert(invitation.token_hash) {
            problems.push(format!(
                "two invitations share a token (one is for {})",
                invitation.email
            ));
        }
        if !invitation.is_open() {
            continue;
        }
        if team.deleted.is_some() {
            problems.push(format!(
                "{} has an open invitation to the deleted team {}",
                invitation.email, team.name
            ));
        }
        if !open_invitations.insert((invitation.team, &invitation.email)) {
            problems.push(format!(
                "{} has two open invitations to team {}",
                invitation.email, team.name
            ));
        }
        if team_of(&invitation.email) == Some(invitation.team) {
            problems.push(format!(
                "{} has a pending invitation to team {} while already a member of it",
                invitation.email, team.name
            ));
        }
    }
}

/// Templates belong to live teams, one name (ignoring case) per team.
fn check_templates(dump: &Dump, teams: &HashMap<TeamId, &Team>, problems: &mut Vec<String>) {
    let mut template_names = HashSet::new();
    for template in &dump.templates {
        match teams.get(&template.team) {
            None => problems.push(format!(
                "template {} belongs to a missing team",
                template.name
            )),
            Some(team) if team.deleted.is_some() => problems.push(format!(
                "template {} survives its deleted team",
                template.name
            )),
            Some(_) => {}
        }
        if !template_names.insert((template.team, name_key(&template.name))) {
            problems.push(format!(
                "two templates of one team are named {}",
                template.name
            ));
        }
    }
}

/// The entries of every index, as the records imply them.
type IndexEntries = HashMap<TreeName, BTreeMap<Vec<u8>, Vec<u8>>>;

fn expected_index_entries(dump: &Dump) -> IndexEntries {
    let mut expected: IndexEntries = HashMap::new();
    let mut expect = |tree: TreeName, key: Vec<u8>, value: Vec<u8>| {
        expected.entry(tree).or_default().insert(key, value);
    };
    for account in &dump.accounts {
        expect(
            TreeName::AccountByEmail,
            account.email.as_str().as_bytes().to_vec(),
            account.id.as_bytes().to_vec(),
        );
    }
    for team in dump.teams.iter().filter(|t| t.deleted.is_none()) {
        expect(
            TreeName::TeamByName,
            keys::team_name(&team.name, team.id),
            Vec::new(),
        );
    }
    for membership in &dump.memberships {
        expect(
            TreeName::MemberTeam,
            membership.account.as_bytes().to_vec(),
            membership.team.as_bytes().to_vec(),
        );
    }
    for invitation in &dump.invitations {
        expect(
            TreeName::InvitationByEmail,
            keys::email_invitation(&invitation.email, invitation.id),
            Vec::new(),
        );
        expect(
            TreeName::InvitationByTeam,
            keys::team_invitation(invitation.team, invitation.id),
            Vec::new(),
        );
        expect(
            TreeName::InvitationByToken,
            invitation.token_hash.to_vec(),
            invitation.id.as_bytes().to_vec(),
        );
        if let Some(expires_at) = invitation.awaits_reminder() {
            expect(
                TreeName::ReminderDue,
                keys::timed(expires_at, invitation.id.as_bytes()),
                Vec::new(),
            );
        }
    }
    for message in &dump.outbox {
        if let Some(due) = message.due() {
            expect(
                TreeName::OutboxDue,
                keys::timed(due, message.id.as_bytes()),
                Vec::new(),
            );
        }
    }
    for template in &dump.templates {
        expect(
            TreeName::TemplateByName,
            keys::template_name(template.team, &name_key(&template.name)),
            template.id.as_bytes().to_vec(),
        );
    }
    expected
}

/// Each index holds exactly the entries its records imply, no more, no fewer.
fn check_indexes(store: &Store, dump: &Dump) -> Result<Vec<String>, StoreError> {
    let mut expected = expected_index_entries(dump);
    let mut problems = Vec::new();
    for tree in [
        TreeName::AccountByEmail,
        TreeName::TeamByName,
        TreeName::MemberTeam,
        TreeName::InvitationByEmail,
        TreeName::InvitationByTeam,
        TreeName::InvitationByToken,
        TreeName::TemplateByName,
        TreeName::OutboxDue,
        TreeName::ReminderDue,
    ] {
        let mut wanted = expected.remove(&tree).unwrap_or_default();
        let (mut stale, mut wrong) = (0usize, 0usize);
        for entry in store.entries(tree) {
            let (key, value) = entry?;
            match wanted.remove(key.as_ref()) {
                None => stale += 1,
                Some(expected_value) if expected_value != value.as_ref() => wrong += 1,
                Some(_) => {}
            }
        }
        let name = tree.as_str();
        if stale > 0 {
            problems.push(format!(
                "index {name} has {stale} entries that match no record"
            ));
        }
        if wrong > 0 {
            problems.push(format!(
                "index {name} has {wrong} entries pointing at the wrong record"
            ));
        }
        if !wanted.is_empty() {
            problems.push(format!("index {name} is missing {} entries", wanted.len()));
        }
    }
    Ok(problems)
}
