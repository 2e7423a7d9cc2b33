//! nginx in front of the replicas (`proxy_pass` to an `upstream` group), as
//! nginx.org documents it. Unlike the layer-4 relay, nginx is the client's
//! server: its kernel completes the client's handshake, nginx reads the
//! whole request (`proxy_request_buffering on`), and only then opens a
//! connection of its own to a replica, so idle and slow clients never reach
//! the replicas. Its defaults:
//!
//! - no active health checks (`health_check` is NGINX Plus's): a replica is
//!   known to be down only when a try fails. ngx_http_upstream_module,
//!   `server ... max_fails=1 fail_timeout=10s`: one failure within 10 s makes
//!   the server unavailable for 10 s; then one request tries it again
//!   (ngx_http_upstream_round_robin.c moves `checked` to now when it picks a
//!   server whose time is up, and a success after that clears `fails`).
//!   "If there is only a single server in a group, max_fails, fail_timeout
//!   and slow_start parameters are ignored."
//! - ngx_http_proxy_module: `proxy_next_upstream error timeout`: a refused
//!   or reset connection, or a time-out, passes the request on to the next
//!   server, each server once (`proxy_next_upstream_tries 0`: no other
//!   limit); `proxy_connect_timeout 60s`; `proxy_read_timeout 60s`. When no
//!   server is left, or none is live ("no live upstreams"), the client gets
//!   502 Bad Gateway, or 504 Gateway Timeout if the last try timed out.
//! - nginx's own machine retransmits an unanswered SYN as Linux does (1 s,
//!   doubling) until the connect time-out.
//!
//! The servers' state is shared by the workers, as with a `zone` (without
//! one each worker keeps its own). nginx's own limits (its listen backlog of
//! 511, 512 worker_connections per worker) are not reached by the lessons'
//! loads and are not modelled.

use super::{Balancer, Relay};
use crate::apps::concurrency::{FailReason, conn};
use crate::apps::wire::Place;
use crate::net::{Ctx, Packet};
use crate::time::SimTime;
use std::collections::BTreeMap;

/// `max_fails` (default 1).
const MAX_FAILS: u32 = 1;
/// `fail_timeout` (default 10 s).
const FAIL_TIMEOUT: SimTime = SimTime::from_secs(10);
/// `proxy_connect_timeout` (default 60 s).
const CONNECT_TIMEOUT: SimTime = SimTime::from_secs(60);
/// `proxy_read_timeout` (default 60 s).
const READ_TIMEOUT: SimTime = SimTime::from_secs(60);
/// The first retransmission timeout of a SYN (RFC 6298, Linux's
/// TCP_TIMEOUT_INIT), doubled at each retry.
const SYN_RTO: SimTime = SimTime::from_secs(1);

/// Timer kinds, in the low 4 bits of a token; then the request's
/// generation (12 bits) and its id.
const SYN_AGAIN: u64 = 1;
const CONNECT_EXPIRED: u64 = 2;
const READ_EXPIRED: u64 = 3;

/// One client request nginx holds.
#[derive(Clone, Copy, Debug)]
struct Request {
    /// The client's side, and the try in progress (`replica`, `opened`:
    /// when its SYN went, `established`: its handshake is done).
    relay: Relay,
    /// Replicas tried for this request, one bit each.
    tried: u64,
    /// Moves on at each new try and handshake, so older timers are ignored.
    generation: u64,
    /// SYNs sent again on the try in progress.
    syn_retries: u32,
}

/// nginx's requests and what it knows of each replica.
pub(super) struct State {
    requests: BTreeMap<u64, Request>,
    /// Failed tries counted towards `max_fails`.
    fails: Vec<u32>,
    /// When each replica last failed.
    accessed: Vec<SimTime>,
    /// When each replica last failed or was tried again after its
    /// `fail_timeout`.
    checked: Vec<SimTime>,
}

impl State {
    pub(super) fn new(replicas: usize) -> State {
        State {
            requests: BTreeMap::new(),
            fails: vec![0; replicas],
            accessed: vec![SimTime::ZERO; replicas],
            checked: vec![SimTime::ZERO; replicas],
        }
    }

    pub(super) fn requests(&self) -> usize {
        self.requests.len()
    }

    /// Whether nginx would send a new request to replica `i` at `now`.
    fn live(&self, i: usize, now: SimTime) -> bool {
        self.fails.len() == 1
            || self.fails[i] < MAX_FAILS
            || now.saturating_sub(self.checked[i]) > FAIL_TIMEOUT
    }
}

fn timer_token(req: u64, generation: u64, kind: u64) -> u64 {
    req << 16 | (generation & 0xFFF) << 4 | kind
}

impl Balancer {
    pub(super) fn nginx_from_client(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        let req = pkt.words[0];
        match pkt.tag {
            conn::SYN | conn::SYN_AGAIN => {
                let relay = match self.nginx.requests.get(&req) {
                    Some(r) => r.relay,
                    None => {
                        let relay = Relay::from_syn(pkt, ctx.now());
                        let request = Request {
                            relay,
                            tried: 0,
                            generation: 0,
                            syn_retries: 0,
                        };
                        self.nginx.requests.insert(req, request);
                        relay
                    }
                };
                // nginx's own kernel answers: the client is connected to
                // nginx, whatever the replicas are doing.
                self.to_client(ctx, &relay, conn::SYN_ACK, 0, relay.words);
            }
            conn::REQ => {
                let Some(r) = self.nginx.requests.get_mut(&req) else {
                    return;
                };
                if r.relay.request_sent {
                    return;
                }
                r.relay.request_sent = true;
                r.relay.req_bytes = pkt.payload_bytes;
                self.nginx_try_next(ctx, req, false);
            }
            conn::FIN => {
                // The client leaves (an idle connection closed, or a user
                // gave up): so does nginx's connection to the replica.
                if let Some(r) = self.nginx.requests.remove(&req)
                    && r.relay.attempts > 0
                {
                    self.view[r.relay.replica as usize].active -= 1;
                    self.to_replica(ctx, &r.relay, conn::FIN, 0, r.relay.words);
                }
            }
            // The handshake's last ACK and the first parts of a slow
            // request stay with nginx, which buffers the request.
            _ => {}
        }
    }

    pub(super) fn nginx_from_replica(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        let req = pkt.words[0];
        let Some(r) = self.nginx.requests.get_mut(&req) else {
            return;
        };
        if self.replicas[r.relay.replica as usize] != pkt.src {
            return; // from a replica this request has left
        }
        match pkt.tag {
            conn::SYN_ACK => {
                // The first, or one sent again because the replica's queue
                // had no room for the request that completes the handshake:
                // the request goes (again) either way.
                let again = r.relay.established;
                if !again {
                    r.relay.established = true;
                    r.generation += 1;
                    let t = timer_token(req, r.generation, READ_EXPIRED);
                    ctx.set_timer(READ_TIMEOUT, t);
                }
                let r = r.relay;
                let out = self.back(r.replica, r.back_port, conn::REQ, r.req_bytes, r.words);
                self.emit(ctx, out, Place { again, after: 0 });
            }
            conn::RESP | conn::FAIL => {
                let r = self.nginx.requests.remove(&req).expect("request");
                let i = r.relay.replica as usize;
                self.view[i].active -= 1;
                if self.nginx.accessed[i] < self.nginx.checked[i] {
                    self.nginx.fails[i] = 0;
                }
                self.to_client(ctx, &r.relay, pkt.tag, pkt.payload_bytes, pkt.words);
            }
            // Refused, or reset: an error, and the next server is tried.
            conn::RST => self.nginx_failed(ctx, req, false),
            _ => {}
        }
    }

    pub(super) fn nginx_timer(&mut self, ctx: &mut Ctx, token: u64) {
        let (req, generation, kind) = (token >> 16, token >> 4 & 0xFFF, token & 0xF);
        let Some(r) = self.nginx.requests.get_mut(&req) else {
            return;
        };
        if r.generation & 0xFFF != generation {
            return;
        }
        match kind {
            SYN_AGAIN => {
                r.syn_retries += 1;
                let rto = SimTime::from_nanos(SYN_RTO.as_nanos() << r.syn_retries);
                let (relay, t) = (r.relay, timer_token(req, r.generation, SYN_AGAIN));
                self.to_replica(ctx, &relay, conn::SYN_AGAIN, 0, relay.words);
                ctx.set_timer(rto, t);
            }
            _ => self.nginx_failed(ctx, req, true),
        }
    }

    /// The try in progress failed: the replica is marked (max_fails in
    /// fail_timeout) and the request passed to the next server.
    fn nginx_failed(&mut self, ctx: &mut Ctx, req: u64, timed_out: bool) {
        let r = self.nginx.requests.get(&req).expect("request");
        let i = r.relay.replica as usize;
        self.view[i].active -= 1;
        let now = ctx.now();
        self.nginx.fails[i] += 1;
        self.nginx.accessed[i] = now;
        self.nginx.checked[i] = now;
        // nginx closes its connection after a time-out (after the
        // replica's RST there is none left).
        if timed_out {
            self.to_replica(ctx, &r.relay, conn::FIN, 0, r.relay.words);
        }
        self.nginx_try_next(ctx, req, timed_out);
    }

    /// Sends the request to a live replica it has not tried yet, or
    /// answers the client 502 (504 if the last try timed out).
    fn nginx_try_next(&mut self, ctx: &mut Ctx, req: u64, timed_out: bool) {
        let now = ctx.now();
        let tried = self.nginx.requests[&req].tried;
        let eligible: Vec<bool> = (0..self.view.len())
            .map(|i| tried & 1 << i == 0 && self.nginx.live(i, now))
            .collect();
        for (i, view) in self.view.iter_mut().enumerate() {
            view.healthy = self.nginx.live(i, now);
        }
        let Some(i) = self.pick_among(ctx, &eligible) else {
            let r = self.nginx.requests.remove(&req).expect("request");
            let reason = if timed_out {
                FailReason::GatewayTimeout
            } else {
                FailReason::RetriesExhausted
            };
            self.fail(ctx, &r.relay, reason);
            return;
        };
        let back_port = self.ports.take();
        let state = &mut self.nginx;
        if now.saturating_sub(state.checked[i as usize]) > FAIL_TIMEOUT {
            state.checked[i as usize] = now;
        }
        let r = state.requests.get_mut(&req).expect("request");
        if r.tried != 0 {
            self.retries += 1;
        }
        r.tried |= 1 << i;
        r.relay.replica = i;
        r.relay.back_port = back_port;
        r.relay.attempts += 1;
        r.relay.established = false;
        r.relay.opened = now;
        r.syn_retries = 0;
        r.generation += 1;
        let (relay, generation) = (r.relay, r.generation);
        let view = &mut self.view[i as usize];
        view.sent += 1;
        view.active += 1;
        self.to_replica(ctx, &relay, conn::SYN, 0, relay.words);
        ctx.set_timer(SYN_RTO, timer_token(req, generation, SYN_AGAIN));
        ctx.set_timer(
            CONNECT_TIMEOUT,
            timer_token(req, generation, CONNECT_EXPIRED),
        );
    }
}
