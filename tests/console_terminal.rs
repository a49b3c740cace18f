//! The console end to end: the real binary in a real terminal.
//!
//! Each test starts a private tmux server whose only pane runs a small shell
//! script: it opens `teamdesk demo` on a fresh store and, once the console has
//! exited, records the terminal's settings and reads one line, so the test can
//! check that the terminal came back in a usable state. The screen is read
//! with `tmux capture-pane`; keys go in with `tmux send-keys` and
//! `tmux paste-buffer`. `scripts/test.sh` installs tmux where it is missing.

#[path = "console_support/names.rs"]
mod names;
mod terminal_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::Value;
use tempfile::TempDir;
use terminal_support::{POLL, Tmux, WAIT};

/// The demo's clock: a fixed moment keeps every screen the same on every run.
const NOW: &str = "2026-11-26T09:00:00Z";
const OWNER: &str = "olivia.owner@bondi.example";
const TEAM: &str = "Bondi Family Practice";
/// Printed by the pane's script once the console has exited and the
/// terminal's state is on file.
const EXITED: &str = "@@ console exited @@";
/// Printed by the pane's script once it has read a line after the console.
const LINE_READ: &str = "@@ line read @@";

/// One console in one terminal, on a demo store of its own.
struct Session {
    // Fields drop in order: the server goes before the directory it uses.
    tmux: Tmux,
    dir: TempDir,
}

/// Quotes a string for the POSIX shell.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("a temporary path in UTF-8")
}

/// The lines a pane's script starts with: everything the console reads
/// comes from the session's directory — no user config, no user data
/// directory, a fixed clock, English, no colour.
fn environment(dir: &Path) -> String {
    let file = |name: &str| quoted(path_text(&dir.join(name)));
    format!(
        "unset TEAMDESK_AS TEAMDESK_DB LC_ALL LC_MESSAGES LANGUAGE\n\
         export HOME={home} XDG_CONFIG_HOME={home}/.config XDG_DATA_HOME={home}/.local/share\n\
         export TEAMDESK_CONFIG={config} TEAMDESK_NOW={NOW} NO_COLOR=1 LANG=C.UTF-8\n",
        home = file("home"),
        config = file("config.toml"),
    )
}

impl Session {
    /// Starts a `width`×`height` terminal running the demo console.
    fn start(width: u16, height: u16) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::write(dir.path().join("config.toml"), "").expect("an empty config file");
        let home = dir.path().join("home");
        std::fs::create_dir(&home).expect("a home directory");
        let file = |name: &str| quoted(path_text(&dir.path().join(name)));
        let script = format!(
            "{environment}\
             stty -g > {before}\n\
             {binary} --lang en demo --db {store}\n\
             code=$?\n\
             stty -g > {after}\n\
             stty -a > {settings}\n\
             printf '%s\\n' \"$code\" > {code}\n\
             printf '%s\\n' {exited}\n\
             IFS= read -r line\n\
             printf '%s' \"$line\" > {line}\n\
             printf '%s\\n' {line_read}\n\
             exec sleep 600\n",
            environment = environment(dir.path()),
            before = file("stty-before"),
            binary = quoted(env!("CARGO_BIN_EXE_teamdesk")),
            store = file("store"),
            after = file("stty-after"),
            settings = file("stty-all"),
            code = file("exit-code"),
            exited = quoted(EXITED),
            line = file("line"),
            line_read = quoted(LINE_READ),
        );
        let script_path = dir.path().join("console.sh");
        std::fs::write(&script_path, script).expect("the pane's script");
        let tmux = Tmux::new(dir.path().join("tmux.sock"), "e2e");
        let (width, height) = (width.to_string(), height.to_string());
        let shell = format!("sh {}", quoted(path_text(&script_path)));
        tmux.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            &width,
            "-y",
            &height,
            &shell,
        ]);
        Self { tmux, dir }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.file(name))
            .unwrap_or_else(|e| panic!("the pane's script should have written {name}: {e}"))
    }

    /// Waits for the console's Members tab, drawn for the pane's current
    /// size: header on the first row, key hints on the last.
    fn wait_for_console(&self) -> String {
        self.tmux.wait_for(
            "the console to show the demo team's members, filling the pane",
            |screen| {
                let rows: Vec<&str> = screen.lines().collect();
                let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
                    return false;
                };
                // Narrow panes shorten the team's name (the app's name
                // before it stays while it fits).
                first
                    .trim_start()
                    .trim_start_matches("teamdesk")
                    .trim_start()
                    .starts_with("Bondi")
                    && first.ends_with("Dr Olivia Owner · owner")
                    && screen.contains("┌ Members")
                    && screen.contains("olivia.owner@bondi")
                    && last.contains("q quit")
            },
        )
    }

    /// Quits with `key` and checks the terminal is as it was before: not
    /// raw, echoing, on the normal screen with the cursor shown, no mouse
    /// reporting, no bracketed paste.
    fn quit_and_check_terminal(&self, key: &str) {
        self.tmux.keys(&[key]);
        self.check_terminal_after_exit();
    }

    /// Sends `signal` (`INT`, `QUIT`, `TERM`, `HUP`) to the console itself,
    /// the pane's script's child, and checks the terminal as after a quit.
    fn signal_and_check_terminal(&self, signal: &str) {
        let script = self.tmux.format("#{pane_pid}");
        let children = format!("/proc/{script}/task/{script}/children");
        let console = std::fs::read_to_string(&children)
            .unwrap_or_else(|e| panic!("the pane's processes ({children}): {e}"));
        let console = console.split_whitespace().next().expect("the console runs");
        let sent = Command::new("kill")
            .args(["-s", signal, console])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -s {signal} {console}");
        self.check_terminal_after_exit();
    }

    fn check_terminal_after_exit(&self) {
        let tmux = &self.tmux;
        let screen = tmux.wait_for_all("the console to exit", &[EXITED]);
        assert_eq!(
            self.read("exit-code").trim(),
            "0",
            "the console's exit code"
        );

        // Back on the shell's screen, which still shows what came before.
        assert!(
            screen.contains("Seeding the demo store") && !screen.contains(TEAM),
            "the console's screen should be gone after quitting:\n{screen}"
        );
        for (flag, want) in [
            ("alternate_on", "0"),
            ("cursor_flag", "1"),
            ("mouse_any_flag", "0"),
            ("mouse_all_flag", "0"),
            ("mouse_button_flag", "0"),
            ("mouse_standard_flag", "0"),
            ("mouse_sgr_flag", "0"),
        ] {
            let format = format!("#{{{flag}}}");
            assert_eq!(tmux.format(&format), want, "tmux's {flag} after quitting");
        }

        // The line discipline is back to what the shell had.
        assert_eq!(
            self.read("stty-after"),
            self.read("stty-before"),
            "stty -g after the console differs from before it; stty -a says:\n{}",
            self.read("stty-all")
        );
        let settings = self.read("stty-all");
        let flags: Vec<&str> = settings
            .split(|c: char| c.is_whitespace() || c == ';')
            .collect();
        for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
            assert!(
                flags.contains(&flag),
                "{flag} should be on after the console; stty -a says:\n{settings}"
            );
        }

        // A person can use the shell again: a paste arrives without bracket
        // markers, typed text echoes, Enter ends the line.
        tmux.paste("pasted");
        tmux.type_text(" then typed");
        tmux.wait_for_all("typed text to echo", &["pasted then typed"]);
        tmux.keys(&["Enter"]);
        tmux.wait_for_all("the shell to read the line", &[LINE_READ]);
        assert_eq!(
            self.read("line"),
            "pasted then typed",
            "the line read after the console (bracket markers mean bracketed paste was left on)"
        );
    }

    /// Replaces the pane's program with the console on the session's store
    /// as `actor`, once the demo has been quit.
    fn restart_console_as(&self, actor: &str) {
        let script = format!(
            "{}exec {} --lang en --db {} --as {}\n",
            environment(self.dir.path()),
            quoted(env!("CARGO_BIN_EXE_teamdesk")),
            quoted(path_text(&self.file("store"))),
            quoted(actor),
        );
        let script_path = self.file("console-again.sh");
        std::fs::write(&script_path, script).expect("the pane's second script");
        let shell = format!("sh {}", quoted(path_text(&script_path)));
        self.tmux
            .run(&["respawn-pane", "-k", "-t", self.tmux.target(), &shell]);
    }

    /// The folder beside the demo store the console's emails go to.
    fn mail_dir(&self) -> PathBuf {
        self.file("store.mail")
    }

    /// The links of every email delivered so far, by recipient.
    fn delivered(&self) -> Vec<(String, String)> {
        let Ok(entries) = std::fs::read_dir(self.mail_dir()) else {
            return Vec::new();
        };
        entries
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                (path.extension()? == "eml").then_some(path)
            })
            .map(|path| {
                let raw = std::fs::read(&path).expect("an email");
                let message = mail_parser::MessageParser::default()
                    .parse(&raw)
                    .expect("a MIME message");
                let to = message
                    .to()
                    .and_then(|to| to.first())
                    .and_then(|to| to.address())
                    .expect("a recipient")
                    .to_owned();
                let text = message.body_text(0).expect("a text part").into_owned();
                let start = text.find("/join/").expect("a link") + "/join/".len();
                let token: String = text[start..]
                    .chars()
                    .take_while(char::is_ascii_hexdigit)
                    .collect();
                (to, token)
            })
            .collect()
    }

    /// Waits until an email to each of `recipients` was delivered; returns
    /// every delivered email's recipient and token.
    fn wait_for_emails(&self, recipients: &[&str]) -> Vec<(String, String)> {
        let start = Instant::now();
        loop {
            let delivered = self.delivered();
            if recipients
                .iter()
                .all(|to| delivered.iter().any(|(address, _)| address == to))
            {
                return delivered;
            }
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for emails to {recipients:?}; delivered: {delivered:?}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// R3: the links of the delivered emails are in the emails only: not in
    /// the store, its lock, the configuration, the link key, the console's
    /// log, anything else the session wrote, or an export.
    fn assert_links_only_in_emails(&self, delivered: &[(String, String)]) {
        let export = self.teamdesk(&["export"]);
        let mut files = Vec::new();
        let mut pending = vec![self.dir.path().to_path_buf()];
        while let Some(path) = pending.pop() {
            let metadata = std::fs::symlink_metadata(&path).expect("an entry");
            if metadata.is_dir() && path != self.mail_dir() {
                for entry in std::fs::read_dir(&path).expect("a directory") {
                    pending.push(entry.expect("an entry").path());
                }
            } else if metadata.is_file() {
                files.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
            }
        }
        let log = self.file("home/.local/share/teamdesk/teamdesk.log");
        assert!(
            files.iter().any(|(path, _)| *path == log),
            "the console's log was searched too"
        );
        for (to, token) in delivered {
            assert_eq!(token.len(), 48, "the link to {to} has its token");
            assert!(
                !export.contains(token.as_str()),
                "the export holds {to}'s link"
            );
            for (path, bytes) in &files {
                let found = bytes
                    .windows(token.len())
                    .any(|window| window == token.as_bytes());
                assert!(!found, "{} holds {to}'s link", path.display());
            }
        }
    }

    /// Runs `teamdesk` with `args` on the console's store and config; its stdout.
    fn teamdesk(&self, args: &[&str]) -> String {
        let output = Command::new(env!("CARGO_BIN_EXE_teamdesk"))
            .args(["--db", path_text(&self.file("store"))])
            .args(args)
            .env("TEAMDESK_CONFIG", self.file("config.toml"))
            .env("TEAMDESK_NOW", NOW)
            .env("NO_COLOR", "1")
            .env_remove("TEAMDESK_AS")
            .env_remove("TEAMDESK_DB")
            .stdin(Stdio::null())
            .output()
            .expect("the teamdesk binary");
        assert!(
            output.status.success(),
            "teamdesk {args:?} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// `teamdesk --json invite list` as the owner, on the console's store.
    fn invitations(&self) -> Vec<Value> {
        let output = self.teamdesk(&["--as", OWNER, "invite", "list", "--json"]);
        match serde_json::from_str(&output) {
            Ok(Value::Array(list)) => list,
            other => {
                panic!("invite list --json should print an array, got {other:?} from:\n{output}")
            }
        }
    }
}

fn invitations_for<'a>(list: &'a [Value], email: &str) -> Vec<&'a Value> {
    list.iter().filter(|item| item["email"] == email).collect()
}

#[test]
fn demo_invite_through_the_dialog_then_the_command_line_lists_it() {
    let session = Session::start(100, 30);
    let tmux = &session.tmux;
    let first = session.wait_for_console();
    // The team's name gives way before the app's name and the trial.
    let header = first.lines().next().unwrap_or_default();
    assert!(
        header.contains("teamdesk  Bondi Family P…")
            && header.contains("trial 9 days left")
            && first.contains("Members 12"),
        "the header and tab counts at 100×30:\n{first}"
    );

    // Number keys and Tab move between tabs.
    tmux.keys(&["2"]);
    tmux.wait_for_all(
        "the Invitations tab",
        &[
            "┌ Invitations",
            "new.nurse@bondi.example",
            "pending · expire",
        ],
    );
    tmux.keys(&["4"]);
    let billing = tmux.wait_for_all("the Billing tab", &["┌ Billing", "Paid through"]);
    assert!(billing.contains(OWNER), "the owner pays:\n{billing}");
    tmux.keys(&["Tab"]);
    tmux.wait_for_all(
        "the Activity tab after Tab",
        &["┌ Activity", "Dr Priya Shah   invited"],
    );
    tmux.keys(&["3"]);
    tmux.wait_for_all("the Templates tab", &["┌ Templates", "SOAP note"]);
    tmux.keys(&["1"]);
    session.wait_for_console();

    // A lone Esc reaches the console as Esc: it closes the help overlay.
    tmux.keys(&["?"]);
    tmux.wait_for_all("the help overlay", &["┌ Keys", "Esc close"]);
    tmux.keys(&["Escape"]);
    tmux.wait_for("the help overlay to close", |screen| {
        !screen.contains("┌ Keys") && screen.contains("q quit")
    });

    // Invite: one address typed, one pasted, then Tab to the role and Enter.
    tmux.keys(&["2"]);
    tmux.wait_for_all("the Invitations tab", &["┌ Invitations", "Invitations 19"]);
    tmux.keys(&["i"]);
    tmux.wait_for_all(
        "the invite dialog",
        &["Invite to Bondi Family Practice", "Addresses"],
    );
    tmux.type_text("zoe.e2e@bondi.example");
    tmux.wait_for_all("the typed address", &["│zoe.e2e@bondi.example"]);
    // A bracketed paste keeps its newline as text instead of sending.
    tmux.paste("\nyan.paste@bondi.example");
    tmux.wait_for_all(
        "both addresses in the dialog",
        &["│zoe.e2e@bondi.example", "│yan.paste@bondi.example"],
    );
    // The terminal's cursor blinks right after the last address.
    tmux.wait_for("the cursor after the pasted address", |screen| {
        let line = "│yan.paste@bondi.example";
        let expected = screen.lines().enumerate().find_map(|(row, text)| {
            let before = text.find(line)?;
            let column = text[..before].chars().count() + line.chars().count();
            Some((column, row))
        });
        expected.is_some() && tmux.cursor() == expected
    });
    tmux.keys(&["Tab"]);
    tmux.keys(&["Enter"]);
    // The toast stays four seconds; the list may reload after it is shown.
    tmux.wait_for_all("the toast confirming both invitations", &["invited 2"]);
    tmux.wait_for("the dialog to close and the list to grow", |screen| {
        screen.contains("Invitations 21") && !screen.contains("Invite to Bondi Family Practice")
    });
    // The two links are shown to the owner until closed; y copies the one
    // chosen (OSC 52), and neither reaches the log (checked below).
    tmux.wait_for_all(
        "the new links",
        &["2 new invitation links", "/join/", "y copy link"],
    );
    tmux.keys(&["y"]);
    tmux.wait_for_all("the copy", &["sent to your terminal's clipboard"]);
    tmux.keys(&["Escape"]);
    tmux.wait_for("the links to close", |screen| {
        !screen.contains("2 new invitation links") && !screen.contains("/join/")
    });

    // The list shows the new invitation in full once filtered to it.
    tmux.keys(&["/"]);
    tmux.type_text("zoe.e2e");
    let filtered = tmux.wait_for_all(
        "the new invitation's details",
        &["┌ zoe.e2e@bondi.example", "1 of 21 shown"],
    );
    assert!(
        filtered.contains("pending"),
        "the new invitation is pending:\n{filtered}"
    );
    tmux.keys(&["Enter"]);
    tmux.wait_for_all("the filter to be applied", &["i invite"]);

    // The console's delivery worker sends the new invitations at once.
    let delivered = session.wait_for_emails(&["zoe.e2e@bondi.example", "yan.paste@bondi.example"]);

    session.quit_and_check_terminal("q");
    session.assert_links_only_in_emails(&delivered);

    let list = session.invitations();
    for email in ["zoe.e2e@bondi.example", "yan.paste@bondi.example"] {
        let found = invitations_for(&list, email);
        assert_eq!(found.len(), 1, "one invitation for {email} in {list:#?}");
        assert_eq!(found[0]["status"], "pending", "{email}: {:#}", found[0]);
        assert_eq!(found[0]["role"], "member", "{email}: {:#}", found[0]);
        assert_eq!(found[0]["invited_by"]["email"], OWNER, "{:#}", found[0]);
    }
}

#[test]
fn the_console_refuses_to_start_without_a_terminal() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("config.toml"), "").expect("an empty config file");
    let store = dir.path().join("store");
    let output = Command::new(env!("CARGO_BIN_EXE_teamdesk"))
        .args(["--lang", "en", "demo", "--db", path_text(&store)])
        .env("TEAMDESK_CONFIG", dir.path().join("config.toml"))
        .env("TEAMDESK_NOW", NOW)
        .env("HOME", dir.path())
        .env_remove("TEAMDESK_AS")
        .env_remove("TEAMDESK_DB")
        .stdin(Stdio::null())
        .output()
        .expect("the teamdesk binary");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "exit code; stderr: {stderr}");
    assert!(
        stderr
            .to_lowercase()
            .contains("the console needs a terminal")
            && stderr.trim_end().ends_with('.'),
        "a sentence saying why: {stderr:?}"
    );
    assert!(
        output.stdout.is_empty() && !stderr.contains('\u{1b}'),
        "nothing drawn and no terminal modes touched: stdout {:?}, stderr {stderr:?}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!store.exists(), "no demo store seeded for a refused start");
}

#[test]
fn a_too_small_terminal_says_so_and_the_console_recovers_when_it_grows() {
    let session = Session::start(100, 30);
    let tmux = &session.tmux;
    session.wait_for_console();

    let message = "terminal too small (need 64×18)";
    // The row the message is on, and nothing else on the screen.
    let message_row = |screen: &str| -> Option<usize> {
        let rows: Vec<&str> = screen.lines().collect();
        let row = rows.iter().position(|row| row.contains(message))?;
        let alone = rows
            .iter()
            .enumerate()
            .all(|(index, text)| index == row || text.trim().is_empty());
        alone.then_some(row)
    };
    tmux.resize(40, 10);
    let small = tmux.wait_for("the too-small message alone on a 40×10 screen", |screen| {
        message_row(screen).is_some()
    });
    let first_row = message_row(&small);

    // Keys are ignored while too small: 4 would open Billing.
    tmux.keys(&["4"]);
    // Another small size redraws the message elsewhere; once it has moved,
    // the key sent before it has been read too.
    tmux.resize(50, 14);
    tmux.wait_for("the too-small message redrawn at 50×14", |screen| {
        message_row(screen).is_some_and(|row| Some(row) != first_row)
    });

    tmux.resize(100, 30);
    let grown = session.wait_for_console();
    assert!(
        !grown.contains("Paid through") && !grown.contains(message),
        "the console should be back on Members, untouched by the key sent while too small:\n{grown}"
    );

    // The smallest supported size draws the console, not the message.
    tmux.resize(64, 18);
    session.wait_for_console();
    tmux.resize(100, 30);
    session.wait_for_console();

    // Ctrl-C quits like q.
    session.quit_and_check_terminal("C-c");
}

/// Each signal that ends the console restores the terminal as `q` does: a
/// dropped SSH session (HUP), a polite kill (TERM), and an interrupt or a
/// quit sent by `kill` (INT, QUIT: in raw mode the keys send no signal).
#[test]
fn signals_that_end_the_console_restore_the_terminal() {
    let sessions: Vec<(&str, Session)> = ["INT", "QUIT", "TERM", "HUP"]
        .into_iter()
        .map(|signal| (signal, Session::start(100, 30)))
        .collect();
    for (signal, session) in &sessions {
        session.wait_for_console();
        session.signal_and_check_terminal(signal);
    }
}

/// A paste whose end marker never comes (a terminal can send `ESC [ 200 ~`
/// alone on a broken paste) used to swallow every later key, Ctrl-C
/// included: it ends after a moment of silence, goes in as text, and the
/// keys after it work.
#[test]
fn a_paste_left_open_ends_and_the_keys_after_it_work() {
    let session = Session::start(100, 30);
    let tmux = &session.tmux;
    session.wait_for_console();
    tmux.keys(&["/"]);
    // The paste's start and its text, with no end marker.
    tmux.keys(&["-H", "1b", "5b", "32", "30", "30", "7e"]);
    tmux.type_text("shah");
    tmux.wait_for_all("the broken paste to land in the filter", &["filter: shah"]);
    tmux.keys(&["Enter"]);
    tmux.keys(&["?"]);
    tmux.wait_for_all("help to open on ?", &["Keys"]);
    tmux.keys(&["Escape"]);
    session.quit_and_check_terminal("C-c");
}

/// [`names::NAMES`] on screen stay whole, every border stays in its column, and
/// when a filter hides them nothing of them is left behind.
#[test]
fn names_in_every_script_stay_whole_aligned_and_leave_nothing_behind() {
    let session = Session::start(100, 30);
    session.wait_for_console();
    session.tmux.keys(&["q"]);
    session.tmux.wait_for_all("the demo to exit", &[EXITED]);
    use names::NAMES;
    let addresses: Vec<String> = (1..=NAMES.len()).map(names::address).collect();
    for address in &addresses {
        session.teamdesk(&["--as", OWNER, "invite", "add", address, "--role", "member"]);
    }
    let recipients: Vec<&str> = addresses.iter().map(String::as_str).collect();
    for (to, token) in session.wait_for_emails(&recipients) {
        if let Some(n) = addresses.iter().position(|address| *address == to) {
            session.teamdesk(&["--as", &to, "join", &token, "--name", NAMES[n]]);
        }
    }

    session.restart_console_as(OWNER);
    let screen = session
        .tmux
        .wait_for_all("the new members on screen", &NAMES);
    let rows: Vec<&str> = screen.lines().collect();
    let width = 100;
    let column_of = |row: &str, text: &str| {
        row.find(text)
            .map(|at| teamdesk::text_width::columns(&row[..at]))
    };
    let middle = column_of(rows[2], "┐┌").expect("the list's and the detail's borders meet");
    for row in &rows[2..rows.len() - 1] {
        assert_eq!(
            teamdesk::text_width::columns(row),
            width,
            "every row of the panes fills the terminal:\n{screen}"
        );
        assert!(
            row.ends_with(['│', '┐', '┘']),
            "the detail pane keeps its right border on {row:?}:\n{screen}"
        );
        let border = column_of(row, "││")
            .or_else(|| column_of(row, "┐┌"))
            .or_else(|| column_of(row, "┘└"));
        assert_eq!(
            border,
            Some(middle),
            "the borders line up on {row:?}:\n{screen}"
        );
    }

    session.tmux.keys(&["/"]);
    session.tmux.type_text("Olivia");
    let filtered = session.tmux.wait_for("only Olivia listed", |screen| {
        !NAMES.iter().any(|name| screen.contains(name))
    });
    for left in ['ி', 'ா', 'ো', 'ে', 'ำ', 'ี', '🇵', '🇱', '㉈', '㉉'] {
        assert!(
            !filtered.contains(left),
            "{left:?} stayed on screen after its row was emptied:\n{filtered}"
        );
    }
}
