//! The tracker: the set of nodes in the swarm, from which a peer that
//! announces gets random others to connect to. Kept as a dense list with
//! each node's position, so joining, leaving and a uniform draw are O(1).

use crate::sim::rng::Rng;

const ABSENT: u32 = u32::MAX;

#[derive(Clone, Debug)]
pub struct Tracker {
    live: Vec<u32>,
    pos: Vec<u32>,
}

impl Tracker {
    pub fn new(nodes: usize) -> Tracker {
        Tracker {
            live: Vec::new(),
            pos: vec![ABSENT; nodes],
        }
    }

    pub fn join(&mut self, node: u32) {
        if self.pos[node as usize] == ABSENT {
            self.pos[node as usize] = self.live.len() as u32;
            self.live.push(node);
        }
    }

    pub fn leave(&mut self, node: u32) {
        let at = std::mem::replace(&mut self.pos[node as usize], ABSENT);
        if at != ABSENT {
            self.live.swap_remove(at as usize);
            if let Some(&moved) = self.live.get(at as usize) {
                self.pos[moved as usize] = at;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.live.len()
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// A node drawn uniformly from the swarm.
    pub fn sample(&self, rng: &mut Rng) -> Option<u32> {
        (!self.live.is_empty()).then(|| self.live[rng.below(self.live.len() as u64) as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_leave_and_sample_only_the_live() {
        let mut t = Tracker::new(5);
        for n in 0..5 {
            t.join(n);
        }
        t.leave(1);
        t.leave(4);
        t.leave(4);
        assert_eq!(t.len(), 3);
        let mut rng = Rng::new(1);
        for _ in 0..100 {
            let n = t.sample(&mut rng).unwrap();
            assert!(n != 1 && n != 4);
        }
    }
}
