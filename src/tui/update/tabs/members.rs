//! The Members tab: a member's role, removing them, handing them the team,
//! and leaving it.

use super::team_name;
use crate::domain::AccountId;
use crate::tui::effects::{Effect, Failure};
use crate::tui::i18n::T;
use crate::tui::state::{App, DETAIL_MIN_WIDTH, Level, Tab};
use crate::tui::update::dialogs::{confirm, role};
use crate::workspace::{Command, CostOf};

/// Asks for the member in detail whole when the list holds only their row
/// (a large team's), once for each member the cursor reaches (and again
/// after every reload), while the detail pane is on screen.
pub fn follow_selection(app: &mut App) -> Option<Effect> {
    let shown = app.size.0 >= DETAIL_MIN_WIDTH || app.detail_open;
    let rows_only = app.loaded.as_ref().is_some_and(|l| l.counts.is_some());
    if app.tab != Tab::Members || app.reads.loading || !shown || !rows_only {
        return None;
    }
    let account = app.lists.members.selected_row()?.account;
    if !app.member_read.ask(account) {
        return None;
    }
    Some(Effect::LoadMember {
        actor: app.actor.clone(),
        team: app.team_choice(),
        account,
    })
}

/// The member read for the detail, unless the cursor moved on since.
pub fn on_member(
    app: &mut App,
    account: AccountId,
    result: Result<crate::workspace::MemberView, Failure>,
) -> Vec<Effect> {
    match result {
        Ok(member) => app.member_read.take(account, member),
        Err(failure) if app.member_read.asked() == Some(account) => {
            app.toasts.push(Level::Error, failure.message);
        }
        Err(_) => {}
    }
    Vec::new()
}

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
