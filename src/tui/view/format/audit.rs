//! What an audit entry says happened, in the console's language: every
//! value goes in as a Fluent argument, counts choose their plural form,
//! amounts take the language's decimal separator and days are ISO days.

use std::fmt::Display;

use chrono::NaiveDate;

use super::{card, cycle_words, day, email_kind, language, period, personal_plan, role};
use crate::billing::period::Period;
use crate::domain::audit_detail::{FormerPlan, NextCycle};
use crate::domain::outbox::{MessageKind, Settled, Undelivered};
use crate::domain::{AuditDetail, Cycle, Email, PaymentMethod, Role};
use crate::tui::i18n::{Catalogue, T};

/// An audit entry's details in words. A sentence kept from before details
/// were typed is shown as it was written.
pub fn audit_detail(cat: &Catalogue, detail: &AuditDetail) -> String {
    let plain = |key| cat.get(key).to_owned();
    let one = |key, name, value: &dyn Display| cat.fill(key, &[(name, value)]);
    let cycle_word = |cycle: &Cycle| cat.get(cycle_words(*cycle).0);
    let role_word = |r: &Role| role(cat, *r, false);
    let plural = |key, n: &u32| cat.plural(key, i64::from(*n));
    let link_sent = |key, r: &Role, until: &NaiveDate| {
        cat.fill(key, &[("role", &role_word(r)), ("date", &day(*until))])
    };
    match detail {
        AuditDetail::Recorded(text) => text.clone(),
        AuditDetail::AccountCreated { plan } => one(
            T::AuditAccountCreated,
            "plan",
            &personal_plan(cat, &plan.label()),
        ),
        AuditDetail::SupportAccount => plain(T::AuditSupportAccount),
        AuditDetail::Key { fingerprint } => one(T::AuditKey, "fingerprint", fingerprint),
        AuditDetail::SignedUp => plain(T::AuditSignedUp),
        AuditDetail::MovedToPro { cycle: c, card: on } => cat.fill(
            T::AuditMovedToPro,
            &[("cycle", &cycle_word(c)), ("card", &card(cat, Some(on)))],
        ),
        AuditDetail::TeamCreated { cycle: c } => one(T::AuditTeamCreated, "cycle", &cycle_word(c)),
        AuditDetail::TrialStarted { until } => one(T::AuditTrialStarted, "date", &day(*until)),
        AuditDetail::UpgradedAfterTrial => plain(T::AuditUpgraded),
        AuditDetail::Downgraded { templates } => {
            let hidden = plural(T::AuditTemplatesHidden, templates);
            one(T::AuditDowngraded, "templates", &hidden)
        }
        AuditDetail::TrialEndedOnPro { assistants } => {
            let released = plural(T::AuditAssistantsReleased, assistants);
            one(T::AuditTrialEndedPro, "assistants", &released)
        }
        AuditDetail::TrialEndedOnClinic => plain(T::AuditTrialEndedClinic),
        AuditDetail::Renamed { from } => one(T::AuditRenamed, "name", from),
        AuditDetail::SessionSharing { on } => {
            let state = cat.get(if *on { T::On } else { T::Off });
            one(T::AuditSessionSharing, "state", &state)
        }
        AuditDetail::EmailLanguage { language: chosen } => {
            one(T::AuditEmailLanguage, "language", &language(cat, *chosen))
        }
        AuditDetail::OwnershipPassed { from, to, to_name } => cat.fill(
            T::AuditOwnershipPassed,
            &[("from", from), ("to", to), ("name", to_name)],
        ),
        AuditDetail::TeamDeleted {
            members,
            invitations,
            templates,
        } => team_deleted(cat, [*members, *invitations, *templates]),
        AuditDetail::BillingUpdated {
            card: new_card,
            billing_email,
            cycle: next,
        } => billing_updated(cat, new_card.as_ref(), billing_email.as_ref(), *next),
        AuditDetail::InvoiceIssued {
            period: billed,
            total,
            currency,
            seats,
            billed_to,
        } => invoice_issued(cat, billed, (*total, currency), *seats, billed_to),
        AuditDetail::Invited { role: r, until } => link_sent(T::AuditInvited, r, until),
        AuditDetail::Resent { role: r, until } => link_sent(T::AuditResent, r, until),
        AuditDetail::Revoked => plain(T::AuditRevoked),
        AuditDetail::LinkRefused { code, by, unlogged } => link_refused(cat, code, by, *unlogged),
        AuditDetail::Joined { role: r, plan, on } => joined(cat, *r, *plan, *on),
        AuditDetail::ReminderQueued { expires } => {
            one(T::AuditReminderQueued, "date", &day(*expires))
        }
        AuditDetail::Email { email, settled } => email_settled(cat, *email, settled),
        AuditDetail::Removed { role: r } => one(T::AuditRemoved, "role", &role_word(r)),
        AuditDetail::Left => plain(T::AuditLeft),
        AuditDetail::RoleChanged { from, to } => cat.fill(
            T::AuditRoleChanged,
            &[("from", &role_word(from)), ("to", &role_word(to))],
        ),
        AuditDetail::TemplateAdded { bytes } => {
            one(T::AuditTemplateAdded, "size", &plural(T::AuditBytes, bytes))
        }
        AuditDetail::TemplateEdited { from, to, bytes } => cat.fill(
            T::AuditTemplateEdited,
            &[
                ("from", from),
                ("to", to),
                ("size", &plural(T::AuditBytes, bytes)),
            ],
        ),
        AuditDetail::TemplateDeleted { version } => {
            one(T::AuditTemplateDeleted, "version", version)
        }
    }
}

/// "team deleted": how many members, pending invitations and templates went.
fn team_deleted(cat: &Catalogue, [members, invitations, templates]: [u32; 3]) -> String {
    let words = |key, n| cat.plural(key, i64::from(n));
    cat.fill(
        T::AuditTeamDeleted,
        &[
            ("members", &words(T::AuditMembersReleased, members)),
            (
                "invitations",
                &words(T::AuditInvitationsRevoked, invitations),
            ),
            ("templates", &words(T::AuditTemplatesDeleted, templates)),
        ],
    )
}

/// An invoice issued: its period, total, seats billed and where it went.
fn invoice_issued(
    cat: &Catalogue,
    billed: &Period,
    (total, currency): (i64, &str),
    seats: u32,
    billed_to: &str,
) -> String {
    cat.fill(
        T::AuditInvoiceIssued,
        &[
            ("period", &period(cat, billed)),
            ("total", &cat.money(total, currency)),
            (
                "seats",
                &cat.plural(T::BillingSeatsBilled, i64::from(seats)),
            ),
            ("email", &billed_to),
        ],
    )
}

/// Each billing detail an admin changed, in turn.
fn billing_updated(
    cat: &Catalogue,
    new_card: Option<&PaymentMethod>,
    billing_email: Option<&Email>,
    next: Option<NextCycle>,
) -> String {
    let parts = [
        new_card
            .map(|new_card| cat.fill(T::AuditBillingCard, &[("card", &card(cat, Some(new_card)))])),
        billing_email.map(|email| cat.fill(T::AuditBillingEmail, &[("email", email)])),
        next.map(|next| {
            let cycle = cat.get(cycle_words(next.cycle).0);
            let date = day(next.from);
            cat.fill(T::AuditBillingCycle, &[("cycle", &cycle), ("date", &date)])
        }),
    ];
    parts.into_iter().flatten().collect::<Vec<_>>().join("; ")
}

/// A refused opening, with how many more went unlogged since the entry before.
fn link_refused(
    cat: &Catalogue,
    code: &crate::domain::DiagnosticCode,
    by: &Email,
    unlogged: u32,
) -> String {
    let values: [(&str, &dyn Display); 2] = [("code", code), ("email", by)];
    if unlogged == 0 {
        cat.fill(T::AuditLinkRefused, &values)
    } else {
        cat.counted(T::AuditLinkRefusedMore, ("n", i64::from(unlogged)), &values)
    }
}

/// Joining: the role, what became of the person's own plan, how their seat
/// is billed.
fn joined(cat: &Catalogue, joined_as: Role, plan: FormerPlan, on: NaiveDate) -> String {
    let plan = match plan {
        FormerPlan::Free => cat.get(T::AuditJoinedFree).to_owned(),
        FormerPlan::Pro { cycle, credit } => cat.fill(
            T::AuditJoinedPro,
            &[
                ("cycle", &cat.get(cycle_words(cycle).0)),
                ("amount", &cat.amount(credit)),
            ],
        ),
    };
    let seat = if joined_as.is_billable() {
        cat.fill(T::AuditSeatBilled, &[("date", &day(on))])
    } else {
        cat.get(T::AuditSeatFree).to_owned()
    };
    cat.fill(
        T::AuditJoined,
        &[
            ("role", &role(cat, joined_as, false)),
            ("plan", &plan),
            ("seat", &seat),
        ],
    )
}

/// How an email's delivery ended, in the words of the invitation timeline
/// where it says the same.
fn email_settled(cat: &Catalogue, kind: MessageKind, settled: &Settled) -> String {
    let email = email_kind(cat, kind);
    match settled {
        Settled::Sent { transport, reply } => cat.fill(
            T::TimelineDelivered,
            &[
                ("email", &email),
                ("transport", transport),
                ("reply", reply),
            ],
        ),
        Settled::Undelivered {
            reason,
            attempts,
            reply,
        } => match reason {
            Undelivered::Refused => {
                cat.fill(T::AuditEmailRefused, &[("email", &email), ("reply", reply)])
            }
            Undelivered::GaveUp => {
                let attempts = cat.plural(T::TimelineAttempts, i64::from(*attempts));
                let values: [(&str, &dyn Display); 3] =
                    [("email", &email), ("attempts", &attempts), ("reply", reply)];
                cat.fill(T::AuditEmailGaveUp, &values)
            }
            Undelivered::KeyChanged => cat.fill(T::TimelineKeyChanged, &[("email", &email)]),
            Undelivered::LinkExpired => cat.fill(T::TimelineLinkExpired, &[("email", &email)]),
        },
    }
}
