//! The invoices of the Billing tab: the list (the next one, a preview, then
//! those issued, newest first) and the chosen one's lines with its total.

use std::iter::once;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{format, panel};
use crate::billing::invoice::{Line as InvoiceLine, LineKind};
use crate::sanitize::{fit, line};
use crate::tui::effects::BillingData;
use crate::tui::i18n::{Catalogue, T};
use crate::tui::keymap::{Context, KeyAction};
use crate::tui::state::App;

/// `left` (sanitised, cut with "…" when needed) and `right` ending at the
/// last of `width` columns.
fn two_sided(left: &str, right: &str, width: usize) -> String {
    let left = line(left);
    let left = fit(&left, width.saturating_sub(right.width() + 1));
    let gap = width.saturating_sub(left.width() + right.width());
    format!("{left}{}{right}", " ".repeat(gap))
}

/// An amount with room after it for the currency, so that the amounts of
/// the lines line up with the total's.
fn amount(cat: &Catalogue, minor: i64, currency: &str) -> String {
    format!("{} {}", cat.amount(minor), " ".repeat(currency.width()))
}

/// Where the rows of the list of invoices in `area` are, and the index of
/// the first one shown: the chosen one is kept in view.
pub fn list_rows(app: &App, area: Rect) -> (Rect, usize) {
    let inner = Block::bordered().inner(area);
    let rows = usize::from(inner.height).max(1);
    (inner, app.invoice.selected.saturating_sub(rows - 1))
}

/// How many lines of an invoice the pane in `area` shows at once.
pub fn line_rows(area: Rect) -> usize {
    usize::from(Block::bordered().inner(area).height.saturating_sub(2)).max(1)
}

/// Draws the list of invoices, the chosen one kept in view, with `back`
/// (the key back to the summary) on its border when they take the tab.
pub fn draw_list(
    frame: &mut Frame,
    app: &App,
    data: &BillingData,
    area: Rect,
    back: Option<Line<'static>>,
) {
    let mut block = panel(app, app.t(T::BillingInvoices).to_owned(), true);
    if let Some(back) = back {
        block = block.title_bottom(back);
    }
    let (inner, first) = list_rows(app, area);
    frame.render_widget(block, area);
    let rows = usize::from(inner.height).max(1);
    let selected = app.invoice.selected;
    let width = usize::from(inner.width);
    let lines: Vec<Line> = once((&data.upcoming, true))
        .chain(data.issued.iter().map(|invoice| (invoice, false)))
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(index, (invoice, next))| {
            let chosen = index == selected;
            let marker = if chosen { "▶" } else { " " };
            let status = app.t(if next {
                T::InvoiceNext
            } else {
                T::InvoiceIssued
            });
            let left = format!("{marker}{}  {status}", format::day(invoice.period.start));
            let total = app.catalogue.money(invoice.total, &invoice.currency);
            let style = if chosen {
                app.theme.selected
            } else {
                app.theme.text
            };
            Line::styled(two_sided(&left, &total, width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What one line of an invoice is, in words.
fn words(cat: &Catalogue, item: &InvoiceLine) -> String {
    let (name, role) = item.seat.as_ref().map_or_else(Default::default, |seat| {
        (seat.name.clone(), format::role(cat, seat.role, false))
    });
    let dated = |key| {
        cat.fill(
            key,
            &[
                ("name", &name),
                ("date", &format::day(item.from)),
                ("days", &item.days),
                ("of", &item.period_days),
            ],
        )
    };
    match item.kind {
        LineKind::Seat => cat.fill(T::LineSeat, &[("name", &name), ("role", &role)]),
        LineKind::Assistant => cat.fill(T::LineAssistant, &[("name", &name), ("role", &role)]),
        LineKind::Joined => dated(T::LineJoined),
        LineKind::Left => dated(T::LineLeft),
        LineKind::PriceChanged => dated(T::LinePriceChanged),
        LineKind::CreditApplied => cat.get(T::LineCreditApplied).to_owned(),
        LineKind::CreditCarried => cat.get(T::LineCreditCarried).to_owned(),
    }
}

/// Draws the chosen invoice: its period and who it is billed to, its lines
/// from the scroll position, and its total on the last row.
pub fn draw_lines(frame: &mut Frame, app: &App, area: Rect) {
    let Some((invoice, next)) = app.invoice_shown() else {
        return;
    };
    let cat = &app.catalogue;
    let title = if next {
        cat.get(T::InvoiceNextTitle).to_owned()
    } else {
        let date = format::day(invoice.period.start);
        cat.fill(T::InvoiceIssuedTitle, &[("date", &date)])
    };
    let mut block = panel(app, title, false);
    let rows = usize::from(block.inner(area).height.saturating_sub(2)).max(1);
    let scroll = app
        .invoice
        .scroll
        .min(invoice.lines.len().saturating_sub(rows));
    if scroll + rows < invoice.lines.len() {
        let key = app
            .keymap
            .key_for(Context::Global, KeyAction::PageDown)
            .map(|key| key.display())
            .unwrap_or_default();
        let more = cat.fill(T::InvoiceMore, &[("key", &key)]);
        block =
            block.title_bottom(Line::styled(format!(" {more} "), app.theme.key).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let billed = cat.fill(
        T::InvoiceFor,
        &[
            ("period", &format::period(cat, &invoice.period)),
            ("email", &invoice.billed_to),
        ],
    );
    let mut lines = vec![Line::styled(two_sided(&billed, "", width), app.theme.dim)];
    lines.extend(invoice.lines[scroll..].iter().take(rows).map(|item| {
        let text = two_sided(
            &words(cat, item),
            &amount(cat, item.amount, &invoice.currency),
            width,
        );
        Line::styled(text, app.theme.text)
    }));
    lines.resize(rows + 1, Line::raw(""));
    let total = app.catalogue.money(invoice.total, &invoice.currency);
    lines.push(Line::styled(
        two_sided(cat.get(T::InvoiceTotal), &total, width),
        app.theme.title,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
