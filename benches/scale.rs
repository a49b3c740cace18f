//! `cargo bench --bench scale`
//!
//! On one Clinic team of 100,000 members and 100,000 pending invitations
//! (each with its delivered email and audit entry; nothing old enough to be
//! history), built by `teamdesk import` from an export cached under
//! `$TEAMDESK_BENCH_FIXTURES` (default `target/bench-fixtures`):
//!
//! - `first_page/members_window_40`: `Workspace::members_window`, the
//!   first 40 members in display order, against
//!   `first_page/bare_prefix_scan_40`: plain sled taking the first 40
//!   entries of the same prefix, undecoded.
//! - opening the store: `Store::open` against plain sled opening the same
//!   files with the same cache and every tree (median of 5 each).
//! - the real binary, each command in a process of its own (median of 5;
//!   `import` of 3): wall time and peak resident memory (the child's
//!   `ru_maxrss`, which is its VmHWM, read by GNU time), against a floor
//!   doing the unavoidable part in plain sled in a process of its own
//!   (`support/bare.rs`).
//!
//! `cargo test --benches` runs it on 2,000 members and 2,000 invitations.

mod support;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use criterion::Criterion;
use support::{bare, criterion_median_ns, human, median};
use teamdesk::sources::ManualClock;
use teamdesk::store::{OpenMode, Opening, Store, TreeName};
use teamdesk::workspace::{Actor, Settings, TeamChoice, Workspace};

/// GNU time: the only portable way to read a finished child's peak memory.
const TIME: &str = "/usr/bin/time";

fn main() {
    if let Ok(mode) = std::env::var(bare::MODE) {
        let arg = |n: usize| PathBuf::from(std::env::args().nth(n).expect("an argument"));
        bare::run(&mode, &arg(1), &arg(2));
        return;
    }
    let started = SystemTime::now();
    let benching = support::benching();
    let read = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .map_or(default, |v| v.parse().expect("a number"))
    };
    let size = if benching { 100_000 } else { 2_000 };
    let members = read("TEAMDESK_BENCH_TEAM", size);
    let invitations = read("TEAMDESK_BENCH_INVITATIONS", size);
    let now = support::fixture_now();
    let (export, owner) = support::wide::wide_export(members, invitations, now);
    let root = export.parent().expect("the fixture folder").to_path_buf();
    let runs = if benching { 5 } else { 1 };
    let cli = Cli::new(&root, now);

    let import = cli.measure_import(&export, runs.min(3));
    let store = root.join("store");
    println!(
        "fixture {}: {members} members, {invitations} pending invitations, {:.0} MB export",
        store.display(),
        std::fs::metadata(&export).map_or(0, |m| m.len()) as f64 / 1e6
    );
    let opened = open_times(&store, runs);
    first_page(&store, &owner, now);

    let mut table = vec![import];
    for (label, args, floor) in [
        (
            "open (`team show`)",
            vec!["--as", &owner, "--json", "team", "show"],
            "open",
        ),
        (
            "`member list --json`",
            vec!["--as", &owner, "--json", "member", "list"],
            "members",
        ),
        (
            "`invite list --json`",
            vec!["--as", &owner, "--json", "invite", "list"],
            "invitations",
        ),
        ("`export`", vec!["export"], "export"),
        ("`doctor`", vec!["doctor"], "doctor"),
    ] {
        table.push(Row {
            label,
            teamdesk: cli.median_of(runs, || cli.run(&store, &args)),
            bare: cli.median_of(runs, || cli.floor(floor, &store, &export)),
        });
    }
    summary(started, opened, &table);
}

/// Medians of one command and its floor: (wall ns, peak bytes).
struct Row {
    label: &'static str,
    teamdesk: (f64, u64),
    bare: (f64, u64),
}

/// Runs the real binary and the floors, each in a child process.
struct Cli {
    config: PathBuf,
    now: String,
}

impl Cli {
    fn new(root: &Path, now: chrono::DateTime<chrono::Utc>) -> Self {
        let config = root.join("config.toml");
        std::fs::write(&config, "").expect("an empty config");
        Self {
            config,
            now: now.to_rfc3339(),
        }
    }

    /// Wall time and peak memory of `command`, its stdout thrown away.
    fn timed(&self, command: Command) -> (Duration, u64) {
        let peak_file = tempfile::NamedTempFile::new().expect("a file for GNU time");
        let mut timed = Command::new(TIME);
        timed
            .args(["-f", "%M", "-o"])
            .arg(peak_file.path())
            .arg(command.get_program())
            .args(command.get_args())
            .envs(command.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .env("TEAMDESK_CONFIG", &self.config)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let start = Instant::now();
        let output = timed
            .output()
            .expect("GNU time runs (apt-get install time)");
        let took = start.elapsed();
        assert!(
            output.status.success(),
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let kib: u64 = std::fs::read_to_string(peak_file.path())
            .expect("GNU time's report")
            .trim()
            .parse()
            .expect("a number of KiB");
        (took, kib * 1024)
    }

    fn run(&self, store: &Path, args: &[&str]) -> (Duration, u64) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_teamdesk"));
        command
            .arg("--db")
            .arg(store)
            .args(["--now", &self.now])
            .args(args);
        self.timed(command)
    }

    fn floor(&self, mode: &str, store: &Path, export: &Path) -> (Duration, u64) {
        let mut command = Command::new(std::env::current_exe().expect("this bench"));
        command.env(bare::MODE, mode).arg(store).arg(export);
        self.timed(command)
    }

    fn median_of(&self, runs: usize, mut once: impl FnMut() -> (Duration, u64)) -> (f64, u64) {
        let (times, mut peaks): (Vec<_>, Vec<_>) = (0..runs).map(|_| once()).unzip();
        peaks.sort_unstable();
        (median(times), peaks[peaks.len() / 2])
    }

    /// `import` into a fresh folder, `runs` times, against its floor; the
    /// first store imported is kept as the fixture of the other commands.
    fn measure_import(&self, export: &Path, runs: usize) -> Row {
        let root = export.parent().expect("the fixture folder");
        let store = root.join("store");
        let scratch = root.join("import");
        let fresh = |dir: &Path| {
            if dir.exists() {
                std::fs::remove_dir_all(dir).expect("remove an old scratch store");
            }
        };
        let export_arg = export.to_str().expect("a UTF-8 path");
        let teamdesk = self.median_of(runs, || {
            fresh(&scratch);
            let measured = self.run(&scratch, &["import", export_arg]);
            if store.exists() {
                fresh(&scratch);
            } else {
                std::fs::rename(&scratch, &store).expect("keep the imported store");
            }
            measured
        });
        let bare = self.median_of(runs, || {
            fresh(&scratch);
            let measured = self.floor("import", &scratch, export);
            fresh(&scratch);
            measured
        });
        Row {
            label: "`import`",
            teamdesk,
            bare,
        }
    }
}

/// Median times of `Store::open` and of plain sled opening the same files.
fn open_times(store: &Path, runs: usize) -> (f64, f64) {
    let ours = (0..runs)
        .map(|_| {
            let start = Instant::now();
            drop(black_box(
                Store::open(store, OpenMode::MustExist).expect("open"),
            ));
            start.elapsed()
        })
        .collect();
    let plain = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let db = sled::Config::new()
                .path(store.join("data"))
                .cache_capacity(Opening::DEFAULT_CACHE_BYTES)
                .open()
                .expect("sled opens the store");
            for name in TreeName::ALL {
                black_box(db.open_tree(name.as_str()).expect("a tree"));
            }
            drop(db);
            start.elapsed()
        })
        .collect();
    (median(ours), median(plain))
}

/// The first page of members: the windowed read against a bare prefix scan.
fn first_page(store: &Path, owner: &str, now: chrono::DateTime<chrono::Utc>) {
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("first_page");
    {
        let db = sled::Config::new()
            .path(store.join("data"))
            .cache_capacity(Opening::DEFAULT_CACHE_BYTES)
            .open()
            .expect("sled opens the store");
        let team = db
            .open_tree(TreeName::Teams.as_str())
            .unwrap()
            .iter()
            .next()
            .expect("a team")
            .unwrap()
            .0;
        let rows = db.open_tree(TreeName::MemberRows.as_str()).unwrap();
        group.bench_function("bare_prefix_scan_40", |b| {
            b.iter(|| {
                let page: Vec<_> = rows
                    .scan_prefix(&team)
                    .take(40)
                    .map(Result::unwrap)
                    .collect();
                assert_eq!(black_box(page).len(), 40);
            });
        });
    }
    {
        let workspace = Workspace::open(
            store,
            OpenMode::MustExist,
            Arc::new(ManualClock::new(now)),
            Settings::default(),
        )
        .expect("the workspace opens");
        let actor = Actor::person(owner).expect("an address");
        group.bench_function("members_window_40", |b| {
            b.iter(|| {
                let window = workspace
                    .members_window(&actor, &TeamChoice::Own, 0, 40)
                    .expect("the first page");
                assert_eq!(black_box(window).rows.len(), 40);
            });
        });
    }
    group.finish();
}

fn summary(started: SystemTime, (ours, plain): (f64, f64), table: &[Row]) {
    println!("\n== summary (medians of this run) ==");
    println!(
        "Store::open {} vs plain sled open of the same files {} ({:.2}x)",
        human(ours),
        human(plain),
        ours / plain
    );
    let median = |id: &str| criterion_median_ns(id, started);
    if let (Some(window), Some(scan)) = (
        median("first_page/members_window_40"),
        median("first_page/bare_prefix_scan_40"),
    ) {
        println!(
            "first page of members {} vs a bare prefix scan of 40 {} ({:.2}x)",
            human(window),
            human(scan),
            window / scan
        );
    }
    println!("| command | teamdesk | floor | time ratio | teamdesk peak | floor peak |");
    println!("|---|---|---|---|---|---|");
    for row in table {
        println!(
            "| {} | {} | {} | {:.2}x | {:.0} MB | {:.0} MB |",
            row.label,
            human(row.teamdesk.0),
            human(row.bare.0),
            row.teamdesk.0 / row.bare.0,
            row.teamdesk.1 as f64 / 1e6,
            row.bare.1 as f64 / 1e6
        );
    }
}
