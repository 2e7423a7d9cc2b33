//! The people loading a server: one app speaks for every user on a few
//! client host nodes (bind it on each). Closed model: N users who each send a
//! request, wait for its answer, think, and start over. Open model: Poisson
//! arrivals at a rate that may ramp over time. On top of either, slow users
//! (they trickle their request for a while, the "slowloris" pattern) and idle
//! connections (opened at the start and held open, like keep-alive or
//! WebSocket clients). Every request ends completed, refused, failed with a
//! reason, or timed out, and the counts say so.
//!
//! Each user's TCP retransmits an unanswered SYN as Linux does (RFC 6298's
//! initial timeout of 1 s, doubled each time, `tcp_syn_retries` = 6: SYNs at
//! 0, 1, 3, 7, 15, 31 and 63 s, and the connect fails at 127 s), and a user
//! who was refused waits before trying again, as a person reading an error
//! page would: no storms of instant retries.
//!
//! Each request is a new connection from its host's next ephemeral port
//! (bind the app on every TCP port of each host), so no two connections of
//! a host share a 4-tuple, as on a real wire.

use super::concurrency::{FailReason, conn, reason_of, user_of};
use super::wire;
use crate::metrics::Histogram;
use crate::net::{Addr, App, Ctx, NodeId, Outgoing, Packet, Proto};
use crate::proto::tcp::EphemeralPorts;
use crate::rng::Dist;
use crate::time::SimTime;
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
    /// The local port of the request's connection.
    port: u16,
    req: u64,
    sent_at: SimTime,
    target: Addr,
    active: bool,
    established: bool,
    /// SYNs sent again for this request.
    syn_retries: u8,
    /// Open-model slots are reused once their request ends.
    transient: bool,
}

/// What the users saw. Requests: `sent = completed + refused + failed +
/// connect_timeouts + response_timeouts + outstanding`; idle connections:
/// `idle_opened = idle_closed + idle_refused + idle_reset + idle_open`.
#[derive(Clone, Debug, Default)]
pub struct UserStats {
    pub sent: u64,
    pub completed: u64,
    /// Refused at connect with a RST, or by an HTTP 503 from a server with
    /// no room (`refused_503` of them).
    pub refused: u64,
    pub refused_503: u64,
    /// By [`FailReason`] (its `as usize` order; `Overloaded` stays 0: it
    /// counts as refused).
    pub failed: [u64; 5],
    /// SYNs sent again after a retransmission timeout.
    pub syn_retransmissions: u64,
    /// Connects given up after the last SYN retransmission (127 s).
    pub connect_timeouts: u64,
    /// Requests given up after [`RESPONSE_TIMEOUT`] without an answer.
    pub response_timeouts: u64,
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
    /// When the users last heard from the network or gave up on it: the
    /// end of the run for them (a timer left pending changes nothing).
    pub last_activity: SimTime,
}

impl UserStats {
    pub fn failed_total(&self) -> u64 {
        self.failed.iter().sum()
    }
    pub fn outstanding(&self) -> u64 {
        self.sent
            - self.completed
            - self.refused
            - self.failed_total()
            - self.connect_timeouts
            - self.response_timeouts
    }
    pub fn idle_open(&self) -> u64 {
        self.idle_opened - self.idle_closed - self.idle_refused - self.idle_reset
    }
}

// Timer tokens: a kind in the top three bits; a user's wake-up is kind 0
// and its slot. A connection timer also carries the low bits of its request
// id, so a timer left from an earlier request of a reused slot is ignored.
const TOKEN_ARRIVAL: u64 = 1 << 61;
const TOKEN_STOP: u64 = 2 << 61;
const TOKEN_SLOW: u64 = 3 << 61;
const TOKEN_CONNECT: u64 = 4 << 61;
const KIND_MASK: u64 = 7 << 61;
const SLOT_MASK: u64 = (1 << 32) - 1;
const REQ_BITS: u64 = (1 << 29) - 1;

/// RFC 6298 §2.1: "Until a round-trip time (RTT) measurement has been made
/// … the sender SHOULD set RTO <- 1 second" (Linux: TCP_TIMEOUT_INIT).
const SYN_RTO: SimTime = SimTime::from_secs(1);
/// Linux `net.ipv4.tcp_syn_retries`, default 6 (ip-sysctl: "the final
/// timeout for an active TCP connection attempt will happen after 127
/// seconds").
const SYN_RETRIES: u8 = 6;
/// How long a browser waits for an answer on an open connection before it
/// gives up: Firefox's `network.http.response.timeout`, 300 s by default.
pub const RESPONSE_TIMEOUT: SimTime = SimTime::from_secs(300);
/// How long a refused user waits before asking again (reading the error
/// page, pressing Reload): a modelling choice, not a system default.
pub const PAUSE_AFTER_REFUSAL: SimTime = SimTime::from_secs(2);

/// The user population app.
pub struct Users {
    cfg: UsersConfig,
    slots: Vec<Slot>,
    free: Vec<u32>,
    next_req: u64,
    next_host: u32,
    /// Each client host's ephemeral ports.
    ports: Vec<EphemeralPorts>,
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
            ports: vec![EphemeralPorts::default(); hosts],
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
            port: 0,
            req: 0,
            sent_at: SimTime::ZERO,
            target: Addr(0),
            active: false,
            established: false,
            syn_retries: 0,
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

    /// A packet of `s`'s connection.
    fn out(&self, s: &Slot, tag: u32, bytes: u32, words: [u64; 3]) -> Outgoing {
        Outgoing {
            dst: s.target,
            proto: Proto::Tcp,
            src_port: s.port,
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
        let port = self.ports[host as usize].take();
        let s = &mut self.slots[slot as usize];
        s.port = port;
        s.req = req;
        s.sent_at = now;
        s.target = target;
        s.active = true;
        s.established = false;
        s.syn_retries = 0;
        if s.kind == Kind::Idle {
            self.stats.idle_opened += 1;
        } else {
            self.stats.sent += 1;
        }
        self.send_syn(ctx, slot);
        let host = self.cfg.hosts[host as usize];
        ctx.set_timer_on(host, SYN_RTO, connect_token(req, slot));
    }

    fn send_syn(&mut self, ctx: &mut Ctx, slot: u32) {
        let s = self.slots[slot as usize];
        let tag = if s.syn_retries == 0 {
            conn::SYN
        } else {
            conn::SYN_AGAIN
        };
        let out = self.out(&s, tag, 0, words(&s, slot));
        wire::send(ctx, self.cfg.hosts[s.host as usize], out, self.labels);
    }

    /// The connection timer of `slot`'s request fired: retransmit an
    /// unanswered SYN or give up the connect; an open connection still
    /// waiting for its answer is checked again when [`RESPONSE_TIMEOUT`]
    /// is due, then given up.
    fn on_connect_timer(&mut self, ctx: &mut Ctx, slot: u32, req_bits: u64) {
        let s = self.slots[slot as usize];
        if !s.active || s.req & REQ_BITS != req_bits {
            return;
        }
        let host = self.cfg.hosts[s.host as usize];
        let token = connect_token(s.req, slot);
        if s.established {
            if s.kind == Kind::Idle {
                return; // held open on purpose, expecting nothing
            }
            // Checked again every second rather than once at the deadline,
            // so a timer left behind by a request that got its answer keeps
            // the run going for at most a second (timers are not cancelled).
            let due = s.sent_at + RESPONSE_TIMEOUT;
            if ctx.now() < due {
                ctx.set_timer_on(host, (due - ctx.now()).min(SYN_RTO), token);
            } else {
                self.stats.response_timeouts += 1;
                self.end(ctx, slot, PAUSE_AFTER_REFUSAL);
            }
            return;
        }
        if s.syn_retries == SYN_RETRIES {
            if s.kind == Kind::Idle {
                self.stats.idle_refused += 1;
            } else {
                self.stats.connect_timeouts += 1;
            }
            return self.end(ctx, slot, PAUSE_AFTER_REFUSAL);
        }
        self.slots[slot as usize].syn_retries += 1;
        self.stats.syn_retransmissions += 1;
        self.send_syn(ctx, slot);
        let rto = SimTime::from_nanos(SYN_RTO.as_nanos() << (s.syn_retries + 1));
        ctx.set_timer_on(host, rto, token);
    }

    /// The request of `slot` ended; a closed-loop user thinks (and first
    /// waits `pause`, after a refusal) and asks again.
    fn end(&mut self, ctx: &mut Ctx, slot: u32, pause: SimTime) {
        self.stats.last_activity = ctx.now();
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
        let think = pause
            + match (s.kind, self.cfg.arrivals) {
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
        match token & KIND_MASK {
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
                        let out = self.out(&s, conn::FIN, 0, [s.req, 0, i as u64]);
                        wire::send(ctx, self.cfg.hosts[s.host as usize], out, self.labels);
                    }
                }
            }
            TOKEN_CONNECT => {
                let slot = (token & SLOT_MASK) as u32;
                self.on_connect_timer(ctx, slot, (token >> 32) & REQ_BITS);
            }
            TOKEN_SLOW => {
                let slot = (token & SLOT_MASK) as u32;
                let s = self.slots[slot as usize];
                if s.active && s.established {
                    let w = words(&s, slot);
                    let out = self.out(&s, conn::REQ, self.cfg.request_bytes, w);
                    let rest = wire::Place {
                        after: wire::PART_BYTES,
                        again: false,
                    };
                    let host = self.cfg.hosts[s.host as usize];
                    wire::send_at(ctx, host, out, self.labels, rest);
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
        self.stats.last_activity = now;
        let host = self.cfg.hosts[s.host as usize];
        let w = words(&s, slot);
        match pkt.tag {
            conn::SYN_ACK if s.established => {
                // The server sent its SYN-ACK again: our first segment was
                // dropped (its accept queue was full); send it again.
                let (tag, bytes) = match s.kind {
                    Kind::Normal => (conn::REQ, self.cfg.request_bytes),
                    Kind::Slow => (conn::REQ_PART, wire::PART_BYTES),
                    Kind::Idle => (conn::ACK, 0),
                };
                let out = self.out(&s, tag, bytes, w);
                let again = wire::Place {
                    again: true,
                    after: 0,
                };
                wire::send_at(ctx, host, out, self.labels, again);
            }
            conn::SYN_ACK => {
                self.slots[slot as usize].established = true;
                match s.kind {
                    Kind::Normal => {
                        let out = self.out(&s, conn::REQ, self.cfg.request_bytes, w);
                        wire::send(ctx, host, out, self.labels);
                    }
                    Kind::Slow => {
                        let out = self.out(&s, conn::REQ_PART, wire::PART_BYTES, w);
                        wire::send(ctx, host, out, self.labels);
                        ctx.set_timer_on(host, self.cfg.slow_for, TOKEN_SLOW | slot as u64);
                    }
                    Kind::Idle => {
                        self.stats.idle_established += 1;
                        let out = self.out(&s, conn::ACK, 0, w);
                        wire::send(ctx, host, out, self.labels);
                    }
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
                self.end(ctx, slot, SimTime::ZERO);
            }
            conn::RST => {
                if s.kind == Kind::Idle {
                    if s.established {
                        self.stats.idle_reset += 1;
                    } else {
                        self.stats.idle_refused += 1;
                    }
                } else {
                    // Before the SYN-ACK: "connection refused"; after it
                    // (the final ACK found the queue full, and the server
                    // resets rather than drops): "connection reset". Either
                    // way the server had no room. A server that dies sends
                    // no RST; a balancer tells of it with an HTTP error.
                    self.stats.refused += 1;
                    self.window_refused += 1;
                }
                self.end(ctx, slot, PAUSE_AFTER_REFUSAL);
            }
            conn::FAIL => {
                let reason = reason_of(pkt.words);
                if s.kind == Kind::Idle {
                    self.stats.idle_reset += 1;
                } else if reason == FailReason::Overloaded {
                    self.stats.refused += 1;
                    self.stats.refused_503 += 1;
                    self.window_refused += 1;
                } else {
                    self.stats.failed[reason as usize] += 1;
                }
                self.end(ctx, slot, PAUSE_AFTER_REFUSAL);
            }
            _ => {}
        }
    }
}

/// The words every packet of `slot`'s current request carries.
fn words(s: &Slot, slot: u32) -> [u64; 3] {
    [s.req, s.sent_at.as_nanos(), slot as u64]
}

fn connect_token(req: u64, slot: u32) -> u64 {
    TOKEN_CONNECT | (req & REQ_BITS) << 32 | slot as u64
}
