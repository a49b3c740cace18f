//! The one-line prompt: a team's new name, or a template's name before it is
//! written or copied.

use super::{Pressed, Reply};
use crate::domain::text::{
    EMAIL_MAX, TEAM_NAME_MAX, TEMPLATE_NAME_MAX, holds_card_number, template_name,
};
use crate::sanitize::{line, sentence};
use crate::tui::effects::Effect;
use crate::tui::i18n::T;
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Dialog, Level, PromptPurpose};
use crate::tui::text_field::{Edit, Limit, TextField};
use crate::workspace::{BillingRequest, Command, TeamSettings};

/// Asks for one line, starting from `text`, for `purpose`.
pub fn open(app: &mut App, title: T, text: &str, purpose: PromptPurpose) {
    let title = app.t(title).to_owned();
    app.dialog = Some(Dialog::Prompt {
        title,
        input: TextField::single(text, limit(&purpose)),
        purpose,
    });
}

/// As long as what the line names may be.
fn limit(purpose: &PromptPurpose) -> Limit {
    Limit::Chars(match purpose {
        PromptPurpose::RenameTeam => TEAM_NAME_MAX,
        PromptPurpose::NewTemplate | PromptPurpose::CopyTemplate { .. } => TEMPLATE_NAME_MAX,
        PromptPurpose::BillingEmail => EMAIL_MAX,
    })
}

/// Enter submits, Esc closes, the rest edit the line.
pub fn on_key(
    app: &mut App,
    input: &mut TextField,
    purpose: &PromptPurpose,
    pressed: &Pressed<'_>,
) -> Reply {
    match pressed.action {
        Some(KeyAction::Cancel) => Reply::CLOSE,
        Some(KeyAction::Submit) => submit(app, input.text(), purpose),
        _ => {
            if let Edit::Refused(too_long) = input.handle_key(pressed.key, &app.keymap) {
                let sentence = too_long.sentence(&app.catalogue);
                app.toasts.push(Level::Warn, sentence);
            }
            refuse_card_number(app, input, purpose);
            Reply::STAY
        }
    }
}

/// Pasted text goes into the line (line breaks become spaces).
pub fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    if let Some(Dialog::Prompt {
        title,
        mut input,
        purpose,
    }) = app.dialog.take()
    {
        if let Err(too_long) = input.insert_str(text) {
            let sentence = too_long.sentence(&app.catalogue);
            app.toasts.push(Level::Warn, sentence);
        }
        refuse_card_number(app, &mut input, &purpose);
        app.dialog = Some(Dialog::Prompt {
            title,
            input,
            purpose,
        });
    }
    Vec::new()
}

/// A full card number typed or pasted where the billing email goes is
/// cleared at once, so it is neither kept nor sent, and a toast says why.
fn refuse_card_number(app: &mut App, input: &mut TextField, purpose: &PromptPurpose) {
    if *purpose == PromptPurpose::BillingEmail && holds_card_number(&input.text()) {
        input.clear();
        app.toasts
            .push(Level::Warn, app.t(T::CardNumberRefused).to_owned());
    }
}

/// Whether the team has a template by this name already (names ignore
/// case), so that a new one is refused before its body is typed.
fn name_taken(app: &App, name: &str) -> bool {
    let name = name.trim().to_lowercase();
    app.lists
        .templates
        .rows()
        .iter()
        .any(|template| template.name.to_lowercase() == name)
}

/// Why a new template's name would be refused, said before its body is
/// typed: a name the domain's rules refuse, or one the team has already.
fn new_template_refusal(app: &App, name: &str) -> Option<String> {
    if let Err(refused) = template_name(name) {
        return Some(sentence(&refused.to_string()));
    }
    name_taken(app, name).then(|| {
        app.catalogue
            .fill(T::TemplateNameTaken, &[("name", &line(name.trim()))])
    })
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
        PromptPurpose::NewTemplate => match new_template_refusal(app, &text) {
            Some(refusal) => {
                app.toasts.push(Level::Warn, refusal);
                Reply::STAY
            }
            None => {
                app.dialog = Some(Dialog::editor(text, None, ""));
                Reply::CLOSE
            }
        },
        PromptPurpose::BillingEmail => {
            let request = BillingRequest {
                billing_email: Some(text),
                ..BillingRequest::default()
            };
            Reply::Close(vec![app.execute(Command::UpdateBilling(request))])
        }
    }
}
