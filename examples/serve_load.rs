//! Load on `teamdesk serve`: many console sessions over SSH at once, each
//! inviting addresses through its console while every session watches the
//! Invitations tab. Reports how long a change takes to reach the other
//! sessions' screens (median, p99), the server's memory idle and at its
//! peak, and checks afterwards that no change was lost and `doctor` passes.
//!
//! ```sh
//! cargo build --release --bin teamdesk --examples
//! target/release/examples/serve_load [--sessions 50] [--changes 4] [--changers N]
//! ```
//!
//! It builds a fresh store in a temporary directory with the release
//! binary (`TEAMDESK_BIN` names another): an owner and one admin per
//! session in a Pro team, each admin with an Ed25519 key made here.
//!
//! With `--store DIR --as EMAIL --expect TEXT` it measures instead how soon
//! a new session shows a large team: the server runs on a copy of the
//! store, `EMAIL` gets a key, and that many sessions sign in one after
//! another and stay; each is timed from its authentication until `TEXT`
//! (a member of the first page) is on its screen.

#[path = "support/proc_status.rs"]
mod proc_status;
use proc_status::{cpu_seconds, status_kb};

use std::collections::HashMap;
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::ChannelMsg;
use russh::client::{self, Handle};
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};

const OWNER: &str = "owner@load.example";
const TEAM: &str = "Load Clinic";
/// Each session's terminal.
/// Tall enough for a round of every session's new invitation at once.
const ROWS: NonZeroU16 = NonZeroU16::new(72).unwrap();
const COLUMNS: NonZeroU16 = NonZeroU16::new(100).unwrap();
/// The title of the dialog that shows a new invitation link.
const LINK_DIALOG: &str = "New invitation link";
/// How long the run waits for a change to reach every session.
const PATIENCE: Duration = Duration::from_secs(30);

struct Options {
    sessions: usize,
    /// An existing store to time new sessions on, as whom, until what shows.
    first_screen: Option<FirstScreen>,
    /// Rounds: in each, every changing session invites one address.
    changes: usize,
    /// How many of the sessions change the store; the rest only watch.
    changers: usize,
}

struct FirstScreen {
    store: PathBuf,
    email: String,
    expect: String,
}

fn options() -> Options {
    let mut options = Options {
        sessions: 50,
        first_screen: None,
        changes: 4,
        changers: usize::MAX,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut store, mut email, mut expect) = (None, None, None);
    for pair in args.chunks(2) {
        let text = pair.get(1).cloned();
        let value = text.as_deref().and_then(|v| v.parse().ok());
        match (pair[0].as_str(), value, text) {
            ("--sessions", Some(n), _) => options.sessions = n,
            ("--changes", Some(n), _) => options.changes = n,
            ("--changers", Some(n), _) => options.changers = n,
            ("--store", _, Some(dir)) => store = Some(PathBuf::from(dir)),
            ("--as", _, Some(text)) => email = Some(text),
            ("--expect", _, Some(text)) => expect = Some(text),
            _ => {
                eprintln!(
                    "usage: serve_load [--sessions N] [--changes N] [--changers N] \
                     [--store DIR --as EMAIL --expect TEXT]"
                );
                std::process::exit(2);
            }
        }
    }
    options.first_screen = match (store, email, expect) {
        (Some(store), Some(email), Some(expect)) => Some(FirstScreen {
            store,
            email,
            expect,
        }),
        (None, None, None) => None,
        _ => {
            eprintln!("--store, --as and --expect go together");
            std::process::exit(2);
        }
    };
    options.changers = options.changers.min(options.sessions);
    options
}

fn binary() -> PathBuf {
    std::env::var_os("TEAMDESK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/release/teamdesk"))
}

/// Runs the binary on the store in `dir`; panics unless it succeeds.
fn teamdesk(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(binary())
        .env("TEAMDESK_DB", dir.join("store"))
        .env("TEAMDESK_CONFIG", dir.join("config.toml"))
        .env_remove("TEAMDESK_AS")
        .env_remove("TEAMDESK_NOW")
        .args(args)
        .output()
        .expect("the teamdesk binary (cargo build --release)");
    assert!(
        output.status.success(),
        "teamdesk {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn admin(n: usize) -> String {
    format!("admin{n}@load.example")
}

/// A team of an owner and `count` admins, each admin with a new key.
fn build_store(dir: &Path, count: usize) -> Vec<PrivateKey> {
    std::fs::write(dir.join("config.toml"), "").unwrap();
    teamdesk(
        dir,
        &[
            "account", "create", OWNER, "--name", "Owner", "--plan", "pro",
        ],
    );
    teamdesk(dir, &["--as", OWNER, "team", "create", TEAM]);
    (0..count)
        .map(|n| {
            let email = admin(n);
            teamdesk(
                dir,
                &["account", "create", &email, "--name", &format!("Admin {n}")],
            );
            let invited = teamdesk(
                dir,
                &[
                    "--as", OWNER, "--json", "invite", "add", &email, "--role", "admin",
                ],
            );
            let link = invited
                .split("\"link\": \"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .expect("a link");
            teamdesk(dir, &["--as", &email, "join", link]);
            let mut seed = [0; 32];
            getrandom::fill(&mut seed).expect("random bytes");
            let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
            let line = key.public_key().to_openssh().expect("a public key line");
            teamdesk(dir, &["account", "add-key", &email, "--key", &line]);
            key
        })
        .collect()
}

/// The server, with the port it listens on.
fn start_server(dir: &Path) -> (Child, u16) {
    let mut child = Command::new(binary())
        .env("TEAMDESK_DB", dir.join("store"))
        .env("TEAMDESK_CONFIG", dir.join("config.toml"))
        .args(["serve", "--listen", "127.0.0.1:0", "--max-sessions", "1000"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the teamdesk binary");
    let stderr = child.stderr.take().unwrap();
    let (port, heard) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(address) = teamdesk::serve::listening_address(&line) {
                let _ = port.send(address.port());
            }
        }
    });
    let port = heard.recv_timeout(PATIENCE).expect("the server started");
    (child, port)
}

struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// What one session's terminal shows, and when each address first appeared on it.
struct Seen {
    screen: vt100::Parser,
    first: HashMap<String, Instant>,
    /// When the session's own new link was first on its screen: its
    /// change was on disk by then.
    link_shown: Option<Instant>,
}

struct Session {
    /// When its key was accepted.
    signed_in: Instant,
    channel: russh::ChannelWriteHalf<client::Msg>,
    seen: Arc<Mutex<Seen>>,
    _handle: Handle<Trusting>,
}

/// Every address that will be invited, by session and change.
fn address(session: usize, change: usize) -> String {
    format!("s{session}c{change}@l.io")
}

async fn open_session(port: u16, key: PrivateKey, watch: Arc<Vec<String>>) -> Session {
    let config = Arc::new(client::Config::default());
    let mut handle = client::connect(config, ("127.0.0.1", port), Trusting)
        .await
        .expect("a connection");
    let auth = handle
        .authenticate_publickey("load", PrivateKeyWithHashAlg::new(Arc::new(key), None))
        .await
        .expect("an answer to the key");
    assert!(auth.success(), "the key signs in");
    let signed_in = Instant::now();
    let channel = handle.channel_open_session().await.expect("a session");
    channel
        .request_pty(
            false,
            "xterm-256color",
            u32::from(COLUMNS.get()),
            u32::from(ROWS.get()),
            0,
            0,
            &[],
        )
        .await
        .unwrap();
    channel.request_shell(false).await.unwrap();
    let (mut read, write) = channel.split();
    let seen = Arc::new(Mutex::new(Seen {
        screen: vt100::Parser::new(ROWS, COLUMNS, 0),
        first: HashMap::new(),
        link_shown: None,
    }));
    let keep = seen.clone();
    tokio::spawn(async move {
        while let Some(message) = read.wait().await {
            let ChannelMsg::Data { data } = message else {
                continue;
            };
            let now = Instant::now();
            let mut seen = keep.lock().unwrap();
            // The console redraws only the cells that changed: read the
            // screen as the terminal holds it, not the bytes that changed it.
            seen.screen.process(&data);
            let shown = seen.screen.screen().contents();
            for address in watch.iter() {
                if !seen.first.contains_key(address) && shown.contains(address.as_str()) {
                    seen.first.insert(address.clone(), now);
                }
            }
            if seen.link_shown.is_none() && shown.contains(LINK_DIALOG) {
                seen.link_shown = Some(now);
            }
        }
    });
    Session {
        signed_in,
        channel: write,
        seen,
        _handle: handle,
    }
}

impl Session {
    /// Waits until the session's screen satisfies `ready`, or [`PATIENCE`].
    async fn wait_for(&self, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if ready(&self.seen.lock().unwrap().screen.screen().contents()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

async fn keys(session: &Session, bytes: &[u8]) {
    session
        .channel
        .data_bytes(bytes.to_vec())
        .await
        .expect("the session takes keys");
}

fn percentile(sorted: &[Duration], share: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted[at]
}

/// Opens a console per key, puts each on the Invitations tab, and runs
/// rounds: in each, every session invites one address at the same time,
/// and the round ends when every address is on every screen (or
/// [`PATIENCE`] runs out). Returns when each address was sent.
async fn drive(
    port: u16,
    keys_made: Vec<PrivateKey>,
    watch: Arc<Vec<String>>,
    options: &Options,
) -> HashMap<String, Instant> {
    let sent = Arc::new(Mutex::new(HashMap::new()));
    let stored: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let mut sessions = Vec::new();
    for key in keys_made {
        sessions.push(Arc::new(open_session(port, key, watch.clone()).await));
    }
    // Every console on its Invitations tab.
    tokio::time::sleep(Duration::from_secs(2)).await;
    for session in &sessions {
        keys(session, b"2").await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    for round in 0..options.changes {
        let mut typing = Vec::new();
        for (n, session) in sessions.iter().enumerate().take(options.changers) {
            let (sent, stored, session) = (sent.clone(), Arc::clone(&stored), session.clone());
            typing.push(tokio::spawn(async move {
                let address = address(n, round);
                keys(&session, b"i").await;
                keys(&session, address.as_bytes()).await;
                session.seen.lock().unwrap().link_shown = None;
                sent.lock().unwrap().insert(address.clone(), Instant::now());
                keys(&session, b"\r").await;
                // The new link is shown to whoever invited: then close it.
                session
                    .wait_for(|screen| screen.contains(LINK_DIALOG))
                    .await;
                let link_shown = session.seen.lock().unwrap().link_shown;
                if let Some(at) = link_shown {
                    stored.lock().unwrap().insert(address, at);
                }
                keys(&session, b"\x1b").await;
                session
                    .wait_for(|screen| !screen.contains(LINK_DIALOG))
                    .await;
            }));
        }
        for task in typing {
            task.await.expect("a session's typing");
        }
        // Every session has this round's addresses on screen before the next.
        let round_addresses: Vec<String> =
            (0..options.changers).map(|n| address(n, round)).collect();
        for session in &sessions {
            session
                .wait_for(|screen| round_addresses.iter().all(|a| screen.contains(a.as_str())))
                .await;
        }
    }
    let sent = sent.lock().unwrap().clone();
    let header = format!(
        "{} sessions, {} of them changing {} times each: a change on the other sessions' screens",
        options.sessions, options.changers, options.changes
    );
    println!("{header}");
    report_delays(&sessions, &sent, "from its Enter");
    report_delays(
        &sessions,
        &stored.lock().unwrap(),
        "from its own link on screen",
    );
    sent
}

/// How long each change took to reach every other session's screen from
/// `since` (when it was asked for, or when it was on disk).
fn report_delays(sessions: &[Arc<Session>], since: &HashMap<String, Instant>, label: &str) {
    let mut delays = Vec::new();
    let mut missing = 0;
    for (n, session) in sessions.iter().enumerate() {
        let seen = session.seen.lock().unwrap();
        for (address, at) in since {
            if address.starts_with(&format!("s{n}c")) {
                continue;
            }
            match seen.first.get(address) {
                Some(seen_at) => delays.push(seen_at.saturating_duration_since(*at)),
                None => missing += 1,
            }
        }
    }
    delays.sort();
    println!(
        "  {label}: median {:.0} ms, p99 {:.0} ms, max {:.0} ms ({} deliveries, {} never seen)",
        percentile(&delays, 0.5).as_secs_f64() * 1e3,
        percentile(&delays, 0.99).as_secs_f64() * 1e3,
        delays.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        delays.len(),
        missing
    );
}

/// Signs in `sessions` sessions one after another on a copy of an existing
/// store, each staying open, and reports how soon each showed `expect`.
fn time_first_screens(dir: &Path, first: &FirstScreen, sessions: usize) {
    let copied = Command::new("cp")
        .arg("-a")
        .arg(&first.store)
        .arg(dir.join("store"))
        .status()
        .expect("cp");
    assert!(copied.success(), "the store is copied");
    std::fs::write(dir.join("config.toml"), "").unwrap();
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&[7; 32]));
    let line = key.public_key().to_openssh().expect("a public key line");
    teamdesk(dir, &["account", "add-key", &first.email, "--key", &line]);
    let (server, port) = start_server(dir);
    std::thread::sleep(Duration::from_millis(500));
    let idle_kb = status_kb(server.id(), "VmRSS").unwrap_or(0);
    let watch = Arc::new(vec![first.expect.clone()]);
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let delays: Vec<Duration> = tokio.block_on(async {
        let mut open = Vec::new();
        let mut delays = Vec::new();
        for _ in 0..sessions {
            let session = open_session(port, key.clone(), watch.clone()).await;
            session
                .wait_for(|screen| screen.contains(&first.expect))
                .await;
            let seen = session
                .seen
                .lock()
                .unwrap()
                .first
                .get(&first.expect)
                .copied();
            let shown = seen.expect("the expected text on screen");
            delays.push(shown.saturating_duration_since(session.signed_in));
            open.push(session);
        }
        delays
    });
    let peak_kb = status_kb(server.id(), "VmHWM").unwrap_or(0);
    let mut sorted = delays.clone();
    sorted.sort();
    println!(
        "{sessions} sessions on {}: the first on screen {:.0} ms after its authentication, then median {:.0} ms, p99 {:.0} ms",
        first.store.display(),
        delays[0].as_secs_f64() * 1e3,
        percentile(&sorted, 0.5).as_secs_f64() * 1e3,
        percentile(&sorted, 0.99).as_secs_f64() * 1e3,
    );
    report_memory(idle_kb, peak_kb, sessions);
    stop(server);
}

/// The server's memory over the run.
fn report_memory(idle_kb: u64, peak_kb: u64, sessions: usize) {
    println!(
        "server memory: {} MB idle (VmRSS), {} MB peak (VmHWM): {:.2} MB per session over idle",
        idle_kb / 1024,
        peak_kb / 1024,
        (peak_kb.saturating_sub(idle_kb)) as f64 / 1024.0 / sessions as f64
    );
}

fn stop(mut server: Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
}

fn main() {
    let options = options();
    let dir = std::env::temp_dir().join(format!("teamdesk-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(first) = &options.first_screen {
        time_first_screens(&dir, first, options.sessions);
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let started = Instant::now();
    let keys_made = build_store(&dir, options.sessions);
    println!(
        "store: an owner and {} admins in one Pro team, built in {:.1} s",
        options.sessions,
        started.elapsed().as_secs_f64()
    );
    let (server, port) = start_server(&dir);
    std::thread::sleep(Duration::from_millis(500));
    let idle_kb = status_kb(server.id(), "VmRSS").unwrap_or(0);
    let watch: Arc<Vec<String>> = Arc::new(
        (0..options.changers)
            .flat_map(|s| (0..options.changes).map(move |c| address(s, c)))
            .collect(),
    );
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (cpu_before, run) = (cpu_seconds(server.id()).unwrap_or(0.0), Instant::now());
    let sent = tokio.block_on(drive(port, keys_made, watch, &options));
    let cpu = cpu_seconds(server.id()).unwrap_or(0.0) - cpu_before;
    println!(
        "server CPU: {cpu:.1} s over the {:.1} s the sessions ran",
        run.elapsed().as_secs_f64()
    );
    let peak_kb = status_kb(server.id(), "VmHWM").unwrap_or(0);
    report_memory(idle_kb, peak_kb, options.sessions);
    // Through the server's socket: every invitation is there, and the store is sound.
    let listed = teamdesk(&dir, &["--as", OWNER, "--json", "invite", "list"]);
    let found = sent
        .keys()
        .filter(|address| listed.contains(address.as_str()))
        .count();
    println!(
        "invitations made: {} of {} found afterwards",
        found,
        sent.len()
    );
    let doctor = Command::new(binary())
        .env("TEAMDESK_DB", dir.join("store"))
        .env("TEAMDESK_CONFIG", dir.join("config.toml"))
        .arg("doctor")
        .output()
        .unwrap();
    println!(
        "doctor: exit {} {}",
        doctor.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&doctor.stdout)
            .lines()
            .last()
            .unwrap_or("")
    );
    stop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
