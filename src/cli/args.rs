//! The command-line grammar of SPEC §6, with every argument described.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::domain::outbox::DeliveryStatus;
use crate::domain::{Cycle, InvitationStatus, Language, Role};
use crate::tui::i18n::Lang;
use crate::tui::theme::ThemeName;

mod account;
pub use account::{AccountCmd, KeyInput, KeyToRemove};

#[derive(Debug, Parser)]
#[command(
    name = "teamdesk",
    version,
    about = "Run clinic teams: members, invitations, shared templates and team billing.",
    long_about = "Run clinic teams: members, invitations, shared templates and team billing.\n\nWith no command, opens the console on the store. Every command acts as the account named by --as (or TEAMDESK_AS), except the store operator's commands (account create, account add-key|remove-key|keys, export, import, doctor, archive, outbox, link-key), which refuse one.",
    after_help = "Exit codes: 0 ok · 2 usage · 3 permission denied · 4 not found · 5 refused by a rule · 6 invalid input · 7 store unavailable · 1 anything else."
)]
pub struct Cli {
    /// Store directory [default: the platform data directory]
    #[arg(
        long,
        env = "TEAMDESK_DB",
        hide_env_values = true,
        global = true,
        value_name = "PATH"
    )]
    pub db: Option<PathBuf>,

    /// The account to act as (its email address)
    #[arg(
        long = "as",
        env = "TEAMDESK_AS",
        hide_env_values = true,
        global = true,
        value_name = "EMAIL"
    )]
    pub acting_as: Option<String>,

    /// Clock override, RFC 3339; honoured only by stores created under one (tests, the demo)
    #[arg(
        long,
        env = "TEAMDESK_NOW",
        hide_env_values = true,
        global = true,
        value_name = "RFC3339",
        value_parser = parse_now
    )]
    pub now: Option<DateTime<Utc>>,

    /// Seconds to wait for a store another process is using, then give up naming it [default: 5]
    #[arg(
        long,
        env = "TEAMDESK_WAIT",
        hide_env_values = true,
        global = true,
        value_name = "SECONDS",
        value_parser = parse_wait
    )]
    pub wait: Option<Duration>,

    /// Memory sled may use to cache the store's pages, in MiB [default: 32]
    #[arg(
        long,
        env = "TEAMDESK_CACHE_MB",
        hide_env_values = true,
        global = true,
        value_name = "MIB",
        value_parser = clap::value_parser!(u64).range(1..=65_536)
    )]
    pub cache_mb: Option<u64>,

    /// Machine-readable output on stdout (errors as JSON on stderr)
    #[arg(long, global = true)]
    pub json: bool,

    /// Deliver invitation emails through this SMTP server: smtps://USER:PASS@HOST[:PORT],
    /// smtp://HOST[:PORT]?tls=required (STARTTLS), or plain smtp:// to this machine only
    /// [default: config `smtp_url`; else .eml files in a folder beside the store].
    /// TEAMDESK_SMTP_PASSWORD, when set, is the password
    #[arg(
        long,
        env = "TEAMDESK_SMTP_URL",
        hide_env_values = true,
        global = true,
        value_name = "URL"
    )]
    pub smtp: Option<String>,

    /// Configuration file [default: config.toml in the platform config directory]
    #[arg(
        long,
        env = "TEAMDESK_CONFIG",
        hide_env_values = true,
        global = true,
        value_name = "PATH"
    )]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub console: ConsoleOptions,

    #[command(subcommand)]
    pub command: Option<Cmd>,
}

/// How the console looks and behaves (the console and the demo only).
#[derive(Debug, Clone, Default, Args)]
pub struct ConsoleOptions {
    /// Console language [default: config `lang`, then LANG, then en]
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Console theme [default: config `theme`; NO_COLOR means monochrome]
    #[arg(long, value_enum, value_name = "THEME")]
    pub theme: Option<ThemeName>,

    /// Let the console use the mouse (off by default: it breaks copy and paste over SSH)
    #[arg(long)]
    pub mouse: bool,
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
        #[command(flatten)]
        console: ConsoleOptions,
    },
    /// Accounts: create one and manage its SSH keys (the operator), or show the acting one
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
        /// The link from the invitation email, or the bare token at its end
        link: String,
        /// Your name, when you have no account yet: the account is created as you join
        #[arg(long, value_name = "NAME")]
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
    /// The team's audit log, newest first (admins; support with --team)
    Audit {
        /// How many entries to show
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
        #[command(flatten)]
        team: TeamOption,
    },
    /// Write every record as JSON to stdout (the operator)
    Export,
    /// Restore an export into an empty store (the operator)
    Import {
        /// The JSON written by `export` ("-" for stdin)
        file: PathBuf,
    },
    /// Check every invariant of the store; exit 0 when sound (the operator)
    Doctor,
    /// Move history (settled more than 90 days ago) into the store's archive now (the operator)
    Archive,
    /// Invitation emails: deliver those due, or list them (the operator)
    #[command(subcommand)]
    Outbox(OutboxCmd),
    /// The install's key that invitation links are derived from (the operator)
    #[command(subcommand, name = "link-key")]
    LinkKey(LinkKeyCmd),
    /// Serve the console and the commands over SSH, to the accounts' keys (the operator)
    Serve(ServeArgs),
    /// Print a shell completion script, e.g. `teamdesk completions bash > /etc/bash_completion.d/teamdesk`
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// `teamdesk serve`: where it listens, its host key and its limits.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on
    #[arg(long, default_value = "127.0.0.1:2222", value_name = "ADDRESS:PORT")]
    pub listen: std::net::SocketAddr,
    /// The server's ed25519 host key (default: made beside the store on the first start)
    #[arg(long, value_name = "PATH")]
    pub host_key: Option<PathBuf>,
    /// Sessions (consoles and commands) open at once, over every connection
    #[arg(long, default_value_t = 64, value_name = "N", value_parser = at_least_one)]
    pub max_sessions: usize,
    /// Close a connection idle this many seconds
    #[arg(long, default_value_t = 1800, value_name = "SECONDS")]
    pub idle_timeout: u64,
    /// Failed sign-ins one key may make in ten minutes before it is refused unread
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub auth_failures: u32,
}

/// `--team`, for support staff naming the team they act on.
#[derive(Debug, Args)]
pub struct TeamOption {
    /// The team to act on, by name or id (support staff; anyone else only their own)
    #[arg(long, value_name = "NAME_OR_ID")]
    pub team: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PlanArg {
    /// Free: no team features until they join a team
    Free,
    /// Pro, paid personally (may create a team)
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
    /// Vendor support: looks addresses up across teams, resends and revokes invitations
    Support,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EmailLanguage {
    /// English
    En,
    /// Polish
    Pl,
}

impl EmailLanguage {
    pub fn language(self) -> Language {
        match self {
            EmailLanguage::En => Language::En,
            EmailLanguage::Pl => Language::Pl,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Manages members, invitations, plan, settings and billing
    Admin,
    /// Creates, edits and deletes shared templates
    #[value(name = "template_manager", alias = "template-manager")]
    TemplateManager,
    /// A billed seat that uses the team's templates
    Member,
    /// A free seat on Clinic teams
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
pub enum TeamCmd {
    /// Create a Pro team (Pro accounts in no team); you become its owner
    Create {
        /// The team's name, 1 to 80 characters
        name: String,
    },
    /// Show the team
    Show {
        #[command(flatten)]
        team: TeamOption,
    },
    /// Pro → Clinic (starts a 14-day free trial the first time)
    Upgrade,
    /// Clinic → Pro (refused while assistants are present)
    Downgrade,
    /// Rename the team, switch session sharing, choose the emails' language: any of them, in one change
    #[command(group(clap::ArgGroup::new("setting").required(true).multiple(true)))]
    Set {
        /// The team's new name
        #[arg(long, group = "setting", value_name = "NAME")]
        name: Option<String>,
        /// Session sharing (Clinic teams)
        #[arg(long, value_enum, group = "setting")]
        session_sharing: Option<Switch>,
        /// The language of the team's invitation emails
        #[arg(long, value_enum, group = "setting")]
        language: Option<EmailLanguage>,
    },
    /// Pass ownership to another admin (owner only)
    Transfer {
        /// The admin who becomes the owner
        email: String,
    },
    /// Delete the team (owner only); --confirm must be its name typed in full
    Delete {
        /// The team's name, typed in full
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
    /// Remove a member (admins); they return to the free plan
    Remove {
        /// The member's email address
        email: String,
    },
    /// Change a member's role (admins)
    Role {
        /// The member's email address
        email: String,
        /// The new role
        #[arg(value_enum)]
        role: RoleArg,
    },
    /// Leave your team (not the owner)
    Leave,
}

#[derive(Debug, Subcommand)]
pub enum InviteCmd {
    /// Invite addresses; prints one link per address
    Add {
        /// One or more email addresses
        #[arg(required = true, value_name = "EMAIL")]
        emails: Vec<String>,
        /// The role they join with
        #[arg(long, value_enum, default_value = "member")]
        role: RoleArg,
    },
    /// List invitations, newest first
    List {
        /// Only invitations with this status
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        #[command(flatten)]
        team: TeamOption,
    },
    /// Send a new link (new 30-day window); the old link stops working
    #[command(group(clap::ArgGroup::new("which").required(true)))]
    Resend {
        /// The invited address
        #[arg(group = "which")]
        email: Option<String>,
        /// Every expired invitation of the team, in one change (admins)
        #[arg(long, group = "which")]
        all_expired: bool,
        #[command(flatten)]
        team: TeamOption,
    },
    /// Revoke a pending invitation
    Revoke {
        /// The invited address
        email: String,
        #[command(flatten)]
        team: TeamOption,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxCmd {
    /// Queue the reminders now due, try every email due, and sum up
    Send,
    /// Every email, newest first, with each attempt
    List {
        /// Only emails with this status
        #[arg(long, value_enum)]
        status: Option<DeliveryStatusArg>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DeliveryStatusArg {
    Queued,
    Sent,
    Failed,
    Cancelled,
}

impl From<DeliveryStatusArg> for DeliveryStatus {
    fn from(status: DeliveryStatusArg) -> Self {
        match status {
            DeliveryStatusArg::Queued => DeliveryStatus::Queued,
            DeliveryStatusArg::Sent => DeliveryStatus::Sent,
            DeliveryStatusArg::Failed => DeliveryStatus::Failed,
            DeliveryStatusArg::Cancelled => DeliveryStatus::Cancelled,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum LinkKeyCmd {
    /// Replace the key: sent links keep working; emails still queued must be resent
    Rotate,
}

#[derive(Debug, Subcommand)]
pub enum TemplateCmd {
    /// List the team's templates
    List,
    /// Show a template (with its version, for `template edit --base-version`)
    Show {
        /// The template's name (case does not matter)
        name: String,
        /// Print the body exactly as stored (for redirecting to a file)
        #[arg(long)]
        raw: bool,
    },
    /// Add a template from a file ("-" for stdin)
    Add {
        /// The template's name, 1 to 120 characters, unique in the team
        name: String,
        /// The body: a text file of up to 64 KiB ("-" for stdin)
        #[arg(long, value_name = "FILE")]
        body_file: PathBuf,
    },
    /// Replace a template's body from a file; refused if it changed since the version you edited
    Edit {
        /// The template's name
        name: String,
        /// The new body: a text file of up to 64 KiB ("-" for stdin)
        #[arg(long, value_name = "FILE")]
        body_file: PathBuf,
        /// The version your edit started from (`template show` prints it)
        #[arg(long, value_name = "N")]
        base_version: u32,
    },
    /// Delete a template
    Rm {
        /// The template's name
        name: String,
    },
}

/// A card as an admin or a person enters it: brand, last four digits, expiry.
#[derive(Debug, Args)]
pub struct CardArgs {
    /// Card brand, such as visa
    #[arg(long, requires_all = ["card_last4", "card_expiry"], value_name = "BRAND")]
    pub card_brand: Option<String>,
    /// The card's last four digits (never the full number)
    #[arg(long, requires = "card_brand", value_name = "NNNN")]
    pub card_last4: Option<String>,
    /// The card's expiry, MM/YYYY
    #[arg(long, requires = "card_brand", value_parser = parse_expiry, value_name = "MM/YYYY")]
    pub card_expiry: Option<(u8, u16)>,
}

/// How `billing invoices` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InvoiceFormat {
    Text,
    Json,
    /// One row per invoice line, with a header
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum BillingCmd {
    /// Plan, cycle, owner, seats, price, period, credit and the next invoice
    Show,
    /// The upcoming invoice with every line, as things stand now
    Preview,
    /// Issued invoices, newest first, with their lines
    Invoices {
        /// How many invoices to show
        #[arg(long, default_value_t = 24, value_name = "N")]
        limit: usize,
        /// Output format (--json means json)
        #[arg(long, value_enum, default_value = "text")]
        format: InvoiceFormat,
    },
    /// Change the card on file, the billing email or the cycle (admins)
    Set {
        #[command(flatten)]
        card: CardArgs,
        /// Where invoices go
        #[arg(long, value_name = "EMAIL")]
        billing_email: Option<String>,
        /// The billing cycle, from the next period on
        #[arg(long, value_enum)]
        cycle: Option<CycleArg>,
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
    /// Every invitation of an address across all teams, with its timeline and the next step
    Lookup {
        /// The address people were invited with, or its beginning (lists every
        /// invited address that starts with it)
        #[arg(value_name = "EMAIL_OR_BEGINNING")]
        email: String,
    },
}

/// A number of sessions: a server that allows none would refuse everyone.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("a server must allow at least one session".into()),
        Ok(n) => Ok(n),
        Err(error) => Err(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every argument and option of every command says what it is for.
    #[test]
    fn every_argument_is_described_in_help() {
        fn walk(command: &clap::Command, path: &str, undescribed: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                if !builtin && arg.get_help().is_none() {
                    undescribed.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                if sub.get_about().is_none() {
                    undescribed.push(format!("{path} {}", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), undescribed);
            }
        }
        let mut undescribed = Vec::new();
        walk(&Cli::command(), "teamdesk", &mut undescribed);
        assert!(undescribed.is_empty(), "undescribed: {undescribed:?}");
        Cli::command().debug_assert();
    }

    /// The console's options belong to the console, not to every command.
    #[test]
    fn console_options_are_not_offered_to_scripted_commands() {
        let command = Cli::command();
        let list = command
            .find_subcommand("member")
            .and_then(|member| member.find_subcommand("list"))
            .expect("member list");
        let ids: Vec<&str> = list.get_arguments().map(|a| a.get_id().as_str()).collect();
        for console_only in ["lang", "theme", "mouse"] {
            assert!(
                !ids.contains(&console_only),
                "{console_only} offered: {ids:?}"
            );
        }
        assert!(Cli::try_parse_from(["teamdesk", "--lang", "pl"]).is_ok());
        assert!(Cli::try_parse_from(["teamdesk", "demo", "--theme", "monochrome"]).is_ok());
        assert!(Cli::try_parse_from(["teamdesk", "member", "list", "--lang", "pl"]).is_err());
    }
}
