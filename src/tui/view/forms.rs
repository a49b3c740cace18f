//! The forms drawn over the console: inviting (addresses, a role, and what
//! it would cost), changing a member's role (with what each other role
//! would cost), a card, and the words of a cost preview wherever one is
//! shown.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::dialogs::{centered, draw_field, draw_text_area, footer_split};
use super::format;
use crate::domain::{Cycle, Role};
use crate::sanitize::{line, sentence};
use crate::tui::dialog::{CardField, CardForm, CardPurpose, CostPreview};
use crate::tui::i18n::T;
use crate::tui::state::{App, InviteField};
use crate::tui::text_field::TextField;
use crate::tui::update::{ROLE_CHOICES, role_choices};
use crate::workspace::CostOf;

/// The narrowest the invite form's headings ("Role", "Cost") are padded to.
const HEADING_MIN_WIDTH: usize = 6;

/// A cost preview in words, a sentence each: while it is worked out, why
/// it could not be, or what the change does to the next invoice (for an
/// upgrade, first what the upgrade starts).
pub fn cost_texts(app: &App, cost: &CostPreview) -> Vec<String> {
    let cat = &app.catalogue;
    let effect = match &cost.effect {
        None => return vec![cat.get(T::CostAsking).to_owned()],
        Some(Err(reason)) => return vec![sentence(reason)],
        Some(Ok(effect)) => effect,
    };
    let seat_price = app.billing().map_or(0, |billing| billing.seat_price);
    let text = format::cost(cat, effect, seat_price);
    let texts = match cost.of {
        // An upgrade that adds nothing to the invoice is the free trial.
        CostOf::Upgrade if effect.amount == 0 => vec![cat.get(T::UpgradeTrial).to_owned(), text],
        CostOf::Upgrade => vec![cat.get(T::UpgradeNow).to_owned(), text],
        CostOf::Invite { .. } => vec![cat.fill(T::CostJoining, &[("cost", &text)])],
        _ => vec![text],
    };
    texts.iter().map(|text| sentence(text)).collect()
}

/// `heading` and `text` wrapped beside it, the heading padded to `width`.
fn headed<'a>(app: &App, heading: &str, width: usize, text: &str, room: u16) -> Vec<Line<'a>> {
    let indent = " ".repeat(width + 1);
    let mut heading = format!("{heading:<width$} ");
    format::wrap(text, usize::from(room).saturating_sub(width + 1).max(1))
        .into_iter()
        .map(|part| {
            Line::from(vec![
                Span::styled(
                    std::mem::replace(&mut heading, indent.clone()),
                    app.theme.dim,
                ),
                Span::styled(part, app.theme.text),
            ])
        })
        .collect()
}

/// The invite form as it stands.
pub struct InviteView<'a> {
    pub addresses: &'a TextField,
    pub role: Role,
    pub field: InviteField,
    pub error: Option<&'a str>,
    pub cost: Option<&'a CostPreview>,
}

/// The invite form's width, and its height before a message longer than a line.
const INVITE_SIZE: (u16, u16) = (64, 16);

pub fn draw_invite(frame: &mut Frame, app: &App, area: Rect, form: &InviteView<'_>) {
    // Every refusal in full, each address's on its own lines: the form
    // grows by what they need.
    let room = usize::from(INVITE_SIZE.0.min(area.width).saturating_sub(2));
    let messages: Vec<String> = form
        .error
        .into_iter()
        .flat_map(str::lines)
        .flat_map(|message| format::wrap(&sentence(message), room))
        .collect();
    let message_height = u16::try_from(messages.len().max(1)).unwrap_or(u16::MAX);
    let outer = centered(area, INVITE_SIZE.0, INVITE_SIZE.1 - 1 + message_height);
    frame.render_widget(Clear, outer);
    let team = app.team_shown().map(|t| t.name.clone()).unwrap_or_default();
    let title = app
        .catalogue
        .fill(T::DialogInviteTitle, &[("team", &line(&team))]);
    let inner = footer_split(frame, app, outer, title);
    let [label, input, roles, cost, message] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(message_height),
    ])
    .areas(inner);
    frame.render_widget(
        Line::styled(app.t(T::DialogInviteAddresses).to_owned(), app.theme.dim),
        label,
    );
    let focused = form.field == InviteField::Addresses;
    draw_text_area(frame, app, input, form.addresses, focused);
    let width = [T::DialogInviteRole, T::CostLabel]
        .iter()
        .map(|&heading| app.t(heading).width())
        .fold(HEADING_MIN_WIDTH, usize::max);
    frame.render_widget(
        Paragraph::new(role_lines(app, form, width)).wrap(Wrap { trim: false }),
        roles,
    );
    if let Some(preview) = form.cost {
        let text = cost_texts(app, preview).join(" ");
        let lines = headed(app, app.t(T::CostLabel), width, &text, cost.width);
        frame.render_widget(Paragraph::new(lines), cost);
    }
    let messages: Vec<Line> = messages
        .into_iter()
        .map(|text| Line::styled(text, app.theme.bad))
        .collect();
    frame.render_widget(Paragraph::new(messages), message);
}

/// The billed roles on one line, assistants (free, Clinic only) under them
/// with their note; a choice never breaks between its mark and its name.
fn role_lines<'a>(app: &App, form: &InviteView<'_>, width: usize) -> Vec<Line<'a>> {
    let choices = role_choices(app);
    let heading = format!("{:<width$} ", app.t(T::DialogInviteRole));
    let indent = " ".repeat(width + 1);
    let radio = |choice: Role| {
        let mark = if choice == form.role {
            "(•)"
        } else {
            "(\u{a0})"
        };
        let offered = choices.contains(&choice);
        let chosen = form.field == InviteField::Role && choice == form.role;
        let style = match (offered, chosen) {
            (false, _) => app.theme.dim,
            (true, true) => app.theme.selected,
            (true, false) => app.theme.text,
        };
        let name = format::role(&app.catalogue, choice, false).replace(' ', "\u{a0}");
        Span::styled(format!("{mark}\u{a0}{name}"), style)
    };
    let (billed, free) = ROLE_CHOICES.split_at(3);
    let mut first = vec![Span::styled(heading, app.theme.dim)];
    for (index, &choice) in billed.iter().enumerate() {
        if index > 0 {
            first.push(Span::raw("  "));
        }
        first.push(radio(choice));
    }
    let mut second = vec![Span::raw(indent.clone())];
    second.extend(free.iter().map(|&choice| radio(choice)));
    vec![
        Line::from(first),
        Line::from(second),
        Line::styled(
            format!("{indent}{}", app.t(T::AssistantFree)),
            app.theme.dim,
        ),
    ]
}

/// The roles on offer, the one chosen marked, and under them what choosing
/// another role would do to the next invoice.
pub fn draw_role(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    (name, role): (&str, Role),
    cost: Option<&CostPreview>,
) {
    let outer = centered(area, 60, 12);
    frame.render_widget(Clear, outer);
    let title = app
        .catalogue
        .fill(T::DialogRoleTitle, &[("name", &line(name))]);
    let inner = footer_split(frame, app, outer, title);
    let choices = role_choices(app);
    let mut lines: Vec<Line> = ROLE_CHOICES
        .iter()
        .map(|&choice| {
            let mark = if choice == role { "(•)" } else { "( )" };
            let style = if !choices.contains(&choice) {
                app.theme.dim
            } else if choice == role {
                app.theme.selected
            } else {
                app.theme.text
            };
            Line::styled(
                format!("{mark} {}", format::role(&app.catalogue, choice, false)),
                style,
            )
        })
        .collect();
    if let Some(preview) = cost {
        lines.push(Line::raw(""));
        lines.extend(
            cost_texts(app, preview)
                .into_iter()
                .map(|text| Line::styled(text, app.theme.text)),
        );
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

fn card_label(field: CardField) -> T {
    match field {
        CardField::Cycle => T::BillingCycle,
        CardField::Brand => T::CardBrand,
        CardField::Last4 => T::CardLast4,
        CardField::Expiry => T::CardExpiry,
    }
}

/// One field of the card form: a marker and its label when it has the keys,
/// and its value (the cycle as two choices).
fn card_field<'a>(app: &App, form: &CardForm, field: CardField, width: usize) -> Line<'a> {
    let focused = field == form.field;
    let (marker, style) = if focused {
        ("▶", app.theme.key)
    } else {
        (" ", app.theme.dim)
    };
    let label = app.t(card_label(field));
    let mut spans = vec![Span::styled(format!("{marker}{label:<width$} "), style)];
    // A text field's value is drawn over the rest of its row (see `draw_card`).
    match (form.text_of(field), form.purpose) {
        (Some(_), _) => {}
        (None, CardPurpose::GoPro { cycle }) => {
            for choice in [Cycle::Monthly, Cycle::Yearly] {
                let mark = if choice == cycle { "(•)" } else { "( )" };
                let word = app.t(format::cycle_words(choice).0);
                let style = if focused && choice == cycle {
                    app.theme.selected
                } else {
                    app.theme.text
                };
                spans.push(Span::styled(format!("{mark} {word}"), style));
                spans.push(Span::raw("  "));
            }
        }
        (None, CardPurpose::Team) => {}
    }
    Line::from(spans)
}

/// The notes at the top of the card form, and its title.
fn card_words(app: &App, form: &CardForm) -> (String, Vec<String>) {
    let cat = &app.catalogue;
    let mut notes = Vec::new();
    let title = match form.purpose {
        CardPurpose::Team => {
            let team = app.team_shown().map(|t| t.name.clone()).unwrap_or_default();
            cat.fill(T::CardTitle, &[("team", &line(&team))])
        }
        CardPurpose::GoPro { .. } => {
            notes.push(cat.get(T::GoProNote).to_owned());
            let on_file = app.loaded.as_ref().and_then(|l| l.me.card.as_ref());
            if let Some(card) = on_file {
                let card = format::card(cat, Some(card));
                notes.push(cat.fill(T::GoProCardOnFile, &[("card", &card)]));
            }
            cat.get(T::GoProTitle).to_owned()
        }
    };
    notes.push(cat.get(T::CardNote).to_owned());
    (title, notes)
}

/// The card form: what is kept of a card, the fields, and why the last try
/// was refused. The cursor stands in the field that has the keys.
pub fn draw_card(frame: &mut Frame, app: &App, area: Rect, form: &CardForm) {
    let width = area.width.min(64);
    let room = usize::from(width.saturating_sub(2)).max(1);
    let (title, notes) = card_words(app, form);
    let mut lines: Vec<Line> = notes
        .iter()
        .flat_map(|note| format::wrap(note, room))
        .map(|part| Line::styled(part, app.theme.dim))
        .collect();
    lines.push(Line::raw(""));
    let label_width = form
        .fields()
        .iter()
        .map(|&field| app.t(card_label(field)).width())
        .max()
        .unwrap_or(0);
    let mut texts = Vec::new();
    for &field in form.fields() {
        if let Some(text) = form.text_of(field) {
            texts.push((lines.len() as u16, text, field == form.field));
        }
        lines.push(card_field(app, form, field, label_width));
    }
    if let Some(error) = &form.error {
        lines.extend(
            format::wrap(&line(error), room)
                .into_iter()
                .map(|part| Line::styled(part, app.theme.bad)),
        );
    }
    let outer = centered(area, width, lines.len() as u16 + 4);
    frame.render_widget(Clear, outer);
    let inner = footer_split(frame, app, outer, title);
    frame.render_widget(Paragraph::new(lines), inner);
    let value_x = label_width as u16 + 2;
    for (row, text, focused) in texts {
        let area = Rect {
            x: inner.x + value_x,
            y: inner.y + row,
            width: inner.width.saturating_sub(value_x),
            height: 1,
        }
        .intersection(inner);
        draw_field(
            frame,
            area,
            (text, app.theme.text),
            focused && !form.sending,
        );
    }
}
