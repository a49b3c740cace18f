//! `update`: the one place state changes. It turns a message into new state
//! and the effects to run; it never touches the workspace or the terminal.
//!
//! It is split the way the console is: `input` routes terminal input to the
//! open dialog, the filter being typed or the keymap; `actions` hands each key
//! action to its handler: list `navigation` and `filter`, the `tabs`' own
//! actions, the `demo`'s; `dialogs` open and answer keys, one module each;
//! `loaded` and `executed` take the workspace's answers back in.

mod actions;
mod announce;
mod demo;
mod dialogs;
mod executed;
mod filter;
mod input;
mod loaded;
mod navigation;
mod notice;
mod tabs;

use super::effects::{Effect, Msg};
use super::state::App;
use super::view;

pub use dialogs::invite::split_addresses;
pub use dialogs::role::{ROLE_CHOICES, role_choices};

/// Applies one message; returns the effects it asks for, the read of a
/// large team's list whose tab has just come into view, and the read of
/// the timeline of an invitation that has just come into detail.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut effects = apply(app, msg);
    dialogs::links::show_waiting(app);
    effects.extend(loaded::read_shown(app));
    effects.extend(tabs::invitations::follow_selection(app));
    effects.extend(tabs::members::follow_selection(app));
    lay_out(app);
    effects
}

/// Works out the layout of the state as it now is on the terminal's size,
/// and scrolls the list on screen to keep its selection in view there.
fn lay_out(app: &mut App) {
    let screen = view::layout(app, app.size);
    if let (Some((rows, _)), Some(list)) = (screen.list, app.lists.list_mut(app.tab)) {
        list.follow(usize::from(rows.height));
    }
    app.screen = screen;
}

fn apply(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => input::on_key(app, key),
        Msg::Paste(text) => input::on_paste(app, &text),
        Msg::Mouse(mouse) => input::on_mouse(app, mouse),
        Msg::Resize(width, height) => {
            app.size = (width, height);
            Vec::new()
        }
        Msg::Tick => {
            app.toasts.tick();
            Vec::new()
        }
        Msg::Loaded(read, result) => loaded::on_loaded(app, read, *result),
        Msg::LaterLoaded(read, later) => loaded::on_later_loaded(app, read, *later),
        Msg::For(actor, answer) if actor == app.actor => apply(app, *answer),
        Msg::For(_, answer) => {
            // Someone else's: only that their later read has ended counts.
            if matches!(*answer, Msg::LaterLoaded(..)) {
                app.reads.later_in_flight = false;
            }
            Vec::new()
        }
        Msg::Executed(command, result) => executed::on_executed(app, &command, result),
        Msg::Previewed(of, result) => dialogs::preview::on_previewed(app, &of, result),
        Msg::TemplateLoaded(purpose, result) => tabs::templates::on_loaded(app, purpose, result),
        Msg::TriageFound(query, result) => tabs::triage::on_found(app, &query, result),
        Msg::TrailLoaded(invitation, result) => {
            tabs::invitations::on_trail(app, invitation, result)
        }
        Msg::MemberLoaded(account, result) => tabs::members::on_member(app, account, result),
        Msg::Accounts(result) => dialogs::picker::on_accounts(app, result),
        Msg::ClockMoved(now) => demo::on_clock_moved(app, now),
        Msg::Changed(team, touched) => loaded::on_changed(app, team, touched),
    }
}
