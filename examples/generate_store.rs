//! Builds a large, valid teamdesk store for the benchmarks (and for trying the
//! console on a big store):
//!
//! ```text
//! cargo run --release --example generate_store -- --accounts 100000 --invitations 1000000 [DIR]
//! ```
//!
//! Without DIR the store goes to the benchmark cache
//! (`target/bench-fixtures/…`, or `$TEAMDESK_BENCH_FIXTURES`), where
//! `cargo bench --bench reads` finds it; a cached store is kept unless
//! `--force`. Other options: `--team-size N` (members of the big team,
//! default 1000), `--chunk N` (invitations per transaction, default 5000),
//! `--import` (one `Workspace::import` transaction instead of chunks),
//! `--doctor` (run every invariant and index check on the result).

#[path = "../benches/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::ExitCode;

use support::{Method, Shape};

struct Options {
    shape: Shape,
    method: Method,
    doctor: bool,
    force: bool,
    dir: Option<PathBuf>,
}

fn parse() -> Result<Options, String> {
    let mut options = Options {
        shape: Shape::ISSUE,
        method: Method::Chunked(support::DEFAULT_CHUNK),
        doctor: false,
        force: false,
        dir: None,
    };
    let mut args = std::env::args().skip(1);
    let number = |flag: &str, value: Option<String>| -> Result<usize, String> {
        value
            .ok_or_else(|| format!("{flag} needs a number"))?
            .replace('_', "")
            .parse()
            .map_err(|_| format!("{flag} needs a number"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--accounts" => options.shape.accounts = number(&arg, args.next())?,
            "--invitations" => options.shape.invitations = number(&arg, args.next())?,
            "--team-size" => options.shape.big_team = number(&arg, args.next())?,
            "--chunk" => options.method = Method::Chunked(number(&arg, args.next())?.max(1)),
            "--import" => options.method = Method::Import,
            "--doctor" => options.doctor = true,
            "--force" => options.force = true,
            "-h" | "--help" => {
                return Err(
                    "usage: generate_store [--accounts N] [--invitations N] [--team-size N] \
                     [--chunk N | --import] [--doctor] [--force] [DIR]"
                        .into(),
                );
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            dir => options.dir = Some(PathBuf::from(dir)),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let (dir, facts) = match &options.dir {
        Some(dir) => {
            let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
            if occupied {
                eprintln!(
                    "{} is not empty: name a new or empty directory",
                    dir.display()
                );
                return ExitCode::from(2);
            }
            (
                dir.clone(),
                support::build_store(dir, options.shape, options.method),
            )
        }
        None => {
            let dir = support::fixture_root().join(options.shape.cache_name());
            match support::read_facts(&dir).filter(|_| !options.force) {
                Some(facts) => {
                    eprintln!("already built (use --force to rebuild)");
                    (dir, facts)
                }
                None => {
                    let facts = support::build_cached(&dir, options.shape, options.method);
                    (dir, facts)
                }
            }
        }
    };
    println!("store: {}", dir.display());
    println!(
        "{}",
        serde_json::to_string_pretty(&facts).expect("facts serialise")
    );
    if options.doctor {
        let (report, took) = support::examine(&dir);
        println!(
            "doctor: {} accounts, {} teams, {} memberships, {} invitations, {} audit entries; {} problem(s); {:.1} s",
            report.accounts,
            report.teams,
            report.memberships,
            report.invitations,
            report.audit_entries,
            report.problems.len(),
            took.as_secs_f64()
        );
        for problem in report.problems.iter().take(10) {
            println!("  {problem}");
        }
        if !report.is_sound() {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
