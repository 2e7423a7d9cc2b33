//! The lesson "A block spreads by gossip": how a new block (or transaction)
//! reaches every node of a peer-to-peer network, round by round, and how
//! the rounds grow with the network: as its logarithm, not its size.

use super::playback::{Clocked, instant_after, instant_before};
use super::questions::{Arg, Choice, Observed, RunQuestion};
use super::settings::Field;
use super::{LessonSpec, LessonView, SettingsCard, off_stage};
use crate::lesson::address::{InAddress, Param, Values, number_param, place};
use cslab_sim::runs::gossip::{GossipParams, GossipSim, Spread};
use cslab_sim::time::SimTime;

pub const LESSON: LessonSpec = off_stage(
    (
        "gossip",
        "lesson-gossip-title",
        &["lesson-gossip-intro-1", "lesson-gossip-intro-2"],
    ),
    "lesson-gossip-try",
    (LessonView::Gossip, SettingsCard::Gossip),
    (&SPEEDS, 1),
    &Field {
        get: |settings| &settings.gossip,
        get_mut: |settings| &mut settings.gossip,
    },
    |settings, seed| Box::new(GossipRun::new(&settings.gossip, seed)),
);

/// How many more rounds the block needs once half of the nodes have it,
/// against the rounds it took to get there: asked where the round that
/// reaches half ends, shown where every node has it. Push gossip spreads
/// in two phases (Frieze and Grimmett 1985; Karp et al., "Randomized
/// rumor spreading", FOCS 2000): while few nodes know, nearly every copy
/// reaches someone new and the informed multiply each round (log₂ N with
/// one target); near the end most copies land on nodes that have it
/// already, and the last ones are found by chance (ln N rounds more).
/// Flooding moves one hop a round along a random graph a few hops across.
const REST_OF_THE_WAY: RunQuestion = RunQuestion {
    key: "ask-gossip-rest",
    args: |settings| {
        vec![
            ("nodes", Arg::Number(settings.gossip.nodes.into())),
            ("spread", Arg::Words(spread_key(settings.gossip.spread))),
        ]
    },
    choices: |_| {
        [ONE, FEWER, AS_MANY, MORE]
            .into_iter()
            .map(Choice::Words)
            .collect()
    },
    ask: |run| half_round(gossip(run)?).map(round_end),
    reveal: |run| {
        let run = gossip(run)?;
        let per_round = run.sim().informed_per_round();
        (per_round.last() == Some(&run.nodes())).then(|| round_end(run.sim().rounds()))
    },
    observe: rest_of_the_way,
};

const ONE: &str = "choice-gossip-one";
const FEWER: &str = "choice-gossip-fewer";
const AS_MANY: &str = "choice-gossip-as-many";
const MORE: &str = "choice-gossip-more";

/// The gossip behind a playback's clock.
fn gossip(run: &dyn Clocked) -> Option<&GossipRun> {
    run.as_any().downcast_ref()
}

/// The first round after which at least half of the nodes had the block,
/// if one has been played.
fn half_round(run: &GossipRun) -> Option<u32> {
    let per_round = run.sim().informed_per_round();
    let half = per_round.iter().position(|&n| 2 * n >= run.nodes())?;
    Some(half as u32)
}

/// The instant round `round` ends at on the lesson's clock.
fn round_end(round: u32) -> SimTime {
    SimTime::from_nanos(ROUND.as_nanos() * u64::from(round))
}

/// The rounds to half of the nodes and from there to all of them (the
/// last round is the one that ends at `at`).
fn rest_of_the_way(run: &dyn Clocked, at: SimTime) -> Option<Observed> {
    let run = gossip(run)?;
    let half = half_round(run)?;
    let rounds = (at.as_nanos() / ROUND.as_nanos()) as u32;
    let rest = rounds.checked_sub(half)?;
    let answer = match rest {
        1 => ONE,
        _ if rest < half => FEWER,
        _ if rest == half => AS_MANY,
        _ => MORE,
    };
    let explain_key = match run.settings.spread {
        Spread::Push { .. } => "explain-gossip-push",
        Spread::Flood { .. } => "explain-gossip-flood",
    };
    let per_round = run.sim().informed_per_round();
    Some(Observed {
        answer: Choice::Words(answer),
        explain_key,
        args: vec![
            ("nodes", Arg::Number(run.nodes().into())),
            ("half", Arg::Number(half.into())),
            ("reached", Arg::Number(per_round[half as usize].into())),
            ("rest", Arg::Number(rest.into())),
            ("rounds", Arg::Number(rounds.into())),
        ],
    })
}

/// The speed slider's stops: a round every 10 s, every second, twice and
/// ten times a second (see [`ROUND`]).
const SPEEDS: [u64; 4] = [100_000, 1_000_000, 2_000_000, 10_000_000];

/// What the learner can change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GossipSettings {
    pub nodes: u32,
    pub spread: Spread,
}

impl Default for GossipSettings {
    fn default() -> Self {
        GossipSettings {
            nodes: 200,
            spread: Spread::Push { fanout: 1 },
        }
    }
}

pub const NODE_CHOICES: [u32; 4] = [50, 200, 1_000, 10_000];
pub const SPREAD_CHOICES: [Spread; 4] = [
    Spread::Push { fanout: 1 },
    Spread::Push { fanout: 2 },
    Spread::Push { fanout: 4 },
    Spread::Flood { degree: 4 },
];
/// The network sizes of the chart of rounds against size (powers of ten).
pub const SWEEP_SIZES: [u32; 4] = [10, 100, 1_000, 10_000];

/// The message id of a way to spread, for the picker.
pub fn spread_key(spread: Spread) -> &'static str {
    match spread {
        Spread::Push { fanout: 1 } => "gossip-push-1",
        Spread::Push { fanout: 2 } => "gossip-push-2",
        Spread::Push { .. } => "gossip-push-4",
        Spread::Flood { .. } => "gossip-flood",
    }
}

/// [`SPREAD_CHOICES`] as the address writes them.
const SPREAD_CODES: [&str; 4] = ["push-1", "push-2", "push-4", "flood-4"];

impl InAddress for GossipSettings {
    const PARAMS: &'static [Param<Self>] = &[
        number_param!("nodes", NODE_CHOICES, nodes),
        Param {
            name: "gossip",
            values: Values::Words(SPREAD_CODES.len(), |i| SPREAD_CODES[i]),
            get: |s| place(&SPREAD_CHOICES, &s.spread),
            set: |s, i| s.spread = SPREAD_CHOICES[i],
        },
    ];
}

/// The gossip run of `settings` with `seed`.
pub fn gossip_params(settings: &GossipSettings, seed: u64) -> GossipParams {
    GossipParams {
        nodes: settings.nodes,
        spread: settings.spread,
        seed,
        ..GossipParams::default()
    }
}

/// The lesson's clock counts a round as a second: the model has rounds,
/// not times, and a round a second reads well at real speed.
pub const ROUND: SimTime = SimTime::from_secs(1);

/// The lesson's run, a round at a time, and which nodes the last round
/// reached (the stage shows them apart).
pub struct GossipRun {
    settings: GossipSettings,
    seed: u64,
    sim: GossipSim,
    newly: Vec<bool>,
}

impl GossipRun {
    pub fn new(settings: &GossipSettings, seed: u64) -> GossipRun {
        let sim = GossipSim::new(&gossip_params(settings, seed)).expect("every choice is valid");
        let newly = (0..settings.nodes)
            .map(|node| sim.is_informed(node))
            .collect();
        GossipRun {
            settings: *settings,
            seed,
            sim,
            newly,
        }
    }

    pub fn sim(&self) -> &GossipSim {
        &self.sim
    }

    pub fn nodes(&self) -> u32 {
        self.newly.len() as u32
    }

    /// Whether `node` first heard of the block in the last round.
    pub fn is_new(&self, node: u32) -> bool {
        self.newly[node as usize]
    }

    /// Plays one round.
    pub fn round(&mut self) {
        let before: Vec<bool> = (0..self.newly.len() as u32)
            .map(|node| self.sim.is_informed(node))
            .collect();
        self.sim.step();
        for (node, was) in before.into_iter().enumerate() {
            self.newly[node] = !was && self.sim.is_informed(node as u32);
        }
    }

    /// The instant the rounds played so far end at.
    fn time(&self) -> SimTime {
        round_end(self.sim.rounds())
    }
}

impl Clocked for GossipRun {
    /// Plays the rounds due by `t`; an earlier `t` plays them again from
    /// the start, the same way (the run is a pure function of its seed).
    fn run_until(&mut self, t: SimTime) -> SimTime {
        if t < self.time() {
            *self = GossipRun::new(&self.settings, self.seed);
        }
        while !self.sim.is_done() && self.time() + ROUND <= t {
            self.round();
        }
        t
    }

    fn end(&self) -> Option<SimTime> {
        self.sim.is_done().then(|| self.time())
    }

    fn next_instant_after(&mut self, t: SimTime) -> Option<SimTime> {
        let next = instant_after(t, ROUND);
        (next <= self.time() || !self.sim.is_done()).then_some(next)
    }

    fn instant_before(&self, t: SimTime) -> Option<SimTime> {
        instant_before(t, ROUND)
    }

    fn horizon(&self) -> SimTime {
        self.time()
    }

    fn questions(&self) -> &'static [RunQuestion] {
        &[REST_OF_THE_WAY]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<GossipSettings>();
    }

    use cslab_sim::runs::gossip::run_gossip;

    /// Round by round (a round a second), the new nodes are the ones the
    /// round informed; the run ends where the whole run does, and going back
    /// plays the rounds again to the same state.
    #[test]
    fn each_round_marks_the_nodes_it_reached() {
        let settings = GossipSettings::default();
        let mut run = GossipRun::new(&settings, 1);
        let informed = |run: &GossipRun| {
            (0..settings.nodes)
                .filter(|&n| run.sim().is_informed(n))
                .count()
        };
        let mut t = SimTime::ZERO;
        while run.end().is_none() {
            let before = informed(&run);
            t = run.next_instant_after(t).unwrap();
            run.run_until(t);
            let new = (0..settings.nodes).filter(|&n| run.is_new(n)).count();
            assert_eq!(informed(&run), before + new);
        }
        let alone = run_gossip(&gossip_params(&settings, 1)).unwrap();
        assert_eq!(run.sim().report().rounds, alone.rounds);
        assert_eq!(run.end(), Some(SimTime::from_secs(alone.rounds.into())));
        assert_eq!(run.next_instant_after(t), None);
        let back = run.instant_before(t).unwrap();
        run.run_until(back);
        assert_eq!(run.sim().rounds() + 1, alone.rounds);
    }

    #[test]
    fn every_choice_reaches_every_node() {
        for nodes in NODE_CHOICES {
            for spread in SPREAD_CHOICES {
                let report =
                    run_gossip(&gossip_params(&GossipSettings { nodes, spread }, 1)).unwrap();
                assert!(report.all_informed, "{nodes} nodes, {spread:?}");
                assert_ne!(spread_key(spread), "");
            }
        }
    }
}
