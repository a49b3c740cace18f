//! The invitation under the cursor, in the Invitations tab or in Triage:
//! its timeline, sending it again, or revoking it.

use crate::domain::{InvitationId, InvitationStatus};
use crate::tui::effects::{Effect, Failure};
use crate::tui::i18n::T;
use crate::tui::state::{App, DETAIL_MIN_WIDTH, Level, Tab};
use crate::tui::update::dialogs::confirm;
use crate::workspace::{Command, TeamChoice, TriageRow};

/// Asks for the timeline of the invitation in detail in Invitations, once
/// for each invitation the cursor reaches (and again after every reload),
/// while the detail pane is on screen.
pub fn follow_selection(app: &mut App) -> Option<Effect> {
    let shown = app.size.0 >= DETAIL_MIN_WIDTH || app.detail_open;
    if app.tab != Tab::Invitations || app.reads.loading || !shown {
        return None;
    }
    let invitation = app.lists.invitations.selected_row()?.id;
    if !app.trail.ask(invitation) {
        return None;
    }
    Some(Effect::LoadTrail {
        actor: app.actor.clone(),
        team: app.team_choice(),
        invitation,
    })
}

/// The timeline read for `invitation`, unless the cursor moved on since.
pub fn on_trail(
    app: &mut App,
    invitation: InvitationId,
    result: Result<TriageRow, Failure>,
) -> Vec<Effect> {
    match result {
        Ok(trail) => app.trail.take(trail.invitation.id, trail),
        Err(failure) if app.trail.asked() == Some(invitation) => {
            app.toasts.push(Level::Error, failure.message);
        }
        Err(_) => {}
    }
    Vec::new()
}

/// Sends the invitation under the cursor again.
pub fn resend(app: &mut App) -> Vec<Effect> {
    match selected_invitation(app) {
        Some((email, team)) => vec![app.execute(Command::ResendInvitation { team, email })],
        None => Vec::new(),
    }
}

/// Offers a new link to every expired invitation of the team shown, in one
/// change, once confirmed.
pub fn resend_expired(app: &mut App) -> Vec<Effect> {
    let expired = app
        .lists
        .invitations
        .rows()
        .iter()
        .filter(|invitation| invitation.status == InvitationStatus::Expired)
        .count();
    if expired == 0 {
        let none = app.t(T::NoneExpired).to_owned();
        app.toasts.push(Level::Info, none);
        return Vec::new();
    }
    let team = match app.team_shown() {
        Some(team) if app.is_support() => TeamChoice::Id(team.id),
        _ => TeamChoice::Own,
    };
    let count = i64::try_from(expired).unwrap_or(i64::MAX);
    let title = app.catalogue.plural(T::ConfirmResendExpiredTitle, count);
    let body = app.t(T::ConfirmResendExpiredBody).to_owned();
    confirm::ask_worded(app, (title, body), Command::ResendExpired { team });
    Vec::new()
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
        Tab::Triage => &app.lists.triage.selected_row()?.invitation,
        _ => app.lists.invitations.selected_row()?,
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
