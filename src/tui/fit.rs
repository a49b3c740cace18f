//! The last step of every frame: cells moved to where a terminal will draw
//! them.
//!
//! ratatui lays text out by `unicode-width` and its renderer writes runs of
//! cells without moving the cursor in between, so wherever a terminal gives
//! a character more columns than ratatui did (a Tamil vowel sign, "㉈"),
//! everything after it on the row lands further right than planned: borders
//! shift, and a later write over the planned cell erases a vowel sign. Where
//! it gives fewer (an emoji with a presentation selector), columns ratatui
//! believes covered are never rewritten and keep old characters.
//!
//! So each row is rebuilt by [`crate::text_width`]: a character the terminal
//! draws wider is followed by empty cells (printed as nothing, they keep the
//! following cells in step) and the rest of the row moves right into the
//! next run of blanks (or of a border's line), keeping one of each run so
//! words stay apart; a
//! character drawn narrower loses its selector, or is replaced.

use ratatui::buffer::{Buffer, Cell};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::text_width;

/// Rewrites `buffer` so that every cell is where a terminal draws it.
pub fn fit_to_terminal(buffer: &mut Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let row = area.left()..area.right();
        // Most rows are ASCII, borders and symbols one column wide both
        // ways: they are looked at, never copied.
        if row.clone().all(|x| drawn_as_laid(buffer[(x, y)].symbol())) {
            continue;
        }
        let cells: Vec<Cell> = row.clone().map(|x| buffer[(x, y)].clone()).collect();
        for (x, cell) in row.zip(fit_row(cells)) {
            buffer[(x, y)] = cell;
        }
    }
}

/// Whether a cell takes one column both as ratatui lays it out and as a
/// terminal draws it: a row of such cells is drawn where it was laid out.
fn drawn_as_laid(symbol: &str) -> bool {
    if symbol.is_ascii() {
        return true;
    }
    let mut chars = symbol.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some(c), None) if c.width() == Some(1) && text_width::char_columns(c) == 1
    )
}

/// One row: the same cells, shifted where a character is drawn wider than
/// laid out, and as long as before.
fn fit_row(cells: Vec<Cell>) -> Vec<Cell> {
    let width = cells.len();
    let mut fitted = Vec::with_capacity(width);
    // Columns the terminal is ahead of the layout, still to be absorbed.
    let mut ahead = 0;
    let mut input = cells.into_iter().peekable();
    while let Some(mut cell) = input.next() {
        if ahead > 0 && is_filler(&cell) && input.peek().is_some_and(|next| next == &cell) {
            ahead -= 1;
            continue;
        }
        let mut laid = cell.symbol().width();
        let mut drawn = text_width::columns(cell.symbol());
        // ratatui's placeholders behind this cell, before narrowing it.
        let placeholders = laid.saturating_sub(1);
        if drawn < laid {
            narrow(&mut cell, laid);
            laid = cell.symbol().width();
            drawn = text_width::columns(cell.symbol());
        }
        // The cells behind a wide character (ratatui's placeholders, and
        // the columns the terminal takes beyond them) are emptied: never
        // printed while the character stands, and different from a blank,
        // so they are written again once it is gone. A terminal that keeps
        // "คำ" or a flag in two cells clears only the first when a narrow
        // character replaces it.
        let behind = laid.saturating_sub(1);
        let extra = drawn.saturating_sub(laid.max(1));
        let mut covered = cell.clone();
        covered.set_symbol("");
        fitted.push(cell);
        for (index, mut placeholder) in input.by_ref().take(placeholders).enumerate() {
            if index < behind {
                placeholder.set_symbol("");
            }
            fitted.push(placeholder);
        }
        fitted.extend(std::iter::repeat_n(covered, extra));
        ahead += extra;
    }
    fitted.truncate(width);
    fitted
}

/// Row `y` of `buffer` as a terminal shows it once drawn: each cell's
/// symbol printed in turn, but for the cells ratatui's renderer skips
/// behind a wide character. What the console's tests compare with.
pub fn as_printed(buffer: &Buffer, y: u16) -> String {
    let area = buffer.area;
    let mut shown = String::new();
    let mut skipped = 0;
    for x in area.left()..area.right() {
        let symbol = buffer[(x, y)].symbol();
        if skipped > 0 {
            skipped -= 1;
            continue;
        }
        shown.push_str(symbol);
        skipped = symbol.width().saturating_sub(1);
    }
    shown
}

/// A cell that only fills space: a blank, or a border's line (a title in a
/// border moves into the line after it).
fn is_filler(cell: &Cell) -> bool {
    matches!(cell.symbol(), " " | "─")
}

/// A symbol a terminal draws narrower than ratatui laid it out: without its
/// variation selectors if that makes the two agree, else replacement
/// characters filling the columns ratatui gave it.
fn narrow(cell: &mut Cell, laid: usize) {
    let plain: String = cell
        .symbol()
        .chars()
        .filter(|c| !matches!(c, '\u{fe0e}' | '\u{fe0f}'))
        .collect();
    if !plain.is_empty() && plain.width() == text_width::columns(&plain) {
        cell.set_symbol(&plain);
    } else {
        cell.set_symbol(&"\u{fffd}".repeat(laid));
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;

    fn row(text: &str, width: u16) -> Buffer {
        let mut buffer = Buffer::empty(Rect::new(0, 0, width, 1));
        buffer.set_string(0, 0, text, ratatui::style::Style::default());
        buffer
    }

    fn printed(buffer: &Buffer) -> String {
        as_printed(buffer, 0)
    }

    #[test]
    fn a_row_of_borders_and_one_column_symbols_is_left_as_laid_out() {
        let mut buffer = row("│▶ Ana … pending · ✓ ▲│", 24);
        let laid = buffer.clone();
        fit_to_terminal(&mut buffer);
        assert_eq!(buffer, laid);
        assert!(!drawn_as_laid("㉈"), "drawn two columns wide, laid out one");
        assert!(
            !drawn_as_laid("கி"),
            "a letter with its vowel sign: one laid, two drawn"
        );
    }

    #[test]
    fn a_wider_character_pushes_the_rest_into_the_padding_and_the_border_stays() {
        let mut buffer = row("|கார்த்திக் ராஜா     x|", 24);
        fit_to_terminal(&mut buffer);
        let shown = printed(&buffer);
        assert_eq!(
            text_width::columns(&shown),
            24,
            "the row fills the terminal's 24 columns exactly: {shown:?}"
        );
        assert!(
            shown.contains("கார்த்திக் ராஜா"),
            "nothing of the name is lost: {shown:?}"
        );
        let x = shown.find('x').expect("the x after the padding");
        assert_eq!(
            text_width::columns(&shown[..x]),
            "|".len() + "கார்த்திக் ராஜா".width() + 5,
            "what follows the padding stays in the column it was laid out in: {shown:?}"
        );
    }

    #[test]
    fn single_spaces_between_words_are_kept() {
        let mut buffer = row("கா கா     |", 12);
        fit_to_terminal(&mut buffer);
        assert_eq!(printed(&buffer).trim_end_matches([' ', '|']), "கா கா");
        assert_eq!(text_width::columns(&printed(&buffer)), 12);
    }

    #[test]
    fn a_narrower_emoji_loses_its_selector_so_no_column_is_left_stale() {
        let mut buffer = row("a\u{263a}\u{fe0f}b", 5);
        fit_to_terminal(&mut buffer);
        let shown = printed(&buffer);
        assert_eq!(text_width::columns(&shown), 5, "{shown:?}");
        assert!(shown.starts_with("a\u{263a}"), "{shown:?}");
    }

    #[test]
    fn the_cell_behind_a_wide_character_is_never_taken_for_padding() {
        let mut buffer = row("கா漢  |", 7);
        fit_to_terminal(&mut buffer);
        let shown = printed(&buffer);
        assert_eq!(text_width::columns(&shown), 7, "{shown:?}");
        assert_eq!(
            buffer[(2, 0)].symbol(),
            "漢",
            "right after the vowel sign: {shown:?}"
        );
        assert!(shown.trim_end().ends_with("漢 |"), "{shown:?}");
    }

    #[test]
    fn rows_of_ascii_are_left_as_they_are() {
        let mut buffer = row("plain text", 12);
        let before = buffer.clone();
        fit_to_terminal(&mut buffer);
        assert_eq!(buffer, before);
    }
}
