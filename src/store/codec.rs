//! Record encoding: every value is an envelope `[format version][bincode payload]`.
//! This module is the only place that names bincode, so the payload format can
//! be swapped by changing one file.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Record, StoreError};

/// The format of every record kind that has never changed shape.
pub const FORMAT: u8 = 1;

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Encodes a record in its kind's current format.
pub fn encode<T: Record>(record: &T) -> Vec<u8> {
    encode_as(T::FORMAT, record)
}

pub fn encode_as<T: Serialize>(format: u8, value: &T) -> Vec<u8> {
    let mut bytes = vec![format];
    // Encoding plain data into a Vec cannot fail.
    let payload = bincode::serde::encode_to_vec(value, config()).expect("records always encode");
    bytes.extend_from_slice(&payload);
    bytes
}

/// Decodes an envelope: the current format directly, an older one through
/// the record kind's upgrade, a newer one not at all.
pub fn decode<T: Record>(bytes: &[u8]) -> Result<T, StoreError> {
    let Some((&format, payload)) = bytes.split_first() else {
        return Err(StoreError::Corrupt(format!("an empty {} record", T::KIND)));
    };
    if format > T::FORMAT {
        return Err(StoreError::NewerFormat {
            found: u32::from(format),
            supported: u32::from(T::FORMAT),
        });
    }
    if format == T::FORMAT {
        return decode_payload(T::KIND, payload);
    }
    T::upgrade(format, payload)
}

/// Decodes the bincode payload of an envelope; `what` names the record kind in errors.
pub fn decode_payload<T: DeserializeOwned>(what: &str, payload: &[u8]) -> Result<T, StoreError> {
    let (value, read) = bincode::serde::decode_from_slice(payload, config())
        .map_err(|e| StoreError::Corrupt(format!("a {what} record cannot be read: {e}")))?;
    if read != payload.len() {
        return Err(StoreError::Corrupt(format!(
            "a {what} record has trailing bytes"
        )));
    }
    Ok(value)
}

/// The refusal for an envelope whose format is older than any this teamdesk knows.
pub fn unknown_format(what: &str, format: u8) -> StoreError {
    StoreError::Corrupt(format!("a {what} record has unknown format {format}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::TreeName;
    use serde::Deserialize;

    /// A record kind in its second format, whose first format held a bare number.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        name: String,
        count: u32,
    }

    impl Record for Sample {
        const TREE: TreeName = TreeName::Meta;
        const KIND: &'static str = "sample";
        const FORMAT: u8 = 2;
        fn key(&self) -> Vec<u8> {
            self.name.as_bytes().to_vec()
        }
        fn reference(&self) -> crate::store::RecordRef {
            crate::store::RecordRef::Team(crate::domain::TeamId(uuid::Uuid::nil()))
        }
        fn upgrade(format: u8, payload: &[u8]) -> Result<Self, StoreError> {
            match format {
                1 => Ok(Sample {
                    name: "old".into(),
                    count: decode_payload(Self::KIND, payload)?,
                }),
                _ => Err(unknown_format(Self::KIND, format)),
            }
        }
    }

    #[test]
    fn envelopes_round_trip_and_carry_their_version() {
        let sample = Sample {
            name: "Bondi".into(),
            count: 42,
        };
        let bytes = encode(&sample);
        assert_eq!(bytes[0], 2);
        assert_eq!(decode::<Sample>(&bytes).unwrap(), sample);
    }

    #[test]
    fn an_older_format_is_upgraded_when_read() {
        let old = encode_as(1, &7u32);
        let upgraded = decode::<Sample>(&old).unwrap();
        assert_eq!(upgraded.count, 7);
        assert!(matches!(
            decode::<Sample>(&encode_as(0, &7u32)),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn newer_and_damaged_envelopes_are_refused() {
        let sample = Sample {
            name: "x".into(),
            count: 1,
        };
        let mut bytes = encode(&sample);
        bytes[0] = 3;
        assert!(matches!(
            decode::<Sample>(&bytes),
            Err(StoreError::NewerFormat { .. })
        ));
        assert!(matches!(decode::<Sample>(&[]), Err(StoreError::Corrupt(_))));
        let mut trailing = encode(&sample);
        trailing.push(0);
        assert!(matches!(
            decode::<Sample>(&trailing),
            Err(StoreError::Corrupt(_))
        ));
    }
}
