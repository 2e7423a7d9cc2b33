//! The event queue at the heart of the simulator: a binary min-heap of small
//! `Copy` events keyed by (time, insertion sequence). Two events at the same
//! instant run in the order they were scheduled, so a run is a pure function
//! of its inputs. Scheduling an event before "now" is a bug and panics.
//!
//! The heap is written out here rather than `std`'s `BinaryHeap` (a max-heap
//! of `Ord` values): its `pop` sifts the last entry to the bottom and back up
//! (Floyd's variant, fewer compares on deep heaps) and moves each 40-byte
//! entry through a hole, which in the benchmark's M/M/1 run, whose heap holds
//! a handful of events, cost 100 instructions a pop (callgrind, 2026-12-05).
//! The plain sift-down below, with the key compared as one number, pops the
//! same events in the same order: keys are unique, so any correct heap does.

use super::time::SimTime;

#[derive(Clone, Copy, Debug)]
struct Entry<E> {
    time: SimTime,
    seq: u64,
    ev: E,
}

impl<E> Entry<E> {
    /// (time, seq) as one number, so ordering two entries is one 128-bit
    /// compare (two machine compares, no branch) instead of two in turn.
    #[inline(always)]
    fn key(&self) -> u128 {
        ((self.time.as_nanos() as u128) << 64) | self.seq as u128
    }
}

/// A discrete-event queue with its clock.
#[derive(Clone, Debug)]
pub struct EventQueue<E> {
    /// A binary min-heap on `Entry::key`: `heap[i]` is never later than
    /// its children `heap[2i + 1]` and `heap[2i + 2]`.
    heap: Vec<Entry<E>>,
    next_seq: u64,
    now: SimTime,
    popped: u64,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> EventQueue<E> {
    pub fn new() -> Self {
        EventQueue {
            heap: Vec::with_capacity(1024),
            next_seq: 0,
            now: SimTime::ZERO,
            popped: 0,
        }
    }

    /// The clock: the time of the event being (or last) processed.
    #[inline]
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `ev` at absolute time `t`. Panics if `t` is in the past:
    /// time never runs backwards in this simulator.
    ///
    /// Inlined with its sift, so the new entry stays in registers: called
    /// out of line, it read the caller's freshly written event back from
    /// memory in one wide load the store buffer could not forward, which
    /// `perf` found stalling a fifth of the benchmark's time on 2026-12-05.
    /// Forced in WebAssembly only with the `inline-hot` feature (the
    /// benchmark page): inlined at every call site it cost the learner's
    /// bundle bytes over its budget.
    #[cfg_attr(
        any(not(target_arch = "wasm32"), feature = "inline-hot"),
        inline(always)
    )]
    #[cfg_attr(all(target_arch = "wasm32", not(feature = "inline-hot")), inline)]
    pub fn schedule_at(&mut self, t: SimTime, ev: E) {
        assert!(
            t >= self.now,
            "event scheduled in the past: at {t} while now is {}",
            self.now
        );
        let seq = self.next_seq;
        self.next_seq += 1;
        let hole = self.heap.len();
        let e = Entry { time: t, seq, ev };
        self.heap.push(e);
        self.sift_up(hole, e);
    }

    /// Schedules `ev` after `delay` from now.
    #[inline]
    pub fn schedule_in(&mut self, delay: SimTime, ev: E) {
        let t = self
            .now
            .checked_add(delay)
            .expect("event time overflows SimTime");
        self.schedule_at(t, ev);
    }

    /// Time of the next event, if any.
    #[inline]
    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.first().map(|e| e.time)
    }

    /// Removes the earliest event and advances the clock to its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        let last = self.heap.pop()?;
        let e = match self.heap.first() {
            Some(&root) => {
                self.sift_down(0, last);
                root
            }
            None => last,
        };
        debug_assert!(e.time >= self.now, "heap order broken");
        self.now = e.time;
        self.popped += 1;
        Some((e.time, e.ev))
    }

    /// Like [`pop`](Self::pop) but only if the next event is at or before `t`.
    #[inline]
    pub fn pop_until(&mut self, t: SimTime) -> Option<(SimTime, E)> {
        match self.peek_time() {
            Some(next) if next <= t => self.pop(),
            _ => None,
        }
    }

    /// Moves the clock forward to `t` with no event (after `run_until`).
    /// Panics if an event before `t` is still pending or `t` is in the past.
    pub fn advance_to(&mut self, t: SimTime) {
        assert!(t >= self.now, "clock cannot go back to {t}");
        if let Some(next) = self.peek_time() {
            assert!(next >= t, "advancing past a pending event at {next}");
        }
        self.now = t;
    }

    /// Places `e`, whose slot is `i`, on the way up to the root. `e` comes
    /// as a value and is written once, where it belongs: reading it back
    /// from its slot stalled on the store that had just written it.
    #[cfg_attr(
        any(not(target_arch = "wasm32"), feature = "inline-hot"),
        inline(always)
    )]
    #[cfg_attr(all(target_arch = "wasm32", not(feature = "inline-hot")), inline)]
    fn sift_up(&mut self, mut i: usize, e: Entry<E>) {
        while i > 0 {
            let parent = (i - 1) / 2;
            if self.heap[parent].key() <= e.key() {
                break;
            }
            self.heap[i] = self.heap[parent];
            i = parent;
        }
        self.heap[i] = e;
    }

    /// Places `e` into the hole at `i` on the way down (as `sift_up`).
    #[inline]
    fn sift_down(&mut self, mut i: usize, e: Entry<E>) {
        let n = self.heap.len();
        loop {
            let left = 2 * i + 1;
            if left >= n {
                break;
            }
            // The earlier child by arithmetic, not a branch: which one it
            // is, is a coin toss no predictor learns in a big heap.
            let right = left + 1;
            let child = if right < n {
                left + (self.heap[right].key() < self.heap[left].key()) as usize
            } else {
                left
            };
            if e.key() <= self.heap[child].key() {
                break;
            }
            self.heap[i] = self.heap[child];
            i = child;
        }
        self.heap[i] = e;
    }

    /// Pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Events processed so far.
    pub fn events_processed(&self) -> u64 {
        self.popped
    }

    /// Events ever scheduled.
    pub fn events_scheduled(&self) -> u64 {
        self.next_seq
    }

    /// Pending events in no particular order (for invariant checks).
    pub fn pending(&self) -> impl Iterator<Item = (SimTime, &E)> + '_ {
        self.heap.iter().map(|e| (e.time, &e.ev))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut q = EventQueue::new();
        q.schedule_at(SimTime::from_nanos(5), 'c');
        q.schedule_at(SimTime::from_nanos(1), 'a');
        q.schedule_at(SimTime::from_nanos(5), 'd');
        q.schedule_at(SimTime::from_nanos(1), 'b');
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['a', 'b', 'c', 'd']);
        assert_eq!(q.now(), SimTime::from_nanos(5));
        assert_eq!(q.events_processed(), 4);
    }

    #[test]
    fn pops_as_a_sorted_model_does() {
        // Pushes and pops interleaved, times from a small range so many
        // share an instant, against a BTreeSet of (time, seq): the heap must
        // pop exactly the model's order, whatever its depth.
        let mut q = EventQueue::new();
        let mut model = std::collections::BTreeSet::new();
        let mut x: u64 = 12345;
        let mut seq = 0u64;
        for round in 0..20_000u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let pushes = if round < 10_000 {
                1 + (x >> 62)
            } else {
                x >> 63
            };
            for _ in 0..pushes {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let t = q.now().as_nanos() + (x >> 58);
                q.schedule_at(SimTime::from_nanos(t), seq);
                model.insert((t, seq));
                seq += 1;
            }
            let want = model.pop_first();
            let got = q.pop().map(|(t, s)| (t.as_nanos(), s));
            assert_eq!(got, want, "round {round}");
        }
        while let Some(want) = model.pop_first() {
            assert_eq!(q.pop().map(|(t, s)| (t.as_nanos(), s)), Some(want));
        }
        assert!(q.is_empty());
    }

    #[test]
    #[should_panic(expected = "in the past")]
    fn scheduling_in_the_past_panics() {
        let mut q = EventQueue::new();
        q.schedule_at(SimTime::from_nanos(10), ());
        q.pop();
        q.schedule_at(SimTime::from_nanos(9), ());
    }

    #[test]
    fn pop_until_stops_at_the_horizon() {
        let mut q = EventQueue::new();
        q.schedule_in(SimTime::from_nanos(3), 1);
        q.schedule_in(SimTime::from_nanos(7), 2);
        assert_eq!(q.pop_until(SimTime::from_nanos(5)).map(|x| x.1), Some(1));
        assert_eq!(q.pop_until(SimTime::from_nanos(5)), None);
        q.advance_to(SimTime::from_nanos(5));
        assert_eq!(q.now(), SimTime::from_nanos(5));
        assert_eq!(q.len(), 1);
    }
}
