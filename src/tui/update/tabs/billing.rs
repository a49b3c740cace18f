//! The Billing tab: the team's plan and its settings, renaming and deleting
//! it included.

use super::team_name;
use crate::tui::effects::Effect;
use crate::tui::i18n::T;
use crate::tui::state::{App, PromptPurpose};
use crate::tui::update::dialogs::{confirm, prompt};
use crate::workspace::{Command, TeamSettings};

/// Moves the team to the Clinic plan, once confirmed.
pub fn upgrade(app: &mut App) -> Vec<Effect> {
    let team = team_name(app);
    let words = (T::ConfirmUpgradeTitle, T::ConfirmUpgradeBody);
    confirm::ask(app, words, ("team", &team), Command::UpgradeTeam);
    Vec::new()
}

/// Returns the team to the Pro plan, once confirmed.
pub fn downgrade(app: &mut App) -> Vec<Effect> {
    let team = team_name(app);
    let words = (T::ConfirmDowngradeTitle, T::ConfirmDowngradeBody);
    confirm::ask(app, words, ("team", &team), Command::DowngradeTeam);
    Vec::new()
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
