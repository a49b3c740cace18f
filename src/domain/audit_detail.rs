//! What an audit entry says happened, as typed values: each interface
//! words it in its own language when it is shown, so the log is kept once
//! and read in English, Polish or JSON alike. [`fmt::Display`] is the
//! English sentence the command line prints.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::account::{Cycle, PersonalPlan};
use super::calendar::date;
use super::error::DiagnosticCode;
use super::outbox::{MessageKind, Settled};
use super::team::{Language, PaymentMethod, Role};
use super::text::Email;
use crate::billing::format_money;
use crate::billing::period::Period;

/// The details of one audit entry (R12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "snake_case")]
pub enum AuditDetail {
    /// The sentence of an entry written before details were typed, kept as
    /// it was written.
    Recorded(String),
    /// The operator created an account on `plan`.
    AccountCreated {
        plan: PersonalPlan,
    },
    /// The operator created a support staff account.
    SupportAccount,
    /// The operator registered or removed the SSH key with this fingerprint
    /// (which, the action says).
    Key {
        fingerprint: String,
    },
    /// Someone new signed up by opening an invitation link.
    SignedUp,
    /// A person on the free plan moved themselves to Pro, paying with `card`.
    MovedToPro {
        cycle: Cycle,
        card: PaymentMethod,
    },
    /// A Pro team created, billed on its owner's `cycle`.
    TeamCreated {
        cycle: Cycle,
    },
    /// Pro → Clinic with the free trial, which ends on `until`.
    TrialStarted {
        until: NaiveDate,
    },
    /// Pro → Clinic, the free trial used before.
    UpgradedAfterTrial,
    /// Clinic → Pro; `templates` shared templates hidden until Clinic again.
    Downgraded {
        templates: u32,
    },
    /// A trial ended without a card: back on Pro, `assistants` released.
    TrialEndedOnPro {
        assistants: u32,
    },
    /// A trial ended with a card on file: the team stays on Clinic.
    TrialEndedOnClinic,
    /// The team renamed; the entry's target is the new name.
    Renamed {
        from: String,
    },
    SessionSharing {
        on: bool,
    },
    /// The language of the team's invitation emails.
    EmailLanguage {
        language: Language,
    },
    /// Ownership passed from one admin to another (`to_name` pays from now on).
    OwnershipPassed {
        from: Email,
        to: Email,
        to_name: String,
    },
    /// The team deleted with what it held.
    TeamDeleted {
        members: u32,
        invitations: u32,
        templates: u32,
    },
    /// What an admin changed of the team's billing (at least one).
    BillingUpdated {
        card: Option<PaymentMethod>,
        billing_email: Option<Email>,
        cycle: Option<NextCycle>,
    },
    /// An invoice issued for `period`.
    InvoiceIssued {
        period: Period,
        total: i64,
        currency: String,
        seats: u32,
        billed_to: String,
    },
    Invited {
        role: Role,
        until: NaiveDate,
    },
    /// A new link in place of the previous one, valid until `until`.
    Resent {
        role: Role,
        until: NaiveDate,
    },
    Revoked,
    /// A link refused as `code`, opened by `by`; `unlogged` refusals of the
    /// same link since the entry before were counted but not logged.
    LinkRefused {
        code: DiagnosticCode,
        by: Email,
        unlogged: u32,
    },
    /// Joined as `role` on `on`, coming from `plan`.
    Joined {
        role: Role,
        plan: FormerPlan,
        on: NaiveDate,
    },
    /// A reminder queued for a link that expires on `expires`.
    ReminderQueued {
        expires: NaiveDate,
    },
    /// How an email's delivery ended.
    Email {
        email: MessageKind,
        settled: Settled,
    },
    Removed {
        role: Role,
    },
    Left,
    RoleChanged {
        from: Role,
        to: Role,
    },
    TemplateAdded {
        bytes: u32,
    },
    TemplateEdited {
        from: u32,
        to: u32,
        bytes: u32,
    },
    TemplateDeleted {
        version: u32,
    },
}

/// A billing cycle chosen for the periods from `from` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextCycle {
    pub cycle: Cycle,
    pub from: NaiveDate,
}

/// A person's own plan before they joined a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormerPlan {
    /// Free: the team covers Pro from now on.
    Free,
    /// Their own Pro, cancelled; its unused time credited to them.
    Pro { cycle: Cycle, credit: i64 },
}

/// A count as a detail keeps it.
pub fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The derived shape (`remote = "Self"` makes the derives inherent
/// functions, so that reading JSON can also take a sentence).
impl Serialize for AuditDetail {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AuditDetail::serialize(self, serializer)
    }
}

/// Exports made before details were typed hold a sentence where a typed
/// detail now stands: in JSON a string that names no detail is such a
/// sentence. The store's records say their format in their envelope
/// instead (see the store's legacy module).
impl<'de> Deserialize<'de> for AuditDetail {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Typed(#[serde(with = "AuditDetail")] AuditDetail),
            Sentence(String),
        }
        if !deserializer.is_human_readable() {
            return AuditDetail::deserialize(deserializer);
        }
        Ok(match Written::deserialize(deserializer)? {
            Written::Typed(detail) => detail,
            Written::Sentence(text) => AuditDetail::Recorded(text),
        })
    }
}

/// The English sentence, as the audit log has always read.
impl fmt::Display for AuditDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditDetail::Recorded(text) => f.write_str(text),
            AuditDetail::AccountCreated { plan } => write!(f, "plan {}", plan.label()),
            AuditDetail::SupportAccount => f.write_str("support staff account"),
            AuditDetail::Key { fingerprint } => f.write_str(fingerprint),
            AuditDetail::SignedUp => f.write_str("signed up through an invitation"),
            AuditDetail::MovedToPro { cycle, card } => {
                let (cycle, card) = (cycle.as_str(), card.describe());
                write!(f, "moved to Pro ({cycle}), paid by {card}")
            }
            AuditDetail::TeamCreated { cycle } => write!(
                f,
                "Pro team created; {} billing runs through the owner's account",
                cycle.as_str()
            ),
            AuditDetail::TrialStarted { until } => {
                write!(f, "upgraded to Clinic: free trial until {}", date(*until))
            }
            AuditDetail::UpgradedAfterTrial => {
                f.write_str("upgraded to Clinic (the free trial was used before)")
            }
            AuditDetail::Downgraded { templates } => write!(
                f,
                "downgraded to Pro; session sharing off; {templates} shared template(s) kept but hidden until the team is Clinic again"
            ),
            AuditDetail::TrialEndedOnPro { assistants } => write!(
                f,
                "the Clinic trial ended without a payment method on file: the team returned to Pro; shared templates are kept but hidden; {assistants} assistant(s) returned to the free plan"
            ),
            AuditDetail::TrialEndedOnClinic => f.write_str(
                "the Clinic trial ended; a payment method is on file, so the team stays on Clinic, billed at the Clinic rate from today",
            ),
            AuditDetail::Renamed { from } => write!(f, "renamed from \"{from}\""),
            AuditDetail::SessionSharing { on } => {
                write!(f, "session sharing {}", if *on { "on" } else { "off" })
            }
            AuditDetail::EmailLanguage { language } => {
                write!(f, "invitation emails in {}", language.code())
            }
            AuditDetail::OwnershipPassed { from, to, to_name } => write!(
                f,
                "ownership passed from {from} to {to}; payments now run through {to_name}'s account"
            ),
            AuditDetail::TeamDeleted {
                members,
                invitations,
                templates,
            } => write!(
                f,
                "team deleted: {members} member(s) returned to free, {invitations} pending invitation(s) revoked, {templates} template(s) deleted"
            ),
            AuditDetail::BillingUpdated {
                card,
                billing_email,
                cycle,
            } => billing_updated(f, card.as_ref(), billing_email.as_ref(), *cycle),
            AuditDetail::InvoiceIssued {
                period,
                total,
                currency,
                seats,
                billed_to,
            } => invoice_issued(f, period, (*total, currency), *seats, billed_to),
            AuditDetail::Invited { role, until } => {
                let (role, until) = (role.as_str(), date(*until));
                write!(f, "invited as {role}; link valid until {until}")
            }
            AuditDetail::Resent { role, until } => {
                let (role, until) = (role.as_str(), date(*until));
                write!(
                    f,
                    "new link sent; the previous link no longer works as {role}; link valid until {until}"
                )
            }
            AuditDetail::Revoked => f.write_str("invitation revoked; its link no longer works"),
            AuditDetail::LinkRefused { code, by, unlogged } => link_refused(f, *code, by, *unlogged),
            AuditDetail::Joined { role, plan, on } => joined(f, *role, *plan, *on),
            AuditDetail::ReminderQueued { expires } => {
                write!(f, "reminder queued: the link expires on {}", date(*expires))
            }
            AuditDetail::Email { email, settled } => {
                write!(f, "{} email: {settled}", email.as_str())
            }
            AuditDetail::Removed { role } => write!(
                f,
                "removed ({}); back on the free plan; seat no longer billed",
                role.as_str()
            ),
            AuditDetail::Left => {
                f.write_str("left the team; back on the free plan; seat no longer billed")
            }
            AuditDetail::RoleChanged { from, to } => {
                write!(f, "role {} → {}", from.as_str(), to.as_str())
            }
            AuditDetail::TemplateAdded { bytes } => write!(f, "version 1, {bytes} bytes"),
            AuditDetail::TemplateEdited { from, to, bytes } => {
                write!(f, "version {from} → {to}, {bytes} bytes")
            }
            AuditDetail::TemplateDeleted { version } => write!(f, "deleted at version {version}"),
        }
    }
}

/// "invoice for … to …: 99.00 USD, 3 billed seat(s), billed to …".
fn invoice_issued(
    f: &mut fmt::Formatter<'_>,
    period: &Period,
    (total, currency): (i64, &str),
    seats: u32,
    billed_to: &str,
) -> fmt::Result {
    let last = period.end.pred_opt().unwrap_or(period.end);
    let (from, to, total) = (date(period.start), date(last), format_money(total));
    write!(
        f,
        "invoice for {from} to {to}: {total} {currency}, {seats} billed seat(s), billed to {billed_to}"
    )
}

/// "CODE: link opened by …", with the refusals not logged since the entry before.
fn link_refused(
    f: &mut fmt::Formatter<'_>,
    code: DiagnosticCode,
    by: &Email,
    unlogged: u32,
) -> fmt::Result {
    write!(f, "{code}: link opened by {by}")?;
    if unlogged > 0 {
        let more = "more refused opening(s) of this link since the last entry";
        write!(f, " ({unlogged} {more})")?;
    }
    Ok(())
}

/// "joined as …; what became of their own plan; how their seat is billed".
fn joined(f: &mut fmt::Formatter<'_>, role: Role, plan: FormerPlan, on: NaiveDate) -> fmt::Result {
    write!(f, "joined as {}; ", role.as_str())?;
    match plan {
        FormerPlan::Free => f.write_str("free plan upgraded to Pro, covered by the team")?,
        FormerPlan::Pro { cycle, credit } => write!(
            f,
            "personal Pro ({}) subscription cancelled today; {} credited to the person's own account",
            cycle.as_str(),
            format_money(credit)
        )?,
    }
    if role.is_billable() {
        write!(f, "; seat billed to the owner from {}", date(on))
    } else {
        f.write_str("; assistant: no charge")
    }
}

/// "payment method …; billing email …; billing cycle … from …": what changed.
fn billing_updated(
    f: &mut fmt::Formatter<'_>,
    card: Option<&PaymentMethod>,
    billing_email: Option<&Email>,
    cycle: Option<NextCycle>,
) -> fmt::Result {
    let parts = [
        card.map(|card| format!("payment method {}", card.describe())),
        billing_email.map(|email| format!("billing email {email}")),
        cycle.map(|next| {
            format!(
                "billing cycle {} from {}",
                next.cycle.as_str(),
                date(next.from)
            )
        }),
    ];
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    f.write_str(&parts.join("; "))
}

#[cfg(test)]
pub(crate) mod tests;
