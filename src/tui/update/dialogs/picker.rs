//! The person picker: whom the console acts as, chosen from every account
//! at the start, or from the demo's people at any time.

use super::{Pressed, Reply};
use crate::sanitize::line;
use crate::tui::effects::{Effect, Failure};
use crate::tui::i18n::Catalogue;
use crate::tui::i18n::T;
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Dialog, InvoiceCursor, Level, PickEntry, Tab};
use crate::tui::update::actions;
use crate::tui::view::format;
use crate::workspace::{AccountSummary, Actor};

/// Offers `entries`, the person acted as chosen; `remember` keeps the
/// choice for the next start.
pub fn open(app: &mut App, title: T, entries: Vec<PickEntry>, remember: bool) {
    let title = app.t(title).to_owned();
    let selected = entries
        .iter()
        .position(
            |entry| matches!(&app.actor, Actor::Person(email) if email.as_str() == entry.email),
        )
        .unwrap_or(0);
    app.dialog = Some(Dialog::Picker {
        title,
        entries,
        selected,
        remember,
    });
}

/// The accounts, read at the start or on the switch key, offered in the picker.
pub fn on_accounts(app: &mut App, result: Result<Vec<AccountSummary>, Failure>) -> Vec<Effect> {
    let title = if app.loaded.is_some() {
        T::SwitcherTitle
    } else {
        T::PickerTitle
    };
    match result {
        Ok(accounts) => {
            let entries = account_entries(&app.catalogue, &accounts);
            open(app, title, entries, true);
        }
        Err(failure) => app.toasts.push(Level::Error, failure.message),
    }
    Vec::new()
}

/// Picker entries for every account: each by name, with their address and
/// their team, support standing or plan in the console's words.
fn account_entries(cat: &Catalogue, accounts: &[AccountSummary]) -> Vec<PickEntry> {
    accounts
        .iter()
        .map(|account| {
            let standing = match (&account.team, account.staff) {
                (_, true) => cat.get(T::RoleSupport).to_owned(),
                (Some(team), false) => line(team).into_owned(),
                (None, false) => format::personal_plan(cat, &account.plan),
            };
            PickEntry {
                label: account.name.clone(),
                detail: format!("{} · {standing}", account.email),
                email: account.email.clone(),
            }
        })
        .collect()
}

/// Up and down choose, Enter acts as the one chosen, Esc closes. Before
/// anyone is chosen there is nothing behind the picker: closing it (Esc or
/// the quit key) ends the console.
pub fn on_key(
    app: &mut App,
    entries: &[PickEntry],
    selected: &mut usize,
    remember: bool,
    pressed: &Pressed<'_>,
) -> Reply {
    match (pressed.action, pressed.navigation) {
        (Some(KeyAction::Cancel), _) if app.loaded.is_some() => Reply::CLOSE,
        (Some(KeyAction::Cancel), _) => Reply::Close(actions::quit(app)),
        (Some(KeyAction::Submit), _) => match entries.get(*selected) {
            Some(entry) => Reply::Close(switch_person(app, entry.email.clone(), remember)),
            None => Reply::STAY,
        },
        (_, Some(KeyAction::Quit)) if app.loaded.is_none() => Reply::Close(actions::quit(app)),
        (_, Some(KeyAction::Down)) => {
            *selected = (*selected + 1).min(entries.len().saturating_sub(1));
            Reply::STAY
        }
        (_, Some(KeyAction::Up)) => {
            *selected = selected.saturating_sub(1);
            Reply::STAY
        }
        _ => Reply::STAY,
    }
}

/// Acts as another person from now on.
fn switch_person(app: &mut App, email: String, remember: bool) -> Vec<Effect> {
    let mut effects = Vec::new();
    if remember {
        effects.push(Effect::RememberAccount(email.clone()));
    }
    match Actor::person(&email) {
        Ok(actor) => {
            app.actor = actor;
            // Links are shown only to the person who made them.
            app.links_waiting.clear();
            app.team = None;
            app.tab = Tab::Members;
            app.detail_open = false;
            app.invoice = InvoiceCursor::default();
            let text = app
                .catalogue
                .fill(T::DoneSwitched, &[("email", &line(&email))]);
            app.toasts.push(Level::Info, text);
            effects.push(app.load());
        }
        Err(error) => app.toasts.push(Level::Error, error.to_string()),
    }
    effects
}
