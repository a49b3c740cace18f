//! A console the server runs, whatever carries it (an SSH channel, a local
//! client's socket): on a thread of its own, supervised, and ended with a
//! farewell that leaves its terminal usable and says why.

use std::io::{self, Write};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU8, Ordering};

use tokio::sync::mpsc;

use super::Shared;
use crate::tui::Channel as Messages;
use crate::tui::remote::{RemoteConsole, leave, run_remote};

/// How many of a console's effects run at once (a read, a command, the
/// detail shown...); more wait their turn. Without a bound, 50 consoles
/// under a burst of changes kept 600 threads, a third of their memory.
const EFFECT_THREADS: usize = 4;

/// Runs `console` on a thread of its own until the person quits, the server
/// stops or `closed` completes (with why: [`OPEN`] when its session has
/// gone), then sends its farewell to `outs`. Whatever happens to it, a
/// panic included, stays inside the session.
pub(super) fn spawn_console(
    shared: &Shared,
    console: RemoteConsole<ChannelWriter>,
    messages: Messages,
    outs: mpsc::UnboundedSender<Out>,
    closed: impl Future<Output = u8> + Send + 'static,
) -> io::Result<()> {
    let runtime = shared.runtime.clone();
    let mut stopping = shared.stopping.clone();
    std::thread::Builder::new()
        .name("console session".into())
        .spawn(move || {
            let why_closed = AtomicU8::new(OPEN);
            let stop = async {
                let why = tokio::select! {
                    _ = stopping.wait_for(|stopping| *stopping) => SERVER_STOPPING,
                    why = closed => why,
                };
                why_closed.store(why, Ordering::Release);
            };
            let farewell = supervise(
                || {
                    tokio::runtime::Builder::new_current_thread()
                        .enable_time()
                        .max_blocking_threads(EFFECT_THREADS)
                        .build()?
                        .block_on(run_remote(console, &runtime, messages, stop))
                },
                &why_closed,
            );
            farewell.send(&outs);
        })?;
    Ok(())
}

/// Why a console was closed from outside, if it was ([`AtomicU8`] values).
pub(super) const OPEN: u8 = 0;
const SERVER_STOPPING: u8 = 1;
pub(super) const IDLE: u8 = 2;

/// Runs a console to its end and says how it ended (`closed`: why it was
/// closed from outside): a panic stops only this console, whose terminal
/// is then restored by its farewell.
fn supervise(console: impl FnOnce() -> io::Result<()>, closed: &AtomicU8) -> Farewell {
    match std::panic::catch_unwind(AssertUnwindSafe(console)) {
        Ok(Ok(())) => match closed.load(Ordering::Acquire) {
            SERVER_STOPPING => Farewell::ServerStopping,
            IDLE => Farewell::Idle,
            _ => Farewell::Quit,
        },
        Ok(Err(error)) => {
            tracing::warn!("a console session ended: {error}");
            Farewell::Failed
        }
        Err(_panic) => {
            tracing::error!("a console session stopped on an internal error");
            Farewell::Panicked
        }
    }
}

/// How a console session ended, and what its terminal is told.
enum Farewell {
    Quit,
    ServerStopping,
    Idle,
    Failed,
    Panicked,
}

impl Farewell {
    fn send(self, outs: &mpsc::UnboundedSender<Out>) {
        let (words, status): (&[u8], u32) = match self {
            Farewell::Quit => (b"", 0),
            Farewell::ServerStopping => (b"teamdesk: the server is stopping\r\n", 0),
            Farewell::Idle => (b"teamdesk: closed after a while without a key press\r\n", 0),
            Farewell::Failed => (b"teamdesk: the session ended on an error\r\n", 1),
            Farewell::Panicked => {
                // The console left without restoring the terminal: do it here.
                let mut restore = Vec::new();
                let _ = leave(&mut restore, true);
                let _ = outs.send(Out::Data(restore));
                (
                    b"teamdesk: the console stopped on an internal error; the server goes on\r\n",
                    1,
                )
            }
        };
        if !words.is_empty() {
            let _ = outs.send(Out::Data(words.to_vec()));
        }
        let _ = outs.send(Out::Exit(status));
    }
}

/// What goes to a session channel from its console.
pub(super) enum Out {
    Data(Vec<u8>),
    /// The last word: the exit status, then the channel closes.
    Exit(u32),
}

/// The console's drawing, gathered until a flush and then sent on as one
/// message.
pub(super) struct ChannelWriter {
    outs: mpsc::UnboundedSender<Out>,
    pending: Vec<u8>,
}

impl ChannelWriter {
    pub(super) fn new(outs: mpsc::UnboundedSender<Out>) -> ChannelWriter {
        ChannelWriter {
            outs,
            pending: Vec::new(),
        }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.outs
            .send(Out::Data(std::mem::take(&mut self.pending)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the session has closed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(farewell: Farewell) -> (Vec<u8>, Option<u32>) {
        let (outs, mut received) = mpsc::unbounded_channel();
        farewell.send(&outs);
        drop(outs);
        let (mut bytes, mut status) = (Vec::new(), None);
        while let Ok(out) = received.try_recv() {
            match out {
                Out::Data(data) => bytes.extend(data),
                Out::Exit(code) => status = Some(code),
            }
        }
        (bytes, status)
    }

    #[test]
    fn a_console_that_panics_ends_its_session_alone_and_restores_its_terminal() {
        let farewell = supervise(|| panic!("a console's bug"), &AtomicU8::new(OPEN));
        assert!(matches!(farewell, Farewell::Panicked));
        let (bytes, status) = sent(farewell);
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("\x1b[?1049l"),
            "leaves the alternate screen: {text:?}"
        );
        assert!(text.contains("\x1b[?25h"), "shows the cursor: {text:?}");
        assert!(text.contains("the server goes on"), "{text:?}");
        assert_eq!(status, Some(1));
    }

    #[test]
    fn a_console_closed_from_outside_says_why() {
        let said = |closed| {
            let (bytes, status) = sent(supervise(|| Ok(()), &AtomicU8::new(closed)));
            assert_eq!(status, Some(0));
            String::from_utf8(bytes).unwrap()
        };
        assert_eq!(
            said(SERVER_STOPPING),
            "teamdesk: the server is stopping\r\n"
        );
        assert!(said(IDLE).contains("without a key press"));
        assert_eq!(said(OPEN), "", "a console quit says nothing more");
    }
}
