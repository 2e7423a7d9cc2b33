//! The retransmission timer of a [`TcpStack`] (RFC 6298): the RTT
//! estimator, the RTO and its back-off, what an expiry does to the
//! congestion window (RFC 5681 §3.1), and the TIME-WAIT timer.

use super::{ConnId, TcpEvent, TcpStack, TcpState, flags};
use crate::net::Ctx;
use crate::time::SimTime;

/// Timer tokens of the stack have bit 63 clear (applications use it set).
fn token(c: ConnId, gen_: u32) -> u64 {
    ((c.0 as u64) << 32) | gen_ as u64
}

impl TcpStack {
    pub(super) fn arm(&mut self, ctx: &mut Ctx, c: ConnId) {
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

    pub(super) fn disarm(&mut self, c: ConnId) {
        let conn = &mut self.conns[c.0 as usize];
        conn.timer_gen = conn.timer_gen.wrapping_add(1);
        conn.timer_on = false;
    }

    pub(super) fn rtt_sample(&mut self, c: ConnId, r: SimTime) {
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
        let (max_retries, syn_retries, max_rto) =
            (self.cfg.max_retries, self.cfg.syn_retries, self.cfg.max_rto);
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
        let limit = if conn.state == TcpState::SynSent {
            syn_retries
        } else {
            max_retries
        };
        if conn.retries > limit {
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
}
