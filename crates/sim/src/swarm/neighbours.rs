//! A peer's neighbours (the peers it has a link to) and what each sent it
//! this choking period, tit-for-tat's measure.
//!
//! Two parallel lists rather than one list of pairs: the questions asked
//! most (is `v` a neighbour? which entry is `v`'s, to credit a piece it
//! sent?) read only the ids, four bytes each, so a peer's forty
//! neighbours fit in three cache lines instead of ten. In a 10,000-peer
//! swarm those lists are the largest thing the run touches at random.

/// Pieces received before their credits are added (8 bytes each).
const RECEIVED_MAX: usize = 8;

/// `#[repr(C)]`: a peer's record keeps these in its second cache line in
/// this order, `received` (every finished piece) and `ids` (the scans)
/// first.
#[derive(Clone, Debug, Default)]
#[repr(C)]
pub(crate) struct Neighbours {
    /// Senders and bytes of the pieces received since the credits were
    /// last brought up to date.
    received: Vec<(u32, u32)>,
    ids: Vec<u32>,
    sent_to_us_bits: Vec<u64>,
}

impl Neighbours {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    pub fn contains(&self, peer: u32) -> bool {
        self.ids.contains(&peer)
    }

    /// Adds `peer`, with nothing sent yet.
    pub fn push(&mut self, peer: u32) {
        self.ids.push(peer);
        self.sent_to_us_bits.push(0);
    }

    /// Removes `peer` if present, keeping the others' order (the order in
    /// which a choking round considers them), with what it sent us.
    pub fn remove(&mut self, peer: u32) {
        if let Some(i) = self.ids.iter().position(|&n| n == peer) {
            self.ids.remove(i);
            self.sent_to_us_bits.remove(i);
            self.received.retain(|&(from, _)| from != peer);
        }
    }

    /// `peer` sent us a piece of `bytes` (counted only if it is still a
    /// neighbour at the next [`settle_credit`](Self::settle_credit); a
    /// piece comes over a link, and a link that goes takes its
    /// connections with it).
    pub fn credit(&mut self, peer: u32, bytes: u32) {
        if self.received.len() == RECEIVED_MAX {
            self.settle_credit();
        }
        self.received.push((peer, bytes));
    }

    /// Adds the pieces received since the last call to their senders'
    /// credits; [`iter`](Self::iter) reads them after this.
    pub fn settle_credit(&mut self) {
        for &(peer, bytes) in &self.received {
            if let Some(i) = self.ids.iter().position(|&n| n == peer) {
                self.sent_to_us_bits[i] += 8 * bytes as u64;
            }
        }
        self.received.clear();
    }

    /// Each neighbour with what it sent us this period, as of the last
    /// [`settle_credit`](Self::settle_credit).
    pub fn iter(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.ids
            .iter()
            .copied()
            .zip(self.sent_to_us_bits.iter().copied())
    }

    /// A new choking period: nobody has sent us anything yet.
    pub fn reset_credit(&mut self) {
        self.sent_to_us_bits.fill(0);
        self.received.clear();
    }

    /// Empties the list, returning the ids it held.
    pub fn take_ids(&mut self) -> Vec<u32> {
        self.sent_to_us_bits.clear();
        self.received = Vec::new();
        std::mem::take(&mut self.ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_follows_the_neighbour_through_removals() {
        let mut n = Neighbours::default();
        for peer in [7, 3, 9] {
            n.push(peer);
        }
        n.credit(9, 100);
        n.credit(3, 5);
        n.credit(4, 1_000);
        n.remove(3);
        n.remove(4);
        n.credit(9, 1);
        assert_eq!(n.iter().collect::<Vec<_>>(), [(7, 0), (9, 0)]);
        n.settle_credit();
        assert_eq!(n.iter().collect::<Vec<_>>(), [(7, 0), (9, 808)]);
        // Removed and back: what it sent before it left is not counted.
        n.push(3);
        n.credit(3, 7);
        n.remove(3);
        n.push(3);
        n.settle_credit();
        assert_eq!(n.iter().collect::<Vec<_>>(), [(7, 0), (9, 808), (3, 0)]);
        n.remove(3);
        assert!(n.contains(9) && !n.contains(3));
        n.reset_credit();
        assert_eq!(n.iter().collect::<Vec<_>>(), [(7, 0), (9, 0)]);
        assert_eq!(n.take_ids(), [7, 9]);
        assert_eq!(n.len(), 0);
    }

    #[test]
    fn credits_past_the_list_add_up_the_same() {
        let mut n = Neighbours::default();
        n.push(5);
        n.push(6);
        for i in 0..20 {
            n.credit(5 + i % 2, 10);
        }
        assert!(n.received.len() <= RECEIVED_MAX);
        n.settle_credit();
        assert_eq!(n.iter().collect::<Vec<_>>(), [(5, 800), (6, 800)]);
    }
}
