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

/// `work(i, item, slot)` for every item, at most the gate's limit at once
/// (each holding a slot, taken in order before it starts), each on a
/// thread of its own except the last, which runs on the calling thread
/// once the others are started: one item starts no thread at all. A thread
/// start sat on the critical path of every single-server check (up to half
/// a millisecond each on a small VM), the caller only waited meanwhile.
/// `failed(item)` stands for a run that panicked or whose thread could
/// not start. Results in item order.
pub fn each<T: Sync, R: Send>(
    items: &[T],
    gate: &Gate,
    work: &(dyn Fn(usize, &T, Slot<'_>) -> R + Sync),
    failed: &dyn Fn(&T) -> R,
) -> Vec<R> {
    let Some((last, rest)) = items.split_last() else {
        return Vec::new();
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = rest
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let slot = gate.enter();
                std::thread::Builder::new().spawn_scoped(s, move || work(i, item, slot))
            })
            .collect();
        let slot = gate.enter();
        let here = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            work(rest.len(), last, slot)
        }));
        let mut out: Vec<R> = handles
            .into_iter()
            .zip(rest)
            .map(|(h, item)| match h {
                Ok(h) => h.join().unwrap_or_else(|_| failed(item)),
                Err(_) => failed(item),
            })
            .collect();
        out.push(here.unwrap_or_else(|_| failed(last)));
        out
    })
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

    #[test]
    fn each_keeps_the_order_the_limit_and_runs_the_last_here() {
        let gate = Gate::new(2);
        let active = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let caller = std::thread::current().id();
        let items: Vec<usize> = (0..5).collect();
        let out = each(
            &items,
            &gate,
            &|i, item, slot| {
                let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(15));
                active.fetch_sub(1, Ordering::SeqCst);
                drop(slot);
                (i, *item * 10, std::thread::current().id() == caller)
            },
            &|_| unreachable!("nothing fails"),
        );
        let order: Vec<(usize, usize)> = out.iter().map(|(i, v, _)| (*i, *v)).collect();
        assert_eq!(order, vec![(0, 0), (1, 10), (2, 20), (3, 30), (4, 40)]);
        let here: Vec<bool> = out.iter().map(|(_, _, h)| *h).collect();
        assert_eq!(here, vec![false, false, false, false, true]);
        let peak = peak.load(Ordering::SeqCst);
        assert!((1..=2).contains(&peak), "{peak}");
        assert_eq!(*gate.lock(), 0);
        // one item: no thread at all
        let one = each(
            &[7],
            &gate,
            &|_, _, _| std::thread::current().id(),
            &|_| unreachable!(),
        );
        assert_eq!(one, vec![caller]);
        assert!(each(&[] as &[u8], &gate, &|_, _, _| 0, &|_| 1).is_empty());
    }

    #[test]
    fn each_turns_a_panic_into_the_failed_result_wherever_it_ran() {
        let gate = Gate::new(4);
        // the first runs on a thread, the last here: both panic
        let out = each(
            &[1, 2, 3],
            &gate,
            &|_, item, _| {
                assert!(*item == 2, "item {item} fails");
                "ran"
            },
            &|_| "failed",
        );
        assert_eq!(out, vec!["failed", "ran", "failed"]);
        assert_eq!(*gate.lock(), 0, "the slots of the panicked runs are free");
    }
}
