//! A table's columns sized to what they show, and its cells cut to them.

use ratatui::layout::{Flex, Layout, Rect};
use ratatui::widgets::Row;
use unicode_width::UnicodeWidthStr;

use super::{COLUMN_SPACING, Columns};
use crate::sanitize::fit;
use crate::text_width;
use crate::tui::i18n::T;
use crate::tui::list::Order;
use crate::tui::state::App;
use crate::tui::theme::Theme;

/// How wide each column is in `room` columns: the shares of the table's
/// `widths`, or for a table sized to its content, each column as wide as
/// its header and widest value shown (the first also holds the selection
/// marker and marks). When that is too wide, headers wider than their
/// values give way first; then the widest free-text column a column at a
/// time, down to [`FREE_TEXT_MIN`]; then the widest of any down to its
/// header; then any. Room to spare goes to the last column.
pub(super) fn column_widths<R>(
    columns: &Columns<R>,
    headers: &[String],
    cells: &[Vec<String>],
    room: usize,
    mark_width: usize,
) -> Vec<usize> {
    if columns.free_text.is_empty() {
        return Layout::horizontal(columns.widths.clone())
            .flex(Flex::Start)
            .spacing(COLUMN_SPACING)
            .split(Rect::new(0, 0, u16::try_from(room).unwrap_or(u16::MAX), 1))
            .iter()
            .map(|column| usize::from(column.width))
            .collect();
    }
    let headers: Vec<usize> = headers.iter().map(|h| text_width::columns(h)).collect();
    let content: Vec<usize> = (0..headers.len())
        .map(|column| {
            let widest = cells
                .iter()
                .map(|row| row[column].width())
                .max()
                .unwrap_or(0);
            let markers = if column == 0 { 1 + mark_width } else { 0 };
            widest + markers
        })
        .collect();
    sized_to_content(content, headers, columns.free_text, room)
}

/// Fits columns as wide as their `content` and `headers` into `room` as
/// [`column_widths`] says; first a header wider than its column's content
/// gives way (a sorted one keeps its arrow).
fn sized_to_content(
    content: Vec<usize>,
    headers: Vec<usize>,
    free_text: &[usize],
    room: usize,
) -> Vec<usize> {
    let mut widths: Vec<usize> = content
        .iter()
        .zip(&headers)
        .map(|(&c, &h)| c.max(h))
        .collect();
    let spacing = usize::from(COLUMN_SPACING) * widths.len().saturating_sub(1);
    let room = room.saturating_sub(spacing);
    let all: Vec<usize> = (0..widths.len()).collect();
    let stages = [
        (all.as_slice(), content),
        (free_text, vec![FREE_TEXT_MIN; widths.len()]),
        (all.as_slice(), headers),
        (all.as_slice(), vec![1; widths.len()]),
    ];
    for (candidates, floors) in stages {
        while widths.iter().sum::<usize>() > room {
            let widest = candidates
                .iter()
                .copied()
                .filter(|&column| widths[column] > floors[column])
                .max_by_key(|&column| (widths[column], std::cmp::Reverse(column)));
            match widest {
                Some(column) => widths[column] -= 1,
                None => break,
            }
        }
    }
    let spare = room.saturating_sub(widths.iter().sum());
    if let Some(last) = widths.last_mut() {
        *last += spare;
    }
    widths
}

/// How narrow a free-text column gets before the others give way.
const FREE_TEXT_MIN: usize = 16;

/// A column's header, with an arrow when the list is sorted by it: the
/// words give way to the arrow in a narrow column.
pub(super) fn header(app: &App, column: T, order: Option<Order>, width: usize) -> String {
    match order {
        Some(Order::Column {
            column: sorted,
            descending,
        }) if sorted == column => {
            let words = fit(app.t(column), width.saturating_sub(2));
            format!("{words} {}", Order::arrow(descending))
        }
        _ => app.t(column).to_owned(),
    }
}

/// One row of the table, each cell cut to its column with "…"; the selected
/// row is marked and styled, and, while rows are marked (`mark` is
/// `Some`), a marked row starts with "*" and stands out.
pub(super) fn table_row<'a>(
    cells: Vec<String>,
    widths: &[usize],
    (is_selected, mark): (bool, Option<bool>),
    theme: Theme,
) -> Row<'a> {
    let marker = if is_selected { "▶" } else { " " };
    let mark = match mark {
        Some(true) => "*",
        Some(false) => " ",
        None => "",
    };
    let cells = cells
        .into_iter()
        .zip(widths)
        .enumerate()
        .map(|(column, (text, &width))| {
            if column == 0 {
                let room = width.saturating_sub(1 + mark.len());
                format!("{marker}{mark}{}", cut(&text, room))
            } else {
                cut(&text, width)
            }
        });
    let style = if is_selected {
        theme.selected
    } else if mark == "*" {
        theme.key
    } else {
        theme.text
    };
    Row::new(cells).style(style)
}

/// `text` cut to `width` columns with "…", never inside a number:
/// "expires in 2…" would read as two days when it is twenty-five.
fn cut(text: &str, width: usize) -> String {
    let cut = fit(text, width);
    let Some(kept) = cut.strip_suffix('…') else {
        return cut.into_owned();
    };
    let is_digit = |c: char| c.is_ascii_digit();
    let number_cut = kept.ends_with(is_digit) && text[kept.len()..].starts_with(is_digit);
    if number_cut {
        format!("{}…", kept.trim_end_matches(is_digit).trim_end())
    } else {
        cut.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_their_content_and_free_text_gives_way_first() {
        // Name, email, role: room to spare goes to the last column.
        let sized = |room| sized_to_content(vec![16, 27, 10], vec![4, 5, 4], &[0, 1], room);
        assert_eq!(sized(60), vec![16, 27, 15]);
        // Too narrow: the widest free text (the email) gives way first,
        // then both alike; the role keeps its width.
        assert_eq!(sized(50), vec![16, 22, 10]);
        assert_eq!(sized(40), vec![14, 14, 10]);
        // Free text at its narrowest: the others give way down to their header.
        assert_eq!(sized(24), vec![7, 7, 8]);
        assert_eq!(sized(10).iter().sum::<usize>(), 8, "two columns between");
    }

    #[test]
    fn a_cut_never_leaves_part_of_a_number() {
        let status = "pending · expires in 25 days";
        assert_eq!(cut(status, 23), "pending · expires in…");
        assert_eq!(cut(status, 24), "pending · expires in 25…");
        assert_eq!(cut(status, 40), status);
        assert_eq!(cut("2026-11-25 09:00", 13), "2026-11-25…");
    }
}
