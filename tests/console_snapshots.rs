//! What the console draws, as text, for each person the demo offers: every
//! tab at 100×30 and at the smallest size it supports, the help overlay, a
//! confirmation, the invite dialog, the too-small screen, the owner's tabs in
//! Polish and support's triage. Snapshots live in `tests/snapshots/`; every
//! screen is also checked for raw ids and catalogue key names.

mod console_support;

use std::collections::BTreeSet;

use crossterm::event::KeyCode;

use console_support::{
    ASSISTANT, Console, Demo, MEMBER, OWNER, SUPPORT, draw_test, holds_uuid, screen_text, snap,
};
use teamdesk::tui::i18n::{Catalogue, Lang, T, message_arguments};
use teamdesk::tui::list::ListNav;
use teamdesk::tui::state::{Dialog, MIN_HEIGHT, MIN_WIDTH, Tab};

const SIZES: [(u16, u16); 2] = [(100, 30), (MIN_WIDTH, MIN_HEIGHT)];

fn tab_slug(tab: Tab) -> &'static str {
    match tab {
        Tab::Members => "members",
        Tab::Invitations => "invitations",
        Tab::Templates => "templates",
        Tab::Billing => "billing",
        Tab::Activity => "activity",
        Tab::Triage => "triage",
    }
}

/// Snapshots every tab the console offers, reached with its number key.
fn snap_every_tab(console: &mut Console, prefix: &str, (width, height): (u16, u16)) {
    let tabs = console.app.tabs();
    for (index, &tab) in tabs.iter().enumerate() {
        let digit = char::from_digit(index as u32 + 1, 10).unwrap();
        console.press(digit);
        assert_eq!(console.app.tab, tab, "{digit} opens {tab:?}");
        let screen = console.screen(width, height);
        snap!(
            &format!("{prefix}_{width}x{height}_{}_{}", index + 1, tab_slug(tab)),
            &screen,
        );
    }
}

fn snap_person(demo: &Demo, email: &str, label: &str, lang: Lang) {
    for size in SIZES {
        let mut console = demo.console(email, lang, size);
        snap_every_tab(&mut console, label, size);
    }
}

#[test]
fn owner_tabs() {
    let demo = Demo::seed();
    snap_person(&demo, OWNER, "owner", Lang::En);
}

#[test]
fn owner_tabs_in_polish() {
    let demo = Demo::seed();
    snap_person(&demo, OWNER, "owner_pl", Lang::Pl);
}

#[test]
fn member_tabs() {
    let demo = Demo::seed();
    snap_person(&demo, MEMBER, "member", Lang::En);
}

#[test]
fn assistant_tabs() {
    let demo = Demo::seed();
    snap_person(&demo, ASSISTANT, "assistant", Lang::En);
}

/// A person in no team (on the free plan): every tab says what they can do.
const NO_TEAM: &str = "james.ortiz@gmail.example";

#[test]
fn a_person_in_no_team_in_both_languages() {
    let demo = Demo::seed();
    snap_person(&demo, NO_TEAM, "no_team", Lang::En);
    snap_person(&demo, NO_TEAM, "no_team_pl", Lang::Pl);
}

#[test]
fn support_tabs_before_and_after_opening_a_team() {
    let demo = Demo::seed();
    for size @ (width, height) in SIZES {
        let mut console = demo.console(SUPPORT, Lang::En, size);
        assert_eq!(console.app.tab, Tab::Triage, "support starts in Triage");
        snap_every_tab(&mut console, "support_no_team", size);

        // A lookup, typed: results arrive through effects as each key is pressed.
        console.press('1');
        console.press('/');
        console.type_text("mia");
        assert!(
            console.app.lists.triage.total() > 0,
            "the lookup for \"mia\" finds invitations"
        );
        snap!(
            &format!("support_{width}x{height}_triage_typing_mia"),
            &console.screen(width, height),
        );
        console.key(KeyCode::Enter);
        assert!(console.app.filter_input.is_none(), "Enter ends the lookup");
        snap!(
            &format!("support_{width}x{height}_triage_found_mia"),
            &console.screen(width, height),
        );
        let team = console
            .app
            .lists
            .triage
            .selected_row()
            .map(|row| row.invitation.team_name.clone())
            .unwrap();

        // Enter shows the result's timeline and next step (full screen when narrow).
        console.key(KeyCode::Enter);
        assert!(console.app.detail_open);
        assert_eq!(console.app.tab, Tab::Triage);
        snap!(
            &format!("support_{width}x{height}_triage_details"),
            &console.screen(width, height),
        );
        console.key(KeyCode::Esc);
        assert!(!console.app.detail_open);

        // `o` on a result opens its team, on the Invitations tab.
        console.press('o');
        assert_eq!(console.app.tab, Tab::Invitations);
        let shown = console.app.loaded.as_ref().unwrap().team.as_ref().unwrap();
        assert_eq!(shown.name, team, "o opens the team of the result");
        snap_every_tab(&mut console, "support_in_team", size);
    }
}

#[test]
fn help_overlay() {
    let demo = Demo::seed();
    for (width, height) in SIZES {
        let mut console = demo.console(OWNER, Lang::En, (width, height));
        console.press('?');
        assert!(matches!(console.app.dialog, Some(Dialog::Help { .. })));
        snap!(
            &format!("owner_{width}x{height}_help"),
            &console.screen(width, height),
        );
    }
    let mut console = demo.console(MEMBER, Lang::En, (100, 30));
    console.press('?');
    let screen = console.screen(100, 30);
    snap!("member_100x30_help", &screen);
}

#[test]
fn remove_member_confirmation() {
    let demo = Demo::seed();
    for (width, height) in SIZES {
        let mut console = demo.console(OWNER, Lang::En, (width, height));
        // Filter down to one member, then ask to remove them.
        console.press('/');
        console.type_text("nguyen");
        console.key(KeyCode::Enter);
        let selected = console
            .app
            .lists
            .members
            .selected_row()
            .unwrap()
            .email
            .clone();
        assert_eq!(selected, "tom.nguyen@bondi.example");
        console.press('d');
        assert!(matches!(console.app.dialog, Some(Dialog::Confirm { .. })));
        snap!(
            &format!("owner_{width}x{height}_confirm_remove"),
            &console.screen(width, height),
        );
    }
}

#[test]
fn invite_dialog_with_refused_addresses_in_both_languages() {
    let demo = Demo::seed();
    let (width, height) = (80, 24);
    for (lang, slug) in [(Lang::En, "en"), (Lang::Pl, "pl")] {
        let mut console = demo.console(OWNER, lang, (width, height));
        console.press('i');
        console.paste("not-an-address\npriya.shah@bondi.example\nana.kowalska@bondi.example");
        console.key(KeyCode::Enter);
        snap!(
            &format!("owner_{slug}_{width}x{height}_invite_refused"),
            &console.screen(width, height),
        );
    }
}

#[test]
fn invite_dialog_with_a_pasted_list() {
    let demo = Demo::seed();
    for (width, height) in SIZES {
        let mut console = demo.console(OWNER, Lang::En, (width, height));
        console.press('i');
        assert!(matches!(console.app.dialog, Some(Dialog::Invite { .. })));
        snap!(
            &format!("owner_{width}x{height}_invite_empty"),
            &console.screen(width, height),
        );
        console.paste("tom@x.example\nana@x.example, zoe@x.example");
        snap!(
            &format!("owner_{width}x{height}_invite_pasted"),
            &console.screen(width, height),
        );
        // Tab moves to the roles; → picks the next one.
        console.key(KeyCode::Tab);
        console.key(KeyCode::Right);
        snap!(
            &format!("owner_{width}x{height}_invite_assistant"),
            &console.screen(width, height),
        );
    }
}

#[test]
fn too_small_screen() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (50, 10));
    let screen = console.screen(50, 10);
    assert!(screen.contains(&format!(
        "terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})"
    )));
    snap!("owner_50x10_too_small", &screen);
    // One column or row short of the minimum is still too small.
    for (width, height) in [(MIN_WIDTH - 1, MIN_HEIGHT), (MIN_WIDTH, MIN_HEIGHT - 1)] {
        let screen = console.screen(width, height);
        assert!(screen.contains("terminal too small"), "{width}×{height}");
    }
    let mut polish = demo.console(OWNER, Lang::Pl, (50, 10));
    snap!("owner_pl_50x10_too_small", &polish.screen(50, 10));
    // Tiny and empty terminals draw without a panic.
    for (width, height) in [(1, 1), (0, 0), (10, 1), (1, 10)] {
        draw_test(&mut console.app, width, height);
    }
    // And it recovers when the terminal grows.
    let screen = console.screen(100, 30);
    assert!(!screen.contains("terminal too small"));
    assert!(screen.contains("Bondi Family Practice"));
}

#[test]
fn the_screen_text_is_the_test_backend_buffer() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    let terminal = draw_test(&mut console.app, 100, 30);
    let text = screen_text(&terminal);
    assert_eq!(text.lines().count(), 30);
    assert!(text.lines().all(|l| l.starts_with('"') && l.ends_with('"')));
}

#[test]
fn every_message_is_translated_in_both_languages_with_the_same_arguments() {
    let english = Catalogue::load(Lang::En).expect("the English catalogue loads");
    let polish = Catalogue::load(Lang::Pl).expect("the Polish catalogue loads");
    for catalogue in [&english, &polish] {
        let code = catalogue.lang().code();
        let (missing, unknown) = catalogue.gaps();
        assert!(missing.is_empty(), "{code} lacks {missing:?}");
        assert!(unknown.is_empty(), "{code} has unknown ids {unknown:?}");
        for &key in T::ALL {
            let text = catalogue.get(key);
            // A missing message renders as its own id: that must never
            // happen (a one-word id such as "today" may be its own text).
            if key.id().contains('-') {
                assert_ne!(text, key.id(), "{code} does not translate {}", key.id());
            }
            assert!(!text.trim().is_empty(), "{code} {} is empty", key.id());
        }
    }
    let arguments = |lang: Lang| -> BTreeSet<(String, BTreeSet<String>)> {
        message_arguments(lang.source())
            .into_iter()
            .map(|(id, used)| (id.to_owned(), used.into_iter().map(str::to_owned).collect()))
            .collect()
    };
    assert_eq!(
        arguments(Lang::En),
        arguments(Lang::Pl),
        "a message uses different arguments in en and pl"
    );
}

#[test]
fn template_viewer_and_editor() {
    let demo = Demo::seed();
    for (width, height) in SIZES {
        let mut console = demo.console(OWNER, Lang::En, (width, height));
        console.press('3');
        console.press('/');
        console.type_text("soap");
        console.key(KeyCode::Enter);
        console.press('v');
        assert!(matches!(console.app.dialog, Some(Dialog::Viewer { .. })));
        snap!(
            &format!("owner_{width}x{height}_template_viewer"),
            &console.screen(width, height),
        );
        console.key(KeyCode::Esc);
        console.press('e');
        assert!(matches!(console.app.dialog, Some(Dialog::Editor { .. })));
        snap!(
            &format!("owner_{width}x{height}_template_editor"),
            &console.screen(width, height),
        );
    }
}

#[test]
fn a_hostile_template_shows_its_escapes_as_visible_stand_ins() {
    let demo = Demo::seed();
    demo.execute(
        OWNER,
        teamdesk::workspace::Command::AddTemplate {
            name: "Hostile note".into(),
            body: concat!(
                "title \x1b]0;pwned\x07 colour \x1b[31mred\x1b[0m bell \x07\n",
                "bidi \u{202E}desrever\u{202C} zero\u{200B}width\n",
                "tab\tstop"
            )
            .into(),
        },
    );
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('3');
    console.press('/');
    console.type_text("hostile");
    console.key(KeyCode::Enter);
    console.press('v');
    let screen = console.screen(100, 30);
    // Replacement characters are expected here: they stand in for the bidi
    // and zero-width characters.
    assert!(!holds_uuid(&screen));
    insta::assert_snapshot!("owner_100x30_hostile_template_viewer", screen);
}

#[test]
fn the_person_switcher_names_parts_in_polish() {
    let demo = Demo::seed();
    let (width, height) = (100, 30);
    let mut console = demo.console(OWNER, Lang::Pl, (width, height));
    console.app.demo = Some(teamdesk::demo::cast());
    console.key(KeyCode::F(2));
    let screen = console.screen(width, height);
    for part in ["menedżer szablonów", "właściciel zespołu Pro", "wsparcie"] {
        assert!(screen.contains(part), "{part}:\n{screen}");
    }
    for english in ["template manager", "Pro team owner", "support "] {
        assert!(!screen.contains(english), "{english}:\n{screen}");
    }
    snap!(&format!("demo_pl_{width}x{height}_switcher"), &screen);
}

#[test]
fn polish_detail_labels_keep_their_values_in_line() {
    let demo = Demo::seed();
    let (width, height) = (100, 30);
    let console = &mut demo.console(OWNER, Lang::Pl, (width, height));
    let screen = console.screen(width, height);
    let value_at = |label: &str| -> usize {
        let row = screen
            .lines()
            .find(|row| row.contains(&format!("│{label} ")))
            .unwrap_or_else(|| panic!("{label}:\n{screen}"));
        // In characters: every one of these is a column wide.
        let after = row.find(&format!("│{label} ")).unwrap() + '│'.len_utf8() + label.len();
        let value = after + row[after..].len() - row[after..].trim_start().len();
        row[..value].chars().count()
    };
    assert_eq!(value_at("Rola"), value_at("Dołączył(a)"), "{screen}");
    assert_eq!(value_at("Miejsce"), value_at("Dołączył(a)"), "{screen}");
}

#[test]
fn demo_mode_header_and_person_switcher() {
    let demo = Demo::seed();
    for (width, height) in SIZES {
        let mut console = demo.console(OWNER, Lang::En, (width, height));
        console.app.demo = Some(teamdesk::demo::cast());
        let screen = console.screen(width, height);
        assert!(screen.contains("DEMO 2026-11-26"), "{screen}");
        snap!(&format!("demo_{width}x{height}_owner"), &screen);
        console.key(KeyCode::F(2));
        assert!(matches!(console.app.dialog, Some(Dialog::Picker { .. })));
        snap!(
            &format!("demo_{width}x{height}_switcher"),
            &console.screen(width, height),
        );
        // The fourth person in the cast is the member.
        for _ in 0..3 {
            console.key(KeyCode::Down);
        }
        console.key(KeyCode::Enter);
        let screen = console.screen(width, height);
        assert!(screen.contains("Dr Ana Kowalska · member"), "{screen}");
        snap!(
            &format!("demo_{width}x{height}_switched_to_member"),
            &screen,
        );
    }
}

/// A tab closed to a role says why in the console's language: in English
/// the domain's own refusal, in Polish its translation.
#[test]
fn tabs_closed_to_a_role_say_why_in_each_language() {
    let demo = Demo::seed();
    let size = (200, 30);
    let mut closed = 0;
    for email in [MEMBER, ASSISTANT] {
        let mut en = demo.console(email, Lang::En, size);
        let mut pl = demo.console(email, Lang::Pl, size);
        for (index, tab) in en.app.tabs().into_iter().enumerate() {
            let Some(teamdesk::tui::effects::Closed::Refused(reason)) =
                en.app.closed_reason(tab).cloned()
            else {
                continue;
            };
            closed += 1;
            let digit = char::from_digit(index as u32 + 1, 10).unwrap();
            en.press(digit);
            pl.press(digit);
            let english = teamdesk::sanitize::sentence(&reason);
            let screen = en.screen(size.0, size.1);
            assert!(screen.contains(&english), "{english}:\n{screen}");
            let screen = pl.screen(size.0, size.1);
            assert!(!screen.contains(&english), "{english} in Polish:\n{screen}");
            assert!(screen.contains("Tylko "), "{screen}");
        }
    }
    assert!(closed >= 3, "members and assistants have closed tabs");
}
