//! A BitTorrent client: it announces to the tracker, connects to the
//! peers it is given, trades pieces with them and, on the first seed,
//! runs the embedded tracker (the module's comment says how and why).

use super::tracker::{Announce, Answer, escaped, unescaped};
use super::wire::PeerMsg;
use super::{
    BLOCK_BYTES, OPTIMISTIC, PEER_ID_PREFIX, PEER_PORT, RECHOKE, REQUEST_BACKLOG, TRACKER_PORT,
    Torrent, UPLOAD_SLOTS,
};
use crate::net::Addr;
use crate::proto::AppMsg;
use crate::proto::host::{Net, NetApp};
use crate::proto::http::{HttpKind, Method, Status};
use crate::proto::http_message::{self as message, request, response};
use crate::proto::tcp::{ConnId, TcpEvent};
use crate::proto::text::{TextProtocol, send_text};
use crate::sorted::SortedMap;
use crate::swarm::choke::{Candidate, choose};
use crate::time::SimTime;

/// Connections a listening port queues before they are accepted (Linux's
/// `somaxconn` before 5.4).
const BACKLOG: u32 = 128;
/// qBittorrent's HTTP server names its answers' text this way.
const TEXT_PLAIN: &str = "text/plain; charset=UTF-8";
const RECHOKE_TIMER: u64 = 1;

/// Where a block of the file is for this client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    Missing,
    Asked(ConnId),
    Have,
}

/// A connection to another peer, BEP 3's four flags and what it has.
struct Link {
    /// We opened it (and so sent the first handshake).
    opened: bool,
    /// Its handshake came, for our torrent.
    greeted: bool,
    has: Vec<bool>,
    am_choking: bool,
    am_interested: bool,
    peer_choking: bool,
    peer_interested: bool,
    /// Our requests it has not answered yet.
    asked: usize,
    /// Block bytes it sent us since the last rechoke.
    sent_us: u64,
}

/// One peer registered with the embedded tracker.
struct Registered {
    info_hash: String,
    addr: Addr,
    port: u16,
    seed: bool,
}

/// A BitTorrent client (qBittorrent's behaviour, libtorrent's defaults).
pub struct Client {
    torrent: Torrent,
    peer_id: String,
    runs_tracker: bool,
    registry: Vec<Registered>,
    blocks: Vec<Vec<Block>>,
    have: Vec<bool>,
    links: SortedMap<ConnId, Link>,
    /// Addresses it has connected to, or been connected from.
    met: Vec<Addr>,
    /// Connections to the tracker, each with the announce it carries.
    announcing: SortedMap<ConnId, Announce>,
    optimistic: Option<(ConnId, SimTime)>,
    rechoke_armed: bool,
    /// Bytes of the file received in `piece` messages, and sent.
    pub downloaded: u64,
    pub uploaded: u64,
    /// When it had every piece (a seed: when it started).
    pub complete_at: Option<SimTime>,
}

impl Client {
    /// A client of `torrent`, starting with the whole file if `seed`, and
    /// running the embedded tracker if `runs_tracker`.
    pub fn new(torrent: Torrent, seed: bool, runs_tracker: bool) -> Client {
        let pieces = torrent.pieces();
        let state = if seed { Block::Have } else { Block::Missing };
        Client {
            blocks: (0..pieces)
                .map(|p| vec![state; torrent.blocks(p) as usize])
                .collect(),
            have: vec![seed; pieces as usize],
            torrent,
            peer_id: String::new(),
            runs_tracker,
            registry: Vec::new(),
            links: SortedMap::new(),
            met: Vec::new(),
            announcing: SortedMap::new(),
            optimistic: None,
            rechoke_armed: false,
            downloaded: 0,
            uploaded: 0,
            complete_at: None,
        }
    }

    pub fn is_complete(&self) -> bool {
        self.have.iter().all(|&h| h)
    }

    /// The file's bytes it has.
    pub fn bytes_had(&self) -> u64 {
        (0..self.torrent.pieces())
            .filter(|&p| self.have[p as usize])
            .map(|p| self.torrent.piece_bytes(p) as u64)
            .sum()
    }

    fn left(&self) -> u64 {
        self.torrent.size - self.bytes_had()
    }

    fn send(net: &mut Net, conn: ConnId, msg: &PeerMsg) {
        let bytes = Some(msg.wire_bytes());
        send_text(
            net,
            conn,
            TextProtocol::BitTorrent,
            &msg.line(),
            bytes,
            false,
        );
    }

    // The tracker, from the client's side.

    fn announce(&mut self, net: &mut Net, event: &'static str) {
        let announce = Announce {
            info_hash: self.torrent.info_hash.clone(),
            peer_id: self.peer_id.clone(),
            port: PEER_PORT,
            uploaded: self.uploaded,
            downloaded: self.downloaded,
            left: self.left(),
            event,
        };
        let conn = net.tcp.connect(net.ctx, self.torrent.tracker, TRACKER_PORT);
        self.announcing.insert(conn, announce);
    }

    fn send_announce(&self, net: &mut Net, conn: ConnId) {
        let path = self.announcing.get(&conn).map(Announce::path);
        let Some(path) = path else { return };
        let host = format!("{}:{TRACKER_PORT}", self.torrent.tracker);
        let mut out = request(Method::Get, &host, &path);
        out.headers = vec![
            "User-Agent: qBittorrent/4.6.5".into(),
            "Accept-Encoding: gzip".into(),
            "Connection: close".into(),
        ];
        message::send(net, conn, out, false);
    }

    /// The tracker's answer: connect to each peer not met yet, but itself
    /// (its own address, or the one the tracker saw, BEP 24).
    fn on_answer(&mut self, net: &mut Net, body: &str) {
        let bytes = unescaped(body);
        let me = [
            net.ctx.addr(),
            external_ip(&bytes).unwrap_or(net.ctx.addr()),
        ];
        for (addr, port) in Answer::peers_in(&bytes) {
            if me.contains(&addr) || self.met.contains(&addr) {
                continue;
            }
            self.met.push(addr);
            let conn = net.tcp.connect(net.ctx, addr, port);
            self.links.insert(conn, Link::new(true, self.have.len()));
        }
    }

    // The embedded tracker.

    fn register(&mut self, info_hash: &str, addr: Addr, port: u16, seed: bool) {
        self.registry
            .retain(|r| !(r.info_hash == info_hash && r.addr == addr && r.port == port));
        self.registry.push(Registered {
            info_hash: info_hash.into(),
            addr,
            port,
            seed,
        });
    }

    /// Registers the announcing peer (from the address its request came
    /// from) and answers with the torrent's peers, itself included, as
    /// qBittorrent's tracker does; then closes (the client asked
    /// `Connection: close`).
    fn on_announce(&mut self, net: &mut Net, conn: ConnId, path: &str) {
        let from = net.tcp.conn(conn).remote;
        let host = format!("{}:{TRACKER_PORT}", net.ctx.addr());
        let Some(announce) = Announce::parse(path) else {
            message::send(net, conn, response(Status::NotFound, &host, path), false);
            net.tcp.close(net.ctx, conn);
            return;
        };
        let hash = &announce.info_hash;
        self.register(hash, from, announce.port, announce.left == 0);
        let swarm: Vec<&Registered> = (self.registry.iter())
            .filter(|r| &r.info_hash == hash)
            .collect();
        let seeds = swarm.iter().filter(|r| r.seed).count() as u32;
        let answer = Answer {
            complete: seeds,
            incomplete: swarm.len() as u32 - seeds,
            external_ip: from,
            peers: (swarm.iter())
                .take(super::tracker::NUM_WANT as usize)
                .map(|r| (r.addr, r.port))
                .collect(),
        };
        let bencoded = answer.bencode();
        let mut out = response(Status::Ok, &host, path);
        out.content_type = Some(TEXT_PLAIN);
        out.body = escaped(&bencoded);
        out.body_wire_bytes = Some(bencoded.len() as u32);
        message::send(net, conn, out, false);
        net.tcp.close(net.ctx, conn);
    }

    // The peer wire.

    fn handshake(&self) -> PeerMsg {
        PeerMsg::Handshake {
            info_hash: self.torrent.info_hash.clone(),
            peer_id: self.peer_id.clone(),
        }
    }

    /// The link of `conn`, which is open.
    fn open(&self, conn: ConnId) -> &Link {
        self.links.get(&conn).expect("an open link")
    }

    fn link(&mut self, conn: ConnId) -> &mut Link {
        self.links.get_mut(&conn).expect("an open link")
    }

    fn on_peer_msg(&mut self, net: &mut Net, conn: ConnId, msg: PeerMsg) {
        if !self.links.contains_key(&conn) {
            return;
        }
        match msg {
            PeerMsg::Handshake { info_hash, .. } => {
                if info_hash != self.torrent.info_hash {
                    // Another torrent: nothing to trade.
                    self.links.remove(&conn);
                    net.tcp.close(net.ctx, conn);
                    return;
                }
                self.link(conn).greeted = true;
                if !self.open(conn).opened {
                    Self::send(net, conn, &self.handshake());
                }
                if self.have.iter().any(|&h| h) {
                    Self::send(net, conn, &PeerMsg::Bitfield(self.have.clone()));
                }
            }
            PeerMsg::Bitfield(bits) => {
                for (has, bit) in self.link(conn).has.iter_mut().zip(bits) {
                    *has = bit;
                }
                self.after_news(net, conn);
            }
            PeerMsg::Have(index) => {
                if let Some(has) = self.link(conn).has.get_mut(index as usize) {
                    *has = true;
                }
                self.after_news(net, conn);
            }
            PeerMsg::Interested => {
                self.link(conn).peer_interested = true;
                if self.open(conn).am_choking && self.unchoked() < UPLOAD_SLOTS {
                    self.set_choking(net, conn, false);
                }
                self.arm_rechoke(net);
            }
            PeerMsg::NotInterested => {
                self.link(conn).peer_interested = false;
                if !self.open(conn).am_choking {
                    self.set_choking(net, conn, true);
                    self.fill_slot(net);
                }
            }
            PeerMsg::Choke => {
                // BEP 3: a choked peer's requests are dropped; ask others.
                let link = self.link(conn);
                link.peer_choking = true;
                link.asked = 0;
                self.release(conn);
                let open: Vec<ConnId> = self.links.keys().copied().collect();
                for other in open {
                    self.ask(net, other);
                }
            }
            PeerMsg::Unchoke => {
                self.link(conn).peer_choking = false;
                self.ask(net, conn);
            }
            PeerMsg::Request {
                index,
                begin,
                length,
            } => {
                let has = self.have.get(index as usize) == Some(&true);
                if !self.open(conn).am_choking && has {
                    self.uploaded += length as u64;
                    let piece = PeerMsg::Piece {
                        index,
                        begin,
                        length,
                    };
                    Self::send(net, conn, &piece);
                }
            }
            PeerMsg::Piece {
                index,
                begin,
                length,
            } => self.on_block(net, conn, index, begin / BLOCK_BYTES, length),
        }
    }

    /// The blocks asked of `conn` are to be asked again.
    fn release(&mut self, conn: ConnId) {
        for block in self.blocks.iter_mut().flatten() {
            if *block == Block::Asked(conn) {
                *block = Block::Missing;
            }
        }
    }

    /// What a peer has changed: say whether we are interested, close the
    /// connection if both are seeds, and ask it for blocks.
    fn after_news(&mut self, net: &mut Net, conn: ConnId) {
        let link = &self.open(conn);
        let both_seeds = self.is_complete() && link.has.iter().all(|&h| h);
        if both_seeds {
            self.links.remove(&conn);
            net.tcp.close(net.ctx, conn);
            self.fill_slot(net);
            return;
        }
        let have = &self.have;
        let wants = (link.has.iter().zip(have)).any(|(&theirs, &ours)| theirs && !ours);
        if wants != link.am_interested {
            let msg = match wants {
                true => PeerMsg::Interested,
                false => PeerMsg::NotInterested,
            };
            Self::send(net, conn, &msg);
            self.links.get_mut(&conn).unwrap().am_interested = wants;
        }
        self.ask(net, conn);
    }

    fn on_block(&mut self, net: &mut Net, conn: ConnId, index: u32, block: u32, length: u32) {
        let Some(state) =
            (self.blocks.get_mut(index as usize)).and_then(|blocks| blocks.get_mut(block as usize))
        else {
            return;
        };
        if *state == Block::Asked(conn) {
            let link = self.links.get_mut(&conn).unwrap();
            link.asked -= 1;
            link.sent_us += length as u64;
        }
        if *state != Block::Have {
            *state = Block::Have;
            self.downloaded += length as u64;
        }
        let piece_done = self.blocks[index as usize]
            .iter()
            .all(|&b| b == Block::Have);
        if piece_done && !self.have[index as usize] {
            self.have[index as usize] = true;
            let open: Vec<ConnId> = self.links.keys().copied().collect();
            for &other in &open {
                if self.open(other).greeted {
                    Self::send(net, other, &PeerMsg::Have(index));
                }
            }
            if self.is_complete() {
                self.complete_at = Some(net.ctx.now());
                if !self.runs_tracker {
                    self.announce(net, "completed");
                }
            }
            for other in open {
                if self.links.get(&other).is_some_and(|l| l.greeted) {
                    self.after_news(net, other);
                }
            }
        }
        self.ask(net, conn);
    }

    /// Keeps [`REQUEST_BACKLOG`] requests in the pipe to a peer that
    /// unchoked us.
    fn ask(&mut self, net: &mut Net, conn: ConnId) {
        loop {
            let Some(link) = self.links.get(&conn) else {
                return;
            };
            if link.peer_choking || !link.greeted || link.asked >= REQUEST_BACKLOG {
                return;
            }
            let Some((index, block)) = self.pick(net, conn) else {
                return;
            };
            self.blocks[index as usize][block as usize] = Block::Asked(conn);
            self.links.get_mut(&conn).unwrap().asked += 1;
            let request = PeerMsg::Request {
                index,
                begin: block * BLOCK_BYTES,
                length: self.torrent.block_bytes(index, block),
            };
            Self::send(net, conn, &request);
        }
    }

    /// The next block to ask `conn` for: of a piece already begun, else
    /// of the rarest piece among the neighbours, ties drawn at random.
    fn pick(&self, net: &mut Net, conn: ConnId) -> Option<(u32, u32)> {
        let theirs = &self.open(conn).has;
        let missing = |p: usize| self.blocks[p].iter().position(|&b| b == Block::Missing);
        let open: Vec<usize> = (0..self.have.len())
            .filter(|&p| theirs[p] && !self.have[p] && missing(p).is_some())
            .collect();
        let begun = (open.iter()).find(|&&p| self.blocks[p].iter().any(|&b| b != Block::Missing));
        let piece = match begun {
            Some(&p) => p,
            None => {
                let holders = |p: usize| {
                    (self.links.values())
                        .filter(|l| l.greeted && l.has[p])
                        .count()
                };
                let fewest = open.iter().map(|&p| holders(p)).min()?;
                let rarest: Vec<usize> = (open.iter().copied())
                    .filter(|&p| holders(p) == fewest)
                    .collect();
                rarest[net.ctx.rng().below(rarest.len() as u64) as usize]
            }
        };
        Some((piece as u32, missing(piece)? as u32))
    }

    // Choking.

    fn unchoked(&self) -> usize {
        self.links.values().filter(|l| !l.am_choking).count()
    }

    fn set_choking(&mut self, net: &mut Net, conn: ConnId, choking: bool) {
        let link = self.links.get_mut(&conn).unwrap();
        link.am_choking = choking;
        let msg = match choking {
            true => PeerMsg::Choke,
            false => PeerMsg::Unchoke,
        };
        Self::send(net, conn, &msg);
    }

    /// A slot came free: the first interested peer still choked gets it.
    fn fill_slot(&mut self, net: &mut Net) {
        if self.unchoked() >= UPLOAD_SLOTS {
            return;
        }
        let waiting = (self.links.iter())
            .find(|(_, l)| l.peer_interested && l.am_choking)
            .map(|(&conn, _)| conn);
        if let Some(conn) = waiting {
            self.set_choking(net, conn, false);
        }
    }

    fn arm_rechoke(&mut self, net: &mut Net) {
        if !self.rechoke_armed {
            self.rechoke_armed = true;
            net.set_timer(RECHOKE, RECHOKE_TIMER);
        }
    }

    /// The round every 10 s: the interested peers that sent us the most
    /// and one optimistic unchoke (kept 30 s); a seed draws at random.
    fn rechoke(&mut self, net: &mut Net) {
        self.rechoke_armed = false;
        let now = net.ctx.now();
        let mut interested: Vec<Candidate> = (self.links.iter_mut())
            .filter(|(_, l)| l.peer_interested)
            .map(|(conn, l)| Candidate {
                peer: conn.0,
                sent_to_us_bits: 8 * std::mem::take(&mut l.sent_us),
            })
            .collect();
        if interested.is_empty() {
            return;
        }
        let keep = (self.optimistic)
            .filter(|&(_, since)| now - since < OPTIMISTIC)
            .map(|(conn, _)| conn.0);
        let seeding = self.is_complete();
        let chosen = choose(&mut interested, UPLOAD_SLOTS, seeding, keep, net.ctx.rng());
        self.optimistic = match chosen.optimistic {
            Some(peer) if Some(peer) == keep => self.optimistic,
            Some(peer) => Some((ConnId(peer), now)),
            None => None,
        };
        let all: Vec<ConnId> = self.links.keys().copied().collect();
        for conn in all {
            let choking = !chosen.peers.contains(&conn.0);
            if self.open(conn).am_choking != choking {
                self.set_choking(net, conn, choking);
            }
        }
        self.arm_rechoke(net);
    }

    fn forget(&mut self, net: &mut Net, conn: ConnId) {
        self.announcing.remove(&conn);
        if self.links.remove(&conn).is_some() {
            self.release(conn);
            self.fill_slot(net);
        }
    }
}

impl Link {
    fn new(opened: bool, pieces: usize) -> Link {
        Link {
            opened,
            greeted: false,
            has: vec![false; pieces],
            am_choking: true,
            am_interested: false,
            peer_choking: true,
            peer_interested: false,
            asked: 0,
            sent_us: 0,
        }
    }
}

/// The `external ip` of a tracker's answer (BEP 24).
fn external_ip(bencoded: &[u8]) -> Option<Addr> {
    let key = b"11:external ip4:";
    let at = bencoded.windows(key.len()).position(|w| w == key)? + key.len();
    let b = bencoded.get(at..at + 4)?;
    Some(Addr(u32::from_be_bytes([b[0], b[1], b[2], b[3]])))
}

impl NetApp for Client {
    fn start(&mut self, net: &mut Net) {
        const CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let random: String = (0..12)
            .map(|_| CHARS[net.ctx.rng().below(CHARS.len() as u64) as usize] as char)
            .collect();
        self.peer_id = format!("{PEER_ID_PREFIX}{random}");
        if self.is_complete() {
            self.complete_at = Some(net.ctx.now());
        }
        net.tcp.listen(PEER_PORT, BACKLOG);
        if self.runs_tracker {
            net.tcp.listen(TRACKER_PORT, BACKLOG);
            let (hash, me) = (self.torrent.info_hash.clone(), net.ctx.addr());
            self.register(&hash, me, PEER_PORT, self.is_complete());
        } else {
            self.announce(net, "started");
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Connected(conn) if self.announcing.contains_key(&conn) => {
                self.send_announce(net, conn)
            }
            TcpEvent::Connected(conn) if self.links.contains_key(&conn) => {
                Self::send(net, conn, &self.handshake());
            }
            TcpEvent::Accepted { conn, port } if port == PEER_PORT => {
                let addr = net.tcp.conn(conn).remote;
                if !self.met.contains(&addr) {
                    self.met.push(addr);
                }
                self.links.insert(conn, Link::new(false, self.have.len()));
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => match msg.app {
                AppMsg::Http(http) => {
                    let text = |name| net.ctx.name(name).to_owned();
                    match http.kind {
                        HttpKind::Request { .. } if self.runs_tracker => {
                            let path = text(http.path);
                            self.on_announce(net, conn, &path);
                        }
                        HttpKind::Response { .. } if self.announcing.contains_key(&conn) => {
                            let body = text(http.body);
                            self.on_answer(net, &body);
                        }
                        _ => {}
                    }
                }
                AppMsg::Text(text) if text.protocol == TextProtocol::BitTorrent => {
                    if let Some(msg) = PeerMsg::parse(net.ctx.name(text.line)) {
                        self.on_peer_msg(net, conn, msg);
                    }
                }
                _ => {}
            },
            TcpEvent::PeerClosed(conn) => {
                net.tcp.close(net.ctx, conn);
                self.forget(net, conn);
            }
            TcpEvent::Closed(conn) | TcpEvent::Reset { conn, .. } | TcpEvent::TimedOut(conn) => {
                self.forget(net, conn)
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        if token == RECHOKE_TIMER {
            self.rechoke(net);
        }
    }
}
