//! A command's answer: the dialog that sent it learns how it went, a toast
//! says what was done (or why not), and what is shown is read again.

use super::dialogs::{editor, invite};
use crate::sanitize::line;
use crate::tui::effects::{Effect, Failure};
use crate::tui::i18n::T;
use crate::tui::state::{App, Level, Tab};
use crate::tui::view::format;
use crate::workspace::{Actor, InviteResult, Outcome};

/// Takes in a command's outcome or the reason it was refused.
pub fn on_executed(app: &mut App, result: Result<Outcome, Failure>) -> Vec<Effect> {
    let saving_editor = editor::is_saving(app);
    invite::on_answer(app, &result);
    match result {
        Ok(outcome) => {
            if saving_editor {
                app.dialog = None;
            }
            announce(app, &outcome);
            if matches!(
                outcome,
                Outcome::TeamDeleted { .. } | Outcome::Removed { .. }
            ) && app.team.is_none()
            {
                app.tab = Tab::Members;
            }
            vec![app.load()]
        }
        Err(failure) if saving_editor => editor::on_refused(app, &failure),
        Err(failure) => {
            let code = failure.code.map(|c| format!(" ({c})")).unwrap_or_default();
            app.toast(Level::Error, format!("{}{code}", failure.message));
            Vec::new()
        }
    }
}

/// A toast saying what a command did.
fn announce(app: &mut App, outcome: &Outcome) {
    let cat = &app.catalogue;
    let text = match outcome {
        Outcome::Invited(results) | Outcome::ResentExpired(results) => {
            let done = match outcome {
                Outcome::Invited(_) => T::DoneInvited,
                _ => T::DoneResentExpired,
            };
            let invited = results
                .iter()
                .filter(|r| matches!(r, InviteResult::Invited(_)))
                .count();
            let mut refusals = Vec::new();
            for result in results {
                if let InviteResult::Refused { email, error, .. } = result {
                    refusals.push(cat.fill(
                        T::DoneInviteRefused,
                        &[("email", &line(email)), ("reason", &line(error))],
                    ));
                }
            }
            let text = cat.fill(done, &[("count", &invited)]);
            for refusal in refusals {
                app.toast(Level::Warn, refusal);
            }
            text
        }
        Outcome::Resent(sent) => cat.fill(T::DoneResent, &[("email", &line(&sent.email))]),
        Outcome::Revoked(view) => cat.fill(T::DoneRevoked, &[("email", &line(&view.email))]),
        Outcome::Removed { email, .. } if matches!(&app.actor, Actor::Person(me) if me.as_str() == email) => {
            cat.get(T::DoneLeft).to_owned()
        }
        Outcome::Removed { email, .. } => cat.fill(T::DoneRemoved, &[("email", &line(email))]),
        Outcome::Member(view) => cat.fill(
            T::DoneRole,
            &[
                ("name", &line(&view.name)),
                ("role", &format::role(&app.catalogue, view.role, false)),
            ],
        ),
        Outcome::Team(_) => cat.get(T::DoneTeamChanged).to_owned(),
        Outcome::TeamDeleted { name, .. } => cat.fill(T::DoneTeamDeleted, &[("team", &line(name))]),
        Outcome::Template(view) => cat.fill(
            T::DoneTemplateSaved,
            &[("name", &line(&view.name)), ("version", &view.version)],
        ),
        Outcome::TemplateRemoved { name } => {
            cat.fill(T::DoneTemplateDeleted, &[("name", &line(name))])
        }
        Outcome::Account(_) | Outcome::Joined(_) | Outcome::Billing(_) => {
            cat.get(T::DoneTeamChanged).to_owned()
        }
    };
    app.toast(Level::Info, text);
}
