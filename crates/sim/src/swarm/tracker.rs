//! The tracker: who is in the swarm, downloading or seeding, from which a
//! peer that announces gets random others to connect to. A downloader may
//! get anyone; a seed gets only downloaders (trackers leave seeds out of a
//! seed's answer: two seeds have nothing to trade). Each group is a dense
//! list with every node's position, so joining, leaving, moving and a
//! uniform draw are O(1).

use crate::rng::Rng;

const ABSENT: u32 = u32::MAX;

/// A set of node ids with O(1) insert, remove and uniform draw.
#[derive(Clone, Debug)]
struct DenseSet {
    items: Vec<u32>,
    pos: Vec<u32>,
}

impl DenseSet {
    fn new(nodes: usize) -> DenseSet {
        DenseSet {
            items: Vec::new(),
            pos: vec![ABSENT; nodes],
        }
    }

    fn insert(&mut self, node: u32) {
        if self.pos[node as usize] == ABSENT {
            self.pos[node as usize] = self.items.len() as u32;
            self.items.push(node);
        }
    }

    fn remove(&mut self, node: u32) {
        let at = std::mem::replace(&mut self.pos[node as usize], ABSENT);
        if at != ABSENT {
            self.items.swap_remove(at as usize);
            if let Some(&moved) = self.items.get(at as usize) {
                self.pos[moved as usize] = at;
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct Tracker {
    downloading: DenseSet,
    seeding: DenseSet,
}

impl Tracker {
    pub fn new(nodes: usize) -> Tracker {
        Tracker {
            downloading: DenseSet::new(nodes),
            seeding: DenseSet::new(nodes),
        }
    }

    /// `node` announces as a downloader.
    pub fn join(&mut self, node: u32) {
        self.downloading.insert(node);
    }

    /// `node` has the whole file (or is the server) and stays.
    pub fn seeding(&mut self, node: u32) {
        self.downloading.remove(node);
        self.seeding.insert(node);
    }

    pub fn leave(&mut self, node: u32) {
        self.downloading.remove(node);
        self.seeding.remove(node);
    }

    pub fn len(&self) -> usize {
        self.downloading.items.len() + self.seeding.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A node drawn uniformly from the swarm, or from its downloaders only
    /// (what a seed gets).
    pub fn sample(&self, downloaders_only: bool, rng: &mut Rng) -> Option<u32> {
        let d = self.downloading.items.len();
        let n = if downloaders_only { d } else { self.len() };
        (n > 0).then(|| {
            let i = rng.below(n as u64) as usize;
            if i < d {
                self.downloading.items[i]
            } else {
                self.seeding.items[i - d]
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_leave_and_sample_only_the_live() {
        let mut t = Tracker::new(6);
        for n in 0..5 {
            t.join(n);
        }
        t.leave(1);
        t.leave(4);
        t.leave(4);
        t.seeding(2);
        t.seeding(5);
        assert_eq!(t.len(), 4);
        let mut rng = Rng::new(1);
        for _ in 0..100 {
            let n = t.sample(false, &mut rng).unwrap();
            assert!(n != 1 && n != 4);
            let d = t.sample(true, &mut rng).unwrap();
            assert!(d == 0 || d == 3, "{d}");
        }
    }
}
