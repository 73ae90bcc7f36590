//! How many servers may be starting at once. Startups are CPU-bound: on a
//! 2-core machine, 13 at once inflated one server's time to answer from
//! 1.8 s to 6.5 s with no gain in total time (field notes), so a slot is
//! held only from spawn to the end of the conversation (not during
//! shutdown), and first launches are admitted in config order.

use std::sync::{Condvar, Mutex, MutexGuard};

#[derive(Debug)]
pub struct Gate {
    limit: usize,
    state: Mutex<State>,
    cv: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// The next turn admitted by [`Gate::enter_in_turn`].
    next_turn: usize,
    active: usize,
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
            state: Mutex::new(State::default()),
            cv: Condvar::new(),
        }
    }

    /// Wait for turn `turn` (0, 1, 2, ... each exactly once) and a free
    /// slot.
    pub fn enter_in_turn(&self, turn: usize) -> Slot<'_> {
        let mut st = self.lock();
        while !(st.next_turn == turn && st.active < self.limit) {
            st = self.cv.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.next_turn += 1;
        st.active += 1;
        self.cv.notify_all();
        Slot { gate: self }
    }

    /// Wait for any free slot (for follow-up launches).
    pub fn enter(&self) -> Slot<'_> {
        let mut st = self.lock();
        while st.active >= self.limit {
            st = self.cv.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.active += 1;
        Slot { gate: self }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut st = self.gate.lock();
        st.active -= 1;
        self.gate.cv.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn never_more_than_the_limit() {
        let gate = Gate::new(2);
        let active = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for i in 0..6 {
                let (gate, active, peak) = (&gate, &active, &peak);
                s.spawn(move || {
                    let _slot = if i % 2 == 0 {
                        gate.enter_in_turn(i / 2)
                    } else {
                        gate.enter()
                    };
                    let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    active.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        let peak = peak.load(Ordering::SeqCst);
        assert!((1..=2).contains(&peak), "{peak}");
    }

    #[test]
    fn admits_in_turn_order() {
        // One slot: turn i+1 cannot enter before turn i has left, so the
        // recorded order is the admission order.
        let gate = Gate::new(1);
        let order = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for i in (0..6).rev() {
                let (gate, order) = (&gate, &order);
                s.spawn(move || {
                    let _slot = gate.enter_in_turn(i);
                    order.lock().expect("lock").push(i);
                });
            }
        });
        assert_eq!(*order.lock().expect("lock"), vec![0, 1, 2, 3, 4, 5]);
    }
}
