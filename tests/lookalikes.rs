//! Look-alike text: names and addresses that read exactly like another one.
//!
//! - the look-alikes found in the wild are refused by the real binary, by
//!   every command that takes a name or an address, and leave nothing behind;
//! - an address written with KELVIN SIGN cannot accept kim@'s invitation;
//! - properties, through the workspace door: a valid address or name with a
//!   default-ignorable character inserted, or an address with one character
//!   swapped for a compatibility equivalent, is refused everywhere and the
//!   store holds nothing new.

mod support;

use std::sync::{Arc, OnceLock};

use chrono::{TimeZone, Utc};
use icu_normalizer::ComposingNormalizerBorrowed;
use icu_properties::CodePointSetData;
use icu_properties::props::DefaultIgnorableCodePoint;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestRunner};
use support::Store;
use teamdesk::domain::Cycle;
use teamdesk::sources::ManualClock;
use teamdesk::store::OpenMode;
use teamdesk::workspace::{
    Actor, BillingRequest, Command, InviteResult, NewPlan, Outcome, Settings, TeamSettings,
    Workspace,
};
use tempfile::TempDir;

const START: &str = "2026-03-01T09:00:00Z";
const OWNER: &str = "olivia@bondi.example";
const TEAM: &str = "Bondi Family Practice";

/// The addresses that used to be accepted, each reading "admin@a.ex", with
/// the code point the refusal must name.
const LOOK_ALIKE_ADDRESSES: [(&str, &str); 4] = [
    ("adm\u{3164}in@a.ex", "U+3164 HANGUL FILLER"),
    ("admin\u{E0041}@a.ex", "U+E0041 TAG LATIN CAPITAL LETTER A"),
    ("adm\u{034F}in@a.ex", "U+034F COMBINING GRAPHEME JOINER"),
    ("admin\u{FE0F}@a.ex", "U+FE0F VARIATION SELECTOR-16"),
];

/// The characters that used to pass in team names, each invisible.
const LOOK_ALIKE_NAME_CHARS: [char; 9] = [
    '\u{E0041}',
    '\u{034F}',
    '\u{FE0F}',
    '\u{3164}',
    '\u{1160}',
    '\u{115F}',
    '\u{180B}',
    '\u{206A}',
    '\u{1D173}',
];

/// A store with the Pro team [`TEAM`] owned by [`OWNER`].
fn bondi() -> Store {
    let mut store = Store::new();
    store.at(START);
    store.team(OWNER, "Olivia Owner", TEAM);
    store
}

#[test]
fn look_alike_addresses_are_refused_by_every_command_that_takes_one() {
    let store = bondi();
    let before = store.export();
    for (address, found) in LOOK_ALIKE_ADDRESSES {
        store
            .run_as(OWNER, &["invite", "add", address])
            .fails(6)
            .says(found);
        store
            .run(&["account", "create", address, "--name", "Admin"])
            .fails(6)
            .says(found);
        store
            .run_as(address, &["account", "show"])
            .fails(6)
            .says(found);
    }
    let invitations = store
        .run_as(OWNER, &["--json", "invite", "list"])
        .ok()
        .json();
    assert_eq!(invitations.as_array().map(Vec::len), Some(0));
    assert_eq!(store.export(), before, "a refused address left something");
    store.assert_sound();
}

#[test]
fn look_alike_team_names_are_refused_on_create_and_rename() {
    let store = bondi();
    store.account("pat@coastal.example", "Pat Pro", "pro");
    let before = store.export();
    for c in LOOK_ALIKE_NAME_CHARS {
        let name = format!("Alpha{c} Clinic");
        let found = format!("U+{:04X}", c as u32);
        store
            .run_as("pat@coastal.example", &["team", "create", &name])
            .fails(6)
            .says(&found)
            .says("an invisible character");
        store
            .run_as(OWNER, &["team", "set", "--name", &name])
            .fails(6)
            .says(&found);
        store
            .run(&["account", "create", "new@coastal.example", "--name", &name])
            .fails(6)
            .says(&found);
    }
    assert_eq!(store.export(), before, "a refused name left something");
    store.assert_sound();
}

#[test]
fn an_address_written_with_kelvin_sign_cannot_accept_kims_invitation() {
    let kim = "kim@bondi.example";
    let kelvin = "\u{212A}im@bondi.example";
    let store = bondi();
    let link = store.invite(OWNER, kim, "member");
    let before = store.export();

    // A new person signing up through the link, and an existing account.
    store
        .run_as(kelvin, &["join", &link, "--name", "Not Kim"])
        .fails(6)
        .says("U+212A KELVIN SIGN");
    store
        .run(&["account", "create", kelvin, "--name", "Not Kim"])
        .fails(6);
    store
        .join(kelvin, &link)
        .fails(6)
        .says("U+212A KELVIN SIGN");
    assert_eq!(store.export(), before, "the look-alike left something");

    let pending = store
        .run_as(OWNER, &["--json", "invite", "list", "--status", "pending"])
        .ok()
        .json();
    assert_eq!(pending[0]["email"], kim);

    // The invitation still works for kim herself.
    store
        .run_as(kim, &["join", &link, "--name", "Kim Lee"])
        .ok();
    store.assert_sound();
}

// ---------------------------------------------------------------------------
// Properties, through the workspace door.

/// Every default-ignorable code point, from the Unicode Character Database
/// as ICU4X compiles it.
fn default_ignorables() -> &'static [char] {
    static ALL: OnceLock<Vec<char>> = OnceLock::new();
    ALL.get_or_init(|| {
        CodePointSetData::new::<DefaultIgnorableCodePoint>()
            .iter_ranges()
            .flatten()
            .filter_map(char::from_u32)
            .collect()
    })
}

/// For each ASCII letter and digit, the other characters that NFKC and
/// lower-casing turn into it: KELVIN SIGN for k, full-width and mathematical
/// letters, circled digits, superscripts.
fn compatibility_variants() -> &'static [(char, Vec<char>)] {
    static ALL: OnceLock<Vec<(char, Vec<char>)>> = OnceLock::new();
    ALL.get_or_init(|| {
        let nfkc = ComposingNormalizerBorrowed::new_nfkc();
        let mut variants: Vec<(char, Vec<char>)> = ('a'..='z')
            .chain('0'..='9')
            .map(|plain| (plain, Vec::new()))
            .collect();
        for c in (0x80..=0x1F_FFFF).filter_map(char::from_u32) {
            let mut utf8 = [0u8; 4];
            let folded = nfkc.normalize(c.encode_utf8(&mut utf8)).to_lowercase();
            let mut chars = folded.chars();
            if let (Some(plain), None) = (chars.next(), chars.next())
                && let Some((_, found)) = variants.iter_mut().find(|(p, _)| *p == plain)
            {
                found.push(c);
            }
        }
        variants
    })
}

/// How a valid text is made to look like itself.
#[derive(Debug, Clone)]
enum Disguise {
    /// A default-ignorable character inserted before the character at the index.
    Insert { ignorable: char, at: Index },
    /// The letter or digit at the index swapped for a compatibility variant.
    Swap { at: Index, variant: Index },
}

impl Disguise {
    /// The disguised text, or `None` when there is nothing to swap.
    fn apply(&self, text: &str) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        match self {
            Disguise::Insert { ignorable, at } => {
                let at = at.index(chars.len() + 1);
                let mut out: String = chars[..at].iter().collect();
                out.push(*ignorable);
                out.extend(&chars[at..]);
                Some(out)
            }
            Disguise::Swap { at, variant } => {
                let swappable: Vec<usize> = (0..chars.len())
                    .filter(|&i| chars[i].is_ascii_alphanumeric())
                    .collect();
                if swappable.is_empty() {
                    return None;
                }
                let position = swappable[at.index(swappable.len())];
                let plain = chars[position].to_ascii_lowercase();
                let (_, variants) = compatibility_variants().iter().find(|(p, _)| *p == plain)?;
                let mut out = chars.clone();
                out[position] = variants[variant.index(variants.len())];
                Some(out.into_iter().collect())
            }
        }
    }
}

fn insertion() -> impl Strategy<Value = Disguise> {
    (select(default_ignorables()), any::<Index>())
        .prop_map(|(ignorable, at)| Disguise::Insert { ignorable, at })
}

fn disguise() -> impl Strategy<Value = Disguise> {
    prop_oneof![
        insertion(),
        (any::<Index>(), any::<Index>()).prop_map(|(at, variant)| Disguise::Swap { at, variant }),
    ]
}

fn address() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9]{0,6}(\\.[a-z0-9]{1,5})?",
        "[a-z0-9]{1,8}",
        select(&["ex", "example", "org"][..]),
    )
        .prop_map(|(local, host, top)| format!("{local}@{host}.{top}"))
}

fn name() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8}){0,2}"
}

/// A workspace with a Clinic team owned by `owner@clinic.example` and a Pro
/// account in no team, `pat@pro.example`, who may create one.
struct Bench {
    _dir: TempDir,
    workspace: Workspace,
    owner: Actor,
    pat: Actor,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        ));
        let workspace = Workspace::open(
            &dir.path().join("store"),
            OpenMode::CreateIfMissing,
            clock,
            Settings::default(),
        )
        .expect("open a store");
        for email in ["owner@clinic.example", "pat@pro.example"] {
            workspace
                .execute(
                    &Actor::Operator,
                    Command::CreateAccount {
                        email: email.into(),
                        name: "Pro Person".into(),
                        plan: NewPlan::Pro(Cycle::Monthly),
                        staff: None,
                    },
                )
                .expect("create an account");
        }
        let owner = Actor::person("owner@clinic.example").unwrap();
        for command in [
            Command::CreateTeam {
                name: "Text Clinic".into(),
            },
            Command::UpgradeTeam,
        ] {
            workspace.execute(&owner, command).expect("set up");
        }
        Bench {
            _dir: dir,
            workspace,
            owner,
            pat: Actor::person("pat@pro.example").unwrap(),
        }
    }

    /// Runs `command` as `actor` and asserts it is refused as invalid input.
    fn refused(&self, actor: &Actor, command: Command) -> Result<(), TestCaseError> {
        let described = format!("{command:?}");
        match self.workspace.execute(actor, command) {
            Ok(outcome) => Err(TestCaseError::fail(format!(
                "{described} was accepted: {outcome:?}"
            ))),
            Err(error) => {
                prop_assert_eq!(error.exit_code(), 6, "{}: {}", described, error);
                Ok(())
            }
        }
    }
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
fn a_disguised_address_is_refused_everywhere_and_stores_nothing() {
    let bench = Bench::new();
    let ws = &bench.workspace;
    let before = ws.export(&Actor::Operator).expect("export");
    report(
        runner(128).run(&(address(), disguise()), |(address, disguise)| {
            prop_assume!(teamdesk::domain::Email::parse(&address).is_ok());
            let Some(disguised) = disguise.apply(&address) else {
                return Ok(());
            };
            // `--as`: the acting person is named by an address.
            let as_actor = Actor::person(&disguised);
            prop_assert!(as_actor.is_err(), "{:?} may act", disguised);
            prop_assert_eq!(as_actor.unwrap_err().exit_code(), 6);
            bench.refused(
                &Actor::Operator,
                Command::CreateAccount {
                    email: disguised.clone(),
                    name: "Look Alike".into(),
                    plan: NewPlan::Free,
                    staff: None,
                },
            )?;
            let invited = ws
                .execute(
                    &bench.owner,
                    Command::Invite {
                        emails: vec![disguised.clone()],
                        role: teamdesk::domain::Role::Member,
                    },
                )
                .expect("an invite answers per address");
            let Outcome::Invited(results) = invited else {
                panic!("invite answered {invited:?}");
            };
            prop_assert!(
                matches!(results[..], [InviteResult::Refused { exit_code: 6, .. }]),
                "{:?} was invited: {:?}",
                disguised,
                results
            );
            bench.refused(
                &bench.owner,
                Command::UpdateBilling(BillingRequest {
                    billing_email: Some(disguised.clone()),
                    ..BillingRequest::default()
                }),
            )?;
            prop_assert!(
                ws.export(&Actor::Operator).expect("export") == before,
                "{:?} left something",
                disguised
            );
            Ok(())
        }),
    );
}

#[test]
fn a_name_with_a_default_ignorable_character_is_refused_everywhere_and_stores_nothing() {
    let bench = Bench::new();
    let ws = &bench.workspace;
    let before = ws.export(&Actor::Operator).expect("export");
    report(runner(128).run(&(name(), insertion()), |(name, disguise)| {
        let disguised = disguise.apply(&name).expect("an insertion always applies");
        bench.refused(
            &bench.pat,
            Command::CreateTeam {
                name: disguised.clone(),
            },
        )?;
        bench.refused(
            &bench.owner,
            Command::ChangeSettings(TeamSettings {
                name: Some(disguised.clone()),
                ..TeamSettings::default()
            }),
        )?;
        bench.refused(
            &bench.owner,
            Command::AddTemplate {
                name: disguised.clone(),
                body: "plain".into(),
            },
        )?;
        bench.refused(
            &Actor::Operator,
            Command::CreateAccount {
                email: "new@names.example".into(),
                name: disguised.clone(),
                plan: NewPlan::Free,
                staff: None,
            },
        )?;
        prop_assert!(
            ws.export(&Actor::Operator).expect("export") == before,
            "{:?} left something",
            disguised
        );
        Ok(())
    }));
}
