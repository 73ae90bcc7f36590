//! Servers must not outlive mcpctl, even when mcpctl itself is stopped
//! mid-probe: Ctrl-C, `kill`, a closed terminal or a CI timeout. Each
//! server runs in its own process group (so the terminal's Ctrl-C does not
//! reach it, and shutdown can signal the whole tree); this module keeps the
//! live groups in a fixed table that a signal handler can read without
//! locking, and on SIGINT, SIGTERM or SIGHUP kills every group still
//! registered, then lets the signal end mcpctl as it would have (or hands
//! it to the handler that was there before, e.g. the prompt's).

#[cfg(unix)]
mod imp {
    use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};

    /// More than `--jobs` can ever have alive at once (plus discover and
    /// shell re-probes); a group that finds no free slot is still shut down
    /// normally, it just is not covered if mcpctl is interrupted.
    const SLOTS: usize = 512;
    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    static GROUPS: [AtomicI32; SLOTS] = [const { AtomicI32::new(0) }; SLOTS];
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    /// The handlers that were installed before ours, per signal in SIGNALS.
    static PREVIOUS: [AtomicUsize; 3] = [const { AtomicUsize::new(0) }; 3];

    /// Keeps a process group registered until dropped.
    #[derive(Debug)]
    pub struct Guard(Option<usize>);

    impl Drop for Guard {
        fn drop(&mut self) {
            if let Some(i) = self.0 {
                GROUPS[i].store(0, Ordering::SeqCst);
            }
        }
    }

    pub fn register(pgid: u32) -> Guard {
        install();
        let Ok(pgid) = i32::try_from(pgid) else {
            return Guard(None);
        };
        let slot = GROUPS.iter().position(|g| {
            g.compare_exchange(0, pgid, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        });
        Guard(slot)
    }

    /// The groups registered now (for tests).
    pub fn registered() -> Vec<i32> {
        GROUPS
            .iter()
            .map(|g| g.load(Ordering::SeqCst))
            .filter(|&p| p > 0)
            .collect()
    }

    fn install() {
        if INSTALLED.swap(true, Ordering::SeqCst) {
            return;
        }
        let handler = on_signal as extern "C" fn(libc::c_int);
        for (i, sig) in SIGNALS.iter().enumerate() {
            // SAFETY: installing a handler that only makes
            // async-signal-safe calls.
            let old = unsafe { libc::signal(*sig, handler as libc::sighandler_t) };
            if old == libc::SIG_IGN {
                // e.g. started with nohup: keep ignoring it.
                // SAFETY: as above.
                unsafe { libc::signal(*sig, libc::SIG_IGN) };
            }
            PREVIOUS[i].store(old, Ordering::SeqCst);
        }
    }

    extern "C" fn on_signal(sig: libc::c_int) {
        for g in &GROUPS {
            let pgid = g.load(Ordering::SeqCst);
            if pgid > 0 {
                // SAFETY: kill is async-signal-safe.
                unsafe { libc::kill(-pgid, libc::SIGKILL) };
            }
        }
        let previous = SIGNALS
            .iter()
            .position(|&s| s == sig)
            .map(|i| PREVIOUS[i].load(Ordering::SeqCst))
            .unwrap_or(libc::SIG_DFL);
        if previous != libc::SIG_DFL && previous != libc::SIG_IGN && previous != libc::SIG_ERR {
            // SAFETY: `previous` was returned by signal() as a handler of
            // this signature.
            let f: extern "C" fn(libc::c_int) = unsafe { std::mem::transmute(previous) };
            f(sig);
            return;
        }
        // SAFETY: signal and raise are async-signal-safe.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }
}

#[cfg(not(unix))]
mod imp {
    #[derive(Debug)]
    pub struct Guard;
    pub fn register(_pgid: u32) -> Guard {
        Guard
    }
    pub fn registered() -> Vec<i32> {
        Vec::new()
    }
}

pub use imp::{Guard, register, registered};

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_group_is_registered_until_its_guard_drops() {
        let g = register(4_000_001);
        assert!(registered().contains(&4_000_001));
        drop(g);
        assert!(!registered().contains(&4_000_001));
    }
}
