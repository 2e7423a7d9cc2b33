//! One connection: its RFC 9293 state, its id, and the sender's and
//! receiver's variables ([`Conn`]).

use super::TcpConfig;
use crate::net::Addr;
use crate::proto::Message;
use crate::time::SimTime;
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

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

#[derive(Clone, Copy, Debug)]
pub(super) struct Rec {
    pub(super) start: u64,
    pub(super) len: u32,
    pub(super) msg: Message,
}

/// One connection's state; read it with [`TcpStack::conn`](super::TcpStack::conn).
#[derive(Clone, Debug)]
pub struct Conn {
    pub state: TcpState,
    pub local_port: u16,
    pub remote: Addr,
    pub remote_port: u16,
    pub(super) listener: Option<usize>,
    pub(super) iss: u32,
    pub(super) irs: u32,
    // ---- sender (offsets count data bytes from 0; FIN is at `stream_end`)
    pub(super) snd_una: u64,
    pub(super) snd_nxt: u64,
    pub(super) snd_max: u64,
    pub(super) recs: VecDeque<Rec>,
    pub(super) stream_end: u64,
    pub(super) fin_queued: bool,
    /// Congestion window and slow-start threshold, bytes.
    pub cwnd: u64,
    pub ssthresh: u64,
    /// The peer's advertised window.
    pub peer_wnd: u64,
    pub(super) dupacks: u32,
    pub(super) recover: Option<u64>,
    pub srtt: Option<SimTime>,
    pub(super) rttvar: SimTime,
    pub rto: SimTime,
    pub(super) retries: u32,
    pub(super) timing: Option<(u64, SimTime)>,
    /// When data was last sent (for the restart after idle).
    pub(super) last_data_at: Option<SimTime>,
    pub(super) syn_sent_at: SimTime,
    pub(super) syn_retx: bool,
    pub(super) timer_gen: u32,
    pub(super) timer_on: bool,
    // ---- receiver
    pub(super) rcv_nxt: u64,
    pub(super) ooo: BTreeMap<u64, (u32, Message, bool)>,
    pub(super) ooo_bytes: u64,
    pub(super) fin_at: Option<u64>,
    pub(super) fin_rcvd: bool,
    pub(super) ack_pending: bool,
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
    pub(super) fn flight(&self) -> u64 {
        self.snd_nxt - self.snd_una
    }
    pub(super) fn fin_sent(&self) -> bool {
        self.fin_queued && self.snd_max > self.stream_end
    }
    pub(super) fn rcv_ack(&self) -> u32 {
        self.irs
            .wrapping_add(1)
            .wrapping_add(self.rcv_nxt as u32)
            .wrapping_add(self.fin_rcvd as u32)
    }
    pub(super) fn window(&self, cfg: &TcpConfig) -> u32 {
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
