//! The console on a byte stream instead of the process's terminal: an SSH
//! session's channel, or a local console's socket while a server holds the
//! store. Same loop, keymap, themes and drawing as the local
//! console; whoever owns the stream hands in the bytes typed and the
//! window's size, and sends on the bytes drawn.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::queue;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use tokio::sync::mpsc;

use super::clipboard::{Clipboard, osc52};
use super::effects::{Effect, Runtime};
use super::state::{App, Options};
use super::{Channel, decode_input, drive};
use crate::workspace::Actor;

/// A remote window's size, as its last pty or window-change request said;
/// shared by the session that hears of changes and the terminal drawing.
#[derive(Debug, Clone, Default)]
pub struct WindowArea(Arc<AtomicU32>);

impl WindowArea {
    pub fn new(width: u16, height: u16) -> WindowArea {
        let area = WindowArea::default();
        area.set(width, height);
        area
    }

    pub fn set(&self, width: u16, height: u16) {
        self.0.store(
            (u32::from(width) << 16) | u32::from(height),
            Ordering::Relaxed,
        );
    }

    pub fn get(&self) -> (u16, u16) {
        let packed = self.0.load(Ordering::Relaxed);
        ((packed >> 16) as u16, packed as u16)
    }
}

/// Crossterm's drawing into any writer, sized by a [`WindowArea`] rather
/// than by asking the process's own terminal.
pub struct StreamBackend<W: Write> {
    inner: CrosstermBackend<W>,
    area: WindowArea,
}

impl<W: Write> StreamBackend<W> {
    pub fn new(writer: W, area: WindowArea) -> StreamBackend<W> {
        StreamBackend {
            inner: CrosstermBackend::new(writer),
            area,
        }
    }
}

impl<W: Write> Write for StreamBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for StreamBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    /// A remote terminal cannot be asked where its cursor is without
    /// reading its answer from the input; the full-screen console never needs it.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = self.area.get();
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size()?,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

impl<W: Write> Clipboard for StreamBackend<W> {
    fn copy(&mut self, text: &str) -> io::Result<()> {
        self.write_all(osc52(text).as_bytes())?;
        Write::flush(self)
    }
}

/// What a remote console is given: where to draw, its size, the bytes
/// typed, and whom it acts for.
pub struct RemoteConsole<W: Write> {
    pub writer: W,
    pub area: WindowArea,
    /// Bytes as the remote terminal sent them.
    pub input: mpsc::UnboundedReceiver<Vec<u8>>,
    pub options: Options,
    /// `None` opens the account picker: the operator's console, as local.
    pub actor: Option<Actor>,
}

/// Runs a console on a byte stream until the person quits or `stop`
/// completes (the server stopping, the connection gone), and leaves the
/// remote terminal as it found it. `resized` hears of window changes: send
/// [`Msg::Resize`] on it after setting the [`WindowArea`].
pub async fn run_remote<W: Write>(
    console: RemoteConsole<W>,
    runtime: &Runtime,
    channel: Channel,
    stop: impl Future<Output = ()>,
) -> io::Result<()> {
    let RemoteConsole {
        mut writer,
        area,
        input,
        mut options,
        actor,
    } = console;
    let mouse = options.mouse;
    enter(&mut writer, mouse)?;
    options.size = area.get();
    let mut terminal = Terminal::new(StreamBackend::new(writer, area))?;
    let mut app = App::blank(options);
    let effects: Vec<Effect> = app.start(actor);
    decode_input(input, channel.sender.clone());
    let result = drive(&mut terminal, &mut app, runtime, channel, effects, stop).await;
    let left = leave(terminal.backend_mut(), mouse);
    result.and(left)
}

/// What a console asks of a terminal it takes over: the alternate screen,
/// pastes marked as such, the mouse when asked for, no cursor.
fn enter(writer: &mut impl Write, mouse: bool) -> io::Result<()> {
    queue!(writer, EnterAlternateScreen, EnableBracketedPaste, Hide)?;
    if mouse {
        queue!(writer, EnableMouseCapture)?;
    }
    writer.flush()
}

/// Gives back what [`enter`] took: also what a session whose console
/// stopped short sends to leave its terminal usable.
pub fn leave(writer: &mut impl Write, mouse: bool) -> io::Result<()> {
    if mouse {
        queue!(writer, DisableMouseCapture)?;
    }
    queue!(writer, DisableBracketedPaste, LeaveAlternateScreen, Show)?;
    writer.flush()
}
