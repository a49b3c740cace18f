//! The card form: an admin adds or replaces the team's card, or a free
//! person in no team moves to Pro with their own. Only the brand, the last
//! four digits and the expiry are taken; a full card number, typed or
//! pasted, is refused on the spot and its field emptied, so that the number
//! is held nowhere.

use crossterm::event::KeyCode;

use super::{Pressed, Reply};
use crate::domain::Cycle;
use crate::domain::text::holds_card_number;
use crate::sanitize::sentence;
use crate::tui::dialog::{CardField, CardForm, CardPurpose};
use crate::tui::effects::{Effect, Failure};
use crate::tui::i18n::T;
use crate::tui::keymap::KeyAction;
use crate::tui::state::{App, Dialog};
use crate::tui::text_field::{Edit, TextField};
use crate::tui::update::tabs::billing::other_cycle;
use crate::workspace::{BillingRequest, CardDetails, Command, Outcome};

/// Opens the form for the team's card.
pub fn open_team(app: &mut App) -> Vec<Effect> {
    app.dialog = Some(Dialog::Card(CardForm::new(CardPurpose::Team)));
    Vec::new()
}

/// Opens the form that moves a free person to Pro, monthly to begin with.
pub fn open_go_pro(app: &mut App) -> Vec<Effect> {
    let purpose = CardPurpose::GoPro {
        cycle: Cycle::Monthly,
    };
    app.dialog = Some(Dialog::Card(CardForm::new(purpose)));
    Vec::new()
}

/// Tab and Shift-Tab move between the fields, Enter sends, the rest edit the
/// field that has the keys; while sent, only Esc is taken.
pub fn on_key(app: &App, form: &mut CardForm, pressed: &Pressed<'_>) -> Reply {
    match pressed.action {
        Some(KeyAction::Cancel) => Reply::CLOSE,
        _ if form.sending => Reply::STAY,
        Some(KeyAction::NextField) => step_field(form, 1),
        Some(KeyAction::PrevField) => step_field(form, -1),
        Some(KeyAction::Submit) => submit(app, form),
        _ => {
            match (form.field, &mut form.purpose) {
                (CardField::Cycle, CardPurpose::GoPro { cycle }) => {
                    if matches!(
                        pressed.key.code,
                        KeyCode::Left
                            | KeyCode::Right
                            | KeyCode::Up
                            | KeyCode::Down
                            | KeyCode::Char(' ')
                    ) {
                        *cycle = other_cycle(*cycle);
                    }
                }
                (field, _) => {
                    let edit = form
                        .text_mut(field)
                        .map(|area| area.handle_key(pressed.key, &app.keymap));
                    if let Some(Edit::Refused(too_long)) = edit {
                        form.error = Some(too_long.sentence(&app.catalogue));
                    }
                    refuse_card_numbers(app, form);
                }
            }
            Reply::STAY
        }
    }
}

/// Pasted text goes into the field that has the keys, unless it holds a
/// full card number: then it is dropped and the form says why.
pub fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let Some(Dialog::Card(mut form)) = app.dialog.take() else {
        return Vec::new();
    };
    if holds_card_number(text) {
        form.error = Some(app.t(T::CardNumberRefused).to_owned());
    } else if let Some(area) = form.text_mut(form.field) {
        if let Err(too_long) = area.insert_str(text) {
            form.error = Some(too_long.sentence(&app.catalogue));
        }
        refuse_card_numbers(app, &mut form);
    }
    app.dialog = Some(Dialog::Card(form));
    Vec::new()
}

/// Empties every field that has come to hold a full card number (the key
/// just typed may have completed one) and says why.
fn refuse_card_numbers(app: &App, form: &mut CardForm) {
    for area in [&mut form.brand, &mut form.last4, &mut form.expiry] {
        if holds_card_number(&area.text()) {
            area.clear();
            form.error = Some(app.t(T::CardNumberRefused).to_owned());
        }
    }
}

fn step_field(form: &mut CardForm, by: isize) -> Reply {
    let fields = form.fields();
    let at = fields.iter().position(|&f| f == form.field).unwrap_or(0);
    let next = (at as isize + by).rem_euclid(fields.len() as isize) as usize;
    form.field = fields[next];
    Reply::STAY
}

/// "09/2028" → (9, 2028); the workspace checks the ranges.
fn parse_expiry(text: &str) -> Option<(u8, u16)> {
    let (month, year) = text.trim().split_once('/')?;
    Some((month.trim().parse().ok()?, year.trim().parse().ok()?))
}

/// The card as typed, or `None` when nothing was typed; the sentence to
/// show when the expiry cannot be read.
fn card_details(app: &App, form: &CardForm) -> Result<Option<CardDetails>, String> {
    let texts = [&form.brand, &form.last4, &form.expiry].map(TextField::text);
    if texts.iter().all(|text| text.trim().is_empty()) {
        return Ok(None);
    }
    let [brand, last4, expiry] = texts;
    let (expiry_month, expiry_year) =
        parse_expiry(&expiry).ok_or_else(|| app.t(T::CardExpiryFormat).to_owned())?;
    Ok(Some(CardDetails {
        brand,
        last4,
        expiry_month,
        expiry_year,
    }))
}

/// Sends the card (moving to Pro, none means the one on file); the form
/// stays open until the answer, which may refuse it.
fn submit(app: &App, form: &mut CardForm) -> Reply {
    let card = match card_details(app, form) {
        Ok(card) => card,
        Err(sentence) => {
            form.error = Some(sentence);
            return Reply::STAY;
        }
    };
    let command = match (form.purpose, card) {
        (CardPurpose::Team, None) => {
            form.error = Some(app.t(T::CardMissing).to_owned());
            return Reply::STAY;
        }
        (CardPurpose::Team, card) => Command::UpdateBilling(BillingRequest {
            card,
            ..BillingRequest::default()
        }),
        (CardPurpose::GoPro { cycle }, card) => Command::UpgradeAccount { cycle, card },
    };
    form.sending = true;
    form.error = None;
    Reply::Stay(vec![app.execute(command)])
}

/// The answer to a card sent: the form closes when it was taken, and shows
/// the refusal when not. Returns whether the form took the answer.
pub fn on_answer(app: &mut App, result: &Result<Outcome, Failure>) -> bool {
    let Some(Dialog::Card(form)) = &mut app.dialog else {
        return false;
    };
    if !form.sending {
        return false;
    }
    form.sending = false;
    match result {
        Ok(_) => app.dialog = None,
        Err(failure) => form.error = Some(sentence(&failure.message)),
    }
    true
}

#[cfg(test)]
mod tests {
    use super::parse_expiry;

    #[test]
    fn an_expiry_is_a_month_and_a_year() {
        assert_eq!(parse_expiry("09/2028"), Some((9, 2028)));
        assert_eq!(parse_expiry(" 9 / 2028 "), Some((9, 2028)));
        assert_eq!(parse_expiry("0928"), None);
        assert_eq!(parse_expiry("ab/2028"), None);
    }
}
