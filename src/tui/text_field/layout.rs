//! A text field as drawn: the lines of its window, every character passed
//! through the sanitiser, and where the cursor stands. A pure function of
//! the field and the window's size: the window follows the cursor (sideways
//! along one long line, down a long text), so drawing keeps no state.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::TextField;
use crate::sanitize::{TAB_WIDTH, safe_char};

/// What a field's window shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// One string per row of the window, each at most as wide as it.
    pub lines: Vec<String>,
    /// Column and row of the cursor inside the window.
    pub cursor: (u16, u16),
}

/// One character as drawn: what it shows and how many columns it takes (a
/// tab its spaces, a combining mark none).
#[derive(Debug, Clone, Copy)]
struct Cell {
    shown: char,
    columns: usize,
}

fn cells(line: &str) -> Vec<Cell> {
    let mut column = 0;
    line.chars()
        .map(|c| {
            let cell = if c == '\t' {
                Cell {
                    shown: ' ',
                    columns: TAB_WIDTH - column % TAB_WIDTH,
                }
            } else {
                let shown = safe_char(c);
                Cell {
                    shown,
                    columns: shown.width().unwrap_or(0),
                }
            };
            column += cell.columns;
            cell
        })
        .collect()
}

fn push_cell(out: &mut String, cell: Cell) {
    if cell.shown == ' ' {
        out.extend(std::iter::repeat_n(' ', cell.columns));
    } else {
        out.push(cell.shown);
    }
}

/// The columns `from..from + width` of a line; a wide character cut by
/// either edge shows as spaces.
fn columns_of(cells: &[Cell], from: usize, width: usize) -> String {
    let end = from + width;
    let mut out = String::new();
    let mut x = 0;
    for &cell in cells {
        if x >= end {
            break;
        }
        let right = x + cell.columns;
        if cell.columns == 0 {
            if x > from {
                out.push(cell.shown);
            }
        } else if x >= from && right <= end {
            push_cell(&mut out, cell);
        } else if right > from {
            let visible = right.min(end) - x.max(from);
            out.extend(std::iter::repeat_n(' ', visible));
        }
        x = right;
    }
    out
}

fn columns_before(cells: &[Cell], index: usize) -> usize {
    cells[..index.min(cells.len())]
        .iter()
        .map(|cell| cell.columns)
        .sum()
}

/// The rows a line wraps into at `width` columns, as ranges of its
/// cells: broken after a space where the row has one, else where it is full.
fn wrap_rows(cells: &[Cell], width: usize) -> Vec<Range<usize>> {
    let mut rows = Vec::new();
    let (mut start, mut used) = (0, 0);
    // Where the row could break last: after a space, and the columns up to there.
    let mut last_break: Option<(usize, usize)> = None;
    for (index, cell) in cells.iter().enumerate() {
        while used + cell.columns > width && used > 0 {
            match last_break.take().filter(|&(at, _)| at > start) {
                Some((at, columns)) => {
                    rows.push(start..at);
                    start = at;
                    used -= columns;
                }
                None => {
                    rows.push(start..index);
                    start = index;
                    used = 0;
                }
            }
        }
        used += cell.columns;
        if cell.shown == ' ' {
            last_break = Some((index + 1, used));
        }
    }
    rows.push(start..cells.len());
    rows
}

/// The window of `field` that is `width` × `height` cells.
pub fn show(field: &TextField, width: u16, height: u16) -> Shown {
    let (width, height) = (usize::from(width), usize::from(height));
    if width == 0 || height == 0 {
        return Shown {
            lines: Vec::new(),
            cursor: (0, 0),
        };
    }
    if field.wraps() {
        wrapped(field, width, height)
    } else {
        scrolled(field, width, height)
    }
}

/// Long lines scroll sideways, all of them together, so that the cursor's
/// column stays in view; the last lines scroll up to keep its line shown.
fn scrolled(field: &TextField, width: usize, height: usize) -> Shown {
    let (row, col) = field.cursor();
    let lines = field.lines();
    let first = (row + 1).saturating_sub(height);
    let cursor_x = columns_before(&cells(&lines[row]), col);
    let from = (cursor_x + 1).saturating_sub(width);
    Shown {
        lines: lines[first..]
            .iter()
            .take(height)
            .map(|line| columns_of(&cells(line), from, width))
            .collect(),
        cursor: (to_u16(cursor_x - from), to_u16(row - first)),
    }
}

/// Long lines wrap at the window's width; the window scrolls down to keep
/// the cursor's row shown.
fn wrapped(field: &TextField, width: usize, height: usize) -> Shown {
    let (row, col) = field.cursor();
    let mut screen: Vec<String> = Vec::new();
    let mut cursor = (0, 0);
    for (index, line) in field.lines().iter().enumerate() {
        let cells = cells(line);
        let rows = wrap_rows(&cells, width);
        if index == row {
            let at = rows
                .iter()
                .position(|range| range.contains(&col))
                .unwrap_or(rows.len() - 1);
            let x = columns_before(&cells[rows[at].clone()], col - rows[at].start);
            cursor = (x.min(width - 1), screen.len() + at);
        }
        for range in rows {
            let mut text = String::new();
            for &cell in &cells[range] {
                push_cell(&mut text, cell);
            }
            screen.push(text);
        }
        // Nothing past the window below the cursor is needed.
        if index > row && screen.len() > cursor.1 + height {
            break;
        }
    }
    let first = (cursor.1 + 1).saturating_sub(height);
    Shown {
        lines: screen.into_iter().skip(first).take(height).collect(),
        cursor: (to_u16(cursor.0), to_u16(cursor.1 - first)),
    }
}

fn to_u16(value: usize) -> u16 {
    u16::try_from(value).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::text_field::Limit;

    const ROOMY: Limit = Limit::Bytes(64 * 1024);

    #[test]
    fn a_long_line_scrolls_sideways_to_keep_the_cursor_shown() {
        let field = TextField::single("abcdefghij", ROOMY);
        let shown = show(&field, 4, 1);
        assert_eq!(shown.lines, ["hij"]);
        assert_eq!(shown.cursor, (3, 0));
        let short = TextField::single("ab", ROOMY);
        assert_eq!(show(&short, 4, 1).lines, ["ab"]);
    }

    #[test]
    fn what_is_drawn_is_sanitised_and_wide_characters_are_never_split() {
        let field = TextField::single("a\u{1b}[31m\u{202E}\t山田", ROOMY);
        let shown = show(&field, 40, 1);
        assert_eq!(
            shown.lines,
            ["a␛[31m\u{FFFD} 山田"],
            "the tab reaches column 8"
        );
        let cut = columns_of(&cells("山田x"), 1, 3);
        assert_eq!(cut, " 田", "the half of 山 left of the window is a space");
        assert_eq!(columns_of(&cells("山田x"), 1, 2), "  ", "and so is 田's");
    }

    #[test]
    fn a_wrapping_field_breaks_at_spaces_and_follows_the_cursor_down() {
        let mut field = TextField::multi("", ROOMY).wrapping();
        field.insert_str("one two three four\nfive").unwrap();
        let shown = show(&field, 9, 10);
        assert_eq!(shown.lines, ["one two ", "three ", "four", "five"]);
        assert_eq!(shown.cursor, (4, 3));
        let window = show(&field, 9, 2);
        assert_eq!(window.lines, ["four", "five"]);
        assert_eq!(window.cursor, (4, 1));
    }

    #[test]
    fn a_word_longer_than_the_row_is_cut_where_the_row_is_full() {
        assert_eq!(wrap_rows(&cells("abcdefg"), 3), [0..3, 3..6, 6..7]);
        assert_eq!(wrap_rows(&cells(""), 3), vec![0..0]);
    }
}
