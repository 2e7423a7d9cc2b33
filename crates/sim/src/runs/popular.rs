//! "A popular object": N clients ask for the same object (a video, an
//! update) at λ requests/s in total. Client-server, the server sends every
//! copy; peer-to-peer (`peers_cache`), a client keeps the object after its
//! first fetch and serves it to others, and a client that has it answers
//! its own requests at once. A client without a copy asks a holder that has
//! capacity, and falls back to the server when every holder is busy or
//! none is faster, as peer-assisted delivery does (BitTorrent's web seeds,
//! BEP 19, fetch from the HTTP server beside the peers; CDN-assisted P2P
//! downloads fall back to the CDN when peers cannot keep up): a holder
//! uploads to one client at a time, with its whole uplink, and is asked
//! only if that uplink (within the client's downlink) is at least the
//! server's share for one more transfer, `min(d, u_s/(k+1))` with `k`
//! transfers under way. So peers add capacity and never slow a fetch down;
//! the server's load falls as copies spread.
//!
//! Transfers are flows over the same model as the distribution
//! ([`crate::swarm::flows`]): the server's uplink is shared among its
//! transfers (processor sharing), each limited by the client's downlink.
//! Server-only, with `k` transfers each moving at `min(d, u_s/k)`, this is
//! a processor-sharing queue whose service rate depends on `k`; such a
//! queue is insensitive to the size distribution (Kelly's symmetric
//! queues; Ben Fredj et al., "Statistical bandwidth sharing", SIGCOMM 2001,
//! for flows with a peak rate), so its mean response follows from the
//! birth-death chain ([`PopularParams::ps_mean_response_s`]). With `d ≥ u_s`
//! it is M/G/1-PS: `S/(1 − ρ)`, `S` the transfer time alone, `ρ = λS`.
//! With caching peers there is no such theory: the requests that reach the
//! server thin out as copies spread, so they never settle into a steady
//! state.
//!
//! ```
//! use cslab_sim::runs::popular::{PopularParams, run_popular};
//! let r = run_popular(&PopularParams { requests: 500, ..PopularParams::default() }).unwrap();
//! assert_eq!(r.from_server + r.from_peers + r.local_hits, 500);
//! ```

use crate::engine::EventQueue;
use crate::metrics::Histogram;
use crate::rng::{Dist, Rng};
use crate::swarm::SERVER;
use crate::swarm::flows::{Finish, FlowNet};
use crate::swarm::slab::Slab;
use crate::time::SimTime;
use crate::trace::{HASH_START, fold_word};
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

    /// Mean response of the server alone as a processor-sharing queue with
    /// `k` transfers at `min(d, u_s/k)` each; None if ρ ≥ 1. The chain's
    /// `π(k) ∝ Π_{i≤k} λ/φ(i)` with `φ(i) = min(i·d, u_s)/F`; past
    /// `c = u_s/d` the ratio is ρ, so the tail is geometric and summed in
    /// closed form. Mean response = `E[k]/λ` (Little).
    pub fn ps_mean_response_s(&self) -> Option<f64> {
        let rho = self.server_load();
        if rho >= 1.0 {
            return None;
        }
        let (lambda, bits) = (self.requests_per_s, 8.0 * self.object_bytes as f64);
        let (us, d) = (self.server_up_bps as f64, self.peer_down_bps as f64);
        // Terms up to the first k where i·d ≥ u_s, then the geometric tail
        // Σ_{j≥1} (k+j)·w·ρ^j.
        let (mut weight, mut total, mut mean, mut k) = (1.0, 1.0, 0.0, 0.0);
        while (k + 1.0) * d < us {
            k += 1.0;
            weight *= lambda * bits / (k * d);
            total += weight;
            mean += k * weight;
        }
        let tail = rho / (1.0 - rho);
        total += weight * tail;
        mean += weight * (k * tail + rho / (1.0 - rho).powi(2));
        Some(mean / total / lambda)
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
    /// The processor-sharing mean response, server-only runs.
    pub ps_theory_s: Option<f64>,
    /// Fetches a busy or slower peer population sent to the server.
    pub fallbacks: u64,
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

/// `idle_at` of a client that is not an idle holder.
const NOT_IDLE: u32 = u32::MAX;

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
    holders: u32,
    /// Holders not uploading now, and each client's place in it.
    idle: Vec<u32>,
    idle_at: Vec<u32>,
    server_transfers: u64,
    fallbacks: u64,
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
            holders: 0,
            idle: Vec::new(),
            idle_at: vec![NOT_IDLE; p.clients as usize + 1],
            server_transfers: 0,
            fallbacks: 0,
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

    /// The share of the run's requests answered so far, 0 to 1.
    pub fn progress(&self) -> f64 {
        let answered = self.issued - self.fetches.len() as u64;
        answered as f64 / self.p.requests.max(1) as f64
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
        let source = self.source();
        let fetch = self.fetches.insert(Fetch {
            client,
            asked_at: now,
        });
        self.net
            .start(source, client, 8 * self.p.object_bytes, fetch, now);
    }

    /// A random idle holder if its uplink is at least the server's share
    /// for one more transfer, else the server.
    fn source(&mut self) -> u32 {
        let d = self.p.peer_down_bps;
        let server_share = d.min(self.p.server_up_bps / (self.server_transfers + 1));
        if self.p.peer_up_bps.min(d) >= server_share && !self.idle.is_empty() {
            let peer = self.idle[self.rng.below(self.idle.len() as u64) as usize];
            self.set_idle(peer, false);
            return peer;
        }
        if self.holders > 0 {
            self.fallbacks += 1;
        }
        self.server_transfers += 1;
        SERVER
    }

    /// Adds `peer` to the idle holders, or takes it out.
    fn set_idle(&mut self, peer: u32, idle: bool) {
        if idle {
            self.idle_at[peer as usize] = self.idle.len() as u32;
            self.idle.push(peer);
        } else {
            let at = std::mem::replace(&mut self.idle_at[peer as usize], NOT_IDLE);
            self.idle.swap_remove(at as usize);
            if let Some(&moved) = self.idle.get(at as usize) {
                self.idle_at[moved as usize] = at;
            }
        }
    }

    fn fetched_one(&mut self, flow: u32) {
        let now = self.queue.now();
        let f = self.net.finish(flow);
        let Fetch { client, asked_at } = self.fetches.remove(f.tag);
        if f.from == SERVER {
            self.from_server += 1;
            self.server_transfers -= 1;
        } else {
            self.from_peers += 1;
            self.set_idle(f.from, true);
        }
        self.all.record(now - asked_at);
        self.fetched.record(now - asked_at);
        self.hash = [now.as_nanos(), client as u64, f.from as u64]
            .into_iter()
            .fold(self.hash, fold_word);
        if self.p.peers_cache && !self.has_copy[client as usize] {
            self.has_copy[client as usize] = true;
            self.holders += 1;
            if self.idle_at[client as usize] == NOT_IDLE {
                self.set_idle(client, true);
            }
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
            ps_theory_s: self.p.ps_mean_response_s().filter(|_| !self.p.peers_cache),
            fallbacks: self.fallbacks,
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
