//! What the benchmarks share: where fixtures live, the generator of large
//! stores (built on demand and cached, never by `cargo test`), and reading the
//! medians criterion measured in this run.
//!
//! The benches include this module with `mod support;` and the example
//! `generate_store` with `#[path]`, so not every item is used by every target.
#![allow(dead_code)]

pub mod bare;
pub mod invite;
pub mod wide;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration as StdDuration, Instant, SystemTime};

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use teamdesk::domain::invitation::{LINK_KEY_BYTES, LinkKey};
use teamdesk::domain::outbox::{Attempt, AttemptOutcome, MessageKind, OutboxMessage};
use teamdesk::domain::{
    Account, AccountId, AuditAction, AuditDetail, AuditEntry, AuditId, Cycle, DiagnosticCode,
    Email, Invitation, InvitationState, Language, Membership, PaymentMethod, PersonalPlan,
    PlanChange, PlanEvent, RefusedAttempt, Role, Staff, Team, TeamId, TeamPlan,
};
use teamdesk::store::doctor;
use teamdesk::store::dump::{DUMP_FORMAT, Dump};
use teamdesk::store::{OpenMode, Store};
use teamdesk::workspace::{Settings, Workspace};

/// Bumped whenever the generator changes what it builds, so a cached store
/// from an older generator is never measured by mistake.
pub const FIXTURE_VERSION: u32 = 2;

/// The link key the generator derives the fixtures' links under.
const FIXTURE_LINK_KEY: LinkKey = LinkKey::from_bytes([42; LINK_KEY_BYTES]);

/// True when the benchmark binary measures (`cargo bench`), false in
/// criterion's test mode (`cargo test --benches`, `-- --test`) or `--list`.
pub fn benching() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|arg| arg == "--bench")
        && !args.iter().any(|arg| arg == "--test" || arg == "--list")
}

/// Where large fixtures are cached: `$TEAMDESK_BENCH_FIXTURES`, else
/// `target/bench-fixtures` of this package.
pub fn fixture_root() -> PathBuf {
    match std::env::var_os("TEAMDESK_BENCH_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-fixtures"),
    }
}

/// A fresh directory for a throw-away store, on the same disk as the fixtures
/// (never a tmpfs: flushes must reach a real file system to be measured).
pub fn scratch_dir(label: &str) -> tempfile::TempDir {
    let root = fixture_root().join("scratch");
    std::fs::create_dir_all(&root).expect("create the scratch directory");
    tempfile::Builder::new()
        .prefix(&format!("{label}-"))
        .tempdir_in(root)
        .expect("create a scratch store directory")
}

/// The "now" of every generated store; benches use a clock fixed here.
pub fn fixture_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
}

/// How big a generated store is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    pub accounts: usize,
    pub invitations: usize,
    /// Members of the one large team that `member list` is measured on.
    pub big_team: usize,
}

impl Shape {
    /// The store the acceptance criteria name.
    pub const ISSUE: Shape = Shape {
        accounts: 100_000,
        invitations: 1_000_000,
        big_team: 1_000,
    };

    /// A small store for `cargo test --benches` (criterion's test mode), which
    /// only checks that each benchmark runs: CI never builds the big one.
    pub const SMOKE: Shape = Shape {
        accounts: 2_000,
        invitations: 8_000,
        big_team: 200,
    };

    /// [`Shape::ISSUE`] when measuring and [`Shape::SMOKE`] in test or list
    /// mode, unless `TEAMDESK_BENCH_ACCOUNTS` / `TEAMDESK_BENCH_INVITATIONS` /
    /// `TEAMDESK_BENCH_TEAM` ask for another.
    pub fn for_run() -> Shape {
        let base = if benching() { Self::ISSUE } else { Self::SMOKE };
        let read = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .map(|v| {
                    v.parse()
                        .unwrap_or_else(|_| panic!("{name} is not a number"))
                })
                .unwrap_or(default)
        };
        Shape {
            accounts: read("TEAMDESK_BENCH_ACCOUNTS", base.accounts),
            invitations: read("TEAMDESK_BENCH_INVITATIONS", base.invitations),
            big_team: read("TEAMDESK_BENCH_TEAM", base.big_team),
        }
    }

    pub fn cache_name(&self) -> String {
        format!(
            "store-v{FIXTURE_VERSION}-a{}-i{}-t{}",
            self.accounts, self.invitations, self.big_team
        )
    }

    fn check(&self) {
        assert!(
            self.big_team >= 2,
            "the big team needs at least two members"
        );
        assert!(
            self.accounts >= self.big_team + 100,
            "the store needs at least 100 accounts beyond the big team"
        );
        assert!(
            self.invitations >= self.accounts,
            "give at least one invitation per account"
        );
    }
}

/// What a generated store holds and who to act as, written next to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Facts {
    pub fixture_version: u32,
    pub shape: Shape,
    pub now: DateTime<Utc>,
    /// A support staff account, for `support lookup`.
    pub support_email: String,
    /// An account address with a handful of invitations in mixed states.
    pub lookup_email: String,
    pub lookup_invitations: usize,
    pub big_team_id: String,
    pub big_team_admin: String,
    pub teams: usize,
    pub memberships: usize,
    pub invitations: usize,
    pub distinct_invited_addresses: usize,
    pub outbox_messages: usize,
    pub audit_entries: usize,
    /// How the records went in: chunked transactions or one `import`.
    pub method: String,
    pub generate_seconds: f64,
    pub check_seconds: f64,
    pub write_seconds: f64,
    pub total_seconds: f64,
    /// Bytes of the store directory once built.
    pub disk_bytes: u64,
}

/// How to write the generated records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Many `Store::write` transactions of about this many invitations each.
    Chunked(usize),
    /// One `Workspace::import`: a single transaction over everything.
    Import,
}

/// The default: 5,000 invitations (30,000 tree entries) per transaction.
pub const DEFAULT_CHUNK: usize = 5_000;

/// The cached store of `shape`, built first when it is missing. Returns its
/// directory and facts.
pub fn big_store(shape: Shape) -> (PathBuf, Facts) {
    let dir = fixture_root().join(shape.cache_name());
    if let Some(facts) = read_facts(&dir) {
        return (dir, facts);
    }
    eprintln!(
        "building the fixture store {} (once; cached for later runs)",
        dir.display()
    );
    let facts = build_cached(&dir, shape, Method::Chunked(DEFAULT_CHUNK));
    (dir, facts)
}

/// Builds into `<dir>.building` and renames it into place only when complete,
/// so an interrupted build is never mistaken for a fixture.
pub fn build_cached(dir: &Path, shape: Shape, method: Method) -> Facts {
    let building = dir.with_extension("building");
    for stale in [building.clone(), dir.to_path_buf()] {
        if stale.exists() {
            std::fs::remove_dir_all(&stale).expect("remove a stale fixture");
        }
    }
    let facts = build_store(&building, shape, method);
    std::fs::rename(&building, dir).expect("move the finished fixture into place");
    facts
}

const FACTS_FILE: &str = "bench-facts.json";

pub fn read_facts(dir: &Path) -> Option<Facts> {
    let text = std::fs::read_to_string(dir.join(FACTS_FILE)).ok()?;
    let facts: Facts = serde_json::from_str(&text).ok()?;
    (facts.fixture_version == FIXTURE_VERSION).then_some(facts)
}

/// Generates a valid store of `shape` in the empty or missing `dir`.
pub fn build_store(dir: &Path, shape: Shape, method: Method) -> Facts {
    shape.check();
    let started = Instant::now();
    let generated = generate(shape, fixture_now());
    let generate_seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "  generated {} accounts, {} teams, {} memberships, {} invitations in {generate_seconds:.1} s",
        generated.dump.accounts.len(),
        generated.dump.teams.len(),
        generated.dump.memberships.len(),
        generated.dump.invitations.len()
    );

    let checking = Instant::now();
    let problems = doctor::check_records(&generated.dump);
    assert!(
        problems.is_empty(),
        "the generator broke {} invariant(s); the first: {}",
        problems.len(),
        problems[0]
    );
    let check_seconds = checking.elapsed().as_secs_f64();
    eprintln!("  check_records: sound, in {check_seconds:.1} s");

    let writing = Instant::now();
    let (outbox, audit) = match method {
        Method::Chunked(chunk) => write_chunked(dir, &generated, chunk),
        Method::Import => write_by_import(dir, generated.clone_complete()),
    };
    let write_seconds = writing.elapsed().as_secs_f64();
    eprintln!("  written in {write_seconds:.1} s");

    let facts = Facts {
        fixture_version: FIXTURE_VERSION,
        shape,
        now: fixture_now(),
        support_email: generated.support_email.clone(),
        lookup_email: generated.lookup_email.clone(),
        lookup_invitations: generated.lookup_invitations,
        big_team_id: generated.dump.teams[0].id.to_string(),
        big_team_admin: generated.big_team_admin.clone(),
        teams: generated.dump.teams.len(),
        memberships: generated.dump.memberships.len(),
        invitations: generated.dump.invitations.len(),
        distinct_invited_addresses: generated.distinct_addresses,
        outbox_messages: outbox,
        audit_entries: audit,
        method: match method {
            Method::Chunked(chunk) => {
                format!(
                    "Store::write transactions of {chunk} invitations (plus their outbox messages and audit entries)"
                )
            }
            Method::Import => "Workspace::import (one transaction)".into(),
        },
        generate_seconds,
        check_seconds,
        write_seconds,
        total_seconds: started.elapsed().as_secs_f64(),
        disk_bytes: disk_usage(dir),
    };
    std::fs::write(
        dir.join(FACTS_FILE),
        serde_json::to_string_pretty(&facts).expect("facts serialise"),
    )
    .expect("write the fixture facts");
    facts
}

/// Runs `doctor` over a built store: every record invariant and every index.
pub fn examine(dir: &Path) -> (doctor::Report, StdDuration) {
    let store = Store::open(dir, OpenMode::MustExist).expect("open the fixture store");
    let started = Instant::now();
    let report = doctor::examine(&store).expect("doctor reads the store");
    (report, started.elapsed())
}

fn disk_usage(dir: &Path) -> u64 {
    let mut total = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.metadata() {
                Ok(meta) if meta.is_dir() => pending.push(entry.path()),
                Ok(meta) => total += meta.len(),
                Err(_) => {}
            }
        }
    }
    total
}

/// The records of a generated store. Outbox messages and audit entries are
/// derived while writing, so the millions of email bodies never sit in
/// memory at once.
pub struct Generated {
    /// Accounts, teams, memberships and invitations (no outbox, no audit).
    pub dump: Dump,
    /// The token behind each invitation, in the same order: the outbox email
    /// carries the link.
    pub support_email: String,
    pub lookup_email: String,
    pub lookup_invitations: usize,
    pub big_team_admin: String,
    pub distinct_addresses: usize,
}

impl Generated {
    /// Everything as one dump, outbox and audit included, for `import`.
    fn clone_complete(&self) -> Dump {
        let mut dump = self.dump.clone();
        let index = RecordIndex::new(&self.dump);
        for invitation in &self.dump.invitations {
            let (message, entry) = index.invitation_records(invitation);
            dump.outbox.push(message);
            dump.audit.push(entry);
        }
        dump.audit.extend(index.setup_audit(&self.dump));
        dump
    }
}

/// SplitMix64: a small deterministic generator, so every build of a shape
/// has the same layout (ids and tokens are still fresh and random).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn percent(&mut self) -> usize {
        self.below(100)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Olivia", "Noah", "Ava", "Liam", "Mia", "Ethan", "Zara", "Lucas", "Amelia", "Oscar", "Isla",
    "Hugo", "Chloe", "Leo", "Ruby", "Arjun", "Mei", "Tomas", "Aisha", "Kenji", "Sofia", "Mateo",
    "Priya", "Jack", "Fatima", "Ines", "Wiktor", "Grace",
];
const LAST: &[&str] = &[
    "Nguyen", "Smith", "Patel", "Kowalski", "Garcia", "Chen", "Brown", "Okafor", "Novak", "Silva",
    "Tanaka", "Murphy", "Rossi", "Haddad", "Jensen", "Walker", "Kim", "Ali", "Dubois", "Wilson",
    "Nowak", "Fischer",
];
const DOMAINS: &[&str] = &[
    "bondi-gp.example",
    "harbourhealth.example",
    "coastal-clinic.example",
    "northside-medical.example",
    "parkview-gp.example",
    "riverside-health.example",
    "hillcrest-rooms.example",
    "mail.example",
    "inbox.example",
    "post.example",
];
const PLACES: &[&str] = &[
    "Bondi",
    "Coastal",
    "Northside",
    "Parkview",
    "Riverside",
    "Harbour",
    "Hillcrest",
    "Lakeside",
    "Westgate",
    "Eastwood",
    "Kingsford",
    "Marrickville",
];
const KINDS: &[&str] = &[
    "Family Practice",
    "Medical Centre",
    "GP Clinic",
    "Health Hub",
    "Specialist Rooms",
    "Community Health",
];

fn days(n: usize) -> Duration {
    Duration::days(n as i64)
}

fn minutes(n: usize) -> Duration {
    Duration::minutes(n as i64)
}

fn card() -> PaymentMethod {
    PaymentMethod {
        brand: "visa".into(),
        last4: "4242".into(),
        expiry_month: 9,
        expiry_year: 2029,
    }
}

/// Where an account stands: its team (by index) and when it joined, if any.
#[derive(Clone, Copy)]
struct Seat {
    team: usize,
    joined_at: DateTime<Utc>,
    role: Role,
    owner: bool,
}

/// Builds the records of a store of `shape`:
///
/// - account 0 is support staff; accounts 1..=`big_team` form one Clinic team
///   (owner + admins, template managers, assistants, members);
/// - further accounts up to 40 % of all fill teams of 2–20 members (Pro or
///   Clinic); the rest are on `free` or personal `pro`;
/// - invitations go to every account's address and then to addresses with no
///   account, 1–7 per address (mean 4), until `shape.invitations`: a member's
///   first one is the accepted invitation it joined with; later ones go to
///   other teams (or the same team again, as a resend superseding the open
///   one) and are pending (some long expired), revoked, accepted earlier, a
///   few with a refused attempt (`INV-OTHER-TEAM`). At most one open
///   invitation per address and team; never one to the team it is in.
pub fn generate(shape: Shape, now: DateTime<Utc>) -> Generated {
    let mut rng = Rng(0x7EA4_DE5C_2026_1126);
    let entropy = teamdesk::sources::Entropy::default();
    let mut accounts = generate_accounts(&mut rng, &entropy, shape, now);
    let seating = seat_teams(&mut rng, &entropy, shape, now, &mut accounts);
    for account in accounts.iter_mut().skip(seating.unseated_from) {
        if rng.percent() < 35 {
            account.plan = PersonalPlan::Pro {
                cycle: Cycle::Monthly,
                since: account.created_at + days(rng.below(300)),
            };
        }
    }
    let invited = generate_invitations(&mut rng, &entropy, shape, now, &accounts, &seating);
    Generated {
        support_email: accounts[0].email.to_string(),
        big_team_admin: accounts[1].email.to_string(),
        dump: Dump {
            format: DUMP_FORMAT,
            accounts,
            teams: seating.teams,
            memberships: seating.memberships,
            invitations: invited.invitations,
            templates: Vec::new(),
            audit: Vec::new(),
            outbox: Vec::new(),
            billing_accounts: Vec::new(),
            adjustments: Vec::new(),
            invoices: Vec::new(),
        },
        lookup_email: invited.lookup_email,
        lookup_invitations: invited.lookup_invitations,
        distinct_addresses: invited.distinct_addresses,
    }
}

/// Every account, none in a team yet: account 0 is support staff.
fn generate_accounts(
    rng: &mut Rng,
    entropy: &teamdesk::sources::Entropy,
    shape: Shape,
    now: DateTime<Utc>,
) -> Vec<Account> {
    let mut accounts = Vec::with_capacity(shape.accounts);
    for i in 0..shape.accounts {
        let (email, name, staff) = if i == 0 {
            (
                "sam.support@teamdesk.example".to_owned(),
                "Sam Support".to_owned(),
                Some(Staff::Support),
            )
        } else {
            let first = rng.pick(FIRST);
            let last = rng.pick(LAST);
            let domain = DOMAINS[i % DOMAINS.len()];
            (
                format!("{}.{}{i}@{domain}", first, last).to_lowercase(),
                format!("{first} {last}"),
                None,
            )
        };
        accounts.push(Account {
            id: AccountId::fresh(&mut entropy.at(now, None)),
            email: Email::parse(&email).expect("generated addresses are valid"),
            name,
            plan: PersonalPlan::Free,
            staff,
            ssh_keys: Vec::new(),
            created_at: now - days(800 + rng.below(900)),
            plan_history: Vec::new(),
            credit: 0,
            payment_method: None,
        });
    }
    accounts
}

/// The teams of a generated store and who sits in them.
struct Seating {
    teams: Vec<Team>,
    memberships: Vec<Membership>,
    /// Each account's seat, by account index.
    seats: Vec<Option<Seat>>,
    /// The first account of those left without a team.
    unseated_from: usize,
}

/// Teams: the big one first, then small ones until 40 % of accounts are seated.
fn seat_teams(
    rng: &mut Rng,
    entropy: &teamdesk::sources::Entropy,
    shape: Shape,
    now: DateTime<Utc>,
    accounts: &mut [Account],
) -> Seating {
    let mut seating = Seating {
        teams: Vec::new(),
        memberships: Vec::new(),
        seats: vec![None; shape.accounts],
        unseated_from: 1,
    };
    let seated_until = (shape.accounts * 2 / 5).max(shape.big_team + 1);
    while seating.unseated_from < seated_until {
        let first = seating.unseated_from;
        let big = seating.teams.is_empty();
        let size = if big {
            shape.big_team
        } else {
            (2 + rng.below(19)).min(seated_until - first)
        };
        if size < 2 {
            break;
        }
        let team = new_team(
            rng,
            entropy,
            now,
            big,
            accounts[first].id,
            seating.teams.len(),
        );
        seating.teams.push(team);
        for position in 0..size {
            seat_member(
                rng,
                &mut seating,
                &mut accounts[first + position],
                first,
                position,
            );
        }
        seating.unseated_from += size;
    }
    seating
}

/// A team owned by `owner`: the big Clinic team, or a small Pro or Clinic one
/// numbered `number`.
fn new_team(
    rng: &mut Rng,
    entropy: &teamdesk::sources::Entropy,
    now: DateTime<Utc>,
    big: bool,
    owner: AccountId,
    number: usize,
) -> Team {
    let clinic = big || rng.percent() < 40;
    let created_at = now - days(30 + rng.below(700));
    let name = if big {
        "Harbourside Health Network".to_owned()
    } else {
        format!("{} {} {number}", rng.pick(PLACES), rng.pick(KINDS))
    };
    let cycle = if rng.percent() < 70 {
        Cycle::Monthly
    } else {
        Cycle::Yearly
    };
    Team {
        id: TeamId::fresh(&mut entropy.at(now, None)),
        name,
        owner,
        plan: if clinic {
            TeamPlan::Clinic
        } else {
            TeamPlan::Pro
        },
        cycle,
        session_sharing: clinic && rng.percent() < 50,
        trial_used: clinic,
        payment_method: clinic.then(card),
        billing_email: None,
        created_at,
        deleted: None,
        language: Language::default(),
    }
}

/// Seats `account`, the one at `position` among those joining the last team
/// (from account index `first`): the first is its owner; the roles follow the
/// team's size and plan.
fn seat_member(
    rng: &mut Rng,
    seating: &mut Seating,
    account: &mut Account,
    first: usize,
    position: usize,
) {
    let team_index = seating.teams.len() - 1;
    let team = &seating.teams[team_index];
    let big = team_index == 0;
    let clinic = team.plan == TeamPlan::Clinic;
    let owner = position == 0;
    let roll = rng.percent();
    let role = if owner || (big && position.is_multiple_of(50)) || (!big && roll < 10) {
        Role::Admin
    } else if (big && position.is_multiple_of(20)) || (!big && roll < 20) {
        Role::TemplateManager
    } else if clinic && ((big && position.is_multiple_of(7)) || (!big && roll < 35)) {
        Role::Assistant
    } else {
        Role::Member
    };
    let joined_at = if owner {
        team.created_at
    } else {
        team.created_at + minutes(rng.below(28 * 24 * 60)) + days(rng.below(20))
    };
    let change = if owner {
        PlanChange::MovedToTeam {
            cycle: team.cycle,
            credit: 0,
        }
    } else if rng.percent() < 30 {
        PlanChange::ProCancelledOnJoining {
            cycle: Cycle::Monthly,
            paid_since: joined_at - days(30 + rng.below(300)),
            credit: 0,
        }
    } else {
        PlanChange::UpgradedByTeam
    };
    account.plan = PersonalPlan::Team;
    account.plan_history.push(PlanEvent {
        at: joined_at,
        team: team.id,
        team_name: team.name.clone(),
        change,
    });
    seating.memberships.push(Membership {
        team: team.id,
        account: account.id,
        role,
        joined_at,
    });
    seating.seats[first + position] = Some(Seat {
        team: team_index,
        joined_at,
        role,
        owner,
    });
}

/// The invitations of a generated store, and the address support looks up.
struct Invited {
    invitations: Vec<Invitation>,
    lookup_email: String,
    lookup_invitations: usize,
    distinct_addresses: usize,
}

/// Invitations, address by address: every account's first, then addresses
/// with no account, until `shape.invitations`.
fn generate_invitations(
    rng: &mut Rng,
    entropy: &teamdesk::sources::Entropy,
    shape: Shape,
    now: DateTime<Utc>,
    accounts: &[Account],
    seating: &Seating,
) -> Invited {
    let mut invitations = Vec::with_capacity(shape.invitations);
    let mut address = 1;
    let mut outsiders = 0;
    let mut lookup: Option<(String, usize)> = None;
    let mut fallback: Option<(String, usize)> = None;
    while invitations.len() < shape.invitations {
        let (email, account) = if address < shape.accounts {
            (accounts[address].email.clone(), Some(address))
        } else {
            outsiders += 1;
            let raw = format!(
                "{}.{}.{outsiders}@{}",
                rng.pick(FIRST),
                rng.pick(LAST),
                DOMAINS[outsiders % DOMAINS.len()]
            );
            (
                Email::parse(&raw.to_lowercase()).expect("generated addresses are valid"),
                None,
            )
        };
        address += 1;
        let wanted = (1 + rng.below(7)).min(shape.invitations - invitations.len());
        let seat = account.and_then(|a| seating.seats[a]);
        let first = invitations.len();
        invite_address(
            entropy,
            rng,
            now,
            &seating.teams,
            &email,
            account.map(|a| accounts[a].id),
            seat,
            wanted,
            &mut invitations,
        );
        let made = invitations.len() - first;
        // The address support looks up: a seated account (not in the big
        // team) with a typical handful of invitations in mixed states.
        let typical = made == 5 && seat.is_some_and(|s| s.team != 0 && !s.owner);
        if typical && lookup.is_none() {
            if address > shape.big_team + 500 {
                lookup = Some((email.to_string(), made));
            } else if fallback.is_none() {
                fallback = Some((email.to_string(), made));
            }
        }
    }
    let (lookup_email, lookup_invitations) = lookup
        .or(fallback)
        .expect("some seated address got five invitations");
    Invited {
        invitations,
        lookup_email,
        lookup_invitations,
        distinct_addresses: address - 1,
    }
}

/// Up to `wanted` invitations to one address, oldest first.
#[allow(clippy::too_many_arguments)]
fn invite_address(
    entropy: &teamdesk::sources::Entropy,
    rng: &mut Rng,
    now: DateTime<Utc>,
    teams: &[Team],
    email: &Email,
    account: Option<AccountId>,
    seat: Option<Seat>,
    wanted: usize,
    invitations: &mut Vec<Invitation>,
) {
    // The team index and position in `invitations` of each open invitation.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut sent_at = match seat {
        Some(seat) => seat.joined_at - days(1 + rng.below(5)),
        None => now - days(60 + rng.below(640)),
    };
    let mut last_team = None;
    for n in 0..wanted {
        let joining = n == 0 && seat.is_some_and(|s| !s.owner);
        let team = if joining {
            seat.map(|s| s.team).unwrap_or_default()
        } else {
            match last_team {
                Some(team) if rng.percent() < 30 && Some(team) != seat.map(|s| s.team) => team,
                _ => loop {
                    let team = rng.below(teams.len());
                    if Some(team) != seat.map(|s| s.team) {
                        break team;
                    }
                },
            }
        };
        last_team = Some(team);
        let role = match seat {
            Some(seat) if joining => seat.role,
            _ if teams[team].plan == TeamPlan::Clinic && rng.percent() < 10 => Role::Assistant,
            _ => Role::Member,
        };
        let (mut invitation, _link) = Invitation::issue(
            &mut entropy.at(sent_at, Some(&FIXTURE_LINK_KEY)),
            teams[team].id,
            email.clone(),
            role,
            teams[team].owner,
            sent_at,
        );
        if let Some(slot) = open.iter().position(|&(t, _)| t == team) {
            let (_, earlier) = open.swap_remove(slot);
            invitations[earlier].state = InvitationState::Superseded {
                by: invitation.id,
                at: sent_at,
            };
            invitation.replaces = Some(invitations[earlier].id);
        }
        let roll = rng.percent();
        invitation.state = if joining {
            InvitationState::Accepted {
                account: account.expect("a seated address has an account"),
                at: seat.map(|s| s.joined_at).unwrap_or(sent_at),
            }
        } else if roll < 55 {
            if roll < 4
                && let Some(seat) = seat
            {
                invitation.record_refusal(RefusedAttempt {
                    at: (sent_at + days(2)).min(now),
                    code: DiagnosticCode::OtherTeam,
                    by_email: email.clone(),
                    other_team: Some(teams[seat.team].name.clone()),
                });
            }
            open.push((team, invitations.len()));
            InvitationState::Pending
        } else {
            match account {
                Some(account) if roll >= 80 => InvitationState::Accepted {
                    account,
                    at: (sent_at + days(1 + rng.below(5))).min(now),
                },
                _ => InvitationState::Revoked {
                    by: teams[team].owner,
                    at: (sent_at + days(1 + rng.below(10))).min(now),
                },
            }
        };
        invitations.push(invitation);
        sent_at = (sent_at + days(1 + rng.below(60)) + minutes(rng.below(600)))
            .min(now - minutes(30 + rng.below(600)));
    }
}

/// Looks up the team and inviter an invitation's email and audit entry name.
struct RecordIndex<'a> {
    teams: HashMap<TeamId, &'a Team>,
    accounts: HashMap<AccountId, &'a Account>,
    settings: Settings,
    entropy: teamdesk::sources::Entropy,
}

impl<'a> RecordIndex<'a> {
    fn new(dump: &'a Dump) -> Self {
        Self {
            teams: dump.teams.iter().map(|t| (t.id, t)).collect(),
            accounts: dump.accounts.iter().map(|a| (a.id, a)).collect(),
            settings: Settings::default(),
            entropy: teamdesk::sources::Entropy::default(),
        }
    }

    /// The outbox message and audit entry `invite add` (or a resend) writes
    /// with an invitation.
    fn invitation_records(&self, invitation: &Invitation) -> (OutboxMessage, AuditEntry) {
        let team = self.teams[&invitation.team];
        let inviter = self.accounts[&invitation.invited_by];
        let is_resend = invitation.replaces.is_some();
        // Every fixture email went out a minute after it was queued.
        let mut message = OutboxMessage::queued(
            invitation.message,
            (invitation.email.clone(), team.id, invitation.id),
            MessageKind::Invitation,
            invitation.sent_at,
        );
        message.record(
            Attempt {
                at: invitation.sent_at + minutes(1),
                transport: "smtp 127.0.0.1:25".into(),
                outcome: AttemptOutcome::Delivered,
                reply: "250 OK".into(),
            },
            0.0,
        );
        let (role, until) = (invitation.role, invitation.expires_at.date_naive());
        let (action, details) = if is_resend {
            (
                AuditAction::InviteResend,
                AuditDetail::Resent { role, until },
            )
        } else {
            (AuditAction::InviteAdd, AuditDetail::Invited { role, until })
        };
        let entry = AuditEntry {
            id: AuditId::fresh(&mut self.entropy.at(invitation.sent_at, None)),
            at: invitation.sent_at,
            actor: Some(inviter.id),
            actor_email: inviter.email.to_string(),
            team: Some(team.id),
            action,
            target: invitation.email.to_string(),
            details,
        };
        (message, entry)
    }

    /// An `account.create` entry per account and a `team.create` per team.
    fn setup_audit(&self, dump: &Dump) -> Vec<AuditEntry> {
        let accounts = dump.accounts.iter().map(|account| AuditEntry {
            id: AuditId::fresh(&mut self.entropy.at(account.created_at, None)),
            at: account.created_at,
            actor: Some(account.id),
            actor_email: account.email.to_string(),
            team: None,
            action: AuditAction::AccountCreate,
            target: account.email.to_string(),
            details: AuditDetail::AccountCreated { plan: account.plan },
        });
        let teams = dump.teams.iter().map(|team| {
            let owner = self.accounts[&team.owner];
            AuditEntry {
                id: AuditId::fresh(&mut self.entropy.at(team.created_at, None)),
                at: team.created_at,
                actor: Some(owner.id),
                actor_email: owner.email.to_string(),
                team: Some(team.id),
                action: AuditAction::TeamCreate,
                target: team.name.clone(),
                details: AuditDetail::TeamCreated { cycle: team.cycle },
            }
        });
        accounts.chain(teams).collect()
    }
}

/// Writes the records through `Store::write` in transactions of `chunk`
/// invitations (each with its indexes, outbox message and audit entry);
/// returns (outbox messages, audit entries) written.
fn write_chunked(dir: &Path, generated: &Generated, chunk: usize) -> (usize, usize) {
    let store = Store::open(dir, OpenMode::CreateIfMissing).expect("open the new store");
    mark_made_under_the_fixture_clock(&store);
    let dump = &generated.dump;
    let index = RecordIndex::new(dump);
    let setup_audit = index.setup_audit(dump);
    let records = chunk * 6;
    for accounts in dump.accounts.chunks(records / 2) {
        store
            .write(|tx| {
                for account in accounts {
                    tx.put_account(account)?;
                }
                Ok(())
            })
            .expect("write accounts");
    }
    store
        .write(|tx| {
            for team in &dump.teams {
                tx.put_team(team)?;
            }
            Ok(())
        })
        .expect("write teams");
    for memberships in dump.memberships.chunks(records / 2) {
        store
            .write(|tx| {
                for membership in memberships {
                    tx.put_membership(membership)?;
                }
                Ok(())
            })
            .expect("write memberships");
    }
    for entries in setup_audit.chunks(records) {
        store
            .write(|tx| {
                for entry in entries {
                    tx.append_audit(entry)?;
                }
                Ok(())
            })
            .expect("write audit entries");
    }
    let started = Instant::now();
    let mut written = 0;
    for invitations in dump.invitations.chunks(chunk) {
        let derived: Vec<_> = invitations
            .iter()
            .map(|invitation| index.invitation_records(invitation))
            .collect();
        store
            .write(|tx| {
                for (invitation, (message, entry)) in invitations.iter().zip(&derived) {
                    tx.put_invitation(invitation)?;
                    tx.queue_mail(message)?;
                    tx.append_audit(entry)?;
                }
                Ok(())
            })
            .expect("write invitations");
        written += invitations.len();
        if written % (chunk * 20) == 0 {
            eprintln!(
                "  {written} invitations written ({:.0}/s)",
                written as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    (
        dump.invitations.len(),
        dump.invitations.len() + setup_audit.len(),
    )
}

/// A fixture is made, and read, on its own fixed clock (`fixture_now`): a
/// store written record by record records so itself, as a workspace opened
/// on that clock would. Fixtures cached before this was recorded get it when
/// they are next opened.
pub fn mark_made_under_the_fixture_clock(store: &Store) {
    if store.clock_policy().expect("a readable fixture").is_none() {
        store
            .set_clock_policy(teamdesk::store::meta::ClockPolicy::Override)
            .expect("the fixture records its clock");
    }
}

/// Writes everything with one `Workspace::import` (one transaction).
fn write_by_import(dir: &Path, dump: Dump) -> (usize, usize) {
    let workspace = Workspace::open(
        dir,
        OpenMode::CreateIfMissing,
        std::sync::Arc::new(teamdesk::sources::ManualClock::new(fixture_now())),
        Settings::default(),
    )
    .expect("open the new store");
    workspace
        .import(&teamdesk::workspace::Actor::Operator, &dump)
        .expect("import the generated store");
    (dump.outbox.len(), dump.audit.len())
}

/// The median criterion estimated for `id` (`group/function`) in this run:
/// read from `<criterion dir>/<id>/new/estimates.json`, ignored when that
/// file is older than `since` (left over from an earlier or filtered run).
pub fn criterion_median_ns(id: &str, since: SystemTime) -> Option<f64> {
    let path = criterion_dir().join(id).join("new/estimates.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    if modified < since {
        return None;
    }
    let estimates: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(target) => PathBuf::from(target).join("criterion"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion"),
    }
}

/// A duration in the unit people read best.
pub fn human(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// The median of some samples, in nanoseconds.
pub fn median(mut samples: Vec<StdDuration>) -> f64 {
    samples.sort();
    let n = samples.len();
    if n == 0 {
        return f64::NAN;
    }
    let nanos = |d: StdDuration| d.as_nanos() as f64;
    if n % 2 == 1 {
        nanos(samples[n / 2])
    } else {
        (nanos(samples[n / 2 - 1]) + nanos(samples[n / 2])) / 2.0
    }
}
