//! The console's state: who is acting, what is loaded, which tab, list and
//! dialog are open. `update` changes it; `view` draws it.

use std::cmp::Ordering;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;

pub use super::dialog::{Dialog, InviteField, Link, PickEntry, PromptPurpose};
use super::effects::{BillingData, Closed, Effect, ForEach, Loaded, Msg};
use super::i18n::{Catalogue, T};
use super::keymap::{Binding, Context, KeyAction, Keymap};
use super::list::{ListNav, ListRow, ListView, Sort};
use super::text_field::TextField;
use super::theme::Theme;
pub use super::toasts::{Level, Toast, Toasts};
pub use super::trail::{MemberRead, Trail};
use crate::billing::invoice::Invoice;
use crate::domain::{Action, PersonalPlan, TeamId};
use crate::workspace::{
    Actor, AuditView, BillingView, Command, InvitationView, MemberView, TeamChoice, TeamView,
    TemplateSummary, TriageRow,
};

/// Smallest terminal the console draws in; below it, it says so and waits.
pub const MIN_WIDTH: u16 = 64;
pub const MIN_HEIGHT: u16 = 18;
/// Wide enough to show a detail pane beside the list.
pub const DETAIL_MIN_WIDTH: u16 = 96;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Members,
    Invitations,
    Templates,
    Billing,
    Activity,
    Triage,
}

impl Tab {
    pub fn label(self) -> T {
        match self {
            Tab::Members => T::TabMembers,
            Tab::Invitations => T::TabInvitations,
            Tab::Templates => T::TabTemplates,
            Tab::Billing => T::TabBilling,
            Tab::Activity => T::TabActivity,
            Tab::Triage => T::TabTriage,
        }
    }

    pub fn context(self) -> Context {
        match self {
            Tab::Members => Context::Members,
            Tab::Invitations => Context::Invitations,
            Tab::Templates => Context::Templates,
            Tab::Billing => Context::Billing,
            Tab::Activity => Context::Activity,
            Tab::Triage => Context::Triage,
        }
    }
}

/// A person the demo can switch to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    /// What they are in the demo: "owner", "member"...
    pub part: String,
    pub email: String,
}

/// The console.
pub struct App {
    pub actor: Actor,
    /// The team support staff opened from triage; members use their own.
    pub team: Option<TeamId>,
    pub catalogue: Arc<Catalogue>,
    pub theme: Theme,
    pub keymap: Keymap,
    pub demo: Option<Vec<DemoPerson>>,
    /// The operator's own console, started without `--as`: it may act as
    /// any account, so the picker returns on the switch key.
    pub operator: bool,
    pub mouse: bool,
    pub tab: Tab,
    pub loaded: Option<Loaded>,
    /// Where reading what is shown stands.
    pub reads: Reads,
    pub lists: Lists,
    pub triage_query: String,
    pub trail: Trail,
    /// A large team's member in detail, read whole (their plan history).
    pub member_read: MemberRead,
    /// Some while a filter (or, in Triage, a lookup) is being typed.
    pub filter_input: Option<TextField>,
    /// The detail pane is shown full-screen (narrow terminals) or focused;
    /// in Billing, the invoices take the whole tab.
    pub detail_open: bool,
    /// The invoice chosen in the Billing tab and how far its lines are scrolled.
    pub invoice: InvoiceCursor,
    /// The end of the team's trial, while it is news to someone who sees billing.
    pub trial_ended: Option<TrialEnded>,
    pub dialog: Option<Dialog>,
    /// Links just made, waiting for the dialog in front to close.
    pub links_waiting: Vec<Link>,
    pub toasts: Toasts,
    pub size: (u16, u16),
    /// Where things are on the terminal of [`App::size`], worked out by
    /// update after each message: drawing only reads the state.
    pub screen: Screen,
    pub should_quit: bool,
}

/// The tabs' lists, one each: rows, filter, sort, selection and scroll.
#[derive(Default)]
pub struct Lists {
    pub members: ListView<MemberView>,
    pub invitations: ListView<InvitationView>,
    pub templates: ListView<TemplateSummary>,
    pub activity: ListView<AuditView>,
    pub triage: ListView<TriageRow>,
}

impl Lists {
    /// The list a tab shows (Billing's invoices are not one).
    pub fn list(&self, tab: Tab) -> Option<&dyn ListNav> {
        match tab {
            Tab::Members => Some(&self.members),
            Tab::Invitations => Some(&self.invitations),
            Tab::Templates => Some(&self.templates),
            Tab::Activity => Some(&self.activity),
            Tab::Triage => Some(&self.triage),
            Tab::Billing => None,
        }
    }

    pub fn list_mut(&mut self, tab: Tab) -> Option<&mut dyn ListNav> {
        match tab {
            Tab::Members => Some(&mut self.members),
            Tab::Invitations => Some(&mut self.invitations),
            Tab::Templates => Some(&mut self.templates),
            Tab::Activity => Some(&mut self.activity),
            Tab::Triage => Some(&mut self.triage),
            Tab::Billing => None,
        }
    }
}

/// Reading what is shown: one read at a time, numbered; changes announced
/// close together are read once, after they settle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reads {
    /// The number of the last read asked for: the answer of an older one is dropped.
    pub asked: u64,
    pub loading: bool,
    /// A change arrived while loading: load again when done.
    pub stale: bool,
    /// What a large team's first read left for later (its members beyond
    /// the first page, its invitations, its billing): read once its tab is shown.
    pub due: ForEach<bool>,
    /// What was read later and no change has touched since: a new read of
    /// the same team keeps it instead of reading it again.
    pub current: ForEach<bool>,
    /// How many changes touched each: a later read overtaken by one is dropped.
    pub changes: ForEach<u64>,
    /// A later read is under way: one at a time, so a stream of changes
    /// never piles up reads of 100,000 rows.
    pub later_in_flight: bool,
}

/// Where the Billing tab is: the invoice chosen (0 is the next one, then the
/// issued ones, newest first) and the first of its lines shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InvoiceCursor {
    pub selected: usize,
    pub scroll: usize,
}

impl InvoiceCursor {
    /// Chooses the invoice `delta` rows away among `count` (clamped to the
    /// list), its lines from the top.
    pub fn choose(&mut self, delta: isize, count: usize) {
        let last = count.saturating_sub(1);
        let selected = self.selected.saturating_add_signed(delta).min(last);
        if selected != self.selected {
            *self = InvoiceCursor {
                selected,
                scroll: 0,
            };
        }
    }

    /// Scrolls the chosen invoice's `lines` by `rows`, no further than its
    /// last `page`.
    pub fn scroll_by(&mut self, rows: isize, lines: usize, page: usize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(rows)
            .min(lines.saturating_sub(page.max(1)));
    }
}

/// A Clinic trial that has ended, announced until dismissed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrialEnded {
    pub at: DateTime<Utc>,
    /// A card on file kept the team on Clinic; without one it went back to Pro.
    pub kept_clinic: bool,
    pub dismissed: bool,
}

/// What update needs to know of the layout: how many rows a page holds,
/// and where the tab titles and the list's rows are (for the mouse).
#[derive(Debug, Clone, Default)]
pub struct Screen {
    pub tabs: Vec<(Rect, Tab)>,
    /// The rows' area and the index of the first row shown there.
    pub list: Option<(Rect, usize)>,
    pub page: usize,
}

/// How the console starts.
pub struct Options {
    pub catalogue: Catalogue,
    pub theme: Theme,
    pub keymap: Keymap,
    pub keymap_warnings: Vec<String>,
    pub demo: Option<Vec<DemoPerson>>,
    /// See [`App::operator`].
    pub operator: bool,
    pub mouse: bool,
    pub size: (u16, u16),
}

impl Options {
    /// The shipped keymap, no demo, no mouse: a console as a test or script sees it.
    pub fn standard(
        lang: super::i18n::Lang,
        theme: super::theme::ThemeName,
        size: (u16, u16),
    ) -> Options {
        Options::with_bindings(lang, theme, size, &[])
    }

    /// As [`Options::standard`], with `bindings` over the shipped keymap:
    /// a server's sessions, under the server's configuration.
    pub fn with_bindings(
        lang: super::i18n::Lang,
        theme: super::theme::ThemeName,
        size: (u16, u16),
        bindings: &[super::keymap::BindingEntry],
    ) -> Options {
        let (keymap, keymap_warnings) = Keymap::load(bindings);
        Options {
            catalogue: Catalogue::load(lang).expect("the shipped catalogues are valid"),
            theme: Theme::new(theme),
            keymap,
            keymap_warnings,
            demo: None,
            operator: false,
            mouse: false,
            size,
        }
    }
}

impl App {
    /// A console acting as `actor`, or (without one) opening the account picker.
    /// Returns the effects that start it.
    pub fn new(options: Options, actor: Option<Actor>) -> (App, Vec<Effect>) {
        let mut app = App::blank(options);
        let effects = app.start(actor);
        (app, effects)
    }

    /// A console with nothing loaded yet: what is drawn while the store opens.
    pub fn blank(options: Options) -> App {
        let mut app = App {
            actor: Actor::Operator,
            team: None,
            catalogue: Arc::new(options.catalogue),
            theme: options.theme,
            keymap: options.keymap,
            demo: options.demo,
            operator: options.operator,
            mouse: options.mouse,
            tab: Tab::Members,
            loaded: None,
            reads: Reads {
                loading: true,
                ..Reads::default()
            },
            lists: Lists::default(),
            triage_query: String::new(),
            trail: Trail::default(),
            member_read: MemberRead::default(),
            filter_input: None,
            detail_open: false,
            invoice: InvoiceCursor::default(),
            trial_ended: None,
            dialog: None,
            links_waiting: Vec::new(),
            toasts: Toasts::default(),
            size: options.size,
            screen: Screen::default(),
            should_quit: false,
        };
        for warning in options.keymap_warnings {
            let text = app
                .catalogue
                .fill(T::KeymapConflict, &[("warning", &warning)]);
            app.toasts.push(Level::Warn, text);
        }
        app
    }

    /// Starts acting as `actor`, or (without one) asks who with the picker.
    pub fn start(&mut self, actor: Option<Actor>) -> Vec<Effect> {
        match actor {
            Some(actor) => {
                self.actor = actor;
                vec![self.load()]
            }
            None => {
                self.reads.loading = false;
                vec![Effect::ListAccounts]
            }
        }
    }

    pub fn t(&self, key: T) -> &str {
        self.catalogue.get(key)
    }

    /// The effect that (re)loads everything shown, numbered so that only
    /// its answer is taken in.
    pub fn load(&mut self) -> Effect {
        self.reads.asked += 1;
        self.reads.loading = true;
        self.reads.stale = false;
        self.reads.due = ForEach::default();
        Effect::Load {
            actor: self.actor.clone(),
            team: self.team_choice(),
            read: self.reads.asked,
        }
    }

    /// Whether `msg` may change what is drawn: a change to another team
    /// does not, nor a tick with no toast to expire. The loop draws only
    /// after those that may, so a console showing another team, or one
    /// left alone, writes nothing.
    pub fn may_redraw(&self, msg: &Msg) -> bool {
        match msg {
            Msg::Tick => !self.toasts.is_empty(),
            Msg::Changed(team, _) => self.concerns(*team),
            _ => true,
        }
    }

    /// Whether a change to `team` (`None`: to no team, such as an
    /// account's plan) may change what is shown: those to another team do
    /// not, unless none is shown.
    pub fn concerns(&self, team: Option<TeamId>) -> bool {
        let shown = self.team_shown().map(|view| view.id).or(self.team);
        match (team, shown) {
            (Some(changed), Some(shown)) => changed == shown || self.team == Some(changed),
            _ => true,
        }
    }

    pub fn execute(&self, command: Command) -> Effect {
        Effect::Execute {
            actor: self.actor.clone(),
            command,
        }
    }

    /// The team this console reads and acts on.
    pub fn team_choice(&self) -> TeamChoice {
        self.team.map_or(TeamChoice::Own, TeamChoice::Id)
    }

    /// Whether the domain's policy lets the acting person do `action` on the team shown.
    pub fn may(&self, action: Action) -> bool {
        self.loaded
            .as_ref()
            .is_some_and(|loaded| loaded.allowed.contains(&action))
    }

    /// As [`App::may`], except that in Triage rows span teams, so what counts
    /// is the support standing itself.
    pub fn may_in(&self, context: Context, action: Action) -> bool {
        if context == Context::Triage {
            return self
                .loaded
                .as_ref()
                .is_some_and(|loaded| loaded.allowed_across_teams.contains(&action));
        }
        self.may(action)
    }

    /// Whether `action` is offered on `context`: by the policy's right for
    /// it, except moving to Pro, which is for a free person in no team,
    /// dismissing the banner, while there is one, the demo's clock, and
    /// switching person, which a console started as someone (`--as`) cannot.
    pub fn offers(&self, context: Context, action: KeyAction) -> bool {
        match action {
            KeyAction::GoPro => self.may_go_pro(),
            KeyAction::Dismiss => self.trial_end_shown().is_some(),
            KeyAction::SwitchPerson => self.demo.is_some() || self.operator,
            KeyAction::ClockDay | KeyAction::ClockWeek => self.demo.is_some(),
            _ => action
                .needs()
                .is_none_or(|right| self.may_in(context, right)),
        }
    }

    /// The bindings of `context` this person is offered here: those
    /// [`App::offers`], a tab's number only if there is such a tab.
    pub fn offered(&self, context: Context) -> impl Iterator<Item = &Binding> {
        let tabs = self.tabs().len();
        self.keymap.bindings(context).filter(move |binding| {
            self.offers(context, binding.action)
                && binding.action.tab_index().is_none_or(|index| index < tabs)
        })
    }

    /// The trial's end, while its banner is up.
    pub fn trial_end_shown(&self) -> Option<&TrialEnded> {
        self.trial_ended.as_ref().filter(|ended| !ended.dismissed)
    }

    /// A free person in no team may move themselves to Pro.
    pub fn may_go_pro(&self) -> bool {
        self.loaded.as_ref().is_some_and(|loaded| {
            let me = &loaded.me;
            me.team.is_none() && me.staff.is_none() && me.plan == PersonalPlan::Free.label()
        })
    }

    pub fn is_support(&self) -> bool {
        self.loaded
            .as_ref()
            .is_some_and(|loaded| loaded.me.staff.is_some())
    }

    /// The tabs this person has: Triage only for support staff, first.
    pub fn tabs(&self) -> Vec<Tab> {
        let mut tabs = Vec::new();
        if self.is_support() {
            tabs.push(Tab::Triage);
        }
        tabs.extend([
            Tab::Members,
            Tab::Invitations,
            Tab::Templates,
            Tab::Billing,
            Tab::Activity,
        ]);
        tabs
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The store's time when the console last read it; the Unix epoch
    /// before anything is read (nothing dated is shown then).
    pub fn now(&self) -> DateTime<Utc> {
        self.loaded
            .as_ref()
            .map_or(DateTime::UNIX_EPOCH, |loaded| loaded.now)
    }

    /// The team on screen, once loaded.
    pub fn team_shown(&self) -> Option<&TeamView> {
        self.loaded.as_ref().and_then(|loaded| loaded.team.as_ref())
    }

    /// The billing summary, when this person may see it.
    pub fn billing(&self) -> Option<&BillingView> {
        self.billing_data().map(|data| &data.summary)
    }

    /// Everything the Billing tab shows, when this person may see it.
    pub fn billing_data(&self) -> Option<&BillingData> {
        self.loaded
            .as_ref()
            .and_then(|loaded| loaded.billing.as_ref().ok()?.as_deref())
    }

    /// How many invoices the Billing tab lists: the next one and those issued.
    pub fn invoice_count(&self) -> usize {
        self.billing_data().map_or(0, |data| 1 + data.issued.len())
    }

    /// The invoice chosen in the Billing tab, and whether it is the next one
    /// (a preview) rather than one issued.
    pub fn invoice_shown(&self) -> Option<(&Invoice, bool)> {
        let data = self.billing_data()?;
        let issued = self.invoice.selected.checked_sub(1);
        Some(
            issued
                .and_then(|index| data.issued.get(index))
                .map_or((&data.upcoming, true), |invoice| (invoice, false)),
        )
    }

    /// Why a tab is closed to this person, if it is.
    pub fn closed_reason(&self, tab: Tab) -> Option<&Closed> {
        let loaded = self.loaded.as_ref()?;
        match tab {
            Tab::Members => loaded.members.as_ref().err(),
            Tab::Invitations => loaded.invitations.as_ref().err(),
            Tab::Templates => loaded.templates.as_ref().err(),
            Tab::Billing => loaded.billing.as_ref().err(),
            Tab::Activity => loaded.activity.as_ref().err(),
            Tab::Triage => None,
        }
    }
}

/// Case-insensitive order without allocating: sorting 100,000 names calls this
/// a couple of million times.
fn by_text(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

impl ListRow for MemberView {
    fn haystack(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}",
            self.name,
            self.email,
            self.role.as_str()
        )
        .to_lowercase()
    }
    fn identity(&self) -> String {
        self.email.clone()
    }
    fn sorts() -> &'static [Sort<Self>] {
        const SORTS: &[Sort<MemberView>] = &[
            Sort::up(T::ColName, |a, b| {
                by_text(&a.name, &b.name).then(a.email.cmp(&b.email))
            }),
            Sort::up(T::ColEmail, |a, b| a.email.cmp(&b.email)),
            Sort::up(T::ColRole, |a, b| {
                (!a.owner, a.role)
                    .cmp(&(!b.owner, b.role))
                    .then(by_text(&a.name, &b.name))
            }),
        ];
        SORTS
    }
}

impl ListRow for InvitationView {
    fn haystack(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}",
            self.email,
            self.status.as_str(),
            self.invited_by.name
        )
        .to_lowercase()
    }
    fn identity(&self) -> String {
        self.id.to_string()
    }
    /// Newest first, as read: the Status column tells how old each is.
    fn sorts() -> &'static [Sort<Self>] {
        const SORTS: &[Sort<InvitationView>] = &[
            Sort::up(T::ColEmail, |a, b| {
                a.email.cmp(&b.email).then(b.sent_at.cmp(&a.sent_at))
            }),
            Sort::up(T::ColRole, |a, b| {
                a.role.cmp(&b.role).then(b.sent_at.cmp(&a.sent_at))
            }),
            Sort::up(T::ColStatus, |a, b| {
                a.status
                    .as_str()
                    .cmp(b.status.as_str())
                    .then(b.sent_at.cmp(&a.sent_at))
            }),
        ];
        SORTS
    }
    fn as_read() -> Option<(T, T)> {
        Some((T::OrderNewest, T::OrderOldest))
    }
}

impl ListRow for TemplateSummary {
    fn haystack(&self) -> String {
        format!("{}\u{1f}{}", self.name, self.updated_by.name).to_lowercase()
    }
    fn identity(&self) -> String {
        self.name.clone()
    }
    fn sorts() -> &'static [Sort<Self>] {
        const SORTS: &[Sort<TemplateSummary>] = &[
            Sort::up(T::ColTemplateName, |a, b| by_text(&a.name, &b.name)),
            Sort::down(T::ColUpdated, |a, b| b.updated_at.cmp(&a.updated_at)),
        ];
        SORTS
    }
}

/// Who made an audit entry, as the console names them: their name, else
/// the address the entry kept ("system" for the clock).
pub fn actor_shown(entry: &AuditView) -> &str {
    entry.actor_name.as_deref().unwrap_or(&entry.actor)
}

impl ListRow for AuditView {
    fn haystack(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.actor_name.as_deref().unwrap_or_default(),
            self.actor,
            self.action,
            self.target,
            self.details
        )
        .to_lowercase()
    }
    fn identity(&self) -> String {
        format!(
            "{}{}{}",
            self.at.timestamp_micros(),
            self.action,
            self.target
        )
    }
    /// Newest first as read; then by who acted, or by what was done.
    fn sorts() -> &'static [Sort<Self>] {
        const SORTS: &[Sort<AuditView>] = &[
            Sort::down(T::ColAt, |a, b| b.at.cmp(&a.at)),
            Sort::up(T::ColActor, |a, b| {
                by_text(actor_shown(a), actor_shown(b)).then(b.at.cmp(&a.at))
            }),
            Sort::up(T::ColAction, |a, b| {
                a.action
                    .as_str()
                    .cmp(b.action.as_str())
                    .then(b.at.cmp(&a.at))
            }),
        ];
        SORTS
    }
}

impl ListRow for TriageRow {
    fn haystack(&self) -> String {
        format!(
            "{}\u{1f}{}",
            self.invitation.email, self.invitation.team_name
        )
        .to_lowercase()
    }
    fn identity(&self) -> String {
        self.invitation.id.to_string()
    }
    fn sorts() -> &'static [Sort<Self>] {
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::InvoiceCursor;

    #[test]
    fn the_invoice_cursor_stays_in_the_list_and_on_the_last_page() {
        let mut cursor = InvoiceCursor::default();
        cursor.scroll_by(100, 30, 10);
        assert_eq!(cursor.scroll, 20, "the last page stays full");
        cursor.choose(5, 3);
        assert_eq!(
            (cursor.selected, cursor.scroll),
            (2, 0),
            "a new invoice from its top"
        );
        cursor.scroll_by(4, 30, 10);
        cursor.choose(1, 3);
        assert_eq!(cursor.scroll, 4, "the same invoice keeps its place");
        cursor.choose(isize::MIN, 3);
        assert_eq!(cursor.selected, 0);
    }
}
