//! Who holds which piece: one bitset per node for the pieces it has and one
//! for those it has or has on their way to it, and the swarm-wide count of holders of
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
    /// Per node, 64 pieces a word: the pieces it has.
    have: Vec<u64>,
    /// Per node, the pieces it has or is fetching: what it no longer
    /// wants. Its own array, apart from `have`: the hottest question of a
    /// big swarm (which neighbours want a piece from `up`, asked of each
    /// of a peer's 20-40 neighbours at every choking round) reads only
    /// this row of each neighbour (24 bytes for 191 pieces, where the two
    /// rows side by side were 48, so fewer of them cross a cache line) and
    /// `up`'s `have` once.
    taken: Vec<u64>,
    holders: Vec<u32>,
    unheld: u32,
}

impl PieceMap {
    pub fn new(nodes: usize, pieces: u32) -> PieceMap {
        let words = (pieces as usize).div_ceil(64);
        PieceMap {
            pieces,
            words,
            have: vec![0; nodes * words],
            taken: vec![0; nodes * words],
            holders: vec![0; pieces as usize],
            unheld: pieces,
        }
    }

    /// Gives `node` every piece without counting it as a holder (the server).
    pub fn give_all(&mut self, node: u32) {
        let rows = node as usize * self.words..(node as usize + 1) * self.words;
        let tail = self.pieces as usize % 64;
        for table in [&mut self.have, &mut self.taken] {
            let row = &mut table[rows.clone()];
            row.fill(u64::MAX);
            if tail != 0 {
                row[row.len() - 1] = (1u64 << tail) - 1;
            }
        }
    }

    #[inline]
    pub fn has(&self, node: u32, p: u32) -> bool {
        self.have[self.index(node, p)] & bit(p) != 0
    }

    /// `node` received piece `p` (it is no longer in flight).
    pub fn receive(&mut self, node: u32, p: u32) {
        let i = self.index(node, p);
        debug_assert!(self.have[i] & bit(p) == 0, "piece received twice");
        self.have[i] |= bit(p);
        self.taken[i] |= bit(p);
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
            self.taken[i] |= bit(p);
        } else {
            // A piece it has stays taken.
            self.taken[i] &= !bit(p) | self.have[i];
        }
    }

    /// `node` left: its pieces no longer count. Only for nodes whose pieces
    /// came through [`receive`](Self::receive).
    pub fn forget_holder(&mut self, node: u32) {
        let w = self.words;
        for (wi, &word) in self.have[node as usize * w..(node as usize + 1) * w]
            .iter()
            .enumerate()
        {
            let mut bits = word;
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
        let (d, u) = (
            row(&self.taken, down, self.words),
            row(&self.have, up, self.words),
        );
        let mut best: Option<(u32, u32)> = None;
        // The words from `start` round to it again: the first word's bits
        // from `shift` on, the others whole, the first word's low bits last.
        for (i, w) in (first..self.words).chain(0..=first).enumerate() {
            let mut bits = u[w] & !d[w];
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
    /// fetching: the hottest loop of a big swarm (a choking round asks it
    /// of every neighbour).
    #[inline]
    fn candidates(&self, down: u32, up: u32) -> impl Iterator<Item = u64> + '_ {
        let (d, u) = (
            row(&self.taken, down, self.words),
            row(&self.have, up, self.words),
        );
        d.iter().zip(u).map(|(&taken, &has)| has & !taken)
    }

    #[inline]
    fn index(&self, node: u32, p: u32) -> usize {
        node as usize * self.words + p as usize / 64
    }
}

/// `node`'s words of `table`, per 64 pieces.
#[inline]
fn row(table: &[u64], node: u32, words: usize) -> &[u64] {
    let at = node as usize * words;
    &table[at..at + words]
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
