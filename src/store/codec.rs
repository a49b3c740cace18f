//! Record encoding: every value is an envelope `[format version][bincode payload]`.
//! This module is the only place that names bincode, so the payload format can
//! be swapped by changing one file.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;

/// The format version written into every envelope today.
pub const FORMAT: u8 = 1;

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = vec![FORMAT];
    // Encoding plain data into a Vec cannot fail.
    let payload = bincode::serde::encode_to_vec(value, config()).expect("records always encode");
    bytes.extend_from_slice(&payload);
    bytes
}

/// Decodes an envelope; `what` names the record kind in errors.
pub fn decode<T: DeserializeOwned>(what: &str, bytes: &[u8]) -> Result<T, StoreError> {
    let Some((&format, payload)) = bytes.split_first() else {
        return Err(StoreError::Corrupt(format!("an empty {what} record")));
    };
    if format > FORMAT {
        return Err(StoreError::NewerFormat {
            found: u32::from(format),
            supported: u32::from(FORMAT),
        });
    }
    if format < FORMAT {
        // Format 1 is the first; a smaller number is damage, not an old version.
        return Err(StoreError::Corrupt(format!(
            "a {what} record has unknown format {format}"
        )));
    }
    let (value, read) = bincode::serde::decode_from_slice(payload, config())
        .map_err(|e| StoreError::Corrupt(format!("a {what} record cannot be read: {e}")))?;
    if read != payload.len() {
        return Err(StoreError::Corrupt(format!(
            "a {what} record has trailing bytes"
        )));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_round_trip_and_carry_their_version() {
        let bytes = encode(&("Bondi".to_string(), 42u32));
        assert_eq!(bytes[0], FORMAT);
        let back: (String, u32) = decode("test", &bytes).unwrap();
        assert_eq!(back, ("Bondi".to_string(), 42));
    }

    #[test]
    fn newer_and_damaged_envelopes_are_refused() {
        let mut bytes = encode(&7u32);
        bytes[0] = FORMAT + 1;
        assert!(matches!(
            decode::<u32>("test", &bytes),
            Err(StoreError::NewerFormat { .. })
        ));
        assert!(matches!(
            decode::<u32>("test", &[]),
            Err(StoreError::Corrupt(_))
        ));
        let mut trailing = encode(&7u32);
        trailing.push(0);
        assert!(matches!(
            decode::<u32>("test", &trailing),
            Err(StoreError::Corrupt(_))
        ));
    }
}
