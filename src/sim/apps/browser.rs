//! The browser: resolves the server's name (stub resolver with a TTL cache),
//! opens TCP connections (and TLS), fetches the base HTML page, discovers the
//! objects it references, fetches them, and notes when the page is complete.
//!
//! Connection policy, with at most `parallel` connections at once:
//! - non-persistent: one object per connection (`Connection: close`; the
//!   server closes), a new connection as soon as an answer is complete;
//! - persistent: connections stay open; each carries one request at a time;
//! - pipelined: connections stay open; the objects are split into
//!   `ceil(M / parallel)`-request batches sent back to back, answered in order.
//!
//! The base page's answer says how many objects it references (`refs`); the
//! browser knows their paths from its configuration, as if it had parsed
//! the HTML. A connection that is refused (RST) or times out gives its
//! requests back; they are retried after `retry_delay`, at most
//! `max_retries` times in all.

use crate::sim::names::Name;
use crate::sim::net::Addr;
use crate::sim::net::Packet;
use crate::sim::proto::dns::{
    DnsResult, RData, RType, Rcode, RetryPolicy, Rr, STUB_TIMER, StubResolver,
};
use crate::sim::proto::host::{Net, NetApp};
use crate::sim::proto::http::{HttpKind, HttpMsg, Method, request_head};
use crate::sim::proto::tcp::{ConnId, TcpEvent};
use crate::sim::proto::tls::{TlsContent, TlsRecord, TlsSession, app_data_wire_bytes};
use crate::sim::proto::{AppMsg, Message};
use crate::sim::time::SimTime;
use crate::sim::trace::TraceEvent;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

use super::web::send_tls;

/// How the browser uses connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HttpMode {
    NonPersistent,
    Persistent,
    Pipelined,
}

impl HttpMode {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMode::NonPersistent => "nonpersistent",
            HttpMode::Persistent => "persistent",
            HttpMode::Pipelined => "pipelined",
        }
    }
}

/// `code` of the browser's [`TraceEvent::App`] records (the narration).
pub mod trace_code {
    /// DNS answer (value: 1 if from the browser's cache).
    pub const DNS_DONE: u32 = 1;
    /// A connection is established (value: connection number).
    pub const CONNECTED: u32 = 2;
    /// TLS handshake done (value: connection number).
    pub const TLS_DONE: u32 = 3;
    /// An object is complete (value: object index, 0 = base page).
    pub const OBJECT_DONE: u32 = 4;
    /// The page is complete (value: objects).
    pub const PAGE_DONE: u32 = 5;
    /// The page load failed.
    pub const PAGE_FAILED: u32 = 6;
}

#[derive(Clone, Debug, PartialEq)]
pub struct BrowserConfig {
    pub host: String,
    pub port: u16,
    pub base_path: String,
    /// Paths of the objects the base page references, in order.
    pub object_paths: Vec<String>,
    pub mode: HttpMode,
    pub parallel: u32,
    pub tls: bool,
    /// Start with the name's A record in the browser's cache (address, TTL s).
    pub prewarm_dns: Option<(Addr, u32)>,
    pub max_retries: u32,
    pub retry_delay: SimTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Resolving,
    Loading,
    Complete,
    Failed,
}

/// One object's load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ObjectLoad {
    pub path: Name,
    /// Index of the browser connection that fetched it.
    pub conn: Option<u32>,
    pub requested_at: Option<SimTime>,
    pub first_byte_at: Option<SimTime>,
    pub done_at: Option<SimTime>,
    pub status: Option<u16>,
    /// Body bytes received (the HTTP message's, without TLS overhead).
    pub body_bytes: u32,
    /// TCP payload bytes received for it.
    pub wire_bytes: u64,
}

/// When each phase of the page load began and ended (first connection).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub dns_start: Option<SimTime>,
    pub dns_end: Option<SimTime>,
    pub connect_start: Option<SimTime>,
    pub connect_end: Option<SimTime>,
    pub tls_end: Option<SimTime>,
    pub request_at: Option<SimTime>,
    pub first_byte_at: Option<SimTime>,
    pub complete_at: Option<SimTime>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnPhase {
    Connecting,
    Handshaking,
    Ready,
    Done,
}

/// One of the browser's connections.
#[derive(Clone, Debug, Serialize)]
pub struct BrowserConn {
    pub tcp: ConnId,
    pub phase: ConnPhase,
    #[serde(skip)]
    tls: Option<TlsSession>,
    assigned: VecDeque<usize>,
    in_flight: VecDeque<usize>,
    pub opened_at: SimTime,
    pub established_at: Option<SimTime>,
    pub requests: u32,
}

/// What the browser counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BrowserStats {
    pub connections: u32,
    pub refused: u32,
    pub timed_out: u32,
    pub requests: u32,
    pub dns_cached: bool,
    pub dns_rcode: Option<u16>,
}

pub struct Browser {
    pub cfg: BrowserConfig,
    pub stub: StubResolver,
    pub phase: Phase,
    pub server: Option<Addr>,
    host: Name,
    paths: Vec<Name>,
    pub objects: Vec<ObjectLoad>,
    discovered: bool,
    pending: VecDeque<usize>,
    pub conns: Vec<BrowserConn>,
    batch: usize,
    pub timeline: Timeline,
    pub stats: BrowserStats,
    retries: u32,
}

const RETRY_TIMER: u64 = 1;

impl Browser {
    pub fn new(cfg: BrowserConfig, resolver: Addr, dns_retry: RetryPolicy) -> Browser {
        assert!(cfg.parallel >= 1, "at least one connection");
        Browser {
            cfg,
            stub: StubResolver::new(resolver, dns_retry),
            phase: Phase::Resolving,
            server: None,
            host: Name(0),
            paths: Vec::new(),
            objects: Vec::new(),
            discovered: false,
            pending: VecDeque::new(),
            conns: Vec::new(),
            batch: 1,
            timeline: Timeline::default(),
            stats: BrowserStats::default(),
            retries: 0,
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self.phase, Phase::Complete | Phase::Failed)
    }

    fn note(&self, net: &mut Net, code: u32, value: u64) {
        let (node, app) = (net.ctx.node(), net.ctx.app());
        net.ctx.trace(TraceEvent::App {
            node,
            app,
            code,
            value,
        });
    }

    fn on_dns(&mut self, net: &mut Net, r: DnsResult) {
        self.timeline.dns_end = Some(net.ctx.now());
        self.stats.dns_cached = r.cached;
        self.stats.dns_rcode = Some(r.rcode as u16);
        self.note(net, trace_code::DNS_DONE, r.cached as u64);
        match r.addr() {
            Some(a) if r.rcode == Rcode::NoError => {
                self.server = Some(a);
                self.phase = Phase::Loading;
                self.pending.push_back(0);
                self.pump(net);
            }
            _ => self.fail(net),
        }
    }

    fn fail(&mut self, net: &mut Net) {
        self.phase = Phase::Failed;
        self.note(net, trace_code::PAGE_FAILED, 0);
    }

    fn active(&self) -> usize {
        self.conns
            .iter()
            .filter(|c| {
                c.phase != ConnPhase::Done
                    && (self.cfg.mode != HttpMode::NonPersistent
                        || !c.assigned.is_empty()
                        || !c.in_flight.is_empty())
            })
            .count()
    }

    fn pump(&mut self, net: &mut Net) {
        if self.phase != Phase::Loading {
            return;
        }
        let mode = self.cfg.mode;
        for i in 0..self.conns.len() {
            if self.conns[i].phase != ConnPhase::Ready {
                continue;
            }
            loop {
                let c = &mut self.conns[i];
                if mode != HttpMode::NonPersistent
                    && c.assigned.is_empty()
                    && c.in_flight.is_empty()
                {
                    let n = self.batch.min(self.pending.len());
                    c.assigned.extend(self.pending.drain(..n));
                }
                let can = mode == HttpMode::Pipelined || c.in_flight.is_empty();
                if !can {
                    break;
                }
                let Some(o) = c.assigned.pop_front() else {
                    break;
                };
                self.request(net, i, o);
            }
        }
        while !self.pending.is_empty() && self.active() < self.cfg.parallel as usize {
            let n = if mode == HttpMode::NonPersistent {
                1
            } else {
                self.batch.min(self.pending.len())
            };
            let Some(server) = self.server else { return };
            let now = net.ctx.now();
            let tcp = net.tcp.connect(net.ctx, server, self.cfg.port);
            if self.timeline.connect_start.is_none() {
                self.timeline.connect_start = Some(now);
            }
            self.stats.connections += 1;
            let assigned: VecDeque<usize> = self.pending.drain(..n).collect();
            self.conns.push(BrowserConn {
                tcp,
                phase: ConnPhase::Connecting,
                tls: None,
                assigned,
                in_flight: VecDeque::new(),
                opened_at: now,
                established_at: None,
                requests: 0,
            });
        }
    }

    fn request(&mut self, net: &mut Net, i: usize, o: usize) {
        let keep_alive = self.cfg.mode != HttpMode::NonPersistent;
        let path = self.paths[o];
        let head = request_head(
            Method::Get,
            &self.cfg.host,
            net.ctx.name(path),
            keep_alive,
            false,
            false,
            0,
        );
        let msg = HttpMsg {
            kind: HttpKind::Request {
                method: Method::Get,
            },
            host: self.host,
            path,
            head_bytes: head.len() as u32,
            body_bytes: 0,
            keep_alive,
            conditional: false,
            authorized: false,
            refs: 0,
            location: Name(0),
        };
        let (len, tls) = if self.cfg.tls {
            (
                app_data_wire_bytes(msg.total_bytes()),
                Some(TlsRecord::app_data()),
            )
        } else {
            (msg.total_bytes(), None)
        };
        let now = net.ctx.now();
        let obj = &mut self.objects[o];
        obj.requested_at = Some(now);
        obj.conn = Some(i as u32);
        if o == 0 && self.timeline.request_at.is_none() {
            self.timeline.request_at = Some(now);
        }
        self.stats.requests += 1;
        let c = &mut self.conns[i];
        c.in_flight.push_back(o);
        c.requests += 1;
        let tcp = c.tcp;
        net.tcp.send(
            net.ctx,
            tcp,
            len,
            Message {
                tcp: None,
                tls,
                app: AppMsg::Http(msg),
            },
        );
    }

    fn ready(&mut self, net: &mut Net, i: usize) {
        self.conns[i].phase = ConnPhase::Ready;
        if self.cfg.tls && self.timeline.tls_end.is_none() {
            self.timeline.tls_end = Some(net.ctx.now());
        }
        if self.cfg.tls {
            self.note(net, trace_code::TLS_DONE, i as u64);
        }
        self.pump(net);
    }

    fn on_response_part(
        &mut self,
        net: &mut Net,
        i: usize,
        bytes: u32,
        m: HttpMsg,
        complete: bool,
    ) {
        let Some(&o) = self.conns[i].in_flight.front() else {
            return;
        };
        let now = net.ctx.now();
        let obj = &mut self.objects[o];
        obj.first_byte_at.get_or_insert(now);
        obj.wire_bytes += bytes as u64;
        if o == 0 && self.timeline.first_byte_at.is_none() {
            self.timeline.first_byte_at = Some(now);
        }
        if !complete {
            return;
        }
        obj.done_at = Some(now);
        obj.status = m.status().map(|s| s.code());
        obj.body_bytes = m.body_bytes;
        self.conns[i].in_flight.pop_front();
        self.note(net, trace_code::OBJECT_DONE, o as u64);
        if o == 0 && !self.discovered {
            self.discovered = true;
            let m_refs = (m.refs as usize).min(self.objects.len() - 1);
            self.pending.extend(1..=m_refs);
            self.objects.truncate(m_refs + 1);
            self.batch = match self.cfg.mode {
                HttpMode::Pipelined => m_refs.div_ceil(self.cfg.parallel as usize).max(1),
                _ => 1,
            };
        }
        if self.objects.iter().all(|o| o.done_at.is_some()) {
            self.phase = Phase::Complete;
            self.timeline.complete_at = Some(now);
            self.note(net, trace_code::PAGE_DONE, self.objects.len() as u64 - 1);
            for c in &mut self.conns {
                if c.phase == ConnPhase::Ready {
                    c.phase = ConnPhase::Done;
                    net.tcp.close(net.ctx, c.tcp);
                }
            }
            return;
        }
        self.pump(net);
    }

    /// A connection ended early: give its requests back.
    fn lost(&mut self, net: &mut Net, i: usize) {
        let c = &mut self.conns[i];
        c.phase = ConnPhase::Done;
        let mut back: Vec<usize> = c.in_flight.drain(..).collect();
        back.extend(c.assigned.drain(..));
        if back.is_empty() || self.phase != Phase::Loading {
            return;
        }
        for &o in back.iter().rev() {
            self.pending.push_front(o);
        }
        self.retries += 1;
        if self.retries > self.cfg.max_retries {
            self.fail(net);
        } else {
            net.set_timer(self.cfg.retry_delay, RETRY_TIMER);
        }
    }

    fn conn_index(&self, c: ConnId) -> Option<usize> {
        self.conns.iter().position(|b| b.tcp == c)
    }
}

impl NetApp for Browser {
    fn start(&mut self, net: &mut Net) {
        let now = net.ctx.now();
        self.host = net.ctx.intern(&self.cfg.host);
        let base = net.ctx.intern(&self.cfg.base_path);
        self.paths = vec![base];
        for p in &self.cfg.object_paths {
            let n = net.ctx.intern(p);
            self.paths.push(n);
        }
        self.objects = self
            .paths
            .iter()
            .map(|&path| ObjectLoad {
                path,
                ..ObjectLoad::default()
            })
            .collect();
        if let Some((addr, ttl)) = self.cfg.prewarm_dns {
            let rr = Rr {
                name: self.host,
                rtype: RType::A,
                ttl,
                data: RData::A(addr),
            };
            self.stub
                .cache
                .put(now, self.host, RType::A, Rcode::NoError, vec![rr], ttl);
        }
        self.timeline.dns_start = Some(now);
        if let Some(r) = self.stub.lookup(net, self.host, RType::A) {
            self.on_dns(net, r);
        }
    }

    fn on_udp(&mut self, net: &mut Net, _pkt: &Packet, msg: Option<&Message>) {
        if let Some(Message {
            app: AppMsg::Dns(d),
            ..
        }) = msg
            && self.phase == Phase::Resolving
            && let Some(r) = self.stub.on_response(net, d)
        {
            self.on_dns(net, r);
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        if token & STUB_TIMER != 0 {
            if let Some(r) = self.stub.on_timer(net, token)
                && self.phase == Phase::Resolving
            {
                self.on_dns(net, r);
            }
        } else if token == RETRY_TIMER {
            self.pump(net);
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Connected(c) => {
                let Some(i) = self.conn_index(c) else { return };
                let now = net.ctx.now();
                self.conns[i].established_at = Some(now);
                if self.timeline.connect_end.is_none() {
                    self.timeline.connect_end = Some(now);
                }
                self.note(net, trace_code::CONNECTED, i as u64);
                if self.phase != Phase::Loading {
                    self.conns[i].phase = ConnPhase::Done;
                    net.tcp.close(net.ctx, c);
                } else if self.cfg.tls {
                    let (s, first) = TlsSession::client();
                    self.conns[i].tls = Some(s);
                    self.conns[i].phase = ConnPhase::Handshaking;
                    send_tls(net, c, &[first]);
                } else {
                    self.ready(net, i);
                }
            }
            TcpEvent::Data {
                conn,
                bytes,
                msg,
                complete,
            } => {
                let Some(i) = self.conn_index(conn) else {
                    return;
                };
                if let Some(rec) = msg.tls
                    && rec.content != TlsContent::ApplicationData
                {
                    if !complete {
                        return;
                    }
                    let Some(t) = self.conns[i].tls.as_mut() else {
                        return;
                    };
                    let out = t.on_record(rec.content);
                    let connected = t.is_connected();
                    send_tls(net, conn, out);
                    if connected {
                        self.ready(net, i);
                    }
                    return;
                }
                if let AppMsg::Http(m) = msg.app {
                    self.on_response_part(net, i, bytes, m, complete);
                }
            }
            TcpEvent::PeerClosed(c) => {
                net.tcp.close(net.ctx, c);
                if let Some(i) = self.conn_index(c) {
                    self.lost(net, i);
                }
            }
            TcpEvent::Reset { conn, refused } => {
                if refused {
                    self.stats.refused += 1;
                }
                if let Some(i) = self.conn_index(conn) {
                    self.lost(net, i);
                }
            }
            TcpEvent::TimedOut(c) => {
                self.stats.timed_out += 1;
                if let Some(i) = self.conn_index(c) {
                    self.lost(net, i);
                }
            }
            TcpEvent::Closed(c) => {
                if let Some(i) = self.conn_index(c) {
                    self.conns[i].phase = ConnPhase::Done;
                }
            }
            TcpEvent::Accepted { .. } => {}
        }
    }
}
