//! The local console while a server holds the store: the server runs it (the
//! same console its SSH sessions get) and this process lends it the
//! terminal, in raw mode, passing on the keys typed and the window's size.

use std::collections::BTreeMap;
use std::io::{self, BufReader, Read, Take, Write};
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crossterm::terminal::{disable_raw_mode, enable_raw_mode};
use serde::{Deserialize, Serialize};
use tokio::signal::unix::{SignalKind, signal};

use super::{
    EXIT, MOST_REQUEST_BYTES, Relayed, SOCKET_FILE, STDERR, STDOUT, Served, answered, ask,
    exit_code, not_relayed, parse_relayed, read_frame, words_from_env, write_frame,
};
use crate::cli::Failure;
use crate::cli::console::{ENVIRONMENT, acting_person, look};
use crate::config::Config;
use crate::tui::remote::{WindowArea, leave};
use crate::tui::state::Options;
use crate::workspace::Actor;

/// Frame tags, client to server: the bytes typed, a new window size.
const KEYS: u8 = b'i';
const RESIZE: u8 = b'r';

/// The client's terminal, sent with a console request.
#[derive(Serialize, Deserialize)]
pub struct Terminal {
    width: u16,
    height: u16,
    /// The variables the console reads ([`ENVIRONMENT`]), as the client has them.
    env: BTreeMap<String, String>,
}

/// A console set up as the local one would be.
pub(super) struct Prepared {
    options: Options,
    actor: Option<Actor>,
}

/// The server's side of a console request: the client's command line read
/// as the local console reads it, with the server's configuration file
/// (`config`) and the client's environment. `None` when clap answered.
pub(super) fn prepare(
    words: &[String],
    terminal: &Terminal,
    served: &Served<'_>,
    config: Option<&Path>,
    out: &mut dyn Write,
) -> Result<Option<Prepared>, Failure> {
    let Some(cli) = parse_relayed(words, out)? else {
        return Ok(None);
    };
    if cli.command.is_some() {
        return Err(not_relayed());
    }
    let config = Config::load(config)?;
    let env = |name: &str| terminal.env.get(name).cloned();
    let mut options = look(&cli, &cli.console, &config, &env)?;
    options.size = (terminal.width, terminal.height);
    let actor = acting_person(
        served.workspace,
        cli.acting_as.clone(),
        None,
        config.last_account,
    )?;
    Ok(Some(Prepared { options, actor }))
}

/// A console the server runs for a local client: what it starts with, the
/// client's frames and the way back to the client's terminal.
pub struct LocalConsole<'s> {
    pub options: Options,
    pub actor: Option<Actor>,
    /// The client's window, as its request and its `r` frames say.
    pub area: WindowArea,
    pub typed: Typed<'s>,
    pub screen: Screen<'s>,
}

impl<'s> LocalConsole<'s> {
    pub(super) fn new(
        prepared: Prepared,
        terminal: Terminal,
        reader: BufReader<Take<&'s UnixStream>>,
    ) -> LocalConsole<'s> {
        let stream = *reader.get_ref().get_ref();
        LocalConsole {
            options: prepared.options,
            actor: prepared.actor,
            area: WindowArea::new(terminal.width, terminal.height),
            typed: Typed(reader),
            screen: Screen(stream),
        }
    }
}

/// What the client's terminal sends while the console runs.
pub enum FromTerminal {
    Keys(Vec<u8>),
    Resized(u16, u16),
}

/// The client's frames, until the client goes (or sends something that is
/// not one of its frames).
pub struct Typed<'s>(BufReader<Take<&'s UnixStream>>);

impl Iterator for Typed<'_> {
    type Item = FromTerminal;

    fn next(&mut self) -> Option<FromTerminal> {
        match read_frame(&mut self.0, MOST_REQUEST_BYTES).ok()?? {
            (KEYS, bytes) => Some(FromTerminal::Keys(bytes)),
            (RESIZE, size) => {
                let [w1, w2, h1, h2] = <[u8; 4]>::try_from(size.as_slice()).ok()?;
                let (width, height) = (u16::from_be_bytes([w1, w2]), u16::from_be_bytes([h1, h2]));
                Some(FromTerminal::Resized(width, height))
            }
            _ => None,
        }
    }
}

/// The way back to the client's terminal.
#[derive(Clone, Copy)]
pub struct Screen<'s>(&'s UnixStream);

impl Screen<'_> {
    /// The console's drawing.
    pub fn draw(&self, bytes: &[u8]) -> io::Result<()> {
        write_frame(self.0, STDOUT, bytes).map(drop)
    }

    /// The console has ended with `code`: the client exits with it, and
    /// nothing more is read from it.
    pub fn exit(&self, code: i32) -> io::Result<()> {
        write_frame(self.0, EXIT, &code.to_be_bytes())?;
        self.0.shutdown(Shutdown::Both)
    }

    /// The console cannot start: `why`, and the client exits with `code`.
    pub fn refuse(&self, why: &str, code: i32) -> io::Result<()> {
        write_frame(self.0, STDERR, format!("{why}\n").as_bytes())?;
        self.exit(code)
    }
}

/// Opens the console through the server holding the store in `dir`, when
/// one does (`mouse`: whether it was asked for); `None` when no server
/// answers there.
pub(in crate::cli) fn through_server(dir: &Path, mouse: bool) -> Option<i32> {
    let stream = UnixStream::connect(dir.join(SOCKET_FILE)).ok()?;
    let words = words_from_env()?;
    let (width, height) = crossterm::terminal::size().ok()?;
    let env = ENVIRONMENT
        .iter()
        .filter_map(|name| Some((name.to_string(), std::env::var(name).ok()?)))
        .collect();
    let relayed = Relayed {
        words,
        console: Some(Terminal { width, height, env }),
        folder: None,
        stdin: None,
        terminal: true,
    };
    Some(answered(attend(&stream, &relayed, mouse)))
}

/// Lends this terminal to the server's console until it ends, and returns
/// its exit code.
fn attend(stream: &UnixStream, relayed: &Relayed, mouse: bool) -> io::Result<i32> {
    ask(stream, relayed)?;
    let mut raw = RawTerminal::enter(mouse)?;
    let upstream = Arc::new(Upstream(Mutex::new(stream.try_clone()?)));
    send_keys(upstream.clone())?;
    let stopped = watch_signals(upstream, stream.try_clone()?)?;
    let mut frames = BufReader::new(stream);
    let mut stdout = io::stdout();
    // Said only before a console starts, and shown once the terminal is back.
    let mut errors = Vec::new();
    let ended = loop {
        match read_frame(&mut frames, u64::MAX) {
            Ok(Some((STDOUT, bytes))) => {
                stdout.write_all(&bytes)?;
                stdout.flush()?;
            }
            Ok(Some((STDERR, bytes))) => errors.extend(bytes),
            Ok(Some((EXIT, body))) => {
                raw.console_left = true;
                break exit_code(&body);
            }
            Ok(Some(_)) => break Err(io::Error::other("an unknown frame")),
            // A stop signal quits like `q` does in the local console.
            Ok(None) | Err(_) if stopped.load(Ordering::Acquire) => break Ok(0),
            Ok(None) => break Err(io::ErrorKind::UnexpectedEof.into()),
            Err(error) => break Err(error),
        }
    };
    drop(raw);
    io::stderr().write_all(&errors)?;
    ended
}

/// This terminal in raw mode while the server's console draws on it; given
/// back when dropped or on a panic. The console leaves the screen it took
/// itself, unless the connection was cut first: then it is left here.
struct RawTerminal {
    mouse: bool,
    console_left: bool,
}

impl RawTerminal {
    fn enter(mouse: bool) -> io::Result<RawTerminal> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Restore first so the panic message lands on a usable screen.
            give_back(mouse, false);
            previous(info);
        }));
        enable_raw_mode()?;
        Ok(RawTerminal {
            mouse,
            console_left: false,
        })
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        give_back(self.mouse, self.console_left);
    }
}

fn give_back(mouse: bool, console_left: bool) {
    if !console_left {
        let _ = leave(&mut io::stdout(), mouse);
    }
    let _ = disable_raw_mode();
}

/// The client's half of the socket: keys and window sizes come from two
/// threads, and go one whole frame at a time.
struct Upstream(Mutex<UnixStream>);

impl Upstream {
    fn send(&self, tag: u8, body: &[u8]) -> io::Result<()> {
        let stream = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        write_frame(&stream, tag, body).map(drop)
    }
}

/// Passes on the bytes typed, as they come (a read of the terminal blocks,
/// so on a thread of its own).
fn send_keys(upstream: Arc<Upstream>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("keys".into())
        .spawn(move || {
            let mut stdin = io::stdin().lock();
            let mut buffer = [0; 8192];
            loop {
                let count = match stdin.read(&mut buffer) {
                    Ok(0) => return,
                    Ok(count) => count,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                    Err(_) => return,
                };
                if upstream.send(KEYS, &buffer[..count]).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// Passes on each new window size; on a signal that ends the local console
/// closes the connection instead (which ends the server's console) and says
/// so in the flag returned.
fn watch_signals(upstream: Arc<Upstream>, connection: UnixStream) -> io::Result<Arc<AtomicBool>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    let (stop, mut resized) = runtime.block_on(async {
        let stop = crate::tui::stop_signals()?;
        io::Result::Ok((stop, signal(SignalKind::window_change())?))
    })?;
    let stopped = Arc::new(AtomicBool::new(false));
    let said = stopped.clone();
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            runtime.block_on(async move {
                tokio::pin!(stop);
                loop {
                    tokio::select! {
                        () = &mut stop => break,
                        Some(()) = resized.recv() => {
                            if let Ok((width, height)) = crossterm::terminal::size() {
                                let _ = upstream.send(RESIZE, &window(width, height));
                            }
                        }
                    }
                }
            });
            said.store(true, Ordering::Release);
            let _ = connection.shutdown(Shutdown::Both);
        })?;
    Ok(stopped)
}

/// An `r` frame's body.
fn window(width: u16, height: u16) -> [u8; 4] {
    let ([w1, w2], [h1, h2]) = (width.to_be_bytes(), height.to_be_bytes());
    [w1, w2, h1, h2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resize_frame_reads_back_as_the_size_sent() {
        let (client, server) = UnixStream::pair().unwrap();
        write_frame(&client, RESIZE, &window(132, 43)).unwrap();
        write_frame(&client, KEYS, b"q").unwrap();
        drop(client);
        let mut typed = Typed(BufReader::new(Read::take(&server, u64::MAX)));
        assert!(matches!(typed.next(), Some(FromTerminal::Resized(132, 43))));
        assert!(matches!(typed.next(), Some(FromTerminal::Keys(keys)) if keys == b"q"));
        assert!(typed.next().is_none(), "the client has gone");
    }
}
