//! The forms drawn over the console: inviting (addresses, a role, and what
//! it would cost) and changing a member's role (with what each other role
//! would cost), and the words of a cost preview wherever one is shown.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::dialogs::{centered, draw_text_area, footer_split};
use super::format;
use crate::domain::Role;
use crate::sanitize::{line, sentence};
use crate::tui::dialog::CostPreview;
use crate::tui::i18n::T;
use crate::tui::state::{App, InviteField};
use crate::tui::text_area::TextArea;
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
    pub addresses: &'a TextArea,
    pub role: Role,
    pub field: InviteField,
    pub error: Option<&'a str>,
    pub cost: Option<&'a CostPreview>,
}

pub fn draw_invite(frame: &mut Frame, app: &App, area: Rect, form: &InviteView<'_>) {
    let outer = centered(area, 64, 16);
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
        Constraint::Length(1),
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
    if let Some(error) = form.error {
        frame.render_widget(
            Line::styled(line(error).into_owned(), app.theme.bad),
            message,
        );
    }
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
