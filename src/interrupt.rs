//! SIGINT and SIGTERM as a flag: a long run checks it between blocks of samples, writes a
//! checkpoint and stops with exit status 130 or 143 (see `commands::run`).
//!
//! No crate: the handler is installed with the C library's `signal` (which every Rust program
//! on Unix links already), and only stores the signal's number in an atomic — the one thing a
//! signal handler may safely do. `signal-hook` would do the same with more machinery; `ctrlc`
//! handles SIGINT only (SIGTERM behind a feature) and starts a thread.

use std::sync::atomic::{AtomicI32, Ordering};

/// SIGINT's number (the same on Linux, the BSDs and macOS).
pub const SIGINT: i32 = 2;
/// SIGTERM's number (the same on Linux, the BSDs and macOS).
pub const SIGTERM: i32 = 15;

/// The signal received (0: none yet).
static RECEIVED: AtomicI32 = AtomicI32::new(0);

#[cfg(unix)]
mod sys {
    use super::RECEIVED;
    use std::sync::atomic::Ordering;

    unsafe extern "C" {
        /// `sighandler_t signal(int signum, sighandler_t handler)` of the C library.
        fn signal(signum: i32, handler: usize) -> usize;
    }

    extern "C" fn on_signal(signum: i32) {
        // Async-signal-safe: one atomic store, no allocation, no lock.
        RECEIVED.store(signum, Ordering::SeqCst);
    }

    pub fn install(signals: &[i32]) {
        for &s in signals {
            // SAFETY: `on_signal` is an `extern "C" fn(i32)`, the handler type `signal`
            // expects, and does only an atomic store, which is async-signal-safe. glibc's
            // `signal` installs it with BSD semantics (it stays installed, and interrupted
            // system calls restart).
            unsafe {
                signal(s, on_signal as extern "C" fn(i32) as usize);
            }
        }
    }
}

#[cfg(not(unix))]
mod sys {
    pub fn install(_: &[i32]) {}
}

/// From now on SIGINT and SIGTERM set the flag instead of ending the process (the command
/// line calls this before `run`; library callers that want the default behaviour do not).
pub fn install_handlers() {
    sys::install(&[SIGINT, SIGTERM]);
}

/// The signal received since the handlers were installed, if any.
pub fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// Sets the flag as a signal would (tests, and a caller that wants a run to stop cleanly).
pub fn request(signal: i32) {
    RECEIVED.store(signal, Ordering::SeqCst);
}

/// Clears the flag: a caller that runs several commands in one process (the Python package)
/// calls it before each, so that a stop requested for one does not stop the next.
pub fn clear() {
    RECEIVED.store(0, Ordering::SeqCst);
}

/// The signal's name, for messages.
pub fn name(signal: i32) -> &'static str {
    match signal {
        SIGINT => "SIGINT",
        SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

/// The conventional exit status of a process stopped by `signal`: 128 + its number.
pub fn exit_status(signal: i32) -> u8 {
    (128 + signal.clamp(0, 127)) as u8
}
