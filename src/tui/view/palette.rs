//! The command palette drawn over the console: the query typed, then the
//! actions it matches, best first, each with its key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::dialogs::{centered, draw_field, footer_split};
use crate::sanitize::{fit, line};
use crate::tui::i18n::T;
use crate::tui::palette;
use crate::tui::state::App;
use crate::tui::text_field::TextField;

/// The palette's widest frame.
const WIDTH: u16 = 60;

/// Draws the palette in the middle of `area`, as tall as every action on
/// offer needs (so it keeps its size while typing narrows them), the
/// chosen one kept in view.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, query: &TextField, selected: usize) {
    let all = palette::entries(app).len() as u16;
    let height = (all + 4).min(area.height.saturating_sub(4)).max(6);
    let outer = centered(area, WIDTH.min(area.width.saturating_sub(4)), height);
    frame.render_widget(Clear, outer);
    let inner = footer_split(frame, app, outer, app.t(T::PaletteTitle).to_owned());
    let [prompt, rows] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let label = format!("{} ", app.t(T::PalettePrompt));
    let label_width = (label.width() as u16).min(prompt.width);
    frame.render_widget(Line::styled(label, app.theme.key), prompt);
    let field = Rect {
        x: prompt.x + label_width,
        width: prompt.width - label_width,
        ..prompt
    };
    draw_field(frame, field, (query, app.theme.text), true);

    let text = query.text();
    let found = palette::matching(app, &text);
    if found.is_empty() {
        let none = app.catalogue.fill(T::NoMatch, &[("filter", &line(&text))]);
        frame.render_widget(Paragraph::new(none).style(app.theme.dim), rows);
        return;
    }
    let width = usize::from(rows.width);
    let visible = usize::from(rows.height);
    let first = selected.saturating_sub(visible.saturating_sub(1));
    let lines: Vec<Line> = found
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(index, entry)| {
            let chosen = index == selected;
            let marker = if chosen { "▶ " } else { "  " };
            let keys = format!(" {} ", entry.keys);
            let room = width.saturating_sub(marker.width() + keys.width());
            let label = fit(&entry.label, room).into_owned();
            let pad = " ".repeat(room.saturating_sub(label.width()));
            let style = if chosen {
                app.theme.selected
            } else {
                app.theme.text
            };
            Line::from(vec![
                Span::styled(format!("{marker}{label}{pad}"), style),
                Span::styled(keys, app.theme.key),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows);
}
