//! Validation of the text people type: names, emails, template bodies.
//!
//! Names and emails refuse characters that can hide or disguise text
//! (controls, bidi overrides, every default-ignorable and other invisible
//! character), so two records never read the same while differing; an email
//! address also has exactly one spelling (see [`Email::parse`]). Template
//! bodies are kept exactly as typed. Display-time sanitising lives in the interfaces; this
//! module decides what may be stored.

use std::fmt;

use icu_normalizer::ComposingNormalizerBorrowed;
use icu_properties::props::{BidiControl, DefaultIgnorableCodePoint, GeneralCategory};
use icu_properties::{CodePointMapData, CodePointSetData};
use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
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
/// Longest line the workspace composes into a record (an audit entry's target
/// or details), in characters: well above any it writes,
/// which are built from names and addresses of bounded length.
pub const RECORDED_LINE_MAX: usize = 1024;
/// Longest comment kept at the end of an SSH public key, in characters:
/// room for `name@host` and a few words.
pub const KEY_COMMENT_MAX: usize = 100;

/// Bidirectional formatting characters (Unicode's Bidi_Control): they
/// reorder how text is shown.
pub fn is_bidi_control(c: char) -> bool {
    !c.is_ascii() && CodePointSetData::new::<BidiControl>().contains(c)
}

/// Characters that show nothing: every default-ignorable code point (Hangul
/// fillers, variation selectors and tag characters included), other format
/// characters, and line and paragraph separators. Two names that look the
/// same could differ by one, and terminals disagree on how wide text holding
/// them is. The tables are the Unicode Character Database's, as compiled into
/// ICU4X.
pub fn is_invisible(c: char) -> bool {
    !c.is_ascii()
        && (CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
            || matches!(
                CodePointMapData::<GeneralCategory>::new().get(c),
                GeneralCategory::Format
                    | GeneralCategory::LineSeparator
                    | GeneralCategory::ParagraphSeparator
            ))
}

/// Whether a character may never appear in a name or an email address, and is
/// never drawn as it is: controls, bidi overrides, invisible characters.
pub fn is_forbidden_in_name(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c)
}

/// Says, for messages, why a character [`is_forbidden_in_name`].
fn describe_forbidden(c: char) -> &'static str {
    if c.is_control() {
        "a control character"
    } else if is_bidi_control(c) {
        "a bidirectional formatting character"
    } else {
        "an invisible character"
    }
}

/// A character as messages name it: `U+3164 HANGUL FILLER`, or only the code
/// point for characters without a name (controls), so that what was found can
/// be told apart from what it looks like.
fn code_point(c: char) -> String {
    match unicode_names2::name(c) {
        Some(name) => format!("U+{:04X} {name}", c as u32),
        None => format!("U+{:04X}", c as u32),
    }
}

/// The first hidden or disguising character of `text`, described as a
/// message ends: "U+3164 HANGUL FILLER, an invisible character".
fn find_forbidden(text: &str) -> Option<String> {
    text.chars()
        .find(|&c| is_forbidden_in_name(c))
        .map(|c| format!("{}, {}", code_point(c), describe_forbidden(c)))
}

/// Refuses text that is not in Normalization Form KC, naming the first
/// character that has a plainer equivalent: one address must have exactly one
/// spelling, so KELVIN SIGN is not the letter k and a full-width `ａ` is not `a`.
/// Nothing is folded: the person is told what to type instead.
fn refuse_compatibility_forms(text: &str) -> Result<(), String> {
    let nfkc = ComposingNormalizerBorrowed::new_nfkc();
    if nfkc.is_normalized(text) {
        return Ok(());
    }
    let variant = text.chars().find_map(|c| {
        let mut utf8 = [0u8; 4];
        let typed = &*c.encode_utf8(&mut utf8);
        let plain = nfkc.normalize(typed);
        (plain != typed).then(|| (c, plain.into_owned()))
    });
    Err(match variant {
        Some((c, plain)) => format!(
            "it contains {}, a variant of \"{plain}\": type \"{plain}\" itself",
            code_point(c)
        ),
        None => {
            "it writes a letter and its accent as separate characters: type the accented letter"
                .into()
        }
    })
}

/// Checks a trimmed name of some kind (`what` names it in the error).
fn validate_name(what: &str, raw: &str, max: usize) -> Result<String, DomainError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(DomainError::Invalid(format!("{what} cannot be empty")));
    }
    refuse_card_number(what, name)?;
    if let Some(found) = find_forbidden(name) {
        return Err(DomainError::Invalid(format!(
            "{what} cannot contain {found}"
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

/// Card numbers have 13 to 19 digits.
const CARD_DIGITS: std::ops::RangeInclusive<usize> = 13..=19;

/// Whether `text` holds what looks like a full payment card number: 13 to
/// 19 digits in a row (single spaces or dashes between them allowed), not
/// part of a longer word (a hex token is not a card number), that pass the
/// Luhn check. Such a number is never taken, stored or logged.
pub fn holds_card_number(text: &str) -> bool {
    let mut digits: Vec<u32> = Vec::new();
    let mut after_separator = false;
    let mut run_inside_word = false;
    let mut previous: Option<char> = None;
    for c in text.chars().chain(std::iter::once('.')) {
        if let Some(digit) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            if digits.is_empty() {
                run_inside_word = previous.is_some_and(char::is_alphanumeric);
            }
            digits.push(digit);
            after_separator = false;
        } else if (c == ' ' || c == '-') && !digits.is_empty() && !after_separator {
            after_separator = true;
        } else {
            let run_ends_word = after_separator || !c.is_alphanumeric();
            if !run_inside_word
                && run_ends_word
                && CARD_DIGITS.contains(&digits.len())
                && passes_luhn(&digits)
            {
                return true;
            }
            digits.clear();
            after_separator = false;
        }
        previous = Some(c);
    }
    false
}

fn passes_luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(position, &digit)| match position % 2 {
            1 if digit * 2 > 9 => digit * 2 - 9,
            1 => digit * 2,
            _ => digit,
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The one refusal of a full card number, wherever it was typed.
pub fn refuse_card_number(what: &str, text: &str) -> Result<(), DomainError> {
    if holds_card_number(text) {
        return Err(DomainError::Invalid(format!(
            "{what} holds what looks like a full card number: teamdesk never takes one; give only the card's last 4 digits where a card is asked for"
        )));
    }
    Ok(())
}

/// Where a team's invoices go: an address, and never a card number in disguise.
pub fn billing_email(raw: &str) -> Result<Email, DomainError> {
    refuse_card_number("the billing email", raw)?;
    Email::parse(raw)
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

/// The comment at the end of an SSH public key line (`you@laptop`): a
/// label shown beside the key, so held to a name's rules; it may be empty.
pub fn key_comment(raw: &str) -> Result<String, DomainError> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    validate_name("the key's comment", raw, KEY_COMMENT_MAX)
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
    // Shared with the whole team and kept for ever: never a card number.
    refuse_card_number("the template body", body)
}

/// A line the workspace composed from validated values (an audit entry's
/// target or details, an email subject): nothing a name may not hold, and of
/// bounded length, so a store or an import cannot carry what no command writes.
pub fn recorded_line(what: &str, line: &str) -> Result<(), DomainError> {
    if let Some(found) = find_forbidden(line) {
        return Err(DomainError::Invalid(format!("{what} contains {found}")));
    }
    let length = line.chars().count();
    if length > RECORDED_LINE_MAX {
        return Err(DomainError::Invalid(format!(
            "{what} is {length} characters long; the limit is {RECORDED_LINE_MAX}"
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
    /// Validates and normalises a typed address. Only trimming and
    /// lower-casing are applied; anything else that has a plainer spelling
    /// (compatibility characters, an `xn--` domain) is refused rather than
    /// folded, so that one address has exactly one spelling.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let typed = raw.trim();
        let invalid = |why: &str| {
            DomainError::Invalid(format!(
                "\"{}\" is not a valid email address: {why}",
                typed.escape_debug()
            ))
        };
        if typed.is_empty() {
            return Err(DomainError::Invalid(
                "an email address cannot be empty".into(),
            ));
        }
        if let Some(found) = find_forbidden(typed) {
            return Err(invalid(&format!("it contains {found}")));
        }
        let address = typed.to_lowercase();
        for form in [typed, address.as_str()] {
            refuse_compatibility_forms(form).map_err(|why| invalid(&why))?;
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
        check_domain(domain).map_err(|why| invalid(&why))?;
        Ok(Self(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks the (lower-cased) domain of an address: a host name of at least
/// two labels, ASCII or valid IDNA (UTS #46, with the STD3 rules, the DNS
/// length limits, and no hyphen first or last in a label).
///
/// One domain has one spelling: its Unicode form, the one people read and
/// type. A label written in its ASCII-compatible `xn--` form is refused with
/// the Unicode spelling to use instead, and a Unicode label must already be
/// what UTS #46 would make of it (an ideographic full stop is not a dot), so
/// `bücher.example` and `xn--bcher-kva.example` can never be two addresses.
fn check_domain(domain: &str) -> Result<(), String> {
    const NOT_A_HOST: &str = "the domain is not a valid host name";
    if domain.split('.').count() < 2 {
        return Err("the domain needs a dot, as in example.org".into());
    }
    let uts46 = Uts46::new();
    if domain.split('.').any(|label| label.starts_with("xn--")) {
        let (unicode, decoded) = uts46.to_unicode(
            domain.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
        );
        return Err(match decoded {
            Ok(()) => format!("write the domain as it reads, {unicode}, not in its xn-- form"),
            Err(_) => NOT_A_HOST.into(),
        });
    }
    let ascii = uts46
        .to_ascii(
            domain.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::Verify,
        )
        .map_err(|_| NOT_A_HOST.to_owned())?;
    if domain.is_ascii() {
        return Ok(());
    }
    let (unicode, _) = uts46.to_unicode(
        ascii.as_bytes(),
        AsciiDenyList::STD3,
        Hyphens::CheckFirstLast,
    );
    if unicode != domain {
        return Err(format!(
            "the domain is not in its standard form: write it as {unicode}"
        ));
    }
    Ok(())
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
    fn a_full_card_number_is_recognised_wherever_it_is_typed() {
        for card in [
            "4242424242424242",
            "4242 4242 4242 4242",
            "4242-4242-4242-4242",
            "card 5555555555554444 please",
            "378282246310005",
        ] {
            assert!(holds_card_number(card), "{card}");
            assert!(team_name(card).is_err(), "{card}");
        }
        for not_a_card in [
            "4242",
            "4242424242424241",
            "+48 600 700 800",
            "2026-11-30",
            "12345678901234567890123",
            // Digits inside a word, such as an invitation token, are no card.
            "75e897966253425985e6a87a2d9bffd640b36eb96c7a15bb",
            "x4242424242424242",
            "4242424242424242y",
        ] {
            assert!(!holds_card_number(not_a_card), "{not_a_card}");
        }
        let refusal = person_name("Ann 4242424242424242").unwrap_err().to_string();
        assert!(refusal.contains("full card number"));
        assert!(!refusal.contains("4242424242424242"));
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

    /// Characters that pass for nothing, or for something else, in a name.
    const LOOK_ALIKE_MAKERS: [char; 13] = [
        '\u{E0041}', // TAG LATIN CAPITAL LETTER A
        '\u{034F}',  // COMBINING GRAPHEME JOINER
        '\u{FE0F}',  // VARIATION SELECTOR-16
        '\u{3164}',  // HANGUL FILLER
        '\u{1160}',  // HANGUL JUNGSEONG FILLER
        '\u{115F}',  // HANGUL CHOSEONG FILLER
        '\u{FFA0}',  // HALFWIDTH HANGUL FILLER
        '\u{180B}',  // MONGOLIAN FREE VARIATION SELECTOR ONE
        '\u{206A}',  // INHIBIT SYMMETRIC SWAPPING
        '\u{1D173}', // MUSICAL SYMBOL BEGIN BEAM
        '\u{E0001}', // LANGUAGE TAG
        '\u{FFF9}',  // INTERLINEAR ANNOTATION ANCHOR
        '\u{2028}',  // LINE SEPARATOR
    ];

    #[test]
    fn names_refuse_every_default_ignorable_and_hangul_filler() {
        for c in LOOK_ALIKE_MAKERS {
            for check in [team_name, person_name, template_name] {
                let refused = check(&format!("Bon{c}di")).unwrap_err();
                assert_eq!(refused.exit_code(), 6);
                assert!(
                    refused.to_string().contains(&format!("U+{:04X}", c as u32)),
                    "{refused}"
                );
            }
        }
        assert_eq!(
            team_name("Bon\u{3164}di").unwrap_err().to_string(),
            "a team name cannot contain U+3164 HANGUL FILLER, an invisible character"
        );
        assert_eq!(
            team_name("Bon\u{1b}di").unwrap_err().to_string(),
            "a team name cannot contain U+001B, a control character"
        );
    }

    #[test]
    fn addresses_refuse_invisible_characters_naming_them() {
        for address in [
            "adm\u{3164}in@a.ex",
            "admin\u{E0041}@a.ex",
            "adm\u{034F}in@a.ex",
            "admin\u{FE0F}@a.ex",
            "admin@a\u{00AD}b.ex",
        ] {
            let refused = Email::parse(address).unwrap_err();
            assert_eq!(refused.exit_code(), 6);
            assert!(
                refused.to_string().contains("an invisible character"),
                "{refused}"
            );
        }
        assert!(
            Email::parse("adm\u{3164}in@a.ex")
                .unwrap_err()
                .to_string()
                .ends_with("it contains U+3164 HANGUL FILLER, an invisible character")
        );
    }

    #[test]
    fn addresses_have_one_spelling_kelvin_sign_is_not_k() {
        let kelvin = Email::parse("\u{212A}im@x.example")
            .unwrap_err()
            .to_string();
        assert!(kelvin.contains("U+212A KELVIN SIGN"), "{kelvin}");
        assert!(kelvin.contains("type \"K\" itself"), "{kelvin}");
        for variant in [
            "\u{FF41}dmin@a.ex",  // FULLWIDTH LATIN SMALL LETTER A
            "admin@\u{FF41}.ex",  // the same in the domain
            "\u{FB01}le@a.ex",    // LATIN SMALL LIGATURE FI
            "admin\u{2460}@a.ex", // CIRCLED DIGIT ONE
            "\u{212B}sa@a.ex",    // ANGSTROM SIGN
            "jose\u{301}@a.ex",   // e and its accent apart
        ] {
            assert_eq!(
                Email::parse(variant).unwrap_err().exit_code(),
                6,
                "{variant:?} was accepted"
            );
        }
        assert_eq!(
            Email::parse("Jos\u{E9}@a.ex").unwrap().as_str(),
            "jos\u{E9}@a.ex"
        );
    }

    #[test]
    fn domains_are_ascii_or_valid_idna_written_in_their_unicode_form() {
        assert_eq!(
            Email::parse("Anna@B\u{FC}cher.Example").unwrap().as_str(),
            "anna@b\u{FC}cher.example"
        );
        let punycode = Email::parse("anna@xn--bcher-kva.example").unwrap_err();
        assert!(
            punycode
                .to_string()
                .contains("write the domain as it reads, b\u{FC}cher.example"),
            "{punycode}"
        );
        for bad in [
            "anna@xn--zz.example",      // not Punycode of anything valid
            "anna@a\u{3002}example",    // IDEOGRAPHIC FULL STOP is not a dot
            "anna@under_score.example", // STD3 rules
            "anna@example.",            // trailing dot
            "anna@-bad.example",
            "anna@bad-.example",
            "anna@\u{E000}.example", // a private-use character
        ] {
            assert_eq!(
                Email::parse(bad).unwrap_err().exit_code(),
                6,
                "{bad:?} was accepted"
            );
        }
        assert!(Email::parse(&format!("anna@{}.example", "a".repeat(63))).is_ok());
        assert!(Email::parse(&format!("anna@{}.example", "a".repeat(64))).is_err());
        assert!(Email::parse("anna@r3--sn-abc.example").is_ok());
    }

    #[test]
    fn a_stored_address_parses_to_itself() {
        for typed in [
            "  Tom.B@X.Example ",
            "ANNA@B\u{DC}CHER.example",
            "\u{130}ris@a.ex",
        ] {
            let stored = Email::parse(typed).unwrap();
            assert_eq!(Email::parse(stored.as_str()).unwrap(), stored);
        }
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
