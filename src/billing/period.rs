//! Billing periods: whole UTC days from a team's anchor day, a month or a
//! year long. A monthly anchor on the 29th–31st falls on the last day of a
//! shorter month; a yearly one on 29 February falls on the 28th.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::Cycle;

/// One billing period: `[start, end)` in whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: NaiveDate,
    /// The first day of the next period.
    pub end: NaiveDate,
    pub cycle: Cycle,
}

impl Period {
    /// The period that starts on `start` for a team anchored on day
    /// `anchor_day` of the month.
    pub fn starting(start: NaiveDate, anchor_day: u32, cycle: Cycle) -> Self {
        Self {
            start,
            end: next_start(start, anchor_day, cycle),
            cycle,
        }
    }

    /// Days in the period.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// Days from `day` to the end of the period, `day` included (0 when
    /// `day` is past it, the whole period when before it).
    pub fn days_from(&self, day: NaiveDate) -> i64 {
        let from = day.max(self.start);
        (self.end - from).num_days().max(0)
    }

    /// Whether `day` falls in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day < self.end
    }

    /// The period after this one, in `cycle` (a cycle change takes effect here).
    pub fn next(&self, anchor_day: u32, cycle: Cycle) -> Self {
        Self::starting(self.end, anchor_day, cycle)
    }
}

/// The first day of the period after one that starts on `start`.
pub fn next_start(start: NaiveDate, anchor_day: u32, cycle: Cycle) -> NaiveDate {
    let months = match cycle {
        Cycle::Monthly => 1,
        Cycle::Yearly => 12,
    };
    let month_later = start
        .with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(months)))
        .expect("billing dates stay within chrono's range");
    let last_day = last_day_of_month(month_later);
    month_later
        .with_day(anchor_day.min(last_day))
        .expect("a day within the month")
}

fn last_day_of_month(first: NaiveDate) -> u32 {
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .map_or(28, |last| last.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_monthly_period_runs_from_the_anchor_day_to_the_next() {
        let january = Period::starting(day(2027, 1, 1), 1, Cycle::Monthly);
        assert_eq!(january.end, day(2027, 2, 1));
        assert_eq!(january.days(), 31);
        assert_eq!(january.days_from(day(2027, 1, 12)), 20);
        assert_eq!(january.days_from(day(2027, 1, 25)), 7);
        assert_eq!(january.days_from(day(2027, 2, 3)), 0);
    }

    #[test]
    fn an_anchor_on_the_31st_falls_on_the_last_day_of_shorter_months() {
        let mut period = Period::starting(day(2027, 1, 31), 31, Cycle::Monthly);
        let mut starts = vec![period.start];
        for _ in 0..4 {
            period = period.next(31, Cycle::Monthly);
            starts.push(period.start);
        }
        assert_eq!(
            starts,
            [
                day(2027, 1, 31),
                day(2027, 2, 28),
                day(2027, 3, 31),
                day(2027, 4, 30),
                day(2027, 5, 31)
            ]
        );
        let leap = Period::starting(day(2028, 1, 31), 31, Cycle::Monthly);
        assert_eq!(leap.end, day(2028, 2, 29));
    }

    #[test]
    fn a_yearly_period_lasts_a_year_and_29_february_falls_on_the_28th() {
        let year = Period::starting(day(2028, 2, 29), 29, Cycle::Yearly);
        assert_eq!(year.end, day(2029, 2, 28));
        assert_eq!(year.days(), 365);
        let after = year.next(29, Cycle::Yearly);
        assert_eq!(after.end, day(2030, 2, 28));
        let leap_again = Period::starting(day(2031, 2, 28), 29, Cycle::Yearly);
        assert_eq!(leap_again.end, day(2032, 2, 29));
    }

    #[test]
    fn a_cycle_change_starts_with_the_next_period() {
        let monthly = Period::starting(day(2027, 3, 15), 15, Cycle::Monthly);
        let yearly = monthly.next(15, Cycle::Yearly);
        assert_eq!(yearly.start, day(2027, 4, 15));
        assert_eq!(yearly.end, day(2028, 4, 15));
    }
}
