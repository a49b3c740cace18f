//! Store faults through the real binary (SPEC §5, §6): owner-only files, a
//! holder record without arguments, an unfinished sled snapshot, a full
//! disk, syncing before acknowledging, one clear sentence per way a store
//! can be unusable, no store made by a mistyped path, writers that queue
//! instead of failing, paths that are not UTF-8, and input read in full (and
//! bounded) before the store is taken.
//!
//! Some faults need root (mounting a tmpfs or a read-only bind mount,
//! running as another user) or strace. Where the machine does not allow
//! them the test prints `skipped: REASON` and passes; run with `--nocapture`
//! to see it.

mod support;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use teamdesk::store::{OpenMode, Store};

const OWNER: &str = "olivia@bondi.example";
const JOINER: &str = "tom@bondi.example";
/// Long enough for any machine to start a process and reach what a test waits for.
const PATIENCE: Duration = Duration::from_secs(60);

/// A store with a team, a joined member, a template and pending invitations.
fn populated() -> support::Store {
    let store = support::Store::new();
    store.account(OWNER, "Olivia Owner", "pro");
    store.run_as(OWNER, &["team", "create", "Bondi"]).ok();
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    let link = store.invite(OWNER, JOINER, "member");
    store
        .run_as(JOINER, &["join", &link, "--name", "Tom Member"])
        .ok();
    store
        .run_as(
            OWNER,
            &["invite", "add", "ana@bondi.example", "ben@bondi.example"],
        )
        .ok();
    let body = store.file("soap.txt", "Subjective:\n\tObjective:\n");
    store
        .run_as(
            OWNER,
            &["template", "add", "SOAP note", "--body-file", &body],
        )
        .ok();
    store.assert_sound();
    store
}

/// Asserts a refusal because the store is unavailable: exit 7, one sentence
/// naming the store at `path`, no panic and no debug text.
#[track_caller]
fn unavailable(run: support::Run, path: &Path) -> support::Run {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let run = run.fails(7);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    let path = path.display().to_string();
    run.says(&path)
        .never_says("os error")
        .never_says("None")
        .never_says("Some(")
}

fn skipped(reason: &str) {
    println!("skipped: {reason}");
}

/// Whether this process runs as root (mounts, other users).
fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .expect("a path under the store")
        .permissions()
        .mode()
        & 0o7777
}

/// Every path under `dir`, `dir` included.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("a readable directory") {
                pending.push(entry.expect("an entry").path());
            }
        }
        paths.push(path);
    }
    paths
}

/// Asserts every directory under the store is 0700 and every file 0600.
#[track_caller]
fn assert_owner_only(dir: &Path) {
    let wrong: Vec<String> = tree(dir)
        .iter()
        .filter(|path| mode(path) != if path.is_dir() { 0o700 } else { 0o600 })
        .map(|path| format!("{:o} {}", mode(path), path.display()))
        .collect();
    assert!(wrong.is_empty(), "not owner-only:\n{}", wrong.join("\n"));
}

fn sled_snapshots(store: &support::Store) -> Vec<PathBuf> {
    let mut snapshots: Vec<PathBuf> = std::fs::read_dir(store.path().join("data"))
        .expect("sled's folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| {
            path.file_name()
                .and_then(OsStr::to_str)
                .is_some_and(|name| name.starts_with("snap."))
        })
        .collect();
    snapshots.sort();
    snapshots
}

// ---- owner-only files, and who holds the store --------------------------

/// Runs the binary for `store` from a shell whose umask takes nothing away.
fn run_under_open_umask(store: &support::Store, args: &[&str]) -> support::Run {
    let mut command = Command::new("sh");
    command
        .args(["-c", "umask 000; exec \"$0\" \"$@\"", support::binary()])
        .args(args);
    store.environ(&mut command);
    support::finish(command, &args.join(" "), None)
}

#[test]
fn a_store_made_under_an_open_umask_is_owner_only() {
    let store = support::Store::new();
    for args in [
        &[
            "account", "create", OWNER, "--name", "Olivia", "--plan", "pro",
        ][..],
        &["--as", OWNER, "team", "create", "Bondi"],
        &["--as", OWNER, "team", "upgrade"],
        &["--as", OWNER, "invite", "add", "ana@bondi.example"],
    ] {
        run_under_open_umask(&store, args).ok();
    }
    assert!(
        !sled_snapshots(&store).is_empty(),
        "sled wrote a snapshot, so its files are all checked"
    );
    assert_owner_only(&store.path());
}

#[test]
fn an_existing_store_with_open_modes_is_made_owner_only_when_opened() {
    let store = populated();
    for path in tree(&store.path()) {
        let open = if path.is_dir() { 0o777 } else { 0o666 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(open))
            .expect("modes opened up");
    }
    store.run(&["doctor"]).ok();
    assert_owner_only(&store.path());
}

#[test]
fn the_holder_record_names_the_program_and_never_its_arguments() {
    let store = support::Store::new();
    store.team(OWNER, "Olivia Owner", "Bondi");
    let link = store.invite(OWNER, JOINER, "member");
    store
        .run_as(JOINER, &["join", &link, "--name", "Tom Member"])
        .ok();
    let token = support::token_of(&link);

    let lock = std::fs::read_to_string(store.path().join("lock")).expect("the lock file");
    assert_eq!(lock, "", "the lock file holds nothing");
    let text = std::fs::read_to_string(store.path().join("holder")).expect("the holder record");
    assert!(
        !text.contains(token),
        "the holder record keeps the link: {text}"
    );
    let holder: Value = serde_json::from_str(&text).expect("a JSON holder record");
    let mut fields: Vec<&str> = holder
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["pid", "program", "since"], "{text}");
    assert_eq!(holder["program"], "teamdesk", "{text}");
}

#[test]
fn a_lock_file_written_by_an_earlier_version_is_emptied() {
    let store = populated();
    // Earlier versions kept the holder, arguments and all, in the lock file.
    let earlier = r#"{"pid":4242,"command":"teamdesk join https://teamdesk.example/join/0123456789abcdef0123456789abcdef0123456789abcdef","since":"2026-03-01T09:00:00Z"}"#;
    std::fs::write(store.path().join("lock"), earlier).expect("an earlier lock file");
    store.run(&["doctor"]).ok();
    assert_eq!(
        std::fs::read_to_string(store.path().join("lock")).expect("the lock file"),
        ""
    );
}

// ---- an unfinished snapshot, a full disk ---------------------------------

#[test]
fn an_empty_unfinished_snapshot_is_set_aside_and_every_record_is_kept() {
    let store = populated();
    let before = store.export();
    let newest = sled_snapshots(&store).pop().expect("sled keeps a snapshot");
    let lsn = newest
        .file_name()
        .and_then(OsStr::to_str)
        .and_then(|name| name.strip_prefix("snap."))
        .and_then(|lsn| u64::from_str_radix(lsn, 16).ok())
        .expect("a snapshot named by its log position");
    // What a SIGKILL or a full disk leaves while sled writes a snapshot.
    let unfinished = format!("snap.{:016X}.generating", lsn + 4096);
    std::fs::write(store.path().join("data").join(&unfinished), b"").expect("an empty snapshot");

    store
        .run_as(OWNER, &["--json", "member", "list"])
        .ok()
        .says(JOINER);
    store.assert_sound();
    assert_eq!(store.export(), before, "every record is still there");
    let aside = store.path().join("set-aside").join(&unfinished);
    assert!(
        aside.is_file(),
        "the snapshot is kept in {}",
        aside.display()
    );
    assert!(!store.path().join("data").join(&unfinished).exists());
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    fn mount(dir: PathBuf, size: &str) -> Result<Self, String> {
        if !is_root() {
            return Err("mounting a tmpfs needs root".into());
        }
        std::fs::create_dir_all(&dir).expect("a mount point");
        let output = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(&dir)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if output.status.success() {
            Ok(Self { dir })
        } else {
            Err(format!(
                "mount refused a tmpfs: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    }

    /// Fills what is left with a file; returns it, to free the space later.
    fn fill(&self) -> PathBuf {
        let filler = self.dir.join("filler");
        let mut file = std::fs::File::create(&filler).expect("a filler file");
        let block = vec![0x5au8; 4096];
        loop {
            match std::io::Write::write(&mut file, &block) {
                Ok(0) => break,
                Ok(_) => {}
                Err(error) if error.raw_os_error() == Some(28) => break,
                Err(error) => panic!("filling the disk: {error}"),
            }
        }
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

#[test]
fn a_full_disk_is_named_loses_nothing_acknowledged_and_works_once_space_is_freed() {
    let store = support::Store::new();
    let disk = match SmallDisk::mount(store.path(), "3m") {
        Ok(disk) => disk,
        Err(reason) => return skipped(&reason),
    };
    let db = store.path().join("db");
    let run = |args: &[&str]| {
        let mut full = vec!["--db", db.to_str().expect("a UTF-8 path")];
        full.extend_from_slice(args);
        store.run(&full)
    };
    run(&[
        "account", "create", OWNER, "--name", "Olivia", "--plan", "pro",
    ])
    .ok();
    run(&["--as", OWNER, "team", "create", "Bondi"]).ok();
    run(&["--as", OWNER, "invite", "add", "before@bondi.example"]).ok();

    let filler = disk.fill();
    let mut acknowledged = vec!["before@bondi.example".to_owned()];
    let mut refused = 0;
    for n in 0..24 {
        let email = format!("full{n}@bondi.example");
        let outcome = run(&["--as", OWNER, "invite", "add", &email]);
        if outcome.code == 0 {
            acknowledged.push(email);
        } else {
            unavailable(outcome, &db).says("space left on the device holding");
            refused += 1;
        }
    }
    assert!(refused > 0, "the full disk refused no change");

    std::fs::remove_file(filler).expect("space freed");
    let sound = run(&["doctor"]);
    assert_eq!(sound.code, 0, "{}{}", sound.stdout, sound.stderr);
    let listed = run(&["--as", OWNER, "--json", "invite", "list"])
        .ok()
        .json();
    let listed: Vec<&str> = listed
        .as_array()
        .expect("invitations")
        .iter()
        .map(|invitation| invitation["email"].as_str().expect("an address"))
        .collect();
    for email in &acknowledged {
        assert!(listed.contains(&email.as_str()), "{email} was lost");
    }
    run(&["--as", OWNER, "invite", "add", "after@bondi.example"]).ok();
}

// ---- durable before acknowledged ----------------------------------------

#[test]
fn a_change_is_synced_to_stable_storage_before_it_is_acknowledged() {
    let store = support::Store::new();
    store.team(OWNER, "Olivia Owner", "Bondi");
    let trace = store.scratch().join("trace");
    let mut command = Command::new("strace");
    command
        .args(["-f", "-y", "-qq", "-e", "trace=fdatasync,write", "-o"])
        .arg(&trace)
        .arg(support::binary())
        .args(["--as", OWNER, "invite", "add", "ana@bondi.example"]);
    store.environ(&mut command);
    let run = match command.stdin(Stdio::null()).output() {
        Ok(output) => output,
        Err(error) => return skipped(&format!("cannot run strace: {error}")),
    };
    let trace = std::fs::read_to_string(&trace).unwrap_or_default();
    if !run.status.success() && trace.is_empty() {
        return skipped(&format!(
            "strace cannot trace here: {}",
            String::from_utf8_lossy(&run.stderr).trim()
        ));
    }
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines: Vec<&str> = trace.lines().collect();
    let db = format!("{}>", store.path().join("data").join("db").display());
    let synced = lines.iter().position(|line| {
        line.contains("fdatasync(") && line.contains(&db) && line.ends_with("= 0")
    });
    let acknowledged = lines
        .iter()
        .position(|line| line.contains(" write(1<") && line.contains("invited"))
        .expect("the trace shows the acknowledgement");
    assert!(
        synced.is_some_and(|synced| synced < acknowledged),
        "no fdatasync of {db} before the acknowledgement:\n{trace}"
    );
}

// ---- one sentence for each way a store cannot be used -------------------

#[test]
fn a_file_where_the_store_should_be_is_named_as_a_file() {
    let store = support::Store::new();
    let file = PathBuf::from(store.file("store.txt", "not a directory"));
    let db = file.to_str().expect("a UTF-8 path");
    for args in [
        &["--db", db, "doctor"][..],
        &["--db", db, "account", "create", OWNER, "--name", "Olivia"],
    ] {
        unavailable(store.run(args), &file).says("is a file, not a store directory");
    }
}

#[test]
fn damage_sled_finds_is_one_sentence_naming_the_store() {
    let store = populated();
    let newest = sled_snapshots(&store).pop().expect("sled keeps a snapshot");
    std::fs::write(&newest, b"").expect("the snapshot emptied");
    unavailable(store.run(&["doctor"]), &store.path())
        .says("is damaged")
        .says("restore it from an export");
}

#[test]
fn a_store_from_a_newer_storage_engine_is_told_so() {
    let store = populated();
    let conf = store.path().join("data").join("conf");
    let text = std::fs::read(&conf).expect("sled's settings");
    // Settings text, then a checksum that sled only warns about.
    let (settings, checksum) = text.split_at(text.len() - 4);
    let mut newer = String::from_utf8_lossy(settings)
        .replace("version: 0.34", "version: 0.99")
        .into_bytes();
    newer.extend_from_slice(checksum);
    std::fs::write(&conf, newer).expect("settings of a newer sled");
    unavailable(store.run(&["doctor"]), &store.path()).says("written by a newer teamdesk");
}

#[test]
fn a_store_this_user_may_not_write_is_told_so() {
    if !is_root() {
        return skipped("running the binary as another user needs root");
    }
    let store = populated();
    // The store is nobody's, made read-only by its owner.
    std::fs::set_permissions(store.scratch(), std::fs::Permissions::from_mode(0o755))
        .expect("the scratch folder is traversable");
    for path in tree(&store.path()) {
        let status = Command::new("chown")
            .args(["-h", "65534:65534"])
            .arg(&path)
            .status()
            .expect("chown runs");
        assert!(status.success());
        let read_only = if path.is_dir() { 0o500 } else { 0o400 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(read_only))
            .expect("read-only");
    }
    let config = store.scratch().join("config.toml");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644))
        .expect("a readable config");
    let mut command = Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(support::binary())
        .arg("doctor");
    store.environ(&mut command);
    let run = support::finish(command, "doctor (as nobody)", None);
    if run.code != 7 && run.stderr.contains("setpriv") {
        return skipped(&format!(
            "setpriv cannot switch users: {}",
            run.stderr.trim()
        ));
    }
    unavailable(run, &store.path()).says("permission denied");
}

/// A read-only bind mount of `source` at `target`, unmounted when dropped.
struct ReadOnlyView {
    target: PathBuf,
}

impl ReadOnlyView {
    fn mount(source: &Path, target: PathBuf) -> Result<Self, String> {
        if !is_root() {
            return Err("a read-only bind mount needs root".into());
        }
        std::fs::create_dir_all(&target).expect("a mount point");
        let mount = |args: &[&OsStr]| {
            Command::new("mount")
                .args(args)
                .output()
                .map_err(|e| format!("cannot run mount: {e}"))
                .and_then(|output| {
                    if output.status.success() {
                        Ok(())
                    } else {
                        Err(format!(
                            "mount refused: {}",
                            String::from_utf8_lossy(&output.stderr).trim()
                        ))
                    }
                })
        };
        mount(&[OsStr::new("--bind"), source.as_os_str(), target.as_os_str()])?;
        let view = Self { target };
        mount(&[
            OsStr::new("-o"),
            OsStr::new("remount,bind,ro"),
            view.target.as_os_str(),
        ])?;
        Ok(view)
    }
}

impl Drop for ReadOnlyView {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.target).status();
    }
}

#[test]
fn a_store_on_a_read_only_file_system_is_told_so() {
    let store = populated();
    let target = store.scratch().join("read-only");
    let view = match ReadOnlyView::mount(&store.path(), target) {
        Ok(view) => view,
        Err(reason) => return skipped(&reason),
    };
    let db = view.target.to_str().expect("a UTF-8 path");
    for args in [
        &["--db", db, "doctor"][..],
        &["--db", db, "--as", OWNER, "member", "list"],
    ] {
        unavailable(store.run(args), &view.target).says("read-only file system");
    }
}

// ---- only commands that create records create a store -------------------

#[test]
fn a_mistyped_store_path_is_reported_and_no_store_is_made() {
    let store = support::Store::new();
    let body = store.file("body.txt", "Subjective:\n");
    let typo = store.scratch().join("stroe");
    let db = typo.to_str().expect("a UTF-8 path");
    for args in [
        &["--db", db][..],
        &["--db", db, "doctor"],
        &["--db", db, "export"],
        &["--db", db, "--as", OWNER, "account", "show"],
        &["--db", db, "--as", OWNER, "member", "list"],
        &[
            "--db",
            db,
            "--as",
            OWNER,
            "invite",
            "add",
            "ana@bondi.example",
        ],
        &["--db", db, "--as", OWNER, "join", "0123456789abcdef"],
        &["--db", db, "--as", OWNER, "team", "create", "Bondi"],
        &[
            "--db",
            db,
            "--as",
            OWNER,
            "template",
            "add",
            "SOAP",
            "--body-file",
            &body,
        ],
    ] {
        unavailable(store.run(args), &typo).says("no store at");
        assert!(!typo.exists(), "`{}` made a store", args.join(" "));
    }
    // An empty directory is no store either.
    std::fs::create_dir(&typo).expect("an empty directory");
    unavailable(store.run(&["--db", db, "doctor"]), &typo).says("no store at");
    assert_eq!(std::fs::read_dir(&typo).expect("the directory").count(), 0);
}

#[test]
fn commands_that_create_records_create_a_store() {
    let store = support::Store::new();
    store
        .run(&["account", "create", OWNER, "--name", "Olivia"])
        .ok();
    let dump = store.scratch().join("dump.json");
    std::fs::write(&dump, store.export().to_string()).expect("an export");

    let fresh = store.scratch().join("restored");
    let db = fresh.to_str().expect("a UTF-8 path");
    store
        .run(&["--db", db, "import", dump.to_str().expect("a UTF-8 path")])
        .ok();
    store
        .run(&["--db", db, "--as", OWNER, "account", "show"])
        .ok()
        .says("Olivia");
}

// ---- waiting for a store in use ------------------------------------------

#[test]
fn eight_writers_at_once_all_get_their_invitations_in() {
    const WRITERS: usize = 8;
    const INVITES: usize = 40;
    let store = Arc::new(support::Store::new());
    store.team(OWNER, "Olivia Owner", "Bondi");
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                (0..INVITES)
                    .map(|n| {
                        let email = format!("w{writer}-{n}@bondi.example");
                        // Writers queue for the store; the bound only has to
                        // outlast the queue on a busy shared machine.
                        store.run_as(OWNER, &["--wait", "120", "invite", "add", &email])
                    })
                    .filter(|run| run.code != 0)
                    .map(|run| format!("exit {}: {}", run.code, run.stderr.trim()))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let failures: Vec<String> = writers
        .into_iter()
        .flat_map(|writer| writer.join().expect("a writer thread"))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    store.assert_sound();
    let listed = store
        .run_as(OWNER, &["--json", "invite", "list"])
        .ok()
        .json();
    assert_eq!(
        listed.as_array().expect("invitations").len(),
        WRITERS * INVITES
    );
}

#[test]
fn a_holder_that_keeps_the_store_past_the_wait_is_named_by_its_pid() {
    let store = populated();
    let held = Store::open(&store.path(), OpenMode::MustExist).expect("the test holds the store");
    let run = store.run_as(OWNER, &["--wait", "1", "member", "list"]);
    unavailable(run, &store.path())
        .says(&format!("process {}", std::process::id()))
        .says("waited 1 s");
    // The bound also comes from the environment.
    let mut command = store.command();
    command.env("TEAMDESK_WAIT", "0.5").args(["doctor"]);
    unavailable(support::finish(command, "doctor", None), &store.path()).says("waited 0.5 s");
    drop(held);
}

#[test]
fn a_command_waits_for_a_holder_that_lets_go_in_time() {
    let store = populated();
    let held = Store::open(&store.path(), OpenMode::MustExist).expect("the test holds the store");
    let mut waiting = store.command();
    waiting
        .args([
            "--wait",
            "60",
            "--as",
            OWNER,
            "invite",
            "add",
            "cara@bondi.example",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = waiting.spawn().expect("the binary starts");
    // Give the command time to find the store held; how long does not matter.
    std::thread::sleep(Duration::from_millis(300));
    drop(held);
    let output = child.wait_with_output().expect("the command ends");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    store.assert_sound();
}

#[test]
fn sleds_own_lock_on_its_data_file_counts_as_in_use_and_is_waited_for() {
    let store = populated();
    // What a just-closed sled's background threads do for a moment: keep
    // the lock on its data file while the store's own lock is free.
    let data_file =
        std::fs::File::open(store.path().join("data").join("db")).expect("sled's data file");
    data_file.lock().expect("the lock on sled's data file");
    unavailable(store.run(&["--wait", "0.5", "doctor"]), &store.path())
        .says("in use")
        .says("waited 0.5 s");

    let mut waiting = store.command();
    waiting
        .args(["--wait", "60", "doctor"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = waiting.spawn().expect("the binary starts");
    // Give the command time to find sled's file locked; how long does not matter.
    std::thread::sleep(Duration::from_millis(300));
    drop(data_file);
    let output = child.wait_with_output().expect("the command ends");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

// ---- paths that are not UTF-8 --------------------------------------------

#[test]
fn paths_that_are_not_utf8_get_a_sentence_not_a_panic() {
    let store = populated();
    let bad = |name: &[u8]| store.scratch().join(OsStr::from_bytes(name));
    let missing_store = bad(b"bad\xff");
    let body = bad(b"body\xff.txt");
    let dump = bad(b"dump\xff.json");
    let db = store.path();
    let cases: [(Vec<&OsStr>, i32); 5] = [
        (
            vec![
                OsStr::new("--db"),
                missing_store.as_os_str(),
                OsStr::new("doctor"),
            ],
            7,
        ),
        (
            vec![
                OsStr::new("--db"),
                missing_store.as_os_str(),
                OsStr::new("--as"),
                OsStr::new(OWNER),
                OsStr::new("member"),
                OsStr::new("list"),
            ],
            7,
        ),
        (
            vec![
                OsStr::new("--db"),
                db.as_os_str(),
                OsStr::new("--as"),
                OsStr::new(OWNER),
                OsStr::new("template"),
                OsStr::new("add"),
                OsStr::new("Note"),
                OsStr::new("--body-file"),
                body.as_os_str(),
            ],
            6,
        ),
        (
            vec![
                OsStr::new("--db"),
                missing_store.as_os_str(),
                OsStr::new("import"),
                dump.as_os_str(),
            ],
            6,
        ),
        (
            vec![
                OsStr::new("--db"),
                missing_store.as_os_str(),
                OsStr::new("account"),
                OsStr::new("create"),
                OsStr::new(OWNER),
                OsStr::new("--name"),
                OsStr::new("Olivia"),
            ],
            0,
        ),
    ];
    for (args, code) in cases {
        let run = store.run_os(&args, None);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        let run = run.fails(code);
        if code != 0 {
            assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
        }
    }
    // The store made at the path that is not UTF-8 works.
    let run = store.run_os(
        &[
            OsStr::new("--db"),
            missing_store.as_os_str(),
            OsStr::new("doctor"),
        ],
        None,
    );
    run.ok();
}

// ---- input is bounded, and read before the store is taken ---------------

#[test]
fn an_endless_body_file_is_refused_after_reading_one_byte_over_the_limit() {
    let store = populated();
    // Reading /dev/zero to its end would exhaust this limit long before memory.
    let mut command = Command::new("sh");
    command
        .args([
            "-c",
            "ulimit -v 4000000; exec \"$0\" \"$@\"",
            support::binary(),
        ])
        .args([
            "--as",
            OWNER,
            "template",
            "add",
            "Endless",
            "--body-file",
            "/dev/zero",
        ]);
    store.environ(&mut command);
    support::finish(command, "template add --body-file /dev/zero", None)
        .fails(6)
        .says("/dev/zero holds more than 65536 bytes");
    store
        .run_as(OWNER, &["template", "show", "Endless"])
        .fails(4);
}

/// The number of the `read` system call, for spotting a process blocked on stdin.
fn read_syscall() -> Option<&'static str> {
    if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        Some("0")
    } else if cfg!(all(target_os = "linux", target_arch = "aarch64")) {
        Some("63")
    } else {
        None
    }
}

/// Waits until `child` is blocked reading its stdin.
fn wait_until_reading_stdin(child: &Child, read: &str) {
    let started = Instant::now();
    let syscall = format!("/proc/{}/syscall", child.id());
    loop {
        let text = std::fs::read_to_string(&syscall).unwrap_or_default();
        let mut fields = text.split_whitespace();
        if fields.next() == Some(read) && fields.next() == Some("0x0") {
            return;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the command never read its stdin"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Starts the binary with `args` and a stdin that stays open; once it is
/// blocked reading it, runs `meanwhile`, then sends `input` and expects success.
fn while_it_reads_stdin(
    store: &support::Store,
    args: &[&OsStr],
    input: &[u8],
    meanwhile: impl FnOnce(),
) {
    let Some(read) = read_syscall() else {
        return skipped("spotting a blocked read needs Linux on x86_64 or aarch64");
    };
    let mut command = store.command();
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the binary starts");
    wait_until_reading_stdin(&child, read);
    meanwhile();
    let mut stdin = child.stdin.take().expect("stdin");
    std::io::Write::write_all(&mut stdin, input).expect("the input is sent");
    drop(stdin);
    let output = child.wait_with_output().expect("the command ends");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_body_from_stdin_is_read_before_the_store_is_taken() {
    let store = populated();
    let args = [
        "--as",
        OWNER,
        "template",
        "add",
        "Piped",
        "--body-file",
        "-",
    ]
    .map(OsStr::new);
    while_it_reads_stdin(&store, &args, b"Subjective:\n", || {
        // While it waits for its input, the store is free for others.
        store.run_as(OWNER, &["--wait", "0", "member", "list"]).ok();
    });
    store
        .run_as(OWNER, &["template", "show", "Piped"])
        .ok()
        .says("Subjective");
}

#[test]
fn an_import_is_read_before_the_store_is_made() {
    let source = populated();
    let dump = source.export().to_string();
    let store = support::Store::new();
    let args = ["import", "-"].map(OsStr::new);
    while_it_reads_stdin(&store, &args, dump.as_bytes(), || {
        assert!(
            !store.path().exists(),
            "the store was made before the import was read"
        );
    });
    assert_eq!(store.export(), source.export());
}
