//! The one door: every interface (command line, console, SSH) changes things
//! with [`Workspace::execute`] and reads through the read methods, all of which
//! authorise the actor with the domain's policy. A workspace is shared across
//! tasks (`Arc<Workspace>`); every change is durable before it is acknowledged
//! and is announced on a broadcast channel so open consoles can refresh.

mod apply;
mod billing;
mod build;
mod change;
mod context;
mod delivery;
mod operator;
mod read;
mod settle;
mod triage;
pub mod views;
mod windows;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use tokio::sync::broadcast;

use crate::Error;
use crate::billing::PriceList;
pub use crate::domain::KeyChoice;
use crate::domain::history::Retention;
use crate::domain::invitation::LinkKey;
pub use crate::domain::rules::account::NewPlan;
pub use crate::domain::rules::team_plan::Settings as TeamSettings;
pub use crate::domain::triage::NextStep;
use crate::domain::{AuditAction, Cycle, DomainError, Email, PaymentMethod, Role, Staff, TeamId};
use crate::sources::{Clock, Entropy, FreshAt};
pub use crate::store::archive::Swept;
use crate::store::meta::ClockPolicy;
pub use crate::store::{Changed, RecordRef};
use crate::store::{Opening, Store};
pub use billing::CostOf;
pub use delivery::start_delivery_worker;
pub use operator::ExportError;
pub use views::*;
pub use windows::*;

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Whoever runs the command line on the store's machine without `--as`:
    /// may create accounts (support staff included) and nothing on behalf of a person.
    Operator,
    /// A signed-in account, named by its address.
    Person(Email),
}

impl Actor {
    pub fn person(email: &str) -> Result<Self, DomainError> {
        Email::parse(email).map(Actor::Person)
    }
}

/// Settings that come from the install's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Links are `<base_url>/join/<token>`.
    pub base_url: String,
    pub prices: PriceList,
    /// The install's key that links are derived from (see [`LinkKey`]).
    /// Only commands that issue or deliver links need it; without it they
    /// are refused, and everything else works.
    pub link_key: Option<LinkKey>,
    /// Who invitation emails come from.
    pub mail_from: Mailbox,
    /// How long settled records stay in the working store before they
    /// move to the archive (see `crate::store::archive`).
    pub retention: Retention,
}

/// The default settings carry a new random link key: links made under it
/// can be delivered only by this process (fine for tests and benchmarks;
/// an install reads its key from a file, see `crate::install`).
impl Default for Settings {
    fn default() -> Self {
        Self {
            base_url: "https://teamdesk.example".into(),
            prices: PriceList::default(),
            link_key: Some(crate::sources::random_link_key()),
            mail_from: default_sender(),
            retention: Retention::default(),
        }
    }
}

/// Who invitation emails come from unless the configuration's `mail_from` says.
pub fn default_sender() -> Mailbox {
    Mailbox::new(
        Some("teamdesk".into()),
        lettre::Address::new("no-reply", "teamdesk.example").expect("a valid address"),
    )
}

/// Which team a command or a read is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamChoice {
    /// The actor's own team.
    Own,
    /// A team as a person typed it, by name or id (support staff name any
    /// team; anyone else only their own).
    Named(String),
    /// A team the interface already knows by id.
    Id(TeamId),
}

impl TeamChoice {
    /// `--team`, when given.
    pub fn from_option(named: Option<&str>) -> Self {
        named.map_or(TeamChoice::Own, |name| TeamChoice::Named(name.to_owned()))
    }
}

/// A card's details as an admin enters them; only brand, last four and expiry are ever kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardDetails {
    pub brand: String,
    pub last4: String,
    pub expiry_month: u8,
    pub expiry_year: u16,
}

impl CardDetails {
    /// The card as it may be kept: checked, brand and last four digits and
    /// expiry only (a full card number is refused).
    pub fn to_payment_method(&self, now: DateTime<Utc>) -> Result<PaymentMethod, DomainError> {
        PaymentMethod::from_entry(
            &self.brand,
            &self.last4,
            self.expiry_month,
            self.expiry_year,
            now,
        )
    }
}

/// What an admin changes in the team's billing: any of these.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BillingRequest {
    pub card: Option<CardDetails>,
    pub billing_email: Option<String>,
    /// Monthly or yearly, from the next period.
    pub cycle: Option<Cycle>,
}

/// Every change the workspace can make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    CreateAccount {
        email: String,
        name: String,
        plan: NewPlan,
        staff: Option<Staff>,
    },
    CreateTeam {
        name: String,
    },
    UpgradeTeam,
    DowngradeTeam,
    /// Rename the team and switch session sharing, at once.
    ChangeSettings(TeamSettings),
    UpdateBilling(BillingRequest),
    /// A person on the free plan moves themselves to Pro, with their card
    /// (given here, or on file).
    UpgradeAccount {
        cycle: Cycle,
        card: Option<CardDetails>,
    },
    TransferOwnership {
        to: String,
    },
    /// `confirm_name` must be the team's name typed in full.
    DeleteTeam {
        confirm_name: String,
    },
    RemoveMember {
        email: String,
    },
    ChangeRole {
        email: String,
        role: Role,
    },
    LeaveTeam,
    Invite {
        emails: Vec<String>,
        role: Role,
    },
    /// Every expired invitation of the team gets a new link, in one change.
    ResendExpired {
        team: TeamChoice,
    },
    /// Support staff name the team; members act on their own.
    ResendInvitation {
        team: TeamChoice,
        email: String,
    },
    RevokeInvitation {
        team: TeamChoice,
        email: String,
    },
    /// Opens a link as the actor; `name` creates the account when it is new.
    Join {
        link: String,
        name: Option<String>,
    },
    AddTemplate {
        name: String,
        body: String,
    },
    /// `based_on` is the version the edit started from: an edit of an
    /// older version is refused as a conflict.
    EditTemplate {
        name: String,
        body: String,
        based_on: u32,
    },
    RemoveTemplate {
        name: String,
    },
    /// Registers an SSH public key (`key` is the text given: a `.pub`
    /// file's line) to the account with `email` (the operator's).
    AddAccountKey {
        email: String,
        key: String,
    },
    /// Removes one of the SSH keys of the account with `email` (the operator's).
    RemoveAccountKey {
        email: String,
        key: KeyChoice,
    },
}

impl Command {
    /// Whether the command makes invitation links, and so needs the install's link key.
    pub fn issues_links(&self) -> bool {
        match self {
            Command::Invite { .. }
            | Command::ResendInvitation { .. }
            | Command::ResendExpired { .. } => true,
            Command::CreateAccount { .. }
            | Command::CreateTeam { .. }
            | Command::UpgradeTeam
            | Command::DowngradeTeam
            | Command::ChangeSettings(_)
            | Command::UpdateBilling(_)
            | Command::UpgradeAccount { .. }
            | Command::TransferOwnership { .. }
            | Command::DeleteTeam { .. }
            | Command::RemoveMember { .. }
            | Command::ChangeRole { .. }
            | Command::LeaveTeam
            | Command::RevokeInvitation { .. }
            | Command::Join { .. }
            | Command::AddTemplate { .. }
            | Command::EditTemplate { .. }
            | Command::RemoveTemplate { .. }
            | Command::AddAccountKey { .. }
            | Command::RemoveAccountKey { .. } => false,
        }
    }
}

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Account(AccountView),
    /// A person moved themselves to Pro: their account as it now is.
    Upgraded(AccountView),
    Team(TeamView),
    /// One result per address, in the order given.
    Invited(Vec<InviteResult>),
    Resent(SentLink),
    /// One result per expired invitation, in the order they were sent.
    ResentExpired(Vec<InviteResult>),
    Revoked(InvitationView),
    Joined(JoinView),
    Member(MemberView),
    /// The actor left, or a member was removed: who, from which team, and
    /// what it did to the team's next invoice.
    Removed {
        email: String,
        team: String,
        billing_effect: BillingEffect,
    },
    Template(TemplateView),
    TemplateRemoved {
        name: String,
    },
    TeamDeleted {
        name: String,
        members_released: usize,
    },
    Billing(BillingView),
    /// An SSH key registered to the account with `email`.
    KeyAdded {
        email: String,
        key: AccountKeyView,
    },
    /// An SSH key no longer registered to the account with `email`.
    KeyRemoved {
        email: String,
        key: AccountKeyView,
    },
}

/// Announced after every durable change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEvent {
    pub team: Option<TeamId>,
    pub action: AuditAction,
    pub at: DateTime<Utc>,
    /// One more than the event before it from this workspace: a console
    /// that applies events in order drops a result older than one applied.
    pub seq: u64,
    /// Every record the change wrote or removed (a member's row, an
    /// invitation, ...), so a console can apply it instead of reloading.
    pub changed: Vec<Changed>,
}

/// A change applied by a command: its result, and the event to announce.
struct Applied {
    outcome: Outcome,
    team: Option<TeamId>,
    action: AuditAction,
}

/// Returned by `import`: how much was restored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub accounts: usize,
    pub teams: usize,
    pub invitations: usize,
    pub templates: usize,
}

pub struct Workspace {
    store: Store,
    clock: Arc<dyn Clock>,
    entropy: Entropy,
    settings: Settings,
    events: broadcast::Sender<ChangeEvent>,
    /// One change at a time: scans made while preparing a change then see
    /// exactly the state the change commits over.
    writer: Mutex<()>,
    /// One delivery run at a time, so no email goes out twice.
    delivery: tokio::sync::Mutex<()>,
    /// One move of history into the archive at a time.
    sweeping: Mutex<()>,
    /// The sequence number of the last event announced.
    announced: AtomicU64,
    /// Records written since the last event, for the next one.
    unannounced: Mutex<Vec<Changed>>,
}

impl Workspace {
    /// Opens the store in `dir` (see [`Store::open`] for what `opening`
    /// decides) on `clock`. A clock that overrides the system's time is
    /// accepted only by a store created under one.
    pub fn open(
        dir: &Path,
        opening: impl Into<Opening>,
        clock: Arc<dyn Clock>,
        settings: Settings,
    ) -> Result<Self, Error> {
        Self::new(Store::open(dir, opening)?, clock, settings)
    }

    pub fn new(store: Store, clock: Arc<dyn Clock>, settings: Settings) -> Result<Self, Error> {
        check_clock(&store, clock.as_ref())?;
        let entropy = Entropy::after(store.last_id()?);
        let (events, _) = broadcast::channel(256);
        Ok(Self {
            store,
            clock,
            entropy,
            settings,
            events,
            writer: Mutex::new(()),
            delivery: tokio::sync::Mutex::new(()),
            sweeping: Mutex::new(()),
            announced: AtomicU64::new(0),
            unannounced: Mutex::new(Vec::new()),
        })
    }

    /// The store's time: the clock's, but never before the newest recorded
    /// change, so time in a store never runs backwards.
    pub fn now(&self) -> DateTime<Utc> {
        let now = self.clock.now();
        match self.store.latest_change() {
            Ok(Some(latest)) if latest > now => latest,
            _ => now,
        }
    }

    /// Identifiers for one change made at `now`, and the key its links are
    /// derived under.
    fn fresh(&self, now: DateTime<Utc>) -> FreshAt<'_> {
        self.entropy.at(now, self.settings.link_key.as_ref())
    }

    /// The install's link key, for the work that issues or delivers links.
    fn link_key(&self) -> Result<&LinkKey, Error> {
        self.settings.link_key.as_ref().ok_or_else(|| {
            Error::Usage(
                "this needs the install's link key, which was not loaded: invitation links cannot be made or sent".into(),
            )
        })
    }

    /// Remembers where an overridden clock (the demo's) stands, so the store
    /// resumes there when it is opened again.
    pub fn remember_clock(&self) -> Result<(), Error> {
        if self.clock.is_override() {
            self.store.set_override_now(self.now())?;
        }
        Ok(())
    }

    /// Every change from now on, as it becomes durable.
    pub fn subscribe(&self) -> broadcast::Receiver<ChangeEvent> {
        self.events.subscribe()
    }

    /// The number of the last change announced: a read begun after it and
    /// before the next holds every change announced so far.
    pub fn announced(&self) -> u64 {
        self.announced.load(Ordering::SeqCst)
    }

    fn lock_writer(&self) -> MutexGuard<'_, ()> {
        self.writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Validates, authorises and applies a command atomically; returns once it is on disk.
    pub fn execute(&self, actor: &Actor, command: Command) -> Result<Outcome, Error> {
        if command.issues_links() {
            self.link_key()?;
        }
        let _writer = self.lock_writer();
        let now = self.now();
        let applied = self.run_command(actor, command, now)?;
        self.announce(applied.team, applied.action, now);
        Ok(applied.outcome)
    }

    fn announce(&self, team: Option<TeamId>, action: AuditAction, at: DateTime<Utc>) {
        let mut changed = std::mem::take(
            &mut *self
                .unannounced
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        let mut seen = std::collections::HashSet::new();
        changed.retain(|change| seen.insert(*change));
        let seq = self.announced.fetch_add(1, Ordering::SeqCst) + 1;
        // Nobody listening is fine: the command line has no subscribers.
        let _ = self.events.send(ChangeEvent {
            team,
            action,
            at,
            seq,
            changed,
        });
    }

    /// Notes records a change wrote, for the next event.
    fn note_changed(&self, changed: Vec<Changed>) {
        self.unannounced
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend(changed);
    }
}

/// Refuses a clock override on a store that runs on the system clock; a new
/// store remembers which clock it was created under.
fn check_clock(store: &Store, clock: &dyn Clock) -> Result<(), Error> {
    let policy = match store.clock_policy()? {
        Some(policy) => policy,
        None if store.is_empty() => {
            let policy = if clock.is_override() {
                ClockPolicy::Override
            } else {
                ClockPolicy::System
            };
            store.set_clock_policy(policy)?;
            policy
        }
        None => ClockPolicy::System,
    };
    if clock.is_override() && policy == ClockPolicy::System {
        return Err(Error::Usage(format!(
            "--now (TEAMDESK_NOW) is honoured only by stores created under a clock override, such as test and demo stores; the store at {} runs on the system clock",
            store.dir().display()
        )));
    }
    Ok(())
}
