//! The Billing tab: choosing an invoice and scrolling its lines, the team's
//! plan and its settings, renaming and deleting it included.

use super::team_name;
use crate::domain::TeamKind;
use crate::tui::effects::Effect;
use crate::tui::i18n::T;
use crate::tui::state::{App, InvoiceCursor, PromptPurpose};
use crate::tui::update::dialogs::{confirm, prompt};
use crate::workspace::{Command, CostOf, TeamSettings};

/// Chooses the invoice `delta` rows away (clamped to the list), its lines from the top.
pub fn choose_invoice(app: &mut App, delta: isize) {
    let last = app.invoice_count().saturating_sub(1);
    let selected = app.invoice.selected.saturating_add_signed(delta).min(last);
    if selected != app.invoice.selected {
        app.invoice = InvoiceCursor {
            selected,
            scroll: 0,
        };
    }
}

/// Scrolls the chosen invoice's lines by `rows` (the view keeps the last page full).
pub fn scroll_lines(app: &mut App, rows: isize) {
    let lines = app
        .invoice_shown()
        .map_or(0, |(invoice, _)| invoice.lines.len());
    app.invoice.scroll = app
        .invoice
        .scroll
        .saturating_add_signed(rows)
        .min(lines.saturating_sub(1));
}

/// Moves the team to the Clinic plan, once confirmed; the question says
/// what starts (the trial, or Clinic billing) and what it costs.
pub fn upgrade(app: &mut App) -> Vec<Effect> {
    let words = (T::ConfirmUpgradeTitle, T::ConfirmUpgradeBody);
    change_plan(
        app,
        TeamKind::Clinic,
        words,
        (Command::UpgradeTeam, CostOf::Upgrade),
    )
}

/// Returns the team to the Pro plan, once confirmed, saying what it costs.
pub fn downgrade(app: &mut App) -> Vec<Effect> {
    let words = (T::ConfirmDowngradeTitle, T::ConfirmDowngradeBody);
    change_plan(
        app,
        TeamKind::Pro,
        words,
        (Command::DowngradeTeam, CostOf::Downgrade),
    )
}

/// Asks before moving the team to `to`. A team on that plan already is not
/// asked: the command goes straight to the workspace, whose refusal says why.
fn change_plan(
    app: &mut App,
    to: TeamKind,
    words: (T, T),
    (command, of): (Command, CostOf),
) -> Vec<Effect> {
    if app.team_shown().is_some_and(|team| team.kind == to) {
        return vec![app.execute(command)];
    }
    let team = team_name(app);
    confirm::ask_costed(app, words, ("team", &team), (command, of))
}

/// Asks for the team's new name, starting from the current one.
pub fn rename(app: &mut App) -> Vec<Effect> {
    let current = team_name(app);
    prompt::open(
        app,
        T::PromptRenameTeam,
        &current,
        PromptPurpose::RenameTeam,
    );
    Vec::new()
}

/// Turns session sharing on, or off.
pub fn toggle_session_sharing(app: &mut App) -> Vec<Effect> {
    let on = app.team_shown().is_some_and(|t| !t.session_sharing);
    vec![app.execute(Command::ChangeSettings(TeamSettings {
        name: None,
        session_sharing: Some(on),
    }))]
}

/// Deletes the team once its name is typed in full.
pub fn delete_team(app: &mut App) -> Vec<Effect> {
    let team = team_name(app);
    let words = (T::ConfirmDeleteTeamTitle, T::ConfirmDeleteTeamBody);
    let command = Command::DeleteTeam {
        confirm_name: team.clone(),
    };
    confirm::ask_typed(app, words, team, command);
    Vec::new()
}
