//! Saying what a command did, as a toast: worded from its outcome and, where
//! the outcome alone does not tell (a rename or a sharing switch, which
//! billing detail, the cycle a person chose), from the command. What a change did to the next invoice
//! is spelled out.

use crate::sanitize::line;
use crate::tui::i18n::{Catalogue, T};
use crate::tui::state::{App, Level};
use crate::tui::view::format;
use crate::workspace::{
    Actor, BillingEffect, BillingView, Command, InviteResult, Outcome, TeamView,
};

/// How many expired invitations got a new link.
fn resent_expired(cat: &Catalogue, results: &[InviteResult]) -> String {
    let count = results
        .iter()
        .filter(|r| matches!(r, InviteResult::Invited(_)))
        .count();
    cat.plural(
        T::DoneResentExpired,
        i64::try_from(count).unwrap_or(i64::MAX),
    )
}

/// Toasts what `command` did (and, for an invite, each address refused).
pub fn announce(app: &mut App, command: &Command, outcome: &Outcome) {
    let cat = app.catalogue.clone();
    let text = match outcome {
        Outcome::Invited(results) | Outcome::ResentExpired(results) => {
            for result in results {
                if let InviteResult::Refused { email, error, .. } = result {
                    let refusal = cat.fill(
                        T::DoneInviteRefused,
                        &[("email", &line(email)), ("reason", &line(error))],
                    );
                    app.toasts.push(Level::Warn, refusal);
                }
            }
            match outcome {
                Outcome::Invited(_) => invited(&cat, results),
                _ => resent_expired(&cat, results),
            }
        }
        Outcome::Resent(sent) => cat.fill(T::DoneResent, &[("email", &line(&sent.email))]),
        Outcome::Revoked(view) => cat.fill(T::DoneRevoked, &[("email", &line(&view.email))]),
        Outcome::Removed { email, .. } if matches!(&app.actor, Actor::Person(me) if me.as_str() == email) => {
            cat.get(T::DoneLeft).to_owned()
        }
        Outcome::Removed {
            email,
            billing_effect,
            ..
        } => {
            let done = cat.fill(T::DoneRemoved, &[("email", &line(email))]);
            with_change(&cat, done, Some(billing_effect))
        }
        Outcome::Member(view) => {
            let role = format::role(&cat, view.role, false);
            let done = cat.fill(T::DoneRole, &[("name", &line(&view.name)), ("role", &role)]);
            with_change(&cat, done, view.billing_effect.as_deref())
        }
        Outcome::Team(view) => team(&cat, command, view),
        Outcome::TeamDeleted { name, .. } => cat.fill(T::DoneTeamDeleted, &[("team", &line(name))]),
        Outcome::Template(view) => cat.fill(
            T::DoneTemplateSaved,
            &[("name", &line(&view.name)), ("version", &view.version)],
        ),
        Outcome::TemplateRemoved { name } => {
            cat.fill(T::DoneTemplateDeleted, &[("name", &line(name))])
        }
        Outcome::Billing(view) => billing(&cat, command, view),
        Outcome::Upgraded(view) => {
            let card = format::card(&cat, view.card.as_ref());
            let cycle = match command {
                Command::UpgradeAccount { cycle, .. } => cat.get(format::cycle_words(*cycle).0),
                _ => "",
            };
            cat.fill(T::DoneGoPro, &[("cycle", &cycle), ("card", &card)])
        }
        Outcome::Account(_) => cat.get(T::DoneTeamChanged).to_owned(),
        Outcome::Joined(_) => cat.get(T::DoneTeamChanged).to_owned(),
        // The operator's command line registers keys; the console offers no such change.
        Outcome::KeyAdded { .. } | Outcome::KeyRemoved { .. } => {
            cat.get(T::DoneTeamChanged).to_owned()
        }
    };
    app.toasts.push(Level::Info, text);
}

/// `done`, followed by what it did to the next invoice when that is known.
fn with_change(cat: &Catalogue, done: String, effect: Option<&BillingEffect>) -> String {
    match effect {
        Some(effect) => cat.fill(
            T::DoneAndCost,
            &[
                ("done", &done),
                ("change", &format::invoice_change(cat, effect)),
            ],
        ),
        None => done,
    }
}

/// "invited 2: 12.78 USD on the 2026-11-28 invoice if they join today".
fn invited(cat: &Catalogue, results: &[InviteResult]) -> String {
    let mut count = 0;
    let mut total: Option<BillingEffect> = None;
    for result in results {
        let InviteResult::Invited(sent) = result else {
            continue;
        };
        count += 1;
        match (&mut total, &sent.billing_effect) {
            (Some(sum), Some(effect)) => {
                sum.seats += effect.seats;
                sum.amount += effect.amount;
            }
            (None, effect) => total.clone_from(effect),
            (Some(_), None) => {}
        }
    }
    let done = cat.fill(T::DoneInvited, &[("count", &count)]);
    match total {
        Some(effect) => {
            let change = format::invoice_change(cat, &effect);
            let change = cat.fill(T::CostJoining, &[("cost", &change)]);
            cat.fill(T::DoneAndCost, &[("done", &done), ("change", &change)])
        }
        None => done,
    }
}

/// A change to the team: its plan (with what it did to the next invoice),
/// its name, session sharing, or its owner.
fn team(cat: &Catalogue, command: &Command, view: &TeamView) -> String {
    // A trial is billed at the Pro rate: it says so, and costs nothing.
    if let (Command::UpgradeTeam, Some(days)) = (command, view.trial_days_left) {
        return cat.fill(T::DoneTrialStarted, &[("days", &cat.days(days))]);
    }
    let name = line(&view.name);
    let done = match command {
        Command::UpgradeTeam => cat.fill(T::DoneUpgraded, &[("team", &name)]),
        Command::DowngradeTeam => cat.fill(T::DoneDowngraded, &[("team", &name)]),
        Command::ChangeSettings(settings) if settings.name.is_some() => {
            cat.fill(T::DoneRenamed, &[("team", &name)])
        }
        Command::ChangeSettings(settings) if settings.language.is_some() => cat.fill(
            T::DoneLanguage,
            &[("language", &format::language(cat, view.language))],
        ),
        Command::ChangeSettings(_) => {
            let state = cat.get(if view.session_sharing { T::On } else { T::Off });
            cat.fill(T::DoneSharing, &[("state", &state)])
        }
        Command::TransferOwnership { .. } => {
            cat.fill(T::DoneOwner, &[("name", &line(&view.owner.name))])
        }
        _ => cat.get(T::DoneTeamChanged).to_owned(),
    };
    with_change(cat, done, view.billing_effect.as_ref())
}

/// The billing details changed, as they now stand: the card on file, where
/// invoices go, the cycle from the next invoice on.
fn billing(cat: &Catalogue, command: &Command, view: &BillingView) -> String {
    let Command::UpdateBilling(request) = command else {
        return cat.get(T::DoneTeamChanged).to_owned();
    };
    let mut done = Vec::new();
    if request.card.is_some() {
        let card = format::card(cat, view.card.as_ref());
        done.push(cat.fill(T::DoneCard, &[("card", &card)]));
    }
    if request.billing_email.is_some() {
        let email = view.billing_email.as_deref().unwrap_or_default();
        done.push(cat.fill(T::DoneBillingEmail, &[("email", &line(email))]));
    }
    if request.cycle.is_some() {
        done.push(match view.next_cycle {
            Some(next) => cat.fill(
                T::DoneCycle,
                &[
                    ("cycle", &cat.get(format::cycle_words(next).0)),
                    ("date", &format::day(view.next_invoice_on)),
                ],
            ),
            None => cat.fill(
                T::DoneCycleKept,
                &[("cycle", &cat.get(format::cycle_words(view.cycle).0))],
            ),
        });
    }
    done.join("; ")
}
