//! `support lookup` on the command line: an address's invitations, each
//! with its timeline and next step, as text or `--json`; or every invited
//! address a beginning matches.

use std::io::{self, Write as _};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::output::{Out, write_json};
use super::words;
use crate::sanitize::line;
use crate::workspace::{
    EmailView, InvitationView, LookupAccount, LookupFound, LookupMatches, LookupView, NextStep,
    TimelineView, TriageRow,
};

/// The text of a lookup.
pub fn lookup(out: Out, found: &LookupFound, now: DateTime<Utc>) -> io::Result<()> {
    match found {
        LookupFound::Address(view) => address(out, view, "", now),
        LookupFound::Matches(matches) => matched(out, matches, now),
    }
}

/// Every address a beginning matched, one after another.
fn matched(out: Out, matches: &LookupMatches, now: DateTime<Utc>) -> io::Result<()> {
    let query = line(&matches.query);
    if matches.addresses.is_empty() {
        return writeln!(out, "No invited address starts with \"{query}\".");
    }
    let count = matches.addresses.len();
    let more = if matches.more { "more than " } else { "" };
    writeln!(
        out,
        "{more}{count} invited address(es) start with \"{query}\"{}",
        if matches.more {
            "; the first ones:"
        } else {
            ":"
        }
    )?;
    for view in &matches.addresses {
        writeln!(out)?;
        address(out, view, "== ", now)?;
    }
    if matches.more {
        writeln!(out)?;
        writeln!(
            out,
            "More addresses start with \"{query}\" than the {count} shown: type more of the address."
        )?;
    }
    Ok(())
}

/// One address (its first line after `mark`): its account, then each
/// invitation with its timeline.
fn address(out: Out, view: &LookupView, mark: &str, now: DateTime<Utc>) -> io::Result<()> {
    match &view.account {
        Some(account) => writeln!(
            out,
            "{mark}{} — {}, plan {}, {}",
            line(&view.email),
            line(&account.name),
            account.plan,
            account
                .team
                .as_deref()
                .map_or("in no team".to_owned(), |t| format!("in \"{}\"", line(t)))
        )?,
        None => writeln!(out, "{mark}{} — no account yet", line(&view.email))?,
    }
    if view.invitations.is_empty() {
        return writeln!(out, "No invitations for this address.");
    }
    for row in &view.invitations {
        let i = &row.invitation;
        writeln!(out)?;
        writeln!(
            out,
            "{}  {} · {}",
            line(&i.team_name),
            words::role(i.role),
            line(&words::status(i, now))
        )?;
        for entry in &row.timeline {
            writeln!(
                out,
                "  {}  {}",
                entry.at.format("%Y-%m-%d %H:%M"),
                line(&words::timeline_event(&entry.event))
            )?;
        }
        writeln!(
            out,
            "  next: {}",
            line(&words::next_step(&row.next, i, now))
        )?;
    }
    Ok(())
}

/// `support lookup --json` of a whole address: the lookup with each
/// invitation's status, timeline and next step in words beside the facts.
#[derive(Serialize)]
struct LookupJson<'a> {
    email: &'a str,
    account: &'a Option<LookupAccount>,
    invitations: Vec<TriageJson<'a>>,
}

#[derive(Serialize)]
struct TriageJson<'a> {
    invitation: &'a InvitationView,
    status_text: String,
    next_step: String,
    next: &'a NextStep,
    email_queued_at: Option<DateTime<Utc>>,
    email_delivery: &'a Option<EmailView>,
    reminder_delivery: &'a Option<EmailView>,
    timeline: &'a [TimelineView],
    /// Each event of `timeline`, in words, in the same order.
    timeline_text: Vec<String>,
}

impl<'a> LookupJson<'a> {
    pub fn new(view: &'a LookupView, now: DateTime<Utc>) -> Self {
        LookupJson {
            email: &view.email,
            account: &view.account,
            invitations: view
                .invitations
                .iter()
                .map(|row| TriageJson::new(row, now))
                .collect(),
        }
    }
}

impl<'a> TriageJson<'a> {
    fn new(row: &'a TriageRow, now: DateTime<Utc>) -> Self {
        TriageJson {
            invitation: &row.invitation,
            status_text: words::status(&row.invitation, now),
            next_step: words::next_step(&row.next, &row.invitation, now),
            next: &row.next,
            email_queued_at: row.email_queued_at,
            email_delivery: &row.email_delivery,
            reminder_delivery: &row.reminder_delivery,
            timeline: &row.timeline,
            timeline_text: row
                .timeline
                .iter()
                .map(|entry| words::timeline_event(&entry.event))
                .collect(),
        }
    }
}

/// `support lookup --json` of a beginning: each address as a whole
/// address's lookup is written.
#[derive(Serialize)]
struct MatchesJson<'a> {
    query: &'a str,
    addresses: Vec<LookupJson<'a>>,
    more: bool,
}

/// The JSON of a lookup (the shapes the README documents).
pub fn json(out: Out, found: &LookupFound, now: DateTime<Utc>) -> io::Result<()> {
    match found {
        LookupFound::Address(view) => write_json(out, &LookupJson::new(view, now)),
        LookupFound::Matches(matches) => write_json(
            out,
            &MatchesJson {
                query: &matches.query,
                addresses: matches
                    .addresses
                    .iter()
                    .map(|view| LookupJson::new(view, now))
                    .collect(),
                more: matches.more,
            },
        ),
    }
}
