//! Shared clinical note templates of a Clinic team (R9).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::ids::{AccountId, TeamId, TemplateId};

/// The highest version a template reaches: one edit a second for thirty
/// years. Edits stop there instead of overflowing, and a stored version above
/// it can only come from a damaged store or a forged export.
pub const TEMPLATE_VERSION_MAX: u32 = 1_000_000_000;

/// A named template shared with a clinic team. `version` starts at 1 and grows
/// by one with each edit (up to [`TEMPLATE_VERSION_MAX`]), so an edit made
/// from an older copy can be refused.
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
            return Err(DomainError::Conflict(format!(
                "template \"{}\" was changed since you opened it (you edited version {based_on}, it is now version {}): nothing was saved; open the current version and apply your change again",
                self.name, self.version
            )));
        }
        if self.version >= TEMPLATE_VERSION_MAX {
            return Err(DomainError::refused(format!(
                "template \"{}\" has reached its last version ({}): add your text as a new template",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::Counter;
    use chrono::TimeZone;

    fn template(version: u32) -> Template {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let by = AccountId::fresh(&mut Counter::default());
        Template {
            id: TemplateId::fresh(&mut Counter::default()),
            team: TeamId::fresh(&mut Counter::default()),
            name: "SOAP".into(),
            body: "S:".into(),
            version,
            created_by: by,
            created_at: at,
            updated_by: by,
            updated_at: at,
        }
    }

    #[test]
    fn an_edit_moves_the_version_on_by_one_and_refuses_an_outdated_base() {
        let mut soap = template(3);
        let at = soap.updated_at;
        soap.edit(3, "S: new".into(), soap.created_by, at).unwrap();
        assert_eq!((soap.version, soap.body.as_str()), (4, "S: new"));
        let conflict = soap.edit(3, "S: old".into(), soap.created_by, at);
        assert_eq!(conflict.unwrap_err().exit_code(), 5);
        assert_eq!(soap.body, "S: new");
    }

    #[test]
    fn the_last_version_refuses_edits_instead_of_overflowing() {
        for version in [TEMPLATE_VERSION_MAX, u32::MAX] {
            let mut last = template(version);
            let at = last.updated_at;
            let refused = last.edit(version, "more".into(), last.created_by, at);
            assert_eq!(refused.unwrap_err().exit_code(), 5);
            assert_eq!((last.version, last.body.as_str()), (version, "S:"));
        }
        let mut almost = template(TEMPLATE_VERSION_MAX - 1);
        let at = almost.updated_at;
        almost
            .edit(
                TEMPLATE_VERSION_MAX - 1,
                "last".into(),
                almost.created_by,
                at,
            )
            .unwrap();
        assert_eq!(almost.version, TEMPLATE_VERSION_MAX);
    }
}
