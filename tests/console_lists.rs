//! Lists: the column sorted by shows an arrow in its header, `s` steps
//! through the columns shown and `S` turns the order round; in Invitations,
//! Space marks rows and `R`/`x` act on every one marked after one
//! confirmation, each result reported and every row that cannot be acted
//! on refused with its reason.

mod console_support;

use crossterm::event::KeyCode;

use console_support::{Console, Demo, OWNER, SUPPORT, footer, person, rows, snap_screen, variant};
use teamdesk::domain::InvitationStatus;
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::list::ListNav;
use teamdesk::tui::state::{Dialog, Tab};
use teamdesk::tui::theme::ThemeName;
use teamdesk::workspace::TeamChoice;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const WIDE: (u16, u16) = (120, 40);

/// The header row of the list on screen (the line under its top border).
fn header_row(screen: &str) -> String {
    screen.lines().nth(3).unwrap_or_default().to_owned()
}

fn member_names(console: &Console) -> Vec<String> {
    rows(&console.app.lists.members)
        .into_iter()
        .map(|member| member.name)
        .collect()
}

#[test]
fn the_sorted_column_shows_its_arrow_and_s_and_capital_s_change_the_order() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(header_row(&screen).contains("Name ▲"), "{screen}");
    let by_name = member_names(&console);

    console.press('S');
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(header_row(&screen).contains("Name ▼"), "{screen}");
    let mut reversed = by_name.clone();
    reversed.reverse();
    assert_eq!(member_names(&console), reversed);
    assert!(screen.contains("sorted by Name ▼"), "the toast says so");

    console.press('s');
    let screen = console.screen(WIDE.0, WIDE.1);
    let header = header_row(&screen);
    assert!(
        header.contains("Email ▲") && !header.contains('▼'),
        "{header}"
    );
    let emails: Vec<String> = rows(&console.app.lists.members)
        .into_iter()
        .map(|member| member.email)
        .collect();
    assert!(emails.is_sorted(), "{emails:?}");
    console.press('s');
    assert!(header_row(&console.screen(WIDE.0, WIDE.1)).contains("Role ▲"));
    console.press('s');
    assert_eq!(member_names(&console), by_name, "back to the first column");

    let footer = footer(&console.screen(WIDE.0, WIDE.1));
    assert!(
        footer.contains("s sort") && footer.contains("S reverse"),
        "{footer}"
    );
}

#[test]
fn invitations_start_newest_first_and_sort_only_by_the_columns_shown() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    console.press('2');
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(screen.contains(" newest first "), "{screen}");
    assert!(!header_row(&screen).contains('▲') && !header_row(&screen).contains('▼'));
    let sent: Vec<_> = rows(&console.app.lists.invitations)
        .into_iter()
        .map(|invitation| invitation.sent_at)
        .collect();
    assert!(sent.is_sorted_by(|a, b| a >= b), "newest first");

    console.press('S');
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(screen.contains(" oldest first "), "{screen}");
    let oldest: Vec<_> = rows(&console.app.lists.invitations)
        .into_iter()
        .map(|invitation| invitation.sent_at)
        .collect();
    assert!(oldest.is_sorted(), "oldest first");

    // Every column s reaches is one the table shows, with its arrow.
    let header = header_row(&screen);
    for column in ["Email", "Role", "Status"] {
        console.press('s');
        let header_now = header_row(&console.screen(WIDE.0, WIDE.1));
        assert!(header.contains(column), "{column} is shown: {header}");
        assert!(
            header_now.contains(&format!("{column} ▲")),
            "{column}: {header_now}"
        );
    }
    console.press('s');
    assert!(console.screen(WIDE.0, WIDE.1).contains(" newest first "));

    // Triage has one order: s and S are not offered there.
    let mut support = demo.console(SUPPORT, Lang::En, WIDE);
    let footer = footer(&support.screen(WIDE.0, WIDE.1));
    assert!(
        !footer.contains("s sort") && !footer.contains("S reverse"),
        "{footer}"
    );
}

#[test]
fn sorted_lists_in_both_languages_and_themes() {
    let demo = Demo::seed();
    for lang in [Lang::En, Lang::Pl] {
        for theme in [ThemeName::Default, ThemeName::Monochrome] {
            for (width, height) in SIZES {
                let mut console = demo.console_in(OWNER, lang, theme, (width, height));
                console.press('5');
                console.press('s');
                console.press('S');
                let name = format!(
                    "activity_by_person_reversed_{}",
                    variant(lang, theme, (width, height))
                );
                snap_screen!(console, &name, theme, (width, height));
            }
        }
    }
}

/// Puts the cursor on the invitation of `email` with `status`, without a filter.
fn go_to(console: &mut Console, email: &str, status: InvitationStatus) {
    console.app.lists.invitations.select_first();
    for _ in 0..console.app.lists.invitations.shown() {
        let row = console.app.lists.invitations.selected_row().unwrap();
        if row.email == email && row.status == status {
            return;
        }
        console.app.lists.invitations.move_by(1);
    }
    panic!("no {status:?} invitation of {email}");
}

fn mark(console: &mut Console, email: &str, status: InvitationStatus) {
    go_to(console, email, status);
    console.key(KeyCode::Char(' '));
}

/// The statuses the workspace holds for `email`, oldest first.
fn stored(demo: &Demo, email: &str) -> Vec<InvitationStatus> {
    let mut found: Vec<_> = demo
        .workspace
        .invitations(&person(OWNER), &TeamChoice::Own, None)
        .unwrap()
        .into_iter()
        .filter(|invitation| invitation.email == email)
        .collect();
    found.sort_by_key(|invitation| invitation.sent_at);
    found
        .into_iter()
        .map(|invitation| invitation.status)
        .collect()
}

/// The two pending invitations and one accepted that the bulk tests mark.
const LOCUM: &str = "locum@bondi.example";
const NURSE: &str = "new.nurse@bondi.example";
const ACCEPTED: &str = "lucy.park@bondi.example";

fn mark_three(console: &mut Console) {
    console.press('2');
    mark(console, LOCUM, InvitationStatus::Pending);
    mark(console, NURSE, InvitationStatus::Pending);
    mark(console, ACCEPTED, InvitationStatus::Accepted);
}

#[test]
fn marked_invitations_are_resent_after_one_confirmation_and_a_settled_one_is_refused_with_why() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    mark_three(&mut console);
    assert_eq!(console.app.lists.invitations.marked_count(), 3);
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(screen.contains("3 marked · Esc clears"), "{screen}");

    console.press('R');
    let Some(Dialog::Confirm { title, body, .. }) = &console.app.dialog else {
        panic!("R asks first");
    };
    assert_eq!(title, "Resend 2 marked invitations?");
    let body = body.join("\n");
    assert!(body.contains(LOCUM) && body.contains(NURSE), "{body}");
    assert!(body.contains("Left as it is:"), "{body}");
    assert!(
        body.contains(&format!(
            "{ACCEPTED} accepted on 2026-10-12: there is no link to resend or revoke"
        )),
        "{body}"
    );
    assert_eq!(
        stored(&demo, LOCUM),
        [InvitationStatus::Pending],
        "nothing before yes"
    );

    console.press('y');
    for email in [LOCUM, NURSE] {
        assert_eq!(
            stored(&demo, email),
            [InvitationStatus::Superseded, InvitationStatus::Pending],
            "{email} has a new link"
        );
        assert!(
            console
                .app
                .toasts
                .log()
                .any(|toast| toast.text == format!("new link sent to {email}")),
            "each result is reported"
        );
    }
    assert_eq!(stored(&demo, ACCEPTED), [InvitationStatus::Accepted]);
    assert_eq!(
        console.app.lists.invitations.marked_count(),
        0,
        "yes clears the marks"
    );
}

#[test]
fn marked_invitations_are_revoked_after_one_confirmation_and_no_keeps_them_marked() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    console.press('2');
    mark(&mut console, LOCUM, InvitationStatus::Pending);
    mark(&mut console, NURSE, InvitationStatus::Pending);
    console.press('x');
    console.press('n');
    assert_eq!(
        console.app.lists.invitations.marked_count(),
        2,
        "no keeps them"
    );
    assert_eq!(stored(&demo, LOCUM), [InvitationStatus::Pending]);

    console.press('x');
    let Some(Dialog::Confirm { title, .. }) = &console.app.dialog else {
        panic!("x asks first");
    };
    assert_eq!(title, "Revoke 2 marked invitations?");
    console.press('y');
    for email in [LOCUM, NURSE] {
        assert_eq!(stored(&demo, email), [InvitationStatus::Revoked]);
        let revoked = format!("revoked the invitation of {email}");
        assert!(console.app.toasts.log().any(|toast| toast.text == revoked));
    }
}

#[test]
fn when_no_marked_invitation_can_be_acted_on_each_says_why_and_nothing_is_asked() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    console.press('2');
    mark(&mut console, ACCEPTED, InvitationStatus::Accepted);
    mark(
        &mut console,
        "old.contact@bondi.example",
        InvitationStatus::Revoked,
    );
    console.press('x');
    assert!(console.app.dialog.is_none(), "nothing to confirm");
    let warned: Vec<&str> = console
        .app
        .toasts
        .log()
        .map(|toast| toast.text.as_str())
        .collect();
    assert!(
        warned.iter().any(|text| text.starts_with(ACCEPTED)),
        "{warned:?}"
    );
    assert!(
        warned
            .iter()
            .any(|text| text.contains("was revoked on 2026-11-06: invite the address again")),
        "{warned:?}"
    );

    // Esc clears the marks; R on a settled row alone says why too.
    console.key(KeyCode::Esc);
    assert_eq!(console.app.lists.invitations.marked_count(), 0);
    go_to(
        &mut console,
        "new.gp@bondi.example",
        InvitationStatus::Superseded,
    );
    console.press('R');
    let last = &console.app.toasts.last().unwrap().text;
    assert!(last.contains("was replaced by a newer link"), "{last}");
}

#[test]
fn support_marks_nothing_where_it_cannot_act_and_a_member_is_not_offered_space() {
    let demo = Demo::seed();
    let mut member = demo.console(console_support::MEMBER, Lang::En, WIDE);
    member.press('2');
    let footer_text = footer(&member.screen(WIDE.0, WIDE.1));
    assert!(!footer_text.contains("Space mark"), "{footer_text}");
    member.key(KeyCode::Char(' '));
    assert_eq!(member.app.lists.invitations.marked_count(), 0);

    // Support staff resend the marked invitations of the team they opened.
    let mut support = demo.console(SUPPORT, Lang::En, WIDE);
    support.press('/');
    support.type_text("locum\n");
    support.press('o');
    assert_eq!(support.app.tab, Tab::Invitations);
    mark(&mut support, LOCUM, InvitationStatus::Pending);
    support.press('R');
    support.press('y');
    assert_eq!(
        stored(&demo, LOCUM),
        [InvitationStatus::Superseded, InvitationStatus::Pending]
    );
}

#[test]
fn marked_rows_and_the_bulk_confirmation_in_both_languages_and_themes() {
    let demo = Demo::seed();
    for lang in [Lang::En, Lang::Pl] {
        for theme in [ThemeName::Default, ThemeName::Monochrome] {
            for (width, height) in SIZES {
                let mut console = demo.console_in(OWNER, lang, theme, (width, height));
                mark_three(&mut console);
                let suffix = variant(lang, theme, (width, height));
                snap_screen!(console, &format!("marked_{suffix}"), theme, (width, height));
                console.press('R');
                snap_screen!(
                    console,
                    &format!("bulk_resend_{suffix}"),
                    theme,
                    (width, height)
                );
            }
        }
    }
}
