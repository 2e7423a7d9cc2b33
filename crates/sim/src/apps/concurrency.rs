//! Servers under load: how a server's concurrency model decides who is
//! served, who waits and who is refused.
//!
//! # The wire protocol
//!
//! Requests travel as real TCP-sized packets ([`Proto::Tcp`], 20-byte TCP
//! headers) but with a compact connection protocol ([`conn`] tags) instead of
//! the full [`crate::proto::tcp`] state machine: a connection opens with
//! a SYN that the server's kernel answers with a SYN-ACK; the client's first
//! segment after it (its request, or the first part a slow client trickles)
//! completes the handshake, as the final ACK does, and the connection joins
//! the accept queue or the application; the server answers and closes. Links
//! in the load scenario are lossless, so one connection costs four packets
//! instead of TCP's seven-plus: a 10 000-client run stays cheap enough to
//! animate. Each packet's words are `[request id, client send time ns, user]`.
//!
//! # When there is no room
//!
//! What a full server does depends on its operating system and software
//! ([`Overflow`]): Linux drops the SYN (the client retransmits it after 1 s,
//! then 2 s, …), Windows answers with a RST, http.sys (IIS) or a proxy with a
//! limit accepts the connection and answers HTTP 503. A port nobody listens
//! on answers every SYN with a RST; a machine that is off answers nothing.
//!
//! # The model
//!
//! A [`ServerModel`] is a handful of limits and three yes/no properties:
//!
//! - `max_connections`: connections the application has accepted (idle or
//!   busy). More wait in the kernel's accept `backlog`; beyond that, RST.
//! - `threads`: handlers that can run at once (worker processes/threads, or
//!   event loops). A request needs a thread to run its handler.
//! - `idle_holds_thread`: a thread (process) per connection, from accept to
//!   close, even when it sends nothing (Apache prefork, Flask): then
//!   `max_connections` is at most `threads`.
//! - `read_holds_thread`: a thread is taken as soon as request bytes arrive
//!   and held while a slow client trickles the rest (blocking reads).
//! - `io_holds_thread`: an I/O-bound handler blocks its thread while it waits
//!   on the database (servlets, PHP); an event loop registers a callback and
//!   runs other handlers meanwhile (Node.js, Nginx proxying).
//! - `cpu_slots`: handlers that may compute at once (Ruby's or Python's
//!   global interpreter lock: 1), on top of `threads`.
//!
//! A [`Handler::Cpu`] holds a thread and a CPU slot for its service time. A
//! [`Handler::Io`] spends its service time waiting on a database through a
//! connection pool (see [`Database`]).

use super::wire;
use crate::metrics::{Histogram, TimeWeighted};
use crate::net::{Addr, App, Ctx, Outgoing, Packet, Proto};
use crate::rng::Dist;
use crate::time::SimTime;
use crate::trace::TraceEvent;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

/// Message tags of the load protocol (see the module documentation).
pub mod conn {
    /// Client → server: open a connection.
    pub const SYN: u32 = 10;
    /// Server → client: the handshake completed (accepted or in backlog).
    pub const SYN_ACK: u32 = 11;
    /// Client → server: the first bytes of a request that trickles in.
    pub const REQ_PART: u32 = 12;
    /// Client → server: the (rest of the) request.
    pub const REQ: u32 = 13;
    /// Server → client: the response; the connection then closes.
    pub const RESP: u32 = 14;
    /// Server → client: reset. Before the SYN-ACK: connection refused.
    /// After it: the connection was aborted (server process killed).
    pub const RST: u32 = 15;
    /// Client → server: close an idle connection.
    pub const FIN: u32 = 16;
    /// Balancer or server → client: an error response (HTTP 502/503), the
    /// [`super::FailReason`] packed in the words ([`super::fail_words`]).
    pub const FAIL: u32 = 17;
    /// Balancer → server: health check (a TCP connect check).
    pub const PROBE: u32 = 18;
    /// Server → balancer: the health check succeeded.
    pub const PROBE_OK: u32 = 19;
    /// Client → server: a SYN sent again after a retransmission timeout
    /// (handled as [`SYN`]; the capture marks it a retransmission).
    pub const SYN_AGAIN: u32 = 20;
    /// Client → server: the handshake's final ACK, alone (a connection
    /// opened to be held idle sends no request).
    pub const ACK: u32 = 21;
}

/// Why a request failed (it was accepted, or in flight, and then not served).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailReason {
    /// The application's database pool had no connection (the database
    /// refused them: its `max_connections` was reached).
    DbUnavailable,
    /// The balancer had no healthy replica to send to (HTTP 503).
    NoHealthyReplica,
    /// Every retry was refused (HTTP 502 after the retries).
    RetriesExhausted,
    /// The server had no room and said so itself (HTTP 503 from http.sys
    /// past its queue, or from a proxy at its limit): a refusal, not a
    /// failure, in the users' counts.
    Overloaded,
    /// The replica took the request and never answered (its machine went
    /// off): the balancer gave up after its server timeout (HTTP 504).
    GatewayTimeout,
}

impl FailReason {
    pub const ALL: [FailReason; 5] = [
        FailReason::DbUnavailable,
        FailReason::NoHealthyReplica,
        FailReason::RetriesExhausted,
        FailReason::Overloaded,
        FailReason::GatewayTimeout,
    ];
    pub fn code(self) -> u64 {
        self as u64
    }
    pub fn from_code(c: u64) -> FailReason {
        Self::ALL[(c as usize).min(Self::ALL.len() - 1)]
    }
}

/// A FAIL packet keeps the request id and send time and puts the reason in
/// the top 16 bits of the user word: `user | reason << 48`.
pub fn fail_words(words: [u64; 3], reason: FailReason) -> [u64; 3] {
    [words[0], words[1], words[2] | reason.code() << 48]
}

/// The user index of a packet's words (without a FAIL reason).
pub fn user_of(words: [u64; 3]) -> u64 {
    words[2] & ((1 << 48) - 1)
}

/// The reason of a FAIL packet.
pub fn reason_of(words: [u64; 3]) -> FailReason {
    FailReason::from_code(words[2] >> 48)
}

/// The family a concurrency model belongs to, for the UI's labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// A process or thread per connection (Apache prefork, Tomcat, IIS).
    WorkerPool,
    /// Few threads, each an event loop multiplexing many connections.
    EventLoop,
    /// One request at a time (or one at a time on the CPU: a GIL).
    SingleThreaded,
}

/// What a server does with a connection when the application and its accept
/// queue are full.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Overflow {
    /// Linux with `net.ipv4.tcp_abort_on_overflow = 0`, the default: a SYN
    /// that finds the accept queue full is dropped (tcp_conn_request: "if
    /// (sk_acceptq_is_full(sk)) … goto drop"), and so is a handshake's final
    /// ACK that finds it full (tcp_check_req, listen_overflow: the request is
    /// marked acked and the SYN-ACK is sent again on its timer). The client
    /// only sees a slow connect, or a time-out.
    SynDrop,
    /// Linux with `net.ipv4.tcp_abort_on_overflow = 1`: SYNs are still
    /// dropped when the queue is full, but a final ACK that finds it full is
    /// answered with a RST (ip-sysctl: "If listening service is too slow to
    /// accept new connections, reset them").
    AbortOnOverflow,
    /// Windows: "If a connection request arrives and the queue is full, the
    /// client will receive an error with an indication of WSAECONNREFUSED"
    /// (Winsock `listen` documentation): a RST at once.
    WindowsReset,
    /// The connection is accepted whatever the load (http.sys for IIS, or a
    /// proxy in front), and a request beyond the queue gets HTTP 503
    /// (IIS: the application pool's `queueLength`, 1 000 by default, then
    /// "503 Service Unavailable", reason QueueFull in the HTTPERR log; nginx:
    /// `limit_conn_status` "Default: 503").
    Http503,
}

impl Overflow {
    pub const ALL: [Overflow; 4] = [
        Overflow::SynDrop,
        Overflow::AbortOnOverflow,
        Overflow::WindowsReset,
        Overflow::Http503,
    ];

    /// The name on the command line (`syn-drop`, `abort-on-overflow`,
    /// `windows-rst`, `http-503`).
    pub fn name(self) -> &'static str {
        match self {
            Overflow::SynDrop => "syn-drop",
            Overflow::AbortOnOverflow => "abort-on-overflow",
            Overflow::WindowsReset => "windows-rst",
            Overflow::Http503 => "http-503",
        }
    }

    pub fn from_name(s: &str) -> Option<Overflow> {
        Overflow::ALL.into_iter().find(|o| o.name() == s)
    }

    /// How many connections wait in an accept queue asked for `backlog`
    /// places. Linux lets one more in (include/net/sock.h,
    /// sk_acceptq_is_full: `sk_ack_backlog > sk_max_ack_backlog`).
    pub fn places(self, backlog: u32) -> u32 {
        match self {
            Overflow::SynDrop | Overflow::AbortOnOverflow => backlog.saturating_add(1),
            Overflow::WindowsReset | Overflow::Http503 => backlog,
        }
    }
}

/// The limits and behaviour of a server (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerModel {
    pub kind: ModelKind,
    pub threads: u32,
    pub max_connections: u32,
    pub backlog: u32,
    pub overflow: Overflow,
    pub idle_holds_thread: bool,
    pub read_holds_thread: bool,
    pub io_holds_thread: bool,
    /// `None`: every thread may compute at once.
    pub cpu_slots: Option<u32>,
}

impl ServerModel {
    /// Connections the application can hold at once.
    pub fn effective_max_connections(&self) -> u32 {
        if self.idle_holds_thread {
            self.max_connections.min(self.threads)
        } else {
            self.max_connections
        }
    }

    /// Requests that can be in their handler at once for a CPU-bound
    /// handler: the `c` of M/M/c.
    pub fn cpu_concurrency(&self) -> u32 {
        let c = self.threads.min(self.effective_max_connections());
        self.cpu_slots.map_or(c, |k| c.min(k))
    }

    pub fn validate(&self) -> Result<(), String> {
        if self.threads == 0 || self.max_connections == 0 {
            return Err("a server needs at least one thread and one connection".into());
        }
        if self.cpu_slots == Some(0) {
            return Err("cpu_slots must be at least 1".into());
        }
        Ok(())
    }
}

/// What a request's handler does for its service time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handler {
    /// Computes: holds a thread and a CPU slot.
    Cpu,
    /// Waits on the database through the pool; holds its thread only if the
    /// model's `io_holds_thread`.
    Io,
}

/// A database shared by the replicas: only its connection limit is modelled
/// (a query takes the handler's service time however many run at once). Each
/// replica's pool opens its connections when it starts; the database refuses
/// those beyond `max_connections` (PostgreSQL's "sorry, too many clients
/// already"), and a replica whose pool got none fails its I/O requests with
/// [`FailReason::DbUnavailable`].
#[derive(Debug)]
pub struct Database {
    pub max_connections: u32,
    pub open: u32,
    pub refused: u32,
}

impl Database {
    pub fn new(max_connections: u32) -> Rc<RefCell<Database>> {
        Rc::new(RefCell::new(Database {
            max_connections,
            open: 0,
            refused: 0,
        }))
    }
}

/// Where a connection is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// SYN answered, waiting for the handshake's final ACK (SYN_RECV).
    HalfOpen,
    /// Handshake done, waiting in the kernel for accept().
    Backlog,
    /// Accepted, nothing to do yet (idle, or bytes trickling without a
    /// thread).
    Open,
    /// Waiting for a thread.
    WaitThread,
    /// Holding a thread, waiting for the rest of the request.
    Reading,
    /// Holding a thread, waiting for a CPU slot.
    WaitCpu,
    /// Waiting for a database connection from the pool.
    WaitPool,
    /// The handler runs (computing, or waiting on the database).
    Handling,
}

#[derive(Clone, Copy, Debug)]
struct Conn {
    peer: Addr,
    peer_port: u16,
    words: [u64; 3],
    arrived: SimTime,
    stage: Stage,
    has_thread: bool,
    has_cpu: bool,
    has_db: bool,
    request_complete: bool,
    /// Timer generation, so a timer of a killed connection is ignored.
    generation: u32,
    /// SYN-ACKs sent again (a dropped final ACK).
    synack_retries: u8,
}

impl Conn {
    /// A connection as `pkt`'s sender opens it, holding nothing yet.
    fn from_packet(pkt: &Packet, arrived: SimTime, stage: Stage) -> Conn {
        Conn {
            peer: pkt.src,
            peer_port: pkt.src_port,
            words: pkt.words,
            arrived,
            stage,
            has_thread: false,
            has_cpu: false,
            has_db: false,
            request_complete: false,
            generation: 0,
            synack_retries: 0,
        }
    }
}

/// Cumulative counters of one server; the scenario samples them.
#[derive(Clone, Debug, Default)]
pub struct ModelServerStats {
    /// Connections that completed the handshake and were kept (accepted or
    /// in the accept queue).
    pub accepted: u64,
    /// Connections refused: with a RST (queue full on Windows or with
    /// tcp_abort_on_overflow, or nothing listening) or with HTTP 503.
    pub refused: u64,
    /// Of `refused`, those answered with HTTP 503.
    pub refused_503: u64,
    /// SYNs dropped because the accept queue was full (Linux).
    pub syn_dropped: u64,
    /// Final ACKs (the request that completes the handshake) dropped
    /// because the accept queue was full (Linux); the SYN-ACK goes again.
    pub acks_dropped: u64,
    /// Requests answered.
    pub completed: u64,
    /// Requests failed with a reason (database unavailable).
    pub failed: u64,
    /// Connections aborted when the server was switched off.
    pub aborted: u64,
    pub max_in_service: u64,
    pub max_queued: u64,
    pub max_connections_open: u64,
    /// Arrival (SYN) → response sent, every request.
    pub response: Histogram,
}

/// A server application running a [`ServerModel`]; bind it to its port.
pub struct ModelServer {
    model: ServerModel,
    handler: Handler,
    service: Dist,
    response_bytes: u32,
    port: u16,
    power: Power,
    /// Scheduled switch-off time, if any.
    off_at: Option<SimTime>,
    conns: BTreeMap<u64, Conn>,
    backlog: VecDeque<u64>,
    wait_thread: VecDeque<u64>,
    wait_cpu: VecDeque<u64>,
    wait_pool: VecDeque<u64>,
    open_conns: u32,
    /// Threads (processes, event loops) taken by a connection or request.
    threads_busy: TimeWeighted,
    /// Handlers computing, each on a core of its own (a CPU slot).
    computing: TimeWeighted,
    in_service: u32,
    db: Option<Rc<RefCell<Database>>>,
    pool_wanted: u32,
    pool_size: u32,
    pool_busy: u32,
    next_gen: u32,
    pub stats: ModelServerStats,
    labels: wire::Labels,
    /// Server-side response times (ns) since the last
    /// [`take_window`](Self::take_window).
    window: Vec<u64>,
}

const TIMER_OFF: u64 = u64::MAX;
/// A SYN-ACK retransmission timer: `TIMER_SYNACK | req << 8 | retries`
/// (handler timers are `req << 24 | generation`, below bit 63).
const TIMER_SYNACK: u64 = 1 << 63;
/// Linux's initial retransmission timeout for a SYN-ACK, doubled at each
/// retry (TCP_TIMEOUT_INIT = 1 s, RFC 6298 §2.1).
const SYNACK_RTO: SimTime = SimTime::from_secs(1);
/// `net.ipv4.tcp_synack_retries`, default 5 (ip-sysctl: "corresponds to
/// about 31 seconds till the last retransmission"; the request is then
/// forgotten at 63 s).
const SYNACK_RETRIES: u8 = 5;

/// Whether the server's machine is on and something listens on its port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Power {
    Listening,
    /// The machine runs but no process listens on the port: its kernel
    /// answers every SYN with a RST ("connection refused").
    NotListening,
    /// The machine is off: nothing answers at all.
    Off,
}

impl ModelServer {
    pub fn new(
        model: ServerModel,
        handler: Handler,
        service: Dist,
        response_bytes: u32,
        port: u16,
    ) -> ModelServer {
        ModelServer {
            model,
            handler,
            service,
            response_bytes,
            port,
            power: Power::Listening,
            off_at: None,
            conns: BTreeMap::new(),
            backlog: VecDeque::new(),
            wait_thread: VecDeque::new(),
            wait_cpu: VecDeque::new(),
            wait_pool: VecDeque::new(),
            open_conns: 0,
            threads_busy: TimeWeighted::default(),
            computing: TimeWeighted::default(),
            in_service: 0,
            db: None,
            pool_wanted: 0,
            pool_size: 0,
            pool_busy: 0,
            next_gen: 0,
            stats: ModelServerStats::default(),
            window: Vec::new(),
            labels: wire::Labels::default(),
        }
    }

    /// I/O-bound handlers go through a pool of `pool_size` connections to
    /// `db`, opened when the server starts.
    pub fn with_database(mut self, db: Rc<RefCell<Database>>, pool_size: u32) -> ModelServer {
        self.db = Some(db);
        self.pool_wanted = pool_size;
        self
    }

    /// Switches the server's machine off at `t` (a crash, or a power cut).
    pub fn with_switch_off_at(mut self, t: SimTime) -> ModelServer {
        self.off_at = Some(t);
        self
    }

    /// No process listens on the port: the kernel refuses every connection.
    pub fn not_listening(mut self) -> ModelServer {
        self.power = Power::NotListening;
        self
    }

    pub fn model(&self) -> &ServerModel {
        &self.model
    }
    /// Whether the machine is on.
    pub fn is_on(&self) -> bool {
        self.power != Power::Off
    }
    /// Connections accepted by the application now.
    pub fn open_connections(&self) -> u32 {
        self.open_conns
    }
    /// Connections waiting in the accept backlog now.
    pub fn backlog_len(&self) -> usize {
        self.backlog.len()
    }
    /// Requests waiting for a thread, a CPU slot or a pool connection, plus
    /// connections in the backlog: the queue the learner sees.
    pub fn queued(&self) -> u64 {
        (self.backlog.len() + self.wait_thread.len() + self.wait_cpu.len() + self.wait_pool.len())
            as u64
    }
    /// Requests in their handler now.
    pub fn in_service(&self) -> u32 {
        self.in_service
    }
    pub fn busy_threads(&self) -> u32 {
        self.threads_busy.level() as u32
    }
    /// Database connections the pool holds.
    pub fn pool_size(&self) -> u32 {
        self.pool_size
    }
    /// Busy thread-time up to `now`, thread·ns (for utilisation per window).
    pub fn busy_thread_ns(&self, now: SimTime) -> u128 {
        self.threads_busy.integral_ns(now)
    }
    /// Time spent computing up to `now`, core·ns: a CPU-bound handler
    /// computes on one core while it runs; an I/O-bound one waits.
    pub fn computing_ns(&self, now: SimTime) -> u128 {
        self.computing.integral_ns(now)
    }
    /// Takes the server-side response times (ns) recorded since the last call.
    pub fn take_window(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.window)
    }

    fn note_queue(&mut self) {
        let q = self.queued();
        self.stats.max_queued = self.stats.max_queued.max(q);
    }

    fn send(&self, ctx: &mut Ctx, c: &Conn, tag: u32, bytes: u32, words: [u64; 3]) {
        let node = ctx.node();
        wire::send(ctx, node, self.to(c, tag, bytes, words), self.labels);
    }

    /// Sends `c`'s SYN-ACK again (its timer fired, or the client's SYN came
    /// again while the connection was half-open).
    fn send_synack_again(&self, ctx: &mut Ctx, c: &Conn) {
        let node = ctx.node();
        let out = self.to(c, conn::SYN_ACK, 0, c.words);
        let again = wire::Place {
            again: true,
            ..wire::Place::default()
        };
        wire::send_at(ctx, node, out, self.labels, again);
    }

    fn to(&self, c: &Conn, tag: u32, bytes: u32, words: [u64; 3]) -> Outgoing {
        Outgoing {
            dst: c.peer,
            proto: Proto::Tcp,
            src_port: self.port,
            dst_port: c.peer_port,
            payload_bytes: bytes,
            tag,
            words,
        }
    }

    /// Switches the server's machine off: the connections it held are
    /// lost without a word (no RST: nothing runs to send one), and whatever
    /// reaches the machine from now on is dropped ([`Ctx::set_powered`]).
    pub fn switch_off(&mut self, ctx: &mut Ctx) {
        if self.power == Power::Off {
            return;
        }
        self.power = Power::Off;
        ctx.set_powered(false);
        let now = ctx.now();
        self.stats.aborted += self.conns.len() as u64;
        self.conns.clear();
        self.backlog.clear();
        self.wait_thread.clear();
        self.wait_cpu.clear();
        self.wait_pool.clear();
        self.open_conns = 0;
        self.threads_busy.set(now, 0);
        self.computing.set(now, 0);
        self.in_service = 0;
        self.pool_busy = 0;
        ctx.trace(TraceEvent::App {
            node: ctx.node(),
            app: ctx.app(),
            code: TRACE_SWITCHED_OFF,
            value: self.stats.aborted,
        });
    }

    /// Switches the server's machine back on: an empty process listening
    /// again, the database pool kept.
    pub fn switch_on(&mut self, ctx: &mut Ctx) {
        self.power = Power::Listening;
        ctx.set_powered(true);
    }

    fn queue_full(&self) -> bool {
        self.backlog.len() as u64 >= self.model.overflow.places(self.model.backlog) as u64
    }

    fn on_syn(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        let req = pkt.words[0];
        let c = Conn::from_packet(pkt, ctx.now(), Stage::HalfOpen);
        if let Some(known) = self.conns.get(&req) {
            // A retransmitted SYN: a half-open connection answers it again.
            if known.stage == Stage::HalfOpen {
                self.send_synack_again(ctx, &c);
            }
            return;
        }
        if self.queue_full() {
            match self.model.overflow {
                Overflow::SynDrop | Overflow::AbortOnOverflow => {
                    self.stats.syn_dropped += 1;
                    ctx.trace(TraceEvent::ReqDropped {
                        server: ctx.app(),
                        req,
                    });
                    return;
                }
                Overflow::WindowsReset => return self.refuse(ctx, &c),
                Overflow::Http503 => {} // http.sys takes the connection anyway
            }
        }
        self.send(ctx, &c, conn::SYN_ACK, 0, c.words);
        self.conns.insert(req, c);
    }

    /// The handshake's final ACK arrived with the client's first bytes:
    /// the connection is accepted, queued, or (no room) handled as the
    /// model's [`Overflow`] says. Returns whether it was kept.
    fn complete_handshake(&mut self, ctx: &mut Ctx, req: u64) -> bool {
        let c = self.conns[&req];
        let can_accept =
            self.open_conns < self.model.effective_max_connections() && self.backlog.is_empty();
        if !can_accept && self.queue_full() {
            match self.model.overflow {
                Overflow::SynDrop => {
                    self.stats.acks_dropped += 1;
                    ctx.trace(TraceEvent::ReqDropped {
                        server: ctx.app(),
                        req,
                    });
                    // The SYN-ACK goes again on its timer, counted from
                    // when it was first sent.
                    if c.synack_retries == 0 {
                        let due = (c.arrived + SYNACK_RTO).saturating_sub(ctx.now());
                        ctx.set_timer(due, TIMER_SYNACK | req << 8);
                    }
                }
                Overflow::AbortOnOverflow | Overflow::WindowsReset => {
                    self.conns.remove(&req);
                    self.refuse(ctx, &c);
                }
                Overflow::Http503 => {
                    self.conns.remove(&req);
                    self.stats.refused_503 += 1;
                    self.stats.refused += 1;
                    ctx.trace(TraceEvent::ReqRefused {
                        server: ctx.app(),
                        req,
                    });
                    let words = fail_words(c.words, FailReason::Overloaded);
                    self.send(ctx, &c, conn::FAIL, 0, words);
                }
            }
            return false;
        }
        self.stats.accepted += 1;
        ctx.trace(TraceEvent::ReqAccepted {
            server: ctx.app(),
            req,
        });
        if can_accept {
            self.conns.get_mut(&req).expect("conn").stage = Stage::Open;
            self.accept(ctx, req);
        } else {
            ctx.trace(TraceEvent::ReqQueued {
                server: ctx.app(),
                req,
                queue_len: self.backlog.len() as u32,
            });
            self.conns.get_mut(&req).expect("conn").stage = Stage::Backlog;
            self.backlog.push_back(req);
            self.note_queue();
        }
        true
    }

    /// Refuses a connection with a RST.
    fn refuse(&mut self, ctx: &mut Ctx, c: &Conn) {
        self.stats.refused += 1;
        ctx.trace(TraceEvent::ReqRefused {
            server: ctx.app(),
            req: c.words[0],
        });
        self.send(ctx, c, conn::RST, 0, c.words);
    }

    /// A SYN-ACK retransmission timer fired for `req`.
    fn resend_synack(&mut self, ctx: &mut Ctx, req: u64, retries: u8) {
        let Some(c) = self.conns.get_mut(&req) else {
            return;
        };
        if c.stage != Stage::HalfOpen || c.synack_retries != retries {
            return;
        }
        if retries == SYNACK_RETRIES {
            // tcp_synack_retries spent: the request is forgotten.
            self.conns.remove(&req);
            return;
        }
        c.synack_retries += 1;
        let c = *c;
        self.send_synack_again(ctx, &c);
        let rto = SimTime::from_nanos(SYNACK_RTO.as_nanos() << c.synack_retries);
        ctx.set_timer(rto, TIMER_SYNACK | req << 8 | c.synack_retries as u64);
    }

    /// The application accepts connection `req` (it is in `conns`, stage
    /// `Open`).
    fn accept(&mut self, ctx: &mut Ctx, req: u64) {
        self.open_conns += 1;
        self.stats.max_connections_open =
            self.stats.max_connections_open.max(self.open_conns as u64);
        if self.model.idle_holds_thread {
            // max_connections <= threads, so a thread is free.
            self.threads_busy.add(ctx.now(), 1);
            let c = self.conns.get_mut(&req).expect("conn");
            c.has_thread = true;
            c.stage = Stage::Reading;
        }
        self.advance(ctx, req);
    }

    /// Moves a connection on as far as it can go.
    fn advance(&mut self, ctx: &mut Ctx, req: u64) {
        let Some(&c) = self.conns.get(&req) else {
            return;
        };
        match c.stage {
            Stage::Open | Stage::Reading => {
                if !c.request_complete {
                    return;
                }
                if !c.has_thread && !self.take_thread(ctx, req) {
                    return;
                }
                self.start_handler(ctx, req);
            }
            _ => {}
        }
    }

    /// Gives `req` a thread if one is free; else queues it.
    fn take_thread(&mut self, ctx: &mut Ctx, req: u64) -> bool {
        let c = self.conns.get_mut(&req).expect("conn");
        if self.threads_busy.level() < self.model.threads.into() {
            c.has_thread = true;
            c.stage = Stage::Reading;
            self.threads_busy.add(ctx.now(), 1);
            true
        } else {
            c.stage = Stage::WaitThread;
            self.wait_thread.push_back(req);
            self.note_queue();
            false
        }
    }

    fn release_thread(&mut self, ctx: &mut Ctx) {
        self.threads_busy.add(ctx.now(), -1);
        while let Some(next) = self.wait_thread.pop_front() {
            let Some(c) = self.conns.get_mut(&next) else {
                continue;
            };
            c.has_thread = true;
            c.stage = Stage::Reading;
            let complete = c.request_complete;
            self.threads_busy.add(ctx.now(), 1);
            if complete {
                self.start_handler(ctx, next);
            }
            break;
        }
    }

    fn start_handler(&mut self, ctx: &mut Ctx, req: u64) {
        match self.handler {
            Handler::Cpu => {
                if self
                    .model
                    .cpu_slots
                    .is_some_and(|k| self.computing.level() >= k.into())
                {
                    self.conns.get_mut(&req).expect("conn").stage = Stage::WaitCpu;
                    self.wait_cpu.push_back(req);
                    self.note_queue();
                    return;
                }
                self.computing.add(ctx.now(), 1);
                self.conns.get_mut(&req).expect("conn").has_cpu = true;
                self.run(ctx, req);
            }
            Handler::Io => {
                if self.db.is_some() {
                    if self.pool_size == 0 {
                        self.fail(ctx, req, FailReason::DbUnavailable);
                        return;
                    }
                    if self.pool_busy >= self.pool_size {
                        self.conns.get_mut(&req).expect("conn").stage = Stage::WaitPool;
                        self.wait_pool.push_back(req);
                        self.note_queue();
                        return;
                    }
                    self.pool_busy += 1;
                    self.conns.get_mut(&req).expect("conn").has_db = true;
                }
                let holds = self.model.io_holds_thread;
                let c = self.conns.get_mut(&req).expect("conn");
                if !holds && c.has_thread && !self.model.idle_holds_thread {
                    // The event loop registers a callback and moves on.
                    c.has_thread = false;
                    self.release_thread(ctx);
                }
                self.run(ctx, req);
            }
        }
    }

    fn run(&mut self, ctx: &mut Ctx, req: u64) {
        self.in_service += 1;
        self.stats.max_in_service = self.stats.max_in_service.max(self.in_service as u64);
        self.next_gen = self.next_gen.wrapping_add(1);
        let generation = self.next_gen;
        let c = self.conns.get_mut(&req).expect("conn");
        c.stage = Stage::Handling;
        c.generation = generation;
        let d = self.service.sample(ctx.rng());
        // Token: request id (< 2^40 in any run we build) and generation.
        ctx.set_timer(d, req << 24 | (generation as u64 & 0xFF_FFFF));
    }

    fn finish(&mut self, ctx: &mut Ctx, req: u64) {
        let c = self.conns.get(&req).copied().expect("conn");
        self.in_service -= 1;
        if c.has_cpu {
            self.computing.add(ctx.now(), -1);
            if let Some(next) = self.wait_cpu.pop_front() {
                self.computing.add(ctx.now(), 1);
                self.conns.get_mut(&next).expect("conn").has_cpu = true;
                self.run(ctx, next);
            }
        }
        if c.has_db {
            self.pool_busy -= 1;
            if let Some(next) = self.wait_pool.pop_front() {
                // Resume the I/O handler that waited for the pool.
                self.conns.get_mut(&next).expect("conn").stage = Stage::Reading;
                self.start_handler(ctx, next);
            }
        }
        let now = ctx.now();
        let rt = now - c.arrived;
        self.stats.completed += 1;
        self.stats.response.record(rt);
        self.window.push(rt.as_nanos());
        ctx.trace(TraceEvent::ReqServed {
            server: ctx.app(),
            req,
            t_start: c.arrived,
        });
        self.send(ctx, &c, conn::RESP, self.response_bytes, c.words);
        self.close(ctx, req);
    }

    fn fail(&mut self, ctx: &mut Ctx, req: u64, reason: FailReason) {
        let c = self.conns.get(&req).copied().expect("conn");
        self.stats.failed += 1;
        self.send(ctx, &c, conn::FAIL, 0, fail_words(c.words, reason));
        self.close(ctx, req);
    }

    /// Closes an accepted or backlogged connection, releasing what it holds
    /// and accepting the next one from the backlog.
    fn close(&mut self, ctx: &mut Ctx, req: u64) {
        let Some(c) = self.conns.remove(&req) else {
            return;
        };
        match c.stage {
            Stage::Backlog => return self.backlog.retain(|&r| r != req),
            Stage::HalfOpen => return,
            _ => {}
        }
        if c.has_thread {
            self.release_thread(ctx);
        }
        self.open_conns -= 1;
        while self.open_conns < self.model.effective_max_connections() {
            let Some(next) = self.backlog.pop_front() else {
                break;
            };
            if let Some(n) = self.conns.get_mut(&next) {
                n.stage = Stage::Open;
                self.accept(ctx, next);
            }
        }
    }

    fn start_pool(&mut self) {
        if let Some(db) = &self.db {
            let mut db = db.borrow_mut();
            let room = db.max_connections.saturating_sub(db.open);
            let got = self.pool_wanted.min(room);
            db.open += got;
            db.refused += self.pool_wanted - got;
            self.pool_size = got;
        }
    }
}

/// `TraceEvent::App` code recorded when a server's machine is switched off
/// (value: connections lost so far).
pub const TRACE_SWITCHED_OFF: u32 = 0x10AD_0001;

impl App for ModelServer {
    fn start(&mut self, ctx: &mut Ctx) {
        self.labels = wire::Labels::intern(ctx);
        self.start_pool();
        if let Some(t) = self.off_at {
            ctx.set_timer(t.saturating_sub(ctx.now()), TIMER_OFF);
        }
    }

    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet) {
        match self.power {
            Power::Listening => {}
            // A machine that is off never gets here (its node drops what
            // arrives), and sends nothing.
            Power::Off => return,
            Power::NotListening => {
                // RFC 9293 §3.10.7.1: a segment for a CLOSED port is answered
                // with a RST (but a RST is never answered).
                if pkt.tag != conn::RST {
                    let c = Conn::from_packet(pkt, ctx.now(), Stage::Open);
                    if matches!(pkt.tag, conn::SYN | conn::SYN_AGAIN) {
                        self.refuse(ctx, &c);
                    } else {
                        self.send(ctx, &c, conn::RST, 0, pkt.words);
                    }
                }
                return;
            }
        }
        let req = pkt.words[0];
        let half_open = self
            .conns
            .get(&req)
            .is_some_and(|c| c.stage == Stage::HalfOpen);
        if half_open
            && matches!(pkt.tag, conn::REQ | conn::REQ_PART | conn::ACK)
            && !self.complete_handshake(ctx, req)
        {
            return;
        }
        match pkt.tag {
            conn::SYN | conn::SYN_AGAIN => self.on_syn(ctx, pkt),
            conn::PROBE => {
                let c = Conn::from_packet(pkt, ctx.now(), Stage::Open);
                self.send(ctx, &c, conn::PROBE_OK, 0, pkt.words);
            }
            conn::REQ_PART => {
                let Some(c) = self.conns.get(&req).copied() else {
                    return;
                };
                if self.model.read_holds_thread && !c.has_thread && c.stage == Stage::Open {
                    self.take_thread(ctx, req);
                }
            }
            conn::REQ => {
                let Some(c) = self.conns.get_mut(&req) else {
                    return;
                };
                if c.request_complete {
                    return; // sent again after a dropped handshake ACK
                }
                c.request_complete = true;
                self.advance(ctx, req);
            }
            conn::FIN => self.close(ctx, req),
            _ => {}
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        if token == TIMER_OFF {
            self.switch_off(ctx);
            return;
        }
        if self.power != Power::Listening {
            return;
        }
        if token & TIMER_SYNACK != 0 {
            let req = (token & !TIMER_SYNACK) >> 8;
            return self.resend_synack(ctx, req, token as u8);
        }
        let req = token >> 24;
        let generation = (token & 0xFF_FFFF) as u32;
        match self.conns.get(&req) {
            Some(c) if c.stage == Stage::Handling && (c.generation & 0xFF_FFFF) == generation => {
                self.finish(ctx, req)
            }
            _ => {} // killed with its server
        }
    }
}
