//! Counting days: the one way every rule and interface counts them (UTC).

use chrono::{DateTime, NaiveDate, Utc};

const SECONDS_A_DAY: i64 = 86_400;

/// A moment's day as messages and audit lines write it: `14 Mar 2026`.
pub fn day(at: DateTime<Utc>) -> String {
    date(at.date_naive())
}

/// A date as messages and audit lines write it: `14 Mar 2026`.
pub fn date(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// Days until `deadline`, a started day counting as a whole one; 0 once it has passed.
pub fn days_until(now: DateTime<Utc>, deadline: DateTime<Utc>) -> i64 {
    let seconds = (deadline - now).num_seconds().max(0);
    (seconds + SECONDS_A_DAY - 1) / SECONDS_A_DAY
}

/// Whole days from `earlier` to `later`; 0 when `later` is not later.
pub fn whole_days(earlier: DateTime<Utc>, later: DateTime<Utc>) -> i64 {
    (later - earlier).num_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn a_started_day_counts_as_a_whole_one_ahead_and_not_behind() {
        let now = Utc.with_ymd_and_hms(2026, 3, 14, 9, 0, 0).unwrap();
        assert_eq!(day(now), "14 Mar 2026");
        assert_eq!(days_until(now, now + Duration::hours(1)), 1);
        assert_eq!(days_until(now, now + Duration::days(2)), 2);
        assert_eq!(days_until(now, now - Duration::days(2)), 0);
        assert_eq!(whole_days(now - Duration::hours(47), now), 1);
        assert_eq!(whole_days(now, now - Duration::days(1)), 0);
    }
}
