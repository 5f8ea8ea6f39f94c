//! How far the running `run` is, for a caller that draws its own progress bar (the Python
//! package polls [`snapshot`] from another thread). The terminal's bar in `commands::run` is
//! one observer; this is the other, and costs one atomic addition per chunk of samples.
//!
//! There is one counter per process: two runs at the same time in one process add into the
//! same counter (their results are unaffected; only the observed progress is mixed).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

static RUNS: AtomicU64 = AtomicU64::new(0);
static DONE: AtomicU64 = AtomicU64::new(0);
static TOTAL: AtomicU64 = AtomicU64::new(0);
static TERMINAL_BAR: AtomicBool = AtomicBool::new(true);

/// The progress of the latest run started in this process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// How many runs have started (0: none yet); a new value means a new run.
    pub run: u64,
    /// Samples evaluated by that run so far.
    pub done: u64,
    /// Samples it has to evaluate (the most, with `--precision`).
    pub total: u64,
}

/// A run starts sampling `total` samples.
pub fn start(total: u64) {
    DONE.store(0, Ordering::Relaxed);
    TOTAL.store(total, Ordering::Relaxed);
    RUNS.fetch_add(1, Ordering::Release);
}

/// `n` more samples are evaluated.
pub fn advance(n: u64) {
    DONE.fetch_add(n, Ordering::Relaxed);
}

/// The latest run's progress.
pub fn snapshot() -> Snapshot {
    Snapshot {
        run: RUNS.load(Ordering::Acquire),
        done: DONE.load(Ordering::Relaxed),
        total: TOTAL.load(Ordering::Relaxed),
    }
}

/// Whether `run` draws its progress bar on a terminal's stderr (default: yes). A caller that
/// draws its own turns it off.
pub fn set_terminal_bar(on: bool) {
    TERMINAL_BAR.store(on, Ordering::Relaxed);
}

/// See [`set_terminal_bar`].
pub fn terminal_bar() -> bool {
    TERMINAL_BAR.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_counts_from_zero_and_is_numbered() {
        let before = snapshot().run;
        start(100);
        advance(30);
        advance(12);
        let s = snapshot();
        assert_eq!((s.done, s.total), (42, 100));
        assert_eq!(s.run, before + 1);
        start(7);
        assert_eq!(snapshot().done, 0);
        assert_eq!(snapshot().total, 7);
    }
}
