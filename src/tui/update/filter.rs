//! Narrowing and ordering the list on screen: the filter typed under it (in
//! Triage, an address lookup) and the sort column.

use crossterm::event::{KeyCode, KeyEvent};

use super::tabs::triage;
use crate::domain::text::{EMAIL_MAX, RECORDED_LINE_MAX};
use crate::tui::effects::Effect;
use crate::tui::i18n::T;
use crate::tui::list::{ListNav, Order};
use crate::tui::state::{App, Level, Tab};
use crate::tui::text_field::{Edit, Limit, TextField, TooLong};

/// Starts typing a filter, from the one already applied.
pub fn start(app: &mut App) -> Vec<Effect> {
    if app.tab != Tab::Billing {
        app.filter_input = Some(TextField::single(&current(app), limit(app.tab)));
    }
    Vec::new()
}

/// The longest filter: no row holds a longer line of text (a Triage lookup
/// is the beginning of an address).
fn limit(tab: Tab) -> Limit {
    match tab {
        Tab::Triage => Limit::Chars(EMAIL_MAX),
        _ => Limit::Chars(RECORDED_LINE_MAX),
    }
}

/// A key while the filter is typed: Esc clears it, Enter keeps it, the rest edit it.
pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(input) = &mut app.filter_input else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => clear(app),
        KeyCode::Enter => {
            app.filter_input = None;
            Vec::new()
        }
        _ => match input.handle_key(&key, &app.keymap) {
            Edit::Changed => apply(app),
            Edit::Refused(too_long) => refuse(app, too_long),
            Edit::Moved | Edit::Ignored => Vec::new(),
        },
    }
}

/// Pasted text goes into the filter as one edit, or not at all when too long.
pub fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let Some(input) = &mut app.filter_input else {
        return Vec::new();
    };
    match input.insert_str(text) {
        Ok(()) => apply(app),
        Err(too_long) => refuse(app, too_long),
    }
}

fn refuse(app: &mut App, too_long: TooLong) -> Vec<Effect> {
    let sentence = too_long.sentence(&app.catalogue);
    app.toasts.push(Level::Warn, sentence);
    Vec::new()
}

/// Applies the filter being typed; in Triage it is an address lookup.
pub fn apply(app: &mut App) -> Vec<Effect> {
    let Some(input) = &app.filter_input else {
        return Vec::new();
    };
    let text = input.text();
    if app.tab == Tab::Triage {
        return triage::look_up(app, &text);
    }
    if let Some(list) = app.lists.list_mut(app.tab) {
        list.set_filter(&text);
    }
    Vec::new()
}

/// Drops the filter and stops typing it.
pub fn clear(app: &mut App) -> Vec<Effect> {
    app.filter_input = Some(TextField::single("", limit(app.tab)));
    let effects = apply(app);
    app.filter_input = None;
    effects
}

/// The filter applied to the list on screen (in Triage, the lookup).
pub fn current(app: &App) -> String {
    match app.tab {
        Tab::Triage => app.triage_query.clone(),
        tab => app
            .lists
            .list(tab)
            .map_or_else(String::new, |list| list.filter().to_owned()),
    }
}

/// Sorts the list on screen by its next column, and says which.
pub fn cycle_sort(app: &mut App) -> Vec<Effect> {
    let order = app.lists.list_mut(app.tab).and_then(ListNav::cycle_sort);
    say_order(app, order);
    Vec::new()
}

/// Turns the order of the list on screen round, and says how it runs now.
pub fn reverse_sort(app: &mut App) -> Vec<Effect> {
    let order = app.lists.list_mut(app.tab).and_then(ListNav::reverse_sort);
    say_order(app, order);
    Vec::new()
}

/// "sorted by Email ▲", or "oldest first".
fn say_order(app: &mut App, order: Option<Order>) {
    let text = match order {
        Some(Order::Column { column, descending }) => {
            let column = format!("{} {}", app.t(column), Order::arrow(descending));
            app.catalogue.fill(T::SortLabel, &[("column", &column)])
        }
        Some(Order::AsRead(words)) => app.t(words).to_owned(),
        None => return,
    };
    app.toasts.push(Level::Info, text);
}
