//! The Billing tab: what the team pays and through whom, and its plan settings.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{format, panel};
use crate::domain::{Cycle, TeamKind};
use crate::sanitize::line;
use crate::tui::i18n::T;
use crate::tui::state::App;

fn row<'a>(app: &App, label: T, value: String) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{:<17} ", app.t(label)), app.theme.dim),
        Span::styled(line(&value).into_owned(), app.theme.text),
    ])
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(billing) = app.billing() else { return };
    let cat = &app.catalogue;
    let [money, team] = Layout::vertical([Constraint::Min(10), Constraint::Length(5)]).areas(area);
    let plan = match (billing.kind, billing.trial_days_left) {
        (TeamKind::Clinic, Some(days)) => format!(
            "{} · {}",
            cat.get(T::PlanClinic),
            cat.fill(T::TrialDaysLeft, &[("days", &cat.days(days))])
        ),
        (TeamKind::Clinic, None) => cat.get(T::PlanClinic).to_owned(),
        (TeamKind::Pro, _) => cat.get(T::PlanPro).to_owned(),
    };
    let (cycle, period) = match billing.cycle {
        Cycle::Monthly => (T::CycleMonthly, T::CycleMonthly),
        Cycle::Yearly => (T::CycleYearly, T::CycleYearly),
    };
    let mut lines = vec![
        row(app, T::BillingPlan, plan),
        row(app, T::BillingCycle, cat.get(cycle).to_owned()),
        row(
            app,
            T::BillingOwner,
            format!("{} <{}>", billing.owner.name, billing.owner.email),
        ),
        row(
            app,
            T::BillingSeats,
            cat.fill(
                T::BillingSeatsValue,
                &[
                    ("billed", &billing.billable_seats),
                    ("free", &billing.assistants),
                ],
            ),
        ),
        row(
            app,
            T::BillingSeatPrice,
            format!(
                "{} ({})",
                format::money(billing.seat_price, &billing.currency),
                cat.get(period)
            ),
        ),
        row(
            app,
            T::BillingPeriod,
            format::money(billing.period_total, &billing.currency),
        ),
        row(
            app,
            T::BillingCard,
            billing
                .payment_method
                .clone()
                .unwrap_or_else(|| cat.get(T::BillingNoCard).to_owned()),
        ),
    ];
    if let Some(email) = &billing.billing_email {
        lines.push(row(app, T::BillingEmail, email.clone()));
    }
    if billing.hint.is_some() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            cat.get(T::BillingLargeTeam).to_owned(),
            app.theme.warn,
        ));
    }
    let title = app.t(T::TabBilling).to_owned();
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel(app, title, true))
            .wrap(Wrap { trim: false }),
        money,
    );

    let sharing = app
        .team_shown()
        .map(|t| if t.session_sharing { T::On } else { T::Off });
    let mut team_lines = Vec::new();
    if let Some(sharing) = sharing {
        team_lines.push(row(
            app,
            T::BillingSessionSharing,
            cat.get(sharing).to_owned(),
        ));
    }
    let title = app.t(T::BillingTeamSection).to_owned();
    frame.render_widget(
        Paragraph::new(team_lines).block(panel(app, title, false)),
        team,
    );
}
