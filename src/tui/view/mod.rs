//! Drawing: a function of the state (plus the scroll positions and click
//! areas it records). Every user string passes through [`crate::sanitize`].

mod billing;
mod charts;
mod dialogs;
pub use dialogs::reader_end;
pub mod format;
mod forms;
mod invoice;
mod links;
mod palette;
mod tables;
mod trail;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::effects::{self, Closed};
use super::fit;
use super::i18n::T;
use super::keymap::{Context, KeyAction};
use super::list::ListNav;
use super::state::{App, MIN_HEIGHT, MIN_WIDTH, Screen, Tab};
use crate::domain::{Action, TeamKind};
use crate::sanitize::line;
use crate::tui::palette::applies_here;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Draws the whole console: a function of the state alone, which it only reads.
pub fn draw(frame: &mut Frame, app: &App) {
    draw_screen(frame, app);
    fit::fit_to_terminal(frame.buffer_mut());
}

fn draw_screen(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if too_small(area) {
        draw_too_small(frame, app, area);
        return;
    }
    let banner = banner_lines(app, area.width);
    let [header, notice, tabs, body, footer] = frame_areas(area, banner.len());
    draw_header(frame, app, header);
    frame.render_widget(Paragraph::new(banner).style(app.theme.badge), notice);
    draw_tabs(frame, app, tabs);
    draw_body(frame, app, body);
    draw_footer(frame, app, footer);
    app.toasts.draw(frame, (&app.catalogue, &app.theme), body);
    if app.dialog.is_some() {
        dialogs::draw(frame, app, area);
    }
}

/// Whether `area` is smaller than the console draws in.
fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Header, banner, tab titles, body and footer, top to bottom.
fn frame_areas(area: Rect, banner: usize) -> [Rect; 5] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner as u16),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Where things are on a screen of `size` for the state as it is: what
/// update needs to know of the layout (a page's rows, the areas a click
/// lands in). Computed by the same functions that draw, so both agree.
pub fn layout(app: &App, size: (u16, u16)) -> Screen {
    let area = Rect::new(0, 0, size.0, size.1);
    if too_small(area) {
        return Screen::default();
    }
    let banner = banner_lines(app, area.width);
    let [_, _, tabs, body, _] = frame_areas(area, banner.len());
    let tabs = tab_titles(app, tabs)
        .into_iter()
        .map(|(area, tab, _)| (area, tab))
        .collect();
    let (page, list) = match app.closed_reason(app.tab) {
        _ if app.loaded.is_none() => (usize::from(body.height), None),
        Some(_) => (usize::from(body.height), None),
        None if app.tab == Tab::Billing => billing::layout(app, body),
        None => tables::layout(app, body),
    };
    Screen { tabs, list, page }
}

fn draw_too_small(frame: &mut Frame, app: &App, area: Rect) {
    let text = app.catalogue.fill(
        T::TooSmall,
        &[("width", &MIN_WIDTH), ("height", &MIN_HEIGHT)],
    );
    let message = Paragraph::new(text)
        .style(app.theme.warn)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    let middle = Rect {
        y: area.y + area.height / 2,
        height: area.height.min(2),
        ..area
    };
    frame.render_widget(message, middle);
}

/// Team, plan and trial, who is acting and as what; DEMO and its date in a demo.
///
/// When it does not fit, the product name goes first, then the trial badge
/// (the Billing tab still shows it), then the team name is shortened; the
/// two sides always keep a column between them.
/// How much of a long team name the header keeps before it gives up the
/// app's name or the trial.
const NAME_KEPT: usize = 12;

fn draw_header(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    frame.render_widget(Block::new().style(theme.header), area);
    let bold = theme.header.add_modifier(ratatui::style::Modifier::BOLD);
    let mut product = Some(Span::styled(format!(" {} ", app.t(T::AppName)), bold));
    // The team name (shortened last) and what follows it on the left.
    let mut team_name: Option<String> = None;
    let place;
    let mut badge = None;
    let mut person = String::new();
    match &app.loaded {
        None => place = app.t(T::Loading).to_owned(),
        Some(loaded) => {
            match &loaded.team {
                Some(team) => {
                    let plan = match team.kind {
                        TeamKind::Pro => app.t(T::PlanPro),
                        TeamKind::Clinic => app.t(T::PlanClinic),
                    };
                    team_name = Some(line(&team.name).into_owned());
                    place = format!(" · {plan}");
                    badge = team.trial_days_left.map(|days| {
                        let text = app
                            .catalogue
                            .fill(T::TrialDaysLeft, &[("days", &app.catalogue.days(days))]);
                        Span::styled(format!(" {text} "), theme.badge)
                    });
                }
                // Support staff before they open a team: they are in Triage.
                None if loaded.me.staff.is_some() => {
                    place = format!(" {}", app.t(T::TabTriage));
                }
                None => place = format!(" {}", app.t(T::NoTeam)),
            }
            person = format!("{} · {}", line(&loaded.me.name), standing(app));
        }
    }
    let mut demo = None;
    if app.demo.is_some() {
        let clock = app
            .catalogue
            .fill(T::DemoClock, &[("date", &format::date(app.now()))]);
        demo = Some(Span::styled(
            format!(" {} {clock} ", app.t(T::Demo)),
            theme.badge,
        ));
    }
    let room = usize::from(area.width);
    let mut padding = "   ";
    let width = |product: &Option<Span>, name: &str, badge: &Option<Span>, padding: &str| {
        product.as_ref().map_or(0, Span::width)
            + if name.is_empty() { 0 } else { 1 }
            + name.width()
            + place.width()
            + badge.as_ref().map_or(0, |b| b.width() + 1)
            + 1
            + demo.as_ref().map_or(0, |d| d.width() + 1)
            + person.width()
            + padding.width()
    };
    // A long team name gives way first, down to a recognisable start; then
    // the app's name, the trial, the padding, and the name again.
    let name = team_name.clone().unwrap_or_default();
    let kept = shorten(&name, NAME_KEPT);
    if width(&product, &kept, &badge, padding) > room {
        product = None;
    }
    if width(&product, &kept, &badge, padding) > room {
        badge = None;
    }
    if width(&product, &kept, &badge, padding) > room {
        padding = " ";
    }
    let over = width(&product, &name, &badge, padding).saturating_sub(room);
    let name = if over > 0 && !name.is_empty() {
        shorten(&name, name.width().saturating_sub(over))
    } else {
        name
    };

    let mut left = Vec::new();
    left.extend(product);
    if team_name.is_some() {
        left.push(Span::styled(format!(" {name}{place}"), theme.header));
    } else {
        left.push(Span::styled(place, theme.header));
    }
    if let Some(badge) = badge {
        left.push(Span::raw(" "));
        left.push(badge);
    }
    let mut right = Vec::new();
    if let Some(demo) = demo {
        right.push(demo);
        right.push(Span::raw(" "));
    }
    right.push(Span::styled(format!("{person}{padding}"), theme.header));
    let right_width: u16 = right.iter().map(|s| s.width() as u16).sum();
    let [left_area, _, right_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(right_width),
    ])
    .areas(area);
    frame.render_widget(Line::from(left), left_area);
    frame.render_widget(Line::from(right), right_area);
}

/// The banner under the header while a trial's end is news: a symbol, what
/// happened (on two lines when one is too short), and the key that hides it.
fn banner_lines<'a>(app: &App, width: u16) -> Vec<Line<'a>> {
    let Some(ended) = app.trial_end_shown() else {
        return Vec::new();
    };
    let key = if ended.kept_clinic {
        T::TrialEndedClinic
    } else {
        T::TrialEndedPro
    };
    let text = app
        .catalogue
        .fill(key, &[("date", &format::date(ended.at))]);
    let hint = app
        .keymap
        .key_for(Context::Global, KeyAction::Dismiss)
        .map(|key| format!(" {} {} ", key.display(), app.t(KeyAction::Dismiss.label())))
        .unwrap_or_default();
    let room = usize::from(width).saturating_sub(hint.width() + 3);
    let mut parts = format::wrap(&text, room.max(1));
    if parts.len() > 2 {
        parts.truncate(2);
        parts[1] = shorten(&format!("{}…", parts[1]), room);
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(index, part)| {
            let mark = if index == 0 { " ! " } else { "   " };
            let pad = room.saturating_sub(part.width());
            let end = if index == 0 { hint.as_str() } else { "" };
            Line::from(format!("{mark}{part}{}{end}", " ".repeat(pad)))
        })
        .collect()
}

/// `text` cut to at most `width` columns, ending in "…" when cut.
fn shorten(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.width().unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// "owner", "member", "support"... as the acting person stands towards the team shown.
fn standing(app: &App) -> String {
    let Some(loaded) = &app.loaded else {
        return String::new();
    };
    if let Some(team) = &loaded.me.team
        && loaded
            .team
            .as_ref()
            .is_some_and(|shown| shown.id == team.id)
    {
        return format::role(&app.catalogue, team.role, team.owner);
    }
    if loaded.me.staff.is_some() {
        return app.t(T::RoleSupport).to_owned();
    }
    app.t(T::RoleOutsider).to_owned()
}

fn tab_count(app: &App, tab: Tab) -> Option<usize> {
    if app.closed_reason(tab).is_some() {
        return None;
    }
    // A large team's counts come from its counters.
    let counts = app
        .loaded
        .as_ref()
        .and_then(|loaded| loaded.counts.as_ref());
    match (tab, counts) {
        (Tab::Activity, _) => None,
        (Tab::Members, Some(counts)) => usize::try_from(counts.members).ok(),
        (Tab::Invitations, Some(counts)) => {
            effects::invitations(counts).map(|all| usize::try_from(all).unwrap_or(usize::MAX))
        }
        (tab, _) => app.lists.list(tab).map(ListNav::total),
    }
}

/// The tab titles, as wide as they can be: padded with counts, then tight,
/// then without counts, then one space apart (room for longer words, as
/// Polish has), then (only the open tab in full) the others' labels
/// shortened down to their numbers, so every tab stays on screen.
fn tab_titles(app: &App, area: Rect) -> Vec<(Rect, Tab, String)> {
    let tabs = app.tabs();
    let room = usize::from(area.width);
    let title = |index: usize, tab: Tab, counts: bool, label_width: Option<usize>| {
        // Shortened titles keep only the open tab's count.
        let counts = counts && (label_width.is_none() || tab == app.tab);
        let count = tab_count(app, tab)
            .filter(|_| counts)
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        let label = app.t(tab.label());
        let label = match label_width {
            Some(width) if tab != app.tab => shorten(label, width),
            _ => label.to_owned(),
        };
        let label = if label.is_empty() {
            String::new()
        } else {
            format!(" {label}")
        };
        format!("{}{label}{count}", index + 1)
    };
    // Padding before and after each title: two spaces, one, or none.
    let layout = |counts: bool, padding: usize, label_width: Option<usize>| -> Vec<String> {
        tabs.iter()
            .enumerate()
            .map(|(index, &tab)| {
                let text = title(index, tab, counts, label_width);
                match padding {
                    2 => format!(" {text} "),
                    1 => format!(" {text}"),
                    _ => text,
                }
            })
            .collect()
    };
    let fits = |titles: &[String]| titles.iter().map(|t| t.width() + 1).sum::<usize>() <= room;
    let longest = tabs
        .iter()
        .map(|&tab| app.t(tab.label()).width())
        .max()
        .unwrap_or(0);
    let titles = [(true, 2), (true, 1), (false, 1), (false, 0)]
        .into_iter()
        .map(|(counts, padding)| layout(counts, padding, None))
        .chain(
            (0..=longest)
                .rev()
                .filter(|&width| width != 1)
                .map(|width| layout(true, 1, Some(width))),
        )
        .find(|titles| fits(titles))
        .unwrap_or_else(|| layout(true, 1, Some(0)));
    let mut placed = Vec::new();
    let mut x = area.x;
    for (title, &tab) in titles.into_iter().zip(&tabs) {
        let width = title.width() as u16;
        let at = Rect::new(x, area.y, width.min(area.right().saturating_sub(x)), 1);
        x = x.saturating_add(width + 1);
        placed.push((at, tab, title));
    }
    placed
}

fn draw_tabs(frame: &mut Frame, app: &App, area: Rect) {
    let mut spans = Vec::new();
    for (_, tab, title) in tab_titles(app, area) {
        let style = if tab == app.tab {
            app.theme.tab_active
        } else {
            app.theme.tab
        };
        spans.push(Span::styled(title, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Line::from(spans), area);
}

fn draw_body(frame: &mut Frame, app: &App, area: Rect) {
    if app.loaded.is_none() {
        let text = if app.reads.loading {
            app.t(T::LoadingMembers)
        } else {
            app.t(T::Empty)
        };
        frame.render_widget(
            Paragraph::new(text.to_owned())
                .style(app.theme.dim)
                .alignment(Alignment::Center),
            area,
        );
        return;
    }
    if let Some(closed) = app.closed_reason(app.tab) {
        let reason = match closed {
            Closed::NotInTeam if app.tab == Tab::Billing => {
                billing::draw_personal(frame, app, area);
                return;
            }
            Closed::NoTeamOpen => support_no_team(app),
            Closed::NotInTeam => app.t(T::NotInTeam).to_owned(),
            Closed::Refused(reason) => {
                closed_to_role(app).unwrap_or_else(|| crate::sanitize::sentence(reason))
            }
        };
        let block = panel(app, app.t(app.tab.label()).to_owned(), false);
        let paragraph = Paragraph::new(vec![Line::raw(""), Line::styled(reason, app.theme.warn)])
            .block(block)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        frame.render_widget(paragraph, area);
        return;
    }
    match app.tab {
        Tab::Billing => billing::draw(frame, app, area),
        _ => tables::draw(frame, app, area),
    }
}

/// What support staff see before they open a team: how to, with the key
/// that opens one as their keymap binds it.
fn support_no_team(app: &App) -> String {
    let key = app
        .keymap
        .key_for(Context::Triage, KeyAction::OpenTeam)
        .map_or_else(|| "—".to_owned(), |key| key.display());
    app.catalogue.fill(T::SupportNoTeam, &[("key", &key)])
}

/// Why the tab on screen is closed, in the console's language, when it is
/// for want of the right to read it (the domain words it in English).
fn closed_to_role(app: &App) -> Option<String> {
    let (read, tab) = match app.tab {
        Tab::Members => (Action::ViewTeam, "members"),
        Tab::Invitations => (Action::ViewInvitations, "invitations"),
        Tab::Templates => (Action::UseTemplates, "templates"),
        Tab::Billing => (Action::ViewBilling, "billing"),
        Tab::Activity => (Action::ReadAudit, "activity"),
        Tab::Triage => return None,
    };
    (!app.may(read)).then(|| app.catalogue.fill(T::TabClosed, &[("tab", &tab)]))
}

/// The global keys a list offers.
const LIST_KEYS: &[KeyAction] = &[
    KeyAction::Filter,
    KeyAction::Sort,
    KeyAction::ReverseSort,
    KeyAction::Mark,
    KeyAction::Details,
    KeyAction::Dismiss,
    KeyAction::NextTab,
    KeyAction::SwitchPerson,
    KeyAction::ClockDay,
    KeyAction::ClockWeek,
    KeyAction::Messages,
    KeyAction::Palette,
    KeyAction::Help,
    KeyAction::Quit,
];

/// The global keys a row's detail offers: the row's actions still apply,
/// the list's filter, sort and tabs wait until Esc.
const DETAIL_KEYS: &[KeyAction] = &[
    KeyAction::Down,
    KeyAction::Up,
    KeyAction::Back,
    KeyAction::Help,
    KeyAction::Quit,
];

/// Hints for the focused context, generated from the keymap and the actor's rights.
pub fn hints(app: &App, context: Context) -> Vec<(String, String)> {
    let globals = if app.detail_open && app.dialog.is_none() {
        DETAIL_KEYS
    } else {
        LIST_KEYS
    };
    // A list key bound in its tabs only (S, where Billing has S for itself;
    // Space in Invitations) is hinted beside the other list keys.
    let in_context = app
        .keymap
        .bindings(context)
        .filter(|b| !globals.contains(&b.action))
        .map(|b| (b.action, b.keys[0]));
    let global = globals.iter().filter_map(|&action| {
        app.keymap
            .key_for(Context::Global, action)
            .or_else(|| app.keymap.key_for(context, action))
            .map(|key| (action, key))
    });
    let is_tab = !matches!(
        context,
        Context::Dialog | Context::Confirm | Context::Editor | Context::Link
    );
    in_context
        .chain(global.filter(|_| is_tab))
        .filter(|&(action, _)| applies_here(app, context, action) && app.offers(context, action))
        .map(|(action, key)| (key.display(), app.t(action.label()).to_owned()))
        .collect()
}

/// Renders hints as "key description" pairs that fit the width.
///
/// The last `keep` hints (help and quit) are always shown; the others in
/// order while they fit.
pub fn hint_line<'a>(app: &App, hints: &[(String, String)], width: u16, keep: usize) -> Line<'a> {
    let shown = hints_that_fit(hints, width, keep);
    let spans: Vec<Span> = shown
        .into_iter()
        .flat_map(|(key, description)| {
            [
                Span::styled(format!(" {key}"), app.theme.key),
                Span::styled(format!(" {description} "), app.theme.dim),
            ]
        })
        .collect();
    Line::from(spans)
}

fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
    if let Some(input) = &app.filter_input {
        let label = if app.tab == Tab::Triage {
            app.t(T::TriagePrompt)
        } else {
            app.t(T::FilterLabel)
        };
        let label = format!(" {label} ");
        let label_width = (Span::raw(&label).width() as u16).min(area.width);
        frame.render_widget(Line::styled(label, app.theme.title), area);
        let field = Rect {
            x: area.x + label_width,
            width: area.width - label_width,
            ..area
        };
        dialogs::draw_field(frame, field, (input, app.theme.title), true);
        return;
    }
    // The palette (the way to every other key), help and quit always show
    // (in a detail, the way back, help and quit); in a dialog, the way out does.
    let (hints, keep) = if app.dialog.is_some() {
        (dialogs::offered(app), 1)
    } else {
        (hints(app, app.tab.context()), 3)
    };
    frame.render_widget(hint_line(app, &hints, area.width, keep), area);
}

/// A bordered block with a title, focused or not.
pub fn panel<'a>(app: &App, title: String, focused: bool) -> Block<'a> {
    let style: Style = if focused {
        app.theme.border_focus
    } else {
        app.theme.border
    };
    let block = Block::new().borders(Borders::ALL).border_style(style);
    if title.is_empty() {
        // An empty title would leave a two-space gap in the border.
        return block;
    }
    block.title(Span::styled(format!(" {title} "), app.theme.title))
}

/// The hints a line of `width` columns holds: the last `keep` always, then
/// as many of the others, in order, as there is room for, measured in the
/// columns a terminal gives them (a wide character takes two).
fn hints_that_fit(hints: &[(String, String)], width: u16, keep: usize) -> Vec<&(String, String)> {
    let piece = |(key, description): &(String, String)| {
        crate::text_width::columns(key) + crate::text_width::columns(description) + 3
    };
    let (optional, kept) = hints.split_at(hints.len().saturating_sub(keep));
    let mut room = usize::from(width).saturating_sub(kept.iter().map(piece).sum());
    let mut shown = Vec::new();
    for hint in optional {
        if piece(hint) > room {
            break;
        }
        room -= piece(hint);
        shown.push(hint);
    }
    shown.extend(kept);
    shown
}

#[cfg(test)]
mod tests {
    use super::hints_that_fit;

    fn hint(key: &str, description: &str) -> (String, String) {
        (key.to_owned(), description.to_owned())
    }

    #[test]
    fn hints_are_measured_in_the_columns_a_terminal_draws() {
        // " 検 検索 " takes 9 columns, though it is 3 characters and 3 spaces.
        let hints = [hint("検", "検索"), hint("q", "quit")];
        let kept = 1 + 4 + 3;
        assert_eq!(hints_that_fit(&hints, kept + 9, 1).len(), 2);
        assert_eq!(
            hints_that_fit(&hints, kept + 8, 1),
            [&hints[1]],
            "a wide hint one column short is left out"
        );
        assert_eq!(hints_that_fit(&hints, 0, 1), [&hints[1]], "kept always");
    }
}
