//! Consoles of one process share their reads: people of one standing on a
//! team get the rows one read made, not a copy each; a change, the clock
//! moving on, or another standing means a read of its own.

mod console_support;

use std::sync::Arc;

use chrono::Duration;
use console_support::{Demo, MEMBER, OWNER, person};
use teamdesk::domain::Role;
use teamdesk::tui::effects::{Effect, Loaded, Msg, Runtime, perform};
use teamdesk::workspace::{Command, TeamChoice};

/// Another member of the demo's clinic, of the same role as [`MEMBER`].
const OTHER_MEMBER: &str = "tom.nguyen@bondi.example";

/// What the console reads first for `email`.
fn load(runtime: &Runtime, email: &str) -> Loaded {
    let effect = Effect::Load {
        actor: person(email),
        team: TeamChoice::Own,
        read: 1,
    };
    match perform(runtime, effect) {
        Some(Msg::For(_, answer)) => match *answer {
            Msg::Loaded(_, loaded) => (*loaded).expect("the read succeeds"),
            other => panic!("not a read's answer: {other:?}"),
        },
        other => panic!("not an answer for a person: {other:?}"),
    }
}

fn shares_members(a: &Loaded, b: &Loaded) -> bool {
    Arc::ptr_eq(a.members.as_ref().unwrap(), b.members.as_ref().unwrap())
}

#[test]
fn people_of_one_standing_share_one_read_of_their_team() {
    let demo = Demo::seed();
    let runtime = demo.runtime();
    let ana = load(&runtime, MEMBER);
    let tom = load(&runtime, OTHER_MEMBER);
    assert_eq!(ana.allowed, tom.allowed, "both are members of the clinic");
    assert!(
        shares_members(&ana, &tom),
        "the second read is the first's rows"
    );
    assert_eq!(tom.me.email, OTHER_MEMBER, "who they are is read for each");
    assert_eq!(ana.me.email, MEMBER);
}

#[test]
fn a_change_is_read_anew_by_the_next_to_ask() {
    let demo = Demo::seed();
    let runtime = demo.runtime();
    let ana = load(&runtime, MEMBER);
    demo.execute(
        OWNER,
        Command::ChangeRole {
            email: OTHER_MEMBER.into(),
            role: Role::Admin,
        },
    );
    let ana_after = load(&runtime, MEMBER);
    assert!(!shares_members(&ana, &ana_after));
    let tom = ana_after
        .members
        .as_ref()
        .unwrap()
        .iter()
        .find(|member| member.email == OTHER_MEMBER)
        .expect("Tom is listed");
    assert_eq!(tom.role, Role::Admin, "the change is in the new read");
}

#[test]
fn the_clock_moving_on_means_a_new_read() {
    let demo = Demo::seed();
    let runtime = demo.runtime();
    let first = load(&runtime, MEMBER);
    assert!(shares_members(&first, &load(&runtime, OTHER_MEMBER)));
    demo.clock.advance(Duration::seconds(2));
    let later = load(&runtime, OTHER_MEMBER);
    assert!(!shares_members(&first, &later));
    assert_eq!(later.now, first.now + Duration::seconds(2));
}

#[test]
fn another_standing_never_gets_what_only_some_may_see() {
    let demo = Demo::seed();
    let runtime = demo.runtime();
    let owner = load(&runtime, OWNER);
    let member = load(&runtime, MEMBER);
    assert!(!shares_members(&owner, &member));
    let paid_before = |loaded: &Loaded| {
        let members = loaded.members.as_ref().unwrap();
        members.iter().filter(|m| m.joined_from.is_some()).count()
    };
    assert!(
        paid_before(&owner) > 0,
        "the owner sees what members paid before joining"
    );
    assert_eq!(paid_before(&member), 0, "a member never does");
    assert!(owner.billing.is_ok() && member.billing.is_err());
}
