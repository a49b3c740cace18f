//! The terminal's input bytes decoded into keys, pastes and mouse reports.
//!
//! The console reads the terminal itself instead of through crossterm's
//! reader for one reason: a bracketed paste whose end marker never comes (a
//! terminal can send `ESC [ 200 ~` alone on a broken paste) would hold every
//! later key inside the paste. Here a paste still open when the input falls
//! silent for [`IDLE`] ends there and is delivered, and keys work again.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// Silence that ends a paste left open: terminals send a paste's bytes
/// back to back, so a pause this long means its end marker is not coming.
pub const IDLE: Duration = Duration::from_millis(150);

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// One thing the terminal sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
}

/// Bytes in, [`Input`]s out, holding what is not complete yet.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
    /// The text of a paste whose end has not come yet.
    paste: Option<Vec<u8>>,
}

/// What the start of the pending bytes is.
enum Parsed {
    Input(Input, usize),
    PasteStart,
    /// Bytes that mean nothing the console uses (focus reports, unknown
    /// sequences): dropped.
    Skip(usize),
    Incomplete,
}

impl Decoder {
    /// Takes in the bytes of one read. A lone Esc at the end of a read is
    /// the Esc key: the keys a sequence starts with come in the same read.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        self.pending.extend_from_slice(bytes);
        let mut out = Vec::new();
        // Where decoding stands in `pending`: what is before it is used up,
        // dropped once at the end so that a long read costs its length.
        let mut at = 0;
        loop {
            if let Some(paste) = &mut self.paste {
                let rest = &self.pending[at..];
                let Some(end) = find(rest, PASTE_END) else {
                    // Keep only what could be the start of the end marker.
                    let text = rest.len() - marker_prefix_len(rest, PASTE_END);
                    paste.extend_from_slice(&rest[..text]);
                    at += text;
                    break;
                };
                paste.extend_from_slice(&rest[..end]);
                at += end + PASTE_END.len();
                out.extend(self.end_paste());
                continue;
            }
            match parse(&self.pending[at..]) {
                Parsed::Input(input, used) => {
                    at += used;
                    out.push(input);
                }
                Parsed::PasteStart => {
                    at += PASTE_START.len();
                    self.paste = Some(Vec::new());
                }
                Parsed::Skip(used) => at += used,
                Parsed::Incomplete => break,
            }
        }
        self.pending.drain(..at);
        if self.paste.is_none() && self.pending == b"\x1b" {
            self.pending.clear();
            out.push(key(KeyCode::Esc, KeyModifiers::NONE));
        }
        out
    }

    /// Whether something waits for more bytes, which silence would settle.
    pub fn waiting(&self) -> bool {
        self.paste.is_some() || !self.pending.is_empty()
    }

    /// The input fell silent: a paste still open ends with what came; a
    /// sequence left unfinished was Esc and keys typed after it.
    pub fn idle(&mut self) -> Vec<Input> {
        if let Some(paste) = &mut self.paste {
            paste.append(&mut self.pending);
            return self.end_paste().into_iter().collect();
        }
        let pending = std::mem::take(&mut self.pending);
        match pending.split_first() {
            Some((0x1b, rest)) => {
                let mut out = vec![key(KeyCode::Esc, KeyModifiers::NONE)];
                out.extend(self.feed(rest));
                out
            }
            // Half a character: nothing to show.
            _ => Vec::new(),
        }
    }

    fn end_paste(&mut self) -> Option<Input> {
        let paste = self.paste.take()?;
        Some(Input::Paste(String::from_utf8_lossy(&paste).into_owned()))
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The length of the longest end of `bytes` that `marker` starts with.
fn marker_prefix_len(bytes: &[u8], marker: &[u8]) -> usize {
    (1..marker.len())
        .rev()
        .find(|&len| bytes.ends_with(&marker[..len]))
        .unwrap_or(0)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Input {
    Input::Key(KeyEvent::new(code, modifiers))
}

/// The first input in `bytes`.
fn parse(bytes: &[u8]) -> Parsed {
    let Some(&first) = bytes.first() else {
        return Parsed::Incomplete;
    };
    let control = |code| Parsed::Input(key(code, KeyModifiers::CONTROL), 1);
    match first {
        0x1b => parse_escape(bytes),
        b'\r' => Parsed::Input(key(KeyCode::Enter, KeyModifiers::NONE), 1),
        b'\t' => Parsed::Input(key(KeyCode::Tab, KeyModifiers::NONE), 1),
        0x7f => Parsed::Input(key(KeyCode::Backspace, KeyModifiers::NONE), 1),
        0 => control(KeyCode::Char(' ')),
        // Ctrl-A to Ctrl-Z (Ctrl-J is a line feed in raw mode).
        0x01..=0x1a => control(KeyCode::Char(char::from(first - 1 + b'a'))),
        0x1c..=0x1f => control(KeyCode::Char(char::from(first - 0x1c + b'4'))),
        _ => parse_char(bytes),
    }
}

/// A character in UTF-8; an uppercase one comes with Shift, as crossterm
/// reports it (the keymap is written that way).
fn parse_char(bytes: &[u8]) -> Parsed {
    let length = match bytes[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return Parsed::Skip(1),
    };
    if bytes.len() < length {
        return Parsed::Incomplete;
    }
    match std::str::from_utf8(&bytes[..length]) {
        Ok(text) => {
            let c = text.chars().next().unwrap_or(' ');
            let modifiers = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            Parsed::Input(key(KeyCode::Char(c), modifiers), length)
        }
        Err(_) => Parsed::Skip(1),
    }
}

/// Esc and what follows it: a CSI or SS3 sequence, Esc twice, or Alt and a key.
fn parse_escape(bytes: &[u8]) -> Parsed {
    match bytes.get(1) {
        None => Parsed::Incomplete,
        Some(b'[') => parse_csi(bytes),
        Some(b'O') => match bytes.get(2) {
            None => Parsed::Incomplete,
            Some(&last) => match final_key(last) {
                Some(code) => Parsed::Input(key(code, KeyModifiers::NONE), 3),
                None => Parsed::Skip(3),
            },
        },
        Some(0x1b) => Parsed::Input(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        Some(_) => match parse(&bytes[1..]) {
            Parsed::Input(Input::Key(mut event), used) => {
                event.modifiers |= KeyModifiers::ALT;
                Parsed::Input(Input::Key(event), used + 1)
            }
            Parsed::Incomplete => Parsed::Incomplete,
            _ => Parsed::Skip(1),
        },
    }
}

/// The key a sequence ending in `last` names (`ESC [ A`, `ESC O P`...).
fn final_key(last: u8) -> Option<KeyCode> {
    Some(match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(1 + last - b'P'),
        _ => return None,
    })
}

/// The key of `ESC [ number ~`.
fn tilde_key(number: u16) -> Option<KeyCode> {
    Some(match number {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F(u8::try_from(number - 10).ok()?),
        17..=21 => KeyCode::F(u8::try_from(number - 11).ok()?),
        23 | 24 => KeyCode::F(u8::try_from(number - 12).ok()?),
        _ => return None,
    })
}

/// Modifiers as a sequence's parameter gives them: one more than a bit set
/// of Shift (1), Alt (2) and Ctrl (4).
fn modifiers(parameter: Option<u16>) -> KeyModifiers {
    let bits = parameter.unwrap_or(1).saturating_sub(1);
    let mut modifiers = KeyModifiers::NONE;
    for (bit, modifier) in [
        (1, KeyModifiers::SHIFT),
        (2, KeyModifiers::ALT),
        (4, KeyModifiers::CONTROL),
    ] {
        if bits & bit != 0 {
            modifiers |= modifier;
        }
    }
    modifiers
}

/// `ESC [` parameters final: keys, a paste's start, SGR mouse reports.
fn parse_csi(bytes: &[u8]) -> Parsed {
    let body = &bytes[2..];
    // Parameters and intermediates run up to the final byte (0x40 to 0x7e).
    let Some(end) = body.iter().position(|b| (0x40..=0x7e).contains(b)) else {
        return if body.iter().all(|b| (0x20..=0x3f).contains(b)) {
            Parsed::Incomplete
        } else {
            Parsed::Skip(2)
        };
    };
    let used = 2 + end + 1;
    if bytes.starts_with(PASTE_START) {
        return Parsed::PasteStart;
    }
    let last = body[end];
    let parameters = &body[..end];
    if let Some(mouse) = parameters.strip_prefix(b"<") {
        return match parse_mouse(mouse, last) {
            Some(event) => Parsed::Input(Input::Mouse(event), used),
            None => Parsed::Skip(used),
        };
    }
    let numbers: Vec<Option<u16>> = std::str::from_utf8(parameters)
        .unwrap_or("")
        .split(';')
        .map(|number| number.parse().ok())
        .collect();
    let first = numbers.first().copied().flatten();
    let held = modifiers(numbers.get(1).copied().flatten());
    let code = match last {
        b'~' => first.and_then(tilde_key),
        b'Z' => return Parsed::Input(key(KeyCode::BackTab, KeyModifiers::SHIFT), used),
        _ => final_key(last),
    };
    match code {
        Some(code) => Parsed::Input(key(code, held), used),
        None => Parsed::Skip(used),
    }
}

/// An SGR mouse report: `button;column;row` then `M` (press, move) or `m`
/// (release), columns and rows counted from 1.
fn parse_mouse(parameters: &[u8], last: u8) -> Option<MouseEvent> {
    let text = std::str::from_utf8(parameters).ok()?;
    let mut numbers = text.split(';').map(|n| n.parse::<u16>().ok());
    let (button, column, row) = (numbers.next()??, numbers.next()??, numbers.next()??);
    let pressed = last == b'M';
    let which = match button & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = match (button & 0b1110_0000, pressed) {
        (64, _) if button & 1 == 0 => MouseEventKind::ScrollUp,
        (64, _) => MouseEventKind::ScrollDown,
        (32, _) if button & 0b11 == 3 => MouseEventKind::Moved,
        (32, _) => MouseEventKind::Drag(which),
        (_, true) => MouseEventKind::Down(which),
        (_, false) => MouseEventKind::Up(which),
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, modifier) in [
        (4, KeyModifiers::SHIFT),
        (8, KeyModifiers::ALT),
        (16, KeyModifiers::CONTROL),
    ] {
        if button & bit != 0 {
            modifiers |= modifier;
        }
    }
    Some(MouseEvent {
        kind,
        column: column.saturating_sub(1),
        row: row.saturating_sub(1),
        modifiers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(inputs: &[Input]) -> Vec<(KeyCode, KeyModifiers)> {
        inputs
            .iter()
            .map(|input| match input {
                Input::Key(event) => (event.code, event.modifiers),
                other => panic!("not a key: {other:?}"),
            })
            .collect()
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;

    #[test]
    fn keys_and_sequences_decode_as_crossterm_reports_them() {
        let mut decoder = Decoder::default();
        let inputs = decoder
            .feed("aQż\r\t\x7f\x03\x1b[A\x1b[1;5C\x1b[5~\x1b[3;2~\x1bOP\x1b[Z\x1bx".as_bytes());
        assert_eq!(
            keys(&inputs),
            [
                (KeyCode::Char('a'), NONE),
                (KeyCode::Char('Q'), KeyModifiers::SHIFT),
                (KeyCode::Char('ż'), NONE),
                (KeyCode::Enter, NONE),
                (KeyCode::Tab, NONE),
                (KeyCode::Backspace, NONE),
                (KeyCode::Char('c'), KeyModifiers::CONTROL),
                (KeyCode::Up, NONE),
                (KeyCode::Right, KeyModifiers::CONTROL),
                (KeyCode::PageUp, NONE),
                (KeyCode::Delete, KeyModifiers::SHIFT),
                (KeyCode::F(1), NONE),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
                (KeyCode::Char('x'), KeyModifiers::ALT),
            ]
        );
        assert!(!decoder.waiting());
    }

    #[test]
    fn a_lone_esc_is_the_key_and_a_split_sequence_waits_for_its_rest() {
        let mut decoder = Decoder::default();
        assert_eq!(keys(&decoder.feed(b"\x1b")), [(KeyCode::Esc, NONE)]);
        let mut decoder = Decoder::default();
        assert!(decoder.feed(b"\x1b[1;").is_empty());
        assert_eq!(
            keys(&decoder.feed(b"2A")),
            [(KeyCode::Up, KeyModifiers::SHIFT)]
        );
        let split = "ż".as_bytes();
        assert!(decoder.feed(&split[..1]).is_empty());
        assert_eq!(
            keys(&decoder.feed(&split[1..])),
            [(KeyCode::Char('ż'), NONE)]
        );
    }

    #[test]
    fn a_paste_is_one_input_whatever_the_reads_it_arrives_in() {
        let mut decoder = Decoder::default();
        assert!(decoder.feed(b"\x1b[200~line one\r\nq \x1b[").is_empty());
        assert!(decoder.feed(b"20").is_empty());
        let inputs = decoder.feed(b"1~q");
        assert_eq!(
            inputs[0],
            Input::Paste("line one\r\nq ".to_owned()),
            "keys inside a paste are text"
        );
        assert_eq!(keys(&inputs[1..]), [(KeyCode::Char('q'), NONE)]);
    }

    /// A paste whose end never comes swallowed every later key: it ends at
    /// the first silence, delivered, and what follows is keys again.
    #[test]
    fn a_paste_left_open_ends_when_the_input_falls_silent() {
        let mut decoder = Decoder::default();
        assert!(decoder.feed(b"\x1b[200~broken paste\x1b[2").is_empty());
        assert!(decoder.waiting());
        assert_eq!(
            decoder.idle(),
            [Input::Paste("broken paste\x1b[2".to_owned())]
        );
        assert!(!decoder.waiting());
        assert_eq!(
            keys(&decoder.feed(b"?q\x03")),
            [
                (KeyCode::Char('?'), NONE),
                (KeyCode::Char('q'), NONE),
                (KeyCode::Char('c'), KeyModifiers::CONTROL),
            ]
        );
    }

    #[test]
    fn a_sequence_left_unfinished_is_esc_and_the_keys_after_it() {
        let mut decoder = Decoder::default();
        assert!(decoder.feed(b"\x1b[").is_empty());
        assert_eq!(
            keys(&decoder.idle()),
            [(KeyCode::Esc, NONE), (KeyCode::Char('['), NONE)]
        );
        assert!(!decoder.waiting());
    }

    /// Text typed or pasted without bracketed paste arrives as keys, read
    /// after read, however long.
    #[test]
    fn a_long_unbracketed_paste_is_every_key_in_order() {
        let text = "abc\r".repeat(65_000);
        let mut decoder = Decoder::default();
        let mut inputs = Vec::new();
        for chunk in text.as_bytes().chunks(8192) {
            inputs.extend(decoder.feed(chunk));
        }
        assert_eq!(inputs.len(), text.len());
        assert_eq!(inputs[3], key(KeyCode::Enter, NONE));
        assert!(!decoder.waiting());
    }

    #[test]
    fn mouse_reports_and_unknown_sequences() {
        let mut decoder = Decoder::default();
        let inputs = decoder.feed(b"\x1b[<0;5;3M\x1b[<65;1;1M\x1b[I\x1b[99~\x1b[24~a");
        let Input::Mouse(click) = &inputs[0] else {
            panic!("{inputs:?}");
        };
        assert_eq!(click.kind, MouseEventKind::Down(MouseButton::Left));
        assert_eq!((click.column, click.row), (4, 2));
        let Input::Mouse(wheel) = &inputs[1] else {
            panic!("{inputs:?}");
        };
        assert_eq!(wheel.kind, MouseEventKind::ScrollDown);
        assert_eq!(
            keys(&inputs[2..]),
            [(KeyCode::F(12), NONE), (KeyCode::Char('a'), NONE)]
        );
    }
}
