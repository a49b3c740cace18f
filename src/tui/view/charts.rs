//! The Billing tab's charts: the last invoices' totals as bars, and the
//! billable seats of each day of the running period as a sparkline. The
//! numbers are written out as well, so neither chart relies on colour or on
//! reading a bar's height.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, Paragraph, Sparkline, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{format, panel};
use crate::tui::i18n::Catalogue;
use crate::tui::i18n::T;
use crate::tui::state::App;
use crate::workspace::BillingView;

/// Columns between two bars.
const BAR_GAP: u16 = 1;
/// The widest a bar gets, however few there are.
const BAR_WIDTH_MAX: u16 = 10;

pub fn draw(frame: &mut Frame, app: &App, billing: &BillingView, area: Rect) {
    let [totals, seats] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    draw_totals(frame, app, billing, totals);
    draw_seats(frame, app, billing, seats);
}

/// The first of a total's spellings that fits inside a bar (ratatui leaves
/// out a value wider than its bar): "1518.00", then whole units, then none.
fn bar_value(cat: &Catalogue, total: i64, width: u16) -> String {
    let whole = (total + 50).div_euclid(100).to_string();
    [cat.amount(total), whole]
        .into_iter()
        .find(|text| text.width() < usize::from(width))
        .unwrap_or_default()
}

/// The invoice's day, as much of it as a bar's width holds.
fn bar_label(start: NaiveDate, width: u16) -> String {
    ["%Y-%m-%d", "%Y-%m", "%y-%m", "%m"]
        .into_iter()
        .map(|pattern| start.format(pattern).to_string())
        .find(|text| text.width() <= usize::from(width))
        .unwrap_or_default()
}

fn draw_totals(frame: &mut Frame, app: &App, billing: &BillingView, area: Rect) {
    let title = app
        .catalogue
        .fill(T::ChartTotals, &[("currency", &billing.currency)]);
    let block = panel(app, title, false);
    let totals = &billing.recent_totals;
    if totals.is_empty() {
        let empty = Paragraph::new(app.t(T::ChartNoInvoices).to_owned())
            .style(app.theme.dim)
            .block(block);
        frame.render_widget(empty, area);
        return;
    }
    let room = block.inner(area).width + BAR_GAP;
    let width = (room / totals.len() as u16)
        .saturating_sub(BAR_GAP)
        .clamp(1, BAR_WIDTH_MAX);
    let bars: Vec<Bar> = totals
        .iter()
        .map(|invoice| {
            Bar::default()
                .value(u64::try_from(invoice.total).unwrap_or(0))
                .text_value(bar_value(&app.catalogue, invoice.total, width))
                .label(Line::from(bar_label(invoice.period_start, width)))
        })
        .collect();
    let chart = BarChart::vertical(bars)
        .block(block)
        .bar_width(width)
        .bar_gap(BAR_GAP)
        .bar_style(app.theme.text)
        .value_style(app.theme.selected)
        .label_style(app.theme.dim);
    frame.render_widget(chart, area);
}

/// `width` points for `width` columns: a short series stretched over them,
/// a long one keeping the highest count of the days each column holds.
fn spread(days: &[usize], width: usize) -> Vec<u64> {
    if days.is_empty() || width == 0 {
        return Vec::new();
    }
    if days.len() <= width {
        return (0..width)
            .map(|column| days[column * days.len() / width] as u64)
            .collect();
    }
    days.chunks(days.len().div_ceil(width))
        .map(|chunk| chunk.iter().max().map_or(0, |&seats| seats as u64))
        .collect()
}

fn draw_seats(frame: &mut Frame, app: &App, billing: &BillingView, area: Rect) {
    let block = panel(app, app.t(T::ChartSeats).to_owned(), false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let days = &billing.seats_by_day;
    let (Some(&low), Some(&high), Some(&today)) =
        (days.iter().min(), days.iter().max(), days.last())
    else {
        return;
    };
    let numbers = app.catalogue.fill(
        T::ChartSeatsValue,
        &[
            ("today", &today),
            ("low", &low),
            ("high", &high),
            ("start", &format::day(billing.period.start)),
        ],
    );
    let [numbers_area, spark_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(numbers)
            .style(app.theme.text)
            .wrap(Wrap { trim: true }),
        numbers_area,
    );
    let sparkline = Sparkline::default()
        .data(spread(days, usize::from(spark_area.width)))
        .max(high.max(1) as u64)
        .style(app.theme.text);
    frame.render_widget(sparkline, spark_area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_series_fills_the_width_and_a_long_one_keeps_each_columns_highest() {
        assert_eq!(spread(&[1, 2], 6), vec![1, 1, 1, 2, 2, 2]);
        assert_eq!(spread(&[1, 5, 2, 2, 3, 1], 3), vec![5, 2, 3]);
        assert!(spread(&[], 10).is_empty());
    }

    #[test]
    fn bar_texts_fit_inside_their_bar() {
        let cat = Catalogue::load(crate::tui::i18n::Lang::En).unwrap();
        assert_eq!(bar_value(&cat, 151_800, 10), "1518.00");
        assert_eq!(bar_value(&cat, 151_850, 5), "1519");
        assert_eq!(bar_value(&cat, 151_800, 4), "");
        let day = NaiveDate::from_ymd_opt(2026, 10, 28).unwrap();
        assert_eq!(bar_label(day, 10), "2026-10-28");
        assert_eq!(bar_label(day, 6), "26-10");
        assert_eq!(bar_label(day, 3), "10");
    }
}
