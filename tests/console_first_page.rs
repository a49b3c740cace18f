//! A team larger than [`teamdesk::tui::effects::Runtime::whole_read`]: the
//! first read shows the first page of members and the counters' counts;
//! each long list is read whole in a read of its own once its tab is shown,
//! and that read is dropped when a newer read overtook it. The demo team
//! stands in for a large one by reading nothing whole at first.

mod console_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use console_support::{ADMIN, Demo, OWNER, draw_test, person, rows, screen_text};
use teamdesk::domain::Role;
use teamdesk::tui::effects::{Effect, LongList, Msg, Runtime, perform};
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

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn small_first_page(demo: &Demo) -> Runtime {
    Runtime {
        whole_read: 0,
        ..demo.runtime()
    }
}

/// The one list `effects` read whole.
fn list_read(effects: &[Effect]) -> LongList {
    let [Effect::LoadList { list, .. }] = effects else {
        panic!("one list is read whole: {effects:?}");
    };
    *list
}

fn run(app: &mut App, runtime: &Runtime, effects: Vec<Effect>) -> Vec<Effect> {
    let mut next = Vec::new();
    for effect in effects {
        next.extend(update(app, perform(runtime, effect).unwrap()));
    }
    next
}

#[test]
fn the_members_come_first_and_each_list_whole_when_shown() {
    let demo = Demo::seed();
    let whole = demo.console(OWNER, Lang::En, (120, 40));
    let runtime = small_first_page(&demo);
    let (mut app, next) = first_page(&runtime);
    assert_eq!(list_read(&next), LongList::Members);
    let names = |app: &App| -> Vec<String> {
        rows(&app.lists.members)
            .into_iter()
            .map(|m| m.name)
            .collect()
    };
    assert_eq!(names(&app), names(&whole.app), "the first page, in order");
    let invitations = whole.app.lists.invitations.total();
    let screen = screen_text(&draw_test(&mut app, 120, 40));
    assert!(
        screen.contains(&format!("Invitations {invitations}")),
        "the tab counts come from the counters:\n{screen}"
    );
    assert!(run(&mut app, &runtime, next).is_empty());
    let member = app.lists.members.selected_row().unwrap();
    let before = whole.app.lists.members.selected_row().unwrap();
    assert_eq!(member, before, "the detail's plan history came with them");
    assert_eq!(app.lists.invitations.total(), 0, "not shown, not read");
    let shown = update(&mut app, Msg::Key(key('2')));
    assert_eq!(list_read(&shown), LongList::Invitations);
    let after = run(&mut app, &runtime, shown);
    assert!(
        !after.iter().any(|e| matches!(e, Effect::LoadList { .. })),
        "read once: {after:?}"
    );
    assert_eq!(app.lists.invitations.total(), invitations);
    assert!(update(&mut app, Msg::Key(key('1'))).is_empty());
}

#[test]
fn a_list_overtaken_by_a_newer_read_is_dropped() {
    let demo = Demo::seed();
    let runtime = small_first_page(&demo);
    let (mut app, _) = first_page(&runtime);
    let older = update(&mut app, Msg::Key(key('2')));
    let older = perform(&runtime, older.into_iter().next().unwrap()).unwrap();
    demo.execute(
        ADMIN,
        Command::Invite {
            emails: vec!["late@x.example".into()],
            role: Role::Member,
        },
    );
    let newer = app.load();
    let newer = perform(&runtime, newer).unwrap();
    let lists = update(&mut app, newer);
    assert!(update(&mut app, older).is_empty());
    assert_eq!(
        app.lists.invitations.total(),
        0,
        "the older list was dropped"
    );
    assert_eq!(list_read(&lists), LongList::Invitations);
    run(&mut app, &runtime, lists);
    let invited: Vec<String> = rows(&app.lists.invitations)
        .into_iter()
        .map(|i| i.email)
        .collect();
    assert!(invited.contains(&"late@x.example".to_owned()));
}
