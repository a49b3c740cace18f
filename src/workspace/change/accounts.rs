//! Accounts the store's operator creates.

use chrono::{DateTime, Utc};

use super::super::apply::apply;
use super::super::{Actor, Applied, NewPlan, Outcome, Workspace};
use crate::Error;
use crate::domain::rules::account::{AccountRequest, create_account};
use crate::domain::{Action, AuditAction, Email, Staff, Standing};
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
            let fresh = &mut self.entropy.at(now);
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
}
