//! Billing in the console: the Billing tab in both languages and both themes
//! (monochrome snapshots carry where the screen is emphasised, and no cell
//! of theirs is coloured), choosing an invoice and scrolling its lines.

mod console_support;

use crossterm::event::KeyCode;

use console_support::{
    Demo, OWNER, assert_no_colour, draw_test, emphasis, person, screen_text, snap,
};
use teamdesk::billing::format_money;
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::state::Tab;
use teamdesk::tui::theme::ThemeName;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn theme_slug(theme: ThemeName) -> &'static str {
    match theme {
        ThemeName::Default => "default",
        ThemeName::Monochrome => "mono",
    }
}

#[test]
fn the_billing_tab_in_both_languages_and_themes() {
    let demo = Demo::seed();
    for lang in [Lang::En, Lang::Pl] {
        for theme in [ThemeName::Default, ThemeName::Monochrome] {
            for (width, height) in SIZES {
                let mut console = demo.console_in(OWNER, lang, theme, (width, height));
                console.press('4');
                assert_eq!(console.app.tab, Tab::Billing);
                let terminal = draw_test(&mut console.app, width, height);
                let screen = screen_text(&terminal);
                let name = format!(
                    "billing_{}_{}_{width}x{height}",
                    lang.code(),
                    theme_slug(theme)
                );
                if theme == ThemeName::Monochrome {
                    assert_no_colour(&name, &terminal);
                    snap!(name, format!("{screen}\n{}", emphasis(&terminal)));
                } else {
                    snap!(name, screen);
                }
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
    let pages = issued[0].lines.len().div_ceil(console.app.page);
    for _ in 1..pages {
        console.key(KeyCode::PageDown);
    }
    let screen = console.screen(100, 30);
    assert!(screen.contains(&last_words), "{screen}");
    assert!(!screen.contains("PgDn more"), "{screen}");
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
