//! Text output of the command line. Every user string goes through
//! [`crate::sanitize`] before it is printed.

mod printer;

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use super::args::InvoiceFormat;
use super::billing;
use super::request::Answer;
use super::triage;
use super::words;
use crate::billing::format_money;
use crate::domain::calendar::day;
use crate::domain::{Language, PlanChange, PlanEvent};
use crate::sanitize::{block, line};
use crate::store::archive::Swept;
use crate::store::doctor::Report;
use crate::workspace::{
    AccountKeyView, AccountView, AuditView, BillingEffect, ImportReport, InvitationView,
    InviteResult, JoinView, MemberView, Outcome, SentLink, TeamView, TemplateSummary, TemplateView,
};
pub use printer::Printer;
pub(super) use printer::{Out, field, table};

fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

fn plan_event(event: &PlanEvent) -> String {
    let team = &event.team_name;
    let what = match &event.change {
        PlanChange::ProCancelledOnJoining { cycle, credit, .. } => format!(
            "personal Pro ({}) cancelled on joining \"{team}\"; {} of unused time credited",
            cycle.as_str(),
            format_money(*credit)
        ),
        PlanChange::UpgradedByTeam => format!("free plan upgraded to Pro by joining \"{team}\""),
        PlanChange::MovedToTeam { cycle, .. } => {
            format!(
                "personal Pro ({}) became the subscription of \"{team}\"",
                cycle.as_str()
            )
        }
        PlanChange::ReturnedToFree => format!("back on the free plan after leaving \"{team}\""),
    };
    format!("{}  {what}", day(event.at))
}

pub fn account(out: Out, view: &AccountView) -> io::Result<()> {
    field(out, "Name", &view.name)?;
    field(out, "Email", &view.email)?;
    field(out, "Plan", &view.plan)?;
    if let Some(staff) = &view.staff {
        field(out, "Staff", staff)?;
    }
    match &view.team {
        Some(team) => {
            let role = if team.owner {
                "owner, admin".to_owned()
            } else {
                words::role(team.role)
            };
            field(out, "Team", &format!("{} ({role})", team.name))?;
        }
        None => field(out, "Team", "none")?,
    }
    if view.credit > 0 {
        field(
            out,
            "Credit",
            &format!("{} (yours, never the team's)", format_money(view.credit)),
        )?;
    }
    if let Some(card) = &view.payment_method {
        field(out, "Card", card)?;
    }
    for (i, event) in view.plan_history.iter().enumerate() {
        field(out, if i == 0 { "History" } else { "" }, &plan_event(event))?;
    }
    Ok(())
}

pub fn account_created(out: Out, view: &AccountView) -> io::Result<()> {
    writeln!(
        out,
        "Created the account {} ({}) on plan {}.",
        line(&view.email),
        line(&view.name),
        view.plan
    )
}

/// `account keys`: one line per key.
pub fn account_keys(out: Out, keys: &[AccountKeyView]) -> io::Result<()> {
    let rows = keys
        .iter()
        .map(|key| {
            vec![
                key.algorithm.clone(),
                key.fingerprint.clone(),
                key.comment.clone(),
            ]
        })
        .collect();
    table(out, &["TYPE", "FINGERPRINT", "COMMENT"], rows)
}

/// A key as the sentences of `add-key` and `remove-key` name it.
fn key_words(key: &AccountKeyView) -> String {
    match key.comment.as_str() {
        "" => format!("the {} key {}", key.algorithm, key.fingerprint),
        comment => format!(
            "the {} key {} ({})",
            key.algorithm,
            key.fingerprint,
            line(comment)
        ),
    }
}

pub fn upgraded(out: Out, view: &AccountView) -> io::Result<()> {
    writeln!(
        out,
        "{} is now on plan {}, paid with {}; the period starts today.",
        line(&view.email),
        view.plan,
        view.payment_method
            .as_deref()
            .map_or("no card".into(), line)
    )
}

pub fn team(out: Out, view: &TeamView) -> io::Result<()> {
    field(out, "Team", &view.name)?;
    let plan = match view.trial_days_left {
        Some(days) => format!("clinic (free trial, {days} day(s) left)"),
        None => view.kind.as_str().to_owned(),
    };
    field(out, "Plan", &plan)?;
    field(
        out,
        "Billing",
        &format!(
            "{}{}, through {} <{}>",
            view.cycle.as_str(),
            view.next_cycle
                .map(|next| format!(" ({} from the next period)", next.as_str()))
                .unwrap_or_default(),
            view.owner.name,
            view.owner.email
        ),
    )?;
    field(
        out,
        "Members",
        &format!(
            "{} ({} billed seat(s), {} assistant(s))",
            view.members, view.billable_seats, view.assistants
        ),
    )?;
    field(
        out,
        "Session sharing",
        if view.session_sharing { "on" } else { "off" },
    )?;
    field(
        out,
        "Email language",
        match view.language {
            Language::En => "English",
            Language::Pl => "Polish",
        },
    )?;
    field(out, "Created", &day(view.created_at))?;
    field(out, "Id", &view.id.to_string())
}

pub fn members(out: Out, list: &[MemberView]) -> io::Result<()> {
    let rows = list
        .iter()
        .map(|m| {
            let role = if m.owner {
                "owner".to_owned()
            } else {
                words::role(m.role)
            };
            let seat = if m.billable { "billed" } else { "free" };
            vec![
                m.name.clone(),
                m.email.clone(),
                role,
                seat.to_owned(),
                day(m.joined_at),
            ]
        })
        .collect();
    table(out, &["NAME", "EMAIL", "ROLE", "SEAT", "JOINED"], rows)
}

pub fn invitations(out: Out, list: &[InvitationView], now: DateTime<Utc>) -> io::Result<()> {
    let rows = list
        .iter()
        .map(|i| {
            vec![
                i.email.clone(),
                words::role(i.role),
                words::status(i, now),
                i.invited_by.name.clone(),
                day(i.sent_at),
            ]
        })
        .collect();
    table(
        out,
        &["EMAIL", "ROLE", "STATUS", "INVITED BY", "SENT"],
        rows,
    )
}

pub fn invited(out: Out, results: &[InviteResult]) -> io::Result<()> {
    for result in results {
        match result {
            InviteResult::Invited(sent) => writeln!(
                out,
                "invited {} as {}: {}  (valid until {}); email {}",
                line(&sent.email),
                words::role(sent.role),
                sent.link,
                day(sent.expires_at),
                super::mail::delivery_words(sent)
            )?,
            InviteResult::Refused { email, error, .. } => {
                writeln!(out, "refused {}: {}", line(email), line(error))?
            }
        }
    }
    let invited: Vec<&BillingEffect> = results
        .iter()
        .filter_map(|result| match result {
            InviteResult::Invited(sent) => sent.billing_effect.as_ref(),
            InviteResult::Refused { .. } => None,
        })
        .collect();
    if let Some(first) = invited.first() {
        let all = BillingEffect {
            seats: invited.iter().map(|e| e.seats).sum(),
            amount: invited.iter().map(|e| e.amount).sum(),
            ..(*first).clone()
        };
        writeln!(out, "if they all join today: {}", billing::effect(&all))?;
    }
    Ok(())
}

pub fn resent(out: Out, sent: &SentLink) -> io::Result<()> {
    writeln!(
        out,
        "New link for {}: {}  (valid until {}). The previous link no longer works. Email {}.",
        line(&sent.email),
        sent.link,
        day(sent.expires_at),
        super::mail::delivery_words(sent)
    )
}

/// `invite resend --all-expired`: one line per address.
pub fn resent_expired(out: Out, results: &[InviteResult]) -> io::Result<()> {
    if results.is_empty() {
        return writeln!(out, "No invitation of the team has expired.");
    }
    for result in results {
        match result {
            InviteResult::Invited(sent) => resent(out, sent)?,
            InviteResult::Refused { email, error, .. } => {
                writeln!(out, "not resent to {}: {}", line(email), line(error))?;
            }
        }
    }
    Ok(())
}

pub fn revoked(out: Out, view: &InvitationView) -> io::Result<()> {
    writeln!(
        out,
        "Revoked the invitation of {} to \"{}\"; its link no longer works.",
        line(&view.email),
        line(&view.team_name)
    )
}

pub fn joined(out: Out, view: &JoinView) -> io::Result<()> {
    let plan = match &view.plan_change.change {
        PlanChange::ProCancelledOnJoining { cycle, credit, .. } => format!(
            "Your personal Pro ({}) subscription was cancelled today; the team covers you now, and {} of unused time is credited to your own account.",
            cycle.as_str(),
            format_money(*credit)
        ),
        _ => "You are on Pro now, covered by the team.".to_owned(),
    };
    let created = if view.account_created {
        "Your account was created. "
    } else {
        ""
    };
    writeln!(
        out,
        "{created}Welcome to \"{}\": you joined as {}. {plan}",
        line(&view.team.name),
        words::role(view.team.role)
    )
}

pub fn member_changed(out: Out, view: &MemberView) -> io::Result<()> {
    writeln!(
        out,
        "{} <{}> is now {}.",
        line(&view.name),
        line(&view.email),
        words::role(view.role)
    )?;
    effect_line(out, view.billing_effect.as_deref())
}

/// What a change did to the next invoice, when it did something.
fn effect_line(out: Out, effect: Option<&BillingEffect>) -> io::Result<()> {
    match effect {
        Some(effect) if effect.amount != 0 || effect.seats != 0 => {
            writeln!(out, "Billing: {}", billing::effect(effect))
        }
        _ => Ok(()),
    }
}

pub fn removed(out: Out, email: &str, team: &str, effect: &BillingEffect) -> io::Result<()> {
    writeln!(
        out,
        "{} is no longer in \"{}\" and is back on the free plan; the seat is no longer billed.",
        line(email),
        line(team)
    )?;
    effect_line(out, Some(effect))
}

pub fn templates(out: Out, list: &[TemplateSummary]) -> io::Result<()> {
    let rows = list
        .iter()
        .map(|t| {
            vec![
                t.name.clone(),
                t.version.to_string(),
                format!("{} B", t.bytes),
                format!("{} by {}", day(t.updated_at), t.updated_by.name),
            ]
        })
        .collect();
    table(out, &["NAME", "VERSION", "SIZE", "UPDATED"], rows)
}

pub fn template(out: Out, view: &TemplateView) -> io::Result<()> {
    writeln!(
        out,
        "{} (version {}, updated {} by {})",
        line(&view.name),
        view.version,
        day(view.updated_at),
        line(&view.updated_by.name)
    )?;
    writeln!(out)?;
    for text in block(&view.body) {
        writeln!(out, "{text}")?;
    }
    Ok(())
}

pub fn template_saved(out: Out, view: &TemplateView) -> io::Result<()> {
    writeln!(
        out,
        "Saved template \"{}\" (version {}).",
        line(&view.name),
        view.version
    )
}

pub fn template_removed(out: Out, name: &str) -> io::Result<()> {
    writeln!(out, "Deleted template \"{}\".", line(name))
}

pub fn team_deleted(out: Out, name: &str, released: usize) -> io::Result<()> {
    writeln!(
        out,
        "Deleted \"{}\": {released} member(s) are back on the free plan, pending invitations revoked, templates deleted.",
        line(name)
    )
}

pub fn audit(out: Out, entries: &[AuditView]) -> io::Result<()> {
    let rows = entries
        .iter()
        .map(|e| {
            vec![
                timestamp(e.at),
                e.actor.clone(),
                e.action.to_string(),
                e.target.clone(),
                e.details.to_string(),
            ]
        })
        .collect();
    table(out, &["AT", "BY", "ACTION", "TARGET", "DETAILS"], rows)
}

pub fn imported(out: Out, report: &ImportReport) -> io::Result<()> {
    writeln!(
        out,
        "Imported {} account(s), {} team(s), {} invitation(s) and {} template(s).",
        report.accounts, report.teams, report.invitations, report.templates
    )
}

pub fn archived(out: Out, swept: &Swept) -> io::Result<()> {
    writeln!(
        out,
        "Moved to the archive: {} invitation(s), {} email(s), {} audit entr(ies).",
        swept.invitations, swept.messages, swept.audit_entries
    )
}

pub fn doctor(out: Out, report: &Report) -> io::Result<()> {
    writeln!(
        out,
        "Checked {} account(s), {} team(s), {} membership(s), {} invitation(s), {} template(s), {} audit entr(ies).",
        report.accounts,
        report.teams,
        report.memberships,
        report.invitations,
        report.templates,
        report.audit_entries
    )?;
    if report.archived_invitations + report.archived_audit_entries + report.archived_messages > 0 {
        writeln!(
            out,
            "Of them in the archive: {} invitation(s), {} audit entr(ies); and {} email(s).",
            report.archived_invitations, report.archived_audit_entries, report.archived_messages
        )?;
    }
    if report.is_sound() {
        return writeln!(out, "Every invariant holds.");
    }
    for problem in &report.problems {
        writeln!(out, "problem: {}", line(problem))?;
    }
    Ok(())
}

pub(super) fn write_json<T: serde::Serialize + ?Sized>(out: Out, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// Prints an answer: as JSON (the shapes the README documents), or as text.
pub fn print(out: Out, json: bool, answer: &Answer, now: DateTime<Utc>) -> io::Result<()> {
    match answer {
        Answer::Outcome(outcome) => print_outcome(out, json, outcome),
        Answer::Lookup(found) if json => triage::json(out, found, now),
        Answer::Lookup(found) => triage::lookup(out, found, now),
        Answer::Template { view, raw: true } if !json => out.write_all(view.body.as_bytes()),
        Answer::Exported => Ok(()),
        _ if json => print_json(out, answer, now),
        Answer::Account(view) => account(out, view),
        Answer::AccountKeys(keys) => account_keys(out, keys),
        Answer::Team(view) => team(out, view),
        Answer::Members(list) => members(out, list),
        Answer::Invitations(list) => invitations(out, list, now),
        Answer::Templates(list) => templates(out, list),
        Answer::Template { view, .. } => template(out, view),
        Answer::Billing(view) => billing::summary(out, view),
        Answer::Invoice(invoice) => billing::invoice(out, invoice),
        Answer::Invoices(list, InvoiceFormat::Csv) => billing::invoices_csv(out, list),
        Answer::Invoices(list, InvoiceFormat::Json) => write_json(out, list),
        Answer::Invoices(list, InvoiceFormat::Text) => billing::invoices(out, list),
        Answer::Audit(entries) => audit(out, entries),
        Answer::Imported(report) => imported(out, report),
        Answer::Doctor(report) => doctor(out, report),
        Answer::Archived(swept) => archived(out, swept),
        Answer::Outbox(list) => super::mail::outbox(out, list),
        Answer::Delivered(tried) => super::mail::delivered(out, tried),
    }
}

/// The JSON of a read's answer.
fn print_json(out: Out, answer: &Answer, now: DateTime<Utc>) -> io::Result<()> {
    match answer {
        Answer::Account(view) => write_json(out, view),
        Answer::AccountKeys(keys) => write_json(out, keys),
        Answer::Team(view) => write_json(out, view),
        Answer::Members(list) => write_json(out, list),
        Answer::Invitations(list) => write_json(out, list),
        Answer::Templates(list) => write_json(out, list),
        Answer::Template { view, .. } => write_json(out, view),
        Answer::Billing(view) => write_json(out, view),
        Answer::Invoice(invoice) => write_json(out, invoice),
        Answer::Invoices(list, _) => write_json(out, list),
        Answer::Audit(entries) => write_json(out, entries),
        Answer::Imported(report) => write_json(out, report),
        Answer::Doctor(report) => write_json(out, report),
        Answer::Archived(swept) => write_json(out, swept),
        Answer::Exported => Ok(()),
        Answer::Outcome(outcome) => print_outcome(out, true, outcome),
        Answer::Lookup(found) => triage::json(out, found, now),
        Answer::Outbox(list) | Answer::Delivered(list) => write_json(out, list),
    }
}

/// Prints what a command did.
fn print_outcome(out: Out, json: bool, outcome: &Outcome) -> io::Result<()> {
    if json {
        return match outcome {
            Outcome::Account(view) | Outcome::Upgraded(view) => write_json(out, view),
            Outcome::Team(view) => write_json(out, view),
            Outcome::Invited(results) => write_json(out, results),
            Outcome::Resent(link) => write_json(out, link),
            Outcome::ResentExpired(results) => write_json(out, results),
            Outcome::Revoked(view) => write_json(out, view),
            Outcome::Joined(view) => write_json(out, view),
            Outcome::Member(view) => write_json(out, view),
            Outcome::Removed {
                email,
                team,
                billing_effect,
            } => write_json(
                out,
                &serde_json::json!({ "email": email, "team": team, "billing_effect": billing_effect }),
            ),
            Outcome::Template(view) => write_json(out, view),
            Outcome::TemplateRemoved { name } => {
                write_json(out, &serde_json::json!({ "removed": name }))
            }
            Outcome::TeamDeleted {
                name,
                members_released,
            } => write_json(
                out,
                &serde_json::json!({ "deleted": name, "members_released": members_released }),
            ),
            Outcome::Billing(view) => write_json(out, view),
            Outcome::KeyAdded { email, key } => {
                write_json(out, &serde_json::json!({ "email": email, "added": key }))
            }
            Outcome::KeyRemoved { email, key } => {
                write_json(out, &serde_json::json!({ "email": email, "removed": key }))
            }
        };
    }
    match outcome {
        Outcome::Account(view) => account_created(out, view),
        Outcome::Upgraded(view) => upgraded(out, view),
        Outcome::Team(view) => {
            team(out, view)?;
            effect_line(out, view.billing_effect.as_ref())
        }
        Outcome::Invited(results) => invited(out, results),
        Outcome::Resent(link) => resent(out, link),
        Outcome::ResentExpired(results) => resent_expired(out, results),
        Outcome::Revoked(view) => revoked(out, view),
        Outcome::Joined(view) => joined(out, view),
        Outcome::Member(view) => member_changed(out, view),
        Outcome::Removed {
            email,
            team,
            billing_effect,
        } => removed(out, email, team, billing_effect),
        Outcome::Template(view) => template_saved(out, view),
        Outcome::TemplateRemoved { name } => template_removed(out, name),
        Outcome::TeamDeleted {
            name,
            members_released,
        } => team_deleted(out, name, *members_released),
        Outcome::Billing(view) => billing::summary(out, view),
        Outcome::KeyAdded { email, key } => {
            writeln!(out, "Registered {} to {}.", key_words(key), line(email))
        }
        Outcome::KeyRemoved { email, key } => {
            writeln!(out, "Removed {} from {}.", key_words(key), line(email))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text_width::columns;

    /// Columns are padded by the widths terminals draw, so a name in any
    /// script keeps the next column in line.
    #[test]
    fn table_columns_line_up_as_a_terminal_draws_them() {
        let names = [
            "கார்த்திக் ராஜா",
            "কামাল হোসেন",
            "สมชาย คำดี",
            "Zofia 🇵🇱 Nowak",
            "Box ㉈㉉ Sign",
        ];
        let rows = names
            .iter()
            .map(|name| vec![(*name).to_owned(), "member".to_owned()])
            .collect();
        let mut printed = Vec::new();
        table(
            &mut Printer::new(&mut printed, false),
            &["NAME", "ROLE"],
            rows,
        )
        .expect("a table");
        let printed = String::from_utf8(printed).expect("UTF-8");
        let widest = names.iter().map(|name| columns(name)).max();
        for row in printed.lines() {
            let at = row
                .find("member")
                .or_else(|| row.find("ROLE"))
                .expect("a role");
            assert_eq!(
                Some(columns(&row[..at])),
                widest.map(|w| w + 2),
                "{printed}"
            );
        }
    }
}
