//! A console over a seeded demo store, driven through the update loop with
//! every effect run inline, at a fixed moment so that what it draws is the
//! same on every run.
#![allow(dead_code)] // each test file uses its own subset

pub mod names;

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use tempfile::TempDir;

use teamdesk::sources::ManualClock;
use teamdesk::store::OpenMode;
use teamdesk::tui::apply_inline;
use teamdesk::tui::effects::{Msg, Runtime, perform};
use teamdesk::tui::i18n::{Lang, T};
use teamdesk::tui::list::ListNav;
use teamdesk::tui::state::{App, Options};
use teamdesk::tui::theme::ThemeName;
use teamdesk::tui::view;
use teamdesk::workspace::{Actor, Command, Outcome, Settings, Workspace};

pub const OWNER: &str = "olivia.owner@bondi.example";
pub const ADMIN: &str = "priya.shah@bondi.example";
pub const TEMPLATE_MANAGER: &str = "marco.rossi@bondi.example";
pub const MEMBER: &str = "ana.kowalska@bondi.example";
pub const ASSISTANT: &str = "raj.shah@bondi.example";
pub const SUPPORT: &str = "sam@support.teamdesk.example";
pub const PRO_OWNER: &str = "jack.brown@coastalgp.example";

/// The moment the demo store is seeded at and the console runs at.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

/// The demo store in a temporary directory, opened on a clock stopped at [`now`].
pub struct Demo {
    pub dir: TempDir,
    pub workspace: Arc<Workspace>,
    pub clock: Arc<ManualClock>,
}

impl Demo {
    pub fn seed() -> Demo {
        let dir = tempfile::tempdir().expect("a temporary directory");
        teamdesk::demo::seed(dir.path(), Settings::default(), now()).expect("the demo seeds");
        let clock = Arc::new(ManualClock::new(now()));
        let workspace = Workspace::open(
            dir.path(),
            OpenMode::MustExist,
            clock.clone(),
            Settings::default(),
        )
        .expect("the seeded store opens");
        Demo {
            dir,
            workspace: Arc::new(workspace),
            clock,
        }
    }

    pub fn runtime(&self) -> Runtime {
        Runtime {
            clock: Some(self.clock.clone()),
            ..Runtime::new(self.workspace.clone())
        }
    }

    /// A console acting as `email`, loaded.
    pub fn console(&self, email: &str, lang: Lang, size: (u16, u16)) -> Console {
        self.console_in(email, lang, ThemeName::Default, size)
    }

    /// A console acting as `email` in `theme`, loaded.
    pub fn console_in(
        &self,
        email: &str,
        lang: Lang,
        theme: ThemeName,
        size: (u16, u16),
    ) -> Console {
        let runtime = self.runtime();
        let options = Options::standard(lang, theme, size);
        let (mut app, effects) = App::new(options, Some(person(email)));
        for effect in effects {
            if let Some(msg) = perform(&runtime, effect) {
                apply_inline(&mut app, &runtime, msg);
            }
        }
        assert!(app.loaded.is_some(), "the console for {email} loaded");
        Console { app, runtime }
    }

    /// Runs a command through the workspace as `email`, the way another session would.
    pub fn execute(&self, email: &str, command: Command) -> Outcome {
        self.workspace
            .execute(&person(email), command)
            .unwrap_or_else(|error| panic!("{email} could not run the command: {error}"))
    }
}

pub fn person(email: &str) -> Actor {
    Actor::person(email).expect("a valid address")
}

/// A console and what its effects run against.
pub struct Console {
    pub app: App,
    pub runtime: Runtime,
}

impl Console {
    pub fn send(&mut self, msg: Msg) {
        apply_inline(&mut self.app, &self.runtime, msg);
    }

    pub fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) {
        self.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    pub fn press(&mut self, c: char) {
        let modifiers = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        self.send(Msg::Key(KeyEvent::new(KeyCode::Char(c), modifiers)));
    }

    /// Types text key by key; a newline is Enter.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' {
                self.key(KeyCode::Enter);
            } else {
                self.press(c);
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.send(Msg::Paste(text.to_owned()));
    }

    /// Draws the console on a `width` × `height` test terminal; returns the screen as text.
    pub fn screen(&mut self, width: u16, height: u16) -> String {
        screen_text(&draw_test(&mut self.app, width, height))
    }
}

/// Draws the console once on a fresh test terminal.
pub fn draw_test(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| view::draw(frame, app))
        .expect("the console draws");
    terminal
}

/// The screen as lines of text, each between quotes so its full width shows.
pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

/// Every row a list shows (after its filter), in its order.
pub fn rows<R: teamdesk::tui::list::ListRow>(list: &teamdesk::tui::list::ListView<R>) -> Vec<R> {
    let mut list = list.clone();
    list.select_first();
    let shown = list.shown();
    list.window(shown).0.into_iter().cloned().collect()
}

/// Where a drawn screen is emphasised, one character per cell: `R`
/// reversed, `U` underlined, `B` bold, `.` plain. What a monochrome
/// terminal shows beyond the text.
pub fn emphasis(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let modifier = buffer[(x, y)].modifier;
            out.push(if modifier.contains(Modifier::REVERSED) {
                'R'
            } else if modifier.contains(Modifier::UNDERLINED) {
                'U'
            } else if modifier.contains(Modifier::BOLD) {
                'B'
            } else {
                '.'
            });
        }
        out.push('\n');
    }
    out
}

/// Panics if any cell of the screen is drawn in a colour.
pub fn assert_no_colour(name: &str, terminal: &Terminal<TestBackend>) {
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(
            cell.fg == Color::Reset && cell.bg == Color::Reset,
            "{name} draws {:?} in colour ({:?} on {:?})",
            cell.symbol(),
            cell.fg,
            cell.bg
        );
    }
}

/// How snapshot names spell the language, theme and size they were drawn in.
pub fn variant(lang: Lang, theme: ThemeName, (width, height): (u16, u16)) -> String {
    let theme = match theme {
        ThemeName::Default => "default",
        ThemeName::Monochrome => "mono",
    };
    format!("{}_{theme}_{width}x{height}", lang.code())
}

/// What the snapshot `name` of a drawn `screen` holds in `theme`: the text;
/// in the monochrome theme, checked to hold no colour, also where it is
/// emphasised.
pub fn themed(
    name: &str,
    theme: ThemeName,
    terminal: &Terminal<TestBackend>,
    screen: String,
) -> String {
    if theme == ThemeName::Monochrome {
        assert_no_colour(name, terminal);
        format!("{screen}\n{}", emphasis(terminal))
    } else {
        screen
    }
}

/// A drawn screen's rows as one line, each without its quotes and side
/// borders: a sentence wrapped over rows reads whole.
pub fn joined_rows(screen: &str) -> String {
    screen
        .lines()
        .map(|row| row.trim_matches('"').trim_matches('│').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last line of a drawn screen (the footer), without its quotes.
pub fn footer(screen: &str) -> String {
    screen
        .lines()
        .last()
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned()
}

/// Whether `text` holds something shaped like a UUID (8-4-4-4-12 hex digits).
pub fn holds_uuid(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let groups = [8, 4, 4, 4, 12];
    let shape: usize = groups.iter().sum::<usize>() + groups.len() - 1;
    chars.windows(shape).any(|window| {
        let mut at = 0;
        groups.iter().enumerate().all(|(index, &len)| {
            let hex = window[at..at + len].iter().all(|c| c.is_ascii_hexdigit());
            at += len;
            let dash = index == groups.len() - 1 || {
                let ok = window[at] == '-';
                at += 1;
                ok
            };
            hex && dash
        })
    })
}

/// A screen must never show an id, a message's own id (a missing
/// translation) or a stand-in for a character that should not be stored.
pub fn assert_clean(name: &str, screen: &str) {
    assert!(!holds_uuid(screen), "{name} shows an id:\n{screen}");
    for key in T::ALL {
        let key = key.id();
        // Single-word ids ("demo", "empty") may be ordinary words on screen.
        if key.contains('-') {
            assert!(
                !screen.contains(key),
                "{name} shows the message id {key}:\n{screen}"
            );
        }
    }
    assert!(
        !screen.contains('\u{FFFD}'),
        "{name} shows a replacement character:\n{screen}"
    );
}

/// Checks a screen with [`assert_clean`], then compares it with its
/// snapshot. A macro, so that the snapshot is named after the test file
/// that takes it.
#[allow(unused_macros)] // as with dead code: not every test file snapshots
macro_rules! snap {
    ($name:expr, $screen:expr $(,)?) => {{
        let name: &str = &$name;
        let screen: &str = &$screen;
        console_support::assert_clean(name, screen);
        insta::assert_snapshot!(name, screen);
    }};
}
#[allow(unused_imports)]
pub(crate) use snap;

/// Draws the console at `size` and snapshots it as [`themed`] says. A
/// macro for the same reason as [`snap`].
#[allow(unused_macros)]
macro_rules! snap_screen {
    ($console:expr, $name:expr, $theme:expr, $size:expr $(,)?) => {{
        let name: &str = &$name;
        let (width, height) = $size;
        let terminal = console_support::draw_test(&mut $console.app, width, height);
        let screen = console_support::screen_text(&terminal);
        console_support::snap!(
            name,
            console_support::themed(name, $theme, &terminal, screen)
        );
    }};
}
#[allow(unused_imports)]
pub(crate) use snap_screen;
