//! "A popular object": N clients ask for the same object (a video, an
//! update) at λ requests/s in total. Client-server, the server sends every
//! copy; peer-to-peer (`peers_cache`), a client keeps the object after its
//! first fetch and serves it to others, and a client that has it answers
//! its own requests at once. A client without a copy fetches it from a
//! random client that has one (from the server while nobody has): the
//! server's load falls to about one copy per client, but the first holders
//! are swamped and a peer's uplink is usually narrower than the server's.
//!
//! Transfers are flows over the same model as the distribution
//! ([`crate::sim::swarm::flows`]): the server's uplink is shared among its
//! transfers (processor sharing), each peer's among its own. Server-only,
//! with downlinks faster than the server, this is the M/G/1-PS queue, whose
//! mean response time is `S / (1 − ρ)` with `S` the object's transfer time
//! alone and `ρ = λ S` ([`PopularParams::ps_mean_response_s`]).
//!
//! ```
//! use cslab::sim::scenarios::popular::{PopularParams, run_popular};
//! let r = run_popular(&PopularParams { requests: 500, ..PopularParams::default() }).unwrap();
//! assert_eq!(r.from_server + r.from_peers + r.local_hits, 500);
//! ```

use crate::sim::engine::EventQueue;
use crate::sim::metrics::Histogram;
use crate::sim::rng::{Dist, Rng};
use crate::sim::swarm::SERVER;
use crate::sim::swarm::flows::{Finish, FlowNet};
use crate::sim::swarm::slab::Slab;
use crate::sim::time::SimTime;
use crate::sim::trace::{HASH_START, fold_word};
use serde::{Deserialize, Serialize};

/// Parameters of a popular-object run (every field has a default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PopularParams {
    pub clients: u32,
    pub object_bytes: u64,
    /// Requests per second from all clients together (Poisson).
    pub requests_per_s: f64,
    /// Requests in the run.
    pub requests: u64,
    pub server_up_bps: u64,
    pub peer_up_bps: u64,
    pub peer_down_bps: u64,
    /// Clients keep the object and serve it (peer-to-peer).
    pub peers_cache: bool,
    pub seed: u64,
}

impl Default for PopularParams {
    fn default() -> Self {
        PopularParams {
            clients: 1_000,
            object_bytes: 1_000_000,
            requests_per_s: 10.0,
            requests: 5_000,
            server_up_bps: 100_000_000,
            peer_up_bps: 10_000_000,
            peer_down_bps: 1_000_000_000,
            peers_cache: false,
            seed: 1,
        }
    }
}

impl PopularParams {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=1_000_000).contains(&self.clients) {
            return Err("clients must be 1 to 1000000".into());
        }
        if !(1..=1_000_000_000_000).contains(&self.object_bytes) {
            return Err("object_bytes must be 1 to 10^12".into());
        }
        if !(self.requests_per_s > 0.0 && self.requests_per_s <= 1e7) {
            return Err("requests_per_s must be above 0, at most 10^7".into());
        }
        if self.requests > 100_000_000 {
            return Err("requests must be at most 10^8".into());
        }
        for (name, v) in [
            ("server_up_bps", self.server_up_bps),
            ("peer_up_bps", self.peer_up_bps),
            ("peer_down_bps", self.peer_down_bps),
        ] {
            if !(1_000..=1_000_000_000_000).contains(&v) {
                return Err(format!("{name} must be 1 kbit/s to 1 Tbit/s"));
            }
        }
        Ok(())
    }

    /// The object's transfer time from the server alone, seconds.
    pub fn server_transfer_s(&self) -> f64 {
        8.0 * self.object_bytes as f64 / self.server_up_bps as f64
    }

    /// The server's load ρ = λ S when it serves every request.
    pub fn server_load(&self) -> f64 {
        self.requests_per_s * self.server_transfer_s()
    }

    /// M/G/1-PS mean response `S / (1 − ρ)`, for server-only runs; None if
    /// ρ ≥ 1, or if the downlinks are slower than the server (then a lone
    /// transfer cannot use the whole uplink, and the server is not a
    /// processor-sharing queue).
    pub fn ps_mean_response_s(&self) -> Option<f64> {
        let rho = self.server_load();
        (rho < 1.0 && self.peer_down_bps >= self.server_up_bps)
            .then(|| self.server_transfer_s() / (1.0 - rho))
    }
}

/// What a popular-object run measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PopularReport {
    pub peers_cache: bool,
    pub requests: u64,
    /// Requests a client answered from its own copy.
    pub local_hits: u64,
    pub from_server: u64,
    pub from_peers: u64,
    /// Over every request (local hits take no time).
    pub mean_response_s: f64,
    pub p95_response_s: f64,
    /// Over the requests that crossed the network.
    pub mean_fetch_s: f64,
    pub server_bytes: u64,
    /// Mean rate the server sent at, and as a share of its uplink.
    pub server_load_bps: f64,
    pub server_utilization: f64,
    /// The M/G/1-PS mean response for the same load, server-only.
    pub ps_theory_s: Option<f64>,
    pub duration_s: f64,
    pub events: u64,
    pub seed: u64,
    pub result_hash: String,
}

#[derive(Clone, Copy, Debug)]
enum Event {
    Request,
    FlowDone { flow: u32, version: u64 },
}

impl From<Finish> for Event {
    fn from(f: Finish) -> Event {
        Event::FlowDone {
            flow: f.flow,
            version: f.version,
        }
    }
}

/// A fetch in progress.
#[derive(Clone, Copy, Debug)]
struct Fetch {
    client: u32,
    asked_at: SimTime,
}

/// A popular-object run.
pub struct PopularSim {
    p: PopularParams,
    queue: EventQueue<Event>,
    rng: Rng,
    net: FlowNet,
    fetches: Slab<Fetch>,
    has_copy: Vec<bool>,
    holders: Vec<u32>,
    issued: u64,
    local_hits: u64,
    from_server: u64,
    from_peers: u64,
    all: Histogram,
    fetched: Histogram,
    hash: u64,
}

impl PopularSim {
    pub fn new(p: &PopularParams) -> Result<PopularSim, String> {
        p.validate()?;
        let mut net = FlowNet::default();
        net.add_node(p.server_up_bps, 0);
        for _ in 0..p.clients {
            net.add_node(p.peer_up_bps, p.peer_down_bps);
        }
        let mut sim = PopularSim {
            p: p.clone(),
            queue: EventQueue::new(),
            rng: Rng::new(p.seed),
            net,
            fetches: Slab::default(),
            has_copy: vec![false; p.clients as usize + 1],
            holders: Vec::new(),
            issued: 0,
            local_hits: 0,
            from_server: 0,
            from_peers: 0,
            all: Histogram::new(),
            fetched: Histogram::new(),
            hash: HASH_START,
        };
        if p.requests > 0 {
            sim.schedule_request();
        }
        Ok(sim)
    }

    fn schedule_request(&mut self) {
        let gap = Dist::exponential_rate(self.p.requests_per_s).sample(&mut self.rng);
        self.queue.schedule_in(gap, Event::Request);
    }

    /// Runs at most `max_events` events; returns how many ran.
    pub fn step(&mut self, max_events: u64) -> u64 {
        let mut n = 0;
        while n < max_events {
            self.net.settle(&mut self.queue, Event::from);
            let Some((_, ev)) = self.queue.pop() else {
                break;
            };
            match ev {
                Event::Request => self.request(),
                Event::FlowDone { flow, version } => {
                    if self.net.is_current(flow, version) {
                        self.fetched_one(flow);
                    }
                }
            }
            n += 1;
        }
        n
    }

    pub fn run(&mut self) {
        while self.step(1 << 20) > 0 {}
    }

    pub fn is_done(&self) -> bool {
        self.issued == self.p.requests && self.fetches.is_empty()
    }

    fn request(&mut self) {
        let now = self.queue.now();
        self.issued += 1;
        if self.issued < self.p.requests {
            self.schedule_request();
        }
        let client = 1 + self.rng.below(self.p.clients as u64) as u32;
        if self.has_copy[client as usize] {
            self.local_hits += 1;
            self.all.record(SimTime::ZERO);
            return;
        }
        let source = if self.holders.is_empty() {
            SERVER
        } else {
            self.holders[self.rng.below(self.holders.len() as u64) as usize]
        };
        let fetch = self.fetches.insert(Fetch {
            client,
            asked_at: now,
        });
        self.net
            .start(source, client, 8 * self.p.object_bytes, fetch, now);
    }

    fn fetched_one(&mut self, flow: u32) {
        let now = self.queue.now();
        let f = self.net.finish(flow);
        let Fetch { client, asked_at } = self.fetches.remove(f.tag);
        if f.from == SERVER {
            self.from_server += 1;
        } else {
            self.from_peers += 1;
        }
        self.all.record(now - asked_at);
        self.fetched.record(now - asked_at);
        self.hash = [now.as_nanos(), client as u64, f.from as u64]
            .into_iter()
            .fold(self.hash, fold_word);
        if self.p.peers_cache && !self.has_copy[client as usize] {
            self.has_copy[client as usize] = true;
            self.holders.push(client);
        }
    }

    pub fn report(&self) -> PopularReport {
        let duration = self.queue.now().as_secs_f64();
        let server_bytes = self.from_server * self.p.object_bytes;
        let load = if duration > 0.0 {
            8.0 * server_bytes as f64 / duration
        } else {
            0.0
        };
        PopularReport {
            peers_cache: self.p.peers_cache,
            requests: self.issued,
            local_hits: self.local_hits,
            from_server: self.from_server,
            from_peers: self.from_peers,
            mean_response_s: self.all.mean_secs(),
            p95_response_s: self.all.quantile_secs(0.95),
            mean_fetch_s: self.fetched.mean_secs(),
            server_bytes,
            server_load_bps: load,
            server_utilization: load / self.p.server_up_bps as f64,
            ps_theory_s: self.p.ps_mean_response_s(),
            duration_s: duration,
            events: self.queue.events_processed(),
            seed: self.p.seed,
            result_hash: format!("{:016x}", self.hash),
        }
    }
}

/// Runs every request to its answer and reports.
pub fn run_popular(p: &PopularParams) -> Result<PopularReport, String> {
    let mut sim = PopularSim::new(p)?;
    sim.run();
    Ok(sim.report())
}
