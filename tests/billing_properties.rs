//! R11 as properties, through the workspace door on a moving clock: random
//! seat changes, plan changes and days going by, then
//! - every invoice's total is the exact sum of its lines, and never negative;
//! - no account is billed by a team and by its own plan for the same day
//!   (a personal Pro plan taken over is credited exactly its unused days);
//! - assistants are never charged;
//! - an issued invoice never changes, whatever happens later — a new price
//!   list included.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use teamdesk::billing::PriceList;
use teamdesk::billing::invoice::{Invoice, LineKind};
use teamdesk::billing::ledger::personal_credit;
use teamdesk::domain::{Cycle, PlanChange, Role, TeamId};
use teamdesk::sources::ManualClock;
use teamdesk::store::OpenMode;
use teamdesk::workspace::{
    Actor, BillingRequest, CardDetails, Command, InviteResult, NewPlan, Outcome, Settings,
    Workspace,
};
use tempfile::TempDir;

const OWNER: &str = "olivia@bondi.example";
/// Free people, and people paying for Pro themselves, who may join.
const PEOPLE: [&str; 6] = [
    "ana@x.example",
    "ben@x.example",
    "cy@x.example",
    "pia@pro.example",
    "pat@pro.example",
    "pol@pro.example",
];

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 5, 9, 0, 0).unwrap()
}

#[derive(Debug, Clone)]
enum Step {
    /// Days go by (and what falls due is settled by a read).
    Wait(i64),
    Join(usize, Role),
    Remove(usize),
    ChangeRole(usize, Role),
    Upgrade,
    Downgrade,
    AddCard,
    YearlyCycle,
}

fn step() -> impl Strategy<Value = Step> {
    let person = 0..PEOPLE.len();
    let role = prop_oneof![
        Just(Role::Member),
        Just(Role::Assistant),
        Just(Role::TemplateManager),
        Just(Role::Admin)
    ];
    prop_oneof![
        4 => (1i64..40).prop_map(Step::Wait),
        4 => (person.clone(), role.clone()).prop_map(|(p, r)| Step::Join(p, r)),
        2 => person.clone().prop_map(Step::Remove),
        2 => (person, role).prop_map(|(p, r)| Step::ChangeRole(p, r)),
        1 => Just(Step::Upgrade),
        1 => Just(Step::Downgrade),
        1 => Just(Step::AddCard),
        1 => Just(Step::YearlyCycle),
    ]
}

/// A team on a store of its own, and the clock it runs on.
struct World {
    dir: TempDir,
    clock: Arc<ManualClock>,
    workspace: Workspace,
    team: TeamId,
}

fn open(dir: &Path, clock: Arc<ManualClock>, prices: PriceList) -> Workspace {
    let settings = Settings {
        prices,
        ..Settings::default()
    };
    Workspace::open(dir, OpenMode::CreateIfMissing, clock, settings).expect("open the store")
}

fn person(email: &str) -> Actor {
    Actor::person(email).expect("an address")
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let clock = Arc::new(ManualClock::new(start() - Duration::days(10)));
        let workspace = open(
            &dir.path().join("store"),
            clock.clone(),
            PriceList::default(),
        );
        let create = |email: &str, plan| {
            workspace
                .execute(
                    &Actor::Operator,
                    Command::CreateAccount {
                        email: email.into(),
                        name: email.into(),
                        plan,
                        staff: None,
                    },
                )
                .expect("an account");
        };
        create(OWNER, NewPlan::Pro(Cycle::Monthly));
        for (index, email) in PEOPLE.iter().enumerate() {
            let plan = if index >= 3 {
                NewPlan::Pro(Cycle::Monthly)
            } else {
                NewPlan::Free
            };
            create(email, plan);
        }
        clock.set(start());
        let Ok(Outcome::Team(team)) = workspace.execute(
            &person(OWNER),
            Command::CreateTeam {
                name: "Bondi".into(),
            },
        ) else {
            panic!("the team is created");
        };
        World {
            dir,
            clock,
            workspace,
            team: team.id,
        }
    }

    /// Runs one step; refusals by the rules (an assistant on a Pro team, the
    /// last admin...) are part of the game and change nothing.
    fn run(&self, step: &Step) {
        let owner = person(OWNER);
        let execute = |command| {
            let _ = self.workspace.execute(&owner, command);
        };
        match step {
            Step::Wait(days) => {
                self.clock.advance(Duration::days(*days));
                let _ = self.workspace.billing(&owner);
            }
            Step::Join(who, role) => {
                let email = PEOPLE[*who];
                let invited = self.workspace.execute(
                    &owner,
                    Command::Invite {
                        emails: vec![email.into()],
                        role: *role,
                    },
                );
                if let Ok(Outcome::Invited(results)) = invited
                    && let Some(InviteResult::Invited(sent)) = results.first()
                {
                    let join = Command::Join {
                        link: sent.link.clone(),
                        name: None,
                    };
                    let _ = self.workspace.execute(&person(email), join);
                }
            }
            Step::Remove(who) => execute(Command::RemoveMember {
                email: PEOPLE[*who].into(),
            }),
            Step::ChangeRole(who, role) => execute(Command::ChangeRole {
                email: PEOPLE[*who].into(),
                role: *role,
            }),
            Step::Upgrade => execute(Command::UpgradeTeam),
            Step::Downgrade => execute(Command::DowngradeTeam),
            Step::AddCard => execute(Command::UpdateBilling(BillingRequest {
                card: Some(CardDetails {
                    brand: "visa".into(),
                    last4: "4242".into(),
                    expiry_month: 12,
                    expiry_year: 2039,
                }),
                ..BillingRequest::default()
            })),
            Step::YearlyCycle => execute(Command::UpdateBilling(BillingRequest {
                cycle: Some(Cycle::Yearly),
                ..BillingRequest::default()
            })),
        }
    }

    /// The same store opened again (one holder at a time) on `prices`.
    fn reopened(self, prices: PriceList) -> World {
        let World {
            dir,
            clock,
            workspace,
            team,
        } = self;
        drop(workspace);
        let workspace = open(&dir.path().join("store"), clock.clone(), prices);
        World {
            dir,
            clock,
            workspace,
            team,
        }
    }

    fn invoices(&self) -> BTreeMap<chrono::NaiveDate, Invoice> {
        let dump = self.workspace.export(&Actor::Operator).expect("an export");
        dump.invoices
            .into_iter()
            .filter(|invoice| invoice.team == self.team)
            .map(|invoice| (invoice.period.start, invoice))
            .collect()
    }
}

/// Every invoice issued so far is still exactly as it was.
fn unchanged(
    before: &BTreeMap<chrono::NaiveDate, Invoice>,
    now: &BTreeMap<chrono::NaiveDate, Invoice>,
) -> Result<(), TestCaseError> {
    for (start, invoice) in before {
        prop_assert_eq!(
            now.get(start),
            Some(invoice),
            "the invoice of {} changed",
            start
        );
    }
    Ok(())
}

fn check_invoices(invoices: &BTreeMap<chrono::NaiveDate, Invoice>) -> Result<(), TestCaseError> {
    for invoice in invoices.values() {
        let sum: i64 = invoice.lines.iter().map(|line| line.amount).sum();
        prop_assert_eq!(invoice.total, sum);
        prop_assert!(invoice.total >= 0);
        for line in &invoice.lines {
            let assistant = line
                .seat
                .as_ref()
                .is_some_and(|seat| seat.role == Role::Assistant);
            if assistant {
                prop_assert_eq!(line.kind, LineKind::Assistant, "{:?}", line);
                prop_assert_eq!(line.amount, 0);
            }
        }
    }
    Ok(())
}

/// A personal Pro plan a team took over is credited exactly its unused days,
/// from the day of joining: so no day is paid both personally and by the team.
fn check_personal_credit(world: &World) -> Result<(), TestCaseError> {
    let dump = world.workspace.export(&Actor::Operator).expect("an export");
    let prices = PriceList::default();
    for account in &dump.accounts {
        let mut credited = 0;
        for event in &account.plan_history {
            if let PlanChange::ProCancelledOnJoining {
                cycle,
                paid_since,
                credit,
            } = event.change
            {
                let unused = personal_credit(&prices, cycle, paid_since, event.at.date_naive());
                prop_assert_eq!(credit, unused, "{}", account.email);
                credited += credit;
            }
        }
        prop_assert_eq!(account.credit, credited + owner_credit(account));
    }
    Ok(())
}

/// What creating the team credited its owner.
fn owner_credit(account: &teamdesk::domain::Account) -> i64 {
    account
        .plan_history
        .iter()
        .map(|event| match event.change {
            PlanChange::MovedToTeam { credit, .. } => credit,
            _ => 0,
        })
        .sum()
}

#[test]
fn billing_keeps_its_promises_whatever_happens() {
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(step(), 1..30), |steps| {
            let world = World::new();
            let mut seen = world.invoices();
            for step in &steps {
                world.run(step);
                let now = world.invoices();
                unchanged(&seen, &now)?;
                seen = now;
            }
            check_invoices(&seen)?;
            check_personal_credit(&world)?;
            // A new price list changes nothing already issued, and prices
            // what is issued from now on.
            let dearer = PriceList {
                pro: teamdesk::billing::CyclePrices {
                    monthly: 19900,
                    yearly: 199000,
                },
                ..PriceList::default()
            };
            let world = world.reopened(dearer);
            world.run(&Step::Wait(400));
            let after = world.invoices();
            unchanged(&seen, &after)?;
            check_invoices(&after)?;
            prop_assert!(after.len() > seen.len(), "new periods were invoiced");
            let doctor = world
                .workspace
                .doctor(&Actor::Operator)
                .expect("doctor runs");
            prop_assert!(doctor.is_sound(), "{:?}", doctor.problems);
            Ok(())
        })
        .unwrap();
}
