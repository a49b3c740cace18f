//! `cargo bench --bench reads`
//!
//! On the generated store of 100,000 accounts and 1,000,000 invitations
//! (built on first use and cached, see `examples/generate_store.rs`):
//!
//! - `support_lookup/support_lookup`: `Workspace::lookup` of one address
//!   with a typical handful of invitations, as support staff. Target: median
//!   under 1 ms. Baselines in the same group: one raw sled `get` of that
//!   address's key (`raw_get_one_key`), and the index walk alone
//!   (`invitation_index_walk`: the address's `invitation_by_email` entries
//!   and their records). A full scan of the invitations, what the lookup
//!   would cost without the index, is timed separately (three runs).
//! - `member_list/member_list_1000`: `Workspace::members` of the team of
//!   1,000, as one of its admins. Target: median under 5 ms. Baseline: the
//!   raw prefix scan of that team's memberships (`memberships_prefix_scan`).

mod support;

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use criterion::Criterion;
use support::{Facts, Shape, criterion_median_ns, human, median};
use teamdesk::domain::{Email, Invitation, TeamId};
use teamdesk::sources::ManualClock;
use teamdesk::store::{OpenMode, Reads, Store, TreeName};
use teamdesk::workspace::{Actor, Settings, TeamChoice, Workspace};

fn main() {
    let started = SystemTime::now();
    let benching = support::benching();
    let shape = Shape::for_run();
    let (dir, facts) = support::big_store(shape);
    println!(
        "fixture {}: {} accounts, {} teams, {} memberships, {} invitations to {} addresses, \
         {} outbox messages, {} audit entries, {:.1} GB on disk; built in {:.0} s",
        dir.display(),
        shape.accounts,
        facts.teams,
        facts.memberships,
        facts.invitations,
        facts.distinct_invited_addresses,
        facts.outbox_messages,
        facts.audit_entries,
        facts.disk_bytes as f64 / 1e9,
        facts.total_seconds
    );
    let email = Email::parse(&facts.lookup_email).expect("the fixture's address is valid");
    let team: TeamId = facts.big_team_id.parse().expect("the fixture's team id");
    let support = Actor::person(&facts.support_email).expect("a valid address");
    let admin = Actor::person(&facts.big_team_admin).expect("a valid address");

    let (store, opened) = open(&dir);
    println!("opening the store took {}", human(opened));
    let scan = benching.then(|| full_scan(&store, &email, facts.lookup_invitations));

    let mut criterion = Criterion::default().configure_from_args();
    {
        let mut group = criterion.benchmark_group("support_lookup");
        group.measurement_time(Duration::from_secs(5));
        group.bench_function("raw_get_one_key", |b| {
            b.iter(|| {
                store
                    .get_raw(
                        TreeName::AccountByEmail,
                        black_box(email.as_str().as_bytes()),
                    )
                    .expect("get")
            })
        });
        group.bench_function("invitation_index_walk", |b| {
            b.iter(|| store.invitations_for(black_box(&email)).expect("walk"))
        });
        let workspace = workspace(store, &facts);
        let view = workspace
            .lookup(&support, &facts.lookup_email)
            .expect("lookup");
        assert_eq!(view.invitations.len(), facts.lookup_invitations);
        assert!(view.account.is_some_and(|a| a.team.is_some()));
        group.bench_function("support_lookup", |b| {
            b.iter(|| workspace.lookup(&support, black_box(&facts.lookup_email)))
        });
        group.finish();
    }

    let (store, _) = open(&dir);
    {
        let mut group = criterion.benchmark_group("member_list");
        group.measurement_time(Duration::from_secs(5));
        group.bench_function("memberships_prefix_scan", |b| {
            b.iter(|| store.members_of(black_box(team)).expect("scan"))
        });
        let workspace = workspace(store, &facts);
        let members = workspace
            .members(&admin, &TeamChoice::Own)
            .expect("member list");
        assert_eq!(members.len(), shape.big_team);
        group.bench_function("member_list_1000", |b| {
            b.iter(|| {
                workspace
                    .members(&admin, &TeamChoice::Own)
                    .expect("member list")
            })
        });
        group.finish();
    }

    criterion.final_summary();
    if benching {
        summary(started, scan);
    }
}

fn open(dir: &Path) -> (Store, f64) {
    let start = Instant::now();
    let store = Store::open(dir, OpenMode::MustExist).expect("open the fixture store");
    (store, start.elapsed().as_nanos() as f64)
}

fn workspace(store: Store, facts: &Facts) -> Workspace {
    support::mark_made_under_the_fixture_clock(&store);
    Workspace::new(
        store,
        Arc::new(ManualClock::new(facts.now)),
        Settings::default(),
    )
    .expect("the fixture store accepts the fixture's clock")
}

/// What the lookup would cost without the address index: read and decode
/// every invitation, keep the address's. Median of three runs.
fn full_scan(store: &Store, email: &Email, expected: usize) -> f64 {
    let runs = (0..3)
        .map(|_| {
            let start = Instant::now();
            let found = store
                .all::<Invitation>()
                .filter(|i| i.as_ref().is_ok_and(|i| &i.email == email))
                .count();
            assert_eq!(found, expected);
            start.elapsed()
        })
        .collect();
    median(runs)
}

fn summary(started: SystemTime, scan: Option<f64>) {
    println!("\n== summary (medians of this run) ==");
    let median = |id: &str| criterion_median_ns(id, started);
    if let (Some(lookup), Some(get), Some(walk)) = (
        median("support_lookup/support_lookup"),
        median("support_lookup/raw_get_one_key"),
        median("support_lookup/invitation_index_walk"),
    ) {
        println!(
            "support lookup {} (target < 1 ms: {}); {:.0}x one raw sled get ({}); \
             the index walk alone {}",
            human(lookup),
            if lookup < 1e6 { "holds" } else { "FAILS" },
            lookup / get,
            human(get),
            human(walk)
        );
        if let Some(scan) = scan {
            println!(
                "a full scan of the invitations instead of the index: {} ({:.0}x the lookup)",
                human(scan),
                scan / lookup
            );
        }
    }
    if let (Some(list), Some(scan)) = (
        median("member_list/member_list_1000"),
        median("member_list/memberships_prefix_scan"),
    ) {
        println!(
            "member list of 1,000 {} (target < 5 ms: {}); {:.1}x the raw prefix scan of the memberships ({})",
            human(list),
            if list < 5e6 { "holds" } else { "FAILS" },
            list / scan,
            human(scan)
        );
    }
}
