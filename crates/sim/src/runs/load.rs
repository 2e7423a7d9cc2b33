//! "A server under load": users on a few client hosts, optionally a load
//! balancer, and R replicas of one server preset (optionally over a shared
//! database behind a connection pool).
//!
//! ```text
//!  host 0 ─┐                      ┌─ replica 0 ─┐
//!  host 1 ─┼── balancer/router ───┼─ replica 1 ─┼─ (database: limits only)
//!  host k ─┘                      └─ replica R ─┘
//! ```
//!
//! [`LoadSim`] is steppable ([`LoadSim::step`] runs at most a given number of
//! events), samples every server on a fixed sim-time grid
//! ([`LoadSim::series`]), and can switch a replica off or on at any time
//! ([`LoadSim::switch_off`]). [`sweep`] runs one point per offered load and
//! returns the simulated response times with the M/M/c (Erlang C) curve.
//!
//! ```
//! use cslab_sim::runs::load::{LoadParams, run_load};
//! let r = run_load(&LoadParams { duration_s: 2.0, ..LoadParams::default() }).unwrap();
//! assert_eq!(r.sent, r.completed + r.refused + r.failed);
//! ```

use super::queue::erlang_c_mean_sojourn;
use crate::apps::balancer::{
    Balancer, BalancerConfig, Front, HealthCheck, Policy, ReplicaView, RetryPolicy,
};
use crate::apps::concurrency::{Database, FailReason, Handler, ModelServer, Overflow, ServerModel};
use crate::apps::presets::Preset;
use crate::apps::users::{Arrivals, Target, UserStats, Users, UsersConfig};
use crate::net::{Addr, AppId, LinkSpec, NodeId, NodeKind, Proto, World};
use crate::rng::Dist;
use crate::time::SimTime;
use crate::trace::TraceMode;
use serde::{Deserialize, Serialize};

pub const SERVER_PORT: u16 = 80;

/// How requests reach the replicas.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Balancing {
    /// A balancer node with this policy (also used with one replica).
    Balancer { policy: Policy },
    /// nginx in front, proxying HTTP with this policy (its default is
    /// round robin), with its passive health checks.
    Nginx { policy: Policy },
    /// No balancer: DNS round-robin, answers cached `ttl_s` per client host.
    Dns { ttl_s: f64 },
}

/// The database behind I/O-bound handlers.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbParams {
    /// A database preset (its `max_connections` binds).
    pub preset: Preset,
    /// Connections each replica's pool opens.
    pub pool_size: u32,
}

/// Parameters of a load run (every field has a default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadParams {
    pub preset: Preset,
    /// Overrides the preset's limits.
    pub model: Option<ServerModel>,
    /// Overrides what the servers do when they have no room (the preset's
    /// operating system's way by default).
    pub overflow: Option<Overflow>,
    /// The users connect to a port nobody listens on (every SYN is
    /// answered with a RST).
    pub closed_port: bool,
    pub handler: Handler,
    /// Handler service time.
    pub service: Dist,
    pub arrivals: Arrivals,
    pub slow_users: u32,
    pub slow_s: f64,
    pub idle_connections: u32,
    /// New requests stop after this; the run then drains.
    pub duration_s: f64,
    pub replicas: u32,
    pub balancing: Balancing,
    pub retry: RetryPolicy,
    pub health: Option<HealthCheck>,
    pub database: Option<DbParams>,
    /// `(replica, at_s)`: switch that replica off at that time.
    pub switch_off: Option<(u32, f64)>,
    /// The chart grid, ms of simulated time.
    pub sample_ms: u64,
    pub client_hosts: u32,
    /// Round trip between a client host and a replica, ms.
    pub rtt_ms: f64,
    pub request_bytes: u32,
    pub response_bytes: u32,
    pub seed: u64,
    pub trace: TraceMode,
    /// Keep every completion (time, response time) in the users' stats.
    pub keep_completions: bool,
}

impl Default for LoadParams {
    fn default() -> Self {
        LoadParams {
            preset: Preset::Nginx,
            model: None,
            overflow: None,
            closed_port: false,
            handler: Handler::Cpu,
            service: Dist::Exponential { mean_secs: 0.01 },
            arrivals: Arrivals::Closed {
                users: 50,
                think: Dist::Exponential { mean_secs: 1.0 },
            },
            slow_users: 0,
            slow_s: 10.0,
            idle_connections: 0,
            duration_s: 10.0,
            replicas: 1,
            balancing: Balancing::Balancer {
                policy: Policy::RoundRobin,
            },
            retry: RetryPolicy::Fail,
            health: Some(HealthCheck::default()),
            database: None,
            switch_off: None,
            sample_ms: 250,
            client_hosts: 8,
            rtt_ms: 1.0,
            request_bytes: 300,
            response_bytes: 2_000,
            seed: 1,
            trace: TraceMode::Last(1_000),
            keep_completions: false,
        }
    }
}

impl LoadParams {
    /// The big run the benchmarks time, natively and in the page: 10 000
    /// closed-loop users (1 s think time, 0.5 ms service) on 8 Nginx replicas
    /// behind a power-of-two-choices balancer, for 20 s of simulated time.
    pub fn ten_thousand_users() -> LoadParams {
        LoadParams {
            preset: Preset::Nginx,
            service: Dist::Exponential { mean_secs: 0.0005 },
            arrivals: Arrivals::Closed {
                users: 10_000,
                think: Dist::Exponential { mean_secs: 1.0 },
            },
            replicas: 8,
            balancing: Balancing::Balancer {
                policy: Policy::PowerOfTwo,
            },
            duration_s: 20.0,
            trace: TraceMode::Last(1_000),
            ..LoadParams::default()
        }
    }

    pub fn model(&self) -> ServerModel {
        let mut m = self.model.unwrap_or_else(|| self.preset.model());
        if let Some(o) = self.overflow {
            m.overflow = o;
        }
        m
    }

    pub fn validate(&self) -> Result<(), String> {
        self.model().validate()?;
        self.service.validate()?;
        if !(self.duration_s.is_finite() && self.duration_s > 0.0 && self.duration_s <= 1e6) {
            return Err(format!(
                "duration_s must be in (0, 1e6], got {}",
                self.duration_s
            ));
        }
        if self.replicas == 0 || self.replicas > 64 {
            return Err(format!("replicas must be 1 to 64, got {}", self.replicas));
        }
        if self.client_hosts == 0 || self.client_hosts > 256 {
            return Err(format!(
                "client_hosts must be 1 to 256, got {}",
                self.client_hosts
            ));
        }
        if self.sample_ms == 0 {
            return Err("sample_ms must be at least 1".into());
        }
        match self.arrivals {
            Arrivals::Closed { users, think } => {
                think.validate()?;
                if users > 1_000_000 {
                    return Err(format!("at most 1 000 000 users, got {users}"));
                }
            }
            Arrivals::Open {
                rate,
                ramp_to,
                ramp_s,
            } => {
                let ok = |x: f64| (0.0..=1e7).contains(&x);
                if !ok(rate) || !ramp_to.is_none_or(ok) || !ok(ramp_s) {
                    return Err("open arrivals: rates and ramp must be in [0, 1e7]".into());
                }
            }
        }
        if let Balancing::Dns { ttl_s } = self.balancing
            && !(ttl_s.is_finite() && ttl_s >= 0.0)
        {
            return Err(format!("ttl_s must be >= 0, got {ttl_s}"));
        }
        if let Some((r, t)) = self.switch_off
            && (r >= self.replicas || !(t.is_finite() && t >= 0.0))
        {
            return Err(format!("switch_off ({r}, {t}) names no replica or time"));
        }
        if !(self.rtt_ms.is_finite() && (0.0..=1e6).contains(&self.rtt_ms)) {
            return Err(format!("rtt_ms must be in [0, 1e6], got {}", self.rtt_ms));
        }
        Ok(())
    }
}

/// One point of a server's time series: what happened in the window that
/// ends at `t_s`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Sample {
    pub t_s: f64,
    /// Responses sent per second in the window.
    pub throughput_rps: f64,
    /// Server-side response time (connection arrival → response), seconds;
    /// 0 when nothing completed in the window.
    pub p50_s: f64,
    pub p95_s: f64,
    pub p99_s: f64,
    /// Backlog + requests waiting for a thread, CPU or pool, at `t_s`.
    pub queued: u64,
    /// Requests in their handler at `t_s`.
    pub in_service: u32,
    /// Open (accepted) connections at `t_s`.
    pub connections: u32,
    /// Busy thread-time / (threads × window), capped at 1 for huge pools.
    pub utilization: f64,
    /// Cores computing, on average over the window (a CPU-bound handler
    /// computes on one core; by the utilisation law, arrivals/s × CPU
    /// seconds per request while the server keeps up).
    pub computing: f64,
    /// Refusals (RST or HTTP 503) and, on Linux, SYNs dropped, per second
    /// in the window: a client's every retransmitted SYN counts again, so
    /// this can exceed the new connections per second.
    pub refused_per_s: f64,
    pub on: bool,
}

/// A series per replica, and one for what the users saw (client-side times,
/// refusals they received).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Series {
    pub replicas: Vec<Vec<Sample>>,
    pub users: Vec<Sample>,
}

/// What one replica did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicaReport {
    pub accepted: u64,
    /// Refused with a RST or an HTTP 503.
    pub refused: u64,
    /// SYNs dropped, accept queue full (Linux).
    pub syn_dropped: u64,
    /// Handshakes' final ACKs dropped, accept queue full (Linux).
    pub acks_dropped: u64,
    pub completed: u64,
    pub failed: u64,
    pub aborted: u64,
    pub max_in_service: u64,
    pub max_queued: u64,
    pub max_connections: u64,
    pub utilization: f64,
    /// Cores computing, on average over the run.
    pub cores_busy: f64,
    pub mean_response_s: f64,
    pub db_pool: u32,
    /// Connections the balancer sent here (DNS: requests sent here).
    pub sent_here: u64,
    pub on: bool,
}

/// What a load run measured (times in seconds, client-side unless named).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoadReport {
    pub preset: String,
    pub seed: u64,
    pub replicas: u32,
    /// Requests the users sent.
    pub sent: u64,
    /// Connections a replica accepted (handshake completed), all replicas.
    pub accepted: u64,
    /// Requests the users saw refused (a RST at connect, or HTTP 503 from a
    /// server with no room): `refused_by.rst + refused_by.http_503`.
    pub refused: u64,
    /// How the servers turned connections away.
    pub refused_by: RefusedBy,
    /// SYNs the users sent again after a retransmission timeout.
    pub syn_retransmissions: u64,
    /// Users whose connect gave up after the last SYN retransmission.
    pub connect_timeouts: u64,
    /// Requests given up without an answer on an open connection.
    pub response_timeouts: u64,
    pub completed: u64,
    /// Requests failed with a reason (the sum of `failed_by_reason`).
    pub failed: u64,
    pub failed_by_reason: Vec<(FailReason, u64)>,
    /// Requests not yet answered (0 once the run is done).
    pub outstanding: u64,
    pub max_in_service: u64,
    pub max_queued: u64,
    pub mean_response_s: f64,
    pub p50_response_s: f64,
    pub p95_response_s: f64,
    pub p99_response_s: f64,
    pub throughput_rps: f64,
    pub idle_opened: u64,
    pub idle_established: u64,
    pub idle_refused: u64,
    pub balancer_retries: u64,
    pub dns_queries: u64,
    pub db_refused_connections: u32,
    pub per_replica: Vec<ReplicaReport>,
    pub duration_s: f64,
    pub events: u64,
    pub trace_hash: String,
}

/// How the servers said no.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RefusedBy {
    /// SYNs (and handshakes' final ACKs) dropped by a full accept queue:
    /// the client only waits and retransmits.
    pub syn_dropped: u64,
    /// Connections the users saw refused with a RST.
    pub rst: u64,
    /// Requests the users saw answered with HTTP 503 by a server with no
    /// room.
    pub http_503: u64,
}

/// A steppable load run.
pub struct LoadSim {
    params: LoadParams,
    world: World,
    users: AppId,
    balancer: Option<AppId>,
    servers: Vec<(AppId, NodeId)>,
    db: Option<std::rc::Rc<std::cell::RefCell<Database>>>,
    next_sample: SimTime,
    sample_every: SimTime,
    last_sample: SimTime,
    /// Per replica at the last sample: completed, turned away, busy
    /// thread·ns, computing core·ns.
    last: Vec<(u64, u64, u128, u128)>,
    last_user_completed: u64,
    series: Series,
    stop_at: SimTime,
}

impl LoadSim {
    pub fn new(p: &LoadParams) -> Result<LoadSim, String> {
        p.validate()?;
        let mut w = World::new(p.seed, p.trace);
        let stop_at = SimTime::from_secs_f64_round(p.duration_s);
        let half = SimTime::from_nanos_f64_round(p.rtt_ms * 1e6 / 4.0);
        let fast = 10_000_000_000;
        let hub = w.add_node(
            match p.balancing {
                Balancing::Balancer { .. } => "balancer",
                Balancing::Nginx { .. } => "nginx",
                Balancing::Dns { .. } => "router",
            },
            NodeKind::Router,
        );
        let hosts: Vec<NodeId> = (0..p.client_hosts)
            .map(|i| {
                let h = w.add_node(format!("clients {}", i + 1), NodeKind::Host);
                w.connect(h, hub, LinkSpec::new(fast, half));
                h
            })
            .collect();
        let model = p.model();
        let db = p
            .database
            .map(|d| Database::new(d.preset.model().effective_max_connections()));
        let off_at = p
            .switch_off
            .map(|(r, t)| (r, SimTime::from_secs_f64_round(t)));
        let mut servers = Vec::new();
        for r in 0..p.replicas {
            let n = w.add_node(format!("replica {}", r + 1), NodeKind::Server);
            w.connect(hub, n, LinkSpec::new(fast, half));
            let mut s =
                ModelServer::new(model, p.handler, p.service, p.response_bytes, SERVER_PORT);
            if p.closed_port {
                s = s.not_listening();
            }
            if let (Some(db), Some(d)) = (&db, p.database) {
                s = s.with_database(db.clone(), d.pool_size);
            }
            if let Some((rr, t)) = off_at
                && rr == r
            {
                s = s.with_switch_off_at(t);
            }
            let id = w.add_app(n, Box::new(s));
            w.bind(n, Proto::Tcp, SERVER_PORT, id);
            servers.push((id, n));
        }
        {
            use super::addresses::{assign, load};
            let mut plan = vec![(hub, load::HUB)];
            plan.extend((0..).zip(&hosts).map(|(i, &h)| (h, load::client(i))));
            plan.extend(
                (0..)
                    .zip(&servers)
                    .map(|(r, &(_, n))| (n, load::replica(r))),
            );
            assign(&mut w, &plan);
        }
        let replica_addrs: Vec<Addr> = servers.iter().map(|&(_, n)| w.addr(n)).collect();
        let (target, balancer) = match p.balancing {
            Balancing::Balancer { policy } | Balancing::Nginx { policy } => {
                let front = match p.balancing {
                    Balancing::Nginx { .. } => Front::Nginx,
                    _ => Front::Relay,
                };
                let cfg = BalancerConfig {
                    front,
                    policy,
                    retry: p.retry,
                    health: p.health,
                    replica_port: SERVER_PORT,
                    public_port: SERVER_PORT,
                    stop_at,
                };
                let b = w.add_app(hub, Box::new(Balancer::new(cfg, replica_addrs)));
                w.bind_any_port(hub, Proto::Tcp, b);
                (Target::Single(w.addr(hub)), Some(b))
            }
            Balancing::Dns { ttl_s } => (
                Target::Dns {
                    replicas: replica_addrs,
                    ttl: SimTime::from_secs_f64_round(ttl_s),
                },
                None,
            ),
        };
        let ucfg = UsersConfig {
            hosts: hosts.clone(),
            target,
            server_port: SERVER_PORT,
            arrivals: p.arrivals,
            slow_users: p.slow_users,
            slow_for: SimTime::from_secs_f64_round(p.slow_s),
            idle_connections: p.idle_connections,
            request_bytes: p.request_bytes,
            stop_at,
            keep_completions: p.keep_completions,
        };
        let users = w.add_app(hosts[0], Box::new(Users::new(ucfg)));
        for &h in &hosts {
            w.bind_any_port(h, Proto::Tcp, users);
        }
        let every = SimTime::from_millis(p.sample_ms);
        Ok(LoadSim {
            params: p.clone(),
            world: w,
            users,
            balancer,
            last: vec![(0, 0, 0, 0); servers.len()],
            series: Series {
                replicas: vec![Vec::new(); servers.len()],
                users: Vec::new(),
            },
            servers,
            db,
            next_sample: every,
            sample_every: every,
            last_sample: SimTime::ZERO,
            last_user_completed: 0,
            stop_at,
        })
    }

    pub fn params(&self) -> &LoadParams {
        &self.params
    }
    pub fn world(&self) -> &World {
        &self.world
    }
    /// The world, to step directly (the chart samples are then not taken:
    /// use [`step`](Self::step) for those).
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }
    pub fn now(&self) -> SimTime {
        self.world.now()
    }
    /// When new requests stop (the run drains after it).
    pub fn stop_at(&self) -> SimTime {
        self.stop_at
    }

    /// Runs at most `max_events` events, taking the chart samples whose time
    /// has come; returns how many events ran. The UI calls it every frame
    /// with a budget (a few thousand events stay well under a millisecond).
    pub fn step(&mut self, max_events: u64) -> u64 {
        let mut n = 0;
        while n < max_events {
            let Some(t) = self.world.next_event_time() else {
                break;
            };
            if t > self.next_sample {
                self.take_sample(self.next_sample);
                self.next_sample += self.sample_every;
                continue;
            }
            n += self.world.step(1);
        }
        n
    }

    /// Runs every event up to `t`, taking the chart samples due on the way
    /// (none once the run has drained); returns how many events ran.
    pub fn run_until(&mut self, t: SimTime) -> u64 {
        let mut n = 0;
        while self.next_sample <= t && !(self.world.is_idle() && self.next_sample > self.stop_at) {
            n += self.world.run_until(self.next_sample);
            self.take_sample(self.next_sample);
            self.next_sample += self.sample_every;
        }
        n + self.world.run_until(t)
    }

    /// Runs to the end (every request answered, every idle connection
    /// closed), then takes a last sample.
    pub fn run(&mut self) -> u64 {
        let mut n = 0;
        while !self.is_done() {
            n += self.step(1 << 20);
        }
        let now = self.world.now();
        if now > self.last_sample {
            self.take_sample(now);
        }
        n
    }

    pub fn is_done(&self) -> bool {
        self.world.is_idle()
    }

    /// Switches replica `r`'s machine off now: the connections it holds are
    /// lost, and what is sent to it goes unanswered until the balancer's
    /// health checks take it out (or the users' timers give up).
    pub fn switch_off(&mut self, r: u32) {
        let (id, node) = self.servers[r as usize];
        self.world
            .with_app::<ModelServer, _>(id, node, |s, ctx| s.switch_off(ctx));
    }

    /// Switches replica `r` back on (the health checks let it back in).
    pub fn switch_on(&mut self, r: u32) {
        let (id, node) = self.servers[r as usize];
        self.world
            .with_app::<ModelServer, _>(id, node, |s, ctx| s.switch_on(ctx));
    }

    pub fn server(&self, r: u32) -> &ModelServer {
        self.world
            .app(self.servers[r as usize].0)
            .expect("server app")
    }

    /// The server running on `node`, if a replica runs there.
    pub fn server_on(&self, node: NodeId) -> Option<&ModelServer> {
        let &(id, _) = self.servers.iter().find(|&&(_, n)| n == node)?;
        self.world.app(id)
    }

    pub fn user_stats(&self) -> &UserStats {
        &self.world.app::<Users>(self.users).expect("users").stats
    }

    /// The balancer's view of the replicas (None in DNS mode).
    pub fn balancer_view(&self) -> Option<&[ReplicaView]> {
        self.balancer
            .map(|b| self.world.app::<Balancer>(b).expect("balancer").replicas())
    }

    /// The time series so far, one sample per `sample_ms`.
    pub fn series(&self) -> &Series {
        &self.series
    }

    fn take_sample(&mut self, t: SimTime) {
        let dt = (t - self.last_sample).as_secs_f64().max(1e-12);
        let model = self.params.model();
        for (i, &(id, _)) in self.servers.iter().enumerate() {
            let s = self.world.app_mut::<ModelServer>(id).expect("server");
            let mut times = s.take_window();
            let busy = s.busy_thread_ns(t);
            let computing = s.computing_ns(t);
            let (c0, r0, b0, k0) = self.last[i];
            let st = &s.stats;
            let (c1, r1) = (st.completed, st.refused + st.syn_dropped);
            let threads = model.threads.min(model.effective_max_connections().max(1)) as f64;
            let (p50, p95, p99) = quantiles(&mut times);
            self.series.replicas[i].push(Sample {
                t_s: t.as_secs_f64(),
                throughput_rps: (c1 - c0) as f64 / dt,
                p50_s: p50,
                p95_s: p95,
                p99_s: p99,
                queued: s.queued(),
                in_service: s.in_service(),
                connections: s.open_connections(),
                utilization: ((busy - b0) as f64 / 1e9 / dt / threads).min(1.0),
                computing: (computing - k0) as f64 / 1e9 / dt,
                refused_per_s: (r1 - r0) as f64 / dt,
                on: s.is_on(),
            });
            self.last[i] = (c1, r1, busy, computing);
        }
        let u = self.world.app_mut::<Users>(self.users).expect("users");
        let (mut times, refused) = u.take_window();
        let completed = u.stats.completed;
        let (p50, p95, p99) = quantiles(&mut times);
        let (queued, in_service, connections, computing) =
            self.series
                .replicas
                .iter()
                .fold((0, 0, 0, 0.0), |(q, s, c, k), v| {
                    let x = v.last().expect("sampled");
                    (
                        q + x.queued,
                        s + x.in_service,
                        c + x.connections,
                        k + x.computing,
                    )
                });
        let util = self
            .series
            .replicas
            .iter()
            .map(|v| v.last().expect("sampled").utilization)
            .sum::<f64>()
            / self.servers.len() as f64;
        self.series.users.push(Sample {
            t_s: t.as_secs_f64(),
            throughput_rps: (completed - self.last_user_completed) as f64 / dt,
            p50_s: p50,
            p95_s: p95,
            p99_s: p99,
            queued,
            in_service,
            connections,
            utilization: util,
            computing,
            refused_per_s: refused as f64 / dt,
            on: true,
        });
        self.last_user_completed = completed;
        self.last_sample = t;
    }

    /// The report so far (final once [`is_done`](Self::is_done)).
    pub fn report(&self) -> LoadReport {
        let u = self.user_stats();
        // A drained run ends when the users last heard anything, not when
        // their last (pending, harmless) retransmission timer fires.
        let end = if self.is_done() && u.last_activity > SimTime::ZERO {
            u.last_activity
        } else {
            self.world.now()
        };
        let dur = end.as_secs_f64();
        let model = self.params.model();
        let view = self.balancer_view();
        let per_replica: Vec<ReplicaReport> = (0..self.servers.len())
            .map(|i| {
                let s = self.server(i as u32);
                let threads = model.threads.min(model.effective_max_connections()) as f64;
                ReplicaReport {
                    accepted: s.stats.accepted,
                    refused: s.stats.refused,
                    syn_dropped: s.stats.syn_dropped,
                    acks_dropped: s.stats.acks_dropped,
                    completed: s.stats.completed,
                    failed: s.stats.failed,
                    aborted: s.stats.aborted,
                    max_in_service: s.stats.max_in_service,
                    max_queued: s.stats.max_queued,
                    max_connections: s.stats.max_connections_open,
                    utilization: if dur > 0.0 {
                        (s.busy_thread_ns(end) as f64 / 1e9 / dur / threads).min(1.0)
                    } else {
                        0.0
                    },
                    cores_busy: if dur > 0.0 {
                        s.computing_ns(end) as f64 / 1e9 / dur
                    } else {
                        0.0
                    },
                    mean_response_s: s.stats.response.mean_secs(),
                    db_pool: s.pool_size(),
                    sent_here: match view {
                        Some(v) => v[i].sent,
                        None => u.dns_sent.get(i).copied().unwrap_or(0),
                    },
                    on: s.is_on(),
                }
            })
            .collect();
        let b = self
            .balancer
            .map(|b| self.world.app::<Balancer>(b).expect("balancer"));
        LoadReport {
            preset: self.params.preset.name().to_string(),
            seed: self.params.seed,
            replicas: self.params.replicas,
            sent: u.sent,
            accepted: per_replica.iter().map(|r| r.accepted).sum(),
            refused: u.refused,
            refused_by: RefusedBy {
                syn_dropped: per_replica
                    .iter()
                    .map(|r| r.syn_dropped + r.acks_dropped)
                    .sum(),
                rst: u.refused - u.refused_503,
                http_503: u.refused_503,
            },
            syn_retransmissions: u.syn_retransmissions,
            connect_timeouts: u.connect_timeouts,
            response_timeouts: u.response_timeouts,
            completed: u.completed,
            failed: u.failed_total(),
            failed_by_reason: FailReason::ALL
                .iter()
                .map(|&r| (r, u.failed[r as usize]))
                .collect(),
            outstanding: u.outstanding(),
            max_in_service: per_replica
                .iter()
                .map(|r| r.max_in_service)
                .max()
                .unwrap_or(0),
            max_queued: per_replica.iter().map(|r| r.max_queued).max().unwrap_or(0),
            mean_response_s: u.response.mean_secs(),
            p50_response_s: u.response.quantile_secs(0.5),
            p95_response_s: u.response.quantile_secs(0.95),
            p99_response_s: u.response.quantile_secs(0.99),
            throughput_rps: if dur > 0.0 {
                u.completed as f64 / dur
            } else {
                0.0
            },
            idle_opened: u.idle_opened,
            idle_established: u.idle_established,
            idle_refused: u.idle_refused,
            balancer_retries: b.map_or(0, |b| b.retries),
            dns_queries: u.dns_queries,
            db_refused_connections: self.db.as_ref().map_or(0, |d| d.borrow().refused),
            per_replica,
            duration_s: dur,
            events: self.world.events_processed(),
            trace_hash: self.world.trace().hash_hex(),
        }
    }
}

fn quantiles(v: &mut [u64]) -> (f64, f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let rank = |p: f64| ((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
    let [r50, r95, r99] = [rank(0.5), rank(0.95), rank(0.99)];
    // Each selection leaves the smaller values before its rank, where the
    // next one looks: linear time, where sorting a busy window (10,000
    // users: tens of thousands of answers a sample) held a slice of the
    // run for 4-8 ms natively.
    let select = |v: &mut [u64], r: usize| *v.select_nth_unstable(r).1;
    let p99 = select(v, r99);
    let p95 = if r95 < r99 {
        select(&mut v[..r99], r95)
    } else {
        p99
    };
    let p50 = if r50 < r95 {
        select(&mut v[..r95], r50)
    } else {
        p95
    };
    let s = |ns: u64| ns as f64 / 1e9;
    (s(p50), s(p95), s(p99))
}

/// Runs a load scenario to the end and reports.
pub fn run_load(p: &LoadParams) -> Result<LoadReport, String> {
    let mut sim = LoadSim::new(p)?;
    sim.run();
    Ok(sim.report())
}

/// One point of a sweep.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SweepPoint {
    /// Offered load per handler slot, ρ = λ / (c μ).
    pub rho: f64,
    pub arrival_rate: f64,
    pub mean_response_s: f64,
    pub p95_response_s: f64,
    pub refused_fraction: f64,
}

/// Simulated points and the theoretical curve on a finer grid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sweep {
    /// The `c` of M/M/c (handlers that compute at once).
    pub c: u32,
    pub service_rate: f64,
    pub simulated: Vec<SweepPoint>,
    /// (ρ, mean response time) from Erlang C plus the network round trip,
    /// for ρ < 1.
    pub theory: Vec<(f64, f64)>,
}

/// The open-model parameters of one sweep point at load `rho`: Poisson
/// arrivals, exponential CPU-bound service of mean `service_s`, `requests`
/// expected arrivals, one replica.
pub fn sweep_params(base: &LoadParams, service_s: f64, rho: f64, requests: u64) -> LoadParams {
    let c = base.model().cpu_concurrency();
    let rate = rho * c as f64 / service_s;
    LoadParams {
        handler: Handler::Cpu,
        service: Dist::Exponential {
            mean_secs: service_s,
        },
        arrivals: Arrivals::Open {
            rate,
            ramp_to: None,
            ramp_s: 0.0,
        },
        slow_users: 0,
        idle_connections: 0,
        replicas: 1,
        switch_off: None,
        database: None,
        duration_s: requests as f64 / rate,
        trace: TraceMode::Last(0),
        ..base.clone()
    }
}

/// Runs one sweep point (the UI can run one per frame or in a worker).
pub fn sweep_point(base: &LoadParams, service_s: f64, rho: f64, requests: u64) -> SweepPoint {
    let p = sweep_params(base, service_s, rho, requests);
    let r = run_load(&p).expect("valid sweep parameters");
    let rate = match p.arrivals {
        Arrivals::Open { rate, .. } => rate,
        Arrivals::Closed { .. } => 0.0,
    };
    SweepPoint {
        rho,
        arrival_rate: rate,
        mean_response_s: r.mean_response_s,
        p95_response_s: r.p95_response_s,
        refused_fraction: if r.sent > 0 {
            r.refused as f64 / r.sent as f64
        } else {
            0.0
        },
    }
}

/// The M/M/c mean response time at load `rho`, plus the round trip and the
/// handshake (the connection costs one more round trip before the request
/// leaves): what [`sweep_point`] should measure.
pub fn theory_response_s(base: &LoadParams, service_s: f64, rho: f64) -> Option<f64> {
    let c = base.model().cpu_concurrency();
    let mu = 1.0 / service_s;
    let lambda = rho * c as f64 * mu;
    erlang_c_mean_sojourn(c, lambda, mu).map(|w| w + 2.0 * base.rtt_ms / 1e3)
}

/// Response time against offered load: a simulated point per `rhos` entry
/// (`requests` each) and the theory on a 50-step grid up to 0.98.
pub fn sweep(base: &LoadParams, service_s: f64, rhos: &[f64], requests: u64) -> Sweep {
    let c = base.model().cpu_concurrency();
    Sweep {
        c,
        service_rate: 1.0 / service_s,
        simulated: rhos
            .iter()
            .map(|&r| sweep_point(base, service_s, r, requests))
            .collect(),
        theory: (1..=49)
            .map(|i| i as f64 * 0.02)
            .filter_map(|r| theory_response_s(base, service_s, r).map(|t| (r, t)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::quantiles;
    use crate::rng::Rng;

    /// The selections give what sorting gives: the value at rank
    /// ⌈p·n⌉ of the sorted window (nearest rank), ties and tiny windows
    /// included.
    #[test]
    fn quantiles_are_the_nearest_ranks_of_the_sorted_window() {
        let mut rng = Rng::new(19);
        for n in (1..40).chain([99, 100, 101, 1_000, 20_000]) {
            let window: Vec<u64> = (0..n).map(|_| rng.below(50)).collect();
            let mut sorted = window.clone();
            sorted.sort_unstable();
            let at = |p: f64| sorted[((p * n as f64).ceil() as usize).clamp(1, n) - 1] as f64 / 1e9;
            let expected = (at(0.5), at(0.95), at(0.99));
            assert_eq!(quantiles(&mut window.clone()), expected, "{n} answers");
        }
        assert_eq!(quantiles(&mut []), (0.0, 0.0, 0.0));
    }
}
