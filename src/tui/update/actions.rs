//! Key actions outside dialogs: refused when the person lacks the right,
//! otherwise handed to the handler of the tab, list or dialog they belong to.

use super::dialogs::{card, invite, palette, reader};
use super::tabs::{billing, invitations, members, templates, triage};
use super::{demo, filter, navigation, notice};
use crate::tui::effects::{Effect, TemplatePurpose};
use crate::tui::i18n::T;
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Level};

/// Does what `action` asks on the tab on screen, if the person may.
pub fn on_action(app: &mut App, action: KeyAction) -> Vec<Effect> {
    if !app.offers(app.tab.context(), action) {
        let text = app
            .catalogue
            .fill(T::Refused, &[("action", &app.t(action.label()).to_owned())]);
        app.toasts.push(Level::Warn, text);
        return Vec::new();
    }
    match action {
        KeyAction::Quit => quit(app),
        KeyAction::Help => reader::open_help(app),
        KeyAction::Messages => reader::open_messages(app),
        KeyAction::Palette => palette::open(app),
        KeyAction::NextTab => navigation::step_tab(app, true),
        KeyAction::PrevTab => navigation::step_tab(app, false),
        KeyAction::Tab1
        | KeyAction::Tab2
        | KeyAction::Tab3
        | KeyAction::Tab4
        | KeyAction::Tab5
        | KeyAction::Tab6 => navigation::go_to_tab(app, action),
        KeyAction::Filter => filter::start(app),
        KeyAction::Sort => filter::cycle_sort(app),
        KeyAction::ReverseSort => filter::reverse_sort(app),
        KeyAction::Mark => invitations::mark(app),
        KeyAction::Up => navigation::step(app, -1),
        KeyAction::Down => navigation::step(app, 1),
        KeyAction::PageUp => navigation::page(app, -1),
        KeyAction::PageDown => navigation::page(app, 1),
        KeyAction::Top => navigation::jump(app, false),
        KeyAction::Bottom => navigation::jump(app, true),
        KeyAction::Details => navigation::details(app),
        KeyAction::OpenTeam => triage::open_team(app),
        KeyAction::Back => navigation::back(app),
        KeyAction::SwitchPerson => demo::switch_person(app),
        KeyAction::ClockDay => demo::advance_clock(app, 1),
        KeyAction::ClockWeek => demo::advance_clock(app, 7),
        KeyAction::Dismiss => notice::dismiss(app),
        KeyAction::Invite => invite::open(app),
        KeyAction::ChangeRole => members::change_role(app),
        KeyAction::Remove => members::remove(app),
        KeyAction::MakeOwner => members::make_owner(app),
        KeyAction::Leave => members::leave(app),
        KeyAction::Resend => invitations::resend(app),
        KeyAction::ResendExpired => invitations::resend_expired(app),
        KeyAction::Revoke => invitations::revoke(app),
        KeyAction::NewTemplate => templates::new_template(app),
        KeyAction::EditTemplate => templates::load_selected(app, TemplatePurpose::Edit),
        KeyAction::ViewTemplate => templates::load_selected(app, TemplatePurpose::View),
        KeyAction::CopyTemplate => templates::load_selected(app, TemplatePurpose::Copy),
        KeyAction::DeleteTemplate => templates::delete(app),
        KeyAction::Upgrade => billing::upgrade(app),
        KeyAction::Downgrade => billing::downgrade(app),
        KeyAction::Rename => billing::rename(app),
        KeyAction::SessionSharing => billing::toggle_session_sharing(app),
        KeyAction::EmailLanguage => billing::toggle_email_language(app),
        KeyAction::DeleteTeam => billing::delete_team(app),
        KeyAction::EditCard => card::open_team(app),
        KeyAction::BillingEmail => billing::billing_email(app),
        KeyAction::ChangeCycle => billing::change_cycle(app),
        KeyAction::GoPro => card::open_go_pro(app),
        // Dialog keys: they mean nothing on a tab.
        KeyAction::Submit
        | KeyAction::Cancel
        | KeyAction::NextField
        | KeyAction::PrevField
        | KeyAction::Save
        | KeyAction::Yes
        | KeyAction::No
        | KeyAction::CopyLink => Vec::new(),
        // Text field keys: they mean nothing outside a field.
        KeyAction::Undo
        | KeyAction::Redo
        | KeyAction::WordLeft
        | KeyAction::WordRight
        | KeyAction::DeleteWord
        | KeyAction::ClearToStart
        | KeyAction::ClearToEnd => Vec::new(),
    }
}

/// Ends the console (the key, Ctrl-C, or `q` in the first picker).
pub fn quit(app: &mut App) -> Vec<Effect> {
    app.should_quit = true;
    vec![Effect::Quit]
}
