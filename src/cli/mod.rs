//! The scriptable command line (SPEC §6): parse, turn into a workspace call,
//! print the result as text or `--json`, exit with the code of §6.

pub mod args;
mod console;
mod output;

use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::Arc;

use clap::Parser;
use serde::Serialize;

use crate::config::Config;
use crate::domain::text::TEMPLATE_BODY_MAX;
use crate::domain::{Clock, DomainError, ManualClock, Staff, SystemClock};
use crate::store::dump::Dump;
use crate::store::{OpenMode, Opening};
use crate::workspace::{Actor, CardDetails, Command, InviteResult, NewPlan, Outcome, Workspace};
use args::*;

/// A failure before or around the workspace call.
#[derive(Debug)]
enum Failure {
    /// Wrong use of the command line (exit 2).
    Usage(String),
    App(crate::Error),
    /// Writing the output failed (exit 1).
    Output(io::Error),
}

impl From<crate::Error> for Failure {
    fn from(error: crate::Error) -> Self {
        Failure::App(error)
    }
}

impl From<DomainError> for Failure {
    fn from(error: DomainError) -> Self {
        Failure::App(error.into())
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(error: crate::store::StoreError) -> Self {
        Failure::App(error.into())
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Output(error)
    }
}

impl Failure {
    fn exit_code(&self) -> i32 {
        match self {
            Failure::Usage(_) => 2,
            Failure::App(error) => error.exit_code(),
            Failure::Output(_) => 1,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn run_from_env() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            if code != 0 && json_requested() {
                report(&Failure::Usage(usage_message(&error)), true);
            } else {
                let _ = error.print();
            }
            return code;
        }
    };
    let json = cli.json;
    match run(cli) {
        Ok(code) => code,
        Err(failure) => {
            report(&failure, json);
            failure.exit_code()
        }
    }
}

/// Whether `--json` was given, for errors found before the arguments parse.
fn json_requested() -> bool {
    std::env::args_os()
        .skip(1)
        .take_while(|arg| arg != "--")
        .any(|arg| arg == "--json")
}

/// A command-line parse error in one line, without clap's usage and help hints.
fn usage_message(error: &clap::Error) -> String {
    let text = error.to_string();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
        .filter(|line| !line.is_empty())
        .collect();
    lines.join(" ").trim_start_matches("error: ").to_owned()
}

/// Errors go to stderr as one plain sentence, with the diagnostic code where one applies.
fn report(failure: &Failure, json: bool) {
    let (message, code) = match failure {
        Failure::Usage(message) => (message.clone(), None),
        Failure::App(error) => (error.to_string(), error.code()),
        Failure::Output(error) if error.kind() == io::ErrorKind::BrokenPipe => return,
        Failure::Output(error) => (format!("cannot write the output: {error}"), None),
    };
    let mut stderr = io::stderr().lock();
    if json {
        let body = serde_json::json!({
            "error": message,
            "code": code.map(|c| c.as_str()),
            "exit_code": failure.exit_code(),
        });
        let _ = writeln!(stderr, "{body}");
    } else {
        let sentence = crate::sanitize::sentence(&message);
        let _ = match code {
            Some(code) => writeln!(stderr, "{sentence} ({code})"),
            None => writeln!(stderr, "{sentence}"),
        };
    }
}

/// How this run opens its store: `mode`, and `--wait` (or `TEAMDESK_WAIT`).
fn opening(cli: &Cli, mode: OpenMode) -> Opening {
    Opening {
        mode,
        wait: cli.wait.unwrap_or(Opening::DEFAULT_WAIT),
    }
}

/// Only commands that create records may create a store: any other command
/// on a missing store is told there is none, so a mistyped `--db` never
/// leaves an empty store behind. (The demo makes its own store.)
fn open_mode(command: &Cmd) -> OpenMode {
    match command {
        Cmd::Account(AccountCmd::Create { .. }) | Cmd::Import { .. } => OpenMode::CreateIfMissing,
        _ => OpenMode::MustExist,
    }
}

fn open_workspace(cli: &Cli, mode: OpenMode) -> Result<Workspace, Failure> {
    let settings = Config::load(cli.config.as_deref())?.settings()?;
    let dir = match &cli.db {
        Some(dir) => dir.clone(),
        None => Config::default_store_dir().ok_or_else(|| {
            Failure::Usage(
                "there is no platform data directory here: name the store with --db PATH".into(),
            )
        })?,
    };
    let clock: Arc<dyn Clock> = match cli.now {
        Some(now) => Arc::new(ManualClock::new(now)),
        None => Arc::new(SystemClock),
    };
    Ok(Workspace::open(&dir, opening(cli, mode), clock, settings)?)
}

/// Who runs an operator command (creating accounts, export, import,
/// doctor): the operator, unless an acting person was named, whom the domain
/// then refuses.
fn operator(cli: &Cli) -> Result<Actor, Failure> {
    match &cli.acting_as {
        None => Ok(Actor::Operator),
        Some(email) => Actor::person(email).map_err(|_| {
            Failure::Usage(
                "this is an operator command: run it without --as (and without TEAMDESK_AS)".into(),
            )
        }),
    }
}

/// The acting person; commands that act for someone need `--as`.
fn person(cli: &Cli) -> Result<Actor, Failure> {
    match &cli.acting_as {
        Some(email) => Ok(Actor::person(email)?),
        None => Err(Failure::Usage(
            "this command acts as an account: pass --as EMAIL or set TEAMDESK_AS".into(),
        )),
    }
}

/// What a command reads from a file or stdin. It is read in full before the
/// store is opened, so a slow or endless input never keeps the store from
/// other processes.
enum Input {
    Nothing,
    TemplateBody(String),
    Dump(Box<Dump>),
}

fn read_input(command: &Cmd) -> Result<Input, Failure> {
    match command {
        Cmd::Template(TemplateCmd::Add { body_file, .. } | TemplateCmd::Edit { body_file, .. }) => {
            Ok(Input::TemplateBody(read_body(body_file)?))
        }
        Cmd::Import { file } => {
            let bytes = read_from(file, None)?;
            let dump = serde_json::from_slice(&bytes).map_err(|e| {
                DomainError::Invalid(format!("{} is not a teamdesk export: {e}", file.display()))
            })?;
            Ok(Input::Dump(Box::new(dump)))
        }
        _ => Ok(Input::Nothing),
    }
}

/// Reads `path` (`-` is stdin), stopping after `limit` bytes when given.
fn read_from(path: &Path, limit: Option<u64>) -> Result<Vec<u8>, DomainError> {
    let cannot_read = |error: io::Error| {
        let why = match error.kind() {
            io::ErrorKind::NotFound => "there is no such file".to_owned(),
            io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
            _ => error.to_string(),
        };
        DomainError::Invalid(format!("cannot read {}: {why}", path.display()))
    };
    let source: Box<dyn Read> = if path == Path::new("-") {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(cannot_read)?)
    };
    let mut bytes = Vec::new();
    source
        .take(limit.unwrap_or(u64::MAX))
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    Ok(bytes)
}

/// A template body from a file or stdin. At most one byte over the limit is
/// read, so an endless input (`/dev/zero`) is refused instead of filling memory.
fn read_body(path: &Path) -> Result<String, Failure> {
    let bytes = read_from(path, Some(TEMPLATE_BODY_MAX as u64 + 1))?;
    if bytes.len() > TEMPLATE_BODY_MAX {
        return Err(DomainError::Invalid(format!(
            "{} holds more than {TEMPLATE_BODY_MAX} bytes (64 KiB), the most a template body may hold: shorten it",
            path.display()
        ))
        .into());
    }
    String::from_utf8(bytes)
        .map_err(|_| DomainError::Invalid(format!("{} is not UTF-8 text", path.display())).into())
}

/// Prints a value as JSON, or as text through `human`.
fn emit<T: Serialize + ?Sized>(
    json: bool,
    value: &T,
    human: impl FnOnce(&mut dyn Write, &T) -> io::Result<()>,
) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut stdout, value).map_err(io::Error::from)?;
        writeln!(stdout)?;
    } else {
        human(&mut stdout, value)?;
    }
    stdout.flush()?;
    Ok(())
}

fn run(cli: Cli) -> Result<i32, Failure> {
    let command = match &cli.command {
        None => return console::open(&cli, None),
        Some(Cmd::Demo { reset }) => return console::open(&cli, Some(*reset)),
        Some(command) => command,
    };
    let input = read_input(command)?;
    let workspace = open_workspace(&cli, open_mode(command))?;
    let json = cli.json;
    let execute = |actor: &Actor, command: Command| -> Result<Outcome, Failure> {
        Ok(workspace.execute(actor, command)?)
    };
    match command {
        Cmd::Demo { .. } => unreachable!("the demo opens the console above"),
        Cmd::Account(AccountCmd::Create {
            email,
            name,
            plan,
            cycle,
            staff,
        }) => {
            let plan = match plan {
                PlanArg::Free => NewPlan::Free,
                PlanArg::Pro => NewPlan::Pro((*cycle).into()),
            };
            let staff = staff.map(|StaffArg::Support| Staff::Support);
            let command = Command::CreateAccount {
                email: email.clone(),
                name: name.clone(),
                plan,
                staff,
            };
            show_outcome(json, execute(&operator(&cli)?, command)?)
        }
        Cmd::Account(AccountCmd::Show) => {
            emit(json, &workspace.account(&person(&cli)?)?, output::account)
        }
        Cmd::Team(TeamCmd::Create { name }) => show_outcome(
            json,
            execute(&person(&cli)?, Command::CreateTeam { name: name.clone() })?,
        ),
        Cmd::Team(TeamCmd::Show { team }) => emit(
            json,
            &workspace.team(&person(&cli)?, team.team.as_deref())?,
            output::team,
        ),
        Cmd::Team(TeamCmd::Upgrade) => {
            show_outcome(json, execute(&person(&cli)?, Command::UpgradeTeam)?)
        }
        Cmd::Team(TeamCmd::Downgrade) => {
            show_outcome(json, execute(&person(&cli)?, Command::DowngradeTeam)?)
        }
        Cmd::Team(TeamCmd::Set {
            name,
            session_sharing,
        }) => {
            let actor = person(&cli)?;
            let mut last = None;
            if let Some(name) = name {
                last = Some(execute(&actor, Command::RenameTeam { name: name.clone() })?);
            }
            if let Some(switch) = session_sharing {
                let on = matches!(switch, Switch::On);
                last = Some(execute(&actor, Command::SetSessionSharing { on })?);
            }
            show_outcome(json, last.expect("clap requires at least one setting"))
        }
        Cmd::Team(TeamCmd::Transfer { email }) => show_outcome(
            json,
            execute(
                &person(&cli)?,
                Command::TransferOwnership { to: email.clone() },
            )?,
        ),
        Cmd::Team(TeamCmd::Delete { confirm }) => show_outcome(
            json,
            execute(
                &person(&cli)?,
                Command::DeleteTeam {
                    confirm_name: confirm.clone(),
                },
            )?,
        ),
        Cmd::Member(MemberCmd::List { team }) => emit(
            json,
            workspace
                .members(&person(&cli)?, team.team.as_deref())?
                .as_slice(),
            output::members,
        ),
        Cmd::Member(MemberCmd::Remove { email }) => show_outcome(
            json,
            execute(
                &person(&cli)?,
                Command::RemoveMember {
                    email: email.clone(),
                },
            )?,
        ),
        Cmd::Member(MemberCmd::Role { email, role }) => show_outcome(
            json,
            execute(
                &person(&cli)?,
                Command::ChangeRole {
                    email: email.clone(),
                    role: (*role).into(),
                },
            )?,
        ),
        Cmd::Member(MemberCmd::Leave) => {
            show_outcome(json, execute(&person(&cli)?, Command::LeaveTeam)?)
        }
        Cmd::Invite(InviteCmd::Add { emails, role }) => {
            let outcome = execute(
                &person(&cli)?,
                Command::Invite {
                    emails: emails.clone(),
                    role: (*role).into(),
                },
            )?;
            let Outcome::Invited(results) = &outcome else {
                unreachable!("an invite reports per-address results")
            };
            // Bulk invites keep every address that succeeded; the exit code
            // still tells a script that some address was refused.
            let first_refusal = results.iter().find_map(|result| match result {
                InviteResult::Refused { exit_code, .. } => Some(*exit_code),
                InviteResult::Invited(_) => None,
            });
            show_outcome(json, outcome)?;
            return Ok(first_refusal.unwrap_or(0));
        }
        Cmd::Invite(InviteCmd::List { status, team }) => emit(
            json,
            workspace
                .invitations(&person(&cli)?, team.team.as_deref(), status.map(Into::into))?
                .as_slice(),
            |out, list| output::invitations(out, list, workspace.now()),
        ),
        Cmd::Invite(InviteCmd::Resend { email, team }) => show_outcome(
            json,
            execute(
                &person(&cli)?,
                Command::ResendInvitation {
                    team: team.team.clone(),
                    email: email.clone(),
                },
            )?,
        ),
        Cmd::Invite(InviteCmd::Revoke { email, team }) => show_outcome(
            json,
            execute(
                &person(&cli)?,
                Command::RevokeInvitation {
                    team: team.team.clone(),
                    email: email.clone(),
                },
            )?,
        ),
        Cmd::Join { link, name } => show_outcome(
            json,
            execute(
                &person(&cli)?,
                Command::Join {
                    link: link.clone(),
                    name: name.clone(),
                },
            )?,
        ),
        Cmd::Template(TemplateCmd::List) => emit(
            json,
            workspace.templates(&person(&cli)?)?.as_slice(),
            output::templates,
        ),
        Cmd::Template(TemplateCmd::Show { name, raw }) => {
            let template = workspace.template(&person(&cli)?, name)?;
            if *raw && !json {
                let mut stdout = io::stdout().lock();
                stdout.write_all(template.body.as_bytes())?;
                stdout.flush()?;
                return Ok(0);
            }
            emit(json, &template, output::template)
        }
        Cmd::Template(TemplateCmd::Add { name, .. }) => {
            let Input::TemplateBody(body) = input else {
                unreachable!("template add reads its body before the store opens")
            };
            show_outcome(
                json,
                execute(
                    &person(&cli)?,
                    Command::AddTemplate {
                        name: name.clone(),
                        body,
                    },
                )?,
            )
        }
        Cmd::Template(TemplateCmd::Edit {
            name, base_version, ..
        }) => {
            let Input::TemplateBody(body) = input else {
                unreachable!("template edit reads its body before the store opens")
            };
            let command = Command::EditTemplate {
                name: name.clone(),
                body,
                based_on: *base_version,
            };
            show_outcome(json, execute(&person(&cli)?, command)?)
        }
        Cmd::Template(TemplateCmd::Rm { name }) => show_outcome(
            json,
            execute(
                &person(&cli)?,
                Command::RemoveTemplate { name: name.clone() },
            )?,
        ),
        Cmd::Billing(BillingCmd::Show) => {
            emit(json, &workspace.billing(&person(&cli)?)?, output::billing)
        }
        Cmd::Billing(BillingCmd::Set {
            card_brand,
            card_last4,
            card_expiry,
            billing_email,
        }) => {
            let card = match (card_brand, card_last4, card_expiry) {
                (Some(brand), Some(last4), Some((month, year))) => Some(CardDetails {
                    brand: brand.clone(),
                    last4: last4.clone(),
                    expiry_month: *month,
                    expiry_year: *year,
                }),
                _ => None,
            };
            let command = Command::UpdateBilling {
                card,
                billing_email: billing_email.clone(),
            };
            show_outcome(json, execute(&person(&cli)?, command)?)
        }
        Cmd::Support(SupportCmd::Lookup { email }) => emit(
            json,
            &workspace.lookup(&person(&cli)?, email)?,
            output::lookup,
        ),
        Cmd::Audit { limit, team } => emit(
            json,
            workspace
                .audit_log(&person(&cli)?, team.team.as_deref(), *limit)?
                .as_slice(),
            output::audit,
        ),
        Cmd::Export => {
            let dump = workspace.export(&operator(&cli)?)?;
            let mut stdout = io::stdout().lock();
            serde_json::to_writer_pretty(&mut stdout, &dump).map_err(io::Error::from)?;
            writeln!(stdout)?;
            stdout.flush()?;
            Ok(())
        }
        Cmd::Import { .. } => {
            let Input::Dump(dump) = input else {
                unreachable!("import reads its file before the store opens")
            };
            emit(
                json,
                &workspace.import(&operator(&cli)?, &dump)?,
                output::imported,
            )
        }
        Cmd::Doctor => {
            let report = workspace.doctor(&operator(&cli)?)?;
            emit(json, &report, output::doctor)?;
            return Ok(if report.is_sound() { 0 } else { 1 });
        }
    }?;
    Ok(0)
}

/// Prints what a command did.
fn show_outcome(json: bool, outcome: Outcome) -> Result<(), Failure> {
    match &outcome {
        Outcome::Account(view) => emit(json, view, output::account_created),
        Outcome::Team(view) => emit(json, view, output::team),
        Outcome::Invited(results) => emit(json, results.as_slice(), output::invited),
        Outcome::Resent(link) => emit(json, link, output::resent),
        Outcome::Revoked(view) => emit(json, view, output::revoked),
        Outcome::Joined(view) => emit(json, view, output::joined),
        Outcome::Member(view) => emit(json, view, output::member_changed),
        Outcome::Removed { email, team } => emit(
            json,
            &serde_json::json!({ "email": email, "team": team }),
            |out, _| output::removed(out, email, team),
        ),
        Outcome::Template(view) => emit(json, view, output::template_saved),
        Outcome::TemplateRemoved { name } => {
            emit(json, &serde_json::json!({ "removed": name }), |out, _| {
                output::template_removed(out, name)
            })
        }
        Outcome::TeamDeleted {
            name,
            members_released,
        } => emit(
            json,
            &serde_json::json!({ "deleted": name, "members_released": members_released }),
            |out, _| output::team_deleted(out, name, *members_released),
        ),
        Outcome::Billing(view) => emit(json, view, output::billing),
    }
}
