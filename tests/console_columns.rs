//! Columns sized to their content, and Polish screens that fit: in the
//! Members and Invitations tables each column is as wide as its widest
//! value shown, so emails are not cut while Role or Status have room; when
//! the terminal is too narrow, free text gives way first and a cut never
//! ends inside a number; the Polish tab bar keeps its words whole at the
//! smallest size.

mod console_support;

use console_support::{Demo, OWNER, rows, snap_screen, variant};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::state::{MIN_HEIGHT, MIN_WIDTH, Tab};
use teamdesk::tui::theme::ThemeName;
use teamdesk::tui::view::format;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The rows of the list pane: what is between its header and bottom border.
fn table_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip(4)
        .map(|row| row.trim_matches('"').to_owned())
        .collect()
}

#[test]
fn every_email_is_whole_while_the_table_has_room_for_it() {
    let demo = Demo::seed();
    for lang in [Lang::En, Lang::Pl] {
        for size in SIZES {
            let mut console = demo.console(OWNER, lang, size);
            let screen = console.screen(size.0, size.1);
            for member in rows(&console.app.lists.members) {
                assert!(
                    screen.contains(&member.email),
                    "{} is cut at {size:?} in {lang:?}:\n{screen}",
                    member.email
                );
            }
            console.press('2');
            assert_eq!(console.app.tab, Tab::Invitations);
            let screen = console.screen(size.0, size.1);
            let shown = usize::from(size.1) - 6;
            for invitation in rows(&console.app.lists.invitations).iter().take(shown) {
                assert!(
                    screen.contains(&invitation.email),
                    "{} is whole at {size:?}:\n{screen}",
                    invitation.email
                );
            }
        }
    }
}

#[test]
fn a_narrow_table_cuts_free_text_first_and_never_inside_a_number() {
    let demo = Demo::seed();
    for lang in [Lang::En, Lang::Pl] {
        let mut console = demo.console(OWNER, lang, (MIN_WIDTH, MIN_HEIGHT));
        let screen = console.screen(MIN_WIDTH, MIN_HEIGHT);
        // The widest member's address keeps its place over the role's room.
        assert!(screen.contains("olivia.owner@bondi.example"), "{screen}");
        console.press('2');
        let catalogue = console.app.catalogue.clone();
        let now = console.app.now();
        let statuses: Vec<String> = rows(&console.app.lists.invitations)
            .iter()
            .map(|invitation| format::status(&catalogue, invitation, now))
            .collect();
        for width in [MIN_WIDTH, 80, 100] {
            let screen = console.screen(width, MIN_HEIGHT);
            let mut cut = 0;
            for (row, status) in table_rows(&screen).iter().zip(&statuses) {
                // The longest start of the status the row shows.
                let kept = status
                    .char_indices()
                    .map(|(at, _)| at)
                    .chain([status.len()])
                    .filter(|&at| row.contains(&status[..at]))
                    .max()
                    .unwrap_or(0);
                if kept < status.len() {
                    cut += 1;
                    let inside = status[..kept].ends_with(|c: char| c.is_ascii_digit())
                        && status[kept..].starts_with(|c: char| c.is_ascii_digit());
                    assert!(!inside, "{status:?} is cut inside a number: {row}");
                }
            }
            assert!(cut > 0 || width > MIN_WIDTH, "{screen}");
        }
    }
}

#[test]
fn the_polish_tab_bar_keeps_its_words_whole_at_the_smallest_size() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::Pl, (MIN_WIDTH, MIN_HEIGHT));
    let screen = console.screen(MIN_WIDTH, MIN_HEIGHT);
    let tabs = screen.lines().nth(1).unwrap();
    for label in [
        "1 Członkowie",
        "2 Zaproszenia",
        "3 Szablony",
        "4 Płatności",
        "5 Aktywność",
    ] {
        assert!(tabs.contains(label), "{label} is whole: {tabs}");
    }
    assert!(!tabs.contains('…'), "{tabs}");
}

#[test]
fn members_and_invitations_in_both_languages_and_themes() {
    let demo = Demo::seed();
    for lang in [Lang::En, Lang::Pl] {
        for theme in [ThemeName::Default, ThemeName::Monochrome] {
            for size in SIZES {
                let mut console = demo.console_in(OWNER, lang, theme, size);
                let slug = variant(lang, theme, size);
                snap_screen!(console, &format!("members_{slug}"), theme, size);
                console.press('2');
                snap_screen!(console, &format!("invitations_{slug}"), theme, size);
            }
        }
    }
}
