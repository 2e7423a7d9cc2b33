//! The tunables of a stack: [`TcpConfig`] and the rule for the initial
//! congestion window, [`InitialWindow`].

use crate::time::SimTime;
use serde::{Deserialize, Serialize};

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
    /// The largest RTO: Linux's `TCP_RTO_MAX`, 120 s (include/net/tcp.h;
    /// RFC 6298 §2.5 asks for at least 60 s).
    pub max_rto: SimTime,
    /// Expiries of the timer in a row before the connection is abandoned.
    pub max_retries: u32,
    /// How often a connect sends its SYN again before it gives up: Linux's
    /// `net.ipv4.tcp_syn_retries`, 6 by default (ip-sysctl.rst: "about 127
    /// seconds" with the initial RTO of 1 s doubled each time).
    pub syn_retries: u32,
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
            max_rto: SimTime::from_secs(120),
            max_retries: 12,
            syn_retries: 6,
            time_wait: SimTime::from_secs(1),
        }
    }
}

impl TcpConfig {
    pub fn initial_window(&self) -> u32 {
        self.init_cwnd.bytes(self.mss)
    }
}
