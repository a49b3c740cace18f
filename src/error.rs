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
}

impl Error {
    /// 3 permission · 4 not found · 5 rule · 6 invalid input · 7 store unavailable · 1 other.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Domain(error) => error.exit_code(),
            // Locked, damaged, newer or unreadable: the store is unavailable.
            Error::Store(_) => 7,
        }
    }

    pub fn code(&self) -> Option<DiagnosticCode> {
        match self {
            Error::Domain(error) => error.code(),
            Error::Store(_) => None,
        }
    }
}
