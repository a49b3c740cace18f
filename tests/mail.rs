//! Invitation emails delivered for real: to an SMTP server on loopback
//! (aiosmtpd), and as files beside the store when no server is configured.
//! What arrives, what a refusal or an outage does, retries, reminders,
//! Polish emails, resending every expired invitation, and the SMTP password
//! kept out of everything written.

mod smtp;
mod support;

use serde_json::Value;
use smtp::{SmtpServer, free_port};
use support::{Store, token_of};

const START: &str = "2026-03-01T09:00:00Z";
const OWNER: &str = "olivia@bondi.example";
const TEAM: &str = "Bondi Family Practice";

fn bondi() -> Store {
    let mut store = Store::new();
    store.at(START);
    store.team(OWNER, "Olivia Owner", TEAM);
    store
}

/// `invite add` as the owner through `smtp`, with its JSON result.
fn invite_via(store: &Store, smtp: &str, email: &str) -> Value {
    let run = store.run_as(OWNER, &["--json", "--smtp", smtp, "invite", "add", email]);
    assert_eq!(run.code, 0, "invite add: {}", run.stderr);
    run.json()[0].clone()
}

fn outbox(store: &Store, status: &str) -> Vec<Value> {
    let list = store
        .run(&["--json", "outbox", "list", "--status", status])
        .ok()
        .json();
    list.as_array().expect("a list").clone()
}

#[test]
fn an_invitation_arrives_with_its_subject_both_parts_and_a_link_that_works() {
    let store = bondi();
    let server = SmtpServer::start();
    let tom = "tom@mail.example";
    let sent = invite_via(&store, &server.url(), tom);
    assert_eq!(sent["delivery"]["status"], "sent", "{sent}");
    assert!(
        sent["delivery"]["detail"]
            .as_str()
            .is_some_and(|detail| detail.contains("250")),
        "{sent}"
    );
    let link = sent["link"].as_str().expect("the link").to_owned();

    let received = server.wait_for(1);
    let (envelope, email) = &received[0];
    assert_eq!(envelope, &[tom.to_owned()]);
    assert_eq!(email.to, tom);
    assert_eq!(
        email.subject,
        format!("You're invited to join {TEAM} on teamdesk")
    );
    for part in [&email.text, &email.html] {
        assert!(part.contains(&link), "the link is in each part:\n{part}");
        assert!(part.contains("Olivia Owner"), "{part}");
        assert!(part.contains("31 Mar 2026"), "the exact expiry:\n{part}");
    }
    let raw = String::from_utf8_lossy(&email.raw);
    assert!(raw.contains("multipart/alternative"), "{raw}");

    // The link in the email is the one that works.
    store
        .run_as(tom, &["join", &link, "--name", "Tom"])
        .ok()
        .says(TEAM);
    store.assert_sound();
}

#[test]
fn a_550_fails_the_delivery_with_the_servers_reply_for_support_to_see() {
    let store = bondi();
    let server = SmtpServer::start();
    let wrong = "reject.tom@mail.example";
    let sent = invite_via(&store, &server.url(), wrong);
    assert_eq!(sent["delivery"]["status"], "failed", "{sent}");
    let detail = sent["delivery"]["detail"].as_str().expect("a detail");
    assert!(
        detail.contains("550") && detail.contains("no such user"),
        "{detail}"
    );

    let failed = outbox(&store, "failed");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0]["to"], wrong);
    let attempts = failed[0]["attempts"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 1, "a refusal is not retried");
    assert_eq!(attempts[0]["outcome"], "refused");
    assert!(
        attempts[0]["reply"]
            .as_str()
            .is_some_and(|r| r.starts_with("550")),
        "{attempts:?}"
    );
    assert!(
        attempts[0]["transport"]
            .as_str()
            .is_some_and(|t| t == format!("smtp 127.0.0.1:{}", server.port)),
        "{attempts:?}"
    );
    // Support sees the reply and what to do about it.
    store.support_account("sam@support.example", "Sam");
    let lookup = store
        .run_as("sam@support.example", &["support", "lookup", wrong])
        .ok();
    assert!(
        lookup.stdout.contains("550") && lookup.stdout.contains("check the spelling"),
        "{}",
        lookup.stdout
    );
    // Nothing arrived, and nothing is tried again.
    assert!(server.received().is_empty());
    let again = store.run(&["--json", "outbox", "send"]).ok().json();
    assert_eq!(again.as_array().map(Vec::len), Some(0), "{again}");
}

#[test]
fn with_the_server_down_the_email_waits_and_outbox_send_delivers_it_once_back() {
    let mut store = bondi();
    let port = free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let tom = "tom@mail.example";
    let queued = invite_via(&store, &url, tom);
    assert_eq!(queued["delivery"]["status"], "queued", "{queued}");
    let link = queued["link"].as_str().expect("the link").to_owned();

    // Not due again yet: nothing is tried.
    let early = store
        .run(&["--json", "--smtp", &url, "outbox", "send"])
        .ok()
        .json();
    assert_eq!(early.as_array().map(Vec::len), Some(0), "{early}");

    // Two minutes later, still down: tried, and queued again.
    store.at("2026-03-01T09:02:00Z");
    let retried = store
        .run(&["--json", "--smtp", &url, "outbox", "send"])
        .ok()
        .json();
    assert_eq!(retried[0]["status"], "queued", "{retried}");
    assert_eq!(retried[0]["attempts"].as_array().map(Vec::len), Some(2));

    // The server is back; once the next try is due, the email goes out.
    let server = SmtpServer::start_on(port);
    store.at("2026-03-01T09:10:00Z");
    let delivered = store
        .run(&["--smtp", &url, "outbox", "send"])
        .ok()
        .says("1 tried: 1 sent");
    assert!(delivered.stdout.contains(tom), "{}", delivered.stdout);
    let received = server.wait_for(1);
    assert!(received[0].1.text.contains(&link));
    let sent = outbox(&store, "sent");
    let outcomes: Vec<&str> = sent[0]["attempts"]
        .as_array()
        .expect("attempts")
        .iter()
        .map(|attempt| attempt["outcome"].as_str().expect("an outcome"))
        .collect();
    assert_eq!(outcomes, ["deferred", "deferred", "delivered"]);
    assert!(outbox(&store, "queued").is_empty());
}

#[test]
fn a_451_is_retried_not_failed() {
    let store = bondi();
    let server = SmtpServer::start();
    let busy = invite_via(&store, &server.url(), "tempfail.ana@mail.example");
    assert_eq!(busy["delivery"]["status"], "queued", "{busy}");
    assert!(
        busy["delivery"]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("451")),
        "{busy}"
    );
}

/// Every file under `dir`, as bytes.
fn files_under(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
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

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[test]
fn the_smtp_password_reaches_no_log_store_file_output_or_export() {
    let password = "S3cret-Pa55word";
    let mut store = bondi();
    let server = SmtpServer::with_login("clinic", password);
    let with_password = format!("smtp://clinic:{password}@127.0.0.1:{}", server.port);
    let mut outputs = Vec::new();

    let sent = store.run_as(
        OWNER,
        &[
            "--json",
            "--smtp",
            &with_password,
            "invite",
            "add",
            "tom@mail.example",
        ],
    );
    assert_eq!(
        sent.json()[0]["delivery"]["status"],
        "sent",
        "{}",
        sent.stdout
    );
    outputs.push(sent);
    server.wait_for(1);

    // A wrong password is refused by the server; its reply names no password.
    let refused = store.run_as(
        OWNER,
        &[
            "--json",
            "--smtp",
            &format!("smtp://clinic:wrong-{password}@127.0.0.1:{}", server.port),
            "invite",
            "add",
            "ana@mail.example",
        ],
    );
    assert_eq!(
        refused.json()[0]["delivery"]["status"],
        "failed",
        "{}",
        refused.stdout
    );
    outputs.push(refused);

    // The password may come from the environment instead of the URL.
    store.at("2026-03-01T10:00:00Z");
    let mut command = store.command();
    command
        .args(["--as", OWNER, "--json", "invite", "add", "ben@mail.example"])
        .args([
            "--smtp",
            &format!("smtp://clinic@127.0.0.1:{}", server.port),
        ])
        .env("TEAMDESK_SMTP_PASSWORD", password);
    let from_env = support::finish(command, "invite add (password from the environment)", None);
    assert_eq!(
        from_env.json()[0]["delivery"]["status"],
        "sent",
        "{}",
        from_env.stdout
    );
    outputs.push(from_env);
    server.wait_for(2);

    outputs.push(
        store
            .run(&["--smtp", &with_password, "outbox", "list"])
            .ok(),
    );
    outputs.push(
        store
            .run(&["--smtp", &with_password, "outbox", "send"])
            .ok(),
    );
    let export = store.run(&["export"]).ok();
    outputs.push(export);
    // A URL that cannot work says why without repeating itself.
    let bad = store.run(&[
        "--smtp",
        &format!("smtp://clinic:{password}@mail.example.org"),
        "outbox",
        "send",
    ]);
    assert_eq!(bad.code, 6, "{}", bad.stderr);
    outputs.push(bad);

    for secret in [password.to_owned(), password.replace('-', "%2D")] {
        assert_nowhere(&store, &outputs, &secret);
    }
}

/// Fails if any output of `runs`, or any file of the store's scratch
/// directory (the store, its config and link key, the mail folder, any log),
/// holds `secret`.
fn assert_nowhere(store: &Store, runs: &[support::Run], secret: &str) {
    for run in runs {
        assert!(
            !run.stdout.contains(secret),
            "stdout holds the password: {}",
            run.stdout
        );
        assert!(
            !run.stderr.contains(secret),
            "stderr holds the password: {}",
            run.stderr
        );
    }
    for (path, bytes) in files_under(store.scratch()) {
        assert!(
            !contains(&bytes, secret.as_bytes()),
            "{} holds the password",
            path.display()
        );
    }
}

#[test]
fn a_reminder_goes_out_three_days_before_expiry_once() {
    let mut store = bondi();
    let tom = "tom@mail.example";
    let link = store.invite(OWNER, tom, "member");
    assert_eq!(store.mailbox().len(), 1, "the invitation went out at once");

    // Four days before expiry: not yet.
    store.at("2026-03-27T09:00:00Z");
    store.run(&["outbox", "send"]).ok().says("0 tried");
    // Within three days of it: one reminder, with the same link.
    store.at("2026-03-28T10:00:00Z");
    store.run(&["outbox", "send"]).ok().says("1 tried: 1 sent");
    store.at("2026-03-29T10:00:00Z");
    store.run(&["outbox", "send"]).ok().says("0 tried");

    let mailbox = store.mailbox();
    assert_eq!(mailbox.len(), 2, "{mailbox:?}");
    let reminder = &mailbox[1];
    assert!(
        reminder.subject.starts_with("Reminder"),
        "{}",
        reminder.subject
    );
    assert!(reminder.text.contains(&link) && reminder.html.contains(&link));
    assert!(reminder.text.contains("31 Mar 2026"), "{}", reminder.text);
    let audit = store.run_as(OWNER, &["--json", "audit"]).ok().json();
    let reminders = audit
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry["action"] == "invite.reminder")
        .count();
    assert_eq!(reminders, 1);
    store.assert_sound();
}

#[test]
fn a_polish_team_sends_polish_emails() {
    let store = bondi();
    store
        .run_as(OWNER, &["team", "set", "--language", "pl"])
        .ok();
    let team = store.run_as(OWNER, &["--json", "team", "show"]).ok().json();
    assert_eq!(team["language"], "pl", "{team}");
    store.invite(OWNER, "tomasz@poczta.example", "member");
    let email = &store.mailbox()[0];
    assert!(
        email.subject.starts_with("Zaproszenie do zespołu"),
        "{}",
        email.subject
    );
    assert!(email.text.contains("Olivia Owner"), "{}", email.text);
    assert!(email.html.contains("lang=\"pl\""), "{}", email.html);
}

#[test]
fn resending_every_expired_invitation_is_one_change_with_one_line_per_address() {
    let mut store = bondi();
    let old_links: Vec<String> = ["ann@mail.example", "ben@mail.example"]
        .iter()
        .map(|email| store.invite(OWNER, email, "member"))
        .collect();
    store.at("2026-04-02T09:00:00Z");
    store.invite(OWNER, "cat@mail.example", "member");
    let resent = store
        .run_as(OWNER, &["--json", "invite", "resend", "--all-expired"])
        .ok()
        .json();
    let resent = resent.as_array().expect("one result per address");
    let emails: Vec<&str> = resent
        .iter()
        .map(|result| result["email"].as_str().expect("an address"))
        .collect();
    assert_eq!(emails, ["ann@mail.example", "ben@mail.example"]);
    for (result, old) in resent.iter().zip(&old_links) {
        assert_eq!(result["result"], "invited");
        assert_eq!(result["delivery"]["status"], "sent");
        assert_ne!(result["link"].as_str(), Some(old.as_str()));
        assert!(
            !result["link"]
                .as_str()
                .expect("a link")
                .contains(token_of(old))
        );
    }
    let text = store
        .run_as(OWNER, &["invite", "resend", "--all-expired"])
        .ok();
    assert!(
        text.stdout
            .contains("No invitation of the team has expired"),
        "{}",
        text.stdout
    );
    assert_eq!(
        store.mailbox().len(),
        5,
        "two invitations, one more, two resends"
    );
    store.assert_sound();
}

#[test]
fn a_bulk_invite_with_the_server_down_tries_once_and_leaves_the_rest_queued() {
    let store = bondi();
    let url = format!("smtp://127.0.0.1:{}", free_port());
    let results = store
        .run_as(
            OWNER,
            &[
                "--json",
                "--smtp",
                &url,
                "invite",
                "add",
                "a@mail.example",
                "b@mail.example",
                "c@mail.example",
            ],
        )
        .ok()
        .json();
    let details: Vec<&str> = results
        .as_array()
        .expect("one result per address")
        .iter()
        .map(|result| {
            assert_eq!(result["delivery"]["status"], "queued", "{result}");
            result["delivery"]["detail"].as_str().expect("a detail")
        })
        .collect();
    assert!(details[0].contains("not delivered yet"), "{details:?}");
    assert!(
        details[1..].iter().all(|d| d.starts_with("not tried")),
        "{details:?}"
    );
    let mut attempts: Vec<usize> = outbox(&store, "queued")
        .iter()
        .map(|m| m["attempts"].as_array().map_or(0, Vec::len))
        .collect();
    attempts.sort_unstable();
    assert_eq!(
        attempts,
        [0, 0, 1],
        "one connection attempt for the whole run"
    );
}
