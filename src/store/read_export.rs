//! Reading an export's JSON a record at a time: each list's records are
//! handed over as they are parsed, never gathered, so an export of any size
//! is read in little memory. Lists may come in any order; a key this
//! teamdesk does not know is skipped, as whole-file reading always did.

use std::cell::RefCell;
use std::fmt;
use std::io;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::StoreError;
use super::import::Importer;

/// Why an export could not be read.
#[derive(Debug)]
pub enum ReadFailure {
    /// Not an export: the parser's sentence.
    NotAnExport(String),
    Store(StoreError),
}

/// The parser's state: the import, and a store failure met along the way
/// (kept aside, since the parser only carries its own errors).
struct Reading<'i, 'a> {
    importer: Option<&'i mut Importer<'a>>,
    failure: RefCell<Option<StoreError>>,
    format: Option<u32>,
}

/// Hands each parsed record of one kind to `put`.
struct List<'r, 'i, 'a, T> {
    reading: &'r mut Reading<'i, 'a>,
    put: fn(&mut Importer<'a>, &T) -> Result<(), StoreError>,
    kind: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for List<'_, '_, '_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for List<'_, '_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(record) = seq.next_element::<T>()? {
            if let Some(importer) = self.reading.importer.as_deref_mut()
                && let Err(error) = (self.put)(importer, &record)
            {
                let message = error.to_string();
                *self.reading.failure.borrow_mut() = Some(error);
                return Err(de::Error::custom(message));
            }
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for &mut Reading<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a teamdesk export (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let format: u32 = map.next_value()?;
                    self.format = Some(format);
                    if let Some(importer) = self.importer.as_deref_mut() {
                        importer.format(format);
                    }
                }
                // A first look checks the JSON only, keeping nothing.
                _ if self.importer.is_none() => {
                    map.next_value::<IgnoredAny>()?;
                }
                "accounts" => map.next_value_seed(self.list(Importer::account))?,
                "teams" => map.next_value_seed(self.list(Importer::team))?,
                "memberships" => map.next_value_seed(self.list(Importer::membership))?,
                "invitations" => map.next_value_seed(self.list(Importer::invitation))?,
                "templates" => map.next_value_seed(self.list(Importer::template))?,
                "audit" => map.next_value_seed(self.list(Importer::audit))?,
                "outbox" => map.next_value_seed(self.list(Importer::message))?,
                "billing_accounts" => map.next_value_seed(self.list(Importer::billing_account))?,
                "adjustments" => map.next_value_seed(self.list(Importer::adjustment))?,
                "invoices" => map.next_value_seed(self.list(Importer::invoice))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if self.format.is_none() {
            return Err(de::Error::missing_field("format"));
        }
        Ok(())
    }
}

impl<'i, 'a> Reading<'i, 'a> {
    fn list<T>(
        &mut self,
        put: fn(&mut Importer<'a>, &T) -> Result<(), StoreError>,
    ) -> List<'_, 'i, 'a, T> {
        List {
            reading: self,
            put,
            kind: PhantomData,
        }
    }
}

fn read(reader: impl io::Read, importer: Option<&mut Importer<'_>>) -> Result<u32, ReadFailure> {
    let mut reading = Reading {
        importer,
        failure: RefCell::new(None),
        format: None,
    };
    let mut parser =
        serde_json::Deserializer::from_reader(io::BufReader::with_capacity(1 << 20, reader));
    let parsed =
        de::Deserializer::deserialize_map(&mut parser, &mut reading).and_then(|()| parser.end());
    if let Some(error) = reading.failure.take() {
        return Err(ReadFailure::Store(error));
    }
    parsed.map_err(|e| ReadFailure::NotAnExport(e.to_string()))?;
    Ok(reading.format.unwrap_or_default())
}

/// Reads an export from `reader` into `importer`, a record at a time.
pub fn read_export(reader: impl io::Read, importer: &mut Importer<'_>) -> Result<(), ReadFailure> {
    read(reader, Some(importer)).map(|_| ())
}

/// Reads an export through without keeping anything, before a store is
/// touched: whether it is JSON with a format, and which.
pub fn check_export(reader: impl io::Read) -> Result<u32, ReadFailure> {
    read(reader, None)
}
