//! `cargo bench --bench paste`
//!
//! - `paste/into_field_{65k,130k,260k}`: one line of that many characters
//!   pasted into an empty text field that holds it (checked against the
//!   limit, then inserted as one edit). Linear: 260k costs about four
//!   times 65k (the hand-made field before was quadratic: 0.65 s, 2.5 s
//!   and 9.8 s).
//! - `paste/refused_260k`: the same 260k characters pasted into a prompt
//!   that holds 1,024: refused before anything is inserted.
//!
//! The summary prints each median and the 260k/65k ratio.

mod support;

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::Criterion;
use support::{criterion_median_ns, human};
use teamdesk::tui::text_field::{Limit, TextField};

const SIZES: [(usize, &str); 3] = [(65_000, "65k"), (130_000, "130k"), (260_000, "260k")];

fn main() {
    let started = SystemTime::now();
    let mut criterion = Criterion::default().configure_from_args();
    {
        let mut group = criterion.benchmark_group("paste");
        group
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        for (size, label) in SIZES {
            let text = "word ".repeat(size / 5);
            group.bench_function(format!("into_field_{label}"), |b| {
                b.iter(|| {
                    let mut field = TextField::single("", Limit::Chars(size));
                    field.insert_str(black_box(&text)).expect("it fits");
                    field
                })
            });
        }
        let text = "word ".repeat(52_000);
        let prompt = TextField::single("", Limit::Chars(1024));
        group.bench_function("refused_260k", |b| {
            b.iter(|| prompt.clone().insert_str(black_box(&text)).unwrap_err())
        });
        group.finish();
    }
    criterion.final_summary();
    if support::benching() {
        summary(started);
    }
}

fn summary(started: SystemTime) {
    println!("\n== summary (medians of this run) ==");
    let median = |id: &str| criterion_median_ns(&format!("paste/{id}"), started);
    for (_, label) in SIZES {
        if let Some(ns) = median(&format!("into_field_{label}")) {
            println!("paste of {label} characters into a field: {}", human(ns));
        }
    }
    if let (Some(small), Some(large)) = (median("into_field_65k"), median("into_field_260k")) {
        println!("260k / 65k: {:.2}x (linear: 4x)", large / small);
    }
    if let Some(ns) = median("refused_260k") {
        println!("260k refused by a 1,024-character prompt: {}", human(ns));
    }
}
