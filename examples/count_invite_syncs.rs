//! Counts the disk syncs behind `invite add`, to show that a bulk invite of
//! 1,000 addresses is one transaction with one flush, not 1,000:
//!
//! ```text
//! cargo run --release --example count_invite_syncs
//! ```
//!
//! It runs itself again under `strace -f` (which must be installed), tracing
//! `sync_file_range` (what sled's `flush` issues on Linux for each log
//! buffer it writes), `fsync`/`fdatasync` and `pwrite64`, and counts them
//! between markers around three phases on a scratch store: one invite of one
//! address, one invite of 1,000 addresses, and 1,000 invites of one address.
//! Every thread counts (sled writes its log buffers from its own threads);
//! the `fsync` calls come from sled's background flusher, which runs on a
//! timer (every 500 ms) whatever the workload, so they grow with the
//! duration of a phase, not with its commits.

#[path = "../benches/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::{Command, ExitCode};
use std::time::Instant;

use support::invite::InviteBench;

const MARK: &str = "@@phase ";
const TRACED: [&str; 4] = ["sync_file_range", "fsync", "fdatasync", "pwrite64"];

fn mark(what: &str) {
    // One write(2) per marker, so the trace shows exactly where a phase starts.
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(format!("{MARK}{what}\n").as_bytes());
    let _ = err.flush();
}

fn workload() {
    let mut bench = InviteBench::new("syncs");
    bench.invite(1);
    let phases: [(&str, usize, usize); 3] = [
        ("one command, 1 address", 1, 1),
        ("one command, 1,000 addresses", 1, 1_000),
        ("1,000 commands, 1 address each", 1_000, 1),
    ];
    for (name, commands, addresses) in phases {
        let start = Instant::now();
        mark(&format!("begin {name}"));
        for _ in 0..commands {
            bench.invite(addresses);
        }
        mark(&format!("end {name}"));
        println!("{name}: {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
    }
}

fn main() -> ExitCode {
    if std::env::args().any(|arg| arg == "--traced") {
        workload();
        return ExitCode::SUCCESS;
    }
    let log = support::scratch_dir("strace");
    let log_path = log.path().join("trace.log");
    let exe = std::env::current_exe().expect("the path of this example");
    let traced = format!("trace={},write", TRACED.join(","));
    let status = Command::new("strace")
        .args(["-f", "-qq", "-s", "200", "-e", &traced, "-o"])
        .arg(&log_path)
        .arg(&exe)
        .arg("--traced")
        .stderr(std::process::Stdio::null())
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => {
            eprintln!("the traced run failed: {status}");
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("cannot run strace ({error}): install it (apt-get install strace)");
            return ExitCode::FAILURE;
        }
    }
    let trace = std::fs::read_to_string(&log_path).expect("read the trace");
    report(&trace);
    ExitCode::SUCCESS
}

/// Counts traced calls per phase, over all threads.
fn report(trace: &str) {
    let mut phase: Option<String> = None;
    let mut counts: BTreeMap<(String, &str), usize> = BTreeMap::new();
    let mut order = Vec::new();
    for line in trace.lines() {
        // Each line is `PID call(args) = result`.
        let call = line
            .split_once(char::is_whitespace)
            .map_or("", |(_, call)| call.trim_start());
        if let Some(start) = call.find(MARK) {
            let text = call[start + MARK.len()..]
                .split("\\n")
                .next()
                .unwrap_or_default();
            if let Some(name) = text.strip_prefix("begin ") {
                phase = Some(name.to_owned());
                order.push(name.to_owned());
            } else {
                phase = None;
            }
            continue;
        }
        let Some(current) = &phase else { continue };
        for name in TRACED {
            // A call interrupted by another thread's shows up again as
            // `<... name resumed>`: counted once, where it began.
            if call.starts_with(&format!("{name}(")) {
                *counts.entry((current.clone(), name)).or_default() += 1;
            }
        }
    }
    println!(
        "{:<32} {:>16} {:>9} {:>10} {:>7}",
        "phase", "sync_file_range", "pwrite64", "fdatasync", "fsync"
    );
    for name in order {
        let count = |call: &str| counts.get(&(name.clone(), call)).copied().unwrap_or(0);
        println!(
            "{:<32} {:>16} {:>9} {:>10} {:>7}",
            name,
            count("sync_file_range"),
            count("pwrite64"),
            count("fdatasync"),
            count("fsync"),
        );
    }
}
