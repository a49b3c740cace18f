//! The read-only dialogs, help and the template viewer: they scroll and close.

use super::{Pressed, Reply};
use crate::tui::effects::Effect;
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Dialog};
use crate::workspace::TemplateView;

/// Opens the help overlay at its top.
pub fn open_help(app: &mut App) -> Vec<Effect> {
    app.dialog = Some(Dialog::Help { scroll: 0 });
    Vec::new()
}

/// Shows the message log.
pub fn open_messages(app: &mut App) -> Vec<Effect> {
    app.dialog = Some(Dialog::Messages { scroll: 0 });
    Vec::new()
}

/// Shows a template's text, read only.
pub fn open_viewer(app: &mut App, template: TemplateView) {
    app.dialog = Some(Dialog::Viewer {
        template,
        scroll: 0,
    });
}

/// Scrolls by line, page or to the top, never past `end` (the last line
/// at the bottom); Help and Quit close as well as Esc and Enter.
pub fn on_key(app: &App, scroll: &mut usize, end: usize, pressed: &Pressed<'_>) -> Reply {
    match (pressed.action, pressed.navigation) {
        (Some(KeyAction::Cancel | KeyAction::Submit), _) => return Reply::CLOSE,
        (_, Some(KeyAction::Help | KeyAction::Quit)) => return Reply::CLOSE,
        (_, Some(KeyAction::Down)) => *scroll += 1,
        (_, Some(KeyAction::Up)) => *scroll = scroll.saturating_sub(1),
        (_, Some(KeyAction::PageDown)) => *scroll += app.screen.page.max(1),
        (_, Some(KeyAction::PageUp)) => *scroll = scroll.saturating_sub(app.screen.page.max(1)),
        (_, Some(KeyAction::Top)) => *scroll = 0,
        _ => {}
    }
    *scroll = (*scroll).min(end);
    Reply::STAY
}
