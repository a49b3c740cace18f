//! The shape of the code, checked: the domain (and billing) stays pure (no storage, no
//! interface, no async, no I/O, and no reads of the clock or the OS's
//! randomness), and no source file grows past 700 lines. Function length is
//! checked by clippy (`too_many_lines`, threshold in clippy.toml).

use std::path::{Path, PathBuf};

/// Longest a file in `src/` may be.
const FILE_LINES_MAX: usize = 700;

/// What the domain may never name: other layers, storage, async, I/O, and
/// the sources of time and randomness (those come in as values).
const FORBIDDEN_IN_DOMAIN: &[&str] = &[
    "crate::store",
    "crate::workspace",
    "crate::tui",
    "crate::cli",
    "crate::sources",
    "sled::",
    "bincode",
    "tokio",
    "ratatui",
    "crossterm",
    "std::fs",
    "std::net",
    "std::env",
    "std::io",
    "std::process",
    "std::thread",
    "SystemTime",
    "Instant::now",
    "Utc::now",
    "Local::now",
    "now_v7",
    "new_v4",
    "getrandom",
    "rand::",
];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a readable source folder") {
        let path = entry.expect("a readable entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

fn source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// A file's lines without comments (doc comments may name what the code avoids).
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    std::fs::read_to_string(path)
        .expect("a readable source file")
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .map(|(number, line)| (number + 1, line.to_owned()))
        .collect()
}

#[test]
fn the_domain_names_no_other_layer_no_io_and_reads_no_clock_or_randomness() {
    // Billing computes for the domain and is held to the same purity.
    let mut domain = rust_files(&source().join("domain"));
    domain.extend(rust_files(&source().join("billing")));
    assert!(domain.len() > 10, "the domain's files were not found");
    let mut found = Vec::new();
    for file in &domain {
        for (number, line) in code_lines(file) {
            for forbidden in FORBIDDEN_IN_DOMAIN {
                if line.contains(forbidden) {
                    found.push(format!("{}:{number}: {forbidden}", file.display()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the domain is not pure:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_source_file_is_longer_than_700_lines() {
    let long: Vec<String> = rust_files(&source())
        .into_iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(&file).ok()?.lines().count();
            (lines > FILE_LINES_MAX).then(|| format!("{}: {lines} lines", file.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {FILE_LINES_MAX} lines:\n{}",
        long.join("\n")
    );
}
