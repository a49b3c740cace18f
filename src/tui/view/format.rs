//! Words for data, in the console's language: dates, ages, roles, statuses,
//! next steps.

use chrono::{DateTime, Utc};

use crate::domain::calendar::{days_until, whole_days};
use crate::domain::{InvitationStatus, Role};
use crate::tui::i18n::{Catalogue, T};
use crate::workspace::{InvitationView, NextStep};

/// Dates are shown as ISO days: the same in every language.
pub fn date(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// "today" / "3 days ago".
pub fn ago(cat: &Catalogue, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    match whole_days(at, now) {
        0 => cat.get(T::Today).to_owned(),
        days => cat.fill(T::DaysAgo, &[("days", &cat.days(days))]),
    }
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

/// The next step for support, worded in the console's language.
pub fn next_step(cat: &Catalogue, view: &InvitationView, next: &NextStep) -> String {
    match next {
        NextStep::WaitOrResend { days_left } => {
            cat.fill(T::NextWait, &[("days", &cat.days(*days_left))])
        }
        NextStep::LeaveOtherTeam { team } => cat.fill(T::NextLeaveOther, &[("team", team)]),
        NextStep::SignInAsInvited { signed_in_as } => cat.fill(
            T::NextSignInAs,
            &[("signed_in_as", signed_in_as), ("email", &view.email)],
        ),
        NextStep::Resend => cat.get(T::NextResend).to_owned(),
        NextStep::InviteAgain => cat.get(T::NextInviteAgain).to_owned(),
        NextStep::UseNewer => cat.get(T::NextUseNewer).to_owned(),
        NextStep::Nothing => cat.get(T::NextNothing).to_owned(),
        NextStep::InviteBack => cat.get(T::NextLeft).to_owned(),
    }
}

/// Money in minor units with two decimals and the currency.
pub fn money(minor: i64, currency: &str) -> String {
    format!("{} {currency}", crate::billing::format_money(minor))
}
