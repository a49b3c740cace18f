//! The command palette: typing narrows the actions on offer, Up and Down
//! choose, Enter presses the chosen action's key, Esc closes.

use crossterm::event::KeyCode;

use super::{Pressed, Reply};
use crate::tui::effects::Effect;
use crate::tui::keymap::KeyAction;
use crate::tui::palette;
use crate::tui::state::{App, Dialog, Level};
use crate::tui::text_field::{Edit, Limit, TextField, TooLong};
use crate::tui::update::input;

/// Longer than any action's description.
const QUERY_LIMIT: Limit = Limit::Chars(64);

/// Opens the palette with nothing typed: every action on offer, in keymap order.
pub fn open(app: &mut App) -> Vec<Effect> {
    app.dialog = Some(Dialog::Palette {
        query: TextField::single("", QUERY_LIMIT),
        selected: 0,
    });
    Vec::new()
}

/// Enter closes the palette and presses the chosen action's key, so the
/// action runs exactly as from the tab; arrows choose; the rest is typed.
pub fn on_key(
    app: &mut App,
    query: &mut TextField,
    selected: &mut usize,
    pressed: &Pressed<'_>,
) -> Reply {
    match (pressed.action, pressed.key.code) {
        (Some(KeyAction::Cancel), _) => Reply::CLOSE,
        (Some(KeyAction::Submit), _) => {
            match palette::matching(app, &query.text()).get(*selected) {
                Some(entry) => Reply::Close(input::on_key(app, entry.key.event())),
                None => Reply::STAY,
            }
        }
        (_, KeyCode::Down) => {
            let last = palette::matching(app, &query.text())
                .len()
                .saturating_sub(1);
            *selected = (*selected + 1).min(last);
            Reply::STAY
        }
        (_, KeyCode::Up) => {
            *selected = selected.saturating_sub(1);
            Reply::STAY
        }
        _ => {
            let before = query.text();
            let edit = match query.handle_key(pressed.key, &app.keymap) {
                Edit::Refused(too_long) => Err(too_long),
                _ => Ok(()),
            };
            edited(app, (query, selected), &before, edit);
            Reply::STAY
        }
    }
}

/// Pasted text goes into the query (line breaks become spaces).
pub fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    if let Some(Dialog::Palette {
        mut query,
        mut selected,
    }) = app.dialog.take()
    {
        let before = query.text();
        let edit = query.insert_str(text);
        edited(app, (&query, &mut selected), &before, edit);
        app.dialog = Some(Dialog::Palette { query, selected });
    }
    Vec::new()
}

/// After an edit of the query: a changed query chooses its best match, a
/// refused edit is said.
fn edited(
    app: &mut App,
    (query, selected): (&TextField, &mut usize),
    before: &str,
    edit: Result<(), TooLong>,
) {
    if let Err(too_long) = edit {
        let sentence = too_long.sentence(&app.catalogue);
        app.toasts.push(Level::Warn, sentence);
    }
    if query.text() != before {
        *selected = 0;
    }
}
