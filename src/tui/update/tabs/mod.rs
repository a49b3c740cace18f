//! Each tab's own actions, as its keymap context offers them; most open a
//! dialog, the rest run a command or read what they need.

pub mod billing;
pub mod invitations;
pub mod members;
pub mod templates;
pub mod triage;

use crate::tui::state::App;

/// The name of the team on screen, empty before it is read.
fn team_name(app: &App) -> String {
    app.team_shown().map(|t| t.name.clone()).unwrap_or_default()
}
