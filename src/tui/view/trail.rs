//! An invitation in detail, for admins in Invitations and support in
//! Triage: its status, the next step, then its timeline. The lines are
//! wrapped here, so that when the pane is too short for the whole timeline
//! the newest events are the ones kept, with a note of how many earlier
//! ones are not shown.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::format;
use crate::sanitize::line;
use crate::tui::i18n::T;
use crate::tui::state::App;
use crate::workspace::{InvitationView, TriageRow};

/// Columns a field's label takes, its space included.
const LABEL_WIDTH: usize = 10;

/// The title and lines of an invitation's detail, fitted to a pane of
/// `width` × `height` cells inside its border. `trail` is `None` while its
/// timeline is being read.
pub fn invitation_detail(
    app: &App,
    invitation: &InvitationView,
    trail: Option<&TriageRow>,
    (width, height): (usize, usize),
) -> (String, Vec<Line<'static>>) {
    let cat = &app.catalogue;
    let now = app.now();
    let mut lines = wrapped(
        &line(&format::status(cat, invitation, now)),
        width,
        (0, app.theme.title, app.theme.title),
    );
    let facts = [
        (T::ColTeam, invitation.team_name.clone()),
        (T::DetailRole, format::role(cat, invitation.role, false)),
        (T::DetailExpires, format::date(invitation.expires_at)),
    ];
    for (label, value) in facts {
        lines.extend(field(app, label, &value, width));
    }
    let Some(trail) = trail else {
        lines.push(Line::raw(""));
        lines.push(Line::styled(app.t(T::Loading).to_owned(), app.theme.dim));
        return (invitation.email.clone(), lines);
    };
    let next = format::next_step(cat, invitation, &trail.next, now);
    lines.extend(field(app, T::DetailNextStep, &next, width));
    lines.push(Line::raw(""));
    let room = height.saturating_sub(lines.len());
    lines.extend(timeline(app, trail, width, room));
    (invitation.email.clone(), lines)
}

/// The newest events of the timeline that fit in `room` lines, oldest
/// first, after a note of the earlier ones left out.
fn timeline(app: &App, trail: &TriageRow, width: usize, room: usize) -> Vec<Line<'static>> {
    let events: Vec<Vec<Line<'static>>> = trail
        .timeline
        .iter()
        .map(|entry| {
            let at = entry.at.format("%Y-%m-%d %H:%M ").to_string();
            let text = format!(
                "{at}{}",
                line(&format::timeline_event(&app.catalogue, &entry.event))
            );
            wrapped(&text, width, (at.width(), app.theme.dim, app.theme.text))
        })
        .collect();
    let total: usize = events.iter().map(Vec::len).sum();
    if total <= room {
        return events.into_iter().flatten().collect();
    }
    // One line goes to the note; the newest events fill the rest.
    let mut kept = Vec::new();
    let mut used = 1;
    for event in events.iter().rev() {
        if used + event.len() > room {
            break;
        }
        used += event.len();
        kept.push(event.clone());
    }
    let left_out = events.len() - kept.len();
    let note = app.catalogue.plural(
        T::TimelineEarlier,
        i64::try_from(left_out).unwrap_or(i64::MAX),
    );
    let mut lines = wrapped(&note, width, (0, app.theme.dim, app.theme.dim));
    lines.truncate(room.min(1));
    lines.extend(kept.into_iter().rev().flatten());
    lines
}

/// A labelled value, wrapped to the pane.
fn field(app: &App, label: T, value: &str, width: usize) -> Vec<Line<'static>> {
    let label = format!("{:<width$}", app.t(label), width = LABEL_WIDTH - 1);
    let text = format!("{label} {}", line(value));
    wrapped(
        &text,
        width,
        (label.width() + 1, app.theme.dim, app.theme.text),
    )
}

/// `text` (already safe to draw) wrapped to `width` columns; the first
/// `head` columns drawn in the first style, the rest in the second.
fn wrapped(
    text: &str,
    width: usize,
    (head, head_style, style): (usize, Style, Style),
) -> Vec<Line<'static>> {
    wrap(text, width)
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            if index > 0 || head == 0 {
                return Line::from(Span::styled(row, style));
            }
            let split = byte_at_column(&row, head);
            let (first, rest) = row.split_at(split);
            Line::from(vec![
                Span::styled(first.to_owned(), head_style),
                Span::styled(rest.to_owned(), style),
            ])
        })
        .collect()
}

/// Where `text` reaches `columns` columns (or its end).
fn byte_at_column(text: &str, columns: usize) -> usize {
    let mut width = 0;
    for (index, c) in text.char_indices() {
        if width >= columns {
            return index;
        }
        width += c.width().unwrap_or(0);
    }
    text.len()
}

/// `text` in lines of at most `width` columns, broken at spaces, and inside
/// a word only when the word alone is wider (a path, a long reply), so that
/// nothing is lost.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in text.split(' ') {
        if !row.is_empty() && row.width() + 1 + word.width() > width {
            rows.push(std::mem::take(&mut row));
        } else if !row.is_empty() {
            row.push(' ');
        }
        for c in word.chars() {
            if !row.is_empty() && row.width() + c.width().unwrap_or(0) > width {
                rows.push(std::mem::take(&mut row));
            }
            row.push(c);
        }
    }
    rows.push(row);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_and_inside_a_word_only_when_it_is_too_wide() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(
            wrap("written /a/long/path", 8),
            ["written", "/a/long/", "path"]
        );
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("zażółć gęślą", 6), ["zażółć", "gęślą"]);
        for row in wrap("550 5.1.1 <tom@x.example>: Recipient address rejected", 12) {
            assert!(row.width() <= 12, "{row:?}");
        }
    }

    #[test]
    fn a_head_is_split_at_its_column() {
        assert_eq!(byte_at_column("Next      go", 10), 10);
        assert_eq!(byte_at_column("żółw", 2), "żó".len());
        assert_eq!(byte_at_column("ab", 5), 2);
    }
}
