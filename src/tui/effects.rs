//! Effects: the only way the console touches the workspace. `update` returns
//! them as data; [`perform`] carries one out and answers with a message. The
//! live loop runs them on a blocking thread; tests run them inline.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyEvent, MouseEvent};

use super::clipboard::Secret;
use super::list::Rows;
use super::shared::{Part, Question, SharedReads, Standing};
use crate::billing::invoice::Invoice;
use crate::domain::{AccountId, Action, DiagnosticCode, InvitationId, InvitationStatus, TeamId};
use crate::sources::ManualClock;
use crate::store::RecordRef;
use crate::workspace::{
    AccountSummary, AccountView, Actor, AuditView, BillingEffect, BillingView, ChangeEvent,
    Command, CostOf, InvitationFilter, InvitationView, MemberRow, MemberView, Outcome, TeamChoice,
    TeamCountsView, TeamView, TemplateSummary, TemplateView, TriageRow, Workspace,
};

/// A refusal or failure, as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub code: Option<DiagnosticCode>,
    /// Whether it is an edit conflict: someone else saved first.
    pub conflict: bool,
}

impl From<crate::Error> for Failure {
    fn from(error: crate::Error) -> Self {
        Failure {
            message: error.to_string(),
            code: error.code(),
            conflict: matches!(
                error,
                crate::Error::Domain(crate::domain::DomainError::Conflict(_))
            ),
        }
    }
}

/// Why a tab shows nothing to this person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    /// Support staff who have not opened a team from triage yet.
    NoTeamOpen,
    /// A person in no team (Billing shows their own plan instead).
    NotInTeam,
    /// The domain refused the read: its sentence.
    Refused(String),
}

/// A tab's content, or why it is closed to this person.
pub type TabData<T> = Result<T, Closed>;

/// What the Billing tab shows: the summary, the next invoice with every
/// line, and the invoices issued so far.
#[derive(Debug, Clone)]
pub struct BillingData {
    pub summary: BillingView,
    pub upcoming: Invoice,
    /// Newest first.
    pub issued: Vec<Invoice>,
}

/// Everything the console shows for one person, read in one go.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub now: DateTime<Utc>,
    pub me: AccountView,
    pub team: Option<TeamView>,
    /// What the person may do on this team, from the domain's policy.
    pub allowed: Vec<Action>,
    /// What the person may do on teams they are not in (support staff's
    /// rights across teams, for triage), from the same policy.
    pub allowed_across_teams: Vec<Action>,
    pub members: TabData<Rows<MemberView>>,
    pub invitations: TabData<Rows<InvitationView>>,
    /// A large team's counters: its long lists are read whole only when
    /// their tab is shown ([`Effect::LoadLater`]), and its tab counts come
    /// from these.
    pub counts: Option<TeamCountsView>,
    pub templates: TabData<Rows<TemplateSummary>>,
    /// `Ok(None)`: a large team's billing, read once its tab is shown
    /// ([`Effect::LoadLater`]); its upcoming invoice has a line per seat.
    pub billing: TabData<Option<Arc<BillingData>>>,
    pub activity: TabData<Rows<AuditView>>,
}

/// Why a template is being fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePurpose {
    View,
    Edit,
    Copy,
    /// After a conflict: the version someone else saved.
    Theirs,
}

/// Everything that can happen to the console.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Tick,
    /// The answer of a read, by its number.
    Loaded(u64, Box<Result<Loaded, Failure>>),
    /// What a large team's first read left for later, read when it was as
    /// of change number `u64` ([`crate::tui::state::Reads::changes`]).
    LaterLoaded(u64, Box<ReadLater>),
    /// An answer to something asked as this person: dropped when the
    /// console acts as someone else by the time it arrives (the demo's or
    /// the operator's switch), so nothing read or made for one person, an
    /// invitation link above all, is shown to another.
    For(Actor, Box<Msg>),
    /// A command's outcome, or why it was refused, with the command itself
    /// (to say what was done).
    Executed(Box<Command>, Result<Outcome, Failure>),
    /// What a change would do to the next invoice, for the dialog asking.
    Previewed(CostOf, Result<BillingEffect, Failure>),
    TemplateLoaded(TemplatePurpose, Result<TemplateView, Failure>),
    TriageFound(String, Result<Vec<TriageRow>, Failure>),
    /// The timeline and next step of an invitation shown in detail.
    TrailLoaded(InvitationId, Result<TriageRow, Failure>),
    /// A large team's member shown in detail, read whole.
    MemberLoaded(AccountId, Result<MemberView, Failure>),
    Accounts(Result<Vec<AccountSummary>, Failure>),
    ClockMoved(DateTime<Utc>),
    /// Something changed in the workspace: to this team, or to no team (an
    /// account) or to teams not known; and which of a large team's long
    /// reads it may have made out of date.
    Changed(Option<TeamId>, ForEach<bool>),
}

/// Work `update` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read everything shown for `actor` (on the team support staff opened).
    Load {
        actor: Actor,
        team: TeamChoice,
        read: u64,
    },
    /// Read what the first read of a large team left for later, as of
    /// change number `as_of` of what it reads.
    LoadLater {
        actor: Actor,
        team: TeamChoice,
        as_of: u64,
        what: Later,
    },
    Execute {
        actor: Actor,
        command: Command,
    },
    /// Ask what a change would cost before it is confirmed.
    Preview {
        actor: Actor,
        of: CostOf,
    },
    LoadTemplate {
        actor: Actor,
        name: String,
        purpose: TemplatePurpose,
    },
    Triage {
        actor: Actor,
        query: String,
    },
    /// Read the timeline and next step of one invitation of the team shown.
    LoadTrail {
        actor: Actor,
        team: TeamChoice,
        invitation: InvitationId,
    },
    /// Read one member of the team shown whole, for the detail of a list
    /// that holds only their row.
    LoadMember {
        actor: Actor,
        team: TeamChoice,
        account: AccountId,
    },
    ListAccounts,
    /// Demo only: move the shared clock forward.
    AdvanceClock(Duration),
    /// Remember the account chosen in the picker in the user's config.
    RememberAccount(String),
    /// Put an invitation link on the person's clipboard, through their
    /// terminal (OSC 52); the loop writes it, there is no answer.
    Copy(Secret),
    Quit,
}

/// What effects need to run.
#[derive(Clone)]
pub struct Runtime {
    pub workspace: Arc<Workspace>,
    /// The demo's movable clock, when the console runs the demo.
    pub clock: Option<Arc<ManualClock>>,
    /// Where `RememberAccount` writes.
    pub config_path: Option<std::path::PathBuf>,
    /// How a large team is read: a first page at once, the rest when wanted.
    pub reading: Reading,
    /// Reads made for one console and taken by the others that ask the same.
    pub shared: Arc<SharedReads>,
}

impl Runtime {
    /// Effects on `workspace` with no demo clock, no config to remember the
    /// account chosen in, and teams read in parts as [`Reading::default`].
    pub fn new(workspace: Arc<Workspace>) -> Runtime {
        Runtime {
            workspace,
            clock: None,
            config_path: None,
            reading: Reading::default(),
            shared: Arc::default(),
        }
    }
}

/// How large a team is read in parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// A team with more members and invitations than this shows the first
    /// page of its members at once and reads the rest only when its tab is
    /// shown, so a team of 100,000 is on screen before they are read.
    pub whole: u64,
    /// How many members a large team's first read shows.
    pub first_page: usize,
}

impl Default for Reading {
    /// A small team is read whole, in one go; a large one shows more than
    /// a screen of members first.
    fn default() -> Self {
        Reading {
            whole: 2_000,
            first_page: 200,
        }
    }
}

/// A team's two long lists.
type Lists = (TabData<Rows<MemberView>>, TabData<Rows<InvitationView>>);

/// What the first read of a large team leaves for later: each is read
/// once its tab is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Later {
    /// The whole list (the first read shows its first page).
    Members,
    Invitations,
    Billing,
}

/// One of something for each of what a large team's first read leaves for later.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForEach<T> {
    pub members: T,
    pub invitations: T,
    pub billing: T,
}

impl<T> ForEach<T> {
    pub fn get(&self, later: Later) -> &T {
        match later {
            Later::Members => &self.members,
            Later::Invitations => &self.invitations,
            Later::Billing => &self.billing,
        }
    }

    pub fn get_mut(&mut self, later: Later) -> &mut T {
        match later {
            Later::Members => &mut self.members,
            Later::Invitations => &mut self.invitations,
            Later::Billing => &mut self.billing,
        }
    }
}

impl ForEach<bool> {
    pub const ALL: ForEach<bool> = ForEach {
        members: true,
        invitations: true,
        billing: true,
    };

    /// Which of them a change may have made out of date, by the records
    /// it wrote: a reminder queued for an invitation leaves the members
    /// and billing as they were. A change that names no record may have
    /// touched anything.
    pub fn touched_by(change: &ChangeEvent) -> ForEach<bool> {
        if change.changed.is_empty() {
            return ForEach::ALL;
        }
        let mut touched = ForEach::default();
        for changed in &change.changed {
            match changed.record {
                // Names and addresses show in every list; the team's plan and owner too.
                RecordRef::Account(_) | RecordRef::Team(_) => return ForEach::ALL,
                RecordRef::Membership { .. } => {
                    touched.members = true;
                    touched.billing = true;
                }
                RecordRef::Invitation { .. } => touched.invitations = true,
                RecordRef::Billing(_) => touched.billing = true,
                RecordRef::Template { .. }
                | RecordRef::AuditEntry { .. }
                | RecordRef::OutboxMessage { .. } => {}
            }
        }
        touched
    }
}

/// What was left for later, read.
#[derive(Debug, Clone)]
pub enum ReadLater {
    Members(TabData<Rows<MemberView>>),
    Invitations(TabData<Rows<InvitationView>>),
    Billing(TabData<Option<Arc<BillingData>>>),
}

impl ReadLater {
    pub fn what(&self) -> Later {
        match self {
            ReadLater::Members(_) => Later::Members,
            ReadLater::Invitations(_) => Later::Invitations,
            ReadLater::Billing(_) => Later::Billing,
        }
    }
}

/// How many triage results a lookup shows.
const TRIAGE_LIMIT: usize = 200;
/// How many audit entries the Activity tab shows.
const ACTIVITY_LIMIT: usize = 500;
/// How many issued invoices the Billing tab lists.
const INVOICES_LIMIT: usize = 24;

/// Performs one effect; returns the message it produces, if any. An
/// answer to something asked as a person says whose it is.
pub fn perform(runtime: &Runtime, effect: Effect) -> Option<Msg> {
    let asker = effect.actor().cloned();
    let answer = answer(runtime, effect)?;
    Some(match asker {
        Some(actor) => Msg::For(actor, Box::new(answer)),
        None => answer,
    })
}

impl Effect {
    /// The person an effect asks as, if it asks as one.
    fn actor(&self) -> Option<&Actor> {
        match self {
            Effect::Load { actor, .. }
            | Effect::LoadLater { actor, .. }
            | Effect::Execute { actor, .. }
            | Effect::Preview { actor, .. }
            | Effect::LoadTemplate { actor, .. }
            | Effect::Triage { actor, .. }
            | Effect::LoadTrail { actor, .. }
            | Effect::LoadMember { actor, .. } => Some(actor),
            Effect::ListAccounts
            | Effect::AdvanceClock(_)
            | Effect::RememberAccount(_)
            | Effect::Copy(_)
            | Effect::Quit => None,
        }
    }
}

fn answer(runtime: &Runtime, effect: Effect) -> Option<Msg> {
    let workspace = &runtime.workspace;
    match effect {
        Effect::Load { actor, team, read } => {
            Some(Msg::Loaded(read, Box::new(load(runtime, &actor, &team))))
        }
        Effect::LoadLater {
            actor,
            team,
            as_of,
            what,
        } => {
            let read = || read_later(workspace, &actor, &team, what);
            let read_later = match standing_of(workspace, &actor, &team) {
                Ok(standing) => runtime.shared.answer(
                    workspace,
                    Question {
                        standing,
                        part: Part::Later(what),
                    },
                    read,
                ),
                // The read says why, as the person's own.
                Err(_) => read(),
            };
            Some(Msg::LaterLoaded(as_of, Box::new(read_later)))
        }
        Effect::Execute { actor, command } => {
            let result = workspace
                .execute(&actor, command.clone())
                .map_err(Failure::from);
            Some(Msg::Executed(Box::new(command), result))
        }
        Effect::Preview { actor, of } => {
            let result = workspace.cost_of(&actor, &of).map_err(Failure::from);
            Some(Msg::Previewed(of, result))
        }
        Effect::LoadTemplate {
            actor,
            name,
            purpose,
        } => Some(Msg::TemplateLoaded(
            purpose,
            workspace.template(&actor, &name).map_err(Failure::from),
        )),
        Effect::Triage { actor, query } => {
            let found = workspace
                .triage(&actor, &query, TRIAGE_LIMIT)
                .map_err(Failure::from);
            Some(Msg::TriageFound(query, found))
        }
        Effect::LoadTrail {
            actor,
            team,
            invitation,
        } => Some(Msg::TrailLoaded(
            invitation,
            workspace
                .invitation_trail(&actor, &team, invitation)
                .map_err(Failure::from),
        )),
        Effect::LoadMember {
            actor,
            team,
            account,
        } => Some(Msg::MemberLoaded(
            account,
            workspace
                .member(&actor, &team, account)
                .map_err(Failure::from),
        )),
        Effect::ListAccounts => Some(Msg::Accounts(
            workspace.accounts(&Actor::Operator).map_err(Failure::from),
        )),
        Effect::AdvanceClock(by) => {
            let clock = runtime.clock.as_ref()?;
            clock.advance(by);
            if let Err(error) = workspace.remember_clock() {
                tracing::warn!("could not remember the demo's clock: {error}");
            }
            Some(Msg::ClockMoved(workspace.now()))
        }
        Effect::RememberAccount(email) => {
            if let Some(path) = &runtime.config_path
                && let Err(error) = crate::config::remember_account(path, &email)
            {
                tracing::warn!("could not remember the chosen account: {error}");
            }
            None
        }
        Effect::Copy(_) | Effect::Quit => None,
    }
}

fn tab<T>(result: Result<T, crate::Error>) -> TabData<T> {
    result.map_err(|error| Closed::Refused(error.to_string()))
}

/// A tab's rows, as the tab holds them.
fn rows<T>(result: Result<Vec<T>, crate::Error>) -> TabData<Rows<T>> {
    tab(result.map(Rows::new))
}

/// Reads one of what a large team's first read left for later.
fn read_later(workspace: &Workspace, actor: &Actor, team: &TeamChoice, what: Later) -> ReadLater {
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
fn standing_of(
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
/// read once for everyone of the same standing ([`SharedReads`]).
fn load(runtime: &Runtime, actor: &Actor, team: &TeamChoice) -> Result<Loaded, Failure> {
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
