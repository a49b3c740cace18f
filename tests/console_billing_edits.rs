//! Editing billing from the console: the card (a full card number refused
//! on the spot and held nowhere), the billing email, the cycle from the next
//! invoice, and a free person in no team moving to Pro with their own card.

mod console_support;

use crossterm::event::KeyCode;

use console_support::{Console, Demo, MEMBER, OWNER, footer, person, snap};
use teamdesk::domain::{Cycle, Language};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::state::Dialog;
use teamdesk::workspace::{BillingRequest, CardDetails, Command, TeamChoice};

const SIZE: (u16, u16) = (100, 30);
const FREE: &str = "james.ortiz@gmail.example";

/// The longest run of digits in `text`, spaces and dashes between them
/// included (as a card number is written).
fn longest_digit_run(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        match c {
            '0'..='9' => {
                run += 1;
                longest = longest.max(run);
            }
            ' ' | '-' if run > 0 => {}
            _ => run = 0,
        }
    }
    longest
}

/// Nothing the console holds (the open dialog, the toasts) keeps a card number.
fn assert_no_card_number(console: &Console) {
    let held = format!("{:?} {:?}", console.app.dialog, console.app.toasts);
    assert!(
        longest_digit_run(&held) < 13,
        "a card number is held: {held}"
    );
}

/// Types each of `fields`, pressing Tab between them.
fn fill(console: &mut Console, fields: &[&str]) {
    for (index, text) in fields.iter().enumerate() {
        if index > 0 {
            console.key(KeyCode::Tab);
        }
        console.type_text(text);
    }
}

fn card_error(console: &Console) -> Option<String> {
    match &console.app.dialog {
        Some(Dialog::Card(form)) => form.error.clone(),
        other => panic!("the card form is not open: {other:?}"),
    }
}

fn billing_card(demo: &Demo) -> Option<String> {
    demo.workspace
        .billing(&person(OWNER))
        .unwrap()
        .payment_method
}

#[test]
fn a_full_card_number_is_refused_on_the_spot_and_only_the_last_four_kept() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('4');
    console.press('c');
    console.type_text("visa");
    console.key(KeyCode::Tab);

    // Typed: the field is emptied as soon as it holds a card number.
    console.type_text("4242 4242 4242 4242");
    assert!(card_error(&console).unwrap().contains("full card number"));
    assert_no_card_number(&console);
    let screen = console.screen(SIZE.0, SIZE.1);
    assert!(
        screen.contains("That looks like a full card number: teamdesk never takes one"),
        "{screen}"
    );

    // Pasted: never inserted.
    console.ctrl('u');
    console.paste("4111-1111-1111-1111");
    let Some(Dialog::Card(form)) = &console.app.dialog else {
        panic!("the form stays open");
    };
    assert_eq!(form.last4.text(), "");
    assert_no_card_number(&console);
    snap!("card_refused_en_80x24", console.screen(80, 24));

    // The last four digits and the expiry are taken.
    console.type_text("4242");
    console.key(KeyCode::Tab);
    console.type_text("09/2028");
    console.key(KeyCode::Enter);
    assert!(console.app.dialog.is_none(), "the card was taken");
    let card = "visa ending 4242, expires 09/2028";
    assert_eq!(billing_card(&demo).as_deref(), Some(card));
    let toast = &console.app.toasts.last().unwrap().text;
    assert_eq!(toast, &format!("card on file: {card}"));
    assert!(console.screen(SIZE.0, SIZE.1).contains(card));
}

/// What cannot be taken is said in the form, which keeps what was typed.
#[test]
fn a_card_refused_stays_in_its_form_with_the_reason() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('4');
    console.press('c');
    console.key(KeyCode::Enter);
    assert_eq!(
        card_error(&console).as_deref(),
        Some("Give the card's brand, last 4 digits and expiry.")
    );
    fill(&mut console, &["visa", "4242", "0928"]);
    console.key(KeyCode::Enter);
    assert_eq!(
        card_error(&console).as_deref(),
        Some("The expiry is a month and a year, such as 09/2028.")
    );
    console.ctrl('u');
    console.type_text("01/2020");
    console.key(KeyCode::Enter);
    assert_eq!(
        card_error(&console).as_deref(),
        Some("That card expired in 01/2020.")
    );
    assert!(console.app.toasts.is_empty(), "said in the form only");
    assert_eq!(billing_card(&demo), None);
    console.key(KeyCode::Esc);
    assert!(console.app.dialog.is_none());
}

#[test]
fn the_cycle_changes_from_the_next_invoice_and_the_change_can_be_called_off() {
    let demo = Demo::seed();
    let next_cycle = || demo.workspace.billing(&person(OWNER)).unwrap().next_cycle;
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('4');
    console.press('y');
    let screen = console.screen(SIZE.0, SIZE.1);
    assert!(screen.contains("Switch to yearly billing?"), "{screen}");
    assert!(
        screen.contains("From the 2026-11-28 invoice the billing cycle is yearly"),
        "{screen}"
    );
    assert_eq!(next_cycle(), None, "nothing changes before yes");
    console.press('y');
    assert_eq!(next_cycle(), Some(Cycle::Yearly));
    let toast = &console.app.toasts.last().unwrap().text;
    assert_eq!(toast, "billing is yearly from 2026-11-28");
    let screen = console.screen(SIZE.0, SIZE.1);
    assert!(
        screen.contains("monthly, yearly from 2026-11-28"),
        "{screen}"
    );

    console.press('y');
    assert!(
        console
            .screen(SIZE.0, SIZE.1)
            .contains("Keep monthly billing?")
    );
    console.press('y');
    assert_eq!(next_cycle(), None);
    let toast = &console.app.toasts.last().unwrap().text;
    assert_eq!(toast, "billing stays monthly");
}

#[test]
fn the_billing_email_is_set_and_a_card_number_there_is_cleared() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('4');
    console.press('e');
    console.paste("5555 5555 5555 4444");
    let Some(Dialog::Prompt { input, .. }) = &console.app.dialog else {
        panic!("the billing email prompt is open");
    };
    assert_eq!(input.text(), "");
    assert_no_card_number(&console);
    console.type_text("accounts@bondi.example");
    console.key(KeyCode::Enter);
    let billing = demo.workspace.billing(&person(OWNER)).unwrap();
    assert_eq!(
        billing.billing_email.as_deref(),
        Some("accounts@bondi.example")
    );
    let toast = &console.app.toasts.last().unwrap().text;
    assert_eq!(toast, "invoices go to accounts@bondi.example");
}

#[test]
fn the_team_email_language_switches_and_members_may_not() {
    let demo = Demo::seed();
    let language = || {
        demo.workspace
            .team(&person(OWNER), &TeamChoice::Own)
            .unwrap()
            .language
    };
    let mut console = demo.console(OWNER, Lang::En, SIZE);
    console.press('4');
    assert!(
        console
            .screen(SIZE.0, SIZE.1)
            .contains("Email language  English")
    );
    console.press('L');
    assert_eq!(language(), Language::Pl);
    let toast = &console.app.toasts.last().unwrap().text;
    assert_eq!(toast, "invitation emails are now in Polish");
    assert!(
        console
            .screen(SIZE.0, SIZE.1)
            .contains("Email language  Polish")
    );

    let mut member = demo.console(MEMBER, Lang::En, SIZE);
    member.press('4');
    member.press('L');
    assert_eq!(language(), Language::Pl, "a member changes nothing");
}

#[test]
fn the_card_on_file_is_worded_in_the_consoles_language() {
    let demo = Demo::seed();
    let card = CardDetails {
        brand: "visa".into(),
        last4: "4242".into(),
        expiry_month: 9,
        expiry_year: 2028,
    };
    let request = BillingRequest {
        card: Some(card),
        ..BillingRequest::default()
    };
    demo.workspace
        .execute(&person(OWNER), Command::UpdateBilling(request))
        .unwrap();
    let mut console = demo.console(OWNER, Lang::Pl, SIZE);
    console.press('4');
    let screen = console.screen(SIZE.0, SIZE.1);
    assert!(
        screen.contains("visa, końcówka 4242, ważna do") && screen.contains("09/2028"),
        "{screen}"
    );
    assert!(!screen.contains("ending"), "{screen}");
}

#[test]
fn members_are_offered_no_billing_edits() {
    let demo = Demo::seed();
    let mut console = demo.console(MEMBER, Lang::En, SIZE);
    console.press('4');
    for key in ['c', 'e', 'y', 'p'] {
        console.press(key);
        assert!(console.app.dialog.is_none(), "{key} opens nothing");
    }
    let hints = footer(&console.screen(SIZE.0, SIZE.1));
    assert!(
        !hints.contains("card") && !hints.contains("cycle"),
        "{hints}"
    );
}

#[test]
fn a_free_person_in_no_team_moves_to_pro_with_their_own_card() {
    let demo = Demo::seed();
    let mut console = demo.console(FREE, Lang::En, (80, 24));
    let screen = console.screen(80, 24);
    assert!(screen.contains("You are not in a team."), "{screen}");
    console.press('4');
    let screen = console.screen(80, 24);
    assert!(
        screen.contains("Your plan") && screen.contains("Free"),
        "{screen}"
    );
    assert!(footer(&screen).contains("p move to Pro"), "{screen}");

    console.press('p');
    console.key(KeyCode::Right);
    snap!("go_pro_en_80x24", console.screen(80, 24));
    console.key(KeyCode::Tab);
    fill(&mut console, &["mastercard", "5555", "12/2029"]);
    console.key(KeyCode::Enter);
    assert!(console.app.dialog.is_none(), "moved to Pro");
    let me = demo.workspace.account(&person(FREE)).unwrap();
    assert_eq!(me.plan, "pro (yearly)");
    let card = "mastercard ending 5555, expires 12/2029";
    assert_eq!(me.payment_method.as_deref(), Some(card));
    let toast = &console.app.toasts.last().unwrap().text;
    assert_eq!(toast, &format!("you are on Pro (yearly), paid with {card}"));

    // On Pro already: no longer offered.
    let screen = console.screen(80, 24);
    assert!(screen.contains("Pro (yearly)"), "{screen}");
    assert!(!footer(&screen).contains("move to Pro"), "{screen}");
    console.press('p');
    assert!(console.app.dialog.is_none());
}

#[test]
fn moving_to_pro_in_polish() {
    let demo = Demo::seed();
    let mut console = demo.console(FREE, Lang::Pl, (80, 24));
    console.press('4');
    snap!("personal_plan_pl_80x24", console.screen(80, 24));
    console.press('p');
    snap!("go_pro_pl_80x24", console.screen(80, 24));
}
