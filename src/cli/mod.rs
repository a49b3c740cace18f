//! The scriptable command line (SPEC §6): parse, turn into a workspace call,
//! print the result as text or `--json`, exit with the code of §6.

pub mod args;
mod billing;
mod console;
mod mail;
mod output;
pub mod relay;
pub mod remote;
mod request;
mod serve;
mod triage;
mod words;

use std::io::{self, IsTerminal as _, Write};
use std::sync::Arc;

use clap::{CommandFactory, Parser};

use crate::config::Config;
use crate::domain::DomainError;
use crate::mail::transport::Mailer;
use crate::sources::{Clock, ManualClock, SystemClock};
use crate::store::{OpenMode, Opening};
use crate::workspace::{Actor, Workspace};
use args::*;
use request::{Inputs, Request};

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

/// Refuses a full card number in any argument before anything else reads
/// it: it is never parsed, stored or logged (the sentence does not repeat it).
fn refuse_card_numbers<'a>(args: impl Iterator<Item = &'a str>) -> Result<(), Failure> {
    for text in args {
        crate::domain::text::refuse_card_number("an argument", text)?;
    }
    Ok(())
}

/// Runs the command line and returns the process exit code.
pub fn run_from_env() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if let Err(failure) = refuse_card_numbers(args.iter().filter_map(|arg| arg.to_str())) {
        report(&failure, json_requested(), &mut io::stderr().lock());
        return failure.exit_code();
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            if code != 0 && json_requested() {
                report(
                    &Failure::Usage(usage_message(&error)),
                    true,
                    &mut io::stderr().lock(),
                );
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
            report(&failure, json, &mut io::stderr().lock());
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

/// Errors go to stderr (`err`) as one plain sentence, with the diagnostic
/// code where one applies.
fn report(failure: &Failure, json: bool, err: &mut dyn Write) {
    let (message, code) = match failure {
        Failure::Usage(message) => (message.clone(), None),
        Failure::App(error) => (error.to_string(), error.code()),
        Failure::Output(error) if error.kind() == io::ErrorKind::BrokenPipe => return,
        Failure::Output(error) => (format!("cannot write the output: {error}"), None),
    };
    if json {
        let body = serde_json::json!({
            "error": message,
            "code": code.map(|c| c.as_str()),
            "exit_code": failure.exit_code(),
        });
        let _ = writeln!(err, "{body}");
    } else {
        let sentence = crate::sanitize::sentence(&message);
        let _ = match code {
            Some(code) => writeln!(err, "{sentence} ({code})"),
            None => writeln!(err, "{sentence}"),
        };
    }
}

/// How this run opens its store: `mode`, and `--wait` (or `TEAMDESK_WAIT`).
fn opening(cli: &Cli, mode: OpenMode) -> Opening {
    Opening {
        mode,
        wait: cli.wait.unwrap_or(Opening::DEFAULT_WAIT),
        cache_bytes: cli.cache_mb.map_or(Opening::DEFAULT_CACHE_BYTES, |mb| {
            mb.saturating_mul(1024 * 1024)
        }),
    }
}

/// Opens the workspace of this run, and the transport its emails take. The
/// link key is read (or made) only when the request makes or sends links.
fn open_workspace(cli: &Cli, request: &Request) -> Result<(Workspace, Mailer), Failure> {
    let config = Config::load(cli.config.as_deref())?;
    let dir = console::store_dir(cli.db.as_ref(), Config::default_store_dir())?;
    let mailer = mail::mailer(cli, &config, &dir)?;
    let link_key = match request.needs_link_key() {
        true => Some(mail::link_key(cli)?),
        false => None,
    };
    let settings = config.settings(link_key)?;
    // Only commands that create records may create a store: any other on a
    // missing store is told there is none, so a mistyped --db leaves nothing.
    let mode = if request.creates_store() {
        OpenMode::CreateIfMissing
    } else {
        OpenMode::MustExist
    };
    let clock: Arc<dyn Clock> = match cli.now {
        Some(now) => Arc::new(ManualClock::new(now)),
        None => Arc::new(SystemClock),
    };
    let workspace = Workspace::open(&dir, opening(cli, mode), clock, settings)?;
    Ok((workspace, mailer))
}

/// Who runs an operator command (creating accounts, export, import,
/// doctor, archive): the operator, unless an acting person was named, whom the domain
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

/// One parsed command line: the console, a completion script, or one
/// request to the workspace, printed once.
fn run(cli: Cli) -> Result<i32, Failure> {
    let command = match &cli.command {
        None => return console::open(&cli, &cli.console, None),
        Some(Cmd::Demo { reset, console }) => return console::open(&cli, console, Some(*reset)),
        Some(Cmd::Completions { shell }) => {
            let mut stdout = io::stdout().lock();
            clap_complete::generate(*shell, &mut Cli::command(), "teamdesk", &mut stdout);
            stdout.flush()?;
            return Ok(0);
        }
        Some(Cmd::LinkKey(LinkKeyCmd::Rotate)) => {
            if operator(&cli)? != Actor::Operator {
                return Err(DomainError::Denied(
                    "only the store's operator can rotate the link key: run it without --as".into(),
                )
                .into());
            }
            let mut stdout = io::stdout().lock();
            let terminal = stdout.is_terminal();
            mail::rotate_key(&cli, &mut output::Printer::new(&mut stdout, terminal))?;
            stdout.flush()?;
            return Ok(0);
        }
        Some(Cmd::Serve(args)) => return serve::serve(&cli, args),
        Some(command) => command,
    };
    let dir = console::store_dir(cli.db.as_ref(), Config::default_store_dir())?;
    if let Some(code) = relay::through_server(&dir, command) {
        return Ok(code);
    }
    let request = Request::from_command(command, &Inputs::Own)?;
    let actor = if request.is_operators() {
        operator(&cli)?
    } else {
        person(&cli)?
    };
    let (workspace, mailer) = open_workspace(&cli, &request)?;
    let mut stdout = io::stdout().lock();
    let terminal = stdout.is_terminal();
    respond(
        request,
        (&workspace, &mailer),
        &actor,
        (cli.json, terminal),
        &mut stdout,
    )
}

/// Runs a request as `actor` and prints its answer to `out`, buffered
/// (long cells cut to fit when `out` is the person's `terminal`); returns
/// the exit code the answer calls for.
fn respond(
    request: Request,
    (workspace, mailer): (&Workspace, &Mailer),
    actor: &Actor,
    (json, terminal): (bool, bool),
    out: &mut dyn Write,
) -> Result<i32, Failure> {
    let answer = request.run(workspace, actor, mailer, out)?;
    let mut buffered = io::BufWriter::new(out);
    let mut printer = output::Printer::new(&mut buffered, terminal);
    output::print(&mut printer, json, &answer, workspace.now())?;
    buffered.flush()?;
    Ok(answer.exit_code())
}
