//! The Activity tab words what each audit entry says happened in the
//! console's language: entries written by real commands read in Polish in
//! a Polish console (counts in their plural forms, amounts with a decimal
//! comma, ISO days) and in English in an English one, in the list and in
//! an entry's detail.

mod console_support;

use crossterm::event::KeyCode;

use console_support::{Console, Demo, MEMBER, OWNER, joined_rows, snap_screen};
use teamdesk::domain::{AuditAction, Cycle, Language, Role};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::list::ListNav;
use teamdesk::tui::state::Tab;
use teamdesk::tui::theme::ThemeName;
use teamdesk::workspace::{BillingRequest, CardDetails, Command, TeamSettings};

/// Wide enough for most details whole in their column.
const SIZE: (u16, u16) = (180, 50);

/// The demo store, with more changes made through the workspace on top of
/// those its seeding made: billing, the team's settings, a role, a template
/// deleted.
fn demo_with_changes() -> Demo {
    let demo = Demo::seed();
    let billing = BillingRequest {
        card: Some(CardDetails {
            brand: "visa".into(),
            last4: "4242".into(),
            expiry_month: 9,
            expiry_year: 2028,
        }),
        billing_email: Some("accounts@bondi.example".into()),
        cycle: Some(Cycle::Yearly),
    };
    demo.execute(OWNER, Command::UpdateBilling(billing));
    let settings = TeamSettings {
        name: Some("Bondi GP".into()),
        session_sharing: Some(true),
        language: Some(Language::Pl),
    };
    demo.execute(OWNER, Command::ChangeSettings(settings));
    let role = Command::ChangeRole {
        email: MEMBER.into(),
        role: Role::TemplateManager,
    };
    demo.execute(OWNER, role);
    let template = Command::RemoveTemplate {
        name: "Referral letter".into(),
    };
    demo.execute(OWNER, template);
    demo
}

/// The Activity tab of the owner's console in `lang`.
fn activity(demo: &Demo, lang: Lang) -> Console {
    let mut console = demo.console(OWNER, lang, SIZE);
    console.press('5');
    assert_eq!(console.app.tab, Tab::Activity);
    console
}

/// Opens the detail of the newest entry of `action`.
fn open_newest(console: &mut Console, action: AuditAction) {
    let list = &mut console.app.lists.activity;
    list.select_first();
    while list
        .selected_row()
        .is_some_and(|entry| entry.action != action)
    {
        list.move_by(1);
    }
    assert_eq!(list.selected_row().map(|entry| entry.action), Some(action));
    console.key(KeyCode::Enter);
}

#[test]
fn a_polish_console_words_every_entrys_details_in_polish() {
    let demo = demo_with_changes();
    let mut console = activity(&demo, Lang::Pl);
    let screen = joined_rows(&console.screen(SIZE.0, SIZE.1));
    for polish in [
        "zaproszenie jako członek; link ważny do 2026-",
        "rola: członek → menedżer szablonów",
        "usunięty w wersji 1",
        "poprzednia nazwa: „Bondi Family Practice”",
        "udostępnianie sesji: włączone",
        "język e-maili z zaproszeniami: polski",
        "karta: visa, końcówka 4242",
        "dołączenie jako ",
        "wersja 1 → 2, 358 bajtów",
    ] {
        assert!(screen.contains(polish), "{polish:?}:\n{screen}");
    }
    for english in [
        "invited as",
        "link valid until",
        "joined as",
        "link opened by",
        "version",
        "bytes",
        "role member",
        "renamed from",
        "session sharing",
        "payment method",
    ] {
        assert!(!screen.contains(english), "{english:?}:\n{screen}");
    }
    snap_screen!(console, "activity_pl_180x50", ThemeName::Default, SIZE);

    // An invoice in detail: its period in ISO days, the amount with a
    // decimal comma, the billed seats in their plural form.
    open_newest(&mut console, AuditAction::InvoiceIssue);
    let pane = joined_rows(&console.screen(SIZE.0, SIZE.1));
    let invoice = "faktura za 2026-10-28\u{a0}–\u{a0}2026-11-27: 1518,00 USD, 9 płatnych miejsc, dla olivia.owner@bondi.example";
    assert!(pane.contains(invoice), "{pane}");
    snap_screen!(
        console,
        "invoice_detail_pl_180x50",
        ThemeName::Default,
        SIZE
    );
}

#[test]
fn an_english_console_words_them_in_english() {
    let demo = demo_with_changes();
    let mut console = activity(&demo, Lang::En);
    let screen = joined_rows(&console.screen(SIZE.0, SIZE.1));
    for english in [
        "invited as member; link valid until 2026-",
        "role member → template manager",
        "deleted at version 1",
        "renamed from \"Bondi Family Practice\"",
        "session sharing on",
        "invitation emails in Polish",
        "payment method visa ending 4242",
        "version 1 → 2, 358 bytes",
    ] {
        assert!(screen.contains(english), "{english:?}:\n{screen}");
    }
    snap_screen!(console, "activity_en_180x50", ThemeName::Default, SIZE);
    open_newest(&mut console, AuditAction::InvoiceIssue);
    let pane = joined_rows(&console.screen(SIZE.0, SIZE.1));
    let invoice = "invoice for 2026-10-28\u{a0}–\u{a0}2026-11-27: 1518.00 USD, 9 billed seats, billed to olivia.owner@bondi.example";
    assert!(pane.contains(invoice), "{pane}");
    snap_screen!(
        console,
        "invoice_detail_en_180x50",
        ThemeName::Default,
        SIZE
    );
}
