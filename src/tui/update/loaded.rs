//! Reading what is shown: the rows read for each tab go into their lists.
//! A read follows the changes announced for what is shown, once they
//! settle; the answer of a read overtaken by a newer one is dropped.

use super::notice;
use crate::domain::TeamId;
use crate::tui::effects::{Effect, Failure, Loaded, LongList, TabData, WholeList};
use crate::tui::state::{App, Level, Tab};

/// Takes in the answer of read number `read`, if it is the last one asked
/// for: rows into the lists, the rest kept as read; a large team's lists
/// are read whole when their tab is shown. Support staff without a team
/// land on Triage; others never do.
pub fn on_loaded(app: &mut App, read: u64, result: Result<Loaded, Failure>) -> Vec<Effect> {
    if read != app.reads.asked {
        return Vec::new();
    }
    app.reads.loading = false;
    match result {
        Ok(mut loaded) => {
            notice::on_loaded(app, &loaded);
            move_rows(&mut loaded.members, |rows| app.lists.members.set_rows(rows));
            move_rows(&mut loaded.invitations, |rows| {
                app.lists.invitations.set_rows(rows)
            });
            // What was read may have changed the timeline shown: read it again.
            app.trail.forget();
            move_rows(&mut loaded.templates, |rows| {
                app.lists.templates.set_rows(rows)
            });
            move_rows(&mut loaded.activity, |rows| {
                app.lists.activity.set_rows(rows)
            });
            let support_without_team = loaded.me.staff.is_some() && loaded.team.is_none();
            let first_page = loaded.counts.is_some();
            app.loaded = Some(loaded);
            let last = app.invoice_count().saturating_sub(1);
            app.invoice.selected = app.invoice.selected.min(last);
            if support_without_team || (app.tab == Tab::Triage && !app.is_support()) {
                app.tab = if app.is_support() {
                    Tab::Triage
                } else {
                    Tab::Members
                };
            }
            app.reads.members_due = first_page;
            app.reads.invitations_due = first_page;
        }
        Err(failure) => app.toasts.push(Level::Error, failure.message),
    }
    if app.reads.stale {
        vec![app.load()]
    } else {
        Vec::new()
    }
}

/// Reads a large team's list whole once its tab is shown, when the last
/// read gave only its first page (none while a newer read is under way).
pub fn read_shown(app: &mut App) -> Option<Effect> {
    if app.reads.loading {
        return None;
    }
    let list = match app.tab {
        Tab::Members if app.reads.members_due => {
            app.reads.members_due = false;
            LongList::Members
        }
        Tab::Invitations if app.reads.invitations_due => {
            app.reads.invitations_due = false;
            LongList::Invitations
        }
        _ => return None,
    };
    Some(Effect::LoadList {
        actor: app.actor.clone(),
        team: app.team_choice(),
        read: app.reads.asked,
        list,
    })
}

/// Takes in a large team's list read whole, if no read was asked for
/// since the first page it follows.
pub fn on_list_loaded(app: &mut App, read: u64, list: WholeList) -> Vec<Effect> {
    if read != app.reads.asked {
        return Vec::new();
    }
    let Some(loaded) = app.loaded.as_mut() else {
        return Vec::new();
    };
    match list {
        WholeList::Members(mut members) => {
            move_rows(&mut members, |rows| app.lists.members.set_rows(rows));
            loaded.members = members;
        }
        WholeList::Invitations(mut invitations) => {
            move_rows(&mut invitations, |rows| {
                app.lists.invitations.set_rows(rows)
            });
            loaded.invitations = invitations;
        }
    }
    Vec::new()
}

/// Hands a tab's rows to its list, leaving an empty `Ok` (or the closing sentence) behind.
fn move_rows<R>(data: &mut TabData<Vec<R>>, into: impl FnOnce(Vec<R>)) {
    match data {
        Ok(rows) => into(std::mem::take(rows)),
        Err(_) => into(Vec::new()),
    }
}

/// Something changed in the workspace: if it concerns what is shown, wait
/// for the changes that come with it to settle, then read once.
pub fn on_changed(app: &mut App, team: Option<TeamId>) -> Vec<Effect> {
    if !app.concerns(team) || app.reads.settling {
        return Vec::new();
    }
    app.reads.settling = true;
    vec![Effect::Settle]
}

/// The changes have settled: read now, or after the read under way.
pub fn on_settled(app: &mut App) -> Vec<Effect> {
    app.reads.settling = false;
    if app.reads.loading {
        app.reads.stale = true;
        Vec::new()
    } else {
        vec![app.load()]
    }
}
