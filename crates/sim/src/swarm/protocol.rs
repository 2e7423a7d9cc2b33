//! The distribution itself: a server, peers that arrive, connect, exchange
//! pieces and leave, driven by one event queue.
//!
//! Client-server ([`Mode::Cs`]): every client that arrives gets a
//! connection from the server, which sends it the pieces in order, one
//! after the other; clients upload nothing.
//!
//! Peer-to-peer ([`Mode::P2p`]): a peer announces to the [`Tracker`] and
//! connects to `peer_set` random members (a member accepts up to twice that
//! many). A connection is an unchoked uploader → downloader pair; it carries
//! one piece at a time, back to back (request pipelining hides the gap), and
//! the downloader picks each piece rarest-first among those the uploader
//! has and it neither has nor is fetching elsewhere. When a downloader wants
//! nothing more from its uploader the connection closes; an uploader left
//! with nobody to serve unchokes an interested neighbour at once (clients
//! re-run the choker when an unchoked peer loses interest). Every `rechoke` period each peer
//! chooses whom to serve ([`super::choke`]); a choked connection finishes
//! its piece and then hands its slot to a newly chosen peer, so no piece is
//! cut in half by a choke and no peer uploads to more than `upload_slots`
//! peers at once. A peer with few
//! neighbours left announces again, and so does a seed (the server, or a
//! peer that finished and stays) with fewer interested neighbours than
//! upload slots; two seeds drop their link. Finished peers seed or leave
//! (`stay_to_seed`); a churning peer leaves after a random number of pieces,
//! and the pieces in flight to and from it are lost.

use super::choke::{self, Candidate};
use super::flows::{Finish, FlowNet};
use super::neighbours::Neighbours;
use super::pieces::{PieceMap, PieceOrder};
use super::slab::Slab;
use super::tracker::Tracker;
use crate::engine::EventQueue;
use crate::rng::Rng;
use crate::time::SimTime;
use crate::trace::{HASH_START, fold_word};
use serde::{Deserialize, Serialize};

/// The server's node id; peers are 1, 2, ...
pub const SERVER: u32 = 0;

/// How the file reaches the peers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The server sends the whole file to every client.
    Cs,
    /// A BitTorrent-like swarm with the server as the first seed.
    #[default]
    P2p,
}

/// Where a peer is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerState {
    /// Not arrived yet (a flash crowd's peer before its time).
    Waiting,
    Downloading,
    /// Has the whole file and stays to upload it.
    Seeding,
    /// Has the whole file and is done (left the swarm, or a client).
    Done,
    /// Left before finishing (churn).
    Quit,
}

/// The swarm's settings in the simulator's units.
#[derive(Clone, Debug)]
pub struct Config {
    pub mode: Mode,
    /// Every peer that will ever arrive (flash crowd included).
    pub peers: u32,
    pub file_bytes: u64,
    pub piece_bytes: u32,
    pub server_up_bps: u64,
    pub peer_up_bps: u64,
    pub peer_down_bps: u64,
    pub upload_slots: u32,
    pub rechoke: SimTime,
    pub optimistic: SimTime,
    pub stay_to_seed: bool,
    /// Probability that a peer leaves mid-download.
    pub churn: f64,
    /// Neighbours a peer asks the tracker for.
    pub peer_set: u32,
}

impl Config {
    pub fn pieces(&self) -> u32 {
        self.file_bytes.div_ceil(self.piece_bytes as u64) as u32
    }

    /// The server unchokes enough peers to fill its uplink even when each
    /// download is capped by the peer's downlink.
    pub fn server_slots(&self) -> u32 {
        let fill = self.server_up_bps.div_ceil(self.peer_down_bps.max(1));
        self.upload_slots.max(fill.min(u32::MAX as u64) as u32)
    }
}

/// Running totals of a distribution (bytes of whole pieces unless named).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Tally {
    pub bytes_from_server: u64,
    pub bytes_from_peers: u64,
    /// Bytes of pieces cut off by a departure (lost, sent again later).
    pub bytes_aborted: u64,
    /// Bytes the churned peers held when they left.
    pub bytes_held_by_quitters: u64,
    pub finished: u32,
    pub quit: u32,
    pub downloading: u32,
    pub waiting: u32,
    pub server_alive: bool,
    /// When the live peers first held every piece between them.
    pub full_copy_at: Option<SimTime>,
    pub last_finish: Option<SimTime>,
    /// Sum over finished peers of (finish − arrival), ns.
    pub download_ns_sum: u128,
}

impl Tally {
    /// A peer that arrived at `joined` has the whole file at `now`.
    pub(crate) fn record_finish(&mut self, now: SimTime, joined: SimTime) {
        self.finished += 1;
        self.downloading -= 1;
        self.last_finish = Some(now);
        self.download_ns_sum += (now - joined).as_nanos() as u128;
    }
}

#[derive(Clone, Copy, Debug)]
enum Event {
    Join(u32),
    FlowDone { flow: u32, version: u64 },
    Rechoke(u32),
    ServerFails,
}

impl From<Finish> for Event {
    fn from(f: Finish) -> Event {
        Event::FlowDone {
            flow: f.flow,
            version: f.version,
        }
    }
}

/// An unchoked uploader → downloader pair and the piece it carries.
#[derive(Clone, Copy, Debug)]
struct Conn {
    from: u32,
    to: u32,
    /// Index in the uploader's `uploads`.
    pos: u32,
    flow: u32,
    piece: u32,
    /// Choked: closes when its piece is done.
    choked: bool,
}

/// In the order a finished piece reads it, from a cache line's start: its
/// first 64 bytes are what the piece and the receiver's `fill_slots` read,
/// the next what it credits (`Neighbours` starts with its received pieces)
/// and whom it scans. Left to the compiler (160 bytes, not aligned), those
/// fields were spread over three lines of the 10,000 peers' (`perf`,
/// 2026-12-06: `held` alone was 12% of `run_until`'s samples).
#[derive(Clone, Debug)]
#[repr(C, align(64))]
struct Peer {
    state: PeerState,
    slots: u32,
    held: u32,
    /// Leaves (churn) on receiving this many pieces; `u32::MAX`: never.
    quit_after: u32,
    uploads: Vec<u32>,
    /// Chosen at the last choking round, waiting for a slot (a choked
    /// connection gives its slot up when its piece is done).
    chosen: Vec<u32>,
    neighbours: Neighbours,
    optimistic: Option<u32>,
    next_optimistic: SimTime,
    joined_at: SimTime,
}

impl Peer {
    fn new(state: PeerState, slots: u32) -> Peer {
        Peer {
            state,
            slots,
            neighbours: Neighbours::default(),
            uploads: Vec::new(),
            held: 0,
            quit_after: u32::MAX,
            optimistic: None,
            next_optimistic: SimTime::ZERO,
            chosen: Vec::new(),
            joined_at: SimTime::ZERO,
        }
    }

    fn in_swarm(&self) -> bool {
        matches!(self.state, PeerState::Downloading | PeerState::Seeding)
    }
}

/// A transfer in progress, for drawing.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Transfer {
    pub from: u32,
    pub to: u32,
    pub piece: u32,
    pub rate_bps: u64,
    /// Fraction of the piece delivered.
    pub progress: f64,
}

/// The distribution's state and its event queue.
pub struct Swarm {
    cfg: Config,
    order: PieceOrder,
    queue: EventQueue<Event>,
    rng: Rng,
    net: FlowNet,
    pieces: PieceMap,
    tracker: Tracker,
    peers: Vec<Peer>,
    conns: Slab<Conn>,
    npieces: u32,
    tally: Tally,
    hash: u64,
    /// Since when nothing has moved (no connection open).
    quiet_since: Option<SimTime>,
    /// Reused lists of neighbours (a choking round's interested ones, a
    /// peer's to serve at random), so the rounds allocate nothing.
    interested: Vec<Candidate>,
    to_serve: Vec<u32>,
}

impl Swarm {
    /// A swarm with the server alone; peers come with
    /// [`schedule_join`](Self::schedule_join).
    pub fn new(cfg: Config, seed: u64) -> Swarm {
        let npieces = cfg.pieces();
        let nodes = cfg.peers as usize + 1;
        let p2p = cfg.mode == Mode::P2p;
        let mut net = FlowNet::default();
        net.add_node(cfg.server_up_bps, 0);
        let peer_slots = if p2p && cfg.peer_up_bps > 0 {
            cfg.upload_slots
        } else {
            0
        };
        let mut peers = vec![Peer::new(PeerState::Seeding, cfg.server_slots())];
        for _ in 0..cfg.peers {
            net.add_node(cfg.peer_up_bps, cfg.peer_down_bps);
            peers.push(Peer::new(PeerState::Waiting, peer_slots));
        }
        let mut pieces = PieceMap::new(nodes, npieces);
        pieces.give_all(SERVER);
        let mut tracker = Tracker::new(nodes);
        let mut queue = EventQueue::new();
        if p2p {
            tracker.seeding(SERVER);
            queue.schedule_at(SimTime::ZERO, Event::Rechoke(SERVER));
        }
        Swarm {
            order: if p2p {
                PieceOrder::RarestFirst
            } else {
                PieceOrder::Sequential
            },
            queue,
            rng: Rng::new(seed),
            net,
            pieces,
            tracker,
            peers,
            conns: Slab::default(),
            npieces,
            tally: Tally {
                waiting: cfg.peers,
                server_alive: true,
                ..Tally::default()
            },
            hash: HASH_START,
            quiet_since: None,
            interested: Vec::new(),
            to_serve: Vec::new(),
            cfg,
        }
    }

    /// Peer `peer` (1-based) arrives at `at`.
    pub fn schedule_join(&mut self, peer: u32, at: SimTime) {
        self.queue.schedule_at(at, Event::Join(peer));
    }

    pub fn schedule_server_failure(&mut self, at: SimTime) {
        self.queue.schedule_at(at, Event::ServerFails);
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }
    pub fn now(&self) -> SimTime {
        self.queue.now()
    }
    pub fn tally(&self) -> &Tally {
        &self.tally
    }
    pub fn pieces(&self) -> u32 {
        self.npieces
    }
    /// Events processed (stale flow finishes included).
    pub fn events(&self) -> u64 {
        self.queue.events_processed()
    }
    /// Hash of every piece delivery, finish and departure so far.
    pub fn hash(&self) -> u64 {
        self.hash
    }
    /// Pieces no live peer holds (what the swarm lacks without the server).
    pub fn pieces_unheld(&self) -> u32 {
        self.pieces.unheld()
    }
    /// Upload capacity in use by the server, by the peers, bits/s.
    pub fn upload_in_use(&self) -> (u64, u64) {
        let server = self.net.up_in_use(SERVER);
        (server, self.net.total_in_use() - server)
    }
    pub fn peer_state(&self, peer: u32) -> PeerState {
        self.peers[peer as usize].state
    }
    pub fn pieces_held(&self, peer: u32) -> u32 {
        self.peers[peer as usize].held
    }
    /// Whether peer `peer` holds piece `p`.
    pub fn has_piece(&self, peer: u32, p: u32) -> bool {
        self.pieces.has(peer, p)
    }

    /// The transfers in progress.
    pub fn transfers(&self) -> impl Iterator<Item = Transfer> + '_ {
        let now = self.now();
        self.net.flows().map(move |(_, f)| Transfer {
            from: f.from,
            to: f.to,
            piece: self.conns[f.tag].piece,
            rate_bps: f.rate(),
            progress: f.bits_done(now) as f64 / f.bits as f64,
        })
    }

    /// Whether the run is over: nobody is left to arrive, and every peer has
    /// finished or left, or no peer can finish any more (the server is gone
    /// and the peers cannot rebuild the file, or nothing has moved for two
    /// choking periods).
    pub fn is_done(&self) -> bool {
        self.tally.waiting == 0 && (self.tally.downloading == 0 || self.is_stuck())
    }

    /// Whether the peers still downloading can never finish.
    pub fn is_stuck(&self) -> bool {
        let copy_lost = !self.tally.server_alive
            && (self.cfg.mode == Mode::Cs || self.cfg.peer_up_bps == 0 || self.pieces.unheld() > 0);
        let still = self
            .quiet_since
            .is_some_and(|t| self.now() >= t.saturating_add(self.cfg.rechoke + self.cfg.rechoke));
        copy_lost || still
    }

    /// The time of the next event, once the rates changed at this instant
    /// are settled.
    pub fn next_event_time(&mut self) -> Option<SimTime> {
        self.settle();
        self.queue.peek_time()
    }

    /// Runs the next event; false if there is none.
    pub fn process_next(&mut self) -> bool {
        self.settle();
        let Some((_, ev)) = self.queue.pop() else {
            return false;
        };
        match ev {
            Event::Join(d) => self.join(d),
            Event::FlowDone { flow, version } => {
                if self.net.is_current(flow, version) {
                    self.piece_done(flow);
                }
            }
            Event::Rechoke(u) => self.rechoke(u),
            Event::ServerFails => {
                self.peers[SERVER as usize].state = PeerState::Done;
                self.tally.server_alive = false;
                self.depart(SERVER);
            }
        }
        true
    }

    /// Recomputes the rates changed at this instant once every event of the
    /// instant has run.
    fn settle(&mut self) {
        self.net.settle(&mut self.queue, Event::from);
    }

    fn schedule_finish(&mut self, finish: Option<Finish>) {
        if let Some(f) = finish {
            self.queue.schedule_at(f.at, Event::from(f));
        }
    }

    fn join(&mut self, d: u32) {
        let now = self.now();
        let peer = &mut self.peers[d as usize];
        peer.state = PeerState::Downloading;
        peer.joined_at = now;
        self.tally.waiting -= 1;
        self.tally.downloading += 1;
        if self.cfg.churn > 0.0 && self.npieces >= 2 && self.rng.bernoulli(self.cfg.churn) {
            self.peers[d as usize].quit_after = 1 + self.rng.below(self.npieces as u64 - 1) as u32;
        }
        match self.cfg.mode {
            Mode::Cs => {
                if self.tally.server_alive {
                    self.open(SERVER, d);
                }
            }
            Mode::P2p => {
                self.announce(d);
                self.tracker.join(d);
                let phase = self.rng.below(self.cfg.rechoke.as_nanos().max(1));
                self.queue
                    .schedule_at(now + SimTime::from_nanos(phase), Event::Rechoke(d));
            }
        }
    }

    /// `d` asks the tracker for neighbours up to `peer_set`.
    fn announce(&mut self, d: u32) {
        let most = 2 * self.cfg.peer_set as usize;
        let want =
            (self.cfg.peer_set as usize).saturating_sub(self.peers[d as usize].neighbours.len());
        let mut added = Vec::with_capacity(want);
        for _ in 0..4 * want {
            if added.len() == want {
                break;
            }
            let Some(v) = self.tracker.sample(self.is_seed(d), &mut self.rng) else {
                break;
            };
            if v == d || self.peers[v as usize].neighbours.len() >= most || self.is_neighbour(d, v)
            {
                continue;
            }
            self.peers[d as usize].neighbours.push(v);
            self.peers[v as usize].neighbours.push(d);
            added.push(v);
        }
        for v in added {
            self.fill_slots(v);
        }
        self.fill_slots(d);
    }

    fn is_seed(&self, node: u32) -> bool {
        self.peers[node as usize].state == PeerState::Seeding
    }

    fn unlink(&mut self, a: u32, b: u32) {
        self.peers[a as usize].neighbours.remove(b);
        self.peers[b as usize].neighbours.remove(a);
    }

    fn is_neighbour(&self, a: u32, b: u32) -> bool {
        self.peers[a as usize].neighbours.contains(b)
    }

    fn has_conn(&self, from: u32, to: u32) -> bool {
        self.peers[from as usize]
            .uploads
            .iter()
            .any(|&c| self.conns[c].to == to)
    }

    /// `u` fills its free upload slots with the peers its last choking
    /// round chose; if it still uploads to nobody, with interested
    /// neighbours at random. (A peer that uploads to anyone already uses
    /// its whole uplink, so a scan of its neighbours for more can wait for
    /// the next round; this keeps the scans, the costly part, rare.)
    fn fill_slots(&mut self, u: u32) {
        if !self.peers[u as usize].in_swarm() {
            return;
        }
        let slots = self.peers[u as usize].slots as usize;
        while self.peers[u as usize].uploads.len() < slots {
            let Some(v) = self.peers[u as usize].chosen.pop() else {
                break;
            };
            if self.is_neighbour(u, v) && !self.has_conn(u, v) {
                self.open(u, v);
            }
        }
        let peer = &self.peers[u as usize];
        if !peer.uploads.is_empty() || (u != SERVER && peer.held == 0) {
            return;
        }
        // `u` uploads to nobody: no neighbour has a connection from it.
        let mut interested = std::mem::take(&mut self.to_serve);
        interested.clear();
        interested.extend(
            (peer.neighbours.ids().iter())
                .copied()
                .filter(|&v| self.pieces.wants_from(v, u)),
        );
        while self.peers[u as usize].uploads.len() < slots && !interested.is_empty() {
            let v = interested.swap_remove(self.rng.below(interested.len() as u64) as usize);
            self.open(u, v);
        }
        self.to_serve = interested;
    }

    /// Opens a connection `u` → `d` carrying the piece `d` picks, if any.
    fn open(&mut self, u: u32, d: u32) -> bool {
        let Some(piece) = self.pick(u, d) else {
            return false;
        };
        let uploads = &mut self.peers[u as usize].uploads;
        let c = self.conns.insert(Conn {
            from: u,
            to: d,
            pos: uploads.len() as u32,
            flow: 0,
            piece,
            choked: false,
        });
        uploads.push(c);
        self.send(c, piece);
        true
    }

    fn pick(&mut self, u: u32, d: u32) -> Option<u32> {
        let start = match self.order {
            PieceOrder::RarestFirst => self.rng.below(self.npieces as u64) as u32,
            PieceOrder::Sequential => 0,
        };
        self.pieces.pick(d, u, self.order, start)
    }

    fn send(&mut self, c: u32, piece: u32) {
        let (u, d) = (self.conns[c].from, self.conns[c].to);
        self.pieces.set_inflight(d, piece, true);
        let now = self.now();
        let flow = self.net.start(u, d, 8 * self.piece_bytes(piece), c, now);
        let conn = &mut self.conns[c];
        conn.flow = flow;
        conn.piece = piece;
        self.quiet_since = None;
    }

    fn piece_bytes(&self, p: u32) -> u64 {
        let size = self.cfg.piece_bytes as u64;
        if p + 1 == self.npieces {
            self.cfg.file_bytes - size * (self.npieces as u64 - 1)
        } else {
            size
        }
    }

    fn piece_done(&mut self, flow: u32) {
        let now = self.now();
        // A connection's id is its flow's: the two slabs are filled and
        // emptied in step (`open` then `send`; `finish` or `abort` then
        // `close`), so the connection is read without waiting for the
        // flow's `tag`, a cache miss, and both misses overlap.
        let c = flow;
        debug_assert_eq!(self.net.flow(flow).tag, c);
        let Conn {
            from: u,
            to: d,
            piece: p,
            choked,
            ..
        } = self.conns[c];
        self.pieces.receive(d, p);
        if self.tally.full_copy_at.is_none() && self.pieces.unheld() == 0 {
            self.tally.full_copy_at = Some(now);
        }
        let bytes = self.piece_bytes(p);
        if u == SERVER {
            self.tally.bytes_from_server += bytes;
        } else {
            self.tally.bytes_from_peers += bytes;
        }
        let peer = &mut self.peers[d as usize];
        peer.held += 1;
        // A piece is at most `piece_bytes` (u32).
        peer.neighbours.credit(u, bytes as u32);
        self.fold(&[now.as_nanos(), d as u64, p as u64, u as u64]);
        // The connection carries on with the next piece, or gives its slot up.
        match if choked { None } else { self.pick(u, d) } {
            Some(next) => {
                self.pieces.set_inflight(d, next, true);
                self.conns[c].piece = next;
                let finish = self.net.renew(flow, 8 * self.piece_bytes(next), now);
                self.schedule_finish(finish);
            }
            None => {
                self.net.finish(flow);
                self.close(c);
                self.fill_slots(u);
            }
        }
        let held = self.peers[d as usize].held;
        if held == self.npieces {
            self.finish(d);
        } else if held == self.peers[d as usize].quit_after {
            self.quit(d);
        }
        self.fill_slots(d);
    }

    fn finish(&mut self, d: u32) {
        let now = self.now();
        let joined = self.peers[d as usize].joined_at;
        self.tally.record_finish(now, joined);
        self.fold(&[now.as_nanos(), d as u64, u64::MAX]);
        if self.cfg.mode == Mode::P2p && self.cfg.stay_to_seed {
            // Two seeds have nothing to trade: drop those links, leaving
            // room on both sides for peers that still download.
            self.peers[d as usize].state = PeerState::Seeding;
            self.tracker.seeding(d);
            let seeds: Vec<u32> = (self.peers[d as usize].neighbours.ids().iter())
                .copied()
                .filter(|&v| self.is_seed(v))
                .collect();
            for v in seeds {
                self.unlink(d, v);
            }
        } else {
            self.peers[d as usize].state = PeerState::Done;
            self.depart(d);
        }
    }

    fn quit(&mut self, d: u32) {
        let held_bytes = (0..self.npieces)
            .filter(|&p| self.pieces.has(d, p))
            .map(|p| self.piece_bytes(p))
            .sum::<u64>();
        let t = &mut self.tally;
        t.quit += 1;
        t.downloading -= 1;
        t.bytes_held_by_quitters += held_bytes;
        self.peers[d as usize].state = PeerState::Quit;
        self.fold(&[self.now().as_nanos(), d as u64, u64::MAX - 1]);
        self.depart(d);
    }

    /// `d` leaves: its links and connections go, the pieces in flight to and
    /// from it are lost, and its uploaders serve someone else.
    fn depart(&mut self, d: u32) {
        self.tracker.leave(d);
        for n in self.peers[d as usize].neighbours.take_ids() {
            self.peers[n as usize].neighbours.remove(d);
        }
        let incoming: Vec<u32> = self
            .net
            .incoming(d)
            .iter()
            .map(|&f| self.net.flow(f).tag)
            .collect();
        let mut uploaders = Vec::with_capacity(incoming.len());
        for c in incoming {
            if !self.conns[c].choked {
                uploaders.push(self.conns[c].from);
            }
            self.abort(c);
        }
        for c in self.peers[d as usize].uploads.clone() {
            self.abort(c);
        }
        if d != SERVER {
            self.pieces.forget_holder(d);
        }
        for u in uploaders {
            self.fill_slots(u);
        }
    }

    fn abort(&mut self, c: u32) {
        let Conn {
            to, piece, flow, ..
        } = self.conns[c];
        let (_, bits_done) = self.net.abort(flow, self.now());
        self.tally.bytes_aborted += bits_done / 8;
        self.pieces.set_inflight(to, piece, false);
        self.close(c);
    }

    fn close(&mut self, c: u32) {
        let conn = self.conns.remove(c);
        let uploads = &mut self.peers[conn.from as usize].uploads;
        uploads.swap_remove(conn.pos as usize);
        if let Some(&moved) = uploads.get(conn.pos as usize) {
            self.conns[moved].pos = conn.pos;
        }
        if self.conns.is_empty() {
            self.quiet_since = Some(self.now());
        }
    }

    /// `u`'s choking round: announce again if short of neighbours, then
    /// choose whom to serve until the next round.
    fn rechoke(&mut self, u: u32) {
        let now = self.now();
        let state = self.peers[u as usize].state;
        if !self.peers[u as usize].in_swarm() {
            return;
        }
        self.peers[u as usize].neighbours.settle_credit();
        self.queue
            .schedule_at(now + self.cfg.rechoke, Event::Rechoke(u));
        if state == PeerState::Downloading
            && self.peers[u as usize].neighbours.len() < (self.cfg.peer_set as usize).div_ceil(2)
        {
            self.announce(u);
        }
        let slots = self.peers[u as usize].slots as usize;
        if slots == 0 {
            return;
        }
        let mut interested = std::mem::take(&mut self.interested);
        self.interested_in(u, &mut interested);
        if state == PeerState::Seeding && interested.len() < slots {
            // A seed short of peers to serve asks the tracker for more.
            self.announce(u);
            self.interested_in(u, &mut interested);
        }
        let peer = &self.peers[u as usize];
        let rotate = now >= peer.next_optimistic;
        let keep = if rotate { None } else { peer.optimistic };
        let unchoke = choke::choose(
            &mut interested,
            slots,
            state == PeerState::Seeding,
            keep,
            &mut self.rng,
        );
        self.interested = interested;
        let peer = &mut self.peers[u as usize];
        if rotate {
            peer.next_optimistic = now + self.cfg.optimistic;
        }
        peer.optimistic = unchoke.optimistic;
        peer.neighbours.reset_credit();
        for &c in &peer.uploads {
            let conn = &mut self.conns[c];
            conn.choked = !unchoke.peers.contains(&conn.to);
        }
        // Best last: `fill_slots` takes them from the end.
        let mut chosen = unchoke.peers;
        chosen.retain(|&v| !self.has_conn(u, v));
        chosen.reverse();
        self.peers[u as usize].chosen = chosen;
        self.fill_slots(u);
    }

    /// `u`'s neighbours that want a piece from it, into `out`.
    fn interested_in(&self, u: u32, out: &mut Vec<Candidate>) {
        out.clear();
        out.extend(
            (self.peers[u as usize].neighbours.iter())
                .filter(|&(peer, _)| self.pieces.wants_from(peer, u))
                .map(|(peer, sent_to_us_bits)| Candidate {
                    peer,
                    sent_to_us_bits,
                }),
        );
    }

    fn fold(&mut self, words: &[u64]) {
        self.hash = words.iter().copied().fold(self.hash, fold_word);
    }
}
