//! The console's real loop ([`teamdesk::tui::drive`]) on a test terminal,
//! with scripted input and changes made by other sessions while it runs:
//! what is shown is read at once after a change, one read at a time and
//! only for the team shown, and the answer of a read overtaken by a newer
//! one is dropped.

mod console_support;

use std::thread::sleep;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use console_support::{ADMIN, Demo, OWNER, PRO_OWNER, person, rows};
use teamdesk::domain::Role;
use teamdesk::tui::effects::{Msg, perform};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::state::{App, Options};
use teamdesk::tui::theme::ThemeName;
use teamdesk::tui::{Channel, drive};
use teamdesk::workspace::Command;

/// Long enough for the reads after a change of the demo store, on a busy
/// machine.
const SETTLED: Duration = Duration::from_millis(1500);

fn invite(email: &str) -> Command {
    Command::Invite {
        emails: vec![email.to_owned()],
        role: Role::Member,
    }
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn invited(app: &App) -> Vec<String> {
    rows(&app.lists.invitations)
        .into_iter()
        .map(|invitation| invitation.email)
        .collect()
}

#[test]
fn the_live_loop_reads_at_once_one_read_at_a_time_and_only_for_the_team_shown() {
    let demo = Demo::seed();
    let runtime = demo.runtime();
    let size = (120, 40);
    let options = Options::standard(Lang::En, ThemeName::Default, size);
    let (mut app, effects) = App::new(options, Some(person(OWNER)));
    let channel = Channel::new();
    let input = channel.sender.clone();
    let workspace = demo.workspace.clone();
    let script = std::thread::spawn(move || {
        sleep(SETTLED);
        // The console's own change: one read, not one for the answer and
        // another for the announcement.
        input.send(key('4')).unwrap();
        input.send(key('S')).unwrap();
        sleep(SETTLED);
        // Two changes to the team shown at once, and one to another team.
        for (email, by) in [
            ("first@x.example", ADMIN),
            ("second@x.example", ADMIN),
            ("elsewhere@x.example", PRO_OWNER),
        ] {
            workspace.execute(&person(by), invite(email)).unwrap();
        }
        sleep(SETTLED);
        input.send(key('q')).unwrap();
    });
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    tokio
        .block_on(drive(
            &mut terminal,
            &mut app,
            &runtime,
            channel,
            effects,
            std::future::pending(),
        ))
        .unwrap();
    script.join().unwrap();

    assert!(app.should_quit);
    assert_eq!(
        app.reads.asked, 4,
        "the first read, one after the console's own change, and for the two changes one at \
         once and one more after it for the change that came meanwhile"
    );
    assert!(!app.team_shown().unwrap().session_sharing, "S was taken in");
    let invited = invited(&app);
    assert!(invited.contains(&"first@x.example".to_owned()));
    assert!(invited.contains(&"second@x.example".to_owned()));
    assert!(!invited.contains(&"elsewhere@x.example".to_owned()));
}

#[test]
fn a_read_overtaken_by_a_newer_one_is_dropped() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (120, 40));
    let older = console.app.load();
    let older = perform(&console.runtime, older).unwrap();
    demo.execute(ADMIN, invite("late@x.example"));
    let newer = console.app.load();
    let newer = perform(&console.runtime, newer).unwrap();
    console.send(newer);
    assert!(invited(&console.app).contains(&"late@x.example".to_owned()));
    assert!(!console.app.reads.loading);
    console.send(older);
    assert!(
        invited(&console.app).contains(&"late@x.example".to_owned()),
        "the older read's answer came last and was dropped"
    );
}

/// How many frames `terminal` has drawn so far.
fn frames_drawn(terminal: &mut Terminal<TestBackend>) -> usize {
    let mut count = 0;
    terminal.draw(|frame| count = frame.count()).unwrap();
    count
}

/// Runs the live loop for `app` for `how_long`, while `meanwhile` runs
/// beside it, from `effects` on.
fn run_for(
    terminal: &mut Terminal<TestBackend>,
    (app, effects): (&mut App, Vec<teamdesk::tui::effects::Effect>),
    runtime: &teamdesk::tui::effects::Runtime,
    how_long: Duration,
    meanwhile: impl FnOnce() + Send + 'static,
) {
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let beside = std::thread::spawn(meanwhile);
    tokio
        .block_on(drive(
            terminal,
            app,
            runtime,
            Channel::new(),
            effects,
            async move { tokio::time::sleep(how_long).await },
        ))
        .unwrap();
    beside.join().unwrap();
}

#[test]
fn a_console_draws_nothing_for_changes_to_another_team_nor_while_left_alone() {
    let demo = Demo::seed();
    let runtime = demo.runtime();
    let size = (120, 40);
    let draws_after_changes_by = |by: &'static str, console_of: &str| {
        let options = Options::standard(Lang::En, ThemeName::Default, size);
        let (mut app, effects) = App::new(options, Some(person(console_of)));
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        // Loaded, and whatever the first read said on a toast gone.
        run_for(
            &mut terminal,
            (&mut app, effects),
            &runtime,
            SETTLED * 4,
            || {},
        );
        let before = frames_drawn(&mut terminal);
        let workspace = demo.workspace.clone();
        run_for(
            &mut terminal,
            (&mut app, Vec::new()),
            &runtime,
            SETTLED,
            move || {
                for n in 0..3 {
                    let email = format!("wake{n}.{}", by.replace('@', "."));
                    workspace.execute(&person(by), invite(&email)).unwrap();
                }
            },
        );
        // The loop's first frame, and the one `frames_drawn` draws.
        frames_drawn(&mut terminal) - before - 2
    };
    assert_eq!(
        draws_after_changes_by(ADMIN, PRO_OWNER),
        0,
        "the clinic's changes leave another team's console as it was"
    );
    assert!(
        draws_after_changes_by(PRO_OWNER, PRO_OWNER) > 0,
        "its own team's changes are drawn"
    );
}
