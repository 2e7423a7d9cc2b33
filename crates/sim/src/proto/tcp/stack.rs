//! A node's TCP stack ([`TcpStack`]): listeners, the connection table and
//! its demultiplexing, opening and closing connections, and the events and
//! counters it keeps for the application.

use super::{Conn, ConnId, EphemeralPorts, TcpConfig, TcpState, flags};
use crate::net::{Addr, Ctx};
use crate::proto::Message;
use crate::time::SimTime;
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

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

impl TcpEvent {
    /// The connection the event is about.
    pub fn conn(&self) -> ConnId {
        match *self {
            TcpEvent::Connected(conn)
            | TcpEvent::PeerClosed(conn)
            | TcpEvent::Closed(conn)
            | TcpEvent::TimedOut(conn)
            | TcpEvent::Accepted { conn, .. }
            | TcpEvent::Data { conn, .. }
            | TcpEvent::Reset { conn, .. } => conn,
        }
    }
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

#[derive(Clone, Debug)]
pub(super) struct Listener {
    pub(super) port: u16,
    pub(super) backlog: u32,
    pub(super) open: u32,
}

/// A node's TCP: listeners, connections, and the events for its application.
#[derive(Clone, Debug)]
pub struct TcpStack {
    pub cfg: TcpConfig,
    pub(super) conns: Vec<Conn>,
    pub(super) demux: BTreeMap<(u16, Addr, u16), ConnId>,
    pub(super) listeners: Vec<Listener>,
    pub(super) ports: EphemeralPorts,
    pub(super) events: VecDeque<TcpEvent>,
    pub(super) acks: Vec<ConnId>,
    pub stats: TcpStats,
}

impl TcpStack {
    pub fn new(cfg: TcpConfig) -> TcpStack {
        assert!(cfg.mss > 0 && cfg.rcv_buf >= cfg.mss, "rcv_buf >= mss > 0");
        TcpStack {
            cfg,
            conns: Vec::new(),
            demux: BTreeMap::new(),
            listeners: Vec::new(),
            ports: EphemeralPorts::default(),
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

    /// Listens on the next ephemeral port, as a socket bound to port 0
    /// does, and returns it (an FTP client's port for an active-mode data
    /// connection).
    pub fn listen_any(&mut self, backlog: u32) -> u16 {
        let port = self.ports.take();
        self.listen(port, backlog);
        port
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

    /// Opens a connection to `remote:port` (sends SYN) from the next
    /// ephemeral port.
    pub fn connect(&mut self, ctx: &mut Ctx, remote: Addr, port: u16) -> ConnId {
        let local_port = self.ports.take();
        self.connect_from(ctx, local_port, remote, port)
    }

    /// Opens a connection to `remote:port` from `local_port` (an FTP
    /// server's active-mode data connection leaves from port 20, RFC 959
    /// §3.2).
    pub fn connect_from(
        &mut self,
        ctx: &mut Ctx,
        local_port: u16,
        remote: Addr,
        port: u16,
    ) -> ConnId {
        let iss = ctx.rng().next_u64() as u32;
        let id = self.new_conn(ctx, TcpState::SynSent, local_port, remote, port, iss, 0);
        self.conns[id.0 as usize].syn_sent_at = ctx.now();
        self.send_ctl(ctx, id, flags::SYN, false);
        self.arm(ctx, id);
        id
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn new_conn(
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

    /// The connection is over: forget it.
    pub(super) fn finish(&mut self, c: ConnId) {
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
    pub(super) fn release_listener(&mut self, c: ConnId) {
        if let Some(l) = self.conns[c.0 as usize].listener.take() {
            self.listeners[l].open -= 1;
        }
    }
}
