//! Copying to the person's own clipboard through their terminal (OSC 52):
//! it works over SSH, where the machine's clipboard is not theirs. Update
//! asks for a copy with an effect; the loop writes the sequence through the
//! terminal backend, between frames.

use std::fmt;
use std::io::{self, Write};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ratatui::backend::{CrosstermBackend, TestBackend};

use crate::sanitize::line;

/// A working invitation link, held only while it is shown. Its `Debug`
/// never prints it, so no log line or panic message carries one.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: String) -> Secret {
        Secret(text)
    }

    /// The link, as drawn and as copied: sanitised like every user string.
    pub fn shown(&self) -> String {
        line(&self.0).into_owned()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard: base64,
/// so nothing in it can end the sequence early.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

/// A terminal backend the console can send a clipboard sequence through.
pub trait Clipboard {
    fn copy(&mut self, text: &str) -> io::Result<()>;
}

impl<W: Write> Clipboard for CrosstermBackend<W> {
    fn copy(&mut self, text: &str) -> io::Result<()> {
        self.write_all(osc52(text).as_bytes())?;
        self.flush()
    }
}

/// A test terminal has no clipboard: the copy asked for is the effect.
impl Clipboard for TestBackend {
    fn copy(&mut self, _text: &str) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_carries_the_text_in_base64_and_the_secret_hides_from_debug() {
        assert_eq!(
            osc52("https://x.example/join/ab"),
            "\x1b]52;c;aHR0cHM6Ly94LmV4YW1wbGUvam9pbi9hYg==\x07"
        );
        let secret = Secret::new("https://x.example/join/ab\u{202e}".into());
        assert_eq!(format!("{secret:?}"), "Secret(…)");
        assert!(!secret.shown().contains('\u{202e}'), "sanitised");
    }
}
