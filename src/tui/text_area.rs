//! A small text editor: one line for prompts, many for pasted address lists
//! and template bodies. Positions count characters, not bytes.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextArea {
    lines: Vec<String>,
    row: usize,
    col: usize,
    multiline: bool,
}

impl TextArea {
    pub fn single(text: &str) -> TextArea {
        let mut area = TextArea {
            lines: vec![String::new()],
            row: 0,
            col: 0,
            multiline: false,
        };
        area.insert_str(text);
        area
    }

    pub fn multi(text: &str) -> TextArea {
        let mut area = TextArea {
            lines: vec![String::new()],
            row: 0,
            col: 0,
            multiline: true,
        };
        area.insert_str(text);
        area.row = 0;
        area.col = 0;
        area
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// (row, column in characters) of the cursor.
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    fn byte_at(line: &str, col: usize) -> usize {
        line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    fn line_len(&self) -> usize {
        self.lines[self.row].chars().count()
    }

    pub fn insert_char(&mut self, c: char) {
        if c == '\n' {
            if self.multiline {
                self.newline();
            }
            return;
        }
        let at = Self::byte_at(&self.lines[self.row], self.col);
        self.lines[self.row].insert(at, c);
        self.col += 1;
    }

    /// Inserts pasted text; a single-line field turns line breaks into spaces.
    pub fn insert_str(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in text.chars() {
            if c == '\n' && !self.multiline {
                self.insert_char(' ');
            } else {
                self.insert_char(c);
            }
        }
    }

    fn newline(&mut self) {
        let at = Self::byte_at(&self.lines[self.row], self.col);
        let rest = self.lines[self.row].split_off(at);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    fn backspace(&mut self) {
        if self.col > 0 {
            let at = Self::byte_at(&self.lines[self.row], self.col - 1);
            self.lines[self.row].remove(at);
            self.col -= 1;
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.line_len();
            self.lines[self.row].push_str(&line);
        }
    }

    fn delete(&mut self) {
        if self.col < self.line_len() {
            let at = Self::byte_at(&self.lines[self.row], self.col);
            self.lines[self.row].remove(at);
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
        }
    }

    /// Applies an editing key; returns false for keys it does not edit with.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char(c) if !ctrl => self.insert_char(c),
            KeyCode::Char('u') if ctrl => {
                self.lines[self.row].clear();
                self.col = 0;
            }
            KeyCode::Enter if self.multiline => self.newline(),
            KeyCode::Tab if self.multiline => self.insert_char('\t'),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left if self.col > 0 => self.col -= 1,
            KeyCode::Left if self.row > 0 => {
                self.row -= 1;
                self.col = self.line_len();
            }
            KeyCode::Right if self.col < self.line_len() => self.col += 1,
            KeyCode::Right if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = 0;
            }
            KeyCode::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(self.line_len());
            }
            KeyCode::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(self.line_len());
            }
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = self.line_len(),
            KeyCode::Left | KeyCode::Right | KeyCode::Up | KeyCode::Down => {}
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(area: &mut TextArea, code: KeyCode) {
        area.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn typing_editing_and_pasting_work_on_characters() {
        let mut area = TextArea::multi("");
        area.insert_str("zażółć\r\ngęślą");
        assert_eq!(area.text(), "zażółć\ngęślą");
        press(&mut area, KeyCode::Backspace);
        press(&mut area, KeyCode::Up);
        press(&mut area, KeyCode::End);
        press(&mut area, KeyCode::Char('!'));
        assert_eq!(area.text(), "zażółć!\ngęśl");
        press(&mut area, KeyCode::Delete);
        assert_eq!(area.text(), "zażółć!gęśl");
    }

    #[test]
    fn a_single_line_field_keeps_one_line() {
        let mut area = TextArea::single("a@x.example\nb@x.example");
        press(&mut area, KeyCode::Enter);
        assert_eq!(area.lines().len(), 1);
        assert_eq!(area.text(), "a@x.example b@x.example");
    }
}
