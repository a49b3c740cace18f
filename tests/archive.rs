//! History in the archive, through the real binary: `archive` moves closed
//! invitations, settled emails and audit entries past the retention window
//! out of the working store, idempotently; nothing is lost to any read,
//! `export` or `doctor`; a move cut between its copy and its delete counts
//! each record once and is finished by the next one.

mod support;

use std::path::Path;

use serde_json::Value;

const OWNER: &str = "olivia@bondi.example";
const SUPPORT: &str = "sam@teamdesk.example";
/// When the history is made, and a day more than 90 later.
const EARLY: &str = "2026-01-05T09:00:00Z";
const LATER: &str = "2026-04-06T09:00:00Z";

/// A team with an accepted and a revoked invitation (its link returned)
/// and one still open, all made at [`EARLY`]; later commands run at `later`.
fn with_history(later: &str) -> (support::Store, String) {
    let mut store = support::Store::new();
    store.at(EARLY);
    store.team(OWNER, "Olivia Owner", "Bondi");
    store.support_account(SUPPORT, "Sam Support");
    store.member(OWNER, "tom@bondi.example", "Tom Member", "member");
    let revoked = store.invite(OWNER, "ana@bondi.example", "member");
    store
        .run_as(OWNER, &["invite", "revoke", "ana@bondi.example"])
        .ok();
    store.invite(OWNER, "ben@bondi.example", "member");
    store.at(later);
    // The first command at `later` invoices the periods since.
    store.run_as(OWNER, &["billing", "show"]).ok();
    (store, revoked)
}

/// What every reader of history sees: the export, the audit log, the
/// team's invitations, and support's timeline of an address.
fn everything_read(store: &support::Store) -> Value {
    serde_json::json!({
        "export": store.export(),
        "audit": store.audit(OWNER),
        "invitations": store.run_as(OWNER, &["--json", "invite", "list"]).ok().json(),
        "lookup": store
            .run_as(SUPPORT, &["--json", "support", "lookup", "ana@bondi.example"])
            .ok()
            .json(),
    })
}

/// The first place two JSON values differ, as a path and the two values there.
fn first_difference(left: &Value, right: &Value, path: &str) -> Option<String> {
    match (left, right) {
        (Value::Object(l), Value::Object(r)) => l.keys().chain(r.keys()).find_map(|key| {
            let (a, b) = (l.get(key), r.get(key));
            let (a, b) = (a.unwrap_or(&Value::Null), b.unwrap_or(&Value::Null));
            first_difference(a, b, &format!("{path}.{key}"))
        }),
        (Value::Array(l), Value::Array(r)) if l.len() == r.len() => l
            .iter()
            .zip(r)
            .enumerate()
            .find_map(|(i, (a, b))| first_difference(a, b, &format!("{path}[{i}]"))),
        _ if left == right => None,
        _ => Some(format!("{path}:\n  {left}\n  {right}")),
    }
}

/// Panics naming where `after` differs from `before`.
fn assert_same(after: &Value, before: &Value, what: &str) {
    if let Some(difference) = first_difference(after, before, "") {
        panic!("{what}: {difference}");
    }
}

fn archive(store: &support::Store) -> Value {
    store.run(&["--json", "archive"]).ok().json()
}

fn doctor(store: &support::Store) -> Value {
    store.run(&["--json", "doctor"]).json()
}

#[test]
fn archive_moves_history_once_and_every_read_still_finds_it() {
    let (store, _) = with_history(LATER);
    let before = everything_read(&store);

    let moved = archive(&store);
    assert_eq!(
        moved["invitations"], 2,
        "the accepted and the revoked one: {moved}"
    );
    assert_eq!(
        moved["messages"], 3,
        "their emails and the open one's stays: {moved}"
    );
    assert!(moved["audit_entries"].as_u64().unwrap() >= 6, "{moved}");
    assert!(store.path().join("archive").is_dir());

    assert_same(
        &everything_read(&store),
        &before,
        "a read lost or changed history",
    );
    let again = archive(&store);
    assert_eq!(
        again,
        serde_json::json!({"invitations": 0, "messages": 0, "audit_entries": 0}),
        "a second move found more"
    );
    assert_same(&everything_read(&store), &before, "after a second move");

    store.assert_sound();
    let report = doctor(&store);
    assert_eq!(report["archived_invitations"], 2, "{report}");
    assert_eq!(report["invitations"], 3, "{report}");
    assert_eq!(report["archived_audit_entries"], moved["audit_entries"]);
}

#[test]
fn recent_history_and_open_invitations_stay_in_the_working_store() {
    let (store, _) = with_history("2026-04-04T09:00:00Z");
    let moved = archive(&store);
    assert_eq!(
        moved,
        serde_json::json!({"invitations": 0, "messages": 0, "audit_entries": 0}),
        "nothing is 90 days old yet: one day short"
    );
    assert!(
        !store.path().join("archive").exists(),
        "no archive made for nothing"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_move_cut_between_copy_and_delete_counts_each_record_once_and_the_next_finishes_it() {
    let (store, _) = with_history(LATER);
    let before = everything_read(&store);
    let working = store.scratch().join("working-before-the-move");
    copy_dir(&store.path().join("data"), &working);
    archive(&store);
    // The working store as it was before its delete, beside the archive's copies.
    std::fs::remove_dir_all(store.path().join("data")).unwrap();
    copy_dir(&working, &store.path().join("data"));

    assert_same(
        &everything_read(&store),
        &before,
        "a record kept twice is read once",
    );
    let report = doctor(&store);
    let problems = report["problems"].to_string();
    assert!(
        problems.contains("both in the store and in its archive"),
        "{report}"
    );

    let moved = archive(&store);
    assert_eq!(moved["invitations"], 2, "{moved}");
    store.assert_sound();
    assert_same(&everything_read(&store), &before, "after a second move");
}

#[test]
fn export_then_import_keeps_archived_history_and_archives_it_again() {
    let (store, _) = with_history(LATER);
    archive(&store);
    let dump = store.export();
    let file = store.file("export.json", &dump.to_string());

    let mut restored = support::Store::new();
    restored.at(LATER);
    restored.run(&["import", &file]).ok();
    assert_same(
        &restored.export(),
        &dump,
        "the import lost or changed a record",
    );
    restored.assert_sound();
    let report = doctor(&restored);
    assert_eq!(
        report["archived_invitations"], 2,
        "history moved at once: {report}"
    );
    assert_same(
        &everything_read(&restored),
        &everything_read(&store),
        "restored",
    );
}

#[test]
fn an_archived_link_opened_again_says_why_and_comes_back_with_the_refusal() {
    let (store, link) = with_history(LATER);
    archive(&store);
    store
        .run_as("ana@bondi.example", &["join", &link, "--name", "Ana"])
        .fails(5)
        .says("revoked");
    let report = doctor(&store);
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    assert_eq!(report["archived_invitations"], 1, "it came back: {report}");
    let lookup = store
        .run_as(
            SUPPORT,
            &["--json", "support", "lookup", "ana@bondi.example"],
        )
        .ok()
        .json();
    let refused = &lookup["invitations"][0]["invitation"]["refused_total"];
    assert_eq!(refused, 1, "the refusal is recorded on it: {lookup}");
}
