//! The one error type interfaces report, with the exit codes of SPEC §6.

use thiserror::Error;

use crate::domain::{DiagnosticCode, DomainError};
use crate::store::StoreError;

#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The request cannot be honoured as asked (exit 2), such as `--now` on a
    /// store that runs on the system clock.
    #[error("{0}")]
    Usage(String),
    /// The SSH server could not listen or go on (exit 1): a port taken, a
    /// signal that cannot be caught.
    #[error("{0}")]
    Server(String),
}

impl Error {
    /// 2 usage · 3 permission · 4 not found · 5 rule · 6 invalid input · 7 store unavailable · 1 other.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Domain(error) => error.exit_code(),
            // Locked, damaged, newer or unreadable: the store is unavailable.
            Error::Store(_) => 7,
            Error::Usage(_) => 2,
            Error::Server(_) => 1,
        }
    }

    pub fn code(&self) -> Option<DiagnosticCode> {
        match self {
            Error::Domain(error) => error.code(),
            Error::Store(_) | Error::Usage(_) | Error::Server(_) => None,
        }
    }
}
