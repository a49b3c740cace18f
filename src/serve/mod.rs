//! `teamdesk serve`: one process owns the store and serves the console to
//! every SSH session, as the account the session's key belongs to, and runs
//! command lines sent with `ssh host COMMAND`. Every session shares the one
//! workspace, so a change made in one reaches the others' consoles through
//! its change events, as a change made by the local console does.

mod console;
pub mod host_key;
mod local;
mod session;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use russh::MethodSet;
use russh::keys::{HashAlg, PrivateKey};
use russh::server::Server as _;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

use crate::mail::transport::Mailer;
use crate::tui::effects::Runtime;
use crate::tui::i18n::Lang;
use crate::tui::keymap::BindingEntry;
use crate::tui::theme::ThemeName;
use session::{Connection, Seats};

/// How much the server lets its clients have.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Console and command sessions open at once, over every connection
    /// (a local console through the socket takes one too).
    pub max_sessions: usize,
    /// A connection with no traffic either way this long is closed.
    pub idle: Duration,
    /// Failed sign-ins one key may make in [`Limits::failure_window`];
    /// past them the key is refused without being looked up.
    pub failures_per_key: u32,
    pub failure_window: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_sessions: 64,
            idle: Duration::from_secs(30 * 60),
            failures_per_key: 10,
            failure_window: Duration::from_secs(10 * 60),
        }
    }
}

/// How each session's console looks unless the session asks otherwise
/// (`LANG`, `NO_COLOR` sent with the session).
#[derive(Debug, Clone)]
pub struct ConsoleLook {
    pub lang: Lang,
    pub theme: ThemeName,
    pub keymap: Vec<BindingEntry>,
    /// The configuration file `serve` was given (`--config`): a local
    /// console reads it when it starts, as it would without a server.
    pub config: Option<PathBuf>,
}

/// Everything `serve` needs, set up by the command line.
pub struct Serving {
    pub listen: SocketAddr,
    /// The store's folder, where the socket for local commands goes.
    pub store_dir: PathBuf,
    pub host_key: PrivateKey,
    pub limits: Limits,
    /// The workspace every session shares.
    pub runtime: Runtime,
    /// The transport for the emails of commands sent over SSH.
    pub mailer: Mailer,
    pub look: ConsoleLook,
}

/// What every connection's handler shares.
pub(crate) struct Shared {
    runtime: Runtime,
    mailer: Mailer,
    look: ConsoleLook,
    limits: Limits,
    seats: Seats,
    failures: session::Failures,
    /// Becomes true when the server is stopping: consoles close, politely.
    stopping: watch::Receiver<bool>,
}

/// Serves until SIGTERM, SIGINT or SIGHUP; then the consoles are closed
/// (each leaving its terminal as it found it, with a sentence saying why)
/// and changes in flight finish before it returns.
pub fn run(serving: Serving) -> Result<(), crate::Error> {
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(io_error)?;
    tokio.block_on(serve(serving))
}

async fn serve(serving: Serving) -> Result<(), crate::Error> {
    let listener = TcpListener::bind(serving.listen)
        .await
        .map_err(|e| crate::Error::Server(format!("cannot listen on {}: {e}", serving.listen)))?;
    let address = listener.local_addr().map_err(io_error)?;
    let fingerprint = serving.host_key.public_key().fingerprint(HashAlg::Sha256);
    let config = Arc::new(russh::server::Config {
        methods: MethodSet::from(&[russh::MethodKind::PublicKey][..]),
        keys: vec![serving.host_key],
        inactivity_timeout: Some(serving.limits.idle),
        auth_rejection_time: Duration::from_millis(300),
        auth_rejection_time_initial: Some(Duration::ZERO),
        nodelay: true,
        ..Default::default()
    });
    let (stop, stopping) = watch::channel(false);
    let shared = Arc::new(Shared {
        runtime: serving.runtime,
        mailer: serving.mailer,
        look: serving.look,
        limits: serving.limits,
        seats: Seats::default(),
        failures: session::Failures::default(),
        stopping,
    });
    let _local = local::open(&serving.store_dir, shared.clone()).map_err(io_error)?;
    let mut server = Listening {
        shared: shared.clone(),
    };
    let running = server.run_on_socket(config, &listener);
    let handle = running.handle();
    // Scripts and tests wait for this line: the server takes connections from here on.
    eprintln!("{LISTENING}{address} (host key {fingerprint})");
    let mut terminate = signal(SignalKind::terminate()).map_err(io_error)?;
    let mut interrupt = signal(SignalKind::interrupt()).map_err(io_error)?;
    let mut hangup = signal(SignalKind::hangup()).map_err(io_error)?;
    tokio::pin!(running);
    tokio::select! {
        result = &mut running => return result.map_err(io_error),
        _ = terminate.recv() => {}
        _ = interrupt.recv() => {}
        _ = hangup.recv() => {}
    }
    tracing::info!("stopping: closing the sessions");
    let _ = stop.send(true);
    shared.seats.wait_empty(Duration::from_secs(3)).await;
    handle.shutdown("the teamdesk server is stopping".into());
    let _ = tokio::time::timeout(Duration::from_secs(2), running).await;
    // Every change was flushed before it was acknowledged: nothing is left to write.
    eprintln!("teamdesk serve: stopped");
    Ok(())
}

/// What a session is told when the server has `--max-sessions` open.
const FULL: &str =
    "the server holding the store has as many sessions open as it allows: try again later";

/// How the line the server writes once it takes connections begins.
const LISTENING: &str = "teamdesk serve: listening on ";

/// The address in the line the server writes once it takes connections,
/// for scripts and tests that start it on port 0 and wait for it.
pub fn listening_address(line: &str) -> Option<std::net::SocketAddr> {
    line.strip_prefix(LISTENING)?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn io_error(error: std::io::Error) -> crate::Error {
    crate::Error::Server(format!("the server: {error}"))
}

/// The listening side: one handler per connection.
struct Listening {
    shared: Arc<Shared>,
}

impl russh::server::Server for Listening {
    type Handler = Connection;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> Connection {
        Connection::new(self.shared.clone(), peer)
    }

    fn handle_session_error(&mut self, error: russh::Error) {
        tracing::debug!("a connection ended with an error: {error}");
    }
}
