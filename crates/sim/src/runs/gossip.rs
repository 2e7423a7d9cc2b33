//! "A new block spreads by gossip": how many rounds until every node of a
//! peer-to-peer network has it, against the network's size.
//!
//! Rounds are synchronous (a round is one hop's latency, `round_ms`): what
//! a node receives in round r it passes on in round r + 1. Two ways to pass
//! it on:
//! - [`Spread::Push`]: every node that has the block sends it, each round,
//!   to `fanout` nodes drawn uniformly from the others. With fanout 1 every
//!   node has it after about `log2 N + ln N` rounds (Frieze & Grimmett 1985,
//!   Pittel 1987): the informed double each round until the last few, who
//!   then wait like coupons to be collected. For fanout k,
//!   [`GossipParams::theory_rounds`] uses `log_(1+k) N + ln N / k`, the same
//!   two phases.
//! - [`Spread::Flood`]: each node knows `degree` random neighbours (a seeded
//!   random graph, links both ways); on first receipt a node forwards the
//!   block to all of them, once. Rounds = the source's eccentricity in the
//!   graph.
//!
//! Both stop counting when every node has the block (messages are those
//! sent until then).
//!
//! [`GossipSim::step`] runs one round (the UI animates round by round).
//!
//! ```
//! use cslab_sim::runs::gossip::{GossipParams, run_gossip};
//! let r = run_gossip(&GossipParams { nodes: 1_000, ..GossipParams::default() }).unwrap();
//! assert!(r.all_informed);
//! assert_eq!(*r.informed_per_round.last().unwrap(), 1_000);
//! ```

use crate::rng::{Rng, ln};
use crate::trace::{HASH_START, fold_word};
use serde::{Deserialize, Serialize};

/// How an informed node passes the block on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Spread {
    Push { fanout: u32 },
    Flood { degree: u32 },
}

/// Parameters of a gossip run (every field has a default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GossipParams {
    pub nodes: u32,
    pub spread: Spread,
    /// One hop's latency: the length of a round, ms.
    pub round_ms: f64,
    pub seed: u64,
}

impl Default for GossipParams {
    fn default() -> Self {
        GossipParams {
            nodes: 1_000,
            spread: Spread::Push { fanout: 1 },
            round_ms: 100.0,
            seed: 1,
        }
    }
}

pub const MAX_NODES: u32 = 1_000_000;

impl GossipParams {
    pub fn validate(&self) -> Result<(), String> {
        if !(2..=MAX_NODES).contains(&self.nodes) {
            return Err(format!("nodes must be 2 to {MAX_NODES}"));
        }
        match self.spread {
            Spread::Push { fanout } if !(1..=100).contains(&fanout) => {
                Err("fanout must be 1 to 100".into())
            }
            Spread::Flood { degree } if !(1..=100).contains(&degree) => {
                Err("degree must be 1 to 100".into())
            }
            Spread::Flood { degree } if self.nodes as u64 * degree as u64 > 20_000_000 => {
                Err("nodes × degree must be at most 2×10^7".into())
            }
            _ if !(0.0..=1e6).contains(&self.round_ms) => Err("round_ms must be 0 to 10^6".into()),
            _ => Ok(()),
        }
    }

    /// Rounds theory expects: `log_(1+k) N + ln N / k` for push with fanout
    /// k (`log2 N + ln N` for k = 1); for flooding, the random graph's
    /// typical distance `ln N / ln(2·degree)`.
    pub fn theory_rounds(&self) -> f64 {
        let n = ln(self.nodes as f64);
        match self.spread {
            Spread::Push { fanout } => {
                let k = fanout as f64;
                n / ln(1.0 + k) + n / k
            }
            Spread::Flood { degree } => n / ln(2.0 * degree as f64),
        }
    }
}

/// What a gossip run measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GossipReport {
    pub nodes: u32,
    /// Rounds until every node had the block (or until it stopped spreading).
    pub rounds: u32,
    pub time_s: f64,
    pub all_informed: bool,
    /// Copies sent, including those to nodes that already had it.
    pub messages: u64,
    /// Nodes informed after each round (entry 0: before the first, the
    /// source alone).
    pub informed_per_round: Vec<u32>,
    pub theory_rounds: f64,
    pub seed: u64,
    /// Hash of who was informed in which round (16 hex digits).
    pub result_hash: String,
}

/// A gossip run, round by round.
pub struct GossipSim {
    params: GossipParams,
    rng: Rng,
    informed: Vec<bool>,
    /// Informed nodes in the order they got it.
    order: Vec<u32>,
    /// `order[start_of_last_round..]` got it in the last round.
    start_of_last_round: usize,
    /// Flooding's graph (empty for push).
    neighbours: Vec<Vec<u32>>,
    messages: u64,
    per_round: Vec<u32>,
    hash: u64,
}

impl GossipSim {
    /// The source (node 0) has the block; nothing sent yet.
    pub fn new(p: &GossipParams) -> Result<GossipSim, String> {
        p.validate()?;
        let mut rng = Rng::new(p.seed);
        let neighbours = match p.spread {
            Spread::Flood { degree } => random_graph(p.nodes, degree, &mut rng),
            Spread::Push { .. } => Vec::new(),
        };
        let mut informed = vec![false; p.nodes as usize];
        informed[0] = true;
        Ok(GossipSim {
            params: p.clone(),
            rng,
            informed,
            order: vec![0],
            start_of_last_round: 0,
            neighbours,
            messages: 0,
            per_round: vec![1],
            hash: HASH_START,
        })
    }

    /// Runs one round; false (and nothing happens) once the block can
    /// spread no further.
    pub fn step(&mut self) -> bool {
        if self.is_done() {
            return false;
        }
        let before = self.order.len();
        match self.params.spread {
            Spread::Push { fanout } => {
                let n = self.params.nodes as u64;
                for i in 0..before {
                    let from = self.order[i];
                    for _ in 0..fanout {
                        // Uniform over the others: skip over the sender.
                        let mut to = self.rng.below(n - 1) as u32;
                        if to >= from {
                            to += 1;
                        }
                        self.deliver(to);
                    }
                }
            }
            Spread::Flood { .. } => {
                for i in self.start_of_last_round..before {
                    let from = self.order[i] as usize;
                    for j in 0..self.neighbours[from].len() {
                        self.deliver(self.neighbours[from][j]);
                    }
                }
            }
        }
        self.start_of_last_round = before;
        let round = self.per_round.len() as u64;
        for &node in &self.order[before..] {
            self.hash = fold_word(fold_word(self.hash, round), node as u64);
        }
        self.per_round.push(self.order.len() as u32);
        true
    }

    fn deliver(&mut self, to: u32) {
        self.messages += 1;
        if !self.informed[to as usize] {
            self.informed[to as usize] = true;
            self.order.push(to);
        }
    }

    /// Every node has it, or (flooding) the last round reached nobody new.
    pub fn is_done(&self) -> bool {
        self.order.len() == self.informed.len()
            || (matches!(self.params.spread, Spread::Flood { .. })
                && self.start_of_last_round == self.order.len())
    }

    pub fn run(&mut self) {
        while self.step() {}
    }

    pub fn rounds(&self) -> u32 {
        self.per_round.len() as u32 - 1
    }

    /// Nodes informed after each round so far (entry 0: the source alone).
    pub fn informed_per_round(&self) -> &[u32] {
        &self.per_round
    }

    pub fn is_informed(&self, node: u32) -> bool {
        self.informed[node as usize]
    }

    /// Flooding's neighbours of `node` (empty for push), for drawing.
    pub fn neighbours(&self, node: u32) -> &[u32] {
        self.neighbours
            .get(node as usize)
            .map_or(&[], Vec::as_slice)
    }

    pub fn report(&self) -> GossipReport {
        let rounds = self.rounds();
        GossipReport {
            nodes: self.params.nodes,
            rounds,
            time_s: rounds as f64 * self.params.round_ms / 1e3,
            all_informed: self.order.len() == self.informed.len(),
            messages: self.messages,
            informed_per_round: self.per_round.clone(),
            theory_rounds: self.params.theory_rounds(),
            seed: self.params.seed,
            result_hash: format!("{:016x}", self.hash),
        }
    }
}

/// Each node links to `degree` random others it is not yet linked to
/// (fewer if it already knows nearly everyone); links go both ways, so the
/// mean degree is about twice `degree`.
fn random_graph(nodes: u32, degree: u32, rng: &mut Rng) -> Vec<Vec<u32>> {
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); nodes as usize];
    for a in 0..nodes {
        let free = nodes as usize - 1 - adj[a as usize].len();
        let mut added = 0;
        while added < (degree as usize).min(free) {
            let b = rng.below(nodes as u64) as u32;
            if b != a && !adj[a as usize].contains(&b) {
                adj[a as usize].push(b);
                adj[b as usize].push(a);
                added += 1;
            }
        }
    }
    adj
}

/// Runs gossip until it stops and reports.
pub fn run_gossip(p: &GossipParams) -> Result<GossipReport, String> {
    let mut sim = GossipSim::new(p)?;
    sim.run();
    Ok(sim.report())
}
