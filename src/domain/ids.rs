//! Typed identifiers, so an account id can never be passed where a team id
//! belongs, and the [`Fresh`] source new ones come from.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::invitation::{LINK_KEY_BYTES, LinkKey};

/// New identifiers and secrets. The domain reads neither the clock nor the
/// operating system's randomness: whoever runs a rule supplies this source
/// (the workspace's is time-ordered and random; tests use a counter).
pub trait Fresh {
    /// A new identifier, ordered after every one this source gave before.
    fn uuid(&mut self) -> Uuid;
    /// The install's key that invitation links are derived from.
    fn link_key(&self) -> &LinkKey;
}

/// Random bytes in an invitation link's secret: 192 bits, above the 128 R3 asks for.
pub const SECRET_BYTES: usize = 24;

/// A predictable [`Fresh`] for tests: ids count up, under a fixed link key.
#[derive(Debug, Default)]
pub struct Counter(u64);

/// The link key every [`Counter`] uses.
const COUNTER_LINK_KEY: LinkKey = LinkKey::from_bytes([7; LINK_KEY_BYTES]);

impl Fresh for Counter {
    fn uuid(&mut self) -> Uuid {
        self.0 += 1;
        Uuid::from_u128(u128::from(self.0))
    }

    fn link_key(&self) -> &LinkKey {
        &COUNTER_LINK_KEY
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new identifier from the source the edge supplies.
            pub fn fresh(source: &mut dyn Fresh) -> Self {
                Self(source.uuid())
            }

            pub fn as_bytes(&self) -> &[u8; 16] {
                self.0.as_bytes()
            }

            pub fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(Uuid::from_bytes(bytes))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A person.
    AccountId
);
id_type!(
    /// A Pro or Clinic team.
    TeamId
);
id_type!(
    /// One offer for one address to join one team.
    InvitationId
);
id_type!(
    /// A shared clinical note template.
    TemplateId
);
id_type!(
    /// One email waiting in (or sent from) the outbox.
    MessageId
);
id_type!(
    /// One line of the audit log.
    AuditId
);
id_type!(
    /// A pro-rata line waiting for a team's next invoice.
    AdjustmentId
);
