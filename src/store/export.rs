//! `export`, a record at a time: the same JSON as serialising a whole
//! [`Dump`](super::dump::Dump), written while the trees are read, so memory
//! stays bounded whatever the store holds. History comes from the archive
//! in the same key order as if it had never left.

use std::cell::RefCell;
use std::io;
use std::marker::PhantomData;

use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::dump::DUMP_FORMAT;
use super::{Record, Store, StoreError, codec};
use crate::billing::invoice::Invoice;
use crate::billing::ledger::{Adjustment, BillingAccount};
use crate::domain::outbox::OutboxMessage;
use crate::domain::{Account, AuditEntry, Invitation, Membership, Team, Template};

/// Why an export stopped.
#[derive(Debug)]
pub enum ExportFailure {
    Store(StoreError),
    /// Writing the output failed (a closed pipe, a full disk).
    Output(io::Error),
}

/// How many records an export wrote, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    pub records: usize,
}

/// Every record of one kind, serialised as a JSON array while it is read.
struct Records<'a, T> {
    store: &'a Store,
    /// A store failure met while serialising, kept to be reported as such.
    failure: &'a RefCell<Option<StoreError>>,
    written: &'a RefCell<usize>,
    kind: PhantomData<T>,
}

impl<T: Record> Serialize for Records<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fail = |error: StoreError| {
            let message = error.to_string();
            *self.failure.borrow_mut() = Some(error);
            S::Error::custom(message)
        };
        let mut seq = serializer.serialize_seq(None)?;
        for entry in self.store.records_ever(T::TREE).map_err(fail)? {
            let (_, bytes) = entry.map_err(fail)?;
            let record: T = codec::decode(&bytes).map_err(fail)?;
            seq.serialize_element(&record)?;
            *self.written.borrow_mut() += 1;
        }
        seq.end()
    }
}

/// The whole export, its fields in the order of [`Dump`](super::dump::Dump).
struct Streamed<'a> {
    store: &'a Store,
    failure: RefCell<Option<StoreError>>,
    written: RefCell<usize>,
}

impl Streamed<'_> {
    fn records<T>(&self) -> Records<'_, T> {
        Records {
            store: self.store,
            failure: &self.failure,
            written: &self.written,
            kind: PhantomData,
        }
    }
}

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut dump = serializer.serialize_struct("Dump", 11)?;
        dump.serialize_field("format", &DUMP_FORMAT)?;
        dump.serialize_field("accounts", &self.records::<Account>())?;
        dump.serialize_field("teams", &self.records::<Team>())?;
        dump.serialize_field("memberships", &self.records::<Membership>())?;
        dump.serialize_field("invitations", &self.records::<Invitation>())?;
        dump.serialize_field("templates", &self.records::<Template>())?;
        dump.serialize_field("audit", &self.records::<AuditEntry>())?;
        dump.serialize_field("outbox", &self.records::<OutboxMessage>())?;
        dump.serialize_field("billing_accounts", &self.records::<BillingAccount>())?;
        dump.serialize_field("adjustments", &self.records::<Adjustment>())?;
        dump.serialize_field("invoices", &self.records::<Invoice>())?;
        dump.end()
    }
}

/// Writes the export of `store` to `out` as pretty JSON and a newline, a
/// record at a time.
pub fn write_export(store: &Store, out: &mut dyn io::Write) -> Result<Exported, ExportFailure> {
    let streamed = Streamed {
        store,
        failure: RefCell::new(None),
        written: RefCell::new(0),
    };
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    let serialised = streamed.serialize(&mut serializer);
    if let Some(error) = streamed.failure.take() {
        return Err(ExportFailure::Store(error));
    }
    serialised.map_err(|e| ExportFailure::Output(e.into()))?;
    out.write_all(b"\n").map_err(ExportFailure::Output)?;
    Ok(Exported {
        records: streamed.written.take(),
    })
}
