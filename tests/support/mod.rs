//! Drives the real `teamdesk` binary against a private store, the way a
//! script or a person at a shell would.
#![allow(dead_code)] // each test file uses its own subset

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

    /// A scratch directory beside the store, for files a test writes.
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// The binary, set up for this store, without the acting account.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_teamdesk"));
        command
            .env("TEAMDESK_DB", self.path())
            .env("TEAMDESK_CONFIG", self.dir.path().join("config.toml"))
            .env_remove("TEAMDESK_AS")
            .env_remove("TEAMDESK_NOW")
            .env("NO_COLOR", "1");
        if let Some(now) = &self.now {
            command.env("TEAMDESK_NOW", now);
        }
        command
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
        let mut command = self.command();
        command.args(args).stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().expect("the teamdesk binary starts");
        if let Some(input) = input {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input)
                .expect("stdin accepts the input");
        }
        let output = child
            .wait_with_output()
            .expect("the teamdesk binary finishes");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            args: args.join(" "),
        }
    }

    /// Creates an account: `plan` is "free" or "pro".
    pub fn account(&self, email: &str, name: &str, plan: &str) -> &Self {
        self.run(&["account", "create", email, "--name", name, "--plan", plan])
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

    /// Asserts stderr mentions `text`.
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

    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("`{}` printed no JSON ({e}):\n{}", self.args, self.stdout))
    }
}
