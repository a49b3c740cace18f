//! The server's door for local commands and the local console: a unix
//! socket in the store's folder, answered by [`crate::cli::relay`]. The
//! folder is the owner's alone and so is the socket: whoever may run
//! teamdesk on the store's files may use it, as they could the store itself.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::{mpsc, watch};

use super::Shared;
use super::console::{ChannelWriter, OPEN, Out, spawn_console};
use super::session::Seat;
use crate::cli::relay::SOCKET_FILE;
use crate::cli::relay::answer;
use crate::cli::relay::console::{FromTerminal, LocalConsole};
use crate::cli::remote::Served;
use crate::store::files::OWNER_ONLY_FILE;
use crate::tui::Channel as Messages;
use crate::tui::effects::Msg;
use crate::tui::remote::RemoteConsole;

/// The socket while the server listens on it; removed when dropped.
pub(crate) struct LocalDoor {
    path: PathBuf,
}

impl Drop for LocalDoor {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Listens for local commands and consoles on a thread of its own, each
/// connection answered on its own thread. A socket left by a server that died is
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
                    .spawn(move || serve_connection(&stream, &shared));
            }
        })?;
    Ok(LocalDoor { path })
}

/// Answers one connection: a command, or a console run to its end.
fn serve_connection(stream: &UnixStream, shared: &Arc<Shared>) {
    let served = Served {
        workspace: &shared.runtime.workspace,
        mailer: &shared.mailer,
    };
    match answer(stream, &served, shared.look.config.as_deref()) {
        Ok(Some(console)) => {
            if let Err(error) = run_console(console, shared) {
                tracing::warn!("a local console ended: {error}");
            }
        }
        Ok(None) => {}
        Err(error) => tracing::warn!("a local command's answer was cut: {error}"),
    }
}

/// Runs a local client's console as an SSH session's runs, in a place of
/// the server's sessions, until it ends or the client goes.
fn run_console(console: LocalConsole<'_>, shared: &Arc<Shared>) -> std::io::Result<()> {
    let LocalConsole {
        options,
        actor,
        area,
        typed,
        screen,
    } = console;
    let Some(_seat) = Seat::take(shared) else {
        tracing::warn!(
            "refused a local console: {} sessions are open, the most allowed",
            shared.limits.max_sessions
        );
        return screen.refuse(super::FULL, 7);
    };
    let (input, keys) = mpsc::unbounded_channel();
    let messages = Messages::new();
    let resizes = messages.sender.clone();
    let (outs, mut drawn) = mpsc::unbounded_channel();
    let (client_here, mut client) = watch::channel(());
    let remote = RemoteConsole {
        writer: ChannelWriter::new(outs.clone()),
        area: area.clone(),
        input: keys,
        options,
        actor,
    };
    spawn_console(shared, remote, messages, outs, async move {
        let _ = client.changed().await;
        OPEN
    })?;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            while let Some(out) = drawn.blocking_recv() {
                let sent = match out {
                    Out::Data(bytes) => screen.draw(&bytes),
                    Out::Exit(status) => screen.exit(i32::try_from(status).unwrap_or(1)),
                };
                if sent.is_err() {
                    return;
                }
            }
        });
        // Until the console's exit closes the connection, or the client goes.
        for from_terminal in typed {
            match from_terminal {
                FromTerminal::Keys(bytes) => {
                    let _ = input.send(bytes);
                }
                FromTerminal::Resized(width, height) => {
                    area.set(width, height);
                    let _ = resizes.send(Msg::Resize(width, height));
                }
            }
        }
        drop(client_here);
    });
    Ok(())
}
