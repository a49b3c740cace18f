//! Drives the real `teamdesk` binary against a private store, the way a
//! script or a person at a shell would.
#![allow(dead_code)] // each test file uses its own subset

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// A store in a temporary directory, with an optional clock override.
pub struct Store {
    dir: TempDir,
    now: Option<String>,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    args: String,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    /// An empty store (and an empty config file) in a fresh temporary
    /// directory; commands run on the system clock until [`Store::at`].
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::write(dir.path().join("config.toml"), "").expect("an empty config file");
        Self { dir, now: None }
    }

    /// Runs every later command at this moment (RFC 3339).
    pub fn at(&mut self, now: &str) -> &mut Self {
        self.now = Some(now.to_owned());
        self
    }

    /// The store directory (`TEAMDESK_DB`).
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// The folder beside the store the default transport writes emails into.
    pub fn mail_dir(&self) -> PathBuf {
        self.dir.path().join("store.mail")
    }

    /// Every email the default transport delivered, oldest first.
    pub fn mailbox(&self) -> Vec<Email> {
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(self.mail_dir()) {
            Ok(entries) => entries
                .map(|entry| entry.expect("a mail folder entry").path())
                .filter(|path| path.extension() == Some(OsStr::new("eml")))
                .collect(),
            Err(_) => Vec::new(),
        };
        // Named by message id, which is time-ordered.
        paths.sort();
        paths
            .iter()
            .map(|path| Email::parse(&std::fs::read(path).expect("an email file")))
            .collect()
    }

    /// A scratch directory beside the store, for files a test writes.
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// The binary, set up for this store, without the acting account.
    pub fn command(&self) -> Command {
        let mut command = Command::new(binary());
        self.environ(&mut command);
        command
    }

    /// Points `command` (the binary, or a wrapper that runs it) at this
    /// store and its config, on this store's clock, without an acting account.
    pub fn environ<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        command
            .env("TEAMDESK_DB", self.path())
            .env("TEAMDESK_CONFIG", self.dir.path().join("config.toml"))
            .env_remove("TEAMDESK_AS")
            .env_remove("TEAMDESK_NOW")
            .env_remove("TEAMDESK_WAIT")
            .env_remove("TEAMDESK_SMTP_URL")
            .env_remove("TEAMDESK_SMTP_PASSWORD")
            .env("NO_COLOR", "1");
        match &self.now {
            Some(now) => command.env("TEAMDESK_NOW", now),
            None => command,
        }
    }

    /// Runs the binary as the operator (no `--as`).
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_input(args, None)
    }

    /// Runs the binary as `email`.
    pub fn run_as(&self, email: &str, args: &[&str]) -> Run {
        let mut full = vec!["--as", email];
        full.extend_from_slice(args);
        self.run(&full)
    }

    /// Runs the binary with `input` on stdin.
    pub fn run_with_input(&self, args: &[&str], input: Option<&[u8]>) -> Run {
        self.run_os(args, input)
    }

    /// Runs the binary with arguments that need not be UTF-8.
    pub fn run_os<A: AsRef<OsStr>>(&self, args: &[A], input: Option<&[u8]>) -> Run {
        let mut command = self.command();
        command.args(args);
        let label: Vec<String> = args
            .iter()
            .map(|arg| arg.as_ref().to_string_lossy().into_owned())
            .collect();
        finish(command, &label.join(" "), input)
    }

    /// Creates an account: `plan` is "free" or "pro".
    pub fn account(&self, email: &str, name: &str, plan: &str) -> &Self {
        self.run(&["account", "create", email, "--name", name, "--plan", plan])
            .ok();
        self
    }

    /// Creates a support staff account (an operator command).
    pub fn support_account(&self, email: &str, name: &str) -> &Self {
        self.run(&[
            "account", "create", email, "--name", name, "--staff", "support",
        ])
        .ok();
        self
    }

    /// Invites one address as `admin` and returns the link the command printed.
    pub fn invite(&self, admin: &str, email: &str, role: &str) -> String {
        let run = self
            .run_as(admin, &["--json", "invite", "add", email, "--role", role])
            .ok();
        run.json()[0]["link"].as_str().expect("a link").to_owned()
    }

    /// Creates a Pro account for `owner` and has it create the team `team`;
    /// the owner is the team's first admin.
    pub fn team(&self, owner: &str, owner_name: &str, team: &str) -> &Self {
        self.account(owner, owner_name, "pro");
        self.run_as(owner, &["team", "create", team]).ok();
        self
    }

    /// Brings a new person into the admin's team: a free account for
    /// `email`, invited as `role`, joining through its link.
    pub fn member(&self, admin: &str, email: &str, name: &str, role: &str) -> &Self {
        self.account(email, name, "free");
        let link = self.invite(admin, email, role);
        self.join(email, &link).ok();
        self
    }

    /// Opens an invitation link as `email` (who already has an account).
    pub fn join(&self, email: &str, link: &str) -> Run {
        self.run_as(email, &["join", link])
    }

    /// Every record of the store (`export`), as JSON.
    pub fn export(&self) -> Value {
        self.run(&["export"]).ok().json()
    }

    /// The whole audit log of the team `reader` may read (`audit --json`), newest first.
    pub fn audit(&self, reader: &str) -> Vec<Value> {
        let run = self
            .run_as(reader, &["--json", "audit", "--limit", "100000"])
            .ok();
        run.json().as_array().expect("an audit list").clone()
    }

    /// Works on the closed store's sled database in `folder` directly
    /// (`data`, or `archive` for its history).
    pub fn sled<T>(&self, folder: &str, change: impl FnOnce(&sled::Db) -> T) -> T {
        let db = sled::open(self.path().join(folder)).expect("sled opens the store's data");
        let result = change(&db);
        db.flush().expect("sled writes the change");
        drop(db);
        result
    }

    /// Writes `contents` to a file in the scratch directory and returns its path.
    pub fn file(&self, name: &str, contents: &str) -> String {
        let path = self.scratch().join(name);
        std::fs::write(&path, contents).expect("the scratch file is written");
        path.to_str().expect("a UTF-8 path").to_owned()
    }

    /// `doctor` passes.
    pub fn assert_sound(&self) {
        let run = self.run(&["doctor"]);
        assert_eq!(
            run.code, 0,
            "doctor found problems:\n{}{}",
            run.stdout, run.stderr
        );
    }
}

impl Run {
    /// Asserts the command succeeded.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "`{}` failed:\nstdout: {}\nstderr: {}",
            self.args, self.stdout, self.stderr
        );
        self
    }

    /// Asserts the command failed with `code`.
    #[track_caller]
    pub fn fails(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "`{}` exited {} instead of {code}:\nstdout: {}\nstderr: {}",
            self.args, self.code, self.stdout, self.stderr
        );
        self
    }

    /// Asserts stderr or stdout mentions `text`.
    #[track_caller]
    pub fn says(self, text: &str) -> Self {
        assert!(
            self.stderr.contains(text) || self.stdout.contains(text),
            "`{}` does not mention {text:?}:\nstdout: {}\nstderr: {}",
            self.args,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts the command was refused with the diagnostic `code`: one
    /// sentence on stderr ending in `(CODE)`.
    #[track_caller]
    pub fn diagnostic(self, code: &str) -> Self {
        let line = self.stderr.trim_end();
        assert!(
            !line.contains('\n') && line.ends_with(&format!("({code})")),
            "`{}` does not end its one-line error with ({code}):\nstderr: {}",
            self.args,
            self.stderr
        );
        self
    }

    /// Asserts neither stdout nor stderr mentions `text`.
    #[track_caller]
    pub fn never_says(self, text: &str) -> Self {
        assert!(
            !self.stderr.contains(text) && !self.stdout.contains(text),
            "`{}` mentions {text:?}:\nstdout: {}\nstderr: {}",
            self.args,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("`{}` printed no JSON ({e}):\n{}", self.args, self.stdout))
    }

    /// Stderr parsed as JSON (errors under `--json`).
    #[track_caller]
    pub fn error_json(&self) -> Value {
        serde_json::from_str(&self.stderr).unwrap_or_else(|e| {
            panic!(
                "`{}` printed no JSON error ({e}):\n{}",
                self.args, self.stderr
            )
        })
    }
}

/// One delivered email, its parts decoded.
#[derive(Debug, Clone)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The message as it went over the wire.
    pub raw: Vec<u8>,
}

impl Email {
    pub fn parse(raw: &[u8]) -> Self {
        let message = mail_parser::MessageParser::default()
            .parse(raw)
            .expect("a MIME message");
        let to = message
            .to()
            .and_then(|to| to.first())
            .and_then(|to| to.address())
            .expect("a recipient")
            .to_owned();
        Email {
            to,
            subject: message.subject().unwrap_or_default().to_owned(),
            text: message.body_text(0).expect("a text part").into_owned(),
            html: message.body_html(0).expect("an HTML part").into_owned(),
            raw: raw.to_vec(),
        }
    }
}

/// The `teamdesk` binary under test.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_teamdesk")
}

/// Runs a prepared command (the binary, or a wrapper around it) to its end,
/// with `input` on stdin; `label` names it in failures.
pub fn finish(mut command: Command, label: &str, input: Option<&[u8]>) -> Run {
    command
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the command starts");
    if let Some(input) = input {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("stdin accepts the input");
    }
    let output = child.wait_with_output().expect("the command finishes");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        args: label.to_owned(),
    }
}

/// The secret token at the end of an invitation link.
pub fn token_of(link: &str) -> &str {
    link.rsplit_once("/join/").expect("an invitation link").1
}

/// The 16 bytes of an id as JSON gives it.
pub fn uuid_bytes(id: &Value) -> Vec<u8> {
    let text = id.as_str().expect("an id");
    uuid::Uuid::parse_str(text)
        .expect("a UUID")
        .as_bytes()
        .to_vec()
}

/// A key pair made by `ssh-keygen` in the store's scratch folder.
pub struct KeyPair {
    pub private: PathBuf,
    pub public: PathBuf,
}

impl KeyPair {
    /// `kind` is what follows `ssh-keygen -t`, such as `["ed25519"]` or `["rsa", "-b", "2048"]`.
    pub fn new(store: &Store, name: &str, kind: &[&str]) -> Self {
        let private = store.scratch().join(name);
        let made = Command::new("ssh-keygen")
            .args(["-q", "-N", "", "-C", &format!("{name}@laptop"), "-t"])
            .args(kind)
            .arg("-f")
            .arg(&private)
            .status()
            .expect("ssh-keygen runs (scripts/test.sh installs openssh-client)");
        assert!(made.success(), "ssh-keygen made the {name} key");
        Self {
            public: private.with_extension("pub"),
            private,
        }
    }

    pub fn public_path(&self) -> &str {
        self.public.to_str().expect("a UTF-8 path")
    }

    pub fn public_line(&self) -> String {
        std::fs::read_to_string(&self.public)
            .expect("the public key")
            .trim()
            .to_owned()
    }

    /// The fingerprint as `ssh-keygen -l` prints it.
    pub fn fingerprint(&self) -> String {
        let listed = Command::new("ssh-keygen")
            .arg("-lf")
            .arg(&self.public)
            .output()
            .expect("ssh-keygen runs");
        let text = String::from_utf8(listed.stdout).expect("UTF-8");
        text.split_whitespace()
            .nth(1)
            .expect("a fingerprint")
            .to_owned()
    }
}
