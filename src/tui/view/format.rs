//! Words for data, in the console's language: dates, ages, roles, statuses,
//! next steps, timelines.

use chrono::{DateTime, NaiveDate, Utc};

use unicode_width::UnicodeWidthStr;

use crate::billing::period::Period;
use crate::domain::calendar::{days_until, whole_days};
use crate::domain::outbox::{AttemptOutcome, MessageKind, Undelivered};
use crate::domain::timeline::TimelineEvent;
use crate::domain::{
    AuditAction, Cycle, InvitationStatus, Language, PaymentMethod, PersonalPlan, Role,
};
use crate::sanitize::{fit, line};
use crate::tui::i18n::{Catalogue, T};
use crate::workspace::{BillingEffect, InvitationView, NextStep, PersonRef};

mod audit;
pub use audit::audit_detail;

/// Dates are shown as ISO days: the same in every language.
pub fn date(at: DateTime<Utc>) -> String {
    day(at.date_naive())
}

/// A calendar day, as [`date`] shows a moment's.
pub fn day(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// "2026-10-28 – 2026-11-27": from `from` up to (not including) `to`.
pub fn days_between(cat: &Catalogue, from: NaiveDate, to: NaiveDate) -> String {
    let last = to.pred_opt().unwrap_or(to).max(from);
    cat.fill(
        T::BillingPeriodValue,
        &[("start", &day(from)), ("end", &day(last))],
    )
}

/// A billing period's first and last day.
pub fn period(cat: &Catalogue, period: &Period) -> String {
    days_between(cat, period.start, period.end)
}

/// The words of a cycle: its name ("monthly") and the period it prices ("month").
pub fn cycle_words(cycle: Cycle) -> (T, T) {
    match cycle {
        Cycle::Monthly => (T::CycleMonthly, T::PerMonth),
        Cycle::Yearly => (T::CycleYearly, T::PerYear),
    }
}

/// "99.00 USD per month": a seat's price for a whole period of `cycle`.
pub fn per_cycle(cat: &Catalogue, amount: i64, currency: &str, cycle: Cycle) -> String {
    let per = cat.get(cycle_words(cycle).1);
    cat.fill(
        T::BillingPerCycle,
        &[("price", &cat.money(amount, currency)), ("per", &per)],
    )
}

/// "today" / "3 days ago".
pub fn ago(cat: &Catalogue, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    match whole_days(at, now) {
        0 => cat.get(T::Today).to_owned(),
        days => cat.fill(T::DaysAgo, &[("days", &cat.days(days))]),
    }
}

/// A card on file, masked, in the console's language ("none on file" for none).
pub fn card(cat: &Catalogue, card: Option<&PaymentMethod>) -> String {
    match card {
        Some(card) => cat.fill(
            T::CardOnFile,
            &[
                ("brand", &line(&card.brand)),
                ("last4", &line(&card.last4)),
                (
                    "expiry",
                    &format!("{:02}/{}", card.expiry_month, card.expiry_year),
                ),
            ],
        ),
        None => cat.get(T::BillingNoCard).to_owned(),
    }
}

/// A language's name, in the console's language.
pub fn language(cat: &Catalogue, language: Language) -> String {
    cat.get(match language {
        Language::En => T::LanguageEn,
        Language::Pl => T::LanguagePl,
    })
    .to_owned()
}

/// An audit entry's action in words ("invited", not `invite.add`).
pub fn audit_action(cat: &Catalogue, action: AuditAction) -> String {
    let id = action.as_str().replace('.', "-");
    cat.fill(T::AuditActionWords, &[("action", &id)])
}

pub fn role(cat: &Catalogue, role: Role, owner: bool) -> String {
    if owner {
        return cat.get(T::RoleOwner).to_owned();
    }
    cat.get(match role {
        Role::Admin => T::RoleAdmin,
        Role::TemplateManager => T::RoleTemplateManager,
        Role::Member => T::RoleMember,
        Role::Assistant => T::RoleAssistant,
    })
    .to_owned()
}

/// A symbol per status, so status never rides on colour alone.
pub fn status_symbol(status: InvitationStatus) -> &'static str {
    match status {
        InvitationStatus::Pending => "…",
        InvitationStatus::Expired => "!",
        InvitationStatus::Revoked => "×",
        InvitationStatus::Superseded => "↻",
        InvitationStatus::Accepted => "✓",
    }
}

/// "pending · expires in 2 days", "revoked 2026-10-12 by Priya Shah"...
pub fn status(cat: &Catalogue, view: &InvitationView, now: DateTime<Utc>) -> String {
    let closed = view.closed_at.map(date).unwrap_or_default();
    let text = match view.status {
        InvitationStatus::Pending => match days_until(now, view.expires_at) {
            0 => cat.get(T::StatusPendingToday).to_owned(),
            days => cat.fill(T::StatusPending, &[("days", &cat.days(days))]),
        },
        InvitationStatus::Expired => match whole_days(view.expires_at, now) {
            0 => cat.get(T::StatusExpiredToday).to_owned(),
            days => cat.fill(T::StatusExpired, &[("days", &cat.days(days))]),
        },
        InvitationStatus::Revoked => {
            let by = view.revoked_by.as_ref().map_or("?", |p| p.name.as_str());
            cat.fill(T::StatusRevoked, &[("date", &closed), ("name", &by)])
        }
        InvitationStatus::Superseded => cat.fill(T::StatusSuperseded, &[("date", &closed)]),
        InvitationStatus::Accepted => cat.fill(T::StatusAccepted, &[("date", &closed)]),
    };
    format!("{} {text}", status_symbol(view.status))
}

/// A moment in a sentence: its time alone on the day of `now`, else with
/// its date.
pub fn moment(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if at.date_naive() == now.date_naive() {
        at.format("%H:%M").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// The next step for support (and admins), worded in the console's language.
pub fn next_step(
    cat: &Catalogue,
    view: &InvitationView,
    next: &NextStep,
    now: DateTime<Utc>,
) -> String {
    match next {
        NextStep::WaitOrResend { days_left } => {
            cat.fill(T::NextWait, &[("days", &cat.days(*days_left))])
        }
        NextStep::AwaitDelivery { queued_at } => {
            cat.fill(T::NextAwaitDelivery, &[("since", &moment(*queued_at, now))])
        }
        NextStep::MailServerUnreachable {
            since,
            next_attempt,
            reply,
        } => cat.fill(
            T::NextMailServerDown,
            &[
                ("since", &moment(*since, now)),
                ("next", &moment(*next_attempt, now)),
                ("reply", reply),
            ],
        ),
        NextStep::CheckAddress { reply } => cat.fill(T::NextCheckAddress, &[("reply", reply)]),
        NextStep::ResendAfterGivingUp { attempts, reply } => cat.fill(
            T::NextGaveUp,
            &[
                ("attempts", &attempts_words(cat, *attempts)),
                ("reply", reply),
            ],
        ),
        NextStep::ResendAfterKeyChange => cat.get(T::NextKeyChanged).to_owned(),
        NextStep::ResendUndelivered => cat.get(T::NextUndelivered).to_owned(),
        NextStep::LeaveOtherTeam { team } => cat.fill(T::NextLeaveOther, &[("team", team)]),
        NextStep::SignInAsInvited { signed_in_as } => cat.fill(
            T::NextSignInAs,
            &[("signed_in_as", signed_in_as), ("email", &view.email)],
        ),
        NextStep::Resend => cat.get(T::NextResend).to_owned(),
        NextStep::InviteAgain => cat.get(T::NextInviteAgain).to_owned(),
        NextStep::TeamDeleted => cat.get(T::NextTeamDeleted).to_owned(),
        NextStep::UseNewer => cat.get(T::NextUseNewer).to_owned(),
        NextStep::Nothing => cat.get(T::NextNothing).to_owned(),
        NextStep::InviteBack => cat.get(T::NextLeft).to_owned(),
    }
}

/// "8 attempts", "po 8 próbach".
fn attempts_words(cat: &Catalogue, attempts: usize) -> String {
    cat.plural(
        T::TimelineAttempts,
        i64::try_from(attempts).unwrap_or(i64::MAX),
    )
}

fn person_name(person: Option<&PersonRef>) -> &str {
    person.map_or("?", |person| person.name.as_str())
}

/// Which email it was: "invitation email", "reminder".
fn email_kind(cat: &Catalogue, kind: MessageKind) -> &str {
    cat.get(match kind {
        MessageKind::Invitation => T::TimelineInvitationEmail,
        MessageKind::Reminder => T::TimelineReminderEmail,
    })
}

/// One event of an invitation's timeline, worded in the console's language.
pub fn timeline_event(cat: &Catalogue, event: &TimelineEvent<PersonRef>) -> String {
    let email = |kind: &MessageKind| email_kind(cat, *kind);
    match event {
        TimelineEvent::Created {
            by,
            replaces_earlier,
        } => {
            let key = if *replaces_earlier {
                T::TimelineResent
            } else {
                T::TimelineSent
            };
            cat.fill(key, &[("name", &by.name)])
        }
        TimelineEvent::Queued { email: kind } => {
            cat.fill(T::TimelineQueued, &[("email", &email(kind))])
        }
        TimelineEvent::Attempt {
            email: kind,
            transport,
            outcome,
            reply,
        } => {
            let key = match outcome {
                AttemptOutcome::Delivered => T::TimelineDelivered,
                AttemptOutcome::Deferred => T::TimelineDeferred,
                AttemptOutcome::Refused => T::TimelineBounced,
            };
            let values: [(&str, &dyn std::fmt::Display); 3] = [
                ("email", &email(kind)),
                ("transport", transport),
                ("reply", reply),
            ];
            cat.fill(key, &values)
        }
        TimelineEvent::Undelivered {
            email: kind,
            reason,
            attempts,
        } => {
            let key = match reason {
                Undelivered::Refused => T::TimelineNotRetried,
                Undelivered::GaveUp => T::TimelineGaveUp,
                Undelivered::KeyChanged => T::TimelineKeyChanged,
                Undelivered::LinkExpired => T::TimelineLinkExpired,
            };
            let attempts = attempts_words(cat, *attempts);
            cat.fill(key, &[("email", &email(kind)), ("attempts", &attempts)])
        }
        TimelineEvent::Cancelled { email: kind, .. } => {
            cat.fill(T::TimelineCancelled, &[("email", &email(kind))])
        }
        TimelineEvent::Refused {
            code,
            by_email,
            other_team,
        } => match other_team {
            Some(team) => cat.fill(
                T::TimelineRefusedOtherTeam,
                &[("code", code), ("email", by_email), ("team", team)],
            ),
            None => cat.fill(T::TimelineRefused, &[("code", code), ("email", by_email)]),
        },
        TimelineEvent::RefusalsNotKept { count } => {
            cat.plural(T::TimelineRefusalsNotKept, i64::from(*count))
        }
        TimelineEvent::Revoked { by } => {
            cat.fill(T::TimelineRevoked, &[("name", &person_name(by.as_ref()))])
        }
        TimelineEvent::Superseded { by } => cat.fill(
            T::TimelineSuperseded,
            &[("name", &person_name(by.as_ref()))],
        ),
        TimelineEvent::Accepted { by } => {
            cat.fill(T::TimelineAccepted, &[("name", &person_name(by.as_ref()))])
        }
        TimelineEvent::Expired => cat.get(T::TimelineExpired).to_owned(),
    }
}

/// `text` broken at spaces into lines of at most `width` columns; a word
/// wider than that is cut with "…".
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        if !current.is_empty() && current.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    lines
        .into_iter()
        .map(|line| fit(&line, width).into_owned())
        .collect()
}

/// What a change does to the next invoice, briefly: "19.17 USD on the
/// 2026-11-28 invoice", "credit 6.39 USD on …", "no change to …".
pub fn invoice_change(cat: &Catalogue, effect: &BillingEffect) -> String {
    let date = day(effect.next_invoice_on);
    let amount = cat.money(effect.amount.abs(), &effect.currency);
    let key = match effect.amount.signum() {
        1 => T::CostCharge,
        -1 => T::CostCredit,
        _ => T::CostNone,
    };
    cat.fill(key, &[("amount", &amount), ("date", &date)])
}

/// A cost preview in full: "+3 seats at 99.00 USD per month: 19.17 USD on
/// the 2026-11-28 invoice, pro rata", "new seat price: …", or no change.
/// `seat_price` is a billable seat's price for the running period.
pub fn cost(cat: &Catalogue, effect: &BillingEffect, seat_price: i64) -> String {
    let change = invoice_change(cat, effect);
    if effect.seats != 0 {
        let sign = if effect.seats > 0 { "+" } else { "−" };
        let seats = format!("{sign}{}", cat.plural(T::CostSeats, effect.seats));
        let price = per_cycle(cat, seat_price, &effect.currency, effect.cycle);
        cat.fill(
            T::CostSeatsLine,
            &[("seats", &seats), ("price", &price), ("change", &change)],
        )
    } else if effect.amount != 0 {
        cat.fill(T::CostPriceLine, &[("change", &change)])
    } else {
        change
    }
}

/// A person's own plan in the console's words: the workspace names it by
/// its label (`free`, `pro (monthly)`), kept as it is if it is neither.
pub fn personal_plan(cat: &Catalogue, label: &str) -> String {
    if label == PersonalPlan::Free.label() {
        return cat.get(T::PlanFree).to_owned();
    }
    for cycle in [Cycle::Monthly, Cycle::Yearly] {
        let since = chrono::DateTime::UNIX_EPOCH;
        if label == (PersonalPlan::Pro { cycle, since }).label() {
            let cycle = cat.get(cycle_words(cycle).0);
            return format!("{} ({cycle})", cat.get(T::PlanPro));
        }
    }
    label.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_and_cuts_a_word_too_wide() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("unbreakable", 6), ["unbre…"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
