//! What a stored record may hold: exactly what the commands would have
//! written. `import` checks every record of an export with these before
//! writing anything, and `doctor` checks every record of a store, so neither
//! brings in a value a command would refuse: an address `--as` can never
//! reach, an escape sequence in a team name, a 10 MB template body, a link
//! valid for ten years.

use chrono::{DateTime, Duration, Utc};

use super::account::Account;
use super::audit::AuditEntry;
use super::error::DomainError;
use super::invitation::{Invitation, LINK_VALID_DAYS, REFUSALS_KEPT};
use super::ssh_key::AccountKey;
use super::team::{CLINIC_TRIAL_DAYS, PaymentMethod, Team, TeamPlan};
use super::template::{TEMPLATE_VERSION_MAX, Template};
use super::text::{self, Email};

/// A record checked field by field against the validation the commands run.
pub trait CheckedRecord {
    /// How a problem names the record: its kind and id, never a stored value
    /// that may itself be the problem.
    fn label(&self) -> String;

    /// Every field of the record that no command would have written.
    fn field_problems(&self) -> Vec<DomainError>;
}

/// A stored value must be exactly what validation makes of it: valid, and
/// already in its stored form (trimmed, lower-cased...), so that looking it
/// up the way a command would finds it.
pub fn stored_as_validated(
    what: &str,
    stored: &str,
    validated: Result<String, DomainError>,
) -> Result<(), DomainError> {
    let validated = validated?;
    if validated == stored {
        return Ok(());
    }
    Err(DomainError::Invalid(format!(
        "{what} \"{}\" is not in the form the commands store (\"{}\")",
        stored.escape_debug(),
        validated.escape_debug()
    )))
}

/// A stored address: one that [`Email::parse`] gives back unchanged.
/// A card as the commands store it: it was valid when it was entered, after
/// `entered_after` (its holder's creation), and holds no full card number.
fn stored_card(card: &PaymentMethod, entered_after: DateTime<Utc>) -> Result<(), DomainError> {
    let entered = PaymentMethod::from_entry(
        &card.brand,
        &card.last4,
        card.expiry_month,
        card.expiry_year,
        entered_after,
    )?;
    if &entered == card {
        Ok(())
    } else {
        Err(DomainError::Invalid(format!(
            "the card \"{}\" is not in the form the commands store (\"{}\")",
            card.describe().escape_debug(),
            entered.describe()
        )))
    }
}

pub fn stored_email(email: &str) -> Result<(), DomainError> {
    stored_as_validated(
        "the address",
        email,
        Email::parse(email).map(|parsed| parsed.to_string()),
    )
}

impl CheckedRecord for Account {
    fn label(&self) -> String {
        format!("account {}", self.id)
    }

    fn field_problems(&self) -> Vec<DomainError> {
        let history = self.plan_history.iter().map(|event| {
            stored_as_validated(
                "a team name in the plan history",
                &event.team_name,
                text::team_name(&event.team_name),
            )
        });
        let keys = self.ssh_keys.iter().map(|key| {
            stored_as_validated(
                "an SSH key",
                key,
                AccountKey::parse(key).map(|parsed| parsed.line().to_owned()),
            )
        });
        let card = self
            .payment_method
            .as_ref()
            .map(|card| stored_card(card, self.created_at));
        [
            stored_email(self.email.as_str()),
            stored_as_validated("the name", &self.name, text::person_name(&self.name)),
        ]
        .into_iter()
        .chain(card)
        .chain(history)
        .chain(keys)
        .filter_map(Result::err)
        .collect()
    }
}

impl CheckedRecord for Team {
    fn label(&self) -> String {
        format!("team {}", self.id)
    }

    fn field_problems(&self) -> Vec<DomainError> {
        let billing_email = self.billing_email.as_deref().map(|email| {
            stored_as_validated(
                "the billing email",
                email,
                text::billing_email(email).map(|parsed| parsed.to_string()),
            )
        });
        let card = self
            .payment_method
            .as_ref()
            .map(|card| stored_card(card, self.created_at));
        let trial = match self.plan {
            TeamPlan::ClinicTrial {
                started_at,
                ends_at,
            } if ends_at - started_at != Duration::days(CLINIC_TRIAL_DAYS) => {
                Some(Err(DomainError::Invalid(format!(
                    "its Clinic trial lasts {} days; a trial lasts {CLINIC_TRIAL_DAYS}",
                    (ends_at - started_at).num_days()
                ))))
            }
            _ => None,
        };
        [
            Some(stored_as_validated(
                "the name",
                &self.name,
                text::team_name(&self.name),
            )),
            billing_email,
            card,
            trial,
        ]
        .into_iter()
        .flatten()
        .filter_map(Result::err)
        .collect()
    }
}

impl CheckedRecord for Invitation {
    fn label(&self) -> String {
        format!("invitation {}", self.id)
    }

    fn field_problems(&self) -> Vec<DomainError> {
        let window = if self.expires_at - self.sent_at == Duration::days(LINK_VALID_DAYS) {
            Ok(())
        } else {
            Err(DomainError::Invalid(format!(
                "its link is valid for {} days; a link is valid for {LINK_VALID_DAYS}",
                (self.expires_at - self.sent_at).num_days()
            )))
        };
        let attempts = self.refused_attempts.iter().flat_map(|attempt| {
            let other_team = attempt.other_team.as_deref().map(|name| {
                stored_as_validated("the other team's name", name, text::team_name(name))
            });
            std::iter::once(stored_email(attempt.by_email.as_str())).chain(other_team)
        });
        let kept = self.refused_attempts.len();
        let bounded = if kept <= REFUSALS_KEPT && kept <= self.refused_total as usize {
            Ok(())
        } else {
            Err(DomainError::Invalid(format!(
                "it keeps {kept} refused openings of {}; at most {REFUSALS_KEPT} are kept",
                self.refused_total
            )))
        };
        [stored_email(self.email.as_str()), window, bounded]
            .into_iter()
            .chain(attempts)
            .filter_map(Result::err)
            .collect()
    }
}

impl CheckedRecord for Template {
    fn label(&self) -> String {
        format!("template {}", self.id)
    }

    fn field_problems(&self) -> Vec<DomainError> {
        let version = if (1..=TEMPLATE_VERSION_MAX).contains(&self.version) {
            Ok(())
        } else {
            Err(DomainError::Invalid(format!(
                "its version is {}; versions run from 1 to {TEMPLATE_VERSION_MAX}",
                self.version
            )))
        };
        [
            stored_as_validated("the name", &self.name, text::template_name(&self.name)),
            text::template_body(&self.body),
            version,
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect()
    }
}

impl CheckedRecord for AuditEntry {
    fn label(&self) -> String {
        format!("audit entry {}", self.id)
    }

    fn field_problems(&self) -> Vec<DomainError> {
        let actor = match self.actor {
            Some(_) => stored_email(&self.actor_email),
            None => text::recorded_line("the actor", &self.actor_email),
        };
        [
            actor,
            text::recorded_line("the target", &self.target),
            // Its values, as the sentence they make: names and addresses
            // hold nothing a name may not, and the whole stays bounded.
            text::recorded_line("the details", &self.details.to_string()),
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::ids::Counter;
    use crate::domain::{AccountId, Cycle, PersonalPlan, Role, TeamId};

    fn now() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
    }

    fn account() -> Account {
        Account {
            id: AccountId::fresh(&mut Counter::default()),
            email: Email::parse("tom@x.example").unwrap(),
            name: "Tom".into(),
            plan: PersonalPlan::Free,
            staff: None,
            ssh_keys: Vec::new(),
            created_at: now(),
            plan_history: Vec::new(),
            credit: 0,
            payment_method: None,
        }
    }

    fn team() -> Team {
        Team {
            id: TeamId::fresh(&mut Counter::default()),
            name: "Bondi".into(),
            owner: AccountId::fresh(&mut Counter::default()),
            plan: TeamPlan::Pro,
            cycle: Cycle::Monthly,
            session_sharing: false,
            trial_used: false,
            payment_method: None,
            billing_email: None,
            created_at: now(),
            deleted: None,
            language: crate::domain::Language::default(),
        }
    }

    fn messages(problems: Vec<DomainError>) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    /// Builds an address that skipped validation, as a forged export does.
    fn forged(address: &str) -> Email {
        serde_json::from_value(serde_json::json!(address)).unwrap()
    }

    #[test]
    fn records_written_by_the_commands_have_no_problems() {
        assert!(account().field_problems().is_empty());
        assert!(team().field_problems().is_empty());
        let invitation = Invitation::issue(
            &mut Counter::default(),
            TeamId::fresh(&mut Counter::default()),
            Email::parse("ana@x.example").unwrap(),
            Role::Member,
            AccountId::fresh(&mut Counter::default()),
            now(),
        )
        .0;
        assert!(invitation.field_problems().is_empty());
    }

    #[test]
    fn an_address_must_be_stored_as_parsing_would_store_it() {
        let mut upper = account();
        upper.email = forged("Tom@X.example");
        assert_eq!(
            messages(upper.field_problems()),
            [
                "the address \"Tom@X.example\" is not in the form the commands store (\"tom@x.example\")"
            ]
        );
        let mut nul = account();
        nul.email = forged("tom\0@x.example");
        assert!(messages(nul.field_problems())[0].contains("U+0000, a control character"));
        let mut prose = account();
        prose.email = forged("not an email");
        assert_eq!(prose.field_problems()[0].exit_code(), 6);
    }

    #[test]
    fn names_must_be_stored_as_validation_would_store_them() {
        let mut escape = team();
        escape.name = "Alpha\u{1b}]0;TITLE\u{7}".into();
        assert_eq!(
            messages(escape.field_problems()),
            ["a team name cannot contain U+001B, a control character"]
        );
        let mut padded = team();
        padded.name = " Alpha ".into();
        assert_eq!(padded.field_problems().len(), 1);
        let mut long = account();
        long.name = "n".repeat(5_000);
        assert!(messages(long.field_problems())[0].contains("5000 characters"));
    }

    #[test]
    fn ssh_keys_must_be_stored_as_the_commands_store_them() {
        use crate::domain::ssh_key::examples;
        let mut keyed = account();
        keyed.ssh_keys = vec![examples::ED25519.into()];
        assert!(keyed.field_problems().is_empty());
        keyed.ssh_keys = vec![
            examples::RSA.into(),
            examples::ED25519.replacen(' ', "  ", 1),
            "-----BEGIN OPENSSH PRIVATE KEY-----".into(),
        ];
        let found = messages(keyed.field_problems());
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].starts_with("RSA keys are not accepted"),
            "{found:?}"
        );
        assert!(
            found[1].contains("not in the form the commands store"),
            "{found:?}"
        );
        assert!(found[2].contains("private key"), "{found:?}");
    }

    #[test]
    fn cards_trials_links_and_versions_keep_the_shape_commands_give_them() {
        let mut card = team();
        card.payment_method = Some(PaymentMethod {
            brand: "visa".into(),
            last4: "4242424242424242".into(),
            expiry_month: 12,
            expiry_year: 2030,
        });
        assert!(messages(card.field_problems())[0].contains("last 4 digits"));

        let mut trial = team();
        trial.plan = TeamPlan::ClinicTrial {
            started_at: now(),
            ends_at: now() + Duration::days(3650),
        };
        assert!(messages(trial.field_problems())[0].contains("lasts 3650 days"));

        let mut invitation = Invitation::issue(
            &mut Counter::default(),
            TeamId::fresh(&mut Counter::default()),
            Email::parse("ana@x.example").unwrap(),
            Role::Member,
            AccountId::fresh(&mut Counter::default()),
            now(),
        )
        .0;
        invitation.expires_at = now() + Duration::days(3650);
        assert!(messages(invitation.field_problems())[0].contains("valid for 3650 days"));

        let by = AccountId::fresh(&mut Counter::default());
        let mut template = Template {
            id: crate::domain::TemplateId::fresh(&mut Counter::default()),
            team: TeamId::fresh(&mut Counter::default()),
            name: "SOAP".into(),
            body: "x".repeat(10 * 1024 * 1024),
            version: u32::MAX,
            created_by: by,
            created_at: now(),
            updated_by: by,
            updated_at: now(),
        };
        let found = messages(template.field_problems());
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("10485760 bytes"), "{found:?}");
        assert!(found[1].contains("version is 4294967295"), "{found:?}");
        template.version = 0;
        template.body = "x".into();
        assert_eq!(template.field_problems().len(), 1);
    }
}
