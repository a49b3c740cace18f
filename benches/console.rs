//! `cargo bench --bench console`
//!
//! The console on a generated store whose one team has 100,000 members
//! (built on first use and cached, see `benches/support/mod.rs`), as that
//! team's owner, at 100×30:
//!
//! - `draw/members_tab_100k`: drawing the whole screen on the Members tab
//!   (header, tabs, the list, the detail pane, the footer). Baseline in the
//!   same group: `draw/bare_table_same_rows`, a bare ratatui `Table` of the
//!   same visible rows built from the same member views. Target: ≤ 2×.
//! - `filter/narrowing_keystroke_100k` and `filter/widening_keystroke_100k`:
//!   one key typed into the Members filter (a character, which narrows the
//!   rows shown; Backspace, which filters all 100,000 again) through
//!   `update`. Target: median under 5 ms.
//! - start-up, timed outside criterion (median of 11 runs), as `teamdesk`
//!   starts: the first frame (drawn before the store opens), the store open,
//!   and the first frame that shows the members (a large team's first
//!   page). Target: first frame within 150 ms. Peak memory (VmHWM) is
//!   printed.

mod support;

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use criterion::Criterion;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Constraint;
use ratatui::widgets::{Row, Table};
use support::{Facts, Shape, criterion_median_ns, human, median};
use teamdesk::sources::ManualClock;
use teamdesk::store::{OpenMode, Store};
use teamdesk::tui::effects::{Effect, Msg, Reading, Runtime, perform};
use teamdesk::tui::i18n::Lang;
use teamdesk::tui::list::ListNav;
use teamdesk::tui::state::{App, Options};
use teamdesk::tui::theme::ThemeName;
use teamdesk::tui::{apply_inline, update, view};
use teamdesk::workspace::{Actor, MemberView, Settings, Workspace};

const SIZE: (u16, u16) = (100, 30);

/// A team of 100,000 when measuring; a small one in test mode. The
/// generator seats 40 % of the accounts (the big team first, then small
/// teams that invitations also go to) and sends about four invitations per
/// address, so the big team needs three accounts per member around it.
fn shape() -> Shape {
    let team = if support::benching() { 100_000 } else { 2_000 };
    let accounts = team * 3;
    Shape {
        accounts,
        invitations: accounts * 4,
        big_team: team,
    }
}

fn main() {
    let started = SystemTime::now();
    let benching = support::benching();
    let shape = shape();
    let (dir, facts) = support::big_store(shape);
    println!(
        "fixture {}: a team of {} members, {} accounts, built in {:.0} s",
        dir.display(),
        shape.big_team,
        shape.accounts,
        facts.total_seconds
    );
    let runs = if benching { 11 } else { 1 };
    let startup = start_up(&dir, &facts, shape.big_team, runs);

    let runtime = runtime(&dir, &facts);
    let mut app = loaded_app(&runtime, &facts);
    assert_eq!(app.lists.members.total(), shape.big_team);
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("a test terminal");

    let height = usize::from(SIZE.1);
    let visible: Vec<MemberView> = app
        .lists
        .members
        .window(height)
        .0
        .into_iter()
        .cloned()
        .collect();
    let mut criterion = Criterion::default().configure_from_args();
    {
        let mut group = criterion.benchmark_group("draw");
        group.measurement_time(Duration::from_secs(5));
        group.bench_function("members_tab_100k", |b| {
            b.iter(|| draw_members_tab(&mut terminal, &mut app))
        });
        group.bench_function("bare_table_same_rows", |b| {
            b.iter(|| draw_bare_table(&mut terminal, black_box(&visible)))
        });
        group.finish();
    }
    // The two again, alternating frame by frame, so both see the same load.
    let interleaved = benching.then(|| {
        let (mut tab, mut bare) = (Vec::new(), Vec::new());
        for _ in 0..2_000 {
            let start = Instant::now();
            draw_members_tab(&mut terminal, &mut app);
            tab.push(start.elapsed());
            let start = Instant::now();
            draw_bare_table(&mut terminal, &visible);
            bare.push(start.elapsed());
        }
        (median(tab), median(bare))
    });
    {
        let mut group = criterion.benchmark_group("filter");
        group.measurement_time(Duration::from_secs(5));
        apply_inline(&mut app, &runtime, key(KeyCode::Char('/')));
        let mut typed = 0u32;
        group.bench_function("narrowing_keystroke_100k", |b| {
            b.iter_custom(|iterations| {
                let mut spent = Duration::ZERO;
                for _ in 0..iterations {
                    let start = Instant::now();
                    black_box(update::update(&mut app, key(KeyCode::Char('a'))));
                    spent += start.elapsed();
                    update::update(&mut app, key(KeyCode::Backspace));
                    typed += 1;
                }
                spent
            })
        });
        group.bench_function("widening_keystroke_100k", |b| {
            b.iter_custom(|iterations| {
                let mut spent = Duration::ZERO;
                for _ in 0..iterations {
                    update::update(&mut app, key(KeyCode::Char('a')));
                    let start = Instant::now();
                    black_box(update::update(&mut app, key(KeyCode::Backspace)));
                    spent += start.elapsed();
                    typed += 1;
                }
                spent
            })
        });
        group.finish();
        assert!(typed > 0);
        assert_eq!(
            app.lists.members.shown(),
            shape.big_team,
            "the filter is empty again"
        );
    }

    criterion.final_summary();
    if benching {
        summary(started, &startup, interleaved);
    }
}

fn draw_members_tab(terminal: &mut Terminal<TestBackend>, app: &mut App) {
    terminal.draw(|frame| view::draw(frame, app)).expect("draw");
}

/// The baseline: a plain ratatui `Table` of the given rows filling the screen.
fn draw_bare_table(terminal: &mut Terminal<TestBackend>, rows: &[MemberView]) {
    terminal
        .draw(|frame| {
            let rows = rows
                .iter()
                .map(|m| Row::new([m.name.as_str(), m.email.as_str(), m.role.as_str()]));
            let widths = [
                Constraint::Fill(1),
                Constraint::Fill(1),
                Constraint::Length(16),
            ];
            frame.render_widget(Table::new(rows, widths), frame.area());
        })
        .expect("draw");
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn runtime(dir: &Path, facts: &Facts) -> Runtime {
    let store = Store::open(dir, OpenMode::MustExist).expect("open the fixture store");
    support::mark_made_under_the_fixture_clock(&store);
    drop(store);
    let workspace = Workspace::open(
        dir,
        OpenMode::MustExist,
        Arc::new(ManualClock::new(facts.now)),
        Settings::default(),
    )
    .expect("open the fixture store");
    Runtime::new(Arc::new(workspace))
}

/// A console acting as the big team's owner, with every member loaded: a
/// large team shows its first page at once and reads the rest when they
/// are wanted, here by the cursor going to the page's last row (End) and
/// back (Home), as a person would.
fn loaded_app(runtime: &Runtime, facts: &Facts) -> App {
    let owner = Actor::person(&facts.big_team_admin).expect("a valid address");
    let options = Options::standard(Lang::En, ThemeName::Default, SIZE);
    let (mut app, effects) = App::new(options, Some(owner));
    run(&mut app, runtime, effects);
    apply_inline(&mut app, runtime, key(KeyCode::End));
    apply_inline(&mut app, runtime, key(KeyCode::Home));
    app
}

fn run(app: &mut App, runtime: &Runtime, effects: Vec<Effect>) {
    for effect in effects {
        if let Some(msg) = perform(runtime, effect) {
            apply_inline(app, runtime, msg);
        }
    }
}

/// Start-up timings: (first frame, first frame with the members), medians.
struct StartUp {
    first_frame: f64,
    members_shown: f64,
    open: f64,
}

/// Starts the console as `teamdesk` does, `runs` times: the first frame is
/// drawn before the store opens, then the store opens, the team loads and the
/// members are drawn. The store is closed between runs.
fn start_up(dir: &Path, facts: &Facts, members: usize, runs: usize) -> StartUp {
    let (mut first, mut shown, mut opened) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        let mut app = App::blank(Options::standard(Lang::En, ThemeName::Default, SIZE));
        let mut terminal =
            Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("a test terminal");
        terminal
            .draw(|frame| view::draw(frame, &app))
            .expect("draw");
        first.push(start.elapsed());
        let runtime = runtime(dir, facts);
        opened.push(start.elapsed());
        let owner = Actor::person(&facts.big_team_admin).expect("a valid address");
        let effects = app.start(Some(owner));
        run(&mut app, &runtime, effects);
        terminal
            .draw(|frame| view::draw(frame, &app))
            .expect("draw");
        shown.push(start.elapsed());
        // Both shapes are large teams: the first frame holds their first page.
        assert_eq!(
            app.lists.members.total(),
            members.min(Reading::default().first_page)
        );
    }
    StartUp {
        first_frame: median(first),
        members_shown: median(shown),
        open: median(opened),
    }
}

/// The process's peak resident memory so far, from the kernel.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .map(|line| line.trim_start_matches("VmHWM:").trim().to_owned())
}

fn summary(started: SystemTime, startup: &StartUp, interleaved: Option<(f64, f64)>) {
    println!("\n== summary (medians of this run) ==");
    if let Some((tab, bare)) = interleaved {
        println!(
            "interleaved (2,000 pairs): the Members tab {} vs a bare Table {} = {:.2}x (target <= 2x: {})",
            human(tab),
            human(bare),
            tab / bare,
            if tab <= 2.0 * bare { "holds" } else { "FAILS" }
        );
    }
    let median = |id: &str| criterion_median_ns(id, started);
    if let (Some(tab), Some(bare)) = (
        median("draw/members_tab_100k"),
        median("draw/bare_table_same_rows"),
    ) {
        println!(
            "drawing the Members tab of 100,000: {} = {:.2}x a bare Table of the same rows ({}) (target <= 2x: {})",
            human(tab),
            tab / bare,
            human(bare),
            if tab <= 2.0 * bare { "holds" } else { "FAILS" }
        );
    }
    for id in [
        "filter/narrowing_keystroke_100k",
        "filter/widening_keystroke_100k",
    ] {
        if let Some(keystroke) = median(id) {
            println!(
                "{id}: {} (target < 5 ms: {})",
                human(keystroke),
                if keystroke < 5e6 { "holds" } else { "FAILS" }
            );
        }
    }
    println!(
        "start-up: first frame {} (target <= 150 ms: {}); the store open by {}; the first page of members shown by {}",
        human(startup.first_frame),
        if startup.first_frame <= 150e6 {
            "holds"
        } else {
            "FAILS"
        },
        human(startup.open),
        human(startup.members_shown)
    );
    println!(
        "peak memory (VmHWM): {}",
        peak_memory().unwrap_or_else(|| "unknown".into())
    );
}
