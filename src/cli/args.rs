//! The command-line grammar of SPEC §6.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::{Cycle, InvitationStatus, Role};

#[derive(Debug, Parser)]
#[command(
    name = "teamdesk",
    version,
    about = "Run clinic teams: members, invitations, shared templates and team billing.",
    after_help = "Exit codes: 0 ok · 2 usage · 3 permission denied · 4 not found · 5 refused by a rule · 6 invalid input · 7 store unavailable · 1 anything else."
)]
pub struct Cli {
    /// Store directory [default: the platform data directory]
    #[arg(long, env = "TEAMDESK_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Acting account
    #[arg(long = "as", env = "TEAMDESK_AS", global = true, value_name = "EMAIL")]
    pub acting_as: Option<String>,

    /// Clock override, RFC 3339 (demos, tests)
    #[arg(long, env = "TEAMDESK_NOW", global = true, value_name = "RFC3339", value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,

    /// Seconds to wait for a store another process is using, then give up naming it [default: 5]
    #[arg(long, env = "TEAMDESK_WAIT", global = true, value_name = "SECONDS", value_parser = parse_wait)]
    pub wait: Option<Duration>,

    /// Machine-readable output on stdout (errors as JSON on stderr)
    #[arg(long, global = true)]
    pub json: bool,

    /// Configuration file [default: config.toml in the platform config directory]
    #[arg(long, env = "TEAMDESK_CONFIG", global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Console language: en or pl [default: config `lang`, then LANG]
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    /// Console theme: default or monochrome [default: config `theme`; NO_COLOR means monochrome]
    #[arg(long, global = true, value_name = "THEME")]
    pub theme: Option<String>,

    /// Let the console use the mouse (off by default: it breaks copy and paste over SSH)
    #[arg(long, global = true)]
    pub mouse: bool,

    #[command(subcommand)]
    pub command: Option<Cmd>,
}

fn parse_now(raw: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|at| at.with_timezone(&Utc))
        .map_err(|e| format!("{e}: use RFC 3339, such as 2026-11-26T09:00:00Z"))
}

fn parse_wait(raw: &str) -> Result<Duration, String> {
    raw.trim()
        .parse::<f64>()
        .ok()
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
        .ok_or_else(|| "use a number of seconds, such as 5 or 0.5".to_owned())
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Open the console on a demo store seeded with a clinic team (F2 switches person, F3/F4 move time)
    Demo {
        /// Throw the demo store away and seed it again
        #[arg(long)]
        reset: bool,
    },
    /// Accounts: create one, or show the acting one
    #[command(subcommand)]
    Account(AccountCmd),
    /// The acting account's team
    #[command(subcommand)]
    Team(TeamCmd),
    /// Team members
    #[command(subcommand)]
    Member(MemberCmd),
    /// Invitations
    #[command(subcommand)]
    Invite(InviteCmd),
    /// Open an invitation link as --as; creates the account if new (with --name)
    Join {
        /// The link from the email, or the bare token
        link: String,
        /// Your name, when you have no account yet
        #[arg(long)]
        name: Option<String>,
    },
    /// Shared note templates (Clinic teams)
    #[command(subcommand)]
    Template(TemplateCmd),
    /// Team billing (admins)
    #[command(subcommand)]
    Billing(BillingCmd),
    /// Support staff tools
    #[command(subcommand)]
    Support(SupportCmd),
    /// The team's audit log, newest first
    Audit {
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[command(flatten)]
        team: TeamOption,
    },
    /// Write every record as JSON to stdout
    Export,
    /// Restore an export into an empty store
    Import {
        /// The JSON written by `export` ("-" for stdin)
        file: PathBuf,
    },
    /// Check every invariant of the store; exit 0 when sound
    Doctor,
}

/// `--team`, for support staff naming the team they act on.
#[derive(Debug, Args)]
pub struct TeamOption {
    /// The team to act on, by name or id (support staff)
    #[arg(long, value_name = "NAME_OR_ID")]
    pub team: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PlanArg {
    Free,
    Pro,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CycleArg {
    Monthly,
    Yearly,
}

impl From<CycleArg> for Cycle {
    fn from(cycle: CycleArg) -> Self {
        match cycle {
            CycleArg::Monthly => Cycle::Monthly,
            CycleArg::Yearly => Cycle::Yearly,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StaffArg {
    Support,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Admin,
    #[value(name = "template_manager", alias = "template-manager")]
    TemplateManager,
    Member,
    Assistant,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Admin => Role::Admin,
            RoleArg::TemplateManager => Role::TemplateManager,
            RoleArg::Member => Role::Member,
            RoleArg::Assistant => Role::Assistant,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Pending,
    Expired,
    Revoked,
    Accepted,
    Superseded,
}

impl From<StatusArg> for InvitationStatus {
    fn from(status: StatusArg) -> Self {
        match status {
            StatusArg::Pending => InvitationStatus::Pending,
            StatusArg::Expired => InvitationStatus::Expired,
            StatusArg::Revoked => InvitationStatus::Revoked,
            StatusArg::Accepted => InvitationStatus::Accepted,
            StatusArg::Superseded => InvitationStatus::Superseded,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum AccountCmd {
    /// Create an account (the store's operator; no --as needed)
    Create {
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value = "free")]
        plan: PlanArg,
        /// Billing cycle of a Pro plan
        #[arg(long, value_enum, default_value = "monthly")]
        cycle: CycleArg,
        #[arg(long, value_enum)]
        staff: Option<StaffArg>,
    },
    /// The acting account: plan, team, role and plan history
    Show,
}

#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Create a Pro team (Pro accounts in no team)
    Create { name: String },
    /// Show the team
    Show {
        #[command(flatten)]
        team: TeamOption,
    },
    /// Pro → Clinic (starts a 14-day free trial the first time)
    Upgrade,
    /// Clinic → Pro (refused while assistants are present)
    Downgrade,
    /// Rename the team or switch session sharing
    #[command(group(clap::ArgGroup::new("setting").required(true).multiple(true)))]
    Set {
        #[arg(long, group = "setting")]
        name: Option<String>,
        #[arg(long, value_enum, group = "setting")]
        session_sharing: Option<Switch>,
    },
    /// Pass ownership to another admin (owner only)
    Transfer { email: String },
    /// Delete the team (owner only); --confirm must be its name typed in full
    Delete {
        #[arg(long, value_name = "TEAM_NAME")]
        confirm: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum MemberCmd {
    /// List the team's members
    List {
        #[command(flatten)]
        team: TeamOption,
    },
    /// Remove a member (admins)
    Remove { email: String },
    /// Change a member's role (admins)
    Role {
        email: String,
        #[arg(value_enum)]
        role: RoleArg,
    },
    /// Leave your team
    Leave,
}

#[derive(Debug, Subcommand)]
pub enum InviteCmd {
    /// Invite addresses; prints one link per address
    Add {
        #[arg(required = true)]
        emails: Vec<String>,
        #[arg(long, value_enum, default_value = "member")]
        role: RoleArg,
    },
    /// List invitations, newest first
    List {
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        #[command(flatten)]
        team: TeamOption,
    },
    /// Send a new link (new 30-day window); the old link stops working
    Resend {
        email: String,
        #[command(flatten)]
        team: TeamOption,
    },
    /// Revoke a pending invitation
    Revoke {
        email: String,
        #[command(flatten)]
        team: TeamOption,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplateCmd {
    /// List the team's templates
    List,
    /// Show a template
    Show {
        name: String,
        /// Print the body exactly as stored (for redirecting to a file)
        #[arg(long)]
        raw: bool,
    },
    /// Add a template from a file ("-" for stdin)
    Add {
        name: String,
        #[arg(long, value_name = "FILE")]
        body_file: PathBuf,
    },
    /// Replace a template's body from a file ("-" for stdin)
    Edit {
        name: String,
        #[arg(long, value_name = "FILE")]
        body_file: PathBuf,
        /// The version your edit started from; refused if the template changed since
        #[arg(long, value_name = "N")]
        base_version: Option<u32>,
    },
    /// Delete a template
    Rm { name: String },
}

#[derive(Debug, Subcommand)]
pub enum BillingCmd {
    /// Plan, cycle, owner, seats and price
    Show,
    /// Change the card on file or the billing email (admins)
    Set {
        /// Card brand, such as visa
        #[arg(long, requires_all = ["card_last4", "card_expiry"])]
        card_brand: Option<String>,
        /// The card's last four digits (never the full number)
        #[arg(long, requires = "card_brand")]
        card_last4: Option<String>,
        /// MM/YYYY
        #[arg(long, requires = "card_brand", value_parser = parse_expiry)]
        card_expiry: Option<(u8, u16)>,
        #[arg(long)]
        billing_email: Option<String>,
    },
}

fn parse_expiry(raw: &str) -> Result<(u8, u16), String> {
    let (month, year) = raw
        .trim()
        .split_once('/')
        .ok_or("use MM/YYYY, such as 12/2028")?;
    let month = month.parse().map_err(|_| "the month is not a number")?;
    let year = year.parse().map_err(|_| "the year is not a number")?;
    Ok((month, year))
}

#[derive(Debug, Subcommand)]
pub enum SupportCmd {
    /// Every invitation of an address across all teams, with the next step
    Lookup { email: String },
}
