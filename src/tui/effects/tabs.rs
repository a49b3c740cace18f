//! Reading what the console's tabs show: a team's tabs are read once for
//! everyone of one standing ([`crate::tui::shared::SharedReads`]), a large team's long lists in
//! parts.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{BillingData, Closed, Failure, Later, Loaded, ReadLater, Runtime, TabData};
use crate::domain::{Action, InvitationStatus, TeamId};
use crate::tui::list::Rows;
use crate::tui::shared::{Part, Question, Standing};
use crate::workspace::{
    AccountView, Actor, AuditView, InvitationFilter, InvitationView, MemberRow, MemberView,
    TeamChoice, TeamCountsView, TemplateSummary, Workspace,
};

/// How many audit entries the Activity tab shows.
const ACTIVITY_LIMIT: usize = 500;
/// How many issued invoices the Billing tab lists.
const INVOICES_LIMIT: usize = 24;

/// A team's two long lists.
type Lists = (TabData<Rows<MemberView>>, TabData<Rows<InvitationView>>);

fn tab<T>(result: Result<T, crate::Error>) -> TabData<T> {
    result.map_err(|error| Closed::Refused(error.to_string()))
}

/// A tab's rows, as the tab holds them.
fn rows<T>(result: Result<Vec<T>, crate::Error>) -> TabData<Rows<T>> {
    tab(result.map(Rows::new))
}

/// Reads one of what a large team's first read left for later.
pub(super) fn read_later(
    workspace: &Workspace,
    actor: &Actor,
    team: &TeamChoice,
    what: Later,
) -> ReadLater {
    match what {
        Later::Members => ReadLater::Members(rows(all_members(workspace, actor, team))),
        Later::Invitations => ReadLater::Invitations(rows(workspace.invitations(
            actor,
            team,
            None::<InvitationStatus>,
        ))),
        Later::Billing => ReadLater::Billing(billing_tab(workspace, actor)),
    }
}

/// What `actor`'s reads of the team shown depend on.
fn standing(me: &AccountView, team: TeamId, allowed: &[Action], across: &[Action]) -> Standing {
    Standing {
        team,
        own: me.team.as_ref().map(|own| (own.id, own.role)),
        staff: me.staff.clone(),
        allowed: allowed.to_vec(),
        across: across.to_vec(),
    }
}

/// `actor`'s standing on the team shown, read anew.
pub(super) fn standing_of(
    workspace: &Workspace,
    actor: &Actor,
    team: &TeamChoice,
) -> Result<Standing, crate::Error> {
    let me = workspace.account(actor)?;
    let shown = workspace.team(actor, team)?.id;
    let allowed = workspace.allowed_actions(actor, team)?;
    let across = workspace.allowed_across_teams(actor)?;
    Ok(standing(&me, shown, &allowed, &across))
}

/// The Billing tab's reads, refused as one for those who may not see billing.
fn billing(workspace: &Workspace, actor: &Actor) -> Result<BillingData, crate::Error> {
    Ok(BillingData {
        summary: workspace.billing(actor)?,
        upcoming: workspace.billing_preview(actor)?,
        issued: workspace.invoices(actor, INVOICES_LIMIT)?,
    })
}

/// The Billing tab's reads as the tab holds them.
fn billing_tab(workspace: &Workspace, actor: &Actor) -> TabData<Option<Arc<BillingData>>> {
    tab(billing(workspace, actor).map(|data| Some(Arc::new(data))))
}

/// Reads everything the console shows; a read the person may not make
/// becomes the sentence that closes its tab. What the team's tabs show is
/// read once for everyone of the same standing
/// ([`crate::tui::shared::SharedReads`]).
pub(super) fn load(runtime: &Runtime, actor: &Actor, team: &TeamChoice) -> Result<Loaded, Failure> {
    let workspace = &runtime.workspace;
    let me = workspace.account(actor)?;
    let allowed_across_teams = workspace.allowed_across_teams(actor)?;
    if *team == TeamChoice::Own && me.team.is_none() {
        // Support staff before they open a team, or a person in none: every
        // team tab says so.
        let closed = if me.staff.is_some() {
            Closed::NoTeamOpen
        } else {
            Closed::NotInTeam
        };
        return Ok(Loaded {
            now: workspace.now(),
            me,
            team: None,
            allowed: Vec::new(),
            allowed_across_teams,
            members: Err(closed.clone()),
            invitations: Err(closed.clone()),
            counts: None,
            templates: Err(closed.clone()),
            billing: Err(closed.clone()),
            activity: Err(closed),
        });
    }
    let team_view = workspace.team(actor, team)?;
    let team = &TeamChoice::Id(team_view.id);
    let allowed = workspace.allowed_actions(actor, team)?;
    let question = Question {
        standing: standing(&me, team_view.id, &allowed, &allowed_across_teams),
        part: Part::Tabs,
    };
    let tabs = runtime.shared.answer(workspace, question, || {
        read_tabs(runtime, actor, team, &allowed)
    })?;
    Ok(Loaded {
        now: tabs.now,
        allowed,
        allowed_across_teams,
        members: tabs.members,
        invitations: tabs.invitations,
        counts: tabs.counts,
        templates: tabs.templates,
        billing: tabs.billing,
        activity: tabs.activity,
        team: Some(team_view),
        me,
    })
}

/// What a team's tabs show to people of one standing.
#[derive(Clone)]
struct Tabs {
    now: DateTime<Utc>,
    members: TabData<Rows<MemberView>>,
    invitations: TabData<Rows<InvitationView>>,
    counts: Option<TeamCountsView>,
    templates: TabData<Rows<TemplateSummary>>,
    billing: TabData<Option<Arc<BillingData>>>,
    activity: TabData<Rows<AuditView>>,
}

/// Reads a team's tabs. A large team's long lists hold their first page of
/// members and no invitations yet, and its billing is not read yet: the
/// counters say how many rows there are, and [`Effect::LoadLater`] brings
/// the rest when its tab is shown.
fn read_tabs(
    runtime: &Runtime,
    actor: &Actor,
    team: &TeamChoice,
    allowed: &[Action],
) -> Result<Tabs, Failure> {
    let workspace = &runtime.workspace;
    let now = workspace.now();
    let counts = workspace.team_counts(actor, team)?;
    let large = rows_of(&counts) > runtime.reading.whole;
    let ((members, invitations), counts, billing) = if large {
        // Whether billing may be read at all is known now; the read waits.
        let billing = if allowed.contains(&Action::ViewBilling) {
            Ok(None)
        } else {
            billing_tab(workspace, actor)
        };
        (first_page(runtime, actor, team), Some(counts), billing)
    } else {
        let billing = billing_tab(workspace, actor);
        (lists(workspace, actor, team), None, billing)
    };
    Ok(Tabs {
        now,
        members,
        invitations,
        counts,
        templates: rows(workspace.templates(actor)),
        billing,
        activity: rows(workspace.audit_log(actor, team, ACTIVITY_LIMIT)),
    })
}

/// How many rows a team's two long lists hold, by its counters.
fn rows_of(counts: &TeamCountsView) -> u64 {
    counts.members + invitations(counts).unwrap_or(0)
}

/// How many invitations the Invitations tab lists, by the team's counters
/// (`None`: the person may not see them).
pub fn invitations(counts: &TeamCountsView) -> Option<u64> {
    counts
        .invitations
        .map(|i| i.pending + i.expired + i.revoked + i.superseded + i.accepted)
}

/// The first page of a team's members, from one windowed read, and no
/// invitations yet (a refusal if the person may not see them).
fn first_page(runtime: &Runtime, actor: &Actor, team: &TeamChoice) -> Lists {
    let workspace = &runtime.workspace;
    let members = workspace
        .members_window(actor, team, 0, runtime.reading.first_page)
        .map(|window| window.rows.into_iter().map(member_view).collect());
    let invitations = workspace
        .invitations_window(actor, team, InvitationFilter::Open, 0, 0)
        .map(|_| Vec::new());
    (rows(members), rows(invitations))
}

/// A member as a list line shows them; the detail pane's plan history
/// comes with the whole list.
fn member_view(row: MemberRow) -> MemberView {
    MemberView {
        account: row.account,
        name: row.name,
        email: row.email,
        role: row.role,
        owner: row.owner,
        billable: row.billable,
        joined_at: DateTime::from_timestamp_millis(row.joined_at).unwrap_or_default(),
        joined_from: None,
        billing_effect: None,
    }
}

/// A large team's members, whole, from the rows kept in display order:
/// one scan, no account read per member. The detail's plan history is
/// read for the member it shows. The list is allocated once, for the
/// count the team's counters give, rather than grown by doubling.
fn all_members(
    workspace: &Workspace,
    actor: &Actor,
    team: &TeamChoice,
) -> Result<Vec<MemberView>, crate::Error> {
    let expected = workspace.members_window(actor, team, 0, 0)?.total;
    let mut members = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    for row in workspace.member_rows(actor, team)? {
        members.push(member_view(row?));
    }
    Ok(members)
}

/// A team's two long lists, whole, read side by side.
fn lists(workspace: &Workspace, actor: &Actor, team: &TeamChoice) -> Lists {
    std::thread::scope(|scope| {
        let invitations =
            scope.spawn(|| rows(workspace.invitations(actor, team, None::<InvitationStatus>)));
        let members = rows(workspace.members(actor, team));
        let invitations = invitations
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (members, invitations)
    })
}
