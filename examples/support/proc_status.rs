//! A process's memory figures from `/proc/PID/status`, for the examples
//! that measure the real process.

/// The figure `field` (`VmRSS`, `VmHWM`...) of process `pid`, in kB;
/// `None` once the process has ended.
pub fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
