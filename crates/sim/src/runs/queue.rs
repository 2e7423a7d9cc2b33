//! The queueing lesson: many clients, a router, one server with `c` workers.
//!
//! ```text
//!  client 0 ─┐
//!  client 1 ─┼── router ── server (c workers, accept queue K)
//!  client n ─┘
//! ```
//!
//! Open model: Poisson arrivals at λ requests/s in total, spread over the
//! clients. Closed model: each client thinks, asks, waits. Service times are
//! exponential at μ per worker per second. Requests and answers are real
//! packets (UDP datagrams; TCP arrives with its own issue) that queue on the
//! links. The round-trip time is all propagation, on the access links (half
//! each way); the router–server link is short and fast.
//!
//! ```
//! use cslab_sim::runs::queue::{QueueParams, run_queue};
//! let report = run_queue(&QueueParams { requests: 2_000, ..QueueParams::default() }).unwrap();
//! assert_eq!(report.completed, 2_000);
//! ```

use crate::apps::{ClosedLoadGen, OpenLoadGen, RequestServer, RequestSpec, ServerConfig};
use crate::net::{Addr, AppId, LinkSpec, NodeKind, Proto, World};
use crate::rng::Dist;
use crate::time::SimTime;
use crate::trace::TraceMode;
use serde::{Deserialize, Serialize};

pub const SERVER_PORT: u16 = 80;
pub const CLIENT_PORT: u16 = 49_152;

/// Parameters of a queue run (every field has a default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueParams {
    /// Workers `c`.
    pub servers: u32,
    /// Open model: total arrival rate λ, requests/s.
    pub arrival_rate: f64,
    /// Service rate μ of one worker, requests/s.
    pub service_rate: f64,
    /// Requests sent in the run.
    pub requests: u64,
    /// Places in the accept queue beyond the ones in service (`None`:
    /// unbounded). M/M/1/K with system size K has `queue_capacity = K - 1`.
    pub queue_capacity: Option<u32>,
    pub seed: u64,
    /// Round-trip propagation between a client and the server, ms.
    pub rtt_ms: f64,
    /// Client nodes.
    pub clients: u32,
    /// `Some(Z)`: closed model, every client thinks Z s on average
    /// (exponential) between an answer and its next request; `arrival_rate`
    /// is then unused.
    pub closed_think_s: Option<f64>,
    /// Payload bytes of a request, a response.
    pub request_bytes: u32,
    pub response_bytes: u32,
    /// Bandwidth of each client's access link and of the server's link.
    pub access_bandwidth_bps: u64,
    pub server_bandwidth_bps: u64,
    pub trace: TraceMode,
}

impl Default for QueueParams {
    fn default() -> Self {
        QueueParams {
            servers: 1,
            arrival_rate: 8.0,
            service_rate: 10.0,
            requests: 10_000,
            queue_capacity: None,
            seed: 1,
            rtt_ms: 0.0,
            clients: 8,
            closed_think_s: None,
            request_bytes: 200,
            response_bytes: 1_000,
            access_bandwidth_bps: 1_000_000_000,
            server_bandwidth_bps: 10_000_000_000,
            trace: TraceMode::Last(1_000),
        }
    }
}

impl QueueParams {
    /// Checks every field, with a message naming the bad one.
    pub fn validate(&self) -> Result<(), String> {
        let pos = |name: &str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(format!("{name} must be a positive number, got {v}"))
            }
        };
        if self.servers == 0 {
            return Err("servers must be at least 1".into());
        }
        if self.closed_think_s.is_none() {
            pos("arrival_rate", self.arrival_rate)?;
        }
        pos("service_rate", self.service_rate)?;
        if let Some(z) = self.closed_think_s
            && !(z.is_finite() && z >= 0.0)
        {
            return Err(format!("closed_think_s must be >= 0, got {z}"));
        }
        if !(self.rtt_ms.is_finite() && self.rtt_ms >= 0.0 && self.rtt_ms <= 1e9) {
            return Err(format!(
                "rtt_ms must be between 0 and 1e9, got {}",
                self.rtt_ms
            ));
        }
        if self.clients == 0 || self.clients > 4096 {
            return Err(format!(
                "clients must be between 1 and 4096, got {}",
                self.clients
            ));
        }
        Ok(())
    }

    /// The benchmark workload (`cargo bench`, and the same in the browser so
    /// native and wasm speeds compare): M/M/1 at ρ = 0.9, trace bounded to the
    /// last 1 000 records. Time `run_queue` on it and divide `events` by the
    /// wall time.
    pub fn benchmark(requests: u64) -> QueueParams {
        QueueParams {
            servers: 1,
            arrival_rate: 9.0,
            service_rate: 10.0,
            requests,
            seed: 1,
            trace: TraceMode::Last(1_000),
            ..QueueParams::default()
        }
    }

    /// Timed runs of a workload, the fastest counted, after its warm-up
    /// ([`QueueParams::warm_up`]): how `cargo bench` and the benchmark page
    /// both time it, so their figures compare.
    pub const TIMED_RUNS: usize = 3;

    /// The run before the timed ones: the same, a tenth of the requests.
    /// It warms the caches, and in a browser lets the engine's optimising
    /// compiler replace the baseline code the first calls run.
    pub fn warm_up(&self) -> QueueParams {
        QueueParams {
            requests: self.requests / 10,
            ..self.clone()
        }
    }

    /// Offered load per worker ρ = λ / (c μ) (open model).
    pub fn rho(&self) -> f64 {
        self.arrival_rate / (self.servers as f64 * self.service_rate)
    }
}

/// What a queue run measured. Times in seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueueReport {
    pub seed: u64,
    pub servers: u32,
    pub arrival_rate: f64,
    pub service_rate: f64,
    pub requests: u64,
    pub queue_capacity: Option<u32>,
    pub rtt_ms: f64,
    /// Requests answered with a response.
    pub completed: u64,
    /// Requests refused because the accept queue was full.
    pub rejected: u64,
    pub rejected_fraction: f64,
    /// As the client sees it: request sent → response received.
    pub mean_response_s: f64,
    pub p50_response_s: f64,
    pub p95_response_s: f64,
    pub p99_response_s: f64,
    /// At the server: arrival → end of service.
    pub mean_sojourn_s: f64,
    pub p50_sojourn_s: f64,
    pub p95_sojourn_s: f64,
    pub p99_sojourn_s: f64,
    pub mean_wait_s: f64,
    /// Completed requests per second of simulated time.
    pub throughput_rps: f64,
    /// Busy worker-time / (c × duration).
    pub utilization: f64,
    pub mean_queue_len: f64,
    pub max_queue_len: u64,
    pub duration_s: f64,
    pub events: u64,
    pub packets_sent: u64,
    pub packets_delivered: u64,
    pub packets_dropped: u64,
    pub trace_records: u64,
    /// Hash of the whole trace, 16 hex digits.
    pub trace_hash: String,
    /// Erlang C mean response time (open model, unbounded queue, ρ < 1),
    /// for the UI to overlay; the tests check against their own formulas.
    pub theory_mean_sojourn_s: Option<f64>,
}

enum Gen {
    Open(AppId),
    Closed(AppId),
}

/// A queue run that can be stepped (the UI animates it frame by frame).
pub struct QueueSim {
    params: QueueParams,
    world: World,
    generator: Gen,
    server: AppId,
}

impl QueueSim {
    pub fn new(p: &QueueParams) -> Result<QueueSim, String> {
        p.validate()?;
        let mut w = World::new(p.seed, p.trace);
        let router = w.add_node("router", NodeKind::Router);
        let server = w.add_node("server", NodeKind::Server);
        w.connect(
            router,
            server,
            LinkSpec::new(p.server_bandwidth_bps, SimTime::ZERO),
        );
        let rtt = SimTime::from_nanos_f64_round(p.rtt_ms * 1e6);
        let one_way = SimTime::from_nanos(rtt.as_nanos() / 2);
        let clients: Vec<_> = (0..p.clients)
            .map(|i| {
                let c = w.add_node(format!("client {}", i + 1), NodeKind::Host);
                w.connect(c, router, LinkSpec::new(p.access_bandwidth_bps, one_way));
                c
            })
            .collect();
        let cfg = ServerConfig {
            workers: p.servers,
            queue_capacity: p.queue_capacity,
            service: Dist::exponential_rate(p.service_rate),
            response_bytes: p.response_bytes,
            refusal_bytes: 0,
        };
        let srv = w.add_app(server, Box::new(RequestServer::new(cfg, SERVER_PORT)));
        w.bind(server, Proto::Udp, SERVER_PORT, srv);
        let spec = RequestSpec {
            server: Addr::of_node(server),
            server_port: SERVER_PORT,
            client_port: CLIENT_PORT,
            proto: Proto::Udp,
            request_bytes: p.request_bytes,
        };
        let (gen_app, generator) = match p.closed_think_s {
            None => {
                let g = OpenLoadGen::new(
                    clients.clone(),
                    spec,
                    Dist::exponential_rate(p.arrival_rate),
                    p.requests,
                );
                let id = w.add_app(clients[0], Box::new(g));
                (id, Gen::Open(id))
            }
            Some(z) => {
                let g = ClosedLoadGen::new(
                    clients.clone(),
                    spec,
                    Dist::Exponential { mean_secs: z },
                    p.requests,
                );
                let id = w.add_app(clients[0], Box::new(g));
                (id, Gen::Closed(id))
            }
        };
        for &c in &clients {
            w.bind(c, Proto::Udp, CLIENT_PORT, gen_app);
        }
        Ok(QueueSim {
            params: p.clone(),
            world: w,
            generator,
            server: srv,
        })
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// Runs at most `max_events` events.
    pub fn step(&mut self, max_events: u64) -> u64 {
        self.world.step(max_events)
    }

    /// Runs to the end.
    pub fn run(&mut self) -> u64 {
        self.world.run()
    }

    /// Every request sent and answered, nothing left to do.
    pub fn is_done(&self) -> bool {
        self.world.is_idle()
    }

    pub fn server(&self) -> &RequestServer {
        self.world.app(self.server).expect("server app")
    }

    pub fn client_stats(&self) -> &crate::apps::ClientStats {
        match self.generator {
            Gen::Open(id) => &self.world.app::<OpenLoadGen>(id).expect("generator").stats,
            Gen::Closed(id) => {
                &self
                    .world
                    .app::<ClosedLoadGen>(id)
                    .expect("generator")
                    .stats
            }
        }
    }

    /// The report so far (final once [`is_done`](Self::is_done)).
    pub fn report(&self) -> QueueReport {
        let p = &self.params;
        let c = self.client_stats();
        let s = &self.server().stats;
        let net = self.world.net_stats();
        let end = self.world.now();
        let dur = end.as_secs_f64();
        let per_sec = |x: f64| if dur > 0.0 { x / dur } else { 0.0 };
        let answered = c.completed + c.rejected;
        let theory = if p.closed_think_s.is_none() && p.queue_capacity.is_none() {
            erlang_c_mean_sojourn(p.servers, p.arrival_rate, p.service_rate)
        } else {
            None
        };
        QueueReport {
            seed: p.seed,
            servers: p.servers,
            arrival_rate: p.arrival_rate,
            service_rate: p.service_rate,
            requests: p.requests,
            queue_capacity: p.queue_capacity,
            rtt_ms: p.rtt_ms,
            completed: c.completed,
            rejected: c.rejected,
            rejected_fraction: if answered > 0 {
                c.rejected as f64 / answered as f64
            } else {
                0.0
            },
            mean_response_s: c.response.mean_secs(),
            p50_response_s: c.response.quantile_secs(0.50),
            p95_response_s: c.response.quantile_secs(0.95),
            p99_response_s: c.response.quantile_secs(0.99),
            mean_sojourn_s: s.sojourn.mean_secs(),
            p50_sojourn_s: s.sojourn.quantile_secs(0.50),
            p95_sojourn_s: s.sojourn.quantile_secs(0.95),
            p99_sojourn_s: s.sojourn.quantile_secs(0.99),
            mean_wait_s: if s.started > 0 {
                s.wait_total_ns as f64 / s.started as f64 / 1e9
            } else {
                0.0
            },
            throughput_rps: per_sec(c.completed as f64),
            utilization: s.busy_workers.mean(end) / p.servers as f64,
            mean_queue_len: s.queue_len.mean(end),
            max_queue_len: s.queue_len.max(),
            duration_s: dur,
            events: self.world.events_processed(),
            packets_sent: net.sent,
            packets_delivered: net.delivered,
            packets_dropped: net.dropped,
            trace_records: self.world.trace().total(),
            trace_hash: self.world.trace().hash_hex(),
            theory_mean_sojourn_s: theory,
        }
    }
}

/// Runs a queue scenario to the end and reports.
pub fn run_queue(p: &QueueParams) -> Result<QueueReport, String> {
    let mut sim = QueueSim::new(p)?;
    sim.run();
    Ok(sim.report())
}

/// The trace hash of a run (16 hex digits), what the browser test compares
/// with the native one. The trace is kept in bounded mode: the hash covers
/// every record regardless.
pub fn queue_trace_hash(p: &QueueParams) -> Result<String, String> {
    let mut p = p.clone();
    p.trace = TraceMode::Last(0);
    Ok(run_queue(&p)?.trace_hash)
}

/// Mean time in an M/M/c system (Erlang C), `None` unless ρ < 1.
pub fn erlang_c_mean_sojourn(c: u32, lambda: f64, mu: f64) -> Option<f64> {
    let a = lambda / mu;
    let rho = a / c as f64;
    if !(rho < 1.0 && rho > 0.0) {
        return None;
    }
    // Sum a^k/k! for k < c, and the a^c/c! term, iteratively.
    let mut term = 1.0;
    let mut sum = 0.0;
    for k in 0..c {
        sum += term;
        term *= a / (k + 1) as f64;
    }
    let top = term / (1.0 - rho);
    let p_wait = top / (sum + top);
    Some(p_wait / (c as f64 * mu - lambda) + 1.0 / mu)
}
