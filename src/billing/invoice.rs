//! Invoices (R11): one per team per period, issued when the period starts,
//! holding every billable seat at that moment at the full price, the
//! pro-rata lines of what changed during the previous period, and credit
//! carried between invoices. Money is integer minor units; every total is the
//! exact sum of its lines; an issued invoice never changes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::period::Period;
use crate::domain::{AccountId, Role, TeamId};

/// Why a line is on an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A billable seat for the whole period.
    Seat,
    /// An assistant: listed, never charged.
    Assistant,
    /// A seat added during the previous period, charged from that day.
    Joined,
    /// A seat removed during the previous period, its unused days credited.
    Left,
    /// A seat's price changed (Pro ↔ Clinic) during the previous period:
    /// the difference from that day.
    PriceChanged,
    /// Credit from earlier invoices, applied to this one.
    CreditApplied,
    /// Credit larger than this invoice, carried to the next (never paid out).
    CreditCarried,
}

/// Who holds a seat, as an invoice names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatHolder {
    pub account: AccountId,
    pub name: String,
    pub role: Role,
}

/// One line of an invoice, or a change waiting for the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub kind: LineKind,
    /// The seat the line is for; `None` for credit lines.
    pub seat: Option<SeatHolder>,
    /// The days the line covers: from `from` up to (not including) `to`.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Days charged of the period's `period_days` (all of them for a whole seat).
    pub days: i64,
    pub period_days: i64,
    /// A whole period's price (for a price change, the difference).
    pub unit_price: i64,
    /// What the line adds to the invoice (negative for a credit).
    pub amount: i64,
}

/// One team's bill for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub team: TeamId,
    pub period: Period,
    /// Who pays: the team's owner when it was issued (their address).
    pub billed_to: String,
    pub currency: String,
    pub lines: Vec<Line>,
    /// The exact sum of the lines; never negative.
    pub total: i64,
}

/// `price × days / of_days`, rounded half-up to the minor unit (half away
/// from zero for a negative price).
pub fn prorate(price: i64, days: i64, of_days: i64) -> i64 {
    if of_days <= 0 {
        return 0;
    }
    let sign = price.signum();
    let scaled = i128::from(price.abs()) * i128::from(days) * 2 + i128::from(of_days);
    let rounded = scaled / (2 * i128::from(of_days));
    sign * i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// The part of `period` from `day` (included) to its end, for `seat`,
/// at `unit_price` for a whole period: a join, a leave (negative), a price change.
pub fn partial_line(
    kind: LineKind,
    period: &Period,
    seat: SeatHolder,
    unit_price: i64,
    day: NaiveDate,
) -> Line {
    let days = period.days_from(day);
    let sign = if kind == LineKind::Left { -1 } else { 1 };
    Line {
        kind,
        seat: Some(seat),
        from: day.max(period.start),
        to: period.end,
        days,
        period_days: period.days(),
        unit_price,
        amount: sign * prorate(unit_price, days, period.days()),
    }
}

/// What an invoice is issued from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue<'a> {
    pub team: TeamId,
    pub period: Period,
    pub billed_to: String,
    pub currency: String,
    /// A billable seat's price for this period (by the team's plan and cycle).
    pub seat_price: i64,
    /// Everyone in the team when the period starts.
    pub seats: &'a [SeatHolder],
    /// The lines of what changed during the previous period.
    pub changes: Vec<Line>,
    /// Credit carried from earlier invoices.
    pub credit: i64,
}

/// Issues the invoice of a period; returns it with the credit left for the next.
pub fn issue(request: Issue<'_>) -> (Invoice, i64) {
    let Issue {
        team,
        period,
        billed_to,
        currency,
        seat_price,
        seats,
        changes,
        credit,
    } = request;
    let mut lines: Vec<Line> = seats
        .iter()
        .map(|seat| {
            let billable = seat.role.is_billable();
            Line {
                kind: if billable {
                    LineKind::Seat
                } else {
                    LineKind::Assistant
                },
                seat: Some(seat.clone()),
                from: period.start,
                to: period.end,
                days: period.days(),
                period_days: period.days(),
                unit_price: if billable { seat_price } else { 0 },
                amount: if billable { seat_price } else { 0 },
            }
        })
        .collect();
    lines.extend(changes);
    let subtotal: i64 = lines.iter().map(|line| line.amount).sum();
    let credit_line = |kind, amount| Line {
        kind,
        seat: None,
        from: period.start,
        to: period.end,
        days: 0,
        period_days: period.days(),
        unit_price: 0,
        amount,
    };
    let credit_left = if subtotal < 0 {
        lines.push(credit_line(LineKind::CreditCarried, -subtotal));
        credit - subtotal
    } else {
        let applied = credit.min(subtotal);
        if applied > 0 {
            lines.push(credit_line(LineKind::CreditApplied, -applied));
        }
        credit - applied
    };
    let total = lines.iter().map(|line| line.amount).sum();
    let invoice = Invoice {
        team,
        period,
        billed_to,
        currency,
        lines,
        total,
    };
    (invoice, credit_left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Cycle;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn seat(n: u128, name: &str, role: Role) -> SeatHolder {
        SeatHolder {
            account: AccountId(uuid::Uuid::from_u128(n)),
            name: name.into(),
            role,
        }
    }

    #[test]
    fn pro_rata_rounds_half_up_to_the_minor_unit() {
        assert_eq!(prorate(9900, 20, 31), 6387);
        assert_eq!(prorate(9900, 12, 31), 3832);
        assert_eq!(prorate(9900, 7, 31), 2235);
        assert_eq!(prorate(9900, 16, 31), 5110);
        assert_eq!(prorate(-9900, 7, 31), -2235);
        assert_eq!(prorate(1, 1, 2), 1);
        assert_eq!(prorate(9900, 31, 31), 9900);
        assert_eq!(prorate(9900, 0, 31), 0);
    }

    /// SPEC's worked example: a team created 1 January 2027, monthly, its
    /// owner alone; M joins on the 12th, N on the 20th, M is removed on the 25th.
    #[test]
    fn the_worked_example_bills_27784_on_the_first_of_february() {
        let team = TeamId(uuid::Uuid::from_u128(7));
        let january = Period::starting(day(2027, 1, 1), 1, Cycle::Monthly);
        let olivia = seat(1, "Olivia", Role::Admin);
        let (first, credit) = issue(Issue {
            team,
            period: january,
            billed_to: "olivia@bondi.example".into(),
            currency: "USD".into(),
            seat_price: 9900,
            seats: std::slice::from_ref(&olivia),
            changes: Vec::new(),
            credit: 0,
        });
        assert_eq!(first.total, 9900);
        let m = seat(2, "M", Role::Member);
        let n = seat(3, "N", Role::Member);
        let changes = vec![
            partial_line(
                LineKind::Joined,
                &january,
                m.clone(),
                9900,
                day(2027, 1, 12),
            ),
            partial_line(
                LineKind::Joined,
                &january,
                n.clone(),
                9900,
                day(2027, 1, 20),
            ),
            partial_line(LineKind::Left, &january, m, 9900, day(2027, 1, 25)),
        ];
        assert_eq!(
            changes.iter().map(|l| l.amount).collect::<Vec<_>>(),
            [6387, 3832, -2235]
        );
        let (february, credit) = issue(Issue {
            team,
            period: january.next(1, Cycle::Monthly),
            billed_to: "olivia@bondi.example".into(),
            currency: "USD".into(),
            seat_price: 9900,
            seats: &[olivia, n],
            changes,
            credit,
        });
        assert_eq!(february.period.start, day(2027, 2, 1));
        assert_eq!(february.total, 27784);
        assert_eq!(credit, 0);
        assert_eq!(
            february.total,
            february.lines.iter().map(|l| l.amount).sum::<i64>()
        );
    }

    #[test]
    fn a_credit_larger_than_the_invoice_is_carried_not_paid_out() {
        let team = TeamId(uuid::Uuid::from_u128(7));
        let period = Period::starting(day(2027, 3, 1), 1, Cycle::Monthly);
        let assistant = seat(4, "Ash", Role::Assistant);
        let left = partial_line(
            LineKind::Left,
            &period,
            seat(5, "Mo", Role::Member),
            12900,
            day(2027, 3, 2),
        );
        let request = |changes: Vec<Line>, credit| Issue {
            team,
            period,
            billed_to: "o@x.example".into(),
            currency: "USD".into(),
            seat_price: 12900,
            seats: std::slice::from_ref(&assistant),
            changes,
            credit,
        };
        let (invoice, credit) = issue(request(vec![left.clone()], 100));
        assert_eq!(invoice.total, 0);
        assert_eq!(credit, 100 - left.amount);
        assert_eq!(invoice.lines[0].kind, LineKind::Assistant);
        assert_eq!(invoice.lines[0].amount, 0);
        let (next, rest) = issue(request(Vec::new(), credit));
        assert_eq!(next.total, 0);
        assert_eq!(rest, credit);
    }
}
