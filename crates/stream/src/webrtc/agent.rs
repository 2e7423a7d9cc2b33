//! A browser's side of the call. It opens the signalling WebSocket, learns
//! its public address from STUN and a relayed one from TURN, and sends (or
//! answers) the offer with its three candidates. Then ICE (RFC 8445): it
//! checks each pair, its one socket against each of the other's candidates,
//! with a STUN Binding request, sent again after 0.5, 1 and 2 s (RFC 8489
//! §6.2.1's doubling from 500 ms); a request that comes in is answered to
//! where it came from, and checked back at once (a triggered check,
//! §7.3.1.4); an address no candidate named is a peer-reflexive one. The
//! caller (controlling) picks the best pair that answered, and again when
//! a better one does (as browsers do; RFC 8445's regular nomination waits
//! instead), marking its check USE-CANDIDATE; media then flows on it, 30
//! frames a second each way, in SRTP. Sending before the checks are over
//! is allowed: "an ICE agent MAY send data on any valid pair before
//! selected pairs have been produced" (RFC 8445 §12.1); so a call whose
//! relay pair answers first starts through TURN and moves when a direct
//! pair answers. A check that comes through the relay from an unknown
//! port is noted apart from one that comes straight: its pair is still
//! relayed.
//!
//! A check to the other's relayed address goes straight there: the TURN
//! server passes it to the other side in a Data indication, and the answer
//! comes back through its Send indication, once the other side has given
//! the caller's address a permission.

use super::relay::read;
use super::sdp::{self, Candidate, Kind};
use super::signalling::{PATH, send_frame};
use super::{MEDIA_BYTES, datagram};
use crate::hex;
use crate::rtp::{RtpHeader, ticks_per_frame};
use crate::stun::{self, Attr, StunMsg, Type};
use cslab_chat::frame::Frame;
use cslab_chat::handshake::{accepted, new_key, upgrade_request};
use cslab_sim::net::{Addr, Packet};
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::HttpKind;
use cslab_sim::proto::http_message as message;
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::send_datagram;
use cslab_sim::proto::text::{TextProtocol, stream_trace};
use cslab_sim::proto::{AppMsg, Message};
use cslab_sim::time::SimTime;

/// The browser's media socket.
pub const PORT: u16 = 50_000;
pub const FPS: u32 = 30;

/// How a datagram reaches the other side: straight to an address, or
/// through this side's TURN allocation to a peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    Direct(Addr, u16),
    Relayed(Addr, u16),
}

/// One candidate pair: this side's socket and the other's candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    pub remote: Candidate,
    pub path: Path,
    pub tries: u32,
    pub succeeded: bool,
    txid: [u8; 12],
}

impl Pair {
    /// A pair through a relay is a relayed one, whichever side's.
    pub fn relayed(&self) -> bool {
        self.remote.kind == Kind::Relay || matches!(self.path, Path::Relayed(..))
    }
}

const CHECK: u64 = 1 << 8;
const FRAME: u64 = 2 << 8;
const HANG_UP: u64 = 3 << 8;
/// Retransmission times of a check, ms after the first (RFC 8489 §6.2.1).
const RETRIES_MS: [u64; 3] = [500, 1_500, 3_500];

pub struct Agent {
    pub caller: bool,
    signal: Addr,
    turn: Addr,
    host: &'static str,
    ws: Option<ConnId>,
    key: String,
    ufrag: &'static str,
    pub local: Vec<Candidate>,
    pub remote: Vec<Candidate>,
    pub pairs: Vec<Pair>,
    /// The pair media flows on.
    pub selected: Option<usize>,
    seq: u16,
    pub media_sent: u32,
    pub media_received: u32,
    /// When it sent its first frame, and the first frame it received
    /// (its sequence number, when).
    pub media_started: Option<SimTime>,
    pub first_media: Option<(u16, SimTime)>,
    hang_up_at: SimTime,
    ended: bool,
    ids: u64,
}

impl Agent {
    pub fn new(
        caller: bool,
        signal: Addr,
        turn: Addr,
        host: &'static str,
        hang_up_at: SimTime,
    ) -> Agent {
        Agent {
            caller,
            signal,
            turn,
            host,
            ws: None,
            key: String::new(),
            ufrag: if caller { "ali1" } else { "bob1" },
            local: Vec::new(),
            remote: Vec::new(),
            pairs: Vec::new(),
            selected: None,
            seq: 0,
            media_sent: 0,
            media_received: 0,
            media_started: None,
            first_media: None,
            hang_up_at,
            ended: false,
            ids: 0,
        }
    }

    fn txid(&mut self) -> [u8; 12] {
        self.ids += 1;
        let mut id = [0; 12];
        id[0] = u8::from(self.caller);
        id[4..].copy_from_slice(&self.ids.to_be_bytes());
        id
    }

    fn stun_to(&self, net: &mut Net, to: (Addr, u16), msg: &StunMsg) {
        let bytes = msg.encode();
        let text = hex::with_bytes(&msg.summary(), &bytes);
        send_datagram(
            net,
            (to.0, PORT, to.1),
            TextProtocol::Stun,
            &text,
            bytes.len() as u32,
        );
    }

    /// Sends `bytes` (a STUN message or an SRTP packet) on `path`.
    fn send_on(&mut self, net: &mut Net, path: Path, bytes: Vec<u8>, extra: u32) {
        match path {
            Path::Direct(addr, port) => {
                if let Some((protocol, text)) = datagram(&bytes) {
                    let len = bytes.len() as u32 + extra;
                    send_datagram(net, (addr, PORT, port), protocol, &text, len);
                }
            }
            Path::Relayed(addr, port) => {
                let txid = self.txid();
                let attrs = vec![Attr::XorPeerAddress(addr, port), Attr::Data(bytes)];
                let msg = StunMsg::new(Type::SendIndication, txid, attrs);
                let encoded = msg.encode();
                let text = hex::with_bytes(&msg.summary(), &encoded);
                let len = encoded.len() as u32 + extra;
                send_datagram(
                    net,
                    (self.turn, PORT, stun::PORT),
                    TextProtocol::Stun,
                    &text,
                    len,
                );
            }
        }
    }

    fn signal(&mut self, net: &mut Net, json: &str) {
        let Some(ws) = self.ws else { return };
        let mask = (net.ctx.rng().next_u64() as u32).to_be_bytes();
        send_frame(net, ws, json, Some(mask));
    }

    fn gathered(&self) -> bool {
        self.local.iter().any(|c| c.kind == Kind::Relay)
    }

    /// Offer (the caller) or answer (once the offer is here), when both
    /// the candidates and the socket are ready.
    fn describe(&mut self, net: &mut Net) {
        if !self.gathered() || self.ws.is_none() {
            return;
        }
        let sdp = sdp::describe(self.ufrag, &self.local);
        if self.caller && self.remote.is_empty() {
            net.note(stream_trace::RTC_OFFER, 0);
            self.signal(net, &format!(r#"{{"type":"offer","sdp":"{sdp}"}}"#));
        } else if !self.caller && !self.remote.is_empty() && self.pairs.is_empty() {
            self.permit(net);
            net.note(stream_trace::RTC_ANSWER, 0);
            self.signal(net, &format!(r#"{{"type":"answer","sdp":"{sdp}"}}"#));
            self.start_checks(net);
        }
    }

    /// Lets the other side's addresses through this side's allocation.
    fn permit(&mut self, net: &mut Net) {
        let txid = self.txid();
        let attrs = (self.remote.iter())
            .filter(|c| c.kind != Kind::Host)
            .map(|c| Attr::XorPeerAddress(c.addr, c.port))
            .collect();
        let msg = StunMsg::new(Type::CreatePermissionRequest, txid, attrs);
        self.stun_to(net, (self.turn, stun::PORT), &msg);
    }

    fn start_checks(&mut self, net: &mut Net) {
        net.note(stream_trace::RTC_CHECKS, self.remote.len() as u64);
        for remote in self.remote.clone() {
            let path = Path::Direct(remote.addr, remote.port);
            self.add_pair(net, remote, path);
        }
    }

    fn add_pair(&mut self, net: &mut Net, remote: Candidate, path: Path) -> usize {
        let txid = self.txid();
        self.pairs.push(Pair {
            remote,
            path,
            tries: 0,
            succeeded: false,
            txid,
        });
        let at = self.pairs.len() - 1;
        self.check(net, at, false);
        at
    }

    fn check(&mut self, net: &mut Net, at: usize, nominate: bool) {
        let pair = &mut self.pairs[at];
        pair.tries += 1;
        let (path, txid, priority) = (pair.path, pair.txid, pair.remote.priority());
        let role = match self.caller {
            true => Attr::IceControlling(1),
            false => Attr::IceControlled(2),
        };
        let other = if self.caller { "bob1" } else { "ali1" };
        let mut attrs = vec![
            Attr::Username(format!("{other}:{}", self.ufrag)),
            Attr::Priority(priority),
            role,
        ];
        if nominate {
            attrs.push(Attr::UseCandidate);
        }
        let msg = StunMsg::new(Type::BindingRequest, txid, attrs);
        self.send_on(net, path, msg.encode(), 0);
        // Again after 0.5, 1.5 and 3.5 s, until it is answered.
        let tries = self.pairs[at].tries as usize;
        if !nominate && let Some(&next) = RETRIES_MS.get(tries - 1) {
            let before = if tries > 1 { RETRIES_MS[tries - 2] } else { 0 };
            net.set_timer(SimTime::from_millis(next - before), CHECK | at as u64);
        }
    }

    /// The best pair that answered: direct before relayed, then by the
    /// other's candidate's priority.
    fn best(&self) -> Option<usize> {
        (0..self.pairs.len())
            .filter(|&i| self.pairs[i].succeeded)
            .max_by_key(|&i| {
                (
                    !self.pairs[i].relayed(),
                    self.pairs[i].remote.priority(),
                    usize::MAX - i,
                )
            })
    }

    fn select(&mut self, net: &mut Net, at: usize) {
        if self.selected == Some(at) {
            return;
        }
        let first = self.selected.is_none();
        self.selected = Some(at);
        net.note(stream_trace::RTC_MEDIA, u64::from(self.pairs[at].relayed()));
        if first {
            net.set_timer(SimTime::ZERO, FRAME);
        }
    }

    fn on_stun(&mut self, net: &mut Net, msg: StunMsg, from: Path) {
        match msg.kind {
            Type::BindingSuccess if from == Path::Direct(self.turn, stun::PORT) => {
                if let Some((addr, port)) = msg.address(stun::mapped) {
                    let host = Candidate {
                        kind: Kind::Host,
                        addr: net.ctx.addr(),
                        port: PORT,
                    };
                    let srflx = Candidate {
                        kind: Kind::ServerReflexive,
                        addr,
                        port,
                    };
                    self.local = vec![host, srflx];
                    net.note(stream_trace::RTC_TURN, 0);
                    let txid = self.txid();
                    let allocate = StunMsg::new(
                        Type::AllocateRequest,
                        txid,
                        vec![Attr::RequestedTransport(17)],
                    );
                    self.stun_to(net, (self.turn, stun::PORT), &allocate);
                }
            }
            Type::AllocateSuccess => {
                if let Some((addr, port)) = msg.address(stun::relayed) {
                    self.local.push(Candidate {
                        kind: Kind::Relay,
                        addr,
                        port,
                    });
                    self.describe(net);
                }
            }
            Type::DataIndication => {
                if let (Some(peer), Some(data)) = (msg.address(stun::peer), msg.data()) {
                    let data = data.to_vec();
                    self.on_datagram(net, &data, Path::Relayed(peer.0, peer.1));
                }
            }
            Type::BindingRequest => {
                let (addr, port) = match from {
                    Path::Direct(a, p) | Path::Relayed(a, p) => (a, p),
                };
                let ok = StunMsg::new(
                    Type::BindingSuccess,
                    msg.txid,
                    vec![Attr::XorMappedAddress(addr, port)],
                );
                self.send_on(net, from, ok.encode(), 0);
                let known = self.pairs.iter().position(|p| p.path == from);
                let at = match known {
                    Some(at) => at,
                    None => {
                        let kind =
                            match self.remote.iter().any(|c| (c.addr, c.port) == (addr, port)) {
                                true => Kind::ServerReflexive,
                                false => {
                                    let code = match from {
                                        Path::Direct(..) => stream_trace::RTC_PEER_REFLEXIVE,
                                        Path::Relayed(..) => {
                                            stream_trace::RTC_PEER_REFLEXIVE_RELAYED
                                        }
                                    };
                                    net.note(code, u64::from(port));
                                    Kind::PeerReflexive
                                }
                            };
                        let remote = match self
                            .remote
                            .iter()
                            .find(|c| (c.addr, c.port) == (addr, port))
                        {
                            Some(&c) => c,
                            None => Candidate { kind, addr, port },
                        };
                        self.add_pair(net, remote, from)
                    }
                };
                if !self.caller && msg.has(&Attr::UseCandidate) {
                    self.select(net, at);
                } else if !self.pairs[at].succeeded && known.is_some() {
                    self.check(net, at, false); // triggered check
                }
            }
            Type::BindingSuccess => {
                let Some(at) = self.pairs.iter().position(|p| p.txid == msg.txid) else {
                    return;
                };
                if !self.pairs[at].succeeded {
                    self.pairs[at].succeeded = true;
                    net.note(
                        stream_trace::RTC_CHECK_OK,
                        u64::from(self.pairs[at].relayed()),
                    );
                }
                if self.caller
                    && let Some(best) = self.best()
                    && self.selected != Some(best)
                {
                    self.pairs[best].txid = self.txid();
                    self.check(net, best, true);
                    self.select(net, best);
                }
            }
            _ => {}
        }
    }

    fn on_datagram(&mut self, net: &mut Net, bytes: &[u8], from: Path) {
        if let Some(msg) = StunMsg::decode(bytes) {
            self.on_stun(net, msg, from);
        } else if let Some(header) = RtpHeader::decode(bytes) {
            self.media_received += 1;
            self.first_media.get_or_insert((header.seq, net.ctx.now()));
        }
    }

    fn send_frame_of_media(&mut self, net: &mut Net) {
        let Some(at) = self.selected.filter(|_| !self.ended) else {
            return;
        };
        let header = RtpHeader {
            marker: true,
            payload_type: 96,
            seq: self.seq,
            timestamp: u32::from(self.seq) * ticks_per_frame(FPS),
            ssrc: if self.caller { 0xA11CE } else { 0xB0B },
        };
        self.seq = self.seq.wrapping_add(1);
        self.media_sent += 1;
        self.media_started.get_or_insert(net.ctx.now());
        let path = self.pairs[at].path;
        self.send_on(net, path, header.encode().to_vec(), MEDIA_BYTES);
        net.set_timer(SimTime::from_nanos(1_000_000_000 / u64::from(FPS)), FRAME);
    }
}

impl NetApp for Agent {
    fn start(&mut self, net: &mut Net) {
        self.ws = None;
        net.tcp.connect(net.ctx, self.signal, 80);
        net.note(stream_trace::RTC_STUN, 0);
        let txid = self.txid();
        let binding = StunMsg::new(Type::BindingRequest, txid, Vec::new());
        self.stun_to(net, (self.turn, stun::PORT), &binding);
        let at = self.hang_up_at;
        net.set_timer(at, HANG_UP);
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        match token & !0xff {
            CHECK => {
                let at = (token & 0xff) as usize;
                if !self.pairs[at].succeeded && !self.ended {
                    self.check(net, at, false);
                }
            }
            FRAME => self.send_frame_of_media(net),
            HANG_UP => {
                if self.caller {
                    net.note(stream_trace::RTC_HANGUP, 0);
                    self.signal(net, r#"{"type":"bye"}"#);
                }
                self.ended = true;
            }
            _ => {}
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Connected(conn) => {
                self.key = new_key(net.ctx.rng());
                if self.caller {
                    net.note(stream_trace::RTC_SIGNALLING, 0);
                }
                let out = upgrade_request(self.host, PATH, &self.key, false);
                message::send(net, conn, out, false);
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => match msg.app {
                AppMsg::Http(answer) if matches!(answer.kind, HttpKind::Response { .. }) => {
                    let head = net.ctx.name(answer.head).to_owned();
                    if accepted(&head, &self.key) {
                        self.ws = Some(conn);
                        self.describe(net);
                    }
                }
                AppMsg::Text(text) if text.protocol == TextProtocol::WebSocket => {
                    let summary = net.ctx.name(text.line).to_owned();
                    let Some(payload) = Frame::text_of(&summary) else {
                        return;
                    };
                    if payload.contains(r#""type":"bye""#) {
                        self.ended = true;
                        return;
                    }
                    self.remote = sdp::candidates(payload);
                    if self.caller {
                        self.permit(net);
                        self.start_checks(net);
                    } else {
                        self.describe(net);
                    }
                }
                _ => {}
            },
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }

    fn on_udp(&mut self, net: &mut Net, pkt: &Packet, msg: Option<&Message>) {
        let Some((bytes, _)) = read(net, pkt, msg) else {
            return;
        };
        self.on_datagram(net, &bytes, Path::Direct(pkt.src, pkt.src_port));
    }
}
