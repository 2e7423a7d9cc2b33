//! Whom an uploader serves (unchokes) this round, BitTorrent's way.
//!
//! A downloading peer plays tit-for-tat: it unchokes the `slots - 1`
//! interested neighbours that sent it the most in the last period, plus one
//! optimistic unchoke drawn at random from the others and kept for the
//! optimistic period (so newcomers with nothing to trade get a start, and
//! better partners get discovered). A seed has nothing to receive: it
//! unchokes interested neighbours at random, new ones every round.

use crate::rng::Rng;

/// An interested neighbour and what it sent us in the last period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub peer: u32,
    pub sent_to_us_bits: u64,
}

/// The unchoked peers and the optimistic one among them (None for a seed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unchoke {
    pub peers: Vec<u32>,
    pub optimistic: Option<u32>,
}

/// Chooses at most `slots` of `interested` (which it reorders). `keep` is
/// the optimistic unchoke to keep if it is still interested and not among
/// the best (None: draw a new one).
pub fn choose(
    interested: &mut [Candidate],
    slots: usize,
    seeding: bool,
    keep: Option<u32>,
    rng: &mut Rng,
) -> Unchoke {
    shuffle(interested, rng);
    if seeding {
        return Unchoke {
            peers: interested.iter().take(slots).map(|c| c.peer).collect(),
            optimistic: None,
        };
    }
    // Stable: equal contributions stay in the shuffled order.
    sort_by_most_sent(interested);
    let regular = slots.saturating_sub(1).min(interested.len());
    let mut peers: Vec<u32> = interested[..regular].iter().map(|c| c.peer).collect();
    let rest = &interested[regular..];
    let optimistic = keep
        .filter(|k| rest.iter().any(|c| c.peer == *k))
        .or_else(|| (!rest.is_empty()).then(|| rest[rng.below(rest.len() as u64) as usize].peer));
    peers.extend(optimistic);
    Unchoke { peers, optimistic }
}

/// A stable sort, most sent first: an insertion sort, as the slice is a
/// peer's interested neighbours (at most a few dozen, most of which sent
/// nothing): cheaper there than the general sort, which merges.
fn sort_by_most_sent(v: &mut [Candidate]) {
    for i in 1..v.len() {
        let c = v[i];
        let mut j = i;
        while j > 0 && v[j - 1].sent_to_us_bits < c.sent_to_us_bits {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = c;
    }
}

fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        v.swap(i, rng.below(i as u64 + 1) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(sent: &[u64]) -> Vec<Candidate> {
        sent.iter()
            .enumerate()
            .map(|(i, &s)| Candidate {
                peer: i as u32,
                sent_to_us_bits: s,
            })
            .collect()
    }

    #[test]
    fn tit_for_tat_keeps_the_best_uploaders_and_one_optimistic() {
        let mut rng = Rng::new(3);
        let mut c = cands(&[5, 90, 0, 70, 80, 1]);
        let u = choose(&mut c, 4, false, None, &mut rng);
        assert_eq!(&u.peers[..3], &[1, 4, 3]);
        let o = u.optimistic.unwrap();
        assert!([0, 2, 5].contains(&o));
        let mut c = cands(&[5, 90, 0, 70, 80, 1]);
        assert_eq!(
            choose(&mut c, 4, false, Some(2), &mut rng).optimistic,
            Some(2)
        );
        let mut c = cands(&[5, 90, 0, 70, 80, 1]);
        let keep_best = choose(&mut c, 4, false, Some(1), &mut rng);
        assert_ne!(keep_best.optimistic, Some(1), "1 is unchoked on merit");
    }

    #[test]
    fn the_sort_keeps_equal_contributions_in_their_order() {
        let mut c = cands(&[0, 7, 0, 9, 7, 0]);
        sort_by_most_sent(&mut c);
        let peers: Vec<u32> = c.iter().map(|c| c.peer).collect();
        assert_eq!(peers, [3, 1, 4, 0, 2, 5]);
    }

    #[test]
    fn a_seed_serves_at_most_its_slots() {
        let mut rng = Rng::new(3);
        let mut c = cands(&[0; 10]);
        let u = choose(&mut c, 4, true, None, &mut rng);
        assert_eq!(u.peers.len(), 4);
        assert_eq!(u.optimistic, None);
        let mut few = cands(&[0; 2]);
        assert_eq!(choose(&mut few, 4, false, None, &mut rng).peers.len(), 2);
    }
}
