//! SSH keys on accounts, through the real binary: the operator registers,
//! lists and removes them; a key signs in as one account only; what is not
//! one public key of an accepted type is refused as invalid input without
//! repeating it; every change is audited as the operator's; `export` and
//! `import` carry the keys and their index; and the lookup `teamdesk serve`
//! will make finds the account a key signs in as. Keys are made with the
//! real `ssh-keygen`.

mod support;

use std::sync::Arc;

use serde_json::{Value, json};
use support::{KeyPair, Store};
use teamdesk::sources::SystemClock;
use teamdesk::store::OpenMode;
use teamdesk::workspace::{Settings, Workspace};

const ANA: &str = "ana@bondi.example";
const TOM: &str = "tom@bondi.example";

/// A store with two accounts and no keys.
fn store() -> Store {
    let mut store = Store::new();
    store.at("2026-03-01T09:00:00Z");
    store.account(ANA, "Ana Lima", "free");
    store.account(TOM, "Tom Nguyen", "free");
    store
}

fn keys_of(store: &Store, email: &str) -> Value {
    store.run(&["--json", "account", "keys", email]).ok().json()
}

/// The key audit entries of the store, oldest first: (action, target, details, actor).
fn key_audit(store: &Store) -> Vec<(String, String, String, String)> {
    let dump = store.export();
    let mut entries: Vec<&Value> = dump["audit"]
        .as_array()
        .expect("an audit list")
        .iter()
        .filter(|entry| {
            entry["action"]
                .as_str()
                .is_some_and(|action| action.starts_with("account.key_"))
        })
        .collect();
    entries.sort_by_key(|entry| entry["at"].as_str().map(str::to_owned));
    entries
        .into_iter()
        .map(|entry| {
            let text = |field: &str| entry[field].as_str().unwrap_or_default().to_owned();
            // The detail is typed: the key's fingerprint.
            let fingerprint = entry["details"]["key"]["fingerprint"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            (
                text("action"),
                text("target"),
                fingerprint,
                text("actor_email"),
            )
        })
        .collect()
}

#[test]
fn the_operator_adds_lists_and_removes_keys_and_each_change_is_audited() {
    let mut store = store();
    let laptop = KeyPair::new(&store, "laptop", &["ed25519"]);
    let desktop = KeyPair::new(&store, "desktop", &["ecdsa", "-b", "384"]);

    store
        .run(&[
            "account",
            "add-key",
            ANA,
            "--key-file",
            laptop.public_path(),
        ])
        .ok()
        .says("Registered the ssh-ed25519 key")
        .says(&laptop.fingerprint())
        .says("(laptop@laptop)");
    store.at("2026-03-01T09:01:00Z");
    let added = store
        .run(&[
            "--json",
            "account",
            "add-key",
            ANA,
            "--key",
            &desktop.public_line(),
        ])
        .ok()
        .json();
    let desktop_key = json!({
        "algorithm": "ecdsa-sha2-nistp384",
        "fingerprint": desktop.fingerprint(),
        "comment": "desktop@laptop",
    });
    assert_eq!(added, json!({ "email": ANA, "added": desktop_key }));

    let listed = store.run(&["account", "keys", ANA]).ok();
    let lines: Vec<&str> = listed.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "a header and a line per key: {}",
        listed.stdout
    );
    assert!(lines[0].starts_with("TYPE"), "{}", listed.stdout);
    for (line, key, kind) in [
        (lines[1], &laptop, "ssh-ed25519"),
        (lines[2], &desktop, "ecdsa-sha2-nistp384"),
    ] {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields[..2], [kind, key.fingerprint().as_str()], "{line}");
    }
    let laptop_key = json!({
        "algorithm": "ssh-ed25519",
        "fingerprint": laptop.fingerprint(),
        "comment": "laptop@laptop",
    });
    assert_eq!(keys_of(&store, ANA), json!([laptop_key, desktop_key]));
    assert_eq!(keys_of(&store, TOM), json!([]));

    store.at("2026-03-01T09:02:00Z");
    store
        .run(&[
            "account",
            "remove-key",
            ANA,
            "--fingerprint",
            &laptop.fingerprint(),
        ])
        .ok()
        .says("Removed the ssh-ed25519 key");
    store.at("2026-03-01T09:03:00Z");
    let removed = store
        .run(&[
            "--json",
            "account",
            "remove-key",
            ANA,
            "--key",
            &desktop.public_line(),
        ])
        .ok()
        .json();
    assert_eq!(removed, json!({ "email": ANA, "removed": desktop_key }));
    assert_eq!(keys_of(&store, ANA), json!([]));

    let operator = |action: &str, key: &KeyPair| {
        (
            action.to_owned(),
            ANA.to_owned(),
            key.fingerprint(),
            "operator".to_owned(),
        )
    };
    assert_eq!(
        key_audit(&store),
        [
            operator("account.key_add", &laptop),
            operator("account.key_add", &desktop),
            operator("account.key_remove", &laptop),
            operator("account.key_remove", &desktop),
        ]
    );
    store.assert_sound();
}

#[test]
fn a_key_file_may_come_on_standard_input() {
    let store = store();
    let laptop = KeyPair::new(&store, "laptop", &["ed25519"]);
    let line = format!("{}\n", laptop.public_line());
    store
        .run_with_input(
            &["account", "add-key", ANA, "--key-file", "-"],
            Some(line.as_bytes()),
        )
        .ok();
    assert_eq!(keys_of(&store, ANA)[0]["fingerprint"], laptop.fingerprint());
}

#[test]
fn a_key_signs_in_as_one_account_only() {
    let store = store();
    let laptop = KeyPair::new(&store, "laptop", &["ed25519"]);
    store
        .run(&[
            "account",
            "add-key",
            ANA,
            "--key-file",
            laptop.public_path(),
        ])
        .ok();
    let before = store.export();
    store
        .run(&[
            "account",
            "add-key",
            TOM,
            "--key-file",
            laptop.public_path(),
        ])
        .fails(5)
        .says("key is registered to another account")
        .never_says(ANA)
        .never_says("Ana");
    store
        .run(&["account", "add-key", ANA, "--key", &laptop.public_line()])
        .fails(5)
        .says("already registered");
    assert_eq!(store.export(), before, "a refused key changed the store");
}

#[test]
fn rsa_keys_private_keys_and_garbage_are_refused_as_invalid_input() {
    let store = store();
    let rsa = KeyPair::new(&store, "old", &["rsa", "-b", "2048"]);
    let laptop = KeyPair::new(&store, "laptop", &["ed25519"]);
    let before = store.export();
    let add = |args: &[&str], input: Option<&[u8]>| {
        let mut full = vec!["account", "add-key", ANA];
        full.extend_from_slice(args);
        let run = store.run_with_input(&full, input).fails(6);
        assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
        run
    };

    add(&["--key-file", rsa.public_path()], None)
        .says("RSA keys are not accepted")
        .says("ssh-ed25519");

    let private = std::fs::read_to_string(&laptop.private).expect("the private key");
    let secret_lines: Vec<&str> = private
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let private_path = laptop.private.to_str().expect("a UTF-8 path");
    for run in [
        add(&["--key-file", private_path], None),
        add(&["--key-file", "-"], Some(private.as_bytes())),
        add(&["--key", &private], None),
    ] {
        let mut run = run.says("is a private key").says(".pub");
        for line in &secret_lines {
            run = run.never_says(line);
        }
    }

    let two = store.file(
        "two.pub",
        &format!("{}\n{}\n", laptop.public_line(), rsa.public_line()),
    );
    add(&["--key-file", &two], None).says("one public key at a time");
    let empty = store.file("empty.pub", "");
    add(&["--key-file", &empty], None).says("key was given");
    add(&["--key", "not a key at all"], None).says("not an OpenSSH public key");
    let escaped = format!("{} evil\u{1b}]0;owned\u{7}", laptop.public_line());
    add(&["--key", &escaped], None).says("U+001B, a control character");

    store
        .run(&[
            "account",
            "remove-key",
            ANA,
            "--fingerprint",
            "SHA256:short",
        ])
        .fails(6)
        .says("SHA256:");
    assert_eq!(store.export(), before, "a refused key changed the store");
}

#[test]
fn an_unknown_account_or_key_is_not_found() {
    let store = store();
    let laptop = KeyPair::new(&store, "laptop", &["ed25519"]);
    let nobody = "nobody@bondi.example";
    store
        .run(&[
            "account",
            "add-key",
            nobody,
            "--key-file",
            laptop.public_path(),
        ])
        .fails(4)
        .says("no account with the address nobody@bondi.example");
    store.run(&["account", "keys", nobody]).fails(4);
    store
        .run(&[
            "account",
            "remove-key",
            ANA,
            "--fingerprint",
            &laptop.fingerprint(),
        ])
        .fails(4)
        .says("key with the fingerprint");
    store
        .run(&[
            "account",
            "remove-key",
            nobody,
            "--key",
            &laptop.public_line(),
        ])
        .fails(4);
}

#[test]
fn export_and_import_carry_the_keys_and_their_index() {
    let store = store();
    let laptop = KeyPair::new(&store, "laptop", &["ed25519"]);
    store
        .run(&[
            "account",
            "add-key",
            ANA,
            "--key-file",
            laptop.public_path(),
        ])
        .ok();
    let dump = store.file("dump.json", &store.export().to_string());

    let restored = Store::new();
    restored.run(&["import", &dump]).ok();
    restored.assert_sound();
    assert_eq!(keys_of(&restored, ANA), keys_of(&store, ANA));
    // The index came back with the records: the key is still Ana's alone.
    restored
        .run(&[
            "account",
            "add-key",
            TOM,
            "--key-file",
            laptop.public_path(),
        ])
        .fails(5)
        .says("registered to another account");
    let workspace = open(&restored);
    let holder = workspace
        .account_for_key(&laptop.fingerprint())
        .expect("the lookup reads the store")
        .expect("the key signs in as an account");
    assert_eq!(holder.email, ANA);
}

/// The workspace on a store, as `teamdesk serve` will open it.
fn open(store: &Store) -> Workspace {
    Workspace::open(
        &store.path(),
        OpenMode::MustExist,
        Arc::new(SystemClock),
        Settings::default(),
    )
    .expect("the store opens")
}

#[test]
fn the_server_finds_the_account_a_key_signs_in_as_and_no_other() {
    let store = store();
    let laptop = KeyPair::new(&store, "laptop", &["ed25519"]);
    let stranger = KeyPair::new(&store, "stranger", &["ed25519"]);
    store
        .run(&[
            "account",
            "add-key",
            ANA,
            "--key-file",
            laptop.public_path(),
        ])
        .ok();
    {
        let workspace = open(&store);
        let holder = workspace.account_for_key(&laptop.fingerprint()).unwrap();
        let holder = holder.expect("Ana's key finds Ana");
        assert_eq!(
            (holder.email.as_str(), holder.name.as_str()),
            (ANA, "Ana Lima")
        );
        assert_eq!(
            workspace.account_for_key(&stranger.fingerprint()).unwrap(),
            None
        );
    }

    // A damaged index pointing the key at Tom signs nobody in as Tom.
    let tom = support::uuid_bytes(
        &store.export()["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .find(|account| account["email"] == TOM)
            .expect("Tom's account")["id"],
    );
    store.sled("data", |db| {
        db.open_tree("account_by_key")
            .expect("the key index")
            .insert(laptop.fingerprint().as_bytes(), tom)
            .expect("the entry is overwritten");
    });
    let workspace = open(&store);
    assert_eq!(
        workspace.account_for_key(&laptop.fingerprint()).unwrap(),
        None
    );
    drop(workspace);
    store
        .run(&["doctor"])
        .fails(1)
        .says("account_by_key")
        .says("wrong record");
}
