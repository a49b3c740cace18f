//! The rules of SPEC §2–§4 as pure functions: each takes the records it
//! needs, checks the actor's right with the policy and the rule itself, and
//! returns the [`Change`](super::change::Change) to apply, or the refusal.
//! Nothing here reads a store, a clock or the OS: the workspace reads what a
//! rule needs, calls it, and writes what it returns.
//!
//! Grouped by subject: [`account`] (accounts the operator creates),
//! [`team_plan`] (R1, §2 plans and trials, R8 deletion and ownership, R10
//! settings), [`billing`] (R11 billing details, invoices, moving to Pro),
//! [`membership`] (R7 removal, leaving and
//! the last admin, R8 roles), [`invitation`] (R2–R5), [`joining`] (R6), [`template`] (R9).

pub mod account;
pub mod billing;
pub mod invitation;
pub mod joining;
pub mod membership;
pub mod team_plan;
pub mod template;

use super::account::Account;
use super::change::AuditBy;
use super::error::DomainError;
use super::policy::{Action, Standing, authorize};

/// The person a rule acts for: their account and how they stand towards the
/// team the rule is about (from [`super::policy::standings`]).
#[derive(Debug, Clone, Copy)]
pub struct Acting<'a> {
    pub account: &'a Account,
    pub standings: &'a [Standing],
}

impl Acting<'_> {
    /// The policy's answer for this person and `action` (SPEC §4).
    pub fn authorize(&self, action: Action) -> Result<(), DomainError> {
        authorize(self.standings, action)
    }

    /// How the audit log names this person.
    pub fn by(&self) -> AuditBy {
        AuditBy::account(self.account)
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
