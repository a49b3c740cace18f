//! The Triage tab, for support staff: invitations looked up by address
//! across teams, and the team of one opened to act on it.

use crate::tui::effects::{Effect, Failure};
use crate::tui::state::{App, Level, Tab};
use crate::workspace::TriageRow;

/// Looks `text` up as an address; an empty lookup empties the list.
pub fn look_up(app: &mut App, text: &str) -> Vec<Effect> {
    app.triage_query = text.trim().to_lowercase();
    if app.triage_query.is_empty() {
        app.lists.triage.set_rows(Vec::new());
        return Vec::new();
    }
    vec![Effect::Triage {
        actor: app.actor.clone(),
        query: app.triage_query.clone(),
    }]
}

/// The rows found for `query`, unless a newer lookup has been typed since.
pub fn on_found(
    app: &mut App,
    query: &str,
    result: Result<Vec<TriageRow>, Failure>,
) -> Vec<Effect> {
    if query == app.triage_query {
        match result {
            Ok(rows) => app.lists.triage.set_rows(rows),
            Err(failure) => app.toasts.push(Level::Error, failure.message),
        }
    }
    Vec::new()
}

/// Opens the team of the invitation under the cursor.
pub fn open_team(app: &mut App) -> Vec<Effect> {
    let Some(row) = app.lists.triage.selected_row() else {
        return Vec::new();
    };
    app.team = Some(row.invitation.team);
    app.tab = Tab::Invitations;
    app.detail_open = false;
    vec![app.load()]
}
