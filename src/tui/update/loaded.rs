//! Reading what is shown: the rows read for each tab go into their lists.
//! A read follows the changes announced for what is shown, one at a time;
//! the answer of a read overtaken by a newer one is dropped.

use super::notice;
use crate::domain::TeamId;
use crate::tui::effects::{Effect, Failure, ForEach, Later, Loaded, ReadLater, TabData};
use crate::tui::list::{ListNav, ListView, Rows};
use crate::tui::state::{App, Level, Tab};
use crate::workspace::MemberView;

/// Takes in the answer of read number `read`, if it is the last one asked
/// for: rows into the lists, the rest kept as read. Of a large team, what
/// was read later and no change touched since stays, and the rest is read
/// when its tab is shown. Support staff without a team land on Triage;
/// others never do.
pub fn on_loaded(app: &mut App, read: u64, result: Result<Loaded, Failure>) -> Vec<Effect> {
    if read != app.reads.asked {
        return Vec::new();
    }
    app.reads.loading = false;
    match result {
        Ok(loaded) => take_in(app, loaded),
        Err(failure) => app.toasts.push(Level::Error, failure.message),
    }
    if app.reads.stale {
        vec![app.load()]
    } else {
        Vec::new()
    }
}

fn take_in(app: &mut App, mut loaded: Loaded) {
    notice::on_loaded(app, &loaded);
    let previous = app.loaded.take();
    if !previous
        .as_ref()
        .is_some_and(|before| same_view(before, &loaded))
    {
        // Another person or team: nothing read before is theirs.
        touch(app, ForEach::ALL);
    }
    let large = loaded.counts.is_some();
    let keep = if large {
        app.reads.current
    } else {
        ForEach::default()
    };
    if keep.members {
        loaded.members = Ok(Rows::default());
    } else {
        app.reads.due.members = large && loaded.members.is_ok();
        move_rows(&mut loaded.members, |rows| app.lists.members.set_rows(rows));
    }
    if keep.invitations {
        loaded.invitations = Ok(Rows::default());
    } else {
        app.reads.due.invitations = large && loaded.invitations.is_ok();
        move_rows(&mut loaded.invitations, |rows| {
            app.lists.invitations.set_rows(rows)
        });
    }
    match previous {
        Some(before) if keep.billing => loaded.billing = before.billing,
        _ => app.reads.due.billing = matches!(loaded.billing, Ok(None)),
    }
    // What was read may have changed the detail shown: read it again.
    app.trail.forget();
    app.member_read.forget();
    move_rows(&mut loaded.templates, |rows| {
        app.lists.templates.set_rows(rows)
    });
    move_rows(&mut loaded.activity, |rows| {
        app.lists.activity.set_rows(rows)
    });
    let support_without_team = loaded.me.staff.is_some() && loaded.team.is_none();
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
}

/// Whether two reads show the same person the same team.
fn same_view(before: &Loaded, after: &Loaded) -> bool {
    let team = |loaded: &Loaded| loaded.team.as_ref().map(|team| team.id);
    before.me.id == after.me.id && team(before) == team(after)
}

/// Whether a large team's members are wanted beyond their first page: a
/// filter, another order, or the cursor on the page's last row. Until then
/// the first page is all the console holds of them.
fn members_wanted(app: &App) -> bool {
    let list = &app.lists.members;
    let first_order = ListView::<MemberView>::default().order();
    !list.filter().is_empty()
        || list.order() != first_order
        || list.selected_index() + 1 >= list.shown()
}

/// Reads what a large team's first read left for later once its tab is
/// shown (its members once wanted beyond the first page): one such read
/// at a time, none while a newer read is under way.
pub fn read_shown(app: &mut App) -> Option<Effect> {
    if app.reads.loading || app.reads.later_in_flight {
        return None;
    }
    let what = match app.tab {
        Tab::Members => Later::Members,
        Tab::Invitations => Later::Invitations,
        Tab::Billing => Later::Billing,
        _ => return None,
    };
    if !app.reads.due.get(what) || (what == Later::Members && !members_wanted(app)) {
        return None;
    }
    *app.reads.due.get_mut(what) = false;
    app.reads.later_in_flight = true;
    Some(Effect::LoadLater {
        actor: app.actor.clone(),
        team: app.team_choice(),
        as_of: *app.reads.changes.get(what),
        what,
    })
}

/// Takes in what was read later, unless a change touched it since it was
/// asked for: then it is read again when shown.
pub fn on_later_loaded(app: &mut App, as_of: u64, later: ReadLater) -> Vec<Effect> {
    app.reads.later_in_flight = false;
    let what = later.what();
    let Some(loaded) = app.loaded.as_mut() else {
        return Vec::new();
    };
    if as_of != *app.reads.changes.get(what) {
        *app.reads.due.get_mut(what) = true;
        return Vec::new();
    }
    *app.reads.current.get_mut(what) = true;
    match later {
        ReadLater::Members(mut members) => {
            move_rows(&mut members, |rows| app.lists.members.set_rows(rows));
            loaded.members = members;
        }
        ReadLater::Invitations(mut invitations) => {
            move_rows(&mut invitations, |rows| {
                app.lists.invitations.set_rows(rows)
            });
            loaded.invitations = invitations;
        }
        ReadLater::Billing(billing) => loaded.billing = billing,
    }
    Vec::new()
}

/// Marks what a change touched as out of date: a later read of it under
/// way is dropped, and the next read of the team does not keep it.
pub fn touch(app: &mut App, touched: ForEach<bool>) {
    for what in [Later::Members, Later::Invitations, Later::Billing] {
        if *touched.get(what) {
            *app.reads.changes.get_mut(what) += 1;
            *app.reads.current.get_mut(what) = false;
        }
    }
}

/// Hands a tab's rows to its list, leaving an empty `Ok` (or the closing sentence) behind.
fn move_rows<R>(data: &mut TabData<Rows<R>>, into: impl FnOnce(Rows<R>)) {
    match data {
        Ok(rows) => into(std::mem::take(rows)),
        Err(_) => into(Rows::default()),
    }
}

/// Something changed in the workspace: if it concerns what is shown, read
/// now, or once more after the read under way (however many changes come
/// meanwhile: a bulk invite costs two reads, not one per invitation).
pub fn on_changed(app: &mut App, team: Option<TeamId>, touched: ForEach<bool>) -> Vec<Effect> {
    if !app.concerns(team) {
        return Vec::new();
    }
    touch(app, touched);
    if app.reads.loading {
        app.reads.stale = true;
        Vec::new()
    } else {
        vec![app.load()]
    }
}
