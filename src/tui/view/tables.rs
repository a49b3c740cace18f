//! The list tabs: a windowed table and, when there is room (or on Enter), a
//! detail pane for the selected row.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, Wrap};

use super::{format, panel, trail};
use crate::domain::PlanChange;
use crate::sanitize::line;
use crate::tui::i18n::{Catalogue, T};
use crate::tui::keymap::{Context, KeyAction};
use crate::tui::list::{ListNav, ListRow, ListView, Order};
use crate::tui::state::{App, DETAIL_MIN_WIDTH, Tab, actor_shown};
use crate::workspace::{AuditView, InvitationView, MemberView, TemplateSummary, TriageRow};
use cells::{column_widths, header, table_row};
use unicode_width::UnicodeWidthStr;

/// Columns between table columns.
const COLUMN_SPACING: u16 = 1;

mod cells;

/// What cells are worded with.
struct Words<'a> {
    catalogue: &'a Catalogue,
    now: DateTime<Utc>,
}

/// How a kind of row becomes table cells.
struct Columns<R> {
    headers: Vec<T>,
    widths: Vec<Constraint>,
    cells: fn(&Words<'_>, &R) -> Vec<String>,
    /// The columns of free text (names, addresses) of a table sized to its
    /// content: each column as wide as its widest value shown, these cut
    /// first when the table is too narrow. Empty: `widths` shares the room.
    free_text: &'static [usize],
}

fn member_columns() -> Columns<MemberView> {
    Columns {
        headers: vec![T::ColName, T::ColEmail, T::ColRole],
        widths: vec![
            Constraint::Fill(3),
            Constraint::Fill(4),
            Constraint::Length(18),
        ],
        cells: |words, m| {
            vec![
                m.name.clone(),
                m.email.clone(),
                format::role(words.catalogue, m.role, m.owner),
            ]
        },
        free_text: &[0, 1],
    }
}

fn invitation_columns() -> Columns<InvitationView> {
    Columns {
        // Who invited, and the whole timeline, are in the detail pane.
        headers: vec![T::ColEmail, T::ColRole, T::ColStatus],
        widths: vec![
            Constraint::Fill(4),
            Constraint::Length(10),
            Constraint::Fill(5),
        ],
        cells: |words, i| {
            vec![
                i.email.clone(),
                format::role(words.catalogue, i.role, false),
                format::status(words.catalogue, i, words.now),
            ]
        },
        // A status may name who revoked it.
        free_text: &[0, 2],
    }
}

fn template_columns() -> Columns<TemplateSummary> {
    Columns {
        headers: vec![T::ColTemplateName, T::ColVersion, T::ColUpdated],
        widths: vec![
            Constraint::Fill(3),
            Constraint::Length(8),
            Constraint::Fill(2),
        ],
        cells: |words, t| {
            vec![
                t.name.clone(),
                t.version.to_string(),
                words.catalogue.fill(
                    T::TemplateBy,
                    &[
                        ("date", &format::date(t.updated_at)),
                        ("name", &t.updated_by.name),
                    ],
                ),
            ]
        },
        free_text: &[],
    }
}

fn activity_columns() -> Columns<AuditView> {
    Columns {
        headers: vec![
            T::ColAt,
            T::ColActor,
            T::ColAction,
            T::ColTarget,
            T::ColDetails,
        ],
        widths: vec![
            Constraint::Length(17),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Fill(4),
        ],
        cells: |words, e| {
            vec![
                e.at.format("%Y-%m-%d %H:%M").to_string(),
                actor_shown(e).to_owned(),
                format::audit_action(words.catalogue, e.action),
                e.target.clone(),
                format::audit_detail(words.catalogue, &e.details),
            ]
        },
        free_text: &[],
    }
}

fn triage_columns() -> Columns<TriageRow> {
    Columns {
        // The next step is spelled out in the detail pane (Enter when narrow).
        headers: vec![T::ColEmail, T::ColTeam, T::ColStatus],
        widths: vec![
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Fill(3),
        ],
        cells: |words, row| {
            vec![
                row.invitation.email.clone(),
                row.invitation.team_name.clone(),
                format::status(words.catalogue, &row.invitation, words.now),
            ]
        },
        free_text: &[],
    }
}

/// The list's area and the detail pane's: side by side when wide enough
/// (Activity rows are wide already: its detail opens on Enter instead),
/// else whichever is open.
fn panes(app: &App, area: Rect) -> (Option<Rect>, Option<Rect>) {
    let wide = area.width >= DETAIL_MIN_WIDTH && app.tab != Tab::Activity;
    if app.detail_open && !wide {
        (None, Some(area))
    } else if wide {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(area);
        (Some(list), Some(detail))
    } else {
        (Some(area), None)
    }
}

/// Where a list's rows are inside its border and header row.
fn rows_area(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        y: area.y + 2,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(3),
    }
}

/// How many rows the list on screen shows, and where they are with the
/// index of the first one shown (for the mouse).
pub fn layout(app: &App, area: Rect) -> (usize, Option<(Rect, usize)>) {
    let (list, _) = panes(app, area);
    let Some(list) = list else {
        return (usize::from(area.height.saturating_sub(3)).max(1), None);
    };
    let rows = rows_area(list);
    let height = usize::from(rows.height);
    let first = app
        .lists
        .list(app.tab)
        .map_or(0, |list| list.first_shown(height));
    (height.max(1), Some((rows, first)))
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let (list_area, detail_area) = panes(app, area);
    if let Some(list_area) = list_area {
        match app.tab {
            Tab::Members => draw_list(frame, app, list_area, &app.lists.members, member_columns()),
            Tab::Invitations => draw_list(
                frame,
                app,
                list_area,
                &app.lists.invitations,
                invitation_columns(),
            ),
            Tab::Templates => {
                draw_list(
                    frame,
                    app,
                    list_area,
                    &app.lists.templates,
                    template_columns(),
                );
            }
            Tab::Activity => draw_list(
                frame,
                app,
                list_area,
                &app.lists.activity,
                activity_columns(),
            ),
            Tab::Triage => draw_list(frame, app, list_area, &app.lists.triage, triage_columns()),
            Tab::Billing => {}
        }
    }
    if let Some(detail_area) = detail_area {
        draw_detail(frame, app, detail_area);
    }
}

fn count_of(rows: usize) -> i64 {
    i64::try_from(rows).unwrap_or(i64::MAX)
}

/// A list's panel: its filter or its order as read at the top, how many
/// rows it shows and how many are marked at the bottom.
fn list_block<'a>(app: &App, title: String, list: &dyn ListNav) -> Block<'a> {
    let (shown, total, filter, order) = (list.shown(), list.total(), list.filter(), list.order());
    let mut block = panel(app, title, !app.detail_open);
    if !filter.is_empty() {
        let label = if app.tab == Tab::Triage {
            T::TriagePrompt
        } else {
            T::FilterLabel
        };
        block = block.title(
            Line::styled(
                format!(" {} {} ", app.t(label), line(filter)),
                app.theme.key,
            )
            .right_aligned(),
        );
    } else if let Some(Order::AsRead(words)) = order {
        // An order by a column shows in its header instead.
        block =
            block.title(Line::styled(format!(" {} ", app.t(words)), app.theme.dim).right_aligned());
    }
    // Activity has no count in its tab title: its list says how long it is.
    let count = if shown < total || !filter.is_empty() {
        Some(
            app.catalogue
                .fill(T::Shown, &[("shown", &shown), ("total", &total)]),
        )
    } else if app.tab == Tab::Activity {
        Some(app.catalogue.plural(T::ActivityEntries, count_of(total)))
    } else {
        None
    };
    if let Some(count) = count {
        block =
            block.title_bottom(Line::styled(format!(" {count} "), app.theme.dim).right_aligned());
    }
    if list.marked_count() > 0 {
        let clear = app
            .keymap
            .key_for(Context::Global, KeyAction::Back)
            .map(|key| key.display())
            .unwrap_or_default();
        let marked = app.catalogue.counted(
            T::Marked,
            ("n", count_of(list.marked_count())),
            &[("key", &clear)],
        );
        block = block.title_bottom(Line::styled(format!(" {marked} "), app.theme.key));
    }
    block
}

/// Draws only the rows that fit: a list of 100,000 rows costs a screenful.
fn draw_list<R: ListRow>(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    list: &ListView<R>,
    columns: Columns<R>,
) {
    let inner = rows_area(area);
    let height = usize::from(inner.height);
    let title = app.t(app.tab.label()).to_owned();
    let order = list.order();
    let block = list_block(app, title, list);
    let marking = list.marked_count() > 0;
    let theme = app.theme;
    let catalogue = app.catalogue.clone();
    let words = Words {
        catalogue: &catalogue,
        now: app.now(),
    };
    let (window, selected) = list.window(height);
    let marks: Vec<Option<bool>> = window
        .iter()
        .map(|row| marking.then(|| list.is_marked(row)))
        .collect();
    let cells: Vec<Vec<String>> = window
        .into_iter()
        .map(|row| {
            (columns.cells)(&words, row)
                .iter()
                .map(|text| line(text).into_owned())
                .collect()
        })
        .collect();
    // The headers whole (a sorted one with its arrow), then the widths the
    // table will give each column, so that a cut cell can end in "…"
    // instead of stopping mid-word.
    let headers: Vec<String> = columns
        .headers
        .iter()
        .map(|&h| header(app, h, order, usize::MAX))
        .collect();
    let mark_width = usize::from(marking);
    let widths = column_widths(
        &columns,
        &headers,
        &cells,
        usize::from(area.width.saturating_sub(2)),
        mark_width,
    );
    let header = Row::new(
        columns
            .headers
            .iter()
            .zip(&widths)
            .map(|(&h, &width)| header(app, h, order, width)),
    )
    .style(app.theme.title);
    let constraints: Vec<Constraint> = widths
        .iter()
        .map(|&width| Constraint::Length(u16::try_from(width).unwrap_or(u16::MAX)))
        .collect();
    let rows: Vec<Row> = cells
        .into_iter()
        .enumerate()
        .map(|(i, cells)| table_row(cells, &widths, (Some(i) == selected, marks[i]), theme))
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(rows, constraints)
        .header(header)
        .block(block)
        .column_spacing(COLUMN_SPACING);
    frame.render_widget(table, area);
    if empty {
        draw_empty(frame, app, inner);
    }
}

/// What an empty list says instead. Before a lookup, Triage says how to use
/// it (the header no longer does); a filter that hides every row says so.
fn draw_empty(frame: &mut Frame, app: &App, inner: Rect) {
    let filter = app.lists.list(app.tab).map_or("", |list| list.filter());
    let text = if app.tab == Tab::Triage && app.triage_query.is_empty() {
        super::support_no_team(app)
    } else if app.tab == Tab::Triage {
        app.t(T::TriageNoResults).to_owned()
    } else if !filter.is_empty() {
        app.catalogue.fill(T::NoMatch, &[("filter", &line(filter))])
    } else {
        app.t(T::Empty).to_owned()
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.dim)
            .wrap(Wrap { trim: true }),
        inner,
    );
}

fn draw_detail(frame: &mut Frame, app: &App, area: Rect) {
    let inner = (
        usize::from(area.width.saturating_sub(2)),
        usize::from(area.height.saturating_sub(2)),
    );
    let (title, lines) = match app.tab {
        Tab::Members => member_detail(app),
        Tab::Invitations => match app.lists.invitations.selected_row() {
            Some(invitation) => {
                let trail = app.trail.of(invitation.id);
                trail::invitation_detail(app, invitation, trail, inner)
            }
            None => (String::new(), Vec::new()),
        },
        Tab::Triage => match app.lists.triage.selected_row() {
            Some(row) => trail::invitation_detail(app, &row.invitation, Some(row), inner),
            None => (String::new(), Vec::new()),
        },
        Tab::Templates => template_detail(app),
        Tab::Activity => activity_detail(app),
        Tab::Billing => (String::new(), Vec::new()),
    };
    let paragraph = Paragraph::new(lines)
        .block(panel(app, line(&title).into_owned(), app.detail_open))
        .wrap(Wrap { trim: false });
    frame.render_widget(paragraph, area);
}

/// The labels of the member, template and activity details: padded alike,
/// so that a longer word in one language pushes no value out of line.
const DETAIL_LABELS: [T; 11] = [
    T::DetailRole,
    T::DetailJoined,
    T::DetailSeat,
    T::DetailBefore,
    T::ColVersion,
    T::ColSize,
    T::ColUpdated,
    T::ColAt,
    T::ColActor,
    T::ColAction,
    T::ColTarget,
];

/// The narrowest the detail labels are padded to.
const DETAIL_LABEL_MIN: usize = 9;

fn field<'a>(app: &App, label: T, value: String) -> Line<'a> {
    let width = DETAIL_LABELS
        .iter()
        .map(|&label| app.t(label).width())
        .fold(DETAIL_LABEL_MIN, usize::max);
    let label = app.t(label);
    let pad = " ".repeat(width - label.width() + 1);
    Line::from(vec![
        Span::styled(format!("{label}{pad}"), app.theme.dim),
        Span::styled(line(&value).into_owned(), app.theme.text),
    ])
}

fn member_detail(app: &App) -> (String, Vec<Line<'static>>) {
    let Some(member) = app.lists.members.selected_row() else {
        return (String::new(), Vec::new());
    };
    let cat = &app.catalogue;
    let now = app.now();
    let seat = if member.billable {
        let cycle = app
            .billing()
            .map(|b| cat.get(format::cycle_words(b.cycle).0));
        match cycle {
            Some(cycle) => format!("{}, {cycle}", cat.get(T::SeatBilled)),
            None => cat.get(T::SeatBilled).to_owned(),
        }
    } else {
        cat.get(T::SeatFree).to_owned()
    };
    let mut lines = vec![
        Line::styled(line(&member.email).into_owned(), app.theme.text),
        Line::raw(""),
        field(
            app,
            T::DetailRole,
            format::role(cat, member.role, member.owner),
        ),
        field(
            app,
            T::DetailJoined,
            format!(
                "{} ({})",
                format::date(member.joined_at),
                format::ago(cat, member.joined_at, now)
            ),
        ),
        field(app, T::DetailSeat, seat),
    ];
    // A large team's list holds only the member's row: the rest is read for the detail.
    let read = app.member_read.of(member.account);
    if let Some(event) = member
        .joined_from
        .as_ref()
        .or(read.and_then(|m| m.joined_from.as_ref()))
    {
        let before = match &event.change {
            PlanChange::ProCancelledOnJoining { cycle, .. } => cat.fill(
                T::BeforeProCancelled,
                &[("cycle", &cat.get(format::cycle_words(*cycle).0))],
            ),
            PlanChange::MovedToTeam { .. } => cat.get(T::BeforeCreator).to_owned(),
            _ => cat.get(T::BeforeFree).to_owned(),
        };
        lines.push(field(app, T::DetailBefore, before));
    }
    (member.name.clone(), lines)
}

fn template_detail(app: &App) -> (String, Vec<Line<'static>>) {
    let Some(template) = app.lists.templates.selected_row() else {
        return (String::new(), Vec::new());
    };
    let cat = &app.catalogue;
    let lines = vec![
        field(app, T::ColVersion, template.version.to_string()),
        field(app, T::ColSize, format!("{} B", template.bytes)),
        field(
            app,
            T::ColUpdated,
            cat.fill(
                T::TemplateBy,
                &[
                    ("date", &format::date(template.updated_at)),
                    ("name", &template.updated_by.name),
                ],
            ),
        ),
    ];
    (template.name.clone(), lines)
}

fn activity_detail(app: &App) -> (String, Vec<Line<'static>>) {
    let Some(entry) = app.lists.activity.selected_row() else {
        return (String::new(), Vec::new());
    };
    let actor = match &entry.actor_name {
        Some(name) => format!("{name} <{}>", entry.actor),
        None => entry.actor.clone(),
    };
    let lines = vec![
        field(
            app,
            T::ColAt,
            entry.at.format("%Y-%m-%d %H:%M:%S").to_string(),
        ),
        field(app, T::ColActor, actor),
        field(
            app,
            T::ColAction,
            format::audit_action(&app.catalogue, entry.action),
        ),
        field(app, T::ColTarget, entry.target.clone()),
        Line::raw(""),
        Line::styled(
            line(&format::audit_detail(&app.catalogue, &entry.details)).into_owned(),
            app.theme.text,
        ),
    ];
    (entry.action.to_string(), lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorting by a column the table does not show would leave the reader
    /// guessing the order.
    fn sorts_by_shown_columns<R: ListRow>(columns: &Columns<R>) {
        for sort in R::sorts() {
            assert!(
                columns.headers.contains(&sort.column),
                "{:?} is sorted by but not shown",
                sort.column
            );
        }
    }

    #[test]
    fn every_list_sorts_only_by_columns_it_shows() {
        sorts_by_shown_columns(&member_columns());
        sorts_by_shown_columns(&invitation_columns());
        sorts_by_shown_columns(&template_columns());
        sorts_by_shown_columns(&activity_columns());
        sorts_by_shown_columns(&triage_columns());
    }
}
