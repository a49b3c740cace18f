//! The server's SSH host key: ed25519, made on the first start and kept
//! beside the store, owner-only, so that clients meet the same server
//! every time (and `known_hosts` stays quiet).

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{Algorithm, PrivateKey};

use crate::domain::DomainError;
use crate::store::files;

/// The file name of the host key made beside a store.
const FILE_NAME: &str = "ssh_host_ed25519_key";

/// Where the host key of the store in `store_dir` is kept when none is named.
pub fn beside(store_dir: &Path) -> PathBuf {
    store_dir.join(FILE_NAME)
}

/// The key in `path`; made when there is none yet. A key others may read
/// is refused, as OpenSSH refuses one: anyone who read it could pose as
/// this server. So is a public key, and a kind the server cannot sign with.
pub fn load_or_create(path: &Path) -> Result<PrivateKey, DomainError> {
    let fail = |why: &dyn std::fmt::Display| {
        DomainError::Invalid(format!("the host key {}: {why}", path.display()))
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return create(path).map_err(|e| fail(&e)),
        Err(e) => return Err(fail(&e)),
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(&e))?;
    if russh::keys::PublicKey::from_openssh(text.trim()).is_ok() {
        return Err(fail(&"it is a public key: name the private key's file"));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(fail(
            &"others may read it; make it the owner's alone (chmod 600)",
        ));
    }
    let key = PrivateKey::from_openssh(text).map_err(|e| fail(&e))?;
    match key.algorithm() {
        Algorithm::Ed25519 | Algorithm::Ecdsa { .. } => Ok(key),
        other => Err(fail(&format!(
            "a {} key, which this server does not sign with: make an Ed25519 one (ssh-keygen -t ed25519)",
            other.as_str()
        ))),
    }
}

/// Makes a new key in `path`, the owner's alone.
fn create(path: &Path) -> Result<PrivateKey, Box<dyn std::error::Error>> {
    let key = fresh();
    let text = key.to_openssh(LineEnding::LF)?;
    files::write_owner_only(path, text.as_bytes())?;
    tracing::info!(
        "made the host key {} ({})",
        path.display(),
        key.public_key().fingerprint(Default::default())
    );
    Ok(key)
}

fn fresh() -> PrivateKey {
    let mut seed = [0; 32];
    crate::sources::fill_random(&mut seed);
    PrivateKey::from(Ed25519Keypair::from_seed(&seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_owner_only_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = beside(dir.path());
        let made = load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let read = load_or_create(&path).unwrap();
        assert_eq!(made.public_key(), read.public_key());
    }

    #[test]
    fn a_public_key_or_an_rsa_key_is_refused_saying_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = beside(dir.path());
        let public = load_or_create(&path)
            .unwrap()
            .public_key()
            .to_openssh()
            .unwrap();
        let public_path = dir.path().join("host.pub");
        std::fs::write(&public_path, public).unwrap();
        std::fs::set_permissions(&public_path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let refused = load_or_create(&public_path).unwrap_err().to_string();
        assert!(refused.contains("it is a public key"), "{refused}");

        let rsa = ssh_keygen_rsa(dir.path());
        let refused = load_or_create(&rsa).unwrap_err().to_string();
        assert!(refused.contains("ssh-rsa key"), "{refused}");
    }

    /// An RSA private key made by OpenSSH, owner-only.
    fn ssh_keygen_rsa(dir: &Path) -> PathBuf {
        let path = dir.join("rsa");
        let made = std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f"])
            .arg(&path)
            .status()
            .expect("ssh-keygen (scripts/test.sh installs openssh-client)");
        assert!(made.success());
        path
    }

    #[test]
    fn a_key_others_may_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = beside(dir.path());
        load_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let refused = load_or_create(&path).unwrap_err().to_string();
        assert!(refused.contains("chmod 600"), "{refused}");
    }
}
