//! An invitation's timeline and next step in the console: an admin's
//! invitation details and support's Triage tab, in English and Polish, over
//! the demo store after its emails met a mail server (delivered, refused
//! with a reply holding escape sequences, deferred, given up, never sent).
//! Snapshots live in `tests/snapshots/`.

mod console_support;

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::KeyCode;

use console_support::{Console, Demo, OWNER, SUPPORT, now, rows, snap};
use teamdesk::domain::outbox::{
    Attempt, AttemptOutcome, DeliveryStatus, OutboxMessage, Undelivered,
};
use teamdesk::domain::{InvitationStatus, MessageId};
use teamdesk::sources::ManualClock;
use teamdesk::store::OpenMode;
use teamdesk::store::dump::Dump;
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::state::Tab;
use teamdesk::workspace::{Actor, NextStep, Settings, Workspace};

const TRANSPORT: &str = "smtp+starttls mail.bondi.example:587";
/// A refusal whose reply carries a terminal escape and a bell: drawn as
/// visible stand-ins, never sent to the terminal.
const HOSTILE_550: &str = "550 5.1.1 <locum@bondi.example>: no such user\u{1b}[2J\u{7}";

/// This morning, when the demo's delivery first ran.
fn today(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, hour, minute, 0).unwrap()
}

fn attempt(at: DateTime<Utc>, outcome: AttemptOutcome, reply: &str) -> Attempt {
    Attempt {
        at,
        transport: TRANSPORT.into(),
        outcome,
        reply: reply.into(),
    }
}

/// The email of `email`'s pending (or closed, with `status`) invitation.
fn email_of<'a>(
    dump: &'a mut Dump,
    email: &str,
    status: InvitationStatus,
) -> &'a mut OutboxMessage {
    let message: MessageId = dump
        .invitations
        .iter()
        .find(|i| i.email.as_str() == email && i.status_at(now()) == status)
        .unwrap_or_else(|| panic!("no {status:?} invitation for {email}"))
        .message;
    dump.outbox
        .iter_mut()
        .find(|m| m.id == message)
        .expect("the invitation's email")
}

/// What the demo's emails met: one address refused, one mail server down
/// since this morning, one given up after every retry, one delivered, one
/// link expired before its email went out, one cancelled by a revocation.
fn deliveries(dump: &mut Dump) {
    let pending = InvitationStatus::Pending;
    let nurse = email_of(dump, "new.nurse@bondi.example", pending);
    for minute in [40, 41, 43, 47, 55] {
        let deferred = attempt(
            today(8, minute),
            AttemptOutcome::Deferred,
            "421 4.3.2 Service not available",
        );
        nurse.record(deferred, 0.0);
    }
    let locum = email_of(dump, "locum@bondi.example", pending);
    let at = locum.created_at + Duration::seconds(3);
    locum.record(attempt(at, AttemptOutcome::Refused, HOSTILE_550), 0.0);
    let gp = email_of(dump, "new.gp@bondi.example", pending);
    let mut at = gp.created_at;
    while gp.delivery.status() != DeliveryStatus::Failed {
        gp.record(
            attempt(at, AttemptOutcome::Deferred, "connection timed out"),
            0.0,
        );
        at = gp.due().unwrap_or(at);
    }
    let james = email_of(dump, "james.ortiz@bondi.example", pending);
    let at = james.created_at + Duration::seconds(2);
    james.record(
        attempt(
            at,
            AttemptOutcome::Delivered,
            "250 2.0.0 Ok: queued as 4F2A1C",
        ),
        0.0,
    );
    let late = email_of(dump, "late.reply@bondi.example", InvitationStatus::Expired);
    late.give_up(Undelivered::LinkExpired, today(8, 40));
    let old = email_of(dump, "old.contact@bondi.example", InvitationStatus::Revoked);
    old.cancel(InvitationStatus::Revoked, today(8, 40));
}

/// The demo store, exported, its emails' attempts recorded as a mail
/// server would have left them, and imported into a store of its own.
fn demo_after_deliveries() -> Demo {
    let seeded = Demo::seed();
    let mut dump = seeded
        .workspace
        .export(&Actor::Operator)
        .expect("the demo exports");
    deliveries(&mut dump);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let clock = Arc::new(ManualClock::new(now()));
    let workspace = Workspace::open(
        dir.path(),
        OpenMode::CreateIfMissing,
        clock.clone(),
        Settings::default(),
    )
    .expect("an empty store opens");
    workspace
        .import(&Actor::Operator, &dump)
        .expect("the export with its deliveries imports");
    Demo {
        dir,
        workspace: Arc::new(workspace),
        clock,
    }
}

/// Moves the Invitations tab's cursor to `email`'s invitation of `status`.
fn select_invitation(console: &mut Console, email: &str, status: InvitationStatus) {
    let index = rows(&console.app.lists.invitations)
        .iter()
        .position(|i| i.email == email && i.status == status)
        .unwrap_or_else(|| panic!("{email} is listed"));
    console.key(KeyCode::Home);
    for _ in 0..index {
        console.press('j');
    }
    let selected = console.app.lists.invitations.selected_row().unwrap();
    assert_eq!((selected.email.as_str(), selected.status), (email, status));
}

/// What an escape sequence must never be once drawn.
fn assert_inert(name: &str, screen: &str) {
    assert!(
        !screen.contains(['\u{1b}', '\u{7}']),
        "{name} draws a raw escape or bell:\n{screen}"
    );
}

const ADMIN_ROWS: [(&str, InvitationStatus, &str); 6] = [
    (
        "new.nurse@bondi.example",
        InvitationStatus::Pending,
        "deferred",
    ),
    ("new.gp@bondi.example", InvitationStatus::Pending, "gave_up"),
    (
        "james.ortiz@bondi.example",
        InvitationStatus::Pending,
        "delivered",
    ),
    ("locum@bondi.example", InvitationStatus::Pending, "refused"),
    (
        "old.contact@bondi.example",
        InvitationStatus::Revoked,
        "cancelled",
    ),
    (
        "late.reply@bondi.example",
        InvitationStatus::Expired,
        "link_expired",
    ),
];

#[test]
fn an_admin_sees_each_invitations_timeline_in_its_details() {
    let demo = demo_after_deliveries();
    let mut console = demo.console(OWNER, Lang::En, (100, 30));
    console.press('2');
    assert_eq!(console.app.tab, Tab::Invitations);
    for (email, status, slug) in ADMIN_ROWS {
        select_invitation(&mut console, email, status);
        let trail = console.app.trail.last().expect("the timeline was read");
        assert_eq!(
            trail.invitation.email, email,
            "the cursor's invitation is the one read"
        );
        let screen = console.screen(100, 30);
        assert_inert(slug, &screen);
        snap!(&format!("owner_100x30_details_{slug}"), &screen);
    }
}

#[test]
fn an_admin_sees_the_timeline_in_polish() {
    let demo = demo_after_deliveries();
    let mut console = demo.console(OWNER, Lang::Pl, (100, 30));
    console.press('2');
    for (email, status, slug) in &ADMIN_ROWS[..4] {
        select_invitation(&mut console, email, *status);
        let screen = console.screen(100, 30);
        assert_inert(slug, &screen);
        snap!(&format!("owner_pl_100x30_details_{slug}"), &screen);
    }
}

#[test]
fn a_narrow_console_opens_the_details_on_enter_keeping_the_newest_events() {
    let demo = demo_after_deliveries();
    let mut console = demo.console(OWNER, Lang::En, (64, 18));
    console.press('2');
    select_invitation(
        &mut console,
        "new.gp@bondi.example",
        InvitationStatus::Pending,
    );
    assert!(
        console.app.trail.asked().is_none() && console.app.trail.last().is_none(),
        "the list alone is shown: no timeline is read for it"
    );
    console.key(KeyCode::Enter);
    assert!(console.app.detail_open);
    let trail = console.app.trail.last().expect("Enter reads the timeline");
    assert!(matches!(
        trail.next,
        NextStep::ResendAfterGivingUp { attempts: 8, .. }
    ));
    let screen = console.screen(64, 18);
    assert!(screen.contains("earlier events not shown"), "{screen}");
    assert!(screen.contains("given up after 8 attempts"), "{screen}");
    snap!("owner_64x18_details_gave_up", &screen);
}

#[test]
fn support_sees_the_timeline_and_next_step_of_each_lookup_result() {
    let demo = demo_after_deliveries();
    for (lang, label) in [(Lang::En, "support"), (Lang::Pl, "support_pl")] {
        let mut console = demo.console(SUPPORT, lang, (100, 30));
        assert_eq!(console.app.tab, Tab::Triage);
        console.press('/');
        console.type_text("locum\n");
        let row = console.app.lists.triage.selected_row().expect("a result");
        assert!(matches!(&row.next, NextStep::CheckAddress { reply } if reply == HOSTILE_550));
        let screen = console.screen(100, 30);
        assert_inert("locum", &screen);
        snap!(&format!("{label}_100x30_triage_refused"), &screen);
    }
    let mut console = demo.console(SUPPORT, Lang::En, (64, 18));
    console.press('/');
    console.type_text("new.nurse\n");
    console.key(KeyCode::Enter);
    assert!(console.app.detail_open);
    snap!("support_64x18_triage_deferred", &console.screen(64, 18));
}
