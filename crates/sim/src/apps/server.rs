//! A request/response server: `c` workers, a service-time distribution, and a
//! bounded FIFO accept queue. A request that finds every worker busy waits in
//! the queue; one that finds the queue full too is refused, and the client is
//! told with a [`msg::REFUSED`] packet.

use super::msg;
use crate::metrics::{Histogram, TimeWeighted};
use crate::net::{Addr, App, Ctx, Outgoing, Packet, Proto};
use crate::rng::Dist;
use crate::time::SimTime;
use crate::trace::TraceEvent;
use std::collections::VecDeque;

/// How a server behaves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ServerConfig {
    /// Requests served at the same time (`c`).
    pub workers: u32,
    /// Places in the accept queue, not counting requests in service
    /// (`None`: unbounded). Kendall's system capacity K is `workers + this`.
    pub queue_capacity: Option<u32>,
    pub service: Dist,
    /// Payload of a response.
    pub response_bytes: u32,
    /// Payload of a refusal.
    pub refusal_bytes: u32,
}

#[derive(Clone, Copy, Debug)]
struct Job {
    client: Addr,
    client_port: u16,
    proto: Proto,
    words: [u64; 3],
    arrived: SimTime,
}

/// What the server counted.
#[derive(Clone, Debug, Default)]
pub struct ServerStats {
    pub accepted: u64,
    pub queued: u64,
    /// Requests whose service has begun.
    pub started: u64,
    pub served: u64,
    pub refused: u64,
    /// Workers busy over time (utilisation = mean / workers).
    pub busy_workers: TimeWeighted,
    /// Requests waiting in the accept queue over time.
    pub queue_len: TimeWeighted,
    /// Time from arrival at the server to the end of service.
    pub sojourn: Histogram,
    /// Total time spent waiting in the queue, ns.
    pub wait_total_ns: u128,
}

/// The server application; bind it to a port on its node.
pub struct RequestServer {
    cfg: ServerConfig,
    port: u16,
    workers: Vec<Option<(Job, SimTime)>>,
    free: Vec<u32>,
    queue: VecDeque<Job>,
    pub stats: ServerStats,
}

impl RequestServer {
    pub fn new(cfg: ServerConfig, port: u16) -> RequestServer {
        assert!(cfg.workers > 0, "a server needs at least one worker");
        RequestServer {
            cfg,
            port,
            workers: vec![None; cfg.workers as usize],
            free: (0..cfg.workers).rev().collect(),
            queue: VecDeque::new(),
            stats: ServerStats::default(),
        }
    }

    pub fn config(&self) -> &ServerConfig {
        &self.cfg
    }

    /// Requests in service now.
    pub fn busy(&self) -> usize {
        self.workers.len() - self.free.len()
    }

    /// Requests waiting now.
    pub fn waiting(&self) -> usize {
        self.queue.len()
    }

    fn start_service(&mut self, ctx: &mut Ctx, w: u32, job: Job) {
        let now = ctx.now();
        self.stats.started += 1;
        self.stats.wait_total_ns += (now - job.arrived).as_nanos() as u128;
        self.workers[w as usize] = Some((job, now));
        let d = self.cfg.service.sample(ctx.rng());
        ctx.set_timer(d, w as u64);
    }

    fn reply(&self, ctx: &mut Ctx, job: &Job, tag: u32, bytes: u32) {
        let out = Outgoing {
            dst: job.client,
            proto: job.proto,
            src_port: self.port,
            dst_port: job.client_port,
            payload_bytes: bytes,
            tag,
            words: job.words,
        };
        ctx.send(out);
    }
}

impl App for RequestServer {
    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        if pkt.tag != msg::REQUEST {
            return;
        }
        let now = ctx.now();
        let server = ctx.app();
        let req = pkt.words[0];
        let job = Job {
            client: pkt.src,
            client_port: pkt.src_port,
            proto: pkt.proto,
            words: pkt.words,
            arrived: now,
        };
        if let Some(w) = self.free.pop() {
            self.stats.accepted += 1;
            ctx.trace(TraceEvent::ReqAccepted { server, req });
            self.stats
                .busy_workers
                .set(now, (self.workers.len() - self.free.len()) as u64);
            self.start_service(ctx, w, job);
        } else if self
            .cfg
            .queue_capacity
            .is_none_or(|k| (self.queue.len() as u64) < k as u64)
        {
            self.stats.accepted += 1;
            self.stats.queued += 1;
            ctx.trace(TraceEvent::ReqAccepted { server, req });
            ctx.trace(TraceEvent::ReqQueued {
                server,
                req,
                queue_len: self.queue.len() as u32,
            });
            self.queue.push_back(job);
            self.stats.queue_len.set(now, self.queue.len() as u64);
        } else {
            self.stats.refused += 1;
            ctx.trace(TraceEvent::ReqRefused { server, req });
            self.reply(ctx, &job, msg::REFUSED, self.cfg.refusal_bytes);
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        let w = token as u32;
        let now = ctx.now();
        let (job, started) = self.workers[w as usize]
            .take()
            .expect("service timer for an idle worker");
        self.stats.served += 1;
        self.stats.sojourn.record(now - job.arrived);
        ctx.trace(TraceEvent::ReqServed {
            server: ctx.app(),
            req: job.words[0],
            t_start: started,
        });
        self.reply(ctx, &job, msg::RESPONSE, self.cfg.response_bytes);
        if let Some(next) = self.queue.pop_front() {
            self.stats.queue_len.set(now, self.queue.len() as u64);
            self.start_service(ctx, w, next);
        } else {
            self.free.push(w);
            self.stats
                .busy_workers
                .set(now, (self.workers.len() - self.free.len()) as u64);
        }
    }
}
