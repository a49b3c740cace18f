//! The command palette (`:`) and switching person outside the demo: the
//! palette offers exactly the actions the help offers on the tab on screen,
//! finds them by a few letters, and runs the chosen one as its key would;
//! the operator's own console switches person on F2, a console started as
//! someone (`--as`) does not offer it, and what was asked as the person
//! before reaches the next one not at all.

mod console_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use console_support::{Console, Demo, MEMBER, OWNER, SUPPORT, footer, snap_screen, variant};
use teamdesk::tui::effects::{Effect, Msg, perform};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::keymap::{Context, KeyAction};
use teamdesk::tui::palette;
use teamdesk::tui::state::{App, Dialog, Options, Tab};
use teamdesk::tui::theme::ThemeName;
use teamdesk::tui::update;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const THEMES: [ThemeName; 2] = [ThemeName::Default, ThemeName::Monochrome];

fn open_palette(console: &mut Console) {
    console.press(':');
    assert!(
        matches!(console.app.dialog, Some(Dialog::Palette { .. })),
        "`:` opens the palette: {:?}",
        console.app.dialog
    );
}

/// The actions the palette lists, in its order.
fn listed(console: &Console) -> Vec<KeyAction> {
    let query = match &console.app.dialog {
        Some(Dialog::Palette { query, .. }) => query.text(),
        other => panic!("the palette is open: {other:?}"),
    };
    palette::matching(&console.app, &query)
        .into_iter()
        .map(|entry| entry.action)
        .collect()
}

/// The actions the help overlay lists for the tab on screen and everywhere.
fn in_help(app: &App) -> Vec<KeyAction> {
    [app.tab.context(), Context::Global]
        .into_iter()
        .flat_map(|context| app.offered(context).map(|binding| binding.action))
        .collect()
}

#[test]
fn the_palette_lists_what_the_help_offers_here_and_nothing_else() {
    let demo = Demo::seed();
    for (email, tab) in [
        (OWNER, '1'),
        (OWNER, '2'),
        (OWNER, '4'),
        (MEMBER, '1'),
        (SUPPORT, '1'),
    ] {
        let mut console = demo.console(email, Lang::En, (120, 40));
        console.press(tab);
        let help = in_help(&console.app);
        open_palette(&mut console);
        let offered = listed(&console);
        let expected: Vec<KeyAction> = help
            .into_iter()
            .filter(|&action| action != KeyAction::Palette)
            .filter(|&action| {
                // Billing's invoices are neither filtered nor sorted, and
                // Triage's rows have one order.
                let sorting = matches!(action, KeyAction::Sort | KeyAction::ReverseSort);
                match console.app.tab {
                    Tab::Billing => !sorting && action != KeyAction::Filter,
                    Tab::Triage => !sorting,
                    _ => true,
                }
            })
            .collect();
        assert_eq!(offered, expected, "{email} on tab {tab}");
    }
    let mut member = demo.console(MEMBER, Lang::En, (120, 40));
    open_palette(&mut member);
    let offered = listed(&member);
    assert!(
        !offered.contains(&KeyAction::Invite) && !offered.contains(&KeyAction::Remove),
        "a member is not offered what only admins may do: {offered:?}"
    );
    assert!(offered.contains(&KeyAction::Messages));
    let mut owner = demo.console(OWNER, Lang::En, (120, 40));
    open_palette(&mut owner);
    assert!(listed(&owner).contains(&KeyAction::Invite));
}

#[test]
fn typing_narrows_and_ranks_and_enter_runs_the_action_as_its_key() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (120, 40));
    open_palette(&mut console);
    console.type_text("messages");
    assert_eq!(listed(&console)[0], KeyAction::Messages, "by its name");
    console.key(KeyCode::Enter);
    assert!(
        matches!(console.app.dialog, Some(Dialog::Messages { .. })),
        "Enter opens the message log as m does: {:?}",
        console.app.dialog
    );

    // Letters in order, not necessarily together; whole words first.
    console.key(KeyCode::Esc);
    open_palette(&mut console);
    console.type_text("inv");
    assert_eq!(listed(&console)[0], KeyAction::Invite);
    assert!(
        listed(&console)
            .iter()
            .all(|&action| action != KeyAction::Quit)
    );
    console.key(KeyCode::Enter);
    let Some(Dialog::Invite { .. }) = &console.app.dialog else {
        panic!(
            "Enter on invite opens the invite dialog: {:?}",
            console.app.dialog
        );
    };

    // Up and Down choose; j and k are typed, not moved by.
    console.key(KeyCode::Esc);
    open_palette(&mut console);
    console.key(KeyCode::Down);
    console.key(KeyCode::Down);
    console.key(KeyCode::Up);
    let Some(Dialog::Palette { selected, .. }) = &console.app.dialog else {
        panic!("the palette stays open");
    };
    assert_eq!(*selected, 1);
    console.type_text("j");
    let Some(Dialog::Palette { query, selected }) = &console.app.dialog else {
        panic!("the palette stays open");
    };
    assert_eq!((query.text().as_str(), *selected), ("j", 0));

    // Enter on the second entry runs that one: the tab's own list first.
    console.key(KeyCode::Esc);
    assert!(console.app.dialog.is_none(), "Esc closes");
    open_palette(&mut console);
    let second = listed(&console)[1];
    console.key(KeyCode::Down);
    console.key(KeyCode::Enter);
    assert_eq!(second, KeyAction::ChangeRole);
    assert!(
        matches!(console.app.dialog, Some(Dialog::ChangeRole { .. })),
        "{:?}",
        console.app.dialog
    );
}

#[test]
fn the_palette_runs_global_keys_too_and_matches_polish_without_diacritics() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::Pl, (120, 40));
    open_palette(&mut console);
    console.type_text("zaproszenia");
    assert_eq!(listed(&console)[0], KeyAction::Tab2);
    console.key(KeyCode::Enter);
    assert_eq!(console.app.tab, Tab::Invitations, "runs as 2 would");
    assert!(console.app.dialog.is_none());

    console.press('1');
    open_palette(&mut console);
    console.type_text("usun");
    assert_eq!(listed(&console)[0], KeyAction::Remove, "usun finds usuń");
    let screen = console.screen(120, 40);
    assert!(screen.contains("Polecenia"), "{screen}");

    console.key(KeyCode::Esc);
    open_palette(&mut console);
    console.type_text("qqqq");
    assert!(listed(&console).is_empty());
    let screen = console.screen(80, 24);
    assert!(screen.contains("brak wyników dla „qqqq”"), "{screen}");
    console.key(KeyCode::Enter);
    assert!(
        matches!(console.app.dialog, Some(Dialog::Palette { .. })),
        "Enter with nothing matched does nothing"
    );
}

#[test]
fn the_footer_and_help_offer_the_palette() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (120, 40));
    let screen = console.screen(120, 40);
    assert!(footer(&screen).contains(": commands"), "{screen}");
    console.press('?');
    let screen = console.screen(120, 40);
    assert!(screen.contains("commands"), "{screen}");
}

#[test]
fn the_palette_in_both_languages_and_themes() {
    let demo = Demo::seed();
    for lang in [Lang::En, Lang::Pl] {
        for theme in THEMES {
            for size in SIZES {
                let mut console = demo.console_in(OWNER, lang, theme, size);
                open_palette(&mut console);
                let slug = variant(lang, theme, size);
                snap_screen!(console, &format!("palette_{slug}"), theme, size);
                console.type_text(if lang == Lang::En { "re" } else { "za" });
                snap_screen!(console, &format!("palette_typed_{slug}"), theme, size);
            }
        }
    }
}

/// The operator's console: started without `--as`, it asks who to act as.
fn operator_console(demo: &Demo, lang: Lang, theme: ThemeName, size: (u16, u16)) -> Console {
    let mut options = Options::standard(lang, theme, size);
    options.operator = true;
    let (app, effects) = App::new(options, None);
    let mut console = Console {
        app,
        runtime: demo.runtime(),
    };
    for effect in effects {
        if let Some(msg) = perform(&console.runtime, effect) {
            console.send(msg);
        }
    }
    choose(&mut console, OWNER);
    console
}

/// Chooses `email` in the open picker.
fn choose(console: &mut Console, email: &str) {
    let Some(Dialog::Picker {
        entries, selected, ..
    }) = &console.app.dialog
    else {
        panic!("the picker is open: {:?}", console.app.dialog);
    };
    let position = entries
        .iter()
        .position(|entry| entry.email == email)
        .expect("offered");
    let (from, to) = (*selected, position);
    for _ in to..from {
        console.key(KeyCode::Up);
    }
    for _ in from..to {
        console.key(KeyCode::Down);
    }
    console.key(KeyCode::Enter);
    assert!(console.app.dialog.is_none());
    let me = &console.app.loaded.as_ref().expect("loaded").me;
    assert_eq!(me.email, email);
}

#[test]
fn the_operators_console_switches_person_on_f2() {
    let demo = Demo::seed();
    let mut console = operator_console(&demo, Lang::En, ThemeName::Default, (120, 40));
    console.press('?');
    let help = console.screen(120, 40);
    assert!(help.contains("switch person"), "{help}");
    console.key(KeyCode::Esc);

    console.key(KeyCode::F(2));
    let Some(Dialog::Picker {
        title,
        entries,
        selected,
        ..
    }) = &console.app.dialog
    else {
        panic!("F2 opens the picker: {:?}", console.app.dialog);
    };
    assert_eq!(title, "Switch person");
    assert_eq!(
        entries[*selected].email, OWNER,
        "the person acted as is chosen"
    );
    assert!(entries.iter().any(|entry| entry.email == SUPPORT));
    choose(&mut console, MEMBER);
    assert_eq!(console.app.tab, Tab::Members);

    // The palette offers it as well, and runs it.
    open_palette(&mut console);
    console.type_text("switch");
    assert_eq!(listed(&console)[0], KeyAction::SwitchPerson);
    console.key(KeyCode::Enter);
    assert!(matches!(console.app.dialog, Some(Dialog::Picker { .. })));
    console.key(KeyCode::Esc);
    assert!(
        console.app.dialog.is_none() && !console.app.should_quit,
        "Esc keeps the person acted as"
    );
    assert_eq!(console.app.loaded.as_ref().unwrap().me.email, MEMBER);
}

#[test]
fn an_answer_arriving_after_a_switch_shows_the_next_person_nothing_of_it() {
    let demo = Demo::seed();
    let mut console = operator_console(&demo, Lang::En, ThemeName::Default, (120, 40));
    console.press('2');
    console.press('i');
    console.type_text("lena.fox@x.example");
    // The owner's invite is asked for; its answer comes after the switch.
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    let asked = update::update(&mut console.app, Msg::Key(enter));
    assert!(
        asked.iter().any(|e| matches!(e, Effect::Execute { .. })),
        "Enter asks for the invite: {asked:?}"
    );
    console.key(KeyCode::Esc);
    console.key(KeyCode::F(2));
    choose(&mut console, MEMBER);
    let said = console.app.toasts.log().count();

    for effect in asked {
        if let Some(answer) = perform(&console.runtime, effect) {
            console.send(answer);
        }
    }
    assert!(
        !matches!(console.app.dialog, Some(Dialog::Links { .. })),
        "no links dialog: {:?}",
        console.app.dialog
    );
    assert!(!console.screen(120, 40).contains("/join/"));
    assert_eq!(
        console.app.toasts.log().count(),
        said,
        "not a word of the owner's invite"
    );
    assert_eq!(console.app.loaded.as_ref().unwrap().me.email, MEMBER);
}

#[test]
fn a_console_started_as_someone_does_not_offer_switching() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (120, 40));
    let screen = console.screen(120, 40);
    assert!(!screen.contains("F2"), "{screen}");
    console.press('?');
    let help = console.screen(120, 40);
    assert!(!help.contains("switch person"), "{help}");
    console.key(KeyCode::Esc);
    open_palette(&mut console);
    assert!(!listed(&console).contains(&KeyAction::SwitchPerson));
    console.key(KeyCode::Esc);
    console.key(KeyCode::F(2));
    assert!(
        !matches!(console.app.dialog, Some(Dialog::Picker { .. })),
        "F2 opens no picker"
    );
    assert_eq!(console.app.loaded.as_ref().unwrap().me.email, OWNER);
}

#[test]
fn the_operators_switcher_in_both_languages_and_themes() {
    let demo = Demo::seed();
    for lang in [Lang::En, Lang::Pl] {
        for theme in THEMES {
            for size in SIZES {
                let mut console = operator_console(&demo, lang, theme, size);
                console.key(KeyCode::F(2));
                let slug = variant(lang, theme, size);
                snap_screen!(console, &format!("switcher_{slug}"), theme, size);
            }
        }
    }
}
