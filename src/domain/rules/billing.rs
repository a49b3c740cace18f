//! R11: the billing details admins edit, the invoice issued when a period
//! starts, and a person moving themselves to Pro.

use chrono::{DateTime, Utc};

use super::Acting;
use super::team_plan::team_change;
use crate::billing::PriceList;
use crate::billing::invoice::SeatHolder;
use crate::billing::ledger::{Adjustment, BillingAccount, Due, next_invoice};
use crate::domain::account::{Account, Cycle, PersonalPlan};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::{AuditDetail, NextCycle, count};
use crate::domain::change::{AuditBy, Change, Delete, Put};
use crate::domain::error::DomainError;
use crate::domain::policy::Action;
use crate::domain::team::{PaymentMethod, Team};
use crate::domain::text::Email;

/// What an admin changes in a team's billing: any of the card, the billing
/// email and the cycle (from the next period).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BillingChange {
    pub card: Option<PaymentMethod>,
    pub billing_email: Option<Email>,
    pub cycle: Option<Cycle>,
}

/// R11: the billing details an admin may edit (a card is brand, last four
/// digits and expiry only). A cycle change takes effect at the next period.
pub fn update_billing(
    acting: Acting<'_>,
    mut team: Team,
    account: &BillingAccount,
    request: BillingChange,
) -> Result<Change, DomainError> {
    acting.authorize(Action::EditBilling)?;
    let BillingChange {
        card,
        billing_email,
        cycle,
    } = request;
    if card.is_none() && billing_email.is_none() && cycle.is_none() {
        return Err(DomainError::Invalid(
            "name a card, a billing email or a cycle to change".into(),
        ));
    }
    if let Some(card) = &card {
        team.payment_method = Some(card.clone());
    }
    if let Some(email) = &billing_email {
        team.billing_email = Some(email.to_string());
    }
    if let Some(cycle) = cycle {
        team.cycle = cycle;
    }
    let details = AuditDetail::BillingUpdated {
        card,
        billing_email,
        cycle: cycle.map(|cycle| NextCycle {
            cycle,
            from: account.next_invoice_on(),
        }),
    };
    Ok(team_change(
        acting,
        team,
        AuditAction::BillingUpdate,
        details,
    ))
}

/// What the invoice of a team's next period is issued from.
#[derive(Debug, Clone, Copy)]
pub struct Invoicing<'a> {
    pub team: &'a Team,
    pub owner: &'a Account,
    pub account: &'a BillingAccount,
    pub seats: &'a [SeatHolder],
    /// Adjustments not yet on an invoice.
    pub pending: &'a [Adjustment],
}

/// R11: the invoice of the team's next period, issued when the period
/// starts: every seat at the full price, the pro-rata lines of the period
/// before, credit carried. Written once; the account moves to that period.
pub fn issue_invoice(invoicing: Invoicing<'_>, prices: &PriceList) -> Change {
    let Invoicing {
        team,
        owner,
        account,
        seats,
        pending,
    } = invoicing;
    let (invoice, moved) = next_invoice(
        prices,
        Due {
            account,
            plan: &team.plan,
            cycle: team.cycle,
            billed_to: team.bill_to(owner.email.as_str()),
            currency: prices.currency.clone(),
            seats,
            pending,
        },
    );
    let mut change = Change::default();
    for adjustment in pending {
        if adjustment.period_start < invoice.period.start {
            change.delete(Delete::Adjustment(adjustment.clone()));
        }
    }
    let billed = seats.iter().filter(|seat| seat.role.is_billable()).count();
    change
        .log(
            AuditBy::System,
            Some(team.id),
            AuditAction::InvoiceIssue,
            team.name.clone(),
            AuditDetail::InvoiceIssued {
                period: invoice.period,
                total: invoice.total,
                currency: invoice.currency.clone(),
                seats: count(billed),
                billed_to: invoice.billed_to.clone(),
            },
        )
        .put(Put::BillingAccount(moved))
        .put(Put::Invoice(Box::new(invoice)));
    change
}

/// A person on the free plan moves themselves to Pro, paying with their own
/// card (the one given, or the one on file); their personal period starts today.
pub fn upgrade_account(
    mut account: Account,
    cycle: Cycle,
    card: Option<PaymentMethod>,
    now: DateTime<Utc>,
) -> Result<Change, DomainError> {
    match account.plan {
        PersonalPlan::Free => {}
        PersonalPlan::Pro { cycle, .. } => {
            return Err(DomainError::refused(format!(
                "you are on Pro already ({}), paying for yourself",
                cycle.as_str()
            )));
        }
        PersonalPlan::Team => {
            return Err(DomainError::refused(
                "your team covers your Pro plan: there is nothing to upgrade",
            ));
        }
    }
    if let Some(card) = card {
        account.payment_method = Some(card);
    }
    let Some(card) = &account.payment_method else {
        return Err(DomainError::refused(
            "moving to Pro needs a card on file: give its brand, last 4 digits and expiry",
        ));
    };
    let details = AuditDetail::MovedToPro {
        cycle,
        card: card.clone(),
    };
    account.plan = PersonalPlan::Pro { cycle, since: now };
    let mut change = Change::default();
    change
        .log(
            AuditBy::account(&account),
            None,
            AuditAction::AccountUpgrade,
            account.email.to_string(),
            details,
        )
        .put(Put::Account(account));
    Ok(change)
}
