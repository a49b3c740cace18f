//! A command line that arrives over SSH (`ssh -p 2222 host invite list
//! --json`): run as the account the key belongs to, against the server's
//! workspace, with the same output and exit status as the local command.
//! What would name another store, person, clock or mail server is refused
//! (the key says who, the server says where and when), and so is whatever
//! would read a file on the server's machine.

use std::io::{self, Write};
use std::path::Path;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use super::args::{Cli, Cmd};
pub use super::request::MOST_STDIN_BYTES;
use super::request::{Inputs, Request, file_read};
use super::{Failure, refuse_card_numbers, report, respond};
use crate::domain::DomainError;
use crate::mail::transport::Mailer;
use crate::workspace::{Actor, Workspace};

/// The global options the environment may set, by clap id and as typed:
/// a server reads its own environment, never its clients' intent. Over
/// SSH every one of them is the server's to set.
const ENVIRONMENT_OPTIONS: [(&str, &str); 7] = [
    ("db", "--db"),
    ("acting_as", "--as"),
    ("now", "--now"),
    ("wait", "--wait"),
    ("cache_mb", "--cache-mb"),
    ("smtp", "--smtp"),
    ("config", "--config"),
];

/// What the server lends a command: its workspace and its mail transport.
pub struct Served<'a> {
    pub workspace: &'a Workspace,
    pub mailer: &'a Mailer,
}

/// What the client's side gives a command over SSH.
pub struct FromClient {
    /// Whether its output goes to a terminal (a pty was asked for).
    pub terminal: bool,
    /// Its standard input, when the command reads it (`--body-file -`).
    pub stdin: Vec<u8>,
}

/// Runs `words` (the command line after `teamdesk`) as `actor`; writes what
/// the local command would write to stdout and stderr, and returns its exit
/// code.
pub fn run_served(
    words: &[String],
    served: &Served<'_>,
    (actor, client): (&Actor, FromClient),
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let json = words
        .iter()
        .take_while(|word| *word != "--")
        .any(|word| word == "--json");
    let run_words = || -> Result<i32, Failure> {
        refuse_card_numbers(words.iter().map(String::as_str))?;
        let why = "is not accepted over SSH: your key says who you are, and the server keeps the store, the clock and the mail settings";
        match parse(words, out, &ENVIRONMENT_OPTIONS, why)? {
            Some(cli) => run(&cli, served, (actor, client), out),
            None => Ok(0),
        }
    };
    match run_words() {
        Ok(code) => code,
        Err(failure) => {
            report(&failure, json, err);
            failure.exit_code()
        }
    }
}

/// The command line parsed as the local one is, without the server's
/// environment: `TEAMDESK_*` variables set where the server runs are not
/// the person's options. Options in `refused`, typed, are refused with
/// `why`. `None` when clap answered itself (help, version).
pub(super) fn parse(
    words: &[String],
    out: &mut dyn Write,
    refused: &[(&str, &str)],
    why: &str,
) -> Result<Option<Cli>, Failure> {
    let command = Cli::command();
    let matches = match command
        .try_get_matches_from(std::iter::once("teamdesk").chain(words.iter().map(String::as_str)))
    {
        Ok(matches) => matches,
        Err(error) if !error.use_stderr() => {
            write!(out, "{}", error.render())?;
            return Ok(None);
        }
        Err(error) => return Err(Failure::Usage(super::usage_message(&error))),
    };
    let typed = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
    if let Some((_, option)) = refused.iter().find(|(id, _)| typed(id)) {
        return Err(Failure::Usage(format!("{option} {why}")));
    }
    let mut cli =
        Cli::from_arg_matches(&matches).map_err(|error| Failure::Usage(error.to_string()))?;
    for (id, _) in ENVIRONMENT_OPTIONS {
        if !typed(id) {
            forget(&mut cli, id);
        }
    }
    Ok(Some(cli))
}

/// Drops an option the server's environment set.
fn forget(cli: &mut Cli, id: &str) {
    match id {
        "db" => cli.db = None,
        "acting_as" => cli.acting_as = None,
        "now" => cli.now = None,
        "wait" => cli.wait = None,
        "cache_mb" => cli.cache_mb = None,
        "smtp" => cli.smtp = None,
        "config" => cli.config = None,
        _ => {}
    }
}

/// The request the command line makes, as `actor`, printed to `out`.
fn run(
    cli: &Cli,
    served: &Served<'_>,
    (actor, client): (&Actor, FromClient),
    out: &mut dyn Write,
) -> Result<i32, Failure> {
    let command = match &cli.command {
        None | Some(Cmd::Demo { .. }) => {
            return Err(Failure::Usage(
                "the console opens in an interactive session: ssh -t (without a command)".into(),
            ));
        }
        Some(command) if file_read(command).is_some_and(|file| file != Path::new("-")) => {
            return Err(Failure::Usage(
                "over SSH a command reads its file from standard input: give `-` as the file and send it (ssh … < FILE)".into(),
            ));
        }
        Some(Cmd::Completions { .. }) => {
            return Err(Failure::Usage(
                "shell completions are for the local command: run `teamdesk completions` where it is installed".into(),
            ));
        }
        Some(Cmd::LinkKey(_) | Cmd::Serve(_)) => return Err(operators_only()),
        Some(command) => command,
    };
    let inputs = Inputs::Client {
        folder: None,
        stdin: client.stdin,
    };
    let request = Request::from_command(command, &inputs)?;
    if request.is_operators() {
        return Err(operators_only());
    }
    respond(
        request,
        (served.workspace, served.mailer),
        actor,
        (cli.json, client.terminal),
        out,
    )
}

/// Whether the command line reads standard input (a file given as `-`):
/// then it runs once the client has sent all of it.
pub fn reads_stdin(words: &[String]) -> bool {
    // Parsed again when the command runs, which says what it refuses.
    parse(words, &mut io::sink(), &ENVIRONMENT_OPTIONS, "")
        .ok()
        .flatten()
        .and_then(|cli| cli.command)
        .is_some_and(|command| file_read(&command) == Some(Path::new("-")))
}

fn operators_only() -> Failure {
    DomainError::Denied(
        "the store operator's commands run on the server's machine, not over SSH".into(),
    )
    .into()
}
