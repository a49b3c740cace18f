//! The terminal's input bytes decoded into keys, pastes and mouse reports.
//!
//! The console reads the terminal itself instead of through crossterm's
//! reader for one reason: a bracketed paste whose end marker never comes (a
//! terminal can send `ESC [ 200 ~` alone on a broken paste) would hold every
//! later key inside the paste. Here a paste still open when the input falls
//! silent for [`IDLE`] ends there and is delivered, and keys work again.
//!
//! termwiz reads the sequences: its `vtparse` state machine tells where each
//! one ends, its `InputParser` what key or mouse report it is. This module
//! only frames pastes and turns termwiz's events into crossterm's, which the
//! keymap is written in.

use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use termwiz::input::{
    InputEvent, InputParser, KeyCode as TermKey, KeyEvent as TermKeyEvent, Modifiers, MouseButtons,
    MouseEvent as TermMouseEvent,
};
use vtparse::{CsiParam, VTActor, VTParser};

/// Silence that ends a paste left open: terminals send a paste's bytes
/// back to back, so a pause this long means its end marker is not coming.
pub const IDLE: Duration = Duration::from_millis(150);

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";
/// SS3: `vtparse` ends the sequence here, but the key is the byte after.
const SS3: &[u8] = b"\x1bO";

/// One thing the terminal sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
}

/// What each complete sequence means. termwiz's parser holds a table of
/// every key's sequences (three quarters of a megabyte): one serves every
/// console of the process. It keeps nothing from one call to the next, as
/// it is given only whole sequences and whole characters and told that no
/// more is coming (`maybe_more: false`).
static KEYS: LazyLock<Mutex<InputParser>> = LazyLock::new(|| Mutex::new(InputParser::new()));

/// What termwiz reads in `bytes`, a whole sequence or whole characters.
fn parse(bytes: &[u8]) -> Vec<InputEvent> {
    KEYS.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .parse_as_vec(bytes, false)
}

/// Bytes in, [`Input`]s out, holding what is not complete yet.
pub struct Decoder {
    /// Where each sequence ends, so that one split between reads waits for
    /// its rest and one termwiz has no key for is dropped whole.
    framing: VTParser,
    /// The bytes of the sequence or character under way.
    sequence: Vec<u8>,
    /// Complete sequences and characters not yet given to [`KEYS`].
    complete: Vec<u8>,
    /// The text of a paste whose end has not come yet.
    paste: Option<Vec<u8>>,
    /// The button pressed and not released: SGR reports name the buttons
    /// down, so this tells a press from a drag and a release from a move.
    held_button: Option<MouseButton>,
}

impl Default for Decoder {
    fn default() -> Self {
        Self {
            framing: VTParser::new(),
            sequence: Vec::new(),
            complete: Vec::new(),
            paste: None,
            held_button: None,
        }
    }
}

impl Decoder {
    /// Takes in the bytes of one read. A lone Esc at the end of a read is
    /// the Esc key: the keys a sequence starts with come in the same read.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            if self.paste.is_some() {
                at += self.take_paste(&bytes[at..], &mut out);
            } else {
                self.frame(bytes[at], &mut out);
                at += 1;
            }
        }
        if self.sequence.first() == Some(&0x1b) && !self.awaits_rest() {
            self.complete.append(&mut self.sequence);
            self.framing = VTParser::new();
        }
        self.decode_complete(&mut out);
        out
    }

    /// Whether something waits for more bytes, which silence would settle.
    pub fn waiting(&self) -> bool {
        self.paste.is_some() || !self.sequence.is_empty()
    }

    /// The input fell silent: a paste still open ends with what came; a
    /// sequence left unfinished was Esc and keys typed after it.
    pub fn idle(&mut self) -> Vec<Input> {
        if let Some(paste) = self.paste.take() {
            return vec![paste_input(&paste)];
        }
        let sequence = std::mem::take(&mut self.sequence);
        self.framing = VTParser::new();
        match sequence.split_first() {
            Some((0x1b, rest)) => {
                let mut out = vec![key(KeyCode::Esc, KeyModifiers::NONE)];
                out.extend(self.feed(rest));
                out
            }
            // Half a character: nothing to show.
            _ => Vec::new(),
        }
    }

    /// Whether the sequence under way is a CSI or SS3 one, whose rest is
    /// on its way: a terminal sends a key's sequence in one burst.
    fn awaits_rest(&self) -> bool {
        matches!(self.sequence.as_slice(), [0x1b, b'[' | b'O', ..])
    }

    /// One byte outside a paste, through `framing`.
    fn frame(&mut self, byte: u8, out: &mut Vec<Input>) {
        self.sequence.push(byte);
        let mut seen = LastCsi::default();
        self.framing.parse_byte(byte, &mut seen);
        if !self.framing.is_ground() || self.sequence == SS3 {
            return;
        }
        let sequence = std::mem::take(&mut self.sequence);
        if let Some(before) = sequence.strip_suffix(PASTE_START) {
            self.complete.extend_from_slice(before);
            self.decode_complete(out);
            self.paste = Some(Vec::new());
        } else if let Some(csi) = seen.0 {
            self.decode_complete(out);
            self.decode_csi(&sequence, &csi, out);
        } else if std::str::from_utf8(&sequence).is_ok() {
            self.complete.extend_from_slice(&sequence);
        }
        // Bytes that are not UTF-8 are dropped: termwiz would wait on them
        // for ever, holding every later key.
    }

    /// Adds `bytes` to the open paste up to its end marker, and returns how
    /// many of them it used.
    fn take_paste(&mut self, bytes: &[u8], out: &mut Vec<Input>) -> usize {
        let Some(paste) = &mut self.paste else {
            return 0;
        };
        // The marker may have begun in an earlier read.
        let searched = paste.len().saturating_sub(PASTE_END.len() - 1);
        paste.extend_from_slice(bytes);
        let Some(found) = find(&paste[searched..], PASTE_END) else {
            return bytes.len();
        };
        let end = searched + found;
        let after_marker = paste.len() - end - PASTE_END.len();
        paste.truncate(end);
        out.push(paste_input(paste));
        self.paste = None;
        bytes.len() - after_marker
    }

    fn decode_complete(&mut self, out: &mut Vec<Input>) {
        if self.complete.is_empty() {
            return;
        }
        let events = parse(&self.complete);
        self.complete.clear();
        self.push_events(events, out);
    }

    /// A whole CSI sequence. One termwiz has no key for comes back as Alt-[
    /// and its bytes as keys: dropped, or, for an xterm-modified editing
    /// key, read from the parameters `vtparse` found.
    fn decode_csi(&mut self, sequence: &[u8], csi: &Csi, out: &mut Vec<Input>) {
        let events = parse(sequence);
        let unknown = TermKeyEvent {
            key: TermKey::Char('['),
            modifiers: Modifiers::ALT,
        };
        if events.first() != Some(&InputEvent::Key(unknown)) {
            self.push_events(events, out);
        } else if let Some(input) = modified_editing_key(csi) {
            out.push(input);
        }
    }

    fn push_events(&mut self, events: Vec<InputEvent>, out: &mut Vec<Input>) {
        for event in events {
            let input = match event {
                InputEvent::Key(event) => key_input(event),
                InputEvent::Mouse(event) => Some(self.mouse_input(&event)),
                // A bracketed paste's markers never reach termwiz.
                _ => None,
            };
            out.extend(input);
        }
    }

    fn mouse_input(&mut self, event: &TermMouseEvent) -> Input {
        let buttons = &event.mouse_buttons;
        let pressed = [
            (MouseButtons::LEFT, MouseButton::Left),
            (MouseButtons::RIGHT, MouseButton::Right),
            (MouseButtons::MIDDLE, MouseButton::Middle),
        ]
        .into_iter()
        .find(|(bit, _)| buttons.contains(bit.clone()))
        .map(|(_, button)| button);
        let positive = buttons.contains(MouseButtons::WHEEL_POSITIVE);
        let kind = if buttons.contains(MouseButtons::VERT_WHEEL) {
            if positive {
                MouseEventKind::ScrollUp
            } else {
                MouseEventKind::ScrollDown
            }
        } else if buttons.contains(MouseButtons::HORZ_WHEEL) {
            if positive {
                MouseEventKind::ScrollLeft
            } else {
                MouseEventKind::ScrollRight
            }
        } else {
            match (pressed, self.held_button) {
                (Some(button), Some(held)) if button == held => MouseEventKind::Drag(button),
                (Some(button), _) => {
                    self.held_button = Some(button);
                    MouseEventKind::Down(button)
                }
                (None, Some(held)) => {
                    self.held_button = None;
                    MouseEventKind::Up(held)
                }
                (None, None) => MouseEventKind::Moved,
            }
        };
        Input::Mouse(MouseEvent {
            kind,
            column: event.x.saturating_sub(1),
            row: event.y.saturating_sub(1),
            modifiers: key_modifiers(&event.modifiers),
        })
    }
}

/// The parameters and final byte of the last CSI sequence `vtparse` read.
struct Csi {
    parameters: Vec<CsiParam>,
    last: u8,
}

/// What `vtparse` reports of one byte: only a CSI sequence's end matters.
#[derive(Default)]
struct LastCsi(Option<Csi>);

impl VTActor for LastCsi {
    fn csi_dispatch(&mut self, params: &[CsiParam], _truncated: bool, byte: u8) {
        self.0 = Some(Csi {
            parameters: params.to_vec(),
            last: byte,
        });
    }
    fn print(&mut self, _: char) {}
    fn execute_c0_or_c1(&mut self, _: u8) {}
    fn dcs_hook(&mut self, _: u8, _: &[i64], _: &[u8], _: bool) {}
    fn dcs_put(&mut self, _: u8) {}
    fn dcs_unhook(&mut self) {}
    fn esc_dispatch(&mut self, _: &[i64], _: &[u8], _: bool, _: u8) {}
    fn osc_dispatch(&mut self, _: &[&[u8]]) {}
    fn apc_dispatch(&mut self, _: Vec<u8>) {}
}

/// `CSI number ; modifiers ~`, as xterm sends Shift-Delete or
/// Ctrl-PageUp: termwiz knows these keys only in rxvt's form.
fn modified_editing_key(csi: &Csi) -> Option<Input> {
    let [
        CsiParam::Integer(number),
        CsiParam::P(b';'),
        CsiParam::Integer(held),
    ] = csi.parameters.as_slice()
    else {
        return None;
    };
    let code = match (number, csi.last) {
        (1 | 7, b'~') => KeyCode::Home,
        (2, b'~') => KeyCode::Insert,
        (3, b'~') => KeyCode::Delete,
        (4 | 8, b'~') => KeyCode::End,
        (5, b'~') => KeyCode::PageUp,
        (6, b'~') => KeyCode::PageDown,
        _ => return None,
    };
    // One more than a bit set of Shift (1), Alt (2) and Ctrl (4).
    let bits = held.saturating_sub(1);
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
    Some(key(code, modifiers))
}

fn key_modifiers(held: &Modifiers) -> KeyModifiers {
    let mut modifiers = KeyModifiers::NONE;
    for (termwiz, crossterm) in [
        (Modifiers::SHIFT, KeyModifiers::SHIFT),
        (Modifiers::ALT, KeyModifiers::ALT),
        (Modifiers::CTRL, KeyModifiers::CONTROL),
    ] {
        if held.contains(termwiz) {
            modifiers |= crossterm;
        }
    }
    modifiers
}

/// A termwiz key as crossterm reports it (the keymap is written that way):
/// an uppercase letter comes with Shift, Shift-Tab is BackTab, and the
/// control bytes termwiz leaves as characters are Ctrl and a key.
fn key_input(event: TermKeyEvent) -> Option<Input> {
    let mut modifiers = key_modifiers(&event.modifiers);
    let code = match event.key {
        TermKey::Char('\0') => {
            modifiers |= KeyModifiers::CONTROL;
            KeyCode::Char(' ')
        }
        TermKey::Char(control @ '\x1c'..='\x1f') => {
            modifiers |= KeyModifiers::CONTROL;
            KeyCode::Char(char::from(control as u8 - 0x1c + b'4'))
        }
        TermKey::Char(c) => {
            if c.is_uppercase() {
                modifiers |= KeyModifiers::SHIFT;
            }
            KeyCode::Char(c)
        }
        TermKey::Tab if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        TermKey::Tab => KeyCode::Tab,
        TermKey::Enter => KeyCode::Enter,
        TermKey::Backspace => KeyCode::Backspace,
        TermKey::Escape => KeyCode::Esc,
        TermKey::UpArrow | TermKey::ApplicationUpArrow => KeyCode::Up,
        TermKey::DownArrow | TermKey::ApplicationDownArrow => KeyCode::Down,
        TermKey::LeftArrow | TermKey::ApplicationLeftArrow => KeyCode::Left,
        TermKey::RightArrow | TermKey::ApplicationRightArrow => KeyCode::Right,
        TermKey::Home => KeyCode::Home,
        TermKey::End => KeyCode::End,
        TermKey::PageUp => KeyCode::PageUp,
        TermKey::PageDown => KeyCode::PageDown,
        TermKey::Insert => KeyCode::Insert,
        TermKey::Delete => KeyCode::Delete,
        TermKey::Function(number) => KeyCode::F(number),
        // Keys no terminal sends the console (media keys, lone modifiers).
        _ => return None,
    };
    Some(key(code, modifiers))
}

fn paste_input(text: &[u8]) -> Input {
    Input::Paste(String::from_utf8_lossy(text).into_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Input {
    Input::Key(KeyEvent::new(code, modifiers))
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
    fn what_one_console_left_unfinished_never_reaches_another() {
        let (mut first, mut second) = (Decoder::default(), Decoder::default());
        let left_unfinished: [&[u8]; 6] = [
            b"\x1b[1;",
            b"\x1bO",
            b"\xff\xfe",
            "ż".as_bytes().split_at(1).0,
            b"\x1b[200~half a paste",
            b"\x1b[<0;5;",
        ];
        for bytes in left_unfinished {
            first.feed(bytes);
            assert_eq!(
                keys(&second.feed(b"x")),
                [(KeyCode::Char('x'), NONE)],
                "after {bytes:?} in another console"
            );
        }
    }

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

    #[test]
    fn ss3_keys_alt_keys_function_keys_and_shift_tab() {
        let mut decoder = Decoder::default();
        let inputs = decoder.feed(
            b"\x1bOA\x1bOD\x1ba\x1bA\x1b\r\x1b[15~\x1b[21~\x1b[23~\x1bOS\x1b[1;2P\x1b[Z\x1b[5;5~\x1b[H\x1b[4~\x1b[2~\x00",
        );
        assert_eq!(
            keys(&inputs),
            [
                (KeyCode::Up, NONE),
                (KeyCode::Left, NONE),
                (KeyCode::Char('a'), KeyModifiers::ALT),
                (KeyCode::Char('A'), KeyModifiers::ALT | KeyModifiers::SHIFT),
                (KeyCode::Enter, KeyModifiers::ALT),
                (KeyCode::F(5), NONE),
                (KeyCode::F(10), NONE),
                (KeyCode::F(11), NONE),
                (KeyCode::F(4), NONE),
                (KeyCode::F(1), KeyModifiers::SHIFT),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
                (KeyCode::PageUp, KeyModifiers::CONTROL),
                (KeyCode::Home, NONE),
                (KeyCode::End, NONE),
                (KeyCode::Insert, NONE),
                (KeyCode::Char(' '), KeyModifiers::CONTROL),
            ]
        );
        assert!(!decoder.waiting());
    }

    /// An SS3 key split after its `ESC O` waits for its last byte.
    #[test]
    fn an_ss3_key_split_between_reads_waits_for_its_rest() {
        let mut decoder = Decoder::default();
        assert!(decoder.feed(b"\x1bO").is_empty());
        assert!(decoder.waiting());
        assert_eq!(keys(&decoder.feed(b"B")), [(KeyCode::Down, NONE)]);
    }

    /// An Esc at the end of a read is the key even after other keys, and
    /// a lone Esc read by itself twice is Esc twice.
    #[test]
    fn an_esc_ending_a_read_is_the_key() {
        let mut decoder = Decoder::default();
        assert_eq!(
            keys(&decoder.feed(b"j\x1b[B\x1b")),
            [
                (KeyCode::Char('j'), NONE),
                (KeyCode::Down, NONE),
                (KeyCode::Esc, NONE)
            ]
        );
        assert!(!decoder.waiting());
        assert_eq!(keys(&decoder.feed(b"\x1b")), [(KeyCode::Esc, NONE)]);
        assert_eq!(keys(&decoder.feed(b"q")), [(KeyCode::Char('q'), NONE)]);
    }

    fn mouse(inputs: &[Input]) -> Vec<(MouseEventKind, u16, u16, KeyModifiers)> {
        inputs
            .iter()
            .map(|input| match input {
                Input::Mouse(event) => (event.kind, event.column, event.row, event.modifiers),
                other => panic!("not a mouse report: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn sgr_mouse_presses_drags_releases_moves_and_wheels() {
        let mut decoder = Decoder::default();
        let inputs = decoder.feed(
            b"\x1b[<0;10;5M\x1b[<32;11;5M\x1b[<0;11;5m\x1b[<35;12;6M\x1b[<2;1;1M\x1b[<2;1;1m\x1b[<1;3;4M\x1b[<1;3;4m\x1b[<64;7;8M\x1b[<16;2;2M\x1b[<16;2;2m",
        );
        let left = MouseButton::Left;
        assert_eq!(
            mouse(&inputs),
            [
                (MouseEventKind::Down(left), 9, 4, NONE),
                (MouseEventKind::Drag(left), 10, 4, NONE),
                (MouseEventKind::Up(left), 10, 4, NONE),
                (MouseEventKind::Moved, 11, 5, NONE),
                (MouseEventKind::Down(MouseButton::Right), 0, 0, NONE),
                (MouseEventKind::Up(MouseButton::Right), 0, 0, NONE),
                (MouseEventKind::Down(MouseButton::Middle), 2, 3, NONE),
                (MouseEventKind::Up(MouseButton::Middle), 2, 3, NONE),
                (MouseEventKind::ScrollUp, 6, 7, NONE),
                (MouseEventKind::Down(left), 1, 1, KeyModifiers::CONTROL),
                (MouseEventKind::Up(left), 1, 1, KeyModifiers::CONTROL),
            ]
        );
    }

    /// A mouse report split between reads is one report, not keys.
    #[test]
    fn a_mouse_report_split_between_reads_waits_for_its_rest() {
        let mut decoder = Decoder::default();
        assert!(decoder.feed(b"\x1b[<0;5").is_empty());
        let inputs = decoder.feed(b";3M");
        assert_eq!(
            mouse(&inputs),
            [(MouseEventKind::Down(MouseButton::Left), 4, 2, NONE)]
        );
    }

    /// Bytes that are not UTF-8 were dropped before; termwiz alone would
    /// wait on them and hold every later key. In a paste they are replaced.
    #[test]
    fn bytes_that_are_not_utf8_hold_no_keys() {
        let mut decoder = Decoder::default();
        assert_eq!(
            keys(&decoder.feed(b"\xff\xfea\x80b")),
            [(KeyCode::Char('a'), NONE), (KeyCode::Char('b'), NONE)]
        );
        assert!(!decoder.waiting());
        assert_eq!(
            decoder.feed(b"\x1b[200~x\xffy\r\nz\x1b[201~"),
            [Input::Paste("x\u{fffd}y\r\nz".to_owned())]
        );
    }

    /// The paste's start marker may come after Esc in the same sequence, or
    /// split between reads; its end marker is split too.
    #[test]
    fn paste_markers_split_or_after_esc_still_frame_the_paste() {
        let mut decoder = Decoder::default();
        assert!(decoder.feed(b"\x1b[20").is_empty());
        assert!(decoder.feed(b"0~one\rtwo\x1b").is_empty());
        assert_eq!(
            decoder.feed(b"[201~"),
            [Input::Paste("one\rtwo".to_owned())]
        );
        let inputs = decoder.feed(b"\x1b\x1b[200~text\x1b[201~");
        assert_eq!(keys(&inputs[..1]), [(KeyCode::Esc, NONE)]);
        assert_eq!(inputs[1..], [Input::Paste("text".to_owned())]);
        assert!(!decoder.waiting());
    }
}
