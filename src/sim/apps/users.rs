//! The people loading a server: one app speaks for every user on a few
//! client host nodes (bind it on each). Closed model: N users who each send a
//! request, wait for its answer, think, and start over. Open model: Poisson
//! arrivals at a rate that may ramp over time. On top of either, slow users
//! (they trickle their request for a while, the "slowloris" pattern) and idle
//! connections (opened at the start and held open, like keep-alive or
//! WebSocket clients). Every request ends completed, refused or failed with
//! a reason, and the counts say so.

use super::concurrency::{FailReason, conn, reason_of, user_of};
use super::wire;
use crate::sim::metrics::Histogram;
use crate::sim::net::{Addr, App, Ctx, NodeId, Outgoing, Packet, Proto};
use crate::sim::rng::Dist;
use crate::sim::time::SimTime;
use serde::{Deserialize, Serialize};

/// How requests arrive.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Arrivals {
    /// `users` users, each with one request at a time and a think time.
    Closed { users: u32, think: Dist },
    /// Poisson arrivals at `rate` per second, moving linearly to `ramp_to`
    /// over `ramp_s` seconds (then staying there). The rate is re-read at
    /// each arrival, which is exact for a constant rate and close for a ramp
    /// much slower than one inter-arrival time.
    Open {
        rate: f64,
        ramp_to: Option<f64>,
        ramp_s: f64,
    },
}

/// Where the users send.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// One address (a server, or a balancer).
    Single(Addr),
    /// DNS round-robin: the name resolves to every replica, rotated at each
    /// query; each client host's resolver caches the first answer for `ttl`,
    /// and all its users go there until it expires.
    Dns { replicas: Vec<Addr>, ttl: SimTime },
}

/// How the users are set up.
#[derive(Clone, Debug, PartialEq)]
pub struct UsersConfig {
    pub hosts: Vec<NodeId>,
    pub target: Target,
    pub server_port: u16,
    pub client_port: u16,
    pub arrivals: Arrivals,
    /// Extra closed-loop users (no think time) whose requests trickle in
    /// over `slow_for` before they are complete.
    pub slow_users: u32,
    pub slow_for: SimTime,
    /// Connections opened at the start and held, idle, until `stop_at`.
    pub idle_connections: u32,
    pub request_bytes: u32,
    /// No new request after this time; idle connections close then.
    pub stop_at: SimTime,
    /// Keep every completion (time, response time) for tests and charts.
    pub keep_completions: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Normal,
    Slow,
    Idle,
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    kind: Kind,
    host: u32,
    req: u64,
    sent_at: SimTime,
    target: Addr,
    active: bool,
    established: bool,
    /// Open-model slots are reused once their request ends.
    transient: bool,
}

/// What the users saw. Requests: `sent = completed + refused + failed +
/// outstanding`; idle connections: `idle_opened = idle_closed + idle_refused
/// + idle_reset + idle_open`.
#[derive(Clone, Debug, Default)]
pub struct UserStats {
    pub sent: u64,
    pub completed: u64,
    pub refused: u64,
    /// By [`FailReason`] (its `as usize` order).
    pub failed: [u64; 4],
    /// Request sent (SYN) → response received.
    pub response: Histogram,
    pub idle_opened: u64,
    pub idle_established: u64,
    pub idle_refused: u64,
    pub idle_reset: u64,
    pub idle_closed: u64,
    /// DNS queries made by the client hosts' resolvers.
    pub dns_queries: u64,
    /// Requests sent to each DNS answer (replica index), in DNS mode.
    pub dns_sent: Vec<u64>,
    /// (completion time, response time), if kept.
    pub completions: Vec<(SimTime, SimTime)>,
}

impl UserStats {
    pub fn failed_total(&self) -> u64 {
        self.failed.iter().sum()
    }
    pub fn outstanding(&self) -> u64 {
        self.sent - self.completed - self.refused - self.failed_total()
    }
    pub fn idle_open(&self) -> u64 {
        self.idle_opened - self.idle_closed - self.idle_refused - self.idle_reset
    }
}

const TOKEN_ARRIVAL: u64 = 1 << 62;
const TOKEN_STOP: u64 = 2 << 62;
const TOKEN_SLOW: u64 = 3 << 62;
const SLOT_MASK: u64 = (1 << 62) - 1;

/// The user population app.
pub struct Users {
    cfg: UsersConfig,
    slots: Vec<Slot>,
    free: Vec<u32>,
    next_req: u64,
    next_host: u32,
    dns_cache: Vec<(u32, SimTime)>,
    dns_next: u32,
    pub stats: UserStats,
    labels: wire::Labels,
    window: Vec<u64>,
    window_refused: u64,
}

impl Users {
    pub fn new(cfg: UsersConfig) -> Users {
        assert!(!cfg.hosts.is_empty(), "at least one client host");
        let n_dns = match &cfg.target {
            Target::Dns { replicas, .. } => replicas.len(),
            Target::Single(_) => 0,
        };
        let hosts = cfg.hosts.len();
        Users {
            cfg,
            slots: Vec::new(),
            free: Vec::new(),
            next_req: 0,
            next_host: 0,
            dns_cache: vec![(0, SimTime::ZERO); hosts],
            dns_next: 0,
            stats: UserStats {
                dns_sent: vec![0; n_dns],
                ..UserStats::default()
            },
            window: Vec::new(),
            window_refused: 0,
            labels: wire::Labels::default(),
        }
    }

    /// Client-side response times (ns) since the last call, and the
    /// refusals counted meanwhile.
    pub fn take_window(&mut self) -> (Vec<u64>, u64) {
        (
            std::mem::take(&mut self.window),
            std::mem::take(&mut self.window_refused),
        )
    }

    fn add_slot(&mut self, kind: Kind, transient: bool) -> u32 {
        let host = self.next_host;
        self.next_host = (self.next_host + 1) % self.cfg.hosts.len() as u32;
        let s = Slot {
            kind,
            host,
            req: 0,
            sent_at: SimTime::ZERO,
            target: Addr(0),
            active: false,
            established: false,
            transient,
        };
        if transient && let Some(i) = self.free.pop() {
            self.slots[i as usize] = s;
            return i;
        }
        self.slots.push(s);
        (self.slots.len() - 1) as u32
    }

    fn resolve(&mut self, now: SimTime, host: u32) -> (Addr, Option<u32>) {
        match &self.cfg.target {
            Target::Single(a) => (*a, None),
            Target::Dns { replicas, ttl } => {
                let c = &mut self.dns_cache[host as usize];
                if c.1 <= now {
                    let n = replicas.len() as u32;
                    *c = (self.dns_next % n, now + *ttl);
                    self.dns_next = (self.dns_next + 1) % n;
                    self.stats.dns_queries += 1;
                }
                (replicas[c.0 as usize], Some(c.0))
            }
        }
    }

    fn out(&self, dst: Addr, tag: u32, bytes: u32, words: [u64; 3]) -> Outgoing {
        Outgoing {
            dst,
            proto: Proto::Tcp,
            src_port: self.cfg.client_port,
            dst_port: self.cfg.server_port,
            payload_bytes: bytes,
            tag,
            words,
        }
    }

    fn open(&mut self, ctx: &mut Ctx, slot: u32) {
        let now = ctx.now();
        let host = self.slots[slot as usize].host;
        let (target, dns) = self.resolve(now, host);
        if let Some(i) = dns {
            self.stats.dns_sent[i as usize] += 1;
        }
        let req = self.next_req;
        self.next_req += 1;
        let s = &mut self.slots[slot as usize];
        s.req = req;
        s.sent_at = now;
        s.target = target;
        s.active = true;
        s.established = false;
        if s.kind == Kind::Idle {
            self.stats.idle_opened += 1;
        } else {
            self.stats.sent += 1;
        }
        let out = self.out(target, conn::SYN, 0, [req, now.as_nanos(), slot as u64]);
        wire::send(ctx, self.cfg.hosts[host as usize], out, self.labels);
    }

    /// The request of `slot` ended; a closed-loop user thinks and asks again.
    fn end(&mut self, ctx: &mut Ctx, slot: u32) {
        let s = &mut self.slots[slot as usize];
        s.active = false;
        if s.transient {
            self.free.push(slot);
            return;
        }
        if s.kind == Kind::Idle || ctx.now() >= self.cfg.stop_at {
            return;
        }
        let host = self.cfg.hosts[s.host as usize];
        let think = match (s.kind, self.cfg.arrivals) {
            (Kind::Normal, Arrivals::Closed { think, .. }) => think.sample(ctx.rng()),
            _ => SimTime::ZERO,
        };
        // A user whose next request would come after the stop sends none:
        // no timer is left pending to keep the run going after it drains.
        if ctx.now() + think < self.cfg.stop_at {
            ctx.set_timer_on(host, think, slot as u64);
        }
    }

    fn rate_at(&self, now: SimTime) -> f64 {
        match self.cfg.arrivals {
            Arrivals::Open {
                rate,
                ramp_to,
                ramp_s,
            } => match ramp_to {
                Some(r1) if ramp_s > 0.0 => {
                    let f = (now.as_secs_f64() / ramp_s).min(1.0);
                    rate + (r1 - rate) * f
                }
                Some(r1) => r1,
                None => rate,
            },
            Arrivals::Closed { .. } => 0.0,
        }
    }

    fn schedule_arrival(&mut self, ctx: &mut Ctx) {
        let rate = self.rate_at(ctx.now());
        if rate > 0.0 {
            let d = Dist::exponential_rate(rate).sample(ctx.rng());
            if ctx.now() + d < self.cfg.stop_at {
                ctx.set_timer(d, TOKEN_ARRIVAL);
            }
        }
    }
}

impl App for Users {
    fn start(&mut self, ctx: &mut Ctx) {
        self.labels = wire::Labels::intern(ctx);
        for _ in 0..self.cfg.idle_connections {
            let s = self.add_slot(Kind::Idle, false);
            self.open(ctx, s);
        }
        if let Arrivals::Closed { users, think } = self.cfg.arrivals {
            for _ in 0..users {
                let s = self.add_slot(Kind::Normal, false);
                let host = self.cfg.hosts[self.slots[s as usize].host as usize];
                let d = think.sample(ctx.rng());
                ctx.set_timer_on(host, d, s as u64);
            }
        } else {
            self.schedule_arrival(ctx);
        }
        for _ in 0..self.cfg.slow_users {
            let s = self.add_slot(Kind::Slow, false);
            let host = self.cfg.hosts[self.slots[s as usize].host as usize];
            ctx.set_timer_on(host, SimTime::ZERO, s as u64);
        }
        if self.cfg.idle_connections > 0 {
            ctx.set_timer(self.cfg.stop_at.saturating_sub(ctx.now()), TOKEN_STOP);
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        match token & !SLOT_MASK {
            TOKEN_ARRIVAL => {
                let s = self.add_slot(Kind::Normal, true);
                self.open(ctx, s);
                self.schedule_arrival(ctx);
            }
            TOKEN_STOP => {
                for i in 0..self.slots.len() {
                    let s = self.slots[i];
                    if s.kind == Kind::Idle && s.active && s.established {
                        self.slots[i].active = false;
                        self.stats.idle_closed += 1;
                        let out = self.out(s.target, conn::FIN, 0, [s.req, 0, i as u64]);
                        wire::send(ctx, self.cfg.hosts[s.host as usize], out, self.labels);
                    }
                }
            }
            TOKEN_SLOW => {
                let slot = (token & SLOT_MASK) as u32;
                let s = self.slots[slot as usize];
                if s.active && s.established {
                    let w = [s.req, s.sent_at.as_nanos(), slot as u64];
                    let out = self.out(s.target, conn::REQ, self.cfg.request_bytes, w);
                    wire::send(ctx, self.cfg.hosts[s.host as usize], out, self.labels);
                }
            }
            _ => {
                if ctx.now() < self.cfg.stop_at {
                    self.open(ctx, token as u32);
                }
            }
        }
    }

    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        let slot = user_of(pkt.words) as u32;
        let Some(&s) = self.slots.get(slot as usize) else {
            return;
        };
        if !s.active || s.req != pkt.words[0] {
            return; // an answer to a connection already given up
        }
        let now = ctx.now();
        let host = self.cfg.hosts[s.host as usize];
        let w = [s.req, s.sent_at.as_nanos(), slot as u64];
        match pkt.tag {
            conn::SYN_ACK => {
                self.slots[slot as usize].established = true;
                match s.kind {
                    Kind::Normal => {
                        let out = self.out(s.target, conn::REQ, self.cfg.request_bytes, w);
                        wire::send(ctx, host, out, self.labels);
                    }
                    Kind::Slow => {
                        let out = self.out(s.target, conn::REQ_PART, 100, w);
                        wire::send(ctx, host, out, self.labels);
                        ctx.set_timer_on(host, self.cfg.slow_for, TOKEN_SLOW | slot as u64);
                    }
                    Kind::Idle => self.stats.idle_established += 1,
                }
            }
            conn::RESP => {
                self.stats.completed += 1;
                let rt = now - s.sent_at;
                self.stats.response.record(rt);
                self.window.push(rt.as_nanos());
                if self.cfg.keep_completions {
                    self.stats.completions.push((now, rt));
                }
                self.end(ctx, slot);
            }
            conn::RST => {
                if s.kind == Kind::Idle {
                    if s.established {
                        self.stats.idle_reset += 1;
                    } else {
                        self.stats.idle_refused += 1;
                    }
                } else if s.established {
                    self.stats.failed[FailReason::ReplicaDown as usize] += 1;
                } else {
                    self.stats.refused += 1;
                    self.window_refused += 1;
                }
                self.end(ctx, slot);
            }
            conn::FAIL => {
                if s.kind == Kind::Idle {
                    self.stats.idle_reset += 1;
                } else {
                    self.stats.failed[reason_of(pkt.words) as usize] += 1;
                }
                self.end(ctx, slot);
            }
            _ => {}
        }
    }
}
