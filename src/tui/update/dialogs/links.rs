//! The links an invite or a resend just made, shown to the person who made
//! them until they close the dialog: `y` copies the one chosen to their
//! terminal's clipboard. Links are never toasted (the message log keeps
//! toasts) nor kept once the dialog closes.

use super::{Pressed, Reply};
use crate::sanitize::line;
use crate::tui::clipboard::Secret;
use crate::tui::effects::Effect;
use crate::tui::i18n::T;
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Dialog, Level, Link};
use crate::workspace::{InviteResult, Outcome, SentLink};

/// Keeps the links `outcome` carries, to show once no other dialog is in front.
pub fn take(app: &mut App, outcome: &Outcome) {
    let sent: Vec<&SentLink> = match outcome {
        Outcome::Invited(results) | Outcome::ResentExpired(results) => results
            .iter()
            .filter_map(|result| match result {
                InviteResult::Invited(sent) => Some(sent),
                InviteResult::Refused { .. } => None,
            })
            .collect(),
        Outcome::Resent(sent) => vec![sent],
        _ => Vec::new(),
    };
    app.links_waiting.extend(sent.into_iter().map(|sent| Link {
        email: sent.email.clone(),
        expires_at: sent.expires_at,
        url: Secret::new(sent.link.clone()),
    }));
}

/// Shows the links waiting: in the links dialog (added to it when it is
/// open), or later, while another dialog is in front.
pub fn show_waiting(app: &mut App) {
    if app.links_waiting.is_empty() {
        return;
    }
    match &mut app.dialog {
        None => {
            app.dialog = Some(Dialog::Links {
                links: std::mem::take(&mut app.links_waiting),
                selected: 0,
            });
        }
        Some(Dialog::Links { links, .. }) => links.append(&mut app.links_waiting),
        Some(_) => {}
    }
}

/// `y` copies the link chosen, arrows choose, Esc (or q) closes.
pub fn on_key(app: &mut App, links: &[Link], selected: &mut usize, pressed: &Pressed<'_>) -> Reply {
    match (pressed.action, pressed.navigation) {
        (Some(KeyAction::Cancel), _) | (_, Some(KeyAction::Quit)) => Reply::CLOSE,
        (Some(KeyAction::CopyLink), _) => {
            let Some(link) = links.get(*selected) else {
                return Reply::STAY;
            };
            let text = app
                .catalogue
                .fill(T::LinkCopied, &[("email", &line(&link.email))]);
            app.toasts.push(Level::Info, text);
            Reply::Stay(vec![Effect::Copy(link.url.clone())])
        }
        (_, Some(KeyAction::Down)) => {
            *selected = (*selected + 1).min(links.len().saturating_sub(1));
            Reply::STAY
        }
        (_, Some(KeyAction::Up)) => {
            *selected = selected.saturating_sub(1);
            Reply::STAY
        }
        _ => Reply::STAY,
    }
}
