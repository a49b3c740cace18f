//! The `teamdesk` binary: the console, or a scriptable command.

fn main() {
    std::process::exit(teamdesk::cli::run_from_env());
}
