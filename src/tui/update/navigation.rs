//! Moving around: between tabs, along the list on screen, into a row's
//! detail and back out.

use super::filter;
use super::tabs::{billing, templates};
use crate::domain::Action;
use crate::tui::effects::{Effect, TemplatePurpose};
use crate::tui::keymap::KeyAction;
use crate::tui::list::ListNav;
use crate::tui::state::{App, Tab};

/// Shows `tab`, if this person has it.
pub fn switch_tab(app: &mut App, tab: Tab) -> Vec<Effect> {
    if app.tabs().contains(&tab) {
        app.tab = tab;
        app.detail_open = false;
    }
    Vec::new()
}

/// The next tab (or the previous), wrapping around.
pub fn step_tab(app: &mut App, forward: bool) -> Vec<Effect> {
    let tabs = app.tabs();
    let at = tabs.iter().position(|&t| t == app.tab).unwrap_or(0);
    let step = if forward { 1 } else { tabs.len() - 1 };
    switch_tab(app, tabs[(at + step) % tabs.len()])
}

/// The tab a number key names, counting the tabs this person has.
pub fn go_to_tab(app: &mut App, action: KeyAction) -> Vec<Effect> {
    match action
        .tab_index()
        .and_then(|index| app.tabs().get(index).copied())
    {
        Some(tab) => switch_tab(app, tab),
        None => Vec::new(),
    }
}

/// Where the selection is in the list on screen.
pub fn current_index(app: &App) -> usize {
    app.lists
        .list(app.tab)
        .map_or(app.invoice.selected, ListNav::selected_index)
}

/// Moves the selection of the list on screen by `delta` rows (negative: up).
pub fn move_selection(app: &mut App, delta: isize) {
    match app.lists.list_mut(app.tab) {
        Some(list) => list.move_by(delta),
        None => billing::choose_invoice(app, delta),
    }
}

/// One row up or down.
pub fn step(app: &mut App, rows: isize) -> Vec<Effect> {
    move_selection(app, rows);
    Vec::new()
}

/// A page up or down: as many rows as were last drawn. In Billing the
/// invoice's lines scroll instead.
pub fn page(app: &mut App, pages: isize) -> Vec<Effect> {
    let rows = pages * app.screen.page.max(1) as isize;
    if app.tab == Tab::Billing {
        billing::scroll_lines(app, rows);
    } else {
        move_selection(app, rows);
    }
    Vec::new()
}

/// The first row, or the last.
pub fn jump(app: &mut App, to_end: bool) -> Vec<Effect> {
    match app.lists.list_mut(app.tab) {
        Some(list) if to_end => list.select_last(),
        Some(list) => list.select_first(),
        None => billing::choose_invoice(app, if to_end { isize::MAX } else { isize::MIN }),
    }
    Vec::new()
}

/// Opens the row under the cursor: a template in the viewer, anything else in
/// the detail pane (or closes the pane).
pub fn details(app: &mut App) -> Vec<Effect> {
    match app.tab {
        Tab::Templates if app.may(Action::UseTemplates) => {
            templates::load_selected(app, TemplatePurpose::View)
        }
        _ => {
            app.detail_open = !app.detail_open;
            Vec::new()
        }
    }
}

/// One step back: out of the detail pane, then out of the filter (marks
/// made through it stay), then off the marked rows, then (for support
/// staff) out of the team they opened.
pub fn back(app: &mut App) -> Vec<Effect> {
    if app.detail_open {
        app.detail_open = false;
        return Vec::new();
    }
    if !filter::current(app).is_empty() {
        return filter::clear(app);
    }
    if let Some(list) = app.lists.list_mut(app.tab)
        && list.marked_count() > 0
    {
        list.clear_marks();
        return Vec::new();
    }
    if app.is_support() && app.team.is_some() {
        app.team = None;
        app.tab = Tab::Triage;
        return vec![app.load()];
    }
    Vec::new()
}
