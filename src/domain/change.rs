//! What a rule decides: the records a change writes and deletes, and the
//! audit lines that record it. Rules only compute a [`Change`]; the
//! workspace applies it in one transaction.

use super::account::Account;
use super::audit::AuditAction;
use super::audit_detail::AuditDetail;
use super::ids::{AccountId, TeamId};
use super::invitation::Invitation;
use super::team::{Membership, Team};
use super::template::Template;
use super::text::Email;
use crate::billing::invoice::Invoice;
use crate::billing::ledger::{Adjustment, BillingAccount};

/// A record a change writes (creating or replacing it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Put {
    Account(Account),
    Team(Team),
    Membership(Membership),
    Invitation(Invitation),
    Template(Template),
    BillingAccount(BillingAccount),
    /// A pro-rata line for the team's next invoice.
    Adjustment(Adjustment),
    /// An issued invoice: written once, never changed.
    Invoice(Box<Invoice>),
}

/// A record a change deletes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delete {
    Membership {
        team: TeamId,
        account: AccountId,
    },
    Template(Template),
    /// An adjustment now carried by an issued invoice.
    Adjustment(Adjustment),
}

/// Who an audit line names as having made the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditBy {
    /// The clock (a trial ending).
    System,
    /// The store's operator (accounts created, imports).
    Operator,
    /// A person with an account.
    Account { id: AccountId, email: Email },
    /// Someone who signed in with an address that has no account.
    Address(Email),
}

impl AuditBy {
    pub fn account(account: &Account) -> Self {
        AuditBy::Account {
            id: account.id,
            email: account.email.clone(),
        }
    }

    /// The account named, if any.
    pub fn id(&self) -> Option<AccountId> {
        match self {
            AuditBy::Account { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// How the audit log names whoever it was.
    pub fn name(&self) -> String {
        match self {
            AuditBy::System => "system".to_owned(),
            AuditBy::Operator => "operator".to_owned(),
            AuditBy::Account { email, .. } | AuditBy::Address(email) => email.to_string(),
        }
    }
}

/// One audit line of a change (R12); the time and id are the change's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditNote {
    pub by: AuditBy,
    pub team: Option<TeamId>,
    pub action: AuditAction,
    pub target: String,
    pub details: AuditDetail,
}

/// Everything one change writes, deletes and logs, applied all or nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub puts: Vec<Put>,
    pub deletes: Vec<Delete>,
    pub audit: Vec<AuditNote>,
}

impl Change {
    pub fn put(&mut self, record: Put) -> &mut Self {
        self.puts.push(record);
        self
    }

    pub fn delete(&mut self, record: Delete) -> &mut Self {
        self.deletes.push(record);
        self
    }

    /// Appends an audit line.
    pub fn log(
        &mut self,
        by: AuditBy,
        team: Option<TeamId>,
        action: AuditAction,
        target: impl Into<String>,
        details: AuditDetail,
    ) -> &mut Self {
        self.audit.push(AuditNote {
            by,
            team,
            action,
            target: target.into(),
            details,
        });
        self
    }

    /// Adds everything another change does, after what this one does.
    pub fn absorb(&mut self, other: Change) -> &mut Self {
        self.puts.extend(other.puts);
        self.deletes.extend(other.deletes);
        self.audit.extend(other.audit);
        self
    }

    /// The account this change writes with `id`, if it writes one.
    pub fn account(&self, id: AccountId) -> Option<&Account> {
        self.puts.iter().rev().find_map(|put| match put {
            Put::Account(account) if account.id == id => Some(account),
            _ => None,
        })
    }

    /// The team this change writes, if it writes one.
    pub fn team(&self) -> Option<&Team> {
        self.puts.iter().rev().find_map(|put| match put {
            Put::Team(team) => Some(team),
            _ => None,
        })
    }

    /// Every adjustment this change writes for a team's next invoice.
    pub fn adjustments(&self) -> impl Iterator<Item = &Adjustment> {
        self.puts.iter().filter_map(|put| match put {
            Put::Adjustment(adjustment) => Some(adjustment),
            _ => None,
        })
    }

    /// Every invitation this change writes.
    pub fn invitations(&self) -> impl Iterator<Item = &Invitation> {
        self.puts.iter().filter_map(|put| match put {
            Put::Invitation(invitation) => Some(invitation),
            _ => None,
        })
    }
}
