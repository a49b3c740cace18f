//! Support triage through the `teamdesk` binary: `support lookup` of a
//! whole address or of its beginning, each invitation's timeline (created,
//! every delivery attempt, refused openings, revocation, resend, expiry) and
//! the next step, as text and as JSON.

mod support;

use serde_json::Value;
use support::Store;

const START: &str = "2026-03-01T09:00:00Z";
const OWNER: &str = "olivia@bondi.example";
const TEAM: &str = "Bondi Family Practice";
const SAM: &str = "sam@vendor.example";

/// A store at [`START`] with the team [`TEAM`] owned by [`OWNER`], and
/// [`SAM`] of support staff.
fn bondi() -> Store {
    let mut store = Store::new();
    store.at(START);
    store.team(OWNER, "Olivia Owner", TEAM);
    store.support_account(SAM, "Sam Support");
    store
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{value} is not a string"))
}

fn list(value: &Value) -> &Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{value} is not a list"))
}

/// `args` sent through an SMTP server that is never there: nothing listens
/// on port 1, so each attempt is a temporary failure.
fn unreachable_smtp<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut full = vec!["--smtp", "smtp://127.0.0.1:1"];
    full.extend_from_slice(args);
    full
}

fn lookup(store: &Store, query: &str) -> Value {
    store
        .run_as(SAM, &["--json", "support", "lookup", query])
        .ok()
        .json()
}

/// The kinds of a timeline's events, in order.
fn events(row: &Value) -> Vec<&str> {
    list(&row["timeline"])
        .iter()
        .map(|entry| text(&entry["event"]))
        .collect()
}

#[test]
fn a_beginning_lists_every_address_that_starts_with_it() {
    let store = bondi();
    store
        .run_as(
            OWNER,
            &[
                "invite",
                "add",
                "tom@lost.example",
                "tom.b@lost.example",
                "tom@lost.example.org",
                "ana@lost.example",
            ],
        )
        .ok();

    let found = lookup(&store, " TOM");
    assert_eq!(found["query"], "tom");
    assert_eq!(found["more"], false);
    let addresses: Vec<&str> = list(&found["addresses"])
        .iter()
        .map(|address| text(&address["email"]))
        .collect();
    assert_eq!(
        addresses,
        [
            "tom.b@lost.example",
            "tom@lost.example",
            "tom@lost.example.org"
        ]
    );
    let first = &found["addresses"][0]["invitations"][0];
    assert_eq!(first["invitation"]["team_name"], TEAM);
    assert_eq!(events(first)[0], "created");

    store
        .run_as(SAM, &["support", "lookup", "tom"])
        .ok()
        .says("3 invited address(es) start with \"tom\":")
        .says("== tom.b@lost.example")
        .says("== tom@lost.example")
        .says("invited by Olivia Owner (olivia@bondi.example)")
        .never_says("ana@lost.example");
    store
        .run_as(SAM, &["support", "lookup", "zed"])
        .ok()
        .says("No invited address starts with \"zed\".");

    // A whole address keeps its own answer, even when it begins others.
    let tom = lookup(&store, "Tom@Lost.example");
    assert_eq!(tom["email"], "tom@lost.example");
    assert!(tom.get("addresses").is_none(), "{tom}");
    assert_eq!(list(&tom["invitations"]).len(), 1);
    let nobody = lookup(&store, "nobody@else.example");
    assert_eq!(nobody["email"], "nobody@else.example");
    assert!(list(&nobody["invitations"]).is_empty());
    // An address on record for nothing, that others start with, lists them.
    let partial = lookup(&store, "tom@lost.ex");
    assert_eq!(partial["addresses"][0]["email"], "tom@lost.example");
}

#[test]
fn a_beginning_that_matches_many_addresses_says_more_matched() {
    let store = bondi();
    let many: Vec<String> = (0..22).map(|n| format!("p{n:02}@many.example")).collect();
    let mut args = vec!["invite", "add"];
    args.extend(many.iter().map(String::as_str));
    store.run_as(OWNER, &args).ok();

    let found = lookup(&store, "p");
    assert_eq!(found["more"], true);
    assert_eq!(list(&found["addresses"]).len(), 20);
    assert_eq!(found["addresses"][0]["email"], "p00@many.example");
    store
        .run_as(SAM, &["support", "lookup", "p"])
        .ok()
        .says("more than 20 invited address(es) start with \"p\"")
        .says("More addresses start with \"p\" than the 20 shown: type more of the address.");
    let narrower = lookup(&store, "p2");
    assert_eq!(narrower["more"], false);
    assert_eq!(list(&narrower["addresses"]).len(), 2);
}

#[test]
fn only_support_staff_look_up_and_the_permission_comes_before_anything_is_read() {
    let store = bondi();
    store.invite(OWNER, "tom@lost.example", "member");
    for query in ["tom", "tom@lost.example", " "] {
        store
            .run_as(OWNER, &["support", "lookup", query])
            .fails(3)
            .says("Only support staff can look up an address across teams.")
            .never_says("tom@lost.example");
    }
    store
        .run_as("nobody@else.example", &["support", "lookup", "tom"])
        .fails(3);
    store
        .run_as(SAM, &["support", "lookup", " "])
        .fails(6)
        .says("Name an address, or the beginning of one, to look up.");
}

#[test]
fn an_email_the_file_transport_delivered_reads_as_sent() {
    let store = bondi();
    store.invite(OWNER, "dan@bondi.example", "member");
    assert_eq!(store.mailbox().len(), 1);

    let row = &lookup(&store, "dan@bondi.example")["invitations"][0];
    assert_eq!(row["email_delivery"]["status"], "sent");
    assert_eq!(row["email_delivery"]["attempts"], 1);
    assert!(row["reminder_delivery"].is_null());
    assert_eq!(events(row), ["created", "queued", "attempt"]);
    let attempt = &row["timeline"][2];
    assert_eq!(attempt["email"], "invitation");
    assert_eq!(attempt["outcome"], "delivered");
    assert!(
        text(&attempt["transport"]).starts_with("file "),
        "{attempt}"
    );
    assert!(
        text(&attempt["reply"]).starts_with("written to "),
        "{attempt}"
    );
    assert_eq!(row["timeline"][0]["by"]["email"], OWNER);
    assert_eq!(row["next"]["kind"], "wait_or_resend");
    assert_eq!(
        row["timeline_text"][2]
            .as_str()
            .map(|t| t.starts_with("invitation email delivered (file ")),
        Some(true),
        "{row}"
    );
    store
        .run_as(SAM, &["support", "lookup", "dan@bondi.example"])
        .ok()
        .says("2026-03-01 09:00  invited by Olivia Owner (olivia@bondi.example)")
        .says("2026-03-01 09:00  invitation email queued")
        .says("2026-03-01 09:00  invitation email delivered (file ")
        .says("next: wait for them to accept (link valid 30 days more)");
}

#[test]
fn an_email_the_mail_server_deferred_reads_as_queued_since_the_first_failure_and_retrying() {
    let mut store = bondi();
    store
        .run_as(
            OWNER,
            &unreachable_smtp(&["invite", "add", "dan@bondi.example"]),
        )
        .ok()
        .says("queued");
    store.at("2026-03-01T09:14:00Z");
    store.run(&unreachable_smtp(&["outbox", "send"])).ok();
    store.at("2026-03-01T09:20:00Z");

    let row = &lookup(&store, "dan@bondi.example")["invitations"][0];
    assert_eq!(row["email_delivery"]["status"], "queued");
    assert_eq!(row["email_delivery"]["attempts"], 2);
    assert_eq!(row["email_delivery"]["deferred_since"], START);
    assert_eq!(events(row), ["created", "queued", "attempt", "attempt"]);
    for attempt in &list(&row["timeline"])[2..] {
        assert_eq!(attempt["outcome"], "deferred");
        assert_eq!(attempt["transport"], "smtp 127.0.0.1:1");
        assert!(!text(&attempt["reply"]).is_empty(), "{attempt}");
    }
    assert_eq!(row["timeline"][3]["at"], "2026-03-01T09:14:00Z");
    let next = &row["next"];
    assert_eq!(next["kind"], "mail_server_unreachable");
    assert_eq!(next["since"], START);
    assert_eq!(next["next_attempt"], row["email_delivery"]["next_attempt"]);
    assert!(
        text(&row["next_step"]).starts_with(
            "queued: the mail server has been unreachable since 09:00 UTC, retrying (next try 09:1"
        ),
        "{row}"
    );
    store
        .run_as(SAM, &["support", "lookup", "dan@bondi.example"])
        .ok()
        .says("invitation email not delivered yet (smtp 127.0.0.1:1)")
        .says("next: queued: the mail server has been unreachable since 09:00 UTC, retrying");
}

#[test]
fn a_revoked_invitation_says_who_revoked_it_and_when() {
    let mut store = bondi();
    store.invite(OWNER, "old@bondi.example", "member");
    store.at("2026-03-02T10:30:00Z");
    store
        .run_as(OWNER, &["invite", "revoke", "old@bondi.example"])
        .ok();

    let row = &lookup(&store, "old@bondi.example")["invitations"][0];
    assert_eq!(row["invitation"]["status"], "revoked");
    let revoked = list(&row["timeline"]).last().unwrap();
    assert_eq!(revoked["event"], "revoked");
    assert_eq!(revoked["at"], "2026-03-02T10:30:00Z");
    assert_eq!(revoked["by"]["name"], "Olivia Owner");
    assert_eq!(revoked["by"]["email"], OWNER);
    assert_eq!(row["next"]["kind"], "invite_again");
    store
        .run_as(SAM, &["support", "lookup", "old@bondi.example"])
        .ok()
        .says("revoked 2 Mar 2026 by Olivia Owner")
        .says("2026-03-02 10:30  revoked by Olivia Owner (olivia@bondi.example)")
        .says("next: invite the address again if they should join");
}

#[test]
fn a_resent_link_names_who_resent_it_and_a_refused_opening_names_the_other_team() {
    let mut store = bondi();
    let carl = "carl@coastal.example";
    let tom = "tom@lost.example";
    store.team(carl, "Carl Coastal", "Coastal GP");
    store.account(tom, "Tom Lost", "free");
    let bondi_link = store.invite(OWNER, tom, "member");
    let coastal_link = store.invite(carl, tom, "member");
    store.join(tom, &coastal_link).ok();

    store.at("2026-03-03T08:00:00Z");
    store
        .join(tom, &bondi_link)
        .fails(5)
        .diagnostic("INV-OTHER-TEAM");
    // An unknown link names no invitation: nothing is recorded for triage.
    store
        .join(
            tom,
            &format!("https://teamdesk.example/join/{}", "ab".repeat(24)),
        )
        .fails(4)
        .diagnostic("INV-UNKNOWN");
    let found = lookup(&store, tom);
    let bondi_row = list(&found["invitations"])
        .iter()
        .find(|row| row["invitation"]["team_name"] == TEAM)
        .unwrap();
    let refused = list(&bondi_row["timeline"]).last().unwrap();
    assert_eq!(refused["event"], "refused");
    assert_eq!(refused["code"], "INV-OTHER-TEAM");
    assert_eq!(refused["by_email"], tom);
    assert_eq!(refused["other_team"], "Coastal GP");
    assert_eq!(bondi_row["next"]["kind"], "leave_other_team");
    let refusals = list(&bondi_row["timeline"])
        .iter()
        .filter(|entry| entry["event"] == "refused")
        .count();
    assert_eq!(refusals, 1, "the unknown link left nothing");

    // Support resends; the old link's timeline says who sent the newer one.
    store.at("2026-03-04T12:00:00Z");
    store
        .run_as(SAM, &["invite", "resend", tom, "--team", TEAM])
        .ok();
    let rows = lookup(&store, tom)["invitations"].clone();
    let newest = &rows[0];
    assert_eq!(newest["invitation"]["team_name"], TEAM);
    assert_eq!(newest["timeline"][0]["event"], "created");
    assert_eq!(newest["timeline"][0]["replaces_earlier"], true);
    assert_eq!(newest["timeline"][0]["by"]["name"], "Sam Support");
    let old = list(&rows)
        .iter()
        .find(|row| row["invitation"]["status"] == "superseded")
        .unwrap();
    let superseded = list(&old["timeline"]).last().unwrap();
    assert_eq!(superseded["event"], "superseded");
    assert_eq!(superseded["at"], "2026-03-04T12:00:00Z");
    assert_eq!(superseded["by"]["email"], SAM);
    store
        .run_as(SAM, &["support", "lookup", tom])
        .ok()
        .says("resent by Sam Support (sam@vendor.example): replaces an earlier link")
        .says("link opened by tom@lost.example and refused: INV-OTHER-TEAM (they are in \"Coastal GP\")")
        .says("superseded: a newer link was sent by Sam Support (sam@vendor.example)");
}

#[test]
fn an_expired_link_shows_its_expiry_and_a_failed_delivery_its_advice() {
    let mut store = bondi();
    store
        .run_as(
            OWNER,
            &unreachable_smtp(&["invite", "add", "late@bondi.example"]),
        )
        .ok();
    // The link expires while its email still waits for the mail server.
    store.at("2026-04-02T09:00:00Z");
    let row = &lookup(&store, "late@bondi.example")["invitations"][0];
    assert_eq!(row["invitation"]["status"], "expired");
    assert_eq!(events(row), ["created", "queued", "attempt", "expired"]);
    assert_eq!(row["timeline"][3]["at"], "2026-03-31T09:00:00Z");
    assert_eq!(row["next"]["kind"], "resend_undelivered");
    // The delivery run then gives the email up for good.
    store.run(&unreachable_smtp(&["outbox", "send"])).ok();
    let row = &lookup(&store, "late@bondi.example")["invitations"][0];
    assert_eq!(row["email_delivery"]["status"], "failed");
    assert_eq!(row["email_delivery"]["reason"], "link_expired");
    assert_eq!(
        list(&row["timeline"]).last().unwrap()["event"],
        "undelivered"
    );
    assert!(
        text(&row["next_step"]).starts_with(
            "the link expired before its email could be delivered — resend: `teamdesk invite resend late@bondi.example --team \"Bondi Family Practice\"`"
        ),
        "{row}"
    );
}

#[test]
fn a_reminder_queued_before_expiry_joins_the_timeline_with_its_delivery() {
    let mut store = bondi();
    store.invite(OWNER, "dan@bondi.example", "member");
    // Three days before the link expires, a delivery run queues the reminder
    // and sends it.
    store.at("2026-03-28T10:00:00Z");
    store.run(&["outbox", "send"]).ok();
    assert_eq!(store.mailbox().len(), 2);

    let row = &lookup(&store, "dan@bondi.example")["invitations"][0];
    assert_eq!(row["reminder_delivery"]["status"], "sent");
    assert_eq!(
        events(row),
        ["created", "queued", "attempt", "queued", "attempt"]
    );
    assert_eq!(row["timeline"][3]["email"], "reminder");
    assert_eq!(row["timeline"][3]["at"], "2026-03-28T10:00:00Z");
    assert_eq!(row["timeline"][4]["outcome"], "delivered");
    store
        .run_as(SAM, &["support", "lookup", "dan@bondi.example"])
        .ok()
        .says("2026-03-28 10:00  reminder queued")
        .says("2026-03-28 10:00  reminder delivered (file ");
}

/// A store restored from `export` with `edit` applied to it: records as a
/// mail server would have left them.
fn restored(from: &Store, edit: impl FnOnce(&mut Value)) -> Store {
    let mut dump = from.export();
    edit(&mut dump);
    let mut store = Store::new();
    store.at("2026-03-02T09:00:00Z");
    let file = store.file("dump.json", &dump.to_string());
    store.run(&["import", &file]).ok();
    store
}

#[test]
fn a_refused_address_is_explained_and_the_servers_words_reach_the_terminal_made_safe() {
    let store = bondi();
    store.invite(OWNER, "tom@typo.example", "member");
    let hostile = "550 5.1.1 no such user\u{1b}]0;pwned\u{7}";
    let store = restored(&store, |dump| {
        let message = &mut dump["outbox"][0];
        assert_eq!(message["to"], "tom@typo.example");
        message["attempts"] = serde_json::json!([{
            "at": "2026-03-01T09:00:05Z",
            "transport": "smtp mail.example:587",
            "outcome": "refused",
            "reply": hostile,
        }]);
        message["delivery"] = serde_json::json!({
            "failed": { "at": "2026-03-01T09:00:05Z", "reason": "refused" }
        });
    });

    let row = &lookup(&store, "tom@typo.example")["invitations"][0];
    assert_eq!(row["next"]["kind"], "check_address");
    assert_eq!(row["next"]["reply"], hostile);
    assert_eq!(row["email_delivery"]["status"], "failed");
    assert_eq!(row["email_delivery"]["reason"], "refused");
    assert_eq!(events(row), ["created", "queued", "attempt", "undelivered"]);
    let shown = store
        .run_as(SAM, &["support", "lookup", "tom@typo.example"])
        .ok()
        .says("invitation email refused by the mail server (smtp mail.example:587): 550 5.1.1 no such user␛]0;pwned␇")
        .says("next: the mail server refused the address: 550 5.1.1 no such user␛]0;pwned␇ — check the spelling and invite the right address");
    assert!(
        !shown.stdout.contains(['\u{1b}', '\u{7}']),
        "{}",
        shown.stdout
    );
}
