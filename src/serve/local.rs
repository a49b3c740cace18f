//! The server's door for local commands: a unix socket in the store's
//! folder, answered by [`crate::cli::relay`]. The folder is the owner's
//! alone and so is the socket: whoever may run teamdesk on the store's
//! files may use it, as they could the store itself.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Shared;
use crate::cli::relay::{SOCKET_FILE, answer};
use crate::cli::remote::Served;
use crate::store::files::OWNER_ONLY_FILE;

/// The socket while the server listens on it; removed when dropped.
pub(crate) struct LocalDoor {
    path: PathBuf,
}

impl Drop for LocalDoor {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Listens for local commands on a thread of its own, each connection
/// answered on its own thread. A socket left by a server that died is
/// replaced: this process holds the store now.
pub(crate) fn open(store_dir: &Path, shared: Arc<Shared>) -> std::io::Result<LocalDoor> {
    let path = store_dir.join(SOCKET_FILE);
    match std::fs::remove_file(&path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    let listener = UnixListener::bind(&path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(OWNER_ONLY_FILE))?;
    std::thread::Builder::new()
        .name("local commands".into())
        .spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let shared = shared.clone();
                let _ = std::thread::Builder::new()
                    .name("local command".into())
                    .spawn(move || {
                        let served = Served {
                            workspace: &shared.runtime.workspace,
                            mailer: &shared.mailer,
                        };
                        if let Err(error) = answer(&stream, &served) {
                            tracing::warn!("a local command's answer was cut: {error}");
                        }
                    });
            }
        })?;
    Ok(LocalDoor { path })
}
