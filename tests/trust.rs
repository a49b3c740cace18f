//! Trust boundaries, through the real binary: operator commands refuse an
//! acting person, the clock override belongs to test and demo stores only,
//! time in a store never runs backwards, nobody without a right on a team
//! causes a write to it, and strangers cannot grow an invitation without limit.

mod support;

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::Value;
use support::Store;
use teamdesk::sources::ManualClock;
use teamdesk::store::{OpenMode, Store as RawStore};
use teamdesk::workspace::{Actor, Settings, Workspace};

const OWNER: &str = "olivia@bondi.example";
const MEMBER: &str = "mo@bondi.example";
const STRANGER: &str = "otto@elsewhere.example";
const TEAM: &str = "Bondi";

/// A store made under a clock override, with a Pro team, a member and a stranger.
fn test_store() -> Store {
    let mut store = Store::new();
    store.at("2026-03-01T09:00:00Z");
    store.team(OWNER, "Olivia Owner", TEAM);
    store.member(OWNER, MEMBER, "Mo Member", "member");
    store.account(STRANGER, "Otto Outsider", "free");
    store
}

fn list(value: &Value) -> &Vec<Value> {
    value.as_array().expect("a list")
}

fn time(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().expect("a time"))
        .expect("an RFC 3339 time")
        .with_timezone(&Utc)
}

#[test]
fn operator_commands_refuse_an_acting_person_and_write_nothing() {
    let store = test_store();
    let before = store.export();
    let dump = store.file("dump.json", &serde_json::to_string(&before).unwrap());
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGrq2Knz8ACmtIuHf38tC95MmHTQ9h+c+7GPrGlWPPtd evil@x.example";
    let fingerprint = "SHA256:ZItHQpGq2rOdcGDIG0ub9Fxr/TVMB3CE+H47SkQ/k1g";
    for acting in [MEMBER, OWNER, "nobody@nowhere.example"] {
        for args in [
            &[
                "account",
                "create",
                "evil@x.example",
                "--name",
                "Evil",
                "--staff",
                "support",
            ][..],
            &["account", "create", "evil@x.example", "--name", "Evil"],
            &["export"],
            &["doctor"],
            &["archive"],
            &["import", dump.as_str()],
            &["account", "add-key", MEMBER, "--key", key],
            &[
                "account",
                "remove-key",
                MEMBER,
                "--fingerprint",
                fingerprint,
            ],
            &["account", "keys", MEMBER],
            &["serve", "--listen", "127.0.0.1:0"],
        ] {
            store
                .run_as(acting, args)
                .fails(3)
                .says("store's operator")
                .never_says("evil@x.example");
        }
    }
    // TEAMDESK_AS counts as naming an acting person too.
    let run = store
        .command()
        .env("TEAMDESK_AS", MEMBER)
        .args(["account", "create", "evil@x.example", "--name", "Evil"])
        .output()
        .expect("the binary runs");
    assert_eq!(run.status.code(), Some(3));
    assert_eq!(store.export(), before, "a refused operator command wrote");
}

#[test]
fn the_audit_entry_of_an_account_the_operator_creates_names_the_operator() {
    let store = test_store();
    let dump = store.export();
    let created = list(&dump["audit"])
        .iter()
        .find(|entry| entry["action"] == "account.create" && entry["target"] == STRANGER)
        .expect("the account's creation is audited");
    assert_eq!(created["actor_email"], "operator");
    assert_eq!(created["actor"], Value::Null);
}

#[test]
fn a_clock_override_is_refused_on_a_store_that_runs_on_the_system_clock() {
    let store = Store::new();
    store.team(OWNER, "Olivia Owner", TEAM);
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    let before = store.export();
    let run = store
        .command()
        .env("TEAMDESK_NOW", "2030-01-01T00:00:00Z")
        .args(["--as", OWNER, "team", "show"])
        .output()
        .expect("the binary runs");
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("system clock"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    // The trial the override would have ended is still running.
    assert_eq!(store.export(), before);
    assert!(store.export()["teams"][0]["plan"]["clinic_trial"].is_object());
}

#[test]
fn a_store_created_under_an_override_keeps_accepting_one() {
    let mut store = test_store();
    store.at("2026-05-01T09:00:00Z");
    store.run_as(OWNER, &["team", "show"]).ok();
}

#[test]
fn time_in_a_store_never_runs_backwards() {
    let mut store = test_store();
    store.at("2026-03-10T09:00:00Z");
    store
        .run_as(OWNER, &["invite", "add", "late@x.example"])
        .ok();
    store.at("2026-03-02T09:00:00Z");
    store
        .run_as(OWNER, &["invite", "add", "early@x.example"])
        .ok();
    let dump = store.export();
    let newest = list(&dump["audit"])
        .iter()
        .map(|entry| time(&entry["at"]))
        .max()
        .expect("entries");
    let early = list(&dump["invitations"])
        .iter()
        .find(|i| i["email"] == "early@x.example")
        .expect("the second invitation");
    assert_eq!(time(&early["sent_at"]), newest);
    assert!(newest >= Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap());
}

#[test]
fn an_expired_link_stays_expired_under_an_earlier_clock() {
    let mut store = test_store();
    let link = store.invite(OWNER, "tom@x.example", "member");
    store.account("tom@x.example", "Tom", "free");
    // A change recorded after the link expired moves the store's time past it.
    store.at("2026-04-15T09:00:00Z");
    store
        .run_as(OWNER, &["invite", "add", "ana@x.example"])
        .ok();
    store.at("2026-03-05T09:00:00Z");
    store
        .join("tom@x.example", &link)
        .fails(5)
        .diagnostic("INV-EXPIRED");
}

#[test]
fn nobody_without_a_right_on_a_team_causes_a_write_to_it() {
    let mut store = test_store();
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    store.at("2026-04-01T09:00:00Z");
    let before = store.export();
    for (who, args) in [
        (
            STRANGER,
            &["invite", "revoke", "x@x.example", "--team", TEAM][..],
        ),
        (STRANGER, &["member", "list", "--team", TEAM]),
        (MEMBER, &["invite", "add", "x@x.example"]),
        (MEMBER, &["team", "downgrade"]),
        (MEMBER, &["billing", "show"]),
    ] {
        let run = store.run_as(who, args);
        assert!(
            run.code == 3 || run.code == 4,
            "{who} {args:?} exited {}: {}",
            run.code,
            run.stderr
        );
    }
    assert_eq!(store.export(), before, "a refused actor caused a write");
    // Someone who may view the team does see the trial end, recorded once
    // and named as the system's doing.
    store.run_as(MEMBER, &["team", "show"]).ok();
    let audit = store.audit(OWNER);
    let ends: Vec<&Value> = audit
        .iter()
        .filter(|entry| entry["action"] == "team.trial_end")
        .collect();
    assert_eq!(ends.len(), 1);
    assert_eq!(ends[0]["actor"], "system");
}

#[test]
fn many_refused_openings_keep_the_invitation_and_the_audit_log_bounded() {
    let store = test_store();
    let link = store.invite(OWNER, "pia@x.example", "member");
    let before = store.audit(OWNER).len();
    for i in 0..60 {
        let stranger = format!("stranger{i}@x.example");
        store
            .run_as(&stranger, &["join", &link, "--name", "Stranger"])
            .fails(5)
            .diagnostic("INV-EMAIL-MISMATCH");
    }
    let dump = store.export();
    let invitation = list(&dump["invitations"])
        .iter()
        .find(|i| i["email"] == "pia@x.example")
        .expect("the invitation");
    assert_eq!(list(&invitation["refused_attempts"]).len(), 20);
    assert_eq!(invitation["refused_total"], 60);
    assert_eq!(
        invitation["refused_attempts"][19]["by_email"],
        "stranger59@x.example"
    );
    let refused_entries = store.audit(OWNER).len() - before;
    assert_eq!(refused_entries, 20, "the audit log was not rate-limited");
    store.assert_sound();
}

#[test]
fn the_demo_clock_resumes_where_time_travel_left_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let start = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    teamdesk::demo::seed(dir.path(), Settings::default(), start).expect("the demo seeds");
    {
        let clock = Arc::new(ManualClock::new(start));
        let workspace = Workspace::open(
            dir.path(),
            OpenMode::MustExist,
            clock.clone(),
            Settings::default(),
        )
        .expect("the demo store opens on its clock");
        clock.advance(Duration::days(7));
        workspace.remember_clock().expect("the clock is remembered");
        assert!(workspace.doctor(&Actor::Operator).unwrap().is_sound());
    }
    let store = RawStore::open(dir.path(), OpenMode::MustExist).expect("the store opens again");
    assert_eq!(
        store.override_now().expect("readable"),
        Some(start + Duration::days(7))
    );
}
