//! The Templates tab: new, edited, viewed, copied and deleted templates, and
//! the template read for each of these.

use crate::tui::effects::{Effect, Failure, TemplatePurpose};
use crate::tui::i18n::T;
use crate::tui::state::{App, Level, PromptPurpose};
use crate::tui::update::dialogs::{confirm, editor, prompt, reader};
use crate::workspace::{Command, TemplateView};

/// Asks for the new template's name; the editor opens after it.
pub fn new_template(app: &mut App) -> Vec<Effect> {
    prompt::open(app, T::PromptTemplateName, "", PromptPurpose::NewTemplate);
    Vec::new()
}

/// Reads the template under the cursor, to edit, view or copy.
pub fn load_selected(app: &App, purpose: TemplatePurpose) -> Vec<Effect> {
    match app.lists.templates.selected_row() {
        Some(template) => vec![Effect::LoadTemplate {
            actor: app.actor.clone(),
            name: template.name.clone(),
            purpose,
        }],
        None => Vec::new(),
    }
}

/// Deletes the template under the cursor, once confirmed.
pub fn delete(app: &mut App) -> Vec<Effect> {
    if let Some(template) = app.lists.templates.selected_row().cloned() {
        let words = (T::ConfirmDeleteTemplateTitle, T::ConfirmDeleteTemplateBody);
        let command = Command::RemoveTemplate {
            name: template.name.clone(),
        };
        confirm::ask(app, words, ("name", &template.name), command);
    }
    Vec::new()
}

/// A template read: shown, opened in the editor, offered for a copy, or (after
/// a conflict) handed to the editor as their version.
pub fn on_loaded(
    app: &mut App,
    purpose: TemplatePurpose,
    result: Result<TemplateView, Failure>,
) -> Vec<Effect> {
    let template = match result {
        Ok(template) => template,
        Err(failure) => {
            app.toasts.push(Level::Error, failure.message);
            return Vec::new();
        }
    };
    match purpose {
        TemplatePurpose::View => reader::open_viewer(app, template),
        TemplatePurpose::Edit => editor::open(app, template),
        TemplatePurpose::Copy => {
            let name = app
                .catalogue
                .fill(T::PromptCopyName, &[("name", &template.name)]);
            let purpose = PromptPurpose::CopyTemplate {
                body: template.body,
            };
            prompt::open(app, T::PromptTemplateName, &name, purpose);
        }
        TemplatePurpose::Theirs => editor::on_theirs(app, template),
    }
    Vec::new()
}
