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
//! The browser knows only the base page's path. Once the base HTML has
//! fully arrived (as the textbook model has it, not while its bytes arrive),
//! it parses the markup the answer carries ([`HttpMsg::body`]) for
//! `<link href>`, `<script src>` and `<img src>` and fetches what it found,
//! in document order.
//!
//! Besides a page, the browser can run a *request script*: a list of
//! requests (any method, with a body size), one after the other in the
//! order given (per connection policy as above). For pages and scripts
//! alike it follows the rules a real browser does:
//! - `301`: it asks again at the `Location` (at most [`MAX_REDIRECTS`] in a
//!   row), with the same method except that a POST becomes a GET; a
//!   redirected base page is still the page it parses;
//! - `401`: with credentials, it asks again with `Authorization`, once;
//! - a `200` GET with an `ETag` is cached; a later GET of that path is
//!   conditional (`If-None-Match`), and a `304` answers it from the cache;
//!   a PUT, POST or DELETE of a path drops the cached copy;
//! - other statuses (403, 404, 500, 503) end that request as they are.
//!
//! A connection that is refused (RST) or times out gives its
//! requests back; they are retried after `retry_delay`, at most
//! `max_retries` times in all.

use crate::names::Name;
use crate::net::Addr;
use crate::net::Packet;
use crate::proto::dns::{
    DnsResult, RData, RType, Rcode, RetryPolicy, Rr, STUB_TIMER, StubResolver,
};
use crate::proto::host::{Net, NetApp};
use crate::proto::http::{HttpKind, HttpMsg, Method, Status, referenced_paths, request_head};
use crate::proto::tcp::{ConnId, TcpEvent};
use crate::proto::tls::{TlsContent, TlsSession};
use crate::proto::{AppMsg, Message};
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

use super::web::{send_client_hello, send_tls};

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
    /// The second visit begins.
    pub const REVISIT: u32 = 7;
}

/// One request of a request script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptStep {
    pub method: Method,
    pub path: String,
    /// Request body (POST, PUT), bytes.
    pub body_bytes: u32,
}

impl ScriptStep {
    pub fn new(method: Method, path: &str, body_bytes: u32) -> ScriptStep {
        ScriptStep {
            method,
            path: path.to_string(),
            body_bytes,
        }
    }
}

/// Redirects followed in a row before giving up on a request.
pub const MAX_REDIRECTS: u32 = 5;

#[derive(Clone, Debug, PartialEq)]
pub struct BrowserConfig {
    pub host: String,
    pub port: u16,
    /// The page to load (ignored when `script` is not empty).
    pub base_path: String,
    /// Requests to run instead of loading a page.
    pub script: Vec<ScriptStep>,
    /// The browser knows a login: after a 401 it asks again with
    /// `Authorization`.
    pub credentials: bool,
    pub mode: HttpMode,
    pub parallel: u32,
    pub tls: bool,
    /// Start with the name's A record in the browser's cache (address, TTL s).
    pub prewarm_dns: Option<(Addr, u32)>,
    pub max_retries: u32,
    pub retry_delay: SimTime,
    /// Open the page again this long after it is complete, as a learner
    /// who comes back: the connections stay open meanwhile (browsers keep
    /// them for reuse), the name stays in the DNS cache, and unchanged
    /// files are asked for conditionally.
    pub revisit_after: Option<SimTime>,
    /// Ask the resolver by DNS over HTTPS, at this name (as browsers'
    /// "secure DNS" settings do), instead of UDP.
    pub doh: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Resolving,
    Loading,
    Complete,
    Failed,
}

/// Why the browser asked for something.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// The base page (or where its redirect led).
    #[default]
    Page,
    /// An object the page's HTML references.
    Ref,
    /// A step of the request script.
    Step,
}

/// One object's load (one request and its answer).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ObjectLoad {
    pub kind: ObjectKind,
    pub method: Method,
    pub path: Name,
    /// Request body, bytes.
    pub request_body_bytes: u32,
    /// The request was conditional (`If-None-Match` with this version).
    pub if_none_match: Option<u32>,
    /// The request carried `Authorization`.
    pub authorized: bool,
    /// This request repeats object `n` (after its 301 or 401).
    pub follows: Option<u32>,
    /// A 304 let the browser use its cached copy.
    pub from_cache: bool,
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
    /// Frame bytes received after the first byte until the page was
    /// complete: at the access line's rate, the time it spent sending them.
    pub wire_bytes_after_first_byte: u64,
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
    pub objects: Vec<ObjectLoad>,
    /// Cached bodies: path → (ETag version, body bytes).
    pub cache: BTreeMap<Name, (u32, u32)>,
    redirects: u32,
    discovered: bool,
    pending: VecDeque<usize>,
    pub conns: Vec<BrowserConn>,
    batch: usize,
    /// The first visit's phases.
    pub timeline: Timeline,
    /// The second visit's phases (see [`BrowserConfig::revisit_after`]).
    pub revisit: Timeline,
    pub stats: BrowserStats,
    retries: u32,
    /// 1 on the first visit, 2 on the second.
    visit: u32,
    /// The object that is this visit's base page.
    page: usize,
    /// The paths the base page's HTML references, kept for a second visit
    /// that gets `304 Not Modified` for it.
    page_refs: Vec<Name>,
}

const RETRY_TIMER: u64 = 1;
const REVISIT_TIMER: u64 = 2;

impl Browser {
    pub fn new(cfg: BrowserConfig, resolver: Addr, dns_retry: RetryPolicy) -> Browser {
        assert!(cfg.parallel >= 1, "at least one connection");
        let stub = match &cfg.doh {
            Some(name) => StubResolver::over_https(resolver, name, dns_retry),
            None => StubResolver::new(resolver, dns_retry),
        };
        Browser {
            cfg,
            stub,
            phase: Phase::Resolving,
            server: None,
            host: Name(0),
            objects: Vec::new(),
            cache: BTreeMap::new(),
            redirects: 0,
            discovered: false,
            pending: VecDeque::new(),
            conns: Vec::new(),
            batch: 1,
            timeline: Timeline::default(),
            revisit: Timeline::default(),
            stats: BrowserStats::default(),
            retries: 0,
            visit: 1,
            page: 0,
            page_refs: Vec::new(),
        }
    }

    /// Failed, or complete with no second visit still to come.
    pub fn is_done(&self) -> bool {
        match self.phase {
            Phase::Failed => true,
            Phase::Complete => self.revisit_after().is_none(),
            _ => false,
        }
    }

    /// When the second visit is due after the first is complete, if one is
    /// still to come (a request script has none).
    fn revisit_after(&self) -> Option<SimTime> {
        self.cfg
            .revisit_after
            .filter(|_| self.visit == 1 && self.cfg.script.is_empty())
    }

    /// The phases of the visit under way.
    fn visit_timeline(&mut self) -> &mut Timeline {
        if self.visit == 1 {
            &mut self.timeline
        } else {
            &mut self.revisit
        }
    }

    fn on_dns(&mut self, net: &mut Net, r: DnsResult) {
        self.visit_timeline().dns_end = Some(net.ctx.now());
        self.stats.dns_cached = r.cached;
        self.stats.dns_rcode = Some(r.rcode as u16);
        net.note(trace_code::DNS_DONE, r.cached as u64);
        match r.addr() {
            Some(a) if r.rcode == Rcode::NoError => {
                self.server = Some(a);
                self.phase = Phase::Loading;
                if self.cfg.script.is_empty() {
                    self.pending.push_back(self.page);
                } else {
                    self.pending.extend(0..self.objects.len());
                }
                self.pump(net);
            }
            _ => self.fail(net),
        }
    }

    fn fail(&mut self, net: &mut Net) {
        self.phase = Phase::Failed;
        net.note(trace_code::PAGE_FAILED, 0);
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
            self.visit_timeline().connect_start.get_or_insert(now);
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
        let ob = &mut self.objects[o];
        ob.if_none_match = match ob.method {
            Method::Get => self.cache.get(&ob.path).map(|&(v, _)| v),
            _ => None,
        };
        let ob = *ob;
        let head = request_head(
            ob.method,
            &self.cfg.host,
            net.ctx.name(ob.path),
            keep_alive,
            ob.if_none_match,
            ob.authorized,
            ob.request_body_bytes,
        );
        let msg = HttpMsg {
            kind: HttpKind::Request { method: ob.method },
            host: self.host,
            path: ob.path,
            head_bytes: head.len() as u32,
            body_bytes: ob.request_body_bytes,
            keep_alive,
            conditional: ob.if_none_match.is_some(),
            authorized: ob.authorized,
            refs: 0,
            location: Name(0),
            etag: ob.if_none_match.unwrap_or(0),
            body: Name(0),
            head: Name(0),
        };
        let now = net.ctx.now();
        let obj = &mut self.objects[o];
        obj.requested_at = Some(now);
        obj.conn = Some(i as u32);
        if o == self.page {
            self.visit_timeline().request_at.get_or_insert(now);
        }
        self.stats.requests += 1;
        let c = &mut self.conns[i];
        c.in_flight.push_back(o);
        c.requests += 1;
        let tcp = c.tcp;
        net.send_app(tcp, AppMsg::Http(msg), msg.total_bytes(), self.cfg.tls);
    }

    fn ready(&mut self, net: &mut Net, i: usize) {
        self.conns[i].phase = ConnPhase::Ready;
        if self.cfg.tls {
            let now = net.ctx.now();
            self.visit_timeline().tls_end.get_or_insert(now);
        }
        if self.cfg.tls {
            net.note(trace_code::TLS_DONE, i as u64);
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
        if o == self.page {
            self.visit_timeline().first_byte_at.get_or_insert(now);
        }
        let obj = &mut self.objects[o];
        obj.first_byte_at.get_or_insert(now);
        obj.wire_bytes += bytes as u64;
        if !complete {
            return;
        }
        obj.done_at = Some(now);
        obj.status = m.status().map(|s| s.code());
        obj.body_bytes = m.body_bytes;
        self.conns[i].in_flight.pop_front();
        net.note(trace_code::OBJECT_DONE, o as u64);
        self.on_answer(net, o, &m);
        if self.objects.iter().all(|o| o.done_at.is_some()) {
            self.phase = Phase::Complete;
            self.visit_timeline().complete_at = Some(now);
            net.note(trace_code::PAGE_DONE, self.objects.len() as u64 - 1);
            if let Some(after) = self.revisit_after() {
                // Keep the connections open for the second visit.
                net.set_timer(after, REVISIT_TIMER);
                return;
            }
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

    /// What an answer makes the browser do next (see the module docs).
    fn on_answer(&mut self, net: &mut Net, o: usize, m: &HttpMsg) {
        let ob = self.objects[o];
        let status = m.status();
        if ob.method != Method::Get {
            self.cache.remove(&ob.path);
        }
        if status != Some(Status::MovedPermanently) {
            self.redirects = 0;
        }
        match status {
            Some(Status::Ok) if ob.method == Method::Get && m.etag != 0 => {
                self.cache.insert(ob.path, (m.etag, m.body_bytes));
            }
            Some(Status::NotModified) => {
                self.objects[o].from_cache = true;
            }
            Some(Status::MovedPermanently)
                if m.location != Name(0) && self.redirects < MAX_REDIRECTS =>
            {
                self.redirects += 1;
                // As browsers do (RFC 9110 §15.4.2), a POST becomes a GET.
                let (method, body) = match ob.method {
                    Method::Post => (Method::Get, 0),
                    m => (m, ob.request_body_bytes),
                };
                return self.again(o, method, m.location, body, ob.authorized);
            }
            Some(Status::Unauthorized) if self.cfg.credentials && !ob.authorized => {
                return self.again(o, ob.method, ob.path, ob.request_body_bytes, true);
            }
            _ => {}
        }
        if ob.kind != ObjectKind::Page || self.discovered {
            return;
        }
        let refs = match status {
            Some(Status::Ok) => {
                let html = net.ctx.name(m.body).to_string();
                self.page_refs = referenced_paths(&html)
                    .iter()
                    .map(|p| net.ctx.intern(p))
                    .collect();
                self.page_refs.clone()
            }
            // The cached page references what it referenced before.
            Some(Status::NotModified) => self.page_refs.clone(),
            _ => return,
        };
        self.discovered = true;
        for path in &refs {
            self.objects.push(ObjectLoad {
                kind: ObjectKind::Ref,
                path: *path,
                ..ObjectLoad::default()
            });
            self.pending.push_back(self.objects.len() - 1);
        }
        self.batch = self.batch_for(refs.len());
    }

    /// Requests per connection batch: pipelined connections share the
    /// requests out evenly, the others take one at a time.
    fn batch_for(&self, n: usize) -> usize {
        match self.cfg.mode {
            HttpMode::Pipelined => n.div_ceil(self.cfg.parallel as usize).max(1),
            _ => 1,
        }
    }

    /// Asks again for object `o` (at `path`, with or without credentials),
    /// before anything else still pending.
    fn again(&mut self, o: usize, method: Method, path: Name, body: u32, authorized: bool) {
        let ob = self.objects[o];
        self.objects.push(ObjectLoad {
            kind: ob.kind,
            method,
            path,
            request_body_bytes: body,
            authorized,
            follows: Some(o as u32),
            ..ObjectLoad::default()
        });
        self.pending.push_front(self.objects.len() - 1);
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

    /// Looks the server's name up (answered at once from the cache).
    fn resolve(&mut self, net: &mut Net) {
        let now = net.ctx.now();
        self.visit_timeline().dns_start = Some(now);
        if let Some(r) = self.stub.lookup(net, self.host, RType::A) {
            self.on_dns(net, r);
        }
    }

    /// The learner opens the page again: a new base page object, found
    /// again from the top.
    fn revisit(&mut self, net: &mut Net) {
        self.visit = 2;
        net.note(trace_code::REVISIT, 0);
        self.phase = Phase::Resolving;
        self.discovered = false;
        self.redirects = 0;
        let path = net.ctx.intern(&self.cfg.base_path);
        self.objects.push(ObjectLoad {
            path,
            ..ObjectLoad::default()
        });
        self.page = self.objects.len() - 1;
        self.resolve(net);
    }

    fn conn_index(&self, c: ConnId) -> Option<usize> {
        self.conns.iter().position(|b| b.tcp == c)
    }
}

impl NetApp for Browser {
    fn on_arrival(&mut self, pkt: &Packet) {
        // What the line spent sending after the first byte (see
        // `PageLoadReport::sending_s`).
        let t = self.visit_timeline();
        if t.first_byte_at.is_some() && t.complete_at.is_none() {
            t.wire_bytes_after_first_byte += pkt.wire_bytes() as u64;
        }
    }

    fn start(&mut self, net: &mut Net) {
        let now = net.ctx.now();
        self.host = net.ctx.intern(&self.cfg.host);
        if self.cfg.script.is_empty() {
            let path = net.ctx.intern(&self.cfg.base_path);
            self.objects = vec![ObjectLoad {
                path,
                ..ObjectLoad::default()
            }];
        } else {
            // No page to discover: the script is the whole work.
            self.discovered = true;
            for s in &self.cfg.script {
                let path = net.ctx.intern(&s.path);
                self.objects.push(ObjectLoad {
                    kind: ObjectKind::Step,
                    method: s.method,
                    path,
                    request_body_bytes: s.body_bytes,
                    ..ObjectLoad::default()
                });
            }
            self.batch = self.batch_for(self.objects.len());
        }
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
        self.resolve(net);
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
        } else if token == REVISIT_TIMER {
            self.revisit(net);
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if self.stub.owns(ev.conn()) {
            if let Some(r) = self.stub.on_tcp(net, &ev)
                && self.phase == Phase::Resolving
            {
                self.on_dns(net, r);
            }
            return;
        }
        match ev {
            TcpEvent::Connected(c) => {
                let Some(i) = self.conn_index(c) else { return };
                let now = net.ctx.now();
                self.conns[i].established_at = Some(now);
                self.visit_timeline().connect_end.get_or_insert(now);
                net.note(trace_code::CONNECTED, i as u64);
                if self.phase != Phase::Loading {
                    self.conns[i].phase = ConnPhase::Done;
                    net.tcp.close(net.ctx, c);
                } else if self.cfg.tls {
                    let (s, _) = TlsSession::client();
                    self.conns[i].tls = Some(s);
                    self.conns[i].phase = ConnPhase::Handshaking;
                    send_client_hello(net, c, self.host);
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
