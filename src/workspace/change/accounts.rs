//! Accounts the store's operator creates and the SSH keys registered to
//! them, and a person moving themselves to Pro.

use chrono::{DateTime, Utc};

use super::super::apply::apply;
use super::super::context::account_named;
use super::super::{
    AccountKeyView, Actor, Applied, CardDetails, KeyChoice, NewPlan, Outcome, Workspace,
};
use crate::Error;
use crate::domain::rules::account::{AccountRequest, add_key, create_account, remove_key};
use crate::domain::rules::billing;
use crate::domain::{AccountKey, Action, AuditAction, Cycle, Email, Staff, Standing};
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

    pub(super) fn add_account_key(
        &self,
        actor: &Actor,
        email: &str,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        self.authorize_store(actor, Action::ManageAccountKeys)?;
        let email = Email::parse(email)?;
        let key = AccountKey::parse(key)?;
        self.write(now, |tx| {
            let account = account_named(tx, &email)?;
            let holder = tx.account_by_key(key.fingerprint())?.map(|held| held.id);
            let (_, change) = add_key(Standing::Operator, account, &key, holder)?;
            apply(tx, &change, &mut self.fresh(now), now)
        })?;
        Ok(Applied {
            outcome: Outcome::KeyAdded {
                email: email.to_string(),
                key: AccountKeyView::from(&key),
            },
            team: None,
            action: AuditAction::AccountKeyAdd,
        })
    }

    pub(super) fn remove_account_key(
        &self,
        actor: &Actor,
        email: &str,
        choice: &KeyChoice,
        now: DateTime<Utc>,
    ) -> Result<Applied, Error> {
        self.authorize_store(actor, Action::ManageAccountKeys)?;
        let email = Email::parse(email)?;
        let fingerprint = choice.fingerprint()?;
        let key = self.write(now, |tx| {
            let account = account_named(tx, &email)?;
            let (_, key, change) = remove_key(Standing::Operator, account, &fingerprint)?;
            apply(tx, &change, &mut self.fresh(now), now)?;
            Ok(key)
        })?;
        Ok(Applied {
            outcome: Outcome::KeyRemoved {
                email: email.to_string(),
                key: AccountKeyView::from(&key),
            },
            team: None,
            action: AuditAction::AccountKeyRemove,
        })
    }
}
