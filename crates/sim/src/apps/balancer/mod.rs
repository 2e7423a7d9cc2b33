//! A layer-4 load balancer (what HAProxy in `mode tcp` or LVS with NAT do):
//! clients connect to the balancer's address; for each new connection it
//! picks a replica by its policy and relays the connection's packets both
//! ways. It checks the replicas' health with periodic connect probes, and
//! when a replica resets a connection (refused, or its process died) it
//! retries on another replica or fails the request, as its policy says —
//! never silently.
//!
//! Like HAProxy, it reaches a replica over a connection of its own, from
//! its next ephemeral port: one per try and one per health probe (HAProxy's
//! `check` connects anew each time), so each has its own 4-tuple. Bind it
//! on every TCP port of its node.
//!
//! With [`Front::Nginx`] the same application is instead nginx as a reverse
//! proxy, the client's server in its own right (see [`nginx`]).

mod nginx;
pub mod proxy;

use super::concurrency::{FailReason, conn, fail_words};
use super::wire::{self, Place};
use crate::net::{Addr, App, Ctx, Outgoing, Packet, Proto};
use crate::proto::tcp::EphemeralPorts;
use crate::rng::Rng;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How the balancer picks a replica for a new connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Each healthy replica in turn.
    RoundRobin,
    /// The healthy replica with the fewest open connections (first on ties).
    LeastConnections,
    /// Two distinct healthy replicas at random; the one with fewer open
    /// connections (Mitzenmacher's "power of two choices").
    PowerOfTwo,
    /// A healthy replica uniformly at random (the baseline).
    Random,
}

impl Policy {
    /// One of the `eligible` replicas (`active`: each one's open
    /// connections; `rr_next`: where round-robin goes on from), or `None`
    /// if none is. What the layer-4 relay and the HTTP proxy
    /// ([`proxy::HttpProxy`]) both pick by.
    pub fn pick(
        self,
        rng: &mut Rng,
        rr_next: &mut usize,
        active: &[u32],
        eligible: &[bool],
    ) -> Option<u32> {
        let n = active.len();
        let healthy: Vec<u32> = (0..n).filter(|&i| eligible[i]).map(|i| i as u32).collect();
        if healthy.is_empty() {
            return None;
        }
        Some(match self {
            Policy::RoundRobin => {
                let i = (0..n)
                    .map(|k| (*rr_next + k) % n)
                    .find(|&i| eligible[i])
                    .expect("an eligible replica exists");
                *rr_next = i + 1;
                i as u32
            }
            Policy::LeastConnections => *healthy
                .iter()
                .min_by_key(|&&i| active[i as usize])
                .expect("non-empty"),
            Policy::Random => healthy[rng.below(healthy.len() as u64) as usize],
            Policy::PowerOfTwo => {
                let m = healthy.len() as u64;
                if m == 1 {
                    healthy[0]
                } else {
                    let a = rng.below(m);
                    let mut b = rng.below(m - 1);
                    if b >= a {
                        b += 1;
                    }
                    let (a, b) = (healthy[a as usize], healthy[b as usize]);
                    if active[b as usize] < active[a as usize] {
                        b
                    } else {
                        a
                    }
                }
            }
        })
    }
}

/// What to do when a replica resets a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetryPolicy {
    /// Tell the client: refused (at connect) or failed (after).
    Fail,
    /// Resend to another healthy replica, at most this many times (HAProxy's
    /// `retries`, default 3, with `option redispatch`).
    Retry { max: u32 },
}

/// Active health checks (HAProxy defaults: `inter 2s`, `fall 3`, `rise 2`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthCheck {
    pub interval: SimTime,
    /// Consecutive failed probes before a replica is taken out.
    pub fall: u32,
    /// Consecutive good probes before it is put back.
    pub rise: u32,
}

impl Default for HealthCheck {
    fn default() -> Self {
        HealthCheck {
            interval: SimTime::from_secs(2),
            fall: 3,
            rise: 2,
        }
    }
}

/// How long a relayed request may go unanswered before the balancer gives
/// up with a 504: `timeout server 50000` (ms) in the haproxy.cfg that
/// Debian's package ships (HAProxy has no default and warns without one).
/// Checked at each health-check round, so it fires up to one interval late.
pub const SERVER_TIMEOUT: SimTime = SimTime::from_secs(50);

#[derive(Clone, Copy, Debug)]
struct Relay {
    client: Addr,
    client_port: u16,
    words: [u64; 3],
    replica: u32,
    /// The balancer's port on the connection to the replica (this try's).
    back_port: u16,
    attempts: u32,
    established: bool,
    request_sent: bool,
    part_sent: bool,
    req_bytes: u32,
    /// When the client's SYN arrived.
    opened: SimTime,
}

impl Relay {
    /// A client's new connection, from its SYN at `now`.
    fn from_syn(pkt: &Packet, now: SimTime) -> Relay {
        Relay {
            client: pkt.src,
            client_port: pkt.src_port,
            words: pkt.words,
            replica: 0,
            back_port: 0,
            attempts: 0,
            established: false,
            request_sent: false,
            part_sent: false,
            req_bytes: 0,
            opened: now,
        }
    }
}

/// Where the request (or its rest) sits on `r`'s connection to its
/// replica: after the first part of a slow request, if that went first.
fn rest_of(r: &Relay, again: bool) -> Place {
    let after = if r.part_sent { wire::PART_BYTES } else { 0 };
    Place { after, again }
}

/// Per-replica counters of the balancer.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ReplicaView {
    /// Connections sent to this replica (first tries and retries).
    pub sent: u64,
    /// Open connections now (what least-connections compares).
    pub active: u32,
    pub healthy: bool,
}

/// What stands in front of the replicas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Front {
    /// A layer-4 relay with active health checks (HAProxy's defaults).
    #[default]
    Relay,
    /// nginx proxying HTTP: it ends the client's connection, opens its own
    /// to a replica, and learns a replica is down only from failed tries.
    Nginx,
}

/// How a balancer is set up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BalancerConfig {
    pub front: Front,
    pub policy: Policy,
    pub retry: RetryPolicy,
    pub health: Option<HealthCheck>,
    /// Port the replicas listen on.
    pub replica_port: u16,
    /// Port the clients connect to.
    pub public_port: u16,
    /// Health checks stop after this time (so a finished run goes idle).
    pub stop_at: SimTime,
}

/// The balancer application; bind it to every TCP port of its node.
pub struct Balancer {
    front: Front,
    policy: Policy,
    retry: RetryPolicy,
    health: Option<HealthCheck>,
    replicas: Vec<Addr>,
    replica_port: u16,
    public_port: u16,
    /// Its node's ports for the connections to the replicas.
    ports: EphemeralPorts,
    relays: BTreeMap<u64, Relay>,
    view: Vec<ReplicaView>,
    fails: Vec<u32>,
    goods: Vec<u32>,
    probe_pending: Vec<bool>,
    rr_next: usize,
    stop_at: SimTime,
    /// nginx's requests and its passive view of the replicas.
    nginx: nginx::State,
    pub retries: u64,
    /// Requests the balancer failed, by reason ([`FailReason`] order).
    pub failed: [u64; 5],
    pub refused: u64,
    labels: wire::Labels,
}

impl Balancer {
    pub fn new(cfg: BalancerConfig, replicas: Vec<Addr>) -> Balancer {
        let n = replicas.len();
        assert!(n > 0, "a balancer needs a replica");
        Balancer {
            front: cfg.front,
            policy: cfg.policy,
            retry: cfg.retry,
            health: cfg.health,
            replicas,
            replica_port: cfg.replica_port,
            public_port: cfg.public_port,
            ports: EphemeralPorts::default(),
            relays: BTreeMap::new(),
            view: vec![
                ReplicaView {
                    healthy: true,
                    ..ReplicaView::default()
                };
                n
            ],
            fails: vec![0; n],
            goods: vec![0; n],
            probe_pending: vec![false; n],
            rr_next: 0,
            stop_at: cfg.stop_at,
            nginx: nginx::State::new(n),
            retries: 0,
            failed: [0; 5],
            refused: 0,
            labels: wire::Labels::default(),
        }
    }

    pub fn replicas(&self) -> &[ReplicaView] {
        &self.view
    }

    /// Connections being relayed now.
    pub fn relaying(&self) -> usize {
        self.relays.len() + self.nginx.requests()
    }

    /// A healthy replica other than `exclude`, by the policy.
    fn pick(&mut self, ctx: &mut Ctx, exclude: Option<u32>) -> Option<u32> {
        let eligible: Vec<bool> = (0..self.view.len())
            .map(|i| self.view[i].healthy && exclude != Some(i as u32))
            .collect();
        self.pick_among(ctx, &eligible)
    }

    /// One of the `eligible` replicas, by the policy.
    fn pick_among(&mut self, ctx: &mut Ctx, eligible: &[bool]) -> Option<u32> {
        let active: Vec<u32> = self.view.iter().map(|v| v.active).collect();
        (self.policy).pick(ctx.rng(), &mut self.rr_next, &active, eligible)
    }

    /// A packet on `r`'s connection to its replica.
    fn to_replica(&self, ctx: &mut Ctx, r: &Relay, tag: u32, bytes: u32, words: [u64; 3]) {
        let out = self.back(r.replica, r.back_port, tag, bytes, words);
        self.emit(ctx, out, Place::default());
    }

    /// A packet on `r`'s connection with its client.
    fn to_client(&self, ctx: &mut Ctx, r: &Relay, tag: u32, bytes: u32, words: [u64; 3]) {
        self.emit(ctx, self.front(r, tag, bytes, words), Place::default());
    }

    /// Sends `out`, at `place` on its connection.
    fn emit(&self, ctx: &mut Ctx, out: Outgoing, place: Place) {
        let node = ctx.node();
        wire::send_at(ctx, node, out, self.labels, place);
    }

    /// A packet from the balancer's `port` to `replica`.
    fn back(&self, replica: u32, port: u16, tag: u32, bytes: u32, words: [u64; 3]) -> Outgoing {
        Outgoing {
            dst: self.replicas[replica as usize],
            proto: Proto::Tcp,
            src_port: port,
            dst_port: self.replica_port,
            payload_bytes: bytes,
            tag,
            words,
        }
    }

    fn front(&self, r: &Relay, tag: u32, bytes: u32, words: [u64; 3]) -> Outgoing {
        Outgoing {
            dst: r.client,
            proto: Proto::Tcp,
            src_port: self.public_port,
            dst_port: r.client_port,
            payload_bytes: bytes,
            tag,
            words,
        }
    }

    /// Opens (or reopens) the relay's connection on a replica.
    fn dispatch(&mut self, ctx: &mut Ctx, req: u64, exclude: Option<u32>) -> bool {
        let Some(i) = self.pick(ctx, exclude) else {
            return false;
        };
        let r = self.relays.get_mut(&req).expect("relay");
        r.replica = i;
        r.back_port = self.ports.take();
        r.attempts += 1;
        let r = *r;
        let v = &mut self.view[i as usize];
        v.sent += 1;
        v.active += 1;
        self.to_replica(ctx, &r, conn::SYN, 0, r.words);
        if r.part_sent {
            self.to_replica(ctx, &r, conn::REQ_PART, wire::PART_BYTES, r.words);
        }
        if r.request_sent {
            let out = self.back(r.replica, r.back_port, conn::REQ, r.req_bytes, r.words);
            self.emit(ctx, out, rest_of(&r, false));
        }
        true
    }

    fn end(&mut self, req: u64) -> Option<Relay> {
        let r = self.relays.remove(&req)?;
        self.view[r.replica as usize].active -= 1;
        Some(r)
    }

    fn fail(&mut self, ctx: &mut Ctx, r: &Relay, reason: FailReason) {
        self.failed[reason as usize] += 1;
        self.to_client(ctx, r, conn::FAIL, 0, fail_words(r.words, reason));
    }

    fn on_reset(&mut self, ctx: &mut Ctx, req: u64) {
        let Some(&r) = self.relays.get(&req) else {
            return;
        };
        let may_retry = matches!(self.retry, RetryPolicy::Retry { max } if r.attempts <= max);
        if may_retry {
            self.view[r.replica as usize].active -= 1;
            self.retries += 1;
            if self.dispatch(ctx, req, Some(r.replica)) {
                return;
            }
            // Nowhere to go: put the count back for `end`.
            self.view[r.replica as usize].active += 1;
        }
        let r = self.end(req).expect("relay");
        if may_retry {
            self.fail(ctx, &r, FailReason::NoHealthyReplica);
        } else if r.attempts > 1 {
            self.fail(ctx, &r, FailReason::RetriesExhausted);
        } else {
            // Refused (before the handshake, or at its end on a server that
            // resets instead of dropping): passed on, as a relay does.
            self.refused += 1;
            self.to_client(ctx, &r, conn::RST, 0, r.words);
        }
    }

    /// Gives up the relayed requests that have waited [`SERVER_TIMEOUT`].
    fn expire(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        let late: Vec<u64> = self
            .relays
            .iter()
            .filter(|(_, r)| r.established && now - r.opened >= SERVER_TIMEOUT)
            .map(|(&req, _)| req)
            .collect();
        for req in late {
            let r = self.end(req).expect("relay");
            self.fail(ctx, &r, FailReason::GatewayTimeout);
        }
    }

    fn probe_all(&mut self, ctx: &mut Ctx) {
        for i in 0..self.replicas.len() {
            if self.probe_pending[i] {
                // No answer since the last round: a failure.
                self.probe_result(i, false);
            }
            self.probe_pending[i] = true;
            let port = self.ports.take();
            let probe = self.back(i as u32, port, conn::PROBE, 0, [u64::MAX, 0, i as u64]);
            self.emit(ctx, probe, Place::default());
        }
    }

    fn probe_result(&mut self, i: usize, ok: bool) {
        let Some(h) = self.health else { return };
        if ok {
            self.fails[i] = 0;
            self.goods[i] += 1;
            if !self.view[i].healthy && self.goods[i] >= h.rise {
                self.view[i].healthy = true;
            }
        } else {
            self.goods[i] = 0;
            self.fails[i] += 1;
            if self.view[i].healthy && self.fails[i] >= h.fall {
                self.view[i].healthy = false;
            }
        }
    }
}

impl App for Balancer {
    fn start(&mut self, ctx: &mut Ctx) {
        self.labels = wire::Labels::intern(ctx);
        // Open-source nginx has no active health checks (its
        // `health_check` directive is NGINX Plus's).
        if let (Some(h), Front::Relay) = (self.health, self.front) {
            ctx.set_timer(h.interval, 0);
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        if self.front == Front::Nginx {
            return self.nginx_timer(ctx, token);
        }
        // The rounds go on after the stop while requests are still relayed,
        // so one left unanswered meets its time-out.
        if let Some(h) = self.health
            && (ctx.now() < self.stop_at || !self.relays.is_empty())
        {
            self.probe_all(ctx);
            self.expire(ctx);
            ctx.set_timer(h.interval, 0);
        }
    }

    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        if self.front == Front::Nginx {
            return if pkt.dst_port != self.public_port {
                self.nginx_from_replica(ctx, pkt)
            } else {
                self.nginx_from_client(ctx, pkt)
            };
        }
        let req = pkt.words[0];
        if pkt.dst_port != self.public_port {
            // From a replica, to one of the balancer's own connections.
            if req == u64::MAX {
                let i = pkt.words[2] as usize;
                self.probe_pending[i] = false;
                self.probe_result(i, pkt.tag == conn::PROBE_OK);
                return;
            }
            match pkt.tag {
                conn::SYN_ACK => {
                    // The first, or one the replica sent again because the
                    // client's answer to it was dropped: relayed either way.
                    let Some(r) = self.relays.get_mut(&req) else {
                        return;
                    };
                    let again = r.established;
                    r.established = true;
                    let r = *r;
                    let out = self.front(&r, conn::SYN_ACK, 0, r.words);
                    self.emit(ctx, out, Place { again, after: 0 });
                }
                conn::RESP | conn::FAIL => {
                    if let Some(r) = self.end(req) {
                        self.to_client(ctx, &r, pkt.tag, pkt.payload_bytes, pkt.words);
                    }
                }
                conn::RST => self.on_reset(ctx, req),
                _ => {}
            }
            return;
        }
        // From a client.
        match pkt.tag {
            conn::SYN | conn::SYN_AGAIN if self.relays.contains_key(&req) => {
                // The client sent its SYN again (the first went unanswered):
                // to the same replica while it is healthy, as a connection
                // table does, else to another one.
                let r = self.relays[&req];
                if self.view[r.replica as usize].healthy {
                    self.to_replica(ctx, &r, conn::SYN_AGAIN, 0, r.words);
                } else {
                    self.view[r.replica as usize].active -= 1;
                    if !self.dispatch(ctx, req, Some(r.replica)) {
                        self.view[r.replica as usize].active += 1;
                        let r = self.end(req).expect("relay");
                        self.fail(ctx, &r, FailReason::NoHealthyReplica);
                    }
                }
            }
            conn::SYN | conn::SYN_AGAIN => {
                let r = Relay::from_syn(pkt, ctx.now());
                self.relays.insert(req, r);
                // The replica count for `end` is taken in `dispatch`.
                if !self.dispatch(ctx, req, None) {
                    let r = self.relays.remove(&req).expect("relay");
                    self.fail(ctx, &r, FailReason::NoHealthyReplica);
                }
            }
            conn::ACK | conn::REQ_PART | conn::REQ | conn::FIN => {
                let Some(r) = self.relays.get_mut(&req) else {
                    return;
                };
                // The client sends again what the replica's full queue
                // dropped: so does the relay.
                let again = match pkt.tag {
                    conn::REQ_PART => std::mem::replace(&mut r.part_sent, true),
                    conn::REQ => {
                        r.req_bytes = pkt.payload_bytes;
                        std::mem::replace(&mut r.request_sent, true)
                    }
                    _ => false,
                };
                let r = *r;
                let (tag, bytes) = (pkt.tag, pkt.payload_bytes);
                let out = self.back(r.replica, r.back_port, tag, bytes, pkt.words);
                let place = match tag {
                    conn::REQ => rest_of(&r, again),
                    _ => Place { again, after: 0 },
                };
                self.emit(ctx, out, place);
                if pkt.tag == conn::FIN {
                    self.end(req);
                }
            }
            _ => {}
        }
    }
}
