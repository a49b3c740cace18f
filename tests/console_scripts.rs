//! Members whose names are in scripts terminals draw wider than ratatui
//! measures them: the Members tab and a member's details, as the fitted
//! frame holds them (each row as wide as the terminal when measured the
//! way terminals draw). `tests/console_terminal.rs` checks the same names
//! in a real terminal.

mod console_support;

use console_support::names::{NAMES, address};
use console_support::{Demo, OWNER, draw_test};
use teamdesk::domain::Role;
use teamdesk::text_width::columns;
use teamdesk::tui::fit::as_printed;
use teamdesk::tui::i18n::Lang;
use teamdesk::workspace::{Command, InviteResult, Outcome};

/// The demo's team, joined by one person for each of [`NAMES`].
fn demo_with_names() -> Demo {
    let demo = Demo::seed();
    let emails: Vec<String> = (1..=NAMES.len()).map(address).collect();
    let Outcome::Invited(results) = demo.execute(
        OWNER,
        Command::Invite {
            emails: emails.clone(),
            role: Role::Member,
        },
    ) else {
        panic!("an invite answers with its results");
    };
    for (result, name) in results.into_iter().zip(NAMES) {
        let InviteResult::Invited(sent) = result else {
            panic!("every address is invited: {result:?}");
        };
        demo.execute(
            &sent.email,
            Command::Join {
                link: sent.link,
                name: Some(name.to_owned()),
            },
        );
    }
    demo
}

#[test]
fn names_in_every_script_keep_the_panes_in_line() {
    let demo = demo_with_names();
    for (width, height) in [(80, 24), (120, 40)] {
        let mut console = demo.console(OWNER, Lang::En, (width, height));
        let terminal = draw_test(&mut console.app, width, height);
        let buffer = terminal.backend().buffer();
        let rows: Vec<String> = (0..height).map(|y| as_printed(buffer, y)).collect();
        let screen = rows.join("\n");
        for name in NAMES {
            assert!(
                screen.contains(name),
                "{name} is whole on screen:\n{screen}"
            );
        }
        for row in &rows {
            assert_eq!(
                columns(row),
                usize::from(width),
                "each row is the terminal's width as terminals draw it: {row:?}"
            );
        }
        insta::assert_snapshot!(format!("scripts_owner_members_{width}x{height}"), screen);
    }
}
