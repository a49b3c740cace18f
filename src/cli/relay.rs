//! Local commands while `teamdesk serve` holds the store: the command goes
//! through the server's unix socket in the store's folder (owner-only, as
//! the folder is) and comes back with the same output and exit code as
//! without a server, instead of waiting for a lock the server never lets go.
//!
//! The local console goes through it too ([`console`]).
//!
//! The protocol: the client sends its command line as one JSON line
//! (`{"words": [...]}`), the server answers with frames of a tag byte, a
//! big-endian `u32` length and that many bytes: `o` stdout, `e` stderr,
//! and last `x`, the exit code as a big-endian `i32`. A command that reads
//! a file says from which folder (`"folder"`: the file is opened there, by
//! the server, which runs as the same user on the same machine) and sends
//! its standard input when the file is `-` (`"stdin"`, base64).
//!
//! A console asks with its terminal beside the words: `{"words": [...],
//! "console": {"width": 120, "height": 40, "env": {"LANG": "pl_PL.UTF-8"}}}`
//! (the variables the console reads). Then the client sends frames too, as
//! long as the console runs: `i` the bytes typed, `r` a new window size (two
//! big-endian `u16`s, width then height). The server's `o` frames are the
//! console's drawing, raw terminal bytes; `e` frames come only when the
//! console could not start (an unknown `--as`), and `x` ends the console,
//! after which the server closes the connection. A client that closes it
//! first (it was told to stop) ends the console too.

pub mod console;

use std::io::{self, BufRead, BufReader, IsTerminal as _, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};

use super::args::{Cli, Cmd};
use super::remote::{Served, parse};
use super::request::{Inputs, MOST_STDIN_BYTES, Request, file_read};
use super::{Failure, operator, person, report, respond};
use console::{LocalConsole, Terminal};

/// The server's socket, in the store's folder.
pub const SOCKET_FILE: &str = "serve.sock";

/// The global options a client may have set in its environment, which the
/// server does not read: the client sends them as typed options.
const FROM_ENVIRONMENT: [(&str, &str); 3] = [
    ("--as", "TEAMDESK_AS"),
    ("--now", "TEAMDESK_NOW"),
    ("--smtp", "TEAMDESK_SMTP_URL"),
];

/// Options that are the server's while it serves the store.
const SERVERS_WHILE_SERVING: [(&str, &str); 3] =
    [("now", "--now"), ("smtp", "--smtp"), ("config", "--config")];

/// A longer request line is not a command line, nor a longer frame from a
/// console's client the keys typed.
const MOST_REQUEST_BYTES: u64 = 1 << 20;

#[derive(Serialize, Deserialize)]
struct Relayed {
    words: Vec<String>,
    /// Set when the console is asked for: the client's terminal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    console: Option<Terminal>,
    /// The client's folder, when the command reads a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    folder: Option<PathBuf>,
    /// The client's standard input, base64, when the command reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stdin: Option<String>,
    /// Whether the client's standard output is a terminal (long table
    /// cells are cut to fit there, and printed whole into a pipe).
    #[serde(default)]
    terminal: bool,
}

impl Relayed {
    /// A command line, with the folder and standard input it reads, if any.
    fn command(words: Vec<String>, command: &Cmd) -> io::Result<Relayed> {
        let file = file_read(command);
        let stdin = match file {
            Some(path) if path == Path::new("-") => {
                let mut bytes = Vec::new();
                io::stdin()
                    .take(MOST_STDIN_BYTES as u64)
                    .read_to_end(&mut bytes)?;
                Some(BASE64.encode(bytes))
            }
            _ => None,
        };
        Ok(Relayed {
            words,
            console: None,
            folder: file.map(|_| std::env::current_dir()).transpose()?,
            stdin,
            terminal: io::stdout().is_terminal(),
        })
    }

    /// Where the command's file and standard input come from.
    fn inputs(&self) -> io::Result<Inputs> {
        let stdin = match &self.stdin {
            Some(text) => BASE64
                .decode(text)
                .map_err(|_| io::Error::other("standard input that is not base64"))?,
            None => Vec::new(),
        };
        Ok(Inputs::Client {
            folder: self.folder.clone(),
            stdin,
        })
    }
}

/// Frame tags, server to client: standard output, standard error, exit code.
const STDOUT: u8 = b'o';
const STDERR: u8 = b'e';
const EXIT: u8 = b'x';

/// Writes one frame: `tag`, the body's length, the body (at most
/// `u32::MAX` bytes of it; returns how many).
fn write_frame(mut stream: &UnixStream, tag: u8, body: &[u8]) -> io::Result<usize> {
    let length = u32::try_from(body.len()).unwrap_or(u32::MAX);
    let chunk = &body[..length as usize];
    let mut frame = Vec::with_capacity(5 + chunk.len());
    frame.push(tag);
    frame.extend_from_slice(&length.to_be_bytes());
    frame.extend_from_slice(chunk);
    stream.write_all(&frame)?;
    Ok(chunk.len())
}

/// Reads one frame, refusing a body longer than `most` bytes; `None` when
/// the stream ends between frames.
fn read_frame(frames: &mut impl Read, most: u64) -> io::Result<Option<(u8, Vec<u8>)>> {
    let mut head = [0; 5];
    match frames.read_exact(&mut head) {
        Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        read => read?,
    }
    let length = u32::from_be_bytes([head[1], head[2], head[3], head[4]]);
    if u64::from(length) > most {
        return Err(io::Error::other("a frame too long"));
    }
    let mut body = vec![0; length as usize];
    frames.read_exact(&mut body)?;
    Ok(Some((head[0], body)))
}

/// The exit code an `x` frame carries.
fn exit_code(body: &[u8]) -> io::Result<i32> {
    <[u8; 4]>::try_from(body)
        .map(i32::from_be_bytes)
        .map_err(|_| io::Error::other("a malformed exit code"))
}

/// The exit code of an exchange with the server; one cut short is said so.
fn answered(exchange: io::Result<i32>) -> i32 {
    exchange.unwrap_or_else(|error| {
        let _ = writeln!(
            io::stderr(),
            "the server holding the store stopped answering: {error}"
        );
        1
    })
}

/// Sends the request line that starts every exchange.
fn ask(mut stream: &UnixStream, relayed: &Relayed) -> io::Result<()> {
    let mut request = serde_json::to_vec(relayed)?;
    request.push(b'\n');
    stream.write_all(&request)
}

/// Whether a command can go through the server: not the server itself, nor
/// an import, which restores into an empty store no one serves (these wait
/// for the store as before, and name the server holding it). The console
/// goes through [`console::through_server`].
fn relayable(command: &Cmd) -> bool {
    !matches!(
        command,
        Cmd::Demo { .. }
            | Cmd::Completions { .. }
            | Cmd::LinkKey(_)
            | Cmd::Serve(_)
            | Cmd::Import { .. }
    )
}

/// Runs the command through the server holding the store in `dir`, when
/// one does; `None` when no server answers there.
pub(super) fn through_server(dir: &Path, command: &Cmd) -> Option<i32> {
    if !relayable(command) {
        return None;
    }
    let stream = UnixStream::connect(dir.join(SOCKET_FILE)).ok()?;
    let words = words_from_env()?;
    Some(answered(
        Relayed::command(words, command).and_then(|relayed| exchange(&stream, &relayed)),
    ))
}

/// This process's command line, with the options its environment set
/// written out, since the server reads its own environment, not ours.
fn words_from_env() -> Option<Vec<String>> {
    let typed: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|word| word.into_string().ok())
        .collect::<Option<_>>()?;
    let mut words = Vec::new();
    for (flag, variable) in FROM_ENVIRONMENT {
        let given = typed
            .iter()
            .any(|word| word == flag || word.starts_with(&format!("{flag}=")));
        if let Ok(value) = std::env::var(variable)
            && !given
            && !value.is_empty()
        {
            words.push(format!("{flag}={value}"));
        }
    }
    words.extend(typed);
    Some(words)
}

fn exchange(stream: &UnixStream, relayed: &Relayed) -> io::Result<i32> {
    ask(stream, relayed)?;
    let mut frames = BufReader::new(stream);
    let (mut stdout, mut stderr) = (io::stdout().lock(), io::stderr().lock());
    loop {
        match read_frame(&mut frames, u64::MAX)? {
            Some((STDOUT, body)) => stdout.write_all(&body)?,
            Some((STDERR, body)) => stderr.write_all(&body)?,
            Some((EXIT, body)) => {
                stdout.flush()?;
                return exit_code(&body);
            }
            Some(_) => return Err(io::Error::other("an unknown frame")),
            None => return Err(io::ErrorKind::UnexpectedEof.into()),
        }
    }
}

/// One frame stream of the answer: stdout or stderr.
struct Frames<'a> {
    stream: &'a UnixStream,
    tag: u8,
}

impl Write for Frames<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        write_frame(self.stream, self.tag, buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The server's side of one connection: reads the command line, runs it
/// as the local command would run it (the operator's, or `--as`'s), and
/// sends the answer back. A console is set up as the local one would be
/// (`config`: the server's configuration file) and handed back to run.
pub fn answer<'s>(
    stream: &'s UnixStream,
    served: &Served<'_>,
    config: Option<&Path>,
) -> io::Result<Option<LocalConsole<'s>>> {
    let mut reader = BufReader::new(stream.take(MOST_REQUEST_BYTES));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let relayed = serde_json::from_str::<Relayed>(&line)
        .map_err(|_| io::Error::other("not a command line"))?;
    let inputs = relayed.inputs()?;
    let words = relayed.words;
    let mut out = io::BufWriter::with_capacity(
        64 * 1024,
        Frames {
            stream,
            tag: STDOUT,
        },
    );
    let mut err = Frames {
        stream,
        tag: STDERR,
    };
    let json = words.iter().any(|word| word == "--json");
    let ran = match relayed.console {
        None => run(&words, (&inputs, relayed.terminal), served, &mut out),
        Some(terminal) => match console::prepare(&words, &terminal, served, config, &mut out) {
            Ok(Some(prepared)) => {
                // Whatever the client typed early is in the reader's buffer.
                reader.get_mut().set_limit(u64::MAX);
                return Ok(Some(LocalConsole::new(prepared, terminal, reader)));
            }
            Ok(None) => Ok(0),
            Err(failure) => Err(failure),
        },
    };
    let code = ran.unwrap_or_else(|failure| {
        report(&failure, json, &mut err);
        failure.exit_code()
    });
    out.flush()?;
    write_frame(stream, EXIT, &code.to_be_bytes())?;
    Ok(None)
}

fn run(
    words: &[String],
    (inputs, terminal): (&Inputs, bool),
    served: &Served<'_>,
    out: &mut dyn Write,
) -> Result<i32, Failure> {
    let Some(cli) = parse_relayed(words, out)? else {
        return Ok(0);
    };
    let command = relayed_command(&cli)?;
    let request = Request::from_command(command, inputs)?;
    let actor = if request.is_operators() {
        operator(&cli)?
    } else {
        person(&cli)?
    };
    respond(
        request,
        (served.workspace, served.mailer),
        &actor,
        (cli.json, terminal),
        out,
    )
}

/// A relayed command line parsed as the local one is, refusing the options
/// that are the server's; `None` when clap answered itself (help, version).
fn parse_relayed(words: &[String], out: &mut dyn Write) -> Result<Option<Cli>, Failure> {
    parse(
        words,
        out,
        &SERVERS_WHILE_SERVING,
        "is the server's while it serves this store: run without it, or stop the server",
    )
}

fn relayed_command(cli: &Cli) -> Result<&Cmd, Failure> {
    match &cli.command {
        Some(command) if relayable(command) => Ok(command),
        _ => Err(not_relayed()),
    }
}

/// What a request for something that does not go through the server gets.
fn not_relayed() -> Failure {
    Failure::Usage("this does not go through the server: stop the server first".into())
}
