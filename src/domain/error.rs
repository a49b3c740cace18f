//! Why a command was refused, with the exit code and diagnostic code that go with it.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Short codes support staff can look up when an invitation link is refused (R6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DiagnosticCode {
    #[serde(rename = "INV-EXPIRED")]
    Expired,
    #[serde(rename = "INV-REVOKED")]
    Revoked,
    #[serde(rename = "INV-SUPERSEDED")]
    Superseded,
    #[serde(rename = "INV-USED")]
    Used,
    #[serde(rename = "INV-EMAIL-MISMATCH")]
    EmailMismatch,
    #[serde(rename = "INV-OTHER-TEAM")]
    OtherTeam,
    #[serde(rename = "INV-UNKNOWN")]
    Unknown,
}

impl DiagnosticCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expired => "INV-EXPIRED",
            Self::Revoked => "INV-REVOKED",
            Self::Superseded => "INV-SUPERSEDED",
            Self::Used => "INV-USED",
            Self::EmailMismatch => "INV-EMAIL-MISMATCH",
            Self::OtherTeam => "INV-OTHER-TEAM",
            Self::Unknown => "INV-UNKNOWN",
        }
    }
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refusal by the domain. Nothing has changed when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// The actor lacks the right (exit 3). The sentence names the action and who may do it.
    #[error("{0}")]
    Denied(String),
    /// Something named does not exist (exit 4).
    #[error("{0}")]
    NotFound(String),
    /// An invitation link that matches no invitation (exit 4, `INV-UNKNOWN`).
    #[error(
        "this invitation link is not valid: check it was copied in full, or ask the team admin to send a new one"
    )]
    UnknownLink,
    /// An edit made from a version someone else has since changed (exit 5):
    /// nothing was saved, and the interface can offer their version.
    #[error("{0}")]
    Conflict(String),
    /// A rule refuses the change: expiry, one team at a time, last admin, plan (exit 5).
    #[error("{message}")]
    Refused {
        message: String,
        code: Option<DiagnosticCode>,
    },
    /// The input itself is malformed (exit 6).
    #[error("{0}")]
    Invalid(String),
}

impl DomainError {
    pub fn refused(message: impl Into<String>) -> Self {
        Self::Refused {
            message: message.into(),
            code: None,
        }
    }

    pub fn refused_with(code: DiagnosticCode, message: impl Into<String>) -> Self {
        Self::Refused {
            message: message.into(),
            code: Some(code),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }

    /// The diagnostic code, for invitation refusals.
    pub fn code(&self) -> Option<DiagnosticCode> {
        match self {
            Self::Refused { code, .. } => *code,
            Self::UnknownLink => Some(DiagnosticCode::Unknown),
            _ => None,
        }
    }

    /// The process exit code of SPEC §6.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Denied(_) => 3,
            Self::NotFound(_) | Self::UnknownLink => 4,
            Self::Refused { .. } | Self::Conflict(_) => 5,
            Self::Invalid(_) => 6,
        }
    }
}
