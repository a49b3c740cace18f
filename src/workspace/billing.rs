//! Billing reads (R11, admins only): the summary, the upcoming invoice, the
//! issued ones, and what a change would cost before it is made.

use chrono::{DateTime, Utc};

use super::build::count;
use super::context::{TeamContext, person_ref};
use super::views::{BillingEffect, BillingView, InvoiceTotal};
use super::{Actor, TeamChoice, Workspace};
use crate::Error;
use crate::billing::invoice::{Invoice, LineKind, prorate};
use crate::billing::large_team_hint;
use crate::billing::ledger::Pricing;
use crate::billing::ledger::{BillingAccount, Due, billed_kind, cost_of_joining, next_invoice};
use crate::domain::change::Change;
use crate::domain::{Action, Email, Role, TeamKind, TeamPlan};
use crate::store::Reads;

/// How many invoice totals the history chart shows.
const RECENT_INVOICES: usize = 12;

/// A change whose cost can be previewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CostOf {
    /// Inviting these addresses with this role, were they to join today.
    Invite {
        emails: Vec<String>,
        role: Role,
    },
    RemoveMember {
        email: String,
    },
    ChangeRole {
        email: String,
        role: Role,
    },
    Upgrade,
    Downgrade,
}

impl Workspace {
    fn billing_context(&self, actor: &Actor) -> Result<(TeamContext, BillingAccount), Error> {
        let context = self.read_context(actor, &TeamChoice::Own, Action::ViewBilling)?;
        let account = self.billing_account(&context.team)?;
        Ok((context, account))
    }

    /// `billing show`.
    pub fn billing(&self, actor: &Actor) -> Result<BillingView, Error> {
        let (context, account) = self.billing_context(actor)?;
        let team = &context.team;
        let now = self.now();
        let counts = self.store.team_counts(Some(team.id))?;
        let (billable_seats, assistants) = (count(counts.billable_seats), count(counts.assistants));
        let pricing = Pricing {
            prices: &self.settings.prices,
            account: &account,
        };
        let recent: Vec<Invoice> = self.store.invoices_of(team.id, RECENT_INVOICES)?;
        Ok(BillingView {
            team: team.name.clone(),
            kind: team.kind_at(now),
            trial_days_left: team.trial_days_left(now),
            cycle: account.period.cycle,
            next_cycle: (team.cycle != account.period.cycle).then_some(team.cycle),
            owner: person_ref(&self.store, team.owner)?,
            billable_seats,
            assistants,
            currency: self.settings.prices.currency.clone(),
            seat_price: pricing.seat_price(&team.plan),
            period_total: self.upcoming(&context, &account)?.total,
            period: account.period,
            next_invoice_on: account.next_invoice_on(),
            credit: account.credit,
            payment_method: team.payment_method.as_ref().map(|card| card.describe()),
            card: team.payment_method.clone(),
            billing_email: team.billing_email.clone(),
            hint: large_team_hint(billable_seats).map(str::to_owned),
            seats_by_day: self.seats_by_day(&context, &account, billable_seats, now)?,
            recent_totals: recent
                .iter()
                .rev()
                .map(|invoice| InvoiceTotal {
                    period_start: invoice.period.start,
                    total: invoice.total,
                })
                .collect(),
        })
    }

    /// The invoice the next period would bring, as things stand now.
    fn upcoming(&self, context: &TeamContext, account: &BillingAccount) -> Result<Invoice, Error> {
        let team = &context.team;
        let (seats, _) = self.seats_of(team.id)?;
        let owner = person_ref(&self.store, team.owner)?;
        let pending = self.store.adjustments_of(team.id)?;
        let (invoice, _) = next_invoice(
            &self.settings.prices,
            Due {
                account,
                plan: &team.plan,
                cycle: team.cycle,
                billed_to: team.bill_to(&owner.email),
                currency: self.settings.prices.currency.clone(),
                seats: &seats,
                pending: &pending,
            },
        );
        Ok(invoice)
    }

    /// Billable seats on each day of the running period so far: today's
    /// count, walked back through the period's joins and leaves.
    fn seats_by_day(
        &self,
        context: &TeamContext,
        account: &BillingAccount,
        billable_now: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<usize>, Error> {
        let period = account.period;
        let today = now
            .date_naive()
            .min(period.end.pred_opt().unwrap_or(period.end));
        let days = usize::try_from((today - period.start).num_days() + 1).unwrap_or(0);
        let mut change_on = vec![0i64; days];
        for adjustment in self.store.adjustments_of(context.team.id)? {
            let line = &adjustment.line;
            if adjustment.period_start != period.start {
                continue;
            }
            let step = match line.kind {
                LineKind::Joined => 1,
                LineKind::Left => -1,
                _ => continue,
            };
            if let Ok(index) = usize::try_from((line.from - period.start).num_days())
                && index < days
            {
                change_on[index] += step;
            }
        }
        let mut seats = vec![0usize; days];
        let mut count = billable_now as i64;
        for day in (0..days).rev() {
            seats[day] = usize::try_from(count.max(0)).unwrap_or(0);
            count -= change_on[day];
        }
        Ok(seats)
    }

    /// `billing preview`: the upcoming invoice, every line.
    pub fn billing_preview(&self, actor: &Actor) -> Result<Invoice, Error> {
        let (context, account) = self.billing_context(actor)?;
        self.upcoming(&context, &account)
    }

    /// `billing invoices`: issued invoices, newest first.
    pub fn invoices(&self, actor: &Actor, limit: usize) -> Result<Vec<Invoice>, Error> {
        let (context, _) = self.billing_context(actor)?;
        Ok(self.store.invoices_of(context.team.id, limit)?)
    }

    /// What a change would do to the next invoice, before it is made: pro
    /// rata from today, counting only what really adds or removes a seat.
    pub fn cost_of(&self, actor: &Actor, change: &CostOf) -> Result<BillingEffect, Error> {
        let (context, account) = self.billing_context(actor)?;
        let team = &context.team;
        let today = self.now().date_naive();
        let pricing = Pricing {
            prices: &self.settings.prices,
            account: &account,
        };
        let seat_cost = |billable| cost_of_joining(pricing, &team.plan, billable, today);
        let (seats, amount) = match change {
            CostOf::Invite { emails, role } => {
                let adding = self.seats_an_invite_adds(team.id, emails)?;
                let seats = if role.is_billable() { adding } else { 0 };
                (seats, seats * seat_cost(true))
            }
            CostOf::RemoveMember { email } => match self.member_role(team.id, email)? {
                Some(role) if role.is_billable() => (-1, -seat_cost(true)),
                _ => (0, 0),
            },
            CostOf::ChangeRole { email, role } => match self.member_role(team.id, email)? {
                Some(before) => match (before.is_billable(), role.is_billable()) {
                    (true, false) => (-1, -seat_cost(true)),
                    (false, true) => (1, seat_cost(true)),
                    _ => (0, 0),
                },
                None => (0, 0),
            },
            CostOf::Upgrade | CostOf::Downgrade => {
                let (to, from) = match (change, &team.plan) {
                    (CostOf::Upgrade, TeamPlan::Pro) if !team.trial_used => {
                        (TeamKind::Pro, TeamKind::Pro)
                    }
                    (CostOf::Upgrade, _) => (TeamKind::Clinic, billed_kind(&team.plan)),
                    (_, plan) => (TeamKind::Pro, billed_kind(plan)),
                };
                let billable = count(self.store.team_counts(Some(team.id))?.billable_seats);
                let cycle = account.period.cycle;
                let prices = &self.settings.prices;
                let difference = prices.seat_price(to, cycle) - prices.seat_price(from, cycle);
                let period = account.period;
                let each = prorate(difference, period.days_from(today), period.days());
                (0, each * billable as i64)
            }
        };
        Ok(self.effect(seats, amount, &account))
    }

    /// What a change's adjustments add to the team's next invoice.
    pub(super) fn effect_of(&self, change: &Change, account: &BillingAccount) -> BillingEffect {
        let mut seats = 0;
        let mut amount = 0;
        for adjustment in change.adjustments() {
            amount += adjustment.line.amount;
            seats += match adjustment.line.kind {
                LineKind::Joined => 1,
                LineKind::Left => -1,
                _ => 0,
            };
        }
        self.effect(seats, amount, account)
    }

    /// An effect on the next invoice of a team billed on `account`.
    pub(super) fn effect(
        &self,
        seats: i64,
        amount: i64,
        account: &BillingAccount,
    ) -> BillingEffect {
        BillingEffect {
            seats,
            amount,
            currency: self.settings.prices.currency.clone(),
            cycle: account.period.cycle,
            next_invoice_on: account.next_invoice_on(),
        }
    }

    /// How many of `emails` would really add a seat: valid, listed once,
    /// not a member, not invited already.
    fn seats_an_invite_adds(
        &self,
        team: crate::domain::TeamId,
        emails: &[String],
    ) -> Result<i64, Error> {
        let mut seen = std::collections::HashSet::new();
        let mut adding = 0;
        for raw in emails {
            let Ok(email) = Email::parse(raw) else {
                continue;
            };
            if !seen.insert(email.clone()) {
                continue;
            }
            let member = match self.store.account_by_email(&email)? {
                Some(account) => self.store.team_of(account.id)? == Some(team),
                None => false,
            };
            let invited = self
                .store
                .invitations_for(&email)?
                .iter()
                .any(|i| i.team == team && i.is_open());
            if !member && !invited {
                adding += 1;
            }
        }
        Ok(adding)
    }

    /// The role of a team's member named by address, if it is one.
    fn member_role(&self, team: crate::domain::TeamId, email: &str) -> Result<Option<Role>, Error> {
        let Ok(email) = Email::parse(email) else {
            return Ok(None);
        };
        let Some(account) = self.store.account_by_email(&email)? else {
            return Ok(None);
        };
        Ok(self.store.membership(team, account.id)?.map(|m| m.role))
    }
}
