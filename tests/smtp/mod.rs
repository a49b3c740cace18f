//! A real SMTP server on loopback (`server.py`, aiosmtpd from PyPI, which
//! `scripts/test.sh` installs into `.venv`), started per test and stopped
//! when dropped.
#![allow(dead_code)] // each test file uses its own subset

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::support::Email;

/// How long a message may take to arrive on a loaded two-core machine.
const ARRIVAL: Duration = Duration::from_secs(20);

/// The Python with aiosmtpd: `TEAMDESK_TEST_PYTHON`, else the project's `.venv`.
fn python() -> PathBuf {
    let python = std::env::var_os("TEAMDESK_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.venv/bin/python")));
    let ready = Command::new(&python)
        .args(["-c", "import aiosmtpd"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    assert!(
        ready,
        "the email tests need aiosmtpd in {}: run ./scripts/test.sh, which installs it",
        python.display()
    );
    python
}

/// A port nothing listens on right now (for a server that is "down").
pub fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    probe.local_addr().expect("its address").port()
}

/// One running SMTP server and the messages it accepted.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    maildir: TempDir,
}

impl SmtpServer {
    /// A server on any free port, with no login.
    pub fn start() -> Self {
        Self::launch(0, None)
    }

    /// A server on `port`.
    pub fn start_on(port: u16) -> Self {
        Self::launch(port, None)
    }

    /// A server that wants `user` to log in with `password`.
    pub fn with_login(user: &str, password: &str) -> Self {
        Self::launch(0, Some(format!("{user}:{password}")))
    }

    fn launch(port: u16, auth: Option<String>) -> Self {
        let maildir = tempfile::tempdir().expect("a mail directory");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp/server.py");
        let mut command = Command::new(python());
        command
            .arg(script)
            .arg("--maildir")
            .arg(maildir.path())
            .arg("--port")
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(auth) = auth {
            command.arg("--auth").arg(auth);
        }
        let mut child = command.spawn().expect("the SMTP server starts");
        let stdout = child.stdout.take().expect("its output");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("the SMTP server says it is ready");
        let port = first
            .trim()
            .strip_prefix("READY ")
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("the SMTP server did not start: {first:?}"));
        Self {
            child,
            port,
            maildir,
        }
    }

    /// `smtp://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message accepted so far, with its envelope recipients, oldest first.
    pub fn received(&self) -> Vec<(Vec<String>, Email)> {
        let mut numbers: Vec<u32> = std::fs::read_dir(self.maildir.path())
            .expect("the mail directory")
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().into_string().ok()?;
                name.strip_suffix(".eml")?.parse().ok()
            })
            .collect();
        numbers.sort_unstable();
        numbers
            .into_iter()
            .map(|n| {
                let dir = self.maildir.path();
                let envelope = std::fs::read_to_string(dir.join(format!("{n}.envelope")))
                    .expect("the envelope");
                let raw = std::fs::read(dir.join(format!("{n}.eml"))).expect("the message");
                (
                    envelope.lines().map(str::to_owned).collect(),
                    Email::parse(&raw),
                )
            })
            .collect()
    }

    /// Waits until `count` messages arrived, and returns them.
    pub fn wait_for(&self, count: usize) -> Vec<(Vec<String>, Email)> {
        let start = Instant::now();
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                start.elapsed() < ARRIVAL,
                "waited {ARRIVAL:?} for {count} messages; {} arrived",
                received.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server; its port is free again.
    pub fn stop(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.kill();
    }
}
