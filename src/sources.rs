//! Where time, identifiers and secrets come from. The domain reads none of
//! them itself: the workspace takes them from here and hands them in as values,
//! so rules about expiry and trials can be tested and demoed.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::domain::ids::Fresh;
use crate::domain::invitation::{LINK_KEY_BYTES, LinkKey};

/// The source of "now" for every rule that depends on time.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Whether this clock overrides the system's time (`--now`, the demo,
    /// tests): only stores created under an override accept one.
    fn is_override(&self) -> bool;
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn is_override(&self) -> bool {
        false
    }
}

/// A clock that only moves when told to: `--now`, tests, and the demo's
/// "move time forward" control.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(now),
        }
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn is_override(&self) -> bool {
        true
    }
}

/// Time-ordered identifiers (UUID v7, stamped with the store's time, not
/// the wall clock's) and secrets from the operating system's random source.
#[derive(Debug, Default)]
pub struct Entropy {
    /// The last identifier given out: the next one is always greater.
    last: Mutex<u128>,
}

impl Entropy {
    /// A source whose identifiers all come after `last` (the newest one a
    /// store holds), so ids stay in order across processes sharing a store.
    pub fn after(last: u128) -> Self {
        Self {
            last: Mutex::new(last),
        }
    }

    /// The newest identifier given out so far.
    pub fn last(&self) -> u128 {
        *self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Makes every later identifier come after `id` (one read from elsewhere,
    /// such as an import).
    pub fn advance_past(&self, id: u128) {
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *last = (*last).max(id);
    }

    /// A source for one change made at `now`, whose links are derived under
    /// `link_key` (a change made without one issues no link).
    pub fn at<'a>(&'a self, now: DateTime<Utc>, link_key: Option<&'a LinkKey>) -> FreshAt<'a> {
        FreshAt {
            entropy: self,
            now,
            link_key,
        }
    }

    fn next_uuid(&self, now: DateTime<Utc>) -> Uuid {
        let mut random = [0u8; 10];
        fill_random(&mut random);
        let millis = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        let candidate = uuid::Builder::from_unix_timestamp_millis(millis, &random)
            .into_uuid()
            .as_u128();
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Several ids in one millisecond (or a clock held still) still come
        // out in order: one more than the last, in its random low bits.
        *last = if candidate > *last {
            candidate
        } else {
            *last + 1
        };
        Uuid::from_u128(*last)
    }
}

/// Fills `bytes` from the operating system's random source.
pub fn fill_random(bytes: &mut [u8]) {
    getrandom::fill(bytes).expect("the operating system's random source failed");
}

/// A random number, for names no other writer picks.
pub fn nonce() -> u64 {
    let mut bytes = [0u8; 8];
    fill_random(&mut bytes);
    u64::from_be_bytes(bytes)
}

/// A random fraction from 0 to 1, to spread retries apart.
pub fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    fill_random(&mut bytes);
    f64::from(u32::from_be_bytes(bytes)) / f64::from(u32::MAX)
}

/// A new random link key (for a new install, or a rotation).
pub fn random_link_key() -> LinkKey {
    let mut bytes = [0; LINK_KEY_BYTES];
    fill_random(&mut bytes);
    LinkKey::from_bytes(bytes)
}

/// [`Entropy`] for one change: its identifiers carry the change's time.
pub struct FreshAt<'a> {
    entropy: &'a Entropy,
    now: DateTime<Utc>,
    link_key: Option<&'a LinkKey>,
}

impl Fresh for FreshAt<'_> {
    fn uuid(&mut self) -> Uuid {
        self.entropy.next_uuid(self.now)
    }

    fn link_key(&self) -> &LinkKey {
        self.link_key
            .expect("a change that issues links is refused before it runs without the link key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn identifiers_follow_the_given_time_and_never_go_backwards() {
        let entropy = Entropy::default();
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let key = random_link_key();
        let mut fresh = entropy.at(at, Some(&key));
        let ids: Vec<Uuid> = (0..1_000).map(|_| fresh.uuid()).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
        let (seconds, _) = ids[0].get_timestamp().expect("a v7 timestamp").to_unix();
        assert_eq!(seconds as i64, at.timestamp());
        assert_eq!(ids[999].get_version_num(), 7);
        assert_ne!(random_link_key(), key);
        let later = Entropy::after(entropy.last());
        assert!(later.at(at, None).uuid() > ids[999]);
    }
}
