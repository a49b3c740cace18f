//! Terminal input routed to whatever has it: the open dialog first, then a
//! filter being typed, then the keymap of the tab on screen.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::{actions, dialogs, filter, navigation};
use crate::tui::effects::Effect;
use crate::tui::keymap::Key;
use crate::tui::state::{App, Dialog};

/// A key press: Ctrl-C always quits; while the terminal is too small keys are ignored.
pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.kind != KeyEventKind::Press {
        return Vec::new();
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return actions::quit(app);
    }
    if let (KeyCode::Char(_), true) = (key.code, key.modifiers.contains(KeyModifiers::ALT)) {
        // Terminals send Alt+x as Esc then x, so Esc and a quick next key arrive
        // as Alt+x. No binding uses Alt: take it as the two keys it most
        // likely was.
        let mut effects = on_key(app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        let plain = KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT);
        effects.extend(on_key(app, plain));
        return effects;
    }
    if app.too_small() {
        return Vec::new();
    }
    if app.dialog.is_some() {
        return dialogs::on_key(app, key);
    }
    if app.filter_input.is_some() {
        return filter::on_key(app, key);
    }
    match app.keymap.resolve(app.tab.context(), Key::from_event(&key)) {
        Some(action) => actions::on_action(app, action),
        None => Vec::new(),
    }
}

/// Pasted text goes into the text field that has the keys, or the filter.
pub fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    match &mut app.dialog {
        Some(Dialog::Invite { .. }) => dialogs::invite::on_paste(app, text),
        Some(Dialog::Card(_)) => dialogs::card::on_paste(app, text),
        Some(Dialog::Prompt { .. }) => dialogs::prompt::on_paste(app, text),
        Some(Dialog::Palette { .. }) => dialogs::palette::on_paste(app, text),
        Some(Dialog::Editor { area, error, .. }) => {
            if let Err(too_long) = area.insert_str(text) {
                *error = Some(too_long.sentence(&app.catalogue));
            }
            Vec::new()
        }
        Some(Dialog::Confirm {
            typed: Some((_, input)),
            error,
            ..
        }) => {
            if let Err(too_long) = input.insert_str(text) {
                *error = Some(too_long.sentence(&app.catalogue));
            }
            Vec::new()
        }
        Some(_) => Vec::new(),
        None => filter::on_paste(app, text),
    }
}

/// The wheel scrolls the list; a click picks a tab or a row. Off unless asked for.
pub fn on_mouse(app: &mut App, mouse: MouseEvent) -> Vec<Effect> {
    if !app.mouse || app.dialog.is_some() {
        return Vec::new();
    }
    match mouse.kind {
        MouseEventKind::ScrollDown => navigation::move_selection(app, 3),
        MouseEventKind::ScrollUp => navigation::move_selection(app, -3),
        MouseEventKind::Down(_) => {
            let at = ratatui::layout::Position::new(mouse.column, mouse.row);
            if let Some(&(_, tab)) = app.screen.tabs.iter().find(|(area, _)| area.contains(at)) {
                return navigation::switch_tab(app, tab);
            }
            if let Some((area, offset)) = app.screen.list
                && area.contains(at)
            {
                let row = offset + usize::from(mouse.row - area.y);
                let current = navigation::current_index(app);
                navigation::move_selection(app, row as isize - current as isize);
            }
        }
        _ => {}
    }
    Vec::new()
}
