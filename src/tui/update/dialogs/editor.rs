//! The template editor: unsaved text is never lost to one key, and when
//! someone else saved first their version is fetched while the text typed
//! here stays.

use super::{Pressed, Reply};
use crate::tui::effects::{Effect, Failure, TemplatePurpose};
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Dialog};
use crate::tui::text_field::{Edit, TextField};
use crate::workspace::{Command, TemplateView};

/// The editor's fields, borrowed while it answers a key.
pub struct Editing<'a> {
    pub name: &'a str,
    /// The version opened; `None` for a new template.
    pub base_version: Option<u32>,
    pub area: &'a mut TextField,
    pub saving: &'a mut bool,
    /// After a conflict: the version someone else saved.
    pub theirs: Option<u32>,
    pub error: &'a mut Option<String>,
    /// The text as opened.
    pub original: &'a str,
    pub discard_armed: &'a mut bool,
}

/// Opens the editor on a template as read.
pub fn open(app: &mut App, template: TemplateView) {
    app.dialog = Some(Dialog::editor(
        template.name,
        Some(template.version),
        &template.body,
    ));
}

/// Esc closes (asking first when text would be lost), the save key saves,
/// the rest edit the text while no save is under way.
pub fn on_key(app: &App, editing: Editing<'_>, pressed: &Pressed<'_>) -> Reply {
    match pressed.action {
        // Unsaved text is never thrown away on one key: the first Esc asks.
        Some(KeyAction::Cancel)
            if editing.area.text() != editing.original && !*editing.discard_armed =>
        {
            *editing.discard_armed = true;
            Reply::STAY
        }
        Some(KeyAction::Cancel) => Reply::CLOSE,
        Some(KeyAction::Save) if !*editing.saving => save(app, editing),
        _ => {
            if !*editing.saving {
                let edit = editing.area.handle_key(pressed.key, &app.keymap);
                if let Edit::Refused(too_long) = edit {
                    *editing.error = Some(too_long.sentence(&app.catalogue));
                }
                *editing.discard_armed = false;
            }
            Reply::STAY
        }
    }
}

/// Saves a new template, or a new version of the one opened; the editor stays
/// open until the answer.
fn save(app: &App, editing: Editing<'_>) -> Reply {
    let name = editing.name.to_owned();
    let body = editing.area.text();
    let command = match editing.base_version {
        None => Command::AddTemplate { name, body },
        // After a conflict, saving means deliberately replacing their version.
        Some(opened) => Command::EditTemplate {
            name,
            body,
            based_on: editing.theirs.unwrap_or(opened),
        },
    };
    *editing.saving = true;
    *editing.error = None;
    *editing.discard_armed = false;
    Reply::Stay(vec![app.execute(command)])
}

/// Whether the editor is open with a save under way.
pub fn is_saving(app: &App) -> bool {
    matches!(app.dialog, Some(Dialog::Editor { saving: true, .. }))
}

/// A save was refused: the reason is shown, and after a conflict their
/// version is fetched; the text typed here stays.
pub fn on_refused(app: &mut App, failure: &Failure) -> Vec<Effect> {
    let Some(Dialog::Editor {
        saving,
        error,
        name,
        ..
    }) = &mut app.dialog
    else {
        return Vec::new();
    };
    *saving = false;
    *error = Some(failure.message.clone());
    if !failure.conflict {
        return Vec::new();
    }
    vec![Effect::LoadTemplate {
        actor: app.actor.clone(),
        name: name.clone(),
        purpose: TemplatePurpose::Theirs,
    }]
}

/// Someone else's newer version, read after a conflict: the editor says
/// whose, and saving now replaces it.
pub fn on_theirs(app: &mut App, template: TemplateView) {
    if let Some(Dialog::Editor { conflict, .. }) = &mut app.dialog {
        *conflict = Some((template.version, template.updated_by.name));
    }
}
