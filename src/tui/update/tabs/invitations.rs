//! The invitation under the cursor, in the Invitations tab or in Triage:
//! its timeline, sending it again, or revoking it; or every invitation
//! marked, at once.

use crate::domain::{InvitationId, InvitationStatus};
use crate::sanitize::line;
use crate::tui::effects::{Effect, Failure};
use crate::tui::i18n::T;
use crate::tui::list::ListNav;
use crate::tui::state::{App, DETAIL_MIN_WIDTH, Level, Tab};
use crate::tui::update::dialogs::confirm;
use crate::tui::view::format;
use crate::workspace::{Command, InvitationView, TeamChoice, TriageRow};

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

/// Sends the invitation under the cursor again, or, once confirmed, every
/// invitation marked.
pub fn resend(app: &mut App) -> Vec<Effect> {
    if marking(app) {
        ask_bulk(app, Bulk::Resend);
        return Vec::new();
    }
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

/// Revokes the invitation under the cursor, or every invitation marked,
/// once confirmed.
pub fn revoke(app: &mut App) -> Vec<Effect> {
    if marking(app) {
        ask_bulk(app, Bulk::Revoke);
        return Vec::new();
    }
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

/// Marks the invitation under the cursor (or unmarks it) and moves on to
/// the next, so that a run of rows is marked by holding the key.
pub fn mark(app: &mut App) -> Vec<Effect> {
    let list = &mut app.lists.invitations;
    list.toggle_mark();
    list.move_by(1);
    Vec::new()
}

/// Whether R and x act on marked invitations rather than the one under the cursor.
fn marking(app: &App) -> bool {
    app.tab == Tab::Invitations && app.lists.invitations.marked_count() > 0
}

/// What is done to every invitation marked.
#[derive(Clone, Copy)]
enum Bulk {
    Resend,
    Revoke,
}

/// How many addresses a bulk confirmation names before "and N more".
const NAMED: usize = 5;

/// Asks once before acting on every marked invitation that can be acted
/// on, saying how many, which, and which are left as they are and why; when
/// none can be, says why for each.
fn ask_bulk(app: &mut App, bulk: Bulk) {
    let marked = app.lists.invitations.marked_rows();
    let (open, settled): (Vec<&InvitationView>, Vec<&InvitationView>) =
        marked.into_iter().partition(|row| row.status.is_open());
    let reasons: Vec<String> = settled
        .iter()
        .filter_map(|row| not_open(app, row))
        .collect();
    let commands: Vec<Command> = open
        .iter()
        .map(|row| {
            let (email, team) = (row.email.clone(), team_of(app, row));
            match bulk {
                Bulk::Resend => Command::ResendInvitation { team, email },
                Bulk::Revoke => Command::RevokeInvitation { team, email },
            }
        })
        .collect();
    let mut named: Vec<&str> = open
        .iter()
        .take(NAMED)
        .map(|row| row.email.as_str())
        .collect();
    let more = open.len().saturating_sub(NAMED);
    let more = (more > 0).then(|| app.catalogue.plural(T::BulkAndMore, count(more)));
    named.extend(more.as_deref());
    if commands.is_empty() {
        for reason in reasons {
            app.toasts.push(Level::Warn, reason);
        }
        return;
    }
    let (title, body) = match bulk {
        Bulk::Resend => (T::ConfirmBulkResendTitle, T::ConfirmBulkResendBody),
        Bulk::Revoke => (T::ConfirmBulkRevokeTitle, T::ConfirmBulkRevokeBody),
    };
    let title = app.catalogue.plural(title, count(commands.len()));
    let mut body = vec![app.t(body).to_owned(), named.join(", ")];
    if !reasons.is_empty() {
        body.push(app.catalogue.plural(T::BulkLeft, count(reasons.len())));
        body.extend(reasons);
    }
    confirm::ask_bulk(app, (title, body), commands);
}

fn count(rows: usize) -> i64 {
    i64::try_from(rows).unwrap_or(i64::MAX)
}

/// Why a settled invitation cannot be resent or revoked, from its state;
/// `None` for one that can.
fn not_open(app: &App, invitation: &InvitationView) -> Option<String> {
    let words = match invitation.status {
        InvitationStatus::Pending | InvitationStatus::Expired => return None,
        InvitationStatus::Accepted => T::NotOpenAccepted,
        InvitationStatus::Revoked => T::NotOpenRevoked,
        InvitationStatus::Superseded => T::NotOpenSuperseded,
    };
    let date = format::date(invitation.closed_at.unwrap_or(invitation.sent_at));
    let email = line(&invitation.email);
    Some(
        app.catalogue
            .fill(words, &[("email", &email), ("date", &date)]),
    )
}

/// The team a command on `invitation` names: support staff name it, the
/// others act on their own.
fn team_of(app: &App, invitation: &InvitationView) -> TeamChoice {
    if app.is_support() {
        TeamChoice::Id(invitation.team)
    } else {
        TeamChoice::Own
    }
}

/// The address and team of the invitation under the cursor, while it can
/// still be sent again or revoked; for one settled, says why not.
fn selected_invitation(app: &mut App) -> Option<(String, TeamChoice)> {
    let invitation = match app.tab {
        Tab::Triage => &app.lists.triage.selected_row()?.invitation,
        _ => app.lists.invitations.selected_row()?,
    };
    if let Some(reason) = not_open(app, invitation) {
        app.toasts.push(Level::Warn, reason);
        return None;
    }
    Some((invitation.email.clone(), team_of(app, invitation)))
}
