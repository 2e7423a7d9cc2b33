//! The event queue at the heart of the simulator: a binary min-heap of small
//! `Copy` events keyed by (time, insertion sequence). Two events at the same
//! instant run in the order they were scheduled, so a run is a pure function
//! of its inputs. Scheduling an event before "now" is a bug and panics.

use super::time::SimTime;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

#[derive(Clone, Copy, Debug)]
struct Entry<E> {
    time: SimTime,
    seq: u64,
    ev: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.seq == other.seq
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so `BinaryHeap` (a max-heap) pops the earliest first.
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// A discrete-event queue with its clock.
#[derive(Clone, Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
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
            heap: BinaryHeap::with_capacity(1024),
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
    #[inline]
    pub fn schedule_at(&mut self, t: SimTime, ev: E) {
        assert!(
            t >= self.now,
            "event scheduled in the past: at {t} while now is {}",
            self.now
        );
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry { time: t, seq, ev });
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
        self.heap.peek().map(|e| e.time)
    }

    /// Removes the earliest event and advances the clock to its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        let e = self.heap.pop()?;
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
