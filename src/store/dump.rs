//! Every record of a store at once: what `export` writes, `import` reads and
//! `doctor` checks.

use serde::{Deserialize, Serialize};

use super::{Record, Store, StoreError, Tx, TxError};
use crate::billing::invoice::Invoice;
use crate::billing::ledger::{Adjustment, BillingAccount};
use crate::domain::outbox::OutboxMessage;
use crate::domain::{Account, AuditEntry, Invitation, Membership, Team, Template};

/// The export format version `export` writes: 3 keeps audit details as
/// typed values.
pub const DUMP_FORMAT: u32 = 3;
/// The oldest export format `import` reads: format 1 kept whole emails in
/// the outbox (their text is dropped on import; the emails are queued
/// again); formats 1 and 2 hold audit details as English sentences (kept
/// as they were written).
pub const OLDEST_DUMP_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dump {
    pub format: u32,
    pub accounts: Vec<Account>,
    pub teams: Vec<Team>,
    pub memberships: Vec<Membership>,
    pub invitations: Vec<Invitation>,
    pub templates: Vec<Template>,
    pub audit: Vec<AuditEntry>,
    pub outbox: Vec<OutboxMessage>,
    /// Billing: absent from exports made before it (read as empty).
    #[serde(default)]
    pub billing_accounts: Vec<BillingAccount>,
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
    #[serde(default)]
    pub invoices: Vec<Invoice>,
}

/// Every record of one kind, history included, in key order.
fn load_all<T: Record>(store: &Store) -> Result<Vec<T>, StoreError> {
    store
        .records_ever(T::TREE)?
        .map(|entry| super::codec::decode(&entry?.1))
        .collect()
}

impl Dump {
    /// Every record in memory at once: for tests and small stores (the
    /// command line streams instead, see `export` and `import`).
    pub fn load(store: &Store) -> Result<Self, StoreError> {
        Ok(Self {
            format: DUMP_FORMAT,
            accounts: load_all(store)?,
            teams: load_all(store)?,
            memberships: load_all(store)?,
            invitations: load_all(store)?,
            templates: load_all(store)?,
            audit: load_all(store)?,
            outbox: load_all(store)?,
            billing_accounts: load_all(store)?,
            adjustments: load_all(store)?,
            invoices: load_all(store)?,
        })
    }

    /// Writes every record, with its indexes, into a transaction.
    pub fn write_into(&self, tx: &Tx<'_>) -> Result<(), TxError> {
        for account in &self.accounts {
            tx.put_account(account)?;
        }
        for team in &self.teams {
            tx.put_team(team)?;
        }
        for membership in &self.memberships {
            tx.put_membership(membership)?;
        }
        for invitation in &self.invitations {
            tx.put_invitation(invitation)?;
        }
        for template in &self.templates {
            tx.put_template(template)?;
        }
        for entry in &self.audit {
            tx.append_audit(entry)?;
        }
        for message in &self.outbox {
            tx.queue_mail(message)?;
        }
        for account in &self.billing_accounts {
            tx.put_billing_account(account)?;
        }
        for adjustment in &self.adjustments {
            tx.put_adjustment(adjustment)?;
        }
        for invoice in &self.invoices {
            tx.put_invoice(invoice)?;
        }
        Ok(())
    }
}
