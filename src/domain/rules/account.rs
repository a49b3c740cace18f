//! Accounts the store's operator creates.

use chrono::{DateTime, Utc};

use crate::domain::account::{Account, Cycle, PersonalPlan, Staff};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::change::{AuditBy, Change, Put};
use crate::domain::error::DomainError;
use crate::domain::ids::{AccountId, Fresh};
use crate::domain::policy::{Action, Standing, authorize};
use crate::domain::text::{self, Email};

/// The personal plan of a new account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewPlan {
    Free,
    Pro(Cycle),
}

/// An account as the operator asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRequest<'a> {
    pub email: Email,
    pub name: &'a str,
    pub plan: NewPlan,
    pub staff: Option<Staff>,
}

/// A new account, created by the operator; refused when the address already
/// has one (`address_taken`).
pub fn create_account(
    fresh: &mut dyn Fresh,
    standing: Standing,
    request: AccountRequest<'_>,
    address_taken: bool,
    now: DateTime<Utc>,
) -> Result<(Account, Change), DomainError> {
    authorize(&[standing], Action::CreateAccount)?;
    let AccountRequest {
        email,
        name,
        plan,
        staff,
    } = request;
    let name = text::person_name(name)?;
    if address_taken {
        return Err(DomainError::refused(format!(
            "an account with the address {email} already exists"
        )));
    }
    let account = Account {
        id: AccountId::fresh(fresh),
        email,
        name,
        plan: match plan {
            NewPlan::Free => PersonalPlan::Free,
            NewPlan::Pro(cycle) => PersonalPlan::Pro { cycle, since: now },
        },
        staff,
        ssh_keys: Vec::new(),
        created_at: now,
        plan_history: Vec::new(),
        credit: 0,
        payment_method: None,
    };
    let details = match staff {
        Some(Staff::Support) => AuditDetail::SupportAccount,
        None => AuditDetail::AccountCreated { plan: account.plan },
    };
    let mut change = Change::default();
    change.put(Put::Account(account.clone())).log(
        AuditBy::Operator,
        None,
        AuditAction::AccountCreate,
        account.email.to_string(),
        details,
    );
    Ok((account, change))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::Counter;
    use crate::domain::rules::fixtures::now;

    fn create(standing: Standing, taken: bool) -> Result<(Account, Change), DomainError> {
        let request = AccountRequest {
            email: Email::parse("sam@vendor.example").unwrap(),
            name: "Sam Support",
            plan: NewPlan::Free,
            staff: Some(Staff::Support),
        };
        create_account(&mut Counter::default(), standing, request, taken, now())
    }

    #[test]
    fn the_operator_creates_accounts_and_the_log_names_the_operator() {
        let (account, change) = create(Standing::Operator, false).unwrap();
        assert!(account.is_support());
        assert_eq!(change.puts, vec![Put::Account(account)]);
        assert_eq!(change.audit[0].by, AuditBy::Operator);
    }

    #[test]
    fn nobody_else_creates_accounts() {
        for standing in [Standing::Owner, Standing::Support, Standing::Outsider] {
            assert_eq!(create(standing, false).unwrap_err().exit_code(), 3);
        }
    }

    #[test]
    fn an_address_has_one_account() {
        let refusal = create(Standing::Operator, true).unwrap_err();
        assert!(refusal.to_string().contains("already exists"));
    }
}
