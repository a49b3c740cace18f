//! The Billing tab: choosing an invoice and scrolling its lines, the
//! billing details (the card has its own form), the team's plan and its
//! settings, renaming and deleting it included.

use super::team_name;
use crate::domain::{Cycle, Language, TeamKind};
use crate::tui::effects::Effect;
use crate::tui::i18n::T;
use crate::tui::state::{App, PromptPurpose};
use crate::tui::update::dialogs::{confirm, prompt};
use crate::tui::view::format;
use crate::workspace::{BillingRequest, Command, CostOf, TeamSettings};

/// Chooses the invoice `delta` rows away, its lines from the top.
pub fn choose_invoice(app: &mut App, delta: isize) {
    let count = app.invoice_count();
    app.invoice.choose(delta, count);
}

/// Scrolls the chosen invoice's lines by `rows`, no further than its last
/// page (a page is what the screen holds, worked out by update).
pub fn scroll_lines(app: &mut App, rows: isize) {
    let lines = app
        .invoice_shown()
        .map_or(0, |(invoice, _)| invoice.lines.len());
    app.invoice.scroll_by(rows, lines, app.screen.page);
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
        session_sharing: Some(on),
        ..TeamSettings::default()
    }))]
}

/// Switches the language of the team's invitation emails: English ↔ Polish.
pub fn toggle_email_language(app: &mut App) -> Vec<Effect> {
    let Some(current) = app.team_shown().map(|t| t.language) else {
        return Vec::new();
    };
    let language = match current {
        Language::En => Language::Pl,
        Language::Pl => Language::En,
    };
    vec![app.execute(Command::ChangeSettings(TeamSettings {
        language: Some(language),
        ..TeamSettings::default()
    }))]
}

/// Asks where invoices go, starting from the address set (if any).
pub fn billing_email(app: &mut App) -> Vec<Effect> {
    let current = app
        .billing()
        .and_then(|billing| billing.billing_email.clone())
        .unwrap_or_default();
    prompt::open(
        app,
        T::PromptBillingEmail,
        &current,
        PromptPurpose::BillingEmail,
    );
    Vec::new()
}

/// Monthly for yearly, yearly for monthly.
pub fn other_cycle(cycle: Cycle) -> Cycle {
    match cycle {
        Cycle::Monthly => Cycle::Yearly,
        Cycle::Yearly => Cycle::Monthly,
    }
}

/// Switches the cycle of the periods to come, once confirmed: to the other
/// cycle, or (while a switch waits) back to the running one.
pub fn change_cycle(app: &mut App) -> Vec<Effect> {
    let Some(billing) = app.billing() else {
        return Vec::new();
    };
    let target = other_cycle(billing.next_cycle.unwrap_or(billing.cycle));
    let cat = &app.catalogue;
    let word = |cycle| cat.get(format::cycle_words(cycle).0);
    let date = format::day(billing.next_invoice_on);
    let words = if target == billing.cycle {
        let title = cat.fill(T::ConfirmCycleKeepTitle, &[("cycle", &word(target))]);
        let body = cat.fill(
            T::ConfirmCycleKeepBody,
            &[("other", &word(other_cycle(target))), ("date", &date)],
        );
        (title, body)
    } else {
        let title = cat.fill(T::ConfirmCycleTitle, &[("cycle", &word(target))]);
        let body = cat.fill(
            T::ConfirmCycleBody,
            &[
                ("cycle", &word(target)),
                ("date", &date),
                ("current", &word(billing.cycle)),
            ],
        );
        (title, body)
    };
    let command = Command::UpdateBilling(BillingRequest {
        cycle: Some(target),
        ..BillingRequest::default()
    });
    confirm::ask_worded(app, words, command);
    Vec::new()
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
