//! Lists at scale: the display-order rows of members and invitations, the
//! open invitations by expiry and the team counters, kept in step with
//! their records, built for an older store when it opens, checked by
//! `doctor`; and the windowed reads on them, authorised as the full reads.

mod support;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;
use teamdesk::domain::InvitationStatus;
use teamdesk::sources::ManualClock;
use teamdesk::workspace::{Actor, InvitationFilter, Settings, TeamChoice, Workspace};

const OWNER: &str = "olivia@bondi.example";
const MEMBER: &str = "tom@bondi.example";
const ASSISTANT: &str = "ana@bondi.example";
const PENDING: &str = "ben@bondi.example";
const REVOKED: &str = "cat@bondi.example";
const SUPPORT: &str = "sam@teamdesk.example";
const OUTSIDER: &str = "otto@elsewhere.example";
const NOW: &str = "2026-03-02T09:00:00Z";

/// Bondi, a Clinic team on its trial: its owner, a member and an assistant who joined, an invitation
/// pending and one revoked; support staff and a person in no team.
fn clinic() -> support::Store {
    let mut store = support::Store::new();
    store.at(NOW);
    store.team(OWNER, "Olivia Owner", "Bondi");
    store.run_as(OWNER, &["team", "upgrade"]).ok();
    store.member(OWNER, MEMBER, "Tom Member", "member");
    store.member(OWNER, ASSISTANT, "ana Assistant", "assistant");
    store.invite(OWNER, PENDING, "member");
    store.invite(OWNER, REVOKED, "member");
    store.run_as(OWNER, &["invite", "revoke", REVOKED]).ok();
    store.support_account(SUPPORT, "Sam Support");
    store.account(OUTSIDER, "Otto Outsider", "free");
    store.assert_sound();
    store
}

/// The team's id as the store's keys begin with it.
fn bondi(store: &support::Store) -> Vec<u8> {
    let dump = store.export();
    support::uuid_bytes(&dump["teams"][0]["id"])
}

/// `doctor`'s problems, expecting it to fail.
fn problems(store: &support::Store) -> Vec<String> {
    let report = store.run(&["--json", "doctor"]).fails(1).json();
    report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p.as_str().expect("a sentence").to_owned())
        .collect()
}

// ---- doctor checks each of them -------------------------------------------

#[test]
fn doctor_finds_a_member_row_that_shows_someone_else() {
    let store = clinic();
    let team = bondi(&store);
    store.sled("data", |db| {
        let rows = db.open_tree("member_rows").unwrap();
        let mut all = rows.scan_prefix(&team).map(Result::unwrap);
        let (first, _) = all.next().expect("a row");
        let (_, second) = all.next().expect("another row");
        rows.insert(first, second).unwrap();
    });
    assert_eq!(
        problems(&store),
        ["index member_rows has 1 entries pointing at the wrong record"]
    );
}

#[test]
fn doctor_finds_an_invitation_row_gone() {
    let store = clinic();
    let team = bondi(&store);
    store.sled("data", |db| {
        let rows = db.open_tree("invitation_rows").unwrap();
        let (key, _) = rows.scan_prefix(&team).next().unwrap().unwrap();
        rows.remove(key).unwrap();
    });
    assert_eq!(
        problems(&store),
        ["index invitation_rows is missing 1 entries"]
    );
}

#[test]
fn doctor_finds_an_expiry_entry_of_no_open_invitation() {
    let store = clinic();
    let mut key = bondi(&store);
    key.extend_from_slice(&[0x80; 8]);
    key.extend_from_slice(&[0x42; 16]);
    store.sled("data", |db| {
        db.open_tree("open_invitation_expiry")
            .unwrap()
            .insert(key, &[0x80; 8])
            .unwrap();
    });
    assert_eq!(
        problems(&store),
        ["index open_invitation_expiry has 1 entries that match no record"]
    );
}

#[test]
fn doctor_finds_a_counter_that_drifted_from_its_records() {
    let store = clinic();
    let team = bondi(&store);
    for (counter, name, records) in [(1u8, "members", 3), (4, "open invitations", 1)] {
        let mut key = team.clone();
        key.push(counter);
        store.sled("data", |db| {
            db.open_tree("team_counts")
                .unwrap()
                .insert(key.clone(), &7i64.to_be_bytes())
                .unwrap();
        });
        assert_eq!(
            problems(&store),
            [format!(
                "the {name} count of team Bondi is 7; its records make it {records}"
            )]
        );
        store.sled("data", |db| {
            db.open_tree("team_counts")
                .unwrap()
                .insert(key, &i64::to_be_bytes(records))
                .unwrap();
        });
        store.assert_sound();
    }
}

#[test]
fn doctor_finds_an_archived_invitation_without_its_row() {
    let mut store = clinic();
    store.at("2026-06-10T09:00:00Z");
    store.run(&["archive"]).ok();
    let team = bondi(&store);
    store.sled("archive", |db| {
        let rows = db.open_tree("invitation_rows").unwrap();
        let (key, _) = rows.scan_prefix(&team).next().unwrap().unwrap();
        rows.remove(key).unwrap();
    });
    assert_eq!(
        problems(&store),
        ["archive index invitation_rows is missing 1 entries"]
    );
}

// ---- an older store gains them when it opens --------------------------------

#[test]
fn a_schema_2_store_gains_its_rows_and_counters_when_opened() {
    let store = clinic();
    let members = store
        .run_as(OWNER, &["--json", "member", "list"])
        .ok()
        .json();
    let invitations = store
        .run_as(OWNER, &["--json", "invite", "list"])
        .ok()
        .json();
    store.sled("data", |db| {
        for index in [
            "member_rows",
            "invitation_rows",
            "open_invitation_expiry",
            "team_counts",
        ] {
            db.drop_tree(index).unwrap();
        }
        db.open_tree("meta")
            .unwrap()
            .insert("schema", &2u32.to_be_bytes())
            .unwrap();
    });
    let team = store.run_as(OWNER, &["--json", "team", "show"]).ok().json();
    assert_eq!(team["members"], 3, "{team}");
    assert_eq!(team["billable_seats"], 2, "{team}");
    let listed = |args: &[&str]| store.run_as(OWNER, args).ok().json();
    assert_eq!(listed(&["--json", "member", "list"]), members);
    assert_eq!(listed(&["--json", "invite", "list"]), invitations);
    store.assert_sound();
    let schema = store.sled("data", |db| {
        db.open_tree("meta").unwrap().get("schema").unwrap()
    });
    assert_eq!(
        schema.as_deref(),
        Some(&teamdesk::store::SCHEMA_VERSION.to_be_bytes()[..])
    );
}

// ---- windows ------------------------------------------------------------------

fn open(store: &support::Store) -> Workspace {
    let now: DateTime<Utc> = NOW.parse().unwrap();
    Workspace::open(
        &store.path(),
        teamdesk::store::OpenMode::MustExist,
        Arc::new(ManualClock::new(now)),
        Settings::default(),
    )
    .expect("the workspace opens")
}

fn person(email: &str) -> Actor {
    Actor::person(email).unwrap()
}

#[test]
fn a_members_window_is_the_full_list_cut_with_its_total() {
    let store = clinic();
    let full: Vec<Value> = store
        .run_as(OWNER, &["--json", "member", "list"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .clone();
    let workspace = open(&store);
    let names = |rows: &[teamdesk::workspace::MemberRow]| -> Vec<String> {
        rows.iter().map(|row| row.email.clone()).collect()
    };
    let listed: Vec<String> = full
        .iter()
        .map(|m| m["email"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        listed,
        [ASSISTANT, OWNER, MEMBER],
        "by name, whatever its case"
    );

    let first = workspace
        .members_window(&person(MEMBER), &TeamChoice::Own, 0, 2)
        .unwrap();
    assert_eq!((first.total, first.offset), (3, 0));
    assert_eq!(names(&first.rows), listed[..2]);
    let rest = workspace
        .members_window(&person(MEMBER), &TeamChoice::Own, 2, 2)
        .unwrap();
    assert_eq!(names(&rest.rows), listed[2..]);
    let past = workspace
        .members_window(&person(MEMBER), &TeamChoice::Own, 9, 2)
        .unwrap();
    assert_eq!((past.total, past.rows.len()), (3, 0));

    let owner = &first.rows[1];
    assert!(owner.owner && owner.billable, "{owner:?}");
    assert_eq!(owner.name, "Olivia Owner");
    assert!(!first.rows[0].billable, "an assistant takes no seat");

    let streamed: Vec<String> = workspace
        .member_rows(&person(OWNER), &TeamChoice::Own)
        .unwrap()
        .map(|row| row.unwrap().email)
        .collect();
    assert_eq!(streamed, listed);

    let support = workspace
        .members_window(&person(SUPPORT), &TeamChoice::Named("Bondi".into()), 0, 10)
        .unwrap();
    assert_eq!(support.total, 3);
}

#[test]
fn an_invitations_window_counts_and_cuts_by_status() {
    let store = clinic();
    let full = store
        .run_as(OWNER, &["--json", "invite", "list"])
        .ok()
        .json();
    let workspace = open(&store);
    let owner = person(OWNER);
    let all = workspace
        .invitations_window(&owner, &TeamChoice::Own, InvitationFilter::All, 0, 10)
        .unwrap();
    assert_eq!(all.total, 4, "two accepted, one pending, one revoked");
    let emails: Vec<&str> = all.rows.iter().map(|row| row.email.as_str()).collect();
    let listed: Vec<&str> = full
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, listed, "the full list's order");

    let pending = workspace
        .invitations_window(
            &owner,
            &TeamChoice::Own,
            InvitationFilter::Status(InvitationStatus::Pending),
            0,
            10,
        )
        .unwrap();
    assert_eq!(pending.total, 1);
    assert_eq!(pending.rows[0].email, PENDING);
    assert_eq!(
        pending.rows[0].status_at(pending.now),
        InvitationStatus::Pending
    );

    let second = workspace
        .invitations_window(&owner, &TeamChoice::Own, InvitationFilter::All, 1, 1)
        .unwrap();
    assert_eq!(
        (second.total, second.rows[0].email.as_str()),
        (4, listed[1])
    );

    let counts = workspace.team_counts(&owner, &TeamChoice::Own).unwrap();
    let invitations = counts.invitations.expect("the owner sees invitations");
    assert_eq!(
        (counts.members, counts.billable_seats, counts.assistants),
        (3, 2, 1)
    );
    assert_eq!(
        (
            invitations.pending,
            invitations.revoked,
            invitations.accepted
        ),
        (1, 1, 2)
    );
}

#[test]
fn windows_refuse_whoever_the_full_reads_refuse() {
    let store = clinic();
    let workspace = open(&store);
    let refused = |error: teamdesk::Error| error.to_string();
    let member = person(MEMBER);
    let invitations = workspace
        .invitations_window(&member, &TeamChoice::Own, InvitationFilter::All, 0, 10)
        .map(|_| ())
        .unwrap_err();
    let full = workspace
        .invitations(&member, &TeamChoice::Own, None)
        .unwrap_err();
    assert_eq!(refused(invitations), refused(full));
    assert!(
        workspace
            .invitation_rows(&member, &TeamChoice::Own, InvitationFilter::All)
            .is_err()
    );
    assert!(
        workspace
            .team_counts(&member, &TeamChoice::Own)
            .unwrap()
            .invitations
            .is_none()
    );

    let outsider = person(OUTSIDER);
    let members = workspace
        .members_window(&outsider, &TeamChoice::Named("Bondi".into()), 0, 10)
        .map(|_| ())
        .unwrap_err();
    let full = workspace
        .members(&outsider, &TeamChoice::Named("Bondi".into()))
        .unwrap_err();
    assert_eq!(refused(members), refused(full));
    assert!(workspace.member_rows(&outsider, &TeamChoice::Own).is_err());
}
