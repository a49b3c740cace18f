//! SSH public keys that sign a person in to `teamdesk serve`: parsed and
//! checked here, like every other input, before anything keeps them.

use std::str::FromStr;

use russh::keys::ssh_key::{Algorithm, Fingerprint, HashAlg, PublicKey};

use super::error::DomainError;
use super::text;

/// The most text a key may come as, in bytes: an OpenSSH public key line
/// of any accepted type is well under a kilobyte.
pub const KEY_TEXT_MAX: usize = 8 * 1024;

/// The key types accepted, in the words refusals use. The server verifies
/// signatures without the `rsa` crate, so RSA (and the obsolete DSA) keys
/// could never sign anyone in.
const ACCEPTED: &str = "ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, or their security-key (sk-) forms";

/// How a refusal says what to give instead.
const EXAMPLE: &str =
    "give one OpenSSH public key line, such as \"ssh-ed25519 AAAA… you@laptop\" (a .pub file)";

/// One SSH public key of an account, as the store keeps it: the OpenSSH
/// line in its canonical form (the comment checked like a name), its type
/// and its SHA-256 fingerprint, which identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountKey {
    line: String,
    algorithm: String,
    fingerprint: String,
    comment: String,
}

impl AccountKey {
    /// Parses what the operator gave (`--key`, a `.pub` file): exactly one
    /// public key of an accepted type. A refusal never repeats the text,
    /// which might be a secret pasted by mistake.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let not_a_key =
            || DomainError::Invalid(format!("this is not an OpenSSH public key: {EXAMPLE}"));
        if is_private_key(text) {
            return Err(DomainError::Invalid(
                "this is a private key, which must never leave its owner's machine: give the public key (the .pub file) instead".into(),
            ));
        }
        if text.len() > KEY_TEXT_MAX {
            return Err(DomainError::Invalid(format!(
                "this is longer than any public key ({KEY_TEXT_MAX} bytes at most): {EXAMPLE}"
            )));
        }
        match text.lines().filter(|line| !line.trim().is_empty()).count() {
            0 => return Err(DomainError::Invalid(format!("no key was given: {EXAMPLE}"))),
            1 => {}
            lines => {
                return Err(DomainError::Invalid(format!(
                    "this holds {lines} lines: give one public key at a time, on one line"
                )));
            }
        }
        // Fields are read as OpenSSH reads them: split by runs of spaces and tabs.
        let mut fields = text
            .trim()
            .split([' ', '\t'])
            .filter(|field| !field.is_empty());
        let (Some(kind), Some(data)) = (fields.next(), fields.next()) else {
            return Err(not_a_key());
        };
        let mut key =
            PublicKey::from_openssh(&format!("{kind} {data}")).map_err(|_| not_a_key())?;
        refuse_unverifiable(&key.algorithm())?;
        let comment = text::key_comment(&fields.collect::<Vec<_>>().join(" "))?;
        key.set_comment(comment.as_str());
        Ok(Self {
            line: key.to_openssh().map_err(|_| not_a_key())?,
            algorithm: key.algorithm().as_str().to_owned(),
            fingerprint: key.fingerprint(HashAlg::Sha256).to_string(),
            comment,
        })
    }

    /// The OpenSSH line the account keeps (`type base64 [comment]`).
    pub fn line(&self) -> &str {
        &self.line
    }

    /// The key type, such as `ssh-ed25519`.
    pub fn algorithm(&self) -> &str {
        &self.algorithm
    }

    /// `SHA256:…`, as `ssh-keygen -l` prints it: what the server looks a key up by.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The label at the end of the line (`you@laptop`); empty when there is none.
    pub fn comment(&self) -> &str {
        &self.comment
    }
}

/// Whether `text` is (or holds) a private key: PEM or OpenSSH armour, or a PuTTY key file.
fn is_private_key(text: &str) -> bool {
    text.lines().map(str::trim_start).any(|line| {
        ((line.starts_with("-----BEGIN") || line.starts_with("---- BEGIN"))
            && line.contains("PRIVATE KEY"))
            || line.starts_with("PuTTY-User-Key-File-")
    })
}

/// Refuses a key type the server could not verify a signature of.
fn refuse_unverifiable(algorithm: &Algorithm) -> Result<(), DomainError> {
    let kind = match algorithm {
        Algorithm::Ed25519
        | Algorithm::Ecdsa { .. }
        | Algorithm::SkEd25519
        | Algorithm::SkEcdsaSha2NistP256 => return Ok(()),
        Algorithm::Rsa { .. } => "RSA keys are",
        Algorithm::Dsa => "DSA keys are",
        _ => "keys of this type are",
    };
    Err(DomainError::Invalid(format!(
        "{kind} not accepted: give a key of type {ACCEPTED} (`ssh-keygen -t ed25519` makes one)"
    )))
}

/// A fingerprint as the operator types it, in the form keys are found by:
/// `SHA256:` and the unpadded base64 of the digest.
pub fn parse_fingerprint(text: &str) -> Result<String, DomainError> {
    match Fingerprint::from_str(text.trim()) {
        Ok(fingerprint @ Fingerprint::Sha256(_)) => Ok(fingerprint.to_string()),
        _ => Err(DomainError::Invalid(
            "a fingerprint is \"SHA256:\" followed by 43 characters, as `ssh-keygen -lf KEY.pub` prints it".into(),
        )),
    }
}

/// How the operator names a key of an account: by its fingerprint, or by
/// the key itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyChoice {
    Fingerprint(String),
    Key(String),
}

impl KeyChoice {
    /// The fingerprint the choice names, once what was typed is checked.
    pub fn fingerprint(&self) -> Result<String, DomainError> {
        match self {
            KeyChoice::Fingerprint(text) => parse_fingerprint(text),
            KeyChoice::Key(text) => AccountKey::parse(text).map(|key| key.fingerprint),
        }
    }
}

/// Public key lines for tests, as `ssh-keygen` wrote them.
#[cfg(test)]
pub(crate) mod examples {
    pub const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGrq2Knz8ACmtIuHf38tC95MmHTQ9h+c+7GPrGlWPPtd test-ed25519@teamdesk.example";
    pub const ED25519_FINGERPRINT: &str = "SHA256:ZItHQpGq2rOdcGDIG0ub9Fxr/TVMB3CE+H47SkQ/k1g";
    pub const ECDSA_256: &str = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBF8i1ujTUO6dkGzICFdRa/H1sOY/e5xj0rvcBZ47Kxqk2ySNIDSxeB3Ucr7VSMlp9tylH+yTnpbaoB8jEACWhQM= test-ecdsa256@teamdesk.example";
    pub const ECDSA_384: &str = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBLzd5olI3MsgEZYcMr+O37gjaGx+XKJEKCeM/f00nNtxbdgyTFQv8gPi8/iPduJySRqTTpA4g3nTxpoTSXPGQdtkBJ+PcNWivWjxTX8N3qLkoiMhCOq/GEQFZ1h6uxraDA==";
    pub const ECDSA_521: &str = "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBABsl5KrOwOYhAN24gbOAcovyNDZ1coJqOrkaNbTHps8SVUJF08pRf7gYGkJWPCcylA1j+mKhLOr22ADpJPJI3InRAH8kheMYAezw0am8pqnzXSf6b+gu31bbckWoiZFyGQ7OUfKx+uQbTpJSiZVLBmnOSjGRc64aXtJeuwqAO7jqNTSpQ== test-ecdsa521@teamdesk.example";
    pub const SK_ED25519: &str = "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAICFo/k5LU8863u66YC9eUO2170QduohPURkQnbLa/dczAAAABHNzaDo= user@example.com";
    pub const SK_ECDSA: &str = "sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20AAAAIbmlzdHAyNTYAAABBBIELQJ2DgvaX1yQlKFokfWM2suuaCFI2qp0eJodHyg6O4ifxc3XpRKd1OS8dNYQtE/YjdXSrA+AOnMF5ns2Nkx4AAAAEc3NoOg== user@example.com";
    pub const RSA: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQChwNgxW1HUFUNZ5t1NU28CUsNfNQy24lFhMT8o13Qkqnnysm7zWzy34YqLrrj1NuaK9e3XU8tfsTthH4Qa+p5MWdMQinGPXbPVysptrcU9xq4guEFvJA88Fp1bKrj7qKews+xTu7g6tO4ITRKSKu7m7Kx7rHGbDLEqu+BuI8D/rw+GS+EJcilfpNs1EF77FWkzRSbgFp6vcTP8QBLSUEjf1qH4Km2ugUhtClSFhahKFthw9uvqXChFTUJR0eDjte729nGV6gjMXo5mqItY5LFZLZbI7x4YSkhtyzkvjweqjS8sjs38l55eSjse7b8FPACXJ7wVJzYmR8yTsHu1TS37 test-rsa@teamdesk.example";
    /// A key of a type only its own software knows (`name@domain`).
    pub const OPAQUE: &str = "name@example.com AAAAEG5hbWVAZXhhbXBsZS5jb20AAAAgiI8k7het/tAJHmfkhfuYRM/tYHLKwdBjkOQAX1AVtE8= comment@example.com";
    /// A certificate: a key and an authority's signature, not a key alone.
    pub const CERTIFICATE: &str = "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29tAAAAIAYkJPGaYen7NK8MwZwWmNAyRaFNsc86AU9NObU2cM2uAAAAILM+rvN+ot98qgEN796jTiQfZfG1KaT0PtFDJ/XFSqtiAAAAAAAAAAAAAAACAAAAB2VkMjU1MTkAAAAUAAAAEGhvc3QuZXhhbXBsZS5jb20AAAAAYkx3NwAAAAB8DuY3AAAAAAAAAAAAAAAAAAAAMwAAAAtzc2gtZWQyNTUxOQAAACCzPq7zfqLffKoBDe/eo04kH2XxtSmk9D7RQyf1xUqrYgAAAFMAAAALc3NoLWVkMjU1MTkAAABApVXBNiYPlPoa1BYH5G4NP9XtjTMZlm7HO5GdbLSvvAw5Vdob7Ka+23hB7isJKHYtzFGGSKXAqxp/Zi8REbCaAw== user@example.com";
    pub const DSA: &str = "ssh-dss AAAAB3NzaC1kc3MAAACBANw9iSUO2UYhFMssjUgW46URqv8bBrDgHeF8HLBOWBvKuXF2Rx2J/XyhgX48SOLMuv0hcPaejlyLarabnF9F2V4dkpPpZSJ+7luHmxEjNxwhsdtg8UteXAWkeCzrQ6MvRJZHcDBjYh56KGvslbFnJsGLXlI4PQCyl6awNImwYGilAAAAFQCJGBU3hZf+QtP9Jh/nbfNlhFu7hwAAAIBHObOQioQVRm3HsVb7mOy3FVKhcLoLO3qoG9gTkd4KeuehtFAC3+rckiX7xSCnE/5BBKdL7VP9WRXac2Nlr9Pwl3e7zPut96wrCHt/TZX6vkfXKkbpUIj5zSqfvyNrWKaYJkfzwAQwrXNS1Hol676Ud/DDEn2oatdEhkS3beWHXAAAAIBgQqaz/YYTRMshzMzYcZ4lqgvgmA55y6v0h39e8HH2A5dwNS6sPUw2jyna+le0dceNRJifFld1J+WYM0vmquSr11DDavgEidOSaXwfMvPPPJqLmbzdtT16N+Gij9U9STQTHPQcQ3xnNNHgQAStzZJbhLOVbDDDo5BO7LMUALDfSA== user@example.com";
}

#[cfg(test)]
mod tests {
    use super::examples::*;
    use super::*;

    fn refusal(text: &str) -> String {
        let error = AccountKey::parse(text).unwrap_err();
        assert_eq!(error.exit_code(), 6, "{error}");
        error.to_string()
    }

    #[test]
    fn ed25519_ecdsa_and_security_keys_are_accepted_with_their_fingerprints() {
        let key = AccountKey::parse(ED25519).unwrap();
        assert_eq!(key.algorithm(), "ssh-ed25519");
        assert_eq!(key.fingerprint(), ED25519_FINGERPRINT);
        assert_eq!(key.comment(), "test-ed25519@teamdesk.example");
        assert_eq!(key.line(), ED25519);
        for (line, algorithm) in [
            (ECDSA_256, "ecdsa-sha2-nistp256"),
            (ECDSA_384, "ecdsa-sha2-nistp384"),
            (ECDSA_521, "ecdsa-sha2-nistp521"),
            (SK_ED25519, "sk-ssh-ed25519@openssh.com"),
            (SK_ECDSA, "sk-ecdsa-sha2-nistp256@openssh.com"),
        ] {
            let key = AccountKey::parse(line).unwrap();
            assert_eq!(key.algorithm(), algorithm);
            assert!(key.fingerprint().starts_with("SHA256:"), "{line}");
        }
        assert_eq!(AccountKey::parse(ECDSA_384).unwrap().comment(), "");
    }

    #[test]
    fn a_key_is_kept_in_one_form_whatever_the_spacing_around_it() {
        let spaced = format!("\n  {}\r\n\n", ED25519.replace(' ', " \t "));
        let key = AccountKey::parse(&spaced).unwrap();
        assert_eq!(key.line(), ED25519);
        assert_eq!(AccountKey::parse(key.line()).unwrap(), key);
    }

    #[test]
    fn rsa_dsa_and_other_key_types_are_refused_naming_the_types_accepted() {
        for (line, kind) in [
            (RSA, "RSA keys"),
            (DSA, "DSA keys"),
            (OPAQUE, "keys of this type"),
        ] {
            let refused = refusal(line);
            assert!(refused.starts_with(kind), "{refused}");
            assert!(
                refused.contains("ssh-ed25519, ecdsa-sha2-nistp256"),
                "{refused}"
            );
        }
    }

    #[test]
    fn a_private_key_is_refused_without_repeating_it() {
        let body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";
        for armour in [
            format!(
                "-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\n"
            ),
            format!("-----BEGIN EC PRIVATE KEY-----\n{body}\n"),
            format!("PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\n{body}\n"),
        ] {
            let refused = refusal(&armour);
            assert!(refused.contains("private key"), "{refused}");
            assert!(refused.contains(".pub"), "{refused}");
            assert!(!refused.contains(body), "{refused}");
        }
    }

    #[test]
    fn nothing_garbage_or_more_than_one_key_is_refused_in_one_sentence() {
        assert!(refusal("").contains("no key was given"));
        assert!(refusal(" \n\t\n").contains("no key was given"));
        let two = format!("{ED25519}\n{ECDSA_256}\n");
        assert!(refusal(&two).contains("one public key at a time"));
        for garbage in [
            "hello",
            "ssh-ed25519",
            "ssh-ed25519 not-base64!",
            // The type written differs from the one encoded.
            &ED25519.replacen("ssh-ed25519", "ecdsa-sha2-nistp256", 1),
            // An authorized_keys line with options in front.
            &format!("no-pty {ED25519}"),
            CERTIFICATE,
        ] {
            let refused = refusal(garbage);
            assert!(
                refused.contains("not an OpenSSH public key"),
                "{garbage}: {refused}"
            );
        }
        assert!(!refusal(&format!("no-pty {ED25519}")).contains("AAAAC3Nza"));
        assert!(refusal(&"A".repeat(KEY_TEXT_MAX + 1)).contains("longer than any public key"));
    }

    #[test]
    fn the_comment_is_held_to_a_names_rules() {
        let key = |comment: &str| {
            AccountKey::parse(&format!(
                "{} {comment}",
                &ED25519[..ED25519.rfind(' ').unwrap()]
            ))
        };
        assert_eq!(key("laptop of Ana").unwrap().comment(), "laptop of Ana");
        let escape = key("ana\u{1b}]0;owned\u{7}").unwrap_err().to_string();
        assert!(escape.contains("U+001B, a control character"), "{escape}");
        let bidi = key("ana\u{202e}pot").unwrap_err().to_string();
        assert!(bidi.contains("bidirectional"), "{bidi}");
        let long = key(&"c".repeat(101)).unwrap_err().to_string();
        assert!(long.contains("101 characters"), "{long}");
    }

    #[test]
    fn a_fingerprint_is_read_as_ssh_keygen_prints_it() {
        assert_eq!(
            parse_fingerprint(&format!(" {ED25519_FINGERPRINT}\n")).unwrap(),
            ED25519_FINGERPRINT
        );
        for wrong in [
            "ZItHQpGq2rOdcGDIG0ub9Fxr",
            "SHA256:short",
            "MD5:aa:bb",
            "SHA512:AAAA",
        ] {
            assert_eq!(
                parse_fingerprint(wrong).unwrap_err().exit_code(),
                6,
                "{wrong}"
            );
        }
        let by_key = KeyChoice::Key(ED25519.into()).fingerprint().unwrap();
        assert_eq!(by_key, ED25519_FINGERPRINT);
    }
}
