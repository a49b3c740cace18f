//! What the clock brings about, recorded the first time anyone looks at a
//! team: the end of a Clinic trial (SPEC §2) and the invoice of each period
//! that has started (R11), in the order they happened, the same whoever
//! looked. Callers hold the writer lock and have authorised whoever looked.

use chrono::{DateTime, NaiveTime, Utc};

use super::Workspace;
use super::apply::apply;
use crate::Error;
use crate::billing::invoice::SeatHolder;
use crate::billing::ledger::{Biller, BillingAccount, Pricing};
use crate::domain::change::{Change, Put};
use crate::domain::rules::billing::{Invoicing, issue_invoice};
use crate::domain::rules::membership::holder;
use crate::domain::rules::team_plan;
use crate::domain::{Account, AuditAction, DomainError, Role, Team, TeamId, TeamPlan};
use crate::store::Reads;

/// More periods than any store can have gone unlooked-at: a bound on one settling.
const STEPS_MAX: usize = 10_000;

/// What is due next for a team.
enum Due {
    TrialEnd,
    Invoice,
}

impl Workspace {
    /// Everyone in a team with the seat an invoice names, and the assistants' accounts.
    pub(super) fn seats_of(&self, team: TeamId) -> Result<(Vec<SeatHolder>, Vec<Account>), Error> {
        let mut seats = Vec::new();
        let mut assistants = Vec::new();
        for membership in self.store.members_of(team)? {
            let account = self
                .store
                .account(membership.account)?
                .ok_or_else(|| DomainError::not_found("a member's account is missing"))?;
            seats.push(holder(&account, membership.role));
            if membership.role == Role::Assistant {
                assistants.push(account);
            }
        }
        Ok((seats, assistants))
    }

    /// A team's billing account; a team from before billing is first
    /// invoiced at its next period.
    pub(super) fn billing_account(&self, team: &Team) -> Result<BillingAccount, Error> {
        let today = self.now().date_naive();
        Ok(self.store.billing_account(team.id)?.unwrap_or_else(|| {
            BillingAccount::from_before_billing(team.id, team.created_at, team.cycle, today)
        }))
    }

    /// Whether the clock has brought something about for `team` by `now`
    /// that is not recorded yet.
    pub(super) fn settlement_due(&self, team: &Team, now: DateTime<Utc>) -> Result<bool, Error> {
        if team.deleted.is_some() {
            return Ok(false);
        }
        let invoice_at = self
            .billing_account(team)?
            .next_invoice_on()
            .and_time(NaiveTime::MIN)
            .and_utc();
        Ok(team.trial_outcome(now).is_some() || invoice_at <= now)
    }

    /// Records everything the clock has brought about for a team by `now`.
    pub(super) fn settle(&self, team_id: TeamId, now: DateTime<Utc>) -> Result<(), Error> {
        for _ in 0..STEPS_MAX {
            let Some(team) = self.store.team(team_id)? else {
                return Ok(());
            };
            if team.deleted.is_some() {
                return Ok(());
            }
            let account = self.billing_account(&team)?;
            if self.store.billing_account(team_id)?.is_none() {
                // A team from before billing: its account is kept from now on.
                let mut change = Change::default();
                change.put(Put::BillingAccount(account));
                self.write(now, |tx| apply(tx, &change, &mut self.fresh(now), now))?;
                continue;
            }
            let invoice_at = account.next_invoice_on().and_time(NaiveTime::MIN).and_utc();
            let trial_end = match team.plan {
                TeamPlan::ClinicTrial { ends_at, .. } if ends_at <= now => Some(ends_at),
                _ => None,
            };
            let due = match trial_end {
                Some(ends_at) if ends_at < invoice_at || invoice_at > now => Due::TrialEnd,
                _ if invoice_at <= now => Due::Invoice,
                _ => return Ok(()),
            };
            let (change, action) = match due {
                Due::TrialEnd => (self.trial_end(team, &account, now)?, AuditAction::TrialEnd),
                Due::Invoice => (self.invoice(&team, &account)?, AuditAction::InvoiceIssue),
            };
            self.write(now, |tx| apply(tx, &change, &mut self.fresh(now), now))?;
            self.announce(Some(team_id), action, now);
        }
        Err(DomainError::refused(format!(
            "team {team_id} has more than {STEPS_MAX} billing periods to catch up on"
        ))
        .into())
    }

    /// The end of a team's trial, billed against its account.
    fn trial_end(
        &self,
        team: Team,
        account: &BillingAccount,
        now: DateTime<Utc>,
    ) -> Result<Change, Error> {
        let (seats, assistants) = self.seats_of(team.id)?;
        let mut fresh = self.fresh(now);
        let mut biller = Biller {
            pricing: Pricing {
                prices: &self.settings.prices,
                account,
            },
            fresh: &mut fresh,
        };
        let mut change = team_plan::settle_trial(team, (assistants, &seats), &mut biller, now)
            .unwrap_or_default();
        change.put(Put::BillingAccount(account.clone()));
        Ok(change)
    }

    /// The invoice of a team's next period.
    fn invoice(&self, team: &Team, account: &BillingAccount) -> Result<Change, Error> {
        let (seats, _) = self.seats_of(team.id)?;
        let owner = self
            .store
            .account(team.owner)?
            .ok_or_else(|| DomainError::not_found("the team's owner is missing"))?;
        let pending = self.store.adjustments_of(team.id)?;
        let invoicing = Invoicing {
            team,
            owner: &owner,
            account,
            seats: &seats,
            pending: &pending,
        };
        Ok(issue_invoice(invoicing, &self.settings.prices))
    }
}
