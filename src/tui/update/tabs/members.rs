//! The Members tab: a member's role, removing them, handing them the team,
//! and leaving it.

use super::team_name;
use crate::tui::effects::Effect;
use crate::tui::i18n::T;
use crate::tui::state::App;
use crate::tui::update::dialogs::{confirm, role};
use crate::workspace::{Command, CostOf};

/// Offers another role for the member under the cursor.
pub fn change_role(app: &mut App) -> Vec<Effect> {
    if let Some(member) = app.lists.members.selected_row().cloned() {
        role::open(app, &member);
    }
    Vec::new()
}

/// Removes the member under the cursor, once confirmed; the question says
/// what it does to the next invoice.
pub fn remove(app: &mut App) -> Vec<Effect> {
    let Some(member) = app.lists.members.selected_row().cloned() else {
        return Vec::new();
    };
    let words = (T::ConfirmRemoveTitle, T::ConfirmRemoveBody);
    let command = Command::RemoveMember {
        email: member.email.clone(),
    };
    let of = CostOf::RemoveMember {
        email: member.email,
    };
    confirm::ask_costed(app, words, ("name", &member.name), (command, of))
}

/// Makes the member under the cursor the team's owner, once confirmed.
pub fn make_owner(app: &mut App) -> Vec<Effect> {
    if let Some(member) = app.lists.members.selected_row().cloned() {
        let words = (T::ConfirmTransferTitle, T::ConfirmTransferBody);
        let command = Command::TransferOwnership { to: member.email };
        confirm::ask(app, words, ("name", &member.name), command);
    }
    Vec::new()
}

/// Leaves the team, once confirmed.
pub fn leave(app: &mut App) -> Vec<Effect> {
    let team = team_name(app);
    let words = (T::ConfirmLeaveTitle, T::ConfirmLeaveBody);
    confirm::ask(app, words, ("team", &team), Command::LeaveTeam);
    Vec::new()
}
