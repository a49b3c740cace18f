//! The invitation under the cursor, in the Invitations tab or in Triage:
//! sending it again, or revoking it.

use crate::domain::InvitationStatus;
use crate::tui::effects::Effect;
use crate::tui::i18n::T;
use crate::tui::state::{App, Tab};
use crate::tui::update::dialogs::confirm;
use crate::workspace::{Command, TeamChoice};

/// Sends the invitation under the cursor again.
pub fn resend(app: &mut App) -> Vec<Effect> {
    match selected_invitation(app) {
        Some((email, team)) => vec![app.execute(Command::ResendInvitation { team, email })],
        None => Vec::new(),
    }
}

/// Revokes the invitation under the cursor, once confirmed.
pub fn revoke(app: &mut App) -> Vec<Effect> {
    if let Some((email, team)) = selected_invitation(app) {
        let words = (T::ConfirmRevokeTitle, T::ConfirmRevokeBody);
        let shown = email.clone();
        confirm::ask(
            app,
            words,
            ("email", &shown),
            Command::RevokeInvitation { team, email },
        );
    }
    Vec::new()
}

/// The address and team of the invitation under the cursor, while it can
/// still be sent again or revoked.
fn selected_invitation(app: &App) -> Option<(String, TeamChoice)> {
    let invitation = match app.tab {
        Tab::Triage => &app.triage.selected_row()?.invitation,
        _ => app.invitations.selected_row()?,
    };
    if !matches!(
        invitation.status,
        InvitationStatus::Pending | InvitationStatus::Expired
    ) {
        return None;
    }
    let team = if app.is_support() {
        TeamChoice::Id(invitation.team)
    } else {
        TeamChoice::Own
    };
    Some((invitation.email.clone(), team))
}
