//! Effects: the only way the console touches the workspace. `update` returns
//! them as data; [`perform`] carries one out and answers with a message. The
//! live loop runs them on a blocking thread; tests run them inline.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyEvent, MouseEvent};

use crate::domain::{Action, DiagnosticCode, InvitationStatus, ManualClock};
use crate::workspace::{
    AccountSummary, AccountView, Actor, AuditView, BillingView, Command, InvitationView,
    MemberView, Outcome, TeamView, TemplateSummary, TemplateView, TriageRow, Workspace,
};

/// A refusal or failure, as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub code: Option<DiagnosticCode>,
    /// The exit code the command line would give (5 is a rule, such as an edit conflict).
    pub exit_code: i32,
}

impl From<crate::Error> for Failure {
    fn from(error: crate::Error) -> Self {
        Failure {
            message: error.to_string(),
            code: error.code(),
            exit_code: error.exit_code(),
        }
    }
}

/// A tab's content, or the sentence saying why it is closed to this person.
pub type TabData<T> = Result<T, String>;

/// Everything the console shows for one person, read in one go.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub now: DateTime<Utc>,
    pub me: AccountView,
    pub team: Option<TeamView>,
    /// What the person may do on this team, from the domain's policy.
    pub allowed: Vec<Action>,
    pub members: TabData<Vec<MemberView>>,
    pub invitations: TabData<Vec<InvitationView>>,
    pub templates: TabData<Vec<TemplateSummary>>,
    pub billing: TabData<BillingView>,
    pub activity: TabData<Vec<AuditView>>,
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
    Loaded(Box<Result<Loaded, Failure>>),
    Executed {
        command: Command,
        result: Result<Outcome, Failure>,
    },
    TemplateLoaded(TemplatePurpose, Result<TemplateView, Failure>),
    TriageFound(String, Result<Vec<TriageRow>, Failure>),
    Accounts(Result<Vec<AccountSummary>, Failure>),
    ClockMoved(DateTime<Utc>),
    /// Something changed in the workspace.
    Changed,
}

/// Work `update` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read everything shown for `actor` (on the team named, for support staff).
    Load {
        actor: Actor,
        team: Option<String>,
    },
    Execute {
        actor: Actor,
        command: Command,
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
    ListAccounts,
    /// Demo only: move the shared clock forward.
    AdvanceClock(Duration),
    /// Remember the account chosen in the picker in the user's config.
    RememberAccount(String),
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
}

/// How many triage results a lookup shows.
const TRIAGE_LIMIT: usize = 200;
/// How many audit entries the Activity tab shows.
const ACTIVITY_LIMIT: usize = 500;

/// Performs one effect; returns the message it produces, if any.
pub fn perform(runtime: &Runtime, effect: Effect) -> Option<Msg> {
    let workspace = &runtime.workspace;
    match effect {
        Effect::Load { actor, team } => Some(Msg::Loaded(Box::new(load(
            workspace,
            &actor,
            team.as_deref(),
        )))),
        Effect::Execute { actor, command } => {
            let result = workspace
                .execute(&actor, command.clone())
                .map_err(Failure::from);
            Some(Msg::Executed { command, result })
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
        Effect::Quit => None,
    }
}

fn tab<T>(result: Result<T, crate::Error>) -> TabData<T> {
    result.map_err(|error| error.to_string())
}

/// Reads everything the console shows; a read the person may not make
/// becomes the sentence that closes its tab.
fn load(workspace: &Workspace, actor: &Actor, team: Option<&str>) -> Result<Loaded, Failure> {
    let me = workspace.account(actor)?;
    let in_a_team = team.is_some() || me.team.is_some();
    if !in_a_team {
        // Support staff before they open a team: every team tab is empty and
        // says so (an empty reason).
        return Ok(Loaded {
            now: workspace.now(),
            me,
            team: None,
            allowed: Vec::new(),
            members: Err(String::new()),
            invitations: Err(String::new()),
            templates: Err(String::new()),
            billing: Err(String::new()),
            activity: Err(String::new()),
        });
    }
    let team_view = workspace.team(actor, team)?;
    let team = Some(team_view.id.to_string());
    let team = team.as_deref();
    // The two long lists of a large team are read side by side.
    let (members, invitations) = std::thread::scope(|scope| {
        let invitations =
            scope.spawn(|| tab(workspace.invitations(actor, team, None::<InvitationStatus>)));
        let members = tab(workspace.members(actor, team));
        let invitations = invitations
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (members, invitations)
    });
    Ok(Loaded {
        now: workspace.now(),
        allowed: workspace.allowed_actions(actor, team)?,
        members,
        invitations,
        templates: tab(workspace.templates(actor)),
        billing: tab(workspace.billing(actor)),
        activity: tab(workspace.audit_log(actor, team, ACTIVITY_LIMIT)),
        team: Some(team_view),
        me,
    })
}
