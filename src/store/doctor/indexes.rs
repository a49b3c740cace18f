//! Index and counter checks: what the records imply against what the trees
//! hold, compared by digest (a sum of 128-bit hashes of every entry and
//! their number), so that the check holds no more than a few numbers per
//! index and one per team counter.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

use super::records::Checker;
use super::{Met, Side, archive_indexes, pass_again};
use crate::domain::{InvitationState, TeamId};
use crate::store::derived::{self, Count, Counter, Entry, INDEXES};
use crate::store::{Store, StoreError, TreeName, counts};

/// A digest of a set of entries that does not depend on their order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Digest {
    sum: u128,
    entries: u64,
}

impl Digest {
    fn add(&mut self, key: &[u8], value: &[u8]) {
        let mut halves = [0u64; 2];
        for (seed, half) in halves.iter_mut().enumerate() {
            let mut hasher = DefaultHasher::new();
            seed.hash(&mut hasher);
            key.hash(&mut hasher);
            value.hash(&mut hasher);
            *half = hasher.finish();
        }
        self.sum = self
            .sum
            .wrapping_add((u128::from(halves[1]) << 64) | u128::from(halves[0]));
        self.entries += 1;
    }
}

/// What the records imply: a digest per index of the store and of the
/// archive, every team counter, and what the archive should not hold.
#[derive(Default)]
pub struct Expected {
    digests: HashMap<(Side, TreeName), Digest>,
    counts: BTreeMap<(Option<TeamId>, Counter), i64>,
    open_archived: usize,
    queued_archived: usize,
}

/// The index entries a record implies where it is kept.
fn entries_of(side: Side, met: &Met<'_>, checker: &Checker) -> Vec<Entry> {
    let entries = match *met {
        Met::Account(account) => derived::account_entries(account),
        Met::Team(team) => derived::team_entries(team),
        Met::Membership(membership) => {
            let holder = checker
                .accounts
                .get(&membership.account)
                .map(|person| (person.name.as_str(), &person.email));
            let owner = checker
                .teams
                .get(&membership.team)
                .is_some_and(|team| team.owner == membership.account);
            derived::membership_entries(membership, holder, owner)
        }
        Met::Invitation(invitation) => {
            let revoker = match invitation.state {
                InvitationState::Revoked { by, .. } => Some(checker.name_of(by)),
                _ => None,
            };
            derived::invitation_entries(invitation, checker.name_of(invitation.invited_by), revoker)
        }
        Met::Template(template) => derived::template_entries(template),
        Met::Message(message) => derived::message_entries(message),
        Met::Audit(_) | Met::BillingAccount(_) | Met::Adjustment(_) | Met::Invoice(_) => Vec::new(),
    };
    match side {
        Side::Store => entries,
        Side::Archive => entries
            .into_iter()
            .filter(|entry| crate::store::archive::TREES.contains(&entry.tree))
            .collect(),
    }
}

/// The team counts a record adds, where it is kept.
fn counts_of(side: Side, met: &Met<'_>) -> Vec<Count> {
    match (side, met) {
        (_, Met::Membership(membership)) => derived::membership_counts(membership),
        (Side::Store, Met::Invitation(invitation)) => derived::invitation_counts(invitation),
        (Side::Archive, Met::Invitation(invitation)) => {
            let mut counts = derived::invitation_counts(invitation);
            counts.push((Some(invitation.team), Counter::ArchivedInvitations, 1));
            counts
        }
        (Side::Archive, Met::Audit(entry)) => vec![(entry.team, Counter::ArchivedAudit, 1)],
        _ => Vec::new(),
    }
}

impl Expected {
    /// Adds what one record implies.
    pub fn record(&mut self, side: Side, met: &Met<'_>, checker: &Checker) {
        for entry in entries_of(side, met, checker) {
            self.digests
                .entry((side, entry.tree))
                .or_default()
                .add(&entry.key, &entry.value);
        }
        for (team, counter, delta) in counts_of(side, met) {
            *self.counts.entry((team, counter)).or_default() += delta;
        }
        if side == Side::Archive {
            match met {
                Met::Invitation(invitation) if invitation.is_open() => self.open_archived += 1,
                Met::Message(message) if message.settled_at().is_none() => {
                    self.queued_archived += 1
                }
                _ => {}
            }
        }
    }

    /// What the archive holds that is not history.
    pub fn archive_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.open_archived > 0 {
            problems.push(format!(
                "the archive holds {} open invitations (only closed ones are history)",
                self.open_archived
            ));
        }
        if self.queued_archived > 0 {
            problems.push(format!(
                "the archive holds {} emails still queued (only settled ones are history)",
                self.queued_archived
            ));
        }
        problems
    }
}

/// The name of an index in problems: the archive's are named so.
fn index_name(side: Side, tree: TreeName) -> String {
    match side {
        Side::Store => format!("index {}", tree.as_str()),
        Side::Archive => format!("archive index {}", tree.as_str()),
    }
}

/// Compares every index and counter with what the records imply.
pub fn compare(
    store: &Store,
    mut expected: Expected,
    checker: &Checker,
    has_archive: bool,
) -> Result<Vec<String>, StoreError> {
    let archive = if has_archive { store.history()? } else { None };
    let mut trees: Vec<(Side, TreeName)> = INDEXES.iter().map(|t| (Side::Store, *t)).collect();
    if archive.is_some() {
        trees.extend(archive_indexes().map(|tree| (Side::Archive, tree)));
    }
    let mut differing = Vec::new();
    for (side, tree) in trees {
        let mut actual = Digest::default();
        let entries: Box<dyn Iterator<Item = _>> = match (side, archive) {
            (Side::Archive, Some(archive)) => Box::new(archive.entries(tree)),
            _ => Box::new(store.entries(tree)),
        };
        for entry in entries {
            let (key, value) = entry?;
            actual.add(&key, &value);
        }
        let wanted = expected.digests.remove(&(side, tree)).unwrap_or_default();
        if actual != wanted {
            differing.push((side, tree, wanted.entries, actual.entries));
        }
    }
    let mut problems = if differing.is_empty() {
        Vec::new()
    } else {
        describe(store, &differing, checker)?
    };
    problems.extend(compare_counts(store, &expected.counts, checker)?);
    Ok(problems)
}

/// Reads the records again to say what is wrong with each differing index:
/// entries missing, pointing at the wrong record, or matching none.
fn describe(
    store: &Store,
    differing: &[(Side, TreeName, u64, u64)],
    checker: &Checker,
) -> Result<Vec<String>, StoreError> {
    let archive = store.history()?;
    let mut missing: HashMap<(Side, TreeName), u64> = HashMap::new();
    let mut wrong: HashMap<(Side, TreeName), u64> = HashMap::new();
    pass_again(store, &mut |side, met| {
        for entry in entries_of(side, &met, checker) {
            if !differing
                .iter()
                .any(|(s, t, ..)| *s == side && *t == entry.tree)
            {
                continue;
            }
            let found = match (side, archive) {
                (Side::Archive, Some(archive)) => archive.tree(entry.tree).get(&entry.key),
                _ => store.tree(entry.tree).get(&entry.key),
            }
            .map_err(|e| store.fault(e))?;
            match found {
                None => *missing.entry((side, entry.tree)).or_default() += 1,
                Some(value) if value.as_ref() != entry.value.as_slice() => {
                    *wrong.entry((side, entry.tree)).or_default() += 1
                }
                Some(_) => {}
            }
        }
        Ok(())
    })?;
    let mut problems = Vec::new();
    for &(side, tree, wanted, held) in differing {
        let name = index_name(side, tree);
        let missing = missing.get(&(side, tree)).copied().unwrap_or(0);
        let wrong = wrong.get(&(side, tree)).copied().unwrap_or(0);
        let stale = held.saturating_sub(wanted.saturating_sub(missing));
        if stale > 0 {
            problems.push(format!("{name} has {stale} entries that match no record"));
        }
        if wrong > 0 {
            problems.push(format!(
                "{name} has {wrong} entries pointing at the wrong record"
            ));
        }
        if missing > 0 {
            problems.push(format!("{name} is missing {missing} entries"));
        }
        if stale == 0 && wrong == 0 && missing == 0 {
            problems.push(format!("{name} differs from what its records imply"));
        }
    }
    Ok(problems)
}

/// Every team counter against what the records make it (a counter at zero
/// and no counter at all are the same).
fn compare_counts(
    store: &Store,
    expected: &BTreeMap<(Option<TeamId>, Counter), i64>,
    checker: &Checker,
) -> Result<Vec<String>, StoreError> {
    let mut held: BTreeMap<(Option<TeamId>, Counter), i64> = BTreeMap::new();
    let mut problems = Vec::new();
    for entry in store.entries(TreeName::TeamCounts) {
        let (key, value) = entry?;
        let counter = key.get(16).and_then(|&byte| Counter::from_byte(byte));
        let team = key
            .get(..16)
            .and_then(|bytes| <[u8; 16]>::try_from(bytes).ok())
            .map(|bytes| (bytes != [0; 16]).then(|| TeamId::from_bytes(bytes)));
        match (team, counter, key.len()) {
            (Some(team), Some(counter), 17) => {
                held.insert((team, counter), counts::decode(&value)?);
            }
            _ => problems.push("index team_counts has an unreadable entry".to_owned()),
        }
    }
    let teams = held.keys().chain(expected.keys()).copied();
    let mut seen = std::collections::BTreeSet::new();
    for key @ (team, counter) in teams {
        if !seen.insert(key) {
            continue;
        }
        let (have, want) = (
            held.get(&key).copied().unwrap_or(0),
            expected.get(&key).copied().unwrap_or(0),
        );
        if have != want {
            let whose = match team {
                Some(id) => match checker.teams.get(&id) {
                    Some(facts) => format!("team {}", facts.name),
                    None => format!("team {id}"),
                },
                None => "entries of no team".to_owned(),
            };
            problems.push(format!(
                "the {} count of {whose} is {have}; its records make it {want}",
                counter.name()
            ));
        }
    }
    Ok(problems)
}
