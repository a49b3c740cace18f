//! The console: ratatui panels over the workspace.
//!
//! Elm-style: terminal events become [`effects::Msg`]s, [`update::update`]
//! changes the [`state::App`] and returns [`effects::Effect`]s, effects run
//! against the workspace on blocking threads and come back as messages, and
//! [`view::draw`] draws the state. Keys are data ([`keymap`]), text comes from
//! one catalogue per language ([`i18n`]).

pub mod dialog;
pub mod effects;
pub mod fit;
pub mod i18n;
pub mod keymap;
pub mod list;
pub mod state;
mod terminal;
pub mod text_area;
pub mod theme;
pub mod update;
pub mod view;

use std::io;
use std::time::Duration;

use crossterm::event::{Event, KeyEventKind};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{broadcast, mpsc};

use crate::workspace::Actor;
use effects::{Effect, Msg, Runtime, perform};
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
    terminal.draw(|frame| view::draw(frame, &mut app))?;
    let (runtime, actor) = match tokio::task::spawn_blocking(open).await {
        Ok(opened) => opened.map_err(Stop::Open)?,
        Err(failed) => std::panic::resume_unwind(failed.into_panic()),
    };
    let effects = app.start(actor);
    let (sender, mut messages) = mpsc::unbounded_channel();
    read_terminal_events(sender.clone());
    forward_changes(runtime.workspace.subscribe(), sender.clone());
    start(&runtime, &sender, effects);
    let mut ticks = tokio::time::interval(TICK);
    // A closed SSH session (SIGHUP) or a polite kill (SIGTERM) quits like `q`,
    // so the terminal is restored on the way out.
    let mut hangup = signal(SignalKind::hangup())?;
    let mut terminate = signal(SignalKind::terminate())?;
    loop {
        terminal.draw(|frame| view::draw(frame, &mut app))?;
        let msg = tokio::select! {
            Some(msg) = messages.recv() => msg,
            _ = ticks.tick() => Msg::Tick,
            _ = hangup.recv() => return Ok(()),
            _ = terminate.recv() => return Ok(()),
        };
        let effects = update::update(&mut app, msg);
        start(&runtime, &sender, effects);
        // Apply whatever else already arrived before drawing again.
        while let Ok(msg) = messages.try_recv() {
            let effects = update::update(&mut app, msg);
            start(&runtime, &sender, effects);
        }
        if app.should_quit {
            return Ok(());
        }
    }
}

/// Applies a message and then, one after another, every effect it leads to,
/// without threads or a terminal: for scripted sessions, tests and benchmarks.
pub fn apply_inline(app: &mut App, runtime: &Runtime, msg: Msg) {
    let mut queue = std::collections::VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in update::update(app, msg) {
            queue.extend(perform(runtime, effect));
        }
    }
}

/// Runs effects on blocking threads; their answers come back as messages.
fn start(runtime: &Runtime, sender: &mpsc::UnboundedSender<Msg>, effects: Vec<Effect>) {
    for effect in effects {
        if effect == Effect::Quit {
            continue;
        }
        let runtime = runtime.clone();
        let sender = sender.clone();
        tokio::task::spawn_blocking(move || {
            if let Some(msg) = perform(&runtime, effect) {
                let _ = sender.send(msg);
            }
        });
    }
}

/// Terminal input on its own thread (crossterm's reader blocks).
fn read_terminal_events(sender: mpsc::UnboundedSender<Msg>) {
    std::thread::spawn(move || {
        loop {
            let msg = match crossterm::event::read() {
                Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => Msg::Key(key),
                Ok(Event::Paste(text)) => Msg::Paste(text),
                Ok(Event::Mouse(mouse)) => Msg::Mouse(mouse),
                Ok(Event::Resize(width, height)) => Msg::Resize(width, height),
                Ok(_) => continue,
                Err(error) => {
                    tracing::error!("reading the terminal failed: {error}");
                    return;
                }
            };
            if sender.send(msg).is_err() {
                return;
            }
        }
    });
}

/// Every durable change (from this console, another session, or the clock)
/// makes the console reload.
fn forward_changes(
    mut changes: broadcast::Receiver<crate::workspace::ChangeEvent>,
    sender: mpsc::UnboundedSender<Msg>,
) {
    tokio::spawn(async move {
        loop {
            // A lagging receiver missed events, which still means "reload".
            if let Err(broadcast::error::RecvError::Closed) = changes.recv().await {
                return;
            }
            if sender.send(Msg::Changed).is_err() {
                return;
            }
        }
    });
}
