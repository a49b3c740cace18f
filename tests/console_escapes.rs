//! Nothing a person stored can reach the terminal as an escape sequence, a
//! bell, a bidi override or an invisible character. The console is drawn
//! through ratatui's crossterm backend into a byte buffer, and the bytes are
//! parsed: every ESC must start a sequence the backend itself writes (cursor
//! moves, colours and attributes, cursor show/hide), and the text between
//! them must hold no control, bidi or zero-width character.

mod console_support;

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use teamdesk::tui::update::split_addresses;

use crossterm::event::KeyCode;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::{Terminal, TerminalOptions, Viewport};

use console_support::{Console, Demo, OWNER, SUPPORT, draw_test, screen_text};
use teamdesk::domain::text::{is_bidi_control, is_invisible};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::state::{App, Dialog};
use teamdesk::tui::view;
use teamdesk::workspace::{Command, NewPlan, TeamSettings};
use unicode_width::UnicodeWidthChar;

/// A template body holding every kind of trouble a terminal can be sent.
const HOSTILE_BODY: &str = concat!(
    "OSC title \x1b]0;pwned by a template\x07 and \x1b]2;again\x1b\\ done\n",
    "OSC link \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\\n",
    "colour \x1b[31mred\x1b[0m \x1b[5;31mblink\x1b[m \x1b[38;5;196mindexed\n",
    "bell \x07\x07 clear \x1b[2J\x1b[3J report \x1b[6n home \x1b[H\n",
    "bidi \u{202E}desrever\u{202C} \u{202D}forced\u{202C} \u{202A}lre\u{202B}rle\n",
    "isolates \u{2066}lri\u{2069} \u{2067}rli\u{2069} \u{2068}fsi\u{2069} \u{200E}lrm \u{200F}rlm \u{061C}alm\n",
    "zero width \u{200B}sp \u{200C}nj \u{200D}j \u{2060}wj \u{FEFF}bom \u{00AD}shy\n",
    "8-bit \u{9b}31m csi \u{9d}0;x\u{9c} osc \u{85}nel\n",
    "dcs \x1bP1$r\x1b\\ apc \x1b_x\x1b\\ reset \x1bc save \x1b7 restore \x1b8\n",
    "tab\there, lone CR\rover, backspace\x08, delete\x7f, nul\0 end\r\n",
    "last line",
);

/// Sequences from the body that must never appear in what is written.
const USER_SEQUENCES: &[&str] = &[
    "\x1b]",
    "\x1b[31m",
    "\x1b[5;31m",
    "\x1b[m",
    "\x1b[2J",
    "\x1b[3J",
    "\x1b[6n",
    "\x1b[H",
    "\x1bP",
    "\x1b_",
    "\x1bc",
    "\x1b7",
    "\x1b8",
    "\x1b\\",
];

/// Checks one SGR parameter list against what crossterm writes for ratatui:
/// attributes on and off, reset, and colours as `38;5;n`, `38;2;r;g;b`,
/// `39` (and the background and underline forms).
fn sgr_is_the_backends(params: &str) -> Result<(), String> {
    const ATTRIBUTES: &[u32] = &[
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 22, 23, 24, 25, 27, 28, 29, 39, 49, 59,
    ];
    if params.is_empty() {
        return Err("an SGR without parameters (the backend always writes them)".into());
    }
    let numbers: Vec<u32> = params
        .split(';')
        .map(|p| p.parse().map_err(|_| format!("SGR parameter {p:?}")))
        .collect::<Result<_, _>>()?;
    let mut at = 0;
    while at < numbers.len() {
        match numbers[at] {
            38 | 48 | 58 => match numbers.get(at + 1) {
                Some(5) if at + 2 < numbers.len() => at += 3,
                Some(2) if at + 4 < numbers.len() => at += 5,
                _ => return Err(format!("colour SGR {params:?}")),
            },
            n if ATTRIBUTES.contains(&n) => at += 1,
            n => {
                return Err(format!(
                    "SGR {n} in {params:?} is not one the backend writes"
                ));
            }
        }
    }
    Ok(())
}

/// Parses what the backend wrote to a `width` × `height` terminal and plays
/// it onto a screen. Returns the screen's lines, or the first thing that
/// should not be there.
fn parse_output(bytes: &[u8], width: u16, height: u16) -> Result<Vec<String>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let (width, height) = (usize::from(width), usize::from(height));
    let mut screen = vec![vec![" ".to_owned(); width]; height];
    let (mut row, mut column) = (0usize, 0usize);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\x1b' {
            if chars.next().map(|(_, c)| c) != Some('[') {
                return Err(format!("an ESC that starts no CSI at byte {at}"));
            }
            let mut params = String::new();
            let final_byte = loop {
                match chars.next() {
                    Some((_, c @ '\x30'..='\x3f')) => params.push(c),
                    Some((_, c @ '\x40'..='\x7e')) => break c,
                    Some((_, c)) => {
                        return Err(format!("byte {:#x} inside a CSI at {at}", c as u32));
                    }
                    None => return Err(format!("an unfinished CSI at byte {at}")),
                }
            };
            match final_byte {
                // MoveTo(column, row): `ESC[{row};{column}H`, counted from 1.
                'H' => {
                    let parts: Vec<usize> = params
                        .split(';')
                        .map(|p| {
                            p.parse::<usize>()
                                .ok()
                                .filter(|&n| n >= 1 && !p.starts_with('+'))
                        })
                        .collect::<Option<_>>()
                        .filter(|parts: &Vec<usize>| parts.len() == 2)
                        .ok_or_else(|| format!("cursor move ESC[{params}H at byte {at}"))?;
                    (row, column) = (parts[0] - 1, parts[1] - 1);
                }
                'm' => sgr_is_the_backends(&params).map_err(|e| format!("{e} at byte {at}"))?,
                // Show and hide the cursor.
                'h' | 'l' if params == "?25" => {}
                other => return Err(format!("ESC[{params}{other} at byte {at}")),
            }
            continue;
        }
        if c.is_control() {
            return Err(format!("control U+{:04X} at byte {at}", c as u32));
        }
        if is_bidi_control(c) {
            return Err(format!("bidi U+{:04X} at byte {at}", c as u32));
        }
        if is_invisible(c) {
            return Err(format!("invisible U+{:04X} at byte {at}", c as u32));
        }
        if row >= height || column > width {
            return Err(format!("text outside the screen at byte {at}"));
        }
        match c.width().unwrap_or(0) {
            // A combining mark joins the character before it.
            0 if column > 0 => screen[row][column - 1].push(c),
            0 => return Err(format!("a zero-width U+{:04X} starts a cell", c as u32)),
            wide => {
                if column + wide > width {
                    return Err(format!("text past the right edge at byte {at}"));
                }
                screen[row][column] = c.to_string();
                for hidden in 1..wide {
                    screen[row][column + hidden] = String::new();
                }
                column += wide;
            }
        }
    }
    Ok(screen.into_iter().map(|cells| cells.concat()).collect())
}

/// Everything written to the terminal, kept for the test to read.
#[derive(Clone, Default)]
struct Capture(Rc<RefCell<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn bytes(&self) -> Vec<u8> {
        self.0.borrow().clone()
    }
}

/// A crossterm terminal of a fixed size writing into a [`Capture`].
fn capturing_terminal(width: u16, height: u16) -> (Terminal<CrosstermBackend<Capture>>, Capture) {
    let capture = Capture::default();
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    let terminal = Terminal::with_options(CrosstermBackend::new(capture.clone()), options)
        .expect("a terminal over a byte buffer");
    (terminal, capture)
}

/// Draws the console once through the crossterm backend into memory.
fn written_bytes(app: &mut App, width: u16, height: u16) -> Vec<u8> {
    let (mut terminal, capture) = capturing_terminal(width, height);
    terminal
        .draw(|frame| view::draw(frame, app))
        .expect("the console draws");
    capture.bytes()
}

/// Draws and checks the bytes; returns the screen they make, which must be
/// the screen ratatui's test backend shows for the same state.
fn assert_safe(console: &mut Console, width: u16, height: u16, what: &str) -> String {
    let bytes = written_bytes(&mut console.app, width, height);
    for sequence in USER_SEQUENCES {
        assert!(
            !bytes
                .windows(sequence.len())
                .any(|w| w == sequence.as_bytes()),
            "{what}: {sequence:?} reached the terminal"
        );
    }
    for raw in [
        '\u{7}', '\u{9b}', '\u{9d}', '\u{202E}', '\u{202D}', '\u{2066}', '\u{200B}', '\u{FEFF}',
    ] {
        let mut utf8 = [0; 4];
        let encoded = raw.encode_utf8(&mut utf8).as_bytes();
        assert!(
            !bytes.windows(encoded.len()).any(|w| w == encoded),
            "{what}: U+{:04X} reached the terminal",
            raw as u32
        );
    }
    let played = parse_output(&bytes, width, height)
        .unwrap_or_else(|problem| panic!("{what}: {problem}"))
        .join("\n");
    let expected: Vec<String> = screen_text(&draw_test(&mut console.app, width, height))
        .lines()
        .map(|line| {
            let line = line.split("\" Hidden by").next().unwrap_or(line);
            line.trim_matches('"').to_owned()
        })
        .collect();
    assert_eq!(
        played,
        expected.join("\n"),
        "{what}: the bytes draw the screen"
    );
    played
}

fn add_hostile_template(demo: &Demo) {
    demo.execute(
        OWNER,
        Command::AddTemplate {
            name: "Hostile note".into(),
            body: HOSTILE_BODY.into(),
        },
    );
    let stored = demo
        .workspace
        .template(&console_support::person(OWNER), "Hostile note")
        .unwrap();
    assert_eq!(
        stored.body, HOSTILE_BODY,
        "template bodies are kept as typed"
    );
}

#[test]
fn the_checker_catches_what_an_unsanitised_cell_would_send() {
    // A cell's symbol goes out exactly as it is set (ratatui only asserts
    // against controls in debug builds): that is what the sanitiser stands
    // between.
    for symbol in ["\u{202E}", "\u{2066}", "\u{200B}", "\u{FEFF}"] {
        let (mut terminal, capture) = capturing_terminal(10, 1);
        terminal
            .draw(|frame| {
                frame.buffer_mut()[(0, 0)].set_symbol(symbol);
            })
            .unwrap();
        assert!(
            parse_output(&capture.bytes(), 10, 1).is_err(),
            "{symbol:?} is caught"
        );
    }
    // What the backend writes itself passes, and plays onto the screen.
    let (mut terminal, capture) = capturing_terminal(12, 2);
    terminal
        .draw(|frame| {
            frame.render_widget(
                Paragraph::new(vec![Line::raw("plain"), Line::raw("🩺 e\u{301}x")]),
                frame.area(),
            );
        })
        .unwrap();
    assert_eq!(
        parse_output(&capture.bytes(), 12, 2).unwrap(),
        ["plain       ", "🩺 e\u{301}x       "]
    );
    assert!(
        parse_output(
            b"\x1b[1;1H\x1b[38;5;9;48;2;1;2;3m\x1b[7mx\x1b[0m\x1b[?25l",
            2,
            1
        )
        .is_ok()
    );
    for raw in [
        "\x1b[31mx",
        "\x1b]0;x\x07",
        "x\x07",
        "\u{9b}31m",
        "\x1bc",
        "\x1b[6n",
    ] {
        assert!(
            parse_output(raw.as_bytes(), 2, 1).is_err(),
            "{raw:?} is caught"
        );
    }
    assert!(parse_output(b"\x1b[2Jx", 2, 1).is_err());
    assert!(parse_output(b"\x1b]0;t\x1b\\", 2, 1).is_err());
}

#[test]
fn a_hostile_template_body_is_drawn_without_reaching_the_terminal() {
    let demo = Demo::seed();
    add_hostile_template(&demo);
    for (width, height) in [(100, 30), (64, 18), (160, 40)] {
        let mut console = demo.console(OWNER, Lang::En, (width, height));
        console.press('3');
        console.press('/');
        console.type_text("hostile");
        console.key(KeyCode::Enter);
        assert_eq!(
            console.app.lists.templates.selected_row().unwrap().name,
            "Hostile note"
        );
        assert_safe(&mut console, width, height, "the Templates tab");

        console.press('v');
        assert!(matches!(console.app.dialog, Some(Dialog::Viewer { .. })));
        let shown = assert_safe(&mut console, width, height, "the template viewer");
        // Each escape shows as a visible stand-in, so support can see it was there.
        for visible in ["␛]0;pwned", "␇␇", "␛[31mred", "␛[2J", "\u{FFFD}desrever"] {
            assert!(shown.contains(visible), "{visible:?} in\n{shown}");
        }
        if width >= 100 {
            assert!(shown.contains("tab here"), "tabs become spaces:\n{shown}");
        }

        // The editor draws the same text through its own path.
        console.key(KeyCode::Esc);
        console.press('e');
        assert!(matches!(console.app.dialog, Some(Dialog::Editor { .. })));
        let shown = assert_safe(&mut console, width, height, "the template editor");
        assert!(shown.contains("␛]0;pwned"), "{shown}");
        // Scrolled to the end, the last lines are checked as well.
        for _ in 0..20 {
            console.key(KeyCode::Down);
        }
        assert_safe(&mut console, width, height, "the template editor, scrolled");
    }
}

#[test]
fn pasted_escapes_in_fields_toasts_and_lookups_stay_visible_and_inert() {
    let demo = Demo::seed();
    let hostile = "a\x1b]0;t\x07b\x1b[31mc\u{202E}d\u{200B}e";

    // A filter on the Members tab (shown in the footer while typed and in the title after).
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('/');
    console.paste(hostile);
    assert_safe(&mut console, 100, 30, "a pasted filter");
    console.key(KeyCode::Enter);
    assert_safe(&mut console, 100, 30, "a filter in the list title");
    console.key(KeyCode::Esc);

    // The invite dialog, and the refusal toast naming the bad address.
    console.press('i');
    console.paste(&format!("ok.person@x.example\n{hostile}@x.example"));
    let shown = assert_safe(&mut console, 100, 30, "the invite dialog");
    assert!(shown.contains("␛]0;t␇b␛[31mc"), "{shown}");
    console.key(KeyCode::Enter);
    // The good address is sent; the refused one stays in the dialog with its reason.
    match &console.app.dialog {
        Some(Dialog::Invite {
            addresses, error, ..
        }) => {
            // Addresses are split on separators (the `;` inside the OSC too); each refused piece stays.
            let refused = split_addresses(&format!("{hostile}@x.example")).join("\n");
            assert_eq!(addresses.text(), refused);
            assert!(
                error
                    .as_deref()
                    .is_some_and(|e| e.contains("is not a valid email address"))
            );
        }
        other => panic!("the invite dialog should stay open with the refused address: {other:?}"),
    }
    assert_safe(
        &mut console,
        100,
        30,
        "the invite dialog holding a refused address",
    );
    console.key(KeyCode::Esc);
    // The link made for the good address waited for the dialog to close.
    match &console.app.dialog {
        Some(Dialog::Links { links, .. }) => {
            let emails: Vec<&str> = links.iter().map(|link| link.email.as_str()).collect();
            assert_eq!(emails, ["ok.person@x.example"]);
        }
        other => panic!("the new link is shown: {other:?}"),
    }
    console.key(KeyCode::Esc);
    assert!(console.app.dialog.is_none());
    assert!(
        console
            .app
            .toasts
            .iter()
            .any(|t| t.text.contains("is not a valid email address")),
        "the refusal is shown: {:?}",
        console.app.toasts
    );
    let shown = assert_safe(&mut console, 100, 30, "a refusal toast");
    assert!(shown.contains("␛[31m"), "{shown}");

    // The editor for a new template, the body typed and pasted.
    console.press('3');
    console.press('n');
    console.type_text("Pasted");
    console.key(KeyCode::Enter);
    assert!(matches!(console.app.dialog, Some(Dialog::Editor { .. })));
    console.paste(HOSTILE_BODY);
    assert_safe(&mut console, 100, 30, "a new template being typed");
    console.ctrl('s');
    assert!(console.app.dialog.is_none(), "the body is saved as typed");
    assert_safe(&mut console, 100, 30, "the saved template in the list");

    // Support's lookup: the query is drawn as typed.
    let mut support = demo.console(SUPPORT, Lang::En, (100, 30));
    support.press('/');
    support.paste(hostile);
    assert_safe(&mut support, 100, 30, "a pasted lookup");
    support.key(KeyCode::Enter);
    assert_safe(&mut support, 100, 30, "a finished lookup");
}

#[test]
fn names_refuse_what_could_hide_or_disguise_text() {
    let demo = Demo::seed();
    let operator = teamdesk::workspace::Actor::Operator;
    for (what, name) in [
        ("a bidi override", "Dr Eve \u{202E}lanac"),
        ("an isolate", "Dr Eve \u{2066}x\u{2069}"),
        ("an escape", "Dr Eve \x1b]0;owned\x07"),
        ("a colour code", "Dr Eve \x1b[31mred"),
        ("a bell", "Dr Eve\x07"),
        ("a zero-width space", "Dr\u{200B}Eve"),
        ("a C1 control", "Dr Eve\u{9b}31m"),
    ] {
        let account = demo.workspace.execute(
            &operator,
            Command::CreateAccount {
                email: "eve@x.example".into(),
                name: name.into(),
                plan: NewPlan::Free,
                staff: None,
            },
        );
        assert!(account.is_err(), "a display name with {what} is refused");
        let template = demo.workspace.execute(
            &console_support::person(OWNER),
            Command::AddTemplate {
                name: name.into(),
                body: "x".into(),
            },
        );
        assert!(template.is_err(), "a template name with {what} is refused");
        let rename = demo.workspace.execute(
            &console_support::person(OWNER),
            Command::ChangeSettings(TeamSettings {
                name: Some(name.into()),
                ..TeamSettings::default()
            }),
        );
        assert!(rename.is_err(), "a team name with {what} is refused");
        let invite = demo.workspace.execute(
            &console_support::person(OWNER),
            Command::Invite {
                emails: vec![format!("eve{name}@x.example")],
                role: teamdesk::domain::Role::Member,
            },
        );
        assert!(
            matches!(invite, Ok(teamdesk::workspace::Outcome::Invited(ref r))
                if !matches!(r[0], teamdesk::workspace::InviteResult::Invited(_))),
            "an address with {what} is refused: {invite:?}"
        );
    }
}

#[test]
fn unusual_but_allowed_names_draw_safely_in_every_list() {
    let demo = Demo::seed();
    // What validation lets through: wide glyphs, emoji, combining marks, RTL script.
    let name = "Dr Zoë 山田 🩺 e\u{301} שלום";
    let operator = teamdesk::workspace::Actor::Operator;
    demo.workspace
        .execute(
            &operator,
            Command::CreateAccount {
                email: "zoe@x.example".into(),
                name: name.into(),
                plan: NewPlan::Free,
                staff: None,
            },
        )
        .expect("an unusual but harmless name is allowed");
    let invited = demo.execute(
        OWNER,
        Command::Invite {
            emails: vec!["zoe@x.example".into()],
            role: teamdesk::domain::Role::Member,
        },
    );
    let link = match invited {
        teamdesk::workspace::Outcome::Invited(results) => match &results[0] {
            teamdesk::workspace::InviteResult::Invited(sent) => sent.link.clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    demo.execute("zoe@x.example", Command::Join { link, name: None });
    demo.execute(
        OWNER,
        Command::AddTemplate {
            name: format!("Notatka {name}"),
            body: "🩺\tok".into(),
        },
    );
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('/');
    console.type_text("zoe");
    console.key(KeyCode::Enter);
    let shown = assert_safe(&mut console, 100, 30, "the Members tab");
    assert!(shown.contains("山田"), "{shown}");
    for tab in ['2', '3', '5'] {
        console.press(tab);
        assert_safe(&mut console, 100, 30, "another tab");
        assert_safe(&mut console, 64, 18, "another tab, small");
    }
}
