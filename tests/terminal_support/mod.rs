//! A private tmux server for tests that drive the real binary in a real
//! terminal: keys in with `send-keys`, the screen out with `capture-pane`.
#![allow(dead_code)] // each test file uses its own subset

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long any one wait may take, generous for a loaded two-core machine.
pub const WAIT: Duration = Duration::from_secs(20);
pub const POLL: Duration = Duration::from_millis(100);

/// A tmux server of this test's own; dropping it kills the server and with
/// it the console, also when the test fails half way.
pub struct Tmux {
    /// The server's socket, inside the session's temporary directory so
    /// nothing is left behind in tmux's shared socket directory.
    socket: PathBuf,
    /// The session this handle reads and types into.
    target: String,
}

impl Tmux {
    /// A handle on the tmux server at `socket`, for its session `target`
    /// (which the test starts with `new-session -s`).
    pub fn new(socket: PathBuf, target: &str) -> Tmux {
        Tmux {
            socket,
            target: target.to_owned(),
        }
    }

    pub fn target(&self) -> &str {
        &self.target
    }

    /// Another session on the same server.
    pub fn session(&self, target: &str) -> Tmux {
        Tmux::new(self.socket.clone(), target)
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new("tmux");
        // Inside someone's tmux session, talk to the private server anyway.
        command
            .env_remove("TMUX")
            .env_remove("TMUX_PANE")
            .arg("-u")
            .arg("-S")
            .arg(&self.socket);
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let output = self
            .command()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run tmux (scripts/test.sh installs it): {e}"));
        assert!(
            output.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// The pane as a person would see it, one string per row.
    pub fn screen(&self) -> String {
        let output = self.run(&["capture-pane", "-p", "-t", &self.target]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// A tmux format such as `#{alternate_on}`, for the pane.
    pub fn format(&self, format: &str) -> String {
        let output = self.run(&["display-message", "-p", "-t", &self.target, format]);
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Named keys (`Enter`, `Tab`, `q`...), each sent as one key press.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.target];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Literal text, typed character by character.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.target, "-l", text]);
    }

    /// Pastes `text` the way a terminal does: bracketed when the program in
    /// the pane asked for bracketed paste, as plain typing otherwise.
    pub fn paste(&self, text: &str) {
        let mut load = self
            .command()
            .args(["load-buffer", "-b", &self.target, "-"])
            .stdin(Stdio::piped())
            .spawn()
            .expect("tmux load-buffer");
        std::io::Write::write_all(load.stdin.as_mut().expect("a pipe"), text.as_bytes())
            .expect("text for the paste buffer");
        drop(load.stdin.take());
        assert!(load.wait().expect("tmux load-buffer").success());
        let target = self.target.as_str();
        self.run(&["paste-buffer", "-p", "-d", "-b", target, "-t", target]);
    }

    pub fn resize(&self, width: u16, height: u16) {
        let (width, height) = (width.to_string(), height.to_string());
        let target = self.target.as_str();
        self.run(&["resize-window", "-t", target, "-x", &width, "-y", &height]);
    }

    /// Where the pane's cursor is (column, row), or `None` when hidden.
    pub fn cursor(&self) -> Option<(usize, usize)> {
        let text = self.format("#{cursor_flag} #{cursor_x} #{cursor_y}");
        let numbers: Vec<usize> = text
            .split(' ')
            .map(|n| n.parse().expect("tmux prints numbers"))
            .collect();
        (numbers[0] == 1).then(|| (numbers[1], numbers[2]))
    }

    /// Polls the screen until `ready` holds; fails with the last screen.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!(
                    "waited {WAIT:?} for {what}; the screen was:\n{}\n{}\n{}",
                    "-".repeat(40),
                    screen,
                    "-".repeat(40)
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until every one of `texts` is on the screen.
    pub fn wait_for_all(&self, what: &str, texts: &[&str]) -> String {
        self.wait_for(what, |screen| {
            texts.iter().all(|text| screen.contains(text))
        })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .command()
            .arg("kill-server")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
