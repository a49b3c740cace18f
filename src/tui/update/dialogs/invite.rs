//! The invite dialog: addresses typed or pasted, a role, and, once sent, the
//! refused addresses back in it with their reasons.

use crossterm::event::KeyCode;

use super::{Pressed, Reply, preview, role};
use crate::domain::Role;
use crate::domain::text::EMAIL_MAX;
use crate::tui::dialog::CostPreview;
use crate::tui::effects::{Effect, Failure};
use crate::tui::i18n::T;
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Dialog, InviteField};
use crate::tui::text_field::{Edit, Limit, TextField};
use crate::workspace::{Command, CostOf, InviteResult, Outcome};

/// The invite dialog's fields, borrowed while it answers a key.
pub struct Form<'a> {
    pub addresses: &'a mut TextField,
    pub role: &'a mut Role,
    pub field: &'a mut InviteField,
    pub error: &'a mut Option<String>,
    /// Sent, waiting for the answer: only Esc is taken.
    pub sending: &'a mut bool,
    pub cost: &'a mut Option<CostPreview>,
}

/// Each address as long as an address may be; the list as long as a
/// template body (some two thousand addresses).
const ADDRESSES_LIMIT: Limit = Limit::Addresses {
    each: EMAIL_MAX,
    total: 64 * 1024,
};

/// Opens an empty invitation for members.
pub fn open(app: &mut App) -> Vec<Effect> {
    app.dialog = Some(Dialog::Invite {
        addresses: TextField::multi("", ADDRESSES_LIMIT),
        role: Role::Member,
        field: InviteField::Addresses,
        error: None,
        sending: false,
        cost: None,
    });
    Vec::new()
}

/// Tab moves between the fields, Enter sends, the rest edit the field that has the keys.
pub fn on_key(app: &App, form: Form<'_>, pressed: &Pressed<'_>) -> Reply {
    match pressed.action {
        Some(KeyAction::Cancel) => Reply::CLOSE,
        _ if *form.sending => Reply::STAY,
        Some(KeyAction::NextField | KeyAction::PrevField) => {
            *form.field = match form.field {
                InviteField::Addresses => InviteField::Role,
                InviteField::Role => InviteField::Addresses,
            };
            Reply::STAY
        }
        Some(KeyAction::Submit) => send(app, form),
        _ => {
            match form.field {
                InviteField::Addresses => {
                    if let Edit::Refused(too_long) =
                        form.addresses.handle_key(pressed.key, &app.keymap)
                    {
                        *form.error = Some(too_long.sentence(&app.catalogue));
                    }
                }
                InviteField::Role => choose_role(app, form.role, pressed.key.code),
            }
            Reply::Stay(refresh_cost(app, form))
        }
    }
}

/// Pasted addresses go into the list, whichever field had the keys.
pub fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let Some(mut dialog) = app.dialog.take() else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    if let Dialog::Invite {
        addresses,
        role,
        field,
        error,
        sending,
        cost,
    } = &mut dialog
    {
        *field = InviteField::Addresses;
        if let Err(too_long) = addresses.insert_str(text) {
            *error = Some(too_long.sentence(&app.catalogue));
        }
        let form = Form {
            addresses,
            role,
            field,
            error,
            sending,
            cost,
        };
        effects = refresh_cost(app, form);
    }
    app.dialog = Some(dialog);
    effects
}

/// Asks what the invitation would cost when the addresses or the role changed.
fn refresh_cost(app: &App, form: Form<'_>) -> Vec<Effect> {
    let emails = split_addresses(&form.addresses.text());
    let of = (!emails.is_empty()).then_some(CostOf::Invite {
        emails,
        role: *form.role,
    });
    preview::refresh(app, form.cost, of)
}

/// Sends the invitations; the dialog stays until the answer, since refused
/// addresses come back into it.
fn send(app: &App, form: Form<'_>) -> Reply {
    let emails = split_addresses(&form.addresses.text());
    if emails.is_empty() {
        *form.error = Some(app.t(T::DialogInviteAddresses).to_owned());
        return Reply::STAY;
    }
    *form.sending = true;
    *form.error = None;
    Reply::Stay(vec![app.execute(Command::Invite {
        emails,
        role: *form.role,
    })])
}

/// Arrows (and vi keys, Space) move through the roles on offer.
fn choose_role(app: &App, role: &mut Role, code: KeyCode) {
    match code {
        KeyCode::Left | KeyCode::Up | KeyCode::Char('k' | 'h') => {
            *role = role::next(app, *role, false);
        }
        KeyCode::Right | KeyCode::Down | KeyCode::Char('j' | 'l' | ' ') => {
            *role = role::next(app, *role, true);
        }
        _ => {}
    }
}

/// The answer to a sent invitation: the dialog closes when every address was
/// invited; refused addresses stay in it with the reason.
pub fn on_answer(app: &mut App, result: &Result<Outcome, Failure>) {
    let Some(Dialog::Invite {
        addresses,
        error,
        sending: sending @ true,
        ..
    }) = &mut app.dialog
    else {
        return;
    };
    *sending = false;
    match result {
        Ok(Outcome::Invited(results)) => {
            let refused: Vec<(&str, &str)> = results
                .iter()
                .filter_map(|r| match r {
                    InviteResult::Refused { email, error, .. } => {
                        Some((email.as_str(), error.as_str()))
                    }
                    InviteResult::Invited(_) => None,
                })
                .collect();
            if refused.is_empty() {
                app.dialog = None;
            } else {
                let emails: Vec<&str> = refused.iter().map(|(email, _)| *email).collect();
                *addresses = TextField::multi(&emails.join("\n"), ADDRESSES_LIMIT);
                let reasons: Vec<String> = refused
                    .iter()
                    .map(|&(email, why)| refusal(email, why))
                    .collect();
                *error = Some(reasons.join("\n"));
            }
        }
        Ok(_) => app.dialog = None,
        Err(failure) => *error = Some(failure.message.clone()),
    }
}

/// One refused address's line: the reason, which names the address as the
/// workspace spelled it, else the address before it.
fn refusal(email: &str, why: &str) -> String {
    if why.to_lowercase().contains(&email.to_lowercase()) {
        why.to_owned()
    } else {
        format!("{email}: {why}")
    }
}

/// Splits pasted or typed addresses on line breaks, spaces, commas and semicolons.
pub fn split_addresses(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}
