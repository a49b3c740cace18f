//! The end of a Clinic trial, announced to those who see billing: a banner
//! under the header from the load that finds it in the team's log until it
//! is dismissed, or until a later load finds it over (the plan changed
//! since, or it is more than a week old).

use chrono::Duration;

use crate::domain::{Action, AuditAction, TeamKind};
use crate::tui::effects::{Effect, Loaded};
use crate::tui::state::{App, TrialEnded};

/// How long after a trial's end it is announced to a console opening.
const NOTICE_DAYS: i64 = 7;

/// The newest trial end in the log, while it is news: no upgrade or
/// downgrade since, and no older than a week. Whether the team stayed on
/// Clinic is what its plan says now.
fn trial_end(loaded: &Loaded) -> Option<TrialEnded> {
    if !loaded.allowed.contains(&Action::ViewBilling) {
        return None;
    }
    let team = loaded.team.as_ref()?;
    let entry = loaded.activity.as_ref().ok()?.iter().find(|entry| {
        matches!(
            entry.action,
            AuditAction::TrialEnd | AuditAction::TeamUpgrade | AuditAction::TeamDowngrade
        )
    })?;
    let news = entry.action == AuditAction::TrialEnd
        && loaded.now - entry.at < Duration::days(NOTICE_DAYS);
    news.then_some(TrialEnded {
        at: entry.at,
        kept_clinic: team.kind == TeamKind::Clinic,
        dismissed: false,
    })
}

/// What a load says of the trial: the same end stays dismissed once it was.
pub fn on_loaded(app: &mut App, loaded: &Loaded) {
    let previous = app.trial_ended;
    app.trial_ended = trial_end(loaded).map(|ended| TrialEnded {
        dismissed: previous.is_some_and(|before| before.at == ended.at && before.dismissed),
        ..ended
    });
}

/// Hides the banner.
pub fn dismiss(app: &mut App) -> Vec<Effect> {
    if let Some(ended) = &mut app.trial_ended {
        ended.dismissed = true;
    }
    Vec::new()
}
