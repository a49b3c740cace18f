//! Toasts: short messages at the bottom right of the body, newest lowest,
//! each gone when its time is up. A component of its own: its state, its
//! update on each tick, its drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::i18n::{Catalogue, T};
use super::theme::Theme;
use crate::sanitize::line;

/// Ticks (a quarter second each) an information stays up; warnings and
/// errors stay twice as long.
const TOAST_TICKS: u64 = 16;
/// The most shown at once: a new one pushes out the oldest.
const MOST: usize = 3;

/// How serious a toast is; shown as a word as well as a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub level: Level,
    pub text: String,
    /// The tick it goes at.
    until: u64,
}

/// The toasts up now, and the console's clock in ticks.
#[derive(Debug, Clone, Default)]
pub struct Toasts {
    shown: Vec<Toast>,
    ticks: u64,
}

impl Toasts {
    pub fn push(&mut self, level: Level, text: impl Into<String>) {
        let lasts = if level == Level::Info {
            TOAST_TICKS
        } else {
            TOAST_TICKS * 2
        };
        self.shown.push(Toast {
            level,
            text: text.into(),
            until: self.ticks + lasts,
        });
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

    pub fn last(&self) -> Option<&Toast> {
        self.shown.last()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Draws them at the bottom right of `body`, newest lowest, each with
    /// its level in words.
    pub fn draw(&self, frame: &mut Frame, (cat, theme): (&Catalogue, &Theme), body: Rect) {
        let mut y = body.bottom().saturating_sub(1);
        for toast in self.shown.iter().rev() {
            let (label, style) = match toast.level {
                Level::Info => (T::ToastInfo, theme.good),
                Level::Warn => (T::ToastWarn, theme.warn),
                Level::Error => (T::ToastError, theme.bad),
            };
            let text = format!(" {}: {} ", cat.get(label), line(&toast.text));
            let width = (Span::raw(&text).width() as u16).min(body.width.saturating_sub(2));
            if y <= body.y {
                break;
            }
            let area = Rect::new(body.right().saturating_sub(width + 1), y - 1, width, 1);
            frame.render_widget(Clear, area);
            frame.render_widget(
                Line::styled(text, style.add_modifier(Modifier::REVERSED)),
                area,
            );
            y = y.saturating_sub(1);
        }
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
