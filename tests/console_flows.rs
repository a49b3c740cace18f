//! Flows through the console's update loop, with every effect run against a
//! real workspace: inviting through the dialog, revoking behind a
//! confirmation, an edit conflict on a template that loses nothing, and what
//! the console offers (and refuses) to each role.

mod console_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use console_support::{
    ADMIN, Console, Demo, MEMBER, OWNER, assert_clean, footer, joined_rows, person, rows,
};
use teamdesk::domain::{AccountId, AuditAction, InvitationStatus, Role};
use teamdesk::tui::effects::{ForEach, Msg, perform};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::list::ListNav;
use teamdesk::tui::state::{App, Dialog, Options, Tab};
use teamdesk::tui::theme::ThemeName;
use teamdesk::tui::view::format::audit_detail;
use teamdesk::workspace::{AccountSummary, AuditView, Command, TeamChoice};
use unicode_width::UnicodeWidthStr;

const WIDE: (u16, u16) = (160, 40);

/// The invitation of `email` as the workspace has it now.
fn stored_status(demo: &Demo, email: &str) -> Vec<InvitationStatus> {
    demo.workspace
        .invitations(&person(OWNER), &TeamChoice::Own, None)
        .expect("the owner reads invitations")
        .into_iter()
        .filter(|i| i.email == email)
        .map(|i| i.status)
        .collect()
}

fn invite_through_the_dialog(enter_addresses: impl FnOnce(&mut console_support::Console)) {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    console.press('2');
    assert_eq!(console.app.tab, Tab::Invitations);
    let before = console.app.lists.invitations.total();

    console.press('i');
    assert!(matches!(console.app.dialog, Some(Dialog::Invite { .. })));
    enter_addresses(&mut console);
    console.key(KeyCode::Enter);
    let Some(Dialog::Links { links, .. }) = &console.app.dialog else {
        panic!("Enter sends, closes the dialog and shows the links made");
    };
    let mut linked: Vec<&str> = links.iter().map(|link| link.email.as_str()).collect();
    linked.sort_unstable();
    assert_eq!(linked, ["lena.fox@x.example", "omar.haddad@x.example"]);
    console.key(KeyCode::Esc);
    assert!(console.app.dialog.is_none(), "Esc closes the links");

    // In the console's list, newest first...
    assert_eq!(console.app.lists.invitations.total(), before + 2);
    let listed = rows(&console.app.lists.invitations);
    for email in ["lena.fox@x.example", "omar.haddad@x.example"] {
        let row = listed
            .iter()
            .find(|i| i.email == email)
            .unwrap_or_else(|| panic!("{email} is listed"));
        assert_eq!(row.status, InvitationStatus::Pending);
        assert_eq!(row.role, Role::Member);
        assert_eq!(row.invited_by.name, "Dr Olivia Owner");
        // ...in the workspace...
        assert_eq!(stored_status(&demo, email), [InvitationStatus::Pending]);
    }
    let newest: Vec<&str> = listed[..2].iter().map(|i| i.email.as_str()).collect();
    assert!(newest.contains(&"lena.fox@x.example") && newest.contains(&"omar.haddad@x.example"));

    // ...and on screen, with a toast saying how many went out.
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(screen.contains("lena.fox@x.example"), "{screen}");
    assert!(screen.contains("omar.haddad@x.example"), "{screen}");
    assert!(screen.contains("invited 2"), "{screen}");
    assert!(
        screen.contains(&format!("Invitations {}", before + 2)),
        "{screen}"
    );
}

#[test]
fn inviting_two_typed_addresses_lists_both_as_pending() {
    invite_through_the_dialog(|console| {
        console.type_text("lena.fox@x.example, omar.haddad@x.example");
    });
}

#[test]
fn inviting_a_pasted_list_lists_both_as_pending() {
    invite_through_the_dialog(|console| {
        console.paste("lena.fox@x.example\r\nomar.haddad@x.example\n");
    });
}

#[test]
fn one_bad_address_does_not_block_the_others() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    console.press('2');
    console.press('i');
    console.paste("lena.fox@x.example\nnot-an-address\npriya.shah@bondi.example");
    console.key(KeyCode::Enter);
    assert_eq!(
        stored_status(&demo, "lena.fox@x.example"),
        [InvitationStatus::Pending]
    );
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(screen.contains("invited 1"), "{screen}");
    assert!(
        screen.contains("not-an-address"),
        "the refusal names it:\n{screen}"
    );
    assert!(
        screen.contains("priya.shah@bondi.example is already a member"),
        "{screen}"
    );
}

/// The text inside a dialog as wide as the screen, its rows joined by
/// spaces, so that a wrapped sentence reads whole.
fn dialog_text(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|row| row.trim_matches('"').strip_prefix('│'))
        .filter_map(|row| row.strip_suffix('│'))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_invite_dialog_gives_every_refusal_in_full_and_costs_only_new_seats() {
    let demo = Demo::seed();
    let size = (64, 40);
    let mut console = demo.console(OWNER, Lang::En, size);
    console.press('2');
    console.press('i');
    console.paste(
        "lena.fox@x.example\nnot-an-address\npriya.shah@bondi.example\n\
         ana.kowalska@bondi.example\nbad@@x.example\nLENA.FOX@x.example",
    );
    // Only lena would take a seat: not the invalid addresses, not the
    // members, not the same address twice.
    let Some(Dialog::Invite {
        cost: Some(cost), ..
    }) = &console.app.dialog
    else {
        panic!("the invite dialog asks what it costs");
    };
    let seats = cost
        .effect
        .clone()
        .expect("answered")
        .expect("a cost")
        .seats;
    assert_eq!(seats, 1);
    assert!(console.screen(size.0, size.1).contains("+1 billed seat "));

    console.key(KeyCode::Enter);
    let screen = console.screen(size.0, size.1);
    let text = dialog_text(&screen);
    let reasons = [
        "\"not-an-address\" is not a valid email address: it has no @",
        "priya.shah@bondi.example is already a member of \"Bondi Family Practice\"",
        "ana.kowalska@bondi.example is already a member of \"Bondi Family Practice\"",
        "\"bad@@x.example\" is not a valid email address: it has more than one @",
        "lena.fox@x.example is listed more than once",
    ];
    for reason in reasons {
        assert!(text.contains(reason), "{reason:?} in full:\n{screen}");
    }
    for address in ["priya.shah@bondi.example", "not-an-address"] {
        // Once in the addresses kept, once in the reason.
        assert_eq!(screen.matches(address).count(), 2, "{address}:\n{screen}");
    }
}

/// Selects the invitation of `email` in the Invitations tab through the filter.
fn select_invitation(console: &mut console_support::Console, email: &str) {
    console.press('2');
    console.press('/');
    console.type_text(email);
    console.key(KeyCode::Enter);
    let selected = console.app.lists.invitations.selected_row().expect("a row");
    assert_eq!(selected.email, email);
}

#[test]
fn revoking_asks_first_and_then_revokes() {
    let demo = Demo::seed();
    let email = "locum@bondi.example";
    assert_eq!(stored_status(&demo, email), [InvitationStatus::Pending]);
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    select_invitation(&mut console, email);
    assert_eq!(
        console.app.lists.invitations.selected_row().unwrap().status,
        InvitationStatus::Pending
    );

    console.press('x');
    match &console.app.dialog {
        Some(Dialog::Confirm { title, command, .. }) => {
            assert_eq!(title, "Revoke the invitation of locum@bondi.example?");
            assert!(matches!(command, Command::RevokeInvitation { email: e, .. } if e == email));
        }
        other => panic!("x asks for confirmation first, got {other:?}"),
    }
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(screen.contains("Revoke the invitation of locum@bondi.example?"));
    assert!(footer(&screen).contains("y yes"), "{screen}");
    // Nothing has happened yet.
    assert_eq!(stored_status(&demo, email), [InvitationStatus::Pending]);

    console.press('y');
    assert!(console.app.dialog.is_none());
    assert_eq!(stored_status(&demo, email), [InvitationStatus::Revoked]);
    let row = console.app.lists.invitations.selected_row().unwrap();
    assert_eq!(row.email, email);
    assert_eq!(row.status, InvitationStatus::Revoked);
    assert_eq!(row.revoked_by.as_ref().unwrap().name, "Dr Olivia Owner");
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(
        screen.contains("× revoked 2026-11-26 by Dr Olivia Owner"),
        "{screen}"
    );

    // A revoked invitation cannot be revoked again: x asks nothing.
    console.press('x');
    assert!(console.app.dialog.is_none());
}

#[test]
fn answering_no_keeps_the_invitation_pending() {
    let demo = Demo::seed();
    let email = "locum@bondi.example";
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    select_invitation(&mut console, email);
    console.press('x');
    assert!(matches!(console.app.dialog, Some(Dialog::Confirm { .. })));
    console.press('n');
    assert!(console.app.dialog.is_none());
    assert_eq!(stored_status(&demo, email), [InvitationStatus::Pending]);
    assert_eq!(
        console.app.lists.invitations.selected_row().unwrap().status,
        InvitationStatus::Pending
    );
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(!screen.contains("× revoked 2026-11-26"), "{screen}");

    // Keys that are not an answer leave the question open.
    console.press('x');
    console.press('q');
    console.key(KeyCode::Enter);
    assert!(matches!(console.app.dialog, Some(Dialog::Confirm { .. })));
    assert!(!console.app.should_quit);
    assert_eq!(stored_status(&demo, email), [InvitationStatus::Pending]);
}

#[test]
fn an_edit_conflict_keeps_both_texts_and_saving_again_replaces_theirs() {
    let demo = Demo::seed();
    let name = "SOAP note";
    let original = demo.workspace.template(&person(OWNER), name).unwrap();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    console.press('3');
    console.press('/');
    console.type_text("soap");
    console.key(KeyCode::Enter);
    assert_eq!(
        console.app.lists.templates.selected_row().unwrap().name,
        name
    );

    console.press('e');
    match &console.app.dialog {
        Some(Dialog::Editor {
            base_version, area, ..
        }) => {
            assert_eq!(*base_version, Some(original.version));
            assert_eq!(area.text(), original.body);
        }
        other => panic!("e opens the editor, got {other:?}"),
    }
    // Ctrl-End is not bound: go to the end line by line, then type.
    for _ in 0..original.body.lines().count() + 1 {
        console.key(KeyCode::Down);
    }
    console.key(KeyCode::End);
    console.type_text("\nFollow-up: review in 2 weeks");

    // Meanwhile Priya saves her own version from another session.
    let theirs = "S:\nO:\nA:\nP: Priya's rewrite";
    demo.execute(
        ADMIN,
        Command::EditTemplate {
            name: name.into(),
            body: theirs.into(),
            based_on: original.version,
        },
    );

    console.ctrl('s');
    let mine = match &console.app.dialog {
        Some(Dialog::Editor {
            area,
            conflict,
            saving,
            ..
        }) => {
            assert!(!saving);
            assert_eq!(
                conflict.as_ref(),
                Some(&(original.version + 1, "Dr Priya Shah".to_owned())),
                "the editor names the version that won and who saved it"
            );
            area.text()
        }
        other => panic!("the editor stays open on a conflict, got {other:?}"),
    };
    assert!(mine.starts_with(&original.body), "nothing typed is lost");
    assert!(mine.ends_with("\nFollow-up: review in 2 weeks"), "{mine:?}");
    let stored = demo.workspace.template(&person(OWNER), name).unwrap();
    assert_eq!(stored.body, theirs, "their version is not overwritten");
    assert_eq!(stored.version, original.version + 1);
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(
        screen.contains(&format!(
            "Someone else saved version {} (Dr Priya Shah)",
            original.version + 1
        )),
        "{screen}"
    );
    assert!(screen.contains("Follow-up: review in 2 weeks"), "{screen}");

    // Saving again is deliberate: it replaces their version with this text.
    console.ctrl('s');
    assert!(console.app.dialog.is_none(), "the second save goes through");
    let stored = demo.workspace.template(&person(OWNER), name).unwrap();
    assert_eq!(stored.body, mine);
    assert_eq!(stored.version, original.version + 2);
    assert_eq!(stored.updated_by.name, "Dr Olivia Owner");
    let row = console.app.lists.templates.selected_row().unwrap();
    assert_eq!(row.version, original.version + 2);
}

#[test]
fn a_conflict_then_another_change_is_still_a_conflict() {
    let demo = Demo::seed();
    let name = "Referral letter";
    let original = demo.workspace.template(&person(OWNER), name).unwrap();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    console.press('3');
    console.press('/');
    console.type_text("referral");
    console.key(KeyCode::Enter);
    console.press('e');
    console.type_text("Urgent. ");
    let edit = |body: &str, based_on| Command::EditTemplate {
        name: name.into(),
        body: body.into(),
        based_on,
    };
    demo.execute(ADMIN, edit("first", original.version));
    console.ctrl('s');
    // A third person saves after the conflict was shown: saving now must not
    // silently replace that newer version either.
    demo.execute(
        console_support::TEMPLATE_MANAGER,
        edit("second", original.version + 1),
    );
    console.ctrl('s');
    match &console.app.dialog {
        Some(Dialog::Editor { conflict, area, .. }) => {
            assert_eq!(
                conflict.as_ref(),
                Some(&(original.version + 2, "Marco Rossi".to_owned()))
            );
            assert!(area.text().starts_with("Urgent. "));
        }
        other => panic!("still a conflict, got {other:?}"),
    }
    let stored = demo.workspace.template(&person(OWNER), name).unwrap();
    assert_eq!(stored.body, "second");
}

#[test]
fn a_member_is_not_offered_what_they_may_not_do() {
    let demo = Demo::seed();
    let mut console = demo.console(MEMBER, Lang::En, (100, 30));
    for tab in ['1', '2'] {
        console.press(tab);
        console.press('i');
        assert!(
            console.app.dialog.is_none(),
            "no invite dialog for a member"
        );
        let screen = console.screen(100, 30);
        let hints = footer(&screen);
        assert!(!hints.contains("invite"), "{hints}");
        assert!(
            !hints.contains("remove") && !hints.contains("role"),
            "{hints}"
        );
    }
    // The domain refuses too, whatever a console might send.
    assert!(
        demo.workspace
            .execute(
                &person(MEMBER),
                Command::Invite {
                    emails: vec!["someone@x.example".into()],
                    role: Role::Member
                }
            )
            .is_err()
    );
    assert!(stored_status(&demo, "someone@x.example").is_empty());

    console.press('4');
    assert_eq!(console.app.tab, Tab::Billing);
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("Only team admins can view billing."),
        "{screen}"
    );
    assert!(
        !screen.contains("USD"),
        "no money shown to a member:\n{screen}"
    );

    console.press('3');
    console.press('e');
    assert!(
        console.app.dialog.is_none(),
        "members do not edit templates"
    );
    console.press('v');
    assert!(
        matches!(console.app.dialog, Some(Dialog::Viewer { .. })),
        "members view templates"
    );
}

#[test]
fn a_change_made_elsewhere_shows_after_the_change_event() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, WIDE);
    console.press('2');
    let mut changes = demo.workspace.subscribe();
    demo.execute(
        ADMIN,
        Command::Invite {
            emails: vec!["elsewhere@x.example".into()],
            role: Role::Member,
        },
    );
    assert!(
        !rows(&console.app.lists.invitations)
            .iter()
            .any(|i| i.email == "elsewhere@x.example"),
        "not shown before the console hears of it"
    );
    // The workspace announces the change; the live loop turns it into Msg::Changed.
    let change = changes.try_recv().expect("the workspace announced it");
    console.send(Msg::Changed(change.team, ForEach::touched_by(&change)));
    let row = rows(&console.app.lists.invitations)
        .into_iter()
        .find(|i| i.email == "elsewhere@x.example")
        .expect("listed after the reload");
    assert_eq!(row.invited_by.name, "Dr Priya Shah");
    let screen = console.screen(WIDE.0, WIDE.1);
    assert!(screen.contains("elsewhere@x.example"), "{screen}");

    // A removal elsewhere drops the member from the Members tab.
    console.press('1');
    let before = console.app.lists.members.total();
    demo.execute(
        ADMIN,
        Command::RemoveMember {
            email: "tom.nguyen@bondi.example".into(),
        },
    );
    let change = changes.try_recv().expect("the workspace announced it");
    console.send(Msg::Changed(change.team, ForEach::touched_by(&change)));
    assert_eq!(console.app.lists.members.total(), before - 1);
    assert!(
        !rows(&console.app.lists.members)
            .iter()
            .any(|m| m.email == "tom.nguyen@bondi.example")
    );
    assert!(!console.screen(WIDE.0, WIDE.1).contains("Dr Tom Nguyen"));
}

/// Esc followed at once by a key reaches the console as Alt and that key; it
/// is taken as the two keys, so Esc-then-q over a slow link still quits.
#[test]
fn esc_and_a_quick_key_arriving_as_alt_act_as_both_keys() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('?');
    assert!(console.app.dialog.is_some());
    console.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('2'),
        KeyModifiers::ALT,
    )));
    assert!(console.app.dialog.is_none(), "the Esc half closed the help");
    assert_eq!(
        console.app.tab,
        Tab::Invitations,
        "the 2 half switched tabs"
    );
    console.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::ALT,
    )));
    assert!(console.app.should_quit);
}

/// The demo's clock control: two days expire the "expiring in 2 days" link,
/// two weeks end the Clinic trial (no card on file: back to Pro, assistants
/// return to the free plan), all live on screen.
#[test]
fn the_demo_clock_expires_a_link_and_ends_the_trial_live() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.app.demo = Some(teamdesk::demo::cast());
    let locum = |console: &Console| {
        rows(&console.app.lists.invitations)
            .into_iter()
            .find(|i| i.email == "locum@bondi.example")
            .expect("the demo invites a locum")
            .status
    };
    assert_eq!(locum(&console), InvitationStatus::Pending);
    console.key(KeyCode::F(3));
    console.key(KeyCode::F(3));
    assert_eq!(
        locum(&console),
        InvitationStatus::Expired,
        "two days later the link has expired"
    );
    assert!(
        console.screen(100, 30).contains("DEMO 2026-11-28"),
        "the header shows the moved clock"
    );

    let team = |console: &Console| console.app.team_shown().cloned().expect("a team");
    assert_eq!(team(&console).trial_days_left, Some(7));
    console.key(KeyCode::F(4));
    console.key(KeyCode::F(4));
    let after = team(&console);
    assert_eq!(
        after.kind,
        teamdesk::domain::TeamKind::Pro,
        "the trial lapsed without a card"
    );
    assert_eq!(after.assistants, 0, "assistants left with the Clinic plan");
    assert!(
        rows(&console.app.lists.activity)
            .iter()
            .any(|e| e.action == AuditAction::TrialEnd),
        "the trial's end is in the activity log"
    );
}

/// Without `--as` the console asks who to act as, and remembers the choice.
#[test]
fn without_an_account_the_console_asks_who_to_act_as_and_remembers() {
    let demo = Demo::seed();
    let config = demo.dir.path().join("config.toml");
    let mut runtime = demo.runtime();
    runtime.config_path = Some(config.clone());
    let options = Options::standard(Lang::En, ThemeName::Default, (100, 30));
    let (app, effects) = App::new(options, None);
    let mut console = Console { app, runtime };
    for effect in effects {
        if let Some(msg) = perform(&console.runtime, effect) {
            console.send(msg);
        }
    }
    let Some(Dialog::Picker { entries, .. }) = &console.app.dialog else {
        panic!("the picker opens: {:?}", console.app.dialog);
    };
    let position = entries
        .iter()
        .position(|entry| entry.email == MEMBER)
        .expect("the member is offered");
    for _ in 0..position {
        console.key(KeyCode::Down);
    }
    console.key(KeyCode::Enter);
    assert!(console.app.dialog.is_none());
    let me = &console.app.loaded.as_ref().expect("loaded").me;
    assert_eq!(me.email, MEMBER);
    let remembered = std::fs::read_to_string(&config).expect("the choice is written");
    assert!(
        remembered.contains(&format!("last_account = \"{MEMBER}\"")),
        "{remembered}"
    );
}

/// Every expired invitation gets a new link at once, after a yes.
#[test]
fn an_admin_resends_every_expired_invitation_at_once() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    let expired = |console: &Console| {
        rows(&console.app.lists.invitations)
            .into_iter()
            .filter(|i| i.status == InvitationStatus::Expired)
            .count()
    };
    let before = expired(&console);
    assert!(before > 0, "the demo has expired invitations");
    console.press('2');
    console.press('E');
    let screen = console.screen(100, 30);
    assert!(
        screen.contains(&format!("Resend all {before} expired invitations?"))
            || (before == 1 && screen.contains("Resend the expired invitation?")),
        "{screen}"
    );
    assert_eq!(expired(&console), before, "nothing changes before yes");
    console.press('y');
    assert_eq!(expired(&console), 0);
    let toast = &console.app.toasts.last().expect("a toast").text;
    let expected = match before {
        1 => "new link sent for 1 expired invitation".to_owned(),
        n => format!("new links sent for {n} expired invitations"),
    };
    assert_eq!(toast, &expected);
    let Some(Dialog::Links { links, .. }) = &console.app.dialog else {
        panic!("the new links are shown");
    };
    assert_eq!(links.len(), before);
    console.key(KeyCode::Esc);
    console.press('E');
    assert!(console.app.dialog.is_none(), "nothing left to resend");
    let toast = &console.app.toasts.last().expect("a toast").text;
    assert_eq!(toast, "No invitation has expired.");
}

/// The layout is worked out by update for the terminal's size, so a page is
/// what the terminal shows after a resize and a click lands on the row drawn
/// there, without a frame drawn in between.
#[test]
fn pages_and_clicks_follow_the_size_update_was_told() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('5');
    let tall = console.app.screen.page;
    assert!(
        console.app.lists.activity.shown() > tall,
        "more than a page of activity"
    );
    console.send(Msg::Resize(80, 24));
    let short = console.app.screen.page;
    assert!(
        0 < short && short < tall,
        "{short} rows at 80×24, {tall} at 100×30"
    );
    console.key(KeyCode::PageDown);
    assert_eq!(console.app.lists.activity.selected_index(), short);
    console.press('1');

    console.app.mouse = true;
    let (rows, first) = console.app.screen.list.expect("the list is on screen");
    let click = |row: u16| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: rows.x + 1,
            row: rows.y + row,
            modifiers: KeyModifiers::NONE,
        })
    };
    console.send(click(2));
    assert_eq!(console.app.lists.members.selected_index(), first + 2);
    let screen = console.screen(80, 24);
    let chosen = &rows_of(&console)[first + 2];
    let marked = screen
        .lines()
        .nth(usize::from(rows.y) + 2)
        .expect("the row clicked");
    assert!(marked.contains(chosen.as_str()), "{marked}\n{screen}");
}

fn rows_of(console: &Console) -> Vec<String> {
    rows(&console.app.lists.members)
        .into_iter()
        .map(|member| member.name)
        .collect()
}

fn help_scroll(console: &Console) -> usize {
    match console.app.dialog {
        Some(Dialog::Help { scroll }) => scroll,
        ref other => panic!("help is not open: {other:?}"),
    }
}

/// Paging down the help overlay stops with its last line at the bottom: one
/// key up scrolls back at once, and the overlay never shows empty.
#[test]
fn the_help_overlay_stops_at_its_end() {
    let demo = Demo::seed();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('?');
    for _ in 0..50 {
        console.key(KeyCode::PageDown);
    }
    let end = help_scroll(&console);
    assert!(end > 0, "the help is longer than a screen");
    let screen = console.screen(100, 30);
    assert!(screen.contains("clear to end"), "the last key: {screen}");
    assert!(!screen.contains("↓ more"), "{screen}");
    console.key(KeyCode::Down);
    assert_eq!(help_scroll(&console), end);
    console.key(KeyCode::Up);
    assert_eq!(help_scroll(&console), end - 1);
}

/// The start-up picker offers "Esc close", and Esc closes it: with no one
/// chosen there is nothing behind it, so the console ends. Its columns line
/// up by display width, whatever script the names are in.
#[test]
fn the_start_up_picker_closes_on_esc_and_lines_up_wide_names() {
    let demo = Demo::seed();
    let options = Options::standard(Lang::En, ThemeName::Default, (100, 30));
    let (app, _) = App::new(options, None);
    let mut console = Console {
        app,
        runtime: demo.runtime(),
    };
    let account = |name: &str, email: &str| AccountSummary {
        id: AccountId(uuid::Uuid::nil()),
        email: email.to_owned(),
        name: name.to_owned(),
        plan: "free".to_owned(),
        staff: false,
        team: None,
    };
    console.send(Msg::Accounts(Ok(vec![
        account("Ann Lee", "ann@x.example"),
        account("山田太郎", "yamada@x.example"),
        account("Zoë Noël", "zoe@x.example"),
    ])));
    let screen = console.screen(100, 30);
    assert!(footer(&screen).contains("Esc close"), "{screen}");
    let column = |email: &str| {
        let row = screen
            .lines()
            .find(|row| row.contains(email))
            .unwrap_or_else(|| panic!("{email} is offered: {screen}"));
        row[..row.find(email).unwrap()].width()
    };
    assert_eq!(column("yamada@x.example"), column("ann@x.example"));
    assert_eq!(column("zoe@x.example"), column("ann@x.example"));

    console.key(KeyCode::Esc);
    assert!(console.app.dialog.is_none());
    assert!(
        console.app.should_quit,
        "nothing to go back to: the console ends"
    );
}

/// A wrong name in the delete-team confirmation says so once, below the
/// one prompt, in both languages; the right one deletes the team.
#[test]
fn a_wrong_team_name_is_refused_below_a_single_prompt() {
    for (lang, prompt, wrong) in [
        (
            Lang::En,
            "Type the team name to confirm",
            "That is not the team's name",
        ),
        (
            Lang::Pl,
            "Wpisz nazwę zespołu, aby potwierdzić",
            "To nie jest nazwa zespołu",
        ),
    ] {
        let demo = Demo::seed();
        let mut console = demo.console(OWNER, lang, (100, 30));
        console.press('4');
        console.press('D');
        console.type_text("Bondi\n");
        let screen = console.screen(100, 30);
        assert_eq!(screen.matches(prompt).count(), 1, "{screen}");
        assert_eq!(screen.matches(wrong).count(), 1, "{screen}");
        assert!(matches!(console.app.dialog, Some(Dialog::Confirm { .. })));

        console.ctrl('u');
        console.type_text("Bondi Family Practice\n");
        assert!(console.app.dialog.is_none(), "{:?}", console.app.dialog);
        assert!(console.app.team_shown().is_none(), "the team is deleted");
    }
}

#[test]
fn activity_names_people_and_actions_and_sorts_on_s() {
    let demo = Demo::seed();
    let size = (100, 30);
    let mut console = demo.console(OWNER, Lang::En, size);
    console.press('5');
    assert_eq!(console.app.tab, Tab::Activity);
    let screen = console.screen(size.0, size.1);
    assert!(screen.contains("Dr Priya Shah"), "{screen}");
    assert!(screen.contains(" invited "), "{screen}");
    assert!(!screen.contains("invite.add"), "{screen}");
    assert!(!screen.contains("priya.shah@bond"), "{screen}");

    // An entry too long for its row, in detail: its whole sentence, and
    // who by address.
    let catalogue = console.app.catalogue.clone();
    let words = |entry: &AuditView| audit_detail(&catalogue, &entry.details);
    while words(console.app.lists.activity.selected_row().unwrap()).len() < 60 {
        console.press('j');
    }
    let entry = console.app.lists.activity.selected_row().unwrap().clone();
    let details = words(&entry);
    console.key(KeyCode::Enter);
    let screen = console.screen(size.0, size.1);
    let pane = joined_rows(&screen);
    assert!(pane.contains(&details), "{details:?} whole:\n{screen}");
    let by = format!("{} <{}>", entry.actor_name.clone().unwrap(), entry.actor);
    assert!(screen.contains(&by), "{by}:\n{screen}");
    console.key(KeyCode::Esc);

    // s sorts: by who, then by what was done.
    console.press('s');
    let actors: Vec<String> = rows(&console.app.lists.activity)
        .iter()
        .map(|e| e.actor_name.clone().unwrap_or_else(|| e.actor.clone()))
        .collect();
    let mut sorted = actors.clone();
    sorted.sort_by_key(|name| name.to_lowercase());
    assert_eq!(actors, sorted);
    assert!(
        console.screen(size.0, size.1).contains("sorted by Person"),
        "the sort is named"
    );
    console.press('s');
    let actions: Vec<&str> = rows(&console.app.lists.activity)
        .iter()
        .map(|e| e.action.as_str())
        .collect();
    assert!(actions.is_sorted(), "{actions:?}");
}

#[test]
fn an_empty_filter_result_names_the_filter() {
    let demo = Demo::seed();
    let size = (100, 30);
    let mut console = demo.console(OWNER, Lang::En, size);
    console.press('/');
    console.type_text("zzqx");
    let screen = console.screen(size.0, size.1);
    assert!(screen.contains("no match for “zzqx”"), "{screen}");
    assert!(!screen.contains("nothing here yet"), "{screen}");
    let mut console = demo.console(OWNER, Lang::Pl, size);
    console.press('/');
    console.type_text("zzqx");
    let screen = console.screen(size.0, size.1);
    assert!(screen.contains("brak wyników dla „zzqx”"), "{screen}");
}

#[test]
fn details_have_their_own_keys_in_the_footer() {
    let demo = Demo::seed();
    for size in [(100, 30), (80, 24)] {
        let mut console = demo.console(OWNER, Lang::En, size);
        let list = footer(&console.screen(size.0, size.1));
        // At 80 columns the palette's key stands for the list keys that
        // do not fit (sort among them).
        let sort_or_palette = if size.0 >= 100 {
            "s sort"
        } else {
            ": commands"
        };
        assert!(
            list.contains("/ filter") && list.contains(sort_or_palette),
            "{list}"
        );
        console.key(KeyCode::Enter);
        let detail = footer(&console.screen(size.0, size.1));
        assert!(detail.contains("Esc back"), "{detail}");
        assert!(detail.contains("j down"), "{detail}");
        assert!(
            detail.contains("r role"),
            "the row's own keys stay: {detail}"
        );
        for list_key in ["/ filter", "s sort", "Enter details", "Tab next tab"] {
            assert!(!detail.contains(list_key), "{list_key} in {detail}");
        }
        console.key(KeyCode::Esc);
        assert_eq!(footer(&console.screen(size.0, size.1)), list);
    }
}

/// Opens a new template on the owner's Templates tab, names it as
/// `name_it` does and presses Enter: the name is refused, asked again, not
/// the body. Returns the console and its screen.
fn new_template_name_refused(demo: &Demo, name_it: impl FnOnce(&mut Console)) -> (Console, String) {
    let size = (100, 30);
    let mut console = demo.console(OWNER, Lang::En, size);
    console.press('3');
    console.press('n');
    name_it(&mut console);
    console.key(KeyCode::Enter);
    assert!(
        matches!(console.app.dialog, Some(Dialog::Prompt { .. })),
        "the name is asked again, not the body"
    );
    let screen = console.screen(size.0, size.1);
    (console, screen)
}

#[test]
fn a_new_template_with_a_taken_name_is_refused_before_its_body() {
    let demo = Demo::seed();
    let (mut console, screen) =
        new_template_name_refused(&demo, |console| console.type_text("soap NOTE"));
    assert!(
        screen.contains("A template named “soap NOTE” already exists"),
        "{screen}"
    );
    // The name stays, to be changed.
    for _ in 0.."NOTE".len() {
        console.key(KeyCode::Backspace);
    }
    console.type_text("plan");
    console.key(KeyCode::Enter);
    let Some(Dialog::Editor { name, .. }) = &console.app.dialog else {
        panic!("a free name opens the editor");
    };
    assert_eq!(name, "soap plan");
}

#[test]
fn a_new_template_name_the_rules_refuse_is_refused_before_its_body() {
    let demo = Demo::seed();
    let (_, screen) = new_template_name_refused(&demo, |console| console.paste("Bad\u{1b}[5mName"));
    assert!(
        screen.contains("A template name cannot contain U+001B"),
        "{screen}"
    );
    assert_clean("refused template name", &screen);
}

#[test]
fn toasts_sit_in_a_box_of_their_own_and_the_message_log_keeps_them() {
    let demo = Demo::seed();
    let size = (100, 30);
    let mut console = demo.console(OWNER, Lang::En, size);
    console.press('3');
    console.press('n');
    console.type_text("SOAP note");
    console.key(KeyCode::Enter);
    console.key(KeyCode::Esc);
    let screen = console.screen(size.0, size.1);
    let row = screen
        .lines()
        .find(|row| row.contains("warning: A template named"))
        .unwrap_or_else(|| panic!("the toast is up:\n{screen}"));
    assert!(row.contains("│warning: A template named"), "{row}");
    assert!(
        row.trim_end_matches('"').trim_end().ends_with("││"),
        "{row}"
    );
    assert!(
        !screen.contains("choose another n…"),
        "wrapped, not cut:\n{screen}"
    );

    // Gone from the screen after a while, kept in the log.
    for _ in 0..64 {
        console.send(Msg::Tick);
    }
    assert!(!console.screen(size.0, size.1).contains("warning:"));
    console.press('m');
    assert!(matches!(console.app.dialog, Some(Dialog::Messages { .. })));
    let screen = console.screen(size.0, size.1);
    assert!(screen.contains("Messages, newest first"), "{screen}");
    assert!(
        screen.contains("warning: A template named “SOAP note” already"),
        "{screen}"
    );
    console.key(KeyCode::Esc);
    console.press('?');
    let help = console.screen(size.0, size.1);
    assert!(help.contains("messages"), "the help names the key:\n{help}");
}

#[test]
fn a_dialog_title_too_long_for_its_frame_ends_in_an_ellipsis() {
    let demo = Demo::seed();
    let long = format!(
        "Bondi Family Practice {}",
        "and Partners ".repeat(4).trim_end()
    );
    demo.execute(
        OWNER,
        Command::ChangeSettings(teamdesk::workspace::TeamSettings {
            name: Some(long.clone()),
            ..Default::default()
        }),
    );
    let size = (64, 18);
    let mut console = demo.console(OWNER, Lang::En, size);
    console.press('i');
    let screen = console.screen(size.0, size.1);
    let title = screen
        .lines()
        .find(|row| row.contains("Invite to Bondi"))
        .unwrap_or_else(|| panic!("the invite dialog:\n{screen}"));
    assert!(title.contains("… ┐"), "{title}");
}

#[test]
fn the_header_shortens_a_long_team_name_before_the_trial_and_app_name() {
    let demo = Demo::seed();
    let long = format!("Bondi {}", "Family Practice and ".repeat(4));
    let long = long[..75].to_owned();
    demo.execute(
        OWNER,
        Command::ChangeSettings(teamdesk::workspace::TeamSettings {
            name: Some(long.clone()),
            ..Default::default()
        }),
    );
    for size in [(100, 30), (80, 24)] {
        let mut console = demo.console(OWNER, Lang::En, size);
        let screen = console.screen(size.0, size.1);
        let header = screen.lines().next().unwrap();
        assert!(header.contains("teamdesk"), "{header}");
        assert!(header.contains("trial 9 days left"), "{header}");
        assert!(
            header.contains("Bondi Famil") && header.contains('…'),
            "{header}"
        );
        assert!(header.contains("Dr Olivia Owner · owner"), "{header}");
    }
}
