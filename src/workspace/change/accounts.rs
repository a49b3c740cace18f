//! Accounts the store's operator creates.

use chrono::{DateTime, Utc};

use super::super::apply::apply;
use super::super::{Actor, Applied, CardDetails, NewPlan, Outcome, Workspace};
use crate::Error;
use crate::domain::rules::account::{AccountRequest, create_account};
use crate::domain::rules::billing;
use crate::domain::{Action, AuditAction, Cycle, Email, Staff, Standing};
use crate::store::Reads;

impl Workspace {
    pub(super) fn create_account(
        &self,
        actor: &Actor,
        email: &str,
        name: &str,
        (plan, staff): (NewPlan, Option<Staff>),
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        self.authorize_store(actor, Action::CreateAccount)?;
        let email = Email::parse(email)?;
        let account = self.write(now, |tx| {
            let taken = tx.account_by_email(&email)?.is_some();
            let request = AccountRequest {
                email: email.clone(),
                name,
                plan,
                staff,
            };
            let fresh = &mut self.fresh(now);
            let (account, change) = create_account(fresh, Standing::Operator, request, taken, now)?;
            apply(tx, &change, fresh, now)?;
            Ok(account)
        })?;
        Ok(Applied {
            outcome: Outcome::Account(self.account_view(&account)?),
            team: None,
            action: AuditAction::AccountCreate,
        })
    }

    pub(super) fn upgrade_account(
        &self,
        actor: &Actor,
        cycle: Cycle,
        card: Option<&CardDetails>,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        let card = card.map(|card| card.to_payment_method(now)).transpose()?;
        let account = self.write(now, |tx| {
            let account = self.actor_account(tx, actor)?;
            let change = billing::upgrade_account(account.clone(), cycle, card.clone(), now)?;
            apply(tx, &change, &mut self.fresh(now), now)?;
            Ok(account.id)
        })?;
        let account = self
            .store
            .account(account)?
            .ok_or_else(|| crate::domain::DomainError::not_found("the account is missing"))?;
        Ok(Applied {
            outcome: Outcome::Upgraded(self.account_view(&account)?),
            team: None,
            action: AuditAction::AccountUpgrade,
        })
    }
}
