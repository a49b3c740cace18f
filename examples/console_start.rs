//! Measures what a person gets from the real console process in a real
//! terminal: how long after `teamdesk` is started its members are on the
//! screen, and the process's peak memory (VmHWM) — beside a bare floor
//! measured the same way in the same run.
//!
//! ```text
//! cargo build --release --examples
//! target/release/examples/console_start --db STORE --as OWNER --expect NAME [--runs 8] [--size 120x40]
//! ```
//!
//! Each run starts `target/release/teamdesk --db STORE --as OWNER` in a
//! detached tmux pane (its own tmux server, `-L console-start`), reads the
//! pane every millisecond until NAME (a member on the first page) appears,
//! then waits two seconds for work started after the first page (a search
//! built in the background) and reads the process's VmHWM before quitting
//! it with `q`. A "loading…" frame does not count: only NAME does.
//!
//! The floor, run in alternation with the console: this same program, as
//! `console_start floor STORE TREE`, opens the store's sled database with a
//! 32 MB page cache, prints the first 40 entries of TREE (default
//! `member_rows`, the members in display order) and waits. That is the least
//! any program showing the first page must do: start, open sled, read one
//! range, draw.
//!
//! Medians of the runs are printed, with the ratios console/floor.

#[path = "support/proc_status.rs"]
#[allow(dead_code)] // serve_load uses the rest
mod proc_status;
use proc_status::status_kb;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const SOCKET: &str = "console-start";
const SESSION: &str = "measure";
const FLOOR_MARK: &str = "first page read";
const SETTLE: Duration = Duration::from_secs(2);
const GIVE_UP: Duration = Duration::from_secs(120);

struct Options {
    db: PathBuf,
    actor: String,
    expect: String,
    runs: usize,
    size: (u16, u16),
    teamdesk: PathBuf,
    floor_tree: String,
}

/// One start: until the wanted text was on screen, and the peak memory.
struct Sample {
    shown: Duration,
    peak_kb: u64,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("floor") {
        return floor(&args[1..]);
    }
    match parse(&args) {
        Ok(options) => match measure(&options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("console_start: {error}");
                tmux(&["kill-server"]).ok();
                ExitCode::FAILURE
            }
        },
        Err(usage) => {
            eprintln!("{usage}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: &[String]) -> Result<Options, String> {
    let usage = "usage: console_start --db STORE --as EMAIL --expect TEXT [--runs N] \
                 [--size COLSxROWS] [--teamdesk PATH] [--floor-tree TREE]";
    let mut options = Options {
        db: PathBuf::new(),
        actor: String::new(),
        expect: String::new(),
        runs: 8,
        size: (120, 40),
        teamdesk: PathBuf::from("target/release/teamdesk"),
        floor_tree: "member_rows".into(),
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{usage}"))?;
        match flag.as_str() {
            "--db" => options.db = PathBuf::from(value),
            "--as" => options.actor = value.clone(),
            "--expect" => options.expect = value.clone(),
            "--runs" => options.runs = value.parse().map_err(|_| "--runs needs a number")?,
            "--size" => options.size = parse_size(value).ok_or("--size is COLSxROWS")?,
            "--teamdesk" => options.teamdesk = PathBuf::from(value),
            "--floor-tree" => options.floor_tree = value.clone(),
            _ => return Err(usage.into()),
        }
    }
    if options.db.as_os_str().is_empty() || options.actor.is_empty() || options.expect.is_empty() {
        return Err(usage.into());
    }
    Ok(options)
}

fn parse_size(text: &str) -> Option<(u16, u16)> {
    let (cols, rows) = text.split_once('x')?;
    Some((cols.parse().ok()?, rows.parse().ok()?))
}

fn measure(options: &Options) -> Result<(), String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let db = options.db.to_string_lossy().into_owned();
    let console: Vec<String> = vec![
        options.teamdesk.to_string_lossy().into_owned(),
        "--db".into(),
        db.clone(),
        "--as".into(),
        options.actor.clone(),
    ];
    let bare: Vec<String> = vec![
        me.to_string_lossy().into_owned(),
        "floor".into(),
        db,
        options.floor_tree.clone(),
    ];
    let (mut ours, mut floors) = (Vec::new(), Vec::new());
    for run in 0..options.runs {
        // Alternate which goes first, so a neighbour's burst of load is
        // shared between the two sides.
        let pair = if run % 2 == 0 {
            [(&console, &options.expect[..]), (&bare, FLOOR_MARK)]
        } else {
            [(&bare, FLOOR_MARK), (&console, &options.expect[..])]
        };
        for (command, wanted) in pair {
            let sample = start_once(command, wanted, options.size)?;
            println!(
                "run {run}: {:<8} shown after {:>7.1} ms, peak {:>7.1} MB",
                if std::ptr::eq(command, &console) {
                    "console"
                } else {
                    "floor"
                },
                sample.shown.as_secs_f64() * 1e3,
                sample.peak_kb as f64 / 1024.0
            );
            if std::ptr::eq(command, &console) {
                ours.push(sample);
            } else {
                floors.push(sample);
            }
        }
    }
    report(&ours, &floors);
    Ok(())
}

/// Starts `command` in a fresh pane, waits for `wanted` on screen, lets it
/// settle, reads its peak memory and ends it.
fn start_once(
    command: &[String],
    wanted: &str,
    (cols, rows): (u16, u16),
) -> Result<Sample, String> {
    tmux(&["kill-server"]).ok();
    let (cols, rows) = (cols.to_string(), rows.to_string());
    let mut args = vec![
        "new-session",
        "-d",
        "-s",
        SESSION,
        "-x",
        &cols,
        "-y",
        &rows,
        "--",
    ];
    args.extend(command.iter().map(String::as_str));
    let started = Instant::now();
    tmux(&args)?;
    let pid = pane_pid()?;
    let ended = |_| format!("`{}` ended before showing {wanted:?}", command.join(" "));
    let shown = loop {
        if screen().map_err(ended)?.contains(wanted) {
            break started.elapsed();
        }
        if started.elapsed() > GIVE_UP {
            return Err(format!(
                "{wanted:?} was not on screen after {GIVE_UP:?}:\n{}",
                screen()?
            ));
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    std::thread::sleep(SETTLE);
    let peak_kb = status_kb(pid, "VmHWM").ok_or("the process ended before its memory was read")?;
    tmux(&["send-keys", "-t", SESSION, "q"])?;
    std::thread::sleep(Duration::from_millis(200));
    // The floor reads a line; the console has gone by now.
    tmux(&["send-keys", "-t", SESSION, "Enter"]).ok();
    let quit = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() && quit.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    tmux(&["kill-server"]).ok();
    Ok(Sample { shown, peak_kb })
}

fn tmux(args: &[&str]) -> Result<String, String> {
    let output = Command::new("tmux")
        .args(["-L", SOCKET])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("tmux: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "tmux {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn pane_pid() -> Result<u32, String> {
    let text = tmux(&["display-message", "-p", "-t", SESSION, "#{pane_pid}"])?;
    text.trim()
        .parse()
        .map_err(|_| format!("no pane pid in {text:?}"))
}

fn screen() -> Result<String, String> {
    tmux(&["capture-pane", "-p", "-t", SESSION])
}

fn report(ours: &[Sample], floors: &[Sample]) {
    let time = |samples: &[Sample]| median(samples.iter().map(|s| s.shown.as_secs_f64() * 1e3));
    let memory = |samples: &[Sample]| median(samples.iter().map(|s| s.peak_kb as f64 / 1024.0));
    let (shown, floor_shown) = (time(ours), time(floors));
    let (peak, floor_peak) = (memory(ours), memory(floors));
    println!("\n== medians of {} runs each ==", ours.len());
    println!(
        "members on screen: console {shown:.1} ms, floor {floor_shown:.1} ms ({:.2}x)",
        shown / floor_shown
    );
    println!(
        "peak memory (VmHWM): console {peak:.1} MB, floor {floor_peak:.1} MB ({:.2}x)",
        peak / floor_peak
    );
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// The floor: open the store's sled database, print the first page of one
/// tree, wait for `q`.
fn floor(args: &[String]) -> ExitCode {
    let Some(store) = args.first() else {
        eprintln!("usage: console_start floor STORE [TREE]");
        return ExitCode::from(2);
    };
    let tree_name = args.get(1).map_or("member_rows", String::as_str);
    let db = match sled::Config::new()
        .path(Path::new(store).join("data"))
        .cache_capacity(32 * 1024 * 1024)
        .open()
    {
        Ok(db) => db,
        Err(error) => {
            eprintln!("cannot open {store}: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Opening a tree that is not there would create it: look first.
    if !db
        .tree_names()
        .iter()
        .any(|name| name == tree_name.as_bytes())
    {
        eprintln!("{store} has no tree {tree_name}");
        return ExitCode::FAILURE;
    }
    let Ok(tree) = db.open_tree(tree_name) else {
        eprintln!("cannot read the tree {tree_name}");
        return ExitCode::FAILURE;
    };
    for (key, value) in tree.iter().take(40).flatten() {
        let shown: String = key
            .iter()
            .take(24)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        println!("{shown} {} B", value.len());
    }
    println!("{FLOOR_MARK}");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).ok();
    ExitCode::SUCCESS
}
