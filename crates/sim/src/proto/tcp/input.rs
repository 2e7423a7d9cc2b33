//! What an arriving segment does to a [`TcpStack`]: demultiplexing, the
//! handshake, SYNs to listeners and resets, ACK processing (slow start,
//! congestion avoidance, fast retransmit and recovery), and in-order
//! reassembly with delivery to the application.

use super::{ConnId, TcpEvent, TcpSeg, TcpStack, TcpState, flags};
use crate::net::{Ctx, Packet};
use crate::proto::Message;

impl TcpStack {
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
}
