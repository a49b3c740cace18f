//! `import` runs every check the commands run, through the real binary: each
//! malformed export (a repeated id, a field a command would refuse) is
//! refused whole with exit 6, naming the first problem and counting the
//! rest, and the store stays empty. A property corrupts a valid export in one
//! generated way and checks the same through the workspace door; `doctor`
//! reports the same field problems on a store that already holds them.

mod support;

use std::sync::{Arc, OnceLock};

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use support::Store;
use teamdesk::domain::template::TEMPLATE_VERSION_MAX;
use teamdesk::sources::ManualClock;
use teamdesk::store::dump::Dump;
use teamdesk::workspace::{Actor, Settings, Workspace};

const START: &str = "2026-03-01T09:00:00Z";
const OWNER: &str = "olivia@bondi.example";
const MEMBER: &str = "tom@bondi.example";
const INVITED: &str = "ana@bondi.example";
const TEAM: &str = "Bondi Family Practice";

/// The export of a Clinic team with an owner, a member who joined, a pending
/// invitation, a template and a billing address: every kind of record.
fn valid_export() -> &'static Value {
    static EXPORT: OnceLock<Value> = OnceLock::new();
    EXPORT.get_or_init(|| {
        let mut store = Store::new();
        store.at(START);
        store.team(OWNER, "Olivia Owner", TEAM);
        store.run_as(OWNER, &["team", "upgrade"]).ok();
        store.member(OWNER, MEMBER, "Tom Nguyen", "member");
        store.invite(OWNER, INVITED, "assistant");
        let body = store.file("soap.txt", "S:\n\tO:\nA:\nP:\n");
        store
            .run_as(OWNER, &["template", "add", "SOAP", "--body-file", &body])
            .ok();
        store
            .run_as(
                OWNER,
                &[
                    "billing",
                    "set",
                    "--billing-email",
                    "accounts@bondi.example",
                ],
            )
            .ok();
        store.export()
    })
}

fn list<'a>(dump: &'a mut Value, collection: &str) -> &'a mut Vec<Value> {
    dump[collection]
        .as_array_mut()
        .unwrap_or_else(|| panic!("the export has a {collection} list"))
}

/// The record of `collection` whose `field` is `value`.
fn record<'a>(dump: &'a mut Value, collection: &str, field: &str, value: &str) -> &'a mut Value {
    list(dump, collection)
        .iter_mut()
        .find(|r| r[field] == value)
        .unwrap_or_else(|| panic!("no {collection} record with {field} {value}"))
}

/// A copy of the first record of `collection`, with its id kept and `change`
/// applied, appended to the export.
fn duplicate(collection: &str, change: impl FnOnce(&mut Value)) -> Value {
    let mut dump = valid_export().clone();
    let mut twin = list(&mut dump, collection)[0].clone();
    change(&mut twin);
    list(&mut dump, collection).push(twin);
    dump
}

/// Imports `dump` into an empty store through the binary, and checks it is
/// refused with exit 6 naming `problem`, and that nothing was imported.
#[track_caller]
fn refused(dump: &Value, problem: &str) {
    let target = Store::new();
    let file = target.file(
        "dump.json",
        &serde_json::to_string(dump).expect("the dump is JSON"),
    );
    target
        .run(&["import", &file])
        .fails(6)
        .says("nothing was imported: ")
        .says(problem);
    let after = target.export();
    for collection in [
        "accounts",
        "teams",
        "memberships",
        "invitations",
        "templates",
        "audit",
        "outbox",
    ] {
        assert_eq!(after[collection], json!([]), "{collection} stays empty");
    }
}

#[test]
fn the_valid_export_imports() {
    let target = Store::new();
    let file = target.file("dump.json", &valid_export().to_string());
    target.run(&["import", &file]).ok();
    target.assert_sound();
    assert_eq!(&target.export(), valid_export());
}

#[test]
fn two_accounts_with_one_id_and_two_addresses_are_refused() {
    let dump = duplicate("accounts", |twin| {
        twin["email"] = json!("other@bondi.example")
    });
    refused(&dump, "two accounts have the id");
}

#[test]
fn two_teams_with_one_id_are_refused_rather_than_one_renamed() {
    let dump = duplicate("teams", |twin| twin["name"] = json!("Renamed Practice"));
    refused(&dump, "two teams have the id");
}

#[test]
fn two_templates_with_one_id_are_refused() {
    let dump = duplicate("templates", |twin| twin["name"] = json!("Other"));
    refused(&dump, "two templates have the id");
}

#[test]
fn two_invitations_with_one_id_are_refused() {
    let dump = duplicate("invitations", |twin| {
        twin["email"] = json!("bo@bondi.example")
    });
    refused(&dump, "two invitations have the id");
}

#[test]
fn a_membership_listed_twice_is_refused() {
    let dump = duplicate("memberships", |_| {});
    refused(&dump, "is listed twice as a member of team");
}

#[test]
fn two_audit_entries_with_one_id_are_refused() {
    let dump = duplicate("audit", |twin| twin["details"] = json!("forged"));
    refused(&dump, "two audit entries have the id");
}

#[test]
fn two_outbox_messages_with_one_id_are_refused() {
    let dump = duplicate("outbox", |twin| twin["subject"] = json!("forged"));
    refused(&dump, "two outbox messages have the id");
}

#[test]
fn a_team_name_holding_an_escape_sequence_is_refused() {
    let mut dump = valid_export().clone();
    record(&mut dump, "teams", "name", TEAM)["name"] = json!("Alpha\u{1b}]0;TITLE\u{7}");
    refused(&dump, "U+001B, a control character");
}

#[test]
fn an_email_that_is_not_an_address_is_refused() {
    let mut dump = valid_export().clone();
    record(&mut dump, "accounts", "email", MEMBER)["email"] = json!("not an email");
    refused(&dump, "is not a valid email address");
}

#[test]
fn an_upper_case_email_that_as_could_never_reach_is_refused() {
    let mut dump = valid_export().clone();
    record(&mut dump, "accounts", "email", MEMBER)["email"] = json!("Tom@Bondi.example");
    refused(
        &dump,
        "the address \"Tom@Bondi.example\" is not in the form the commands store (\"tom@bondi.example\")",
    );
}

#[test]
fn an_email_holding_nul_is_refused() {
    let mut dump = valid_export().clone();
    record(&mut dump, "invitations", "email", INVITED)["email"] = json!("ana\u{0}@bondi.example");
    refused(&dump, "U+0000, a control character");
}

#[test]
fn a_ten_megabyte_template_body_is_refused() {
    let mut dump = valid_export().clone();
    record(&mut dump, "templates", "name", "SOAP")["body"] = json!("x".repeat(10 * 1024 * 1024));
    refused(
        &dump,
        "a template body is 10485760 bytes; the limit is 65536",
    );
}

#[test]
fn a_five_thousand_character_template_name_is_refused() {
    let mut dump = valid_export().clone();
    record(&mut dump, "templates", "name", "SOAP")["name"] = json!("n".repeat(5_000));
    refused(
        &dump,
        "a template name is 5000 characters long; the limit is 120",
    );
}

#[test]
fn a_full_card_number_on_an_account_or_as_a_billing_email_is_refused() {
    let mut dump = valid_export().clone();
    record(&mut dump, "accounts", "email", MEMBER)["payment_method"] = json!({
        "brand": "4242424242424242",
        "last4": "4242",
        "expiry_month": 12,
        "expiry_year": 2028
    });
    refused(&dump, "full card number");
    let mut dump = valid_export().clone();
    record(&mut dump, "teams", "name", TEAM)["billing_email"] = json!("4242424242424242@x.example");
    refused(&dump, "full card number");
}

/// An Ed25519 public key, as `ssh-keygen` wrote it.
const ED25519: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGrq2Knz8ACmtIuHf38tC95MmHTQ9h+c+7GPrGlWPPtd ana@laptop";

#[test]
fn an_ssh_key_the_commands_would_refuse_is_refused() {
    let mut dump = valid_export().clone();
    record(&mut dump, "accounts", "email", MEMBER)["ssh_keys"] = json!([
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQChwNgxW1HUFUNZ5t1NU28CUsNfNQy24lFhMT8o13Qkqnnysm7zWzy34YqLrrj1NuaK9e3XU8tfsTthH4Qa+p5MWdMQinGPXbPVysptrcU9xq4guEFvJA88Fp1bKrj7qKews+xTu7g6tO4ITRKSKu7m7Kx7rHGbDLEqu+BuI8D/rw+GS+EJcilfpNs1EF77FWkzRSbgFp6vcTP8QBLSUEjf1qH4Km2ugUhtClSFhahKFthw9uvqXChFTUJR0eDjte729nGV6gjMXo5mqItY5LFZLZbI7x4YSkhtyzkvjweqjS8sjs38l55eSjse7b8FPACXJ7wVJzYmR8yTsHu1TS37 old@laptop"
    ]);
    refused(&dump, "RSA keys are not accepted");
}

#[test]
fn one_ssh_key_on_two_accounts_or_twice_on_one_is_refused() {
    let mut dump = valid_export().clone();
    for email in [OWNER, MEMBER] {
        record(&mut dump, "accounts", "email", email)["ssh_keys"] = json!([ED25519]);
    }
    refused(&dump, "two accounts hold the SSH key SHA256:");
    let mut dump = valid_export().clone();
    record(&mut dump, "accounts", "email", MEMBER)["ssh_keys"] = json!([ED25519, ED25519]);
    refused(&dump, "tom@bondi.example holds the SSH key SHA256:");
}

#[test]
fn a_template_past_the_version_limit_is_refused() {
    let mut dump = valid_export().clone();
    record(&mut dump, "templates", "name", "SOAP")["version"] = json!(1_000_000_001);
    refused(&dump, "its version is 1000000001");
}

#[test]
fn a_template_at_version_u32_max_is_refused() {
    let mut dump = valid_export().clone();
    record(&mut dump, "templates", "name", "SOAP")["version"] = json!(u32::MAX);
    refused(&dump, "its version is 4294967295");
}

#[test]
fn the_refusal_counts_the_other_problems() {
    let mut dump = valid_export().clone();
    record(&mut dump, "teams", "name", TEAM)["name"] = json!("Alpha\u{202E}");
    record(&mut dump, "templates", "name", "SOAP")["version"] = json!(0);
    record(&mut dump, "accounts", "email", OWNER)["name"] = json!(" Olivia");
    refused(&dump, "(and 2 more problems)");
}

#[test]
fn doctor_reports_the_field_problems_of_an_existing_store() {
    let mut store = Store::new();
    store.at(START);
    store.team(OWNER, "Olivia Owner", TEAM);
    {
        let opened =
            teamdesk::store::Store::open(&store.path(), teamdesk::store::OpenMode::MustExist)
                .expect("the store opens");
        let mut dump = Dump::load(&opened).expect("the store loads");
        let team = &mut dump.teams[0];
        team.name = "Alpha\u{1b}]0;TITLE\u{7}".into();
        let account = &mut dump.accounts[0];
        account.email = serde_json::from_value(json!("Olivia@Bondi.example")).expect("an address");
        opened
            .write(|tx| {
                tx.put_team(&dump.teams[0])?;
                tx.put_account(&dump.accounts[0])
            })
            .expect("the damage is written");
    }
    store
        .run(&["doctor"])
        .fails(1)
        .says("a team name cannot contain U+001B, a control character")
        .says("is not in the form the commands store (\"olivia@bondi.example\")");
}

// ---------------------------------------------------------------------------
// A property over generated corruptions of a valid export.

/// Characters that have no place in a name or an address.
const PLANTED: &[char] = &[
    '\u{0}',
    '\u{7}',
    '\u{1b}',
    '\u{7f}',
    '\u{85}',
    '\u{9b}',
    '\u{202E}',
    '\u{2067}',
    '\u{200B}',
    '\u{200D}',
    '\u{FEFF}',
    '\u{3164}',
    '\u{115F}',
    '\u{E0041}',
    '\u{FE0F}',
    '\u{034F}',
    '\u{180B}',
    '\u{1D173}',
    '\u{2028}',
];

/// The collections whose records carry an id.
const WITH_IDS: &[&str] = &[
    "accounts",
    "teams",
    "invitations",
    "templates",
    "audit",
    "outbox",
];

/// Where an address lives: collection and field.
const EMAIL_FIELDS: &[(&str, &str)] = &[
    ("accounts", "email"),
    ("invitations", "email"),
    ("outbox", "to"),
    ("audit", "actor_email"),
];

/// Where a name lives: collection, field and its limit in characters.
const NAME_FIELDS: &[(&str, &str, usize)] = &[
    ("accounts", "name", 120),
    ("teams", "name", 80),
    ("templates", "name", 120),
];

/// How an address is broken.
#[derive(Debug, Clone, Copy)]
enum BrokenEmail {
    UpperCase,
    NoAt,
    Spaced,
    Kelvin,
}

/// One way to damage a valid export.
#[derive(Debug, Clone)]
enum Corruption {
    /// A copy of a record, id kept, appended.
    RepeatId {
        collection: &'static str,
        pick: Index,
    },
    BreakEmail {
        field: (&'static str, &'static str),
        pick: Index,
        how: BrokenEmail,
    },
    /// A forbidden character inserted into a name.
    PlantChar {
        field: (&'static str, &'static str, usize),
        pick: Index,
        c: char,
        at: Index,
    },
    /// A name one past its limit, or a body past 64 KiB.
    Oversize {
        field: Option<(&'static str, &'static str, usize)>,
        pick: Index,
        extra: usize,
    },
    BadVersion {
        version: u32,
    },
}

fn corruption() -> impl Strategy<Value = Corruption> {
    let broken_email = prop_oneof![
        Just(BrokenEmail::UpperCase),
        Just(BrokenEmail::NoAt),
        Just(BrokenEmail::Spaced),
        Just(BrokenEmail::Kelvin),
    ];
    prop_oneof![
        (select(WITH_IDS), any::<Index>())
            .prop_map(|(collection, pick)| Corruption::RepeatId { collection, pick }),
        (select(EMAIL_FIELDS), any::<Index>(), broken_email)
            .prop_map(|(field, pick, how)| Corruption::BreakEmail { field, pick, how }),
        (
            select(NAME_FIELDS),
            any::<Index>(),
            select(PLANTED),
            any::<Index>()
        )
            .prop_map(|(field, pick, c, at)| Corruption::PlantChar { field, pick, c, at }),
        (
            proptest::option::of(select(NAME_FIELDS)),
            any::<Index>(),
            1usize..2_000
        )
            .prop_map(|(field, pick, extra)| Corruption::Oversize { field, pick, extra }),
        prop_oneof![Just(0), (TEMPLATE_VERSION_MAX + 1)..=u32::MAX]
            .prop_map(|version| Corruption::BadVersion { version }),
    ]
}

impl Corruption {
    fn apply(&self, dump: &mut Value) {
        match self {
            Corruption::RepeatId { collection, pick } => {
                let records = list(dump, collection);
                let twin = pick.get(records).clone();
                records.push(twin);
            }
            Corruption::BreakEmail { field, pick, how } => {
                let (collection, name) = *field;
                let records = list(dump, collection);
                // Audit entries written by the clock name "system", not an address.
                let addressed: Vec<_> = records
                    .iter_mut()
                    .filter(|r| r[name].as_str().is_some_and(|v| v.contains('@')))
                    .collect();
                let len = addressed.len();
                let target = addressed
                    .into_iter()
                    .nth(pick.index(len))
                    .expect("an address");
                let address = target[name].as_str().expect("a string").to_owned();
                target[name] = json!(match how {
                    BrokenEmail::UpperCase => address.to_uppercase(),
                    BrokenEmail::NoAt => address.replace('@', ""),
                    BrokenEmail::Spaced => format!(" {address}"),
                    BrokenEmail::Kelvin => format!("\u{212A}{address}"),
                });
            }
            Corruption::PlantChar { field, pick, c, at } => {
                let (collection, name, _) = *field;
                let target = &mut pick.get_mut(list(dump, collection))[name];
                let mut chars: Vec<char> = target.as_str().expect("a name").chars().collect();
                chars.insert(at.index(chars.len() + 1), *c);
                *target = json!(chars.into_iter().collect::<String>());
            }
            Corruption::Oversize { field, pick, extra } => {
                let (collection, name, limit) = field.unwrap_or(("templates", "body", 64 * 1024));
                pick.get_mut(list(dump, collection))[name] = json!("é".repeat(limit + extra));
            }
            Corruption::BadVersion { version } => {
                list(dump, "templates")[0]["version"] = json!(version);
            }
        }
    }
}

#[test]
fn a_corrupted_export_is_refused_whole() {
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&corruption(), |corruption| {
        let mut dump = valid_export().clone();
        corruption.apply(&mut dump);
        let dump: Dump = serde_json::from_value(dump).expect("the damage still deserialises");
        let dir = tempfile::tempdir().expect("a temporary directory");
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        ));
        let workspace = Workspace::open(
            &dir.path().join("store"),
            teamdesk::store::OpenMode::CreateIfMissing,
            clock,
            Settings::default(),
        )
        .expect("open a store");
        match workspace.import(&Actor::Operator, &dump) {
            Ok(report) => {
                return Err(TestCaseError::fail(format!(
                    "{corruption:?} was imported: {report:?}"
                )));
            }
            Err(error) => {
                prop_assert_eq!(error.exit_code(), 6, "{:?}: {}", corruption, error);
                prop_assert!(error.to_string().contains("nothing was imported"));
            }
        }
        let after = workspace.export(&Actor::Operator).expect("export");
        prop_assert!(
            after.accounts.is_empty()
                && after.teams.is_empty()
                && after.memberships.is_empty()
                && after.invitations.is_empty()
                && after.templates.is_empty()
                && after.audit.is_empty()
                && after.outbox.is_empty(),
            "{:?} left records behind",
            corruption
        );
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
