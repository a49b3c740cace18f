//! Store robustness through the real binary (SPEC §5, §6): a store in use,
//! damaged, newer or not a store at all is refused with exit 7 and a clear
//! sentence; export and import round-trip and refuse what would break an
//! invariant; `doctor` notices damaged indexes.
//!
//! Damage is done with the `sled` crate directly on `<store>/data`, with the
//! store closed, the way a bad disk or a stray tool would.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

const OWNER: &str = "olivia@bondi.example";
const OTHER_OWNER: &str = "marco@manly.example";
const JOINER: &str = "tom@bondi.example";

/// Asserts a refusal because the store is unavailable: exit 7, one plain
/// sentence on stderr, no panic, no debug text.
#[track_caller]
fn unavailable(run: support::Run) -> support::Run {
    assert!(
        !run.stderr.contains("panicked"),
        "teamdesk panicked:\n{}",
        run.stderr
    );
    let run = run.fails(7);
    assert_eq!(
        run.stderr.trim().lines().count(),
        1,
        "the refusal is one sentence:\n{}",
        run.stderr
    );
    // No storage engine debug text, no bare OS error.
    run.never_says("None")
        .never_says("Some(")
        .never_says("os error")
}

/// A store with a team, a joined member and two pending invitations.
fn basic() -> support::Store {
    let store = support::Store::new();
    store.account(OWNER, "Olivia Owner", "pro");
    store.run_as(OWNER, &["team", "create", "Bondi"]).ok();
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
    store.assert_sound();
    store
}

/// [`basic`], on a Clinic trial with a template, and a second team.
fn populated() -> support::Store {
    let store = basic();
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    let body = store.scratch().join("template.txt");
    std::fs::write(&body, "Subjective:\n\tObjective:\n").expect("a template body");
    store
        .run_as(
            OWNER,
            &[
                "template",
                "add",
                "SOAP note",
                "--body-file",
                body.to_str().expect("a UTF-8 path"),
            ],
        )
        .ok();
    store.account(OTHER_OWNER, "Marco Owner", "pro");
    store.run_as(OTHER_OWNER, &["team", "create", "Manly"]).ok();
    store.assert_sound();
    store
}

fn export(store: &support::Store) -> Value {
    store.run(&["export"]).ok().json()
}

fn record<'a>(dump: &'a Value, list: &str, field: &str, value: &str) -> &'a Value {
    dump[list]
        .as_array()
        .expect("a list")
        .iter()
        .find(|item| item[field] == value)
        .unwrap_or_else(|| panic!("no {list} entry with {field} = {value}"))
}

/// Every file under `dir` with its contents, to show nothing was touched.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            files.insert(path.clone(), None);
            for entry in std::fs::read_dir(&path).expect("a readable directory") {
                pending.push(entry.expect("a directory entry").path());
            }
        } else {
            files.insert(path.clone(), Some(std::fs::read(&path).expect("a file")));
        }
    }
    files
}

// ---- a store in use ------------------------------------------------------

#[test]
fn a_store_in_use_is_refused_naming_the_process_that_holds_it() {
    let store = support::Store::new();
    store.account(OWNER, "Olivia Owner", "pro");

    let held = teamdesk::store::Store::open(&store.path(), teamdesk::store::OpenMode::MustExist)
        .expect("the test opens the store");
    let pid = std::process::id().to_string();
    // Waiting for the holder has its own tests (store_faults.rs): these give up at once.
    for args in [
        &["--wait", "0", "doctor"][..],
        &["--wait", "0", "--as", OWNER, "account", "show"],
        &[
            "--wait",
            "0",
            "account",
            "create",
            "tom@bondi.example",
            "--name",
            "Tom",
        ],
    ] {
        unavailable(store.run(args))
            .says("in use")
            .says(&format!("process {pid}"))
            .says("close that teamdesk first");
    }
    let run = unavailable(store.run(&["--wait", "0", "--json", "doctor"]));
    let error: Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error");
    assert_eq!(error["exit_code"], 7);
    assert!(
        error["error"].as_str().expect("a message").contains(&pid),
        "the JSON error names the holder: {error}"
    );

    drop(held);
    store.run_as(OWNER, &["account", "show"]).ok();
    store.assert_sound();
}

#[test]
fn a_lock_left_by_a_dead_process_does_not_block_the_store() {
    let store = support::Store::new();
    store.account(OWNER, "Olivia Owner", "pro");
    // What a killed holder leaves behind: its record, but no lock on the file.
    let stale = json!({
        "pid": 999_999_999u32,
        "command": "teamdesk serve",
        "since": "2026-03-01T09:00:00Z"
    });
    std::fs::write(store.path().join("lock"), stale.to_string()).expect("a stale lock file");
    store.run_as(OWNER, &["account", "show"]).ok();
    store.assert_sound();
}

// ---- damaged and newer stores --------------------------------------------

#[test]
fn garbage_over_the_database_file_is_refused_as_damage() {
    let store = basic();
    let db = store.path().join("data").join("db");
    let length = std::fs::metadata(&db).expect("sled's data file").len();
    let garbage: Vec<u8> = (0..length).map(|i| (i * 131 % 251) as u8).collect();
    std::fs::write(&db, garbage).expect("garbage over the data file");
    for args in [
        &["doctor"][..],
        &["export"],
        &["--as", OWNER, "member", "list"],
    ] {
        unavailable(store.run(args)).says("damaged");
    }
}

#[test]
fn a_truncated_database_file_is_refused_as_damage() {
    let store = basic();
    let db = store.path().join("data").join("db");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .expect("sled's data file");
    file.set_len(2000).expect("the data file is cut short");
    drop(file);
    unavailable(store.run(&["doctor"])).says("damaged");
}

#[test]
fn a_damaged_snapshot_is_refused_as_damage() {
    let store = basic();
    let data = store.path().join("data");
    let mut damaged = 0;
    for entry in std::fs::read_dir(&data).expect("the data directory") {
        let path = entry.expect("an entry").path();
        let is_snapshot = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("snap."));
        if is_snapshot {
            let length = std::fs::metadata(&path).expect("a snapshot").len() as usize;
            std::fs::write(&path, vec![0x5a; length]).expect("garbage over the snapshot");
            damaged += 1;
        }
    }
    assert!(damaged > 0, "sled keeps a snapshot in {}", data.display());
    unavailable(store.run(&["doctor"])).says("damaged");
}

#[test]
fn a_record_with_an_unknown_format_is_refused_as_damage() {
    let store = basic();
    store.sled("data", |db| {
        let accounts = db.open_tree("accounts").expect("the accounts tree");
        let (key, value) = accounts
            .first()
            .expect("readable")
            .expect("an account record");
        let mut damaged = value.to_vec();
        damaged[0] = 0;
        accounts
            .insert(key, damaged)
            .expect("the record is overwritten");
    });
    for args in [
        &["doctor"][..],
        &["export"],
        &["--as", OWNER, "account", "show"],
    ] {
        unavailable(store.run(args))
            .says("damaged")
            .says("unknown format 0");
    }
}

#[test]
fn a_record_written_by_a_newer_teamdesk_is_refused() {
    let store = basic();
    store.sled("data", |db| {
        let teams = db.open_tree("teams").expect("the teams tree");
        let (key, value) = teams.first().expect("readable").expect("a team record");
        let mut newer = value.to_vec();
        newer[0] = 9;
        teams.insert(key, newer).expect("the record is overwritten");
    });
    for args in [&["doctor"][..], &["export"]] {
        unavailable(store.run(args)).says("newer teamdesk");
    }
}

fn schema(store: &support::Store) -> Option<Vec<u8>> {
    store.sled("data", |db| {
        db.open_tree("meta")
            .expect("the meta tree")
            .get("schema")
            .expect("readable")
            .map(|value| value.to_vec())
    })
}

fn set_schema(store: &support::Store, value: &[u8]) {
    store.sled("data", |db| {
        db.open_tree("meta")
            .expect("the meta tree")
            .insert("schema", value)
            .expect("the schema is overwritten");
    });
}

#[test]
fn a_store_with_a_newer_schema_is_refused_and_left_as_it_is() {
    let store = basic();
    let current = teamdesk::store::SCHEMA_VERSION;
    assert_eq!(schema(&store), Some(current.to_be_bytes().to_vec()));
    set_schema(&store, &99u32.to_be_bytes());
    for args in [
        &["doctor"][..],
        &["export"],
        &["--as", OWNER, "invite", "add", "new@bondi.example"],
    ] {
        unavailable(store.run(args))
            .says("newer teamdesk")
            .says("format 99");
    }
    assert_eq!(
        schema(&store),
        Some(99u32.to_be_bytes().to_vec()),
        "a refused store keeps the version a newer teamdesk wrote"
    );
}

#[test]
fn an_unreadable_or_unknown_schema_version_is_refused_as_damage() {
    let store = basic();
    set_schema(&store, b"\x01\x02");
    unavailable(store.run(&["doctor"]))
        .says("damaged")
        .says("schema version");
    set_schema(&store, &0u32.to_be_bytes());
    unavailable(store.run(&["doctor"]))
        .says("damaged")
        .says("schema version 0");
}

// ---- directories that are not stores -------------------------------------

#[test]
fn a_directory_of_other_files_is_refused_and_left_untouched() {
    let store = support::Store::new();
    let cases: [(&str, &[(&str, &str)]); 3] = [
        (
            "notes",
            &[("notes.txt", "call the lab"), ("photos/a.jpg", "jpeg")],
        ),
        // A project directory that happens to have a `data` folder.
        (
            "project",
            &[
                ("README.md", "# project"),
                ("data/visits.csv", "date,count\n"),
            ],
        ),
        // ... or an unrelated file named `lock`.
        (
            "scripts",
            &[("lock", "do not run twice"), ("run.sh", "echo")],
        ),
    ];
    for (name, files) in cases {
        let dir = store.scratch().join(name);
        for (path, content) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
            std::fs::write(&path, content).expect("a file");
        }
        let before = snapshot(&dir);
        let dir_arg = dir.to_str().expect("a UTF-8 path");
        for args in [
            &["--db", dir_arg, "doctor"][..],
            &[
                "--db", dir_arg, "account", "create", OWNER, "--name", "Olivia",
            ],
        ] {
            unavailable(store.run(args)).says("not a teamdesk store");
        }
        assert_eq!(snapshot(&dir), before, "{name} was modified");
    }
}

#[test]
fn a_file_where_the_store_should_be_is_refused() {
    let store = support::Store::new();
    let file = store.scratch().join("store.txt");
    std::fs::write(&file, "not a directory").expect("a file");
    unavailable(store.run(&["--db", file.to_str().expect("a UTF-8 path"), "doctor"]));
    assert_eq!(
        std::fs::read_to_string(&file).expect("the file"),
        "not a directory"
    );
}

// ---- export and import ---------------------------------------------------

fn write_dump(store: &support::Store, name: &str, dump: &Value) -> String {
    let path = store.scratch().join(name);
    std::fs::write(&path, serde_json::to_string_pretty(dump).expect("JSON")).expect("a dump");
    path.to_str().expect("a UTF-8 path").to_owned()
}

fn assert_empty(store: &support::Store) {
    let dump = export(store);
    for list in [
        "accounts",
        "teams",
        "memberships",
        "invitations",
        "templates",
        "audit",
        "outbox",
    ] {
        assert_eq!(dump[list], json!([]), "{list} stays empty");
    }
}

#[test]
fn export_then_import_into_a_fresh_store_gives_the_same_records() {
    let source = populated();
    let dump = export(&source);
    assert_eq!(dump["teams"].as_array().expect("teams").len(), 2);
    assert_eq!(dump["templates"].as_array().expect("templates").len(), 1);
    let file = write_dump(&source, "dump.json", &dump);

    let target = support::Store::new();
    target.run(&["import", &file]).ok();
    target.assert_sound();
    assert_eq!(export(&target), dump, "the import holds exactly the export");

    // The restored store works: lookups go through the rebuilt indexes.
    let members = target
        .run_as(OWNER, &["--json", "member", "list"])
        .ok()
        .json();
    assert_eq!(members.as_array().expect("members").len(), 2);
    target
        .run_as(OWNER, &["invite", "add", "ana@bondi.example"])
        .fails(5)
        .says("resend");
    target
        .run_as(OWNER, &["template", "show", "SOAP note"])
        .ok()
        .says("Subjective");
}

/// An export written before audit details were typed values (format 2,
/// each entry's details an English sentence): teamdesk's own, made by
/// accounts, a team and its plan, invitations and joining, templates,
/// billing, settings, a transfer, leaving, a removal and delivered emails.
const EXPORT_FORMAT_2: &str = include_str!("fixtures/export-format-2.json");

#[test]
fn an_export_from_before_typed_details_imports_keeping_each_sentence() {
    let old: Value = serde_json::from_str(EXPORT_FORMAT_2).expect("the fixture is JSON");
    assert_eq!(old["format"], 2);
    let old_audit = old["audit"].as_array().expect("audit entries");
    let mut store = support::Store::new();
    // Just after the export was made, so that no period starts meanwhile.
    store.at("2026-04-03T12:00:00Z");
    let file = store.file("format-2.json", EXPORT_FORMAT_2);
    store.run(&["import", &file]).ok();
    store.assert_sound();

    // The log reads each sentence as it was written.
    let sentences = |entries: &[Value]| {
        let mut sentences: Vec<String> = entries
            .iter()
            .map(|entry| entry["details"].as_str().expect("a sentence").to_owned())
            .collect();
        sentences.sort_unstable();
        sentences
    };
    let team = &old["teams"][0]["id"];
    let of_team: Vec<Value> = old_audit
        .iter()
        .filter(|entry| &entry["team"] == team)
        .cloned()
        .collect();
    assert_eq!(sentences(&store.audit(JOINER)), sentences(&of_team));

    // Exported again, each is a recorded sentence, and that export
    // round-trips.
    let again = export(&store);
    assert_eq!(again["format"], teamdesk::store::dump::DUMP_FORMAT);
    let new_audit = again["audit"].as_array().expect("audit entries");
    assert_eq!(new_audit.len(), old_audit.len());
    for (entry, before) in new_audit.iter().zip(old_audit) {
        assert_eq!(entry["details"], json!({ "recorded": before["details"] }));
    }
    let mut target = support::Store::new();
    target.at("2026-04-03T12:00:00Z");
    let file = write_dump(&store, "again.json", &again);
    target.run(&["import", &file]).ok();
    target.assert_sound();
    assert_eq!(export(&target), again);
}

#[test]
fn import_into_a_store_that_is_not_empty_is_refused_and_changes_nothing() {
    let source = basic();
    let dump = export(&source);
    let file = write_dump(&source, "dump.json", &dump);
    source.run(&["import", &file]).fails(5).says("not empty");
    assert_eq!(export(&source), dump);

    let other = support::Store::new();
    other.account("solo@else.example", "Solo", "free");
    let before = export(&other);
    other.run(&["import", &file]).fails(5).says("not empty");
    assert_eq!(export(&other), before);
}

#[test]
fn import_of_a_dump_that_breaks_an_invariant_imports_nothing() {
    let source = populated();
    let dump = export(&source);
    let tom = record(&dump, "accounts", "email", JOINER)["id"].clone();
    let olivia = record(&dump, "accounts", "email", OWNER)["id"].clone();
    let manly = record(&dump, "teams", "name", "Manly")["id"].clone();

    // One account in two teams.
    let mut two_teams = dump.clone();
    two_teams["memberships"]
        .as_array_mut()
        .expect("memberships")
        .push(json!({
            "team": manly,
            "account": tom,
            "role": "member",
            "joined_at": "2026-03-02T09:00:00Z"
        }));
    // A team with no admin.
    let mut no_admin = dump.clone();
    for membership in no_admin["memberships"].as_array_mut().expect("memberships") {
        if membership["account"] == olivia {
            membership["role"] = json!("member");
        }
    }
    // Two accounts with one address.
    let mut same_address = dump.clone();
    let mut twin = record(&dump, "accounts", "email", JOINER).clone();
    twin["id"] = json!("01a21864-0000-7000-8000-000000000001");
    twin["plan"] = json!("free");
    same_address["accounts"]
        .as_array_mut()
        .expect("accounts")
        .push(twin);

    let target = support::Store::new();
    for (name, broken, says) in [
        ("two-teams.json", two_teams, "two teams"),
        ("no-admin.json", no_admin, "has no admin"),
        ("same-address.json", same_address, "share the address"),
    ] {
        let file = write_dump(&source, name, &broken);
        target
            .run(&["import", &file])
            .fails(6)
            .says("nothing was imported")
            .says(says);
        assert_empty(&target);
    }
}

#[test]
fn import_of_something_that_is_not_an_export_is_refused() {
    let source = basic();
    let dump = export(&source);
    let text = serde_json::to_string(&dump).expect("JSON");
    let target = support::Store::new();

    let truncated = source.scratch().join("truncated.json");
    std::fs::write(&truncated, &text[..text.len() / 2]).expect("a file");
    let not_json = source.scratch().join("notes.txt");
    std::fs::write(&not_json, "accounts: olivia, tom\n").expect("a file");
    let mut newer = dump.clone();
    newer["format"] = json!(teamdesk::store::dump::DUMP_FORMAT + 1);
    let newer = write_dump(&source, "newer.json", &newer);
    let missing = source.scratch().join("missing.json");

    for file in [
        truncated.to_str().expect("a UTF-8 path"),
        not_json.to_str().expect("a UTF-8 path"),
        &newer,
        missing.to_str().expect("a UTF-8 path"),
    ] {
        let run = target.run(&["import", file]).fails(6);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        // A file that is no export is refused before the store is even made.
        if target.path().exists() {
            assert_empty(&target);
        }
    }
}

// ---- doctor finds damaged indexes ----------------------------------------

#[test]
fn doctor_names_an_index_that_lost_an_entry() {
    let store = basic();
    store.sled("data", |db| {
        let index = db
            .open_tree("invitation_by_email")
            .expect("the invitation_by_email tree");
        let mut prefix = b"ana@bondi.example".to_vec();
        prefix.push(0);
        let (key, _) = index
            .scan_prefix(&prefix)
            .next()
            .expect("an entry for ana")
            .expect("readable");
        index.remove(key).expect("the entry is removed");
    });
    store
        .run(&["doctor"])
        .fails(1)
        .says("invitation_by_email")
        .says("missing 1");
}

#[test]
fn doctor_names_an_index_with_a_stale_entry() {
    let store = basic();
    let dump = export(&store);
    let bondi = support::uuid_bytes(&record(&dump, "teams", "name", "Bondi")["id"]);
    store.sled("data", |db| {
        db.open_tree("member_team")
            .expect("the member_team tree")
            .insert([0x42u8; 16], bondi)
            .expect("a stale entry");
    });
    let run = store.run(&["--json", "doctor"]).fails(1);
    let report = run.json();
    let problems: Vec<&str> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p.as_str().expect("a sentence"))
        .collect();
    assert_eq!(
        problems,
        ["index member_team has 1 entries that match no record"]
    );
}

#[test]
fn doctor_finds_a_membership_without_its_index_entry() {
    let store = basic();
    let dump = export(&store);
    let tom = support::uuid_bytes(&record(&dump, "accounts", "email", JOINER)["id"]);
    store.sled("data", |db| {
        let removed = db
            .open_tree("member_team")
            .expect("the member_team tree")
            .remove(tom)
            .expect("removable");
        assert!(removed.is_some(), "tom's membership was indexed");
    });
    store
        .run(&["doctor"])
        .fails(1)
        .says("member_team")
        .says("missing 1");
}

#[test]
fn doctor_finds_an_index_entry_pointing_at_the_wrong_record() {
    let store = basic();
    let dump = export(&store);
    let olivia = support::uuid_bytes(&record(&dump, "accounts", "email", OWNER)["id"]);
    store.sled("data", |db| {
        db.open_tree("account_by_email")
            .expect("the account_by_email tree")
            .insert(JOINER, olivia)
            .expect("the entry is overwritten");
    });
    store
        .run(&["doctor"])
        .fails(1)
        .says("account_by_email")
        .says("wrong record");
}

// ---- schema 1 stores gain the delivery indexes --------------------------

#[test]
fn a_schema_1_store_gains_its_delivery_indexes_when_opened() {
    let store = basic();
    // Nothing listens on port 1: the email stays queued.
    store
        .run_as(
            OWNER,
            &[
                "--smtp",
                "smtp://127.0.0.1:1",
                "invite",
                "add",
                "dan@bondi.example",
            ],
        )
        .ok()
        .says("queued");
    store.sled("data", |db| {
        for index in ["outbox_due", "reminder_due"] {
            db.drop_tree(index).expect("the index is dropped");
        }
        db.open_tree("meta")
            .expect("the meta tree")
            .insert("schema", &1u32.to_be_bytes())
            .expect("the schema is set back");
    });
    store.run(&["doctor"]).ok();
    assert_eq!(
        schema(&store),
        Some(teamdesk::store::SCHEMA_VERSION.to_be_bytes().to_vec())
    );
    let queued = store
        .run(&["--json", "outbox", "list", "--status", "queued"])
        .ok()
        .json();
    assert_eq!(queued[0]["to"], "dan@bondi.example", "{queued}");
    let due = store.sled("data", |db| {
        db.open_tree("outbox_due").expect("the index").len()
    });
    assert_eq!(due, 1, "the queued email is due again");
}

// ---- schema 3 stores gain the SSH key index --------------------------------

/// A store with an SSH key on the joined member's account, set back to
/// schema 3: no key index, and (as a run cut short by a crash might have
/// left it) one stray entry in the index tree.
fn schema_3_with_a_key() -> support::Store {
    let store = basic();
    store
        .run(&[
            "account",
            "add-key",
            JOINER,
            "--key",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGrq2Knz8ACmtIuHf38tC95MmHTQ9h+c+7GPrGlWPPtd tom@laptop",
        ])
        .ok();
    store.sled("data", |db| {
        db.drop_tree("account_by_key")
            .expect("the index is dropped");
        db.open_tree("account_by_key")
            .expect("the index tree")
            .insert("SHA256:stray", &[0u8; 16])
            .expect("a stray entry");
        db.open_tree("meta")
            .expect("the meta tree")
            .insert("schema", &3u32.to_be_bytes())
            .expect("the schema is set back");
    });
    store
}

fn key_index(store: &support::Store) -> Vec<(Vec<u8>, Vec<u8>)> {
    store.sled("data", |db| {
        db.open_tree("account_by_key")
            .expect("the key index")
            .iter()
            .map(|entry| {
                let (key, value) = entry.expect("readable");
                (key.to_vec(), value.to_vec())
            })
            .collect()
    })
}

#[test]
fn a_schema_3_store_gains_its_key_index_when_opened() {
    let store = schema_3_with_a_key();
    store.assert_sound();
    assert_eq!(
        schema(&store),
        Some(teamdesk::store::SCHEMA_VERSION.to_be_bytes().to_vec())
    );
    let tom = support::uuid_bytes(&record(&export(&store), "accounts", "email", JOINER)["id"]);
    assert_eq!(
        key_index(&store),
        [(
            b"SHA256:ZItHQpGq2rOdcGDIG0ub9Fxr/TVMB3CE+H47SkQ/k1g".to_vec(),
            tom
        )]
    );
}

#[test]
fn the_schema_4_migration_builds_the_key_index_alone() {
    let store = schema_3_with_a_key();
    // Damage another index first (with the store still closed, so still at
    // schema 3): a migration that rebuilt every index would mend it.
    store.sled("data", |db| {
        let tom = db
            .open_tree("account_by_email")
            .expect("the account_by_email tree")
            .get(JOINER)
            .expect("readable")
            .expect("tom's account is indexed");
        db.open_tree("member_team")
            .expect("the member_team tree")
            .remove(tom)
            .expect("removable");
    });
    let report = store.run(&["--json", "doctor"]).fails(1).json();
    assert_eq!(
        report["problems"],
        json!(["index member_team is missing 1 entries"])
    );
    assert_eq!(key_index(&store).len(), 1);
}

// ---- a store named relative to the working directory --------------------

#[test]
fn a_store_named_by_a_bare_relative_path_is_made_and_used() {
    let scratch = support::Store::new();
    let run = |args: &[&str]| {
        let mut command = scratch.command();
        command
            .env_remove("TEAMDESK_DB")
            .current_dir(scratch.scratch())
            .args(["--db", "clinic"])
            .args(args);
        support::finish(command, &args.join(" "), None)
    };
    run(&[
        "account",
        "create",
        "olivia@bondi.example",
        "--name",
        "Olivia",
        "--plan",
        "pro",
    ])
    .ok();
    run(&["--as", "olivia@bondi.example", "team", "create", "Bondi"]).ok();
    run(&[
        "--as",
        "olivia@bondi.example",
        "invite",
        "add",
        "tom@bondi.example",
    ])
    .ok()
    .says("email sent");
    assert!(scratch.scratch().join("clinic").join("data").is_dir());
    assert!(
        scratch.scratch().join("clinic.mail").is_dir(),
        "the emails beside it"
    );
    run(&["doctor"]).ok();
}
