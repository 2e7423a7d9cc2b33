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
//!   RTO 1 s, minimum 200 ms and maximum 120 s as in Linux), doubled on each
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
//! - A connect sends its SYN again at most 6 times (Linux's
//!   `tcp_syn_retries`) and gives up at 127 s.
//! - Orderly close with FIN (FIN-WAIT, CLOSE-WAIT, LAST-ACK, CLOSING,
//!   TIME-WAIT) and refusal with RST when nothing listens on the port or
//!   the listener's backlog is full.
//!
//! The files: `segment` (the flag bits and [`TcpSeg`]), `config`
//! ([`TcpConfig`], [`InitialWindow`]), `conn` (one connection's variables,
//! [`Conn`]), `stack` ([`TcpStack`]: listeners, demultiplexing, opening and
//! closing), `sockets` (the sockets as `ss -tan` lists them), `send` (the
//! sender), `input` (an arriving segment: handshake,
//! ACKs with the congestion window, reassembly) and `timer` (RTT estimator
//! and retransmission timer, RFC 6298).

mod config;
mod conn;
mod input;
mod ports;
mod segment;
mod send;
mod sockets;
mod stack;
mod timer;

pub use config::{InitialWindow, TcpConfig};
pub use conn::{Conn, ConnId, TcpState};
pub use ports::{EphemeralPorts, FIRST_EPHEMERAL};
pub use segment::{TcpSeg, flags};
pub use sockets::{Socket, sockets};
pub use stack::{TcpEvent, TcpStack, TcpStats};
