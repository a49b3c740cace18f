//! Toasts: short messages at the bottom right of the body, newest lowest,
//! each gone when its time is up. A component of its own: its state, its
//! update on each tick, its drawing.

use std::collections::VecDeque;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::i18n::{Catalogue, T};
use super::theme::Theme;
use super::view::format::wrap;
use crate::sanitize::line;

/// Ticks (a quarter second each) an information stays up; warnings and
/// errors stay twice as long.
const TOAST_TICKS: u64 = 16;
/// The most shown at once: a new one pushes out the oldest.
const MOST: usize = 3;
/// The widest a toast's text is before it wraps.
const WIDTH: u16 = 72;
/// How many the message log keeps.
const KEPT: usize = 100;

/// How serious a toast is; shown as a word as well as a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

impl Level {
    /// The level in words.
    pub fn label(self) -> T {
        match self {
            Level::Info => T::ToastInfo,
            Level::Warn => T::ToastWarn,
            Level::Error => T::ToastError,
        }
    }

    /// The level's colour.
    pub fn style(self, theme: &Theme) -> Style {
        match self {
            Level::Info => theme.good,
            Level::Warn => theme.warn,
            Level::Error => theme.bad,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub level: Level,
    pub text: String,
    /// The tick it goes at.
    until: u64,
}

/// The toasts up now, the last ones for the message log, and the
/// console's clock in ticks.
#[derive(Debug, Clone, Default)]
pub struct Toasts {
    shown: Vec<Toast>,
    log: VecDeque<Toast>,
    ticks: u64,
}

impl Toasts {
    pub fn push(&mut self, level: Level, text: impl Into<String>) {
        let lasts = if level == Level::Info {
            TOAST_TICKS
        } else {
            TOAST_TICKS * 2
        };
        let toast = Toast {
            level,
            text: text.into(),
            until: self.ticks + lasts,
        };
        if self.log.len() == KEPT {
            self.log.pop_front();
        }
        self.log.push_back(toast.clone());
        self.shown.push(toast);
        let excess = self.shown.len().saturating_sub(MOST);
        self.shown.drain(..excess);
    }

    /// A tick went by: the toasts whose time is up go.
    pub fn tick(&mut self) {
        self.ticks += 1;
        let now = self.ticks;
        self.shown.retain(|toast| toast.until > now);
    }

    /// Oldest first.
    pub fn iter(&self) -> std::slice::Iter<'_, Toast> {
        self.shown.iter()
    }

    /// The last toasts, gone or not, oldest first.
    pub fn log(&self) -> impl DoubleEndedIterator<Item = &Toast> {
        self.log.iter()
    }

    pub fn last(&self) -> Option<&Toast> {
        self.shown.last()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Draws them in a box of their own at the bottom right inside `body`'s
    /// border, newest lowest, each with its level in words and wrapped
    /// whole: a border under them stays a border.
    pub fn draw(&self, frame: &mut Frame, (cat, theme): (&Catalogue, &Theme), body: Rect) {
        let Some(newest) = self.shown.last() else {
            return;
        };
        let room = usize::from(body.width.saturating_sub(4).min(WIDTH));
        let mut lines: Vec<Line> = Vec::new();
        for toast in &self.shown {
            let style = toast.level.style(theme);
            let text = format!("{}: {}", cat.get(toast.level.label()), line(&toast.text));
            lines.extend(
                wrap(&text, room)
                    .into_iter()
                    .map(|part| Line::styled(part, style)),
            );
        }
        // The newest lines when they are more than the body holds.
        let fits = usize::from(body.height.saturating_sub(4));
        let lines = lines.split_off(lines.len().saturating_sub(fits));
        let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 2;
        let height = lines.len() as u16 + 2;
        let area = Rect::new(
            body.right().saturating_sub(width + 1),
            body.bottom().saturating_sub(height + 1),
            width,
            height,
        )
        .intersection(body);
        let border = newest.level.style(theme);
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().border_style(border)),
            area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_three_stay_until_their_time_is_up() {
        let mut toasts = Toasts::default();
        toasts.push(Level::Warn, "warned");
        for text in ["one", "two", "three"] {
            toasts.push(Level::Info, text);
        }
        let texts = |toasts: &Toasts| -> Vec<String> {
            toasts.iter().map(|toast| toast.text.clone()).collect()
        };
        assert_eq!(texts(&toasts), ["one", "two", "three"]);
        toasts.push(Level::Error, "failed");
        for _ in 0..TOAST_TICKS {
            toasts.tick();
        }
        assert_eq!(texts(&toasts), ["failed"], "errors stay longer");
        for _ in 0..TOAST_TICKS {
            toasts.tick();
        }
        assert!(toasts.is_empty());
    }
}
