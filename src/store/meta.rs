//! Facts about the store itself, kept in the `meta` tree beside the schema
//! version: which clock it runs on, and the newest moment a change recorded,
//! so time in a store never runs backwards.

use chrono::{DateTime, Utc};
use sled::IVec;

use super::{Store, StoreError, TreeName, Tx, TxError};

const CLOCK_KEY: &[u8] = b"clock";
const LATEST_CHANGE_KEY: &[u8] = b"latest_change";
const OVERRIDE_NOW_KEY: &[u8] = b"override_now";
const LAST_ID_KEY: &[u8] = b"last_id";

/// Which clock a store accepts, decided once when it is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockPolicy {
    /// The system clock only: `--now` is refused.
    System,
    /// Created under a clock override (a test or demo store): `--now` is honoured.
    Override,
}

impl ClockPolicy {
    fn as_bytes(self) -> &'static [u8] {
        match self {
            ClockPolicy::System => b"system",
            ClockPolicy::Override => b"override",
        }
    }
}

fn encode_time(at: DateTime<Utc>) -> [u8; 8] {
    at.timestamp_micros().to_be_bytes()
}

fn decode_time(what: &str, bytes: &[u8]) -> Result<DateTime<Utc>, StoreError> {
    <[u8; 8]>::try_from(bytes)
        .ok()
        .and_then(|raw| DateTime::from_timestamp_micros(i64::from_be_bytes(raw)))
        .ok_or_else(|| StoreError::Corrupt(format!("the store's {what} is unreadable")))
}

impl Store {
    fn meta(&self, key: &[u8]) -> Result<Option<IVec>, StoreError> {
        self.tree(TreeName::Meta)
            .get(key)
            .map_err(|e| self.fault(e))
    }

    /// The clock this store accepts; `None` for a store made before it was recorded.
    pub fn clock_policy(&self) -> Result<Option<ClockPolicy>, StoreError> {
        match self.meta(CLOCK_KEY)? {
            None => Ok(None),
            Some(bytes) if bytes == ClockPolicy::System.as_bytes() => Ok(Some(ClockPolicy::System)),
            Some(bytes) if bytes == ClockPolicy::Override.as_bytes() => {
                Ok(Some(ClockPolicy::Override))
            }
            Some(_) => Err(StoreError::Corrupt(
                "the store's clock setting is unreadable".into(),
            )),
        }
    }

    /// Records the clock of a new store, durably.
    pub fn set_clock_policy(&self, policy: ClockPolicy) -> Result<(), StoreError> {
        self.tree(TreeName::Meta)
            .insert(CLOCK_KEY, policy.as_bytes())
            .map_err(|e| self.fault(e))?;
        self.flush()
    }

    /// The time of the newest change ever recorded in this store.
    pub fn latest_change(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.meta(LATEST_CHANGE_KEY)?
            .map(|bytes| decode_time("latest change time", &bytes))
            .transpose()
    }

    /// The newest identifier any change has given out (0 for a new store).
    pub fn last_id(&self) -> Result<u128, StoreError> {
        match self.meta(LAST_ID_KEY)? {
            None => Ok(0),
            Some(bytes) => <[u8; 16]>::try_from(bytes.as_ref())
                .map(u128::from_be_bytes)
                .map_err(|_| {
                    StoreError::Corrupt("the store's last identifier is unreadable".into())
                }),
        }
    }

    /// Where an overridden clock (the demo's) was left, so it resumes there.
    pub fn override_now(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.meta(OVERRIDE_NOW_KEY)?
            .map(|bytes| decode_time("demo clock", &bytes))
            .transpose()
    }

    /// Remembers where an overridden clock stands, durably.
    pub fn set_override_now(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.tree(TreeName::Meta)
            .insert(OVERRIDE_NOW_KEY, &encode_time(at))
            .map_err(|e| self.fault(e))?;
        self.flush()
    }
}

impl Tx<'_> {
    /// Records a change's time and the newest identifier it gave out, in the
    /// change's own transaction: later changes (of any process) come after both.
    pub fn record_change(&self, at: DateTime<Utc>, last_id: u128) -> Result<(), TxError> {
        self.put_raw(
            TreeName::Meta,
            LATEST_CHANGE_KEY.to_vec(),
            encode_time(at).to_vec(),
        )?;
        self.put_raw(
            TreeName::Meta,
            LAST_ID_KEY.to_vec(),
            last_id.to_be_bytes().to_vec(),
        )
    }
}

const SWEPT_AT_KEY: &[u8] = b"archive_swept_at";

impl Store {
    /// When history last finished moving into the archive.
    pub fn swept_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.meta(SWEPT_AT_KEY)?
            .map(|bytes| decode_time("last archive sweep", &bytes))
            .transpose()
    }

    /// Remembers when history last finished moving, durably.
    pub fn set_swept_at(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.tree(TreeName::Meta)
            .insert(SWEPT_AT_KEY, &encode_time(at))
            .map_err(|e| self.fault(e))?;
        self.flush()
    }
}
