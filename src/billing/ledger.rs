//! Where a team's billing stands — the period running, whether its invoice is
//! out, credit carried — and what each change adds to the next invoice.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::PriceList;
use super::invoice::{Invoice, Issue, Line, LineKind, SeatHolder, issue, partial_line};
use super::period::Period;
use crate::domain::ids::{AdjustmentId, Fresh};
use crate::domain::{Cycle, TeamId, TeamKind, TeamPlan};

/// A team's billing account (R11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingAccount {
    pub team: TeamId,
    /// The day of the month periods start on: the team's creation day.
    pub anchor_day: u32,
    /// The period running now.
    pub period: Period,
    /// Whether the invoice of `period` has been issued.
    pub invoiced: bool,
    /// Credit carried between invoices, in minor units; never paid out.
    pub credit: i64,
}

impl BillingAccount {
    /// A new team's account: its first period starts the day it is created.
    pub fn open(team: TeamId, created: DateTime<Utc>, cycle: Cycle) -> Self {
        let start = created.date_naive();
        Self {
            team,
            anchor_day: start.day(),
            period: Period::starting(start, start.day(), cycle),
            invoiced: false,
            credit: 0,
        }
    }

    /// The account of a team from before billing: its periods run from its
    /// creation day, and its first invoice is the one of the period after
    /// `today` (nothing is billed for periods that went by unbilled).
    pub fn from_before_billing(
        team: TeamId,
        created: DateTime<Utc>,
        cycle: Cycle,
        today: NaiveDate,
    ) -> Self {
        let mut account = Self::open(team, created, cycle);
        while account.period.end <= today {
            account.period = account.period.next(account.anchor_day, cycle);
        }
        account.invoiced = true;
        account
    }

    /// When the next invoice is issued: the running period's start if its
    /// invoice is not out yet, else the next period's.
    pub fn next_invoice_on(&self) -> NaiveDate {
        if self.invoiced {
            self.period.end
        } else {
            self.period.start
        }
    }

    /// The period the next invoice is for, with the owner's chosen `cycle`
    /// taking effect there.
    pub fn next_period(&self, cycle: Cycle) -> Period {
        if self.invoiced {
            self.period.next(self.anchor_day, cycle)
        } else {
            self.period
        }
    }
}

/// A pro-rata line waiting for the invoice after the period it falls in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub id: AdjustmentId,
    pub team: TeamId,
    /// The period the change fell in: the next invoice after it carries it.
    pub period_start: NaiveDate,
    pub line: Line,
}

/// The rate a billable seat is charged at: a Clinic trial at the Pro rate.
pub fn billed_kind(plan: &TeamPlan) -> TeamKind {
    match plan {
        TeamPlan::Clinic => TeamKind::Clinic,
        TeamPlan::Pro | TeamPlan::ClinicTrial { .. } => TeamKind::Pro,
    }
}

/// The prices and billing account a change to a team is billed against.
#[derive(Debug, Clone, Copy)]
pub struct Pricing<'a> {
    pub prices: &'a PriceList,
    pub account: &'a BillingAccount,
}

impl Pricing<'_> {
    /// A whole period's price of one billable seat on a team on `plan`.
    pub fn seat_price(&self, plan: &TeamPlan) -> i64 {
        self.prices
            .seat_price(billed_kind(plan), self.account.period.cycle)
    }
}

/// Turns changes to a team's seats and prices into adjustments for its
/// next invoice: the prices and account, and a source of new ids.
pub struct Biller<'a> {
    pub pricing: Pricing<'a>,
    pub fresh: &'a mut dyn Fresh,
}

impl Biller<'_> {
    fn adjustment(&mut self, line: Line) -> Adjustment {
        Adjustment {
            id: AdjustmentId::fresh(self.fresh),
            team: self.pricing.account.team,
            period_start: self.pricing.account.period.start,
            line,
        }
    }

    /// A seat added (`Joined`) or removed (`Left`) on `day`, pro rata for
    /// the rest of the period; `None` for an assistant, who is free.
    pub fn seat_change(
        &mut self,
        plan: &TeamPlan,
        kind: LineKind,
        seat: SeatHolder,
        day: NaiveDate,
    ) -> Option<Adjustment> {
        if !seat.role.is_billable() {
            return None;
        }
        let period = self.pricing.account.period;
        let line = partial_line(kind, &period, seat, self.pricing.seat_price(plan), day);
        Some(self.adjustment(line))
    }

    /// The price difference for every billable seat when the team's rate
    /// moves from `from` to `to` on `day` (none when the rate stays).
    pub fn rate_change(
        &mut self,
        seats: &[SeatHolder],
        (from, to): (TeamKind, TeamKind),
        day: NaiveDate,
    ) -> Vec<Adjustment> {
        let period = self.pricing.account.period;
        let prices = self.pricing.prices;
        let difference =
            prices.seat_price(to, period.cycle) - prices.seat_price(from, period.cycle);
        if difference == 0 {
            return Vec::new();
        }
        seats
            .iter()
            .filter(|seat| seat.role.is_billable())
            .map(|seat| {
                let line = partial_line(
                    LineKind::PriceChanged,
                    &period,
                    seat.clone(),
                    difference,
                    day,
                );
                self.adjustment(line)
            })
            .collect()
    }
}

/// What one more seat in `role` would add to the next invoice if it joined
/// on `day`: pro rata, nothing for an assistant.
pub fn cost_of_joining(
    pricing: Pricing<'_>,
    plan: &TeamPlan,
    billable: bool,
    day: NaiveDate,
) -> i64 {
    if !billable {
        return 0;
    }
    let period = &pricing.account.period;
    super::invoice::prorate(
        pricing.seat_price(plan),
        period.days_from(day),
        period.days(),
    )
}

/// Credit for the unused whole days, `day` included, of a personal Pro plan
/// paid since `since` that ends on `day` (R6: no one pays twice).
pub fn personal_credit(
    prices: &PriceList,
    cycle: Cycle,
    since: DateTime<Utc>,
    day: NaiveDate,
) -> i64 {
    let start = since.date_naive();
    let mut period = Period::starting(start, start.day(), cycle);
    while period.end <= day {
        period = period.next(start.day(), cycle);
    }
    let price = prices.seat_price(TeamKind::Pro, cycle);
    super::invoice::prorate(price, period.days_from(day), period.days())
}

/// What the next invoice of a team is issued from.
#[derive(Debug, Clone)]
pub struct Due<'a> {
    pub account: &'a BillingAccount,
    /// The team's plan when the period starts, and the owner's chosen cycle.
    pub plan: &'a TeamPlan,
    pub cycle: Cycle,
    /// Where the invoice goes (see `Team::bill_to`).
    pub billed_to: String,
    pub currency: String,
    pub seats: &'a [SeatHolder],
    /// The adjustments not yet on an invoice.
    pub pending: &'a [Adjustment],
}

/// The next invoice of a team and its account afterwards: the next period,
/// every seat at its full price, and the changes of the period before.
pub fn next_invoice(prices: &PriceList, due: Due<'_>) -> (Invoice, BillingAccount) {
    let period = due.account.next_period(due.cycle);
    let changes: Vec<Line> = due
        .pending
        .iter()
        .filter(|adjustment| adjustment.period_start < period.start)
        .map(|adjustment| adjustment.line.clone())
        .collect();
    let (invoice, credit) = issue(Issue {
        team: due.account.team,
        period,
        billed_to: due.billed_to,
        currency: due.currency,
        seat_price: prices.seat_price(billed_kind(due.plan), period.cycle),
        seats: due.seats,
        changes,
        credit: due.account.credit,
    });
    let account = BillingAccount {
        period,
        invoiced: true,
        credit,
        ..due.account.clone()
    };
    (invoice, account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::domain::ids::{AccountId, Counter};
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_team_from_before_billing_is_first_invoiced_at_its_next_period() {
        let fresh = &mut Counter::default();
        let today = at(2027, 5, 20).date_naive();
        let account = BillingAccount::from_before_billing(
            TeamId::fresh(fresh),
            at(2026, 1, 31),
            Cycle::Monthly,
            today,
        );
        assert!(account.period.contains(today));
        assert_eq!(account.next_invoice_on(), at(2027, 5, 31).date_naive());
    }

    #[test]
    fn a_pro_joiner_is_credited_the_unused_days_of_their_own_period() {
        let prices = PriceList::default();
        let credit = personal_credit(
            &prices,
            Cycle::Monthly,
            at(2027, 1, 5),
            at(2027, 1, 20).date_naive(),
        );
        assert_eq!(credit, 5110);
        let later_period = personal_credit(
            &prices,
            Cycle::Monthly,
            at(2026, 11, 5),
            at(2027, 1, 20).date_naive(),
        );
        assert_eq!(later_period, 5110);
    }

    #[test]
    fn assistants_cost_nothing_and_a_rate_change_prices_each_billable_seat() {
        let prices = PriceList::default();
        let fresh = &mut Counter::default();
        let account = BillingAccount::open(TeamId::fresh(fresh), at(2027, 1, 1), Cycle::Monthly);
        let pricing = Pricing {
            prices: &prices,
            account: &account,
        };
        let mut biller = Biller { pricing, fresh };
        let seat = |role| SeatHolder {
            account: AccountId(uuid::Uuid::from_u128(9)),
            name: "Ash".into(),
            role,
        };
        let day = at(2027, 1, 20).date_naive();
        assert!(
            biller
                .seat_change(
                    &TeamPlan::Clinic,
                    LineKind::Joined,
                    seat(Role::Assistant),
                    day
                )
                .is_none()
        );
        assert_eq!(cost_of_joining(pricing, &TeamPlan::Clinic, false, day), 0);
        let upgrade = biller.rate_change(
            &[seat(Role::Admin), seat(Role::Assistant)],
            (TeamKind::Pro, TeamKind::Clinic),
            day,
        );
        assert_eq!(upgrade.len(), 1);
        assert_eq!(
            upgrade[0].line.amount,
            super::super::invoice::prorate(3000, 12, 31)
        );
    }
}
