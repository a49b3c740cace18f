//! Property tests through the workspace door:
//! - random command sequences by random actors never break an invariant `doctor` checks;
//! - hostile text in names, emails and template bodies is refused or stored exactly;
//! - the display sanitiser never lets a control, bidi or invisible character through.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use icu_normalizer::ComposingNormalizerBorrowed;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use teamdesk::domain::text::is_forbidden_in_name;
use teamdesk::domain::{Cycle, Email, Membership, Role, Staff};
use teamdesk::sanitize;
use teamdesk::sources::ManualClock;
use teamdesk::store::OpenMode;
use teamdesk::store::dump::Dump;
use teamdesk::workspace::{
    Actor, BillingRequest, CardDetails, Command, InviteResult, NewPlan, Outcome, Settings,
    TeamChoice, TeamSettings, Workspace,
};
use tempfile::TempDir;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

/// A workspace in its own temporary directory, on a clock that moves when told.
struct Bench {
    _dir: TempDir,
    clock: Arc<ManualClock>,
    workspace: Workspace,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let clock = Arc::new(ManualClock::new(start()));
        let workspace = Workspace::open(
            &dir.path().join("store"),
            OpenMode::CreateIfMissing,
            clock.clone(),
            Settings::default(),
        )
        .expect("open a store");
        Bench {
            _dir: dir,
            clock,
            workspace,
        }
    }

    fn create_account(&self, email: &str, plan: NewPlan, staff: Option<Staff>) {
        self.workspace
            .execute(
                &Actor::Operator,
                Command::CreateAccount {
                    email: email.into(),
                    name: format!("Person {email}"),
                    plan,
                    staff,
                },
            )
            .unwrap_or_else(|e| panic!("create {email}: {e}"));
    }
}

// ---------------------------------------------------------------------------
// a. Random command sequences keep every invariant.

/// The people who act. The last two have no account until they join through a
/// link; `OPERATOR` (one past the list) is the operator, with no account.
const PEOPLE: [&str; 8] = [
    "ana@a.example",
    "ben@b.example",
    "cy@c.example",
    "dee@d.example",
    "eve@e.example",
    "sue@vendor.example",
    "fay@f.example",
    "gus@g.example",
];
const OPERATOR: usize = PEOPLE.len();
const TEAM_NAMES: &[&str] = &["Alpha Clinic", "Beta Practice", "alpha clinic"];
const TEMPLATE_NAMES: &[&str] = &["SOAP", "soap", "Follow-up"];
const ROLES: &[Role] = &[
    Role::Admin,
    Role::TemplateManager,
    Role::Member,
    Role::Assistant,
];

fn actor(who: usize) -> Actor {
    match PEOPLE.get(who) {
        Some(email) => Actor::person(email).expect("a valid address"),
        None => Actor::Operator,
    }
}

/// Five accounts (three on Pro), a support account, and a Clinic trial team
/// owned by ana, so that sequences start with something to act on.
fn sequence_bench() -> Bench {
    let bench = Bench::new();
    bench.create_account(PEOPLE[0], NewPlan::Pro(Cycle::Monthly), None);
    bench.create_account(PEOPLE[1], NewPlan::Pro(Cycle::Yearly), None);
    bench.create_account(PEOPLE[2], NewPlan::Pro(Cycle::Monthly), None);
    bench.create_account(PEOPLE[3], NewPlan::Free, None);
    bench.create_account(PEOPLE[4], NewPlan::Free, None);
    bench.create_account(PEOPLE[5], NewPlan::Free, Some(Staff::Support));
    for command in [
        Command::CreateTeam {
            name: TEAM_NAMES[0].into(),
        },
        Command::UpgradeTeam,
    ] {
        bench.workspace.execute(&actor(0), command).expect("set up");
    }
    bench
}

/// Who acts, chosen against the store as it is when the step runs, so that
/// both authorised people and everyone else get their turn.
#[derive(Debug, Clone)]
enum By {
    /// Anyone in `PEOPLE`, or the operator.
    Anyone(usize),
    /// An admin of some team (anyone, when there is none).
    Admin(Index),
    /// The owner of some team.
    Owner(Index),
    /// A member of some team, any role.
    Member(Index),
}

/// Whom a step acts on.
#[derive(Debug, Clone)]
enum Whom {
    Anyone(usize),
    /// A member of some team.
    Member(Index),
    /// A member of the actor's own team (the actor included).
    Teammate(Index),
    /// An address with an open invitation to some team.
    Invitee(Index),
    /// An address with an open invitation to the actor's team.
    TeamInvitee(Index),
}

#[derive(Debug, Clone)]
enum Step {
    CreateTeam {
        by: By,
        name: &'static str,
    },
    Upgrade {
        by: By,
    },
    Downgrade {
        by: By,
    },
    Invite {
        by: By,
        who: Vec<usize>,
        role: Role,
    },
    /// Opens a link as the address it was sent to.
    JoinAsInvitee {
        link: Index,
    },
    /// Opens a link as anyone, often the wrong account.
    JoinAs {
        by: By,
        link: Index,
        with_name: bool,
    },
    Resend {
        by: By,
        who: Whom,
        team: Option<&'static str>,
    },
    Revoke {
        by: By,
        who: Whom,
        team: Option<&'static str>,
    },
    Remove {
        by: By,
        who: Whom,
    },
    Leave {
        by: By,
    },
    ChangeRole {
        by: By,
        who: Whom,
        role: Role,
    },
    Transfer {
        by: By,
        to: Whom,
    },
    AddTemplate {
        by: By,
        name: &'static str,
    },
    EditTemplate {
        by: By,
        name: &'static str,
        based_on: u32,
    },
    RemoveTemplate {
        by: By,
        name: &'static str,
    },
    DeleteTeam {
        by: By,
        right_name: bool,
    },
    AddCard {
        by: By,
    },
    /// Reads settle an ended trial, so they are changes too.
    Read {
        by: By,
        team: Option<&'static str>,
    },
    Advance {
        days: i64,
    },
}

fn role() -> impl Strategy<Value = Role> {
    select(ROLES)
}

fn by() -> impl Strategy<Value = By> {
    prop_oneof![
        3 => (0..=OPERATOR).prop_map(By::Anyone),
        4 => any::<Index>().prop_map(By::Admin),
        2 => any::<Index>().prop_map(By::Owner),
        2 => any::<Index>().prop_map(By::Member),
    ]
}

fn whom() -> impl Strategy<Value = Whom> {
    prop_oneof![
        2 => (0..PEOPLE.len()).prop_map(Whom::Anyone),
        1 => any::<Index>().prop_map(Whom::Member),
        3 => any::<Index>().prop_map(Whom::Teammate),
        1 => any::<Index>().prop_map(Whom::Invitee),
        3 => any::<Index>().prop_map(Whom::TeamInvitee),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let team = proptest::option::of(select(TEAM_NAMES));
    let template = select(TEMPLATE_NAMES);
    prop_oneof![
        2 => (by(), select(TEAM_NAMES)).prop_map(|(by, name)| Step::CreateTeam { by, name }),
        1 => by().prop_map(|by| Step::Upgrade { by }),
        1 => by().prop_map(|by| Step::Downgrade { by }),
        5 => (by(), proptest::collection::vec(0..PEOPLE.len(), 1..4), role())
            .prop_map(|(by, who, role)| Step::Invite { by, who, role }),
        5 => any::<Index>().prop_map(|link| Step::JoinAsInvitee { link }),
        2 => (by(), any::<Index>(), any::<bool>())
            .prop_map(|(by, link, with_name)| Step::JoinAs { by, link, with_name }),
        2 => (by(), whom(), team.clone()).prop_map(|(by, who, team)| Step::Resend { by, who, team }),
        2 => (by(), whom(), team.clone()).prop_map(|(by, who, team)| Step::Revoke { by, who, team }),
        2 => (by(), whom()).prop_map(|(by, who)| Step::Remove { by, who }),
        2 => by().prop_map(|by| Step::Leave { by }),
        3 => (by(), whom(), role()).prop_map(|(by, who, role)| Step::ChangeRole { by, who, role }),
        2 => (by(), whom()).prop_map(|(by, to)| Step::Transfer { by, to }),
        2 => (by(), template.clone()).prop_map(|(by, name)| Step::AddTemplate { by, name }),
        2 => (by(), template.clone(), 1u32..4)
            .prop_map(|(by, name, based_on)| Step::EditTemplate { by, name, based_on }),
        1 => (by(), template).prop_map(|(by, name)| Step::RemoveTemplate { by, name }),
        1 => (by(), any::<bool>()).prop_map(|(by, right_name)| Step::DeleteTeam { by, right_name }),
        1 => by().prop_map(|by| Step::AddCard { by }),
        2 => (by(), team).prop_map(|(by, team)| Step::Read { by, team }),
        3 => prop_oneof![1i64..4, 10i64..20, 25i64..40].prop_map(|days| Step::Advance { days }),
    ]
}

/// The people of `PEOPLE` a predicate picks out in the current store, by index.
fn people_where(dump: &Dump, wanted: impl Fn(&Membership, bool) -> bool) -> Vec<usize> {
    let mut found: Vec<usize> = dump
        .memberships
        .iter()
        .filter_map(|membership| {
            let owner = dump
                .teams
                .iter()
                .any(|t| t.id == membership.team && t.owner == membership.account);
            if !wanted(membership, owner) {
                return None;
            }
            let account = dump.accounts.iter().find(|a| a.id == membership.account)?;
            PEOPLE.iter().position(|p| *p == account.email.as_str())
        })
        .collect();
    found.sort_unstable();
    found
}

fn pick<T: Clone>(found: &[T], index: &Index, otherwise: T) -> T {
    if found.is_empty() {
        otherwise
    } else {
        found[index.index(found.len())].clone()
    }
}

/// The index in `PEOPLE` (or `OPERATOR`) of whoever acts.
fn resolve_by(dump: &Dump, by: &By) -> usize {
    let anyone = |i: &Index| i.index(PEOPLE.len());
    match by {
        By::Anyone(who) => *who,
        By::Admin(i) => pick(
            &people_where(dump, |m, _| m.role == Role::Admin),
            i,
            anyone(i),
        ),
        By::Owner(i) => pick(&people_where(dump, |_, owner| owner), i, anyone(i)),
        By::Member(i) => pick(&people_where(dump, |_, _| true), i, anyone(i)),
    }
}

/// The address a step acts on, given who acts.
fn resolve_whom(dump: &Dump, actor: usize, whom: &Whom) -> String {
    let anyone = |i: &Index| PEOPLE[i.index(PEOPLE.len())].to_owned();
    let actor_team = PEOPLE.get(actor).and_then(|email| {
        let account = dump.accounts.iter().find(|a| a.email.as_str() == *email)?;
        let membership = dump.memberships.iter().find(|m| m.account == account.id)?;
        Some(membership.team)
    });
    let open_invitees = |of_actor_team: bool| -> Vec<String> {
        dump.invitations
            .iter()
            .filter(|v| v.is_open() && (!of_actor_team || Some(v.team) == actor_team))
            .map(|v| v.email.to_string())
            .collect()
    };
    match whom {
        Whom::Anyone(who) => PEOPLE[*who].to_owned(),
        Whom::Member(i) => {
            PEOPLE[pick(&people_where(dump, |_, _| true), i, i.index(PEOPLE.len()))].to_owned()
        }
        Whom::Teammate(i) => PEOPLE[pick(
            &people_where(dump, |m, _| Some(m.team) == actor_team),
            i,
            i.index(PEOPLE.len()),
        )]
        .to_owned(),
        Whom::Invitee(i) => pick(&open_invitees(false), i, anyone(i)),
        Whom::TeamInvitee(i) => pick(&open_invitees(true), i, anyone(i)),
    }
}

impl Step {
    /// Who the step is done by, when it is not the operator (or the invitee).
    fn by(&self) -> Option<&By> {
        match self {
            Step::CreateTeam { by, .. }
            | Step::Upgrade { by }
            | Step::Downgrade { by }
            | Step::Invite { by, .. }
            | Step::JoinAs { by, .. }
            | Step::Resend { by, .. }
            | Step::Revoke { by, .. }
            | Step::Remove { by, .. }
            | Step::Leave { by }
            | Step::ChangeRole { by, .. }
            | Step::Transfer { by, .. }
            | Step::AddTemplate { by, .. }
            | Step::EditTemplate { by, .. }
            | Step::RemoveTemplate { by, .. }
            | Step::DeleteTeam { by, .. }
            | Step::AddCard { by }
            | Step::Read { by, .. } => Some(by),
            Step::JoinAsInvitee { .. } | Step::Advance { .. } => None,
        }
    }

    /// The command the step is, for steps that are one command by whoever
    /// acts; `None` for the others. `whom` names the address acted on.
    fn command(&self, whom: &dyn Fn(&Whom) -> String) -> Option<Command> {
        let command = match self {
            Step::CreateTeam { name, .. } => Command::CreateTeam {
                name: (*name).into(),
            },
            Step::Upgrade { .. } => Command::UpgradeTeam,
            Step::Downgrade { .. } => Command::DowngradeTeam,
            Step::Invite {
                who: invitees,
                role,
                ..
            } => Command::Invite {
                emails: invitees.iter().map(|&w| PEOPLE[w].to_owned()).collect(),
                role: *role,
            },
            Step::Resend {
                who: target, team, ..
            } => Command::ResendInvitation {
                team: TeamChoice::from_option(*team),
                email: whom(target),
            },
            Step::Revoke {
                who: target, team, ..
            } => Command::RevokeInvitation {
                team: TeamChoice::from_option(*team),
                email: whom(target),
            },
            Step::Remove { who: target, .. } => Command::RemoveMember {
                email: whom(target),
            },
            Step::Leave { .. } => Command::LeaveTeam,
            Step::ChangeRole {
                who: target, role, ..
            } => Command::ChangeRole {
                email: whom(target),
                role: *role,
            },
            Step::Transfer { to, .. } => Command::TransferOwnership { to: whom(to) },
            Step::AddTemplate { name, .. } => Command::AddTemplate {
                name: (*name).into(),
                body: format!("{name}:\n\tnotes\n"),
            },
            Step::EditTemplate { name, based_on, .. } => Command::EditTemplate {
                name: (*name).into(),
                body: format!("{name} (edited):\n"),
                based_on: *based_on,
            },
            Step::RemoveTemplate { name, .. } => Command::RemoveTemplate {
                name: (*name).into(),
            },
            Step::AddCard { .. } => Command::UpdateBilling(BillingRequest {
                card: Some(CardDetails {
                    brand: "visa".into(),
                    last4: "4242".into(),
                    expiry_month: 12,
                    expiry_year: 2039,
                }),
                billing_email: None,
                cycle: None,
            }),
            Step::JoinAsInvitee { .. }
            | Step::JoinAs { .. }
            | Step::DeleteTeam { .. }
            | Step::Read { .. }
            | Step::Advance { .. } => return None,
        };
        Some(command)
    }
}

/// Runs one step; refusals are fine, a store failure is not.
fn run_step(bench: &Bench, links: &mut Vec<(String, String)>, step: &Step) -> Result<(), String> {
    let ws = &bench.workspace;
    let dump = ws
        .export(&Actor::Operator)
        .map_err(|e| format!("export: {e}"))?;
    let acting = step.by().map_or(OPERATOR, |by| resolve_by(&dump, by));
    let acting_actor = actor(acting);
    let whom = |whom: &Whom| resolve_whom(&dump, acting, whom);
    let result = match step.command(&whom) {
        Some(command) => ws.execute(&acting_actor, command).map(Some),
        None => run_other_step(bench, links, &acting_actor, step),
    };
    keep_links(links, result)
}

/// The steps that are not one command by whoever acts: opening a link,
/// deleting a team by its name (or a wrong one), reading every view, and
/// moving the clock.
fn run_other_step(
    bench: &Bench,
    links: &[(String, String)],
    acting_actor: &Actor,
    step: &Step,
) -> Result<Option<Outcome>, teamdesk::Error> {
    let ws = &bench.workspace;
    match step {
        Step::JoinAsInvitee { link } => {
            if links.is_empty() {
                return Ok(None);
            }
            let (email, link) = links[link.index(links.len())].clone();
            ws.execute(
                &Actor::person(&email).expect("an invited address"),
                Command::Join {
                    link,
                    name: Some(format!("Joiner {email}")),
                },
            )
            .map(Some)
        }
        Step::JoinAs {
            link, with_name, ..
        } => {
            if links.is_empty() {
                return Ok(None);
            }
            let (_, link) = links[link.index(links.len())].clone();
            ws.execute(
                acting_actor,
                Command::Join {
                    link,
                    name: with_name.then(|| "Somebody".to_owned()),
                },
            )
            .map(Some)
        }
        Step::DeleteTeam { right_name, .. } => {
            let name = match ws.account(acting_actor) {
                Ok(account) if *right_name => account.team.map(|t| t.name),
                _ => None,
            };
            ws.execute(
                acting_actor,
                Command::DeleteTeam {
                    confirm_name: name.unwrap_or_else(|| "Not The Name".into()),
                },
            )
            .map(Some)
        }
        Step::Read { team, .. } => {
            let team = TeamChoice::from_option(*team);
            let reads = [
                ws.team(acting_actor, &team).err(),
                ws.members(acting_actor, &team).err(),
                ws.invitations(acting_actor, &team, None).err(),
                ws.audit_log(acting_actor, &team, 20).err(),
                ws.templates(acting_actor).err(),
                ws.billing(acting_actor).err(),
                ws.account(acting_actor).err(),
            ];
            match reads.into_iter().flatten().find(|e| e.exit_code() == 7) {
                Some(failure) => Err(failure),
                None => Ok(None),
            }
        }
        Step::Advance { days } => {
            bench.clock.advance(Duration::days(*days));
            Ok(None)
        }
        command => unreachable!("{command:?} is one command by whoever acts"),
    }
}

/// Keeps the links of invitations sent (or sent again) for later steps;
/// refusals within the rules are fine, anything else is a failure.
fn keep_links(
    links: &mut Vec<(String, String)>,
    result: Result<Option<Outcome>, teamdesk::Error>,
) -> Result<(), String> {
    match result {
        Ok(Some(Outcome::Invited(results))) => {
            for result in results {
                if let InviteResult::Invited(sent) = result {
                    links.push((sent.email, sent.link));
                }
            }
            Ok(())
        }
        Ok(Some(Outcome::Resent(sent))) => {
            links.push((sent.email, sent.link));
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(error) if (3..=6).contains(&error.exit_code()) => Ok(()),
        Err(error) => Err(format!(
            "failed outside the rules (exit {}): {error}",
            error.exit_code()
        )),
    }
}

proptest! {
    #![proptest_config(Config { cases: 64, failure_persistence: None, ..Config::default() })]

    #[test]
    fn random_command_sequences_never_break_an_invariant(
        steps in proptest::collection::vec(step(), 1..40)
    ) {
        let bench = sequence_bench();
        let mut links = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            let ran = run_step(&bench, &mut links, step);
            prop_assert!(ran.is_ok(), "step {i} {step:?}: {}", ran.unwrap_err());
            let report = bench.workspace.doctor(&Actor::Operator).expect("doctor runs");
            prop_assert!(
                report.is_sound(),
                "after step {} {:?}: {:?}",
                i,
                step,
                report.problems
            );
        }
        // Everyone looks once more, so a trial that ended is recorded.
        for who in 0..PEOPLE.len() {
            let _ = bench.workspace.team(&actor(who), &TeamChoice::Own);
        }
        let report = bench.workspace.doctor(&Actor::Operator).expect("doctor runs");
        prop_assert!(report.is_sound(), "at the end: {:?}", report.problems);
    }
}

/// The smallest sequence the property above found: a Clinic trial with an
/// assistant ends without a payment method on file. SPEC §2 returns the team
/// to Pro, while assistants exist only on Clinic teams (R2, R8; downgrading
/// is refused while assistants are present), and SPEC does not say what
/// happens to them then.
#[test]
fn a_lapsed_clinic_trial_leaves_no_assistant_on_a_pro_team() {
    let bench = sequence_bench();
    let ws = &bench.workspace;
    let owner = actor(0);
    let outcome = ws
        .execute(
            &owner,
            Command::Invite {
                emails: vec![PEOPLE[1].into()],
                role: Role::Assistant,
            },
        )
        .expect("invite an assistant");
    let Outcome::Invited(results) = outcome else {
        panic!("invite answered {outcome:?}");
    };
    let [InviteResult::Invited(sent)] = &results[..] else {
        panic!("invite refused: {results:?}");
    };
    ws.execute(
        &actor(1),
        Command::Join {
            link: sent.link.clone(),
            name: None,
        },
    )
    .expect("the assistant joins");
    bench.clock.advance(Duration::days(14));
    let team = ws.team(&owner, &TeamChoice::Own).expect("team show");
    let members = ws.members(&owner, &TeamChoice::Own).expect("member list");
    let report = ws.doctor(&Actor::Operator).expect("doctor");
    assert!(
        report.is_sound(),
        "the team is now {:?} with members {:?}: {:?}",
        team.kind,
        members
            .iter()
            .map(|m| (m.email.as_str(), m.role))
            .collect::<Vec<_>>(),
        report.problems
    );
}

// ---------------------------------------------------------------------------
// b. Hostile text is refused or stored exactly.

/// Pieces people paste: terminal escapes, bidi overrides, invisible
/// characters, controls, emoji (one joined by an invisible joiner), wide
/// glyphs, odd spaces, and look-alikes (Hangul fillers, tag characters,
/// variation selectors, compatibility letters, an `xn--` label).
const HOSTILE: &[&str] = &[
    "\u{3164}",
    "\u{115F}",
    "\u{E0041}",
    "\u{34F}",
    "\u{FE0F}",
    "\u{180B}",
    "\u{1D173}",
    "\u{212A}",
    "\u{FF41}",
    "xn--bcher-kva",
    "b\u{FC}cher",
    "\u{1b}[31m",
    "\u{1b}[2J\u{1b}[H",
    "\u{1b}]0;owned\u{7}",
    "\u{1b}]8;;https://evil.example\u{1b}\\",
    "\u{9b}31m",
    "\u{7}",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\t",
    "\n",
    "\r\n",
    "\u{202E}",
    "\u{202D}",
    "\u{2066}",
    "\u{2069}",
    "\u{200E}",
    "\u{61C}",
    "\u{200B}",
    "\u{200C}",
    "\u{200D}",
    "\u{2060}",
    "\u{FEFF}",
    "\u{AD}",
    "\u{2028}",
    "🩺",
    "👩\u{200D}⚕\u{FE0F}",
    "🇵🇱",
    "漢字",
    "Zoë",
    "ﷺ",
    " ",
    "\u{A0}",
    "\u{3000}",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 .,'-]{1,10}",
        3 => select(HOSTILE).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn maybe_fragment() -> impl Strategy<Value = String> {
    prop_oneof![2 => Just(String::new()), 1 => fragment()]
}

/// What 10,000-character strings are made of.
const LONG_UNITS: &[&str] = &["a", "🩺", "漢", "\u{1b}", "\u{200B}"];

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::collection::vec(fragment(), 0..8).prop_map(|parts| parts.concat()),
        1 => (maybe_fragment(), select(LONG_UNITS), maybe_fragment())
            .prop_map(|(head, unit, tail)| format!("{head}{}{tail}", unit.repeat(10_000))),
    ]
}

fn hostile_email() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (
            maybe_fragment(),
            "[a-zA-Z0-9._+-]{1,12}",
            maybe_fragment(),
            "[a-zA-Z0-9-]{1,10}",
            maybe_fragment(),
        )
            .prop_map(|(head, local, middle, domain, tail)| {
                format!("{head}{local}{middle}@{domain}.Example{tail}")
            }),
        1 => hostile_text(),
    ]
}

fn is_clean(text: &str) -> bool {
    !text.chars().any(is_forbidden_in_name)
}

/// A name of some kind was either refused as invalid input or stored as the
/// trimmed input, holding nothing forbidden. `limit` is the documented length.
fn check_name(
    what: &str,
    input: &str,
    limit: usize,
    stored: Result<String, teamdesk::Error>,
) -> Result<(), TestCaseError> {
    let trimmed = input.trim();
    let must_refuse = !is_clean(trimmed) || trimmed.is_empty();
    let must_accept = !must_refuse && trimmed.chars().count() <= limit;
    match stored {
        Ok(stored) => {
            prop_assert!(!must_refuse, "{what} {input:?} was accepted as {stored:?}");
            prop_assert_eq!(stored.as_str(), trimmed, "{} {:?} was mangled", what, input);
            prop_assert!(is_clean(&stored));
        }
        Err(error) => {
            prop_assert!(!must_accept, "{what} {input:?} was refused: {error}");
            prop_assert_eq!(error.exit_code(), 6, "{} {:?}: {}", what, input, error);
        }
    }
    Ok(())
}

/// An email address was refused as invalid, refused as taken (only when it
/// is), or stored trimmed and lower-cased, holding nothing forbidden.
fn check_email(
    input: &str,
    taken: bool,
    stored: Result<String, (i32, String)>,
) -> Result<(), TestCaseError> {
    let normalised = input.trim().to_lowercase();
    match stored {
        Ok(stored) => {
            prop_assert!(!taken, "{input:?} was accepted twice");
            prop_assert!(
                is_clean(&normalised),
                "{input:?} was accepted as {stored:?}"
            );
            prop_assert_eq!(stored, normalised, "{:?} was mangled", input);
        }
        Err((code, message)) => {
            prop_assert!(
                code == 6 || (code == 5 && taken),
                "{input:?} refused with exit {code}: {message}"
            );
        }
    }
    Ok(())
}

/// A Clinic team owned by `owner@clinic.example`, for the text properties.
fn text_bench() -> (Bench, Actor) {
    let bench = Bench::new();
    let owner = "owner@clinic.example";
    bench.create_account(owner, NewPlan::Pro(Cycle::Monthly), None);
    let actor = Actor::person(owner).unwrap();
    for command in [
        Command::CreateTeam {
            name: "Text Clinic".into(),
        },
        Command::UpgradeTeam,
    ] {
        bench.workspace.execute(&actor, command).expect("set up");
    }
    (bench, actor)
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

fn report(result: Result<(), proptest::test_runner::TestError<impl std::fmt::Debug>>) {
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

#[test]
fn hostile_person_and_team_names_are_refused_or_stored_exactly() {
    let (bench, owner) = text_bench();
    let ws = &bench.workspace;
    let count = Cell::new(0);
    report(runner(96).run(&hostile_text(), |input| {
        let n = count.get() + 1;
        count.set(n);
        let email = format!("person{n}@names.example");
        let person = ws
            .execute(
                &Actor::Operator,
                Command::CreateAccount {
                    email: email.clone(),
                    name: input.clone(),
                    plan: NewPlan::Pro(Cycle::Monthly),
                    staff: None,
                },
            )
            .and_then(|_| ws.account(&Actor::person(&email).unwrap()))
            .map(|account| account.name);
        let created = person.is_ok();
        // 120 characters is this install's limit for a person's name; SPEC sets none.
        check_name("a person's name", &input, 120, person)?;
        if created {
            let dump = ws.export(&Actor::Operator).expect("export");
            let record = dump.accounts.iter().find(|a| a.email.as_str() == email);
            prop_assert_eq!(record.map(|a| a.name.as_str()), Some(input.trim()));
            // The same name as a team name (R1: 1..=80 characters).
            let creator = Actor::person(&email).unwrap();
            let team = ws
                .execute(
                    &creator,
                    Command::CreateTeam {
                        name: input.clone(),
                    },
                )
                .and_then(|_| ws.team(&creator, &TeamChoice::Own))
                .map(|team| team.name);
            check_name("a new team's name", &input, 80, team)?;
        }
        let renamed = ws
            .execute(
                &owner,
                Command::ChangeSettings(TeamSettings {
                    name: Some(input.clone()),
                    ..TeamSettings::default()
                }),
            )
            .and_then(|_| ws.team(&owner, &TeamChoice::Own))
            .map(|team| team.name);
        check_name("a team's new name", &input, 80, renamed)
    }));
    let report = ws.doctor(&Actor::Operator).expect("doctor");
    assert!(report.is_sound(), "{:?}", report.problems);
}

#[test]
fn hostile_emails_are_refused_or_stored_trimmed_and_lower_cased() {
    let (bench, owner) = text_bench();
    let ws = &bench.workspace;
    let accounts = RefCell::new(HashSet::new());
    let invited = RefCell::new(HashSet::new());
    let count = Cell::new(0);
    report(runner(128).run(&hostile_email(), |input| {
        let n = count.get() + 1;
        count.set(n);
        let normalised = input.trim().to_lowercase();
        let created = ws
            .execute(
                &Actor::Operator,
                Command::CreateAccount {
                    email: input.clone(),
                    name: "Hostile Address".into(),
                    plan: NewPlan::Free,
                    staff: None,
                },
            )
            .map_err(|e| (e.exit_code(), e.to_string()))
            .and_then(|outcome| match outcome {
                Outcome::Account(view) => Ok(view.email),
                other => Err((1, format!("{other:?}"))),
            });
        if let Ok(email) = &created {
            let actor = Actor::person(email).expect("a stored address parses");
            let read = ws.account(&actor).expect("account show").email;
            prop_assert_eq!(&read, email);
            prop_assert!(
                ws.export(&Actor::Operator)
                    .expect("export")
                    .accounts
                    .iter()
                    .any(|a| a.email.as_str() == normalised)
            );
        }
        check_email(
            &input,
            accounts.borrow().contains(&normalised),
            created.clone(),
        )?;
        if created.is_ok() {
            accounts.borrow_mut().insert(normalised.clone());
        }

        // In a bulk invite, a bad address never blocks a good one (R2).
        let good = format!("good{n}@fine.example");
        let outcome = ws
            .execute(
                &owner,
                Command::Invite {
                    emails: vec![input.clone(), good.clone()],
                    role: Role::Member,
                },
            )
            .expect("a bulk invite answers per address");
        let Outcome::Invited(results) = outcome else {
            panic!("invite answered {outcome:?}");
        };
        prop_assert_eq!(results.len(), 2);
        prop_assert!(
            matches!(&results[1], InviteResult::Invited(sent) if sent.email == good),
            "{:?}",
            results[1]
        );
        let first = match &results[0] {
            InviteResult::Invited(sent) => Ok(sent.email.clone()),
            InviteResult::Refused {
                exit_code, error, ..
            } => Err((*exit_code, error.clone())),
        };
        check_email(
            &input,
            invited.borrow().contains(&normalised),
            first.clone(),
        )?;
        if first.is_ok() {
            invited.borrow_mut().insert(normalised);
        }
        Ok(())
    }));
    let report = ws.doctor(&Actor::Operator).expect("doctor");
    assert!(report.is_sound(), "{:?}", report.problems);
}

/// What bodies are padded with.
const BODY_UNITS: &[&str] = &["x", "é", "🩺", "\t", "\n", "\u{1b}[0m", "\u{202E}"];

/// A body near the 64 KiB limit or small, built from hostile pieces.
fn hostile_body() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(fragment(), 0..10),
        select(BODY_UNITS),
        prop_oneof![0usize..200, 65_400usize..65_700],
    )
        .prop_map(|(parts, unit, target)| {
            let mut body = parts.concat();
            while body.len() < target {
                body.push_str(unit);
            }
            body
        })
}

#[test]
fn hostile_template_names_and_bodies_are_refused_or_stored_byte_exactly() {
    const LIMIT: usize = 64 * 1024;
    let (bench, owner) = text_bench();
    let ws = &bench.workspace;
    report(
        runner(64).run(&(hostile_text(), hostile_body()), |(name, body)| {
            // Start from no templates, whatever an earlier (failed) case left.
            for left in ws.templates(&owner).expect("template list") {
                ws.execute(&owner, Command::RemoveTemplate { name: left.name })
                    .expect("remove a template by its listed name");
            }
            let added = ws.execute(
                &owner,
                Command::AddTemplate {
                    name: name.clone(),
                    body: "plain".into(),
                },
            );
            let stored_name = added.as_ref().ok().map(|_| name.trim().to_owned());
            check_name(
                "a template name",
                &name,
                120,
                added.and_then(|_| {
                    // Read back as it was typed, and through the list.
                    let shown = ws.template(&owner, &name)?.name;
                    let listed = ws.templates(&owner)?;
                    assert!(listed.iter().any(|t| t.name == shown), "{listed:?}");
                    Ok(shown)
                }),
            )?;
            let template = stored_name.unwrap_or_else(|| "Body test".into());
            if template == "Body test" {
                ws.execute(
                    &owner,
                    Command::AddTemplate {
                        name: template.clone(),
                        body: "plain".into(),
                    },
                )
                .expect("a plain template");
            }

            for command in [
                Command::EditTemplate {
                    name: template.clone(),
                    body: body.clone(),
                    based_on: 1,
                },
                Command::AddTemplate {
                    name: "Body test 2".into(),
                    body: body.clone(),
                },
            ] {
                let target = match &command {
                    Command::AddTemplate { name, .. } => name.clone(),
                    _ => template.clone(),
                };
                match ws.execute(&owner, command) {
                    Ok(_) => {
                        prop_assert!(body.len() <= LIMIT, "{} bytes were stored", body.len());
                        let shown = ws.template(&owner, &target).expect("template show");
                        prop_assert!(shown.body == body, "the body came back changed");
                        let dump = ws.export(&Actor::Operator).expect("export");
                        let record = dump.templates.iter().find(|t| t.name == target);
                        prop_assert!(record.is_some_and(|t| t.body.as_bytes() == body.as_bytes()));
                    }
                    Err(error) => {
                        prop_assert!(body.len() > LIMIT, "{} bytes refused: {error}", body.len());
                        prop_assert_eq!(error.exit_code(), 6, "{}", error);
                    }
                }
            }
            for name in [template.as_str(), "Body test 2"] {
                let _ = ws.execute(&owner, Command::RemoveTemplate { name: name.into() });
            }
            prop_assert!(ws.templates(&owner).expect("template list").is_empty());
            Ok(())
        }),
    );
    let report = ws.doctor(&Actor::Operator).expect("doctor");
    assert!(report.is_sound(), "{:?}", report.problems);
}

proptest! {
    #![proptest_config(Config { cases: 1024, failure_persistence: None, ..Config::default() })]

    /// Whatever is typed, an accepted address has one spelling: it holds
    /// nothing forbidden, is already in NFKC, has a domain that is valid
    /// IDNA written in its Unicode form, and parses back to itself.
    #[test]
    fn an_accepted_address_has_exactly_one_spelling(input in prop_oneof![hostile_email(), any_text()]) {
        if let Ok(email) = Email::parse(&input) {
            let stored = email.as_str();
            prop_assert!(is_clean(stored), "{input:?} was accepted as {stored:?}");
            prop_assert!(
                ComposingNormalizerBorrowed::new_nfkc().is_normalized(stored),
                "{:?} was accepted as {:?}, which is not in NFKC", input, stored
            );
            let (_, domain) = stored.split_once('@').expect("an accepted address has an @");
            prop_assert!(!domain.split('.').any(|label| label.starts_with("xn--")));
            let (unicode, valid) = idna::domain_to_unicode(domain);
            prop_assert!(valid.is_ok() && unicode == domain, "{:?} has the domain {:?}", input, domain);
            prop_assert_eq!(Email::parse(stored).expect("a stored address parses"), email);
        }
    }
}

// ---------------------------------------------------------------------------
// c. What is drawn never holds a forbidden character.

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), hostile_text()]
}

proptest! {
    #![proptest_config(Config { cases: 512, failure_persistence: None, ..Config::default() })]

    #[test]
    fn sanitised_text_holds_no_control_bidi_or_invisible_character(text in any_text()) {
        let line = sanitize::line(&text);
        prop_assert!(is_clean(&line), "line({text:?}) = {line:?}");
        if is_clean(&text) {
            prop_assert_eq!(line.as_ref(), text.as_str(), "clean text is drawn as it is");
        }
        let block = sanitize::block(&text);
        prop_assert_eq!(block.len(), text.split('\n').count(), "one drawn line per line");
        for drawn in &block {
            prop_assert!(is_clean(drawn), "block({text:?}) has {drawn:?}");
        }
    }
}
