//! Shared clinical note templates of a Clinic team (R9).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::ids::{AccountId, TeamId, TemplateId};

/// A named template shared with a clinic team. `version` starts at 1 and grows
/// by one with each edit, so an edit made from an older copy can be refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: TemplateId,
    pub team: TeamId,
    pub name: String,
    pub body: String,
    pub version: u32,
    pub created_by: AccountId,
    pub created_at: DateTime<Utc>,
    pub updated_by: AccountId,
    pub updated_at: DateTime<Utc>,
}

impl Template {
    /// Applies an edit made from `based_on`; refuses it as a conflict when
    /// someone else has edited the template since (R9: never overwrite silently).
    pub fn edit(
        &mut self,
        based_on: u32,
        body: String,
        by: AccountId,
        now: DateTime<Utc>,
    ) -> Result<(), DomainError> {
        if based_on != self.version {
            return Err(DomainError::refused(format!(
                "template \"{}\" was changed since you opened it (you edited version {based_on}, it is now version {}): nothing was saved; open the current version and apply your change again",
                self.name, self.version
            )));
        }
        self.body = body;
        self.version += 1;
        self.updated_by = by;
        self.updated_at = now;
        Ok(())
    }
}

/// The case-insensitive key under which template names must be unique.
/// Names are stored trimmed, so a name typed with surrounding whitespace
/// still finds its template.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}
