//! A team larger than [`teamdesk::tui::effects::Runtime::whole_read`]: the
//! first read shows the first page of members and the counters' counts,
//! the whole lists follow in a read of their own, and that read is dropped
//! when a newer read overtook it. The demo team stands in for a large one
//! by reading nothing whole at first.

mod console_support;

use console_support::{ADMIN, Demo, OWNER, draw_test, person, rows, screen_text};
use teamdesk::domain::Role;
use teamdesk::tui::effects::{Effect, Runtime, perform};
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

fn small_first_page(demo: &Demo) -> Runtime {
    Runtime {
        whole_read: 0,
        ..demo.runtime()
    }
}

#[test]
fn the_members_come_first_and_the_whole_lists_after() {
    let demo = Demo::seed();
    let whole = demo.console(OWNER, Lang::En, (120, 40));
    let runtime = small_first_page(&demo);
    let (mut app, next) = first_page(&runtime);
    let [Effect::LoadLists { .. }] = next.as_slice() else {
        panic!("the whole lists are read next, once: {next:?}");
    };
    let names = |app: &App| -> Vec<String> {
        rows(&app.lists.members)
            .into_iter()
            .map(|m| m.name)
            .collect()
    };
    assert_eq!(names(&app), names(&whole.app), "the first page, in order");
    assert_eq!(app.lists.invitations.total(), 0, "no invitations read yet");
    let screen = screen_text(&draw_test(&mut app, 120, 40));
    let invitations = whole.app.lists.invitations.total();
    assert!(
        screen.contains(&format!("Invitations {invitations}")),
        "the tab counts come from the counters meanwhile:\n{screen}"
    );
    for effect in next {
        let msg = perform(&runtime, effect).unwrap();
        assert!(update(&mut app, msg).is_empty());
    }
    assert_eq!(app.lists.invitations.total(), invitations);
    assert!(app.loaded.as_ref().unwrap().counts.is_none());
    let member = app.lists.members.selected_row().unwrap();
    let before = whole.app.lists.members.selected_row().unwrap();
    assert_eq!(member, before, "the detail's plan history came with them");
}

#[test]
fn whole_lists_overtaken_by_a_newer_read_are_dropped() {
    let demo = Demo::seed();
    let runtime = small_first_page(&demo);
    let (mut app, next) = first_page(&runtime);
    let older = perform(&runtime, next.into_iter().next().unwrap()).unwrap();
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
        "the older lists were dropped"
    );
    for effect in lists {
        let msg = perform(&runtime, effect).unwrap();
        update(&mut app, msg);
    }
    let invited: Vec<String> = rows(&app.lists.invitations)
        .into_iter()
        .map(|i| i.email)
        .collect();
    assert!(invited.contains(&"late@x.example".to_owned()));
}
