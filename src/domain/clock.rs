//! Time is injected so rules about expiry and trials can be tested and demoed.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

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
