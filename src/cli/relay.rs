//! Local commands while `teamdesk serve` holds the store: the command goes
//! through the server's unix socket in the store's folder (owner-only, as
//! the folder is) and comes back with the same output and exit code as
//! without a server, instead of waiting for a lock the server never lets go.
//!
//! The protocol: the client sends its command line as one JSON line
//! (`{"words": [...]}`), the server answers with frames of a tag byte, a
//! big-endian `u32` length and that many bytes: `o` stdout, `e` stderr,
//! and last `x`, the exit code as a big-endian `i32`.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::args::{Cli, Cmd};
use super::remote::{Served, parse};
use super::request::{Request, reads_files};
use super::{Failure, operator, person, report, respond};

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

/// A longer request line is not a command line.
const MOST_REQUEST_BYTES: u64 = 1 << 20;

#[derive(Serialize, Deserialize)]
struct Relayed {
    words: Vec<String>,
}

/// Whether a command can go through the server: not the console, the
/// server itself, nor a command that reads a file or standard input (those
/// wait for the store as before, and name the server holding it).
fn relayable(command: &Cmd) -> bool {
    !reads_files(command)
        && !matches!(
            command,
            Cmd::Demo { .. } | Cmd::Completions { .. } | Cmd::LinkKey(_) | Cmd::Serve(_)
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
    match exchange(stream, &words) {
        Ok(code) => Some(code),
        Err(error) => {
            let _ = writeln!(
                io::stderr(),
                "the server holding the store stopped answering: {error}"
            );
            Some(1)
        }
    }
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

fn exchange(mut stream: UnixStream, words: &[String]) -> io::Result<i32> {
    let mut request = serde_json::to_vec(&Relayed {
        words: words.to_vec(),
    })?;
    request.push(b'\n');
    stream.write_all(&request)?;
    let mut frames = BufReader::new(stream);
    let (mut stdout, mut stderr) = (io::stdout().lock(), io::stderr().lock());
    loop {
        let mut head = [0; 5];
        frames.read_exact(&mut head)?;
        let length = u32::from_be_bytes([head[1], head[2], head[3], head[4]]);
        let mut body = vec![0; length as usize];
        frames.read_exact(&mut body)?;
        match head[0] {
            b'o' => stdout.write_all(&body)?,
            b'e' => stderr.write_all(&body)?,
            b'x' => {
                stdout.flush()?;
                let code = <[u8; 4]>::try_from(body.as_slice())
                    .map(i32::from_be_bytes)
                    .map_err(|_| io::Error::other("a malformed exit code"))?;
                return Ok(code);
            }
            _ => return Err(io::Error::other("an unknown frame")),
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
        let length = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        let chunk = &buf[..length as usize];
        let mut frame = Vec::with_capacity(5 + chunk.len());
        frame.push(self.tag);
        frame.extend_from_slice(&length.to_be_bytes());
        frame.extend_from_slice(chunk);
        let mut stream = self.stream;
        stream.write_all(&frame)?;
        Ok(chunk.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The server's side of one connection: reads the command line, runs it
/// as the local command would run it (the operator's, or `--as`'s), and
/// sends the answer back.
pub fn answer(stream: &UnixStream, served: &Served<'_>) -> io::Result<()> {
    let mut line = String::new();
    BufReader::new(stream.take(MOST_REQUEST_BYTES)).read_line(&mut line)?;
    let words = serde_json::from_str::<Relayed>(&line)
        .map_err(|_| io::Error::other("not a command line"))?
        .words;
    let mut out = io::BufWriter::with_capacity(64 * 1024, Frames { stream, tag: b'o' });
    let mut err = Frames { stream, tag: b'e' };
    let json = words.iter().any(|word| word == "--json");
    let code = match run(&words, served, &mut out) {
        Ok(code) => code,
        Err(failure) => {
            report(&failure, json, &mut err);
            failure.exit_code()
        }
    };
    out.flush()?;
    Frames { stream, tag: b'x' }.write_all(&code.to_be_bytes())
}

fn run(words: &[String], served: &Served<'_>, out: &mut dyn Write) -> Result<i32, Failure> {
    let Some(cli) = parse(
        words,
        out,
        &SERVERS_WHILE_SERVING,
        "is the server's while it serves this store: run without it, or stop the server",
    )?
    else {
        return Ok(0);
    };
    let command = relayed_command(&cli)?;
    let request = Request::from_command(command)?;
    let actor = if request.is_operators() {
        operator(&cli)?
    } else {
        person(&cli)?
    };
    respond(
        request,
        (served.workspace, served.mailer),
        &actor,
        cli.json,
        out,
    )
}

fn relayed_command(cli: &Cli) -> Result<&Cmd, Failure> {
    match &cli.command {
        Some(command) if relayable(command) => Ok(command),
        _ => Err(Failure::Usage(
            "this does not go through the server: stop the server first".into(),
        )),
    }
}
