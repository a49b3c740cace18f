//! The demo's own keys: act as another person of the demo team, and move the
//! shared clock forward to watch invitations expire and invoices fall due.

use chrono::{DateTime, Duration, Utc};

use super::dialogs::picker;
use super::loaded;
use crate::tui::effects::{Effect, ForEach};
use crate::tui::i18n::T;
use crate::tui::state::{App, Level, PickEntry};

/// Offers the demo's people in the picker, each by their part in the
/// console's language; on the operator's console, every account.
pub fn switch_person(app: &mut App) -> Vec<Effect> {
    if app.operator {
        return vec![Effect::ListAccounts];
    }
    if let Some(people) = &app.demo {
        let entries = people
            .iter()
            .map(|person| PickEntry {
                label: app.catalogue.fill(
                    T::DemoPart,
                    &[("part", &person.part.to_lowercase().replace(' ', "-"))],
                ),
                detail: person.email.clone(),
                email: person.email.clone(),
            })
            .collect();
        picker::open(app, T::SwitcherTitle, entries, false);
    }
    Vec::new()
}

/// Moves the demo's clock `days` forward (nothing outside the demo).
pub fn advance_clock(app: &App, days: i64) -> Vec<Effect> {
    if app.demo.is_none() {
        return Vec::new();
    }
    vec![Effect::AdvanceClock(Duration::days(days))]
}

/// Says the new date and reloads what it changed.
pub fn on_clock_moved(app: &mut App, now: DateTime<Utc>) -> Vec<Effect> {
    let text = app
        .catalogue
        .fill(T::DoneClock, &[("date", &now.format("%Y-%m-%d"))]);
    app.toasts.push(Level::Info, text);
    // Time moves every invitation's expiry and the billing period.
    loaded::touch(app, ForEach::ALL);
    vec![app.load()]
}
