//! `cargo bench --bench invite`
//!
//! - `invite/durable_invite_add`: one `invite add` of one fresh address
//!   through `Workspace::execute` (validate, authorise, one transaction over
//!   the store's 15 trees, flush, sync to stable storage), against
//!   `invite/bare_sled_tx_flush_fsync`: a bare sled transaction over 15 trees
//!   in a separate database writing entries of exactly the sizes one real
//!   invite writes (measured first, by reading every tree before and after
//!   one invite), then `flush()` and `fdatasync` of sled's data file — the
//!   least any change that survives a power cut costs with sled.
//!   Target: the median ratio is at most 1.5×.
//! - `bulk_invite/*`: 1,000 addresses in one `invite add` command, against the
//!   bare transaction of 1,000 invites' bytes with one flush and sync, and
//!   against 1,000 single-address commands (1,000 transactions, flushes and
//!   syncs).
//!
//! After criterion, an interleaved run (invite, bare, bare, invite, …) gives
//! the same ratio with both sides exposed to the same moment of a noisy
//! machine. Both ratios are printed from medians of this run.

mod support;

use std::time::{Duration, Instant, SystemTime};

use criterion::{Criterion, SamplingMode};
use support::invite::{BareTx, InviteBench, Write};
use support::{criterion_median_ns, human, median};

const BULK: usize = 1_000;

fn main() {
    let started = SystemTime::now();
    let benching = support::benching();
    let mut criterion = Criterion::default().configure_from_args();

    let layout = InviteBench::new("layout").layout_of_one_invite();
    describe(&layout);

    {
        let mut group = criterion.benchmark_group("invite");
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(40)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(12));
        let mut workspace = InviteBench::new("durable");
        group.bench_function("durable_invite_add", |b| b.iter(|| workspace.invite(1)));
        let mut bare = BareTx::new("bare", layout.clone());
        group.bench_function("bare_sled_tx_flush_fsync", |b| b.iter(|| bare.commit(1)));
        group.finish();
    }

    {
        let mut group = criterion.benchmark_group("bulk_invite");
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(5));
        let mut workspace = InviteBench::new("bulk");
        group.bench_function("one_command_1000_addresses", |b| {
            b.iter(|| workspace.invite(BULK))
        });
        let mut bare = BareTx::new("bulk-bare", layout.clone());
        group.bench_function("bare_one_tx_flush_fsync_1000_invites", |b| {
            b.iter(|| bare.commit(BULK))
        });
        let mut singles = InviteBench::new("singles");
        group.bench_function("single_commands_x1000", |b| {
            b.iter(|| {
                for _ in 0..BULK {
                    singles.invite(1);
                }
            })
        });
        group.finish();
    }

    criterion.final_summary();
    if benching {
        summary(started, &layout);
    }
}

fn describe(layout: &[Write]) {
    let bytes: usize = layout.iter().map(|w| w.key_len + w.value_len).sum();
    println!(
        "one `invite add` of one address writes {} entries ({bytes} bytes of keys and values):",
        layout.len()
    );
    for write in layout {
        println!(
            "  {:<20} key {:>3} B, value {:>4} B",
            write.tree.as_str(),
            write.key_len,
            write.value_len
        );
    }
}

/// Alternates the two sides so drift on a shared machine hits both alike.
fn interleaved(layout: &[Write], pairs: usize) -> (f64, f64) {
    let mut workspace = InviteBench::new("paired");
    let mut bare = BareTx::new("paired-bare", layout.to_vec());
    for _ in 0..10 {
        workspace.invite(1);
        bare.commit(1);
    }
    let (mut invites, mut bares) = (Vec::new(), Vec::new());
    let time = |run: &mut dyn FnMut(), into: &mut Vec<Duration>| {
        let start = Instant::now();
        run();
        into.push(start.elapsed());
    };
    for pair in 0..pairs {
        if pair % 2 == 0 {
            time(&mut || workspace.invite(1), &mut invites);
            time(&mut || bare.commit(1), &mut bares);
        } else {
            time(&mut || bare.commit(1), &mut bares);
            time(&mut || workspace.invite(1), &mut invites);
        }
    }
    (median(invites), median(bares))
}

fn verdict(holds: bool) -> &'static str {
    if holds { "holds" } else { "FAILS" }
}

fn summary(started: SystemTime, layout: &[Write]) {
    println!("\n== summary (medians of this run) ==");
    let median = |id: &str| criterion_median_ns(id, started);
    if let (Some(invite), Some(bare)) = (
        median("invite/durable_invite_add"),
        median("invite/bare_sled_tx_flush_fsync"),
    ) {
        let ratio = invite / bare;
        println!(
            "durable invite add {} vs bare sled tx + flush + fdatasync {}: {ratio:.2}x (target <= 1.5x: {})",
            human(invite),
            human(bare),
            verdict(ratio <= 1.5)
        );
    }
    let (invite, bare) = interleaved(layout, 300);
    let ratio = invite / bare;
    println!(
        "interleaved, 300 pairs: durable invite add {} vs bare sled tx + flush + fdatasync {}: {ratio:.2}x (target <= 1.5x: {})",
        human(invite),
        human(bare),
        verdict(ratio <= 1.5)
    );
    if let (Some(bulk), Some(bare), Some(singles)) = (
        median("bulk_invite/one_command_1000_addresses"),
        median("bulk_invite/bare_one_tx_flush_fsync_1000_invites"),
        median("bulk_invite/single_commands_x1000"),
    ) {
        println!(
            "1,000 addresses: one command {} ({:.2}x the bare single tx + flush + fdatasync of the same bytes, {}); \
             1,000 single commands {} ({:.1}x the one command)",
            human(bulk),
            bulk / bare,
            human(bare),
            human(singles),
            singles / bulk
        );
    }
}
