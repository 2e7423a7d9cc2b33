//! Load generators. One app speaks for many client nodes (bind it on each):
//! the open model sends Poisson (or any renewal) arrivals regardless of how
//! the server copes; the closed model has N clients that each wait for the
//! answer, think, and ask again.

use super::msg;
use crate::metrics::Histogram;
use crate::net::{Addr, App, Ctx, NodeId, Outgoing, Packet, Proto};
use crate::rng::Dist;
use crate::time::SimTime;

/// Where and what the clients send.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RequestSpec {
    pub server: Addr,
    pub server_port: u16,
    /// Port the clients listen on for answers (bind the generator on it).
    pub client_port: u16,
    pub proto: Proto,
    pub request_bytes: u32,
}

impl RequestSpec {
    fn packet(&self, req: u64, now: SimTime, client: u64) -> Outgoing {
        Outgoing {
            dst: self.server,
            proto: self.proto,
            src_port: self.client_port,
            dst_port: self.server_port,
            payload_bytes: self.request_bytes,
            tag: msg::REQUEST,
            words: [req, now.as_nanos(), client],
        }
    }
}

/// What the clients saw.
#[derive(Clone, Debug, Default)]
pub struct ClientStats {
    pub sent: u64,
    pub completed: u64,
    pub rejected: u64,
    /// Request sent → response received, as the client sees it (includes the
    /// network).
    pub response: Histogram,
    /// Time of the last answer (response or refusal).
    pub last_answer: SimTime,
}

impl ClientStats {
    fn answer(&mut self, now: SimTime, pkt: &Packet) {
        self.last_answer = now;
        match pkt.tag {
            msg::RESPONSE => {
                self.completed += 1;
                self.response
                    .record(now - SimTime::from_nanos(pkt.words[1]));
            }
            msg::REFUSED => self.rejected += 1,
            _ => {}
        }
    }

    /// Requests sent and not yet answered.
    pub fn outstanding(&self) -> u64 {
        self.sent - self.completed - self.rejected
    }
}

/// Open model: `total` requests with inter-arrival times drawn from
/// `interarrival` (exponential = Poisson arrivals), spread round-robin over
/// the client nodes.
pub struct OpenLoadGen {
    clients: Vec<NodeId>,
    spec: RequestSpec,
    interarrival: Dist,
    total: u64,
    pub stats: ClientStats,
}

impl OpenLoadGen {
    pub fn new(clients: Vec<NodeId>, spec: RequestSpec, interarrival: Dist, total: u64) -> Self {
        assert!(!clients.is_empty(), "at least one client");
        OpenLoadGen {
            clients,
            spec,
            interarrival,
            total,
            stats: ClientStats::default(),
        }
    }

    /// All requests sent and answered.
    pub fn finished(&self) -> bool {
        self.stats.sent == self.total && self.stats.outstanding() == 0
    }
}

impl App for OpenLoadGen {
    fn start(&mut self, ctx: &mut Ctx) {
        if self.total > 0 {
            let d = self.interarrival.sample(ctx.rng());
            ctx.set_timer(d, 0);
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, _token: u64) {
        let req = self.stats.sent;
        let client = (req % self.clients.len() as u64) as usize;
        let out = self.spec.packet(req, ctx.now(), client as u64);
        ctx.send_from(self.clients[client], out);
        self.stats.sent += 1;
        if self.stats.sent < self.total {
            let d = self.interarrival.sample(ctx.rng());
            ctx.set_timer(d, 0);
        }
    }

    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        self.stats.answer(ctx.now(), pkt);
    }
}

/// Closed model: each client node thinks (a draw from `think`), sends one
/// request, waits for its answer, and starts over, until `total` requests
/// have been sent.
pub struct ClosedLoadGen {
    clients: Vec<NodeId>,
    spec: RequestSpec,
    think: Dist,
    total: u64,
    pub stats: ClientStats,
}

impl ClosedLoadGen {
    pub fn new(clients: Vec<NodeId>, spec: RequestSpec, think: Dist, total: u64) -> Self {
        assert!(!clients.is_empty(), "at least one client");
        ClosedLoadGen {
            clients,
            spec,
            think,
            total,
            stats: ClientStats::default(),
        }
    }

    pub fn finished(&self) -> bool {
        self.stats.sent == self.total && self.stats.outstanding() == 0
    }
}

impl App for ClosedLoadGen {
    fn start(&mut self, ctx: &mut Ctx) {
        for i in 0..self.clients.len() {
            let d = self.think.sample(ctx.rng());
            ctx.set_timer_on(self.clients[i], d, i as u64);
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        if self.stats.sent < self.total {
            let req = self.stats.sent;
            let out = self.spec.packet(req, ctx.now(), token);
            ctx.send(out);
            self.stats.sent += 1;
        }
    }

    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        self.stats.answer(ctx.now(), pkt);
        if self.stats.sent < self.total {
            let d = self.think.sample(ctx.rng());
            ctx.set_timer(d, pkt.words[2]);
        }
    }
}
