//! Invitation links in the console: after an invite or a resend, the person
//! who made them sees each link in full until they close the dialog, and
//! `y` puts the one chosen on their terminal's clipboard with OSC 52,
//! written through the terminal backend by the live loop. No other session
//! sees the link, and it reaches no log, no toast and no file of the store.

mod console_support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::thread::sleep;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use console_support::{
    ADMIN, Console, Demo, OWNER, draw_test, person, screen_text, snap, themed, variant,
};
use teamdesk::tui::effects::{Effect, ForEach, Msg};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::state::{App, Dialog, Options};
use teamdesk::tui::theme::ThemeName;
use teamdesk::tui::{Channel, drive, update};

const WIDE: (u16, u16) = (120, 40);
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const NEW: &str = "lena.fox@x.example";

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// Invites `NEW` through the dialog of the Invitations tab.
fn invite(console: &mut Console) {
    console.press('2');
    console.press('i');
    console.type_text(NEW);
    console.key(KeyCode::Enter);
}

/// The links the dialog on screen shows, as they are drawn and copied.
fn links_shown(app: &App) -> Vec<(String, String)> {
    match &app.dialog {
        Some(Dialog::Links { links, .. }) => links
            .iter()
            .map(|link| (link.email.clone(), link.url.shown()))
            .collect(),
        other => panic!("the links dialog is open, not {other:?}"),
    }
}

/// The text inside the frames of a screen, joined without the line
/// breaks a wrapped link takes.
fn joined(screen: &str) -> String {
    screen
        .lines()
        .map(|row| row.trim_matches('"').replace(['│', ' '], ""))
        .collect()
}

/// What the terminal's clipboard would hold after `effects`.
fn copied(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Copy(secret) => Some(secret.shown()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_invite_shows_its_link_until_closed_and_y_copies_it() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    invite(&mut console);
    let links = links_shown(&console.app);
    assert_eq!(links.len(), 1);
    let (email, link) = &links[0];
    assert_eq!(email, NEW);
    assert!(link.starts_with("https://teamdesk.example/join/"), "{link}");
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(
        joined(&screen).contains(link.as_str()),
        "in full:\n{screen}"
    );
    assert!(
        screen.contains("y copy link") && screen.contains("Esc close"),
        "{screen}"
    );

    // y asks the loop to copy it; the dialog stays for another copy.
    let effects = update::update(&mut console.app, key('y'));
    assert_eq!(copied(&effects), std::slice::from_ref(link));
    let sequence = teamdesk::tui::clipboard::osc52(link);
    let payload = sequence
        .strip_prefix("\x1b]52;c;")
        .and_then(|rest| rest.strip_suffix('\x07'))
        .unwrap();
    assert_eq!(STANDARD.decode(payload).unwrap(), link.as_bytes());
    assert!(matches!(console.app.dialog, Some(Dialog::Links { .. })));
    let toast = &console.app.toasts.last().unwrap().text;
    assert_eq!(
        toast,
        &format!("link for {NEW} sent to your terminal's clipboard")
    );
    assert!(
        console
            .app
            .toasts
            .log()
            .all(|toast| !toast.text.contains("/join/")),
        "the message log keeps no link"
    );

    console.key(KeyCode::Esc);
    assert!(console.app.dialog.is_none());
    assert!(
        !console.screen(WIDE.0, WIDE.1).contains("/join/"),
        "gone once closed"
    );
}

#[test]
fn a_resend_shows_the_new_link_to_whoever_resent_it_and_to_no_other_session() {
    let demo = Demo::seed();
    let mut owner = demo.console(OWNER, Lang::En, WIDE);
    let mut admin = demo.console(ADMIN, Lang::En, WIDE);
    owner.press('2');
    owner.press('/');
    owner.type_text("locum\n");
    owner.press('R');
    let links = links_shown(&owner.app);
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].0, "locum@bondi.example");

    let team = owner.app.team_shown().unwrap().id;
    admin.press('2');
    admin.send(Msg::Changed(Some(team), ForEach::ALL));
    assert!(admin.app.dialog.is_none());
    assert!(!admin.screen(WIDE.0, WIDE.1).contains("/join/"));

    // Marked invitations resent together: one dialog with every new link.
    owner.key(KeyCode::Esc);
    owner.key(KeyCode::Esc);
    for address in ["new.nurse", "james.ortiz"] {
        owner.press('/');
        owner.type_text(&format!("{address}\n"));
        owner.key(KeyCode::Char(' '));
        owner.key(KeyCode::Esc);
    }
    owner.press('R');
    owner.press('y');
    let emails: Vec<String> = links_shown(&owner.app)
        .into_iter()
        .map(|(email, _)| email)
        .collect();
    assert_eq!(
        emails,
        ["new.nurse@bondi.example", "james.ortiz@bondi.example"]
    );
}

/// A writer shared with the test, for a tracing subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every file under `dir`, read whole.
fn files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    found
}

#[test]
fn a_link_reaches_no_log_no_debug_output_and_no_file_of_the_store() {
    let demo = Demo::seed();
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let (link, state, effects) = tracing::subscriber::with_default(subscriber, || {
        let mut console = demo.console(OWNER, Lang::En, WIDE);
        invite(&mut console);
        let effects = update::update(&mut console.app, key('y'));
        let link = links_shown(&console.app)[0].1.clone();
        let state = format!("{:?}", console.app.dialog);
        (link, state, format!("{effects:?}"))
    });
    let token = link.rsplit_once("/join/").unwrap().1;
    let logged = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(!logged.contains(token), "logged: {logged}");
    assert!(!state.contains(token), "{state}");
    assert!(
        !effects.contains(token) && effects.contains("Copy"),
        "{effects}"
    );
    for (path, bytes) in files(demo.dir.path()) {
        assert!(
            !bytes
                .windows(token.len())
                .any(|window| window == token.as_bytes()),
            "{} keeps the link",
            path.display()
        );
    }
}

#[test]
fn the_live_loop_writes_the_copy_through_the_terminal_backend() {
    let demo = Demo::seed();
    let runtime = demo.runtime();
    let options = Options::standard(Lang::En, ThemeName::Default, WIDE);
    let (mut app, effects) = App::new(options, Some(person(OWNER)));
    let channel = Channel::new();
    let input = channel.sender.clone();
    let script = std::thread::spawn(move || {
        let wait = || sleep(Duration::from_millis(1500));
        wait();
        for c in ['2', 'R'] {
            input.send(key(c)).unwrap();
        }
        wait();
        input.send(key('y')).unwrap();
        wait();
        input
            .send(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)))
            .unwrap();
        input.send(key('q')).unwrap();
    });
    let output = Captured::default();
    let backend = CrosstermBackend::new(output.clone());
    let viewport = Viewport::Fixed(Rect::new(0, 0, WIDE.0, WIDE.1));
    let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport }).unwrap();
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
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
    let written = String::from_utf8_lossy(&output.0.lock().unwrap()).into_owned();
    let start = written
        .find("\x1b]52;c;")
        .expect("an OSC 52 sequence was written");
    let end = written[start..].find('\x07').unwrap();
    let payload = &written[start + "\x1b]52;c;".len()..start + end];
    let link = String::from_utf8(STANDARD.decode(payload).unwrap()).unwrap();
    assert!(link.starts_with("https://teamdesk.example/join/"), "{link}");
    assert_eq!(written.matches("\x1b]52;").count(), 1, "one copy, on y");
}

/// The screen with the tokens of `links` written as x, whole or where a
/// line break cut them, so that the snapshot holds no random part.
fn redacted(screen: &str, links: &[(String, String)]) -> String {
    let tokens: Vec<&str> = links
        .iter()
        .filter_map(|(_, link)| link.rsplit_once("/join/").map(|(_, token)| token))
        .collect();
    let mut out = String::new();
    let mut run = String::new();
    for c in screen.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        let cut_piece = run.len() >= 6 && tokens.iter().any(|token| token.contains(&run));
        if run.len() >= 8 || cut_piece {
            out.extend(std::iter::repeat_n('x', run.len()));
        } else {
            out.push_str(&run);
        }
        run.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_links_dialog_in_both_languages_and_themes() {
    for lang in [Lang::En, Lang::Pl] {
        for theme in [ThemeName::Default, ThemeName::Monochrome] {
            for (width, height) in SIZES {
                let demo = Demo::seed();
                let mut console = demo.console_in(OWNER, lang, theme, (width, height));
                console.press('2');
                console.press('i');
                console.paste("lena.fox@x.example\nomar.haddad@x.example");
                console.key(KeyCode::Enter);
                console.press('j');
                let name = format!("links_{}", variant(lang, theme, (width, height)));
                let terminal = draw_test(&mut console.app, width, height);
                let screen = redacted(&screen_text(&terminal), &links_shown(&console.app));
                snap!(name, themed(&name, theme, &terminal, screen));
            }
        }
    }
}
