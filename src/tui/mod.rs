//! The console: ratatui panels over the workspace.
//!
//! Elm-style: terminal events become [`effects::Msg`]s, [`update::update`]
//! changes the [`state::App`] and returns [`effects::Effect`]s, effects run
//! against the workspace on blocking threads and come back as messages, and
//! [`view::draw`] draws the state. Keys are data ([`keymap`]), text comes from
//! one catalogue per language ([`i18n`]).

pub mod clipboard;
mod decode;
pub mod dialog;
pub mod effects;
pub mod fit;
pub mod i18n;
pub mod keymap;
pub mod list;
pub mod palette;
pub mod remote;
pub mod shared;
pub mod state;
mod terminal;
pub mod text_field;
pub mod theme;
pub mod toasts;
pub mod trail;
pub mod update;
pub mod view;

use std::io::{self, Read};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{broadcast, mpsc};

use crate::workspace::Actor;
use clipboard::Clipboard;
use decode::{Decoder, Input};
use effects::{Effect, ForEach, Msg, Runtime, perform};
use state::{App, Options};

/// A quarter second: toasts expire and the demo clock is redrawn on ticks.
const TICK: Duration = Duration::from_millis(250);

/// Runs the console in the current terminal until the person quits. The
/// terminal is restored on every way out: quit, error and panic.
/// Opens the store and says who the console acts as; runs after the first frame.
pub type Opener = Box<dyn FnOnce() -> Result<(Runtime, Option<Actor>), crate::Error> + Send>;

/// Why the console stopped other than by the person quitting.
#[derive(Debug)]
pub enum Stop {
    Terminal(io::Error),
    /// The store could not be opened (in use, damaged...) or the account is unknown.
    Open(crate::Error),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Self {
        Stop::Terminal(error)
    }
}

/// Runs the console in the current terminal until the person quits. The
/// first frame is drawn before the store is opened, so a large store never
/// leaves a blank screen. The terminal is restored on every way out: quit,
/// error and panic.
pub fn run(options: Options, open: Opener) -> Result<(), Stop> {
    let mouse = options.mouse;
    let mut terminal = terminal::enter(mouse)?;
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .enable_io()
        .build()
        .map_err(Stop::from)
        .and_then(|tokio| tokio.block_on(event_loop(&mut terminal, options, open)));
    terminal::leave(mouse)?;
    result
}

async fn event_loop(
    terminal: &mut terminal::Tui,
    mut options: Options,
    open: Opener,
) -> Result<(), Stop> {
    let size = terminal.size()?;
    options.size = (size.width, size.height);
    let mut app = App::blank(options);
    terminal.draw(|frame| view::draw(frame, &app))?;
    let (runtime, actor) = match tokio::task::spawn_blocking(open).await {
        Ok(opened) => opened.map_err(Stop::Open)?,
        Err(failed) => std::panic::resume_unwind(failed.into_panic()),
    };
    let effects = app.start(actor);
    let (sender, messages) = mpsc::unbounded_channel();
    read_terminal_events(sender.clone())?;
    watch_resizes(sender.clone())?;
    let stop = stop_signals()?;
    let channel = Channel { sender, messages };
    drive(terminal, &mut app, &runtime, channel, effects, stop).await?;
    Ok(())
}

/// Completes on the first signal that ends the console: a closed SSH
/// session (SIGHUP), a polite kill (SIGTERM), or an interrupt or quit sent
/// by `kill` (in raw mode Ctrl-C and Ctrl-\ are keys, not signals). Each
/// quits like `q`, so the terminal is restored on the way out.
pub(crate) fn stop_signals() -> io::Result<impl Future<Output = ()>> {
    let mut hangup = signal(SignalKind::hangup())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut quit = signal(SignalKind::quit())?;
    Ok(async move {
        tokio::select! {
            _ = hangup.recv() => {}
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
            _ = quit.recv() => {}
        }
    })
}

/// Where the console's messages come from: terminal input (or a script of
/// it), the answers of effects, and the workspace's changes all go to
/// `sender`.
pub struct Channel {
    pub sender: mpsc::UnboundedSender<Msg>,
    pub messages: mpsc::UnboundedReceiver<Msg>,
}

impl Channel {
    pub fn new() -> Channel {
        let (sender, messages) = mpsc::unbounded_channel();
        Channel { sender, messages }
    }
}

impl Default for Channel {
    fn default() -> Self {
        Channel::new()
    }
}

/// The console's loop on any terminal: draws, waits for the next message,
/// updates and starts the effects asked for, from `effects` (the start's)
/// on, until the person quits or `stop` completes. Must run inside a tokio
/// runtime.
pub async fn drive<B: Backend + Clipboard>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    runtime: &Runtime,
    channel: Channel,
    effects: Vec<Effect>,
    stop: impl Future<Output = ()>,
) -> io::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let Channel {
        sender,
        mut messages,
    } = channel;
    forward_changes(runtime.workspace.subscribe(), sender.clone());
    start(runtime, &sender, effects);
    let mut ticks = tokio::time::interval(TICK);
    tokio::pin!(stop);
    let mut frame = Frame::default();
    loop {
        if frame.due(app) {
            terminal
                .draw(|frame| view::draw(frame, app))
                .map_err(io::Error::other)?;
            frame = Frame::drawn();
        }
        let msg = tokio::select! {
            Some(msg) = messages.recv() => msg,
            _ = ticks.tick() => Msg::Tick,
            () = &mut stop => return Ok(()),
        };
        frame.note(app, &msg);
        let effects = update::update(app, msg);
        start(runtime, &sender, copy(terminal, effects)?);
        // Apply whatever else already arrived before drawing again.
        while let Ok(msg) = messages.try_recv() {
            frame.note(app, &msg);
            let effects = update::update(app, msg);
            start(runtime, &sender, copy(terminal, effects)?);
        }
        if app.should_quit {
            return Ok(());
        }
    }
}

/// Under a burst of changes made elsewhere, the screen between two reads
/// of them is drawn at most this often: the next read is on its way, and
/// 50 consoles drawing every change would use the server's cores for it.
const BURST_FRAME: Duration = Duration::from_millis(40);

/// Whether the next frame is owed, and how soon it may be drawn.
struct Frame {
    /// Something drawn has changed since the last frame.
    owed: bool,
    /// The person did something or got an answer: draw at once.
    awaited: bool,
    last: tokio::time::Instant,
}

impl Default for Frame {
    /// The first frame, owed at once.
    fn default() -> Self {
        Frame {
            owed: true,
            awaited: true,
            last: tokio::time::Instant::now(),
        }
    }
}

impl Frame {
    fn drawn() -> Frame {
        Frame {
            owed: false,
            awaited: false,
            last: tokio::time::Instant::now(),
        }
    }

    /// Takes note of a message before it is applied.
    fn note(&mut self, app: &App, msg: &Msg) {
        self.owed |= app.may_redraw(msg);
        self.awaited |= !msg.is_background();
    }

    /// Whether to draw now: a frame is owed, and the person waits for it,
    /// or no read is under way, or the last frame is [`BURST_FRAME`] old.
    fn due(&self, app: &App) -> bool {
        self.owed && (self.awaited || !app.reads.loading || self.last.elapsed() >= BURST_FRAME)
    }
}

/// Writes the clipboard copies among `effects` to the terminal (they need
/// its writer, not the workspace); returns the others.
fn copy<B: Backend + Clipboard>(
    terminal: &mut Terminal<B>,
    effects: Vec<Effect>,
) -> io::Result<Vec<Effect>> {
    let mut rest = Vec::with_capacity(effects.len());
    for effect in effects {
        match effect {
            Effect::Copy(secret) => terminal.backend_mut().copy(&secret.shown())?,
            effect => rest.push(effect),
        }
    }
    Ok(rest)
}

/// Applies a message and then, one after another, every effect it leads to
/// and every change those effects announce, without threads or a terminal:
/// for scripted sessions, tests and benchmarks.
pub fn apply_inline(app: &mut App, runtime: &Runtime, msg: Msg) {
    let mut changes = runtime.workspace.subscribe();
    let mut queue = std::collections::VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in update::update(app, msg) {
            queue.extend(perform(runtime, effect));
            while let Ok(change) = changes.try_recv() {
                queue.push_back(Msg::Changed(change.team, ForEach::touched_by(&change)));
            }
        }
    }
}

/// Runs effects on blocking threads; their answers come back as messages.
fn start(runtime: &Runtime, sender: &mpsc::UnboundedSender<Msg>, effects: Vec<Effect>) {
    for effect in effects {
        let sender = sender.clone();
        match effect {
            Effect::Quit => {}
            effect => {
                let runtime = runtime.clone();
                tokio::task::spawn_blocking(move || {
                    if let Some(msg) = perform(&runtime, effect) {
                        let _ = sender.send(msg);
                    }
                });
            }
        }
    }
}

/// Terminal input: a thread reads the terminal's bytes (the read blocks)
/// and [`decode_input`] turns them into messages.
fn read_terminal_events(sender: mpsc::UnboundedSender<Msg>) -> io::Result<()> {
    let mut tty = terminal::input()?;
    let (chunks, read) = mpsc::unbounded_channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buffer = [0; 8192];
        loop {
            match tty.read(&mut buffer) {
                Ok(0) => return,
                Ok(count) => {
                    if chunks.send(buffer[..count].to_vec()).is_err() {
                        return;
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    tracing::error!("reading the terminal failed: {error}");
                    return;
                }
            }
        }
    });
    decode_input(read, sender);
    Ok(())
}

/// A task that decodes a terminal's bytes, local or remote, into keys,
/// pastes and mouse reports, ending a paste left open after
/// [`decode::IDLE`] of silence.
fn decode_input(mut read: mpsc::UnboundedReceiver<Vec<u8>>, sender: mpsc::UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let mut decoder = Decoder::default();
        loop {
            let chunk = if decoder.waiting() {
                tokio::time::timeout(decode::IDLE, read.recv()).await
            } else {
                Ok(read.recv().await)
            };
            let inputs = match chunk {
                Ok(Some(bytes)) => decoder.feed(&bytes),
                Ok(None) => return,
                Err(_silence) => decoder.idle(),
            };
            for input in inputs {
                let msg = match input {
                    Input::Key(key) => Msg::Key(key),
                    Input::Paste(text) => Msg::Paste(text),
                    Input::Mouse(mouse) => Msg::Mouse(mouse),
                };
                if sender.send(msg).is_err() {
                    return;
                }
            }
        }
    });
}

/// The terminal's new size after each change (SIGWINCH).
fn watch_resizes(sender: mpsc::UnboundedSender<Msg>) -> io::Result<()> {
    let mut resized = signal(SignalKind::window_change())?;
    tokio::spawn(async move {
        while resized.recv().await.is_some() {
            let Ok((width, height)) = crossterm::terminal::size() else {
                continue;
            };
            if sender.send(Msg::Resize(width, height)).is_err() {
                return;
            }
        }
    });
    Ok(())
}

/// Every durable change (from this console, another session, or the
/// clock) is handed to the console, which reads again if it concerns what
/// is shown.
fn forward_changes(
    mut changes: broadcast::Receiver<crate::workspace::ChangeEvent>,
    sender: mpsc::UnboundedSender<Msg>,
) {
    tokio::spawn(async move {
        loop {
            let (team, touched) = match changes.recv().await {
                Ok(change) => (change.team, ForEach::touched_by(&change)),
                Err(broadcast::error::RecvError::Closed) => return,
                // Missed changes may have been to any team: read again.
                Err(broadcast::error::RecvError::Lagged(_)) => (None, ForEach::ALL),
            };
            if sender.send(Msg::Changed(team, touched)).is_err() {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::i18n::Lang;
    use crate::tui::theme::ThemeName;
    use crossterm::event::{KeyCode, KeyEvent};

    fn reading_app() -> App {
        let mut app = App::blank(Options::standard(Lang::En, ThemeName::Default, (80, 24)));
        app.reads.loading = true;
        app
    }

    #[test]
    fn a_change_read_under_a_burst_waits_for_the_next_read_or_a_burst_frame() {
        let app = reading_app();
        let mut frame = Frame::drawn();
        assert!(!frame.due(&app), "nothing owed");
        frame.note(&app, &Msg::Changed(None, ForEach::ALL));
        assert!(!frame.due(&app), "another read is under way");
        let mut done = reading_app();
        done.reads.loading = false;
        assert!(
            frame.due(&done),
            "the last read of the burst is drawn at once"
        );
        std::thread::sleep(BURST_FRAME);
        assert!(frame.due(&app), "a frame at least every BURST_FRAME");
    }

    #[test]
    fn what_the_person_does_is_drawn_at_once_even_under_a_burst() {
        let app = reading_app();
        let mut frame = Frame::drawn();
        frame.note(&app, &Msg::Changed(None, ForEach::ALL));
        frame.note(&app, &Msg::Key(KeyEvent::from(KeyCode::Down)));
        assert!(frame.due(&app));
    }
}
