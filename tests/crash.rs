//! Crash safety (SPEC §5): a change is acknowledged only once it is on disk,
//! and a crash at any moment loses no acknowledged change and leaves no
//! half-applied one.
//!
//! The test runs the real binary making a stream of changes, kills some runs
//! with SIGKILL at random moments of their life, reopens the store after each
//! kill (`doctor` must pass) and finally checks every acknowledged change
//! against an export. Set `TEAMDESK_CRASH_SEED` to replay a run.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::ExitStatusExt;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

const OWNER: &str = "olivia@bondi.example";
/// Addresses in one bulk invite: all of them land, or none.
const BULK_SIZE: usize = 10;
/// Kills of a live process the test aims for, and the fewest it accepts.
const KILLS_WANTED: usize = 64;
const KILLS_REQUIRED: usize = 50;
/// A bound on the stream, so a machine where kills keep missing still ends.
const MAX_RUNS: usize = 400;
/// Half the kills land anywhere from the start to this multiple of a normal
/// run's duration ...
const KILL_SPREAD: f64 = 1.2;
/// ... and half in its last part, where the change is written and flushed
/// (opening the store takes most of a run; writing happens a few
/// milliseconds before the output and the exit).
const LATE_KILLS: (f64, f64) = (0.8, 1.05);
const SIGKILL: i32 = 9;

/// xorshift64*: small, seedable, good enough to pick moments and actions.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn seed() -> u64 {
    match std::env::var("TEAMDESK_CRASH_SEED") {
        Ok(text) => text
            .trim()
            .parse()
            .expect("TEAMDESK_CRASH_SEED is a number"),
        Err(_) => {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .expect("the clock is after 1970")
                .as_nanos() as u64;
            nanos ^ (u64::from(std::process::id()) << 32)
        }
    }
}

/// The kinds of change in the stream; each has its own normal duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Invite,
    BulkInvite,
    Join,
}

/// How one run of the binary ended.
enum Ended {
    /// It exited 0 before any kill.
    Exited(Output),
    /// SIGKILL ended the live process, with what it had printed by then.
    Killed(Output),
}

impl Ended {
    /// The output of a run whose change is acknowledged: it exited 0, or it
    /// was killed after printing its whole result (the result is printed
    /// only once the change is on disk, so a script may already rely on it).
    fn acknowledged(&self) -> Option<&Output> {
        match self {
            Ended::Exited(output) => Some(output),
            Ended::Killed(output) => serde_json::from_slice::<Value>(&output.stdout)
                .is_ok()
                .then_some(output),
        }
    }
}

/// Everything the stream did, to check the store against.
#[derive(Default)]
struct Ledger {
    /// Every address ever named in an invite, acknowledged or not.
    attempted: BTreeSet<String>,
    /// Invitations whose command exited 0.
    acknowledged_invites: BTreeSet<String>,
    /// Every bulk invite tried, acknowledged or not.
    batches: Vec<Vec<String>>,
    /// Links of acknowledged invitations nobody has tried to accept yet.
    unused_links: Vec<(String, String)>,
    /// Joins whose command exited 0.
    acknowledged_joins: BTreeSet<String>,
    /// Invites (by their first address) and joins killed before they
    /// reported, to count the kills that came after the change was written.
    killed_invites: Vec<String>,
    killed_joins: Vec<String>,
    next_address: usize,
    runs: usize,
    kills: usize,
    /// Kills that came after the run had printed its result.
    kills_after_report: usize,
}

impl Ledger {
    fn count(&mut self, ended: &Ended) {
        if let Ended::Killed(_) = ended {
            self.kills += 1;
            if ended.acknowledged().is_some() {
                self.kills_after_report += 1;
            }
        }
    }

    fn fresh_address(&mut self) -> String {
        self.next_address += 1;
        let address = format!("person{:04}@crash.example", self.next_address);
        self.attempted.insert(address.clone());
        address
    }
}

/// Runs one change, killing it after `kill_after` when given.
fn run_change(store: &support::Store, args: &[String], kill_after: Option<Duration>) -> Ended {
    let mut child = store
        .command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the teamdesk binary starts");
    if let Some(delay) = kill_after {
        std::thread::sleep(delay);
        // An error here means the child is already gone; its status says how.
        if let Err(error) = child.kill() {
            eprintln!("kill after {delay:?} found no live process: {error}");
        }
    }
    let output = child
        .wait_with_output()
        .expect("the teamdesk binary finishes");
    if output.status.signal() == Some(SIGKILL) {
        return Ended::Killed(output);
    }
    assert!(
        output.status.success(),
        "`teamdesk {}` failed ({:?}):\nstdout: {}\nstderr: {}",
        args.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ended::Exited(output)
}

/// The links an acknowledged `--json invite add` printed, one per address.
fn invited_links(output: &Output, addresses: &[String]) -> Vec<(String, String)> {
    let results: Value = serde_json::from_slice(&output.stdout).expect("invite prints JSON");
    let results = results.as_array().expect("a list of results");
    assert_eq!(results.len(), addresses.len(), "one result per address");
    results
        .iter()
        .zip(addresses)
        .map(|(result, address)| {
            assert_eq!(result["result"], "invited", "{address} was invited");
            assert_eq!(result["email"], address.as_str());
            let link = result["link"].as_str().expect("a link").to_owned();
            (address.clone(), link)
        })
        .collect()
}

fn invite_args(addresses: &[String]) -> Vec<String> {
    let mut args: Vec<String> = ["--as", OWNER, "--json", "invite", "add"]
        .map(String::from)
        .to_vec();
    args.extend(addresses.iter().cloned());
    args
}

fn join_args(address: &str, link: &str) -> Vec<String> {
    [
        "--as",
        address,
        "--json",
        "join",
        link,
        "--name",
        "Crash Tester",
    ]
    .map(String::from)
    .to_vec()
}

/// One change of `kind`, recorded in the ledger. Returns how long it ran.
fn step(
    store: &support::Store,
    ledger: &mut Ledger,
    kind: Kind,
    kill_after: Option<Duration>,
) -> Duration {
    ledger.runs += 1;
    let started = Instant::now();
    match kind {
        Kind::Invite | Kind::BulkInvite => {
            let count = if kind == Kind::Invite { 1 } else { BULK_SIZE };
            let addresses: Vec<String> = (0..count).map(|_| ledger.fresh_address()).collect();
            if kind == Kind::BulkInvite {
                ledger.batches.push(addresses.clone());
            }
            let ended = run_change(store, &invite_args(&addresses), kill_after);
            ledger.count(&ended);
            match ended.acknowledged() {
                Some(output) => {
                    let links = invited_links(output, &addresses);
                    ledger.acknowledged_invites.extend(addresses);
                    ledger.unused_links.extend(links);
                }
                None => ledger.killed_invites.push(addresses[0].clone()),
            }
        }
        Kind::Join => {
            let (address, link) = ledger.unused_links.pop().expect("a link to accept");
            let ended = run_change(store, &join_args(&address, &link), kill_after);
            ledger.count(&ended);
            if ended.acknowledged().is_some() {
                ledger.acknowledged_joins.insert(address);
            } else {
                ledger.killed_joins.push(address);
            }
        }
    }
    started.elapsed()
}

fn count<'a>(values: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for value in values {
        *counts.entry(value.to_owned()).or_insert(0) += 1;
    }
    counts
}

fn str_of<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} is a string in {value}"))
}

/// The store's records as exported, one list per kind.
struct Export {
    accounts: Vec<Value>,
    memberships: Vec<Value>,
    invitations: Vec<Value>,
    audit: Vec<Value>,
    outbox: Vec<Value>,
}

impl Export {
    fn read(store: &support::Store) -> Export {
        let dump = store.run(&["export"]).ok().json();
        let list = |name: &str| dump[name].as_array().expect("a list").clone();
        Export {
            accounts: list("accounts"),
            memberships: list("memberships"),
            invitations: list("invitations"),
            audit: list("audit"),
            outbox: list("outbox"),
        }
    }

    /// How many audit entries of `action` each target has.
    fn entries(&self, action: &str) -> BTreeMap<String, usize> {
        count(
            self.audit
                .iter()
                .filter(|entry| entry["action"] == action)
                .map(|entry| str_of(entry, "target")),
        )
    }
}

/// Checks the whole store against the ledger: acknowledged changes are
/// there, and every change is there entirely or not at all. Returns how many
/// runs killed before reporting had written their change.
fn verify(store: &support::Store, ledger: &Ledger, seed: u64) -> usize {
    store.assert_sound();
    let export = Export::read(store);
    let context = format!("(seed {seed})");
    let invited = verify_invitations(&export, ledger, &context);
    verify_messages(&export, &context);
    let invited_once: BTreeMap<String, usize> = invited.keys().map(|e| (e.clone(), 1)).collect();
    assert_eq!(
        export.entries("invite.add"),
        invited_once,
        "invite.add audit entries match the invitations {context}"
    );
    let accepted = verify_joins(&export, ledger, &context);
    let landed_invites = ledger
        .killed_invites
        .iter()
        .filter(|email| invited.contains_key(*email))
        .count();
    let landed_joins = ledger
        .killed_joins
        .iter()
        .filter(|email| accepted.contains(*email))
        .count();
    landed_invites + landed_joins
}

/// Invitations: each address at most once, only addresses the stream named,
/// every acknowledged one there, bulk invites whole or absent. Returns the
/// invitations by address.
fn verify_invitations<'a>(
    export: &'a Export,
    ledger: &Ledger,
    context: &str,
) -> BTreeMap<String, &'a Value> {
    let mut invited = BTreeMap::new();
    for invitation in &export.invitations {
        let email = str_of(invitation, "email").to_owned();
        assert!(
            ledger.attempted.contains(&email),
            "an invitation nobody sent: {email} {context}"
        );
        let again = invited.insert(email.clone(), invitation);
        assert!(again.is_none(), "{email} was invited twice {context}");
    }
    for email in &ledger.acknowledged_invites {
        assert!(
            invited.contains_key(email),
            "the acknowledged invitation of {email} is lost {context}"
        );
    }
    for batch in &ledger.batches {
        let present = batch.iter().filter(|e| invited.contains_key(*e)).count();
        assert!(
            present == 0 || present == batch.len(),
            "a bulk invite is half-applied: {present} of {} addresses ({}..) {context}",
            batch.len(),
            batch[0]
        );
    }
    invited
}

/// Each invitation moved with its outbox message, and no message outlived
/// its invitation.
fn verify_messages(export: &Export, context: &str) {
    let messages: BTreeMap<&str, &Value> =
        export.outbox.iter().map(|m| (str_of(m, "id"), m)).collect();
    let invitation_ids: BTreeSet<&str> =
        export.invitations.iter().map(|i| str_of(i, "id")).collect();
    for invitation in &export.invitations {
        let message = str_of(invitation, "message");
        assert!(
            messages.contains_key(message),
            "the invitation of {} lost its email {context}",
            str_of(invitation, "email")
        );
    }
    for message in &export.outbox {
        if let Some(id) = message["invitation"].as_str() {
            assert!(
                invitation_ids.contains(id),
                "an email to {} for an invitation that is not there {context}",
                str_of(message, "to")
            );
        }
    }
}

/// Joins: account, membership, accepted invitation and audit move together,
/// and every acknowledged join is there. Returns the accepted addresses.
fn verify_joins(export: &Export, ledger: &Ledger, context: &str) -> BTreeSet<String> {
    let accepted: BTreeSet<String> = export
        .invitations
        .iter()
        .filter(|i| i["state"].get("accepted").is_some())
        .map(|i| str_of(i, "email").to_owned())
        .collect();
    let email_of: BTreeMap<&str, &str> = export
        .accounts
        .iter()
        .map(|a| (str_of(a, "id"), str_of(a, "email")))
        .collect();
    let members: BTreeSet<String> = export
        .memberships
        .iter()
        .map(|m| email_of[str_of(m, "account")].to_owned())
        .filter(|email| email != OWNER)
        .collect();
    let joined_accounts: BTreeSet<String> = export
        .accounts
        .iter()
        .map(|a| str_of(a, "email").to_owned())
        .filter(|email| email != OWNER)
        .collect();
    assert_eq!(
        members, accepted,
        "members are exactly the accepted invitations {context}"
    );
    assert_eq!(
        joined_accounts, accepted,
        "accounts are exactly the accepted invitations {context}"
    );
    for account in &export.accounts {
        assert_eq!(
            account["plan"],
            "team",
            "{} is covered by the team {context}",
            str_of(account, "email")
        );
    }
    let accepted_once: BTreeMap<String, usize> = accepted.iter().map(|e| (e.clone(), 1)).collect();
    assert_eq!(
        export.entries("invite.accept"),
        accepted_once,
        "invite.accept audit entries match the joins {context}"
    );
    let mut created = export.entries("account.create");
    created.remove(OWNER);
    assert_eq!(
        created, accepted_once,
        "account.create audit entries match the joins {context}"
    );
    for email in &ledger.acknowledged_joins {
        assert!(
            accepted.contains(email),
            "the acknowledged join of {email} is lost {context}"
        );
    }
    accepted
}

/// How long a run of each kind normally takes, learnt from the runs that
/// were not killed (machines get busier and quieter while the test runs).
struct Pace(BTreeMap<Kind, Duration>);

impl Pace {
    fn learn(&mut self, kind: Kind, took: Duration) {
        let estimate = self.0.entry(kind).or_insert(took);
        *estimate = estimate.mul_f64(0.7) + took.mul_f64(0.3);
    }

    /// A moment to kill a run of `kind`, or none to let it finish.
    fn kill_moment(&self, kind: Kind, rng: &mut Rng) -> Option<Duration> {
        // One run in four is left alone: it is acknowledged, and it keeps the pace current.
        if rng.chance(0.25) {
            return None;
        }
        let normal = self.0[&kind];
        let share = if rng.chance(0.5) {
            rng.unit() * KILL_SPREAD
        } else {
            LATE_KILLS.0 + rng.unit() * (LATE_KILLS.1 - LATE_KILLS.0)
        };
        Some(normal.mul_f64(share))
    }
}

#[test]
fn sigkill_at_any_moment_loses_no_acknowledged_change_and_leaves_no_half_change() {
    let seed = seed();
    eprintln!("crash test seed: {seed} (replay with TEAMDESK_CRASH_SEED={seed})");
    let mut rng = Rng::new(seed);
    let started = Instant::now();

    let store = support::Store::new();
    store.account(OWNER, "Olivia Owner", "pro");
    store.run_as(OWNER, &["team", "create", "Bondi"]).ok();

    // A normal run of each kind, measured without kills.
    let mut ledger = Ledger::default();
    let mut pace = Pace(BTreeMap::new());
    for kind in [
        Kind::Invite,
        Kind::Invite,
        Kind::Invite,
        Kind::BulkInvite,
        Kind::BulkInvite,
        Kind::Join,
        Kind::Join,
    ] {
        let took = step(&store, &mut ledger, kind, None);
        pace.learn(kind, took);
    }
    eprintln!("normal runs: {:?}", pace.0);

    let mut kills_since_check = 0;
    while ledger.kills < KILLS_WANTED && ledger.runs < MAX_RUNS {
        let kind = match rng.below(10) {
            _ if ledger.unused_links.is_empty() => Kind::Invite,
            0..=3 => Kind::Invite,
            4..=6 => Kind::BulkInvite,
            _ => Kind::Join,
        };
        let kill_after = pace.kill_moment(kind, &mut rng);
        let kills_before = ledger.kills;
        let took = step(&store, &mut ledger, kind, kill_after);
        if kill_after.is_none() {
            pace.learn(kind, took);
        }
        if ledger.kills > kills_before {
            // Reopen right away: the store must be sound after every crash.
            store.assert_sound();
            kills_since_check += 1;
            if kills_since_check == 10 {
                verify(&store, &ledger, seed);
                kills_since_check = 0;
            }
        }
    }
    let written_unreported = verify(&store, &ledger, seed);

    eprintln!(
        "{} runs, {} killed ({} after reporting, {written_unreported} more after writing), \
         {} invitations and {} joins acknowledged, {} bulk invites, in {:?}",
        ledger.runs,
        ledger.kills,
        ledger.kills_after_report,
        ledger.acknowledged_invites.len(),
        ledger.acknowledged_joins.len(),
        ledger.batches.len(),
        started.elapsed()
    );
    assert!(
        ledger.kills >= KILLS_REQUIRED,
        "only {} of {} runs were killed while alive (seed {seed})",
        ledger.kills,
        ledger.runs
    );
}
