//! The install's link key: the secret every invitation link is derived
//! from, kept in a file of its own beside the configuration (owner-only),
//! never in the store, so the store, its exports and its backups hold no
//! working link. It is made on first use and replaced by `link-key rotate`.

use std::io;
use std::path::{Path, PathBuf};

use crate::domain::DomainError;
use crate::domain::invitation::{LINK_KEY_BYTES, LinkKey};
use crate::sources::{nonce, random_link_key};
use crate::store::files;

/// The key file's name, in the configuration's directory.
pub const LINK_KEY_FILE: &str = "link.key";

/// Where the link key of the install whose configuration is `config` lives.
pub fn link_key_path(config: &Path) -> PathBuf {
    config
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(LINK_KEY_FILE)
}

fn unreadable(path: &Path, why: impl std::fmt::Display) -> DomainError {
    DomainError::Invalid(format!(
        "cannot read the link key {}: {why}",
        path.display()
    ))
}

/// The key in `path`, made (with its directory) when there is none yet.
/// Two processes making it at once agree on one key: the first to link its
/// file into place wins and the other reads it.
pub fn load_or_create(path: &Path) -> Result<LinkKey, DomainError> {
    match std::fs::read_to_string(path) {
        Ok(text) => return parse(path, &text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(unreadable(path, e)),
    }
    let key = random_link_key();
    let written = write_new(path, &key).map_err(|e| {
        DomainError::Invalid(format!(
            "cannot create the link key {}: {e}",
            path.display()
        ))
    })?;
    if written {
        Ok(key)
    } else {
        let text = std::fs::read_to_string(path).map_err(|e| unreadable(path, e))?;
        parse(path, &text)
    }
}

/// Replaces the key with a new one. Links already delivered keep working
/// (the store keeps their hashes); emails still queued can no longer be
/// derived, and fail with a sentence saying to resend them.
pub fn rotate(path: &Path) -> Result<(), DomainError> {
    let fail = |e: io::Error| {
        DomainError::Invalid(format!(
            "cannot replace the link key {}: {e}",
            path.display()
        ))
    };
    let staged = staging_path(path);
    prepare_dir(path).map_err(fail)?;
    files::write_owner_only(&staged, encode(&random_link_key()).as_bytes()).map_err(fail)?;
    std::fs::rename(&staged, path).map_err(fail)
}

fn encode(key: &LinkKey) -> String {
    let mut text: String = key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    text.push('\n');
    text
}

fn parse(path: &Path, text: &str) -> Result<LinkKey, DomainError> {
    let hex = text.trim();
    if hex.len() != LINK_KEY_BYTES * 2 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(unreadable(
            path,
            format!("it must hold {} hexadecimal digits", LINK_KEY_BYTES * 2),
        ));
    }
    let mut bytes = [0; LINK_KEY_BYTES];
    for (byte, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let digits = std::str::from_utf8(pair).map_err(|e| unreadable(path, e))?;
        *byte = u8::from_str_radix(digits, 16).map_err(|e| unreadable(path, e))?;
    }
    Ok(LinkKey::from_bytes(bytes))
}

/// A name beside `path` that no other writer (process or thread) uses.
fn staging_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{:016x}.new", nonce()));
    path.with_file_name(name)
}

fn prepare_dir(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => {
            files::create_owner_only_dir(dir)
        }
        _ => Ok(()),
    }
}

/// Writes `key` to `path` unless a key is already there; `true` when this
/// call's key is the one in place.
fn write_new(path: &Path, key: &LinkKey) -> io::Result<bool> {
    prepare_dir(path)?;
    let staged = staging_path(path);
    files::write_owner_only(&staged, encode(key).as_bytes())?;
    let linked = std::fs::hard_link(&staged, path);
    std::fs::remove_file(&staged)?;
    match linked {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_key_is_made_once_owner_only_then_read_back_until_rotated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config").join(LINK_KEY_FILE);
        let made = load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(load_or_create(&path).unwrap(), made);
        rotate(&path).unwrap();
        let rotated = load_or_create(&path).unwrap();
        assert_ne!(rotated, made);
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, [LINK_KEY_FILE]);
    }

    #[test]
    fn a_damaged_key_is_refused_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LINK_KEY_FILE);
        std::fs::write(&path, "not a key\n").unwrap();
        let refusal = load_or_create(&path).unwrap_err();
        assert!(refusal.to_string().contains("64 hexadecimal digits"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a key\n");
    }

    #[test]
    fn processes_making_the_key_at_once_agree_on_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LINK_KEY_FILE);
        let keys: Vec<LinkKey> = std::thread::scope(|scope| {
            let makers: Vec<_> = (0..8)
                .map(|_| scope.spawn(|| load_or_create(&path).unwrap()))
                .collect();
            makers.into_iter().map(|m| m.join().unwrap()).collect()
        });
        assert!(keys.windows(2).all(|pair| pair[0] == pair[1]));
    }
}
