//! Validation of the text people type: names, emails, template bodies.
//!
//! Names and emails refuse characters that can hide or disguise text
//! (controls, bidi overrides, invisible characters); template bodies are kept
//! exactly as typed. Display-time sanitising lives in the interfaces; this
//! module decides what may be stored.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::DomainError;

/// Longest team name, in characters (SPEC R1).
pub const TEAM_NAME_MAX: usize = 80;
/// Longest display name of a person, in characters.
pub const PERSON_NAME_MAX: usize = 120;
/// Longest template name, in characters (SPEC R9).
pub const TEMPLATE_NAME_MAX: usize = 120;
/// Largest template body, in bytes (SPEC R9: 64 KiB).
pub const TEMPLATE_BODY_MAX: usize = 64 * 1024;
/// Longest email address (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;

/// Bidirectional formatting characters: they reorder how text is shown.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no space and show nothing, so two names that look the
/// same could differ, and terminals disagree on how wide text holding them is.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Whether a character may never appear in a name or an email address, and is
/// never drawn as it is: controls, bidi overrides, invisible characters.
pub fn is_forbidden_in_name(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c)
}

fn describe_forbidden(c: char) -> &'static str {
    if c.is_control() {
        "control characters"
    } else if is_bidi_control(c) {
        "bidirectional override characters"
    } else {
        "invisible characters"
    }
}

/// Checks a trimmed name of some kind (`what` names it in the error).
fn validate_name(what: &str, raw: &str, max: usize) -> Result<String, DomainError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(DomainError::Invalid(format!("{what} cannot be empty")));
    }
    if let Some(c) = name.chars().find(|&c| is_forbidden_in_name(c)) {
        return Err(DomainError::Invalid(format!(
            "{what} cannot contain {} (found U+{:04X})",
            describe_forbidden(c),
            c as u32
        )));
    }
    let length = name.chars().count();
    if length > max {
        return Err(DomainError::Invalid(format!(
            "{what} is {length} characters long; the limit is {max}"
        )));
    }
    Ok(name.to_owned())
}

/// A team name: trimmed, 1..=80 characters, no control or bidi characters (R1).
pub fn team_name(raw: &str) -> Result<String, DomainError> {
    validate_name("a team name", raw, TEAM_NAME_MAX)
}

/// A person's display name.
pub fn person_name(raw: &str) -> Result<String, DomainError> {
    validate_name("a name", raw, PERSON_NAME_MAX)
}

/// A template name: 1..=120 characters (R9).
pub fn template_name(raw: &str) -> Result<String, DomainError> {
    validate_name("a template name", raw, TEMPLATE_NAME_MAX)
}

/// A template body is stored exactly as given, up to 64 KiB (R9).
pub fn template_body(body: &str) -> Result<(), DomainError> {
    if body.len() > TEMPLATE_BODY_MAX {
        return Err(DomainError::Invalid(format!(
            "a template body is {} bytes; the limit is {} (64 KiB)",
            body.len(),
            TEMPLATE_BODY_MAX
        )));
    }
    Ok(())
}

/// A validated, normalised (trimmed, lower-cased) email address.
///
/// Comparing two `Email`s is the case-insensitive comparison R6 asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let address = raw.trim().to_lowercase();
        let invalid = |why: &str| {
            DomainError::Invalid(format!(
                "\"{}\" is not a valid email address: {why}",
                address.escape_debug()
            ))
        };
        if address.is_empty() {
            return Err(DomainError::Invalid(
                "an email address cannot be empty".into(),
            ));
        }
        if let Some(c) = address.chars().find(|&c| is_forbidden_in_name(c)) {
            return Err(invalid(describe_forbidden(c)));
        }
        if address.len() > EMAIL_MAX {
            return Err(invalid("longer than 254 bytes"));
        }
        if address.chars().any(char::is_whitespace) {
            return Err(invalid("it contains a space"));
        }
        let Some((local, domain)) = address.split_once('@') else {
            return Err(invalid("it has no @"));
        };
        if domain.contains('@') {
            return Err(invalid("it has more than one @"));
        }
        if local.is_empty() || local.len() > 64 {
            return Err(invalid("the part before @ must be 1 to 64 bytes"));
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(invalid("the part before @ has a misplaced dot"));
        }
        if local.contains(['"', '(', ')', ',', ':', ';', '<', '>', '[', '\\', ']']) {
            return Err(invalid(
                "the part before @ has a character addresses cannot use",
            ));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 {
            return Err(invalid("the domain needs a dot, as in example.org"));
        }
        for label in labels {
            let well_formed = !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-');
            if !well_formed {
                return Err(invalid("the domain is not a valid host name"));
            }
        }
        Ok(Self(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Tom.B@X.Example ").unwrap().as_str(),
            "tom.b@x.example"
        );
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "tom",
            "tom@",
            "@x.example",
            "tom@x",
            "tom@@x.example",
            "tom@x..example",
            "to m@x.example",
            ".tom@x.example",
            "tom@-x.example",
            "tom\u{202E}@x.example",
            "tom\u{200B}@x.example",
            "tom\u{1b}[31m@x.example",
            "tom@x.example\n",
        ] {
            // Trailing newlines are trimmed, so the last one is fine once trimmed.
            if bad == "tom@x.example\n" {
                assert!(Email::parse(bad).is_ok());
                continue;
            }
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn names_refuse_controls_bidi_and_invisible_characters() {
        assert!(team_name("Bondi\u{1b}]0;pwned\u{7}").is_err());
        assert!(team_name("Bondi\u{202E}cipelc").is_err());
        assert!(team_name("Bon\u{200B}di").is_err());
        assert!(team_name("Bondi\tClinic").is_err());
        assert_eq!(
            team_name("  Bondi Family Practice ").unwrap(),
            "Bondi Family Practice"
        );
        assert_eq!(person_name("Dr 🩺 Shah").unwrap(), "Dr 🩺 Shah");
        assert!(person_name("Dr 👩\u{200D}⚕️ Shah").is_err());
    }

    #[test]
    fn team_names_are_limited_to_80_characters() {
        assert!(team_name(&"é".repeat(80)).is_ok());
        assert!(team_name(&"é".repeat(81)).is_err());
        assert!(team_name("   ").is_err());
    }

    #[test]
    fn template_bodies_are_limited_to_64_kib() {
        assert!(template_body(&"a".repeat(TEMPLATE_BODY_MAX)).is_ok());
        assert!(template_body(&"a".repeat(TEMPLATE_BODY_MAX + 1)).is_err());
    }
}
