//! A team larger than [`teamdesk::tui::effects::Reading::whole`]: the
//! first read shows the first page of members and the counters' counts;
//! what it leaves for later (the members beyond the first page, the
//! invitations, billing) is read in a read of its own once its tab is shown
//! and it is wanted, one at a time; such a read is dropped when a change
//! touched what it read, and kept across reloads that did not. The demo
//! team stands in for a large one by reading nothing whole at first.

mod console_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use console_support::{ADMIN, Demo, OWNER, draw_test, person, rows, screen_text};
use teamdesk::domain::Role;
use teamdesk::tui::effects::{Effect, ForEach, Later, Msg, Reading, Runtime, perform};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::list::ListNav;
use teamdesk::tui::state::{App, Options};
use teamdesk::tui::theme::ThemeName;
use teamdesk::tui::update::update;
use teamdesk::workspace::Command;

/// The console as `OWNER` after its first read, and the effects it asked
/// for next.
fn first_page(runtime: &Runtime) -> (App, Vec<Effect>) {
    let options = Options::standard(Lang::En, ThemeName::Default, (120, 40));
    let (mut app, effects) = App::new(options, Some(person(OWNER)));
    let mut next = Vec::new();
    for effect in effects {
        if let Some(msg) = perform(runtime, effect) {
            next.extend(update(&mut app, msg));
        }
    }
    (app, next)
}

/// The demo team's first page: a few of its members, fewer than a screen.
const FIRST_PAGE: usize = 3;

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn small_first_page(demo: &Demo) -> Runtime {
    Runtime {
        reading: Reading {
            whole: 0,
            first_page: FIRST_PAGE,
        },
        ..demo.runtime()
    }
}

/// What `effects` read later: exactly one thing.
fn list_read(effects: &[Effect]) -> Later {
    let later: Vec<Later> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::LoadLater { what, .. } => Some(*what),
            _ => None,
        })
        .collect();
    let [what] = later[..] else {
        panic!("one thing is read later: {effects:?}");
    };
    what
}

fn reads_later(effects: &[Effect]) -> bool {
    effects
        .iter()
        .any(|effect| matches!(effect, Effect::LoadLater { .. }))
}

fn filter(app: &mut App, runtime: &Runtime, text: &str) {
    let mut effects = update(app, Msg::Key(key('/')));
    for c in text.chars() {
        effects.extend(update(app, Msg::Key(key(c))));
    }
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    effects.extend(update(app, Msg::Key(enter)));
    run(app, runtime, effects);
}

fn run(app: &mut App, runtime: &Runtime, effects: Vec<Effect>) -> Vec<Effect> {
    let mut next = Vec::new();
    for effect in effects {
        next.extend(update(app, perform(runtime, effect).unwrap()));
    }
    next
}

#[test]
fn the_members_come_first_and_the_rest_when_shown_and_wanted() {
    let demo = Demo::seed();
    let whole = demo.console(OWNER, Lang::En, (120, 40));
    let runtime = small_first_page(&demo);
    let (mut app, next) = first_page(&runtime);
    assert!(!reads_later(&next), "the first page is all shown: {next:?}");
    let names = |app: &App| -> Vec<String> {
        rows(&app.lists.members)
            .into_iter()
            .map(|m| m.name)
            .collect()
    };
    assert_eq!(
        names(&app),
        names(&whole.app)[..FIRST_PAGE],
        "the first page, in order"
    );
    let invitations = whole.app.lists.invitations.total();
    let screen = screen_text(&draw_test(&mut app, 120, 40));
    assert!(
        screen.contains(&format!("Invitations {invitations}")),
        "the tab counts come from the counters:\n{screen}"
    );
    assert!(run(&mut app, &runtime, next).is_empty());
    let member = app.lists.members.selected_row().unwrap().clone();
    let before = whole.app.lists.members.selected_row().unwrap();
    assert_eq!(
        app.member_read.of(member.account),
        Some(before),
        "the detail's member was read whole, plan history and all"
    );
    assert_eq!(app.lists.invitations.total(), 0, "not shown, not read");

    let shown = update(&mut app, Msg::Key(key('2')));
    assert_eq!(list_read(&shown), Later::Invitations);
    let after = run(&mut app, &runtime, shown);
    assert!(!reads_later(&after), "read once: {after:?}");
    assert_eq!(app.lists.invitations.total(), invitations);

    assert!(app.billing_data().is_none(), "billing waits for its tab");
    let shown = update(&mut app, Msg::Key(key('4')));
    assert_eq!(list_read(&shown), Later::Billing);
    run(&mut app, &runtime, shown);
    assert_eq!(
        app.billing_data().map(|b| b.summary.billable_seats),
        whole.app.billing_data().map(|b| b.summary.billable_seats)
    );
    assert!(!reads_later(&update(&mut app, Msg::Key(key('1')))));
    let down = |app: &mut App| update(app, Msg::Key(key('j')));
    assert!(
        !reads_later(&down(&mut app)),
        "not on the page's last row yet"
    );
    let last_row = down(&mut app);
    assert_eq!(list_read(&last_row), Later::Members, "the rest is wanted");
    run(&mut app, &runtime, last_row);
    assert_eq!(names(&app), names(&whole.app), "every member, in order");

    filter(&mut app, &runtime, "shah");
    let mut whole = whole;
    whole.app.lists.members.set_filter("shah");
    assert_eq!(names(&app), names(&whole.app));
    assert!(!names(&app).is_empty());
}

#[test]
fn a_reload_keeps_what_no_change_touched() {
    let demo = Demo::seed();
    let runtime = small_first_page(&demo);
    let (mut app, next) = first_page(&runtime);
    run(&mut app, &runtime, next);
    filter(&mut app, &runtime, "a");
    let shown = update(&mut app, Msg::Key(key('4')));
    run(&mut app, &runtime, shown);
    assert!(app.reads.current.members && app.reads.current.billing);

    // A new invitation touches the invitations only.
    let mut changes = demo.workspace.subscribe();
    demo.execute(
        ADMIN,
        Command::Invite {
            emails: vec!["kept@x.example".into()],
            role: Role::Member,
        },
    );
    let change = changes.try_recv().expect("announced");
    let touched = ForEach::touched_by(&change);
    assert_eq!(
        (touched.members, touched.invitations),
        (false, true),
        "{change:?}"
    );
    let members = app.lists.members.total();
    let read = update(&mut app, Msg::Changed(change.team, touched));
    let effects = run(&mut app, &runtime, read);
    assert!(!reads_later(&effects), "{effects:?}");
    assert!(app.reads.current.members && app.reads.current.billing);
    assert_eq!(app.lists.members.total(), members, "the whole list stayed");
    assert_eq!(app.lists.members.filter(), "a");

    // A removal touches the members and billing: the first page again,
    // and each of them read again once shown and wanted.
    demo.execute(
        ADMIN,
        Command::RemoveMember {
            email: "tom.nguyen@bondi.example".into(),
        },
    );
    let change = changes.try_recv().expect("announced");
    let read = update(
        &mut app,
        Msg::Changed(change.team, ForEach::touched_by(&change)),
    );
    let after = run(&mut app, &runtime, read);
    assert_eq!(list_read(&after), Later::Billing, "its tab is shown");
    run(&mut app, &runtime, after);
    let shown = update(&mut app, Msg::Key(key('1')));
    assert_eq!(list_read(&shown), Later::Members, "the filter wants them");
    run(&mut app, &runtime, shown);
    assert!(
        !rows(&app.lists.members)
            .iter()
            .any(|m| m.email == "tom.nguyen@bondi.example")
    );
    assert!(app.reads.current.members && app.reads.current.billing);
}

#[test]
fn one_later_read_at_a_time_and_one_overtaken_by_a_change_is_dropped() {
    let demo = Demo::seed();
    let runtime = small_first_page(&demo);
    let (mut app, next) = first_page(&runtime);
    run(&mut app, &runtime, next);
    let asked = update(&mut app, Msg::Key(key('2')));
    assert_eq!(list_read(&asked), Later::Invitations);
    let under_way = perform(&runtime, asked.into_iter().next().unwrap()).unwrap();
    assert!(
        !reads_later(&update(&mut app, Msg::Key(key('4')))),
        "billing waits for the invitations' read"
    );
    // A change to the invitations overtakes the read under way.
    demo.execute(
        ADMIN,
        Command::Invite {
            emails: vec!["overtaking@x.example".into()],
            role: Role::Member,
        },
    );
    let read_again = update(&mut app, Msg::Changed(None, ForEach::ALL));
    assert!(
        !reads_later(&update(&mut app, under_way)),
        "nothing more is read later while the team is read again"
    );
    assert_eq!(
        app.lists.invitations.total(),
        0,
        "the overtaken read was dropped"
    );
    assert!(app.reads.due.invitations, "read again when shown");
    let after = run(&mut app, &runtime, read_again);
    assert_eq!(list_read(&after), Later::Billing, "its tab is shown");
}
