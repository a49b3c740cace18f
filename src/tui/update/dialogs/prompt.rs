//! The one-line prompt: a team's new name, or a template's name before it is
//! written or copied.

use super::{Pressed, Reply};
use crate::tui::i18n::T;
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Dialog, PromptPurpose};
use crate::tui::text_area::TextArea;
use crate::workspace::{Command, TeamSettings};

/// Asks for one line, starting from `text`, for `purpose`.
pub fn open(app: &mut App, title: T, text: &str, purpose: PromptPurpose) {
    let title = app.t(title).to_owned();
    app.dialog = Some(Dialog::Prompt {
        title,
        input: TextArea::single(text),
        purpose,
    });
}

/// Enter submits, Esc closes, the rest edit the line.
pub fn on_key(
    app: &mut App,
    input: &mut TextArea,
    purpose: &PromptPurpose,
    pressed: &Pressed<'_>,
) -> Reply {
    match pressed.action {
        Some(KeyAction::Cancel) => Reply::CLOSE,
        Some(KeyAction::Submit) => submit(app, input.text(), purpose),
        _ => {
            input.handle_key(pressed.key);
            Reply::STAY
        }
    }
}

/// Renames the team, copies the template, or opens the editor on a new one.
fn submit(app: &mut App, text: String, purpose: &PromptPurpose) -> Reply {
    match purpose {
        PromptPurpose::RenameTeam => {
            let settings = TeamSettings {
                name: Some(text),
                ..TeamSettings::default()
            };
            Reply::Close(vec![app.execute(Command::ChangeSettings(settings))])
        }
        PromptPurpose::CopyTemplate { body } => {
            let command = Command::AddTemplate {
                name: text,
                body: body.clone(),
            };
            Reply::Close(vec![app.execute(command)])
        }
        PromptPurpose::NewTemplate => {
            app.dialog = Some(Dialog::editor(text, None, ""));
            Reply::CLOSE
        }
    }
}
