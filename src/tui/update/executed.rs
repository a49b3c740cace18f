//! A command's answer: the dialog that sent it learns how it went and a toast
//! says what was done (or why not). What is shown is read again when the
//! workspace announces the change, as for a change made elsewhere.

use super::announce::announce;
use super::dialogs::{card, editor, invite, links};
use crate::tui::effects::{Effect, Failure};
use crate::tui::state::{App, Level, Tab};
use crate::workspace::{Command, Outcome};

/// Takes in a command's outcome or the reason it was refused.
pub fn on_executed(
    app: &mut App,
    command: &Command,
    result: Result<Outcome, Failure>,
) -> Vec<Effect> {
    let saving_editor = editor::is_saving(app);
    invite::on_answer(app, &result);
    // A refused card is shown in its form, not in a toast as well.
    let in_card_form = card::on_answer(app, &result);
    match result {
        Ok(outcome) => {
            if saving_editor {
                app.dialog = None;
            }
            announce(app, command, &outcome);
            links::take(app, &outcome);
            if matches!(
                outcome,
                Outcome::TeamDeleted { .. } | Outcome::Removed { .. }
            ) && app.team.is_none()
            {
                app.tab = Tab::Members;
            }
            Vec::new()
        }
        Err(failure) if saving_editor => editor::on_refused(app, &failure),
        Err(_) if in_card_form => Vec::new(),
        Err(failure) => {
            let code = failure.code.map(|c| format!(" ({c})")).unwrap_or_default();
            app.toasts
                .push(Level::Error, format!("{}{code}", failure.message));
            Vec::new()
        }
    }
}
