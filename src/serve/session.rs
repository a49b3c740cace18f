//! One SSH connection: the key that signs in names the account, and each
//! session channel on it is a console (a shell request on a pty) or one
//! command line (an exec request).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::keys::{HashAlg, PublicKey};
use russh::server::{
    Auth, ChannelOpenHandle, Handle, Msg, PublicKeyOffer, Session, VerifiedPublicKey,
};
use russh::{Channel, ChannelId, Pty};
use tokio::sync::{Notify, mpsc, watch};

use super::Shared;
use super::console::{ChannelWriter, IDLE, OPEN, Out, spawn_console};
use crate::cli::remote::{FromClient, MOST_STDIN_BYTES, Served, reads_stdin, run_served};
use crate::tui::Channel as Messages;
use crate::tui::effects::Msg as ConsoleMsg;
use crate::tui::i18n::Lang;
use crate::tui::remote::{RemoteConsole, WindowArea};
use crate::tui::state::Options;
use crate::tui::theme::ThemeName;
use crate::workspace::Actor;

/// The sessions open over every connection, so that a limit holds.
#[derive(Default)]
pub(crate) struct Seats {
    taken: AtomicUsize,
    freed: Notify,
}

impl Seats {
    /// Waits until every session has closed, or `at_most`.
    pub(crate) async fn wait_empty(&self, at_most: Duration) {
        let _ = tokio::time::timeout(at_most, async {
            while self.taken.load(Ordering::Acquire) > 0 {
                self.freed.notified().await;
            }
        })
        .await;
    }
}

/// A session's place, given back when the session ends.
pub(super) struct Seat(Arc<Shared>);

impl Seat {
    pub(super) fn take(shared: &Arc<Shared>) -> Option<Seat> {
        let seats = &shared.seats;
        seats
            .taken
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |taken| {
                (taken < shared.limits.max_sessions).then_some(taken + 1)
            })
            .ok()
            .map(|_| Seat(shared.clone()))
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        self.0.seats.taken.fetch_sub(1, Ordering::AcqRel);
        self.0.seats.freed.notify_waiters();
    }
}

/// Failed sign-ins per key fingerprint, within the window of the limits.
#[derive(Default)]
pub(crate) struct Failures(Mutex<HashMap<String, (u32, Instant)>>);

/// How many keys' failures are remembered before the stale ones are dropped.
const FAILURES_KEPT: usize = 10_000;

impl Failures {
    fn over_limit(&self, fingerprint: &str, shared: &Shared) -> bool {
        let failures = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        failures.get(fingerprint).is_some_and(|(count, since)| {
            since.elapsed() < shared.limits.failure_window
                && *count >= shared.limits.failures_per_key
        })
    }

    fn record(&self, fingerprint: &str, shared: &Shared) {
        let mut failures = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if failures.len() >= FAILURES_KEPT {
            failures.retain(|_, (_, since)| since.elapsed() < shared.limits.failure_window);
        }
        let entry = failures
            .entry(fingerprint.to_owned())
            .or_insert((0, Instant::now()));
        if entry.1.elapsed() >= shared.limits.failure_window {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }
}

/// What a session channel has asked for so far.
struct Requested {
    /// Set by a pty request: a console needs one.
    area: Option<WindowArea>,
    lang: Option<Lang>,
    no_color: bool,
    /// Where the bytes typed go, once the console runs.
    input: Option<mpsc::UnboundedSender<Vec<u8>>>,
    /// The console's messages (window changes), once it runs.
    messages: Option<mpsc::UnboundedSender<ConsoleMsg>>,
    /// When the person last typed: a console idle past the limit is closed.
    last_input: Arc<Mutex<Instant>>,
    /// Dropped with the channel: tells its console the session is gone.
    _open: watch::Sender<()>,
    open: watch::Receiver<()>,
    /// Its place among the sessions; `None`: the server was full, and
    /// whatever the channel asks for is refused saying so.
    seat: Option<Seat>,
    /// A command line that reads standard input, and what has come of it:
    /// it runs once the client says there is no more.
    reading: Option<(Vec<String>, Vec<u8>)>,
}

/// One connection's handler.
pub(crate) struct Connection {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    /// The account the key belongs to, once signed in.
    actor: Option<Actor>,
    channels: HashMap<ChannelId, Requested>,
}

impl Connection {
    pub(crate) fn new(shared: Arc<Shared>, peer: Option<SocketAddr>) -> Connection {
        Connection {
            shared,
            peer,
            actor: None,
            channels: HashMap::new(),
        }
    }

    /// The account `key` belongs to; a failure counts against the key.
    fn account_of(&self, user: &str, key: &PublicKey) -> Option<Actor> {
        let fingerprint = key.fingerprint(HashAlg::Sha256).to_string();
        if self.shared.failures.over_limit(&fingerprint, &self.shared) {
            tracing::warn!("refused {fingerprint}: too many failed sign-ins");
            return None;
        }
        match self.shared.runtime.workspace.account_for_key(&fingerprint) {
            Ok(Some(account)) => Actor::person(account.email.as_str()).ok(),
            Ok(None) => {
                let peer = self.peer.map(|peer| peer.to_string()).unwrap_or_default();
                tracing::warn!(
                    "refused an unknown key {fingerprint} (user {}, from {peer})",
                    crate::sanitize::line(user)
                );
                self.shared.failures.record(&fingerprint, &self.shared);
                None
            }
            Err(error) => {
                tracing::error!("could not look up {fingerprint}: {error}");
                None
            }
        }
    }

    /// The console's look for this session: its `LANG` and `NO_COLOR`,
    /// else the server's.
    fn options(&self, requested: &Requested, size: (u16, u16)) -> Options {
        let look = &self.shared.look;
        let theme = match requested.no_color {
            true => ThemeName::Monochrome,
            false => look.theme,
        };
        Options::with_bindings(
            requested.lang.unwrap_or(look.lang),
            theme,
            size,
            &look.keymap,
        )
    }

    /// Starts the console on `channel`: it ends when the person quits, the
    /// server stops, the channel closes or nothing is typed for the limit.
    /// Whether the channel got a place among the sessions when it opened.
    fn has_seat(&self, channel: ChannelId) -> bool {
        self.channels
            .get(&channel)
            .is_some_and(|requested| requested.seat.is_some())
    }

    fn start_console(&mut self, channel: ChannelId, handle: Handle) -> Result<(), &'static str> {
        let actor = self.actor.clone().ok_or("not signed in")?;
        let requested = self.channels.get(&channel).ok_or("no such channel")?;
        let area = requested
            .area
            .clone()
            .ok_or("the console needs a terminal: connect with ssh -t")?;
        let options = self.options(requested, area.get());
        let (input, typed) = mpsc::unbounded_channel();
        let messages = Messages::new();
        let console_messages = messages.sender.clone();
        let (outs, sending) = mpsc::unbounded_channel();
        tokio::spawn(forward(handle, channel, sending));
        let console = RemoteConsole {
            writer: ChannelWriter::new(outs.clone()),
            area,
            input: typed,
            options,
            actor: Some(actor),
        };
        let mut open = requested.open.clone();
        let last_input = requested.last_input.clone();
        let idle_limit = self.shared.limits.idle;
        let closed = async move {
            tokio::select! {
                _ = open.changed() => OPEN,
                () = idle(&last_input, idle_limit) => IDLE,
            }
        };
        spawn_console(&self.shared, console, messages, outs, closed)
            .map_err(|_| "no thread for the console")?;
        let requested = self.channels.get_mut(&channel).ok_or("no such channel")?;
        requested.input = Some(input);
        requested.messages = Some(console_messages);
        Ok(())
    }

    /// Runs one command line on a blocking thread and sends back its
    /// output, errors and exit status.
    fn start_exec(
        &self,
        channel: ChannelId,
        handle: Handle,
        words: Option<Vec<String>>,
        stdin: Vec<u8>,
    ) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        // A pty was asked for (ssh -t): its terminal wants carriage returns.
        let raw_terminal = self
            .channels
            .get(&channel)
            .is_some_and(|requested| requested.area.is_some());
        let shared = self.shared.clone();
        tokio::spawn(async move {
            let (out, err, code) = match words {
                None => (
                    Vec::new(),
                    b"the command line could not be read: check its quotes\n".to_vec(),
                    2,
                ),
                Some(words) => tokio::task::spawn_blocking(move || {
                    let (mut out, mut err) = (Vec::new(), Vec::new());
                    let served = Served {
                        workspace: &shared.runtime.workspace,
                        mailer: &shared.mailer,
                    };
                    let client = FromClient {
                        terminal: raw_terminal,
                        stdin,
                    };
                    let code = run_served(&words, &served, (&actor, client), &mut out, &mut err);
                    (out, err, code)
                })
                .await
                .unwrap_or_else(|_panic| {
                    (
                        Vec::new(),
                        b"the command stopped on an internal error\n".to_vec(),
                        1,
                    )
                }),
            };
            let (out, err) = match raw_terminal {
                true => (with_returns(&out), with_returns(&err)),
                false => (out, err),
            };
            let _ = handle.data(channel, out).await;
            let _ = handle.extended_data(channel, 1, err).await;
            close(&handle, channel, u32::try_from(code).unwrap_or(1)).await;
        });
    }
}

/// Says why on the channel's standard error and closes it with `code`.
fn refuse(handle: Handle, channel: ChannelId, why: &'static str, code: u32) {
    tokio::spawn(async move {
        let _ = handle
            .extended_data(channel, 1, format!("teamdesk: {why}\r\n").into_bytes())
            .await;
        close(&handle, channel, code).await;
    });
}

/// Completes once nothing has been typed for `limit`.
async fn idle(last_input: &Mutex<Instant>, limit: Duration) {
    loop {
        let last = *last_input
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let quiet = last.elapsed();
        if quiet >= limit {
            return;
        }
        tokio::time::sleep(limit - quiet).await;
    }
}

/// Sends a console's output to its channel, in order, then closes it.
async fn forward(handle: Handle, channel: ChannelId, mut outs: mpsc::UnboundedReceiver<Out>) {
    let mut status = 0;
    while let Some(out) = outs.recv().await {
        match out {
            Out::Data(bytes) => {
                if handle.data(channel, bytes).await.is_err() {
                    return;
                }
            }
            Out::Exit(code) => {
                status = code;
                break;
            }
        }
    }
    close(&handle, channel, status).await;
}

async fn close(handle: &Handle, channel: ChannelId, status: u32) {
    let _ = handle.exit_status_request(channel, status).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
}

/// Line ends as a terminal in raw mode needs them.
fn with_returns(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    for &byte in bytes {
        if byte == b'\n' {
            out.push(b'\r');
        }
        out.push(byte);
    }
    out
}

/// A window size as a terminal has it: at most what a `u16` holds.
fn cells(value: u32) -> u16 {
    u16::try_from(value).unwrap_or(u16::MAX)
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        // Only keys of an account are worth their signature's check.
        Ok(match self.account_of(user, offer.public_key) {
            Some(_) => Auth::Accept,
            None => Auth::reject(),
        })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        self.actor = self.account_of(user, key.public_key);
        Ok(match &self.actor {
            Some(Actor::Person(email)) => {
                tracing::info!(
                    "{email} signed in with {}",
                    key.public_key.fingerprint(HashAlg::Sha256)
                );
                Auth::Accept
            }
            _ => Auth::reject(),
        })
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let seat = Seat::take(&self.shared);
        if seat.is_none() {
            tracing::warn!(
                "refused a session: {} are open, the most allowed",
                self.shared.limits.max_sessions
            );
        }
        let (open_sender, open) = watch::channel(());
        self.channels.insert(
            channel.id(),
            Requested {
                area: None,
                lang: None,
                no_color: false,
                input: None,
                messages: None,
                last_input: Arc::new(Mutex::new(Instant::now())),
                _open: open_sender,
                open,
                seat,
                reading: None,
            },
        );
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        columns: u32,
        rows: u32,
        _pixel_width: u32,
        _pixel_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.channels.get_mut(&channel) {
            Some(requested) => {
                requested.area = Some(WindowArea::new(cells(columns), cells(rows)));
                session.channel_success(channel)
            }
            None => session.channel_failure(channel),
        }
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(requested) = self.channels.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        match name {
            "LANG" | "LC_ALL" | "LC_MESSAGES" => {
                requested.lang = Lang::parse(value).or(requested.lang);
            }
            "NO_COLOR" => requested.no_color = !value.is_empty(),
            _ => return session.channel_failure(channel),
        }
        session.channel_success(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let handle = session.handle();
        session.channel_success(channel)?;
        if !self.has_seat(channel) {
            refuse(handle, channel, super::FULL, 7);
            return Ok(());
        }
        if let Err(why) = self.start_console(channel, handle.clone()) {
            refuse(handle, channel, why, 2);
        }
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        command: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.has_seat(channel) {
            refuse(session.handle(), channel, super::FULL, 7);
            return session.channel_success(channel);
        }
        let words = std::str::from_utf8(command).ok().and_then(shlex::split);
        match (words, self.channels.get_mut(&channel)) {
            (Some(words), Some(requested)) if reads_stdin(&words) => {
                requested.reading = Some((words, Vec::new()));
            }
            (words, _) => self.start_exec(channel, session.handle(), words, Vec::new()),
        }
        session.channel_success(channel)
    }

    /// The client has sent all its standard input: a command that waited
    /// for it runs now.
    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let reading = self
            .channels
            .get_mut(&channel)
            .and_then(|requested| requested.reading.take());
        if let Some((words, stdin)) = reading {
            self.start_exec(channel, session.handle(), Some(words), stdin);
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(requested) = self.channels.get_mut(&channel)
            && let Some((_, stdin)) = &mut requested.reading
        {
            // One byte past the most a command reads is enough to refuse it as too long.
            let room = (MOST_STDIN_BYTES + 1).saturating_sub(stdin.len());
            stdin.extend_from_slice(&data[..data.len().min(room)]);
            return Ok(());
        }
        if let Some(requested) = self.channels.get(&channel)
            && let Some(input) = &requested.input
        {
            *requested
                .last_input
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Instant::now();
            let _ = input.send(data.to_vec());
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        columns: u32,
        rows: u32,
        _pixel_width: u32,
        _pixel_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(requested) = self.channels.get(&channel)
            && let Some(area) = &requested.area
        {
            let (width, height) = (cells(columns), cells(rows));
            area.set(width, height);
            if let Some(messages) = &requested.messages {
                let _ = messages.send(ConsoleMsg::Resize(width, height));
            }
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channels.remove(&channel);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_output_gets_carriage_returns_for_a_raw_terminal() {
        assert_eq!(with_returns(b"a\nb\n"), b"a\r\nb\r\n");
    }
}
