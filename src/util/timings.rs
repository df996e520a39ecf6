//! Phase timings for profiling: with `FACHWERK_TIMINGS=1` in the environment, each
//! build step prints its wall time to stderr, and the process's peak memory so far
//! (Linux), which tells the step that set it. Costs one clock read per step otherwise.

use std::time::Instant;

/// Measures consecutive steps of one build.
pub(crate) struct Timings {
    on: bool,
    last: Instant,
}

impl Timings {
    /// Starts the clock; reads `FACHWERK_TIMINGS` once.
    pub(crate) fn start() -> Timings {
        Timings {
            on: std::env::var_os("FACHWERK_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"),
            last: Instant::now(),
        }
    }

    /// Ends the step named `step` and starts the next one.
    pub(crate) fn step(&mut self, step: &str) {
        if self.on {
            let now = Instant::now();
            eprintln!(
                "timing: {step:<12} {:7.1} ms{}",
                (now - self.last).as_secs_f64() * 1000.0,
                peak_memory().map_or(String::new(), |kib| format!(
                    ", peak memory so far {} MiB",
                    kib / 1024
                ))
            );
            self.last = now;
        }
    }
}

impl Timings {
    /// Prints `note` beside the steps' times.
    pub(crate) fn note(&self, note: &str) {
        if self.on {
            eprintln!("timing: {note}");
        }
    }
}

/// The peak resident memory of the process so far in KiB (`VmHWM`), where the system
/// tells it.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
