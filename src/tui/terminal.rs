//! Entering and leaving the terminal. Leaving restores it fully (raw mode,
//! alternate screen, mouse capture, bracketed paste, cursor) and runs on quit,
//! on error and, through a chained panic hook, on panic.

use std::fs::File;
use std::io::{self, IsTerminal, Stdout, stdout};
use std::os::fd::AsFd;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

pub fn enter(mouse: bool) -> io::Result<Tui> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Restore first so the panic message lands on a usable screen, then
        // stop: a console must not go on drawing into a restored terminal
        // (a panic on an effect thread would otherwise be caught and ignored).
        let _ = leave(mouse);
        previous(info);
        std::process::exit(101);
    }));
    enable_raw_mode()?;
    let setup = || -> io::Result<Tui> {
        execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
        if mouse {
            execute!(stdout(), EnableMouseCapture)?;
        }
        Terminal::new(CrosstermBackend::new(stdout()))
    };
    setup().inspect_err(|_| {
        let _ = leave(mouse);
    })
}

/// The terminal's input, read unbuffered: standard input when it is the
/// terminal, else the process's terminal (`/dev/tty`).
pub fn input() -> io::Result<File> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        Ok(File::from(stdin.as_fd().try_clone_to_owned()?))
    } else {
        File::open("/dev/tty")
    }
}

pub fn leave(mouse: bool) -> io::Result<()> {
    if mouse {
        execute!(stdout(), DisableMouseCapture)?;
    }
    execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show)?;
    disable_raw_mode()
}
