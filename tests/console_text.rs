//! Text fields in the console: a long paste goes in as one edit (one undo
//! takes it back) or, past the field's limit, is refused at once with the
//! reason, never inserted to be refused later by the workspace.

mod console_support;

use crossterm::event::KeyCode;

use console_support::{Console, Demo, OWNER};
use teamdesk::domain::text::{RECORDED_LINE_MAX, TEAM_NAME_MAX, TEMPLATE_BODY_MAX};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::list::ListNav;
use teamdesk::tui::state::Dialog;

const SIZE: (u16, u16) = (100, 30);

fn last_toast(console: &Console) -> String {
    console
        .app
        .toasts
        .last()
        .map(|toast| toast.text.clone())
        .unwrap_or_default()
}

fn filter_text(console: &Console) -> String {
    console
        .app
        .filter_input
        .as_ref()
        .map(|input| input.text())
        .expect("the filter is being typed")
}

#[test]
fn a_200k_paste_into_the_filter_is_refused_at_once_and_one_that_fits_is_one_edit() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('/');
    console.paste(&"shah ".repeat(40_000));
    assert_eq!(filter_text(&console), "", "nothing of it was inserted");
    assert!(
        last_toast(&console).contains("at most 1024 characters"),
        "{}",
        last_toast(&console)
    );
    assert_eq!(
        console.app.lists.members.shown(),
        console.app.lists.members.total(),
        "the list is not filtered"
    );

    // As much as the filter holds goes in whole, line breaks as spaces.
    let fits = "ab\n".repeat(RECORDED_LINE_MAX / 3);
    console.paste(&fits);
    assert_eq!(filter_text(&console), fits.replace('\n', " "));
    assert_eq!(console.app.lists.members.shown(), 0);
    console.ctrl('z');
    assert_eq!(filter_text(&console), "", "one undo takes the paste back");
    assert_eq!(
        console.app.lists.members.shown(),
        console.app.lists.members.total()
    );
    console.screen(SIZE.0, SIZE.1);
}

fn editor_text(console: &Console) -> (String, Option<String>) {
    match &console.app.dialog {
        Some(Dialog::Editor { area, error, .. }) => (area.text(), error.clone()),
        other => panic!("the editor is not open: {other:?}"),
    }
}

#[test]
fn a_200k_paste_into_the_editor_is_refused_at_once_and_one_that_fits_is_one_edit() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('3');
    console.press('n');
    console.type_text("Pasted\n");
    console.paste(&"x".repeat(200_000));
    let (text, error) = editor_text(&console);
    assert_eq!(text, "");
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.contains("at most 64 KiB")),
        "{error:?}"
    );
    let screen = console.screen(SIZE.0, SIZE.1);
    assert!(screen.contains("at most 64 KiB"), "{screen}");

    // A body of nearly 64 KiB, one long line and many short ones.
    let body = format!("{}\n{}", "y".repeat(40_000), "S: cough\n".repeat(2_500));
    assert!(body.len() <= TEMPLATE_BODY_MAX);
    console.paste(&body);
    assert_eq!(editor_text(&console).0, body);
    console.screen(SIZE.0, SIZE.1);
    // One more character would pass the limit: it is refused, not typed.
    console.paste(&"z".repeat(TEMPLATE_BODY_MAX - body.len()));
    console.press('!');
    assert_eq!(editor_text(&console).0.len(), TEMPLATE_BODY_MAX);
    console.ctrl('z');
    console.ctrl('z');
    assert_eq!(editor_text(&console).0, "", "two pastes, two undos");
}

#[test]
fn a_name_past_its_limit_is_refused_as_it_is_typed_or_pasted() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('4');
    console.press('n');
    console.ctrl('u');
    console.type_text(&"n".repeat(TEAM_NAME_MAX));
    console.press('!');
    let typed = match &console.app.dialog {
        Some(Dialog::Prompt { input, .. }) => input.text(),
        other => panic!("the rename prompt is open: {other:?}"),
    };
    assert_eq!(
        typed,
        "n".repeat(TEAM_NAME_MAX),
        "the 81st character is refused"
    );
    assert!(last_toast(&console).contains("at most 80 characters"));
    console.ctrl('u');
    console.paste(&"p".repeat(TEAM_NAME_MAX + 1));
    let pasted = match &console.app.dialog {
        Some(Dialog::Prompt { input, .. }) => input.text(),
        other => panic!("the rename prompt is open: {other:?}"),
    };
    assert_eq!(pasted, "", "a paste too long is refused whole");
}

#[test]
fn an_address_past_its_limit_is_refused_in_the_invite_dialog() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('i');
    console.paste("ok@x.example\n");
    console.paste(&format!("{}@x.example", "l".repeat(250)));
    match &console.app.dialog {
        Some(Dialog::Invite {
            addresses, error, ..
        }) => {
            assert_eq!(addresses.text(), "ok@x.example\n");
            assert!(
                error
                    .as_deref()
                    .is_some_and(|e| e.contains("an address holds at most 254")),
                "{error:?}"
            );
        }
        other => panic!("the invite dialog is open: {other:?}"),
    }
    let screen = console.screen(SIZE.0, SIZE.1);
    assert!(screen.contains("Too long"), "{screen}");
}

#[test]
fn a_long_line_scrolls_sideways_in_the_prompt_keeping_the_cursor_in_view() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('3');
    console.press('n');
    let name = format!("{}END", "a".repeat(100));
    console.type_text(&name);
    let screen = console.screen(SIZE.0, SIZE.1);
    assert!(
        screen.contains("aaaEND"),
        "the end of the line is shown:\n{screen}"
    );
    console.key(KeyCode::Home);
    let screen = console.screen(SIZE.0, SIZE.1);
    assert!(!screen.contains("END"), "back at its start:\n{screen}");
}

/// A name that looks like a Fluent placeholder is a name: it is shown as
/// typed in both languages, and no bidi isolation mark reaches the terminal.
#[test]
fn a_name_like_a_placeholder_is_shown_as_typed() {
    let name = "{ $count } { $team } {$n}";
    for (lang, said) in [
        (Lang::En, "the team is now called"),
        (Lang::Pl, "zespół nazywa się teraz"),
    ] {
        let demo = Demo::seed();
        let mut console = demo.console(OWNER, lang, SIZE);
        console.press('4');
        console.press('n');
        console.ctrl('u');
        console.type_text(name);
        console.key(KeyCode::Enter);
        assert_eq!(last_toast(&console), format!("{said} {name}"));
        let screen = console.screen(SIZE.0, SIZE.1);
        assert!(screen.contains(name), "{screen}");
        assert!(
            !screen.contains(['\u{2068}', '\u{2069}']),
            "no isolation marks: {screen}"
        );
    }
}

/// A long line wraps inside the template editor, every word of it on
/// screen; in a one-line prompt it scrolls sideways to keep the cursor's end
/// in view, and Home brings its start back.
#[test]
fn long_lines_wrap_in_the_editor_and_scroll_sideways_in_a_prompt() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('3');
    console.press('n');
    console.type_text("Wrapped\n");
    let words: Vec<String> = (1..=40).map(|n| format!("word{n:02}")).collect();
    console.paste(&words.join(" "));
    let screen = console.screen(SIZE.0, SIZE.1);
    for word in &words {
        assert!(
            screen.contains(word.as_str()),
            "{word} wraps into view: {screen}"
        );
    }
    // Esc asks before throwing the text away; a second Esc does.
    console.key(KeyCode::Esc);
    console.key(KeyCode::Esc);
    assert!(console.app.dialog.is_none(), "{:?}", console.app.dialog);

    console.press('4');
    console.press('n');
    console.ctrl('u');
    let name = format!("start {}end", "middle ".repeat(9));
    assert!(name.len() <= TEAM_NAME_MAX);
    console.type_text(&name);
    let screen = console.screen(SIZE.0, SIZE.1);
    assert!(screen.contains("middle end"), "the end in view: {screen}");
    assert!(!screen.contains("start middle"), "{screen}");
    console.key(KeyCode::Home);
    let screen = console.screen(SIZE.0, SIZE.1);
    assert!(screen.contains("start middle"), "the start back: {screen}");
}
