//! The sending side of a [`TcpStack`]: records queued by the application,
//! cut into segments within `min(cwnd, rwnd)`, the restart after idle
//! (RFC 5681 §4.1), control segments, resets, and the pure ACKs owed.

use super::conn::Rec;
use super::{ConnId, TcpSeg, TcpStack, TcpState, flags};
use crate::net::{Ctx, Outgoing, Packet};
use crate::proto::{AppMsg, Message};
use crate::time::SimTime;

impl TcpStack {
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

    /// Gives the connection up at once: a RST, and it is forgotten (what
    /// Linux does when a program closes a socket whose received data it
    /// has not read, RFC 2525 §2.17, or sets `SO_LINGER` to zero).
    pub fn abort(&mut self, ctx: &mut Ctx, c: ConnId) {
        let conn = &self.conns[c.0 as usize];
        if conn.state == TcpState::Closed {
            return;
        }
        if conn.state != TcpState::SynSent {
            self.stats.resets_sent += 1;
            self.send_ctl(ctx, c, flags::RST | flags::ACK, false);
        }
        self.finish(c);
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

    pub(super) fn try_send(&mut self, ctx: &mut Ctx, c: ConnId) {
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
    pub(super) fn send_data(&mut self, ctx: &mut Ctx, c: ConnId, off: u64) {
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
    pub(super) fn send_ctl(&mut self, ctx: &mut Ctx, c: ConnId, fl: u8, retx: bool) {
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
    pub(super) fn send_reset(&mut self, ctx: &mut Ctx, pkt: &Packet, seg: &TcpSeg) {
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
