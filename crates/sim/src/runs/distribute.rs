//! "Client-server versus peer-to-peer": one server and N peers, a file of F
//! bytes, and the time until every peer has it, against the Kurose–Ross
//! lower bound. The model (flows, not packets) is described in
//! [`crate::swarm`].
//!
//! [`DistributeSim`] is steppable ([`DistributeSim::step`] runs at most a
//! given number of events), shows each peer's progress
//! ([`DistributeSim::peers`]) and the transfers in progress, and samples a
//! time series on a fixed sim-time grid ([`DistributeSim::series`]).
//! [`sweep_n`] runs both modes for several N for the chart of distribution
//! time against N. Stress: a flash crowd, churn, and the server failing.
//! The swarm follows BitTorrent's rules, or with [`Scheduler::Ideal`] the
//! schedule of Kumar and Ross's proof ([`crate::swarm::ideal`]), which
//! reaches the bound.
//!
//! ```
//! use cslab_sim::runs::distribute::{DistributeParams, Mode, run_distribute};
//! let p = DistributeParams { mode: Mode::Cs, peers: 10, ..DistributeParams::default() };
//! let r = run_distribute(&p).unwrap();
//! assert!(r.distribution_time_s.unwrap() >= r.bound_s);
//! assert_eq!(r.bytes_from_server, 10 * p.file_bytes);
//! ```

use crate::swarm::bounds::{cs_bound_s, p2p_bound_s};
use crate::swarm::ideal::Ideal;
use crate::swarm::protocol::Config;
use crate::swarm::{Swarm, Tally, Transfer};
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

pub use crate::swarm::{Mode, PeerState};

/// More peers arrive at once.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlashCrowd {
    pub at_s: f64,
    pub extra: u32,
}

/// Who decides which peer sends what to whom, peer-to-peer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheduler {
    /// BitTorrent's rules: tracker, rarest first, choking.
    #[default]
    Bittorrent,
    /// The proof's schedule: every peer relays its share to all the others.
    Ideal,
}

/// Parameters of a distribution (every field has a default). Capacities
/// are bits/s, sizes bytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DistributeParams {
    pub mode: Mode,
    /// Peer-to-peer only.
    pub scheduler: Scheduler,
    /// Peers (clients) there from the start.
    pub peers: u32,
    pub file_bytes: u64,
    pub piece_bytes: u32,
    pub server_up_bps: u64,
    /// Each peer's upload capacity (unused client-server).
    pub peer_up_bps: u64,
    pub peer_down_bps: u64,
    /// Peers a peer uploads to at once (the server: enough to fill its
    /// uplink, at least this many).
    pub upload_slots: u32,
    /// How often a peer re-chooses whom it uploads to, seconds.
    pub rechoke_s: f64,
    /// How long an optimistic unchoke lasts, seconds.
    pub optimistic_s: f64,
    /// Finished peers stay and upload (else they leave at once).
    pub stay_to_seed: bool,
    /// Probability that a peer leaves mid-download (after a random number
    /// of pieces).
    pub churn: f64,
    pub flash_crowd: Option<FlashCrowd>,
    pub server_fails_at_s: Option<f64>,
    /// Neighbours a peer asks the tracker for.
    pub peer_set: u32,
    /// The chart grid, seconds (None: 1/200 of the bound).
    pub sample_s: Option<f64>,
    pub seed: u64,
}

impl Default for DistributeParams {
    fn default() -> Self {
        DistributeParams {
            mode: Mode::P2p,
            scheduler: Scheduler::Bittorrent,
            peers: 100,
            file_bytes: 50_000_000,
            piece_bytes: 256 * 1024,
            server_up_bps: 30_000_000,
            peer_up_bps: 1_000_000,
            peer_down_bps: 10_000_000,
            upload_slots: 4,
            rechoke_s: 10.0,
            optimistic_s: 30.0,
            stay_to_seed: true,
            churn: 0.0,
            flash_crowd: None,
            server_fails_at_s: None,
            peer_set: 20,
            sample_s: None,
            seed: 1,
        }
    }
}

pub const MAX_PEERS: u32 = 100_000;
/// The ideal schedule has every peer send to every other: N·(N−1) flows,
/// all started at one instant (250,000 at N = 500: about 25 MB, and one
/// rate computation the page cannot slice; 1,000 peers took 100 MB and 4.3 s
/// in a debug build).
pub const MAX_IDEAL_PEERS: u32 = 500;
pub const MAX_PIECES: u64 = 100_000;
/// Peers × pieces: the piece bitsets' size (two bits each).
pub const MAX_PEER_PIECES: u64 = 200_000_000;

impl DistributeParams {
    /// Checks every field; the message names the field.
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_PEERS).contains(&self.peers) {
            return Err(format!("peers must be 1 to {MAX_PEERS}"));
        }
        if !(1..=1_000_000_000_000).contains(&self.file_bytes) {
            return Err("file_bytes must be 1 to 10^12".into());
        }
        if !(1..=1 << 30).contains(&self.piece_bytes) {
            return Err("piece_bytes must be 1 to 2^30".into());
        }
        if self.pieces() as u64 > MAX_PIECES {
            return Err(format!("at most {MAX_PIECES} pieces: use bigger pieces"));
        }
        if self.total_peers() as u64 * self.pieces() as u64 > MAX_PEER_PIECES {
            return Err("peers × pieces must be at most 2×10^8".into());
        }
        let rate = |name: &str, v: u64, zero_ok: bool| {
            if (zero_ok && v == 0) || (1_000..=1_000_000_000_000).contains(&v) {
                Ok(())
            } else {
                Err(format!("{name} must be 1 kbit/s to 1 Tbit/s"))
            }
        };
        rate("server_up_bps", self.server_up_bps, false)?;
        rate("peer_up_bps", self.peer_up_bps, true)?;
        rate("peer_down_bps", self.peer_down_bps, false)?;
        if !(1..=64).contains(&self.upload_slots) {
            return Err("upload_slots must be 1 to 64".into());
        }
        for (name, v) in [
            ("rechoke_s", self.rechoke_s),
            ("optimistic_s", self.optimistic_s),
        ] {
            if !(0.001..=3600.0).contains(&v) {
                return Err(format!("{name} must be 0.001 to 3600"));
            }
        }
        if !(0.0..=1.0).contains(&self.churn) {
            return Err("churn must be between 0 and 1".into());
        }
        if self.churn > 0.0 && self.pieces() < 2 {
            return Err("churn needs at least 2 pieces".into());
        }
        if let Some(f) = self.flash_crowd {
            if !(0.0..=1e7).contains(&f.at_s) {
                return Err("flash_crowd.at_s must be 0 to 10^7".into());
            }
            if self.peers as u64 + f.extra as u64 > MAX_PEERS as u64 {
                return Err(format!(
                    "peers + flash_crowd.extra must be at most {MAX_PEERS}"
                ));
            }
        }
        if let Some(t) = self.server_fails_at_s
            && !(0.0..=1e7).contains(&t)
        {
            return Err("server_fails_at_s must be 0 to 10^7".into());
        }
        if !(1..=200).contains(&self.peer_set) {
            return Err("peer_set must be 1 to 200".into());
        }
        if let Some(s) = self.sample_s
            && !(1e-6..=1e7).contains(&s)
        {
            return Err("sample_s must be 10^-6 to 10^7".into());
        }
        if self.scheduler == Scheduler::Ideal {
            if self.mode != Mode::P2p {
                return Err("scheduler ideal is peer-to-peer only".into());
            }
            if self.peers > MAX_IDEAL_PEERS {
                return Err(format!(
                    "scheduler ideal: peers must be at most {MAX_IDEAL_PEERS}"
                ));
            }
            // The proof's N peers are all there from the start and stay.
            if self.churn > 0.0 || self.flash_crowd.is_some() || self.server_fails_at_s.is_some() {
                return Err("scheduler ideal: no churn, flash_crowd or server_fails_at_s".into());
            }
        }
        Ok(())
    }

    pub fn pieces(&self) -> u32 {
        self.file_bytes.div_ceil(self.piece_bytes.max(1) as u64) as u32
    }

    /// Peers ever in the run: the first ones and the flash crowd.
    pub fn total_peers(&self) -> u32 {
        self.peers + self.flash_crowd.map_or(0, |f| f.extra)
    }

    /// `D_cs` for every peer of the run (flash crowd included).
    pub fn cs_bound_s(&self) -> f64 {
        cs_bound_s(
            self.total_peers() as u64,
            8.0 * self.file_bytes as f64,
            self.server_up_bps as f64,
            self.peer_down_bps as f64,
        )
    }

    /// `D_p2p` for every peer of the run (flash crowd included).
    pub fn p2p_bound_s(&self) -> f64 {
        let n = self.total_peers() as u64;
        p2p_bound_s(
            n,
            8.0 * self.file_bytes as f64,
            self.server_up_bps as f64,
            self.peer_down_bps as f64,
            n as f64 * self.peer_up_bps as f64,
        )
    }

    /// The bound of this run's mode.
    pub fn bound_s(&self) -> f64 {
        match self.mode {
            Mode::Cs => self.cs_bound_s(),
            Mode::P2p => self.p2p_bound_s(),
        }
    }

    fn config(&self) -> Config {
        Config {
            mode: self.mode,
            peers: self.total_peers(),
            file_bytes: self.file_bytes,
            piece_bytes: self.piece_bytes,
            server_up_bps: self.server_up_bps,
            peer_up_bps: self.peer_up_bps,
            peer_down_bps: self.peer_down_bps,
            upload_slots: self.upload_slots,
            rechoke: SimTime::from_secs_f64_round(self.rechoke_s),
            optimistic: SimTime::from_secs_f64_round(self.optimistic_s),
            stay_to_seed: self.stay_to_seed,
            churn: self.churn,
            peer_set: self.peer_set,
        }
    }
}

/// A peer as the UI draws it: a dot coloured by state, filled by fraction.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PeerView {
    pub state: PeerState,
    /// Pieces held / pieces in the file.
    pub fraction: f64,
}

/// One point of the time series, at `t_s`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Sample {
    pub t_s: f64,
    /// Peers finished so far (the CDF of completion times).
    pub finished: u32,
    pub downloading: u32,
    pub quit: u32,
    /// Upload capacity in use, bits/s.
    pub server_up_bps: u64,
    pub peers_up_bps: u64,
    /// Bytes of whole pieces delivered so far, by source.
    pub bytes_from_server: u64,
    pub bytes_from_peers: u64,
}

/// At most this many samples are kept: past it, every other one is dropped
/// and the grid step doubles (memory stays bounded however long the run).
pub const MAX_SAMPLES: usize = 2_000;

/// What a distribution measured (times in simulated seconds).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DistributeReport {
    pub mode: Mode,
    pub scheduler: Scheduler,
    /// The ideal schedule: how long a relay runs behind the server (one
    /// piece at the relay rate), seconds.
    pub relay_lag_s: Option<f64>,
    /// Peers in the run (flash crowd included).
    pub peers: u32,
    pub pieces: u32,
    pub piece_bytes: u64,
    pub file_bytes: u64,
    /// When the last peer finished, if every peer that did not quit
    /// finished; None if some never can (the server failed).
    pub distribution_time_s: Option<f64>,
    /// The Kurose–Ross bound of this mode, and of both.
    pub bound_s: f64,
    pub cs_bound_s: f64,
    pub p2p_bound_s: f64,
    pub peers_finished: u32,
    /// Peers still downloading at the end: they never finish.
    pub peers_unfinished: u32,
    /// Peers that left mid-download (churn).
    pub peers_quit: u32,
    pub last_finish_s: Option<f64>,
    /// Mean of (finish − arrival) over finished peers.
    pub mean_download_s: Option<f64>,
    pub bytes_from_server: u64,
    pub bytes_from_peers: u64,
    /// Bytes of pieces cut off by departures (sent, then lost).
    pub bytes_aborted: u64,
    /// Bytes the churned peers had received when they left.
    pub bytes_held_by_quitters: u64,
    pub server_failed: bool,
    /// When the peers first held every piece between them.
    pub full_copy_among_peers_s: Option<f64>,
    pub sim_time_s: f64,
    pub events: u64,
    pub seed: u64,
    /// Hash of every piece delivery, finish and departure (16 hex digits).
    pub result_hash: String,
}

/// The distribution under way: the swarm (client-server or BitTorrent's
/// rules), or the ideal schedule.
/// Boxed, both: one is made per run, and their sizes differ by hundreds
/// of bytes.
enum Engine {
    Swarm(Box<Swarm>),
    Ideal(Box<Ideal>),
}

/// `$e` with `$x` bound to whichever engine runs.
macro_rules! either {
    ($engine:expr, $x:ident => $e:expr) => {
        match $engine {
            Engine::Swarm($x) => $e,
            Engine::Ideal($x) => $e,
        }
    };
}

impl Engine {
    fn now(&self) -> SimTime {
        either!(self, x => x.now())
    }
    fn tally(&self) -> &Tally {
        either!(self, x => x.tally())
    }
    fn events(&self) -> u64 {
        either!(self, x => x.events())
    }
    fn hash(&self) -> u64 {
        either!(self, x => x.hash())
    }
    fn pieces(&self) -> u32 {
        either!(self, x => x.pieces())
    }
    fn upload_in_use(&self) -> (u64, u64) {
        either!(self, x => x.upload_in_use())
    }
    fn peer_state(&self, peer: u32) -> PeerState {
        either!(self, x => x.peer_state(peer))
    }
    fn has_piece(&self, peer: u32, p: u32) -> bool {
        either!(self, x => x.has_piece(peer, p))
    }
    fn is_done(&self) -> bool {
        either!(self, x => x.is_done())
    }
    fn next_event_time(&mut self) -> Option<SimTime> {
        either!(self, x => x.next_event_time())
    }
    fn process_next(&mut self) -> bool {
        either!(self, x => x.process_next())
    }
    fn fraction(&self, peer: u32) -> f64 {
        match self {
            Engine::Swarm(s) => s.pieces_held(peer) as f64 / s.pieces() as f64,
            Engine::Ideal(i) => i.fraction(peer),
        }
    }
    fn transfers(&self) -> Box<dyn Iterator<Item = Transfer> + '_> {
        either!(self, x => Box::new(x.transfers()))
    }
}

/// A steppable distribution.
pub struct DistributeSim {
    params: DistributeParams,
    swarm: Engine,
    series: Vec<Sample>,
    sample_every: SimTime,
    next_sample: SimTime,
    ended: bool,
}

impl DistributeSim {
    pub fn new(p: &DistributeParams) -> Result<DistributeSim, String> {
        p.validate()?;
        let every = SimTime::from_secs_f64_round(p.sample_s.unwrap_or(p.bound_s() / 200.0))
            .max(SimTime::from_micros(1));
        let swarm = if p.scheduler == Scheduler::Ideal {
            Engine::Ideal(Box::new(Ideal::new(
                p.peers,
                p.file_bytes,
                p.server_up_bps,
                p.peer_up_bps,
                p.peer_down_bps,
            )))
        } else {
            Engine::Swarm(Box::new(p.swarm()))
        };
        Ok(DistributeSim {
            params: p.clone(),
            swarm,
            series: Vec::new(),
            sample_every: every,
            next_sample: every,
            ended: false,
        })
    }

    pub fn params(&self) -> &DistributeParams {
        &self.params
    }

    pub fn now(&self) -> SimTime {
        self.swarm.now()
    }
}

impl DistributeParams {
    /// The swarm of these parameters with its arrivals and failure queued.
    fn swarm(&self) -> Swarm {
        let p = self;
        let mut swarm = Swarm::new(p.config(), p.seed);
        for peer in 1..=p.peers {
            swarm.schedule_join(peer, SimTime::ZERO);
        }
        if let Some(f) = p.flash_crowd {
            let at = SimTime::from_secs_f64_round(f.at_s);
            for peer in p.peers + 1..=p.total_peers() {
                swarm.schedule_join(peer, at);
            }
        }
        if let Some(t) = p.server_fails_at_s {
            swarm.schedule_server_failure(SimTime::from_secs_f64_round(t));
        }
        swarm
    }
}

impl DistributeSim {
    /// Runs at most `max_events` events, taking the samples whose time has
    /// come; returns how many ran.
    pub fn step(&mut self, max_events: u64) -> u64 {
        self.run_until(SimTime::MAX, max_events)
    }

    /// Runs the events up to time `t`, at most `max_events` of them, taking
    /// the samples due on the way; returns how many ran. The page runs both
    /// panes to the same clock every frame, with a budget.
    pub fn run_until(&mut self, t: SimTime, max_events: u64) -> u64 {
        let mut n = 0;
        while n < max_events && !self.ended {
            match self.swarm.next_event_time() {
                Some(_) if self.swarm.is_done() => self.end(),
                Some(next) if next > self.next_sample && self.next_sample <= t => {
                    self.take_sample()
                }
                Some(next) if next > t => break,
                Some(_) => {
                    self.swarm.process_next();
                    n += 1;
                }
                None => self.end(),
            }
        }
        n
    }

    /// Runs to the end; returns the events run.
    pub fn run(&mut self) -> u64 {
        let mut n = 0;
        while !self.ended {
            n += self.step(1 << 20);
        }
        n
    }

    /// Every peer finished or left, or none can finish any more.
    pub fn is_done(&self) -> bool {
        self.ended
    }

    /// When the last peer got the whole file, once every peer that stayed
    /// has it (none while one still waits or downloads, as when no
    /// complete copy is left).
    pub fn finished_at(&self) -> Option<SimTime> {
        let tally = self.swarm.tally();
        (tally.waiting == 0 && tally.downloading == 0)
            .then_some(tally.last_finish)
            .flatten()
    }

    /// The running totals, as the report reads them.
    pub fn tally(&self) -> &Tally {
        self.swarm.tally()
    }

    /// Events so far, as the report counts them.
    pub fn events(&self) -> u64 {
        self.swarm.events()
    }

    /// The result hash so far, the report's `result_hash` as a number.
    pub fn result_hash(&self) -> u64 {
        self.swarm.hash()
    }

    /// Every peer, in arrival order (peer 1 first), for the field of dots.
    pub fn peers(&self) -> impl Iterator<Item = PeerView> + '_ {
        (1..=self.params.total_peers()).map(move |i| PeerView {
            state: self.swarm.peer_state(i),
            fraction: self.swarm.fraction(i),
        })
    }

    /// Whether peer `peer` (1-based) holds piece `p`.
    pub fn has_piece(&self, peer: u32, p: u32) -> bool {
        self.swarm.has_piece(peer, p)
    }

    /// The transfers in progress (node 0 is the server, peers 1...).
    pub fn transfers(&self) -> impl Iterator<Item = Transfer> + '_ {
        self.swarm.transfers()
    }

    /// The time series so far.
    pub fn series(&self) -> &[Sample] {
        &self.series
    }

    /// The current grid step (it doubles when the series is thinned).
    pub fn sample_every(&self) -> SimTime {
        self.sample_every
    }

    fn end(&mut self) {
        self.ended = true;
        self.push_sample(self.now());
    }

    fn take_sample(&mut self) {
        let t = self.next_sample;
        self.push_sample(t);
        if self.series.len() >= MAX_SAMPLES {
            // Keep the samples on the doubled grid (2, 4, 6... steps).
            let mut i = 0;
            self.series.retain(|_| {
                i += 1;
                i % 2 == 0
            });
            self.sample_every = self.sample_every + self.sample_every;
        }
        let k = t.as_nanos() / self.sample_every.as_nanos() + 1;
        self.next_sample = SimTime::from_nanos(k * self.sample_every.as_nanos());
    }

    fn push_sample(&mut self, t: SimTime) {
        let tally = self.swarm.tally();
        let (server_up_bps, peers_up_bps) = self.swarm.upload_in_use();
        self.series.push(Sample {
            t_s: t.as_secs_f64(),
            finished: tally.finished,
            downloading: tally.downloading,
            quit: tally.quit,
            server_up_bps,
            peers_up_bps,
            bytes_from_server: tally.bytes_from_server,
            bytes_from_peers: tally.bytes_from_peers,
        });
    }

    /// The report so far (final once [`is_done`](Self::is_done)).
    pub fn report(&self) -> DistributeReport {
        let p = &self.params;
        let t = self.swarm.tally();
        let all_finished = t.waiting == 0 && t.downloading == 0;
        let secs = |x: SimTime| x.as_secs_f64();
        let (piece_bytes, relay_lag_s) = match &self.swarm {
            Engine::Swarm(_) => (p.piece_bytes as u64, None),
            Engine::Ideal(i) => (i.piece_bytes(), Some(i.plan().relay_lag_s())),
        };
        DistributeReport {
            mode: p.mode,
            scheduler: p.scheduler,
            relay_lag_s,
            peers: p.total_peers(),
            pieces: self.swarm.pieces(),
            piece_bytes,
            file_bytes: p.file_bytes,
            distribution_time_s: if all_finished {
                Some(t.last_finish.map_or(0.0, secs))
            } else {
                None
            },
            bound_s: p.bound_s(),
            cs_bound_s: p.cs_bound_s(),
            p2p_bound_s: p.p2p_bound_s(),
            peers_finished: t.finished,
            peers_unfinished: t.downloading + t.waiting,
            peers_quit: t.quit,
            last_finish_s: t.last_finish.map(secs),
            mean_download_s: (t.finished > 0)
                .then(|| t.download_ns_sum as f64 / 1e9 / t.finished as f64),
            bytes_from_server: t.bytes_from_server,
            bytes_from_peers: t.bytes_from_peers,
            bytes_aborted: t.bytes_aborted,
            bytes_held_by_quitters: t.bytes_held_by_quitters,
            server_failed: !t.server_alive,
            full_copy_among_peers_s: t.full_copy_at.map(secs),
            sim_time_s: secs(self.now()),
            events: self.swarm.events(),
            seed: p.seed,
            result_hash: format!("{:016x}", self.swarm.hash()),
        }
    }
}

/// Runs a distribution to the end and reports.
pub fn run_distribute(p: &DistributeParams) -> Result<DistributeReport, String> {
    let mut sim = DistributeSim::new(p)?;
    sim.run();
    Ok(sim.report())
}

/// One N of the chart: both modes' times (None if some peer never
/// finished) and both bounds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SweepPoint {
    pub n: u32,
    pub cs_time_s: Option<f64>,
    pub p2p_time_s: Option<f64>,
    pub cs_bound_s: f64,
    pub p2p_bound_s: f64,
}

/// The run of N = `n` in `mode`: `base` with `peers = n` (its scheduler
/// is the swarm's: client-server has none).
pub fn sweep_params(base: &DistributeParams, n: u32, mode: Mode) -> DistributeParams {
    let scheduler = match mode {
        Mode::Cs => Scheduler::Bittorrent,
        Mode::P2p => base.scheduler,
    };
    DistributeParams {
        mode,
        scheduler,
        peers: n,
        ..base.clone()
    }
}

impl SweepPoint {
    /// The point of N = `n`, from its client-server and its swarm run.
    pub fn of_runs(n: u32, cs: &DistributeReport, p2p: &DistributeReport) -> SweepPoint {
        SweepPoint {
            n,
            cs_time_s: cs.distribution_time_s,
            p2p_time_s: p2p.distribution_time_s,
            cs_bound_s: cs.cs_bound_s,
            p2p_bound_s: cs.p2p_bound_s,
        }
    }
}

/// Distribution time against N: `base` with `peers = n`, in both modes.
pub fn sweep_n(base: &DistributeParams, ns: &[u32]) -> Result<Vec<SweepPoint>, String> {
    ns.iter()
        .map(|&n| {
            let cs = run_distribute(&sweep_params(base, n, Mode::Cs))?;
            let p2p = run_distribute(&sweep_params(base, n, Mode::P2p))?;
            Ok(SweepPoint::of_runs(n, &cs, &p2p))
        })
        .collect()
}
