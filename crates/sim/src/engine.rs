//! The event queue at the heart of the simulator: small `Copy` events keyed
//! by (time, insertion sequence). Two events at the same instant run in the
//! order they were scheduled, so a run is a pure function of its inputs.
//! Scheduling an event before "now" is a bug and panics.
//!
//! It is a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan, "Faster algorithms
//! for the shortest path problem", J. ACM 37(2), 1990), which a discrete-event
//! queue may use because its keys never go below the last one popped: nothing
//! is scheduled before now. An event waits in the bucket of the highest bit in
//! which its time differs from `last`, the time of the last redistribution
//! (events at `last` itself wait in `at_last`). Scheduling appends to a bucket;
//! when `at_last` runs out, the lowest non-empty bucket's earliest time becomes
//! `last` and the bucket's events move to lower buckets, each nearer `last`,
//! so every event moves a few times, sequentially, where a binary heap's pop
//! walked 16 levels of 46,000 events in the 10,000-peer swarm, a cache miss at
//! each of the last ones (README, Benchmarks, "10,000 peers").
//!
//! No sequence number is stored: a bucket's events are always in the order
//! they were scheduled (appending keeps it, and a redistribution splits one
//! bucket in order into empty ones), so `at_last`, popped from its front, runs
//! ties in insertion order, exactly as a heap on (time, seq) pops them.

use super::time::SimTime;

#[derive(Clone, Copy, Debug)]
struct Entry<E> {
    time: u64,
    ev: E,
}

/// One bucket per bit of a time.
const BUCKETS: usize = u64::BITS as usize;

/// The largest buffer an emptied bucket keeps.
const KEEP_BYTES: usize = 16 << 10;

/// A discrete-event queue with its clock.
#[derive(Clone, Debug)]
pub struct EventQueue<E> {
    /// Events at `last`, in insertion order; those before `head` are popped.
    at_last: Vec<Entry<E>>,
    head: usize,
    /// `buckets[b]`: events whose time's highest bit differing from `last`
    /// is bit `b`, in insertion order; `mins[b]` is their earliest time
    /// (`u64::MAX` if none), and bit `b` of `occupied` says there are some.
    buckets: [Vec<Entry<E>>; BUCKETS],
    mins: [u64; BUCKETS],
    occupied: u64,
    /// Never after `now`, and no pending event is before it.
    last: u64,
    /// Always `next_seq - popped`, but kept: derived, it left `pop`
    /// smaller, inlined at more call sites, and the learner's bundle
    /// 2.1 KB larger (2026-12-06).
    len: usize,
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
            at_last: Vec::with_capacity(64),
            head: 0,
            buckets: std::array::from_fn(|_| Vec::new()),
            mins: [u64::MAX; BUCKETS],
            occupied: 0,
            last: 0,
            len: 0,
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
    /// Inlined, so the new entry stays in registers: called out of line,
    /// the binary heap this queue replaced read the caller's freshly written
    /// event back in one wide load the store buffer could not forward, which
    /// `perf` found stalling a fifth of the engine benchmark's time on
    /// 2026-12-05. Forced in WebAssembly only with the `inline-hot` feature
    /// (the benchmark page): inlined at every call site it cost the
    /// learner's bundle bytes over its budget.
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
        self.next_seq += 1;
        self.len += 1;
        self.place(Entry {
            time: t.as_nanos(),
            ev,
        });
    }

    /// Puts `e`, not before `last`, in its bucket.
    #[cfg_attr(
        any(not(target_arch = "wasm32"), feature = "inline-hot"),
        inline(always)
    )]
    #[cfg_attr(all(target_arch = "wasm32", not(feature = "inline-hot")), inline)]
    fn place(&mut self, e: Entry<E>) {
        let differ = e.time ^ self.last;
        if differ == 0 {
            self.at_last.push(e);
        } else {
            let b = (u64::BITS - 1 - differ.leading_zeros()) as usize;
            self.buckets[b].push(e);
            self.mins[b] = self.mins[b].min(e.time);
            self.occupied |= 1 << b;
        }
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
        if self.head < self.at_last.len() {
            Some(SimTime::from_nanos(self.last))
        } else if self.occupied != 0 {
            let b = self.occupied.trailing_zeros() as usize;
            Some(SimTime::from_nanos(self.mins[b]))
        } else {
            None
        }
    }

    /// Removes the earliest event and advances the clock to its time.
    ///
    /// Inlined (natively, or with `inline-hot`) into the run loop with the
    /// dispatch, so the compiler loads each field the dispatch uses as wide
    /// as the caller stored it. Out of line, `pop` copied the whole entry
    /// with 16-byte loads, which cannot be forwarded from the narrower
    /// stores of an event still in the store buffer, and most events are
    /// popped right after they are scheduled (M/M/1: a packet's arrival at
    /// the instant its transmission ends, four of a request's ten events):
    /// `perf` put 45 % of `pop`'s time, a tenth of the run's, on those
    /// loads (2026-12-06). The caller's events should store whole words
    /// too (the world's `Ev` and its `Pair`).
    #[cfg_attr(
        any(not(target_arch = "wasm32"), feature = "inline-hot"),
        inline(always)
    )]
    #[cfg_attr(all(target_arch = "wasm32", not(feature = "inline-hot")), inline)]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        let e = if self.head < self.at_last.len() {
            self.head += 1;
            self.at_last[self.head - 1]
        } else if self.occupied != 0 {
            self.next_bucket()
        } else {
            return None;
        };
        self.len -= 1;
        let t = SimTime::from_nanos(e.time);
        debug_assert!(t >= self.now, "queue order broken");
        self.now = t;
        self.popped += 1;
        Some((t, e.ev))
    }

    /// With `at_last` used up: the lowest non-empty bucket's earliest time
    /// becomes `last`, and its first event at `last` is taken. Only `pop`
    /// calls it, so `last` never passes `now` while events may still be
    /// scheduled. Inlined into `pop` as `pop` is; out of line in the
    /// learner's WebAssembly, where `pop` is inlined at every call site:
    /// with this path in `pop` (and the day's other changes) the learner's
    /// bundle measured 791.1 KB, over its 787 KB budget (2026-12-06).
    #[cfg_attr(
        any(not(target_arch = "wasm32"), feature = "inline-hot"),
        inline(always)
    )]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "inline-hot")),
        inline(never)
    )]
    fn next_bucket(&mut self) -> Entry<E> {
        let b = self.occupied.trailing_zeros() as usize;
        self.last = self.mins[b];
        self.mins[b] = u64::MAX;
        self.occupied &= !(1 << b);
        self.at_last.clear();
        if let [e] = self.buckets[b][..] {
            // Most often in a queue of a handful of events (M/M/1: 1.1
            // events a redistribution): no trip through `at_last`.
            self.buckets[b].clear();
            self.head = 0;
            e
        } else {
            self.redistribute(b);
            self.head = 1;
            self.at_last[0]
        }
    }

    /// Moves bucket `b`'s events, the earliest at the new `last`, to
    /// `at_last` or lower buckets (they agree with `last` from bit `b` up).
    /// Out of line: `pop`, inlined into the run loops, keeps only the one
    /// event case, the common one in a small queue.
    #[inline(never)]
    fn redistribute(&mut self, b: usize) {
        // By index: `place` only writes below `b`.
        for i in 0..self.buckets[b].len() {
            let e = self.buckets[b][i];
            self.place(e);
        }
        let moving = &mut self.buckets[b];
        // A small buffer is handed back, so a busy bucket does not allocate
        // again; a large one is freed, or every bucket would keep the most it
        // ever held (the 10,000-peer swarm's peak memory: 22.6 MiB with one
        // heap, 32.8 MiB with every buffer kept).
        if moving.capacity() * size_of::<Entry<E>>() <= KEEP_BYTES {
            moving.clear();
        } else {
            *moving = Vec::new();
        }
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

    /// Pending events.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
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
        self.at_last[self.head..]
            .iter()
            .chain(self.buckets.iter().flatten())
            .map(|e| (SimTime::from_nanos(e.time), &e.ev))
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
    fn peeks_and_horizons_agree_with_a_sorted_model() {
        // As a run steps: peek, pop up to a horizon, move the clock to it,
        // then schedule between the clock and the next pending event (which
        // a queue that moved its buckets on a peek would misplace), at the
        // clock itself, and far ahead, with times spanning many bits.
        let mut q = EventQueue::new();
        let mut model = std::collections::BTreeSet::new();
        let mut rng = crate::rng::Rng::new(777);
        let mut seq = 0u64;
        let mut rand = move |bits: u32| rng.next_u64() >> (64 - bits);
        for round in 0..20_000u64 {
            for _ in 0..rand(2) {
                let now = q.now().as_nanos();
                let t = match rand(2) {
                    0 => now,
                    1 => model
                        .first()
                        .map_or(now, |&(next, _)| now + rand(30) % (next - now + 1)),
                    _ => now + (rand(30) >> rand(5)),
                };
                q.schedule_at(SimTime::from_nanos(t), seq);
                model.insert((t, seq));
                seq += 1;
            }
            let next = model.first().map(|&(t, _)| SimTime::from_nanos(t));
            assert_eq!(q.peek_time(), next, "round {round}");
            let horizon = SimTime::from_nanos(q.now().as_nanos() + rand(28));
            while let Some((t, s)) = q.pop_until(horizon) {
                assert_eq!(Some((t.as_nanos(), s)), model.pop_first(), "round {round}");
            }
            assert!(model.first().is_none_or(|&(t, _)| t > horizon.as_nanos()));
            if rand(1) == 0 {
                q.advance_to(horizon);
            }
            assert_eq!(q.len(), model.len());
            let mut pending: Vec<(u64, u64)> =
                q.pending().map(|(t, &s)| (t.as_nanos(), s)).collect();
            pending.sort_unstable();
            assert!(pending.iter().eq(model.iter()), "round {round}");
        }
        while let Some(want) = model.pop_first() {
            assert_eq!(q.pop().map(|(t, s)| (t.as_nanos(), s)), Some(want));
        }
        assert!(q.is_empty());
        assert_eq!(q.events_scheduled(), seq);
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
