//! A text field: one line for prompts and the filter, many for address
//! lists and template bodies. Editing (undo, word motions, one-step pastes)
//! is `ratatui-textarea`'s; this type adds what the console needs around it:
//! a limit checked before anything is inserted, line breaks folded into a
//! single-line field, and a drawing of the text that passes every character
//! through [`crate::sanitize`] ([`layout`]).

pub mod layout;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use super::i18n::{Catalogue, T};
use super::keymap::{Context, Key, KeyAction, Keymap};

/// How much a field holds. Input that would go past it is refused whole,
/// before it is inserted, so a field never holds more than it may send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// At most this many characters (a line break counts as one).
    Chars(usize),
    /// At most this many bytes of UTF-8 (a template body).
    Bytes(usize),
    /// A list of addresses: each at most `each` bytes, all of them at most `total`.
    Addresses { each: usize, total: usize },
}

/// Input a field refused because of its [`Limit`]; nothing was inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong(pub Limit);

impl TooLong {
    /// The sentence that says why, in the console's language.
    pub fn sentence(self, cat: &Catalogue) -> String {
        match self.0 {
            Limit::Chars(most) => cat.counted(T::TooLongChars, ("most", count(most)), &[]),
            Limit::Bytes(most) => cat.fill(T::TooLongBytes, &[("kib", &(most / 1024))]),
            Limit::Addresses { each, total } => cat.fill(
                T::TooLongAddresses,
                &[("each", &each), ("kib", &(total / 1024))],
            ),
        }
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// What a key did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved (or the key changed nothing it could).
    Moved,
    /// The key would have gone past the limit: nothing changed.
    Refused(TooLong),
    /// Not a key for a text field: the caller may use it.
    Ignored,
}

/// A text field and its limit.
#[derive(Debug, Clone)]
pub struct TextField {
    /// Boxed: the editor's state is large, and dialogs hold several fields.
    area: Box<TextArea<'static>>,
    multiline: bool,
    /// Long lines wrap instead of scrolling sideways (template bodies).
    wraps: bool,
    limit: Limit,
}

impl TextField {
    /// A one-line field starting with `text` (cut to the limit), cursor at its end.
    pub fn single(text: &str, limit: Limit) -> TextField {
        let mut field = TextField::empty(false, limit);
        field.insert_within_limit(text);
        field.forget_edits();
        field
    }

    /// A many-line field holding `text`, cursor at its start. Long lines
    /// scroll sideways; see [`TextField::wrapping`].
    pub fn multi(text: &str, limit: Limit) -> TextField {
        let mut field = TextField::empty(true, limit);
        field.insert_within_limit(text);
        field.area.move_cursor(CursorMove::Top);
        field.area.move_cursor(CursorMove::Head);
        field.forget_edits();
        field
    }

    /// Opening a text is not an edit to take back.
    fn forget_edits(&mut self) {
        self.area.set_max_histories(UNDO_STEPS);
    }

    /// The same field, drawn with its long lines wrapped at the field's width.
    pub fn wrapping(mut self) -> TextField {
        self.wraps = true;
        self
    }

    fn empty(multiline: bool, limit: Limit) -> TextField {
        let mut area = TextArea::default();
        area.set_max_histories(UNDO_STEPS);
        area.set_hard_tab_indent(true);
        TextField {
            area: Box::new(area),
            multiline,
            wraps: false,
            limit,
        }
    }

    /// What opening a field with too much text keeps: the longest start
    /// that fits (opening never refuses; only typing and pasting do).
    fn insert_within_limit(&mut self, text: &str) {
        let text = self.fold(text);
        let ends: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        // The most characters that fit, found by halving.
        let (mut fits, mut too_many) = (0, ends.len());
        while fits + 1 < too_many {
            let middle = (fits + too_many) / 2;
            if self.check(&text[..ends[middle]]).is_ok() {
                fits = middle;
            } else {
                too_many = middle;
            }
        }
        self.area.insert_str(&text[..ends[fits]]);
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn lines(&self) -> &[String] {
        self.area.lines()
    }

    /// (line, character in the line) of the cursor.
    pub fn cursor(&self) -> (usize, usize) {
        let cursor = self.area.cursor();
        (cursor.0, cursor.1)
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn wraps(&self) -> bool {
        self.wraps
    }

    pub fn limit(&self) -> Limit {
        self.limit
    }

    /// Line breaks as the field keeps them: `\n` in a many-line field,
    /// spaces in a one-line field.
    fn fold(&self, text: &str) -> String {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if self.multiline {
            text
        } else {
            text.replace('\n', " ")
        }
    }

    /// Inserts pasted text at the cursor as one edit (one undo takes it
    /// back), or refuses all of it when it would go past the limit.
    pub fn insert_str(&mut self, text: &str) -> Result<(), TooLong> {
        let text = self.fold(text);
        self.check(&text)?;
        self.area.insert_str(&text);
        Ok(())
    }

    /// Empties the field (its undo history too).
    pub fn clear(&mut self) {
        *self = TextField {
            area: TextField::empty(self.multiline, self.limit).area,
            ..*self
        };
    }

    /// Whether inserting `text` (already folded) at the cursor keeps the field within its limit.
    fn check(&self, text: &str) -> Result<(), TooLong> {
        let refused = Err(TooLong(self.limit));
        let lines = self.area.lines();
        let breaks = lines.len().saturating_sub(1);
        match self.limit {
            Limit::Chars(most) => {
                let held: usize = lines.iter().map(|l| l.chars().count()).sum::<usize>() + breaks;
                if held + text.chars().count() > most {
                    return refused;
                }
            }
            Limit::Bytes(most) => {
                let held: usize = lines.iter().map(String::len).sum::<usize>() + breaks;
                if held + text.len() > most {
                    return refused;
                }
            }
            Limit::Addresses { each, total } => {
                let held: usize = lines.iter().map(String::len).sum::<usize>() + breaks;
                if held + text.len() > total {
                    return refused;
                }
                // The line the text goes into, as it would read afterwards.
                let (row, col) = self.cursor();
                let line = &lines[row];
                let at = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
                let merged = [&line[..at], text, &line[at..]].concat();
                let is_separator = |c: char| c.is_whitespace() || c == ',' || c == ';';
                if merged
                    .split(is_separator)
                    .any(|address| address.len() > each)
                {
                    return refused;
                }
            }
        }
        Ok(())
    }

    /// Applies an editing key: the text field keys of the keymap (undo,
    /// word motions...) first, then typing, deleting and moving.
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> Edit {
        if let Some(action) = keymap.resolve(Context::Text, Key::from_event(key)) {
            return self.apply(action);
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char(c) if !ctrl => self.type_text(&c.to_string()),
            KeyCode::Enter if self.multiline => self.type_text("\n"),
            KeyCode::Tab if self.multiline => self.type_text("\t"),
            KeyCode::Backspace => self.changed(|area| area.delete_char()),
            KeyCode::Delete => self.changed(|area| area.delete_next_char()),
            KeyCode::Left => self.moved(CursorMove::Back),
            KeyCode::Right => self.moved(CursorMove::Forward),
            KeyCode::Up => self.moved(CursorMove::Up),
            KeyCode::Down => self.moved(CursorMove::Down),
            KeyCode::Home => self.moved(CursorMove::Head),
            KeyCode::End => self.moved(CursorMove::End),
            _ => Edit::Ignored,
        }
    }

    fn apply(&mut self, action: KeyAction) -> Edit {
        match action {
            KeyAction::Undo => self.changed(TextArea::undo),
            KeyAction::Redo => self.changed(TextArea::redo),
            KeyAction::WordLeft => self.moved(CursorMove::WordBack),
            KeyAction::WordRight => self.moved(CursorMove::WordForward),
            KeyAction::DeleteWord => self.changed(TextArea::delete_word),
            KeyAction::ClearToStart => self.changed(TextArea::delete_line_by_head),
            KeyAction::ClearToEnd => self.changed(TextArea::delete_line_by_end),
            _ => Edit::Ignored,
        }
    }

    fn type_text(&mut self, text: &str) -> Edit {
        match self.insert_str(text) {
            Ok(()) => Edit::Changed,
            Err(too_long) => Edit::Refused(too_long),
        }
    }

    fn changed(&mut self, edit: impl FnOnce(&mut TextArea<'static>) -> bool) -> Edit {
        if edit(&mut self.area) {
            Edit::Changed
        } else {
            Edit::Moved
        }
    }

    fn moved(&mut self, to: CursorMove) -> Edit {
        self.area.move_cursor(to);
        Edit::Moved
    }
}

/// Edits kept for undo: enough for a template body's session.
const UNDO_STEPS: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    fn keymap() -> Keymap {
        Keymap::load(&[]).0
    }

    fn press(field: &mut TextField, code: KeyCode) -> Edit {
        field.handle_key(&KeyEvent::new(code, KeyModifiers::NONE), &keymap())
    }

    fn ctrl(field: &mut TextField, code: KeyCode) -> Edit {
        field.handle_key(&KeyEvent::new(code, KeyModifiers::CONTROL), &keymap())
    }

    const ROOMY: Limit = Limit::Bytes(64 * 1024);

    #[test]
    fn typing_editing_and_pasting_work_on_characters() {
        let mut field = TextField::multi("", ROOMY);
        field.insert_str("zażółć\r\ngęślą").unwrap();
        assert_eq!(field.text(), "zażółć\ngęślą");
        press(&mut field, KeyCode::Backspace);
        press(&mut field, KeyCode::Up);
        press(&mut field, KeyCode::End);
        press(&mut field, KeyCode::Char('!'));
        assert_eq!(field.text(), "zażółć!\ngęśl");
        press(&mut field, KeyCode::Delete);
        assert_eq!(field.text(), "zażółć!gęśl");
    }

    #[test]
    fn a_single_line_field_keeps_one_line() {
        let mut field = TextField::single("a@x.example\nb@x.example", Limit::Chars(80));
        press(&mut field, KeyCode::Enter);
        assert_eq!(field.lines().len(), 1);
        assert_eq!(field.text(), "a@x.example b@x.example");
    }

    #[test]
    fn a_paste_is_one_edit_that_one_undo_takes_back() {
        let mut field = TextField::multi("kept", ROOMY);
        press(&mut field, KeyCode::End);
        let pasted = "line of a long paste\n".repeat(3_000);
        field.insert_str(&pasted).unwrap();
        assert_eq!(field.lines().len(), 3_001);
        assert_eq!(ctrl(&mut field, KeyCode::Char('z')), Edit::Changed);
        assert_eq!(field.text(), "kept");
        ctrl(&mut field, KeyCode::Char('y'));
        assert_eq!(field.text(), format!("kept{pasted}"));
    }

    #[test]
    fn words_are_moved_over_and_deleted() {
        let mut field = TextField::single("dear doctor smith", Limit::Chars(80));
        ctrl(&mut field, KeyCode::Left);
        assert_eq!(field.cursor(), (0, 12));
        ctrl(&mut field, KeyCode::Char('w'));
        assert_eq!(field.text(), "dear smith");
        ctrl(&mut field, KeyCode::Char('u'));
        assert_eq!(field.text(), "smith");
    }

    #[test]
    fn input_past_the_limit_is_refused_whole() {
        let mut name = TextField::single(&"a".repeat(79), Limit::Chars(80));
        assert_eq!(press(&mut name, KeyCode::Char('b')), Edit::Changed);
        assert_eq!(
            press(&mut name, KeyCode::Char('c')),
            Edit::Refused(TooLong(Limit::Chars(80)))
        );
        assert_eq!(name.text().chars().count(), 80);

        let mut body = TextField::multi("", Limit::Bytes(10));
        assert!(body.insert_str("ż".repeat(6).as_str()).is_err(), "12 bytes");
        assert_eq!(body.text(), "", "nothing of it was inserted");

        let each = Limit::Addresses {
            each: 12,
            total: 64,
        };
        let mut list = TextField::multi("", each);
        list.insert_str("a@x.example\nb@x.example").unwrap();
        assert!(list.insert_str("much.too.long@x.example").is_err());
        assert_eq!(press(&mut list, KeyCode::Char('z')), Edit::Changed);
        assert!(matches!(
            press(&mut list, KeyCode::Char('z')),
            Edit::Refused(_)
        ));
    }

    #[test]
    fn opening_a_field_with_too_much_keeps_what_fits() {
        let field = TextField::single(&"é".repeat(100), Limit::Chars(80));
        assert_eq!(field.text().chars().count(), 80);
    }

    /// Pastes of 65k, 130k and 260k characters once froze the console for
    /// seconds (each character went in on its own): now one is checked
    /// against the limit once and, when too long, refused before anything
    /// is inserted; when it fits it goes in whole and the window shows its end.
    #[test]
    fn a_260k_paste_is_refused_at_once_past_the_limit_and_taken_whole_within_it() {
        let pasted = "word ".repeat(52_000);
        assert_eq!(pasted.len(), 260_000);
        let mut prompt = TextField::single("kept", Limit::Chars(1024));
        assert_eq!(prompt.insert_str(&pasted), Err(TooLong(Limit::Chars(1024))));
        assert_eq!(prompt.text(), "kept", "nothing of it was inserted");

        let mut roomy = TextField::single("", Limit::Chars(260_000));
        roomy.insert_str(&pasted).unwrap();
        assert_eq!(roomy.text(), pasted);
        assert_eq!(roomy.cursor(), (0, 260_000));
        assert!(roomy.insert_str("!").is_err(), "the field is full");
        let shown = layout::show(&roomy, 12, 1);
        assert_eq!(shown.lines, [" word word "]);
        assert_eq!(shown.cursor, (11, 0));
    }
}
