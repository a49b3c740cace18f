//! `doctor`: checks every invariant the rules promise, on a whole store and
//! its archive, reading one record at a time.
//!
//! One pass over the records (the working store's and the archive's, in key
//! order) feeds the invariant checks of [`records`] and works out every
//! index entry and team count the records imply. Indexes are compared by a
//! digest of their entries, so nothing the size of the store is held in
//! memory; only an index whose digest differs is read again entry by entry,
//! to say what is wrong with it.

mod indexes;
pub mod records;

use serde::Serialize;

use super::dump::Dump;
use super::merge::Merged;
use super::{Record, Store, StoreError, TreeName, codec};
use crate::billing::invoice::Invoice;
use crate::billing::ledger::{Adjustment, BillingAccount};
use crate::domain::outbox::OutboxMessage;
use crate::domain::{Account, AuditEntry, Invitation, Membership, Team, Template};
use indexes::Expected;
pub use records::Checker;

/// What `doctor` looked at and what it found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub accounts: usize,
    pub teams: usize,
    pub memberships: usize,
    /// Invitations and audit entries are counted wherever they are kept;
    /// `archived_*` says how many of them are in the archive.
    pub invitations: usize,
    pub templates: usize,
    pub audit_entries: usize,
    pub archived_invitations: usize,
    pub archived_audit_entries: usize,
    pub archived_messages: usize,
    pub problems: Vec<String>,
}

impl Report {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Where a record met in a pass is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Store,
    Archive,
}

/// One record met in a pass.
pub enum Met<'a> {
    Account(&'a Account),
    Team(&'a Team),
    Membership(&'a Membership),
    Invitation(&'a Invitation),
    Template(&'a Template),
    Audit(&'a AuditEntry),
    Message(&'a OutboxMessage),
    BillingAccount(&'a BillingAccount),
    Adjustment(&'a Adjustment),
    Invoice(&'a Invoice),
}

impl Checker {
    /// Feeds one record to the check of its kind.
    pub fn check(&mut self, met: &Met<'_>) {
        match *met {
            Met::Account(account) => self.account(account),
            Met::Team(team) => self.team(team),
            Met::Membership(membership) => self.membership(membership),
            Met::Invitation(invitation) => self.invitation(invitation),
            Met::Template(template) => self.template(template),
            Met::Audit(entry) => self.audit(entry),
            Met::Message(message) => self.message(message),
            Met::BillingAccount(account) => self.billing_account(account),
            Met::Adjustment(adjustment) => self.adjustment(adjustment),
            Met::Invoice(invoice) => self.invoice(invoice),
        }
    }
}

/// How many records of each kind a pass met, and how many were archived.
#[derive(Debug, Default)]
struct Tally {
    met: [usize; 10],
    archived: [usize; 10],
    /// Records found both in the store and in its archive.
    repeats: usize,
}

/// Every record of one kind, history included, in key order, each given
/// to `visit` with where it is kept.
fn walk<T: Record>(
    store: &Store,
    kind: usize,
    tally: &mut Tally,
    visit: &mut dyn FnMut(Side, Met<'_>) -> Result<(), StoreError>,
    wrap: fn(&T) -> Met<'_>,
) -> Result<(), StoreError> {
    let mut records: Merged<'_> = store.records_ever(T::TREE)?;
    while let Some(entry) = records.next() {
        let record: T = codec::decode(&entry?.1)?;
        let side = if records.source() == 0 {
            Side::Store
        } else {
            tally.archived[kind] += 1;
            Side::Archive
        };
        tally.met[kind] += 1;
        visit(side, wrap(&record))?;
    }
    tally.repeats += records.repeats();
    Ok(())
}

/// Every record of the store and its archive, kind by kind in the order
/// [`Checker`] needs them.
fn pass(
    store: &Store,
    visit: &mut dyn FnMut(Side, Met<'_>) -> Result<(), StoreError>,
) -> Result<Tally, StoreError> {
    let mut tally = Tally::default();
    walk::<Account>(store, 0, &mut tally, visit, |r| Met::Account(r))?;
    walk::<Team>(store, 1, &mut tally, visit, |r| Met::Team(r))?;
    walk::<Membership>(store, 2, &mut tally, visit, |r| Met::Membership(r))?;
    walk::<Invitation>(store, 3, &mut tally, visit, |r| Met::Invitation(r))?;
    walk::<Template>(store, 4, &mut tally, visit, |r| Met::Template(r))?;
    walk::<AuditEntry>(store, 5, &mut tally, visit, |r| Met::Audit(r))?;
    walk::<OutboxMessage>(store, 6, &mut tally, visit, |r| Met::Message(r))?;
    walk::<BillingAccount>(store, 7, &mut tally, visit, |r| Met::BillingAccount(r))?;
    walk::<Adjustment>(store, 8, &mut tally, visit, |r| Met::Adjustment(r))?;
    walk::<Invoice>(store, 9, &mut tally, visit, |r| Met::Invoice(r))?;
    Ok(tally)
}

/// Checks records, indexes, counters and the archive of an open store.
pub fn examine(store: &Store) -> Result<Report, StoreError> {
    let mut checker = Checker::new(false);
    let mut expected = Expected::default();
    let cutoff_free = store.history()?.is_some();
    let tally = pass(store, &mut |side, met| {
        checker.check(&met);
        expected.record(side, &met, &checker);
        Ok(())
    })?;
    let mut problems = checker.finish();
    if tally.repeats > 0 {
        problems.push(format!(
            "{} records are kept both in the store and in its archive (a move into the archive was cut short)",
            tally.repeats
        ));
    }
    problems.extend(expected.archive_problems());
    problems.extend(indexes::compare(store, expected, &checker, cutoff_free)?);
    Ok(Report {
        accounts: tally.met[0],
        teams: tally.met[1],
        memberships: tally.met[2],
        invitations: tally.met[3],
        templates: tally.met[4],
        audit_entries: tally.met[5],
        archived_invitations: tally.archived[3],
        archived_audit_entries: tally.archived[5],
        archived_messages: tally.archived[6],
        problems,
    })
}

/// Checks the records of an export before anything of it is written
/// (indexes aside): ids met twice, fields no command would have written,
/// broken invariants between records.
pub fn check_records(dump: &Dump) -> Vec<String> {
    let mut checker = Checker::new(true);
    let records = dump
        .accounts
        .iter()
        .map(Met::Account)
        .chain(dump.teams.iter().map(Met::Team))
        .chain(dump.memberships.iter().map(Met::Membership))
        .chain(dump.invitations.iter().map(Met::Invitation))
        .chain(dump.templates.iter().map(Met::Template))
        .chain(dump.audit.iter().map(Met::Audit))
        .chain(dump.outbox.iter().map(Met::Message))
        .chain(dump.billing_accounts.iter().map(Met::BillingAccount))
        .chain(dump.adjustments.iter().map(Met::Adjustment))
        .chain(dump.invoices.iter().map(Met::Invoice));
    for met in records {
        checker.check(&met);
    }
    checker.finish()
}

/// A second pass, for an index whose digest differed: `visit` gets what
/// each record implies again.
fn pass_again(
    store: &Store,
    visit: &mut dyn FnMut(Side, Met<'_>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    pass(store, visit).map(|_| ())
}

/// The trees the archive keeps an index in.
fn archive_indexes() -> impl Iterator<Item = TreeName> {
    super::archive::TREES
        .into_iter()
        .filter(|tree| super::derived::INDEXES.contains(tree))
}
