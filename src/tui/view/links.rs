//! The links just made: each address with its link in full (wrapped, so
//! that it can be read out over the phone), the one chosen marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::dialogs::{centered, footer_split};
use super::format;
use crate::sanitize::line;
use crate::tui::i18n::T;
use crate::tui::state::{App, Link};

/// The widest the dialog grows: a link and its address, with room to spare.
const WIDTH: u16 = 84;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, (links, selected): (&[Link], usize)) {
    let width = area.width.saturating_sub(4).min(WIDTH);
    let text_width = usize::from(width.saturating_sub(2)).max(1);
    let mut lines = Vec::new();
    let mut chosen = 0..0;
    for (index, link) in links.iter().enumerate() {
        let first = lines.len();
        let is_selected = index == selected;
        let (marker, style) = if is_selected {
            ("▶ ", app.theme.selected)
        } else {
            ("  ", app.theme.text)
        };
        let date = format::date(link.expires_at);
        let head = app.catalogue.fill(
            T::LinkFor,
            &[("email", &line(&link.email)), ("date", &date)],
        );
        lines.push(Line::styled(format!("{marker}{head}"), style));
        for part in hard_wrap(&link.url.shown(), text_width.saturating_sub(2)) {
            lines.push(Line::styled(format!("  {part}"), app.theme.key));
        }
        if is_selected {
            chosen = first..lines.len();
        }
        lines.push(Line::raw(""));
    }
    for part in format::wrap(app.t(T::LinkNote), text_width) {
        lines.push(Line::styled(part, app.theme.dim));
    }
    let height = (lines.len() as u16 + 3).min(area.height.saturating_sub(2));
    let outer = centered(area, width, height);
    frame.render_widget(Clear, outer);
    let count = i64::try_from(links.len()).unwrap_or(i64::MAX);
    let title = app.catalogue.plural(T::LinkTitle, count);
    let inner = footer_split(frame, app, outer, title);
    // The link chosen stays in view however many there are.
    let rows = usize::from(inner.height);
    let scroll = chosen.end.saturating_sub(rows).min(chosen.start);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}

/// `text` in pieces of at most `width` columns, broken anywhere: a link has
/// no spaces to break at, and none of it may be left out.
fn hard_wrap(text: &str, width: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut used = 0;
    for c in text.chars() {
        let columns = crate::text_width::char_columns(c);
        if used + columns > width.max(columns) {
            pieces.push(std::mem::take(&mut piece));
            used = 0;
        }
        piece.push(c);
        used += columns;
    }
    pieces.push(piece);
    pieces
}

#[cfg(test)]
mod tests {
    use super::hard_wrap;

    #[test]
    fn a_link_wraps_whole() {
        assert_eq!(hard_wrap("abcdefg", 3), ["abc", "def", "g"]);
        assert_eq!(hard_wrap("ab", 3), ["ab"]);
    }
}
