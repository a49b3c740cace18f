//! Effects: the only way the console touches the workspace. `update` returns
//! them as data; [`perform`] carries one out and answers with a message. The
//! live loop runs them on a blocking thread; tests run them inline.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyEvent, MouseEvent};

mod tabs;

pub use tabs::invitations;
use tabs::{load, read_later, standing_of};

use super::clipboard::Secret;
use super::list::Rows;
use super::shared::{Part, Question, SharedReads};
use crate::billing::invoice::Invoice;
use crate::domain::{AccountId, Action, DiagnosticCode, InvitationId, TeamId};
use crate::sources::ManualClock;
use crate::store::RecordRef;
use crate::workspace::{
    AccountSummary, AccountView, Actor, AuditView, BillingEffect, BillingView, ChangeEvent,
    Command, CostOf, InvitationView, MemberView, Outcome, TeamChoice, TeamCountsView, TeamView,
    TemplateSummary, TemplateView, TriageRow, Workspace,
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

impl Msg {
    /// Whether it comes from no one waiting for it: a change made elsewhere,
    /// a read that follows one, a tick.
    pub fn is_background(&self) -> bool {
        match self {
            Msg::Changed(..) | Msg::Loaded(..) | Msg::LaterLoaded(..) | Msg::Tick => true,
            Msg::For(_, answer) => answer.is_background(),
            _ => false,
        }
    }
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
