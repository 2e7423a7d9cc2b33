//! TCP as an explicit state machine (RFC 9293 states), one [`TcpStack`] per
//! node holding its listeners and connections.
//!
//! - Three-way handshake (SYN, SYN-ACK, ACK) with random initial sequence
//!   numbers from the world's PRNG; SYN and SYN-ACK are retransmitted on
//!   timeout.
//! - The application writes *records* (an HTTP request, a TLS flight); the
//!   sender cuts them into segments of at most one MSS and never lets a
//!   segment span two records, so every segment belongs to exactly one
//!   application message (its [`TcpSeg::rec_off`] / [`TcpSeg::rec_len`]).
//!   A write becomes its own segments, as with `TCP_NODELAY`.
//! - Cumulative ACKs, one per data segment received (no delayed ACKs);
//!   ACKs ride on data when the application answers at once.
//! - Congestion control: initial window of RFC 6928 by default (`IW =
//!   min(10·MSS, max(2·MSS, 14600))`, 10 segments of 1460 bytes, Linux's
//!   `TCP_INIT_CWND` since 2.6.39), or RFC 5681 §3.1's (3 segments for
//!   1095 < MSS ≤ 2190) as a choice ([`InitialWindow`]); `ssthresh` starts
//!   "arbitrarily high" (RFC 5681 §3.1); slow start (`cwnd += min(acked,
//!   MSS)` per ACK that acknowledges new data, RFC 5681 §3.1 with RFC
//!   3465's byte counting, so cwnd doubles each round trip) while `cwnd <
//!   ssthresh`, then congestion avoidance (`cwnd += MSS²/cwnd` per ACK,
//!   about one MSS per round trip).
//! - After more than an RTO without sending, cwnd restarts from
//!   `min(IW, cwnd)` (RFC 5681 §4.1).
//! - Retransmission timeout per RFC 6298 (SRTT/RTTVAR, Karn's rule, initial
//!   RTO 1 s, minimum 200 ms as in Linux, maximum 60 s), doubled on each
//!   expiry (exponential back-off); on the first expiry `ssthresh =
//!   max(flight/2, 2·MSS)` (RFC 5681 eq. 4; held constant when the same
//!   data times out again), `cwnd = 1 MSS` and the sender goes back to the
//!   first unacknowledged byte. Three duplicate ACKs trigger a fast
//!   retransmit (NewReno-style recovery without window inflation).
//! - Flow control: the receiver advertises its free buffer (the application
//!   reads at once, so out-of-order data is what fills it); the sender keeps
//!   at most `min(cwnd, rwnd)` bytes in flight.
//! - In-order reassembly: out-of-order segments wait in a buffer; the
//!   application gets every byte once, in order.
//! - Orderly close with FIN (FIN-WAIT, CLOSE-WAIT, LAST-ACK, CLOSING,
//!   TIME-WAIT) and refusal with RST when nothing listens on the port or
//!   the listener's backlog is full.

use super::{AppMsg, Message};
use crate::net::{Addr, Ctx, Outgoing, Packet};
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// TCP flag bits.
pub mod flags {
    pub const FIN: u8 = 0x01;
    pub const SYN: u8 = 0x02;
    pub const RST: u8 = 0x04;
    pub const PSH: u8 = 0x08;
    pub const ACK: u8 = 0x10;
}

/// The TCP header fields of a segment, as the inspector shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TcpSeg {
    pub seq: u32,
    pub ack: u32,
    /// [`flags`] bits.
    pub flags: u8,
    /// Advertised receive window, bytes (no window scaling shown).
    pub window: u32,
    /// Payload bytes.
    pub len: u32,
    /// Offset of this payload within the application record it belongs to.
    pub rec_off: u32,
    /// Length of that record.
    pub rec_len: u32,
    /// The sender had sent these bytes (or this SYN/FIN) before.
    pub retransmission: bool,
}

impl TcpSeg {
    pub fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }

    /// Flags as text: `SYN`, `SYN ACK`, `FIN PSH ACK`...
    pub fn flag_names(&self) -> String {
        let mut v = Vec::new();
        for (bit, name) in [
            (flags::SYN, "SYN"),
            (flags::FIN, "FIN"),
            (flags::RST, "RST"),
            (flags::PSH, "PSH"),
            (flags::ACK, "ACK"),
        ] {
            if self.has(bit) {
                v.push(name);
            }
        }
        v.join(" ")
    }

    pub(crate) fn hash_words(&self, f: &mut dyn FnMut(u64)) {
        f(((self.seq as u64) << 32) | self.ack as u64);
        f(((self.flags as u64) << 40) | ((self.retransmission as u64) << 32) | self.window as u64);
        f(((self.len as u64) << 32) | self.rec_off as u64);
        f(self.rec_len as u64);
    }
}

/// Which rule sets a connection's initial congestion window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitialWindow {
    /// RFC 6928: `min(10·MSS, max(2·MSS, 14600))` bytes, what Linux
    /// (`TCP_INIT_CWND` = 10, since 2.6.39) and most servers start with.
    Rfc6928,
    /// RFC 5681 §3.1: 2 segments if MSS > 2190 bytes, 3 if MSS > 1095, else
    /// 4 (RFC 3390's `min(4·MSS, max(2·MSS, 4380))` allowed 4380 bytes, not
    /// 3 segments, for 1460 < MSS ≤ 2190; RFC 5681 counts segments).
    Rfc5681,
    /// A fixed number of segments.
    Segments(u32),
}

impl InitialWindow {
    /// The window in bytes for segments of `mss` bytes.
    pub fn bytes(self, mss: u32) -> u32 {
        match self {
            InitialWindow::Rfc6928 => (10 * mss).min((2 * mss).max(14_600)),
            InitialWindow::Rfc5681 => {
                let segments = match mss {
                    0..=1095 => 4,
                    1096..=2190 => 3,
                    _ => 2,
                };
                segments * mss
            }
            InitialWindow::Segments(n) => n * mss,
        }
    }
}

/// Tunables of a stack (the same for all its connections).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TcpConfig {
    /// Maximum segment size, payload bytes.
    pub mss: u32,
    pub init_cwnd: InitialWindow,
    /// Receive buffer, bytes (the largest window advertised).
    pub rcv_buf: u32,
    pub init_rto: SimTime,
    pub min_rto: SimTime,
    pub max_rto: SimTime,
    /// Expiries of the timer in a row before the connection is abandoned.
    pub max_retries: u32,
    /// How long TIME-WAIT lasts (2·MSL; short in the simulator).
    pub time_wait: SimTime,
}

impl Default for TcpConfig {
    fn default() -> Self {
        TcpConfig {
            mss: 1460,
            init_cwnd: InitialWindow::Rfc6928,
            rcv_buf: 256 * 1024,
            init_rto: SimTime::from_secs(1),
            min_rto: SimTime::from_millis(200),
            max_rto: SimTime::from_secs(60),
            max_retries: 12,
            time_wait: SimTime::from_secs(1),
        }
    }
}

impl TcpConfig {
    pub fn initial_window(&self) -> u32 {
        self.init_cwnd.bytes(self.mss)
    }
}

/// Connection states (RFC 9293 §3.3.2; LISTEN lives in the listener).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TcpState {
    SynSent,
    SynRcvd,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
    Closed,
}

/// A connection, by its index in its stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ConnId(pub u32);

/// What the stack tells the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpEvent {
    /// Our SYN was answered: the connection is open (client side).
    Connected(ConnId),
    /// A connection to listening `port` completed its handshake.
    Accepted { conn: ConnId, port: u16 },
    /// New in-order bytes of one record; `complete` when they end it.
    Data {
        conn: ConnId,
        bytes: u32,
        msg: Message,
        complete: bool,
    },
    /// The peer sent FIN after all its data.
    PeerClosed(ConnId),
    /// The connection is fully closed (after FIN both ways).
    Closed(ConnId),
    /// The peer reset the connection; `refused` if it answered our SYN.
    Reset { conn: ConnId, refused: bool },
    /// Too many retransmission timeouts in a row: abandoned.
    TimedOut(ConnId),
}

/// Counters of a stack.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TcpStats {
    pub segments_sent: u64,
    pub data_segments_sent: u64,
    /// Segments (data, SYN, SYN-ACK or FIN) sent again.
    pub retransmissions: u64,
    pub timeouts: u64,
    pub fast_retransmits: u64,
    /// Data segments received that held nothing new.
    pub duplicates_received: u64,
    pub out_of_order_received: u64,
    pub resets_sent: u64,
    /// SYNs refused for a full backlog.
    pub refused_backlog: u64,
    /// Bytes handed to the application, in order, once each.
    pub bytes_delivered: u64,
}

#[derive(Clone, Copy, Debug)]
struct Rec {
    start: u64,
    len: u32,
    msg: Message,
}

#[derive(Clone, Debug)]
struct Listener {
    port: u16,
    backlog: u32,
    open: u32,
}

/// One connection's state; read it with [`TcpStack::conn`].
#[derive(Clone, Debug)]
pub struct Conn {
    pub state: TcpState,
    pub local_port: u16,
    pub remote: Addr,
    pub remote_port: u16,
    listener: Option<usize>,
    iss: u32,
    irs: u32,
    // ---- sender (offsets count data bytes from 0; FIN is at `stream_end`)
    snd_una: u64,
    snd_nxt: u64,
    snd_max: u64,
    recs: VecDeque<Rec>,
    stream_end: u64,
    fin_queued: bool,
    /// Congestion window and slow-start threshold, bytes.
    pub cwnd: u64,
    pub ssthresh: u64,
    /// The peer's advertised window.
    pub peer_wnd: u64,
    dupacks: u32,
    recover: Option<u64>,
    pub srtt: Option<SimTime>,
    rttvar: SimTime,
    pub rto: SimTime,
    retries: u32,
    timing: Option<(u64, SimTime)>,
    /// When data was last sent (for the restart after idle).
    last_data_at: Option<SimTime>,
    syn_sent_at: SimTime,
    syn_retx: bool,
    timer_gen: u32,
    timer_on: bool,
    // ---- receiver
    rcv_nxt: u64,
    ooo: BTreeMap<u64, (u32, Message, bool)>,
    ooo_bytes: u64,
    fin_at: Option<u64>,
    fin_rcvd: bool,
    ack_pending: bool,
    /// Bytes delivered to the application.
    pub bytes_delivered: u64,
    /// Largest congestion window reached, bytes.
    pub max_cwnd: u64,
    /// Largest number of bytes in flight.
    pub max_flight: u64,
    /// When the connection was opened and established.
    pub opened_at: SimTime,
    pub established_at: Option<SimTime>,
}

impl Conn {
    fn flight(&self) -> u64 {
        self.snd_nxt - self.snd_una
    }
    fn fin_sent(&self) -> bool {
        self.fin_queued && self.snd_max > self.stream_end
    }
    fn rcv_ack(&self) -> u32 {
        self.irs
            .wrapping_add(1)
            .wrapping_add(self.rcv_nxt as u32)
            .wrapping_add(self.fin_rcvd as u32)
    }
    fn window(&self, cfg: &TcpConfig) -> u32 {
        (cfg.rcv_buf as u64).saturating_sub(self.ooo_bytes) as u32
    }
    /// Bytes queued by the application and not yet acknowledged.
    pub fn unacked(&self) -> u64 {
        self.stream_end - self.snd_una.min(self.stream_end)
    }
    /// Bytes the application ever queued for sending.
    pub fn bytes_queued(&self) -> u64 {
        self.stream_end
    }
    pub fn is_closed(&self) -> bool {
        self.state == TcpState::Closed
    }
}

/// A node's TCP: listeners, connections, and the events for its application.
#[derive(Clone, Debug)]
pub struct TcpStack {
    pub cfg: TcpConfig,
    conns: Vec<Conn>,
    demux: BTreeMap<(u16, Addr, u16), ConnId>,
    listeners: Vec<Listener>,
    next_port: u16,
    events: VecDeque<TcpEvent>,
    acks: Vec<ConnId>,
    pub stats: TcpStats,
}

/// Timer tokens of the stack have bit 63 clear (applications use it set).
fn token(c: ConnId, gen_: u32) -> u64 {
    ((c.0 as u64) << 32) | gen_ as u64
}

impl TcpStack {
    pub fn new(cfg: TcpConfig) -> TcpStack {
        assert!(cfg.mss > 0 && cfg.rcv_buf >= cfg.mss, "rcv_buf >= mss > 0");
        TcpStack {
            cfg,
            conns: Vec::new(),
            demux: BTreeMap::new(),
            listeners: Vec::new(),
            next_port: 49_152,
            events: VecDeque::new(),
            acks: Vec::new(),
            stats: TcpStats::default(),
        }
    }

    /// Accepts connections on `port`, at most `backlog` open at once (the
    /// next SYN is answered with RST).
    pub fn listen(&mut self, port: u16, backlog: u32) {
        self.listeners.push(Listener {
            port,
            backlog,
            open: 0,
        });
    }

    pub fn conn(&self, c: ConnId) -> &Conn {
        &self.conns[c.0 as usize]
    }

    pub fn conns(&self) -> &[Conn] {
        &self.conns
    }

    /// The next event for the application.
    pub fn poll_event(&mut self) -> Option<TcpEvent> {
        self.events.pop_front()
    }

    /// Opens a connection to `remote:port` (sends SYN).
    pub fn connect(&mut self, ctx: &mut Ctx, remote: Addr, port: u16) -> ConnId {
        let local_port = self.next_port;
        self.next_port = self.next_port.checked_add(1).unwrap_or(49_152);
        let iss = ctx.rng().next_u64() as u32;
        let id = self.new_conn(ctx, TcpState::SynSent, local_port, remote, port, iss, 0);
        self.conns[id.0 as usize].syn_sent_at = ctx.now();
        self.send_ctl(ctx, id, flags::SYN, false);
        self.arm(ctx, id);
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn new_conn(
        &mut self,
        ctx: &mut Ctx,
        state: TcpState,
        local_port: u16,
        remote: Addr,
        remote_port: u16,
        iss: u32,
        irs: u32,
    ) -> ConnId {
        let id = ConnId(self.conns.len() as u32);
        let iw = self.cfg.initial_window() as u64;
        self.conns.push(Conn {
            state,
            local_port,
            remote,
            remote_port,
            listener: None,
            iss,
            irs,
            snd_una: 0,
            snd_nxt: 0,
            snd_max: 0,
            recs: VecDeque::new(),
            stream_end: 0,
            fin_queued: false,
            cwnd: iw,
            // RFC 5681 §3.1: "arbitrarily high" until the first loss.
            ssthresh: u64::MAX,
            peer_wnd: self.cfg.mss as u64,
            dupacks: 0,
            recover: None,
            srtt: None,
            rttvar: SimTime::ZERO,
            rto: self.cfg.init_rto,
            retries: 0,
            timing: None,
            last_data_at: None,
            syn_sent_at: ctx.now(),
            syn_retx: false,
            timer_gen: 0,
            timer_on: false,
            rcv_nxt: 0,
            ooo: BTreeMap::new(),
            ooo_bytes: 0,
            fin_at: None,
            fin_rcvd: false,
            ack_pending: false,
            bytes_delivered: 0,
            max_cwnd: iw,
            max_flight: 0,
            opened_at: ctx.now(),
            established_at: None,
        });
        self.demux.insert((local_port, remote, remote_port), id);
        id
    }

    /// Queues one application record of `len` bytes (> 0) and sends what
    /// the windows allow. `msg` says what the record is (its `tcp` field is
    /// ignored).
    pub fn send(&mut self, ctx: &mut Ctx, c: ConnId, len: u32, msg: Message) {
        assert!(len > 0, "a record has at least one byte");
        let conn = &mut self.conns[c.0 as usize];
        assert!(!conn.fin_queued, "send after close");
        if conn.state == TcpState::Closed {
            return;
        }
        conn.recs.push_back(Rec {
            start: conn.stream_end,
            len,
            msg,
        });
        conn.stream_end += len as u64;
        self.try_send(ctx, c);
    }

    /// Closes our direction (FIN after the queued data).
    pub fn close(&mut self, ctx: &mut Ctx, c: ConnId) {
        let conn = &mut self.conns[c.0 as usize];
        if conn.fin_queued {
            return;
        }
        match conn.state {
            TcpState::SynSent => {
                conn.fin_queued = true;
                self.finish(c);
                return;
            }
            TcpState::Established | TcpState::SynRcvd => conn.state = TcpState::FinWait1,
            TcpState::CloseWait => conn.state = TcpState::LastAck,
            _ => return,
        }
        conn.fin_queued = true;
        self.try_send(ctx, c);
    }

    fn can_send_data(s: TcpState) -> bool {
        matches!(
            s,
            TcpState::Established
                | TcpState::CloseWait
                | TcpState::FinWait1
                | TcpState::LastAck
                | TcpState::Closing
        )
    }

    fn try_send(&mut self, ctx: &mut Ctx, c: ConnId) {
        self.restart_after_idle(ctx.now(), c);
        loop {
            let conn = &self.conns[c.0 as usize];
            if !Self::can_send_data(conn.state) {
                return;
            }
            let flight = conn.flight();
            let wnd = conn.cwnd.min(conn.peer_wnd);
            if conn.snd_nxt < conn.stream_end {
                let len = self.seg_len(c, conn.snd_nxt);
                if flight > 0 && flight + len as u64 > wnd {
                    return;
                }
                let off = conn.snd_nxt;
                self.send_data(ctx, c, off);
            } else if conn.fin_queued && conn.snd_nxt == conn.stream_end {
                let off = conn.snd_nxt;
                self.send_data(ctx, c, off);
            } else {
                return;
            }
        }
    }

    /// RFC 5681 §4.1: a connection that has sent nothing for more than an
    /// RTO starts again from `RW = min(IW, cwnd)`, its ACK clock being gone
    /// (Linux: `tcp_slow_start_after_idle` = 1 by default, halving cwnd per
    /// idle RTO down to the same restart window).
    fn restart_after_idle(&mut self, now: SimTime, c: ConnId) {
        let iw = self.cfg.initial_window() as u64;
        let conn = &mut self.conns[c.0 as usize];
        if conn.flight() == 0
            && conn.snd_nxt < conn.stream_end
            && conn.last_data_at.is_some_and(|t| now - t > conn.rto)
        {
            conn.cwnd = conn.cwnd.min(iw);
        }
    }

    /// Length of the segment starting at data offset `off`.
    fn seg_len(&self, c: ConnId, off: u64) -> u32 {
        let conn = &self.conns[c.0 as usize];
        let i = conn.recs.partition_point(|r| r.start + r.len as u64 <= off);
        let r = &conn.recs[i];
        ((r.start + r.len as u64 - off) as u32).min(self.cfg.mss)
    }

    /// Sends the segment at data offset `off` (data, data + FIN, or a bare
    /// FIN at the end of the stream); advances `snd_nxt` if it was next.
    fn send_data(&mut self, ctx: &mut Ctx, c: ConnId, off: u64) {
        let now = ctx.now();
        let mss = self.cfg.mss;
        let window = self.conns[c.0 as usize].window(&self.cfg);
        let conn = &mut self.conns[c.0 as usize];
        let (len, msg, rec_off, rec_len) = if off < conn.stream_end {
            let i = conn.recs.partition_point(|r| r.start + r.len as u64 <= off);
            let r = conn.recs[i];
            let len = ((r.start + r.len as u64 - off) as u32).min(mss);
            (len, r.msg, (off - r.start) as u32, r.len)
        } else {
            (0, Message::udp(AppMsg::None), 0, 0)
        };
        let end = off + len as u64;
        let fin = conn.fin_queued && end == conn.stream_end;
        let retx = off < conn.snd_max;
        let mut fl = flags::ACK;
        if len > 0 {
            fl |= flags::PSH;
        }
        if fin {
            fl |= flags::FIN;
        }
        let seg = TcpSeg {
            seq: conn.iss.wrapping_add(1).wrapping_add(off as u32),
            ack: conn.rcv_ack(),
            flags: fl,
            window,
            len,
            rec_off,
            rec_len,
            retransmission: retx,
        };
        let next = end + fin as u64;
        if off == conn.snd_nxt {
            conn.snd_nxt = next;
        }
        if next > conn.snd_max {
            conn.snd_max = next;
        }
        conn.max_flight = conn.max_flight.max(conn.flight());
        if !retx && conn.timing.is_none() {
            conn.timing = Some((next, now));
        }
        if retx {
            self.stats.retransmissions += 1;
        }
        if len > 0 {
            self.stats.data_segments_sent += 1;
            conn.last_data_at = Some(now);
        }
        conn.ack_pending = false;
        let out = Outgoing::tcp(conn.remote, conn.local_port, conn.remote_port, len);
        let m = Message {
            tcp: Some(seg),
            tls: if len > 0 { msg.tls } else { None },
            app: if len > 0 { msg.app } else { AppMsg::None },
        };
        let timer_on = conn.timer_on;
        self.stats.segments_sent += 1;
        ctx.send_msg(out, m);
        if !timer_on {
            self.arm(ctx, c);
        }
    }

    /// SYN, SYN-ACK, pure ACK or RST on an existing connection.
    fn send_ctl(&mut self, ctx: &mut Ctx, c: ConnId, fl: u8, retx: bool) {
        let window = self.conns[c.0 as usize].window(&self.cfg);
        let conn = &mut self.conns[c.0 as usize];
        let seq = if fl & flags::SYN != 0 {
            conn.iss
        } else {
            conn.iss.wrapping_add(1).wrapping_add(conn.snd_nxt as u32)
        };
        let ack = if fl & flags::ACK != 0 {
            conn.rcv_ack()
        } else {
            0
        };
        conn.ack_pending = false;
        let seg = TcpSeg {
            seq,
            ack,
            flags: fl,
            window,
            len: 0,
            rec_off: 0,
            rec_len: 0,
            retransmission: retx,
        };
        if retx {
            self.stats.retransmissions += 1;
        }
        self.stats.segments_sent += 1;
        let out = Outgoing::tcp(conn.remote, conn.local_port, conn.remote_port, 0);
        ctx.send_msg(
            out,
            Message {
                tcp: Some(seg),
                tls: None,
                app: AppMsg::None,
            },
        );
    }

    /// A reset for a segment that matches no connection.
    fn send_reset(&mut self, ctx: &mut Ctx, pkt: &Packet, seg: &TcpSeg) {
        let (seq, ack, fl) = if seg.has(flags::ACK) {
            (seg.ack, 0, flags::RST)
        } else {
            let consumed = seg.len + seg.has(flags::SYN) as u32 + seg.has(flags::FIN) as u32;
            (0, seg.seq.wrapping_add(consumed), flags::RST | flags::ACK)
        };
        self.stats.resets_sent += 1;
        self.stats.segments_sent += 1;
        let out = Outgoing::tcp(pkt.src, pkt.dst_port, pkt.src_port, 0);
        ctx.send_msg(
            out,
            Message {
                tcp: Some(TcpSeg {
                    seq,
                    ack,
                    flags: fl,
                    window: 0,
                    len: 0,
                    rec_off: 0,
                    rec_len: 0,
                    retransmission: false,
                }),
                tls: None,
                app: AppMsg::None,
            },
        );
    }

    fn arm(&mut self, ctx: &mut Ctx, c: ConnId) {
        let conn = &mut self.conns[c.0 as usize];
        conn.timer_gen = conn.timer_gen.wrapping_add(1);
        conn.timer_on = true;
        let d = if conn.state == TcpState::TimeWait {
            self.cfg.time_wait
        } else {
            conn.rto
        };
        ctx.set_timer(d, token(c, conn.timer_gen));
    }

    fn disarm(&mut self, c: ConnId) {
        let conn = &mut self.conns[c.0 as usize];
        conn.timer_gen = conn.timer_gen.wrapping_add(1);
        conn.timer_on = false;
    }

    fn rtt_sample(&mut self, c: ConnId, r: SimTime) {
        let cfg = self.cfg;
        let conn = &mut self.conns[c.0 as usize];
        let (srtt, rttvar) = match conn.srtt {
            None => (r, SimTime::from_nanos(r.as_nanos() / 2)),
            Some(s) => {
                let diff = s.as_nanos().abs_diff(r.as_nanos());
                let var = (3 * conn.rttvar.as_nanos() + diff) / 4;
                let srtt = (7 * s.as_nanos() + r.as_nanos()) / 8;
                (SimTime::from_nanos(srtt), SimTime::from_nanos(var))
            }
        };
        conn.srtt = Some(srtt);
        conn.rttvar = rttvar;
        // RFC 6298: RTO = SRTT + max(G, 4·RTTVAR), G = 1 ms here.
        let k = SimTime::from_nanos((4 * rttvar.as_nanos()).max(1_000_000));
        conn.rto = (srtt + k).max(cfg.min_rto).min(cfg.max_rto);
    }

    /// A timer of the stack fired (tokens with bit 63 clear).
    pub fn on_timer(&mut self, ctx: &mut Ctx, tok: u64) {
        let c = ConnId((tok >> 32) as u32);
        let mss = self.cfg.mss as u64;
        let (max_retries, max_rto) = (self.cfg.max_retries, self.cfg.max_rto);
        let Some(conn) = self.conns.get_mut(c.0 as usize) else {
            return;
        };
        if !conn.timer_on || conn.timer_gen != tok as u32 {
            return;
        }
        conn.timer_on = false;
        match conn.state {
            TcpState::Closed => return,
            TcpState::TimeWait => {
                self.finish(c);
                self.events.push_back(TcpEvent::Closed(c));
                return;
            }
            _ => {}
        }
        conn.retries += 1;
        if conn.retries > max_retries {
            self.finish(c);
            self.events.push_back(TcpEvent::TimedOut(c));
            return;
        }
        conn.rto = (conn.rto + conn.rto).min(max_rto);
        conn.timing = None;
        let state = conn.state;
        match state {
            TcpState::SynSent => {
                conn.syn_retx = true;
                self.stats.timeouts += 1;
                self.send_ctl(ctx, c, flags::SYN, true);
                self.arm(ctx, c);
            }
            TcpState::SynRcvd => {
                conn.syn_retx = true;
                self.stats.timeouts += 1;
                self.send_ctl(ctx, c, flags::SYN | flags::ACK, true);
                self.arm(ctx, c);
            }
            _ => {
                // RFC 5681 §3.1: ssthresh is set on the first expiry and
                // "held constant" when the same data times out again.
                if conn.retries == 1 {
                    conn.ssthresh = (conn.flight() / 2).max(2 * mss);
                }
                conn.cwnd = mss;
                conn.snd_nxt = conn.snd_una;
                conn.dupacks = 0;
                conn.recover = None;
                self.stats.timeouts += 1;
                self.try_send(ctx, c);
                if !self.conns[c.0 as usize].timer_on {
                    self.arm(ctx, c);
                }
            }
        }
    }

    /// The connection is over: forget it.
    fn finish(&mut self, c: ConnId) {
        let conn = &mut self.conns[c.0 as usize];
        if conn.state == TcpState::Closed {
            return;
        }
        conn.state = TcpState::Closed;
        conn.timer_on = false;
        conn.timer_gen = conn.timer_gen.wrapping_add(1);
        self.demux
            .remove(&(conn.local_port, conn.remote, conn.remote_port));
        self.release_listener(c);
    }

    /// A connection stops counting against its listener's backlog when it
    /// closes or enters TIME-WAIT.
    fn release_listener(&mut self, c: ConnId) {
        if let Some(l) = self.conns[c.0 as usize].listener.take() {
            self.listeners[l].open -= 1;
        }
    }

    /// A TCP packet for this node.
    pub fn on_segment(&mut self, ctx: &mut Ctx, pkt: &Packet, msg: &Message) {
        let Some(seg) = msg.tcp else { return };
        let key = (pkt.dst_port, pkt.src, pkt.src_port);
        let Some(&c) = self.demux.get(&key) else {
            return self.on_unmatched(ctx, pkt, &seg);
        };
        if seg.has(flags::RST) {
            let refused = self.conns[c.0 as usize].state == TcpState::SynSent;
            self.finish(c);
            self.events.push_back(TcpEvent::Reset { conn: c, refused });
            return;
        }
        let now = ctx.now();
        let conn = &mut self.conns[c.0 as usize];
        match conn.state {
            TcpState::SynSent => {
                if seg.has(flags::SYN) && seg.has(flags::ACK) && seg.ack == conn.iss.wrapping_add(1)
                {
                    conn.irs = seg.seq;
                    conn.state = TcpState::Established;
                    conn.established_at = Some(now);
                    conn.peer_wnd = seg.window as u64;
                    conn.retries = 0;
                    let sample = (!conn.syn_retx).then(|| now - conn.syn_sent_at);
                    if conn.syn_retx {
                        conn.rto = self.cfg.init_rto;
                    }
                    self.disarm(c);
                    if let Some(r) = sample {
                        self.rtt_sample(c, r);
                    }
                    self.send_ctl(ctx, c, flags::ACK, false);
                    self.events.push_back(TcpEvent::Connected(c));
                    self.try_send(ctx, c);
                }
                return;
            }
            TcpState::SynRcvd => {
                if seg.has(flags::SYN) && !seg.has(flags::ACK) {
                    self.send_ctl(ctx, c, flags::SYN | flags::ACK, true);
                    return;
                }
                if !(seg.has(flags::ACK) && seg.ack == conn.iss.wrapping_add(1)) {
                    return;
                }
                conn.state = TcpState::Established;
                conn.established_at = Some(now);
                conn.retries = 0;
                let sample = (!conn.syn_retx).then(|| now - conn.syn_sent_at);
                self.disarm(c);
                if let Some(r) = sample {
                    self.rtt_sample(c, r);
                }
                let port = self.conns[c.0 as usize].local_port;
                self.events.push_back(TcpEvent::Accepted { conn: c, port });
            }
            TcpState::Closed => return,
            _ => {
                if seg.has(flags::SYN) {
                    // A retransmitted SYN-ACK: our ACK was lost.
                    self.mark_ack(c);
                    return;
                }
            }
        }
        if seg.has(flags::ACK) {
            self.on_ack(ctx, c, &seg);
        }
        if self.conns[c.0 as usize].state == TcpState::Closed {
            return;
        }
        if seg.len > 0 || seg.has(flags::FIN) {
            self.on_data(ctx, c, &seg, msg);
        }
    }

    fn on_unmatched(&mut self, ctx: &mut Ctx, pkt: &Packet, seg: &TcpSeg) {
        if seg.has(flags::RST) {
            return;
        }
        if seg.has(flags::SYN)
            && !seg.has(flags::ACK)
            && let Some(l) = self.listeners.iter().position(|l| l.port == pkt.dst_port)
        {
            {
                if self.listeners[l].open >= self.listeners[l].backlog {
                    self.stats.refused_backlog += 1;
                    return self.send_reset(ctx, pkt, seg);
                }
                self.listeners[l].open += 1;
                let iss = ctx.rng().next_u64() as u32;
                let c = self.new_conn(
                    ctx,
                    TcpState::SynRcvd,
                    pkt.dst_port,
                    pkt.src,
                    pkt.src_port,
                    iss,
                    seg.seq,
                );
                let conn = &mut self.conns[c.0 as usize];
                conn.listener = Some(l);
                conn.peer_wnd = seg.window as u64;
                self.send_ctl(ctx, c, flags::SYN | flags::ACK, false);
                self.arm(ctx, c);
                return;
            }
        }
        self.send_reset(ctx, pkt, seg);
    }

    fn on_ack(&mut self, ctx: &mut Ctx, c: ConnId, seg: &TcpSeg) {
        let now = ctx.now();
        let mss = self.cfg.mss as u64;
        let conn = &mut self.conns[c.0 as usize];
        let a = seg.ack.wrapping_sub(conn.iss.wrapping_add(1)) as u64;
        if a > conn.snd_max {
            return; // acknowledges something never sent
        }
        conn.peer_wnd = seg.window as u64;
        if a > conn.snd_una {
            let acked = a - conn.snd_una;
            conn.snd_una = a;
            if conn.snd_nxt < a {
                conn.snd_nxt = a;
            }
            conn.dupacks = 0;
            conn.retries = 0;
            while conn
                .recs
                .front()
                .is_some_and(|r| r.start + r.len as u64 <= a)
            {
                conn.recs.pop_front();
            }
            let sample = match conn.timing {
                Some((end, t0)) if a >= end => {
                    conn.timing = None;
                    Some(now - t0)
                }
                _ => None,
            };
            let mut partial = false;
            match conn.recover {
                Some(r) if a < r => partial = true,
                Some(_) => {
                    conn.recover = None;
                    conn.cwnd = conn.ssthresh;
                }
                None => {
                    if conn.cwnd < conn.ssthresh {
                        conn.cwnd += acked.min(mss);
                    } else {
                        conn.cwnd += (mss * mss / conn.cwnd).max(1);
                    }
                }
            }
            conn.max_cwnd = conn.max_cwnd.max(conn.cwnd);
            if let Some(r) = sample {
                self.rtt_sample(c, r);
            }
            let conn = &self.conns[c.0 as usize];
            let all_acked = conn.snd_una == conn.snd_max;
            let fin_acked = conn.fin_sent() && a == conn.stream_end + 1;
            if all_acked {
                self.disarm(c);
            } else {
                self.arm(ctx, c);
            }
            if partial {
                let off = self.conns[c.0 as usize].snd_una;
                self.send_data(ctx, c, off);
            }
            if fin_acked {
                let conn = &mut self.conns[c.0 as usize];
                match conn.state {
                    TcpState::FinWait1 => conn.state = TcpState::FinWait2,
                    TcpState::Closing => {
                        conn.state = TcpState::TimeWait;
                        self.release_listener(c);
                        self.arm(ctx, c);
                    }
                    TcpState::LastAck => {
                        self.finish(c);
                        self.events.push_back(TcpEvent::Closed(c));
                        return;
                    }
                    _ => {}
                }
            }
            self.try_send(ctx, c);
        } else if a == conn.snd_una
            && seg.len == 0
            && !seg.has(flags::FIN)
            && conn.snd_max > conn.snd_una
        {
            conn.dupacks += 1;
            if conn.dupacks == 3 && conn.recover.is_none() {
                self.stats.fast_retransmits += 1;
                conn.ssthresh = (conn.flight() / 2).max(2 * mss);
                conn.cwnd = conn.ssthresh;
                conn.recover = Some(conn.snd_max);
                conn.timing = None;
                let off = conn.snd_una;
                self.send_data(ctx, c, off);
            }
        } else {
            self.try_send(ctx, c);
        }
    }

    fn mark_ack(&mut self, c: ConnId) {
        let conn = &mut self.conns[c.0 as usize];
        if !conn.ack_pending {
            conn.ack_pending = true;
            self.acks.push(c);
        }
    }

    fn on_data(&mut self, ctx: &mut Ctx, c: ConnId, seg: &TcpSeg, msg: &Message) {
        let rcv_buf = self.cfg.rcv_buf as u64;
        let conn = &mut self.conns[c.0 as usize];
        if !matches!(
            conn.state,
            TcpState::Established | TcpState::FinWait1 | TcpState::FinWait2
        ) {
            // Already got their FIN: anything more is a retransmission.
            self.mark_ack(c);
            return;
        }
        let off = seg.seq.wrapping_sub(conn.irs.wrapping_add(1)) as u64;
        let len = seg.len as u64;
        let fin = seg.has(flags::FIN);
        if fin {
            conn.fin_at = Some(off + len);
        }
        if len > 0 {
            if off + len <= conn.rcv_nxt {
                self.stats.duplicates_received += 1;
            } else if off > conn.rcv_nxt {
                self.stats.out_of_order_received += 1;
                if off + len - conn.rcv_nxt <= rcv_buf && !conn.ooo.contains_key(&off) {
                    conn.ooo.insert(off, (seg.seq, *msg, fin));
                    conn.ooo_bytes += len;
                } else {
                    self.stats.duplicates_received += 1;
                }
            } else {
                self.deliver(c, off, seg, msg);
                // Drain what the hole was holding back.
                loop {
                    let conn = &mut self.conns[c.0 as usize];
                    let Some((&o, _)) = conn.ooo.first_key_value() else {
                        break;
                    };
                    if o > conn.rcv_nxt {
                        break;
                    }
                    let (_, m, _) = conn.ooo.remove(&o).expect("present");
                    let s = m.tcp.expect("tcp");
                    conn.ooo_bytes -= s.len as u64;
                    if o + s.len as u64 > conn.rcv_nxt {
                        self.deliver(c, o, &s, &m);
                    } else {
                        self.stats.duplicates_received += 1;
                    }
                }
            }
        }
        let conn = &mut self.conns[c.0 as usize];
        if !conn.fin_rcvd && conn.fin_at == Some(conn.rcv_nxt) {
            conn.fin_rcvd = true;
            match conn.state {
                TcpState::Established => conn.state = TcpState::CloseWait,
                TcpState::FinWait1 => conn.state = TcpState::Closing,
                TcpState::FinWait2 => {
                    conn.state = TcpState::TimeWait;
                    self.release_listener(c);
                    self.arm(ctx, c);
                }
                _ => {}
            }
            self.events.push_back(TcpEvent::PeerClosed(c));
        }
        self.mark_ack(c);
    }

    fn deliver(&mut self, c: ConnId, off: u64, seg: &TcpSeg, msg: &Message) {
        let conn = &mut self.conns[c.0 as usize];
        let skip = conn.rcv_nxt - off;
        let bytes = (seg.len as u64 - skip) as u32;
        debug_assert!(off <= conn.rcv_nxt);
        conn.rcv_nxt = off + seg.len as u64;
        conn.bytes_delivered += bytes as u64;
        self.stats.bytes_delivered += bytes as u64;
        self.events.push_back(TcpEvent::Data {
            conn: c,
            bytes,
            msg: *msg,
            complete: seg.rec_off + seg.len == seg.rec_len,
        });
    }

    /// Sends a pure ACK on every connection that owes one and has not sent
    /// a segment since (call after the application handled the events).
    pub fn flush_acks(&mut self, ctx: &mut Ctx) {
        let acks = std::mem::take(&mut self.acks);
        for &c in &acks {
            let conn = &self.conns[c.0 as usize];
            if conn.ack_pending && conn.state != TcpState::Closed {
                self.send_ctl(ctx, c, flags::ACK, false);
            }
        }
        self.acks = acks;
        self.acks.clear();
    }
}
