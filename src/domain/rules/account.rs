//! Accounts the store's operator creates, and the SSH keys that sign
//! their people in.

use chrono::{DateTime, Utc};

use crate::domain::account::{Account, Cycle, PersonalPlan, Staff};
use crate::domain::audit::AuditAction;
use crate::domain::audit_detail::AuditDetail;
use crate::domain::change::{AuditBy, Change, Put};
use crate::domain::error::DomainError;
use crate::domain::ids::{AccountId, Fresh};
use crate::domain::policy::{Action, Standing, authorize};
use crate::domain::ssh_key::AccountKey;
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

/// Registers `key` to `account` (the operator's). A key signs in as exactly
/// one account, so it is refused when `holder`, the account the key is
/// registered to now, is another one; the refusal names neither that
/// account nor anything of it.
pub fn add_key(
    standing: Standing,
    mut account: Account,
    key: &AccountKey,
    holder: Option<AccountId>,
) -> Result<(Account, Change), DomainError> {
    authorize(&[standing], Action::ManageAccountKeys)?;
    let on_this_account = holder == Some(account.id)
        || account
            .keys()
            .any(|own| own.fingerprint() == key.fingerprint());
    if on_this_account {
        return Err(DomainError::refused(format!(
            "this key is already registered to {}",
            account.email
        )));
    }
    if holder.is_some() {
        return Err(DomainError::refused(
            "this key is registered to another account: a key signs in as one account only",
        ));
    }
    account.ssh_keys.push(key.line().to_owned());
    let change = key_change(&account, AuditAction::AccountKeyAdd, key);
    Ok((account, change))
}

/// Removes the key with `fingerprint` from `account` (the operator's);
/// returns the account and the key as they were registered.
pub fn remove_key(
    standing: Standing,
    mut account: Account,
    fingerprint: &str,
) -> Result<(Account, AccountKey, Change), DomainError> {
    authorize(&[standing], Action::ManageAccountKeys)?;
    let found = account.ssh_keys.iter().enumerate().find_map(|(at, line)| {
        let key = AccountKey::parse(line).ok()?;
        (key.fingerprint() == fingerprint).then_some((at, key))
    });
    let Some((at, key)) = found else {
        return Err(DomainError::not_found(format!(
            "no key with the fingerprint {fingerprint} is registered to {}",
            account.email
        )));
    };
    account.ssh_keys.remove(at);
    let change = key_change(&account, AuditAction::AccountKeyRemove, &key);
    Ok((account, key, change))
}

/// The account written again, and the audit line naming the operator and the key.
fn key_change(account: &Account, action: AuditAction, key: &AccountKey) -> Change {
    let mut change = Change::default();
    change.put(Put::Account(account.clone())).log(
        AuditBy::Operator,
        None,
        action,
        account.email.to_string(),
        AuditDetail::Key {
            fingerprint: key.fingerprint().to_owned(),
        },
    );
    change
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::Counter;
    use crate::domain::rules::fixtures::now;
    use crate::domain::ssh_key::examples;

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

    fn with_key() -> (Account, AccountKey) {
        let (account, _) = create(Standing::Operator, false).unwrap();
        let key = AccountKey::parse(examples::ED25519).unwrap();
        let (account, _) = add_key(Standing::Operator, account, &key, None).unwrap();
        (account, key)
    }

    #[test]
    fn the_operator_adds_a_key_and_the_log_names_the_operator_and_the_fingerprint() {
        let (account, key) = with_key();
        assert_eq!(account.ssh_keys, [examples::ED25519]);
        let other = AccountKey::parse(examples::ECDSA_256).unwrap();
        let (account, change) = add_key(Standing::Operator, account, &other, None).unwrap();
        assert_eq!(account.keys().collect::<Vec<_>>(), [key, other.clone()]);
        assert_eq!(change.puts, vec![Put::Account(account.clone())]);
        let note = &change.audit[0];
        assert_eq!(note.by, AuditBy::Operator);
        assert_eq!(note.action, AuditAction::AccountKeyAdd);
        assert_eq!(note.target, "sam@vendor.example");
        assert_eq!(note.details.to_string(), other.fingerprint());
    }

    #[test]
    fn a_key_belongs_to_one_account() {
        let (account, key) = with_key();
        let again = add_key(Standing::Operator, account.clone(), &key, Some(account.id));
        let again = again.unwrap_err();
        assert_eq!(again.exit_code(), 5);
        assert!(again.to_string().contains("already registered"), "{again}");
        let mut other = account.clone();
        other.id = AccountId(uuid::Uuid::from_u128(99));
        other.ssh_keys.clear();
        let elsewhere = add_key(Standing::Operator, other, &key, Some(account.id)).unwrap_err();
        assert_eq!(elsewhere.exit_code(), 5);
        assert_eq!(
            elsewhere.to_string(),
            "this key is registered to another account: a key signs in as one account only"
        );
    }

    #[test]
    fn a_key_is_removed_by_its_fingerprint_and_an_unknown_one_is_not_found() {
        let (account, key) = with_key();
        let (emptied, removed, change) =
            remove_key(Standing::Operator, account.clone(), key.fingerprint()).unwrap();
        assert!(emptied.ssh_keys.is_empty());
        assert_eq!(removed, key);
        assert_eq!(change.audit[0].action, AuditAction::AccountKeyRemove);
        assert_eq!(change.audit[0].details.to_string(), key.fingerprint());
        let unknown = remove_key(Standing::Operator, emptied, key.fingerprint()).unwrap_err();
        assert_eq!(unknown.exit_code(), 4);
        assert!(unknown.to_string().contains(key.fingerprint()), "{unknown}");
    }

    #[test]
    fn nobody_but_the_operator_manages_keys() {
        let (account, key) = with_key();
        for standing in [Standing::Owner, Standing::Support, Standing::Outsider] {
            let adding = add_key(standing, account.clone(), &key, None).unwrap_err();
            assert_eq!(adding.exit_code(), 3);
            let removing = remove_key(standing, account.clone(), key.fingerprint()).unwrap_err();
            assert_eq!(removing.exit_code(), 3);
        }
    }
}
