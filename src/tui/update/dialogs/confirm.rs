//! The one confirmation every destructive or weighty action goes through:
//! yes or no, or (to delete a team) the team's name typed in full.

use super::{Pressed, Reply, preview};
use crate::domain::text::TEAM_NAME_MAX;
use crate::sanitize::line;
use crate::tui::dialog::CostPreview;
use crate::tui::effects::Effect;
use crate::tui::i18n::T;
use crate::tui::keymap::KeyAction;
use crate::tui::list::ListNav;
use crate::tui::state::{App, Dialog};
use crate::tui::text_field::{Edit, Limit, TextField};
use crate::workspace::{Command, CostOf};

/// Asks for a yes before `command`; the title and body name the person,
/// address or team given as `(placeholder, value)`.
pub fn ask(app: &mut App, words: (T, T), named: (&str, &str), command: Command) {
    open(app, words, named, command, (None, None));
}

/// As [`ask`], saying as well what the change would do to the next invoice
/// (asked for with the effects returned).
pub fn ask_costed(
    app: &mut App,
    words: (T, T),
    named: (&str, &str),
    (command, of): (Command, CostOf),
) -> Vec<Effect> {
    let (cost, effects) = preview::ask(app, of);
    open(app, words, named, command, (None, cost));
    effects
}

/// Asks for a yes before `command`, in words already filled in (they name
/// no user text).
pub fn ask_worded(app: &mut App, (title, body): (String, String), command: Command) {
    app.dialog = Some(Dialog::Confirm {
        title,
        body: vec![body],
        command,
        typed: None,
        error: None,
        cost: None,
        bulk: None,
    });
}

/// Asks for one yes before every command of a bulk action on marked rows;
/// the body's paragraphs may hold user text (the dialog sanitises them).
pub fn ask_bulk(app: &mut App, (title, body): (String, Vec<String>), commands: Vec<Command>) {
    let mut commands = commands.into_iter();
    let Some(command) = commands.next() else {
        return;
    };
    app.dialog = Some(Dialog::Confirm {
        title,
        body,
        command,
        typed: None,
        error: None,
        cost: None,
        bulk: Some(commands.collect()),
    });
}

/// Asks for the team's name, typed in full, before `command`.
pub fn ask_typed(app: &mut App, words: (T, T), team: String, command: Command) {
    let typed = Some((
        team.clone(),
        TextField::single("", Limit::Chars(TEAM_NAME_MAX)),
    ));
    open(app, words, ("team", &team), command, (typed, None));
}

/// The value is sanitised here once, for the title and the body.
fn open(
    app: &mut App,
    (title, body): (T, T),
    (placeholder, value): (&str, &str),
    command: Command,
    (typed, cost): (Option<(String, TextField)>, Option<CostPreview>),
) {
    let value = line(value);
    let title = app.catalogue.fill(title, &[(placeholder, &value)]);
    let body = app.catalogue.fill(body, &[(placeholder, &value)]);
    app.dialog = Some(Dialog::Confirm {
        title,
        body: vec![body],
        command,
        typed,
        error: None,
        cost,
        bulk: None,
    });
}

/// Yes carries the command out (with the rest of a bulk action, whose
/// marks it clears); No closes; other keys wait.
pub fn on_yes_no(
    app: &mut App,
    command: &Command,
    bulk: Option<&Vec<Command>>,
    pressed: &Pressed<'_>,
) -> Reply {
    match pressed.action {
        Some(KeyAction::Yes) => {
            let mut effects = vec![app.execute(command.clone())];
            if let Some(rest) = bulk {
                effects.extend(rest.iter().map(|command| app.execute(command.clone())));
                app.lists.invitations.clear_marks();
            }
            Reply::Close(effects)
        }
        Some(KeyAction::No) => Reply::CLOSE,
        _ => Reply::STAY,
    }
}

/// Enter carries the command out only when the expected text was typed; the
/// other keys edit it.
pub fn on_typed(
    app: &App,
    command: &Command,
    (expected, input): (&str, &mut TextField),
    error: &mut Option<String>,
    pressed: &Pressed<'_>,
) -> Reply {
    match pressed.action {
        Some(KeyAction::Cancel) => Reply::CLOSE,
        Some(KeyAction::Submit) if input.text() == expected => {
            Reply::Close(vec![app.execute(command.clone())])
        }
        Some(KeyAction::Submit) => {
            // The dialog asks for the name already: say only what was wrong.
            *error = Some(app.t(T::ConfirmDeleteTeamWrong).to_owned());
            Reply::STAY
        }
        _ => {
            if let Edit::Refused(too_long) = input.handle_key(pressed.key, &app.keymap) {
                *error = Some(too_long.sentence(&app.catalogue));
            }
            Reply::STAY
        }
    }
}
