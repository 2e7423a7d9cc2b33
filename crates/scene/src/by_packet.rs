//! A map from packet ids to what is known of each packet, for the replay
//! cursor's frame loop. The simulator numbers packets in the order they are
//! sent, and a packet is on the stage for milliseconds, so the packets in
//! flight are a window of consecutive ids with gaps: the window is a ring
//! indexed by `id - base`, and finding a packet costs one subtraction, not a
//! tree search (a `BTreeMap` here was a fifth of a frame's work with 6,500
//! packets in flight). A packet that outstays the window (stuck in a queue
//! while thousands of younger ones pass) moves to a small tree, so memory
//! follows the packets in flight, not the span of their ids.

use std::collections::{BTreeMap, VecDeque};

/// Slots the window may hold beyond twice the packets in it before its
/// oldest move to the tree.
const SLACK: usize = 4096;

#[derive(Clone, Debug)]
pub struct ByPacket<V> {
    /// Packets older than `base`, in id order (every id here is below it).
    laggards: BTreeMap<u64, V>,
    /// The slot of packet `base + i` is `window[i]`.
    window: VecDeque<Option<V>>,
    base: u64,
    /// Occupied slots in `window`.
    in_window: usize,
}

impl<V> Default for ByPacket<V> {
    fn default() -> Self {
        ByPacket {
            laggards: BTreeMap::new(),
            window: VecDeque::new(),
            base: 0,
            in_window: 0,
        }
    }
}

impl<V> ByPacket<V> {
    pub fn len(&self) -> usize {
        self.laggards.len() + self.in_window
    }

    pub fn get(&self, pkt: u64) -> Option<&V> {
        match pkt.checked_sub(self.base) {
            Some(i) => self.window.get(i as usize)?.as_ref(),
            None => self.laggards.get(&pkt),
        }
    }

    pub fn insert(&mut self, pkt: u64, value: V) {
        // Ids below `base` stay in the tree: `base` never goes back.
        if self.window.is_empty() && pkt > self.base {
            self.base = pkt;
        }
        let Some(i) = pkt.checked_sub(self.base) else {
            self.laggards.insert(pkt, value);
            return;
        };
        let i = i as usize;
        if i >= self.window.len() {
            self.window.resize_with(i + 1, || None);
        }
        if self.window[i].replace(value).is_none() {
            self.in_window += 1;
        }
        self.keep_window_bounded();
    }

    pub fn remove(&mut self, pkt: u64) {
        let Some(i) = pkt.checked_sub(self.base) else {
            self.laggards.remove(&pkt);
            return;
        };
        if let Some(slot) = self.window.get_mut(i as usize)
            && slot.take().is_some()
        {
            self.in_window -= 1;
            self.trim_front();
        }
    }

    /// Keeps the packets for which `keep` says so.
    pub fn retain(&mut self, mut keep: impl FnMut(&V) -> bool) {
        self.laggards.retain(|_, value| keep(value));
        for slot in &mut self.window {
            if slot.as_ref().is_some_and(|value| !keep(value)) {
                *slot = None;
                self.in_window -= 1;
            }
        }
        self.trim_front();
    }

    /// Every packet, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &V)> {
        let laggards = self.laggards.iter().map(|(&pkt, value)| (pkt, value));
        let window = (self.window.iter().enumerate())
            .filter_map(|(i, slot)| Some((self.base + i as u64, slot.as_ref()?)));
        laggards.chain(window)
    }

    /// Drops the empty slots at the window's front.
    fn trim_front(&mut self) {
        while let Some(None) = self.window.front() {
            self.window.pop_front();
            self.base += 1;
        }
    }

    /// Moves the oldest packets to the tree while the window spans far more
    /// ids than it holds packets.
    fn keep_window_bounded(&mut self) {
        while self.window.len() > 2 * self.in_window + SLACK {
            if let Some(Some(value)) = self.window.pop_front() {
                self.in_window -= 1;
                self.laggards.insert(self.base, value);
            }
            self.base += 1;
            self.trim_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window against a `BTreeMap` doing the same: the same packets in
    /// the same order after every step, whatever order ids come in.
    #[test]
    fn it_holds_what_a_tree_holds_in_id_order() {
        let mut window = ByPacket::default();
        let mut tree = BTreeMap::new();
        let mut state = 7u64;
        let mut next = || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            state >> 33
        };
        let mut newest = 0u64;
        for step in 0..60_000u64 {
            let pkt = match next() % 10 {
                // New packets, mostly in order, sometimes late.
                0..=3 => {
                    newest += 1 + next() % 3;
                    newest
                }
                4 => newest.saturating_sub(next() % 20_000),
                _ => newest.saturating_sub(next() % 200),
            };
            if next() % 3 == 0 {
                window.remove(pkt);
                tree.remove(&pkt);
            } else {
                window.insert(pkt, step);
                tree.insert(pkt, step);
            }
            if step % 5_000 == 0 {
                window.retain(|value| value % 7 != 0);
                tree.retain(|_, value| *value % 7 != 0);
            }
            assert_eq!(window.len(), tree.len());
            assert_eq!(window.get(pkt), tree.get(&pkt));
        }
        let held: Vec<(u64, u64)> = window.iter().map(|(pkt, &v)| (pkt, v)).collect();
        let expected: Vec<(u64, u64)> = tree.into_iter().collect();
        assert_eq!(held, expected);
    }

    /// One packet stuck while a million younger ones come and go: the window
    /// stays small, the stuck one moves to the tree and is still found.
    #[test]
    fn a_stuck_packet_does_not_stretch_the_window() {
        let mut window = ByPacket::default();
        window.insert(1, "stuck");
        for pkt in 2..1_000_000u64 {
            window.insert(pkt, "passing");
            if pkt > 11 {
                window.remove(pkt - 10);
            }
        }
        assert!(
            window.window.len() <= 2 * 10 + SLACK + 1,
            "{}",
            window.window.len()
        );
        assert_eq!(window.get(1), Some(&"stuck"));
        assert_eq!(window.len(), 11);
        assert_eq!(window.iter().next(), Some((1, &"stuck")));
    }
}
