//! The Billing tab: what the team pays and through whom, the next invoice
//! and the issued ones with their lines, and the charts of totals and seats.
//!
//! Wide terminals show the summary beside the invoices; narrower ones show
//! one at a time (Enter switches). The charts take the bottom of the tab
//! when it is tall enough, and are left out otherwise.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{charts, format, invoice, panel};
use crate::domain::TeamKind;
use crate::sanitize::line;
use crate::tui::i18n::{Catalogue, T};
use crate::tui::keymap::{Context, KeyAction};
use crate::tui::state::App;
use crate::workspace::BillingView;

/// Narrower than this, the summary and the invoices take turns.
const SIDE_BY_SIDE_MIN_WIDTH: u16 = 80;
/// Rows of the tab below which the charts are left out.
const CHARTS_MIN_HEIGHT: u16 = 26;
/// Most invoices the list shows at once (it scrolls to the chosen one).
const LIST_ROWS_MAX: u16 = 6;

/// Where each part of the tab goes; a part without room is `None`.
struct Panes {
    summary: Option<Rect>,
    list: Option<Rect>,
    lines: Option<Rect>,
    charts: Option<Rect>,
}

/// Shares `area` out: the charts at the bottom when tall enough (never while
/// the invoices take the whole tab), the summary and the invoices side by
/// side when wide enough, else whichever is open.
fn panes(area: Rect, invoices_open: bool, invoices: usize) -> Panes {
    let (top, charts) = if !invoices_open && area.height >= CHARTS_MIN_HEIGHT {
        let height = (area.height / 3).clamp(8, 12);
        let [top, charts] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(height)]).areas(area);
        (top, Some(charts))
    } else {
        (area, None)
    };
    let list_height = (invoices as u16).clamp(1, LIST_ROWS_MAX) + 2;
    let stacked = |area: Rect| {
        let [list, lines] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Min(3)]).areas(area);
        (Some(list), Some(lines))
    };
    let (summary, (list, lines)) = if invoices_open {
        (None, stacked(top))
    } else if top.width >= SIDE_BY_SIDE_MIN_WIDTH {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top);
        (Some(left), stacked(right))
    } else {
        (Some(top), (None, None))
    };
    Panes {
        summary,
        list,
        lines,
        charts,
    }
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(data) = app.billing_data() else {
        // A large team's billing, being read now that its tab is shown.
        let block = panel(app, app.t(T::TabBilling).to_owned(), false);
        let reading = Paragraph::new(app.t(T::Loading).to_owned()).style(app.theme.dim);
        frame.render_widget(reading.block(block), area);
        return;
    };
    let panes = panes(area, app.detail_open, app.invoice_count());
    if let Some(summary) = panes.summary {
        let invoices_hidden = panes.list.is_none();
        draw_summary(frame, app, &data.summary, summary, invoices_hidden);
    }
    if let Some(charts) = panes.charts {
        charts::draw(frame, app, &data.summary, charts);
    }
    if let Some(list) = panes.list {
        let back = key_hint(app, KeyAction::Back, T::KeyBack).filter(|_| app.detail_open);
        invoice::draw_list(frame, app, data, list, back);
    }
    if let Some(lines) = panes.lines {
        invoice::draw_lines(frame, app, lines);
    }
}

/// How many of an invoice's lines a page shows, and where the list of
/// invoices is with the index of its first row shown (for the mouse).
pub fn layout(app: &App, area: Rect) -> (usize, Option<(Rect, usize)>) {
    let panes = panes(area, app.detail_open, app.invoice_count());
    let page = panes.lines.map_or(1, invoice::line_rows);
    let list = panes.list.map(|list| invoice::list_rows(app, list));
    (page, list)
}

/// "Clinic · trial 9 days left, billed at the Pro rate", "Pro"...
fn plan(cat: &Catalogue, billing: &BillingView) -> String {
    match (billing.kind, billing.trial_days_left) {
        (TeamKind::Clinic, Some(days)) => format!(
            "{} · {}, {}",
            cat.get(T::PlanClinic),
            cat.fill(T::TrialDaysLeft, &[("days", &cat.days(days))]),
            cat.get(T::BillingTrialRate)
        ),
        (TeamKind::Clinic, None) => cat.get(T::PlanClinic).to_owned(),
        (TeamKind::Pro, _) => cat.get(T::PlanPro).to_owned(),
    }
}

/// "monthly", or "monthly, yearly from 2026-11-28" while a change waits.
fn cycle(cat: &Catalogue, billing: &BillingView) -> String {
    let now = cat.get(format::cycle_words(billing.cycle).0);
    match billing.next_cycle {
        Some(next) => cat.fill(
            T::BillingCycleNext,
            &[
                ("cycle", &now),
                ("next", &cat.get(format::cycle_words(next).0)),
                ("date", &format::day(billing.next_invoice_on)),
            ],
        ),
        None => now.to_owned(),
    }
}

/// The summary's rows, label and value, in the order shown.
fn summary_rows(app: &App, billing: &BillingView) -> Vec<(T, String)> {
    let cat = &app.catalogue;
    let money = |amount| cat.money(amount, &billing.currency);
    let seats = cat.fill(
        T::BillingSeatsValue,
        &[
            (
                "billed",
                &cat.plural(T::BillingSeatsBilled, billing.billable_seats as i64),
            ),
            (
                "assistants",
                &cat.plural(T::BillingAssistants, billing.assistants as i64),
            ),
        ],
    );
    let credit = if billing.credit > 0 {
        cat.fill(T::BillingCreditValue, &[("amount", &money(billing.credit))])
    } else {
        cat.get(T::BillingNoCredit).to_owned()
    };
    let email = match &billing.billing_email {
        Some(email) => email.clone(),
        None => cat.fill(T::BillingEmailOwner, &[("email", &billing.owner.email)]),
    };
    let mut rows = vec![
        (T::BillingPlan, plan(cat, billing)),
        (T::BillingCycle, cycle(cat, billing)),
        (T::BillingPeriod, format::period(cat, &billing.period)),
        (
            T::BillingNext,
            cat.fill(
                T::BillingNextValue,
                &[
                    ("amount", &money(billing.period_total)),
                    ("date", &format::day(billing.next_invoice_on)),
                ],
            ),
        ),
        (T::BillingSeats, seats),
        (
            T::BillingSeatPrice,
            format::per_cycle(cat, billing.seat_price, &billing.currency, billing.cycle),
        ),
        (T::BillingCredit, credit),
        (T::BillingCard, format::card(cat, billing.card.as_ref())),
        (T::BillingEmail, email),
        (T::BillingOwner, billing.owner.name.clone()),
    ];
    if let Some(team) = app.team_shown().filter(|t| t.kind == TeamKind::Clinic) {
        let sharing = if team.session_sharing { T::On } else { T::Off };
        rows.push((T::BillingSessionSharing, cat.get(sharing).to_owned()));
    }
    if let Some(team) = app.team_shown() {
        rows.push((
            T::BillingEmailLanguage,
            format::language(cat, team.language),
        ));
    }
    rows
}

/// Label and value rows, each value wrapped under itself so that the
/// labels stay in a column of their own.
pub fn labelled_rows<'a>(app: &App, rows: &[(T, String)], width: u16) -> Vec<Line<'a>> {
    let label_width = rows
        .iter()
        .map(|(label, _)| app.t(*label).width())
        .max()
        .unwrap_or(0);
    let value_width = usize::from(width).saturating_sub(label_width + 1).max(1);
    let mut lines = Vec::new();
    for (label, value) in rows {
        let mut label = format!("{:<label_width$} ", app.t(*label));
        for part in format::wrap(&line(value), value_width) {
            lines.push(Line::from(vec![
                Span::styled(
                    std::mem::replace(&mut label, " ".repeat(label_width + 1)),
                    app.theme.dim,
                ),
                Span::styled(part, app.theme.text),
            ]));
        }
    }
    lines
}

/// A key and what it does, for a panel's border: " Enter invoices ".
fn key_hint(app: &App, action: KeyAction, what: T) -> Option<Line<'static>> {
    let key = app.keymap.key_for(Context::Global, action)?;
    let text = format!(" {} {} ", key.display(), app.t(what));
    Some(Line::styled(text, app.theme.key).right_aligned())
}

/// The summary; when the invoices are not beside it, its border names the
/// key that shows them.
fn draw_summary(
    frame: &mut Frame,
    app: &App,
    billing: &BillingView,
    area: Rect,
    invoices_hidden: bool,
) {
    let mut block = panel(app, app.t(T::TabBilling).to_owned(), false);
    if let Some(hint) =
        key_hint(app, KeyAction::Details, T::BillingShowInvoices).filter(|_| invoices_hidden)
    {
        block = block.title_bottom(hint);
    }
    let width = block.inner(area).width;
    let mut lines = labelled_rows(app, &summary_rows(app, billing), width);
    if billing.hint.is_some() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("! {}", app.t(T::BillingLargeTeam)),
            app.theme.warn,
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// A person in no team: their own plan, card and credit, and how to move to
/// Pro on their own.
pub fn draw_personal(frame: &mut Frame, app: &App, area: Rect) {
    let Some(loaded) = &app.loaded else {
        return;
    };
    let (cat, me) = (&app.catalogue, &loaded.me);
    let plan = format::personal_plan(cat, &me.plan);
    let card = format::card(cat, me.card.as_ref());
    let mut rows = vec![(T::BillingPlan, plan), (T::BillingCard, card)];
    if me.credit > 0 {
        let amount = cat.amount(me.credit);
        rows.push((
            T::BillingCredit,
            cat.fill(T::PersonalCreditValue, &[("amount", &amount)]),
        ));
    }
    let block = panel(app, cat.get(T::PersonalTitle).to_owned(), false);
    let mut lines = labelled_rows(app, &rows, block.inner(area).width);
    let key = app.keymap.key_for(Context::Billing, KeyAction::GoPro);
    if let (true, Some(key)) = (app.may_go_pro(), key) {
        lines.push(Line::raw(""));
        let text = cat.fill(T::PersonalGoPro, &[("key", &key.display())]);
        lines.push(Line::styled(text, app.theme.text));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
