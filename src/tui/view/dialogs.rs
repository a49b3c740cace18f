//! Dialogs drawn over the console: help, confirmations, the invite form,
//! role choice, prompts, the template editor and viewer, the person picker.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{format, forms, hint_line, hints, panel};
use crate::sanitize::{block, fit, line};
use crate::tui::i18n::T;
use crate::tui::keymap::{Context, KeyAction};
use crate::tui::state::{App, Dialog, PickEntry, Tab};
use crate::tui::text_field::{TextField, layout};
use crate::workspace::TemplateView;
use unicode_width::UnicodeWidthStr;

/// A rectangle of at most `width` × `height` in the middle of `area`.
pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(dialog) = app.dialog.clone() else {
        return;
    };
    match dialog {
        Dialog::Help { scroll } => {
            let title = app.t(T::HelpTitle).to_owned();
            draw_reader(
                frame,
                app,
                help_area(area),
                (title, help_lines(app)),
                scroll,
            );
        }
        Dialog::Messages { scroll } => {
            let outer = help_area(area);
            let title = app.t(T::MessagesTitle).to_owned();
            let lines = message_lines(app, outer);
            draw_reader(frame, app, outer, (title, lines), scroll);
        }
        Dialog::Confirm {
            title,
            mut body,
            typed,
            error,
            cost,
            ..
        } => {
            if let Some(cost) = &cost {
                body.extend(forms::cost_texts(app, cost));
            }
            draw_confirm(
                frame,
                app,
                area,
                (&title, &body),
                typed.as_ref(),
                error.as_deref(),
            );
        }
        Dialog::Invite {
            addresses,
            role,
            field,
            error,
            cost,
            ..
        } => {
            let form = forms::InviteView {
                addresses: &addresses,
                role,
                field,
                error: error.as_deref(),
                cost: cost.as_ref(),
            };
            forms::draw_invite(frame, app, area, &form);
        }
        Dialog::ChangeRole {
            name, role, cost, ..
        } => forms::draw_role(frame, app, area, (&name, role), cost.as_ref()),
        Dialog::Prompt { title, input, .. } => draw_prompt(frame, app, area, &title, &input),
        Dialog::Editor {
            name,
            area: text,
            saving,
            conflict,
            error,
            base_version,
            discard_armed,
            ..
        } => {
            let editor = EditorView {
                name: &name,
                text: &text,
                saving,
                conflict: conflict.as_ref(),
                error: error.as_deref(),
                base_version,
                discard_armed,
            };
            draw_editor(frame, app, area, editor);
        }
        Dialog::Viewer { template, scroll } => draw_viewer(frame, app, area, &template, scroll),
        Dialog::Picker {
            title,
            entries,
            selected,
            ..
        } => draw_picker(frame, app, area, title, &entries, selected),
        Dialog::Card(form) => forms::draw_card(frame, app, area, &form),
        Dialog::Palette { query, selected } => {
            super::palette::draw(frame, app, area, &query, selected);
        }
        Dialog::Links { links, selected } => {
            super::links::draw(frame, app, area, (&links, selected));
        }
    }
}

/// Where the help overlay goes in `area`.
fn help_area(area: Rect) -> Rect {
    centered(area, 76, area.height.saturating_sub(2))
}

/// The keys on offer, context by context, the one on screen first.
fn help_lines(app: &App) -> Vec<Line<'static>> {
    let current = app.tab.context();
    let mut contexts = vec![
        current,
        Context::Global,
        Context::Dialog,
        Context::Confirm,
        Context::Editor,
        Context::Link,
    ];
    for context in [
        Context::Members,
        Context::Invitations,
        Context::Templates,
        Context::Billing,
        Context::Triage,
    ] {
        if !contexts.contains(&context) {
            contexts.push(context);
        }
    }
    contexts.push(Context::Text);
    let mut lines = Vec::new();
    for context in contexts {
        let bindings: Vec<_> = app.offered(context).collect();
        if bindings.is_empty() {
            continue;
        }
        let name = app
            .catalogue
            .fill(T::HelpContext, &[("context", &context_label(app, context))]);
        lines.push(Line::styled(name, app.theme.title));
        for binding in bindings {
            let keys: Vec<String> = binding.keys.iter().map(|k| k.display()).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<13} ", keys.join(" ")), app.theme.key),
                Span::styled(app.t(binding.action.label()).to_owned(), app.theme.text),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}

/// The rows of text inside a reader's frame `outer`: inside its border,
/// above its key hints.
fn reader_rows(outer: Rect) -> usize {
    usize::from(outer.height.saturating_sub(3))
}

/// How far a read-only dialog (help, the template viewer) on a terminal of
/// `size` may scroll: until its last line is at the bottom, no further.
pub fn reader_end(app: &App, dialog: &Dialog, size: (u16, u16)) -> usize {
    let area = Rect::new(0, 0, size.0, size.1);
    let (lines, outer) = match dialog {
        Dialog::Help { .. } => (help_lines(app).len(), help_area(area)),
        Dialog::Messages { .. } => (message_lines(app, help_area(area)).len(), help_area(area)),
        Dialog::Viewer { template, .. } => (block(&template.body).len(), viewer_area(area)),
        _ => return 0,
    };
    lines.saturating_sub(reader_rows(outer))
}

/// A template's text, read only, from line `scroll` on.
fn draw_viewer(frame: &mut Frame, app: &App, area: Rect, template: &TemplateView, scroll: usize) {
    let outer = viewer_area(area);
    let title = app.catalogue.fill(
        T::ViewerTitle,
        &[
            ("name", &line(&template.name)),
            ("version", &template.version),
        ],
    );
    let lines: Vec<Line> = block(&template.body)
        .into_iter()
        .skip(scroll)
        .map(Line::raw)
        .collect();
    frame.render_widget(Clear, outer);
    let inner = footer_split(frame, app, outer, title);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Where the template viewer goes in `area`.
fn viewer_area(area: Rect) -> Rect {
    centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    )
}

/// The people on offer, the window kept around the one selected.
fn draw_picker(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    title: String,
    entries: &[PickEntry],
    selected: usize,
) {
    let height = (entries.len() as u16 + 4)
        .min(area.height.saturating_sub(2))
        .max(6);
    let outer = centered(area, 72, height);
    frame.render_widget(Clear, outer);
    let inner = footer_split(frame, app, outer, title);
    let visible = usize::from(inner.height);
    let first = selected.saturating_sub(visible.saturating_sub(1));
    let lines: Vec<Line> = entries
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, entry)| {
            let marker = if i == selected { "▶ " } else { "  " };
            let style = if i == selected {
                app.theme.selected
            } else {
                app.theme.text
            };
            // What does not fit of the detail ends in "…".
            let room = usize::from(inner.width).saturating_sub(25);
            Line::from(vec![
                Span::styled(format!("{marker}{}", padded(&entry.label, 22)), style),
                Span::styled(
                    format!(" {}", fit(&line(&entry.detail), room)),
                    app.theme.dim,
                ),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `text` as drawn, cut or padded with spaces to `width` columns (by
/// display width: a wide character takes two, a combining mark none).
fn padded(text: &str, width: usize) -> String {
    let text = fit(&line(text), width).into_owned();
    let pad = width.saturating_sub(text.width());
    text + &" ".repeat(pad)
}

const CLOSE: &[KeyAction] = &[KeyAction::Cancel];
const CHOOSE: &[KeyAction] = &[KeyAction::Submit, KeyAction::Cancel];

/// The keys the open dialog answers to, as hints. The dialog's own hint line
/// and the footer both show these, so neither offers a key the dialog ignores.
pub fn offered(app: &App) -> Vec<(String, String)> {
    let only = |actions: &[KeyAction]| {
        actions
            .iter()
            .filter_map(|&action| {
                let key = app.keymap.key_for(Context::Dialog, action)?;
                Some((key.display(), app.t(action.label()).to_owned()))
            })
            .collect()
    };
    match &app.dialog {
        None => Vec::new(),
        Some(Dialog::Help { .. } | Dialog::Messages { .. } | Dialog::Viewer { .. }) => only(CLOSE),
        Some(
            Dialog::Confirm { typed: Some(_), .. }
            | Dialog::ChangeRole { .. }
            | Dialog::Prompt { .. }
            | Dialog::Picker { .. }
            | Dialog::Palette { .. },
        ) => only(CHOOSE),
        Some(Dialog::Confirm { typed: None, .. }) => hints(app, Context::Confirm),
        Some(Dialog::Invite { .. } | Dialog::Card(_)) => hints(app, Context::Dialog),
        Some(Dialog::Editor { .. }) => hints(app, Context::Editor),
        Some(Dialog::Links { .. }) => hints(app, Context::Link),
    }
}

/// Draws a dialog frame with its key hints on the last line; returns the inside.
/// The last hint (the way out) is kept however narrow the dialog is.
pub(super) fn footer_split(frame: &mut Frame, app: &App, outer: Rect, title: String) -> Rect {
    // A title too long for the frame ends in "…" rather than stopping short.
    let title = fit(&title, usize::from(outer.width.saturating_sub(4))).into_owned();
    let block = panel(app, title, true);
    let inner = block.inner(outer);
    frame.render_widget(block, outer);
    let [body, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let hints = offered(app);
    frame.render_widget(hint_line(app, &hints, keys.width, 1).right_aligned(), keys);
    body
}

/// The message log's lines in `outer`: each toast kept, newest first, with
/// its level in words, wrapped whole.
fn message_lines(app: &App, outer: Rect) -> Vec<Line<'static>> {
    let width = usize::from(outer.width.saturating_sub(2));
    let lines: Vec<Line> = app
        .toasts
        .log()
        .rev()
        .flat_map(|toast| {
            let style = toast.level.style(&app.theme);
            let text = format!("{}: {}", app.t(toast.level.label()), line(&toast.text));
            format::wrap(&text, width)
                .into_iter()
                .map(move |part| Line::styled(part, style))
        })
        .collect();
    if lines.is_empty() {
        return vec![Line::styled(
            app.t(T::MessagesNone).to_owned(),
            app.theme.dim,
        )];
    }
    lines
}

/// A read-only dialog (help, the message log) from line `scroll` on,
/// saying when more is below.
fn draw_reader(
    frame: &mut Frame,
    app: &App,
    outer: Rect,
    (title, lines): (String, Vec<Line<'static>>),
    scroll: usize,
) {
    frame.render_widget(Clear, outer);
    let inner = footer_split(frame, app, outer, title);
    let hidden_below = lines
        .len()
        .saturating_sub(scroll + usize::from(inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
    if hidden_below > 0 {
        let more = Line::styled(format!(" {} ", app.t(T::HelpMore)), app.theme.key).right_aligned();
        frame.render_widget(
            more,
            Rect {
                y: inner.bottom().saturating_sub(1),
                height: 1,
                ..inner
            },
        );
    }
}

fn context_label(app: &App, context: Context) -> String {
    let key = match context {
        Context::Global => T::HelpGlobal,
        Context::Members => Tab::Members.label(),
        Context::Invitations => Tab::Invitations.label(),
        Context::Templates => Tab::Templates.label(),
        Context::Billing => Tab::Billing.label(),
        Context::Activity => Tab::Activity.label(),
        Context::Triage => Tab::Triage.label(),
        Context::Dialog => T::HelpForms,
        Context::Confirm => T::HelpConfirm,
        Context::Editor => T::EditorTitle,
        Context::Text => T::HelpText,
        Context::Link => T::HelpLink,
    };
    app.t(key).to_owned()
}

/// A question: its title and body (a paragraph each, a cost preview's
/// included), and the name to type in full when it asks for one.
fn draw_confirm(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    (title, body): (&str, &[String]),
    typed: Option<&(String, TextField)>,
    error: Option<&str>,
) {
    // The text is wrapped here, so that the dialog is exactly as tall as
    // it: borders, the body, the typed confirmation and the error, a blank
    // line and the hints.
    let width = usize::from(area.width.min(64).saturating_sub(2)).max(1);
    let wrapped = |text: &str, style| {
        format::wrap(text, width)
            .into_iter()
            .map(move |part| Line::styled(part, style))
    };
    let mut lines: Vec<Line> = body
        .iter()
        .flat_map(|text| wrapped(&line(text), app.theme.text))
        .collect();
    let mut cursor_row = None;
    if let Some((expected, _)) = typed {
        lines.push(Line::raw(""));
        let ask = app
            .catalogue
            .fill(T::ConfirmDeleteTeamType, &[("team", &line(expected))]);
        lines.extend(wrapped(&ask, app.theme.warn));
        cursor_row = Some(lines.len() as u16);
        lines.push(Line::styled("> ", app.theme.title));
    }
    if let Some(error) = error {
        lines.extend(wrapped(&line(error), app.theme.bad));
    }
    let outer = centered(area, 64, lines.len() as u16 + 4);
    frame.render_widget(Clear, outer);
    let inner = footer_split(frame, app, outer, title.to_owned());
    frame.render_widget(Paragraph::new(lines), inner);
    if let (Some((_, input)), Some(row)) = (typed, cursor_row) {
        let field = Rect {
            x: inner.x + 2,
            y: inner.y + row,
            width: inner.width.saturating_sub(2),
            height: 1,
        };
        draw_field(
            frame,
            field.intersection(inner),
            (input, app.theme.title),
            true,
        );
    }
}

/// A text field in a border: the window of it that fits and, when
/// focused, the cursor.
pub(super) fn draw_text_area(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    text: &TextField,
    focused: bool,
) {
    let block = panel(app, String::new(), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    draw_field(frame, inner, (text, app.theme.text), focused);
}

/// The window of a text field that fits `area`, and the cursor when focused.
pub(super) fn draw_field(
    frame: &mut Frame,
    area: Rect,
    (text, style): (&TextField, Style),
    focused: bool,
) {
    let shown = layout::show(text, area.width, area.height);
    let lines: Vec<Line> = shown
        .lines
        .into_iter()
        .map(|text| Line::styled(text, style))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    if focused && area.width > 0 && area.height > 0 {
        let (x, y) = shown.cursor;
        frame.set_cursor_position((area.x + x, area.y + y));
    }
}

fn draw_prompt(frame: &mut Frame, app: &App, area: Rect, title: &str, input: &TextField) {
    let outer = centered(area, 60, 6);
    frame.render_widget(Clear, outer);
    let inner = footer_split(frame, app, outer, title.to_owned());
    draw_text_area(frame, app, inner, input, true);
}

struct EditorView<'a> {
    name: &'a str,
    text: &'a TextField,
    saving: bool,
    conflict: Option<&'a (u32, String)>,
    error: Option<&'a str>,
    base_version: Option<u32>,
    discard_armed: bool,
}

fn draw_editor(frame: &mut Frame, app: &App, area: Rect, editor: EditorView<'_>) {
    let outer = centered(
        area,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, outer);
    // After a conflict the text is being written over their newer version.
    let version = editor
        .conflict
        .map(|(version, _)| *version)
        .or(editor.base_version)
        .map(|v| format!(" · v{v}"))
        .unwrap_or_default();
    let title = format!("{} — {}{version}", app.t(T::EditorTitle), line(editor.name));
    let inner = footer_split(frame, app, outer, title);
    let banner_height = u16::from(
        editor.conflict.is_some()
            || editor.error.is_some()
            || editor.saving
            || editor.discard_armed,
    ) * 2;
    let [banner, body] =
        Layout::vertical([Constraint::Length(banner_height), Constraint::Min(1)]).areas(inner);
    if editor.discard_armed {
        frame.render_widget(
            Paragraph::new(app.t(T::EditorDiscard).to_owned())
                .style(app.theme.warn)
                .wrap(Wrap { trim: true }),
            banner,
        );
    } else if let Some((version, by)) = editor.conflict {
        let text = app.catalogue.fill(
            T::EditorConflict,
            &[("version", version), ("name", &line(by))],
        );
        frame.render_widget(
            Paragraph::new(text)
                .style(app.theme.warn)
                .wrap(Wrap { trim: true }),
            banner,
        );
    } else if let Some(error) = editor.error {
        frame.render_widget(
            Paragraph::new(line(error).into_owned())
                .style(app.theme.bad)
                .wrap(Wrap { trim: true }),
            banner,
        );
    } else if editor.saving {
        frame.render_widget(
            Line::styled(app.t(T::Loading).to_owned(), app.theme.dim),
            banner,
        );
    }
    draw_text_area(frame, app, body, editor.text, !editor.saving);
}
