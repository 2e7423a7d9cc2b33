//! Who holds which piece: one bitset per node for the pieces it has and one
//! for the pieces on their way to it, and the swarm-wide count of holders of
//! each piece (rarest-first reads it; the server's copy is not counted, so a
//! count of zero means no peer has the piece).
//!
//! Rarest-first here uses the swarm-wide count, as if each peer saw the
//! whole swarm; a real peer counts only its neighbours, a random sample of
//! it. Bharambe et al. (2006) found the two give the same piece diversity in
//! practice, and the global count costs O(1) per piece received instead of
//! one update per neighbour.

/// Which piece a downloader asks an uploader for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceOrder {
    /// The lowest-numbered piece (a plain download, client-server).
    Sequential,
    /// The piece fewest peers hold; ties go to the first one after a random
    /// starting point.
    RarestFirst,
}

#[derive(Clone, Debug)]
pub struct PieceMap {
    pieces: u32,
    words: usize,
    /// Per node and per 64 pieces, the word of pieces it has, then the word
    /// of pieces in flight to it: side by side, so asking what a node wants
    /// reads one cache line, not two.
    bits: Vec<[u64; 2]>,
    holders: Vec<u32>,
    unheld: u32,
}

impl PieceMap {
    pub fn new(nodes: usize, pieces: u32) -> PieceMap {
        let words = (pieces as usize).div_ceil(64);
        PieceMap {
            pieces,
            words,
            bits: vec![[0; 2]; nodes * words],
            holders: vec![0; pieces as usize],
            unheld: pieces,
        }
    }

    /// Gives `node` every piece without counting it as a holder (the server).
    pub fn give_all(&mut self, node: u32) {
        let w = self.words;
        let row = &mut self.bits[node as usize * w..(node as usize + 1) * w];
        for word in row.iter_mut() {
            word[HAVE] = u64::MAX;
        }
        let tail = self.pieces as usize % 64;
        if tail != 0 {
            row[w - 1][HAVE] = (1u64 << tail) - 1;
        }
    }

    #[inline]
    pub fn has(&self, node: u32, p: u32) -> bool {
        self.bits[self.index(node, p)][HAVE] & bit(p) != 0
    }

    /// `node` received piece `p` (it is no longer in flight).
    pub fn receive(&mut self, node: u32, p: u32) {
        let i = self.index(node, p);
        let word = &mut self.bits[i];
        debug_assert!(word[HAVE] & bit(p) == 0, "piece received twice");
        word[HAVE] |= bit(p);
        word[INFLIGHT] &= !bit(p);
        let h = &mut self.holders[p as usize];
        if *h == 0 {
            self.unheld -= 1;
        }
        *h += 1;
    }

    /// Marks piece `p` as on its way to `node`, or not any more.
    pub fn set_inflight(&mut self, node: u32, p: u32, on: bool) {
        let i = self.index(node, p);
        if on {
            self.bits[i][INFLIGHT] |= bit(p);
        } else {
            self.bits[i][INFLIGHT] &= !bit(p);
        }
    }

    /// `node` left: its pieces no longer count. Only for nodes whose pieces
    /// came through [`receive`](Self::receive).
    pub fn forget_holder(&mut self, node: u32) {
        let w = self.words;
        for (wi, word) in self.bits[node as usize * w..(node as usize + 1) * w]
            .iter()
            .enumerate()
        {
            let mut bits = word[HAVE];
            while bits != 0 {
                let p = wi * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                self.holders[p] -= 1;
                if self.holders[p] == 0 {
                    self.unheld += 1;
                }
            }
        }
    }

    /// Pieces no live peer holds (the server's copy aside).
    pub fn unheld(&self) -> u32 {
        self.unheld
    }

    /// Whether `up` has a piece `down` lacks and is not already fetching.
    pub fn wants_from(&self, down: u32, up: u32) -> bool {
        self.candidates(down, up).any(|c| c != 0)
    }

    /// The piece `down` asks `up` for, if any. `start` (below the number of
    /// pieces) is where a rarest-first scan begins, to break ties at random.
    pub fn pick(&self, down: u32, up: u32, order: PieceOrder, start: u32) -> Option<u32> {
        match order {
            PieceOrder::Sequential => (self.candidates(down, up).enumerate())
                .find_map(|(w, c)| (c != 0).then(|| (w * 64) as u32 + c.trailing_zeros())),
            PieceOrder::RarestFirst => self.rarest(down, up, start),
        }
    }

    fn rarest(&self, down: u32, up: u32, start: u32) -> Option<u32> {
        let (first, shift) = (start as usize / 64, start % 64);
        let (d, u) = (self.row(down), self.row(up));
        let mut best: Option<(u32, u32)> = None;
        // The words from `start` round to it again: the first word's bits
        // from `shift` on, the others whole, the first word's low bits last.
        for (i, w) in (first..self.words).chain(0..=first).enumerate() {
            let mut bits = wanted(&d[w], &u[w]);
            if i == 0 {
                bits &= u64::MAX << shift;
            } else if i == self.words {
                bits &= bit(shift) - 1;
            }
            while bits != 0 {
                let p = (w * 64) as u32 + bits.trailing_zeros();
                bits &= bits - 1;
                let count = self.holders[p as usize];
                if best.is_none_or(|(c, _)| count < c) {
                    if count == 0 {
                        return Some(p);
                    }
                    best = Some((count, p));
                }
            }
        }
        best.map(|(_, p)| p)
    }

    /// Word by word, the pieces `up` has that `down` neither has nor is
    /// fetching: two rows read side by side, the hottest loop of a big swarm
    /// (a choking round asks it of every neighbour).
    #[inline]
    fn candidates(&self, down: u32, up: u32) -> impl Iterator<Item = u64> + '_ {
        (self.row(down).iter().zip(self.row(up))).map(|(d, u)| wanted(d, u))
    }

    /// `node`'s words: what it has and what is coming, per 64 pieces.
    #[inline]
    fn row(&self, node: u32) -> &[[u64; 2]] {
        let at = node as usize * self.words;
        &self.bits[at..at + self.words]
    }

    #[inline]
    fn index(&self, node: u32, p: u32) -> usize {
        node as usize * self.words + p as usize / 64
    }
}

const HAVE: usize = 0;
const INFLIGHT: usize = 1;

/// Of one word of pieces, those the uploader has (`up`) that the
/// downloader (`down`) neither has nor is fetching.
#[inline]
fn wanted(&[has, coming]: &[u64; 2], up: &[u64; 2]) -> u64 {
    up[HAVE] & !has & !coming
}

#[inline]
fn bit(p: u32) -> u64 {
    1u64 << (p % 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarest_first_prefers_unheld_pieces_and_skips_inflight() {
        let mut m = PieceMap::new(3, 70);
        m.give_all(0);
        assert!(m.has(0, 69) && !m.has(1, 0));
        for p in 0..70 {
            if p != 66 && p != 5 {
                m.receive(2, p);
            }
        }
        assert_eq!(m.unheld(), 2);
        assert_eq!(m.pick(1, 0, PieceOrder::RarestFirst, 10), Some(66));
        assert_eq!(m.pick(1, 0, PieceOrder::RarestFirst, 67), Some(5));
        m.set_inflight(1, 5, true);
        assert_eq!(m.pick(1, 0, PieceOrder::RarestFirst, 67), Some(66));
        assert_eq!(m.pick(1, 0, PieceOrder::Sequential, 0), Some(0));
        assert!(!m.wants_from(2, 2));
        m.forget_holder(2);
        assert_eq!(m.unheld(), 70);
    }
}
