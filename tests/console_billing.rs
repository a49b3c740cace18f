//! Billing in the console: the Billing tab in both languages and both themes
//! (monochrome snapshots carry where the screen is emphasised, and no cell
//! of theirs is coloured), choosing an invoice and scrolling its lines, and
//! the cost previews before a change, checked against the workspace's own
//! `cost_of`, with what the change did said after it, and the end of the
//! trial announced under the header.

mod console_support;

use crossterm::event::KeyCode;

use console_support::{
    Console, Demo, MEMBER, OWNER, PRO_OWNER, draw_test, emphasis, person, screen_text, snap,
    snap_screen, variant,
};
use teamdesk::billing::format_money;
use teamdesk::domain::{Role, TeamKind};
use teamdesk::tui::effects::{ForEach, Msg};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::state::{Dialog, Tab};
use teamdesk::tui::theme::ThemeName;
use teamdesk::tui::update::split_addresses;
use teamdesk::workspace::{
    BillingEffect, BillingRequest, CardDetails, Command, CostOf, TeamChoice,
};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn the_billing_tab_in_both_languages_and_themes() {
    let demo = Demo::seed();
    for lang in [Lang::En, Lang::Pl] {
        for theme in [ThemeName::Default, ThemeName::Monochrome] {
            for (width, height) in SIZES {
                let mut console = demo.console_in(OWNER, lang, theme, (width, height));
                console.press('4');
                assert_eq!(console.app.tab, Tab::Billing);
                let name = format!("billing_{}", variant(lang, theme, (width, height)));
                snap_screen!(console, name, theme, (width, height));
            }
        }
    }
}

/// At 120×40 both charts are drawn and their numbers written out; at 80×24
/// there is no room and they are left out.
#[test]
fn the_charts_show_when_there_is_room_with_their_numbers() {
    let demo = Demo::seed();
    let totals = demo
        .workspace
        .billing(&person(OWNER))
        .unwrap()
        .recent_totals;
    assert!(!totals.is_empty(), "the demo has issued invoices");
    let mut console = demo.console(OWNER, Lang::En, (120, 40));
    console.press('4');
    let screen = console.screen(120, 40);
    assert!(screen.contains("Invoice totals (USD)"), "{screen}");
    for invoice in &totals {
        assert!(
            screen.contains(&format_money(invoice.total)),
            "the total {} is written on its bar:\n{screen}",
            invoice.total
        );
    }
    assert!(screen.contains("Billable seats this period"), "{screen}");
    assert!(
        screen.contains("9 today · lowest 9 · highest 9"),
        "{screen}"
    );
    let small = console.screen(80, 24);
    assert!(!small.contains("Invoice totals"), "{small}");
}

#[test]
fn choosing_an_issued_invoice_shows_its_lines_and_page_down_scrolls_them() {
    let demo = Demo::seed();
    let issued = demo.workspace.invoices(&person(OWNER), 10).unwrap();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('4');
    let screen = console.screen(100, 30);
    assert!(screen.contains("Next invoice (preview)"), "{screen}");
    assert!(screen.contains("▶2026-11-28  next · preview"), "{screen}");

    // j chooses the newest issued invoice.
    console.press('j');
    let (shown, next) = console.app.invoice_shown().unwrap();
    assert!(!next);
    assert_eq!(shown, &issued[0]);
    let screen = console.screen(100, 30);
    let title = format!("Invoice of {}", issued[0].period.start.format("%Y-%m-%d"));
    assert!(screen.contains(&title), "{screen}");
    let total = format!("{} USD", format_money(issued[0].total));
    assert!(screen.contains(&total), "{screen}");

    // Its last line is below the fold; Page Down brings it into view, a
    // page at a time, and then no more is offered.
    let last = issued[0].lines.last().unwrap();
    let last_words = format!(
        "{} joined {}",
        last.seat.as_ref().unwrap().name,
        last.from.format("%Y-%m-%d")
    );
    assert!(screen.contains("PgDn more"), "{screen}");
    assert!(!screen.contains(&last_words), "{screen}");
    let pages = issued[0].lines.len().div_ceil(console.app.screen.page);
    for _ in 1..pages {
        console.key(KeyCode::PageDown);
    }
    let screen = console.screen(100, 30);
    assert!(screen.contains(&last_words), "{screen}");
    assert!(!screen.contains("PgDn more"), "{screen}");
    // Paging on stops at the last page, so one Page Up goes back at once.
    console.key(KeyCode::PageDown);
    let last_page = issued[0].lines.len() - console.app.screen.page;
    assert_eq!(console.app.invoice.scroll, last_page);
    console.key(KeyCode::PageUp);
    assert!(console.screen(100, 30).contains("PgDn more"));

    // G and g go to the oldest and back to the next invoice, from the top.
    console.press('G');
    assert_eq!(console.app.invoice.selected, issued.len());
    assert_eq!(console.app.invoice.scroll, 0);
    console.press('g');
    assert!(console.app.invoice_shown().unwrap().1);
}

/// Narrower than 80 columns the summary and the invoices take turns: Enter
/// shows the invoices, Esc the summary again.
#[test]
fn a_narrow_terminal_shows_the_invoices_on_enter() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (64, 18));
    console.press('4');
    let screen = console.screen(64, 18);
    assert!(screen.contains("Paid through"), "{screen}");
    assert!(screen.contains("Enter invoices"), "{screen}");
    assert!(!screen.contains("next · preview"), "{screen}");
    console.key(KeyCode::Enter);
    let screen = console.screen(64, 18);
    assert!(!screen.contains("Paid through"), "{screen}");
    snap!("billing_en_64x18_invoices", screen);
    console.key(KeyCode::Esc);
    assert!(console.screen(64, 18).contains("Paid through"));
}

/// The cost preview the open dialog shows, once its answer has come.
fn previewed(console: &Console) -> BillingEffect {
    let cost = match &console.app.dialog {
        Some(
            Dialog::Invite { cost, .. }
            | Dialog::Confirm { cost, .. }
            | Dialog::ChangeRole { cost, .. },
        ) => cost.clone(),
        other => panic!("no dialog with a cost preview: {other:?}"),
    };
    match cost.and_then(|preview| preview.effect) {
        Some(Ok(effect)) => effect,
        other => panic!("no preview answered: {other:?}"),
    }
}

/// "6.39 USD", as the previews write amounts.
fn usd(minor: i64) -> String {
    format!("{} USD", format_money(minor.abs()))
}

/// The invite dialog previews what `cost_of` says, counting only the
/// addresses that would add a seat (not a member, not one invited already,
/// not one listed twice), in the singular or the plural, and nothing for
/// assistants.
#[test]
fn the_invite_preview_counts_only_addresses_that_add_a_seat() {
    let demo = Demo::seed();
    let owner = person(OWNER);
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('i');
    console.type_text("solo@x.example");
    let one = CostOf::Invite {
        emails: vec!["solo@x.example".into()],
        role: Role::Member,
    };
    let expected = demo.workspace.cost_of(&owner, &one).unwrap();
    assert_eq!(previewed(&console), expected);
    assert_eq!(expected.seats, 1);
    let screen = console.screen(100, 30);
    let line = format!(
        "+1 billed seat at 99.00 USD per month: {}",
        usd(expected.amount)
    );
    assert!(screen.contains(&line), "{screen}");

    // A member, an address invited already and a repeat add no seat.
    console
        .paste("\nnew.two@x.example, priya.shah@bondi.example; locum@bondi.example solo@x.example");
    let Some(Dialog::Invite { addresses, .. }) = &console.app.dialog else {
        panic!("the invite dialog stays open");
    };
    let all = CostOf::Invite {
        emails: split_addresses(&addresses.text()),
        role: Role::Member,
    };
    let expected = demo.workspace.cost_of(&owner, &all).unwrap();
    assert_eq!(expected.seats, 2);
    assert_eq!(previewed(&console), expected);
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("+2 billed seats at 99.00 USD per month"),
        "{screen}"
    );
    assert!(screen.contains(&usd(expected.amount)), "{screen}");

    // Assistants are free.
    console.key(KeyCode::Tab);
    console.key(KeyCode::Right);
    assert_eq!(previewed(&console).seats, 0);
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("No change to the 2026-11-28 invoice"),
        "{screen}"
    );
}

/// An answer about what was typed before arrives after a newer one: it is
/// dropped, not shown.
#[test]
fn a_late_preview_of_older_addresses_is_dropped() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('i');
    console.type_text("a@x.example");
    let current = previewed(&console);
    let older = CostOf::Invite {
        emails: vec!["a@x.exampl".into()],
        role: Role::Member,
    };
    let stale = BillingEffect {
        seats: 7,
        amount: 777,
        ..current.clone()
    };
    console.send(Msg::Previewed(older, Ok(stale)));
    assert_eq!(previewed(&console), current);
}

/// Removing a member: the question states the credit `cost_of` gives, and
/// once done the toast says what happened to the next invoice.
#[test]
fn removing_a_member_states_the_credit_before_and_after() {
    let demo = Demo::seed();
    let email = "tom.nguyen@bondi.example";
    let of = CostOf::RemoveMember {
        email: email.into(),
    };
    let expected = demo.workspace.cost_of(&person(OWNER), &of).unwrap();
    assert_eq!((expected.seats, expected.amount.signum()), (-1, -1));
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('/');
    console.type_text("nguyen");
    console.key(KeyCode::Enter);
    console.press('d');
    assert_eq!(previewed(&console), expected);
    let screen = console.screen(100, 30);
    let credit = format!("credit {} on the", usd(expected.amount));
    assert!(screen.contains(&credit), "{screen}");
    let credit = format!("credit {} on the 2026-11-28 invoice", usd(expected.amount));
    console.press('y');
    let toast = &console.app.toasts.last().unwrap().text;
    assert_eq!(toast, &format!("removed {email}: {credit}"));
}

/// A role change previews each other role: a member made an assistant frees
/// a seat; back to their own role, nothing to preview.
#[test]
fn a_role_change_previews_the_seat_it_frees() {
    let demo = Demo::seed();
    let email = "ana.kowalska@bondi.example";
    let of = CostOf::ChangeRole {
        email: email.into(),
        role: Role::Assistant,
    };
    let expected = demo.workspace.cost_of(&person(OWNER), &of).unwrap();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('/');
    console.type_text("kowalska");
    console.key(KeyCode::Enter);
    console.press('r');
    console.key(KeyCode::Down);
    assert_eq!(previewed(&console), expected);
    assert_eq!(expected.seats, -1);
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("−1 billed seat at 99.00 USD per month"),
        "{screen}"
    );
    console.key(KeyCode::Up);
    assert!(matches!(
        console.app.dialog,
        Some(Dialog::ChangeRole { cost: None, .. })
    ));
    console.key(KeyCode::Down);
    console.key(KeyCode::Enter);
    let toast = &console.app.toasts.last().unwrap().text;
    let credit = format!("credit {} on the 2026-11-28 invoice", usd(expected.amount));
    assert!(toast.ends_with(&credit), "{toast}");
}

/// Upgrading says what starts: the first time a free trial at the Pro rate
/// (nothing on the invoice), after a trial Clinic billing from today, at the
/// price `cost_of` gives.
#[test]
fn upgrade_and_downgrade_say_what_they_start_and_cost() {
    let demo = Demo::seed();
    let owner = person(PRO_OWNER);
    let mut console = demo.console(PRO_OWNER, Lang::En, (100, 30));
    console.press('4');
    console.press('u');
    assert_eq!(previewed(&console).amount, 0);
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("A 14-day free Clinic trial starts today"),
        "{screen}"
    );
    assert!(screen.contains("billed at the Pro"), "{screen}");
    console.press('y');
    let toast = &console.app.toasts.last().unwrap().text;
    assert!(
        toast.starts_with("Clinic trial started: 14 days left"),
        "{toast}"
    );

    console.press('w');
    let expected = demo.workspace.cost_of(&owner, &CostOf::Downgrade).unwrap();
    assert_eq!(previewed(&console), expected);
    console.press('y');

    console.press('u');
    let expected = demo.workspace.cost_of(&owner, &CostOf::Upgrade).unwrap();
    assert!(expected.amount > 0, "after the trial, Clinic costs more");
    assert_eq!(previewed(&console), expected);
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("The team has had its free trial"),
        "{screen}"
    );
    assert!(screen.contains(&usd(expected.amount)), "{screen}");
    console.press('y');
    let toast = &console.app.toasts.last().unwrap().text;
    let change = format!("{} on the 2027-10-07 invoice", usd(expected.amount));
    assert_eq!(toast, &format!("Coastal GP is on Clinic now: {change}"));

    // Already on Clinic: nothing to confirm, and the workspace says why.
    console.press('u');
    assert!(console.app.dialog.is_none());
    let toast = &console.app.toasts.last().unwrap().text;
    assert!(toast.contains("already on the Clinic plan"), "{toast}");
}

/// The previews in Polish, counted with Polish plurals and written with a
/// decimal comma, in the invite and remove dialogs.
#[test]
fn the_previews_in_polish() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::Pl, (80, 24));
    console.press('i');
    console.type_text("solo@x.example");
    assert!(
        console
            .screen(80, 24)
            .contains("+1 płatne miejsce po 99,00 USD za miesiąc")
    );
    console.paste("\nduo@x.example");
    let screen = console.screen(80, 24);
    assert!(
        screen.contains("+2 płatne miejsca po 99,00 USD za miesiąc"),
        "{screen}"
    );
    snap!("invite_cost_pl_80x24", screen);
    console.key(KeyCode::Esc);
    console.press('/');
    console.type_text("nguyen");
    console.key(KeyCode::Enter);
    console.press('d');
    let screen = console.screen(80, 24);
    assert!(
        screen.contains("−1 płatne miejsce po 99,00 USD za miesiąc: odliczenie"),
        "{screen}"
    );
    snap!("remove_cost_pl_80x24", screen);
}

/// Two weeks on the demo's clock: the trial ends while the console is open.
fn end_the_trial(console: &mut Console) {
    console.app.demo = Some(teamdesk::demo::cast());
    console.key(KeyCode::F(4));
    console.key(KeyCode::F(4));
}

/// The end of the trial is announced under the header to those who see
/// billing, stays while the console reloads, and goes when dismissed.
#[test]
fn the_trial_end_is_announced_to_admins_until_dismissed() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    assert!(console.app.trial_end_shown().is_none(), "the trial runs");
    end_the_trial(&mut console);
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("! The Clinic trial ended on 2026-12-10 with no card on file"),
        "{screen}"
    );
    assert!(screen.contains("^x dismiss"), "{screen}");
    snap!("trial_ended_en_100x30", screen);

    // Not for those who do not see billing.
    let mut member = demo.console(MEMBER, Lang::En, (100, 30));
    assert!(member.app.trial_end_shown().is_none());
    assert!(!member.screen(100, 30).contains("trial ended"));

    // A console opened later in the week announces it too, in Polish here.
    let mut polish = demo.console_in(OWNER, Lang::Pl, ThemeName::Monochrome, (80, 24));
    let terminal = draw_test(&mut polish.app, 80, 24);
    let screen = screen_text(&terminal);
    assert!(
        screen.contains("Okres próbny planu Przychodnia skończył się"),
        "{screen}"
    );
    snap!(
        "trial_ended_pl_mono_80x24",
        format!("{screen}\n{}", emphasis(&terminal))
    );

    console.ctrl('x');
    assert!(console.app.trial_end_shown().is_none());
    console.send(Msg::Changed(None, ForEach::ALL));
    assert!(
        console.app.trial_end_shown().is_none(),
        "a reload does not bring it back"
    );
    assert!(!console.screen(100, 30).contains("trial ended"));
}

/// With a card on file the team stays on Clinic, and the banner says so;
/// once the plan changes again the news is over.
#[test]
fn a_trial_ending_with_a_card_keeps_clinic_and_a_later_plan_change_ends_the_news() {
    let demo = Demo::seed();
    let card = CardDetails {
        brand: "visa".into(),
        last4: "4242".into(),
        expiry_month: 9,
        expiry_year: 2028,
    };
    demo.execute(
        OWNER,
        Command::UpdateBilling(BillingRequest {
            card: Some(card),
            ..BillingRequest::default()
        }),
    );
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    end_the_trial(&mut console);
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("the card on file keeps the team on Clinic"),
        "{screen}"
    );
    // Back to Pro (its assistants removed first, as a downgrade asks).
    let members = demo.workspace.members(&person(OWNER), &TeamChoice::Own);
    for assistant in members
        .unwrap()
        .iter()
        .filter(|m| m.role == Role::Assistant)
    {
        let email = assistant.email.clone();
        demo.execute(OWNER, Command::RemoveMember { email });
    }
    console.press('4');
    console.press('w');
    console.press('y');
    assert_eq!(console.app.team_shown().unwrap().kind, TeamKind::Pro);
    assert!(console.app.trial_end_shown().is_none(), "back on Pro since");
}
