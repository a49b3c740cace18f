//! The dialogs, one module each: how it opens, the keys it answers while
//! open, and what it makes of the answer to what it sent.

pub mod card;
pub mod confirm;
pub mod editor;
pub mod invite;
pub mod links;
pub mod palette;
pub mod picker;
pub mod preview;
pub mod prompt;
pub mod reader;
pub mod role;

use crossterm::event::KeyEvent;

use crate::tui::effects::Effect;
use crate::tui::keymap::{Context, Key, KeyAction};
use crate::tui::state::{App, Dialog};
use crate::tui::view;

/// One key as a dialog sees it.
pub struct Pressed<'a> {
    /// The key itself, for typing into a text field.
    pub key: &'a KeyEvent,
    /// What it means in the dialog's own context: submit, cancel, save, yes...
    pub action: Option<KeyAction>,
    /// What it means everywhere: up, down, help, quit...
    pub navigation: Option<KeyAction>,
}

/// What a key did to the open dialog.
pub enum Reply {
    /// The dialog stays open (unless the key opened another in its place).
    Stay(Vec<Effect>),
    /// The dialog closes.
    Close(Vec<Effect>),
}

impl Reply {
    /// Stays open, nothing to run.
    pub const STAY: Reply = Reply::Stay(Vec::new());
    /// Closes, nothing to run.
    pub const CLOSE: Reply = Reply::Close(Vec::new());
}

/// Hands a key to the open dialog, which keeps the keys until it closes.
pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(mut dialog) = app.dialog.take() else {
        return Vec::new();
    };
    let typed = Key::from_event(&key);
    let pressed = Pressed {
        key: &key,
        action: app.keymap.resolve(dialog.context(), typed),
        navigation: app.keymap.resolve(Context::Global, typed),
    };
    match answer(app, &mut dialog, &pressed) {
        Reply::Stay(effects) => {
            if app.dialog.is_none() {
                app.dialog = Some(dialog);
            }
            effects
        }
        Reply::Close(effects) => effects,
    }
}

/// The dialog's own handler, with the fields it works on.
fn answer(app: &mut App, dialog: &mut Dialog, pressed: &Pressed<'_>) -> Reply {
    let reader_end = view::reader_end(app, dialog, app.size);
    match dialog {
        Dialog::Help { scroll } | Dialog::Messages { scroll } | Dialog::Viewer { scroll, .. } => {
            reader::on_key(app, scroll, reader_end, pressed)
        }
        Dialog::Confirm {
            command,
            typed: None,
            bulk,
            ..
        } => confirm::on_yes_no(app, command, bulk.as_ref(), pressed),
        Dialog::Confirm {
            command,
            typed: Some((expected, input)),
            error,
            ..
        } => confirm::on_typed(app, command, (expected, input), error, pressed),
        Dialog::Invite {
            addresses,
            role,
            field,
            error,
            sending,
            cost,
        } => {
            let form = invite::Form {
                addresses,
                role,
                field,
                error,
                sending,
                cost,
            };
            invite::on_key(app, form, pressed)
        }
        Dialog::ChangeRole {
            email,
            from,
            role,
            cost,
            ..
        } => role::on_key(app, (email, *from), role, cost, pressed),
        Dialog::Prompt { input, purpose, .. } => prompt::on_key(app, input, purpose, pressed),
        Dialog::Editor {
            name,
            base_version,
            area,
            saving,
            conflict,
            error,
            original,
            discard_armed,
        } => {
            let editing = editor::Editing {
                name,
                base_version: *base_version,
                area,
                saving,
                theirs: conflict.as_ref().map(|(version, _)| *version),
                error,
                original,
                discard_armed,
            };
            editor::on_key(app, editing, pressed)
        }
        Dialog::Picker {
            entries,
            selected,
            remember,
            ..
        } => picker::on_key(app, entries, selected, *remember, pressed),
        Dialog::Card(form) => card::on_key(app, form, pressed),
        Dialog::Palette { query, selected } => palette::on_key(app, query, selected, pressed),
        Dialog::Links { links, selected } => links::on_key(app, links, selected, pressed),
    }
}
