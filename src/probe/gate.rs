//! How many servers may be starting at once. Startups are CPU-bound: on a
//! 2-core machine, 13 at once inflated one server's time to answer from
//! 1.8 s to 6.5 s with no gain in total time (field notes), so a slot is
//! held only from spawn to the end of the conversation (not during
//! shutdown). `probe_all` takes the slots for first launches itself, in
//! config order, before it starts each server's thread. The extra copies a
//! server's lanes start beside its first launch (the era probe's sibling,
//! the Cowork/Code copy) take a slot when one is free and never wait for
//! one ([`Gate::try_enter`]): they count against `--jobs`, so fewer other
//! servers start meanwhile, without holding up the server they belong to.

use std::sync::{Condvar, Mutex, MutexGuard};

#[derive(Debug)]
pub struct Gate {
    limit: usize,
    /// Slots in use.
    active: Mutex<usize>,
    cv: Condvar,
}

/// A held slot; dropping it frees the slot.
#[derive(Debug)]
pub struct Slot<'a> {
    gate: &'a Gate,
}

impl Gate {
    /// At most `limit` slots (at least 1).
    pub fn new(limit: usize) -> Gate {
        Gate {
            limit: limit.max(1),
            active: Mutex::new(0),
            cv: Condvar::new(),
        }
    }

    /// Wait for a free slot.
    pub fn enter(&self) -> Slot<'_> {
        let mut active = self.lock();
        while *active >= self.limit {
            active = self.cv.wait(active).unwrap_or_else(|e| e.into_inner());
        }
        *active += 1;
        Slot { gate: self }
    }

    /// A free slot, if there is one now.
    pub fn try_enter(&self) -> Option<Slot<'_>> {
        let mut active = self.lock();
        if *active >= self.limit {
            return None;
        }
        *active += 1;
        Some(Slot { gate: self })
    }

    fn lock(&self) -> MutexGuard<'_, usize> {
        self.active.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut active = self.gate.lock();
        *active -= 1;
        // Every waiter waits for the same thing (one free slot), so one
        // freed slot needs to wake exactly one of them.
        self.gate.cv.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn never_more_than_the_limit_and_every_waiter_gets_in() {
        let gate = Gate::new(2);
        let active = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..6 {
                let (gate, active, peak, done) = (&gate, &active, &peak, &done);
                s.spawn(move || {
                    let _slot = gate.enter();
                    let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    active.fetch_sub(1, Ordering::SeqCst);
                    done.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        let peak = peak.load(Ordering::SeqCst);
        assert!((1..=2).contains(&peak), "{peak}");
        assert_eq!(done.load(Ordering::SeqCst), 6);
    }

    #[test]
    fn try_enter_takes_a_free_slot_and_never_waits() {
        let gate = Gate::new(2);
        let first = gate.enter();
        let extra = gate.try_enter();
        assert!(extra.is_some());
        assert!(gate.try_enter().is_none(), "both slots are taken");
        drop(extra);
        assert!(gate.try_enter().is_some());
        drop(first);
        assert_eq!(*gate.lock(), 0);
    }

    #[test]
    fn a_slot_moves_to_another_thread() {
        // probe_all takes a slot, then hands it to the server's thread.
        let gate = Gate::new(1);
        std::thread::scope(|s| {
            let slot = gate.enter();
            s.spawn(move || drop(slot));
        });
        // Dropped on the other thread, the slot is free again (a leak
        // would make the next `enter` wait forever, so check, not wait).
        assert_eq!(*gate.lock(), 0);
        let _again = gate.enter();
        assert_eq!(*gate.lock(), 1);
    }
}
