//! `cargo bench --bench billing`
//!
//! - `billing/upcoming_invoice_1000_seats`: `billing preview` (authorise,
//!   read the team's 1,000 seats and the running period's adjustments,
//!   price the next invoice) for a team that went through a year of
//!   changes (joins and removals every month, a yearly history of invoices),
//!   against `billing/bare_upcoming_invoice_1000_seats`: the same reads
//!   straight from the store with no authorisation, then the same pure
//!   computation.
//! - `billing/invoices_10_years`: `billing invoices` of 120 monthly invoices,
//!   against `billing/bare_invoices_10_years`: the same prefix scan and decode
//!   straight from the store.
//!
//! The stores are built on demand in a scratch folder (seconds), never by
//! `cargo test`. Under `cargo test --benches` the team is small.

mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Duration as Days, TimeZone, Utc};
use criterion::{Criterion, SamplingMode};
use support::{criterion_median_ns, human};
use teamdesk::billing::PriceList;
use teamdesk::billing::invoice::SeatHolder;
use teamdesk::billing::ledger::{Due, next_invoice};
use teamdesk::domain::{Cycle, Role, TeamId};
use teamdesk::sources::ManualClock;
use teamdesk::store::{OpenMode, Reads, Store};
use teamdesk::workspace::{Actor, Command, InviteResult, NewPlan, Outcome, Settings, Workspace};

const OWNER: &str = "olivia@bondi.example";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap()
}

fn person(email: &str) -> Actor {
    Actor::person(email).expect("an address")
}

/// A store with one monthly team created at `start()`, on a clock the caller moves.
fn team_store(dir: &Path) -> (Workspace, Arc<ManualClock>, TeamId) {
    let clock = Arc::new(ManualClock::new(start()));
    let workspace = Workspace::open(
        dir,
        OpenMode::CreateIfMissing,
        clock.clone(),
        Settings::default(),
    )
    .expect("a new store");
    workspace
        .execute(
            &Actor::Operator,
            Command::CreateAccount {
                email: OWNER.into(),
                name: "Olivia Owner".into(),
                plan: NewPlan::Pro(Cycle::Monthly),
                staff: None,
            },
        )
        .expect("the owner");
    let Ok(Outcome::Team(team)) = workspace.execute(
        &person(OWNER),
        Command::CreateTeam {
            name: "Bondi".into(),
        },
    ) else {
        panic!("the team");
    };
    (workspace, clock, team.id)
}

/// Brings `emails` into the team: one bulk invite, then each joins.
fn join_all(workspace: &Workspace, emails: &[String]) {
    let Ok(Outcome::Invited(results)) = workspace.execute(
        &person(OWNER),
        Command::Invite {
            emails: emails.to_vec(),
            role: Role::Member,
        },
    ) else {
        panic!("the invite");
    };
    for result in results {
        let InviteResult::Invited(sent) = result else {
            panic!("refused: {result:?}");
        };
        workspace
            .execute(
                &person(&sent.email),
                Command::Join {
                    link: sent.link,
                    name: Some("Member".into()),
                },
            )
            .expect("a join");
    }
}

/// A team of `seats`, through twelve months of `churn` joins and removals each.
fn year_of_changes(dir: &Path, seats: usize, churn: usize) -> TeamId {
    let (workspace, clock, team) = team_store(dir);
    let members: Vec<String> = (1..seats).map(|n| format!("m{n}@x.example")).collect();
    join_all(&workspace, &members);
    for month in 0..12 {
        clock.advance(Days::days(30));
        let fresh: Vec<String> = (0..churn)
            .map(|n| format!("c{month}-{n}@x.example"))
            .collect();
        join_all(&workspace, &fresh);
        clock.advance(Days::days(10));
        for email in fresh.iter().take(churn / 2) {
            workspace
                .execute(
                    &person(OWNER),
                    Command::RemoveMember {
                        email: email.clone(),
                    },
                )
                .expect("a removal");
        }
    }
    team
}

/// A team of two, invoiced monthly for `months` months.
fn years_of_invoices(dir: &Path, months: u32) -> TeamId {
    let (workspace, clock, team) = team_store(dir);
    join_all(&workspace, &["m@x.example".to_owned()]);
    for _ in 0..months {
        clock.advance(Days::days(31));
        workspace.billing(&person(OWNER)).expect("billing");
    }
    team
}

/// What `billing preview` reads, read straight from the store, then priced.
fn bare_upcoming(store: &Store, team: TeamId, prices: &PriceList) -> i64 {
    let team_record = store.team(team).expect("readable").expect("the team");
    let account = store
        .billing_account(team)
        .expect("readable")
        .expect("an account");
    let seats: Vec<SeatHolder> = store
        .members_of(team)
        .expect("members")
        .into_iter()
        .map(|membership| {
            let account = store
                .account(membership.account)
                .expect("readable")
                .expect("an account");
            SeatHolder {
                account: account.id,
                name: account.name,
                role: membership.role,
            }
        })
        .collect();
    let pending = store.adjustments_of(team).expect("adjustments");
    let (invoice, _) = next_invoice(
        prices,
        Due {
            account: &account,
            plan: &team_record.plan,
            cycle: team_record.cycle,
            billed_to: OWNER.into(),
            currency: prices.currency.clone(),
            seats: &seats,
            pending: &pending,
        },
    );
    invoice.total
}

fn workspace_at(dir: &Path, months_after_start: i64) -> Workspace {
    let clock = Arc::new(ManualClock::new(
        start() + Days::days(31 * months_after_start),
    ));
    Workspace::open(dir, OpenMode::MustExist, clock, Settings::default()).expect("the store")
}

fn main() {
    let started = SystemTime::now();
    let benching = support::benching();
    let mut criterion = Criterion::default().configure_from_args();
    let (seats, churn, months) = if benching {
        (1_000, 40, 120)
    } else {
        (20, 2, 6)
    };
    let upcoming_dir = support::scratch_dir("billing-upcoming");
    let team = year_of_changes(upcoming_dir.path(), seats, churn);
    let history_dir = support::scratch_dir("billing-history");
    let history_team = years_of_invoices(history_dir.path(), months);
    let prices = PriceList::default();
    {
        let mut group = criterion.benchmark_group("billing");
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(6));
        {
            let store = Store::open(upcoming_dir.path(), OpenMode::MustExist).expect("the store");
            group.bench_function("bare_upcoming_invoice_1000_seats", |b| {
                b.iter(|| bare_upcoming(&store, team, &prices))
            });
            let history = Store::open(history_dir.path(), OpenMode::MustExist).expect("the store");
            group.bench_function("bare_invoices_10_years", |b| {
                b.iter(|| history.invoices_of(history_team, 120).expect("invoices"))
            });
        }
        {
            let workspace = workspace_at(upcoming_dir.path(), 12);
            group.bench_function("upcoming_invoice_1000_seats", |b| {
                b.iter(|| {
                    workspace
                        .billing_preview(&person(OWNER))
                        .expect("a preview")
                })
            });
            let history = workspace_at(history_dir.path(), i64::from(months));
            group.bench_function("invoices_10_years", |b| {
                b.iter(|| history.invoices(&person(OWNER), 120).expect("invoices"))
            });
        }
        group.finish();
    }
    criterion.final_summary();
    if benching {
        summary(started);
    }
}

fn summary(started: SystemTime) {
    println!("\n== summary (medians of this run) ==");
    let median = |id: &str| criterion_median_ns(&format!("billing/{id}"), started);
    for (what, measured, bare) in [
        (
            "upcoming invoice of 1,000 seats after a year of changes",
            "upcoming_invoice_1000_seats",
            "bare_upcoming_invoice_1000_seats",
        ),
        (
            "billing invoices of 120 monthly invoices",
            "invoices_10_years",
            "bare_invoices_10_years",
        ),
    ] {
        if let (Some(measured), Some(bare)) = (median(measured), median(bare)) {
            println!(
                "{what}: {} ({:.2}x the bare store reads and computation, {})",
                human(measured),
                measured / bare,
                human(bare)
            );
        }
    }
}
