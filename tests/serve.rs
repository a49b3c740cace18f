//! `teamdesk serve` end to end, with the real OpenSSH client: keys name the
//! account, commands sent with `ssh host COMMAND` answer as the local
//! command does, two consoles see each other's changes without a key
//! press, local commands and the local console go through the server's
//! socket, and the server outlives a session killed half way and stops
//! cleanly on SIGTERM. `scripts/test.sh` installs `ssh` and `tmux` where
//! they are missing.

mod support;
mod terminal_support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use support::{KeyPair, Run, Store, binary};
use terminal_support::{POLL, Tmux, WAIT};

const OWNER: &str = "olivia.owner@bondi.example";
const ADMIN: &str = "adam.admin@bondi.example";
const MEMBER: &str = "mia.member@bondi.example";
const TEAM: &str = "Bondi Clinic";

/// A team of three (owner, admin, member), each with a registered key,
/// and one key nobody registered.
struct Clinic {
    store: Store,
    owner: KeyPair,
    admin: KeyPair,
    member: KeyPair,
    stranger: KeyPair,
}

impl Clinic {
    fn new() -> Clinic {
        let store = Store::new();
        store.team(OWNER, "Olivia Owner", TEAM);
        store.member(OWNER, ADMIN, "Adam Admin", "admin");
        store.member(OWNER, MEMBER, "Mia Member", "member");
        let key = |name| KeyPair::new(&store, name, &["ed25519"]);
        let (owner, admin, member, stranger) =
            (key("owner"), key("admin"), key("member"), key("stranger"));
        let clinic = Clinic {
            owner,
            admin,
            member,
            stranger,
            store,
        };
        for (email, key) in [
            (OWNER, &clinic.owner),
            (ADMIN, &clinic.admin),
            (MEMBER, &clinic.member),
        ] {
            clinic
                .store
                .run(&["account", "add-key", email, "--key-file", key.public_path()])
                .ok();
        }
        clinic
    }
}

/// The server, killed when dropped; its log is kept for the test to read.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(store: &Store) -> Server {
        Server::start_with(store, &[])
    }

    /// Starts the server with `options` after `serve --listen 127.0.0.1:0`.
    fn start_with(store: &Store, options: &[&str]) -> Server {
        let mut child = store
            .command()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(options)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary()));
        let log = Arc::new(Mutex::new(String::new()));
        let (port_sender, port) = std::sync::mpsc::channel();
        let lines = BufReader::new(child.stderr.take().expect("a pipe"));
        let kept = log.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                if let Some(address) = teamdesk::serve::listening_address(&line) {
                    let _ = port_sender.send(address.port());
                }
                kept.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let port = port
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("the server did not start: {}", log.lock().unwrap()));
        Server { child, port, log }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the server's log holds `text` (its lines are read on a
    /// thread of their own, a moment after they are written).
    fn wait_for_log(&self, text: &str) {
        let start = Instant::now();
        while !self.log().contains(text) {
            assert!(
                start.elapsed() < WAIT,
                "the log never said {text:?}: {}",
                self.log()
            );
            std::thread::sleep(POLL);
        }
    }

    /// The OpenSSH client, signing in with `key`, options set so that
    /// nothing of the user running the tests is read or written.
    fn ssh(&self, key: &KeyPair) -> Command {
        let mut command = Command::new("ssh");
        command
            .args(["-F", "/dev/null", "-p", &self.port.to_string(), "-i"])
            .arg(&key.private)
            .args([
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "IdentityAgent=none",
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
                "clinic@127.0.0.1",
            ]);
        command
    }

    /// Runs a command line over SSH as `key`'s account.
    fn exec(&self, key: &KeyPair, args: &[&str]) -> Run {
        self.exec_with_input(key, args, None)
    }

    /// Runs a command line over SSH as `key`'s account, with `input` on its
    /// standard input.
    fn exec_with_input(&self, key: &KeyPair, args: &[&str], input: Option<&[u8]>) -> Run {
        let mut command = self.ssh(key);
        command.arg("--").args(args);
        support::finish(command, &format!("ssh {}", args.join(" ")), input)
    }

    /// Asks the server to stop, as a service manager would, and waits.
    fn terminate(self) -> (std::process::ExitStatus, String) {
        self.signal("TERM")
    }

    /// Sends the server `signal` (`TERM`, `INT`, `HUP`) and waits for it to end.
    fn signal(mut self, signal: &str) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The log's reader ends with the pipe.
                std::thread::sleep(POLL);
                return (status, self.log());
            }
            assert!(
                start.elapsed() < WAIT,
                "the server did not stop on SIG{signal}: {}",
                self.log()
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn commands_over_ssh_answer_as_the_keys_account_and_as_the_local_command_does() {
    let clinic = Clinic::new();
    let local = clinic
        .store
        .run_as(ADMIN, &["--json", "member", "list"])
        .ok();
    let server = Server::start_with(&clinic.store, &["--auth-failures", "2"]);

    let remote = server
        .exec(&clinic.admin, &["--json", "member", "list"])
        .ok();
    assert_eq!(
        remote.stdout, local.stdout,
        "the same output as the local command"
    );
    let whoami = server
        .exec(&clinic.member, &["--json", "account", "show"])
        .ok();
    assert_eq!(whoami.json()["email"], MEMBER, "{}", whoami.stdout);

    // A member's key gets no billing: the same refusal and exit 3.
    server
        .exec(&clinic.member, &["billing", "show"])
        .fails(3)
        .says("Only team admins can view billing");

    // The key says who; the server keeps the store, the clock and the operator's commands.
    server
        .exec(&clinic.member, &["--as", OWNER, "billing", "show"])
        .fails(2)
        .says("--as is not accepted over SSH");
    server
        .exec(
            &clinic.owner,
            &["--now", "2030-01-01T00:00:00Z", "team", "show"],
        )
        .fails(2);
    server.exec(&clinic.owner, &["doctor"]).fails(3);
    // Nothing over SSH makes the server read one of its own files: a
    // command's file comes on its standard input.
    server
        .exec(
            &clinic.owner,
            &["template", "add", "Host", "--body-file", "/etc/hostname"],
        )
        .fails(2)
        .says("reads its file from standard input");
    server.exec(&clinic.owner, &["team", "upgrade"]).ok();
    let add = ["template", "add", "SOAP", "--body-file", "-"];
    server
        .exec_with_input(&clinic.owner, &add, Some(b"Subjective:\n"))
        .ok();
    let shown = server
        .exec(&clinic.admin, &["template", "show", "SOAP", "--raw"])
        .ok();
    assert_eq!(shown.stdout, "Subjective:\n");
    let edit = [
        "template",
        "edit",
        "SOAP",
        "--body-file",
        "-",
        "--base-version",
        "1",
    ];
    server
        .exec_with_input(&clinic.owner, &edit, Some(&[b'x'; 65 * 1024]))
        .fails(6)
        .says("more than 65536 bytes");
    server.exec(&clinic.owner, &["export"]).fails(3);

    // A change through SSH is the server's to write: it is in the store afterwards.
    server
        .exec(&clinic.owner, &["invite", "add", "new.nurse@bondi.example"])
        .ok();
    let listed = server
        .exec(&clinic.admin, &["--json", "invite", "list"])
        .ok();
    assert!(listed.stdout.contains("new.nurse@bondi.example"));

    // An unknown key gets nothing, and the server says which key it was.
    let refused = server.exec(&clinic.stranger, &["team", "show"]);
    assert_eq!(refused.code, 255, "{refused:?}");
    assert!(refused.stderr.contains("Permission denied"), "{refused:?}");
    server.wait_for_log(&clinic.stranger.fingerprint());
    assert!(server.log().contains("refused an unknown key"));
    // Past its failures, a key is refused without being looked up.
    server.exec(&clinic.stranger, &["team", "show"]);
    server.exec(&clinic.stranger, &["team", "show"]);
    server.wait_for_log("too many failed sign-ins");

    let (status, log) = server.terminate();
    assert!(status.success(), "SIGTERM stops the server with 0: {log}");
    clinic.store.assert_sound();
}

#[test]
fn local_commands_go_through_the_server_while_it_holds_the_store() {
    let clinic = Clinic::new();
    let local = clinic
        .store
        .run_as(ADMIN, &["--json", "member", "list"])
        .ok();
    let server = Server::start(&clinic.store);

    // The host key made on the first start, beside the store, the owner's alone.
    let host_key = clinic.store.path().join("ssh_host_ed25519_key");
    let mode = std::fs::metadata(&host_key)
        .expect("a host key")
        .permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
        0o600
    );
    // The server holds the store: a local command goes through it, with the same answer.
    let through = clinic
        .store
        .run_as(ADMIN, &["--wait", "0", "--json", "member", "list"])
        .ok();
    assert_eq!(through.stdout, local.stdout);
    let mut by_environment = clinic.store.command();
    by_environment
        .env("TEAMDESK_AS", MEMBER)
        .args(["--json", "account", "show"]);
    let whoami = support::finish(by_environment, "TEAMDESK_AS=… account show", None).ok();
    assert_eq!(
        whoami.json()["email"],
        MEMBER,
        "TEAMDESK_AS reaches the server"
    );
    clinic
        .store
        .run_as(OWNER, &["--now", "2030-01-01T00:00:00Z", "team", "show"])
        .fails(2)
        .says("--now is the server's while it serves this store");
    // A command that reads a file goes through: the file named from the
    // command's folder, standard input sent along.
    clinic.store.run_as(OWNER, &["team", "upgrade"]).ok();
    clinic.store.file("body.txt", "Subjective:\n");
    let mut from_folder = clinic.store.command();
    from_folder
        .current_dir(clinic.store.scratch())
        .args(["--as", OWNER, "template", "add", "SOAP", "--body-file"])
        .arg("body.txt");
    support::finish(from_folder, "template add --body-file body.txt", None).ok();
    let edit = [
        "template",
        "edit",
        "SOAP",
        "--body-file",
        "-",
        "--base-version",
        "1",
    ];
    let mut from_stdin = clinic.store.command();
    from_stdin.args(["--as", OWNER]).args(edit);
    support::finish(from_stdin, "template edit < body", Some(b"Objective:\n")).ok();
    let shown = clinic
        .store
        .run_as(ADMIN, &["template", "show", "SOAP", "--raw"])
        .ok();
    assert_eq!(shown.stdout, "Objective:\n");
    let mut too_long = clinic.store.command();
    too_long.args(["--as", OWNER]).args(edit);
    support::finish(too_long, "template edit < 65 KiB", Some(&[b'x'; 65 * 1024]))
        .fails(6)
        .says("more than 65536 bytes");
    // An import restores into an empty store only: it waits, naming the server.
    // An export comes back through the socket, not out of the server's own stdout.
    let exported = clinic.store.run(&["export"]).ok().stdout;
    let parsed: serde_json::Value = serde_json::from_str(&exported).expect("an export");
    assert!(exported.contains("Objective:"), "the template edited above");
    assert!(parsed["format"].is_u64());
    let export = clinic.store.file("export.json", &exported);
    clinic
        .store
        .run(&["--wait", "0", "import", &export])
        .fails(7)
        .says(&format!("process {}", server.child.id()));
    let socket = clinic.store.path().join("serve.sock");
    let mode = std::fs::metadata(&socket)
        .expect("the server's socket")
        .permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
        0o600
    );
}

/// Resizes the pane and waits for the console to redraw at the new size:
/// the frame's bottom border as wide as the window.
fn redrawn_at(tmux: &Tmux, (width, height): (u16, u16)) {
    tmux.resize(width, height);
    tmux.wait_for(&format!("the console at {width}×{height}"), |screen| {
        screen
            .lines()
            .any(|row| row.starts_with('└') && row.chars().count() == usize::from(width))
    });
}

/// Printed in the pane once the SSH client has exited.
const CLIENT_EXITED: &str = "@@ ssh exited @@";

/// A console over `ssh -t` in a tmux session of its own; the pane stays
/// after the client exits, to show what the terminal was left with.
fn console(tmux: &Tmux, server: &Server, key: &KeyPair, size: (u16, u16), env: &[&str]) {
    let quoted = |word: &str| format!("'{}'", word.replace('\'', r"'\''"));
    let mut ssh = server.ssh(key);
    if !env.is_empty() {
        // One SetEnv for all: ssh takes the first value of an option given twice.
        ssh.args(["-o", &format!("SetEnv={}", env.join(" "))]);
    }
    ssh.arg("-t");
    let words: Vec<String> = std::iter::once(quoted("ssh"))
        .chain(ssh.get_args().map(|arg| quoted(&arg.to_string_lossy())))
        .collect();
    let script = format!(
        "LANG=C.UTF-8 {}; echo {}; sleep 600",
        words.join(" "),
        quoted(CLIENT_EXITED)
    );
    let (width, height) = (size.0.to_string(), size.1.to_string());
    let target = tmux.target();
    let shell = format!("sh -c {}", quoted(&script));
    tmux.run(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        target,
        "-x",
        &width,
        "-y",
        &height,
        &shell,
    ]);
}

#[test]
fn a_change_in_one_console_reaches_another_without_a_key_press() {
    let clinic = Clinic::new();
    let server = Server::start(&clinic.store);
    let socket = clinic.store.scratch().join("tmux.sock");
    let owner = Tmux::new(socket, "owner");
    let admin = owner.session("admin");
    console(&owner, &server, &clinic.owner, (120, 40), &[]);
    // The admin's session asks for Polish and no colour.
    console(
        &admin,
        &server,
        &clinic.admin,
        (100, 30),
        &["LANG=pl_PL.UTF-8", "NO_COLOR=1"],
    );
    owner.wait_for_all("the owner's console", &[TEAM, "Adam Admin", "Invitations"]);
    admin.wait_for_all(
        "the admin's console in Polish",
        &[TEAM, "Mia Member", "Zaproszenia"],
    );
    let drawn = admin
        .run(&["capture-pane", "-e", "-p", "-t", "admin"])
        .stdout;
    assert!(
        !coloured(&String::from_utf8_lossy(&drawn)),
        "NO_COLOR: no colour in the admin's console"
    );
    admin.keys(&["2"]);

    owner.keys(&["2", "i"]);
    owner.type_text("locum.gp@bondi.example");
    owner.keys(&["Enter"]);
    owner.wait_for_all("the owner's new link", &["locum.gp@bondi.example"]);
    // (At 100 columns, in Polish, the address is cut after its domain's beginning.)
    admin.wait_for_all(
        "the owner's invite on the admin's screen",
        &["locum.gp@bondi"],
    );

    // A resize redraws at the new size: the frame's bottom border is as wide as the window.
    redrawn_at(&admin, (80, 24));

    // Quitting ends the session and leaves the client's terminal as it found it.
    admin.keys(&["q"]);
    let screen = admin.wait_for_all("the admin's client gone", &[CLIENT_EXITED]);
    assert!(
        !screen.contains(TEAM),
        "the console's screen is gone:\n{screen}"
    );
    assert_eq!(admin.format("#{alternate_on}"), "0");
    assert!(owner.screen().contains(TEAM), "the owner's console goes on");
}

#[test]
fn the_server_outlives_a_killed_session_and_tells_consoles_it_is_stopping() {
    let clinic = Clinic::new();
    let server = Server::start(&clinic.store);
    let socket = clinic.store.scratch().join("tmux.sock");
    let admin = Tmux::new(socket, "admin");
    let owner = admin.session("owner");
    console(&admin, &server, &clinic.admin, (100, 30), &[]);
    admin.wait_for_all("the admin's console", &[TEAM]);

    // The client dies without a word: the server goes on serving the others.
    let shell = admin.format("#{pane_pid}");
    let client = child_of(&shell).expect("the pane's shell runs ssh");
    let killed = Command::new("kill")
        .args(["-KILL", &client])
        .status()
        .unwrap();
    assert!(
        killed.success(),
        "the admin's ssh client ({client}) was killed"
    );
    admin.wait_for_all("the admin's client gone", &[CLIENT_EXITED]);
    let answer = server
        .exec(&clinic.member, &["--json", "account", "show"])
        .ok();
    assert_eq!(answer.json()["email"], MEMBER);

    console(&owner, &server, &clinic.owner, (100, 30), &[]);
    owner.wait_for_all("the owner's console", &[TEAM]);
    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");
    let screen = owner.wait_for_all("the owner told", &["the server is stopping", CLIENT_EXITED]);
    assert!(
        !screen.contains(TEAM),
        "the console's screen is gone:\n{screen}"
    );
    assert_eq!(owner.format("#{alternate_on}"), "0");
}

#[test]
fn an_interrupt_or_a_hangup_stops_the_server_as_sigterm_does() {
    let clinic = Clinic::new();
    let socket = clinic.store.scratch().join("tmux.sock");
    for signal in ["INT", "HUP"] {
        let server = Server::start(&clinic.store);
        let owner = Tmux::new(socket.clone(), &format!("owner-{signal}"));
        console(&owner, &server, &clinic.owner, (100, 30), &[]);
        owner.wait_for_all("the owner's console", &[TEAM]);
        let door = clinic.store.path().join("serve.sock");
        assert!(door.exists(), "the server listens for local commands");
        let (status, log) = server.signal(signal);
        assert!(status.success(), "SIG{signal}: {log}");
        owner.wait_for_all("the owner told", &["the server is stopping", CLIENT_EXITED]);
        assert_eq!(owner.format("#{alternate_on}"), "0", "SIG{signal}");
        assert!(!door.exists(), "SIG{signal}: the socket is gone");
        clinic.store.run(&["doctor"]).ok();
    }
}

#[test]
fn output_through_the_server_is_cut_to_fit_for_the_clients_terminal_not_the_servers() {
    let clinic = Clinic::new();
    let long = "Dr Bartholomew Alexander Featherstonehaugh-Smythe";
    clinic
        .store
        .member(OWNER, "bart@bondi.example", long, "member");
    let socket = clinic.store.scratch().join("tmux.sock");
    // The server on a terminal of its own.
    let server = Tmux::new(socket, "server");
    local_console(
        &server,
        &clinic.store,
        &["serve", "--listen", "127.0.0.1:0"],
    );
    server.wait_for_all("the server", &["listening on"]);
    // Into a pipe: whole.
    let piped = clinic.store.run_as(OWNER, &["member", "list"]).ok();
    assert!(piped.stdout.contains(long), "{}", piped.stdout);
    // Onto a terminal: cut to fit.
    let client = server.session("client");
    local_console(&client, &clinic.store, &["--as", OWNER, "member", "list"]);
    let screen = client.wait_for_all("the list", &[&local_console_exited(0)]);
    assert!(screen.contains(&format!("{}…", &long[..39])), "{screen}");
    assert!(!screen.contains(long), "{screen}");
    assert!(
        server.screen().contains("listening on"),
        "the list went through the server"
    );
    server.run(&["kill-server"]);
}

/// Printed in the pane once the local console has exited: its exit code,
/// and whether the terminal's settings are as before (`stty -g`).
fn local_console_exited(code: i32) -> String {
    format!("@@ console exited {code}, terminal same @@")
}

/// The local console (`teamdesk` with `args` and no command) in a tmux
/// session of its own, on the store the server holds; the pane stays after
/// the console exits, to show what the terminal was left with.
fn local_console(tmux: &Tmux, store: &Store, args: &[&str]) {
    let quoted = |word: &str| format!("'{}'", word.replace('\'', r"'\''"));
    let command = store.command();
    // `env` takes what it unsets before what it sets.
    let (set, unset): (Vec<_>, Vec<_>) = command.get_envs().partition(|(_, value)| value.is_some());
    let mut words = vec!["env".to_owned()];
    for (name, _) in unset {
        words.push(format!("-u {}", quoted(&name.to_string_lossy())));
    }
    words.push("LANG=C.UTF-8".to_owned());
    for (name, value) in set {
        let value = value.expect("a value").to_string_lossy();
        words.push(quoted(&format!("{}={value}", name.to_string_lossy())));
    }
    words.push(quoted(binary()));
    words.extend(args.iter().map(|arg| quoted(arg)));
    let script = format!(
        "before=$(stty -g); {}; code=$?; \
         [ \"$(stty -g)\" = \"$before\" ] && terminal=same || terminal=changed; \
         echo \"@@ console exited $code, terminal $terminal @@\"; sleep 600",
        words.join(" ")
    );
    let shell = format!("sh -c {}", quoted(&script));
    let target = tmux.target();
    tmux.run(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        target,
        "-x",
        "120",
        "-y",
        "40",
        &shell,
    ]);
}

#[test]
fn the_local_console_runs_through_the_server_while_it_holds_the_store() {
    let clinic = Clinic::new();
    let server = Server::start(&clinic.store);
    let owner = Tmux::new(clinic.store.scratch().join("tmux.sock"), "owner");
    local_console(&owner, &clinic.store, &["--wait", "0", "--as", OWNER]);
    owner.wait_for_all(
        "the owner's local console",
        &[TEAM, "Adam Admin", "Mia Member"],
    );

    // Keys reach the server's console: the Invitations tab opens.
    owner.keys(&["2"]);
    owner.wait_for_all("the owner's invitations", &["┌ Invitations", "accepted"]);

    // A local command's change shows without a key press.
    clinic
        .store
        .run_as(OWNER, &["invite", "add", "night.nurse@bondi.example"])
        .ok();
    owner.wait_for_all("the command's invite", &["night.nurse@bondi.example"]);

    // The window's changes reach the server: it redraws at the new size.
    redrawn_at(&owner, (90, 30));

    // Quitting gives the terminal back as it was, with the console's exit code.
    owner.keys(&["q"]);
    let screen = owner.wait_for_all("the console gone", &[&local_console_exited(0)]);
    assert!(
        !screen.contains(TEAM),
        "the console's screen is gone:\n{screen}"
    );
    assert_eq!(owner.format("#{alternate_on}"), "0");

    // Without --as it is the operator's console, which picks whom to act as;
    // SIGTERM quits it as it quits the local console, giving the terminal back.
    let operator = owner.session("operator");
    local_console(&operator, &clinic.store, &["--wait", "0"]);
    operator.wait_for_all("the account picker", &["Act as", OWNER]);
    let shell = operator.format("#{pane_pid}");
    let client = child_of(&shell).expect("the pane's shell runs teamdesk");
    let killed = Command::new("kill")
        .args(["-TERM", &client])
        .status()
        .unwrap();
    assert!(
        killed.success(),
        "the local console ({client}) was told to stop"
    );
    let screen = operator.wait_for_all("the operator's console gone", &[&local_console_exited(0)]);
    assert!(
        !screen.contains("Act as"),
        "the console's screen is gone:\n{screen}"
    );
    assert_eq!(operator.format("#{alternate_on}"), "0");

    // A stopping server closes the consoles it runs for local clients, saying so.
    let admin = owner.session("admin");
    local_console(&admin, &clinic.store, &["--wait", "0", "--as", ADMIN]);
    admin.wait_for_all("the admin's local console", &[TEAM, "Mia Member"]);
    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");
    let screen = admin.wait_for_all(
        "the admin told",
        &["the server is stopping", &local_console_exited(0)],
    );
    assert!(
        !screen.contains(TEAM),
        "the console's screen is gone:\n{screen}"
    );
    assert_eq!(admin.format("#{alternate_on}"), "0");
}

/// A process whose parent is `parent`, from `/proc`.
fn child_of(parent: &str) -> Option<String> {
    std::fs::read_dir("/proc").ok()?.find_map(|entry| {
        let entry = entry.ok()?;
        let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
        // The parent's pid is the second field after the command's closing parenthesis.
        let after_name = &stat[stat.rfind(')')? + 2..];
        let ppid = after_name.split(' ').nth(1)?;
        (ppid == parent).then(|| entry.file_name().to_string_lossy().into_owned())
    })
}

/// Whether a screen captured with its attributes (`capture-pane -e`) sets
/// a foreground or background colour anywhere (39 and 49 go back to the
/// terminal's own).
fn coloured(screen: &str) -> bool {
    screen.split("\x1b[").skip(1).any(|sequence| {
        let Some(end) = sequence.find('m') else {
            return false;
        };
        sequence[..end].split(';').any(|parameter| {
            matches!(
                parameter.parse::<u8>(),
                Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
            )
        })
    })
}

#[test]
fn a_server_full_of_sessions_refuses_the_next_and_frees_a_place_when_one_ends() {
    let clinic = Clinic::new();
    let server = Server::start_with(&clinic.store, &["--max-sessions", "1"]);
    let admin = Tmux::new(clinic.store.scratch().join("tmux.sock"), "admin");
    console(&admin, &server, &clinic.admin, (100, 30), &[]);
    admin.wait_for_all("the admin's console", &[TEAM]);

    let refused = server
        .exec(&clinic.member, &["account", "show"])
        .fails(7)
        .says("as many sessions open as it allows");
    assert!(refused.stdout.is_empty(), "{refused:?}");
    server.wait_for_log("the most allowed");
    // A local console takes a place too: refused, saying so, exit 7.
    let local = admin.session("local");
    local_console(&local, &clinic.store, &["--wait", "0", "--as", OWNER]);
    local.wait_for_all(
        "the local console refused",
        &[
            "as many sessions open as it allows",
            &local_console_exited(7),
        ],
    );

    admin.keys(&["q"]);
    admin.wait_for_all("the admin's client gone", &[CLIENT_EXITED]);
    let start = Instant::now();
    loop {
        let answer = server.exec(&clinic.member, &["--json", "account", "show"]);
        if answer.code == 0 {
            assert_eq!(answer.json()["email"], MEMBER);
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "the place was not freed: {answer:?}"
        );
        std::thread::sleep(POLL);
    }
}

#[test]
fn an_idle_connection_is_closed_and_its_terminal_left_clean() {
    let clinic = Clinic::new();
    let server = Server::start_with(&clinic.store, &["--idle-timeout", "2"]);
    let admin = Tmux::new(clinic.store.scratch().join("tmux.sock"), "admin");
    console(&admin, &server, &clinic.admin, (100, 30), &[]);
    admin.wait_for_all("the admin's console", &[TEAM]);
    // No key for two seconds: the server closes the console, saying why.
    admin.wait_for_all(
        "the idle client gone",
        &["closed after a while without a key press", CLIENT_EXITED],
    );
    assert_eq!(admin.format("#{alternate_on}"), "0");
}

#[test]
fn a_port_already_taken_or_a_server_for_no_one_is_said_plainly() {
    let clinic = Clinic::new();
    let server = Server::start(&clinic.store);
    let other = Store::new();
    other.account(OWNER, "Olivia Owner", "pro");
    let listen = format!("127.0.0.1:{}", server.port);
    other
        .run(&["serve", "--listen", &listen])
        .fails(1)
        .says(&format!("Cannot listen on {listen}"));
    other
        .run(&["serve", "--max-sessions", "0"])
        .fails(2)
        .says("a server must allow at least one session");
}
