//! R3: no working invitation link at rest. Every token a command printed is
//! searched for, byte by byte, in every file the install keeps (the store's
//! sled files, its lock and holder files, the configuration and link key) and
//! in an export: after delivery, after a revoke and after an accept, and for
//! an email still waiting for its server. Only the delivered emails, in the
//! folder beside the store, hold links: they are the mailbox, not the store.

mod smtp;
mod support;

use std::path::{Path, PathBuf};

use support::{Store, token_of};

const OWNER: &str = "olivia@bondi.example";

/// Every file under `dir`, with its bytes, except under `skip`.
fn files_under(dir: &Path, skip: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path == skip {
            continue;
        }
        let metadata = std::fs::symlink_metadata(&path).expect("an entry");
        if metadata.is_dir() {
            for entry in std::fs::read_dir(&path).expect("a directory") {
                pending.push(entry.expect("an entry").path());
            }
        } else if metadata.is_file() {
            found.push((path.clone(), std::fs::read(&path).expect("a file")));
        }
    }
    found
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Fails naming the first place that keeps one of `links`.
fn assert_no_link_at_rest(store: &Store, links: &[String], when: &str) {
    let export = store.run(&["export"]).ok().stdout;
    let files = files_under(store.scratch(), &store.mail_dir());
    assert!(
        files.iter().any(|(path, _)| path.starts_with(store.path())),
        "the store's files were searched"
    );
    for link in links {
        let token = token_of(link);
        assert!(!export.contains(token), "{when}: the export holds {link}");
        for (path, bytes) in &files {
            assert!(
                !holds(bytes, token),
                "{when}: {} holds the link {link}",
                path.display()
            );
        }
    }
}

#[test]
fn no_working_link_stays_at_rest_after_delivery_revoke_or_accept() {
    let mut store = Store::new();
    store.at("2026-03-01T09:00:00Z");
    store.team(OWNER, "Olivia Owner", "Bondi Family Practice");
    store.account("tom@mail.example", "Tom", "free");
    let links: Vec<String> = ["tom@mail.example", "ana@mail.example", "ben@mail.example"]
        .iter()
        .map(|email| store.invite(OWNER, email, "member"))
        .collect();
    // An email whose server is down: queued, its link derived only when sent.
    let down = format!("smtp://127.0.0.1:{}", smtp::free_port());
    let waiting = store
        .run_as(
            OWNER,
            &[
                "--json",
                "--smtp",
                &down,
                "invite",
                "add",
                "cat@mail.example",
            ],
        )
        .ok()
        .json();
    assert_eq!(waiting[0]["delivery"]["status"], "queued", "{waiting}");
    let mut all = links.clone();
    all.push(waiting[0]["link"].as_str().expect("a link").to_owned());

    // The delivered emails are where the links are.
    let mailbox = store.mailbox();
    assert_eq!(mailbox.len(), 3);
    for (email, link) in mailbox.iter().zip(&links) {
        assert!(email.text.contains(link.as_str()));
    }
    assert_no_link_at_rest(&store, &all, "after delivery");

    store.at("2026-03-02T09:00:00Z");
    store
        .run_as(OWNER, &["invite", "revoke", "ana@mail.example"])
        .ok();
    assert_no_link_at_rest(&store, &all, "after a revoke");

    store.run_as("tom@mail.example", &["join", &links[0]]).ok();
    assert_no_link_at_rest(&store, &all, "after an accept");

    // Resending makes a new link, which is no more at rest than the others.
    let resent = store
        .run_as(OWNER, &["--json", "invite", "resend", "ben@mail.example"])
        .ok()
        .json();
    all.push(resent["link"].as_str().expect("a link").to_owned());
    assert_no_link_at_rest(&store, &all, "after a resend");
    store.assert_sound();
}

#[test]
fn commands_that_make_no_link_leave_the_link_key_alone() {
    let store = Store::new();
    store.team(OWNER, "Olivia Owner", "Bondi Family Practice");
    store.run_as(OWNER, &["member", "list"]).ok();
    store.run(&["doctor"]).ok();
    let key = store.scratch().join("link.key");
    assert!(!key.exists(), "no link was made, so no key was needed");
    store.invite(OWNER, "tom@mail.example", "member");
    assert!(key.exists(), "the first link made the install's key");
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&key).expect("the key").permissions()
        ) & 0o777,
        0o600
    );
}

#[test]
fn after_the_key_is_rotated_a_waiting_email_says_to_resend_and_sent_links_still_work() {
    let mut store = Store::new();
    store.at("2026-03-01T09:00:00Z");
    store.team(OWNER, "Olivia Owner", "Bondi Family Practice");
    store.account("tom@mail.example", "Tom", "free");
    let sent = store.invite(OWNER, "tom@mail.example", "member");
    let down = format!("smtp://127.0.0.1:{}", smtp::free_port());
    store
        .run_as(
            OWNER,
            &["--smtp", &down, "invite", "add", "ana@mail.example"],
        )
        .ok();
    store.run(&["link-key", "rotate"]).ok().says("resend");
    store
        .run_as("tom@mail.example", &["link-key", "rotate"])
        .fails(3);

    store.at("2026-03-01T10:00:00Z");
    let tried = store.run(&["--json", "outbox", "send"]).ok().json();
    assert_eq!(tried[0]["status"], "failed", "{tried}");
    assert!(
        tried[0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("resend the invitation")),
        "{tried}"
    );
    store.run_as("tom@mail.example", &["join", &sent]).ok();
}
