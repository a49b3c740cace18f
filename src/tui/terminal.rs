//! Entering and leaving the terminal. Leaving restores it fully (raw mode,
//! alternate screen, mouse capture, bracketed paste, cursor) and runs on quit,
//! on error and, through a chained panic hook, on panic.

use std::io::{self, Stdout, stdout};

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
        // Restore first so the panic message lands on a usable screen.
        let _ = leave(mouse);
        previous(info);
    }));
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Terminal::new(CrosstermBackend::new(stdout()))
}

pub fn leave(mouse: bool) -> io::Result<()> {
    if mouse {
        execute!(stdout(), DisableMouseCapture)?;
    }
    execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show)?;
    disable_raw_mode()
}
