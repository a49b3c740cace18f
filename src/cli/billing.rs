//! The command line's billing output: the summary, an invoice with its
//! lines, and the invoice history as text or CSV.

use std::io::{self, Write as _};

use super::output::{Out, field, table};
use super::words;
use crate::billing::format_money;
use crate::billing::invoice::{Invoice, Line, LineKind};
use crate::domain::Cycle;
use crate::domain::calendar::date;
use crate::workspace::{BillingEffect, BillingView};

/// "month" or "year": what a seat's price is for.
pub fn per(cycle: Cycle) -> &'static str {
    match cycle {
        Cycle::Monthly => "month",
        Cycle::Yearly => "year",
    }
}

fn money(amount: i64, currency: &str) -> String {
    format!("{} {currency}", format_money(amount))
}

/// `billing show`.
pub fn summary(out: Out, view: &BillingView) -> io::Result<()> {
    field(out, "Team", &view.team)?;
    let plan = match view.trial_days_left {
        Some(days) => format!("clinic (free trial, {days} day(s) left, billed at the Pro rate)"),
        None => view.kind.as_str().to_owned(),
    };
    field(out, "Plan", &plan)?;
    let cycle = match view.next_cycle {
        Some(next) => format!(
            "{}, {} from {}",
            view.cycle.as_str(),
            next.as_str(),
            date(view.next_invoice_on)
        ),
        None => view.cycle.as_str().to_owned(),
    };
    field(out, "Cycle", &cycle)?;
    field(
        out,
        "Paid by",
        &format!("{} <{}> (owner)", view.owner.name, view.owner.email),
    )?;
    field(
        out,
        "Seats",
        &format!(
            "{} billed, {} assistant(s) free",
            view.billable_seats, view.assistants
        ),
    )?;
    field(
        out,
        "Seat price",
        &format!(
            "{} per {}",
            money(view.seat_price, &view.currency),
            per(view.cycle)
        ),
    )?;
    field(
        out,
        "Period",
        &format!(
            "{} to {}",
            date(view.period.start),
            date(view.period.end.pred_opt().unwrap_or(view.period.end))
        ),
    )?;
    field(
        out,
        "Next invoice",
        &format!(
            "{} on {} (see `billing preview`)",
            money(view.period_total, &view.currency),
            date(view.next_invoice_on)
        ),
    )?;
    if view.credit > 0 {
        field(out, "Credit", &money(view.credit, &view.currency))?;
    }
    field(
        out,
        "Card",
        view.payment_method.as_deref().unwrap_or("none on file"),
    )?;
    if let Some(email) = &view.billing_email {
        field(out, "Billing email", email)?;
    }
    if let Some(hint) = &view.hint {
        field(out, "Note", hint)?;
    }
    Ok(())
}

/// What a line is, in words.
fn what(line: &Line) -> String {
    let seat = line
        .seat
        .as_ref()
        .map(|seat| format!("{} ({})", seat.name, words::role(seat.role)));
    let seat = seat.unwrap_or_default();
    match line.kind {
        LineKind::Seat => seat,
        LineKind::Assistant => format!("{seat}, free"),
        LineKind::Joined => format!("{seat} joined: {} of {} days", line.days, line.period_days),
        LineKind::Left => format!(
            "{seat} left: {} of {} days credited",
            line.days, line.period_days
        ),
        LineKind::PriceChanged => format!(
            "{seat} plan price change: {} of {} days",
            line.days, line.period_days
        ),
        LineKind::CreditApplied => "credit from earlier invoices".to_owned(),
        LineKind::CreditCarried => "credit carried to the next invoice".to_owned(),
    }
}

/// `billing preview` and each invoice of `billing invoices`.
pub fn invoice(out: Out, invoice: &Invoice) -> io::Result<()> {
    writeln!(
        out,
        "Invoice for {} to {}, billed to {}",
        date(invoice.period.start),
        date(invoice.period.end.pred_opt().unwrap_or(invoice.period.end)),
        invoice.billed_to
    )?;
    let rows = invoice
        .lines
        .iter()
        .map(|line| {
            vec![
                what(line),
                format!(
                    "{} – {}",
                    date(line.from),
                    date(line.to.pred_opt().unwrap_or(line.to))
                ),
                format_money(line.amount),
            ]
        })
        .collect();
    table(out, &["LINE", "DATES", "AMOUNT"], rows)?;
    writeln!(out, "Total: {}", money(invoice.total, &invoice.currency))
}

/// `billing invoices`, as text.
pub fn invoices(out: Out, list: &[Invoice]) -> io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "No invoices yet.");
    }
    for (index, issued) in list.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        invoice(out, issued)?;
    }
    Ok(())
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break; a
/// person's text starting like a formula is kept as text.
fn cell(text: &str, typed: bool) -> String {
    let guarded = if typed && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// `billing invoices --format csv`: one row per line, with a header.
pub fn invoices_csv(out: Out, list: &[Invoice]) -> io::Result<()> {
    writeln!(
        out,
        "period_start,period_end,billed_to,currency,kind,name,role,from,to,days,period_days,unit_price,amount,invoice_total"
    )?;
    for invoice in list {
        for line in &invoice.lines {
            let kind = serde_json::to_value(line.kind)
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default();
            let (name, role) = match &line.seat {
                Some(seat) => (seat.name.as_str(), seat.role.as_str()),
                None => ("", ""),
            };
            writeln!(
                out,
                "{},{},{},{},{kind},{},{role},{},{},{},{},{},{},{}",
                invoice.period.start,
                invoice.period.end,
                cell(&invoice.billed_to, true),
                invoice.currency,
                cell(name, true),
                line.from,
                line.to,
                line.days,
                line.period_days,
                line.unit_price,
                line.amount,
                invoice.total,
            )?;
        }
    }
    Ok(())
}

/// A change's effect on the next invoice, in words.
pub fn effect(effect: &BillingEffect) -> String {
    let seats = match effect.seats {
        0 => "the same billed seats".to_owned(),
        1 => "+1 billed seat".to_owned(),
        -1 => "-1 billed seat".to_owned(),
        n => format!("{n:+} billed seats"),
    };
    format!(
        "{seats}: {} on the invoice of {} (pro rata; seats are priced per {})",
        money(effect.amount, &effect.currency),
        date(effect.next_invoice_on),
        per(effect.cycle)
    )
}
