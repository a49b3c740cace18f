//! The `teamdesk` binary: the console, or a scriptable command.

use rustix::fs::Mode;

fn main() {
    // Everything teamdesk creates (the store, its lock, sled's files, logs)
    // is for its owner alone, whatever umask the shell started it with.
    rustix::process::umask(Mode::from_raw_mode(0o077));
    std::process::exit(teamdesk::cli::run_from_env());
}
